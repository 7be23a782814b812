/* store_util: the helpers every store file uses: statuses and errors, binding and reading columns,
 * stepping, transactions, new ids (contract in store.h, shared parts in store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- Small helpers ---------------------------------------------------------------- */

static const char *const store_status_texts[] = {
    [STORE_OK] = "ok",
    [STORE_NOT_FOUND] = "not found",
    [STORE_ALREADY] = "already checked in",
    [STORE_INVALID] = "invalid input",
    [STORE_FULL] = "disk full",
    [STORE_READONLY] = "database is read-only",
    [STORE_CORRUPT] = "database is damaged or not a database",
    [STORE_FOREIGN] = "database belongs to another program",
    [STORE_TOO_NEW] = "database is from a newer mingel",
    [STORE_UNSAFE] = "database cannot be made crash-safe (WAL, synchronous=FULL)",
    [STORE_IO] = "storage error",
};

const char *store_status_text(StoreStatus st)
{
    size_t n = sizeof store_status_texts / sizeof store_status_texts[0];
    if ((size_t)st >= n || !store_status_texts[st]) {
        return "unknown store status";
    }
    return store_status_texts[st];
}

/* Maps an SQLite result code (primary or extended) to a store status. */
StoreStatus storep_status_from_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE: return STORE_OK;
    case SQLITE_FULL: return STORE_FULL;
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM: return STORE_READONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return STORE_CORRUPT;
    default: return STORE_IO;
    }
}

void storep_vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    if (!buf || cap == 0) {
        return;
    }
    if (vsnprintf(buf, cap, fmt, ap) < 0) {
        buf[0] = '\0';
    }
}

void storep_set_err(Store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    storep_vformat(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
}

void storep_put_msg(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    storep_vformat(buf, cap, fmt, ap);
    va_end(ap);
}

/* Records an SQLite failure of operation `what` and returns its status (never
 * STORE_OK, even for a code that is not an error where one was not expected). */
StoreStatus storep_fail_rc(Store *s, int rc, const char *what)
{
    storep_set_err(s, "%s: %s (SQLite code %d)", what, sqlite3_errmsg(s->db), rc);
    StoreStatus st = storep_status_from_rc(rc);
    return st == STORE_OK ? STORE_IO : st;
}

/* Copies n bytes of UTF-8 into dst (capacity cap > 0), NUL-terminated. Text too long is
 * cut before the code point that does not fit, never inside one. */
void storep_copy_utf8(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) {
            n--;
        }
    }
    if (n > 0) {
        memcpy(dst, src, n);
    }
    dst[n] = '\0';
}

void storep_copy_column(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    int n = sqlite3_column_bytes(st, col);
    storep_copy_utf8(dst, cap, t ? t : "", t && n > 0 ? (size_t)n : 0);
}

/* Reads the ATTENDEE_COLUMNS of the current row. */
void storep_read_attendee(sqlite3_stmt *st, StoreAttendee *a)
{
    memset(a, 0, sizeof *a);
    storep_copy_column(a->id, sizeof a->id, st, 0);
    storep_copy_column(a->name, sizeof a->name, st, 1);
    storep_copy_column(a->organisation, sizeof a->organisation, st, 2);
    storep_copy_column(a->role, sizeof a->role, st, 3);
    storep_copy_column(a->ticket, sizeof a->ticket, st, 4);
    const char *src = (const char *)sqlite3_column_text(st, 5);
    a->walk_in = src && strcmp(src, "walkin") == 0;
    a->checked_in_ms = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 6);
}

/* True if field (an array of cap bytes) holds a NUL-terminated, valid UTF-8 string
 * without control characters: text the kiosk can show. */
bool storep_field_ok(const char *field, size_t cap)
{
    const char *end = memchr(field, '\0', cap);
    if (!end) {
        return false;
    }
    size_t n = (size_t)(end - field);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)field[i];
        if (c < 0x20 || c == 0x7F) {
            return false;
        }
    }
    return text_valid_utf8(field, n);
}

bool storep_is_blank(const char *s)
{
    for (; *s; s++) {
        if (*s != ' ') {
            return false;
        }
    }
    return true;
}

int storep_bind_text(sqlite3_stmt *st, int i, const char *text)
{
    /* SQLITE_STATIC: every caller's text outlives the step that uses it. */
    return sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

/* A clock column: a StoreClock, or NULL for STORE_CLOCK_UNKNOWN (which no writer of this
 * version passes, see store_set_clock). */
int storep_bind_clock(sqlite3_stmt *st, int i, StoreClock c)
{
    return c == STORE_CLOCK_UNKNOWN ? sqlite3_bind_null(st, i) : sqlite3_bind_int(st, i, (int)c);
}

/* Reads a clock column: NULL (a row from before schema 4) and anything the schema's CHECK
 * does not allow are STORE_CLOCK_UNKNOWN. */
StoreClock storep_column_clock(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER) {
        return STORE_CLOCK_UNKNOWN;
    }
    int64_t v = sqlite3_column_int64(st, col);
    return v >= STORE_CLOCK_UNTRUSTED && v <= STORE_CLOCK_SET ? (StoreClock)v : STORE_CLOCK_UNKNOWN;
}

/* Resets a statement for its next use and drops its bindings. */
void storep_done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* Steps a statement that returns no rows (or whose rows are not needed). */
int storep_run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    storep_done(st);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* ---- Transactions ----------------------------------------------------------------- */

StoreStatus storep_tx_begin(Store *s)
{
    int rc = storep_run(s->stmt[SQL_BEGIN]);
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "begin");
}

/* Rolls back the open transaction, if any. SQLite may already have rolled it back by
 * itself (after SQLITE_FULL or an I/O error); then there is nothing to do. */
void storep_tx_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db)) {
        storep_run(s->stmt[SQL_ROLLBACK]);
    }
}

/* Commits. Returns STORE_OK only when COMMIT returned SQLITE_OK: the commit frame is then
 * in the -wal and fsync()ed (synchronous=FULL), so the transaction survives a power cut.
 * On failure the transaction is rolled back and nothing of it is stored, with one case
 * no program can rule out: when the fsync itself fails, the frames may still reach the
 * disk, and a crash before the next write would bring the transaction back on open. The
 * kiosk then said "not saved" about a record that exists, never the reverse. */
static StoreStatus tx_commit(Store *s)
{
    int rc = storep_run(s->stmt[SQL_COMMIT]);
    if (rc == SQLITE_DONE) {
        return STORE_OK;
    }
    StoreStatus st = storep_fail_rc(s, rc, "commit");
    storep_tx_rollback(s);
    return st;
}

/* Ends a write: commits on STORE_OK, otherwise rolls back and keeps st. */
StoreStatus storep_tx_end(Store *s, StoreStatus st)
{
    if (st == STORE_OK) {
        return tx_commit(s);
    }
    storep_tx_rollback(s);
    return st;
}

/* New UUIDv7 for time now_ms from the store's random source. */
StoreStatus storep_new_id(Store *s, char out[IDS_UUID_LEN + 1], int64_t now_ms)
{
    if (ids_uuid7(out, now_ms, s->rnd, s->rnd_ctx) != 0) {
        storep_set_err(s, "the random source failed; nothing was written");
        return STORE_IO;
    }
    return STORE_OK;
}

StoreStatus storep_event_exists(Store *s, const char *event_id)
{
    sqlite3_stmt *st = s->stmt[SQL_EVENT_EXISTS];
    storep_bind_text(st, 1, event_id);
    int rc = sqlite3_step(st);
    StoreStatus out = rc == SQLITE_ROW    ? STORE_OK
                      : rc == SQLITE_DONE ? STORE_NOT_FOUND
                                          : storep_fail_rc(s, rc, "event lookup");
    storep_done(st);
    if (out == STORE_NOT_FOUND) {
        storep_set_err(s, "no event with id %s", event_id);
    }
    return out;
}

StoreStatus storep_event_query(Store *s, const char *event_id, const char *sql, const char *what,
                               sqlite3_stmt **out)
{
    *out = NULL;
    StoreStatus res = storep_event_exists(s, event_id);
    if (res != STORE_OK) {
        return res;
    }
    int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return storep_fail_rc(s, rc, what);
    }
    storep_bind_text(*out, 1, event_id);
    return STORE_OK;
}

StoreStatus storep_attendee_in_event(Store *s, const char *attendee_id, const char *event_id,
                                     const char *what)
{
    sqlite3_stmt *in = s->stmt[SQL_ATTENDEE_IN_EVENT];
    storep_bind_text(in, 1, attendee_id);
    storep_bind_text(in, 2, event_id);
    int rc = sqlite3_step(in);
    storep_done(in);
    if (rc == SQLITE_DONE) {
        storep_set_err(s, "%s: no attendee %s in event %s", what, attendee_id, event_id);
        return STORE_NOT_FOUND;
    }
    if (rc != SQLITE_ROW) {
        char step[64];
        snprintf(step, sizeof step, "%s: attendee", what);
        return storep_fail_rc(s, rc, step);
    }
    return STORE_OK;
}

bool storep_column_is(sqlite3_stmt *st, int col, const char *text)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return t && strcmp(t, text) == 0;
}
/* Runs one write statement of its own transaction, with text bound to ?1 (unless NULL) and
 * num to ?2 where the statement has them. *changes (may be NULL) gets the rows written. */
StoreStatus storep_write_one(Store *s, const char *sql, const char *text, int64_t num,
                             const char *what, int *changes)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, what);
    }
    StoreStatus res = storep_tx_begin(s);
    if (res == STORE_OK) {
        if (text && sqlite3_bind_parameter_count(st) >= 1) {
            storep_bind_text(st, 1, text);
        }
        if (sqlite3_bind_parameter_count(st) >= 2) {
            sqlite3_bind_int64(st, 2, num);
        }
        rc = storep_run(st);
        res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, what);
        if (changes) {
            *changes = res == STORE_OK ? sqlite3_changes(s->db) : 0;
        }
        res = storep_tx_end(s, res);
    }
    sqlite3_finalize(st);
    return res;
}
/* floor(t / step) * step, also for t < 0. */
int64_t storep_floor_to(int64_t t, int64_t step)
{
    int64_t r = t % step;
    return t - r - (r < 0 ? step : 0);
}
