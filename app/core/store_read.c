/* store_read: reading everything out (exports) and the canonical dump (contract in store.h, shared
 * parts in store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- A canonical text of the records ---------------------------------------------- */

StoreStatus store_dump_canonical(Store *s, int (*fn)(void *ctx, const char *line), void *ctx)
{
    /* Events and attendees by their keys (their ids and bookkeeping are each kiosk's own);
     * every other record by its id. quote() makes each value unambiguous (a clock NULL
     * too). A listed attendee's clock is bookkeeping (when this kiosk imported the list),
     * so it is left out; a walk-in exists on the kiosk that registered them and where it
     * was merged to, with the clock of that registration. */
    static const char *const sql[] = {
        "SELECT 'event|' || quote(key) || '|' || quote(title) || '|' || quote(date) || '|' ||"
        " quote(start_time) || '|' || quote(venue) || '|' || quote(theme) || '|' ||"
        " quote(organiser) || '|' || quote(language) || '|' || quote(next_meeting) || '|' ||"
        " phases || '|' || quote(reflection_sv) || '|' || quote(reflection_en) || '|' ||"
        " reflection_max || '|' || quote(feedback_url) || '|' || thanks_seconds || '|' ||"
        " repeat_seconds || '|' || retention_days || CASE WHEN board = 1 OR topics <> ''"
        " THEN '|' || board || '|' || quote(topics) ELSE '' END FROM event ORDER BY key",
        "SELECT 'question|' || quote(e.key) || '|' || q.position || '|' || quote(q.text_sv) ||"
        " '|' || quote(q.text_en) || '|' || q.scale || '|' || quote(q.words_sv) || '|' ||"
        " quote(q.words_en) FROM question q"
        " JOIN event e ON e.id = q.event_id ORDER BY e.key, q.position",
        "SELECT 'attendee|' || quote(e.key) || '|' || quote(a.key) || '|' || quote(a.name) ||"
        " '|' || quote(a.organisation) || '|' || quote(a.role) || '|' || quote(a.email) || '|' ||"
        " quote(a.ticket) || '|' || a.source || '|' || a.consent ||"
        " CASE a.source WHEN 'walkin' THEN '|' || quote(a.clock) ELSE '' END ||"
        " CASE a.first_time WHEN 1 THEN '|new' ELSE '' END FROM attendee a"
        " JOIN event e ON e.id = a.event_id ORDER BY e.key, a.key",
        /* A person's choice at the kiosk: by event and attendee key, the later one kept. */
        "SELECT 'board_choice|' || quote(e.key) || '|' || quote(a.key) || '|' ||"
        " quote(b.interests) || '|' || b.hidden || '|' || b.updated_ms || '|' ||"
        " quote(b.device) FROM board_choice b JOIN attendee a ON a.id = b.attendee_id"
        " JOIN event e ON e.id = b.event_id ORDER BY e.key, a.key",
        "SELECT 'checkin|' || quote(c.id) || '|' || quote(e.key) || '|' || quote(a.key) || '|' ||"
        " c.at_ms || '|' || quote(c.device) || '|' || quote(c.reverses) || '|' ||"
        " quote(c.clock) FROM checkin c"
        " JOIN event e ON e.id = c.event_id JOIN attendee a ON a.id = c.attendee_id"
        " ORDER BY c.id",
        "SELECT 'rating|' || quote(r.id) || '|' || quote(e.key) || '|' || quote(r.token) || '|' ||"
        " r.question || '|' || r.value || '|' || r.at_ms || '|' || quote(r.device) || '|' ||"
        " r.flagged || '|' || quote(r.clock) FROM rating r JOIN event e ON e.id = r.event_id"
        " ORDER BY r.id",
        "SELECT 'reflection|' || quote(r.id) || '|' || quote(e.key) || '|' || quote(r.token) ||"
        " '|' || quote(r.text) || '|' || r.at_ms || '|' || quote(r.device) || '|' || r.flagged"
        " || '|' || quote(r.clock) FROM reflection r JOIN event e ON e.id = r.event_id"
        " ORDER BY r.id",
        /* By session and question, not id: two kiosks that imported the same export hold
         * the same answers under ids of their own. */
        "SELECT 'form_answer|' || quote(e.key) || '|' || quote(f.token) || '|' ||"
        " quote(f.question) || '|' || f.position || '|' || quote(f.answer) FROM form_answer f"
        " JOIN event e ON e.id = f.event_id ORDER BY e.key, f.token, f.question",
    };
    /* One read transaction: one snapshot for all tables. */
    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "dump");
    }
    StoreStatus res = STORE_OK;
    bool stop = false;
    for (size_t i = 0; res == STORE_OK && !stop && i < sizeof sql / sizeof sql[0]; i++) {
        sqlite3_stmt *st = NULL;
        rc = sqlite3_prepare_v2(s->db, sql[i], -1, &st, NULL);
        while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *line = (const char *)sqlite3_column_text(st, 0);
            if (fn(ctx, line ? line : "") != 0) {
                stop = true;
                rc = SQLITE_DONE;
                break;
            }
            rc = SQLITE_OK;
        }
        if (rc != SQLITE_DONE && rc != SQLITE_OK) {
            res = storep_fail_rc(s, rc, "dump");
        }
        sqlite3_finalize(st);
    }
    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    return res;
}

/* ---- Reading everything out (exports) ---- */

/* Each export walk is one SELECT prepared for the call: one statement is one read
 * transaction, so a walk sees one snapshot even while a kiosk writes to the same file.
 * The row is copied out of SQLite into the walk's struct before fn runs, so fn may take
 * its time (write a file) and may call other read functions of the store. Order is time,
 * then id: stable, and the same on every run of the same database. */

/* Reads the current row into the walk's own row struct and calls the caller's fn. */
typedef int (*EachVisit)(void *walk, sqlite3_stmt *st);

static StoreStatus each_walk(Store *s, const char *event_id, const char *sql, const char *what,
                             EachVisit visit, void *walk)
{
    sqlite3_stmt *st = NULL;
    StoreStatus out = storep_event_query(s, event_id, sql, what, &st);
    if (out != STORE_OK) {
        return out;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (visit(walk, st) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        out = storep_fail_rc(s, rc, what);
    }
    sqlite3_finalize(st);
    return out;
}

typedef struct EachCheckin {
    int (*fn)(void *ctx, const StoreCheckinRow *row);
    void *ctx;
    StoreCheckinRow row;
} EachCheckin;

static int each_visit_checkin(void *walk, sqlite3_stmt *st)
{
    EachCheckin *w = walk;
    StoreCheckinRow *r = &w->row;
    memset(r, 0, sizeof *r);
    storep_copy_column(r->id, sizeof r->id, st, 0);
    storep_copy_column(r->attendee_id, sizeof r->attendee_id, st, 1);
    storep_copy_column(r->name, sizeof r->name, st, 2);
    storep_copy_column(r->organisation, sizeof r->organisation, st, 3);
    r->walk_in = storep_column_is(st, 4, "walkin");
    r->at_ms = sqlite3_column_int64(st, 5);
    storep_copy_column(r->device, sizeof r->device, st, 6);
    storep_copy_column(r->reverses, sizeof r->reverses, st, 7); /* NULL reads as "" */
    r->clock = storep_column_clock(st, 8);
    return w->fn(w->ctx, r);
}

StoreStatus store_each_checkin(Store *s, const char *event_id,
                               int (*fn)(void *ctx, const StoreCheckinRow *row), void *ctx)
{
    /* LEFT JOIN: a check-in is listed even should its attendee row be gone. */
    static const char sql[] =
        "SELECT c.id, c.attendee_id, a.name, a.organisation, a.source, c.at_ms, c.device,"
        " c.reverses, c.clock FROM checkin c LEFT JOIN attendee a ON a.id = c.attendee_id"
        " WHERE c.event_id = ?1 ORDER BY c.at_ms, c.id";
    EachCheckin w = {.fn = fn, .ctx = ctx};
    return each_walk(s, event_id, sql, "export: check-ins", each_visit_checkin, &w);
}

/* The attendee's active check-in (the latest, should a merge not have cleaned up yet: the
 * one ACTIVE_CHECKIN_MS gives the time of), joined as `c` for its time and clock: one
 * lookup per attendee for both. */
#define ACTIVE_CHECKIN_JOIN                                                                        \
    " LEFT JOIN checkin c ON c.id = (SELECT k.id FROM checkin k WHERE k.attendee_id = a.id"        \
    " AND k.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = k.id)"     \
    " ORDER BY k.at_ms DESC, k.id DESC LIMIT 1)"

/* Columns read into a StoreAttendeeRow, in this order (see each_visit_attendee), from
 * attendee a ACTIVE_CHECKIN_JOIN BOARD_JOIN. A person's topics are read only when they
 * consented: no export can carry them with a name otherwise. */
#define BOARD_JOIN " LEFT JOIN board_choice b ON b.attendee_id = a.id"
#define EACH_ATTENDEE_COLUMNS                                                                      \
    "a.id, a.name, a.organisation, a.role, a.email, a.ticket, a.source, a.consent, c.at_ms,"       \
    " a.device, a.clock, c.clock, a.first_time, coalesce(b.hidden, 0),"                            \
    " CASE a.consent WHEN 1 THEN coalesce(b.interests, '') ELSE '' END"

typedef struct EachAttendee {
    int (*fn)(void *ctx, const StoreAttendeeRow *row);
    void *ctx;
    StoreAttendeeRow row;
} EachAttendee;

static int each_visit_attendee(void *walk, sqlite3_stmt *st)
{
    EachAttendee *w = walk;
    StoreAttendeeRow *r = &w->row;
    memset(r, 0, sizeof *r);
    storep_copy_column(r->id, sizeof r->id, st, 0);
    storep_copy_column(r->name, sizeof r->name, st, 1);
    storep_copy_column(r->organisation, sizeof r->organisation, st, 2);
    storep_copy_column(r->role, sizeof r->role, st, 3);
    storep_copy_column(r->email, sizeof r->email, st, 4);
    storep_copy_column(r->ticket, sizeof r->ticket, st, 5);
    r->walk_in = storep_column_is(st, 6, "walkin");
    r->consent = sqlite3_column_int(st, 7) != 0;
    r->checked_in_ms = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
    storep_copy_column(r->device, sizeof r->device, st, 9);
    r->clock = storep_column_clock(st, 10);
    r->checked_in_clock = r->checked_in_ms ? storep_column_clock(st, 11) : STORE_CLOCK_UNKNOWN;
    r->first_time = sqlite3_column_int(st, 12) != 0;
    r->board_hidden = sqlite3_column_int(st, 13) != 0;
    storep_copy_column(r->interests, sizeof r->interests, st, 14);
    return w->fn(w->ctx, r);
}

StoreStatus store_each_attendee_row(Store *s, const char *event_id,
                                    int (*fn)(void *ctx, const StoreAttendeeRow *row), void *ctx)
{
    /* An attendee's time is when the row was first written (import or walk-in). */
    static const char sql[] =
        "SELECT " EACH_ATTENDEE_COLUMNS " FROM attendee a" ACTIVE_CHECKIN_JOIN BOARD_JOIN
        " WHERE a.event_id = ?1 ORDER BY a.created_ms, a.id";
    EachAttendee w = {.fn = fn, .ctx = ctx};
    return each_walk(s, event_id, sql, "export: attendees", each_visit_attendee, &w);
}

typedef struct EachRating {
    int (*fn)(void *ctx, const StoreRatingRow *row);
    void *ctx;
    StoreRatingRow row;
} EachRating;

static int each_visit_rating(void *walk, sqlite3_stmt *st)
{
    EachRating *w = walk;
    StoreRatingRow *r = &w->row;
    memset(r, 0, sizeof *r);
    storep_copy_column(r->id, sizeof r->id, st, 0);
    storep_copy_column(r->token, sizeof r->token, st, 1);
    r->question = sqlite3_column_int(st, 2);
    r->value = sqlite3_column_int(st, 3);
    r->at_ms = sqlite3_column_int64(st, 4);
    storep_copy_column(r->device, sizeof r->device, st, 5);
    r->flagged = sqlite3_column_int(st, 6) != 0;
    r->clock = storep_column_clock(st, 7);
    return w->fn(w->ctx, r);
}

StoreStatus store_each_rating(Store *s, const char *event_id,
                              int (*fn)(void *ctx, const StoreRatingRow *row), void *ctx)
{
    static const char sql[] = "SELECT id, token, question, value, at_ms, device, flagged, clock"
                              " FROM rating WHERE event_id = ?1 ORDER BY at_ms, id";
    EachRating w = {.fn = fn, .ctx = ctx};
    return each_walk(s, event_id, sql, "export: ratings", each_visit_rating, &w);
}

typedef struct EachReflection {
    int (*fn)(void *ctx, const StoreReflectionRow *row);
    void *ctx;
    StoreReflectionRow row;
} EachReflection;

static int each_visit_reflection(void *walk, sqlite3_stmt *st)
{
    EachReflection *w = walk;
    StoreReflectionRow *r = &w->row;
    memset(r, 0, sizeof *r);
    storep_copy_column(r->id, sizeof r->id, st, 0);
    storep_copy_column(r->token, sizeof r->token, st, 1);
    storep_copy_column(r->text, sizeof r->text, st, 2);
    r->at_ms = sqlite3_column_int64(st, 3);
    storep_copy_column(r->device, sizeof r->device, st, 4);
    r->flagged = sqlite3_column_int(st, 5) != 0;
    r->clock = storep_column_clock(st, 6);
    return w->fn(w->ctx, r);
}

StoreStatus store_each_reflection(Store *s, const char *event_id,
                                  int (*fn)(void *ctx, const StoreReflectionRow *row), void *ctx)
{
    static const char sql[] = "SELECT id, token, text, at_ms, device, flagged, clock"
                              " FROM reflection WHERE event_id = ?1 ORDER BY at_ms, id";
    EachReflection w = {.fn = fn, .ctx = ctx};
    return each_walk(s, event_id, sql, "export: reflections", each_visit_reflection, &w);
}
