/* no_display MINGEL TMPDIR: `mingel run` where no screen can be opened.
 *
 * With no X server, no Wayland compositor and no DRM device, SDL would open its invisible
 * "offscreen" driver and the kiosk would run where nobody sees it. The test starts the
 * real program with DISPLAY, WAYLAND_DISPLAY and SDL_VIDEODRIVER unset (and a DRM device
 * index that does not exist) and checks:
 *   1. from a terminal: a message naming what was tried (X11, Wayland, KMSDRM) and exit
 *      status 69 (EX_UNAVAILABLE), within 2 s;
 *   2. under systemd (playing its part on $NOTIFY_SOCKET, as cli_watchdog does): no exit,
 *      but a STATUS= line saying it waits for a display, with EXTEND_TIMEOUT_USEC= so that
 *      systemd does not take the wait for a hung start, again at the next try (backoff);
 *   3. there, once a display appears (an X server started meanwhile), READY=1 follows.
 */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
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

/* The environment of a machine with no display at all. */
static void no_display_env(const char *tmp)
{
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    unsetenv("SDL_VIDEODRIVER");
    unsetenv("NOTIFY_SOCKET");
    unsetenv("INVOCATION_ID");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    setenv("XDG_RUNTIME_DIR", tmp, 1);          /* no compositor's socket in it */
    setenv("SDL_KMSDRM_DEVICE_INDEX", "99", 1); /* /dev/dri/card99: none */
    setenv("SDL_AUDIODRIVER", "dummy", 1);
}

/* Starts `mingel run --db TMP/NAME.db`, stderr into TMP/NAME.err. */
static pid_t start(const char *mingel, const char *tmp, const char *name)
{
    pid_t pid = fork();
    if (pid == 0) {
        char db[1024], errf[1024];
        snprintf(db, sizeof db, "%s/%s.db", tmp, name);
        snprintf(errf, sizeof errf, "%s/%s.err", tmp, name);
        int fd = open(errf, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 2);
        }
        execl(mingel, mingel, "run", "--db", db, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static bool file_has(const char *tmp, const char *name, const char *what)
{
    char path[1024], buf[8192];
    snprintf(path, sizeof path, "%s/%s.err", tmp, name);
    FILE *f = fopen(path, "r");
    if (!f) {
        return false;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strstr(buf, what) != NULL;
}

/* Waits up to ms for the child; returns its status, or -1 if it still runs. */
static int wait_for(pid_t pid, int ms)
{
    double end = now_ms() + ms;
    int status;
    while (now_ms() < end) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) {
            return status;
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return -1;
}

static void from_a_terminal(const char *mingel, const char *tmp)
{
    double t0 = now_ms();
    pid_t pid = start(mingel, tmp, "terminal");
    int status = wait_for(pid, 10000);
    double took = now_ms() - t0;
    if (status == -1) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    CHECK(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 69,
          "exit status %d, want 69 (EX_UNAVAILABLE)",
          status == -1        ? -1
          : WIFEXITED(status) ? WEXITSTATUS(status)
                              : 128 + WTERMSIG(status));
    /* The bound is the program's promise on the machine it runs on; an emulator
     * (qemu-user in the arm64 cross build) runs it several times slower, and says so. */
    const char *scale_env = getenv("MINGEL_TEST_TIME_SCALE");
    double scale = scale_env ? atof(scale_env) : 1.0;
    scale = scale >= 1.0 ? scale : 1.0;
    CHECK(took < 2000 * scale, "took %.0f ms to give up, want under %.0f s", took, 2 * scale);
    static const char *const named[] = {"no display", "X11", "Wayland", "KMSDRM"};
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        CHECK(file_has(tmp, "terminal", named[i]), "the message does not name '%s'", named[i]);
    }
    printf("terminal: exit 69 after %.0f ms\n", took);
}

static void under_systemd(const char *mingel, const char *tmp)
{
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s/notify.sock", tmp);
    unlink(addr.sun_path);
    int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || bind(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        CHECK(false, "cannot bind %s", addr.sun_path);
        return;
    }
    /* A display that is not there yet: an X server that the test starts later. */
    setenv("NOTIFY_SOCKET", addr.sun_path, 1);
    setenv("DISPLAY", ":97", 1);
    pid_t pid = start(mingel, tmp, "systemd");
    pid_t xvfb = -1;
    char msg[2048];
    int waiting = 0;
    bool ready = false;
    double t0 = now_ms();
    while (now_ms() - t0 < 20000 && !ready) {
        if (receive(sock, msg, sizeof msg, 500) < 0) {
            CHECK(wait_for(pid, 1) == -1, "the kiosk exited instead of waiting");
            continue;
        }
        if (strstr(msg, "READY=1")) {
            ready = true;
        } else if (strstr(msg, "STATUS=waiting for a display")) {
            waiting++;
            CHECK(strstr(msg, "EXTEND_TIMEOUT_USEC=") != NULL,
                  "a wait without EXTEND_TIMEOUT_USEC: systemd's start timeout would kill it: %s",
                  msg);
            CHECK(strstr(msg, "X11") != NULL, "the status does not say what was tried: %s", msg);
            /* After two tries, the display appears. */
            if (waiting == 2 && xvfb < 0) {
                xvfb = fork();
                if (xvfb == 0) {
                    int devnull = open("/dev/null", O_WRONLY);
                    dup2(devnull, 1);
                    dup2(devnull, 2);
                    execlp("Xvfb", "Xvfb", ":97", "-screen", "0", "800x480x24", "-nolisten", "tcp",
                           (char *)NULL);
                    _exit(127);
                }
            }
        }
    }
    CHECK(waiting >= 2, "%d 'waiting for a display' statuses, want at least 2", waiting);
    CHECK(ready, "no READY=1 once the display was there");
    CHECK(file_has(tmp, "systemd", "waiting for a display"), "the journal (stderr) says nothing");
    printf("systemd: %d waits, then %s\n", waiting, ready ? "READY=1" : "nothing");
    kill(pid, SIGTERM);
    if (wait_for(pid, 5000) == -1) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
    }
    if (xvfb > 0) {
        kill(xvfb, SIGTERM);
        waitpid(xvfb, NULL, 0);
    }
    close(sock);
    unlink(addr.sun_path);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: no_display MINGEL TMPDIR\n");
        return 2;
    }
    no_display_env(argv[2]);
    from_a_terminal(argv[1], argv[2]);
    under_systemd(argv[1], argv[2]);
    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
    }
    return failures ? 1 : 0;
}
