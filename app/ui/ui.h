/* ui: the kiosk's screens and widgets, immediate mode, free of SDL.
 *
 * Each frame, ui_frame reads a FlowView and lays out the screen for the given pixel size,
 * producing two lists: draw commands (filled rounded rectangles and text runs) that the
 * shell turns into pixels, and hit targets (rectangle -> flow action) that the shell uses
 * to turn a touch into an action. Text is measured through a function pointer, so layout
 * is exact for the real font while this layer never touches one. Sizes are millimetres
 * on the glass (see "Physical size" below): a landscape screen scales one 800x480 layout
 * (the 7" panel's), a portrait screen has layouts of its own, 480 units wide with the
 * keyboard docked at the bottom and the results filling the height.
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
    UI_ICON_UP,   /* chevron up: scroll a list up */
    UI_ICON_DOWN, /* chevron down */
    UI_ICON_SHIFT,
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
    /* How it fires: 0 is an ordinary tap (on release, over the target); > 0 means only a
     * press held this many milliseconds on it fires it, while still down, and a shorter
     * press does nothing (the organiser's hidden corner). The shell owns the timing. */
    int hold_ms;
} UiTarget;

typedef struct Ui Ui;

/* ---- Physical size ----------------------------------------------------------------------
 *
 * The ui lays out in millimetres on the glass. It needs the panel's pixels per millimetre:
 * the shell sets what it knows (the display's own report, --screen-mm, MINGEL_SCREEN_MM);
 * without it the ui takes ui_default_px_per_mm for the frame's size. The rules it keeps,
 * checked by tests/test_ui.c at every supported size: */
#define UI_REF_PX_PER_MM  5.3   /* the reference panel: Raspberry Pi 7", 800x480 */
#define UI_CAP_RATIO      0.714 /* capital height / font size of Noto Sans */
#define UI_MIN_CAP_MM     2.5   /* no text has smaller capitals */
#define UI_BODY_CAP_MM    3.0   /* body text: names, questions, hints, titles */
#define UI_MIN_TARGET_MM  9.0   /* keys, list rows, every tap target's height */
#define UI_MIN_KEY_W_MM   6.8   /* a letter key's width: 11 Swedish letters in a row */
#define UI_MIN_PRIMARY_MM 11.0  /* a screen's main action (WCAG 2.5.5: 44 CSS px) */

/* The documented density of a panel of w x h pixels when nothing better is known:
 * 800x480 5.3 (Pi 7"), 1024x600 / 600x1024 6.6 (7"), 1280x800 5.9 (10.1"), 720x1280 8.2
 * (Pi Touch Display 2), 768x1024 5.2 (9.7" tablet), 1920x1080 / 1080x1920 5.65 (15.6"),
 * 3840x2160 6.4 (27"); any other size 3.78 (96 dpi, a desktop monitor). */
double ui_default_px_per_mm(int w, int h);

/* The panel's pixels per millimetre for the frames that follow; 0 or less: the default
 * for each frame's size. The shell calls it once it knows the display. */
void ui_set_px_per_mm(Ui *ui, double px_per_mm);

/* How many result rows the search screen shows at w x h pixels and this density (0: the
 * default), so the flow can offer as many (the shell gives it flow_set_result_rows): 6 in landscape
 * (two columns of three), in portrait as many as fit between the search field and the keyboard. */
int ui_result_rows(int w, int h, double px_per_mm);

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
