/* store_board: the board's records (contract in store.h, "The board"; shared parts in
 * store_private.h). Who is here among those who consented, their first-time mark, the
 * topics they picked at the kiosk and whether they took themselves off the board.
 *
 * Consent is checked where the data is written as well as where it is read: a choice
 * with topics is refused for a person who did not consent, and every reader (the board,
 * the exports, the report) looks at consent again, so a later list that withdraws it
 * takes the person off the board and their topics out of every export at once.
 */
#include "core/store_private.h"

#include <stdio.h>
#include <string.h>

/* Splits interests ("a|b|c") against the event's topics: each must be one of them,
 * exactly as written, none twice, at most EVENT_TOPICS_PICK. Returns the number, or -1. */
static int interests_check(const EventInfo *ev, const char *interests)
{
    if (!interests[0]) {
        return 0;
    }
    int n = 0;
    bool seen[EVENT_TOPICS_MAX] = {false};
    for (const char *w = interests;; n++) {
        size_t len = strcspn(w, "|");
        char topic[EVENT_TOPIC_MAX];
        if (n == EVENT_TOPICS_PICK || len == 0 || len >= sizeof topic) {
            return -1;
        }
        memcpy(topic, w, len);
        topic[len] = '\0';
        int i = event_topic_index(ev, topic);
        if (i < 0 || seen[i]) {
            return -1;
        }
        seen[i] = true;
        if (w[len] == '\0') {
            return n + 1;
        }
        w += len + 1;
    }
}

StoreStatus store_board_choice_get(Store *s, const char *attendee_id, StoreBoardChoice *out)
{
    static const char sql[] =
        "SELECT a.consent, a.first_time, coalesce(b.hidden, 0), coalesce(b.interests, '')"
        " FROM attendee a LEFT JOIN board_choice b ON b.attendee_id = a.id WHERE a.id = ?1";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "board: prepare");
    }
    storep_bind_text(st, 1, attendee_id);
    rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        out->consent = sqlite3_column_int(st, 0) != 0;
        out->first_time = sqlite3_column_int(st, 1) != 0;
        out->hidden = sqlite3_column_int(st, 2) != 0;
        storep_copy_column(out->interests, sizeof out->interests, st, 3);
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "board: no attendee with id %s", attendee_id);
        res = STORE_NOT_FOUND;
    } else {
        res = storep_fail_rc(s, rc, "board: read");
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_board_choice_put(Store *s, const char *event_id, const char *attendee_id,
                                   const char *interests, bool hidden, int64_t now_ms)
{
    if (!interests || strlen(interests) >= STORE_INTERESTS_MAX) {
        storep_set_err(s, "board: the topics are too long");
        return STORE_INVALID;
    }
    /* The topics are checked against the event as stored, in the write's transaction. */
    EventInfo ev;
    StoreStatus res = storep_tx_begin(s);
    if (res != STORE_OK) {
        return res;
    }
    static const char find_sql[] = "SELECT a.consent, e.topics FROM attendee a"
                                   " JOIN event e ON e.id = a.event_id"
                                   " WHERE a.id = ?1 AND a.event_id = ?2";
    static const char put_sql[] =
        "INSERT INTO board_choice(attendee_id, event_id, interests, hidden, updated_ms, device)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(attendee_id) DO UPDATE SET"
        " interests = excluded.interests, hidden = excluded.hidden,"
        " updated_ms = excluded.updated_ms, device = excluded.device";
    sqlite3_stmt *find = NULL, *put = NULL;
    int rc = sqlite3_prepare_v2(s->db, find_sql, -1, &find, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db, put_sql, -1, &put, NULL);
    }
    if (rc != SQLITE_OK) {
        res = storep_fail_rc(s, rc, "board: prepare");
    }
    bool consent = false;
    if (res == STORE_OK) {
        storep_bind_text(find, 1, attendee_id);
        storep_bind_text(find, 2, event_id);
        rc = sqlite3_step(find);
        if (rc == SQLITE_ROW) {
            consent = sqlite3_column_int(find, 0) != 0;
            memset(&ev, 0, sizeof ev);
            const char *topics = (const char *)sqlite3_column_text(find, 1);
            if (event_topics_split(&ev, topics ? topics : "") < 0) {
                storep_set_err(s, "board: the event's topics are damaged");
                res = STORE_CORRUPT;
            }
        } else if (rc == SQLITE_DONE) {
            storep_set_err(s, "board: attendee %s is not in event %s", attendee_id, event_id);
            res = STORE_NOT_FOUND;
        } else {
            res = storep_fail_rc(s, rc, "board: find attendee");
        }
    }
    if (res == STORE_OK && interests[0] && !consent) {
        storep_set_err(s, "board: the person did not consent to the participant list, so no "
                          "topics are kept for them");
        res = STORE_INVALID;
    }
    if (res == STORE_OK && interests_check(&ev, interests) < 0) {
        storep_set_err(s, "board: \"%s\" is not up to %d of the event's topics", interests,
                       EVENT_TOPICS_PICK);
        res = STORE_INVALID;
    }
    if (res == STORE_OK) {
        storep_bind_text(put, 1, attendee_id);
        storep_bind_text(put, 2, event_id);
        storep_bind_text(put, 3, interests);
        sqlite3_bind_int(put, 4, hidden ? 1 : 0);
        sqlite3_bind_int64(put, 5, now_ms);
        storep_bind_text(put, 6, s->device);
        rc = storep_run(put);
        res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "board: write");
    }
    sqlite3_finalize(find);
    sqlite3_finalize(put);
    return storep_tx_end(s, res);
}

StoreStatus store_each_board_person(Store *s, const char *event_id,
                                    int (*fn)(void *ctx, const StoreBoardRow *row), void *ctx,
                                    int64_t *here)
{
    /* Everyone checked in, with consent and hidden as columns, so the count of all who are
     * here comes from the same snapshot as the rows shown. */
    static const char sql[] =
        "SELECT * FROM (SELECT a.id, a.name, a.organisation, a.first_time,"
        " coalesce(b.interests, ''), " ACTIVE_CHECKIN_MS(
            "a.id") " AS at, a.consent,"
                    " coalesce(b.hidden, 0) FROM attendee a"
                    " LEFT JOIN board_choice b ON b.attendee_id = a.id WHERE a.event_id = ?1)"
                    " WHERE at IS NOT NULL ORDER BY name COLLATE NOCASE, id";
    if (here) {
        *here = 0;
    }
    StoreStatus res = storep_event_exists(s, event_id);
    if (res != STORE_OK) {
        return res;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "board: prepare");
    }
    storep_bind_text(st, 1, event_id);
    StoreBoardRow row;
    bool stopped = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (here) {
            (*here)++;
        }
        if (stopped || sqlite3_column_int(st, 6) == 0 || sqlite3_column_int(st, 7) != 0) {
            continue;
        }
        memset(&row, 0, sizeof row);
        storep_copy_column(row.id, sizeof row.id, st, 0);
        storep_copy_column(row.name, sizeof row.name, st, 1);
        storep_copy_column(row.organisation, sizeof row.organisation, st, 2);
        row.first_time = sqlite3_column_int(st, 3) != 0;
        storep_copy_column(row.interests, sizeof row.interests, st, 4);
        row.checked_in_ms = sqlite3_column_int64(st, 5);
        stopped = fn(ctx, &row) != 0;
    }
    res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "board: read");
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_topic_counts(Store *s, const char *event_id, const EventInfo *ev,
                               int64_t counts[EVENT_TOPICS_MAX])
{
    static const char sql[] = "SELECT b.interests FROM board_choice b"
                              " JOIN attendee a ON a.id = b.attendee_id"
                              " WHERE b.event_id = ?1 AND a.consent = 1 AND b.interests <> ''";
    memset(counts, 0, sizeof(int64_t) * EVENT_TOPICS_MAX);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "topics: prepare");
    }
    storep_bind_text(st, 1, event_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        for (const char *w = t ? t : ""; *w;) {
            size_t len = strcspn(w, "|");
            char topic[EVENT_TOPIC_MAX];
            if (len < sizeof topic) {
                memcpy(topic, w, len);
                topic[len] = '\0';
                int i = event_topic_index(ev, topic);
                if (i >= 0) {
                    counts[i]++;
                }
            }
            w += len + (w[len] == '|');
        }
    }
    StoreStatus res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "topics: read");
    sqlite3_finalize(st);
    return res;
}
