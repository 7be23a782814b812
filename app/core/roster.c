/* roster: what the rows and columns of an attendee list mean (see roster.h).
 *
 * sheet turns the file into rows of UTF-8 cells; this file finds the header among them,
 * decides which column holds which field, and which rows are people. It works in passes
 * over the rows, because the content decides as much as the headers do: a column of
 * "anonymous" is no e-mail column whatever its header says, and whether names are written
 * "Efternamn, Förnamn" is a question about most names, not one.
 *
 *   1. the header: the row among the first that names the most fields, one a name;
 *   2. the shape of every row below it: blank, a section heading, a repeated header, a
 *      totals row, or data; and what the data rows hold in each candidate column;
 *   3. the columns, candidates ranked by how exact their header is, the content first;
 *   4. the people: values cleaned to one line, status, names, length limits;
 *   5. names turned from "Efternamn, Förnamn" when most are written so;
 *   6. identity: shared e-mail addresses, keys, and repeated rows.
 * Passes 1 to 3 are in roster_columns.c, with the table of headers; 4 to 6 here.
 *
 * The list loads whole or not at all; every complaint names the line where the row
 * starts, as the organiser sees it in an editor (or the row number in Excel).
 */
#include "core/roster_private.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"
#include "core/text.h"

/* Status values (folded, spaces dropped, by how they start) of someone not coming. */
static const char *const NOT_COMING[] = {
    "cancel",    "refund",     "notattending", "expired",   "avbok",       "aterbud",
    "avanmal",   "avregistr",  "makuler",      "aterbetal", "annuller",    "deltarinte",
    "deltarej",  "kommerinte", "declined",     "deleted",   "transferred", "waitlist",
    "vantelist", "struken",    "borttagen",    "removed",   "void",        "ogiltig",
};

/* Suffixes Teams adds to names (folded, inside the parentheses). */
static const char *const TEAMS_SUFFIXES[] = {"external",    "extern",         "guest",
                                             "gast",        "unverified",     "ej verifierad",
                                             "overifierad", "inte verifierad"};

/* First words of a consent value, folded: "Ja, visa mitt namn" is yes, "Nej tack" no. An
 * empty value is no (an unticked box). Anything else is unclear: no, but counted. */
static const char *const YES_WORDS[] = {"ja", "j", "yes", "y", "1", "x", "true", "sant"};
static const char *const NO_WORDS[] = {"nej", "n", "no", "ej", "0", "false", "falskt"};
/* Values with no letter or digit in them: a check mark is yes, a dash no. */
static const char *const YES_MARKS[] = {"\xE2\x9C\x93", "\xE2\x9C\x94", "\xE2\x98\x91"}; /* ✓✔☑ */
static const char *const NO_MARKS[] = {"-", "\xE2\x80\x93", "\xE2\x80\x94"}; /* -–— */

typedef enum Consent { CONSENT_NO, CONSENT_YES, CONSENT_UNCLEAR } Consent;

/* ---- text and messages ------------------------------------------------------------- */

/* Folds src for comparison (see text_fold) and collapses the spaces that folding leaves
 * for punctuation into single spaces, trimmed; with squeeze, drops them altogether. */
void rosterp_fold_words(char *dst, size_t cap, const char *src, bool squeeze)
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
        if (n + 2 >= cap) {
            break;
        }
        if (gap) {
            dst[n++] = ' ';
        }
        gap = false;
        dst[n++] = *s;
    }
    /* The cap check above may have stopped inside a multi-byte letter. */
    while (n > 0 && ((unsigned char)dst[n - 1] & 0x80) && !text_valid_utf8(dst, n)) {
        n--;
    }
    while (n > 0 && dst[n - 1] == ' ') {
        n--;
    }
    dst[n] = '\0';
}

bool rosterp_in_list(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(s, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

bool rosterp_is_blank(const char *s)
{
    for (; *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') {
            return false;
        }
    }
    return true;
}

/* A cell as written, on one line, cut to fit a message. */
void rosterp_quote_cell(char *dst, size_t cap, const char *s)
{
    text_clean_line(dst, cap, s, strlen(s));
}

bool rosterp_starts_with_any(const char *s, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strncmp(s, parts[i], strlen(parts[i])) == 0) {
            return true;
        }
    }
    return false;
}

/* Records the first error, "NAME:LINE: msg" (no line if line is 0). */
void rosterp_fail(Parse *p, int line, const char *fmt, ...)
{
    if (p->failed) {
        return;
    }
    p->failed = true;
    char raw[768], msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Messages quote the file: keep them one line of valid UTF-8 whatever it holds. */
    text_clean_line(msg, sizeof msg, raw, strlen(raw));
    if (line > 0) {
        text_printf(p->err, p->errcap, "%s:%d: %s", p->name, line, msg);
    } else {
        text_printf(p->err, p->errcap, "%s: %s", p->name, msg);
    }
}

/* Adds a skipped row (or run of rows) to the report. */
void rosterp_skip(Parse *p, int line, int last_line, const char *fmt, ...)
{
    RosterReport *rep = p->rep;
    if (rep->nskipped == p->skip_cap) {
        size_t cap = p->skip_cap ? p->skip_cap * 2 : 16;
        RosterSkip *s = realloc(rep->skipped, cap * sizeof *s);
        if (!s) {
            rosterp_fail(p, line, "out of memory");
            return;
        }
        rep->skipped = s;
        p->skip_cap = cap;
    }
    RosterSkip *s = &rep->skipped[rep->nskipped++];
    s->line = line;
    s->last_line = last_line;
    char raw[ROSTER_WHY_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    text_clean_line(s->why, sizeof s->why, raw, strlen(raw));
}

/* Adds a warning to the report. */
void rosterp_warn(Parse *p, const char *fmt, ...)
{
    RosterReport *rep = p->rep;
    char raw[ROSTER_WHY_MAX * 3];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    char **w = realloc(rep->warnings, (rep->nwarnings + 1) * sizeof *w);
    if (!w) {
        rosterp_fail(p, 0, "out of memory");
        return;
    }
    rep->warnings = w;
    char *line = malloc(ROSTER_WHY_MAX * 2);
    if (!line) {
        rosterp_fail(p, 0, "out of memory");
        return;
    }
    text_clean_line(line, ROSTER_WHY_MAX * 2, raw, strlen(raw));
    rep->warnings[rep->nwarnings++] = line;
}

/* The row's cells joined for a message, cut to fit. */
void rosterp_quote_row(char *dst, size_t cap, const SheetRow *row)
{
    size_t n = 0;
    dst[0] = '\0';
    for (size_t c = 0; c < row->ncells && n + 8 < cap; c++) {
        if (rosterp_is_blank(row->cells[c])) {
            continue;
        }
        if (n) {
            n += (size_t)snprintf(dst + n, cap - n, " | ");
        }
        if (n + 1 >= cap) {
            break;
        }
        n += text_clean_line(dst + n, cap - n, row->cells[c], strlen(row->cells[c]));
    }
}

const char *rosterp_cell(const SheetRow *row, int col)
{
    return col >= 0 && (size_t)col < row->ncells ? row->cells[col] : "";
}

/* ---- 4. the people ------------------------------------------------------------------- */

void rosterp_checkbox_key(char *dst, size_t cap, const char *v)
{
    rosterp_fold_words(dst, cap, v, false);
}

/* What a consent value (cleaned to one line) says. */
static Consent consent_of(const char *v)
{
    if (!v[0]) {
        return CONSENT_NO;
    }
    char w[32];
    rosterp_fold_words(w, sizeof w, v, false);
    if (!w[0]) {
        if (rosterp_in_list(v, YES_MARKS, ROSTER_COUNT(YES_MARKS))) {
            return CONSENT_YES;
        }
        if (rosterp_in_list(v, NO_MARKS, ROSTER_COUNT(NO_MARKS))) {
            return CONSENT_NO;
        }
        return CONSENT_UNCLEAR;
    }
    char *space = strchr(w, ' ');
    if (space) {
        *space = '\0';
    }
    if (rosterp_in_list(w, YES_WORDS, ROSTER_COUNT(YES_WORDS))) {
        return CONSENT_YES;
    }
    if (rosterp_in_list(w, NO_WORDS, ROSTER_COUNT(NO_WORDS))) {
        return CONSENT_NO;
    }
    return CONSENT_UNCLEAR;
}

/* Copies a cell into a field, cleaned to one line; false (and the error) if too long. */
static bool take_value(Parse *p, char *dst, const SheetRow *row, int col, RosterField f)
{
    dst[0] = '\0';
    if (col < 0 || (size_t)col >= row->ncells) {
        return true;
    }
    const char *v = row->cells[col];
    /* Cleaning never lengthens text, and when it is cut it keeps at least cap - 5 bytes,
     * so a buffer a little larger than a field tells "fits" from "too long". */
    char tmp[ROSTER_FIELD_MAX + 8];
    size_t n = text_clean_line(tmp, sizeof tmp, v, strlen(v));
    if (n >= ROSTER_FIELD_MAX) {
        rosterp_fail(p, row->line,
                     "the %s in column %d is too long (more than %d bytes); shorten it",
                     rosterp_field_words[f], col + 1, ROSTER_FIELD_MAX - 1);
        return false;
    }
    memcpy(dst, tmp, n + 1);
    return true;
}

/* "8,82001E+17", "1.23457E+18": what Excel writes for a long number in a General cell. */
static bool is_scientific(const char *v)
{
    const char *s = v;
    if (!(*s >= '0' && *s <= '9')) {
        return false;
    }
    s++;
    if (*s == '.' || *s == ',') {
        s++;
        if (!(*s >= '0' && *s <= '9')) {
            return false;
        }
        while (*s >= '0' && *s <= '9') {
            s++;
        }
    }
    if (*s != 'E' && *s != 'e') {
        return false;
    }
    s++;
    if (*s != '+') {
        return false;
    }
    s++;
    if (!(*s >= '0' && *s <= '9')) {
        return false;
    }
    while (*s >= '0' && *s <= '9') {
        s++;
    }
    return *s == '\0';
}

/* Drops a Teams suffix such as " (External)" from the end of a name. */
static void strip_suffix(char *name)
{
    size_t n = strlen(name);
    if (n < 4 || name[n - 1] != ')') {
        return;
    }
    char *open = strrchr(name, '(');
    if (!open || open == name) {
        return;
    }
    char inner[48];
    size_t len = (size_t)(name + n - 1 - (open + 1));
    if (len >= sizeof inner) {
        return;
    }
    memcpy(inner, open + 1, len);
    inner[len] = '\0';
    char key[48];
    rosterp_fold_words(key, sizeof key, inner, false);
    if (!rosterp_in_list(key, TEAMS_SUFFIXES, ROSTER_COUNT(TEAMS_SUFFIXES))) {
        return;
    }
    while (open > name && open[-1] == ' ') {
        open--;
    }
    *open = '\0';
}

static bool not_coming(const char *status)
{
    char key[64];
    rosterp_fold_words(key, sizeof key, status, true);
    return key[0] && rosterp_starts_with_any(key, NOT_COMING, ROSTER_COUNT(NOT_COMING));
}

static bool reserve(Parse *p)
{
    Roster *r = p->r;
    if (r->count < p->cap) {
        return true;
    }
    size_t cap = p->cap ? p->cap * 2 : 256;
    RosterEntry *e = realloc(r->entries, cap * sizeof *e);
    if (!e) {
        return false;
    }
    r->entries = e;
    unsigned char *u = realloc(p->unclear, cap);
    if (!u) {
        return false;
    }
    p->unclear = u;
    p->cap = cap;
    return true;
}

static char *one_comma(char *name);

/* One data row: a person, a skipped row, or an error. */
static void read_row(Parse *p, const SheetRow *row)
{
    RosterReport *rep = p->rep;
    /* In a text file a row must have the header's fields: one less means a value broke
     * over two lines without quotes, one more an unquoted separator. A workbook drops
     * empty cells at the end of a row, so there only the extra ones count. */
    size_t filled_cells = row->ncells;
    while (filled_cells > 0 && rosterp_is_blank(row->cells[filled_cells - 1])) {
        filled_cells--;
    }
    bool text = p->sh->info.format == SHEET_TEXT;
    if ((text && row->ncells < p->ncols) || filled_cells > p->ncols) {
        char sep = p->sh->info.separator;
        const char *sepname = sep == '\t' ? "tab" : sep == ';' ? "';'" : "','";
        rosterp_fail(
            p, row->line,
            "row has %zu fields but the header has %zu; look for a missing or extra %s, or put "
            "quotes around a value that contains one",
            row->ncells, p->ncols, text ? sepname : "cell");
        return;
    }
    if (p->col[ROSTER_STATUS] >= 0) {
        const char *st = rosterp_cell(row, p->col[ROSTER_STATUS]);
        if (not_coming(st)) {
            char q[ROSTER_QUOTE_MAX], n[ROSTER_QUOTE_MAX] = "";
            rosterp_quote_cell(q, sizeof q, st);
            for (int k = 0; k < p->nname_cols && !n[0]; k++) {
                rosterp_quote_cell(n, sizeof n, rosterp_cell(row, p->name_cols[k]));
            }
            if (!n[0]) {
                char both[2 * ROSTER_QUOTE_MAX];
                snprintf(both, sizeof both, "%s %s", rosterp_cell(row, p->col[ROSTER_FIRST]),
                         rosterp_cell(row, p->col[ROSTER_LAST]));
                rosterp_quote_cell(n, sizeof n, both);
            }
            rosterp_skip(p, row->line, row->line, "not expected: status \"%s\"%s%s", q,
                         n[0] ? ", " : "", n);
            rep->not_expected++;
            return;
        }
    }
    if (!reserve(p)) {
        rosterp_fail(p, row->line, "out of memory after %zu attendees", p->r->count);
        return;
    }
    RosterEntry *e = &p->r->entries[p->r->count];
    memset(e, 0, sizeof *e);
    e->line = row->line;
    for (int k = 0; k < p->nname_cols && !e->name[0]; k++) {
        if (!take_value(p, e->name, row, p->name_cols[k], ROSTER_NAME)) {
            return;
        }
    }
    bool from_parts = false;
    if (!e->name[0]) {
        char first[ROSTER_FIELD_MAX], last[ROSTER_FIELD_MAX];
        if (!take_value(p, first, row, p->col[ROSTER_FIRST], ROSTER_FIRST) ||
            !take_value(p, last, row, p->col[ROSTER_LAST], ROSTER_LAST)) {
            return;
        }
        int n = snprintf(e->name, sizeof e->name, "%s%s%s", first, first[0] && last[0] ? " " : "",
                         last);
        if ((size_t)n >= sizeof e->name) {
            rosterp_fail(p, row->line,
                         "first and last name together are longer than %d bytes; shorten them",
                         ROSTER_FIELD_MAX - 1);
            return;
        }
        from_parts = true;
    }
    if (!take_value(p, e->organisation, row, p->col[ROSTER_ORG], ROSTER_ORG) ||
        !take_value(p, e->role, row, p->col[ROSTER_ROLE], ROSTER_ROLE) ||
        !take_value(p, e->ticket, row, p->col[ROSTER_TICKET], ROSTER_TICKET)) {
        return;
    }
    for (int k = 0; k < p->nemail_cols && !e->email[0]; k++) {
        if (!take_value(p, e->email, row, p->email_cols[k], ROSTER_EMAIL)) {
            return;
        }
        if (e->email[0] && !strchr(e->email, '@')) {
            /* "anonymous", "-", "saknas": not an address, so neither contact nor identity. */
            if (p->bad_addresses++ == 0) {
                p->bad_address_line = row->line;
                rosterp_quote_cell(p->bad_address, sizeof p->bad_address, e->email);
            }
            e->email[0] = '\0';
        }
    }
    char consent[ROSTER_FIELD_MAX], first_time[ROSTER_FIELD_MAX];
    if (!take_value(p, consent, row, p->col[ROSTER_CONSENT], ROSTER_CONSENT) ||
        !take_value(p, first_time, row, p->col[ROSTER_FIRST_TIME], ROSTER_FIRST_TIME)) {
        return;
    }
    strip_suffix(e->name);
    if (!e->name[0]) {
        /* Not a person: pretix lists a lunch bought with a ticket as a position of its own,
         * with a code and the order's address but no name. Said, never refused. */
        if ((e->email[0] || e->ticket[0]) && p->nameless++ == 0) {
            p->nameless_line = row->line;
        }
        char q[SKIP_QUOTE];
        rosterp_quote_row(q, sizeof q, row);
        rosterp_skip(p, row->line, row->line, "no name: \"%s\"", q);
        return;
    }
    if (e->ticket[0] && is_scientific(e->ticket)) {
        /* Excel wrote a long code as a number it had already cut to 15 digits: no scan
         * can match it, and two cut codes may look alike. The person stays. */
        if (p->destroyed++ == 0) {
            p->destroyed_line = row->line;
            rosterp_quote_cell(p->destroyed_value, sizeof p->destroyed_value, e->ticket);
        }
        e->ticket[0] = '\0';
    }
    Consent c = consent_of(consent);
    if (p->checkbox[0] && c == CONSENT_UNCLEAR) {
        char key[sizeof p->checkbox];
        rosterp_checkbox_key(key, sizeof key, consent);
        c = strcmp(key, p->checkbox) == 0 ? CONSENT_YES : c;
    }
    e->consent = c == CONSENT_YES;
    /* "Ny i nätverket": read as consent is (ja, x, 1 ...); anything else is not new. */
    e->first_time = consent_of(first_time) == CONSENT_YES;
    p->unclear[p->r->count] = c == CONSENT_UNCLEAR;
    if (c == CONSENT_UNCLEAR && rep->consent.unclear++ == 0) {
        rep->consent.unclear_line = row->line;
        rosterp_quote_cell(rep->consent.unclear_value, sizeof rep->consent.unclear_value, consent);
    }
    /* A name made of parts is never "Efternamn, Förnamn": the key, made last, marks it
     * meanwhile. */
    e->key[0] = from_parts ? 'p' : '\0';
    if (!from_parts) {
        p->from_column++;
        p->with_comma += one_comma(e->name) != NULL;
    }
    p->r->count++;
}

/* ---- 5. "Efternamn, Förnamn" ----------------------------------------------------------- */

/* The comma in a name "Lejdberg, Anna", or NULL if it has not exactly one with text on
 * both sides. */
static char *one_comma(char *name)
{
    char *c = strchr(name, ',');
    if (!c || strchr(c + 1, ',')) {
        return NULL;
    }
    if (c == name || rosterp_is_blank(c + 1)) {
        return NULL;
    }
    return c;
}

static void turn_names(Parse *p)
{
    Roster *r = p->r;
    /* Counted as the rows were read, so a list without commas is not walked again. */
    size_t from_column = p->from_column, with_comma = p->with_comma;
    if (with_comma == 0) {
        return;
    }
    if (with_comma * 2 <= from_column) {
        for (size_t i = 0; i < r->count; i++) {
            RosterEntry *e = &r->entries[i];
            if (e->key[0] != 'p' && one_comma(e->name)) {
                rosterp_warn(p,
                             "line %d: the name \"%s\" holds a comma, but most names do not; it is "
                             "stored as written",
                             e->line, e->name);
                break;
            }
        }
        return;
    }
    char example[ROSTER_WHY_MAX] = "";
    for (size_t i = 0; i < r->count; i++) {
        RosterEntry *e = &r->entries[i];
        char *comma = e->key[0] == 'p' ? NULL : one_comma(e->name);
        if (!comma) {
            continue;
        }
        char last[ROSTER_FIELD_MAX], turned[ROSTER_FIELD_MAX * 2];
        size_t n = (size_t)(comma - e->name);
        memcpy(last, e->name, n);
        last[n] = '\0';
        const char *first = comma + 1;
        while (*first == ' ') {
            first++;
        }
        while (n > 0 && last[n - 1] == ' ') {
            last[--n] = '\0';
        }
        snprintf(turned, sizeof turned, "%s %s", first, last);
        if (!example[0]) {
            text_printf(example, sizeof example, "line %d: \"%s\" is stored as \"%s\"", e->line,
                        e->name, turned);
        }
        /* Same bytes less the comma: it fits. */
        text_clean_line(e->name, sizeof e->name, turned, strlen(turned));
        p->rep->swapped++;
    }
    rosterp_warn(p,
                 "%zu of %zu names are written \"Efternamn, Förnamn\" and are stored as \"Förnamn "
                 "Efternamn\" (%s)",
                 p->rep->swapped, from_column, example);
}

/* ---- 6. identity --------------------------------------------------------------------- */

static uint64_t key_hash(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static void lower_ascii(char *s)
{
    for (; *s; s++) {
        if (*s >= 'A' && *s <= 'Z') {
            *s = (char)(*s - 'A' + 'a');
        }
    }
}

static bool index_init(Parse *p, size_t n)
{
    size_t nslots = 1024;
    while (nslots < n * 2) {
        nslots *= 2;
    }
    free(p->slots);
    p->slots = calloc(nslots, sizeof *p->slots);
    p->nslots = nslots;
    return p->slots != NULL;
}

/* The slot of entry index i's text (from get) or of an equal one, or an empty slot. */
static size_t slot_for(const Parse *p, const char *text, const char *(*get)(const RosterEntry *))
{
    size_t mask = p->nslots - 1;
    for (size_t i = (size_t)key_hash(text) & mask;; i = (i + 1) & mask) {
        uint32_t v = p->slots[i];
        if (v == 0 || strcmp(get(&p->r->entries[v - 1]), text) == 0) {
            return i;
        }
    }
}

static const char *get_key(const RosterEntry *e)
{
    return e->key;
}

/* During the e-mail pass the key field holds the lower-cased address. */
static const char *get_email(const RosterEntry *e)
{
    return e->key;
}

static void folded_name(char *dst, size_t cap, const char *name)
{
    rosterp_fold_words(dst, cap, name, false);
}

static bool same_person(const RosterEntry *a, const RosterEntry *b)
{
    char fa[ROSTER_FIELD_MAX], fb[ROSTER_FIELD_MAX];
    folded_name(fa, sizeof fa, a->name);
    folded_name(fb, sizeof fb, b->name);
    return strcmp(fa, fb) == 0;
}

/* Addresses used by people with different names are not identity: one warning for each,
 * naming its rows; those rows get a name key (shared[i] set). */
static bool shared_addresses(Parse *p, bool *shared)
{
    Roster *r = p->r;
    size_t n = r->count ? r->count : 1;
    size_t *first = malloc(n * sizeof *first); /* first entry with the same address */
    size_t *next = malloc(n * sizeof *next);   /* next entry with it, SIZE_MAX at the end */
    size_t *last = malloc(n * sizeof *last);   /* for a first entry: the last one so far */
    bool *group = calloc(n, sizeof *group);    /* for a first entry: names differ */
    bool ok = first && next && last && group && index_init(p, r->count);
    for (size_t i = 0; ok && i < r->count; i++) {
        RosterEntry *e = &r->entries[i];
        first[i] = last[i] = i;
        next[i] = SIZE_MAX;
        if (!e->email[0]) {
            continue;
        }
        /* The key field is free until keys are made: it holds the address meanwhile. */
        snprintf(e->key, sizeof e->key, "%s", e->email);
        lower_ascii(e->key);
        size_t s = slot_for(p, e->key, get_email);
        if (!p->slots[s]) {
            p->slots[s] = (uint32_t)(i + 1);
            continue;
        }
        size_t f = p->slots[s] - 1;
        first[i] = f;
        next[last[f]] = i;
        last[f] = i;
        if (!group[f] && !same_person(&r->entries[f], e)) {
            group[f] = true;
        }
    }
    for (size_t i = 0; ok && i < r->count && !p->failed; i++) {
        if (first[i] != i || !group[i]) {
            continue;
        }
        char rows[ROSTER_WHY_MAX * 2] = "";
        size_t count = 0;
        for (size_t k = i; k != SIZE_MAX; k = next[k]) {
            shared[k] = true;
            size_t len = strlen(rows);
            if (count < 6) {
                text_printf(rows + len, sizeof rows - len, "%s%s (line %d)", count ? ", " : "",
                            r->entries[k].name, r->entries[k].line);
            }
            count++;
        }
        char tail[40] = "";
        if (count > 6) {
            snprintf(tail, sizeof tail, " and %zu more", count - 6);
        }
        rosterp_warn(
            p,
            "the e-mail address %s is shared by %zu people: %s%s; it is kept as their address "
            "but not used to tell them apart",
            r->entries[i].email, count, rows, tail);
    }
    free(first);
    free(next);
    free(last);
    free(group);
    return ok;
}

/* Writes the identity key of e; false if the ticket code or e-mail is too long for one. */
static bool make_key(RosterEntry *e, bool shared)
{
    if (e->ticket[0]) {
        return (size_t)snprintf(e->key, sizeof e->key, "t:%s", e->ticket) < sizeof e->key;
    }
    if (e->email[0] && !shared) {
        int n = snprintf(e->key, sizeof e->key, "e:%s", e->email);
        lower_ascii(e->key);
        return (size_t)n < sizeof e->key;
    }
    /* Name and organisation can together exceed a key; two people whose names agree for
     * the first two hundred bytes are not a real risk, so the key is cut, not refused. */
    char name[ROSTER_FIELD_MAX], org[ROSTER_FIELD_MAX];
    rosterp_fold_words(name, sizeof name, e->name, false);
    rosterp_fold_words(org, sizeof org, e->organisation, false);
    size_t n = (size_t)snprintf(e->key, sizeof e->key, "n:%s|%s", name, org);
    if (n >= sizeof e->key) {
        n = sizeof e->key - 1;
        while (n > 0 && !text_valid_utf8(e->key, n)) {
            n--;
        }
        e->key[n] = '\0';
    }
    return true;
}

static void identify(Parse *p)
{
    Roster *r = p->r;
    bool *shared = calloc(r->count ? r->count : 1, sizeof *shared);
    if (!shared || !shared_addresses(p, shared)) {
        free(shared);
        rosterp_fail(p, 0, "out of memory while reading");
        return;
    }
    for (size_t i = 0; i < r->count; i++) {
        RosterEntry *e = &r->entries[i];
        if (!make_key(e, shared[i])) {
            rosterp_fail(p, e->line, "%s is longer than %d bytes; shorten it",
                         e->ticket[0] ? "ticket code" : "e-mail address", ROSTER_FIELD_MAX - 3);
            free(shared);
            return;
        }
    }
    free(shared);
    if (!index_init(p, r->count)) {
        rosterp_fail(p, 0, "out of memory while reading");
        return;
    }
    size_t kept = 0;
    for (size_t i = 0; i < r->count; i++) {
        RosterEntry e = r->entries[i];
        size_t slot = slot_for(p, e.key, get_key);
        if (p->slots[slot]) {
            const RosterEntry *prev = &r->entries[p->slots[slot] - 1];
            if (same_person(prev, &e)) {
                r->duplicates++;
                p->rep->consent.unclear -= p->unclear[i];
                rosterp_skip(p, e.line, e.line, "the same person as line %d: %s", prev->line,
                             e.name);
                continue;
            }
            /* Only a ticket code can be shared by different names here: an address shared
             * is keyed by name, and a name key holds the name. */
            rosterp_fail(
                p, e.line,
                "ticket code '%s' is already used by %s on line %d; give each person their "
                "own code",
                e.ticket, prev->name, prev->line);
            return;
        }
        r->entries[kept] = e;
        p->slots[slot] = (uint32_t)(kept + 1);
        kept++;
    }
    r->count = kept;
}

/* ---- the whole ------------------------------------------------------------------------- */

static int cmp_skip(const void *a, const void *b)
{
    const RosterSkip *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

static int read_sheet(const char *name, const Sheet *sh, const RosterOptions *opt, Roster *out,
                      RosterReport *rep, char *err, size_t errcap)
{
    Parse *p = calloc(1, sizeof *p);
    if (!p) {
        text_printf(err, errcap, "%s: out of memory while reading", name);
        return -1;
    }
    p->name = name;
    p->err = err;
    p->errcap = errcap;
    p->sh = sh;
    p->opt = opt;
    p->r = out;
    p->rep = rep;
    sheet_describe(&sh->info, rep->file, sizeof rep->file);
    if (sh->count > ROSTER_MAX_ROWS + (size_t)ROSTER_HEADER_SCAN) {
        rosterp_fail(p, sh->rows[ROSTER_MAX_ROWS + ROSTER_HEADER_SCAN].line,
                     "more than %d attendees; split the list into smaller files", ROSTER_MAX_ROWS);
    }
    if (!p->failed && rosterp_find_header(p) && rosterp_header_candidates(p) &&
        rosterp_shape_rows(p)) {
        rosterp_choose_columns(p);
        rosterp_consent_checkbox(p);
        /* One allocation for every row that may be a person: no copying as the list grows. */
        size_t rows = sh->count - p->hdr;
        if (!p->failed && rows > 256) {
            out->entries = malloc(rows * sizeof *out->entries);
            p->unclear = malloc(rows);
            if (!out->entries || !p->unclear) {
                rosterp_fail(p, 0, "out of memory while reading");
            }
            p->cap = rows;
        }
        for (size_t i = p->hdr + 1; i < sh->count && !p->failed; i++) {
            if (p->kind[i] != ROW_DATA) {
                continue;
            }
            if (out->count >= ROSTER_MAX_ROWS) {
                rosterp_fail(p, sh->rows[i].line,
                             "more than %d attendees; split the list into smaller files",
                             ROSTER_MAX_ROWS);
                break;
            }
            read_row(p, &sh->rows[i]);
        }
    }
    if (!p->failed && sh->info.lossy_numbers > 0 && p->col[ROSTER_TICKET] >= 0) {
        rosterp_warn(
            p,
            "row %d: a number of 16 or more digits was saved by Excel as a number, which keeps "
            "only 15 digits; if it is a ticket code, it is wrong: format the column as text "
            "in the registration tool's export, or export as CSV",
            sh->info.lossy_row);
    }
    if (!p->failed && sh->info.format == SHEET_XLSX && sh->info.sheet_count > 1 &&
        !(opt && opt->sheet)) {
        rosterp_warn(p,
                     "this workbook has %d sheets (%s); read \"%s\", the first; if the "
                     "attendees are on another, name it with --sheet",
                     sh->info.sheet_count, sh->info.sheet_names, sh->info.sheet_name);
    }
    if (!p->failed) {
        turn_names(p);
    }
    if (!p->failed) {
        identify(p);
    }
    if (!p->failed && p->destroyed) {
        char h[ROSTER_QUOTE_MAX];
        rosterp_header_text(p, p->col[ROSTER_TICKET], h, sizeof h);
        rosterp_warn(
            p,
            "%zu ticket code%s in column %d \"%s\" %s a number Excel cut to 15 digits (line "
            "%d: \"%s\"), so no scan could match: not stored, the people are kept and found by "
            "name at the door; import the file as the registration tool gave it, without "
            "opening and saving it in Excel first",
            p->destroyed, p->destroyed == 1 ? "" : "s", p->col[ROSTER_TICKET] + 1, h,
            p->destroyed == 1 ? "is" : "are", p->destroyed_line, p->destroyed_value);
    }
    if (!p->failed && p->nameless) {
        rosterp_warn(
            p,
            "%zu row%s with an e-mail address or ticket code but no name %s skipped (first "
            "on line %d), as pretix lists a lunch or other add-on; if %s people, fill in the "
            "name%s",
            p->nameless, p->nameless == 1 ? "" : "s", p->nameless == 1 ? "is" : "are",
            p->nameless_line, p->nameless == 1 ? "it is" : "they are", p->nameless == 1 ? "" : "s");
    }
    if (!p->failed && p->bad_addresses) {
        rosterp_warn(p,
                     "%zu e-mail value%s %s not an address (first on line %d: \"%s\"); %s not used",
                     p->bad_addresses, p->bad_addresses == 1 ? "" : "s",
                     p->bad_addresses == 1 ? "is" : "are", p->bad_address_line, p->bad_address,
                     p->bad_addresses == 1 ? "it is" : "they are");
    }
    if (!p->failed && out->count == 0) {
        rosterp_fail(p, 0, "no attendees below the header row on line %d%s; is it the right file?",
                     rep->header_line,
                     rep->nskipped > 1 ? " (every row was skipped: see mingel import --check)"
                                       : "");
    }
    if (rep->nskipped > 1) {
        qsort(rep->skipped, rep->nskipped, sizeof *rep->skipped, cmp_skip);
    }
    bool ok = !p->failed;
    free(p->slots);
    free(p->unclear);
    free(p->kind);
    free(p->stats);
    free(p);
    if (!ok) {
        roster_free(out);
        return -1;
    }
    out->separator = sh->info.separator;
    RosterEntry *fit = realloc(out->entries, out->count * sizeof *fit);
    if (fit) {
        out->entries = fit;
    }
    return 0;
}

int roster_read_mem(const char *name, const void *data, size_t len, const RosterOptions *opt,
                    Roster *out, RosterReport *rep, char *err, size_t errcap)
{
    RosterReport local;
    if (!rep) {
        rep = &local;
    }
    memset(out, 0, sizeof *out);
    memset(rep, 0, sizeof *rep);
    if (len > SHEET_FILE_MAX) {
        text_printf(err, errcap, "%s: file is larger than %zu MiB; is it the right file?", name,
                    SHEET_FILE_MAX / (1024 * 1024));
        return -1;
    }
    Sheet sh;
    if (sheet_parse(name, data, len, opt ? opt->sheet : NULL, &sh, err, errcap) != 0) {
        return -1;
    }
    int rc = read_sheet(name, &sh, opt, out, rep, err, errcap);
    sheet_free(&sh);
    if (rep == &local) {
        roster_report_free(&local);
    }
    return rc;
}

int roster_read(const char *path, const RosterOptions *opt, Roster *out, RosterReport *rep,
                char *err, size_t errcap)
{
    RosterReport local;
    if (!rep) {
        rep = &local;
    }
    memset(out, 0, sizeof *out);
    memset(rep, 0, sizeof *rep);
    Sheet sh;
    if (sheet_load(path, opt ? opt->sheet : NULL, &sh, err, errcap) != 0) {
        return -1;
    }
    int rc = read_sheet(path, &sh, opt, out, rep, err, errcap);
    sheet_free(&sh);
    if (rep == &local) {
        roster_report_free(&local);
    }
    return rc;
}

void roster_report_free(RosterReport *rep)
{
    if (!rep) {
        return;
    }
    free(rep->skipped);
    for (size_t i = 0; i < rep->nwarnings; i++) {
        free(rep->warnings[i]);
    }
    free(rep->warnings);
    memset(rep, 0, sizeof *rep);
}

int roster_field_parse(const char *word)
{
    static const struct {
        const char *word;
        RosterField field;
    } WORDS[] = {
        {"name", ROSTER_NAME},         {"namn", ROSTER_NAME},
        {"first", ROSTER_FIRST},       {"firstname", ROSTER_FIRST},
        {"fornamn", ROSTER_FIRST},     {"last", ROSTER_LAST},
        {"lastname", ROSTER_LAST},     {"efternamn", ROSTER_LAST},
        {"organisation", ROSTER_ORG},  {"organization", ROSTER_ORG},
        {"org", ROSTER_ORG},           {"foretag", ROSTER_ORG},
        {"role", ROSTER_ROLE},         {"roll", ROSTER_ROLE},
        {"title", ROSTER_ROLE},        {"email", ROSTER_EMAIL},
        {"epost", ROSTER_EMAIL},       {"mail", ROSTER_EMAIL},
        {"ticket", ROSTER_TICKET},     {"biljett", ROSTER_TICKET},
        {"biljettkod", ROSTER_TICKET}, {"code", ROSTER_TICKET},
        {"consent", ROSTER_CONSENT},   {"samtycke", ROSTER_CONSENT},
        {"status", ROSTER_STATUS},     {"new", ROSTER_FIRST_TIME},
        {"ny", ROSTER_FIRST_TIME},     {"firsttime", ROSTER_FIRST_TIME},
    };
    char key[32];
    rosterp_fold_words(key, sizeof key, word, true);
    for (size_t i = 0; i < ROSTER_COUNT(WORDS); i++) {
        if (strcmp(key, WORDS[i].word) == 0) {
            return (int)WORDS[i].field;
        }
    }
    return -1;
}

const char *roster_field_name(RosterField f)
{
    return f >= 0 && f < ROSTER_FIELDS ? rosterp_field_names[f] : "";
}

/* ---- the entry points of before -------------------------------------------------------- */

int roster_parse_consent(const char *name, const char *data, size_t len, Roster *out,
                         RosterConsent *consent, char *err, size_t errcap)
{
    RosterReport rep;
    int rc = roster_read_mem(name, data, len, NULL, out, &rep, err, errcap);
    if (consent) {
        if (rc == 0) {
            *consent = rep.consent;
        } else {
            memset(consent, 0, sizeof *consent);
        }
    }
    roster_report_free(&rep);
    return rc;
}

int roster_parse(const char *name, const char *data, size_t len, Roster *out, char *err,
                 size_t errcap)
{
    return roster_parse_consent(name, data, len, out, NULL, err, errcap);
}

int roster_load_consent(const char *path, Roster *out, RosterConsent *consent, char *err,
                        size_t errcap)
{
    RosterReport rep;
    int rc = roster_read(path, NULL, out, &rep, err, errcap);
    if (consent) {
        if (rc == 0) {
            *consent = rep.consent;
        } else {
            memset(consent, 0, sizeof *consent);
        }
    }
    roster_report_free(&rep);
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
    if (!r) {
        return;
    }
    free(r->entries);
    memset(r, 0, sizeof *r);
}
