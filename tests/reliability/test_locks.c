/* test_locks: a second connection in the kiosk's own process must not cost the kiosk its
 * locks on the database.
 *
 * SQLite's locks are POSIX fcntl locks, and those belong to the process: closing any
 * descriptor of the file drops all of them, the kiosk connection's included. The kiosk
 * opens a second connection to its database in its own process (the badge printer's
 * thread, core/printq), and store_open used to read the file's header with open() and
 * close() before SQLite saw it. After that the kiosk held no lock on the file, so the
 * next command of another process that opened and closed the database (`mingel import`,
 * `mingel stats`, the sqlite3 shell) took itself for the last connection: it checkpointed
 * and deleted the -wal and -shm. The kiosk went on committing into its open, deleted
 * -wal, fsync()ed and acknowledged on screen, and a power cut took every one of those
 * check-ins (vm_powercut found it: a scanned check-in greeted 5 s before the cut was gone
 * after the reboot).
 *
 * Each test: the kiosk's store on a real file with a meeting; a second store_open of it
 * in this process (kept open, or closed again, from this thread or another one, as the
 * printer's thread does); then the sqlite3 shell, another process, reads the file and
 * closes; then the kiosk checks someone in. The -wal and -shm must still be the files on
 * the disk, and a copy of the database and its -wal taken right then, as a power cut
 * leaves them (the kiosk never closes), must hold the check-in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/ids.h"
#include "core/store.h"
#include "support.h"

#define T0 1795000000000LL /* 2026-11-19, ms */

static const char INI[] = "[event]\ntitle = Strömavbrott\ndate = 2026-11-26\n";
static const char CSV[] = "name;organisation;ticket\n"
                          "Märta Ståhl;Luleå Energi;PC-0001\n"
                          "Örjan Andersson;Kiruna kommun;PC-0002\n";

typedef enum Second { KEPT_OPEN, CLOSED_AGAIN, FROM_A_THREAD } Second;

typedef struct Opener {
    const char *path;
    Store *st;
    StoreStatus status;
    char err[512];
} Opener;

static void *open_in_thread(void *arg)
{
    Opener *o = arg;
    o->status = store_open(o->path, ids_os_random, NULL, &o->st, o->err, sizeof o->err);
    return NULL;
}

/* The inode of path+suffix, or 0 when there is none. */
static unsigned long long inode_of(const char *path, const char *suffix)
{
    char p[1100];
    snprintf(p, sizeof p, "%s%s", path, suffix);
    struct stat sb;
    return stat(p, &sb) == 0 ? (unsigned long long)sb.st_ino : 0;
}

/* What a power cut leaves: the database and its -wal as they are on the disk now, copied
 * to copy (the -shm is rebuilt from the -wal on open). */
static void copy_as_cut(const char *path, const char *copy)
{
    remove_db(copy);
    TestBytes db = read_file(path);
    write_file(copy, db.data, db.len);
    free(db.data);
    if (exists_with(path, "-wal")) {
        char wal[1200], copy_wal[1200];
        snprintf(wal, sizeof wal, "%.1100s-wal", path);
        snprintf(copy_wal, sizeof copy_wal, "%.1100s-wal", copy);
        TestBytes w = read_file(wal);
        write_file(copy_wal, w.data, w.len);
        free(w.data);
    }
}

static void run(Second how, const char *name)
{
    char path[1024], copy[1100];
    tmp_db(path, sizeof path, name);
    snprintf(copy, sizeof copy, "%s.cut", path);
    Store *kiosk = fresh_store(path, ids_os_random, NULL);
    char event_id[IDS_UUID_LEN + 1];
    import_texts(kiosk, INI, CSV, T0, event_id);
    unsigned long long wal = inode_of(path, "-wal"), shm = inode_of(path, "-shm");
    assert_true(wal != 0 && shm != 0);

    Opener o = {.path = path};
    if (how == FROM_A_THREAD) {
        pthread_t t;
        assert_int_equal(pthread_create(&t, NULL, open_in_thread, &o), 0);
        assert_int_equal(pthread_join(t, NULL), 0);
    } else {
        open_in_thread(&o);
    }
    if (o.status != STORE_OK) {
        fail_msg("the second store_open of %s: %s", path, o.err);
    }
    if (how == CLOSED_AGAIN) {
        store_close(o.st);
        o.st = NULL;
    }

    /* Another process reads the database and closes it, as `mingel stats` would. */
    char *n = sqlite3_query(path, "SELECT count(*) FROM attendee");
    assert_string_equal(n, "2");
    free(n);
    char moved[600] = "";
    if (inode_of(path, "-wal") != wal || inode_of(path, "-shm") != shm) {
        snprintf(moved, sizeof moved,
                 "; after another process closed the database its -wal (inode %llu, was %llu) "
                 "and -shm (inode %llu, was %llu) were no longer the kiosk's: that process took "
                 "itself for the last connection, so this process held no lock on the file",
                 inode_of(path, "-wal"), wal, inode_of(path, "-shm"), shm);
    }

    checkin_ticket(kiosk, event_id, "PC-0001", T0 + 60000);
    copy_as_cut(path, copy);
    char *in = sqlite3_query(copy, "SELECT a.ticket FROM checkin c JOIN attendee a"
                                   " ON a.id = c.attendee_id");
    if (strcmp(in, "PC-0001") != 0 || moved[0]) {
        fail_msg("%s: the check-in the kiosk acknowledged is %s in the database as a power cut "
                 "would leave it (checked in there: '%s')%s",
                 path, strcmp(in, "PC-0001") == 0 ? "still" : "NOT", in, moved);
    }
    free(in);
    store_close(o.st);
    store_close(kiosk);
    remove_db(copy);
    remove_db(path);
}

static void test_second_connection_kept_open(void **state)
{
    (void)state;
    run(KEPT_OPEN, "locks_kept.db");
}

static void test_second_connection_closed_again(void **state)
{
    (void)state;
    run(CLOSED_AGAIN, "locks_closed.db");
}

static void test_second_connection_from_a_thread(void **state)
{
    (void)state;
    run(FROM_A_THREAD, "locks_thread.db");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_second_connection_kept_open),
        cmocka_unit_test(test_second_connection_closed_again),
        cmocka_unit_test(test_second_connection_from_a_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
