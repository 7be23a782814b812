/* store_private.h: what the files of the store share (never included outside them).
 *
 * The store's contract is store.h; its implementation is split by concern into
 * app/core/store*.c, the only files that include sqlite3.h (docs/ARCHITECTURE.md):
 *   store.c            opening: the file checks, WAL and synchronous=FULL, closing
 *   store_schema.c     the tables, as migration steps from the first release on
 *   store_util.c       statuses and errors, binding and reading columns, transactions, ids
 *   store_event.c      the clock state and setting, events and their questions
 *   store_people.c     attendees, the roster import, check-ins, walk-ins, undo, statistics
 *   store_feedback.c   ratings and reflections
 *   store_pin.c        the admin PIN hash and failed attempts
 *   store_merge.c      another kiosk's records taken in (store_merge_private.h), from a
 *                      file or from live messages
 *   store_merge_file.c merging another kiosk's database file
 *   store_purge.c      retention: removing personal data past its time
 *   store_read.c       reading everything out for exports, the canonical dump
 *   store_responses.c  the follow-up form's answers (store_responses.h), merged too
 *   store_sync.c       live sharing: the outbox, messages in and out
 *   store_badge.c      badge jobs: queued at check-in, reprints, preprints, their states
 *   store_board.c      the board: who is here, first-timers, topics, taking oneself off
 *   store_device.c     kiosk names, where a check-in was made; merged too
 * Private names carry the prefix storep_ (public ones store_). Everything here runs on
 * the thread that owns the Store (store.h: one connection, one thread at a time).
 */
#ifndef MINGEL_STORE_PRIVATE_H
#define MINGEL_STORE_PRIVATE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <sqlite3.h>

#include "core/store.h"

#define STORE_APP_ID         0x4D494E47 /* 'MING' in PRAGMA application_id */
#define STORE_BUSY_MS        2000       /* wait this long for another connection's lock */
#define STORE_HEADER_SIZE    100        /* bytes of the SQLite file header */
#define STORE_ERR_MAX        512
#define STORE_SCHEMA_VERSION 12 /* user_version after every migration (store_schema.c checks) */

/* The time of the attendee's active check-in, or NULL. `who` is an SQL expression for
 * the attendee id. */
#define ACTIVE_CHECKIN_MS(who)                                                                     \
    "(SELECT max(c.at_ms) FROM checkin c WHERE c.attendee_id = " who " AND c.reverses IS NULL"     \
    " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id))"

/* Columns read into a StoreAttendee, in this order (see storep_read_attendee). */
#define ATTENDEE_COLUMNS                                                                           \
    "a.id, a.name, a.organisation, a.role, a.ticket, a.source, " ACTIVE_CHECKIN_MS("a.id")

/* The active check-ins of attendee ?1, earliest first (time, then id): the rows ACTIVE_CHECKIN_MS
 * looks at. */
#define ACTIVE_CHECKINS_OF_ATTENDEE                                                                \
    "SELECT c.id, c.event_id, c.at_ms, c.device, c.clock FROM checkin c WHERE c.attendee_id = ?1"  \
    " AND c.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id)"     \
    " ORDER BY c.at_ms, c.id"

#define REVERSAL_INSERT                                                                            \
    "INSERT INTO checkin(id, event_id, attendee_id, at_ms, device, reverses, clock)"               \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"

/* ---- Hot statements, prepared once at open (store.c) ---- */

typedef enum StoreStmt {
    SQL_BEGIN,
    SQL_COMMIT,
    SQL_ROLLBACK,
    SQL_EVENT_EXISTS,
    SQL_ATTENDEE_GET,
    SQL_ATTENDEE_TICKET,
    SQL_ATTENDEE_IN_EVENT,
    SQL_CHECKIN_ACTIVE,
    SQL_CHECKIN_INSERT,
    SQL_WALKIN_INSERT,
    SQL_QUESTION_SCALE,
    SQL_RATING_UPSERT,
    SQL_RATING_GET,
    SQL_REFLECTION_MAX,
    SQL_REFLECTION_UPSERT,
    SQL_COUNT
} StoreStmt;

struct Store {
    sqlite3 *db;
    char *path; /* owned copy, for messages */
    RandomFn rnd;
    void *rnd_ctx;
    char device[IDS_UUID_LEN + 1];
    char err[STORE_ERR_MAX]; /* last failure, for store_last_error */
    int64_t max_pages;       /* SQLite's max_page_count at open: "no cap" (pages) */
    StoreClock clock;        /* written with every record (store_set_clock) */
    sqlite3_stmt *stmt[SQL_COUNT];
    struct StorepLive *live;      /* store_sync_apply's statements, made on first use */
    void (*on_commit)(void *ctx); /* store_on_commit */
    void *on_commit_ctx;
    bool counted; /* in store.c's list of the files open in this process, as dev and ino */
    dev_t dev;
    ino_t ino;
};

/* ---- Shared helpers (store_util.c) ---- */

StoreStatus storep_status_from_rc(int rc);
void storep_vformat(char *buf, size_t cap, const char *fmt, va_list ap);
void storep_set_err(Store *s, const char *fmt, ...);
void storep_put_msg(char *buf, size_t cap, const char *fmt, ...);
StoreStatus storep_fail_rc(Store *s, int rc, const char *what);
void storep_copy_utf8(char *dst, size_t cap, const char *src, size_t n);
void storep_copy_column(char *dst, size_t cap, sqlite3_stmt *st, int col);
void storep_read_attendee(sqlite3_stmt *st, StoreAttendee *a);
bool storep_field_ok(const char *field, size_t cap);
bool storep_is_blank(const char *s);
int storep_bind_text(sqlite3_stmt *st, int i, const char *text);
int storep_bind_clock(sqlite3_stmt *st, int i, StoreClock c);
StoreClock storep_column_clock(sqlite3_stmt *st, int col);
void storep_done(sqlite3_stmt *st);
int storep_run(sqlite3_stmt *st);
StoreStatus storep_tx_begin(Store *s);
void storep_tx_rollback(Store *s);
StoreStatus storep_tx_end(Store *s, StoreStatus st);
StoreStatus storep_new_id(Store *s, char out[IDS_UUID_LEN + 1], int64_t now_ms);
StoreStatus storep_event_exists(Store *s, const char *event_id);
/* An ad-hoc statement about one event: STORE_NOT_FOUND (with its message) when there is no
 * event event_id, else sql prepared into *out with event_id bound to ?1, for the caller to
 * step and finalize. A failed prepare is an error named what; *out is NULL on failure. */
StoreStatus storep_event_query(Store *s, const char *event_id, const char *sql, const char *what,
                               sqlite3_stmt **out);
/* Inside a transaction: STORE_OK when attendee_id is an attendee of event_id, else
 * STORE_NOT_FOUND with the message "what: no attendee A in event E", or the error. */
StoreStatus storep_attendee_in_event(Store *s, const char *attendee_id, const char *event_id,
                                     const char *what);
/* Inside the check-in's transaction (store_badge.c): queues the attendee's badge when the
 * event prints badges and the attendee has no badge job yet. */
StoreStatus storep_badge_on_checkin(Store *s, const char *event_id, const char *attendee_id,
                                    int64_t now_ms);
bool storep_column_is(sqlite3_stmt *st, int col, const char *text);
StoreStatus storep_write_one(Store *s, const char *sql, const char *text, int64_t num,
                             const char *what, int *changes);
int64_t storep_floor_to(int64_t t, int64_t step);

/* ---- Opening checks a merge repeats on the other file (store.c) ---- */

uint32_t storep_be32(const unsigned char *p);
int storep_query_int(sqlite3 *db, const char *sql, int64_t *out);
int storep_query_text(sqlite3 *db, const char *sql, char *out, size_t cap);
int storep_need_row(int rc);
bool storep_path_exists(const char *path, const char *suffix);
StoreStatus storep_judge_identity(const char *path, uint32_t app_id, int64_t version,
                                  int64_t objects, bool *fresh, char *err, size_t errcap);
StoreStatus storep_open_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                             size_t errcap);
StoreStatus storep_check_with_sqlite(sqlite3 *db, const char *path, bool existed, bool wal,
                                     int64_t *version, char *err, size_t errcap);

/* ---- The schema (store_schema.c) ----
 * Runs each migration step after `version` (the file's user_version) up to
 * STORE_SCHEMA_VERSION, each in its own transaction together with its user_version bump:
 * a crash leaves the old or the new schema, never a mix. On failure, the message names
 * path and the step. */
StoreStatus storep_migrate(sqlite3 *db, const char *path, int64_t version, char *err,
                           size_t errcap);

/* ---- The follow-up form's answers, for a merge (store_responses.c) ----
 * Takes the other database's form answers into this one inside the merge's transaction;
 * the other's events are here by then (matched by key). Adds the rows taken in or
 * replaced to *count. A file without the table has none. */
StoreStatus storep_merge_form_answers(Store *s, sqlite3 *other, const char *other_path,
                                      size_t *count);
/* ---- Kiosk names (store_device.c) ----
 * Takes a name for device id (named at named_ms) unless a later one is known; text is
 * checked (valid UTF-8, no control characters, 1..STORE_DEVICE_NAME_MAX-1 bytes): a name
 * that fails is ignored (STORE_OK), never stored. Inside or outside a transaction. */
StoreStatus storep_device_put(Store *s, const char *id, const char *name, int64_t named_ms);
/* A merge: the other file's kiosk names, inside the merge's transaction. A file without
 * the table has none. Adds how many were taken in to *count. */
StoreStatus storep_merge_devices(Store *s, sqlite3 *other, const char *other_path, size_t *count);

/* ---- Records of other kiosks, one message at a time (store_merge.c, for store_sync.c) ----
 * A live message from another kiosk carries rows in the shape a merge reads them from the
 * other file (the OTHER_* queries of store_merge.c, column for column), so they go
 * through the merge's own code: the same checks on every value, the same matching by
 * (event key, attendee key) and id, the same resolution of double check-ins. */

typedef enum StorepRowKind {
    STOREP_ROW_ATTENDEE,   /* 14 columns: id, event_id, key, name, organisation, role, email,
                              ticket, source, consent, created_ms, updated_ms, device, clock */
    STOREP_ROW_CHECKIN,    /* 7: id, event_id, attendee key, at_ms, device, reverses, clock */
    STOREP_ROW_RATING,     /* 9: id, event_id, token, question, value, at_ms, device, flagged,
                              clock */
    STOREP_ROW_REFLECTION, /* 8: id, event_id, token, text, at_ms, device, flagged, clock */
    STOREP_ROW_KINDS
} StorepRowKind;

#define STOREP_ROW_COLS_MAX 14
extern const int storep_row_cols[STOREP_ROW_KINDS];

/* One value: type is SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT (t points at n bytes,
 * owned by the caller). */
typedef struct StorepValue {
    int type;
    int64_t i;
    const char *t;
    int n;
} StorepValue;

typedef struct StorepRow {
    StorepRowKind kind;
    StorepValue v[STOREP_ROW_COLS_MAX];
} StorepRow;

/* The merge's statements on this database, prepared once for many messages. NULL when
 * they cannot be prepared (message in the store). Close with storep_live_close (NULL is
 * fine) before the store closes. */
typedef struct StorepLive StorepLive;
StorepLive *storep_live_open(Store *s);
void storep_live_close(StorepLive *l);

/* Inside the caller's transaction: takes rows[0..n) in, as a merge of a file holding them
 * would, all of the other kiosk's event whose key is event_key and whose id there is
 * other_event_id (the rows' event_id column). Does not resolve double check-ins: call
 * storep_live_doubles once after the last message of a transaction. STORE_NOT_FOUND when
 * this database has no event with that key, STORE_CORRUPT (message in the store) when a
 * row is not as mingel writes it; rep (zeroed by the caller) counts what was new. */
StoreStatus storep_live_rows(StorepLive *l, const char *event_key, const char *other_event_id,
                             const StorepRow *rows, size_t n, StoreMergeReport *rep);

/* Inside the caller's transaction: the merge's resolution of double check-ins (store.h,
 * "Several kiosks"); note() as for store_merge (may be NULL), called before the commit. */
StoreStatus storep_live_doubles(StorepLive *l, StoreMergeReport *rep,
                                void (*note)(void *ctx, const char *line), void *ctx);

/* ---- The scales of questions (store_event.c), indexed by EventScale ---- */

#define SCALE_COUNT 2
typedef struct StoreScaleRange {
    int min, max;
} StoreScaleRange;
extern const char *const storep_scale_names[SCALE_COUNT];
extern const StoreScaleRange storep_scale_range[SCALE_COUNT];

#endif
