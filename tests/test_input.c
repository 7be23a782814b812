/* test_input: the limits of core/input.h, exactly, on a real store.
 *
 * The Input in front of a real flow on a real SQLite file: where a run of keys stops
 * being a scan (30 ms a key, 3 characters, Enter within 30 ms), when held keys go on as
 * typed text, how long taps are ignored after the screen changes (500 ms), and what an
 * oversized burst does. Times are given, never waited for. The shell-level cases (double
 * taps and scans on every screen, through SDL events) are in test_sdl_checkin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/input.h"
#include "core/roster.h"
#include "core/store.h"
#include "support.h"

#define T0 1800000000000LL /* the flow's time at the start, ms */

typedef struct Fixture {
    char path[600];
    Store *store;
    char event_id[IDS_UUID_LEN + 1];
    Flow *flow;
    Input *in;
    int64_t t; /* the event clock */
} Fixture;

static int setup(void **state)
{
    Fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    const char *tmp = getenv("MINGEL_TEST_TMP");
    static int seq;
    snprintf(fx->path, sizeof fx->path, "%s/input-%d-%d.db", tmp ? tmp : "/tmp", (int)getpid(),
             seq++);
    char err[512];
    assert_int_equal(store_open(fx->path, ids_os_random, NULL, &fx->store, err, sizeof err),
                     STORE_OK);
    EventInfo ev = test_meeting("input-test", "Driftchefsnätverket");
    snprintf(ev.date, sizeof ev.date, "2027-01-15");
    ev.phases = EVENT_PHASE_CHECKIN;
    assert_int_equal(store_event_put(fx->store, &ev, T0, fx->event_id), STORE_OK);
    static const TestAttendee PEOPLE[] = {TICKET_HOLDER("Lotta Söderberg", NULL, "T-1001"),
                                          TICKET_HOLDER("Åke Öjmertz", NULL, "T-1002"),
                                          TICKET_HOLDER("Li Ek", NULL, "L7")};
    import_attendees(fx->store, fx->event_id, PEOPLE, COUNT_OF(PEOPLE), T0);
    FlowConfig cfg = flow_default_config();
    fx->flow = flow_new(fx->store, &cfg, T0, err, sizeof err);
    assert_non_null(fx->flow);
    fx->in = input_new(fx->flow);
    assert_non_null(fx->in);
    input_set_offset(fx->in, T0);
    fx->t = 1000;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    input_free(fx->in);
    flow_free(fx->flow);
    store_close(fx->store);
    static const char *const SUFFIX[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[700];
        snprintf(p, sizeof p, "%s%s", fx->path, SUFFIX[i]);
        unlink(p);
    }
    free(fx);
    return 0;
}

static const FlowView *view(Fixture *fx)
{
    return flow_view(fx->flow);
}

static int64_t checked_in(Fixture *fx)
{
    StoreStats st = event_stats(fx->store, fx->event_id);
    return st.checked_in;
}

/* Types s one ASCII character a key, gap_ms apart; returns what the last key did. */
static InputDid keys(Fixture *fx, const char *s, int gap_ms)
{
    InputDid did = INPUT_HELD;
    for (; *s; s++) {
        char one[2] = {*s, '\0'};
        fx->t += gap_ms;
        did = input_text(fx->in, one, fx->t);
    }
    return did;
}

/* Where a run of keys and its Enter stop being a scan. */
static void scan_limits(void **state)
{
    static const struct {
        const char *name;
        const char *code;
        int gap_ms, enter_ms;
        InputDid enter; /* what the Enter did */
        FlowScreen screen;
    } CASES[] = {
        {"scanner at 5 ms", "T-1001", 5, 5, INPUT_SCANNED, FLOW_GREETING},
        {"scanner at the 30 ms limit", "T-1001", 30, 30, INPUT_SCANNED, FLOW_GREETING},
        {"keys 31 ms apart are typing", "T-1001", 31, 10, INPUT_TYPED, FLOW_GREETING},
        {"Enter 31 ms late is a person's", "T-1001", 10, 31, INPUT_TYPED, FLOW_GREETING},
        {"two characters are no scan", "L7", 5, 5, INPUT_TYPED, FLOW_GREETING},
        {"three are: an unknown code", "zzz", 5, 5, INPUT_SCANNED, FLOW_NOTICE},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        teardown(state);
        setup(state);
        Fixture *fx = *state;
        keys(fx, CASES[i].code, CASES[i].gap_ms);
        fx->t += CASES[i].enter_ms;
        InputDid did = input_key(fx->in, FLOW_KEY_ENTER, fx->t);
        if (did != CASES[i].enter || view(fx)->screen != CASES[i].screen) {
            fail_msg("%s: Enter did %d on screen %d, expected %d on screen %d", CASES[i].name,
                     (int)did, (int)view(fx)->screen, (int)CASES[i].enter, (int)CASES[i].screen);
        }
        if (did == INPUT_SCANNED) {
            assert_string_equal(input_last_scan(fx->in), CASES[i].code);
        }
    }
}

/* Held keys go on as typed text once the gap has passed, in order, and not before. */
static void held_keys_are_released_as_typed(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(keys(fx, "lo", 10), INPUT_HELD);
    assert_int_equal(input_text(fx->in, "t", fx->t + 10), INPUT_HELD);
    fx->t += 10;
    assert_true(input_next_deadline(fx->in) == fx->t + INPUT_SCAN_GAP_MS + 1);
    input_tick(fx->in, fx->t + INPUT_SCAN_GAP_MS);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME); /* nothing typed yet */
    assert_true(input_tick(fx->in, fx->t + INPUT_SCAN_GAP_MS + 1));
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "lot");
    /* A key after a pause lets the run before it go first. */
    fx->t += 200;
    assert_int_equal(input_text(fx->in, "t", fx->t), INPUT_HELD);
    fx->t += 200;
    assert_int_equal(input_text(fx->in, "a", fx->t), INPUT_TYPED);
    assert_string_equal(view(fx)->query, "lott");
    assert_int_equal(checked_in(fx), 0);
}

/* After the screen changes, taps going down within 500 ms are ignored; at 500 they count. */
static void taps_settle_after_a_change(void **state)
{
    Fixture *fx = *state;
    assert_true(input_tap(fx->in, FLOW_ACT_START, 0, fx->t, fx->t + 60));
    int64_t changed = fx->t + 60;
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_false(input_may_press(fx->in, changed + INPUT_SETTLE_MS - 1));
    assert_false(input_tap(fx->in, FLOW_ACT_CHAR, 'x', changed + INPUT_SETTLE_MS - 1,
                           changed + INPUT_SETTLE_MS + 40));
    assert_string_equal(view(fx)->query, "");
    /* From 500 ms on, taps count. */
    assert_true(input_tap(fx->in, FLOW_ACT_CHAR, 'x', changed + INPUT_SETTLE_MS,
                          changed + INPUT_SETTLE_MS + 40));
    assert_string_equal(view(fx)->query, "x");
    /* With no change in between, a double tap on a key types twice (as "ll" needs). */
    int64_t t = changed + 2000;
    assert_true(input_tap(fx->in, FLOW_ACT_CHAR, 'y', t, t + 30));
    assert_true(input_tap(fx->in, FLOW_ACT_CHAR, 'y', t + 80, t + 110));
    assert_string_equal(view(fx)->query, "xyy");
}

/* A burst longer than any ticket is a scan of a code nobody has. */
static void oversized_burst_is_an_unknown_scan(void **state)
{
    Fixture *fx = *state;
    char big[INPUT_SCAN_CAP + 100];
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    keys(fx, big, 5);
    fx->t += 5;
    assert_int_equal(input_key(fx->in, FLOW_KEY_ENTER, fx->t), INPUT_SCANNED);
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_string_equal(view(fx)->query, "");
    assert_int_equal(checked_in(fx), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(scan_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(held_keys_are_released_as_typed, setup, teardown),
        cmocka_unit_test_setup_teardown(taps_settle_after_a_change, setup, teardown),
        cmocka_unit_test_setup_teardown(oversized_burst_is_an_unknown_scan, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
