/* export_responses: the follow-up form's answers in the report and the JSON export
 * (contract in export.h; the two entry points in export_private.h).
 *
 * Per question of the form: how many sessions answered it and how many of them also
 * rated at the kiosk; for a question with a few recurring answers (a choice, a scale)
 * each answer's count and, beside it, the mean kiosk rating of the sessions that gave it;
 * for free text only the count, and the answers themselves with --with-text, listed in
 * alphabetical order on their own, never next to a rating or a token. The minimum group
 * size applies to every split: a question with fewer answers than it shows nothing but
 * that; an answer given by fewer sessions goes into "other answers"; a mean over fewer
 * sessions and a "both"/"form only" split with a small side are not shown. No name is
 * anywhere near: the store hands over answers and ratings by session, never a person.
 */
#include "core/export.h"
#include "core/export_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/store_responses.h"
#include "core/text.h"

#define FORM_CHOICES_MAX   12 /* distinct answers a question may have to count as a choice */
#define FORM_CHOICE_CHARS  60 /* characters of the longest answer of a choice */
#define FORM_QUESTIONS_MAX 200

typedef struct FormChoice {
    char *answer;
    int64_t count;
    int64_t rated[EVENT_MAX_QUESTIONS]; /* sessions of this answer with that kiosk rating */
    int64_t sum[EVENT_MAX_QUESTIONS];   /* their ratings added */
} FormChoice;

typedef struct FormQuestion {
    int position;
    char *text;
    int64_t answers;
    int64_t also_rated;  /* of them, sessions with at least one kiosk rating */
    FormChoice *choices; /* every distinct answer, in first-seen order */
    size_t nchoices, cap;
    bool long_answer; /* an answer over FORM_CHOICE_CHARS characters */
} FormQuestion;

typedef struct FormSummary {
    int64_t sessions, sessions_rated;
    size_t last_session; /* of the walk, to count sessions */
    bool any;
    FormQuestion q[FORM_QUESTIONS_MAX];
    size_t nq;
    bool out_of_memory;
} FormSummary;

static bool rated_any(const StoreFormRow *r)
{
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
        if (r->ratings[i] >= 0) {
            return true;
        }
    }
    return false;
}

static int on_form_row(void *ctx, const StoreFormRow *r)
{
    FormSummary *f = ctx;
    if (!f->any || r->session != f->last_session) {
        f->sessions++;
        f->sessions_rated += rated_any(r);
        f->last_session = r->session;
        f->any = true;
    }
    FormQuestion *q = NULL;
    for (size_t i = 0; i < f->nq && !q; i++) {
        if (f->q[i].position == r->position && strcmp(f->q[i].text, r->question) == 0) {
            q = &f->q[i];
        }
    }
    if (!q) {
        if (f->nq == FORM_QUESTIONS_MAX) {
            return 0; /* more questions than a report shows; the rest are left out */
        }
        q = &f->q[f->nq];
        memset(q, 0, sizeof *q);
        q->position = r->position;
        q->text = strdup(r->question);
        if (!q->text) {
            f->out_of_memory = true;
            return 1;
        }
        f->nq++;
    }
    q->answers++;
    q->also_rated += rated_any(r);
    q->long_answer = q->long_answer || text_length(r->answer) > FORM_CHOICE_CHARS;
    FormChoice *c = NULL;
    for (size_t i = 0; i < q->nchoices && !c; i++) {
        if (strcmp(q->choices[i].answer, r->answer) == 0) {
            c = &q->choices[i];
        }
    }
    if (!c) {
        if (q->nchoices == q->cap) {
            size_t cap = q->cap ? q->cap * 2 : 8;
            FormChoice *p = realloc(q->choices, cap * sizeof *p);
            if (!p) {
                f->out_of_memory = true;
                return 1;
            }
            q->choices = p;
            q->cap = cap;
        }
        c = &q->choices[q->nchoices];
        memset(c, 0, sizeof *c);
        c->answer = strdup(r->answer);
        if (!c->answer) {
            f->out_of_memory = true;
            return 1;
        }
        q->nchoices++;
    }
    c->count++;
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
        if (r->ratings[i] >= 0) {
            c->rated[i]++;
            c->sum[i] += r->ratings[i];
        }
    }
    return 0;
}

static void summary_free(FormSummary *f)
{
    for (size_t i = 0; i < f->nq; i++) {
        for (size_t k = 0; k < f->q[i].nchoices; k++) {
            free(f->q[i].choices[k].answer);
        }
        free(f->q[i].choices);
        free(f->q[i].text);
    }
    f->nq = 0;
}

/* A question of recurring short answers (a choice, a yes/no, a scale): few distinct
 * answers, none long, and at least one given twice. Otherwise free text. */
static bool is_choice(const FormQuestion *q)
{
    if (q->long_answer || q->nchoices > FORM_CHOICES_MAX) {
        return false;
    }
    /* A scale (every answer a whole number 0..10) is a choice however few answered. */
    bool scale = true;
    for (size_t i = 0; i < q->nchoices && scale; i++) {
        const char *a = q->choices[i].answer;
        scale = (strlen(a) == 1 && a[0] >= '0' && a[0] <= '9') || strcmp(a, "10") == 0;
    }
    return scale || (int64_t)q->nchoices < q->answers;
}

/* Whether any session of the question's answers rated kiosk question k. */
static bool kiosk_column(const FormQuestion *q, int k)
{
    for (size_t i = 0; i < q->nchoices; i++) {
        if (q->choices[i].rated[k] > 0) {
            return true;
        }
    }
    return false;
}

static int cmp_choice(const void *a, const void *b)
{
    const FormChoice *x = a, *y = b;
    if (x->count != y->count) {
        return x->count > y->count ? -1 : 1;
    }
    return strcmp(x->answer, y->answer);
}

static int cmp_text(const void *a, const void *b)
{
    const FormChoice *x = a, *y = b;
    return strcmp(x->answer, y->answer);
}

static int cmp_question(const void *a, const void *b)
{
    const FormQuestion *x = a, *y = b;
    return x->position != y->position ? (x->position < y->position ? -1 : 1)
                                      : strcmp(x->text, y->text);
}

/* Reads and orders the summary: questions by column, choices by count, texts by text. */
static int summary_read(Store *s, const char *event_id, FormSummary *f, char *err, size_t errcap,
                        const char *path)
{
    memset(f, 0, sizeof *f);
    StoreStatus st = store_each_form_answer(s, event_id, on_form_row, f);
    if (st != STORE_OK || f->out_of_memory) {
        exportp_put_err(err, errcap, "%s: cannot read the form answers: %s (%s)", path,
                        f->out_of_memory ? "out of memory" : store_status_text(st),
                        f->out_of_memory ? "" : store_last_error(s));
        summary_free(f);
        return -1;
    }
    qsort(f->q, f->nq, sizeof f->q[0], cmp_question);
    for (size_t i = 0; i < f->nq; i++) {
        FormQuestion *q = &f->q[i];
        qsort(q->choices, q->nchoices, sizeof q->choices[0], is_choice(q) ? cmp_choice : cmp_text);
    }
    return 0;
}

/* A split into part and whole - part may be shown when neither side is a small group. */
static bool split_shown(int64_t part, int64_t whole, int min_group)
{
    int64_t rest = whole - part;
    return (part == 0 || part >= min_group) && (rest == 0 || rest >= min_group);
}

/* The kiosk questions that have a scale (all of them), as 0-based positions. */
static int kiosk_questions(const EventInfo *ev)
{
    return ev->question_count < EVENT_MAX_QUESTIONS ? ev->question_count : EVENT_MAX_QUESTIONS;
}

/* ---- HTML ------------------------------------------------------------------------- */

typedef enum FormText {
    F_TITLE,
    F_SESSIONS,
    F_BOTH,
    F_BOTH_HIDDEN,
    F_ANSWERS,
    F_ANSWERS_BOTH,
    F_NOT_SHOWN,
    F_ANSWER,
    F_COUNT_COL,
    F_MEAN_OF,
    F_OTHER,
    F_OTHER_HIDDEN,
    F_FREE_TEXT,
    F_TEXTS,
    F_COUNT
} FormText;

static const char *const FORM_TEXT[F_COUNT][2] = {
    [F_TITLE] = {"Uppföljningsformuläret", "The follow-up form"},
    [F_SESSIONS] = {"{} sessioner svarade på formuläret via kioskens länk.",
                    "{} sessions answered the form through the kiosk's link."},
    [F_BOTH] = {"{} av dem svarade också på frågorna i kiosken.",
                "{} of them also answered the questions at the kiosk."},
    [F_BOTH_HIDDEN] = {"Hur många av dem som också svarade i kiosken visas inte (en grupp "
                       "under {}).",
                       "How many of them also answered at the kiosk is not shown (a group "
                       "under {})."},
    [F_ANSWERS] = {"{} svar", "{} answers"},
    [F_ANSWERS_BOTH] = {"{} svar, {2} av dem från sessioner som också svarade i kiosken",
                        "{} answers, {2} of them from sessions that also answered at the kiosk"},
    [F_NOT_SHOWN] = {"Färre än {} svar – visas inte", "Fewer than {} answers — not shown"},
    [F_ANSWER] = {"Svar", "Answer"},
    [F_COUNT_COL] = {"Antal", "Count"},
    [F_MEAN_OF] = {"Kiosken, fråga {}: medel", "Kiosk question {}: mean"},
    [F_OTHER] = {"Andra svar (var och ett färre än {})", "Other answers (each fewer than {})"},
    [F_OTHER_HIDDEN] = {"färre än {}", "fewer than {}"},
    [F_FREE_TEXT] = {"Fritext: svaren visas bara med --with-text.",
                     "Free text: the answers are shown only with --with-text."},
    [F_TEXTS] = {"Svaren, i bokstavsordning:", "The answers, in alphabetical order:"},
};

static const char *ft(Lang lang, FormText id)
{
    return FORM_TEXT[id][lang == LANG_EN ? 1 : 0];
}

/* tmpl with "{}" replaced by a and "{2}" by b. */
static void form_fill(char *out, size_t cap, const char *tmpl, const char *a, const char *b)
{
    size_t w = 0;
    for (const char *p = tmpl; *p && w + 1 < cap;) {
        const char *arg = strncmp(p, "{}", 2) == 0 ? a : strncmp(p, "{2}", 3) == 0 ? b : NULL;
        if (arg) {
            size_t n = strlen(arg);
            n = n < cap - 1 - w ? n : cap - 1 - w;
            memcpy(out + w, arg, n);
            w += n;
            p += p[1] == '}' ? 2 : 3;
        } else {
            out[w++] = *p++;
        }
    }
    out[w] = '\0';
}

static void form_html(AtomicFile *o, const char *text)
{
    char fixed[EXPORT_TEXT_FIX_MAX];
    text = exportp_valid_text(text, fixed, sizeof fixed);
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '&': atomicfile_puts(o, "&amp;"); break;
        case '<': atomicfile_puts(o, "&lt;"); break;
        case '>': atomicfile_puts(o, "&gt;"); break;
        case '"': atomicfile_puts(o, "&quot;"); break;
        case '\'': atomicfile_puts(o, "&#39;"); break;
        case '\n': atomicfile_puts(o, "<br>"); break;
        default: atomicfile_write(o, p, 1); break;
        }
    }
}

static void form_line(AtomicFile *o, const char *tag, const char *text)
{
    atomicfile_printf(o, "<%s>", tag);
    form_html(o, text);
    atomicfile_printf(o, "</%s>\n", tag);
}

static void mean_text(Lang lang, int64_t sum, int64_t n, char *out, size_t cap)
{
    snprintf(out, cap, "%.1f", (double)sum / (double)n);
    if (lang != LANG_EN) {
        char *dot = strchr(out, '.');
        if (dot) {
            *dot = ',';
        }
    }
}

static void html_choices(AtomicFile *o, Lang lang, const EventInfo *ev, const FormQuestion *q,
                         int min_group)
{
    char buf[256], num[32];
    int kq = kiosk_questions(ev);
    atomicfile_puts(o, "<table class=\"form\" style=\"border-collapse:collapse;margin:4px 0\">"
                       "\n<tr><th style=\"text-align:left;padding:2px 8px\">");
    form_html(o, ft(lang, F_ANSWER));
    atomicfile_puts(o, "</th><th style=\"text-align:right;padding:2px 8px\">");
    form_html(o, ft(lang, F_COUNT_COL));
    atomicfile_puts(o, "</th>");
    for (int k = 0; k < kq; k++) {
        if (!kiosk_column(q, k)) {
            continue;
        }
        snprintf(num, sizeof num, "%d", k + 1);
        form_fill(buf, sizeof buf, ft(lang, F_MEAN_OF), num, "");
        atomicfile_puts(o, "<th style=\"text-align:right;padding:2px 8px\">");
        form_html(o, buf);
        atomicfile_puts(o, "</th>");
    }
    atomicfile_puts(o, "</tr>\n");
    int64_t other = 0;
    size_t other_n = 0;
    for (size_t i = 0; i < q->nchoices; i++) {
        const FormChoice *c = &q->choices[i];
        if (c->count < min_group) {
            other += c->count;
            other_n++;
            continue;
        }
        atomicfile_puts(o, "<tr><td style=\"padding:2px 8px\">");
        form_html(o, c->answer);
        atomicfile_printf(o, "</td><td style=\"text-align:right;padding:2px 8px\">%lld</td>",
                          (long long)c->count);
        for (int k = 0; k < kq; k++) {
            if (!kiosk_column(q, k)) {
                continue;
            }
            atomicfile_puts(o, "<td style=\"text-align:right;padding:2px 8px\">");
            if (c->rated[k] >= min_group) {
                mean_text(lang, c->sum[k], c->rated[k], num, sizeof num);
                atomicfile_printf(o, "%s (%lld)", num, (long long)c->rated[k]);
            } else {
                atomicfile_puts(o, "–");
            }
            atomicfile_puts(o, "</td>");
        }
        atomicfile_puts(o, "</tr>\n");
    }
    if (other_n) {
        snprintf(num, sizeof num, "%d", min_group);
        form_fill(buf, sizeof buf, ft(lang, F_OTHER), num, "");
        atomicfile_puts(o, "<tr><td style=\"padding:2px 8px\"><i>");
        form_html(o, buf);
        atomicfile_puts(o, "</i></td><td style=\"text-align:right;padding:2px 8px\">");
        if (other >= min_group) {
            atomicfile_printf(o, "%lld", (long long)other);
        } else {
            form_fill(buf, sizeof buf, ft(lang, F_OTHER_HIDDEN), num, "");
            form_html(o, buf);
        }
        atomicfile_puts(o, "</td>");
        for (int k = 0; k < kq; k++) {
            atomicfile_puts(o, kiosk_column(q, k) ? "<td></td>" : "");
        }
        atomicfile_puts(o, "</tr>\n");
    }
    atomicfile_puts(o, "</table>\n");
}

int exportp_html_form(AtomicFile *o, const char *path, Store *s, const char *event_id,
                      const EventInfo *ev, Lang lang, const ExportOptions *opt, char *err,
                      size_t errcap)
{
    FormSummary *f = malloc(sizeof *f);
    if (!f) {
        exportp_put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    if (summary_read(s, event_id, f, err, errcap, path) != 0) {
        free(f);
        return -1;
    }
    if (f->nq == 0) {
        free(f);
        return 0; /* no form answers: no section */
    }
    int min = opt->min_group;
    char buf[512], a[32], b[32];
    atomicfile_puts(o, "<section class=\"form\">\n");
    form_line(o, "h2", ft(lang, F_TITLE));
    snprintf(a, sizeof a, "%lld", (long long)f->sessions);
    form_fill(buf, sizeof buf, ft(lang, F_SESSIONS), a, "");
    atomicfile_puts(o, "<p class=\"sub\">");
    form_html(o, buf);
    atomicfile_puts(o, " ");
    if (split_shown(f->sessions_rated, f->sessions, min)) {
        snprintf(a, sizeof a, "%lld", (long long)f->sessions_rated);
        form_fill(buf, sizeof buf, ft(lang, F_BOTH), a, "");
    } else {
        snprintf(a, sizeof a, "%d", min);
        form_fill(buf, sizeof buf, ft(lang, F_BOTH_HIDDEN), a, "");
    }
    form_html(o, buf);
    atomicfile_puts(o, "</p>\n");
    for (size_t i = 0; i < f->nq; i++) {
        const FormQuestion *q = &f->q[i];
        atomicfile_puts(o, "<div class=\"q\">\n");
        form_line(o, "h3", q->text);
        if (q->answers < min) {
            snprintf(a, sizeof a, "%d", min);
            form_fill(buf, sizeof buf, ft(lang, F_NOT_SHOWN), a, "");
            atomicfile_puts(o, "<p class=\"hidden\">");
            form_html(o, buf);
            atomicfile_puts(o, "</p>\n</div>\n");
            continue;
        }
        snprintf(a, sizeof a, "%lld", (long long)q->answers);
        snprintf(b, sizeof b, "%lld", (long long)q->also_rated);
        form_fill(
            buf, sizeof buf,
            ft(lang, split_shown(q->also_rated, q->answers, min) ? F_ANSWERS_BOTH : F_ANSWERS), a,
            b);
        atomicfile_puts(o, "<p class=\"stat\">");
        form_html(o, buf);
        atomicfile_puts(o, "</p>\n");
        if (is_choice(q)) {
            html_choices(o, lang, ev, q, min);
        } else if (!opt->with_text) {
            atomicfile_puts(o, "<p class=\"note\">");
            form_html(o, ft(lang, F_FREE_TEXT));
            atomicfile_puts(o, "</p>\n");
        } else {
            atomicfile_puts(o, "<p class=\"note\">");
            form_html(o, ft(lang, F_TEXTS));
            atomicfile_puts(o, "</p>\n<ul>\n");
            for (size_t k = 0; k < q->nchoices; k++) {
                for (int64_t n = 0; n < q->choices[k].count; n++) {
                    form_line(o, "li", q->choices[k].answer);
                }
            }
            atomicfile_puts(o, "</ul>\n");
        }
        atomicfile_puts(o, "</div>\n");
    }
    atomicfile_puts(o, "</section>\n");
    summary_free(f);
    free(f);
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------- */

static cJSON *json_choice(const EventInfo *ev, const FormChoice *c, int min)
{
    /* Per kiosk question: the sessions of this answer that rated it and their mean; both
     * null when they are a group under min (0 sessions: 0 and a null mean). */
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "answer", c->answer) &&
              cJSON_AddNumberToObject(o, "count", (double)c->count);
    cJSON *k = ok ? cJSON_AddArrayToObject(o, "kiosk") : NULL;
    ok = k != NULL;
    for (int q = 0; ok && q < kiosk_questions(ev); q++) {
        cJSON *m = cJSON_CreateObject();
        ok = m && cJSON_AddItemToArray(k, m) && cJSON_AddNumberToObject(m, "question", q + 1);
        if (ok && (c->rated[q] >= min || c->rated[q] == 0)) {
            ok = cJSON_AddNumberToObject(m, "sessions", (double)c->rated[q]) &&
                 (c->rated[q]
                      ? cJSON_AddNumberToObject(m, "mean", (double)c->sum[q] / (double)c->rated[q])
                      : cJSON_AddNullToObject(m, "mean"));
        } else if (ok) {
            ok = cJSON_AddNullToObject(m, "sessions") && cJSON_AddNullToObject(m, "mean");
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *json_question(const EventInfo *ev, const FormQuestion *q, const ExportOptions *opt)
{
    int min = opt->min_group;
    bool choice = is_choice(q), shown = q->answers >= min;
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddNumberToObject(o, "column", q->position) &&
              cJSON_AddStringToObject(o, "question", q->text) &&
              cJSON_AddStringToObject(o, "kind", choice ? "choice" : "text") &&
              cJSON_AddNumberToObject(o, "answers", (double)q->answers) &&
              cJSON_AddBoolToObject(o, "shown", shown);
    if (ok) {
        ok = shown && split_shown(q->also_rated, q->answers, min)
                 ? cJSON_AddNumberToObject(o, "also_rated", (double)q->also_rated) != NULL
                 : cJSON_AddNullToObject(o, "also_rated") != NULL;
    }
    if (ok && shown && choice) {
        cJSON *arr = cJSON_AddArrayToObject(o, "choices");
        int64_t other = 0;
        ok = arr != NULL;
        for (size_t i = 0; ok && i < q->nchoices; i++) {
            if (q->choices[i].count < min) {
                other += q->choices[i].count;
                continue;
            }
            cJSON *c = json_choice(ev, &q->choices[i], min);
            ok = c && cJSON_AddItemToArray(arr, c);
        }
        if (ok) {
            ok = other >= min || other == 0
                     ? cJSON_AddNumberToObject(o, "other", (double)other) != NULL
                     : cJSON_AddNullToObject(o, "other") != NULL;
        }
    }
    if (ok && shown && !choice && opt->with_text) {
        cJSON *arr = cJSON_AddArrayToObject(o, "texts");
        ok = arr != NULL;
        for (size_t i = 0; ok && i < q->nchoices; i++) {
            for (int64_t n = 0; ok && n < q->choices[i].count; n++) {
                cJSON *t = cJSON_CreateString(q->choices[i].answer);
                ok = t && cJSON_AddItemToArray(arr, t);
            }
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

int exportp_json_form(AtomicFile *o, const char *path, Store *s, const char *event_id,
                      const EventInfo *ev, const ExportOptions *opt, char *err, size_t errcap)
{
    FormSummary *f = malloc(sizeof *f);
    if (!f) {
        exportp_put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    if (summary_read(s, event_id, f, err, errcap, path) != 0) {
        free(f);
        return -1;
    }
    int min = opt->min_group;
    cJSON *doc = cJSON_CreateObject();
    bool ok = doc && cJSON_AddNumberToObject(doc, "min_group", min) &&
              cJSON_AddNumberToObject(doc, "sessions", (double)f->sessions);
    if (ok) {
        ok = split_shown(f->sessions_rated, f->sessions, min)
                 ? cJSON_AddNumberToObject(doc, "sessions_also_rated", (double)f->sessions_rated) !=
                       NULL
                 : cJSON_AddNullToObject(doc, "sessions_also_rated") != NULL;
    }
    cJSON *qs = ok ? cJSON_AddArrayToObject(doc, "questions") : NULL;
    ok = qs != NULL;
    for (size_t i = 0; ok && i < f->nq; i++) {
        cJSON *q = json_question(ev, &f->q[i], opt);
        ok = q && cJSON_AddItemToArray(qs, q);
    }
    char *text = ok ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    summary_free(f);
    free(f);
    if (!text) {
        exportp_put_err(err, errcap, "%s: out of memory", path);
        return -1;
    }
    atomicfile_puts(o, ",\n\"form\":");
    atomicfile_puts(o, text);
    cJSON_free(text);
    return 0;
}
