/* test_sdl_screens: every kiosk screen, rendered for real, in both languages and at the
 * sizes the kiosk meets: a 7" panel (800x480), a 10" panel or laptop (1280x800) and a
 * monitor (1920x1080).
 *
 * The flow is driven into each screen by tapping its targets (as in test_sdl_checkin),
 * then the frame is saved as screen-<name>-<lang>-<WxH>.png in MINGEL_TEST_TMP and the
 * ui is asked whether any fixed text was cut off (ui_overflow): with the real font the
 * measurement is exact, so a translation that does not fit fails here. Every icon of the
 * frame must have drawn something inside its rectangle. Two runs per case: check-in (a
 * meeting with check-in only) and feedback (a meeting with both phases, a smiley question
 * and a 0-10 question, a reflection line and a feedback link; then the same meeting
 * without a link). The cases are a table (size x language), one cmocka test each.
 * Timings (open to first frame, redraw) are printed for the record, not asserted: a
 * sanitised build is several times slower.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/pin.h"
#include "core/roster.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "ui/ui.h"

static const struct {
    const char *ticket, *name, *organisation;
} PEOPLE[] = {
    {"S-01", "Anna Andersson", "Västerås stad"},
    {"S-02", "Anna-Karin Wallenberg-Åkesson",
     "Sveriges Kommuner och Regioner, avdelningen för digitalisering och verksamhetsutveckling"},
    {"S-03", "Johan Ekström", "Sala kommun"},
    {"S-04", "Annika Lindström", "Region Västmanland"},
    {"S-05", "Anders Öberg", "Mälarenergi AB"},
    {"S-06", "Hanna Björklund", "Enköpings kommun"},
    {"S-07", "Stefan Nyström", "Köpings kommun"},
    {"S-08", "Susanne Åberg", "Arboga kommun"},
    {"S-09", "Kristian Jansson", "Fagersta kommun"},
    {"S-10", "Jan Émile Dufva", "Norbergs kommun"},
    {"S-11", "Andreas Holmqvist", "Ängelholms kommun"},
    {"S-12", "Angelica Sjöström", "Hallstahammars kommun"},
    {"S-13", "Anton Berglund", "Skinnskattebergs kommun"},
    {"S-14", "Ann-Sofie Wikström", "Surahammars kommun"},
};
enum { PEOPLE_COUNT = sizeof PEOPLE / sizeof PEOPLE[0] };

typedef struct Case {
    int w, h;
    Lang lang;
} Case;

static Case CASES[] = {
    {800, 480, LANG_SV},  {800, 480, LANG_EN},   {1280, 800, LANG_SV},
    {1280, 800, LANG_EN}, {1920, 1080, LANG_SV}, {1920, 1080, LANG_EN},
};

typedef struct Kiosk {
    const Case *c;
    char dir[1024];
    Store *store;
    Flow *flow;
    Shell *sh;
    char event_id[IDS_UUID_LEN + 1];
} Kiosk;

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (!v || !v[0]) {
        fail_msg("%s is not set (run through ctest)", name);
    }
    return v;
}

static const char *lang_code(Lang l)
{
    return l == LANG_EN ? "en" : "sv";
}

/* The feedback part of the meeting: both phases, two questions, a reflection line. */
static void add_feedback(EventInfo *ev, bool with_link)
{
    ev->phases = EVENT_PHASE_BOTH;
    ev->question_count = 2;
    snprintf(ev->questions[0].text[LANG_SV], sizeof ev->questions[0].text[LANG_SV], "%s",
             "Hur nöjd är du med dagen som helhet?");
    snprintf(ev->questions[0].text[LANG_EN], sizeof ev->questions[0].text[LANG_EN], "%s",
             "How satisfied are you with the day as a whole?");
    ev->questions[0].scale = EVENT_SCALE_SMILEYS;
    snprintf(ev->questions[1].text[LANG_SV], sizeof ev->questions[1].text[LANG_SV], "%s",
             "Hur troligt är det att du skulle rekommendera nätverksträffarna till en kollega?");
    snprintf(ev->questions[1].text[LANG_EN], sizeof ev->questions[1].text[LANG_EN], "%s",
             "How likely is it that you would recommend the network meetings to a colleague?");
    ev->questions[1].scale = EVENT_SCALE_NPS;
    snprintf(ev->reflection_prompt[LANG_SV], sizeof ev->reflection_prompt[LANG_SV], "%s",
             "Det viktigaste jag tar med mig från dagen är …");
    snprintf(ev->reflection_prompt[LANG_EN], sizeof ev->reflection_prompt[LANG_EN], "%s",
             "The most important thing I take with me from today is …");
    ev->reflection_max = 140;
    if (with_link) {
        snprintf(ev->feedback_url, sizeof ev->feedback_url, "%s",
                 "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    }
    ev->thanks_seconds = 20;
    ev->repeat_seconds = 5;
}

/* A new database for the case with the meeting and its attendees. feedback: the meeting
 * has both phases (see add_feedback), with the feedback link or without. */
static void make_store(Kiosk *k, const char *run, bool feedback, bool with_link)
{
    char db[1200], err[512];
    snprintf(db, sizeof db, "%s/screens-%s-%s-%dx%d.db", k->dir, run, lang_code(k->c->lang),
             k->c->w, k->c->h);
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        char p[1300];
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        remove(p);
    }
    if (store_open(db, ids_os_random, NULL, &k->store, err, sizeof err) != STORE_OK) {
        fail_msg("store_open: %s", err);
    }
    EventInfo ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.key, sizeof ev.key, "chefsforum-2026-03");
    snprintf(ev.title, sizeof ev.title,
             "Chefsforum Västmanland – vårträff om kompetensförsörjning "
             "och ledarskap i offentlig sektor");
    snprintf(ev.date, sizeof ev.date, "2026-03-12");
    snprintf(ev.start_time, sizeof ev.start_time, "08:30");
    snprintf(ev.venue, sizeof ev.venue, "Aros Congress Center, Västerås");
    snprintf(ev.theme, sizeof ev.theme, "Att rekrytera, behålla och utveckla medarbetare");
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet Västmanland");
    snprintf(ev.language, sizeof ev.language, "sv");
    if (feedback) {
        add_feedback(&ev, with_link);
    }
    int64_t now = ids_now_ms();
    assert_int_equal(store_event_put(k->store, &ev, now, k->event_id), STORE_OK);

    Roster r = {.entries = calloc(PEOPLE_COUNT, sizeof(RosterEntry)), .separator = ';'};
    assert_non_null(r.entries);
    for (size_t i = 0; i < PEOPLE_COUNT; i++) {
        RosterEntry *e = &r.entries[r.count++];
        snprintf(e->key, sizeof e->key, "t:%s", PEOPLE[i].ticket);
        snprintf(e->name, sizeof e->name, "%s", PEOPLE[i].name);
        snprintf(e->organisation, sizeof e->organisation, "%s", PEOPLE[i].organisation);
        snprintf(e->ticket, sizeof e->ticket, "%s", PEOPLE[i].ticket);
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    StoreStatus st = store_import_roster(k->store, k->event_id, &r, now, &res);
    free(r.entries);
    assert_int_equal(st, STORE_OK);
}

/* ---- Input ----------------------------------------------------------------------------- */

static void push(SDL_Event *e)
{
    e->common.timestamp = SDL_GetTicks();
    if (SDL_PushEvent(e) != 1) {
        fail_msg("SDL_PushEvent: %s", SDL_GetError());
    }
}

static void step(Kiosk *k)
{
    assert_true(shell_step(k->sh, 0));
}

static void tap(Kiosk *k, FlowAction a, int arg)
{
    UiTarget t;
    if (!ui_find(shell_ui(k->sh), a, arg, &t)) {
        fail_msg("no target %s %d on screen %d", flow_action_name(a), arg,
                 (int)flow_view(k->flow)->screen);
    }
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 1;
    e.tfinger.x = ((float)(t.rect.x + t.rect.w / 2) + 0.5f) / (float)k->c->w;
    e.tfinger.y = ((float)(t.rect.y + t.rect.h / 2) + 0.5f) / (float)k->c->h;
    e.type = SDL_FINGERDOWN;
    push(&e);
    e.type = SDL_FINGERUP;
    push(&e);
    step(k);
}

static void type_taps(Kiosk *k, const char *ascii)
{
    for (const char *c = ascii; *c; c++) {
        if (*c == ' ') {
            tap(k, FLOW_ACT_SPACE, 0);
        } else {
            tap(k, FLOW_ACT_CHAR, (unsigned char)*c);
        }
    }
}

static void type_text(Kiosk *k, const char *s)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    push(&e);
    step(k);
}

/* Types UTF-8 text as a physical keyboard would: text events of at most 31 bytes, split
 * between code points. */
static void type_long(Kiosk *k, const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        size_t n = len < 31 ? len : 31;
        while (n < len && ((unsigned char)s[n] & 0xC0) == 0x80) {
            n--; /* never split a code point */
        }
        char chunk[32];
        memcpy(chunk, s, n);
        chunk[n] = '\0';
        type_text(k, chunk);
        s += n;
        len -= n;
    }
}

static void key_enter(Kiosk *k)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = SDLK_RETURN;
    e.key.keysym.scancode = SDL_SCANCODE_RETURN;
    push(&e);
    step(k);
}

/* The welcome screen resets to the meeting's language: switch if the case wants the other. */
static void want_language(Kiosk *k)
{
    if (flow_view(k->flow)->lang != k->c->lang) {
        tap(k, FLOW_ACT_LANGUAGE, 0);
    }
    assert_int_equal(flow_view(k->flow)->lang, k->c->lang);
}

static void expect_screen(Kiosk *k, FlowScreen s)
{
    FlowScreen now = flow_view(k->flow)->screen;
    if (now != s) {
        fail_msg("on screen %d, expected %d", (int)now, (int)s);
    }
}

/* ---- Checks ------------------------------------------------------------------------------ */

/* How many pixels inside r differ from r's top-left pixel. */
static size_t pixels_unlike_corner(const SDL_Surface *s, UiRect r)
{
    const uint8_t *px = s->pixels;
    int bpp = s->format->BytesPerPixel;
    if (r.x < 0 || r.y < 0 || r.x + r.w > s->w || r.y + r.h > s->h) {
        return 0;
    }
    const uint8_t *corner = px + (size_t)r.y * (size_t)s->pitch + (size_t)r.x * (size_t)bpp;
    size_t n = 0;
    for (int y = r.y; y < r.y + r.h; y++) {
        for (int x = r.x; x < r.x + r.w; x++) {
            n += memcmp(px + (size_t)y * (size_t)s->pitch + (size_t)x * (size_t)bpp, corner,
                        (size_t)bpp) != 0;
        }
    }
    return n;
}

/* Saves the frame, and fails if text is cut off, the frame is blank or an icon drew
 * nothing. */
static void shot(Kiosk *k, const char *name)
{
    char path[1400], err[512];
    snprintf(path, sizeof path, "%s/screen-%s-%s-%dx%d.png", k->dir, name, lang_code(k->c->lang),
             k->c->w, k->c->h);
    if (shell_screenshot(k->sh, path, err, sizeof err) != 0) {
        fail_msg("shell_screenshot: %s", err);
    }
    const char *first = NULL;
    if (ui_overflow(shell_ui(k->sh), &first)) {
        fail_msg("%s: text cut off: \"%s\"", path, first);
    }
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        fail_msg("%s: %s", path, SDL_GetError());
    }
    assert_int_equal(s->w, k->c->w);
    assert_int_equal(s->h, k->c->h);
    /* Not one flat colour: count pixels unlike the top-left one along the diagonal band. */
    const uint8_t *px = s->pixels;
    int bpp = s->format->BytesPerPixel;
    size_t differ = 0;
    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x += 3) {
            differ += memcmp(px + (size_t)y * (size_t)s->pitch + (size_t)x * (size_t)bpp, px,
                             (size_t)bpp) != 0;
        }
    }
    if (differ < 1000) {
        SDL_FreeSurface(s);
        fail_msg("%s looks blank", path);
    }
    /* Each icon covers a fair part of its square (the lightest, the check mark, an eighth). */
    size_t n = 0;
    const UiCmd *cmds = ui_commands(shell_ui(k->sh), &n);
    for (size_t i = 0; i < n; i++) {
        if (cmds[i].kind != UI_CMD_ICON) {
            continue;
        }
        UiRect r = cmds[i].rect;
        size_t drawn = pixels_unlike_corner(s, r);
        if (drawn * 20 < (size_t)r.w * (size_t)r.h) {
            SDL_FreeSurface(s);
            fail_msg("%s: icon %s at %d,%d (%dx%d) drew only %zu pixels", path,
                     UI_ICON_FILES[cmds[i].icon], r.x, r.y, r.w, r.h, drawn);
        }
    }
    SDL_FreeSurface(s);
}

/* ---- The test -------------------------------------------------------------------------- */

/* Nothing times out while a slow build renders. */
static FlowConfig patient(void)
{
    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = 600000;
    cfg.greeting_ms = 600000;
    return cfg;
}

/* Opens the flow and the shell on k's store; returns the time shell_open took, ms. */
static double open_kiosk(Kiosk *k, const FlowConfig *cfg)
{
    char err[512];
    k->flow = flow_new(k->store, cfg, ids_now_ms(), err, sizeof err);
    if (!k->flow) {
        fail_msg("flow_new: %s", err);
    }
    ShellOptions opt = {.windowed = true,
                        .width = k->c->w,
                        .height = k->c->h,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT")};
    Uint64 t0 = SDL_GetPerformanceCounter();
    k->sh = shell_open(&opt, k->flow, err, sizeof err);
    double open_ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    if (!k->sh) {
        fail_msg("shell_open: %s", err);
    }
    return open_ms;
}

static void close_kiosk(Kiosk *k)
{
    shell_close(k->sh);
    flow_free(k->flow);
    store_close(k->store);
    k->sh = NULL;
    k->flow = NULL;
    k->store = NULL;
}

static void test_every_screen(void **state)
{
    Kiosk k;
    memset(&k, 0, sizeof k);
    k.c = *state;
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(&k, "checkin", false, false);
    FlowConfig cfg = patient();
    double open_ms = open_kiosk(&k, &cfg);

    want_language(&k);
    shot(&k, "welcome");

    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "an");
    expect_screen(&k, FLOW_SEARCH);
    assert_true(flow_view(k.flow)->match_count > 6); /* full result grid and "more" line */
    shot(&k, "search");

    tap(&k, FLOW_ACT_PICK, 0);
    expect_screen(&k, FLOW_CONFIRM);
    shot(&k, "confirm");

    tap(&k, FLOW_ACT_CONFIRM, 0);
    expect_screen(&k, FLOW_GREETING);
    shot(&k, "greeting");

    /* The same person again. */
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "an");
    tap(&k, FLOW_ACT_PICK, 0);
    tap(&k, FLOW_ACT_CONFIRM, 0);
    expect_screen(&k, FLOW_ALREADY);
    shot(&k, "already");

    /* Not on the list: the form starts from what was searched for. */
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "xy");
    assert_int_equal(flow_view(k.flow)->match_count, 0);
    shot(&k, "nomatch");
    tap(&k, FLOW_ACT_WALKIN, 0);
    expect_screen(&k, FLOW_WALKIN);
    tap(&k, FLOW_ACT_FIELD, 1);
    type_taps(&k, "sala kommun");
    shot(&k, "walkin");
    /* Consent ticked, and the name emptied and submitted: the form says what is missing. */
    tap(&k, FLOW_ACT_CONSENT, 0);
    assert_true(flow_view(k.flow)->walkin_consent);
    tap(&k, FLOW_ACT_FIELD, 0);
    tap(&k, FLOW_ACT_CLEAR, 0);
    tap(&k, FLOW_ACT_SUBMIT, 0);
    expect_screen(&k, FLOW_WALKIN);
    assert_true(flow_view(k.flow)->walkin_missing_name);
    shot(&k, "walkin-consent-noname");

    /* A scanned code that is no ticket. */
    tap(&k, FLOW_ACT_BACK, 0);
    expect_screen(&k, FLOW_SEARCH);
    tap(&k, FLOW_ACT_CLEAR, 0);
    type_text(&k, "X-999");
    key_enter(&k);
    expect_screen(&k, FLOW_NOTICE);
    shot(&k, "notice");

    /* The idle warning over the search screen: let the flow believe time has passed. */
    tap(&k, FLOW_ACT_DONE, 0);
    expect_screen(&k, FLOW_SEARCH);
    flow_tick(k.flow, ids_now_ms() + cfg.idle_ms - 5000);
    assert_true(flow_view(k.flow)->idle_warning);
    shot(&k, "idle");
    flow_act(k.flow, FLOW_ACT_STAY, 0, ids_now_ms());
    shell_invalidate(k.sh);
    step(&k);

    /* Timing, for the record: redraws of an unchanged screen (all text cached). */
    enum { REDRAWS = 20 };
    double total = 0;
    for (int i = 0; i < REDRAWS; i++) {
        shell_invalidate(k.sh);
        step(&k);
        ShellStats st;
        shell_stats(k.sh, &st);
        total += st.last_frame_ms;
    }
    ShellStats st;
    shell_stats(k.sh, &st);
    print_message("%dx%d %s: open + first frame %.1f ms; redraw %.2f ms; %llu strings "
                  "rasterised, %zu cached (%zu KB), %zu fonts\n",
                  k.c->w, k.c->h, lang_code(k.c->lang), open_ms, total / REDRAWS,
                  (unsigned long long)st.texts_rendered, st.texts_cached, st.text_bytes / 1024,
                  st.fonts_open);

    close_kiosk(&k);
}

/* The feedback screens: welcome with both buttons, the smileys and the 0-10 scale with
 * and without an answer, the reflection line empty, typed and full, and the thank-you
 * screen with the QR code; then the same meeting without a link. */
static void test_feedback_screens(void **state)
{
    Kiosk k;
    memset(&k, 0, sizeof k);
    k.c = *state;
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(&k, "feedback", true, true);
    FlowConfig cfg = patient();
    open_kiosk(&k, &cfg);
    const FlowView *v = flow_view(k.flow);

    want_language(&k);
    assert_true(v->offers_checkin && v->offers_feedback);
    shot(&k, "welcome-both");

    tap(&k, FLOW_ACT_FEEDBACK, 0);
    expect_screen(&k, FLOW_QUESTION);
    assert_int_equal(v->scale, EVENT_SCALE_SMILEYS);
    assert_int_equal(v->answer, -1);
    shot(&k, "question-smileys");

    tap(&k, FLOW_ACT_RATE, 4);
    expect_screen(&k, FLOW_QUESTION);
    assert_int_equal(v->question, 1);
    assert_int_equal(v->scale, EVENT_SCALE_NPS);
    assert_int_equal(v->answer, -1);
    shot(&k, "question-nps");

    /* Back to the first question: the smiley chosen shows selected. */
    tap(&k, FLOW_ACT_BACK, 0);
    assert_int_equal(v->question, 0);
    assert_int_equal(v->answer, 4);
    shot(&k, "question-smileys-answered");

    tap(&k, FLOW_ACT_RATE, 4);
    tap(&k, FLOW_ACT_RATE, 8);
    expect_screen(&k, FLOW_REFLECTION);
    tap(&k, FLOW_ACT_BACK, 0); /* the last question again, its answer kept */
    expect_screen(&k, FLOW_QUESTION);
    assert_int_equal(v->answer, 8);
    shot(&k, "question-nps-answered");

    tap(&k, FLOW_ACT_RATE, 8);
    expect_screen(&k, FLOW_REFLECTION);
    assert_int_equal(v->reflection_chars, 0);
    shot(&k, "reflection-empty");

    type_taps(&k, "att vi delar mer");
    assert_string_equal(v->reflection, "Att vi delar mer");
    shot(&k, "reflection-text");

    /* Typed on with a physical keyboard, past the limit: the limit holds. */
    type_long(&k, " med varandra mellan kommunerna, både när det gäller rekrytering och "
                  "kompetensutveckling, och att vi vågar prova nya sätt att behålla folk.");
    assert_int_equal(v->reflection_chars, v->reflection_max);
    assert_int_equal(v->reflection_max, 140);
    shot(&k, "reflection-full");

    tap(&k, FLOW_ACT_SEND, 0);
    expect_screen(&k, FLOW_THANKS);
    const char *prefix = "https://forms.example.org/f?event=chefsforum-2026-03&t=";
    if (strncmp(v->feedback_link, prefix, strlen(prefix)) != 0) {
        fail_msg("feedback link \"%s\"", v->feedback_link);
    }
    shot(&k, "thanks-link");
    close_kiosk(&k);

    /* The same meeting without a feedback link, and the built-in reflection prompt. */
    make_store(&k, "feedback-nolink", true, false);
    open_kiosk(&k, &cfg);
    v = flow_view(k.flow);
    want_language(&k);
    tap(&k, FLOW_ACT_FEEDBACK, 0);
    tap(&k, FLOW_ACT_SKIP, 0);
    tap(&k, FLOW_ACT_SKIP, 0);
    expect_screen(&k, FLOW_REFLECTION);
    tap(&k, FLOW_ACT_SKIP, 0);
    expect_screen(&k, FLOW_THANKS);
    assert_string_equal(v->feedback_link, "");
    shot(&k, "thanks-nolink");
    close_kiosk(&k);
}

static bool never_synced(void *ctx)
{
    (void)ctx;
    return false;
}

/* The organiser's screens: admin with a check-in and feedback counted, the undo list, and
 * the clock (not synchronised, as on a Pi without network; then moved an hour and saved). */
static void test_admin_screens(void **state)
{
    Kiosk k;
    memset(&k, 0, sizeof k);
    k.c = *state;
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(&k, "admin", true, true);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("493817", hash), 0);
    assert_int_equal(store_pin_set(k.store, hash), STORE_OK);
    FlowConfig cfg = patient();
    cfg.clock_synced = never_synced;
    cfg.boot_id = "8f2c6c1e-0000-4000-8000-0000000000ad";
    open_kiosk(&k, &cfg);
    want_language(&k);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "johan");
    tap(&k, FLOW_ACT_PICK, 0);
    tap(&k, FLOW_ACT_CONFIRM, 0);
    expect_screen(&k, FLOW_GREETING);
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);

    /* The corner is a 3 s hold, which a test does not wait for: act as the shell does. */
    flow_act(k.flow, FLOW_ACT_ADMIN, 0, ids_now_ms());
    shell_invalidate(k.sh);
    step(&k);
    expect_screen(&k, FLOW_ADMIN_PIN);
    for (const char *d = "493817"; *d; d++) {
        tap(&k, FLOW_ACT_DIGIT, *d - '0');
    }
    shot(&k, "pin");
    tap(&k, FLOW_ACT_PIN_OK, 0);
    expect_screen(&k, FLOW_ADMIN);
    assert_int_equal(flow_view(k.flow)->clock, STORE_CLOCK_UNTRUSTED);
    shot(&k, "admin");

    tap(&k, FLOW_ACT_UNDO_LIST, 0);
    expect_screen(&k, FLOW_ADMIN_UNDO);
    shot(&k, "admin-undo");
    tap(&k, FLOW_ACT_BACK, 0);

    tap(&k, FLOW_ACT_CLOCK, 0);
    expect_screen(&k, FLOW_ADMIN_CLOCK);
    shot(&k, "clock");
    tap(&k, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_ON);
    assert_true(flow_view(k.flow)->clock_changed);
    shot(&k, "clock-changed");
    tap(&k, FLOW_ACT_CLOCK_SAVE, 0);
    expect_screen(&k, FLOW_ADMIN);
    assert_int_equal(flow_view(k.flow)->clock, STORE_CLOCK_SET);
    shot(&k, "admin-clock-set");
    close_kiosk(&k);
}

int main(void)
{
    enum { NCASES = sizeof CASES / sizeof CASES[0] };
    static const struct {
        const char *name;
        void (*fn)(void **state);
    } RUNS[] = {{"every_screen", test_every_screen},
                {"feedback_screens", test_feedback_screens},
                {"admin_screens", test_admin_screens}};
    enum { NRUNS = sizeof RUNS / sizeof RUNS[0] };
    struct CMUnitTest tests[NRUNS * NCASES];
    static char names[NRUNS * NCASES][64];
    for (size_t r = 0; r < NRUNS; r++) {
        for (size_t i = 0; i < NCASES; i++) {
            size_t t = r * NCASES + i;
            snprintf(names[t], sizeof names[t], "%s_%dx%d_%s", RUNS[r].name, CASES[i].w, CASES[i].h,
                     lang_code(CASES[i].lang));
            tests[t] = (struct CMUnitTest){
                .name = names[t], .test_func = RUNS[r].fn, .initial_state = &CASES[i]};
        }
    }
    return _cmocka_run_group_tests("test_sdl_screens", tests, sizeof tests / sizeof tests[0], NULL,
                                   NULL);
}
