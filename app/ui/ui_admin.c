/* ui_admin: the organiser's screens: PIN pad, admin, undo, ask/confirm and the clock. */
#include <stdio.h>
#include <string.h>

#include "core/export.h"
#include "core/nps.h"
#include "ui/ui_private.h"

/* ---- Organiser screens ---------------------------------------------------------------- */

void ui_draw_pin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_bar_title(ui, i18n_text(lang, I18N_PIN_TITLE), F(ui, UI_TEXT_HEADING, UI_BOLD));
    /* Portrait: the same pad, centred in the width and the height. */
    double mid = ui->cw / 2, dy = ui->portrait ? (ui->ch - 480) / 2 : 0;
    if (v->pin_missing) {
        ui_wrap(ui, i18n_text(lang, I18N_PIN_MISSING), F(ui, UI_TEXT_HEADING, UI_BOLD),
                R(ui, 20, dy + 170, ui->cw - 40, 0), CENTER, C_INK, 4, false);
        return;
    }
    /* Dots, never digits: someone may be looking over the organiser's shoulder. */
    int shown = v->pin_digits > PIN_MIN_DIGITS ? v->pin_digits : PIN_MIN_DIGITS;
    double d = 18, gap = 14, x0 = mid - (shown * d + (shown - 1) * gap) / 2;
    for (int i = 0; i < shown; i++) {
        UiRect r = R(ui, x0 + i * (d + gap), dy + 86, d, d);
        r.h = r.w;
        ui_fill(ui, r, i < v->pin_digits ? C_INK : C_SHADOW, r.w / 2);
    }
    char msg[128] = "", secs[16];
    if (v->pin_wait_seconds > 0) {
        snprintf(secs, sizeof secs, "%d", v->pin_wait_seconds);
        i18n_format(lang, I18N_PIN_WAIT, secs, msg, sizeof msg);
    } else if (v->pin_wrong) {
        snprintf(msg, sizeof msg, "%s", i18n_text(lang, I18N_PIN_WRONG));
    }
    if (msg[0]) {
        ui_label(ui, msg, F(ui, UI_TEXT_CONTROL, UI_BOLD), R(ui, 20, dy + 116, ui->cw - 40, 34),
                 CENTER, C_ERROR);
    }
    /* Keys 150 units wide, narrower on a narrow portrait canvas. */
    const double gx = 10, gy = 8,
                 kw = ui->cw - 20 < 3 * 150 + 2 * gx ? (ui->cw - 20 - 2 * gx) / 3 : 150;
    const double kh = 68, x = mid - (3 * kw + 2 * gx) / 2, y = dy + 160;
    for (int k = 0; k < 9; k++) {
        char n[2] = {(char)('1' + k), '\0'};
        ui_button(ui, R(ui, x + (k % 3) * (kw + gx), y + (k / 3) * (kh + gy), kw, kh), n,
                  F(ui, UI_TEXT_TITLE, UI_BOLD), KEY, FLOW_ACT_DIGIT, k + 1);
    }
    double y3 = y + 3 * (kh + gy);
    UiColor tc;
    UiRect face = ui_button_face(ui, R(ui, x, y3, kw, kh), KEY, FLOW_ACT_BACKSPACE, 0, &tc);
    ui_icon_in(ui, UI_ICON_BACKSPACE, face, 34, tc);
    ui_button(ui, R(ui, x + kw + gx, y3, kw, kh), "0", F(ui, UI_TEXT_TITLE, UI_BOLD), KEY,
              FLOW_ACT_DIGIT, 0);
    ui_button(ui, R(ui, x + 2 * (kw + gx), y3, kw, kh), i18n_text(lang, I18N_PIN_OPEN),
              F(ui, UI_TEXT_LEAD, UI_BOLD), PRIMARY, FLOW_ACT_PIN_OK, 0);
}

/* A 0-10 question's line: its NPS and the number of answers, "F3: NPS +20 (10)", once
 * there are as many answers as the report needs to show a breakdown (export.h's
 * min_group), else what it waits for, "F3: NPS visas från 5 svar (3)". */
static void nps_line(Lang lang, int q, const int64_t counts[11], char *line, size_t cap)
{
    NpsScore nps = nps_score(counts);
    int min_group = export_defaults().min_group;
    char a[16], b[48], score[16];
    snprintf(a, sizeof a, "%d", q + 1);
    if (nps.answers >= min_group && nps.answers > 0) {
        nps_format(nps.score, score, sizeof score);
        snprintf(b, sizeof b, "%s (%lld)", score, (long long)nps.answers);
        i18n_format2(lang, I18N_QUESTION_NPS, a, b, line, cap);
    } else {
        snprintf(b, sizeof b, "%d", min_group);
        i18n_format2(lang, I18N_QUESTION_NPS_FEW, a, b, line, cap);
        size_t n = strlen(line);
        snprintf(line + n, cap - n, " (%lld)", (long long)nps.answers);
    }
}

/* One number with its caption (one line, or two when it needs them), on a card. */
static void tile(Ui *ui, UiRect r, int64_t value, const char *caption)
{
    char n[32];
    snprintf(n, sizeof n, "%lld", (long long)value);
    ui_card(ui, r, C_SURFACE, S(ui, 12));
    UiFont f = F(ui, UI_TEXT_DETAIL, UI_REGULAR);
    UiRect box = {r.x + S(ui, 4), 0, r.w - S(ui, 8), 0};
    int lines = ui_count_lines(ui, caption, f, box.w, 2);
    int text_h = lines * ui_line_height(ui, f);
    ui_label(ui, n, F(ui, UI_TEXT_ACTION, UI_BOLD),
             (UiRect){r.x, r.y + S(ui, 2), r.w, r.h - text_h - S(ui, 6)}, CENTER, C_INK);
    box.y = r.y + r.h - text_h - S(ui, 6);
    ui_wrap(ui, caption, f, box, CENTER, C_MUTED, 2, false);
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

/* The preprint: "Print all badges (12)", greyed out with nothing left to print. */
static void badge_preprint_button(Ui *ui, UiRect r)
{
    const FlowView *v = ui->view;
    char text[160], n[32];
    snprintf(n, sizeof n, "%zu", v->badge_unprinted);
    i18n_format(v->lang, I18N_PREPRINT, n, text, sizeof text);
    ui_button(ui, r, text, F(ui, UI_TEXT_CAPTION, UI_REGULAR),
              v->badge_unprinted ? SECONDARY : SOFT,
              v->badge_unprinted ? FLOW_ACT_PREPRINT : FLOW_ACT_NONE, 0);
}

/* The badge printer's state for the staff, where the admin note goes when there is none:
 * quiet (muted) when all is well, the warning colour when something needs a hand. */
static UiColor badge_status(Ui *ui, char *out, size_t cap)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char printer[600] = "", jobs[160], failed[120] = "", a[32], b[32];
    if (v->badge_problem && v->badge_problem[0]) {
        i18n_format(lang, I18N_BADGE_PRINTER_TROUBLE, v->badge_problem, printer, sizeof printer);
    } else if (v->badge_printer_ok) { /* only once the worker has asked it */
        i18n_format(lang, I18N_BADGE_PRINTER_OK, v->badge_printer, printer, sizeof printer);
    }
    snprintf(a, sizeof a, "%zu", v->badge_done);
    snprintf(b, sizeof b, "%zu", v->badge_queued + v->badge_sent);
    i18n_format2(lang, I18N_BADGES_STATUS, a, b, jobs, sizeof jobs);
    if (v->badge_failed) {
        snprintf(a, sizeof a, "%zu", v->badge_failed);
        i18n_format(lang, I18N_BADGE_FAILED, a, failed, sizeof failed);
    }
    snprintf(out, cap, "%s.%s%s%s%s", jobs, failed[0] ? " " : "", failed, printer[0] ? ". " : "",
             printer);
    bool trouble = (v->badge_problem && v->badge_problem[0]) || v->badge_failed;
    return trouble ? C_WARN : C_MUTED;
}

/* Live sharing's state in a word, as the admin screen's kiosk button says it. */
static I18nId sync_state_word(SyncState s)
{
    switch (s) {
    case SYNC_CONNECTING: return I18N_SYNC_CONNECTING;
    case SYNC_REFUSED: return I18N_SYNC_REFUSED;
    default: return I18N_SYNC_OFFLINE;
    }
}

/* The kiosks, on the admin screen's top bar: "Kiosker / 2 av 3 online" (or the link's
 * state when it is not online); a tap opens the list. */
static void kiosks_button(Ui *ui, UiRect r)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    UiColor tc;
    UiRect face = ui_button_face(ui, r, SECONDARY, FLOW_ACT_KIOSKS, 0, &tc);
    char line[96], a[24], b[24];
    bool online = v->sync_state == SYNC_ONLINE;
    if (online) {
        snprintf(a, sizeof a, "%zu", v->kiosks_online);
        snprintf(b, sizeof b, "%zu", v->kiosk_count);
        i18n_format2(lang, I18N_KIOSKS_ONLINE, a, b, line, sizeof line);
    } else {
        snprintf(line, sizeof line, "%s", i18n_text(lang, sync_state_word(v->sync_state)));
    }
    ui_label(ui, i18n_text(lang, I18N_KIOSKS), F(ui, UI_TEXT_NOTE, UI_BOLD),
             (UiRect){face.x, face.y + S(ui, 5), face.w, S(ui, 24)}, CENTER, tc);
    bool behind = false;
    for (size_t i = 0; i < v->kiosk_count; i++) {
        behind |= v->kiosks[i].behind > 0 || v->kiosks[i].unsent > 0;
    }
    ui_label(ui, line, F(ui, UI_TEXT_TINY, UI_BOLD),
             (UiRect){face.x, face.y + S(ui, 29), face.w, S(ui, 22)}, CENTER,
             !online || v->kiosks_online < v->kiosk_count ? C_WARN
             : behind                                     ? C_INFO
                                                          : C_ACCENT_DARK);
}

void ui_draw_admin(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_label(ui, i18n_text(lang, I18N_ADMIN_TITLE), F(ui, UI_TEXT_HEADING, UI_BOLD),
             R(ui, 16, UI_MARGIN, v->sync_on ? 200 : 400, UI_BAR_H), LEFT, C_INK);
    if (v->sync_on) {
        kiosks_button(ui, R(ui, 222, UI_MARGIN, 188, UI_BAR_H));
    }
    ui_button(ui, R(ui, UI_CANVAS_W - UI_MARGIN - 150, UI_MARGIN, 150, UI_BAR_H),
              i18n_text(lang, I18N_CLOSE), F(ui, UI_TEXT_BODY_SMALL, UI_BOLD), SOFT, FLOW_ACT_DONE,
              0);

    /* The clock: the kiosk's time and how far it can be trusted; a tap opens its screen. */
    UiColor tc;
    UiRect face = ui_button_face(
        ui, R(ui, UI_CANVAS_W - UI_MARGIN - 150 - 12 - 200, UI_MARGIN, 200, UI_BAR_H), SECONDARY,
        FLOW_ACT_CLOCK, 0, &tc);
    char when[24];
    snprintf(when, sizeof when, "%s %s", v->clock_date, v->clock_time);
    ui_label(ui, when, F(ui, UI_TEXT_NOTE, UI_BOLD),
             (UiRect){face.x, face.y + S(ui, 5), face.w, S(ui, 24)}, CENTER, tc);
    ui_label(ui, i18n_text(lang, clock_state_text(v->clock)), F(ui, UI_TEXT_TINY, UI_BOLD),
             (UiRect){face.x, face.y + S(ui, 29), face.w, S(ui, 22)}, CENTER,
             v->clock == STORE_CLOCK_UNTRUSTED ? C_WARN : C_ACCENT_DARK);

    /* Left: the numbers. */
    const StoreStats *st = v->stats;
    const double tw = (384 - 2 * 6) / 3.0;
    tile(ui, R(ui, 8, 70, tw, 96), st ? st->expected : 0, i18n_text(lang, I18N_STAT_EXPECTED));
    tile(ui, R(ui, 8 + tw + 6, 70, tw, 96), st ? st->checked_in : 0,
         i18n_text(lang, I18N_STAT_CHECKED_IN));
    tile(ui, R(ui, 8 + 2 * (tw + 6), 70, tw, 96), st ? st->walk_ins : 0,
         i18n_text(lang, I18N_STAT_WALK_INS));
    ui_label(ui, i18n_text(lang, I18N_CHECKINS_OVER_TIME), F(ui, UI_TEXT_DETAIL, UI_BOLD),
             R(ui, 10, 170, 380, 24), LEFT, C_MUTED);
    int64_t top = 1;
    for (size_t i = 0; i < v->histogram_count; i++) {
        if (v->histogram[i] > top) {
            top = v->histogram[i];
        }
    }
    const double bw = 384.0 / FLOW_HISTOGRAM, base = 290, hmax = 90;
    ui_fill(ui, R(ui, 8, base, 384, 1.5), C_SHADOW, 0);
    for (size_t i = 0; i < v->histogram_count; i++) {
        double h = hmax * (double)v->histogram[i] / (double)top;
        if (v->histogram[i] > 0 && h < 3) {
            h = 3;
        }
        ui_fill(ui, R(ui, 8 + i * bw + 2, base - h, bw - 4, h), C_ACCENT, S(ui, 2));
    }
    if (!v->histogram_count) {
        ui_label(ui, i18n_text(lang, I18N_NO_CHECKINS), F(ui, UI_TEXT_CAPTION, UI_REGULAR),
                 R(ui, 8, base - hmax / 2 - 12, 384, 24), CENTER, C_MUTED);
    }
    if (v->histogram_count) {
        char maxn[32];
        snprintf(maxn, sizeof maxn, "%lld", (long long)top);
        ui_label(ui, v->histogram_start, F(ui, UI_TEXT_TINY, UI_REGULAR),
                 R(ui, 8, base + 2, 100, 20), LEFT, C_MUTED);
        ui_label(ui, maxn, F(ui, UI_TEXT_TINY, UI_REGULAR), R(ui, 292, base - hmax - 22, 100, 20),
                 RIGHT, C_MUTED);
    }
    if (v->question_count > 0 && v->feedback) {
        char a[32], b[32], line[128];
        snprintf(a, sizeof a, "%lld", (long long)v->feedback->sessions);
        snprintf(b, sizeof b, "%lld", (long long)v->feedback->reflections);
        i18n_format2(lang, I18N_FEEDBACK_SUMMARY, a, b, line, sizeof line);
        ui_label(ui, line, F(ui, UI_TEXT_CAPTION, UI_BOLD), R(ui, 10, 320, 380, 24), LEFT, C_INK);
        /* Per question: a small bar per value (the distribution) and the mean. */
        for (int q = 0; q < v->question_count && q < EVENT_MAX_QUESTIONS; q++) {
            const int64_t *c = v->feedback->counts[q];
            int lo = v->question_scales[q] == EVENT_SCALE_NPS ? 0 : 1;
            int hi = v->question_scales[q] == EVENT_SCALE_NPS ? 10 : 5;
            long long n = 0, sum = 0, most = 1;
            for (int val = lo; val <= hi; val++) {
                n += c[val];
                sum += (long long)val * c[val];
                if (c[val] > most) {
                    most = c[val];
                }
            }
            double y = 346 + q * 24, bar_w = 88.0 / (hi - lo + 1);
            snprintf(a, sizeof a, "%d", q + 1);
            snprintf(b, sizeof b, n ? "%.1f (%lld)" : "–", n ? (double)sum / (double)n : 0.0, n);
            if (lang == LANG_SV) { /* Swedish writes 4,2 */
                for (char *p = b; *p; p++) {
                    if (*p == '.') {
                        *p = ',';
                    }
                }
            }
            char tag[16];
            snprintf(tag, sizeof tag, "F%d", q + 1);
            i18n_format2(lang, I18N_QUESTION_MEAN, a, b, line, sizeof line);
            if (v->question_scales[q] == EVENT_SCALE_NPS) {
                nps_line(lang, q, c, line, sizeof line);
            }
            ui_fill(ui, R(ui, 10, y + 19, 88, 1), C_SHADOW, 0);
            for (int val = lo; val <= hi; val++) {
                double h = 18.0 * (double)c[val] / (double)most;
                if (c[val] > 0 && h < 2) {
                    h = 2;
                }
                ui_fill(ui, R(ui, 10 + (val - lo) * bar_w + 1, y + 19 - h, bar_w - 2, h), C_ACCENT,
                        0);
            }
            ui_label(ui, line, F(ui, UI_TEXT_DETAIL, UI_REGULAR), R(ui, 106, y, 286, 22), LEFT,
                     C_MUTED);
        }
    }

    /* Right: what the organiser can do. */
    ui_label(ui, i18n_text(lang, I18N_PHASE), F(ui, UI_TEXT_DETAIL, UI_BOLD),
             R(ui, 410, 70, 380, 24), LEFT, C_MUTED);
    static const struct {
        int phases;
        I18nId text;
    } PHASES[] = {{EVENT_PHASE_CHECKIN, I18N_PHASE_CHECKIN},
                  {EVENT_PHASE_FEEDBACK, I18N_PHASE_FEEDBACK},
                  {EVENT_PHASE_BOTH, I18N_PHASE_BOTH}};
    /* Each as wide as its word needs, and what is left shared out: "Incheckning" is long. */
    UiFont f_phase = F(ui, UI_TEXT_CAPTION, UI_BOLD);
    double words[3], sum = 0;
    for (int i = 0; i < 3; i++) {
        int w, h;
        ui_measure(ui, f_phase, i18n_text(lang, PHASES[i].text), &w, &h);
        words[i] = w / ui->u + 8;
        sum += words[i];
    }
    double spare = (384 - 2 * 6 - sum) / 3, px = 408;
    for (int i = 0; i < 3; i++) {
        double pw = words[i] + (spare > 0 ? spare : 0);
        ui_button(ui, R(ui, px, 96, pw, 56), i18n_text(lang, PHASES[i].text), f_phase,
                  v->phases == PHASES[i].phases ? SELECTED : KEY, FLOW_ACT_PHASE, PHASES[i].phases);
        px += pw + 6;
    }
    ui_button(ui, R(ui, UI_MENU_X, 166, UI_MENU_W, UI_MENU_H), i18n_text(lang, I18N_UNDO_CHECKIN),
              F(ui, UI_TEXT_CONTROL, UI_BOLD), SECONDARY, FLOW_ACT_UNDO_LIST, 0);
    ui_button(ui, R(ui, UI_MENU_X, 234, UI_MENU_W, UI_MENU_H), i18n_text(lang, I18N_EXPORT_USB),
              F(ui, UI_TEXT_CONTROL, UI_BOLD), SECONDARY, FLOW_ACT_EXPORT, 0);
    /* With badges, the preprint takes the top of the note's place, the note two lines. */
    if (v->badges) {
        badge_preprint_button(ui, R(ui, UI_MENU_X, 298, UI_MENU_W, 44));
    }
    char note[700] = "";
    UiColor note_color = C_MUTED;
    if (v->admin_note == I18N_COUNT && !v->purge_due && v->badges) {
        note_color = badge_status(ui, note, sizeof note);
    }
    if (v->admin_note != I18N_COUNT) {
        i18n_format(lang, v->admin_note, v->admin_note_arg, note, sizeof note);
        note_color = v->admin_note == I18N_EXPORT_FAILED || v->admin_note == I18N_SAVE_FAILED
                         ? C_ERROR
                         : C_ACCENT_DARK;
    } else if (v->purge_due) {
        snprintf(note, sizeof note, "%s", i18n_text(lang, I18N_PURGE_DUE));
        note_color = C_WARN;
    }
    if (v->badges) {
        ui_wrap(ui, note, F(ui, UI_TEXT_DETAIL, UI_BOLD), R(ui, 412, 348, 376, 0), LEFT, note_color,
                2, true);
    } else {
        ui_wrap(ui, note, F(ui, UI_TEXT_CAPTION, UI_BOLD), R(ui, 412, 300, 376, 0), LEFT,
                note_color, 3, true);
    }
    /* Leaving is set apart: below a rule, in the danger colour, and it asks first. */
    ui_fill(ui, R(ui, 408, 392, 384, 1.5), C_SHADOW, 0);
    ui_button(ui, R(ui, UI_MENU_X, 408, UI_MENU_W, UI_MENU_H), i18n_text(lang, I18N_LEAVE_KIOSK),
              F(ui, UI_TEXT_CONTROL, UI_BOLD), DANGER, FLOW_ACT_QUIT, 0);
}

/* One row of the undo list: name, organisation and time, and "undo" (or "restore" for an
 * undone check-in). */
static void undo_row(Ui *ui, UiRect r, const FlowResult *res, const char *time, int row)
{
    Lang lang = ui->view->lang;
    ui_card(ui, r, res->checked_in ? C_SURFACE : C_ERROR_SOFT, S(ui, 12));
    int pad = S(ui, 12), bw = S(ui, 150);
    int rw = ui->view->badges ? S(ui, 124) : 0; /* the reprint's button, left of the undo */
    UiRect text = {r.x + pad, r.y, r.w - 2 * pad - bw - rw - S(ui, 8), r.h};
    ui_data_label(ui, res->name, F(ui, UI_TEXT_SMALL, UI_BOLD),
                  (UiRect){text.x, r.y + S(ui, 4), text.w, S(ui, 26)}, LEFT, C_INK);
    char when[64];
    if (res->checked_in) {
        snprintf(when, sizeof when, "%s", time);
    } else {
        i18n_format(lang, I18N_UNDONE_AT, time, when, sizeof when);
    }
    int tw = 0, th = 0;
    ui_measure(ui, F(ui, UI_TEXT_DETAIL, UI_BOLD), when, &tw, &th);
    UiRect org = {text.x, r.y + S(ui, 29), text.w - tw - S(ui, 8), S(ui, 22)};
    ui_data_label(ui, res->organisation, F(ui, UI_TEXT_DETAIL, UI_REGULAR), org, LEFT, C_MUTED);
    ui_label(ui, when, F(ui, UI_TEXT_DETAIL, UI_BOLD), (UiRect){text.x, org.y, text.w, org.h},
             RIGHT, res->checked_in ? C_MUTED : C_ERROR);
    UiRect b = {r.x + r.w - pad - bw, r.y + S(ui, 4), bw, r.h - S(ui, 8)};
    if (rw > 0) {
        ui_button(ui, (UiRect){b.x - rw, b.y, rw - S(ui, 6), b.h}, i18n_text(lang, I18N_REPRINT),
                  F(ui, UI_TEXT_TINY, UI_BOLD), SOFT, FLOW_ACT_REPRINT, row);
    }
    ui_button(ui, b, i18n_text(lang, res->checked_in ? I18N_UNDO : I18N_RESTORE),
              F(ui, UI_TEXT_DETAIL, UI_BOLD), res->checked_in ? SECONDARY : SOFT,
              res->checked_in ? FLOW_ACT_UNDO : FLOW_ACT_RESTORE, row);
}

/* Every check-in, found by typing: a search field and the keyboard, two columns of rows
 * between them, and a line with the pages (or what the last undo or restore did). */
void ui_draw_admin_undo(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_field(ui, R(ui, 166, UI_MARGIN, UI_CANVAS_W - 166 - UI_MARGIN, UI_BAR_H), v->undo_query,
             i18n_text(lang, I18N_UNDO_SEARCH), true, FLOW_ACT_NONE, 0);
    const double top = 72, col_w = (800 - 2 * KB_MARGIN - KB_GAP) / 2, row_h = 56, gap = 6;
    if (v->recent_count == 0) {
        char msg[FLOW_TEXT_CAP + 64];
        if (v->undo_query && v->undo_query[0]) {
            i18n_format(lang, I18N_NO_MATCH, v->undo_query, msg, sizeof msg);
        } else {
            snprintf(msg, sizeof msg, "%s", i18n_text(lang, I18N_NO_CHECKINS));
        }
        ui_data_label(ui, msg, F(ui, UI_TEXT_BODY_SMALL, UI_REGULAR),
                      R(ui, UI_TEXT_X, top + 30, UI_TEXT_W, 40), CENTER, C_MUTED);
    }
    for (size_t i = 0; i < v->recent_count && i < FLOW_UNDO_PAGE; i++) {
        double x = KB_MARGIN + (double)(i % 2) * (col_w + KB_GAP);
        double y = top + (double)(i / 2) * (row_h + gap);
        undo_row(ui, R(ui, x, y, col_w, row_h), &v->recent[i], v->recent_time[i], (int)i);
    }
    /* The line above the keyboard: pages at the sides, the note or "page 1 of 3" between. */
    const double ly = top + 2 * (row_h + gap), lh = KB_TOP - KB_GAP - ly, pw = 150;
    if (v->undo_page > 0) {
        ui_button(ui, R(ui, KB_MARGIN, ly, pw, lh), i18n_text(lang, I18N_PAGE_PREVIOUS),
                  F(ui, UI_TEXT_CAPTION, UI_BOLD), KEY, FLOW_ACT_PAGE, -1);
    }
    if (v->undo_page + 1 < v->undo_pages) {
        ui_button(ui, R(ui, UI_CANVAS_W - KB_MARGIN - pw, ly, pw, lh),
                  i18n_text(lang, I18N_PAGE_NEXT), F(ui, UI_TEXT_CAPTION, UI_BOLD), KEY,
                  FLOW_ACT_PAGE, 1);
    }
    char line[700] = "";
    UiColor lc = C_MUTED;
    if (v->admin_note != I18N_COUNT) {
        i18n_format(lang, v->admin_note, v->admin_note_arg, line, sizeof line);
        lc = v->admin_note == I18N_SAVE_FAILED ? C_ERROR : C_ACCENT_DARK;
    } else if (v->undo_pages > 1) {
        char a[16], b[16];
        snprintf(a, sizeof a, "%d", v->undo_page + 1);
        snprintf(b, sizeof b, "%d", v->undo_pages);
        i18n_format2(lang, I18N_PAGE_OF, a, b, line, sizeof line);
    }
    ui_data_label(ui, line, F(ui, UI_TEXT_DETAIL, UI_BOLD),
                  R(ui, KB_MARGIN + pw + 8, ly, 800 - 2 * (KB_MARGIN + pw + 8), lh), CENTER, lc);
    ui_keyboard(ui, false, false, i18n_text(lang, I18N_CLOSE), FLOW_ACT_BACK, SOFT);
}

/* Before a preprint: how many badges, and that they come in surname order. Nothing is
 * lost by either answer, so the one that acts is the primary colour, not red. */
/* The frame of an ask screen: the badge and the title, and the card for its body; returns
 * the card's inner box (design units) where the body goes. Landscape: the 800x480 layout;
 * portrait: the same column across the width, lower, the card taller. */
typedef struct AskBox {
    double x, y, w, h;
} AskBox;

static AskBox ask_frame(Ui *ui, UiColor badge, const char *glyph, const char *title)
{
    double mid = ui->cw / 2, dy = ui->portrait ? (ui->ch - 480) / 2 - 80 : 0;
    double side = ui->portrait ? 16 : 60, card_h = ui->portrait ? 250 : 150;
    ui_badge_text(ui, mid, dy + 76, 72, badge, glyph);
    if (ui->portrait) {
        ui_wrap(ui, title, F(ui, UI_TEXT_TITLE, UI_BOLD), R(ui, 20, dy + 122, ui->cw - 40, 0),
                CENTER, C_INK, 2, false);
    } else {
        ui_label(ui, title, F(ui, UI_TEXT_TITLE, UI_BOLD), R(ui, UI_TEXT_X, 122, UI_TEXT_W, 48),
                 CENTER, C_INK);
    }
    double card_y = dy + (ui->portrait ? 210 : 180);
    ui_card(ui, R(ui, side, card_y, ui->cw - 2 * side, card_h), C_SURFACE, S(ui, 18));
    return (AskBox){side + 24, card_y + 16, ui->cw - 2 * side - 48, card_h - 32};
}

/* The two answers: the harmless one plain, the one that acts in yes_style. Landscape side
 * by side (harmless on the left); portrait stacked at the bottom (harmless at the bottom). */
static void ask_buttons(Ui *ui, const char *yes, ButtonStyle yes_style)
{
    Lang lang = ui->view->lang;
    if (ui->portrait) {
        double w = ui->cw - 32, by = ui->ch - 16 - UI_DIALOG_BUTTON_H;
        ui_button(ui, R(ui, 16, by, w, UI_DIALOG_BUTTON_H), i18n_text(lang, I18N_CANCEL),
                  F(ui, UI_TEXT_HEADING, UI_BOLD), SECONDARY, FLOW_ACT_BACK, 0);
        ui_button(ui, R(ui, 16, by - 16 - UI_DIALOG_BUTTON_H, w, UI_DIALOG_BUTTON_H), yes,
                  F(ui, UI_TEXT_LEAD, UI_BOLD), yes_style, FLOW_ACT_CONFIRM, 0);
        return;
    }
    ui_button(ui, R(ui, 60, 360, 260, UI_DIALOG_BUTTON_H), i18n_text(lang, I18N_CANCEL),
              F(ui, UI_TEXT_HEADING, UI_BOLD), SECONDARY, FLOW_ACT_BACK, 0);
    ui_button(ui, R(ui, 400, 360, 340, UI_DIALOG_BUTTON_H), yes, F(ui, UI_TEXT_LEAD, UI_BOLD),
              yes_style, FLOW_ACT_CONFIRM, 0);
}

static void ask_preprint(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    char body[300], n[32];
    snprintf(n, sizeof n, "%zu", v->badge_unprinted);
    i18n_format(lang, I18N_ASK_PREPRINT_BODY, n, body, sizeof body);
    AskBox b = ask_frame(ui, C_ACCENT, "?", i18n_text(lang, I18N_ASK_PREPRINT_TITLE));
    int used = ui_wrap(ui, body, F(ui, UI_TEXT_BODY, UI_REGULAR), R(ui, b.x, b.y, b.w, 0), CENTER,
                       C_INK, ui->portrait ? 5 : 3, false);
    ui_data_label(ui, v->badge_printer, F(ui, UI_TEXT_NOTE, UI_BOLD),
                  R(ui, b.x, ui->portrait ? b.y + used / ui->u + 8 : 290, b.w, 28), CENTER,
                  C_MUTED);
    ask_buttons(ui, i18n_text(lang, I18N_ASK_PREPRINT_YES), PRIMARY);
}

/* "Are you sure?" before what one tap must not do: leaving the kiosk (and what that means
 * on a Pi), or undoing someone's check-in. The harmless answer is plain (on the left, or at
 * the bottom in portrait), the one that acts red. */
void ui_draw_admin_ask(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    bool quit = v->ask == FLOW_ASK_QUIT;
    if (v->ask == FLOW_ASK_PREPRINT) {
        ask_preprint(ui);
        return;
    }
    AskBox b = ask_frame(ui, C_ERROR, "!",
                         i18n_text(lang, quit ? I18N_ASK_QUIT_TITLE : I18N_ASK_UNDO_TITLE));
    int lines = ui->portrait ? 7 : 4;
    if (quit) {
        ui_wrap(ui, i18n_text(lang, I18N_ASK_QUIT_BODY), F(ui, UI_TEXT_BODY, UI_REGULAR),
                R(ui, b.x, b.y, b.w, 0), CENTER, C_INK, lines, false);
    } else {
        int y = ui->oy + S(ui, b.y - 4);
        int x = ui->ox + S(ui, b.x), w = S(ui, b.w);
        y += ui_wrap(ui, v->ask_name, F(ui, UI_TEXT_HEADING, UI_BOLD), (UiRect){x, y, w, 0}, CENTER,
                     C_INK, ui->portrait ? 2 : 1, true);
        y += ui_wrap(ui, v->ask_organisation, F(ui, UI_TEXT_SMALL, UI_REGULAR),
                     (UiRect){x, y + S(ui, 2), w, 0}, CENTER, C_MUTED, 1, true);
        char body[700];
        i18n_format(lang, I18N_ASK_UNDO_BODY, v->ask_name, body, sizeof body);
        ui_wrap(ui, body, F(ui, UI_TEXT_NOTE, UI_REGULAR), (UiRect){x, y + S(ui, 8), w, 0}, CENTER,
                C_INK, ui->portrait ? 4 : 2, true);
    }
    ask_buttons(ui, i18n_text(lang, quit ? I18N_LEAVE_KIOSK : I18N_ASK_UNDO_YES), DANGER);
}

/* The clock: the time large, how far it can be trusted, and (unless a time service keeps
 * it) steps to move it and one button that confirms it, or saves it as moved. */
void ui_draw_admin_clock(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_label(ui, i18n_text(lang, I18N_CLOCK_TITLE), F(ui, UI_TEXT_HEADING, UI_BOLD),
             R(ui, UI_TITLE_X, UI_MARGIN, UI_TITLE_W, UI_BAR_H), CENTER, C_INK);
    bool synced = v->clock == STORE_CLOCK_SYNCED;
    ui_label(ui, i18n_text(lang, clock_state_text(v->clock)), F(ui, UI_TEXT_SMALL, UI_BOLD),
             R(ui, UI_TEXT_X, 70, UI_TEXT_W, 28), CENTER,
             v->clock == STORE_CLOCK_UNTRUSTED ? C_WARN : C_ACCENT_DARK);
    char date[96];
    i18n_date(lang, v->clock_date, date, sizeof date);
    ui_label(ui, date, F(ui, UI_TEXT_LEAD, UI_REGULAR), R(ui, UI_TEXT_X, 100, UI_TEXT_W, 36),
             CENTER, v->clock_changed ? C_ACCENT_DARK : C_INK);
    ui_label(ui, v->clock_time, F(ui, 64, UI_BOLD), R(ui, UI_TEXT_X, 134, UI_TEXT_W, 84), CENTER,
             v->clock_changed ? C_ACCENT_DARK : C_INK);
    I18nId help = synced                              ? I18N_CLOCK_HELP_SYNCED
                  : v->clock == STORE_CLOCK_UNTRUSTED ? I18N_CLOCK_HELP_UNTRUSTED
                                                      : I18N_CLOCK_HELP_TRUSTED;
    ui_wrap(ui, i18n_text(lang, help), F(ui, UI_TEXT_CAPTION, UI_REGULAR), R(ui, 60, 222, 680, 0),
            CENTER, C_MUTED, 2, true);
    if (synced) {
        return;
    }
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
        ui_button(ui, R(ui, 8 + (i % 4) * (w + 8), 276 + (i / 4) * 64, w, 56), text,
                  F(ui, UI_TEXT_CONTROL, UI_BOLD), KEY, FLOW_ACT_CLOCK_ADJUST, i);
    }
    ui_button(ui, R(ui, 200, 410, 400, 62),
              i18n_text(lang, v->clock_changed ? I18N_CLOCK_SAVE : I18N_CLOCK_RIGHT),
              F(ui, UI_TEXT_BODY_LARGE, UI_BOLD), PRIMARY, FLOW_ACT_CLOCK_SAVE, 0);
}

/* One kiosk of the list, on two lines: a dot (filled while online), its name, and when it
 * was seen (or "this kiosk"); under them, how far behind it is. */
static void kiosk_row(Ui *ui, UiRect r, const FlowKiosk *k)
{
    Lang lang = ui->view->lang;
    ui_card(ui, r, k->self ? C_ACCENT_SOFT : C_SURFACE, S(ui, 12));
    int d = S(ui, 14), pad = S(ui, 14), half = r.h / 2;
    UiRect dot = {r.x + pad, r.y + (half - d) / 2 + S(ui, 2), d, d};
    ui_fill(ui, dot, k->connected ? C_ACCENT : C_SHADOW, d / 2);
    int x = dot.x + d + S(ui, 12), seen_w = S(ui, 300);
    int right = r.x + r.w - pad;
    ui_data_label(ui, k->name, F(ui, UI_TEXT_SMALL, UI_BOLD),
                  (UiRect){x, r.y, right - seen_w - S(ui, 8) - x, half}, LEFT, C_INK);
    /* This kiosk's own row (also marked by its card) says so where the others say when
     * they were seen. */
    char seen[64];
    if (k->self) {
        snprintf(seen, sizeof seen, "%s", i18n_text(lang, I18N_KIOSK_THIS));
    } else if (k->connected) {
        snprintf(seen, sizeof seen, "%s", i18n_text(lang, I18N_KIOSK_CONNECTED));
    } else if (k->seen[0]) {
        i18n_format(lang, I18N_KIOSK_SEEN, k->seen, seen, sizeof seen);
    } else {
        snprintf(seen, sizeof seen, "%s", i18n_text(lang, I18N_KIOSK_NOT_SEEN));
    }
    ui_label(ui, seen, F(ui, UI_TEXT_DETAIL, UI_BOLD), (UiRect){right - seen_w, r.y, seen_w, half},
             RIGHT, k->connected || k->self ? C_ACCENT_DARK : C_WARN);
    char behind[96] = "", n[32];
    if (k->behind > 0) {
        snprintf(n, sizeof n, "%lld", (long long)k->behind);
        i18n_format(lang, I18N_KIOSK_BEHIND, n, behind, sizeof behind);
    } else if (k->behind == 0) {
        snprintf(behind, sizeof behind, "%s", i18n_text(lang, I18N_KIOSK_UP_TO_DATE));
    }
    if (k->unsent > 0) {
        char u[64];
        snprintf(n, sizeof n, "%lld", (long long)k->unsent);
        i18n_format(lang, I18N_KIOSK_UNSENT, n, u, sizeof u);
        size_t len = strlen(behind);
        snprintf(behind + len, sizeof behind - len, "%s%s", len ? " · " : "", u);
    }
    ui_label(ui, behind, F(ui, UI_TEXT_DETAIL, UI_REGULAR),
             (UiRect){x, r.y + half - S(ui, 2), right - x, r.h - half}, LEFT,
             k->behind > 0 || k->unsent > 0 ? C_INFO : C_MUTED);
}

#define KIOSK_ROWS 5 /* rows on the list; more kiosks are counted below it */

/* The meeting's kiosks sharing live: the link's state (or what the server holds), one row
 * per kiosk, this one first, and what "behind" means. */
void ui_draw_admin_kiosks(Ui *ui)
{
    const FlowView *v = ui->view;
    Lang lang = v->lang;
    ui_back_button(ui);
    ui_label(ui, i18n_text(lang, I18N_KIOSKS), F(ui, UI_TEXT_HEADING, UI_BOLD),
             R(ui, UI_TITLE_X, UI_MARGIN, UI_TITLE_W, UI_BAR_H), CENTER, C_INK);
    char line[SYNC_TEXT_MAX + 160];
    UiColor lc = C_MUTED;
    if (v->sync_state != SYNC_ONLINE) {
        snprintf(line, sizeof line, "%s: %s", i18n_text(lang, sync_state_word(v->sync_state)),
                 v->sync_message ? v->sync_message : "");
        lc = v->sync_state == SYNC_REFUSED ? C_ERROR : C_WARN;
    } else if (v->kiosks_asked && v->stream_records >= 0) {
        char n[32];
        snprintf(n, sizeof n, "%lld", (long long)v->stream_records);
        i18n_format2(lang, I18N_KIOSKS_STREAM, n, v->kiosks_asked_at, line, sizeof line);
        if (!v->kiosks_listed) {
            size_t len = strlen(line);
            snprintf(line + len, sizeof line - len, ". %s", i18n_text(lang, I18N_KIOSKS_ONLY_THIS));
            lc = C_WARN;
        }
    } else {
        snprintf(line, sizeof line, "%s", i18n_text(lang, I18N_KIOSKS_WAITING));
    }
    ui_data_label(ui, line, F(ui, UI_TEXT_CAPTION, UI_BOLD), R(ui, 16, 70, 768, 28), LEFT, lc);
    const double top = 104, row_h = 58, gap = 4;
    size_t shown = v->kiosk_count < KIOSK_ROWS ? v->kiosk_count : KIOSK_ROWS;
    for (size_t i = 0; i < shown; i++) {
        kiosk_row(ui, R(ui, 8, top + (double)i * (row_h + gap), 784, row_h), &v->kiosks[i]);
    }
    if (v->kiosk_count > shown) {
        char more[32];
        snprintf(more, sizeof more, "+%zu", v->kiosk_count - shown);
        ui_label(ui, more, F(ui, UI_TEXT_CAPTION, UI_BOLD),
                 R(ui, 8, top + KIOSK_ROWS * (row_h + gap) - 4, 784, 20), RIGHT, C_MUTED);
    }
    ui_wrap(ui, i18n_text(lang, I18N_KIOSKS_HELP), F(ui, UI_TEXT_DETAIL, UI_REGULAR),
            R(ui, 16, 424, 768, 0), LEFT, C_MUTED, 2, false);
}
