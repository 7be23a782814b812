/* reliability_writer: the real kiosk at work until it is killed (test_kill's victim).
 *
 *     reliability_writer DB SEED
 *
 * Opens DB with store_open (creating and migrating it on the first run), makes sure it
 * holds the test meeting (tests/support/kiosk.h), and then drives a Flow with scripted
 * input for ever: check-ins by search and confirm, by scanner code, walk-ins, feedback
 * sessions with two ratings and a reflection. Choices and feedback tokens come from SEED,
 * so a failing run can be repeated. It never stops by itself; test_kill SIGKILLs it.
 *
 * It prints one line per record the kiosk ACKNOWLEDGED, and only once the flow shows the
 * acknowledging screen (the greeting; the answer shown chosen for a rating; the thank-you
 * screen for a reflection), each line with one write(2) to stdout before the next tap:
 *
 *     S                          started: the database is open and the meeting loaded
 *     C <tab> name               checked in (by search or scanner)
 *     W <tab> name               walk-in registered and checked in
 *     R <tab> token <tab> q <tab> value    rating
 *     F <tab> token <tab> text   reflection
 *
 * Anything unexpected (a store error, a notice on screen) goes to stderr and ends the
 * process with status 2: without faults, the kiosk must never fail to save.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/flow.h"
#include "core/store.h"
#include "kiosk.h"
#include "support.h"

#define PEOPLE 1000

/* Writes one line with one write(2) (a pipe takes up to PIPE_BUF bytes at once), so the
 * harness reads whole lines or nothing. */
static void say(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line) {
        fprintf(stderr, "writer: line too long\n");
        exit(2);
    }
    const char *p = line;
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, (size_t)n);
        if (w <= 0) {
            exit(2); /* the harness went away */
        }
        p += w;
        n -= (int)w;
    }
}

static void die(const Flow *f, const char *what)
{
    const FlowView *v = flow_view(f);
    fprintf(stderr, "writer: %s: screen %d, notice %d\n", what, (int)v->screen, (int)v->notice);
    exit(2);
}

/* Choices: xorshift, apart from the flow's random source (whose last call must stay the
 * token's). */
static uint64_t pick_state;

static uint32_t pick(uint32_t n)
{
    return xorshift_below(&pick_state, n);
}

/* Lower-case letters for a number: unique words for walk-ins and reflections. */
static void letters(uint64_t v, char *out, size_t cap)
{
    size_t n = 0;
    do {
        if (n + 1 >= cap) {
            break;
        }
        out[n++] = (char)('a' + v % 26);
        v /= 26;
    } while (v);
    out[n] = '\0';
}

static void back_to_welcome(Flow *f, int64_t *now)
{
    *now += 300;
    flow_act(f, FLOW_ACT_DONE, 0, *now);
    if (flow_view(f)->screen != FLOW_WELCOME) {
        die(f, "back to welcome");
    }
}

/* A check-in of someone on the list: found by search and tapped, or scanned. */
static void checkin_listed(Flow *f, int64_t *now, bool by_ticket)
{
    char code[8];
    size_t who = pick(PEOPLE);
    int rc;
    if (by_ticket) {
        kiosk_person_ticket(who, code);
        rc = kiosk_ticket_prepare(f, now, code);
    } else {
        kiosk_person_code(who, code);
        rc = kiosk_checkin_prepare(f, now, code);
    }
    if (rc != 0) {
        die(f, by_ticket ? "scanner code" : "check-in search");
    }
    if (by_ticket) {
        kiosk_ticket_commit(f, now);
    } else {
        kiosk_checkin_commit(f, now);
    }
    const FlowView *v = flow_view(f);
    if (kiosk_acknowledged(f, KIOSK_CHECKIN, 0)) {
        say("C\t%s\n", v->chosen_name);
    } else if (v->screen != FLOW_ALREADY) {
        die(f, by_ticket ? "scanner check-in" : "check-in");
    }
    back_to_welcome(f, now);
}

static void walk_in(Flow *f, int64_t *now, uint64_t seed, unsigned k)
{
    char a[16], b[16], typed[64], name[FLOW_TEXT_CAP];
    letters(seed, a, sizeof a);
    letters(k, b, sizeof b);
    snprintf(typed, sizeof typed, "gäst w%s q%s", a, b);
    if (kiosk_walkin_prepare(f, now, typed) != 0) {
        die(f, "walk-in form");
    }
    snprintf(name, sizeof name, "%s", flow_view(f)->walkin_fields[0]);
    kiosk_walkin_commit(f, now);
    if (!kiosk_acknowledged(f, KIOSK_WALKIN, 0)) {
        die(f, "walk-in");
    }
    say("W\t%s\n", name);
    back_to_welcome(f, now);
}

static void feedback(Flow *f, int64_t *now, const KioskRandom *rnd, uint64_t seed, unsigned k)
{
    char token[LINK_TOKEN_LEN + 1];
    if (kiosk_feedback_start(f, now, rnd, token) != 0) {
        die(f, "feedback start");
    }
    for (int q = 0; q < KIOSK_QUESTIONS; q++) {
        if (pick(5) == 0) {
            *now += 300;
            flow_act(f, FLOW_ACT_SKIP, 0, *now);
            continue;
        }
        int value = flow_view(f)->scale == EVENT_SCALE_NPS ? (int)pick(11) : 1 + (int)pick(5);
        kiosk_rate_commit(f, now, value);
        if (!kiosk_acknowledged(f, KIOSK_RATING, q)) {
            die(f, "rating");
        }
        say("R\t%s\t%d\t%d\n", token, q, value);
    }
    if (pick(4) != 0) {
        char a[16], b[16], typed[80], text[FLOW_TEXT_CAP * 3];
        letters(seed, a, sizeof a);
        letters(k, b, sizeof b);
        snprintf(typed, sizeof typed, "bra träff %s %s", a, b);
        if (kiosk_reflection_prepare(f, now, typed) != 0) {
            die(f, "reflection");
        }
        snprintf(text, sizeof text, "%s", flow_view(f)->reflection);
        kiosk_reflection_commit(f, now);
        if (!kiosk_acknowledged(f, KIOSK_REFLECTION, 0)) {
            die(f, "reflection send");
        }
        say("F\t%s\t%s\n", token, text);
    } else {
        for (int i = 0; i < 2 && flow_view(f)->screen != FLOW_THANKS; i++) {
            *now += 300;
            flow_act(f, FLOW_ACT_SKIP, 0, *now);
        }
    }
    back_to_welcome(f, now);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: reliability_writer DB SEED\n");
        return 64;
    }
    const char *path = argv[1];
    uint64_t seed = strtoull(argv[2], NULL, 10);
    pick_state = seed * 0x9E3779B97F4A7C15ULL | 1;
    KioskRandom rnd = {seed * 0xD1B54A32D192ED03ULL | 1, {0}, 0};

    Store *s = NULL;
    char err[1024];
    StoreStatus st = store_open(path, ids_os_random, NULL, &s, err, sizeof err);
    if (st != STORE_OK) {
        fprintf(stderr, "writer: store_open: %s: %s\n", store_status_text(st), err);
        return 2;
    }
    int64_t now = ids_now_ms();
    char ev[IDS_UUID_LEN + 1];
    st = kiosk_setup(s, PEOPLE, now, ev);
    if (st != STORE_OK) {
        fprintf(stderr, "writer: setup: %s: %s\n", store_status_text(st), store_last_error(s));
        return 2;
    }
    Flow *f = kiosk_flow(s, &rnd, now);
    if (!f) {
        return 2;
    }
    say("S\n");
    for (unsigned k = 0;; k++) {
        uint32_t r = pick(20);
        if (r < 8) {
            checkin_listed(f, &now, false);
        } else if (r < 10) {
            checkin_listed(f, &now, true);
        } else if (r < 13) {
            walk_in(f, &now, seed, k);
        } else {
            feedback(f, &now, &rnd, seed, k);
        }
    }
}
