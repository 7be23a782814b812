/* test_merge: several kiosks' databases merged into one (store_merge), on real files in
 * $MINGEL_TEST_TMP.
 *
 * Three kiosks of one meeting each import the same event file and attendee list through
 * the store API, with their own device ids, and then each lives its own morning:
 * check-ins, walk-ins, an undo, ratings and reflections. Anna checks in on all three at
 * different times. The kiosks' files are then merged in every order (each one as the
 * target, the other two in both orders, and a merged file merged again), and the
 * canonical text of the result (store_dump_canonical) must be the same every time, hold
 * every record of every kiosk, count Anna once at her earliest check-in, and carry the
 * reversals of her later check-ins with the ids store.h documents. Merging again changes
 * nothing; a conflict is reported and this database's details kept; files that are not a
 * kiosk's database are refused and left byte for byte as they were; files of older
 * schemas (built with the sqlite3 shell from tests/data) merge as they are.
 *
 * The kiosks' clocks differ (store_set_clock): A's was untrusted for Anna and set by the
 * organiser after her, B's confirmed, C's synchronised, and each imported the list under
 * yet another state. Every record must keep its clock through every merge (the canonical
 * text carries it), a derived reversal takes the clock of the check-in it undoes (never
 * the merging kiosk's), and a kiosk's own clock setting is never merged.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "core/roster.h"
#include "core/store.h"
#include "support.h"

/* 2026-11-26 09:00 in Stockholm: the meeting's morning. */
#define T0 INT64_C(1795680000000)

static const char EVENT_INI[] = "[event]\n"
                                "id = drift-2026-11\n"
                                "title = Driftchefsnätverket – höstträff\n"
                                "date = 2026-11-26\n"
                                "phases = both\n"
                                "retention_days = 120\n"
                                "[question.1]\n"
                                "sv = Hur nöjd är du med dagen?\n"
                                "en = How satisfied are you with the day?\n"
                                "[question.2]\n"
                                "sv = Skulle du rekommendera träffen?\n"
                                "en = Would you recommend the meeting?\n"
                                "scale = nps\n";

static const char ROSTER_CSV[] = "Namn;Organisation;E-post;Biljett\n"
                                 "Anna Andersson;Kommun A;anna@example.org;100\n"
                                 "Bertil Berg;Bolag B;;101\n"
                                 "Cecilia Carlsson;Region C;cecilia@example.org;102\n"
                                 "David Dahl;Kommun D;david@example.org;103\n"
                                 "Eva Ek;Bolag E;eva@example.org;\n";

/* The same list as another registration export spelt Anna's name. */
static const char ROSTER_CONFLICT_CSV[] = "Namn;Organisation;E-post;Biljett\n"
                                          "Anna Andersson Lind;Kommun A;anna@example.org;100\n";

/* ---- Scaffolding --------------------------------------------------------------------- */

/* Copies a closed database (no -wal beside it) to dst, replacing dst. */
static bool has_line(const char *dump, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = dump; (p = strchr(p, '\n')) != NULL; p++) {
        if (strncmp(p + 1, line, n) == 0 && p[1 + n] == '\n') {
            return true;
        }
    }
    return false;
}

/* Notes of a merge, one per line. */
static void collect_note(void *ctx, const char *line)
{
    text_add_line(ctx, line);
}

static StoreMergeReport merge_ok(Store *s, const char *other, TestText *notes)
{
    StoreMergeReport r;
    StoreStatus st = store_merge(s, other, &r, notes ? collect_note : NULL, notes);
    if (st != STORE_OK) {
        fail_msg("store_merge(%s): %s: %s", other, store_status_text(st), store_last_error(s));
    }
    return r;
}

/* Every count of a merge's report is as wanted (a field left out of want: none). */
static void check_report(const char *row, StoreMergeReport got, StoreMergeReport want)
{
    CHECK_INT(row, got.events, want.events);
    CHECK_INT(row, got.attendees, want.attendees);
    CHECK_INT(row, got.checkins, want.checkins);
    CHECK_INT(row, got.ratings, want.ratings);
    CHECK_INT(row, got.reflections, want.reflections);
    CHECK_INT(row, got.double_checkins, want.double_checkins);
    CHECK_INT(row, got.conflicts, want.conflicts);
    CHECK_INT(row, got.form_answers, want.form_answers);
    CHECK_INT(row, got.choices, want.choices);
    CHECK_INT(row, got.devices, want.devices);
}

/* ---- The three kiosks ---------------------------------------------------------------- */

/* Puts the meeting of EVENT_INI and the list csv into s, as `mingel import` does. */
static void setup_kiosk(Store *s, const char *csv, char event_id[IDS_UUID_LEN + 1])
{
    import_texts(s, EVENT_INI, csv, T0 - 86400000, event_id);
}

static void undo_ticket(Store *s, const char *event_id, const char *ticket, int64_t at)
{
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, event_id, ticket, &a), STORE_OK);
    assert_int_equal(store_checkin_undo(s, event_id, a.id, at), STORE_OK);
}

static void walk_in(Store *s, const char *event_id, const char *name, int64_t at)
{
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(s, event_id, name, "Gästföretaget", false, at, id), STORE_OK);
}

static void feedback(Store *s, const char *event_id, const char *token, int v1, int v2,
                     const char *text, bool flagged, int64_t at)
{
    assert_int_equal(store_rating_put(s, event_id, token, 0, v1, flagged, at), STORE_OK);
    assert_int_equal(store_rating_put(s, event_id, token, 1, v2, flagged, at), STORE_OK);
    if (text) {
        assert_int_equal(store_reflection_put(s, event_id, token, text, flagged, at), STORE_OK);
    }
}

/* Kiosk A, at the main door: Anna at 09:00:01 while the clock was untrusted; then the
 * organiser set the clock; Bertil checked in, undone by mistake and checked in again; a
 * walk-in; two feedback sessions. */
static void kiosk_a(Store *s, const char *ev)
{
    store_set_clock(s, STORE_CLOCK_UNTRUSTED);
    checkin_ticket(s, ev, "100", T0 + 1000);
    store_set_clock(s, STORE_CLOCK_SET);
    checkin_ticket(s, ev, "101", T0 + 2000);
    undo_ticket(s, ev, "101", T0 + 4000);
    checkin_ticket(s, ev, "101", T0 + 6000);
    walk_in(s, ev, "Fia Fors", T0 + 3000);
    feedback(s, ev, "tok-a-1", 5, 9, "Bra samtal om rekrytering", false, T0 + 7 * 3600000);
    feedback(s, ev, "tok-a-2", 4, 7, NULL, false, T0 + 7 * 3600000 + 60000);
}

/* Kiosk B, at the side door, its clock confirmed: Anna again at 09:00:05 (she went
 * round); Cecilia; a walk-in; a session. (Eva is checked in here and undone: eva_on.) */
static void kiosk_b(Store *s, const char *ev)
{
    store_set_clock(s, STORE_CLOCK_CONFIRMED);
    checkin_ticket(s, ev, "100", T0 + 5000);
    checkin_ticket(s, ev, "102", T0 + 1500);
    walk_in(s, ev, "Gustav Gran", T0 + 2500);
    feedback(s, ev, "tok-b-1", 3, 6, "Lärorikt", false, T0 + 7 * 3600000);
}

/* Kiosk C, in the hall, its clock synchronised: Anna first of all at 09:00:00.5; David; a
 * walk-in; a flagged session (repeated presses). (Eva checks in here, after B's undone
 * check-in: eva_on.) */
static void kiosk_c(Store *s, const char *ev)
{
    store_set_clock(s, STORE_CLOCK_SYNCED);
    checkin_ticket(s, ev, "100", T0 + 500);
    checkin_ticket(s, ev, "103", T0 + 2500);
    walk_in(s, ev, "Hanna Holm", T0 + 8000);
    feedback(s, ev, "tok-c-1", 2, 3, "För långa pauser", true, T0 + 7 * 3600000);
}

typedef struct FindEva {
    char id[IDS_UUID_LEN + 1];
} FindEva;

static int find_eva(void *ctx, const StoreAttendee *a)
{
    FindEva *f = ctx;
    if (strcmp(a->name, "Eva Ek") == 0) {
        memcpy(f->id, a->id, sizeof f->id);
    }
    return 0;
}

/* Eva: checked in on B and undone there; checked in on C later. */
static void eva_on(Store *s, const char *ev, int64_t at, bool undo)
{
    FindEva f = {""};
    assert_int_equal(store_each_attendee(s, ev, find_eva, &f), STORE_OK);
    assert_true(f.id[0] != '\0');
    int64_t when;
    assert_int_equal(store_checkin(s, ev, f.id, at, &when), STORE_OK);
    if (undo) {
        assert_int_equal(store_checkin_undo(s, ev, f.id, at + 500), STORE_OK);
    }
}

typedef struct Kiosks {
    char path[3][4096];
    char device[3][IDS_UUID_LEN + 1];
    char *dump[3]; /* each kiosk's own records */
} Kiosks;

/* The state each kiosk imported the list under: each keeps its own (bookkeeping). */
static const StoreClock IMPORT_CLOCK[3] = {STORE_CLOCK_SYNCED, STORE_CLOCK_UNTRUSTED,
                                           STORE_CLOCK_CONFIRMED};
/* Each kiosk's state for its feedback and walk-in (see kiosk_a/b/c), as stored: the
 * number at the end of the canonical line. */
static const char *const KIOSK_CLOCK[3] = {"3", "2", "1"};

static void make_kiosks(Kiosks *k, const char *prefix)
{
    static void (*const script[3])(Store *, const char *) = {kiosk_a, kiosk_b, kiosk_c};
    for (int i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s-%c.db", prefix, 'a' + i);
        tmp_path(k->path[i], sizeof k->path[i], name);
        remove_db(k->path[i]);
        TestRandom rnd = {.state = 0x9E3779B97F4A7C15ull * (uint64_t)(i + 1)};
        Store *s = open_ok(k->path[i], &rnd);
        snprintf(k->device[i], sizeof k->device[i], "%s", store_device_id(s));
        char ev[IDS_UUID_LEN + 1];
        store_set_clock(s, IMPORT_CLOCK[i]);
        setup_kiosk(s, ROSTER_CSV, ev);
        script[i](s, ev);
        if (i == 1) {
            eva_on(s, ev, T0 + 3000, true);
        }
        if (i == 2) {
            eva_on(s, ev, T0 + 9000, false);
        }
        k->dump[i] = dump_of(s);
        store_close(s);
    }
    assert_string_not_equal(k->device[0], k->device[1]);
    assert_string_not_equal(k->device[1], k->device[2]);
}

static void free_kiosks(Kiosks *k)
{
    for (int i = 0; i < 3; i++) {
        free(k->dump[i]);
        remove_db(k->path[i]);
    }
}

/* The id of the check-in of attendee key at at_ms in a dump. */
static void checkin_id_in(const char *dump, const char *key, int64_t at, char out[64])
{
    char want[256];
    snprintf(want, sizeof want, "|'drift-2026-11'|'%s'|%lld|", key, (long long)at);
    for (const char *p = dump; (p = strstr(p, "\ncheckin|'")) != NULL; p++) {
        const char *end = strchr(p + 1, '\n');
        const char *hit = strstr(p, want);
        if (hit && hit < end) {
            snprintf(out, 64, "%.36s", p + strlen("\ncheckin|'"));
            return;
        }
    }
    fail_msg("no check-in of %s at %lld", key, (long long)at);
}

/* The reversal id store.h documents: a UUIDv7 for the undone check-in's time whose random
 * bits are BLAKE2b-256("merge-reversal:" + id). Worked out here independently. */
static void expected_reversal_id(const char *undone_id, int64_t at, char out[IDS_UUID_LEN + 1])
{
    char msg[128];
    int n = snprintf(msg, sizeof msg, "merge-reversal:%s", undone_id);
    unsigned char h[32], b[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)msg, (size_t)n, NULL, 0);
    for (int i = 0; i < 6; i++) {
        b[i] = (unsigned char)((uint64_t)at >> (40 - 8 * i));
    }
    memcpy(b + 6, h, 10);
    b[6] = (unsigned char)(0x70 | (b[6] & 0x0F));
    b[8] = (unsigned char)(0x80 | (b[8] & 0x3F));
    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            *o++ = '-';
        }
        o += sprintf(o, "%02x", b[i]);
    }
}

/* Checks what every merged result must hold. */
static void check_merged(const Kiosks *k, const char *merged, const char *path)
{
    /* Nothing lost: every line of every kiosk (events, questions, attendees by key,
     * check-ins, reversals, ratings and reflections by id) is in the merged file. */
    for (int i = 0; i < 3; i++) {
        const char *line = k->dump[i];
        while ((line = strchr(line, '\n')) != NULL && line[1]) {
            line++;
            const char *end = strchr(line, '\n');
            char one[4096];
            snprintf(one, sizeof one, "%.*s", (int)(end - line), line);
            if (!has_line(merged, one)) {
                fail_msg("%s: record of kiosk %c missing after the merge: %s", path, 'a' + i, one);
            }
        }
    }
    /* Anna is checked in once, at her earliest check-in (kiosk C's). */
    TestRandom rnd = {.state = 7};
    Store *s = open_ok(path, &rnd);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    StoreAttendee anna;
    assert_int_equal(store_find_ticket(s, id, "100", &anna), STORE_OK);
    assert_string_equal(anna.name, "Anna Andersson");
    assert_int_equal(anna.checked_in_ms, T0 + 500);
    /* Bertil's check-in was undone on kiosk A and restored there (a restore is a new
     * check-in record, store.h): merged, he counts once, at the restore, and is no double
     * check-in (Anna is the only one, see the reports' double_checkins). */
    StoreAttendee bertil;
    assert_int_equal(store_find_ticket(s, id, "101", &bertil), STORE_OK);
    assert_int_equal(bertil.checked_in_ms, T0 + 6000);
    StoreStats st = event_stats(s, id);
    assert_int_equal(st.expected, 5);
    assert_int_equal(st.walk_ins, 3);
    /* Anna, Bertil, Cecilia, David, Eva and the three walk-ins. */
    assert_int_equal(st.checked_in, 8);
    StoreFeedbackStats fb = event_feedback(s, id);
    assert_int_equal(fb.sessions, 4);
    assert_int_equal(fb.flagged_sessions, 1);
    assert_int_equal(fb.reflections, 2); /* the third is flagged */
    store_close(s);

    /* The later check-ins (A's at +1000, B's at +5000) each have the derived reversal,
     * with the undone one's time, device and clock (A's was untrusted, B's confirmed). */
    static const struct {
        int kiosk;
        int64_t at;
        int clock;
    } later[] = {{0, T0 + 1000, 0}, {1, T0 + 5000, 2}};
    for (size_t i = 0; i < COUNT_OF(later); i++) {
        char undone[64], rid[IDS_UUID_LEN + 1], want[512];
        checkin_id_in(k->dump[later[i].kiosk], "t:100", later[i].at, undone);
        expected_reversal_id(undone, later[i].at, rid);
        snprintf(want, sizeof want, "checkin|'%s'|'drift-2026-11'|'t:100'|%lld|'%s'|'%s'|%d", rid,
                 (long long)later[i].at, k->device[later[i].kiosk], undone, later[i].clock);
        if (!has_line(merged, want)) {
            fail_msg("%s: no derived reversal %s", path, want);
        }
    }

    /* The clocks differ between the kiosks, and each record kept its own: A's Anna
     * untrusted, the rest of A's records set by the organiser; every rating and
     * reflection, and the walk-in, with its kiosk's state. */
    char undone_a[64], want[512];
    checkin_id_in(k->dump[0], "t:100", T0 + 1000, undone_a);
    snprintf(want, sizeof want, "checkin|'%s'|'drift-2026-11'|'t:100'|%lld|'%s'|NULL|0", undone_a,
             (long long)(T0 + 1000), k->device[0]);
    if (!has_line(merged, want)) {
        fail_msg("%s: A's check-in of Anna lost its clock: %s", path, want);
    }
    static const char *const walk_ins[3] = {"Fia Fors", "Gustav Gran", "Hanna Holm"};
    static const size_t feedback_rows[3] = {5, 3, 3}; /* ratings and reflections */
    for (int i = 0; i < 3; i++) {
        snprintf(want, sizeof want, "|'%s'|'Gästföretaget'|''|''|''|walkin|0|%s\n", walk_ins[i],
                 KIOSK_CLOCK[i]);
        if (!strstr(merged, want)) {
            fail_msg("%s: walk-in %s without kiosk %c's clock", path, walk_ins[i], 'a' + i);
        }
        char device[64], tail[8];
        snprintf(device, sizeof device, "|'%s'|", k->device[i]);
        snprintf(tail, sizeof tail, "|%s", KIOSK_CLOCK[i]);
        size_t n = 0, t = strlen(tail);
        for (const char *p = merged; (p = strchr(p, '\n')) != NULL && p[1]; p++) {
            const char *line = p + 1, *end = strchr(line, '\n');
            size_t len = (size_t)(end - line);
            bool feedback =
                strncmp(line, "rating|", 7) == 0 || strncmp(line, "reflection|", 11) == 0;
            const char *dev = feedback ? strstr(line, device) : NULL;
            if (!dev || dev > end) {
                continue;
            }
            if (len < t || strncmp(line + len - t, tail, t) != 0) {
                fail_msg("%s: a feedback record of kiosk %c without its clock: %.*s", path, 'a' + i,
                         (int)len, line);
            }
            n++;
        }
        assert_int_equal(n, feedback_rows[i]);
    }
}

/* ---- Tests --------------------------------------------------------------------------- */

/* Every order: each kiosk as the target, the other two merged in both orders. */
static void every_order_gives_the_same_records(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "order");
    static const int PERMS[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                    {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    char *first = NULL;
    for (size_t p = 0; p < COUNT_OF(PERMS); p++) {
        char path[4096], name[64];
        snprintf(name, sizeof name, "order-%c%c%c.db", 'a' + PERMS[p][0], 'a' + PERMS[p][1],
                 'a' + PERMS[p][2]);
        tmp_path(path, sizeof path, name);
        copy_db(k.path[PERMS[p][0]], path);
        TestRandom rnd = {.state = 1000 + p};
        Store *s = open_ok(path, &rnd);
        /* The merging kiosk's own clock goes into no record it merges or derives. */
        store_set_clock(s, p % 2 ? STORE_CLOCK_SET : STORE_CLOCK_SYNCED);
        TestText notes = {calloc(1, 1), 0, 1}; /* "" */
        StoreMergeReport r1 = merge_ok(s, k.path[PERMS[p][1]], &notes);
        StoreMergeReport r2 = merge_ok(s, k.path[PERMS[p][2]], &notes);
        /* Anna was in twice at each merge: the kiosk merged in always holds a check-in of
         * hers that is not the earliest, or is the earliest itself. */
        assert_int_equal(r1.double_checkins, 1);
        assert_int_equal(r2.double_checkins, 1);
        assert_int_equal(r1.conflicts + r2.conflicts, 0);
        assert_int_equal(r1.events + r2.events, 0);
        assert_int_equal(r1.attendees + r2.attendees, 2); /* the other kiosks' walk-ins */
        assert_non_null(strstr(notes.data, "double check-in: Anna Andersson (Kommun A)"));
        char *d = dump_of(s);
        store_close(s);
        if (!first) {
            first = d;
        } else {
            if (strcmp(first, d) != 0) {
                fail_msg("order %s gives other records than order abc:\n--- abc\n%s\n--- %s\n%s",
                         name, first, name, d);
            }
            free(d);
        }
        check_merged(&k, first, path);
        free(notes.data);
        remove_db(path);
    }

    /* A merged file merged again: C <- (A <- B). */
    char ab[4096], cab[4096];
    tmp_path(ab, sizeof ab, "order-ab.db");
    tmp_path(cab, sizeof cab, "order-c-ab.db");
    copy_db(k.path[0], ab);
    TestRandom rnd = {.state = 77};
    Store *s = open_ok(ab, &rnd);
    merge_ok(s, k.path[1], NULL);
    store_close(s);
    copy_db(k.path[2], cab);
    s = open_ok(cab, &rnd);
    StoreMergeReport r = merge_ok(s, ab, NULL);
    assert_int_equal(r.double_checkins, 1);
    char *d = dump_of(s);
    store_close(s);
    assert_string_equal(d, first);
    free(d);
    remove_db(ab);
    remove_db(cab);
    free(first);
    free_kiosks(&k);
}

/* Merging the same files again changes nothing and reports nothing new. */
static void merging_twice_changes_nothing(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "twice");
    char path[4096];
    tmp_path(path, sizeof path, "twice-merged.db");
    copy_db(k.path[0], path);
    TestRandom rnd = {.state = 5};
    Store *s = open_ok(path, &rnd);
    merge_ok(s, k.path[1], NULL);
    merge_ok(s, k.path[2], NULL);
    char *once = dump_of(s);
    for (int i = 0; i < 3; i++) {
        TestText notes = {calloc(1, 1), 0, 1}; /* "" */
        StoreMergeReport r = merge_ok(s, k.path[i], &notes);
        check_report("merged again", r, (StoreMergeReport){0});
        assert_string_equal(notes.data, "");
        free(notes.data);
        char *again = dump_of(s);
        assert_string_equal(again, once);
        free(again);
    }
    free(once);
    close_tmp_db(s, path);
    free_kiosks(&k);
}

/* The report counts what came in, and a kiosk's file that is open (and so has its -wal)
 * merges too, without being changed. */
static void report_counts_and_an_open_kiosk(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "count");
    char path[4096];
    tmp_path(path, sizeof path, "count-merged.db");
    copy_db(k.path[0], path);
    TestRandom rnd = {.state = 6}, rnd_b = {.state = 8};
    Store *s = open_ok(path, &rnd);
    Store *b = open_ok(k.path[1], &rnd_b); /* kiosk B still running */
    assert_true(exists_with(k.path[1], "-wal"));
    char *b_before = dump_of(b);
    StoreMergeReport r = merge_ok(s, k.path[1], NULL);
    /* B: Gustav; Anna's, Cecilia's and Eva's check-ins and Eva's undo; one session's two
     * ratings and its reflection. */
    check_report(
        "B, running", r,
        (StoreMergeReport){
            .attendees = 1, .checkins = 5, .ratings = 2, .reflections = 1, .double_checkins = 1});
    char *b_after = dump_of(b);
    assert_string_equal(b_before, b_after);
    free(b_before);
    free(b_after);
    store_close(b);
    close_tmp_db(s, path);
    free_kiosks(&k);
}

/* The same person with another name in the other file: reported, this database's kept. */
static void conflict_is_reported_and_this_database_kept(void **state)
{
    (void)state;
    char a[4096], d[4096];
    tmp_db(a, sizeof a, "conflict-a.db");
    tmp_db(d, sizeof d, "conflict-d.db");
    TestRandom ra = {.state = 11}, rd = {.state = 12};
    Store *sd = open_ok(d, &rd);
    char ev[IDS_UUID_LEN + 1];
    setup_kiosk(sd, ROSTER_CONFLICT_CSV, ev);
    checkin_ticket(sd, ev, "100", T0 + 100);
    store_close(sd);
    Store *sa = open_ok(a, &ra);
    setup_kiosk(sa, ROSTER_CSV, ev);
    TestText notes = {calloc(1, 1), 0, 1}; /* "" */
    StoreMergeReport r = merge_ok(sa, d, &notes);
    assert_int_equal(r.conflicts, 1);
    assert_int_equal(r.attendees, 0);
    assert_int_equal(r.checkins, 1);
    assert_non_null(strstr(notes.data, "conflict: attendee t:100"));
    assert_non_null(strstr(notes.data, "\"Anna Andersson\" (Kommun A) here"));
    assert_non_null(strstr(notes.data, "\"Anna Andersson Lind\" (Kommun A)"));
    assert_non_null(strstr(notes.data, "(differing: name); this database's kept"));
    StoreAttendee anna;
    assert_int_equal(store_find_ticket(sa, ev, "100", &anna), STORE_OK);
    assert_string_equal(anna.name, "Anna Andersson");
    assert_int_equal(anna.checked_in_ms, T0 + 100); /* her check-in came along */
    free(notes.data);
    close_tmp_db(sa, a);
    remove_db(d);
}

/* ---- Files that are refused, untouched ----------------------------------------------- */

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

typedef enum Damage { NOT_SQLITE, EMPTY, FOREIGN_APP, TOO_NEW, DAMAGED_PAGE, NO_SCHEMA } Damage;

/* Makes the file at path from a kiosk database (src, closed) as the case says. */
static void make_bad(const char *src, const char *path, Damage how)
{
    TestBytes b = read_file(src);
    assert_true(b.len >= 4 * 4096);
    switch (how) {
    case NOT_SQLITE:
        for (size_t i = 0; i < b.len; i++) {
            b.data[i] = (char)(i * 31 + 7);
        }
        break;
    case EMPTY: b.len = 0; break;
    case FOREIGN_APP: put_be32((unsigned char *)b.data + 68, 0x46534C31); break; /* "FSL1" */
    case TOO_NEW: put_be32((unsigned char *)b.data + 60, 99); break;
    case DAMAGED_PAGE:
        for (size_t i = 4096; i < 3 * 4096; i++) {
            b.data[i] = (char)(i * 131 + 17);
        }
        break;
    case NO_SCHEMA: /* an SQLite file of nobody: application_id and user_version 0 */
        put_be32((unsigned char *)b.data + 60, 0);
        put_be32((unsigned char *)b.data + 68, 0);
        break;
    }
    remove_db(path);
    write_file(path, b.data, b.len);
    free(b.data);
}

static void refused_files_are_left_untouched(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "refuse");
    static const struct {
        const char *what;
        Damage how;
        StoreStatus want;
    } cases[] = {
        {"not an SQLite file", NOT_SQLITE, STORE_CORRUPT},
        {"an empty file", EMPTY, STORE_CORRUPT},
        {"another program's database", FOREIGN_APP, STORE_FOREIGN},
        {"a newer mingel's database", TOO_NEW, STORE_TOO_NEW},
        {"a damaged database", DAMAGED_PAGE, STORE_CORRUPT},
        {"an SQLite database without mingel's marks", NO_SCHEMA, STORE_FOREIGN},
    };
    char target[4096], bad[4096];
    tmp_path(target, sizeof target, "refuse-target.db");
    tmp_path(bad, sizeof bad, "refuse-bad.db");
    copy_db(k.path[0], target);
    TestRandom rnd = {.state = 13};
    Store *s = open_ok(target, &rnd);
    char *before = dump_of(s);
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        make_bad(k.path[1], bad, cases[i].how);
        TestBytes was = read_file(bad);
        StoreMergeReport r = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        TestText notes = {calloc(1, 1), 0, 1}; /* "" */
        StoreStatus st = store_merge(s, bad, &r, collect_note, &notes);
        if (st != cases[i].want) {
            fail_msg("%s: got %s (%s), expected %s", cases[i].what, store_status_text(st),
                     store_last_error(s), store_status_text(cases[i].want));
        }
        /* The message names the file; nothing was noted, counted or stored. */
        assert_non_null(strstr(store_last_error(s), bad));
        assert_string_equal(notes.data, "");
        check_report(cases[i].what, r, (StoreMergeReport){0});
        char *after = dump_of(s);
        assert_string_equal(after, before);
        free(after);
        /* The other file is as it was, and nothing was created beside it. */
        TestBytes now = read_file(bad);
        assert_int_equal(now.len, was.len);
        assert_memory_equal(now.data, was.data, was.len);
        assert_false(exists_with(bad, "-wal"));
        assert_false(exists_with(bad, "-shm"));
        assert_false(exists_with(bad, "-journal"));
        free(was.data);
        free(now.data);
        free(notes.data);
    }
    /* A missing file, and this database itself. */
    char missing[4096];
    tmp_db(missing, sizeof missing, "refuse-missing.db");
    assert_int_equal(store_merge(s, missing, NULL, NULL, NULL), STORE_NOT_FOUND);
    assert_false(exists_with(missing, ""));
    assert_int_equal(store_merge(s, target, NULL, NULL, NULL), STORE_INVALID);
    char *after = dump_of(s);
    assert_string_equal(after, before);
    free(after);
    free(before);
    close_tmp_db(s, target);
    remove_db(bad);
    free_kiosks(&k);
}

/* A good kiosk file is only read: its bytes stay the same and nothing is left beside it. */
static void the_other_file_is_not_changed(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "ro");
    char target[4096];
    tmp_path(target, sizeof target, "ro-target.db");
    copy_db(k.path[0], target);
    TestBytes was = read_file(k.path[1]);
    TestRandom rnd = {.state = 14};
    Store *s = open_ok(target, &rnd);
    merge_ok(s, k.path[1], NULL);
    store_close(s);
    TestBytes now = read_file(k.path[1]);
    assert_int_equal(now.len, was.len);
    assert_memory_equal(now.data, was.data, was.len);
    assert_false(exists_with(k.path[1], "-wal"));
    assert_false(exists_with(k.path[1], "-shm"));
    free(was.data);
    free(now.data);
    remove_db(target);
    free_kiosks(&k);
}

/* ---- Files of older schemas ---------------------------------------------------------- */

/* A kiosk still at schema 1, 2 or 3 (not upgraded: it is only read) merges as it is. */
static void older_schemas_merge_as_they_are(void **state)
{
    (void)state;
    char v1[4096], v2[4096], v3[4096], target[4096];
    tmp_path(v1, sizeof v1, "old-v1.db");
    tmp_path(v2, sizeof v2, "old-v2.db");
    tmp_path(v3, sizeof v3, "old-v3.db");
    tmp_path(target, sizeof target, "old-target.db");
    db_from_sql("store_v1.sql", v1);
    db_from_sql("store_v2.sql", v2);
    db_from_sql("store_v3.sql", v3);
    /* sqlite3 leaves the fixtures checkpointed: no -wal beside them. */
    TestBytes v1_was = read_file(v1);
    remove_db(target);
    TestRandom rnd = {.state = 15};
    Store *s = open_ok(target, &rnd);
    char ev[IDS_UUID_LEN + 1];
    setup_kiosk(s, ROSTER_CSV, ev); /* drift-2026-11, as the schema-1 file's meeting */
    checkin_ticket(s, ev, "101", T0 + 100);
    TestText notes = {calloc(1, 1), 0, 1}; /* "" */
    /* Schema 1: the same meeting, Anna and Bertil on the list, a walk-in, four check-in
     * rows. Bertil's was undone there, so his check-in here stands alone. */
    StoreMergeReport r = merge_ok(s, v1, &notes);
    check_report("schema 1", r, (StoreMergeReport){.attendees = 1, .checkins = 4, .conflicts = 2});
    /* The schema-1 meeting has a start, venue, theme ... that the event file here lacks,
     * and Anna a role and her consent: conflicts, this database's details kept. The
     * settings schema 1 did not have (phases, retention_days ...) are not compared. */
    assert_non_null(strstr(notes.data, "conflict: event drift-2026-11 has another start, venue, "
                                       "theme, organiser, next_meeting in "));
    assert_non_null(strstr(notes.data, "(differing: role, consent); this database's kept"));
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, ev, "100", &a), STORE_OK);
    assert_int_equal(a.checked_in_ms, 5000);
    assert_int_equal(store_find_ticket(s, ev, "101", &a), STORE_OK);
    assert_int_equal(a.checked_in_ms, T0 + 100);
    /* Schema 2: a meeting unknown here, created with its questions and feedback. */
    r = merge_ok(s, v2, &notes);
    check_report("schema 2", r,
                 (StoreMergeReport){
                     .events = 1, .attendees = 3, .checkins = 4, .ratings = 3, .reflections = 1});
    /* Schema 3, the last before the clock: another meeting, all of it. */
    r = merge_ok(s, v3, &notes);
    check_report("schema 3", r,
                 (StoreMergeReport){
                     .events = 1, .attendees = 3, .checkins = 4, .ratings = 3, .reflections = 1});
    char *d = dump_of(s);
    assert_true(has_line(d, "event|'frukost-2025-03-13'|'Frukostmöte i Ösmo'|'2025-03-13'|"
                            "'07:30'|'Ösmo bygdegård'|'Lokal upphandling'|'Ösmo företagarförening'|"
                            "'sv'|'Nästa frukost: 10 april'|3|'Det viktigaste jag tar med mig är "
                            "…'|'The most important thing I take with me is …'|140|"
                            "'https://forms.example.org/f?event={event}&t={token}&lang={lang}'|"
                            "20|5|90"));
    assert_true(has_line(d, "question|'frukost-2025-03-13'|1|'Hur troligt är det att du "
                            "rekommenderar oss?'|'How likely are you to recommend us?'|nps|''|''"));
    /* Records of before the clock come with theirs unknown (NULL). */
    assert_true(has_line(d, "rating|'0191e0c0-0004-7000-8000-0000000f0002'|'frukost-2025-03-13'|"
                            "'tok-v2-session-1'|1|9|1741860000000|"
                            "'0191e0c0-0000-7000-8000-00000000d002'|0|NULL"));
    assert_true(has_line(d, "checkin|'0191e0c0-0003-7000-8000-0000000c1001'|"
                            "'chefsforum-2026-10'|'t:W300'|1791441070000|"
                            "'0191e0c0-0000-7000-8000-00000000d003'|NULL|NULL"));
    assert_true(has_line(d, "reflection|'0191e0c0-0005-7000-8000-0000000c3001'|"
                            "'chefsforum-2026-10'|'tok-v3-session-1'|"
                            "'Att leda på distans kräver tydliga rutiner'|1791454500000|"
                            "'0191e0c0-0000-7000-8000-00000000d003'|0|NULL"));
    assert_non_null(strstr(d, "|'Ulla Uddén'|'Uddéns Konsult'|''|''|''|walkin|0|NULL\n"));
    /* This kiosk's own check-in kept the clock it was made with (untrusted: not set). */
    char own[256];
    snprintf(own, sizeof own, "|'drift-2026-11'|'t:101'|%lld|'%s'|NULL|0\n", (long long)(T0 + 100),
             store_device_id(s));
    assert_non_null(strstr(d, own));
    /* Again: nothing new. */
    check_report("schema 1 again", merge_ok(s, v1, NULL), (StoreMergeReport){.conflicts = 2});
    check_report("schema 2 again", merge_ok(s, v2, NULL), (StoreMergeReport){0});
    check_report("schema 3 again", merge_ok(s, v3, NULL), (StoreMergeReport){0});
    char *d2 = dump_of(s);
    assert_string_equal(d, d2);
    free(d);
    free(d2);
    /* The old file was not upgraded by being read. */
    TestBytes v1_now = read_file(v1);
    assert_int_equal(v1_now.len, v1_was.len);
    assert_memory_equal(v1_now.data, v1_was.data, v1_was.len);
    free(v1_was.data);
    free(v1_now.data);
    free(notes.data);
    close_tmp_db(s, v1);
    remove_db(v2);
    remove_db(v3);
    remove_db(target);
}

/* The meeting's walkin_email comes with it into a database that lacks the meeting, and a
 * walk-in's typed address with the walk-in; files older than schema 11 bring 'never'. */
static void walkin_email_is_merged(void **state)
{
    (void)state;
    char from[4096], into[4096], v3[4096];
    tmp_db(from, sizeof from, "email-from.db");
    tmp_db(into, sizeof into, "email-into.db");
    tmp_path(v3, sizeof v3, "email-v3.db");
    db_from_sql("store_v3.sql", v3);
    TestRandom rnd = {.state = 41};
    Store *s = open_ok(from, &rnd);
    char ev[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
    char ini[sizeof EVENT_INI + 64];
    /* An [event] key: before the first question. */
    snprintf(ini, sizeof ini, "[event]\nwalkin_email = with_consent\n%s",
             EVENT_INI + strlen("[event]\n"));
    import_texts(s, ini, ROSTER_CSV, T0 - 86400000, ev);
    assert_int_equal(store_walk_in_email(s, ev, "Gustav Gäst", "Gästföretaget", "gustav@gast.se",
                                         true, T0 + 1000, id),
                     STORE_OK);
    store_close(s);

    s = open_ok(into, &rnd);
    StoreMergeReport r = merge_ok(s, from, NULL);
    assert_int_equal(r.events, 1);
    r = merge_ok(s, v3, NULL);
    assert_int_equal(r.events, 1);
    store_close(s);
    char *got = sqlite3_query(into, "SELECT key || '=' || walkin_email FROM event ORDER BY key");
    assert_non_null(strstr(got, "drift-2026-11=with_consent"));
    assert_non_null(strstr(got, "=never"));
    free(got);
    got = sqlite3_query(into, "SELECT email FROM attendee WHERE name = 'Gustav Gäst'");
    assert_string_equal(got, "gustav@gast.se");
    free(got);
    remove_db(from);
    remove_db(into);
    remove_db(v3);
}

/* A check-in from before the clock that a merge undoes: its reversal's clock is as unknown
 * as the check-in's, whatever this kiosk's clock. */
static void reversal_of_an_old_checkin_keeps_it_unknown(void **state)
{
    (void)state;
    static const char V1_ANNA[] = "0191e0c0-0003-7000-8000-0000000c0001"; /* at 5000 */
    char v1[4096], target[4096];
    tmp_path(v1, sizeof v1, "unknown-v1.db");
    tmp_path(target, sizeof target, "unknown-target.db");
    db_from_sql("store_v1.sql", v1);
    remove_db(target);
    TestRandom rnd = {.state = 16};
    Store *s = open_ok(target, &rnd);
    char ev[IDS_UUID_LEN + 1];
    setup_kiosk(s, ROSTER_CSV, ev);
    store_set_clock(s, STORE_CLOCK_SET);
    checkin_ticket(s, ev, "100", 4000); /* before the schema-1 kiosk's at 5000 */
    StoreMergeReport r = merge_ok(s, v1, NULL);
    assert_int_equal(r.double_checkins, 1);
    char rid[IDS_UUID_LEN + 1], want[512];
    expected_reversal_id(V1_ANNA, 5000, rid);
    snprintf(want, sizeof want,
             "checkin|'%s'|'drift-2026-11'|'t:100'|5000|'0191e0c0-0000-7000-8000-00000000d001'|"
             "'%s'|NULL",
             rid, V1_ANNA);
    char *d = dump_of(s);
    if (!has_line(d, want)) {
        fail_msg("no reversal with an unknown clock %s in:\n%s", want, d);
    }
    snprintf(want, sizeof want, "|'drift-2026-11'|'t:100'|4000|'%s'|NULL|3\n", store_device_id(s));
    assert_non_null(strstr(d, want)); /* the kept check-in: this kiosk's, set */
    free(d);
    close_tmp_db(s, v1);
    remove_db(target);
}

/* A kiosk's clock setting (the organiser's offset for this boot) is its own: a merge
 * never brings another kiosk's, nor changes this one's. */
static void clock_setting_is_never_merged(void **state)
{
    (void)state;
    Kiosks k;
    make_kiosks(&k, "setting");
    TestRandom rb = {.state = 21}, rt = {.state = 22};
    static const StoreClockSetting theirs = {"0f0e0d0c-0b0a-4908-8706-050403020100", -86400000,
                                             STORE_CLOCK_SET};
    static const StoreClockSetting ours = {"1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d", 0,
                                           STORE_CLOCK_CONFIRMED};
    Store *b = open_ok(k.path[1], &rb);
    assert_int_equal(store_clock_setting_put(b, &theirs), STORE_OK);
    store_close(b);
    char target[4096];
    tmp_path(target, sizeof target, "setting-target.db");
    for (int round = 0; round < 2; round++) {
        copy_db(k.path[round == 0 ? 0 : 2], target);
        Store *s = open_ok(target, &rt);
        if (round == 1) {
            assert_int_equal(store_clock_setting_put(s, &ours), STORE_OK);
        }
        merge_ok(s, k.path[1], NULL);
        StoreClockSetting got;
        StoreStatus st = store_clock_setting_get(s, &got);
        if (round == 0) {
            assert_int_equal(st, STORE_NOT_FOUND);
        } else {
            assert_int_equal(st, STORE_OK);
            assert_string_equal(got.boot_id, ours.boot_id);
            assert_int_equal(got.offset_ms, ours.offset_ms);
            assert_int_equal(got.state, ours.state);
        }
        close_tmp_db(s, target);
    }
    free_kiosks(&k);
}

int main(void)
{
    /* Times in notes and dates are local: pin the zone. */
    setenv("TZ", "Europe/Stockholm", 1);
    tzset();
    if (sodium_init() < 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_order_gives_the_same_records),
        cmocka_unit_test(merging_twice_changes_nothing),
        cmocka_unit_test(report_counts_and_an_open_kiosk),
        cmocka_unit_test(conflict_is_reported_and_this_database_kept),
        cmocka_unit_test(refused_files_are_left_untouched),
        cmocka_unit_test(the_other_file_is_not_changed),
        cmocka_unit_test(older_schemas_merge_as_they_are),
        cmocka_unit_test(walkin_email_is_merged),
        cmocka_unit_test(reversal_of_an_old_checkin_keeps_it_unknown),
        cmocka_unit_test(clock_setting_is_never_merged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
