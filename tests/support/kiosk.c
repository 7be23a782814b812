/* kiosk: scripted input for the real kiosk (contract in kiosk.h). */
#include "kiosk.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAP_MS 300

static const char *const FIRST[] = {"Åsa",   "Örjan", "Lotta", "Anna-Karin", "Lars", "Maja",
                                    "Émile", "Jörg",  "Kim",   "Sven",       "Ulla", "Per"};
static const char *const LAST[] = {"Öberg",  "Lindén",  "Ångström", "Söderberg", "Berg",
                                   "Müller", "Nyström", "Karlsson", "Bäckström", "Holm"};
static const char *const ORG[] = {"Norrby kommun", "Vattenbolaget Öst", "Energibolaget Väst",
                                  "Tekniska verken", "Söderbergs Rör AB"};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int kiosk_random(void *ctx, void *buf, size_t n)
{
    KioskRandom *r = ctx;
    TestRandom t = {.state = r->state};
    test_random(&t, buf, n);
    r->state = t.state;
    r->last_n = n < sizeof r->last ? n : sizeof r->last;
    memcpy(r->last, buf, r->last_n);
    return 0;
}

typedef struct Replay {
    const unsigned char *bytes;
    size_t n;
} Replay;

static int replay(void *ctx, void *buf, size_t n)
{
    Replay *r = ctx;
    if (n != r->n) {
        return -1;
    }
    memcpy(buf, r->bytes, n);
    return 0;
}

void kiosk_last_token(const KioskRandom *r, char out[LINK_TOKEN_LEN + 1])
{
    Replay rp = {r->last, r->last_n};
    if (link_token(out, replay, &rp) != 0) {
        out[0] = '\0';
    }
}

EventInfo kiosk_event(void)
{
    /* The test meeting with its first question and its 0-10 one. */
    EventInfo ev = test_meeting("reliability", "Driftchefsnätverket – tålighetsprov");
    snprintf(ev.date, sizeof ev.date, "2027-01-15");
    ev.questions[1] = ev.questions[2];
    ev.question_count = KIOSK_QUESTIONS;
    return ev;
}

void kiosk_person_code(size_t i, char code[5])
{
    code[0] = 'x';
    code[1] = (char)('a' + (i / 676) % 26);
    code[2] = (char)('a' + (i / 26) % 26);
    code[3] = (char)('a' + i % 26);
    code[4] = '\0';
}

void kiosk_person(size_t i, char *name, size_t cap)
{
    char code[5];
    kiosk_person_code(i, code);
    code[0] = 'X';
    snprintf(name, cap, "%s %s %s", FIRST[i % COUNT(FIRST)], code, LAST[(i / 7) % COUNT(LAST)]);
}

void kiosk_person_ticket(size_t i, char ticket[8])
{
    snprintf(ticket, 8, "K%05u", (unsigned)(i % 100000));
}

StoreStatus kiosk_setup(Store *s, size_t people, int64_t now_ms, char event_id[IDS_UUID_LEN + 1])
{
    EventInfo cur;
    StoreStatus st = store_event_current(s, &cur, event_id);
    if (st == STORE_NOT_FOUND) {
        EventInfo ev = kiosk_event();
        st = store_event_put(s, &ev, now_ms, event_id);
    }
    StoreStats stats;
    if (st == STORE_OK) {
        st = store_stats(s, event_id, &stats);
    }
    if (st != STORE_OK || stats.expected == (int64_t)people) {
        return st;
    }
    Roster r = {calloc(people ? people : 1, sizeof(RosterEntry)), people, 0, ';'};
    if (!r.entries) {
        return STORE_IO;
    }
    for (size_t i = 0; i < people; i++) {
        RosterEntry *e = &r.entries[i];
        kiosk_person(i, e->name, sizeof e->name);
        snprintf(e->organisation, sizeof e->organisation, "%s", ORG[i % COUNT(ORG)]);
        char ticket[8];
        kiosk_person_ticket(i, ticket);
        snprintf(e->ticket, sizeof e->ticket, "%s", ticket);
        snprintf(e->key, sizeof e->key, "t:%s", ticket);
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    st = store_import_roster(s, event_id, &r, now_ms, &res);
    free(r.entries);
    return st;
}

Flow *kiosk_flow(Store *s, KioskRandom *rnd, int64_t now_ms)
{
    FlowConfig cfg = flow_default_config();
    cfg.rnd = kiosk_random;
    cfg.rnd_ctx = rnd;
    char err[512];
    Flow *f = flow_new(s, &cfg, now_ms, err, sizeof err);
    if (!f) {
        fprintf(stderr, "kiosk: flow_new: %s\n", err);
    }
    return f;
}

static void tap(Flow *f, int64_t *now, FlowAction a, int arg)
{
    *now += TAP_MS;
    flow_act(f, a, arg, *now);
}

static void type(Flow *f, int64_t *now, const char *text)
{
    *now += TAP_MS;
    flow_text(f, text, *now);
}

static int expect(const Flow *f, FlowScreen want, const char *what)
{
    FlowScreen got = flow_view(f)->screen;
    if (got != want) {
        fprintf(stderr, "kiosk: %s: on screen %d, expected %d\n", what, (int)got, (int)want);
        return -1;
    }
    return 0;
}

int kiosk_checkin_prepare(Flow *f, int64_t *now, const char *code)
{
    tap(f, now, FLOW_ACT_START, 0);
    type(f, now, code);
    if (expect(f, FLOW_SEARCH, "check-in search") != 0) {
        return -1;
    }
    if (flow_view(f)->result_count != 1) {
        fprintf(stderr, "kiosk: search '%s' found %zu people\n", code, flow_view(f)->result_count);
        return -1;
    }
    tap(f, now, FLOW_ACT_PICK, 0);
    return expect(f, FLOW_CONFIRM, "check-in pick");
}

void kiosk_checkin_commit(Flow *f, int64_t *now)
{
    tap(f, now, FLOW_ACT_CONFIRM, 0);
}

int kiosk_ticket_prepare(Flow *f, int64_t *now, const char *ticket)
{
    /* The scanner types on the welcome screen; the flow opens the search for it. */
    type(f, now, ticket);
    return expect(f, FLOW_SEARCH, "scanner code");
}

void kiosk_ticket_commit(Flow *f, int64_t *now)
{
    *now += TAP_MS;
    flow_key(f, FLOW_KEY_ENTER, *now);
}

int kiosk_walkin_prepare(Flow *f, int64_t *now, const char *name)
{
    tap(f, now, FLOW_ACT_START, 0);
    type(f, now, name);
    tap(f, now, FLOW_ACT_WALKIN, 0);
    if (expect(f, FLOW_WALKIN, "walk-in form") != 0) {
        return -1;
    }
    if (!flow_view(f)->walkin_fields[0][0]) {
        fprintf(stderr, "kiosk: walk-in form has no name\n");
        return -1;
    }
    return 0;
}

void kiosk_walkin_commit(Flow *f, int64_t *now)
{
    tap(f, now, FLOW_ACT_SUBMIT, 0);
}

int kiosk_feedback_start(Flow *f, int64_t *now, const KioskRandom *rnd,
                         char token[LINK_TOKEN_LEN + 1])
{
    tap(f, now, FLOW_ACT_FEEDBACK, 0);
    if (expect(f, FLOW_QUESTION, "feedback start") != 0) {
        return -1;
    }
    kiosk_last_token(rnd, token);
    return token[0] ? 0 : -1;
}

void kiosk_rate_commit(Flow *f, int64_t *now, int value)
{
    tap(f, now, FLOW_ACT_RATE, value);
}

int kiosk_reflection_prepare(Flow *f, int64_t *now, const char *text)
{
    if (flow_view(f)->rating_shown) { /* the last answer tapped shows, then it goes on */
        *now += FLOW_RATE_SHOW_MS;
        flow_tick(f, *now);
    }
    for (int i = 0; i < KIOSK_QUESTIONS && flow_view(f)->screen == FLOW_QUESTION; i++) {
        tap(f, now, FLOW_ACT_SKIP, 0);
    }
    if (expect(f, FLOW_REFLECTION, "reflection screen") != 0) {
        return -1;
    }
    type(f, now, text);
    return flow_view(f)->reflection[0] ? 0 : -1;
}

void kiosk_reflection_commit(Flow *f, int64_t *now)
{
    tap(f, now, FLOW_ACT_SEND, 0);
}

bool kiosk_acknowledged(const Flow *f, KioskWrite w, int question)
{
    const FlowView *v = flow_view(f);
    switch (w) {
    case KIOSK_CHECKIN:
    case KIOSK_WALKIN: return v->screen == FLOW_GREETING;
    case KIOSK_RATING: /* the answer shown chosen (FLOW_RATE_SHOW_MS), or what follows */
        return (v->screen == FLOW_QUESTION && v->question == question && v->rating_shown) ||
               (v->screen == FLOW_QUESTION && v->question == question + 1) ||
               (v->screen == FLOW_REFLECTION && question + 1 == v->question_count);
    case KIOSK_REFLECTION: return v->screen == FLOW_THANKS;
    }
    return false;
}

int kiosk_notice(const Flow *f)
{
    const FlowView *v = flow_view(f);
    return v->screen == FLOW_NOTICE ? (int)v->notice : -1;
}
