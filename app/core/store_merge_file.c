/* store_merge_file: `mingel merge`, another kiosk's database file taken in (contract in
 * store.h): the file opened read-only and checked as store_open checks one, its records
 * read by statements for its schema version, all of it in one transaction here (the
 * records' rules are store_merge.c's, through store_merge_private.h). */
#include "core/store_merge_private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>
#include <sodium.h> /* sodium_init: a merge derives ids with it (store_merge.c) */

#define OTHER_EVENT_HEAD                                                                           \
    "SELECT id, key, title, date, start_time, venue, theme, organiser, language, next_meeting, "
/* After device: the walk-in form's e-mail setting, from OTHER_WALKIN_EMAIL_VERSION on
 * ('never', the default the upgrade gives, before); then the board and its topics, from
 * OTHER_BOARD_VERSION on (no board before). */
#define OTHER_WALKIN_EMAIL_VERSION 11
#define OTHER_BOARD_VERSION        12 /* first_time, board_choice, the event's board and topics */
#define OTHER_EVENT_TAIL           ", created_ms, updated_ms, device, 'never', 0, '' FROM event ORDER BY key"
#define OTHER_EVENT_TAIL_11                                                                        \
    ", created_ms, updated_ms, device, walkin_email, 0, '' FROM event ORDER BY key"
#define OTHER_EVENT_TAIL_12                                                                        \
    ", created_ms, updated_ms, device, walkin_email, board, topics FROM event ORDER BY key"

/* The event's columns as schema 3 left them; no later step until 11 added one a merge
 * reads. */
#define OTHER_EVENT_V3_COLUMNS                                                                     \
    OTHER_EVENT_HEAD "phases, reflection_sv, reflection_en, reflection_max, feedback_url,"         \
                     " thanks_seconds, repeat_seconds, retention_days"
#define OTHER_EVENT_V3 OTHER_EVENT_V3_COLUMNS OTHER_EVENT_TAIL

static const char *const other_event_sql[] = {
    [0] = NULL, /* version 0 holds no records: refused before */
    [1] = OTHER_EVENT_HEAD "1, '', '', 140, '', 20, 5, 90" OTHER_EVENT_TAIL,
    [2] = OTHER_EVENT_HEAD "phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
                           " thanks_seconds, repeat_seconds, 90" OTHER_EVENT_TAIL,
    [3] = OTHER_EVENT_V3,
    [4] = OTHER_EVENT_V3,
    /* 5 added badge_setup, which is each kiosk's own and never merged. */
    [5] = OTHER_EVENT_V3,
    /* 6 added form_answer, merged by storep_merge_form_answers (store_responses.c). */
    [6] = OTHER_EVENT_V3,
    /* 7 added sync_outbox, each kiosk's own and never merged. */
    [7] = OTHER_EVENT_V3,
    /* 8 added badge_job, each kiosk's own and never merged. */
    [8] = OTHER_EVENT_V3,
    /* 9 added the questions' scale words and the event's sound (each kiosk's own). */
    [9] = OTHER_EVENT_V3,
    /* 10 added device (kiosk names), merged by storep_merge_devices (store_device.c). */
    [10] = OTHER_EVENT_V3,
    /* 11 added walkin_email: copied with a new event (not compared: it is the form's). */
    [OTHER_WALKIN_EMAIL_VERSION] = OTHER_EVENT_V3_COLUMNS OTHER_EVENT_TAIL_11,
    /* 12 added the board, its topics, first-time marks and the people's choices. */
    [OTHER_BOARD_VERSION] = OTHER_EVENT_V3_COLUMNS OTHER_EVENT_TAIL_12,
};

_Static_assert(sizeof other_event_sql / sizeof other_event_sql[0] == STORE_SCHEMA_VERSION + 1,
               "a new schema version needs its row in other_event_sql (store_merge)");

/* The feedback tables exist from version 2 on, the clock columns from version 4, the
 * scale words from version 6. */
#define OTHER_FEEDBACK_VERSION 2
#define OTHER_CLOCK_VERSION    4
#define OTHER_WORDS_VERSION    9

/* A question of the other file: [0] before OTHER_WORDS_VERSION (the kiosk's own words),
 * [1] from it on. */
#define OTHER_QUESTIONS(words)                                                                     \
    "SELECT position, text_sv, text_en, scale, " words " FROM question"                            \
    " WHERE event_id = ?1 ORDER BY position"
static const char *const other_questions_sql[2] = {OTHER_QUESTIONS("'', ''"),
                                                   OTHER_QUESTIONS("words_sv, words_en")};

/* Each in two forms: [0] for a file without clock columns, which reads its rows' clock as
 * NULL (unknown, as the upgrade would make them), [1] from OTHER_CLOCK_VERSION on. */
#define OTHER_ATTENDEES_FIRST(clock, first)                                                        \
    "SELECT id, event_id, key, name, organisation, role, email, ticket, source, consent,"          \
    " created_ms, updated_ms, device, " clock ", " first " FROM attendee ORDER BY event_id, key"
#define OTHER_ATTENDEES(clock) OTHER_ATTENDEES_FIRST(clock, "0")
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

/* The attendees from OTHER_BOARD_VERSION on, with their first-time mark. */
static const char other_attendees_board_sql[] = OTHER_ATTENDEES_FIRST("clock", "first_time");

/* The people's choices at the kiosk (from OTHER_BOARD_VERSION on), by their attendee's key. */
static const char other_choices_sql[] =
    "SELECT b.event_id, a.key, b.interests, b.hidden, b.updated_ms, b.device FROM board_choice b"
    " JOIN attendee a ON a.id = b.attendee_id ORDER BY b.event_id, a.key";

static const char *const other_sql[OQ_COUNT][2] = {
    [OQ_EVENTS] = {NULL, NULL},    /* other_event_sql */
    [OQ_QUESTIONS] = {NULL, NULL}, /* other_questions_sql */
    [OQ_ATTENDEES] = {OTHER_ATTENDEES("NULL"), OTHER_ATTENDEES("clock")},
    [OQ_CHECKINS] = {OTHER_CHECKINS("NULL"), OTHER_CHECKINS("c.clock")},
    [OQ_RATINGS] = {OTHER_RATINGS("NULL"), OTHER_RATINGS("clock")},
    [OQ_REFLECTIONS] = {OTHER_REFLECTIONS("NULL"), OTHER_REFLECTIONS("clock")},
    [OQ_CHOICES] = {NULL, NULL}, /* other_choices_sql */
};

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
        storep_set_err(s, "%s: %s; check the path", path, strerror(e));
        return e == ENOENT ? STORE_NOT_FOUND : e == EACCES ? STORE_READONLY : STORE_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        storep_set_err(s, "%s: not a regular file; give a kiosk's database file", path);
        return STORE_IO;
    }
    if (stat(s->path, &self) == 0 && self.st_dev == sb.st_dev && self.st_ino == sb.st_ino) {
        storep_set_err(s, "%s: that is this database itself; give another kiosk's file", path);
        return STORE_INVALID;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        storep_set_err(s, "%s: cannot read: %s", path, strerror(e));
        return e == EACCES ? STORE_READONLY : STORE_IO;
    }
    unsigned char h[STORE_HEADER_SIZE];
    ssize_t got = read(fd, h, sizeof h);
    close(fd);
    if (got < (ssize_t)sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
        storep_set_err(s, "%s: not a mingel database (%s); it was left untouched", path,
                       got == 0 ? "an empty file" : "not an SQLite file at all");
        return STORE_CORRUPT;
    }
    /* Only refusals are final here: page 1 may sit newer in a -wal (see store_open). */
    bool fresh = false;
    StoreStatus st = storep_judge_identity(path, storep_be32(h + 68), (int32_t)storep_be32(h + 60),
                                           -1, &fresh, err, sizeof err);
    bool wal = h[18] == 2 && h[19] == 2;
    char *uri = NULL;
    if (st == STORE_OK) {
        uri = other_uri(path,
                        !storep_path_exists(path, "-wal") && !storep_path_exists(path, "-journal"));
        if (!uri) {
            storep_put_msg(err, sizeof err, "%s: out of memory", path);
            st = STORE_IO;
        }
    }
    if (st == STORE_OK) {
        int rc = sqlite3_open_v2(
            uri, &m->other, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_extended_result_codes(m->other, 1);
            sqlite3_busy_timeout(m->other, STORE_BUSY_MS);
            st = storep_check_with_sqlite(m->other, path, true, wal, &m->version, err, sizeof err);
        } else {
            st = storep_open_fail(m->other, rc, path, "cannot open", err, sizeof err);
        }
    }
    free(uri);
    if (st == STORE_OK && m->version < 1) {
        storep_put_msg(err, sizeof err,
                       "%s: an empty SQLite database, not a kiosk's; it was left "
                       "untouched",
                       path);
        st = STORE_FOREIGN;
    }
    if (st != STORE_OK) {
        merge_advice(err);
        storep_set_err(s, "%s", err);
    }
    return st;
}

static StoreStatus merge_prepare(Merge *m)
{
    for (int i = 0; i < MQ_COUNT; i++) {
        int rc = sqlite3_prepare_v2(m->s->db, storep_merge_sql[i], -1, &m->q[i], NULL);
        if (rc != SQLITE_OK) {
            return storep_fail_rc(m->s, rc, "merge: prepare");
        }
    }
    for (int i = 0; i < OQ_COUNT; i++) {
        bool board = m->version >= OTHER_BOARD_VERSION;
        const char *sql = i == OQ_EVENTS ? other_event_sql[m->version]
                          : i == OQ_QUESTIONS
                              ? other_questions_sql[m->version >= OTHER_WORDS_VERSION]
                          : i == OQ_ATTENDEES && board ? other_attendees_board_sql
                          : i == OQ_CHOICES            ? other_choices_sql
                                            : other_sql[i][m->version >= OTHER_CLOCK_VERSION];
        bool feedback = i == OQ_QUESTIONS || i == OQ_RATINGS || i == OQ_REFLECTIONS;
        if ((feedback && m->version < OTHER_FEEDBACK_VERSION) || (i == OQ_CHOICES && !board)) {
            continue;
        }
        int rc = sqlite3_prepare_v2(m->other, sql, -1, &m->oq[i], NULL);
        if (rc != SQLITE_OK) {
            /* A schema that its user_version does not describe. */
            storep_set_err(m->s, "%s: cannot read it as a schema-%d mingel database: %s", m->path,
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
        storep_set_err(s, "merge: no file given");
        return STORE_INVALID;
    }
    if (sodium_init() < 0) {
        storep_set_err(s, "merge: libsodium cannot be initialised");
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
        st = reading ? STORE_OK : storep_fail_rc(s, rc, "merge: read");
    }
    if (st == STORE_OK) {
        st = storep_tx_begin(s);
        writing = st == STORE_OK;
    }
    if (st == STORE_OK) {
        st = storep_merge_events(&m);
    }
    if (st == STORE_OK) {
        st = storep_merge_attendees(&m);
    }
    if (st == STORE_OK) {
        st = storep_merge_checkins(&m);
    }
    if (st == STORE_OK) {
        st = storep_merge_choices(&m);
    }
    if (st == STORE_OK) {
        st = storep_merge_feedback(&m, OQ_RATINGS, MQ_RATING_INSERT, "tiiitic", "rating",
                                   &m.rep.ratings);
    }
    if (st == STORE_OK) {
        st = storep_merge_feedback(&m, OQ_REFLECTIONS, MQ_REFLECTION_INSERT, "ttitic", "reflection",
                                   &m.rep.reflections);
    }
    if (st == STORE_OK) {
        st = storep_merge_form_answers(s, m.other, m.path, &m.rep.form_answers);
    }
    if (st == STORE_OK) {
        st = storep_merge_devices(s, m.other, m.path, &m.rep.devices);
    }
    if (st == STORE_OK) {
        st = storep_merge_doubles(&m);
    }
    for (size_t i = 0; st == STORE_OK && i < m.nevents; i++) {
        if (m.events[i].skipped) {
            storep_merge_note(&m,
                              "event %s: its personal data was purged here, so %zu attendee and "
                              "check-in records of %s were not taken in",
                              m.events[i].key, m.events[i].skipped, m.path);
        }
    }
    if (st == STORE_OK && m.out_of_memory) {
        storep_set_err(s, "merge: out of memory");
        st = STORE_IO;
    }
    if (writing) {
        st = storep_tx_end(s, st);
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
