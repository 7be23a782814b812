/* synctest: what test_sync and test_hub share (synctest.h). */
#define _GNU_SOURCE
#include "synctest.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "core/store.h"
#include "support.h"

static char roster_csv[8192];

static void make_roster(void)
{
    size_t n = (size_t)snprintf(roster_csv, sizeof roster_csv, "Namn;Organisation;Biljett\n");
    for (int i = 0; i < 60; i++) {
        n += (size_t)snprintf(roster_csv + n, sizeof roster_csv - n,
                              "Person %02d Å;Organisation %d;%d\n", i, i % 7, 100 + i);
    }
}

void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* Every process this test starts, so that a failing test leaves none behind (the
 * teardown kills what is left). */
static pid_t started[64];

void track(pid_t pid)
{
    for (size_t i = 0; i < COUNT_OF(started); i++) {
        if (started[i] <= 0) {
            started[i] = pid;
            return;
        }
    }
}

int kill_started(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(started); i++) {
        if (started[i] > 0) {
            kill(started[i], SIGCONT);
            kill(started[i], SIGKILL);
            waitpid(started[i], NULL, 0);
            started[i] = 0;
        }
    }
    return 0;
}

/* ---- The server ------------------------------------------------------------------------ */

int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    close(fd);
    return ntohs(a.sin_port);
}

bool port_open(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

void server_start(Server *sv)
{
    const char *bin = env_or_fail("MINGEL_NATS_SERVER");
    mkdir(sv->dir, 0700);
    char port[16];
    snprintf(port, sizeof port, "%d", sv->port);
    pid_t pid = fork_ok();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        if (sv->conf) {
            execl(bin, bin, "-c", sv->conf, (char *)NULL);
        } else if (sv->user) {
            execl(bin, bin, "-a", "127.0.0.1", "-p", port, "-js", "-sd", sv->dir, "--user",
                  sv->user, "--pass", sv->pass, (char *)NULL);
        } else {
            execl(bin, bin, "-a", "127.0.0.1", "-p", port, "-js", "-sd", sv->dir, (char *)NULL);
        }
        _exit(127);
    }
    sv->pid = pid;
    track(pid);
    for (int i = 0; i < 200 && !port_open(sv->port); i++) {
        sleep_ms(50);
    }
    assert_true(port_open(sv->port));
}

void server_start_fresh(Server *sv, const char *name)
{
    tmp_path(sv->dir, sizeof sv->dir, name);
    remove_tree(sv->dir);
    server_start(sv);
}

void server_kill(Server *sv)
{
    if (sv->pid > 0) {
        kill(sv->pid, SIGKILL);
        waitpid(sv->pid, NULL, 0);
        sv->pid = 0;
    }
}

/* ---- Kiosks ---------------------------------------------------------------------------- */

static int reply_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(out, fmt, ap);
    va_end(ap);
    fputc('\n', out);
    return fflush(out);
}

static void woke(void *ctx)
{
    (void)ctx;
}

/* The child: one kiosk's loop over commands from the parent. */
static void kiosk_child(const char *db, const SyncConfig *cfg, FILE *in, FILE *out)
{
    /* cmocka's handlers would carry on with the test runner inside the child. */
    static const int sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE};
    for (size_t i = 0; i < COUNT_OF(sigs); i++) {
        signal(sigs[i], SIG_DFL);
    }
    Store *s = NULL;
    char err[512];
    if (store_open(db, ids_os_random, NULL, &s, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "test_sync: kiosk: %s\n", err);
        reply_line(out, "error %s", err);
        _exit(1);
    }
    EventInfo ev;
    char event_id[IDS_UUID_LEN + 1];
    if (store_event_current(s, &ev, event_id) != STORE_OK) {
        _exit(1);
    }
    store_set_clock(s, STORE_CLOCK_SYNCED);
    Sync *sy = sync_start(s, ev.key, cfg, woke, NULL, err, sizeof err);
    if (!sy) {
        reply_line(out, "error %s", err);
        _exit(1);
    }
    char line[512];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        char arg[256] = "";
        int num = 0;
        StoreStatus st = STORE_OK;
        StoreAttendee a;
        int64_t when = 0;
        char id[IDS_UUID_LEN + 1];
        if (sscanf(line, "c %255s", arg) == 1) {
            st = store_find_ticket(s, event_id, arg, &a);
            if (st == STORE_OK) {
                st = store_checkin(s, event_id, a.id, ids_now_ms(), &when);
            }
        } else if (sscanf(line, "u %255s", arg) == 1) {
            st = store_find_ticket(s, event_id, arg, &a);
            if (st == STORE_OK) {
                st = store_checkin_undo(s, event_id, a.id, ids_now_ms());
            }
        } else if (sscanf(line, "w %255[^\n]", arg) == 1) {
            st = store_walk_in(s, event_id, arg, "Gäst", true, ids_now_ms(), id);
        } else if (sscanf(line, "f %255s %d", arg, &num) == 2) {
            st = store_rating_put(s, event_id, arg, 0, num, false, ids_now_ms());
            if (st == STORE_OK) {
                st = store_reflection_put(s, event_id, arg, "Bra dag, tack!", false, ids_now_ms());
            }
        } else if (sscanf(line, "b %d %255s", &num, arg) == 2) {
            for (int i = 0; i < num && st == STORE_OK; i++) {
                char name[300];
                snprintf(name, sizeof name, "%s %d", arg, i);
                st = store_walk_in(s, event_id, name, "", false, ids_now_ms(), id);
                sync_nudge(sy);
            }
        } else if (sscanf(line, "p %255s", arg) == 1) {
            StoreCheckinPlace where;
            st = store_find_ticket(s, event_id, arg, &a);
            st = st == STORE_OK ? store_checkin_place(s, a.id, &where) : st;
            if (st == STORE_OK) {
                reply_line(out, "place %s %s", where.here ? "here" : "there", where.name);
            } else {
                reply_line(out, "%s", store_status_text(st));
            }
            continue;
        } else if (strcmp(line, "k") == 0) {
            /* The kiosk list as the admin screen would show it: asked for now. */
            int64_t asked = ids_now_ms();
            SyncKiosks ks;
            sync_watch(sy, true);
            do {
                sleep_ms(20);
                sync_kiosks(sy, &ks);
            } while (ks.asked_ms < asked && ids_now_ms() < asked + 10000);
            char list[2048] = "";
            size_t len = 0;
            for (size_t i = 0; i < ks.count && len < sizeof list; i++) {
                const SyncKiosk *q = &ks.kiosk[i];
                len += (size_t)snprintf(list + len, sizeof list - len, " |%s:%d:%d:%lld:%lld:%s",
                                        q->device, q->self, q->connected, (long long)q->behind,
                                        (long long)q->seen_ms, q->name);
            }
            reply_line(out, "kiosks %zu %lld%s", ks.count, (long long)ks.stream_records, list);
            continue;
        } else if (strcmp(line, "R") == 0) {
            st = store_sync_requeue(s, ev.key);
        } else if (strcmp(line, "s") == 0) {
            SyncStatus ss;
            sync_status(sy, &ss);
            reply_line(out, "%s %lld %lld %s", sync_state_text(ss.state), (long long)ss.applied,
                       (long long)ss.refused, ss.message);
            continue;
        } else if (strcmp(line, "q") == 0) {
            sync_stop(sy);
            store_close(s);
            reply_line(out, "bye");
            _exit(0);
        } else {
            reply_line(out, "unknown command");
            continue;
        }
        sync_nudge(sy);
        reply_line(out, "%s", st == STORE_OK ? "ok" : store_status_text(st));
    }
    _exit(0);
}

void kiosk_spawn(Kiosk *k, const SyncConfig *cfg)
{
    int down[2], up[2];
    assert_int_equal(pipe(down), 0);
    assert_int_equal(pipe(up), 0);
    pid_t pid = fork_ok();
    if (pid == 0) {
        close(down[1]);
        close(up[0]);
        /* Its log (mingel: sync: ...) in DB.log, kept across restarts of the kiosk. */
        int fd = open(k->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd >= 0) {
            dup2(fd, STDERR_FILENO);
            close(fd);
        }
        kiosk_child(k->db, cfg, fdopen(down[0], "r"), fdopen(up[1], "w"));
        _exit(0);
    }
    close(down[0]);
    close(up[1]);
    k->pid = pid;
    track(pid);
    k->to = fdopen(down[1], "w");
    k->from = fdopen(up[0], "r");
}

const char *kiosk_cmd(Kiosk *k, const char *fmt, ...)
{
    static char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vfprintf(k->to, fmt, ap);
    va_end(ap);
    fputc('\n', k->to);
    fflush(k->to);
    if (!fgets(line, sizeof line, k->from)) {
        int status = 0;
        waitpid(k->pid, &status, 0);
        fail_msg("kiosk %s: no answer (%s %d)", k->name,
                 WIFSIGNALED(status) ? "killed by signal" : "exit status",
                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    }
    line[strcspn(line, "\n")] = '\0';
    return line;
}

void kiosk_ok(Kiosk *k, const char *fmt, const char *arg)
{
    const char *r = kiosk_cmd(k, fmt, arg);
    if (strcmp(r, "ok") != 0) {
        fail_msg("kiosk %s: \"%s\" answered %s", k->name, arg, r);
    }
}

void kiosk_quit(Kiosk *k)
{
    if (k->pid <= 0) {
        return;
    }
    const char *r = kiosk_cmd(k, "q");
    assert_string_equal(r, "bye");
    int status = 0;
    waitpid(k->pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    fclose(k->to);
    fclose(k->from);
    k->pid = 0;
}

void kiosk_kill(Kiosk *k)
{
    kill(k->pid, SIGKILL);
    waitpid(k->pid, NULL, 0);
    fclose(k->to);
    fclose(k->from);
    k->pid = 0;
}

void kiosk_db(Kiosk *k, const char *name, const char *ini)
{
    k->name = name;
    char file[64];
    snprintf(file, sizeof file, "sync-%s.db", name);
    tmp_path(k->db, sizeof k->db, file);
    snprintf(k->log, sizeof k->log, "%s.log", k->db);
    unlink(k->log);
    Store *s = fresh_store(k->db, ids_os_random, NULL);
    if (!roster_csv[0]) {
        make_roster();
    }
    import_texts(s, ini, roster_csv, ids_now_ms() - 3600000, k->event_id);
    char kiosk_name[64];
    snprintf(kiosk_name, sizeof kiosk_name, "Kiosk %s", name);
    assert_int_equal(store_device_name_set(s, kiosk_name, ids_now_ms()), STORE_OK);
    memcpy(k->device, store_device_id(s), sizeof k->device);
    store_close(s);
}

Store *open_kiosk(const char *db)
{
    Store *s = NULL;
    char err[512];
    if (store_open(db, ids_os_random, NULL, &s, err, sizeof err) != STORE_OK) {
        fail_msg("%s", err);
    }
    return s;
}

/* ---- Convergence -------------------------------------------------------------------------- */

char *dump_file(const char *db, int64_t *pending)
{
    Store *s = NULL;
    char err[512];
    if (store_open(db, ids_os_random, NULL, &s, err, sizeof err) != STORE_OK) {
        fail_msg("%s", err);
    }
    char *d = dump_of(s);
    if (pending) {
        assert_int_equal(store_sync_pending(s, pending), STORE_OK);
    }
    store_close(s);
    return d;
}

void wait_converged(Kiosk *k, size_t n, const char *step)
{
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    for (;;) {
        char *first = NULL;
        bool same = true;
        int64_t pending_total = 0;
        size_t differing = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t pending = 0;
            char *d = dump_file(k[i].db, &pending);
            pending_total += pending;
            if (!first) {
                first = d;
            } else {
                if (strcmp(first, d) != 0) {
                    same = false;
                    differing = i;
                }
                free(d);
            }
        }
        free(first);
        if (same && pending_total == 0) {
            return;
        }
        if (ids_now_ms() > deadline) {
            for (size_t i = 0; i < n; i++) {
                int64_t pending = 0;
                char *d = dump_file(k[i].db, &pending);
                fprintf(stderr, "---- kiosk %s (%lld unpublished): %s\n%s\n", k[i].name,
                        (long long)pending, k[i].pid > 0 ? kiosk_cmd(&k[i], "s") : "", d);
                free(d);
                if (access(k[i].log, R_OK) == 0) {
                    TestBytes b = read_file(k[i].log);
                    fprintf(stderr, "---- kiosk %s's log:\n%s\n", k[i].name, b.data);
                    free(b.data);
                }
            }
            fail_msg("%s: the kiosks did not agree within %d s (kiosk %s differs from %s, %lld "
                     "records unpublished)",
                     step, CONVERGE_DEADLINE_MS / 1000, k[differing].name, k[0].name,
                     (long long)pending_total);
        }
        sleep_ms(100);
    }
}

SyncConfig config_for(int port, const char *user, const char *pass)
{
    SyncConfig c;
    memset(&c, 0, sizeof c);
    snprintf(c.urls[0], sizeof c.urls[0], "nats://127.0.0.1:%d", port);
    c.nurls = 1;
    if (user) {
        snprintf(c.user, sizeof c.user, "%s", user);
        snprintf(c.password, sizeof c.password, "%s", pass);
    }
    return c;
}

void expect_refused(Kiosk *k, const SyncConfig *cfg, const char *want)
{
    char *before = dump_file(k->db, NULL);
    kiosk_spawn(k, cfg);
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    const char *r = "";
    while (ids_now_ms() < deadline) {
        r = kiosk_cmd(k, "s");
        if (strncmp(r, "refused ", 8) == 0) {
            break;
        }
        sleep_ms(100);
    }
    if (strncmp(r, "refused 0 0 ", 12) != 0 || !strstr(r, want)) {
        fail_msg("kiosk %s: status \"%s\", expected refused with \"%s\"", k->name, r, want);
    }
    kiosk_quit(k);
    char *after = dump_file(k->db, NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);
}
