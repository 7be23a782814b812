/* test_kill: kill the real kiosk at random moments, hundreds of times, and check after
 * every kill that nothing it acknowledged was lost.
 *
 *     test_kill WRITER TMPDIR
 *
 * WRITER (reliability_writer) drives a Flow on a Store and prints a line for each record
 * only after the kiosk acknowledged it. This harness starts it again and again on ONE
 * database, which therefore accumulates records and meets a hot -wal on nearly every
 * start, and SIGKILLs it after a random delay from a seeded PRNG: three runs in ten while
 * it starts (loading, store_open, recovery; 0 ms up to the typical time it takes to get
 * ready), the others 0-MAX_MS after it said it was ready, while it checks people in and
 * stores feedback. Every eighth run instead starts on a brand-new file and is killed
 * while starting, so creation, the schema migrations and the import of the roster are
 * cut short too.
 *
 * After every kill, with the writer dead: the database opens with store_open, passes
 * integrity_check (store_check_integrity), and holds every record acknowledged so far,
 * read back through the store (store_each_attendee for check-ins and walk-ins,
 * store_rating_get, store_reflection_get). The check runs on a copy of the database and
 * its -wal, so the next writer still finds the hot -wal and recovers it itself; every
 * fourth check opens the database in place instead, so the harness's recovery and
 * checkpoint on close are part of the history too.
 *
 * Environment: MINGEL_KILL_SEED (default 20261126), MINGEL_KILL_RUNS (default 240),
 * MINGEL_KILL_MAX_MS (latest kill after the kiosk is ready, default 60);
 * MINGEL_KILL_VERBOSE=1 prints each run.
 * Exit status 0 when every check passed; the figures go to stdout.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store.h"
#include "support.h"

#define NAME_MAX_BYTES 256
#define TEXT_MAX_BYTES 512

typedef struct Ack {
    char kind;              /* 'C' check-in, 'W' walk-in, 'R' rating, 'F' reflection */
    char a[NAME_MAX_BYTES]; /* name, or token */
    char b[TEXT_MAX_BYTES]; /* reflection text */
    int question, value;    /* rating */
} Ack;

typedef struct AckList {
    Ack *items;
    size_t count, cap;
} AckList;

typedef struct Figures {
    int runs, kills, exits;
    int killed_before_ready, fresh_runs, work_kills;
    int hot_wal_checks; /* checks that found a -wal with frames in it */
    long acked[4];      /* C W R F, all databases */
    long verified;      /* record checks done, all kills together */
    long ready_ms_sum;  /* time to "S", for the runs that got there */
    int ready_runs;
} Figures;

static const char KINDS[] = "CWRF";

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("test_kill: FAILED: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static uint64_t rng;

static uint32_t rand_below(uint32_t n)
{
    return xorshift_below(&rng, n);
}

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

/* ---- Files ---------------------------------------------------------------------------- */

static void path_with(char *out, size_t cap, const char *path, const char *suffix)
{
    if (snprintf(out, cap, "%s%s", path, suffix) >= (int)cap) {
        fail("path too long: %s", path);
    }
}

static long long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long long)sb.st_size : -1;
}

/* Copies from to to; false if from does not exist. */
static bool copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        if (errno == ENOENT) {
            return false;
        }
        fail("open %s: %s", from, strerror(errno));
    }
    int out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) {
        fail("create %s: %s", to, strerror(errno));
    }
    char buf[65536];
    ssize_t n;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        if (write(out, buf, (size_t)n) != n) {
            fail("write %s: %s", to, strerror(errno));
        }
    }
    if (n < 0) {
        fail("read %s: %s", from, strerror(errno));
    }
    close(in);
    close(out);
    return true;
}

/* ---- One run of the writer ------------------------------------------------------------ */

static void add_ack(AckList *l, const Ack *a)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 1024;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        if (!l->items) {
            fail("out of memory");
        }
    }
    l->items[l->count++] = *a;
}

/* Splits a line at tabs into at most n fields (in place). Returns the number found. */
static int split(char *line, char **field, int n)
{
    int k = 0;
    field[k++] = line;
    for (char *p = line; *p && k < n; p++) {
        if (*p == '\t') {
            *p = '\0';
            field[k++] = p + 1;
        }
    }
    return k;
}

static void copy_str(char *dst, size_t cap, const char *src)
{
    if (strlen(src) >= cap) {
        fail("field too long: %s", src);
    }
    strcpy(dst, src);
}

/* Parses one line of the writer. Returns true for "S" (the writer is ready). */
static bool parse_line(char *line, AckList *acks, Figures *fig)
{
    char *f[4];
    int n = split(line, f, 4);
    Ack a;
    memset(&a, 0, sizeof a);
    a.kind = f[0][0];
    if (strcmp(f[0], "S") == 0 && n == 1) {
        return true;
    } else if ((a.kind == 'C' || a.kind == 'W') && f[0][1] == '\0' && n == 2) {
        copy_str(a.a, sizeof a.a, f[1]);
    } else if (a.kind == 'R' && f[0][1] == '\0' && n == 4) {
        copy_str(a.a, sizeof a.a, f[1]);
        a.question = atoi(f[2]);
        a.value = atoi(f[3]);
    } else if (a.kind == 'F' && f[0][1] == '\0' && n == 3) {
        copy_str(a.a, sizeof a.a, f[1]);
        copy_str(a.b, sizeof a.b, f[2]);
    } else {
        fail("the writer printed a line this harness does not know: '%s'", line);
    }
    add_ack(acks, &a);
    fig->acked[strchr(KINDS, a.kind) - KINDS]++;
    return false;
}

/* Consumes the complete lines in buf[0..*len), keeping a partial last one. */
static void take_lines(char *buf, size_t *len, AckList *acks, Figures *fig, bool *ready)
{
    size_t start = 0;
    for (size_t i = 0; i < *len; i++) {
        if (buf[i] == '\n') {
            buf[i] = '\0';
            if (parse_line(buf + start, acks, fig)) {
                *ready = true;
            }
            start = i + 1;
        }
    }
    memmove(buf, buf + start, *len - start);
    *len -= start;
}

/* Runs the writer on db and collects what it acknowledged. Kills it delay_ms after it
 * started, or with after_ready, delay_ms after it said it was ready. */
static void run_writer(const char *writer, const char *db, uint64_t seed, double delay_ms,
                       bool after_ready, AckList *acks, Figures *fig)
{
    int fds[2];
    if (pipe(fds) != 0) {
        fail("pipe: %s", strerror(errno));
    }
    char seed_arg[32];
    snprintf(seed_arg, sizeof seed_arg, "%llu", (unsigned long long)seed);
    double start = ids_monotonic_ms();
    pid_t pid = fork();
    if (pid < 0) {
        fail("fork: %s", strerror(errno));
    }
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(writer, writer, db, seed_arg, (char *)NULL);
        fprintf(stderr, "test_kill: exec %s: %s\n", writer, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    char buf[8192];
    size_t len = 0;
    bool ready = false, killed = false;
    double ready_at = 0;
    for (;;) {
        double deadline = !after_ready ? start + delay_ms
                          : ready      ? start + ready_at + delay_ms
                                       : start + 20000.0; /* never ready: stuck */
        double left = deadline - ids_monotonic_ms();
        if (!killed && left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            if (after_ready && !ready) {
                fail("run %d (seed %llu): the writer was not ready after 20 s", fig->runs + 1,
                     (unsigned long long)seed);
            }
        }
        struct pollfd p = {fds[0], POLLIN, 0};
        int timeout = killed ? -1 : (int)(left + 0.999);
        int r = poll(&p, 1, timeout);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            fail("poll: %s", strerror(errno));
        }
        if (r == 0) {
            continue; /* time to kill */
        }
        ssize_t n = read(fds[0], buf + len, sizeof buf - 1 - len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break; /* EOF: the writer is gone */
        }
        len += (size_t)n;
        bool was_ready = ready;
        take_lines(buf, &len, acks, fig, &ready);
        if (ready && !was_ready) {
            ready_at = ids_monotonic_ms() - start;
            continue; /* the deadline may have moved */
        }
        if (len == sizeof buf - 1) {
            fail("the writer printed a line too long");
        }
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            fail("waitpid: %s", strerror(errno));
        }
    }
    fig->runs++;
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
        fig->kills++;
    } else {
        /* The writer never stops by itself: any exit is a failure it reported on stderr
         * (it could not open the database, or the kiosk failed to save). */
        fail("run %d (seed %llu, %s): the writer ended by itself with status 0x%x before "
             "the kill; see its message above",
             fig->runs, (unsigned long long)seed, db, status);
    }
    if (getenv("MINGEL_KILL_VERBOSE")) {
        fprintf(stderr, "run %d: killed after %.1f ms, ready after %.1f ms, %zu records\n",
                fig->runs, delay_ms, ready ? ready_at : -1.0, acks->count);
    }
    if (ready) {
        fig->ready_runs++;
        fig->ready_ms_sum += (long)ready_at;
    } else {
        fig->killed_before_ready++;
    }
}

/* ---- The check after a kill ------------------------------------------------------------ */

typedef struct Person {
    char *name;
    bool checked_in, walk_in;
} Person;

typedef struct People {
    Person *items;
    size_t count, cap;
} People;

static int collect(void *ctx, const StoreAttendee *a)
{
    People *p = ctx;
    if (p->count == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 4096;
        p->items = realloc(p->items, p->cap * sizeof *p->items);
        if (!p->items) {
            fail("out of memory");
        }
    }
    Person *x = &p->items[p->count++];
    x->name = strdup(a->name);
    if (!x->name) {
        fail("out of memory");
    }
    x->checked_in = a->checked_in_ms != 0;
    x->walk_in = a->walk_in;
    return 0;
}

static int cmp_person(const void *a, const void *b)
{
    return strcmp(((const Person *)a)->name, ((const Person *)b)->name);
}

/* Opens path like the kiosk does and checks that everything in acks is there. */
static void verify(const char *path, const AckList *acks, Figures *fig, const char *when)
{
    char wal[4200];
    path_with(wal, sizeof wal, path, "-wal");
    if (file_size(wal) > 0) {
        fig->hot_wal_checks++;
    }
    Store *s = NULL;
    char err[1024];
    StoreStatus st = store_open(path, ids_os_random, NULL, &s, err, sizeof err);
    if (st != STORE_OK) {
        fail("%s: store_open: %s: %s", when, store_status_text(st), err);
    }
    st = store_check_integrity(s, err, sizeof err);
    if (st != STORE_OK) {
        fail("%s: integrity_check: %s: %s", when, store_status_text(st), err);
    }
    EventInfo ev;
    char ev_id[IDS_UUID_LEN + 1];
    st = store_event_current(s, &ev, ev_id);
    if (st == STORE_NOT_FOUND && acks->count == 0) {
        store_close(s); /* killed before the meeting was stored: nothing was promised */
        return;
    }
    if (st != STORE_OK) {
        fail("%s: no meeting in the database (%s), yet %zu records were acknowledged", when,
             store_status_text(st), acks->count);
    }
    People people = {NULL, 0, 0};
    st = store_each_attendee(s, ev_id, collect, &people);
    if (st != STORE_OK) {
        fail("%s: reading the attendees: %s", when, store_last_error(s));
    }
    if (people.count > 1) {
        qsort(people.items, people.count, sizeof *people.items, cmp_person);
    }
    for (size_t i = 0; i < acks->count; i++) {
        const Ack *a = &acks->items[i];
        if (a->kind == 'C' || a->kind == 'W') {
            Person key = {(char *)a->a, false, false};
            const Person *p = people.count ? bsearch(&key, people.items, people.count,
                                                     sizeof *people.items, cmp_person)
                                           : NULL;
            if (!p || !p->checked_in || (a->kind == 'W' && !p->walk_in)) {
                fail("%s: acknowledged %s of '%s' is lost (%s)", when,
                     a->kind == 'C' ? "check-in" : "walk-in", a->a,
                     !p               ? "no such attendee"
                     : !p->checked_in ? "not checked in"
                                      : "no walk-in");
            }
        } else if (a->kind == 'R') {
            int v = -1;
            st = store_rating_get(s, ev_id, a->a, a->question, &v);
            /* A session answers each question once here, so the value is the one stored. */
            if (st != STORE_OK || v != a->value) {
                fail("%s: acknowledged rating %s q%d=%d is lost (%s, %d)", when, a->a, a->question,
                     a->value, store_status_text(st), v);
            }
        } else {
            char text[TEXT_MAX_BYTES];
            st = store_reflection_get(s, ev_id, a->a, text, sizeof text);
            if (st != STORE_OK || strcmp(text, a->b) != 0) {
                fail("%s: acknowledged reflection %s '%s' is lost (%s, '%s')", when, a->a, a->b,
                     store_status_text(st), st == STORE_OK ? text : "");
            }
        }
        fig->verified++;
    }
    for (size_t i = 0; i < people.count; i++) {
        free(people.items[i].name);
    }
    free(people.items);
    store_close(s);
}

/* Checks a copy of db and its -wal, leaving db and its hot -wal for the next writer. */
static void verify_copy(const char *db, const char *scratch, const AckList *acks, Figures *fig,
                        const char *when)
{
    char from[4200], to[4200];
    remove_db(scratch);
    if (copy_file(db, scratch)) {
        path_with(from, sizeof from, db, "-wal");
        path_with(to, sizeof to, scratch, "-wal");
        copy_file(from, to);
        /* No -shm: it is rebuilt from the -wal, as after a reboot. */
    }
    verify(scratch, acks, fig, when);
    remove_db(scratch);
}

/* How long the writer typically takes to get ready (ms): the mean of the runs so far. */
static double ready_estimate(const Figures *fig)
{
    return fig->ready_runs ? (double)fig->ready_ms_sum / fig->ready_runs : 20.0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_kill WRITER TMPDIR\n");
        return 64;
    }
    signal(SIGPIPE, SIG_IGN);
    const char *writer = argv[1];
    uint64_t seed = (uint64_t)env_long("MINGEL_KILL_SEED", 20261126);
    long runs = env_long("MINGEL_KILL_RUNS", 240);
    long max_ms = env_long("MINGEL_KILL_MAX_MS", 60);
    if (runs < 1 || max_ms < 1) {
        fail("MINGEL_KILL_RUNS and MINGEL_KILL_MAX_MS must be positive");
    }
    rng = seed * 0x9E3779B97F4A7C15ULL | 1;

    char db[4096], fresh[4096], scratch[4096];
    mkdir(argv[2], 0755);
    path_with(db, sizeof db, argv[2], "/kill.db");
    path_with(fresh, sizeof fresh, argv[2], "/fresh.db");
    path_with(scratch, sizeof scratch, argv[2], "/verify.db");
    remove_db(db);
    remove_db(fresh);

    printf("test_kill: seed %llu, %ld runs, kills while starting or up to %ld ms after "
           "ready (MINGEL_KILL_SEED, MINGEL_KILL_RUNS, MINGEL_KILL_MAX_MS)\n",
           (unsigned long long)seed, runs, max_ms);
    fflush(stdout);
    Figures fig;
    memset(&fig, 0, sizeof fig);
    AckList acks = {NULL, 0, 0};
    double t0 = ids_monotonic_ms();
    long main_runs = 0;
    for (long i = 0; i < runs; i++) {
        uint64_t run_seed = seed * 1000 + (uint64_t)i;
        char when[160];
        if (i % 8 == 7) {
            /* A new database, killed while it is created, migrated and set up. */
            fig.fresh_runs++;
            AckList fresh_acks = {NULL, 0, 0};
            remove_db(fresh);
            double delay = (double)rand_below((uint32_t)(ready_estimate(&fig) * 100)) / 100.0;
            run_writer(writer, fresh, run_seed, delay, false, &fresh_acks, &fig);
            snprintf(when, sizeof when, "run %ld (new database, killed after %.1f ms)", i + 1,
                     delay);
            verify(fresh, &fresh_acks, &fig, when);
            free(fresh_acks.items);
            remove_db(fresh);
            continue;
        }
        /* Three runs in ten are killed while starting: loading, opening, recovering the
         * -wal (0 ms up to the typical time to get ready, measured as the runs go, so a
         * slow machine or a sanitizer build gets the same mix). The others are killed
         * 0-max_ms after the kiosk said it was ready, while it works. */
        bool at_work = rand_below(10) >= 3;
        double delay = at_work ? (double)rand_below((uint32_t)max_ms * 100) / 100.0
                               : (double)rand_below((uint32_t)(ready_estimate(&fig) * 100)) / 100.0;
        main_runs++;
        fig.work_kills += at_work;
        run_writer(writer, db, run_seed, delay, at_work, &acks, &fig);
        snprintf(when, sizeof when,
                 "run %ld (killed %.1f ms after it %s, %zu records "
                 "acknowledged so far)",
                 i + 1, delay, at_work ? "was ready" : "started", acks.count);
        if (main_runs % 4 == 0) {
            verify(db, &acks, &fig, when); /* in place: recovery and checkpoint here */
        } else {
            verify_copy(db, scratch, &acks, &fig, when);
        }
    }
    verify(db, &acks, &fig, "final check");
    double elapsed = (ids_monotonic_ms() - t0) / 1000.0;

    long total = fig.acked[0] + fig.acked[1] + fig.acked[2] + fig.acked[3];
    printf("test_kill: %d runs, %d SIGKILLs survived: %d while the kiosk worked, %d while it "
           "started (%d of them on a new database; %d before it was ready, which took %.1f ms "
           "on average)\n",
           fig.runs, fig.kills, fig.work_kills, fig.kills - fig.work_kills, fig.fresh_runs,
           fig.killed_before_ready, ready_estimate(&fig));
    printf("test_kill: %ld records acknowledged (%ld check-ins, %ld walk-ins, %ld ratings, "
           "%ld reflections), %zu in the accumulating database\n",
           total, fig.acked[0], fig.acked[1], fig.acked[2], fig.acked[3], acks.count);
    printf("test_kill: %ld record checks after the kills, all present; %d checks recovered a "
           "hot -wal; final check: %zu of %zu acknowledged records present; %.1f s\n",
           fig.verified, fig.hot_wal_checks, acks.count, acks.count, elapsed);
    free(acks.items);
    remove_db(db);
    return 0;
}
