/* test_pin: the admin PIN (pin.h) and its storage (store.h, "Admin"), on real files in
 * $MINGEL_TEST_TMP.
 *
 * The PIN is hashed with crypto_pwhash_str and checked with crypto_pwhash_str_verify; its
 * form (6 to 12 ASCII digits) and the wait after failures are tables. The store keeps the
 * hash and the failures durably: a lockout survives closing and reopening the database,
 * and the PIN itself appears nowhere in the file or its -wal. Also here: the phase switch
 * of the admin screen (store_event_set_phases).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pin.h"
#include "core/store.h"
#include "support.h"

/* A PIN whose digits are unlikely anywhere else in a database file. */
#define DISTINCT_PIN "493817"

/* ---- pin.h --------------------------------------------------------------------------- */

static void pin_form_table(void **state)
{
    (void)state;
    static const struct {
        const char *pin;
        bool valid;
    } cases[] = {
        {"123456", true},
        {"000000", true},
        {"493817", true},
        {"123456789012", true}, /* 12 digits */
        {"1234567", true},
        {"12345", false}, /* too short */
        {"", false},
        {"1234567890123", false}, /* 13 digits */
        {"12345a", false},
        {" 123456", false},
        {"123456 ", false},
        {"123456\n", false},
        {"12-34-56", false},
        {"\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF\xBC\x95\xEF\xBC\x96",
         false},                                                     /* fullwidth digits */
        {"\xD9\xA1\xD9\xA2\xD9\xA3\xD9\xA4\xD9\xA5\xD9\xA6", false}, /* Arabic-Indic digits */
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        if (pin_valid(cases[i].pin) != cases[i].valid) {
            fail_msg("pin_valid(\"%s\") should be %s", cases[i].pin,
                     cases[i].valid ? "true" : "false");
        }
        char hash[STORE_PIN_HASH_MAX] = "x";
        if (!cases[i].valid) {
            assert_int_equal(pin_hash(cases[i].pin, hash), -1);
            assert_string_equal(hash, "");
        }
    }
    assert_false(pin_valid(NULL));
}

static void hash_and_verify(void **state)
{
    (void)state;
    char hash[STORE_PIN_HASH_MAX];
    double t0 = ids_monotonic_ms();
    assert_int_equal(pin_hash(DISTINCT_PIN, hash), 0);
    double t1 = ids_monotonic_ms();
    assert_true(pin_matches(hash, DISTINCT_PIN));
    double t2 = ids_monotonic_ms();
    /* Informational only (speed is the benchmark's business): the cost of the
     * interactive limits on this machine. */
    fprintf(stderr, "pin: crypto_pwhash_str %.0f ms, crypto_pwhash_str_verify %.0f ms\n", t1 - t0,
            t2 - t1);
    assert_int_equal(strncmp(hash, "$argon2id$", 10), 0);
    assert_true(strlen(hash) < STORE_PIN_HASH_MAX);

    static const char *const wrong[] = {"493818", "4938170", "49381",  "",
                                        "093817", "abcdef",  "493817 "};
    for (size_t i = 0; i < COUNT_OF(wrong); i++) {
        if (pin_matches(hash, wrong[i])) {
            fail_msg("\"%s\" matched the hash of %s", wrong[i], DISTINCT_PIN);
        }
    }
    assert_false(pin_matches("not a hash", DISTINCT_PIN));
    assert_false(pin_matches("", DISTINCT_PIN));
    assert_false(pin_matches(NULL, DISTINCT_PIN));
    assert_false(pin_matches(hash, NULL));

    /* A fresh salt each time: the same PIN never gives the same string. */
    char again[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_hash(DISTINCT_PIN, again), 0);
    assert_string_not_equal(hash, again);
    assert_true(pin_matches(again, DISTINCT_PIN));
}

/* The hash string never is, or holds, the PIN, for PINs of each length. */
static void hash_never_holds_the_pin(void **state)
{
    (void)state;
    static const char *const pins[] = {"493817",     "1234567",     "98765432",    "000000000",
                                       "5555555555", "31415926535", "271828182845"};
    for (size_t i = 0; i < COUNT_OF(pins); i++) {
        char hash[STORE_PIN_HASH_MAX];
        assert_int_equal(pin_hash(pins[i], hash), 0);
        assert_string_not_equal(hash, pins[i]);
        if (strstr(hash, pins[i])) {
            fail_msg("the hash of %s holds it: %s", pins[i], hash);
        }
        assert_true(pin_matches(hash, pins[i]));
    }
}

static void wait_policy_table(void **state)
{
    (void)state;
    static const struct {
        int failures;
        int64_t wait_ms;
    } cases[] = {
        {INT_MIN, 0}, {-1, 0},     {0, 0},       {1, 0},       {2, 0},
        {3, 0},       {4, 30000},  {5, 60000},   {6, 120000},  {7, 240000},
        {8, 480000},  {9, 900000}, {10, 900000}, {50, 900000}, {INT_MAX, 900000},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        int64_t got = pin_wait_ms(cases[i].failures);
        if (got != cases[i].wait_ms) {
            fail_msg("pin_wait_ms(%d) = %lld, expected %lld", cases[i].failures, (long long)got,
                     (long long)cases[i].wait_ms);
        }
    }
}

static void wipe_clears_the_buffer(void **state)
{
    (void)state;
    char buf[32];
    snprintf(buf, sizeof buf, "%s", DISTINCT_PIN);
    pin_wipe(buf, sizeof buf);
    for (size_t i = 0; i < sizeof buf; i++) {
        assert_int_equal(buf[i], 0);
    }
    pin_wipe(NULL, 10); /* allowed, does nothing */
}

/* ---- The store's admin table ---------------------------------------------------------- */

static void store_keeps_the_hash_only(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {.state = 21};
    Store *s = open_tmp_db(path, sizeof path, "pin-hash.db", &rnd);
    char hash[STORE_PIN_HASH_MAX], got[STORE_PIN_HASH_MAX];
    assert_int_equal(store_pin_get(s, got), STORE_NOT_FOUND);
    /* A PIN in clear (or anything but a crypto_pwhash_str string) is refused. */
    static const char *const not_hashes[] = {DISTINCT_PIN, "", "argon2id", "$2b$10$abc",
                                             "$argon2id$v=19$m=1 space"};
    for (size_t i = 0; i < COUNT_OF(not_hashes); i++) {
        assert_int_equal(store_pin_set(s, not_hashes[i]), STORE_INVALID);
    }
    assert_int_equal(store_pin_set(s, NULL), STORE_INVALID);
    assert_int_equal(store_pin_get(s, got), STORE_NOT_FOUND);

    assert_int_equal(pin_hash(DISTINCT_PIN, hash), 0);
    assert_int_equal(store_pin_set(s, hash), STORE_OK);
    assert_int_equal(store_pin_get(s, got), STORE_OK);
    assert_string_equal(got, hash);
    assert_true(pin_matches(got, DISTINCT_PIN));

    /* No PIN in clear anywhere: not in the database, not in its -wal (the store is still
     * open, so the -wal holds the latest pages). The hash is there, so the search works. */
    assert_false(file_holds(path, "", DISTINCT_PIN));
    assert_false(file_holds(path, "-wal", DISTINCT_PIN));
    assert_true(file_holds(path, "", "$argon2id$") || file_holds(path, "-wal", "$argon2id$"));
    store_close(s);
    assert_false(file_holds(path, "", DISTINCT_PIN));
    assert_false(file_holds(path, "-wal", DISTINCT_PIN));

    /* A new PIN replaces the old one. */
    s = open_ok(path, &rnd);
    char second[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_hash("271828", second), 0);
    assert_int_equal(store_pin_set(s, second), STORE_OK);
    assert_int_equal(store_pin_get(s, got), STORE_OK);
    assert_true(pin_matches(got, "271828"));
    assert_false(pin_matches(got, DISTINCT_PIN));
    store_close(s);
    assert_false(file_holds(path, "", "271828"));
    remove_db(path);
}

static void lockout_survives_a_restart(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {.state = 22};
    Store *s = open_tmp_db(path, sizeof path, "pin-lockout.db", &rnd);
    int count = -1;
    int64_t last = -1;
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(last, 0);
    /* Failures before any PIN is set count too (someone trying the admin gesture). */
    const int64_t t = INT64_C(1795680000000);
    for (int i = 1; i <= 5; i++) {
        assert_int_equal(store_pin_failed(s, t + i * 1000), STORE_OK);
    }
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 5);
    assert_int_equal(last, t + 5000);
    assert_int_equal(pin_wait_ms(count), 60000);

    /* The plug is pulled (close without anything else) and the kiosk starts again. */
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 5);
    assert_int_equal(last, t + 5000);

    /* Setting a PIN starts the count again; so does a right PIN. */
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_hash(DISTINCT_PIN, hash), 0);
    assert_int_equal(store_pin_set(s, hash), STORE_OK);
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(last, 0);
    assert_int_equal(store_pin_failed(s, t + 9000), STORE_OK);
    assert_int_equal(store_pin_failed(s, t + 9500), STORE_OK);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 2);
    assert_int_equal(last, t + 9500);
    assert_int_equal(store_pin_succeeded(s), STORE_OK);
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 0);
    assert_int_equal(last, 0);
    assert_int_equal(store_pin_succeeded(s), STORE_OK); /* nothing to reset: fine */
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_pin_failures(s, &count, &last), STORE_OK);
    assert_int_equal(count, 0);
    char got[STORE_PIN_HASH_MAX];
    assert_int_equal(store_pin_get(s, got), STORE_OK); /* the PIN itself stays */
    assert_true(pin_matches(got, DISTINCT_PIN));
    close_tmp_db(s, path);
}

/* ---- The phase switch ----------------------------------------------------------------- */

static EventInfo event_with(const char *key, int questions)
{
    EventInfo ev;
    event_defaults(&ev);
    snprintf(ev.key, sizeof ev.key, "%s", key);
    snprintf(ev.title, sizeof ev.title, "Frukostmöte");
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    snprintf(ev.language, sizeof ev.language, "sv");
    for (int i = 0; i < questions; i++) {
        snprintf(ev.questions[i].text[LANG_SV], sizeof ev.questions[i].text[LANG_SV], "Fråga %d",
                 i + 1);
        snprintf(ev.questions[i].text[LANG_EN], sizeof ev.questions[i].text[LANG_EN], "Question %d",
                 i + 1);
    }
    ev.question_count = questions;
    return ev;
}

static void phases_switch(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {.state = 23};
    Store *s = open_tmp_db(path, sizeof path, "pin-phases.db", &rnd);
    char plain[IDS_UUID_LEN + 1], with_q[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
    EventInfo a = event_with("no-questions", 0), b = event_with("two-questions", 2), ev;
    assert_int_equal(store_event_put(s, &a, 1000, plain), STORE_OK);
    assert_int_equal(store_event_put(s, &b, 2000, with_q), STORE_OK);

    static const int both[] = {EVENT_PHASE_FEEDBACK, EVENT_PHASE_BOTH, EVENT_PHASE_CHECKIN};
    for (size_t i = 0; i < COUNT_OF(both); i++) {
        assert_int_equal(store_event_set_phases(s, with_q, both[i]), STORE_OK);
        assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
        assert_int_equal(ev.phases, both[i]);
    }
    /* Feedback needs questions; nonsense values and unknown events are refused. */
    assert_int_equal(store_event_set_phases(s, plain, EVENT_PHASE_FEEDBACK), STORE_INVALID);
    assert_int_equal(store_event_set_phases(s, plain, EVENT_PHASE_BOTH), STORE_INVALID);
    assert_int_equal(store_event_set_phases(s, plain, EVENT_PHASE_CHECKIN), STORE_OK);
    assert_int_equal(store_event_set_phases(s, with_q, 0), STORE_INVALID);
    assert_int_equal(store_event_set_phases(s, with_q, 4), STORE_INVALID);
    assert_int_equal(
        store_event_set_phases(s, "0191e0c0-0000-7000-8000-000000000000", EVENT_PHASE_CHECKIN),
        STORE_NOT_FOUND);
    /* Survives a restart. */
    assert_int_equal(store_event_set_phases(s, with_q, EVENT_PHASE_BOTH), STORE_OK);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_string_equal(id, with_q);
    assert_int_equal(ev.phases, EVENT_PHASE_BOTH);
    assert_int_equal(ev.retention_days, 90);
    close_tmp_db(s, path);
}

int main(void)
{
    if (pin_init() != 0) {
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pin_form_table),
        cmocka_unit_test(hash_and_verify),
        cmocka_unit_test(hash_never_holds_the_pin),
        cmocka_unit_test(wait_policy_table),
        cmocka_unit_test(wipe_clears_the_buffer),
        cmocka_unit_test(store_keeps_the_hash_only),
        cmocka_unit_test(lockout_survives_a_restart),
        cmocka_unit_test(phases_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
