/* test_export: the organiser's exports (export.h) and the store's export walks, on real
 * SQLite files in $MINGEL_TEST_TMP.
 *
 * One meeting is built through the store API with the values that break exports: quotes,
 * semicolons, every character that starts a spreadsheet formula (=SUM(1), +1, -1, @x,
 * tab, CR, LF), å ä ö, emoji and HTML. The store refuses control characters, as the kiosk
 * must, so the tab, CR and LF cases are written into the file afterwards with the sqlite3
 * shell, as a database merged from another tool could hold them. One check-in is undone
 * (store_checkin_undo), so the exports carry a reversal row.
 *
 * The records are made under different clocks (store_set_clock): the first check-ins
 * before the clock could be trusted, the rest confirmed, the walk-in with the clock set
 * by the organiser, feedback synchronised except the repeated presses, and one rating's
 * clock made unknown with the shell, as a file from before the store kept it holds it.
 * Each time column's clock must come out beside it in CSV and JSON, and the report must
 * say how many records have a time that may be wrong (and say nothing when none has).
 *
 * Every CSV is parsed back with libcsv and compared field by field with the database,
 * the neutralising apostrophe asserted exactly where OWASP's rule wants it; the bytes
 * are checked too (BOM, every field quoted, ';', CRLF). JSON is parsed back with cJSON.
 * The HTML report must hold no external reference and no unescaped text. The xlsx
 * workbook is opened with libzip and its sheets' XML read: sheet names and order, every
 * name a text cell exactly as stored (no neutralising apostrophe, no formula anywhere),
 * times date-time numbers with the date style, yes/no booleans, the header bold, filtered
 * and frozen.
 *
 * `test_export --make-report-db PATH` builds a realistic meeting (120 people, three of
 * them with the ticket codes 00123, 1234567890123456789 and 2027-03-11, check-ins over an
 * hour, feedback, reflections) for tests/export/report_render.sh and xlsx_openpyxl.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <csv.h>
#include <zip.h>

#include "core/demo.h"
#include "core/export.h"
#include "core/i18n.h"
#include "core/store.h"
#include "support.h"

/* The test's time zone: Swedish time without needing tzdata (POSIX rule). */
#define TEST_TZ "CET-1CEST,M3.5.0,M10.5.0/3"

/* ---- Scaffolding ---------------------------------------------------------------- */

static bool file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Runs sql with the sqlite3 shell on the database at path (the store must be closed). */
static void sqlite_shell(const char *path, const char *sql)
{
    if (system("command -v sqlite3 >/dev/null 2>&1") != 0) {
        fail_msg("the sqlite3 shell is needed (Debian package sqlite3)");
    }
    char script[4096 + 64];
    tmp_path(script, sizeof script, "shell.sql");
    write_text(script, sql);
    char cmd[3 * 4096];
    snprintf(cmd, sizeof cmd, "sqlite3 -batch -bail '%s' < '%s' 2>&1", path, script);
    int rc = system(cmd);
    if (rc != 0) {
        fail_msg("sqlite3 %s failed on: %s", path, sql);
    }
}

/* An ISO 8601 time computed without the code under test: TEST_TZ is +01:00 in November. */
static void iso_cet(int64_t ms, bool to_minute, char *out, size_t cap)
{
    time_t t = (time_t)(ms / 1000) + 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, cap, to_minute ? "%Y-%m-%dT%H:%M+01:00" : "%Y-%m-%dT%H:%M:%S+01:00", &tm);
}

/* 2026-11-26 at hh:mm:ss Swedish time (UTC+1), in Unix ms. */
static int64_t at_cet(int hh, int mm, int ss)
{
    struct tm tm = {.tm_year = 2026 - 1900,
                    .tm_mon = 10,
                    .tm_mday = 26,
                    .tm_hour = hh - 1,
                    .tm_min = mm,
                    .tm_sec = ss};
    return (int64_t)timegm(&tm) * 1000;
}

/* ---- The meeting ---------------------------------------------------------------- */

static const TestAttendee PEOPLE[] = {
    {"=SUM(1)", "Kommun; \"Väst\"", "T-00", "-1", "sum@example.se", true},
    {"+1 Plus", "@x org", "T-01", "Chef", "plus@example.se", false},
    {"-1 Åsa Öberg", "Ärlig & Co", "T-02", "+roll", "asa@example.se", true},
    {"@x Ümit", "ÅÄÖ åäö 😀", "T-03", "\"Citat\" roll", "", false},
    {"<script>alert(1)</script>", "A & B <i>", "T-04", "", "script@example.se", true},
    {"Björn \"Nalle\" Kärr; Jr", "Semikolon; AB", "T-05", "", "", false},
    {"Emoji 🎉 Person", "=1+1 AB", "T-06", "", "emoji@example.se", true},
    {"Tab Person", "Tab Org", "T-07", "", "tab@example.se", false},
    {"CR Person", "CR Org", "T-08", "", "", false},
    {"LF Person", "LF Org", "T-09", "", "", false},
    {"Östen Zetterberg", "Zeta", "T-10", "", "osten@example.se", true},
    {"Zorro Ångström", "-Zeta", "T-11", "", "zorro@example.se", true},
};
#define N_PEOPLE (sizeof PEOPLE / sizeof PEOPLE[0])

/* What the sqlite3 shell puts in afterwards: control characters at the start. */
static const char FIX_CONTROL[] =
    "UPDATE attendee SET name = char(9) || 'x Tab', organisation = char(9) || 'Tab Org'"
    " WHERE name = 'Tab Person';\n"
    "UPDATE attendee SET name = char(13) || 'x CR', organisation = char(13) || 'CR Org'"
    " WHERE name = 'CR Person';\n"
    "UPDATE attendee SET name = char(10) || 'x LF', organisation = char(10) || 'rad ett' ||"
    " char(10) || 'rad två' WHERE name = 'LF Person';\n"
    "UPDATE reflection SET text = char(9) || 'indrag' WHERE token = 's7';\n"
    "UPDATE reflection SET text = char(13) || 'cr' || char(13) || char(10) || 'lf'"
    " WHERE token = 's8';\n"
    "UPDATE reflection SET text = char(10) || 'lf först' WHERE token = 's9';\n"
    /* A rating from before the store kept the clock (an upgraded or merged file). */
    "UPDATE rating SET clock = NULL WHERE token = 's6';\n";

#define WALKIN_NAME  "=HYPERLINK(\"http://evil.example\")"
#define WALKIN_ORG   "+46 AB"
#define WALKIN_EMAIL "-gast@example.se" /* typed on the walk-in form (walkin_email) */

typedef struct Meeting {
    char path[4096];
    Store *s;
    char event_id[IDS_UUID_LEN + 1];
    TestRandom rnd;
} Meeting;

static const int64_t CHECKIN_MINUTE[] = {0, -1, 3, -1, 7, -1, 12, 15, 21, 26, -1, 33};
/* People before this one checked in while the clock was untrusted: 0, 2 and 4. */
#define FIRST_CONFIRMED 5
/* Records made while the clock was untrusted: those three check-ins, the two flagged
 * ratings and the flagged reflection. */
#define UNTRUSTED_RECORDS 6

/* The clock code of the exports, written out here rather than asked of the store. */
static const char *clock_cell(StoreClock c)
{
    switch (c) {
    case STORE_CLOCK_UNTRUSTED: return "untrusted";
    case STORE_CLOCK_SYNCED: return "synced";
    case STORE_CLOCK_CONFIRMED: return "confirmed";
    case STORE_CLOCK_SET: return "set";
    case STORE_CLOCK_UNKNOWN: return "";
    }
    fail_msg("clock %d is not a StoreClock", (int)c);
    return NULL;
}

static void make_event(EventInfo *ev, const char *language)
{
    event_defaults(ev);
    snprintf(ev->key, sizeof ev->key, "natverk-2026-11");
    snprintf(ev->title, sizeof ev->title, "Nätverk <script>alert(1)</script> & \"vänner\"");
    snprintf(ev->date, sizeof ev->date, "2026-11-26");
    snprintf(ev->start_time, sizeof ev->start_time, "09:00");
    snprintf(ev->venue, sizeof ev->venue, "Sal B; plan 2 <b>");
    snprintf(ev->organiser, sizeof ev->organiser, "Kommunförbundet & Co");
    snprintf(ev->language, sizeof ev->language, "%s", language);
    snprintf(ev->feedback_url, sizeof ev->feedback_url,
             "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    ev->phases = EVENT_PHASE_BOTH;
    ev->question_count = 2;
    snprintf(ev->questions[0].text[LANG_SV], EVENT_TEXT_MAX, "Hur nöjd är du med dagen?");
    snprintf(ev->questions[0].text[LANG_EN], EVENT_TEXT_MAX, "How satisfied are you?");
    ev->questions[0].scale = EVENT_SCALE_SMILEYS;
    snprintf(ev->questions[1].text[LANG_SV], EVENT_TEXT_MAX,
             "Rekommenderar du oss till en <b>kollega</b>?");
    snprintf(ev->questions[1].text[LANG_EN], EVENT_TEXT_MAX,
             "Would you recommend us to a <b>colleague</b>?");
    ev->questions[1].scale = EVENT_SCALE_NPS;
    /* The organiser's words for the ends of 0-10 (the smileys keep the kiosk's own). */
    static const char *const words[LANG_COUNT][2] = {{"Aldrig", "Absolut <3"},
                                                     {"Never", "Certainly"}};
    for (int l = 0; l < LANG_COUNT; l++) {
        for (int i = 0; i < 2; i++) {
            snprintf(ev->questions[1].words[l][i], EVENT_WORD_MAX, "%s", words[l][i]);
        }
    }
    ev->questions[1].word_count = 2;
}

static void put_rating(Meeting *m, const char *token, int q, int value, bool flagged, int64_t t)
{
    assert_int_equal(store_rating_put(m->s, m->event_id, token, q, value, flagged, t), STORE_OK);
}

static void put_reflection(Meeting *m, const char *token, const char *text, bool flagged, int64_t t)
{
    assert_int_equal(store_reflection_put(m->s, m->event_id, token, text, flagged, t), STORE_OK);
}

static void open_meeting(Meeting *m)
{
    char err[512];
    assert_int_equal(store_open(m->path, test_random, &m->rnd, &m->s, err, sizeof err), STORE_OK);
}

/* Builds the tricky meeting in a fresh file name. */
static void build_meeting(Meeting *m, const char *file, const char *language)
{
    memset(m, 0, sizeof *m);
    m->rnd.state = 0x9E3779B97F4A7C15ull;
    tmp_path(m->path, sizeof m->path, file);
    remove_db(m->path);
    open_meeting(m);
    EventInfo ev;
    make_event(&ev, language);
    assert_int_equal(store_event_put(m->s, &ev, at_cet(8, 0, 0), m->event_id), STORE_OK);

    import_attendees(m->s, m->event_id, PEOPLE, N_PEOPLE, at_cet(8, 0, 0));

    /* Check-ins at 08:50 + CHECKIN_MINUTE (and a few seconds), in roster order. */
    for (size_t i = 0; i < N_PEOPLE; i++) {
        if (CHECKIN_MINUTE[i] < 0) {
            continue;
        }
        StoreAttendee a;
        char ticket[16];
        snprintf(ticket, sizeof ticket, "T-%02zu", i);
        assert_int_equal(store_find_ticket(m->s, m->event_id, ticket, &a), STORE_OK);
        int64_t existing = 0;
        int64_t t = at_cet(8, 50, 0) + CHECKIN_MINUTE[i] * 60000 + (int64_t)i * 1000 + 123;
        store_set_clock(m->s, i < FIRST_CONFIRMED ? STORE_CLOCK_UNTRUSTED : STORE_CLOCK_CONFIRMED);
        assert_int_equal(store_checkin(m->s, m->event_id, a.id, t, &existing), STORE_OK);
    }
    store_set_clock(m->s, STORE_CLOCK_SET);
    char walkin[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in_email(m->s, m->event_id, WALKIN_NAME, WALKIN_ORG, WALKIN_EMAIL,
                                         false, at_cet(9, 20, 5), walkin),
                     STORE_OK);

    /* Feedback: question 1 has six answers (shown), question 2 three (fewer than five). */
    static const int Q1[] = {5, 4, 4, 3, 5, 1};
    static const int Q2[] = {10, 9, 6};
    store_set_clock(m->s, STORE_CLOCK_SYNCED);
    for (int i = 0; i < 6; i++) {
        char token[8];
        snprintf(token, sizeof token, "s%d", i + 1);
        int64_t t = at_cet(15, 30 + i, 17);
        put_rating(m, token, 0, Q1[i], false, t);
        if (i < 3) {
            put_rating(m, token, 1, Q2[i], false, t + 20000);
        }
    }
    store_set_clock(m->s, STORE_CLOCK_UNTRUSTED);
    put_rating(m, "r1", 0, 5, true, at_cet(15, 40, 0));
    put_rating(m, "r1", 1, 10, true, at_cet(15, 40, 30));
    store_set_clock(m->s, STORE_CLOCK_SYNCED);
    put_reflection(m, "s1", "=SUM(1) bra dag", false, at_cet(15, 31, 0));
    put_reflection(m, "s2", "+1 från mig", false, at_cet(15, 32, 0));
    put_reflection(m, "s3", "-1 för kaffet", false, at_cet(15, 33, 0));
    put_reflection(m, "s4", "@alla tack för i dag", false, at_cet(15, 34, 0));
    put_reflection(m, "s5", "<script>x</script> & \"citat\"; semikolon", false, at_cet(15, 35, 0));
    put_reflection(m, "s6", "Åäö 😀 emoji", false, at_cet(15, 36, 0));
    put_reflection(m, "s7", "blir tab", false, at_cet(15, 37, 0));
    put_reflection(m, "s8", "blir cr lf", false, at_cet(15, 38, 0));
    put_reflection(m, "s9", "blir lf", false, at_cet(15, 39, 0));
    store_set_clock(m->s, STORE_CLOCK_UNTRUSTED);
    put_reflection(m, "r1", "upprepad reflektion", true, at_cet(15, 41, 0));
    store_set_clock(m->s, STORE_CLOCK_CONFIRMED);

    /* Undo the check-in of "-1 Åsa Öberg" (PEOPLE[2]): a reversal row, never a delete. */
    StoreAttendee asa;
    assert_int_equal(store_find_ticket(m->s, m->event_id, "T-02", &asa), STORE_OK);
    assert_int_equal(store_checkin_undo(m->s, m->event_id, asa.id, at_cet(9, 40, 0)), STORE_OK);
    store_close(m->s);
    m->s = NULL;
    sqlite_shell(m->path, FIX_CONTROL);
    open_meeting(m);
}

/* The state shared by the tests of one meeting. */
static Meeting MEETING;

static int setup_meeting(void **state)
{
    (void)state;
    setenv("TZ", TEST_TZ, 1);
    tzset();
    build_meeting(&MEETING, "export.db", "sv");
    return 0;
}

static int teardown_meeting(void **state)
{
    (void)state;
    store_close(MEETING.s);
    MEETING.s = NULL;
    return 0;
}

/* ---- Rows from the database, as the ground truth -------------------------------- */

#define MAX_ROWS 64

/* Every row of the meeting (free() it). */
static TestRows *meeting_rows(void)
{
    return rows_of(MEETING.s, MEETING.event_id);
}

/* ---- CSV: shape, parse, compare ------------------------------------------------- */

#define MAX_COLS 16

typedef struct Grid {
    size_t nrows;
    size_t ncols[MAX_ROWS];
    char *cell[MAX_ROWS][MAX_COLS];
} Grid;

static void on_field(void *data, size_t len, void *ctx)
{
    Grid *g = ctx;
    assert_true(g->nrows < MAX_ROWS);
    size_t c = g->ncols[g->nrows]++;
    assert_true(c < MAX_COLS);
    char *s = malloc(len + 1);
    assert_non_null(s);
    memcpy(s, data, len);
    s[len] = '\0';
    g->cell[g->nrows][c] = s;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    Grid *g = ctx;
    g->nrows++;
}

static void grid_free(Grid *g)
{
    for (size_t r = 0; r < MAX_ROWS; r++) {
        for (size_t c = 0; c < MAX_COLS; c++) {
            free(g->cell[r][c]);
        }
    }
    free(g);
}

/* Asserts the exact bytes: the BOM, then records whose fields are all quoted (inner
 * quotes doubled), ';' between fields and CRLF after each record, every record with
 * cols fields. Returns the number of records. */
static size_t assert_csv_shape(const TestBytes *b, size_t cols)
{
    const char *d = b->data;
    size_t n = b->len, i = 3, records = 0;
    assert_true(n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0);
    while (i < n) {
        size_t fields = 0;
        for (;;) {
            if (d[i] != '"') {
                fail_msg("record %zu field %zu is not quoted (byte %zu)", records, fields, i);
            }
            for (i++;; i++) {
                assert_true(i < n);
                if (d[i] == '"') {
                    if (i + 1 < n && d[i + 1] == '"') {
                        i++;
                        continue;
                    }
                    break;
                }
            }
            i++;
            fields++;
            assert_true(i < n);
            if (d[i] == ';') {
                i++;
                continue;
            }
            if (!(d[i] == '\r' && i + 1 < n && d[i + 1] == '\n')) {
                fail_msg("record %zu: after field %zu comes byte 0x%02x, not ';' or CRLF", records,
                         fields, (unsigned char)d[i]);
            }
            i += 2;
            break;
        }
        assert_int_equal(fields, cols);
        records++;
    }
    return records;
}

/* Reads the CSV at path: shape asserted, then parsed with libcsv. */
static Grid *read_csv(const char *path, size_t cols)
{
    TestBytes b = read_file(path);
    size_t records = assert_csv_shape(&b, cols);
    Grid *g = calloc(1, sizeof *g);
    assert_non_null(g);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    csv_set_delim(&p, ';');
    assert_int_equal(csv_parse(&p, b.data + 3, b.len - 3, on_field, on_row, g), b.len - 3);
    assert_int_equal(csv_fini(&p, on_field, on_row, g), 0);
    csv_free(&p);
    free(b.data);
    assert_int_equal(g->nrows, records);
    return g;
}

/* OWASP: a cell that starts with = + - @ tab CR LF gets one leading apostrophe, and no
 * other cell does. got is the parsed cell, want the database's text. */
static void assert_cell(const char *got, const char *want)
{
    bool trigger = want[0] != '\0' && strchr("=+-@\t\r\n", want[0]) != NULL;
    if (trigger) {
        if (got[0] != '\'' || strcmp(got + 1, want) != 0) {
            fail_msg("cell '%s' should be the neutralised '%s'", got, want);
        }
    } else if (strcmp(got, want) != 0) {
        fail_msg("cell '%s' should be '%s'", got, want);
    }
}

/* The record (after the header) whose column col is text. */
static char **grid_row(Grid *g, size_t col, const char *text)
{
    for (size_t r = 1; r < g->nrows; r++) {
        if (col < g->ncols[r] && strcmp(g->cell[r][col], text) == 0) {
            return g->cell[r];
        }
    }
    fail_msg("no record with '%s' in column %zu", text, col);
    return NULL;
}

static void assert_header(const Grid *g, const char *const *names, size_t n)
{
    assert_int_equal(g->ncols[0], n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(g->cell[0][i], names[i]);
    }
}

static const char *yes_no(bool v)
{
    return v ? "yes" : "no";
}

static void export_to(const ExportOptions *opt, const char *file, char *path, size_t cap)
{
    char err[1024];
    tmp_path(path, cap, file);
    if (export_write(MEETING.s, MEETING.event_id, opt, path, err, sizeof err) != 0) {
        fail_msg("export_write %s: %s", path, err);
    }
}

static ExportOptions csv_table(ExportTable t)
{
    ExportOptions o = export_defaults();
    o.format = EXPORT_CSV;
    o.table = t;
    return o;
}

/* Is text anywhere in the file? */
static bool file_has(const char *path, const char *text)
{
    TestBytes b = read_file(path);
    bool found = strstr(b.data, text) != NULL;
    free(b.data);
    return found;
}

/* ---- Tests: the store's export walks -------------------------------------------- */

static int stop_at_first(void *ctx, const StoreRatingRow *r)
{
    (void)r;
    (*(int *)ctx)++;
    return 1;
}

static void test_store_walks_in_time_order(void **state)
{
    (void)state;
    TestRows *c = meeting_rows();
    /* 8 check-ins, the walk-in, and the reversal. */
    assert_int_equal(c->checkins, 10);
    for (size_t i = 1; i < c->checkins; i++) {
        assert_true(c->checkin[i - 1].at_ms < c->checkin[i].at_ms ||
                    (c->checkin[i - 1].at_ms == c->checkin[i].at_ms &&
                     strcmp(c->checkin[i - 1].id, c->checkin[i].id) < 0));
    }
    assert_string_equal(c->checkin[0].name, "=SUM(1)");
    assert_int_equal(c->checkin[0].at_ms, at_cet(8, 50, 0) + 123);
    assert_string_equal(c->checkin[7].name, WALKIN_NAME);
    assert_true(c->checkin[7].walk_in);
    assert_string_equal(c->checkin[7].organisation, WALKIN_ORG);
    assert_string_equal(c->checkin[8].name, "Zorro Ångström");
    assert_false(c->checkin[8].walk_in);
    assert_string_equal(c->checkin[9].name, "-1 Åsa Öberg");
    assert_string_equal(c->checkin[9].reverses, c->checkin[1].id);
    assert_string_equal(c->checkin[1].reverses, "");
    /* Each with the clock it was made by. */
    assert_int_equal(c->checkin[0].clock, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(c->checkin[1].clock, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(c->checkin[7].clock, STORE_CLOCK_SET);
    assert_int_equal(c->checkin[8].clock, STORE_CLOCK_CONFIRMED);
    assert_int_equal(c->checkin[9].clock, STORE_CLOCK_CONFIRMED); /* the undo */
    free(c);

    TestRows *a = meeting_rows();
    assert_int_equal(a->attendees, N_PEOPLE + 1);
    assert_string_equal(a->attendee[N_PEOPLE].name, WALKIN_NAME);
    int checked_in = 0;
    for (size_t i = 0; i < a->attendees; i++) {
        checked_in += a->attendee[i].checked_in_ms != 0;
        if (strcmp(a->attendee[i].name, "=SUM(1)") == 0) {
            assert_string_equal(a->attendee[i].email, "sum@example.se");
            assert_true(a->attendee[i].consent);
            assert_string_equal(a->attendee[i].device, store_device_id(MEETING.s));
        }
        if (strcmp(a->attendee[i].name, "-1 Åsa Öberg") == 0) {
            assert_int_equal(a->attendee[i].checked_in_ms, 0); /* undone */
            assert_int_equal(a->attendee[i].checked_in_clock, STORE_CLOCK_UNKNOWN);
        }
        if (strcmp(a->attendee[i].name, "=SUM(1)") == 0) {
            assert_int_equal(a->attendee[i].clock, STORE_CLOCK_UNTRUSTED); /* imported */
            assert_int_equal(a->attendee[i].checked_in_clock, STORE_CLOCK_UNTRUSTED);
        }
        if (strcmp(a->attendee[i].name, "Zorro Ångström") == 0) {
            assert_int_equal(a->attendee[i].checked_in_clock, STORE_CLOCK_CONFIRMED);
        }
        if (a->attendee[i].walk_in) {
            assert_string_equal(a->attendee[i].email, WALKIN_EMAIL);
            assert_int_equal(a->attendee[i].clock, STORE_CLOCK_SET);
            assert_int_equal(a->attendee[i].checked_in_clock, STORE_CLOCK_SET);
        }
    }
    assert_int_equal(checked_in, 8); /* 7 registered (one undone) and the walk-in */
    free(a);

    TestRows *r = meeting_rows();
    assert_int_equal(r->ratings, 11);
    for (size_t i = 1; i < r->ratings; i++) {
        assert_true(r->rating[i - 1].at_ms <= r->rating[i].at_ms);
        assert_int_equal(r->rating[i].at_ms % 60000, 0);
    }
    assert_true(r->rating[r->ratings - 1].flagged);
    assert_int_equal(r->rating[r->ratings - 1].clock, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(r->rating[0].clock, STORE_CLOCK_SYNCED);
    int unknown = 0;
    for (size_t i = 0; i < r->ratings; i++) {
        if (strcmp(r->rating[i].token, "s6") == 0) {
            assert_int_equal(r->rating[i].clock, STORE_CLOCK_UNKNOWN);
            unknown++;
        }
    }
    assert_int_equal(unknown, 1);
    free(r);

    TestRows *f = meeting_rows();
    assert_int_equal(f->reflections, 10);
    assert_string_equal(f->reflection[0].text, "=SUM(1) bra dag");
    assert_string_equal(f->reflection[6].text, "\tindrag");
    assert_string_equal(f->reflection[8].text, "\nlf först");
    assert_true(f->reflection[9].flagged);
    assert_int_equal(f->reflection[9].clock, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(f->reflection[0].clock, STORE_CLOCK_SYNCED);
    free(f);

    int calls = 0;
    assert_int_equal(store_each_rating(MEETING.s, MEETING.event_id, stop_at_first, &calls),
                     STORE_OK);
    assert_int_equal(calls, 1);
    assert_int_equal(store_each_rating(MEETING.s, "no-such-event", stop_at_first, &calls),
                     STORE_NOT_FOUND);
}

/* ---- Tests: CSV ----------------------------------------------------------------- */

static void test_csv_checkins_round_trip(void **state)
{
    (void)state;
    static const char *const HEAD[] = {"id",           "time",    "clock",  "attendee_id", "name",
                                       "organisation", "walk_in", "device", "reverses"};
    ExportOptions o = csv_table(EXPORT_CHECKINS);
    char path[4096];
    export_to(&o, "checkins.csv", path, sizeof path);
    Grid *g = read_csv(path, 9);
    TestRows *db = meeting_rows();
    assert_header(g, HEAD, 9);
    assert_int_equal(g->nrows, db->checkins + 1);
    int neutralised = 0, untrusted = 0;
    for (size_t i = 0; i < db->checkins; i++) {
        const StoreCheckinRow *r = &db->checkin[i];
        char **cell = g->cell[i + 1], iso[40];
        iso_cet(r->at_ms, false, iso, sizeof iso);
        assert_cell(cell[0], r->id);
        assert_cell(cell[1], iso);
        assert_cell(cell[2], clock_cell(r->clock));
        assert_cell(cell[3], r->attendee_id);
        assert_cell(cell[4], r->name);
        assert_cell(cell[5], r->organisation);
        assert_cell(cell[6], yes_no(r->walk_in));
        assert_cell(cell[7], r->device);
        assert_cell(cell[8], r->reverses);
        neutralised += cell[4][0] == '\'';
        untrusted += strcmp(cell[2], "untrusted") == 0;
    }
    /* The formulas, the tab, CR and LF names were all caught; nothing else was. */
    assert_string_equal(g->cell[1][4], "'=SUM(1)");
    assert_string_equal(g->cell[1][5], "Kommun; \"Väst\"");
    assert_string_equal(g->cell[1][1], "2026-11-26T08:50:00+01:00");
    assert_int_equal(neutralised, 7); /* =SUM, -1 Åsa (twice), tab, CR, LF, the walk-in */
    /* The clocks: three check-ins before it could be trusted, the walk-in's set, the
     * undo's confirmed. */
    assert_string_equal(g->cell[1][2], "untrusted");
    assert_int_equal(untrusted, 3);
    assert_string_equal(grid_row(g, 4, "'" WALKIN_NAME)[2], "set");
    assert_string_equal(g->cell[db->checkins][2], "confirmed");
    assert_string_equal(g->cell[db->checkins][4], "'-1 Åsa Öberg");
    grid_free(g);
    free(db);
}

static void test_csv_attendees_without_email_by_default(void **state)
{
    (void)state;
    static const char *const HEAD[] = {"id",
                                       "name",
                                       "organisation",
                                       "role",
                                       "ticket",
                                       "walk_in",
                                       "consent",
                                       "checked_in_time",
                                       "checked_in_clock",
                                       "device",
                                       "first_time",
                                       "topics"};
    ExportOptions o = csv_table(EXPORT_ATTENDEES);
    char path[4096];
    export_to(&o, "attendees.csv", path, sizeof path);
    Grid *g = read_csv(path, 12);
    TestRows *db = meeting_rows();
    assert_header(g, HEAD, 12);
    assert_int_equal(g->nrows, db->attendees + 1);
    for (size_t i = 0; i < db->attendees; i++) {
        const StoreAttendeeRow *r = &db->attendee[i];
        char **cell = g->cell[i + 1], iso[40] = "";
        if (r->checked_in_ms) {
            iso_cet(r->checked_in_ms, false, iso, sizeof iso);
        }
        assert_cell(cell[0], r->id);
        assert_cell(cell[1], r->name);
        assert_cell(cell[2], r->organisation);
        assert_cell(cell[3], r->role);
        assert_cell(cell[4], r->ticket);
        assert_cell(cell[5], yes_no(r->walk_in));
        assert_cell(cell[6], yes_no(r->consent));
        assert_cell(cell[7], iso);
        assert_cell(cell[8], clock_cell(r->checked_in_clock));
        assert_cell(cell[9], r->device);
        assert_cell(cell[10], yes_no(r->first_time));
        assert_cell(cell[11], r->interests);
        /* A clock only beside a time. */
        assert_int_equal(cell[7][0] == '\0', cell[8][0] == '\0');
    }
    assert_string_equal(grid_row(g, 1, "'=SUM(1)")[8], "untrusted");
    assert_string_equal(grid_row(g, 1, "Zorro Ångström")[8], "confirmed");
    assert_string_equal(grid_row(g, 1, "'" WALKIN_NAME)[8], "set");
    assert_string_equal(grid_row(g, 1, "'-1 Åsa Öberg")[8], ""); /* undone */
    /* The LF person's organisation has a line break inside the quotes. */
    char **lf = grid_row(g, 1, "'\nx LF");
    assert_string_equal(lf[2], "'\nrad ett\nrad två");
    assert_string_equal(grid_row(g, 1, "'\tx Tab")[2], "'\tTab Org");
    assert_string_equal(grid_row(g, 1, "'\rx CR")[2], "'\rCR Org");
    assert_string_equal(grid_row(g, 1, "Emoji 🎉 Person")[2], "'=1+1 AB");
    char **umit = grid_row(g, 1, "'@x Ümit");
    assert_string_equal(umit[3], "\"Citat\" roll");
    assert_string_equal(umit[2], "ÅÄÖ åäö 😀");
    grid_free(g);
    free(db);
    assert_false(file_has(path, "@example.se"));
}

static void test_csv_attendees_with_email(void **state)
{
    (void)state;
    ExportOptions o = csv_table(EXPORT_ATTENDEES);
    o.with_email = true;
    char path[4096];
    export_to(&o, "attendees-email.csv", path, sizeof path);
    Grid *g = read_csv(path, 13);
    TestRows *db = meeting_rows();
    assert_string_equal(g->cell[0][4], "email");
    assert_string_equal(g->cell[0][9], "checked_in_clock");
    for (size_t i = 0; i < db->attendees; i++) {
        assert_cell(g->cell[i + 1][1], db->attendee[i].name);
        assert_cell(g->cell[i + 1][4], db->attendee[i].email);
    }
    assert_string_equal(grid_row(g, 1, "'=SUM(1)")[4], "sum@example.se");
    /* A walk-in's typed address like a listed one, and neutralised like any cell. */
    assert_string_equal(grid_row(g, 1, "'" WALKIN_NAME)[4], "'" WALKIN_EMAIL);
    grid_free(g);
    free(db);
}

static void test_csv_ratings_round_trip(void **state)
{
    (void)state;
    static const char *const HEAD[] = {"id",   "token", "question", "question_text", "value",
                                       "time", "clock", "device",   "flagged"};
    ExportOptions o = csv_table(EXPORT_RATINGS);
    char path[4096];
    export_to(&o, "ratings.csv", path, sizeof path);
    Grid *g = read_csv(path, 9);
    TestRows *db = meeting_rows();
    assert_header(g, HEAD, 9);
    assert_int_equal(g->nrows, db->ratings + 1);
    static const char *const QTEXT[] = {"Hur nöjd är du med dagen?",
                                        "Rekommenderar du oss till en <b>kollega</b>?"};
    for (size_t i = 0; i < db->ratings; i++) {
        const StoreRatingRow *r = &db->rating[i];
        char **cell = g->cell[i + 1], iso[40], num[16];
        iso_cet(r->at_ms, true, iso, sizeof iso);
        assert_cell(cell[0], r->id);
        assert_cell(cell[1], r->token);
        snprintf(num, sizeof num, "%d", r->question + 1);
        assert_cell(cell[2], num);
        assert_cell(cell[3], QTEXT[r->question]);
        snprintf(num, sizeof num, "%d", r->value);
        assert_cell(cell[4], num);
        assert_cell(cell[5], iso);
        assert_cell(cell[6], clock_cell(r->clock));
        assert_cell(cell[7], r->device);
        assert_cell(cell[8], yes_no(r->flagged));
    }
    assert_string_equal(g->cell[1][5], "2026-11-26T15:30+01:00"); /* to the minute */
    assert_string_equal(g->cell[1][6], "synced");
    assert_string_equal(grid_row(g, 1, "s6")[6], ""); /* unknown */
    assert_string_equal(grid_row(g, 1, "r1")[6], "untrusted");
    grid_free(g);
    free(db);
}

static void test_csv_reflections_need_with_text(void **state)
{
    (void)state;
    char path[4096], err[1024];
    ExportOptions o = csv_table(EXPORT_REFLECTIONS);
    tmp_path(path, sizeof path, "reflections-refused.csv");
    unlink(path);
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err), -1);
    assert_true(strncmp(err, path, strlen(path)) == 0 && strncmp(err + strlen(path), ": ", 2) == 0);
    assert_false(file_exists(path));

    o.with_text = true;
    export_to(&o, "reflections.csv", path, sizeof path);
    Grid *g = read_csv(path, 7);
    TestRows *db = meeting_rows();
    static const char *const HEAD[] = {"id", "token", "text", "time", "clock", "device", "flagged"};
    assert_header(g, HEAD, 7);
    assert_int_equal(g->nrows, db->reflections + 1);
    for (size_t i = 0; i < db->reflections; i++) {
        const StoreReflectionRow *r = &db->reflection[i];
        char **cell = g->cell[i + 1], iso[40];
        iso_cet(r->at_ms, true, iso, sizeof iso);
        assert_cell(cell[0], r->id);
        assert_cell(cell[1], r->token);
        assert_cell(cell[2], r->text);
        assert_cell(cell[3], iso);
        assert_cell(cell[4], clock_cell(r->clock));
        assert_cell(cell[5], r->device);
        assert_cell(cell[6], yes_no(r->flagged));
    }
    assert_string_equal(grid_row(g, 1, "s1")[4], "synced");
    assert_string_equal(grid_row(g, 1, "r1")[4], "untrusted");
    static const char *const EXPECT[] = {"'=SUM(1) bra dag",
                                         "'+1 från mig",
                                         "'-1 för kaffet",
                                         "'@alla tack för i dag",
                                         "<script>x</script> & \"citat\"; semikolon",
                                         "Åäö 😀 emoji",
                                         "'\tindrag",
                                         "'\rcr\r\nlf",
                                         "'\nlf först",
                                         "upprepad reflektion"};
    for (size_t i = 0; i < sizeof EXPECT / sizeof EXPECT[0]; i++) {
        assert_string_equal(g->cell[i + 1][2], EXPECT[i]);
    }
    grid_free(g);
    free(db);
}

static void test_csv_participants_only_consenting(void **state)
{
    (void)state;
    ExportOptions o = csv_table(EXPORT_PARTICIPANTS);
    char path[4096];
    export_to(&o, "participants.csv", path, sizeof path);
    Grid *g = read_csv(path, 4);
    static const char *const HEAD[] = {"name", "organisation", "role", "email"};
    assert_header(g, HEAD, 4);
    /* Exactly the consenting people, in Swedish order: punctuation and case ignored, Å, Ä
     * and Ö after Z. */
    static const char *const ORDER[] = {
        "-1 Åsa Öberg", "Emoji 🎉 Person", "<script>alert(1)</script>",
        "=SUM(1)",      "Zorro Ångström", "Östen Zetterberg"};
    size_t n = sizeof ORDER / sizeof ORDER[0];
    assert_int_equal(g->nrows, n + 1);
    for (size_t i = 0; i < n; i++) {
        const TestAttendee *p = NULL;
        for (size_t k = 0; k < N_PEOPLE; k++) {
            if (strcmp(PEOPLE[k].name, ORDER[i]) == 0) {
                p = &PEOPLE[k];
            }
        }
        assert_non_null(p);
        assert_true(p->consent);
        assert_cell(g->cell[i + 1][0], p->name);
        assert_cell(g->cell[i + 1][1], p->organisation);
        assert_cell(g->cell[i + 1][2], p->role);
        assert_cell(g->cell[i + 1][3], p->email);
    }
    grid_free(g);
    for (size_t k = 0; k < N_PEOPLE; k++) {
        if (!PEOPLE[k].consent) {
            assert_false(file_has(path, PEOPLE[k].organisation));
        }
    }
    assert_false(file_has(path, "Plus"));
    assert_false(file_has(path, "HYPERLINK")); /* walk-ins never consented */
}

static void test_csv_all_into_directory(void **state)
{
    (void)state;
    char dir[4096], err[1024];
    tmp_path(dir, sizeof dir, "all-csv");
    ExportOptions o = csv_table(EXPORT_ALL);
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, dir, err, sizeof err), 0);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(MEETING.s, &ev, id), STORE_OK);
    static const ExportTable WRITTEN[] = {EXPORT_CHECKINS, EXPORT_ATTENDEES, EXPORT_RATINGS,
                                          EXPORT_PARTICIPANTS};
    for (size_t i = 0; i < sizeof WRITTEN / sizeof WRITTEN[0]; i++) {
        char name[256], path[4096 + 256];
        export_file_name(&ev, &o, WRITTEN[i], name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", dir, name);
        assert_true(file_exists(path));
        assert_false(file_has(path, "@example.se") && WRITTEN[i] != EXPORT_PARTICIPANTS);
        assert_false(file_has(path, "bra dag")); /* no free text by default */
    }
    /* Four files, no reflections, no temporary file left behind. */
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        assert_true(e->d_name[0] != '.');
        assert_null(strstr(e->d_name, "reflections"));
        files++;
    }
    closedir(d);
    assert_int_equal(files, 4);
}

/* ---- Tests: JSON ---------------------------------------------------------------- */

static cJSON *read_json(const char *path)
{
    TestBytes b = read_file(path);
    cJSON *doc = cJSON_ParseWithLength(b.data, b.len);
    free(b.data);
    if (!doc) {
        fail_msg("%s is not JSON (near '%.40s')", path, cJSON_GetErrorPtr());
    }
    return doc;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsString(v)) {
        fail_msg("JSON member '%s' is not a string", key);
    }
    return v->valuestring;
}

static double jnum(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(v)) {
        fail_msg("JSON member '%s' is not a number", key);
    }
    return v->valuedouble;
}

static bool jbool(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsBool(v)) {
        fail_msg("JSON member '%s' is not true or false", key);
    }
    return cJSON_IsTrue(v);
}

/* A clock in JSON: its code and whether it could be trusted, or null and null when it is
 * unknown. */
static void assert_json_clock(const cJSON *row, const char *name, StoreClock c)
{
    char trusted[64];
    snprintf(trusted, sizeof trusted, "%s_trusted", name);
    if (c == STORE_CLOCK_UNKNOWN) {
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(row, name)));
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(row, trusted)));
        return;
    }
    assert_string_equal(jstr(row, name), clock_cell(c));
    assert_int_equal(jbool(row, trusted), c != STORE_CLOCK_UNTRUSTED);
}

static void test_json_round_trip(void **state)
{
    (void)state;
    ExportOptions o = export_defaults();
    o.format = EXPORT_JSON;
    char path[4096];
    export_to(&o, "all.json", path, sizeof path);
    cJSON *doc = read_json(path);
    assert_string_equal(jstr(doc, "format"), "mingel-export");
    assert_int_equal((int)jnum(doc, "version"), 1);

    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(doc, "event");
    EventInfo want;
    make_event(&want, "sv");
    assert_string_equal(jstr(ev, "id"), MEETING.event_id);
    assert_string_equal(jstr(ev, "key"), want.key);
    assert_string_equal(jstr(ev, "title"), want.title);
    assert_string_equal(jstr(ev, "date"), want.date);
    assert_string_equal(jstr(ev, "start_time"), want.start_time);
    assert_string_equal(jstr(ev, "venue"), want.venue);
    assert_string_equal(jstr(ev, "organiser"), want.organiser);
    assert_string_equal(jstr(ev, "language"), "sv");
    assert_string_equal(jstr(ev, "phases"), "both");
    assert_string_equal(jstr(ev, "feedback_url"), want.feedback_url);
    assert_int_equal((int)jnum(ev, "reflection_max"), want.reflection_max);
    assert_int_equal((int)jnum(ev, "thanks_seconds"), want.thanks_seconds);
    const cJSON *qs = cJSON_GetObjectItemCaseSensitive(ev, "questions");
    assert_int_equal(cJSON_GetArraySize(qs), 2);
    for (int i = 0; i < 2; i++) {
        const cJSON *q = cJSON_GetArrayItem(qs, i);
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(q, "text");
        assert_int_equal((int)jnum(q, "number"), i + 1);
        assert_string_equal(jstr(text, "sv"), want.questions[i].text[LANG_SV]);
        assert_string_equal(jstr(text, "en"), want.questions[i].text[LANG_EN]);
        assert_string_equal(jstr(q, "scale"), i == 0 ? "smileys" : "nps");
        /* The words the attendees saw, in both languages. */
        const cJSON *words = cJSON_GetObjectItemCaseSensitive(q, "words");
        const cJSON *sv = cJSON_GetObjectItemCaseSensitive(words, "sv");
        const cJSON *en = cJSON_GetObjectItemCaseSensitive(words, "en");
        assert_int_equal(cJSON_GetArraySize(sv), i == 0 ? 5 : 2);
        assert_int_equal(cJSON_GetArraySize(en), i == 0 ? 5 : 2);
        assert_string_equal(cJSON_GetArrayItem(sv, 0)->valuestring,
                            i == 0 ? "Mycket dåligt" : "Aldrig");
        assert_string_equal(cJSON_GetArrayItem(en, i == 0 ? 4 : 1)->valuestring,
                            i == 0 ? "Very good" : "Certainly");
        /* The NPS of the 0-10 question: three answers (10, 9, 6) are fewer than five, so
         * the count without a score. */
        const cJSON *nps = cJSON_GetObjectItemCaseSensitive(q, "nps");
        if (i == 0) {
            assert_null(nps);
        } else {
            assert_int_equal((int)jnum(nps, "answers"), 3);
            assert_int_equal((int)jnum(nps, "min_group"), 5);
            assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(nps, "score")));
            assert_null(cJSON_GetObjectItemCaseSensitive(nps, "promoters"));
        }
    }

    TestRows *c = meeting_rows();
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "checkins");
    assert_int_equal(cJSON_GetArraySize(arr), (int)c->checkins);
    for (size_t i = 0; i < c->checkins; i++) {
        const cJSON *row = cJSON_GetArrayItem(arr, (int)i);
        char iso[40];
        iso_cet(c->checkin[i].at_ms, false, iso, sizeof iso);
        assert_string_equal(jstr(row, "id"), c->checkin[i].id);
        assert_string_equal(jstr(row, "time"), iso);
        assert_true(jnum(row, "time_ms") == (double)c->checkin[i].at_ms);
        assert_string_equal(jstr(row, "name"), c->checkin[i].name); /* no apostrophes here */
        assert_string_equal(jstr(row, "organisation"), c->checkin[i].organisation);
        assert_int_equal(jbool(row, "walk_in"), c->checkin[i].walk_in);
        assert_json_clock(row, "clock", c->checkin[i].clock);
        const cJSON *rev = cJSON_GetObjectItemCaseSensitive(row, "reverses");
        if (c->checkin[i].reverses[0]) {
            assert_string_equal(rev->valuestring, c->checkin[i].reverses);
        } else {
            assert_true(cJSON_IsNull(rev));
        }
    }
    const cJSON *first = cJSON_GetArrayItem(arr, 0);
    assert_string_equal(jstr(first, "clock"), "untrusted");
    assert_false(jbool(first, "clock_trusted"));
    assert_string_equal(jstr(cJSON_GetArrayItem(arr, 7), "clock"), "set"); /* the walk-in */
    assert_true(jbool(cJSON_GetArrayItem(arr, 7), "clock_trusted"));
    free(c);

    TestRows *a = meeting_rows();
    arr = cJSON_GetObjectItemCaseSensitive(doc, "attendees");
    assert_int_equal(cJSON_GetArraySize(arr), (int)a->attendees);
    for (size_t i = 0; i < a->attendees; i++) {
        const cJSON *row = cJSON_GetArrayItem(arr, (int)i);
        assert_string_equal(jstr(row, "name"), a->attendee[i].name);
        assert_string_equal(jstr(row, "role"), a->attendee[i].role);
        assert_null(cJSON_GetObjectItemCaseSensitive(row, "email")); /* not by default */
        assert_int_equal(jbool(row, "consent"), a->attendee[i].consent);
        const cJSON *ms = cJSON_GetObjectItemCaseSensitive(row, "checked_in_time_ms");
        if (a->attendee[i].checked_in_ms) {
            assert_true(ms->valuedouble == (double)a->attendee[i].checked_in_ms);
        } else {
            assert_true(cJSON_IsNull(ms));
            assert_int_equal(a->attendee[i].checked_in_clock, STORE_CLOCK_UNKNOWN);
        }
        assert_json_clock(row, "checked_in_clock", a->attendee[i].checked_in_clock);
    }
    free(a);

    TestRows *r = meeting_rows();
    arr = cJSON_GetObjectItemCaseSensitive(doc, "ratings");
    assert_int_equal(cJSON_GetArraySize(arr), (int)r->ratings);
    for (size_t i = 0; i < r->ratings; i++) {
        const cJSON *row = cJSON_GetArrayItem(arr, (int)i);
        char iso[40];
        iso_cet(r->rating[i].at_ms, true, iso, sizeof iso);
        assert_string_equal(jstr(row, "token"), r->rating[i].token);
        assert_int_equal((int)jnum(row, "question"), r->rating[i].question + 1);
        assert_int_equal((int)jnum(row, "value"), r->rating[i].value);
        assert_string_equal(jstr(row, "time"), iso);
        assert_int_equal(jbool(row, "flagged"), r->rating[i].flagged);
        assert_json_clock(row, "clock", r->rating[i].clock);
        if (strcmp(r->rating[i].token, "s6") == 0) {
            assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(row, "clock")));
        }
    }
    free(r);

    /* No free text by default; the participant list has only the consenting. */
    assert_null(cJSON_GetObjectItemCaseSensitive(doc, "reflections"));
    arr = cJSON_GetObjectItemCaseSensitive(doc, "participants");
    assert_int_equal(cJSON_GetArraySize(arr), 6);
    assert_string_equal(jstr(cJSON_GetArrayItem(arr, 0), "name"), "-1 Åsa Öberg");
    assert_string_equal(jstr(cJSON_GetArrayItem(arr, 0), "email"), "asa@example.se");
    cJSON_Delete(doc);
    assert_false(file_has(path, "bra dag"));
}

static void test_json_with_email_and_text(void **state)
{
    (void)state;
    ExportOptions o = export_defaults();
    o.format = EXPORT_JSON;
    o.with_email = true;
    o.with_text = true;
    char path[4096];
    export_to(&o, "all-text.json", path, sizeof path);
    cJSON *doc = read_json(path);
    TestRows *f = meeting_rows();
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(doc, "reflections");
    assert_int_equal(cJSON_GetArraySize(arr), (int)f->reflections);
    for (size_t i = 0; i < f->reflections; i++) {
        const cJSON *row = cJSON_GetArrayItem(arr, (int)i);
        assert_string_equal(jstr(row, "text"), f->reflection[i].text);
        assert_true(jnum(row, "time_ms") == (double)f->reflection[i].at_ms);
        assert_json_clock(row, "clock", f->reflection[i].clock);
    }
    free(f);
    arr = cJSON_GetObjectItemCaseSensitive(doc, "attendees");
    bool found = false;
    for (int i = 0; i < cJSON_GetArraySize(arr); i++) {
        const cJSON *row = cJSON_GetArrayItem(arr, i);
        if (strcmp(jstr(row, "name"), "=SUM(1)") == 0) {
            assert_string_equal(jstr(row, "email"), "sum@example.se");
            found = true;
        }
    }
    assert_true(found);
    cJSON_Delete(doc);

    /* One table: only that array besides the event. */
    o.table = EXPORT_RATINGS;
    export_to(&o, "ratings.json", path, sizeof path);
    doc = read_json(path);
    assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "ratings"));
    assert_non_null(cJSON_GetObjectItemCaseSensitive(doc, "event"));
    assert_null(cJSON_GetObjectItemCaseSensitive(doc, "attendees"));
    cJSON_Delete(doc);
}

/* ---- Tests: the HTML report ----------------------------------------------------- */

/* Nothing that would reach outside the page, and no markup from the data. The only url(
 * is the report's own font, two faces (regular, bold) as data: URLs. */
static void assert_self_contained(const char *html)
{
    static const char *const BANNED[] = {"http://", "https://", "src=\"http", "@import",
                                         "<script", "<link",    "<img"};
    for (size_t i = 0; i < sizeof BANNED / sizeof BANNED[0]; i++) {
        if (strstr(html, BANNED[i])) {
            fail_msg("the report contains '%s'", BANNED[i]);
        }
    }
    static const char FONT_URL[] = "url(data:font/ttf;base64,";
    size_t urls = 0, fonts = 0;
    for (const char *p = html; (p = strstr(p, "url(")) != NULL; p += 4) {
        urls++;
        fonts += strncmp(p, FONT_URL, sizeof FONT_URL - 1) == 0;
    }
    assert_int_equal(urls, 2);
    assert_int_equal(fonts, 2);
    assert_non_null(strstr(html, "@font-face{font-family:\"mingel Noto Sans\";font-style:normal;"
                                 "font-weight:400;src:url(data:font/ttf;base64,"));
    assert_non_null(strstr(html, "@font-face{font-family:\"mingel Noto Sans\";font-style:normal;"
                                 "font-weight:700;src:url(data:font/ttf;base64,"));
    assert_non_null(strstr(html, "font-family:\"mingel Noto Sans\",\"Noto Sans\""));
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
        n++;
    }
    return n;
}

/* The report calls walk-ins what the kiosk's admin screen does (the catalogue's word for
 * its count, po/sv.po), after the report's lead-in, with a lower-case first letter. */
static void assert_walk_ins_word(const char *html, Lang lang, const char *lead_in)
{
    const char *word = i18n_text(lang, I18N_STAT_WALK_INS);
    char want[256];
    snprintf(want, sizeof want, "<span class=\"lbl\">%s%c%s</span>", lead_in,
             word[0] >= 'A' && word[0] <= 'Z' ? word[0] - 'A' + 'a' : word[0], word + 1);
    if (!strstr(html, want)) {
        fail_msg("the report does not say '%s', the admin screen's word", want);
    }
}

static void test_html_report(void **state)
{
    (void)state;
    ExportOptions o = export_defaults();
    o.format = EXPORT_HTML;
    char path[4096];
    export_to(&o, "report.html", path, sizeof path);
    TestBytes b = read_file(path);
    const char *h = b.data;
    assert_self_contained(h);
    assert_non_null(strstr(h, "<!DOCTYPE html>"));
    assert_non_null(strstr(h, "<html lang=\"sv\">"));
    assert_non_null(strstr(h, "@media print"));
    assert_non_null(strstr(h, "size:A4"));
    /* The title, venue and questions escaped. */
    assert_non_null(
        strstr(h, "Nätverk &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;vänner&quot;"));
    assert_non_null(strstr(h, "Sal B; plan 2 &lt;b&gt;"));
    assert_non_null(strstr(h, "Kommunförbundet &amp; Co"));
    assert_non_null(strstr(h, "torsdag 26 november 2026"));
    assert_non_null(strstr(h, "en &lt;b&gt;kollega&lt;/b&gt;?"));
    /* Turnout: 12 registered, 8 checked in (one undone), 1 walk-in, 7 of 12 came. */
    assert_non_null(strstr(h, "<span class=\"num\">12</span><span class=\"lbl\">Anmälda"));
    assert_non_null(strstr(h, "<span class=\"num\">8</span><span class=\"lbl\">Incheckade"));
    assert_non_null(
        strstr(h, "<span class=\"num\">1</span><span class=\"lbl\">Varav utan anmälan</span>"));
    assert_walk_ins_word(h, LANG_SV, "Varav ");
    assert_null(strstr(h, "spontan"));
    assert_non_null(strstr(h, "<span class=\"num\">58\xC2\xA0%</span>"));
    /* Question 1 (six answers) shown with the smiley words; question 2 (three) is not. */
    assert_non_null(strstr(h, "<title>Mycket dåligt: 1 (17\xC2\xA0%)</title>"));
    assert_non_null(strstr(h, "<title>Mycket bra: 2 (33\xC2\xA0%)</title>"));
    assert_non_null(strstr(h, "Medelvärde 3,7</b>"));
    assert_int_equal(count_of(h, "Färre än 5 svar – visas inte"), 1);
    assert_int_equal(count_of(h, "<svg"), 2); /* check-ins over time, question 1 */
    assert_non_null(strstr(h, "räknade för sig och inte med ovan: 2"));
    /* Six records were made before the clock could be trusted: said once, up front. */
    assert_int_equal(count_of(h, "<p class=\"clock\" role=\"note\">Obs! 6 poster (incheckningar "
                                 "och svar) gjordes medan kioskens klocka varken var synkroniserad "
                                 "eller bekräftad: deras tider kan vara fel.</p>"),
                     1);
    assert_true(strstr(h, "class=\"clock\"") < strstr(h, "<section class=\"turnout\">"));
    /* No names, no reflections without with_text. */
    for (size_t k = 0; k < N_PEOPLE; k++) {
        if (strlen(PEOPLE[k].name) > 4) {
            assert_null(strstr(h, PEOPLE[k].name));
        }
    }
    assert_null(strstr(h, "bra dag"));
    assert_null(strstr(h, "Reflektioner"));
    free(b.data);

    /* With text and a smaller group: reflections escaped, question 2 shown with NPS. */
    o.with_text = true;
    o.min_group = 3;
    export_to(&o, "report-text.html", path, sizeof path);
    b = read_file(path);
    h = b.data;
    assert_self_contained(h);
    assert_non_null(strstr(h, "<h2>Reflektioner</h2>"));
    assert_non_null(strstr(h, "=SUM(1) bra dag"));
    assert_non_null(strstr(h, "&lt;script&gt;x&lt;/script&gt; &amp; &quot;citat&quot;; semikolon"));
    assert_null(strstr(h, "upprepad reflektion")); /* flagged: counted, not listed */
    assert_non_null(strstr(h, "Reflektioner från upprepade tryck, som inte visas: 1"));
    assert_int_equal(count_of(h, "– visas inte"), 0);
    assert_non_null(strstr(h, "<b>NPS +33</b> (2 promotorer (9–10), 1 kritiker (0–6)) · "
                              "<b>Medelvärde 8,3</b> (0–10) · 3 svar"));
    assert_non_null(strstr(h, "0 = Aldrig, 10 = Absolut &lt;3"));
    assert_int_equal(count_of(h, "<svg"), 3);
    free(b.data);

    /* The JSON export keeps to the same smallest group: with three, the score. */
    o.format = EXPORT_JSON;
    export_to(&o, "nps.json", path, sizeof path);
    cJSON *doc = read_json(path);
    const cJSON *q2 =
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
                               cJSON_GetObjectItemCaseSensitive(doc, "event"), "questions"),
                           1);
    const cJSON *nps = cJSON_GetObjectItemCaseSensitive(q2, "nps");
    assert_int_equal((int)jnum(nps, "score"), 33);
    assert_int_equal((int)jnum(nps, "answers"), 3);
    assert_int_equal((int)jnum(nps, "promoters"), 2);
    assert_int_equal((int)jnum(nps, "passives"), 0);
    assert_int_equal((int)jnum(nps, "detractors"), 1);
    cJSON_Delete(doc);
    o.format = EXPORT_HTML;

    /* A group larger than the check-ins hides the chart over time too. */
    o.with_text = false;
    o.min_group = 100;
    export_to(&o, "report-hidden.html", path, sizeof path);
    b = read_file(path);
    assert_non_null(strstr(b.data, "Färre än 100 incheckningar – visas inte"));
    assert_int_equal(count_of(b.data, "Färre än 100 svar – visas inte"), 2);
    assert_int_equal(count_of(b.data, "<svg"), 0);
    free(b.data);
}

static void test_html_report_in_english(void **state)
{
    (void)state;
    Meeting en;
    build_meeting(&en, "export-en.db", "en");
    ExportOptions o = export_defaults();
    o.format = EXPORT_HTML;
    char path[4096], err[1024];
    tmp_path(path, sizeof path, "report-en.html");
    assert_int_equal(export_write(en.s, en.event_id, &o, path, err, sizeof err), 0);
    TestBytes b = read_file(path);
    assert_self_contained(b.data);
    assert_non_null(strstr(b.data, "<html lang=\"en\">"));
    assert_non_null(strstr(b.data, "Thursday 26 November 2026"));
    assert_non_null(strstr(b.data, "<span class=\"lbl\">Of whom walk-ins</span>"));
    assert_walk_ins_word(b.data, LANG_EN, "Of whom ");
    assert_non_null(strstr(b.data, "Fewer than 5 answers — not shown"));
    assert_non_null(strstr(b.data, "<title>Very poor: 1 (17%)</title>"));
    assert_non_null(strstr(b.data, "Mean 3.7</b>"));
    assert_non_null(strstr(b.data, "Would you recommend us to a &lt;b&gt;colleague&lt;/b&gt;?"));
    assert_non_null(strstr(b.data,
                           "Note: 6 records (check-ins and answers) were made while the "
                           "kiosk&#39;s clock was neither synchronised nor confirmed: their "
                           "times may be wrong."));
    free(b.data);
    store_close(en.s);
}

/* The report's clock line: only when a record of the meeting was made with an untrusted
 * clock, whichever kind of record it is, in the singular for one; never for clocks that
 * are trusted or unknown (records from before the store kept them). */
static void test_html_report_clock_line(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *sql;  /* on the meeting, whose records are made as build_meeting says */
        const char *line; /* the clock line's text, or NULL for none */
    } cases[] = {
        {"as made", "", "Obs! 6 poster"},
        {"all trusted",
         "UPDATE checkin SET clock = 1; UPDATE rating SET clock = 2; "
         "UPDATE reflection SET clock = 3;",
         NULL},
        {"all unknown",
         "UPDATE checkin SET clock = NULL; UPDATE rating SET clock = NULL; "
         "UPDATE reflection SET clock = NULL;",
         NULL},
        {"an untrusted import only",
         "UPDATE checkin SET clock = 1; UPDATE rating SET clock = 1; "
         "UPDATE reflection SET clock = 1; UPDATE attendee SET clock = 0;",
         NULL},
        {"one undo",
         "UPDATE checkin SET clock = CASE WHEN reverses IS NULL THEN 1 ELSE 0 END; "
         "UPDATE rating SET clock = 1; UPDATE reflection SET clock = NULL;",
         "Obs! 1 post (incheckning eller svar) gjordes medan kioskens klocka varken var "
         "synkroniserad eller bekräftad: dess tid kan vara fel."},
        {"one reflection",
         "UPDATE checkin SET clock = 2; UPDATE rating SET clock = 2; "
         "UPDATE reflection SET clock = CASE token WHEN 's3' THEN 0 ELSE 2 END;",
         "Obs! 1 post"},
        {"ratings",
         "UPDATE checkin SET clock = 3; UPDATE rating SET clock = 0; UPDATE reflection SET clock = "
         "3;",
         "Obs! 11 poster"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Meeting m;
        build_meeting(&m, "export-clock.db", "sv");
        store_close(m.s);
        if (cases[i].sql[0]) {
            sqlite_shell(m.path, cases[i].sql);
        }
        open_meeting(&m);
        ExportOptions o = export_defaults();
        o.format = EXPORT_HTML;
        char path[4096], err[1024];
        tmp_path(path, sizeof path, "report-clock.html");
        assert_int_equal(export_write(m.s, m.event_id, &o, path, err, sizeof err), 0);
        store_close(m.s);
        TestBytes b = read_file(path);
        const char *line = strstr(b.data, "<p class=\"clock\" role=\"note\">");
        if (!cases[i].line) {
            if (line || strstr(b.data, "Obs!")) {
                fail_msg("%s: the report has a clock line", cases[i].what);
            }
        } else if (!line || strncmp(line + strlen("<p class=\"clock\" role=\"note\">"),
                                    cases[i].line, strlen(cases[i].line)) != 0) {
            fail_msg("%s: no clock line '%s'", cases[i].what, cases[i].line);
        } else {
            assert_int_equal(count_of(b.data, "role=\"note\""), 1);
        }
        free(b.data);
        remove_db(m.path);
    }
}

/* ---- Tests: names and failures -------------------------------------------------- */

/* Every format, table and option: the name says what the file holds beyond the
 * privacy-safe default, and the defaults keep the names the admin screen has always
 * written (test_flow expects them on the USB stick). */
static void test_file_names(void **state)
{
    (void)state;
    static const struct {
        ExportFormat format;
        ExportTable table;
        bool with_email, with_text;
        const char *name; /* after "drift-2026-11-2026-11-26-" */
    } cases[] = {
        /* The defaults: unchanged. */
        {EXPORT_CSV, EXPORT_CHECKINS, false, false, "checkins.csv"},
        {EXPORT_CSV, EXPORT_ATTENDEES, false, false, "attendees.csv"},
        {EXPORT_CSV, EXPORT_RATINGS, false, false, "ratings.csv"},
        {EXPORT_CSV, EXPORT_PARTICIPANTS, false, false, "participants.csv"},
        {EXPORT_JSON, EXPORT_ALL, false, false, "all.json"},
        {EXPORT_JSON, EXPORT_ATTENDEES, false, false, "attendees.json"},
        {EXPORT_HTML, EXPORT_ALL, false, false, "report.html"},
        /* Email addresses: only where they go in (the attendees). */
        {EXPORT_CSV, EXPORT_ATTENDEES, true, false, "attendees-with-email.csv"},
        {EXPORT_CSV, EXPORT_CHECKINS, true, false, "checkins.csv"},
        {EXPORT_CSV, EXPORT_RATINGS, true, true, "ratings.csv"},
        {EXPORT_CSV, EXPORT_PARTICIPANTS, true, false, "participants.csv"},
        {EXPORT_JSON, EXPORT_ALL, true, false, "all-with-email.json"},
        {EXPORT_JSON, EXPORT_ATTENDEES, true, true, "attendees-with-email.json"},
        {EXPORT_JSON, EXPORT_CHECKINS, true, true, "checkins.json"},
        {EXPORT_HTML, EXPORT_ALL, true, false, "report.html"}, /* the report names nobody */
        /* Free text: the reflections always, everything and the report when asked. */
        {EXPORT_CSV, EXPORT_REFLECTIONS, false, true, "reflections-with-text.csv"},
        {EXPORT_CSV, EXPORT_REFLECTIONS, true, true, "reflections-with-text.csv"},
        {EXPORT_CSV, EXPORT_ATTENDEES, false, true, "attendees.csv"},
        {EXPORT_JSON, EXPORT_ALL, false, true, "all-with-text.json"},
        {EXPORT_JSON, EXPORT_REFLECTIONS, false, true, "reflections-with-text.json"},
        {EXPORT_HTML, EXPORT_ALL, false, true, "report-with-text.html"},
        {EXPORT_HTML, EXPORT_ALL, true, true, "report-with-text.html"},
        /* Both. */
        {EXPORT_CSV, EXPORT_ATTENDEES, true, true, "attendees-with-email.csv"},
        {EXPORT_JSON, EXPORT_ALL, true, true, "all-with-email-text.json"},
        /* The workbook: like JSON, one file of everything or of one table. */
        {EXPORT_XLSX, EXPORT_ALL, false, false, "all.xlsx"},
        {EXPORT_XLSX, EXPORT_ALL, true, false, "all-with-email.xlsx"},
        {EXPORT_XLSX, EXPORT_ALL, false, true, "all-with-text.xlsx"},
        {EXPORT_XLSX, EXPORT_ALL, true, true, "all-with-email-text.xlsx"},
        {EXPORT_XLSX, EXPORT_ATTENDEES, true, false, "attendees-with-email.xlsx"},
        {EXPORT_XLSX, EXPORT_CHECKINS, true, true, "checkins.xlsx"},
        {EXPORT_XLSX, EXPORT_REFLECTIONS, false, true, "reflections-with-text.xlsx"},
    };
    EventInfo ev;
    event_defaults(&ev);
    snprintf(ev.key, sizeof ev.key, "drift-2026-11");
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ExportOptions o = export_defaults();
        o.format = cases[i].format;
        o.table = cases[i].format == EXPORT_CSV ? EXPORT_ALL : cases[i].table;
        o.with_email = cases[i].with_email;
        o.with_text = cases[i].with_text;
        char name[256], want[256];
        export_file_name(&ev, &o, cases[i].table, name, sizeof name);
        snprintf(want, sizeof want, "drift-2026-11-2026-11-26-%s", cases[i].name);
        if (strcmp(name, want) != 0) {
            fail_msg("case %zu (email %d, text %d): '%s', expected '%s'", i, cases[i].with_email,
                     cases[i].with_text, name, want);
        }
    }
    /* Whatever the key holds, the name stays in its directory. */
    ExportOptions o = export_defaults();
    o.format = EXPORT_HTML;
    char name[256];
    snprintf(ev.key, sizeof ev.key, "../etc/Passwd");
    export_file_name(&ev, &o, EXPORT_ALL, name, sizeof name);
    assert_null(strchr(name, '/'));
}

/* ---- Tests: the xlsx workbook --------------------------------------------------- */

/* One member of the zip, NUL-terminated; the caller frees it. */
static char *zip_member(zip_t *z, const char *name)
{
    zip_stat_t st;
    if (zip_stat(z, name, 0, &st) != 0) {
        fail_msg("the workbook has no %s", name);
    }
    char *data = malloc(st.size + 1);
    assert_non_null(data);
    zip_file_t *f = zip_fopen(z, name, 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, data, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    data[st.size] = '\0';
    return data;
}

/* text as it stands in the sheet's XML: a text cell's <t> element. */
static void xml_cell(const char *text, char *out, size_t cap)
{
    size_t w = (size_t)snprintf(out, cap, "<t>");
    for (const char *p = text; *p && w + 8 < cap; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
        if (rep) {
            w += (size_t)snprintf(out + w, cap - w, "%s", rep);
        } else {
            out[w++] = *p;
        }
    }
    snprintf(out + w, cap - w, "</t>");
}

static void test_xlsx_round_trip(void **state)
{
    (void)state;
    char path[4096], cell[512];
    ExportOptions o = export_defaults();
    o.format = EXPORT_XLSX;
    o.with_email = true;
    o.with_text = true;
    export_to(&o, "all.xlsx", path, sizeof path);
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    if (!z) {
        fail_msg("%s is not a whole zip (libzip error %d)", path, zerr);
    }
    char *book = zip_member(z, "xl/workbook.xml");
    const char *at = book;
    static const char *const SHEETS[] = {"checkins", "attendees", "ratings", "reflections",
                                         "participants"};
    for (size_t i = 0; i < 5; i++) {
        char want[64];
        snprintf(want, sizeof want, "<sheet name=\"%s\" sheetId=\"%zu\"", SHEETS[i], i + 1);
        const char *p = strstr(at, want);
        if (!p) {
            fail_msg("sheet %zu is not %s: %s", i + 1, SHEETS[i], book);
        }
        at = p;
    }
    assert_null(strstr(at + 1, "<sheet name=")); /* no sixth */
    free(book);

    char *styles = zip_member(z, "xl/styles.xml");
    assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd hh:mm:ss\""));
    assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd hh:mm\""));
    free(styles);

    /* The attendees: every name and organisation a text cell, exactly as stored (the
     * people whose names the shell gave control characters aside). */
    char *sheet = zip_member(z, "xl/worksheets/sheet2.xml");
    assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                                  "state=\"frozen\"/>"));
    char want[64];
    snprintf(want, sizeof want, "<autoFilter ref=\"A1:M%zu\"/>", N_PEOPLE + 2);
    if (!strstr(sheet, want)) {
        fail_msg("no %s in the attendees sheet", want);
    }
    assert_non_null(strstr(sheet, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>id</t>"));
    assert_non_null(strstr(sheet, "<c r=\"E1\" s=\"1\" t=\"inlineStr\"><is><t>email</t>"));
    for (size_t i = 0; i < N_PEOPLE; i++) {
        if (strstr(PEOPLE[i].name, "Tab") || strstr(PEOPLE[i].name, "CR") ||
            strstr(PEOPLE[i].name, "LF")) {
            continue;
        }
        xml_cell(PEOPLE[i].name, cell, sizeof cell);
        if (!strstr(sheet, cell)) {
            fail_msg("the name %s is not a text cell %s", PEOPLE[i].name, cell);
        }
        xml_cell(PEOPLE[i].organisation, cell, sizeof cell);
        if (!strstr(sheet, cell)) {
            fail_msg("the organisation %s is not a text cell %s", PEOPLE[i].organisation, cell);
        }
    }
    xml_cell(WALKIN_NAME, cell, sizeof cell);
    assert_non_null(strstr(sheet, cell));
    assert_non_null(strstr(sheet, "<t>T-03</t>"));
    assert_null(strstr(sheet, "<f>"));  /* no formula, anywhere */
    assert_null(strstr(sheet, "<t>'")); /* and no CSV apostrophe: text cells are text */
    assert_non_null(strstr(sheet, " t=\"b\"><v>1</v>"));
    assert_non_null(strstr(sheet, " t=\"b\"><v>0</v>"));
    /* A check-in time: 2026-11-26 (Excel day 46352) in the date-time style. */
    assert_non_null(strstr(sheet, " s=\"2\"><v>46352."));
    free(sheet);

    /* The ratings: question and value are numbers, the time to the minute. */
    sheet = zip_member(z, "xl/worksheets/sheet3.xml");
    assert_non_null(strstr(sheet, " s=\"3\"><v>46352."));
    assert_non_null(strstr(sheet, "<c r=\"C2\"><v>"));
    assert_null(strstr(sheet, "<f>"));
    free(sheet);
    zip_close(z);

    /* Without the options: no email column, no reflections sheet. */
    o = export_defaults();
    o.format = EXPORT_XLSX;
    export_to(&o, "plain.xlsx", path, sizeof path);
    z = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
    assert_non_null(z);
    book = zip_member(z, "xl/workbook.xml");
    assert_null(strstr(book, "reflections"));
    assert_non_null(strstr(book, "<sheet name=\"participants\" sheetId=\"4\""));
    free(book);
    sheet = zip_member(z, "xl/worksheets/sheet2.xml");
    assert_null(strstr(sheet, "<t>email</t>"));
    assert_null(strstr(sheet, "@example.se"));
    free(sheet);
    zip_close(z);

    /* Failure names the path and leaves nothing behind. */
    char err[1024];
    tmp_path(path, sizeof path, "no-such-dir/all.xlsx");
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err), -1);
    assert_true(strncmp(err, path, strlen(path)) == 0);
}

/* Makes dir an empty directory: what an earlier run left goes. */
static void empty_dir(const char *dir)
{
    mkdir(dir, 0755);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        char path[4096 + 256];
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            assert_int_equal(unlink(path), 0);
        }
    }
    closedir(d);
}

/* The privacy-safe files the admin screen writes and the ones with email addresses and
 * free text, exported into the same directory (a USB stick) in either order: none
 * replaces another, and the safe ones stay safe. */
static void test_private_exports_never_replace_safe_ones(void **state)
{
    /* The address of someone who is not on the participant list (which has the addresses
     * of those who are, in every export that has it). */
    static const char PRIVATE_EMAIL[] = "plus@example.se";
    (void)state;
    EventInfo ev;
    char id[IDS_UUID_LEN + 1], dir[4096], err[1024];
    assert_int_equal(store_event_current(MEETING.s, &ev, id), STORE_OK);
    static const ExportFormat FORMATS[] = {EXPORT_CSV, EXPORT_JSON, EXPORT_HTML};
    static const struct {
        bool with_email, with_text;
    } PRIVATE[] = {{true, false}, {false, true}, {true, true}};
    for (int safe_last = 0; safe_last < 2; safe_last++) {
        tmp_path(dir, sizeof dir, safe_last ? "usb-safe-last" : "usb-safe-first");
        empty_dir(dir);
        /* Safe, then the three private kinds (or the other way round). */
        for (int round = 0; round < 2; round++) {
            bool safe = (round == 0) != (safe_last != 0);
            for (size_t p = 0; p < (safe ? 1 : sizeof PRIVATE / sizeof PRIVATE[0]); p++) {
                for (size_t f = 0; f < sizeof FORMATS / sizeof FORMATS[0]; f++) {
                    ExportOptions o = export_defaults();
                    o.format = FORMATS[f];
                    o.with_email = !safe && PRIVATE[p].with_email;
                    o.with_text = !safe && PRIVATE[p].with_text;
                    char name[256], path[4096 + 256];
                    export_file_name(&ev, &o, EXPORT_ALL, name, sizeof name);
                    if (o.format == EXPORT_CSV) {
                        snprintf(path, sizeof path, "%s", dir);
                    } else {
                        snprintf(path, sizeof path, "%s/%s", dir, name);
                    }
                    if (export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err) != 0) {
                        fail_msg("%s: %s", path, err);
                    }
                }
            }
        }
        /* The safe files are there under their names, with no address and no text. */
        static const char *const SAFE[] = {"checkins.csv",     "attendees.csv", "ratings.csv",
                                           "participants.csv", "all.json",      "report.html"};
        for (size_t i = 0; i < sizeof SAFE / sizeof SAFE[0]; i++) {
            char path[4096 + 256];
            snprintf(path, sizeof path, "%s/%s-%s-%s", dir, ev.key, ev.date, SAFE[i]);
            if (!file_exists(path)) {
                fail_msg("%s is missing", path);
            }
            if (file_has(path, PRIVATE_EMAIL)) {
                fail_msg("%s has email addresses", path);
            }
            if (file_has(path, "bra dag")) {
                fail_msg("%s has the reflections' text", path);
            }
        }
        /* And each private file has what its name says. */
        static const struct {
            const char *name;
            bool email, text;
        } PRIV[] = {
            {"attendees-with-email.csv", true, false}, {"reflections-with-text.csv", false, true},
            {"all-with-email.json", true, false},      {"all-with-text.json", false, true},
            {"all-with-email-text.json", true, true},  {"report-with-text.html", false, true},
        };
        for (size_t i = 0; i < sizeof PRIV / sizeof PRIV[0]; i++) {
            char path[4096 + 256];
            snprintf(path, sizeof path, "%s/%s-%s-%s", dir, ev.key, ev.date, PRIV[i].name);
            if (!file_exists(path)) {
                fail_msg("%s is missing", path);
            }
            assert_int_equal(file_has(path, PRIVATE_EMAIL), PRIV[i].email);
            assert_int_equal(file_has(path, "bra dag"), PRIV[i].text);
        }
        /* Nothing else: 6 safe files and 6 private ones. */
        DIR *d = opendir(dir);
        assert_non_null(d);
        int files = 0;
        for (struct dirent *e; (e = readdir(d)) != NULL;) {
            files += e->d_name[0] != '.';
        }
        closedir(d);
        assert_int_equal(files, 12);
    }
}

static void test_write_is_atomic_and_errors_name_the_path(void **state)
{
    (void)state;
    char path[4096], err[1024];
    ExportOptions o = csv_table(EXPORT_RATINGS);

    /* A file that is there is replaced whole. */
    tmp_path(path, sizeof path, "replace.csv");
    write_text(path, "old content that is longer than nothing");
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err), 0);
    assert_false(file_has(path, "old content"));
    assert_true(file_has(path, "\"question_text\""));

    /* The disk fills up halfway (a file size limit stands in for it): the export fails
     * naming the file, the old file is still there whole, no temporary file is left. */
    struct rlimit old_limit, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &old_limit), 0);
    small = old_limit;
    small.rlim_cur = 600; /* bytes: the header and a few rows */
    void (*old_handler)(int) = signal(SIGXFSZ, SIG_IGN);
    o.table = EXPORT_ATTENDEES;
    write_text(path, "old content");
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &old_limit), 0);
    signal(SIGXFSZ, old_handler);
    assert_int_equal(rc, -1);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    assert_non_null(strstr(err, "cannot write"));
    TestBytes kept = read_file(path);
    assert_string_equal(kept.data, "old content");
    free(kept.data);
    char tmpdir[4096];
    tmp_path(tmpdir, sizeof tmpdir, "");
    DIR *td = opendir(tmpdir);
    assert_non_null(td);
    for (struct dirent *e; (e = readdir(td)) != NULL;) {
        assert_null(strstr(e->d_name, ".tmp-"));
    }
    closedir(td);
    o.table = EXPORT_RATINGS;

    /* A directory that does not exist. */
    tmp_path(path, sizeof path, "no-such-dir/out.csv");
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err), -1);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    assert_non_null(strstr(err, "No such file or directory"));

    /* A directory where the file should be: refused, and the temporary file removed. */
    char dir[2048];
    tmp_path(dir, sizeof dir, "is-a-dir");
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/inner", dir);
    mkdir(path, 0755);
    assert_int_equal(export_write(MEETING.s, MEETING.event_id, &o, path, err, sizeof err), -1);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        assert_true(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
                    strcmp(e->d_name, "inner") == 0);
    }
    closedir(d);

    /* A meeting that is not the current one. */
    tmp_path(path, sizeof path, "other.csv");
    assert_int_equal(
        export_write(MEETING.s, "01a1fe1b-0000-7000-8000-000000000000", &o, path, err, sizeof err),
        -1);
    assert_true(strncmp(err, path, strlen(path)) == 0);
    assert_false(file_exists(path));
}

/* ---- A realistic meeting, for the rendered report ------------------------------- */

static const char *const SAMPLE_REFLECTIONS[] = {
    "Att vi har samma problem med rekryteringen – och att samarbete löser en del",
    "Introduktionsprogrammet från Norrby, vill testa hos oss",
    "Kontakten med Linnea om jourschemat",
    "Tips om traineetjänster tillsammans med gymnasiet",
    "Att mentorskap inte behöver kosta mycket",
    "Bra att höra hur andra kommuner gör med bemanningen",
    "Checklistan för första veckan",
    "Mer tid för frågor nästa gång, tack!",
};

static int make_report_db(const char *path)
{
    setenv("TZ", TEST_TZ, 1);
    tzset();
    remove_db(path);
    TestRandom rnd = {.state = 0x5DEECE66Dull};
    Store *s = NULL;
    char err[512], id[IDS_UUID_LEN + 1];
    if (store_open(path, test_random, &rnd, &s, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    EventInfo ev;
    Roster r;
    if (demo_make("2026-11-26", 11, 120, &ev, &r) != 0) {
        return 1;
    }
    /* Ticket codes a spreadsheet would take for numbers and a date (all three come). */
    static const char *const NUMBERLIKE[] = {"00123", "1234567890123456789", "2027-03-11"};
    for (size_t i = 0; i < 3 && i < r.count; i++) {
        snprintf(r.entries[i].ticket, sizeof r.entries[i].ticket, "%s", NUMBERLIKE[i]);
        snprintf(r.entries[i].key, sizeof r.entries[i].key, "t:%s", NUMBERLIKE[i]);
    }
    ev.question_count = 4;
    snprintf(ev.questions[3].text[LANG_SV], EVENT_TEXT_MAX, "Hur var frukosten?");
    snprintf(ev.questions[3].text[LANG_EN], EVENT_TEXT_MAX, "How was the breakfast?");
    ev.questions[3].scale = EVENT_SCALE_SMILEYS;
    StoreImportResult res;
    bool ok = store_event_put(s, &ev, at_cet(7, 0, 0), id) == STORE_OK &&
              store_import_roster(s, id, &r, at_cet(7, 0, 0), &res) == STORE_OK;
    /* 96 of 120 come, most between 08:10 and 08:35, a few late; 4 walk-ins. The kiosk
     * found no network at first: the first six check-ins were made before the organiser
     * confirmed the clock, so the report warns about them. */
    uint64_t x = 88172645463325252ull;
    for (size_t i = 0; ok && i < r.count && i < 96; i++) {
        store_set_clock(s, i < 6 ? STORE_CLOCK_UNTRUSTED : STORE_CLOCK_CONFIRMED);
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int minute = i < 80 ? 10 + (int)(x % 26) : 36 + (int)(x % 50);
        StoreAttendee a;
        int64_t existing;
        ok = store_find_ticket(s, id, r.entries[i].ticket, &a) == STORE_OK &&
             store_checkin(s, id, a.id,
                           at_cet(8, 0, 0) + (int64_t)minute * 60000 + (int64_t)(x % 60000),
                           &existing) == STORE_OK;
    }
    static const char *const WALKINS[][2] = {{"Sara Lind", "Norrby kommun"},
                                             {"Per Holm", ""},
                                             {"Ida Ek", "Vattenbolaget Öst"},
                                             {"Olle Berg", "Konsult"}};
    for (int i = 0; ok && i < 4; i++) {
        char wid[IDS_UUID_LEN + 1];
        ok = store_walk_in(s, id, WALKINS[i][0], WALKINS[i][1], false, at_cet(8, 22 + 7 * i, 0),
                           wid) == STORE_OK;
    }
    /* Feedback from 41 people, two of them pressing again. */
    static const int Q1[] = {5, 5, 4, 4, 5, 4, 3, 5, 4, 4, 5, 2, 4, 5, 4, 3, 4, 5, 5, 4, 4,
                             3, 5, 4, 4, 5, 5, 4, 1, 4, 5, 4, 4, 3, 5, 4, 5, 4, 4, 5, 4};
    static const int Q2[] = {4, 3, 5, 4, 3, 3, 4, 2, 5, 4, 3, 4, 4, 5, 3, 2, 4, 3, 4, 5, 4,
                             3, 3, 4, 4, 2, 5, 3, 4, 4, 3, 5, 4, 3, 4, 4, 3, 5, 4, 3, 4};
    for (int i = 0; ok && i < 41; i++) {
        char token[16];
        snprintf(token, sizeof token, "session-%02d", i);
        int64_t t = at_cet(11, 30 + i / 3, 0);
        ok = store_rating_put(s, id, token, 0, Q1[i], false, t) == STORE_OK &&
             store_rating_put(s, id, token, 1, Q2[i], false, t) == STORE_OK &&
             store_rating_put(s, id, token, 2, 10 - (i % 7 == 0 ? 5 : i % 4), false, t) == STORE_OK;
        if (ok && i < 3) {
            ok = store_rating_put(s, id, token, 3, 4 + (i == 1), false, t) == STORE_OK;
        }
        if (ok && i < (int)(sizeof SAMPLE_REFLECTIONS / sizeof SAMPLE_REFLECTIONS[0])) {
            ok = store_reflection_put(s, id, token, SAMPLE_REFLECTIONS[i], false, t) == STORE_OK;
        }
    }
    for (int i = 0; ok && i < 2; i++) {
        ok = store_rating_put(s, id, i ? "again-2" : "again-1", 0, 5, true, at_cet(11, 50, 0)) ==
             STORE_OK;
    }
    roster_free(&r);
    if (!ok) {
        fprintf(stderr, "make-report-db: %s\n", store_last_error(s));
    }
    store_close(s);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--make-report-db") == 0) {
        return make_report_db(argv[2]);
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_store_walks_in_time_order),
        cmocka_unit_test(test_csv_checkins_round_trip),
        cmocka_unit_test(test_csv_attendees_without_email_by_default),
        cmocka_unit_test(test_csv_attendees_with_email),
        cmocka_unit_test(test_csv_ratings_round_trip),
        cmocka_unit_test(test_csv_reflections_need_with_text),
        cmocka_unit_test(test_csv_participants_only_consenting),
        cmocka_unit_test(test_csv_all_into_directory),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_json_with_email_and_text),
        cmocka_unit_test(test_html_report),
        cmocka_unit_test(test_html_report_in_english),
        cmocka_unit_test(test_html_report_clock_line),
        cmocka_unit_test(test_file_names),
        cmocka_unit_test(test_xlsx_round_trip),
        cmocka_unit_test(test_private_exports_never_replace_safe_ones),
        cmocka_unit_test(test_write_is_atomic_and_errors_name_the_path),
    };
    return cmocka_run_group_tests(tests, setup_meeting, teardown_meeting);
}
