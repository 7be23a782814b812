/* ui: the kiosk's screens and widgets, immediate mode, free of SDL.
 *
 * Each frame, ui_frame reads a FlowView and lays out the screen for the given pixel size,
 * producing two lists: draw commands (filled rounded rectangles and text runs) that the
 * shell turns into pixels, and hit targets (rectangle -> flow action) that the shell uses
 * to turn a touch into an action. Text is measured through a function pointer, so layout
 * is exact for the real font while this layer never touches one. Sizes scale with the
 * screen: one "unit" is min(width/800, height/480) so an 800x480 panel and a 4K monitor
 * show the same layout; touch targets never get smaller than about 9 mm on a 7" panel.
 *
 * The Ui owns both lists and the text they point to; they stay valid until the next
 * ui_frame. No allocation happens per frame after the first.
 */
#ifndef MINGEL_UI_H
#define MINGEL_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/flow.h"

typedef struct UiRect {
    int x, y, w, h;
} UiRect;
typedef struct UiColor {
    uint8_t r, g, b, a;
} UiColor;

typedef enum UiWeight { UI_REGULAR = 0, UI_BOLD = 1 } UiWeight;
typedef struct UiFont {
    int px; /* font size in pixels */
    UiWeight weight;
} UiFont;

/* Measures a UTF-8 string in the font: width and line height in pixels. Returns 0, or -1
 * if the text cannot be measured (then *w = *h = 0). */
typedef int (*UiMeasureFn)(void *ctx, UiFont font, const char *text, int *w, int *h);

/* Icons are SVG files in assets/icons/, drawn by the shell at the exact pixel size of the
 * command's rect (crisp from 800x480 to 4K). The names map to files in UI_ICON_FILES. */
typedef enum UiIcon {
    UI_ICON_SMILEY_1, /* very poor */
    UI_ICON_SMILEY_2,
    UI_ICON_SMILEY_3,
    UI_ICON_SMILEY_4,
    UI_ICON_SMILEY_5, /* very good */
    UI_ICON_CHECK,    /* a check mark (white, tinted by the command's colour) */
    UI_ICON_BACK,     /* left arrow */
    UI_ICON_LANGUAGE, /* globe */
    UI_ICON_BACKSPACE,
    UI_ICON_COUNT
} UiIcon;

/* File name (in assets/icons/) of each icon. */
extern const char *const UI_ICON_FILES[UI_ICON_COUNT];

typedef enum UiCmdKind {
    UI_CMD_RECT, /* filled rectangle with corner radius `radius` */
    UI_CMD_TEXT, /* text with its top-left at rect.x, rect.y; rect.w/h is its measured size;
                    drawn clipped to `clip` */
    UI_CMD_ICON, /* icon `icon` scaled to rect; its colours are multiplied by color, so a
                    white icon takes the colour given and {255,255,255,255} draws as is */
} UiCmdKind;

typedef struct UiCmd {
    UiCmdKind kind;
    UiRect rect;
    UiRect clip; /* text only */
    UiColor color;
    int radius;       /* rect only, pixels */
    UiFont font;      /* text only */
    const char *text; /* text only; owned by the Ui */
    UiIcon icon;      /* icon only */
} UiCmd;

typedef struct UiTarget {
    UiRect rect;
    FlowAction action;
    int arg;
} UiTarget;

typedef struct Ui Ui;

/* Creates a UI context that measures text with measure(ctx, ...). Returns NULL when out
 * of memory. */
Ui *ui_new(UiMeasureFn measure, void *measure_ctx);

/* Frees the context; ui may be NULL. */
void ui_free(Ui *ui);

/* Lays out and "draws" the view for a w x h pixel screen. press is the point currently
 * pressed (a finger or mouse button held down) or {-1,-1}: the target under it is drawn
 * pressed. */
void ui_frame(Ui *ui, const FlowView *view, int w, int h, int press_x, int press_y);

/* The commands and targets of the last frame, in drawing order. */
const UiCmd *ui_commands(const Ui *ui, size_t *count);
const UiTarget *ui_targets(const Ui *ui, size_t *count);

/* The topmost target containing (x, y); returns false if none. */
bool ui_hit(const Ui *ui, int x, int y, UiTarget *out);

/* The first target of the last frame with this action and argument (for tests and
 * scripted input); returns false if none. */
bool ui_find(const Ui *ui, FlowAction action, int arg, UiTarget *out);

/* True if any text command of the last frame was wider than its clip rectangle (text
 * that would be cut off); writes the first such text into *first if not NULL. */
bool ui_overflow(const Ui *ui, const char **first);

#endif
