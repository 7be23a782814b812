/* ui_board: the board's screen (`mingel board`), immediate mode like the kiosk's screens
 * (ui.h) and drawn by the same shell code: a Ui's command list, text measured through
 * its function pointer. Free of SDL.
 *
 * The board fills the screen it is given (1920x1080, 3840x2160 or a projector's 1280x720):
 * sizes scale with min(w/1920, h/1080), and the names are laid out in as many columns as
 * fit; when the room is fuller than the screen, the type gets smaller, down to about half,
 * and what still does not fit ends in "och 12 till". It has no touch targets.
 */
#ifndef MINGEL_UI_BOARD_H
#define MINGEL_UI_BOARD_H

#include "core/board.h"
#include "ui/ui.h"

/* How a frame came out, for tests and the log. */
typedef struct UiBoardFit {
    double scale;   /* the type scale chosen: 1.0 full size, smaller to fit more names */
    size_t placed;  /* people whose names are on screen */
    bool all_shown; /* every person on the board fitted */
} UiBoardFit;

/* Lays out and "draws" the board for a w x h pixel screen into ui's command list (read
 * with ui_commands, as after ui_frame; there are no targets). */
UiBoardFit ui_board_frame(Ui *ui, const BoardView *view, int w, int h);

#endif
