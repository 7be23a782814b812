/* Tests for core/event: the organiser's event file.
 *
 * Good files must come through field for field; every kind of bad file must be refused
 * with a message that starts "NAME:LINE: " at the line to fix (or "NAME: " for problems
 * of the whole file), because that prefix is what lets an organiser find the typo. Cases
 * are tables; each row's name is printed when it fails.
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

#include "core/event.h"
#include "core/text.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Fails the running test naming the table row. */
#define CHECK(row, cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_msg("case \"%s\": %s", (row), #cond);                                             \
        }                                                                                          \
    } while (0)

#define CHECK_STR(row, got, want)                                                                  \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            fail_msg("case \"%s\": %s is \"%s\", expected \"%s\"", (row), #got, (got), (want));    \
        }                                                                                          \
    } while (0)

static void path_in(char *out, size_t cap, const char *env, const char *file)
{
    const char *dir = getenv(env);
    if (!dir)
        fail_msg("%s is not set; run the test through ctest", env);
    int n = snprintf(out, cap, "%s/%s", dir, file);
    assert_true(n > 0 && (size_t)n < cap);
}

static int parse(const char *text, EventInfo *ev, char *err, size_t errcap)
{
    return event_parse("mem.ini", text, strlen(text), ev, err, errcap);
}

/* ---- good files ---------------------------------------------------------------------- */

static void test_good_file_from_disk_keeps_every_field(void **state)
{
    (void)state;
    char path[4096], err[512] = "";
    EventInfo ev;
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "event_good.ini");
    int rc = event_load(path, &ev, err, sizeof err);
    if (rc != 0)
        fail_msg("event_good.ini refused: %s", err);
    const char *row = "event_good.ini";
    CHECK_STR(row, ev.key, "drift-2026-11");
    CHECK_STR(row, ev.title, "Driftchefsnätverket – höstträff");
    CHECK_STR(row, ev.date, "2026-11-26");
    CHECK_STR(row, ev.start_time, "09:00");
    CHECK_STR(row, ev.venue, "Kommunhuset, sal B, Västerås");
    CHECK_STR(row, ev.theme, "Kompetensförsörjning i kommunal drift");
    CHECK_STR(row, ev.organiser, "Kommunförbundet Mälardalen");
    CHECK_STR(row, ev.language, "sv");
    CHECK_STR(row, ev.next_meeting, "Nästa träff: 4 mars 2027 i Örebro");
}

static void test_minimal_file_gets_defaults(void **state)
{
    (void)state;
    char path[4096], err[512] = "";
    EventInfo ev;
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "event_minimal.ini");
    int rc = event_load(path, &ev, err, sizeof err);
    if (rc != 0)
        fail_msg("event_minimal.ini refused: %s", err);
    const char *row = "event_minimal.ini";
    CHECK_STR(row, ev.key, "2027-01-14-frukostmote-for-osmo-foretagarforening");
    CHECK_STR(row, ev.title, "Frukostmöte för Ösmo företagarförening");
    CHECK_STR(row, ev.start_time, "");
    CHECK_STR(row, ev.venue, "");
    CHECK_STR(row, ev.theme, "");
    CHECK_STR(row, ev.organiser, "");
    CHECK_STR(row, ev.language, "sv");
    CHECK_STR(row, ev.next_meeting, "");
}

/* One field of a good in-memory file, checked after parsing. */
static const struct {
    const char *what;
    const char *text;
    size_t field; /* offsetof(EventInfo, ...) */
    const char *want;
} good_values[] = {
    {"bom is skipped", "\xEF\xBB\xBF[event]\ntitle = Möte\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "Möte"},
    {"crlf line ends", "[event]\r\ntitle = Möte\r\ndate = 2026-11-26\r\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"no line break at the end", "[event]\ntitle = Möte\ndate = 2026-11-26",
     offsetof(EventInfo, date), "2026-11-26"},
    {"swedish alias titel", "[event]\ntitel = Chefsforum\ndatum = 2026-11-26\n",
     offsetof(EventInfo, title), "Chefsforum"},
    {"swedish alias datum", "[event]\ntitel = Chefsforum\ndatum = 2026-11-26\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"swedish alias plats", "[event]\ntitle = M\ndate = 2026-11-26\nplats = Sal Å\n",
     offsetof(EventInfo, venue), "Sal Å"},
    {"swedish alias tema", "[event]\ntitle = M\ndate = 2026-11-26\ntema = Ledarskap\n",
     offsetof(EventInfo, theme), "Ledarskap"},
    {"swedish alias arrangör",
     "[event]\ntitle = M\ndate = 2026-11-26\narrangör = Region Gävleborg\n",
     offsetof(EventInfo, organiser), "Region Gävleborg"},
    {"american organizer", "[event]\ntitle = M\ndate = 2026-11-26\norganizer = Region X\n",
     offsetof(EventInfo, organiser), "Region X"},
    {"keys in any case", "[Event]\nTITLE = Möte\nDate = 2026-11-26\n", offsetof(EventInfo, title),
     "Möte"},
    {"next meeting with a space", "[event]\ntitle = M\ndate = 2026-11-26\nNext meeting = Mars\n",
     offsetof(EventInfo, next_meeting), "Mars"},
    {"indented keys are keys", "[event]\n  title = Möte\n  date = 2026-11-26\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"language en", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = EN\n",
     offsetof(EventInfo, language), "en"},
    {"start with one-digit hour", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 9:05\n",
     offsetof(EventInfo, start_time), "09:05"},
    {"start in swedish style 08.30", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 08.30\n",
     offsetof(EventInfo, start_time), "08:30"},
    {"start 23:59", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 23:59\n",
     offsetof(EventInfo, start_time), "23:59"},
    {"start 00:00", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 00:00\n",
     offsetof(EventInfo, start_time), "00:00"},
    {"leap day", "[event]\ntitle = M\ndate = 2028-02-29\n", offsetof(EventInfo, date),
     "2028-02-29"},
    {"year 2000 is a leap year", "[event]\ntitle = M\ndate = 2000-02-29\n",
     offsetof(EventInfo, date), "2000-02-29"},
    {"inline comment after a space is cut (inih)",
     "[event]\ntitle = M\ndate = 2026-11-26\nvenue = Sal B ; ändra senare\n",
     offsetof(EventInfo, venue), "Sal B"},
    {"semicolon inside a value stays", "[event]\ntitle = Möte; del 2\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "Möte; del 2"},
    {"comment lines and blank lines",
     "; kommentar\n\n# annan\n[event]\n\ntitle = M\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "M"},
    {"id with every allowed character", "[event]\nid = a-z_0.9\ntitle = M\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "a-z_0.9"},
    {"default key folds diacritics and punctuation",
     "[event]\ntitle = Driftchefsnätverket – höstträff!\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-driftchefsnatverket-hosttraff"},
    {"default key when the title has no latin letters", "[event]\ntitle = ★ ★\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26"},
    {"default key is cut to fit without a trailing dash",
     "[event]\ntitle = Kommunala driftchefers nätverk för samverkan och utveckling i Mälardalen\n"
     "date = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-kommunala-driftchefers-natverk-for-samverkan-och"},
    {"default key cuts a single long word",
     "[event]\ntitle = Kommunaldriftchefsnatverkssamverkansutvecklingskonferensen2026\n"
     "date = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-kommunaldriftchefsnatverkssamverkansutvecklingskonfe"},
};

static void test_good_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(good_values); i++) {
        const char *row = good_values[i].what;
        EventInfo ev;
        char err[512] = "";
        int rc = parse(good_values[i].text, &ev, err, sizeof err);
        if (rc != 0)
            fail_msg("case \"%s\": refused: %s", row, err);
        CHECK_STR(row, (const char *)&ev + good_values[i].field, good_values[i].want);
        CHECK(row, strlen(ev.key) < EVENT_KEY_MAX);
    }
}

/* A long title that still fits on one line comes through whole, not cut by inih. */
static void test_long_title_is_kept_whole(void **state)
{
    (void)state;
    char title[200], text[512], err[512] = "";
    memset(title, 'a', 180);
    memcpy(title + 170, "ÅÄÖ", 6); /* ends in multi-byte letters */
    title[176] = '\0';
    snprintf(text, sizeof text, "[event]\ntitle = %s\ndate = 2026-11-26\n", title);
    EventInfo ev;
    int rc = parse(text, &ev, err, sizeof err);
    if (rc != 0)
        fail_msg("refused: %s", err);
    assert_string_equal(ev.title, title);
}

/* Around inih's line limit a title is either kept whole or refused as too long, never
 * cut short or split into a second line. */
static void test_title_near_the_line_limit_is_whole_or_refused(void **state)
{
    (void)state;
    bool seen_ok = false, seen_refused = false;
    for (size_t len = 150; len <= 300; len++) {
        char title[301], text[512], err[512] = "";
        memset(title, 't', len);
        title[len] = '\0';
        snprintf(text, sizeof text, "[event]\ntitle = %s\ndate = 2026-11-26\n", title);
        EventInfo ev;
        if (parse(text, &ev, err, sizeof err) == 0) {
            if (strcmp(ev.title, title) != 0)
                fail_msg("title of %zu bytes came back as %zu bytes", len, strlen(ev.title));
            seen_ok = true;
        } else {
            if (strncmp(err, "mem.ini:2: ", 11) != 0 || !strstr(err, "too long"))
                fail_msg("title of %zu bytes: unexpected message \"%s\"", len, err);
            seen_refused = true;
        }
    }
    assert_true(seen_ok);
    assert_true(seen_refused);
}

/* ---- bad files ----------------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *text;
    const char *prefix;  /* the message must start with this */
    const char *mention; /* and contain this, so it says what is wrong */
} bad_files[] = {
    {"unknown key names its line", "[event]\ntitle = M\ndate = 2026-11-26\nvenu = Sal B\n",
     "mem.ini:4: ", "'venu'"},
    {"unknown section", "[event]\ntitle = M\ndate = 2026-11-26\n[lokal]\nsal = B\n",
     "mem.ini:4: ", "[lokal]"},
    {"unknown empty section", "[event]\ntitle = M\ndate = 2026-11-26\n[questions]\n",
     "mem.ini:4: ", "[questions]"},
    {"key before any section", "title = M\n[event]\ndate = 2026-11-26\n", "mem.ini:1: ", "[event]"},
    {"duplicate key", "[event]\ntitle = M\ndate = 2026-11-26\ntitle = N\n",
     "mem.ini:4: ", "line 2"},
    {"duplicate key through an alias", "[event]\ntitle = M\ntitel = N\ndate = 2026-11-26\n",
     "mem.ini:3: ", "title is given twice"},
    {"duplicate empty key", "[event]\ntitle = M\ndate = 2026-11-26\nvenue =\nvenue = B\n",
     "mem.ini:5: ", "line 4"},
    {"february 30th", "[event]\ntitle = M\ndate = 2026-02-30\n", "mem.ini:3: ", "2026-02-30"},
    {"february 29th in a common year", "[event]\ntitle = M\ndate = 2027-02-29\n",
     "mem.ini:3: ", "2027-02-29"},
    {"february 29th in 1900", "[event]\ntitle = M\ndate = 1900-02-29\n",
     "mem.ini:3: ", "1900-02-29"},
    {"april 31st", "[event]\ntitle = M\ndate = 2026-04-31\n", "mem.ini:3: ", "date"},
    {"month 13", "[event]\ntitle = M\ndate = 2026-13-01\n", "mem.ini:3: ", "date"},
    {"day 0", "[event]\ntitle = M\ndate = 2026-11-00\n", "mem.ini:3: ", "date"},
    {"swedish date order", "[event]\ntitle = M\ndate = 26/11/2026\n", "mem.ini:3: ", "YYYY-MM-DD"},
    {"date without dashes", "[event]\ntitle = M\ndate = 20261126\n", "mem.ini:3: ", "date"},
    {"date with trailing text", "[event]\ntitle = M\ndate = 2026-11-26x\n", "mem.ini:3: ", "date"},
    {"empty date", "[event]\ntitle = M\ndate =\n", "mem.ini:3: ", "date"},
    {"hour 24", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 24:00\n", "mem.ini:4: ", "HH:MM"},
    {"minute 60", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 09:60\n", "mem.ini:4: ", "09:60"},
    {"time in words", "[event]\ntitle = M\ndate = 2026-11-26\nstart = nio\n",
     "mem.ini:4: ", "start"},
    {"time with seconds", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 09:00:00\n",
     "mem.ini:4: ", "start"},
    {"language de", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = de\n",
     "mem.ini:4: ", "sv or en"},
    {"language svenska", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = svenska\n",
     "mem.ini:4: ", "sv or en"},
    {"missing title", "[event]\ndate = 2026-11-26\n",
     "mem.ini: missing required key 'title' in [event]", "title"},
    {"missing date", "[event]\ntitle = M\n", "mem.ini: missing required key 'date' in [event]",
     "date"},
    {"empty file", "", "mem.ini: missing required key 'title' in [event]", "title"},
    {"only a section", "[event]\n", "mem.ini: missing required key 'title' in [event]", "title"},
    {"empty title", "[event]\ntitle =\ndate = 2026-11-26\n", "mem.ini:2: ", "title"},
    {"latin-1 text", "[event]\ntitle = M\xf6te\ndate = 2026-11-26\n", "mem.ini:2: ", "UTF-8"},
    {"latin-1 in a comment", "[event]\n; m\xf6te\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"utf-8 surrogate", "[event]\ntitle = \xed\xa0\x80\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"bell character",
     "[event]\ntitle = A\x07"
     "B\ndate = 2026-11-26\n",
     "mem.ini:2: ", "control character"},
    {"escape character", "[event]\ntitle = M\ndate = 2026-11-26\nvenue = \x1b[1mSal\n",
     "mem.ini:4: ", "control character"},
    {"c1 control character",
     "[event]\ntitle = A\xc2\x85"
     "B\ndate = 2026-11-26\n",
     "mem.ini:2: ", "control character"},
    {"tab inside a value", "[event]\ntitle = A\tB\ndate = 2026-11-26\n", "mem.ini:2: ", "tab"},
    {"id too long",
     "[event]\nid = "
     "a123456789b123456789c123456789d123456789e123456789f123456789g1234\ntitle = M\ndate = "
     "2026-11-26\n",
     "mem.ini:2: ", "too long"},
    {"id with upper case", "[event]\nid = Drift-2026\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "a-z"},
    {"id with a space", "[event]\nid = drift 2026\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "a-z"},
    {"id with å", "[event]\nid = höst\ntitle = M\ndate = 2026-11-26\n", "mem.ini:2: ", "a-z"},
    {"empty id", "[event]\nid =\ntitle = M\ndate = 2026-11-26\n", "mem.ini:2: ", "id"},
    {"value on two lines", "[event]\ntitle = Chefsforum\n  i Gävle\ndate = 2026-11-26\n",
     "mem.ini:3: ", "one line"},
    {"line without equals sign", "[event]\ntitle Chefsforum\ndate = 2026-11-26\n",
     "mem.ini:2: ", "key = value"},
    {"section without closing bracket", "[event\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:1: ", "]"},
    {"first of two errors wins (syntax first)",
     "[event]\ntitle = M\noops\ndate = 2026-11-26\nvenu = X\n", "mem.ini:3: ", "key = value"},
    {"first of two errors wins (handler first)",
     "[event]\ntitle = M\nvenu = X\noops\ndate = 2026-11-26\n", "mem.ini:3: ", "venu"},
    {"first of two errors wins (reader first)", "[event]\ntitle = M\xf6\noops\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"line numbers count crlf once", "[event]\r\ntitle = M\r\n\r\nvenu = X\r\n",
     "mem.ini:4: ", "venu"},
    {"line numbers count a bom line as line 1", "\xEF\xBB\xBFvenu = X\n", "mem.ini:1: ", "venu"},
};

static void test_bad_files_name_the_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(bad_files); i++) {
        const char *row = bad_files[i].what;
        EventInfo ev;
        char err[512] = "";
        int rc = parse(bad_files[i].text, &ev, err, sizeof err);
        CHECK(row, rc == -1);
        if (strncmp(err, bad_files[i].prefix, strlen(bad_files[i].prefix)) != 0)
            fail_msg("case \"%s\": message \"%s\" does not start with \"%s\"", row, err,
                     bad_files[i].prefix);
        if (!strstr(err, bad_files[i].mention))
            fail_msg("case \"%s\": message \"%s\" does not mention \"%s\"", row, err,
                     bad_files[i].mention);
        CHECK(row, strchr(err, '\n') == NULL);
    }
}

/* A NUL byte cannot be written in a C string literal table, so it has its own case. */
static void test_nul_byte_is_a_control_character(void **state)
{
    (void)state;
    static const char text[] = "[event]\ntitle = M\0x\ndate = 2026-11-26\n";
    EventInfo ev;
    char err[512] = "";
    assert_int_equal(event_parse("mem.ini", text, sizeof text - 1, &ev, err, sizeof err), -1);
    assert_true(strncmp(err, "mem.ini:2: ", 11) == 0);
    assert_non_null(strstr(err, "U+0000"));
}

static void test_overlong_line_is_refused_not_split(void **state)
{
    (void)state;
    char text[1024], err[512] = "";
    char venue[301];
    memset(venue, 'v', 300);
    venue[300] = '\0';
    snprintf(text, sizeof text, "[event]\ntitle = M\ndate = 2026-11-26\nvenue = %s\n", venue);
    EventInfo ev;
    assert_int_equal(parse(text, &ev, err, sizeof err), -1);
    assert_true(strncmp(err, "mem.ini:4: ", 11) == 0);
    assert_non_null(strstr(err, "too long"));
}

static void test_file_over_64_kib_is_refused(void **state)
{
    (void)state;
    size_t len = 64 * 1024 + 1;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '\n', len);
    const char *head = "[event]\ntitle = M\ndate = 2026-11-26\n";
    memcpy(text, head, strlen(head));
    EventInfo ev;
    char err[512] = "";
    int rc = event_parse("big.ini", text, len, &ev, err, sizeof err);
    /* Exactly at the limit is still read. */
    char err2[512] = "";
    int rc2 = event_parse("big.ini", text, len - 1, &ev, err2, sizeof err2);
    free(text);
    assert_int_equal(rc, -1);
    assert_true(strncmp(err, "big.ini: ", 9) == 0);
    assert_non_null(strstr(err, "64 KiB"));
    if (rc2 != 0)
        fail_msg("file at the limit refused: %s", err2);
}

static void test_bad_file_on_disk_names_path_and_line(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "event_bad_key.ini");
    EventInfo ev;
    assert_int_equal(event_load(path, &ev, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:4: unknown key 'venu'", path);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", err, want);
}

static void test_missing_file_says_cannot_open(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "no-such-event.ini");
    EventInfo ev;
    assert_int_equal(event_load(path, &ev, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    assert_string_equal(err, want);
}

static void test_big_file_on_disk_is_refused(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "big-event.ini");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("[event]\ntitle = M\ndate = 2026-11-26\n", f);
    for (int i = 0; i < 70 * 1024; i++)
        fputc('\n', f);
    assert_int_equal(fclose(f), 0);
    EventInfo ev;
    int rc = event_load(path, &ev, err, sizeof err);
    remove(path);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof want, "%s: file is larger than 64 KiB", path);
    if (strncmp(err, want, strlen(want)) != 0)
        fail_msg("message \"%s\" does not start with \"%s\"", err, want);
}

/* The caller's buffer may be small: the message is cut to fit, never inside a letter, and
 * a NULL buffer is allowed. */
static void test_message_is_cut_to_the_buffer(void **state)
{
    (void)state;
    static const char text[] = "[event]\ntitle = Mö\nvänu = Å\n";
    char full[512];
    EventInfo ev;
    assert_int_equal(parse(text, &ev, full, sizeof full), -1);
    assert_true(strncmp(full, "mem.ini:3: unknown key 'vänu'", 30) == 0);
    for (size_t cap = 1; cap < 40; cap++) {
        char err[40];
        memset(err, 'x', sizeof err);
        assert_int_equal(parse(text, &ev, err, cap), -1);
        size_t n = strnlen(err, cap);
        if (n == cap)
            fail_msg("capacity %zu: no NUL within the buffer", cap);
        if (!text_valid_utf8(err, n))
            fail_msg("capacity %zu: \"%s\" is cut inside a letter", cap, err);
        size_t want = strlen(full) < cap ? strlen(full) : (cap > 4 ? cap - 4 : 0);
        if (strncmp(err, full, n) != 0 || n < want)
            fail_msg("capacity %zu: \"%s\" is not the longest prefix of \"%s\"", cap, err, full);
    }
    assert_int_equal(event_parse("m", "", 0, &ev, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_from_disk_keeps_every_field),
        cmocka_unit_test(test_minimal_file_gets_defaults),
        cmocka_unit_test(test_good_values),
        cmocka_unit_test(test_long_title_is_kept_whole),
        cmocka_unit_test(test_title_near_the_line_limit_is_whole_or_refused),
        cmocka_unit_test(test_bad_files_name_the_line),
        cmocka_unit_test(test_nul_byte_is_a_control_character),
        cmocka_unit_test(test_overlong_line_is_refused_not_split),
        cmocka_unit_test(test_file_over_64_kib_is_refused),
        cmocka_unit_test(test_bad_file_on_disk_names_path_and_line),
        cmocka_unit_test(test_missing_file_says_cannot_open),
        cmocka_unit_test(test_big_file_on_disk_is_refused),
        cmocka_unit_test(test_message_is_cut_to_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
