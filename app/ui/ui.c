/* ui: screens and widgets of the kiosk, immediate mode.
 *
 * Every frame is laid out from scratch from the FlowView: there is no retained widget
 * tree to get out of step with the flow. Sizes are millimetres on the reference panel (the
 * 7" Raspberry Pi, 800x480 at 5.3 px/mm; ui_private.h's MM() and CAP()). A landscape screen
 * shows the 800x480 layout scaled by u = min(w/800, h/480) into a centred box, so touch
 * targets grow with the screen; a portrait screen gets a canvas 480 units wide (fewer on a
 * denser panel, so that a unit is never smaller on the glass than on the reference) and as
 * tall as the screen, where the attendee's screens lay out top to bottom with the keyboard
 * docked at the bottom (ui_layout_setup). F() keeps every text at UI_MIN_CAP_MM or more.
 *
 * Widgets append commands (filled rounded rectangles, text runs) and hit targets to
 * arrays owned by the Ui; text is copied into a per-frame arena and referenced by offset
 * until the frame is complete, because the arena may move while it grows. The arrays are
 * kept between frames, so steady-state frames do not allocate.
 *
 * Fixed texts (labels, buttons) are never shortened: if one does not fit, the frame
 * records an overflow that tests catch. Text from people and files (names, titles) is
 * shortened with an ellipsis instead, because a long name must never break the screen.
 */
#include "ui/ui.h"
#include "ui/ui_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pin.h"
#include "core/qr.h"
#include "core/text.h"

/* ---- Context ------------------------------------------------------------------------ */

Ui *ui_new(UiMeasureFn measure, void *measure_ctx)
{
    Ui *ui = calloc(1, sizeof *ui);
    if (!ui) {
        return NULL;
    }
    ui->measure = measure;
    ui->measure_ctx = measure_ctx;
    return ui;
}

void ui_free(Ui *ui)
{
    if (!ui) {
        return;
    }
    free(ui->cmds);
    free(ui->text_off);
    free(ui->targets);
    free(ui->arena);
    free(ui);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return true;
    }
    size_t n = *cap ? *cap * 2 : 128;
    while (n < need) {
        n *= 2;
    }
    void *q = realloc(*p, n * size);
    if (!q) {
        return false;
    }
    *p = q;
    *cap = n;
    return true;
}

static UiCmd *push_cmd(Ui *ui)
{
    size_t cap = ui->cmd_cap;
    if (!grow((void **)&ui->cmds, &cap, ui->ncmd + 1, sizeof *ui->cmds)) {
        ui->out_of_memory = true;
        return NULL;
    }
    size_t cap2 = ui->cmd_cap;
    if (!grow((void **)&ui->text_off, &cap2, ui->ncmd + 1, sizeof *ui->text_off)) {
        ui->out_of_memory = true;
        return NULL;
    }
    ui->cmd_cap = cap < cap2 ? cap : cap2;
    UiCmd *c = &ui->cmds[ui->ncmd];
    memset(c, 0, sizeof *c);
    ui->text_off[ui->ncmd] = (size_t)-1;
    ui->ncmd++;
    return c;
}

/* ---- Primitives --------------------------------------------------------------------- */

void ui_fill(Ui *ui, UiRect r, UiColor c, int radius)
{
    UiCmd *cmd = push_cmd(ui);
    if (!cmd) {
        return;
    }
    cmd->kind = UI_CMD_RECT;
    cmd->rect = r;
    cmd->color = c;
    cmd->radius = radius;
}

const char *const UI_ICON_FILES[UI_ICON_COUNT] = {
    [UI_ICON_SMILEY_1] = "smiley-1.svg",
    [UI_ICON_SMILEY_2] = "smiley-2.svg",
    [UI_ICON_SMILEY_3] = "smiley-3.svg",
    [UI_ICON_SMILEY_4] = "smiley-4.svg",
    [UI_ICON_SMILEY_5] = "smiley-5.svg",
    [UI_ICON_CHECK] = "check.svg",
    [UI_ICON_BACK] = "back.svg",
    [UI_ICON_LANGUAGE] = "language.svg",
    [UI_ICON_BACKSPACE] = "backspace.svg",
    [UI_ICON_SHIFT] = "shift.svg",
    [UI_ICON_UP] = "up.svg",
    [UI_ICON_DOWN] = "down.svg",
};

/* An icon drawn at exactly r's pixel size; c multiplies its colours (white: as drawn). */
void ui_icon(Ui *ui, UiIcon which, UiRect r, UiColor c)
{
    UiCmd *cmd = push_cmd(ui);
    if (!cmd) {
        return;
    }
    cmd->kind = UI_CMD_ICON;
    cmd->icon = which;
    cmd->rect = r;
    cmd->color = c;
}

void ui_measure(Ui *ui, UiFont font, const char *s, int *w, int *h)
{
    if (!ui->measure || ui->measure(ui->measure_ctx, font, s, w, h) != 0) {
        *w = *h = 0;
    }
}

static size_t arena_add(Ui *ui, const char *s, size_t n)
{
    size_t cap = ui->arena_cap;
    if (!grow((void **)&ui->arena, &cap, ui->arena_len + n + 1, 1)) {
        ui->out_of_memory = true;
        return (size_t)-1;
    }
    ui->arena_cap = cap;
    memcpy(ui->arena + ui->arena_len, s, n);
    ui->arena[ui->arena_len + n] = '\0';
    size_t off = ui->arena_len;
    ui->arena_len += n + 1;
    return off;
}

/* One text run with its top-left at (x, y), clipped to clip. */
static void text_at(Ui *ui, const char *s, UiFont font, int x, int y, UiColor c, UiRect clip)
{
    int w, h;
    if (!s || !*s) {
        return;
    }
    ui_measure(ui, font, s, &w, &h);
    size_t off = arena_add(ui, s, strlen(s));
    if (off == (size_t)-1) {
        return;
    }
    UiCmd *cmd = push_cmd(ui);
    if (!cmd) {
        return;
    }
    cmd->kind = UI_CMD_TEXT;
    cmd->rect = (UiRect){x, y, w, h};
    cmd->clip = clip;
    cmd->color = c;
    cmd->font = font;
    ui->text_off[ui->ncmd - 1] = off;
    if ((x < clip.x || x + w > clip.x + clip.w) && !ui->overflow) {
        ui->overflow = true;
        ui->overflow_cmd = ui->ncmd - 1;
    }
}

/* Fixed text placed in box, vertically centred; overflow is recorded, never hidden. */
void ui_label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c)
{
    int w, h;
    ui_measure(ui, font, s, &w, &h);
    int x = align == LEFT ? box.x : align == CENTER ? box.x + (box.w - w) / 2 : box.x + box.w - w;
    if (w > box.w) {
        x = box.x; /* keep the start visible; the overflow is flagged by text_at */
    }
    text_at(ui, s, font, x, box.y + (box.h - h) / 2, c, box);
}

/* People's text: shortened with "…" at a code point boundary when it does not fit. */
void ui_data_label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c)
{
    char buf[FLOW_TEXT_CAP * 2];
    int w, h;
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    ui_measure(ui, font, buf, &w, &h);
    if (w > box.w) {
        size_t len = strlen(buf);
        while (len > 0) {
            len = text_drop_last(buf, len);
            while (len > 0 && buf[len - 1] == ' ') {
                len--;
            }
            memcpy(buf + len, "…", sizeof "…");
            ui_measure(ui, font, buf, &w, &h);
            if (w <= box.w) {
                break;
            }
        }
    }
    ui_label(ui, buf, font, box, align, c);
}

/* The length in bytes of the line that starts at p (not a space) and fits width: whole
 * words while they fit, or the first word alone if even that does not fit (label then
 * flags or shortens it). */
static size_t line_break(Ui *ui, const char *p, UiFont font, int width)
{
    char line[FLOW_TEXT_CAP * 2];
    size_t best = 0;
    int w, h;
    for (;;) {
        size_t end = best;
        while (p[end] == ' ') {
            end++;
        }
        while (p[end] && p[end] != ' ') {
            end++;
        }
        if (end >= sizeof line) {
            break;
        }
        memcpy(line, p, end);
        line[end] = '\0';
        ui_measure(ui, font, line, &w, &h);
        if (w > width && best > 0) {
            break;
        }
        best = end;
        if (!p[end] || w > width) {
            break;
        }
    }
    return best ? best : strcspn(p, " ");
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ') {
        p++;
    }
    return p;
}

/* Wraps s into at most max_lines lines of box.w, from box.y down; returns the height used.
 * Fixed text that needs more lines overflows (flagged); data text gets an ellipsis. */
int ui_wrap(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c, int max_lines,
            bool is_data)
{
    char line[FLOW_TEXT_CAP * 2];
    int used = 0, w, h;
    const char *p = skip_spaces(s ? s : "");
    for (int lines = 0; *p && lines < max_lines; lines++) {
        size_t n = line_break(ui, p, font, box.w);
        if (n >= sizeof line) {
            n = text_drop_last(p, sizeof line - 1); /* one huge word: cut on a code point */
        }
        memcpy(line, p, n);
        line[n] = '\0';
        ui_measure(ui, font, line, &w, &h);
        const char *rest = skip_spaces(p + n);
        bool cut = lines == max_lines - 1 && *rest;
        UiRect lb = {box.x, box.y + used, box.w, h};
        if (cut && is_data) {
            char more[FLOW_TEXT_CAP * 2];
            /* Cutting here is fine: data_label shortens with an ellipsis anyway. */
            if (snprintf(more, sizeof more, "%s %s", line, rest) < 0) {
                more[0] = '\0';
            }
            ui_data_label(ui, more, font, lb, align, c);
        } else {
            if (cut && !ui->overflow) { /* fixed text that needs more lines: flag it */
                ui->overflow = true;
                ui->overflow_cmd = ui->ncmd;
            }
            if (is_data) {
                ui_data_label(ui, line, font, lb, align, c);
            } else {
                ui_label(ui, line, font, lb, align, c);
            }
        }
        used += h;
        p = rest;
    }
    return used;
}

int ui_line_height(Ui *ui, UiFont font)
{
    int w, h;
    ui_measure(ui, font, "Åg", &w, &h);
    return h;
}

/* Number of lines ui_wrap() would use, without drawing. */
int ui_count_lines(Ui *ui, const char *s, UiFont font, int width, int max_lines)
{
    int lines = 0;
    for (const char *p = skip_spaces(s ? s : ""); *p && lines < max_lines; lines++) {
        p = skip_spaces(p + line_break(ui, p, font, width));
    }
    return lines;
}

/* ---- Widgets ------------------------------------------------------------------------ */

void ui_target(Ui *ui, UiRect r, FlowAction a, int arg)
{
    ui_hold_target(ui, r, a, arg, 0);
}

void ui_hold_target(Ui *ui, UiRect r, FlowAction a, int arg, int hold_ms)
{
    size_t cap = ui->target_cap;
    if (!grow((void **)&ui->targets, &cap, ui->ntarget + 1, sizeof *ui->targets)) {
        ui->out_of_memory = true;
        return;
    }
    ui->target_cap = cap;
    ui->targets[ui->ntarget++] = (UiTarget){r, a, arg, hold_ms};
}

bool ui_pressed(const Ui *ui, UiRect r)
{
    return inside(r, ui->press_x, ui->press_y);
}

/* A raised surface: a soft shadow under a rounded card. */
void ui_card(Ui *ui, UiRect r, UiColor c, int radius)
{
    UiRect sh = r;
    sh.y += S(ui, 2);
    ui_fill(ui, sh, C_SHADOW, radius);
    ui_fill(ui, r, c, radius);
}

/* Draws the button's face and registers its target; returns the face rectangle. */
UiRect ui_button_face(Ui *ui, UiRect r, ButtonStyle style, FlowAction a, int arg,
                      UiColor *text_color)
{
    bool down = ui_pressed(ui, r);
    int radius = style == KEY || style == SELECTED ? S(ui, 8) : style == CARD ? S(ui, 12) : r.h / 2;
    UiRect face = r;
    if (down && style != GHOST) {
        face.y += S(ui, 2); /* pressed keys sink onto their shadow */
    }
    switch (style) {
    case SELECTED: /* the chosen key of a segmented control */
    case PRIMARY:
        if (!down) {
            ui_fill(ui, (UiRect){r.x, r.y + S(ui, 3), r.w, r.h}, C_ACCENT_DARK, radius);
        }
        ui_fill(ui, face, down ? C_ACCENT_DARK : C_ACCENT, radius);
        *text_color = C_WHITE;
        break;
    case SECONDARY:
    case CARD:
    case KEY:
        if (!down) {
            ui_fill(ui, (UiRect){r.x, r.y + S(ui, 2), r.w, r.h}, C_SHADOW, radius);
        }
        ui_fill(ui, face, down ? C_KEY_PRESSED : C_SURFACE, radius);
        *text_color = C_INK;
        break;
    case DANGER:
        if (!down) {
            ui_fill(ui, (UiRect){r.x, r.y + S(ui, 3), r.w, r.h}, C_ERROR_DARK, radius);
        }
        ui_fill(ui, face, down ? C_ERROR_DARK : C_ERROR, radius);
        *text_color = C_WHITE;
        break;
    case SOFT:
        ui_fill(ui, face, down ? C_KEY_PRESSED : C_ACCENT_SOFT, radius);
        *text_color = C_ACCENT_DARK;
        break;
    case GHOST:
        if (down) {
            ui_fill(ui, face, C_KEY_PRESSED, radius);
        }
        *text_color = C_ACCENT_DARK;
        break;
    }
    ui_target(ui, r, a, arg);
    return face;
}

void ui_button(Ui *ui, UiRect r, const char *text, UiFont font, ButtonStyle style, FlowAction a,
               int arg)
{
    UiColor tc;
    UiRect face = ui_button_face(ui, r, style, a, arg, &tc);
    int pad = S(ui, style == KEY || style == SELECTED ? 2 : style == GHOST ? 6 : 14);
    ui_label(ui, text, font, (UiRect){face.x + pad, face.y, face.w - 2 * pad, face.h}, CENTER, tc);
}

/* A button with an icon before its label, the pair centred. */
static void icon_button(Ui *ui, UiRect r, UiIcon which, const char *text, UiFont font,
                        ButtonStyle style, FlowAction a, int arg, Align align)
{
    UiColor tc;
    UiRect face = ui_button_face(ui, r, style, a, arg, &tc);
    int d = font.px, gap = S(ui, 6), w, h;
    ui_measure(ui, font, text, &w, &h);
    int x = align == LEFT ? face.x + S(ui, 6) : face.x + (face.w - (d + gap + w)) / 2;
    if (x < face.x + S(ui, 6)) {
        x = face.x + S(ui, 6);
    }
    ui_icon(ui, which, (UiRect){x, face.y + (face.h - d) / 2, d, d}, tc);
    UiRect box = {x + d + gap, face.y, face.x + face.w - S(ui, 6) - (x + d + gap), face.h};
    ui_label(ui, text, font, box, LEFT, tc);
}

void ui_language_toggle(Ui *ui)
{
    const char *other = i18n_text(ui->view->lang, I18N_OTHER_LANGUAGE);
    icon_button(ui, R(ui, ui->cw - UI_MARGIN - 140, UI_MARGIN, 140, UI_BAR_H), UI_ICON_LANGUAGE,
                other, F(ui, UI_TEXT_CONTROL, UI_BOLD), SOFT, FLOW_ACT_LANGUAGE, 0, CENTER);
}

void ui_back_button(Ui *ui)
{
    icon_button(ui, R(ui, UI_MARGIN, UI_MARGIN, 150, UI_BAR_H), UI_ICON_BACK,
                i18n_text(ui->view->lang, I18N_BACK), F(ui, UI_TEXT_CONTROL, UI_BOLD), GHOST,
                FLOW_ACT_BACK, 0, LEFT);
}

double ui_bar_title(Ui *ui, const char *title, UiFont font)
{
    if (!ui->portrait) {
        ui_label(ui, title, font, R(ui, UI_TITLE_X, UI_MARGIN, UI_TITLE_W, UI_BAR_H), CENTER,
                 C_INK);
        return UI_MARGIN + UI_BAR_H + 8;
    }
    double y = UI_MARGIN + UI_BAR_H + 8;
    int used = ui_wrap(ui, title, font, R(ui, 16, y, ui->cw - 32, 0), CENTER, C_INK, 2, false);
    return y + used / ui->u + 10;
}

UiFont ui_fit(Ui *ui, const char *s, UiFont font, double min_px, int width, int max_lines)
{
    int least = F(ui, min_px, font.weight).px;
    for (; font.px > least; font.px--) {
        if (ui_count_lines(ui, s, font, width, max_lines + 1) <= max_lines) {
            /* and no single word wider than the line */
            bool fits = true;
            for (const char *p = s; *p && fits;) {
                size_t n = strcspn(p, " ");
                char word[FLOW_TEXT_CAP * 2];
                if (n >= sizeof word) {
                    n = sizeof word - 1;
                }
                memcpy(word, p, n);
                word[n] = '\0';
                int w, h;
                ui_measure(ui, font, word, &w, &h);
                fits = w <= width;
                p += n;
                while (*p == ' ') {
                    p++;
                }
            }
            if (fits) {
                return font;
            }
        }
    }
    font.px = least;
    return font;
}

/* A round badge with a check mark, for "you are checked in". */
void ui_badge_check(Ui *ui, double cx, double cy, double d, UiColor c)
{
    UiRect r = square(ui, cx, cy, d);
    ui_fill(ui, r, c, r.w / 2);
    ui_icon(ui, UI_ICON_CHECK, square(ui, cx, cy, d * 0.62), C_WHITE);
}

void ui_badge_text(Ui *ui, double cx, double cy, double d, UiColor c, const char *glyph)
{
    UiRect r = R(ui, cx - d / 2, cy - d / 2, d, d);
    r.h = r.w;
    ui_fill(ui, r, c, r.w / 2);
    ui_label(ui, glyph, F(ui, d * 0.6, UI_BOLD), r, CENTER, C_WHITE);
}

void ui_icon_in(Ui *ui, UiIcon which, UiRect face, double size, UiColor c)
{
    int d = S(ui, size);
    ui_icon(ui, which, (UiRect){face.x + (face.w - d) / 2, face.y + (face.h - d) / 2, d, d}, c);
}

/* ---- The on-screen keyboard --------------------------------------------------------- */

/* Every row is 11 key widths wide (the Swedish letter rows); a wider key counts in those. */
#define KB_UNITS 11.0

static const char *const KEY_ROWS[2] = {"qwertyuiopå", "asdfghjklöä"};
static const char *const KEY_ROW3 = "zxcvbnm-";
/* The symbols layer: digits, and what company names and addresses need ("H&M", "3M",
 * "O'Neill", "a_b@c.se"). */
static const char *const SYMBOL_ROWS[2] = {"1234567890+", "&.-'@_,:()!"};
static const char *const SYMBOL_ROW3 = "?\"#%=*/;";

/* The keyboard's geometry in this frame (design units). */
typedef struct Keys {
    double x, w; /* left edge and width of the rows */
    double top;  /* the first key row */
    double row_h, gap;
    double action_y; /* portrait: the screen's action, a full-width row above the keys */
} Keys;

static Keys keys_geometry(const Ui *ui)
{
    Keys k;
    if (ui->portrait) {
        k.gap = KB_PORTRAIT_GAP;
        k.row_h = KB_PORTRAIT_ROW_H;
        k.x = 6;
        k.w = ui->cw - 12;
        k.top = ui->ch - 6 - 4 * k.row_h - 3 * k.gap;
        k.action_y = k.top - k.gap - 4 - KB_PORTRAIT_ACTION_H;
    } else {
        k.gap = KB_GAP;
        k.row_h = KB_ROW_H;
        k.x = KB_MARGIN;
        k.w = UI_CANVAS_W - 2 * KB_MARGIN;
        k.top = KB_TOP;
        k.action_y = k.top;
    }
    return k;
}

double ui_keyboard_top(const Ui *ui)
{
    return keys_geometry(ui).action_y;
}

static double key_unit(const Keys *k)
{
    return (k->w - (KB_UNITS - 1) * k->gap) / KB_UNITS;
}

static double key_width(const Keys *k, double units)
{
    return units * key_unit(k) + (units - 1) * k->gap;
}

/* One key typing cp; a letter's label follows the case the next letter will get. */
static void letter_key(Ui *ui, const Keys *k, double x, double y, uint32_t cp, bool upper)
{
    char lab[8];
    uint32_t shown = cp;
    if (upper && ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7))) {
        shown = cp - 32;
    }
    size_t n = text_encode(shown, lab);
    lab[n] = '\0';
    ui_button(ui, R(ui, x, y, key_unit(k), k->row_h), lab, F(ui, UI_TEXT_LEAD, UI_REGULAR), KEY,
              FLOW_ACT_CHAR, (int)cp);
}

/* A row of single keys from the UTF-8 string p, from x; returns the x after it. */
static double key_row(Ui *ui, const Keys *k, double x, double y, const char *p, bool upper)
{
    while (*p) {
        uint32_t cp;
        size_t n = text_decode(p, strlen(p), &cp);
        if (n == 0) {
            break;
        }
        letter_key(ui, k, x, y, cp, upper);
        x += key_unit(k) + k->gap;
        p += n;
    }
    return x;
}

/* A key with a word on it: a key's narrow padding, whatever its style. */
static void key_button(Ui *ui, UiRect r, const char *text, ButtonStyle style, FlowAction a, int arg)
{
    UiColor tc;
    UiRect face = ui_button_face(ui, r, style, a, arg, &tc);
    int pad = S(ui, 3);
    ui_label(ui, text, F(ui, UI_TEXT_SMALL, UI_BOLD),
             (UiRect){face.x + pad, face.y, face.w - 2 * pad, face.h}, CENTER, tc);
}

/* A wider key with a word on it; returns the x after it. */
static double word_key(Ui *ui, const Keys *k, double x, double y, double units, const char *text,
                       ButtonStyle style, FlowAction a, int arg)
{
    key_button(ui, R(ui, x, y, key_width(k, units), k->row_h), text, style, a, arg);
    return x + key_width(k, units) + k->gap;
}

/* The Swedish keyboard in the view's layer. Letters: three rows of letters with Shift and
 * backspace, then 123, Clear (or a sentence's punctuation), the space bar (or, for an
 * e-mail address, @ . .se .com) and the screen's action. Symbols: digits and signs, ABC. */
void ui_keyboard(Ui *ui, bool upper, bool sentences, const char *action_text, FlowAction action,
                 ButtonStyle action_style)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    Keys k = keys_geometry(ui);
    bool symbols = v->keyboard_layer == FLOW_KEYS_SYMBOLS;
    bool email = v->keyboard_email && !symbols;
    double right = k.x + k.w;
    if (ui->portrait) {
        UiFont f = ui_fit(ui, action_text, F(ui, UI_TEXT_BODY_LARGE, UI_BOLD), UI_TEXT_CONTROL,
                          S(ui, k.w - 36), 1);
        ui_button(ui, R(ui, k.x, k.action_y, k.w, KB_PORTRAIT_ACTION_H), action_text, f,
                  action_style, action, 0);
    }
    for (int row = 0; row < 2; row++) {
        key_row(ui, &k, k.x, k.top + row * (k.row_h + k.gap),
                symbols ? SYMBOL_ROWS[row] : KEY_ROWS[row], upper && !symbols);
    }
    double y = k.top + 2 * (k.row_h + k.gap);
    double x = k.x;
    UiColor tc;
    if (symbols) {
        x = word_key(ui, &k, x, y, ui->portrait ? 2 : 1.5, i18n_text(lang, I18N_CLEAR), KEY,
                     FLOW_ACT_CLEAR, 0);
        x = key_row(ui, &k, x, y, SYMBOL_ROW3, false);
    } else {
        /* Shift: the next letter in the other case; lit while it is on. */
        UiRect face = ui_button_face(ui, R(ui, x, y, key_width(&k, 1.5), k.row_h),
                                     v->keyboard_shift ? SELECTED : KEY, FLOW_ACT_SHIFT, 0, &tc);
        ui_icon_in(ui, UI_ICON_SHIFT, face, k.row_h * 0.55, tc);
        x += key_width(&k, 1.5) + k.gap;
        x = key_row(ui, &k, x, y, KEY_ROW3, upper);
    }
    UiRect face =
        ui_button_face(ui, R(ui, x, y, right - x, k.row_h), KEY, FLOW_ACT_BACKSPACE, 0, &tc);
    ui_icon_in(ui, UI_ICON_BACKSPACE, face, k.row_h * 0.62, tc);

    y += k.row_h + k.gap;
    x = k.x;
    double wide = ui->portrait ? 2 : 1.5; /* a narrow portrait key still holds "Rensa" */
    x = word_key(ui, &k, x, y, wide, symbols ? "ABC" : "123", SOFT, FLOW_ACT_KEYS,
                 symbols ? FLOW_KEYS_LETTERS : FLOW_KEYS_SYMBOLS);
    /* What is left of the row after the action key (landscape only). */
    double action_w = ui->portrait ? 0 : key_width(&k, email ? 4.5 : sentences ? 2.5 : 6);
    double end = right - (action_w > 0 ? action_w + k.gap : 0);
    if (email) {
        /* An address has no spaces: its keys instead. */
        x = key_row(ui, &k, x, y, "@.", false);
        double units = (end - x + k.gap) / (key_unit(&k) + k.gap);
        double each = (units - (units >= 4 ? 1 : 0)) / 2;
        x = word_key(ui, &k, x, y, each, flow_snippet_text(FLOW_SNIPPET_SE), KEY, FLOW_ACT_SNIPPET,
                     FLOW_SNIPPET_SE);
        x = word_key(ui, &k, x, y, each, flow_snippet_text(FLOW_SNIPPET_COM), KEY, FLOW_ACT_SNIPPET,
                     FLOW_SNIPPET_COM);
        if (end - x > key_unit(&k) * 0.9) {
            x = key_row(ui, &k, x, y, "_", false);
        }
    } else {
        /* Writing a sentence needs its punctuation; a name or a search does not. */
        bool punct = sentences && !symbols;
        if (punct) {
            x = key_row(ui, &k, x, y, ",.", false);
        } else if (!symbols) { /* the symbols have Clear in the row above */
            x = word_key(ui, &k, x, y, wide, i18n_text(lang, I18N_CLEAR), KEY, FLOW_ACT_CLEAR, 0);
        }
        double space_w = end - x - (punct ? 2 * (key_unit(&k) + k.gap) : 0);
        ui_button(ui, R(ui, x, y, space_w, k.row_h), i18n_text(lang, I18N_SPACE),
                  F(ui, UI_TEXT_SMALL, UI_REGULAR), KEY, FLOW_ACT_SPACE, 0);
        x += space_w + k.gap;
        if (punct) {
            key_row(ui, &k, x, y, "?!", false);
        }
    }
    if (!ui->portrait) {
        key_button(ui, R(ui, right - action_w, y, action_w, k.row_h), action_text, action_style,
                   action, 0);
    }
}

/* A text field: the typed text (or a placeholder), with a caret when focused. */
void ui_field(Ui *ui, UiRect r, const char *value, const char *placeholder, bool focused,
              FlowAction a, int arg)
{
    int border = S(ui, focused ? 3 : 1);
    if (a != FLOW_ACT_NONE) {
        ui_target(ui, r, a, arg);
    }
    ui_fill(ui, r, focused ? C_ACCENT : C_SHADOW, S(ui, 10));
    UiRect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    ui_fill(ui, in, C_SURFACE, S(ui, 8));
    UiFont font = F(ui, UI_TEXT_LEAD, UI_REGULAR);
    int pad = S(ui, 14);
    UiRect box = {in.x + pad, in.y, in.w - 2 * pad - S(ui, 4), in.h};
    int w = 0, h = 0;
    if (value && *value) {
        ui_measure(ui, font, value, &w, &h);
        /* Keep the end of long input in view, like any text field. */
        int x = w > box.w ? box.x + box.w - w : box.x;
        text_at(ui, value, font, x, box.y + (box.h - h) / 2, C_INK, box);
        if (w > box.w) { /* scrolled, not overflowing: undo the flag for this run */
            if (ui->overflow && ui->overflow_cmd == ui->ncmd - 1) {
                ui->overflow = false;
            }
            w = box.w;
        }
    } else if (placeholder) {
        /* The caret sits before the placeholder, so leave it room. */
        UiRect ph = {box.x + S(ui, 10), box.y, box.w - S(ui, 10), box.h};
        ui_label(ui, placeholder, F(ui, UI_TEXT_BODY, UI_REGULAR), ph, LEFT, C_MUTED);
        w = 0;
    }
    if (focused) {
        ui_fill(
            ui,
            (UiRect){box.x + w + S(ui, 2), in.y + in.h / 4, S(ui, 2) > 1 ? S(ui, 2) : 2, in.h / 2},
            C_ACCENT, 0);
    }
}

/* A focused field of several lines for a sentence: the text wraps, and when it needs
 * more lines than there are, the last ones stay in view with the caret after the text. */
void ui_text_area(Ui *ui, UiRect r, const char *value, int lines)
{
    int border = S(ui, 3);
    ui_fill(ui, r, C_ACCENT, S(ui, 10));
    UiRect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    ui_fill(ui, in, C_SURFACE, S(ui, 8));
    UiFont font = F(ui, UI_TEXT_BODY_LARGE, UI_REGULAR);
    int pad = S(ui, 12), lh = ui_line_height(ui, font);
    UiRect box = {in.x + pad, in.y + S(ui, 6), in.w - 2 * pad - S(ui, 4), lines * lh};
    const char *p = skip_spaces(value ? value : "");
    int total = ui_count_lines(ui, p, font, box.w, 1000);
    for (int skip = total - lines; skip > 0; skip--) {
        p = skip_spaces(p + line_break(ui, p, font, box.w));
    }
    int used = *p ? ui_wrap(ui, p, font, box, LEFT, C_INK, lines, true) : 0;
    /* The caret goes after the last line's text. */
    int w = 0, h = 0, x = box.x, y = box.y;
    if (used > 0) {
        const char *last = p;
        for (int i = 1; i < (used + lh - 1) / lh; i++) {
            last = skip_spaces(last + line_break(ui, last, font, box.w));
        }
        ui_measure(ui, font, last, &w, &h);
        x = box.x + (w < box.w ? w : box.w);
        y = box.y + used - lh;
    }
    ui_fill(ui, (UiRect){x + S(ui, 2), y + lh / 8, S(ui, 2) > 1 ? S(ui, 2) : 2, lh * 3 / 4},
            C_ACCENT, 0);
}

/* The link as a person could type it: without the scheme, and when even that does not fit,
 * only the form's address (the token is in the code, not needed by hand). */
void ui_short_link(Ui *ui, const char *link, UiFont font, UiRect box)
{
    char shown[LINK_URL_MAX];
    const char *p = strstr(link, "://");
    snprintf(shown, sizeof shown, "%s", p ? p + 3 : link);
    int w, h;
    ui_measure(ui, font, shown, &w, &h);
    if (w > box.w) {
        shown[strcspn(shown, "?#")] = '\0';
    }
    ui_data_label(ui, shown, font, box, CENTER, C_MUTED);
}

typedef void (*DrawFn)(Ui *ui);

static const DrawFn SCREEN_DRAW[FLOW_SCREEN_COUNT] = {
    [FLOW_WELCOME] = ui_draw_welcome,       [FLOW_SEARCH] = ui_draw_search,
    [FLOW_CONFIRM] = ui_draw_confirm,       [FLOW_GREETING] = ui_draw_greeting,
    [FLOW_ALREADY] = ui_draw_already,       [FLOW_WALKIN] = ui_draw_walkin,
    [FLOW_NOTICE] = ui_draw_notice,         [FLOW_QUESTION] = ui_draw_question,
    [FLOW_REFLECTION] = ui_draw_reflection, [FLOW_THANKS] = ui_draw_thanks,
    [FLOW_ADMIN_PIN] = ui_draw_pin,         [FLOW_ADMIN] = ui_draw_admin,
    [FLOW_ADMIN_UNDO] = ui_draw_admin_undo, [FLOW_ADMIN_CLOCK] = ui_draw_admin_clock,
    [FLOW_ADMIN_ASK] = ui_draw_admin_ask,   [FLOW_ADMIN_KIOSKS] = ui_draw_admin_kiosks,
};

/* The screens with a portrait layout of their own: the attendee's, the PIN pad and the
 * organiser's "are you sure?". The
 * organiser's other screens show their landscape layout across a portrait screen's width,
 * centred in its height: smaller, for the staff. */
static const bool SCREEN_PORTRAIT[FLOW_SCREEN_COUNT] = {
    [FLOW_WELCOME] = true,  [FLOW_SEARCH] = true,    [FLOW_CONFIRM] = true,
    [FLOW_GREETING] = true, [FLOW_ALREADY] = true,   [FLOW_WALKIN] = true,
    [FLOW_NOTICE] = true,   [FLOW_QUESTION] = true,  [FLOW_REFLECTION] = true,
    [FLOW_THANKS] = true,   [FLOW_ADMIN_PIN] = true, [FLOW_ADMIN_ASK] = true,
    [FLOW_ADMIN] = false,
};

/* ---- Frame -------------------------------------------------------------------------- */

double ui_default_px_per_mm(int w, int h)
{
    /* Panels as sold, by their pixels: the density of the usual one (its active area). */
    static const struct {
        int w, h;
        double px_per_mm;
    } PANELS[] = {
        {800, 480, 5.3},    /* Raspberry Pi 7" Touch Display: 154 x 86 mm */
        {1024, 600, 6.6},   /* 7" HDMI/DSI panels: 154 x 90 mm */
        {1280, 800, 5.9},   /* 10.1" panels: 217 x 136 mm */
        {720, 1280, 8.2},   /* Raspberry Pi Touch Display 2 (7"), portrait: 88 x 155 mm */
        {768, 1024, 5.2},   /* 9.7" tablet, portrait: 148 x 197 mm */
        {1920, 1080, 5.65}, /* 15.6" portable monitor: 344 x 194 mm */
        {3840, 2160, 6.4},  /* 27" 4K monitor: 597 x 336 mm */
    };
    for (size_t i = 0; i < sizeof PANELS / sizeof PANELS[0]; i++) {
        if ((w == PANELS[i].w && h == PANELS[i].h) || (w == PANELS[i].h && h == PANELS[i].w)) {
            return PANELS[i].px_per_mm;
        }
    }
    return 96 / 25.4; /* a desktop monitor's 96 dpi */
}

void ui_set_px_per_mm(Ui *ui, double px_per_mm)
{
    ui->px_per_mm_set = px_per_mm > 0 ? px_per_mm : 0;
}

/* The canvas for a w x h screen. Landscape: the 800x480 layout scaled to fit, centred.
 * Portrait (with portrait_layout): UI_PORTRAIT_W units across the width, or fewer when the
 * panel is so dense that a unit would be smaller than on the reference panel (the Pi
 * Touch Display 2: 465), and as tall as the screen. */
void ui_layout_setup(Ui *ui, int w, int h, bool portrait_layout)
{
    ui->px_per_mm = ui->px_per_mm_set > 0 ? ui->px_per_mm_set : ui_default_px_per_mm(w, h);
    ui->portrait = portrait_layout && h > w;
    ui->floor_px_per_mm = h > w && !portrait_layout ? 0 : ui->px_per_mm;
    if (ui->portrait) {
        double at_least = ui->px_per_mm / UI_REF_PX_PER_MM;
        ui->u = w / (double)UI_PORTRAIT_W;
        if (h / ui->u < UI_PORTRAIT_MIN_H) { /* 3:4 (a tablet): wider, not shorter */
            ui->u = h / (double)UI_PORTRAIT_MIN_H;
        }
        if (ui->u < at_least && w / at_least >= 400) {
            ui->u = at_least;
        }
        ui->cw = w / ui->u;
        ui->ch = h / ui->u;
        ui->ox = ui->oy = 0;
        return;
    }
    double sx = w / (double)UI_CANVAS_W, sy = h / (double)UI_CANVAS_H;
    ui->u = sx < sy ? sx : sy;
    if (ui->u <= 0) {
        ui->u = 1;
    }
    ui->cw = UI_CANVAS_W;
    ui->ch = UI_CANVAS_H;
    ui->ox = (w - S(ui, UI_CANVAS_W)) / 2;
    ui->oy = (h - S(ui, UI_CANVAS_H)) / 2;
}

void ui_frame(Ui *ui, const FlowView *view, int w, int h, int press_x, int press_y)
{
    ui->ncmd = ui->ntarget = ui->arena_len = 0;
    ui->overflow = false;
    ui->out_of_memory = false;
    ui->view = view;
    ui->press_x = press_x;
    ui->press_y = press_y;
    bool known = (unsigned)view->screen < FLOW_SCREEN_COUNT;
    ui_layout_setup(ui, w, h, known && SCREEN_PORTRAIT[view->screen]);

    ui_fill(ui, (UiRect){0, 0, w, h}, C_BG, 0);
    if (known && SCREEN_DRAW[view->screen]) {
        SCREEN_DRAW[view->screen](ui);
    }
    if (view->idle_warning) {
        ui_draw_idle_warning(ui, w, h);
    }
    ui_draw_countdown(ui, w, h);

    for (size_t i = 0; i < ui->ncmd; i++) {
        ui->cmds[i].text = ui->text_off[i] == (size_t)-1 ? NULL : ui->arena + ui->text_off[i];
    }
}

const UiCmd *ui_commands(const Ui *ui, size_t *count)
{
    *count = ui->ncmd;
    return ui->cmds;
}

const UiTarget *ui_targets(const Ui *ui, size_t *count)
{
    *count = ui->ntarget;
    return ui->targets;
}

bool ui_hit(const Ui *ui, int x, int y, UiTarget *out)
{
    for (size_t i = ui->ntarget; i-- > 0;) {
        if (inside(ui->targets[i].rect, x, y)) {
            if (out) {
                *out = ui->targets[i];
            }
            return true;
        }
    }
    return false;
}

bool ui_find(const Ui *ui, FlowAction action, int arg, UiTarget *out)
{
    for (size_t i = 0; i < ui->ntarget; i++) {
        if (ui->targets[i].action == action && ui->targets[i].arg == arg) {
            if (out) {
                *out = ui->targets[i];
            }
            return true;
        }
    }
    return false;
}

bool ui_overflow(const Ui *ui, const char **first)
{
    if (ui->overflow && first) {
        *first = ui->overflow_cmd < ui->ncmd && ui->cmds[ui->overflow_cmd].text
                     ? ui->cmds[ui->overflow_cmd].text
                     : "(text)";
    }
    return ui->overflow;
}
