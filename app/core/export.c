/* export: the meeting's data out as CSV, JSON and a one-page HTML report (contract in
 * export.h).
 *
 * Everything is streamed: the store walks a table (store_each_*) and each row is written
 * as it comes, so 100,000 rows need no more memory than one (the participant list, which
 * is sorted by name, is the only thing collected).
 *
 * One description of each table's columns serves every format: a row function calls
 * emit_text / emit_int / emit_bool / emit_time / emit_clock once per column, and the Emit
 * it is given turns that into a CSV cell, a JSON member, a typed cell of an .xlsx sheet
 * (workbook.h: text stays text, times are date-times, numbers numbers, yes/no booleans),
 * or (in header mode) the column's name. The CSV and xlsx headers and the JSON keys
 * therefore cannot drift apart from the values.
 *
 * Every time a record keeps comes with the clock it was made by (store.h, StoreClock): a
 * Raspberry Pi without network may boot days off, so each time column is followed by its
 * clock (CSV "clock": synced, confirmed, set, untrusted, or empty when unknown; JSON
 * "clock" and "clock_trusted"), and the report says how many records of the meeting were
 * made while the clock could not be trusted.
 *
 * Files are written with atomicfile (a temporary name beside the target, fsynced, renamed
 * over the target, the directory fsynced): whoever pulls the USB stick finds either the
 * old file or the whole new one under the final name, never half of one. The HTML report
 * is in export_report.c.
 */
#include "core/export.h"
#include "core/export_private.h"

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
#include "core/atomicfile.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/nps.h"
#include "core/text.h"
#include "core/workbook.h"

#define EXPORT_PATH_MAX  4096
#define EXPORT_MIN_GROUP 5 /* default smallest breakdown shown */

/* ---- Messages ------------------------------------------------------------------- */

void exportp_put_err(char *err, size_t errcap, const char *fmt, ...)
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

/* ---- Text helpers --------------------------------------------------------------- */

/* text itself when it is valid UTF-8; otherwise a copy in buf with each invalid byte
 * replaced by U+FFFD, so no export ever carries bytes a reader cannot decode. (The store
 * keeps only valid text; this guards against databases written by other tools.) */
const char *exportp_valid_text(const char *text, char *buf, size_t cap)
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
    AtomicFile *o;       /* CSV, JSON: the file */
    Workbook *wb;        /* XLSX: the workbook, on the table's sheet */
    const char *path;    /* the file's final name, for messages */
    ExportFormat format; /* EXPORT_CSV, EXPORT_JSON or EXPORT_XLSX */
    bool header;         /* CSV, XLSX: write the column names instead of the values */
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
    text = exportp_valid_text(text, fixed, sizeof fixed);
    if (e->col++ > 0) {
        atomicfile_write(e->o, ";", 1);
    }
    atomicfile_write(e->o, "\"", 1);
    if (csv_needs_neutralising(text)) {
        atomicfile_write(e->o, "'", 1);
    }
    for (const char *q; (q = strchr(text, '"')) != NULL; text = q + 1) {
        atomicfile_write(e->o, text, (size_t)(q - text));
        atomicfile_write(e->o, "\"\"", 2);
    }
    atomicfile_puts(e->o, text);
    atomicfile_write(e->o, "\"", 1);
}

static void json_add(Emit *e, const char *name, cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(e->obj, name, item)) {
        cJSON_Delete(item);
        e->oom = true;
    }
}

/* A text cell of the sheet: "" leaves it empty, invalid UTF-8 is repaired. */
static void xlsx_text(Emit *e, const char *text)
{
    char fixed[EXPORT_TEXT_FIX_MAX];
    workbook_text(e->wb, exportp_valid_text(text, fixed, sizeof fixed));
}

/* Whether writing has failed, which also stops the store's walk. */
static bool emit_failed(const Emit *e)
{
    return e->format == EXPORT_XLSX ? false : e->o->err != 0;
}

static void emit_text(Emit *e, const char *name, const char *value)
{
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : value);
    } else if (e->format == EXPORT_XLSX) {
        xlsx_text(e, e->header ? name : value);
    } else {
        char fixed[EXPORT_TEXT_FIX_MAX];
        json_add(e, name, cJSON_CreateString(exportp_valid_text(value, fixed, sizeof fixed)));
    }
}

/* Text that may be absent: "" in CSV, an empty cell in xlsx, null in JSON. */
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
    } else if (e->format == EXPORT_XLSX) {
        if (e->header) {
            xlsx_text(e, name);
        } else {
            workbook_number(e->wb, (double)v);
        }
    } else {
        json_add(e, name, cJSON_CreateNumber((double)v));
    }
}

static void emit_bool(Emit *e, const char *name, bool v)
{
    if (e->format == EXPORT_CSV) {
        csv_cell(e, e->header ? name : v ? "yes" : "no");
    } else if (e->format == EXPORT_XLSX) {
        if (e->header) {
            xlsx_text(e, name);
        } else {
            workbook_bool(e->wb, v);
        }
    } else {
        json_add(e, name, cJSON_CreateBool(v));
    }
}

/* A time: CSV one cell in ISO 8601 local time with offset; xlsx a local date-time cell;
 * JSON the ISO string as `name` and the Unix milliseconds as `name`_ms. ms == 0 means
 * "none": "" / an empty cell / null. */
static void emit_time(Emit *e, const char *name, int64_t ms, bool to_minute)
{
    if (e->format == EXPORT_XLSX) {
        if (e->header) {
            xlsx_text(e, name);
        } else {
            workbook_time(e->wb, ms, to_minute);
        }
        return;
    }
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
    if (e->format == EXPORT_XLSX) {
        xlsx_text(e, e->header ? name : known ? store_clock_code(c) : "");
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

/* Ends the row: CRLF in CSV, the next row of the sheet, one line of the array in JSON.
 * Returns non-zero when writing failed, which also stops the store's walk. */
static int row_end(Emit *e)
{
    if (e->format == EXPORT_XLSX) {
        return workbook_end_row(e->wb);
    }
    if (e->format == EXPORT_CSV) {
        atomicfile_write(e->o, "\r\n", 2);
        return e->o->err != 0;
    }
    char *text = e->oom ? NULL : cJSON_PrintUnformatted(e->obj);
    cJSON_Delete(e->obj);
    e->obj = NULL;
    if (!text) {
        e->oom = true;
        return 1;
    }
    atomicfile_puts(e->o, e->first ? "\n" : ",\n");
    atomicfile_puts(e->o, text);
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
    /* The board (issue 18): new to the network, and the topics the person picked at the
     * kiosk, which the store reads only for a person who consented ("" otherwise). */
    emit_bool(e, "first_time", r->first_time);
    emit_text(e, "topics", r->interests);
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

/* Appends the sort key of text to out (text_sort_key), Swedish order for Swedish. */
static size_t sort_key(Lang lang, const char *text, char *out, size_t len, size_t cap)
{
    return text_sort_key(lang == LANG_SV, text, out, len, cap);
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

/* Writes the rows of table through e (CSV, XLSX: header row first). Returns 0, or -1
 * with "PATH: why" in err. */
static int write_rows(Store *s, const char *event_id, ExportTable table, Emit *e, char *err,
                      size_t errcap)
{
    if (e->format == EXPORT_CSV || e->format == EXPORT_XLSX) {
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
            if (people.n > 1) { /* qsort's array may not be NULL, even for no elements */
                qsort(people.v, people.n, sizeof *people.v, cmp_person);
            }
            for (size_t i = 0; i < people.n && !e->oom && !emit_failed(e); i++) {
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
        exportp_put_err(err, errcap, "%s: cannot read the %s from the database: %s (%s)", e->path,
                        table_name(table), store_status_text(st), store_last_error(s));
        return -1;
    }
    if (e->oom) {
        exportp_put_err(err, errcap, "%s: out of memory", e->path);
        return -1;
    }
    return 0;
}

/* ---- CSV ------------------------------------------------------------------------ */

static int write_csv_file(Store *s, const char *event_id, const EventInfo *ev,
                          const ExportOptions *opt, ExportTable table, const char *path, char *err,
                          size_t errcap)
{
    AtomicFile o;
    if (atomicfile_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    /* The BOM tells Excel the file is UTF-8; without it å, ä and ö come out garbled. */
    atomicfile_write(&o, "\xEF\xBB\xBF", 3);
    Emit e = {.o = &o, .path = path, .format = EXPORT_CSV, .opt = opt, .ev = ev};
    if (write_rows(s, event_id, table, &e, err, errcap) != 0) {
        atomicfile_abort(&o);
        return -1;
    }
    return atomicfile_commit(&o, err, errcap);
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
            exportp_put_err(err, errcap, "%s: cannot create the directory: %s", path,
                            strerror(errno));
            return -1;
        }
    } else if (!S_ISDIR(sb.st_mode)) {
        exportp_put_err(err, errcap, "%s: is not a directory (all tables go into a directory)",
                        path);
        return -1;
    }
    for (size_t i = 0; i < sizeof CSV_ALL / sizeof CSV_ALL[0]; i++) {
        if (CSV_ALL[i] == EXPORT_REFLECTIONS && !opt->with_text) {
            continue; /* free text leaves only when asked for */
        }
        char name[256], file[EXPORT_PATH_MAX];
        export_file_name(ev, opt, CSV_ALL[i], name, sizeof name);
        if (snprintf(file, sizeof file, "%s/%s", path, name) >= (int)sizeof file) {
            exportp_put_err(err, errcap, "%s: the path is too long", path);
            return -1;
        }
        if (write_csv_file(s, event_id, ev, opt, CSV_ALL[i], file, err, errcap) != 0) {
            return -1;
        }
    }
    return 0;
}

/* ---- JSON ----------------------------------------------------------------------- */

/* "words": the words under the question's scale as the attendees saw them, per language:
 * the five smileys' (worst to best) or the 0-10 scale's two ends (0, then 10). */
static bool json_words(cJSON *q, const EventQuestion *eq)
{
    cJSON *words = cJSON_AddObjectToObject(q, "words");
    bool ok = words != NULL;
    for (int l = 0; ok && l < LANG_COUNT; l++) {
        cJSON *list = cJSON_AddArrayToObject(words, i18n_lang_code((Lang)l));
        ok = list != NULL;
        for (int i = 0; ok && i < event_scale_words(eq->scale); i++) {
            cJSON *w = cJSON_CreateString(event_question_word(eq, (Lang)l, i));
            ok = w && cJSON_AddItemToArray(list, w);
            if (!ok) {
                cJSON_Delete(w);
            }
        }
    }
    return ok;
}

/* "nps" of a 0-10 question: the score with what it is made of and the number of answers,
 * or, with fewer answers than min_group, the number only and a null score, as the report
 * shows no breakdown of so few. */
static bool json_nps(cJSON *q, const int64_t counts[11], int min_group)
{
    NpsScore s = nps_score(counts);
    cJSON *o = cJSON_AddObjectToObject(q, "nps");
    bool ok = o && cJSON_AddNumberToObject(o, "answers", (double)s.answers) &&
              cJSON_AddNumberToObject(o, "min_group", min_group);
    if (ok && (s.answers < min_group || s.answers == 0)) {
        return cJSON_AddNullToObject(o, "score") != NULL;
    }
    return ok && cJSON_AddNumberToObject(o, "score", s.score) &&
           cJSON_AddNumberToObject(o, "promoters", (double)s.promoters) &&
           cJSON_AddNumberToObject(o, "passives", (double)s.passives) &&
           cJSON_AddNumberToObject(o, "detractors", (double)s.detractors);
}

static cJSON *json_event(const EventInfo *ev, const char *event_id, const StoreFeedbackStats *fb,
                         int min_group)
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
             cJSON_AddStringToObject(q, "scale", scale_name(ev->questions[i].scale)) &&
             json_words(q, &ev->questions[i]) &&
             (ev->questions[i].scale != EVENT_SCALE_NPS || json_nps(q, fb->counts[i], min_group));
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
    AtomicFile o;
    if (atomicfile_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    /* The event is small and printed in one go; each table is an array written one row
     * per line as the store hands the rows over. */
    StoreFeedbackStats fb;
    StoreStatus st = store_feedback_stats(s, event_id, &fb);
    if (st != STORE_OK) {
        atomicfile_abort(&o);
        exportp_put_err(err, errcap, "%s: cannot read the feedback: %s", path, store_last_error(s));
        return -1;
    }
    cJSON *event = json_event(ev, event_id, &fb, opt->min_group);
    char *event_text = event ? cJSON_PrintUnformatted(event) : NULL;
    cJSON_Delete(event);
    if (!event_text) {
        atomicfile_abort(&o);
        exportp_put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    atomicfile_puts(&o, "{\"format\":\"mingel-export\",\"version\":1,\n\"event\":");
    atomicfile_puts(&o, event_text);
    cJSON_free(event_text);
    for (size_t i = 0; i < sizeof CSV_ALL / sizeof CSV_ALL[0]; i++) {
        ExportTable t = CSV_ALL[i];
        if ((opt->table != EXPORT_ALL && opt->table != t) ||
            (t == EXPORT_REFLECTIONS && !opt->with_text)) {
            continue;
        }
        atomicfile_printf(&o, ",\n\"%s\":[", table_name(t));
        Emit e = {
            .o = &o, .path = path, .format = EXPORT_JSON, .first = true, .opt = opt, .ev = ev};
        if (write_rows(s, event_id, t, &e, err, errcap) != 0) {
            atomicfile_abort(&o);
            return -1;
        }
        atomicfile_puts(&o, e.first ? "]" : "\n]");
    }
    /* The follow-up form's answers, summed up as the report shows them. */
    if (opt->table == EXPORT_ALL &&
        exportp_json_form(&o, path, s, event_id, ev, opt, err, errcap) != 0) {
        atomicfile_abort(&o);
        return -1;
    }
    atomicfile_puts(&o, "\n}\n");
    return atomicfile_commit(&o, err, errcap);
}

/* ---- XLSX ----------------------------------------------------------------------- */

/* One workbook: a sheet per table, named as the table, in the order of the CSV files;
 * the reflections only with their free text asked for. */
static int write_xlsx(Store *s, const char *event_id, const EventInfo *ev, const ExportOptions *opt,
                      const char *path, char *err, size_t errcap)
{
    Workbook *wb = workbook_open(path, err, errcap);
    if (!wb) {
        return -1;
    }
    for (size_t i = 0; i < sizeof CSV_ALL / sizeof CSV_ALL[0]; i++) {
        ExportTable t = CSV_ALL[i];
        if ((opt->table != EXPORT_ALL && opt->table != t) ||
            (t == EXPORT_REFLECTIONS && !opt->with_text)) {
            continue;
        }
        Emit e = {.wb = wb, .path = path, .format = EXPORT_XLSX, .opt = opt, .ev = ev};
        if (workbook_sheet(wb, table_name(t), err, errcap) != 0 ||
            write_rows(s, event_id, t, &e, err, errcap) != 0) {
            workbook_abort(wb);
            return -1;
        }
    }
    return workbook_commit(wb, err, errcap);
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
    /* JSON and xlsx of all tables are one file, with the attendees in it. */
    return table == EXPORT_ATTENDEES || (opt->format != EXPORT_CSV && table == EXPORT_ALL);
}

static bool file_has_text(const ExportOptions *opt, ExportTable table)
{
    if (opt->format == EXPORT_HTML) {
        return opt->with_text;
    }
    return table == EXPORT_REFLECTIONS ||
           (opt->with_text && opt->format != EXPORT_CSV && table == EXPORT_ALL);
}

void export_file_name(const EventInfo *ev, const ExportOptions *opt, ExportTable table, char *out,
                      size_t cap)
{
    static const char *const ext[] = {[EXPORT_CSV] = "csv",
                                      [EXPORT_JSON] = "json",
                                      [EXPORT_HTML] = "html",
                                      [EXPORT_XLSX] = "xlsx"};
    /* What is in the file beyond the privacy-safe default, so that an attendee list with
     * email addresses never takes the name (and the place) of the one to share. */
    static const char *const with[2][2] = {{"", "-with-text"}, {"-with-email", "-with-email-text"}};
    int f = (int)opt->format;
    const char *e = f >= 0 && f <= (int)EXPORT_XLSX ? ext[f] : "csv";
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
        exportp_put_err(err, errcap, "%s: cannot read the meeting from the database: %s (%s)", path,
                        store_status_text(st), store_last_error(s));
        return -1;
    }
    /* The store reads the settings and questions of the current meeting only. */
    if (strcmp(current, event_id) != 0) {
        exportp_put_err(err, errcap, "%s: meeting %s is not the database's current meeting", path,
                        event_id);
        return -1;
    }
    ExportOptions o = *opt;
    o.min_group = o.min_group < 1 ? 1 : o.min_group;
    if (o.table == EXPORT_REFLECTIONS && !o.with_text && o.format != EXPORT_HTML) {
        exportp_put_err(err, errcap,
                        "%s: the reflections are free text and are exported only when asked for "
                        "(--with-text)",
                        path);
        return -1;
    }
    switch (o.format) {
    case EXPORT_CSV: return write_csv(s, event_id, &ev, &o, path, err, errcap);
    case EXPORT_JSON: return write_json(s, event_id, &ev, &o, path, err, errcap);
    case EXPORT_XLSX: return write_xlsx(s, event_id, &ev, &o, path, err, errcap);
    case EXPORT_HTML: return exportp_write_html(s, event_id, &ev, &o, path, err, errcap);
    }
    exportp_put_err(err, errcap, "%s: unknown export format", path);
    return -1;
}
