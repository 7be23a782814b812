/* bench sync: live sharing between two kiosks over a real nats-server on loopback
 * (app/core/sync.h, issue 17). Both kiosks run in this process, each with its own
 * database of the same 10,000-attendee meeting and its own sync thread:
 *
 *   sync.visible        a check-in committed at A until B has taken it in (B's applied
 *                       callback after its commit: from then on B answers "already
 *                       checked in (Kiosk A, 09:12)": the bench checks that B's store
 *                       names the place), per check-in, median and p95
 *   sync.idle_wakeups   wake-ups of both sync threads together over 10 s with nothing
 *                       to do (the thread sleeps on a condition variable)
 *   sync.publish_10k    A's backlog of 10,000 records, written while its sync was off,
 *                       published (each acknowledged by the server) after it starts
 *   sync.catchup_10k    B, off while those were published, from its start until all
 *                       10,000 are taken in
 *
 * nats-server is looked for on PATH and in /usr/sbin; without it the rows are n/a. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "core/store.h"
#include "core/sync.h"

typedef struct Seen {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int64_t batches;
} Seen;

static void on_applied(void *ctx)
{
    Seen *s = ctx;
    pthread_mutex_lock(&s->mu);
    s->batches++;
    pthread_cond_broadcast(&s->cv);
    pthread_mutex_unlock(&s->mu);
}

static void nudge(void *ctx)
{
    sync_nudge(ctx);
}

static void nap_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

static const char *find_server(void)
{
    static const char *const places[] = {"/usr/sbin/nats-server", "/usr/bin/nats-server",
                                         "/usr/local/bin/nats-server"};
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
        if (access(places[i], X_OK) == 0) {
            return places[i];
        }
    }
    return NULL;
}

typedef struct Ids {
    char (*id)[IDS_UUID_LEN + 1];
    size_t count, cap;
} Ids;

static int collect(void *ctx, const StoreAttendee *a)
{
    Ids *ids = ctx;
    if (ids->count < ids->cap) {
        memcpy(ids->id[ids->count++], a->id, IDS_UUID_LEN + 1);
    }
    return 0;
}

static bool wait_state(Sync *sy, SyncState want, int timeout_ms)
{
    for (int t = 0; t < timeout_ms; t += 10) {
        SyncStatus st;
        sync_status(sy, &st);
        if (st.state == want) {
            return true;
        }
        nap_ms(10);
    }
    return false;
}

void bench_sync(Bench *b)
{
    if (!bench_wants(b, "sync")) {
        return;
    }
    const char *server = find_server();
    if (!server) {
        bench_add_na(b, "sync.visible", "ms", "n/a (no nats-server)");
        return;
    }
    bench_log("sync: two kiosks over nats-server on loopback");
    char js[BENCH_PATH_MAX], dba[BENCH_PATH_MAX], dbb[BENCH_PATH_MAX], err[512];
    bench_tmp_path(b, "nats-js", js);
    mkdir(js, 0700);
    bench_tmp_path(b, "sync-a.db", dba);
    bench_tmp_path(b, "sync-b.db", dbb);
    /* Two databases of the same meeting with their own device ids. */
    if (bench_make_db(dba, 10000) != 0 || bench_make_db(dbb, 10000) != 0) {
        exit(70);
    }
    int port = free_port();
    char port_text[16];
    snprintf(port_text, sizeof port_text, "%d", port);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0) {
            _exit(127);
        }
        execl(server, server, "-a", "127.0.0.1", "-p", port_text, "-js", "-sd", js, (char *)NULL);
        _exit(127);
    }
    SyncConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.urls[0], sizeof cfg.urls[0], "nats://127.0.0.1:%d", port);
    cfg.nurls = 1;

    Store *a = NULL, *bs = NULL;
    EventInfo ev;
    char eva[IDS_UUID_LEN + 1], evb[IDS_UUID_LEN + 1];
    Ids ids = {.cap = 10000}, idsb = {.cap = 10000};
    ids.id = malloc(ids.cap * sizeof ids.id[0]);
    idsb.id = malloc(idsb.cap * sizeof idsb.id[0]);
    if (!ids.id || store_open(dba, ids_os_random, NULL, &a, err, sizeof err) != STORE_OK ||
        store_open(dbb, ids_os_random, NULL, &bs, err, sizeof err) != STORE_OK ||
        store_event_current(a, &ev, eva) != STORE_OK ||
        store_event_current(bs, &ev, evb) != STORE_OK ||
        store_each_attendee(a, eva, collect, &ids) != STORE_OK || ids.count < 10000 || !idsb.id ||
        store_each_attendee(bs, evb, collect, &idsb) != STORE_OK || idsb.count < 10000 ||
        store_device_name_set(a, "Kiosk A", ids_now_ms()) != STORE_OK ||
        store_device_name_set(bs, "Kiosk B", ids_now_ms()) != STORE_OK) {
        bench_log("sync: cannot open the meetings: %s", err);
        exit(70);
    }
    Seen seen = {.batches = 0};
    pthread_mutex_init(&seen.mu, NULL);
    pthread_cond_init(&seen.cv, NULL);
    Sync *sa = sync_start(a, ev.key, &cfg, NULL, NULL, err, sizeof err);
    Sync *sb = sync_start(bs, ev.key, &cfg, on_applied, &seen, err, sizeof err);
    if (!sa || !sb || !wait_state(sa, SYNC_ONLINE, 10000) || !wait_state(sb, SYNC_ONLINE, 10000)) {
        bench_log("sync: the kiosks did not come online: %s", err);
        exit(70);
    }
    store_on_commit(a, nudge, sa);

    /* Check-in at A to taken in at B. */
    const int n = b->quick ? 30 : 200;
    double ms[200];
    int named = 0;
    int64_t existing = 0;
    for (int i = 0; i < n; i++) {
        pthread_mutex_lock(&seen.mu);
        int64_t before = seen.batches;
        pthread_mutex_unlock(&seen.mu);
        int64_t t0 = bench_ns();
        if (store_checkin(a, eva, ids.id[i], ids_now_ms(), &existing) != STORE_OK) {
            exit(70);
        }
        pthread_mutex_lock(&seen.mu);
        while (seen.batches == before) {
            pthread_cond_wait(&seen.cv, &seen.mu);
        }
        pthread_mutex_unlock(&seen.mu);
        ms[i] = bench_ms(t0, bench_ns());
        /* Both files hold the same list in the same order: B's i-th is A's i-th. */
        StoreCheckinPlace where;
        named += store_checkin_place(bs, idsb.id[i], &where) == STORE_OK && !where.here &&
                 strcmp(where.name, "Kiosk A") == 0;
        nap_ms(5);
    }
    bench_log("sync: B said \"already checked in (Kiosk A)\" for %d of %d check-ins", named, n);
    bench_add(b, "sync.visible", "ms", ms, (size_t)n, true,
              "check-in committed at A until taken in at B (loopback)");

    /* Idle: nothing to do for 10 s. */
    SyncStatus s1, s2, s3, s4;
    nap_ms(500);
    sync_status(sa, &s1);
    sync_status(sb, &s2);
    nap_ms(10000);
    sync_status(sa, &s3);
    sync_status(sb, &s4);
    double wake = (double)(s3.wakeups - s1.wakeups + s4.wakeups - s2.wakeups);
    bench_add(b, "sync.idle_wakeups", "count", &wake, 1, false,
              "both sync threads together, 10 s with nothing to do");

    /* 10,000 records while both are off: A undoes the n check-ins above and checks in
     * 10,000 - n more. */
    store_on_commit(a, NULL, NULL);
    sync_stop(sa);
    sync_stop(sb);
    int64_t b_applied_before = s4.applied;
    (void)b_applied_before;
    for (int i = 0; i < n; i++) {
        if (store_checkin_undo(a, eva, ids.id[i], ids_now_ms()) != STORE_OK) {
            exit(70);
        }
    }
    for (int i = n; i < 10000; i++) {
        if (store_checkin(a, eva, ids.id[i], ids_now_ms(), &existing) != STORE_OK) {
            exit(70);
        }
    }
    int64_t pending = 0;
    store_sync_pending(a, &pending);
    int64_t t0 = bench_ns();
    sa = sync_start(a, ev.key, &cfg, NULL, NULL, err, sizeof err);
    while (sa && store_sync_pending(a, &pending) == STORE_OK && pending > 0) {
        nap_ms(5);
    }
    double pub = bench_ms(t0, bench_ns()) / 1000.0;
    bench_add(b, "sync.publish_10k", "s", &pub, 1, false,
              "A's 10,000 queued records published, each acknowledged");

    seen.batches = 0;
    t0 = bench_ns();
    sb = sync_start(bs, ev.key, &cfg, on_applied, &seen, err, sizeof err);
    for (;;) {
        SyncStatus st;
        sync_status(sb, &st);
        if (st.applied >= 10000) {
            break;
        }
        nap_ms(5);
    }
    double catchup = bench_ms(t0, bench_ns()) / 1000.0;
    bench_add(b, "sync.catchup_10k", "s", &catchup, 1, false,
              "B back after the outage until the 10,000 records are taken in");
    sync_stop(sa);
    sync_stop(sb);
    StoreStats sta, stb;
    if (store_stats(a, eva, &sta) == STORE_OK && store_stats(bs, evb, &stb) == STORE_OK &&
        sta.checked_in != stb.checked_in) {
        bench_log("sync: A counts %lld checked in, B %lld", (long long)sta.checked_in,
                  (long long)stb.checked_in);
    }
    store_close(a);
    store_close(bs);
    free(ids.id);
    free(idsb.id);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}
