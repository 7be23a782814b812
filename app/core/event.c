/* event: reads the organiser's event file, a small INI file describing one meeting.
 *
 * libinih splits lines into sections and key = value pairs; everything else is ours,
 * because the organiser must hear about every typo with a file and a line. inih as
 * Debian builds it gives the handler no line number, continues an indented line as the
 * previous value, and cuts lines at 200 bytes into two. So it reads through our own line
 * reader: the reader counts lines (inih asks for exactly one line per call, so the
 * handler runs for the line read last), rejects invalid UTF-8, control characters,
 * overlong lines and unknown sections before inih sees them, and strips leading blanks
 * so a line is never taken as a continuation. A value therefore has to fit on one line of
 * inih's length (197 bytes with the key in Debian's build), less than the struct holds.
 */
#include "core/event.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"

#define EVENT_FILE_MAX (64 * 1024) /* bytes; an event file is a few hundred */

typedef enum EventField {
    EF_ID,
    EF_TITLE,
    EF_DATE,
    EF_START,
    EF_VENUE,
    EF_THEME,
    EF_ORGANISER,
    EF_LANGUAGE,
    EF_NEXT_MEETING,
    EF_COUNT
} EventField;

typedef enum ValueKind { VK_TEXT, VK_ID, VK_DATE, VK_TIME, VK_LANG } ValueKind;

#define FIELD(member) offsetof(EventInfo, member), sizeof(((EventInfo *)0)->member)

/* One row per field: its name in messages, where it lives in EventInfo, how to check it. */
static const struct {
    const char *name;
    size_t offset; /* into EventInfo */
    size_t cap;    /* bytes, including the NUL */
    ValueKind kind;
} FIELDS[EF_COUNT] = {
    [EF_ID] = {"id", FIELD(key), VK_ID},
    [EF_TITLE] = {"title", FIELD(title), VK_TEXT},
    [EF_DATE] = {"date", FIELD(date), VK_DATE},
    [EF_START] = {"start", FIELD(start_time), VK_TIME},
    [EF_VENUE] = {"venue", FIELD(venue), VK_TEXT},
    [EF_THEME] = {"theme", FIELD(theme), VK_TEXT},
    [EF_ORGANISER] = {"organiser", FIELD(organiser), VK_TEXT},
    [EF_LANGUAGE] = {"language", FIELD(language), VK_LANG},
    [EF_NEXT_MEETING] = {"next_meeting", FIELD(next_meeting), VK_TEXT},
};

/* Key names in their folded form (see find_field). Swedish organisers may write the
 * Swedish word. */
static const struct {
    const char *key;
    EventField field;
} KEYS[] = {
    {"id", EF_ID},
    {"title", EF_TITLE},
    {"titel", EF_TITLE},
    {"date", EF_DATE},
    {"datum", EF_DATE},
    {"start", EF_START},
    {"starttid", EF_START},
    {"venue", EF_VENUE},
    {"plats", EF_VENUE},
    {"theme", EF_THEME},
    {"tema", EF_THEME},
    {"organiser", EF_ORGANISER},
    {"organizer", EF_ORGANISER},
    {"arrangor", EF_ORGANISER},
    {"language", EF_LANGUAGE},
    {"sprak", EF_LANGUAGE},
    {"next_meeting", EF_NEXT_MEETING},
    {"nasta_traff", EF_NEXT_MEETING},
};

typedef struct Parse {
    const char *name; /* file name for messages */
    const char *data; /* whole file, BOM skipped */
    size_t len;
    size_t pos;         /* start of the next line to hand to inih */
    int line;           /* 1-based number of the line handed to inih last */
    int line_cap;       /* longest line inih accepts, in bytes, learnt from its reader call */
    int seen[EF_COUNT]; /* line where each field was set, 0 if not yet */
    EventInfo *out;
    char *err;
    size_t errcap;
    int err_line; /* line of the first error we found, 0 if none */
} Parse;

/* Writes a message into err, cut at a code point boundary if it does not fit so the
 * message stays valid UTF-8 on screen. */
static void say(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= errcap) {
        /* Find the last sequence written and drop it if its tail was cut off. */
        size_t end = errcap - 1, lead = end;
        while (lead > 0 && ((unsigned char)err[lead - 1] & 0xC0) == 0x80)
            lead--;
        if (lead > 0) {
            unsigned char c = (unsigned char)err[lead - 1];
            size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (end - (lead - 1) < need)
                err[lead - 1] = '\0';
        }
    }
}

/* Records the first error only: inih goes on after a failed handler call, and what the
 * organiser needs is the first thing to fix. */
static void fail(Parse *p, const char *fmt, ...)
{
    if (p->err_line)
        return;
    p->err_line = p->line;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    say(p->err, p->errcap, "%s:%d: %s", p->name, p->line, msg);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Finds the line starting at pos: returns its end (before the line break) and stores the
 * start of the next line in *next. A lone CR counts as a line break, as editors show it. */
static size_t line_end(const char *s, size_t len, size_t pos, size_t *next)
{
    size_t end = pos;
    while (end < len && s[end] != '\n' && s[end] != '\r')
        end++;
    *next = end;
    if (end < len)
        *next = (s[end] == '\r' && end + 1 < len && s[end + 1] == '\n') ? end + 2 : end + 1;
    return end;
}

/* Checks what inih would otherwise accept silently. Returns false after fail(). */
static bool check_line(Parse *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (k == 0) {
            fail(p, "the text is not valid UTF-8; save the file with UTF-8 encoding");
            return false;
        }
        if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
            fail(p, "control character U+%04X in the line; remove it", (unsigned)cp);
            return false;
        }
        i += k;
    }
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (close) {
            const char *a = s + 1, *b = close;
            while (a < b && is_blank(*a))
                a++;
            while (b > a && is_blank(b[-1]))
                b--;
            if (!((size_t)(b - a) == 5 && strncasecmp(a, "event", 5) == 0)) {
                fail(p, "unknown section [%.*s]; the file has one section, [event]",
                     (int)(close - s - 1), s + 1);
                return false;
            }
        }
    }
    if (p->line_cap > 0 && n > (size_t)p->line_cap) {
        fail(p, "line is too long (%zu bytes, at most %d); shorten the value", n, p->line_cap);
        return false;
    }
    return true;
}

/* inih's fgets-style reader: hands over one line, trimmed, or NULL at the end or after the
 * first error so the rest is not parsed. */
static char *read_line(char *str, int num, void *stream)
{
    Parse *p = stream;
    if (p->err_line || p->pos >= p->len || num < 4)
        return NULL;
    /* The line goes over as fgets would give it: text, '\n', NUL. */
    p->line_cap = num - 3;

    size_t next;
    size_t end = line_end(p->data, p->len, p->pos, &next);
    const char *s = p->data + p->pos;
    size_t n = end - p->pos;
    p->pos = next;
    p->line++;

    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (!check_line(p, s, n))
        return NULL;
    memcpy(str, s, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static bool valid_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || !is_digits(v, 4) || !is_digits(v + 5, 2) ||
        !is_digits(v + 8, 2))
        return false;
    int y = number(v, 4), m = number(v + 5, 2), d = number(v + 8, 2);
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= DAYS[m - 1] + (m == 2 && leap);
}

/* Accepts H:MM or HH:MM, and the Swedish 09.00, writing the normal form HH:MM. */
static bool parse_time(const char *v, char out[6])
{
    size_t n = strlen(v);
    if (n < 4 || n > 5 || (v[n - 3] != ':' && v[n - 3] != '.') || !is_digits(v, n - 3) ||
        !is_digits(v + n - 2, 2))
        return false;
    int h = number(v, n - 3), m = number(v + n - 2, 2);
    if (h > 23 || m > 59)
        return false;
    out[0] = (char)('0' + h / 10);
    out[1] = (char)('0' + h % 10);
    out[2] = ':';
    out[3] = (char)('0' + m / 10);
    out[4] = (char)('0' + m % 10);
    out[5] = '\0';
    return true;
}

static bool valid_id(const char *v)
{
    for (; *v; v++) {
        char c = *v;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

/* Looks a key up in KEYS. The key is folded (any case, no diacritics) and every run of
 * other characters becomes one '_', so "Next meeting", "next-meeting" and "ARRANGÖR" all
 * name their field. Returns the field, or -1. */
static int find_field(const char *key)
{
    char folded[128], k[128];
    text_fold(folded, sizeof folded, key);
    size_t n = 0;
    bool gap = false;
    for (const char *s = folded; *s && n < sizeof k - 2; s++) {
        if (*s == ' ') {
            gap = n > 0;
            continue;
        }
        if (gap)
            k[n++] = '_';
        gap = false;
        k[n++] = *s;
    }
    k[n] = '\0';
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++)
        if (strcmp(KEYS[i].key, k) == 0)
            return (int)KEYS[i].field;
    return -1;
}

/* inih calls this for every key = value; returning 0 marks the line as failed. */
static int on_value(void *user, const char *section, const char *key, const char *value)
{
    Parse *p = user;
    if (p->err_line)
        return 0;
    if (!section[0]) {
        fail(p, "'%s' comes before any section; put a line [event] above it", key);
        return 0;
    }
    int f = find_field(key);
    if (f < 0) {
        fail(p,
             "unknown key '%s' in [event]; known keys are id, title, date, start, venue, "
             "theme, organiser, language and next_meeting",
             key);
        return 0;
    }
    if (p->seen[f]) {
        fail(p, "%s is given twice (first on line %d); keep one of them", FIELDS[f].name,
             p->seen[f]);
        return 0;
    }
    p->seen[f] = p->line;

    size_t n = strlen(value);
    if (strchr(value, '\t')) {
        fail(p, "the value of %s contains a tab; use spaces", FIELDS[f].name);
        return 0;
    }
    if ((FIELDS[f].kind == VK_TEXT || FIELDS[f].kind == VK_ID) && n >= FIELDS[f].cap) {
        fail(p, "the value of %s is too long (%zu bytes, at most %zu); shorten it", FIELDS[f].name,
             n, FIELDS[f].cap - 1);
        return 0;
    }
    char *dst = (char *)p->out + FIELDS[f].offset;
    switch (FIELDS[f].kind) {
    case VK_TEXT:
        if (f == EF_TITLE && n == 0) {
            fail(p, "title is empty; write the meeting's title");
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_ID:
        if (n == 0) {
            fail(p, "id is empty; write an id such as drift-2026-11 or remove the line");
            return 0;
        }
        if (!valid_id(value)) {
            fail(p, "id '%s' may contain only a-z, 0-9, '-', '_' and '.'; e.g. drift-2026-11",
                 value);
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_DATE:
        if (!valid_date(value)) {
            fail(p, "date '%s' is not a real date; write it as YYYY-MM-DD, e.g. 2026-11-26", value);
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_TIME:
        if (n == 0) {
            dst[0] = '\0';
        } else if (!parse_time(value, dst)) {
            fail(p, "start '%s' is not a time of day; write it as HH:MM, e.g. 09:00", value);
            return 0;
        }
        break;
    case VK_LANG:
        if (strcasecmp(value, EVENT_LANG_SV) == 0) {
            strcpy(dst, EVENT_LANG_SV);
        } else if (strcasecmp(value, EVENT_LANG_EN) == 0) {
            strcpy(dst, EVENT_LANG_EN);
        } else {
            fail(p, "language '%s' is not supported; write sv or en", value);
            return 0;
        }
        break;
    }
    return 1;
}

/* Message for a line inih itself refused: no '=' or a section without its ']'. */
static void fail_syntax(Parse *p, int line)
{
    size_t pos = 0, next = 0, end = 0;
    for (int i = 1; i <= line && pos < p->len; i++) {
        end = line_end(p->data, p->len, pos, &next);
        if (i < line)
            pos = next;
    }
    while (pos < end && is_blank(p->data[pos]))
        pos++;
    p->err_line = 0;
    p->line = line;
    if (pos < end && p->data[pos] == '[')
        fail(p, "section header has no closing ']'; write it as [event]");
    else
        fail(p, "expected 'key = value' or [event]; a value must fit on one line");
}

/* The stable key when the file gives no id: date and title as a URL-safe slug, so the
 * same meeting imported twice is the same event. A title too long for the key is cut
 * after a whole word where there is one. */
static void default_key(EventInfo *ev)
{
    char folded[3 * EVENT_TEXT_MAX];
    text_fold(folded, sizeof folded, ev->title);

    const size_t cap = sizeof ev->key;
    size_t n = strlen(ev->date), word_end = n;
    memcpy(ev->key, ev->date, n);
    bool dash = true;
    for (const char *s = folded; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            dash = true;
            continue;
        }
        if (n + (dash ? 2 : 1) >= cap) {
            /* Out of room inside a word: go back to the end of the last whole one. */
            if (!dash && word_end > strlen(ev->date))
                n = word_end;
            break;
        }
        if (dash) {
            word_end = n;
            ev->key[n++] = '-';
            dash = false;
        }
        ev->key[n++] = c;
    }
    ev->key[n] = '\0';
}

int event_parse(const char *name, const char *data, size_t len, EventInfo *out, char *err,
                size_t errcap)
{
    if (len > EVENT_FILE_MAX) {
        say(err, errcap, "%s: file is larger than %d KiB; is it the right file?", name,
            EVENT_FILE_MAX / 1024);
        return -1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    memset(out, 0, sizeof *out);
    Parse p = {.name = name, .data = data, .len = len, .out = out, .err = err, .errcap = errcap};

    int rc = ini_parse_stream(read_line, &p, on_value, &p);
    if (rc > 0 && (p.err_line == 0 || rc < p.err_line))
        fail_syntax(&p, rc);
    else if (rc < 0 && !p.err_line)
        say(err, errcap, "%s: out of memory while reading", name);
    if (rc < 0 || p.err_line)
        return -1;

    if (!p.seen[EF_TITLE]) {
        say(err, errcap, "%s: missing required key 'title' in [event]", name);
        return -1;
    }
    if (!p.seen[EF_DATE]) {
        say(err, errcap, "%s: missing required key 'date' in [event]", name);
        return -1;
    }
    if (!out->language[0])
        strcpy(out->language, EVENT_LANG_SV);
    if (!out->key[0])
        default_key(out);
    return 0;
}

int event_load(const char *path, EventInfo *out, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        say(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    char *buf = malloc(EVENT_FILE_MAX + 1);
    if (!buf) {
        say(err, errcap, "%s: out of memory while reading", path);
        goto done;
    }
    /* One byte more than allowed tells a file at the limit from a larger one. */
    size_t n = fread(buf, 1, EVENT_FILE_MAX + 1, f);
    if (ferror(f)) {
        say(err, errcap, "%s: cannot read: %s", path, strerror(errno));
        goto done;
    }
    rc = event_parse(path, buf, n, out, err, errcap);
done:
    free(buf);
    fclose(f);
    return rc;
}
