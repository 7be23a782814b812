/* admin_cmd: the organiser's commands around the data's life: set-pin, merge, purge, and
 * the retention line of `stats`.
 *
 * `set-pin` reads the PIN twice, without echo when stdin is a terminal (one line each from
 * a pipe, for scripts), and stores only its Argon2id hash. It reads with read(2), byte by
 * byte, into buffers it wipes: stdio would keep a copy of the PIN in its own buffer.
 * `merge` brings the databases of other kiosks into this one and says what it took in and
 * what it had to decide (double check-ins, conflicting details). `purge` removes names and
 * check-ins past the retention time and says what goes and what stays.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/paths.h"
#include "core/pin.h"

#define PIN_LINE_MAX           64 /* bytes of one typed line; a PIN has at most PIN_MAX_DIGITS */
#define RETENTION_DEFAULT_DAYS 90

/* ---- set-pin ------------------------------------------------------------------------- */

static const char SET_PIN_USAGE[] =
    "usage: mingel set-pin [--db PATH]\n"
    "\n"
    "Sets the admin PIN that opens the kiosk's admin screen: 6 to 12 digits, typed twice\n"
    "(not shown). From a pipe, the PIN is read as two lines of standard input. Only an\n"
    "Argon2id hash of the PIN is stored, never the PIN itself; the count of wrong\n"
    "attempts starts again at zero.\n";

/* Set by the signal handler while a PIN is being read, so the terminal gets its echo back
 * before the program ends. The one piece of mutable global state here, as a handler can
 * reach nothing else. */
static volatile sig_atomic_t pin_interrupted;

static void on_interrupt(int sig)
{
    (void)sig;
    pin_interrupted = 1;
}

typedef enum ReadResult {
    READ_OK,
    READ_EOF,
    READ_TOO_LONG,
    READ_INTERRUPTED,
    READ_ERROR
} ReadResult;

/* Reads one line from fd into buf (capacity cap), without the line break (LF or CRLF). A
 * longer line is read to its end and reported as READ_TOO_LONG. */
static ReadResult read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    bool too_long = false;
    for (;;) {
        char c;
        ssize_t got = read(fd, &c, 1);
        if (got < 0 && errno == EINTR) {
            if (pin_interrupted) {
                return READ_INTERRUPTED;
            }
            continue;
        }
        if (got < 0) {
            return READ_ERROR;
        }
        if (got == 0) {
            if (n == 0 && !too_long) {
                return READ_EOF;
            }
            break; /* a last line without its line break */
        }
        if (c == '\n') {
            break;
        }
        if (n + 1 < cap) {
            buf[n++] = c;
        } else {
            too_long = true;
        }
    }
    if (n > 0 && buf[n - 1] == '\r') {
        n--;
    }
    buf[n] = '\0';
    return too_long ? READ_TOO_LONG : READ_OK;
}

/* Prompts on stderr and reads one PIN line from stdin, with the terminal's echo off when
 * stdin is a terminal. */
static ReadResult read_pin(const char *prompt, char *buf, size_t cap)
{
    bool tty = isatty(STDIN_FILENO);
    struct termios saved, quiet;
    if (tty) {
        if (tcgetattr(STDIN_FILENO, &saved) != 0) {
            return READ_ERROR;
        }
        quiet = saved;
        quiet.c_lflag &= (tcflag_t)~ECHO;
        quiet.c_lflag |= ECHONL; /* the Enter still moves to the next line */
        fputs(prompt, stderr);
        fflush(stderr);
        if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0) {
            return READ_ERROR;
        }
    }
    /* Without SA_RESTART, Ctrl+C ends the read (EINTR) instead of the program, so the echo
     * is switched back on below. */
    struct sigaction sa, old_int, old_term, old_hup;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    pin_interrupted = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    ReadResult r = read_line(STDIN_FILENO, buf, cap);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    }
    if (r == READ_INTERRUPTED && tty) {
        fputc('\n', stderr);
    }
    return r;
}

/* Reads a PIN line and checks its form; prints why not and returns false otherwise. */
static bool get_pin(const char *prompt, char *buf, size_t cap)
{
    switch (read_pin(prompt, buf, cap)) {
    case READ_OK:
    case READ_TOO_LONG: break; /* too long is not a PIN: said just below */
    case READ_EOF:
        fprintf(stderr, "mingel: no PIN given (end of input); nothing was changed\n");
        return false;
    case READ_INTERRUPTED:
        fprintf(stderr, "mingel: interrupted; nothing was changed\n");
        return false;
    case READ_ERROR:
        fprintf(stderr, "mingel: cannot read the PIN: %s; nothing was changed\n", strerror(errno));
        return false;
    }
    if (strlen(buf) > PIN_MAX_DIGITS || !pin_valid(buf)) {
        fprintf(stderr,
                "mingel: the PIN must be %d to %d digits (0-9) and nothing else; nothing was "
                "changed\n",
                PIN_MIN_DIGITS, PIN_MAX_DIGITS);
        return false;
    }
    return true;
}

int cli_set_pin(int argc, char **argv)
{
    const char *db = NULL;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db}, {0}};
    int pos;
    int rc = cli_parse(argc, argv, SET_PIN_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    if (pin_init() != 0) {
        fprintf(stderr, "mingel: libsodium cannot be initialised\n");
        return CLI_SOFTWARE;
    }
    char path[4096];
    if (!db) {
        if (paths_default_db("mingel.db", path, sizeof path) != 0) {
            fprintf(stderr, "mingel: %s\n", path);
            return CLI_CANTCREAT;
        }
        db = path;
    }
    /* Open first, so a database that cannot be used is reported before any typing. */
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }

    char first[PIN_LINE_MAX], second[PIN_LINE_MAX], hash[STORE_PIN_HASH_MAX] = "";
    StoreStatus s = STORE_OK;
    rc = CLI_DATAERR;
    if (!get_pin("New admin PIN (6-12 digits): ", first, sizeof first) ||
        !get_pin("The same PIN again: ", second, sizeof second)) {
        goto out;
    }
    if (strcmp(first, second) != 0) {
        fprintf(stderr, "mingel: the two PINs differ; nothing was changed\n");
        goto out;
    }
    if (pin_hash(first, hash) != 0) {
        fprintf(stderr, "mingel: cannot hash the PIN (out of memory?); nothing was changed\n");
        rc = CLI_SOFTWARE;
        goto out;
    }
    s = store_pin_set(st, hash);
    if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot store the PIN: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        rc = cli_status_for(s);
        goto out;
    }
    printf("Admin PIN set in %s: only its Argon2id hash is stored, never the PIN itself.\n"
           "Wrong attempts start again at zero.\n",
           db);
    rc = CLI_OK;
out:
    pin_wipe(first, sizeof first);
    pin_wipe(second, sizeof second);
    pin_wipe(hash, sizeof hash);
    store_close(st);
    return rc;
}

/* ---- merge --------------------------------------------------------------------------- */

static const char MERGE_USAGE[] =
    "usage: mingel merge [--db PATH] OTHER.db ...\n"
    "\n"
    "Brings the records of other kiosks' databases into this one: meetings, attendees,\n"
    "check-ins, ratings and reflections. The other files are only read, never changed.\n"
    "Every record is taken once, so merging a file again changes nothing, and the order\n"
    "of merges does not matter. Someone checked in on two kiosks stays checked in once,\n"
    "at the earlier time; the later check-in is undone (a reversal, nothing deleted).\n"
    "Where the other file has the same person or meeting with other details, this\n"
    "database's are kept. Both are listed.\n";

static void print_note(void *ctx, const char *line)
{
    (void)ctx;
    printf("  %s\n", line);
}

/* Exit status for a merge that failed: a bad other file is bad input. */
static int merge_status_for(StoreStatus st)
{
    switch (st) {
    case STORE_NOT_FOUND: return CLI_NOINPUT;
    case STORE_FOREIGN:
    case STORE_CORRUPT:
    case STORE_TOO_NEW: return CLI_DATAERR;
    case STORE_INVALID: return CLI_USAGE;
    default: return cli_status_for(st);
    }
}

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

int cli_merge(int argc, char **argv)
{
    const char *db = NULL;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db}, {0}};
    int pos;
    int rc = cli_parse(argc, argv, MERGE_USAGE, opts, 1, -1, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    /* Each file is merged in its own transaction: one that is refused leaves the others. */
    for (int i = pos; i < argc; i++) {
        const char *other = argv[i];
        printf("%s:\n", other);
        fflush(stdout);
        StoreMergeReport r;
        StoreStatus s = store_merge(st, other, &r, print_note, NULL);
        if (s != STORE_OK) {
            fflush(stdout);
            /* The store's message names the file. */
            fprintf(stderr, "mingel: not merged: %s\n", store_last_error(st));
            if (rc == CLI_OK) {
                rc = merge_status_for(s);
            }
            continue;
        }
        printf("  taken in: %zu meeting%s, %zu attendee%s, %zu check-in%s, %zu rating%s, "
               "%zu reflection%s\n",
               r.events, plural(r.events), r.attendees, plural(r.attendees), r.checkins,
               plural(r.checkins), r.ratings, plural(r.ratings), r.reflections,
               plural(r.reflections));
        if (r.choices) {
            printf("  %zu board choice%s (topics, off the board)\n", r.choices,
                   r.choices == 1 ? "" : "s");
        }
        if (r.form_answers) {
            printf("  %zu follow-up form answer%s\n", r.form_answers, plural(r.form_answers));
        }
        if (r.double_checkins) {
            printf("  %zu attendee%s checked in on more than one kiosk: each stays checked in "
                   "once, at the earliest time\n",
                   r.double_checkins, plural(r.double_checkins));
        }
        if (r.conflicts) {
            printf("  %zu conflict%s: this database's details kept\n", r.conflicts,
                   plural(r.conflicts));
        }
    }
    store_close(st);
    return rc;
}

/* ---- purge --------------------------------------------------------------------------- */

static const char PURGE_USAGE[] =
    "usage: mingel purge [--db PATH] [--dry-run]\n"
    "\n"
    "Removes the personal data of every meeting whose retention time has ended (its date\n"
    "plus retention_days of the event file, 90 by default): the attendees' names,\n"
    "organisations, roles, e-mail addresses and ticket codes, and the check-ins. The\n"
    "meetings, their questions, the ratings and the reflections stay (they name nobody),\n"
    "so stats and reports can still be made. The database file is then compacted so the\n"
    "names do not linger on the disk either.\n"
    "  --dry-run   only say what would go\n";

int cli_purge(int argc, char **argv)
{
    const char *db = NULL;
    bool dry = false;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db},
                              {.name = "dry-run", .letter = 'n', .flag = &dry},
                              {0}};
    int pos;
    int rc = cli_parse(argc, argv, PURGE_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    StorePurgeReport r;
    StoreStatus s = store_purge(st, ids_now_ms(), dry, &r);
    if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot purge: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        store_close(st);
        return cli_status_for(s);
    }
    if (r.events == 0) {
        printf("Nothing to purge: no meeting past its retention time has personal data left.\n");
    } else {
        printf("%s %zu meeting%s past the retention time:\n", dry ? "Would purge" : "Purged",
               r.events, plural(r.events));
        printf("  %s %zu attendee%s (names, organisations, roles, e-mail addresses, ticket "
               "codes) and %zu check-in%s\n",
               dry ? "would go:" : "gone:    ", r.attendees, plural(r.attendees), r.checkins,
               plural(r.checkins));
        printf("  stays:    the meetings and their questions, all ratings and reflections "
               "(they name nobody), so stats and reports still work\n");
        if (dry) {
            printf("Nothing was changed (--dry-run).\n");
        } else {
            printf("The database file was compacted and its -wal emptied, so the names are "
                   "gone from the disk file too.\n");
        }
    }
    store_close(st);
    return CLI_OK;
}

/* ---- The retention line of stats ----------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse: YYYY-MM-DD of a day count. */
static void civil_from_days(long z, char out[64])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    long y = yoe + era * 400 + (m <= 2);
    snprintf(out, 64, "%04ld-%02ld-%02ld", y, m, d);
}

void cli_retention_line(const EventInfo *ev, const StoreStats *stats, int64_t now_ms)
{
    long y, m, d;
    char tail;
    if (sscanf(ev->date, "%4ld-%2ld-%2ld%c", &y, &m, &d, &tail) != 3) {
        return; /* the store holds dates the event file checked; nothing to say otherwise */
    }
    int days = ev->retention_days > 0 ? ev->retention_days : RETENTION_DEFAULT_DAYS;
    char until[64], today[16] = "";
    civil_from_days(days_from_civil(y, m, d) + days, until);
    time_t t = (time_t)(now_ms / 1000);
    struct tm tm;
    if (localtime_r(&t, &tm)) {
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
    }
    bool due = today[0] && strcmp(today, until) > 0;
    bool personal = stats->expected + stats->walk_ins > 0 || stats->checkin_records > 0;
    if (due && !personal) {
        printf("Retention:  personal data purged (it was kept until %s)\n", until);
        return;
    }
    printf("Retention:  personal data is purged after %s (run mingel purge)\n", until);
    if (due) {
        fflush(stdout);
        fprintf(stderr,
                "mingel: warning: the retention time of this meeting ended on %s; run `mingel "
                "purge` now to remove the names and check-ins\n",
                until);
    }
}
