/* ui_walkin.c: the walk-in form (name, organisation, the e-mail field when the meeting
 * asks for it, consent to the participant list, the privacy note), landscape and portrait.
 * Split from ui.c, whose screen table names it. */

#include <stdio.h>

#include "ui/ui_private.h"

void ui_draw_walkin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_language_toggle(ui);
    double top =
        ui_bar_title(ui, i18n_text(lang, I18N_WALKIN_TITLE), F(ui, UI_TEXT_TITLE, UI_BOLD));
    /* Name and organisation; a third field for the e-mail when the meeting asks for it. A
     * problem is said where it is: in place of its field's label. */
    const int fields = v->walkin_email == EVENT_WALKIN_EMAIL_NEVER ? 2 : 3;
    I18nId labels[3] = {I18N_WALKIN_NAME, I18N_WALKIN_ORG,
                        v->walkin_email_needed ? I18N_WALKIN_EMAIL : I18N_WALKIN_EMAIL_OPTIONAL};
    bool problem[3] = {v->walkin_missing_name, false,
                       v->walkin_missing_email || v->walkin_bad_email};
    if (v->walkin_missing_name) {
        labels[0] = I18N_WALKIN_NEED_NAME;
    }
    if (problem[2]) {
        labels[2] = v->walkin_bad_email ? I18N_WALKIN_BAD_EMAIL : I18N_WALKIN_NEED_EMAIL;
    }
    /* Portrait with the e-mail's third field: the rows closer together, so the privacy
     * note above the keyboard keeps its lines. */
    bool tight = ui->portrait && fields == 3;
    double label_h = ui->portrait && !tight ? 28 : 24;
    double field_h = tight ? MM(10) : ui->portrait ? MM(11.3) : UI_BAR_H;
    double field_gap = tight ? 2 : 10;
    double full_w = ui->cw - 2 * KB_MARGIN;
    double y = ui->portrait ? top : 66;
    if (ui->portrait) {
        for (int i = 0; i < fields; i++) {
            ui_label(ui, i18n_text(lang, labels[i]), F(ui, UI_TEXT_NOTE, UI_BOLD),
                     R(ui, KB_MARGIN + 4, y, full_w - 8, label_h), LEFT,
                     problem[i] ? C_ERROR : C_MUTED);
            ui_field(ui, R(ui, KB_MARGIN, y + label_h, full_w, field_h), v->walkin_fields[i], NULL,
                     v->walkin_focus == i, FLOW_ACT_FIELD, i);
            y += label_h + field_h + field_gap;
        }
    } else {
        const double col_w = (UI_CANVAS_W - 2 * KB_MARGIN - (fields - 1) * KB_GAP) / fields;
        for (int i = 0; i < fields; i++) {
            double x = KB_MARGIN + i * (col_w + KB_GAP);
            ui_label(ui, i18n_text(lang, labels[i]), F(ui, UI_TEXT_NOTE, UI_BOLD),
                     R(ui, x + 4, y, col_w - 4, label_h), LEFT, problem[i] ? C_ERROR : C_MUTED);
            ui_field(ui, R(ui, x, y + label_h, col_w, field_h), v->walkin_fields[i], NULL,
                     v->walkin_focus == i, FLOW_ACT_FIELD, i);
        }
        y += label_h + field_h + 4;
    }
    /* Consent to the shared participant list: asked, never assumed (off until tapped). */
    UiColor tc;
    UiFont f_consent = F(ui, UI_TEXT_SMALL, UI_REGULAR);
    int box = S(ui, 30), bx = ui->ox + S(ui, KB_MARGIN + 8);
    int text_x = bx + box + S(ui, 12);
    int text_w = ui->ox + S(ui, ui->cw - KB_MARGIN) - text_x - S(ui, 4);
    const char *consent = i18n_text(lang, I18N_WALKIN_CONSENT);
    int consent_lines = ui_count_lines(ui, consent, f_consent, text_w, 2);
    double row_h = MM(9.4);
    double need = (consent_lines * ui_line_height(ui, f_consent) + S(ui, 12)) / ui->u;
    if (need > row_h) {
        row_h = need;
    }
    UiRect row =
        ui_button_face(ui, R(ui, KB_MARGIN, y, full_w, row_h), GHOST, FLOW_ACT_CONSENT, 0, &tc);
    int by = row.y + (row.h - box) / 2;
    UiRect tick = {bx, by, box, box};
    if (v->walkin_consent) {
        ui_fill(ui, tick, C_ACCENT, S(ui, 6));
        ui_icon(ui, UI_ICON_CHECK,
                (UiRect){bx + S(ui, 4), by + S(ui, 4), box - S(ui, 8), box - S(ui, 8)}, C_WHITE);
    } else {
        ui_fill(ui, tick, C_MUTED, S(ui, 6));
        ui_fill(ui, (UiRect){bx + S(ui, 2), by + S(ui, 2), box - S(ui, 4), box - S(ui, 4)},
                C_SURFACE, S(ui, 5));
    }
    ui_wrap(ui, consent, f_consent,
            (UiRect){text_x, row.y + (row.h - consent_lines * ui_line_height(ui, f_consent)) / 2,
                     text_w, 0},
            LEFT, C_INK, 2, false);
    y += row_h + 2;
    /* The privacy note: as many lines as the space above the keyboard has. */
    UiFont f_privacy = F(ui, UI_TEXT_CAPTION, UI_REGULAR);
    int lh = ui_line_height(ui, f_privacy);
    int room = S(ui, ui_keyboard_top(ui) - 4 - y);
    int max_lines = room / (lh > 0 ? lh : 1);
    max_lines = max_lines < 1 ? 1 : max_lines > 4 ? 4 : max_lines;
    ui_wrap(ui, i18n_text(lang, I18N_WALKIN_PRIVACY), f_privacy,
            R(ui, KB_MARGIN + 4, y, full_w - 8, 0), LEFT, C_MUTED, max_lines, false);
    ui_keyboard(ui, v->keyboard_upper, false, i18n_text(lang, I18N_WALKIN_SUBMIT), FLOW_ACT_SUBMIT,
                PRIMARY);
}
