/* store: the kiosk's durable memory, one SQLite file per kiosk.
 *
 * The only module that includes sqlite3.h. The database runs in WAL mode with
 * synchronous=FULL: when a write function returns STORE_OK the record is on disk and
 * survives a power cut, so the kiosk may acknowledge it ("Välkommen!"). Any other return
 * means nothing was written (each write is one transaction), with one exception no
 * program can rule out: when the fsync itself fails, the bytes may still reach the disk,
 * and after a crash the record can be there. The kiosk then said "not saved" about a
 * record that exists, never the reverse (tests/reliability/test_faults.c).
 *
 * Every record has a UUIDv7 id and the id of the device (kiosk) that wrote it, so
 * databases of several kiosks merge without duplicates. The schema version is kept in
 * PRAGMA user_version and migrated forward on open; PRAGMA application_id marks the file
 * as mingel's, so a foreign database is refused rather than changed.
 *
 * Threads and ownership: a Store is one SQLite connection opened without SQLite's own
 * mutexes (SQLITE_OPEN_NOMUTEX), so it is used from one thread at a time: the kiosk's main
 * thread, or the organiser command that opened it. Several connections (processes) may
 * use one file at once; SQLite's locks order their writes. Strings a function returns are
 * static or owned by the store (as said for each); rows passed to a callback live only
 * during the call; everything else is copied into the caller's buffers.
 *
 * The implementation is split by concern into app/core/store*.c, the only files that
 * include sqlite3.h; store_private.h says which file holds what.
 */
#ifndef MINGEL_STORE_H
#define MINGEL_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/ids.h"
#include "core/roster.h"

typedef struct Store Store;

/* Bytes, with the NUL, of a person's topics on the board ("a|b|c"; see "The board"). */
#define STORE_INTERESTS_MAX (EVENT_TOPICS_PICK * EVENT_TOPIC_MAX)

typedef enum StoreStatus {
    STORE_OK = 0,
    STORE_NOT_FOUND, /* no such attendee / event / ticket */
    STORE_ALREADY,   /* attendee already checked in (nothing written) */
    STORE_INVALID,   /* argument rejected (empty name, too long, bad UTF-8) */
    STORE_FULL,      /* disk or database full: nothing written */
    STORE_READONLY,  /* file or directory not writable */
    STORE_CORRUPT,   /* not a database, or damaged */
    STORE_FOREIGN,   /* an SQLite database that is not mingel's */
    STORE_TOO_NEW,   /* written by a newer mingel; left untouched */
    STORE_UNSAFE,    /* WAL / synchronous=FULL could not be put in force */
    STORE_IO,        /* any other I/O or SQLite failure */
} StoreStatus;

/* A short English description of a status, for logs and stderr. Static string. */
const char *store_status_text(StoreStatus st);

/* Opens (creating if needed) the database at path, checks it is mingel's, migrates it,
 * and makes sure WAL and synchronous=FULL are in force. The device id is created on first
 * open and kept. rnd supplies randomness for ids (ids_os_random in the program); it must
 * stay valid while the store is open. On failure returns a status other than STORE_OK,
 * sets *out to NULL, writes a message naming the file into err, and leaves the file as it
 * was found. Thread-safe. A file this process already has open through another Store (the
 * badge printer's thread opens the kiosk's database again) is opened through SQLite alone,
 * as store_open_again does: its header was checked by the first open, and reading it again
 * with open() and close() would drop every POSIX lock this process holds on it. */
StoreStatus store_open(const char *path, RandomFn rnd, void *rnd_ctx, Store **out, char *err,
                       size_t errcap);

/* Like store_open, but SQLite reaches the file through the VFS registered under vfs_name
 * (sqlite3_vfs_register; NULL = SQLite's default, which is what store_open uses). The store
 * still looks at the path with plain system calls before SQLite opens it, so the VFS must
 * work on the real file at path: a shim over the default VFS (the fault-injecting VFS of the
 * tests, a tracing VFS), not a VFS with files of its own. An unknown name is STORE_IO. */
StoreStatus store_open_vfs(const char *path, const char *vfs_name, RandomFn rnd, void *rnd_ctx,
                           Store **out, char *err, size_t errcap);

/* A second connection to the database first has open, for another thread of the same
 * process (the sync thread, app/core/sync.h): the same file, settings and device id, and
 * the same random source, which must then be safe to call from both threads
 * (ids_os_random is). Opened through SQLite alone, never with a plain open() and close()
 * of the file as store_open's checks do, since closing any descriptor of the file drops
 * every POSIX lock this process holds on it, first's included. Close it with store_close
 * before first. On failure *out is NULL and err says why. */
StoreStatus store_open_again(const Store *first, Store **out, char *err, size_t errcap);

/* fn(ctx) is called on this connection's thread after each write transaction of this
 * connection has committed (SQLite's WAL hook; the store keeps SQLite's automatic
 * checkpoint of 1,000 pages). For the sync module's nudge: it must be quick and must not
 * use the store. fn NULL removes it. */
void store_on_commit(Store *s, void (*fn)(void *ctx), void *ctx);

/* Closes the database; s may be NULL. */
void store_close(Store *s);

/* Gives back the memory of the pages SQLite keeps cached so far (opening reads every page
 * once for quick_check, loading the attendees reads them again). Call after such a bulk
 * read: the kiosk's later statements touch a few pages each, and the cache would
 * otherwise hold the event's pages (about 4.5 MB for 10,000 attendees) for good. Nothing
 * is lost; later reads go to the file again. s may be NULL. */
void store_release_memory(Store *s);

/* A number that changes when another connection (an organiser's `mingel import`, a
 * merge, a purge) has committed to the database since this one last asked; this
 * connection's own writes do not change it (SQLite's PRAGMA data_version). The kiosk
 * compares it to reload the meeting. Returns STORE_OK with the number in *out. */
StoreStatus store_data_version(Store *s, int64_t *out);

/* The device id of this database (UUID text). Owned by the store. */
const char *store_device_id(const Store *s);

/* The last SQLite error message (for logs). Owned by the store, valid until next call. */
const char *store_last_error(const Store *s);

/* Runs SQLite's full integrity check: every page, every index entry against its table.
 * It reads the whole file, and more than once (store_open runs only the cheaper
 * quick_check), so it is for tests, tools and checks after a crash, not for every start.
 * Returns STORE_OK when SQLite answers "ok"; STORE_CORRUPT with the first problems found in
 * err (one line, naming the file); any other status when the file cannot be read. */
StoreStatus store_check_integrity(Store *s, char *err, size_t errcap);

/* Caps the size of the database file at `bytes` (rounded down to whole pages), for this
 * connection only and until it closes: a write that would grow the file beyond it fails
 * with STORE_FULL, writes nothing, and leaves the store usable, exactly as on a full disk.
 * Useful as an operator quota (the kiosk stops cleanly before the card is full) and in
 * tests, to reach "disk full" without filling a disk. The cap counts the database's own
 * pages; the -wal beside it grows by up to a few MB between checkpoints on top of that.
 * SQLite never cuts a database below what it holds, so a cap below the current size
 * means "no growth from here". bytes <= 0 removes the cap. Returns STORE_OK, or the
 * status of an SQLite failure. */
StoreStatus store_set_size_limit(Store *s, int64_t bytes);

/* ---- The clock ---------------------------------------------------------------------
 * A Raspberry Pi has no battery clock: after a boot without network its time may be days
 * off. Every record the kiosk makes (check-ins and their reversals, walk-ins, the
 * attendees an import adds or updates, ratings, reflections) therefore keeps whether the
 * clock could be trusted when it was made, so exports can mark the times that may be
 * wrong. The kiosk decides the state (core/clock); the store writes it with each record. */

typedef enum StoreClock {
    STORE_CLOCK_UNKNOWN = -1,  /* made before schema 4 kept this (NULL in the file);
                                  never written */
    STORE_CLOCK_UNTRUSTED = 0, /* the system clock was not synchronised, and the
                                  organiser had neither confirmed nor set it */
    STORE_CLOCK_SYNCED = 1,    /* the system clock was synchronised (NTP) */
    STORE_CLOCK_CONFIRMED = 2, /* the organiser confirmed the time on the admin screen */
    STORE_CLOCK_SET = 3,       /* the organiser set the time; the kiosk corrects the
                                  system clock by an offset */
} StoreClock;

/* True for SYNCED, CONFIRMED and SET. */
bool store_clock_trusted(StoreClock c);
/* "synced", "confirmed", "set", "untrusted" or "unknown": the JSON/CSV code. Static. */
const char *store_clock_code(StoreClock c);

/* The clock state written with every record from now on: check-ins, their
 * reversals (undo), walk-ins and every attendee an import adds or updates (the
 * import's time), ratings, reflections. A store opens with STORE_CLOCK_UNTRUSTED.
 * UNKNOWN, or any value that is not a StoreClock, is a programmer error (assert): a
 * record made now always knows its clock. */
void store_set_clock(Store *s, StoreClock c);

/* The kiosk's clock setting, kept so that a restart within the same boot (the
 * watchdog, a crash) keeps what the organiser set or confirmed. boot_id is the
 * kernel's /proc/sys/kernel/random/boot_id of the boot it was made in; the caller
 * compares. Stored in meta (never merged). */
typedef struct StoreClockSetting {
    char boot_id[40];
    int64_t offset_ms; /* added to the system clock, milliseconds */
    StoreClock state;  /* CONFIRMED or SET (or UNTRUSTED to clear) */
} StoreClockSetting;
/* STORE_OK, STORE_NOT_FOUND if none was ever put, or an error status. A stored setting
 * that does not read back as one put (a hand-edited file) is STORE_CORRUPT; *out is then
 * zeroed with state UNTRUSTED. */
StoreStatus store_clock_setting_get(Store *s, StoreClockSetting *out);
/* Durable like every write; replaces the earlier setting. boot_id must be printable ASCII
 * without spaces (it may be "") and NUL-terminated within its field, and state
 * UNTRUSTED, CONFIRMED or SET; anything else is STORE_INVALID and nothing is written. */
StoreStatus store_clock_setting_put(Store *s, const StoreClockSetting *in);

/* ---- Events ---------------------------------------------------------------------- */

/* Inserts or updates the event with ev->key and makes it the current event (the one the
 * kiosk runs). Writes its id into event_id. */
StoreStatus store_event_put(Store *s, const EventInfo *ev, int64_t now_ms,
                            char event_id[IDS_UUID_LEN + 1]);

/* Reads the current event into *ev and its id into event_id; STORE_NOT_FOUND if none. */
StoreStatus store_event_current(Store *s, EventInfo *ev, char event_id[IDS_UUID_LEN + 1]);

/* The badge logo of the event (ev->badge.logo's bytes, read by the caller): a PNG of at
 * most STORE_BADGE_LOGO_MAX bytes, kept in the database so the kiosk needs no access to
 * the organiser's files; len 0 removes it. STORE_NOT_FOUND when the event prints no badges
 * (store_event_put stores the rest of ev->badge and drops the logo with it). */
#define STORE_BADGE_LOGO_MAX (1024 * 1024)
StoreStatus store_badge_logo_put(Store *s, const char *event_id, const void *png, size_t len);

/* The logo, malloc'ed into *png (the caller frees it); STORE_NOT_FOUND when there is none. */
StoreStatus store_badge_logo(Store *s, const char *event_id, unsigned char **png, size_t *len);

/* Sets the phases the welcome screen offers (EventPhases) for the event. */
StoreStatus store_event_set_phases(Store *s, const char *event_id, int phases);

/* ---- Attendees ------------------------------------------------------------------- */

#define STORE_IMPORT_NOTES 20  /* notes kept in a StoreImportResult */
#define STORE_NOTE_MAX     320 /* bytes of one note, with the NUL */

typedef struct StoreImportResult {
    size_t added;       /* new attendees */
    size_t updated;     /* existing attendees whose details changed */
    size_t unchanged;   /* existing attendees, same details */
    size_t not_in_list; /* attendees of the event (pre-registered) missing from this list;
                           they are kept, never deleted */
    size_t matched;     /* of updated: found by name because their key changed (a corrected
                           spelling, a new organisation, an address or code added) */
    size_t ambiguous;   /* of added: might be one of several people already stored */
    /* One line each, for the organiser: every person matched by name and every ambiguous
     * one, by line in the list ("line 5: Ana Öberg (KF) is Anna Öberg (KF), already
     * stored (a corrected spelling); updated"). Past STORE_IMPORT_NOTES they are counted
     * in nnotes_more. */
    char notes[STORE_IMPORT_NOTES][STORE_NOTE_MAX];
    size_t nnotes, nnotes_more;
} StoreImportResult;

/* Imports the roster into the event in one transaction: attendees are matched on their
 * key, so importing the same list again changes nothing and an updated list updates
 * people. An entry whose key the event does not hold is first looked for among the
 * listed attendees the new list does not hold by key, by name and organisation (rules in
 * store_people.c: same name and organisation; same name, new organisation; same
 * organisation and a name at most two edits away), and updated if exactly one fits, so
 * its id, check-ins and answers stay; if several fit it is added and named in a note.
 * Either the whole roster is stored or nothing is. */
StoreStatus store_import_roster(Store *s, const char *event_id, const Roster *r, int64_t now_ms,
                                StoreImportResult *res);

typedef struct StoreAttendee {
    char id[IDS_UUID_LEN + 1];
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    char role[ROSTER_FIELD_MAX];
    char ticket[ROSTER_FIELD_MAX];
    bool walk_in;
    int64_t checked_in_ms; /* time of the active check-in, 0 if not checked in */
} StoreAttendee;

/* Calls fn for every attendee of the event, in name order. fn returns 0 to go on, non-zero
 * to stop. The StoreAttendee passed is valid only during the call. */
StoreStatus store_each_attendee(Store *s, const char *event_id,
                                int (*fn)(void *ctx, const StoreAttendee *a), void *ctx);

/* Finds the attendee of the event with this ticket code (exact match). */
StoreStatus store_find_ticket(Store *s, const char *event_id, const char *ticket,
                              StoreAttendee *out);

/* Reads one attendee by id. */
StoreStatus store_get_attendee(Store *s, const char *attendee_id, StoreAttendee *out);

/* ---- Check-ins ------------------------------------------------------------------- */

/* Checks the attendee in, durably. If the attendee already has an active check-in,
 * returns STORE_ALREADY, writes nothing, and stores that check-in's time in
 * *existing_ms. On STORE_OK *existing_ms is the new check-in's time (now_ms).
 * This is also how an undone check-in (store_checkin_undo) is restored: a new check-in
 * record at now_ms, the reversal staying, so the history reads check-in, undo, check-in
 * and every reader (stats, exports, the report, merge) counts the attendee once, by the
 * one active check-in. Nothing is deleted or changed. */
StoreStatus store_checkin(Store *s, const char *event_id, const char *attendee_id, int64_t now_ms,
                          int64_t *existing_ms);

/* Registers a walk-in (name required; organisation may be "") and checks them in, in one
 * transaction. consent: they said yes to appearing on the shared participant list (asked
 * on the kiosk's form, no by default). Text must be valid UTF-8, at most
 * ROSTER_FIELD_MAX-1 bytes. Writes the new attendee id into attendee_id. */
StoreStatus store_walk_in(Store *s, const char *event_id, const char *name,
                          const char *organisation, bool consent, int64_t now_ms,
                          char attendee_id[IDS_UUID_LEN + 1]);

/* The same with the e-mail address the walk-in typed (the event's walkin_email): "" or
 * NULL for none, else it must have an address's shape (text_email_ok), or the walk-in is
 * refused with STORE_INVALID. It is stored as the attendee's email, like an imported one:
 * in the exports with e-mail addresses only, merged with the attendee, purged with them. */
StoreStatus store_walk_in_email(Store *s, const char *event_id, const char *name,
                                const char *organisation, const char *email, bool consent,
                                int64_t now_ms, char attendee_id[IDS_UUID_LEN + 1]);

/* Undoes the attendee's active check-in by writing a reversal record (a check-in row whose
 * `reverses` names the undone one): never a delete. STORE_NOT_FOUND if the attendee has no
 * active check-in. */
StoreStatus store_checkin_undo(Store *s, const char *event_id, const char *attendee_id,
                               int64_t now_ms);

/* Active check-ins per bucket_ms, from the bucket of the first one: counts[0..*n), at most
 * max buckets (later check-ins go into the last). *start_ms is the first bucket's start;
 * *n = 0 when nobody is checked in. */
StoreStatus store_checkin_histogram(Store *s, const char *event_id, int64_t bucket_ms,
                                    int64_t *start_ms, int64_t *counts, size_t max, size_t *n);

typedef struct StoreStats {
    int64_t expected;        /* pre-registered attendees */
    int64_t checked_in;      /* attendees with an active check-in (pre-registered + walk-ins) */
    int64_t walk_ins;        /* walk-ins (all are checked in) */
    int64_t checkin_records; /* check-in rows of the event, reversals included: proves
                                that a repeated check-in wrote nothing */
} StoreStats;

StoreStatus store_stats(Store *s, const char *event_id, StoreStats *out);

/* ---- Feedback ------------------------------------------------------------------------
 * Ratings and reflections belong to a feedback session, known only by its random token;
 * nothing links them to an attendee. Their time is kept to the minute (now_ms is rounded
 * down before it is stored), so they cannot be matched to a check-in. `flagged` marks a
 * session that began right after the previous one (repeated presses): stored, counted
 * apart. */

/* Stores the answer to question (0-based) of the session, durably. Answering the same
 * question again in the same session replaces the earlier answer (one row per session and
 * question). value: 1..5 for smileys, 0..10 for NPS (checked against the event's scale). */
StoreStatus store_rating_put(Store *s, const char *event_id, const char *token, int question,
                             int value, bool flagged, int64_t now_ms);

/* Stores the session's one-line reflection (valid UTF-8, one line, 1..max characters of
 * the event's reflection_max), durably; a second call for the same token replaces it. */
StoreStatus store_reflection_put(Store *s, const char *event_id, const char *token,
                                 const char *text, bool flagged, int64_t now_ms);

typedef struct StoreFeedbackStats {
    int64_t sessions;                        /* sessions with at least one rating or a reflection */
    int64_t flagged_sessions;                /* of which flagged */
    int64_t counts[EVENT_MAX_QUESTIONS][11]; /* unflagged ratings per question and value */
    int64_t flagged_ratings;                 /* ratings of flagged sessions */
    int64_t reflections;                     /* unflagged reflections */
} StoreFeedbackStats;

StoreStatus store_feedback_stats(Store *s, const char *event_id, StoreFeedbackStats *out);

/* Reads the rating of a session's question into *value; STORE_NOT_FOUND if unanswered. */
StoreStatus store_rating_get(Store *s, const char *event_id, const char *token, int question,
                             int *value);

/* Copies the session's reflection into text (capacity cap, cut on a code point if it does
 * not fit); STORE_NOT_FOUND if the session has none. */
StoreStatus store_reflection_get(Store *s, const char *event_id, const char *token, char *text,
                                 size_t cap);

/* ---- The admin PIN -------------------------------------------------------------------
 * The admin PIN is kept only as a libsodium crypto_pwhash_str hash. Failed attempts are
 * counted in the database, so pulling the plug does not reset a lockout. */

#define STORE_PIN_HASH_MAX 128 /* crypto_pwhash_STRBYTES, with the NUL */

/* Stores the PIN hash (replacing any earlier one) and clears the failure count. */
StoreStatus store_pin_set(Store *s, const char *hash);

/* Reads the PIN hash into hash; STORE_NOT_FOUND when no PIN has been set. */
StoreStatus store_pin_get(Store *s, char hash[STORE_PIN_HASH_MAX]);

/* Failed attempts since the last success and the time of the last one (0 if none). */
StoreStatus store_pin_failures(Store *s, int *count, int64_t *last_ms);

/* Counts one more failed attempt at now_ms, durably (before the kiosk answers "wrong"). */
StoreStatus store_pin_failed(Store *s, int64_t now_ms);

/* A correct PIN: the failure count goes back to zero. */
StoreStatus store_pin_succeeded(Store *s);

/* ---- Reading everything out (exports) -------------------------------------------------
 * Each walks one table of the event in a stable order (time, then id) and calls fn per
 * row; fn returns non-zero to stop. Rows are valid only during the call. */

typedef struct StoreCheckinRow {
    char id[IDS_UUID_LEN + 1];
    char attendee_id[IDS_UUID_LEN + 1];
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    bool walk_in;
    int64_t at_ms;
    char device[IDS_UUID_LEN + 1];
    char reverses[IDS_UUID_LEN + 1]; /* "" for a check-in, the undone id for a reversal */
    StoreClock clock;                /* the clock it was written by (a reversal a merge
                                        derives: that of the check-in it undoes) */
} StoreCheckinRow;

typedef struct StoreAttendeeRow {
    char id[IDS_UUID_LEN + 1];
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    char role[ROSTER_FIELD_MAX];
    char email[ROSTER_FIELD_MAX];
    char ticket[ROSTER_FIELD_MAX];
    bool walk_in;
    bool consent;                        /* may appear on the shared participant list */
    bool first_time;                     /* the list marks them new to the network */
    bool board_hidden;                   /* took themselves off the board at the kiosk */
    char interests[STORE_INTERESTS_MAX]; /* topics picked at the kiosk, '|' between; filled
                                            only for a person who consented, else "" */
    int64_t checked_in_ms;               /* active check-in, 0 if none */
    char device[IDS_UUID_LEN + 1];
    StoreClock clock;            /* when the row was created or last updated (a walk-in:
                                    the registration; a listed attendee: the import) */
    StoreClock checked_in_clock; /* of the active check-in; UNKNOWN if none */
} StoreAttendeeRow;

typedef struct StoreRatingRow {
    char id[IDS_UUID_LEN + 1];
    char token[65];
    int question; /* 0-based */
    int value;
    int64_t at_ms; /* to the minute */
    char device[IDS_UUID_LEN + 1];
    bool flagged;
    StoreClock clock; /* of the latest answer (a replaced one takes the new state) */
} StoreRatingRow;

typedef struct StoreReflectionRow {
    char id[IDS_UUID_LEN + 1];
    char token[65];
    char text[EVENT_REFLECTION_HARD_MAX * 4 + 1];
    int64_t at_ms; /* to the minute */
    char device[IDS_UUID_LEN + 1];
    bool flagged;
    StoreClock clock; /* of the latest answer (a replaced one takes the new state) */
} StoreReflectionRow;

StoreStatus store_each_checkin(Store *s, const char *event_id,
                               int (*fn)(void *ctx, const StoreCheckinRow *row), void *ctx);
StoreStatus store_each_attendee_row(Store *s, const char *event_id,
                                    int (*fn)(void *ctx, const StoreAttendeeRow *row), void *ctx);
StoreStatus store_each_rating(Store *s, const char *event_id,
                              int (*fn)(void *ctx, const StoreRatingRow *row), void *ctx);
StoreStatus store_each_reflection(Store *s, const char *event_id,
                                  int (*fn)(void *ctx, const StoreReflectionRow *row), void *ctx);

/* ---- Several kiosks ----------------------------------------------------------------------
 * Kiosks of one meeting each have their own database. Merging brings another kiosk's
 * records into this one: events are matched by their key, attendees by (event key,
 * attendee key), every record by its id, so merging twice changes nothing and the order
 * of merges does not matter. An attendee checked in on two kiosks stays checked in once:
 * the earliest check-in is kept, the later one gets a reversal record with an id derived
 * from the undone one (the same on every kiosk), and is reported.
 *
 * The derived id of the reversal of check-in X is a UUIDv7 for X's time whose 74 random
 * bits are the first bits of BLAKE2b-256("merge-reversal:" + X's id); the reversal carries
 * X's time, device and clock; every other record keeps the clock it was written by.
 * Conflicts keep this database's details, so with conflicts the result depends on which
 * database is merged into; without them it does not. An event this database has purged
 * takes in no attendees or check-ins (they would bring the names back); its ratings and
 * reflections are still taken in. The board's records (schema 12): a new event comes with
 * its board and topics, a new attendee with its first-time mark (a known one keeps this
 * database's, like its other details), and of two kiosks' choices of one person (topics,
 * off the board) the later is kept, then the greater device id, whatever the order. */

typedef struct StoreMergeReport {
    size_t events, attendees, checkins, ratings, reflections; /* new records taken in */
    size_t double_checkins; /* attendees checked in on more than one kiosk */
    size_t conflicts;       /* same key, different details: this database's kept */
    size_t form_answers;    /* follow-up form answers taken in or replaced by a later import */
    size_t choices;         /* people's board choices (topics, off the board) taken in or
                               replaced by a later one */
    size_t devices;         /* kiosk names taken in (new, or named later there) */
} StoreMergeReport;

/* Merges the database at other_path (opened read-only, never changed) into this one in one
 * transaction. note(ctx, line) is called with a human-readable line per double check-in and
 * conflict (may be NULL). Refuses (STORE_FOREIGN etc.) the files store_open refuses. */
StoreStatus store_merge(Store *s, const char *other_path, StoreMergeReport *rep,
                        void (*note)(void *ctx, const char *line), void *ctx);

/* ---- Retention ---------------------------------------------------------------------------
 * An event's personal data (attendees' names, organisations, roles, emails, tickets and the
 * check-ins) is kept until its date + retention_days. Purging removes it and keeps the
 * anonymous ratings and reflections, so the report can still be made. */

typedef struct StorePurgeReport {
    size_t events;    /* events past their retention time with personal data left */
    size_t attendees; /* attendees removed (or that would be) */
    size_t checkins;  /* check-in rows removed (or that would be) */
} StorePurgeReport;

/* Purges every event past retention at now_ms (dry_run: only counts). The database file is
 * then vacuumed so removed names do not linger in free pages. */
StoreStatus store_purge(Store *s, int64_t now_ms, bool dry_run, StorePurgeReport *rep);

/* ---- Live sharing (the outbox and records of other kiosks; app/core/sync.h) -----------
 * Every record this kiosk writes (check-ins and their reversals, walk-ins, ratings,
 * reflections) is queued in the database's outbox in the same transaction as the record
 * itself (schema: sync_outbox), so nothing committed can miss being published. A message
 * is the record as JSON, self-contained: a check-in carries its attendee and, for a
 * reversal, the check-in it undoes, so a kiosk can take it in whatever it received
 * before. Taking messages in goes through the merge's own code (store_merge.c): the same
 * checks, matching and resolution of double check-ins as `mingel merge`, so live sharing
 * and a merge afterwards give the same records.
 *
 * The format, version 1 (UTF-8 JSON, at most STORE_SYNC_MSG_MAX bytes):
 *   {"mingel":1, "event":"<event key>", "event_id":"<the event's id on the writer>",
 *    "device":"<writer's device id>", "device_name":"Kiosk A", "named_ms":<ms>,
 *    "rows":[["attendee"|"checkin"|"rating"|"reflection", value, ...], ...]}
 * each row's values as the merge reads that table from another file (store_private.h,
 * StorepRowKind): null, an integer or a string each. device_name and named_ms (the
 * writer's name, Kiosk names below) are there once the writer has a name; a reader takes
 * the name when it is later than the one it knows and passes over one it cannot use. */

#define STORE_SYNC_MSG_MAX (64 * 1024)
#define STORE_SYNC_ID_MAX  (IDS_UUID_LEN + 1)

typedef struct StoreSyncOut {
    int64_t seq;                    /* the outbox row */
    char msg_id[STORE_SYNC_ID_MAX]; /* the record's id: the server's de-duplication id */
    char *payload;                  /* malloc'ed JSON, the caller frees it */
    size_t len;                     /* bytes of payload (no NUL counted) */
} StoreSyncOut;

/* The first outbox entry after after_seq whose record belongs to the event with key
 * event_key, as a message. Entries of records that no longer exist (purged) are removed
 * on the way; those of other events are passed over and kept. STORE_NOT_FOUND when there
 * is none; on STORE_OK the caller owns out->payload. */
StoreStatus store_sync_next(Store *s, const char *event_key, int64_t after_seq, StoreSyncOut *out);

/* Removes outbox entries seqs[0..n) (acknowledged by the server), in one transaction. */
StoreStatus store_sync_done(Store *s, const int64_t *seqs, size_t n);

/* How many outbox entries wait (of any event). */
StoreStatus store_sync_pending(Store *s, int64_t *n);

/* Queues every record of the event held here, of every kiosk, again: for a stream that
 * was lost on the server (restarted without its storage), so that what any kiosk still
 * holds reaches all of them. */
StoreStatus store_sync_requeue(Store *s, const char *event_key);

/* The stream this kiosk last published to (the sync module's own text, at most cap-1
 * bytes; "" when none), kept in meta: this kiosk's, never merged. */
StoreStatus store_sync_mark_get(Store *s, char *out, size_t cap);
StoreStatus store_sync_mark_put(Store *s, const char *mark);

typedef struct StoreSyncIn {
    const char *data; /* the message, not NUL-terminated; owned by the caller */
    size_t len;
    StoreStatus status; /* out: STORE_OK taken in (or already here); STORE_NOT_FOUND of
                           another event; STORE_INVALID not a message of this format;
                           STORE_CORRUPT a row that is not as mingel writes it */
} StoreSyncIn;

/* Takes messages msgs[0..n) of other kiosks in, in one transaction, each on its own
 * (a refused one changes nothing and the others go on; its status says why), then
 * resolves double check-ins as a merge does (note as for store_merge, may be NULL).
 * rep (may be NULL) counts what was new. Returns STORE_OK when the transaction committed
 * (whatever each message's status); any other status when it did not, and then nothing
 * of any message was taken in. */
StoreStatus store_sync_apply(Store *s, const char *event_key, StoreSyncIn *msgs, size_t n,
                             StoreMergeReport *rep, void (*note)(void *ctx, const char *line),
                             void *ctx);

/* ---- Kiosk names ------------------------------------------------------------------------
 * Every record carries the id of the device that wrote it; a person reads a short name
 * instead ("Kiosk A", "Entré norr"). Each kiosk stores its own name (store_device_name_set)
 * and learns the others' from their live messages (the "device_name" and "named_ms" of
 * every message, store_sync_apply) and from a merge. The latest naming of a device wins,
 * whatever order the names arrive in, so every kiosk comes to the same names. Names are
 * labels, not records: the canonical dump leaves them out. */

#define STORE_DEVICE_NAME_MAX 64 /* bytes of a name, with the NUL */

/* Whether name can be a kiosk's name: 1..STORE_DEVICE_NAME_MAX-1 bytes of valid UTF-8,
 * no control characters, not only spaces. */
bool store_device_name_ok(const char *name);

/* Names this kiosk name (store_device_name_ok), named at now_ms; the same name again
 * writes nothing. STORE_INVALID for a name that cannot be one. */
StoreStatus store_device_name_set(Store *s, const char *name, int64_t now_ms);

/* The name of device_id into out (cap bytes, cut to fit) and, if named_ms is not NULL,
 * when it was given; STORE_NOT_FOUND (out "") when none is known here. */
StoreStatus store_device_name(Store *s, const char *device_id, char *out, size_t cap,
                              int64_t *named_ms);

/* Where and when an attendee's check-in was made. */
typedef struct StoreCheckinPlace {
    int64_t at_ms;                    /* the active check-in's time (ms) */
    char device[IDS_UUID_LEN + 1];    /* the kiosk that wrote it */
    char name[STORE_DEVICE_NAME_MAX]; /* its name; "" when not known here */
    bool here;                        /* written by this kiosk */
} StoreCheckinPlace;

/* The attendee's active check-in (the earliest, should there be two before a merge
 * resolves them): STORE_NOT_FOUND when the attendee is not checked in. */
StoreStatus store_checkin_place(Store *s, const char *attendee_id, StoreCheckinPlace *out);

/* ---- Badge jobs ----------------------------------------------------------------------
 * A badge to print is a record, so a restart keeps the queue and nothing prints twice
 * unless asked. A check-in (store_checkin, store_walk_in, and so a restore) queues the
 * person's badge in its own transaction when the event prints badges (it has a [badge]
 * setup) and the person has no badge job yet: a second check-in after an undo prints
 * nothing new. A reprint or a preprint adds jobs on purpose. The kiosk's print worker
 * (core/printq) takes queued jobs in order, sends them to CUPS and follows them. These
 * rows are this kiosk's own: a merge never copies them, the canonical dump leaves them
 * out, and a purge removes them with the attendees they name. */

typedef enum StoreBadgeState {
    STORE_BADGE_QUEUED, /* waiting for the worker */
    STORE_BADGE_SENT,   /* CUPS took it (cups_job); not yet out of the printer */
    STORE_BADGE_DONE,   /* printed (CUPS says completed) */
    STORE_BADGE_FAILED, /* the last try failed (reason); retried while tries allow */
} StoreBadgeState;

#define STORE_BADGE_REASON_MAX 256 /* bytes of a job's reason, with the NUL */

typedef struct StoreBadgeJob {
    char id[IDS_UUID_LEN + 1];
    char event_id[IDS_UUID_LEN + 1];
    char attendee_id[IDS_UUID_LEN + 1];
    StoreBadgeState state;
    int cups_job; /* the CUPS job id once sent, else 0 */
    int tries;    /* submits tried */
    char reason[STORE_BADGE_REASON_MAX];
    int64_t created_ms, updated_ms; /* ms */
} StoreBadgeJob;

typedef struct StoreBadgeCounts {
    size_t queued, sent, done, failed; /* jobs of the event in each state */
    size_t unprinted; /* attendees of the event without any badge job (a preprint's count) */
} StoreBadgeCounts;

/* A reprint: queues one more badge for the attendee, whatever was printed before. The new
 * job's id goes into id (may be NULL). STORE_NOT_FOUND when the attendee is not in the
 * event; STORE_INVALID when the event prints no badges. */
StoreStatus store_badge_reprint(Store *s, const char *event_id, const char *attendee_id,
                                int64_t now_ms, char id[IDS_UUID_LEN + 1]);

/* A badge printed outside the kiosk's queue (`mingel badges --print`), recorded so that the
 * person's check-in prints no second one: a job in state sent with CUPS's job id, which the
 * kiosk's worker follows to done. STORE_NOT_FOUND when the attendee is not in the event. */
StoreStatus store_badge_printed(Store *s, const char *event_id, const char *attendee_id,
                                int cups_job, int64_t now_ms);

/* A preprint (before the doors open): queues a badge for every attendee of the event who
 * has no badge job yet, in surname order (Swedish: å, ä, ö after z), in one transaction.
 * *added (may be NULL) says how many. STORE_INVALID when the event prints no badges. */
StoreStatus store_badge_preprint(Store *s, const char *event_id, int64_t now_ms, size_t *added);

/* Up to cap jobs of the event in state, oldest (first queued) first, into out; *n says how
 * many. */
StoreStatus store_badge_jobs(Store *s, const char *event_id, StoreBadgeState state,
                             StoreBadgeJob *out, size_t cap, size_t *n);

/* Writes the state, cups_job, tries, reason (cut to fit, made valid UTF-8) and updated_ms of
 * each of jobs[0..n) to the job with its id, in one transaction. updated_ms is the time of
 * the worker that reached the state (the system clock, which its retries go by). A job that
 * is not there any more (purged meanwhile) is skipped. */
StoreStatus store_badge_jobs_update(Store *s, const StoreBadgeJob *jobs, size_t n);

/* The attendee's latest badge job; STORE_NOT_FOUND when there is none. */
StoreStatus store_badge_job_latest(Store *s, const char *attendee_id, StoreBadgeJob *out);

/* How many jobs of the event are in each state, and how many attendees have none. */
StoreStatus store_badge_counts(Store *s, const char *event_id, StoreBadgeCounts *out);

/* ---- The board (`mingel board`) ----------------------------------------------------------
 * Who is here, for a screen in the room: attendees with an active check-in who consented
 * to the shared participant list and have not taken themselves off the board. At the
 * kiosk, after their check-in, such a person may pick up to EVENT_TOPICS_PICK of the
 * event's topics and may take themselves off (and on again). One record per person
 * (board_choice), replaced by each choice; a merge keeps the later one. It is personal
 * data: a purge removes it with the attendee. */

typedef struct StoreBoardChoice {
    bool consent;    /* on the shared participant list (the attendee's consent) */
    bool first_time; /* the list marks them new to the network */
    bool hidden;     /* took themselves off the board */
    char interests[STORE_INTERESTS_MAX]; /* topics as written, '|' between; "" for none */
} StoreBoardChoice;

/* The attendee's consent, first-time mark and choice (none: not hidden, no interests).
 * STORE_NOT_FOUND if there is no such attendee. */
StoreStatus store_board_choice_get(Store *s, const char *attendee_id, StoreBoardChoice *out);

/* Stores the attendee's choice, durably, replacing the earlier one: interests as topics
 * written exactly as the event's (at most EVENT_TOPICS_PICK, '|' between them, each one
 * of the event's topics, none twice; "" for none) and hidden. STORE_NOT_FOUND if the
 * attendee is not in the event; STORE_INVALID when interests are not such a list, or when
 * they are not "" for a person who did not consent (nothing of theirs goes on a board). */
StoreStatus store_board_choice_put(Store *s, const char *event_id, const char *attendee_id,
                                   const char *interests, bool hidden, int64_t now_ms);

typedef struct StoreBoardRow {
    char id[IDS_UUID_LEN + 1];
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    bool first_time;
    char interests[STORE_INTERESTS_MAX]; /* as stored; the caller matches them to topics */
    int64_t checked_in_ms;               /* the active check-in */
} StoreBoardRow;

/* Calls fn for every person the board shows (checked in, consented, not hidden), in
 * name order, in one snapshot. fn returns non-zero to stop; the row lives only during the
 * call. *here (may be NULL) gets everyone checked in, shown or not: a number only. */
StoreStatus store_each_board_person(Store *s, const char *event_id,
                                    int (*fn)(void *ctx, const StoreBoardRow *row), void *ctx,
                                    int64_t *here);

/* How many people (checked in or not) picked each of the event's topics, only among those
 * who consented: counts[i] for ev->topics[i] (a stored topic the event no longer has is
 * not counted). For the report, which shows counts only. */
StoreStatus store_topic_counts(Store *s, const char *event_id, const EventInfo *ev,
                               int64_t counts[EVENT_TOPICS_MAX]);

/* ---- A canonical text of the records (tests, tools) ----------------------------------
 * Added for the merge tests (additive): calls fn with one line per record of every table,
 * in a fixed order, so two databases holding the same records give the same lines
 * whatever their history. Events and attendees are named by their keys, since their ids
 * and bookkeeping (created/updated times, the importing device, and a listed attendee's
 * clock) are each kiosk's own; check-ins, ratings and reflections by their ids, with their
 * clocks, as is a walk-in. Device-local state is left out: meta (device id, current event,
 * the clock setting), the admin PIN and failures, and when an event was purged. fn returns
 * non-zero to stop; the line is valid only during the call. */
StoreStatus store_dump_canonical(Store *s, int (*fn)(void *ctx, const char *line), void *ctx);

#endif
