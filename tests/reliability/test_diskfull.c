/* test_diskfull: the kiosk on a filesystem that is really full.
 *
 * A 1 MiB tmpfs is mounted in a private mount namespace of this process (unshare), so
 * the mount is gone when the process ends, however it ends, and nobody else sees it. On
 * it: the database, and a filler file that takes every byte left. Then, as at a meeting
 * whose SD card ran full:
 *
 *   - check-ins are greeted while the -wal still has room; the first one that needs
 *     more shows "storage is full" (FLOW_NOTICE, I18N_DISK_FULL), is not greeted and
 *     stores nothing, again and again;
 *   - once space is back (the filler shrinks), OK and the same tap check the person in:
 *     no restart;
 *   - a restart while the disk is full opens the database (its hot -wal included) and
 *     reads it; a new database on the full disk is refused with "full", no file left;
 *   - after everything, with space: integrity_check passes and every greeted person is
 *     checked in.
 *
 * This needs root (mount). Running as root, a failure to unshare or mount FAILS the test:
 * it is not skipped, so a CI that lost the privilege says so. As another user the test is
 * skipped. The page cap of store_set_size_limit (test_store, test_flow) covers the same
 * promises without privileges; this test shows the real ENOSPC path (SQLITE_FULL from the
 * operating system, the -wal and -shm on a full disk) behaves the same.
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/flow.h"
#include "core/store.h"
#include "kiosk.h"
#include "support.h"

#define PEOPLE  200
#define FS_SIZE "1m"
#define T0      1800000000000LL

static char mnt[4096];

static void in_fs(char *out, size_t cap, const char *name)
{
    assert_true(snprintf(out, cap, "%s/%s", mnt, name) < (int)cap);
}

/* The private namespace and the small tmpfs. Returns 0, or the reason in why. */
static int mount_small_fs(char *why, size_t cap)
{
    const char *tmp = getenv("MINGEL_TEST_TMP");
    if (!tmp) {
        snprintf(why, cap, "MINGEL_TEST_TMP is not set");
        return -1;
    }
    snprintf(mnt, sizeof mnt, "%s/smallfs", tmp);
    mkdir(mnt, 0755);
    if (unshare(CLONE_NEWNS) != 0) {
        snprintf(why, cap, "unshare(CLONE_NEWNS): %s", strerror(errno));
        return -1;
    }
    /* Nothing mounted here may propagate back to the parent namespace. */
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        snprintf(why, cap, "making / private: %s", strerror(errno));
        return -1;
    }
    if (mount("tmpfs", mnt, "tmpfs", MS_NOSUID | MS_NODEV, "size=" FS_SIZE ",mode=0755") != 0) {
        snprintf(why, cap, "mount -t tmpfs -o size=%s tmpfs %s: %s", FS_SIZE, mnt, strerror(errno));
        return -1;
    }
    return 0;
}

/* Writes a file until the filesystem is full. Returns its size. */
static off_t fill_up(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_true(fd >= 0);
    char block[4096];
    memset(block, 'x', sizeof block);
    off_t size = 0;
    for (;;) {
        ssize_t n = write(fd, block, sizeof block);
        if (n < 0) {
            assert_int_equal(errno, ENOSPC);
            break;
        }
        size += n;
        if (n < (ssize_t)sizeof block) {
            break;
        }
    }
    close(fd);
    return size;
}

static void make_room(const char *filler, off_t size, off_t bytes)
{
    assert_int_equal(truncate(filler, size > bytes ? size - bytes : 0), 0);
}

typedef struct Checked {
    char name[PEOPLE][ROSTER_FIELD_MAX];
    size_t count;
} Checked;

static int find_cb(void *ctx, const StoreAttendee *a)
{
    Checked *c = ctx;
    for (size_t i = 0; i < c->count; i++) {
        if (strcmp(c->name[i], a->name) == 0 && a->checked_in_ms == 0) {
            fail_msg("greeted %s is not checked in", a->name);
        }
    }
    return 0;
}

static void full_filesystem_refuses_then_recovers(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        fprintf(stderr, "not root: a tmpfs cannot be mounted; test skipped (the size cap "
                        "tests in test_store and test_flow cover the same promises)\n");
        skip();
    }
    char why[8400];
    if (mount_small_fs(why, sizeof why) != 0) {
        fail_msg("running as root, yet the small filesystem could not be set up: %s", why);
    }
    char db[4200], filler[4200], fresh[4200], err[1024];
    in_fs(db, sizeof db, "kiosk.db");
    in_fs(filler, sizeof filler, "filler");
    in_fs(fresh, sizeof fresh, "new.db");

    Store *s = NULL;
    assert_int_equal(store_open(db, ids_os_random, NULL, &s, err, sizeof err), STORE_OK);
    char ev[IDS_UUID_LEN + 1];
    assert_int_equal(kiosk_setup(s, PEOPLE, T0, ev), STORE_OK);
    KioskRandom rnd = {42, {0}, 0};
    int64_t now = T0;
    Flow *f = kiosk_flow(s, &rnd, now);
    assert_non_null(f);

    off_t filled = fill_up(filler);
    assert_true(filled > 0);

    /* Check-ins until the disk says no. */
    static Checked greeted;
    greeted.count = 0;
    size_t i = 0;
    for (;; i++) {
        assert_true(i < PEOPLE); /* the -wal's room is long used up before */
        char code[5];
        kiosk_person_code(i, code);
        assert_int_equal(kiosk_checkin_prepare(f, &now, code), 0);
        StoreStats before = event_stats(s, ev);
        kiosk_checkin_commit(f, &now);
        if (!kiosk_acknowledged(f, KIOSK_CHECKIN, 0)) {
            StoreStats after = event_stats(s, ev);
            assert_memory_equal(&after, &before, sizeof after);
            break;
        }
        kiosk_person(i, greeted.name[greeted.count++], ROSTER_FIELD_MAX);
        now += 300;
        flow_act(f, FLOW_ACT_DONE, 0, now);
    }
    print_message("disk full: %zu check-ins fitted in the -wal's room, then \"storage is full\"\n",
                  greeted.count);
    assert_int_equal(kiosk_notice(f), I18N_DISK_FULL);
    for (int again = 0; again < 3; again++) {
        now += 300;
        flow_act(f, FLOW_ACT_DONE, 0, now);
        kiosk_checkin_commit(f, &now);
        assert_int_equal(kiosk_notice(f), I18N_DISK_FULL); /* never a greeting */
    }

    /* Space is back: the same kiosk, the same tap. */
    make_room(filler, filled, 256 * 1024);
    now += 300;
    flow_act(f, FLOW_ACT_DONE, 0, now);
    kiosk_checkin_commit(f, &now);
    assert_true(kiosk_acknowledged(f, KIOSK_CHECKIN, 0));
    kiosk_person(i, greeted.name[greeted.count++], ROSTER_FIELD_MAX);
    now += 300;
    flow_act(f, FLOW_ACT_DONE, 0, now);

    /* Full again, and the kiosk restarts: the database opens (hot -wal and all), reads,
     * and refuses writes as "full". */
    filled = fill_up(filler);
    flow_free(f);
    store_close(s); /* its checkpoint may fail for want of space: the -wal keeps it all */
    s = NULL;
    StoreStatus st = store_open(db, ids_os_random, NULL, &s, err, sizeof err);
    if (st != STORE_OK) {
        fail_msg("restart on a full disk: %s: %s", store_status_text(st), err);
    }
    f = kiosk_flow(s, &rnd, now);
    assert_non_null(f);
    size_t j = i + 1;
    for (;; j++) {
        assert_true(j < PEOPLE);
        char code[5];
        kiosk_person_code(j, code);
        assert_int_equal(kiosk_checkin_prepare(f, &now, code), 0);
        kiosk_checkin_commit(f, &now);
        if (!kiosk_acknowledged(f, KIOSK_CHECKIN, 0)) {
            break;
        }
        kiosk_person(j, greeted.name[greeted.count++], ROSTER_FIELD_MAX);
        now += 300;
        flow_act(f, FLOW_ACT_DONE, 0, now);
    }
    assert_int_equal(kiosk_notice(f), I18N_DISK_FULL);
    flow_free(f);
    store_close(s);

    /* A new database on the full disk: refused as full, nothing left behind. */
    Store *n = NULL;
    st = store_open(fresh, ids_os_random, NULL, &n, err, sizeof err);
    assert_null(n);
    if (st != STORE_FULL || !strstr(err, fresh) || !strstr(err, "free some disk space")) {
        fail_msg("a new database on a full disk: %s: %s", store_status_text(st), err);
    }
    struct stat sb;
    assert_true(stat(fresh, &sb) != 0);

    /* A clean restart on a full disk: closed with space (no -wal, no -shm left), then the
     * disk fills, then the kiosk starts. The -shm cannot be made: refused as "full", not
     * as anything else, and the file is as it was. */
    assert_int_equal(unlink(filler), 0);
    assert_int_equal(store_open(db, ids_os_random, NULL, &s, err, sizeof err), STORE_OK);
    store_close(s);
    char shm[4300];
    snprintf(shm, sizeof shm, "%s-shm", db);
    assert_true(stat(shm, &sb) != 0);
    filled = fill_up(filler);
    st = store_open(db, ids_os_random, NULL, &s, err, sizeof err);
    if (st != STORE_FULL || !strstr(err, db) || !strstr(err, "free some disk space")) {
        fail_msg("a clean restart on a full disk: %s: %s", store_status_text(st), err);
    }
    print_message("clean restart on a full disk: %s\n", err);

    /* With space: sound, and everyone greeted is checked in. */
    assert_int_equal(unlink(filler), 0);
    assert_int_equal(store_open(db, ids_os_random, NULL, &s, err, sizeof err), STORE_OK);
    assert_int_equal(store_check_integrity(s, err, sizeof err), STORE_OK);
    assert_int_equal(store_each_attendee(s, ev, find_cb, &greeted), STORE_OK);
    assert_int_equal(event_stats(s, ev).checked_in, (int64_t)greeted.count);
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_filesystem_refuses_then_recovers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
