/* boardshell: the window of `mingel board`, a screen in the room showing who is here.
 *
 * It opens a fullscreen window (on the display asked for: a TV or projector is often the
 * second display of the kiosk's machine) or a window, and draws ui_board_frame of a Board
 * (core/board.h) with the kiosk's fonts and renderer code. It never takes input except
 * Escape or q in a window, and the window manager's close. Between looks at the store it
 * sleeps in SDL_WaitEventTimeout: it wakes once per poll interval (1 s) to ask SQLite's
 * data_version, a read of a counter in shared memory, and draws only when that changed.
 */
#ifndef MINGEL_BOARDSHELL_H
#define MINGEL_BOARDSHELL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/board.h"
#include "ui/ui_board.h"

typedef struct BoardShellOptions {
    bool windowed;        /* false: fullscreen on the display */
    int display;          /* 0-based display index for fullscreen (SDL's numbering) */
    int width, height;    /* window size when windowed (default 1280x720) */
    bool cover_display;   /* a borderless window at the display's bounds (see shell.h) */
    bool software;        /* SDL's software renderer */
    const char *data_dir; /* holds fonts/ and assets/icons/ */
    int poll_ms;          /* how often the store is asked for changes (default 1000) */
} BoardShellOptions;

typedef struct BoardShell BoardShell;

/* Opens the window and draws the first frame. The board is borrowed. NULL with a message
 * in err on failure. */
BoardShell *boardshell_open(const BoardShellOptions *opt, Board *board, char *err, size_t errcap);

/* Closes the window; bs may be NULL. */
void boardshell_close(BoardShell *bs);

/* Waits for events at most timeout_ms (never past the next poll), handles them, polls the
 * board when due and draws when something changed. Returns false once quit was asked. */
bool boardshell_step(BoardShell *bs, int timeout_ms);

/* Runs until quit (SIGTERM, SIGINT, the window closed, Escape in a window). Returns 0. */
int boardshell_run(BoardShell *bs);

/* Draws a whole frame, saves it as a PNG and presents it. 0, or -1 with err. */
int boardshell_screenshot(BoardShell *bs, const char *png_path, char *err, size_t errcap);

typedef struct BoardShellStats {
    uint64_t wakeups;     /* returns from SDL_WaitEventTimeout */
    uint64_t frames;      /* frames drawn */
    uint64_t polls;       /* looks at the store's data_version */
    uint64_t reads;       /* reads of the board after a change */
    double last_frame_ms; /* draw + present of the last frame */
    int width, height;    /* output pixels */
} BoardShellStats;

void boardshell_stats(const BoardShell *bs, BoardShellStats *out);

/* The ui of the last frame (for tests: its commands, ui_overflow). */
const Ui *boardshell_ui(const BoardShell *bs);

/* The fit of the last frame (ui_board.h). */
UiBoardFit boardshell_fit(const BoardShell *bs);

#endif
