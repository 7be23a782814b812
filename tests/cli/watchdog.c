/* watchdog MINGEL TMPDIR: the kiosk speaks systemd's notify protocol as the packaged unit
 * (Type=notify, WatchdogSec=) expects, checked by playing systemd's part.
 *
 * The test binds the datagram socket systemd would pass in $NOTIFY_SOCKET, starts the real
 * program (`mingel run --demo`, SDL's dummy driver) and reads what it sends:
 *   1. READY=1 with a STATUS= line, once the first frame is shown;
 *   2. WATCHDOG=1 keep-alives while the kiosk sits idle, never further apart than the
 *      watchdog time itself (systemd would kill it) and on average at about a third of it;
 *   3. STOPPING=1 on SIGTERM, and exit status 0;
 *   4. no keep-alives when $WATCHDOG_PID names another process (the variable was meant
 *      for a parent), or when no watchdog is set.
 * It fails if the kiosk stops sending while idle, which is what made systemd restart a
 * healthy kiosk in the first place if the event loop slept without a deadline.
 */
#include "harness.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WATCHDOG_MS 900 /* what the test asks for: the kiosk must ping every 300 ms */

typedef struct Kiosk {
    pid_t pid;
    int sock;
} Kiosk;

/* Starts the kiosk with $NOTIFY_SOCKET pointing at a fresh socket. watchdog_usec NULL:
 * no watchdog; watchdog_pid NULL: $WATCHDOG_PID unset. */
static Kiosk start(const char *mingel, const char *tmp, const char *name, const char *watchdog_usec,
                   const char *watchdog_pid)
{
    Kiosk k = {.pid = -1, .sock = -1};
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s/%s.sock", tmp, name);
    unlink(addr.sun_path);
    k.sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (k.sock < 0 || bind(k.sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("notify socket");
        exit(1);
    }
    char db[4096];
    snprintf(db, sizeof db, "%s/%s.db", tmp, name);
    k.pid = fork();
    if (k.pid == 0) {
        setenv("NOTIFY_SOCKET", addr.sun_path, 1);
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        unsetenv("WATCHDOG_USEC");
        unsetenv("WATCHDOG_PID");
        if (watchdog_usec) {
            setenv("WATCHDOG_USEC", watchdog_usec, 1);
        }
        if (watchdog_pid) {
            setenv("WATCHDOG_PID", watchdog_pid, 1);
        }
        if (!freopen("/dev/null", "w", stderr)) {
            _exit(126);
        }
        execl(mingel, mingel, "run", "--demo", "--db", db, (char *)NULL);
        _exit(127);
    }
    return k;
}

/* SIGTERM, then the kiosk's exit status (-1 if it did not exit normally within 10 s). */
static int stop(Kiosk *k, bool expect_stopping)
{
    kill(k->pid, SIGTERM);
    char buf[512];
    bool stopping = false;
    double until = now_ms() + 10000;
    while (!stopping && now_ms() < until) {
        if (receive(k->sock, buf, sizeof buf, 200) > 0 && strstr(buf, "STOPPING=1")) {
            stopping = true;
        }
        int status;
        if (waitpid(k->pid, &status, WNOHANG) == k->pid) {
            /* Drain what was sent just before exiting. */
            while (receive(k->sock, buf, sizeof buf, 0) > 0) {
                stopping = stopping || strstr(buf, "STOPPING=1");
            }
            if (expect_stopping) {
                CHECK(stopping, "no STOPPING=1 before exit");
            }
            close(k->sock);
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
    }
    int status = 0;
    for (int i = 0; i < 100; i++) {
        if (waitpid(k->pid, &status, WNOHANG) == k->pid) {
            if (expect_stopping) {
                CHECK(stopping, "no STOPPING=1 before exit");
            }
            close(k->sock);
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        usleep(100 * 1000);
    }
    kill(k->pid, SIGKILL);
    waitpid(k->pid, &status, 0);
    close(k->sock);
    return -1;
}

/* Waits for READY=1 (30 s: a sanitizer build starts slowly). Returns true if it came. */
static bool wait_ready(Kiosk *k)
{
    char buf[512];
    double until = now_ms() + 30000;
    while (now_ms() < until) {
        if (receive(k->sock, buf, sizeof buf, 500) <= 0) {
            continue;
        }
        if (strstr(buf, "READY=1")) {
            CHECK(strstr(buf, "STATUS=") != NULL, "READY=1 without a STATUS= line: '%s'", buf);
            return true;
        }
    }
    return false;
}

/* Counts WATCHDOG=1 messages during ms; the largest gap between two goes into max_gap. */
static int count_alive(Kiosk *k, int ms, double *max_gap)
{
    char buf[512];
    int n = 0;
    double last = now_ms(), end = last + ms;
    *max_gap = 0;
    for (double t = now_ms(); t < end; t = now_ms()) {
        if (receive(k->sock, buf, sizeof buf, (int)(end - t) + 1) <= 0) {
            continue;
        }
        if (!strstr(buf, "WATCHDOG=1")) {
            continue;
        }
        double at = now_ms();
        if (n > 0 && at - last > *max_gap) {
            *max_gap = at - last;
        }
        last = at;
        n++;
    }
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: watchdog MINGEL TMPDIR\n");
        return 2;
    }
    const char *mingel = argv[1], *tmp = argv[2];
    char usec[32];
    snprintf(usec, sizeof usec, "%d", WATCHDOG_MS * 1000);

    /* 1-3: the watchdog as the unit sets it up (WATCHDOG_PID is the kiosk's own pid when
     * systemd starts it directly; unset is equivalent). */
    Kiosk k = start(mingel, tmp, "with-watchdog", usec, NULL);
    CHECK(wait_ready(&k), "no READY=1 within 30 s");
    double gap;
    int n = count_alive(&k, 3000, &gap);
    printf("watchdog %d ms: %d keep-alives in 3 s while idle, largest gap %.0f ms\n", WATCHDOG_MS,
           n, gap);
    CHECK(n >= 6, "only %d keep-alives in 3 s (expected about 10)", n);
    CHECK(gap < WATCHDOG_MS, "a gap of %.0f ms between keep-alives: systemd would kill it", gap);
    int rc = stop(&k, true);
    CHECK(rc == 0, "exit status %d after SIGTERM", rc);

    /* 4a: WATCHDOG_PID names someone else: the variable is not for us. */
    k = start(mingel, tmp, "other-pid", usec, "1");
    CHECK(wait_ready(&k), "no READY=1 within 30 s (other pid)");
    n = count_alive(&k, 1500, &gap);
    CHECK(n == 0, "%d keep-alives although WATCHDOG_PID is another process", n);
    rc = stop(&k, true);
    CHECK(rc == 0, "exit status %d after SIGTERM (other pid)", rc);

    /* 4b: no watchdog at all: nothing but READY and STOPPING. */
    k = start(mingel, tmp, "no-watchdog", NULL, NULL);
    CHECK(wait_ready(&k), "no READY=1 within 30 s (no watchdog)");
    n = count_alive(&k, 1500, &gap);
    CHECK(n == 0, "%d keep-alives with no watchdog set", n);
    rc = stop(&k, true);
    CHECK(rc == 0, "exit status %d after SIGTERM (no watchdog)", rc);

    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("ok\n");
    return 0;
}
