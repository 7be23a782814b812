/* test_syncconf: the [sync] settings file (app/core/syncconf.h): what a good file gives,
 * and that every mistake is refused naming the file and the line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/syncconf.h"
#include "support.h"

static void test_good_files(void **state)
{
    (void)state;
    static const char text[] = "; the hub's settings for this meeting\n"
                               "[event]\n"
                               "id = drift-2026-11\n"
                               "[sync]\r\n"
                               "server = nats://192.168.1.10:4222\n"
                               "server = nats://192.168.1.11:4222\n"
                               "user = drift-2026-11\n"
                               "password = Xq7pZ2mK9vR4tW8b\n";
    SyncConfig c;
    char err[512] = "";
    assert_int_equal(syncconf_parse("sync.ini", text, strlen(text), &c, err, sizeof err), 0);
    assert_int_equal(c.nurls, 2);
    assert_string_equal(c.urls[0], "nats://192.168.1.10:4222");
    assert_string_equal(c.urls[1], "nats://192.168.1.11:4222");
    assert_string_equal(c.user, "drift-2026-11");
    assert_string_equal(c.password, "Xq7pZ2mK9vR4tW8b");
    assert_string_equal(c.creds, "");

    static const char tls[] = "[sync]\nserver = tls://hub.lan:4222\n"
                              "credentials = /etc/mingel/event.creds\nca = /etc/mingel/ca.pem\n";
    assert_int_equal(syncconf_parse("tls.ini", tls, strlen(tls), &c, err, sizeof err), 0);
    assert_string_equal(c.creds, "/etc/mingel/event.creds");
    assert_string_equal(c.ca, "/etc/mingel/ca.pem");
    assert_string_equal(c.name, "");

    static const char named[] = "[sync]\nserver = nats://hub.lan:4222\nname = Entré norr\n";
    assert_int_equal(syncconf_parse("named.ini", named, strlen(named), &c, err, sizeof err), 0);
    assert_string_equal(c.name, "Entré norr");
}

static void test_mistakes_name_file_and_line(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"no section", "server = nats://h:4222\n", "bad.ini: no [sync] section"},
        {"no server", "[sync]\nuser = a\npassword = b\n", "bad.ini: [sync] names no server"},
        {"http url", "[sync]\nserver = http://h:4222\n", "bad.ini:2: server 'http://h:4222'"},
        {"unknown key", "[sync]\nserver = nats://h:4222\nport = 4222\n",
         "bad.ini:3: unknown setting 'port'"},
        {"twice", "[sync]\nserver = nats://h:4222\nuser = a\nuser = b\n",
         "bad.ini:4: user is given twice"},
        {"empty", "[sync]\nserver = nats://h:4222\npassword =\n", "bad.ini:3: password is empty"},
        {"user alone", "[sync]\nserver = nats://h:4222\nuser = a\n",
         "bad.ini: [sync] gives user or password without the other"},
        {"both auths", "[sync]\nserver = nats://h\nuser = a\npassword = b\ncredentials = c\n",
         "bad.ini: [sync] gives both"},
        {"ca without tls", "[sync]\nserver = nats://h:4222\nca = /x.pem\n",
         "bad.ini: [sync] gives a ca but the server is not tls://"},
        {"five servers",
         "[sync]\nserver = nats://a\nserver = nats://b\nserver = nats://c\nserver = nats://d\n"
         "server = nats://e\n",
         "bad.ini:6: more than 4 servers"},
        {"not ini", "[sync]\nserver = nats://h:4222\njust words\n", "bad.ini:3: this line is not"},
        {"bad utf-8", "[sync]\nserver = nats://h:4222\nuser = \xff\xfe\n",
         "bad.ini:3: the text is not valid UTF-8"},
        {"long name",
         "[sync]\nserver = nats://h:4222\nname = "
         "Entrén vid stora trappan mot parkeringen, bakom garderoben, vänster\n",
         "bad.ini:3: the name 'Entrén vid stora trappan"},
        {"name twice", "[sync]\nserver = nats://h:4222\nname = A\nname = B\n",
         "bad.ini:4: name is given twice"},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        SyncConfig c;
        char err[512] = "";
        int rc =
            syncconf_parse("bad.ini", cases[i].text, strlen(cases[i].text), &c, err, sizeof err);
        CHECK(cases[i].name, rc == -1);
        if (strncmp(err, cases[i].want, strlen(cases[i].want)) != 0) {
            fail_msg("case \"%s\": message \"%s\", expected it to start \"%s\"", cases[i].name, err,
                     cases[i].want);
        }
        CHECK(cases[i].name, c.nurls == 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_files),
        cmocka_unit_test(test_mistakes_name_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
