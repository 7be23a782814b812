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
 * target, and sliding off cancels. Only one pointer is tracked; a second finger is
 * ignored until the first lifts. SDL also reports touches as synthetic mouse events
 * (which == SDL_TOUCH_MOUSEID); those are dropped so a tap never fires twice. Positions
 * are converted to output pixels, which differ from window coordinates on HiDPI screens.
 *
 * For end-to-end tests the hit targets of every frame can be written to a file (written
 * to a temporary name and renamed, so a reader never sees half a file).
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
#include "sdl/damage.h"
#include "sdl/draw.h"
#include "sdl/iconcache.h"
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
    int64_t since;   /* when it went down (monotonic ms): hold targets fire after a hold */
} Press;

struct Shell {
    Flow *flow; /* borrowed */
    SDL_Window *window;
    SDL_Renderer *renderer;
    TextCache *text;
    IconCache *icons;
    Draw *draw;
    Damage *damage;
    Ui *ui;
    char *targets_path; /* owned copies, or NULL */
    char *targets_tmp;

    bool sdl_up, ttf_up, text_input; /* what shell_close has to undo */
    bool stale;                      /* the flow changed since the last ui_frame */
    bool dirty;                      /* a new frame is due */
    bool full;                       /* the next frame redraws everything (screen unknown) */
    bool keeps_frame;                /* the renderer keeps the last frame: redraw changes only */
    int changed_count;       /* rectangles drawn by the last draw_frame; -1: the whole screen */
    SDL_Rect *changed_rects; /* those rectangles, for updating only them on screen */
    size_t changed_cap;
    bool quit;
    bool kiosk;          /* fullscreen kiosk: only the organiser (admin) can leave */
    bool targets_failed; /* writing the targets file failed once; said on stderr */
    bool draw_failed;    /* drawing failed once; said on stderr */
    int out_w, out_h;    /* output size of the last layout, pixels */
    Press press;
    void (*alive)(void);       /* the watchdog keep-alive, or NULL */
    int64_t alive_interval_ms; /* how often alive must be called, ms */
    int64_t alive_next;        /* when it is due next, monotonic ms */

    uint64_t frames;
    double last_frame_ms;
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

/* ---- Frames ---------------------------------------------------------------------- */

/* Lays the current view out for the current output size, with the pressed point. */
static void layout(Shell *sh)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(sh->renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
        SDL_GetWindowSize(sh->window, &w, &h);
    }
    sh->out_w = w;
    sh->out_h = h;
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

static void pointer_down(Shell *sh, int x, int y, bool mouse, SDL_FingerID finger)
{
    if (sh->press.down) {
        return; /* one pointer at a time: a second finger or button is ignored */
    }
    if (sh->stale) {
        layout(sh); /* hit-test what the flow shows now, not an older frame */
    }
    Press *p = &sh->press;
    *p = (Press){.down = true,
                 .mouse = mouse,
                 .finger = finger,
                 .x = x,
                 .y = y,
                 .since = ids_monotonic_ms()};
    p->has_target = ui_hit(sh->ui, x, y, &p->target);
    p->over = p->has_target;
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

static void pointer_up(Shell *sh, int x, int y, bool mouse, SDL_FingerID finger)
{
    if (!press_owns(sh, mouse, finger)) {
        return;
    }
    UiTarget t = sh->press.target;
    /* A hold target fires only by being held (shell_step), never on a plain tap. */
    bool fire = over_pressed(sh, x, y) && t.action != FLOW_ACT_ADMIN;
    if (sh->press.has_target) {
        sh->dirty = true; /* draw it released */
    }
    sh->press = (Press){0};
    if (fire) {
        flow_act(sh->flow, t.action, t.arg, ids_now_ms());
        changed(sh);
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

static void on_key(Shell *sh, const SDL_Event *e)
{
    for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
        if (key_table[i].key == e->key.keysym.sym) {
            if (!e->key.repeat || key_table[i].repeats) {
                flow_key(sh->flow, key_table[i].flow_key, ids_now_ms());
                changed(sh);
            }
            return;
        }
    }
}

static void on_text(Shell *sh, const SDL_Event *e)
{
    flow_text(sh->flow, e->text.text, ids_now_ms());
    changed(sh);
}

static void on_mouse_button(Shell *sh, const SDL_Event *e)
{
    if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT) {
        return;
    }
    int x, y;
    window_to_output(sh, e->button.x, e->button.y, &x, &y);
    if (e->type == SDL_MOUSEBUTTONDOWN) {
        pointer_down(sh, x, y, true, 0);
    } else {
        pointer_up(sh, x, y, true, 0);
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
    if (e->type == SDL_FINGERDOWN) {
        pointer_down(sh, x, y, false, id);
    } else if (e->type == SDL_FINGERMOTION) {
        pointer_move(sh, x, y, false, id);
    } else {
        pointer_up(sh, x, y, false, id);
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

/* Whether SDL's video driver draws a window surface in plain memory (X11 shared memory,
 * the test drivers) rather than through a GPU texture. */
static bool native_framebuffer(const char *driver)
{
    static const char *const drivers[] = {"x11", "dummy", "offscreen"};
    for (size_t i = 0; driver && i < sizeof drivers / sizeof drivers[0]; i++) {
        if (strcmp(driver, drivers[i]) == 0) {
            return true;
        }
    }
    return false;
}

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
    if (opt->software && native_framebuffer(SDL_GetCurrentVideoDriver())) {
        /* Without this SDL backs the window surface with an OpenGL texture, which on a
         * machine without a GPU means Mesa llvmpipe: ~60 ms at start and ~97 MB. Only
         * drivers with a framebuffer of their own can do without: under KMSDRM (the
         * console of a Raspberry Pi) and Wayland (cage) the window surface exists only as
         * a GPU texture, and refusing it would leave no renderer at all. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    }
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
    sh->draw = draw_new(sh->renderer);
    sh->damage = damage_new();
    sh->ui = ui_new(textcache_measure, sh->text);
    if (!sh->draw || !sh->damage || !sh->ui) {
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
    free(sh->changed_rects);
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

bool shell_step(Shell *sh, int timeout_ms)
{
    keep_alive(sh);
    int64_t now = ids_now_ms();
    if (flow_tick(sh->flow, now)) {
        changed(sh);
    }
    if (sh->dirty) {
        render(sh);
    }
    if (sh->quit) {
        return false;
    }

    /* Sleep until an event, the flow's next deadline, or the caller's timeout. */
    int wait = timeout_ms;
    int64_t deadline = flow_next_deadline(sh->flow);
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
    bool holding = p->down && p->has_target && p->over && p->target.action == FLOW_ACT_ADMIN;
    if (holding) {
        int64_t left = p->since + FLOW_ADMIN_HOLD_MS - ids_monotonic_ms();
        int until = left > 0 ? (int)left : 0;
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
    if (sh->press.down && sh->press.has_target && sh->press.over &&
        sh->press.target.action == FLOW_ACT_ADMIN &&
        ids_monotonic_ms() - sh->press.since >= FLOW_ADMIN_HOLD_MS) {
        UiTarget t = sh->press.target;
        sh->press = (Press){0};
        flow_act(sh->flow, t.action, t.arg, ids_now_ms());
        changed(sh);
    }

    keep_alive(sh);
    if (flow_tick(sh->flow, ids_now_ms())) {
        changed(sh);
    }
    if (flow_view(sh->flow)->quit) {
        sh->quit = true; /* the organiser left the kiosk from the admin screen */
    }
    if (sh->dirty) {
        render(sh);
    }
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
}
