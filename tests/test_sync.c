/* test_sync: several kiosks of one event live over a real NATS JetStream server
 * (app/core/sync.h), on real database files in $MINGEL_TEST_TMP.
 *
 * The test starts Debian's nats-server itself ($MINGEL_NATS_SERVER) on 127.0.0.1 at a free
 * port, with JetStream storage in a temporary directory, and stops it at the end. Three
 * kiosks run as child processes of this one (fork; the parent never touches NATS, so the
 * children start clean), each with its own database that imported the same event and
 * list, and each checks people in, registers walk-ins, undoes and rates as told through a
 * pipe, publishing and consuming through the sync module. Between the scripted steps come
 * the faults: the server killed and restarted with its storage and without it, a kiosk
 * SIGSTOPped and resumed, a kiosk killed during a burst of publishing and started again,
 * every record published again (duplicates), a kiosk cut off from the server by a proxy
 * (a partition) and joined again. After each, the test waits (a deadline, not a timing
 * assertion) until every database's canonical dump (store_dump_canonical) is the same and
 * every outbox empty; at the end the three equal `mingel merge` of all three into a fresh
 * database, and someone checked in at two kiosks in the same second counts once.
 *
 * Without a server, duplicate and out-of-order delivery is driven directly: every message
 * one kiosk would publish is applied to another twice, in reverse order and shuffled, and
 * the result equals a merge of the first kiosk's file.
 *
 * Refusals: wrong credentials, a port that does not speak NATS, and a stream of the same
 * name that belongs to another event are refused with a message saying so, and nothing is
 * taken in.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
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
#include "core/roster.h"
#include "core/store.h"
#include "core/sync.h"
#include "support.h"
#include "synctest.h"

static const char EVENT_INI[] = "[event]\n"
                                "id = drift_2026\n"
                                "title = Driftchefsnätverket – vinterträff\n"
                                "date = 2026-12-06\n"
                                "phases = both\n"
                                "[question.1]\n"
                                "sv = Hur nöjd är du med dagen?\n"
                                "en = How satisfied are you with the day?\n";

/* Another meeting whose key maps to the same stream name (drift.2026 -> drift_2026). */
static const char OTHER_INI[] = "[event]\n"
                                "id = drift.2026\n"
                                "title = Ett annat möte\n"
                                "date = 2026-12-07\n";

/* ---- A proxy between a kiosk and the server, to cut it off -------------------------------
 * A child process forwarding TCP from its own port to the server's; SIGUSR1 cuts every
 * connection and refuses new ones, SIGUSR2 lets them through again. */

static volatile sig_atomic_t proxy_cut;
static void proxy_signal(int sig)
{
    proxy_cut = sig == SIGUSR1;
}

static void proxy_run(int listen_fd, int target_port)
{
    signal(SIGUSR1, proxy_signal);
    signal(SIGUSR2, proxy_signal);
    enum { PAIRS = 16 };
    int a[PAIRS], b[PAIRS];
    for (int i = 0; i < PAIRS; i++) {
        a[i] = b[i] = -1;
    }
    for (;;) {
        if (proxy_cut) {
            for (int i = 0; i < PAIRS; i++) {
                if (a[i] >= 0) {
                    close(a[i]);
                    close(b[i]);
                    a[i] = b[i] = -1;
                }
            }
        }
        struct pollfd p[1 + 2 * PAIRS];
        int np = 0;
        p[np++] = (struct pollfd){.fd = listen_fd, .events = POLLIN};
        for (int i = 0; i < PAIRS; i++) {
            p[np++] = (struct pollfd){.fd = a[i], .events = POLLIN};
            p[np++] = (struct pollfd){.fd = b[i], .events = POLLIN};
        }
        if (poll(p, (nfds_t)np, 200) <= 0) {
            continue;
        }
        if (p[0].revents & POLLIN) {
            int c = accept(listen_fd, NULL, NULL);
            int slot = -1;
            for (int i = 0; i < PAIRS && slot < 0; i++) {
                slot = a[i] < 0 ? i : -1;
            }
            int s = -1;
            if (c >= 0 && !proxy_cut && slot >= 0) {
                s = socket(AF_INET, SOCK_STREAM, 0);
                struct sockaddr_in t = {.sin_family = AF_INET,
                                        .sin_port = htons((uint16_t)target_port),
                                        .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
                if (connect(s, (struct sockaddr *)&t, sizeof t) != 0) {
                    close(s);
                    s = -1;
                }
            }
            if (s >= 0) {
                a[slot] = c;
                b[slot] = s;
            } else if (c >= 0) {
                close(c);
            }
        }
        for (int i = 0; i < PAIRS; i++) {
            for (int side = 0; side < 2 && a[i] >= 0; side++) {
                struct pollfd *q = &p[1 + 2 * i + side];
                if (!(q->revents & (POLLIN | POLLHUP | POLLERR))) {
                    continue;
                }
                char buf[65536];
                ssize_t n = read(side ? b[i] : a[i], buf, sizeof buf);
                ssize_t off = 0;
                while (n > 0 && off < n) {
                    ssize_t w = write(side ? a[i] : b[i], buf + off, (size_t)(n - off));
                    if (w <= 0) {
                        n = -1;
                        break;
                    }
                    off += w;
                }
                if (n <= 0) {
                    close(a[i]);
                    close(b[i]);
                    a[i] = b[i] = -1;
                }
            }
        }
    }
}

/* A socket listening on 127.0.0.1 at a free port (written to *port); reuse sets
 * SO_REUSEADDR. */
static int listen_loopback(int *port, bool reuse)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (reuse) {
        int one = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    socklen_t len = sizeof a;
    assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
    assert_int_equal(listen(fd, 16), 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* serve(listen_fd, arg) in a child process the test tracks (and so ends); this side's copy
 * of listen_fd is closed. */
static pid_t serve_forked(int listen_fd, void (*serve)(int listen_fd, int arg), int arg)
{
    pid_t pid = fork_ok();
    if (pid == 0) {
        serve(listen_fd, arg);
        _exit(0);
    }
    close(listen_fd);
    track(pid);
    return pid;
}

static pid_t proxy_start(int *port, int target_port)
{
    return serve_forked(listen_loopback(port, true), proxy_run, target_port);
}

/* Answers every connection like a web server: not NATS. Never returns. */
static void not_nats_run(int listen_fd, int unused)
{
    (void)unused;
    for (;;) {
        int c = accept(listen_fd, NULL, NULL);
        if (c >= 0) {
            static const char reply[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
            ssize_t w = write(c, reply, sizeof reply - 1);
            (void)w;
            sleep_ms(100);
            close(c);
        }
    }
}

/* A port that answers like a web server: not NATS. */
static pid_t not_nats_start(int *port)
{
    return serve_forked(listen_loopback(port, false), not_nats_run, 0);
}

static size_t count_lines(const char *dump, const char *prefix)
{
    size_t n = 0, len = strlen(prefix);
    for (const char *p = dump; (p = strchr(p, '\n')) != NULL; p++) {
        n += strncmp(p + 1, prefix, len) == 0;
    }
    return n;
}

/* Kiosks A, B and C, each with its own database of the event (not started yet). */
static void three_kiosk_dbs(Kiosk k[3])
{
    memset(k, 0, 3 * sizeof k[0]);
    kiosk_db(&k[0], "A", EVENT_INI);
    kiosk_db(&k[1], "B", EVENT_INI);
    kiosk_db(&k[2], "C", EVENT_INI);
}

/* ---- 1. Three kiosks through every fault ---------------------------------------------------- */

static void test_three_kiosks_live(void **state)
{
    (void)state;
    Server sv = {.port = free_port()};
    server_start_fresh(&sv, "sync-js");
    int proxy_port = 0;
    pid_t proxy = proxy_start(&proxy_port, sv.port);

    Kiosk k[3];
    three_kiosk_dbs(k);
    SyncConfig direct = config_for(sv.port, NULL, NULL);
    SyncConfig via_proxy = config_for(proxy_port, NULL, NULL);
    kiosk_spawn(&k[0], &direct);
    kiosk_spawn(&k[1], &via_proxy); /* B reaches the server through the proxy */
    kiosk_spawn(&k[2], &direct);

    /* Morning: each kiosk checks people in; walk-ins; feedback. */
    char t[16];
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 3; j++) {
            snprintf(t, sizeof t, "%d", 100 + j * 5 + i);
            kiosk_ok(&k[j], "c %s", t);
        }
    }
    kiosk_ok(&k[0], "w %s", "Fia Fors");
    kiosk_ok(&k[1], "w %s", "Gustav Gran");
    kiosk_ok(&k[2], "f %s", "tok-c-1 4");
    kiosk_ok(&k[1], "u %s", "105");
    /* The same person at A and B in the same second: both told before either answers.
     * Live sync can be quick enough for the second to know of the first already (on a
     * busy machine one kiosk may wait that long for its turn), so one of them may say
     * "already checked in"; never both. Either way it counts once (below). The partition
     * further on makes a double check-in certain. */
    fprintf(k[0].to, "c 150\n");
    fprintf(k[1].to, "c 150\n");
    fflush(k[0].to);
    fflush(k[1].to);
    char both[2][64];
    int oks = 0;
    for (int i = 0; i < 2; i++) {
        assert_non_null(fgets(both[i], sizeof both[i], k[i].from));
        if (strcmp(both[i], "ok\n") == 0) {
            oks++;
        } else {
            assert_string_equal(both[i], "already checked in\n");
        }
    }
    assert_true(oks >= 1);
    wait_converged(k, 3, "morning");
    /* Now B knows A's check-ins: an undo at B of a check-in made at A. */
    kiosk_ok(&k[1], "u %s", "100");
    assert_string_equal(kiosk_cmd(&k[2], "c 101"), "already checked in");
    wait_converged(k, 3, "undo of another kiosk's check-in");

    /* The server killed; the kiosks go on offline; the server back with its storage. */
    server_kill(&sv);
    kiosk_ok(&k[0], "c %s", "120");
    kiosk_ok(&k[1], "c %s", "121");
    kiosk_ok(&k[2], "w %s", "Hanna Holm");
    server_start(&sv);
    wait_converged(k, 3, "server restarted with its storage");

    /* The server killed and started without its storage: everything again, from the
     * kiosks. */
    server_kill(&sv);
    remove_tree(sv.dir);
    kiosk_ok(&k[0], "c %s", "122");
    server_start(&sv);
    kiosk_ok(&k[2], "c %s", "123");
    wait_converged(k, 3, "server restarted without its storage");
    /* Each subscribed to the new stream's consumer at once. Had the subscription cnats
     * renewed at the reconnect still listened when the consumer was made, the consumer
     * would have been found bound to it ("cannot subscribe ... already bound"), and what
     * it had been sent lost until the ack wait, 30 s later. */
    for (int j = 0; j < 3; j++) {
        if (file_holds(k[j].log, "", "cannot subscribe")) {
            TestBytes log = read_file(k[j].log);
            fail_msg("kiosk %s could not subscribe to the new stream at once; its log:\n%s",
                     k[j].name, log.data);
        }
    }

    /* B stopped (SIGSTOP) while A and C go on; then resumed. */
    kill(k[1].pid, SIGSTOP);
    kiosk_ok(&k[0], "c %s", "124");
    kiosk_ok(&k[2], "c %s", "125");
    kiosk_ok(&k[2], "w %s", "Ivar Ibsen");
    kill(k[1].pid, SIGCONT);
    kiosk_ok(&k[1], "c %s", "126");
    wait_converged(k, 3, "kiosk B stopped and resumed");

    /* C killed during a burst of walk-ins, then started again on its file. */
    fprintf(k[2].to, "b 300 Burst\n");
    fflush(k[2].to);
    sleep_ms(150);
    kiosk_kill(&k[2]);
    kiosk_spawn(&k[2], &direct);
    kiosk_ok(&k[2], "c %s", "127");
    wait_converged(k, 3, "kiosk C killed while publishing");

    /* Every record published once more by every kiosk: the server and the kiosks take
     * each in once. */
    for (int j = 0; j < 3; j++) {
        kiosk_ok(&k[j], "%s", "R");
    }
    wait_converged(k, 3, "everything published twice");

    /* B cut off from the server (a partition); both sides write; B joins again. */
    kill(proxy, SIGUSR1);
    kiosk_ok(&k[1], "c %s", "130");
    kiosk_ok(&k[1], "w %s", "Jonna Jern");
    kiosk_ok(&k[0], "c %s", "131");
    kiosk_ok(&k[2], "c %s", "130"); /* the same person on both sides of the partition */
    sleep_ms(1500);
    char *b = dump_file(k[1].db, NULL);
    char *a = dump_file(k[0].db, NULL);
    assert_string_not_equal(a, b); /* really cut off */
    free(a);
    free(b);
    kill(proxy, SIGUSR2);
    wait_converged(k, 3, "partition healed");

    for (int j = 0; j < 3; j++) {
        kiosk_quit(&k[j]);
    }
    kill(proxy, SIGKILL);
    waitpid(proxy, NULL, 0);
    server_kill(&sv);
    remove_tree(sv.dir);

    /* Equal to `mingel merge` of all three into a fresh database. */
    Kiosk m = {0};
    kiosk_db(&m, "merged", EVENT_INI);
    Store *s = open_kiosk(m.db);
    for (int j = 0; j < 3; j++) {
        StoreMergeReport rep;
        assert_int_equal(store_merge(s, k[j].db, &rep, NULL, NULL), STORE_OK);
    }
    char *merged = dump_of(s);
    StoreStats stats = event_stats(s, m.event_id);
    store_close(s);
    char *live = dump_file(k[0].db, NULL);
    assert_string_equal(live, merged);
    /* Counted once each: 15 of the morning - 2 undone + 150 + 120..127 + 130, 131, and
     * the walk-ins (Fia, Gustav, Hanna, Ivar, Jonna, and C's burst up to its kill). */
    size_t walkins = count_lines(live, "attendee|'drift_2026'|'w:");
    assert_true(walkins >= 5);
    assert_int_equal(stats.checked_in, 13 + 1 + 8 + 2 + (int64_t)walkins);
    free(live);
    free(merged);
}

/* ---- 2. Duplicates and disorder, without a server ----------------------------------------------
 */

static void test_duplicate_and_out_of_order(void **state)
{
    (void)state;
    Kiosk a = {0}, b = {0}, ref = {0};
    kiosk_db(&a, "dupA", EVENT_INI);
    kiosk_db(&b, "dupB", EVENT_INI);
    kiosk_db(&ref, "dupRef", EVENT_INI);
    Store *sa = open_kiosk(a.db);
    int64_t t0 = ids_now_ms();
    checkin_ticket(sa, a.event_id, "100", t0);
    checkin_ticket(sa, a.event_id, "101", t0 + 10);
    StoreAttendee at;
    assert_int_equal(store_find_ticket(sa, a.event_id, "100", &at), STORE_OK);
    assert_int_equal(store_checkin_undo(sa, a.event_id, at.id, t0 + 20), STORE_OK);
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(sa, a.event_id, "Kalle Kula", "Gäst", true, t0 + 30, id),
                     STORE_OK);
    assert_int_equal(store_rating_put(sa, a.event_id, "tok-1", 0, 5, false, t0 + 40), STORE_OK);
    /* Every message A would publish. */
    StoreSyncOut out[32];
    size_t n = 0;
    int64_t after = 0;
    while (store_sync_next(sa, "drift_2026", after, &out[n]) == STORE_OK) {
        after = out[n].seq;
        n++;
        assert_true(n < 32);
    }
    assert_int_equal(n, 6); /* 100, 101, undo, walk-in and its check-in, rating */
    store_close(sa);

    /* B checked 101 in a moment before A did (the same second): counted once. */
    Store *sb = open_kiosk(b.db);
    checkin_ticket(sb, b.event_id, "101", t0 + 5);
    /* Reverse order, then again in order, then shuffled: each twice at least. */
    StoreSyncIn in[96];
    size_t k = 0;
    for (size_t i = n; i-- > 0;) {
        in[k++] = (StoreSyncIn){.data = out[i].payload, .len = out[i].len};
    }
    for (size_t i = 0; i < n; i++) {
        in[k++] = (StoreSyncIn){.data = out[i].payload, .len = out[i].len};
    }
    for (size_t i = 0; i < n; i++) {
        size_t j = (i * 5 + 3) % n;
        in[k++] = (StoreSyncIn){.data = out[j].payload, .len = out[j].len};
    }
    /* One at a time for the first round (each its own transaction), in batches after. */
    for (size_t i = 0; i < n; i++) {
        StoreMergeReport rep;
        assert_int_equal(store_sync_apply(sb, "drift_2026", &in[i], 1, &rep, NULL, NULL), STORE_OK);
        CHECK("reverse order", in[i].status == STORE_OK);
    }
    StoreMergeReport rep;
    assert_int_equal(store_sync_apply(sb, "drift_2026", in + n, k - n, &rep, NULL, NULL), STORE_OK);
    for (size_t i = n; i < k; i++) {
        CHECK("again", in[i].status == STORE_OK);
    }
    CHECK("nothing new the second time", rep.checkins == 0 && rep.attendees == 0);
    StoreStats st = event_stats(sb, b.event_id);
    CHECK("101 once, the walk-in, not 100 (undone)", st.checked_in == 2);

    /* Messages refused: another event's, not JSON, a row not as mingel writes it. */
    static const char other[] = "{\"mingel\":1,\"event\":\"drift.2026\",\"event_id\":\"x\","
                                "\"device\":\"d\",\"rows\":[]}";
    static const char junk[] = "not json at all";
    static const char bad_row[] =
        "{\"mingel\":1,\"event\":\"drift_2026\",\"event_id\":\"e\",\"device\":\"d\",\"rows\":"
        "[[\"rating\",\"r1\",\"e\",\"tok\",0,\"five\",1,\"dev\",0,1]]}";
    char *before = dump_of(sb);
    StoreSyncIn bad[3] = {{other, sizeof other - 1, STORE_OK},
                          {junk, sizeof junk - 1, STORE_OK},
                          {bad_row, sizeof bad_row - 1, STORE_OK}};
    assert_int_equal(store_sync_apply(sb, "drift_2026", bad, 3, &rep, NULL, NULL), STORE_OK);
    CHECK("another event's", bad[0].status == STORE_NOT_FOUND);
    CHECK("not json", bad[1].status == STORE_INVALID);
    CHECK("a bad row", bad[2].status == STORE_CORRUPT);
    char *after_bad = dump_of(sb);
    assert_string_equal(before, after_bad);
    free(before);
    free(after_bad);
    char *live = dump_of(sb);
    store_close(sb);

    /* The same as merging A's file into B's state of before. */
    Store *sr = open_kiosk(ref.db);
    checkin_ticket(sr, ref.event_id, "101", t0 + 5);
    store_close(sr);
    /* ref's own check-in has another id than B's: compare with B's file merged instead. */
    Kiosk b2 = {0};
    kiosk_db(&b2, "dupB2", EVENT_INI);
    Store *s2 = open_kiosk(b2.db);
    assert_int_equal(store_merge(s2, a.db, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(store_merge(s2, b.db, &rep, NULL, NULL), STORE_OK);
    char *merged = dump_of(s2);
    store_close(s2);
    assert_string_equal(live, merged);
    free(live);
    free(merged);
    for (size_t i = 0; i < n; i++) {
        free(out[i].payload);
    }
}

/* ---- 3. Refusals ----------------------------------------------------------------------------- */

static void test_refusals(void **state)
{
    (void)state;
    Server sv = {.port = free_port(), .user = "mingel-kiosk", .pass = "right-secret-1"};
    server_start_fresh(&sv, "sync-js-auth");

    /* The right credentials: a kiosk of the event publishes a check-in. */
    Kiosk good = {0}, wrong = {0}, other = {0}, web = {0};
    kiosk_db(&good, "good", EVENT_INI);
    SyncConfig right = config_for(sv.port, "mingel-kiosk", "right-secret-1");
    kiosk_spawn(&good, &right);
    kiosk_ok(&good, "c %s", "100");

    /* Wrong credentials. */
    kiosk_db(&wrong, "wrong", EVENT_INI);
    SyncConfig bad = config_for(sv.port, "mingel-kiosk", "wrong-secret");
    expect_refused(&wrong, &bad, "credentials");

    /* A kiosk of another event whose stream name is the same. */
    wait_converged(&good, 1, "the good kiosk published");
    kiosk_db(&other, "other", OTHER_INI);
    expect_refused(&other, &right, "not this event's");
    kiosk_quit(&good);

    /* A port that is not NATS. */
    int port = 0;
    pid_t fake = not_nats_start(&port);
    kiosk_db(&web, "web", EVENT_INI);
    SyncConfig not_nats = config_for(port, NULL, NULL);
    expect_refused(&web, &not_nats, "not a NATS server");
    kill(fake, SIGKILL);
    waitpid(fake, NULL, 0);

    server_kill(&sv);
    remove_tree(sv.dir);
}

/* ---- Where, and who is online ---------------------------------------------------------- */

typedef struct ListedKiosk {
    bool found, self, connected;
    long long behind, seen_ms;
    char name[64];
} ListedKiosk;

/* The kiosk with device id device in a "k" reply. */
static ListedKiosk listed(const char *reply, const char *device)
{
    ListedKiosk k = {0};
    const char *p = strstr(reply, device);
    int self = 0, conn = 0;
    int name_at = 0;
    if (p &&
        sscanf(p + strlen(device), ":%d:%d:%lld:%lld:%n", &self, &conn, &k.behind, &k.seen_ms,
               &name_at) == 4 &&
        name_at > 0) {
        k.found = true;
        k.self = self;
        k.connected = conn;
        const char *name = p + strlen(device) + name_at;
        size_t n = strcspn(name, "|");
        n = n > 0 && name[n - 1] == ' ' ? n - 1 : n; /* the separator's space */
        snprintf(k.name, sizeof k.name, "%.*s", (int)n, name);
    }
    return k;
}

/* Asks kiosk at for the list until kiosk `of` is connected (or not) and `behind` records
 * behind; fails at the deadline naming what it saw. */
static ListedKiosk wait_listed(Kiosk *at, const Kiosk *of, bool connected, long long behind)
{
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    for (;;) {
        const char *r = kiosk_cmd(at, "k");
        ListedKiosk k = listed(r, of->device);
        if (k.found && k.connected == connected && k.behind == behind) {
            return k;
        }
        if (ids_now_ms() > deadline) {
            fail_msg("kiosk %s never listed %s as %s and %lld behind: %s", at->name, of->name,
                     connected ? "connected" : "not connected", behind, r);
        }
    }
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Someone checked in at A is "already checked in (Kiosk A, 09:12)" at B: B's store says
 * so, by A's name, within a second on loopback (p95 of 20 check-ins; a deadline of its own
 * for a hung run). And each kiosk's list of the kiosks says who is online, who was seen
 * when, and how far behind each is: a kiosk that stopped falls behind by what the others
 * wrote meanwhile, and catches up when it is back. */
static void test_already_at_another_kiosk_and_the_list(void **state)
{
    (void)state;
    Server sv = {.port = free_port()};
    server_start_fresh(&sv, "sync-js-where");
    Kiosk k[3];
    three_kiosk_dbs(k);
    SyncConfig cfg = config_for(sv.port, NULL, NULL);
    for (int i = 0; i < 3; i++) {
        kiosk_spawn(&k[i], &cfg);
    }
    for (int i = 0; i < 3; i++) {
        int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
        while (strncmp(kiosk_cmd(&k[i], "s"), "online ", 7) != 0) {
            assert_true(ids_now_ms() < deadline);
            sleep_ms(20);
        }
    }

    enum { N = 20 };
    double ms[N];
    char t[16];
    for (int i = 0; i < N; i++) {
        snprintf(t, sizeof t, "%d", 100 + i);
        int64_t t0 = ids_now_ms();
        kiosk_ok(&k[0], "c %s", t);
        const char *r = "";
        while (strncmp(r = kiosk_cmd(&k[1], "p %s", t), "place ", 6) != 0) {
            if (ids_now_ms() > t0 + CONVERGE_DEADLINE_MS) {
                fail_msg("B never saw %s checked in at A: %s", t, r);
            }
            sleep_ms(2);
        }
        ms[i] = (double)(ids_now_ms() - t0);
        assert_string_equal(r, "place there Kiosk A");
        assert_string_equal(kiosk_cmd(&k[1], "c %s", t), "already checked in");
        assert_string_equal(kiosk_cmd(&k[0], "p %s", t), "place here Kiosk A");
    }
    qsort(ms, N, sizeof ms[0], by_value);
    fprintf(stderr,
            "test_sync: check-in at A to \"already checked in (Kiosk A)\" at B: median "
            "%.0f ms, p95 %.0f ms, max %.0f ms (%d check-ins)\n",
            ms[N / 2], ms[N * 95 / 100 - 1], ms[N - 1], N);
    if (ms[N * 95 / 100 - 1] > 1000) {
        fail_msg("p95 %.0f ms: not within a second", ms[N * 95 / 100 - 1]);
    }

    /* The list at A: the three, A itself first, all online and none behind. */
    ListedKiosk self = wait_listed(&k[0], &k[0], true, 0);
    assert_true(self.self);
    wait_listed(&k[0], &k[1], true, 0);
    ListedKiosk c = wait_listed(&k[0], &k[2], true, 0);
    assert_false(c.self);
    const char *r = kiosk_cmd(&k[0], "k");
    assert_true(strncmp(r, "kiosks 3 20 ", 12) == 0); /* 20 records in the stream */
    assert_string_equal(listed(r, k[1].device).name, "Kiosk B");
    assert_true(strstr(r, k[0].device) < strstr(r, k[1].device));

    /* C stops: it is listed as not connected, last seen before now, and falls behind by
     * the records A and B write meanwhile. */
    kiosk_quit(&k[2]);
    int64_t stopped = ids_now_ms();
    kiosk_ok(&k[0], "c %s", "140");
    kiosk_ok(&k[1], "c %s", "141");
    kiosk_ok(&k[1], "w %s", "Gäst Gästsson"); /* two records: the walk-in, the check-in */
    c = wait_listed(&k[0], &k[2], false, 4);
    assert_true(c.seen_ms > 0 && c.seen_ms <= stopped + 1000);
    wait_listed(&k[1], &k[2], false, 4); /* B sees the same */
    wait_listed(&k[0], &k[1], true, 0);
    assert_string_equal(c.name, "Kiosk C");
    /* Renamed while away, and back: it catches up, the others know its new name from its
     * consumer at once, and it says where A's check-in was made. */
    Store *renamed = open_kiosk(k[2].db);
    assert_int_equal(store_device_name_set(renamed, "Entré syd", ids_now_ms()), STORE_OK);
    store_close(renamed);
    kiosk_spawn(&k[2], &cfg);
    c = wait_listed(&k[0], &k[2], true, 0);
    assert_string_equal(c.name, "Entré syd");
    wait_converged(k, 3, "kiosk C back");
    assert_string_equal(kiosk_cmd(&k[2], "p 140"), "place there Kiosk A");
    assert_string_equal(kiosk_cmd(&k[2], "p 141"), "place there Kiosk B");
    for (int i = 0; i < 3; i++) {
        kiosk_quit(&k[i]);
    }
    server_kill(&sv);
    remove_tree(sv.dir);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_duplicate_and_out_of_order, kill_started),
        cmocka_unit_test_teardown(test_refusals, kill_started),
        cmocka_unit_test_teardown(test_three_kiosks_live, kill_started),
        cmocka_unit_test_teardown(test_already_at_another_kiosk_and_the_list, kill_started),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
