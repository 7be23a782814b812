/* test_hub: `mingel hub` (app/cli/hub_cmd.c, app/core/hub.h) against a real nats-server.
 *
 * The command writes the server's configuration and the kiosks' [sync] file into a
 * temporary directory for 127.0.0.1 at a free port; the test starts Debian's nats-server
 * ($MINGEL_NATS_SERVER) on that configuration, exactly as mingel-hub.service does
 * (`nats-server -c DIR/nats.conf`), and two kiosks (child processes on their own
 * databases, tests/support/synctest.h) join with the [sync] file as written: a check-in
 * at A is "already checked in" at B. A kiosk with a wrong password, and one without any,
 * is refused and takes nothing in, and a kiosk of another meeting with the right password
 * cannot set its stream up (the user's permissions cover this meeting's subjects only). Both files
 * are readable by their owner only, every run draws another password, and bad options are refused
 * with nothing written.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/hub.h"
#include "core/syncconf.h"
#include "support.h"
#include "synctest.h"

static const char EVENT_INI[] = "[event]\n"
                                "id = hub.2026\n"
                                "title = Hubbträff\n"
                                "date = 2026-12-06\n";

/* Another meeting: the hub's user may not touch its stream. */
static const char OTHER_INI[] = "[event]\n"
                                "id = annan-2026\n"
                                "title = Ett annat möte\n"
                                "date = 2026-12-06\n";

/* Waits until kiosk k's status line holds want (a deadline, not a measurement). */
static void wait_status(Kiosk *k, const char *want)
{
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    const char *r = "";
    while (ids_now_ms() < deadline) {
        r = kiosk_cmd(k, "s");
        if (strstr(r, want)) {
            return;
        }
        sleep_ms(100);
    }
    fail_msg("kiosk %s: status \"%s\", expected \"%s\"", k->name, r, want);
}

static int run_hub(int argc, const char *const *args)
{
    char *argv[16];
    assert_true(argc < 16);
    for (int i = 0; i < argc; i++) {
        argv[i] = (char *)args[i];
    }
    argv[argc] = NULL;
    return cli_hub(argc, argv);
}

static void assert_private(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    if (st.st_mode & 077) {
        fail_msg("%s has mode %o: others may read the password", path, st.st_mode & 0777);
    }
}

static void test_hub_serves_the_event(void **state)
{
    (void)state;
    Kiosk k[2], wrong = {0}, none = {0};
    memset(k, 0, sizeof k);
    kiosk_db(&k[0], "hubA", EVENT_INI);
    kiosk_db(&k[1], "hubB", EVENT_INI);

    /* mingel hub on A's database: the event's key comes from there. */
    char dir[512], conf[600], ini[600], port[16];
    tmp_path(dir, sizeof dir, "hub");
    remove_tree(dir);
    int p = free_port();
    snprintf(port, sizeof port, "%d", p);
    const char *args[] = {"hub",    "--db", k[0].db, "--listen", "127.0.0.1",
                          "--port", port,   "--dir", dir};
    assert_int_equal(run_hub((int)COUNT_OF(args), args), CLI_OK);
    snprintf(conf, sizeof conf, "%s/nats.conf", dir);
    snprintf(ini, sizeof ini, "%s/sync.ini", dir);
    assert_private(conf);
    assert_private(ini);

    /* The kiosks' file, as the kiosks read it. */
    TestBytes text = read_file(ini);
    SyncConfig cfg;
    char err[512];
    if (syncconf_parse(ini, text.data, text.len, &cfg, err, sizeof err) != 0) {
        fail_msg("the [sync] file mingel hub wrote does not parse: %s", err);
    }
    free(text.data);
    char url[64];
    snprintf(url, sizeof url, "nats://127.0.0.1:%d", p);
    assert_int_equal(cfg.nurls, 1);
    assert_string_equal(cfg.urls[0], url);
    assert_string_equal(cfg.user, "mingel-hub_2026");
    assert_int_equal(strlen(cfg.password), HUB_PASSWORD_LEN);

    /* nats-server takes the configuration as written (it exits on a bad one, and
     * server_start fails when the port never answers). */
    Server sv = {.port = p, .conf = conf};
    snprintf(sv.dir, sizeof sv.dir, "%s", dir);
    server_start(&sv);

    kiosk_spawn(&k[0], &cfg);
    kiosk_spawn(&k[1], &cfg);
    kiosk_ok(&k[0], "c %s", "100");
    kiosk_ok(&k[1], "w %s", "Lisa Lind");
    wait_converged(k, 2, "two kiosks through the hub");
    assert_string_equal(kiosk_cmd(&k[1], "c 100"), "already checked in");

    /* Wrong password; no credentials at all. */
    SyncConfig bad = cfg;
    snprintf(bad.password, sizeof bad.password, "%s", "not-the-password");
    kiosk_db(&wrong, "hubWrong", EVENT_INI);
    expect_refused(&wrong, &bad, "credentials");
    SyncConfig anonymous = config_for(p, NULL, NULL);
    kiosk_db(&none, "hubNone", EVENT_INI);
    expect_refused(&none, &anonymous, "credentials");

    /* The event's credentials give no access to another meeting's stream: the kiosk of
     * another meeting cannot set its stream up and takes nothing in. */
    Kiosk other = {0};
    kiosk_db(&other, "hubOther", OTHER_INI);
    char *before = dump_file(other.db, NULL);
    kiosk_spawn(&other, &cfg);
    wait_status(&other, "the stream MINGEL_annan-2026 cannot be set up");
    const char *r = kiosk_cmd(&other, "s");
    if (strncmp(r, "offline 0 0 ", 12) != 0) {
        fail_msg("kiosk of another meeting: status \"%s\"", r);
    }
    kiosk_quit(&other);
    char *after = dump_file(other.db, NULL);
    assert_string_equal(before, after);
    free(before);
    free(after);

    kiosk_quit(&k[0]);
    kiosk_quit(&k[1]);
    server_kill(&sv);
    remove_tree(dir);
}

static void test_hub_passwords_differ(void **state)
{
    (void)state;
    Hub a, b;
    char err[256];
    assert_int_equal(hub_prepare(&a, "x", NULL, 4222, "/srv/hub/", "10.0.0.5", err, sizeof err), 0);
    assert_int_equal(hub_prepare(&b, "x", NULL, 4222, "/srv/hub", "10.0.0.5", err, sizeof err), 0);
    assert_string_not_equal(a.password, b.password);
    assert_string_equal(a.dir, "/srv/hub");
    assert_string_equal(a.listen, "0.0.0.0");
    char *ini = hub_sync_ini(&a);
    assert_non_null(strstr(ini, "server   = nats://10.0.0.5:4222\n"));
    free(ini);
    /* An IPv6 address in brackets. */
    assert_int_equal(hub_prepare(&a, "x", "fe80::1", 4333, "/h", NULL, err, sizeof err), 0);
    ini = hub_sync_ini(&a);
    assert_non_null(strstr(ini, "nats://[fe80::1]:4333\n"));
    free(ini);
}

static void test_hub_bad_options(void **state)
{
    (void)state;
    char dir[512];
    tmp_path(dir, sizeof dir, "hub-bad");
    remove_tree(dir);
    static const struct {
        const char *row;
        const char *args[12];
        int argc, status;
    } cases[] = {
        {"port 0", {"hub", "--event", "e", "--address", "10.0.0.1", "--port", "0"}, 7, CLI_USAGE},
        {"port text",
         {"hub", "--event", "e", "--address", "10.0.0.1", "--port", "x"},
         7,
         CLI_USAGE},
        {"listen not an address",
         {"hub", "--event", "e", "--listen", "kiosk one", "--address", "10.0.0.1"},
         7,
         CLI_USAGE},
        {"address with a quote", {"hub", "--event", "e", "--address", "a\"b"}, 5, CLI_USAGE},
        {"relative dir",
         {"hub", "--event", "e", "--address", "10.0.0.1", "--dir", "hub"},
         7,
         CLI_USAGE},
        {"a positional", {"hub", "--event", "e", "extra"}, 4, CLI_USAGE},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        const char *args[16];
        int n = cases[i].argc;
        memcpy(args, cases[i].args, sizeof(const char *) * (size_t)n);
        if (strcmp(cases[i].row, "relative dir") != 0) {
            args[n++] = "--dir"; /* where a mistaken run would write */
            args[n++] = dir;
        }
        CHECK_INT(cases[i].row, run_hub(n, args), cases[i].status);
        CHECK(cases[i].row, access(dir, F_OK) != 0); /* nothing written */
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hub_passwords_differ),
        cmocka_unit_test(test_hub_bad_options),
        cmocka_unit_test_teardown(test_hub_serves_the_event, kill_started),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
