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

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
                           " reverses) VALUES (?1, ?2, ?3, ?4, ?5, NULL)",
    [SQL_WALKIN_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role,"
                          " email, ticket, source, consent, created_ms, updated_ms, device)"
                          " VALUES (?1, ?2, 'w:' || ?1, ?3, ?4, '', '', '', 'walkin', 0,"
                          " ?5, ?5, ?6)",
    [SQL_QUESTION_SCALE] = "SELECT scale FROM question WHERE event_id = ?1 AND position = ?2",
    /* A second answer of the session replaces the first in place: same row, same id. */
    [SQL_RATING_UPSERT] = "INSERT INTO rating(id, event_id, token, question, value, at_ms, device,"
                          " flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                          " ON CONFLICT(event_id, token, question) DO UPDATE SET"
                          " value = excluded.value, at_ms = excluded.at_ms,"
                          " device = excluded.device, flagged = excluded.flagged",
    [SQL_RATING_GET] = "SELECT value FROM rating WHERE event_id = ?1 AND token = ?2"
                       " AND question = ?3",
    [SQL_REFLECTION_MAX] = "SELECT reflection_max FROM event WHERE id = ?1",
    [SQL_REFLECTION_UPSERT] = "INSERT INTO reflection(id, event_id, token, text, at_ms, device,"
                              " flagged) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                              " ON CONFLICT(event_id, token) DO UPDATE SET"
                              " text = excluded.text, at_ms = excluded.at_ms,"
                              " device = excluded.device, flagged = excluded.flagged",
};

struct Store {
    sqlite3 *db;
    char *path; /* owned copy, for messages */
    RandomFn rnd;
    void *rnd_ctx;
    char device[IDS_UUID_LEN + 1];
    char err[STORE_ERR_MAX]; /* last failure, for store_last_error */
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

/* Reports an SQLite failure during open into err and returns its status. */
static StoreStatus open_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                             size_t errcap)
{
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
static StoreStatus check_with_sqlite(sqlite3 *db, const char *path, bool existed, int64_t *version,
                                     char *err, size_t errcap)
{
    int64_t app_id = 0, objects = 0;
    int rc = need_row(query_int(db, "PRAGMA application_id", &app_id));
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "PRAGMA user_version", version));
    }
    if (rc == SQLITE_OK) {
        rc = need_row(query_int(db, "SELECT count(*) FROM sqlite_master", &objects));
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

    /* 2. Open. No CREATE for an existing file: if it vanished meanwhile, fail rather than
     * make an empty one in its place. NOMUTEX: one thread owns the connection. */
    bool created = !found.exists;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (created ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &s->db, flags, NULL);
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
    st = check_with_sqlite(s->db, path, found.exists && !found.empty, &version, err, errcap);
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

const char *store_device_id(const Store *s)
{
    return s->device;
}

const char *store_last_error(const Store *s)
{
    return s->err;
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
        ev->thanks_seconds > 120 || ev->repeat_seconds < 0 || ev->repeat_seconds > 60) {
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
        " thanks_seconds, repeat_seconds, created_ms, updated_ms, device)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?18, ?19)"
        " ON CONFLICT(key) DO UPDATE SET title = excluded.title, date = excluded.date,"
        " start_time = excluded.start_time, venue = excluded.venue, theme = excluded.theme,"
        " organiser = excluded.organiser, language = excluded.language,"
        " next_meeting = excluded.next_meeting, phases = excluded.phases,"
        " reflection_sv = excluded.reflection_sv, reflection_en = excluded.reflection_en,"
        " reflection_max = excluded.reflection_max, feedback_url = excluded.feedback_url,"
        " thanks_seconds = excluded.thanks_seconds, repeat_seconds = excluded.repeat_seconds,"
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
        " q.position, q.text_sv, q.text_en, q.scale"
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
                   " ticket, source, consent, created_ms, updated_ms, device)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'list', ?9, ?10, ?10, ?11)",
    [IMP_UPDATE] = "UPDATE attendee SET name = ?2, organisation = ?3, role = ?4, email = ?5,"
                   " ticket = ?6, consent = ?7, updated_ms = ?8, device = ?9 WHERE id = ?1",
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
                          const char *organisation, int64_t now_ms,
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
