/* test_sdl_screens: every kiosk screen, rendered for real, in both languages and at the
 * sizes the kiosk meets: a 7" panel (800x480), a 10" panel or laptop (1280x800), a
 * monitor (1920x1080), and portrait: the Pi Touch Display 2 (720x1280), a monitor turned
 * upright (1080x1920), a 7" panel turned (600x1024) and a tablet (768x1024).
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
#include "core/sync.h"
#include "sdl/shell.h"
#include "ui/ui.h"
#include "sdl_input.h"
#include "support.h"
/* synctest.h's Kiosk (a kiosk process) and open_kiosk are not this file's: renamed on the
 * way in; only its server and configuration helpers are used here. */
#define Kiosk      SynctestKiosk
#define open_kiosk synctest_open_kiosk
#include "synctest.h"
#undef Kiosk
#undef open_kiosk

static SdlCase CASES[] = {
    {800, 480, LANG_SV},   {800, 480, LANG_EN},   {1280, 800, LANG_SV},
    {1280, 800, LANG_EN},  {1920, 1080, LANG_SV}, {1920, 1080, LANG_EN},
    {720, 1280, LANG_SV},  {720, 1280, LANG_EN},  /* the Pi Touch Display 2, portrait */
    {1080, 1920, LANG_SV}, {1080, 1920, LANG_EN}, /* a monitor turned upright */
    {600, 1024, LANG_SV},  {768, 1024, LANG_EN},  /* a 7" panel and a tablet, portrait */
};

/* A new database for the case with the meeting and its attendees. feedback: the meeting
 * has both phases (tests/data/screens/event.ini), with the feedback link or without. */
static void make_store(SdlKiosk *k, const char *run, bool feedback, bool with_link)
{
    char db[1200];
    snprintf(db, sizeof db, "%s/screens-%s-%s-%dx%d.db", k->dir, run, i18n_lang_code(k->c->lang),
             k->c->w, k->c->h);
    k->store = fresh_store(db, ids_os_random, NULL);
    EventInfo ev = load_event_file("screens/event.ini");
    if (!feedback) {
        ev.phases = EVENT_PHASE_CHECKIN;
        ev.question_count = 0;
        ev.walkin_email = EVENT_WALKIN_EMAIL_WITH_CONSENT; /* the walk-in form's third field */
    }
    if (!with_link) {
        ev.feedback_url[0] = '\0';
    }
    int64_t now = ids_now_ms();
    assert_int_equal(store_event_put(k->store, &ev, now, k->event_id), STORE_OK);

    import_list_file(k->store, k->event_id, "screens/attendees.csv", now);
}

/* k for the case (a test's state), its files in the test's directory, with a new store
 * (make_store); nothing opened yet. */
static void new_kiosk(SdlKiosk *k, const SdlCase *c, const char *run, bool feedback, bool with_link)
{
    memset(k, 0, sizeof *k);
    k->c = c;
    snprintf(k->dir, sizeof k->dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(k, run, feedback, with_link);
}

/* ---- Input ----------------------------------------------------------------------------- */

/* The clock the shell judges events by (ShellOptions.test_clock), stepped by the test: a
 * person's taps come a second apart. The flow's time is EPOCH_MS + test_clock_ms. */
#define EPOCH_MS 1795000000000LL

/* The flow's time now, for what a test hands the flow directly. */
static int64_t flow_now(void)
{
    return EPOCH_MS + test_clock_ms;
}

static void step(SdlKiosk *k)
{
    assert_true(shell_step(k->sh, 0));
}

/* A person's tap, a second after the last thing they did. */
static void tap(SdlKiosk *k, FlowAction a, int arg)
{
    test_clock_ms += 400; /* what was due meanwhile (the next question) comes on screen, */
    step(k);
    test_clock_ms += 600; /* and the person sees it before tapping */
    sdl_tap_target(k->sh, k->flow, a, arg, k->c->w, k->c->h);
}

static void tap_key(void *k, FlowAction a, int arg)
{
    tap(k, a, arg);
}

static void type_taps(SdlKiosk *k, const char *ascii)
{
    sdl_type_keys(ascii, tap_key, k);
}

static void type_text(SdlKiosk *k, const char *s)
{
    test_clock_ms += 150; /* a person's pace: typed text, never a scan */
    sdl_text(s);
    step(k);
    test_clock_ms += 150;
    step(k);
}

/* Types UTF-8 text as a physical keyboard would: text events of at most 31 bytes, split
 * between code points. */
static void type_long(SdlKiosk *k, const char *s)
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

static void key_enter(SdlKiosk *k)
{
    test_clock_ms += 300;
    sdl_key(SDLK_RETURN, SDL_SCANCODE_RETURN, false);
    step(k);
}

/* The welcome screen resets to the meeting's language: switch if the case wants the other. */
static void want_language(SdlKiosk *k)
{
    if (flow_view(k->flow)->lang != k->c->lang) {
        tap(k, FLOW_ACT_LANGUAGE, 0);
    }
    assert_int_equal(flow_view(k->flow)->lang, k->c->lang);
}

static void expect_screen(SdlKiosk *k, FlowScreen s)
{
    FlowScreen now = flow_view(k->flow)->screen;
    if (now != s) {
        fail_msg("on screen %d, expected %d", (int)now, (int)s);
    }
}

/* From the welcome screen, in the case's language: searches by typing `text` on the
 * screen keyboard, picks the first match and confirms it is them. */
static void search_and_confirm(SdlKiosk *k, const char *text)
{
    want_language(k);
    tap(k, FLOW_ACT_START, 0);
    type_taps(k, text);
    tap(k, FLOW_ACT_PICK, 0);
    tap(k, FLOW_ACT_CONFIRM, 0);
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

/* The README's pictures of the kiosk (docs/screenshots/), in Swedish at the 7" panel's
 * size and on the portrait Touch Display 2: made here when MINGEL_SCREENSHOT_DIR names
 * the folder (README "Screenshots"). */
static const char *const README_SHOTS[] = {"welcome-both", "search", "question-smileys",
                                           "thanks-link"};

static void readme_shot(SdlKiosk *k, const char *name)
{
    const char *dir = getenv("MINGEL_SCREENSHOT_DIR");
    bool size = (k->c->w == 800 && k->c->h == 480) || (k->c->w == 720 && k->c->h == 1280);
    if (!dir || !dir[0] || !size || k->c->lang != LANG_SV) {
        return;
    }
    for (size_t i = 0; i < sizeof README_SHOTS / sizeof README_SHOTS[0]; i++) {
        if (strcmp(name, README_SHOTS[i]) == 0) {
            char path[1400], err[512];
            snprintf(path, sizeof path, "%s/%s-%dx%d.png", dir, name, k->c->w, k->c->h);
            if (shell_screenshot(k->sh, path, err, sizeof err) != 0) {
                fail_msg("shell_screenshot: %s", err);
            }
        }
    }
}

/* Saves the frame, and fails if text is cut off, the frame is blank or an icon drew
 * nothing. */
static void shot(SdlKiosk *k, const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/screen-%s-%s-%dx%d.png", k->dir, name,
             i18n_lang_code(k->c->lang), k->c->w, k->c->h);
    sdl_screenshot(k->sh, path, true);
    readme_shot(k, name);
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

/* A tap that leads to screen s, which is then saved as name. */
static void tap_to(SdlKiosk *k, FlowAction a, int arg, FlowScreen s, const char *name)
{
    tap(k, a, arg);
    expect_screen(k, s);
    shot(k, name);
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
static double open_kiosk(SdlKiosk *k, const FlowConfig *cfg)
{
    char err[512];
    test_clock_ms += 100000; /* whatever the last case left pending is long over */
    k->flow = flow_new(k->store, cfg, flow_now(), err, sizeof err);
    if (!k->flow) {
        fail_msg("flow_new: %s", err);
    }
    ShellOptions opt = {.windowed = true,
                        .width = k->c->w,
                        .height = k->c->h,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT"),
                        .test_clock = test_clock_fn,
                        .test_epoch_ms = EPOCH_MS,
                        .screen_mm_w = k->screen_mm_w,
                        .screen_mm_h = k->screen_mm_h};
    Uint64 t0 = SDL_GetPerformanceCounter();
    k->sh = sdl_open_shell(&opt, k->flow);
    double open_ms =
        (double)(SDL_GetPerformanceCounter() - t0) * 1000.0 / (double)SDL_GetPerformanceFrequency();
    return open_ms;
}

static void close_kiosk(SdlKiosk *k)
{
    shell_close(k->sh);
    flow_free(k->flow);
    store_close(k->store);
    k->sh = NULL;
    k->flow = NULL;
    k->store = NULL;
}

/* The idle warning's countdown ("Startsidan visas om 10 s.") is one text on one line:
 * never wrapped between the number and its unit. */
static void expect_countdown_on_one_line(SdlKiosk *k)
{
    const FlowView *v = flow_view(k->flow);
    char secs[16], msg[160];
    snprintf(secs, sizeof secs, "%d", v->idle_seconds_left);
    i18n_format(v->lang, I18N_IDLE_WARNING, secs, msg, sizeof msg);
    size_t n = 0, found = 0;
    const UiCmd *cmds = ui_commands(shell_ui(k->sh), &n);
    for (size_t i = 0; i < n; i++) {
        if (cmds[i].kind == UI_CMD_TEXT && strcmp(cmds[i].text, msg) == 0) {
            found++;
        }
    }
    if (found != 1) {
        fail_msg("the countdown \"%s\" is not one line of text (%zu found whole)", msg, found);
    }
}

static void test_every_screen(void **state)
{
    SdlKiosk k;
    new_kiosk(&k, *state, "checkin", false, false);
    FlowConfig cfg = patient();
    double open_ms = open_kiosk(&k, &cfg);

    want_language(&k);
    shot(&k, "welcome");

    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "an");
    expect_screen(&k, FLOW_SEARCH);
    assert_true(flow_view(k.flow)->match_count > 6); /* full result grid, and it scrolls */
    assert_true(flow_view(k.flow)->more_below);
    shot(&k, "search");
    tap(&k, FLOW_ACT_SCROLL, (int)flow_view(k.flow)->result_count);
    assert_true(flow_view(k.flow)->more_above);
    shot(&k, "search-scrolled");
    tap(&k, FLOW_ACT_SCROLL, -(int)flow_view(k.flow)->result_count);
    assert_int_equal(flow_view(k.flow)->result_first, 0);

    tap_to(&k, FLOW_ACT_PICK, 0, FLOW_CONFIRM, "confirm");

    tap_to(&k, FLOW_ACT_CONFIRM, 0, FLOW_GREETING, "greeting");

    /* The same person again. */
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "an");
    tap(&k, FLOW_ACT_PICK, 0);
    tap_to(&k, FLOW_ACT_CONFIRM, 0, FLOW_ALREADY, "already");

    /* Not on the list: the form starts from what was searched for. */
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "xy");
    assert_int_equal(flow_view(k.flow)->match_count, 0);
    shot(&k, "nomatch");
    /* One letter wrong: "Menade du …?" with the near miss. */
    tap(&k, FLOW_ACT_CLEAR, 0);
    type_taps(&k, "ekstorm");
    assert_true(flow_view(k.flow)->near_misses);
    shot(&k, "nearmiss");
    tap(&k, FLOW_ACT_CLEAR, 0);
    type_taps(&k, "xy");
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
    /* The e-mail the list needs, typed wrong: said in place of the field's label. */
    type_taps(&k, "ida");
    tap(&k, FLOW_ACT_FIELD, FLOW_WALKIN_EMAIL);
    assert_true(flow_view(k.flow)->keyboard_email);
    type_text(&k, "ida@exempel");
    tap(&k, FLOW_ACT_SUBMIT, 0);
    assert_true(flow_view(k.flow)->walkin_bad_email);
    shot(&k, "walkin-bad-email");

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
    flow_tick(k.flow, flow_now() + cfg.idle_ms - 10000);
    assert_true(flow_view(k.flow)->idle_warning);
    shot(&k, "idle");
    expect_countdown_on_one_line(&k);
    flow_act(k.flow, FLOW_ACT_STAY, 0, flow_now());
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
                  k.c->w, k.c->h, i18n_lang_code(k.c->lang), open_ms, total / REDRAWS,
                  (unsigned long long)st.texts_rendered, st.texts_cached, st.text_bytes / 1024,
                  st.fonts_open);

    close_kiosk(&k);
}

/* The feedback screens: welcome with both buttons, the smileys and the 0-10 scale with
 * and without an answer, the reflection line empty, typed and full, and the thank-you
 * screen with the QR code; then the same meeting without a link. */
static void test_feedback_screens(void **state)
{
    SdlKiosk k;
    new_kiosk(&k, *state, "feedback", true, true);
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
    /* The smiley tapped shows taken, then the next question comes. */
    assert_true(v->rating_shown);
    assert_int_equal(v->answer, 4);
    shot(&k, "question-smiley-taken");
    test_clock_ms += FLOW_RATE_SHOW_MS;
    step(&k);
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
    test_clock_ms += FLOW_RATE_SHOW_MS;
    step(&k);
    expect_screen(&k, FLOW_REFLECTION);
    tap(&k, FLOW_ACT_BACK, 0); /* the last question again, its answer kept */
    expect_screen(&k, FLOW_QUESTION);
    assert_int_equal(v->answer, 8);
    shot(&k, "question-nps-answered");

    tap(&k, FLOW_ACT_RATE, 8);
    test_clock_ms += FLOW_RATE_SHOW_MS;
    step(&k);
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
    SdlKiosk k;
    new_kiosk(&k, *state, "admin", true, true);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("493817", hash), 0);
    assert_int_equal(store_pin_set(k.store, hash), STORE_OK);
    FlowConfig cfg = patient();
    cfg.clock_synced = never_synced;
    cfg.boot_id = "8f2c6c1e-0000-4000-8000-0000000000ad";
    open_kiosk(&k, &cfg);
    search_and_confirm(&k, "johan");
    expect_screen(&k, FLOW_GREETING);
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);

    /* The corner is a 3 s hold, which a test does not wait for: act as the shell does. */
    flow_act(k.flow, FLOW_ACT_ADMIN, 0, flow_now());
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
    assert_int_equal(flow_view(k.flow)->recent_count, 1);
    shot(&k, "admin-undo");
    /* Undo asks first; then the row offers "restore". */
    tap_to(&k, FLOW_ACT_UNDO, 0, FLOW_ADMIN_ASK, "admin-ask-undo");
    tap(&k, FLOW_ACT_CONFIRM, 0);
    expect_screen(&k, FLOW_ADMIN_UNDO);
    assert_false(flow_view(k.flow)->recent[0].checked_in);
    shot(&k, "admin-undo-undone");
    type_taps(&k, "joh");
    assert_int_equal(flow_view(k.flow)->undo_matches, 1);
    tap(&k, FLOW_ACT_RESTORE, 0);
    assert_true(flow_view(k.flow)->recent[0].checked_in);
    shot(&k, "admin-undo-restored");
    tap(&k, FLOW_ACT_BACK, 0);
    expect_screen(&k, FLOW_ADMIN);
    tap_to(&k, FLOW_ACT_QUIT, 0, FLOW_ADMIN_ASK, "admin-ask-quit");
    tap(&k, FLOW_ACT_BACK, 0);
    assert_false(flow_view(k.flow)->quit);

    tap_to(&k, FLOW_ACT_CLOCK, 0, FLOW_ADMIN_CLOCK, "clock");
    tap(&k, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_ON);
    assert_true(flow_view(k.flow)->clock_changed);
    shot(&k, "clock-changed");
    tap(&k, FLOW_ACT_CLOCK_SAVE, 0);
    expect_screen(&k, FLOW_ADMIN);
    assert_int_equal(flow_view(k.flow)->clock, STORE_CLOCK_SET);
    shot(&k, "admin-clock-set");
    close_kiosk(&k);
}

/* --screen-mm reaches the layout: on a denser panel than the usual one of its pixel size
 * (a 720x1280 picture 80 mm wide instead of 88) the keys get more pixels, and stay at
 * least 9 mm high on that glass. */
static void test_screen_mm(void **state)
{
    (void)state;
    static SdlCase portrait = {720, 1280, LANG_SV};
    int key_h[2];
    double ppmm[2] = {ui_default_px_per_mm(720, 1280), 1280 / 142.0};
    for (int i = 0; i < 2; i++) {
        SdlKiosk k;
        memset(&k, 0, sizeof k);
        k.c = &portrait;
        snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
        if (i == 1) {
            k.screen_mm_w = 80;
            k.screen_mm_h = 142;
        }
        make_store(&k, i ? "mm-given" : "mm-default", false, false);
        FlowConfig cfg = patient();
        open_kiosk(&k, &cfg);
        tap(&k, FLOW_ACT_START, 0);
        expect_screen(&k, FLOW_SEARCH);
        UiTarget q;
        assert_true(ui_find(shell_ui(k.sh), FLOW_ACT_CHAR, 'q', &q));
        key_h[i] = q.rect.h;
        if (q.rect.h / ppmm[i] < UI_MIN_TARGET_MM - 0.02) {
            fail_msg("key 'q' is %.2f mm high at %.2f px/mm", q.rect.h / ppmm[i], ppmm[i]);
        }
        close_kiosk(&k);
    }
    assert_true(key_h[1] > key_h[0]);
}

/* ---- Several kiosks, live ------------------------------------------------------------- */

/* Another kiosk of the case's meeting on a file of its own, named name. */
static Store *other_kiosk(SdlKiosk *k, const char *file, const char *name, char event_id[])
{
    char db[1200];
    snprintf(db, sizeof db, "%s/screens-%s-%s-%dx%d.db", k->dir, file, i18n_lang_code(k->c->lang),
             k->c->w, k->c->h);
    Store *s = fresh_store(db, ids_os_random, NULL);
    EventInfo ev = load_event_file("screens/event.ini");
    ev.phases = EVENT_PHASE_CHECKIN;
    ev.question_count = 0;
    int64_t now = ids_now_ms();
    assert_int_equal(store_event_put(s, &ev, now, event_id), STORE_OK);
    import_list_file(s, event_id, "screens/attendees.csv", now);
    assert_int_equal(store_device_name_set(s, name, now), STORE_OK);
    return s;
}

static void wait_online(Sync *sy)
{
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    SyncStatus st;
    do {
        sleep_ms(20);
        sync_status(sy, &st);
        assert_true(ids_now_ms() < deadline);
    } while (st.state != SYNC_ONLINE);
}

static void nudge(void *ctx)
{
    sync_nudge(ctx);
}

/* Runs the shell (the sync thread wakes it) until done(view) or the deadline. */
static void run_until(SdlKiosk *k, bool (*done)(const FlowView *v), const char *what)
{
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    while (!done(flow_view(k->flow))) {
        if (ids_now_ms() > deadline) {
            fail_msg("never: %s", what);
        }
        sleep_ms(20);
        step(k);
    }
}

static bool three_listed(const FlowView *v)
{
    return v->kiosks_asked && v->kiosk_count == 3 && v->kiosks_online == 2 &&
           v->kiosks[2].behind == 1;
}

/* Three kiosks of a meeting sharing live over a real nats-server on loopback: this one,
 * "Kiosk A – entrén", in the shell; "Entré norr", which checked Johan in; and "Kiosk C",
 * which shared and stopped before that. Johan at this kiosk is "already checked in" at
 * Entré norr; the admin screen's Kiosks button says 2 of 3 online, and the list shows C
 * last seen, one record behind. */
static void test_kiosk_screens(void **state)
{
    SdlKiosk k;
    memset(&k, 0, sizeof k);
    k.c = *state;
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    Server sv = {.port = free_port()};
    char js[64];
    snprintf(js, sizeof js, "screens-js-%s-%dx%d", i18n_lang_code(k.c->lang), k.c->w, k.c->h);
    server_start_fresh(&sv, js);
    SyncConfig cfg = config_for(sv.port, NULL, NULL);
    make_store(&k, "kiosks", false, false);
    assert_int_equal(store_device_name_set(k.store, "Kiosk A – entrén", ids_now_ms()), STORE_OK);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("493817", hash), 0);
    assert_int_equal(store_pin_set(k.store, hash), STORE_OK);
    char ev_b[IDS_UUID_LEN + 1], ev_c[IDS_UUID_LEN + 1], err[512];
    Store *b = other_kiosk(&k, "kiosk-b", "Entré norr", ev_b);
    Store *c = other_kiosk(&k, "kiosk-c", "Kiosk C", ev_c);
    EventInfo ev;
    char ev_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(c, &ev, ev_id), STORE_OK);
    Sync *sc = sync_start(c, ev.key, &cfg, NULL, NULL, err, sizeof err);
    assert_non_null(sc);
    wait_online(sc);
    sync_stop(sc); /* C was here, and went */
    Sync *sb = sync_start(b, ev.key, &cfg, NULL, NULL, err, sizeof err);
    assert_non_null(sb);
    wait_online(sb);
    store_on_commit(b, nudge, sb);
    StoreAttendee johan;
    assert_int_equal(store_find_ticket(b, ev_b, "S-03", &johan), STORE_OK);
    int64_t at = 0;
    assert_int_equal(store_checkin(b, ev_b, johan.id, ids_now_ms(), &at), STORE_OK);

    FlowConfig fc = patient();
    open_kiosk(&k, &fc);
    Sync *sa = sync_start(k.store, ev.key, &cfg, shell_wake, NULL, err, sizeof err);
    assert_non_null(sa);
    store_on_commit(k.store, nudge, sa);
    flow_set_sync(k.flow, sa);
    /* Johan's check-in at Entré norr reaches this kiosk. */
    int64_t deadline = ids_now_ms() + CONVERGE_DEADLINE_MS;
    StoreCheckinPlace where;
    StoreAttendee here; /* each kiosk imported the list: its own ids, matched by key */
    assert_int_equal(store_find_ticket(k.store, k.event_id, "S-03", &here), STORE_OK);
    while (store_checkin_place(k.store, here.id, &where) != STORE_OK) {
        assert_true(ids_now_ms() < deadline);
        sleep_ms(20);
    }
    search_and_confirm(&k, "johan");
    expect_screen(&k, FLOW_ALREADY);
    assert_true(flow_view(k.flow)->checkin_elsewhere);
    assert_string_equal(flow_view(k.flow)->checkin_place, "Entré norr");
    shot(&k, "already-elsewhere");
    tap(&k, FLOW_ACT_DONE, 0);
    want_language(&k);

    flow_act(k.flow, FLOW_ACT_ADMIN, 0, flow_now());
    shell_invalidate(k.sh);
    step(&k);
    for (const char *d = "493817"; *d; d++) {
        tap(&k, FLOW_ACT_DIGIT, *d - '0');
    }
    tap(&k, FLOW_ACT_PIN_OK, 0);
    expect_screen(&k, FLOW_ADMIN);
    run_until(&k, three_listed, "three kiosks listed, two online, C one behind");
    assert_int_equal(flow_view(k.flow)->stats->checked_in, 1); /* Johan, at Entré norr */
    shot(&k, "admin-sync");
    tap(&k, FLOW_ACT_KIOSKS, 0);
    expect_screen(&k, FLOW_ADMIN_KIOSKS);
    const FlowView *v = flow_view(k.flow);
    assert_true(v->kiosks[0].self);
    assert_string_equal(v->kiosks[0].name, "Kiosk A – entrén");
    assert_false(v->kiosks[2].connected);
    assert_true(v->kiosks[2].seen[0] != '\0');
    shot(&k, "admin-kiosks");
    tap(&k, FLOW_ACT_BACK, 0);
    expect_screen(&k, FLOW_ADMIN);

    flow_set_sync(k.flow, NULL);
    store_on_commit(k.store, NULL, NULL);
    sync_stop(sa);
    store_on_commit(b, NULL, NULL);
    sync_stop(sb);
    store_close(b);
    store_close(c);
    close_kiosk(&k);
    server_kill(&sv);
    remove_tree(sv.dir);
}

int main(void)
{
    enum { NCASES = sizeof CASES / sizeof CASES[0] };
    static const struct {
        const char *name;
        void (*fn)(void **state);
    } RUNS[] = {{"every_screen", test_every_screen},
                {"feedback_screens", test_feedback_screens},
                {"admin_screens", test_admin_screens},
                {"kiosk_screens", test_kiosk_screens}};
    enum { NRUNS = sizeof RUNS / sizeof RUNS[0] };
    struct CMUnitTest tests[NRUNS * NCASES + 1];
    static char names[NRUNS * NCASES][64];
    size_t t = 0;
    for (size_t r = 0; r < NRUNS; r++) {
        for (size_t i = 0; i < NCASES; i++) {
            /* Portrait: check-in at every size, feedback and the organiser's screens (the PIN
             * pad has a portrait layout, the others keep their landscape one) on the two
             * 9:16 sizes only: time, under the sanitisers, is short. */
            bool portrait = CASES[i].h > CASES[i].w;
            if (portrait && (r > 0 && CASES[i].h * 9 != CASES[i].w * 16)) {
                continue;
            }
            snprintf(names[t], sizeof names[t], "%s_%dx%d_%s", RUNS[r].name, CASES[i].w, CASES[i].h,
                     i18n_lang_code(CASES[i].lang));
            tests[t] = (struct CMUnitTest){
                .name = names[t],
                .test_func = RUNS[r].fn,
                /* the kiosk run's nats-server, on failure */
                .teardown_func = RUNS[r].fn == test_kiosk_screens ? kill_started : NULL,
                .initial_state = &CASES[i]};
            t++;
        }
    }
    tests[t++] = (struct CMUnitTest){.name = "screen_mm", .test_func = test_screen_mm};
    /* MINGEL_SCREENS_ONLY=pattern runs only the cases named so (cmocka's * wildcard),
     * e.g. "*720x1280*", to look at one size while working on it. */
    const char *only = getenv("MINGEL_SCREENS_ONLY");
    if (only && only[0]) {
        cmocka_set_test_filter(only);
    }
    return _cmocka_run_group_tests("test_sdl_screens", tests, t, NULL, NULL);
}
