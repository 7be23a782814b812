/* launch: the figures that need the real program, or the kiosk, as a process of its own.
 *
 * launch.*  `mingel run --db D --size WxH` is forked and executed with
 *           MINGEL_EXIT_AFTER_FIRST_FRAME=1, which makes it print "first-frame-ms N" on
 *           stderr once its first frame is presented, and exit (app/main.c). The figure is
 *           the time from just before fork() to reading that line: exec, dynamic linking,
 *           SDL and the window, fonts and icons, the database and its 10,000 attendees,
 *           the first frame. The peak resident memory at that point comes from wait4().
 * memory.*  a fresh process (this program, --child-session) runs the kiosk through a
 *           scripted session and reports its VmHWM; and VmHWM of `mingel run` left idle.
 * idle.*    `mingel run` waits on a screen with nothing happening: after 2 s, its CPU time
 *           is sampled every second for 10 s. Only where SDL_WaitEvent really sleeps (an X
 *           window, the console): the dummy driver polls (DESIGN.md), so no dummy row.
 * scan.*    `mingel run` (10,000 attendees) in an X window with MINGEL_BENCH_SCANS=1:
 *           xdotool types ticket codes and Enter 8 ms a key, as a USB scanner does, each
 *           onto the greeting of the one before; the kiosk prints "scan-frame-ms N" once
 *           the scanned person's greeting is presented, N from the Enter's own event
 *           timestamp (as read from the X server): recognising the scan, the durable
 *           check-in (one fsync) and the frame.
 *
 * Each video setup (bench.h, --video) gets its own rows. Xvfb is started once, on first
 * use, with -displayfd so that it picks a free display itself (as tests/e2e/checkin.sh
 * does), and stopped at the end. Children get their environment as an array built
 * before fork(), so nothing but exec runs in the child.
 */
#include "bench/bench.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define ENV_MAX 256

/* ---- Children ---------------------------------------------------------------------- */

/* An environment: the bench's own, minus the variables set or cleared here. */
typedef struct Env {
    char *var[ENV_MAX];
    size_t count;
    char own[8][BENCH_PATH_MAX + 64]; /* storage for the variables set here */
    size_t owned;
} Env;

static void env_init(Env *e)
{
    static const char *const DROP[] = {
        "SDL_VIDEODRIVER=", "DISPLAY=", "MINGEL_EXIT_AFTER_FIRST_FRAME=", "MINGEL_DEBUG_TARGETS=",
        "SDL_RENDER_DRIVER="};
    e->count = e->owned = 0;
    for (char **p = environ; *p && e->count < ENV_MAX - 9; p++) {
        bool drop = false;
        for (size_t i = 0; i < sizeof DROP / sizeof DROP[0]; i++) {
            drop |= strncmp(*p, DROP[i], strlen(DROP[i])) == 0;
        }
        if (!drop) {
            e->var[e->count++] = *p;
        }
    }
    e->var[e->count] = NULL;
}

static void env_set(Env *e, const char *name, const char *value)
{
    if (e->owned == sizeof e->own / sizeof e->own[0]) {
        return;
    }
    char *v = e->own[e->owned++];
    snprintf(v, sizeof e->own[0], "%s=%s", name, value);
    e->var[e->count++] = v;
    e->var[e->count] = NULL;
}

/* The video setup: its SDL driver and, for X, the display. */
static void env_video(Env *e, const BenchVideo *v, const char *display)
{
    env_set(e, "SDL_VIDEODRIVER", v->driver);
    if (display) {
        env_set(e, "DISPLAY", display);
    }
}

/* Starts argv[0] with env. Its output stream `which` (1 or 2) goes into a pipe whose read
 * end is stored in *fd, unless fd is NULL; its other output goes to /dev/null, except that
 * stderr stays the bench's own when stdout is piped (a child's complaint is seen). Returns
 * the pid, or -1. */
static pid_t spawn(char *const argv[], char *const env[], int *fd, int which)
{
    int p[2] = {-1, -1};
    if (fd && pipe(p) != 0) {
        return -1;
    }
    if (fd) {
        /* Only the copy made with dup2 below reaches the child's program, so that no other
         * child holds this pipe open and its reader sees EOF when the child is gone. */
        fcntl(p[0], F_SETFD, FD_CLOEXEC);
        fcntl(p[1], F_SETFD, FD_CLOEXEC);
    }
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        dup2(null, 0);
        dup2(fd && which == 1 ? p[1] : null, 1);
        if (!fd || which == 2) {
            dup2(fd ? p[1] : null, 2);
        }
        execve(argv[0], argv, env);
        _exit(127);
    }
    if (fd) {
        close(p[1]);
        if (pid < 0) {
            close(p[0]);
        } else {
            *fd = p[0];
        }
    }
    return pid;
}

/* Reads fd until a line starting with `prefix` arrives (copied into line), EOF, or
 * timeout_ms. Returns 0 when the line came. What else was read is kept in log. */
static int wait_line(int fd, const char *prefix, int timeout_ms, char *line, size_t cap, char *log,
                     size_t logcap)
{
    size_t used = strlen(log);
    int64_t end = bench_ns() + (int64_t)timeout_ms * 1000000;
    for (;;) {
        for (char *at = strstr(log, prefix); at && *at; at = strstr(at + 1, prefix)) {
            if ((at == log || at[-1] == '\n') && strchr(at, '\n')) {
                size_t n = strcspn(at, "\n");
                snprintf(line, cap, "%.*s", (int)n, at);
                return 0;
            }
        }
        int left = (int)((end - bench_ns()) / 1000000);
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (left <= 0 || poll(&pfd, 1, left) <= 0) {
            return -1;
        }
        if (used + 1 >= logcap) {
            used = 0; /* a flood of messages: keep the latest */
        }
        ssize_t n = read(fd, log + used, logcap - 1 - used);
        if (n <= 0) {
            return -1;
        }
        used += (size_t)n;
        log[used] = '\0';
    }
}

/* Reads what is left until EOF (so the child never blocks writing) and closes fd. */
static void drain(int fd)
{
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0) {
    }
    close(fd);
}

/* ---- The private X display ------------------------------------------------------------- */

static bool in_path(const char *prog, char *out, size_t cap)
{
    const char *path = getenv("PATH");
    if (!path) {
        path = "/usr/bin:/bin";
    }
    while (*path) {
        size_t n = strcspn(path, ":");
        snprintf(out, cap, "%.*s/%s", (int)n, path, prog);
        if (access(out, X_OK) == 0) {
            return true;
        }
        path += n + (path[n] == ':');
    }
    return false;
}

const char *bench_display(Bench *b)
{
    if (b->x_tried) {
        return b->display[0] ? b->display : NULL;
    }
    b->x_tried = true;
    char xvfb[BENCH_PATH_MAX];
    if (!in_path("Xvfb", xvfb, sizeof xvfb)) {
        bench_log("Xvfb is not installed: the X11 figures are n/a");
        return NULL;
    }
    int p[2];
    if (pipe(p) != 0) {
        return NULL;
    }
    char fd[16];
    snprintf(fd, sizeof fd, "%d", p[1]);
    char *argv[] = {xvfb,           "-displayfd", fd,    "-screen",  "0",
                    "1920x1080x24", "-nolisten",  "tcp", "-noreset", NULL};
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        int null = open("/dev/null", O_RDWR | O_CLOEXEC);
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        execv(argv[0], argv);
        _exit(127);
    }
    close(p[1]);
    if (pid < 0) {
        close(p[0]);
        return NULL;
    }
    /* Xvfb writes the display number once it accepts connections. */
    char num[16] = "", log[64] = "";
    if (wait_line(p[0], "", 15000, num, sizeof num, log, sizeof log) != 0 || !num[0]) {
        bench_log("Xvfb did not start: the X11 figures are n/a");
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
        close(p[0]);
        return NULL;
    }
    close(p[0]);
    b->xvfb_pid = pid;
    snprintf(b->display, sizeof b->display, ":%d", atoi(num));
    bench_log("Xvfb on %s (1920x1080x24)", b->display);
    return b->display;
}

void bench_stop_display(Bench *b)
{
    if (b->xvfb_pid > 0) {
        kill(b->xvfb_pid, SIGTERM);
        waitpid(b->xvfb_pid, NULL, 0);
        b->xvfb_pid = 0;
        b->display[0] = '\0';
    }
}

/* ---- Launch to first frame -------------------------------------------------------------- */

static const char *const SIZES[] = {"800x480", "1280x800", "1920x1080"};
enum { SIZE_COUNT = sizeof SIZES / sizeof SIZES[0] };

typedef struct Launch {
    double ms;        /* fork to the line on the pipe */
    double inproc_ms; /* what the program measured itself, from the start of `run` */
    double rss_mb;    /* peak resident memory at exit (just after the first frame) */
} Launch;

static int launch_once(const Bench *b, const char *db, const char *size, const BenchVideo *v,
                       const char *display, Launch *out)
{
    Env env;
    env_init(&env);
    env_video(&env, v, display);
    env_set(&env, "MINGEL_EXIT_AFTER_FIRST_FRAME", "1");
    char *argv[] = {(char *)b->mingel, "run",        "--db",          (char *)db,
                    "--size",          (char *)size, "--accelerated", NULL};
    if (!b->accelerated) {
        argv[6] = NULL;
    }

    int fd = -1;
    int64_t t0 = bench_ns();
    pid_t pid = spawn(argv, env.var, &fd, 2);
    if (pid < 0) {
        bench_log("cannot start %s: %s", b->mingel, strerror(errno));
        return -1;
    }
    char line[256], log[8192] = "";
    int got = wait_line(fd, "first-frame-ms ", 30000, line, sizeof line, log, sizeof log);
    int64_t t1 = bench_ns();
    if (got != 0) {
        kill(pid, SIGKILL);
    }
    drain(fd);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    wait4(pid, &status, 0, &ru);
    if (got != 0) {
        bench_log("`mingel run --size %s` (%s) showed no first frame; it said:\n%s", size, v->name,
                  log);
        return -1;
    }
    out->ms = bench_ms(t0, t1);
    out->inproc_ms = atof(line + strlen("first-frame-ms "));
    out->rss_mb = (double)ru.ru_maxrss * 1024.0 / 1e6;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        bench_log("`mingel run --size %s` exited with status %d after its first frame", size,
                  WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    }
    return 0;
}

/* One row: a warm-up run (the program and its libraries into the page cache), then reps. */
static void launch_row(Bench *b, const char *name, const char *db, const char *size,
                       const BenchVideo *v, const char *display, int reps, const char *what)
{
    double ms[32], inproc[32], rss[32];
    Launch l;
    if (!db || launch_once(b, db, size, v, display, &l) != 0) {
        exit(70);
    }
    for (int i = 0; i < reps; i++) {
        if (launch_once(b, db, size, v, display, &l) != 0) {
            exit(70);
        }
        ms[i] = l.ms;
        inproc[i] = l.inproc_ms;
        rss[i] = l.rss_mb;
    }
    bench_add(b, name, "ms", ms, (size_t)reps, false,
              "fork+exec to first present, %s; in-process %.1f ms; peak RSS %.1f MB", what,
              bench_median(inproc, (size_t)reps), bench_median(rss, (size_t)reps));
}

void bench_launch(Bench *b)
{
    if (!bench_wants(b, "launch")) {
        return;
    }
    bench_log("launch: mingel run to its first frame");
    const int reps = b->quick ? 3 : 15;
    char name[BENCH_NAME_MAX], label[32];
    for (size_t i = 0; i < b->videos; i++) {
        const BenchVideo *v = b->video[i];
        const char *display, *why;
        bench_label(b, v, label);
        bool ready = bench_video_ready(b, v, &display, &why) == 0;
        for (int s = 0; s < SIZE_COUNT; s++) {
            snprintf(name, sizeof name, "launch.%s.%s", label, SIZES[s]);
            if (!bench_wants(b, name)) {
                continue;
            }
            if (!ready) {
                bench_add_na(b, name, "ms", "%s", why);
                continue;
            }
            launch_row(b, name, bench_db10k(b), SIZES[s], v, display, reps, "10,000 attendees");
        }
    }
    /* The largest event worth planning for, on the first setup at the design's size. */
    const char *display, *why;
    const BenchVideo *v = b->video[0];
    bench_label(b, v, label);
    snprintf(name, sizeof name, "launch.%s.1280x800.100k", label);
    if (bench_wants(b, name)) {
        if (bench_video_ready(b, v, &display, &why) != 0) {
            bench_add_na(b, name, "ms", "%s", why);
        } else {
            launch_row(b, name, bench_db100k(b), "1280x800", v, display, b->quick ? 2 : 5,
                       "100,000 attendees");
        }
    }
}

/* ---- Peak memory after a scripted session ------------------------------------------------ */

/* Runs one session child on a fresh copy of the 10,000-attendee meeting. Returns 0 and
 * the child's report line in line. */
static int session_once(Bench *b, const char *size, const BenchVideo *v, const char *display,
                        char *line, size_t cap)
{
    char db[BENCH_PATH_MAX];
    const char *db10k = bench_db10k(b);
    bench_tmp_path(b, "session.db", db);
    if (!db10k || bench_copy_file(db10k, db) != 0) {
        return -1;
    }
    Env env;
    env_init(&env);
    env_video(&env, v, display);
    char *argv[] = {b->self,      "--child-session", db,
                    (char *)size, b->data_dir,       b->accelerated ? "accelerated" : "software",
                    NULL};
    int fd = -1;
    pid_t pid = spawn(argv, env.var, &fd, 1);
    if (pid < 0) {
        return -1;
    }
    char log[4096] = "";
    int got = wait_line(fd, "vmhwm-kb ", 120000, line, cap, log, sizeof log);
    if (got != 0) {
        kill(pid, SIGKILL);
    }
    drain(fd);
    int status = 0;
    waitpid(pid, &status, 0);
    bench_remove_db(db);
    if (got != 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        bench_log("the session child (%s, %s) failed (status %d)", size, v->name,
                  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return -1;
    }
    return 0;
}

void bench_memory(Bench *b)
{
    if (!bench_wants(b, "memory.session")) {
        return;
    }
    bench_log("memory: peak resident memory after a scripted session");
    const int reps = b->quick ? 1 : 3;
    for (size_t i = 0; i < b->videos; i++) {
        const BenchVideo *v = b->video[i];
        const char *display, *why;
        char label[32];
        bench_label(b, v, label);
        bool ready = bench_video_ready(b, v, &display, &why) == 0;
        for (int s = 0; s < SIZE_COUNT; s++) {
            char name[BENCH_NAME_MAX];
            snprintf(name, sizeof name, "memory.session.%s.%s", label, SIZES[s]);
            if (!bench_wants(b, name)) {
                continue;
            }
            if (!ready) {
                bench_add_na(b, name, "MB", "%s", why);
                continue;
            }
            double hwm[8], rss[8];
            long frames = 0, texts = 0, text_kb = 0;
            for (int r = 0; r < reps; r++) {
                char line[256];
                long h = 0, k = 0;
                if (session_once(b, SIZES[s], v, display, line, sizeof line) != 0 ||
                    sscanf(line, "vmhwm-kb %ld vmrss-kb %ld frames %ld texts %ld text-kb %ld", &h,
                           &k, &frames, &texts, &text_kb) != 5) {
                    exit(70);
                }
                hwm[r] = (double)h * 1024.0 / 1e6;
                rss[r] = (double)k * 1024.0 / 1e6;
            }
            bench_add(b, name, "MB", hwm, (size_t)reps, false,
                      "VmHWM, 10,000 attendees, 8 check-ins + walk-in + feedback (%ld frames); "
                      "RSS at end %.1f MB; %ld texts cached, %ld kB",
                      frames, bench_median(rss, (size_t)reps), texts, text_kb);
        }
    }
}

/* ---- Idle CPU ----------------------------------------------------------------------------- */

/* CPU time of every thread of pid, in nanoseconds (schedstat), plus utime+stime in clock
 * ticks (stat) and context switches. Returns -1 once the process is gone. */
typedef struct CpuSample {
    int64_t run_ns;
    long ticks;
    long switches;
} CpuSample;

static int cpu_sample(pid_t pid, CpuSample *out)
{
    char path[128];
    memset(out, 0, sizeof *out);
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d) {
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char p[300];
        long long run = 0;
        snprintf(p, sizeof p, "/proc/%d/task/%s/schedstat", (int)pid, e->d_name);
        FILE *f = fopen(p, "r");
        if (f) {
            if (fscanf(f, "%lld", &run) == 1) {
                out->run_ns += run;
            }
            fclose(f);
        }
        pid_t tid = (pid_t)atoi(e->d_name);
        long vol = bench_status_kb(tid, "voluntary_ctxt_switches");
        long inv = bench_status_kb(tid, "nonvoluntary_ctxt_switches");
        out->switches += (vol > 0 ? vol : 0) + (inv > 0 ? inv : 0);
    }
    closedir(d);

    /* utime and stime: fields 14 and 15, after the command name in parentheses. */
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    char buf[1024];
    if (!f) {
        return -1;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2) {
        return -1;
    }
    out->ticks = (long)(ut + st);
    return 0;
}

static int cmp_ms(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* The screen number in the first line of a targets file ("screen N W H"), or -1. */
static int screen_in(const char *targets)
{
    FILE *f = fopen(targets, "r");
    int s = -1;
    if (f) {
        if (fscanf(f, "screen %d", &s) != 1) {
            s = -1;
        }
        fclose(f);
    }
    return s;
}

static bool wait_screen(const char *targets, int screen, pid_t pid)
{
    for (int i = 0; i < 100; i++) {
        if (screen_in(targets) == screen) {
            return true;
        }
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            return false;
        }
        sleep_ms(100);
    }
    return false;
}

/* Runs a helper (xdotool) to completion with env. Returns its exit status, or -1. */
static int run_helper(char *const argv[], char *const env[])
{
    pid_t pid = spawn(argv, env, NULL, 0);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

/* Types on the kiosk's window with xdotool: the pointer into the window (with no window
 * manager the keyboard follows it), the focus to it, then the keys. Typing on the welcome
 * screen starts a search, as a barcode scanner does. Returns 0 once it is done. */
static int type_into_kiosk(const char *xdotool, char *const env[], const char *text)
{
    char *find_move[] = {(char *)xdotool, "search", "--sync", "--name", "^mingel$", "mousemove",
                         "--window",      "%1",     "40",     "40",     NULL};
    char *focus[] = {(char *)xdotool, "search", "--name", "^mingel$", "windowfocus", "%1", NULL};
    char *type[] = {(char *)xdotool, "type", "--delay", "30", (char *)text, NULL};
    if (run_helper(find_move, env) != 0) {
        return -1;
    }
    run_helper(focus, env); /* a window manager may refuse; the pointer is there anyway */
    return run_helper(type, env);
}

/* One idle measurement on setup v: the kiosk on the welcome screen, or on the search
 * screen (typed into with xdotool). Adds idle.<label>.<screen> and, for the welcome
 * screen, memory.run.<label>.1280x800. */
static void idle_once(Bench *b, const BenchVideo *v, const char *display, bool search)
{
    char name[BENCH_NAME_MAX], mem[BENCH_NAME_MAX], label[32];
    bench_label(b, v, label);
    snprintf(name, sizeof name, "idle.%s.%s", label, search ? "search" : "welcome");
    snprintf(mem, sizeof mem, "memory.run.%s.1280x800", label);
    const char *db = bench_db10k(b);
    char targets[BENCH_PATH_MAX], xdotool[BENCH_PATH_MAX];
    bench_tmp_path(b, "idle-targets", targets);
    if (search && (!display || !in_path("xdotool", xdotool, sizeof xdotool))) {
        bench_add_na(b, name, "%", "n/a (needs X and xdotool to reach the screen)");
        return;
    }
    if (!db) {
        exit(70);
    }
    Env env;
    env_init(&env);
    env_video(&env, v, display);
    env_set(&env, "MINGEL_DEBUG_TARGETS", targets);
    char *argv[] = {(char *)b->mingel, "run",      "--db",          (char *)db,
                    "--size",          "1280x800", "--accelerated", NULL};
    if (!b->accelerated) {
        argv[6] = NULL;
    }
    pid_t pid = spawn(argv, env.var, NULL, 0);
    if (pid < 0 || !wait_screen(targets, 0, pid)) {
        bench_log("idle: the kiosk showed no welcome screen (%s)", v->name);
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        exit(70);
    }
    if (search &&
        (type_into_kiosk(xdotool, env.var, "and") != 0 || !wait_screen(targets, 1, pid))) {
        bench_add_na(b, name, "%", "n/a (xdotool could not reach the search screen)");
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return;
    }

    const int seconds = b->quick ? 3 : 10;
    sleep_ms(2000);
    double pct[16];
    CpuSample first, prev, cur;
    int64_t t_first = bench_ns(), t_prev = t_first;
    int ok = cpu_sample(pid, &first);
    prev = first;
    for (int i = 0; i < seconds && ok == 0; i++) {
        sleep_ms(1000);
        int64_t t = bench_ns();
        ok = cpu_sample(pid, &cur);
        pct[i] = (double)(cur.run_ns - prev.run_ns) / (double)(t - t_prev) * 100.0;
        prev = cur;
        t_prev = t;
    }
    long hwm = bench_status_kb(pid, "VmHWM");
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    if (ok != 0) {
        bench_log("idle: the kiosk exited while measured");
        exit(70);
    }
    double total_s = bench_ms(t_first, t_prev) / 1000.0;
    double total_pct = (double)(prev.run_ns - first.run_ns) / 1e9 / total_s * 100.0;
    bench_add(b, name, "%", pct, (size_t)seconds, false,
              "%d x 1 s samples after 2 s; whole %.0f s: %.3f %% (schedstat), %ld ticks of "
              "1/%ld s (stat), %ld wake-ups",
              seconds, total_s, total_pct, prev.ticks - first.ticks, sysconf(_SC_CLK_TCK),
              prev.switches - first.switches);
    if (!search && bench_wants(b, mem)) {
        double mb = (double)hwm * 1024.0 / 1e6;
        bench_add(b, mem, "MB", &mb, 1, false,
                  "VmHWM of `mingel run` (10,000 attendees) after %d s idle on the welcome "
                  "screen, no input",
                  seconds + 2);
    }
}

/* `mingel board` on setup v, 1920x1080 in a window, on the 10,000 attendees' database with
 * nothing happening: it wakes once a second to ask SQLite's data_version and draws only on
 * a change. Adds idle.<label>.board. */
static void board_idle_once(Bench *b, const BenchVideo *v, const char *display)
{
    char name[BENCH_NAME_MAX], label[32];
    bench_label(b, v, label);
    snprintf(name, sizeof name, "idle.%s.board", label);
    const char *db = bench_db10k(b);
    if (!db) {
        exit(70);
    }
    Env env;
    env_init(&env);
    env_video(&env, v, display);
    char *argv[] = {(char *)b->mingel, "board", "--db", (char *)db, "--size", "1920x1080", NULL};
    pid_t pid = spawn(argv, env.var, NULL, 0);
    if (pid < 0) {
        exit(70);
    }
    const int seconds = b->quick ? 3 : 10;
    sleep_ms(2000);
    double pct[16];
    CpuSample first, prev, cur;
    int64_t t_first = bench_ns(), t_prev = t_first;
    int ok = cpu_sample(pid, &first);
    prev = first;
    for (int i = 0; i < seconds && ok == 0; i++) {
        sleep_ms(1000);
        int64_t t = bench_ns();
        ok = cpu_sample(pid, &cur);
        pct[i] = (double)(cur.run_ns - prev.run_ns) / (double)(t - t_prev) * 100.0;
        prev = cur;
        t_prev = t;
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    if (ok != 0) {
        bench_log("idle: the board exited while measured");
        exit(70);
    }
    double total_s = bench_ms(t_first, t_prev) / 1000.0;
    double total_pct = (double)(prev.run_ns - first.run_ns) / 1e9 / total_s * 100.0;
    bench_add(b, name, "%", pct, (size_t)seconds, false,
              "`mingel board` 1920x1080, 10,000 attendees, nothing changing: %d x 1 s samples "
              "after 2 s; whole %.0f s: %.4f %% (schedstat), %ld ticks of 1/%ld s (stat), %ld "
              "wake-ups (one data_version poll a second)",
              seconds, total_s, total_pct, prev.ticks - first.ticks, sysconf(_SC_CLK_TCK),
              prev.switches - first.switches);
}

/* Scan to greeting: see the top of the file. */
static void scan_once(Bench *b, const BenchVideo *v, const char *display)
{
    char name[BENCH_NAME_MAX], label[32], xdotool[BENCH_PATH_MAX], targets[BENCH_PATH_MAX];
    bench_label(b, v, label);
    snprintf(name, sizeof name, "scan.%s.1280x800", label);
    if (!display || !in_path("xdotool", xdotool, sizeof xdotool)) {
        bench_add_na(b, name, "ms", "n/a (needs X and xdotool to type like a scanner)");
        return;
    }
    const char *db0 = bench_db10k(b);
    if (!db0) {
        exit(70);
    }
    /* A copy: the scans check people in, and other figures want them not checked in. */
    char db[BENCH_PATH_MAX];
    bench_tmp_path(b, "scan.db", db);
    bench_remove_db(db);
    if (bench_copy_file(db0, db) != 0) {
        exit(70);
    }
    bench_tmp_path(b, "scan-targets", targets);
    Env env;
    env_init(&env);
    env_video(&env, v, display);
    env_set(&env, "MINGEL_DEBUG_TARGETS", targets);
    env_set(&env, "MINGEL_BENCH_SCANS", "1");
    char *argv[] = {(char *)b->mingel, "run",      "--db",          db,
                    "--size",          "1280x800", "--accelerated", NULL};
    if (!b->accelerated) {
        argv[6] = NULL;
    }
    int fd = -1;
    pid_t pid = spawn(argv, env.var, &fd, 2);
    if (pid < 0 || !wait_screen(targets, 0, pid) || type_into_kiosk(xdotool, env.var, "") != 0) {
        bench_log("scan: the kiosk showed no welcome screen (%s)", v->name);
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
        }
        exit(70);
    }
    enum { MAX_SCANS = 100 };
    const int scans = b->quick ? 10 : MAX_SCANS;
    double ms[MAX_SCANS];
    static char log[16384];
    log[0] = '\0';
    int got = 0, missed = 0;
    for (int i = 0; i < scans; i++) {
        /* DEMO-0001 ... as keys: one xdotool command, so nothing slows the burst. */
        char code[16], keys[16][8];
        snprintf(code, sizeof code, "DEMO-%04d", 17 * i + 1);
        char *kv[24] = {xdotool, "key", "--delay", "8"};
        int k = 4;
        for (size_t c = 0; code[c] && k < 22; c++) {
            snprintf(keys[c], sizeof keys[c], "%s",
                     code[c] == '-' ? "minus" : (char[]){code[c], 0});
            kv[k++] = keys[c];
        }
        kv[k++] = "Return";
        kv[k] = NULL;
        char line[128];
        if (run_helper(kv, env.var) != 0) {
            bench_log("scan: xdotool failed");
            break;
        }
        if (wait_line(fd, "scan-frame-ms ", 2000, line, sizeof line, log, sizeof log) != 0) {
            /* xdotool itself slowed past 30 ms a key (a loaded machine): typed, not a scan. */
            missed++;
            log[0] = '\0';
            sleep_ms(300);
            continue;
        }
        ms[got++] = atof(line + strlen("scan-frame-ms "));
        log[0] = '\0'; /* the next line is the next scan's */
        sleep_ms(300);
    }
    kill(pid, SIGTERM);
    drain(fd);
    waitpid(pid, NULL, 0);
    if (got < scans / 2) {
        bench_add_na(b, name, "ms", "n/a (only %d of %d scans read as scans)", got, scans);
        return;
    }
    double sorted[MAX_SCANS];
    memcpy(sorted, ms, sizeof(double) * (size_t)got);
    qsort(sorted, (size_t)got, sizeof sorted[0], cmp_ms);
    double p99 = sorted[(size_t)((double)(got - 1) * 0.99 + 0.5)];
    bench_add(b, name, "ms", ms, (size_t)got, true,
              "%d scans (8 ms a key, Enter), each checked in and greeted; p99 %.2f ms; from "
              "the Enter's event timestamp to the greeting presented; %d more typed too slowly "
              "by xdotool to be a scan",
              got, p99, missed);
}

void bench_scan(Bench *b)
{
    if (!bench_wants(b, "scan")) {
        return;
    }
    bench_log("scan: a barcode scan to the greeting on screen");
    for (size_t i = 0; i < b->videos; i++) {
        const BenchVideo *v = b->video[i];
        char label[32], name[BENCH_NAME_MAX];
        const char *display, *why;
        bench_label(b, v, label);
        snprintf(name, sizeof name, "scan.%s.1280x800", label);
        if (!v->blocks) {
            continue; /* scans come from X (xdotool): the dummy driver has none */
        }
        if (bench_video_ready(b, v, &display, &why) != 0) {
            bench_add_na(b, name, "ms", "%s", why);
            continue;
        }
        scan_once(b, v, display);
    }
}

void bench_idle(Bench *b)
{
    if (!bench_wants(b, "idle") && !bench_wants(b, "memory.run")) {
        return;
    }
    bench_log("idle: CPU of a kiosk waiting on a screen");
    for (size_t i = 0; i < b->videos; i++) {
        const BenchVideo *v = b->video[i];
        if (!v->blocks) {
            continue; /* the dummy driver polls: nothing to learn */
        }
        char label[32], name[BENCH_NAME_MAX];
        const char *display, *why;
        bench_label(b, v, label);
        if (bench_video_ready(b, v, &display, &why) != 0) {
            static const char *const ROWS[][3] = {{"idle", "welcome", "%"},
                                                  {"memory.run", "1280x800", "MB"},
                                                  {"idle", "search", "%"},
                                                  {"idle", "board", "%"}};
            for (size_t r = 0; r < 4; r++) {
                snprintf(name, sizeof name, "%s.%s.%s", ROWS[r][0], label, ROWS[r][1]);
                if (bench_wants(b, name)) {
                    bench_add_na(b, name, ROWS[r][2], "%s", why);
                }
            }
            continue;
        }
        snprintf(name, sizeof name, "idle.%s.welcome", label);
        char mem[BENCH_NAME_MAX];
        snprintf(mem, sizeof mem, "memory.run.%s", label);
        if (bench_wants(b, name) || bench_wants(b, mem)) {
            idle_once(b, v, display, false);
        }
        snprintf(name, sizeof name, "idle.%s.search", label);
        if (bench_wants(b, name)) {
            idle_once(b, v, display, true);
        }
        snprintf(name, sizeof name, "idle.%s.board", label);
        if (bench_wants(b, name)) {
            board_idle_once(b, v, display);
        }
    }
}
