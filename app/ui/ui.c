/* ui: screens and widgets of the kiosk, immediate mode.
 *
 * Every frame is laid out from scratch from the FlowView: there is no retained widget
 * tree to get out of step with the flow. The layout is designed on an 800x480 canvas (the
 * 7" Raspberry Pi panel) and scaled by one factor u = min(w/800, h/480) into a box centred
 * on the screen, so every size shows the same screen and touch targets grow with it.
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

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pin.h"
#include "core/qr.h"
#include "core/text.h"

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
static const UiColor C_WHITE = {255, 255, 255, 255};
static const UiColor C_DIM = {20, 28, 38, 150};

/* ---- Context ------------------------------------------------------------------------ */

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

    /* Per-frame layout state. */
    double u;   /* pixels per design unit */
    int ox, oy; /* top-left of the 800x480 design box on screen */
    int press_x, press_y;
    const FlowView *view;
};

Ui *ui_new(UiMeasureFn measure, void *measure_ctx)
{
    Ui *ui = calloc(1, sizeof *ui);
    if (!ui)
        return NULL;
    ui->measure = measure;
    ui->measure_ctx = measure_ctx;
    return ui;
}

void ui_free(Ui *ui)
{
    if (!ui)
        return;
    free(ui->cmds);
    free(ui->text_off);
    free(ui->targets);
    free(ui->arena);
    free(ui);
}

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 128;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
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

/* ---- Geometry ----------------------------------------------------------------------- */

static int S(const Ui *ui, double v)
{
    return (int)lround(v * ui->u);
}

/* A rectangle given in design units. */
static UiRect R(const Ui *ui, double x, double y, double w, double h)
{
    int x0 = ui->ox + S(ui, x), y0 = ui->oy + S(ui, y);
    int x1 = ui->ox + S(ui, x + w), y1 = ui->oy + S(ui, y + h);
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

static UiFont F(const Ui *ui, double px, UiWeight weight)
{
    int p = S(ui, px);
    return (UiFont){p < 6 ? 6 : p, weight};
}

static bool inside(UiRect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

/* ---- Primitives --------------------------------------------------------------------- */

static void fill(Ui *ui, UiRect r, UiColor c, int radius)
{
    UiCmd *cmd = push_cmd(ui);
    if (!cmd)
        return;
    cmd->kind = UI_CMD_RECT;
    cmd->rect = r;
    cmd->color = c;
    cmd->radius = radius;
}

const char *const UI_ICON_FILES[UI_ICON_COUNT] = {
    [UI_ICON_SMILEY_1] = "smiley-1.svg",   [UI_ICON_SMILEY_2] = "smiley-2.svg",
    [UI_ICON_SMILEY_3] = "smiley-3.svg",   [UI_ICON_SMILEY_4] = "smiley-4.svg",
    [UI_ICON_SMILEY_5] = "smiley-5.svg",   [UI_ICON_CHECK] = "check.svg",
    [UI_ICON_BACK] = "back.svg",           [UI_ICON_LANGUAGE] = "language.svg",
    [UI_ICON_BACKSPACE] = "backspace.svg",
};

/* An icon drawn at exactly r's pixel size; c multiplies its colours (white: as drawn). */
static void icon(Ui *ui, UiIcon which, UiRect r, UiColor c)
{
    UiCmd *cmd = push_cmd(ui);
    if (!cmd)
        return;
    cmd->kind = UI_CMD_ICON;
    cmd->icon = which;
    cmd->rect = r;
    cmd->color = c;
}

/* A square of side d (design units) centred on (cx, cy). */
static UiRect square(const Ui *ui, double cx, double cy, double d)
{
    UiRect r = R(ui, cx - d / 2, cy - d / 2, d, d);
    r.h = r.w;
    return r;
}

static void measure(Ui *ui, UiFont font, const char *s, int *w, int *h)
{
    if (!ui->measure || ui->measure(ui->measure_ctx, font, s, w, h) != 0)
        *w = *h = 0;
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
    if (!s || !*s)
        return;
    measure(ui, font, s, &w, &h);
    size_t off = arena_add(ui, s, strlen(s));
    if (off == (size_t)-1)
        return;
    UiCmd *cmd = push_cmd(ui);
    if (!cmd)
        return;
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

typedef enum Align { LEFT, CENTER, RIGHT } Align;

/* Fixed text placed in box, vertically centred; overflow is recorded, never hidden. */
static void label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c)
{
    int w, h;
    measure(ui, font, s, &w, &h);
    int x = align == LEFT ? box.x : align == CENTER ? box.x + (box.w - w) / 2 : box.x + box.w - w;
    if (w > box.w)
        x = box.x; /* keep the start visible; the overflow is flagged by text_at */
    text_at(ui, s, font, x, box.y + (box.h - h) / 2, c, box);
}

/* People's text: shortened with "…" at a code point boundary when it does not fit. */
static void data_label(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c)
{
    char buf[FLOW_TEXT_CAP * 2];
    int w, h;
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    measure(ui, font, buf, &w, &h);
    if (w > box.w) {
        size_t len = strlen(buf);
        while (len > 0) {
            len = text_drop_last(buf, len);
            while (len > 0 && buf[len - 1] == ' ')
                len--;
            memcpy(buf + len, "…", sizeof "…");
            measure(ui, font, buf, &w, &h);
            if (w <= box.w)
                break;
        }
    }
    label(ui, buf, font, box, align, c);
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
        while (p[end] == ' ')
            end++;
        while (p[end] && p[end] != ' ')
            end++;
        if (end >= sizeof line)
            break;
        memcpy(line, p, end);
        line[end] = '\0';
        measure(ui, font, line, &w, &h);
        if (w > width && best > 0)
            break;
        best = end;
        if (!p[end] || w > width)
            break;
    }
    return best ? best : strcspn(p, " ");
}

static const char *skip_spaces(const char *p)
{
    while (*p == ' ')
        p++;
    return p;
}

/* Wraps s into at most max_lines lines of box.w, from box.y down; returns the height used.
 * Fixed text that needs more lines overflows (flagged); data text gets an ellipsis. */
static int wrap(Ui *ui, const char *s, UiFont font, UiRect box, Align align, UiColor c,
                int max_lines, bool is_data)
{
    char line[FLOW_TEXT_CAP * 2];
    int used = 0, w, h;
    const char *p = skip_spaces(s ? s : "");
    for (int lines = 0; *p && lines < max_lines; lines++) {
        size_t n = line_break(ui, p, font, box.w);
        if (n >= sizeof line)
            n = text_drop_last(p, sizeof line - 1); /* one huge word: cut on a code point */
        memcpy(line, p, n);
        line[n] = '\0';
        measure(ui, font, line, &w, &h);
        const char *rest = skip_spaces(p + n);
        bool cut = lines == max_lines - 1 && *rest;
        UiRect lb = {box.x, box.y + used, box.w, h};
        if (cut && is_data) {
            char more[FLOW_TEXT_CAP * 2];
            /* Cutting here is fine: data_label shortens with an ellipsis anyway. */
            if (snprintf(more, sizeof more, "%s %s", line, rest) < 0)
                more[0] = '\0';
            data_label(ui, more, font, lb, align, c);
        } else {
            if (cut && !ui->overflow) { /* fixed text that needs more lines: flag it */
                ui->overflow = true;
                ui->overflow_cmd = ui->ncmd;
            }
            if (is_data)
                data_label(ui, line, font, lb, align, c);
            else
                label(ui, line, font, lb, align, c);
        }
        used += h;
        p = rest;
    }
    return used;
}

static int line_height(Ui *ui, UiFont font)
{
    int w, h;
    measure(ui, font, "Åg", &w, &h);
    return h;
}

/* Number of lines wrap() would use, without drawing. */
static int count_lines(Ui *ui, const char *s, UiFont font, int width, int max_lines)
{
    int lines = 0;
    for (const char *p = skip_spaces(s ? s : ""); *p && lines < max_lines; lines++)
        p = skip_spaces(p + line_break(ui, p, font, width));
    return lines;
}

/* ---- Widgets ------------------------------------------------------------------------ */

typedef enum ButtonStyle { PRIMARY, SECONDARY, GHOST, KEY, SOFT, CARD, SELECTED } ButtonStyle;

static void target(Ui *ui, UiRect r, FlowAction a, int arg)
{
    size_t cap = ui->target_cap;
    if (!grow((void **)&ui->targets, &cap, ui->ntarget + 1, sizeof *ui->targets)) {
        ui->out_of_memory = true;
        return;
    }
    ui->target_cap = cap;
    ui->targets[ui->ntarget++] = (UiTarget){r, a, arg};
}

static bool pressed(const Ui *ui, UiRect r)
{
    return inside(r, ui->press_x, ui->press_y);
}

/* A raised surface: a soft shadow under a rounded card. */
static void card(Ui *ui, UiRect r, UiColor c, int radius)
{
    UiRect sh = r;
    sh.y += S(ui, 2);
    fill(ui, sh, C_SHADOW, radius);
    fill(ui, r, c, radius);
}

/* Draws the button's face and registers its target; returns the face rectangle. */
static UiRect button_face(Ui *ui, UiRect r, ButtonStyle style, FlowAction a, int arg,
                          UiColor *text_color)
{
    bool down = pressed(ui, r);
    int radius = style == KEY || style == SELECTED ? S(ui, 8) : style == CARD ? S(ui, 12) : r.h / 2;
    UiRect face = r;
    if (down && style != GHOST)
        face.y += S(ui, 2); /* pressed keys sink onto their shadow */
    switch (style) {
    case SELECTED: /* the chosen key of a segmented control */
    case PRIMARY:
        if (!down)
            fill(ui, (UiRect){r.x, r.y + S(ui, 3), r.w, r.h}, C_ACCENT_DARK, radius);
        fill(ui, face, down ? C_ACCENT_DARK : C_ACCENT, radius);
        *text_color = C_WHITE;
        break;
    case SECONDARY:
    case CARD:
    case KEY:
        if (!down)
            fill(ui, (UiRect){r.x, r.y + S(ui, 2), r.w, r.h}, C_SHADOW, radius);
        fill(ui, face, down ? C_KEY_PRESSED : C_SURFACE, radius);
        *text_color = C_INK;
        break;
    case SOFT:
        fill(ui, face, down ? C_KEY_PRESSED : C_ACCENT_SOFT, radius);
        *text_color = C_ACCENT_DARK;
        break;
    case GHOST:
        if (down)
            fill(ui, face, C_KEY_PRESSED, radius);
        *text_color = C_ACCENT_DARK;
        break;
    }
    target(ui, r, a, arg);
    return face;
}

static void button(Ui *ui, UiRect r, const char *text, UiFont font, ButtonStyle style, FlowAction a,
                   int arg)
{
    UiColor tc;
    UiRect face = button_face(ui, r, style, a, arg, &tc);
    int pad = S(ui, style == KEY || style == SELECTED ? 2 : style == GHOST ? 6 : 14);
    label(ui, text, font, (UiRect){face.x + pad, face.y, face.w - 2 * pad, face.h}, CENTER, tc);
}

/* A button with an icon before its label, the pair centred. */
static void icon_button(Ui *ui, UiRect r, UiIcon which, const char *text, UiFont font,
                        ButtonStyle style, FlowAction a, int arg, Align align)
{
    UiColor tc;
    UiRect face = button_face(ui, r, style, a, arg, &tc);
    int d = font.px, gap = S(ui, 6), w, h;
    measure(ui, font, text, &w, &h);
    int x = align == LEFT ? face.x + S(ui, 6) : face.x + (face.w - (d + gap + w)) / 2;
    if (x < face.x + S(ui, 6))
        x = face.x + S(ui, 6);
    icon(ui, which, (UiRect){x, face.y + (face.h - d) / 2, d, d}, tc);
    UiRect box = {x + d + gap, face.y, face.x + face.w - S(ui, 6) - (x + d + gap), face.h};
    label(ui, text, font, box, LEFT, tc);
}

static void language_toggle(Ui *ui)
{
    const char *other = i18n_text(ui->view->lang, I18N_OTHER_LANGUAGE);
    icon_button(ui, R(ui, 800 - 8 - 140, 8, 140, 56), UI_ICON_LANGUAGE, other, F(ui, 19, UI_BOLD),
                SOFT, FLOW_ACT_LANGUAGE, 0, CENTER);
}

static void back_button(Ui *ui)
{
    icon_button(ui, R(ui, 8, 8, 150, 56), UI_ICON_BACK, i18n_text(ui->view->lang, I18N_BACK),
                F(ui, 20, UI_BOLD), GHOST, FLOW_ACT_BACK, 0, LEFT);
}

/* A round badge with a check mark, for "you are checked in". */
static void badge_check(Ui *ui, double cx, double cy, double d, UiColor c)
{
    UiRect r = square(ui, cx, cy, d);
    fill(ui, r, c, r.w / 2);
    icon(ui, UI_ICON_CHECK, square(ui, cx, cy, d * 0.62), C_WHITE);
}

static void badge_text(Ui *ui, double cx, double cy, double d, UiColor c, const char *glyph)
{
    UiRect r = R(ui, cx - d / 2, cy - d / 2, d, d);
    r.h = r.w;
    fill(ui, r, c, r.w / 2);
    label(ui, glyph, F(ui, d * 0.6, UI_BOLD), r, CENTER, C_WHITE);
}

static void icon_in(Ui *ui, UiIcon which, UiRect face, double size, UiColor c)
{
    int d = S(ui, size);
    icon(ui, which, (UiRect){face.x + (face.w - d) / 2, face.y + (face.h - d) / 2, d, d}, c);
}

/* ---- The on-screen keyboard --------------------------------------------------------- */

static const char *const KEY_ROWS[2] = {"qwertyuiopå", "asdfghjklöä"};
static const char *const KEY_ROW3 = "zxcvbnm-";

#define KB_MARGIN 8.0
#define KB_GAP    6.0
#define KB_ROW_H  48.0
#define KB_TOP    (480.0 - KB_MARGIN - 4 * KB_ROW_H - 3 * KB_GAP)

static double key_unit(void)
{
    return (800.0 - 2 * KB_MARGIN - 10 * KB_GAP) / 11.0;
}

static double key_width(double units)
{
    return units * key_unit() + (units - 1) * KB_GAP;
}

/* One letter key; its label follows the case the next letter will get. */
static void letter_key(Ui *ui, double x, double y, uint32_t cp, bool upper)
{
    char lab[8];
    uint32_t shown = cp;
    if (upper && ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)))
        shown = cp - 32;
    size_t n = text_encode(shown, lab);
    lab[n] = '\0';
    button(ui, R(ui, x, y, key_unit(), KB_ROW_H), lab, F(ui, 24, UI_REGULAR), KEY, FLOW_ACT_CHAR,
           (int)cp);
}

/* The Swedish keyboard; the last row ends with the screen's own action. */
static void keyboard(Ui *ui, bool upper, bool sentences, const char *action_text, FlowAction action,
                     ButtonStyle action_style)
{
    Lang lang = ui->view->lang;
    UiFont small = F(ui, 18, UI_BOLD);
    for (int row = 0; row < 2; row++) {
        const char *p = KEY_ROWS[row];
        double y = KB_TOP + row * (KB_ROW_H + KB_GAP);
        for (int i = 0; *p; i++) {
            uint32_t cp;
            size_t n = text_decode(p, strlen(p), &cp);
            letter_key(ui, KB_MARGIN + i * (key_unit() + KB_GAP), y, cp, upper);
            p += n;
        }
    }
    double y = KB_TOP + 2 * (KB_ROW_H + KB_GAP);
    double x = KB_MARGIN;
    button(ui, R(ui, x, y, key_width(1.5), KB_ROW_H), i18n_text(lang, I18N_CLEAR), small, KEY,
           FLOW_ACT_CLEAR, 0);
    x += key_width(1.5) + KB_GAP;
    for (const char *p = KEY_ROW3; *p; p++) {
        letter_key(ui, x, y, (uint32_t)(unsigned char)*p, upper);
        x += key_unit() + KB_GAP;
    }
    UiColor tc;
    UiRect face = button_face(ui, R(ui, x, y, 800 - KB_MARGIN - x, KB_ROW_H), KEY,
                              FLOW_ACT_BACKSPACE, 0, &tc);
    icon_in(ui, UI_ICON_BACKSPACE, face, 30, tc);

    y += KB_ROW_H + KB_GAP;
    x = KB_MARGIN;
    /* Writing a sentence needs its punctuation; a name or a search does not. */
    static const char PUNCT_BEFORE[] = ",.", PUNCT_AFTER[] = "?!";
    if (sentences)
        for (const char *p = PUNCT_BEFORE; *p; p++, x += key_unit() + KB_GAP)
            letter_key(ui, x, y, (uint32_t)(unsigned char)*p, false);
    double space = sentences ? 3 : 5;
    button(ui, R(ui, x, y, key_width(space), KB_ROW_H), i18n_text(lang, I18N_SPACE),
           F(ui, 18, UI_REGULAR), KEY, FLOW_ACT_SPACE, 0);
    x += key_width(space) + KB_GAP;
    if (sentences)
        for (const char *p = PUNCT_AFTER; *p; p++, x += key_unit() + KB_GAP)
            letter_key(ui, x, y, (uint32_t)(unsigned char)*p, false);
    button(ui, R(ui, x, y, 800 - KB_MARGIN - x, KB_ROW_H), action_text, small, action_style, action,
           0);
}

/* A text field: the typed text (or a placeholder), with a caret when focused. */
static void field(Ui *ui, UiRect r, const char *value, const char *placeholder, bool focused,
                  FlowAction a, int arg)
{
    int border = S(ui, focused ? 3 : 1);
    if (a != FLOW_ACT_NONE)
        target(ui, r, a, arg);
    fill(ui, r, focused ? C_ACCENT : C_SHADOW, S(ui, 10));
    UiRect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    fill(ui, in, C_SURFACE, S(ui, 8));
    UiFont font = F(ui, 24, UI_REGULAR);
    int pad = S(ui, 14);
    UiRect box = {in.x + pad, in.y, in.w - 2 * pad - S(ui, 4), in.h};
    int w = 0, h = 0;
    if (value && *value) {
        measure(ui, font, value, &w, &h);
        /* Keep the end of long input in view, like any text field. */
        int x = w > box.w ? box.x + box.w - w : box.x;
        text_at(ui, value, font, x, box.y + (box.h - h) / 2, C_INK, box);
        if (w > box.w) { /* scrolled, not overflowing: undo the flag for this run */
            if (ui->overflow && ui->overflow_cmd == ui->ncmd - 1)
                ui->overflow = false;
            w = box.w;
        }
    } else if (placeholder) {
        /* The caret sits before the placeholder, so leave it room. */
        UiRect ph = {box.x + S(ui, 10), box.y, box.w - S(ui, 10), box.h};
        label(ui, placeholder, F(ui, 21, UI_REGULAR), ph, LEFT, C_MUTED);
        w = 0;
    }
    if (focused)
        fill(ui,
             (UiRect){box.x + w + S(ui, 2), in.y + in.h / 4, S(ui, 2) > 1 ? S(ui, 2) : 2, in.h / 2},
             C_ACCENT, 0);
}

/* A focused field of several lines for a sentence: the text wraps, and when it needs
 * more lines than there are, the last ones stay in view with the caret after the text. */
static void text_area(Ui *ui, UiRect r, const char *value, int lines)
{
    int border = S(ui, 3);
    fill(ui, r, C_ACCENT, S(ui, 10));
    UiRect in = {r.x + border, r.y + border, r.w - 2 * border, r.h - 2 * border};
    fill(ui, in, C_SURFACE, S(ui, 8));
    UiFont font = F(ui, 22, UI_REGULAR);
    int pad = S(ui, 12), lh = line_height(ui, font);
    UiRect box = {in.x + pad, in.y + S(ui, 6), in.w - 2 * pad - S(ui, 4), lines * lh};
    const char *p = skip_spaces(value ? value : "");
    int total = count_lines(ui, p, font, box.w, 1000);
    for (int skip = total - lines; skip > 0; skip--)
        p = skip_spaces(p + line_break(ui, p, font, box.w));
    int used = *p ? wrap(ui, p, font, box, LEFT, C_INK, lines, true) : 0;
    /* The caret goes after the last line's text. */
    int w = 0, h = 0, x = box.x, y = box.y;
    if (used > 0) {
        const char *last = p;
        for (int i = 1; i < (used + lh - 1) / lh; i++)
            last = skip_spaces(last + line_break(ui, last, font, box.w));
        measure(ui, font, last, &w, &h);
        x = box.x + (w < box.w ? w : box.w);
        y = box.y + used - lh;
    }
    fill(ui, (UiRect){x + S(ui, 2), y + lh / 8, S(ui, 2) > 1 ? S(ui, 2) : 2, lh * 3 / 4}, C_ACCENT,
         0);
}

/* The link as a person could type it: without the scheme, and when even that does not fit,
 * only the form's address (the token is in the code, not needed by hand). */
static void short_link(Ui *ui, const char *link, UiFont font, UiRect box)
{
    char shown[LINK_URL_MAX];
    const char *p = strstr(link, "://");
    snprintf(shown, sizeof shown, "%s", p ? p + 3 : link);
    int w, h;
    measure(ui, font, shown, &w, &h);
    if (w > box.w)
        shown[strcspn(shown, "?#")] = '\0';
    data_label(ui, shown, font, box, CENTER, C_MUTED);
}

/* ---- Screens ------------------------------------------------------------------------ */

static void draw_welcome(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    /* The organiser's way in: the screen's own top-left corner (not the layout box's, which
     * is centred with margins on wide screens), invisible, and only a 3 s hold opens it
     * (the shell). */
    target(ui, (UiRect){0, 0, ui->ox + S(ui, 72), ui->oy + S(ui, 72)}, FLOW_ACT_ADMIN, 0);
    language_toggle(ui);
    if (!v->event) {
        wrap(ui, i18n_text(lang, I18N_NO_EVENT), F(ui, 40, UI_BOLD), R(ui, 40, 150, 720, 120),
             CENTER, C_INK, 2, false);
        wrap(ui, i18n_text(lang, I18N_NO_EVENT_HINT), F(ui, 20, UI_REGULAR),
             R(ui, 40, 260, 720, 80), CENTER, C_MUTED, 2, false);
        return;
    }
    const EventInfo *ev = v->event;
    char when[EVENT_TEXT_MAX * 2], date[64];
    i18n_date(lang, ev->date, date, sizeof date);
    snprintf(when, sizeof when, "%s%s%s%s%s", date, ev->start_time[0] ? " · " : "", ev->start_time,
             ev->venue[0] ? " · " : "", ev->venue);

    UiFont f_when = F(ui, 19, UI_REGULAR), f_title = F(ui, 40, UI_BOLD),
           f_theme = F(ui, 24, UI_REGULAR);
    int width = S(ui, 720);
    int title_lines = count_lines(ui, ev->title, f_title, width, 2);
    int theme_lines = ev->theme[0] ? count_lines(ui, ev->theme, f_theme, width, 2) : 0;
    int block = line_height(ui, f_when) + S(ui, 10) + title_lines * line_height(ui, f_title) +
                (theme_lines ? S(ui, 10) + theme_lines * line_height(ui, f_theme) : 0);
    /* Centre the block between the top bar and the check-in button. */
    int top = ui->oy + S(ui, 72), bottom = ui->oy + S(ui, 300);
    int y = top + (bottom - top - block) / 2;
    int x = ui->ox + S(ui, 40);
    y += wrap(ui, when, f_when, (UiRect){x, y, width, 0}, CENTER, C_MUTED, 1, true);
    y += S(ui, 10);
    y += wrap(ui, ev->title, f_title, (UiRect){x, y, width, 0}, CENTER, C_INK, 2, true);
    if (theme_lines) {
        y += S(ui, 10);
        wrap(ui, ev->theme, f_theme, (UiRect){x, y, width, 0}, CENTER, C_ACCENT_DARK, 2, true);
    }
    if (v->offers_checkin && v->offers_feedback) {
        button(ui, R(ui, 70, 318, 320, 96), i18n_text(lang, I18N_CHECK_IN), F(ui, 32, UI_BOLD),
               PRIMARY, FLOW_ACT_START, 0);
        button(ui, R(ui, 410, 318, 320, 96), i18n_text(lang, I18N_GIVE_FEEDBACK),
               F(ui, 32, UI_BOLD), PRIMARY, FLOW_ACT_FEEDBACK, 0);
    } else if (v->offers_feedback) {
        button(ui, R(ui, 200, 318, 400, 96), i18n_text(lang, I18N_GIVE_FEEDBACK),
               F(ui, 36, UI_BOLD), PRIMARY, FLOW_ACT_FEEDBACK, 0);
    } else {
        button(ui, R(ui, 220, 318, 360, 96), i18n_text(lang, I18N_CHECK_IN), F(ui, 36, UI_BOLD),
               PRIMARY, FLOW_ACT_START, 0);
    }
    /* Footer: who organises, and when the network meets next. */
    char footer[EVENT_TEXT_MAX * 3] = "";
    if (ev->organiser[0])
        i18n_format(lang, I18N_ORGANISER, ev->organiser, footer, sizeof footer);
    if (ev->next_meeting[0]) {
        size_t n = strlen(footer);
        snprintf(footer + n, sizeof footer - n, "%s%s", n ? "  ·  " : "", ev->next_meeting);
    }
    data_label(ui, footer, F(ui, 17, UI_REGULAR), R(ui, 20, 436, 760, 32), CENTER, C_MUTED);
}

static void result_card(Ui *ui, UiRect r, const FlowResult *res, int index)
{
    UiColor tc;
    UiRect face = button_face(ui, r, CARD, FLOW_ACT_PICK, index, &tc);
    (void)tc;
    int pad = S(ui, 14);
    int mark_w = res->checked_in ? S(ui, 34) : 0;
    UiRect name = {face.x + pad, face.y + S(ui, 5), face.w - 2 * pad - mark_w, S(ui, 28)};
    UiRect org = {face.x + pad, face.y + S(ui, 31), face.w - 2 * pad - mark_w, S(ui, 22)};
    data_label(ui, res->name, F(ui, 21, UI_BOLD), name, LEFT, C_INK);
    data_label(ui, res->organisation, F(ui, 16, UI_REGULAR), org, LEFT, C_MUTED);
    if (res->checked_in) {
        int d = S(ui, 24);
        icon(ui, UI_ICON_CHECK,
             (UiRect){face.x + face.w - pad - d, face.y + (face.h - d) / 2, d, d}, C_ACCENT);
    }
}

static void draw_search(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    language_toggle(ui);
    field(ui, R(ui, 166, 8, 800 - 166 - 8 - 140 - 8, 56), v->query,
          i18n_text(lang, I18N_SEARCH_TITLE), true, FLOW_ACT_NONE, 0);

    /* Results: two columns of three rows between the top bar and the keyboard. */
    const double top = 72, col_w = (800 - 2 * KB_MARGIN - KB_GAP) / 2, row_h = 56, gap = 6;
    if (!v->query[0]) {
        wrap(ui, i18n_text(lang, I18N_SEARCH_HINT), F(ui, 22, UI_REGULAR),
             R(ui, 40, top + 70, 720, 40), CENTER, C_MUTED, 1, false);
    } else if (v->match_count == 0) {
        char msg[FLOW_TEXT_CAP + 64];
        i18n_format(lang, I18N_NO_MATCH, v->query, msg, sizeof msg);
        data_label(ui, msg, F(ui, 22, UI_BOLD), R(ui, 40, top + 20, 720, 40), CENTER, C_INK);
        button(ui, R(ui, 200, top + 84, 400, 64), i18n_text(lang, I18N_NOT_ON_LIST),
               F(ui, 21, UI_BOLD), SECONDARY, FLOW_ACT_WALKIN, 0);
    } else {
        size_t slots = 6;
        bool more = v->match_count > slots;
        size_t shown = v->result_count < slots ? v->result_count : slots;
        if (more)
            shown = slots - 1;
        for (size_t i = 0; i < shown; i++) {
            double x = KB_MARGIN + (double)(i % 2) * (col_w + KB_GAP);
            double y = top + (double)(i / 2) * (row_h + gap);
            result_card(ui, R(ui, x, y, col_w, row_h), &v->results[i], (int)i);
        }
        if (more) {
            char n[32], msg[128];
            snprintf(n, sizeof n, "%zu", v->match_count - shown);
            i18n_format(lang, I18N_MORE_MATCHES, n, msg, sizeof msg);
            label(
                ui, msg, F(ui, 17, UI_REGULAR),
                R(ui, KB_MARGIN + col_w + KB_GAP + 10, top + 2 * (row_h + gap), col_w - 20, row_h),
                CENTER, C_MUTED);
        }
    }
    keyboard(ui, false, false, i18n_text(lang, I18N_NOT_ON_LIST), FLOW_ACT_WALKIN, SOFT);
}

static void draw_confirm(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    language_toggle(ui);
    label(ui, i18n_text(lang, I18N_CONFIRM_TITLE), F(ui, 30, UI_BOLD), R(ui, 170, 8, 460, 56),
          CENTER, C_INK);
    card(ui, R(ui, 80, 100, 640, 180), C_SURFACE, S(ui, 18));
    wrap(ui, v->chosen_name, F(ui, 40, UI_BOLD), R(ui, 110, 140, 580, 0), CENTER, C_INK, 1, true);
    wrap(ui, v->chosen_organisation, F(ui, 24, UI_REGULAR), R(ui, 110, 205, 580, 0), CENTER,
         C_MUTED, 1, true);
    button(ui, R(ui, 80, 320, 240, 96), i18n_text(lang, I18N_BACK), F(ui, 26, UI_BOLD), SECONDARY,
           FLOW_ACT_BACK, 0);
    button(ui, R(ui, 340, 320, 380, 96), i18n_text(lang, I18N_CONFIRM_YES), F(ui, 30, UI_BOLD),
           PRIMARY, FLOW_ACT_CONFIRM, 0);
}

static void draw_greeting(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char title[FLOW_TEXT_CAP + 64];
    language_toggle(ui);
    badge_check(ui, 400, 120, 120, C_ACCENT);
    i18n_format(lang, I18N_WELCOME_NAME, v->first_name, title, sizeof title);
    wrap(ui, title, F(ui, 46, UI_BOLD), R(ui, 40, 200, 720, 0), CENTER, C_INK, 1, true);
    wrap(ui, i18n_text(lang, I18N_WELCOME_SUB), F(ui, 24, UI_REGULAR), R(ui, 40, 272, 720, 0),
         CENTER, C_MUTED, 2, false);
    button(ui, R(ui, 300, 360, 200, 80), i18n_text(lang, I18N_OK), F(ui, 30, UI_BOLD), PRIMARY,
           FLOW_ACT_DONE, 0);
}

static void draw_already(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char title[FLOW_TEXT_CAP + 64], sub[128];
    language_toggle(ui);
    badge_check(ui, 400, 110, 100, C_INFO);
    i18n_format(lang, I18N_ALREADY_TITLE, v->first_name, title, sizeof title);
    int y = ui->oy + S(ui, 182);
    y += wrap(ui, title, F(ui, 36, UI_BOLD), (UiRect){ui->ox + S(ui, 40), y, S(ui, 720), 0}, CENTER,
              C_INK, 2, true);
    i18n_format(lang, I18N_ALREADY_AT, v->checkin_time, sub, sizeof sub);
    wrap(ui, sub, F(ui, 24, UI_REGULAR), (UiRect){ui->ox + S(ui, 40), y + S(ui, 12), S(ui, 720), 0},
         CENTER, C_MUTED, 2, false);
    button(ui, R(ui, 300, 360, 200, 80), i18n_text(lang, I18N_OK), F(ui, 30, UI_BOLD), PRIMARY,
           FLOW_ACT_DONE, 0);
}

static void draw_walkin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    language_toggle(ui);
    label(ui, i18n_text(lang, I18N_WALKIN_TITLE), F(ui, 28, UI_BOLD), R(ui, 170, 8, 460, 56),
          CENTER, C_INK);
    const double col_w = (800 - 2 * KB_MARGIN - KB_GAP) / 2;
    static const I18nId LABELS[2] = {I18N_WALKIN_NAME, I18N_WALKIN_ORG};
    for (int i = 0; i < 2; i++) {
        double x = KB_MARGIN + i * (col_w + KB_GAP);
        label(ui, i18n_text(lang, LABELS[i]), F(ui, 17, UI_BOLD), R(ui, x + 4, 72, col_w, 26), LEFT,
              C_MUTED);
        field(ui, R(ui, x, 100, col_w, 60), v->walkin_fields[i], NULL, v->walkin_focus == i,
              FLOW_ACT_FIELD, i);
    }
    /* Said where it is needed: on the name field's own label row. */
    if (v->walkin_missing_name)
        label(ui, i18n_text(lang, I18N_WALKIN_NEED_NAME), F(ui, 17, UI_BOLD),
              R(ui, KB_MARGIN + 4, 72, col_w - 8, 26), RIGHT, C_ERROR);
    /* Consent to the shared participant list: asked, never assumed (off until tapped). */
    UiColor tc;
    UiRect row = button_face(ui, R(ui, KB_MARGIN, 168, 800 - 2 * KB_MARGIN, 52), GHOST,
                             FLOW_ACT_CONSENT, 0, &tc);
    int box = S(ui, 30), bx = row.x + S(ui, 8), by = row.y + (row.h - box) / 2;
    UiRect tick = {bx, by, box, box};
    if (v->walkin_consent) {
        fill(ui, tick, C_ACCENT, S(ui, 6));
        icon(ui, UI_ICON_CHECK,
             (UiRect){bx + S(ui, 4), by + S(ui, 4), box - S(ui, 8), box - S(ui, 8)}, C_WHITE);
    } else {
        fill(ui, tick, C_MUTED, S(ui, 6));
        fill(ui, (UiRect){bx + S(ui, 2), by + S(ui, 2), box - S(ui, 4), box - S(ui, 4)}, C_SURFACE,
             S(ui, 5));
    }
    wrap(ui, i18n_text(lang, I18N_WALKIN_CONSENT), F(ui, 18, UI_REGULAR),
         (UiRect){bx + box + S(ui, 12), row.y + S(ui, 12), row.x + row.w - (bx + box + S(ui, 12)),
                  0},
         LEFT, C_INK, 1, false);
    wrap(ui, i18n_text(lang, I18N_WALKIN_PRIVACY), F(ui, 16, UI_REGULAR),
         R(ui, KB_MARGIN + 4, 228, 800 - 2 * KB_MARGIN - 8, 0), LEFT, C_MUTED, 1, false);
    keyboard(ui, v->keyboard_upper, false, i18n_text(lang, I18N_WALKIN_SUBMIT), FLOW_ACT_SUBMIT,
             PRIMARY);
}

static void draw_notice(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    language_toggle(ui);
    bool trouble = v->notice == I18N_SAVE_FAILED || v->notice == I18N_DISK_FULL;
    badge_text(ui, 400, 110, 100, trouble ? C_ERROR : C_WARN, "!");
    wrap(ui, i18n_text(lang, v->notice), F(ui, 30, UI_BOLD), R(ui, 60, 190, 680, 0), CENTER, C_INK,
         3, false);
    button(ui, R(ui, 300, 360, 200, 80), i18n_text(lang, I18N_OK), F(ui, 30, UI_BOLD), PRIMARY,
           FLOW_ACT_DONE, 0);
}

/* "Fråga 2 av 3" with a row of dots, one per question, in the top bar's middle. */
static void progress(Ui *ui, int current, int count)
{
    char a[16], b[16], text[64];
    snprintf(a, sizeof a, "%d", current + 1);
    snprintf(b, sizeof b, "%d", count);
    i18n_format2(ui->view->lang, I18N_QUESTION_PROGRESS, a, b, text, sizeof text);
    label(ui, text, F(ui, 18, UI_BOLD), R(ui, 200, 10, 400, 28), CENTER, C_MUTED);
    double d = 10, gap = 8, x = 400 - (count * d + (count - 1) * gap) / 2;
    for (int i = 0; i < count; i++) {
        UiRect r = R(ui, x + i * (d + gap), 44, d, d);
        r.h = r.w;
        fill(ui, r, i <= current ? C_ACCENT : C_SHADOW, r.w / 2);
    }
}

static const I18nId SMILEY_LABELS[5] = {I18N_SMILEY_1, I18N_SMILEY_2, I18N_SMILEY_3, I18N_SMILEY_4,
                                        I18N_SMILEY_5};

/* Five smileys, each with its label: the face and the word say it, not only the colour. */
static void smileys(Ui *ui, int answer)
{
    const double w = 144, gap = 12, top = 214, h = 196;
    double x0 = (800 - (5 * w + 4 * gap)) / 2;
    for (int i = 0; i < 5; i++) {
        UiRect r = R(ui, x0 + i * (w + gap), top, w, h);
        bool chosen = answer == i + 1;
        bool down = pressed(ui, r);
        target(ui, r, FLOW_ACT_RATE, i + 1);
        if (chosen) {
            fill(ui, r, C_ACCENT, S(ui, 18));
            UiRect in = {r.x + S(ui, 4), r.y + S(ui, 4), r.w - S(ui, 8), r.h - S(ui, 8)};
            fill(ui, in, C_ACCENT_SOFT, S(ui, 15));
        } else {
            card(ui, r, down ? C_KEY_PRESSED : C_SURFACE, S(ui, 18));
        }
        double cx = x0 + i * (w + gap) + w / 2;
        icon(ui, (UiIcon)(UI_ICON_SMILEY_1 + i), square(ui, cx, top + 72, 104), C_WHITE);
        wrap(ui, i18n_text(ui->view->lang, SMILEY_LABELS[i]),
             F(ui, 18, chosen ? UI_BOLD : UI_REGULAR),
             R(ui, x0 + i * (w + gap) + 6, top + 136, w - 12, 0), CENTER, C_INK, 2, false);
    }
}

/* 0..10 for "would you recommend ...": numbers, with the ends explained in words. */
static void nps_scale(Ui *ui, int answer)
{
    const double gap = 6, w = (800 - 16 - 10 * gap) / 11, top = 236, h = 92;
    Lang lang = ui->view->lang;
    for (int i = 0; i <= 10; i++) {
        char n[4];
        snprintf(n, sizeof n, "%d", i);
        UiRect r = R(ui, 8 + i * (w + gap), top, w, h);
        if (answer == i) {
            fill(ui, r, C_ACCENT, S(ui, 12));
            label(ui, n, F(ui, 32, UI_BOLD), r, CENTER, C_WHITE);
            target(ui, r, FLOW_ACT_RATE, i);
        } else {
            button(ui, r, n, F(ui, 30, UI_BOLD), KEY, FLOW_ACT_RATE, i);
        }
    }
    label(ui, i18n_text(lang, I18N_NPS_LOW), F(ui, 18, UI_REGULAR), R(ui, 10, top + h + 8, 380, 30),
          LEFT, C_MUTED);
    label(ui, i18n_text(lang, I18N_NPS_HIGH), F(ui, 18, UI_REGULAR),
          R(ui, 410, top + h + 8, 380, 30), RIGHT, C_MUTED);
}

static void draw_question(Ui *ui)
{
    const FlowView *v = ui->view;
    back_button(ui);
    language_toggle(ui);
    progress(ui, v->question, v->question_count);
    UiFont font = F(ui, 30, UI_BOLD);
    int lines = count_lines(ui, v->question_text, font, S(ui, 720), 3);
    int top = ui->oy + S(ui, 72), bottom = ui->oy + S(ui, v->scale == EVENT_SCALE_NPS ? 228 : 206);
    int y = top + (bottom - top - lines * line_height(ui, font)) / 2;
    wrap(ui, v->question_text, font, (UiRect){ui->ox + S(ui, 40), y, S(ui, 720), 0}, CENTER, C_INK,
         3, true);
    if (v->scale == EVENT_SCALE_NPS)
        nps_scale(ui, v->answer);
    else
        smileys(ui, v->answer);
    button(ui, R(ui, 800 - 8 - 190, 420, 190, 54), i18n_text(v->lang, I18N_SKIP),
           F(ui, 19, UI_BOLD), GHOST, FLOW_ACT_SKIP, 0);
}

static void draw_reflection(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    language_toggle(ui);
    button(ui, R(ui, 800 - 8 - 140 - 8 - 180, 8, 180, 56), i18n_text(lang, I18N_SKIP),
           F(ui, 19, UI_BOLD), GHOST, FLOW_ACT_SKIP, 0);
    wrap(ui, v->reflection_prompt, F(ui, 20, UI_BOLD), R(ui, 12, 68, 776, 0), LEFT, C_INK, 2, true);
    text_area(ui, R(ui, 8, 124, 784, 98), v->reflection, 3);
    char n[16], msg[96];
    bool full = v->reflection_chars >= v->reflection_max;
    snprintf(n, sizeof n, "%d", full ? v->reflection_max : v->reflection_max - v->reflection_chars);
    i18n_format(lang, full ? I18N_LIMIT_REACHED : I18N_CHARS_LEFT, n, msg, sizeof msg);
    label(ui, msg, F(ui, 18, full ? UI_BOLD : UI_REGULAR), R(ui, 400, 226, 388, 30), RIGHT,
          full ? C_WARN : C_MUTED);
    keyboard(ui, v->keyboard_upper, true, i18n_text(lang, I18N_SEND), FLOW_ACT_SEND, PRIMARY);
}

/* The QR code with its quiet zone, centred in area, modules a whole number of pixels. */
static int draw_qr(Ui *ui, const char *link, UiRect area)
{
    if (!ui->qr_ok || strcmp(ui->qr_text, link) != 0) {
        snprintf(ui->qr_text, sizeof ui->qr_text, "%s", link);
        ui->qr_ok = qr_encode(link, LINK_QR_MAX_VERSION, &ui->qr) == 0;
    }
    if (!ui->qr_ok)
        return 0;
    int n = ui->qr.side + 2 * QR_QUIET_ZONE;
    int m = (area.w < area.h ? area.w : area.h) / n;
    if (m < 1)
        return 0;
    int side = m * n;
    int x0 = area.x + (area.w - side) / 2, y0 = area.y + (area.h - side) / 2;
    fill(ui, (UiRect){x0, y0, side, side}, C_WHITE, 0);
    static const UiColor DARK = {0, 0, 0, 255};
    /* One rectangle per horizontal run of dark modules keeps the command list short. */
    for (int y = 0; y < ui->qr.side; y++) {
        for (int x = 0; x < ui->qr.side;) {
            if (!qr_dark(&ui->qr, x, y)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < ui->qr.side && qr_dark(&ui->qr, x + run, y))
                run++;
            fill(ui,
                 (UiRect){x0 + (QR_QUIET_ZONE + x) * m, y0 + (QR_QUIET_ZONE + y) * m, run * m, m},
                 DARK, 0);
            x += run;
        }
    }
    return y0 + side;
}

static void draw_thanks(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    language_toggle(ui);
    if (!v->feedback_link[0]) {
        badge_check(ui, 400, 120, 120, C_ACCENT);
        wrap(ui, i18n_text(lang, I18N_THANKS_TITLE), F(ui, 42, UI_BOLD), R(ui, 40, 200, 720, 0),
             CENTER, C_INK, 1, false);
        wrap(ui, i18n_text(lang, I18N_THANKS_NO_LINK), F(ui, 24, UI_REGULAR),
             R(ui, 40, 272, 720, 0), CENTER, C_MUTED, 2, false);
        button(ui, R(ui, 300, 360, 200, 80), i18n_text(lang, I18N_OK), F(ui, 30, UI_BOLD), PRIMARY,
               FLOW_ACT_DONE, 0);
        return;
    }
    card(ui, R(ui, 24, 24, 372, 432), C_SURFACE, S(ui, 18));
    int bottom = draw_qr(ui, v->feedback_link, R(ui, 40, 36, 340, 340));
    short_link(ui, v->feedback_link, F(ui, 16, UI_REGULAR),
               (UiRect){ui->ox + S(ui, 36), bottom + S(ui, 8), S(ui, 348), S(ui, 26)});
    int y = ui->oy + S(ui, 84);
    y += wrap(ui, i18n_text(lang, I18N_THANKS_TITLE), F(ui, 34, UI_BOLD),
              (UiRect){ui->ox + S(ui, 424), y, S(ui, 352), 0}, LEFT, C_INK, 2, false);
    wrap(ui, i18n_text(lang, I18N_THANKS_SCAN), F(ui, 22, UI_REGULAR),
         (UiRect){ui->ox + S(ui, 424), y + S(ui, 16), S(ui, 352), 0}, LEFT, C_MUTED, 3, false);
    button(ui, R(ui, 424, 372, 200, 80), i18n_text(lang, I18N_OK), F(ui, 30, UI_BOLD), PRIMARY,
           FLOW_ACT_DONE, 0);
}

/* ---- Organiser screens ---------------------------------------------------------------- */

static void draw_pin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    label(ui, i18n_text(lang, I18N_PIN_TITLE), F(ui, 26, UI_BOLD), R(ui, 170, 8, 460, 56), CENTER,
          C_INK);
    if (v->pin_missing) {
        wrap(ui, i18n_text(lang, I18N_PIN_MISSING), F(ui, 26, UI_BOLD), R(ui, 80, 170, 640, 0),
             CENTER, C_INK, 3, false);
        return;
    }
    /* Dots, never digits: someone may be looking over the organiser's shoulder. */
    int shown = v->pin_digits > PIN_MIN_DIGITS ? v->pin_digits : PIN_MIN_DIGITS;
    double d = 18, gap = 14, x0 = 400 - (shown * d + (shown - 1) * gap) / 2;
    for (int i = 0; i < shown; i++) {
        UiRect r = R(ui, x0 + i * (d + gap), 86, d, d);
        r.h = r.w;
        fill(ui, r, i < v->pin_digits ? C_INK : C_SHADOW, r.w / 2);
    }
    char msg[128] = "", secs[16];
    if (v->pin_wait_seconds > 0) {
        snprintf(secs, sizeof secs, "%d", v->pin_wait_seconds);
        i18n_format(lang, I18N_PIN_WAIT, secs, msg, sizeof msg);
    } else if (v->pin_wrong) {
        snprintf(msg, sizeof msg, "%s", i18n_text(lang, I18N_PIN_WRONG));
    }
    if (msg[0])
        label(ui, msg, F(ui, 19, UI_BOLD), R(ui, 40, 116, 720, 34), CENTER, C_ERROR);
    const double kw = 150, kh = 68, gx = 10, gy = 8, x = 400 - (3 * kw + 2 * gx) / 2, y = 160;
    for (int k = 0; k < 9; k++) {
        char n[2] = {(char)('1' + k), '\0'};
        button(ui, R(ui, x + (k % 3) * (kw + gx), y + (k / 3) * (kh + gy), kw, kh), n,
               F(ui, 30, UI_BOLD), KEY, FLOW_ACT_DIGIT, k + 1);
    }
    double y3 = y + 3 * (kh + gy);
    UiColor tc;
    UiRect face = button_face(ui, R(ui, x, y3, kw, kh), KEY, FLOW_ACT_BACKSPACE, 0, &tc);
    icon_in(ui, UI_ICON_BACKSPACE, face, 34, tc);
    button(ui, R(ui, x + kw + gx, y3, kw, kh), "0", F(ui, 30, UI_BOLD), KEY, FLOW_ACT_DIGIT, 0);
    button(ui, R(ui, x + 2 * (kw + gx), y3, kw, kh), i18n_text(lang, I18N_PIN_OPEN),
           F(ui, 24, UI_BOLD), PRIMARY, FLOW_ACT_PIN_OK, 0);
}

/* One number with its caption, on a card. */
static void tile(Ui *ui, UiRect r, int64_t value, const char *caption)
{
    char n[32];
    snprintf(n, sizeof n, "%lld", (long long)value);
    card(ui, r, C_SURFACE, S(ui, 12));
    label(ui, n, F(ui, 32, UI_BOLD), (UiRect){r.x, r.y + S(ui, 6), r.w, S(ui, 44)}, CENTER, C_INK);
    label(ui, caption, F(ui, 15, UI_REGULAR),
          (UiRect){r.x + S(ui, 4), r.y + S(ui, 50), r.w - S(ui, 8), S(ui, 24)}, CENTER, C_MUTED);
}

/* How far the kiosk's time can be trusted, in a word or two. */
static I18nId clock_state_text(StoreClock c)
{
    switch (c) {
    case STORE_CLOCK_SYNCED: return I18N_CLOCK_SYNCED;
    case STORE_CLOCK_CONFIRMED: return I18N_CLOCK_CONFIRMED;
    case STORE_CLOCK_SET: return I18N_CLOCK_SET;
    default: return I18N_CLOCK_UNTRUSTED;
    }
}

static void draw_admin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    label(ui, i18n_text(lang, I18N_ADMIN_TITLE), F(ui, 26, UI_BOLD), R(ui, 16, 8, 400, 56), LEFT,
          C_INK);
    button(ui, R(ui, 800 - 8 - 150, 8, 150, 56), i18n_text(lang, I18N_CLOSE), F(ui, 20, UI_BOLD),
           SOFT, FLOW_ACT_DONE, 0);

    /* The clock: the kiosk's time and how far it can be trusted; a tap opens its screen. */
    UiColor tc;
    UiRect face = button_face(ui, R(ui, 800 - 8 - 150 - 12 - 200, 8, 200, 56), SECONDARY,
                              FLOW_ACT_CLOCK, 0, &tc);
    char when[24];
    snprintf(when, sizeof when, "%s %s", v->clock_date, v->clock_time);
    label(ui, when, F(ui, 17, UI_BOLD), (UiRect){face.x, face.y + S(ui, 5), face.w, S(ui, 24)},
          CENTER, tc);
    label(ui, i18n_text(lang, clock_state_text(v->clock)), F(ui, 14, UI_BOLD),
          (UiRect){face.x, face.y + S(ui, 29), face.w, S(ui, 22)}, CENTER,
          v->clock == STORE_CLOCK_UNTRUSTED ? C_WARN : C_ACCENT_DARK);

    /* Left: the numbers. */
    const StoreStats *st = v->stats;
    const double tw = (384 - 2 * 6) / 3.0;
    tile(ui, R(ui, 8, 72, tw, 80), st ? st->expected : 0, i18n_text(lang, I18N_STAT_EXPECTED));
    tile(ui, R(ui, 8 + tw + 6, 72, tw, 80), st ? st->checked_in : 0,
         i18n_text(lang, I18N_STAT_CHECKED_IN));
    tile(ui, R(ui, 8 + 2 * (tw + 6), 72, tw, 80), st ? st->walk_ins : 0,
         i18n_text(lang, I18N_STAT_WALK_INS));
    label(ui, i18n_text(lang, I18N_CHECKINS_OVER_TIME), F(ui, 15, UI_BOLD), R(ui, 10, 160, 380, 22),
          LEFT, C_MUTED);
    int64_t top = 1;
    for (size_t i = 0; i < v->histogram_count; i++)
        if (v->histogram[i] > top)
            top = v->histogram[i];
    const double bw = 384.0 / FLOW_HISTOGRAM, base = 290, hmax = 96;
    fill(ui, R(ui, 8, base, 384, 1.5), C_SHADOW, 0);
    for (size_t i = 0; i < v->histogram_count; i++) {
        double h = hmax * (double)v->histogram[i] / (double)top;
        if (v->histogram[i] > 0 && h < 3)
            h = 3;
        fill(ui, R(ui, 8 + i * bw + 2, base - h, bw - 4, h), C_ACCENT, S(ui, 2));
    }
    if (!v->histogram_count)
        label(ui, i18n_text(lang, I18N_NO_CHECKINS), F(ui, 16, UI_REGULAR),
              R(ui, 8, base - hmax / 2 - 12, 384, 24), CENTER, C_MUTED);
    if (v->histogram_count) {
        char maxn[32];
        snprintf(maxn, sizeof maxn, "%lld", (long long)top);
        label(ui, v->histogram_start, F(ui, 14, UI_REGULAR), R(ui, 8, base + 2, 100, 20), LEFT,
              C_MUTED);
        label(ui, maxn, F(ui, 14, UI_REGULAR), R(ui, 292, base - hmax - 22, 100, 20), RIGHT,
              C_MUTED);
    }
    if (v->question_count > 0 && v->feedback) {
        char a[32], b[32], line[128];
        snprintf(a, sizeof a, "%lld", (long long)v->feedback->sessions);
        snprintf(b, sizeof b, "%lld", (long long)v->feedback->reflections);
        i18n_format2(lang, I18N_FEEDBACK_SUMMARY, a, b, line, sizeof line);
        label(ui, line, F(ui, 16, UI_BOLD), R(ui, 10, 320, 380, 24), LEFT, C_INK);
        /* Per question: a small bar per value (the distribution) and the mean. */
        for (int q = 0; q < v->question_count && q < EVENT_MAX_QUESTIONS; q++) {
            const int64_t *c = v->feedback->counts[q];
            int lo = v->question_scales[q] == EVENT_SCALE_NPS ? 0 : 1;
            int hi = v->question_scales[q] == EVENT_SCALE_NPS ? 10 : 5;
            long long n = 0, sum = 0, most = 1;
            for (int val = lo; val <= hi; val++) {
                n += c[val];
                sum += (long long)val * c[val];
                if (c[val] > most)
                    most = c[val];
            }
            double y = 346 + q * 24, bar_w = 110.0 / (hi - lo + 1);
            snprintf(a, sizeof a, "%d", q + 1);
            snprintf(b, sizeof b, n ? "%.1f (%lld)" : "–", n ? (double)sum / (double)n : 0.0, n);
            if (lang == LANG_SV) /* Swedish writes 4,2 */
                for (char *p = b; *p; p++)
                    if (*p == '.')
                        *p = ',';
            char tag[16];
            snprintf(tag, sizeof tag, "F%d", q + 1);
            i18n_format2(lang, I18N_QUESTION_MEAN, a, b, line, sizeof line);
            fill(ui, R(ui, 10, y + 19, 110, 1), C_SHADOW, 0);
            for (int val = lo; val <= hi; val++) {
                double h = 18.0 * (double)c[val] / (double)most;
                if (c[val] > 0 && h < 2)
                    h = 2;
                fill(ui, R(ui, 10 + (val - lo) * bar_w + 1, y + 19 - h, bar_w - 2, h), C_ACCENT, 0);
            }
            label(ui, line, F(ui, 15, UI_REGULAR), R(ui, 132, y, 258, 22), LEFT, C_MUTED);
        }
    }

    /* Right: what the organiser can do. */
    label(ui, i18n_text(lang, I18N_PHASE), F(ui, 15, UI_BOLD), R(ui, 410, 70, 380, 24), LEFT,
          C_MUTED);
    static const struct {
        int phases;
        I18nId text;
    } PHASES[] = {{EVENT_PHASE_CHECKIN, I18N_PHASE_CHECKIN},
                  {EVENT_PHASE_FEEDBACK, I18N_PHASE_FEEDBACK},
                  {EVENT_PHASE_BOTH, I18N_PHASE_BOTH}};
    const double pw = (384 - 2 * 6) / 3.0;
    for (int i = 0; i < 3; i++)
        button(ui, R(ui, 408 + i * (pw + 6), 96, pw, 56), i18n_text(lang, PHASES[i].text),
               F(ui, 16, UI_BOLD), v->phases == PHASES[i].phases ? SELECTED : KEY, FLOW_ACT_PHASE,
               PHASES[i].phases);
    button(ui, R(ui, 408, 166, 384, 56), i18n_text(lang, I18N_UNDO_CHECKIN), F(ui, 19, UI_BOLD),
           SECONDARY, FLOW_ACT_UNDO_LIST, 0);
    button(ui, R(ui, 408, 234, 384, 56), i18n_text(lang, I18N_EXPORT_USB), F(ui, 19, UI_BOLD),
           SECONDARY, FLOW_ACT_EXPORT, 0);
    char note[700] = "";
    UiColor note_color = C_MUTED;
    if (v->admin_note != I18N_COUNT) {
        i18n_format(lang, v->admin_note, v->admin_note_arg, note, sizeof note);
        note_color = v->admin_note == I18N_EXPORT_FAILED || v->admin_note == I18N_SAVE_FAILED
                         ? C_ERROR
                         : C_ACCENT_DARK;
    } else if (v->purge_due) {
        snprintf(note, sizeof note, "%s", i18n_text(lang, I18N_PURGE_DUE));
        note_color = C_WARN;
    }
    wrap(ui, note, F(ui, 16, UI_BOLD), R(ui, 412, 300, 376, 0), LEFT, note_color, 3, true);
    button(ui, R(ui, 408, 408, 384, 56), i18n_text(lang, I18N_LEAVE_KIOSK), F(ui, 19, UI_BOLD),
           SECONDARY, FLOW_ACT_QUIT, 0);
}

static void draw_admin_undo(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    label(ui, i18n_text(lang, I18N_UNDO_CHECKIN), F(ui, 26, UI_BOLD), R(ui, 170, 8, 460, 56),
          CENTER, C_INK);
    if (v->recent_count == 0)
        label(ui, i18n_text(lang, I18N_NO_CHECKINS), F(ui, 22, UI_REGULAR), R(ui, 40, 180, 720, 40),
              CENTER, C_MUTED);
    for (size_t i = 0; i < v->recent_count; i++) {
        UiRect r = R(ui, 8, 72 + i * 62, 784, 56);
        card(ui, r, C_SURFACE, S(ui, 12));
        data_label(ui, v->recent[i].name, F(ui, 19, UI_BOLD),
                   (UiRect){r.x + S(ui, 14), r.y + S(ui, 4), S(ui, 470), S(ui, 26)}, LEFT, C_INK);
        data_label(ui, v->recent[i].organisation, F(ui, 15, UI_REGULAR),
                   (UiRect){r.x + S(ui, 14), r.y + S(ui, 29), S(ui, 470), S(ui, 22)}, LEFT,
                   C_MUTED);
        label(ui, v->recent_time[i], F(ui, 18, UI_REGULAR), R(ui, 500, 72 + i * 62, 120, 56), RIGHT,
              C_MUTED);
        button(ui, R(ui, 640, 72 + i * 62 + 4, 144, 48), i18n_text(lang, I18N_UNDO),
               F(ui, 18, UI_BOLD), SOFT, FLOW_ACT_UNDO, (int)i);
    }
    if (v->admin_note != I18N_COUNT) {
        char note[700];
        i18n_format(lang, v->admin_note, v->admin_note_arg, note, sizeof note);
        data_label(ui, note, F(ui, 16, UI_BOLD), R(ui, 12, 448, 776, 28), LEFT, C_ACCENT_DARK);
    }
}

/* The clock: the time large, how far it can be trusted, and (unless a time service keeps
 * it) steps to move it and one button that confirms it, or saves it as moved. */
static void draw_admin_clock(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    back_button(ui);
    label(ui, i18n_text(lang, I18N_CLOCK_TITLE), F(ui, 26, UI_BOLD), R(ui, 170, 8, 460, 56), CENTER,
          C_INK);
    bool synced = v->clock == STORE_CLOCK_SYNCED;
    label(ui, i18n_text(lang, clock_state_text(v->clock)), F(ui, 18, UI_BOLD),
          R(ui, 40, 70, 720, 28), CENTER,
          v->clock == STORE_CLOCK_UNTRUSTED ? C_WARN : C_ACCENT_DARK);
    char date[96];
    i18n_date(lang, v->clock_date, date, sizeof date);
    label(ui, date, F(ui, 24, UI_REGULAR), R(ui, 40, 100, 720, 36), CENTER,
          v->clock_changed ? C_ACCENT_DARK : C_INK);
    label(ui, v->clock_time, F(ui, 64, UI_BOLD), R(ui, 40, 134, 720, 84), CENTER,
          v->clock_changed ? C_ACCENT_DARK : C_INK);
    I18nId help = synced                              ? I18N_CLOCK_HELP_SYNCED
                  : v->clock == STORE_CLOCK_UNTRUSTED ? I18N_CLOCK_HELP_UNTRUSTED
                                                      : I18N_CLOCK_HELP_TRUSTED;
    wrap(ui, i18n_text(lang, help), F(ui, 16, UI_REGULAR), R(ui, 60, 222, 680, 0), CENTER, C_MUTED,
         2, true);
    if (synced)
        return;
    static const struct {
        I18nId text; /* I18N_COUNT: the minutes, written the same in every language */
        const char *minutes;
    } STEPS[FLOW_CLOCK_STEP_COUNT] = {
        [FLOW_CLOCK_DAY_BACK] = {I18N_CLOCK_DAY_BACK, NULL},
        [FLOW_CLOCK_DAY_ON] = {I18N_CLOCK_DAY_ON, NULL},
        [FLOW_CLOCK_HOUR_BACK] = {I18N_CLOCK_HOUR_BACK, NULL},
        [FLOW_CLOCK_HOUR_ON] = {I18N_CLOCK_HOUR_ON, NULL},
        [FLOW_CLOCK_10MIN_BACK] = {I18N_COUNT, "–10 min"},
        [FLOW_CLOCK_MIN_BACK] = {I18N_COUNT, "–1 min"},
        [FLOW_CLOCK_MIN_ON] = {I18N_COUNT, "+1 min"},
        [FLOW_CLOCK_10MIN_ON] = {I18N_COUNT, "+10 min"},
    };
    const double w = (784 - 3 * 8) / 4.0;
    for (int i = 0; i < FLOW_CLOCK_STEP_COUNT; i++) {
        const char *text = STEPS[i].minutes ? STEPS[i].minutes : i18n_text(lang, STEPS[i].text);
        button(ui, R(ui, 8 + (i % 4) * (w + 8), 276 + (i / 4) * 64, w, 56), text,
               F(ui, 19, UI_BOLD), KEY, FLOW_ACT_CLOCK_ADJUST, i);
    }
    button(ui, R(ui, 200, 410, 400, 62),
           i18n_text(lang, v->clock_changed ? I18N_CLOCK_SAVE : I18N_CLOCK_RIGHT),
           F(ui, 22, UI_BOLD), PRIMARY, FLOW_ACT_CLOCK_SAVE, 0);
}

static void draw_idle_warning(Ui *ui, int w, int h)
{
    const FlowView *v = ui->view;
    char secs[16], msg[160];
    /* Any tap on the dimmed screen counts as "still here". */
    fill(ui, (UiRect){0, 0, w, h}, C_DIM, 0);
    target(ui, (UiRect){0, 0, w, h}, FLOW_ACT_STAY, 0);
    card(ui, R(ui, 140, 130, 520, 220), C_SURFACE, S(ui, 20));
    snprintf(secs, sizeof secs, "%d", v->idle_seconds_left);
    i18n_format(v->lang, I18N_IDLE_WARNING, secs, msg, sizeof msg);
    UiFont font = F(ui, 26, UI_BOLD);
    /* Centre the message in the space above the button, one line or two. */
    int lines = count_lines(ui, msg, font, S(ui, 460), 2);
    int top = ui->oy + S(ui, 130), bottom = ui->oy + S(ui, 258);
    int y = top + (bottom - top - lines * line_height(ui, font)) / 2;
    wrap(ui, msg, font, (UiRect){ui->ox + S(ui, 170), y, S(ui, 460), 0}, CENTER, C_INK, 2, false);
    button(ui, R(ui, 240, 258, 320, 72), i18n_text(v->lang, I18N_STILL_HERE), F(ui, 26, UI_BOLD),
           PRIMARY, FLOW_ACT_STAY, 0);
}

typedef void (*DrawFn)(Ui *ui);

static const DrawFn SCREEN_DRAW[FLOW_SCREEN_COUNT] = {
    [FLOW_WELCOME] = draw_welcome,       [FLOW_SEARCH] = draw_search,
    [FLOW_CONFIRM] = draw_confirm,       [FLOW_GREETING] = draw_greeting,
    [FLOW_ALREADY] = draw_already,       [FLOW_WALKIN] = draw_walkin,
    [FLOW_NOTICE] = draw_notice,         [FLOW_QUESTION] = draw_question,
    [FLOW_REFLECTION] = draw_reflection, [FLOW_THANKS] = draw_thanks,
    [FLOW_ADMIN_PIN] = draw_pin,         [FLOW_ADMIN] = draw_admin,
    [FLOW_ADMIN_UNDO] = draw_admin_undo, [FLOW_ADMIN_CLOCK] = draw_admin_clock,
};

/* ---- Frame -------------------------------------------------------------------------- */

void ui_frame(Ui *ui, const FlowView *view, int w, int h, int press_x, int press_y)
{
    ui->ncmd = ui->ntarget = ui->arena_len = 0;
    ui->overflow = false;
    ui->out_of_memory = false;
    ui->view = view;
    ui->press_x = press_x;
    ui->press_y = press_y;
    double sx = w / 800.0, sy = h / 480.0;
    ui->u = sx < sy ? sx : sy;
    if (ui->u <= 0)
        ui->u = 1;
    ui->ox = (w - S(ui, 800)) / 2;
    ui->oy = (h - S(ui, 480)) / 2;

    fill(ui, (UiRect){0, 0, w, h}, C_BG, 0);
    if ((unsigned)view->screen < FLOW_SCREEN_COUNT && SCREEN_DRAW[view->screen])
        SCREEN_DRAW[view->screen](ui);
    if (view->idle_warning)
        draw_idle_warning(ui, w, h);

    for (size_t i = 0; i < ui->ncmd; i++)
        ui->cmds[i].text = ui->text_off[i] == (size_t)-1 ? NULL : ui->arena + ui->text_off[i];
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
            if (out)
                *out = ui->targets[i];
            return true;
        }
    }
    return false;
}

bool ui_find(const Ui *ui, FlowAction action, int arg, UiTarget *out)
{
    for (size_t i = 0; i < ui->ntarget; i++) {
        if (ui->targets[i].action == action && ui->targets[i].arg == arg) {
            if (out)
                *out = ui->targets[i];
            return true;
        }
    }
    return false;
}

bool ui_overflow(const Ui *ui, const char **first)
{
    if (ui->overflow && first)
        *first = ui->overflow_cmd < ui->ncmd && ui->cmds[ui->overflow_cmd].text
                     ? ui->cmds[ui->overflow_cmd].text
                     : "(text)";
    return ui->overflow;
}
