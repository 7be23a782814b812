/* ui_checkin.c: the attendee's check-in screens (welcome, search with its results, confirm,
 * greeting, "already checked in", a notice), landscape and portrait, and what any screen
 * may carry over it: the idle warning and the countdown bar. Split from ui.c, whose
 * screen table names them. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ui/ui.h"
#include "ui/ui_private.h"

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
