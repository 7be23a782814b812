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
#include "core/sync.h"
#include "core/text.h"
#include "support.h"
#include "ui/ui.h"

#define T0 1800000000000LL /* a fixed "now" in ms: 2027-01-15 */

static const TestAttendee PEOPLE[] = {
    TICKET_HOLDER("Lotta Söderberg", "Vattenbolaget Öst", "T-1001"),
    TICKET_HOLDER("Örjan Öjmertz", "Tekniska verken i Norrby", "T-1002"),
    TICKET_HOLDER("Anna-Karin Lindén", "Norrby kommun", "T-1003"),
    TICKET_HOLDER("Lars Berg", "Söderbergs Rör AB", "T-1004"),
    TICKET_HOLDER("Åsa Ångström", "Energibolaget Väst", "T-1005"),
    TICKET_HOLDER("Lotta Bäckström", "Norrby kommun", "T-1006"),
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
    /* Check-in only, or both with two questions: a smiley one and the 0-10 one. */
    EventInfo ev = test_meeting("test-meeting", "Driftchefsnätverket – höstträff");
    snprintf(ev.date, sizeof ev.date, "2027-01-15");
    snprintf(ev.language, sizeof ev.language, "%s", lang);
    ev.phases = feedback ? EVENT_PHASE_BOTH : EVENT_PHASE_CHECKIN;
    ev.question_count = feedback ? 2 : 0;
    ev.questions[1] = ev.questions[2];
    ev.reflection_max = feedback ? 20 : EVENT_REFLECTION_DEFAULT_MAX;
    if (!feedback) {
        ev.feedback_url[0] = '\0';
    }
    assert_int_equal(store_event_put(fx->store, &ev, T0, fx->event_id), STORE_OK);

    import_attendees(fx->store, fx->event_id, PEOPLE, NPEOPLE, T0);

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
    return event_stats(fx->store, fx->event_id);
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

/* The keyboard's Shift and layers: Shift types one letter in the other case (against the
 * field's own rule, either way), 123 types digits and signs ("H&M", "3M"), a snippet key
 * types its letters, and every new screen starts on the letters with Shift off. */
static void keyboard_shift_and_layers(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    /* Name field: a capital comes by itself; Shift makes it small ("von"). */
    assert_true(view(fx)->keyboard_upper);
    tap(fx, FLOW_ACT_SHIFT, 0);
    assert_true(view(fx)->keyboard_shift);
    assert_false(view(fx)->keyboard_upper);
    type(fx, "von");
    assert_false(view(fx)->keyboard_shift); /* for one letter only */
    assert_string_equal(view(fx)->walkin_fields[0], "von");
    /* Organisation: "VVS AB", then "H&M 3M" from the symbols. */
    tap(fx, FLOW_ACT_FIELD, 1);
    type(fx, "v");
    tap(fx, FLOW_ACT_SHIFT, 0);
    assert_true(view(fx)->keyboard_upper);
    type(fx, "v");
    tap(fx, FLOW_ACT_SHIFT, 0);
    type(fx, "s ");
    tap(fx, FLOW_ACT_SHIFT, 0);
    type(fx, "a");
    tap(fx, FLOW_ACT_SHIFT, 0);
    type(fx, "b h");
    assert_string_equal(view(fx)->walkin_fields[1], "VVS AB h");
    tap(fx, FLOW_ACT_KEYS, FLOW_KEYS_SYMBOLS);
    assert_int_equal(view(fx)->keyboard_layer, FLOW_KEYS_SYMBOLS);
    type(fx, "&3");
    tap(fx, FLOW_ACT_KEYS, FLOW_KEYS_LETTERS);
    type(fx, "m");
    assert_string_equal(view(fx)->walkin_fields[1], "VVS AB h&3m");
    /* A snippet key types its letters into the field. */
    tap(fx, FLOW_ACT_SNIPPET, FLOW_SNIPPET_SE);
    tap(fx, FLOW_ACT_SNIPPET, FLOW_SNIPPET_COM);
    tap(fx, FLOW_ACT_SNIPPET, 99); /* unknown: nothing */
    assert_string_equal(view(fx)->walkin_fields[1], "VVS AB h&3m.se.com");
    /* A new screen: the letters, Shift off. */
    tap(fx, FLOW_ACT_KEYS, FLOW_KEYS_SYMBOLS);
    tap(fx, FLOW_ACT_SHIFT, 0);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_int_equal(view(fx)->keyboard_layer, FLOW_KEYS_LETTERS);
    assert_false(view(fx)->keyboard_shift);
    assert_false(view(fx)->keyboard_email);
    /* Search: Shift shows capitals, and the search still finds (it ignores case). */
    tap(fx, FLOW_ACT_SHIFT, 0);
    assert_true(view(fx)->keyboard_upper);
    assert_string_equal(flow_snippet_text(FLOW_SNIPPET_COM), ".com");
    assert_string_equal(flow_snippet_text(-1), "");
}

/* ---- Several kiosks ------------------------------------------------------------------ */

/* The organiser's PIN set to pin (as `mingel admin set-pin` does). */
static void set_pin(Fixture *fx, const char *pin)
{
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash(pin, hash), 0);
    assert_int_equal(store_pin_set(fx->store, hash), STORE_OK);
}

static void type_pin(Fixture *fx, const char *pin)
{
    for (const char *p = pin; *p; p++) {
        tap(fx, FLOW_ACT_DIGIT, *p - '0');
    }
    tap(fx, FLOW_ACT_PIN_OK, 0);
}

/* The organiser's way in with the fixtures' PIN (set_pin(fx, "493817") first). */
static void open_admin(Fixture *fx)
{
    tap(fx, FLOW_ACT_ADMIN, 0);
    type_pin(fx, "493817");
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
}

/* A feedback session to its reflection, both questions skipped. */
static void to_reflection(Fixture *fx)
{
    tap(fx, FLOW_ACT_FEEDBACK, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->screen, FLOW_REFLECTION);
}

/* Every text fits: the sentence is one text command, whole. */
static int measure_fits(void *ctx, UiFont font, const char *text, int *w, int *h)
{
    (void)ctx;
    (void)text;
    *w = 1;
    *h = font.px;
    return 0;
}

/* The kiosk's screen as drawn holds the text s. */
static bool drawn(Fixture *fx, const char *s)
{
    Ui *ui = ui_new(measure_fits, NULL);
    ui_frame(ui, view(fx), 800, 480, -1, -1);
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    bool found = false;
    for (size_t i = 0; i < n && !found; i++) {
        found = c[i].kind == UI_CMD_TEXT && c[i].text && strcmp(c[i].text, s) == 0;
    }
    ui_free(ui);
    return found;
}

/* A second connection to the kiosk's database, as `mingel import` or the sync thread
 * has. */
static Store *second_connection(Fixture *fx)
{
    Store *other = NULL;
    char err[512];
    if (store_open(fx->path, counter_random, &rng_state, &other, err, sizeof err) != STORE_OK) {
        fail_msg("second connection: %s", err);
    }
    return other;
}

/* The person with the ticket checked in, committed on a second connection. */
static void checkin_on_second_connection(Fixture *fx, const char *ticket)
{
    Store *other = second_connection(fx);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(other, fx->event_id, ticket, &a), STORE_OK);
    int64_t when = 0;
    assert_int_equal(store_checkin(other, fx->event_id, a.id, fx->now, &when), STORE_OK);
    store_close(other);
}

/* Live sharing started towards a server that is not there (port 1 on loopback): the
 * kiosk goes on alone, as at a venue whose hub is down. */
static Sync *sync_to_nowhere(Fixture *fx)
{
    SyncConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    snprintf(cfg.urls[0], sizeof cfg.urls[0], "nats://127.0.0.1:1");
    cfg.nurls = 1;
    char err[256];
    Sync *sy = sync_start(fx->store, "test-meeting", &cfg, NULL, NULL, err, sizeof err);
    if (!sy) {
        fail_msg("sync_start: %s", err);
    }
    return sy;
}

/* A second kiosk of the same meeting, named name, that checked in the person with ticket
 * code at `at`; its file is merged into the fixture's store as live sharing (or `mingel
 * merge`) would bring its records. */
static void checked_in_at_another_kiosk(Fixture *fx, const char *name, const char *code, int64_t at)
{
    char path[600], err[512];
    snprintf(path, sizeof path, "%s-other.db", fx->path);
    Store *b = NULL;
    assert_int_equal(store_open(path, counter_random, &rng_state, &b, err, sizeof err), STORE_OK);
    EventInfo ev;
    char id[IDS_UUID_LEN + 1], bid[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(fx->store, &ev, id), STORE_OK);
    assert_int_equal(store_event_put(b, &ev, T0, bid), STORE_OK);
    import_attendees(b, bid, PEOPLE, NPEOPLE, T0);
    assert_int_equal(store_device_name_set(b, name, T0), STORE_OK);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(b, bid, code, &a), STORE_OK);
    int64_t when = 0;
    assert_int_equal(store_checkin(b, bid, a.id, at, &when), STORE_OK);
    store_close(b);
    assert_int_equal(store_merge(fx->store, path, NULL, NULL, NULL), STORE_OK);
    remove_db(path);
}

static void hhmm(int64_t ms, char out[8])
{
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 8, "%H:%M", &tm);
}

/* "Already checked in" says where: at the other kiosk by its name, in both languages; at
 * this kiosk just the time while it works alone, and "here" once it shares live. */
static void already_checked_in_says_at_which_kiosk(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(store_device_name_set(fx->store, "Kiosk A", T0), STORE_OK);
    int64_t there = T0 + 9 * 60 * 1000;
    checked_in_at_another_kiosk(fx, "Entré norr", "T-1001", there);
    char at[8], line[160];
    hhmm(there, at);
    fx->now = there + 60000;
    flow_scan(fx->flow, "T-1001", fx->now);
    assert_int_equal(view(fx)->screen, FLOW_ALREADY);
    assert_true(view(fx)->checkin_elsewhere);
    assert_string_equal(view(fx)->checkin_place, "Entré norr");
    assert_string_equal(view(fx)->checkin_time, at);
    snprintf(line, sizeof line, "Du checkade in vid Entré norr kl. %s. Välkommen in!", at);
    assert_true(drawn(fx, line));
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    snprintf(line, sizeof line, "You checked in at Entré norr, %s. Come on in!", at);
    assert_true(drawn(fx, line));
    assert_int_equal(stats(fx).checkin_records, 1); /* nothing written here */
    tap(fx, FLOW_ACT_DONE, 0);

    /* At this kiosk: just the time while it works alone. */
    flow_scan(fx->flow, "T-1002", fx->now);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    int64_t here = fx->now;
    hhmm(here, at);
    tap(fx, FLOW_ACT_DONE, 0);
    flow_scan(fx->flow, "T-1002", fx->now);
    assert_int_equal(view(fx)->screen, FLOW_ALREADY);
    assert_false(view(fx)->checkin_elsewhere);
    snprintf(line, sizeof line, "Du checkade in kl. %s. Välkommen in!", at);
    assert_true(drawn(fx, line));
    tap(fx, FLOW_ACT_DONE, 0);

    /* Sharing live (the kiosk goes on alone meanwhile). */
    Sync *sy = sync_to_nowhere(fx);
    flow_set_sync(fx->flow, sy);
    flow_scan(fx->flow, "T-1002", fx->now);
    assert_int_equal(view(fx)->screen, FLOW_ALREADY);
    snprintf(line, sizeof line, "Du checkade in här kl. %s. Välkommen in!", at);
    assert_true(drawn(fx, line));
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    snprintf(line, sizeof line, "You checked in here at %s. Come on in!", at);
    assert_true(drawn(fx, line));
    tap(fx, FLOW_ACT_DONE, 0);
    flow_set_sync(fx->flow, NULL);
    sync_stop(sy);
}

/* Sharing live, the admin screen has a Kiosks button whose list starts with this kiosk by
 * its name; the counts are read again when another connection (the sync thread) commits
 * other kiosks' records, and the list is watched only while shown. */
static void admin_lists_the_kiosks_and_follows_the_counts(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    assert_int_equal(store_device_name_set(fx->store, "Kiosk A", T0), STORE_OK);
    Sync *sy = sync_to_nowhere(fx);
    tap(fx, FLOW_ACT_KIOSKS, 0); /* not from the welcome screen */
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_false(view(fx)->sync_on);
    open_admin(fx);
    tap(fx, FLOW_ACT_KIOSKS, 0); /* alone: there is no list */
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    flow_set_sync(fx->flow, sy);
    assert_true(view(fx)->sync_on);
    assert_int_equal(view(fx)->stats->checked_in, 0);
    tap(fx, FLOW_ACT_KIOSKS, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_KIOSKS);
    assert_int_equal(view(fx)->kiosk_count, 1);
    assert_true(view(fx)->kiosks[0].self);
    assert_string_equal(view(fx)->kiosks[0].name, "Kiosk A");
    assert_false(view(fx)->kiosks[0].connected);
    assert_int_equal(view(fx)->kiosks_online, 0);
    assert_true(view(fx)->sync_state != SYNC_ONLINE);

    /* Another connection commits a check-in: the next poll shows it in the counts. */
    checkin_on_second_connection(fx, "T-1003");
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_int_equal(view(fx)->stats->checked_in, 1); /* read on entering */
    assert_false(flow_sync_poll(fx->flow, fx->now));  /* nothing new since */
    checkin_on_second_connection(fx, "T-1004");
    assert_true(flow_sync_poll(fx->flow, fx->now));
    assert_int_equal(view(fx)->stats->checked_in, 2);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_false(flow_sync_poll(fx->flow, fx->now)); /* not watched at rest */
    flow_set_sync(fx->flow, NULL);
    sync_stop(sy);
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
    if (r->walk_in) {
        out[r->consent ? 1 : 0]++;
    }
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
    flow_tick(fx->flow, fx->now + 121000); /* a form waits longer than a list */
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    fx->now += 121000;
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

/* The list shows the rows that fit (the shell's number) and scrolls through the rest:
 * a page down and up, never past either end; a pick counts from the first row shown. */
static void results_scroll_by_the_rows_that_fit(void **state)
{
    Fixture *fx = *state;
    assert_false(flow_set_result_rows(fx->flow, FLOW_RESULT_ROWS)); /* the default: no change */
    assert_true(flow_set_result_rows(fx->flow, 2));
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "l"); /* the Lottas, Lars, Lindén */
    const FlowView *v = view(fx);
    size_t total = v->match_count;
    assert_true(total >= 4);
    assert_int_equal(v->result_count, 2);
    assert_int_equal(v->result_first, 0);
    assert_false(v->more_above);
    assert_true(v->more_below);
    char second[64], third[64];
    snprintf(second, sizeof second, "%s", v->results[1].name);

    tap(fx, FLOW_ACT_SCROLL, 2);
    assert_int_equal(view(fx)->result_first, 2);
    assert_true(view(fx)->more_above);
    snprintf(third, sizeof third, "%s", view(fx)->results[0].name);
    assert_string_not_equal(third, second);
    /* Past the end: the last page, full. */
    tap(fx, FLOW_ACT_SCROLL, 100);
    assert_int_equal(view(fx)->result_first, total - 2);
    assert_int_equal(view(fx)->result_count, 2);
    assert_false(view(fx)->more_below);
    /* Back past the top: the first page. */
    tap(fx, FLOW_ACT_SCROLL, -100);
    assert_int_equal(view(fx)->result_first, 0);
    assert_string_equal(view(fx)->results[1].name, second);
    /* A pick on a scrolled list takes the row shown. */
    tap(fx, FLOW_ACT_SCROLL, 2);
    tap(fx, FLOW_ACT_PICK, 0);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    assert_string_equal(view(fx)->chosen_name, third);
    /* Typing starts the list from the top again; a bigger screen shows more at once. */
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->result_first, 2);
    tap(fx, FLOW_ACT_BACKSPACE, 0);
    type(fx, "l");
    assert_int_equal(view(fx)->result_first, 0);
    assert_true(flow_set_result_rows(fx->flow, 5));
    assert_int_equal(view(fx)->result_count, total < 5 ? total : 5);
    assert_true(flow_set_result_rows(fx->flow, 0)); /* 0: the default */
    assert_int_equal(view(fx)->result_count, total < FLOW_RESULT_ROWS ? total : FLOW_RESULT_ROWS);
}

/* A query one typing mistake away from a name finds nobody, so the list offers the near
 * misses ("Menade du …?"), a tap on one checks that person in like any result, and Enter
 * never takes a near miss for a match. Two mistakes: nothing, and "Inte på listan?". */
static void typo_offers_near_misses(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lotta söderbreg");
    const FlowView *v = view(fx);
    assert_true(v->near_misses);
    assert_int_equal(v->match_count, 1);
    assert_int_equal(v->result_count, 1);
    assert_string_equal(v->results[0].name, "Lotta Söderberg");
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 100);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    /* The organisation read with a mistake: "Vattenbolgaet". */
    tap(fx, FLOW_ACT_CLEAR, 0);
    type(fx, "vattenbolgaet");
    assert_true(view(fx)->near_misses);
    assert_string_equal(view(fx)->results[0].name, "Lotta Söderberg");
    /* Two letters swapped in a surname; the near miss is checked in like any result. */
    tap(fx, FLOW_ACT_CLEAR, 0);
    type(fx, "ojmretz");
    assert_true(view(fx)->near_misses);
    assert_string_equal(view(fx)->results[0].name, "Örjan Öjmertz");
    tap(fx, FLOW_ACT_PICK, 0);
    assert_int_equal(view(fx)->screen, FLOW_CONFIRM);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_true(attendee_named(fx, "Örjan Öjmertz").checked_in_ms != 0);

    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojmrtez"); /* two edits */
    assert_false(view(fx)->near_misses);
    assert_int_equal(view(fx)->match_count, 0);
    tap(fx, FLOW_ACT_CLEAR, 0);
    type(fx, "söderberg");
    assert_false(view(fx)->near_misses);
    assert_true(view(fx)->match_count >= 1);
}

/* Enter on a query that is a code (it has digits) and shows near misses: the code is
 * unknown, and the emptied field leaves no near misses behind (a finding of fuzz_input). */
static void unknown_code_leaves_no_near_misses(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "söderber7"); /* a digit for the g of Söderberg */
    assert_true(view(fx)->near_misses);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now + 100);
    assert_int_equal(view(fx)->screen, FLOW_NOTICE);
    assert_int_equal(view(fx)->notice, I18N_TICKET_UNKNOWN);
    assert_false(view(fx)->near_misses);
    assert_int_equal(view(fx)->match_count, 0);
    flow_act(fx->flow, FLOW_ACT_DONE, 0, fx->now + 2000);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "");
    assert_false(view(fx)->near_misses);
}

/* The meeting's walkin_email, put into the store, and the kiosk started again on it. */
static void with_walkin_email(Fixture *fx, EventWalkinEmail mode)
{
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(fx->store, &ev, id), STORE_OK);
    ev.walkin_email = mode;
    assert_int_equal(store_event_put(fx->store, &ev, fx->now, id), STORE_OK);
    flow_free(fx->flow);
    char err[512];
    fx->flow = flow_new(fx->store, &fx->cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
}

typedef struct EmailOf {
    const char *name;
    char email[ROSTER_FIELD_MAX];
    int found;
} EmailOf;

static int email_of_cb(void *ctx, const StoreAttendeeRow *r)
{
    EmailOf *e = ctx;
    if (strcmp(r->name, e->name) == 0) {
        snprintf(e->email, sizeof e->email, "%s", r->email);
        e->found++;
    }
    return 0;
}

/* The stored e-mail of the attendee named name (who must exist once). */
static const char *email_of(Fixture *fx, const char *name)
{
    static EmailOf e;
    memset(&e, 0, sizeof e);
    e.name = name;
    assert_int_equal(store_each_attendee_row(fx->store, fx->event_id, email_of_cb, &e), STORE_OK);
    assert_int_equal(e.found, 1);
    return e.email;
}

/* Registers a walk-in from the search screen, typing name, and email into the e-mail
 * field when not NULL (through the flow's text input, as the keyboard's keys are). */
static void walk_in_form(Fixture *fx, const char *name, const char *email, bool consent)
{
    tap(fx, FLOW_ACT_START, 0);
    type(fx, name);
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    if (consent) {
        tap(fx, FLOW_ACT_CONSENT, 0);
    }
    if (email) {
        tap(fx, FLOW_ACT_FIELD, FLOW_WALKIN_EMAIL);
        assert_int_equal(view(fx)->walkin_focus, FLOW_WALKIN_EMAIL);
        assert_true(view(fx)->keyboard_email);
        flow_text(fx->flow, email, fx->now += 700);
    }
    tap(fx, FLOW_ACT_SUBMIT, 0);
}

/* never: no field, and a tap on where it would be does nothing; the walk-in stores none. */
static void walk_in_email_never(void **state)
{
    Fixture *fx = *state;
    assert_int_equal(view(fx)->walkin_email, EVENT_WALKIN_EMAIL_NEVER);
    walk_in_form(fx, "nils nilsson", NULL, true);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(email_of(fx, "Nils Nilsson"), "");
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "olga");
    tap(fx, FLOW_ACT_WALKIN, 0);
    tap(fx, FLOW_ACT_FIELD, FLOW_WALKIN_EMAIL);
    assert_int_equal(view(fx)->walkin_focus, 0);
    assert_false(view(fx)->keyboard_email);
}

/* optional: the field may stay empty; what is typed is checked as an address (a clear
 * message and the field focused, nothing stored), kept in lower case as typed, without
 * spaces; stored with the walk-in. */
static void walk_in_email_optional(void **state)
{
    Fixture *fx = *state;
    with_walkin_email(fx, EVENT_WALKIN_EMAIL_OPTIONAL);
    assert_int_equal(view(fx)->walkin_email, EVENT_WALKIN_EMAIL_OPTIONAL);
    walk_in_form(fx, "pia persson", NULL, false);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(email_of(fx, "Pia Persson"), "");
    tap(fx, FLOW_ACT_DONE, 0);

    walk_in_form(fx, "rut rask", "rut.rask@exempel", true);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    assert_true(view(fx)->walkin_bad_email);
    assert_int_equal(view(fx)->walkin_focus, FLOW_WALKIN_EMAIL);
    StoreStats st;
    assert_int_equal(store_stats(fx->store, fx->event_id, &st), STORE_OK);
    assert_int_equal(st.walk_ins, 1);
    /* Typing mends it: the message goes, spaces are not taken, the address is stored. */
    tap(fx, FLOW_ACT_SPACE, 0);
    type(fx, ".se");
    assert_false(view(fx)->walkin_bad_email);
    assert_string_equal(view(fx)->walkin_fields[FLOW_WALKIN_EMAIL], "rut.rask@exempel.se");
    assert_false(view(fx)->keyboard_upper);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now += 700); /* Enter in the last field submits */
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(email_of(fx, "Rut Rask"), "rut.rask@exempel.se");
}

/* with_consent: optional until the participant list is ticked, then needed; the message
 * says so in the language on screen (the ui's), and unticking lets the walk-in go
 * without. Enter steps name -> organisation -> e-mail. */
static void walk_in_email_with_consent(void **state)
{
    Fixture *fx = *state;
    with_walkin_email(fx, EVENT_WALKIN_EMAIL_WITH_CONSENT);
    walk_in_form(fx, "sara sten", NULL, true);
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    assert_true(view(fx)->walkin_email_needed);
    assert_true(view(fx)->walkin_missing_email);
    assert_int_equal(view(fx)->walkin_focus, FLOW_WALKIN_EMAIL);
    tap(fx, FLOW_ACT_CONSENT, 0); /* no list for her: no address needed */
    assert_false(view(fx)->walkin_email_needed);
    assert_false(view(fx)->walkin_missing_email);
    tap(fx, FLOW_ACT_SUBMIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(email_of(fx, "Sara Sten"), "");
    tap(fx, FLOW_ACT_DONE, 0);

    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_int_equal(view(fx)->lang, LANG_EN);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "tor");
    tap(fx, FLOW_ACT_WALKIN, 0);
    tap(fx, FLOW_ACT_CONSENT, 0);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now += 700);
    assert_int_equal(view(fx)->walkin_focus, 1);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now += 700);
    assert_int_equal(view(fx)->walkin_focus, FLOW_WALKIN_EMAIL);
    assert_true(view(fx)->keyboard_email);
    flow_text(fx->flow, "tor@fjällgården.se", fx->now += 700);
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now += 700);
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(email_of(fx, "Tor"), "tor@fjällgården.se");
    /* The next form starts empty. */
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ulf");
    tap(fx, FLOW_ACT_WALKIN, 0);
    assert_string_equal(view(fx)->walkin_fields[FLOW_WALKIN_EMAIL], "");
    assert_false(view(fx)->walkin_consent);
}

static void idle_timeout_warns_then_resets_everything(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "lot");
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_int_equal(view(fx)->lang, LANG_EN);
    int64_t last = fx->now;
    /* A list: 45 s in all, the last 20 s of them counted down (WCAG 2.2.1: 20 s to answer). */
    assert_true(flow_next_deadline(fx->flow) == last + 25000);

    assert_false(flow_tick(fx->flow, last + 24999));
    assert_false(view(fx)->idle_warning);
    assert_true(flow_tick(fx->flow, last + 25000));
    assert_true(view(fx)->idle_warning);
    assert_int_equal(view(fx)->idle_seconds_left, 20);
    assert_true(flow_next_deadline(fx->flow) == last + 26000);
    assert_true(flow_tick(fx->flow, last + 40500));
    assert_int_equal(view(fx)->idle_seconds_left, 5);
    /* The person's typing is still there during the warning ... */
    assert_string_equal(view(fx)->query, "lot");
    assert_true(flow_tick(fx->flow, last + 45000));
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
    flow_tick(fx->flow, last + 30000);
    assert_true(view(fx)->idle_warning);
    flow_act(fx->flow, FLOW_ACT_STAY, 0, last + 30500);
    assert_false(view(fx)->idle_warning);
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_false(flow_tick(fx->flow, last + 55000)); /* 24.5 s after the tap: no change */
    assert_int_equal(view(fx)->screen, FLOW_SEARCH);
    assert_string_equal(view(fx)->query, "anna");
}

static void walk_in_form_is_cleared_by_idle_timeout(void **state)
{
    Fixture *fx = *state;
    tap(fx, FLOW_ACT_START, 0);
    tap(fx, FLOW_ACT_WALKIN, 0);
    type(fx, "hemlig person");
    assert_false(flow_tick(fx->flow, fx->now + 45000)); /* a list would have timed out */
    assert_int_equal(view(fx)->screen, FLOW_WALKIN);
    flow_tick(fx->flow, fx->now + 120000);
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
    /* The countdown bar: full, then a step of 250 ms at a time (20 over the 5 s). */
    assert_true(view(fx)->return_total_ms == 5000 && view(fx)->return_left_ms == 5000);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 250);
    assert_false(flow_tick(fx->flow, fx->now + 249));
    assert_true(flow_tick(fx->flow, fx->now + 250));
    assert_true(view(fx)->return_left_ms == 4750);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 500);
    int wakes = 1;
    for (int64_t at = flow_next_deadline(fx->flow); view(fx)->screen == FLOW_GREETING;
         at = flow_next_deadline(fx->flow)) {
        assert_true(at > fx->now && at <= fx->now + 5000);
        flow_tick(fx->flow, at);
        wakes++;
        if (at < fx->now + 5000) {
            assert_true(view(fx)->return_left_ms == fx->now + 5000 - at);
        }
    }
    assert_int_equal(wakes, FLOW_COUNTDOWN_STEPS);
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
    for (const char *p = q; *p; p++) {
        assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
    }
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
    return event_feedback(fx->store, fx->event_id);
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
    /* Stored at the tap, before the session is finished, and shown chosen for a moment
     * in which nothing else is taken; then the next question comes. */
    assert_int_equal(feedback(fx).counts[0][4], 1);
    assert_int_equal(view(fx)->question, 0);
    assert_true(view(fx)->rating_shown);
    assert_int_equal(view(fx)->answer, 4);
    assert_true(flow_next_deadline(fx->flow) == fx->now + FLOW_RATE_SHOW_MS);
    flow_act(fx->flow, FLOW_ACT_RATE, 2, fx->now + 100); /* a second tap: not taken */
    assert_int_equal(feedback(fx).counts[0][2], 0);
    assert_false(flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS - 1));
    assert_true(flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS));
    assert_false(view(fx)->rating_shown);
    assert_int_equal(view(fx)->question, 1);
    assert_int_equal(view(fx)->scale, EVENT_SCALE_NPS);
    tap(fx, FLOW_ACT_RATE, 11); /* out of range: ignored */
    assert_int_equal(view(fx)->question, 1);
    tap(fx, FLOW_ACT_RATE, 9);
    assert_int_equal(view(fx)->screen, FLOW_QUESTION); /* the 9 shown chosen, then ... */
    flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS);
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
    flow_tick(fx->flow, fx->now + 45000);
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
    flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS);
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
    to_reflection(fx);
    type(fx, "   ");
    tap(fx, FLOW_ACT_SEND, 0); /* only spaces: nothing to send */
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 0);
    assert_int_equal(fs.reflections, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    to_reflection(fx);
    type(fx, "tack");
    tap(fx, FLOW_ACT_SKIP, 0); /* typed, then skipped: not stored */
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    assert_int_equal(feedback(fx).reflections, 0);
}

static void reflection_stops_at_the_limit(void **state)
{
    Fixture *fx = *state;
    to_reflection(fx);
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

/* Feedback only: the kiosk opens the first question with no tap, rests there (no idle
 * timeout, no warning, no wake-ups), and after the thank-you screen, its timeout, or a
 * person walking away mid-questions, the next person lands on a fresh first question. */
static void feedback_only_opens_on_the_first_question(void **state)
{
    Fixture *fx = *state;
    char err[256], first[64], second[64];
    assert_int_equal(store_event_set_phases(fx->store, fx->event_id, EVENT_PHASE_FEEDBACK),
                     STORE_OK);
    flow_free(fx->flow);
    fx->flow = flow_new(fx->store, &fx->cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);

    /* Zero taps: the first question of a session nobody began. */
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, -1);
    assert_true(flow_next_deadline(fx->flow) == -1);
    assert_false(flow_tick(fx->flow, fx->now + 3600000));
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_false(view(fx)->idle_warning);

    /* An hour later the first person: one tap is an answer. */
    fx->now += 3600000;
    tap(fx, FLOW_ACT_RATE, 4);
    assert_int_equal(feedback(fx).counts[0][4], 1);
    tap(fx, FLOW_ACT_SKIP, 0); /* the 0-10 question */
    tap(fx, FLOW_ACT_SKIP, 0); /* the reflection */
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    token_from_link(view(fx)->feedback_link, first, sizeof first);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, -1);
    assert_true(flow_next_deadline(fx->flow) == -1);

    /* The next person comes two minutes later: a session of its own, not a repeated press
     * (it began with their tap, not when the kiosk opened it). */
    fx->now += 120000;
    tap(fx, FLOW_ACT_RATE, 2);
    tap(fx, FLOW_ACT_RATE, 9);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    token_from_link(view(fx)->feedback_link, second, sizeof second);
    assert_string_not_equal(first, second);
    /* The thank-you screen's own time also leads back to a fresh first question. */
    assert_true(flow_tick(fx->flow, fx->now + 20000));
    fx->now += 20000;
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, -1);

    /* Someone answers the first question and walks away on the second: today's idle rule
     * (a warning, then back), and the next person sees nothing of theirs. */
    fx->now += 60000;
    tap(fx, FLOW_ACT_RATE, 1);
    flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS);
    assert_int_equal(view(fx)->question, 1);
    int64_t left_at = fx->now;
    assert_true(flow_next_deadline(fx->flow) == left_at + 25000);
    assert_true(flow_tick(fx->flow, left_at + 25000));
    assert_true(view(fx)->idle_warning);
    assert_true(flow_tick(fx->flow, left_at + 45000));
    fx->now = left_at + 45000;
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, -1);
    assert_false(view(fx)->idle_warning);
    assert_true(flow_next_deadline(fx->flow) == -1);

    /* Answered the first question and left on it: the idle rule too. */
    tap(fx, FLOW_ACT_RATE, 3);
    flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->question, 0);
    assert_int_equal(view(fx)->answer, 3);
    assert_true(flow_tick(fx->flow, fx->now + 45000));
    fx->now += 45000;
    assert_int_equal(view(fx)->answer, -1);

    /* English chosen and left: back to the meeting's language after the idle time. */
    tap(fx, FLOW_ACT_LANGUAGE, 0);
    assert_int_equal(view(fx)->lang, LANG_EN);
    assert_true(flow_tick(fx->flow, fx->now + 45000));
    fx->now += 45000;
    assert_int_equal(view(fx)->lang, LANG_SV);
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);

    StoreFeedbackStats fs = feedback(fx);
    assert_int_equal(fs.sessions, 4);
    assert_int_equal(fs.flagged_sessions, 0);
    assert_int_equal(fs.counts[0][2], 1);
    assert_int_equal(fs.counts[1][9], 1);
    assert_int_equal(fs.counts[0][1], 1);
    assert_int_equal(fs.counts[0][3], 1);

    /* Pressing again right after one's own answers is still flagged. */
    tap(fx, FLOW_ACT_RATE, 5);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_SKIP, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_RATE, 5);
    fs = feedback(fx);
    assert_int_equal(fs.sessions, 6);
    assert_int_equal(fs.flagged_sessions, 1);

    /* The organiser's hidden corner is on the first question now. */
    flow_tick(fx->flow, fx->now + FLOW_RATE_SHOW_MS);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->question, 0);
    tap(fx, FLOW_ACT_ADMIN, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_PIN);
    /* And leaving it (here by the idle time) opens a fresh first question. */
    assert_true(flow_tick(fx->flow, fx->now + 45000));
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->answer, -1);
}

/* A meeting switched to feedback only on the admin screen opens its first question as
 * soon as the organiser leaves. */
static void switching_to_feedback_only_opens_the_first_question(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_admin(fx);
    tap(fx, FLOW_ACT_PHASE, EVENT_PHASE_FEEDBACK);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_QUESTION);
    assert_int_equal(view(fx)->question, 0);
    assert_true(flow_next_deadline(fx->flow) == -1);
    open_admin(fx);
    tap(fx, FLOW_ACT_PHASE, EVENT_PHASE_BOTH);
    tap(fx, FLOW_ACT_DONE, 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

static void next_person_never_sees_the_last_ones_typing(void **state)
{
    Fixture *fx = *state;
    to_reflection(fx);
    type(fx, "hemligt");
    flow_tick(fx->flow, fx->now + 119999);
    assert_true(view(fx)->idle_warning);
    flow_tick(fx->flow, fx->now + 120000);
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
    to_reflection(fx);
    tap(fx, FLOW_ACT_SKIP, 0);
    assert_int_equal(view(fx)->screen, FLOW_THANKS);
    /* The countdown bar: 20 steps of 1 s over the event's 20 s. */
    assert_true(view(fx)->return_total_ms == 20000 && view(fx)->return_left_ms == 20000);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 1000);
    assert_true(flow_tick(fx->flow, fx->now + 19000));
    assert_true(view(fx)->return_left_ms == 1000);
    assert_true(flow_next_deadline(fx->flow) == fx->now + 20000);
    assert_false(flow_tick(fx->flow, fx->now + 19999));
    assert_true(flow_tick(fx->flow, fx->now + 20000));
    assert_true(view(fx)->return_total_ms == 0);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
}

static void each_session_gets_a_fresh_token(void **state)
{
    Fixture *fx = *state;
    char first[64], second[64];
    to_reflection(fx);
    tap(fx, FLOW_ACT_SKIP, 0);
    token_from_link(view(fx)->feedback_link, first, sizeof first);
    tap(fx, FLOW_ACT_DONE, 0);
    to_reflection(fx);
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
    open_admin(fx);
    tap(fx, FLOW_ACT_UNDO_LIST, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(view(fx)->recent_count, 1);
    assert_string_equal(view(fx)->recent[0].name, "Örjan Öjmertz");
    assert_true(view(fx)->recent[0].checked_in);
    /* One tap only asks; "cancel" writes nothing. */
    tap(fx, FLOW_ACT_UNDO, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_ASK);
    assert_int_equal(view(fx)->ask, FLOW_ASK_UNDO);
    assert_string_equal(view(fx)->ask_name, "Örjan Öjmertz");
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(stats(fx).checked_in, 1);
    assert_int_equal(stats(fx).checkin_records, 1);
    tap(fx, FLOW_ACT_UNDO, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(view(fx)->admin_note, I18N_UNDONE);
    /* Still on the list, now offering "restore". */
    assert_int_equal(view(fx)->recent_count, 1);
    assert_false(view(fx)->recent[0].checked_in);
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
    open_admin(fx);
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

/* sync(2) flushes every filesystem of the machine and can take seconds on a slow stick;
 * the export writes its files atomically and fsyncs each one and the directory, so the
 * admin screen must not call it (on the UI thread). This definition stands in for libc's
 * in this program and counts the calls. */
static int sync_calls;
void sync(void)
{
    sync_calls++;
}

static void export_writes_files_to_the_stick(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_admin(fx);
    assert_true(view(fx)->usb_found);
    sync_calls = 0;
    tap(fx, FLOW_ACT_EXPORT, 0);
    assert_int_equal(view(fx)->admin_note, I18N_EXPORTED);
    assert_int_equal(sync_calls, 0); /* the files are fsynced; no machine-wide sync */
    char path[1024];
    struct stat st;
    static const char *const files[] = {"checkins.csv", "attendees.csv", "ratings.csv",
                                        "all.xlsx",     "all.json",      "report.html"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/test-meeting-2027-01-15-%s", fx->export_dir, files[i]);
        if (stat(path, &st) != 0) {
            fail_msg("no %s after the export", path);
        }
    }
}

static void leaving_is_the_admins_choice(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    assert_false(view(fx)->quit);
    tap(fx, FLOW_ACT_QUIT, 0); /* not from the welcome screen */
    assert_false(view(fx)->quit);
    open_admin(fx);
    /* One tap asks, and says what happens next; "cancel" goes back to the admin screen. */
    tap(fx, FLOW_ACT_QUIT, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_ASK);
    assert_int_equal(view(fx)->ask, FLOW_ASK_QUIT);
    assert_false(view(fx)->quit);
    tap(fx, FLOW_ACT_BACK, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN);
    assert_false(view(fx)->quit);
    /* The question times out like any screen, leaving the kiosk running. */
    tap(fx, FLOW_ACT_QUIT, 0);
    flow_tick(fx->flow, fx->now + 600000);
    assert_int_equal(view(fx)->screen, FLOW_WELCOME);
    assert_false(view(fx)->quit);
    open_admin(fx);
    tap(fx, FLOW_ACT_QUIT, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    assert_true(view(fx)->quit);
}

typedef struct RowsCtx {
    const char *attendee_id;
    int checkins, reversals;
    char first_id[IDS_UUID_LEN + 1];
    char last_reverses[IDS_UUID_LEN + 1];
} RowsCtx;

static int count_rows(void *ctx, const StoreCheckinRow *row)
{
    RowsCtx *rc = ctx;
    if (strcmp(row->attendee_id, rc->attendee_id) != 0) {
        return 0;
    }
    if (row->reverses[0]) {
        rc->reversals++;
        snprintf(rc->last_reverses, sizeof rc->last_reverses, "%s", row->reverses);
    } else if (rc->checkins++ == 0) {
        snprintf(rc->first_id, sizeof rc->first_id, "%s", row->id);
    }
    return 0;
}

/* Every check-in is reachable (search and pages, not only the latest few); an undo asks
 * first and writes a reversal; a restore writes a new check-in, so that the attendee
 * counts once, and the export says the same. */
static void undo_reaches_everyone_and_restore_counts_once(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    add_extra_people(fx, 12); /* 18 people, all checked in, Örjan first of all */
    StoreAttendee orjan = attendee_named(fx, "Örjan Öjmertz");
    int64_t at;
    assert_int_equal(store_checkin(fx->store, fx->event_id, orjan.id, fx->now, &at), STORE_OK);
    static const char *const listed[] = {"Lotta Söderberg", "Anna-Karin Lindén", "Lars Berg",
                                         "Åsa Ångström", "Lotta Bäckström"};
    for (size_t i = 0; i < 5; i++) {
        StoreAttendee a = attendee_named(fx, listed[i]);
        assert_int_equal(
            store_checkin(fx->store, fx->event_id, a.id, fx->now + 1000 * (int64_t)i, &at),
            STORE_OK);
    }
    for (int i = 0; i < 12; i++) {
        char name[64];
        snprintf(name, sizeof name, "Extra Za%c Person", 'a' + i);
        StoreAttendee a = attendee_named(fx, name);
        assert_int_equal(
            store_checkin(fx->store, fx->event_id, a.id, fx->now + 60000 + 1000 * i, &at),
            STORE_OK);
    }
    fx->now += 120000;
    char err[512];
    flow_free(fx->flow); /* a restart reads them all */
    fx->flow = flow_new(fx->store, &fx->cfg, fx->now, err, sizeof err);
    assert_non_null(fx->flow);
    open_admin(fx);
    tap(fx, FLOW_ACT_UNDO_LIST, 0);
    assert_int_equal(view(fx)->undo_matches, 18);
    assert_int_equal(view(fx)->undo_pages, 5);
    assert_int_equal(view(fx)->recent_count, FLOW_UNDO_PAGE);
    assert_string_equal(view(fx)->recent[0].name, "Extra Zal Person"); /* newest first */
    for (int p = 0; p < 6; p++) {
        tap(fx, FLOW_ACT_PAGE, 1); /* stops at the last page */
    }
    assert_int_equal(view(fx)->undo_page, 4);
    assert_int_equal(view(fx)->recent_count, 2);
    assert_string_equal(view(fx)->recent[1].name, "Örjan Öjmertz"); /* the oldest */
    tap(fx, FLOW_ACT_PAGE, -1);
    assert_int_equal(view(fx)->undo_page, 3);

    /* A search finds the oldest at once, whatever the page. */
    type(fx, "ojm");
    assert_string_equal(view(fx)->undo_query, "ojm");
    assert_int_equal(view(fx)->undo_page, 0);
    assert_int_equal(view(fx)->undo_matches, 1);
    assert_string_equal(view(fx)->recent[0].name, "Örjan Öjmertz");
    tap(fx, FLOW_ACT_UNDO, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_ASK);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    StoreAttendee now_a;
    assert_int_equal(store_get_attendee(fx->store, orjan.id, &now_a), STORE_OK);
    assert_int_equal(now_a.checked_in_ms, 0);
    assert_int_equal(stats(fx).checked_in, 17);
    assert_int_equal(stats(fx).checkin_records, 19);
    RowsCtx rc = {.attendee_id = orjan.id};
    assert_int_equal(store_each_checkin(fx->store, fx->event_id, count_rows, &rc), STORE_OK);
    assert_int_equal(rc.checkins, 1);
    assert_int_equal(rc.reversals, 1);
    assert_string_equal(rc.last_reverses, rc.first_id); /* the undo names the check-in */
    /* The search stays; the row now offers "restore" and nothing else. */
    assert_string_equal(view(fx)->recent[0].name, "Örjan Öjmertz");
    assert_false(view(fx)->recent[0].checked_in);
    tap(fx, FLOW_ACT_UNDO, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO); /* nothing to undo */

    tap(fx, FLOW_ACT_RESTORE, 0);
    assert_int_equal(view(fx)->admin_note, I18N_RESTORED);
    assert_true(view(fx)->recent[0].checked_in);
    assert_int_equal(store_get_attendee(fx->store, orjan.id, &now_a), STORE_OK);
    assert_int_equal(now_a.checked_in_ms, fx->now); /* a new check-in, at the restore */
    StoreStats st = stats(fx);
    assert_int_equal(st.checked_in, 18); /* counted once */
    assert_int_equal(st.checkin_records, 20);
    memset(&rc, 0, sizeof rc);
    rc.attendee_id = orjan.id;
    assert_int_equal(store_each_checkin(fx->store, fx->event_id, count_rows, &rc), STORE_OK);
    assert_int_equal(rc.checkins, 2); /* append-only: the undo stays, a check-in follows */
    assert_int_equal(rc.reversals, 1);
    tap(fx, FLOW_ACT_RESTORE, 0); /* a second tap writes nothing more */
    assert_int_equal(stats(fx).checkin_records, 20);

    /* The export says the same: three rows for Örjan (check-in, its undo, the restore). */
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_EXPORT, 0);
    assert_int_equal(view(fx)->admin_note, I18N_EXPORTED);
    char csv[1024], line[2048];
    snprintf(csv, sizeof csv, "%s/test-meeting-2027-01-15-checkins.csv", fx->export_dir);
    FILE *in = fopen(csv, "r");
    assert_non_null(in);
    int rows = 0, naming_first = 0;
    while (fgets(line, sizeof line, in)) {
        if (!strstr(line, "Örjan Öjmertz")) {
            continue;
        }
        rows++;
        naming_first += strstr(line, rc.first_id) != NULL; /* its own row and the undo's */
    }
    fclose(in);
    assert_int_equal(rows, 3);
    assert_int_equal(naming_first, 2);
    tap(fx, FLOW_ACT_UNDO_LIST, 0);

    /* The kiosk's search shows Örjan checked in again. */
    tap(fx, FLOW_ACT_BACK, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojm");
    assert_true(view(fx)->results[0].checked_in);
}

/* The undo list's search takes a physical keyboard too; on the question, Enter (a
 * scanner's last key, a stray press) never confirms, and Escape is "cancel". */
static void undo_search_by_keyboard_and_enter_never_confirms(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    tap(fx, FLOW_ACT_START, 0);
    type(fx, "ojm");
    tap(fx, FLOW_ACT_PICK, 0);
    tap(fx, FLOW_ACT_CONFIRM, 0);
    tap(fx, FLOW_ACT_DONE, 0);
    open_admin(fx);
    tap(fx, FLOW_ACT_UNDO_LIST, 0);
    fx->now += 700;
    flow_text(fx->flow, "Öjm", fx->now);
    assert_string_equal(view(fx)->undo_query, "Öjm");
    assert_int_equal(view(fx)->undo_matches, 1);
    fx->now += 700;
    flow_key(fx->flow, FLOW_KEY_BACKSPACE, fx->now);
    assert_string_equal(view(fx)->undo_query, "Öj");
    tap(fx, FLOW_ACT_UNDO, 0);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_ASK);
    fx->now += 700;
    flow_key(fx->flow, FLOW_KEY_ENTER, fx->now);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_ASK);
    fx->now += 700;
    flow_key(fx->flow, FLOW_KEY_ESCAPE, fx->now);
    assert_int_equal(view(fx)->screen, FLOW_ADMIN_UNDO);
    assert_int_equal(stats(fx).checked_in, 1);
    assert_int_equal(stats(fx).checkin_records, 1);
}

static void admin_times_out_like_any_screen(void **state)
{
    Fixture *fx = *state;
    set_pin(fx, "493817");
    open_admin(fx);
    flow_tick(fx->flow, fx->now + 45000);
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
    open_admin(fx);
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
    open_admin(fx); /* 7 taps: now T0 + 55.6 s */
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
    Store *other = second_connection(fx);
    char id[IDS_UUID_LEN + 1];
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
        const char *org = i < NPEOPLE ? PEOPLE[i].organisation : "Fjärrvärme i Norrby";
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

/* A scan right after `mingel import` made another meeting the current one, before the
 * kiosk's loop has ticked: the code is looked up in the meeting now in the store, not the
 * one the kiosk had loaded (the scan starts from the welcome screen, which takes the new
 * meeting in first). */
static void a_scan_right_after_an_import_of_another_meeting_finds_its_ticket(void **state)
{
    Fixture *fx = *state;
    Store *other = second_connection(fx);
    char id[IDS_UUID_LEN + 1];
    EventInfo ev;
    assert_int_equal(store_event_current(other, &ev, id), STORE_OK);
    snprintf(ev.key, sizeof ev.key, "next-meeting");
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – vårträff");
    assert_int_equal(store_event_put(other, &ev, fx->now, id), STORE_OK);
    assert_string_not_equal(id, fx->event_id);
    Roster r = {0};
    r.count = 1;
    r.entries = calloc(r.count, sizeof *r.entries);
    snprintf(r.entries[0].name, sizeof r.entries[0].name, "Nils Nyman");
    snprintf(r.entries[0].organisation, sizeof r.entries[0].organisation, "Fjärrvärme i Norrby");
    snprintf(r.entries[0].ticket, sizeof r.entries[0].ticket, "N-2001");
    snprintf(r.entries[0].key, sizeof r.entries[0].key, "t:N-2001");
    r.entries[0].line = 2;
    StoreImportResult res;
    assert_int_equal(store_import_roster(other, id, &r, fx->now, &res), STORE_OK);
    free(r.entries);
    store_close(other);

    flow_scan(fx->flow, "N-2001", fx->now + 100); /* no tick in between */
    assert_int_equal(view(fx)->screen, FLOW_GREETING);
    assert_string_equal(view(fx)->first_name, "Nils");
    assert_string_equal(view(fx)->event->title, "Driftchefsnätverket – vårträff");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(checkin_by_search_commits_then_greets, setup, teardown),
        cmocka_unit_test_setup_teardown(already_checked_in_says_at_which_kiosk, setup, teardown),
        cmocka_unit_test_setup_teardown(admin_lists_the_kiosks_and_follows_the_counts, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(second_checkin_shows_time_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(walk_in_registers_and_checks_in, setup, teardown),
        cmocka_unit_test_setup_teardown(keyboard_shift_and_layers, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_without_name_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_consent_is_asked_and_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(scanner_code_on_welcome_checks_in, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_scanner_code_says_so_and_writes_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(enter_with_one_match_goes_to_confirm, setup, teardown),
        cmocka_unit_test_setup_teardown(results_scroll_by_the_rows_that_fit, setup, teardown),
        cmocka_unit_test_setup_teardown(typo_offers_near_misses, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_code_leaves_no_near_misses, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_email_never, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_email_optional, setup, teardown),
        cmocka_unit_test_setup_teardown(walk_in_email_with_consent, setup, teardown),
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
        cmocka_unit_test_setup_teardown(feedback_only_opens_on_the_first_question, setup_feedback,
                                        teardown),
        cmocka_unit_test_setup_teardown(switching_to_feedback_only_opens_the_first_question,
                                        setup_feedback, teardown),
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
        cmocka_unit_test_setup_teardown(undo_reaches_everyone_and_restore_counts_once, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(undo_search_by_keyboard_and_enter_never_confirms, setup,
                                        teardown),
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
        cmocka_unit_test_setup_teardown(
            a_scan_right_after_an_import_of_another_meeting_finds_its_ticket, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
