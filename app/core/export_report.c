/* export_report: the meeting's one-page HTML report with inline SVG charts (contract in
 * export.h; what it shares with the tables in export_private.h).
 *
 * The report carries its own font. Printed with the viewer's fallback font (DejaVu Sans is
 * about 10 % wider than Noto Sans) the same text takes more lines, and a report that fits
 * one A4 page on one machine took two on another. So the body is rendered first into
 * memory, the bundled Noto Sans (regular and bold) is cut down to the characters that body
 * uses (webfont.h; about 13 KB a face for a Swedish report), and the file is written as
 * head, style with the two @font-face rules (data: URLs), body. The layout then depends on
 * no font of the machine that opens it; only a character Noto Sans lacks (an emoji in a
 * reflection) falls back, and the print layout leaves room for that.
 */
#include "core/export.h"
#include "core/export_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "core/atomicfile.h"
#include "core/i18n.h"
#include "core/nps.h"
#include "core/paths.h"
#include "core/text.h"
#include "core/webfont.h"

#define HIST_MAX_BUCKETS 36 /* bars in the check-in chart, at most */
#define EXPORT_PATH_MAX  4096
/* The family name of the report's embedded font: its own, so that no installed font of
 * the same name can stand in for it. */
#define REPORT_FONT "mingel Noto Sans"

/* ---- HTML report ---------------------------------------------------------------- */

typedef enum ReportText {
    R_REPORT,
    R_TURNOUT,
    R_EXPECTED,
    R_CHECKED_IN,
    R_WALK_INS,
    R_SHARE,
    R_OVER_TIME,
    R_PER_MINUTES,
    R_FEEDBACK,
    R_SESSIONS,
    R_ANSWERS,
    R_MEAN,
    R_NPS,
    R_NPS_PARTS,
    R_NOT_SHOWN,
    R_NOT_SHOWN_CHECKINS,
    R_FLAGGED,
    R_REFLECTIONS,
    R_NO_REFLECTIONS,
    R_FLAGGED_REFLECTIONS,
    R_CLOCK_ONE,
    R_CLOCK_MANY,
    R_FOOTER,
    R_TOPICS,
    R_TOPICS_SUB,
    R_TOPIC_FEW,
    R_COUNT
} ReportText;

/* The report's own words ("{}" is filled in). The smiley and NPS words come from the
 * kiosk's catalogue (i18n), so the report says what the attendees saw. */
static const char *const REPORT_TEXT[R_COUNT][LANG_COUNT] = {
    [R_REPORT] = {"Rapport", "Report"},
    [R_TURNOUT] = {"Närvaro", "Attendance"},
    [R_EXPECTED] = {"Anmälda", "Registered"},
    [R_CHECKED_IN] = {"Incheckade", "Checked in"},
    [R_WALK_INS] = {"Varav utan anmälan", "Of whom walk-ins"}, /* the admin screen's words */
    [R_SHARE] = {"Av de anmälda kom", "Of those registered, came"},
    [R_OVER_TIME] = {"Incheckningar över tid", "Check-ins over time"},
    [R_PER_MINUTES] = {"antal per {} minuter", "number per {} minutes"},
    [R_FEEDBACK] = {"Återkoppling", "Feedback"},
    [R_SESSIONS] = {"Antal som svarade vid utgången: {}", "People who answered at the exit: {}"},
    [R_ANSWERS] = {"{} svar", "answers: {}"},
    [R_MEAN] = {"Medelvärde", "Mean"},
    [R_NPS] = {"NPS", "NPS"},
    [R_NPS_PARTS] = {"{1} promotorer (9–10), {2} kritiker (0–6)",
                     "{1} promoters (9–10), {2} detractors (0–6)"},
    [R_NOT_SHOWN] = {"Färre än {} svar – visas inte", "Fewer than {} answers — not shown"},
    [R_NOT_SHOWN_CHECKINS] = {"Färre än {} incheckningar – visas inte",
                              "Fewer than {} check-ins — not shown"},
    [R_FLAGGED] = {"Svar från upprepade tryck (någon som tryckte igen direkt efter förra "
                   "svaret), räknade för sig och inte med ovan: {}",
                   "Answers from repeated presses (someone pressing again right after the "
                   "previous answer), counted apart and not included above: {}"},
    [R_REFLECTIONS] = {"Reflektioner", "Reflections"},
    [R_NO_REFLECTIONS] = {"Inga reflektioner.", "No reflections."},
    [R_FLAGGED_REFLECTIONS] = {"Reflektioner från upprepade tryck, som inte visas: {}",
                               "Reflections from repeated presses, not shown: {}"},
    [R_CLOCK_ONE] = {"Obs! 1 post (incheckning eller svar) gjordes medan kioskens klocka varken "
                     "var synkroniserad eller bekräftad: dess tid kan vara fel.",
                     "Note: 1 record (a check-in or an answer) was made while the kiosk's clock "
                     "was neither synchronised nor confirmed: its time may be wrong."},
    [R_CLOCK_MANY] = {"Obs! {} poster (incheckningar och svar) gjordes medan kioskens klocka "
                      "varken var synkroniserad eller bekräftad: deras tider kan vara fel.",
                      "Note: {} records (check-ins and answers) were made while the kiosk's "
                      "clock was neither synchronised nor confirmed: their times may be wrong."},
    [R_FOOTER] = {"Skapad med mingel {}. Fördelningar med färre än {2} svar visas inte, så "
                  "att ingen enskild kan pekas ut.",
                  "Made with mingel {}. Breakdowns of fewer than {2} answers are not shown, "
                  "so that nobody can be singled out."},
    [R_TOPICS] = {"Samtalsämnen", "Topics"},
    [R_TOPICS_SUB] = {"Hur många som ville prata om varje ämne (bara de på deltagarlistan, "
                      "valt vid incheckningen)",
                      "How many wanted to talk about each topic (only those on the "
                      "participant list, picked at check-in)"},
    [R_TOPIC_FEW] = {"färre än {}", "fewer than {}"},
};

static const char *rt(Lang lang, ReportText id)
{
    return REPORT_TEXT[id][lang == LANG_EN ? LANG_EN : LANG_SV];
}

/* Text with "{}" (or "{1}") replaced by a1 and "{2}" by a2. */
static void fill2(char *out, size_t cap, const char *tmpl, const char *a1, const char *a2)
{
    size_t w = 0;
    for (const char *p = tmpl; *p && w + 1 < cap;) {
        const char *arg = NULL;
        size_t skip = 0;
        if (strncmp(p, "{}", 2) == 0 || strncmp(p, "{1}", 3) == 0) {
            arg = a1;
            skip = p[1] == '}' ? 2 : 3;
        } else if (strncmp(p, "{2}", 3) == 0) {
            arg = a2;
            skip = 3;
        }
        if (arg) {
            size_t n = strlen(arg);
            n = n < cap - 1 - w ? n : cap - 1 - w;
            memcpy(out + w, arg, n);
            w += n;
            p += skip;
        } else {
            out[w++] = *p++;
        }
    }
    out[w] = '\0';
}

static void fill(char *out, size_t cap, const char *tmpl, const char *arg)
{
    fill2(out, cap, tmpl, arg, "");
}

/* Writes text with &, <, >, " and ' escaped: safe in element content and attributes. */
static void html_text(AtomicFile *o, const char *text)
{
    char fixed[EXPORT_TEXT_FIX_MAX];
    text = exportp_valid_text(text, fixed, sizeof fixed);
    const char *run = text;
    for (const char *p = text;; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': break;
        default: continue;
        }
        atomicfile_write(o, run, (size_t)(p - run));
        if (!rep) {
            return;
        }
        atomicfile_puts(o, rep);
        run = p + 1;
    }
}

/* An integer as the language writes it: 1 234 (no-break space) or 1,234. */
static void fmt_count(Lang lang, int64_t v, char *out, size_t cap)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", (long long)(v < 0 ? -v : v));
    const char *sep = lang == LANG_EN ? "," : "\xC2\xA0";
    size_t n = strlen(digits), w = 0;
    if (v < 0 && w + 1 < cap) {
        out[w++] = '-';
    }
    for (size_t i = 0; i < n && w + 4 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            size_t k = strlen(sep);
            memcpy(out + w, sep, k);
            w += k;
        }
        out[w++] = digits[i];
    }
    out[w] = '\0';
}

/* One decimal, with a decimal comma in Swedish. */
static void fmt_decimal(Lang lang, double v, char *out, size_t cap)
{
    snprintf(out, cap, "%.1f", v);
    char *dot = strchr(out, '.');
    if (dot && lang != LANG_EN) {
        *dot = ',';
    }
}

/* A share in whole percent: "78 %" (Swedish, no-break space) or "78%". */
static void fmt_percent(Lang lang, int64_t part, int64_t whole, char *out, size_t cap)
{
    if (whole <= 0) {
        snprintf(out, cap, "–");
        return;
    }
    long long pct = (long long)(100.0 * (double)part / (double)whole + 0.5);
    snprintf(out, cap, lang == LANG_EN ? "%lld%%" : "%lld\xC2\xA0%%", pct);
}

typedef struct ReportData {
    int64_t expected;      /* pre-registered attendees */
    int64_t checked_in;    /* attendees with an active check-in */
    int64_t walk_ins;      /* of them walk-ins */
    int64_t registered_in; /* of them pre-registered */
} ReportData;

static int on_report_attendee(void *ctx, const StoreAttendeeRow *r)
{
    ReportData *d = ctx;
    if (!r->walk_in) {
        d->expected++;
    }
    if (!r->checked_in_ms) {
        return 0;
    }
    d->checked_in++;
    if (r->walk_in) {
        d->walk_ins++;
    } else {
        d->registered_in++;
    }
    return 0;
}

/* Records of the meeting made while the clock could not be trusted: check-ins (walk-ins'
 * and undos included), ratings, reflections. Unknown clocks (records from before the store
 * kept them) are not counted: nothing says they were wrong. */
static int on_clock_checkin(void *ctx, const StoreCheckinRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static int on_clock_rating(void *ctx, const StoreRatingRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static int on_clock_reflection(void *ctx, const StoreReflectionRow *r)
{
    *(int64_t *)ctx += r->clock == STORE_CLOCK_UNTRUSTED;
    return 0;
}

static StoreStatus count_untrusted(Store *s, const char *event_id, int64_t *n)
{
    *n = 0;
    StoreStatus st = store_each_checkin(s, event_id, on_clock_checkin, n);
    if (st == STORE_OK) {
        st = store_each_rating(s, event_id, on_clock_rating, n);
    }
    if (st == STORE_OK) {
        st = store_each_reflection(s, event_id, on_clock_reflection, n);
    }
    return st;
}

typedef struct Refl {
    AtomicFile *o;
    int64_t shown, flagged;
} Refl;

static int on_report_reflection(void *ctx, const StoreReflectionRow *r)
{
    Refl *rf = ctx;
    if (r->flagged) {
        rf->flagged++;
        return 0;
    }
    atomicfile_puts(rf->o, "<li>");
    html_text(rf->o, r->text);
    atomicfile_puts(rf->o, "</li>\n");
    rf->shown++;
    return rf->o->err != 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* The local time "HH:MM" of ms. */
static void hhmm(int64_t ms, char out[8])
{
    time_t t = (time_t)floor_div(ms, 1000);
    struct tm tm;
    if (!localtime_r(&t, &tm) || strftime(out, 8, "%H:%M", &tm) == 0) {
        snprintf(out, 8, "--:--");
    }
}

/* Sizes in rem, so that print (A4, @media print) scales the whole page with one font
 * size; charts are SVG and scale with the width. */
static const char REPORT_CSS[] =
    "@page{size:A4;margin:11mm 13mm}\n"
    "*{box-sizing:border-box}\n"
    "html{font-size:15px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{margin:0;background:#e9ecf0;color:#1c2430;line-height:1.45;"
    "font-family:\"" REPORT_FONT
    "\",\"Noto Sans\",\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif}\n"
    ".page{max-width:820px;margin:24px auto;background:#fff;padding:2.4rem 2.9rem;"
    "box-shadow:0 1px 6px rgba(0,0,0,.15)}\n"
    "header{border-bottom:3px solid #1f5f8b;padding-bottom:.8rem;margin-bottom:1.1rem}\n"
    ".kicker{margin:0 0 .25rem;font-size:.8rem;font-weight:700;letter-spacing:.1em;"
    "text-transform:uppercase;color:#1f5f8b}\n"
    "h1{margin:0 0 .1rem;font-size:1.8rem;line-height:1.2}\n"
    ".theme{margin:0 0 .35rem;font-size:1.13rem;color:#3a4656}\n"
    ".meta{margin:0;color:#3a4656}\n"
    "h2{margin:0 0 .45rem;font-size:1.13rem;color:#1f5f8b}\n"
    "h3{margin:0 0 .1rem;font-size:.97rem}\n"
    "section{margin:0 0 1.1rem}\n"
    ".tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:.65rem}\n"
    ".tile{border:1px solid #d5dbe3;border-radius:6px;padding:.45rem .8rem}\n"
    ".num{display:block;font-size:1.7rem;font-weight:700;line-height:1.2}\n"
    ".lbl{font-size:.87rem;color:#5a6576}\n"
    ".sub,.note{margin:0 0 .4rem;font-size:.87rem;color:#5a6576}\n"
    ".qs{display:grid;grid-template-columns:1fr 1fr;gap:.9rem 1.6rem}\n"
    ".q{break-inside:avoid}\n"
    ".q h3{min-height:2.9em}\n"
    ".stat{margin:0;font-size:.9rem}\n"
    ".hidden{margin:.4rem 0 0;padding:.65rem .8rem;border-radius:6px;background:#f1f3f6;"
    "color:#5a6576;font-style:italic}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "svg text{font-family:inherit;fill:#1c2430}\n"
    ".refl ul{margin:0;padding-left:1.2rem;columns:2;column-gap:1.9rem}\n"
    ".refl li{margin:0 0 .25rem;break-inside:avoid}\n"
    ".prompt{margin:0 0 .4rem;font-style:italic;color:#3a4656}\n"
    ".next{margin:0 0 .6rem;font-weight:600;color:#1f5f8b}\n"
    ".clock{margin:0 0 1.1rem;padding:.5rem .8rem;border-left:4px solid #c8453c;"
    "border-radius:0 6px 6px 0;background:#fdf0e6;color:#7a2614;font-weight:700}\n"
    "footer{border-top:1px solid #d5dbe3;padding-top:.4rem;font-size:.77rem;color:#5a6576}\n"
    "@media print{html{font-size:8.4pt}body{background:#fff}"
    ".page{max-width:none;margin:0;padding:0;box-shadow:none}"
    "section{margin-bottom:.8rem;break-inside:avoid}.refl{break-inside:auto}"
    ".clock{margin:0 0 .5rem;padding:.2rem .6rem;font-size:.85rem}"
    ".refl ul{columns:3}.qs{gap:.5rem 1.6rem}}\n";

/* Bar colours: smileys from red to green; NPS detractors, passives, promoters. */
static const char *const SMILEY_COLOUR[5] = {"#c8453c", "#e8964f", "#b9bfc8", "#7cbf72", "#2f8f4e"};

static const char *nps_colour(int v)
{
    return v <= 6 ? "#c8453c" : v <= 8 ? "#b9bfc8" : "#2f8f4e";
}

/* A "not shown" box: too few to show without singling someone out. */
static void html_hidden(AtomicFile *o, Lang lang, ReportText id, int min_group)
{
    char n[16], line[256];
    snprintf(n, sizeof n, "%d", min_group);
    fill(line, sizeof line, rt(lang, id), n);
    atomicfile_puts(o, "<p class=\"hidden\">");
    html_text(o, line);
    atomicfile_puts(o, "</p>\n");
}

/* Whether a column label is split in two lines at its first space ("Mycket dåligt"). */
static bool label_wraps(const char *label, double slot)
{
    return strchr(label, ' ') && text_length(label) > (size_t)(slot / 6.2);
}

/* A column chart: one bar per value, its count above it (none for zero), the label (one
 * or two lines) and the share under it. All shares sit on one line. */
static void svg_columns(AtomicFile *o, Lang lang, const int64_t *counts, int n,
                        const char *const *labels, const char *const *colours, double width,
                        const char *aria)
{
    const double top = 20, bar_h = 58, slot = width / n, bw = slot * 0.68;
    int64_t max = 1, total = 0;
    bool wraps = false;
    for (int i = 0; i < n; i++) {
        max = counts[i] > max ? counts[i] : max;
        total += counts[i];
        wraps = wraps || label_wraps(labels[i], slot);
    }
    const double pct_y = top + bar_h + (wraps ? 41 : 28), height = pct_y + 6;
    atomicfile_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", width,
                      height);
    html_text(o, aria);
    atomicfile_puts(o, "\">\n");
    atomicfile_printf(o,
                      "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#9aa4b1\"/>\n",
                      top + bar_h + 0.5, width, top + bar_h + 0.5);
    for (int i = 0; i < n; i++) {
        double h = counts[i] ? (double)counts[i] / (double)max * (bar_h - 2) : 0;
        h = counts[i] && h < 1.5 ? 1.5 : h;
        double x = slot * i + (slot - bw) / 2, cx = slot * i + slot / 2;
        char c[32], pct[24];
        fmt_count(lang, counts[i], c, sizeof c);
        fmt_percent(lang, counts[i], total, pct, sizeof pct);
        /* The title is what a screen reader (and a hover) gives for the column. */
        atomicfile_puts(o, "<g><title>");
        html_text(o, labels[i]);
        atomicfile_printf(o, ": %s (%s)</title>\n", c, pct);
        if (counts[i]) {
            atomicfile_printf(o,
                              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\" "
                              "fill=\"%s\"/>\n",
                              x, top + bar_h - h, bw, h, colours[i]);
            atomicfile_printf(o,
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" "
                              "font-weight=\"700\">%s</text>\n",
                              cx, top + bar_h - h - 5, c);
        }
        const char *label = labels[i];
        atomicfile_printf(o,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11.5\">",
                          cx, top + bar_h + 14);
        if (label_wraps(label, slot)) {
            const char *space = strchr(label, ' ');
            char first[64];
            snprintf(first, sizeof first, "%.*s", (int)(space - label), label);
            html_text(o, first);
            atomicfile_printf(o, "<tspan x=\"%.1f\" dy=\"13\">", cx);
            html_text(o, space + 1);
            atomicfile_puts(o, "</tspan>");
        } else {
            html_text(o, label);
        }
        atomicfile_puts(o, "</text>\n");
        atomicfile_printf(o,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10.5\" "
                          "fill=\"#5a6576\" style=\"fill:#5a6576\">%s</text>\n</g>\n",
                          cx, pct_y, pct);
    }
    atomicfile_puts(o, "</svg>\n");
}

static void html_question(AtomicFile *o, Lang lang, const EventInfo *ev, int q,
                          const StoreFeedbackStats *fb, int min_group)
{
    const EventQuestion *eq = &ev->questions[q];
    bool nps = eq->scale == EVENT_SCALE_NPS;
    int lo = nps ? 0 : 1, hi = nps ? 10 : 5, n = hi - lo + 1;
    int64_t counts[11] = {0}, total = 0, sum = 0;
    for (int v = lo; v <= hi; v++) {
        counts[v - lo] = fb->counts[q][v];
        total += fb->counts[q][v];
        sum += (int64_t)v * fb->counts[q][v];
    }
    const char *text = eq->text[lang][0] ? eq->text[lang] : eq->text[LANG_SV];
    atomicfile_printf(o, "<div class=\"q\">\n<h3>%d. ", q + 1);
    html_text(o, text);
    atomicfile_puts(o, "</h3>\n");
    if (total < min_group) {
        html_hidden(o, lang, R_NOT_SHOWN, min_group);
        atomicfile_puts(o, "</div>\n");
        return;
    }
    const char *labels[11], *colours[11];
    char numbers[11][12];
    for (int i = 0; i < n; i++) {
        if (nps) {
            snprintf(numbers[i], sizeof numbers[i], "%d", i);
            labels[i] = numbers[i];
            colours[i] = nps_colour(i);
        } else {
            labels[i] = event_question_word(eq, lang, i);
            colours[i] = SMILEY_COLOUR[i];
        }
    }
    svg_columns(o, lang, counts, n, labels, colours, 360, text);
    char answers[64], c[32], mean[16], line[256];
    fmt_count(lang, total, c, sizeof c);
    fill(answers, sizeof answers, rt(lang, R_ANSWERS), c);
    fmt_decimal(lang, (double)sum / (double)total, mean, sizeof mean);
    atomicfile_puts(o, "<p class=\"stat\">");
    if (nps) {
        /* A 0-10 question is read by its NPS: first, with what it is made of. */
        NpsScore score = nps_score(fb->counts[q]);
        char s[16], p[32], d[32], parts[128];
        nps_format(score.score, s, sizeof s);
        fmt_count(lang, score.promoters, p, sizeof p);
        fmt_count(lang, score.detractors, d, sizeof d);
        fill2(parts, sizeof parts, rt(lang, R_NPS_PARTS), p, d);
        atomicfile_printf(o, "<b>%s %s</b> (", rt(lang, R_NPS), s);
        html_text(o, parts);
        atomicfile_puts(o, ") · ");
    }
    atomicfile_puts(o, "<b>");
    html_text(o, rt(lang, R_MEAN));
    atomicfile_printf(o, " %s</b> (%d–%d)", mean, lo, hi);
    snprintf(line, sizeof line, " · %s", answers);
    html_text(o, line);
    if (nps) {
        atomicfile_puts(o, "<br><span class=\"sub\">0 = ");
        html_text(o, event_question_word(eq, lang, 0));
        atomicfile_puts(o, ", 10 = ");
        html_text(o, event_question_word(eq, lang, 1));
        atomicfile_puts(o, "</span>");
    }
    atomicfile_puts(o, "</p>\n</div>\n");
}

/* Active check-ins over time, in buckets of a whole number of local minutes. */
typedef struct Hist {
    int64_t start;  /* first bucket's start, Unix ms */
    int64_t bucket; /* ms */
    size_t n;
    int64_t counts[HIST_MAX_BUCKETS];
    int64_t total;
} Hist;

#define HIST_BASE_MS    (5 * 60000) /* the store's buckets, grouped into the chart's */
#define HIST_BASE_COUNT 2016        /* a week of them; later check-ins go into the last */

/* Reads the store's 5-minute histogram and groups it into at most HIST_MAX_BUCKETS bars
 * of 10, 15, 20, 30 minutes ... a day, starting on a whole local multiple (08:10, 08:20).
 * UTC offsets are whole multiples of 5 minutes, so each 5-minute bucket falls into one
 * bar. */
static StoreStatus read_hist(Store *s, const char *event_id, Hist *h)
{
    static const int GROUP_MIN[] = {10, 15, 20, 30, 60, 120, 180, 360, 720, 1440};
    memset(h, 0, sizeof *h);
    int64_t *base = calloc(HIST_BASE_COUNT, sizeof *base);
    if (!base) {
        return STORE_IO;
    }
    int64_t start = 0;
    size_t n = 0;
    StoreStatus st =
        store_checkin_histogram(s, event_id, HIST_BASE_MS, &start, base, HIST_BASE_COUNT, &n);
    if (st != STORE_OK || n == 0) {
        free(base);
        return st;
    }
    time_t t0 = (time_t)floor_div(start, 1000);
    struct tm tm;
    int64_t off = localtime_r(&t0, &tm) ? (int64_t)tm.tm_gmtoff * 1000 : 0;
    int64_t end = start + (int64_t)n * HIST_BASE_MS; /* exclusive */
    for (size_t i = 0; i < sizeof GROUP_MIN / sizeof GROUP_MIN[0]; i++) {
        h->bucket = (int64_t)GROUP_MIN[i] * 60000;
        h->start = floor_div(start + off, h->bucket) * h->bucket - off;
        h->n = (size_t)((end - 1 - h->start) / h->bucket) + 1;
        if (h->n <= HIST_MAX_BUCKETS) {
            break;
        }
    }
    h->n = h->n > HIST_MAX_BUCKETS ? HIST_MAX_BUCKETS : h->n;
    for (size_t i = 0; i < n; i++) {
        size_t g = (size_t)((start + (int64_t)i * HIST_BASE_MS - h->start) / h->bucket);
        h->counts[g < h->n ? g : h->n - 1] += base[i];
        h->total += base[i];
    }
    /* A short chart of a few wide bars looks odd: show at least six. */
    h->n = h->n < 6 ? 6 : h->n;
    free(base);
    return STORE_OK;
}

/* The board's topics: how many picked each, counts only and never names; a topic fewer
 * than min_group picked says so instead of its number. */
static StoreStatus html_topics(AtomicFile *o, Store *s, const char *event_id, const EventInfo *ev,
                               Lang lang, int min_group)
{
    int64_t counts[EVENT_TOPICS_MAX];
    StoreStatus st = store_topic_counts(s, event_id, ev, counts);
    if (st != STORE_OK) {
        return st;
    }
    char num[32], few[64], n[16];
    snprintf(n, sizeof n, "%d", min_group);
    fill(few, sizeof few, rt(lang, R_TOPIC_FEW), n);
    atomicfile_puts(o, "<section class=\"topics\">\n<h2>");
    html_text(o, rt(lang, R_TOPICS));
    atomicfile_puts(o, "</h2>\n<p class=\"sub\">");
    html_text(o, rt(lang, R_TOPICS_SUB));
    atomicfile_puts(o, "</p>\n<ul>\n");
    for (int i = 0; i < ev->topic_count; i++) {
        atomicfile_puts(o, "<li>");
        html_text(o, ev->topics[i]);
        atomicfile_puts(o, ": ");
        if (counts[i] < min_group) {
            html_text(o, few);
        } else {
            fmt_count(lang, counts[i], num, sizeof num);
            html_text(o, num);
        }
        atomicfile_puts(o, "</li>\n");
    }
    atomicfile_puts(o, "</ul>\n</section>\n");
    return STORE_OK;
}

/* Check-ins per bucket, as columns with the local time under every few. */
static void html_checkins(AtomicFile *o, Lang lang, const Hist *hist, int min_group)
{
    if (hist->total < min_group || hist->total == 0) {
        html_hidden(o, lang, R_NOT_SHOWN_CHECKINS, min_group);
        return;
    }
    size_t n = hist->n;
    const int64_t *counts = hist->counts;
    int64_t max = 1;
    for (size_t i = 0; i < n; i++) {
        max = counts[i] > max ? counts[i] : max;
    }
    char minutes[24], sub[64];
    snprintf(minutes, sizeof minutes, "%lld", (long long)(hist->bucket / 60000));
    fill(sub, sizeof sub, rt(lang, R_PER_MINUTES), minutes);
    atomicfile_puts(o, "<p class=\"sub\">");
    html_text(o, sub);
    atomicfile_puts(o, "</p>\n");

    const double width = 730, top = 18, bar_h = 70, height = top + bar_h + 20;
    atomicfile_printf(o, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", width,
                      height);
    html_text(o, rt(lang, R_OVER_TIME));
    atomicfile_puts(o, "\">\n");
    double slot = width / (double)n, bw = slot * 0.78;
    size_t label_every = (n + 11) / 12;
    for (size_t i = 0; i < n; i++) {
        double h = counts[i] ? (double)counts[i] / (double)max * (bar_h - 2) : 0;
        h = counts[i] && h < 1.5 ? 1.5 : h;
        double x = slot * (double)i + (slot - bw) / 2, cx = slot * (double)i + slot / 2;
        char hm[8];
        hhmm(hist->start + (int64_t)i * hist->bucket, hm);
        atomicfile_printf(o, "<g><title>%s: %lld</title>\n", hm, (long long)counts[i]);
        if (counts[i]) {
            atomicfile_printf(
                o,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"1.5\" "
                "fill=\"#1f5f8b\"/>\n",
                x, top + bar_h - h, bw, h);
            atomicfile_printf(o,
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                              "font-size=\"11\">%lld</text>\n",
                              cx, top + bar_h - h - 4, (long long)counts[i]);
        }
        if (i % label_every == 0) {
            atomicfile_printf(o,
                              "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#5a6576\" "
                              "style=\"fill:#5a6576\">%s</text>\n",
                              x, top + bar_h + 15, hm);
        }
        atomicfile_puts(o, "</g>\n");
    }
    atomicfile_printf(o,
                      "<line x1=\"0\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#9aa4b1\"/>\n",
                      top + bar_h + 0.5, width, top + bar_h + 0.5);
    atomicfile_puts(o, "</svg>\n");
}

static void html_tile(AtomicFile *o, const char *number, const char *label)
{
    atomicfile_puts(o, "<div class=\"tile\"><span class=\"num\">");
    html_text(o, number);
    atomicfile_puts(o, "</span><span class=\"lbl\">");
    html_text(o, label);
    atomicfile_puts(o, "</span></div>\n");
}

/* The report's own font faces for the characters of body, appended to o. Returns 0, or
 * -1 with "PATH: why" in err. */
static int write_fonts(AtomicFile *o, const char *body, size_t body_len, const char *path,
                       char *err, size_t errcap)
{
    static const struct {
        const char *file;
        int weight;
    } FACES[] = {{"NotoSans-Regular.ttf", 400}, {"NotoSans-Bold.ttf", 700}};
    char dir[EXPORT_PATH_MAX], file[EXPORT_PATH_MAX + 64], why[EXPORT_PATH_MAX + 256];
    if (paths_data_dir(dir, sizeof dir) != 0) {
        exportp_put_err(err, errcap, "%s: cannot find the report's font: %s", path, dir);
        return -1;
    }
    for (size_t i = 0; i < sizeof FACES / sizeof FACES[0]; i++) {
        WebfontFace face;
        snprintf(file, sizeof file, "%s/fonts/%s", dir, FACES[i].file);
        if (webfont_face(file, REPORT_FONT, FACES[i].weight, body, body_len, &face, why,
                         sizeof why) != 0) {
            exportp_put_err(err, errcap, "%s: cannot embed the report's font: %s", path, why);
            return -1;
        }
        atomicfile_write(o, face.css, face.css_len);
        webfont_free(&face);
    }
    return 0;
}

/* Writes the report file: head, style with the fonts, then the body made before. */
static int write_report_file(const EventInfo *ev, Lang lang, const char *body, size_t body_len,
                             const char *path, char *err, size_t errcap)
{
    AtomicFile o;
    if (atomicfile_open(&o, path, err, errcap) != 0) {
        return -1;
    }
    atomicfile_printf(&o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
                      i18n_lang_code(lang));
    atomicfile_puts(&o, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                        "<title>");
    html_text(&o, ev->title);
    atomicfile_puts(&o, " – ");
    html_text(&o, rt(lang, R_REPORT));
    atomicfile_puts(&o, "</title>\n<style>\n");
    if (write_fonts(&o, body, body_len, path, err, errcap) != 0) {
        atomicfile_abort(&o);
        return -1;
    }
    atomicfile_puts(&o, REPORT_CSS);
    atomicfile_puts(&o, "</style>\n</head>\n");
    atomicfile_write(&o, body, body_len);
    return atomicfile_commit(&o, err, errcap);
}

int exportp_write_html(Store *s, const char *event_id, const EventInfo *ev,
                       const ExportOptions *opt, const char *path, char *err, size_t errcap)
{
    Lang lang = i18n_lang_from_code(ev->language);
    ReportData d = {0};
    StoreFeedbackStats fb;
    Hist hist;
    StoreStatus st = store_each_attendee_row(s, event_id, on_report_attendee, &d);
    if (st == STORE_OK) {
        st = store_feedback_stats(s, event_id, &fb);
    }
    if (st == STORE_OK) {
        st = read_hist(s, event_id, &hist);
    }
    int64_t untrusted = 0;
    if (st == STORE_OK) {
        st = count_untrusted(s, event_id, &untrusted);
    }
    if (st != STORE_OK) {
        exportp_put_err(err, errcap, "%s: cannot read the meeting from the database: %s (%s)", path,
                        store_status_text(st), store_last_error(s));
        return -1;
    }
    /* The body goes to memory first: the font is cut down to what it shows. The writers
     * below append through atomicfile_write, which touches only f and err, so an
     * AtomicFile around a memory stream collects it. */
    char *body = NULL;
    size_t body_len = 0;
    AtomicFile o = {.f = open_memstream(&body, &body_len)};
    if (!o.f) {
        exportp_put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    char buf[512], num[32];

    atomicfile_puts(&o, "<body>\n<main class=\"page\">\n<header>\n<p class=\"kicker\">");
    html_text(&o, rt(lang, R_REPORT));
    atomicfile_puts(&o, "</p>\n<h1>");
    html_text(&o, ev->title);
    atomicfile_puts(&o, "</h1>\n");
    if (ev->theme[0]) {
        atomicfile_puts(&o, "<p class=\"theme\">");
        html_text(&o, ev->theme);
        atomicfile_puts(&o, "</p>\n");
    }
    atomicfile_puts(&o, "<p class=\"meta\">");
    html_text(&o, i18n_date(lang, ev->date, buf, sizeof buf));
    if (ev->start_time[0]) {
        atomicfile_puts(&o, " · ");
        html_text(&o, ev->start_time);
    }
    if (ev->venue[0]) {
        atomicfile_puts(&o, " · ");
        html_text(&o, ev->venue);
    }
    atomicfile_puts(&o, "</p>\n");
    if (ev->organiser[0]) {
        atomicfile_puts(&o, "<p class=\"meta\">");
        html_text(&o, i18n_format(lang, I18N_ORGANISER, ev->organiser, buf, sizeof buf));
        atomicfile_puts(&o, "</p>\n");
    }
    atomicfile_puts(&o, "</header>\n");

    /* Times that may be wrong: said first, before anyone reads the chart over time. */
    if (untrusted > 0) {
        fmt_count(lang, untrusted, num, sizeof num);
        fill(buf, sizeof buf, rt(lang, untrusted == 1 ? R_CLOCK_ONE : R_CLOCK_MANY), num);
        atomicfile_puts(&o, "<p class=\"clock\" role=\"note\">");
        html_text(&o, buf);
        atomicfile_puts(&o, "</p>\n");
    }

    /* Attendance: counts, never names. */
    atomicfile_puts(&o, "<section class=\"turnout\">\n<h2>");
    html_text(&o, rt(lang, R_TURNOUT));
    atomicfile_puts(&o, "</h2>\n<div class=\"tiles\">\n");
    fmt_count(lang, d.expected, num, sizeof num);
    html_tile(&o, num, rt(lang, R_EXPECTED));
    fmt_count(lang, d.checked_in, num, sizeof num);
    html_tile(&o, num, rt(lang, R_CHECKED_IN));
    fmt_count(lang, d.walk_ins, num, sizeof num);
    html_tile(&o, num, rt(lang, R_WALK_INS));
    fmt_percent(lang, d.registered_in, d.expected, num, sizeof num);
    html_tile(&o, num, rt(lang, R_SHARE));
    atomicfile_puts(&o, "</div>\n</section>\n<section class=\"times\">\n<h2>");
    html_text(&o, rt(lang, R_OVER_TIME));
    atomicfile_puts(&o, "</h2>\n");
    html_checkins(&o, lang, &hist, opt->min_group);
    atomicfile_puts(&o, "</section>\n");
    if (ev->topic_count > 0 && html_topics(&o, s, event_id, ev, lang, opt->min_group) != STORE_OK) {
        exportp_put_err(err, errcap, "%s: cannot read the topics from the database: %s", path,
                        store_last_error(s));
        fclose(o.f);
        free(body);
        return -1;
    }

    if (ev->question_count > 0) {
        atomicfile_puts(&o, "<section class=\"feedback\">\n<h2>");
        html_text(&o, rt(lang, R_FEEDBACK));
        atomicfile_puts(&o, "</h2>\n<p class=\"sub\">");
        fmt_count(lang, fb.sessions - fb.flagged_sessions, num, sizeof num);
        fill(buf, sizeof buf, rt(lang, R_SESSIONS), num);
        html_text(&o, buf);
        atomicfile_puts(&o, "</p>\n<div class=\"qs\">\n");
        for (int q = 0; q < ev->question_count; q++) {
            html_question(&o, lang, ev, q, &fb, opt->min_group);
        }
        atomicfile_puts(&o, "</div>\n");
        if (fb.flagged_ratings > 0) {
            fmt_count(lang, fb.flagged_ratings, num, sizeof num);
            fill(buf, sizeof buf, rt(lang, R_FLAGGED), num);
            atomicfile_puts(&o, "<p class=\"note\">");
            html_text(&o, buf);
            atomicfile_puts(&o, "</p>\n");
        }
        atomicfile_puts(&o, "</section>\n");
    }

    /* The follow-up form's answers beside the kiosk's (export_responses.c). */
    if (exportp_html_form(&o, path, s, event_id, ev, lang, opt, err, errcap) != 0) {
        fclose(o.f);
        free(body);
        return -1;
    }

    if (opt->with_text) {
        atomicfile_puts(&o, "<section class=\"refl\">\n<h2>");
        html_text(&o, rt(lang, R_REFLECTIONS));
        atomicfile_puts(&o, "</h2>\n<p class=\"prompt\">");
        const char *prompt = ev->reflection_prompt[lang][0]
                                 ? ev->reflection_prompt[lang]
                                 : i18n_text(lang, I18N_REFLECTION_DEFAULT);
        html_text(&o, prompt);
        atomicfile_puts(&o, "</p>\n<ul>\n");
        Refl rf = {.o = &o};
        st = store_each_reflection(s, event_id, on_report_reflection, &rf);
        atomicfile_puts(&o, "</ul>\n");
        if (st == STORE_OK && rf.shown == 0) {
            atomicfile_puts(&o, "<p class=\"note\">");
            html_text(&o, rt(lang, R_NO_REFLECTIONS));
            atomicfile_puts(&o, "</p>\n");
        }
        if (st == STORE_OK && rf.flagged > 0) {
            fmt_count(lang, rf.flagged, num, sizeof num);
            fill(buf, sizeof buf, rt(lang, R_FLAGGED_REFLECTIONS), num);
            atomicfile_puts(&o, "<p class=\"note\">");
            html_text(&o, buf);
            atomicfile_puts(&o, "</p>\n");
        }
        atomicfile_puts(&o, "</section>\n");
    }

    if (ev->next_meeting[0]) {
        atomicfile_puts(&o, "<p class=\"next\">");
        html_text(&o, ev->next_meeting);
        atomicfile_puts(&o, "</p>\n");
    }
    snprintf(num, sizeof num, "%d", opt->min_group);
    fill2(buf, sizeof buf, rt(lang, R_FOOTER), MINGEL_VERSION, num);
    atomicfile_puts(&o, "<footer>");
    html_text(&o, buf);
    atomicfile_puts(&o, "</footer>\n</main>\n</body>\n</html>\n");
    int body_err = o.err;
    if (fclose(o.f) != 0 && !body_err) {
        body_err = errno ? errno : ENOMEM;
    }
    if (st != STORE_OK) {
        exportp_put_err(err, errcap, "%s: cannot read the reflections from the database: %s (%s)",
                        path, store_status_text(st), store_last_error(s));
        free(body);
        return -1;
    }
    if (body_err) {
        exportp_put_err(err, errcap, "%s: %s", path, strerror(body_err));
        free(body);
        return -1;
    }
    int rc = write_report_file(ev, lang, body, body_len, path, err, errcap);
    free(body);
    return rc;
}
