/* test_flow_board: the board's topics and "hide me" at check-in, through the kiosk's flow
 * with a fake clock and a real database file (issue 18).
 *
 * A person who consented to the participant list, at a meeting with topics, gets them on
 * the greeting: one tap picks a topic (stored at once), a second lets it go, at most
 * three; one tap takes them off the board and one puts them back. Skipping is doing
 * nothing: nothing is stored, and the next person's scan is taken at once. Someone who did
 * not consent sees no panel and no tap of theirs stores anything. In both languages, by
 * scan and by search, for walk-ins, and on "already checked in" to change one's mind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "support.h"

#define T0 1796900000000LL /* 2026-12-10 */

static const char CSV[] = "Namn;Organisation;Biljettkod;Samtycke till deltagarlista;"
                          "Ny i nätverket\n"
                          "Anna Berg;Västerås stad;T1;Ja;\n"
                          "Bo Ek;Västerås stad;T2;Ja;Ja\n"
                          "Cecilia Dahl;Region Örebro;T3;Nej;\n";

typedef struct Fx {
    char path[1024];
    Store *s;
    Flow *f;
    char ev[IDS_UUID_LEN + 1];
    int64_t now;
} Fx;

static void fx_open(Fx *fx, const char *lang, const char *topics_line)
{
    static int seq;
    char name[64], ini[512];
    snprintf(name, sizeof name, "flow-board-%d.db", seq++);
    tmp_db(fx->path, sizeof fx->path, name);
    fx->s = fresh_store(fx->path, ids_os_random, NULL);
    snprintf(ini, sizeof ini,
             "[event]\ntitle = Driftchefsnätverket – julträff\ndate = 2026-12-10\n"
             "language = %s\n%s",
             lang, topics_line);
    import_texts(fx->s, ini, CSV, T0, fx->ev);
    fx->now = T0 + 1000;
    FlowConfig cfg = flow_default_config();
    char err[256];
    fx->f = flow_new(fx->s, &cfg, fx->now, err, sizeof err);
    assert_non_null(fx->f);
}

static void fx_close(Fx *fx)
{
    flow_free(fx->f);
    store_close(fx->s);
}

static const FlowView *view(Fx *fx)
{
    return flow_view(fx->f);
}

static void tap(Fx *fx, FlowAction a, int arg)
{
    fx->now += 1000;
    flow_act(fx->f, a, arg, fx->now);
}

static void scan(Fx *fx, const char *code)
{
    fx->now += 1000;
    flow_scan(fx->f, code, fx->now);
}

static StoreBoardChoice choice_of(Fx *fx, const char *ticket)
{
    StoreAttendee a;
    assert_int_equal(store_find_ticket(fx->s, fx->ev, ticket, &a), STORE_OK);
    StoreBoardChoice c;
    assert_int_equal(store_board_choice_get(fx->s, a.id, &c), STORE_OK);
    return c;
}

static int64_t rows_in(Fx *fx, const char *sql)
{
    char *v = sqlite3_query(fx->path, sql);
    int64_t n = strtoll(v, NULL, 10);
    free(v);
    return n;
}

#define TOPICS "topics = rekrytering | upphandling | AI i drift | kompetensförsörjning\n"

/* By search and confirm, in the meeting's language and after switching: pick, change. */
static void picks_and_changes_in_both_languages(void **state)
{
    (void)state;
    for (int l = 0; l < 2; l++) {
        Fx fx;
        fx_open(&fx, l ? "en" : "sv", TOPICS);
        tap(&fx, FLOW_ACT_START, 0);
        for (const char *c = "anna"; *c; c++) {
            tap(&fx, FLOW_ACT_CHAR, *c);
        }
        tap(&fx, FLOW_ACT_PICK, 0);
        tap(&fx, FLOW_ACT_CONFIRM, 0);
        assert_int_equal(view(&fx)->screen, FLOW_GREETING);
        assert_true(view(&fx)->board_offer);
        assert_int_equal(view(&fx)->topic_count, 4);
        assert_string_equal(view(&fx)->topics[2], "AI i drift");
        tap(&fx, FLOW_ACT_LANGUAGE, 0); /* the other language: the same topics */
        assert_int_equal(view(&fx)->lang, l ? LANG_SV : LANG_EN);
        assert_true(view(&fx)->board_offer);
        tap(&fx, FLOW_ACT_TOPIC, 2);
        tap(&fx, FLOW_ACT_TOPIC, 0);
        assert_true(view(&fx)->topic_picked[0] && view(&fx)->topic_picked[2]);
        assert_int_equal(view(&fx)->topics_picked, 2);
        assert_string_equal(choice_of(&fx, "T1").interests, "rekrytering|AI i drift");
        /* Changed her mind: rekrytering goes, upphandling comes. */
        tap(&fx, FLOW_ACT_TOPIC, 0);
        tap(&fx, FLOW_ACT_TOPIC, 1);
        assert_string_equal(choice_of(&fx, "T1").interests, "upphandling|AI i drift");
        assert_int_equal(view(&fx)->screen, FLOW_GREETING);
        tap(&fx, FLOW_ACT_DONE, 0);
        assert_int_equal(view(&fx)->screen, FLOW_WELCOME);
        assert_false(view(&fx)->board_offer);
        fx_close(&fx);
    }
}

/* Skipping: nothing stored, the next person's scan taken at once, and the greeting goes
 * by itself. */
static void skipping_stores_nothing_and_waits_for_no_one(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "sv", TOPICS);
    scan(&fx, "T1");
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    assert_true(view(&fx)->board_offer);
    scan(&fx, "T2"); /* the next in the queue, a second later */
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    assert_string_equal(view(&fx)->first_name, "Bo");
    assert_int_equal(rows_in(&fx, "SELECT count(*) FROM board_choice"), 0);
    /* Nobody taps: back to the welcome screen after FLOW_BOARD_PICK_MS. */
    flow_tick(fx.f, fx.now + FLOW_BOARD_PICK_MS - 1);
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    flow_tick(fx.f, fx.now + FLOW_BOARD_PICK_MS);
    assert_int_equal(view(&fx)->screen, FLOW_WELCOME);
    assert_int_equal(rows_in(&fx, "SELECT count(*) FROM board_choice"), 0);
    fx_close(&fx);
}

/* Three at most; a tap keeps the greeting up a while longer. */
static void three_topics_at_most(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "sv", TOPICS);
    scan(&fx, "T2");
    for (int i = 0; i < 4; i++) {
        tap(&fx, FLOW_ACT_TOPIC, i);
    }
    assert_int_equal(view(&fx)->topics_picked, 3);
    assert_false(view(&fx)->topic_picked[3]);
    assert_string_equal(choice_of(&fx, "T2").interests, "rekrytering|upphandling|AI i drift");
    tap(&fx, FLOW_ACT_TOPIC, 1);
    tap(&fx, FLOW_ACT_TOPIC, 3);
    assert_string_equal(choice_of(&fx, "T2").interests,
                        "rekrytering|AI i drift|kompetensförsörjning");
    tap(&fx, FLOW_ACT_TOPIC, 7); /* no such topic */
    tap(&fx, FLOW_ACT_TOPIC, -1);
    assert_int_equal(view(&fx)->topics_picked, 3);
    /* The last tap was just now: the greeting stays FLOW_BOARD_PICK_MS from it. */
    flow_tick(fx.f, fx.now + FLOW_BOARD_PICK_MS - 1000);
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    fx_close(&fx);
}

/* One tap off the board, one back on; the topics wait meanwhile. */
static void hide_and_show_again(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "en", TOPICS);
    scan(&fx, "T1");
    tap(&fx, FLOW_ACT_TOPIC, 1);
    tap(&fx, FLOW_ACT_BOARD_HIDE, 0);
    assert_true(view(&fx)->board_hidden);
    StoreBoardChoice c = choice_of(&fx, "T1");
    assert_true(c.hidden);
    assert_string_equal(c.interests, "upphandling");
    tap(&fx, FLOW_ACT_TOPIC, 0); /* hidden: topics take no tap */
    assert_string_equal(choice_of(&fx, "T1").interests, "upphandling");
    tap(&fx, FLOW_ACT_BOARD_HIDE, 0);
    assert_false(view(&fx)->board_hidden);
    assert_false(choice_of(&fx, "T1").hidden);
    fx_close(&fx);
}

/* Coming back to the kiosk later: "already checked in" shows what is stored, to change. */
static void already_checked_in_can_change(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "sv", TOPICS);
    scan(&fx, "T1");
    tap(&fx, FLOW_ACT_TOPIC, 0);
    tap(&fx, FLOW_ACT_DONE, 0);
    scan(&fx, "T1");
    assert_int_equal(view(&fx)->screen, FLOW_ALREADY);
    assert_true(view(&fx)->board_offer);
    assert_true(view(&fx)->topic_picked[0]);
    tap(&fx, FLOW_ACT_BOARD_HIDE, 0);
    assert_true(choice_of(&fx, "T1").hidden);
    fx_close(&fx);
}

/* No consent, no panel: nothing a tap could store. */
static void no_panel_without_consent(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "sv", TOPICS);
    scan(&fx, "T3");
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    assert_false(view(&fx)->board_offer);
    tap(&fx, FLOW_ACT_TOPIC, 0);
    tap(&fx, FLOW_ACT_BOARD_HIDE, 0);
    assert_int_equal(view(&fx)->screen, FLOW_GREETING);
    assert_int_equal(rows_in(&fx, "SELECT count(*) FROM board_choice"), 0);
    /* The greeting keeps the kiosk's own time: no topics to read. */
    flow_tick(fx.f, fx.now + 5000);
    assert_int_equal(view(&fx)->screen, FLOW_WELCOME);
    fx_close(&fx);
}

/* A meeting without a board: the greeting as always. With board = yes and no topics:
 * only "hide me". */
static void panel_follows_the_event_file(void **state)
{
    (void)state;
    Fx fx;
    fx_open(&fx, "sv", "");
    scan(&fx, "T1");
    assert_false(view(&fx)->board_offer);
    fx_close(&fx);
    fx_open(&fx, "sv", "board = yes\n");
    scan(&fx, "T1");
    assert_true(view(&fx)->board_offer);
    assert_int_equal(view(&fx)->topic_count, 0);
    tap(&fx, FLOW_ACT_BOARD_HIDE, 0);
    assert_true(choice_of(&fx, "T1").hidden);
    flow_tick(fx.f, fx.now + 5000); /* the greeting's own 5 s */
    assert_int_equal(view(&fx)->screen, FLOW_WELCOME);
    fx_close(&fx);
}

/* A walk-in who ticks "show me on the participant list" gets the panel; one who does
 * not, none. */
static void walk_ins_by_their_consent(void **state)
{
    (void)state;
    for (int consent = 0; consent < 2; consent++) {
        Fx fx;
        fx_open(&fx, "sv", TOPICS);
        tap(&fx, FLOW_ACT_START, 0);
        tap(&fx, FLOW_ACT_WALKIN, 0);
        for (const char *c = "dora"; *c; c++) {
            tap(&fx, FLOW_ACT_CHAR, *c);
        }
        if (consent) {
            tap(&fx, FLOW_ACT_CONSENT, 0);
        }
        tap(&fx, FLOW_ACT_SUBMIT, 0);
        assert_int_equal(view(&fx)->screen, FLOW_GREETING);
        assert_int_equal(view(&fx)->board_offer, consent == 1);
        tap(&fx, FLOW_ACT_TOPIC, 1);
        assert_int_equal(rows_in(&fx, "SELECT count(*) FROM board_choice"), consent);
        fx_close(&fx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picks_and_changes_in_both_languages),
        cmocka_unit_test(skipping_stores_nothing_and_waits_for_no_one),
        cmocka_unit_test(three_topics_at_most),
        cmocka_unit_test(hide_and_show_again),
        cmocka_unit_test(already_checked_in_can_change),
        cmocka_unit_test(no_panel_without_consent),
        cmocka_unit_test(panel_follows_the_event_file),
        cmocka_unit_test(walk_ins_by_their_consent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
