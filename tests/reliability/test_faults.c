/* test_faults: the kiosk on a disk that fails, through the fault-injecting VFS.
 *
 * 1. Unsafe settings: where WAL cannot run (no shared memory, or shared memory that
 *    cannot be mapped) the store refuses to start (STORE_UNSAFE, a message naming the
 *    file) and leaves an existing file as it was; where it runs, every acknowledged write
 *    was followed by an fsync of the -wal before the kiosk said so (synchronous=FULL is
 *    in force, seen from below rather than read back).
 * 2. Every fault point: for each kind of write the kiosk acknowledges (check-in, walk-in,
 *    rating, reflection), a dry run counts its xWrite and xSync calls; then for EVERY N
 *    the Nth write fails (I/O error, or disk full), or the Nth sync fails. A single
 *    fault is followed by each of three endings: the kiosk is closed and the file
 *    reopened without faults; the kiosk goes on and retries (no restart); the process
 *    dies right after the failure. A fault that stays (every later write or sync fails
 *    too) is followed by the close, the only ending that writes after it (the closing
 *    checkpoint). In all of them: an acknowledged record is in the file, the file
 *    passes integrity_check, everything stored before is still there, nothing else is,
 *    and a record the kiosk did not acknowledge is not there, with one exception no
 *    program can avoid: after a failed fsync the bytes may still have reached the disk,
 *    and a crash (or a disk that keeps failing) can bring that record back. Then the
 *    kiosk said "not saved" about a record that exists; never the reverse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/flow.h"
#include "core/store.h"
#include "faultvfs.h"
#include "kiosk.h"
#include "support.h"

#define PEOPLE 12
#define T0     1800000000000LL /* 2027-01-15, the fake clock's start (ms) */

/* ---- Files -------------------------------------------------------------------------- */

static void assert_same_file(const char *path, const TestBytes *before, const char *what)
{
    TestBytes now = read_file(path);
    if (now.len != before->len || memcmp(now.data, before->data, now.len) != 0) {
        fail_msg("%s: %s was changed", what, path);
    }
    free(now.data);
}

static Store *open_plain(const char *path)
{
    Store *s = NULL;
    char err[512];
    StoreStatus st = store_open(path, ids_os_random, NULL, &s, err, sizeof err);
    if (st != STORE_OK) {
        fail_msg("store_open(%s): %s: %s", path, store_status_text(st), err);
    }
    return s;
}

static void setup_vfs(void)
{
    assert_int_equal(faultvfs_register(), 0);
    /* What is tested here is what SQLite and the store do with each write and sync call,
     * not whether the disk keeps the bytes: the calls are counted and failed as ever, but
     * a successful one does not wait for the disk (a few thousand fsyncs otherwise). */
    faultvfs_real_sync(false);
}

/* ---- 1. Unsafe settings -------------------------------------------------------------- */

/* A mingel database in WAL mode, closed (a single file). */
static void make_mingel_db(const char *path)
{
    remove_db(path);
    Store *s = open_plain(path);
    char ev[IDS_UUID_LEN + 1];
    assert_int_equal(kiosk_setup(s, PEOPLE, T0, ev), STORE_OK);
    store_close(s);
    assert_false(exists_with(path, "-wal"));
}

typedef struct ShmCase {
    const char *what;
    FaultPlan plan;
} ShmCase;

static const ShmCase SHM_CASES[] = {
    {"no shared memory (io methods version 1)", {.no_shm = true}},
    {"shared memory refused (xShmMap fails)", {.refuse_shm = true}},
};

/* Opening path under the case's plan is refused as unsafe, with a message naming the file
 * and WAL; which ("new file", "existing file") says what was opened. */
static void expect_refused_unsafe(const ShmCase *c, const char *path, const char *which)
{
    Store *s = NULL;
    char err[512] = "";
    faultvfs_arm(&c->plan);
    StoreStatus st = store_open_vfs(path, FAULTVFS_NAME, ids_os_random, NULL, &s, err, sizeof err);
    faultvfs_disarm();
    if (st != STORE_UNSAFE) {
        fail_msg("%s, %s: got %s (%s), want %s", c->what, which, store_status_text(st), err,
                 store_status_text(STORE_UNSAFE));
    }
    assert_null(s);
    if (!strstr(err, path) || !strstr(err, "WAL")) {
        fail_msg("%s, %s: the message should name the file and WAL: %s", c->what, which, err);
    }
}

static void wal_without_shared_memory_is_refused(void **state)
{
    (void)state;
    setup_vfs();
    char path[4096];
    tmp_path(path, sizeof path, "unsafe.db");
    for (size_t i = 0; i < sizeof SHM_CASES / sizeof SHM_CASES[0]; i++) {
        const ShmCase *c = &SHM_CASES[i];

        /* A new database: refused, and nothing is left behind. */
        remove_db(path);
        expect_refused_unsafe(c, path, "new file");
        assert_false(exists_with(path, ""));
        assert_false(exists_with(path, "-wal"));
        assert_false(exists_with(path, "-shm"));

        /* An existing mingel database: refused, the file byte for byte as it was. */
        make_mingel_db(path);
        TestBytes before = read_file(path);
        expect_refused_unsafe(c, path, "existing file");
        assert_same_file(path, &before, c->what);
        free(before.data);
        /* Where WAL works, the same file opens. */
        store_close(open_plain(path));
    }
    remove_db(path);
}

/* An unknown VFS is an error, not a silent fallback to the default one. */
static void unknown_vfs_is_refused(void **state)
{
    (void)state;
    char path[4096], err[512];
    tmp_db(path, sizeof path, "novfs.db");
    Store *s = NULL;
    assert_int_equal(store_open_vfs(path, "no-such-vfs", ids_os_random, NULL, &s, err, sizeof err),
                     STORE_IO);
    assert_null(s);
    assert_non_null(strstr(err, path));
    assert_false(exists_with(path, ""));
}

/* ---- 2. Every fault point ----------------------------------------------------------- */

/* What was stored before the write under test: the template's records. */
#define EARLY_TOKEN "EarlierSessionToken123"
#define EARLY_TEXT  "Bra dag"

typedef struct Kiosk {
    char path[4096];
    Store *s;
    Flow *f;
    KioskRandom rnd; /* the flow's: feedback tokens */
    KioskRandom ids; /* the store's: record ids, the same in every run, so that the dry run
                        and the faulted runs make the same b-tree changes, write for write */
    char ev[IDS_UUID_LEN + 1];
    int64_t now;
    char token[LINK_TOKEN_LEN + 1]; /* the feedback session of the write under test */
} Kiosk;

/* The template: the meeting, person 0 checked in, a walk-in, and a whole feedback
 * session, stored through the store; closed, so it is one file to copy. */
static TestBytes template_db(void)
{
    char path[4096];
    tmp_db(path, sizeof path, "template.db");
    Store *s = open_plain(path);
    char ev[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
    assert_int_equal(kiosk_setup(s, PEOPLE, T0, ev), STORE_OK);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, ev, "K00000", &a), STORE_OK);
    int64_t at = 0;
    assert_int_equal(store_checkin(s, ev, a.id, T0, &at), STORE_OK);
    assert_int_equal(store_walk_in(s, ev, "Tidig Gäst", "Förr AB", false, T0, id), STORE_OK);
    assert_int_equal(store_rating_put(s, ev, EARLY_TOKEN, 0, 4, false, T0), STORE_OK);
    assert_int_equal(store_rating_put(s, ev, EARLY_TOKEN, 1, 9, false, T0), STORE_OK);
    assert_int_equal(store_reflection_put(s, ev, EARLY_TOKEN, EARLY_TEXT, false, T0), STORE_OK);
    store_close(s);
    TestBytes b = read_file(path);
    remove_db(path);
    return b;
}

/* The write under test, and what the kiosk wrote before it in the same session. */
typedef struct WriteOp {
    const char *name;
    KioskWrite write;
    /* Taps up to the write. 0 or -1. */
    int (*prepare)(Kiosk *k);
    void (*commit)(Kiosk *k);
} WriteOp;

/* The test's record: person 5, walk-in "Sen Gäst", rating 3 on question 0, a reflection;
 * the last two in a session whose token is k->token. */
#define CHECKIN_PERSON 5
#define WALKIN_NAME    "Sen Gäst"
#define RATING_VALUE   3
#define REFLECTION     "Allt höll"

static int prep_checkin(Kiosk *k)
{
    char code[5];
    kiosk_person_code(CHECKIN_PERSON, code);
    return kiosk_checkin_prepare(k->f, &k->now, code);
}

static void commit_checkin(Kiosk *k)
{
    kiosk_checkin_commit(k->f, &k->now);
}

static int prep_walkin(Kiosk *k)
{
    return kiosk_walkin_prepare(k->f, &k->now, "sen gäst");
}

static void commit_walkin(Kiosk *k)
{
    kiosk_walkin_commit(k->f, &k->now);
}

static int prep_rating(Kiosk *k)
{
    return kiosk_feedback_start(k->f, &k->now, &k->rnd, k->token);
}

static void commit_rating(Kiosk *k)
{
    kiosk_rate_commit(k->f, &k->now, RATING_VALUE);
}

static int prep_reflection(Kiosk *k)
{
    if (kiosk_feedback_start(k->f, &k->now, &k->rnd, k->token) != 0) {
        return -1;
    }
    return kiosk_reflection_prepare(k->f, &k->now, "allt höll");
}

static void commit_reflection(Kiosk *k)
{
    kiosk_reflection_commit(k->f, &k->now);
}

static const WriteOp OPS[] = {
    {"check-in", KIOSK_CHECKIN, prep_checkin, commit_checkin},
    {"walk-in", KIOSK_WALKIN, prep_walkin, commit_walkin},
    {"rating", KIOSK_RATING, prep_rating, commit_rating},
    {"reflection", KIOSK_REFLECTION, prep_reflection, commit_reflection},
};
#define NOPS (sizeof OPS / sizeof OPS[0])

/* ---- Reading back ---- */

typedef struct Find {
    const char *name;
    int found;
    bool checked_in, walk_in;
} Find;

static int find_cb(void *ctx, const StoreAttendee *a)
{
    Find *f = ctx;
    if (strcmp(a->name, f->name) == 0) {
        f->found++;
        f->checked_in = a->checked_in_ms != 0;
        f->walk_in = a->walk_in;
    }
    return 0;
}

static Find find(Store *s, const char *ev, const char *name)
{
    Find f = {name, 0, false, false};
    assert_int_equal(store_each_attendee(s, ev, find_cb, &f), STORE_OK);
    return f;
}

/* Is the op's record in the store? */
static bool op_stored(Store *s, const char *ev, const WriteOp *op, const char *token)
{
    char name[ROSTER_FIELD_MAX], text[400];
    int value = -1;
    switch (op->write) {
    case KIOSK_CHECKIN:
        kiosk_person(CHECKIN_PERSON, name, sizeof name);
        return find(s, ev, name).checked_in;
    case KIOSK_WALKIN: {
        Find f = find(s, ev, WALKIN_NAME);
        assert_true(f.found <= 1);
        if (f.found) {
            assert_true(f.walk_in && f.checked_in); /* one transaction: both or neither */
        }
        return f.found == 1;
    }
    case KIOSK_RATING:
        return store_rating_get(s, ev, token, 0, &value) == STORE_OK && value == RATING_VALUE;
    case KIOSK_REFLECTION:
        return store_reflection_get(s, ev, token, text, sizeof text) == STORE_OK &&
               strcmp(text, REFLECTION) == 0;
    }
    return false;
}

/* Everything in the file: the counts, which must be the template's plus what the test
 * stored. */
typedef struct Census {
    StoreStats stats;
    StoreFeedbackStats feedback;
} Census;

static Census census(Store *s, const char *ev)
{
    Census c;
    memset(&c, 0, sizeof c);
    c.stats = event_stats(s, ev);
    c.feedback = event_feedback(s, ev);
    return c;
}

/* The census after `op` was stored on top of `base`. */
static Census plus(Census c, const WriteOp *op)
{
    switch (op->write) {
    case KIOSK_CHECKIN:
        c.stats.checked_in++;
        c.stats.checkin_records++;
        break;
    case KIOSK_WALKIN:
        c.stats.checked_in++;
        c.stats.checkin_records++;
        c.stats.walk_ins++;
        break;
    case KIOSK_RATING:
        c.feedback.sessions++;
        c.feedback.counts[0][RATING_VALUE]++;
        break;
    case KIOSK_REFLECTION:
        c.feedback.sessions++;
        c.feedback.reflections++;
        break;
    }
    return c;
}

static void assert_census(const Census *got, const Census *want, const char *what)
{
    if (memcmp(&got->stats, &want->stats, sizeof got->stats) != 0 ||
        memcmp(&got->feedback, &want->feedback, sizeof got->feedback) != 0) {
        fail_msg("%s: the file holds other records than expected (checked in %lld/%lld, "
                 "records %lld/%lld, walk-ins %lld/%lld, sessions %lld/%lld, reflections "
                 "%lld/%lld; got/want)",
                 what, (long long)got->stats.checked_in, (long long)want->stats.checked_in,
                 (long long)got->stats.checkin_records, (long long)want->stats.checkin_records,
                 (long long)got->stats.walk_ins, (long long)want->stats.walk_ins,
                 (long long)got->feedback.sessions, (long long)want->feedback.sessions,
                 (long long)got->feedback.reflections, (long long)want->feedback.reflections);
    }
}

/* The template's own records, one by one. */
static void assert_earlier_records(Store *s, const char *ev)
{
    char name[ROSTER_FIELD_MAX], text[400];
    kiosk_person(0, name, sizeof name);
    assert_true(find(s, ev, name).checked_in);
    Find g = find(s, ev, "Tidig Gäst");
    assert_true(g.found == 1 && g.walk_in && g.checked_in);
    int v = -1;
    assert_int_equal(store_rating_get(s, ev, EARLY_TOKEN, 0, &v), STORE_OK);
    assert_int_equal(v, 4);
    assert_int_equal(store_rating_get(s, ev, EARLY_TOKEN, 1, &v), STORE_OK);
    assert_int_equal(v, 9);
    assert_int_equal(store_reflection_get(s, ev, EARLY_TOKEN, text, sizeof text), STORE_OK);
    assert_string_equal(text, EARLY_TEXT);
}

/* ---- One run ---- */

typedef enum Ending {
    END_CLOSE, /* the kiosk closes after the failure; the file is reopened without faults */
    END_RETRY, /* the kiosk goes on: OK on the notice, the same tap again, no faults */
    END_CRASH, /* the process dies right after the failure (no close, no checkpoint) */
    END_COUNT
} Ending;

static const char *const ENDING_NAMES[END_COUNT] = {"close", "retry", "crash"};

typedef enum FaultKind { FK_WRITE_IOERR, FK_WRITE_FULL, FK_SYNC, FK_COUNT } FaultKind;

static const char *const KIND_NAMES[FK_COUNT] = {"write I/O error", "write disk full",
                                                 "fsync error"};

typedef struct Run {
    const WriteOp *op;
    bool warm; /* the kiosk stored a check-in first, so the -wal already has frames */
    FaultKind kind;
    int n; /* 0: no fault (the dry run) */
    bool persistent;
    Ending ending;
} Run;

typedef struct Outcome {
    bool acked;
    int notice; /* -1: no notice shown */
    FaultCounts counts;
    char token[LINK_TOKEN_LEN + 1]; /* the session's, for ratings and reflections */
} Outcome;

/* Opens the copy through the fault VFS, taps up to the write, arms, writes, disarms.
 * Returns 0, or -1 with a message on stderr (no cmocka here: a forked child runs it). */
static int run_write(Kiosk *k, const Run *r, Outcome *out)
{
    char err[512];
    StoreStatus st =
        store_open_vfs(k->path, FAULTVFS_NAME, kiosk_random, &k->ids, &k->s, err, sizeof err);
    if (st != STORE_OK) {
        fprintf(stderr, "open through the fault VFS: %s: %s\n", store_status_text(st), err);
        return -1;
    }
    EventInfo cur;
    if (store_event_current(k->s, &cur, k->ev) != STORE_OK) {
        fprintf(stderr, "no current event\n");
        return -1;
    }
    if (r->warm) {
        StoreAttendee a;
        int64_t at = 0;
        if (store_find_ticket(k->s, k->ev, "K00001", &a) != STORE_OK ||
            store_checkin(k->s, k->ev, a.id, k->now, &at) != STORE_OK) {
            fprintf(stderr, "warm-up check-in failed: %s\n", store_last_error(k->s));
            return -1;
        }
    }
    k->f = kiosk_flow(k->s, &k->rnd, k->now);
    if (!k->f || r->op->prepare(k) != 0) {
        return -1;
    }
    FaultPlan plan = {0};
    plan.persistent = r->persistent;
    if (r->kind == FK_SYNC) {
        plan.fail_sync = r->n;
    } else {
        plan.fail_write = r->n;
        plan.write_error = r->kind == FK_WRITE_FULL ? FAULT_WRITE_FULL : FAULT_WRITE_IOERR;
    }
    faultvfs_arm(&plan);
    r->op->commit(k);
    out->counts = faultvfs_counts();
    faultvfs_disarm();
    out->acked = kiosk_acknowledged(k->f, r->op->write, 0);
    memcpy(out->token, k->token, sizeof out->token);
    out->notice = kiosk_notice(k->f);
    return 0;
}

static void kiosk_close(Kiosk *k)
{
    flow_free(k->f);
    k->f = NULL;
    store_close(k->s);
    k->s = NULL;
}

typedef struct Tally {
    int runs, faults, acked, refused, came_back;
} Tally;

/* Runs one case and checks it. Returns what happened, for the figures. */
static Outcome check_run(const TestBytes *tmpl, const Census *base, const Run *r, Tally *t)
{
    char what[200];
    snprintf(what, sizeof what, "%s%s, %s at N=%d%s, then %s", r->op->name,
             r->warm ? " (after another write)" : "", KIND_NAMES[r->kind], r->n,
             r->persistent ? " and after" : "", ENDING_NAMES[r->ending]);
    Kiosk k;
    memset(&k, 0, sizeof k);
    tmp_path(k.path, sizeof k.path, "fault.db");
    remove_db(k.path);
    write_file(k.path, tmpl->data, tmpl->len);
    k.rnd.state = 0x9E3779B97F4A7C15ULL;
    k.ids.state = 0xD1B54A32D192ED03ULL;
    k.now = T0 + 3600000;

    Outcome o = {false, -1, {0}, ""};
    if (r->ending == END_CRASH) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        pid_t pid = fork_ok();
        if (pid == 0) {
            close(fds[0]);
            int rc = run_write(&k, r, &o);
            if (rc == 0) {
                (void)!write(fds[1], &o, sizeof o);
            }
            _exit(rc == 0 ? 0 : 3); /* no close: as if the power went */
        }
        close(fds[1]);
        ssize_t got = read(fds[0], &o, sizeof o);
        close(fds[0]);
        int status = 0;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof o) {
            fail_msg("%s: the child failed (status %d)", what, status);
        }
    } else {
        if (run_write(&k, r, &o) != 0) {
            fail_msg("%s: could not run the write", what);
        }
    }

    bool fired = o.counts.faults > 0;
    if (o.acked && o.counts.wal_unsynced) {
        fail_msg("%s: acknowledged while the -wal held unsynced writes", what);
    }
    if (!o.acked) {
        /* Not acknowledged: the kiosk must say so, and say "full" for a full disk. */
        int want = r->kind == FK_WRITE_FULL ? I18N_DISK_FULL : I18N_SAVE_FAILED;
        if (o.notice != want) {
            fail_msg("%s: not acknowledged, but the notice is %d (want %d)", what, o.notice, want);
        }
        if (!fired) {
            fail_msg("%s: not acknowledged although no fault fired", what);
        }
    }
    if (r->n == 0 && !o.acked) {
        fail_msg("%s: the dry run was not acknowledged", what);
    }

    bool retried_ok = false;
    if (r->ending == END_RETRY && !o.acked) {
        /* Space is back / the disk works again: OK on the notice, the same tap. */
        k.now += 300;
        flow_act(k.f, FLOW_ACT_DONE, 0, k.now);
        r->op->commit(&k);
        retried_ok = kiosk_acknowledged(k.f, r->op->write, 0);
        if (!retried_ok) {
            fail_msg("%s: the retry without faults was not acknowledged (screen %d)", what,
                     (int)flow_view(k.f)->screen);
        }
    }
    if (r->ending != END_CRASH) {
        kiosk_close(&k);
    }

    /* Reopen without faults: opens clean, passes integrity_check, holds the template's
     * records, the acknowledged one, and nothing else. */
    Store *s = open_plain(k.path);
    char err[512];
    StoreStatus st = store_check_integrity(s, err, sizeof err);
    if (st != STORE_OK) {
        fail_msg("%s: integrity_check: %s", what, err);
    }
    char ev[IDS_UUID_LEN + 1];
    EventInfo cur;
    assert_int_equal(store_event_current(s, &cur, ev), STORE_OK);
    assert_earlier_records(s, ev);
    bool stored = op_stored(s, ev, r->op, o.token);
    Census want = *base;
    if (r->warm) {
        want.stats.checked_in++;
        want.stats.checkin_records++;
    }
    bool should = o.acked || retried_ok;
    if (should && !stored) {
        fail_msg("%s: acknowledged, but not in the file after reopening", what);
    }
    /* A failed fsync may still have put the bytes on the disk: after a crash, or when the
     * disk keeps failing so that closing cannot clean up, that record may come back. */
    bool may_come_back =
        r->kind == FK_SYNC && (r->ending == END_CRASH || (r->persistent && r->ending == END_CLOSE));
    if (!should && stored) {
        if (!may_come_back) {
            fail_msg("%s: not acknowledged, yet in the file after reopening", what);
        }
        t->came_back++;
    }
    if (stored) {
        want = plus(want, r->op);
    }
    Census got = census(s, ev);
    assert_census(&got, &want, what);
    store_close(s);
    remove_db(k.path);

    t->runs++;
    t->faults += fired;
    t->acked += o.acked;
    t->refused += !o.acked;
    return o;
}

static void every_fault_point_keeps_the_promise(void **state)
{
    (void)state;
    setup_vfs();
    TestBytes tmpl = template_db();
    Census base;
    {
        char path[4096];
        tmp_db(path, sizeof path, "fault.db");
        write_file(path, tmpl.data, tmpl.len);
        Store *s = open_plain(path);
        char ev[IDS_UUID_LEN + 1];
        EventInfo cur;
        assert_int_equal(store_event_current(s, &cur, ev), STORE_OK);
        assert_earlier_records(s, ev);
        base = census(s, ev);
        store_close(s);
        remove_db(path);
    }

    Tally t = {0};
    for (size_t i = 0; i < NOPS; i++) {
        for (int warm = 0; warm < 2; warm++) {
            /* The dry run counts the writes and syncs of this write, and shows every
             * acknowledgement comes after the -wal was synced. */
            Run dry = {&OPS[i], warm != 0, FK_WRITE_IOERR, 0, false, END_CLOSE};
            Outcome d = check_run(&tmpl, &base, &dry, &t);
            if (d.counts.wal_syncs < 1 || d.counts.wal_writes < 1) {
                fail_msg("%s: acknowledged with %d -wal writes and %d -wal syncs: "
                         "synchronous=FULL is not in force",
                         OPS[i].name, d.counts.wal_writes, d.counts.wal_syncs);
            }
            int writes = d.counts.writes, syncs = d.counts.syncs;
            print_message("%-10s %-22s %2d writes, %d syncs: faults at write N=1..%d (I/O "
                          "error, disk full) and sync N=1..%d\n",
                          OPS[i].name, warm ? "(-wal has frames)" : "(first after open)", writes,
                          syncs, writes + 1, syncs + 1);
            for (int kind = 0; kind < FK_COUNT; kind++) {
                int last = (kind == FK_SYNC ? syncs : writes) + 1; /* +1: past the end */
                for (int n = 1; n <= last; n++) {
                    for (int p = 0; p < 2; p++) {
                        /* A fault "for good" differs from a single one only where
                         * something writes after it: a commit stops at its first
                         * failure, and the retry runs without faults, so only the
                         * closing checkpoint does. */
                        for (int e = 0; e < (p ? 1 : END_COUNT); e++) {
                            Run r = {&OPS[i], warm != 0, (FaultKind)kind, n, p != 0, (Ending)e};
                            Outcome o = check_run(&tmpl, &base, &r, &t);
                            /* Past the last write or sync nothing fails. */
                            if (n == last && (o.counts.faults != 0 || !o.acked)) {
                                fail_msg("%s: N=%d is past the last %s, yet the write failed",
                                         OPS[i].name, n, kind == FK_SYNC ? "sync" : "write");
                            }
                            if (n < last && o.counts.faults == 0) {
                                fail_msg("%s: the fault at N=%d never fired", OPS[i].name, n);
                            }
                        }
                    }
                }
            }
        }
    }
    print_message("fault runs: %d, faults injected: %d, acknowledged: %d, refused with a "
                  "notice: %d, not acknowledged but back after a failed fsync: %d\n",
                  t.runs, t.faults, t.acked, t.refused, t.came_back);
    free(tmpl.data);
}

int main(void)
{
    print_message("each fault once, ended by close, retry and crash; and for good, ended by "
                  "close\n");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wal_without_shared_memory_is_refused),
        cmocka_unit_test(unknown_vfs_is_refused),
        cmocka_unit_test(every_fault_point_keeps_the_promise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
