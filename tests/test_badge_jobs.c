/* Tests for the store's badge jobs (store.h, "Badge jobs") and the flow's side of them
 * (the greeting's "pick up your badge"), on real database files, without a printer: the
 * jobs wait in the store. Printing them is test_printq (label cups).
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
#include "core/pin.h"
#include "core/store.h"
#include "core/text.h"
#include "support.h"
#include "ui_check.h"
#include "ui/ui.h"

#define T0 1795000000000LL /* 2026-11-19, ms */

static const char INI_BADGES[] = "[event]\ntitle = Nätverksträff\ndate = 2026-11-26\n"
                                 "[badge]\nprinter = badge\nlabel = 62x100\n"
                                 "fields = organisation\n";
static const char INI_PLAIN[] = "[event]\ntitle = Nätverksträff\ndate = 2026-11-26\n";
static const char CSV[] = "name;organisation;ticket\n"
                          "Märta Ståhl;Luleå Energi;T1\n"
                          "Örjan Andersson;Kiruna kommun;T2\n"
                          "Åsa Berg;Piteå Hamn;T3\n"
                          "Zlatan Zetterlund;Boden AB;T4\n";

typedef TestEventDb Fixture;

static void open_fixture(Fixture *fx, const char *ini)
{
    event_db_open(fx, "badge_jobs.db", ini, CSV, T0);
}

static StoreAttendee ticket(Fixture *fx, const char *code)
{
    return event_db_ticket(fx, code);
}

static StoreBadgeCounts counts(Fixture *fx)
{
    StoreBadgeCounts c;
    assert_int_equal(store_badge_counts(fx->s, fx->ev, &c), STORE_OK);
    return c;
}

static void test_checkin_queues_one_badge(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T1");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0 + 1000, &at), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_OK);
    assert_int_equal(j.state, STORE_BADGE_QUEUED);
    assert_string_equal(j.event_id, fx.ev);
    assert_int_equal(j.created_ms, T0 + 1000);
    assert_int_equal(j.tries, 0);
    StoreBadgeCounts c = counts(&fx);
    assert_int_equal(c.queued, 1);
    assert_int_equal(c.unprinted, 3);

    /* Checked in again: STORE_ALREADY, nothing new. Undone and checked in again: the
     * badge printed before is still theirs. */
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0 + 2000, &at), STORE_ALREADY);
    assert_int_equal(store_checkin_undo(fx.s, fx.ev, a.id, T0 + 3000), STORE_OK);
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0 + 4000, &at), STORE_OK);
    c = counts(&fx);
    assert_int_equal(c.queued, 1);

    /* A walk-in gets one too. */
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(fx.s, fx.ev, "Ny Person", "", false, T0 + 5000, id), STORE_OK);
    assert_int_equal(store_badge_job_latest(fx.s, id, &j), STORE_OK);
    assert_int_equal(counts(&fx).queued, 2);
    store_close(fx.s);
}

static void test_no_badge_section_queues_nothing(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_PLAIN);
    StoreAttendee a = ticket(&fx, "T1");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0, &at), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_NOT_FOUND);
    /* Asked for on purpose, it says why not. */
    assert_int_equal(store_badge_reprint(fx.s, fx.ev, a.id, T0, NULL), STORE_INVALID);
    size_t added = 9;
    assert_int_equal(store_badge_preprint(fx.s, fx.ev, T0, &added), STORE_INVALID);
    assert_int_equal(added, 0);
    store_close(fx.s);
}

static void test_reprint_adds_a_job(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T2");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0, &at), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_OK);
    j.state = STORE_BADGE_DONE;
    j.cups_job = 17;
    j.tries = 1;
    j.updated_ms = T0 + 10;
    assert_int_equal(store_badge_jobs_update(fx.s, &j, 1), STORE_OK);
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_badge_reprint(fx.s, fx.ev, a.id, T0 + 20, id), STORE_OK);
    StoreBadgeJob again;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &again), STORE_OK);
    assert_string_equal(again.id, id);
    assert_string_not_equal(again.id, j.id);
    assert_int_equal(again.state, STORE_BADGE_QUEUED);
    StoreBadgeCounts c = counts(&fx);
    assert_int_equal(c.done, 1);
    assert_int_equal(c.queued, 1);
    /* Someone of another meeting, or nobody: not found. */
    assert_int_equal(
        store_badge_reprint(fx.s, fx.ev, "0190f0a0-0000-7000-8000-000000000000", T0, NULL),
        STORE_NOT_FOUND);
    store_close(fx.s);
}

static void test_preprint_in_surname_order_once(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T4");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0, &at), STORE_OK);
    size_t added = 0;
    assert_int_equal(store_badge_preprint(fx.s, fx.ev, T0 + 1, &added), STORE_OK);
    assert_int_equal(added, 3); /* Zetterlund has one from the check-in */
    StoreBadgeJob jobs[8];
    size_t n = 0;
    assert_int_equal(store_badge_jobs(fx.s, fx.ev, STORE_BADGE_QUEUED, jobs, 8, &n), STORE_OK);
    assert_int_equal(n, 4);
    /* Queue order: the check-in's first, then Andersson, Berg, Ståhl (surnames). */
    const char *want[] = {"T4", "T2", "T3", "T1"};
    for (size_t i = 0; i < n; i++) {
        StoreAttendee w = ticket(&fx, want[i]);
        CHECK(want[i], strcmp(jobs[i].attendee_id, w.id) == 0);
    }
    /* Again: nobody is left without one. */
    assert_int_equal(store_badge_preprint(fx.s, fx.ev, T0 + 2, &added), STORE_OK);
    assert_int_equal(added, 0);
    assert_int_equal(counts(&fx).unprinted, 0);
    store_close(fx.s);
}

/* `mingel badges --print` records what it printed: the check-in then prints nothing. */
static void test_printed_outside_the_queue_counts(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T3");
    assert_int_equal(store_badge_printed(fx.s, fx.ev, a.id, 42, T0), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_OK);
    assert_int_equal(j.state, STORE_BADGE_SENT);
    assert_int_equal(j.cups_job, 42);
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0 + 10, &at), STORE_OK);
    StoreBadgeCounts c = counts(&fx);
    assert_int_equal(c.sent, 1);
    assert_int_equal(c.queued, 0);
    assert_int_equal(store_badge_printed(fx.s, fx.ev, "nobody", 43, T0), STORE_NOT_FOUND);
    assert_int_equal(store_badge_printed(fx.s, fx.ev, a.id, 0, T0), STORE_INVALID);
    store_close(fx.s);
}

static void test_job_states_and_reasons(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T3");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0, &at), STORE_OK);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_OK);
    j.state = STORE_BADGE_FAILED;
    j.tries = 2;
    /* A reason as CUPS may word it, cut inside a letter at the end: stored valid. */
    memset(j.reason, 'x', sizeof j.reason);
    memcpy(j.reason + sizeof j.reason - 3, "\xc3\xa5", 2);
    j.reason[sizeof j.reason - 1] = '\0';
    j.updated_ms = T0 + 5;
    assert_int_equal(store_badge_jobs_update(fx.s, &j, 1), STORE_OK);
    StoreBadgeJob back;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &back), STORE_OK);
    assert_int_equal(back.state, STORE_BADGE_FAILED);
    assert_int_equal(back.tries, 2);
    assert_int_equal(back.updated_ms, T0 + 5);
    assert_true(strlen(back.reason) > 0 && strlen(back.reason) < sizeof back.reason);
    assert_int_equal(counts(&fx).failed, 1);
    /* A job purged meanwhile is skipped; a state out of range is refused. */
    StoreBadgeJob gone = j;
    snprintf(gone.id, sizeof gone.id, "%s", "0190f0a0-0000-7000-8000-000000000001");
    assert_int_equal(store_badge_jobs_update(fx.s, &gone, 1), STORE_OK);
    gone.state = (StoreBadgeState)7;
    assert_int_equal(store_badge_jobs_update(fx.s, &gone, 1), STORE_INVALID);
    store_close(fx.s);
}

static void test_purge_takes_the_jobs(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    StoreAttendee a = ticket(&fx, "T1");
    int64_t at = 0;
    assert_int_equal(store_checkin(fx.s, fx.ev, a.id, T0, &at), STORE_OK);
    StorePurgeReport rep;
    /* A year after the meeting: past the 90 days. */
    assert_int_equal(store_purge(fx.s, T0 + 365LL * 86400000, false, &rep), STORE_OK);
    assert_int_equal(rep.attendees, 4);
    StoreBadgeJob j;
    assert_int_equal(store_badge_job_latest(fx.s, a.id, &j), STORE_NOT_FOUND);
    store_close(fx.s);
}

/* The greeting says where the badge is, only when this check-in queued one. */
static void test_greeting_says_pick_up_the_badge(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    FlowConfig cfg = flow_default_config();
    char err[256];
    Flow *f = flow_new(fx.s, &cfg, T0, err, sizeof err);
    assert_non_null(f);
    flow_scan(f, "T1", T0 + 100);
    const FlowView *v = flow_view(f);
    assert_int_equal(v->screen, FLOW_GREETING);
    assert_true(v->badge_pickup);
    assert_false(v->badge_at_reception); /* the printer's state is not known: no worry */
    flow_act(f, FLOW_ACT_DONE, 0, T0 + 200);
    assert_false(flow_view(f)->badge_pickup);
    /* Scanned again: already in, no badge. */
    flow_scan(f, "T1", T0 + 300);
    v = flow_view(f);
    assert_int_equal(v->screen, FLOW_ALREADY);
    assert_false(v->badge_pickup);
    assert_int_equal(counts(&fx).queued, 1);
    /* No worker: poll does nothing, the job waits in the store. */
    assert_false(flow_badge_poll(f, T0 + 400));
    flow_free(f);
    store_close(fx.s);

    open_fixture(&fx, INI_PLAIN);
    f = flow_new(fx.s, &cfg, T0, err, sizeof err);
    assert_non_null(f);
    flow_scan(f, "T2", T0 + 100);
    assert_int_equal(flow_view(f)->screen, FLOW_GREETING);
    assert_false(flow_view(f)->badge_pickup);
    flow_free(f);
    store_close(fx.s);
}

/* Nothing on the frame is cut or runs out of its box. */
static void fits(Ui *ui, const char *what)
{
    const char *first = NULL;
    if (ui_overflow(ui, &first)) {
        fail_msg("%s: \"%s\" does not fit", what, first ? first : "?");
    }
}

/* The admin screen: the badge state as a note for the staff, the preprint (asked first)
 * and the undo list's reprint; every button there is one a finger can use. */
static void test_admin_preprint_and_reprint(void **state)
{
    (void)state;
    Fixture fx;
    open_fixture(&fx, INI_BADGES);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("246810", hash), 0);
    assert_int_equal(store_pin_set(fx.s, hash), STORE_OK);
    FlowConfig cfg = flow_default_config();
    char err[256];
    int64_t t = T0;
    Flow *f = flow_new(fx.s, &cfg, t, err, sizeof err);
    assert_non_null(f);
    flow_scan(f, "T1", t += 100);
    flow_act(f, FLOW_ACT_DONE, 0, t += 100);
    flow_act(f, FLOW_ACT_ADMIN, 0, t += 100);
    for (const char *p = "246810"; *p; p++) {
        flow_act(f, FLOW_ACT_DIGIT, *p - '0', t += 100);
    }
    flow_act(f, FLOW_ACT_PIN_OK, 0, t += 100);
    const FlowView *v = flow_view(f);
    assert_int_equal(v->screen, FLOW_ADMIN);
    assert_true(v->badges);
    assert_string_equal(v->badge_printer, "badge");
    assert_int_equal(v->badge_queued, 1);
    assert_int_equal(v->badge_unprinted, 3);

    Ui *ui = ui_new(fake_measure, NULL);
    assert_non_null(ui);
    ui_frame(ui, v, 800, 480, -1, -1);
    UiTarget target;
    assert_true(ui_find(ui, FLOW_ACT_PREPRINT, 0, &target));
    assert_true(ui_find(ui, FLOW_ACT_EXPORT, 0, &target));
    /* The note may wrap (its text is at least 2.5 mm high on the 7" panel). */
    assert_true(shows_text(ui, "Namnbrickor: 0 utskrivna,"));
    assert_true(shows_text(ui, "väntar"));
    /* No worker has asked the printer: nothing claims it is ready. */
    assert_false(shows_text(ui, "redo"));
    fits(ui, "admin");

    /* Preprint: asked first; "cancel" queues nothing. */
    flow_act(f, FLOW_ACT_PREPRINT, 0, t += 100);
    assert_int_equal(flow_view(f)->screen, FLOW_ADMIN_ASK);
    assert_int_equal(flow_view(f)->ask, FLOW_ASK_PREPRINT);
    ui_frame(ui, flow_view(f), 800, 480, -1, -1);
    assert_true(shows_text(ui, "3 namnbrickor"));
    fits(ui, "ask preprint");
    assert_true(ui_find(ui, FLOW_ACT_CONFIRM, 0, &target));
    flow_act(f, FLOW_ACT_BACK, 0, t += 100);
    assert_int_equal(flow_view(f)->screen, FLOW_ADMIN);
    assert_int_equal(counts(&fx).queued, 1);
    flow_act(f, FLOW_ACT_PREPRINT, 0, t += 100);
    flow_act(f, FLOW_ACT_CONFIRM, 0, t += 100);
    v = flow_view(f);
    assert_int_equal(v->screen, FLOW_ADMIN);
    assert_int_equal(v->admin_note, I18N_PREPRINTED);
    assert_string_equal(v->admin_note_arg, "3");
    assert_int_equal(v->badge_queued, 4);
    assert_int_equal(v->badge_unprinted, 0);
    /* Nothing left: the button does nothing. */
    flow_act(f, FLOW_ACT_PREPRINT, 0, t += 100);
    assert_int_equal(flow_view(f)->screen, FLOW_ADMIN);

    /* Reprint from the undo list: Märta is its only row. */
    flow_act(f, FLOW_ACT_UNDO_LIST, 0, t += 100);
    v = flow_view(f);
    assert_int_equal(v->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(v->recent_count, 1);
    ui_frame(ui, v, 800, 480, -1, -1);
    assert_true(ui_find(ui, FLOW_ACT_REPRINT, 0, &target));
    assert_true(target.rect.w >= 44 && target.rect.h >= 44);
    fits(ui, "undo list");
    assert_true(ui_find(ui, FLOW_ACT_UNDO, 0, &target));
    flow_act(f, FLOW_ACT_REPRINT, 0, t += 100);
    v = flow_view(f);
    assert_int_equal(v->admin_note, I18N_REPRINTED);
    assert_string_equal(v->admin_note_arg, "Märta Ståhl");
    assert_int_equal(counts(&fx).queued, 5);
    ui_free(ui);
    flow_free(f);
    store_close(fx.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checkin_queues_one_badge),
        cmocka_unit_test(test_no_badge_section_queues_nothing),
        cmocka_unit_test(test_reprint_adds_a_job),
        cmocka_unit_test(test_preprint_in_surname_order_once),
        cmocka_unit_test(test_printed_outside_the_queue_counts),
        cmocka_unit_test(test_job_states_and_reasons),
        cmocka_unit_test(test_purge_takes_the_jobs),
        cmocka_unit_test(test_greeting_says_pick_up_the_badge),
        cmocka_unit_test(test_admin_preprint_and_reprint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
