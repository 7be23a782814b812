/* input: taps settle, keystrokes are held back until it is clear whether a person or a
 * barcode scanner typed them (see input.h for the rules and the figures behind them).
 *
 * The held keys are one run: each came at most INPUT_SCAN_GAP_MS after the one before.
 * A keystroke later than that first lets the run before it go on as typed text. What the
 * screen shows is summed up as a Page after everything handed to the flow; when it
 * differs from the one before, taps are ignored for INPUT_SETTLE_MS from that moment.
 */
#include "core/input.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* What the person sees, as far as where a tap lands is concerned. */
typedef struct Page {
    FlowScreen screen;
    int question;
    bool rating_shown;
    Lang lang;
    bool idle_warning;
} Page;

struct Input {
    Flow *flow; /* borrowed */
    int64_t offset;

    char held[INPUT_SCAN_CAP]; /* keys held back, UTF-8 */
    size_t held_len;           /* bytes */
    size_t held_chars;         /* code points */
    bool held_overflow;        /* the run was longer than held holds */
    int64_t held_last;         /* event time of the last key held, ms */

    Page page;            /* what the screen showed after the last input */
    int64_t settle_until; /* taps going down before this (event time) are ignored */

    char last_scan[INPUT_SCAN_CAP];
};

static Page page_of(const FlowView *v)
{
    return (Page){.screen = v->screen,
                  .question = v->screen == FLOW_QUESTION ? v->question : 0,
                  .rating_shown = v->rating_shown,
                  .lang = v->lang,
                  .idle_warning = v->idle_warning};
}

static bool same_page(const Page *a, const Page *b)
{
    return a->screen == b->screen && a->question == b->question &&
           a->rating_shown == b->rating_shown && a->lang == b->lang &&
           a->idle_warning == b->idle_warning;
}

/* After handing something to the flow at event time at: has the screen changed? */
static bool note_page(Input *in, int64_t at)
{
    Page p = page_of(flow_view(in->flow));
    if (same_page(&p, &in->page)) {
        return false;
    }
    in->page = p;
    in->settle_until = at + INPUT_SETTLE_MS;
    return true;
}

Input *input_new(Flow *flow)
{
    Input *in = calloc(1, sizeof *in);
    if (!in) {
        return NULL;
    }
    in->flow = flow;
    in->page = page_of(flow_view(flow));
    in->settle_until = INT64_MIN;
    return in;
}

void input_free(Input *in)
{
    free(in);
}

void input_set_offset(Input *in, int64_t offset_ms)
{
    in->offset = offset_ms;
}

bool input_may_press(const Input *in, int64_t down_ms)
{
    return down_ms >= in->settle_until;
}

bool input_tap(Input *in, FlowAction action, int arg, int64_t down_ms, int64_t up_ms)
{
    if (!input_may_press(in, down_ms)) {
        return false;
    }
    flow_act(in->flow, action, arg, up_ms + in->offset);
    note_page(in, up_ms);
    return true;
}

/* The held run was a person: it goes on as typed text, at the time of its last key. */
static bool release(Input *in)
{
    if (in->held_chars == 0) {
        return false;
    }
    in->held[in->held_len] = '\0';
    flow_text(in->flow, in->held, in->held_last + in->offset);
    in->held_len = in->held_chars = 0;
    in->held_overflow = false;
    note_page(in, in->held_last);
    return true;
}

/* A key at at_ms ends the held run if it came too late to belong to it. */
static bool release_if_late(Input *in, int64_t at_ms)
{
    return in->held_chars > 0 && at_ms - in->held_last > INPUT_SCAN_GAP_MS && release(in);
}

InputDid input_text(Input *in, const char *utf8, int64_t at_ms)
{
    bool released = release_if_late(in, at_ms);
    size_t n = strlen(utf8);
    size_t chars = text_length(utf8);
    if (chars == 0) {
        return released ? INPUT_TYPED : INPUT_HELD;
    }
    if (in->held_len + n < sizeof in->held) {
        memcpy(in->held + in->held_len, utf8, n);
        in->held_len += n;
    } else {
        in->held_overflow = true; /* counted, not kept: no ticket is this long */
    }
    in->held_chars += chars;
    in->held_last = at_ms;
    return released ? INPUT_TYPED : INPUT_HELD;
}

InputDid input_key(Input *in, FlowKey key, int64_t at_ms)
{
    bool released = release_if_late(in, at_ms);
    if (key == FLOW_KEY_ENTER && in->held_chars >= INPUT_SCAN_MIN_CHARS) {
        /* A run fast enough for a scanner, ended by Enter within the gap. */
        in->held[in->held_overflow ? 0 : in->held_len] = '\0';
        memcpy(in->last_scan, in->held, sizeof in->last_scan);
        in->held_len = in->held_chars = 0;
        in->held_overflow = false;
        flow_scan(in->flow, in->last_scan, at_ms + in->offset);
        note_page(in, at_ms);
        return INPUT_SCANNED;
    }
    released |= release(in);
    flow_key(in->flow, key, at_ms + in->offset);
    note_page(in, at_ms);
    return released ? INPUT_TYPED : INPUT_KEY;
}

bool input_tick(Input *in, int64_t now_ms)
{
    bool changed = release_if_late(in, now_ms);
    changed |= flow_tick(in->flow, now_ms + in->offset);
    note_page(in, now_ms);
    return changed;
}

int64_t input_next_deadline(const Input *in)
{
    int64_t at = -1;
    if (in->held_chars > 0) {
        at = in->held_last + INPUT_SCAN_GAP_MS + 1;
    }
    int64_t flow_at = flow_next_deadline(in->flow);
    if (flow_at >= 0 && (at < 0 || flow_at - in->offset < at)) {
        at = flow_at - in->offset;
    }
    return at;
}

const char *input_last_scan(const Input *in)
{
    return in->last_scan;
}

bool input_holding(const Input *in)
{
    return in->held_chars > 0;
}
