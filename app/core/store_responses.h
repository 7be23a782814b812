/* store_responses: the follow-up form's answers in the store (part of the store's contract,
 * store.h, kept in a header of its own so the two change apart).
 *
 * The thank-you screen's QR link carries the session's token (link.h); the longer form
 * the attendee fills in on the phone echoes it back in a prefilled question, and
 * `mingel import-responses` (responses.h reads the export) stores each answer against
 * that token and the question's text. Never against a person: the table form_answer has
 * no column that names an attendee or can be joined to attendee or checkin, and only
 * answers whose token belongs to one of the event's kiosk sessions (a rating or a
 * reflection with that token) are stored; the others are counted and left out.
 *
 * Writes are one transaction each and durable when they return STORE_OK (store.h).
 * Strings passed in are copied; rows passed to a callback live only during the call.
 */
#ifndef MINGEL_STORE_RESPONSES_H
#define MINGEL_STORE_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/store.h"

#define STORE_FORM_QUESTION_MAX 1000  /* characters of a question's text */
#define STORE_FORM_ANSWER_MAX   32767 /* characters of one answer (sheet.h's cell limit) */
#define STORE_FORM_POSITION_MAX 1000  /* columns of an export (sheet.h's SHEET_MAX_COLS) */

/* One answer to store. */
typedef struct StoreFormAnswer {
    const char *token;    /* the session token, 1..64 bytes of printable ASCII, no space */
    const char *question; /* the question's text: valid UTF-8, 1..STORE_FORM_QUESTION_MAX */
    int position;         /* 1-based column of the question in the export */
    const char *answer;   /* valid UTF-8, 1..STORE_FORM_ANSWER_MAX characters */
} StoreFormAnswer;

typedef struct StoreFormResult {
    size_t added;     /* answers new here */
    size_t updated;   /* answers that replaced a different earlier one (or moved column) */
    size_t unchanged; /* answers already stored as they are */
    size_t unknown;   /* answers not stored: their token is no kiosk session of the event */
} StoreFormResult;

/* Is token one of the event's kiosk sessions (it has a rating or a reflection)? Sets
 * *known. Returns STORE_OK, STORE_NOT_FOUND for no such event, STORE_INVALID for a token
 * that cannot be one (empty, too long, a space or control character: *known false). */
StoreStatus store_session_known(Store *s, const char *event_id, const char *token, bool *known);

/* Stores n answers for the event in one transaction, each replacing the answer of the
 * same session and question (so importing the same export again changes nothing). An
 * answer whose token is no kiosk session of the event is counted in out->unknown and not
 * stored. dry_run: everything is worked out and counted, then rolled back: nothing is
 * written. Returns STORE_OK with out filled; STORE_INVALID (nothing written, the reason
 * in store_last_error) if an answer breaks the limits above; STORE_NOT_FOUND for no such
 * event; the status of a failed write otherwise (nothing written). */
StoreStatus store_form_answers_put(Store *s, const char *event_id, const StoreFormAnswer *a,
                                   size_t n, int64_t now_ms, bool dry_run, StoreFormResult *out);

/* One stored answer as the exports read it: the question and the answer, with the kiosk
 * ratings of the same session, but not the token. */
typedef struct StoreFormRow {
    size_t session;                   /* 0, 1, 2 ...: the session's number in this walk */
    int position;                     /* 1-based column of the question */
    const char *question;             /* owned by the walk, valid during the call */
    const char *answer;               /* owned by the walk, valid during the call */
    int ratings[EVENT_MAX_QUESTIONS]; /* the session's unflagged kiosk rating of each
                                         question (position 0..4), -1 where none */
} StoreFormRow;

/* Calls fn for each stored answer of the event, session by session (sessions in an order
 * that says nothing about time), within a session by position. fn returns non-zero to
 * stop. Returns STORE_OK, STORE_NOT_FOUND for no such event, or the status of a failed
 * read. */
StoreStatus store_each_form_answer(Store *s, const char *event_id,
                                   int (*fn)(void *ctx, const StoreFormRow *row), void *ctx);

#endif
