/* boardshell: the board's window and its quiet loop (contract in boardshell.h).
 *
 * The loop: SDL_WaitEventTimeout until the next poll is due (a window event or SIGTERM
 * wakes it sooner), then board_poll, which asks PRAGMA data_version and reads the board
 * again only when another connection (the kiosk) committed. A frame is drawn only after
 * such a change or a window event; an unchanged room costs one wake-up and one counter
 * read a second, and no drawing.
 */
#include "sdl/boardshell.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include "sdl/display.h"
#include "sdl/draw.h"
#include "sdl/iconcache.h"
#include "sdl/textcache.h"
#include "ui/ui_board.h"

struct BoardShell {
    Board *board; /* borrowed */
    SDL_Window *window;
    SDL_Renderer *renderer;
    TextCache *text;
    IconCache *icons;
    Draw *draw;
    Ui *ui;
    bool sdl_up, ttf_up;
    bool windowed;
    bool dirty; /* a frame is due */
    bool quit;
    bool read_failed; /* said once on stderr */
    int poll_ms;
    uint64_t next_poll; /* SDL ticks */
    int out_w, out_h;
    UiBoardFit fit;
    BoardShellStats stats;
};

static void set_err(char *err, size_t errcap, const char *what)
{
    if (err && errcap > 0) {
        snprintf(err, errcap, "%s: %s", what, SDL_GetError());
    }
}

static void poll_store(BoardShell *bs)
{
    char err[512];
    bool changed = false;
    StoreStatus st = board_poll(bs->board, &changed, err, sizeof err);
    if (st != STORE_OK && !bs->read_failed) {
        bs->read_failed = true; /* a busy or damaged file: said once, tried every second */
        fprintf(stderr, "mingel: board: %s\n", err);
    } else if (st == STORE_OK) {
        bs->read_failed = false;
    }
    bs->dirty |= changed;
    bs->next_poll = SDL_GetTicks64() + (uint64_t)bs->poll_ms;
}

static void draw_frame(BoardShell *bs)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(bs->renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
        SDL_GetWindowSize(bs->window, &w, &h);
    }
    bs->out_w = w;
    bs->out_h = h;
    bs->fit = ui_board_frame(bs->ui, board_view(bs->board), w, h);
    size_t n = 0;
    const UiCmd *cmds = ui_commands(bs->ui, &n);
    if (draw_commands(bs->draw, bs->text, bs->icons, cmds, n, NULL) != 0) {
        fprintf(stderr, "mingel: board: drawing failed: %s\n", SDL_GetError());
    }
}

static void render(BoardShell *bs)
{
    uint64_t started = SDL_GetPerformanceCounter();
    draw_frame(bs);
    SDL_RenderPresent(bs->renderer);
    textcache_end_frame(bs->text);
    bs->dirty = false;
    bs->stats.frames++;
    bs->stats.last_frame_ms = (double)(SDL_GetPerformanceCounter() - started) * 1000.0 /
                              (double)SDL_GetPerformanceFrequency();
}

static void handle(BoardShell *bs, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: bs->quit = true; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) {
            bs->quit = true;
        } else if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
                   e->window.event == SDL_WINDOWEVENT_EXPOSED ||
                   e->window.event == SDL_WINDOWEVENT_SHOWN) {
            bs->dirty = true;
        }
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        textcache_flush(bs->text);
        iconcache_flush(bs->icons);
        draw_flush(bs->draw);
        bs->dirty = true;
        break;
    case SDL_KEYDOWN:
        /* A window can be closed from the keyboard; a fullscreen board has no keyboard
         * worth listening to, and SIGTERM ends it. */
        if (bs->windowed && (e->key.keysym.sym == SDLK_ESCAPE || e->key.keysym.sym == SDLK_q)) {
            bs->quit = true;
        }
        break;
    default: break;
    }
}

BoardShell *boardshell_open(const BoardShellOptions *opt, Board *board, char *err, size_t errcap)
{
    BoardShell *bs = calloc(1, sizeof *bs);
    if (!bs) {
        snprintf(err, errcap, "out of memory");
        return NULL;
    }
    bs->board = board;
    bs->windowed = opt->windowed;
    bs->poll_ms = opt->poll_ms > 0 ? opt->poll_ms : 1000;
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    /* A screen in the room must not go dark: SDL lets the screensaver run only if asked. */
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0) {
        set_err(err, errcap, "cannot start SDL");
        goto fail;
    }
    bs->sdl_up = true;
    display_choose_renderer(opt->software); /* as the kiosk: display.h */
    if (TTF_Init() != 0) {
        set_err(err, errcap, "cannot start SDL_ttf");
        goto fail;
    }
    bs->ttf_up = true;
    Uint32 flags = SDL_WINDOW_ALLOW_HIGHDPI;
    SDL_Rect at = {SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                   opt->width > 0 ? opt->width : 1280, opt->height > 0 ? opt->height : 720};
    if (opt->windowed) {
        flags |= SDL_WINDOW_RESIZABLE;
    } else {
        int displays = SDL_GetNumVideoDisplays();
        if (opt->display >= displays) {
            snprintf(err, errcap, "there is no display %d (%d found)", opt->display + 1,
                     displays < 0 ? 0 : displays);
            goto fail;
        }
        SDL_Rect b;
        if (SDL_GetDisplayBounds(opt->display, &b) == 0 && b.w > 0 && b.h > 0) {
            at = b;
        }
        flags |= opt->cover_display ? SDL_WINDOW_BORDERLESS : SDL_WINDOW_FULLSCREEN_DESKTOP;
    }
    bs->window = SDL_CreateWindow("mingel board", at.x, at.y, at.w, at.h, flags);
    if (!bs->window) {
        set_err(err, errcap, "cannot open the window");
        goto fail;
    }
    bs->renderer = SDL_CreateRenderer(
        bs->window, -1, opt->software ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED);
    if (!bs->renderer && !opt->software) {
        bs->renderer = SDL_CreateRenderer(bs->window, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!bs->renderer) {
        set_err(err, errcap, "cannot create a renderer");
        goto fail;
    }
    if (!opt->windowed) {
        SDL_ShowCursor(SDL_DISABLE);
    }
    bs->text = textcache_new(bs->renderer, opt->data_dir, err, errcap);
    if (!bs->text) {
        goto fail;
    }
    bs->icons = iconcache_new(bs->renderer, opt->data_dir, err, errcap);
    if (!bs->icons) {
        goto fail;
    }
    bs->draw = draw_new(bs->renderer);
    bs->ui = ui_new(textcache_measure, bs->text);
    if (!bs->draw || !bs->ui) {
        snprintf(err, errcap, "out of memory");
        goto fail;
    }
    poll_store(bs);
    render(bs);
    return bs;
fail:
    boardshell_close(bs);
    return NULL;
}

void boardshell_close(BoardShell *bs)
{
    if (!bs) {
        return;
    }
    ui_free(bs->ui);
    draw_free(bs->draw);
    iconcache_free(bs->icons);
    textcache_free(bs->text);
    if (bs->renderer) {
        SDL_DestroyRenderer(bs->renderer);
    }
    if (bs->window) {
        SDL_DestroyWindow(bs->window);
    }
    if (bs->ttf_up) {
        TTF_Quit();
    }
    if (bs->sdl_up) {
        SDL_Quit();
    }
    free(bs);
}

bool boardshell_step(BoardShell *bs, int timeout_ms)
{
    uint64_t now = SDL_GetTicks64();
    int64_t until_poll = bs->next_poll > now ? (int64_t)(bs->next_poll - now) : 0;
    int wait = timeout_ms < 0 || until_poll < timeout_ms ? (int)until_poll : timeout_ms;
    SDL_Event e;
    if (SDL_WaitEventTimeout(&e, wait)) {
        handle(bs, &e);
        while (SDL_PollEvent(&e)) {
            handle(bs, &e);
        }
    }
    bs->stats.wakeups++;
    if (SDL_GetTicks64() >= bs->next_poll) {
        poll_store(bs);
    }
    if (bs->dirty && !bs->quit) {
        render(bs);
    }
    return !bs->quit;
}

int boardshell_run(BoardShell *bs)
{
    while (boardshell_step(bs, -1)) {
    }
    return 0;
}

int boardshell_screenshot(BoardShell *bs, const char *png_path, char *err, size_t errcap)
{
    draw_frame(bs);
    int rc = -1;
    SDL_Surface *s =
        SDL_CreateRGBSurfaceWithFormat(0, bs->out_w, bs->out_h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s) {
        set_err(err, errcap, "screenshot");
    } else if (SDL_RenderReadPixels(bs->renderer, NULL, SDL_PIXELFORMAT_RGB24, s->pixels,
                                    s->pitch) != 0) {
        set_err(err, errcap, "screenshot: cannot read pixels");
    } else if (IMG_SavePNG(s, png_path) != 0) {
        set_err(err, errcap, png_path);
    } else {
        rc = 0;
    }
    SDL_FreeSurface(s);
    SDL_RenderPresent(bs->renderer);
    textcache_end_frame(bs->text);
    return rc;
}

void boardshell_stats(const BoardShell *bs, BoardShellStats *out)
{
    *out = bs->stats;
    board_counts(bs->board, &out->polls, &out->reads);
    out->width = bs->out_w;
    out->height = bs->out_h;
}

UiBoardFit boardshell_fit(const BoardShell *bs)
{
    return bs->fit;
}

const Ui *boardshell_ui(const BoardShell *bs)
{
    return bs->ui;
}
