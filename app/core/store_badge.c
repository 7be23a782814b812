/* store_badge: badge jobs, the queue of badges this kiosk is to print (contract in store.h,
 * "Badge jobs"; shared parts in store_private.h).
 *
 * A job row is written in the same transaction as what asks for it: the check-in (so the
 * badge costs no fsync of its own before the greeting), a reprint, or a preprint's whole
 * list. The worker that sends them (core/printq) runs on a connection of its own and only
 * updates rows; SQLite's locks order its writes with the kiosk's.
 */
#include "core/store_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static const char *const badge_state_names[] = {
    [STORE_BADGE_QUEUED] = "queued",
    [STORE_BADGE_SENT] = "sent",
    [STORE_BADGE_DONE] = "done",
    [STORE_BADGE_FAILED] = "failed",
};

#define BADGE_STATES (sizeof badge_state_names / sizeof badge_state_names[0])

static StoreBadgeState state_from_column(sqlite3_stmt *st, int col)
{
    for (size_t i = 0; i < BADGE_STATES; i++) {
        if (storep_column_is(st, col, badge_state_names[i])) {
            return (StoreBadgeState)i;
        }
    }
    return STORE_BADGE_FAILED; /* the CHECK allows no other value */
}

#define JOB_COLUMNS                                                                                \
    "id, event_id, attendee_id, state, cups_job, tries, reason, created_ms, updated_ms"

static void read_job(sqlite3_stmt *st, StoreBadgeJob *j)
{
    memset(j, 0, sizeof *j);
    storep_copy_column(j->id, sizeof j->id, st, 0);
    storep_copy_column(j->event_id, sizeof j->event_id, st, 1);
    storep_copy_column(j->attendee_id, sizeof j->attendee_id, st, 2);
    j->state = state_from_column(st, 3);
    j->cups_job = sqlite3_column_int(st, 4);
    j->tries = sqlite3_column_int(st, 5);
    storep_copy_column(j->reason, sizeof j->reason, st, 6);
    j->created_ms = sqlite3_column_int64(st, 7);
    j->updated_ms = sqlite3_column_int64(st, 8);
}

/* A badge_job insert: sql prepared into *st with the job's id, the event and the attendee
 * bound to ?1, ?2 and ?3. Returns SQLite's code; the caller finalizes *st either way. */
static int prepare_job_insert(Store *s, const char *sql, const char *id, const char *event_id,
                              const char *attendee_id, sqlite3_stmt **st)
{
    int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
    if (rc == SQLITE_OK) {
        storep_bind_text(*st, 1, id);
        storep_bind_text(*st, 2, event_id);
        storep_bind_text(*st, 3, attendee_id);
    }
    return rc;
}

/* Inserts one queued job; with only_first, only when the attendee has none and the event
 * prints badges (the check-in's case). Inside an open transaction. */
static StoreStatus insert_job(Store *s, const char *event_id, const char *attendee_id,
                              int64_t now_ms, bool only_first, char *id_out)
{
    static const char sql[] =
        "INSERT INTO badge_job(id, event_id, attendee_id, state, created_ms, updated_ms)"
        " SELECT ?1, ?2, ?3, 'queued', ?4, ?4"
        " WHERE EXISTS (SELECT 1 FROM badge_setup WHERE event_id = ?2)"
        " AND (?5 = 0 OR NOT EXISTS (SELECT 1 FROM badge_job WHERE attendee_id = ?3))";
    char id[IDS_UUID_LEN + 1];
    StoreStatus res = storep_new_id(s, id, now_ms);
    if (res != STORE_OK) {
        return res;
    }
    sqlite3_stmt *st = NULL;
    int rc = prepare_job_insert(s, sql, id, event_id, attendee_id, &st);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 4, now_ms);
        sqlite3_bind_int(st, 5, only_first ? 1 : 0);
        rc = storep_run(st);
    }
    if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "badge job: write");
    } else if (sqlite3_changes(s->db) == 0 && !only_first) {
        storep_set_err(s, "badge job: the meeting prints no badges (no [badge] section)");
        res = STORE_INVALID;
    } else if (id_out != NULL) {
        memcpy(id_out, id, sizeof id);
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus storep_badge_on_checkin(Store *s, const char *event_id, const char *attendee_id,
                                    int64_t now_ms)
{
    return insert_job(s, event_id, attendee_id, now_ms, true, NULL);
}

StoreStatus store_badge_printed(Store *s, const char *event_id, const char *attendee_id,
                                int cups_job, int64_t now_ms)
{
    static const char sql[] =
        "INSERT INTO badge_job(id, event_id, attendee_id, state, cups_job, tries, created_ms,"
        " updated_ms) SELECT ?1, ?2, a.id, 'sent', ?4, 1, ?5, ?5 FROM attendee a"
        " WHERE a.id = ?3 AND a.event_id = ?2";
    if (cups_job <= 0) {
        storep_set_err(s, "badge printed: no CUPS job id");
        return STORE_INVALID;
    }
    char id[IDS_UUID_LEN + 1];
    StoreStatus res = storep_new_id(s, id, now_ms);
    if (res != STORE_OK || (res = storep_tx_begin(s)) != STORE_OK) {
        return res;
    }
    sqlite3_stmt *st = NULL;
    int rc = prepare_job_insert(s, sql, id, event_id, attendee_id, &st);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int(st, 4, cups_job);
        sqlite3_bind_int64(st, 5, now_ms);
        rc = storep_run(st);
    }
    if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "badge printed: write");
    } else if (sqlite3_changes(s->db) == 0) {
        storep_set_err(s, "badge printed: no attendee %s in event %s", attendee_id, event_id);
        res = STORE_NOT_FOUND;
    }
    sqlite3_finalize(st);
    return storep_tx_end(s, res);
}

StoreStatus store_badge_reprint(Store *s, const char *event_id, const char *attendee_id,
                                int64_t now_ms, char id[IDS_UUID_LEN + 1])
{
    StoreStatus res = storep_tx_begin(s);
    if (res != STORE_OK) {
        return res;
    }
    res = storep_attendee_in_event(s, attendee_id, event_id, "reprint");
    if (res == STORE_OK) {
        res = insert_job(s, event_id, attendee_id, now_ms, false, id);
    }
    return storep_tx_end(s, res);
}

/* A preprint's candidate: the attendee and the key it sorts by. */
typedef struct Unprinted {
    char id[IDS_UUID_LEN + 1];
    char key[2 * ROSTER_FIELD_MAX + 2]; /* folded surname, then the whole name */
} Unprinted;

static int by_key(const void *a, const void *b)
{
    const Unprinted *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c != 0 ? c : strcmp(x->id, y->id);
}

StoreStatus store_badge_preprint(Store *s, const char *event_id, int64_t now_ms, size_t *added)
{
    static const char sql[] =
        "SELECT a.id, a.name FROM attendee a WHERE a.event_id = ?1"
        " AND NOT EXISTS (SELECT 1 FROM badge_job j WHERE j.attendee_id = a.id)";
    if (added) {
        *added = 0;
    }
    Unprinted *list = NULL;
    size_t count = 0, cap = 0;
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_tx_begin(s);
    if (res != STORE_OK) {
        return res;
    }
    int rc =
        sqlite3_prepare_v2(s->db, "SELECT 1 FROM badge_setup WHERE event_id = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        storep_bind_text(st, 1, event_id);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == SQLITE_DONE) {
        storep_set_err(s, "preprint: the meeting prints no badges (no [badge] section)");
        res = STORE_INVALID;
    } else if (rc != SQLITE_ROW) {
        res = storep_fail_rc(s, rc, "preprint: setup");
    }
    if (res == STORE_OK && (rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) == SQLITE_OK) {
        storep_bind_text(st, 1, event_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                Unprinted *more = realloc(list, ncap * sizeof *more);
                if (more == NULL) {
                    rc = SQLITE_NOMEM;
                    break;
                }
                list = more;
                cap = ncap;
            }
            Unprinted *u = &list[count++];
            storep_copy_column(u->id, sizeof u->id, st, 0);
            char name[ROSTER_FIELD_MAX];
            storep_copy_column(name, sizeof name, st, 1);
            /* Surname (the name's last word) first, then the whole name, as `mingel badges`
             * and a reception table order them. */
            const char *last = strrchr(name, ' ');
            size_t n = text_sort_key(true, last ? last + 1 : name, u->key, 0, sizeof u->key);
            u->key[n++] = '\x01';
            text_sort_key(true, name, u->key, n, sizeof u->key);
        }
    }
    if (res == STORE_OK && rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "preprint: read");
    }
    sqlite3_finalize(st);
    if (res == STORE_OK && count > 1) {
        qsort(list, count, sizeof *list, by_key);
    }
    for (size_t i = 0; res == STORE_OK && i < count; i++) {
        res = insert_job(s, event_id, list[i].id, now_ms, false, NULL);
    }
    res = storep_tx_end(s, res);
    if (res == STORE_OK && added) {
        *added = count;
    }
    free(list);
    return res;
}

StoreStatus store_badge_jobs(Store *s, const char *event_id, StoreBadgeState state,
                             StoreBadgeJob *out, size_t cap, size_t *n)
{
    static const char sql[] = "SELECT " JOB_COLUMNS " FROM badge_job"
                              " WHERE event_id = ?1 AND state = ?2 ORDER BY rowid LIMIT ?3";
    if ((size_t)state >= BADGE_STATES) {
        storep_set_err(s, "badge jobs: no state %d", (int)state);
        return STORE_INVALID;
    }
    *n = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        storep_bind_text(st, 1, event_id);
        storep_bind_text(st, 2, badge_state_names[state]);
        sqlite3_bind_int64(st, 3, (int64_t)cap);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < cap) {
            read_job(st, &out[(*n)++]);
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "badge jobs: read");
}

StoreStatus store_badge_jobs_update(Store *s, const StoreBadgeJob *jobs, size_t n)
{
    static const char sql[] = "UPDATE badge_job SET state = ?2, cups_job = ?3, tries = ?4,"
                              " reason = ?5, updated_ms = ?6 WHERE id = ?1";
    for (size_t i = 0; i < n; i++) {
        if ((size_t)jobs[i].state >= BADGE_STATES || jobs[i].cups_job < 0 || jobs[i].tries < 0) {
            storep_set_err(s, "badge job: state %d, job %d, tries %d", (int)jobs[i].state,
                           jobs[i].cups_job, jobs[i].tries);
            return STORE_INVALID;
        }
    }
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_tx_begin(s);
    if (res != STORE_OK) {
        return res;
    }
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
        const StoreBadgeJob *job = &jobs[i];
        char reason[STORE_BADGE_REASON_MAX];
        storep_copy_utf8(reason, sizeof reason, job->reason,
                         strnlen(job->reason, sizeof job->reason));
        storep_bind_text(st, 1, job->id);
        storep_bind_text(st, 2, badge_state_names[job->state]);
        sqlite3_bind_int(st, 3, job->cups_job);
        sqlite3_bind_int(st, 4, job->tries);
        storep_bind_text(st, 5, reason);
        sqlite3_bind_int64(st, 6, job->updated_ms);
        rc = storep_run(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    if (rc != SQLITE_OK) {
        res = storep_fail_rc(s, rc, "badge job: update");
    }
    sqlite3_finalize(st);
    return storep_tx_end(s, res);
}

StoreStatus store_badge_job_latest(Store *s, const char *attendee_id, StoreBadgeJob *out)
{
    static const char sql[] = "SELECT " JOB_COLUMNS " FROM badge_job WHERE attendee_id = ?1"
                              " ORDER BY rowid DESC LIMIT 1";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        storep_bind_text(st, 1, attendee_id);
        rc = sqlite3_step(st);
    }
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        read_job(st, out);
    } else if (rc == SQLITE_DONE) {
        res = STORE_NOT_FOUND;
    } else {
        res = storep_fail_rc(s, rc, "badge job: read");
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_badge_counts(Store *s, const char *event_id, StoreBadgeCounts *out)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM badge_job WHERE event_id = ?1 AND state = 'queued'),"
        " (SELECT count(*) FROM badge_job WHERE event_id = ?1 AND state = 'sent'),"
        " (SELECT count(*) FROM badge_job WHERE event_id = ?1 AND state = 'done'),"
        " (SELECT count(*) FROM badge_job WHERE event_id = ?1 AND state = 'failed'),"
        " (SELECT count(*) FROM attendee a WHERE a.event_id = ?1"
        "   AND NOT EXISTS (SELECT 1 FROM badge_job j WHERE j.attendee_id = a.id))";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        storep_bind_text(st, 1, event_id);
        rc = sqlite3_step(st);
    }
    if (rc == SQLITE_ROW) {
        out->queued = (size_t)sqlite3_column_int64(st, 0);
        out->sent = (size_t)sqlite3_column_int64(st, 1);
        out->done = (size_t)sqlite3_column_int64(st, 2);
        out->failed = (size_t)sqlite3_column_int64(st, 3);
        out->unprinted = (size_t)sqlite3_column_int64(st, 4);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? STORE_OK : storep_fail_rc(s, rc, "badge counts: read");
}
