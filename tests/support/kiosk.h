/* kiosk: the real kiosk (a Flow on a Store) driven by scripted input, shared by the
 * reliability tests (the kill-test writer, the fault and disk-full tests).
 *
 * Each step is split where the kiosk writes: a *_prepare function taps up to the screen
 * before the write (the confirm screen, the filled walk-in form, the reflection typed),
 * and the test then makes the one tap that writes, with a fault armed or a kill pending,
 * and asks kiosk_acknowledged whether the kiosk acknowledged it. Acknowledged means the
 * screen the kiosk shows only after the store said STORE_OK: the greeting for a check-in
 * or walk-in, the next question (or the reflection screen) for a rating, the thank-you
 * screen for a reflection.
 *
 * The meeting has check-in and feedback, two questions (smileys, then 0-10) and a
 * roster of people named "<first> X<abc> <last>": the three letters after the X make
 * each name unique, so typing "x<abc>" finds exactly one person.
 */
#ifndef MINGEL_TEST_KIOSK_H
#define MINGEL_TEST_KIOSK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/flow.h"
#include "core/link.h"
#include "core/store.h"

#define KIOSK_MAX_PEOPLE 17576 /* 26^3 codes */
#define KIOSK_QUESTIONS  2

/* A repeatable random source (xorshift) that remembers the bytes of its last call, so the
 * feedback token the flow made from them can be worked out (kiosk_last_token). */
typedef struct KioskRandom {
    uint64_t state;
    unsigned char last[64];
    size_t last_n;
} KioskRandom;

int kiosk_random(void *ctx, void *buf, size_t n);

/* The token link_token made from the random source's last call. */
void kiosk_last_token(const KioskRandom *r, char out[LINK_TOKEN_LEN + 1]);

/* The test meeting. */
EventInfo kiosk_event(void);

/* Person i of the roster: full name, the search word that finds only them ("xabc"), and
 * their ticket code ("K00042"). */
void kiosk_person(size_t i, char *name, size_t cap);
void kiosk_person_code(size_t i, char code[5]);
void kiosk_person_ticket(size_t i, char ticket[8]);

/* Makes sure the store holds the meeting as current event with `people` attendees: puts
 * the event if it is missing and imports the roster if the count differs (both
 * idempotent, so a setup cut short by a kill is completed by the next one). Writes the
 * event id. Returns the first failing status. */
StoreStatus kiosk_setup(Store *s, size_t people, int64_t now_ms, char event_id[IDS_UUID_LEN + 1]);

/* A flow on the store with the test configuration (feedback tokens from rnd). NULL with
 * the reason on stderr on failure. */
Flow *kiosk_flow(Store *s, KioskRandom *rnd, int64_t now_ms);

/* The steps. *now advances by a tap's time (300 ms) per tap. Each _prepare returns 0 when
 * the flow reached the screen before the write, -1 otherwise (message on stderr). */
int kiosk_checkin_prepare(Flow *f, int64_t *now, const char *code);  /* search, pick */
void kiosk_checkin_commit(Flow *f, int64_t *now);                    /* confirm */
int kiosk_ticket_prepare(Flow *f, int64_t *now, const char *ticket); /* scanner types */
void kiosk_ticket_commit(Flow *f, int64_t *now);                     /* scanner's Enter */
int kiosk_walkin_prepare(Flow *f, int64_t *now, const char *name);   /* search, form */
void kiosk_walkin_commit(Flow *f, int64_t *now);                     /* submit */
/* Starts a feedback session and works out its token. */
int kiosk_feedback_start(Flow *f, int64_t *now, const KioskRandom *rnd,
                         char token[LINK_TOKEN_LEN + 1]);
void kiosk_rate_commit(Flow *f, int64_t *now, int value); /* taps the value */
/* Skips the remaining questions and types the reflection. */
int kiosk_reflection_prepare(Flow *f, int64_t *now, const char *text);
void kiosk_reflection_commit(Flow *f, int64_t *now); /* send */

typedef enum KioskWrite {
    KIOSK_CHECKIN,    /* greeting */
    KIOSK_WALKIN,     /* greeting */
    KIOSK_RATING,     /* next question, or the reflection screen after the last */
    KIOSK_REFLECTION, /* thank-you screen */
} KioskWrite;

/* Whether the flow acknowledged the write it was just asked to make. question is the
 * question that was rated (KIOSK_RATING only). */
bool kiosk_acknowledged(const Flow *f, KioskWrite w, int question);

/* The notice the flow shows, or -1 if it is not on the notice screen. */
int kiosk_notice(const Flow *f);

#endif
