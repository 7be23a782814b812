/* support: what the tests share, as SDL's tests share SDL_test_common.c. Linked into every
 * test program (tests/CMakeLists.txt), so adding a test stays "drop in one file": include
 * "support.h" and use what is here instead of writing it again.
 *
 *   table checks      COUNT_OF, CHECK, CHECK_STR, CHECK_INT (name the failing row)
 *   error messages    check_message, check_cut_message
 *   temporary paths   tmp_path, tmp_path_for_all, tmp_db, path_in, env_or_fail
 *   random source     TestRandom, test_random (repeatable xorshift, can be told to fail),
 *                     failing_random
 *   database fixtures remove_db, exists_with, size_with, open_ok, open_tmp_db,
 *                     close_tmp_db, copy_db, fresh_store, event_db_open, event_db_ticket,
 *                     dump_of, event_stats, event_feedback, rows_of
 *   files             read_file, write_file, write_text, file_holds, remove_tree,
 *                     fresh_dir
 *
 * Failures end the running cmocka test (fail_msg, assert_*), naming what failed. Tests run
 * on one thread; nothing here keeps state between calls.
 */
#ifndef MINGEL_TEST_SUPPORT_H
#define MINGEL_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <string.h> /* strcmp, for CHECK_STR */

#include "core/event.h"
#include "core/ids.h"
#include "core/store.h"

/* ---- Table checks --------------------------------------------------------------------- */

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Fail the running test naming the table row. */
#define CHECK(row, cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_msg("case \"%s\": %s", (row), #cond);                                             \
        }                                                                                          \
    } while (0)

#define CHECK_STR(row, got, want)                                                                  \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            fail_msg("case \"%s\": %s is\n\"%s\", expected\n\"%s\"", (row), #got, (got), (want));  \
        }                                                                                          \
    } while (0)

#define CHECK_INT(row, got, want)                                                                  \
    do {                                                                                           \
        long long got_ = (long long)(got), want_ = (long long)(want);                              \
        if (got_ != want_) {                                                                       \
            fail_msg("case \"%s\": %s is %lld, expected %lld", (row), #got, got_, want_);          \
        }                                                                                          \
    } while (0)

/* ---- Error messages ------------------------------------------------------------------- */

/* Fail the running test naming row when message does not start with prefix, or does not
 * mention mention (NULL: anything). */
void check_message(const char *row, const char *message, const char *prefix, const char *mention);

/* The contract of every "err, errcap" parameter in core, checked for one capacity: err
 * (cap bytes, cap >= 1, filled before the call with anything but NUL) holds a NUL within
 * cap, is valid UTF-8 (never cut inside a letter), and is the longest such prefix of
 * full, the message an ample buffer got (a cut may leave up to three bytes unused). */
void check_cut_message(const char *err, size_t cap, const char *full);

/* ---- Temporary paths ------------------------------------------------------------------ */

/* The value of the environment variable name; fails the test when it is unset or empty
 * (CTest sets MINGEL_TEST_TMP, MINGEL_TEST_DATA and MINGEL_TEST_ROOT). */
const char *env_or_fail(const char *name);

/* Writes $MINGEL_TEST_TMP/name into out (capacity cap); fails the test when the variable
 * is unset (by hand: MINGEL_TEST_TMP=/some/dir) or the path does not fit. */
void tmp_path(char *out, size_t cap, const char *name);

/* Writes into out a path name in a directory every user can reach, for a test that drops
 * from root to another user (nobody) and must find its files there: the build tree, and
 * with it MINGEL_TEST_TMP, may lie under a home directory such as /root (mode 0700),
 * which nobody cannot enter. The directory is made on first use with mkdtemp under
 * $TMPDIR (else /tmp), mode 0755, and removed with all in it when the test program
 * exits. */
void tmp_path_for_all(char *out, size_t cap, const char *name);

/* Writes $env/file into out (env: "MINGEL_TEST_DATA", "MINGEL_TEST_TMP"); fails the test
 * when the variable is unset or the path does not fit. */
void path_in(char *out, size_t cap, const char *env, const char *file);

/* ---- The random source ---------------------------------------------------------------- */

/* A repeatable RandomFn (xorshift64 from state) that can be told to fail: with fail set,
 * test_random returns -1 and writes nothing. {.state = 42} gives the same bytes on every
 * run. */
typedef struct TestRandom {
    uint64_t state;
    bool fail;
} TestRandom;

int test_random(void *ctx, void *buf, size_t n);

/* The next number of the xorshift64 sequence at *state (never 0), below n (> 0): the
 * repeatable choices of the reliability scripts. */
uint32_t xorshift_below(uint64_t *state, uint32_t n);

/* A RandomFn that always fails (returns -1, writes nothing). */
int failing_random(void *ctx, void *buf, size_t n);

/* ---- Database fixtures ---------------------------------------------------------------- */

/* tmp_path, and the database there removed with its companions (remove_db): a fresh
 * name for a test's database. */
void tmp_db(char *out, size_t cap, const char *name);

/* Removes a database file and its companions (-wal, -shm, -journal); missing ones are
 * fine. */
void remove_db(const char *path);

/* Whether path+suffix exists (lstat: a dangling link counts), and its size (-1 if none). */
bool exists_with(const char *path, const char *suffix);
long long size_with(const char *path, const char *suffix);

/* store_open that fails the test, naming the file and why, when the store does not open. */
Store *open_ok(const char *path, TestRandom *rnd);

/* tmp_db(path, cap, name), then open_ok there: a test's own new database. */
Store *open_tmp_db(char *path, size_t cap, const char *name, TestRandom *rnd);

/* A closed database file copied whole to dst (whatever was at dst, companions included,
 * removed first); fails the test when src has a -wal beside it (not checkpointed). */
void copy_db(const char *src, const char *dst);

/* store_close(s), then remove_db(path): the end of a test's own database. */
void close_tmp_db(Store *s, const char *path);

/* A new, empty database at path (whatever was there, companions included, removed first),
 * opened with rnd (ids_os_random with NULL for the kiosk's own source). */
Store *fresh_store(const char *path, RandomFn rnd, void *rnd_ctx);

/* Loads an event file text and a list (CSV text) into the store at time at, as `mingel
 * import` does; fails the test on any error. Writes the event id. */
void import_texts(Store *s, const char *ini, const char *csv, int64_t at,
                  char event_id[IDS_UUID_LEN + 1]);

/* A test's own new database in the test's directory (named name) with one event loaded
 * from texts by import_texts at time at: the usual start of a store test. */
typedef struct TestEventDb {
    char path[1024];
    Store *s;
    char ev[IDS_UUID_LEN + 1]; /* the event's id */
} TestEventDb;
void event_db_open(TestEventDb *db, const char *name, const char *ini, const char *csv, int64_t at);

/* The event's attendee with this ticket; fails the test unless there is one. */
StoreAttendee event_db_ticket(const TestEventDb *db, const char *ticket);

/* Checks in the attendee with this ticket at time at; fails the test unless both the
 * lookup and the check-in are STORE_OK. */
void checkin_ticket(Store *s, const char *event_id, const char *ticket, int64_t at);

/* The meeting most tests hold, as tests/data/event_good.ini sets it up: key and title as
 * given, 2026-11-26 09:00 at "Kommunhuset, sal B", Swedish, check-in and feedback with
 * three questions (two smiley, then one 0-10), the default reflection, a feedback link
 * with {event}, {token} and {lang}, thank-you 20 s, repeat 5 s. Tests change what they
 * need after. */
EventInfo test_meeting(const char *key, const char *title);

/* An attendee of a list made in code. NULL fields are empty. The key is "t:" and the
 * ticket, else "e:" and the e-mail, else "n:" and the name. */
typedef struct TestAttendee {
    const char *name, *organisation, *ticket, *role, *email;
    bool consent;
} TestAttendee;

/* An attendee known by name, organisation (or NULL) and ticket only. */
#define TICKET_HOLDER(name, organisation, ticket)                                                  \
    {                                                                                              \
        (name), (organisation), (ticket), NULL, NULL, false                                        \
    }

/* Imports the n attendees (lines 2, 3, ... as in a file with a header) into the event at
 * time at; fails the test unless every one is added. */
void import_attendees(Store *s, const char *event_id, const TestAttendee *people, size_t n,
                      int64_t at);

/* The event file $MINGEL_TEST_DATA/ini, loaded as `mingel import` loads it; fails the
 * test with the loader's message when it is refused. */
EventInfo load_event_file(const char *ini);

/* Imports the list $MINGEL_TEST_DATA/csv into the event at time at, as `mingel import`
 * reads it; fails the test on any error or when no attendee is added. */
void import_list_file(Store *s, const char *event_id, const char *csv, int64_t at);

/* store_stats and store_feedback_stats of the event; fail the test unless STORE_OK. */
StoreStats event_stats(Store *s, const char *event_id);
StoreFeedbackStats event_feedback(Store *s, const char *event_id);

/* Every row of an event, as the export walks (store_each_*) give them, in their order. */
#define TEST_MAX_ROWS 64

typedef struct TestRows {
    StoreCheckinRow checkin[TEST_MAX_ROWS];
    size_t checkins;
    StoreAttendeeRow attendee[TEST_MAX_ROWS];
    size_t attendees;
    StoreRatingRow rating[TEST_MAX_ROWS];
    size_t ratings;
    StoreReflectionRow reflection[TEST_MAX_ROWS];
    size_t reflections;
} TestRows;

/* The rows of the four walks; fails the test when a walk is not STORE_OK or a table has
 * more than TEST_MAX_ROWS rows. Free with free(). */
TestRows *rows_of(Store *s, const char *event_id);

/* A growing text of lines, NUL-terminated; start from {0}, free data with free(). */
typedef struct TestText {
    char *data;
    size_t len, cap;
} TestText;

/* Appends line and a '\n'. */
void text_add_line(TestText *t, const char *line);

/* Every line of store_dump_canonical, each followed by '\n', after a leading '\n', so a
 * line is found as "\n<line>\n". Free with free(). */
char *dump_of(Store *s);

/* Runs the shell command made from fmt (printf style) and returns its standard output
 * (malloc'ed, NUL-terminated); fails the test with the output unless it exits 0. */
char *run_command(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* fork() after fflush(NULL) (so nothing buffered is written twice); fails the test when
 * fork fails. */
pid_t fork_ok(void);

/* ---- The sqlite3 shell, to look inside a file ------------------------------------------ */

/* Fails the running test, naming the Debian package, when the sqlite3 shell is not
 * installed: tests that need it never skip. */
void need_sqlite3_shell(void);

/* Runs the sqlite3 shell on the database at path with sql (a statement or a dot command;
 * quoted for the shell here) and returns what it printed, without the last line breaks:
 * columns separated by '|', rows by '\n'. Fails the test unless the shell succeeds. Free
 * the result with free(). */
char *sqlite3_query(const char *path, const char *sql);

/* A database at path (removed first) made by the sqlite3 shell from the SQL text
 * $MINGEL_TEST_DATA/fixture: a file as an older mingel wrote it. */
void db_from_sql(const char *fixture, const char *path);

/* ---- Files ---------------------------------------------------------------------------- */

/* A file's bytes, NUL-terminated (len does not count the NUL). Free data with free(). */
typedef struct TestBytes {
    char *data;
    size_t len;
} TestBytes;

/* Reads the whole file; fails the test when it cannot be opened or read. */
TestBytes read_file(const char *path);

/* Writes len bytes to path, replacing it; fails the test on any error. */
void write_file(const char *path, const void *data, size_t len);

/* write_file with text's bytes (without its NUL). */
void write_text(const char *path, const char *text);

/* rm -rf dir (quoted for the shell: no ' in it), and fresh_dir: an empty directory there
 * (mode 0755), whatever was there before. Fail the test when they cannot. */
void remove_tree(const char *dir);
void fresh_dir(const char *dir);

/* True if path+suffix exists and holds needle anywhere in its bytes. */
bool file_holds(const char *path, const char *suffix, const char *needle);

#endif
