/* store_sync: live sharing's side of the store (contract in store.h, "Live sharing"): the
 * outbox the schema's triggers fill, the JSON message of a record, and taking other
 * kiosks' messages in through the merge's own code (storep_live_*, store_merge.c).
 * cJSON writes and parses the messages; every value it hands over is checked again by the
 * merge's bind_other before anything is written. */
#include "core/store_private.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#define SYNC_ROWS_MAX 8 /* rows of one message: a check-in needs 3 */

static const char *const kind_name[STOREP_ROW_KINDS] = {
    [STOREP_ROW_ATTENDEE] = "attendee",
    [STOREP_ROW_CHECKIN] = "checkin",
    [STOREP_ROW_RATING] = "rating",
    [STOREP_ROW_REFLECTION] = "reflection",
};

/* A record of this database in the row shape of its kind, by id; after the row's columns,
 * the event's key and (check-ins) the attendee's id and the undone check-in's id. */
static const char *const record_sql[STOREP_ROW_KINDS] = {
    [STOREP_ROW_ATTENDEE] = "SELECT a.id, a.event_id, a.key, a.name, a.organisation, a.role,"
                            " a.email, a.ticket, a.source, a.consent, a.created_ms, a.updated_ms,"
                            " a.device, a.clock, e.key FROM attendee a"
                            " JOIN event e ON e.id = a.event_id WHERE a.id = ?1",
    [STOREP_ROW_CHECKIN] = "SELECT c.id, c.event_id, a.key, c.at_ms, c.device, c.reverses,"
                           " c.clock, e.key, c.attendee_id, c.reverses FROM checkin c"
                           " JOIN attendee a ON a.id = c.attendee_id"
                           " JOIN event e ON e.id = c.event_id WHERE c.id = ?1",
    [STOREP_ROW_RATING] = "SELECT r.id, r.event_id, r.token, r.question, r.value, r.at_ms,"
                          " r.device, r.flagged, r.clock, e.key FROM rating r"
                          " JOIN event e ON e.id = r.event_id WHERE r.id = ?1",
    [STOREP_ROW_REFLECTION] = "SELECT r.id, r.event_id, r.token, r.text, r.at_ms, r.device,"
                              " r.flagged, r.clock, e.key FROM reflection r"
                              " JOIN event e ON e.id = r.event_id WHERE r.id = ?1",
};

static int kind_of(const char *name)
{
    for (int k = 0; k < STOREP_ROW_KINDS; k++) {
        if (strcmp(name, kind_name[k]) == 0) {
            return k;
        }
    }
    return -1;
}

/* ---- Messages out ---------------------------------------------------------------------- */

typedef struct Extra {
    char event_key[EVENT_KEY_MAX];
    char event_id[IDS_UUID_LEN + 1];
    char attendee_id[IDS_UUID_LEN + 1]; /* check-ins */
    char reverses[IDS_UUID_LEN + 1];    /* check-ins that undo one; "" otherwise */
} Extra;

/* Appends the record (kind, id) as a row to rows; fills extra. *found false when the
 * record is not here. */
static StoreStatus add_record(Store *s, int kind, const char *id, cJSON *rows, Extra *extra,
                              bool *found)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, record_sql[kind], -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "sync: prepare");
    }
    storep_bind_text(st, 1, id);
    rc = sqlite3_step(st);
    *found = rc == SQLITE_ROW;
    StoreStatus res =
        rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "sync: read");
    if (*found) {
        int n = storep_row_cols[kind];
        cJSON *row = cJSON_CreateArray();
        bool ok = row && cJSON_AddItemToArray(rows, row) &&
                  cJSON_AddItemToArray(row, cJSON_CreateString(kind_name[kind]));
        for (int c = 0; ok && c < n; c++) {
            cJSON *v = NULL;
            switch (sqlite3_column_type(st, c)) {
            case SQLITE_INTEGER: v = cJSON_CreateNumber((double)sqlite3_column_int64(st, c)); break;
            case SQLITE_NULL: v = cJSON_CreateNull(); break;
            default: v = cJSON_CreateString((const char *)sqlite3_column_text(st, c)); break;
            }
            ok = v && cJSON_AddItemToArray(row, v);
        }
        storep_copy_column(extra->event_key, sizeof extra->event_key, st, n);
        storep_copy_column(extra->event_id, sizeof extra->event_id, st, 1);
        if (kind == STOREP_ROW_CHECKIN) {
            storep_copy_column(extra->attendee_id, sizeof extra->attendee_id, st, n + 1);
            storep_copy_column(extra->reverses, sizeof extra->reverses, st, n + 2);
        }
        if (!ok) {
            storep_set_err(s, "sync: out of memory");
            res = STORE_IO;
        }
    }
    sqlite3_finalize(st);
    return res;
}

/* The message of outbox entry (kind, id) into *json (cJSON, the caller deletes it), or
 * NULL when the record is gone; *key gets its event's key. */
static StoreStatus record_message(Store *s, int kind, const char *id, cJSON **json,
                                  char key[EVENT_KEY_MAX])
{
    *json = NULL;
    cJSON *msg = cJSON_CreateObject();
    cJSON *rows = cJSON_CreateArray();
    if (!msg || !rows || !cJSON_AddItemToObject(msg, "rows", rows)) {
        cJSON_Delete(msg);
        cJSON_Delete(rows);
        storep_set_err(s, "sync: out of memory");
        return STORE_IO;
    }
    Extra main, other;
    memset(&main, 0, sizeof main);
    memset(&other, 0, sizeof other);
    bool found = false;
    StoreStatus st = STORE_OK;
    if (kind == STOREP_ROW_CHECKIN) {
        /* Attendee first, then the undone check-in (if any), then this one: a kiosk that
         * has none of them yet can take all three in, in this order. */
        cJSON *tmp = cJSON_CreateArray();
        st = tmp ? add_record(s, kind, id, tmp, &main, &found) : STORE_IO;
        if (st == STORE_OK && found) {
            bool f2 = false;
            st = add_record(s, STOREP_ROW_ATTENDEE, main.attendee_id, rows, &other, &f2);
            if (st == STORE_OK && main.reverses[0]) {
                st = add_record(s, STOREP_ROW_CHECKIN, main.reverses, rows, &other, &f2);
            }
            cJSON *row = cJSON_DetachItemFromArray(tmp, 0);
            if (row) {
                cJSON_AddItemToArray(rows, row);
            }
        }
        cJSON_Delete(tmp);
    } else {
        st = add_record(s, kind, id, rows, &main, &found);
    }
    if (st != STORE_OK || !found) {
        cJSON_Delete(msg);
        return st;
    }
    if (!cJSON_AddNumberToObject(msg, "mingel", 1) ||
        !cJSON_AddStringToObject(msg, "event", main.event_key) ||
        !cJSON_AddStringToObject(msg, "event_id", main.event_id) ||
        !cJSON_AddStringToObject(msg, "device", s->device)) {
        cJSON_Delete(msg);
        storep_set_err(s, "sync: out of memory");
        return STORE_IO;
    }
    /* The writer's name as it is now, so the others can say where a check-in was made. */
    char name[STORE_DEVICE_NAME_MAX];
    int64_t named_ms = 0;
    st = store_device_name(s, s->device, name, sizeof name, &named_ms);
    if (st == STORE_OK && (!cJSON_AddStringToObject(msg, "device_name", name) ||
                           !cJSON_AddNumberToObject(msg, "named_ms", (double)named_ms))) {
        cJSON_Delete(msg);
        storep_set_err(s, "sync: out of memory");
        return STORE_IO;
    }
    if (st != STORE_OK && st != STORE_NOT_FOUND) {
        cJSON_Delete(msg);
        return st;
    }
    memcpy(key, main.event_key, EVENT_KEY_MAX);
    *json = msg;
    return STORE_OK;
}

static StoreStatus delete_entry(Store *s, int64_t seq)
{
    return storep_write_one(s, "DELETE FROM sync_outbox WHERE seq = ?2", NULL, seq, "sync: outbox",
                            NULL);
}

StoreStatus store_sync_next(Store *s, const char *event_key, int64_t after_seq, StoreSyncOut *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "SELECT seq, kind, record_id FROM sync_outbox WHERE seq > ?1"
                                " ORDER BY seq LIMIT 1",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "sync: outbox");
    }
    StoreStatus res = STORE_NOT_FOUND;
    for (;;) {
        sqlite3_bind_int64(st, 1, after_seq);
        rc = sqlite3_step(st);
        if (rc != SQLITE_ROW) {
            res = rc == SQLITE_DONE ? STORE_NOT_FOUND : storep_fail_rc(s, rc, "sync: outbox");
            break;
        }
        int64_t seq = sqlite3_column_int64(st, 0);
        char kind_text[16], id[IDS_UUID_LEN + 1];
        storep_copy_column(kind_text, sizeof kind_text, st, 1);
        storep_copy_column(id, sizeof id, st, 2);
        storep_done(st);
        after_seq = seq;
        int kind = kind_of(kind_text);
        cJSON *msg = NULL;
        char key[EVENT_KEY_MAX] = "";
        res = kind < 0 ? STORE_OK : record_message(s, kind, id, &msg, key);
        if (res != STORE_OK) {
            break;
        }
        if (!msg) { /* gone (purged), or a kind this mingel does not know */
            res = delete_entry(s, seq);
            if (res != STORE_OK) {
                break;
            }
            continue;
        }
        if (strcmp(key, event_key) != 0) {
            cJSON_Delete(msg);
            continue;
        }
        char *text = cJSON_PrintUnformatted(msg);
        cJSON_Delete(msg);
        if (!text) {
            storep_set_err(s, "sync: out of memory");
            res = STORE_IO;
            break;
        }
        out->seq = seq;
        memcpy(out->msg_id, id, sizeof id);
        out->payload = text;
        out->len = strlen(text);
        res = STORE_OK;
        break;
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_sync_done(Store *s, const int64_t *seqs, size_t n)
{
    if (n == 0) {
        return STORE_OK;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "DELETE FROM sync_outbox WHERE seq = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "sync: outbox");
    }
    StoreStatus res = storep_tx_begin(s);
    for (size_t i = 0; res == STORE_OK && i < n; i++) {
        sqlite3_bind_int64(st, 1, seqs[i]);
        rc = storep_run(st);
        res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "sync: outbox");
    }
    if (res == STORE_OK || !sqlite3_get_autocommit(s->db)) {
        res = storep_tx_end(s, res);
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_sync_pending(Store *s, int64_t *n)
{
    *n = 0;
    int rc = storep_query_int(s->db, "SELECT count(*) FROM sync_outbox", n);
    return rc == SQLITE_OK ? STORE_OK : storep_fail_rc(s, rc, "sync: outbox");
}

StoreStatus store_sync_requeue(Store *s, const char *event_key)
{
    return storep_write_one(
        s,
        "INSERT INTO sync_outbox(kind, record_id)"
        " SELECT kind, id FROM ("
        "  SELECT 'attendee' AS kind, a.id, a.created_ms AS at, 0 AS o FROM attendee a"
        "   JOIN event e ON e.id = a.event_id WHERE e.key = ?1 AND a.source = 'walkin'"
        "  UNION ALL SELECT 'checkin', c.id, c.at_ms, c.reverses IS NOT NULL FROM checkin c"
        "   JOIN event e ON e.id = c.event_id WHERE e.key = ?1"
        "  UNION ALL SELECT 'rating', r.id, r.at_ms, 0 FROM rating r"
        "   JOIN event e ON e.id = r.event_id WHERE e.key = ?1"
        "  UNION ALL SELECT 'reflection', r.id, r.at_ms, 0 FROM reflection r"
        "   JOIN event e ON e.id = r.event_id WHERE e.key = ?1)"
        " ORDER BY o, at, id",
        event_key, 0, "sync: requeue", NULL);
}

StoreStatus store_sync_mark_get(Store *s, char *out, size_t cap)
{
    out[0] = '\0';
    int rc = storep_query_text(s->db, "SELECT value FROM meta WHERE key = 'sync_stream'", out, cap);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "sync: meta");
}

StoreStatus store_sync_mark_put(Store *s, const char *mark)
{
    return storep_write_one(s,
                            "INSERT INTO meta(key, value) VALUES ('sync_stream', ?1)"
                            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                            mark, 0, "sync: meta", NULL);
}

/* ---- Messages in ----------------------------------------------------------------------- */

/* Reads one message into rows; returns how many, or -1 when it is not a message of this
 * format. *event_id points into json. */
static int parse_message(const cJSON *json, const char *event_key, StorepRow rows[SYNC_ROWS_MAX],
                         const char **event_id, bool *other_event)
{
    *other_event = false;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(json, "mingel");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(json, "event");
    const cJSON *evid = cJSON_GetObjectItemCaseSensitive(json, "event_id");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(json, "rows");
    if (!cJSON_IsNumber(ver) || ver->valuedouble != 1 || !cJSON_IsString(ev) ||
        !cJSON_IsString(evid) || !cJSON_IsArray(list)) {
        return -1;
    }
    if (strcmp(ev->valuestring, event_key) != 0) {
        *other_event = true;
        return -1;
    }
    *event_id = evid->valuestring;
    int n = 0;
    const cJSON *row = NULL;
    cJSON_ArrayForEach(row, list)
    {
        if (n == SYNC_ROWS_MAX || !cJSON_IsArray(row)) {
            return -1;
        }
        const cJSON *kind = cJSON_GetArrayItem(row, 0);
        int k = cJSON_IsString(kind) ? kind_of(kind->valuestring) : -1;
        if (k < 0 || cJSON_GetArraySize(row) != storep_row_cols[k] + 1) {
            return -1;
        }
        StorepRow *r = &rows[n++];
        r->kind = (StorepRowKind)k;
        int c = -1;
        const cJSON *v = NULL;
        cJSON_ArrayForEach(v, row)
        {
            if (c >= 0) {
                StorepValue *out = &r->v[c];
                if (cJSON_IsNull(v)) {
                    out->type = SQLITE_NULL;
                } else if (cJSON_IsString(v)) {
                    out->type = SQLITE_TEXT;
                    out->t = v->valuestring;
                    size_t len = strlen(v->valuestring);
                    if (len > STORE_SYNC_MSG_MAX) {
                        return -1;
                    }
                    out->n = (int)len;
                } else if (cJSON_IsNumber(v) && fabs(v->valuedouble) <= 9007199254740992.0 &&
                           v->valuedouble == floor(v->valuedouble)) {
                    out->type = SQLITE_INTEGER;
                    out->i = (int64_t)v->valuedouble;
                } else {
                    return -1;
                }
            }
            c++;
        }
    }
    return n;
}

/* The writer's name, when the message carries one it can use (store.h, "Kiosk names"). */
static StoreStatus take_name(Store *s, const cJSON *json)
{
    const cJSON *dev = cJSON_GetObjectItemCaseSensitive(json, "device");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(json, "device_name");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(json, "named_ms");
    if (!cJSON_IsString(dev) || !cJSON_IsString(name) || !cJSON_IsNumber(at) ||
        at->valuedouble < 0 || at->valuedouble > 9007199254740992.0 ||
        strcmp(dev->valuestring, s->device) == 0) { /* this kiosk's own name is its own */
        return STORE_OK;
    }
    return storep_device_put(s, dev->valuestring, name->valuestring, (int64_t)at->valuedouble);
}

StoreStatus store_sync_apply(Store *s, const char *event_key, StoreSyncIn *msgs, size_t n,
                             StoreMergeReport *rep, void (*note)(void *ctx, const char *line),
                             void *ctx)
{
    if (rep) {
        memset(rep, 0, sizeof *rep);
    }
    if (!s->live && !(s->live = storep_live_open(s))) {
        return STORE_IO;
    }
    StoreMergeReport r = {0};
    StoreStatus res = storep_tx_begin(s);
    for (size_t i = 0; res == STORE_OK && i < n; i++) {
        StoreSyncIn *m = &msgs[i];
        m->status = STORE_INVALID;
        if (m->len == 0 || m->len > STORE_SYNC_MSG_MAX) {
            continue;
        }
        cJSON *json = cJSON_ParseWithLength(m->data, m->len);
        StorepRow rows[SYNC_ROWS_MAX];
        const char *event_id = NULL;
        bool other = false;
        int nrows = json ? parse_message(json, event_key, rows, &event_id, &other) : -1;
        if (nrows < 0) {
            m->status = other ? STORE_NOT_FOUND : STORE_INVALID;
            cJSON_Delete(json);
            continue;
        }
        int rc = sqlite3_exec(s->db, "SAVEPOINT sync_msg", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            res = storep_fail_rc(s, rc, "sync: savepoint");
            cJSON_Delete(json);
            break;
        }
        StoreMergeReport one = {0};
        StoreStatus st = storep_live_rows(s->live, event_key, event_id, rows, (size_t)nrows, &one);
        if (st == STORE_OK) {
            st = take_name(s, json);
        }
        cJSON_Delete(json);
        if (st == STORE_OK) {
            rc = sqlite3_exec(s->db, "RELEASE sync_msg", NULL, NULL, NULL);
        } else {
            rc = sqlite3_exec(s->db, "ROLLBACK TO sync_msg; RELEASE sync_msg", NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            res = storep_fail_rc(s, rc, "sync: savepoint");
            break;
        }
        if (st == STORE_CORRUPT || st == STORE_NOT_FOUND || st == STORE_INVALID) {
            m->status = st; /* this message refused, the others go on */
            continue;
        }
        if (st != STORE_OK) {
            res = st;
            break;
        }
        m->status = STORE_OK;
        r.attendees += one.attendees;
        r.checkins += one.checkins;
        r.ratings += one.ratings;
        r.reflections += one.reflections;
        r.conflicts += one.conflicts;
    }
    if (res == STORE_OK) {
        res = storep_live_doubles(s->live, &r, note, ctx);
    }
    if (res == STORE_OK || !sqlite3_get_autocommit(s->db)) {
        res = storep_tx_end(s, res);
    }
    if (res != STORE_OK) {
        for (size_t i = 0; i < n; i++) {
            msgs[i].status = res;
        }
        return res;
    }
    if (rep) {
        *rep = r;
    }
    return STORE_OK;
}
