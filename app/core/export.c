/* export: the meeting's data out as CSV, JSON and a one-page HTML report (contract in
 * export.h).
 *
 * Everything is streamed: the store walks a table (store_each_*) and each row is written
 * as it comes, so 100,000 rows need no more memory than one (the participant list, which
 * is sorted by name, is the only thing collected).
 *
 * One description of each table's columns serves every format: a row function calls
 * emit_text / emit_int / emit_bool / emit_time / emit_clock once per column, and the Emit
 * it is given turns that into a CSV cell, a JSON member, or (in header mode) the column's
 * name. The CSV header and the JSON keys therefore cannot drift apart from the values.
 *
 * Every time a record keeps comes with the clock it was made by (store.h, StoreClock): a
 * Raspberry Pi without network may boot days off, so each time column is followed by its
 * clock (CSV "clock": synced, confirmed, set, untrusted, or empty when unknown; JSON
 * "clock" and "clock_trusted"), and the report says how many records of the meeting were
 * made while the clock could not be trusted.
 *
 * Files are written under a temporary name beside the target, fsynced, renamed over the
 * target and the directory fsynced: whoever pulls the USB stick finds either the old file
 * or the whole new one under the final name, never half of one.
 */
#include "core/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/text.h"

#define EXPORT_PATH_MAX     4096
#define EXPORT_MIN_GROUP    5    /* default smallest breakdown shown */
#define EXPORT_TEXT_FIX_MAX 4096 /* bytes for a cell whose invalid UTF-8 was repaired */
#define HIST_MAX_BUCKETS    36   /* bars in the check-in chart, at most */

/* ---- Messages ------------------------------------------------------------------- */

static void put_err(char *err, size_t errcap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void put_err(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    if (vsnprintf(err, errcap, fmt, ap) < 0) {
        err[0] = '\0';
    }
    va_end(ap);
}

/* ---- Output files: temporary name, fsync, rename, fsync the directory ------------- */

typedef struct Out {
    FILE *f;
    char path[EXPORT_PATH_MAX]; /* the final name */
    char tmp[EXPORT_PATH_MAX];  /* the temporary name beside it */
    int err;                    /* errno of the first failed write; 0 while all is well */
} Out;

/* The directory part of path ("." when there is none) into dir. */
static void dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(dir, cap, ".");
    } else if (slash == path) {
        snprintf(dir, cap, "/");
    } else {
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
    }
}

/* Creates the temporary file beside path. Returns 0, or -1 with "PATH: why" in err. */
static int out_open(Out *o, const char *path, char *err, size_t errcap)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (n == 0 || n + 32 >= sizeof o->path) {
        put_err(err, errcap, "%s: the path is empty or too long", path);
        return -1;
    }
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        put_err(err, errcap, "%s: names a directory; give a file name", path);
        return -1;
    }
    memcpy(o->path, path, n + 1);
    int prefix = slash ? (int)(slash - path) + 1 : 0;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; attempt++) {
        unsigned char r[6] = {0};
        if (ids_os_random(NULL, r, sizeof r) != 0) {
            int64_t t = ids_monotonic_ms() + attempt;
            memcpy(r, &t, sizeof r < sizeof t ? sizeof r : sizeof t);
        }
        snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.tmp-%02x%02x%02x%02x%02x%02x", prefix, path, base,
                 r[0], r[1], r[2], r[3], r[4], r[5]);
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) {
            break;
        }
    }
    if (fd < 0) {
        int e = errno;
        char dir[EXPORT_PATH_MAX];
        dir_of(path, dir, sizeof dir);
        put_err(err, errcap, "%s: cannot create a file in %s: %s", path, dir, strerror(e));
        return -1;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        put_err(err, errcap, "%s: %s", path, strerror(e));
        return -1;
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return 0;
}

static void out_write(Out *o, const void *data, size_t n)
{
    if (o->err || n == 0) {
        return;
    }
    errno = 0;
    if (fwrite(data, 1, n, o->f) != n) {
        o->err = errno ? errno : EIO;
    }
}

static void out_puts(Out *o, const char *s)
{
    out_write(o, s, strlen(s));
}

static void out_printf(Out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* For numbers and markup only: text of unknown length goes through out_puts. */
static void out_printf(Out *o, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0) {
        out_write(o, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
    }
}

/* Drops the temporary file; the target is untouched. */
static void out_abort(Out *o)
{
    if (o->f) {
        fclose(o->f);
        o->f = NULL;
    }
    if (o->tmp[0]) {
        unlink(o->tmp);
        o->tmp[0] = '\0';
    }
}

/* Makes the file durable under its final name. Returns 0, or -1 with "PATH: why". */
static int out_commit(Out *o, char *err, size_t errcap)
{
    int e = o->err;
    if (!e && fflush(o->f) != 0) {
        e = errno;
    }
    /* The data must be on the medium before the name points at it. */
    if (!e && fsync(fileno(o->f)) != 0) {
        e = errno;
    }
    if (fclose(o->f) != 0 && !e) {
        e = errno;
    }
    o->f = NULL;
    if (!e && rename(o->tmp, o->path) != 0) {
        e = errno;
    }
    if (e) {
        unlink(o->tmp);
        o->tmp[0] = '\0';
        put_err(err, errcap, "%s: cannot write: %s", o->path, strerror(e ? e : EIO));
        return -1;
    }
    o->tmp[0] = '\0';
    /* And the rename itself must be on the medium: fsync the directory. Filesystems that
     * cannot sync a directory say EINVAL; there the rename is as durable as it gets. */
    char dir[EXPORT_PATH_MAX];
    dir_of(o->path, dir, sizeof dir);
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL && errno != ENOTSUP)) {
        e = errno;
        if (dfd >= 0) {
            close(dfd);
        }
        put_err(err, errcap, "%s: written, but its directory could not be synced: %s", o->path,
                strerror(e));
        return -1;
    }
    close(dfd);
    return 0;
}

/* ---- Text helpers --------------------------------------------------------------- */

/* text itself when it is valid UTF-8; otherwise a copy in buf with each invalid byte
 * replaced by U+FFFD, so no export ever carries bytes a reader cannot decode. (The store
 * keeps only valid text; this guards against databases written by other tools.) */
static const char *valid_text(const char *text, char *buf, size_t cap)
{
    size_t n = strlen(text);
    if (text_valid_utf8(text, n)) {
        return text;
    }
    size_t w = 0;
    for (size_t i = 0; i < n && w + 4 < cap;) {
        uint32_t cp = 0;
        size_t k = text_decode(text + i, n - i, &cp);
        if (k == 0) {
            memcpy(buf + w, "\xEF\xBF\xBD", 3);
            w += 3;
            i++;
        } else {
            memcpy(buf + w, text + i, k);
            w += k;
            i += k;
        }
    }
    buf[w] = '\0';
    return buf;
}

/* Local time of ms as ISO 8601 with the UTC offset: "2026-11-26T09:05:12+01:00", or to the
 * minute "2026-11-26T09:05+01:00". "" if the time cannot be represented. */
static void iso_local(int64_t ms, bool to_minute, char *out, size_t cap)
{
    int64_t sec = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
    time_t t = (time_t)sec;
    struct tm tm;
    char z[16];
    out[0] = '\0';
    if (!localtime_r(&t, &tm) || strftime(z, sizeof z, "%z", &tm) != 5) {
        return;
    }
    size_t n = strftime(out, cap, to_minute ? "%Y-%m-%dT%H:%M" : "%Y-%m-%dT%H:%M:%S", &tm);
    if (n == 0 || n + 7 > cap) {
        out[0] = '\0';
        return;
    }
    snprintf(out + n, cap - n, "%.3s:%.2s", z, z + 3);
}

static const char *scale_name(EventScale s)
{
    return s == EVENT_SCALE_NPS ? "nps" : "smileys";
}

static const char *table_name(ExportTable t)
{
    switch (t) {
    case EXPORT_CHECKINS: return "checkins";
    case EXPORT_ATTENDEES: return "attendees";
    case EXPORT_RATINGS: return "ratings";
    case EXPORT_REFLECTIONS: return "reflections";
    case EXPORT_PARTICIPANTS: return "participants";
    case EXPORT_ALL: break;
    }
    return "all";
}

/* ---- One description of each table, for every format --------------------------- */

typedef struct Emit {
    Out *o;
    ExportFormat format; /* EXPORT_CSV or EXPORT_JSON */
    bool header;         /* CSV: write the column names instead of the values */
    int col;             /* CSV: cells written in this row */
    cJSON *obj;          /* JSON: the row being built */
    bool first;          /* JSON: no row of this array written yet */
    bool oom;            /* JSON: an allocation failed */
    const ExportOptions *opt;
    const EventInfo *ev;
} Emit;

/* OWASP's CSV injection rule: a cell starting with one of these is a formula (or becomes
 * one) in Excel, LibreOffice and Google Sheets, so it gets a leading apostrophe. */
static bool csv_needs_neutralising(const char *text)
{
    return text[0] != '\0' && strchr("=+-@\t\r\n", text[0]) != NULL;
}

/* One cell: separator, quoted, inner quotes doubled, formulas neutralised. */
static void csv_cell(Emit *e, const char *text)
{
    char fixed[EXPORT_TEXT_FIX_MAX];
    text = valid_text(text, fixed, sizeof fixed);
    if (e->col++ > 0) {
        out_write(e->o, ";", 1);
    }
    out_write(e->o, "\"", 1);
    if (csv_needs_neutralising(text)) {
        out_write(e->o, "'", 1);
    }
    for (const char *q; (q = strchr(text, '"')) != NULL; text = q + 1) {
        out_write(e->o, text, (size_t)(q - text));
        out_write(e->o, "\"\"", 2);
    }
    out_puts(e->o, text);
    out_write(e->o, "\"", 1);
}

static void json_add(Emit *e, const char *name, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(e->obj, name, item)) {
        cJSON_Delete(item);
        e->oom = true;
    }
}

static void emit_text(Emit *e, const char *name, const char *value)
{
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : value);
    } else {
        char fixed[EXPORT_TEXT_FIX_MAX];
        json_add(e, name, cJSON_CreateString(valid_text(value, fixed, sizeof fixed)));
    }
}

/* Text that may be absent: "" in CSV, null in JSON. */
static void emit_opt_text(Emit *e, const char *name, const char *value)
{
    if (e->format == EXPORT_JSON && value[0] == '\0') {
        json_add(e, name, cJSON_CreateNull());
    } else {
        emit_text(e, name, value);
    }
}

static void emit_int(Emit *e, const char *name, int64_t v)
{
    if (e->format == EXPORT_CSV) {
        char buf[24];
        snprintf(buf, sizeof buf, "%lld", (long long)v);
        csv_cell(e, e->header ? name : buf);
    } else {
        json_add(e, name, cJSON_CreateNumber((double)v));
    }
}

static void emit_bool(Emit *e, const char *name, bool v)
{
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : v ? "yes" : "no");
    } else {
        json_add(e, name, cJSON_CreateBool(v));
    }
}

/* A time: CSV one cell in ISO 8601 local time with offset; JSON that string as `name` and
 * the Unix milliseconds as `name`_ms. ms == 0 means "none": "" / null. */
static void emit_time(Emit *e, const char *name, int64_t ms, bool to_minute)
{
    char iso[48] = "";
    if (ms != 0 && !e->header) {
        iso_local(ms, to_minute, iso, sizeof iso);
    }
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : iso);
        return;
    }
    char ms_name[64];
    snprintf(ms_name, sizeof ms_name, "%s_ms", name);
    json_add(e, name, ms ? cJSON_CreateString(iso) : cJSON_CreateNull());
    json_add(e, ms_name, ms ? cJSON_CreateNumber((double)ms) : cJSON_CreateNull());
}

/* The clock a time was made by, right after that time: CSV one cell, the code of
 * store_clock_code ("" when unknown); JSON that code as `name` and whether it could be
 * trusted as `name`_trusted, both null when unknown (a record from before the store kept
 * it). */
static void emit_clock(Emit *e, const char *name, StoreClock c)
{
    bool known = c != STORE_CLOCK_UNKNOWN;
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : known ? store_clock_code(c) : "");
        return;
    }
    char trusted_name[64];
    snprintf(trusted_name, sizeof trusted_name, "%s_trusted", name);
    json_add(e, name, known ? cJSON_CreateString(store_clock_code(c)) : cJSON_CreateNull());
    json_add(e, trusted_name,
             known ? cJSON_CreateBool(store_clock_trusted(c)) : cJSON_CreateNull());
}

static void row_begin(Emit *e)
{
    e->col = 0;
    if (e->format == EXPORT_JSON) {
        e->obj = cJSON_CreateObject();
        e->oom = e->obj == NULL;
    }
}

/* Ends the row: CRLF in CSV, one line of the array in JSON. Returns non-zero when writing
 * failed, which also stops the store's walk. */
static int row_end(Emit *e)
{
    if (e->format == EXPORT_CSV) {
        out_write(e->o, "\r\n", 2);
        return e->o->err != 0;
    }
    char *text = e->oom ? NULL : cJSON_PrintUnformatted(e->obj);
    cJSON_Delete(e->obj);
    e->obj = NULL;
    if (!text) {
        e->oom = true;
        return 1;
    }
    out_puts(e->o, e->first ? "\n" : ",\n");
    out_puts(e->o, text);
    cJSON_free(text);
    e->first = false;
    return e->o->err != 0;
}

static void row_checkin(Emit *e, const StoreCheckinRow *r)
{
    emit_text(e, "id", r->id);
    emit_time(e, "time", r->at_ms, false);
    emit_clock(e, "clock", r->clock);
    emit_text(e, "attendee_id", r->attendee_id);
    emit_text(e, "name", r->name);
    emit_text(e, "organisation", r->organisation);
    emit_bool(e, "walk_in", r->walk_in);
    emit_text(e, "device", r->device);
    emit_opt_text(e, "reverses", r->reverses);
}

static void row_attendee(Emit *e, const StoreAttendeeRow *r)
{
    emit_text(e, "id", r->id);
    emit_text(e, "name", r->name);
    emit_text(e, "organisation", r->organisation);
    emit_text(e, "role", r->role);
    if (e->opt->with_email) {
        emit_text(e, "email", r->email);
    }
    emit_text(e, "ticket", r->ticket);
    emit_bool(e, "walk_in", r->walk_in);
    emit_bool(e, "consent", r->consent);
    emit_time(e, "checked_in_time", r->checked_in_ms, false);
    /* The clock of that check-in. The attendee row's own (when it was imported or
     * registered) has no time column here; a walk-in's is its check-in's. */
    emit_clock(e, "checked_in_clock", r->checked_in_clock);
    emit_text(e, "device", r->device);
}

static void row_rating(Emit *e, const StoreRatingRow *r)
{
    const EventInfo *ev = e->ev;
    bool known = r->question >= 0 && r->question < ev->question_count;
    emit_text(e, "id", r->id);
    emit_text(e, "token", r->token);
    emit_int(e, "question", r->question + 1);
    emit_text(e, "question_text", known ? ev->questions[r->question].text[LANG_SV] : "");
    emit_int(e, "value", r->value);
    emit_time(e, "time", r->at_ms, true);
    emit_clock(e, "clock", r->clock);
    emit_text(e, "device", r->device);
    emit_bool(e, "flagged", r->flagged);
}

static void row_reflection(Emit *e, const StoreReflectionRow *r)
{
    emit_text(e, "id", r->id);
    emit_text(e, "token", r->token);
    emit_text(e, "text", r->text);
    emit_time(e, "time", r->at_ms, true);
    emit_clock(e, "clock", r->clock);
    emit_text(e, "device", r->device);
    emit_bool(e, "flagged", r->flagged);
}

/* The participant list: people who consented, and only their public details. */
typedef struct Person {
    char *mem; /* owns the strings below: key, name, organisation, role, email */
    const char *key, *name, *organisation, *role, *email;
} Person;

static void row_person(Emit *e, const Person *p)
{
    emit_text(e, "name", p->name);
    emit_text(e, "organisation", p->organisation);
    emit_text(e, "role", p->role);
    emit_text(e, "email", p->email);
}

static int on_checkin(void *ctx, const StoreCheckinRow *r)
{
    row_begin(ctx);
    row_checkin(ctx, r);
    return row_end(ctx);
}

static int on_attendee(void *ctx, const StoreAttendeeRow *r)
{
    row_begin(ctx);
    row_attendee(ctx, r);
    return row_end(ctx);
}

static int on_rating(void *ctx, const StoreRatingRow *r)
{
    row_begin(ctx);
    row_rating(ctx, r);
    return row_end(ctx);
}

static int on_reflection(void *ctx, const StoreReflectionRow *r)
{
    row_begin(ctx);
    row_reflection(ctx, r);
    return row_end(ctx);
}

/* ---- The participant list, sorted by name --------------------------------------- */

typedef struct People {
    Person *v;
    size_t n, cap;
    Lang lang;
    bool oom;
} People;

/* Appends the sort key of text to out: folded (lower case, no diacritics), except that in
 * Swedish å, ä and ö (and æ, ø) are letters of their own after z, as a Swedish reader
 * expects a list to run. Returns the new length. */
static size_t sort_key(Lang lang, const char *text, char *out, size_t len, size_t cap)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n && len + 8 < cap;) {
        uint32_t cp = 0;
        size_t k = text_decode(text + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        char after_z = 0;
        if (lang == LANG_SV) {
            after_z = cp == 0xE5 || cp == 0xC5                               ? '{'
                      : cp == 0xE4 || cp == 0xC4 || cp == 0xE6 || cp == 0xC6 ? '|'
                      : cp == 0xF6 || cp == 0xD6 || cp == 0xF8 || cp == 0xD8 ? '}'
                                                                             : 0;
        }
        if (after_z) {
            out[len++] = after_z;
        } else {
            char one[5] = {0};
            memcpy(one, text + i, k);
            len += text_fold(out + len, cap - len, one);
        }
        i += k;
    }
    out[len] = '\0';
    return len;
}

static int on_person(void *ctx, const StoreAttendeeRow *r)
{
    People *pp = ctx;
    if (!r->consent) {
        return 0;
    }
    if (pp->n == pp->cap) {
        size_t cap = pp->cap ? pp->cap * 2 : 64;
        Person *v = realloc(pp->v, cap * sizeof *v);
        if (!v) {
            pp->oom = true;
            return 1;
        }
        pp->v = v;
        pp->cap = cap;
    }
    char key[4 * ROSTER_FIELD_MAX + 8];
    size_t kl = sort_key(pp->lang, r->name, key, 0, sizeof key);
    key[kl++] = '\x01'; /* name first, then organisation */
    kl = sort_key(pp->lang, r->organisation, key, kl, sizeof key);
    const char *parts[5] = {key, r->name, r->organisation, r->role, r->email};
    size_t len[5], total = 0;
    for (int i = 0; i < 5; i++) {
        len[i] = strlen(parts[i]) + 1;
        total += len[i];
    }
    Person *p = &pp->v[pp->n];
    p->mem = malloc(total);
    if (!p->mem) {
        pp->oom = true;
        return 1;
    }
    const char **dst[5] = {&p->key, &p->name, &p->organisation, &p->role, &p->email};
    char *w = p->mem;
    for (int i = 0; i < 5; i++) {
        memcpy(w, parts[i], len[i]);
        *dst[i] = w;
        w += len[i];
    }
    pp->n++;
    return 0;
}

static int cmp_person(const void *a, const void *b)
{
    const Person *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c == 0) {
        c = strcmp(x->name, y->name);
    }
    return c != 0 ? c : strcmp(x->organisation, y->organisation);
}

static void people_free(People *pp)
{
    for (size_t i = 0; i < pp->n; i++) {
        free(pp->v[i].mem);
    }
    free(pp->v);
    memset(pp, 0, sizeof *pp);
}

/* ---- Writing one table ---------------------------------------------------------- */

/* Writes the rows of table through e (CSV: header row first). Returns 0, or -1 with
 * "PATH: why" in err. */
static int write_rows(Store *s, const char *event_id, ExportTable table, Emit *e, char *err,
                      size_t errcap)
{
    if (e->format == EXPORT_CSV) {
        /* The header: the same row functions in header mode, on an empty row. */
        e->header = true;
        row_begin(e);
        switch (table) {
        case EXPORT_CHECKINS: row_checkin(e, &(StoreCheckinRow){0}); break;
        case EXPORT_ATTENDEES: row_attendee(e, &(StoreAttendeeRow){0}); break;
        case EXPORT_RATINGS: row_rating(e, &(StoreRatingRow){0}); break;
        case EXPORT_REFLECTIONS: row_reflection(e, &(StoreReflectionRow){0}); break;
        case EXPORT_PARTICIPANTS: row_person(e, &(Person){0}); break;
        case EXPORT_ALL: break;
        }
        row_end(e);
        e->header = false;
    }
    StoreStatus st = STORE_OK;
    People people = {.lang = i18n_lang_from_code(e->ev->language)};
    switch (table) {
    case EXPORT_CHECKINS: st = store_each_checkin(s, event_id, on_checkin, e); break;
    case EXPORT_ATTENDEES: st = store_each_attendee_row(s, event_id, on_attendee, e); break;
    case EXPORT_RATINGS: st = store_each_rating(s, event_id, on_rating, e); break;
    case EXPORT_REFLECTIONS: st = store_each_reflection(s, event_id, on_reflection, e); break;
    case EXPORT_PARTICIPANTS:
        st = store_each_attendee_row(s, event_id, on_person, &people);
        if (st == STORE_OK && !people.oom) {
            if (people.n > 1) /* qsort's array may not be NULL, even for no elements */
                qsort(people.v, people.n, sizeof *people.v, cmp_person);
            for (size_t i = 0; i < people.n && !e->oom && !e->o->err; i++) {
                row_begin(e);
                row_person(e, &people.v[i]);
                row_end(e);
            }
        }
        e->oom = e->oom || people.oom;
        people_free(&people);
        break;
    case EXPORT_ALL: break;
    }
    if (st != STORE_OK) {
        put_err(err, errcap, "%s: cannot read the %s from the database: %s (%s)", e->o->path,
                table_name(table), store_status_text(st), store_last_error(s));
        return -1;
    }
    if (e->oom) {
        put_err(err, errcap, "%s: out of memory", e->o->path);
        return -1;
    }
    return 0;
}

/* ---- CSV ------------------------------------------------------------------------ */

static int write_csv_file(Store *s, const char *event_id, const EventInfo *ev,
                          const ExportOptions *opt, ExportTable table, const char *path, char *err,
                          size_t errcap)
{
    Out o;
    if (out_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    /* The BOM tells Excel the file is UTF-8; without it å, ä and ö come out garbled. */
    out_write(&o, "\xEF\xBB\xBF", 3);
    Emit e = {.o = &o, .format = EXPORT_CSV, .opt = opt, .ev = ev};
    if (write_rows(s, event_id, table, &e, err, errcap) != 0) {
        out_abort(&o);
        return -1;
    }
    return out_commit(&o, err, errcap);
}

static const ExportTable CSV_ALL[] = {EXPORT_CHECKINS, EXPORT_ATTENDEES, EXPORT_RATINGS,
                                      EXPORT_REFLECTIONS, EXPORT_PARTICIPANTS};

static int write_csv(Store *s, const char *event_id, const EventInfo *ev, const ExportOptions *opt,
                     const char *path, char *err, size_t errcap)
{
    if (opt->table != EXPORT_ALL) {
        return write_csv_file(s, event_id, ev, opt, opt->table, path, err, errcap);
    }
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT || mkdir(path, 0755) != 0) {
            put_err(err, errcap, "%s: cannot create the directory: %s", path, strerror(errno));
            return -1;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        put_err(err, errcap, "%s: is not a directory (all tables go into a directory)", path);
        return -1;
    }
    for (size_t i = 0; i < sizeof CSV_ALL / sizeof CSV_ALL[0]; i++) {
        if (CSV_ALL[i] == EXPORT_REFLECTIONS && !opt->with_text) {
            continue; /* free text leaves only when asked for */
        }
        char name[256], file[EXPORT_PATH_MAX];
        export_file_name(ev, opt, CSV_ALL[i], name, sizeof name);
        if (snprintf(file, sizeof file, "%s/%s", path, name) >= (int)sizeof file) {
            put_err(err, errcap, "%s: the path is too long", path);
            return -1;
        }
        if (write_csv_file(s, event_id, ev, opt, CSV_ALL[i], file, err, errcap) != 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- JSON ----------------------------------------------------------------------- */

static cJSON *json_event(const EventInfo *ev, const char *event_id)
{
    static const char *const phases[] = {"checkin", "checkin", "feedback", "both"};
    cJSON *o = cJSON_CreateObject();
    bool ok = o != NULL;
    ok = ok && cJSON_AddStringToObject(o, "id", event_id);
    ok = ok && cJSON_AddStringToObject(o, "key", ev->key);
    ok = ok && cJSON_AddStringToObject(o, "title", ev->title);
    ok = ok && cJSON_AddStringToObject(o, "date", ev->date);
    ok = ok && cJSON_AddStringToObject(o, "start_time", ev->start_time);
    ok = ok && cJSON_AddStringToObject(o, "venue", ev->venue);
    ok = ok && cJSON_AddStringToObject(o, "theme", ev->theme);
    ok = ok && cJSON_AddStringToObject(o, "organiser", ev->organiser);
    ok = ok && cJSON_AddStringToObject(o, "language", ev->language);
    ok = ok && cJSON_AddStringToObject(o, "next_meeting", ev->next_meeting);
    ok = ok && cJSON_AddStringToObject(o, "phases",
                                       phases[ev->phases >= 0 && ev->phases <= 3 ? ev->phases : 1]);
    cJSON *qs = ok ? cJSON_AddArrayToObject(o, "questions") : NULL;
    ok = qs != NULL;
    for (int i = 0; ok && i < ev->question_count; i++) {
        cJSON *q = cJSON_CreateObject();
        ok = q && cJSON_AddItemToArray(qs, q);
        if (!ok) {
            cJSON_Delete(q);
            break;
        }
        cJSON *text = NULL;
        ok = cJSON_AddNumberToObject(q, "number", i + 1) &&
             (text = cJSON_AddObjectToObject(q, "text")) != NULL &&
             cJSON_AddStringToObject(text, "sv", ev->questions[i].text[LANG_SV]) &&
             cJSON_AddStringToObject(text, "en", ev->questions[i].text[LANG_EN]) &&
             cJSON_AddStringToObject(q, "scale", scale_name(ev->questions[i].scale));
    }
    cJSON *prompt = ok ? cJSON_AddObjectToObject(o, "reflection_prompt") : NULL;
    ok = prompt && cJSON_AddStringToObject(prompt, "sv", ev->reflection_prompt[LANG_SV]) &&
         cJSON_AddStringToObject(prompt, "en", ev->reflection_prompt[LANG_EN]);
    ok = ok && cJSON_AddNumberToObject(o, "reflection_max", ev->reflection_max);
    ok = ok && cJSON_AddStringToObject(o, "feedback_url", ev->feedback_url);
    ok = ok && cJSON_AddNumberToObject(o, "thanks_seconds", ev->thanks_seconds);
    ok = ok && cJSON_AddNumberToObject(o, "repeat_seconds", ev->repeat_seconds);
    ok = ok && cJSON_AddNumberToObject(o, "retention_days", ev->retention_days);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static int write_json(Store *s, const char *event_id, const EventInfo *ev, const ExportOptions *opt,
                      const char *path, char *err, size_t errcap)
{
    Out o;
    if (out_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    /* The event is small and printed in one go; each table is an array written one row
     * per line as the store hands the rows over. */
    cJSON *event = json_event(ev, event_id);
    char *event_text = event ? cJSON_PrintUnformatted(event) : NULL;
    cJSON_Delete(event);
    if (!event_text) {
        out_abort(&o);
        put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    out_puts(&o, "{\"format\":\"mingel-export\",\"version\":1,\n\"event\":");
    out_puts(&o, event_text);
    cJSON_free(event_text);
    for (size_t i = 0; i < sizeof CSV_ALL / sizeof CSV_ALL[0]; i++) {
        ExportTable t = CSV_ALL[i];
        if ((opt->table != EXPORT_ALL && opt->table != t) ||
            (t == EXPORT_REFLECTIONS && !opt->with_text)) {
            continue;
        }
        out_printf(&o, ",\n\"%s\":[", table_name(t));
        Emit e = {.o = &o, .format = EXPORT_JSON, .first = true, .opt = opt, .ev = ev};
        if (write_rows(s, event_id, t, &e, err, errcap) != 0) {
            out_abort(&o);
            return -1;
        }
        out_puts(&o, e.first ? "]" : "\n]");
    }
    out_puts(&o, "\n}\n");
    return out_commit(&o, err, errcap);
}

/* ---- HTML report ---------------------------------------------------------------- */

typedef enum ReportText {
    R_REPORT,
    R_TURNOUT,
    R_EXPECTED,
    R_CHECKED_IN,
    R_WALK_INS,
    R_SHARE,
    R_OVER_TIME,
    R_PER_MINUTES,
    R_FEEDBACK,
    R_SESSIONS,
    R_ANSWERS,
    R_MEAN,
    R_NPS,
    R_NOT_SHOWN,
    R_NOT_SHOWN_CHECKINS,
    R_FLAGGED,
    R_REFLECTIONS,
    R_NO_REFLECTIONS,
    R_FLAGGED_REFLECTIONS,
    R_CLOCK_ONE,
    R_CLOCK_MANY,
    R_FOOTER,
    R_COUNT
} ReportText;

/* The report's own words ("{}" is filled in). The smiley and NPS words come from the
 * kiosk's catalogue (i18n), so the report says what the attendees saw. */
static const char *const REPORT_TEXT[R_COUNT][LANG_COUNT] = {
    [R_REPORT] = {"Rapport", "Report"},
    [R_TURNOUT] = {"Närvaro", "Attendance"},
    [R_EXPECTED] = {"Anmälda", "Registered"},
    [R_CHECKED_IN] = {"Incheckade", "Checked in"},
    [R_WALK_INS] = {"Varav utan anmälan", "Of whom walk-ins"}, /* the admin screen's words */
    [R_SHARE] = {"Av de anmälda kom", "Of those registered, came"},
    [R_OVER_TIME] = {"Incheckningar över tid", "Check-ins over time"},
    [R_PER_MINUTES] = {"antal per {} minuter", "number per {} minutes"},
    [R_FEEDBACK] = {"Återkoppling", "Feedback"},
    [R_SESSIONS] = {"Antal som svarade vid utgången: {}", "People who answered at the exit: {}"},
    [R_ANSWERS] = {"{} svar", "answers: {}"},
    [R_MEAN] = {"Medelvärde", "Mean"},
    [R_NPS] = {"NPS", "NPS"},
    [R_NOT_SHOWN] = {"Färre än {} svar – visas inte", "Fewer than {} answers — not shown"},
    [R_NOT_SHOWN_CHECKINS] = {"Färre än {} incheckningar – visas inte",
                              "Fewer than {} check-ins — not shown"},
    [R_FLAGGED] = {"Svar från upprepade tryck (någon som tryckte igen direkt efter förra "
                   "svaret), räknade för sig och inte med ovan: {}",
                   "Answers from repeated presses (someone pressing again right after the "
                   "previous answer), counted apart and not included above: {}"},
    [R_REFLECTIONS] = {"Reflektioner", "Reflections"},
    [R_NO_REFLECTIONS] = {"Inga reflektioner.", "No reflections."},
    [R_FLAGGED_REFLECTIONS] = {"Reflektioner från upprepade tryck, som inte visas: {}",
                               "Reflections from repeated presses, not shown: {}"},
    [R_CLOCK_ONE] = {"Obs! 1 post (incheckning eller svar) gjordes medan kioskens klocka varken "
                     "var synkroniserad eller bekräftad: dess tid kan vara fel.",
                     "Note: 1 record (a check-in or an answer) was made while the kiosk's clock "
                     "was neither synchronised nor confirmed: its time may be wrong."},
    [R_CLOCK_MANY] = {"Obs! {} poster (incheckningar och svar) gjordes medan kioskens klocka "
                      "varken var synkroniserad eller bekräftad: deras tider kan vara fel.",
                      "Note: {} records (check-ins and answers) were made while the kiosk's "
                      "clock was neither synchronised nor confirmed: their times may be wrong."},
    [R_FOOTER] = {"Skapad med mingel {}. Fördelningar med färre än {2} svar visas inte, så "
                  "att ingen enskild kan pekas ut.",
                  "Made with mingel {}. Breakdowns of fewer than {2} answers are not shown, "
                  "so that nobody can be singled out."},
};

static const char *rt(Lang lang, ReportText id)
{
    return REPORT_TEXT[id][lang == LANG_EN ? LANG_EN : LANG_SV];
}

/* Text with "{}" (or "{1}") replaced by a1 and "{2}" by a2. */
static void fill2(char *out, size_t cap, const char *tmpl, const char *a1, const char *a2)
{
    size_t w = 0;
    for (const char *p = tmpl; *p && w + 1 < cap;) {
        const char *arg = NULL;
        size_t skip = 0;
        if (strncmp(p, "{}", 2) == 0 || strncmp(p, "{1}", 3) == 0) {
            arg = a1;
            skip = p[1] == '}' ? 2 : 3;
        } else if (strncmp(p, "{2}", 3) == 0) {
            arg = a2;
            skip = 3;
        }
        if (arg) {
            size_t n = strlen(arg);
            n = n < cap - 1 - w ? n : cap - 1 - w;
            memcpy(out + w, arg, n);
            w += n;
            p += skip;
        } else {
            out[w++] = *p++;
        }
    }
    out[w] = '\0';
}

static void fill(char *out, size_t cap, const char *tmpl, const char *arg)
{
    fill2(out, cap, tmpl, arg, "");
}

/* Writes text with &, <, >, " and ' escaped: safe in element content and attributes. */
static void html_text(Out *o, const char *text)
{
    char fixed[EXPORT_TEXT_FIX_MAX];
    text = valid_text(text, fixed, sizeof fixed);
    const char *run = text;
    for (const char *p = text;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': break;
        default: continue;
        }
        out_write(o, run, (size_t)(p - run));
        if (!rep) {
            return;
        }
        out_puts(o, rep);
        run = p + 1;
    }
}

/* An integer as the language writes it: 1 234 (no-break space) or 1,234. */
static void fmt_count(Lang lang, int64_t v, char *out, size_t cap)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    const char *sep = lang == LANG_EN ? "," : "\xC2\xA0";
    size_t n = strlen(digits), w = 0;
    if (v < 0 && w + 1 < cap) {
        out[w++] = '-';
    }
    for (size_t i = 0; i < n && w + 4 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            size_t k = strlen(sep);
            memcpy(out + w, sep, k);
            w += k;
        }
        out[w++] = digits[i];
    }
    out[w] = '\0';
}

/* One decimal, with a decimal comma in Swedish. */
static void fmt_decimal(Lang lang, double v, char *out, size_t cap)
{
    snprintf(out, cap, "%.1f", v);
    char *dot = strchr(out, '.');
    if (dot && lang != LANG_EN) {
        *dot = ',';
    }
}

/* A share in whole percent: "78 %" (Swedish, no-break space) or "78%". */
static void fmt_percent(Lang lang, int64_t part, int64_t whole, char *out, size_t cap)
{
    if (whole <= 0) {
        snprintf(out, cap, "–");
        return;
    }
    long long pct = (long long)(100.0 * (double)part / (double)whole + 0.5);
    snprintf(out, cap, lang == LANG_EN ? "%lld%%" : "%lld\xC2\xA0%%", pct);
}

typedef struct ReportData {
    int64_t expected;      /* pre-registered attendees */
    int64_t checked_in;    /* attendees with an active check-in */
    int64_t walk_ins;      /* of them walk-ins */
    int64_t registered_in; /* of them pre-registered */
} ReportData;

static int on_report_attendee(void *ctx, const StoreAttendeeRow *r)
{
    ReportData *d = ctx;
    if (!r->walk_in) {
        d->expected++;
    }
    if (!r->checked_in_ms) {
        return 0;
    }
    d->checked_in++;
    if (r->walk_in) {
        d->walk_ins++;
    } else {
        d->registered_in++;
    }
    return 0;
}

/* Records of the meeting made while the clock could not be trusted: check-ins (walk-ins'
 * and undos included), ratings, reflections. Unknown clocks (records from before the store
 * kept them) are not counted: nothing says they were wrong. */
static int on_clock_checkin(void *ctx, const StoreCheckinRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static int on_clock_rating(void *ctx, const StoreRatingRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static int on_clock_reflection(void *ctx, const StoreReflectionRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static StoreStatus count_untrusted(Store *s, const char *event_id, int64_t *n)
{
    *n = 0;
    StoreStatus st = store_each_checkin(s, event_id, on_clock_checkin, n);
    if (st == STORE_OK) {
        st = store_each_rating(s, event_id, on_clock_rating, n);
    }
    if (st == STORE_OK) {
        st = store_each_reflection(s, event_id, on_clock_reflection, n);
    }
    return st;
}

typedef struct Refl {
    Out *o;
    int64_t shown, flagged;
} Refl;

static int on_report_reflection(void *ctx, const StoreReflectionRow *r)
{
    Refl *rf = ctx;
    if (r->flagged) {
        rf->flagged++;
        return 0;
    }
    out_puts(rf->o, "<li>");
    html_text(rf->o, r->text);
    out_puts(rf->o, "</li>\n");
    rf->shown++;
    return rf->o->err != 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* The local time "HH:MM" of ms. */
static void hhmm(int64_t ms, char out[8])
{
    time_t t = (time_t)floor_div(ms, 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(out, 8, "%H:%M", &tm) == 0) {
        snprintf(out, 8, "--:--");
    }
}

/* Sizes in rem, so that print (A4, @media print) scales the whole page with one font
 * size; charts are SVG and scale with the width. */
static const char REPORT_CSS[] =
    "@page{size:A4;margin:11mm 13mm}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:15px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0;background:#e9ecf0;color:#1c2430;line-height:1.45;"
    "font-family:\"Noto Sans\",\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
    ".page{max-width:820px;margin:24px auto;background:#fff;padding:2.4rem 2.9rem;"
    "box-shadow:0 1px 6px rgba(0,0,0,.15)}\n"
    "header{border-bottom:3px solid #1f5f8b;padding-bottom:.8rem;margin-bottom:1.1rem}\n"
    ".kicker{margin:0 0 .25rem;font-size:.8rem;font-weight:700;letter-spacing:.1em;"
    "text-transform:uppercase;color:#1f5f8b}\n"
    "h1{margin:0 0 .1rem;font-size:1.8rem;line-height:1.2}\n"
    ".theme{margin:0 0 .35rem;font-size:1.13rem;color:#3a4656}\n"
    ".meta{margin:0;color:#3a4656}\n"
    "h2{margin:0 0 .45rem;font-size:1.13rem;color:#1f5f8b}\n"
    "h3{margin:0 0 .1rem;font-size:.97rem}\n"
    "section{margin:0 0 1.1rem}\n"
    ".tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:.65rem}\n"
    ".tile{border:1px solid #d5dbe3;border-radius:6px;padding:.45rem .8rem}\n"
    ".num{display:block;font-size:1.7rem;font-weight:700;line-height:1.2}\n"
    ".lbl{font-size:.87rem;color:#5a6576}\n"
    ".sub,.note{margin:0 0 .4rem;font-size:.87rem;color:#5a6576}\n"
    ".qs{display:grid;grid-template-columns:1fr 1fr;gap:.9rem 1.6rem}\n"
    ".q{break-inside:avoid}\n"
    ".q h3{min-height:2.9em}\n"
    ".stat{margin:0;font-size:.9rem}\n"
    ".hidden{margin:.4rem 0 0;padding:.65rem .8rem;border-radius:6px;background:#f1f3f6;"
    "color:#5a6576;font-style:italic}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg text{font-family:inherit;fill:#1c2430}\n"
    ".refl ul{margin:0;padding-left:1.2rem;columns:2;column-gap:1.9rem}\n"
    ".refl li{margin:0 0 .25rem;break-inside:avoid}\n"
    ".prompt{margin:0 0 .4rem;font-style:italic;color:#3a4656}\n"
    ".next{margin:0 0 .6rem;font-weight:600;color:#1f5f8b}\n"
    ".clock{margin:0 0 1.1rem;padding:.5rem .8rem;border-left:4px solid #c8453c;"
    "border-radius:0 6px 6px 0;background:#fdf0e6;color:#7a2614;font-weight:700}\n"
    "footer{border-top:1px solid #d5dbe3;padding-top:.4rem;font-size:.77rem;color:#5a6576}\n"
    "@media print{html{font-size:8.6pt}body{background:#fff}"
    ".page{max-width:none;margin:0;padding:0;box-shadow:none}"
    "section{margin-bottom:.8rem;break-inside:avoid}.refl{break-inside:auto}"
    ".clock{margin:0 0 .5rem;padding:.2rem .6rem;font-size:.85rem}"
    ".refl ul{columns:3}.qs{gap:.5rem 1.6rem}}\n";

/* Bar colours: smileys from red to green; NPS detractors, passives, promoters. */
static const char *const SMILEY_COLOUR[5] = {"#c8453c", "#e8964f", "#b9bfc8", "#7cbf72", "#2f8f4e"};

static const char *nps_colour(int v)
{
    return v <= 6 ? "#c8453c" : v <= 8 ? "#b9bfc8" : "#2f8f4e";
}

/* A "not shown" box: too few to show without singling someone out. */
static void html_hidden(Out *o, Lang lang, ReportText id, int min_group)
{
    char n[16], line[256];
    snprintf(n, sizeof n, "%d", min_group);
    fill(line, sizeof line, rt(lang, id), n);
    out_puts(o, "<p class=\"hidden\">");
    html_text(o, line);
    out_puts(o, "</p>\n");
}

/* Whether a column label is split in two lines at its first space ("Mycket dåligt"). */
static bool label_wraps(const char *label, double slot)
{
    return strchr(label, ' ') && text_length(label) > (size_t)(slot / 6.2);
}

/* A column chart: one bar per value, its count above it (none for zero), the label (one
 * or two lines) and the share under it. All shares sit on one line. */
static void svg_columns(Out *o, Lang lang, const int64_t *counts, int n, const char *const *labels,
                        const char *const *colours, double width, const char *aria)
{
    const double top = 20, bar_h = 72, slot = width / n, bw = slot * 0.68;
    int64_t max = 1, total = 0;
    bool wraps = false;
    for (int i = 0; i < n; i++) {
        max = counts[i] > max ? counts[i] : max;
        total += counts[i];
        wraps = wraps || label_wraps(labels[i], slot);
    }
    const double pct_y = top + bar_h + (wraps ? 41 : 28), height = pct_y + 6;
    out_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", width, height);
    html_text(o, aria);
    out_puts(o, "\">\n");
    out_printf(o, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#9aa4b1\"/>\n",
               top + bar_h + 0.5, width, top + bar_h + 0.5);
    for (int i = 0; i < n; i++) {
        double h = counts[i] ? (double)counts[i] / (double)max * (bar_h - 2) : 0;
        h = counts[i] && h < 1.5 ? 1.5 : h;
        double x = slot * i + (slot - bw) / 2, cx = slot * i + slot / 2;
        char c[32], pct[24];
        fmt_count(lang, counts[i], c, sizeof c);
        fmt_percent(lang, counts[i], total, pct, sizeof pct);
        /* The title is what a screen reader (and a hover) gives for the column. */
        out_puts(o, "<g><title>");
        html_text(o, labels[i]);
        out_printf(o, ": %s (%s)</title>\n", c, pct);
        if (counts[i]) {
            out_printf(o,
                       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" "
                       "fill=\"%s\"/>\n",
                       x, top + bar_h - h, bw, h, colours[i]);
            out_printf(o,
                       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                       "font-weight=\"700\">%s</text>\n",
                       cx, top + bar_h - h - 5, c);
        }
        const char *label = labels[i];
        out_printf(o, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11.5\">", cx,
                   top + bar_h + 14);
        if (label_wraps(label, slot)) {
            const char *space = strchr(label, ' ');
            char first[64];
            snprintf(first, sizeof first, "%.*s", (int)(space - label), label);
            html_text(o, first);
            out_printf(o, "<tspan x=\"%.1f\" dy=\"13\">", cx);
            html_text(o, space + 1);
            out_puts(o, "</tspan>");
        } else {
            html_text(o, label);
        }
        out_puts(o, "</text>\n");
        out_printf(o,
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10.5\" "
                   "fill=\"#5a6576\" style=\"fill:#5a6576\">%s</text>\n</g>\n",
                   cx, pct_y, pct);
    }
    out_puts(o, "</svg>\n");
}

static void html_question(Out *o, Lang lang, const EventInfo *ev, int q,
                          const StoreFeedbackStats *fb, int min_group)
{
    const EventQuestion *eq = &ev->questions[q];
    bool nps = eq->scale == EVENT_SCALE_NPS;
    int lo = nps ? 0 : 1, hi = nps ? 10 : 5, n = hi - lo + 1;
    int64_t counts[11] = {0}, total = 0, sum = 0;
    for (int v = lo; v <= hi; v++) {
        counts[v - lo] = fb->counts[q][v];
        total += fb->counts[q][v];
        sum += (int64_t)v * fb->counts[q][v];
    }
    const char *text = eq->text[lang][0] ? eq->text[lang] : eq->text[LANG_SV];
    out_printf(o, "<div class=\"q\">\n<h3>%d. ", q + 1);
    html_text(o, text);
    out_puts(o, "</h3>\n");
    if (total < min_group) {
        html_hidden(o, lang, R_NOT_SHOWN, min_group);
        out_puts(o, "</div>\n");
        return;
    }
    const char *labels[11], *colours[11];
    char numbers[11][12];
    for (int i = 0; i < n; i++) {
        if (nps) {
            snprintf(numbers[i], sizeof numbers[i], "%d", i);
            labels[i] = numbers[i];
            colours[i] = nps_colour(i);
        } else {
            labels[i] = i18n_text(lang, (I18nId)(I18N_SMILEY_1 + i));
            colours[i] = SMILEY_COLOUR[i];
        }
    }
    svg_columns(o, lang, counts, n, labels, colours, 360, text);
    char answers[64], c[32], mean[16], line[256];
    fmt_count(lang, total, c, sizeof c);
    fill(answers, sizeof answers, rt(lang, R_ANSWERS), c);
    fmt_decimal(lang, (double)sum / (double)total, mean, sizeof mean);
    out_puts(o, "<p class=\"stat\"><b>");
    html_text(o, rt(lang, R_MEAN));
    out_printf(o, " %s</b> (%d–%d)", mean, lo, hi);
    if (nps) {
        int64_t promoters = counts[9] + counts[10], detractors = 0;
        for (int v = 0; v <= 6; v++) {
            detractors += counts[v];
        }
        double exact = 100.0 * (double)(promoters - detractors) / (double)total;
        long long score = (long long)(exact < 0 ? exact - 0.5 : exact + 0.5);
        out_printf(o, " · <b>%s %+lld</b>", rt(lang, R_NPS), score);
    }
    snprintf(line, sizeof line, " · %s", answers);
    html_text(o, line);
    if (nps) {
        out_puts(o, "<br><span class=\"sub\">0 = ");
        html_text(o, i18n_text(lang, I18N_NPS_LOW));
        out_puts(o, ", 10 = ");
        html_text(o, i18n_text(lang, I18N_NPS_HIGH));
        out_puts(o, "</span>");
    }
    out_puts(o, "</p>\n</div>\n");
}

/* Active check-ins over time, in buckets of a whole number of local minutes. */
typedef struct Hist {
    int64_t start;  /* first bucket's start, Unix ms */
    int64_t bucket; /* ms */
    size_t n;
    int64_t counts[HIST_MAX_BUCKETS];
    int64_t total;
} Hist;

#define HIST_BASE_MS    (5 * 60000) /* the store's buckets, grouped into the chart's */
#define HIST_BASE_COUNT 2016        /* a week of them; later check-ins go into the last */

/* Reads the store's 5-minute histogram and groups it into at most HIST_MAX_BUCKETS bars
 * of 10, 15, 20, 30 minutes ... a day, starting on a whole local multiple (08:10, 08:20).
 * UTC offsets are whole multiples of 5 minutes, so each 5-minute bucket falls into one
 * bar. */
static StoreStatus read_hist(Store *s, const char *event_id, Hist *h)
{
    static const int GROUP_MIN[] = {10, 15, 20, 30, 60, 120, 180, 360, 720, 1440};
    memset(h, 0, sizeof *h);
    int64_t *base = calloc(HIST_BASE_COUNT, sizeof *base);
    if (!base) {
        return STORE_IO;
    }
    int64_t start = 0;
    size_t n = 0;
    StoreStatus st =
        store_checkin_histogram(s, event_id, HIST_BASE_MS, &start, base, HIST_BASE_COUNT, &n);
    if (st != STORE_OK || n == 0) {
        free(base);
        return st;
    }
    time_t t0 = (time_t)floor_div(start, 1000);
    struct tm tm;
    int64_t off = localtime_r(&t0, &tm) ? (int64_t)tm.tm_gmtoff * 1000 : 0;
    int64_t end = start + (int64_t)n * HIST_BASE_MS; /* exclusive */
    for (size_t i = 0; i < sizeof GROUP_MIN / sizeof GROUP_MIN[0]; i++) {
        h->bucket = (int64_t)GROUP_MIN[i] * 60000;
        h->start = floor_div(start + off, h->bucket) * h->bucket - off;
        h->n = (size_t)((end - 1 - h->start) / h->bucket) + 1;
        if (h->n <= HIST_MAX_BUCKETS) {
            break;
        }
    }
    h->n = h->n > HIST_MAX_BUCKETS ? HIST_MAX_BUCKETS : h->n;
    for (size_t i = 0; i < n; i++) {
        size_t g = (size_t)((start + (int64_t)i * HIST_BASE_MS - h->start) / h->bucket);
        h->counts[g < h->n ? g : h->n - 1] += base[i];
        h->total += base[i];
    }
    /* A short chart of a few wide bars looks odd: show at least six. */
    h->n = h->n < 6 ? 6 : h->n;
    free(base);
    return STORE_OK;
}

/* Check-ins per bucket, as columns with the local time under every few. */
static void html_checkins(Out *o, Lang lang, const Hist *hist, int min_group)
{
    if (hist->total < min_group || hist->total == 0) {
        html_hidden(o, lang, R_NOT_SHOWN_CHECKINS, min_group);
        return;
    }
    size_t n = hist->n;
    const int64_t *counts = hist->counts;
    int64_t max = 1;
    for (size_t i = 0; i < n; i++) {
        max = counts[i] > max ? counts[i] : max;
    }
    char minutes[24], sub[64];
    snprintf(minutes, sizeof minutes, "%lld", (long long)(hist->bucket / 60000));
    fill(sub, sizeof sub, rt(lang, R_PER_MINUTES), minutes);
    out_puts(o, "<p class=\"sub\">");
    html_text(o, sub);
    out_puts(o, "</p>\n");

    const double width = 730, top = 18, bar_h = 86, height = top + bar_h + 20;
    out_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", width, height);
    html_text(o, rt(lang, R_OVER_TIME));
    out_puts(o, "\">\n");
    double slot = width / (double)n, bw = slot * 0.78;
    size_t label_every = (n + 11) / 12;
    for (size_t i = 0; i < n; i++) {
        double h = counts[i] ? (double)counts[i] / (double)max * (bar_h - 2) : 0;
        h = counts[i] && h < 1.5 ? 1.5 : h;
        double x = slot * (double)i + (slot - bw) / 2, cx = slot * (double)i + slot / 2;
        char hm[8];
        hhmm(hist->start + (int64_t)i * hist->bucket, hm);
        out_printf(o, "<g><title>%s: %lld</title>\n", hm, (long long)counts[i]);
        if (counts[i]) {
            out_printf(o,
                       "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"1.5\" "
                       "fill=\"#1f5f8b\"/>\n",
                       x, top + bar_h - h, bw, h);
            out_printf(o,
                       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                       "font-size=\"11\">%lld</text>\n",
                       cx, top + bar_h - h - 4, (long long)counts[i]);
        }
        if (i % label_every == 0) {
            out_printf(o,
                       "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#5a6576\" "
                       "style=\"fill:#5a6576\">%s</text>\n",
                       x, top + bar_h + 15, hm);
        }
        out_puts(o, "</g>\n");
    }
    out_printf(o, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#9aa4b1\"/>\n",
               top + bar_h + 0.5, width, top + bar_h + 0.5);
    out_puts(o, "</svg>\n");
}

static void html_tile(Out *o, const char *number, const char *label)
{
    out_puts(o, "<div class=\"tile\"><span class=\"num\">");
    html_text(o, number);
    out_puts(o, "</span><span class=\"lbl\">");
    html_text(o, label);
    out_puts(o, "</span></div>\n");
}

static int write_html(Store *s, const char *event_id, const EventInfo *ev, const ExportOptions *opt,
                      const char *path, char *err, size_t errcap)
{
    Lang lang = i18n_lang_from_code(ev->language);
    ReportData d = {0};
    StoreFeedbackStats fb;
    Hist hist;
    StoreStatus st = store_each_attendee_row(s, event_id, on_report_attendee, &d);
    if (st == STORE_OK) {
        st = store_feedback_stats(s, event_id, &fb);
    }
    if (st == STORE_OK) {
        st = read_hist(s, event_id, &hist);
    }
    int64_t untrusted = 0;
    if (st == STORE_OK) {
        st = count_untrusted(s, event_id, &untrusted);
    }
    if (st != STORE_OK) {
        put_err(err, errcap, "%s: cannot read the meeting from the database: %s (%s)", path,
                store_status_text(st), store_last_error(s));
        return -1;
    }
    Out o;
    if (out_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    char buf[512], num[32];

    out_printf(&o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
               i18n_lang_code(lang));
    out_puts(&o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>");
    html_text(&o, ev->title);
    out_puts(&o, " – ");
    html_text(&o, rt(lang, R_REPORT));
    out_puts(&o, "</title>\n<style>\n");
    out_puts(&o, REPORT_CSS);
    out_puts(&o,
             "</style>\n</head>\n<body>\n<main class=\"page\">\n<header>\n<p class=\"kicker\">");
    html_text(&o, rt(lang, R_REPORT));
    out_puts(&o, "</p>\n<h1>");
    html_text(&o, ev->title);
    out_puts(&o, "</h1>\n");
    if (ev->theme[0]) {
        out_puts(&o, "<p class=\"theme\">");
        html_text(&o, ev->theme);
        out_puts(&o, "</p>\n");
    }
    out_puts(&o, "<p class=\"meta\">");
    html_text(&o, i18n_date(lang, ev->date, buf, sizeof buf));
    if (ev->start_time[0]) {
        out_puts(&o, " · ");
        html_text(&o, ev->start_time);
    }
    if (ev->venue[0]) {
        out_puts(&o, " · ");
        html_text(&o, ev->venue);
    }
    out_puts(&o, "</p>\n");
    if (ev->organiser[0]) {
        out_puts(&o, "<p class=\"meta\">");
        html_text(&o, i18n_format(lang, I18N_ORGANISER, ev->organiser, buf, sizeof buf));
        out_puts(&o, "</p>\n");
    }
    out_puts(&o, "</header>\n");

    /* Times that may be wrong: said first, before anyone reads the chart over time. */
    if (untrusted > 0) {
        fmt_count(lang, untrusted, num, sizeof num);
        fill(buf, sizeof buf, rt(lang, untrusted == 1 ? R_CLOCK_ONE : R_CLOCK_MANY), num);
        out_puts(&o, "<p class=\"clock\" role=\"note\">");
        html_text(&o, buf);
        out_puts(&o, "</p>\n");
    }

    /* Attendance: counts, never names. */
    out_puts(&o, "<section class=\"turnout\">\n<h2>");
    html_text(&o, rt(lang, R_TURNOUT));
    out_puts(&o, "</h2>\n<div class=\"tiles\">\n");
    fmt_count(lang, d.expected, num, sizeof num);
    html_tile(&o, num, rt(lang, R_EXPECTED));
    fmt_count(lang, d.checked_in, num, sizeof num);
    html_tile(&o, num, rt(lang, R_CHECKED_IN));
    fmt_count(lang, d.walk_ins, num, sizeof num);
    html_tile(&o, num, rt(lang, R_WALK_INS));
    fmt_percent(lang, d.registered_in, d.expected, num, sizeof num);
    html_tile(&o, num, rt(lang, R_SHARE));
    out_puts(&o, "</div>\n</section>\n<section class=\"times\">\n<h2>");
    html_text(&o, rt(lang, R_OVER_TIME));
    out_puts(&o, "</h2>\n");
    html_checkins(&o, lang, &hist, opt->min_group);
    out_puts(&o, "</section>\n");

    if (ev->question_count > 0) {
        out_puts(&o, "<section class=\"feedback\">\n<h2>");
        html_text(&o, rt(lang, R_FEEDBACK));
        out_puts(&o, "</h2>\n<p class=\"sub\">");
        fmt_count(lang, fb.sessions - fb.flagged_sessions, num, sizeof num);
        fill(buf, sizeof buf, rt(lang, R_SESSIONS), num);
        html_text(&o, buf);
        out_puts(&o, "</p>\n<div class=\"qs\">\n");
        for (int q = 0; q < ev->question_count; q++) {
            html_question(&o, lang, ev, q, &fb, opt->min_group);
        }
        out_puts(&o, "</div>\n");
        if (fb.flagged_ratings > 0) {
            fmt_count(lang, fb.flagged_ratings, num, sizeof num);
            fill(buf, sizeof buf, rt(lang, R_FLAGGED), num);
            out_puts(&o, "<p class=\"note\">");
            html_text(&o, buf);
            out_puts(&o, "</p>\n");
        }
        out_puts(&o, "</section>\n");
    }

    if (opt->with_text) {
        out_puts(&o, "<section class=\"refl\">\n<h2>");
        html_text(&o, rt(lang, R_REFLECTIONS));
        out_puts(&o, "</h2>\n<p class=\"prompt\">");
        const char *prompt = ev->reflection_prompt[lang][0]
                                 ? ev->reflection_prompt[lang]
                                 : i18n_text(lang, I18N_REFLECTION_DEFAULT);
        html_text(&o, prompt);
        out_puts(&o, "</p>\n<ul>\n");
        Refl rf = {.o = &o};
        st = store_each_reflection(s, event_id, on_report_reflection, &rf);
        out_puts(&o, "</ul>\n");
        if (st == STORE_OK && rf.shown == 0) {
            out_puts(&o, "<p class=\"note\">");
            html_text(&o, rt(lang, R_NO_REFLECTIONS));
            out_puts(&o, "</p>\n");
        }
        if (st == STORE_OK && rf.flagged > 0) {
            fmt_count(lang, rf.flagged, num, sizeof num);
            fill(buf, sizeof buf, rt(lang, R_FLAGGED_REFLECTIONS), num);
            out_puts(&o, "<p class=\"note\">");
            html_text(&o, buf);
            out_puts(&o, "</p>\n");
        }
        out_puts(&o, "</section>\n");
    }

    if (ev->next_meeting[0]) {
        out_puts(&o, "<p class=\"next\">");
        html_text(&o, ev->next_meeting);
        out_puts(&o, "</p>\n");
    }
    snprintf(num, sizeof num, "%d", opt->min_group);
    fill2(buf, sizeof buf, rt(lang, R_FOOTER), MINGEL_VERSION, num);
    out_puts(&o, "<footer>");
    html_text(&o, buf);
    out_puts(&o, "</footer>\n</main>\n</body>\n</html>\n");
    if (st != STORE_OK) {
        out_abort(&o);
        put_err(err, errcap, "%s: cannot read the reflections from the database: %s (%s)", path,
                store_status_text(st), store_last_error(s));
        return -1;
    }
    return out_commit(&o, err, errcap);
}

/* ---- The contract --------------------------------------------------------------- */

ExportOptions export_defaults(void)
{
    return (ExportOptions){.format = EXPORT_CSV,
                           .table = EXPORT_ALL,
                           .with_email = false,
                           .with_text = false,
                           .min_group = EXPORT_MIN_GROUP};
}

/* Whether the file export_write makes of table holds the attendees' email addresses
 * beyond the participant list, which always has them (it is made to be shared), and
 * whether it holds the reflections' free text. The options alone do not say: --with-email
 * changes nothing in the check-ins, and the reflections are nothing but text. */
static bool file_has_email(const ExportOptions *opt, ExportTable table)
{
    if (!opt->with_email || opt->format == EXPORT_HTML) {
        return false; /* the report names nobody */
    }
    return table == EXPORT_ATTENDEES || (opt->format == EXPORT_JSON && table == EXPORT_ALL);
}

static bool file_has_text(const ExportOptions *opt, ExportTable table)
{
    if (opt->format == EXPORT_HTML) {
        return opt->with_text;
    }
    return table == EXPORT_REFLECTIONS ||
           (opt->with_text && opt->format == EXPORT_JSON && table == EXPORT_ALL);
}

void export_file_name(const EventInfo *ev, const ExportOptions *opt, ExportTable table, char *out,
                      size_t cap)
{
    static const char *const ext[] = {
        [EXPORT_CSV] = "csv", [EXPORT_JSON] = "json", [EXPORT_HTML] = "html"};
    /* What is in the file beyond the privacy-safe default, so that an attendee list with
     * email addresses never takes the name (and the place) of the one to share. */
    static const char *const with[2][2] = {{"", "-with-text"}, {"-with-email", "-with-email-text"}};
    int f = (int)opt->format;
    const char *e = f >= 0 && f <= (int)EXPORT_HTML ? ext[f] : "csv";
    const char *t = opt->format == EXPORT_HTML ? "report" : table_name(table);
    const char *w = with[file_has_email(opt, table)][file_has_text(opt, table)];
    /* The key is [a-z0-9._-] already; anything else (never a '/') becomes '-' all the
     * same, so the name can never leave the directory it is meant for. */
    char key[EVENT_KEY_MAX];
    size_t k = 0;
    for (const char *p = ev->key[0] ? ev->key : "mingel"; *p && k + 1 < sizeof key; p++) {
        char c = *p;
        bool ok =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        key[k++] = ok ? c : '-';
    }
    key[k] = '\0';
    snprintf(out, cap, "%s-%s-%s%s.%s", key, ev->date[0] ? ev->date : "undated", t, w, e);
}

int export_write(Store *s, const char *event_id, const ExportOptions *opt, const char *path,
                 char *err, size_t errcap)
{
    if (err && errcap) {
        err[0] = '\0';
    }
    EventInfo ev;
    char current[IDS_UUID_LEN + 1];
    StoreStatus st = store_event_current(s, &ev, current);
    if (st != STORE_OK) {
        put_err(err, errcap, "%s: cannot read the meeting from the database: %s (%s)", path,
                store_status_text(st), store_last_error(s));
        return -1;
    }
    /* The store reads the settings and questions of the current meeting only. */
    if (strcmp(current, event_id) != 0) {
        put_err(err, errcap, "%s: meeting %s is not the database's current meeting", path,
                event_id);
        return -1;
    }
    ExportOptions o = *opt;
    o.min_group = o.min_group < 1 ? 1 : o.min_group;
    if (o.table == EXPORT_REFLECTIONS && !o.with_text && o.format != EXPORT_HTML) {
        put_err(err, errcap,
                "%s: the reflections are free text and are exported only when asked for "
                "(--with-text)",
                path);
        return -1;
    }
    switch (o.format) {
    case EXPORT_CSV: return write_csv(s, event_id, &ev, &o, path, err, errcap);
    case EXPORT_JSON: return write_json(s, event_id, &ev, &o, path, err, errcap);
    case EXPORT_HTML: return write_html(s, event_id, &ev, &o, path, err, errcap);
    }
    put_err(err, errcap, "%s: unknown export format", path);
    return -1;
}
