/* test_board: the board's records and model (issue 18, part 1), on real database files.
 *
 * The event file's topics and board (errors naming file:line), the list's "Ny i
 * nätverket" column, who the board shows (checked in, consented, not hidden: asserted
 * with SQL against the file as well as through the model), the choices a person makes at
 * the kiosk (refused without consent, checked against the event's topics), the counts the
 * report uses, the exports' rows, a merge of two kiosks' choices in both orders, a purge,
 * the board following another connection's commits, and a schema-9 file made by the
 * release before the board, upgraded in place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/board.h"
#include "core/event.h"
#include "core/export.h"
#include "core/ids.h"
#include "core/roster.h"
#include "core/store.h"
#include "support.h"

#define AT_MS 1796900000000LL /* 2026-12-10 */

static const char INI[] = "[event]\n"
                          "id = natverk-2026-12\n"
                          "title = Driftchefsnätverket – julträff\n"
                          "date = 2026-12-10\n"
                          "ämnen = rekrytering | upphandling | AI i drift\n";

/* Anna and Bo consented, Cecilia did not; Bo, Cecilia and Eva are new; Eva gave no
 * organisation. */
static const char CSV[] = "Namn;Organisation;Biljettkod;Samtycke till deltagarlista;"
                          "Är du ny i nätverket?\n"
                          "Anna Berg;Västerås stad;T1;Ja;Nej\n"
                          "Bo Ek;Västerås stad;T2;Ja;Ja\n"
                          "Cecilia Dahl;Region Örebro;T3;Nej;Ja\n"
                          "David Ek;Region Örebro;T4;Ja;\n"
                          "Eva Fors;;T5;Ja;x\n";

typedef TestEventDb Fx;

static void fx_open(Fx *fx, const char *name)
{
    event_db_open(fx, name, INI, CSV, AT_MS);
}

static const char *id_of(Fx *fx, const char *ticket)
{
    static StoreAttendee a;
    a = event_db_ticket(fx, ticket);
    return a.id;
}

/* The choice of the attendee with this ticket (store_board_choice_put), which must be
 * stored. */
static void choose(Fx *fx, const char *ticket, const char *interests, bool hidden, int64_t at)
{
    assert_int_equal(
        store_board_choice_put(fx->s, fx->ev, id_of(fx, ticket), interests, hidden, at), STORE_OK);
}

static int64_t sql_int(const char *path, const char *sql)
{
    char *v = sqlite3_query(path, sql);
    int64_t n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

/* ---- The event file --------------------------------------------------------------- */

static void topics_in_the_event_file(void **state)
{
    (void)state;
    EventInfo ev;
    char err[512];
    assert_int_equal(event_parse("m.ini", INI, strlen(INI), &ev, err, sizeof err), 0);
    assert_int_equal(ev.topic_count, 3);
    assert_string_equal(ev.topics[2], "AI i drift");
    assert_true(event_has_board(&ev));
    static const struct {
        const char *text, *where, *says;
    } BAD[] = {
        {"topics = a|b|c|d|e|f|g|h|i\n", "m.ini:4: ", "more than 8 topics"},
        {"topics = a || b\n", "m.ini:4: ", "topic 2 of topics is empty"},
        {"topics = Rekrytering | upphandling | rekrytering\n",
         "m.ini:4: ", "topic 3 of topics, 'rekrytering', is the same as topic 1"},
        {"topics = kompetensförsörjning och rekrytering av drifttekniker\n",
         "m.ini:4: ", "topic 1 of topics is too long"},
        {"topics =\n", "m.ini:4: ", "topics is empty"},
        {"board = kanske\n", "m.ini:4: ", "board 'kanske': write yes or no"},
        {"topics = a\nämnen = b\n", "m.ini:5: ", "topics is given twice (first on line 4)"},
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "[event]\ntitle = T\ndate = 2026-12-10\n%s", BAD[i].text);
        if (event_parse("m.ini", text, strlen(text), &ev, err, sizeof err) == 0) {
            fail_msg("accepted: %s", BAD[i].text);
        }
        check_message(BAD[i].text, err, BAD[i].where, BAD[i].says);
    }
    const char *board_only = "[event]\ntitle = T\ndate = 2026-12-10\ntavla = ja\n";
    assert_int_equal(event_parse("m.ini", board_only, strlen(board_only), &ev, err, sizeof err), 0);
    assert_true(ev.board && ev.topic_count == 0 && event_has_board(&ev));
}

/* ---- The list's first-time column ---------------------------------------------------- */

static void first_time_column_of_the_list(void **state)
{
    (void)state;
    Roster r = {0};
    RosterReport rep;
    memset(&rep, 0, sizeof rep);
    char err[512];
    assert_int_equal(roster_read_mem("l.csv", CSV, strlen(CSV), NULL, &r, &rep, err, sizeof err),
                     0);
    assert_int_equal(rep.field[ROSTER_FIRST_TIME].column, 5);
    static const bool NEW[] = {false, true, true, false, true};
    assert_int_equal(r.count, 5);
    for (size_t i = 0; i < r.count; i++) {
        assert_int_equal(r.entries[i].first_time, NEW[i]);
    }
    roster_report_free(&rep);
    roster_free(&r);
    /* The short Swedish header, and --column new=... */
    const char *plain = "Namn;Ny i nätverket\nAnna;ja\nBo;\n";
    memset(&rep, 0, sizeof rep);
    assert_int_equal(
        roster_read_mem("p.csv", plain, strlen(plain), NULL, &r, &rep, err, sizeof err), 0);
    assert_true(r.entries[0].first_time && !r.entries[1].first_time);
    roster_report_free(&rep);
    roster_free(&r);
    assert_int_equal(roster_field_parse("ny"), ROSTER_FIRST_TIME);
    assert_int_equal(roster_field_parse("new"), ROSTER_FIRST_TIME);
}

/* ---- Who the board shows ------------------------------------------------------------- */

static size_t board_people(Store *s, int64_t *here)
{
    Board *b = board_new(s);
    char err[256];
    assert_int_equal(board_read(b, err, sizeof err), STORE_OK);
    size_t n = board_view(b)->npeople;
    *here = board_view(b)->here;
    board_free(b);
    return n;
}

/* The board's rule in SQL, against the file itself. */
#define SHOWN_SQL                                                                                  \
    "SELECT count(*) FROM attendee a LEFT JOIN board_choice b ON b.attendee_id = a.id"             \
    " WHERE a.consent = 1 AND coalesce(b.hidden, 0) = 0 AND EXISTS (SELECT 1 FROM checkin c"       \
    " WHERE c.attendee_id = a.id AND c.reverses IS NULL AND NOT EXISTS"                            \
    " (SELECT 1 FROM checkin r WHERE r.reverses = c.id))"

static void only_consenting_people_who_are_here(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "shown.db");
    int64_t here = 0;
    assert_int_equal(board_people(fx.s, &here), 0);
    for (int i = 1; i <= 3; i++) {
        char t[8];
        snprintf(t, sizeof t, "T%d", i);
        checkin_ticket(fx.s, fx.ev, t, AT_MS + i * 1000);
    }
    /* Anna and Bo: Cecilia said no. */
    assert_int_equal(board_people(fx.s, &here), 2);
    assert_int_equal(here, 3);
    assert_int_equal(sql_int(fx.path, SHOWN_SQL), 2);
    Board *b = board_new(fx.s);
    char err[256];
    assert_int_equal(board_read(b, err, sizeof err), STORE_OK);
    const BoardView *v = board_view(b);
    assert_int_equal(v->ngroups, 1);
    assert_string_equal(v->groups[0].organisation, "Västerås stad");
    assert_int_equal(v->groups[0].count, 2);
    assert_string_equal(v->people[0].name, "Anna Berg");
    assert_false(v->people[0].first_time);
    assert_true(v->people[1].first_time);
    assert_int_equal(v->first_timers, 1); /* Cecilia is new but not on the board */
    board_free(b);

    /* Bo takes himself off: gone from the board, still checked in. */
    const char *bo = id_of(&fx, "T2");
    assert_int_equal(store_board_choice_put(fx.s, fx.ev, bo, "", true, AT_MS + 5000), STORE_OK);
    assert_int_equal(board_people(fx.s, &here), 1);
    assert_int_equal(here, 3);
    assert_int_equal(sql_int(fx.path, SHOWN_SQL), 1);
    assert_int_equal(sql_int(fx.path, "SELECT hidden FROM board_choice"), 1);
    StoreBoardChoice c;
    assert_int_equal(store_board_choice_get(fx.s, bo, &c), STORE_OK);
    assert_true(c.consent && c.first_time && c.hidden);
    /* And on again. */
    assert_int_equal(store_board_choice_put(fx.s, fx.ev, bo, "", false, AT_MS + 6000), STORE_OK);
    assert_int_equal(board_people(fx.s, &here), 2);
    /* An undone check-in leaves the board. */
    assert_int_equal(store_checkin_undo(fx.s, fx.ev, id_of(&fx, "T1"), AT_MS + 7000), STORE_OK);
    assert_int_equal(board_people(fx.s, &here), 1);
    assert_int_equal(sql_int(fx.path, SHOWN_SQL), 1);
    store_close(fx.s);
}

static void topics_are_checked_and_need_consent(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "topics.db");
    const char *anna = id_of(&fx, "T1");
    static const char *const BAD[] = {"Rekrytering", "rekrytering|rekrytering",
                                      "rekrytering|upphandling|AI i drift|x", "golf", "|"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        assert_int_equal(store_board_choice_put(fx.s, fx.ev, anna, BAD[i], false, AT_MS),
                         STORE_INVALID);
    }
    assert_int_equal(
        store_board_choice_put(fx.s, fx.ev, anna, "rekrytering|AI i drift", false, AT_MS),
        STORE_OK);
    /* Cecilia did not consent: no topic of hers is kept. */
    const char *cecilia = id_of(&fx, "T3");
    assert_int_equal(store_board_choice_put(fx.s, fx.ev, cecilia, "upphandling", false, AT_MS),
                     STORE_INVALID);
    assert_int_equal(sql_int(fx.path, "SELECT count(*) FROM board_choice WHERE interests <> ''"),
                     1);
    assert_int_equal(
        store_board_choice_put(fx.s, fx.ev, "0190f0f0-0000-7000-8000-000000000000", "", true, 1),
        STORE_NOT_FOUND);
    store_close(fx.s);
}

/* Counts for the report, and the exports' rows: topics only with consent. */
static void counts_and_rows_follow_consent(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "counts.db");
    choose(&fx, "T1", "rekrytering|upphandling", false, 1);
    choose(&fx, "T2", "rekrytering", false, 2);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(fx.s, &ev, id), STORE_OK);
    int64_t counts[EVENT_TOPICS_MAX];
    assert_int_equal(store_topic_counts(fx.s, fx.ev, &ev, counts), STORE_OK);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 0);
    /* A new list in which Bo withdrew his consent: his topics count no more. */
    static const char WITHDRAWN[] = "Namn;Organisation;Biljettkod;Samtycke till deltagarlista\n"
                                    "Anna Berg;Västerås stad;T1;Ja\n"
                                    "Bo Ek;Västerås stad;T2;Nej\n";
    import_texts(fx.s, INI, WITHDRAWN, AT_MS + 1000, fx.ev);
    assert_int_equal(store_topic_counts(fx.s, fx.ev, &ev, counts), STORE_OK);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 1);
    store_close(fx.s);
}

static int row_topics(void *ctx, const StoreAttendeeRow *r)
{
    TestText *t = ctx;
    char line[512];
    snprintf(line, sizeof line, "%s|%d|%d|%s", r->name, r->consent, r->first_time, r->interests);
    text_add_line(t, line);
    return 0;
}

static void attendee_rows_carry_topics_only_with_consent(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "rows.db");
    choose(&fx, "T2", "AI i drift", false, 1);
    TestText t = {0};
    assert_int_equal(store_each_attendee_row(fx.s, fx.ev, row_topics, &t), STORE_OK);
    assert_non_null(strstr(t.data, "Bo Ek|1|1|AI i drift\n"));
    assert_non_null(strstr(t.data, "Cecilia Dahl|0|1|\n"));
    free(t.data);
    /* Consent withdrawn in the file itself (as a later list would): the row has no topics. */
    char *v = sqlite3_query(fx.path, "UPDATE attendee SET consent = 0 WHERE name = 'Bo Ek'");
    free(v);
    t = (TestText){0};
    assert_int_equal(store_each_attendee_row(fx.s, fx.ev, row_topics, &t), STORE_OK);
    assert_non_null(strstr(t.data, "Bo Ek|0|1|\n"));
    free(t.data);
    store_close(fx.s);
}

/* The report: each topic a count, under the minimum group "fewer than 5", never a name. */
static void report_shows_topics_as_counts(void **state)
{
    (void)state;
    setenv("MINGEL_DATA_DIR", env_or_fail("MINGEL_TEST_ROOT"), 1);
    Fx fx;
    fx_open(&fx, "report.db");
    static const char *const T[] = {"T1", "T2", "T4", "T5"};
    for (size_t i = 0; i < 4; i++) {
        choose(&fx, T[i], "rekrytering", false, 10);
    }
    ExportOptions o = export_defaults();
    o.format = EXPORT_HTML;
    o.min_group = 3;
    char path[1200], err[512];
    snprintf(path, sizeof path, "%s.html", fx.path);
    assert_int_equal(export_write(fx.s, fx.ev, &o, path, err, sizeof err), 0);
    TestBytes html = read_file(path);
    const char *h = (const char *)html.data;
    assert_non_null(strstr(h, "Samtalsämnen"));
    assert_non_null(strstr(h, "<li>rekrytering: 4</li>"));
    assert_non_null(strstr(h, "<li>upphandling: färre än 3</li>"));
    static const char *const NAMES[] = {"Anna Berg", "Bo Ek", "David Ek", "Eva Fors"};
    for (size_t i = 0; i < 4; i++) {
        assert_null(strstr(h, NAMES[i]));
    }
    free(html.data);
    store_close(fx.s);
}

/* ---- Two kiosks ------------------------------------------------------------------------ */

static char *board_lines(Store *s)
{
    char *d = dump_of(s);
    TestText t = {0};
    for (char *line = strtok(d, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "board_choice|", 13) == 0) {
            /* The device differs by kiosk only where the choice was made: kept. */
            text_add_line(&t, line);
        }
    }
    free(d);
    return t.data ? t.data : strdup("");
}

static void merge_keeps_the_later_choice(void **state)
{
    (void)state;
    Fx a, b;
    fx_open(&a, "merge-a.db");
    fx_open(&b, "merge-b.db");
    /* Anna picks on kiosk A, changes her mind later on kiosk B and hides; Bo only on A. */
    choose(&a, "T1", "rekrytering", false, 100);
    choose(&a, "T2", "upphandling", false, 150);
    choose(&b, "T1", "AI i drift", true, 200);
    StoreMergeReport rep;
    assert_int_equal(store_merge(a.s, b.path, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.choices, 1);
    assert_int_equal(store_merge(b.s, a.path, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.choices, 1); /* Bo's; Anna's on A is the older */
    char *la = board_lines(a.s), *lb = board_lines(b.s);
    assert_string_equal(la, lb);
    StoreBoardChoice c;
    assert_int_equal(store_board_choice_get(a.s, id_of(&a, "T1"), &c), STORE_OK);
    assert_string_equal(c.interests, "AI i drift");
    assert_true(c.hidden);
    /* Merging again changes nothing. */
    assert_int_equal(store_merge(a.s, b.path, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.choices, 0);
    free(la);
    free(lb);
    store_close(a.s);
    store_close(b.s);
}

static void purge_removes_the_choices(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "purge.db");
    choose(&fx, "T1", "rekrytering", true, 1);
    StorePurgeReport rep;
    /* 2027-06-01: past the 90 days after 2026-12-10. */
    assert_int_equal(store_purge(fx.s, 1811800000000LL, false, &rep), STORE_OK);
    assert_int_equal(rep.attendees, 5);
    assert_int_equal(sql_int(fx.path, "SELECT count(*) FROM board_choice"), 0);
    store_close(fx.s);
}

/* ---- Live: the board follows another connection ------------------------------------------ */

static void board_reads_only_after_another_commit(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "poll.db");
    TestRandom rnd = {5, false};
    Store *mine = open_ok(fx.path, &rnd);
    Board *b = board_new(mine);
    char err[256];
    bool changed = true;
    assert_int_equal(board_poll(b, &changed, err, sizeof err), STORE_OK);
    assert_true(changed); /* the first look reads */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(board_poll(b, &changed, err, sizeof err), STORE_OK);
        assert_false(changed);
    }
    checkin_ticket(fx.s, fx.ev, "T4", AT_MS + 1000); /* the kiosk's connection */
    assert_int_equal(board_poll(b, &changed, err, sizeof err), STORE_OK);
    assert_true(changed);
    assert_int_equal(board_view(b)->npeople, 1);
    assert_string_equal(board_view(b)->groups[0].organisation, "Region Örebro");
    uint64_t polls, reads;
    board_counts(b, &polls, &reads);
    assert_int_equal(polls, 7);
    assert_int_equal(reads, 2);
    board_free(b);
    store_close(mine);
    store_close(fx.s);
}

/* ---- Upgrading a file of schema 9 (before kiosk names, walk-in e-mail and the board) -- */

static void schema_9_file_is_upgraded(void **state)
{
    (void)state;
    char path[1024];
    tmp_path(path, sizeof path, "v9.db");
    db_from_sql("store_v9.sql", path);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 9);
    TestRandom rnd = {9, false};
    Store *s = open_ok(path, &rnd);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 12);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_string_equal(ev.title, "Chefsforum Bergslagen – november");
    assert_int_equal(ev.topic_count, 0);
    assert_false(ev.board);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM attendee WHERE first_time = 0"), 3);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM board_choice"), 0);
    /* Its check-ins are on the board: Hjördis (consented), not Torbjörn. */
    int64_t here = 0;
    assert_int_equal(board_people(s, &here), 1);
    assert_int_equal(here, 2);
    /* The upgraded file takes the board's records. */
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, id, "V9-1", &a), STORE_OK);
    assert_int_equal(store_board_choice_put(s, id, a.id, "", true, AT_MS), STORE_OK);
    assert_int_equal(board_people(s, &here), 0);
    char err[512];
    assert_int_equal(store_check_integrity(s, err, sizeof err), STORE_OK);
    store_close(s);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(topics_in_the_event_file),
        cmocka_unit_test(first_time_column_of_the_list),
        cmocka_unit_test(only_consenting_people_who_are_here),
        cmocka_unit_test(topics_are_checked_and_need_consent),
        cmocka_unit_test(counts_and_rows_follow_consent),
        cmocka_unit_test(attendee_rows_carry_topics_only_with_consent),
        cmocka_unit_test(report_shows_topics_as_counts),
        cmocka_unit_test(merge_keeps_the_later_choice),
        cmocka_unit_test(purge_removes_the_choices),
        cmocka_unit_test(board_reads_only_after_another_commit),
        cmocka_unit_test(schema_9_file_is_upgraded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
