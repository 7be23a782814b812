/* ui_feedback: the questions (smileys, 0-10 scale), the reflection and the thank-you screen
 * with its QR code. */
#include <stdio.h>
#include <string.h>

#include "ui/ui_private.h"

/* "Fråga 2 av 3" with a row of dots, one per question, in the top bar's middle. */
static void progress(Ui *ui, int current, int count)
{
    char a[16], b[16], text[64];
    snprintf(a, sizeof a, "%d", current + 1);
    snprintf(b, sizeof b, "%d", count);
    i18n_format2(ui->view->lang, I18N_QUESTION_PROGRESS, a, b, text, sizeof text);
    /* Landscape: in the top bar's middle; portrait: on a row under the bar. */
    double mid = ui->cw / 2, y = ui->portrait ? UI_MARGIN + UI_BAR_H + 6 : 10;
    ui_label(ui, text, F(ui, UI_TEXT_SMALL, UI_BOLD), R(ui, mid - 150, y, 300, 28), CENTER,
             C_MUTED);
    double d = 10, gap = 8, x = mid - (count * d + (count - 1) * gap) / 2;
    for (int i = 0; i < count; i++) {
        UiRect r = R(ui, x + i * (d + gap), y + 34, d, d);
        r.h = r.w;
        ui_fill(ui, r, i <= current ? C_ACCENT : C_SHADOW, r.w / 2);
    }
}

static const I18nId SMILEY_LABELS[5] = {I18N_SMILEY_1, I18N_SMILEY_2, I18N_SMILEY_3, I18N_SMILEY_4,
                                        I18N_SMILEY_5};

/* The word under value i of the scale: the view's (the event's words, which are the
 * organiser's text and so shortened rather than flagged when too long: *is_data), else the
 * kiosk's own (a view built without a meeting). */
static const char *scale_word(const Ui *ui, int i, I18nId fallback, bool *is_data)
{
    const char *w = ui->view->scale_words[i];
    *is_data = w && w[0] && strcmp(w, i18n_text(ui->view->lang, fallback)) != 0;
    return w && w[0] ? w : i18n_text(ui->view->lang, fallback);
}

/* Portrait: the five smileys as rows from the best down, the face and the word side by
 * side, filling top..bottom (design units). */
static void smiley_rows(Ui *ui, int answer, double top, double bottom)
{
    double gap = 10, h = (bottom - top - 4 * gap) / 5, w = ui->cw - 32;
    if (h > 110) {
        h = 110;
    }
    top += (bottom - top - (5 * h + 4 * gap)) / 2;
    for (int k = 0; k < 5; k++) {
        int i = 4 - k; /* the best on top, as people read a scale down a list */
        UiRect r = R(ui, 16, top + k * (h + gap), w, h);
        bool chosen = answer == i + 1;
        bool down = ui_pressed(ui, r);
        ui_target(ui, r, FLOW_ACT_RATE, i + 1);
        if (chosen) {
            ui_fill(ui, r, C_ACCENT, S(ui, 18));
            UiRect in = {r.x + S(ui, 4), r.y + S(ui, 4), r.w - S(ui, 8), r.h - S(ui, 8)};
            ui_fill(ui, in, C_ACCENT_SOFT, S(ui, 15));
        } else {
            ui_card(ui, r, down ? C_KEY_PRESSED : C_SURFACE, S(ui, 18));
        }
        double d = h - 16;
        ui_icon(ui, (UiIcon)(UI_ICON_SMILEY_1 + i),
                square(ui, 16 + 12 + d / 2, top + k * (h + gap) + h / 2, d), C_WHITE);
        bool data;
        const char *word = scale_word(ui, i, SMILEY_LABELS[i], &data);
        UiFont font = F(ui, UI_TEXT_LEAD, chosen ? UI_BOLD : UI_REGULAR);
        int tx = ui->ox + S(ui, 16 + 24 + d + 12);
        UiRect box = {tx, r.y, r.x + r.w - S(ui, 60) - tx, r.h};
        int lines = ui_count_lines(ui, word, font, box.w, 2);
        box.y += (box.h - lines * ui_line_height(ui, font)) / 2;
        ui_wrap(ui, word, font, box, LEFT, C_INK, 2, data);
        if (chosen && ui->view->rating_shown) { /* taken: the next question follows */
            ui_badge_check(ui, 16 + w - 34, top + k * (h + gap) + h / 2, 34, C_ACCENT);
        }
    }
}

/* Five smileys, each with its label: the face and the word say it, not only the colour. */
static void smileys(Ui *ui, int answer)
{
    const double w = 144, gap = 12, top = 214, h = 196;
    double x0 = (800 - (5 * w + 4 * gap)) / 2;
    for (int i = 0; i < 5; i++) {
        UiRect r = R(ui, x0 + i * (w + gap), top, w, h);
        bool chosen = answer == i + 1;
        bool down = ui_pressed(ui, r);
        ui_target(ui, r, FLOW_ACT_RATE, i + 1);
        if (chosen) {
            ui_fill(ui, r, C_ACCENT, S(ui, 18));
            UiRect in = {r.x + S(ui, 4), r.y + S(ui, 4), r.w - S(ui, 8), r.h - S(ui, 8)};
            ui_fill(ui, in, C_ACCENT_SOFT, S(ui, 15));
        } else {
            ui_card(ui, r, down ? C_KEY_PRESSED : C_SURFACE, S(ui, 18));
        }
        double cx = x0 + i * (w + gap) + w / 2;
        ui_icon(ui, (UiIcon)(UI_ICON_SMILEY_1 + i), square(ui, cx, top + 72, 104), C_WHITE);
        if (chosen && ui->view->rating_shown) { /* taken: the next question follows */
            ui_badge_check(ui, cx + w / 2 - 20, top + 20, 34, C_ACCENT);
        }
        bool data;
        const char *word = scale_word(ui, i, SMILEY_LABELS[i], &data);
        ui_wrap(ui, word, F(ui, UI_TEXT_SMALL, chosen ? UI_BOLD : UI_REGULAR),
                R(ui, x0 + i * (w + gap) + 6, top + 136, w - 12, 0), CENTER, C_INK, 2, data);
    }
}

/* 0..10 for "would you recommend ...": numbers, with the ends explained in words. In
 * portrait two rows, 0-5 and 6-10, so that each number stays a finger wide. */
static void nps_scale(Ui *ui, int answer, double top)
{
    bool two = ui->portrait;
    const double gap = 6, w = two ? (ui->cw - 16 - 5 * gap) / 6 : (800 - 16 - 10 * gap) / 11;
    const double h = two ? MM(14) : 92;
    for (int i = 0; i <= 10; i++) {
        char n[4];
        snprintf(n, sizeof n, "%d", i);
        int col = two ? i % 6 : i, row = two ? i / 6 : 0;
        double x = 8 + col * (w + gap) + (two && row ? (w + gap) / 2 : 0);
        UiRect r = R(ui, x, top + row * (h + gap), w, h);
        if (answer == i) {
            ui_fill(ui, r, C_ACCENT, S(ui, 12));
            ui_label(ui, n, F(ui, UI_TEXT_ACTION, UI_BOLD), r, CENTER, C_WHITE);
            ui_target(ui, r, FLOW_ACT_RATE, i);
            if (ui->view->rating_shown) { /* taken: the next question follows */
                ui_badge_check(ui, x + w / 2, top + row * (h + gap) - 16, 28, C_ACCENT);
            }
        } else {
            ui_button(ui, r, n, F(ui, UI_TEXT_TITLE, UI_BOLD), KEY, FLOW_ACT_RATE, i);
        }
    }
    static const I18nId ENDS[2] = {I18N_NPS_LOW, I18N_NPS_HIGH};
    for (int i = 0; i < 2; i++) {
        bool data;
        const char *word = scale_word(ui, i, ENDS[i], &data);
        double y = top + (two ? 2 * h + gap : h) + 8, half = ui->cw / 2 - 14;
        UiRect box = R(ui, i ? ui->cw / 2 + 4 : 10, y, half, 0);
        ui_wrap(ui, word, F(ui, UI_TEXT_SMALL, UI_REGULAR), box, i ? RIGHT : LEFT, C_MUTED, 2,
                data);
    }
}

void ui_draw_question(Ui *ui)
{
    const FlowView *v = ui->view;
    if (v->offers_feedback && !v->offers_checkin && v->question == 0) {
        /* Feedback only, the first question is the welcome screen: nothing to go back to,
         * and the organiser's hidden corner is here (see ui_draw_welcome). */
        ui_hold_target(ui, (UiRect){0, 0, ui->ox + S(ui, 72), ui->oy + S(ui, 72)}, FLOW_ACT_ADMIN,
                       0, FLOW_ADMIN_HOLD_MS);
    } else {
        ui_back_button(ui);
    }
    ui_language_toggle(ui);
    progress(ui, v->question, v->question_count);
    bool nps = v->scale == EVENT_SCALE_NPS;
    double skip_y = ui->portrait ? ui->ch - 8 - MM(11) : 420;
    ui_button(ui, R(ui, ui->cw - UI_MARGIN - 190, skip_y, 190, MM(11)),
              i18n_text(v->lang, I18N_SKIP), F(ui, UI_TEXT_CONTROL, UI_BOLD), GHOST, FLOW_ACT_SKIP,
              0);
    int width = S(ui, ui->cw - (ui->portrait ? 32 : 80));
    int max_lines = ui->portrait ? 4 : 3;
    UiFont font =
        ui_fit(ui, v->question_text, F(ui, UI_TEXT_TITLE, UI_BOLD), UI_TEXT_LEAD, width, max_lines);
    int lines = ui_count_lines(ui, v->question_text, font, width, max_lines);
    int text_h = lines * ui_line_height(ui, font);
    int x = ui->ox + (S(ui, ui->cw) - width) / 2;
    if (ui->portrait) {
        /* The question under the progress, the scale filling the rest. */
        double top = UI_MARGIN + UI_BAR_H + 60;
        ui_wrap(ui, v->question_text, font, (UiRect){x, ui->oy + S(ui, top), width, 0}, CENTER,
                C_INK, max_lines, true);
        double below = top + text_h / ui->u + 24;
        if (nps) {
            double room = skip_y - 8 - below, need = 2 * MM(14) + 6 + 70;
            nps_scale(ui, v->answer, below + (room > need ? (room - need) / 3 : 0));
        } else {
            smiley_rows(ui, v->answer, below, skip_y - 12);
        }
        return;
    }
    int top = ui->oy + S(ui, 72), bottom = ui->oy + S(ui, nps ? 228 : 206);
    int y = top + (bottom - top - text_h) / 2;
    ui_wrap(ui, v->question_text, font, (UiRect){x, y, width, 0}, CENTER, C_INK, max_lines, true);
    if (nps) {
        nps_scale(ui, v->answer, 236);
    } else {
        smileys(ui, v->answer);
    }
}

void ui_draw_reflection(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_language_toggle(ui);
    char n[16], msg[96];
    bool full = v->reflection_chars >= v->reflection_max;
    snprintf(n, sizeof n, "%d", full ? v->reflection_max : v->reflection_max - v->reflection_chars);
    i18n_format(lang, full ? I18N_LIMIT_REACHED : I18N_CHARS_LEFT, n, msg, sizeof msg);
    UiFont f_left = F(ui, UI_TEXT_SMALL, full ? UI_BOLD : UI_REGULAR);
    if (ui->portrait) {
        /* The prompt, a taller field, and Skip with the count under it, above the keys. */
        double cw = ui->cw, y = UI_MARGIN + UI_BAR_H + 10;
        UiFont f_prompt = F(ui, UI_TEXT_BODY, UI_BOLD);
        y += ui_wrap(ui, v->reflection_prompt, f_prompt, R(ui, 14, y, cw - 28, 0), LEFT, C_INK, 3,
                     true) /
                 ui->u +
             10;
        double kb = ui_keyboard_top(ui);
        double bottom_row = kb - 8 - MM(11);
        double area_h = bottom_row - 8 - y;
        int lh = ui_line_height(ui, F(ui, UI_TEXT_BODY_LARGE, UI_REGULAR));
        int lines = (int)((S(ui, area_h) - S(ui, 18)) / (lh > 0 ? lh : 1));
        lines = lines < 2 ? 2 : lines > 6 ? 6 : lines;
        ui_text_area(ui, R(ui, 8, y, cw - 16, area_h), v->reflection, lines);
        ui_button(ui, R(ui, 8, bottom_row, 180, MM(11)), i18n_text(lang, I18N_SKIP),
                  F(ui, UI_TEXT_CONTROL, UI_BOLD), GHOST, FLOW_ACT_SKIP, 0);
        ui_label(ui, msg, f_left, R(ui, 196, bottom_row, cw - 204, MM(11)), RIGHT,
                 full ? C_WARN : C_MUTED);
    } else {
        ui_button(ui, R(ui, UI_CANVAS_W - UI_MARGIN - 140 - 8 - 180, UI_MARGIN, 180, UI_BAR_H),
                  i18n_text(lang, I18N_SKIP), F(ui, UI_TEXT_CONTROL, UI_BOLD), GHOST, FLOW_ACT_SKIP,
                  0);
        ui_wrap(ui, v->reflection_prompt, F(ui, UI_TEXT_BODY, UI_BOLD), R(ui, 12, 66, 776, 0), LEFT,
                C_INK, 2, true);
        ui_text_area(ui, R(ui, 8, 128, 784, 98), v->reflection, 3);
        ui_label(ui, msg, f_left, R(ui, 400, 226, 388, 30), RIGHT, full ? C_WARN : C_MUTED);
    }
    ui_keyboard(ui, v->keyboard_upper, true, i18n_text(lang, I18N_SEND), FLOW_ACT_SEND, PRIMARY);
}

/* The QR code with its quiet zone, centred in area, modules a whole number of pixels. */
static int draw_qr(Ui *ui, const char *link, UiRect area)
{
    if (!ui->qr_ok || strcmp(ui->qr_text, link) != 0) {
        snprintf(ui->qr_text, sizeof ui->qr_text, "%s", link);
        ui->qr_ok = qr_encode(link, LINK_QR_MAX_VERSION, &ui->qr) == 0;
    }
    if (!ui->qr_ok) {
        return 0;
    }
    int n = ui->qr.side + 2 * QR_QUIET_ZONE;
    int m = (area.w < area.h ? area.w : area.h) / n;
    if (m < 1) {
        return 0;
    }
    int side = m * n;
    int x0 = area.x + (area.w - side) / 2, y0 = area.y + (area.h - side) / 2;
    ui_fill(ui, (UiRect){x0, y0, side, side}, C_WHITE, 0);
    static const UiColor DARK = {0, 0, 0, 255};
    /* One rectangle per horizontal run of dark modules keeps the command list short. */
    for (int y = 0; y < ui->qr.side; y++) {
        for (int x = 0; x < ui->qr.side;) {
            if (!qr_dark(&ui->qr, x, y)) {
                x++;
                continue;
            }
            int run = 1;
            while (x + run < ui->qr.side && qr_dark(&ui->qr, x + run, y)) {
                run++;
            }
            ui_fill(
                ui,
                (UiRect){x0 + (QR_QUIET_ZONE + x) * m, y0 + (QR_QUIET_ZONE + y) * m, run * m, m},
                DARK, 0);
            x += run;
        }
    }
    return y0 + side;
}

void ui_draw_thanks(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_language_toggle(ui);
    if (!v->feedback_link[0]) {
        UiMessage m = {C_ACCENT,    NULL,  i18n_text(lang, I18N_THANKS_TITLE),
                       42,          false, i18n_text(lang, I18N_THANKS_NO_LINK),
                       UI_TEXT_LEAD};
        ui_message(ui, &m);
        return;
    }
    if (ui->portrait) {
        /* Thanks and the hint on top, the code large in the middle, OK at the bottom. */
        double cw = ui->cw, ch = ui->ch, y = UI_MARGIN + UI_BAR_H + 16;
        y += ui_wrap(ui, i18n_text(lang, I18N_THANKS_TITLE), F(ui, 38, UI_BOLD),
                     R(ui, 20, y, cw - 40, 0), CENTER, C_INK, 2, false) /
             ui->u;
        y += ui_wrap(ui, i18n_text(lang, I18N_THANKS_SCAN), F(ui, UI_TEXT_BODY_LARGE, UI_REGULAR),
                     R(ui, 20, y + 10, cw - 40, 0), CENTER, C_MUTED, 3, false) /
                 ui->u +
             26;
        double ok_y = ch - 24 - UI_BIG_BUTTON_H;
        double side = ok_y - 24 - y - 40;
        if (side > cw - 48) {
            side = cw - 48;
        }
        double cx = (cw - side) / 2;
        ui_card(ui, R(ui, cx, y, side, side + 40), C_SURFACE, S(ui, 18));
        int bottom = draw_qr(ui, v->feedback_link, R(ui, cx + 10, y + 6, side - 20, side - 20));
        ui_short_link(
            ui, v->feedback_link, F(ui, UI_TEXT_CAPTION, UI_REGULAR),
            (UiRect){ui->ox + S(ui, cx + 10), bottom + S(ui, 4), S(ui, side - 20), S(ui, 30)});
        ui_button(ui, R(ui, 24, ok_y, cw - 48, UI_BIG_BUTTON_H), i18n_text(lang, I18N_OK),
                  F(ui, UI_TEXT_HEADLINE, UI_BOLD), PRIMARY, FLOW_ACT_DONE, 0);
        return;
    }
    ui_card(ui, R(ui, 24, 24, 372, 432), C_SURFACE, S(ui, 18));
    int bottom = draw_qr(ui, v->feedback_link, R(ui, 40, 36, 340, 340));
    ui_short_link(ui, v->feedback_link, F(ui, UI_TEXT_CAPTION, UI_REGULAR),
                  (UiRect){ui->ox + S(ui, 36), bottom + S(ui, 8), S(ui, 348), S(ui, 26)});
    int y = ui->oy + S(ui, 84);
    y += ui_wrap(ui, i18n_text(lang, I18N_THANKS_TITLE), F(ui, 34, UI_BOLD),
                 (UiRect){ui->ox + S(ui, 424), y, S(ui, 352), 0}, LEFT, C_INK, 2, false);
    ui_wrap(ui, i18n_text(lang, I18N_THANKS_SCAN), F(ui, UI_TEXT_BODY_LARGE, UI_REGULAR),
            (UiRect){ui->ox + S(ui, 424), y + S(ui, 16), S(ui, 352), 0}, LEFT, C_MUTED, 3, false);
    ui_button(ui, R(ui, 424, 372, 200, UI_BUTTON_H), i18n_text(lang, I18N_OK),
              F(ui, UI_TEXT_TITLE, UI_BOLD), PRIMARY, FLOW_ACT_DONE, 0);
}
