/* shell: the SDL2 program around the kiosk: window, event loop, fonts, text and icons.
 *
 * The only layer that includes SDL headers. It turns finger, mouse and keyboard events
 * into flow input, asks the ui for a frame when something changed, and draws the ui's
 * commands with a renderer, caching each rendered text and icon as a texture. Between
 * events it sleeps in SDL_WaitEventTimeout until the flow's next deadline: an idle kiosk
 * uses no CPU.
 *
 * With MINGEL_BENCH_SCANS=1 in the environment, after each barcode scan the shell prints
 * "scan-frame-ms N" on stderr once the frame it led to is presented: N is the time from
 * the Enter key's own event timestamp to then (mingel-bench's scan figure).
 */
#ifndef MINGEL_SHELL_H
#define MINGEL_SHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/flow.h"
#include "ui/ui.h"

typedef struct ShellOptions {
    bool windowed;      /* false: fullscreen on the whole display */
    bool cover_display; /* fullscreen as a borderless window at the display's bounds,
                           without asking the window manager: on X with no window
                           manager (a bare kiosk) SDL waits 100 ms at start for an
                           answer that never comes. Under a window manager, leave
                           false: it may keep its panels above a plain window. */
    int width, height;  /* window size when windowed (default 1280x800) */
    bool software;      /* use SDL's software renderer */
    double screen_mm_w; /* the panel's visible picture, millimetres (either way round);
                           0: the display's own report (fullscreen), else the ui's
                           default for the pixel size (ui_default_px_per_mm) */
    double screen_mm_h;
    const char *data_dir;      /* holds fonts/ and assets/icons/ (see paths_data_dir) */
    const char *targets_path;  /* if set, the hit targets of every frame are written here
                                  (one per line: action arg x y w h), for end-to-end tests,
                                  and screen changes, taps, ignored taps and scans are
                                  appended to targets_path + ".screens" (shell.c) */
    void (*alive)(void);       /* if set, called from the event loop at least every
                                  alive_interval_ms while it turns (a service watchdog) */
    int64_t alive_interval_ms; /* > 0 with alive; the loop wakes for it even when idle */
    /* For tests: the clock events are judged on (ms; pushed events carry its low 32 bits
     * as their timestamp) instead of SDL's ticks, and the flow's time at its 0 (ms since
     * the epoch) instead of the system clock. A test stamps events itself and steps the
     * clock, so taps and scans replay exactly. NULL: the real clocks. */
    int64_t (*test_clock)(void *ctx);
    void *test_clock_ctx;
    int64_t test_epoch_ms;
} ShellOptions;

typedef struct Shell Shell;

/* Initialises SDL, opens the window and loads the fonts and icons. The flow is borrowed.
 * Returns NULL with a message in err on failure; a missing or broken font or icon file is
 * named in it. */
Shell *shell_open(const ShellOptions *opt, Flow *flow, char *err, size_t errcap);

/* Closes the window and shuts SDL down; sh may be NULL. */
void shell_close(Shell *sh);

/* Runs the event loop until the program is asked to quit. Returns 0. */
int shell_run(Shell *sh);

/* Handles pending events, waiting at most timeout_ms for the first, then redraws if
 * anything changed. Returns false once quit was requested. */
bool shell_step(Shell *sh, int timeout_ms);

/* The UI of the last frame (for tests: find where to tap). */
const Ui *shell_ui(const Shell *sh);

/* Output size in pixels. */
void shell_size(const Shell *sh, int *w, int *h);

/* Draws the current view as a whole new frame, saves it as a 24-bit PNG file (read back
 * before it is presented) and presents it. Returns 0, or -1 with SDL's message in err. */
int shell_screenshot(Shell *sh, const char *png_path, char *err, size_t errcap);

/* The flow was changed from outside the shell (or the screen must be redrawn for any
 * other reason): the next shell_step draws a new frame even if no event arrives. */
void shell_invalidate(Shell *sh);

/* Wakes the event loop from any thread (an SDL user event; ctx is unused, a callback's
 * signature): the loop then hands the badge worker's results to the flow
 * (PrintQueueConfig.changed, flow_badge_poll) and the flow looks at the store again, where
 * the sync module took in records of another kiosk (core/sync.h). */
void shell_wake(void *ctx);

typedef struct ShellStats {
    uint64_t frames;           /* frames presented since shell_open */
    double last_frame_ms;      /* layout + draw + present of the last frame, milliseconds */
    uint64_t texts_rendered;   /* strings rasterised so far (text cache misses): redrawing an
                                  unchanged screen adds none */
    size_t texts_cached;       /* text textures held now */
    size_t text_bytes;         /* their pixels, bytes */
    size_t fonts_open;         /* (size, weight) fonts open now */
    uint64_t icons_rasterised; /* icon textures made so far (icon cache misses) */
    size_t icons_cached;       /* icon textures held now */
    size_t icon_bytes;         /* their pixels, bytes */
    const char *renderer;      /* SDL's renderer name ("software", "opengl", ...); static */
    bool sound_playing;        /* a check-in sound is playing (the audio device is open) */
} ShellStats;

/* Counters for tests and benchmarks. */
void shell_stats(const Shell *sh, ShellStats *out);

#endif
