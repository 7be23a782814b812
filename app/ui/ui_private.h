/* ui_private: what the files of the ui module share, and nothing outside app/ui includes.
 *
 * ui.h is the one public contract. The implementation is split by concern: ui.c holds the
 * context, the primitives, the shared widgets (buttons, fields, keyboard) and the attendee's
 * check-in screens with the SCREEN_DRAW table; ui_feedback.c the questions, the reflection
 * and the thank-you screen; ui_admin.c the organiser's screens (PIN pad, admin, undo,
 * ask/confirm, clock). Every function here draws into the current frame of ui (see ui.c).
 */
#ifndef MINGEL_UI_PRIVATE_H
#define MINGEL_UI_PRIVATE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/pin.h"
#include "core/qr.h"
#include "core/text.h"
#include "ui/ui.h"

/* ---- Palette ------------------------------------------------------------------------ */

static const UiColor C_BG = {246, 243, 238, 255}; /* warm paper */
static const UiColor C_SURFACE = {255, 255, 255, 255};
static const UiColor C_SHADOW = {216, 210, 199, 255};
static const UiColor C_INK = {31, 42, 55, 255};
static const UiColor C_MUTED = {88, 99, 114, 255};
static const UiColor C_ACCENT = {11, 110, 99, 255}; /* deep teal: 5.9:1 on white */
static const UiColor C_ACCENT_DARK = {7, 78, 70, 255};
static const UiColor C_ACCENT_SOFT = {220, 238, 234, 255};
static const UiColor C_KEY_PRESSED = {205, 226, 221, 255};
static const UiColor C_INFO = {47, 93, 138, 255};
static const UiColor C_WARN = {150, 88, 10, 255}; /* 5.1:1 on the paper */
static const UiColor C_ERROR = {178, 34, 34, 255};
static const UiColor C_ERROR_DARK = {122, 22, 22, 255}; /* a danger button's edge */
static const UiColor C_ERROR_SOFT = {250, 228, 226, 255};
static const UiColor C_WHITE = {255, 255, 255, 255};
static const UiColor C_DIM = {20, 28, 38, 150};

struct Ui {
    UiMeasureFn measure;
    void *measure_ctx;

    UiCmd *cmds;
    size_t *text_off; /* arena offset of each text command, resolved at end of frame */
    size_t ncmd, cmd_cap;
    UiTarget *targets;
    size_t ntarget, target_cap;
    char *arena;
    size_t arena_len, arena_cap;
    bool out_of_memory; /* this frame lost commands; the next frame retries */

    bool overflow;
    size_t overflow_cmd; /* index of the first overflowing text command */

    /* The QR code of the thank-you screen, encoded once per link (31 KB: kept here, not
     * on the stack, and not redone each frame). */
    char qr_text[LINK_URL_MAX];
    QrCode qr;
    bool qr_ok;

    double px_per_mm_set; /* the panel's density as the shell knows it; 0: the default */

    /* Per-frame layout state. */
    double px_per_mm;       /* the panel's pixels per millimetre in this frame */
    double floor_px_per_mm; /* F()'s: px_per_mm, or 0 where a landscape layout is shown
                               across a portrait screen (the organiser's: no floor there,
                               which would only make their text spill out) */
    double u;               /* pixels per design unit */
    bool portrait;          /* laid out for a screen taller than wide (see ui_frame) */
    double cw, ch;          /* the canvas in design units: 800x480 landscape, cw x ch portrait */
    int ox, oy;             /* top-left of the canvas on screen */
    int press_x, press_y;
    const FlowView *view;
};

/* ---- Geometry ----------------------------------------------------------------------- */

static inline int S(const Ui *ui, double v)
{
    return (int)lround(v * ui->u);
}

/* A rectangle given in design units. */
static inline UiRect R(const Ui *ui, double x, double y, double w, double h)
{
    int x0 = ui->ox + S(ui, x), y0 = ui->oy + S(ui, y);
    int x1 = ui->ox + S(ui, x + w), y1 = ui->oy + S(ui, y + h);
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

/* A font of size px design units, never smaller than UI_MIN_CAP_MM on the panel. */
static inline UiFont F(const Ui *ui, double px, UiWeight weight)
{
    int p = S(ui, px);
    int least = (int)ceil(UI_MIN_CAP_MM * ui->floor_px_per_mm / UI_CAP_RATIO);
    least = least < 6 ? 6 : least;
    return (UiFont){p < least ? least : p, weight};
}

static inline bool inside(UiRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}
/* A square of side d (design units) centred on (cx, cy). */
static inline UiRect square(const Ui *ui, double cx, double cy, double d)
{
    UiRect r = R(ui, cx - d / 2, cy - d / 2, d, d);
    r.h = r.w;
    return r;
}

/* ---- Millimetres -------------------------------------------------------------------- */

/* Sizes are given in millimetres on the reference panel, the Raspberry Pi 7" (800x480 at
 * UI_REF_PX_PER_MM): MM() turns them into design units, the pixels of that panel. Every
 * supported screen shows a design unit at least that large (ui_frame), so a size given as
 * MM(9) is at least 9 mm on the glass; the tests measure it with each size's density. */
#define MM(mm) ((double)(int)((mm)*UI_REF_PX_PER_MM + 0.5)) /* whole units */
/* A font size (design units) whose capitals are mm tall. */
#define CAP(mm) ((mm)*UI_REF_PX_PER_MM / UI_CAP_RATIO)

/* The on-screen keyboard's geometry (design units), shared with the clock screen. */
#define KB_MARGIN 8.0
#define KB_GAP    6.0
#define KB_ROW_H  MM(9.1) /* a key: 48 units, 9.1 mm */
#define KB_TOP    (480.0 - KB_MARGIN - 4 * KB_ROW_H - 3 * KB_GAP)
/* Portrait: taller keys, and the screen's action as a full-width row above them. */
#define KB_PORTRAIT_ROW_H    MM(10.6)
#define KB_PORTRAIT_GAP      5.0
#define KB_PORTRAIT_ACTION_H MM(12.0)

/* ---- Sizes -------------------------------------------------------------------------- */

/* The type scale: each name is the height of its capitals on the panel, in millimetres
 * (CAP() gives the font size). Body text (what a person reads to act: names, questions,
 * hints) has capitals of at least 3 mm, readable at arm's length; nothing is under
 * UI_MIN_CAP_MM (2.5 mm), which F() enforces whatever the density. One name per size the
 * screens share, so a size is changed in one place, as microui's mu_Style holds its sizes. */
#define UI_TEXT_DISPLAY    CAP(5.3)  /* the event title, a chosen name, "no event" */
#define UI_TEXT_HEADLINE   CAP(4.8)  /* the big check-in button, a greeting */
#define UI_TEXT_ACTION     CAP(4.3)  /* main actions, PIN digits, the 0-10 numbers */
#define UI_TEXT_TITLE      CAP(4.0)  /* the title of a screen or dialog, OK buttons */
#define UI_TEXT_HEADING    CAP(3.5)  /* organiser screen titles, dialog buttons */
#define UI_TEXT_LEAD       CAP(3.25) /* text under a title, keys of the keyboard */
#define UI_TEXT_BODY_LARGE CAP(3.1)  /* hints and the typed value of a field */
#define UI_TEXT_BODY       CAP(3.05) /* result names, placeholders, dialog bodies */
#define UI_TEXT_BODY_SMALL CAP(2.8)  /* bar buttons, prompts */
#define UI_TEXT_CONTROL    CAP(2.7)  /* buttons of the top bar and the admin menu */
#define UI_TEXT_SMALL      CAP(2.6)  /* progress, secondary lines */
#define UI_TEXT_NOTE       CAP(2.55) /* footers, field labels */
#define UI_TEXT_CAPTION    CAP(2.5)  /* captions, small buttons */
#define UI_TEXT_DETAIL     CAP(2.5)  /* details in lists and tiles */
#define UI_TEXT_TINY       CAP(2.5)  /* axis labels, the clock state */

/* Layout constants in design units: the canvas, the top bar, the text column, and the
 * buttons that recur on several screens, those a finger taps given in millimetres. */
#define UI_CANVAS_W        800 /* the design canvas: the 7" panel's pixels */
#define UI_CANVAS_H        480
#define UI_PORTRAIT_W      480      /* a portrait canvas is this wide (or less: ui_frame) */
#define UI_PORTRAIT_MIN_H  800      /* and at least this tall (wider on a 3:4 tablet) */
#define UI_MARGIN          8        /* from the canvas edge to the top bar's controls */
#define UI_BAR_H           MM(10.6) /* the top bar's controls (back, language, title) */
#define UI_TITLE_X         170      /* the screen title's box in the top bar, centred */
#define UI_TITLE_W         460
#define UI_TEXT_X          40 /* the centred column of titles and messages */
#define UI_TEXT_W          720
#define UI_BUTTON_H        MM(15.0) /* an OK button */
#define UI_BIG_BUTTON_H    MM(18.1) /* the main choices of a screen (check in, yes, back) */
#define UI_DIALOG_BUTTON_H MM(16.6) /* the two answers of an ask/confirm dialog */
#define UI_MENU_X          408      /* the admin screen's column of actions */
#define UI_MENU_W          384
#define UI_MENU_H          MM(10.6)
#define UI_ROW_H           MM(10.6) /* a row of a list a finger picks from (results) */

/* ---- Shared widgets (ui.c) ---------------------------------------------------------- */

typedef enum Align { LEFT, CENTER, RIGHT } Align;

/* DANGER is for what cannot be taken back with one tap (leaving the kiosk, an undo): red,
 * never next to a harmless button of the same look. */
typedef enum ButtonStyle {
    PRIMARY,
    SECONDARY,
    GHOST,
    KEY,
    SOFT,
    CARD,
    SELECTED,
    DANGER
} ButtonStyle;

void ui_fill(Ui *ui, UiRect r, UiColor c, int radius);
void ui_icon(Ui *ui, UiIcon which, UiRect r, UiColor c);
void ui_measure(Ui *ui, UiFont font, const char *s, int *w, int *h);
void ui_label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c);
void ui_data_label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c);
int ui_wrap(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c, int max_lines,
            bool is_data);
int ui_line_height(Ui *ui, UiFont font);
int ui_count_lines(Ui *ui, const char *s, UiFont font, int width, int max_lines);
/* A tap target (hold_ms 0), and a target that fires only when held hold_ms (UiTarget). */
void ui_target(Ui *ui, UiRect r, FlowAction a, int arg);
void ui_hold_target(Ui *ui, UiRect r, FlowAction a, int arg, int hold_ms);
bool ui_pressed(const Ui *ui, UiRect r);
void ui_card(Ui *ui, UiRect r, UiColor c, int radius);
UiRect ui_button_face(Ui *ui, UiRect r, ButtonStyle style, FlowAction a, int arg,
                      UiColor *text_color);
void ui_button(Ui *ui, UiRect r, const char *text, UiFont font, ButtonStyle style, FlowAction a,
               int arg);
void ui_language_toggle(Ui *ui);
void ui_back_button(Ui *ui);
void ui_badge_check(Ui *ui, double cx, double cy, double d, UiColor c);
void ui_badge_text(Ui *ui, double cx, double cy, double d, UiColor c, const char *glyph);
void ui_icon_in(Ui *ui, UiIcon which, UiRect face, double size, UiColor c);
/* The keyboard, docked full width at the bottom of the canvas, in the view's layer
 * (keyboard_layer, keyboard_shift, keyboard_email). In portrait the screen's action is a
 * full-width row above the keys, else the last key. ui_keyboard_top is where it begins
 * (design units from the canvas top), for the screen to fill the space above. */
void ui_keyboard(Ui *ui, bool upper, bool sentences, const char *action_text, FlowAction action,
                 ButtonStyle action_style);
double ui_keyboard_top(const Ui *ui);
/* The top bar's title: in the bar in landscape, on a row under it in portrait (there the
 * bar's buttons leave it no room). Returns where the content below begins (units). */
double ui_bar_title(Ui *ui, const char *title, UiFont font);
/* The largest size from font down to min_px (design units) at which s takes at most
 * max_lines lines of width pixels, or min_px's if none does (data text is then
 * shortened with an ellipsis by ui_wrap). */
UiFont ui_fit(Ui *ui, const char *s, UiFont font, double min_px, int width, int max_lines);
void ui_field(Ui *ui, UiRect r, const char *value, const char *placeholder, bool focused,
              FlowAction a, int arg);
void ui_text_area(Ui *ui, UiRect r, const char *value, int lines);
void ui_short_link(Ui *ui, const char *link, UiFont font, UiRect box);

/* A screen of one message (greeting, already, notice, thanks without a link): a badge, a
 * title, the text under it and OK, one column centred on the canvas. */
typedef struct UiMessage {
    UiColor badge;
    const char *glyph; /* NULL: a check mark */
    const char *title;
    double title_px;    /* design units */
    bool title_is_data; /* a name in it: shortened with an ellipsis, never flagged */
    const char *sub;    /* NULL for none */
    double sub_px;
} UiMessage;
void ui_message(Ui *ui, const UiMessage *m);

/* The canvas for a w x h screen (ui.c; ui_result_rows lays out without a frame). */
void ui_layout_setup(Ui *ui, int w, int h, bool portrait_layout);

/* ---- Screens, each named in ui.c's screen table -------------------------------------------- */

/* The attendee's check-in (ui_checkin.c): welcome, search, confirm, greeting, "already
 * checked in", a notice; over any screen, the idle warning and the countdown bar of a
 * screen that returns by itself (w x h: the whole screen). */
void ui_draw_welcome(Ui *ui);
void ui_draw_search(Ui *ui);
void ui_draw_confirm(Ui *ui);
void ui_draw_greeting(Ui *ui);
void ui_draw_already(Ui *ui);
void ui_draw_notice(Ui *ui);
void ui_draw_idle_warning(Ui *ui, int w, int h);
void ui_draw_countdown(Ui *ui, int w, int h);
/* Feedback (ui_feedback.c) and the organiser's screens (ui_admin.c). */

void ui_draw_question(Ui *ui);
void ui_draw_reflection(Ui *ui);
void ui_draw_thanks(Ui *ui);
void ui_draw_pin(Ui *ui);
void ui_draw_admin(Ui *ui);
void ui_draw_admin_undo(Ui *ui);
void ui_draw_admin_ask(Ui *ui);
void ui_draw_admin_clock(Ui *ui);
/* The walk-in form: ui_walkin.c. */
void ui_draw_walkin(Ui *ui);

/* The greeting and "already checked in" with the board's panel (view->board_offer):
 * ui_board.c. */
void ui_draw_greeting_board(Ui *ui);
void ui_draw_admin_kiosks(Ui *ui);

#endif
