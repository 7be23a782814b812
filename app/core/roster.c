/* roster: reads the attendee list an organiser exports from a registration tool.
 *
 * libcsv does the quoting; this file decides what the columns mean and whether the list
 * is fit to import. The list loads whole or not at all, and every complaint names the
 * line where the bad row starts, as the organiser sees it in an editor. libcsv knows
 * nothing of lines, so the data is fed to it one line at a time: a row can end only at
 * the end of a line, so the line fed when a row begins is the row's line, and a row that
 * did not end with its line (a quoted value with a line break) carries on into the next.
 *
 * Text is stored cleaned to one line (line breaks inside a quoted name become a space);
 * only text that is not UTF-8 at all is refused, since that means the file was saved in
 * another encoding and every å, ä and ö in it would be wrong.
 */
#include "core/roster.h"

#include <csv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "core/textfile.h"

#define ROSTER_FILE_MAX ((size_t)64 * 1024 * 1024) /* bytes */

typedef enum Role {
    RO_NAME,
    RO_FIRST,
    RO_LAST,
    RO_ORG,
    RO_ROLE,
    RO_EMAIL,
    RO_TICKET,
    RO_CONSENT,
    RO_COUNT
} Role;

/* Header names after normalising (see header_role). When two columns name the same
 * thing the lower rank wins, then the leftmost: tools often export both "Biljett" (the
 * ticket type, "Standard") and "Biljettkod" (the code), and the code is what we need. */
static const struct {
    const char *header;
    Role role;
    int rank;
} HEADERS[] = {
    {"namn", RO_NAME, 0},
    {"name", RO_NAME, 0},
    {"fullstandigtnamn", RO_NAME, 0},
    {"fullname", RO_NAME, 0},
    {"fornamn", RO_FIRST, 0},
    {"firstname", RO_FIRST, 0},
    {"efternamn", RO_LAST, 0},
    {"lastname", RO_LAST, 0},
    {"organisation", RO_ORG, 0},
    {"organization", RO_ORG, 0},
    {"foretag", RO_ORG, 0},
    {"company", RO_ORG, 0},
    {"org", RO_ORG, 0},
    {"arbetsgivare", RO_ORG, 0},
    {"roll", RO_ROLE, 0},
    {"titel", RO_ROLE, 0},
    {"title", RO_ROLE, 0},
    {"role", RO_ROLE, 0},
    {"befattning", RO_ROLE, 0},
    {"jobtitle", RO_ROLE, 0},
    {"epost", RO_EMAIL, 0},
    {"email", RO_EMAIL, 0},
    {"mail", RO_EMAIL, 0},
    {"epostadress", RO_EMAIL, 0},
    {"emailaddress", RO_EMAIL, 0},
    {"biljettkod", RO_TICKET, 0},
    {"ticketcode", RO_TICKET, 0},
    {"kod", RO_TICKET, 0},
    {"code", RO_TICKET, 0},
    {"biljett", RO_TICKET, 1},
    {"ticket", RO_TICKET, 1},
    /* A bare consent; a header that names the list (rank 0) is more certain. */
    {"samtycke", RO_CONSENT, 1},
    {"samtycker", RO_CONSENT, 1},
    {"consent", RO_CONSENT, 1},
};

/* Consent is the one column matched by a part of its header, because registration forms
 * put the whole question there ("Får vi visa ditt namn på deltagarlistan?"). What decides
 * is that the header names the shared participant list (folded, spaces dropped): a header
 * that only mentions consent may be consent to a newsletter or to photos, and taking that
 * would put people on a list they never agreed to. Nor is a header about the list taken
 * when one of its words makes it a refusal ("Visa inte på deltagarlistan", "Hide from
 * attendee list"): there a mark means no. Such headers are reported, not guessed at. */
static const char *const LIST_PARTS[] = {
    "deltagarlist",     "deltagarforteckning", "participantlist",
    "participantslist", "attendeelist",        "attendeeslist",
};
static const char *const CONSENT_PARTS[] = {"samtyck", "consent"};
static const char *const REFUSAL_WORDS[] = {
    "inte", "ej",  "icke", "ingen", "aldrig", "dolj",    "undanta", "avboj",    "avbojer",
    "not",  "don", "dont", "never", "hide",   "exclude", "decline", "declined", "optout",
};

/* What each role is called in messages. */
static const char *const ROLE_NAMES[RO_COUNT] = {
    [RO_NAME] = "name",          [RO_FIRST] = "first name", [RO_LAST] = "last name",
    [RO_ORG] = "organisation",   [RO_ROLE] = "role",        [RO_EMAIL] = "e-mail address",
    [RO_TICKET] = "ticket code", [RO_CONSENT] = "consent",
};

/* First words of a consent value, folded: "Ja, visa mitt namn" is yes, "Nej tack" no. An
 * empty value is no (an unticked box). Anything else is unclear: no, but counted. */
static const char *const YES_WORDS[] = {"ja", "j", "yes", "y", "1", "x", "true", "sant"};
static const char *const NO_WORDS[] = {"nej", "n", "no", "ej", "0", "false", "falskt"};
/* Values with no letter or digit in them: a check mark is yes, a dash no. */
static const char *const YES_MARKS[] = {"\xE2\x9C\x93", "\xE2\x9C\x94", "\xE2\x98\x91"}; /* ✓✔☑ */
static const char *const NO_MARKS[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94"}; /* -–— */

typedef enum Consent { CONSENT_NO, CONSENT_YES, CONSENT_UNCLEAR } Consent;

typedef struct Parse {
    const char *name; /* file name for messages */
    char *err;
    size_t errcap;
    bool failed;
    Roster *r;
    char sep;

    int line;                             /* 1-based line being fed to libcsv */
    int row_line;                         /* line where the current row starts */
    int field_line;                       /* line where the current field starts */
    bool row_ended;                       /* a row ended while the current line was fed */
    size_t nfield;                        /* fields seen so far in the current row */
    bool any_text;                        /* the current row has a field that is not blank */
    bool in_header;                       /* the current row is the header */
    size_t ncols;                         /* fields in the header */
    long col[RO_COUNT];                   /* column of each role, -1 if none */
    int rank[RO_COUNT];                   /* HEADERS rank of that column */
    char val[RO_COUNT][ROSTER_FIELD_MAX]; /* current row, cleaned */
    size_t rows;                          /* data rows read, duplicates included */
    RosterConsent consent;                /* what the consent column came to */

    size_t cap;      /* entries allocated */
    uint32_t *slots; /* open-addressing index of keys: entry index + 1, 0 = empty */
    size_t nslots;   /* power of two */
} Parse;

/* Records the first error, "NAME:LINE: msg"; everything after it is ignored. */
static void fail(Parse *p, int line, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    char raw[768], msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Messages quote the file: keep them one line of valid UTF-8 whatever it holds. */
    text_clean_line(msg, sizeof msg, raw, strlen(raw));
    text_printf(p->err, p->errcap, "%s:%d: %s", p->name, line, msg);
}

static bool is_blank_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank_byte(s[i]))
            return false;
    return true;
}

/* Finds the line starting at pos: returns its end (before the line break) and stores the
 * start of the next line in *next. A lone CR ends a line too: libcsv ends a row there,
 * and old Mac exports use it. */
static size_t line_end(const char *s, size_t len, size_t pos, size_t *next)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    const char *cr = memchr(s + pos, '\r', end - pos);
    if (cr)
        end = (size_t)(cr - s);
    *next = end;
    if (end < len)
        *next = (s[end] == '\r' && end + 1 < len && s[end + 1] == '\n') ? end + 2 : end + 1;
    return end;
}

/* Picks ';' or ',' by counting both outside quotes in the header row (which starts at
 * pos); a tie goes to ';', the Swedish Excel default, unless neither occurs. */
static char detect_separator(const char *s, size_t len, size_t pos)
{
    size_t commas = 0, semis = 0;
    bool quoted = false;
    for (size_t i = pos; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            commas++;
        else if (c == ';')
            semis++;
    }
    return commas > semis ? ',' : (semis > 0 ? ';' : ',');
}

/* Folds src for comparison (see text_fold) and collapses the spaces that folding leaves
 * for punctuation into single spaces, trimmed; with squeeze, drops them altogether. */
static void fold_words(char *dst, size_t cap, const char *src, bool squeeze)
{
    char folded[3 * ROSTER_FIELD_MAX];
    text_fold(folded, sizeof folded, src);
    size_t n = 0;
    bool gap = false;
    for (const char *s = folded; *s; s++) {
        if (*s == ' ') {
            gap = n > 0 && !squeeze;
            continue;
        }
        if (n + 2 >= cap)
            break;
        if (gap)
            dst[n++] = ' ';
        gap = false;
        dst[n++] = *s;
    }
    /* The cap check above may have stopped inside a multi-byte letter. */
    while (n > 0 && ((unsigned char)dst[n - 1] & 0x80) && !text_valid_utf8(dst, n))
        n--;
    while (n > 0 && dst[n - 1] == ' ')
        n--;
    dst[n] = '\0';
}

static bool contains_any(const char *s, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, parts[i]))
            return true;
    return false;
}

/* True if one of the space-separated words of s is in words. */
static bool has_word(const char *s, const char *const *words, size_t n)
{
    for (const char *w = s; *w;) {
        size_t len = strcspn(w, " ");
        for (size_t i = 0; i < n; i++)
            if (strlen(words[i]) == len && memcmp(w, words[i], len) == 0)
                return true;
        w += len;
        w += *w == ' ';
    }
    return false;
}

/* The header as written, on one line, cut to fit a message. */
static void quote_header(char *dst, const char *s)
{
    text_clean_line(dst, ROSTER_QUOTE_MAX, s, strlen(s));
}

static void take_column(Parse *p, Role r, int rank, size_t col, const char *s)
{
    if (p->col[r] >= 0 && rank >= p->rank[r])
        return;
    p->col[r] = (long)col;
    p->rank[r] = rank;
    if (r == RO_CONSENT) {
        p->consent.column = (int)col + 1;
        quote_header(p->consent.header, s);
    }
}

static void header_field(Parse *p, size_t col, const char *s)
{
    char h[256], words[256];
    fold_words(h, sizeof h, s, true);
    for (size_t i = 0; i < sizeof HEADERS / sizeof HEADERS[0]; i++) {
        if (strcmp(HEADERS[i].header, h) == 0) {
            take_column(p, HEADERS[i].role, HEADERS[i].rank, col, s);
            return;
        }
    }
    bool list = contains_any(h, LIST_PARTS, sizeof LIST_PARTS / sizeof LIST_PARTS[0]);
    if (!list && !contains_any(h, CONSENT_PARTS, sizeof CONSENT_PARTS / sizeof CONSENT_PARTS[0]))
        return;
    fold_words(words, sizeof words, s, false);
    bool refusal = strstr(h, "optout") ||
                   has_word(words, REFUSAL_WORDS, sizeof REFUSAL_WORDS / sizeof REFUSAL_WORDS[0]);
    if (list && !refusal) {
        take_column(p, RO_CONSENT, 0, col, s);
    } else if (p->consent.unused_column == 0) {
        p->consent.unused_column = (int)col + 1;
        p->consent.unused_refusal = refusal;
        quote_header(p->consent.unused_header, s);
    }
}

static void on_field(void *s, size_t len, void *data)
{
    Parse *p = data;
    const char *f = s;
    size_t col = p->nfield++;
    /* The next field starts on the line where this one's separator was fed. */
    p->field_line = p->line;
    if (p->failed)
        return;
    if (!text_valid_utf8(f, len)) {
        fail(p, p->row_line,
             "column %zu is not valid UTF-8 text; save the list as \"CSV UTF-8\" and try again",
             col + 1);
        return;
    }
    if (p->in_header) {
        header_field(p, col, f);
        return;
    }
    if (!is_blank(f, len))
        p->any_text = true;
    for (int r = 0; r < RO_COUNT; r++) {
        if (p->col[r] != (long)col)
            continue;
        /* Cleaning never lengthens text, and when it is cut it keeps at least cap - 5
         * bytes, so a buffer a little larger than a field tells "fits" from "too long". */
        char tmp[ROSTER_FIELD_MAX + 8];
        size_t n = text_clean_line(tmp, sizeof tmp, f, len);
        if (n >= ROSTER_FIELD_MAX) {
            fail(p, p->row_line,
                 "the %s in column %zu is too long (more than %d bytes); shorten it", ROLE_NAMES[r],
                 col + 1, ROSTER_FIELD_MAX - 1);
            return;
        }
        memcpy(p->val[r], tmp, n + 1);
    }
}

static void finish_header(Parse *p)
{
    p->ncols = p->nfield;
    p->in_header = false;
    /* A column not taken matters only when nothing was. */
    if (p->col[RO_CONSENT] >= 0) {
        p->consent.unused_column = 0;
        p->consent.unused_refusal = false;
        p->consent.unused_header[0] = '\0';
    }
    if (p->col[RO_NAME] < 0 && p->col[RO_FIRST] < 0 && p->col[RO_LAST] < 0)
        fail(p, p->row_line,
             "no name column in the header row; name a column Namn or Name (or Förnamn and "
             "Efternamn, or First name and Last name)%s",
             p->ncols == 1 ? ", and separate columns with ';' or ','" : "");
}

static bool in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* What a consent value (cleaned to one line) says. */
static Consent consent_of(const char *v)
{
    if (!v[0])
        return CONSENT_NO;
    char w[32];
    fold_words(w, sizeof w, v, false);
    if (!w[0]) {
        if (in_list(v, YES_MARKS, sizeof YES_MARKS / sizeof YES_MARKS[0]))
            return CONSENT_YES;
        if (in_list(v, NO_MARKS, sizeof NO_MARKS / sizeof NO_MARKS[0]))
            return CONSENT_NO;
        return CONSENT_UNCLEAR;
    }
    char *space = strchr(w, ' ');
    if (space)
        *space = '\0';
    if (in_list(w, YES_WORDS, sizeof YES_WORDS / sizeof YES_WORDS[0]))
        return CONSENT_YES;
    if (in_list(w, NO_WORDS, sizeof NO_WORDS / sizeof NO_WORDS[0]))
        return CONSENT_NO;
    return CONSENT_UNCLEAR;
}

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

/* The slot holding key, or the empty slot where it belongs. */
static size_t slot_of(const Parse *p, const char *key)
{
    size_t mask = p->nslots - 1;
    for (size_t i = (size_t)key_hash(key) & mask;; i = (i + 1) & mask) {
        uint32_t v = p->slots[i];
        if (v == 0 || strcmp(p->r->entries[v - 1].key, key) == 0)
            return i;
    }
}

/* Makes room for one more entry and its key, keeping the index at most half full. */
static bool reserve(Parse *p)
{
    Roster *r = p->r;
    if (r->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        RosterEntry *e = realloc(r->entries, cap * sizeof *e);
        if (!e)
            return false;
        r->entries = e;
        p->cap = cap;
    }
    if ((r->count + 1) * 2 > p->nslots) {
        size_t nslots = p->nslots ? p->nslots * 2 : 1024;
        uint32_t *slots = calloc(nslots, sizeof *slots);
        if (!slots)
            return false;
        free(p->slots);
        p->slots = slots;
        p->nslots = nslots;
        for (size_t i = 0; i < r->count; i++)
            p->slots[slot_of(p, r->entries[i].key)] = (uint32_t)(i + 1);
    }
    return true;
}

/* Writes the identity key of e; false if the ticket code or e-mail is too long for one. */
static bool make_key(RosterEntry *e)
{
    if (e->ticket[0])
        return (size_t)snprintf(e->key, sizeof e->key, "t:%s", e->ticket) < sizeof e->key;
    if (e->email[0]) {
        int n = snprintf(e->key, sizeof e->key, "e:%s", e->email);
        for (char *c = e->key; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        return (size_t)n < sizeof e->key;
    }
    /* Name and organisation can together exceed a key; two people whose names agree for
     * the first two hundred bytes are not a real risk, so the key is cut, not refused. */
    char name[ROSTER_FIELD_MAX], org[ROSTER_FIELD_MAX];
    fold_words(name, sizeof name, e->name, false);
    fold_words(org, sizeof org, e->organisation, false);
    size_t n = (size_t)snprintf(e->key, sizeof e->key, "n:%s|%s", name, org);
    if (n >= sizeof e->key) {
        n = sizeof e->key - 1;
        while (n > 0 && !text_valid_utf8(e->key, n))
            n--;
        e->key[n] = '\0';
    }
    return true;
}

static bool same_person(const RosterEntry *a, const RosterEntry *b)
{
    char fa[ROSTER_FIELD_MAX], fb[ROSTER_FIELD_MAX];
    fold_words(fa, sizeof fa, a->name, false);
    fold_words(fb, sizeof fb, b->name, false);
    return strcmp(fa, fb) == 0;
}

static void finish_row(Parse *p)
{
    Roster *r = p->r;
    int line = p->row_line;
    /* Excel leaves rows of bare separators below the data; they hold nobody. */
    if (!p->any_text)
        return;
    if (++p->rows > ROSTER_MAX_ROWS) {
        fail(p, line, "more than %d attendees; split the list into smaller files", ROSTER_MAX_ROWS);
        return;
    }
    if (p->nfield != p->ncols) {
        fail(p, line,
             "row has %zu fields but the header has %zu; look for a missing or extra '%c', "
             "or put quotes around a value that contains one",
             p->nfield, p->ncols, p->sep);
        return;
    }

    RosterEntry e;
    memset(&e, 0, sizeof e);
    e.line = line;
    if (p->val[RO_NAME][0]) {
        memcpy(e.name, p->val[RO_NAME], sizeof e.name);
    } else {
        const char *first = p->val[RO_FIRST], *last = p->val[RO_LAST];
        int n =
            snprintf(e.name, sizeof e.name, "%s%s%s", first, first[0] && last[0] ? " " : "", last);
        if ((size_t)n >= sizeof e.name) {
            fail(p, line, "first and last name together are longer than %d bytes; shorten them",
                 ROSTER_FIELD_MAX - 1);
            return;
        }
    }
    if (!e.name[0]) {
        fail(p, line, "row has no name; fill in the name or delete the row");
        return;
    }
    memcpy(e.organisation, p->val[RO_ORG], sizeof e.organisation);
    memcpy(e.role, p->val[RO_ROLE], sizeof e.role);
    memcpy(e.email, p->val[RO_EMAIL], sizeof e.email);
    memcpy(e.ticket, p->val[RO_TICKET], sizeof e.ticket);
    Consent consent = consent_of(p->val[RO_CONSENT]);
    e.consent = consent == CONSENT_YES;
    if (!make_key(&e)) {
        fail(p, line, "%s is longer than %d bytes; shorten it",
             e.ticket[0] ? "ticket code" : "e-mail address", ROSTER_FIELD_MAX - 3);
        return;
    }

    if (!reserve(p)) {
        fail(p, line, "out of memory after %zu attendees", r->count);
        return;
    }
    size_t slot = slot_of(p, e.key);
    if (p->slots[slot]) {
        const RosterEntry *prev = &r->entries[p->slots[slot] - 1];
        if (same_person(prev, &e)) {
            r->duplicates++;
            return;
        }
        if (e.ticket[0])
            fail(p, line,
                 "ticket code '%s' is already used by %s on line %d; give each person "
                 "their own code",
                 e.ticket, prev->name, prev->line);
        else
            fail(p, line,
                 "e-mail address '%s' is already used by %s on line %d; give each person "
                 "their own address or a ticket code",
                 e.email, prev->name, prev->line);
        return;
    }
    p->slots[slot] = (uint32_t)(r->count + 1);
    r->entries[r->count++] = e;
    if (consent == CONSENT_UNCLEAR && p->consent.unclear++ == 0) {
        p->consent.unclear_line = line;
        text_clean_line(p->consent.unclear_value, sizeof p->consent.unclear_value,
                        p->val[RO_CONSENT], strlen(p->val[RO_CONSENT]));
    }
}

static void on_row(int c, void *data)
{
    (void)c;
    Parse *p = data;
    p->row_ended = true;
    if (!p->failed) {
        if (p->in_header)
            finish_header(p);
        else
            finish_row(p);
    }
    p->nfield = 0;
    p->any_text = false;
    memset(p->val, 0, sizeof p->val);
}

/* Message for a quote libcsv refused in strict mode, found on line bad. */
static void fail_quote(Parse *p, int bad)
{
    if (bad == p->row_line)
        fail(p, bad,
             "misplaced quote (\"); put quotes around the whole value and double any quote "
             "inside it (\"\")");
    else
        fail(p, p->row_line,
             "misplaced quote (\") on line %d of this row; look for a quote left open on "
             "line %d",
             bad, p->row_line);
}

int roster_parse_consent(const char *name, const char *data, size_t len, Roster *out,
                         RosterConsent *consent, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (consent)
        memset(consent, 0, sizeof *consent);
    if (len > ROSTER_FILE_MAX) {
        text_printf(err, errcap, "%s: file is larger than %zu MiB; is it the right file?", name,
                    ROSTER_FILE_MAX / (1024 * 1024));
        return -1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    size_t head = 0;
    while (head < len && is_blank_byte(data[head]))
        head++;
    if (head == len) {
        text_printf(err, errcap,
                    "%s: the file is empty; export the attendee list with its header row", name);
        return -1;
    }

    struct csv_parser csv;
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        text_printf(err, errcap, "%s: out of memory while reading", name);
        return -1;
    }
    Parse *p = calloc(1, sizeof *p);
    if (!p) {
        csv_free(&csv);
        text_printf(err, errcap, "%s: out of memory while reading", name);
        return -1;
    }
    p->name = name;
    p->err = err;
    p->errcap = errcap;
    p->r = out;
    p->in_header = true;
    for (int r = 0; r < RO_COUNT; r++)
        p->col[r] = -1;
    /* The header starts at the first line that is not blank. */
    size_t h = head;
    while (h > 0 && data[h - 1] != '\n' && data[h - 1] != '\r')
        h--;
    p->sep = detect_separator(data, len, h);
    csv_set_delim(&csv, (unsigned char)p->sep);

    bool row_open = false;
    for (size_t pos = 0; pos < len && !p->failed;) {
        size_t next;
        size_t end = line_end(data, len, pos, &next);
        p->line++;
        if (!row_open) {
            if (is_blank(data + pos, end - pos)) {
                pos = next;
                continue;
            }
            row_open = true;
            p->row_line = p->field_line = p->line;
        }
        p->row_ended = false;
        size_t fed = csv_parse(&csv, data + pos, next - pos, on_field, on_row, p);
        if (fed != next - pos) {
            if (csv_error(&csv) == CSV_EPARSE)
                fail_quote(p, p->line);
            else
                fail(p, p->line, "out of memory while reading");
        }
        if (p->row_ended)
            row_open = false;
        pos = next;
    }
    if (!p->failed && csv_fini(&csv, on_field, on_row, p) != 0) {
        if (csv_error(&csv) == CSV_EPARSE)
            fail(p, p->nfield > 0 ? p->field_line : p->row_line,
                 "quoted value starting on this line is never closed; add the closing quote (\")");
        else
            fail(p, p->line, "out of memory while reading");
    }
    csv_free(&csv);

    if (!p->failed && out->count == 0)
        text_printf(err, errcap, "%s: no attendees below the header row; is it the right file?",
                    name);
    bool ok = !p->failed && out->count > 0;
    char sep = p->sep;
    if (ok && consent)
        *consent = p->consent;
    free(p->slots);
    free(p);
    if (!ok) {
        roster_free(out);
        return -1;
    }
    out->separator = sep;
    RosterEntry *fit = realloc(out->entries, out->count * sizeof *fit);
    if (fit)
        out->entries = fit;
    return 0;
}

int roster_parse(const char *name, const char *data, size_t len, Roster *out, char *err,
                 size_t errcap)
{
    return roster_parse_consent(name, data, len, out, NULL, err, errcap);
}

int roster_load_consent(const char *path, Roster *out, RosterConsent *consent, char *err,
                        size_t errcap)
{
    char *buf;
    size_t len;
    memset(out, 0, sizeof *out);
    if (consent)
        memset(consent, 0, sizeof *consent);
    if (textfile_read(path, ROSTER_FILE_MAX, &buf, &len, err, errcap) != 0)
        return -1;
    int rc = roster_parse_consent(path, buf, len, out, consent, err, errcap);
    free(buf);
    return rc;
}

int roster_load(const char *path, Roster *out, char *err, size_t errcap)
{
    return roster_load_consent(path, out, NULL, err, errcap);
}

const char *roster_consent_headers(void)
{
    return "Samtycke, Consent, or one that names the participant list, such as \"Samtycke "
           "till deltagarlista\", \"Får synas på deltagarlistan\" or \"Consent to participant "
           "list\"";
}

const char *roster_consent_values(void)
{
    return "yes is ja, j, yes, y, x, 1, true or a check mark; no is nej, n, no, 0, false, a "
           "dash or empty";
}

void roster_free(Roster *r)
{
    if (!r)
        return;
    free(r->entries);
    memset(r, 0, sizeof *r);
}
