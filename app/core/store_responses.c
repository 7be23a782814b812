/* store_responses: the follow-up form's answers, keyed by session token and question
 * (contract in store_responses.h, shared parts in store_private.h). Also their part of a
 * merge, called by store_merge.c inside its transaction. */
#include "core/store_private.h"
#include "core/store_responses.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define FORM_TOKEN_MAX 64 /* bytes, as rating.token */

/* A session token as the store keeps them: 1..64 bytes of printable ASCII, no space. */
static bool form_token_ok(const char *token)
{
    if (!token || !*token) {
        return false;
    }
    for (size_t n = 0; token[n]; n++) {
        if (n >= FORM_TOKEN_MAX || token[n] <= ' ' || token[n] > '~') {
            return false;
        }
    }
    return true;
}

/* Valid UTF-8 of 1..max characters. */
static bool form_text_ok(const char *t, size_t max)
{
    if (!t || !*t) {
        return false;
    }
    size_t n = strlen(t);
    return text_valid_utf8(t, n) && text_length(t) <= max;
}

/* A session of the event is a token with a rating or a reflection. */
#define SESSION_SQL                                                                                \
    "SELECT EXISTS (SELECT 1 FROM rating WHERE event_id = ?1 AND token = ?2)"                      \
    " OR EXISTS (SELECT 1 FROM reflection WHERE event_id = ?1 AND token = ?2)"

static StoreStatus session_known(Store *s, sqlite3_stmt *q, const char *event_id, const char *token,
                                 bool *known)
{
    storep_bind_text(q, 1, event_id);
    storep_bind_text(q, 2, token);
    int rc = sqlite3_step(q);
    *known = rc == SQLITE_ROW && sqlite3_column_int(q, 0) != 0;
    storep_done(q);
    return rc == SQLITE_ROW ? STORE_OK : storep_fail_rc(s, rc, "form answers: session");
}

StoreStatus store_session_known(Store *s, const char *event_id, const char *token, bool *known)
{
    *known = false;
    if (!form_token_ok(token)) {
        storep_set_err(s, "form answers: empty or invalid token");
        return STORE_INVALID;
    }
    StoreStatus st = storep_event_exists(s, event_id);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(s->db, SESSION_SQL, -1, &q, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "form answers: prepare");
    }
    st = session_known(s, q, event_id, token, known);
    sqlite3_finalize(q);
    return st;
}

enum { FQ_SESSION, FQ_FIND, FQ_INSERT, FQ_UPDATE, FQ_COUNT };

static const char *const form_sql[FQ_COUNT] = {
    [FQ_SESSION] = SESSION_SQL,
    [FQ_FIND] = "SELECT position, answer FROM form_answer"
                " WHERE event_id = ?1 AND token = ?2 AND question = ?3",
    [FQ_INSERT] = "INSERT INTO form_answer(id, event_id, token, question, position, answer,"
                  " imported_ms, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [FQ_UPDATE] = "UPDATE form_answer SET position = ?4, answer = ?5, imported_ms = ?6,"
                  " device = ?7 WHERE event_id = ?1 AND token = ?2 AND question = ?3",
};

static void finalize_all(sqlite3_stmt **q, int n)
{
    for (int i = 0; i < n; i++) {
        sqlite3_finalize(q[i]);
    }
}

/* Stores one answer of a known session: *what 0 added, 1 updated, 2 unchanged. */
static StoreStatus put_one(Store *s, sqlite3_stmt **q, const char *event_id,
                           const StoreFormAnswer *a, int64_t now_ms, int *what)
{
    sqlite3_stmt *f = q[FQ_FIND];
    storep_bind_text(f, 1, event_id);
    storep_bind_text(f, 2, a->token);
    storep_bind_text(f, 3, a->question);
    int rc = sqlite3_step(f);
    bool found = rc == SQLITE_ROW;
    bool same =
        found && sqlite3_column_int(f, 0) == a->position && storep_column_is(f, 1, a->answer);
    storep_done(f);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        return storep_fail_rc(s, rc, "form answers: read");
    }
    if (same) {
        *what = 2;
        return STORE_OK;
    }
    sqlite3_stmt *w = q[found ? FQ_UPDATE : FQ_INSERT];
    int p = 1;
    char id[IDS_UUID_LEN + 1]; /* bound without a copy: lives until the step */
    if (!found) {
        StoreStatus st = storep_new_id(s, id, now_ms);
        if (st != STORE_OK) {
            return st;
        }
        storep_bind_text(w, p++, id);
    }
    storep_bind_text(w, p++, event_id);
    storep_bind_text(w, p++, a->token);
    storep_bind_text(w, p++, a->question);
    sqlite3_bind_int(w, p++, a->position);
    storep_bind_text(w, p++, a->answer);
    sqlite3_bind_int64(w, p++, now_ms);
    storep_bind_text(w, p, s->device);
    rc = storep_run(w);
    *what = found ? 1 : 0;
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "form answers: write");
}

StoreStatus store_form_answers_put(Store *s, const char *event_id, const StoreFormAnswer *a,
                                   size_t n, int64_t now_ms, bool dry_run, StoreFormResult *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        if (!form_token_ok(a[i].token) || !form_text_ok(a[i].question, STORE_FORM_QUESTION_MAX) ||
            !form_text_ok(a[i].answer, STORE_FORM_ANSWER_MAX) || a[i].position < 1 ||
            a[i].position > STORE_FORM_POSITION_MAX) {
            storep_set_err(s,
                           "form answers: answer %zu has an empty or invalid token, question or "
                           "answer, or is too long",
                           i + 1);
            return STORE_INVALID;
        }
    }
    StoreStatus st = storep_event_exists(s, event_id);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q[FQ_COUNT] = {0};
    for (int i = 0; i < FQ_COUNT; i++) {
        int rc = sqlite3_prepare_v2(s->db, form_sql[i], -1, &q[i], NULL);
        if (rc != SQLITE_OK) {
            finalize_all(q, FQ_COUNT);
            return storep_fail_rc(s, rc, "form answers: prepare");
        }
    }
    st = storep_tx_begin(s);
    StoreFormResult r = {0};
    for (size_t i = 0; st == STORE_OK && i < n; i++) {
        bool known = false;
        st = session_known(s, q[FQ_SESSION], event_id, a[i].token, &known);
        if (st != STORE_OK) {
            break;
        }
        if (!known) {
            r.unknown++;
            continue;
        }
        int what = 0;
        st = put_one(s, q, event_id, &a[i], now_ms, &what);
        if (st == STORE_OK) {
            size_t *counts[] = {&r.added, &r.updated, &r.unchanged};
            (*counts[what])++;
        }
    }
    if (st == STORE_OK && dry_run) {
        storep_tx_rollback(s);
    } else {
        st = storep_tx_end(s, st);
    }
    finalize_all(q, FQ_COUNT);
    if (st == STORE_OK) {
        *out = r;
    }
    return st;
}

StoreStatus store_each_form_answer(Store *s, const char *event_id,
                                   int (*fn)(void *ctx, const StoreFormRow *row), void *ctx)
{
    /* The session's ratings come along as one text "q:v,q:v" (unflagged ones only), so
     * one statement is one snapshot. Sessions in token order: tokens are random. */
    static const char sql[] =
        "SELECT f.token, f.position, f.question, f.answer,"
        " (SELECT group_concat(r.question || ':' || r.value) FROM rating r"
        "  WHERE r.event_id = f.event_id AND r.token = f.token AND r.flagged = 0)"
        " FROM form_answer f WHERE f.event_id = ?1 ORDER BY f.token, f.position, f.question";
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_event_query(s, event_id, sql, "form answers: prepare", &st);
    if (res != STORE_OK) {
        return res;
    }
    int rc;
    char last[FORM_TOKEN_MAX + 1] = "";
    size_t session = 0;
    bool first = true;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *token = (const char *)sqlite3_column_text(st, 0);
        const char *question = (const char *)sqlite3_column_text(st, 2);
        const char *answer = (const char *)sqlite3_column_text(st, 3);
        const char *ratings = (const char *)sqlite3_column_text(st, 4);
        if (!token || !question || !answer) {
            continue; /* NOT NULL in the schema */
        }
        if (!first && strcmp(token, last) != 0) {
            session++;
        }
        first = false;
        snprintf(last, sizeof last, "%s", token);
        StoreFormRow row = {.session = session,
                            .position = sqlite3_column_int(st, 1),
                            .question = question,
                            .answer = answer};
        for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
            row.ratings[i] = -1;
        }
        for (const char *p = ratings; p && *p;) {
            int qn = -1, v = -1, used = 0;
            if (sscanf(p, "%d:%d%n", &qn, &v, &used) != 2) {
                break;
            }
            if (qn >= 0 && qn < EVENT_MAX_QUESTIONS && v >= 0 && v <= 10) {
                row.ratings[qn] = v;
            }
            p += used;
            p += *p == ',';
        }
        if (fn(ctx, &row) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "form answers: read");
    }
    sqlite3_finalize(st);
    return res;
}

/* ---- Merging --------------------------------------------------------------------- */

/* A text of the other file this store could hold: valid UTF-8, within max characters. */
static bool other_text(sqlite3_stmt *o, int col, size_t max)
{
    if (sqlite3_column_type(o, col) != SQLITE_TEXT) {
        return false;
    }
    const char *t = (const char *)sqlite3_column_text(o, col);
    int n = sqlite3_column_bytes(o, col);
    return t && n > 0 && text_valid_utf8(t, (size_t)n) && strlen(t) == (size_t)n &&
           text_length(t) <= max;
}

StoreStatus storep_merge_form_answers(Store *s, sqlite3 *other, const char *other_path,
                                      size_t *count)
{
    /* Read by what the other file holds, not by its version number: the table's step is
     * renumbered as migrations of other work are merged. */
    int64_t has = 0;
    if (storep_query_int(other,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                         " AND name = 'form_answer'",
                         &has) != SQLITE_OK) {
        return storep_fail_rc(s, sqlite3_errcode(other), "merge: form answers");
    }
    if (has == 0) {
        return STORE_OK;
    }
    static const char read_sql[] =
        "SELECT f.id, e.key, f.token, f.question, f.position, f.answer, f.imported_ms, f.device"
        " FROM form_answer f JOIN event e ON e.id = f.event_id ORDER BY e.key, f.token, f.question";
    /* The other's row replaces this one's only when it comes from a later import. */
    static const char write_sql[] =
        "INSERT INTO form_answer(id, event_id, token, question, position, answer, imported_ms,"
        " device) SELECT ?1, e.id, ?3, ?4, ?5, ?6, ?7, ?8 FROM event e WHERE e.key = ?2"
        " ON CONFLICT(event_id, token, question) DO UPDATE SET position = excluded.position,"
        " answer = excluded.answer, imported_ms = excluded.imported_ms,"
        " device = excluded.device WHERE excluded.imported_ms > form_answer.imported_ms"
        " AND (excluded.answer <> form_answer.answer"
        " OR excluded.position <> form_answer.position)";
    sqlite3_stmt *r = NULL, *w = NULL;
    int rc = sqlite3_prepare_v2(other, read_sql, -1, &r, NULL);
    if (rc != SQLITE_OK) {
        storep_set_err(s, "%s: cannot read its form answers: %s", other_path,
                       sqlite3_errmsg(other));
        return STORE_CORRUPT;
    }
    rc = sqlite3_prepare_v2(s->db, write_sql, -1, &w, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(r);
        return storep_fail_rc(s, rc, "merge: form answers");
    }
    StoreStatus st = STORE_OK;
    while ((rc = sqlite3_step(r)) == SQLITE_ROW) {
        int64_t pos = sqlite3_column_int64(r, 4);
        if (!other_text(r, 0, IDS_UUID_LEN) || !other_text(r, 1, EVENT_KEY_MAX) ||
            !other_text(r, 2, FORM_TOKEN_MAX) || !other_text(r, 3, STORE_FORM_QUESTION_MAX) ||
            !other_text(r, 5, STORE_FORM_ANSWER_MAX) || !other_text(r, 7, IDS_UUID_LEN) ||
            sqlite3_column_type(r, 4) != SQLITE_INTEGER || pos < 1 ||
            pos > STORE_FORM_POSITION_MAX || sqlite3_column_type(r, 6) != SQLITE_INTEGER ||
            !form_token_ok((const char *)sqlite3_column_text(r, 2))) {
            storep_set_err(s,
                           "%s: a row of its form_answer table is not as mingel writes it; "
                           "nothing was merged",
                           other_path);
            st = STORE_CORRUPT;
            break;
        }
        for (int i = 0; i < 8; i++) {
            if (i == 4 || i == 6) {
                sqlite3_bind_int64(w, i + 1, sqlite3_column_int64(r, i));
            } else {
                sqlite3_bind_text(w, i + 1, (const char *)sqlite3_column_text(r, i), -1,
                                  SQLITE_TRANSIENT);
            }
        }
        int wrc = storep_run(w);
        if (wrc != SQLITE_DONE) {
            st = storep_fail_rc(s, wrc, "merge: form answers");
            break;
        }
        *count += (size_t)sqlite3_changes(s->db);
    }
    if (st == STORE_OK && rc != SQLITE_DONE) {
        st = storep_fail_rc(s, rc, "merge: read form answers");
    }
    sqlite3_finalize(r);
    sqlite3_finalize(w);
    return st;
}
