/* test_sdl_draw: drawing saves work without changing a pixel.
 *
 * draw.c skips what a later opaque rectangle paints over (occlusion culling) and cuts
 * opaque fills at cache lines for SDL's software renderer. Neither may change the frame.
 * Each case draws the same command list twice into a real software-rendered window (SDL's
 * dummy driver): once in reference mode (draw_set_reference: every command whole, in
 * turn) and once as the shell draws, and compares every pixel. The lists are
 *
 * - every screen of the kiosk, at the three sizes it meets: the demo meeting driven
 *   through the flow (check-in, a second check-in, no match, walk-in, a ticket that is
 *   none, the idle warning, the feedback questions, the reflection line, the thank-you
 *   screen with its QR code, and the organiser's PIN pad, admin, undo and clock screens),
 *   each also with a finger on a key, and redrawn in a few regions over a scribbled
 *   screen (what the damage tracking asks for: outside them nothing may change);
 * - random lists: opaque and translucent rectangles of every size and radius (beyond
 *   the largest disc too), overlapping, partly off screen, shadows under faces, texts and
 *   icons, with random regions; at a size whose rows are whole cache lines and at one
 *   whose are not (fills then stay whole).
 *
 * DrawStats shows that the work was really saved (fewer pixels filled, fills cut), so
 * the comparison is not of one path with itself. A failure names the case and the first
 * pixel that differs.
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
#include <SDL_ttf.h>

#include "core/demo.h"
#include "core/flow.h"
#include "core/ids.h"
#include "core/pin.h"
#include "core/store.h"
#include "sdl/draw.h"
#include "sdl/iconcache.h"
#include "sdl/textcache.h"
#include "ui/ui.h"
#include "sdl_input.h"
#include "support.h"

/* ---- A window to draw in ------------------------------------------------------------- */

typedef struct Rig {
    int w, h;
    SDL_Window *win;
    SDL_Renderer *ren;
    TextCache *tc;
    IconCache *ic;
    Draw *d;
    uint32_t *ref, *got; /* w x h ARGB pixels: the reference frame, the one compared */
} Rig;

static void rig_open(Rig *r, int w, int h)
{
    memset(r, 0, sizeof *r);
    r->w = w;
    r->h = h;
    /* As the shell does it: the window surface in plain memory, drawn by the software
     * renderer. */
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    assert_int_equal(SDL_Init(SDL_INIT_VIDEO), 0);
    assert_int_equal(TTF_Init(), 0);
    r->win = SDL_CreateWindow("test_sdl_draw", 0, 0, w, h, 0);
    assert_non_null(r->win);
    r->ren = SDL_CreateRenderer(r->win, -1, SDL_RENDERER_SOFTWARE);
    assert_non_null(r->ren);
    int ow = 0, oh = 0;
    assert_int_equal(SDL_GetRendererOutputSize(r->ren, &ow, &oh), 0);
    assert_int_equal(ow, w);
    assert_int_equal(oh, h);
    char err[512];
    const char *root = env_or_fail("MINGEL_TEST_ROOT");
    r->tc = textcache_new(r->ren, root, err, sizeof err);
    if (!r->tc) {
        fail_msg("textcache_new: %s", err);
    }
    r->ic = iconcache_new(r->ren, root, err, sizeof err);
    if (!r->ic) {
        fail_msg("iconcache_new: %s", err);
    }
    r->d = draw_new(r->ren);
    assert_non_null(r->d);
    r->ref = malloc((size_t)w * (size_t)h * 4);
    r->got = malloc((size_t)w * (size_t)h * 4);
    assert_non_null(r->ref);
    assert_non_null(r->got);
}

static void rig_close(Rig *r)
{
    draw_free(r->d);
    textcache_free(r->tc);
    iconcache_free(r->ic);
    SDL_DestroyRenderer(r->ren);
    SDL_DestroyWindow(r->win);
    TTF_Quit();
    SDL_Quit();
    free(r->ref);
    free(r->got);
    memset(r, 0, sizeof *r);
}

static void read_pixels(Rig *r, uint32_t *out)
{
    assert_int_equal(SDL_RenderReadPixels(r->ren, NULL, SDL_PIXELFORMAT_ARGB8888, out, r->w * 4),
                     0);
}

/* Fills rect with a colour the ui never draws, so that a pixel left undrawn shows. */
static void scribble(Rig *r, const SDL_Rect *rect)
{
    SDL_RenderSetClipRect(r->ren, NULL);
    SDL_SetRenderDrawBlendMode(r->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(r->ren, 255, 0, 255, 255);
    SDL_RenderFillRect(r->ren, rect);
}

static void draw(Rig *r, const UiCmd *cmds, size_t n, const UiRect *region, bool reference)
{
    draw_set_reference(r->d, reference);
    int rc = draw_commands(r->d, r->tc, r->ic, cmds, n, region);
    if (rc != 0) {
        fail_msg("draw_commands: %s", SDL_GetError());
    }
    SDL_RenderFlush(r->ren);
}

/* Fails, naming what and where, unless the two frames are equal. */
static void same_frames(const Rig *r, const uint32_t *want, const uint32_t *got, const char *what)
{
    if (memcmp(want, got, (size_t)r->w * (size_t)r->h * 4) == 0) {
        return;
    }
    size_t differ = 0, first = 0;
    for (size_t i = 0; i < (size_t)r->w * (size_t)r->h; i++) {
        if (want[i] != got[i]) {
            if (differ++ == 0) {
                first = i;
            }
        }
    }
    fail_msg("%s at %dx%d: %zu pixels differ, the first at (%zu, %zu): %08x, not %08x", what, r->w,
             r->h, differ, first % (size_t)r->w, first / (size_t)r->w, got[first], want[first]);
}

/* Draws cmds whole in reference mode (into r->ref) and as the shell does; they must be
 * equal. Then, for each region: the reference frame, the region scribbled over and
 * redrawn: the whole frame must be the reference again. Adds the shell-mode fills to
 * *fast and the reference ones to *slow. */
static void compare(Rig *r, const UiCmd *cmds, size_t n, const UiRect *regions, size_t nreg,
                    const char *what, DrawStats *slow, DrawStats *fast)
{
    DrawStats a, b, c;
    draw_stats(r->d, &a);
    scribble(r, NULL);
    draw(r, cmds, n, NULL, true);
    read_pixels(r, r->ref);
    draw_stats(r->d, &b);
    scribble(r, NULL);
    draw(r, cmds, n, NULL, false);
    read_pixels(r, r->got);
    draw_stats(r->d, &c);
    same_frames(r, r->ref, r->got, what);
    slow->fills += b.fills - a.fills;
    slow->fill_px += b.fill_px - a.fill_px;
    fast->fills += c.fills - b.fills;
    fast->fill_px += c.fill_px - b.fill_px;
    fast->hidden += c.hidden - b.hidden;
    fast->line_phase = c.line_phase;

    for (size_t i = 0; i < nreg; i++) {
        char name[256];
        snprintf(name, sizeof name, "%s, region %d,%d %dx%d", what, regions[i].x, regions[i].y,
                 regions[i].w, regions[i].h);
        /* The screen holds the frame (drawn over the same scribble: translucent commands
         * blend with what is under them); the region gets garbage, then is redrawn. */
        scribble(r, NULL);
        draw(r, cmds, n, NULL, true);
        SDL_Rect sr = {regions[i].x, regions[i].y, regions[i].w, regions[i].h};
        scribble(r, &sr);
        draw(r, cmds, n, &regions[i], false);
        read_pixels(r, r->got);
        same_frames(r, r->ref, r->got, name);
    }
}

/* ---- Every screen -------------------------------------------------------------------- */

typedef struct Size {
    int w, h;
} Size;

static Size SCREEN_SIZES[] = {{800, 480}, {1280, 800}, {1920, 1080}};

typedef struct Kiosk {
    Rig rig;
    Store *store;
    Flow *flow;
    Ui *ui;
    bool seen[FLOW_ADMIN_CLOCK + 1]; /* screens compared */
    DrawStats slow, fast;
    int compared; /* frames */
} Kiosk;

static bool never_synced(void *ctx)
{
    (void)ctx;
    return false;
}

static const FlowView *view(Kiosk *k)
{
    return flow_view(k->flow);
}

/* The frame of the flow's screen, with a finger at (px, py) (or none: -1). */
static const UiCmd *layout(Kiosk *k, int px, int py, size_t *n)
{
    ui_frame(k->ui, view(k), k->rig.w, k->rig.h, px, py);
    return ui_commands(k->ui, n);
}

/* The regions a redraw may be asked for: damage cells (64 px, on the grid) around a
 * target, a band across the screen, and a rectangle off the grid. */
static size_t regions_around(const Kiosk *k, UiRect t, UiRect out[3])
{
    int cx = (t.x + t.w / 2) / 64 * 64, cy = (t.y + t.h / 2) / 64 * 64;
    out[0] = (UiRect){cx - 64, cy - 64, 192, 128};
    out[1] = (UiRect){0, k->rig.h / 3, k->rig.w, 64};
    out[2] = (UiRect){t.x + 3, t.y - 7, t.w / 2 + 11, t.h + 13};
    return 3;
}

/* Compares the screen as it is, and with a finger on each of its first two targets. */
static void check_screen(Kiosk *k, const char *name)
{
    FlowScreen s = view(k)->screen;
    char what[256];
    size_t n = 0, nt = 0;
    const UiCmd *cmds = layout(k, -1, -1, &n);
    const UiTarget *targets = ui_targets(k->ui, &nt);
    UiTarget first[2];
    size_t nfirst = nt < 2 ? nt : 2;
    memcpy(first, targets, nfirst * sizeof *first);
    UiRect regions[3];
    size_t nreg = regions_around(k, nfirst > 0 ? first[0].rect : (UiRect){0, 0, 64, 64}, regions);
    snprintf(what, sizeof what, "screen %s", name);
    compare(&k->rig, cmds, n, regions, nreg, what, &k->slow, &k->fast);
    k->compared++;
    for (size_t i = 0; i < nfirst; i++) {
        UiRect t = first[i].rect;
        cmds = layout(k, t.x + t.w / 2, t.y + t.h / 2, &n);
        regions_around(k, t, regions);
        snprintf(what, sizeof what, "screen %s, %s %d held", name,
                 flow_action_name(first[i].action), first[i].arg);
        compare(&k->rig, cmds, n, regions, nreg, what, &k->slow, &k->fast);
        k->compared++;
    }
    k->seen[s] = true;
}

/* A tap on a target the screen shows. */
static void tap(Kiosk *k, FlowAction a, int arg)
{
    size_t n;
    layout(k, -1, -1, &n);
    UiTarget t;
    if (!ui_find(k->ui, a, arg, &t)) {
        fail_msg("no target %s %d on screen %d", flow_action_name(a), arg, (int)view(k)->screen);
    }
    flow_act(k->flow, a, arg, ids_now_ms());
}

static void tap_key(void *k, FlowAction a, int arg)
{
    tap(k, a, arg);
}

static void type_taps(Kiosk *k, const char *ascii)
{
    sdl_type_keys(ascii, tap_key, k);
}

static void expect_screen(Kiosk *k, FlowScreen s)
{
    if (view(k)->screen != s) {
        fail_msg("on screen %d, expected %d", (int)view(k)->screen, (int)s);
    }
}

/* A tap that leads to screen s, which is then compared as name. */
static void tap_to(Kiosk *k, FlowAction a, int arg, FlowScreen s, const char *name)
{
    tap(k, a, arg);
    expect_screen(k, s);
    check_screen(k, name);
}

/* The demo meeting (both phases, questions, a feedback link) in a new database, with an
 * organiser's PIN. */
static void kiosk_open(Kiosk *k, Size size)
{
    memset(k, 0, sizeof *k);
    rig_open(&k->rig, size.w, size.h);
    char db[1200], err[512];
    snprintf(db, sizeof db, "%s/draw-%dx%d.db", env_or_fail("MINGEL_TEST_TMP"), size.w, size.h);
    k->store = fresh_store(db, ids_os_random, NULL);
    EventInfo ev;
    Roster roster;
    assert_int_equal(demo_make("2026-03-12", 2026, DEMO_ATTENDEES, &ev, &roster), 0);
    char event_id[IDS_UUID_LEN + 1];
    StoreImportResult res;
    assert_int_equal(store_event_put(k->store, &ev, ids_now_ms(), event_id), STORE_OK);
    StoreStatus st = store_import_roster(k->store, event_id, &roster, ids_now_ms(), &res);
    roster_free(&roster);
    assert_int_equal(st, STORE_OK);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("493817", hash), 0);
    assert_int_equal(store_pin_set(k->store, hash), STORE_OK);

    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = 600000;
    cfg.greeting_ms = 600000;
    cfg.clock_synced = never_synced;
    cfg.boot_id = "8f2c6c1e-0000-4000-8000-0000000000ad";
    k->flow = flow_new(k->store, &cfg, ids_now_ms(), err, sizeof err);
    if (!k->flow) {
        fail_msg("flow_new: %s", err);
    }
    k->ui = ui_new(textcache_measure, k->rig.tc);
    assert_non_null(k->ui);
}

static void kiosk_close(Kiosk *k)
{
    ui_free(k->ui);
    flow_free(k->flow);
    store_close(k->store);
    rig_close(&k->rig);
}

static void test_every_screen(void **state)
{
    Kiosk k;
    kiosk_open(&k, *(const Size *)*state);

    check_screen(&k, "welcome");
    tap(&k, FLOW_ACT_LANGUAGE, 0);
    check_screen(&k, "welcome (other language)");
    tap(&k, FLOW_ACT_LANGUAGE, 0);

    tap(&k, FLOW_ACT_START, 0);
    check_screen(&k, "search, empty");
    type_taps(&k, "an");
    expect_screen(&k, FLOW_SEARCH);
    check_screen(&k, "search, results");
    tap_to(&k, FLOW_ACT_PICK, 0, FLOW_CONFIRM, "confirm");
    tap_to(&k, FLOW_ACT_CONFIRM, 0, FLOW_GREETING, "greeting");

    tap(&k, FLOW_ACT_DONE, 0);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "an");
    tap(&k, FLOW_ACT_PICK, 0);
    tap_to(&k, FLOW_ACT_CONFIRM, 0, FLOW_ALREADY, "already");

    tap(&k, FLOW_ACT_DONE, 0);
    tap(&k, FLOW_ACT_START, 0);
    type_taps(&k, "xq");
    check_screen(&k, "search, no match");
    tap(&k, FLOW_ACT_WALKIN, 0);
    expect_screen(&k, FLOW_WALKIN);
    tap(&k, FLOW_ACT_FIELD, 1);
    type_taps(&k, "sala kommun");
    check_screen(&k, "walk-in");
    tap(&k, FLOW_ACT_CONSENT, 0);
    check_screen(&k, "walk-in, consent");

    tap(&k, FLOW_ACT_BACK, 0);
    expect_screen(&k, FLOW_SEARCH);
    tap(&k, FLOW_ACT_CLEAR, 0);
    flow_text(k.flow, "X-999", ids_now_ms());
    flow_key(k.flow, FLOW_KEY_ENTER, ids_now_ms());
    expect_screen(&k, FLOW_NOTICE);
    check_screen(&k, "notice");
    tap(&k, FLOW_ACT_DONE, 0);

    /* The idle warning: a translucent veil over the search screen. */
    flow_tick(k.flow, ids_now_ms() + 600000 - 5000);
    assert_true(view(&k)->idle_warning);
    check_screen(&k, "idle warning");
    flow_act(k.flow, FLOW_ACT_STAY, 0, ids_now_ms());
    tap(&k, FLOW_ACT_BACK, 0);
    expect_screen(&k, FLOW_WELCOME);

    tap(&k, FLOW_ACT_FEEDBACK, 0);
    expect_screen(&k, FLOW_QUESTION);
    for (int q = 0; view(&k)->screen == FLOW_QUESTION; q++) {
        char name[64];
        snprintf(name, sizeof name, "question %d", q + 1);
        check_screen(&k, name);
        tap(&k, FLOW_ACT_RATE, 4);
        flow_tick(k.flow, ids_now_ms() + FLOW_RATE_SHOW_MS); /* shown chosen, then on */
        assert_true(q < 10);
    }
    expect_screen(&k, FLOW_REFLECTION);
    check_screen(&k, "reflection, empty");
    type_taps(&k, "att vi delar mer");
    check_screen(&k, "reflection, typed");
    tap(&k, FLOW_ACT_SEND, 0);
    expect_screen(&k, FLOW_THANKS);
    assert_true(view(&k)->feedback_link[0] != '\0');
    check_screen(&k, "thanks, QR code");
    tap(&k, FLOW_ACT_DONE, 0);

    /* The organiser: the corner is held in the shell; here the flow is told directly. */
    flow_act(k.flow, FLOW_ACT_ADMIN, 0, ids_now_ms());
    expect_screen(&k, FLOW_ADMIN_PIN);
    for (const char *d = "493817"; *d; d++) {
        tap(&k, FLOW_ACT_DIGIT, *d - '0');
    }
    check_screen(&k, "PIN pad");
    tap_to(&k, FLOW_ACT_PIN_OK, 0, FLOW_ADMIN, "admin");
    tap_to(&k, FLOW_ACT_UNDO_LIST, 0, FLOW_ADMIN_UNDO, "admin, undo");
    tap(&k, FLOW_ACT_BACK, 0);
    tap_to(&k, FLOW_ACT_CLOCK, 0, FLOW_ADMIN_CLOCK, "admin, clock");
    tap(&k, FLOW_ACT_CLOCK_ADJUST, FLOW_CLOCK_HOUR_ON);
    check_screen(&k, "admin, clock changed");

    for (int s = 0; s <= FLOW_ADMIN_CLOCK; s++) {
        if (!k.seen[s]) {
            fail_msg("screen %d was never compared", s);
        }
    }
    print_message("%dx%d: %d frames compared; pixels filled %.1f M -> %.1f M, %llu -> %llu "
                  "fills\n",
                  k.rig.w, k.rig.h, k.compared, (double)k.slow.fill_px / 1e6,
                  (double)k.fast.fill_px / 1e6, (unsigned long long)k.slow.fills,
                  (unsigned long long)k.fast.fills);
    /* The savings were made: fewer pixels filled (the background under the cards and
     * keys: 17-28 % fewer over these screens), and the fills cut at lines (this
     * framebuffer's rows are whole lines). */
    assert_true(k.fast.line_phase >= 0);
    assert_true(k.fast.fills > k.slow.fills);
    assert_true(k.fast.fill_px * 10 < k.slow.fill_px * 9);
    kiosk_close(&k);
}

/* ---- Random lists -------------------------------------------------------------------- */

typedef struct RandomCase {
    int w, h;
    bool whole_lines; /* the framebuffer's rows are whole cache lines (w a multiple of 16) */
} RandomCase;

static RandomCase RANDOM_CASES[] = {{640, 480, true}, {650, 410, false}};

enum { RANDOM_LISTS = 60, RANDOM_CMDS_MAX = 160 };

static uint32_t next(uint32_t *s)
{
    /* xorshift32: the same lists on every run. */
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static int between(uint32_t *s, int lo, int hi)
{
    return lo + (int)(next(s) % (uint32_t)(hi - lo + 1));
}

static UiColor random_color(uint32_t *s)
{
    int k = between(s, 0, 9);
    uint8_t a = k < 7 ? 255 : k < 9 ? (uint8_t)between(s, 1, 254) : 0;
    /* Few colours, so that discs are shared as on a real screen. */
    static const UiColor PALETTE[] = {
        {246, 243, 238, 255}, {255, 255, 255, 255}, {216, 210, 199, 255},
        {11, 110, 99, 255},   {7, 78, 70, 255},     {31, 42, 55, 255},
    };
    UiColor c = PALETTE[next(s) % (sizeof PALETTE / sizeof PALETTE[0])];
    c.a = a;
    return c;
}

static UiRect random_rect(uint32_t *s, int w, int h)
{
    int rw = between(s, 1, w), rh = between(s, 1, h);
    if (between(s, 0, 3) > 0) { /* mostly the sizes of cards and keys */
        rw = between(s, 1, w / 3);
        rh = between(s, 1, h / 4);
    }
    return (UiRect){between(s, -rw / 2, w - rw / 2), between(s, -rh / 2, h - rh / 2), rw, rh};
}

static int random_radius(uint32_t *s, UiRect r)
{
    int half = (r.w < r.h ? r.w : r.h) / 2;
    switch (between(s, 0, 4)) {
    case 0: return 0;
    case 1: return between(s, 1, 12);
    case 2: return half;
    case 3: return half + between(s, 1, 400); /* clamped */
    default: return between(s, 0, half > 0 ? half : 0);
    }
}

/* A list like a screen's: a background, then rects (some as a face over its shadow),
 * texts and icons. */
static size_t random_list(uint32_t *s, int w, int h, UiCmd *cmds)
{
    static const char *const TEXTS[] = {
        "Checka in",     "Anna-Karin Wallenberg-Åkesson",    "ä",
        "Västerås stad", "1261 till – skriv fler bokstäver", "Jan Émile Dufva"};
    size_t n = 0;
    if (between(s, 0, 4) > 0) {
        cmds[n++] = (UiCmd){.kind = UI_CMD_RECT, .rect = {0, 0, w, h}, .color = random_color(s)};
        cmds[n - 1].color.a = between(s, 0, 5) > 0 ? 255 : cmds[n - 1].color.a;
    }
    int count = between(s, 5, 60);
    for (int i = 0; i < count && n + 2 <= RANDOM_CMDS_MAX; i++) {
        int kind = between(s, 0, 9);
        if (kind < 5) {
            UiRect r = random_rect(s, w, h);
            cmds[n++] = (UiCmd){.kind = UI_CMD_RECT,
                                .rect = r,
                                .color = random_color(s),
                                .radius = random_radius(s, r)};
        } else if (kind < 7) {
            /* A shadow and the face over it, the face a few pixels higher. */
            UiRect r = random_rect(s, w, h);
            int radius = random_radius(s, r);
            cmds[n++] = (UiCmd){.kind = UI_CMD_RECT,
                                .rect = {r.x, r.y + between(s, 0, 8), r.w, r.h},
                                .color = {216, 210, 199, 255},
                                .radius = radius};
            cmds[n++] =
                (UiCmd){.kind = UI_CMD_RECT, .rect = r, .color = random_color(s), .radius = radius};
        } else if (kind < 9) {
            UiRect clip = random_rect(s, w, h);
            UiCmd c = {.kind = UI_CMD_TEXT,
                       .rect = {clip.x + between(s, -20, 20), clip.y + between(s, -10, 10), 0, 0},
                       .clip = clip,
                       .color = random_color(s),
                       .font = {between(s, 10, 70), between(s, 0, 1) ? UI_BOLD : UI_REGULAR},
                       .text = TEXTS[next(s) % (sizeof TEXTS / sizeof TEXTS[0])]};
            cmds[n++] = c;
        } else {
            int side = between(s, 8, 120);
            cmds[n++] = (UiCmd){.kind = UI_CMD_ICON,
                                .rect = {between(s, -side / 2, w - side / 2),
                                         between(s, -side / 2, h - side / 2), side,
                                         side + between(s, 0, 20)},
                                .color = random_color(s),
                                .icon = (UiIcon)(next(s) % UI_ICON_COUNT)};
        }
    }
    return n;
}

static void test_random_lists(void **state)
{
    const RandomCase *c = *state;
    Rig r;
    rig_open(&r, c->w, c->h);
    UiCmd *cmds = calloc(RANDOM_CMDS_MAX, sizeof *cmds);
    assert_non_null(cmds);
    uint32_t seed = 0x9e3779b9u ^ (uint32_t)c->w;
    DrawStats slow = {0}, fast = {0};
    for (int i = 0; i < RANDOM_LISTS; i++) {
        size_t n = random_list(&seed, c->w, c->h, cmds);
        UiRect regions[3];
        for (int k = 0; k < 3; k++) {
            regions[k] = random_rect(&seed, c->w, c->h);
        }
        regions[0] = (UiRect){regions[0].x / 64 * 64, regions[0].y / 64 * 64, 128, 64};
        char what[64];
        snprintf(what, sizeof what, "random list %d (%zu commands)", i, n);
        uint64_t before = fast.fill_px, before_slow = slow.fill_px;
        compare(&r, cmds, n, regions, 3, what, &slow, &fast);
        /* Culling never fills more than the reference. */
        assert_true(fast.fill_px - before <= slow.fill_px - before_slow);
    }
    if (c->whole_lines) {
        assert_true(fast.line_phase >= 0);
        assert_true(fast.fills > slow.fills);
    } else {
        assert_int_equal(fast.line_phase, -1);
    }
    assert_true(fast.fill_px < slow.fill_px);
    assert_true(fast.hidden > 0);
    print_message("%dx%d: %d lists; pixels filled %.1f M -> %.1f M, %llu rects hidden\n", c->w,
                  c->h, RANDOM_LISTS, (double)slow.fill_px / 1e6, (double)fast.fill_px / 1e6,
                  (unsigned long long)fast.hidden);
    free(cmds);
    rig_close(&r);
}

int main(void)
{
    struct CMUnitTest tests[sizeof SCREEN_SIZES / sizeof SCREEN_SIZES[0] +
                            sizeof RANDOM_CASES / sizeof RANDOM_CASES[0]];
    char names[sizeof tests / sizeof tests[0]][64];
    size_t n = 0;
    for (size_t i = 0; i < sizeof RANDOM_CASES / sizeof RANDOM_CASES[0]; i++) {
        snprintf(names[n], sizeof names[n], "random_lists_%dx%d", RANDOM_CASES[i].w,
                 RANDOM_CASES[i].h);
        tests[n] = (struct CMUnitTest){names[n], test_random_lists, NULL, NULL, &RANDOM_CASES[i]};
        n++;
    }
    for (size_t i = 0; i < sizeof SCREEN_SIZES / sizeof SCREEN_SIZES[0]; i++) {
        snprintf(names[n], sizeof names[n], "every_screen_%dx%d", SCREEN_SIZES[i].w,
                 SCREEN_SIZES[i].h);
        tests[n] = (struct CMUnitTest){names[n], test_every_screen, NULL, NULL, &SCREEN_SIZES[i]};
        n++;
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
