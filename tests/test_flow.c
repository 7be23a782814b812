/* Flow tests: the kiosk driven by scripted input and a fake clock, against a real SQLite
 * file. Every case asserts what ended up in the database, not only the screen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/flow.h"
#include "core/pin.h"
#include "core/store.h"
#include "core/text.h"

#define T0 1800000000000LL /* a fixed "now" in ms: 2027-01-15 */

typedef struct Person {
    const char *name, *org, *ticket;
} Person;

static const Person PEOPLE[] = {
    {"Lotta Söderberg", "Vattenbolaget Öst", "T-1001"},
    {"Örjan Öjmertz", "Tekniska verken i Norrby", "T-1002"},
    {"Anna-Karin Lindén", "Norrby kommun", "T-1003"},
    {"Lars Berg", "Söderbergs Rör AB", "T-1004"},
    {"Åsa Ångström", "Energibolaget Väst", "T-1005"},
    {"Lotta Bäckström", "Norrby kommun", "T-1006"},
};
#define NPEOPLE (sizeof PEOPLE / sizeof PEOPLE[0])

typedef struct Fixture {
    char path[512];
    Store *store;
    Flow *flow;
    char event_id[IDS_UUID_LEN + 1];
    int64_t now;
    char export_dir[600];
    bool synced;    /* what the fake system clock says: synchronised or not */
    FlowConfig cfg; /* the flow's configuration, for restarts */
} Fixture;

static bool fake_synced(void *ctx)
{
    return *(const bool *)ctx;
}

static int counter_random(void *ctx, void *buf, size_t n)
{
    uint32_t *state = ctx;
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++) {
        *state = *state * 1664525u + 1013904223u;
        p[i] = (unsigned char)(*state >> 24);
    }
    return 0;
}

static uint32_t rng_state = 12345;

static int setup_event(void **state, const char *lang, bool feedback);

static int setup_lang(void **state, const char *lang)
{
    return setup_event(state, lang, false);
}

static int setup_event(void **state, const char *lang, bool feedback)
{
    Fixture *fx = calloc(1, sizeof *fx);
    const char *tmp = getenv("MINGEL_TEST_TMP");
    static int seq;
    snprintf(fx->path, sizeof fx->path, "%s/flow-%d-%d.db", tmp ? tmp : "/tmp", (int)getpid(),
             seq++);
    char err[512];
    assert_int_equal(store_open(fx->path, counter_random, &rng_state, &fx->store, err, sizeof err),
                     STORE_OK);
    EventInfo ev = {0};
    snprintf(ev.key, sizeof ev.key, "test-meeting");
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – höstträff");
    snprintf(ev.date, sizeof ev.date, "2027-01-15");
    snprintf(ev.language, sizeof ev.language, "%s", lang);
    ev.phases = EVENT_PHASE_CHECKIN;
    ev.reflection_max = EVENT_REFLECTION_DEFAULT_MAX;
    ev.thanks_seconds = 20;
    ev.repeat_seconds = 5;
    if (feedback) {
        ev.phases = EVENT_PHASE_BOTH;
        ev.question_count = 2;
        snprintf(ev.questions[0].text[LANG_SV], EVENT_TEXT_MAX, "Hur nöjd är du med dagen?");
        snprintf(ev.questions[0].text[LANG_EN], EVENT_TEXT_MAX, "How was the day?");
        ev.questions[0].scale = EVENT_SCALE_SMILEYS;
        snprintf(ev.questions[1].text[LANG_SV], EVENT_TEXT_MAX,
                 "Skulle du rekommendera nätverket till en kollega?");
        snprintf(ev.questions[1].text[LANG_EN], EVENT_TEXT_MAX,
                 "Would you recommend the network to a colleague?");
        ev.questions[1].scale = EVENT_SCALE_NPS;
        ev.reflection_max = 20;
        snprintf(ev.feedback_url, sizeof ev.feedback_url,
                 "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    }
    assert_int_equal(store_event_put(fx->store, &ev, T0, fx->event_id), STORE_OK);

    Roster r = {0};
    r.entries = calloc(NPEOPLE, sizeof *r.entries);
    r.count = NPEOPLE;
    for (size_t i = 0; i < NPEOPLE; i++) {
        RosterEntry *e = &r.entries[i];
        snprintf(e->name, sizeof e->name, "%s", PEOPLE[i].name);
        snprintf(e->organisation, sizeof e->organisation, "%s", PEOPLE[i].org);
        snprintf(e->ticket, sizeof e->ticket, "%s", PEOPLE[i].ticket);
        snprintf(e->key, sizeof e->key, "t:%s", PEOPLE[i].ticket);
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    assert_int_equal(store_import_roster(fx->store, fx->event_id, &r, T0, &res), STORE_OK);
    assert_int_equal(res.added, NPEOPLE);
    free(r.entries);

    fx->now = T0;
    FlowConfig cfg = flow_default_config();
    cfg.rnd = counter_random;
    cfg.rnd_ctx = &rng_state;
    snprintf(fx->export_dir, sizeof fx->export_dir, "%s-usb", fx->path);
    mkdir(fx->export_dir, 0700);
    cfg.export_dir = fx->export_dir;
    /* The clock: not synchronised (as on a Pi without network) unless a test says so, in
     * a boot of its own. */
    cfg.clock_synced = fake_synced;
    cfg.clock_ctx = &fx->synced;
    cfg.boot_id = "8f2c6c1e-0000-4000-8000-00000000b001";
    fx->cfg = cfg;
    fx->flow = flow_new(fx->store, &cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
    *state = fx;
    return 0;
}

static int setup_feedback(void **state)
{
    return setup_event(state, "sv", true);
}

static int setup(void **state)
{
    return setup_lang(state, "sv");
}

static int setup_en(void **state)
{
    return setup_lang(state, "en");
}

static int teardown(void **state)
{
    Fixture *fx = *state;
    flow_free(fx->flow);
    store_close(fx->store);
    char side[600];
    unlink(fx->path);
    snprintf(side, sizeof side, "%s-wal", fx->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", fx->path);
    unlink(side);
    free(fx);
    return 0;
}

/* ---- Scripted input ------------------------------------------------------------------ */

static void tap(Fixture *fx, FlowAction a, int arg)
{
    fx->now += 700; /* a person taps about this fast */
    flow_act(fx->flow, a, arg, fx->now);
}

static void type(Fixture *fx, const char *s)
{
    while (*s) {
        uint32_t cp;
        size_t n = text_decode(s, strlen(s), &cp);
        assert_true(n > 0);
        tap(fx, cp == ' ' ? FLOW_ACT_SPACE : FLOW_ACT_CHAR, (int)cp);
        s += n;
    }
}

static const FlowView *view(Fixture *fx)
{
    return flow_view(fx->flow);
}

static StoreAttendee attendee_named(Fixture *fx, const char *name);

typedef struct FindCtx {
    const char *name;
    StoreAttendee found;
    int hits;
} FindCtx;

static int find_cb(void *ctx, const StoreAttendee *a)
{
    FindCtx *fc = ctx;
    if (strcmp(a->name, fc->name) == 0) {
        fc->found = *a;
        fc->hits++;
    }
    return 0;
}

static StoreAttendee attendee_named(Fixture *fx, const char *name)
{
    FindCtx fc = {.name = name};
    assert_int_equal(store_each_attendee(fx->store, fx->event_id, find_cb, &fc), STORE_OK);
    assert_int_equal(fc.hits, 1);
    return fc.found;
}

static StoreStats stats(Fixture *fx)
{
    StoreStats s;
    assert_int_equal(store_stats(fx->store, fx->event_id, &s), STORE_OK);
    return s;
}

/* ---- Cases --------------------------------------------------------------------------- */

static void checkin_by_search_commits_then_greets(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    tap(fx, FLOW_ACT_START, 0);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    type(fx, "soder");
    assert_string_equal(view(fx)->query, "soder");
    /* "soder" matches Söderberg by name and Söderbergs Rör by organisation: name first. */
    assert_int_equal(view(fx)->match_count, 2);
    assert_string_equal(view(fx)->results[0].name, "Lotta Söderberg");
    assert_string_equal(view(fx)->results[1].name, "Lars Berg");
    tap(fx, FLOW_ACT_PICK, 0);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    assert_string_equal(view(fx)->chosen_name, "Lotta Söderberg");
    assert_string_equal(view(fx)->chosen_organisation, "Vattenbolaget Öst");
    /* Nothing is written before the confirmation. */
    assert_int_equal(stats(fx).checkin_records, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    int64_t at = fx->now;
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(view(fx)->first_name, "Lotta");

    StoreAttendee a = attendee_named(fx, "Lotta Söderberg");
    assert_true(a.checked_in_ms == at);
    StoreStats s = stats(fx);
    assert_int_equal(s.checked_in, 1);
    assert_int_equal(s.checkin_records, 1);
    assert_int_equal(s.walk_ins, 0);
    assert_int_equal(s.expected, (int64_t)NPEOPLE);
}

static void second_checkin_shows_time_and_writes_nothing(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojm");
    assert_int_equal(view(fx)->match_count, 1);
    assert_string_equal(view(fx)->results[0].name, "Örjan Öjmertz");
    assert_false(view(fx)->results[0].checked_in);
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    int64_t first = fx->now;
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);

    fx->now += 3600 * 1000; /* an hour later, again */
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "orjan");
    assert_true(view(fx)->results[0].checked_in);
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_ALREADY);
    char expect[8];
    time_t t = (time_t)(first / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(expect, sizeof expect, "%H:%M", &tm);
    assert_string_equal(view(fx)->checkin_time, expect);

    StoreStats s = stats(fx);
    assert_int_equal(s.checked_in, 1);
    assert_int_equal(s.checkin_records, 1);
    assert_true(attendee_named(fx, "Örjan Öjmertz").checked_in_ms == first);
}

static void walk_in_registers_and_checks_in(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "maja öst");
    assert_int_equal(view(fx)->match_count, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    /* The form starts from the search, written like a name. */
    assert_string_equal(view(fx)->walkin_fields[0], "Maja Öst");
    tap(fx, FLOW_ACT_FIELD, 1);
    assert_true(view(fx)->keyboard_upper);
    type(fx, "västerås stad");
    assert_string_equal(view(fx)->walkin_fields[1], "Västerås stad");
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(view(fx)->first_name, "Maja");

    StoreAttendee a = attendee_named(fx, "Maja Öst");
    assert_true(a.walk_in);
    assert_string_equal(a.organisation, "Västerås stad");
    assert_true(a.checked_in_ms == fx->now);
    StoreStats s = stats(fx);
    assert_int_equal(s.walk_ins, 1);
    assert_int_equal(s.checked_in, 1);
    assert_int_equal(s.expected, (int64_t)NPEOPLE);

    /* The walk-in is found by the next search without a restart. */
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "maja");
    assert_int_equal(view(fx)->match_count, 1);
    assert_true(view(fx)->results[0].checked_in);
}

static int consent_of(void *ctx, const StoreAttendeeRow *r)
{
    int *out = ctx;
    if (r->walk_in)
        out[r->consent ? 1 : 0]++;
    return 0;
}

/* The form asks for consent to the participant list: off until tapped, stored with the
 * walk-in, and never carried over to the next person. */
static void walk_in_consent_is_asked_and_stored(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "greta");
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_false(view(fx)->walkin_consent);
    tap(fx, FLOW_ACT_CONSENT, 0);
    assert_true(view(fx)->walkin_consent);
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    tap(fx, FLOW_ACT_DONE, 0);

    /* The next walk-in starts unticked; ticking twice is no. */
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "harald");
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_false(view(fx)->walkin_consent);
    tap(fx, FLOW_ACT_CONSENT, 0);
    tap(fx, FLOW_ACT_CONSENT, 0);
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);

    /* A ticked form left to the idle timeout is not carried over either. */
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ingrid");
    tap(fx, FLOW_ACT_WALKIN, 0);
    tap(fx, FLOW_ACT_CONSENT, 0);
    flow_tick(fx->flow, fx->now + 31000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    fx->now += 31000;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ingrid");
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_false(view(fx)->walkin_consent);

    int counts[2] = {0, 0}; /* walk-ins without, with consent */
    assert_int_equal(store_each_attendee_row(fx->store, fx->event_id, consent_of, counts),
                     STORE_OK);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[0], 1);
}

static void walk_in_without_name_is_refused(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_string_equal(view(fx)->walkin_fields[0], "");
    tap(fx, FLOW_ACT_FIELD, 1);
    type(fx, "acme");
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    assert_true(view(fx)->walkin_missing_name);
    assert_int_equal(view(fx)->walkin_focus, 0);
    /* Only spaces is no name either. */
    type(fx, "  ");
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    StoreStats s = stats(fx);
    assert_int_equal(s.walk_ins, 0);
    assert_int_equal(s.checkin_records, 0);
}

static void scanner_code_on_welcome_checks_in(void **state)
{
    Fixture *fx = *state;
    /* A USB scanner types the code and Enter, fast, on the welcome screen. */
    fx->now += 1000;
    flow_text(fx->flow, "T-1003", fx->now);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 20);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(view(fx)->first_name, "Anna-Karin");
    assert_true(attendee_named(fx, "Anna-Karin Lindén").checked_in_ms == fx->now + 20);
    assert_int_equal(stats(fx).checkin_records, 1);

    /* The next scan arrives while the greeting shows: it starts over, no tap needed. */
    flow_text(fx->flow, "T-1005", fx->now + 2000);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 2020);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(view(fx)->first_name, "Åsa");
    assert_int_equal(stats(fx).checked_in, 2);
}

static void unknown_scanner_code_says_so_and_writes_nothing(void **state)
{
    Fixture *fx = *state;
    flow_text(fx->flow, "X-9999", fx->now + 100);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 120);
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_int_equal(view(fx)->notice, I18N_TICKET_UNKNOWN);
    assert_int_equal(stats(fx).checkin_records, 0);
    flow_act(fx->flow, FLOW_ACT_DONE, 0, fx->now + 2000);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "");
}

static void enter_with_one_match_goes_to_confirm(void **state)
{
    Fixture *fx = *state;
    flow_text(fx->flow, "angst", fx->now + 100);
    assert_int_equal(view(fx)->match_count, 1);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 200);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    assert_string_equal(view(fx)->chosen_name, "Åsa Ångström");
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 300);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_int_equal(stats(fx).checked_in, 1);
}

static void idle_timeout_warns_then_resets_everything(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lot");
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_int_equal(view(fx)->lang, LANG_EN);
    int64_t last = fx->now;
    assert_true(flow_next_deadline(fx->flow) == last + 20000);

    assert_false(flow_tick(fx->flow, last + 19999));
    assert_false(view(fx)->idle_warning);
    assert_true(flow_tick(fx->flow, last + 20000));
    assert_true(view(fx)->idle_warning);
    assert_int_equal(view(fx)->idle_seconds_left, 10);
    assert_true(flow_next_deadline(fx->flow) == last + 21000);
    assert_true(flow_tick(fx->flow, last + 25500));
    assert_int_equal(view(fx)->idle_seconds_left, 5);
    /* The person's typing is still there during the warning ... */
    assert_string_equal(view(fx)->query, "lot");
    assert_true(flow_tick(fx->flow, last + 30000));
    /* ... and gone afterwards, with the language back to the meeting's. */
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_string_equal(view(fx)->query, "");
    assert_int_equal(view(fx)->result_count, 0);
    assert_int_equal(view(fx)->lang, LANG_SV);
    assert_false(view(fx)->idle_warning);
    assert_true(flow_next_deadline(fx->flow) == -1);
    assert_int_equal(stats(fx).checkin_records, 0);
}

static void still_here_keeps_the_screen(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "anna");
    int64_t last = fx->now;
    flow_tick(fx->flow, last + 22000);
    assert_true(view(fx)->idle_warning);
    flow_act(fx->flow, FLOW_ACT_STAY, 0, last + 22500);
    assert_false(view(fx)->idle_warning);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_false(flow_tick(fx->flow, last + 32000)); /* 9.5 s after the tap: no change */
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "anna");
}

static void walk_in_form_is_cleared_by_idle_timeout(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    type(fx, "hemlig person");
    flow_tick(fx->flow, fx->now + 30000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_string_equal(view(fx)->walkin_fields[0], "");
    assert_string_equal(view(fx)->walkin_fields[1], "");
    assert_int_equal(stats(fx).walk_ins, 0);
}

static void greeting_returns_to_welcome_by_itself(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lars");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 5000);
    assert_false(flow_tick(fx->flow, fx->now + 4999));
    assert_true(flow_tick(fx->flow, fx->now + 5000));
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_string_equal(view(fx)->query, "");
}

static void back_keeps_the_search(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lotta");
    assert_int_equal(view(fx)->match_count, 2);
    tap(fx, FLOW_ACT_PICK, 1);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "lotta");
    assert_int_equal(view(fx)->match_count, 2);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_int_equal(stats(fx).checkin_records, 0);
}

static void keyboard_editing(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_SPACE, 0); /* no leading space */
    assert_string_equal(view(fx)->query, "");
    type(fx, "åsa");
    tap(fx, FLOW_ACT_SPACE, 0);
    tap(fx, FLOW_ACT_SPACE, 0); /* no double space */
    assert_string_equal(view(fx)->query, "åsa ");
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    tap(fx, FLOW_ACT_BACKSPACE, 0); /* removes the two-byte "a" as one */
    assert_string_equal(view(fx)->query, "ås");
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    assert_string_equal(view(fx)->query, "å");
    tap(fx, FLOW_ACT_CLEAR, 0);
    assert_string_equal(view(fx)->query, "");
    assert_int_equal(view(fx)->match_count, 0);
    tap(fx, FLOW_ACT_BACKSPACE, 0); /* on empty: nothing happens */
    assert_string_equal(view(fx)->query, "");
}

static void hostile_typing_is_bounded_and_valid(void **state)
{
    Fixture *fx = *state;
    /* Invalid UTF-8, control characters, NUL-free junk, an emoji, right-to-left text. */
    static const char junk[] = "\xff\xfe\x01\x1b[31m\xc3\x28\xe2\x82 l\xc3\xb6tta \xf0\x9f\x98\x80"
                               " \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\x7f";
    flow_text(fx->flow, junk, fx->now + 10);
    const char *q = view(fx)->query;
    assert_true(text_valid_utf8(q, strlen(q)));
    for (const char *p = q; *p; p++)
        assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    /* A 10,000-character line stops at the field's limit. */
    char *big = malloc(10001);
    memset(big, 'a', 10000);
    big[10000] = '\0';
    flow_act(fx->flow, FLOW_ACT_CLEAR, 0, fx->now + 20);
    flow_text(fx->flow, big, fx->now + 30);
    assert_int_equal(text_length(view(fx)->query), FLOW_QUERY_MAX_CHARS);
    tap(fx, FLOW_ACT_WALKIN, 0);
    flow_text(fx->flow, big, fx->now + 40);
    assert_int_equal(text_length(view(fx)->walkin_fields[0]), FLOW_FIELD_MAX_CHARS);
    free(big);
    assert_int_equal(stats(fx).checkin_records, 0);
}

static void language_toggle_and_default(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(view(fx)->lang, LANG_EN); /* the meeting says English */
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_int_equal(view(fx)->lang, LANG_SV);
    tap(fx, FLOW_ACT_START, 0);
    assert_int_equal(view(fx)->lang, LANG_SV);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->lang, LANG_EN);
}

static void no_meeting_loaded(void **state)
{
    (void)state;
    char path[512], err[512];
    const char *tmp = getenv("MINGEL_TEST_TMP");
    snprintf(path, sizeof path, "%s/empty-%d.db", tmp ? tmp : "/tmp", (int)getpid());
    unlink(path);
    Store *st;
    assert_int_equal(store_open(path, counter_random, &rng_state, &st, err, sizeof err), STORE_OK);
    Flow *f = flow_new(st, NULL, T0, err, sizeof err);
    assert_non_null(f);
    assert_null(flow_view(f)->event);
    flow_act(f, FLOW_ACT_START, 0, T0 + 10);
    assert_int_equal(flow_view(f)->screen, FLOW_WELCOME);
    flow_text(f, "T-1001", T0 + 20);
    flow_key(f, FLOW_KEY_ENTER, T0 + 30);
    assert_int_equal(flow_view(f)->screen, FLOW_WELCOME);
    flow_free(f);
    store_close(st);
    unlink(path);
}

static void restart_keeps_checkins(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "bäck");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    /* The kiosk restarts (power cut, crash): a new flow on the same database. */
    flow_free(fx->flow);
    store_close(fx->store);
    char err[512];
    assert_int_equal(store_open(fx->path, counter_random, &rng_state, &fx->store, err, sizeof err),
                     STORE_OK);
    fx->flow = flow_new(fx->store, NULL, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "backstrom");
    assert_true(view(fx)->results[0].checked_in);
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_ALREADY);
    assert_int_equal(stats(fx).checkin_records, 1);
}

/* ---- Disk full ------------------------------------------------------------------------ */

/* Adds n people named "Extra Z<ab> Person" (typing "z<ab>" finds exactly one) and starts
 * a new flow so that search knows them. */
static void add_extra_people(Fixture *fx, size_t n)
{
    Roster r = {0};
    r.entries = calloc(n, sizeof *r.entries);
    assert_non_null(r.entries);
    r.count = n;
    for (size_t i = 0; i < n; i++) {
        RosterEntry *e = &r.entries[i];
        snprintf(e->name, sizeof e->name, "Extra Z%c%c Person", 'a' + (int)(i / 26),
                 'a' + (int)(i % 26));
        snprintf(e->ticket, sizeof e->ticket, "X-%zu", i);
        snprintf(e->key, sizeof e->key, "t:X-%zu", i);
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    assert_int_equal(store_import_roster(fx->store, fx->event_id, &r, fx->now, &res), STORE_OK);
    free(r.entries);
    flow_free(fx->flow);
    FlowConfig cfg = flow_default_config();
    char err[512];
    fx->flow = flow_new(fx->store, &cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
}

/* The store's size cap stands in for a full disk (test_diskfull does it on a real full
 * filesystem): check-ins and walk-ins are greeted while they fit; the one that does not
 * fit shows "storage is full", is not greeted and stores nothing; everything greeted
 * before stays; once there is space again, OK and the same tap check the person in,
 * with no restart. */
static void disk_full_says_so_and_greets_nobody_until_space_is_back(void **state)
{
    Fixture *fx = *state;
    enum { EXTRA = 26 * 20 };
    add_extra_people(fx, EXTRA);
    assert_int_equal(store_set_size_limit(fx->store, 1), STORE_OK); /* no growth from here */

    /* Check-ins until one does not fit. */
    size_t greeted = 0;
    char name[64];
    for (;;) {
        assert_true(greeted < EXTRA); /* a cap this tight fills long before */
        char code[8];
        snprintf(code, sizeof code, "z%c%c", 'a' + (int)(greeted / 26), 'a' + (int)(greeted % 26));
        snprintf(name, sizeof name, "Extra Z%c%c Person", 'a' + (int)(greeted / 26),
                 'a' + (int)(greeted % 26));
        tap(fx, FLOW_ACT_START, 0);
        type(fx, code);
        assert_int_equal(view(fx)->match_count, 1);
        tap(fx, FLOW_ACT_PICK, 0);
        StoreStats before = stats(fx);
        tap(fx, FLOW_ACT_CONFIRM, 0);
        if (view(fx)->screen != FLOW_GREETING) {
            StoreStats after = stats(fx);
            assert_memory_equal(&after, &before, sizeof after);
            break;
        }
        greeted++;
        tap(fx, FLOW_ACT_DONE, 0);
    }
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_int_equal(view(fx)->notice, I18N_DISK_FULL);
    assert_int_equal(attendee_named(fx, name).checked_in_ms, 0);
    assert_int_equal(stats(fx).checked_in, (int64_t)greeted);
    assert_true(greeted > 0); /* the free room in the last pages was used first */
    /* Again, and again: still full, still no greeting. */
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_int_equal(view(fx)->notice, I18N_DISK_FULL);

    /* A walk-in needs more room than a check-in: refused the same way. */
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_CLEAR, 0);
    type(fx, "ny gäst");
    tap(fx, FLOW_ACT_WALKIN, 0);
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_int_equal(view(fx)->notice, I18N_DISK_FULL);
    assert_int_equal(stats(fx).walk_ins, 0);

    /* Space is back: the same kiosk, no restart. */
    assert_int_equal(store_set_size_limit(fx->store, 0), STORE_OK);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    assert_string_equal(view(fx)->walkin_fields[0], "Ny Gäst"); /* nothing to type again */
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_true(attendee_named(fx, "Ny Gäst").checked_in_ms != 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, name + strlen("Extra "));
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_true(attendee_named(fx, name).checked_in_ms != 0);

    /* Nobody greeted before was lost. */
    for (size_t i = 0; i < greeted; i++) {
        snprintf(name, sizeof name, "Extra Z%c%c Person", 'a' + (int)(i / 26), 'a' + (int)(i % 26));
        assert_true(attendee_named(fx, name).checked_in_ms != 0);
    }
    assert_int_equal(stats(fx).checked_in, (int64_t)greeted + 2);
}

/* ---- Feedback ------------------------------------------------------------------------ */

static StoreFeedbackStats feedback(Fixture *fx)
{
    StoreFeedbackStats s;
    assert_int_equal(store_feedback_stats(fx->store, fx->event_id, &s), STORE_OK);
    return s;
}

/* The token of the session, read back from the link on the thank-you screen. */
static void token_from_link(const char *link, char *out, size_t cap)
{
    const char *t = strstr(link, "&t=");
    assert_non_null(t);
    t += 3;
    size_t n = strcspn(t, "&");
    assert_true(n == LINK_TOKEN_LEN && n < cap);
    memcpy(out, t, n);
    out[n] = '\0';
}

static void full_feedback_is_stored_anonymously(void **state)
{
    Fixture *fx = *state;
    assert_true(view(fx)->offers_checkin);
    assert_true(view(fx)->offers_feedback);
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->question_count, 2);
    assert_string_equal(view(fx)->question_text, "Hur nöjd är du med dagen?");
    assert_int_equal(view(fx)->answer, -1);
    tap(fx, FLOW_ACT_RATE, 4);
    /* Stored at the tap, before the session is finished. */
    assert_int_equal(feedback(fx).counts[0][4], 1);
    assert_int_equal(view(fx)->question, 1);
    assert_int_equal(view(fx)->scale, EVENT_SCALE_NPS);
    tap(fx, FLOW_ACT_RATE, 11); /* out of range: ignored */
    assert_int_equal(view(fx)->question, 1);
    tap(fx, FLOW_ACT_RATE, 9);
    assert_int_equal(view(fx)->screen, FLOW_REFLECTION);
    assert_string_equal(view(fx)->reflection_prompt,
                        "Det viktigaste jag tar med mig från dagen är …");
    type(fx, "bra nätverk");
    assert_string_equal(view(fx)->reflection, "Bra nätverk"); /* a capital to start */
    assert_int_equal(view(fx)->reflection_chars, 11);
    tap(fx, FLOW_ACT_SEND, 0);
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    const char *link = view(fx)->feedback_link;
    assert_true(strncmp(link, "https://forms.example.org/f?event=test-meeting&t=", 49) == 0);
    assert_non_null(strstr(link, "&lang=sv"));
    char token[64];
    token_from_link(link, token, sizeof token);
    int value = -1;
    assert_int_equal(store_rating_get(fx->store, fx->event_id, token, 0, &value), STORE_OK);
    assert_int_equal(value, 4);
    assert_int_equal(store_rating_get(fx->store, fx->event_id, token, 1, &value), STORE_OK);
    assert_int_equal(value, 9);

    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 1);
    assert_int_equal(fs.flagged_sessions, 0);
    assert_int_equal(fs.counts[1][9], 1);
    assert_int_equal(fs.reflections, 1);
    /* Feedback is no check-in. */
    assert_int_equal(stats(fx).checkin_records, 0);

    /* The link follows the language. */
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_non_null(strstr(view(fx)->feedback_link, "&lang=en"));
    assert_non_null(strstr(view(fx)->feedback_link, token));
}

static void partial_feedback_counts(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_RATE, 2);
    /* The person walks away: the idle timeout returns to the welcome screen. */
    flow_tick(fx->flow, fx->now + 30000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 1);
    assert_int_equal(fs.counts[0][2], 1);
    assert_int_equal(fs.reflections, 0);
}

static void changed_answer_replaces(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_RATE, 2);
    assert_int_equal(view(fx)->question, 1);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, 2); /* the stored answer is shown */
    tap(fx, FLOW_ACT_RATE, 5);
    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.counts[0][2], 0);
    assert_int_equal(fs.counts[0][5], 1);
    assert_int_equal(fs.sessions, 1);
    /* Back from the first question leaves feedback; what was stored stays. */
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_int_equal(feedback(fx).counts[0][5], 1);
}

static void skipping_everything_stores_nothing(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->screen, FLOW_REFLECTION);
    type(fx, "   ");
    tap(fx, FLOW_ACT_SEND, 0); /* only spaces: nothing to send */
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 0);
    assert_int_equal(fs.reflections, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    type(fx, "tack");
    tap(fx, FLOW_ACT_SKIP, 0); /* typed, then skipped: not stored */
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    assert_int_equal(feedback(fx).reflections, 0);
}

static void reflection_stops_at_the_limit(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->reflection_max, 20);
    type(fx, "åäöåäöåäöåäöåäöåäöåäöåäö"); /* 24 letters, two bytes each */
    assert_int_equal(view(fx)->reflection_chars, 20);
    assert_int_equal(text_length(view(fx)->reflection), 20);
    flow_text(fx->flow, "more from a keyboard", fx->now + 100);
    assert_int_equal(view(fx)->reflection_chars, 20);
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    assert_int_equal(view(fx)->reflection_chars, 19);
    tap(fx, FLOW_ACT_SEND, 0);
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    assert_int_equal(feedback(fx).reflections, 1);
}

static void repeated_presses_are_flagged_not_dropped(void **state)
{
    Fixture *fx = *state;
    /* First person. */
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_RATE, 5);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    /* Again within 5 s of the last stored answer: flagged. */
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_RATE, 5);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    /* Next person, a minute later: not flagged. */
    fx->now += 60000;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_RATE, 1);
    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 3);
    assert_int_equal(fs.flagged_sessions, 1);
    assert_int_equal(fs.flagged_ratings, 1);
    assert_int_equal(fs.counts[0][5], 1); /* the flagged one counted apart */
    assert_int_equal(fs.counts[0][1], 1);
}

static void next_person_never_sees_the_last_ones_typing(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    type(fx, "hemligt");
    flow_tick(fx->flow, fx->now + 29999);
    assert_true(view(fx)->idle_warning);
    flow_tick(fx->flow, fx->now + 30000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_string_equal(view(fx)->reflection, "");
    fx->now += 31000;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    assert_int_equal(view(fx)->answer, -1);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_string_equal(view(fx)->reflection, "");
    assert_int_equal(feedback(fx).reflections, 0);
}

static void thanks_returns_after_the_events_time(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 20000);
    assert_false(flow_tick(fx->flow, fx->now + 19999));
    assert_true(flow_tick(fx->flow, fx->now + 20000));
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

static void each_session_gets_a_fresh_token(void **state)
{
    Fixture *fx = *state;
    char first[64], second[64];
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    token_from_link(view(fx)->feedback_link, first, sizeof first);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    token_from_link(view(fx)->feedback_link, second, sizeof second);
    assert_string_not_equal(first, second);
}

static void checkin_only_meeting_offers_no_feedback(void **state)
{
    Fixture *fx = *state;
    assert_true(view(fx)->offers_checkin);
    assert_false(view(fx)->offers_feedback);
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

/* ---- Organiser ------------------------------------------------------------------------ */

static void set_pin(Fixture *fx, const char *pin)
{
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash(pin, hash), 0);
    assert_int_equal(store_pin_set(fx->store, hash), STORE_OK);
}

static void type_pin(Fixture *fx, const char *pin)
{
    for (const char *p = pin; *p; p++)
        tap(fx, FLOW_ACT_DIGIT, *p - '0');
    tap(fx, FLOW_ACT_PIN_OK, 0);
}

static void admin_without_pin_says_how_to_set_one(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_ADMIN, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN);
    assert_true(view(fx)->pin_missing);
    type_pin(fx, "123456");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN); /* no way in without a PIN */
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

static void right_pin_opens_admin_with_the_counts(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lars");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_ADMIN, 0);
    assert_false(view(fx)->pin_missing);
    tap(fx, FLOW_ACT_DIGIT, 4);
    tap(fx, FLOW_ACT_DIGIT, 9);
    assert_int_equal(view(fx)->pin_digits, 2);
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    assert_int_equal(view(fx)->pin_digits, 1);
    type_pin(fx, "93817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->stats->expected, (int64_t)NPEOPLE);
    assert_int_equal(view(fx)->stats->checked_in, 1);
    assert_int_equal(view(fx)->histogram_count, 1);
    assert_int_equal(view(fx)->histogram[0], 1);
    /* The typed digits are gone once checked. */
    assert_int_equal(view(fx)->pin_digits, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

static void wrong_pins_lock_out_even_after_a_restart(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_ADMIN, 0);
    for (int i = 0; i < 4; i++) {
        type_pin(fx, "111111");
        assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN);
        assert_true(view(fx)->pin_wrong);
    }
    int wait = view(fx)->pin_wait_seconds;
    assert_true(wait > 0);
    /* While locked out, even the right PIN does not open. */
    type_pin(fx, "493817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN);

    /* Pull the plug: the count is in the database. */
    flow_free(fx->flow);
    char err[256];
    FlowConfig cfg = flow_default_config();
    cfg.rnd = counter_random;
    cfg.rnd_ctx = &rng_state;
    fx->flow = flow_new(fx->store, &cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
    tap(fx, FLOW_ACT_ADMIN, 0);
    assert_true(view(fx)->pin_wait_seconds > 0);
    type_pin(fx, "493817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN);

    /* After the wait, the right PIN works and clears the count. */
    fx->now += (int64_t)wait * 1000 + 60000;
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_ADMIN, 0);
    assert_int_equal(view(fx)->pin_wait_seconds, 0);
    type_pin(fx, "493817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    int failures = -1;
    int64_t last;
    assert_int_equal(store_pin_failures(fx->store, &failures, &last), STORE_OK);
    assert_int_equal(failures, 0);
}

static void undo_writes_a_reversal_and_allows_a_new_checkin(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojm");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    tap(fx, FLOW_ACT_UNDO_LIST, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(view(fx)->recent_count, 1);
    assert_string_equal(view(fx)->recent[0].name, "Örjan Öjmertz");
    tap(fx, FLOW_ACT_UNDO, 0);
    assert_int_equal(view(fx)->admin_note, I18N_UNDONE);
    assert_int_equal(view(fx)->recent_count, 0);
    StoreStats st = stats(fx);
    assert_int_equal(st.checked_in, 0);
    assert_int_equal(st.checkin_records, 2); /* the check-in and its reversal: no delete */
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojm");
    assert_false(view(fx)->results[0].checked_in);
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_int_equal(stats(fx).checked_in, 1);
}

static void phase_switch_is_stored(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    assert_true(view(fx)->offers_checkin && view(fx)->offers_feedback);
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    tap(fx, FLOW_ACT_PHASE, EVENT_PHASE_FEEDBACK);
    assert_int_equal(view(fx)->phases, EVENT_PHASE_FEEDBACK);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_false(view(fx)->offers_checkin);
    assert_true(view(fx)->offers_feedback);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(fx->store, &ev, id), STORE_OK);
    assert_int_equal(ev.phases, EVENT_PHASE_FEEDBACK);
}

static void export_writes_files_to_the_stick(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    assert_true(view(fx)->usb_found);
    tap(fx, FLOW_ACT_EXPORT, 0);
    assert_int_equal(view(fx)->admin_note, I18N_EXPORTED);
    char path[1024];
    struct stat st;
    static const char *const files[] = {"checkins.csv", "attendees.csv", "ratings.csv", "all.json",
                                        "report.html"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/test-meeting-2027-01-15-%s", fx->export_dir, files[i]);
        if (stat(path, &st) != 0)
            fail_msg("no %s after the export", path);
    }
}

static void leaving_is_the_admins_choice(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    assert_false(view(fx)->quit);
    tap(fx, FLOW_ACT_QUIT, 0); /* not from the welcome screen */
    assert_false(view(fx)->quit);
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    tap(fx, FLOW_ACT_QUIT, 0);
    assert_true(view(fx)->quit);
}

static void admin_times_out_like_any_screen(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    flow_tick(fx->flow, fx->now + 30000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

/* ---- The clock ------------------------------------------------------------------------ */

/* Checks in the one person that typing q finds, and returns to the welcome screen. */
static void checkin_typed(Fixture *fx, const char *q)
{
    tap(fx, FLOW_ACT_START, 0);
    type(fx, q);
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    tap(fx, FLOW_ACT_DONE, 0);
}

typedef struct ClockRows {
    StoreClock clock[8];
    int64_t at[8];
    size_t n;
} ClockRows;

static int clock_row(void *ctx, const StoreCheckinRow *r)
{
    ClockRows *rows = ctx;
    if (rows->n < 8) {
        rows->clock[rows->n] = r->clock;
        rows->at[rows->n] = r->at_ms;
        rows->n++;
    }
    return 0;
}

/* The check-in records, oldest first. */
static ClockRows checkin_rows(Fixture *fx)
{
    ClockRows rows = {.n = 0};
    assert_int_equal(store_each_checkin(fx->store, fx->event_id, clock_row, &rows), STORE_OK);
    return rows;
}

static void open_clock(Fixture *fx)
{
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    tap(fx, FLOW_ACT_CLOCK, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_CLOCK);
}

/* The kiosk starts again on the same database, in boot boot_id. */
static void restart_in_boot(Fixture *fx, const char *boot_id)
{
    char err[512];
    flow_free(fx->flow);
    fx->cfg.boot_id = boot_id;
    fx->flow = flow_new(fx->store, &fx->cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
}

static void local_hm(int64_t ms, char date[11], char hm[6])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    assert_non_null(localtime_r(&t, &tm));
    strftime(date, 11, "%Y-%m-%d", &tm);
    strftime(hm, 6, "%H:%M", &tm);
}

static void unsynchronised_clock_marks_records_untrusted(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(view(fx)->clock, STORE_CLOCK_UNTRUSTED);
    checkin_typed(fx, "lars");
    ClockRows rows = checkin_rows(fx);
    assert_int_equal(rows.n, 1);
    assert_int_equal(rows.clock[0], STORE_CLOCK_UNTRUSTED);
    assert_int_equal(rows.at[0], fx->now - 700); /* the confirm tap, not corrected */
}

static void organiser_confirms_the_time_for_this_boot(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_clock(fx);
    char date[11], hm[6];
    local_hm(fx->now, date, hm);
    assert_string_equal(view(fx)->clock_time, hm);
    assert_string_equal(view(fx)->clock_date, date);
    assert_false(view(fx)->clock_changed);
    tap(fx, FLOW_ACT_CLOCK_SAVE, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->admin_note, I18N_CLOCK_NOTE_CONFIRMED);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_CONFIRMED);
    tap(fx, FLOW_ACT_DONE, 0);
    checkin_typed(fx, "lars");
    ClockRows rows = checkin_rows(fx);
    assert_int_equal(rows.clock[0], STORE_CLOCK_CONFIRMED);
    assert_int_equal(rows.at[0], fx->now - 700);

    /* A restart in the same boot (the watchdog) keeps it; a new boot does not. */
    restart_in_boot(fx, fx->cfg.boot_id);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_CONFIRMED);
    restart_in_boot(fx, "8f2c6c1e-0000-4000-8000-00000000b002");
    assert_int_equal(view(fx)->clock, STORE_CLOCK_UNTRUSTED);
    checkin_typed(fx, "åsa");
    rows = checkin_rows(fx);
    assert_int_equal(rows.n, 2);
    assert_int_equal(rows.clock[1], STORE_CLOCK_UNTRUSTED);
}

static void organiser_sets_the_time_and_records_carry_it(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_clock(fx);
    /* Back discards what was moved. */
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_DAY_ON);
    assert_true(view(fx)->clock_changed);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_UNTRUSTED);
    tap(fx, FLOW_ACT_CLOCK, 0);
    assert_false(view(fx)->clock_changed);

    /* +1 h +10 min -1 min: the time shown moves 69 minutes ahead of the system clock. */
    const int64_t offset = 69 * 60000;
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_ON);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_10MIN_ON);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_MIN_BACK);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_STEP_COUNT); /* no such step: ignored */
    char date[11], hm[6];
    local_hm(fx->now + offset, date, hm);
    assert_true(view(fx)->clock_changed);
    assert_string_equal(view(fx)->clock_time, hm);
    tap(fx, FLOW_ACT_CLOCK_SAVE, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->admin_note, I18N_CLOCK_NOTE_SET);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SET);
    assert_int_equal(flow_wall_ms(fx->flow, fx->now), fx->now + offset);
    tap(fx, FLOW_ACT_DONE, 0);
    checkin_typed(fx, "lars");
    ClockRows rows = checkin_rows(fx);
    assert_int_equal(rows.clock[0], STORE_CLOCK_SET);
    assert_int_equal(rows.at[0], fx->now - 700 + offset);

    /* The same boot after a restart: still set, still corrected. */
    restart_in_boot(fx, fx->cfg.boot_id);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SET);
    checkin_typed(fx, "åsa");
    rows = checkin_rows(fx);
    assert_int_equal(rows.clock[1], STORE_CLOCK_SET);
    assert_int_equal(rows.at[1], fx->now - 700 + offset);

    /* Moving it back to the system clock's own time is a confirmation. */
    open_clock(fx);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_BACK);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_10MIN_BACK);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_MIN_ON);
    tap(fx, FLOW_ACT_CLOCK_SAVE, 0);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_CONFIRMED);
    assert_int_equal(flow_wall_ms(fx->flow, fx->now), fx->now);
}

static void synchronisation_takes_over_from_the_organiser(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_clock(fx);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_ON);
    tap(fx, FLOW_ACT_CLOCK_SAVE, 0);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SET);
    tap(fx, FLOW_ACT_DONE, 0);

    /* The network comes back and a time service synchronises the system clock. */
    fx->synced = true;
    checkin_typed(fx, "lars");
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SYNCED);
    ClockRows rows = checkin_rows(fx);
    assert_int_equal(rows.clock[0], STORE_CLOCK_SYNCED);
    assert_int_equal(rows.at[0], fx->now - 700); /* the offset no longer applies */

    /* Nothing to set while synchronised. */
    open_clock(fx);
    tap(fx, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_DAY_ON);
    assert_false(view(fx)->clock_changed);
    tap(fx, FLOW_ACT_CLOCK_SAVE, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SYNCED);

    /* A start with the clock synchronised is synchronised at once. */
    restart_in_boot(fx, fx->cfg.boot_id);
    assert_int_equal(view(fx)->clock, STORE_CLOCK_SYNCED);
}

static void admin_clock_turns_with_the_minute(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    fx->now = T0 + 50000; /* T0 is on a minute; 10 s before the next one */
    flow_tick(fx->flow, fx->now);
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817"); /* 7 taps: now T0 + 55.6 s */
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    char before[6];
    snprintf(before, sizeof before, "%s", view(fx)->clock_time);
    assert_int_equal(flow_next_deadline(fx->flow), T0 + 60000);
    assert_false(flow_tick(fx->flow, T0 + 59999));
    assert_true(flow_tick(fx->flow, T0 + 60000));
    assert_string_not_equal(view(fx)->clock_time, before);

    /* Elsewhere the minute is not shown: turning it is no change, and asks for no frame. */
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_int_equal(flow_next_deadline(fx->flow), -1);
    assert_false(flow_tick(fx->flow, T0 + 120000));
    assert_false(flow_tick(fx->flow, T0 + 180000));
}

/* ---- Following the store ------------------------------------------------------------- */

/* What `mingel import` does on its own connection while the kiosk runs: the list again
 * with one more person, and the meeting retitled. */
static void import_from_another_connection(Fixture *fx)
{
    Store *other = NULL;
    char err[512], id[IDS_UUID_LEN + 1];
    assert_int_equal(store_open(fx->path, counter_random, &rng_state, &other, err, sizeof err),
                     STORE_OK);
    EventInfo ev;
    assert_int_equal(store_event_current(other, &ev, id), STORE_OK);
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – vinterträff");
    assert_int_equal(store_event_put(other, &ev, fx->now, id), STORE_OK);
    Roster r = {0};
    r.count = NPEOPLE + 1;
    r.entries = calloc(r.count, sizeof *r.entries);
    for (size_t i = 0; i < r.count; i++) {
        RosterEntry *e = &r.entries[i];
        const char *name = i < NPEOPLE ? PEOPLE[i].name : "Nils Nyman";
        const char *org = i < NPEOPLE ? PEOPLE[i].org : "Fjärrvärme i Norrby";
        const char *ticket = i < NPEOPLE ? PEOPLE[i].ticket : "T-1007";
        snprintf(e->name, sizeof e->name, "%s", name);
        snprintf(e->organisation, sizeof e->organisation, "%s", org);
        snprintf(e->ticket, sizeof e->ticket, "%s", ticket);
        snprintf(e->key, sizeof e->key, "t:%s", ticket);
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    assert_int_equal(store_import_roster(other, id, &r, fx->now, &res), STORE_OK);
    assert_int_equal(res.added, 1);
    free(r.entries);
    store_close(other);
}

static void an_import_reaches_the_running_kiosk_at_the_welcome_screen(void **state)
{
    Fixture *fx = *state;
    /* Its own writes are no news: a check-in, back on the welcome screen, no reload. */
    checkin_typed(fx, "lars");
    assert_false(flow_tick(fx->flow, fx->now + 100));

    /* An import while someone is searching waits until the welcome screen. */
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "nyman");
    assert_int_equal(view(fx)->match_count, 0);
    import_from_another_connection(fx);
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    type(fx, "n");
    assert_int_equal(view(fx)->match_count, 0);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_string_equal(view(fx)->event->title, "Driftchefsnätverket – vinterträff");
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "nyman");
    assert_int_equal(view(fx)->match_count, 1);
    assert_string_equal(view(fx)->results[0].name, "Nils Nyman");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    /* Who was checked in before the reload still is. */
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lars");
    assert_true(view(fx)->results[0].checked_in);
    assert_int_equal(stats(fx).checked_in, 2);
}

static void an_import_shows_on_an_idle_welcome_screen_at_the_next_tick(void **state)
{
    Fixture *fx = *state;
    import_from_another_connection(fx);
    assert_true(flow_tick(fx->flow, fx->now + 100)); /* a new frame is due */
    assert_string_equal(view(fx)->event->title, "Driftchefsnätverket – vinterträff");
    assert_false(flow_tick(fx->flow, fx->now + 200)); /* and only once */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(checkin_by_search_commits_then_greets, setup, teardown),
        cmocka_unit_test_setup_teardown(second_checkin_shows_time_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(walk_in_registers_and_checks_in, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_without_name_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_consent_is_asked_and_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(scanner_code_on_welcome_checks_in, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_scanner_code_says_so_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(enter_with_one_match_goes_to_confirm, setup, teardown),
        cmocka_unit_test_setup_teardown(idle_timeout_warns_then_resets_everything, setup, teardown),
        cmocka_unit_test_setup_teardown(still_here_keeps_the_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_form_is_cleared_by_idle_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(greeting_returns_to_welcome_by_itself, setup, teardown),
        cmocka_unit_test_setup_teardown(back_keeps_the_search, setup, teardown),
        cmocka_unit_test_setup_teardown(keyboard_editing, setup, teardown),
        cmocka_unit_test_setup_teardown(hostile_typing_is_bounded_and_valid, setup, teardown),
        cmocka_unit_test_setup_teardown(language_toggle_and_default, setup_en, teardown),
        cmocka_unit_test(no_meeting_loaded),
        cmocka_unit_test_setup_teardown(restart_keeps_checkins, setup, teardown),
        cmocka_unit_test_setup_teardown(disk_full_says_so_and_greets_nobody_until_space_is_back,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(full_feedback_is_stored_anonymously, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(partial_feedback_counts, setup_feedback, teardown),
        cmocka_unit_test_setup_teardown(changed_answer_replaces, setup_feedback, teardown),
        cmocka_unit_test_setup_teardown(skipping_everything_stores_nothing, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(reflection_stops_at_the_limit, setup_feedback, teardown),
        cmocka_unit_test_setup_teardown(repeated_presses_are_flagged_not_dropped, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(next_person_never_sees_the_last_ones_typing, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(thanks_returns_after_the_events_time, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(each_session_gets_a_fresh_token, setup_feedback, teardown),
        cmocka_unit_test_setup_teardown(checkin_only_meeting_offers_no_feedback, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_without_pin_says_how_to_set_one, setup, teardown),
        cmocka_unit_test_setup_teardown(right_pin_opens_admin_with_the_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(wrong_pins_lock_out_even_after_a_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(undo_writes_a_reversal_and_allows_a_new_checkin, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(phase_switch_is_stored, setup_feedback, teardown),
        cmocka_unit_test_setup_teardown(export_writes_files_to_the_stick, setup, teardown),
        cmocka_unit_test_setup_teardown(leaving_is_the_admins_choice, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_times_out_like_any_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(unsynchronised_clock_marks_records_untrusted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(organiser_confirms_the_time_for_this_boot, setup, teardown),
        cmocka_unit_test_setup_teardown(organiser_sets_the_time_and_records_carry_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(synchronisation_takes_over_from_the_organiser, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(admin_clock_turns_with_the_minute, setup, teardown),
        cmocka_unit_test_setup_teardown(an_import_reaches_the_running_kiosk_at_the_welcome_screen,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(an_import_shows_on_an_idle_welcome_screen_at_the_next_tick,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
