/* store: the kiosk's durable memory, one SQLite file per kiosk (contract in store.h).
 *
 * This file opens the database; the rest of the store is split by concern into the other
 * app/core/store*.c files (list in store_private.h), the only files that include
 * sqlite3.h. Everything the kiosk acknowledges goes through them, so they are written
 * around three SQLite facts:
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
 * - One process, one set of locks. SQLite's locks are POSIX fcntl locks, which belong to
 *   the process: closing ANY descriptor of a file drops every lock the process holds on
 *   it, those of SQLite's own connections included. Without its shared lock on the main
 *   file another process's command (`mingel import`, `mingel stats`, the sqlite3 shell)
 *   takes itself for the last connection when it closes: it checkpoints and deletes the
 *   -wal and -shm, and the kiosk goes on committing, fsync()ed, into a -wal that is no
 *   longer on the disk, lost at the next power cut. So the header is read with open() and
 *   close() only on the first open of a file in this process; a second store_open of a
 *   file this process already has open (the badge printer's thread, live sharing) goes
 *   through SQLite only, like store_open_again. The files open here are kept in a list.
 *
 * - Text out of SQLite is copied into the caller's fixed-size fields before the next
 *   sqlite3_step/reset, because SQLite's pointers die there.
 *
 * Hot statements (ticket lookup, check-in, walk-in, attendee by id, ratings and
 * reflections) are prepared once at open and reused; the rest are prepared per call.
 */
#include "core/store.h"
#include "core/store_private.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/atomicfile.h"
#include "core/text.h"

/* ---- Hot statements, prepared once at open ---------------------------------------- */

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
                          " clock) VALUES (?1, ?2, 'w:' || ?1, ?3, ?4, '', ?9, '', 'walkin', ?8,"
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

/* ---- Opening ---------------------------------------------------------------------- */

uint32_t storep_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Runs a query for the first column of its first row. Returns SQLITE_OK with the value
 * in *out, SQLITE_DONE when there is no row, or the SQLite error. */
int storep_query_int(sqlite3 *db, const char *sql, int64_t *out)
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
int storep_query_text(sqlite3 *db, const char *sql, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    out[0] = '\0';
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            storep_copy_column(out, cap, st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* For pragmas, which always answer with a row: no row is an error too. */
int storep_need_row(int rc)
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

bool storep_path_exists(const char *path, const char *suffix)
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
    char dir[ATOMICFILE_PATH_MAX];
    if (atomicfile_dir_of(path, dir, sizeof dir) != 0) {
        return ENAMETOOLONG;
    }
    return access(dir, W_OK | X_OK) == 0 ? 0 : errno;
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
            storep_put_msg(err, errcap, "%s: %s; check the path or use another --db", path,
                           strerror(e));
            return e == EACCES ? STORE_READONLY : STORE_IO;
        }
        if (dir_err != 0) {
            storep_put_msg(err, errcap, "%s: cannot create the database there: %s; %s", path,
                           strerror(dir_err),
                           dir_err == ENOENT ? "create the directory first" : advice);
            return dir_err == EACCES || dir_err == EROFS ? STORE_READONLY : STORE_IO;
        }
        /* A -wal or journal without its database belongs to a database that was removed;
         * SQLite would replay it into a new file. Leave the decision to a person. */
        if (storep_path_exists(path, "-wal") || storep_path_exists(path, "-journal")) {
            storep_put_msg(
                err, errcap,
                "%s: the database is missing but its -wal or -journal file is still there; "
                "move those away or use another --db",
                path);
            return STORE_IO;
        }
        return STORE_OK;
    }
    f->exists = true;
    if (!S_ISREG(sb.st_mode)) {
        storep_put_msg(err, errcap, "%s: not a regular file; use another --db", path);
        return STORE_IO;
    }
    /* Opening for writing is the only reliable test: it covers modes, ACLs, read-only
     * mounts, and root (who may write a 0444 file). Nothing is written through fd. */
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        bool ro = e == EACCES || e == EPERM || e == EROFS || e == ETXTBSY;
        storep_put_msg(err, errcap, "%s: cannot open the database for writing: %s; %s", path,
                       strerror(e), ro ? advice : "use another --db");
        return ro ? STORE_READONLY : STORE_IO;
    }
    unsigned char h[STORE_HEADER_SIZE];
    ssize_t got = read(fd, h, sizeof h);
    int read_err = errno;
    close(fd);
    if (dir_err != 0) {
        storep_put_msg(
            err, errcap,
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
            storep_put_msg(err, errcap,
                           "%s%s: cannot open the database's %s file for writing: %s; the database "
                           "needs it writable too; %s",
                           path, companions[i], companions[i], strerror(e),
                           ro ? advice : "use another --db");
            return ro ? STORE_READONLY : STORE_IO;
        }
    }
    if (got < 0) {
        storep_put_msg(err, errcap, "%s: cannot read: %s; check the disk or use another --db", path,
                       strerror(read_err));
        return STORE_IO;
    }
    if (got == 0) {
        f->empty = true;
        return STORE_OK;
    }
    if ((size_t)got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        storep_put_msg(
            err, errcap,
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
        storep_put_msg(
            err, errcap,
            "%s: not a mingel database (a damaged SQLite header); it was left untouched; "
            "restore a backup or use another --db",
            path);
        return STORE_CORRUPT;
    }
    f->wal = h[18] == 2 && h[19] == 2;
    f->app_id = storep_be32(h + 68);
    f->version = (int32_t)storep_be32(h + 60);
    return STORE_OK;
}

/* Decides from application_id, user_version and the number of schema objects (-1 when
 * not known yet) whether the database is mingel's. Sets *fresh for an empty database. */
StoreStatus storep_judge_identity(const char *path, uint32_t app_id, int64_t version,
                                  int64_t objects, bool *fresh, char *err, size_t errcap)
{
    *fresh = false;
    if (app_id != 0 && app_id != STORE_APP_ID) {
        storep_put_msg(err, errcap,
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
        storep_put_msg(err, errcap,
                       "%s: an SQLite database of another program (its schema is not mingel's); it "
                       "was left untouched; use another --db",
                       path);
        return STORE_FOREIGN;
    }
    if (version > STORE_SCHEMA_VERSION) {
        storep_put_msg(
            err, errcap,
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
    storep_put_msg(
        err, errcap,
        "%s: WAL journaling cannot run here (%s): it needs the -wal and -shm files beside "
        "the database and shared memory, which this filesystem does not provide, so "
        "check-ins could not be saved crash-safely; put the database on a local disk or "
        "use another --db",
        path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    return STORE_UNSAFE;
}

/* Reports an SQLite failure during open into err and returns its status. */
StoreStatus storep_open_fail(sqlite3 *db, int rc, const char *path, const char *what, char *err,
                             size_t errcap)
{
    if (shm_failed(rc)) {
        /* A full disk cannot hold a new -shm either: that is "full", not "no WAL here". */
        int e = db ? sqlite3_system_errno(db) : 0;
        if (e == ENOSPC || e == EDQUOT) {
            storep_put_msg(
                err, errcap,
                "%s: %s: the disk is full (no room for its -shm file); free some disk space "
                "or use another --db",
                path, what);
            return STORE_FULL;
        }
        return wal_unusable(db, rc, path, err, errcap);
    }
    StoreStatus st = storep_status_from_rc(rc);
    const char *advice = st == STORE_CORRUPT
                             ? "it was left untouched; restore a backup or use another --db"
                         : st == STORE_FULL     ? "free some disk space or use another --db"
                         : st == STORE_READONLY ? "make it writable or use another --db"
                                                : "check the disk or use another --db";
    const char *why = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    storep_put_msg(err, errcap, "%s: %s: %s; %s", path, what, why, advice);
    return st == STORE_OK ? STORE_IO : st;
}

/* The read-only half of opening, through SQLite (which also sees pages still in the
 * -wal): is this file mingel's, of a schema we know, and undamaged? Writes nothing. */
StoreStatus storep_check_with_sqlite(sqlite3 *db, const char *path, bool existed, bool wal,
                                     int64_t *version, char *err, size_t errcap)
{
    int64_t app_id = 0, objects = 0;
    int rc = storep_need_row(storep_query_int(db, "PRAGMA application_id", &app_id));
    if (rc == SQLITE_OK) {
        rc = storep_need_row(storep_query_int(db, "PRAGMA user_version", version));
    }
    if (rc == SQLITE_OK) {
        rc = storep_need_row(storep_query_int(db, "SELECT count(*) FROM sqlite_master", &objects));
    }
    if ((rc & 0xff) == SQLITE_CANTOPEN && wal) {
        /* The file opened for writing (inspect_file), and so did its directory: what
         * SQLite cannot open is the WAL, on a VFS or filesystem without shared memory. */
        return wal_unusable(db, rc, path, err, errcap);
    }
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot read the database", err, errcap);
    }
    bool fresh = false;
    StoreStatus st =
        storep_judge_identity(path, (uint32_t)app_id, *version, objects, &fresh, err, errcap);
    if (st != STORE_OK || fresh || !existed) {
        return st;
    }
    /* quick_check reads every page once: O(file size), without the index-to-table cross
     * check of integrity_check. */
    char verdict[200];
    rc = storep_need_row(storep_query_text(db, "PRAGMA quick_check(1)", verdict, sizeof verdict));
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot check the database", err, errcap);
    }
    if (strcmp(verdict, "ok") != 0) {
        for (char *c = verdict; *c; c++) {
            *c = *c == '\n' ? ' ' : *c; /* one line for stderr and the screen */
        }
        storep_put_msg(
            err, errcap,
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
    int rc = storep_need_row(storep_query_text(db, "PRAGMA journal_mode=WAL", mode, sizeof mode));
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot switch to WAL journaling", err, errcap);
    }
    if (sqlite3_stricmp(mode, "wal") != 0) {
        storep_put_msg(
            err, errcap,
            "%s: the database cannot use WAL journaling (journal_mode stays '%s'), so "
            "check-ins could not be saved crash-safely; put the database on a local disk or "
            "use another --db",
            path, mode);
        return STORE_UNSAFE;
    }
    /* The switch only marks the header; the -wal and the shared memory are first used by
     * the next read. Read now, so that storage which cannot give WAL what it needs is
     * reported as that (storep_open_fail), not as a failed migration further on. */
    int64_t objects = 0;
    rc = storep_need_row(storep_query_int(db, "SELECT count(*) FROM sqlite_master", &objects));
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot put WAL journaling in force", err, errcap);
    }
    int64_t sync = -1;
    rc = sqlite3_exec(db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = storep_need_row(storep_query_int(db, "PRAGMA synchronous", &sync));
    }
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot set synchronous=FULL", err, errcap);
    }
    if (sync < 2) { /* 2 = FULL, 3 = EXTRA */
        storep_put_msg(
            err, errcap,
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
        rc = storep_need_row(storep_query_int(db, "PRAGMA foreign_keys", &fk));
    }
    if (rc == SQLITE_OK && fk != 1) {
        rc = SQLITE_ERROR;
    }
    if (rc != SQLITE_OK) {
        return storep_open_fail(db, rc, path, "cannot enable foreign keys", err, errcap);
    }
    return STORE_OK;
}

/* Reads this database's device id, creating it on first open in its own transaction
 * (a crash before that commit just means it is created on the next open). */
static StoreStatus ensure_device(Store *s, char *err, size_t errcap)
{
    int rc = storep_query_text(s->db, "SELECT value FROM meta WHERE key = 'device_id'", s->device,
                               sizeof s->device);
    if (rc == SQLITE_OK) {
        if (strlen(s->device) == IDS_UUID_LEN) {
            return STORE_OK;
        }
        storep_put_msg(err, errcap, "%s: the stored device id '%s' is damaged; use another --db",
                       s->path, s->device);
        return STORE_CORRUPT;
    }
    if (rc != SQLITE_DONE) {
        return storep_open_fail(s->db, rc, s->path, "cannot read the device id", err, errcap);
    }
    char id[IDS_UUID_LEN + 1];
    if (ids_uuid7(id, ids_now_ms(), s->rnd, s->rnd_ctx) != 0) {
        storep_put_msg(err, errcap, "%s: cannot create a device id: the random source failed",
                       s->path);
        return STORE_IO;
    }
    sqlite3_stmt *st = NULL;
    rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db, "INSERT INTO meta(key, value) VALUES ('device_id', ?1)", -1,
                                &st, NULL);
    }
    if (rc == SQLITE_OK) {
        storep_bind_text(st, 1, id);
        rc = storep_run(st);
        rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
    }
    if (rc != SQLITE_OK) {
        StoreStatus out =
            storep_open_fail(s->db, rc, s->path, "cannot store the device id", err, errcap);
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
            return storep_open_fail(s->db, rc, s->path, "cannot prepare statements", err, errcap);
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

/* ---- The files this process has open (see "One process, one set of locks" above) ---- */

typedef struct OpenFile {
    dev_t dev;
    ino_t ino;
    unsigned stores; /* Stores of this process on the file */
    struct OpenFile *next;
} OpenFile;

/* Held through every open and close of a Store, so that no thread's open() and close()
 * of a file's header runs while another thread's connection holds its locks. */
static pthread_mutex_t open_files_lock = PTHREAD_MUTEX_INITIALIZER;
static OpenFile *open_files;

static OpenFile *open_file_find(dev_t dev, ino_t ino)
{
    for (OpenFile *f = open_files; f; f = f->next) {
        if (f->dev == dev && f->ino == ino) {
            return f;
        }
    }
    return NULL;
}

/* Whether a Store of this process has the file at path open. */
static bool open_here(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && open_file_find(sb.st_dev, sb.st_ino) != NULL;
}

/* Counts s's file as open here (s->dev and s->ino say which, for store_close). */
static StoreStatus open_file_add(Store *s, char *err, size_t errcap)
{
    struct stat sb;
    if (stat(s->path, &sb) != 0) {
        storep_put_msg(err, errcap, "%s: %s; check the path or use another --db", s->path,
                       strerror(errno));
        return STORE_IO;
    }
    OpenFile *f = open_file_find(sb.st_dev, sb.st_ino);
    if (!f) {
        f = calloc(1, sizeof *f);
        if (!f) {
            storep_put_msg(err, errcap, "%s: out of memory", s->path);
            return STORE_IO;
        }
        f->dev = sb.st_dev;
        f->ino = sb.st_ino;
        f->next = open_files;
        open_files = f;
    }
    f->stores++;
    s->dev = sb.st_dev;
    s->ino = sb.st_ino;
    s->counted = true;
    return STORE_OK;
}

static void open_file_remove(Store *s)
{
    if (!s->counted) {
        return;
    }
    s->counted = false;
    for (OpenFile **p = &open_files; *p; p = &(*p)->next) {
        OpenFile *f = *p;
        if (f->dev == s->dev && f->ino == s->ino) {
            if (--f->stores == 0) {
                *p = f->next;
                free(f);
            }
            return;
        }
    }
}

/* A further connection to a file that a Store of this process has open (and so checked
 * and migrated): through SQLite only, made crash-safe, with this store's own device id
 * and statements. s->path, rnd and clock are set. */
static StoreStatus open_connection_again(Store *s, const char *vfs_name, char *err, size_t errcap)
{
    int rc =
        sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, vfs_name);
    StoreStatus st = STORE_OK;
    if (rc != SQLITE_OK) {
        st = storep_open_fail(s->db, rc, s->path, "cannot open the database", err, errcap);
    } else if (sqlite3_db_readonly(s->db, "main") != 0) {
        storep_put_msg(err, errcap,
                       "%s: the database opened read-only; make it writable or use "
                       "another --db",
                       s->path);
        st = STORE_READONLY;
    } else {
        sqlite3_extended_result_codes(s->db, 1);
        sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
        st = make_safe(s->db, s->path, err, errcap);
    }
    if (st == STORE_OK) {
        st = ensure_device(s, err, errcap);
    }
    if (st == STORE_OK) {
        st = prepare_all(s, err, errcap);
    }
    if (st == STORE_OK) {
        rc = storep_need_row(storep_query_int(s->db, "PRAGMA max_page_count", &s->max_pages));
        st = rc == SQLITE_OK
                 ? STORE_OK
                 : storep_open_fail(s->db, rc, s->path, "cannot read the size limit", err, errcap);
    }
    return st;
}

static StoreStatus open_locked(const char *path, const char *vfs_name, RandomFn rnd, void *rnd_ctx,
                               Store **out, char *err, size_t errcap);
static void close_locked(Store *s);

StoreStatus store_open_vfs(const char *path, const char *vfs_name, RandomFn rnd, void *rnd_ctx,
                           Store **out, char *err, size_t errcap)
{
    *out = NULL;
    storep_put_msg(err, errcap, "%s", "");
    if (!path || !*path || !rnd) {
        storep_put_msg(err, errcap, "store_open: no database path or no random source");
        return STORE_INVALID;
    }
    pthread_mutex_lock(&open_files_lock);
    StoreStatus st = open_locked(path, vfs_name, rnd, rnd_ctx, out, err, errcap);
    pthread_mutex_unlock(&open_files_lock);
    return st;
}

static StoreStatus open_locked(const char *path, const char *vfs_name, RandomFn rnd, void *rnd_ctx,
                               Store **out, char *err, size_t errcap)
{
    /* Already open in this process: its header was read and judged then, and reading it
     * again here would drop the locks of the connections open on it. */
    if (open_here(path)) {
        Store *s = calloc(1, sizeof *s);
        if (!s || !(s->path = strdup(path))) {
            free(s);
            storep_put_msg(err, errcap, "%s: out of memory", path);
            return STORE_IO;
        }
        s->rnd = rnd;
        s->rnd_ctx = rnd_ctx;
        s->clock = STORE_CLOCK_UNTRUSTED;
        StoreStatus st = open_connection_again(s, vfs_name, err, errcap);
        if (st == STORE_OK) {
            st = open_file_add(s, err, errcap);
        }
        if (st != STORE_OK) {
            close_locked(s);
            return st;
        }
        *out = s;
        return STORE_OK;
    }

    /* 1. Before SQLite sees the file: only refusals are final here, since page 1 may sit
     * newer in the -wal until a checkpoint. Whether tables exist is asked in step 3. */
    StoreFound found;
    StoreStatus st = inspect_file(path, &found, err, errcap);
    if (st == STORE_OK && found.exists && !found.empty) {
        bool fresh;
        st = storep_judge_identity(path, found.app_id, found.version, -1, &fresh, err, errcap);
    }
    if (st != STORE_OK) {
        return st;
    }

    Store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) {
        free(s);
        storep_put_msg(err, errcap, "%s: out of memory", path);
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
        st = storep_open_fail(s->db, rc, path, "cannot open the database", err, errcap);
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, STORE_BUSY_MS);
    if (sqlite3_db_readonly(s->db, "main") != 0) {
        storep_put_msg(err, errcap,
                       "%s: the database opened read-only; make it writable or use "
                       "another --db",
                       path);
        st = STORE_READONLY;
        goto fail;
    }

    /* 3. Read-only checks through SQLite. */
    int64_t version = 0;
    st = storep_check_with_sqlite(s->db, path, found.exists && !found.empty, found.wal, &version,
                                  err, errcap);
    if (st != STORE_OK) {
        goto fail;
    }

    /* 4. The file is mingel's (or new): from here on we write. */
    st = make_safe(s->db, path, err, errcap);
    if (st == STORE_OK) {
        st = storep_migrate(s->db, path, version, err, errcap);
    }
    if (st == STORE_OK) {
        st = ensure_device(s, err, errcap);
    }
    if (st == STORE_OK) {
        st = prepare_all(s, err, errcap);
    }
    if (st == STORE_OK) {
        /* SQLite's own cap, which store_set_size_limit(s, 0) restores. */
        rc = storep_need_row(storep_query_int(s->db, "PRAGMA max_page_count", &s->max_pages));
        st = rc == SQLITE_OK
                 ? STORE_OK
                 : storep_open_fail(s->db, rc, path, "cannot read the size limit", err, errcap);
    }
    if (st == STORE_OK) {
        st = open_file_add(s, err, errcap);
    }
    if (st != STORE_OK) {
        goto fail;
    }
    *out = s;
    return STORE_OK;

fail:
    close_locked(s);
    if (created) {
        remove_created(path);
    }
    return st;
}

StoreStatus store_open_again(const Store *first, Store **out, char *err, size_t errcap)
{
    *out = NULL;
    storep_put_msg(err, errcap, "%s", "");
    Store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(first->path))) {
        free(s);
        storep_put_msg(err, errcap, "%s: out of memory", first->path);
        return STORE_IO;
    }
    s->rnd = first->rnd;
    s->rnd_ctx = first->rnd_ctx;
    s->clock = first->clock;
    /* Only SQLite touches the file (see "One process, one set of locks" above): the first
     * open checked and migrated it. */
    pthread_mutex_lock(&open_files_lock);
    StoreStatus st = open_connection_again(s, NULL, err, errcap);
    if (st == STORE_OK) {
        st = open_file_add(s, err, errcap);
    }
    if (st != STORE_OK) {
        close_locked(s);
    }
    pthread_mutex_unlock(&open_files_lock);
    if (st != STORE_OK) {
        return st;
    }
    *out = s;
    return STORE_OK;
}

/* SQLite's own default, which a WAL hook of our own replaces: a passive checkpoint once
 * the -wal holds this many pages. */
#define STORE_WAL_CHECKPOINT_PAGES 1000

static int store_wal_hook(void *ctx, sqlite3 *db, const char *name, int pages)
{
    Store *s = ctx;
    if (pages >= STORE_WAL_CHECKPOINT_PAGES) {
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    }
    if (s->on_commit) {
        s->on_commit(s->on_commit_ctx);
    }
    return SQLITE_OK;
}

void store_on_commit(Store *s, void (*fn)(void *ctx), void *ctx)
{
    s->on_commit = fn;
    s->on_commit_ctx = ctx;
    sqlite3_wal_hook(s->db, store_wal_hook, s);
}

void store_close(Store *s)
{
    if (!s) {
        return;
    }
    pthread_mutex_lock(&open_files_lock);
    close_locked(s);
    pthread_mutex_unlock(&open_files_lock);
}

static void close_locked(Store *s)
{
    if (!s) {
        return;
    }
    open_file_remove(s);
    finalize_all(s);
    storep_live_close(s->live);
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
    int rc = storep_query_int(s->db, "PRAGMA data_version", &v);
    if (rc != SQLITE_OK) {
        return storep_status_from_rc(rc == SQLITE_DONE ? SQLITE_ERROR : rc);
    }
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
    storep_put_msg(err, errcap, "%s", "");
    sqlite3_stmt *st = NULL;
    /* At most 20 problems: enough to judge, short enough for one line. */
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA integrity_check(20)", -1, &st, NULL);
    char found[STORE_ERR_MAX] = "";
    size_t used = 0;
    int rows = 0;
    bool ok = false;
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char line[200];
        storep_copy_column(line, sizeof line, st, 0);
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
        StoreStatus res = storep_fail_rc(s, rc, "integrity check");
        storep_put_msg(err, errcap, "%s: %s", s->path, s->err);
        return res;
    }
    if (ok && rows == 1) {
        return STORE_OK;
    }
    storep_set_err(s, "integrity check: %s", rows ? found : "no answer");
    storep_put_msg(err, errcap,
                   "%s: the database is damaged (integrity_check: %s); restore a backup", s->path,
                   rows ? found : "no answer");
    return STORE_CORRUPT;
}

StoreStatus store_set_size_limit(Store *s, int64_t bytes)
{
    int64_t page = 0, got = 0;
    int rc = storep_need_row(storep_query_int(s->db, "PRAGMA page_size", &page));
    if (rc != SQLITE_OK || page <= 0) {
        return storep_fail_rc(s, rc == SQLITE_OK ? SQLITE_ERROR : rc, "size limit: page size");
    }
    int64_t pages = bytes <= 0 ? s->max_pages : bytes / page;
    pages = pages < 1 ? 1 : pages > s->max_pages ? s->max_pages : pages;
    /* SQLite answers with the cap in force: never below the pages the file holds. */
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count=%lld", (long long)pages);
    rc = storep_need_row(storep_query_int(s->db, sql, &got));
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "size limit");
    }
    return STORE_OK;
}
