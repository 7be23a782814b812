/* Tests for core/paths: where the database lives by default, and who owns a database that
 * root creates for the kiosk service. Real directories in MINGEL_TEST_TMP; the ownership
 * cases change users for real when the tests run as root (as CI does) and check the
 * "does nothing" side when they do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/ids.h"
#include "core/paths.h"
#include "core/store.h"
#include "support.h"

#define NOBODY 65534 /* Debian's nobody and nogroup */

/* A clean environment: no systemd state directory, XDG_DATA_HOME under the test dir. */
static void set_env(const char *xdg)
{
    unsetenv("STATE_DIRECTORY");
    setenv("XDG_DATA_HOME", xdg, 1);
}

static void state_directory_comes_first(void **state)
{
    (void)state;
    char sys[512], xdg[512], svc[512], out[4096], want[4200];
    tmp_path(sys, sizeof sys, "sys1");
    tmp_path(xdg, sizeof xdg, "xdg1");
    tmp_path(svc, sizeof svc, "svc1");
    fresh_dir(sys);
    fresh_dir(svc);
    set_env(xdg);
    setenv("STATE_DIRECTORY", svc, 1);
    assert_int_equal(paths_default_db_in(sys, "mingel.db", out, sizeof out), 0);
    snprintf(want, sizeof want, "%s/mingel.db", svc);
    assert_string_equal(out, want);
    unsetenv("STATE_DIRECTORY");
}

static void system_directory_when_it_exists_and_is_writable(void **state)
{
    (void)state;
    char sys[512], xdg[512], out[4096], want[4200];
    tmp_path(sys, sizeof sys, "sys2");
    tmp_path(xdg, sizeof xdg, "xdg2");
    fresh_dir(sys);
    set_env(xdg);
    assert_int_equal(paths_default_db_in(sys, "mingel.db", out, sizeof out), 0);
    snprintf(want, sizeof want, "%s/mingel.db", sys);
    assert_string_equal(out, want);

    /* Without it: the XDG data directory, created. */
    remove_tree(sys);
    assert_int_equal(paths_default_db_in(sys, "demo.db", out, sizeof out), 0);
    snprintf(want, sizeof want, "%s/mingel/demo.db", xdg);
    assert_string_equal(out, want);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s/mingel", xdg);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
}

/* Someone who may not write to the system directory (the desktop user on a kiosk that
 * has the package) gets their own database, not an error. */
static void system_directory_not_writable_means_xdg(void **state)
{
    (void)state;
    char sys[512], xdg[512];
    tmp_path_for_all(sys, sizeof sys, "sys3");
    tmp_path_for_all(xdg, sizeof xdg, "xdg3");
    fresh_dir(sys);
    remove_tree(xdg);
    assert_int_equal(mkdir(xdg, 0777), 0);
    assert_int_equal(chmod(xdg, 0777), 0); /* whatever the umask: nobody must write here */
    assert_int_equal(chmod(sys, 0755), 0);
    pid_t pid = fork_ok();
    if (pid == 0) {
        if (geteuid() == 0) {
            /* Root may write anywhere: become a user who may not. */
            if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0) {
                _exit(10);
            }
        } else if (chmod(sys, 0555) != 0) {
            _exit(11);
        }
        char out[4096], want[4200];
        set_env(xdg);
        if (paths_default_db_in(sys, "mingel.db", out, sizeof out) != 0) {
            _exit(12);
        }
        snprintf(want, sizeof want, "%s/mingel/mingel.db", xdg);
        _exit(strcmp(out, want) == 0 ? 0 : 13);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    chmod(sys, 0755);
}

static void prepare_gives_root_made_database_to_directory_owner(void **state)
{
    (void)state;
    char dir[512], db[600], wal[620], err[512] = "";
    tmp_path_for_all(dir, sizeof dir, "svcdb");
    fresh_dir(dir);
    snprintf(db, sizeof db, "%s/mingel.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", db);
    struct stat st;
    if (geteuid() != 0) {
        /* Not root: nothing to give away, and nothing is created ahead of SQLite. */
        assert_int_equal(paths_prepare_db(db, err, sizeof err), 0);
        assert_int_equal(lstat(db, &st), -1);
        print_message("not root: checked that paths_prepare_db leaves the path alone\n");
        return;
    }
    assert_int_equal(chown(dir, NOBODY, NOBODY), 0);
    assert_int_equal(paths_prepare_db(db, err, sizeof err), 0);
    assert_int_equal(lstat(db, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_int_equal(st.st_uid, NOBODY);
    assert_int_equal(st.st_gid, NOBODY);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(st.st_size, 0);

    /* SQLite takes the empty file as a new database, and as root gives its -wal the
     * database's owner: the service (user nobody here) can write after root did. */
    Store *s = NULL;
    assert_int_equal(store_open(db, ids_os_random, NULL, &s, err, sizeof err), STORE_OK);
    assert_int_equal(store_pin_set(s, "$argon2id$v=19$m=16384,t=3,p=1$test"), STORE_OK);
    assert_int_equal(stat(wal, &st), 0);
    assert_int_equal(st.st_uid, NOBODY);
    store_close(s);
    assert_int_equal(stat(db, &st), 0);
    assert_int_equal(st.st_uid, NOBODY);

    /* Already there: left exactly as it is. */
    assert_int_equal(paths_prepare_db(db, err, sizeof err), 0);
    assert_int_equal(stat(db, &st), 0);
    assert_true(st.st_size > 0);

    /* The service's user opens it and writes. */
    pid_t pid = fork_ok();
    if (pid == 0) {
        if (setgid(NOBODY) != 0 || setuid(NOBODY) != 0) {
            _exit(10);
        }
        Store *t = NULL;
        char e[512];
        if (store_open(db, ids_os_random, NULL, &t, e, sizeof e) != STORE_OK) {
            _exit(11);
        }
        StoreStatus w = store_pin_set(t, "$argon2id$v=19$m=16384,t=3,p=1$other");
        store_close(t);
        _exit(w == STORE_OK ? 0 : 12);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void prepare_leaves_roots_own_directories_alone(void **state)
{
    (void)state;
    char dir[512], db[600], err[512] = "";
    tmp_path(dir, sizeof dir, "rootdb");
    fresh_dir(dir);
    snprintf(db, sizeof db, "%s/mingel.db", dir);
    struct stat st, dst;
    assert_int_equal(stat(dir, &dst), 0);
    assert_int_equal(paths_prepare_db(db, err, sizeof err), 0);
    if (dst.st_uid == 0 || geteuid() != 0) {
        assert_int_equal(lstat(db, &st), -1); /* SQLite creates it, as the caller */
    }
    /* A path in a directory that does not exist: no error here; store_open reports it. */
    char missing[700];
    snprintf(missing, sizeof missing, "%s/no/such/dir/mingel.db", dir);
    assert_int_equal(paths_prepare_db(missing, err, sizeof err), 0);
}

/* The export target: a mount under /media that is a removable disk, or one the package's
 * udev rule made (/media/mingel-usb-*, a USB drive the kernel may not call removable). The
 * mount table is the test's own; the mount points are real directories (root only: they
 * are made under /media and removed again). */
static void usb_mount_is_found_by_rule_or_removable_flag(void **state)
{
    (void)state;
    char mounts[512], out[512] = "";
    tmp_path(mounts, sizeof mounts, "mounts");
    static const char table[] = "/dev/mmcblk0p2 / ext4 rw 0 0\n"
                                "/dev/zz9 /media/other-zz9 vfat rw 0 0\n";
    static const char rule_mount[] = "/dev/zz9 /media/mingel-usb-zz9 vfat rw,nosuid 0 0\n";
    write_text(mounts, table);
    /* Not removable (no such disk), not the rule's: no target. */
    assert_int_equal(paths_usb_mount(mounts, out, sizeof out), -1);
    if (geteuid() != 0 || (mkdir("/media", 0755) != 0 && errno != EEXIST)) {
        print_message("not root: the rule's mount point was not made\n");
        unlink(mounts);
        return;
    }
    assert_true(mkdir("/media/mingel-usb-zz9", 0700) == 0 || errno == EEXIST);
    char both[sizeof table + sizeof rule_mount];
    snprintf(both, sizeof both, "%s%s", table, rule_mount);
    write_text(mounts, both);
    int rc = paths_usb_mount(mounts, out, sizeof out);
    rmdir("/media/mingel-usb-zz9");
    unlink(mounts);
    assert_int_equal(rc, 0);
    assert_string_equal(out, "/media/mingel-usb-zz9");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(state_directory_comes_first),
        cmocka_unit_test(system_directory_when_it_exists_and_is_writable),
        cmocka_unit_test(system_directory_not_writable_means_xdg),
        cmocka_unit_test(prepare_gives_root_made_database_to_directory_owner),
        cmocka_unit_test(prepare_leaves_roots_own_directories_alone),
        cmocka_unit_test(usb_mount_is_found_by_rule_or_removable_flag),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
