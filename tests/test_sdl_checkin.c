/* test_sdl_checkin: the real shell, headless, checking people in as a person would.
 *
 * CTest runs this with SDL_VIDEODRIVER=dummy: SDL creates a window with an in-memory
 * framebuffer and the software renderer draws into it, so fonts, the text cache, the
 * drawing of rounded rectangles and the event handling are all the program's own. Input
 * is pushed as real SDL events (finger, mouse, text, keys) at the centres of the hit
 * targets the ui reported, and shell_step handles them exactly as the event loop would.
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

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/roster.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "ui/ui.h"

enum { WIDTH = 800, HEIGHT = 480 };

static const struct {
    const char *ticket, *name, *organisation, *role;
} PEOPLE[] = {
    {"T-1001", "Lotta Söderberg", "Västerås stad", "Driftchef"},
    {"T-1002", "Åke Öjmertz", "Örebro kommun", "Fastighetschef"},
    {"T-1003", "Émilie Lindqvist", "Region Västmanland", "IT-chef"},
    {"T-1004", "Jürgen Björk", "Mälarenergi AB", "Driftansvarig"},
    {"T-1005", "Märta Andersson", "Köpings kommun", "Verksamhetschef"},
};
enum { PEOPLE_COUNT = sizeof PEOPLE / sizeof PEOPLE[0] };

typedef struct Kiosk {
    const char *name; /* test name, for file names */
    bool feedback;    /* the meeting also asks for feedback (one smiley question) */
    char dir[1024];   /* MINGEL_TEST_TMP */
    Store *store;
    Flow *flow;
    Shell *sh;
    char event_id[IDS_UUID_LEN + 1];
    int step;          /* screenshots taken */
    SDL_Surface *last; /* the previous screenshot, to see that the screen changed */
} Kiosk;

/* ---- Fixture ----------------------------------------------------------------------- */

static const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (!v || !v[0]) {
        fail_msg("%s is not set (run through ctest)", name);
    }
    return v;
}

static void remove_db(const char *db)
{
    char p[1200];
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", db, suffix[i]);
        remove(p);
    }
}

static void make_store(Kiosk *k)
{
    char db[1200], err[512];
    snprintf(db, sizeof db, "%s/%s.db", k->dir, k->name);
    remove_db(db);
    StoreStatus st = store_open(db, ids_os_random, NULL, &k->store, err, sizeof err);
    if (st != STORE_OK) {
        fail_msg("store_open: %s", err);
    }

    EventInfo ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.key, sizeof ev.key, "drift-2026-11");
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – höstträff");
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    snprintf(ev.start_time, sizeof ev.start_time, "09:00");
    snprintf(ev.venue, sizeof ev.venue, "Kommunhuset, sal B");
    snprintf(ev.theme, sizeof ev.theme, "Kompetensförsörjning");
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet");
    snprintf(ev.language, sizeof ev.language, "sv");
    if (k->feedback) {
        ev.phases = EVENT_PHASE_BOTH;
        ev.question_count = 1;
        snprintf(ev.questions[0].text[LANG_SV], sizeof ev.questions[0].text[LANG_SV], "%s",
                 "Hur nöjd är du med dagen?");
        snprintf(ev.questions[0].text[LANG_EN], sizeof ev.questions[0].text[LANG_EN], "%s",
                 "How satisfied are you with the day?");
        ev.reflection_max = 140;
        ev.thanks_seconds = 20;
    }
    int64_t now = ids_now_ms();
    assert_int_equal(store_event_put(k->store, &ev, now, k->event_id), STORE_OK);

    Roster r = {.entries = calloc(PEOPLE_COUNT, sizeof(RosterEntry)), .separator = ','};
    assert_non_null(r.entries);
    for (size_t i = 0; i < PEOPLE_COUNT; i++) {
        RosterEntry *e = &r.entries[r.count++];
        snprintf(e->key, sizeof e->key, "t:%s", PEOPLE[i].ticket);
        snprintf(e->name, sizeof e->name, "%s", PEOPLE[i].name);
        snprintf(e->organisation, sizeof e->organisation, "%s", PEOPLE[i].organisation);
        snprintf(e->role, sizeof e->role, "%s", PEOPLE[i].role);
        snprintf(e->ticket, sizeof e->ticket, "%s", PEOPLE[i].ticket);
        e->consent = true;
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    StoreStatus st2 = store_import_roster(k->store, k->event_id, &r, now, &res);
    free(r.entries);
    assert_int_equal(st2, STORE_OK);
    assert_int_equal(res.added, PEOPLE_COUNT);
}

static void open_kiosk_for(Kiosk *k, const char *name, const FlowConfig *cfg, bool feedback)
{
    memset(k, 0, sizeof *k);
    k->name = name;
    k->feedback = feedback;
    snprintf(k->dir, sizeof k->dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    make_store(k);

    char err[512];
    k->flow = flow_new(k->store, cfg, ids_now_ms(), err, sizeof err);
    if (!k->flow) {
        fail_msg("flow_new: %s", err);
    }
    ShellOptions opt = {.windowed = true,
                        .width = WIDTH,
                        .height = HEIGHT,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT")};
    k->sh = shell_open(&opt, k->flow, err, sizeof err);
    if (!k->sh) {
        fail_msg("shell_open: %s", err);
    }
    int w, h;
    shell_size(k->sh, &w, &h);
    assert_int_equal(w, WIDTH);
    assert_int_equal(h, HEIGHT);
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
    char path[1400], err[512];
    snprintf(path, sizeof path, "%s/%s-%d-%s.png", k->dir, k->name, ++k->step, label);
    if (shell_screenshot(k->sh, path, err, sizeof err) != 0) {
        fail_msg("shell_screenshot: %s", err);
    }
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

static UiTarget target(const Kiosk *k, FlowAction a, int arg)
{
    UiTarget t;
    if (!ui_find(shell_ui(k->sh), a, arg, &t)) {
        fail_msg("no target %s %d on screen %d", flow_action_name(a), arg, (int)screen(k));
    }
    return t;
}

static void push(SDL_Event *e)
{
    e->common.timestamp = SDL_GetTicks();
    if (SDL_PushEvent(e) != 1) {
        fail_msg("SDL_PushEvent: %s", SDL_GetError());
    }
}

static void push_finger(Uint32 type, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 7;
    /* The pixel's centre, normalised like a touch screen reports it. */
    e.tfinger.x = ((float)x + 0.5f) / WIDTH;
    e.tfinger.y = ((float)y + 0.5f) / HEIGHT;
    e.tfinger.pressure = 1.0f;
    push(&e);
}

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
    push(&e);
}

static void push_text(const char *s)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", s);
    push(&e);
}

static void push_key(SDL_Keycode key, SDL_Scancode code)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = key;
    e.key.keysym.scancode = code;
    push(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    push(&e);
}

static void step(Kiosk *k)
{
    assert_true(shell_step(k->sh, 0));
}

static void tap(Kiosk *k, FlowAction a, int arg)
{
    UiTarget t = target(k, a, arg);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    push_finger(SDL_FINGERDOWN, x, y);
    step(k);
    push_finger(SDL_FINGERUP, x, y);
    step(k);
}

static void click(Kiosk *k, FlowAction a, int arg)
{
    UiTarget t = target(k, a, arg);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    push_mouse(SDL_MOUSEBUTTONDOWN, x, y, 0);
    step(k);
    push_mouse(SDL_MOUSEBUTTONUP, x, y, 0);
    step(k);
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
    StoreStats st;
    assert_int_equal(store_stats(k->store, k->event_id, &st), STORE_OK);
    assert_int_equal(st.checked_in, total);
    StoreAttendee a = attendee(k, ticket);
    if (a.checked_in_ms == 0) {
        fail_msg("%s (%s) is not checked in", a.name, ticket);
    }
}

static void expect_nobody_checked_in(Kiosk *k)
{
    StoreStats st;
    assert_int_equal(store_stats(k->store, k->event_id, &st), STORE_OK);
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
    UiTarget t = target(&k, FLOW_ACT_START, 0);
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

/* A USB barcode scanner (or keyboard) types the ticket code and ends with Enter. */
static void test_keyboard_checkin(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    open_kiosk(&k, "keyboard", &cfg);
    snap(&k, "welcome");

    push_text("T-10");
    push_text("03");
    step(&k);
    assert_int_equal(screen(&k), FLOW_SEARCH);
    assert_string_equal(flow_view(k.flow)->query, "T-1003");
    snap(&k, "typed");

    push_key(SDLK_RETURN, SDL_SCANCODE_RETURN);
    step(&k);
    assert_int_equal(screen(&k), FLOW_GREETING);
    snap(&k, "greeting");
    expect_checked_in(&k, "T-1003", 1);

    /* Escape leaves the greeting; typing a wrong code and backspacing works by keys. */
    push_key(SDLK_ESCAPE, SDL_SCANCODE_ESCAPE);
    step(&k);
    assert_int_equal(screen(&k), FLOW_WELCOME);
    push_text("T-1005x");
    push_key(SDLK_BACKSPACE, SDL_SCANCODE_BACKSPACE);
    push_key(SDLK_KP_ENTER, SDL_SCANCODE_KP_ENTER);
    step(&k);
    assert_int_equal(screen(&k), FLOW_GREETING);
    expect_checked_in(&k, "T-1005", 2);
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

    UiTarget t = target(&k, FLOW_ACT_START, 0);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    push_finger(SDL_FINGERDOWN, x, y);
    step(&k);
    snap(&k, "pressed"); /* differs from "idle": the button is drawn pressed */
    assert_int_equal(screen(&k), FLOW_WELCOME);

    /* Off the button (to the screen's corner), then lift: nothing happens. */
    push_finger(SDL_FINGERMOTION, 1, 1);
    step(&k);
    snap(&k, "slid-off");
    push_finger(SDL_FINGERUP, 1, 1);
    step(&k);
    assert_int_equal(screen(&k), FLOW_WELCOME);

    /* Sliding back onto the button before lifting still counts as a tap. */
    push_finger(SDL_FINGERDOWN, x, y);
    push_finger(SDL_FINGERMOTION, 1, 1);
    push_finger(SDL_FINGERMOTION, x + 1, y);
    push_finger(SDL_FINGERUP, x + 1, y);
    step(&k);
    assert_int_equal(screen(&k), FLOW_SEARCH);

    /* The same with the mouse. */
    tap(&k, FLOW_ACT_CHAR, 'l');
    t = target(&k, FLOW_ACT_PICK, 0);
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

/* The shell sleeps until the flow's deadline and then shows what the flow shows: after
 * the greeting time the welcome screen is back without any input. */
static void test_deadline_wakes_the_loop(void **state)
{
    (void)state;
    Kiosk k;
    FlowConfig cfg = patient();
    cfg.greeting_ms = 300;
    open_kiosk(&k, "deadline", &cfg);
    push_text("T-1004");
    push_key(SDLK_RETURN, SDL_SCANCODE_RETURN);
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
    push(&e);
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
    UiTarget t = target(&k, FLOW_ACT_CHAR, 'k');
    push_finger(SDL_FINGERDOWN, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2);
    step(&k);
    expect_partial_equals_full(&k, "key held");
    push_finger(SDL_FINGERMOTION, 1, 1);
    step(&k);
    expect_partial_equals_full(&k, "slid off");
    push_finger(SDL_FINGERUP, 1, 1);
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

    UiTarget t = target(&k, FLOW_ACT_RATE, 3);
    push_finger(SDL_FINGERDOWN, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2);
    step(&k);
    expect_partial_equals_full(&k, "smiley held");
    push_finger(SDL_FINGERMOTION, 1, HEIGHT - 2);
    step(&k);
    expect_partial_equals_full(&k, "smiley slid off");
    push_finger(SDL_FINGERUP, 1, HEIGHT - 2);
    step(&k);

    tap(&k, FLOW_ACT_RATE, 2);
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
    push(&e);
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
        cmocka_unit_test(test_quit_ends_run),
        cmocka_unit_test(test_open_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
