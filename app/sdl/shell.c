/* shell: the window, the event loop, and touch as a button press.
 *
 * One Shell per running kiosk. Events are dispatched through a table of event types;
 * they become flow input (flow_act / flow_text / flow_key) and mark the view "stale"
 * (the ui's layout no longer matches the flow) and the screen "dirty" (a new frame is
 * due). A frame is laid out by ui_frame and drawn by draw_commands only when dirty, and
 * then only where it differs from the frame on screen (damage.c) when the renderer keeps
 * that frame, as the software renderer does; only those rectangles are sent to the
 * display. Between events the shell sleeps in SDL_WaitEventTimeout until the flow's next
 * deadline, or for ever: an idle kiosk uses no CPU.
 *
 * A tap behaves like a real button: the target under the finger (or mouse) is drawn
 * pressed while held, the action fires on release if the pointer is still over the same
 * target, and sliding off cancels. Taps and keys then go through an Input (core/input.h),
 * with each event's own SDL timestamp: a tap going down just after the screen changed is
 * ignored (the second tap of a double tap), and a barcode scanner's keystrokes are held
 * back and recognised as a scan on every screen, never typed into a field. Only one pointer is
 * tracked; a second finger is ignored until the first lifts. SDL also reports touches as synthetic
 * mouse events (which == SDL_TOUCH_MOUSEID); those are dropped so a tap never fires twice.
 * Positions are converted to output pixels, which differ from window coordinates on HiDPI screens.
 *
 * For end-to-end tests the hit targets of every frame can be written to a file (written
 * to a temporary name and renamed, so a reader never sees half a file). Next to it, in
 * that name plus ".screens", a log gets one line per happening a test has to see even
 * when it is over before the test looks (a greeting lasts 5 s; a slow machine's test
 * polls slower than that), each with the event clock's time in ms:
 *   screen N T       the first frame showing flow screen N (a different one) was presented
 *   tap ACTION ARG T a tap (or hold) on that target went to the flow
 *   ignored ACTION ARG T  a press on that target was ignored: the screen had changed less
 *                    than INPUT_SETTLE_MS before it went down (it may be tapped again)
 *   nothing X Y T    a press at (X, Y) was on no target
 *   scan T           keys were taken as a scan (the code is not logged)
 *   typed T          held keys went on as typed text (too slow for a scan, or no Enter)
 *   key T            Enter, Backspace or Escape went to the flow as a key
 */
#include "sdl/shell.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "core/ids.h"
#include "core/input.h"
#include "sdl/damage.h"
#include "sdl/display.h"
#include "sdl/draw.h"
#include "sdl/iconcache.h"
#include "sdl/sound.h"
#include "sdl/textcache.h"

enum { DEFAULT_WIDTH = 1280, DEFAULT_HEIGHT = 800 };

/* The pointer currently held down, if any. */
typedef struct Press {
    bool down;
    bool mouse; /* held by the mouse; else by finger `finger` */
    SDL_FingerID finger;
    int x, y;        /* current position, output pixels */
    bool has_target; /* a target was under the pointer when it went down */
    UiTarget target; /* that target */
    bool over;       /* the pointer is still over it */
    int64_t since;   /* when it went down (event clock, ms): hold targets fire after a hold */
    int start_y;     /* where it went down, output pixels: a swipe on the results scrolls them */
} Press;

struct Shell {
    Flow *flow;   /* borrowed */
    Input *input; /* owned: everything a person or a scanner does goes to the flow here */
    int64_t (*test_clock)(void *ctx); /* ShellOptions.test_clock, or NULL */
    void *test_clock_ctx;
    int64_t test_epoch_ms;
    SDL_Window *window;
    SDL_Renderer *renderer;
    TextCache *text;
    IconCache *icons;
    Draw *draw;
    Damage *damage;
    Ui *ui;
    Sound *sound;       /* the check-in sounds (the event's sound = on) */
    unsigned cue_seq;   /* FlowView.cue_seq already played (or passed over) */
    char *targets_path; /* owned copies, or NULL */
    char *targets_tmp;
    char *events_path; /* targets_path + ".screens": the test's log of happenings */
    int logged_screen; /* the screen last logged there, -1 for none yet */

    bool sdl_up, ttf_up, text_input; /* what shell_close has to undo */
    bool stale;                      /* the flow changed since the last ui_frame */
    bool dirty;                      /* a new frame is due */
    bool full;                       /* the next frame redraws everything (screen unknown) */
    bool keeps_frame;                /* the renderer keeps the last frame: redraw changes only */
    int changed_count;       /* rectangles drawn by the last draw_frame; -1: the whole screen */
    SDL_Rect *changed_rects; /* those rectangles, for updating only them on screen */
    size_t changed_cap;
    bool quit;
    bool kiosk;                      /* fullscreen kiosk: only the organiser (admin) can leave */
    bool targets_failed;             /* writing the targets file failed once; said on stderr */
    bool draw_failed;                /* drawing failed once; said on stderr */
    int out_w, out_h;                /* output size of the last layout, pixels */
    double screen_mm_w, screen_mm_h; /* ShellOptions' */
    double display_px_per_mm;        /* what the display reports, 0 if nothing usable */
    bool density_said;               /* the density was written on stderr */
    Press press;
    void (*alive)(void);       /* the watchdog keep-alive, or NULL */
    int64_t alive_interval_ms; /* how often alive must be called, ms */
    int64_t alive_next;        /* when it is due next, monotonic ms */

    uint64_t frames;
    double last_frame_ms;

    /* MINGEL_BENCH_SCANS (mingel-bench): after a scan, once its frame is presented, say how
     * long that took from the Enter event's own timestamp. */
    bool report_scans;
    bool scan_pending;
    int64_t scan_event_ms;    /* the Enter's timestamp, event clock */
    int64_t scan_handled_ms;  /* the event clock when it was handled */
    uint64_t scan_handled_pc; /* and SDL's performance counter then, for sub-ms precision */
};

static void set_sdl_err(char *err, size_t errcap, const char *what)
{
    if (err && errcap > 0) {
        snprintf(err, errcap, "%s: %s", what, SDL_GetError());
    }
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) {
        memcpy(d, s, n);
    }
    return d;
}

/* ---- Time ------------------------------------------------------------------------ */

/* The event clock: SDL's ticks (ms since SDL started), of which event timestamps are the
 * low 32 bits; a test's clock instead, if it gave one. */
static int64_t clock_ms(const Shell *sh)
{
    return sh->test_clock ? sh->test_clock(sh->test_clock_ctx) : (int64_t)SDL_GetTicks64();
}

/* An event's own time on the event clock (its 32-bit timestamp wraps after 49 days). */
static int64_t event_ms(const Shell *sh, Uint32 timestamp)
{
    int64_t now = clock_ms(sh);
    return now - (int64_t)(Uint32)((Uint32)now - timestamp);
}

/* The flow runs on the system clock: it is the event clock plus this, taken afresh each
 * turn of the loop so that a clock set meanwhile (NTP at boot) reaches the flow. */
static void update_offset(Shell *sh)
{
    input_set_offset(sh->input,
                     sh->test_clock ? sh->test_epoch_ms : ids_now_ms() - (int64_t)SDL_GetTicks64());
}

/* ---- Frames ---------------------------------------------------------------------- */

/* The display's density as SDL reports it (X11 and Wayland from the monitor's EDID), in
 * pixels per millimetre, or 0: when it cannot say, or says 96 dpi, which X servers report
 * when they do not know, or something no panel has. */
static double display_density(SDL_Window *window)
{
    float ddpi = 0, hdpi = 0, vdpi = 0;
    int index = SDL_GetWindowDisplayIndex(window);
    if (index < 0 || SDL_GetDisplayDPI(index, &ddpi, &hdpi, &vdpi) != 0) {
        return 0;
    }
    if (hdpi == 96.0f || hdpi < 60.0f || hdpi > 600.0f) {
        return 0;
    }
    return hdpi / 25.4;
}

/* The panel's pixels per millimetre for a w x h output, and where it came from: the size
 * given (long side against long side, so either way round), the display's report when
 * fullscreen, or 0 for the ui's default. */
static double panel_density(const Shell *sh, int w, int h, const char **from)
{
    if (sh->screen_mm_w > 0 && sh->screen_mm_h > 0) {
        double long_mm = sh->screen_mm_w > sh->screen_mm_h ? sh->screen_mm_w : sh->screen_mm_h;
        *from = "--screen-mm";
        return (w > h ? w : h) / long_mm;
    }
    if (sh->kiosk && sh->display_px_per_mm > 0) {
        *from = "the display";
        return sh->display_px_per_mm;
    }
    *from = "the usual panel of that size";
    return 0;
}

/* Lays the current view out for the current output size, with the pressed point. */
static void layout(Shell *sh)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(sh->renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
        SDL_GetWindowSize(sh->window, &w, &h);
    }
    const char *from = "";
    double density = panel_density(sh, w, h, &from);
    ui_set_px_per_mm(sh->ui, density);
    if (!sh->density_said || w != sh->out_w || h != sh->out_h) {
        /* Once, and again on a new size: the journal says how the kiosk sized itself. A
         * display that says it is turned is not turned here: the ui lays out for the
         * picture's own pixels (taller than wide: portrait), so rotate in the system. */
        SDL_DisplayOrientation o = SDL_GetDisplayOrientation(SDL_GetWindowDisplayIndex(sh->window));
        bool turned =
            o == SDL_ORIENTATION_LANDSCAPE_FLIPPED || o == SDL_ORIENTATION_PORTRAIT_FLIPPED ||
            (o == SDL_ORIENTATION_PORTRAIT && w > h) || (o == SDL_ORIENTATION_LANDSCAPE && h > w);
        if (sh->kiosk) {
            fprintf(stderr, "mingel: screen %dx%d px, %.2f px/mm from %s, %s layout%s\n", w, h,
                    density > 0 ? density : ui_default_px_per_mm(w, h), from,
                    h > w ? "portrait" : "landscape",
                    turned ? " (the display reports itself turned: mingel draws the picture as "
                             "the system gives it)"
                           : "");
        }
        sh->density_said = true;
    }
    sh->out_w = w;
    sh->out_h = h;
    /* The results the search screen has room for at this size (a no-op when unchanged). */
    flow_set_result_rows(sh->flow, ui_result_rows(w, h, density));
    const Press *p = &sh->press;
    bool pressed = p->down && p->has_target && p->over;
    ui_frame(sh->ui, flow_view(sh->flow), w, h, pressed ? p->x : -1, pressed ? p->y : -1);
    sh->stale = false;
}

/* Lays out and draws the frame into the renderer, without presenting it: only the parts
 * that changed when the renderer keeps the last frame, else everything. */
static void draw_frame(Shell *sh)
{
    layout(sh);
    size_t n = 0;
    const UiCmd *cmds = ui_commands(sh->ui, &n);
    const UiRect screen = {0, 0, sh->out_w, sh->out_h};
    const UiRect *regions = &screen;
    int count = 1;
    if (sh->keeps_frame) {
        if (sh->full) {
            damage_reset(sh->damage);
        }
        count = damage_update(sh->damage, sh->text, cmds, n, sh->out_w, sh->out_h, &regions);
    }
    sh->full = false;

    /* The ui paints its own background over the whole screen; clearing first would fill
     * every pixel twice (a full-screen fill is ~1 ms of a 1920x1080 software frame). */
    bool covered = n > 0 && cmds[0].kind == UI_CMD_RECT && cmds[0].color.a == 255 &&
                   cmds[0].radius == 0 && cmds[0].rect.x <= 0 && cmds[0].rect.y <= 0 &&
                   cmds[0].rect.x + cmds[0].rect.w >= sh->out_w &&
                   cmds[0].rect.y + cmds[0].rect.h >= sh->out_h;
    int rc = 0;
    for (int i = 0; i < count; i++) {
        const UiRect *r = &regions[i];
        bool whole = r->x <= 0 && r->y <= 0 && r->w >= sh->out_w && r->h >= sh->out_h;
        if (!covered) {
            SDL_Rect sr = {r->x, r->y, r->w, r->h};
            SDL_SetRenderDrawBlendMode(sh->renderer, SDL_BLENDMODE_NONE);
            SDL_SetRenderDrawColor(sh->renderer, 0, 0, 0, 255);
            rc |= SDL_RenderFillRect(sh->renderer, &sr);
        }
        rc |= draw_commands(sh->draw, sh->text, sh->icons, cmds, n, whole ? NULL : r);
    }
    /* Remember what was drawn, so that only that is sent to the screen. */
    sh->changed_count = -1;
    if (sh->keeps_frame && (count == 0 || regions != &screen)) {
        if ((size_t)count > sh->changed_cap) {
            SDL_Rect *grown = realloc(sh->changed_rects, (size_t)count * sizeof *grown);
            if (grown) {
                sh->changed_rects = grown;
                sh->changed_cap = (size_t)count;
            }
        }
        if ((size_t)count <= sh->changed_cap) {
            for (int i = 0; i < count; i++) {
                sh->changed_rects[i] =
                    (SDL_Rect){regions[i].x, regions[i].y, regions[i].w, regions[i].h};
            }
            sh->changed_count = count;
        }
    }
    if (rc != 0 && !sh->draw_failed) {
        /* Said once: a renderer that fails once fails on every frame. */
        sh->draw_failed = true;
        fprintf(stderr, "mingel: drawing failed: %s\n", SDL_GetError());
    }
}

/* Appends "WHAT T" (T: the event clock now) to the events log, if there is one. A test's
 * aid: failing to write is said once, with the targets file's failures. */
static void log_event(Shell *sh, const char *what)
{
    if (!sh->events_path) {
        return;
    }
    FILE *f = fopen(sh->events_path, "a");
    if (f) {
        fprintf(f, "%s %lld\n", what, (long long)clock_ms(sh));
        if (fclose(f) == 0) {
            return;
        }
    }
    if (!sh->targets_failed) {
        sh->targets_failed = true;
        fprintf(stderr, "mingel: cannot write %s\n", sh->events_path);
    }
}

static void log_target(Shell *sh, const char *what, const UiTarget *t)
{
    char line[96];
    snprintf(line, sizeof line, "%s %s %d", what, flow_action_name(t->action), t->arg);
    log_event(sh, line);
}

static void write_targets(Shell *sh)
{
    FILE *f = fopen(sh->targets_tmp, "w");
    if (f) {
        size_t n = 0;
        const UiTarget *t = ui_targets(sh->ui, &n);
        fprintf(f, "screen %d %d %d\n", (int)flow_view(sh->flow)->screen, sh->out_w, sh->out_h);
        for (size_t i = 0; i < n; i++) {
            fprintf(f, "%s %d %d %d %d %d\n", flow_action_name(t[i].action), t[i].arg, t[i].rect.x,
                    t[i].rect.y, t[i].rect.w, t[i].rect.h);
        }
        if (fclose(f) == 0 && rename(sh->targets_tmp, sh->targets_path) == 0) {
            return;
        }
    }
    if (!sh->targets_failed) {
        sh->targets_failed = true;
        fprintf(stderr, "mingel: cannot write %s\n", sh->targets_path);
    }
}

/* Presents what draw_frame drew and does the per-frame bookkeeping. */
static void present_frame(Shell *sh, uint64_t started)
{
    /* The software renderer's present sends the whole window surface to the display (an
     * X server copy of ~8 MB at 1920x1080); when only some rectangles changed, send those.
     * The renderer draws into that very surface, so flushing its queue is all it needs. */
    if (sh->changed_count == 0) {
        SDL_RenderFlush(sh->renderer);
    } else if (sh->changed_count < 0 || SDL_RenderFlush(sh->renderer) != 0 ||
               SDL_UpdateWindowSurfaceRects(sh->window, sh->changed_rects, sh->changed_count) !=
                   0) {
        SDL_RenderPresent(sh->renderer);
    }
    textcache_end_frame(sh->text);
    sh->frames++;
    sh->dirty = false;
    sh->last_frame_ms = (double)(SDL_GetPerformanceCounter() - started) * 1000.0 /
                        (double)SDL_GetPerformanceFrequency();
    if (sh->targets_path) {
        write_targets(sh);
    }
    int screen = (int)flow_view(sh->flow)->screen;
    if (sh->events_path && screen != sh->logged_screen) {
        char line[32];
        snprintf(line, sizeof line, "screen %d", screen);
        log_event(sh, line);
        sh->logged_screen = screen;
    }
    if (sh->scan_pending) {
        /* Waiting in the queue (ms, the event clock's resolution) plus handling, the
         * commit and the frame (performance counter). */
        double ms = (double)(sh->scan_handled_ms - sh->scan_event_ms) +
                    (double)(SDL_GetPerformanceCounter() - sh->scan_handled_pc) * 1000.0 /
                        (double)SDL_GetPerformanceFrequency();
        sh->scan_pending = false;
        fprintf(stderr, "scan-frame-ms %.3f\n", ms);
    }
}

static void render(Shell *sh)
{
    uint64_t started = SDL_GetPerformanceCounter();
    draw_frame(sh);
    present_frame(sh, started);
}

/* The flow's view changed: lay out again before the next hit test, draw a new frame. */
static void changed(Shell *sh)
{
    sh->stale = true;
    sh->dirty = true;
}

/* ---- Pointer: touch and mouse as one press ----------------------------------------- */

static bool same_target(const UiTarget *a, const UiTarget *b)
{
    return a->action == b->action && a->arg == b->arg;
}

/* True if (x, y) is over the pressed target in the current layout. */
static bool over_pressed(Shell *sh, int x, int y)
{
    if (sh->stale) {
        layout(sh);
    }
    UiTarget t;
    return sh->press.has_target && ui_hit(sh->ui, x, y, &t) && same_target(&t, &sh->press.target);
}

static bool press_owns(const Shell *sh, bool mouse, SDL_FingerID finger)
{
    const Press *p = &sh->press;
    return p->down && p->mouse == mouse && (mouse || p->finger == finger);
}

static void pointer_down(Shell *sh, int x, int y, bool mouse, SDL_FingerID finger, int64_t at)
{
    if (sh->press.down) {
        return; /* one pointer at a time: a second finger or button is ignored */
    }
    if (sh->stale) {
        layout(sh); /* hit-test what the flow shows now, not an older frame */
    }
    Press *p = &sh->press;
    *p = (Press){
        .down = true, .mouse = mouse, .finger = finger, .x = x, .y = y, .since = at, .start_y = y};
    /* Just after the screen changed, a press is held (its release is this one's) but
     * lands on nothing. */
    p->has_target = input_may_press(sh->input, at) && ui_hit(sh->ui, x, y, &p->target);
    p->over = p->has_target;
    if (sh->events_path && !p->has_target) {
        UiTarget t;
        if (ui_hit(sh->ui, x, y, &t)) {
            log_target(sh, "ignored", &t);
        } else {
            char line[48];
            snprintf(line, sizeof line, "nothing %d %d", x, y);
            log_event(sh, line);
        }
    }
    if (p->has_target) {
        sh->dirty = true; /* draw it pressed */
    }
}

static void pointer_move(Shell *sh, int x, int y, bool mouse, SDL_FingerID finger)
{
    if (!press_owns(sh, mouse, finger)) {
        return;
    }
    Press *p = &sh->press;
    p->x = x;
    p->y = y;
    bool over = over_pressed(sh, x, y);
    if (over != p->over) {
        p->over = over;
        sh->dirty = true;
    }
}

static void pointer_up(Shell *sh, int x, int y, bool mouse, SDL_FingerID finger, int64_t at)
{
    if (!press_owns(sh, mouse, finger)) {
        return;
    }
    UiTarget t = sh->press.target;
    int64_t since = sh->press.since;
    /* A hold target fires only by being held (shell_step), never on a plain tap. */
    bool fire = over_pressed(sh, x, y) && t.hold_ms == 0;
    /* A swipe that began on a search result scrolls the list a page (the finger moving up
     * brings the later results) instead of picking it: an eighth of the screen's shorter
     * side at least, about a result card's height. */
    int dy = y - sh->press.start_y, swipe = (sh->out_w < sh->out_h ? sh->out_w : sh->out_h) / 8;
    if (sh->press.has_target && t.action == FLOW_ACT_PICK && swipe > 0 &&
        (dy >= swipe || dy <= -swipe)) {
        int page = (int)flow_view(sh->flow)->result_count;
        t = (UiTarget){.action = FLOW_ACT_SCROLL, .arg = dy < 0 ? page : -page};
        fire = page > 0;
    }
    if (sh->press.has_target) {
        sh->dirty = true; /* draw it released */
    }
    sh->press = (Press){0};
    if (fire) {
        if (input_tap(sh->input, t.action, t.arg, since, at)) {
            log_target(sh, "tap", &t);
            changed(sh);
        } else {
            log_target(sh, "ignored", &t);
        }
    }
}

/* Window coordinates (mouse) to output pixels. */
static void window_to_output(const Shell *sh, int wx, int wy, int *x, int *y)
{
    int ww = 0, wh = 0, ow = 0, oh = 0;
    SDL_GetWindowSize(sh->window, &ww, &wh);
    if (SDL_GetRendererOutputSize(sh->renderer, &ow, &oh) != 0 || ww <= 0 || wh <= 0 ||
        (ow == ww && oh == wh)) {
        *x = wx;
        *y = wy;
        return;
    }
    *x = (int)((int64_t)wx * ow / ww);
    *y = (int)((int64_t)wy * oh / wh);
}

/* Normalised touch coordinates (0..1 over the window) to output pixels. */
static int touch_to_output(float v, int size)
{
    int p = (int)(v * (float)size);
    return p < 0 ? 0 : p >= size ? size - 1 : p;
}

/* ---- Event handlers ---------------------------------------------------------------- */

/* SDL_QUIT comes from SIGINT/SIGTERM (SDL's signal handlers: systemd stopping the service,
 * Ctrl+C in a terminal) and, outside kiosk mode, from closing the window. In kiosk mode
 * closing the window makes no SDL_QUIT at all (SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE). */
static void on_quit(Shell *sh, const SDL_Event *e)
{
    (void)e;
    sh->quit = true;
}

/* In kiosk mode the window keeps the screen: a window manager that minimises, hides or
 * takes the focus from it (Alt+Tab, a click on a panel) gets it back. */
static void keep_window(Shell *sh)
{
    SDL_RestoreWindow(sh->window);
    SDL_RaiseWindow(sh->window);
    changed(sh);
    sh->full = true;
}

static void on_window(Shell *sh, const SDL_Event *e)
{
    switch (e->window.event) {
    case SDL_WINDOWEVENT_SHOWN:
    case SDL_WINDOWEVENT_EXPOSED:
    case SDL_WINDOWEVENT_RESIZED:
    case SDL_WINDOWEVENT_SIZE_CHANGED:
    case SDL_WINDOWEVENT_MAXIMIZED:
    case SDL_WINDOWEVENT_RESTORED:
        /* The layout depends on the size, and what the window shows is unknown: lay out
         * again and redraw everything. */
        changed(sh);
        sh->full = true;
        break;
    case SDL_WINDOWEVENT_MINIMIZED:
    case SDL_WINDOWEVENT_HIDDEN:
    case SDL_WINDOWEVENT_FOCUS_LOST:
        if (sh->kiosk) {
            keep_window(sh);
        }
        break;
    default: break;
    }
}

static void on_render_reset(Shell *sh, const SDL_Event *e)
{
    if (e->type == SDL_RENDER_DEVICE_RESET) {
        /* The renderer lost every texture: rasterise again from scratch. */
        textcache_flush(sh->text);
        iconcache_flush(sh->icons);
        draw_flush(sh->draw);
    }
    changed(sh);
    sh->full = true;
}

static const struct {
    SDL_Keycode key;
    FlowKey flow_key;
    bool repeats; /* held down, the key acts again */
} key_table[] = {
    {SDLK_RETURN, FLOW_KEY_ENTER, false},
    {SDLK_KP_ENTER, FLOW_KEY_ENTER, false},
    {SDLK_BACKSPACE, FLOW_KEY_BACKSPACE, true},
    {SDLK_ESCAPE, FLOW_KEY_ESCAPE, false},
};

/* Says in the events log whether keys were taken as a scan or went on as typed text. */
static void log_input(Shell *sh, InputDid did)
{
    if (did == INPUT_SCANNED) {
        log_event(sh, "scan");
    } else if (did == INPUT_TYPED) {
        log_event(sh, "typed");
    } else if (did == INPUT_KEY) {
        log_event(sh, "key");
    }
}

static void on_key(Shell *sh, const SDL_Event *e)
{
    for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
        if (key_table[i].key == e->key.keysym.sym) {
            if (!e->key.repeat || key_table[i].repeats) {
                int64_t at = event_ms(sh, e->key.timestamp);
                InputDid did = input_key(sh->input, key_table[i].flow_key, at);
                log_input(sh, did);
                if (did == INPUT_SCANNED && sh->report_scans) {
                    sh->scan_pending = true;
                    sh->scan_event_ms = at;
                    sh->scan_handled_ms = clock_ms(sh);
                    sh->scan_handled_pc = SDL_GetPerformanceCounter();
                }
                changed(sh);
            }
            return;
        }
    }
}

static void on_text(Shell *sh, const SDL_Event *e)
{
    /* Held keys change nothing on screen yet. */
    InputDid did = input_text(sh->input, e->text.text, event_ms(sh, e->text.timestamp));
    log_input(sh, did);
    if (did != INPUT_HELD) {
        changed(sh);
    }
}

static void on_mouse_button(Shell *sh, const SDL_Event *e)
{
    if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT) {
        return;
    }
    int x, y;
    window_to_output(sh, e->button.x, e->button.y, &x, &y);
    int64_t at = event_ms(sh, e->button.timestamp);
    if (e->type == SDL_MOUSEBUTTONDOWN) {
        pointer_down(sh, x, y, true, 0, at);
    } else {
        pointer_up(sh, x, y, true, 0, at);
    }
}

static void on_mouse_motion(Shell *sh, const SDL_Event *e)
{
    if (e->motion.which == SDL_TOUCH_MOUSEID || !sh->press.down) {
        return;
    }
    int x, y;
    window_to_output(sh, e->motion.x, e->motion.y, &x, &y);
    pointer_move(sh, x, y, true, 0);
}

static void on_finger(Shell *sh, const SDL_Event *e)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(sh->renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
        return;
    }
    int x = touch_to_output(e->tfinger.x, w), y = touch_to_output(e->tfinger.y, h);
    SDL_FingerID id = e->tfinger.fingerId;
    int64_t at = event_ms(sh, e->tfinger.timestamp);
    if (e->type == SDL_FINGERDOWN) {
        pointer_down(sh, x, y, false, id, at);
    } else if (e->type == SDL_FINGERMOTION) {
        pointer_move(sh, x, y, false, id);
    } else {
        pointer_up(sh, x, y, false, id, at);
    }
}

/* The badge worker's or the sync thread's nudge (shell_wake, from their threads): the
 * badge results go to the store, and the screen is drawn again if they, or what the sync
 * thread took in or heard, show on it. */
static void on_wake(Shell *sh, const SDL_Event *e)
{
    (void)e;
    int64_t now = sh->test_clock ? sh->test_epoch_ms + clock_ms(sh) : ids_now_ms();
    bool badge = flow_badge_poll(sh->flow, now);
    if (flow_sync_poll(sh->flow, now) || badge) {
        changed(sh);
    }
}

/* Dispatch by event type (SDL's types are sparse, so a short table searched in order).
 * Everything else — text editing, joystick, clipboard — is ignored. */
static const struct {
    Uint32 type;
    void (*fn)(Shell *sh, const SDL_Event *e);
} event_table[] = {
    {SDL_FINGERDOWN, on_finger},
    {SDL_FINGERMOTION, on_finger},
    {SDL_FINGERUP, on_finger},
    {SDL_MOUSEBUTTONDOWN, on_mouse_button},
    {SDL_MOUSEBUTTONUP, on_mouse_button},
    {SDL_MOUSEMOTION, on_mouse_motion},
    {SDL_TEXTINPUT, on_text},
    {SDL_KEYDOWN, on_key},
    {SDL_WINDOWEVENT, on_window},
    {SDL_RENDER_TARGETS_RESET, on_render_reset},
    {SDL_RENDER_DEVICE_RESET, on_render_reset},
    {SDL_QUIT, on_quit},
    {SDL_USEREVENT, on_wake},
};

static void handle(Shell *sh, const SDL_Event *e)
{
    for (size_t i = 0; i < sizeof event_table / sizeof event_table[0]; i++) {
        if (event_table[i].type == e->type) {
            event_table[i].fn(sh, e);
            return;
        }
    }
}

/* ---- Public ------------------------------------------------------------------------ */

Shell *shell_open(const ShellOptions *opt, Flow *flow, char *err, size_t errcap)
{
    if (err && errcap > 0) {
        err[0] = '\0';
    }
    if (!opt || !flow) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "shell_open: no options or no flow");
        }
        return NULL;
    }
    Shell *sh = calloc(1, sizeof *sh);
    if (!sh) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "shell_open: out of memory");
        }
        return NULL;
    }
    sh->flow = flow;
    sh->logged_screen = -1;
    sh->test_clock = opt->test_clock;
    sh->test_clock_ctx = opt->test_clock_ctx;
    sh->test_epoch_ms = opt->test_epoch_ms;
    const char *bench = getenv("MINGEL_BENCH_SCANS");
    sh->report_scans = bench && bench[0] && strcmp(bench, "0") != 0;
    sh->input = input_new(flow);
    if (!sh->input) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "shell_open: out of memory");
        }
        free(sh);
        return NULL;
    }
    if (opt->alive && opt->alive_interval_ms > 0) {
        sh->alive = opt->alive;
        sh->alive_interval_ms = opt->alive_interval_ms;
        sh->alive_next = ids_monotonic_ms();
    }

    /* A kiosk must not minimise itself when another window (an on-screen keyboard, a
     * notification) takes the focus. */
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    sh->kiosk = !opt->windowed;
    if (sh->kiosk) {
        /* Nobody leaves the kiosk without the admin PIN: closing the window (a window
         * manager's Alt+F4, a close button) must not end the program, and system
         * shortcuts (Alt+Tab, Ctrl+Alt+arrows under X) go to us, where they do nothing.
         * SIGTERM and SIGINT still end it cleanly through SDL_QUIT. */
        SDL_SetHint(SDL_HINT_QUIT_ON_LAST_WINDOW_CLOSE, "0");
        SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
        SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
        /* A fullscreen kiosk has no window decorations to draw. Under a compositor that
         * asks clients to draw their own (cage without -d) SDL 2.26 switches to libdecor
         * while showing the window, and the window never appears. */
        SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    }
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        set_sdl_err(err, errcap, "cannot start SDL");
        goto fail;
    }
    sh->sdl_up = true;
    display_choose_renderer(opt->software); /* display.h: how each driver draws */
    if (TTF_Init() != 0) {
        set_sdl_err(err, errcap, "cannot start SDL_ttf");
        goto fail;
    }
    sh->ttf_up = true;

    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    SDL_Rect at = {SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                   opt->width > 0 ? opt->width : DEFAULT_WIDTH,
                   opt->height > 0 ? opt->height : DEFAULT_HEIGHT};
    if (opt->windowed) {
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        /* Created at the display's bounds, not just flagged fullscreen: on X without a
         * window manager nobody acts on the fullscreen request, and SDL would leave a
         * window of the requested size centred, partly off screen, while reporting it
         * as covering the display. */
        SDL_Rect b;
        if (SDL_GetDisplayBounds(0, &b) == 0 && b.w > 0 && b.h > 0) {
            at = b;
        }
        flags |= opt->cover_display ? SDL_WINDOW_BORDERLESS : SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    sh->window = SDL_CreateWindow("mingel", at.x, at.y, at.w, at.h, flags);
    if (!sh->window) {
        set_sdl_err(err, errcap, "cannot open the window");
        goto fail;
    }
    if (opt->software) {
        sh->renderer = SDL_CreateRenderer(sh->window, -1, SDL_RENDERER_SOFTWARE);
    } else {
        sh->renderer = SDL_CreateRenderer(sh->window, -1, SDL_RENDERER_ACCELERATED);
        if (!sh->renderer) {
            sh->renderer = SDL_CreateRenderer(sh->window, -1, SDL_RENDERER_SOFTWARE);
        }
    }
    if (!sh->renderer) {
        set_sdl_err(err, errcap, "cannot create a renderer");
        goto fail;
    }
    if (sh->kiosk) {
        SDL_ShowCursor(SDL_DISABLE); /* a touch kiosk shows no mouse pointer */
        SDL_SetWindowKeyboardGrab(sh->window, SDL_TRUE);
    }

    sh->text = textcache_new(sh->renderer, opt->data_dir, err, errcap);
    if (!sh->text) {
        goto fail;
    }
    sh->icons = iconcache_new(sh->renderer, opt->data_dir, err, errcap);
    if (!sh->icons) {
        goto fail;
    }
    sh->screen_mm_w = opt->screen_mm_w;
    sh->screen_mm_h = opt->screen_mm_h;
    sh->display_px_per_mm = display_density(sh->window);
    sh->draw = draw_new(sh->renderer);
    sh->damage = damage_new();
    sh->ui = ui_new(textcache_measure, sh->text);
    sh->sound = sound_new(opt->data_dir);
    sh->cue_seq = flow_view(flow)->cue_seq;
    if (!sh->draw || !sh->damage || !sh->ui || !sh->sound) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "shell_open: out of memory");
        }
        goto fail;
    }
    if (opt->targets_path && opt->targets_path[0]) {
        sh->targets_path = dup_str(opt->targets_path);
        size_t n = strlen(opt->targets_path) + sizeof ".tmp";
        sh->targets_tmp = malloc(n);
        if (!sh->targets_path || !sh->targets_tmp) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "shell_open: out of memory");
            }
            goto fail;
        }
        snprintf(sh->targets_tmp, n, "%s.tmp", opt->targets_path);
        n = strlen(opt->targets_path) + sizeof ".screens";
        sh->events_path = malloc(n);
        if (!sh->events_path) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "shell_open: out of memory");
            }
            goto fail;
        }
        snprintf(sh->events_path, n, "%s.screens", opt->targets_path);
    }

    /* Physical keyboards and USB barcode scanners type into the kiosk. */
    SDL_StartTextInput();
    sh->text_input = true;

    /* The software renderer draws into the window's own surface, which keeps the last
     * frame: only what changed needs drawing. Others (OpenGL, ...) may not keep it. */
    SDL_RendererInfo info;
    sh->keeps_frame =
        SDL_GetRendererInfo(sh->renderer, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE);

    changed(sh);
    sh->full = true;
    render(sh); /* the first frame, before any event */
    return sh;

fail:
    shell_close(sh);
    return NULL;
}

void shell_close(Shell *sh)
{
    if (!sh) {
        return;
    }
    if (sh->text_input) {
        SDL_StopTextInput();
    }
    ui_free(sh->ui);
    sound_free(sh->sound); /* before SDL_Quit: it closes the audio device */
    damage_free(sh->damage);
    draw_free(sh->draw);
    textcache_free(sh->text); /* before TTF_Quit: it closes fonts */
    iconcache_free(sh->icons);
    if (sh->renderer) {
        SDL_DestroyRenderer(sh->renderer);
    }
    if (sh->window) {
        SDL_DestroyWindow(sh->window);
    }
    if (sh->ttf_up) {
        TTF_Quit();
    }
    if (sh->sdl_up) {
        IMG_Quit(); /* unloads what a PNG screenshot may have loaded */
        SDL_Quit();
    }
    free(sh->targets_path);
    free(sh->targets_tmp);
    free(sh->events_path);
    free(sh->changed_rects);
    input_free(sh->input);
    free(sh);
}

/* Sends the watchdog keep-alive when it is due. Called once per turn of the event loop,
 * so a loop stuck anywhere (a blocked write, a driver) stops the keep-alives. */
static void keep_alive(Shell *sh)
{
    if (!sh->alive) {
        return;
    }
    int64_t mono = ids_monotonic_ms();
    if (mono >= sh->alive_next) {
        sh->alive();
        sh->alive_next = mono + sh->alive_interval_ms;
    }
}

/* Time has come to now: held keys may go on as typed text, the flow keeps its deadlines. */
static void tick(Shell *sh, int64_t now)
{
    bool holding = input_holding(sh->input);
    if (input_tick(sh->input, now)) {
        changed(sh);
    }
    if (holding && !input_holding(sh->input)) {
        log_event(sh, "typed"); /* the run ended without Enter: a person typed it */
    }
}

/* A check-in's sound, once its screen is on display: a new cue from the flow plays if the
 * meeting has sound on. */
static void play_cue(Shell *sh)
{
    const FlowView *v = flow_view(sh->flow);
    if (v->cue_seq == sh->cue_seq) {
        return;
    }
    sh->cue_seq = v->cue_seq;
    if (v->event && v->event->sound) {
        sound_play(sh->sound, v->cue, ids_monotonic_ms());
    }
}

bool shell_step(Shell *sh, int timeout_ms)
{
    keep_alive(sh);
    sound_tick(sh->sound, ids_monotonic_ms());
    update_offset(sh);
    int64_t now = clock_ms(sh);
    tick(sh, now);
    if (sh->dirty) {
        render(sh);
    }
    if (sh->quit) {
        return false;
    }

    /* Sleep until an event, the flow's next deadline, or the caller's timeout. */
    int wait = timeout_ms;
    int64_t deadline = input_next_deadline(sh->input);
    if (deadline >= 0) {
        int64_t until = deadline > now ? deadline - now : 0;
        if (until > INT_MAX) {
            until = INT_MAX;
        }
        if (wait < 0 || until < wait) {
            wait = (int)until;
        }
    }
    /* A finger held on a hold target (the organiser's corner) fires once it has been
     * held long enough, while still down. */
    const Press *p = &sh->press;
    bool holding = p->down && p->has_target && p->over && p->target.hold_ms > 0;
    if (holding) {
        int64_t left = p->since + p->target.hold_ms - clock_ms(sh);
        int until = left > 0 ? (int)left : 0;
        if (wait < 0 || until < wait) {
            wait = until;
        }
    }
    int64_t sound_at = sound_next_deadline(sh->sound);
    if (sound_at >= 0) { /* the audio device is closed once its sound has played */
        int64_t left = sound_at - ids_monotonic_ms();
        int until = left > 0 ? (left < INT_MAX ? (int)left : INT_MAX) : 0;
        if (wait < 0 || until < wait) {
            wait = until;
        }
    }
    if (sh->alive) {
        int64_t left = sh->alive_next - ids_monotonic_ms();
        int until = left > 0 ? (left < INT_MAX ? (int)left : INT_MAX) : 0;
        if (wait < 0 || until < wait) {
            wait = until;
        }
    }
    SDL_Event ev;
    int got = wait == 0 ? SDL_PollEvent(&ev) : SDL_WaitEventTimeout(&ev, wait);
    while (got) {
        handle(sh, &ev);
        got = SDL_PollEvent(&ev);
    }
    now = clock_ms(sh);
    if (sh->press.down && sh->press.has_target && sh->press.over && sh->press.target.hold_ms > 0 &&
        now - sh->press.since >= sh->press.target.hold_ms) {
        UiTarget t = sh->press.target;
        int64_t since = sh->press.since;
        sh->press = (Press){0};
        log_target(sh, input_tap(sh->input, t.action, t.arg, since, now) ? "tap" : "ignored", &t);
        changed(sh);
    }

    keep_alive(sh);
    tick(sh, now);
    if (flow_view(sh->flow)->quit) {
        sh->quit = true; /* the organiser left the kiosk from the admin screen */
    }
    if (sh->dirty) {
        render(sh);
    }
    play_cue(sh);
    return !sh->quit;
}

int shell_run(Shell *sh)
{
    while (shell_step(sh, -1)) {
    }
    return 0;
}

const Ui *shell_ui(const Shell *sh)
{
    return sh->ui;
}

void shell_size(const Shell *sh, int *w, int *h)
{
    int ow = sh->out_w, oh = sh->out_h;
    if (SDL_GetRendererOutputSize(sh->renderer, &ow, &oh) != 0) {
        ow = sh->out_w;
        oh = sh->out_h;
    }
    if (w) {
        *w = ow;
    }
    if (h) {
        *h = oh;
    }
}

int shell_screenshot(Shell *sh, const char *png_path, char *err, size_t errcap)
{
    /* Read back before presenting: after SDL_RenderPresent the back buffer's content is
     * undefined for accelerated renderers. */
    uint64_t started = SDL_GetPerformanceCounter();
    sh->full = true;
    draw_frame(sh);
    int rc = -1;
    SDL_Surface *s =
        SDL_CreateRGBSurfaceWithFormat(0, sh->out_w, sh->out_h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        set_sdl_err(err, errcap, "screenshot");
    } else if (SDL_RenderReadPixels(sh->renderer, NULL, SDL_PIXELFORMAT_RGB24, s->pixels,
                                    s->pitch) != 0) {
        set_sdl_err(err, errcap, "screenshot: cannot read pixels");
    } else if (IMG_SavePNG(s, png_path) != 0) {
        set_sdl_err(err, errcap, png_path);
    } else {
        rc = 0;
    }
    SDL_FreeSurface(s);
    present_frame(sh, started);
    return rc;
}

void shell_wake(void *ctx)
{
    (void)ctx;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_USEREVENT;
    SDL_PushEvent(&e); /* thread-safe; fails (harmlessly) before SDL is up */
}

void shell_invalidate(Shell *sh)
{
    changed(sh);
}

void shell_stats(const Shell *sh, ShellStats *out)
{
    memset(out, 0, sizeof *out);
    out->frames = sh->frames;
    out->last_frame_ms = sh->last_frame_ms;
    TextCacheStats ts;
    textcache_stats(sh->text, &ts);
    out->texts_rendered = ts.rendered;
    out->texts_cached = ts.entries;
    out->text_bytes = ts.bytes;
    out->fonts_open = ts.fonts_open;
    IconCacheStats is;
    iconcache_stats(sh->icons, &is);
    out->icons_rasterised = is.rasterised;
    out->icons_cached = is.entries;
    out->icon_bytes = is.bytes;
    SDL_RendererInfo info;
    out->renderer = SDL_GetRendererInfo(sh->renderer, &info) == 0 ? info.name : "";
    out->sound_playing = sound_playing(sh->sound);
}
