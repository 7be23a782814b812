/* Tests for core/print against a real CUPS scheduler that the test starts itself.
 *
 * A private cupsd (Debian's cups-daemon, tests/support/cupsd.c) runs from a configuration
 * written into the test's temporary directory: it listens on a Unix socket there and on
 * one loopback TCP port, browses nothing, and has one queue, "badge", whose backend is a small
 * script that keeps each job's file in the directory its device URI names: the job that arrives is
 * compared with the badge that was sent. The queue is raw, as a queue for a label printer that
 * takes PDF would be set up with a driver; the filters are not under test here.
 *
 * Faults as at a venue: a stopped queue (jobs wait and come out once it is started
 * again), a queue that rejects jobs, a queue deleted mid-event, and the scheduler gone.
 * cupsd needs root, as the package's tests that mount or boot do: the test fails, never
 * skips, without it.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/badge.h"
#include "core/ids.h"
#include "core/print.h"
#include "cupsd.h"

static TestCups cups;
static char pdf[1200]; /* the badge sent */

static int setup(void **state)
{
    *state = &cups;
    const char *root = getenv("MINGEL_TEST_ROOT");
    test_cups_setup(&cups);

    /* The badge to print. */
    char err[256], fonts[1200];
    snprintf(fonts, sizeof fonts, "%s/fonts", root ? root : ".");
    Badge *b = badge_open(fonts, err, sizeof err);
    if (b == NULL) {
        fail_msg("%s", err);
    }
    BadgeLayout l;
    memset(&l, 0, sizeof l);
    assert_int_equal(badge_label_parse("62x100", &l.label, err, sizeof err), 0);
    l.landscape = true;
    l.fields = BADGE_FIELD_ORGANISATION;
    l.dpi = 300;
    BadgeData d = {.name = "Märta Ståhl", .organisation = "Luleå Energi"};
    snprintf(pdf, sizeof pdf, "%s/badge.pdf", cups.dir);
    assert_int_equal(badge_write_pdf(b, &l, &d, pdf, NULL, err, sizeof err), 0);
    badge_close(b);
    return 0;
}

/* The state of the queue "badge"; fails the test when print_printer does. */
static PrintPrinter badge_queue(void)
{
    char err[256] = "";
    PrintPrinter p;
    if (print_printer("badge", &p, err, sizeof err) != 0) {
        fail_msg("print_printer: %s", err);
    }
    return p;
}

/* Waits up to seconds for the job to reach a final state; returns the last state seen. */
static PrintJobState wait_final(const char *dest, int job, double seconds)
{
    PrintJob j = {0};
    char err[256];
    double until = ids_monotonic_ms() + seconds * 1000;
    while (ids_monotonic_ms() < until) {
        if (print_job(dest, job, &j, err, sizeof err) != 0) {
            fail_msg("print_job: %s", err);
        }
        if (print_job_final(j.state)) {
            break;
        }
        usleep(100 * 1000);
    }
    return j.state;
}

/* True if the captured job file is byte for byte the badge sent. */
static bool arrived_whole(int job)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/job-%d.pdf", cups.out_dir, job);
    return test_sh("cmp -s '%s' '%s'", path, pdf) == 0;
}

static void test_job_arrives_and_is_the_badge(void **state)
{
    (void)state;
    char err[256] = "";
    int job = print_submit("badge", pdf, "Märta Ståhl", err, sizeof err);
    if (job <= 0) {
        fail_msg("print_submit: %s", err);
    }
    assert_int_equal(wait_final("badge", job, 10), PRINT_JOB_COMPLETED);
    assert_true(arrived_whole(job));
    /* What a person reads on it. */
    char path[1400];
    snprintf(path, sizeof path, "%s/job-%d.pdf", cups.out_dir, job);
    assert_int_equal(test_sh("pdftotext -raw '%s' - | tr '\\n' ' ' | grep -q 'Märta Ståhl'", path),
                     0);

    PrintPrinter p = badge_queue();
    assert_true(p.found && p.accepting && !p.stopped);
}

static void test_printer_by_ipp_uri(void **state)
{
    (void)state;
    char uri[128], err[256] = "";
    snprintf(uri, sizeof uri, "ipp://127.0.0.1:%d/printers/badge", cups.port);
    int job = print_submit(uri, pdf, "by URI", err, sizeof err);
    if (job <= 0) {
        fail_msg("print_submit %s: %s", uri, err);
    }
    assert_int_equal(wait_final(uri, job, 10), PRINT_JOB_COMPLETED);
    assert_true(arrived_whole(job));
    PrintPrinter p;
    assert_int_equal(print_printer(uri, &p, err, sizeof err), 0);
    assert_true(p.found && p.accepting);
}

static void test_unknown_queue_is_said(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(print_submit("no-such-printer", pdf, "x", err, sizeof err), -1);
    assert_non_null(strstr(err, "no-such-printer"));
    assert_non_null(strstr(err, "does not exist"));
    PrintPrinter p;
    assert_int_equal(print_printer("no-such-printer", &p, err, sizeof err), 0);
    assert_false(p.found);
}

static void test_stopped_queue_keeps_the_job_until_started(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(test_sh("cupsdisable -r 'Etiketterna är slut' badge"), 0);
    PrintPrinter p = badge_queue();
    assert_true(p.found && p.stopped);
    int job = print_submit("badge", pdf, "waits", err, sizeof err);
    if (job <= 0) {
        fail_msg("a stopped queue still takes jobs: %s", err);
    }
    PrintJob j;
    usleep(500 * 1000);
    assert_int_equal(print_job("badge", job, &j, err, sizeof err), 0);
    assert_false(print_job_final(j.state));
    assert_false(arrived_whole(job));
    /* Started again, as the organiser does once the roll is changed. */
    assert_int_equal(test_sh("cupsenable badge"), 0);
    assert_int_equal(wait_final("badge", job, 10), PRINT_JOB_COMPLETED);
    assert_true(arrived_whole(job));
}

static void test_rejecting_queue_refuses_with_a_reason(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(test_sh("cupsreject badge"), 0);
    PrintPrinter p = badge_queue();
    assert_true(p.found && !p.accepting);
    assert_int_equal(print_submit("badge", pdf, "refused", err, sizeof err), -1);
    assert_non_null(strstr(err, "badge"));
    assert_int_equal(test_sh("cupsaccept badge"), 0);
}

static void test_queue_deleted_mid_event(void **state)
{
    (void)state;
    char err[256] = "";
    assert_int_equal(test_sh("cupsdisable badge"), 0);
    int job = print_submit("badge", pdf, "orphan", err, sizeof err);
    assert_true(job > 0);
    assert_int_equal(test_sh("lpadmin -x badge"), 0);
    /* The job went with its queue: a final state or unknown, never pending for ever. */
    PrintJob j;
    assert_int_equal(print_job("badge", job, &j, err, sizeof err), 0);
    assert_true(j.state == PRINT_JOB_UNKNOWN || print_job_final(j.state));
    assert_int_equal(print_submit("badge", pdf, "gone", err, sizeof err), -1);
    assert_non_null(strstr(err, "does not exist"));
    test_cups_add_queue(&cups);
}

static void test_scheduler_gone_fails_fast(void **state)
{
    (void)state;
    test_cups_stop(&cups);
    char err[256] = "";
    double t0 = ids_monotonic_ms();
    assert_int_equal(print_submit("badge", pdf, "nobody home", err, sizeof err), -1);
    double took = (ids_monotonic_ms() - t0) / 1000;
    assert_true(err[0] != '\0');
    /* Never longer than the documented timeout (and a little). */
    if (took > PRINT_TIMEOUT_MS / 1000.0 + 2) {
        fail_msg("print_submit took %.1f s with no scheduler", took);
    }
    PrintPrinter p;
    assert_int_equal(print_printer("badge", &p, err, sizeof err), -1);
    test_cups_start(&cups);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_job_arrives_and_is_the_badge),
        cmocka_unit_test(test_printer_by_ipp_uri),
        cmocka_unit_test(test_unknown_queue_is_said),
        cmocka_unit_test(test_stopped_queue_keeps_the_job_until_started),
        cmocka_unit_test(test_rejecting_queue_refuses_with_a_reason),
        cmocka_unit_test(test_queue_deleted_mid_event),
        cmocka_unit_test(test_scheduler_gone_fails_fast),
    };
    return cmocka_run_group_tests(tests, setup, test_cups_teardown);
}
