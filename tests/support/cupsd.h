/* cupsd: a private CUPS scheduler for the tests labelled cups (tests/CMakeLists.txt).
 *
 * The scheduler runs from a configuration written into a directory every user can reach
 * (tmp_path_for_all): cupsd runs the backend as the unprivileged user lp, which must reach
 * the backend, the spooled file and the output directory; a build tree under /root (0700)
 * would refuse it ("execv failed: Permission denied", the job held). Its logs go to the
 * test's own temporary directory ($MINGEL_TEST_TMP/cups-log), kept after the test. It
 * listens on a Unix socket in its tree and on one loopback TCP port, browses nothing, and
 * has one queue, "badge", whose backend is a small script that keeps each job's file in
 * the directory its device URI names (out_dir/job-N.pdf). CUPS_SERVER points libcups and
 * the lp* commands at it. cupsd needs root: without it the test fails, never skips.
 */
#ifndef MINGEL_TEST_CUPSD_H
#define MINGEL_TEST_CUPSD_H

#include <stdbool.h>
#include <sys/types.h>

typedef struct TestCups {
    char dir[1024];     /* the scheduler's tree */
    char log_dir[1024]; /* its logs */
    char out_dir[1200]; /* where the capture backend keeps jobs */
    pid_t pid;          /* cupsd, or -1 */
    int port;           /* its loopback TCP port */
} TestCups;

/* Writes the tree, starts cupsd, adds the queue "badge". */
void test_cups_setup(TestCups *c);

/* Starts cupsd (again) and waits until lpstat can talk to it. */
void test_cups_start(TestCups *c);

/* Stops cupsd; nothing when it is not running. */
void test_cups_stop(TestCups *c);

/* A cmocka group teardown for a group whose setup set *state to its TestCups: stops it.
 * Always 0. */
int test_cups_teardown(void **state);

/* (Re-)adds the queue "badge", as an organiser does with lpadmin. */
void test_cups_add_queue(TestCups *c);

/* Runs a shell command made from fmt; returns its exit status (-1 if it did not exit). */
int test_sh(const char *fmt, ...);

/* The number of job files the capture backend has kept so far. */
int test_cups_captured(const TestCups *c);

#endif
