/* flow_board: the board's panel on the greeting and on "already checked in".
 *
 * A person who consented to the participant list, at a meeting with a board
 * (event_has_board), sees the meeting's topics as one-tap buttons (up to
 * EVENT_TOPICS_PICK picked; a second tap lets one go) and one button that takes them off
 * the board (and one that puts them back). Each tap is stored at once, so what the
 * person sees is what the board shows; nothing waits for a "save". Skipping is doing
 * nothing: the greeting returns to the welcome screen by itself. Someone who did not
 * consent sees no panel: they are not on the board, and no topic of theirs is kept.
 */
#include <stdio.h>
#include <string.h>

#include "core/flow_private.h"

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1) {
        n++;
    }
    return n;
}

/* The picked topics as the store keeps them, in the event's order. */
static void join_picked(const Flow *f, unsigned picked, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < f->event.topic_count && at < cap; i++) {
        if (picked & (1u << i)) {
            int w = snprintf(out + at, cap - at, "%s%s", at ? "|" : "", f->event.topics[i]);
            at += w > 0 ? (size_t)w : 0;
        }
    }
}

void flow_board_enter(Flow *f)
{
    FlowBoard *b = &f->board;
    memset(b, 0, sizeof *b);
    if (!f->has_event || !event_has_board(&f->event) || f->chosen >= f->count) {
        return;
    }
    const char *id = f->people[f->chosen].id;
    StoreBoardChoice c;
    if (store_board_choice_get(f->store, id, &c) != STORE_OK || !c.consent) {
        return;
    }
    b->offered = true;
    b->hidden = c.hidden;
    snprintf(b->attendee_id, sizeof b->attendee_id, "%s", id);
    /* Topics stored earlier that the event still has (an edited event file may have
     * dropped some: they are let go at the next tap). */
    for (const char *w = c.interests; *w;) {
        size_t len = strcspn(w, "|");
        char topic[EVENT_TOPIC_MAX];
        if (len < sizeof topic) {
            memcpy(topic, w, len);
            topic[len] = '\0';
            int i = event_topic_index(&f->event, topic);
            if (i >= 0 && popcount(b->picked) < EVENT_TOPICS_PICK) {
                b->picked |= 1u << i;
            }
        }
        w += len + (w[len] == '|');
    }
}

bool flow_board_act(Flow *f, FlowAction a, int arg)
{
    FlowBoard *b = &f->board;
    if (a != FLOW_ACT_TOPIC && a != FLOW_ACT_BOARD_HIDE) {
        return false;
    }
    if (!b->offered) {
        return true; /* not offered: the tap does nothing */
    }
    unsigned picked = b->picked;
    bool hidden = b->hidden;
    if (a == FLOW_ACT_BOARD_HIDE) {
        hidden = !hidden;
    } else {
        if (hidden || arg < 0 || arg >= f->event.topic_count) {
            return true;
        }
        unsigned bit = 1u << arg;
        if (!(picked & bit) && popcount(picked) >= EVENT_TOPICS_PICK) {
            return true; /* three are picked: one must be let go first */
        }
        picked ^= bit;
    }
    char interests[STORE_INTERESTS_MAX];
    join_picked(f, picked, interests, sizeof interests);
    StoreStatus st =
        store_board_choice_put(f->store, f->event_id, b->attendee_id, interests, hidden, f->wall);
    b->failed = st != STORE_OK;
    if (st != STORE_OK) {
        fprintf(stderr, "mingel: the board choice could not be saved: %s (%s)\n",
                store_status_text(st), store_last_error(f->store));
        return true;
    }
    b->picked = picked;
    b->hidden = hidden;
    return true;
}

void flow_board_view(const Flow *f, FlowView *v)
{
    const FlowBoard *b = &f->board;
    if (!b->offered || (f->screen != FLOW_GREETING && f->screen != FLOW_ALREADY)) {
        return;
    }
    v->board_offer = true;
    v->board_hidden = b->hidden;
    v->board_failed = b->failed;
    v->topic_count = f->event.topic_count;
    for (int i = 0; i < f->event.topic_count; i++) {
        v->topics[i] = f->event.topics[i];
        v->topic_picked[i] = (b->picked >> i) & 1u;
    }
    v->topics_picked = popcount(b->picked);
}
