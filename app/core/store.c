/* store: the kiosk's durable memory, one SQLite file per kiosk (contract in store.h).
 *
 * This is the only file that includes sqlite3.h. Everything the kiosk acknowledges goes
 * through here, so the file is written around three SQLite facts:
 *
 * - Durability. The database runs in WAL mode with synchronous=FULL. A transaction is
 *   durable when COMMIT returns SQLITE_OK: SQLite has then appended the transaction's
 *   pages and a commit frame to the -wal file and fsync()ed it. Until that moment nothing
 *   of it exists for any later reader or after a crash; a crash halfway through leaves a
 *   WAL tail without a valid commit frame, which the next open ignores. Checkpoints
 *   (copying WAL pages into the main file) happen later and are crash-safe on their own.
 *   So each write function below is exactly one BEGIN IMMEDIATE ... COMMIT and returns
 *   STORE_OK only after COMMIT returned SQLITE_OK; on any failure it rolls back, and the
 *   caller may say "nothing was saved".
 *
 * - Refusing files that are not ours. Before SQLite ever sees an existing file we read
 *   its 100-byte header ourselves: a file that is not SQLite, belongs to another program
 *   (application_id) or to a newer mingel (user_version) is refused without SQLite
 *   opening it, so no -wal/-shm is created beside it and no hot journal of another
 *   program is rolled back. The same questions are then asked through SQLite (the WAL
 *   may hold a newer page 1 than the main file), plus a quick_check. Only then do we
 *   write anything (the switch to WAL, migrations).
 *
 * - Text out of SQLite is copied into the caller's fixed-size fields before the next
 *   sqlite3_step/reset, because SQLite's pointers die there.
 *
 * Hot statements (ticket lookup, check-in, walk-in, attendee by id, ratings and
 * reflections) are prepared once at open and reused; the rest are prepared per call.
 */
#include "core/store.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h> /* crypto_generichash: the ids a merge derives (store_merge) */
#include <sqlite3.h>

#include "core/text.h"

#define STORE_APP_ID      0x4D494E47 /* 'MING' in PRAGMA application_id */
#define STORE_BUSY_MS     2000       /* wait this long for another connection's lock */
#define STORE_HEADER_SIZE 100        /* bytes of the SQLite file header */
#define STORE_ERR_MAX     512

/* ---- Schema ----------------------------------------------------------------------- */

/* Forward migrations: step i takes user_version i to i+1 and runs in one transaction
 * together with the user_version bump, so a crash leaves either the old or the new
 * schema. Append steps; never edit one that has shipped. */
typedef struct StoreMigration {
    int version; /* user_version after this step */
    const char *sql;
} StoreMigration;

static const StoreMigration store_migrations[] = {
    {1,
     /* Marks the file as mingel's; part of the same transaction as the tables. */
     "PRAGMA application_id = 1296649799;\n" /* 0x4D494E47 */
     /* device_id (this kiosk's UUID) and current_event (event.id the kiosk runs). */
     "CREATE TABLE meta(\n"
     "  key   TEXT PRIMARY KEY NOT NULL,\n"
     "  value TEXT NOT NULL\n"
     ");\n"
     /* Times are Unix milliseconds; device is the UUID of the kiosk that wrote the row. */
     "CREATE TABLE event(\n"
     "  id           TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  key          TEXT NOT NULL UNIQUE,\n"      /* stable key from the event file */
     "  title        TEXT NOT NULL,\n"
     "  date         TEXT NOT NULL,\n" /* YYYY-MM-DD */
     "  start_time   TEXT NOT NULL DEFAULT '',\n"
     "  venue        TEXT NOT NULL DEFAULT '',\n"
     "  theme        TEXT NOT NULL DEFAULT '',\n"
     "  organiser    TEXT NOT NULL DEFAULT '',\n"
     "  language     TEXT NOT NULL DEFAULT 'sv',\n"
     "  next_meeting TEXT NOT NULL DEFAULT '',\n"
     "  created_ms   INTEGER NOT NULL,\n"
     "  updated_ms   INTEGER NOT NULL,\n"
     "  device       TEXT NOT NULL\n"
     ");\n"
     "CREATE TABLE attendee(\n"
     "  id           TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  event_id     TEXT NOT NULL REFERENCES event(id),\n"
     "  key          TEXT NOT NULL,\n" /* t:/e:/n: from the list, w:<id> for walk-ins */
     "  name         TEXT NOT NULL CHECK (name <> ''),\n"
     "  organisation TEXT NOT NULL DEFAULT '',\n"
     "  role         TEXT NOT NULL DEFAULT '',\n"
     "  email        TEXT NOT NULL DEFAULT '',\n"
     "  ticket       TEXT NOT NULL DEFAULT '',\n"
     "  source       TEXT NOT NULL CHECK (source IN ('list', 'walkin')),\n"
     "  consent      INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0, 1)),\n"
     "  created_ms   INTEGER NOT NULL,\n"
     "  updated_ms   INTEGER NOT NULL,\n"
     "  device       TEXT NOT NULL,\n"
     "  UNIQUE (event_id, key),\n"
     /* Walk-ins, and only they, have keys 'w:...': store_stats counts them on the key
      * index alone instead of reading every row. */
     "  CHECK ((source = 'walkin') = (substr(key, 1, 2) = 'w:'))\n"
     ");\n"
     "CREATE INDEX attendee_ticket ON attendee(event_id, ticket);\n"
     "CREATE INDEX attendee_name ON attendee(event_id, name COLLATE NOCASE);\n"
     /* A check-in is never deleted or changed: an undo is a new row whose reverses names
      * the undone check-in. Active check-in = reverses IS NULL and no row reverses it. */
     "CREATE TABLE checkin(\n"
     "  id          TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 */
     "  event_id    TEXT NOT NULL REFERENCES event(id),\n"
     "  attendee_id TEXT NOT NULL REFERENCES attendee(id),\n"
     "  at_ms       INTEGER NOT NULL,\n"
     "  device      TEXT NOT NULL,\n"
     "  reverses    TEXT REFERENCES checkin(id)\n"
     ");\n"
     "CREATE INDEX checkin_attendee ON checkin(attendee_id);\n"
     "CREATE INDEX checkin_event ON checkin(event_id);\n"
     "CREATE INDEX checkin_reverses ON checkin(reverses) WHERE reverses IS NOT NULL;\n"},
    {2,
     /* Feedback. The event file's feedback settings become event columns; their defaults
      * are the event file's, so an event stored at schema 1 reads back as check-in only.
      * A put writes what the caller gives: 0 in phases and the numbers means "not set"
      * (an EventInfo zeroed by a caller that knows nothing of feedback). */
     "ALTER TABLE event ADD COLUMN phases INTEGER NOT NULL DEFAULT 1\n"
     "  CHECK (phases BETWEEN 0 AND 3);\n" /* EventPhases */
     "ALTER TABLE event ADD COLUMN reflection_sv TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN reflection_en TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN reflection_max INTEGER NOT NULL DEFAULT 140\n"
     "  CHECK (reflection_max BETWEEN 0 AND 280);\n" /* characters */
     "ALTER TABLE event ADD COLUMN feedback_url TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE event ADD COLUMN thanks_seconds INTEGER NOT NULL DEFAULT 20\n"
     "  CHECK (thanks_seconds BETWEEN 0 AND 120);\n"
     "ALTER TABLE event ADD COLUMN repeat_seconds INTEGER NOT NULL DEFAULT 5\n"
     "  CHECK (repeat_seconds BETWEEN 0 AND 60);\n"
     /* The event's questions, replaced as a whole by each store_event_put. position is
      * 0-based, as rating.question and the API count. */
     "CREATE TABLE question(\n"
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  position INTEGER NOT NULL CHECK (position BETWEEN 0 AND 4),\n"
     "  text_sv  TEXT NOT NULL,\n"
     "  text_en  TEXT NOT NULL,\n"
     "  scale    TEXT NOT NULL CHECK (scale IN ('smileys', 'nps')),\n"
     "  PRIMARY KEY (event_id, position)\n"
     ") WITHOUT ROWID;\n"
     /* Ratings and reflections belong to a session token, never to an attendee: no column
      * here can be joined to attendee or checkin. Their time is the minute (the CHECK
      * holds every writer to it), and their id is a UUIDv7 made for that minute, not
      * for the exact time. WITHOUT ROWID: rows are kept in id order, so not even the
      * order of the b-tree tells which of a minute's sessions came first. One row per
      * session and question (rating) or per session (reflection): a second answer
      * replaces the first, keeping its id. */
     "CREATE TABLE rating(\n"
     "  id       TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 of the minute */
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),\n"
     "  question INTEGER NOT NULL CHECK (question BETWEEN 0 AND 4),\n" /* question.position */
     "  value    INTEGER NOT NULL CHECK (value BETWEEN 0 AND 10),\n"
     "  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),\n"
     "  device   TEXT NOT NULL,\n"
     "  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),\n"
     "  UNIQUE (event_id, token, question)\n"
     ") WITHOUT ROWID;\n"
     "CREATE TABLE reflection(\n"
     "  id       TEXT PRIMARY KEY NOT NULL,\n" /* UUIDv7 of the minute */
     "  event_id TEXT NOT NULL REFERENCES event(id),\n"
     "  token    TEXT NOT NULL CHECK (length(token) BETWEEN 1 AND 64),\n"
     "  text     TEXT NOT NULL CHECK (text <> ''),\n"
     "  at_ms    INTEGER NOT NULL CHECK (at_ms % 60000 = 0),\n"
     "  device   TEXT NOT NULL,\n"
     "  flagged  INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),\n"
     "  UNIQUE (event_id, token)\n"
     ") WITHOUT ROWID;\n"},
    {3,
     /* Retention: an event's personal data is kept retention_days after its date (0 is
      * "not set": the default, 90, applies). purged_ms is when store_purge removed it
      * (NULL until then); a merge then takes no names or check-ins into that event. */
     "ALTER TABLE event ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 90\n"
     "  CHECK (retention_days BETWEEN 0 AND 3650);\n" /* days */
     "ALTER TABLE event ADD COLUMN purged_ms INTEGER;\n"
     /* The admin PIN, as a crypto_pwhash_str hash only, and the failed attempts since the
      * last success, so a restart does not reset a lockout. One row (id 1), this kiosk's
      * own: a merge never copies it. */
     "CREATE TABLE admin(\n"
     "  id              INTEGER PRIMARY KEY CHECK (id = 1),\n"
     "  pin_hash        TEXT NOT NULL DEFAULT '' CHECK (pin_hash = '' OR\n"
     "                  substr(pin_hash, 1, 7) = '$argon2'),\n"
     "  failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),\n"
     "  last_failure_ms INTEGER NOT NULL DEFAULT 0\n"
     ");\n"},
    {4,
     /* The clock (StoreClock): whether the kiosk's clock could be trusted when the row was
      * written: 0 untrusted, 1 synchronised (NTP), 2 confirmed by the organiser, 3 set by
      * the organiser. NULL for the rows of before this step, when nobody knew: read as
      * "unknown", never written. A merge copies it as it is, NULL included. The kiosk's
      * own clock setting (the organiser's offset) lives in meta: this kiosk's, never
      * merged. */
     "ALTER TABLE checkin ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE attendee ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE rating ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"
     "ALTER TABLE reflection ADD COLUMN clock INTEGER CHECK (clock BETWEEN 0 AND 3);\n"},
};

#define STORE_SCHEMA_VERSION ((int)(sizeof store_migrations / sizeof store_migrations[0]))

/* The time of the attendee's active check-in, or NULL. `who` is an SQL expression for
 * the attendee id. */
#define ACTIVE_CHECKIN_MS(who)                                                                     \
    "(SELECT max(c.at_ms) FROM checkin c WHERE c.attendee_id = " who " AND c.reverses IS NULL"     \
    " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id))"

/* Columns read into a StoreAttendee, in this order (see read_attendee). */
#define ATTENDEE_COLUMNS                                                                           \
    "a.id, a.name, a.organisation, a.role, a.ticket, a.source, " ACTIVE_CHECKIN_MS("a.id")

/* ---- Hot statements, prepared once at open ---------------------------------------- */

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

static const char *const store_stmt_sql[SQL_COUNT] = {
    /* IMMEDIATE takes the write lock up front, so the read-then-write of a check-in
     * cannot interleave with another connection (an organiser command, say). */
    [SQL_BEGIN] = "BEGIN IMMEDIATE",
    [SQL_COMMIT] = "COMMIT",
    [SQL_ROLLBACK] = "ROLLBACK",
    [SQL_EVENT_EXISTS] = "SELECT 1 FROM event WHERE id = ?1",
    [SQL_ATTENDEE_GET] = "SELECT " ATTENDEE_COLUMNS " FROM attendee a WHERE a.id = ?1",
    /* Ticket codes are unique within one imported list; should two rows of an event ever
     * share one, the most recently updated wins, deterministically. */
    [SQL_ATTENDEE_TICKET] = "SELECT " ATTENDEE_COLUMNS " FROM attendee a"
                            " WHERE a.event_id = ?1 AND a.ticket = ?2"
                            " ORDER BY a.updated_ms DESC, a.id DESC LIMIT 1",
    [SQL_ATTENDEE_IN_EVENT] = "SELECT 1 FROM attendee WHERE id = ?1 AND event_id = ?2",
    [SQL_CHECKIN_ACTIVE] = "SELECT " ACTIVE_CHECKIN_MS("?1"),
    [SQL_CHECKIN_INSERT] = "INSERT INTO checkin(id, event_id, attendee_id, at_ms, device,"
                           " reverses, clock) VALUES (?1, ?2, ?3, ?4, ?5, NULL, ?6)",
    [SQL_WALKIN_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role,"
                          " email, ticket, source, consent, created_ms, updated_ms, device,"
                          " clock) VALUES (?1, ?2, 'w:' || ?1, ?3, ?4, '', '', '', 'walkin', ?8,"
                          " ?5, ?5, ?6, ?7)",
    [SQL_QUESTION_SCALE] = "SELECT scale FROM question WHERE event_id = ?1 AND position = ?2",
    /* A second answer of the session replaces the first in place: same row, same id; the
     * time and the clock are the new answer's. */
    [SQL_RATING_UPSERT] = "INSERT INTO rating(id, event_id, token, question, value, at_ms, device,"
                          " flagged, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                          " ON CONFLICT(event_id, token, question) DO UPDATE SET"
                          " value = excluded.value, at_ms = excluded.at_ms,"
                          " device = excluded.device, flagged = excluded.flagged,"
                          " clock = excluded.clock",
    [SQL_RATING_GET] = "SELECT value FROM rating WHERE event_id = ?1 AND token = ?2"
                       " AND question = ?3",
    [SQL_REFLECTION_MAX] = "SELECT reflection_max FROM event WHERE id = ?1",
    [SQL_REFLECTION_UPSERT] = "INSERT INTO reflection(id, event_id, token, text, at_ms, device,"
                              " flagged, clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                              " ON CONFLICT(event_id, token) DO UPDATE SET"
                              " text = excluded.text, at_ms = excluded.at_ms,"
                              " device = excluded.device, flagged = excluded.flagged,"
                              " clock = excluded.clock",
};

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
};

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
static StoreStatus status_from_rc(int rc)
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

static void vformat(char *buf, size_t cap, const char *fmt, va_list ap)
{
    if (!buf || cap == 0) {
        return;
    }
    if (vsnprintf(buf, cap, fmt, ap) < 0) {
        buf[0] = '\0';
    }
}

static void set_err(Store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
}

static void put_msg(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(buf, cap, fmt, ap);
    va_end(ap);
}

/* Records an SQLite failure of operation `what` and returns its status (never
 * STORE_OK, even for a code that is not an error where one was not expected). */
static StoreStatus fail_rc(Store *s, int rc, const char *what)
{
    set_err(s, "%s: %s (SQLite code %d)", what, sqlite3_errmsg(s->db), rc);
    StoreStatus st = status_from_rc(rc);
    return st == STORE_OK ? STORE_IO : st;
}

/* Copies n bytes of UTF-8 into dst (capacity cap > 0), NUL-terminated. Text too long is
 * cut before the code point that does not fit, never inside one. */
static void copy_utf8(char *dst, size_t cap, const char *src, size_t n)
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

static void copy_column(char *dst, size_t cap, sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    int n = sqlite3_column_bytes(st, col);
    copy_utf8(dst, cap, t ? t : "", t && n > 0 ? (size_t)n : 0);
}

/* Reads the ATTENDEE_COLUMNS of the current row. */
static void read_attendee(sqlite3_stmt *st, StoreAttendee *a)
{
    memset(a, 0, sizeof *a);
    copy_column(a->id, sizeof a->id, st, 0);
    copy_column(a->name, sizeof a->name, st, 1);
    copy_column(a->organisation, sizeof a->organisation, st, 2);
    copy_column(a->role, sizeof a->role, st, 3);
    copy_column(a->ticket, sizeof a->ticket, st, 4);
    const char *src = (const char *)sqlite3_column_text(st, 5);
    a->walk_in = src && strcmp(src, "walkin") == 0;
    a->checked_in_ms = sqlite3_column_type(st, 6) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 6);
}

/* True if field (an array of cap bytes) holds a NUL-terminated, valid UTF-8 string
 * without control characters: text the kiosk can show. */
static bool field_ok(const char *field, size_t cap)
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

static bool is_blank(const char *s)
{
    for (; *s; s++) {
        if (*s != ' ') {
            return false;
        }
    }
    return true;
}

static int bind_text(sqlite3_stmt *st, int i, const char *text)
{
    /* SQLITE_STATIC: every caller's text outlives the step that uses it. */
    return sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
}

/* A clock column: a StoreClock, or NULL for STORE_CLOCK_UNKNOWN (which no writer of this
 * version passes, see store_set_clock). */
static int bind_clock(sqlite3_stmt *st, int i, StoreClock c)
{
    return c == STORE_CLOCK_UNKNOWN ? sqlite3_bind_null(st, i) : sqlite3_bind_int(st, i, (int)c);
}

/* Reads a clock column: NULL (a row from before schema 4) and anything the schema's CHECK
 * does not allow are STORE_CLOCK_UNKNOWN. */
static StoreClock column_clock(sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) != SQLITE_INTEGER) {
        return STORE_CLOCK_UNKNOWN;
    }
    int64_t v = sqlite3_column_int64(st, col);
    return v >= STORE_CLOCK_UNTRUSTED && v <= STORE_CLOCK_SET ? (StoreClock)v : STORE_CLOCK_UNKNOWN;
}

/* Resets a statement for its next use and drops its bindings. */
static void done(sqlite3_stmt *st)
{
    if (st) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

/* Steps a statement that returns no rows (or whose rows are not needed). */
static int run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* ---- Transactions ----------------------------------------------------------------- */

static StoreStatus tx_begin(Store *s)
{
    int rc = run(s->stmt[SQL_BEGIN]);
    return rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "begin");
}

/* Rolls back the open transaction, if any. SQLite may already have rolled it back by
 * itself (after SQLITE_FULL or an I/O error); then there is nothing to do. */
static void tx_rollback(Store *s)
{
    if (!sqlite3_get_autocommit(s->db)) {
        run(s->stmt[SQL_ROLLBACK]);
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
    int rc = run(s->stmt[SQL_COMMIT]);
    if (rc == SQLITE_DONE) {
        return STORE_OK;
    }
    StoreStatus st = fail_rc(s, rc, "commit");
    tx_rollback(s);
    return st;
}

/* Ends a write: commits on STORE_OK, otherwise rolls back and keeps st. */
static StoreStatus tx_end(Store *s, StoreStatus st)
{
    if (st == STORE_OK) {
        return tx_commit(s);
    }
    tx_rollback(s);
    return st;
}

/* New UUIDv7 for time now_ms from the store's random source. */
static StoreStatus new_id(Store *s, char out[IDS_UUID_LEN + 1], int64_t now_ms)
{
    if (ids_uuid7(out, now_ms, s->rnd, s->rnd_ctx) != 0) {
        set_err(s, "the random source failed; nothing was written");
        return STORE_IO;
    }
    return STORE_OK;
}

static StoreStatus event_exists(Store *s, const char *event_id)
{
    sqlite3_stmt *st = s->stmt[SQL_EVENT_EXISTS];
    bind_text(st, 1, event_id);
    int rc = sqlite3_step(st);
    StoreStatus out = rc == SQLITE_ROW    ? STORE_OK
                      : rc == SQLITE_DONE ? STORE_NOT_FOUND
                                          : fail_rc(s, rc, "event lookup");
    done(st);
    if (out == STORE_NOT_FOUND) {
        set_err(s, "no event with id %s", event_id);
    }
    return out;
}

/* ---- Opening ---------------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Runs a query for the first column of its first row. Returns SQLITE_OK with the value
 * in *out, SQLITE_DONE when there is no row, or the SQLite error. */
static int query_int(sqlite3 *db, const char *sql, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* Same for a text result, copied into out ("" when there is no row). */
static int query_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    out[0] = '\0';
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            copy_column(out, cap, st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* For pragmas, which always answer with a row: no row is an error too. */
static int need_row(int rc)
{
    return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
}

/* What was found at the path before SQLite opened it. */
typedef struct StoreFound {
    bool exists;
    bool empty;      /* zero bytes: SQLite treats it as a new database */
    bool wal;        /* the header says WAL (file format versions 2): SQLite needs the
                        -wal, the -shm and shared memory to read it at all */
    uint32_t app_id; /* application_id in the main file's header */
    int64_t version; /* user_version there (a signed 32-bit field) */
} StoreFound;

/* Returns "s" + suffix in a new allocation, or NULL. */
static char *with_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    char *p = malloc(n + m + 1);
    if (p) {
        memcpy(p, s, n);
        memcpy(p + n, suffix, m + 1);
    }
    return p;
}

static bool path_exists(const char *path, const char *suffix)
{
    char *p = with_suffix(path, suffix);
    struct stat sb;
    bool yes = p && lstat(p, &sb) == 0;
    free(p);
    return yes;
}

/* Checks with access(2) that the directory of path lets us create files in it (WAL
 * needs path-wal and path-shm beside the database). Returns 0 or an errno value. */
static int dir_writable(const char *path)
{
    char *dir = strdup(path);
    if (!dir) {
        return ENOMEM;
    }
    char *slash = strrchr(dir, '/');
    if (!slash) {
        strcpy(dir, ".");
    } else {
        slash[slash == dir ? 1 : 0] = '\0'; /* keep "/" for a file in the root */
    }
    int e = access(dir, W_OK | X_OK) == 0 ? 0 : errno;
    free(dir);
    return e;
}

/* Looks at the path with plain system calls before SQLite opens it: refuses what is not
 * a writable regular file in a writable directory, and reads the raw 100-byte header. */
static StoreStatus inspect_file(const char *path, StoreFound *f, char *err, size_t errcap)
{
    static const char advice[] = "make it writable or use another --db";
    memset(f, 0, sizeof *f);
    int dir_err = dir_writable(path);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int e = errno;
        if (e != ENOENT) {
            put_msg(err, errcap, "%s: %s; check the path or use another --db", path, strerror(e));
            return e == EACCES ? STORE_READONLY : STORE_IO;
        }
        if (dir_err != 0) {
            put_msg(err, errcap, "%s: cannot create the database there: %s; %s", path,
                    strerror(dir_err), dir_err == ENOENT ? "create the directory first" : advice);
            return dir_err == EACCES || dir_err == EROFS ? STORE_READONLY : STORE_IO;
        }
        /* A -wal or journal without its database belongs to a database that was removed;
         * SQLite would replay it into a new file. Leave the decision to a person. */
        if (path_exists(path, "-wal") || path_exists(path, "-journal")) {
            put_msg(err, errcap,
                    "%s: the database is missing but its -wal or -journal file is still there; "
                    "move those away or use another --db",
                    path);
            return STORE_IO;
        }
        return STORE_OK;
    }
    f->exists = true;
    if (!S_ISREG(sb.st_mode)) {
        put_msg(err, errcap, "%s: not a regular file; use another --db", path);
        return STORE_IO;
    }
    /* Opening for writing is the only reliable test: it covers modes, ACLs, read-only
     * mounts, and root (who may write a 0444 file). Nothing is written through fd. */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        bool ro = e == EACCES || e == EPERM || e == EROFS || e == ETXTBSY;
        put_msg(err, errcap, "%s: cannot open the database for writing: %s; %s", path, strerror(e),
                ro ? advice : "use another --db");
        return ro ? STORE_READONLY : STORE_IO;
    }
    unsigned char h[STORE_HEADER_SIZE];
    ssize_t got = read(fd, h, sizeof h);
    int read_err = errno;
    close(fd);
    if (dir_err != 0) {
        put_msg(err, errcap,
                "%s: its directory is not writable (%s), and the database needs to create its "
                "-wal and -shm files there; %s",
                path, strerror(dir_err), advice);
        return dir_err == EACCES || dir_err == EROFS ? STORE_READONLY : STORE_IO;
    }
    /* The -wal and -shm of an earlier run must be writable too. SQLite would otherwise
     * fall back to reading them read-only, the open would succeed, and every check-in of
     * the kiosk would then fail with "read-only". */
    static const char *const companions[] = {"-wal", "-shm"};
    for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
        char *c = with_suffix(path, companions[i]);
        int cfd = c ? open(c, O_RDWR | O_CLOEXEC) : -1;
        int e = c ? errno : ENOMEM;
        free(c);
        if (cfd >= 0) {
            close(cfd);
        } else if (e != ENOENT) {
            bool ro = e == EACCES || e == EPERM || e == EROFS;
            put_msg(err, errcap,
                    "%s%s: cannot open the database's %s file for writing: %s; the database "
                    "needs it writable too; %s",
                    path, companions[i], companions[i], strerror(e),
                    ro ? advice : "use another --db");
            return ro ? STORE_READONLY : STORE_IO;
        }
    }
    if (got < 0) {
        put_msg(err, errcap, "%s: cannot read: %s; check the disk or use another --db", path,
                strerror(read_err));
        return STORE_IO;
    }
    if (got == 0) {
        f->empty = true;
        return STORE_OK;
    }
    if ((size_t)got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        put_msg(err, errcap,
                "%s: not a mingel database (not an SQLite file at all); it was left untouched; "
                "use another --db",
                path);
        return STORE_CORRUPT;
    }
    /* Fields SQLite insists on (page size a power of two from 512 to 65536, known file
     * format, payload fractions 64/32/32): without them the rest means nothing. */
    unsigned page = (unsigned)h[16] << 8 | h[17];
    page = page == 1 ? 65536 : page;
    if (page < 512 || (page & (page - 1)) != 0 || h[18] < 1 || h[18] > 2 || h[19] < 1 ||
        h[19] > 2 || h[21] != 64 || h[22] != 32 || h[23] != 32) {
        put_msg(err, errcap,
                "%s: not a mingel database (a damaged SQLite header); it was left untouched; "
                "restore a backup or use another --db",
                path);
        return STORE_CORRUPT;
    }
    f->wal = h[18] == 2 && h[19] == 2;
    f->app_id = be32(h + 68);
    f->version = (int32_t)be32(h + 60);
    return STORE_OK;
}

/* Decides from application_id, user_version and the number of schema objects (-1 when
 * not known yet) whether the database is mingel's. Sets *fresh for an empty database. */
static StoreStatus judge_identity(const char *path, uint32_t app_id, int64_t version,
                                  int64_t objects, bool *fresh, char *err, size_t errcap)
{
    *fresh = false;
    if (app_id != 0 && app_id != STORE_APP_ID) {
        put_msg(err, errcap,
                "%s: an SQLite database of another program (application_id 0x%08X), not "
                "mingel's; it was left untouched; use another --db",
                path, (unsigned)app_id);
        return STORE_FOREIGN;
    }
    if (version == 0 && objects <= 0) {
        *fresh = objects == 0;
        return STORE_OK;
    }
    if (app_id != STORE_APP_ID || version < 0 || (version == 0 && objects > 0)) {
        put_msg(err, errcap,
                "%s: an SQLite database of another program (its schema is not mingel's); it "
                "was left untouched; use another --db",
                path);
        return STORE_FOREIGN;
    }
    if (version > STORE_SCHEMA_VERSION) {
        put_msg(err, errcap,
                "%s: database written by a newer mingel (schema %lld, this program knows %d); "
                "it was left untouched; upgrade mingel or use another --db",
                path, (long long)version, STORE_SCHEMA_VERSION);
        return STORE_TOO_NEW;
    }
    return STORE_OK;
}

/* True for SQLite's codes of shared memory (the -shm file) that cannot be opened, sized,
 * locked or mapped: the filesystem cannot give WAL what it needs. */
static bool shm_failed(int rc)
{
    return rc == SQLITE_IOERR_SHMOPEN || rc == SQLITE_IOERR_SHMSIZE || rc == SQLITE_IOERR_SHMLOCK ||
           rc == SQLITE_IOERR_SHMMAP;
}

/* WAL cannot run on this file: say so, rather than report the disk I/O error or the
 * "unable to open" it surfaces as, which would send a person looking for a broken disk
 * or a permission that is not the problem. */
static StoreStatus wal_unusable(sqlite3 *db, int rc, const char *path, char *err, size_t errcap)
{
    put_msg(err, errcap,
            "%s: WAL journaling cannot run here (%s): it needs the -wal and -shm files beside "
            "the database and shared memory, which this filesystem does not provide, so "
            "check-ins could not be saved crash-safely; put the database on a local disk or "
            "use another --db",
            path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return STORE_UNSAFE;
}

/* Reports an SQLite failure during open into err and returns its status. */
static StoreStatus open_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                             size_t errcap)
{
    if (shm_failed(rc)) {
        /* A full disk cannot hold a new -shm either: that is "full", not "no WAL here". */
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e == ENOSPC || e == EDQUOT) {
            put_msg(err, errcap,
                    "%s: %s: the disk is full (no room for its -shm file); free some disk space "
                    "or use another --db",
                    path, what);
            return STORE_FULL;
        }
        return wal_unusable(db, rc, path, err, errcap);
    }
    StoreStatus st = status_from_rc(rc);
    const char *advice = st == STORE_CORRUPT
                             ? "it was left untouched; restore a backup or use another --db"
                         : st == STORE_FULL     ? "free some disk space or use another --db"
                         : st == STORE_READONLY ? "make it writable or use another --db"
                                                : "check the disk or use another --db";
    const char *why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    put_msg(err, errcap, "%s: %s: %s; %s", path, what, why, advice);
    return st == STORE_OK ? STORE_IO : st;
}

/* The read-only half of opening, through SQLite (which also sees pages still in the
 * -wal): is this file mingel's, of a schema we know, and undamaged? Writes nothing. */
static StoreStatus check_with_sqlite(sqlite3 *db, const char *path, bool existed, bool wal,
                                     int64_t *version, char *err, size_t errcap)
{
    int64_t app_id = 0, objects = 0;
    int rc = need_row(query_int(db, "PRAGMA application_id", &app_id));
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "PRAGMA user_version", version));
    }
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "SELECT count(*) FROM sqlite_master", &objects));
    }
    if ((rc & 0xff) == SQLITE_CANTOPEN && wal) {
        /* The file opened for writing (inspect_file), and so did its directory: what
         * SQLite cannot open is the WAL, on a VFS or filesystem without shared memory. */
        return wal_unusable(db, rc, path, err, errcap);
    }
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot read the database", err, errcap);
    }
    bool fresh = false;
    StoreStatus st = judge_identity(path, (uint32_t)app_id, *version, objects, &fresh, err, errcap);
    if (st != STORE_OK || fresh || !existed) {
        return st;
    }
    /* quick_check reads every page once: O(file size), without the index-to-table cross
     * check of integrity_check. */
    char verdict[200];
    rc = need_row(query_text(db, "PRAGMA quick_check(1)", verdict, sizeof verdict));
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot check the database", err, errcap);
    }
    if (strcmp(verdict, "ok") != 0) {
        for (char *c = verdict; *c; c++) {
            *c = *c == '\n' ? ' ' : *c; /* one line for stderr and the screen */
        }
        put_msg(err, errcap,
                "%s: the database is damaged (quick_check: %s); it was left untouched; restore "
                "a backup or use another --db",
                path, verdict);
        return STORE_CORRUPT;
    }
    return STORE_OK;
}

/* Puts WAL and synchronous=FULL in force and reads both back: without them a commit is
 * not durable when it returns, and the kiosk would acknowledge what a power cut can undo.
 * journal_mode=WAL is stored in the file (header bytes 18-19); synchronous is per
 * connection, so it is set on every open. */
static StoreStatus make_safe(sqlite3 *db, const char *path, char *err, size_t errcap)
{
    char mode[32];
    int rc = need_row(query_text(db, "PRAGMA journal_mode=WAL", mode, sizeof mode));
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot switch to WAL journaling", err, errcap);
    }
    if (sqlite3_stricmp(mode, "wal") != 0) {
        put_msg(err, errcap,
                "%s: the database cannot use WAL journaling (journal_mode stays '%s'), so "
                "check-ins could not be saved crash-safely; put the database on a local disk or "
                "use another --db",
                path, mode);
        return STORE_UNSAFE;
    }
    /* The switch only marks the header; the -wal and the shared memory are first used by
     * the next read. Read now, so that storage which cannot give WAL what it needs is
     * reported as that (open_fail), not as a failed migration further on. */
    int64_t objects = 0;
    rc = need_row(query_int(db, "SELECT count(*) FROM sqlite_master", &objects));
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot put WAL journaling in force", err, errcap);
    }
    int64_t sync = -1;
    rc = sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "PRAGMA synchronous", &sync));
    }
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot set synchronous=FULL", err, errcap);
    }
    if (sync < 2) { /* 2 = FULL, 3 = EXTRA */
        put_msg(err, errcap,
                "%s: synchronous=FULL is not in force (synchronous=%lld), so check-ins could not "
                "be saved crash-safely; use another --db",
                path, (long long)sync);
        return STORE_UNSAFE;
    }
    /* journal_size_limit: after a checkpoint, a -wal grown by a big import is cut back.
     * cache_size: 8 MiB (SQLite's default is 2), enough to keep an event of 10,000
     * attendees (about 4.5 MB of pages) in memory; reading pages through the OS costs a
     * system call each. No mmap: an I/O error there is a SIGBUS, not an error code. */
    int64_t fk = 0;
    rc = sqlite3_exec(db,
                      "PRAGMA foreign_keys=ON; PRAGMA journal_size_limit=16777216;"
                      " PRAGMA cache_size=-8192;",
                      NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "PRAGMA foreign_keys", &fk));
    }
    if (rc == SQLITE_OK && fk != 1) {
        rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_OK) {
        return open_fail(db, rc, path, "cannot enable foreign keys", err, errcap);
    }
    return STORE_OK;
}

/* Runs each migration step after `version`, each in its own transaction together with
 * its user_version bump: a crash leaves the old or the new schema, never a mix. */
static StoreStatus migrate(sqlite3 *db, const char *path, int64_t version, char *err, size_t errcap)
{
    for (int i = (int)version; i < STORE_SCHEMA_VERSION; i++) {
        const StoreMigration *m = &store_migrations[i];
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version=%d", m->version);
        int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, m->sql, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, bump, NULL, NULL, NULL);
        }
        if (rc == SQLITE_OK) {
            rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        }
        if (rc != SQLITE_OK) {
            char what[64];
            snprintf(what, sizeof what, "cannot upgrade the schema to version %d", m->version);
            StoreStatus st = open_fail(db, rc, path, what, err, errcap);
            if (!sqlite3_get_autocommit(db)) {
                sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
            }
            return st;
        }
    }
    return STORE_OK;
}

/* Reads this database's device id, creating it on first open in its own transaction
 * (a crash before that commit just means it is created on the next open). */
static StoreStatus ensure_device(Store *s, char *err, size_t errcap)
{
    int rc = query_text(s->db, "SELECT value FROM meta WHERE key = 'device_id'", s->device,
                        sizeof s->device);
    if (rc == SQLITE_OK) {
        if (strlen(s->device) == IDS_UUID_LEN) {
            return STORE_OK;
        }
        put_msg(err, errcap, "%s: the stored device id '%s' is damaged; use another --db", s->path,
                s->device);
        return STORE_CORRUPT;
    }
    if (rc != SQLITE_DONE) {
        return open_fail(s->db, rc, s->path, "cannot read the device id", err, errcap);
    }
    char id[IDS_UUID_LEN + 1];
    if (ids_uuid7(id, ids_now_ms(), s->rnd, s->rnd_ctx) != 0) {
        put_msg(err, errcap, "%s: cannot create a device id: the random source failed", s->path);
        return STORE_IO;
    }
    sqlite3_stmt *st = NULL;
    rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db, "INSERT INTO meta(key, value) VALUES ('device_id', ?1)", -1,
                                &st, NULL);
    }
    if (rc == SQLITE_OK) {
        bind_text(st, 1, id);
        rc = run(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        StoreStatus out = open_fail(s->db, rc, s->path, "cannot store the device id", err, errcap);
        if (!sqlite3_get_autocommit(s->db)) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
        }
        return out;
    }
    memcpy(s->device, id, sizeof s->device);
    return STORE_OK;
}

static void finalize_all(Store *s)
{
    for (int i = 0; i < SQL_COUNT; i++) {
        sqlite3_finalize(s->stmt[i]);
        s->stmt[i] = NULL;
    }
}

static StoreStatus prepare_all(Store *s, char *err, size_t errcap)
{
    for (int i = 0; i < SQL_COUNT; i++) {
        int rc = sqlite3_prepare_v3(s->db, store_stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                                    &s->stmt[i], NULL);
        if (rc != SQLITE_OK) {
            return open_fail(s->db, rc, s->path, "cannot prepare statements", err, errcap);
        }
    }
    return STORE_OK;
}

/* Removes the database file this call created, and its companions, after a failure. */
static void remove_created(const char *path)
{
    static const char *const suffix[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char *p = with_suffix(path, suffix[i]);
        if (p) {
            unlink(p);
        }
        free(p);
    }
    unlink(path);
}

StoreStatus store_open(const char *path, RandomFn rnd, void *rnd_ctx, Store **out, char *err,
                       size_t errcap)
{
    return store_open_vfs(path, NULL, rnd, rnd_ctx, out, err, errcap);
}

StoreStatus store_open_vfs(const char *path, const char *vfs_name, RandomFn rnd, void *rnd_ctx,
                           Store **out, char *err, size_t errcap)
{
    *out = NULL;
    put_msg(err, errcap, "%s", "");
    if (!path || !*path || !rnd) {
        put_msg(err, errcap, "store_open: no database path or no random source");
        return STORE_INVALID;
    }

    /* 1. Before SQLite sees the file: only refusals are final here, since page 1 may sit
     * newer in the -wal until a checkpoint. Whether tables exist is asked in step 3. */
    StoreFound found;
    StoreStatus st = inspect_file(path, &found, err, errcap);
    if (st == STORE_OK && found.exists && !found.empty) {
        bool fresh;
        st = judge_identity(path, found.app_id, found.version, -1, &fresh, err, errcap);
    }
    if (st != STORE_OK) {
        return st;
    }

    Store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        put_msg(err, errcap, "%s: out of memory", path);
        return STORE_IO;
    }
    s->rnd = rnd;
    s->rnd_ctx = rnd_ctx;
    s->clock = STORE_CLOCK_UNTRUSTED; /* until the kiosk knows better (store_set_clock) */

    /* 2. Open. No CREATE for an existing file: if it vanished meanwhile, fail rather than
     * make an empty one in its place. NOMUTEX: one thread owns the connection. */
    bool created = !found.exists;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (created ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &s->db, flags, vfs_name);
    if (rc != SQLITE_OK) {
        st = open_fail(s->db, rc, path, "cannot open the database", err, errcap);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    if (sqlite3_db_readonly(s->db, "main") != 0) {
        put_msg(err, errcap,
                "%s: the database opened read-only; make it writable or use "
                "another --db",
                path);
        st = STORE_READONLY;
        goto fail;
    }

    /* 3. Read-only checks through SQLite. */
    int64_t version = 0;
    st = check_with_sqlite(s->db, path, found.exists && !found.empty, found.wal, &version, err,
                           errcap);
    if (st != STORE_OK) {
        goto fail;
    }

    /* 4. The file is mingel's (or new): from here on we write. */
    st = make_safe(s->db, path, err, errcap);
    if (st == STORE_OK) {
        st = migrate(s->db, path, version, err, errcap);
    }
    if (st == STORE_OK) {
        st = ensure_device(s, err, errcap);
    }
    if (st == STORE_OK) {
        st = prepare_all(s, err, errcap);
    }
    if (st == STORE_OK) {
        /* SQLite's own cap, which store_set_size_limit(s, 0) restores. */
        rc = need_row(query_int(s->db, "PRAGMA max_page_count", &s->max_pages));
        st = rc == SQLITE_OK
                 ? STORE_OK
                 : open_fail(s->db, rc, path, "cannot read the size limit", err, errcap);
    }
    if (st != STORE_OK) {
        goto fail;
    }
    *out = s;
    return STORE_OK;

fail:
    store_close(s);
    if (created) {
        remove_created(path);
    }
    return st;
}

void store_close(Store *s)
{
    if (!s) {
        return;
    }
    finalize_all(s);
    /* The last connection to close checkpoints the -wal into the main file and deletes
     * it. Nothing depends on that: everything committed is already durable in the -wal,
     * and the next open replays it if this close never happens (SIGKILL, power cut). */
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

void store_release_memory(Store *s)
{
    if (s) {
        /* Frees every cached page no statement holds; freed heap is reused by what the
         * kiosk allocates next (text textures), which keeps its peak memory lower. */
        sqlite3_db_release_memory(s->db);
    }
}

StoreStatus store_data_version(Store *s, int64_t *out)
{
    /* Reads the WAL index header in shared memory: no disk access, a few microseconds. */
    int64_t v = 0;
    int rc = query_int(s->db, "PRAGMA data_version", &v);
    if (rc != SQLITE_OK)
        return status_from_rc(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    *out = v;
    return STORE_OK;
}

const char *store_device_id(const Store *s)
{
    return s->device;
}

const char *store_last_error(const Store *s)
{
    return s->err;
}

StoreStatus store_check_integrity(Store *s, char *err, size_t errcap)
{
    put_msg(err, errcap, "%s", "");
    sqlite3_stmt *st = NULL;
    /* At most 20 problems: enough to judge, short enough for one line. */
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(20)", -1, &st, NULL);
    char found[STORE_ERR_MAX] = "";
    size_t used = 0;
    int rows = 0;
    bool ok = false;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char line[200];
        copy_column(line, sizeof line, st, 0);
        ok = rows++ == 0 && strcmp(line, "ok") == 0;
        for (char *c = line; *c; c++) {
            *c = *c == '\n' ? ' ' : *c;
        }
        int n = snprintf(found + used, sizeof found - used, "%s%s", used ? "; " : "", line);
        used = n > 0 && (size_t)n < sizeof found - used ? used + (size_t)n : used;
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        StoreStatus res = fail_rc(s, rc, "integrity check");
        put_msg(err, errcap, "%s: %s", s->path, s->err);
        return res;
    }
    if (ok && rows == 1) {
        return STORE_OK;
    }
    set_err(s, "integrity check: %s", rows ? found : "no answer");
    put_msg(err, errcap, "%s: the database is damaged (integrity_check: %s); restore a backup",
            s->path, rows ? found : "no answer");
    return STORE_CORRUPT;
}

StoreStatus store_set_size_limit(Store *s, int64_t bytes)
{
    int64_t page = 0, got = 0;
    int rc = need_row(query_int(s->db, "PRAGMA page_size", &page));
    if (rc != SQLITE_OK || page <= 0) {
        return fail_rc(s, rc == SQLITE_OK ? SQLITE_ERROR : rc, "size limit: page size");
    }
    int64_t pages = bytes <= 0 ? s->max_pages : bytes / page;
    pages = pages < 1 ? 1 : pages > s->max_pages ? s->max_pages : pages;
    /* SQLite answers with the cap in force: never below the pages the file holds. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", (long long)pages);
    rc = need_row(query_int(s->db, sql, &got));
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "size limit");
    }
    return STORE_OK;
}

/* ---- The clock -------------------------------------------------------------------- */

bool store_clock_trusted(StoreClock c)
{
    return c == STORE_CLOCK_SYNCED || c == STORE_CLOCK_CONFIRMED || c == STORE_CLOCK_SET;
}

const char *store_clock_code(StoreClock c)
{
    switch (c) {
    case STORE_CLOCK_UNTRUSTED: return "untrusted";
    case STORE_CLOCK_SYNCED: return "synced";
    case STORE_CLOCK_CONFIRMED: return "confirmed";
    case STORE_CLOCK_SET: return "set";
    case STORE_CLOCK_UNKNOWN: break;
    }
    return "unknown";
}

void store_set_clock(Store *s, StoreClock c)
{
    /* Every record made from now on knows its clock: UNKNOWN is only what old rows read. */
    assert(c >= STORE_CLOCK_UNTRUSTED && c <= STORE_CLOCK_SET);
    s->clock = c >= STORE_CLOCK_UNTRUSTED && c <= STORE_CLOCK_SET ? c : STORE_CLOCK_UNTRUSTED;
}

/* The clock setting's three meta keys; a put writes all three in one transaction. */
static const char *const clock_setting_keys[] = {"clock_state", "clock_offset_ms", "clock_boot_id"};

/* A boot id as the kernel writes it (a UUID), or "": printable ASCII without spaces,
 * NUL-terminated within the field. */
static bool boot_id_ok(const char *id, size_t cap)
{
    size_t n = strnlen(id, cap);
    if (n >= cap) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (id[i] <= ' ' || id[i] > '~') {
            return false;
        }
    }
    return true;
}

/* A whole decimal int64 (optional '-'), nothing else. */
static bool parse_i64(const char *t, int64_t *out)
{
    if (!t || !*t) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (errno != 0 || *end != '\0' || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9'))) {
        return false;
    }
    *out = (int64_t)v;
    return true;
}

StoreStatus store_clock_setting_get(Store *s, StoreClockSetting *out)
{
    memset(out, 0, sizeof *out);
    out->state = STORE_CLOCK_UNTRUSTED;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT key, value FROM meta WHERE key IN (?1, ?2, ?3)", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "clock setting: prepare");
    }
    for (int i = 0; i < 3; i++) {
        bind_text(st, i + 1, clock_setting_keys[i]);
    }
    /* One statement: one snapshot of the three keys. */
    StoreClockSetting got = {.state = STORE_CLOCK_UNTRUSTED};
    bool seen[3] = {false, false, false}, bad = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        int64_t v = 0;
        if (key && strcmp(key, "clock_state") == 0) {
            seen[0] = true;
            bad =
                bad || !parse_i64(value, &v) ||
                !(v == STORE_CLOCK_UNTRUSTED || v == STORE_CLOCK_CONFIRMED || v == STORE_CLOCK_SET);
            got.state = bad ? STORE_CLOCK_UNTRUSTED : (StoreClock)v;
        } else if (key && strcmp(key, "clock_offset_ms") == 0) {
            seen[1] = true;
            bad = bad || !parse_i64(value, &got.offset_ms);
        } else if (key) {
            seen[2] = true;
            bad = bad || !value || !boot_id_ok(value, sizeof got.boot_id);
            if (!bad) {
                snprintf(got.boot_id, sizeof got.boot_id, "%s", value);
            }
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        return fail_rc(s, rc, "clock setting: read");
    }
    if (!seen[0] && !seen[1] && !seen[2]) {
        set_err(s, "clock setting: none has been stored");
        return STORE_NOT_FOUND;
    }
    if (bad || !seen[0] || !seen[1] || !seen[2]) {
        set_err(s, "clock setting: the stored setting is damaged");
        return STORE_CORRUPT;
    }
    *out = got;
    return STORE_OK;
}

StoreStatus store_clock_setting_put(Store *s, const StoreClockSetting *in)
{
    if (!in || !boot_id_ok(in->boot_id, sizeof in->boot_id) ||
        !(in->state == STORE_CLOCK_UNTRUSTED || in->state == STORE_CLOCK_CONFIRMED ||
          in->state == STORE_CLOCK_SET)) {
        set_err(s, "clock setting: the boot id is not printable text, or the state is not "
                   "untrusted, confirmed or set; nothing was stored");
        return STORE_INVALID;
    }
    char state[8], offset[24];
    snprintf(state, sizeof state, "%d", (int)in->state);
    snprintf(offset, sizeof offset, "%lld", (long long)in->offset_ms);
    const char *values[] = {state, offset, in->boot_id};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO meta(key, value) VALUES (?1, ?2)"
                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "clock setting: prepare");
    }
    StoreStatus res = tx_begin(s);
    bool began = res == STORE_OK;
    for (int i = 0; res == STORE_OK && i < 3; i++) {
        bind_text(st, 1, clock_setting_keys[i]);
        bind_text(st, 2, values[i]);
        rc = run(st);
        res = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "clock setting: write");
    }
    if (began) {
        res = tx_end(s, res);
    }
    sqlite3_finalize(st);
    return res;
}

/* ---- Events ----------------------------------------------------------------------- */

/* The scale of a question as stored (question.scale), indexed by EventScale. */
static const char *const scale_names[] = {
    [EVENT_SCALE_SMILEYS] = "smileys",
    [EVENT_SCALE_NPS] = "nps",
};

#define SCALE_COUNT ((int)(sizeof scale_names / sizeof scale_names[0]))

/* Lowest and highest value of a rating on each scale. */
static const struct {
    int min, max;
} scale_range[] = {
    [EVENT_SCALE_SMILEYS] = {1, 5},
    [EVENT_SCALE_NPS] = {0, 10},
};

static bool event_question_ok(const EventQuestion *q)
{
    return (int)q->scale >= 0 && (int)q->scale < SCALE_COUNT &&
           field_ok(q->text[LANG_SV], sizeof q->text[LANG_SV]) && !is_blank(q->text[LANG_SV]) &&
           field_ok(q->text[LANG_EN], sizeof q->text[LANG_EN]) && !is_blank(q->text[LANG_EN]);
}

/* The event's text is text the kiosk can show, and its numbers are in the ranges of
 * event.h, or 0 for "not set" (see the schema). */
static bool event_fields_ok(const EventInfo *ev)
{
    if (!(field_ok(ev->key, sizeof ev->key) && ev->key[0] != '\0' &&
          field_ok(ev->title, sizeof ev->title) && field_ok(ev->date, sizeof ev->date) &&
          field_ok(ev->start_time, sizeof ev->start_time) &&
          field_ok(ev->venue, sizeof ev->venue) && field_ok(ev->theme, sizeof ev->theme) &&
          field_ok(ev->organiser, sizeof ev->organiser) &&
          field_ok(ev->language, sizeof ev->language) &&
          field_ok(ev->next_meeting, sizeof ev->next_meeting) &&
          field_ok(ev->reflection_prompt[LANG_SV], sizeof ev->reflection_prompt[LANG_SV]) &&
          field_ok(ev->reflection_prompt[LANG_EN], sizeof ev->reflection_prompt[LANG_EN]) &&
          field_ok(ev->feedback_url, sizeof ev->feedback_url))) {
        return false;
    }
    if (ev->phases < 0 || ev->phases > EVENT_PHASE_BOTH || ev->question_count < 0 ||
        ev->question_count > EVENT_MAX_QUESTIONS || ev->reflection_max < 0 ||
        ev->reflection_max > EVENT_REFLECTION_HARD_MAX || ev->thanks_seconds < 0 ||
        ev->thanks_seconds > 120 || ev->repeat_seconds < 0 || ev->repeat_seconds > 60 ||
        ev->retention_days < 0 || ev->retention_days > 3650) {
        return false;
    }
    for (int i = 0; i < ev->question_count; i++) {
        if (!event_question_ok(&ev->questions[i])) {
            return false;
        }
    }
    return true;
}

enum { EV_UPSERT, EV_GET_ID, EV_CURRENT, EV_Q_DELETE, EV_Q_INSERT, EV_STMTS };

static const char *const event_sql[EV_STMTS] = {
    [EV_UPSERT] =
        "INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,"
        " next_meeting, phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
        " thanks_seconds, repeat_seconds, created_ms, updated_ms, device, retention_days)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?18, ?19, ?20)"
        " ON CONFLICT(key) DO UPDATE SET title = excluded.title, date = excluded.date,"
        " start_time = excluded.start_time, venue = excluded.venue, theme = excluded.theme,"
        " organiser = excluded.organiser, language = excluded.language,"
        " next_meeting = excluded.next_meeting, phases = excluded.phases,"
        " reflection_sv = excluded.reflection_sv, reflection_en = excluded.reflection_en,"
        " reflection_max = excluded.reflection_max, feedback_url = excluded.feedback_url,"
        " thanks_seconds = excluded.thanks_seconds, repeat_seconds = excluded.repeat_seconds,"
        " retention_days = excluded.retention_days,"
        " updated_ms = excluded.updated_ms, device = excluded.device",
    [EV_GET_ID] = "SELECT id FROM event WHERE key = ?1",
    [EV_CURRENT] = "INSERT INTO meta(key, value) VALUES ('current_event', ?1)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [EV_Q_DELETE] = "DELETE FROM question WHERE event_id = ?1",
    [EV_Q_INSERT] = "INSERT INTO question(event_id, position, text_sv, text_en, scale)"
                    " VALUES (?1, ?2, ?3, ?4, ?5)",
};

/* Inside the open transaction: writes the event row and finds its id (the existing one
 * when the key is known). Returns an SQLite code, SQLITE_DONE on success. */
static int event_write_row(Store *s, sqlite3_stmt **q, const EventInfo *ev, const char *fresh_id,
                           int64_t now_ms, char id[IDS_UUID_LEN + 1])
{
    sqlite3_stmt *up = q[EV_UPSERT];
    const char *text[] = {fresh_id,  ev->key,   ev->title,     ev->date,     ev->start_time,
                          ev->venue, ev->theme, ev->organiser, ev->language, ev->next_meeting};
    for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++) {
        bind_text(up, i + 1, text[i]);
    }
    sqlite3_bind_int(up, 11, ev->phases);
    bind_text(up, 12, ev->reflection_prompt[LANG_SV]);
    bind_text(up, 13, ev->reflection_prompt[LANG_EN]);
    sqlite3_bind_int(up, 14, ev->reflection_max);
    bind_text(up, 15, ev->feedback_url);
    sqlite3_bind_int(up, 16, ev->thanks_seconds);
    sqlite3_bind_int(up, 17, ev->repeat_seconds);
    sqlite3_bind_int64(up, 18, now_ms);
    bind_text(up, 19, s->device);
    sqlite3_bind_int(up, 20, ev->retention_days);
    int rc = run(up);
    if (rc != SQLITE_DONE) {
        return rc;
    }
    sqlite3_stmt *get = q[EV_GET_ID];
    bind_text(get, 1, ev->key);
    rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
        copy_column(id, IDS_UUID_LEN + 1, get, 0);
        rc = SQLITE_DONE;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_INTERNAL; /* the row just written must be there */
    }
    done(get);
    return rc;
}

/* Inside the open transaction: refuses to change a question that already has answers.
 * Ratings are stored by question position, so a question moved, reworded or put on
 * another scale after answers exist would count them for a question nobody answered.
 * Questions may be added after the answered ones. Returns STORE_OK, STORE_INVALID with
 * the reason in s->err, or a failure status. */
static StoreStatus event_questions_locked(Store *s, const EventInfo *ev, const char *id)
{
    static const char sql[] =
        "SELECT r.question, count(*), q.text_sv, q.text_en, q.scale FROM rating r"
        " LEFT JOIN question q ON q.event_id = r.event_id AND q.position = r.question"
        " WHERE r.event_id = ?1 GROUP BY r.question ORDER BY r.question";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return fail_rc(s, rc, "event: read answered questions");
    bind_text(st, 1, id);
    StoreStatus out = STORE_OK;
    while (out == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int pos = sqlite3_column_int(st, 0);
        long long n = sqlite3_column_int64(st, 1);
        const char *sv = (const char *)sqlite3_column_text(st, 2);
        const char *en = (const char *)sqlite3_column_text(st, 3);
        const char *scale = (const char *)sqlite3_column_text(st, 4);
        const EventQuestion *q = pos < ev->question_count ? &ev->questions[pos] : NULL;
        bool same = q && sv && en && scale && strcmp(q->text[LANG_SV], sv) == 0 &&
                    strcmp(q->text[LANG_EN], en) == 0 && strcmp(scale_names[q->scale], scale) == 0;
        if (!same) {
            set_err(s,
                    "question %d already has %lld answer%s, so it must stay as it is (same "
                    "place, texts and scale) or the answers would count for another question; "
                    "add new questions after it, or give a new meeting a new id",
                    pos + 1, n, n == 1 ? "" : "s");
            out = STORE_INVALID;
        }
    }
    if (out == STORE_OK && rc != SQLITE_DONE)
        out = fail_rc(s, rc, "event: read answered questions");
    sqlite3_finalize(st);
    return out;
}

/* Inside the open transaction: replaces the event's questions with ev's. */
static int event_write_questions(sqlite3_stmt **q, const EventInfo *ev, const char *id)
{
    bind_text(q[EV_Q_DELETE], 1, id);
    int rc = run(q[EV_Q_DELETE]);
    for (int i = 0; rc == SQLITE_DONE && i < ev->question_count; i++) {
        const EventQuestion *qu = &ev->questions[i];
        sqlite3_stmt *ins = q[EV_Q_INSERT];
        bind_text(ins, 1, id);
        sqlite3_bind_int(ins, 2, i);
        bind_text(ins, 3, qu->text[LANG_SV]);
        bind_text(ins, 4, qu->text[LANG_EN]);
        bind_text(ins, 5, scale_names[qu->scale]);
        rc = run(ins);
    }
    return rc;
}

StoreStatus store_event_put(Store *s, const EventInfo *ev, int64_t now_ms,
                            char event_id[IDS_UUID_LEN + 1])
{
    if (!event_fields_ok(ev)) {
        set_err(s, "event: a field is empty, too long, out of range, or not valid text");
        return STORE_INVALID;
    }
    char fresh_id[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1] = "";
    StoreStatus st = new_id(s, fresh_id, now_ms);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q[EV_STMTS] = {NULL};
    for (int i = 0; i < EV_STMTS; i++) {
        int rc = sqlite3_prepare_v2(s->db, event_sql[i], -1, &q[i], NULL);
        if (rc != SQLITE_OK) {
            st = fail_rc(s, rc, "event: prepare");
            goto out;
        }
    }
    /* One transaction: the event, its questions and the switch to it are stored together
     * or not at all. */
    st = tx_begin(s);
    if (st != STORE_OK) {
        goto out;
    }
    int rc = event_write_row(s, q, ev, fresh_id, now_ms, id);
    if (rc == SQLITE_DONE) {
        st = event_questions_locked(s, ev, id);
        if (st != STORE_OK) {
            st = tx_end(s, st); /* rolls back: nothing of the new file is stored */
            goto out;
        }
        rc = event_write_questions(q, ev, id);
    }
    if (rc == SQLITE_DONE) {
        bind_text(q[EV_CURRENT], 1, id);
        rc = run(q[EV_CURRENT]);
    }
    st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "event: write");
    st = tx_end(s, st);
    if (st == STORE_OK) {
        memcpy(event_id, id, IDS_UUID_LEN + 1);
    }
out:
    for (int i = 0; i < EV_STMTS; i++) {
        sqlite3_finalize(q[i]);
    }
    return st;
}

/* Reads one question row (columns from `col` on: position, text_sv, text_en, scale) into
 * slot ev->question_count. Returns false if the row is not the next question in order or
 * names an unknown scale: the database was changed by something other than mingel. */
static bool read_question(sqlite3_stmt *st, int col, EventInfo *ev)
{
    int i = ev->question_count;
    if (i >= EVENT_MAX_QUESTIONS || sqlite3_column_int(st, col) != i) {
        return false;
    }
    EventQuestion *q = &ev->questions[i];
    copy_column(q->text[LANG_SV], sizeof q->text[LANG_SV], st, col + 1);
    copy_column(q->text[LANG_EN], sizeof q->text[LANG_EN], st, col + 2);
    const char *scale = (const char *)sqlite3_column_text(st, col + 3);
    int k = 0;
    while (k < SCALE_COUNT && !(scale && strcmp(scale, scale_names[k]) == 0)) {
        k++;
    }
    if (k == SCALE_COUNT) {
        return false;
    }
    q->scale = (EventScale)k;
    ev->question_count = i + 1;
    return true;
}

StoreStatus store_event_current(Store *s, EventInfo *ev, char event_id[IDS_UUID_LEN + 1])
{
    /* One statement, so one snapshot: the event and its questions as one put left them.
     * One row per question (or one row with NULLs when there is none). */
    static const char sql[] =
        "SELECT e.id, e.key, e.title, e.date, e.start_time, e.venue, e.theme, e.organiser,"
        " e.language, e.next_meeting, e.phases, e.reflection_sv, e.reflection_en,"
        " e.reflection_max, e.feedback_url, e.thanks_seconds, e.repeat_seconds,"
        " q.position, q.text_sv, q.text_en, q.scale, e.retention_days"
        " FROM meta m JOIN event e ON e.id = m.value"
        " LEFT JOIN question q ON q.event_id = e.id"
        " WHERE m.key = 'current_event' ORDER BY q.position";
    enum { COL_QUESTION = 17 };
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "current event: prepare");
    }
    StoreStatus out = STORE_OK;
    bool first = true;
    while (out == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (first) {
            memset(ev, 0, sizeof *ev);
            copy_column(event_id, IDS_UUID_LEN + 1, st, 0);
            copy_column(ev->key, sizeof ev->key, st, 1);
            copy_column(ev->title, sizeof ev->title, st, 2);
            copy_column(ev->date, sizeof ev->date, st, 3);
            copy_column(ev->start_time, sizeof ev->start_time, st, 4);
            copy_column(ev->venue, sizeof ev->venue, st, 5);
            copy_column(ev->theme, sizeof ev->theme, st, 6);
            copy_column(ev->organiser, sizeof ev->organiser, st, 7);
            copy_column(ev->language, sizeof ev->language, st, 8);
            copy_column(ev->next_meeting, sizeof ev->next_meeting, st, 9);
            ev->phases = sqlite3_column_int(st, 10);
            copy_column(ev->reflection_prompt[LANG_SV], sizeof ev->reflection_prompt[LANG_SV], st,
                        11);
            copy_column(ev->reflection_prompt[LANG_EN], sizeof ev->reflection_prompt[LANG_EN], st,
                        12);
            ev->reflection_max = sqlite3_column_int(st, 13);
            copy_column(ev->feedback_url, sizeof ev->feedback_url, st, 14);
            ev->thanks_seconds = sqlite3_column_int(st, 15);
            ev->repeat_seconds = sqlite3_column_int(st, 16);
            ev->retention_days = sqlite3_column_int(st, 21);
            first = false;
        }
        if (sqlite3_column_type(st, COL_QUESTION) != SQLITE_NULL &&
            !read_question(st, COL_QUESTION, ev)) {
            set_err(s, "current event: question %d of event %s is damaged", ev->question_count + 1,
                    event_id);
            out = STORE_CORRUPT;
        }
    }
    if (out == STORE_OK && rc == SQLITE_DONE && first) {
        set_err(s, "no current event");
        out = STORE_NOT_FOUND;
    } else if (out == STORE_OK && rc != SQLITE_DONE) {
        out = fail_rc(s, rc, "current event");
    }
    sqlite3_finalize(st);
    return out;
}

/* ---- Attendees -------------------------------------------------------------------- */

static bool entry_ok(const RosterEntry *e)
{
    return field_ok(e->key, sizeof e->key) && e->key[0] != '\0' &&
           strncmp(e->key, "w:", 2) != 0 && /* reserved for walk-ins */
           field_ok(e->name, sizeof e->name) && !is_blank(e->name) &&
           field_ok(e->organisation, sizeof e->organisation) && field_ok(e->role, sizeof e->role) &&
           field_ok(e->email, sizeof e->email) && field_ok(e->ticket, sizeof e->ticket);
}

static int cmp_entry_key(const void *a, const void *b)
{
    const RosterEntry *x = *(const RosterEntry *const *)a;
    const RosterEntry *y = *(const RosterEntry *const *)b;
    return strcmp(x->key, y->key);
}

/* Checks every entry before anything is written: valid text, and each key once (the
 * counts below rely on it; roster_parse already drops repeated keys). */
static StoreStatus roster_ok(Store *s, const Roster *r)
{
    for (size_t i = 0; i < r->count; i++) {
        if (!entry_ok(&r->entries[i])) {
            set_err(s,
                    "import: entry %zu (line %d): empty name or key, reserved key, or a field "
                    "that is too long or not valid text",
                    i + 1, r->entries[i].line);
            return STORE_INVALID;
        }
    }
    if (r->count < 2) {
        return STORE_OK;
    }
    const RosterEntry **by_key = malloc(r->count * sizeof *by_key);
    if (!by_key) {
        set_err(s, "import: out of memory");
        return STORE_IO;
    }
    for (size_t i = 0; i < r->count; i++) {
        by_key[i] = &r->entries[i];
    }
    qsort(by_key, r->count, sizeof *by_key, cmp_entry_key);
    StoreStatus st = STORE_OK;
    for (size_t i = 1; i < r->count; i++) {
        if (strcmp(by_key[i - 1]->key, by_key[i]->key) == 0) {
            set_err(s, "import: the same person twice (key '%s', lines %d and %d)", by_key[i]->key,
                    by_key[i - 1]->line, by_key[i]->line);
            st = STORE_INVALID;
            break;
        }
    }
    free(by_key);
    return st;
}

static bool column_is(sqlite3_stmt *st, int col, const char *text)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return t && strcmp(t, text) == 0;
}

enum { IMP_FIND, IMP_INSERT, IMP_UPDATE, IMP_COUNT_LIST, IMP_STMTS };

static const char *const import_sql[IMP_STMTS] = {
    [IMP_FIND] = "SELECT id, name, organisation, role, email, ticket, consent FROM attendee"
                 " WHERE event_id = ?1 AND key = ?2",
    [IMP_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role, email,"
                   " ticket, source, consent, created_ms, updated_ms, device, clock)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'list', ?9, ?10, ?10, ?11, ?12)",
    /* An updated attendee takes the import's time, device and clock; an unchanged one is
     * not written at all. */
    [IMP_UPDATE] = "UPDATE attendee SET name = ?2, organisation = ?3, role = ?4, email = ?5,"
                   " ticket = ?6, consent = ?7, updated_ms = ?8, device = ?9, clock = ?10"
                   " WHERE id = ?1",
    /* Pre-registered = all but the 'w:' keys of walk-ins (index-only, see store_stats). */
    [IMP_COUNT_LIST] = "SELECT (SELECT count(*) FROM attendee WHERE event_id = ?1)"
                       " - (SELECT count(*) FROM attendee WHERE event_id = ?1"
                       " AND key >= 'w:' AND key < 'w;')",
};

/* Stores one entry: insert, update, or nothing. Returns an SQLite code (SQLITE_DONE on
 * success) or -1 when the random source failed. */
static int import_one(Store *s, sqlite3_stmt **q, const char *event_id, const RosterEntry *e,
                      int64_t now_ms, StoreImportResult *res)
{
    sqlite3_stmt *find = q[IMP_FIND];
    bind_text(find, 1, event_id);
    bind_text(find, 2, e->key);
    int rc = sqlite3_step(find);
    if (rc == SQLITE_DONE) {
        done(find);
        char id[IDS_UUID_LEN + 1];
        if (new_id(s, id, now_ms) != STORE_OK) {
            return -1;
        }
        sqlite3_stmt *ins = q[IMP_INSERT];
        const char *vals[] = {id,      event_id, e->key,   e->name, e->organisation,
                              e->role, e->email, e->ticket};
        for (int i = 0; i < 8; i++) {
            bind_text(ins, i + 1, vals[i]);
        }
        sqlite3_bind_int(ins, 9, e->consent ? 1 : 0);
        sqlite3_bind_int64(ins, 10, now_ms);
        bind_text(ins, 11, s->device);
        bind_clock(ins, 12, s->clock);
        rc = run(ins);
        res->added += rc == SQLITE_DONE;
        return rc;
    }
    if (rc != SQLITE_ROW) {
        done(find);
        return rc;
    }
    bool same = column_is(find, 1, e->name) && column_is(find, 2, e->organisation) &&
                column_is(find, 3, e->role) && column_is(find, 4, e->email) &&
                column_is(find, 5, e->ticket) &&
                sqlite3_column_int(find, 6) == (e->consent ? 1 : 0);
    char id[IDS_UUID_LEN + 1];
    copy_column(id, sizeof id, find, 0);
    done(find);
    if (same) {
        res->unchanged++;
        return SQLITE_DONE;
    }
    sqlite3_stmt *upd = q[IMP_UPDATE];
    const char *vals[] = {id, e->name, e->organisation, e->role, e->email, e->ticket};
    for (int i = 0; i < 6; i++) {
        bind_text(upd, i + 1, vals[i]);
    }
    sqlite3_bind_int(upd, 7, e->consent ? 1 : 0);
    sqlite3_bind_int64(upd, 8, now_ms);
    bind_text(upd, 9, s->device);
    bind_clock(upd, 10, s->clock);
    rc = run(upd);
    res->updated += rc == SQLITE_DONE;
    return rc;
}

StoreStatus store_import_roster(Store *s, const char *event_id, const Roster *r, int64_t now_ms,
                                StoreImportResult *res)
{
    StoreImportResult counts = {0, 0, 0, 0};
    sqlite3_stmt *q[IMP_STMTS] = {NULL};
    if (res) {
        *res = counts;
    }
    StoreStatus st = roster_ok(s, r);
    if (st != STORE_OK) {
        return st;
    }
    for (int i = 0; i < IMP_STMTS; i++) {
        int rc = sqlite3_prepare_v2(s->db, import_sql[i], -1, &q[i], NULL);
        if (rc != SQLITE_OK) {
            st = fail_rc(s, rc, "import: prepare");
            goto out;
        }
    }
    /* One transaction for the whole list: either every row is stored or none. Pages that
     * do not fit SQLite's cache spill into the -wal before COMMIT, but no reader sees
     * them and a crash discards them, as they carry no commit frame. */
    st = tx_begin(s);
    if (st != STORE_OK) {
        goto out;
    }
    st = event_exists(s, event_id);
    for (size_t i = 0; st == STORE_OK && i < r->count; i++) {
        int rc = import_one(s, q, event_id, &r->entries[i], now_ms, &counts);
        if (rc == -1) {
            st = STORE_IO;
        } else if (rc != SQLITE_DONE) {
            st = fail_rc(s, rc, "import");
        }
    }
    if (st == STORE_OK) {
        sqlite3_stmt *cnt = q[IMP_COUNT_LIST];
        bind_text(cnt, 1, event_id);
        int rc = sqlite3_step(cnt);
        if (rc == SQLITE_ROW) {
            /* Every key of the list is now a 'list' row of the event, each once. */
            int64_t listed = sqlite3_column_int64(cnt, 0);
            counts.not_in_list = listed > (int64_t)r->count ? (size_t)listed - r->count : 0;
        } else {
            st = fail_rc(s, rc, "import: count");
        }
        done(cnt);
    }
    st = tx_end(s, st);
out:
    for (int i = 0; i < IMP_STMTS; i++) {
        sqlite3_finalize(q[i]);
    }
    if (res) {
        *res = st == STORE_OK ? counts : (StoreImportResult){0, 0, 0, 0};
    }
    return st;
}

StoreStatus store_each_attendee(Store *s, const char *event_id,
                                int (*fn)(void *ctx, const StoreAttendee *a), void *ctx)
{
    static const char sql[] = "SELECT " ATTENDEE_COLUMNS " FROM attendee a WHERE a.event_id = ?1"
                              " ORDER BY a.name COLLATE NOCASE";
    StoreStatus out = event_exists(s, event_id);
    if (out != STORE_OK) {
        return out;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "attendees: prepare");
    }
    bind_text(st, 1, event_id);
    /* One statement = one read transaction: fn sees a consistent snapshot. */
    StoreAttendee a;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        read_attendee(st, &a);
        if (fn(ctx, &a) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        out = fail_rc(s, rc, "attendees");
    }
    sqlite3_finalize(st);
    return out;
}

/* Runs a hot attendee query whose parameters are bound, reading one row into out. */
static StoreStatus fetch_attendee(Store *s, sqlite3_stmt *st, StoreAttendee *out, const char *what)
{
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        read_attendee(st, out);
    } else if (rc == SQLITE_DONE) {
        set_err(s, "%s: no such attendee", what);
        res = STORE_NOT_FOUND;
    } else {
        res = fail_rc(s, rc, what);
    }
    done(st);
    return res;
}

StoreStatus store_find_ticket(Store *s, const char *event_id, const char *ticket,
                              StoreAttendee *out)
{
    if (!ticket || !*ticket) {
        set_err(s, "ticket: empty code");
        return STORE_NOT_FOUND; /* people without a ticket have '' */
    }
    sqlite3_stmt *st = s->stmt[SQL_ATTENDEE_TICKET];
    bind_text(st, 1, event_id);
    bind_text(st, 2, ticket);
    return fetch_attendee(s, st, out, "ticket");
}

StoreStatus store_get_attendee(Store *s, const char *attendee_id, StoreAttendee *out)
{
    sqlite3_stmt *st = s->stmt[SQL_ATTENDEE_GET];
    bind_text(st, 1, attendee_id);
    return fetch_attendee(s, st, out, "attendee");
}

/* ---- Check-ins -------------------------------------------------------------------- */

/* Inside an open transaction: is there an active check-in, and at what time? */
static StoreStatus active_checkin(Store *s, const char *attendee_id, bool *found, int64_t *at)
{
    sqlite3_stmt *st = s->stmt[SQL_CHECKIN_ACTIVE];
    bind_text(st, 1, attendee_id);
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        *found = sqlite3_column_type(st, 0) != SQLITE_NULL;
        *at = *found ? sqlite3_column_int64(st, 0) : 0;
    } else {
        res = fail_rc(s, rc, "check-in: read");
    }
    done(st);
    return res;
}

static StoreStatus insert_checkin(Store *s, const char *id, const char *event_id,
                                  const char *attendee_id, int64_t now_ms)
{
    sqlite3_stmt *st = s->stmt[SQL_CHECKIN_INSERT];
    bind_text(st, 1, id);
    bind_text(st, 2, event_id);
    bind_text(st, 3, attendee_id);
    sqlite3_bind_int64(st, 4, now_ms);
    bind_text(st, 5, s->device);
    bind_clock(st, 6, s->clock);
    int rc = run(st);
    return rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "check-in: write");
}

StoreStatus store_checkin(Store *s, const char *event_id, const char *attendee_id, int64_t now_ms,
                          int64_t *existing_ms)
{
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = new_id(s, id, now_ms); /* before the lock: nothing to undo on failure */
    if (st != STORE_OK) {
        return st;
    }
    st = tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *in = s->stmt[SQL_ATTENDEE_IN_EVENT];
    bind_text(in, 1, attendee_id);
    bind_text(in, 2, event_id);
    int rc = sqlite3_step(in);
    done(in);
    if (rc == SQLITE_DONE) {
        set_err(s, "check-in: no attendee %s in event %s", attendee_id, event_id);
        st = STORE_NOT_FOUND;
    } else if (rc != SQLITE_ROW) {
        st = fail_rc(s, rc, "check-in: attendee");
    }
    bool found = false;
    int64_t at = 0;
    if (st == STORE_OK) {
        st = active_checkin(s, attendee_id, &found, &at);
    }
    if (st == STORE_OK && found) {
        /* Already in: end the transaction without writing (no fsync happens). */
        tx_rollback(s);
        *existing_ms = at;
        return STORE_ALREADY;
    }
    if (st == STORE_OK) {
        st = insert_checkin(s, id, event_id, attendee_id, now_ms);
    }
    st = tx_end(s, st);
    if (st == STORE_OK) {
        *existing_ms = now_ms;
    }
    return st;
}

static bool walk_in_text_ok(const char *t, bool required)
{
    size_t n = strlen(t);
    return n < ROSTER_FIELD_MAX && field_ok(t, n + 1) && !(required && is_blank(t));
}

StoreStatus store_walk_in(Store *s, const char *event_id, const char *name,
                          const char *organisation, bool consent, int64_t now_ms,
                          char attendee_id[IDS_UUID_LEN + 1])
{
    if (!organisation) {
        organisation = "";
    }
    if (!name || !walk_in_text_ok(name, true) || !walk_in_text_ok(organisation, false)) {
        set_err(s, "walk-in: the name is empty, or a field is too long or not valid text");
        return STORE_INVALID;
    }
    char id[IDS_UUID_LEN + 1], checkin_id[IDS_UUID_LEN + 1];
    StoreStatus st = new_id(s, id, now_ms);
    if (st == STORE_OK) {
        st = new_id(s, checkin_id, now_ms);
    }
    if (st != STORE_OK) {
        return st;
    }
    st = tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    st = event_exists(s, event_id);
    if (st == STORE_OK) {
        sqlite3_stmt *ins = s->stmt[SQL_WALKIN_INSERT];
        bind_text(ins, 1, id);
        bind_text(ins, 2, event_id);
        bind_text(ins, 3, name);
        bind_text(ins, 4, organisation);
        sqlite3_bind_int64(ins, 5, now_ms);
        bind_text(ins, 6, s->device);
        bind_clock(ins, 7, s->clock);
        sqlite3_bind_int(ins, 8, consent ? 1 : 0);
        int rc = run(ins);
        st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "walk-in: write");
    }
    if (st == STORE_OK) {
        st = insert_checkin(s, checkin_id, event_id, id, now_ms);
    }
    st = tx_end(s, st);
    if (st == STORE_OK) {
        memcpy(attendee_id, id, IDS_UUID_LEN + 1);
    }
    return st;
}

StoreStatus store_stats(Store *s, const char *event_id, StoreStats *out)
{
    /* Counted on covering indexes: all attendees, walk-ins by their 'w:' keys (see the
     * CHECK in the schema), active check-ins. */
    static const char sql[] =
        "SELECT"
        " (SELECT count(*) FROM attendee WHERE event_id = ?1),"
        " (SELECT count(*) FROM attendee WHERE event_id = ?1 AND key >= 'w:' AND key < 'w;'),"
        " (SELECT count(DISTINCT c.attendee_id) FROM checkin c WHERE c.event_id = ?1"
        "  AND c.reverses IS NULL"
        "  AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id)),"
        " (SELECT count(*) FROM checkin WHERE event_id = ?1)";
    StoreStatus res = event_exists(s, event_id);
    if (res != STORE_OK) {
        return res;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "stats: prepare");
    }
    bind_text(st, 1, event_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->walk_ins = sqlite3_column_int64(st, 1);
        out->expected = sqlite3_column_int64(st, 0) - out->walk_ins;
        out->checked_in = sqlite3_column_int64(st, 2);
        out->checkin_records = sqlite3_column_int64(st, 3);
    } else {
        res = fail_rc(s, rc, "stats");
    }
    sqlite3_finalize(st);
    return res;
}

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
    StoreStatus st = event_exists(s, event_id);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q = s->stmt[SQL_QUESTION_SCALE];
    bind_text(q, 1, event_id);
    sqlite3_bind_int(q, 2, question);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        const char *scale = (const char *)sqlite3_column_text(q, 0);
        int k = 0;
        while (k < SCALE_COUNT && !(scale && strcmp(scale, scale_names[k]) == 0)) {
            k++;
        }
        if (k == SCALE_COUNT) {
            set_err(s, "rating: question %d has an unknown scale", question + 1);
            st = STORE_CORRUPT;
        } else if (value < scale_range[k].min || value > scale_range[k].max) {
            set_err(s, "rating: %d is not on the %s scale of question %d (%d to %d)", value,
                    scale_names[k], question + 1, scale_range[k].min, scale_range[k].max);
            st = STORE_INVALID;
        }
    } else if (rc == SQLITE_DONE) {
        set_err(s, "rating: the event has no question %d", question + 1);
        st = STORE_INVALID;
    } else {
        st = fail_rc(s, rc, "rating: question");
    }
    done(q);
    return st;
}

StoreStatus store_rating_put(Store *s, const char *event_id, const char *token, int question,
                             int value, bool flagged, int64_t now_ms)
{
    if (!token_ok(token) || question < 0 || question >= EVENT_MAX_QUESTIONS) {
        set_err(s, "rating: empty or invalid token, or no such question");
        return STORE_INVALID;
    }
    int64_t at = minute_of(now_ms);
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = new_id(s, id, at); /* made for the minute: the id is a time too */
    if (st != STORE_OK) {
        return st;
    }
    st = tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    st = rating_target_ok(s, event_id, question, value);
    if (st == STORE_OK) {
        sqlite3_stmt *up = s->stmt[SQL_RATING_UPSERT];
        bind_text(up, 1, id);
        bind_text(up, 2, event_id);
        bind_text(up, 3, token);
        sqlite3_bind_int(up, 4, question);
        sqlite3_bind_int(up, 5, value);
        sqlite3_bind_int64(up, 6, at);
        bind_text(up, 7, s->device);
        sqlite3_bind_int(up, 8, flagged ? 1 : 0);
        bind_clock(up, 9, s->clock);
        int rc = run(up);
        st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "rating: write");
    }
    return tx_end(s, st);
}

StoreStatus store_reflection_put(Store *s, const char *event_id, const char *token,
                                 const char *text, bool flagged, int64_t now_ms)
{
    const char *start = NULL;
    size_t len = 0, chars = 0;
    if (!token_ok(token) || !reflection_text_ok(text, &start, &len, &chars) ||
        chars > EVENT_REFLECTION_HARD_MAX) {
        set_err(s, "reflection: empty or invalid token, or the text is empty, too long, more "
                   "than one line, or not valid text");
        return STORE_INVALID;
    }
    int64_t at = minute_of(now_ms);
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = new_id(s, id, at);
    if (st != STORE_OK) {
        return st;
    }
    st = tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *mx = s->stmt[SQL_REFLECTION_MAX];
    bind_text(mx, 1, event_id);
    int rc = sqlite3_step(mx);
    if (rc == SQLITE_ROW) {
        /* 0 is "not set" (see the schema): the event file's default applies. */
        int max = sqlite3_column_int(mx, 0);
        max = max > 0 ? max : EVENT_REFLECTION_DEFAULT_MAX;
        if (chars > (size_t)max) {
            set_err(s, "reflection: %zu characters, the event allows %d", chars, max);
            st = STORE_INVALID;
        }
    } else if (rc == SQLITE_DONE) {
        set_err(s, "no event with id %s", event_id);
        st = STORE_NOT_FOUND;
    } else {
        st = fail_rc(s, rc, "reflection: event");
    }
    done(mx);
    if (st == STORE_OK) {
        sqlite3_stmt *up = s->stmt[SQL_REFLECTION_UPSERT];
        bind_text(up, 1, id);
        bind_text(up, 2, event_id);
        bind_text(up, 3, token);
        /* The trimmed text: start[0..len) of the caller's string, alive until run(). */
        sqlite3_bind_text(up, 4, start, (int)len, SQLITE_STATIC);
        sqlite3_bind_int64(up, 5, at);
        bind_text(up, 6, s->device);
        sqlite3_bind_int(up, 7, flagged ? 1 : 0);
        bind_clock(up, 8, s->clock);
        rc = run(up);
        st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "reflection: write");
    }
    return tx_end(s, st);
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
    StoreStatus res = event_exists(s, event_id);
    if (res != STORE_OK) {
        return res;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "feedback stats: prepare");
    }
    bind_text(st, 1, event_id);
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
        res = fail_rc(s, rc, "feedback stats");
        memset(out, 0, sizeof *out);
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_rating_get(Store *s, const char *event_id, const char *token, int question,
                             int *value)
{
    if (!token_ok(token)) {
        set_err(s, "rating: empty or invalid token");
        return STORE_INVALID;
    }
    sqlite3_stmt *st = s->stmt[SQL_RATING_GET];
    bind_text(st, 1, event_id);
    bind_text(st, 2, token);
    sqlite3_bind_int(st, 3, question);
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        *value = sqlite3_column_int(st, 0);
    } else if (rc == SQLITE_DONE) {
        set_err(s, "rating: question %d of this session is unanswered", question + 1);
        res = STORE_NOT_FOUND;
    } else {
        res = fail_rc(s, rc, "rating: read");
    }
    done(st);
    return res;
}

StoreStatus store_reflection_get(Store *s, const char *event_id, const char *token, char *text,
                                 size_t cap)
{
    if (!token_ok(token) || cap == 0) {
        set_err(s, "reflection: empty or invalid token");
        return STORE_INVALID;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        s->db, "SELECT text FROM reflection WHERE event_id = ?1 AND token = ?2", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "reflection: prepare");
    }
    bind_text(st, 1, event_id);
    bind_text(st, 2, token);
    rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    text[0] = '\0';
    if (rc == SQLITE_ROW) {
        copy_column(text, cap, st, 0);
    } else if (rc == SQLITE_DONE) {
        set_err(s, "reflection: this session has none");
        res = STORE_NOT_FOUND;
    } else {
        res = fail_rc(s, rc, "reflection: read");
    }
    sqlite3_finalize(st);
    return res;
}

/* ---- Admin, merge, retention ------------------------------------------------------ */

/* Runs one write statement of its own transaction, with text bound to ?1 (unless NULL) and
 * num to ?2 where the statement has them. *changes (may be NULL) gets the rows written. */
static StoreStatus write_one(Store *s, const char *sql, const char *text, int64_t num,
                             const char *what, int *changes)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, what);
    }
    StoreStatus res = tx_begin(s);
    if (res == STORE_OK) {
        if (text && sqlite3_bind_parameter_count(st) >= 1) {
            bind_text(st, 1, text);
        }
        if (sqlite3_bind_parameter_count(st) >= 2) {
            sqlite3_bind_int64(st, 2, num);
        }
        rc = run(st);
        res = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, what);
        if (changes) {
            *changes = res == STORE_OK ? sqlite3_changes(s->db) : 0;
        }
        res = tx_end(s, res);
    }
    sqlite3_finalize(st);
    return res;
}

/* A crypto_pwhash_str string: "$argon2..." in printable ASCII, shorter than the buffer.
 * Anything else (a PIN in clear above all) is refused rather than stored. */
static bool pin_hash_ok(const char *hash)
{
    if (!hash) {
        return false;
    }
    size_t n = strnlen(hash, STORE_PIN_HASH_MAX);
    if (n >= STORE_PIN_HASH_MAX || strncmp(hash, "$argon2", 7) != 0) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (hash[i] <= ' ' || hash[i] > '~') {
            return false;
        }
    }
    return true;
}

StoreStatus store_pin_set(Store *s, const char *hash)
{
    if (!pin_hash_ok(hash)) {
        set_err(s, "pin: not a crypto_pwhash_str hash; nothing was stored");
        return STORE_INVALID;
    }
    return write_one(s,
                     "INSERT INTO admin(id, pin_hash, failures, last_failure_ms)"
                     " VALUES (1, ?1, 0, 0) ON CONFLICT(id) DO UPDATE SET"
                     " pin_hash = excluded.pin_hash, failures = 0, last_failure_ms = 0",
                     hash, 0, "pin: write", NULL);
}

StoreStatus store_pin_get(Store *s, char hash[STORE_PIN_HASH_MAX])
{
    hash[0] = '\0';
    int rc = query_text(s->db, "SELECT pin_hash FROM admin WHERE id = 1 AND pin_hash <> ''", hash,
                        STORE_PIN_HASH_MAX);
    if (rc == SQLITE_DONE) {
        set_err(s, "pin: no admin PIN has been set");
        return STORE_NOT_FOUND;
    }
    return rc == SQLITE_OK ? STORE_OK : fail_rc(s, rc, "pin: read");
}

StoreStatus store_pin_failures(Store *s, int *count, int64_t *last_ms)
{
    *count = 0;
    *last_ms = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT failures, last_failure_ms FROM admin WHERE id = 1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            int64_t n = sqlite3_column_int64(st, 0);
            *count = n > INT32_MAX ? INT32_MAX : (int)n; /* the schema holds it >= 0 */
            *last_ms = sqlite3_column_int64(st, 1);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "pin: failures");
}

StoreStatus store_pin_failed(Store *s, int64_t now_ms)
{
    return write_one(s,
                     "INSERT INTO admin(id, failures, last_failure_ms) VALUES (1, 1, ?2)"
                     " ON CONFLICT(id) DO UPDATE SET failures = failures + 1,"
                     " last_failure_ms = excluded.last_failure_ms",
                     NULL, now_ms, "pin: count a failure", NULL);
}

StoreStatus store_pin_succeeded(Store *s)
{
    /* Nothing to write (and no fsync) when there was no failure. */
    return write_one(s,
                     "UPDATE admin SET failures = 0, last_failure_ms = 0"
                     " WHERE id = 1 AND (failures <> 0 OR last_failure_ms <> 0)",
                     NULL, 0, "pin: reset failures", NULL);
}

StoreStatus store_event_set_phases(Store *s, const char *event_id, int phases)
{
    if (phases < EVENT_PHASE_CHECKIN || phases > EVENT_PHASE_BOTH) {
        set_err(s, "phases: %d is not check-in, feedback or both", phases);
        return STORE_INVALID;
    }
    /* Feedback needs a question to ask, as in the event file. */
    int changed = 0;
    StoreStatus st =
        write_one(s,
                  "UPDATE event SET phases = ?2 WHERE id = ?1 AND"
                  " (?2 & 2 = 0 OR EXISTS (SELECT 1 FROM question WHERE event_id = ?1))",
                  event_id, phases, "phases: write", &changed);
    if (st == STORE_OK && changed == 0) {
        st = event_exists(s, event_id);
        if (st == STORE_OK) {
            set_err(s, "phases: the event has no questions, so it cannot offer feedback");
            st = STORE_INVALID;
        }
    }
    return st;
}

/* The active check-ins of attendee ?1, earliest first (time, then id): the rows ACTIVE_CHECKIN_MS
 * looks at. */
#define ACTIVE_CHECKINS_OF_ATTENDEE                                                                \
    "SELECT c.id, c.event_id, c.at_ms, c.device, c.clock FROM checkin c WHERE c.attendee_id = ?1"  \
    " AND c.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id)"     \
    " ORDER BY c.at_ms, c.id"

#define REVERSAL_INSERT                                                                            \
    "INSERT INTO checkin(id, event_id, attendee_id, at_ms, device, reverses, clock)"               \
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"

StoreStatus store_checkin_undo(Store *s, const char *event_id, const char *attendee_id,
                               int64_t now_ms)
{
    sqlite3_stmt *act = NULL, *ins = NULL;
    int rc = sqlite3_prepare_v2(s->db, ACTIVE_CHECKINS_OF_ATTENDEE, -1, &act, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db, REVERSAL_INSERT, -1, &ins, NULL);
    }
    StoreStatus st = rc == SQLITE_OK ? tx_begin(s) : fail_rc(s, rc, "undo: prepare");
    bool began = st == STORE_OK;
    if (began) {
        sqlite3_stmt *in = s->stmt[SQL_ATTENDEE_IN_EVENT];
        bind_text(in, 1, attendee_id);
        bind_text(in, 2, event_id);
        rc = sqlite3_step(in);
        done(in);
        st = rc == SQLITE_ROW    ? STORE_OK
             : rc == SQLITE_DONE ? STORE_NOT_FOUND
                                 : fail_rc(s, rc, "undo");
    }
    /* One reversal per active check-in: normally one; more only in a database that a merge
     * has not yet cleaned up. The query runs again after each, so it never reads rows it is
     * changing. */
    int undone = 0;
    while (st == STORE_OK) {
        bind_text(act, 1, attendee_id);
        rc = sqlite3_step(act);
        if (rc != SQLITE_ROW) {
            done(act);
            st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "undo: read");
            break;
        }
        char undo_id[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
        copy_column(undo_id, sizeof undo_id, act, 0);
        done(act);
        st = new_id(s, id, now_ms);
        if (st == STORE_OK) {
            bind_text(ins, 1, id);
            bind_text(ins, 2, event_id);
            bind_text(ins, 3, attendee_id);
            sqlite3_bind_int64(ins, 4, now_ms);
            bind_text(ins, 5, s->device);
            bind_text(ins, 6, undo_id);
            bind_clock(ins, 7, s->clock); /* the undo's own: made now */
            rc = run(ins);
            st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "undo: write");
            undone++;
        }
    }
    if (st == STORE_OK && undone == 0) {
        st = STORE_NOT_FOUND;
    }
    if (st == STORE_NOT_FOUND) {
        set_err(s, "undo: attendee %s has no active check-in in event %s", attendee_id, event_id);
    }
    if (began) {
        st = tx_end(s, st);
    }
    sqlite3_finalize(act);
    sqlite3_finalize(ins);
    return st;
}

/* floor(t / step) * step, also for t < 0. */
static int64_t floor_to(int64_t t, int64_t step)
{
    int64_t r = t % step;
    return t - r - (r < 0 ? step : 0);
}

StoreStatus store_checkin_histogram(Store *s, const char *event_id, int64_t bucket_ms,
                                    int64_t *start_ms, int64_t *counts, size_t max, size_t *n)
{
    *start_ms = 0;
    *n = 0;
    if (bucket_ms <= 0 || max == 0 || !counts) {
        set_err(s, "histogram: the bucket must be longer than 0 ms and there must be room");
        return STORE_INVALID;
    }
    memset(counts, 0, max * sizeof *counts);
    StoreStatus res = event_exists(s, event_id);
    if (res != STORE_OK) {
        return res;
    }
    static const char sql[] =
        "SELECT c.at_ms FROM checkin c WHERE c.event_id = ?1 AND c.reverses IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id) ORDER BY c.at_ms";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "histogram: prepare");
    }
    bind_text(st, 1, event_id);
    int64_t start = 0;
    size_t used = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t at = sqlite3_column_int64(st, 0);
        if (used == 0) {
            start = floor_to(at, bucket_ms);
        }
        /* Rows come in time order, so at >= start. */
        uint64_t i = (uint64_t)(at - start) / (uint64_t)bucket_ms;
        size_t b = i >= max ? max - 1 : (size_t)i;
        counts[b]++;
        used = b + 1 > used ? b + 1 : used;
    }
    if (rc != SQLITE_DONE) {
        res = fail_rc(s, rc, "histogram");
        memset(counts, 0, max * sizeof *counts);
        start = 0;
        used = 0;
    }
    sqlite3_finalize(st);
    *start_ms = start;
    *n = used;
    return res;
}

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

/* One event of the other database and where it went here. */
typedef struct MergeEvent {
    char other_id[IDS_UUID_LEN + 1];
    char local_id[IDS_UUID_LEN + 1];
    char key[EVENT_KEY_MAX];
    bool purged;    /* purged here: none of the other's names or check-ins are taken in */
    size_t skipped; /* the other's attendees and check-ins left out for that reason */
} MergeEvent;

/* Statements on this database. */
enum {
    MQ_EVENT_FIND,
    MQ_EVENT_ID_USED,
    MQ_EVENT_INSERT,
    MQ_QUESTION_INSERT,
    MQ_ATTENDEE_FIND,
    MQ_ATTENDEE_ID_USED,
    MQ_ATTENDEE_INSERT,
    MQ_CHECKIN_INSERT,
    MQ_RATING_INSERT,
    MQ_REFLECTION_INSERT,
    MQ_DOUBLE,
    MQ_ACTIVE,
    MQ_NAME,
    MQ_COUNT
};

static const char *const merge_sql[MQ_COUNT] = {
    /* Columns from 2 on as in other_event_sql, for merge_differs. */
    [MQ_EVENT_FIND] = "SELECT id, purged_ms IS NOT NULL, title, date, start_time, venue, theme,"
                      " organiser, language, next_meeting, phases, reflection_sv, reflection_en,"
                      " reflection_max, feedback_url, thanks_seconds, repeat_seconds,"
                      " retention_days FROM event WHERE key = ?1",
    [MQ_EVENT_ID_USED] = "SELECT 1 FROM event WHERE id = ?1",
    [MQ_EVENT_INSERT] =
        "INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,"
        " next_meeting, phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
        " thanks_seconds, repeat_seconds, retention_days, created_ms, updated_ms, device)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21)",
    [MQ_QUESTION_INSERT] = "INSERT INTO question(event_id, position, text_sv, text_en, scale)"
                           " VALUES (?1, ?2, ?3, ?4, ?5)",
    [MQ_ATTENDEE_FIND] = "SELECT id, name, organisation, role, email, ticket, consent FROM attendee"
                         " WHERE event_id = ?1 AND key = ?2",
    [MQ_ATTENDEE_ID_USED] = "SELECT 1 FROM attendee WHERE id = ?1",
    [MQ_ATTENDEE_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role,"
                           " email, ticket, source, consent, created_ms, updated_ms, device,"
                           " clock) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                           " ?13, ?14)",
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
};

/* Statements on the other database, by its schema version: a file of an older mingel is
 * read as it is (it is never migrated, being read-only), with the defaults its missing
 * columns have here. */
enum { OQ_EVENTS, OQ_QUESTIONS, OQ_ATTENDEES, OQ_CHECKINS, OQ_RATINGS, OQ_REFLECTIONS, OQ_COUNT };

#define OTHER_EVENT_HEAD                                                                           \
    "SELECT id, key, title, date, start_time, venue, theme, organiser, language, next_meeting, "
#define OTHER_EVENT_TAIL ", created_ms, updated_ms, device FROM event ORDER BY key"

static const char *const other_event_sql[] = {
    [0] = NULL, /* version 0 holds no records: refused before */
    [1] = OTHER_EVENT_HEAD "1, '', '', 140, '', 20, 5, 90" OTHER_EVENT_TAIL,
    [2] = OTHER_EVENT_HEAD "phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
                           " thanks_seconds, repeat_seconds, 90" OTHER_EVENT_TAIL,
    [3] = OTHER_EVENT_HEAD "phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
                           " thanks_seconds, repeat_seconds, retention_days" OTHER_EVENT_TAIL,
    [4] = OTHER_EVENT_HEAD "phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
                           " thanks_seconds, repeat_seconds, retention_days" OTHER_EVENT_TAIL,
};

_Static_assert(sizeof other_event_sql / sizeof other_event_sql[0] == STORE_SCHEMA_VERSION + 1,
               "a new schema version needs its row in other_event_sql (store_merge)");

/* The feedback tables exist from version 2 on, the clock columns from version 4. */
#define OTHER_FEEDBACK_VERSION 2
#define OTHER_CLOCK_VERSION    4

/* Each in two forms: [0] for a file without clock columns, which reads its rows' clock as
 * NULL (unknown, as the upgrade would make them), [1] from OTHER_CLOCK_VERSION on. */
#define OTHER_ATTENDEES(clock)                                                                     \
    "SELECT id, event_id, key, name, organisation, role, email, ticket, source, consent,"          \
    " created_ms, updated_ms, device, " clock " FROM attendee ORDER BY event_id, key"
/* Check-ins before the reversals that name them (the foreign key), each in time order. */
#define OTHER_CHECKINS(clock)                                                                      \
    "SELECT c.id, c.event_id, a.key, c.at_ms, c.device, c.reverses, " clock " FROM checkin c"      \
    " JOIN attendee a ON a.id = c.attendee_id ORDER BY c.reverses IS NOT NULL, c.at_ms, c.id"
#define OTHER_RATINGS(clock)                                                                       \
    "SELECT id, event_id, token, question, value, at_ms, device, flagged, " clock " FROM rating"   \
    " ORDER BY id"
#define OTHER_REFLECTIONS(clock)                                                                   \
    "SELECT id, event_id, token, text, at_ms, device, flagged, " clock " FROM reflection"          \
    " ORDER BY id"

static const char *const other_sql[OQ_COUNT][2] = {
    [OQ_EVENTS] = {NULL, NULL}, /* other_event_sql */
    [OQ_QUESTIONS] = {"SELECT position, text_sv, text_en, scale FROM question"
                      " WHERE event_id = ?1 ORDER BY position",
                      "SELECT position, text_sv, text_en, scale FROM question"
                      " WHERE event_id = ?1 ORDER BY position"},
    [OQ_ATTENDEES] = {OTHER_ATTENDEES("NULL"), OTHER_ATTENDEES("clock")},
    [OQ_CHECKINS] = {OTHER_CHECKINS("NULL"), OTHER_CHECKINS("c.clock")},
    [OQ_RATINGS] = {OTHER_RATINGS("NULL"), OTHER_RATINGS("clock")},
    [OQ_REFLECTIONS] = {OTHER_REFLECTIONS("NULL"), OTHER_REFLECTIONS("clock")},
};

#define MERGE_TEXT_MAX 4096 /* bytes of any one text value taken from another file */

typedef struct Merge {
    Store *s;
    const char *path; /* the other file, for messages */
    sqlite3 *other;
    int64_t version; /* the other's schema version */
    sqlite3_stmt *q[MQ_COUNT];
    sqlite3_stmt *oq[OQ_COUNT];
    MergeEvent *events;
    size_t nevents, events_cap;
    char *notes; /* lines for note(), delivered only once the merge is committed */
    size_t notes_len, notes_cap;
    bool out_of_memory;
    StoreMergeReport rep;
} Merge;

/* Adds a line for note(). Out of memory is remembered and fails the merge. */
static void merge_note(Merge *m, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vformat(line, sizeof line, fmt, ap);
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
    copy_column(out, IDS_UUID_LEN + 1, src, col);
    return out[0] != '\0';
}

static StoreStatus merge_bad_row(Merge *m, const char *table)
{
    set_err(m->s,
            "%s: a row of its %s table is not as mingel writes it (wrong type, text that "
            "cannot be shown, or a broken link); nothing was merged",
            m->path, table);
    return STORE_CORRUPT;
}

/* Steps a statement of this database bound by the caller, for one row or none: *found
 * says which. Returns an SQLite code, SQLITE_ROW or SQLITE_DONE on success; the caller
 * reads the row and calls done(). */
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
    bind_text(st, 1, id);
    bool used = false;
    int rc = step_one(st, &used);
    done(st);
    *is_free = !used;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : fail_rc(m->s, rc, "merge: id");
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
    [3] = 16,
    [4] = 16,
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
    bind_text(ins, 1, e->local_id);
    /* key .. next_meeting (9 texts), phases, reflection_sv/en, reflection_max,
     * feedback_url, thanks, repeat, retention, created, updated, device */
    if (!bind_other(ins, 2, o, 1, "tttttttttittitiiiiit")) {
        done(ins);
        return merge_bad_row(m, "event");
    }
    int rc = run(ins);
    if (rc != SQLITE_DONE) {
        return fail_rc(m->s, rc, "merge: event");
    }
    m->rep.events++;
    sqlite3_stmt *oq = m->oq[OQ_QUESTIONS];
    if (!oq) {
        return STORE_OK;
    }
    bind_text(oq, 1, e->other_id);
    while ((rc = sqlite3_step(oq)) == SQLITE_ROW) {
        sqlite3_stmt *qi = m->q[MQ_QUESTION_INSERT];
        bind_text(qi, 1, e->local_id);
        if (!bind_other(qi, 2, oq, 0, "ittt")) {
            done(qi);
            done(oq);
            return merge_bad_row(m, "question");
        }
        int wrc = run(qi);
        if (wrc != SQLITE_DONE) {
            done(oq);
            return fail_rc(m->s, wrc, "merge: question");
        }
    }
    done(oq);
    return rc == SQLITE_DONE ? STORE_OK : fail_rc(m->s, rc, "merge: read questions");
}

/* Events are matched by key: a known one keeps this database's details (a difference is a
 * conflict, noted), an unknown one is created here with its questions. */
static StoreStatus merge_events(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_EVENTS];
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        if (m->nevents == m->events_cap) {
            size_t cap = m->events_cap ? m->events_cap * 2 : 8;
            MergeEvent *p = realloc(m->events, cap * sizeof *p);
            if (!p) {
                set_err(m->s, "merge: out of memory");
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
        copy_column(e->key, sizeof e->key, o, 1);
        sqlite3_stmt *find = m->q[MQ_EVENT_FIND];
        bind_text(find, 1, e->key);
        bool found = false;
        rc = step_one(find, &found);
        if (found) {
            copy_column(e->local_id, sizeof e->local_id, find, 0);
            e->purged = sqlite3_column_int(find, 1) != 0;
            static const int cols[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17};
            char which[256];
            if (merge_differs(find, cols, o, cols, merge_event_fields,
                              merge_event_fields_in[m->version], which, sizeof which) > 0) {
                merge_note(m, "conflict: event %s has another %s in %s; this database's kept",
                           e->key, which, m->path);
                m->rep.conflicts++;
            }
        }
        done(find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: find event");
        } else if (!found) {
            st = merge_new_event(m, o, e);
        }
        m->nevents += st == STORE_OK;
    }
    done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st : fail_rc(m->s, rc, "merge: read events");
}

/* Attendees are matched by (event key, attendee key). A known one keeps this database's
 * details; any difference (name, organisation, role, email, ticket, consent) is a
 * conflict, noted. */
static StoreStatus merge_attendees(Merge *m)
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
        bind_text(find, 1, e->local_id);
        sqlite3_bind_text(find, 2, (const char *)sqlite3_column_text(o, 2), -1, SQLITE_TRANSIENT);
        bool found = false;
        rc = step_one(find, &found);
        static const int lc[] = {1, 2, 3, 4, 5, 6}, oc[] = {3, 4, 5, 6, 7, 9};
        static const char *const names[] = {"name",  "organisation", "role",
                                            "email", "ticket",       "consent"};
        char which[128];
        if (found && merge_differs(find, lc, o, oc, names, 6, which, sizeof which) > 0) {
            char name[ROSTER_FIELD_MAX], org[ROSTER_FIELD_MAX];
            copy_column(name, sizeof name, find, 1);
            copy_column(org, sizeof org, find, 2);
            merge_note(m,
                       "conflict: attendee %s of event %s is \"%s\" (%s) here and \"%s\" (%s) "
                       "in %s (differing: %s); this database's kept",
                       (const char *)sqlite3_column_text(o, 2), e->key, name, org,
                       (const char *)sqlite3_column_text(o, 3),
                       (const char *)sqlite3_column_text(o, 4), m->path, which);
            m->rep.conflicts++;
        }
        done(find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: find attendee");
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
        bind_text(ins, 1, local);
        bind_text(ins, 2, e->local_id);
        /* key, name, organisation, role, email, ticket, source, consent, created, updated,
         * device, clock */
        if (!bind_other(ins, 3, o, 2, "tttttttiiitc")) {
            done(ins);
            st = merge_bad_row(m, "attendee");
            break;
        }
        rc = run(ins);
        if (rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: attendee");
            break;
        }
        m->rep.attendees++;
    }
    done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st : fail_rc(m->s, rc, "merge: read attendees");
}

/* Check-ins and reversals by id, pointed at this database's event and attendee. */
static StoreStatus merge_checkins(Merge *m)
{
    sqlite3_stmt *o = m->oq[OQ_CHECKINS];
    StoreStatus st = STORE_OK;
    int rc = SQLITE_DONE;
    while (st == STORE_OK && (rc = sqlite3_step(o)) == SQLITE_ROW) {
        char ev[IDS_UUID_LEN + 1], attendee[IDS_UUID_LEN + 1] = "";
        MergeEvent *e = NULL;
        if (!other_id(o, 1, ev) || !(e = merge_event_of(m, ev)) || !other_text_ok(o, 2)) {
            st = merge_bad_row(m, "checkin");
            break;
        }
        if (e->purged) {
            e->skipped++;
            continue;
        }
        sqlite3_stmt *find = m->q[MQ_ATTENDEE_FIND];
        bind_text(find, 1, e->local_id);
        sqlite3_bind_text(find, 2, (const char *)sqlite3_column_text(o, 2), -1, SQLITE_TRANSIENT);
        bool found = false;
        rc = step_one(find, &found);
        if (found) {
            copy_column(attendee, sizeof attendee, find, 0);
        }
        done(find);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: find attendee");
            break;
        }
        if (!found) { /* merge_attendees took every attendee of the event in */
            st = merge_bad_row(m, "checkin");
            break;
        }
        sqlite3_stmt *ins = m->q[MQ_CHECKIN_INSERT];
        bind_text(ins, 2, e->local_id);
        bind_text(ins, 3, attendee);
        /* at_ms, device, reverses, clock */
        if (!bind_other(ins, 1, o, 0, "t") || !bind_other(ins, 4, o, 3, "itnc")) {
            done(ins);
            st = merge_bad_row(m, "checkin");
            break;
        }
        rc = run(ins);
        if (rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: check-in");
            break;
        }
        m->rep.checkins += (size_t)sqlite3_changes(m->s->db);
    }
    done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st : fail_rc(m->s, rc, "merge: read check-ins");
}

/* Ratings or reflections (which) by id; they are anonymous, so they are taken in for a
 * purged event too. kinds: the columns from token on. */
static StoreStatus merge_feedback(Merge *m, int which, int insert, const char *kinds,
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
            done(ins);
            st = merge_bad_row(m, table);
            break;
        }
        bind_text(ins, 2, e->local_id);
        rc = run(ins);
        if (rc != SQLITE_DONE) {
            st = fail_rc(m->s, rc, "merge: feedback");
            break;
        }
        *count += (size_t)sqlite3_changes(m->s->db);
    }
    done(o);
    return st != STORE_OK || rc == SQLITE_DONE ? st : fail_rc(m->s, rc, "merge: read feedback");
}

/* Local time of day of t (Unix ms) as HH:MM:SS, for notes. */
static void clock_text(int64_t t, char out[16])
{
    time_t sec = (time_t)floor_to(t, 1000) / 1000;
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
static StoreStatus merge_doubles(Merge *m)
{
    char attendee[IDS_UUID_LEN + 1] = "", last[IDS_UUID_LEN + 1] = "";
    for (;;) {
        /* Attendees before the last one seen have one active check-in at most now. */
        bind_text(m->q[MQ_DOUBLE], 1, last);
        bool found = false;
        int rc = step_one(m->q[MQ_DOUBLE], &found);
        if (found) {
            copy_column(attendee, sizeof attendee, m->q[MQ_DOUBLE], 0);
        }
        done(m->q[MQ_DOUBLE]);
        if (!found) {
            return rc == SQLITE_DONE ? STORE_OK : fail_rc(m->s, rc, "merge: double check-ins");
        }
        if (strcmp(attendee, last) != 0) {
            m->rep.double_checkins++;
            memcpy(last, attendee, sizeof last);
        }
        /* The earliest and the next one. */
        sqlite3_stmt *act = m->q[MQ_ACTIVE];
        bind_text(act, 1, attendee);
        char kept_device[IDS_UUID_LEN + 1] = "", undo_id[IDS_UUID_LEN + 1] = "";
        char ev[IDS_UUID_LEN + 1] = "", device[IDS_UUID_LEN + 1] = "";
        int64_t kept_at = 0, at = 0;
        StoreClock clock = STORE_CLOCK_UNKNOWN;
        int rows = 0;
        while ((rc = sqlite3_step(act)) == SQLITE_ROW) {
            if (rows++ == 0) {
                kept_at = sqlite3_column_int64(act, 2);
                copy_column(kept_device, sizeof kept_device, act, 3);
            } else {
                copy_column(undo_id, sizeof undo_id, act, 0);
                copy_column(ev, sizeof ev, act, 1);
                at = sqlite3_column_int64(act, 2);
                copy_column(device, sizeof device, act, 3);
                clock = column_clock(act, 4);
            }
        }
        done(act);
        if (rc != SQLITE_DONE || rows != 2) {
            return rc != SQLITE_DONE ? fail_rc(m->s, rc, "merge: active check-ins")
                                     : merge_bad_row(m, "checkin");
        }
        char rid[IDS_UUID_LEN + 1];
        derived_id(rid, MERGE_REVERSAL_PURPOSE, undo_id, at);
        sqlite3_stmt *ins = m->q[MQ_CHECKIN_INSERT];
        const char *vals[] = {rid, ev, attendee};
        for (int i = 0; i < 3; i++) {
            bind_text(ins, i + 1, vals[i]);
        }
        sqlite3_bind_int64(ins, 4, at);
        bind_text(ins, 5, device);
        bind_text(ins, 6, undo_id);
        bind_clock(ins, 7, clock);
        rc = run(ins);
        if (rc != SQLITE_DONE) {
            return fail_rc(m->s, rc, "merge: reversal");
        }
        if (sqlite3_changes(m->s->db) != 1) {
            /* Its id is taken by another record: the loop would never end. */
            set_err(m->s, "merge: the reversal id %s is taken; nothing was merged", rid);
            return STORE_CORRUPT;
        }
        sqlite3_stmt *nm = m->q[MQ_NAME];
        bind_text(nm, 1, attendee);
        char name[ROSTER_FIELD_MAX] = "", org[ROSTER_FIELD_MAX] = "", key[EVENT_KEY_MAX] = "";
        if (sqlite3_step(nm) == SQLITE_ROW) {
            copy_column(name, sizeof name, nm, 0);
            copy_column(org, sizeof org, nm, 1);
            copy_column(key, sizeof key, nm, 2);
        }
        done(nm);
        char kept_clock[16], at_clock[16];
        clock_text(kept_at, kept_clock);
        clock_text(at, at_clock);
        merge_note(m,
                   "double check-in: %s%s%s%s of event %s checked in at %s on kiosk %s and at %s "
                   "on kiosk %s; the earlier one is kept, the later one undone",
                   name, org[0] ? " (" : "", org, org[0] ? ")" : "", key, kept_clock, kept_device,
                   at_clock, device);
    }
}

/* "file:" URI of path for sqlite3_open_v2 (SQLITE_OPEN_URI), read-only; immutable when
 * no -wal or -journal says that another connection may be writing or has left work. */
static char *other_uri(const char *path, bool immutable)
{
    static const char hex[] = "0123456789ABCDEF";
    static const char tail_ro[] = "?mode=ro", tail_im[] = "&immutable=1";
    size_t n = strlen(path);
    char *u = malloc(3 * n + sizeof "file://" + sizeof tail_ro + sizeof tail_im);
    if (!u) {
        return NULL;
    }
    size_t o = 0;
    memcpy(u, "file:", 5);
    o = 5;
    if (path[0] == '/') { /* "file:///abs": an empty authority, then the path */
        memcpy(u + o, "//", 2);
        o += 2;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '/' || c == '.' || c == '_' || c == '-' || c == '~') {
            u[o++] = (char)c;
        } else {
            u[o++] = '%';
            u[o++] = hex[c >> 4];
            u[o++] = hex[c & 15];
        }
    }
    memcpy(u + o, tail_ro, sizeof tail_ro);
    if (immutable) {
        memcpy(u + o + sizeof tail_ro - 1, tail_im, sizeof tail_im);
    }
    return u;
}

/* Drops the advice "use another --db" from a message of the open checks: for a merge the
 * other file is an argument, not --db. */
static void merge_advice(char *msg)
{
    static const char *const drop[] = {" or use another --db", "; use another --db"};
    for (size_t i = 0; i < sizeof drop / sizeof drop[0]; i++) {
        char *p = strstr(msg, drop[i]);
        if (p) {
            memmove(p, p + strlen(drop[i]), strlen(p + strlen(drop[i])) + 1);
        }
    }
}

/* Opens the other database read-only after the checks store_open makes, so the same files
 * are refused, and left untouched: the header read with plain system calls first (nothing
 * is created beside a file that is not ours), then SQLite's view of it (application_id,
 * user_version, quick_check). A file that no -wal or -journal accompanies is opened
 * immutable, so not even a -shm is created beside it (a read-only WAL connection would
 * otherwise leave one). */
static StoreStatus merge_open_other(Merge *m)
{
    Store *s = m->s;
    const char *path = m->path;
    char err[STORE_ERR_MAX] = "";
    struct stat sb, self;
    if (stat(path, &sb) != 0) {
        int e = errno;
        set_err(s, "%s: %s; check the path", path, strerror(e));
        return e == ENOENT ? STORE_NOT_FOUND : e == EACCES ? STORE_READONLY : STORE_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        set_err(s, "%s: not a regular file; give a kiosk's database file", path);
        return STORE_IO;
    }
    if (stat(s->path, &self) == 0 && self.st_dev == sb.st_dev && self.st_ino == sb.st_ino) {
        set_err(s, "%s: that is this database itself; give another kiosk's file", path);
        return STORE_INVALID;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        set_err(s, "%s: cannot read: %s", path, strerror(e));
        return e == EACCES ? STORE_READONLY : STORE_IO;
    }
    unsigned char h[STORE_HEADER_SIZE];
    ssize_t got = read(fd, h, sizeof h);
    close(fd);
    if (got < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        set_err(s, "%s: not a mingel database (%s); it was left untouched", path,
                got == 0 ? "an empty file" : "not an SQLite file at all");
        return STORE_CORRUPT;
    }
    /* Only refusals are final here: page 1 may sit newer in a -wal (see store_open). */
    bool fresh = false;
    StoreStatus st =
        judge_identity(path, be32(h + 68), (int32_t)be32(h + 60), -1, &fresh, err, sizeof err);
    bool wal = h[18] == 2 && h[19] == 2;
    char *uri = NULL;
    if (st == STORE_OK) {
        uri = other_uri(path, !path_exists(path, "-wal") && !path_exists(path, "-journal"));
        if (!uri) {
            put_msg(err, sizeof err, "%s: out of memory", path);
            st = STORE_IO;
        }
    }
    if (st == STORE_OK) {
        int rc = sqlite3_open_v2(
            uri, &m->other, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_extended_result_codes(m->other, 1);
            sqlite3_busy_timeout(m->other, STORE_BUSY_MS);
            st = check_with_sqlite(m->other, path, true, wal, &m->version, err, sizeof err);
        } else {
            st = open_fail(m->other, rc, path, "cannot open", err, sizeof err);
        }
    }
    free(uri);
    if (st == STORE_OK && m->version < 1) {
        put_msg(err, sizeof err,
                "%s: an empty SQLite database, not a kiosk's; it was left "
                "untouched",
                path);
        st = STORE_FOREIGN;
    }
    if (st != STORE_OK) {
        merge_advice(err);
        set_err(s, "%s", err);
    }
    return st;
}

static StoreStatus merge_prepare(Merge *m)
{
    for (int i = 0; i < MQ_COUNT; i++) {
        int rc = sqlite3_prepare_v2(m->s->db, merge_sql[i], -1, &m->q[i], NULL);
        if (rc != SQLITE_OK) {
            return fail_rc(m->s, rc, "merge: prepare");
        }
    }
    for (int i = 0; i < OQ_COUNT; i++) {
        const char *sql = i == OQ_EVENTS ? other_event_sql[m->version]
                                         : other_sql[i][m->version >= OTHER_CLOCK_VERSION];
        bool feedback = i == OQ_QUESTIONS || i == OQ_RATINGS || i == OQ_REFLECTIONS;
        if (feedback && m->version < OTHER_FEEDBACK_VERSION) {
            continue;
        }
        int rc = sqlite3_prepare_v2(m->other, sql, -1, &m->oq[i], NULL);
        if (rc != SQLITE_OK) {
            /* A schema that its user_version does not describe. */
            set_err(m->s, "%s: cannot read it as a schema-%d mingel database: %s", m->path,
                    (int)m->version, sqlite3_errmsg(m->other));
            return STORE_CORRUPT;
        }
    }
    return STORE_OK;
}

StoreStatus store_merge(Store *s, const char *other_path, StoreMergeReport *rep,
                        void (*note)(void *ctx, const char *line), void *ctx)
{
    if (rep) {
        memset(rep, 0, sizeof *rep);
    }
    if (!other_path || !*other_path) {
        set_err(s, "merge: no file given");
        return STORE_INVALID;
    }
    if (sodium_init() < 0) {
        set_err(s, "merge: libsodium cannot be initialised");
        return STORE_IO;
    }
    Merge m = {.s = s, .path = other_path};
    StoreStatus st = merge_open_other(&m);
    bool reading = false, writing = false;
    if (st == STORE_OK) {
        st = merge_prepare(&m);
    }
    /* One snapshot of the other file (a read transaction), one write transaction here. */
    if (st == STORE_OK) {
        int rc = sqlite3_exec(m.other, "BEGIN", NULL, NULL, NULL);
        reading = rc == SQLITE_OK;
        st = reading ? STORE_OK : fail_rc(s, rc, "merge: read");
    }
    if (st == STORE_OK) {
        st = tx_begin(s);
        writing = st == STORE_OK;
    }
    if (st == STORE_OK) {
        st = merge_events(&m);
    }
    if (st == STORE_OK) {
        st = merge_attendees(&m);
    }
    if (st == STORE_OK) {
        st = merge_checkins(&m);
    }
    if (st == STORE_OK) {
        st = merge_feedback(&m, OQ_RATINGS, MQ_RATING_INSERT, "tiiitic", "rating", &m.rep.ratings);
    }
    if (st == STORE_OK) {
        st = merge_feedback(&m, OQ_REFLECTIONS, MQ_REFLECTION_INSERT, "ttitic", "reflection",
                            &m.rep.reflections);
    }
    if (st == STORE_OK) {
        st = merge_doubles(&m);
    }
    for (size_t i = 0; st == STORE_OK && i < m.nevents; i++) {
        if (m.events[i].skipped) {
            merge_note(&m,
                       "event %s: its personal data was purged here, so %zu attendee and "
                       "check-in records of %s were not taken in",
                       m.events[i].key, m.events[i].skipped, m.path);
        }
    }
    if (st == STORE_OK && m.out_of_memory) {
        set_err(s, "merge: out of memory");
        st = STORE_IO;
    }
    if (writing) {
        st = tx_end(s, st);
    }
    for (int i = 0; i < MQ_COUNT; i++) {
        sqlite3_finalize(m.q[i]);
    }
    for (int i = 0; i < OQ_COUNT; i++) {
        sqlite3_finalize(m.oq[i]);
    }
    if (reading) {
        sqlite3_exec(m.other, "COMMIT", NULL, NULL, NULL);
    }
    sqlite3_close(m.other);
    /* Notes only for what is now stored. */
    for (char *line = m.notes; st == STORE_OK && note && line && *line;) {
        char *end = strchr(line, '\n');
        *end = '\0';
        note(ctx, line);
        line = end + 1;
    }
    free(m.notes);
    free(m.events);
    if (st == STORE_OK && rep) {
        *rep = m.rep;
    }
    return st;
}

/* ---- Retention -------------------------------------------------------------------- */

/* Events whose personal data is past retention on the local date ?1 (YYYY-MM-DD): the day
 * after date + retention_days (0: the default, 90) has begun. */
#define PURGE_DUE_EVENTS                                                                           \
    "(SELECT id FROM event WHERE date(date, '+' || (CASE WHEN retention_days > 0"                  \
    " THEN retention_days ELSE 90 END) || ' days') < ?1)"

StoreStatus store_purge(Store *s, int64_t now_ms, bool dry_run, StorePurgeReport *rep)
{
    static const char count_sql[] =
        "SELECT (SELECT count(*) FROM event e WHERE e.id IN " PURGE_DUE_EVENTS
        "  AND (EXISTS (SELECT 1 FROM attendee a WHERE a.event_id = e.id)"
        "   OR EXISTS (SELECT 1 FROM checkin c WHERE c.event_id = e.id))),"
        " (SELECT count(*) FROM attendee WHERE event_id IN " PURGE_DUE_EVENTS "),"
        " (SELECT count(*) FROM checkin WHERE event_id IN " PURGE_DUE_EVENTS ")";
    /* Check-ins first: they point at the attendees (and reversals at check-ins, all of
     * the same event, so gone in the same statement). */
    static const char *const purge_sql[] = {
        "DELETE FROM checkin WHERE event_id IN " PURGE_DUE_EVENTS,
        "DELETE FROM attendee WHERE event_id IN " PURGE_DUE_EVENTS,
        "UPDATE event SET purged_ms = ?2 WHERE id IN " PURGE_DUE_EVENTS " AND purged_ms IS NULL",
    };
    StorePurgeReport counts = {0, 0, 0};
    if (rep) {
        *rep = counts;
    }
    char today[16] = "";
    time_t sec = (time_t)(floor_to(now_ms, 1000) / 1000);
    struct tm tm;
    if (!localtime_r(&sec, &tm) || strftime(today, sizeof today, "%Y-%m-%d", &tm) != 10) {
        set_err(s, "purge: %lld ms is not a date", (long long)now_ms);
        return STORE_INVALID;
    }
    int64_t secure = 1;
    int rc = need_row(query_int(s->db, "PRAGMA secure_delete", &secure));
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "purge: secure_delete");
    }
    /* Overwrite what is deleted, in the -wal too, not just unlink it from the b-tree. */
    if (!dry_run &&
        (rc = sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL)) != SQLITE_OK) {
        return fail_rc(s, rc, "purge: secure_delete");
    }
    sqlite3_stmt *cnt = NULL;
    StoreStatus st = dry_run ? STORE_OK : tx_begin(s);
    if (st == STORE_OK) {
        rc = sqlite3_prepare_v2(s->db, count_sql, -1, &cnt, NULL);
        if (rc == SQLITE_OK) {
            bind_text(cnt, 1, today);
            rc = sqlite3_step(cnt);
        }
        if (rc == SQLITE_ROW) {
            counts.events = (size_t)sqlite3_column_int64(cnt, 0);
            counts.attendees = (size_t)sqlite3_column_int64(cnt, 1);
            counts.checkins = (size_t)sqlite3_column_int64(cnt, 2);
        } else {
            st = fail_rc(s, rc, "purge: count");
        }
        sqlite3_finalize(cnt);
    }
    for (size_t i = 0; !dry_run && st == STORE_OK && i < sizeof purge_sql / sizeof *purge_sql;
         i++) {
        sqlite3_stmt *q = NULL;
        rc = sqlite3_prepare_v2(s->db, purge_sql[i], -1, &q, NULL);
        if (rc == SQLITE_OK) {
            bind_text(q, 1, today);
            if (sqlite3_bind_parameter_count(q) >= 2) {
                sqlite3_bind_int64(q, 2, now_ms);
            }
            rc = run(q);
        }
        sqlite3_finalize(q);
        st = rc == SQLITE_DONE ? STORE_OK : fail_rc(s, rc, "purge");
    }
    if (!dry_run) {
        st = tx_end(s, st);
    }
    /* The names are gone from the tables; now from the file. VACUUM rewrites every page of
     * the database (through the -wal), and the TRUNCATE checkpoint copies them over the
     * main file and cuts the -wal to zero bytes, so no old page is left in either. Both
     * run outside any transaction. */
    if (!dry_run && st == STORE_OK) {
        rc = sqlite3_exec(s->db, "VACUUM", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            st = fail_rc(s, rc,
                         "purge: the data is deleted, but the file could not be compacted"
                         " (VACUUM); run mingel purge again");
        }
    }
    if (!dry_run && st == STORE_OK) {
        rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        if (rc != SQLITE_OK) {
            st = fail_rc(s, rc,
                         "purge: the data is deleted, but the -wal could not be cleared"
                         " (another program has the database open?); run mingel purge"
                         " again when it is closed");
        }
    }
    if (!dry_run) {
        char restore[48];
        snprintf(restore, sizeof restore, "PRAGMA secure_delete = %lld", (long long)secure);
        sqlite3_exec(s->db, restore, NULL, NULL, NULL);
    }
    if (rep && st == STORE_OK) {
        *rep = counts;
    }
    return st;
}

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
        " repeat_seconds || '|' || retention_days FROM event ORDER BY key",
        "SELECT 'question|' || quote(e.key) || '|' || q.position || '|' || quote(q.text_sv) ||"
        " '|' || quote(q.text_en) || '|' || q.scale FROM question q"
        " JOIN event e ON e.id = q.event_id ORDER BY e.key, q.position",
        "SELECT 'attendee|' || quote(e.key) || '|' || quote(a.key) || '|' || quote(a.name) ||"
        " '|' || quote(a.organisation) || '|' || quote(a.role) || '|' || quote(a.email) || '|' ||"
        " quote(a.ticket) || '|' || a.source || '|' || a.consent ||"
        " CASE a.source WHEN 'walkin' THEN '|' || quote(a.clock) ELSE '' END FROM attendee a"
        " JOIN event e ON e.id = a.event_id ORDER BY e.key, a.key",
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
    };
    /* One read transaction: one snapshot for all tables. */
    int rc = sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, "dump");
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
            res = fail_rc(s, rc, "dump");
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
    StoreStatus out = event_exists(s, event_id);
    if (out != STORE_OK) {
        return out;
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return fail_rc(s, rc, what);
    }
    bind_text(st, 1, event_id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (visit(walk, st) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        out = fail_rc(s, rc, what);
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
    copy_column(r->id, sizeof r->id, st, 0);
    copy_column(r->attendee_id, sizeof r->attendee_id, st, 1);
    copy_column(r->name, sizeof r->name, st, 2);
    copy_column(r->organisation, sizeof r->organisation, st, 3);
    r->walk_in = column_is(st, 4, "walkin");
    r->at_ms = sqlite3_column_int64(st, 5);
    copy_column(r->device, sizeof r->device, st, 6);
    copy_column(r->reverses, sizeof r->reverses, st, 7); /* NULL reads as "" */
    r->clock = column_clock(st, 8);
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
 * attendee a ACTIVE_CHECKIN_JOIN. */
#define EACH_ATTENDEE_COLUMNS                                                                      \
    "a.id, a.name, a.organisation, a.role, a.email, a.ticket, a.source, a.consent, c.at_ms,"       \
    " a.device, a.clock, c.clock"

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
    copy_column(r->id, sizeof r->id, st, 0);
    copy_column(r->name, sizeof r->name, st, 1);
    copy_column(r->organisation, sizeof r->organisation, st, 2);
    copy_column(r->role, sizeof r->role, st, 3);
    copy_column(r->email, sizeof r->email, st, 4);
    copy_column(r->ticket, sizeof r->ticket, st, 5);
    r->walk_in = column_is(st, 6, "walkin");
    r->consent = sqlite3_column_int(st, 7) != 0;
    r->checked_in_ms = sqlite3_column_type(st, 8) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 8);
    copy_column(r->device, sizeof r->device, st, 9);
    r->clock = column_clock(st, 10);
    r->checked_in_clock = r->checked_in_ms ? column_clock(st, 11) : STORE_CLOCK_UNKNOWN;
    return w->fn(w->ctx, r);
}

StoreStatus store_each_attendee_row(Store *s, const char *event_id,
                                    int (*fn)(void *ctx, const StoreAttendeeRow *row), void *ctx)
{
    /* An attendee's time is when the row was first written (import or walk-in). */
    static const char sql[] = "SELECT " EACH_ATTENDEE_COLUMNS " FROM attendee a" ACTIVE_CHECKIN_JOIN
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
    copy_column(r->id, sizeof r->id, st, 0);
    copy_column(r->token, sizeof r->token, st, 1);
    r->question = sqlite3_column_int(st, 2);
    r->value = sqlite3_column_int(st, 3);
    r->at_ms = sqlite3_column_int64(st, 4);
    copy_column(r->device, sizeof r->device, st, 5);
    r->flagged = sqlite3_column_int(st, 6) != 0;
    r->clock = column_clock(st, 7);
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
    copy_column(r->id, sizeof r->id, st, 0);
    copy_column(r->token, sizeof r->token, st, 1);
    copy_column(r->text, sizeof r->text, st, 2);
    r->at_ms = sqlite3_column_int64(st, 3);
    copy_column(r->device, sizeof r->device, st, 4);
    r->flagged = sqlite3_column_int(st, 5) != 0;
    r->clock = column_clock(st, 6);
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
