/* responses: reading a form service's export into answers by session token (contract in
 * responses.h). The bytes are sheet.c's business; this file decides what the columns
 * are, which rows count, and keeps everything that names a person out. */
#include "core/responses.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/link.h"
#include "core/text.h"

#define HEADER_CMP_MAX 64 /* bytes of a header compared against the tables below */

/* Headers of the columns the form service fills itself, folded to ASCII lower case. */
static const char *const TIMESTAMP_HEADERS[] = {
    "timestamp",      "tidstämpel", "tidsstämpel", "tidsstempel",
    "marca temporal", "horodateur", "zeitstempel", "aikaleima",
};

/* Never read, from any service: what the service recorded about the person (Google's
 * collected e-mail, Microsoft's sign-in name and e-mail, its bookkeeping times), and a
 * quiz's score. */
static const char *const SERVICE_HEADERS[] = {
    "timestamp",
    "tidstämpel",
    "tidsstämpel",
    "email address",
    "e-postadress",
    "score",
    "poäng",
    "start time",
    "starttid",
    "completion time",
    "sluttid",
    "slutförandetid",
    "last modified time",
    "tid för senaste ändring",
    "total points",
    "totalt antal poäng",
    "quiz feedback",
    "feedback om testet",
    "grade posted time",
};

/* A person's details, as a header's first words: "Namn", "Namn (för- och efternamn)",
 * "E-post", "Email", "Full name". Such a question is never read either: the answers are
 * kept against a token, not a person, and a name beside them would undo that. */
static const char *const PERSON_HEADERS[] = {
    "namn",       "name",      "full name", "fullständigt namn", "förnamn",      "efternamn",
    "first name", "last name", "e-post",    "e-postadress",      "email",        "e-mail",
    "mejl",       "telefon",   "phone",     "mobilnummer",       "personnummer",
};

/* Headers that name the token column. */
static const char *const TOKEN_HEADERS[] = {
    "kod", "code", "session", "sessionskod", "session id", "sessions-id", "svarskod",
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII lower case of s, trimmed, into out (cut at cap - 1 bytes). */
static void fold(const char *s, char *out, size_t cap)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    size_t n = 0;
    for (; *s && n + 1 < cap; s++) {
        char c = *s;
        out[n++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t')) {
        n--;
    }
    out[n] = '\0';
}

static bool in_list(const char *folded, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(folded, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* The header starts with one of the list's words, then ends, or goes on with a space,
 * '(' or ':' ("Namn (för- och efternamn)"). */
static bool starts_with_word(const char *folded, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(list[i]);
        if (strncmp(folded, list[i], k) == 0 &&
            (folded[k] == '\0' || folded[k] == ' ' || folded[k] == '(' || folded[k] == ':')) {
            return true;
        }
    }
    return false;
}

bool responses_looks_like_token(const char *text)
{
    size_t n = 0;
    for (; text[n]; n++) {
        char c = text[n];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok || n >= LINK_TOKEN_LEN) {
            return false;
        }
    }
    return n == LINK_TOKEN_LEN;
}

/* A token the store can keep: 1..RESPONSES_TOKEN_MAX bytes of printable ASCII, no space. */
static bool storable_token(const char *t)
{
    size_t n = 0;
    for (; t[n]; n++) {
        if (n >= RESPONSES_TOKEN_MAX || t[n] <= ' ' || t[n] > '~') {
            return false;
        }
    }
    return n > 0;
}

const char *responses_source_name(ResponsesSource s)
{
    switch (s) {
    case RESPONSES_GOOGLE: return "Google Forms";
    case RESPONSES_MICROSOFT: return "Microsoft Forms";
    default: return "form export";
    }
}

/* Trims spaces (and, in answers, line ends) around the cell, in place; makes CRLF and CR
 * LF, and every other control character but tab and LF a space. Returns the start. */
static char *clean_cell(char *c)
{
    size_t w = 0;
    for (size_t r = 0; c[r]; r++) {
        unsigned char ch = (unsigned char)c[r];
        if (ch == '\r') {
            c[w++] = '\n';
            if (c[r + 1] == '\n') {
                r++;
            }
        } else if ((ch < 0x20 && ch != '\t' && ch != '\n') || ch == 0x7F) {
            c[w++] = ' ';
        } else {
            c[w++] = (char)ch;
        }
    }
    c[w] = '\0';
    while (w > 0 && (c[w - 1] == ' ' || c[w - 1] == '\t' || c[w - 1] == '\n')) {
        c[--w] = '\0';
    }
    char *s = c;
    while (*s == ' ' || *s == '\t' || *s == '\n') {
        s++;
    }
    return s;
}

static void note_line(ResponsesLines *l, int line)
{
    if (l->count < RESPONSES_LINES_SHOWN) {
        l->first[l->count] = line;
    }
    l->count++;
}

static void put_err(char *err, size_t cap, const char *name, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void put_err(char *err, size_t cap, const char *name, int line, const char *fmt, ...)
{
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (line > 0) {
        text_printf(err, cap, "%s:%d: %s", name, line, what);
    } else {
        text_printf(err, cap, "%s: %s", name, what);
    }
}

/* What each column is. */
typedef enum ColKind { COL_QUESTION, COL_TOKEN, COL_LEFT_OUT } ColKind;

static const char *cell_of(const SheetRow *row, size_t c)
{
    return c < row->ncells ? row->cells[c] : "";
}

static bool row_blank(const SheetRow *row)
{
    for (size_t c = 0; c < row->ncells; c++) {
        for (const char *p = row->cells[c]; *p; p++) {
            if (*p != ' ' && *p != '\t' && *p != '\r' && *p != '\n') {
                return false;
            }
        }
    }
    return true;
}

/* Picks the token column into *tok, or says why not. */
static int find_token_column(const Sheet *sh, const ResponsesOptions *opt, char **headers,
                             size_t ncols, const ColKind *kind, size_t *tok, const char **how,
                             const char *name, char *err, size_t errcap)
{
    const SheetRow *head = &sh->rows[0];
    char f[HEADER_CMP_MAX], want[HEADER_CMP_MAX];
    if (opt && opt->token_column) {
        fold(opt->token_column, want, sizeof want);
        for (size_t c = 0; c < ncols; c++) {
            fold(headers[c], f, sizeof f);
            if (strcmp(f, want) == 0) {
                *tok = c;
                *how = "named by --token-column";
                return 0;
            }
        }
        char shown[128];
        text_clean_line(shown, sizeof shown, opt->token_column, strlen(opt->token_column));
        put_err(err, errcap, name, head->line, "no column is titled \"%s\" (--token-column)",
                shown);
        return -1;
    }
    for (size_t c = 0; c < ncols; c++) {
        fold(headers[c], f, sizeof f);
        if (kind[c] != COL_LEFT_OUT &&
            (strstr(f, "token") || in_list(f, TOKEN_HEADERS, COUNT_OF(TOKEN_HEADERS)))) {
            *tok = c;
            *how = "its header names the token";
            return 0;
        }
    }
    /* By the answers: at least 4 in 5 filled cells look like kiosk tokens. */
    size_t best = ncols, best_hits = 0, ties = 0;
    for (size_t c = 0; c < ncols; c++) {
        if (kind[c] == COL_LEFT_OUT) {
            continue;
        }
        size_t filled = 0, hits = 0;
        for (size_t r = 1; r < sh->count; r++) {
            const char *v = cell_of(&sh->rows[r], c);
            char t[RESPONSES_TOKEN_MAX + 2];
            snprintf(t, sizeof t, "%s", v);
            char *s = clean_cell(t);
            if (!*s) {
                continue;
            }
            filled++;
            hits += responses_looks_like_token(s);
        }
        if (hits > 0 && hits * 5 >= filled * 4) {
            if (hits > best_hits) {
                best = c;
                best_hits = hits;
                ties = 0;
            } else if (hits == best_hits) {
                ties++;
            }
        }
    }
    if (best < ncols && ties == 0) {
        *tok = best;
        *how = "its answers look like the kiosk's tokens";
        return 0;
    }
    put_err(err, errcap, name, head->line,
            ties ? "several columns look like the kiosk's tokens; name the one the link fills "
                   "with --token-column HEADER"
                 : "no column holds the kiosk's tokens (a question the link prefills with "
                   "{token}); name it with --token-column HEADER");
    return -1;
}

/* A row's token, for finding each token's last row by sorting. */
typedef struct RowToken {
    const char *token;
    size_t row; /* index among the data rows */
} RowToken;

static int cmp_row_token(const void *a, const void *b)
{
    const RowToken *x = a, *y = b;
    int c = strcmp(x->token, y->token);
    return c ? c : (x->row > y->row) - (x->row < y->row);
}

static int from_sheet(const char *name, const ResponsesOptions *opt, Responses *out, char *err,
                      size_t errcap)
{
    Sheet *sh = &out->sheet;
    sheet_describe(&sh->info, out->file, sizeof out->file);
    /* The header: the first row that holds anything. */
    size_t first = 0;
    while (first < sh->count && row_blank(&sh->rows[first])) {
        first++;
    }
    if (first == sh->count) {
        put_err(err, errcap, name, 0, "no header row: the file holds no answers");
        return -1;
    }
    const SheetRow *head = &sh->rows[first];
    size_t ncols = head->ncells;
    while (ncols > 0 && !*clean_cell(head->cells[ncols - 1])) {
        ncols--; /* trailing empty header cells (a padded CSV) */
    }
    char **headers = malloc((ncols ? ncols : 1) * sizeof *headers);
    ColKind *kind = malloc((ncols ? ncols : 1) * sizeof *kind);
    out->left_out = malloc((ncols ? ncols : 1) * sizeof *out->left_out);
    out->mem = headers;
    if (!headers || !kind || !out->left_out) {
        free(kind);
        put_err(err, errcap, name, 0, "out of memory");
        return -1;
    }
    char f[HEADER_CMP_MAX], g[HEADER_CMP_MAX];
    for (size_t c = 0; c < ncols; c++) {
        headers[c] = clean_cell(head->cells[c]);
    }
    fold(ncols > 0 ? headers[0] : "", f, sizeof f);
    fold(ncols > 1 ? headers[1] : "", g, sizeof g);
    out->source =
        in_list(f, TIMESTAMP_HEADERS, COUNT_OF(TIMESTAMP_HEADERS)) ? RESPONSES_GOOGLE
        : strcmp(f, "id") == 0 && (strcmp(g, "start time") == 0 || strcmp(g, "starttid") == 0)
            ? RESPONSES_MICROSOFT
            : RESPONSES_OTHER;
    int rc = -1;
    for (size_t c = 0; c < ncols; c++) {
        fold(headers[c], f, sizeof f);
        bool service = in_list(f, SERVICE_HEADERS, COUNT_OF(SERVICE_HEADERS)) ||
                       (c == 0 && out->source == RESPONSES_MICROSOFT);
        kind[c] = service || starts_with_word(f, PERSON_HEADERS, COUNT_OF(PERSON_HEADERS))
                      ? COL_LEFT_OUT
                      : COL_QUESTION;
        if (kind[c] == COL_LEFT_OUT) {
            out->left_out[out->left_out_count++] = headers[c];
            continue;
        }
        if (!*headers[c]) {
            bool data = false;
            for (size_t r = first + 1; r < sh->count && !data; r++) {
                const SheetRow *row = &sh->rows[r];
                data = c < row->ncells && *clean_cell(row->cells[c]) != '\0';
            }
            if (!data) {
                kind[c] = COL_LEFT_OUT; /* an empty column, not a question */
                continue;
            }
            put_err(err, errcap, name, head->line,
                    "column %zu has answers but no header (the "
                    "question's text)",
                    c + 1);
            goto done;
        }
        if (text_length(headers[c]) > RESPONSES_QUESTION_MAX) {
            put_err(err, errcap, name, head->line,
                    "the header of column %zu is longer than %d "
                    "characters",
                    c + 1, RESPONSES_QUESTION_MAX);
            goto done;
        }
        for (size_t d = 0; d < c; d++) {
            if (kind[d] != COL_LEFT_OUT && strcmp(headers[d], headers[c]) == 0) {
                char shown[128];
                text_clean_line(shown, sizeof shown, headers[c], strlen(headers[c]));
                put_err(err, errcap, name, head->line,
                        "columns %zu and %zu have the same header \"%s\"; give each question "
                        "its own text",
                        d + 1, c + 1, shown);
                goto done;
            }
        }
    }
    for (size_t r = first + 1; r < sh->count; r++) {
        const SheetRow *row = &sh->rows[r];
        for (size_t c = ncols; c < row->ncells; c++) {
            if (*clean_cell(row->cells[c])) {
                put_err(err, errcap, name, row->line,
                        "%zu cells, but the header row (line %d) has %zu", row->ncells, head->line,
                        ncols);
                goto done;
            }
        }
    }
    size_t tok = 0;
    Sheet rest = *sh;
    rest.rows += first;
    rest.count -= first;
    if (find_token_column(&rest, opt, headers, ncols, kind, &tok, &out->token_how, name, err,
                          errcap) != 0) {
        goto done;
    }
    kind[tok] = COL_TOKEN;
    out->token_position = (int)tok + 1;
    out->token_header = headers[tok];
    for (size_t c = 0; c < ncols; c++) {
        out->questions += kind[c] == COL_QUESTION;
    }
    /* Rows with a token; a token's earlier rows give way to its last. */
    size_t nrows = sh->count - first - 1;
    const char **tokens = calloc(nrows ? nrows : 1, sizeof *tokens);
    out->answers = calloc(nrows * (out->questions ? out->questions : 1) + 1, sizeof *out->answers);
    if (!tokens || !out->answers) {
        free(tokens);
        put_err(err, errcap, name, 0, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nrows; i++) {
        const SheetRow *row = &sh->rows[first + 1 + i];
        if (row_blank(row)) {
            continue;
        }
        out->rows++;
        char *t = row->ncells > tok ? clean_cell(row->cells[tok]) : "";
        if (!*t) {
            note_line(&out->no_token, row->line);
        } else if (!storable_token(t)) {
            note_line(&out->bad_token, row->line);
        } else {
            tokens[i] = t;
        }
    }
    /* Rows by token, then row: each token's last row is the last of its run. */
    RowToken *order = malloc((nrows ? nrows : 1) * sizeof *order);
    bool *superseded = calloc(nrows ? nrows : 1, sizeof *superseded);
    if (!order || !superseded) {
        free(order);
        free(superseded);
        free(tokens);
        put_err(err, errcap, name, 0, "out of memory");
        goto done;
    }
    size_t nt = 0;
    for (size_t i = 0; i < nrows; i++) {
        if (tokens[i]) {
            order[nt++] = (RowToken){.token = tokens[i], .row = i};
        }
    }
    qsort(order, nt, sizeof *order, cmp_row_token);
    for (size_t k = 0; k + 1 < nt; k++) {
        superseded[order[k].row] = strcmp(order[k].token, order[k + 1].token) == 0;
    }
    free(order);
    for (size_t i = 0; i < nrows; i++) {
        if (!tokens[i]) {
            continue;
        }
        const SheetRow *row = &sh->rows[first + 1 + i];
        if (superseded[i]) {
            note_line(&out->repeated, row->line);
            continue;
        }
        size_t before = out->count;
        for (size_t c = 0; c < ncols; c++) {
            if (kind[c] != COL_QUESTION || c >= row->ncells) {
                continue;
            }
            char *a = clean_cell(row->cells[c]);
            if (*a) {
                out->answers[out->count++] = (ResponsesAnswer){.token = tokens[i],
                                                               .question = headers[c],
                                                               .position = (int)c + 1,
                                                               .answer = a,
                                                               .line = row->line};
            }
        }
        if (out->count == before) {
            note_line(&out->empty, row->line);
        } else {
            out->sessions++;
        }
    }
    free(tokens);
    free(superseded);
    if (out->rows == 0) {
        put_err(err, errcap, name, head->line, "only a header row: the file holds no answers");
        goto done;
    }
    rc = 0;
done:
    free(kind);
    return rc;
}

static int finish(const char *name, const ResponsesOptions *opt, Responses *out, char *err,
                  size_t errcap)
{
    if (from_sheet(name, opt, out, err, errcap) != 0) {
        responses_free(out);
        return -1;
    }
    return 0;
}

int responses_read(const char *path, const ResponsesOptions *opt, Responses *out, char *err,
                   size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (sheet_load(path, opt ? opt->sheet : NULL, &out->sheet, err, errcap) != 0) {
        return -1;
    }
    return finish(path, opt, out, err, errcap);
}

int responses_parse(const char *name, const void *data, size_t len, const ResponsesOptions *opt,
                    Responses *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (sheet_parse(name, data, len, opt ? opt->sheet : NULL, &out->sheet, err, errcap) != 0) {
        return -1;
    }
    return finish(name, opt, out, err, errcap);
}

void responses_free(Responses *r)
{
    if (!r) {
        return;
    }
    sheet_free(&r->sheet);
    free(r->answers);
    free((void *)r->left_out);
    free(r->mem);
    memset(r, 0, sizeof *r);
}
