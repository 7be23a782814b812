/* ui_board: the board's screen, and the board's panel on the kiosk's greeting.
 *
 * The board (contract in ui_board.h) is laid out in pixels of the screen it is given,
 * with one unit k = min(w/1920, h/1080): a header (who is here, how many, the meeting),
 * the organisations with their people in columns on the left, and on the right the people
 * new to the network and the topics, each with who wants to talk about it. It is read
 * from across a room, so the type is large; when the names do not fit, the whole body is
 * tried again at a smaller scale, and only below the smallest one are names left out
 * ("och 12 till"). Nothing here is a target: the board is looked at, not touched.
 *
 * The greeting's panel (ui_draw_greeting_board, ui_private.h) is the kiosk's greeting on
 * the 800x480 design canvas, made compact to leave room for the topics as one-tap buttons
 * and the button that takes a person off the board.
 */
#include "ui/ui_board.h"

#include <stdio.h>
#include <string.h>

#include "ui/ui_private.h"

/* ---- The greeting with the board's panel ------------------------------------------- */

/* The width of the widest word of s in font. */
static int widest_word(Ui *ui, UiFont font, const char *s)
{
    int widest = 0;
    char word[EVENT_TOPIC_MAX];
    while (*s) {
        size_t n = strcspn(s, " ");
        if (n > 0 && n < sizeof word) {
            memcpy(word, s, n);
            word[n] = '\0';
            int w, h;
            ui_measure(ui, font, word, &w, &h);
            widest = w > widest ? w : widest;
        }
        s += n + (s[n] == ' ');
    }
    return widest;
}

/* The topics as buttons: in landscape two rows of four (or fewer, centred), in portrait
 * rows of two. Picked ones are filled; once three are picked the others are drawn quiet,
 * and a tap on them does nothing. Returns the height they took (design units). */
static double topic_buttons(Ui *ui, double top)
{
    const FlowView *v = ui->view;
    int n = v->topic_count;
    int per_row = ui->portrait ? (n < 2 ? n : 2) : n <= 4 ? n : (n + 1) / 2;
    int rows = per_row > 0 ? (n + per_row - 1) / per_row : 0;
    const double gap = 10, x0 = 24;
    const double row_h = ui->portrait ? MM(11) : n <= 4 ? 84 : 58;
    double w = (ui->cw - 2 * x0 - (per_row - 1) * gap) / per_row;
    for (int i = 0; i < n; i++) {
        int row = i / per_row, col = i % per_row;
        int in_row = row < rows - 1 ? per_row : n - (rows - 1) * per_row;
        double left = (ui->cw - in_row * w - (in_row - 1) * gap) / 2;
        UiRect r = R(ui, left + col * (w + gap), top + row * (row_h + gap), w, row_h);
        bool picked = v->topic_picked[i];
        bool quiet = !picked && v->topics_picked >= EVENT_TOPICS_PICK;
        UiColor tc;
        UiRect face = ui_button_face(ui, r,
                                     picked  ? SELECTED
                                     : quiet ? GHOST
                                             : CARD,
                                     FLOW_ACT_TOPIC, i, &tc);
        if (quiet) {
            ui_fill(ui, face, C_ACCENT_SOFT, S(ui, 8));
            tc = C_MUTED;
        }
        int pad = S(ui, 8), check = picked ? S(ui, 18) : 0;
        if (picked) {
            ui_icon(ui, UI_ICON_CHECK,
                    (UiRect){face.x + pad, face.y + (face.h - check) / 2, check, check}, C_WHITE);
        }
        UiFont font = F(ui, UI_TEXT_SMALL, UI_BOLD);
        UiRect box = {face.x + pad + (check ? check + S(ui, 4) : 0), face.y + S(ui, 4),
                      face.w - 2 * pad - (check ? check + S(ui, 4) : 0), 0};
        /* A long word ("kompetensförsörjning") is not cut: the type gets smaller. */
        int floor_px = F(ui, 12, UI_BOLD).px;
        while (font.px > floor_px && widest_word(ui, font, v->topics[i]) > box.w) {
            font.px--;
        }
        int lines = ui_count_lines(ui, v->topics[i], font, box.w, 2);
        box.y = face.y + (face.h - lines * ui_line_height(ui, font)) / 2;
        ui_wrap(ui, v->topics[i], font, box, CENTER, tc, 2, true);
    }
    return rows * (row_h + gap) - gap;
}

void ui_draw_greeting_board(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char title[FLOW_TEXT_CAP + 64], sub[160];
    bool already = v->screen == FLOW_ALREADY;
    /* Landscape: the 800x480 design. Portrait: the same parts stacked down the taller
     * canvas, the buttons full width at the bottom, where a thumb reaches. */
    bool tall = ui->portrait;
    double cw = ui->cw, ch = ui->ch, tx = tall ? 16 : UI_TEXT_X, tw = cw - 2 * tx;
    ui_language_toggle(ui);
    ui_badge_check(ui, cw / 2, tall ? 120 : 44, tall ? 80 : 60, already ? C_INFO : C_ACCENT);
    i18n_format(lang, already ? I18N_ALREADY_TITLE : I18N_WELCOME_NAME, v->first_name, title,
                sizeof title);
    double y = tall ? 176 : 80;
    y += ui_wrap(ui, title, F(ui, UI_TEXT_DISPLAY, UI_BOLD), R(ui, tx, y, tw, 0), CENTER, C_INK,
                 tall ? 2 : 1, true) /
             ui->u +
         (tall ? 8 : 0);
    if (already) {
        i18n_format(lang, I18N_ALREADY_AT, v->checkin_time, sub, sizeof sub);
    } else {
        I18nId id = !v->badge_pickup        ? I18N_WELCOME_SUB
                    : v->badge_at_reception ? I18N_WELCOME_SUB_RECEPTION
                                            : I18N_WELCOME_SUB_BADGE;
        snprintf(sub, sizeof sub, "%s", i18n_text(lang, id));
    }
    if (!tall) {
        y = 136;
    }
    y += ui_wrap(ui, sub, F(ui, UI_TEXT_BODY_SMALL, UI_REGULAR), R(ui, tx, y, tw, 0), CENTER,
                 C_MUTED, tall ? 2 : 1, false) /
         ui->u;
    y = tall ? y + 40 : 180;
    if (v->board_hidden) {
        ui_wrap(ui, i18n_text(lang, I18N_BOARD_HIDDEN), F(ui, UI_TEXT_LEAD, UI_BOLD),
                R(ui, tx, tall ? y : 236, tw, 0), CENTER, C_INK, tall ? 3 : 2, false);
    } else if (v->topic_count > 0) {
        y += ui_wrap(ui, i18n_text(lang, I18N_TOPICS_PROMPT), F(ui, UI_TEXT_BODY, UI_BOLD),
                     R(ui, tx, y, tw, 0), CENTER, C_ACCENT_DARK, tall ? 2 : 1, false) /
             ui->u;
        topic_buttons(ui, tall ? y + 12 : 218);
    }
    double hide_y = tall ? ch - 24 - UI_BIG_BUTTON_H - 12 - UI_BUTTON_H : 380;
    if (v->board_failed) {
        ui_label(ui, i18n_text(lang, I18N_BOARD_NOT_SAVED), F(ui, UI_TEXT_NOTE, UI_BOLD),
                 R(ui, 24, hide_y - 30, cw - 48, 24), CENTER, C_ERROR);
    }
    const char *hide = i18n_text(lang, v->board_hidden ? I18N_BOARD_SHOW : I18N_BOARD_HIDE);
    if (tall) {
        ui_button(ui, R(ui, 24, hide_y, cw - 48, UI_BUTTON_H), hide,
                  F(ui, UI_TEXT_BODY_LARGE, UI_BOLD), SECONDARY, FLOW_ACT_BOARD_HIDE, 0);
        ui_button(ui, R(ui, 24, ch - 24 - UI_BIG_BUTTON_H, cw - 48, UI_BIG_BUTTON_H),
                  i18n_text(lang, I18N_OK), F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_DONE,
                  0);
        return;
    }
    ui_button(ui, R(ui, 40, 380, 400, UI_BUTTON_H), hide, F(ui, UI_TEXT_BODY_LARGE, UI_BOLD),
              SECONDARY, FLOW_ACT_BOARD_HIDE, 0);
    ui_button(ui, R(ui, 520, 380, 240, UI_BUTTON_H), i18n_text(lang, I18N_OK),
              F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_DONE, 0);
}

/* ---- The board ---------------------------------------------------------------------- */

/* A frame's layout state: the unit and the type scale being tried. */
typedef struct Layout {
    Ui *ui;
    const BoardView *v;
    double k;     /* pixels per unit of the 1920x1080 design */
    double scale; /* the body's type scale */
    bool emit;    /* false: only measure (a trial at this scale) */
} Layout;

static int px(const Layout *l, double v)
{
    int p = (int)lround(v * l->k);
    return p < 1 ? 1 : p;
}

static UiFont font_of(const Layout *l, double size, UiWeight weight)
{
    int p = (int)lround(size * l->k * l->scale);
    return (UiFont){p < 8 ? 8 : p, weight};
}

static int line_h(const Layout *l, UiFont f)
{
    return ui_line_height(l->ui, f);
}

/* The organisations and their people in columns across area. Returns how many people got
 * their line; with emit, the last line says how many more there are when not all did. */
static size_t layout_groups(const Layout *l, UiRect area)
{
    const BoardView *v = l->v;
    Ui *ui = l->ui;
    Lang lang = v->lang;
    UiFont f_org = font_of(l, 34, UI_BOLD), f_count = font_of(l, 28, UI_REGULAR);
    UiFont f_name = font_of(l, 30, UI_REGULAR), f_tag = font_of(l, 20, UI_BOLD);
    int h_org = line_h(l, f_org), h_name = line_h(l, f_name);
    int gap = (int)lround(28 * l->k * l->scale), col_gap = px(l, 40);
    int col_w_min = (int)lround(430 * l->k * l->scale);
    int ncol = (area.w + col_gap) / (col_w_min + col_gap);
    ncol = ncol < 1 ? 1 : ncol;
    int col_w = (area.w - (ncol - 1) * col_gap) / ncol;
    int col = 0, x = area.x, y = area.y, bottom = area.y + area.h;
    size_t placed = 0;
    const char *tag = i18n_text(lang, I18N_BOARD_NEW_TAG);
    int tag_w, tag_h;
    ui_measure(ui, f_tag, tag, &tag_w, &tag_h);
    int tag_pad = (int)lround(10 * l->k * l->scale), tag_box = tag_w + 2 * tag_pad;
    for (size_t g = 0; g < v->ngroups; g++) {
        const BoardGroup *grp = &v->groups[g];
        for (size_t i = 0; i < grp->count; i++) {
            bool head = i == 0 || y == area.y; /* the organisation again atop a new column */
            int need = (head ? h_org + px(l, 4) : 0) + h_name;
            /* Room for the "och N till" line under the last column's last name. */
            bool last_col = col == ncol - 1;
            int reserve = last_col && placed + 1 < v->npeople ? h_name : 0;
            if (y + need + reserve > bottom) {
                if (last_col) {
                    goto full;
                }
                col++;
                x = area.x + col * (col_w + col_gap);
                y = area.y;
                head = true;
                need = h_org + px(l, 4) + h_name;
                if (y + need > bottom) {
                    goto full;
                }
            }
            if (head) {
                if (l->emit) {
                    char count[32];
                    snprintf(count, sizeof count, "  %zu", grp->count);
                    int cw, ch;
                    ui_measure(ui, f_count, count, &cw, &ch);
                    const char *org = grp->organisation[0] ? grp->organisation
                                                           : i18n_text(lang, I18N_BOARD_NO_ORG);
                    int ow, oh;
                    ui_measure(ui, f_org, org, &ow, &oh);
                    int org_w = ow < col_w - cw ? ow : col_w - cw;
                    ui_data_label(ui, org, f_org, (UiRect){x, y, org_w, h_org}, LEFT,
                                  C_ACCENT_DARK);
                    ui_label(ui, count, f_count, (UiRect){x + org_w, y, cw, h_org}, LEFT, C_MUTED);
                }
                y += h_org + px(l, 4);
            }
            if (l->emit) {
                const BoardPerson *p = &v->people[grp->first + i];
                int name_w = col_w - (p->first_time ? tag_box + px(l, 10) : 0);
                int nw, nh;
                ui_measure(ui, f_name, p->name, &nw, &nh);
                nw = nw < name_w ? nw : name_w;
                ui_data_label(ui, p->name, f_name, (UiRect){x, y, name_w, h_name}, LEFT, C_INK);
                if (p->first_time) {
                    int th = tag_h + (int)lround(4 * l->k * l->scale);
                    UiRect pill = {x + nw + px(l, 10), y + (h_name - th) / 2, tag_box, th};
                    ui_fill(ui, pill, C_ACCENT, th / 2);
                    ui_label(ui, tag, f_tag, pill, CENTER, C_WHITE);
                }
            }
            y += h_name;
            placed++;
        }
        y += gap;
    }
    return placed;
full:
    if (l->emit && placed < v->npeople) {
        char more[64], n[24];
        snprintf(n, sizeof n, "%zu", v->npeople - placed);
        i18n_format(lang, I18N_BOARD_MORE, n, more, sizeof more);
        ui_label(ui, more, font_of(l, 30, UI_BOLD), (UiRect){x, y, col_w, h_name}, LEFT, C_MUTED);
    }
    return placed;
}

/* A card in the side column: a heading, then lines from draw_lines. Returns its bottom. */
static int side_heading(const Layout *l, UiRect card, const char *text)
{
    UiFont f = font_of(l, 32, UI_BOLD);
    int h = line_h(l, f);
    if (l->emit) {
        ui_data_label(l->ui, text, f, (UiRect){card.x, card.y, card.w, h}, LEFT, C_INK);
    }
    return card.y + h + px(l, 10);
}

/* The people new to the network: name, and organisation after it. Stops at bottom. */
static int layout_new(const Layout *l, UiRect box)
{
    const BoardView *v = l->v;
    Ui *ui = l->ui;
    char head[96], n[24];
    snprintf(n, sizeof n, "%zu", v->first_timers);
    snprintf(head, sizeof head, "%s  ·  %s", i18n_text(v->lang, I18N_BOARD_NEW_TITLE), n);
    int y = side_heading(l, box, head);
    UiFont f = font_of(l, 28, UI_REGULAR), f_org = font_of(l, 22, UI_REGULAR);
    int h = line_h(l, f), h_org = line_h(l, f_org);
    size_t shown = 0;
    for (size_t i = 0; i < v->npeople; i++) {
        const BoardPerson *p = &v->people[i];
        if (!p->first_time) {
            continue;
        }
        bool more_after = shown + 1 < v->first_timers;
        if (y + h + h_org + (more_after ? h : 0) > box.y + box.h) {
            char more[64];
            snprintf(n, sizeof n, "%zu", v->first_timers - shown);
            i18n_format(v->lang, I18N_BOARD_MORE, n, more, sizeof more);
            if (l->emit) {
                ui_label(ui, more, font_of(l, 26, UI_BOLD), (UiRect){box.x, y, box.w, h}, LEFT,
                         C_MUTED);
            }
            return y + h;
        }
        if (l->emit) {
            ui_data_label(ui, p->name, f, (UiRect){box.x, y, box.w, h}, LEFT, C_INK);
            ui_data_label(ui, p->organisation, f_org, (UiRect){box.x, y + h, box.w, h_org}, LEFT,
                          C_MUTED);
        }
        y += h + h_org + px(l, 6);
        shown++;
    }
    return y;
}

/* The topics anyone here picked, most picked first: "5 här vill prata om rekrytering"
 * and who. */
static int layout_topics(const Layout *l, UiRect box)
{
    const BoardView *v = l->v;
    Ui *ui = l->ui;
    int y = side_heading(l, box, i18n_text(v->lang, I18N_BOARD_TOPICS_TITLE));
    int order[EVENT_TOPICS_MAX], n = 0;
    for (int t = 0; t < v->event->topic_count; t++) {
        if (v->topic_people[t] > 0) {
            int at = n++;
            while (at > 0 && v->topic_people[order[at - 1]] < v->topic_people[t]) {
                order[at] = order[at - 1];
                at--;
            }
            order[at] = t;
        }
    }
    UiFont f_line = font_of(l, 28, UI_BOLD), f_who = font_of(l, 22, UI_REGULAR);
    int h_line = line_h(l, f_line), h_who = line_h(l, f_who);
    for (int k = 0; k < n; k++) {
        int t = order[k];
        if (y + h_line + h_who > box.y + box.h) {
            break;
        }
        char line[EVENT_TOPIC_MAX + 96], count[24];
        snprintf(count, sizeof count, "%zu", v->topic_people[t]);
        if (v->topic_people[t] == 1) {
            i18n_format(v->lang, I18N_BOARD_TOPIC_ONE, v->event->topics[t], line, sizeof line);
        } else {
            i18n_format2(v->lang, I18N_BOARD_TOPIC_COUNT, count, v->event->topics[t], line,
                         sizeof line);
        }
        int line_lines = ui_count_lines(ui, line, f_line, box.w, 2);
        if (l->emit) {
            ui_wrap(ui, line, f_line, (UiRect){box.x, y, box.w, 0}, LEFT, C_ACCENT_DARK, 2, true);
        }
        y += line_lines * h_line;
        /* Who: first names would be friendlier, but two Annas must stay apart. */
        char who[FLOW_TEXT_CAP * 2];
        size_t used = 0;
        who[0] = '\0';
        for (size_t i = 0; i < v->npeople && used + 2 < sizeof who; i++) {
            if ((v->people[i].topics >> t) & 1u) {
                int w = snprintf(who + used, sizeof who - used, "%s%s", used ? ", " : "",
                                 v->people[i].name);
                used += w > 0 ? (size_t)w : 0;
                used = used < sizeof who ? used : sizeof who - 1;
            }
        }
        int room = (box.y + box.h - y) / h_who;
        int lines = room < 2 ? room : 2;
        if (lines > 0) {
            if (l->emit) {
                y +=
                    ui_wrap(ui, who, f_who, (UiRect){box.x, y, box.w, 0}, LEFT, C_INK, lines, true);
            } else {
                y += ui_count_lines(ui, who, f_who, box.w, lines) * h_who;
            }
        }
        y += px(l, 14);
    }
    return y;
}

/* The right-hand column: the new, then the topics, each on a card. */
static void layout_side(const Layout *l, UiRect side)
{
    const BoardView *v = l->v;
    bool topics = false;
    for (int t = 0; v->event && t < v->event->topic_count; t++) {
        topics = topics || v->topic_people[t] > 0;
    }
    int pad = px(l, 28), gap = px(l, 28);
    int y = side.y;
    if (v->first_timers > 0) {
        int avail = topics ? (side.h - gap) / 2 : side.h;
        UiRect inner = {side.x + pad, y + pad, side.w - 2 * pad, avail - 2 * pad};
        Layout dry = *l;
        dry.emit = false;
        int bottom = layout_new(&dry, inner) + pad;
        UiRect card = {side.x, y, side.w, bottom - y};
        if (l->emit) {
            ui_fill(l->ui, (UiRect){card.x, card.y + px(l, 3), card.w, card.h}, C_SHADOW,
                    px(l, 18));
            ui_fill(l->ui, card, C_SURFACE, px(l, 18));
            ui_fill(l->ui, (UiRect){card.x, card.y, px(l, 10), card.h}, C_ACCENT, px(l, 5));
            layout_new(l, inner);
        }
        y = card.y + card.h + gap;
    }
    if (topics) {
        UiRect inner = {side.x + pad, y + pad, side.w - 2 * pad, side.y + side.h - y - 2 * pad};
        Layout dry = *l;
        dry.emit = false;
        int bottom = layout_topics(&dry, inner) + pad;
        UiRect card = {side.x, y, side.w, bottom - y};
        if (l->emit) {
            ui_fill(l->ui, (UiRect){card.x, card.y + px(l, 3), card.w, card.h}, C_SHADOW,
                    px(l, 18));
            ui_fill(l->ui, card, C_SURFACE, px(l, 18));
            layout_topics(l, inner);
        }
    }
}

/* Starts a frame on ui as ui_frame does, without a FlowView. */
static void begin(Ui *ui, int w, int h)
{
    ui->ncmd = ui->ntarget = ui->arena_len = 0;
    ui->overflow = false;
    ui->out_of_memory = false;
    ui->view = NULL;
    ui->press_x = ui->press_y = -1;
    ui->u = 1;
    ui->ox = ui->oy = 0;
    ui_fill(ui, (UiRect){0, 0, w, h}, C_BG, 0);
}

/* Points the text commands at the arena, which no longer moves (as ui_frame ends). */
static void end(Ui *ui)
{
    for (size_t i = 0; i < ui->ncmd; i++) {
        ui->cmds[i].text = ui->text_off[i] == (size_t)-1 ? NULL : ui->arena + ui->text_off[i];
    }
}

UiBoardFit ui_board_frame(Ui *ui, const BoardView *v, int w, int h)
{
    UiBoardFit fit = {1.0, 0, true};
    begin(ui, w, h);
    double kx = w / 1920.0, ky = h / 1080.0;
    Layout l = {.ui = ui, .v = v, .k = kx < ky ? kx : ky, .scale = 1.0, .emit = true};
    Lang lang = v->lang;
    int m = px(&l, 56);
    if (!v->has_event) {
        ui_wrap(ui, i18n_text(lang, I18N_NO_EVENT), font_of(&l, 56, UI_BOLD),
                (UiRect){m, h / 2 - px(&l, 80), w - 2 * m, 0}, CENTER, C_INK, 2, false);
        ui_wrap(ui, i18n_text(lang, I18N_NO_EVENT_HINT), font_of(&l, 30, UI_REGULAR),
                (UiRect){m, h / 2 + px(&l, 20), w - 2 * m, 0}, CENTER, C_MUTED, 2, false);
        end(ui);
        return fit;
    }
    /* The header: who is here and how many, and the meeting. */
    UiFont f_title = font_of(&l, 72, UI_BOLD), f_here = font_of(&l, 72, UI_BOLD);
    char here[48], n[24], shown[160], meeting[EVENT_TEXT_MAX * 2], date[64];
    snprintf(n, sizeof n, "%lld", (long long)v->here);
    i18n_format(lang, I18N_BOARD_HERE, n, here, sizeof here);
    int hw, hh;
    ui_measure(ui, f_here, here, &hw, &hh);
    int y = m;
    ui_label(ui, here, f_here, (UiRect){w - m - hw, y, hw, hh}, LEFT, C_ACCENT);
    ui_data_label(ui, i18n_text(lang, I18N_BOARD_TITLE), f_title,
                  (UiRect){m, y, w - 3 * m - hw, hh}, LEFT, C_INK);
    y += hh + px(&l, 6);
    i18n_date(lang, v->event->date, date, sizeof date);
    snprintf(meeting, sizeof meeting, "%s  ·  %s", v->event->title, date);
    UiFont f_meeting = font_of(&l, 30, UI_REGULAR), f_shown = font_of(&l, 26, UI_REGULAR);
    int mh = line_h(&l, f_meeting);
    ui_data_label(ui, meeting, f_meeting, (UiRect){m, y, w - 2 * m, mh}, LEFT, C_INK);
    y += mh + px(&l, 4);
    snprintf(n, sizeof n, "%zu", v->npeople);
    i18n_format(lang, I18N_BOARD_SHOWN, n, shown, sizeof shown);
    int sh = line_h(&l, f_shown);
    ui_data_label(ui, shown, f_shown, (UiRect){m, y, w - 2 * m, sh}, LEFT, C_MUTED);
    y += sh + px(&l, 24);
    ui_fill(ui, (UiRect){m, y, w - 2 * m, px(&l, 3)}, C_SHADOW, 0);
    y += px(&l, 36);
    UiRect body = {m, y, w - 2 * m, h - m - y};
    if (v->npeople == 0) {
        ui_wrap(ui, i18n_text(lang, I18N_BOARD_EMPTY), font_of(&l, 56, UI_BOLD),
                (UiRect){body.x, body.y + body.h / 3, body.w, 0}, CENTER, C_MUTED, 2, false);
        end(ui);
        return fit;
    }
    bool topics = false;
    for (int t = 0; t < v->event->topic_count; t++) {
        topics = topics || v->topic_people[t] > 0;
    }
    UiRect main = body, side = body;
    bool has_side = v->first_timers > 0 || topics;
    if (has_side) {
        int side_w = (int)(body.w * 0.34), gap = px(&l, 48);
        main.w = body.w - side_w - gap;
        side = (UiRect){main.x + main.w + gap, body.y, side_w, body.h};
    }
    /* The largest type scale at which everyone fits, else the smallest. */
    static const double SCALES[] = {1.0, 0.88, 0.76, 0.66, 0.57, 0.5};
    size_t count = sizeof SCALES / sizeof SCALES[0];
    Layout trial = l;
    trial.emit = false;
    for (size_t i = 0; i < count; i++) {
        trial.scale = SCALES[i];
        if (layout_groups(&trial, main) == v->npeople || i == count - 1) {
            break;
        }
    }
    if (has_side) {
        /* The side column shrinks with the names, but stays readable from afar. */
        Layout side_l = l;
        side_l.scale = trial.scale > 0.7 ? trial.scale : 0.7;
        layout_side(&side_l, side);
    }
    l.scale = trial.scale;
    fit.scale = l.scale;
    fit.placed = layout_groups(&l, main);
    fit.all_shown = fit.placed == v->npeople;
    end(ui);
    return fit;
}
