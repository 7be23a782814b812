/* Tests for the kiosk's badge printing (core/printq with the flow and the store) against a
 * real CUPS scheduler the test starts itself (tests/support/cupsd.h: a queue "badge" whose
 * backend keeps each job's file).
 *
 * The kiosk is driven as the tests drive it elsewhere: a Flow on a real database file,
 * check-ins by ticket scan. The worker runs on its own thread with short poll intervals;
 * the test waits for conditions (a job captured, a state in the store) in bounded loops of
 * generous length, never for a time: the worker's speed is mingel-bench's business.
 *
 * Cases: a check-in prints one badge with the person's name on it; checked in again, no
 * second; a reprint, a second; a queue that rejects jobs: the job is recorded failed, the
 * kiosk greets the next person, and the badge comes out once the queue takes jobs again;
 * a stopped queue keeps the job until started; a job queued while no worker ran (a
 * restart) is sent when one starts; a running queue keeps no files in TMPDIR between
 * jobs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/flow.h"
#include "core/printq.h"
#include "core/store.h"
#include "cupsd.h"
#include "support.h"

#define WAIT_S 60.0 /* the bound on any wait: far beyond what a round takes */

static const char INI[] = "[event]\ntitle = Nätverksträff\ndate = 2026-11-26\n"
                          "[badge]\nprinter = badge\nlabel = 62x100\n"
                          "fields = organisation\n";
static const char CSV[] = "name;organisation;ticket\n"
                          "Märta Ståhl;Luleå Energi;T1\n"
                          "Örjan Andersson-Öhman;Kiruna kommun;T2\n"
                          "Åsa Berg;Piteå Hamn;T3\n"
                          "Zlatan Zetterlund;Boden AB;T4\n"
                          "Eva Ek;Arvidsjaur;T5\n"
                          "Per Persson;Gällivare;T6\n";

static TestCups cups;
static char db_path[1024], fonts_dir[1200];
static char event_id[IDS_UUID_LEN + 1];

/* The kiosk: a store, its flow, and the worker. */
typedef struct Kiosk {
    Store *st;
    Flow *flow;
    PrintQueue *q;
} Kiosk;

static void kiosk_open(Kiosk *k, bool worker)
{
    memset(k, 0, sizeof *k);
    char err[256];
    if (store_open(db_path, ids_os_random, NULL, &k->st, err, sizeof err) != STORE_OK) {
        fail_msg("store_open: %s", err);
    }
    if (worker) {
        PrintQueueConfig pc = printq_default_config();
        pc.db_path = db_path;
        pc.fonts_dir = fonts_dir;
        pc.poll_ms = 100;
        pc.idle_ms = 200;
        pc.retry_ms = 100;
        k->q = printq_start(&pc, err, sizeof err);
        if (k->q == NULL) {
            fail_msg("printq_start: %s", err);
        }
    }
    FlowConfig cfg = flow_default_config();
    cfg.printq = k->q;
    k->flow = flow_new(k->st, &cfg, ids_now_ms(), err, sizeof err);
    if (k->flow == NULL) {
        fail_msg("flow_new: %s", err);
    }
}

static void kiosk_close(Kiosk *k)
{
    printq_stop(k->q);
    flow_badge_poll(k->flow, ids_now_ms()); /* what the worker did last, into the store */
    flow_free(k->flow);
    printq_free(k->q);
    store_close(k->st);
}

static StoreBadgeJob latest_job(Kiosk *k, const char *code)
{
    StoreAttendee a;
    assert_int_equal(store_find_ticket(k->st, event_id, code, &a), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(k->st, a.id, &j), STORE_OK);
    return j;
}

/* Lets the kiosk take the worker's results in until the job of ticket code is in state
 * (and, for done, until that many files have arrived). Fails naming what it saw. */
static StoreBadgeJob wait_job(Kiosk *k, const char *code, StoreBadgeState state, int captured)
{
    double until = ids_monotonic_ms() + WAIT_S * 1000;
    StoreBadgeJob j;
    for (;;) {
        flow_badge_poll(k->flow, ids_now_ms());
        j = latest_job(k, code);
        if (j.state == state && (captured < 0 || test_cups_captured(&cups) >= captured)) {
            return j;
        }
        if (ids_monotonic_ms() > until) {
            fail_msg("%s: badge job in state %d (wanted %d), %d files captured (wanted %d), "
                     "reason \"%s\"",
                     code, (int)j.state, (int)state, test_cups_captured(&cups), captured, j.reason);
        }
        usleep(50 * 1000);
    }
}

static void scan_greets(Kiosk *k, const char *code)
{
    flow_scan(k->flow, code, ids_now_ms());
    const FlowView *v = flow_view(k->flow);
    assert_int_equal(v->screen, FLOW_GREETING);
    flow_act(k->flow, FLOW_ACT_DONE, 0, ids_now_ms());
}

/* The text of the job file CUPS got for job id. */
static bool captured_says(int job, const char *text)
{
    return test_sh("pdftotext -raw '%s/job-%d.pdf' - | tr '\\n' ' ' | grep -q '%s'", cups.out_dir,
                   job, text) == 0;
}

static int setup(void **state)
{
    *state = &cups;
    test_cups_setup(&cups);
    const char *root = getenv("MINGEL_TEST_ROOT");
    snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", root ? root : ".");
    tmp_path(db_path, sizeof db_path, "printq.db");
    Store *s = fresh_store(db_path, ids_os_random, NULL);
    import_texts(s, INI, CSV, ids_now_ms(), event_id);
    store_close(s);
    return 0;
}

static void test_checkin_prints_the_badge_once(void **state)
{
    (void)state;
    Kiosk k;
    kiosk_open(&k, true);
    int before = test_cups_captured(&cups);
    flow_scan(k.flow, "T1", ids_now_ms());
    const FlowView *v = flow_view(k.flow);
    assert_int_equal(v->screen, FLOW_GREETING);
    assert_true(v->badge_pickup);
    StoreBadgeJob j = wait_job(&k, "T1", STORE_BADGE_DONE, before + 1);
    assert_true(j.cups_job > 0);
    assert_int_equal(j.tries, 1);
    assert_int_equal(test_cups_captured(&cups), before + 1);
    assert_true(captured_says(j.cups_job, "Märta Ståhl"));
    assert_true(captured_says(j.cups_job, "Luleå Energi"));

    /* Scanned again: already in, and no second badge. */
    flow_act(k.flow, FLOW_ACT_DONE, 0, ids_now_ms());
    flow_scan(k.flow, "T1", ids_now_ms());
    assert_int_equal(flow_view(k.flow)->screen, FLOW_ALREADY);
    assert_false(flow_view(k.flow)->badge_pickup);
    StoreBadgeCounts c;
    assert_int_equal(store_badge_counts(k.st, event_id, &c), STORE_OK);
    assert_int_equal(c.queued + c.sent + c.failed, 0);
    assert_int_equal(c.done, 1);

    /* A reprint, asked for: a second badge. */
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_badge_reprint(k.st, event_id, j.attendee_id, ids_now_ms(), id),
                     STORE_OK);
    printq_wake(k.q);
    StoreBadgeJob again = wait_job(&k, "T1", STORE_BADGE_DONE, before + 2);
    assert_string_equal(again.id, id);
    assert_int_not_equal(again.cups_job, j.cups_job);
    assert_true(captured_says(again.cups_job, "Märta Ståhl"));
    kiosk_close(&k);
}

/* A kiosk that prints badges, opened, then its badge queue changed by a CUPS command
 * (which must succeed); returns the count of jobs the printer has captured by then. */
static int open_with_queue(Kiosk *k, const char *cups_command)
{
    kiosk_open(k, true);
    assert_int_equal(test_sh(cups_command), 0);
    return test_cups_captured(&cups);
}

/* The staff's note about the printer comes to say `says` within WAIT_S (the kiosk polls
 * the queue as its loop does). */
static void expect_badge_problem(Kiosk *k, const char *says)
{
    double until = ids_monotonic_ms() + WAIT_S * 1000;
    while (strstr(flow_view(k->flow)->badge_problem, says) == NULL && ids_monotonic_ms() < until) {
        flow_badge_poll(k->flow, ids_now_ms());
        usleep(50 * 1000);
    }
    assert_non_null(strstr(flow_view(k->flow)->badge_problem, says));
}

static void test_rejecting_queue_fails_quietly_then_prints(void **state)
{
    (void)state;
    Kiosk k;
    int before = open_with_queue(&k, "cupsreject -r 'Etiketterna är slut' badge");
    scan_greets(&k, "T2");
    StoreBadgeJob j = wait_job(&k, "T2", STORE_BADGE_FAILED, -1);
    assert_non_null(strstr(j.reason, "badge"));
    assert_true(j.tries >= 1);
    /* The staff's note names the trouble; the kiosk greets the next person calmly. */
    expect_badge_problem(&k, "does not take jobs");
    flow_scan(k.flow, "T3", ids_now_ms());
    const FlowView *v = flow_view(k.flow);
    assert_int_equal(v->screen, FLOW_GREETING);
    assert_true(v->badge_pickup);
    assert_true(v->badge_at_reception);
    flow_act(k.flow, FLOW_ACT_DONE, 0, ids_now_ms());
    assert_int_equal(test_cups_captured(&cups), before);

    /* Labels in, queue open: both come out, once each. */
    assert_int_equal(test_sh("cupsaccept badge"), 0);
    StoreBadgeJob a = wait_job(&k, "T2", STORE_BADGE_DONE, -1);
    StoreBadgeJob b = wait_job(&k, "T3", STORE_BADGE_DONE, before + 2);
    assert_true(captured_says(a.cups_job, "Andersson"));
    assert_true(captured_says(b.cups_job, "Åsa Berg"));
    assert_int_equal(test_cups_captured(&cups), before + 2);
    kiosk_close(&k);
}

static void test_stopped_queue_keeps_the_job_until_started(void **state)
{
    (void)state;
    Kiosk k;
    int before = open_with_queue(&k, "cupsdisable -r 'Locket är öppet' badge");
    scan_greets(&k, "T4");
    /* CUPS takes it and holds it: sent, not printed. */
    StoreBadgeJob j = wait_job(&k, "T4", STORE_BADGE_SENT, -1);
    assert_true(j.cups_job > 0);
    expect_badge_problem(&k, "stopped");
    assert_int_equal(test_cups_captured(&cups), before);
    assert_int_equal(test_sh("cupsenable badge"), 0);
    j = wait_job(&k, "T4", STORE_BADGE_DONE, before + 1);
    assert_true(captured_says(j.cups_job, "Zetterlund"));
    kiosk_close(&k);
}

static void test_job_queued_before_a_restart_is_sent(void **state)
{
    (void)state;
    int before = test_cups_captured(&cups);
    /* A kiosk without its worker (as if it died before sending): the job waits. */
    Kiosk k;
    kiosk_open(&k, false);
    scan_greets(&k, "T5");
    assert_int_equal(latest_job(&k, "T5").state, STORE_BADGE_QUEUED);
    kiosk_close(&k);
    /* Started again, with the worker. */
    kiosk_open(&k, true);
    StoreBadgeJob j = wait_job(&k, "T5", STORE_BADGE_DONE, before + 1);
    assert_true(captured_says(j.cups_job, "Eva Ek"));
    assert_int_equal(test_cups_captured(&cups), before + 1);
    kiosk_close(&k);
}

/* The files on their way to CUPS live only while a job is sent: a running queue, before
 * and after a job, keeps nothing in TMPDIR, so a kiosk that dies (kill -9, its X server
 * gone) leaves nothing there either. */
static void test_running_queue_keeps_nothing_in_tmpdir(void **state)
{
    (void)state;
    char dir[4096];
    tmp_path(dir, sizeof dir, "printq-tmpdir");
    fresh_dir(dir);
    const char *old = getenv("TMPDIR");
    char *saved = old ? strdup(old) : NULL;
    assert_int_equal(setenv("TMPDIR", dir, 1), 0);
    int before = test_cups_captured(&cups);
    Kiosk k;
    kiosk_open(&k, true);
    if (saved) {
        setenv("TMPDIR", saved, 1);
        free(saved);
    } else {
        unsetenv("TMPDIR");
    }
    /* ls prints what is there; grep finds a line only if something is. */
    if (test_sh("ls -A '%s' | grep . >&2", dir) == 0) {
        fail_msg("the running queue keeps the entries above in its TMPDIR %s", dir);
    }
    scan_greets(&k, "T6");
    StoreBadgeJob j = wait_job(&k, "T6", STORE_BADGE_DONE, before + 1);
    assert_true(captured_says(j.cups_job, "Per Persson"));
    if (test_sh("ls -A '%s' | grep . >&2", dir) == 0) {
        fail_msg("after its job, the queue keeps the entries above in its TMPDIR %s", dir);
    }
    kiosk_close(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin_prints_the_badge_once),
        cmocka_unit_test(test_rejecting_queue_fails_quietly_then_prints),
        cmocka_unit_test(test_stopped_queue_keeps_the_job_until_started),
        cmocka_unit_test(test_job_queued_before_a_restart_is_sent),
        cmocka_unit_test(test_running_queue_keeps_nothing_in_tmpdir),
    };
    return cmocka_run_group_tests(tests, setup, test_cups_teardown);
}
