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

/* ---- Screens ------------------------------------------------------------------------ */

/* text without a leading label of the kiosk's own ("Nästa träff:", "Next meeting:", in
 * any of its languages, any case of ASCII letters) that an organiser wrote into it. */
static const char *strip_label(const char *text, I18nId id)
{
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *msg = i18n_text((Lang)l, id);
        size_t n = strcspn(msg, "{");
        while (n > 0 && msg[n - 1] == ' ') {
            n--;
        }
        if (n > 0 && strncasecmp(text, msg, n) == 0) {
            text += n;
            while (*text == ' ') {
                text++;
            }
            return text;
        }
    }
    return text;
}

/* The footer of the welcome screen: who organises, and when the network meets next, each
 * with the kiosk's own label in the screen's language ("Nästa träff:" written into the
 * event file is the organiser's label, and is left out for the kiosk's). */
static void welcome_footer(Ui *ui, const EventInfo *ev, UiRect box)
{
    Lang lang = ui->view->lang;
    char part[2][EVENT_TEXT_MAX * 2] = {"", ""}, both[EVENT_TEXT_MAX * 4 + 8];
    if (ev->organiser[0]) {
        i18n_format(lang, I18N_ORGANISER, ev->organiser, part[0], sizeof part[0]);
    }
    if (ev->next_meeting[0]) {
        i18n_format(lang, I18N_NEXT_MEETING, strip_label(ev->next_meeting, I18N_NEXT_MEETING),
                    part[1], sizeof part[1]);
    }
    snprintf(both, sizeof both, "%s%s%s", part[0], part[0][0] && part[1][0] ? "  ·  " : "",
             part[1]);
    UiFont font = F(ui, UI_TEXT_SMALL, UI_REGULAR);
    int lh = ui_line_height(ui, font), w, h;
    ui_measure(ui, font, both, &w, &h);
    if (w <= box.w || !part[0][0] || !part[1][0]) {
        /* One line, or one part: it wraps onto two lines if it must. */
        font = ui_fit(ui, both, font, UI_TEXT_NOTE, box.w, 2);
        int lines = ui_count_lines(ui, both, font, box.w, 2);
        box.y += (box.h - lines * ui_line_height(ui, font)) / 2;
        ui_wrap(ui, both, font, box, CENTER, C_MUTED, 2, true);
        return;
    }
    /* Each on its own line, smaller if it must be to stay whole. */
    box.y += (box.h - 2 * lh) / 2;
    for (int i = 0; i < 2; i++) {
        UiFont f = ui_fit(ui, part[i], font, UI_TEXT_NOTE, box.w, 1);
        ui_wrap(ui, part[i], f, (UiRect){box.x, box.y + i * lh, box.w, lh}, CENTER, C_MUTED, 1,
                true);
    }
}

void ui_draw_welcome(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    /* The organiser's way in: the screen's own top-left corner (not the layout box's, which
     * is centred with margins on wide screens), invisible, and only a hold of
     * FLOW_ADMIN_HOLD_MS opens it (timed by the shell). */
    ui_hold_target(ui, (UiRect){0, 0, ui->ox + S(ui, 72), ui->oy + S(ui, 72)}, FLOW_ACT_ADMIN, 0,
                   FLOW_ADMIN_HOLD_MS);
    ui_language_toggle(ui);
    double cw = ui->cw, ch = ui->ch, mid = ch / 2;
    if (!v->event) {
        ui_wrap(ui, i18n_text(lang, I18N_NO_EVENT), F(ui, UI_TEXT_DISPLAY, UI_BOLD),
                R(ui, 20, mid - 90, cw - 40, 120), CENTER, C_INK, 3, false);
        ui_wrap(ui, i18n_text(lang, I18N_NO_EVENT_HINT), F(ui, UI_TEXT_BODY, UI_REGULAR),
                R(ui, 20, mid + 30, cw - 40, 80), CENTER, C_MUTED, 3, false);
        return;
    }
    const EventInfo *ev = v->event;
    char when[EVENT_TEXT_MAX * 2], date[64];
    i18n_date(lang, ev->date, date, sizeof date);
    snprintf(when, sizeof when, "%s%s%s%s%s", date, ev->start_time[0] ? " · " : "", ev->start_time,
             ev->venue[0] ? " · " : "", ev->venue);

    /* Where the buttons and the footer go: a row of two (landscape) or a stack at the
     * bottom (portrait), the footer under them. */
    bool both = v->offers_checkin && v->offers_feedback;
    double footer_h = 54, footer_y = ch - 6 - footer_h;
    double buttons_y =
        ui->portrait ? footer_y - 12 - (both ? 2 * UI_BIG_BUTTON_H + 16 : UI_BIG_BUTTON_H) : 318;
    int width = S(ui, cw - 48);
    int title_lines_max = ui->portrait ? 5 : 3;
    UiFont f_when = F(ui, UI_TEXT_BODY, UI_REGULAR),
           f_title = ui_fit(ui, ev->title, F(ui, UI_TEXT_DISPLAY, UI_BOLD), UI_TEXT_LEAD, width,
                            ui->portrait ? title_lines_max : 2),
           f_theme = ui_fit(ui, ev->theme, F(ui, UI_TEXT_LEAD, UI_REGULAR), UI_TEXT_BODY, width,
                            ui->portrait ? 3 : 2);
    int when_lines = ui_count_lines(ui, when, f_when, width, 2);
    int title_lines = ui_count_lines(ui, ev->title, f_title, width, title_lines_max);
    int theme_lines =
        ev->theme[0] ? ui_count_lines(ui, ev->theme, f_theme, width, ui->portrait ? 3 : 2) : 0;
    int block = when_lines * ui_line_height(ui, f_when) + S(ui, 10) +
                title_lines * ui_line_height(ui, f_title) +
                (theme_lines ? S(ui, 10) + theme_lines * ui_line_height(ui, f_theme) : 0);
    /* Centre the block between the top bar and the buttons. */
    int top = ui->oy + S(ui, 72), bottom = ui->oy + S(ui, buttons_y - 12);
    int y = top + (bottom - top - block) / 2;
    if (y < top) {
        y = top;
    }
    int x = ui->ox + S(ui, 24);
    y += ui_wrap(ui, when, f_when, (UiRect){x, y, width, 0}, CENTER, C_MUTED, 2, true);
    y += S(ui, 10);
    y += ui_wrap(ui, ev->title, f_title, (UiRect){x, y, width, 0}, CENTER, C_INK, title_lines_max,
                 true);
    if (theme_lines) {
        y += S(ui, 10);
        ui_wrap(ui, ev->theme, f_theme, (UiRect){x, y, width, 0}, CENTER, C_ACCENT_DARK,
                ui->portrait ? 3 : 2, true);
    }
    if (ui->portrait) {
        double bx = 24, bw = cw - 48, by = buttons_y;
        if (v->offers_checkin) {
            ui_button(ui, R(ui, bx, by, bw, UI_BIG_BUTTON_H), i18n_text(lang, I18N_CHECK_IN),
                      F(ui, UI_TEXT_HEADLINE, UI_BOLD), PRIMARY, FLOW_ACT_START, 0);
            by += UI_BIG_BUTTON_H + 16;
        }
        if (v->offers_feedback) {
            ui_button(ui, R(ui, bx, by, bw, UI_BIG_BUTTON_H), i18n_text(lang, I18N_GIVE_FEEDBACK),
                      F(ui, UI_TEXT_HEADLINE, UI_BOLD), both ? SECONDARY : PRIMARY,
                      FLOW_ACT_FEEDBACK, 0);
        }
    } else if (both) {
        ui_button(ui, R(ui, 70, 318, 320, UI_BIG_BUTTON_H), i18n_text(lang, I18N_CHECK_IN),
                  F(ui, UI_TEXT_ACTION, UI_BOLD), PRIMARY, FLOW_ACT_START, 0);
        ui_button(ui, R(ui, 410, 318, 320, UI_BIG_BUTTON_H), i18n_text(lang, I18N_GIVE_FEEDBACK),
                  F(ui, UI_TEXT_ACTION, UI_BOLD), PRIMARY, FLOW_ACT_FEEDBACK, 0);
    } else if (v->offers_feedback) {
        ui_button(ui, R(ui, 200, 318, 400, UI_BIG_BUTTON_H), i18n_text(lang, I18N_GIVE_FEEDBACK),
                  F(ui, UI_TEXT_HEADLINE, UI_BOLD), PRIMARY, FLOW_ACT_FEEDBACK, 0);
    } else {
        ui_button(ui, R(ui, 220, 318, 360, UI_BIG_BUTTON_H), i18n_text(lang, I18N_CHECK_IN),
                  F(ui, UI_TEXT_HEADLINE, UI_BOLD), PRIMARY, FLOW_ACT_START, 0);
    }
    welcome_footer(ui, ev, R(ui, 16, footer_y, cw - 32, footer_h));
}

static void result_card(Ui *ui, UiRect r, const FlowResult *res, int index)
{
    UiColor tc;
    UiRect face = ui_button_face(ui, r, CARD, FLOW_ACT_PICK, index, &tc);
    (void)tc;
    int pad = S(ui, 14);
    int mark_w = res->checked_in ? S(ui, 34) : 0;
    UiFont f_name = F(ui, UI_TEXT_BODY, UI_BOLD), f_org = F(ui, UI_TEXT_CAPTION, UI_REGULAR);
    int name_h = ui_line_height(ui, f_name), org_h = ui_line_height(ui, f_org);
    int y = face.y + (face.h - name_h - org_h) / 2;
    UiRect name = {face.x + pad, y, face.w - 2 * pad - mark_w, name_h};
    UiRect org = {face.x + pad, y + name_h, face.w - 2 * pad - mark_w, org_h};
    ui_data_label(ui, res->name, f_name, name, LEFT, C_INK);
    ui_data_label(ui, res->organisation, f_org, org, LEFT, C_MUTED);
    if (res->checked_in) {
        int d = S(ui, 24);
        ui_icon(ui, UI_ICON_CHECK,
                (UiRect){face.x + face.w - pad - d, face.y + (face.h - d) / 2, d, d}, C_ACCENT);
    }
}

/* The search screen's result area (design units): landscape two columns of three rows
 * between the top bar and the keyboard; portrait one column from under the search field
 * to the keyboard's action row. */
typedef struct ResultArea {
    double x, y, w, row_h, gap;
    int cols, rows;
} ResultArea;

#define RESULT_ROW_H MM(12.0)

static ResultArea result_area(const Ui *ui)
{
    ResultArea a = {.gap = 6};
    if (!ui->portrait) {
        a.x = KB_MARGIN;
        a.y = 72;
        a.w = (UI_CANVAS_W - 2 * KB_MARGIN - KB_GAP) / 2;
        a.row_h = UI_ROW_H;
        a.cols = 2;
        a.rows = 3;
        return a;
    }
    a.x = 8;
    a.w = ui->cw - 16;
    a.y = UI_MARGIN + UI_BAR_H + 8 + UI_BAR_H + 10;
    a.row_h = RESULT_ROW_H;
    a.cols = 1;
    double room = ui_keyboard_top(ui) - 8 - a.y;
    a.rows = (int)((room + a.gap) / (a.row_h + a.gap));
    if (a.rows < 1) {
        a.rows = 1;
    }
    return a;
}

#define SEARCH_HEAD_H   28.0 /* "Menade du …?" above the near misses */
#define SEARCH_SCROLL_W 64.0 /* the up/down buttons' column, when the list scrolls */

/* An up or down button of the result list: a page of results at a time, or nothing (drawn
 * faint) when the list ends that way. */
static void scroll_button(Ui *ui, UiRect r, UiIcon icon, bool enabled, int by)
{
    int d = r.w < r.h ? r.w : r.h;
    d = d * 3 / 5;
    if (!enabled) {
        ui_icon(ui, icon, (UiRect){r.x + (r.w - d) / 2, r.y + (r.h - d) / 2, d, d}, C_KEY_PRESSED);
        return;
    }
    UiColor tc;
    UiRect face = ui_button_face(ui, r, SOFT, FLOW_ACT_SCROLL, by, &tc);
    ui_icon(ui, icon, (UiRect){face.x + (face.w - d) / 2, face.y + (face.h - d) / 2, d, d}, tc);
}

void ui_draw_search(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_language_toggle(ui);
    ResultArea a = result_area(ui);
    if (ui->portrait) {
        ui_field(ui, R(ui, 8, UI_MARGIN + UI_BAR_H + 8, ui->cw - 16, UI_BAR_H + 4), v->query,
                 i18n_text(lang, I18N_SEARCH_TITLE), true, FLOW_ACT_NONE, 0);
    } else {
        ui_field(ui, R(ui, 166, UI_MARGIN, UI_CANVAS_W - 166 - 8 - 140 - UI_MARGIN, UI_BAR_H),
                 v->query, i18n_text(lang, I18N_SEARCH_TITLE), true, FLOW_ACT_NONE, 0);
    }
    double full_w = a.cols * a.w + (a.cols - 1) * KB_GAP;
    if (!v->query[0]) {
        ui_wrap(ui, i18n_text(lang, I18N_SEARCH_HINT), F(ui, UI_TEXT_BODY_LARGE, UI_REGULAR),
                R(ui, a.x + 16, a.y + 60, full_w - 32, 40), CENTER, C_MUTED, 2, false);
    } else if (v->match_count == 0) {
        char msg[FLOW_TEXT_CAP + 64];
        i18n_format(lang, I18N_NO_MATCH, v->query, msg, sizeof msg);
        ui_wrap(ui, msg, F(ui, UI_TEXT_BODY_LARGE, UI_BOLD),
                R(ui, a.x + 16, a.y + 20, full_w - 32, 0), CENTER, C_INK, 2, true);
        /* Portrait: the full-width row above the keyboard already offers it. */
        if (!ui->portrait) {
            double bw = full_w < 400 ? full_w - 32 : 400;
            ui_button(ui, R(ui, a.x + (full_w - bw) / 2, a.y + 96, bw, MM(12)),
                      i18n_text(lang, I18N_NOT_ON_LIST), F(ui, UI_TEXT_BODY, UI_BOLD), SECONDARY,
                      FLOW_ACT_WALKIN, 0);
        }
    } else {
        /* Near misses under "Menade du …?"; "Inte på listan?" stays on the keyboard, after
         * them. The cards get shorter to make room for the line. The flow gives the rows
         * that fit (ui_result_rows) from where the list is scrolled to; the up and down
         * buttons take a column on the right while the list is longer than the screen. */
        double bottom = a.y + a.rows * (a.row_h + a.gap) - a.gap;
        double y0 = a.y, row_h = a.row_h;
        if (v->near_misses) {
            ui_label(ui, i18n_text(lang, I18N_DID_YOU_MEAN), F(ui, UI_TEXT_BODY, UI_BOLD),
                     R(ui, a.x + 4, a.y - 4, full_w - 8, SEARCH_HEAD_H), LEFT, C_INK);
            y0 += SEARCH_HEAD_H - 4;
            row_h = (bottom - y0 - (a.rows - 1) * a.gap) / a.rows;
        }
        bool scrolls = v->more_above || v->more_below;
        double grid_w = full_w - (scrolls ? SEARCH_SCROLL_W + KB_GAP : 0);
        double col_w = (grid_w - (a.cols - 1) * KB_GAP) / a.cols;
        size_t slots = (size_t)(a.cols * a.rows);
        for (size_t i = 0; i < v->result_count && i < slots; i++) {
            double x = a.x + (double)(i % (size_t)a.cols) * (col_w + KB_GAP);
            double y = y0 + (double)(i / (size_t)a.cols) * (row_h + a.gap);
            result_card(ui, R(ui, x, y, col_w, row_h), &v->results[i], (int)i);
        }
        if (scrolls) {
            double x = a.x + full_w - SEARCH_SCROLL_W;
            double h = (bottom - y0 - a.gap) / 2;
            int page = (int)slots;
            scroll_button(ui, R(ui, x, y0, SEARCH_SCROLL_W, h), UI_ICON_UP, v->more_above, -page);
            scroll_button(ui, R(ui, x, y0 + h + a.gap, SEARCH_SCROLL_W, h), UI_ICON_DOWN,
                          v->more_below, page);
        }
    }
    ui_keyboard(ui, v->keyboard_upper, false, i18n_text(lang, I18N_NOT_ON_LIST), FLOW_ACT_WALKIN,
                SOFT);
}

int ui_result_rows(int w, int h, double px_per_mm)
{
    Ui ui = {0};
    ui.px_per_mm_set = px_per_mm;
    ui_layout_setup(&ui, w, h, true);
    ResultArea a = result_area(&ui);
    return a.cols * a.rows;
}

void ui_draw_confirm(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_language_toggle(ui);
    double top =
        ui_bar_title(ui, i18n_text(lang, I18N_CONFIRM_TITLE), F(ui, UI_TEXT_TITLE, UI_BOLD));
    if (ui->portrait) {
        double cw = ui->cw, ch = ui->ch;
        /* The card holds the name and the organisation, and no more. */
        int width = S(ui, cw - 64);
        UiFont f_name =
            ui_fit(ui, v->chosen_name, F(ui, UI_TEXT_DISPLAY, UI_BOLD), UI_TEXT_TITLE, width, 2);
        UiFont f_org = F(ui, UI_TEXT_LEAD, UI_REGULAR);
        int name_h =
            ui_count_lines(ui, v->chosen_name, f_name, width, 2) * ui_line_height(ui, f_name);
        int org_h = v->chosen_organisation[0]
                        ? ui_count_lines(ui, v->chosen_organisation, f_org, width, 2) *
                              ui_line_height(ui, f_org)
                        : 0;
        double card_y = top + 20, card_h = (name_h + org_h) / ui->u + 16 + 72;
        ui_card(ui, R(ui, 16, card_y, cw - 32, card_h), C_SURFACE, S(ui, 18));
        int y = ui->oy + S(ui, card_y + 36);
        y += ui_wrap(ui, v->chosen_name, f_name, (UiRect){ui->ox + S(ui, 32), y, width, 0}, CENTER,
                     C_INK, 2, true);
        ui_wrap(ui, v->chosen_organisation, f_org,
                (UiRect){ui->ox + S(ui, 32), y + S(ui, 16), width, 0}, CENTER, C_MUTED, 2, true);
        double by = ch - 16 - UI_BIG_BUTTON_H;
        ui_button(ui, R(ui, 16, by, cw - 32, UI_BIG_BUTTON_H), i18n_text(lang, I18N_BACK),
                  F(ui, UI_TEXT_HEADING, UI_BOLD), SECONDARY, FLOW_ACT_BACK, 0);
        by -= UI_BIG_BUTTON_H + 20;
        ui_button(ui, R(ui, 16, by, cw - 32, UI_BIG_BUTTON_H), i18n_text(lang, I18N_CONFIRM_YES),
                  F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_CONFIRM, 0);
        return;
    }
    ui_card(ui, R(ui, 80, 100, 640, 180), C_SURFACE, S(ui, 18));
    UiFont f_name =
        ui_fit(ui, v->chosen_name, F(ui, UI_TEXT_DISPLAY, UI_BOLD), UI_TEXT_TITLE, S(ui, 580), 1);
    ui_wrap(ui, v->chosen_name, f_name, R(ui, 110, 140, 580, 0), CENTER, C_INK, 1, true);
    ui_wrap(ui, v->chosen_organisation, F(ui, UI_TEXT_LEAD, UI_REGULAR), R(ui, 110, 205, 580, 0),
            CENTER, C_MUTED, 1, true);
    ui_button(ui, R(ui, 80, 320, 240, UI_BIG_BUTTON_H), i18n_text(lang, I18N_BACK),
              F(ui, UI_TEXT_HEADING, UI_BOLD), SECONDARY, FLOW_ACT_BACK, 0);
    ui_button(ui, R(ui, 340, 320, 380, UI_BIG_BUTTON_H), i18n_text(lang, I18N_CONFIRM_YES),
              F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_CONFIRM, 0);
}

/* A screen of one message: a badge, a title, a line under it and OK, as one column
 * centred on the canvas (landscape: the 800x480 layout; portrait: the same column,
 * centred in the height, with a full-width OK near the bottom). */
void ui_message(Ui *ui, const UiMessage *m)
{
    Lang lang = ui->view->lang;
    double cw = ui->cw, ch = ui->ch;
    double dy = ui->portrait ? (ch - 480) / 2 - 40 : 0;
    double d = ui->portrait ? 130 : 110;
    if (m->glyph) {
        ui_badge_text(ui, cw / 2, dy + 110, d * 0.9, m->badge, m->glyph);
    } else {
        ui_badge_check(ui, cw / 2, dy + 110, d, m->badge);
    }
    int width = S(ui, cw - 2 * (ui->portrait ? 20 : UI_TEXT_X));
    int x = ui->ox + S(ui, ui->portrait ? 20 : UI_TEXT_X);
    int y = ui->oy + S(ui, dy + 182);
    int lines = ui->portrait ? 3 : 2;
    UiFont f_title = ui_fit(ui, m->title, F(ui, m->title_px, UI_BOLD), UI_TEXT_TITLE, width, lines);
    y += ui_wrap(ui, m->title, f_title, (UiRect){x, y, width, 0}, CENTER, C_INK, lines,
                 m->title_is_data);
    if (m->sub) {
        ui_wrap(ui, m->sub, F(ui, m->sub_px, UI_REGULAR), (UiRect){x, y + S(ui, 12), width, 0},
                CENTER, C_MUTED, 3, false);
    }
    if (ui->portrait) {
        ui_button(ui, R(ui, 24, ch - 24 - UI_BIG_BUTTON_H, cw - 48, UI_BIG_BUTTON_H),
                  i18n_text(lang, I18N_OK), F(ui, UI_TEXT_HEADLINE, UI_BOLD), PRIMARY,
                  FLOW_ACT_DONE, 0);
    } else {
        ui_button(ui, R(ui, 300, 372, 200, UI_BUTTON_H), i18n_text(lang, I18N_OK),
                  F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_DONE, 0);
    }
}

void ui_draw_greeting(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char title[FLOW_TEXT_CAP + 64];
    if (v->board_offer) {
        ui_draw_greeting_board(ui); /* with the topics and "hide me" (ui_board.c) */
        return;
    }
    ui_language_toggle(ui);
    i18n_format(lang, I18N_WELCOME_NAME, v->first_name, title, sizeof title);
    I18nId sub = !v->badge_pickup        ? I18N_WELCOME_SUB
                 : v->badge_at_reception ? I18N_WELCOME_SUB_RECEPTION
                                         : I18N_WELCOME_SUB_BADGE;
    UiMessage m = {C_ACCENT, NULL, title, 46, true, i18n_text(lang, sub), UI_TEXT_LEAD};
    ui_message(ui, &m);
}

void ui_draw_already(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char title[FLOW_TEXT_CAP + 64], sub[256];
    if (v->board_offer) {
        ui_draw_greeting_board(ui); /* with the topics and "hide me" (ui_board.c) */
        return;
    }
    ui_language_toggle(ui);
    i18n_format(lang, I18N_ALREADY_TITLE, v->first_name, title, sizeof title);
    /* Where: at another kiosk by its name, or here when the kiosk shares live (alone,
     * "here" goes without saying). */
    if (v->checkin_elsewhere && v->checkin_place && v->checkin_place[0]) {
        i18n_format2(lang, I18N_ALREADY_THERE, v->checkin_time, v->checkin_place, sub, sizeof sub);
    } else {
        i18n_format(lang,
                    v->checkin_elsewhere ? I18N_ALREADY_ELSEWHERE
                    : v->sync_on         ? I18N_ALREADY_HERE
                                         : I18N_ALREADY_AT,
                    v->checkin_time, sub, sizeof sub);
    }
    UiMessage m = {C_INFO, NULL, title, UI_TEXT_HEADLINE, true, sub, UI_TEXT_LEAD};
    ui_message(ui, &m);
}

void ui_draw_notice(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_language_toggle(ui);
    bool trouble = v->notice == I18N_SAVE_FAILED || v->notice == I18N_DISK_FULL;
    UiMessage m = {
        trouble ? C_ERROR : C_WARN, "!", i18n_text(lang, v->notice), UI_TEXT_TITLE, false, NULL, 0};
    ui_message(ui, &m);
}

/* "Är du kvar?", and the countdown on one line of its own: it never wraps (the seconds
 * and their "s" stay together), a smaller size is taken if a translation is long. */
void ui_draw_idle_warning(Ui *ui, int w, int h)
{
    const FlowView *v = ui->view;
    char secs[16], msg[160];
    /* Any tap on the dimmed screen counts as "still here", and does nothing else. */
    ui_fill(ui, (UiRect){0, 0, w, h}, C_DIM, 0);
    ui_target(ui, (UiRect){0, 0, w, h}, FLOW_ACT_STAY, 0);
    double cw = ui->cw, cy = ui->ch / 2;
    double card_w = cw - 2 * (ui->portrait ? 16 : 120);
    double x0 = (cw - card_w) / 2;
    ui_card(ui, R(ui, x0, cy - 120, card_w, 240), C_SURFACE, S(ui, 20));
    ui_label(ui, i18n_text(v->lang, I18N_IDLE_TITLE), F(ui, UI_TEXT_TITLE, UI_BOLD),
             R(ui, x0 + 20, cy - 100, card_w - 40, 48), CENTER, C_INK);
    snprintf(secs, sizeof secs, "%d", v->idle_seconds_left);
    i18n_format(v->lang, I18N_IDLE_WARNING, secs, msg, sizeof msg);
    UiRect line = R(ui, x0 + 20, cy - 48, card_w - 40, 44);
    UiFont font = ui_fit(ui, msg, F(ui, UI_TEXT_LEAD, UI_REGULAR), UI_TEXT_CAPTION, line.w, 1);
    ui_label(ui, msg, font, line, CENTER, C_INK);
    double bw = card_w - 80 < 320 ? card_w - 80 : 320;
    ui_button(ui, R(ui, (cw - bw) / 2, cy + 22, bw, 72), i18n_text(v->lang, I18N_STILL_HERE),
              F(ui, UI_TEXT_HEADING, UI_BOLD), PRIMARY, FLOW_ACT_STAY, 0);
}

/* How long a screen that returns by itself stays: a thin bar along the bottom edge of the
 * screen, full width when the screen comes and shrinking to nothing from the right, in the
 * flow's steps. No number, no motion between steps: a hint, not a clock. */
void ui_draw_countdown(Ui *ui, int w, int h)
{
    const FlowView *v = ui->view;
    if (v->return_total_ms <= 0 || v->return_left_ms <= 0) {
        return;
    }
    int bar_h = S(ui, 5);
    bar_h = bar_h < 3 ? 3 : bar_h;
    int bar_w = (int)((int64_t)w * v->return_left_ms / v->return_total_ms);
    ui_fill(ui, (UiRect){0, h - bar_h, bar_w, bar_h}, C_ACCENT, 0);
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
