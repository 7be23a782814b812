/* Tests for core/demo: the built-in demo meeting must be a list the kiosk accepts as it
 * would an imported one (valid text, unique keys and tickets, no duplicate people), and
 * the same seed must always give the same list, since screenshots and tests rely on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/demo.h"
#include "core/text.h"

static bool clean_field(const char *s)
{
    char cleaned[ROSTER_FIELD_MAX];
    text_clean_line(cleaned, sizeof cleaned, s, strlen(s));
    return text_valid_utf8(s, strlen(s)) && strcmp(cleaned, s) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Fails if two of the n strings are equal; what names the field in the message. */
static void assert_unique(const char **v, size_t n, const char *what)
{
    qsort(v, n, sizeof *v, cmp_str);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(v[i - 1], v[i]) == 0) {
            fail_msg("duplicate %s \"%s\"", what, v[i]);
        }
    }
}

static void test_demo_event_is_filled(void **state)
{
    (void)state;
    EventInfo ev;
    Roster r;
    assert_int_equal(demo_make("2026-11-26", 1, 0, &ev, &r), 0);
    assert_string_equal(ev.key, "demo-2026-11-26");
    assert_string_equal(ev.date, "2026-11-26");
    assert_string_equal(ev.language, "sv");
    const char *texts[] = {ev.title, ev.venue, ev.theme, ev.organiser, ev.next_meeting};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (texts[i][0] == '\0' || !clean_field(texts[i])) {
            fail_msg("event text %zu is empty or not clean: \"%s\"", i, texts[i]);
        }
    }
    assert_int_equal(r.count, 0);
    roster_free(&r);
}

static void test_demo_attendees_are_valid_and_unique(void **state)
{
    (void)state;
    static const size_t counts[] = {1, DEMO_ATTENDEES, 5000};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        size_t n = counts[c];
        EventInfo ev;
        Roster r;
        assert_int_equal(demo_make("2026-11-26", 42, n, &ev, &r), 0);
        assert_int_equal(r.count, n);
        assert_non_null(r.entries);

        const char **keys = calloc(n, sizeof *keys);
        const char **people = calloc(n, sizeof *people);
        char(*person)[2 * ROSTER_FIELD_MAX] = calloc(n, sizeof *person);
        assert_true(keys && people && person);
        size_t consenting = 0;
        for (size_t i = 0; i < n; i++) {
            const RosterEntry *a = &r.entries[i];
            const char *fields[] = {a->name, a->organisation, a->role, a->email, a->ticket};
            for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
                if (!clean_field(fields[f])) {
                    fail_msg("attendee %zu field %zu not clean UTF-8: \"%s\"", i, f, fields[f]);
                }
            }
            if (a->name[0] == '\0' || a->organisation[0] == '\0') {
                fail_msg("attendee %zu lacks a name or organisation", i);
            }
            char ticket[32];
            snprintf(ticket, sizeof ticket, "DEMO-%04zu", i + 1);
            assert_string_equal(a->ticket, ticket);
            char key[40];
            snprintf(key, sizeof key, "t:%s", ticket);
            assert_string_equal(a->key, key);
            if (a->email[0] != '\0' &&
                (strchr(a->email, '@') == NULL ||
                 strspn(a->email, "abcdefghijklmnopqrstuvwxyz-.@") != strlen(a->email))) {
                fail_msg("attendee %zu e-mail not plain ASCII: \"%s\"", i, a->email);
            }
            consenting += a->consent;
            keys[i] = a->key;
            snprintf(person[i], sizeof person[i], "%s|%s", a->name, a->organisation);
            people[i] = person[i];
        }
        assert_unique(keys, n, "key");
        assert_unique(people, n, "name and organisation");
        /* Roughly half agree to the shared list: not none, not all. */
        if (n >= DEMO_ATTENDEES && (consenting < n / 3 || consenting > n * 2 / 3)) {
            fail_msg("%zu of %zu consent: not roughly half", consenting, n);
        }
        free(keys);
        free(people);
        free(person);
        roster_free(&r);
    }
}

static void test_demo_has_swedish_letters(void **state)
{
    (void)state;
    EventInfo ev;
    Roster r;
    assert_int_equal(demo_make("2026-11-26", 7, DEMO_ATTENDEES, &ev, &r), 0);
    static const char *const letters[] = {"å", "ä", "ö", "Å", "Ö", "é"};
    for (size_t l = 0; l < sizeof letters / sizeof letters[0]; l++) {
        bool seen = false;
        for (size_t i = 0; i < r.count && !seen; i++) {
            seen = strstr(r.entries[i].name, letters[l]) != NULL;
        }
        if (!seen) {
            fail_msg("no demo name contains \"%s\"", letters[l]);
        }
    }
    roster_free(&r);
}

static void test_demo_is_deterministic_per_seed(void **state)
{
    (void)state;
    EventInfo ev1, ev2;
    Roster a, b, c;
    assert_int_equal(demo_make("2026-11-26", 99, DEMO_ATTENDEES, &ev1, &a), 0);
    assert_int_equal(demo_make("2026-11-26", 99, DEMO_ATTENDEES, &ev2, &b), 0);
    assert_int_equal(demo_make("2026-11-26", 100, DEMO_ATTENDEES, &ev2, &c), 0);
    assert_memory_equal(&ev1, &ev2, sizeof ev1);
    assert_int_equal(a.count, b.count);
    assert_memory_equal(a.entries, b.entries, a.count * sizeof a.entries[0]);
    size_t same = 0;
    for (size_t i = 0; i < a.count; i++) {
        same += strcmp(a.entries[i].name, c.entries[i].name) == 0;
    }
    if (same > a.count / 10) {
        fail_msg("seeds 99 and 100 share %zu of %zu names in place", same, a.count);
    }
    roster_free(&a);
    roster_free(&b);
    roster_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_demo_event_is_filled),
        cmocka_unit_test(test_demo_attendees_are_valid_and_unique),
        cmocka_unit_test(test_demo_has_swedish_letters),
        cmocka_unit_test(test_demo_is_deterministic_per_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
