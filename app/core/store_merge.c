/* store_merge: another kiosk's records taken in, how each kind is matched and what a
 * merge derives (shared parts in store_merge_private.h): for a file (store_merge_file.c)
 * and for live messages (store_sync.c, through storep_live_* below) alike. */
#include "core/store_merge_private.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h> /* crypto_generichash: the ids a merge derives */

#include "core/text.h"

/* ---- Merging another kiosk's database ---------------------------------------------- */

/* Derived ids. Where a merge must write a record itself (the reversal of a later double
 * check-in), every kiosk must come to the same id, or merging in another order would add
 * the "same" reversal twice. Such an id is a UUIDv7 for the record's time whose 74 random
 * bits are taken from BLAKE2b-256 (libsodium's crypto_generichash) of a purpose prefix and
 * the id of the record it stands for:
 *   reversal of check-in X:  UUIDv7(X.at_ms, BLAKE2b("merge-reversal:" + X.id))
 *   an event or attendee whose id is taken here by another record (never seen, as ids are
 *   random, but a file can be edited): UUIDv7(created_ms, BLAKE2b("merge-event:" + id))
 *   or "merge-attendee:" + id. */
#define MERGE_REVERSAL_PURPOSE "merge-reversal:"

typedef struct HashBytes {
    unsigned char b[crypto_generichash_BYTES]; /* 32 */
    size_t used;
} HashBytes;

/* A RandomFn that hands out the hash, for ids_uuid7. */
static int hash_bytes(void *ctx, void *buf, size_t n)
{
    HashBytes *h = ctx;
    if (n > sizeof h->b - h->used) {
        return -1;
    }
    memcpy(buf, h->b + h->used, n);
    h->used += n;
    return 0;
}

static void derived_id(char out[IDS_UUID_LEN + 1], const char *purpose, const char *id,
                       int64_t at_ms)
{
    unsigned char msg[64 + IDS_UUID_LEN];
    size_t a = strlen(purpose), b = strnlen(id, IDS_UUID_LEN);
    memcpy(msg, purpose, a);
    memcpy(msg + a, id, b);
    HashBytes h = {.used = 0};
    crypto_generichash(h.b, sizeof h.b, msg, a + b, NULL, 0);
    ids_uuid7(out, at_ms, hash_bytes, &h); /* cannot fail: 10 of 32 bytes */
}

const char *const storep_merge_sql[MQ_COUNT] = {
    /* Columns from 2 on as in other_event_sql, for merge_differs. */
    [MQ_EVENT_FIND] = "SELECT id, purged_ms IS NOT NULL, title, date, start_time, venue, theme,"
                      " organiser, language, next_meeting, phases, reflection_sv, reflection_en,"
                      " reflection_max, feedback_url, thanks_seconds, repeat_seconds,"
                      " retention_days FROM event WHERE key = ?1",
    [MQ_EVENT_ID_USED] = "SELECT 1 FROM event WHERE id = ?1",
    [MQ_EVENT_INSERT] =
        "INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,"
        " next_meeting, phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
        " thanks_seconds, repeat_seconds, retention_days, created_ms, updated_ms, device,"
        " walkin_email, board, topics)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?22, ?23, ?24)",
    [MQ_QUESTION_INSERT] = "INSERT INTO question(event_id, position, text_sv, text_en, scale,"
                           " words_sv, words_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [MQ_ATTENDEE_FIND] = "SELECT id, name, organisation, role, email, ticket, consent FROM attendee"
                         " WHERE event_id = ?1 AND key = ?2",
    [MQ_ATTENDEE_ID_USED] = "SELECT 1 FROM attendee WHERE id = ?1",
    [MQ_ATTENDEE_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role,"
                           " email, ticket, source, consent, created_ms, updated_ms, device,"
                           " clock, first_time) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
                           " ?11, ?12, ?13, ?14, ?15)",
    /* Records are matched by id: one already here is left as it is. Any other constraint
     * failure is an error, never a row silently dropped. */
    [MQ_CHECKIN_INSERT] = REVERSAL_INSERT " ON CONFLICT(id) DO NOTHING",
    [MQ_RATING_INSERT] = "INSERT INTO rating(id, event_id, token, question, value, at_ms, device,"
                         " flagged, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                         " ON CONFLICT(id) DO NOTHING",
    [MQ_REFLECTION_INSERT] = "INSERT INTO reflection(id, event_id, token, text, at_ms, device,"
                             " flagged, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                             " ON CONFLICT(id) DO NOTHING",
    /* The first attendee from id ?1 on (in id order) with more than one active check-in.
     * Walking checkin_attendee from there, each call reads only the rows up to the next
     * such attendee, so finding them all reads the table about once. */
    [MQ_DOUBLE] = "SELECT c.attendee_id FROM checkin c WHERE c.attendee_id >= ?1"
                  " AND c.reverses IS NULL"
                  " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id)"
                  " GROUP BY c.attendee_id HAVING count(*) > 1 ORDER BY c.attendee_id LIMIT 1",
    [MQ_ACTIVE] = ACTIVE_CHECKINS_OF_ATTENDEE " LIMIT 2",
    [MQ_NAME] = "SELECT a.name, a.organisation, e.key FROM attendee a"
                " JOIN event e ON e.id = a.event_id WHERE a.id = ?1",
    /* A person's choice at the kiosk: the later one (then the greater device) is kept. */
    [MQ_CHOICE_UPSERT] =
        "INSERT INTO board_choice(attendee_id, event_id, interests, hidden, updated_ms, device)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(attendee_id) DO UPDATE SET"
        " interests = excluded.interests, hidden = excluded.hidden,"
        " updated_ms = excluded.updated_ms, device = excluded.device"
        " WHERE excluded.updated_ms > board_choice.updated_ms OR"
        " (excluded.updated_ms = board_choice.updated_ms AND excluded.device > "
        "board_choice.device)",
};

#define MERGE_TEXT_MAX 4096 /* bytes of any one text value taken from another file */

/* Adds a line for note(). Out of memory is remembered and fails the merge. */
void storep_merge_note(Merge *m, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    storep_vformat(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t n = strlen(line);
    if (m->notes_len + n + 2 > m->notes_cap) {
        size_t cap = (m->notes_cap ? m->notes_cap * 2 : 4096) + n + 2;
        char *p = realloc(m->notes, cap);
        if (!p) {
            m->out_of_memory = true;
            return;
        }
        m->notes = p;
        m->notes_cap = cap;
    }
    memcpy(m->notes + m->notes_len, line, n);
    m->notes_len += n;
    m->notes[m->notes_len++] = '\n';
    m->notes[m->notes_len] = '\0';
}

/* A text value of another file the kiosk can show: valid UTF-8 without control
 * characters, not too long. */
static bool other_text_ok(sqlite3_stmt *src, int col)
{
    if (sqlite3_column_type(src, col) != SQLITE_TEXT) {
        return false;
    }
    const char *t = (const char *)sqlite3_column_text(src, col);
    int n = sqlite3_column_bytes(src, col);
    if (!t || n < 0 || n >= MERGE_TEXT_MAX) {
        return false;
    }
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c == 0x7F) {
            return false;
        }
    }
    return text_valid_utf8(t, (size_t)n);
}

/* Binds columns col, col+1, ... of src (the other file) to parameters first, first+1, ...
 * of dst, one per character of kinds: 't' text (other_text_ok), 'n' the same or NULL,
 * 'i' an integer, 'c' a clock (NULL, or an integer StoreClock: copied as it is). Returns
 * false when a value is not of its kind: the file was not written by mingel, and nothing
 * of it is taken in. */
static bool bind_other(sqlite3_stmt *dst, int first, sqlite3_stmt *src, int col, const char *kinds)
{
    for (int i = 0; kinds[i]; i++) {
        int c = col + i, p = first + i, type = sqlite3_column_type(src, c);
        if (kinds[i] == 'c') {
            if (type == SQLITE_NULL) {
                sqlite3_bind_null(dst, p);
                continue;
            }
            int64_t v = sqlite3_column_int64(src, c);
            if (type != SQLITE_INTEGER || v < STORE_CLOCK_UNTRUSTED || v > STORE_CLOCK_SET) {
                return false;
            }
            sqlite3_bind_int64(dst, p, v);
        } else if (kinds[i] == 'i') {
            if (type != SQLITE_INTEGER) {
                return false;
            }
            sqlite3_bind_int64(dst, p, sqlite3_column_int64(src, c));
        } else if (kinds[i] == 'n' && type == SQLITE_NULL) {
            sqlite3_bind_null(dst, p);
        } else {
            if (!other_text_ok(src, c)) {
                return false;
            }
            sqlite3_bind_text(dst, p, (const char *)sqlite3_column_text(src, c),
                              sqlite3_column_bytes(src, c), SQLITE_TRANSIENT);
        }
    }
    return true;
}

/* Copies an id column of the other file into out; false if it is not one. */
static bool other_id(sqlite3_stmt *src, int col, char out[IDS_UUID_LEN + 1])
{
    if (!other_text_ok(src, col) || sqlite3_column_bytes(src, col) > IDS_UUID_LEN) {
        return false;
    }
    storep_copy_column(out, IDS_UUID_LEN + 1, src, col);
    return out[0] != '\0';
}

static StoreStatus merge_bad_row(Merge *m, const char *table)
{
    storep_set_err(m->s,
                   "%s: a row of its %s table is not as mingel writes it (wrong type, text that "
                   "cannot be shown, or a broken link); nothing was merged",
                   m->path, table);
    return STORE_CORRUPT;
}

/* Steps a statement of this database bound by the caller, for one row or none: *found
 * says which. Returns an SQLite code, SQLITE_ROW or SQLITE_DONE on success; the caller
 * reads the row and calls storep_done(). */
static int step_one(sqlite3_stmt *st, bool *found)
{
    int rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    return rc;
}

/* Is id free in this database (stmt: MQ_*_ID_USED)? */
static StoreStatus id_free(Merge *m, int stmt, const char *id, bool *is_free)
{
    sqlite3_stmt *st = m->q[stmt];
    storep_bind_text(st, 1, id);
    bool used = false;
    int rc = step_one(st, &used);
    storep_done(st);
    *is_free = !used;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(m->s, rc, "merge: id");
}

static MergeEvent *merge_event_of(Merge *m, const char *other_event_id)
{
    for (size_t i = 0; i < m->nevents; i++) {
        if (strcmp(m->events[i].other_id, other_event_id) == 0) {
            return &m->events[i];
        }
    }
    return NULL;
}

/* Same type and value in column ca of a and column cb of b. */
static bool same_value(sqlite3_stmt *a, int ca, sqlite3_stmt *b, int cb)
{
    int type = sqlite3_column_type(a, ca);
    if (type != sqlite3_column_type(b, cb)) {
        return false;
    }
    if (type == SQLITE_INTEGER) {
        return sqlite3_column_int64(a, ca) == sqlite3_column_int64(b, cb);
    }
    const unsigned char *x = sqlite3_column_text(a, ca), *y = sqlite3_column_text(b, cb);
    int nx = sqlite3_column_bytes(a, ca), ny = sqlite3_column_bytes(b, cb);
    return nx == ny && (nx == 0 || (x && y && memcmp(x, y, (size_t)nx) == 0));
}

/* Names (into out) the details that differ between this database's row (columns lc[i])
 * and the other's (columns oc[i]), for i < n; returns how many do. */
static int merge_differs(sqlite3_stmt *local, const int *lc, sqlite3_stmt *o, const int *oc,
                         const char *const *names, int n, char *out, size_t cap)
{
    int k = 0;
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (same_value(local, lc[i], o, oc[i])) {
            continue;
        }
        int w = snprintf(out + used, cap - used, "%s%s", k ? ", " : "", names[i]);
        used += w > 0 && (size_t)w < cap - used ? (size_t)w : 0;
        k++;
    }
    return k;
}

/* The details of an event compared by a merge: columns 2.. of MQ_EVENT_FIND and of
 * other_event_sql, as far as the other file's schema has them (the rest are defaults,
 * not the other kiosk's choice). */
static const char *const merge_event_fields[] = {
    "title",        "date",           "start",          "venue",
    "theme",        "organiser",      "language",       "next_meeting",
    "phases",       "reflection sv",  "reflection en",  "max_length",
    "feedback_url", "thanks_seconds", "repeat_seconds", "retention_days",
};
static const int merge_event_fields_in[] = {
    [1] = 8,  /* schema 1: title .. next_meeting */
    [2] = 15, /* schema 2: .. repeat_seconds */
    [3] = 16, /* schema 3: .. retention_days; later steps added no event detail */
    [4] = 16, [5] = 16,  [6] = 16,  [7] = 16,  [8] = 16,
    [9] = 16, [10] = 16, [11] = 16, [12] = 16, /* walkin_email, board, topics: copied, not compared
                                                */
};

_Static_assert(sizeof merge_event_fields_in / sizeof merge_event_fields_in[0] ==
                   STORE_SCHEMA_VERSION + 1,
               "a new schema version needs its row in merge_event_fields_in (store_merge)");

/* Inside the transaction: a new event here, with its questions. */
static StoreStatus merge_new_event(Merge *m, sqlite3_stmt *o, MergeEvent *e)
{
    bool is_free = false;
    StoreStatus st = id_free(m, MQ_EVENT_ID_USED, e->other_id, &is_free);
    if (st != STORE_OK) {
        return st;
    }
    if (is_free) {
        memcpy(e->local_id, e->other_id, sizeof e->local_id);
    } else {
        derived_id(e->local_id, "merge-event:", e->other_id, sqlite3_column_int64(o, 18));
    }
    sqlite3_stmt *ins = m->q[MQ_EVENT_INSERT];
    storep_bind_text(ins, 1, e->local_id);
    /* key .. next_meeting (9 texts), phases, reflection_sv/en, reflection_max,
     * feedback_url, thanks, repeat, retention, created, updated, device, walkin_email,
     * board, topics; walkin_email one of the names the schema's CHECK allows. */
    const char *we = (const char *)sqlite3_column_text(o, 21);
    bool we_ok = false;
    for (int w = 0; we && w < EVENT_WALKIN_EMAIL_COUNT; w++) {
        we_ok = we_ok || strcmp(we, EVENT_WALKIN_EMAIL_NAMES[w]) == 0;
    }
    if (!we_ok || !bind_other(ins, 2, o, 1, "tttttttttittitiiiiittit")) {
        storep_done(ins);
        return merge_bad_row(m, "event");
    }
    int rc = storep_run(ins);
    if (rc != SQLITE_DONE) {
        return storep_fail_rc(m->s, rc, "merge: event");
    }
    m->rep.events++;
    sqlite3_stmt *oq = m->oq[OQ_QUESTIONS];
    if (!oq) {
        return STORE_OK;
    }
    storep_bind_text(oq, 1, e->other_id);
    while ((rc = sqlite3_step(oq)) == SQLITE_ROW) {
        sqlite3_stmt *qi = m->q[MQ_QUESTION_INSERT];
        storep_bind_text(qi, 1, e->local_id);
        if (!bind_other(qi, 2, oq, 0, "ittttt")) {
            storep_done(qi);
            storep_done(oq);
            return merge_bad_row(m, "question");
        }
        int wrc = storep_run(qi);
        if (wrc != SQLITE_DONE) {
            storep_done(oq);
            return storep_fail_rc(m->s, wrc, "merge: question");
        }
    }
    storep_done(oq);
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(m->s, rc, "merge: read questions");
}

/* Events are matched by key: a known one keeps this database's details (a difference is a
 * conflict, noted), an unknown one is created here with its questions. */
StoreStatus storep_merge_events(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_EVENTS];
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        if (m->nevents == m->events_cap) {
            size_t cap = m->events_cap ? m->events_cap * 2 : 8;
            MergeEvent *p = realloc(m->events, cap * sizeof *p);
            if (!p) {
                storep_set_err(m->s, "merge: out of memory");
                st = STORE_IO;
                break;
            }
            m->events = p;
            m->events_cap = cap;
        }
        MergeEvent *e = &m->events[m->nevents];
        memset(e, 0, sizeof *e);
        if (!other_id(o, 0, e->other_id) || !other_text_ok(o, 1) ||
            sqlite3_column_bytes(o, 1) >= EVENT_KEY_MAX || !other_text_ok(o, 2) ||
            !other_text_ok(o, 3)) {
            st = merge_bad_row(m, "event");
            break;
        }
        storep_copy_column(e->key, sizeof e->key, o, 1);
        sqlite3_stmt *find = m->q[MQ_EVENT_FIND];
        storep_bind_text(find, 1, e->key);
        bool found = false;
        rc = step_one(find, &found);
        if (found) {
            storep_copy_column(e->local_id, sizeof e->local_id, find, 0);
            e->purged = sqlite3_column_int(find, 1) != 0;
            static const int cols[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
            char which[256];
            if (merge_differs(find, cols, o, cols, merge_event_fields,
                              merge_event_fields_in[m->version], which, sizeof which) > 0) {
                storep_merge_note(m,
                                  "conflict: event %s has another %s in %s; this database's kept",
                                  e->key, which, m->path);
                m->rep.conflicts++;
            }
        }
        storep_done(find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: find event");
        } else if (!found) {
            st = merge_new_event(m, o, e);
        }
        m->nevents += st == STORE_OK;
    }
    storep_done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st
                                               : storep_fail_rc(m->s, rc, "merge: read events");
}

/* Attendees are matched by (event key, attendee key). A known one keeps this database's
 * details; any difference (name, organisation, role, email, ticket, consent) is a
 * conflict, noted. */
StoreStatus storep_merge_attendees(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_ATTENDEES];
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        char id[IDS_UUID_LEN + 1], ev[IDS_UUID_LEN + 1];
        MergeEvent *e = NULL;
        if (!other_id(o, 0, id) || !other_id(o, 1, ev) || !(e = merge_event_of(m, ev)) ||
            !other_text_ok(o, 2) || !other_text_ok(o, 3) || !other_text_ok(o, 4)) {
            st = merge_bad_row(m, "attendee");
            break;
        }
        if (e->purged) {
            e->skipped++;
            continue;
        }
        sqlite3_stmt *find = m->q[MQ_ATTENDEE_FIND];
        storep_bind_text(find, 1, e->local_id);
        sqlite3_bind_text(find, 2, (const char *)sqlite3_column_text(o, 2), -1, SQLITE_TRANSIENT);
        bool found = false;
        rc = step_one(find, &found);
        static const int lc[] = {1, 2, 3, 4, 5, 6}, oc[] = {3, 4, 5, 6, 7, 9};
        static const char *const names[] = {"name",  "organisation", "role",
                                            "email", "ticket",       "consent"};
        char which[128];
        if (found && merge_differs(find, lc, o, oc, names, 6, which, sizeof which) > 0) {
            char name[ROSTER_FIELD_MAX], org[ROSTER_FIELD_MAX];
            storep_copy_column(name, sizeof name, find, 1);
            storep_copy_column(org, sizeof org, find, 2);
            storep_merge_note(
                m,
                "conflict: attendee %s of event %s is \"%s\" (%s) here and \"%s\" (%s) "
                "in %s (differing: %s); this database's kept",
                (const char *)sqlite3_column_text(o, 2), e->key, name, org,
                (const char *)sqlite3_column_text(o, 3), (const char *)sqlite3_column_text(o, 4),
                m->path, which);
            m->rep.conflicts++;
        }
        storep_done(find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: find attendee");
            break;
        }
        if (found) {
            continue;
        }
        /* New here: it keeps its id (random, so unique), which a walk-in's key names. */
        char local[IDS_UUID_LEN + 1];
        bool is_free = false;
        st = id_free(m, MQ_ATTENDEE_ID_USED, id, &is_free);
        if (st != STORE_OK) {
            break;
        }
        if (is_free) {
            memcpy(local, id, sizeof local);
        } else {
            derived_id(local, "merge-attendee:", id, sqlite3_column_int64(o, 10));
        }
        sqlite3_stmt *ins = m->q[MQ_ATTENDEE_INSERT];
        storep_bind_text(ins, 1, local);
        storep_bind_text(ins, 2, e->local_id);
        /* key, name, organisation, role, email, ticket, source, consent, created, updated,
         * device, clock, first_time */
        if (!bind_other(ins, 3, o, 2, "tttttttiiitci")) {
            storep_done(ins);
            st = merge_bad_row(m, "attendee");
            break;
        }
        rc = storep_run(ins);
        if (rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: attendee");
            break;
        }
        m->rep.attendees++;
    }
    storep_done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st
                                               : storep_fail_rc(m->s, rc, "merge: read attendees");
}

/* The attendee a row of the other file is about: its event's id in column col and the
 * attendee's key in column col + 1, both mapped to this database. STORE_OK with *out and
 * attendee set; STORE_OK with *out NULL for a row of an event purged here (counted as
 * skipped); else the failure, what naming the table of a bad row. */
static StoreStatus row_attendee(Merge *m, sqlite3_stmt *o, int col, const char *what,
                                MergeEvent **out, char attendee[IDS_UUID_LEN + 1])
{
    char ev[IDS_UUID_LEN + 1];
    MergeEvent *e = NULL;
    *out = NULL;
    if (!other_id(o, col, ev) || !(e = merge_event_of(m, ev)) || !other_text_ok(o, col + 1)) {
        return merge_bad_row(m, what);
    }
    if (e->purged) {
        e->skipped++;
        return STORE_OK;
    }
    sqlite3_stmt *find = m->q[MQ_ATTENDEE_FIND];
    storep_bind_text(find, 1, e->local_id);
    sqlite3_bind_text(find, 2, (const char *)sqlite3_column_text(o, col + 1), -1, SQLITE_TRANSIENT);
    bool found = false;
    int rc = step_one(find, &found);
    if (found) {
        storep_copy_column(attendee, IDS_UUID_LEN + 1, find, 0);
    }
    storep_done(find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return storep_fail_rc(m->s, rc, "merge: find attendee");
    }
    if (!found) { /* merge_attendees took every attendee of the event in */
        return merge_bad_row(m, what);
    }
    *out = e;
    return STORE_OK;
}

/* Check-ins and reversals by id, pointed at this database's event and attendee. */
StoreStatus storep_merge_checkins(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_CHECKINS];
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        char attendee[IDS_UUID_LEN + 1] = "";
        MergeEvent *e = NULL;
        st = row_attendee(m, o, 1, "checkin", &e, attendee);
        if (st != STORE_OK) {
            break;
        }
        if (!e) {
            continue;
        }
        sqlite3_stmt *ins = m->q[MQ_CHECKIN_INSERT];
        storep_bind_text(ins, 2, e->local_id);
        storep_bind_text(ins, 3, attendee);
        /* at_ms, device, reverses, clock */
        if (!bind_other(ins, 1, o, 0, "t") || !bind_other(ins, 4, o, 3, "itnc")) {
            storep_done(ins);
            st = merge_bad_row(m, "checkin");
            break;
        }
        rc = storep_run(ins);
        if (rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: check-in");
            break;
        }
        m->rep.checkins += (size_t)sqlite3_changes(m->s->db);
    }
    storep_done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st
                                               : storep_fail_rc(m->s, rc, "merge: read check-ins");
}

/* Ratings or reflections (which) by id; they are anonymous, so they are taken in for a
 * purged event too. kinds: the columns from token on. */
StoreStatus storep_merge_feedback(Merge *m, int which, int insert, const char *kinds,
                                  const char *table, size_t *count)
{
    sqlite3_stmt *o = m->oq[which];
    if (!o) {
        return STORE_OK; /* an older file without feedback */
    }
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        char ev[IDS_UUID_LEN + 1];
        MergeEvent *e = NULL;
        sqlite3_stmt *ins = m->q[insert];
        if (!other_id(o, 1, ev) || !(e = merge_event_of(m, ev)) || !bind_other(ins, 1, o, 0, "t") ||
            !bind_other(ins, 3, o, 2, kinds)) {
            storep_done(ins);
            st = merge_bad_row(m, table);
            break;
        }
        storep_bind_text(ins, 2, e->local_id);
        rc = storep_run(ins);
        if (rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: feedback");
            break;
        }
        *count += (size_t)sqlite3_changes(m->s->db);
    }
    storep_done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st
                                               : storep_fail_rc(m->s, rc, "merge: read feedback");
}

/* The people's choices at the kiosk (topics, off the board), matched by (event key,
 * attendee key) as attendees are; of two, the later is kept (then the greater device), so
 * the order of merges does not matter. A purged event takes none in. */
StoreStatus storep_merge_choices(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_CHOICES];
    if (!o) {
        return STORE_OK; /* an older file: nobody chose anything */
    }
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        char attendee[IDS_UUID_LEN + 1] = "";
        MergeEvent *e = NULL;
        st = row_attendee(m, o, 0, "board_choice", &e, attendee);
        if (st != STORE_OK) {
            break;
        }
        if (!e) {
            continue;
        }
        sqlite3_stmt *ins = m->q[MQ_CHOICE_UPSERT];
        storep_bind_text(ins, 1, attendee);
        storep_bind_text(ins, 2, e->local_id);
        /* interests, hidden, updated_ms, device */
        if (!bind_other(ins, 3, o, 2, "tiit")) {
            storep_done(ins);
            st = merge_bad_row(m, "board_choice");
            break;
        }
        rc = storep_run(ins);
        if (rc != SQLITE_DONE) {
            st = storep_fail_rc(m->s, rc, "merge: board choice");
            break;
        }
        m->rep.choices += (size_t)sqlite3_changes(m->s->db);
    }
    storep_done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st
                                               : storep_fail_rc(m->s, rc, "merge: read choices");
}

/* Local time of day of t (Unix ms) as HH:MM:SS, for notes. */
static void clock_text(int64_t t, char out[16])
{
    time_t sec = (time_t)storep_floor_to(t, 1000) / 1000;
    struct tm tm;
    if (!localtime_r(&sec, &tm) || strftime(out, 16, "%H:%M:%S", &tm) == 0) {
        snprintf(out, 16, "?");
    }
}

/* Inside the transaction, once everything is in: an attendee with more than one active
 * check-in (checked in on several kiosks) keeps the earliest (time, then id); each later
 * one gets a reversal with a derived id, its time, its device and its clock, so that every
 * kiosk, merging in any order, writes the same reversal. Each query runs again after a
 * write, so none reads rows it is changing. */
StoreStatus storep_merge_doubles(Merge *m)
{
    char attendee[IDS_UUID_LEN + 1] = "", last[IDS_UUID_LEN + 1] = "";
    for (;;) {
        /* Attendees before the last one seen have one active check-in at most now. */
        storep_bind_text(m->q[MQ_DOUBLE], 1, last);
        bool found = false;
        int rc = step_one(m->q[MQ_DOUBLE], &found);
        if (found) {
            storep_copy_column(attendee, sizeof attendee, m->q[MQ_DOUBLE], 0);
        }
        storep_done(m->q[MQ_DOUBLE]);
        if (!found) {
            return rc == SQLITE_DONE ? STORE_OK
                                     : storep_fail_rc(m->s, rc, "merge: double check-ins");
        }
        if (strcmp(attendee, last) != 0) {
            m->rep.double_checkins++;
            memcpy(last, attendee, sizeof last);
        }
        /* The earliest and the next one. */
        sqlite3_stmt *act = m->q[MQ_ACTIVE];
        storep_bind_text(act, 1, attendee);
        char kept_device[IDS_UUID_LEN + 1] = "", undo_id[IDS_UUID_LEN + 1] = "";
        char ev[IDS_UUID_LEN + 1] = "", device[IDS_UUID_LEN + 1] = "";
        int64_t kept_at = 0, at = 0;
        StoreClock clock = STORE_CLOCK_UNKNOWN;
        int rows = 0;
        while ((rc = sqlite3_step(act)) == SQLITE_ROW) {
            if (rows++ == 0) {
                kept_at = sqlite3_column_int64(act, 2);
                storep_copy_column(kept_device, sizeof kept_device, act, 3);
            } else {
                storep_copy_column(undo_id, sizeof undo_id, act, 0);
                storep_copy_column(ev, sizeof ev, act, 1);
                at = sqlite3_column_int64(act, 2);
                storep_copy_column(device, sizeof device, act, 3);
                clock = storep_column_clock(act, 4);
            }
        }
        storep_done(act);
        if (rc != SQLITE_DONE || rows != 2) {
            return rc != SQLITE_DONE ? storep_fail_rc(m->s, rc, "merge: active check-ins")
                                     : merge_bad_row(m, "checkin");
        }
        char rid[IDS_UUID_LEN + 1];
        derived_id(rid, MERGE_REVERSAL_PURPOSE, undo_id, at);
        sqlite3_stmt *ins = m->q[MQ_CHECKIN_INSERT];
        const char *vals[] = {rid, ev, attendee};
        for (int i = 0; i < 3; i++) {
            storep_bind_text(ins, i + 1, vals[i]);
        }
        sqlite3_bind_int64(ins, 4, at);
        storep_bind_text(ins, 5, device);
        storep_bind_text(ins, 6, undo_id);
        storep_bind_clock(ins, 7, clock);
        rc = storep_run(ins);
        if (rc != SQLITE_DONE) {
            return storep_fail_rc(m->s, rc, "merge: reversal");
        }
        if (sqlite3_changes(m->s->db) != 1) {
            /* Its id is taken by another record: the loop would never end. */
            storep_set_err(m->s, "merge: the reversal id %s is taken; nothing was merged", rid);
            return STORE_CORRUPT;
        }
        sqlite3_stmt *nm = m->q[MQ_NAME];
        storep_bind_text(nm, 1, attendee);
        char name[ROSTER_FIELD_MAX] = "", org[ROSTER_FIELD_MAX] = "", key[EVENT_KEY_MAX] = "";
        if (sqlite3_step(nm) == SQLITE_ROW) {
            storep_copy_column(name, sizeof name, nm, 0);
            storep_copy_column(org, sizeof org, nm, 1);
            storep_copy_column(key, sizeof key, nm, 2);
        }
        storep_done(nm);
        char kept_clock[16], at_clock[16];
        clock_text(kept_at, kept_clock);
        clock_text(at, at_clock);
        storep_merge_note(
            m,
            "double check-in: %s%s%s%s of event %s checked in at %s on kiosk %s and at %s "
            "on kiosk %s; the earlier one is kept, the later one undone",
            name, org[0] ? " (" : "", org, org[0] ? ")" : "", key, kept_clock, kept_device,
            at_clock, device);
    }
}

/* ---- Records of other kiosks, live (store_private.h; used by store_sync.c) ----------- */

/* A live message is read through the very functions that read another file: its rows
 * are handed to them as one-row statements ("SELECT ?1, ?2, ...") standing in for the
 * other file's queries, so every value meets the same checks and every record the same
 * matching as in `mingel merge`, and live sharing and a merge afterwards agree. */

const int storep_row_cols[STOREP_ROW_KINDS] = {
    [STOREP_ROW_ATTENDEE] = 14,
    [STOREP_ROW_CHECKIN] = 7,
    [STOREP_ROW_RATING] = 9,
    [STOREP_ROW_REFLECTION] = 8,
};

static const int live_oq[STOREP_ROW_KINDS] = {
    [STOREP_ROW_ATTENDEE] = OQ_ATTENDEES,
    [STOREP_ROW_CHECKIN] = OQ_CHECKINS,
    [STOREP_ROW_RATING] = OQ_RATINGS,
    [STOREP_ROW_REFLECTION] = OQ_REFLECTIONS,
};

struct StorepLive {
    Merge m;
    sqlite3_stmt *row[STOREP_ROW_KINDS]; /* "SELECT ?1, ..., ?n" */
    MergeEvent event;                    /* the message's event (m.events points here) */
};

StorepLive *storep_live_open(Store *s)
{
    if (sodium_init() < 0) {
        storep_set_err(s, "sync: libsodium cannot be initialised");
        return NULL;
    }
    StorepLive *l = calloc(1, sizeof *l);
    if (!l) {
        storep_set_err(s, "sync: out of memory");
        return NULL;
    }
    l->m.s = s;
    l->m.path = "a message of another kiosk";
    l->m.version = STORE_SCHEMA_VERSION;
    bool ok = true;
    for (int i = 0; ok && i < MQ_COUNT; i++) {
        ok = sqlite3_prepare_v2(s->db, storep_merge_sql[i], -1, &l->m.q[i], NULL) == SQLITE_OK;
    }
    for (int k = 0; ok && k < STOREP_ROW_KINDS; k++) {
        char sql[128] = "SELECT ?1";
        size_t used = strlen(sql);
        for (int c = 2; c <= storep_row_cols[k]; c++) {
            used += (size_t)snprintf(sql + used, sizeof sql - used, ", ?%d", c);
        }
        if (k == STOREP_ROW_ATTENDEE) {
            /* A message's attendee row has no first-time mark (format version 1): a
             * walk-in has none, and a listed attendee is imported on every kiosk. */
            used += (size_t)snprintf(sql + used, sizeof sql - used, ", 0");
        }
        ok = sqlite3_prepare_v2(s->db, sql, -1, &l->row[k], NULL) == SQLITE_OK;
    }
    if (!ok) {
        storep_fail_rc(s, sqlite3_errcode(s->db), "sync: prepare");
        storep_live_close(l);
        return NULL;
    }
    return l;
}

void storep_live_close(StorepLive *l)
{
    if (!l) {
        return;
    }
    for (int i = 0; i < MQ_COUNT; i++) {
        sqlite3_finalize(l->m.q[i]);
    }
    for (int k = 0; k < STOREP_ROW_KINDS; k++) {
        sqlite3_finalize(l->row[k]);
    }
    free(l->m.notes);
    free(l);
}

StoreStatus storep_live_rows(StorepLive *l, const char *event_key, const char *other_event_id,
                             const StorepRow *rows, size_t n, StoreMergeReport *rep)
{
    Merge *m = &l->m;
    MergeEvent *e = &l->event;
    memset(e, 0, sizeof *e);
    if (strlen(event_key) >= sizeof e->key || strlen(other_event_id) > IDS_UUID_LEN) {
        storep_set_err(m->s, "sync: a message names an event this database does not hold");
        return STORE_NOT_FOUND;
    }
    memcpy(e->key, event_key, strlen(event_key) + 1);
    memcpy(e->other_id, other_event_id, strlen(other_event_id) + 1);
    sqlite3_stmt *find = m->q[MQ_EVENT_FIND];
    storep_bind_text(find, 1, e->key);
    bool found = false;
    int rc = step_one(find, &found);
    if (found) {
        storep_copy_column(e->local_id, sizeof e->local_id, find, 0);
        e->purged = sqlite3_column_int(find, 1) != 0;
    }
    storep_done(find);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return storep_fail_rc(m->s, rc, "sync: find event");
    }
    if (!found) {
        storep_set_err(m->s, "sync: a message of event \"%s\", which this database does not hold",
                       event_key);
        return STORE_NOT_FOUND;
    }
    m->events = e;
    m->nevents = 1;
    memset(&m->rep, 0, sizeof m->rep);
    StoreStatus st = STORE_OK;
    for (size_t i = 0; st == STORE_OK && i < n; i++) {
        const StorepRow *r = &rows[i];
        assert(r->kind >= 0 && r->kind < STOREP_ROW_KINDS);
        sqlite3_stmt *q = l->row[r->kind];
        for (int c = 0; c < storep_row_cols[r->kind]; c++) {
            const StorepValue *v = &r->v[c];
            if (v->type == SQLITE_INTEGER) {
                sqlite3_bind_int64(q, c + 1, v->i);
            } else if (v->type == SQLITE_TEXT) {
                sqlite3_bind_text(q, c + 1, v->t, v->n, SQLITE_TRANSIENT);
            } else {
                sqlite3_bind_null(q, c + 1);
            }
        }
        int oq = live_oq[r->kind];
        m->oq[oq] = q;
        switch (r->kind) {
        case STOREP_ROW_ATTENDEE: st = storep_merge_attendees(m); break;
        case STOREP_ROW_CHECKIN: st = storep_merge_checkins(m); break;
        case STOREP_ROW_RATING:
            st = storep_merge_feedback(m, OQ_RATINGS, MQ_RATING_INSERT, "tiiitic", "rating",
                                       &m->rep.ratings);
            break;
        default:
            st = storep_merge_feedback(m, OQ_REFLECTIONS, MQ_REFLECTION_INSERT, "ttitic",
                                       "reflection", &m->rep.reflections);
            break;
        }
        m->oq[oq] = NULL;
        storep_done(q);
    }
    m->events = NULL;
    m->nevents = 0;
    if (rep) {
        rep->attendees += m->rep.attendees;
        rep->checkins += m->rep.checkins;
        rep->ratings += m->rep.ratings;
        rep->reflections += m->rep.reflections;
        rep->conflicts += m->rep.conflicts;
    }
    /* Conflict notes of live messages are dropped: the merge afterwards reports them. */
    m->notes_len = 0;
    return st;
}

StoreStatus storep_live_doubles(StorepLive *l, StoreMergeReport *rep,
                                void (*note)(void *ctx, const char *line), void *ctx)
{
    Merge *m = &l->m;
    memset(&m->rep, 0, sizeof m->rep);
    m->notes_len = 0;
    StoreStatus st = storep_merge_doubles(m);
    if (st == STORE_OK && m->out_of_memory) {
        storep_set_err(m->s, "sync: out of memory");
        st = STORE_IO;
    }
    if (rep) {
        rep->double_checkins += m->rep.double_checkins;
    }
    for (char *line = m->notes; st == STORE_OK && note && line && m->notes_len && *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        note(ctx, line);
        line = end + 1;
    }
    m->notes_len = 0;
    if (m->notes) {
        m->notes[0] = '\0';
    }
    return st;
}
