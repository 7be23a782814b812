/* Tests for the attendee import against lists the way the real tools write them.
 *
 * Every fixture in tests/data/import/ (a Teams attendance report, a Microsoft Forms or
 * Google Forms download, an Eventbrite or pretix export, lists saved by Excel and
 * LibreOffice, broken files) has a NAME.expected beside it: the people it must give,
 * field by field, the rows that must be skipped and the warnings or the refusal it must
 * bring (format: tests/data/import/README.md). One test case per fixture, named after
 * the file, so a failure says which tool's export broke; a failing case lists every
 * difference at once, not just the first.
 *
 * The files are read through the real roster API (roster_read, with the sheet named when
 * the .expected names one), from disk, as `mingel import` reads them. Compared: every field
 * of every person and its line; the refusal and its words; the rows counted as duplicates;
 * from the import report, the header row's line, each skipped line and the words of its
 * reason, the count of rows not expected for their status, the column taken for each
 * field named, the words of the file's description, and the warnings' words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/roster.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* The fixtures, in the order of the README. A case reads FILE and compares it with
 * STEM.expected, or with STEM-VARIANT.expected when the case has a variant (the same
 * file read another way). */
typedef struct Fixture {
    const char *file;
    const char *variant; /* NULL: none */
    const char *name;    /* the case name */
} Fixture;

static const Fixture FIXTURES[] = {
    {"teams_current.csv", NULL, "teams_current.csv"},
    {"teams_current_excel.csv", NULL, "teams_current_excel.csv"},
    {"teams_legacy.csv", NULL, "teams_legacy.csv"},
    {"msforms_internal_excel.csv", NULL, "msforms_internal_excel.csv"},
    {"msforms_anonymous_utf8.csv", NULL, "msforms_anonymous_utf8.csv"},
    {"msforms_internal.xlsx", NULL, "msforms_internal.xlsx"},
    {"msforms_anonymous.xlsx", NULL, "msforms_anonymous.xlsx"},
    {"msforms_en_utf8.csv", NULL, "msforms_en_utf8.csv"},
    {"msforms_checkbox_excel.csv", NULL, "msforms_checkbox_excel.csv"},
    {"gforms_sv.csv", NULL, "gforms_sv.csv"},
    {"gforms_en.csv", NULL, "gforms_en.csv"},
    {"gforms_checkbox.csv", NULL, "gforms_checkbox.csv"},
    {"eventbrite_attendees.csv", NULL, "eventbrite_attendees.csv"},
    {"eventbrite_full.csv", NULL, "eventbrite_full.csv"},
    {"eventbrite_excel_resaved.csv", NULL, "eventbrite_excel_resaved.csv"},
    {"pretix_positions_comma.csv", NULL, "pretix_positions_comma.csv"},
    {"pretix_positions_semicolon.csv", NULL, "pretix_positions_semicolon.csv"},
    {"pretix_positions_excel.csv", NULL, "pretix_positions_excel.csv"},
    {"pretix_positions_addons.csv", NULL, "pretix_positions_addons.csv"},
    {"pretix_checkin.csv", NULL, "pretix_checkin.csv"},
    {"pretix_orders.xlsx", NULL, "pretix_orders.xlsx"},
    {"pretix_orders.xlsx", "first_sheet", "pretix_orders.xlsx (first sheet)"},
    {"excel_cp1252.csv", NULL, "excel_cp1252.csv"},
    {"excel_efternamn_fornamn.csv", NULL, "excel_efternamn_fornamn.csv"},
    {"libreoffice_export.csv", NULL, "libreoffice_export.csv"},
    {"mac_cr.csv", NULL, "mac_cr.csv"},
    {"title_blank_totals.csv", NULL, "title_blank_totals.csv"},
    {"repeated_header.csv", NULL, "repeated_header.csv"},
    {"shared_email.csv", NULL, "shared_email.csv"},
    {"libreoffice.xlsx", NULL, "libreoffice.xlsx"},
    {"openpyxl_list.xlsx", NULL, "openpyxl_list.xlsx"},
    {"broken_truncated.xlsx", NULL, "broken_truncated.xlsx"},
    {"broken_wrong_sheet.xlsx", NULL, "broken_wrong_sheet.xlsx"},
    {"broken_old.xls", NULL, "broken_old.xls"},
};

#define EXP_MAX_PEOPLE 40
#define EXP_MAX_SKIPS  40
#define EXP_MAX_WORDS  8
#define EXP_MAX_WARNS  8
#define EXP_FIELD      ROSTER_FIELD_MAX

typedef struct ExpPerson {
    char name[EXP_FIELD], organisation[EXP_FIELD], role[EXP_FIELD], email[EXP_FIELD],
        ticket[EXP_FIELD];
    bool consent;
    int line;
} ExpPerson;

typedef struct ExpSkip {
    int line;
    char reason[32];
} ExpSkip;

typedef struct ExpWords {
    char word[EXP_MAX_WORDS][128];
    size_t count;
} ExpWords;

typedef struct Expected {
    ExpPerson people[EXP_MAX_PEOPLE];
    size_t npeople;
    ExpSkip skips[EXP_MAX_SKIPS];
    size_t nskips;
    ExpWords warns[EXP_MAX_WARNS];
    size_t nwarns;
    ExpWords error;
    bool refused;
    ExpWords file;   /* words of the one-line description of the file */
    int header_line; /* 0: not given */
    struct {
        int field; /* RosterField */
        char header[ROSTER_QUOTE_MAX];
    } columns[ROSTER_FIELDS];
    size_t ncolumns;
    char sheet[64]; /* "": the first sheet */
} Expected;

static void path_in(char *out, size_t cap, const char *file)
{
    const char *dir = getenv("MINGEL_TEST_DATA");
    if (!dir) {
        fail_msg("MINGEL_TEST_DATA is not set; run the test through ctest");
    }
    int n = snprintf(out, cap, "%s/import/%s", dir, file);
    assert_true(n > 0 && (size_t)n < cap);
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail_msg("cannot open %s", path);
    }
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4096 + 1 > cap) {
            cap = (cap ? cap * 2 : 8192);
            char *nb = realloc(buf, cap);
            assert_non_null(nb);
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0) {
            break;
        }
    }
    fclose(f);
    buf[len] = '\0';
    return buf;
}

/* Splits line at tabs in place, keeping empty fields; returns the number of fields. */
static size_t split_tabs(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *s = line;
    for (;;) {
        if (n == max) {
            fail_msg("too many fields in an .expected line");
        }
        field[n++] = s;
        char *tab = strchr(s, '\t');
        if (!tab) {
            break;
        }
        *tab = '\0';
        s = tab + 1;
    }
    return n;
}

static void copy_field(char *dst, size_t cap, const char *src, const char *what)
{
    size_t len = strlen(src);
    if (len >= cap) {
        fail_msg("%s is too long in an .expected file: \"%s\"", what, src);
    }
    memcpy(dst, src, len + 1);
}

static void words_from(ExpWords *w, char **field, size_t n, const char *file, int lineno)
{
    if (n < 2) {
        fail_msg("%s:%d: a warn or error line needs at least one word", file, lineno);
    }
    if (n - 1 > EXP_MAX_WORDS) {
        fail_msg("%s:%d: too many words", file, lineno);
    }
    for (size_t i = 1; i < n; i++) {
        copy_field(w->word[i - 1], sizeof w->word[0], field[i], "a word");
    }
    w->count = n - 1;
}

static void load_expected(const Fixture *fx, Expected *e)
{
    char stem[128];
    copy_field(stem, sizeof stem, fx->file, "the fixture name");
    char *dot = strrchr(stem, '.');
    if (dot) {
        *dot = '\0';
    }
    char file[200], path[1024];
    if (fx->variant) {
        snprintf(file, sizeof file, "%s-%s.expected", stem, fx->variant);
    } else {
        snprintf(file, sizeof file, "%s.expected", stem);
    }
    path_in(path, sizeof path, file);
    char *text = read_text(path);

    memset(e, 0, sizeof *e);
    int lineno = 0;
    bool header_seen = false;
    char *save = NULL;
    /* strtok_r would merge empty lines, which are comments here anyway */
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\0') {
            continue;
        }
        char *field[16];
        size_t n = split_tabs(line, field, COUNT_OF(field));
        if (!header_seen) {
            static const char *const want[] = {"name",   "organisation", "role", "email",
                                               "ticket", "consent",      "line"};
            if (n != COUNT_OF(want)) {
                fail_msg("%s: the first line must be the header of 7 columns", file);
            }
            for (size_t i = 0; i < n; i++) {
                if (strcmp(field[i], want[i]) != 0) {
                    fail_msg("%s: header column %zu is \"%s\", expected \"%s\"", file, i + 1,
                             field[i], want[i]);
                }
            }
            header_seen = true;
        } else if (strcmp(field[0], "skip") == 0) {
            if (n != 3 || e->nskips == EXP_MAX_SKIPS) {
                fail_msg("%s:%d: skip LINE REASON", file, lineno);
            }
            e->skips[e->nskips].line = atoi(field[1]);
            copy_field(e->skips[e->nskips].reason, sizeof e->skips[0].reason, field[2], "a reason");
            e->nskips++;
        } else if (strcmp(field[0], "warn") == 0) {
            if (e->nwarns == EXP_MAX_WARNS) {
                fail_msg("%s:%d: too many warn lines", file, lineno);
            }
            words_from(&e->warns[e->nwarns++], field, n, file, lineno);
        } else if (strcmp(field[0], "file") == 0) {
            words_from(&e->file, field, n, file, lineno);
        } else if (strcmp(field[0], "error") == 0) {
            words_from(&e->error, field, n, file, lineno);
            e->refused = true;
        } else if (strcmp(field[0], "header") == 0 && n == 2) {
            e->header_line = atoi(field[1]);
        } else if (strcmp(field[0], "column") == 0 && (n == 2 || n == 3)) {
            int f = roster_field_parse(field[1]);
            if (f < 0 || e->ncolumns == ROSTER_FIELDS) {
                fail_msg("%s:%d: column FIELD HEADER, with a field roster knows", file, lineno);
            }
            e->columns[e->ncolumns].field = f;
            copy_field(e->columns[e->ncolumns].header, sizeof e->columns[0].header,
                       n == 3 ? field[2] : "", "a header");
            e->ncolumns++;
        } else if (strcmp(field[0], "sheet") == 0 && n == 2) {
            copy_field(e->sheet, sizeof e->sheet, field[1], "a sheet name");
        } else {
            if (n != 7) {
                fail_msg("%s:%d: a person has 7 fields, this line %zu", file, lineno, n);
            }
            if (e->npeople == EXP_MAX_PEOPLE) {
                fail_msg("%s:%d: too many people", file, lineno);
            }
            ExpPerson *p = &e->people[e->npeople++];
            copy_field(p->name, sizeof p->name, field[0], "a name");
            copy_field(p->organisation, sizeof p->organisation, field[1], "an organisation");
            copy_field(p->role, sizeof p->role, field[2], "a role");
            copy_field(p->email, sizeof p->email, field[3], "an e-mail");
            copy_field(p->ticket, sizeof p->ticket, field[4], "a ticket");
            if (strcmp(field[5], "0") != 0 && strcmp(field[5], "1") != 0) {
                fail_msg("%s:%d: consent is 0 or 1", file, lineno);
            }
            p->consent = field[5][0] == '1';
            p->line = atoi(field[6]);
            if (p->line < 1) {
                fail_msg("%s:%d: a person's line is 1 or more", file, lineno);
            }
        }
    }
    if (!header_seen) {
        fail_msg("%s: empty", file);
    }
    if (e->refused && e->npeople > 0) {
        fail_msg("%s: a refused file gives no people", file);
    }
    free(text);
}

/* Differences found, listed in one failure message. */
typedef struct Diff {
    char text[16384];
    size_t len;
    int count;
} Diff;

static void diff_add(Diff *d, const char *fmt, ...)
{
    d->count++;
    if (d->len + 2 >= sizeof d->text) {
        return;
    }
    d->text[d->len++] = '\n';
    d->text[d->len++] = ' ';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(d->text + d->len, sizeof d->text - d->len, fmt, ap);
    va_end(ap);
    if (n > 0) {
        d->len += ((size_t)n < sizeof d->text - d->len) ? (size_t)n : sizeof d->text - d->len - 1;
    }
}

/* A line of context under the last difference, not counted as one. */
static void diff_note(Diff *d, const char *text)
{
    int n = snprintf(d->text + d->len, sizeof d->text - d->len, "\n   %s", text);
    if (n > 0) {
        d->len += ((size_t)n < sizeof d->text - d->len) ? (size_t)n : sizeof d->text - d->len - 1;
    }
}

static void diff_str(Diff *d, size_t i, const ExpPerson *p, const char *field, const char *got,
                     const char *want)
{
    if (strcmp(got, want) != 0) {
        diff_add(d, "person %zu (%s, line %d): %s is \"%s\", expected \"%s\"", i + 1, p->name,
                 p->line, field, got, want);
    }
}

static void compare_people(Diff *d, const Roster *r, const Expected *e)
{
    if (r->count != e->npeople) {
        diff_add(d, "%zu people, expected %zu", r->count, e->npeople);
    }
    size_t n = r->count < e->npeople ? r->count : e->npeople;
    for (size_t i = 0; i < n; i++) {
        const RosterEntry *g = &r->entries[i];
        const ExpPerson *p = &e->people[i];
        diff_str(d, i, p, "name", g->name, p->name);
        diff_str(d, i, p, "organisation", g->organisation, p->organisation);
        diff_str(d, i, p, "role", g->role, p->role);
        diff_str(d, i, p, "email", g->email, p->email);
        diff_str(d, i, p, "ticket", g->ticket, p->ticket);
        if (g->consent != p->consent) {
            diff_add(d, "person %zu (%s): consent is %d, expected %d", i + 1, p->name,
                     (int)g->consent, (int)p->consent);
        }
        if (g->line != p->line) {
            diff_add(d, "person %zu (%s): line is %d, expected %d", i + 1, p->name, g->line,
                     p->line);
        }
    }
    /* Name the people too many or missing, so the message says who. */
    for (size_t i = n; i < r->count; i++) {
        diff_add(d, "unexpected person \"%s\" from line %d", r->entries[i].name,
                 r->entries[i].line);
    }
    for (size_t i = n; i < e->npeople; i++) {
        diff_add(d, "missing person \"%s\" (line %d)", e->people[i].name, e->people[i].line);
    }
}

static size_t count_skips(const Expected *e, const char *reason)
{
    size_t n = 0;
    for (size_t i = 0; i < e->nskips; i++) {
        n += strcmp(e->skips[i].reason, reason) == 0;
    }
    return n;
}

static void check_words(Diff *d, const char *what, const char *text, const ExpWords *w)
{
    for (size_t i = 0; i < w->count; i++) {
        if (!strstr(text, w->word[i])) {
            diff_add(d, "%s \"%s\" does not contain \"%s\"", what, text, w->word[i]);
        }
    }
}

/* Whether hay contains needle, ASCII letters in any case. */
static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i]) {
            char a = hay[i], b = needle[i];
            if (a >= 'A' && a <= 'Z') {
                a = (char)(a - 'A' + 'a');
            }
            if (b >= 'A' && b <= 'Z') {
                b = (char)(b - 'A' + 'a');
            }
            if (a != b) {
                break;
            }
            i++;
        }
        if (i == n) {
            return true;
        }
    }
    return false;
}

/* The stems a skip reason must hold for each reason word of the .expected format. */
static bool reason_matches(const char *reason, const char *why)
{
    static const struct {
        const char *reason;
        const char *stem[4];
    } table[] = {
        {"cancelled", {"cancel", "not attending", "expired", NULL}},
        {"refunded", {"refund", NULL}},
        {"transferred", {"transfer", NULL}},
        {"noname", {"no name", "without a name", "empty name", NULL}},
        {"totals", {"total", NULL}},
        {"section", {"section", NULL}},
        {"header", {"header", NULL}},
        {"duplicate", {"duplicate", "same person", NULL}},
    };
    for (size_t i = 0; i < COUNT_OF(table); i++) {
        if (strcmp(table[i].reason, reason) != 0) {
            continue;
        }
        for (size_t k = 0; table[i].stem[k]; k++) {
            if (contains_nocase(why, table[i].stem[k])) {
                return true;
            }
        }
        return false;
    }
    fail_msg("unknown skip reason \"%s\" in an .expected file", reason);
    return false;
}

static void compare_report(Diff *d, const RosterReport *rep, const Expected *e)
{
    check_words(d, "the file's description", rep->file, &e->file);

    int want_header = e->header_line ? e->header_line : 1;
    if (rep->header_line != want_header) {
        diff_add(d, "header row found on line %d, expected %d", rep->header_line, want_header);
    }

    for (size_t i = 0; i < e->ncolumns; i++) {
        const RosterMapping *m = &rep->field[e->columns[i].field];
        const char *want = e->columns[i].header;
        const char *got = m->column ? m->header : "";
        if (strcmp(got, want) != 0) {
            diff_add(d, "%s is taken from column \"%s\" (%s), expected \"%s\"",
                     roster_field_name((RosterField)e->columns[i].field), got, m->why, want);
        }
    }

    for (size_t i = 0; i < e->nskips; i++) {
        const ExpSkip *x = &e->skips[i];
        const RosterSkip *hit = NULL;
        for (size_t k = 0; k < rep->nskipped && !hit; k++) {
            if (rep->skipped[k].line <= x->line && x->line <= rep->skipped[k].last_line) {
                hit = &rep->skipped[k];
            }
        }
        if (!hit) {
            diff_add(d, "line %d is not listed as skipped (%s)", x->line, x->reason);
        } else if (!reason_matches(x->reason, hit->why)) {
            diff_add(d, "line %d is skipped as \"%s\", expected a reason saying %s", x->line,
                     hit->why, x->reason);
        }
    }
    for (size_t i = 0; i < e->npeople; i++) {
        for (size_t k = 0; k < rep->nskipped; k++) {
            if (rep->skipped[k].line <= e->people[i].line &&
                e->people[i].line <= rep->skipped[k].last_line) {
                diff_add(d, "line %d (%s) is listed as skipped: %s", e->people[i].line,
                         e->people[i].name, rep->skipped[k].why);
            }
        }
    }
    size_t status =
        count_skips(e, "cancelled") + count_skips(e, "refunded") + count_skips(e, "transferred");
    if (rep->not_expected != status) {
        diff_add(d, "%zu rows not expected for their status, expected %zu", rep->not_expected,
                 status);
    }

    for (size_t i = 0; i < e->nwarns; i++) {
        const ExpWords *w = &e->warns[i];
        bool found = false;
        for (size_t k = 0; k < rep->nwarnings && !found; k++) {
            size_t j = 0;
            while (j < w->count && strstr(rep->warnings[k], w->word[j])) {
                j++;
            }
            found = j == w->count;
        }
        if (!found) {
            char all[512] = "";
            size_t len = 0;
            for (size_t j = 0; j < w->count && len < sizeof all; j++) {
                int n =
                    snprintf(all + len, sizeof all - len, "%s\"%s\"", j ? ", " : "", w->word[j]);
                if (n > 0) {
                    len += (size_t)n;
                }
            }
            diff_add(d, "no warning contains all of %s (%zu warnings given)", all, rep->nwarnings);
            for (size_t k = 0; k < rep->nwarnings; k++) {
                diff_note(d, rep->warnings[k]);
            }
        }
    }
}

static void check_fixture(void **state)
{
    const Fixture *fx = *state;
    const char *fixture = fx->file;
    Expected *e = calloc(1, sizeof *e);
    assert_non_null(e);
    load_expected(fx, e);
    char path[1024];
    path_in(path, sizeof path, fixture);

    Diff *d = calloc(1, sizeof *d);
    assert_non_null(d);
    char err[1024] = "";
    Roster r = {0};
    RosterReport rep;
    memset(&rep, 0, sizeof rep);
    RosterOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.sheet = e->sheet[0] ? e->sheet : NULL;
    int rc = roster_read(path, &opt, &r, &rep, err, sizeof err);

    if (e->refused) {
        if (rc == 0) {
            diff_add(d, "the file was accepted with %zu people; it must be refused", r.count);
        } else {
            if (!strstr(err, fixture)) {
                diff_add(d, "the message \"%s\" does not name the file", err);
            }
            check_words(d, "the message", err, &e->error);
        }
        if (r.count != 0) {
            diff_add(d, "a refused file left %zu people in the Roster", r.count);
        }
    } else if (rc != 0) {
        diff_add(d, "refused: %s", err);
        compare_people(d, &r, e);
    } else {
        compare_people(d, &r, e);
        size_t dups = count_skips(e, "duplicate");
        if (r.duplicates != dups) {
            diff_add(d, "%zu rows counted as duplicates, expected %zu", r.duplicates, dups);
        }
        compare_report(d, &rep, e);
    }
    roster_report_free(&rep);
    roster_free(&r);
    /* fail_msg does not return: copy the message out and free first. */
    int count = d->count;
    char text[sizeof d->text];
    memcpy(text, d->text, sizeof text);
    free(d);
    free(e);
    if (count) {
        fail_msg("%s: %d difference%s:%s", fx->name, count, count == 1 ? "" : "s", text);
    }
}

/* Every fixture file in the table has its .expected, and the README names it. */
static void test_table_matches_readme(void **state)
{
    (void)state;
    char path[1024];
    path_in(path, sizeof path, "README.md");
    char *readme = read_text(path);
    for (size_t i = 0; i < COUNT_OF(FIXTURES); i++) {
        char quoted[160];
        snprintf(quoted, sizeof quoted, "`%s`", FIXTURES[i].file);
        if (!strstr(readme, quoted)) {
            fail_msg("tests/data/import/README.md does not describe %s", FIXTURES[i].file);
        }
    }
    free(readme);
}

int main(void)
{
    struct CMUnitTest tests[COUNT_OF(FIXTURES) + 1];
    for (size_t i = 0; i < COUNT_OF(FIXTURES); i++) {
        tests[i] = (struct CMUnitTest){.name = FIXTURES[i].name,
                                       .test_func = check_fixture,
                                       .initial_state = (void *)&FIXTURES[i]};
    }
    tests[COUNT_OF(FIXTURES)] =
        (struct CMUnitTest){.name = "table_matches_readme", .test_func = test_table_matches_readme};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
