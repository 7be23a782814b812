/* test_sdl_checkin: the real shell, headless, checking people in as a person would.
 *
 * CTest runs this with SDL_VIDEODRIVER=dummy: SDL creates a window with an in-memory
 * framebuffer and the software renderer draws into it, so fonts, the text cache, the
 * drawing of rounded rectangles and the event handling are all the program's own. Input
 * is pushed as real SDL events (finger, mouse, text, keys) at the centres of the hit
 * targets the ui reported, and shell_step handles them exactly as the event loop would.
 * The events carry timestamps from a clock the test steps itself (ShellOptions.test_clock):
 * a person taps a second apart, a double tap comes 50-400 ms after the first, a scanner
 * types 5-20 ms a key, a person 120 ms; the shell judges them by those timestamps alone,
 * so every run is the same.
 * Each step is saved as a PNG in MINGEL_TEST_TMP (for a person to look at) and checked
 * not to be blank and to differ from the step before. The outcome is checked where it
 * matters: in the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/input.h"
#include "core/roster.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "ui/ui.h"
#include "sdl_input.h"
#include "support.h"

enum { WIDTH = 800, HEIGHT = 480 };

/* The test's clock (ms, in SDL's timestamp domain) and the flow's time at its 0. */
/* a test that waits for real time sets this before opening */
#define EPOCH_MS 1795000000000LL /* 2026-11-18: the flow's time is EPOCH_MS + test_clock_ms */

static const TestAttendee PEOPLE[] = {
    {"Lotta Söderberg", "Västerås stad", "T-1001", "Driftchef", NULL, true},
    {"Åke Öjmertz", "Örebro kommun", "T-1002", "Fastighetschef", NULL, true},
    {"Émilie Lindqvist", "Region Västmanland", "T-1003", "IT-chef", NULL, true},
    {"Jürgen Björk", "Mälarenergi AB", "T-1004", "Driftansvarig", NULL, true},
    {"Märta Andersson", "Köpings kommun", "T-1005", "Verksamhetschef", NULL, true},
};
enum { PEOPLE_COUNT = sizeof PEOPLE / sizeof PEOPLE[0] };

typedef struct Kiosk {
    const char *name;   /* test name, for file names */
    bool feedback;      /* the meeting also asks for feedback (one smiley question) */
    bool feedback_only; /* ... and offers no check-in (with feedback) */
    char dir[1024];     /* MINGEL_TEST_TMP */
    Store *store;
    Flow *flow;
    Shell *sh;
    char event_id[IDS_UUID_LEN + 1];
    int step;          /* screenshots taken */
    SDL_Surface *last; /* the previous screenshot, to see that the screen changed */
} Kiosk;

/* ---- Fixture ----------------------------------------------------------------------- */

static void make_store(Kiosk *k)
{
    char db[1200];
    snprintf(db, sizeof db, "%s/%s.db", k->dir, k->name);
    k->store = fresh_store(db, ids_os_random, NULL);

    /* One question, no feedback link. */
    EventInfo ev = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    ev.next_meeting[0] = '\0';
    ev.feedback_url[0] = '\0';
    ev.phases = !k->feedback       ? EVENT_PHASE_CHECKIN
                : k->feedback_only ? EVENT_PHASE_FEEDBACK
                                   : EVENT_PHASE_BOTH;
    ev.question_count = k->feedback ? 1 : 0;
    ev.reflection_max = 140;
    int64_t now = ids_now_ms();
    assert_int_equal(store_event_put(k->store, &ev, now, k->event_id), STORE_OK);

    import_attendees(k->store, k->event_id, PEOPLE, PEOPLE_COUNT, now);
}

static void open_kiosk_with(Kiosk *k, const char *name, const FlowConfig *cfg, bool feedback,
                            bool feedback_only)
{
    memset(k, 0, sizeof *k);
    k->name = name;
    k->feedback = feedback;
    k->feedback_only = feedback_only;
    snprintf(k->dir, sizeof k->dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(k);

    char err[512];
    test_clock_ms += 100000; /* whatever the last test left pending is long over */
    int64_t now = test_clock_real ? ids_now_ms() : EPOCH_MS + test_clock_ms;
    k->flow = flow_new(k->store, cfg, now, err, sizeof err);
    if (!k->flow) {
        fail_msg("flow_new: %s", err);
    }
    ShellOptions opt = {.windowed = true,
                        .width = WIDTH,
                        .height = HEIGHT,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT")};
    if (!test_clock_real) {
        opt.test_clock = test_clock_fn;
        opt.test_epoch_ms = EPOCH_MS;
    }
    k->sh = sdl_open_shell(&opt, k->flow);
    int w, h;
    shell_size(k->sh, &w, &h);
    assert_int_equal(w, WIDTH);
    assert_int_equal(h, HEIGHT);
}

static void open_kiosk_for(Kiosk *k, const char *name, const FlowConfig *cfg, bool feedback)
{
    open_kiosk_with(k, name, cfg, feedback, false);
}

static void open_kiosk(Kiosk *k, const char *name, const FlowConfig *cfg)
{
    open_kiosk_for(k, name, cfg, false);
}

static void close_kiosk(Kiosk *k)
{
    SDL_FreeSurface(k->last);
    shell_close(k->sh);
    flow_free(k->flow);
    store_close(k->store);
}

/* Long timeouts, so a slow (sanitised) run never sees the idle timeout. */
static FlowConfig patient(void)
{
    FlowConfig c = flow_default_config();
    c.idle_ms = 600000;
    c.idle_warning_ms = 10000;
    c.greeting_ms = 600000;
    return c;
}

/* ---- Screens and pixels ------------------------------------------------------------- */

static FlowScreen screen(const Kiosk *k)
{
    return flow_view(k->flow)->screen;
}

static uint32_t pixel_at(const SDL_Surface *s, int x, int y)
{
    const uint8_t *p = (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch +
                       (size_t)x * s->format->BytesPerPixel;
    uint32_t v = 0;
    memcpy(&v, p, s->format->BytesPerPixel < 4 ? s->format->BytesPerPixel : 4);
    return v;
}

/* How many pixels of a differ from b (same size and format). */
static size_t pixels_differing(const SDL_Surface *a, const SDL_Surface *b)
{
    size_t n = 0;
    for (int y = 0; y < a->h; y++) {
        for (int x = 0; x < a->w; x++) {
            n += pixel_at(a, x, y) != pixel_at(b, x, y);
        }
    }
    return n;
}

/* Saves the frame as <name>-<step>-<label>.png, checks it is not one flat colour and that
 * the screen changed since the last screenshot. */
static void snap(Kiosk *k, const char *label)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s-%d-%s.png", k->dir, k->name, ++k->step, label);
    sdl_screenshot(k->sh, path, false);
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        fail_msg("%s: %s", path, SDL_GetError());
    }
    assert_int_equal(s->w, WIDTH);
    assert_int_equal(s->h, HEIGHT);
    uint32_t first = pixel_at(s, 0, 0);
    size_t other = 0;
    for (int y = 0; y < s->h; y += 2) {
        for (int x = 0; x < s->w; x += 2) {
            other += pixel_at(s, x, y) != first;
        }
    }
    if (other < 500) {
        fail_msg("%s is blank (%zu pixels differ from the corner)", path, other);
    }
    if (k->last && pixels_differing(k->last, s) == 0) {
        fail_msg("%s shows the same frame as the step before", path);
    }
    SDL_FreeSurface(k->last);
    k->last = s;
}

/* ---- Input --------------------------------------------------------------------------- */

static void push_mouse(Uint32 type, int x, int y, Uint32 which)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.which = which;
        e.motion.state = SDL_BUTTON_LMASK;
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.button.which = which;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        e.button.clicks = 1;
        e.button.x = x;
        e.button.y = y;
    }
    sdl_push(&e);
}

static void step(Kiosk *k)
{
    assert_true(shell_step(k->sh, 0));
}

/* Time passes on the test's clock, and the loop turns once. */
static void pass(Kiosk *k, int64_t ms)
{
    test_clock_ms += ms;
    step(k);
}

/* A person's tap: a second after the last thing they did, held 80 ms. */
static void tap(Kiosk *k, FlowAction a, int arg)
{
    pass(k, 400);         /* what was due meanwhile (the next question) comes on screen, */
    test_clock_ms += 600; /* and the person sees it before tapping */
    sdl_tap_target(k->sh, k->flow, a, arg, WIDTH, HEIGHT);
}

static void click(Kiosk *k, FlowAction a, int arg)
{
    pass(k, 400);         /* what was due meanwhile (the next question) comes on screen, */
    test_clock_ms += 600; /* and the person sees it before tapping */
    UiTarget t = sdl_target(k->sh, k->flow, a, arg);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    push_mouse(SDL_MOUSEBUTTONDOWN, x, y, 0);
    step(k);
    test_clock_ms += 80;
    push_mouse(SDL_MOUSEBUTTONUP, x, y, 0);
    step(k);
}

/* Keys typed gap_ms apart, one UTF-8 character each, the loop turning after each, as the
 * events arrive; then enter_gap_ms later Enter (enter_gap_ms < 0: no Enter). */
static void keys(Kiosk *k, const char *s, int gap_ms, int enter_gap_ms)
{
    while (*s) {
        size_t n = 1;
        while ((s[n] & 0xC0) == 0x80) {
            n++;
        }
        char one[8];
        memcpy(one, s, n);
        one[n] = '\0';
        test_clock_ms += gap_ms;
        sdl_text(one);
        step(k);
        s += n;
    }
    if (enter_gap_ms >= 0) {
        test_clock_ms += enter_gap_ms;
        sdl_key(SDLK_RETURN, SDL_SCANCODE_RETURN, true);
        step(k);
    }
}

/* A USB barcode scanner: the code 10 ms a key, then Enter. */
static void scan(Kiosk *k, const char *code)
{
    test_clock_ms += 1000;
    keys(k, code, 10, 10);
}

static void type_keys(Kiosk *k, const char *ascii, void (*press)(Kiosk *, FlowAction, int))
{
    for (const char *c = ascii; *c; c++) {
        press(k, *c == ' ' ? FLOW_ACT_SPACE : FLOW_ACT_CHAR, *c == ' ' ? 0 : (unsigned char)*c);
    }
}

/* ---- Checks in the database ---------------------------------------------------------- */

static StoreAttendee attendee(Kiosk *k, const char *ticket)
{
    StoreAttendee a;
    assert_int_equal(store_find_ticket(k->store, k->event_id, ticket, &a), STORE_OK);
    StoreAttendee b;
    assert_int_equal(store_get_attendee(k->store, a.id, &b), STORE_OK);
    assert_string_equal(a.id, b.id);
    return b;
}

static void expect_checked_in(Kiosk *k, const char *ticket, int64_t total)
{
    StoreStats st = event_stats(k->store, k->event_id);
    assert_int_equal(st.checked_in, total);
    StoreAttendee a = attendee(k, ticket);
    if (a.checked_in_ms == 0) {
        fail_msg("%s (%s) is not checked in", a.name, ticket);
    }
}

static void expect_nobody_checked_in(Kiosk *k)
{
    StoreStats st = event_stats(k->store, k->event_id);
    assert_int_equal(st.checked_in, 0);
}

/* ---- Tests ----------------------------------------------------------------------------- */

/* The whole check-in with a finger: welcome, type "soder", pick, confirm, greeting. */
static void test_touch_checkin(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "touch", &cfg);
    assert_int_equal(screen(&k), FLOW_WELCOME);
    snap(&k, "welcome");

    tap(&k, FLOW_ACT_START, 0);
    assert_int_equal(screen(&k), FLOW_SEARCH);
    snap(&k, "search");

    type_keys(&k, "soder", tap);
    const FlowView *v = flow_view(k.flow);
    assert_string_equal(v->query, "soder");
    assert_int_equal(v->result_count, 1);
    assert_string_equal(v->results[0].name, "Lotta Söderberg");
    snap(&k, "results");

    tap(&k, FLOW_ACT_PICK, 0);
    assert_int_equal(screen(&k), FLOW_CONFIRM);
    snap(&k, "confirm");
    expect_nobody_checked_in(&k);

    tap(&k, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(screen(&k), FLOW_GREETING);
    assert_string_equal(flow_view(k.flow)->first_name, "Lotta");
    snap(&k, "greeting");
    expect_checked_in(&k, "T-1001", 1);
    close_kiosk(&k);
}

/* The same with a mouse; mouse events SDL synthesises from touches are ignored. */
static void test_mouse_checkin(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "mouse", &cfg);
    snap(&k, "welcome");

    /* A touch reported a second time as a mouse click must not act. */
    UiTarget t = sdl_target(k.sh, k.flow, FLOW_ACT_START, 0);
    push_mouse(SDL_MOUSEBUTTONDOWN, t.rect.x + 2, t.rect.y + 2, SDL_TOUCH_MOUSEID);
    push_mouse(SDL_MOUSEBUTTONUP, t.rect.x + 2, t.rect.y + 2, SDL_TOUCH_MOUSEID);
    step(&k);
    assert_int_equal(screen(&k), FLOW_WELCOME);

    click(&k, FLOW_ACT_START, 0);
    assert_int_equal(screen(&k), FLOW_SEARCH);
    type_keys(&k, "ojm", click);
    assert_int_equal(flow_view(k.flow)->result_count, 1);
    snap(&k, "results");
    click(&k, FLOW_ACT_PICK, 0);
    assert_int_equal(screen(&k), FLOW_CONFIRM);
    snap(&k, "confirm");
    click(&k, FLOW_ACT_CONFIRM, 0);
    assert_int_equal(screen(&k), FLOW_GREETING);
    snap(&k, "greeting");
    expect_checked_in(&k, "T-1002", 1);
    close_kiosk(&k);
}

/* A person types the ticket code on a keyboard and ends with Enter; then a scanner. */
static void test_keyboard_checkin(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "keyboard", &cfg);
    snap(&k, "welcome");

    keys(&k, "T-1003", 150, -1);
    /* The last key is held until it is clear that no scanner typed it. */
    assert_string_equal(flow_view(k.flow)->query, "T-100");
    pass(&k, INPUT_SCAN_GAP_MS + 1);
    assert_int_equal(screen(&k), FLOW_SEARCH);
    assert_string_equal(flow_view(k.flow)->query, "T-1003");
    snap(&k, "typed");

    test_clock_ms += 400;
    sdl_key(SDLK_RETURN, SDL_SCANCODE_RETURN, true);
    step(&k);
    assert_int_equal(screen(&k), FLOW_GREETING);
    snap(&k, "greeting");
    expect_checked_in(&k, "T-1003", 1);

    /* Escape leaves the greeting; typing a wrong code and backspacing works by keys. */
    test_clock_ms += 1000;
    sdl_key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE, true);
    step(&k);
    assert_int_equal(screen(&k), FLOW_WELCOME);
    keys(&k, "T-1005x", 200, -1);
    test_clock_ms += 300;
    sdl_key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE, true);
    test_clock_ms += 300;
    sdl_key(SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER, true);
    step(&k);
    assert_int_equal(screen(&k), FLOW_GREETING);
    expect_checked_in(&k, "T-1005", 2);

    /* A scanner on the greeting: the next person is checked in at once. */
    scan(&k, "T-1002");
    assert_int_equal(screen(&k), FLOW_GREETING);
    assert_string_equal(flow_view(k.flow)->first_name, "Åke");
    expect_checked_in(&k, "T-1002", 3);
    close_kiosk(&k);
}

/* A press is drawn pressed; sliding off before lifting cancels the tap. */
static void test_press_and_slide_off_cancels(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "slide", &cfg);
    snap(&k, "idle");

    UiTarget t = sdl_target(k.sh, k.flow, FLOW_ACT_START, 0);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    sdl_finger(SDL_FINGERDOWN, x, y, WIDTH, HEIGHT);
    step(&k);
    snap(&k, "pressed"); /* differs from "idle": the button is drawn pressed */
    assert_int_equal(screen(&k), FLOW_WELCOME);

    /* Off the button (to the screen's corner), then lift: nothing happens. */
    sdl_finger(SDL_FINGERMOTION, 1, 1, WIDTH, HEIGHT);
    step(&k);
    snap(&k, "slid-off");
    sdl_finger(SDL_FINGERUP, 1, 1, WIDTH, HEIGHT);
    step(&k);
    assert_int_equal(screen(&k), FLOW_WELCOME);

    /* Sliding back onto the button before lifting still counts as a tap. */
    sdl_finger(SDL_FINGERDOWN, x, y, WIDTH, HEIGHT);
    sdl_finger(SDL_FINGERMOTION, 1, 1, WIDTH, HEIGHT);
    sdl_finger(SDL_FINGERMOTION, x + 1, y, WIDTH, HEIGHT);
    sdl_finger(SDL_FINGERUP, x + 1, y, WIDTH, HEIGHT);
    step(&k);
    assert_int_equal(screen(&k), FLOW_SEARCH);

    /* The same with the mouse. */
    tap(&k, FLOW_ACT_CHAR, 'l');
    t = sdl_target(k.sh, k.flow, FLOW_ACT_PICK, 0);
    x = t.rect.x + t.rect.w / 2;
    y = t.rect.y + t.rect.h / 2;
    push_mouse(SDL_MOUSEBUTTONDOWN, x, y, 0);
    push_mouse(SDL_MOUSEMOTION, 1, 1, 0);
    push_mouse(SDL_MOUSEBUTTONUP, 1, 1, 0);
    step(&k);
    assert_int_equal(screen(&k), FLOW_SEARCH);
    expect_nobody_checked_in(&k);
    close_kiosk(&k);
}

/* Frames happen only on change, and an unchanged screen is redrawn from cached text. */
static void test_redraw_only_on_change(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "redraw", &cfg);
    /* The window's own first events (shown, exposed) may ask for a frame: let them. */
    step(&k);
    ShellStats a, b;
    shell_stats(k.sh, &a);
    assert_true(a.frames >= 1);
    assert_true(a.texts_rendered > 0);
    assert_true(a.texts_cached > 0);

    /* Nothing happened: no frame. */
    assert_true(shell_step(k.sh, 20));
    shell_stats(k.sh, &b);
    assert_int_equal(b.frames, a.frames);

    /* Redraw forced: one frame, no string rasterised again. */
    shell_invalidate(k.sh);
    step(&k);
    shell_stats(k.sh, &b);
    assert_int_equal(b.frames, a.frames + 1);
    assert_int_equal(b.texts_rendered, a.texts_rendered);
    assert_string_equal(b.renderer, "software");
    print_message("first frames: %llu, %llu texts rasterised (%zu bytes), %zu fonts, last frame "
                  "%.2f ms\n",
                  (unsigned long long)b.frames, (unsigned long long)b.texts_rendered, b.text_bytes,
                  b.fonts_open, b.last_frame_ms);

    /* Typing and going back shows the search screen's texts again without rasterising
     * the ones it showed before. */
    tap(&k, FLOW_ACT_START, 0);
    tap(&k, FLOW_ACT_CHAR, 'a');
    tap(&k, FLOW_ACT_BACKSPACE, 0);
    shell_stats(k.sh, &a);
    tap(&k, FLOW_ACT_CHAR, 'a');
    tap(&k, FLOW_ACT_BACKSPACE, 0);
    shell_stats(k.sh, &b);
    assert_int_equal(b.texts_rendered, a.texts_rendered);
    close_kiosk(&k);
}

/* ---- Timed input: double taps, scans, typing ------------------------------------------ */

typedef struct Counts {
    int64_t checked_in, walk_ins, ratings, reflections;
} Counts;

static Counts counts(Kiosk *k)
{
    StoreStats st;
    StoreFeedbackStats fb;
    st = event_stats(k->store, k->event_id);
    fb = event_feedback(k->store, k->event_id);
    Counts c = {st.checked_in, st.walk_ins, fb.flagged_ratings, fb.reflections};
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++) {
        for (int v = 0; v <= 10; v++) {
            c.ratings += fb.counts[q][v];
        }
    }
    return c;
}

static void expect_counts(Kiosk *k, const char *what, Counts want)
{
    Counts c = counts(k);
    if (c.checked_in != want.checked_in || c.walk_ins != want.walk_ins ||
        c.ratings != want.ratings || c.reflections != want.reflections) {
        fail_msg("%s: the database holds %lld checked in, %lld walk-ins, %lld ratings, %lld "
                 "reflections; expected %lld, %lld, %lld, %lld",
                 what, (long long)c.checked_in, (long long)c.walk_ins, (long long)c.ratings,
                 (long long)c.reflections, (long long)want.checked_in, (long long)want.walk_ins,
                 (long long)want.ratings, (long long)want.reflections);
    }
}

static bool is_checked_in(Kiosk *k, const char *ticket)
{
    return attendee(k, ticket).checked_in_ms != 0;
}

/* Ways to a screen, as a person gets there: deliberate taps a second apart. */
static void reach_welcome(Kiosk *k)
{
    (void)k;
}
static void reach_search(Kiosk *k)
{
    tap(k, FLOW_ACT_START, 0);
    type_keys(k, "soder", tap);
}
static void reach_confirm(Kiosk *k) /* Åke's "Är det du?" */
{
    tap(k, FLOW_ACT_START, 0);
    type_keys(k, "ojm", tap);
    tap(k, FLOW_ACT_PICK, 0);
}
static void reach_greeting(Kiosk *k) /* Lotta's */
{
    reach_search(k);
    tap(k, FLOW_ACT_PICK, 0);
    tap(k, FLOW_ACT_CONFIRM, 0);
}
static void reach_already(Kiosk *k) /* Lotta, again */
{
    reach_greeting(k);
    tap(k, FLOW_ACT_DONE, 0);
    reach_greeting(k);
}
static void reach_walkin(Kiosk *k) /* a name half typed */
{
    tap(k, FLOW_ACT_START, 0);
    tap(k, FLOW_ACT_WALKIN, 0);
    type_keys(k, "nils", tap);
}
static void reach_notice(Kiosk *k)
{
    scan(k, "X-999");
}
static void reach_question(Kiosk *k)
{
    tap(k, FLOW_ACT_FEEDBACK, 0);
}
static void reach_reflection(Kiosk *k) /* a line half typed */
{
    tap(k, FLOW_ACT_FEEDBACK, 0);
    tap(k, FLOW_ACT_SKIP, 0);
    type_keys(k, "bra dag", tap);
}
static void reach_thanks(Kiosk *k)
{
    reach_reflection(k);
    tap(k, FLOW_ACT_SEND, 0);
}
static void reach_pin(Kiosk *k) /* the organiser's corner, held 3 s */
{
    pass(k, 1000);
    UiTarget t = sdl_target(k->sh, k->flow, FLOW_ACT_ADMIN, 0);
    sdl_finger(SDL_FINGERDOWN, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2, WIDTH, HEIGHT);
    step(k);
    pass(k, FLOW_ADMIN_HOLD_MS);
    sdl_finger(SDL_FINGERUP, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2, WIDTH, HEIGHT);
    step(k);
}

/* A double tap on one target: the second tap interval_ms after the first, each held half
 * that (at most 60 ms), the loop turning as each event arrives. */
static void double_tap(Kiosk *k, FlowAction a, int arg, int interval_ms)
{
    pass(k, 1000);
    UiTarget t = sdl_target(k->sh, k->flow, a, arg);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    int hold = interval_ms / 2 < 60 ? interval_ms / 2 : 60;
    int64_t t0 = test_clock_ms;
    sdl_finger(SDL_FINGERDOWN, x, y, WIDTH, HEIGHT);
    step(k);
    test_clock_ms = t0 + hold;
    sdl_finger(SDL_FINGERUP, x, y, WIDTH, HEIGHT);
    step(k);
    test_clock_ms = t0 + interval_ms;
    sdl_finger(SDL_FINGERDOWN, x, y, WIDTH, HEIGHT);
    step(k);
    test_clock_ms = t0 + interval_ms + hold;
    sdl_finger(SDL_FINGERUP, x, y, WIDTH, HEIGHT);
    step(k);
    pass(k, 1000); /* whatever the first tap led to has come */
}

static const int DOUBLE_TAP_MS[] = {50, 80, 150, 250, 400};

/* A double tap acts once, on every screen: what the database holds says so. */
static void test_double_taps(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool feedback;
        void (*reach)(Kiosk *k);
        FlowAction action;
        int arg;
        FlowScreen after; /* the screen the first tap leads to, and the second leaves alone */
        Counts db;
    } CASES[] = {
        {"welcome-checkin", false, reach_welcome, FLOW_ACT_START, 0, FLOW_SEARCH, {0, 0, 0, 0}},
        {"welcome-feedback",
         true,
         reach_welcome,
         FLOW_ACT_FEEDBACK,
         0,
         FLOW_QUESTION,
         {0, 0, 0, 0}},
        {"search-result", false, reach_search, FLOW_ACT_PICK, 0, FLOW_CONFIRM, {0, 0, 0, 0}},
        {"search-language", false, reach_search, FLOW_ACT_LANGUAGE, 0, FLOW_SEARCH, {0, 0, 0, 0}},
        {"search-walkin", false, reach_search, FLOW_ACT_WALKIN, 0, FLOW_WALKIN, {0, 0, 0, 0}},
        {"confirm-yes", false, reach_confirm, FLOW_ACT_CONFIRM, 0, FLOW_GREETING, {1, 0, 0, 0}},
        {"greeting-ok", false, reach_greeting, FLOW_ACT_DONE, 0, FLOW_WELCOME, {1, 0, 0, 0}},
        {"already-ok", false, reach_already, FLOW_ACT_DONE, 0, FLOW_WELCOME, {1, 0, 0, 0}},
        {"walkin-submit", false, reach_walkin, FLOW_ACT_SUBMIT, 0, FLOW_GREETING, {1, 1, 0, 0}},
        {"notice-ok", false, reach_notice, FLOW_ACT_DONE, 0, FLOW_WELCOME, {0, 0, 0, 0}},
        {"question-smiley", true, reach_question, FLOW_ACT_RATE, 4, FLOW_REFLECTION, {0, 0, 1, 0}},
        {"question-skip", true, reach_question, FLOW_ACT_SKIP, 0, FLOW_REFLECTION, {0, 0, 0, 0}},
        {"reflection-send", true, reach_reflection, FLOW_ACT_SEND, 0, FLOW_THANKS, {0, 0, 0, 1}},
        {"thanks-done", true, reach_thanks, FLOW_ACT_DONE, 0, FLOW_WELCOME, {0, 0, 0, 1}},
    };
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
        for (size_t i = 0; i < sizeof DOUBLE_TAP_MS / sizeof DOUBLE_TAP_MS[0]; i++) {
            char name[96];
            snprintf(name, sizeof name, "double-%s-%dms", CASES[c].name, DOUBLE_TAP_MS[i]);
            Kiosk k;
            FlowConfig cfg = patient();
            open_kiosk_for(&k, name, &cfg, CASES[c].feedback);
            CASES[c].reach(&k);
            Lang lang = flow_view(k.flow)->lang;
            double_tap(&k, CASES[c].action, CASES[c].arg, DOUBLE_TAP_MS[i]);
            const FlowView *v = flow_view(k.flow);
            if (v->screen != CASES[c].after) {
                fail_msg("%s: on screen %d, expected %d", name, (int)v->screen,
                         (int)CASES[c].after);
            }
            expect_counts(&k, name, CASES[c].db);
            if (CASES[c].action == FLOW_ACT_START && v->query[0]) {
                fail_msg("%s: the second tap typed \"%s\" into the search", name, v->query);
            }
            if (CASES[c].action == FLOW_ACT_LANGUAGE && v->lang == lang) {
                fail_msg("%s: the language changed twice", name);
            }
            close_kiosk(&k);
        }
    }
}

/* A scan checks in the scanned person on every screen, dropping whatever was half done,
 * in both languages; on the organiser's screens and with check-in closed it does nothing. */
static void test_scan_on_every_screen(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int meeting; /* 0 check-in only, 1 check-in and feedback, 2 feedback only */
        void (*reach)(Kiosk *k);
        const char *code;
        FlowScreen after;
        const char *scanned;   /* the ticket checked in after the scan, NULL for none */
        const char *untouched; /* a ticket that must stay not checked in */
        Counts db;
    } CASES[] = {
        {"welcome", 0, reach_welcome, "T-1005", FLOW_GREETING, "T-1005", NULL, {1, 0, 0, 0}},
        {"search", 0, reach_search, "T-1005", FLOW_GREETING, "T-1005", "T-1001", {1, 0, 0, 0}},
        {"confirm-of-another",
         0,
         reach_confirm,
         "T-1005",
         FLOW_GREETING,
         "T-1005",
         "T-1002",
         {1, 0, 0, 0}},
        {"greeting-of-another",
         0,
         reach_greeting,
         "T-1002",
         FLOW_GREETING,
         "T-1002",
         NULL,
         {2, 0, 0, 0}},
        {"already", 0, reach_greeting, "T-1001", FLOW_ALREADY, "T-1001", NULL, {1, 0, 0, 0}},
        {"walkin-half-typed",
         0,
         reach_walkin,
         "T-1003",
         FLOW_GREETING,
         "T-1003",
         NULL,
         {1, 0, 0, 0}},
        {"notice", 0, reach_notice, "T-1004", FLOW_GREETING, "T-1004", NULL, {1, 0, 0, 0}},
        {"unknown-code", 0, reach_search, "Z-0000", FLOW_NOTICE, NULL, "T-1001", {0, 0, 0, 0}},
        {"question", 1, reach_question, "T-1005", FLOW_GREETING, "T-1005", NULL, {1, 0, 0, 0}},
        {"reflection-half-typed",
         1,
         reach_reflection,
         "T-1005",
         FLOW_GREETING,
         "T-1005",
         NULL,
         {1, 0, 0, 0}},
        {"thanks", 1, reach_thanks, "T-1005", FLOW_GREETING, "T-1005", NULL, {1, 0, 0, 1}},
        {"admin-pin", 0, reach_pin, "T-1005", FLOW_ADMIN_PIN, NULL, "T-1005", {0, 0, 0, 0}},
        {"feedback-only", 2, reach_welcome, "T-1005", FLOW_QUESTION, NULL, "T-1005", {0, 0, 0, 0}},
    };
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            char name[96];
            snprintf(name, sizeof name, "scan-%s-%s", CASES[c].name, l == LANG_SV ? "sv" : "en");
            Kiosk k;
            FlowConfig cfg = patient();
            open_kiosk_with(&k, name, &cfg, CASES[c].meeting >= 1, CASES[c].meeting == 2);
            if (l == LANG_EN) {
                tap(&k, FLOW_ACT_LANGUAGE, 0);
            }
            CASES[c].reach(&k);
            Lang lang = flow_view(k.flow)->lang;
            scan(&k, CASES[c].code);
            const FlowView *v = flow_view(k.flow);
            if (v->screen != CASES[c].after) {
                fail_msg("%s: on screen %d, expected %d", name, (int)v->screen,
                         (int)CASES[c].after);
            }
            expect_counts(&k, name, CASES[c].db);
            if (CASES[c].scanned && !is_checked_in(&k, CASES[c].scanned)) {
                fail_msg("%s: %s is not checked in", name, CASES[c].scanned);
            }
            if (CASES[c].untouched && is_checked_in(&k, CASES[c].untouched)) {
                fail_msg("%s: %s was checked in", name, CASES[c].untouched);
            }
            if (CASES[c].scanned) {
                /* The scanned person is on screen, in the language that was there. */
                StoreAttendee a = attendee(&k, CASES[c].scanned);
                assert_string_equal(v->chosen_name, a.name);
                assert_int_equal(v->lang, lang);
            }
            /* Nothing of the scan, nor of what was half done, is left in a field. */
            if (v->screen != FLOW_ADMIN_PIN &&
                (v->query[0] || v->walkin_fields[0][0] || v->reflection[0])) {
                fail_msg("%s: typing left on screen: '%s' '%s' '%s'", name, v->query,
                         v->walkin_fields[0], v->reflection);
            }
            snap(&k, "scanned");
            close_kiosk(&k);
        }
    }
}

/* A person typing stays typing, a scanner is a scan: by the keys' own timestamps. */
static void test_typing_against_scanning(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *first; /* typed by a person at 120 ms a key first, or "" */
        const char *keys;  /* then these, gap_ms apart */
        int gap_ms;        /* between keys */
        int enter_ms;      /* Enter this long after the last key, -1 none */
        bool scan;         /* a scan: the ticket's owner is greeted, no text left */
        const char *query; /* otherwise: the search field after, in order and unchanged */
    } CASES[] = {
        {"scanner-5ms", "", "T-1005", 5, 5, true, ""},
        {"scanner-10ms", "", "T-1005", 10, 10, true, ""},
        {"scanner-20ms", "", "T-1005", 20, 20, true, ""},
        {"scanner-30ms-limit", "", "T-1005", INPUT_SCAN_GAP_MS, INPUT_SCAN_GAP_MS, true, ""},
        {"scanner-after-typing", "lot", "T-1005", 8, 8, true, ""},
        {"person-31ms", "", "T-1005", INPUT_SCAN_GAP_MS + 1, -1, false, "T-1005"},
        {"person-60ms", "", "Märta", 60, -1, false, "märta"},
        {"person-120ms", "", "lotta söderberg", 120, -1, false, "lotta söderberg"},
        {"fast-two-keys-enter", "", "zq", 10, 10, false, "zq"},
        {"scanner-no-enter", "", "T-1005", 10, -1, false, "T-1005"},
    };
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
        char name[96];
        snprintf(name, sizeof name, "keys-%s", CASES[c].name);
        Kiosk k;
        FlowConfig cfg = patient();
        open_kiosk(&k, name, &cfg);
        tap(&k, FLOW_ACT_START, 0);
        pass(&k, 1000);
        if (CASES[c].first[0]) {
            keys(&k, CASES[c].first, 120, -1);
            pass(&k, 500);
            assert_string_equal(flow_view(k.flow)->query, CASES[c].first);
        }
        keys(&k, CASES[c].keys, CASES[c].gap_ms, CASES[c].enter_ms);
        pass(&k, 1000);
        const FlowView *v = flow_view(k.flow);
        if (CASES[c].scan) {
            if (v->screen != FLOW_GREETING || !is_checked_in(&k, CASES[c].keys)) {
                fail_msg("%s: not read as a scan (screen %d, query '%s')", name, (int)v->screen,
                         v->query);
            }
            expect_counts(&k, name, (Counts){1, 0, 0, 0});
        } else {
            if (v->screen != FLOW_SEARCH || strcasecmp(v->query, CASES[c].query) != 0) {
                fail_msg("%s: screen %d, query '%s', expected the typed '%s'", name, (int)v->screen,
                         v->query, CASES[c].query);
            }
            expect_counts(&k, name, (Counts){0, 0, 0, 0});
        }
        close_kiosk(&k);
    }
}

/* A scanner slowed past the threshold (40 ms a key) on someone else's "Är det du?": its
 * keys are typing, which leaves that screen for a new search, so its Enter finds the
 * ticket and never confirms the person left on screen. */
static void test_slow_scanner_on_confirm(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "slow-scanner-confirm", &cfg);
    reach_confirm(&k);
    assert_int_equal(screen(&k), FLOW_CONFIRM);
    pass(&k, 1000);
    keys(&k, "T-1005", 40, 40);
    pass(&k, 1000);
    assert_int_equal(screen(&k), FLOW_GREETING);
    if (!is_checked_in(&k, "T-1005") || is_checked_in(&k, "T-1002")) {
        fail_msg("a slow scan on Åke's confirm screen checked in the wrong person");
    }
    expect_counts(&k, "slow scanner", (Counts){1, 0, 0, 0});
    close_kiosk(&k);
}

/* The shell sleeps until the flow's deadline and then shows what the flow shows: after
 * the greeting time the welcome screen is back without any input. */
static void test_deadline_wakes_the_loop(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    cfg.greeting_ms = 300;
    test_clock_real = true; /* this one waits for real */
    open_kiosk(&k, "deadline", &cfg);
    sdl_text("T-1004");
    sdl_key(SDLK_RETURN, SDL_SCANCODE_RETURN, true);
    step(&k);
    assert_int_equal(screen(&k), FLOW_GREETING);
    expect_checked_in(&k, "T-1004", 1);

    ShellStats a, b;
    shell_stats(k.sh, &a);
    Uint64 t0 = SDL_GetTicks64();
    /* Wait "for ever" (5 s at most here): the flow's deadline must end the wait. */
    for (int i = 0; i < 10 && screen(&k) != FLOW_WELCOME; i++) {
        assert_true(shell_step(k.sh, 5000));
    }
    Uint64 took = SDL_GetTicks64() - t0;
    assert_int_equal(screen(&k), FLOW_WELCOME);
    shell_stats(k.sh, &b);
    assert_true(b.frames > a.frames);
    if (took > 3000) {
        fail_msg("the greeting lasted %llu ms, not about 300", (unsigned long long)took);
    }
    close_kiosk(&k);
    test_clock_real = false;
}

/* What the last step left on screen (the software renderer draws into the window's own
 * surface, so reading it back after the frame was presented gives exactly that). */
static SDL_Surface *read_screen(void)
{
    SDL_Renderer *r = NULL;
    for (Uint32 id = 1; id < 1000 && !r; id++) {
        SDL_Window *w = SDL_GetWindowFromID(id);
        r = w ? SDL_GetRenderer(w) : NULL;
    }
    assert_non_null(r);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, WIDTH, HEIGHT, 24, SDL_PIXELFORMAT_RGB24);
    assert_non_null(s);
    assert_int_equal(SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch), 0);
    return s;
}

/* The frame the shell built by redrawing only what changed must equal a full redraw of the
 * same view (forced by an expose event). */
static void expect_partial_equals_full(Kiosk *k, const char *when)
{
    SDL_Surface *partial = read_screen();
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_EXPOSED;
    sdl_push(&e);
    step(k);
    SDL_Surface *full = read_screen();
    size_t differ = pixels_differing(partial, full);
    SDL_FreeSurface(partial);
    SDL_FreeSurface(full);
    if (differ != 0) {
        fail_msg("%s: %zu pixels differ between the partial and a full redraw", when, differ);
    }
}

static void test_partial_redraw_is_exact(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "partial", &cfg);
    step(&k);
    tap(&k, FLOW_ACT_START, 0);
    expect_partial_equals_full(&k, "search screen");
    tap(&k, FLOW_ACT_CHAR, 'l');
    expect_partial_equals_full(&k, "after 'l'");
    tap(&k, FLOW_ACT_CHAR, 'o');
    tap(&k, FLOW_ACT_BACKSPACE, 0);
    expect_partial_equals_full(&k, "after 'o' and backspace");

    /* A key held down, then slid off. */
    UiTarget t = sdl_target(k.sh, k.flow, FLOW_ACT_CHAR, 'k');
    sdl_finger(SDL_FINGERDOWN, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2, WIDTH, HEIGHT);
    step(&k);
    expect_partial_equals_full(&k, "key held");
    sdl_finger(SDL_FINGERMOTION, 1, 1, WIDTH, HEIGHT);
    step(&k);
    expect_partial_equals_full(&k, "slid off");
    sdl_finger(SDL_FINGERUP, 1, 1, WIDTH, HEIGHT);
    step(&k);

    tap(&k, FLOW_ACT_PICK, 0);
    tap(&k, FLOW_ACT_BACK, 0);
    expect_partial_equals_full(&k, "back from confirm");
    tap(&k, FLOW_ACT_LANGUAGE, 0);
    expect_partial_equals_full(&k, "other language");
    close_kiosk(&k);
}

/* The same on the feedback screens, whose smileys are large icons drawn over cards that
 * change when pressed or chosen. */
static void test_partial_redraw_with_icons(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk_for(&k, "partial-icons", &cfg, true);
    step(&k);
    tap(&k, FLOW_ACT_FEEDBACK, 0);
    assert_int_equal(screen(&k), FLOW_QUESTION);
    expect_partial_equals_full(&k, "smileys");

    UiTarget t = sdl_target(k.sh, k.flow, FLOW_ACT_RATE, 3);
    sdl_finger(SDL_FINGERDOWN, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2, WIDTH, HEIGHT);
    step(&k);
    expect_partial_equals_full(&k, "smiley held");
    sdl_finger(SDL_FINGERMOTION, 1, HEIGHT - 2, WIDTH, HEIGHT);
    step(&k);
    expect_partial_equals_full(&k, "smiley slid off");
    sdl_finger(SDL_FINGERUP, 1, HEIGHT - 2, WIDTH, HEIGHT);
    step(&k);

    tap(&k, FLOW_ACT_RATE, 2);
    expect_partial_equals_full(&k, "smiley tapped, shown chosen");
    pass(&k, FLOW_RATE_SHOW_MS);
    assert_int_equal(screen(&k), FLOW_REFLECTION);
    expect_partial_equals_full(&k, "reflection");
    tap(&k, FLOW_ACT_BACK, 0);
    assert_int_equal(flow_view(k.flow)->answer, 2);
    expect_partial_equals_full(&k, "smiley chosen");
    tap(&k, FLOW_ACT_LANGUAGE, 0);
    expect_partial_equals_full(&k, "other language");
    close_kiosk(&k);
}

/* SDL_QUIT ends the loop. */
static void test_quit_ends_run(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "quit", &cfg);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_QUIT;
    sdl_push(&e);
    assert_int_equal(shell_run(k.sh), 0);
    assert_false(shell_step(k.sh, 0));
    close_kiosk(&k);
}

/* A missing font is a clear error, not a crash; shell_close(NULL) is harmless. */
static void test_open_errors(void **state)
{
    (void)state;
    Kiosk k;
    memset(&k, 0, sizeof k);
    k.name = "errors";
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(&k);
    char err[512];
    FlowConfig cfg = patient();
    k.flow = flow_new(k.store, &cfg, ids_now_ms(), err, sizeof err);
    assert_non_null(k.flow);
    ShellOptions opt = {
        .windowed = true, .width = 320, .height = 200, .software = true, .data_dir = k.dir};
    err[0] = '\0';
    assert_null(shell_open(&opt, k.flow, err, sizeof err));
    assert_non_null(strstr(err, "NotoSans-Regular.ttf"));
    shell_close(NULL);
    flow_free(k.flow);
    store_close(k.store);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_touch_checkin),
        cmocka_unit_test(test_mouse_checkin),
        cmocka_unit_test(test_keyboard_checkin),
        cmocka_unit_test(test_press_and_slide_off_cancels),
        cmocka_unit_test(test_redraw_only_on_change),
        cmocka_unit_test(test_partial_redraw_is_exact),
        cmocka_unit_test(test_partial_redraw_with_icons),
        cmocka_unit_test(test_deadline_wakes_the_loop),
        cmocka_unit_test(test_double_taps),
        cmocka_unit_test(test_scan_on_every_screen),
        cmocka_unit_test(test_typing_against_scanning),
        cmocka_unit_test(test_slow_scanner_on_confirm),
        cmocka_unit_test(test_quit_ends_run),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
