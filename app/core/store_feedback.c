/* store_feedback: ratings and reflections of feedback sessions (contract in store.h, shared parts
 * in store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- Feedback --------------------------------------------------------------------- */

#define STORE_TOKEN_MAX 64    /* bytes of a session token */
#define STORE_MINUTE_MS 60000 /* feedback times are kept to this */

/* The start of the minute of t (rounded down, also before 1970): the only time a rating
 * or reflection keeps, so it cannot be matched to a check-in. */
static int64_t minute_of(int64_t t)
{
    int64_t r = t % STORE_MINUTE_MS;
    return t - r - (r < 0 ? STORE_MINUTE_MS : 0);
}

/* A session token: 1..STORE_TOKEN_MAX bytes of printable ASCII without spaces. */
static bool token_ok(const char *token)
{
    if (!token || !*token) {
        return false;
    }
    size_t n = 0;
    for (; token[n]; n++) {
        if (n >= STORE_TOKEN_MAX || token[n] <= ' ' || token[n] > '~') {
            return false;
        }
    }
    return true;
}

/* Checks a reflection: valid UTF-8, one line without control characters (C0, DEL, C1,
 * and the Unicode line and paragraph separators), something left once the spaces around
 * it are trimmed. On success *start and *len give the trimmed text and *chars its length
 * in code points. */
static bool reflection_text_ok(const char *text, const char **start, size_t *len, size_t *chars)
{
    if (!text) {
        return false;
    }
    size_t n = strlen(text);
    if (!text_valid_utf8(text, n)) {
        return false;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = text_decode(text + i, n - i, &cp);
        if (k == 0 || cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) {
            return false;
        }
        i += k;
    }
    size_t a = 0, b = n;
    while (a < b && text[a] == ' ') {
        a++;
    }
    while (b > a && text[b - 1] == ' ') {
        b--;
    }
    if (a == b) {
        return false;
    }
    *start = text + a;
    *len = b - a;
    /* Trailing spaces are one code point each. */
    *chars = text_length(text + a) - (n - b);
    return true;
}

/* Inside the open transaction: the event exists and question is one of its questions,
 * whose scale allows value. */
static StoreStatus rating_target_ok(Store *s, const char *event_id, int question, int value)
{
    StoreStatus st = storep_event_exists(s, event_id);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q = s->stmt[SQL_QUESTION_SCALE];
    storep_bind_text(q, 1, event_id);
    sqlite3_bind_int(q, 2, question);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *scale = (const char *)sqlite3_column_text(q, 0);
        int k = 0;
        while (k < SCALE_COUNT && !(scale && strcmp(scale, storep_scale_names[k]) == 0)) {
            k++;
        }
        if (k == SCALE_COUNT) {
            storep_set_err(s, "rating: question %d has an unknown scale", question + 1);
            st = STORE_CORRUPT;
        } else if (value < storep_scale_range[k].min || value > storep_scale_range[k].max) {
            storep_set_err(s, "rating: %d is not on the %s scale of question %d (%d to %d)", value,
                           storep_scale_names[k], question + 1, storep_scale_range[k].min,
                           storep_scale_range[k].max);
            st = STORE_INVALID;
        }
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "rating: the event has no question %d", question + 1);
        st = STORE_INVALID;
    } else {
        st = storep_fail_rc(s, rc, "rating: question");
    }
    storep_done(q);
    return st;
}

StoreStatus store_rating_put(Store *s, const char *event_id, const char *token, int question,
                             int value, bool flagged, int64_t now_ms)
{
    if (!token_ok(token) || question < 0 || question >= EVENT_MAX_QUESTIONS) {
        storep_set_err(s, "rating: empty or invalid token, or no such question");
        return STORE_INVALID;
    }
    int64_t at = minute_of(now_ms);
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = storep_new_id(s, id, at); /* made for the minute: the id is a time too */
    if (st != STORE_OK) {
        return st;
    }
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    st = rating_target_ok(s, event_id, question, value);
    if (st == STORE_OK) {
        sqlite3_stmt *up = s->stmt[SQL_RATING_UPSERT];
        storep_bind_text(up, 1, id);
        storep_bind_text(up, 2, event_id);
        storep_bind_text(up, 3, token);
        sqlite3_bind_int(up, 4, question);
        sqlite3_bind_int(up, 5, value);
        sqlite3_bind_int64(up, 6, at);
        storep_bind_text(up, 7, s->device);
        sqlite3_bind_int(up, 8, flagged ? 1 : 0);
        storep_bind_clock(up, 9, s->clock);
        int rc = storep_run(up);
        st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "rating: write");
    }
    return storep_tx_end(s, st);
}

StoreStatus store_reflection_put(Store *s, const char *event_id, const char *token,
                                 const char *text, bool flagged, int64_t now_ms)
{
    const char *start = NULL;
    size_t len = 0, chars = 0;
    if (!token_ok(token) || !reflection_text_ok(text, &start, &len, &chars) ||
        chars > EVENT_REFLECTION_HARD_MAX) {
        storep_set_err(s,
                       "reflection: empty or invalid token, or the text is empty, too long, more "
                       "than one line, or not valid text");
        return STORE_INVALID;
    }
    int64_t at = minute_of(now_ms);
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = storep_new_id(s, id, at);
    if (st != STORE_OK) {
        return st;
    }
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *mx = s->stmt[SQL_REFLECTION_MAX];
    storep_bind_text(mx, 1, event_id);
    int rc = sqlite3_step(mx);
    if (rc == SQLITE_ROW) {
        /* 0 is "not set" (see the schema): the event file's default applies. */
        int max = sqlite3_column_int(mx, 0);
        max = max > 0 ? max : EVENT_REFLECTION_DEFAULT_MAX;
        if (chars > (size_t)max) {
            storep_set_err(s, "reflection: %zu characters, the event allows %d", chars, max);
            st = STORE_INVALID;
        }
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "no event with id %s", event_id);
        st = STORE_NOT_FOUND;
    } else {
        st = storep_fail_rc(s, rc, "reflection: event");
    }
    storep_done(mx);
    if (st == STORE_OK) {
        sqlite3_stmt *up = s->stmt[SQL_REFLECTION_UPSERT];
        storep_bind_text(up, 1, id);
        storep_bind_text(up, 2, event_id);
        storep_bind_text(up, 3, token);
        /* The trimmed text: start[0..len) of the caller's string, alive until storep_run(). */
        sqlite3_bind_text(up, 4, start, (int)len, SQLITE_STATIC);
        sqlite3_bind_int64(up, 5, at);
        storep_bind_text(up, 6, s->device);
        sqlite3_bind_int(up, 7, flagged ? 1 : 0);
        storep_bind_clock(up, 8, s->clock);
        rc = storep_run(up);
        st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "reflection: write");
    }
    return storep_tx_end(s, st);
}

StoreStatus store_feedback_stats(Store *s, const char *event_id, StoreFeedbackStats *out)
{
    /* One statement, so one snapshot. Each row is tagged with what it counts:
     * 0: sessions, and those of them with a flagged rating or reflection;
     * 1: unflagged ratings per question and value; 2: flagged ratings;
     * 3: unflagged reflections. */
    static const char sql[] =
        "SELECT 0, count(*), coalesce(sum(f), 0), 0 FROM"
        " (SELECT max(flagged) AS f FROM"
        "  (SELECT token, flagged FROM rating WHERE event_id = ?1"
        "   UNION ALL SELECT token, flagged FROM reflection WHERE event_id = ?1)"
        "  GROUP BY token)"
        " UNION ALL SELECT 1, question, value, count(*) FROM rating"
        "  WHERE event_id = ?1 AND flagged = 0 GROUP BY question, value"
        " UNION ALL SELECT 2, count(*), 0, 0 FROM rating WHERE event_id = ?1 AND flagged = 1"
        " UNION ALL SELECT 3, count(*), 0, 0 FROM reflection"
        "  WHERE event_id = ?1 AND flagged = 0";
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_event_query(s, event_id, sql, "feedback stats: prepare", &st);
    if (res != STORE_OK) {
        return res;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t a = sqlite3_column_int64(st, 1), b = sqlite3_column_int64(st, 2);
        switch (sqlite3_column_int(st, 0)) {
        case 0:
            out->sessions = a;
            out->flagged_sessions = b;
            break;
        case 1:
            /* The schema holds question to 0..4 and value to 0..10. */
            if (a >= 0 && a < EVENT_MAX_QUESTIONS && b >= 0 && b <= 10) {
                out->counts[a][b] = sqlite3_column_int64(st, 3);
            }
            break;
        case 2: out->flagged_ratings = a; break;
        case 3: out->reflections = a; break;
        default: break;
        }
    }
    if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "feedback stats");
        memset(out, 0, sizeof *out);
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_rating_get(Store *s, const char *event_id, const char *token, int question,
                             int *value)
{
    if (!token_ok(token)) {
        storep_set_err(s, "rating: empty or invalid token");
        return STORE_INVALID;
    }
    sqlite3_stmt *st = s->stmt[SQL_RATING_GET];
    storep_bind_text(st, 1, event_id);
    storep_bind_text(st, 2, token);
    sqlite3_bind_int(st, 3, question);
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int(st, 0);
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "rating: question %d of this session is unanswered", question + 1);
        res = STORE_NOT_FOUND;
    } else {
        res = storep_fail_rc(s, rc, "rating: read");
    }
    storep_done(st);
    return res;
}

StoreStatus store_reflection_get(Store *s, const char *event_id, const char *token, char *text,
                                 size_t cap)
{
    if (!token_ok(token) || cap == 0) {
        storep_set_err(s, "reflection: empty or invalid token");
        return STORE_INVALID;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "SELECT text FROM reflection WHERE event_id = ?1 AND token = ?2", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "reflection: prepare");
    }
    storep_bind_text(st, 1, event_id);
    storep_bind_text(st, 2, token);
    rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    text[0] = '\0';
    if (rc == SQLITE_ROW) {
        storep_copy_column(text, cap, st, 0);
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "reflection: this session has none");
        res = STORE_NOT_FOUND;
    } else {
        res = storep_fail_rc(s, rc, "reflection: read");
    }
    sqlite3_finalize(st);
    return res;
}
