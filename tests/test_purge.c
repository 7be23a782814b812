/* test_purge: retention (store_purge), undo (store_checkin_undo), the check-in histogram
 * and the upgrade of schema-1 and schema-2 files to the current schema, on real files in
 * $MINGEL_TEST_TMP.
 *
 * Two meetings share one database: a January meeting kept 30 days, long past its
 * retention time on 1 March, and a November meeting within it. Their attendees have
 * distinctive names, organisations, e-mail addresses and ticket codes, so after a purge
 * the test looks for them in the bytes of the database file and its -wal: the purge
 * deletes them, VACUUM rewrites the file and the checkpoint empties the -wal, so not one
 * may be left. What is anonymous (the meetings, questions, ratings and reflections) stays,
 * and the stats and the HTML report still work. The feedback is made under different
 * clocks (store_set_clock), and what a purge keeps keeps its clock. Where the test looks
 * at the schema it asks the sqlite3 shell; without it those tests are skipped.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "core/export.h"
#include "core/roster.h"
#include "core/store.h"
#include "support.h"

/* Swedish time without needing tzdata (POSIX rule): dates are compared locally. */
#define TEST_TZ "CET-1CEST,M3.5.0,M10.5.0/3"

#define JAN_MORNING  INT64_C(1768464000000) /* 2026-01-15 09:00 CET */
#define FEB_14_LATE  INT64_C(1771109999000) /* 2026-02-14 23:59:59 CET: last day kept */
#define FEB_15_EARLY INT64_C(1771110001000) /* 2026-02-15 00:00:01 CET: past retention */
#define MARCH_1      INT64_C(1772362800000) /* 2026-03-01 12:00 CET */
#define NOV_MORNING  INT64_C(1795680000000) /* 2026-11-26 09:00 CET */
#define MINUTE       60000

#define SCHEMA_VERSION "12" /* PRAGMA user_version of the current store */

static const char OLD_INI[] = "[event]\n"
                              "id = frukost-2026-01\n"
                              "title = Frukostmöte i januari\n"
                              "date = 2026-01-15\n"
                              "phases = both\n"
                              "retention_days = 30\n"
                              "[question.1]\n"
                              "sv = Hur nöjd är du?\n"
                              "en = How satisfied are you?\n";

static const char NEW_INI[] = "[event]\n"
                              "id = drift-2026-11\n"
                              "title = Driftchefsnätverket – höstträff\n"
                              "date = 2026-11-26\n"
                              "phases = both\n"
                              "[question.1]\n"
                              "sv = Hur nöjd är du?\n"
                              "en = How satisfied are you?\n";

/* Personal data of the January meeting: each value is searched for in the file bytes. */
static const char OLD_CSV[] = "Namn;Organisation;Roll;E-post;Biljett\n"
                              "Zlatan Zyxwerth;Qwyxtorp Fastigheter AB;Qvarnmästare;"
                              "zlatan@qwyxtorp.example;ZQX-4711\n"
                              "Ylvali Quornsdotter;Vrixholm Energi;Vrixcontroller;"
                              "ylvali@vrixholm.example;ZQX-4712\n"
                              "Ingen Incheckad Wuxbo;Wuxbo kommun;;;ZQX-4713\n";

static const char *const OLD_SECRETS[] =
    {
        "Zyxwerth", "Qwyxtorp",   "zlatan@qwyxtorp", "ZQX-4711", "Quornsdotter",
        "Vrixholm", "ZQX-4712",   "Wuxbo",           "Qvarnm",   "Vrixcontroller",
        "Xylofina", "Trumbelvik", /* the walk-in and her organisation */
};

static const char NEW_CSV[] = "Namn;Organisation;E-post;Biljett\n"
                              "Kvarstina Novemberlund;Kvarnby Vatten;kvarstina@kvarnby.example;"
                              "N-100\n"
                              "Bengt Berg;Bolag B;;N-101\n";

/* ---- Scaffolding --------------------------------------------------------------------- */

static bool db_holds(const char *path, const char *needle)
{
    return file_holds(path, "", needle) || file_holds(path, "-wal", needle);
}

/* Every one of OLD_SECRETS is in the file at path (kept set), or none is. */
static void expect_old_secrets(const char *path, bool kept)
{
    for (size_t i = 0; i < COUNT_OF(OLD_SECRETS); i++) {
        if (db_holds(path, OLD_SECRETS[i]) != kept) {
            fail_msg("'%s' is %s the database file", OLD_SECRETS[i], kept ? "not in" : "still in");
        }
    }
}

typedef struct Meetings {
    char path[4096];
    char old_id[IDS_UUID_LEN + 1], new_id[IDS_UUID_LEN + 1];
} Meetings;

/* The database of the two meetings: November's with two people, one checked in, and a
 * session; January's with three people (two checked in, one of them undone and checked in
 * again), a walk-in, two sessions of feedback. */
static void make_meetings(Meetings *m, const char *name, TestRandom *rnd)
{
    tmp_path(m->path, sizeof m->path, name);
    remove_db(m->path);
    Store *s = open_ok(m->path, rnd);
    import_texts(s, NEW_INI, NEW_CSV, NOV_MORNING - 86400000, m->new_id);
    checkin_ticket(s, m->new_id, "N-100", NOV_MORNING + 1000);
    assert_int_equal(
        store_rating_put(s, m->new_id, "tok-nov-1", 0, 4, false, NOV_MORNING + 3600000), STORE_OK);
    /* January last: the current meeting, the one the report is made for. */
    import_texts(s, OLD_INI, OLD_CSV, JAN_MORNING - 86400000, m->old_id);
    checkin_ticket(s, m->old_id, "ZQX-4711", JAN_MORNING + 1000);
    checkin_ticket(s, m->old_id, "ZQX-4712", JAN_MORNING + 2000);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, m->old_id, "ZQX-4712", &a), STORE_OK);
    assert_int_equal(store_checkin_undo(s, m->old_id, a.id, JAN_MORNING + 3000), STORE_OK);
    checkin_ticket(s, m->old_id, "ZQX-4712", JAN_MORNING + 4000);
    char walk[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(s, m->old_id, "Xylofina Ohlsdotter", "Trumbelvik AB", false,
                                   JAN_MORNING + 5000, walk),
                     STORE_OK);
    const int64_t exit_time = JAN_MORNING + 9 * 3600000;
    store_set_clock(s, STORE_CLOCK_CONFIRMED);
    assert_int_equal(store_rating_put(s, m->old_id, "tok-jan-1", 0, 5, false, exit_time), STORE_OK);
    store_set_clock(s, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(store_rating_put(s, m->old_id, "tok-jan-2", 0, 3, false, exit_time), STORE_OK);
    store_set_clock(s, STORE_CLOCK_SET);
    assert_int_equal(store_reflection_put(s, m->old_id, "tok-jan-1", "Nyttigt om energipriser",
                                          false, exit_time),
                     STORE_OK);
    store_close(s);
}

/* make_meetings, then the store opened on it. */
static Store *open_meetings(Meetings *m, const char *name, TestRandom *rnd)
{
    make_meetings(m, name, rnd);
    return open_ok(m->path, rnd);
}

/* The clocks of January's feedback: tok-jan-1's and tok-jan-2's rating, the reflection. */
typedef struct FeedbackClocks {
    StoreClock rating[2];
    StoreClock reflection;
} FeedbackClocks;

static int rating_clock(void *ctx, const StoreRatingRow *r)
{
    FeedbackClocks *fc = ctx;
    fc->rating[strcmp(r->token, "tok-jan-2") == 0] = r->clock;
    return 0;
}

static int reflection_clock(void *ctx, const StoreReflectionRow *r)
{
    ((FeedbackClocks *)ctx)->reflection = r->clock;
    return 0;
}

/* ---- Retention ----------------------------------------------------------------------- */

static void dry_run_counts_and_changes_nothing(void **state)
{
    (void)state;
    Meetings m;
    TestRandom rnd = {.state = 31};
    Store *s = open_meetings(&m, "purge-dry.db", &rnd);
    char *before = dump_of(s);
    StorePurgeReport r;
    assert_int_equal(store_purge(s, MARCH_1, true, &r), STORE_OK);
    assert_int_equal(r.events, 1);
    assert_int_equal(r.attendees, 4); /* three on the list and the walk-in */
    assert_int_equal(r.checkins, 5);  /* two, an undo, a new check-in, the walk-in's */
    char *after = dump_of(s);
    assert_string_equal(before, after);
    free(after);

    /* The boundary, in local time: the whole of date + retention_days is kept. */
    assert_int_equal(store_purge(s, FEB_14_LATE, true, &r), STORE_OK);
    assert_int_equal(r.events + r.attendees + r.checkins, 0);
    assert_int_equal(store_purge(s, FEB_15_EARLY, true, &r), STORE_OK);
    assert_int_equal(r.events, 1);
    assert_int_equal(r.attendees, 4);
    /* Before the meeting, and within November's retention: nothing. */
    assert_int_equal(store_purge(s, JAN_MORNING, true, &r), STORE_OK);
    assert_int_equal(r.events + r.attendees + r.checkins, 0);
    after = dump_of(s);
    assert_string_equal(before, after);
    free(after);
    free(before);
    store_close(s);
    expect_old_secrets(m.path, true);
    remove_db(m.path);
}

static void purge_removes_names_and_keeps_feedback(void **state)
{
    (void)state;
    Meetings m;
    TestRandom rnd = {.state = 32};
    Store *s = open_meetings(&m, "purge-real.db", &rnd);
    StoreFeedbackStats fb_before, fb_after;
    StoreStats new_before, new_after, old_after;
    fb_before = event_feedback(s, m.old_id);
    new_before = event_stats(s, m.new_id);
    char *before = dump_of(s);

    StorePurgeReport r;
    assert_int_equal(store_purge(s, MARCH_1, false, &r), STORE_OK);
    assert_int_equal(r.events, 1);
    assert_int_equal(r.attendees, 4);
    assert_int_equal(r.checkins, 5);

    /* January: nobody and no check-in left; the anonymous feedback all there. */
    old_after = event_stats(s, m.old_id);
    assert_int_equal(old_after.expected, 0);
    assert_int_equal(old_after.checked_in, 0);
    assert_int_equal(old_after.walk_ins, 0);
    assert_int_equal(old_after.checkin_records, 0);
    fb_after = event_feedback(s, m.old_id);
    assert_memory_equal(&fb_before, &fb_after, sizeof fb_before);
    int v = 0;
    assert_int_equal(store_rating_get(s, m.old_id, "tok-jan-1", 0, &v), STORE_OK);
    assert_int_equal(v, 5);
    char text[512];
    assert_int_equal(store_reflection_get(s, m.old_id, "tok-jan-1", text, sizeof text), STORE_OK);
    assert_string_equal(text, "Nyttigt om energipriser");
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, m.old_id, "ZQX-4711", &a), STORE_NOT_FOUND);
    /* What is kept keeps its clock. */
    FeedbackClocks fc = {{STORE_CLOCK_UNKNOWN, STORE_CLOCK_UNKNOWN}, STORE_CLOCK_UNKNOWN};
    assert_int_equal(store_each_rating(s, m.old_id, rating_clock, &fc), STORE_OK);
    assert_int_equal(store_each_reflection(s, m.old_id, reflection_clock, &fc), STORE_OK);
    assert_int_equal(fc.rating[0], STORE_CLOCK_CONFIRMED);
    assert_int_equal(fc.rating[1], STORE_CLOCK_UNTRUSTED);
    assert_int_equal(fc.reflection, STORE_CLOCK_SET);

    /* November: untouched, record for record. */
    new_after = event_stats(s, m.new_id);
    assert_memory_equal(&new_before, &new_after, sizeof new_before);
    char *after = dump_of(s);
    for (const char *line = before; (line = strchr(line, '\n')) != NULL && line[1];) {
        line++;
        const char *end = strchr(line, '\n');
        bool november = strstr(line, "'drift-2026-11'") && strstr(line, "'drift-2026-11'") < end;
        bool anonymous = strncmp(line, "event|", 6) == 0 || strncmp(line, "question|", 9) == 0 ||
                         strncmp(line, "rating|", 7) == 0 || strncmp(line, "reflection|", 11) == 0;
        char want[4200];
        snprintf(want, sizeof want, "\n%.*s\n", (int)(end - line), line);
        if ((november || anonymous) != (strstr(after, want) != NULL)) {
            fail_msg("after the purge, this line should %s: %.*s",
                     november || anonymous ? "stay" : "be gone", (int)(end - line), line);
        }
    }
    free(before);
    free(after);

    /* The report can still be made for January. */
    char report[4096], err[512];
    tmp_path(report, sizeof report, "purge-report.html");
    ExportOptions opt = export_defaults();
    opt.format = EXPORT_HTML;
    if (export_write(s, m.old_id, &opt, report, err, sizeof err) != 0) {
        fail_msg("report after the purge: %s", err);
    }
    assert_true(size_with(report, "") > 0);
    assert_false(file_holds(report, "", "Zyxwerth"));
    /* The check-ins are gone; the one rating made with an untrusted clock is still told. */
    assert_true(file_holds(report, "", "Obs! 1 post (incheckning eller svar)"));
    unlink(report);

    /* Not in the file's bytes: not in the database, and the -wal is empty. */
    assert_int_equal(size_with(m.path, "-wal"), 0);
    expect_old_secrets(m.path, false);
    /* November's names are (so the search works). */
    assert_true(db_holds(m.path, "Novemberlund"));
    assert_true(db_holds(m.path, "Nyttigt om energipriser"));

    /* A second purge finds nothing more. */
    assert_int_equal(store_purge(s, MARCH_1, false, &r), STORE_OK);
    assert_int_equal(r.events + r.attendees + r.checkins, 0);
    store_close(s);
    expect_old_secrets(m.path, false);
    char err2[512];
    s = NULL;
    assert_int_equal(store_open(m.path, test_random, &rnd, &s, err2, sizeof err2), STORE_OK);
    assert_int_equal(store_check_integrity(s, err2, sizeof err2), STORE_OK);
    close_tmp_db(s, m.path);
}

/* A kiosk's copy made before the purge, merged in after it, brings no name back. */
static void merge_after_purge_brings_no_names_back(void **state)
{
    (void)state;
    Meetings m;
    TestRandom rnd = {.state = 33};
    make_meetings(&m, "purge-merge.db", &rnd);
    char copy[4096];
    tmp_path(copy, sizeof copy, "purge-merge-kiosk2.db");
    copy_db(m.path, copy);
    Store *s = open_ok(m.path, &rnd);
    StorePurgeReport pr;
    assert_int_equal(store_purge(s, MARCH_1, false, &pr), STORE_OK);
    assert_int_equal(pr.attendees, 4);
    StoreMergeReport r;
    assert_int_equal(store_merge(s, copy, &r, NULL, NULL), STORE_OK);
    assert_int_equal(r.attendees + r.checkins, 0);
    StoreStats st = event_stats(s, m.old_id);
    assert_int_equal(st.expected + st.walk_ins + st.checkin_records, 0);
    char *d = dump_of(s);
    assert_null(strstr(d, "Zyxwerth"));
    free(d);
    close_tmp_db(s, copy);
    remove_db(m.path);
}

/* ---- Undo ---------------------------------------------------------------------------- */

static void undo_writes_a_reversal_and_allows_a_new_checkin(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {.state = 34};
    Store *s = open_tmp_db(path, sizeof path, "undo.db", &rnd);
    char ev[IDS_UUID_LEN + 1], other[IDS_UUID_LEN + 1];
    import_texts(s, OLD_INI, OLD_CSV, JAN_MORNING - 1000, other);
    import_texts(s, NEW_INI, NEW_CSV, NOV_MORNING - 1000, ev);
    StoreAttendee a;
    StoreStats st;
    assert_int_equal(store_find_ticket(s, ev, "N-100", &a), STORE_OK);

    /* Nothing to undo yet: nothing is written. */
    assert_int_equal(store_checkin_undo(s, ev, a.id, NOV_MORNING), STORE_NOT_FOUND);
    st = event_stats(s, ev);
    assert_int_equal(st.checkin_records, 0);

    int64_t when = 0;
    assert_int_equal(store_checkin(s, ev, a.id, NOV_MORNING + 1000, &when), STORE_OK);
    /* The attendee belongs to another event than this one: not found. */
    assert_int_equal(store_checkin_undo(s, other, a.id, NOV_MORNING + 1500), STORE_NOT_FOUND);
    assert_int_equal(store_checkin_undo(s, ev, a.id, NOV_MORNING + 2000), STORE_OK);
    st = event_stats(s, ev);
    assert_int_equal(st.checked_in, 0);
    assert_int_equal(st.checkin_records, 2); /* the check-in and its reversal */
    assert_int_equal(store_get_attendee(s, a.id, &a), STORE_OK);
    assert_int_equal(a.checked_in_ms, 0);
    /* The reversal names the check-in, with this kiosk's device and the undo's time. */
    char *d = dump_of(s);
    char want[512];
    snprintf(want, sizeof want, "|'drift-2026-11'|'t:N-100'|%lld|'%s'|'",
             (long long)(NOV_MORNING + 2000), store_device_id(s));
    assert_non_null(strstr(d, want));
    free(d);
    /* Undone twice: the second finds nothing. */
    assert_int_equal(store_checkin_undo(s, ev, a.id, NOV_MORNING + 2500), STORE_NOT_FOUND);

    /* Checked in again: a new record, and the attendee is in. */
    assert_int_equal(store_checkin(s, ev, a.id, NOV_MORNING + 3000, &when), STORE_OK);
    assert_int_equal(when, NOV_MORNING + 3000);
    assert_int_equal(store_checkin(s, ev, a.id, NOV_MORNING + 3500, &when), STORE_ALREADY);
    assert_int_equal(when, NOV_MORNING + 3000);
    st = event_stats(s, ev);
    assert_int_equal(st.checked_in, 1);
    assert_int_equal(st.checkin_records, 3);

    /* A walk-in's check-in can be undone too; the walk-in stays registered. */
    char walk[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(s, ev, "Gästa Gästsson", "", false, NOV_MORNING + 4000, walk),
                     STORE_OK);
    assert_int_equal(store_checkin_undo(s, ev, walk, NOV_MORNING + 4500), STORE_OK);
    st = event_stats(s, ev);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checked_in, 1);
    store_close(s);

    /* Durable: all of it is there after a restart. */
    s = open_ok(path, &rnd);
    st = event_stats(s, ev);
    assert_int_equal(st.checked_in, 1);
    assert_int_equal(st.checkin_records, 5);
    close_tmp_db(s, path);
}

static void histogram_counts_active_checkins(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {.state = 35};
    Store *s = open_tmp_db(path, sizeof path, "histogram.db", &rnd);
    char ev[IDS_UUID_LEN + 1];
    import_texts(s, OLD_INI, OLD_CSV, JAN_MORNING - 1000, ev);
    int64_t counts[4], start = -1;
    size_t n = 99;
    const int64_t quarter = 15 * MINUTE;
    assert_int_equal(store_checkin_histogram(s, ev, quarter, &start, counts, 4, &n), STORE_OK);
    assert_int_equal(n, 0);
    /* 09:01, 09:07 and 09:40 (buckets from 09:00: 2, 0, 1), a walk-in at 10:30 (bucket 6,
     * past the last of four: counted in the last). */
    checkin_ticket(s, ev, "ZQX-4711", JAN_MORNING + 1 * MINUTE);
    checkin_ticket(s, ev, "ZQX-4712", JAN_MORNING + 7 * MINUTE);
    checkin_ticket(s, ev, "ZQX-4713", JAN_MORNING + 40 * MINUTE);
    char walk[IDS_UUID_LEN + 1];
    assert_int_equal(
        store_walk_in(s, ev, "Sen Ankomst", "", false, JAN_MORNING + 90 * MINUTE, walk), STORE_OK);
    assert_int_equal(store_checkin_histogram(s, ev, quarter, &start, counts, 4, &n), STORE_OK);
    assert_int_equal(start, JAN_MORNING);
    assert_int_equal(n, 4);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[2], 1);
    assert_int_equal(counts[3], 1);
    /* An undone check-in no longer counts. */
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, ev, "ZQX-4711", &a), STORE_OK);
    assert_int_equal(store_checkin_undo(s, ev, a.id, JAN_MORNING + 100 * MINUTE), STORE_OK);
    assert_int_equal(store_checkin_histogram(s, ev, quarter, &start, counts, 4, &n), STORE_OK);
    assert_int_equal(start, JAN_MORNING);
    assert_int_equal(counts[0], 1);
    /* Room for one bucket: everything in it. Hourly buckets: 2 + 1 in the first hour. */
    assert_int_equal(store_checkin_histogram(s, ev, quarter, &start, counts, 1, &n), STORE_OK);
    assert_int_equal(n, 1);
    assert_int_equal(counts[0], 3);
    assert_int_equal(store_checkin_histogram(s, ev, 60 * MINUTE, &start, counts, 4, &n), STORE_OK);
    assert_int_equal(n, 2);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    /* Nonsense is refused; an unknown event is not found. */
    assert_int_equal(store_checkin_histogram(s, ev, 0, &start, counts, 4, &n), STORE_INVALID);
    assert_int_equal(store_checkin_histogram(s, ev, quarter, &start, counts, 0, &n), STORE_INVALID);
    assert_int_equal(store_checkin_histogram(s, "0191e0c0-0000-7000-8000-000000000000", quarter,
                                             &start, counts, 4, &n),
                     STORE_NOT_FOUND);
    close_tmp_db(s, path);
}

/* ---- Upgrading older files ----------------------------------------------------------- */

static const char SCHEMA_SQL[] =
    "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";

/* The upgraded file's schema is exactly a new database's, at the current version. */
static void check_schema_like_new(const char *path, const char *fresh)
{
    char *v = sqlite3_query(path, "PRAGMA user_version");
    assert_string_equal(v, SCHEMA_VERSION);
    free(v);
    char *ok = sqlite3_query(path, "PRAGMA integrity_check");
    assert_string_equal(ok, "ok");
    free(ok);
    char *fk = sqlite3_query(path, "PRAGMA foreign_key_check");
    assert_string_equal(fk, "");
    free(fk);
    char *a = sqlite3_query(path, SCHEMA_SQL), *b = sqlite3_query(fresh, SCHEMA_SQL);
    assert_true(strlen(b) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The file an older mingel wrote ($MINGEL_TEST_DATA/fixture) at $MINGEL_TEST_TMP/name.db,
 * and a new database at name-fresh.db to compare it with (check_schema_like_new); returns
 * the older file opened, and so upgraded, with rnd. Both paths are 4096 bytes. */
static Store *open_upgraded(const char *fixture, const char *name, char *path, char *fresh,
                            TestRandom *rnd)
{
    char file[256];
    snprintf(file, sizeof file, "%s.db", name);
    tmp_path(path, 4096, file);
    db_from_sql(fixture, path);
    snprintf(file, sizeof file, "%s-fresh.db", name);
    tmp_db(fresh, 4096, file);
    store_close(open_ok(fresh, rnd));
    return open_ok(path, rnd);
}

static void schema_2_file_is_upgraded_in_place(void **state)
{
    (void)state;
    char path[4096], fresh[4096];
    TestRandom rnd = {.state = 36};
    Store *s = open_upgraded("store_v2.sql", "v2", path, fresh, &rnd);
    assert_string_equal(store_device_id(s), "0191e0c0-0000-7000-8000-00000000d002");
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_string_equal(ev.key, "frukost-2025-03-13");
    assert_int_equal(ev.retention_days, 90); /* the default, for a file that had none */
    assert_int_equal(ev.phases, EVENT_PHASE_BOTH);
    assert_int_equal(ev.question_count, 2);
    assert_int_equal(ev.questions[1].scale, EVENT_SCALE_NPS);
    StoreStats st = event_stats(s, id);
    assert_int_equal(st.expected, 2);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checked_in, 2);
    assert_int_equal(st.checkin_records, 4);
    StoreFeedbackStats fb = event_feedback(s, id);
    assert_int_equal(fb.sessions, 2);
    assert_int_equal(fb.counts[0][5], 1);
    assert_int_equal(fb.counts[0][4], 1);
    assert_int_equal(fb.counts[1][9], 1);
    assert_int_equal(fb.reflections, 1);
    /* The admin table is there, empty. */
    int count = -1;
    int64_t last = -1;
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(store_pin_get(s, hash), STORE_NOT_FOUND);
    store_close(s);
    check_schema_like_new(path, fresh);

    /* The 2025 breakfast is long past 90 days on 1 March 2026: purged like any other. */
    s = open_ok(path, &rnd);
    StorePurgeReport r;
    assert_int_equal(store_purge(s, MARCH_1, false, &r), STORE_OK);
    assert_int_equal(r.events, 1);
    assert_int_equal(r.attendees, 3);
    assert_int_equal(r.checkins, 4);
    fb = event_feedback(s, id);
    assert_int_equal(fb.sessions, 2);
    store_close(s);
    static const char *const gone[] = {"Zetterqvist", "Ymersdotter", "Xylander", "Z900",
                                       "ylva@ymer.example"};
    for (size_t i = 0; i < COUNT_OF(gone); i++) {
        if (db_holds(path, gone[i])) {
            fail_msg("'%s' is still in the file after the purge", gone[i]);
        }
    }
    assert_true(db_holds(path, "Bra att höra hur andra kommuner gör"));
    remove_db(path);
    remove_db(fresh);
}

static void schema_1_file_is_upgraded_to_current(void **state)
{
    (void)state;
    char path[4096], fresh[4096];
    TestRandom rnd = {.state = 37};
    Store *s = open_upgraded("store_v1.sql", "v1", path, fresh, &rnd);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_int_equal(ev.retention_days, 90);
    StoreStats st = event_stats(s, id);
    assert_int_equal(st.checkin_records, 4);
    assert_int_equal(st.checked_in, 2);
    /* retention_days is kept through a put. */
    ev.retention_days = 365;
    assert_int_equal(store_event_put(s, &ev, 9000, id), STORE_OK);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_int_equal(ev.retention_days, 365);
    ev.retention_days = 3651;
    assert_int_equal(store_event_put(s, &ev, 9000, id), STORE_INVALID);
    store_close(s);
    check_schema_like_new(path, fresh);
    remove_db(path);
    remove_db(fresh);
}

int main(void)
{
    setenv("TZ", TEST_TZ, 1);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dry_run_counts_and_changes_nothing),
        cmocka_unit_test(purge_removes_names_and_keeps_feedback),
        cmocka_unit_test(merge_after_purge_brings_no_names_back),
        cmocka_unit_test(undo_writes_a_reversal_and_allows_a_new_checkin),
        cmocka_unit_test(histogram_counts_active_checkins),
        cmocka_unit_test(schema_2_file_is_upgraded_in_place),
        cmocka_unit_test(schema_1_file_is_upgraded_to_current),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
