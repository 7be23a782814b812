/* test_store: the store against real SQLite files in $MINGEL_TEST_TMP.
 *
 * Covers the contract in store.h: create and reopen, events, roster import counts,
 * check-in and walk-in, stats, feedback (ratings, reflections, their stats), the clock
 * each record keeps and the kiosk's clock setting, the upgrade of a schema-1 and a
 * schema-3 database, the size cap (a full disk on demand), and the files the store
 * must refuse while leaving them byte for byte as they were (not SQLite, damaged, another
 * program's, a newer mingel's, read-only, a read-only -wal or -shm). Only store.c may
 * include sqlite3.h, so foreign and newer databases are made here by writing SQLite's
 * documented file format by hand, or by patching the header of a database the store wrote.
 * WAL is checked through the files it leaves. Where a test must look inside the file (the
 * minute a rating keeps, one row per answer, the old schema) it asks the sqlite3 shell, as
 * an organiser's tool would; without the shell those tests are skipped.
 *
 * Read-only as root: root may write any file whatever its mode, so a 0444 file is
 * genuinely writable for a root process and STORE_READONLY would be wrong there. The
 * read-only cases therefore run the store in a child process that has given up root
 * (setuid to nobody) when the test runs as root, and directly otherwise. Either way the
 * real permission check of the kernel is what refuses the write.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/store.h"
#include "support.h"

#define NOBODY_UID     65534 /* conventional uid/gid of "nobody" */
#define SCHEMA_VERSION 12    /* PRAGMA user_version this store writes */

/* ---- Test scaffolding ----------------------------------------------------------- */

/* Overwrites len bytes at offset in an existing file. */
static void patch_file(const char *path, long offset, const void *data, size_t len)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, offset, SEEK_SET), 0);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* An event as a caller that knows nothing of feedback makes it: those fields all 0. */
static EventInfo event_info_plain(const char *key, const char *title)
{
    EventInfo full = test_meeting(key, title), ev;
    memset(&ev, 0, sizeof ev);
    memcpy(ev.key, full.key, sizeof ev.key);
    memcpy(ev.title, full.title, sizeof ev.title);
    memcpy(ev.date, full.date, sizeof ev.date);
    memcpy(ev.language, full.language, sizeof ev.language);
    return ev;
}

static void put_event(Store *s, const char *key, char id[IDS_UUID_LEN + 1])
{
    EventInfo ev = test_meeting(key, "Driftchefsnätverket – höstträff");
    assert_int_equal(store_event_put(s, &ev, 1000, id), STORE_OK);
}

/* One roster row, as the tests write them. */
typedef struct Person {
    const char *key, *name, *organisation, *role, *email, *ticket;
    bool consent;
} Person;

/* Builds a Roster the way roster_parse would; free with free_roster. */
static Roster roster_of(const Person *p, size_t n)
{
    Roster r = {NULL, n, 0, ';'};
    r.entries = calloc(n ? n : 1, sizeof *r.entries);
    assert_non_null(r.entries);
    for (size_t i = 0; i < n; i++) {
        RosterEntry *e = &r.entries[i];
        snprintf(e->key, sizeof e->key, "%s", p[i].key);
        snprintf(e->name, sizeof e->name, "%s", p[i].name);
        snprintf(e->organisation, sizeof e->organisation, "%s",
                 p[i].organisation ? p[i].organisation : "");
        snprintf(e->role, sizeof e->role, "%s", p[i].role ? p[i].role : "");
        snprintf(e->email, sizeof e->email, "%s", p[i].email ? p[i].email : "");
        snprintf(e->ticket, sizeof e->ticket, "%s", p[i].ticket ? p[i].ticket : "");
        e->consent = p[i].consent;
        e->line = (int)i + 2;
    }
    return r;
}

static void free_roster(Roster *r)
{
    free(r->entries);
    r->entries = NULL;
    r->count = 0;
}

#define MAX_COLLECT 16

typedef struct Collected {
    StoreAttendee a[MAX_COLLECT];
    size_t n;
    size_t stop_after; /* 0 = never stop */
} Collected;

static int collect(void *ctx, const StoreAttendee *a)
{
    Collected *c = ctx;
    assert_true(c->n < MAX_COLLECT);
    c->a[c->n++] = *a;
    return c->stop_after != 0 && c->n >= c->stop_after;
}

static Collected all_attendees(Store *s, const char *event_id)
{
    Collected c;
    memset(&c, 0, sizeof c);
    assert_int_equal(store_each_attendee(s, event_id, collect, &c), STORE_OK);
    return c;
}

static const StoreAttendee *by_name(const Collected *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->a[i].name, name) == 0) {
            return &c->a[i];
        }
    }
    fail_msg("no attendee named %s", name);
    static const StoreAttendee none;
    return &none; /* not reached */
}

/* ---- The sqlite3 shell, to look inside a file ------------------------------------ */

/* What the sqlite3 shell prints for sql on the database at path (sqlite3_query), in out. */
static void shell_sql(const char *path, const char *sql, char *out, size_t cap)
{
    char *got = sqlite3_query(path, sql);
    snprintf(out, cap, "%s", got);
    free(got);
}

/* The single number the shell prints for sql. */
static long long shell_int(const char *path, const char *sql)
{
    char out[256];
    shell_sql(path, sql, out, sizeof out);
    char *end = NULL;
    long long v = strtoll(out, &end, 10);
    if (end == out || *end != '\0') {
        fail_msg("sqlite3 %s: expected a number, got '%s'", sql, out);
    }
    return v;
}

/* ---- A hand-written SQLite file (https://sqlite.org/fileformat.html) ------------- */

#define IMG_PAGE 4096

static void put_be16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v >> 8);
    p[1] = (unsigned char)v;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Writes a valid rollback-journal SQLite database with the given application_id and
 * user_version. With a table, sqlite_master holds "CREATE TABLE notes(x)" whose (empty)
 * b-tree is page 2; without one the database is a single empty page. */
static void write_sqlite_image(const char *path, uint32_t app_id, uint32_t user_version,
                               bool with_table)
{
    unsigned npages = with_table ? 2 : 1;
    unsigned char *img = calloc(npages, IMG_PAGE);
    assert_non_null(img);

    memcpy(img, "SQLite format 3", 16); /* includes the NUL */
    put_be16(img + 16, IMG_PAGE);
    img[18] = 1;                            /* file format write version: rollback journal */
    img[19] = 1;                            /* read version */
    img[20] = 0;                            /* reserved bytes per page */
    img[21] = 64;                           /* max embedded payload fraction */
    img[22] = 32;                           /* min embedded payload fraction */
    img[23] = 32;                           /* leaf payload fraction */
    put_be32(img + 24, 1);                  /* file change counter */
    put_be32(img + 28, npages);             /* database size in pages */
    put_be32(img + 40, with_table ? 1 : 0); /* schema cookie */
    put_be32(img + 44, 4);                  /* schema format number */
    put_be32(img + 56, 1);                  /* text encoding: UTF-8 */
    put_be32(img + 60, user_version);       /* user_version */
    put_be32(img + 68, app_id);             /* application_id */
    put_be32(img + 92, 1);                  /* version-valid-for = change counter */
    put_be32(img + 96, 3040001);            /* SQLite version that wrote it */

    /* Page 1's b-tree header follows the file header: a leaf table page. */
    unsigned char *bt = img + 100;
    bt[0] = 0x0D;
    if (!with_table) {
        put_be16(bt + 3, 0);        /* cells */
        put_be16(bt + 5, IMG_PAGE); /* cell content starts at the end */
    } else {
        /* Record: header [size, 'table', 'notes', 'notes', int8, sql] then the values. */
        static const char sql[] = "CREATE TABLE notes(x)";
        unsigned char rec[64];
        size_t n = 0;
        size_t sql_len = sizeof sql - 1;
        rec[n++] = 6;                                 /* header size, this byte included */
        rec[n++] = 2 * 5 + 13;                        /* text(5) "table" */
        rec[n++] = 2 * 5 + 13;                        /* text(5) "notes" */
        rec[n++] = 2 * 5 + 13;                        /* text(5) "notes" */
        rec[n++] = 1;                                 /* 8-bit integer: rootpage */
        rec[n++] = (unsigned char)(2 * sql_len + 13); /* text(21) */
        memcpy(rec + n, "tablenotesnotes", 15);
        n += 15;
        rec[n++] = 2; /* rootpage */
        memcpy(rec + n, sql, sql_len);
        n += sql_len;
        size_t cell_len = 2 + n; /* varint payload size, varint rowid, payload */
        size_t cell = IMG_PAGE - cell_len;
        img[cell] = (unsigned char)n;
        img[cell + 1] = 1; /* rowid */
        memcpy(img + cell + 2, rec, n);
        put_be16(bt + 3, 1);
        put_be16(bt + 5, (unsigned)cell);
        put_be16(bt + 8, (unsigned)cell); /* cell pointer array */
        /* Page 2: the table's empty leaf. */
        unsigned char *p2 = img + IMG_PAGE;
        p2[0] = 0x0D;
        put_be16(p2 + 5, IMG_PAGE);
    }
    write_file(path, img, (size_t)npages * IMG_PAGE);
    free(img);
}

/* Creates a small mingel database at path (event + a few hundred attendees, so it
 * spans several pages) and closes it, leaving a single checkpointed file. */
static void write_mingel_db(const char *path)
{
    TestRandom rnd = {42, false};
    Store *s = open_ok(path, &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "db-fixture", ev);
    enum { N = 300 };
    Roster r = {calloc(N, sizeof(RosterEntry)), N, 0, ';'};
    assert_non_null(r.entries);
    for (size_t i = 0; i < N; i++) {
        snprintf(r.entries[i].key, ROSTER_FIELD_MAX, "t:%zu", i);
        snprintf(r.entries[i].name, ROSTER_FIELD_MAX, "Deltagare nummer %zu Öberg", i);
        snprintf(r.entries[i].ticket, ROSTER_FIELD_MAX, "%zu", i);
    }
    StoreImportResult res;
    assert_int_equal(store_import_roster(s, ev, &r, 2000, &res), STORE_OK);
    free_roster(&r);
    store_close(s);
    assert_false(exists_with(path, "-wal")); /* checkpointed and removed on close */
}

/* ---- Open, reopen, WAL -------------------------------------------------------------- */

static void open_creates_and_reopen_keeps_device_id(void **state)
{
    (void)state;
    char path[4096];
    tmp_db(path, sizeof path, "create.db");
    TestRandom rnd = {1, false};

    Store *s = open_ok(path, &rnd);
    char device[IDS_UUID_LEN + 1];
    snprintf(device, sizeof device, "%s", store_device_id(s));
    assert_int_equal(strlen(device), IDS_UUID_LEN);
    assert_int_equal(device[14], '7'); /* a UUIDv7 */
    store_close(s);

    s = open_ok(path, &rnd);
    assert_string_equal(store_device_id(s), device);
    store_close(s);

    /* The header tells: mingel's application_id, the current schema, WAL (format versions 2). */
    TestBytes b = read_file(path);
    assert_true(b.len >= 100);
    assert_memory_equal(b.data + 68, "MING", 4);
    assert_int_equal(b.data[60] | b.data[61] | b.data[62], 0);
    assert_int_equal(b.data[63], SCHEMA_VERSION);
    assert_int_equal(b.data[18], 2);
    assert_int_equal(b.data[19], 2);
    free(b.data);
    remove_db(path);
}

static void open_empty_file_makes_a_database(void **state)
{
    (void)state;
    char path[4096];
    tmp_db(path, sizeof path, "empty.db");
    write_file(path, "", 0);
    TestRandom rnd = {2, false};
    Store *s = open_ok(path, &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "e", ev);
    store_close(s);
    assert_true(size_with(path, "") > 0);
    remove_db(path);
}

static void wal_file_holds_writes_until_close(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {3, false};
    Store *s = open_tmp_db(path, sizeof path, "wal.db", &rnd);
    char ev[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
    put_event(s, "wal", ev);
    assert_int_equal(store_walk_in(s, ev, "Lotta Lind", "", false, 5000, id), STORE_OK);
    /* Committed transactions sit in the -wal (fsync()ed there) until a checkpoint. */
    assert_true(size_with(path, "-wal") > 0);
    assert_true(exists_with(path, "-shm"));
    store_close(s);
    assert_false(exists_with(path, "-wal"));
    assert_false(exists_with(path, "-shm"));

    s = open_ok(path, &rnd);
    StoreAttendee a;
    assert_int_equal(store_get_attendee(s, id, &a), STORE_OK);
    assert_string_equal(a.name, "Lotta Lind");
    assert_int_equal(a.checked_in_ms, 5000);
    close_tmp_db(s, path);
}

/* A check-in that was acknowledged survives the process being killed right after. */
static void acknowledged_checkin_survives_sigkill(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {4, false};
    Store *s = open_tmp_db(path, sizeof path, "kill.db", &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "kill", ev);
    store_close(s); /* no connection may cross fork() */

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork_ok();
    if (pid == 0) {
        close(fds[0]);
        TestRandom crnd = {5, false};
        Store *cs = NULL;
        char err[512], id[IDS_UUID_LEN + 1] = "";
        if (store_open(path, test_random, &crnd, &cs, err, sizeof err) == STORE_OK &&
            store_walk_in(cs, ev, "Kim Kallio", "Bolaget", false, 7000, id) == STORE_OK) {
            (void)!write(fds[1], id, sizeof id); /* "Välkommen!" */
        }
        raise(SIGKILL); /* no close, no checkpoint */
        _exit(1);
    }
    close(fds[1]);
    char id[IDS_UUID_LEN + 1] = "";
    ssize_t got = read(fds[0], id, sizeof id);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_int_equal(got, (ssize_t)sizeof id);
    assert_true(size_with(path, "-wal") > 0); /* the check-in is only in the -wal */

    s = open_ok(path, &rnd);
    StoreAttendee a;
    assert_int_equal(store_get_attendee(s, id, &a), STORE_OK);
    assert_string_equal(a.name, "Kim Kallio");
    assert_int_equal(a.checked_in_ms, 7000);
    close_tmp_db(s, path);
}

/* Where WAL cannot be put in force the store refuses to run rather than acknowledge
 * check-ins a power cut could undo. SQLite's in-memory database is such a place: its
 * journal_mode stays "memory". */
static void database_without_wal_is_unsafe(void **state)
{
    (void)state;
    TestRandom rnd = {18, false};
    Store *s = NULL;
    char err[512], cwd[4096], dir[4096];
    tmp_path(dir, sizeof dir, ".");
    assert_non_null(getcwd(cwd, sizeof cwd));
    assert_int_equal(chdir(dir), 0); /* the store checks the directory of a new file */
    StoreStatus st = store_open(":memory:", test_random, &rnd, &s, err, sizeof err);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(st, STORE_UNSAFE);
    assert_null(s);
    assert_non_null(strstr(err, "WAL"));
    assert_non_null(strstr(err, "'memory'"));
    assert_int_equal(store_open("", test_random, &rnd, &s, err, sizeof err), STORE_INVALID);
    assert_null(s);
}

/* ---- Events ------------------------------------------------------------------------- */

/* The [badge] setup goes with its event: stored, read back, replaced, dropped with the
 * section, and its logo kept as bytes in the file. */
static void badge_setup_goes_with_the_event(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {16, false};
    Store *s = open_tmp_db(path, sizeof path, "badge.db", &rnd);
    EventInfo ev = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff"), got;
    char id[IDS_UUID_LEN + 1], got_id[IDS_UUID_LEN + 1];
    ev.badge.enabled = true;
    snprintf(ev.badge.printer, sizeof ev.badge.printer, "QL-820NWB");
    snprintf(ev.badge.label, sizeof ev.badge.label, "62x100");
    ev.badge.fields = 5;
    ev.badge.qr = true;
    assert_int_equal(store_event_put(s, &ev, 1000, id), STORE_OK);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_memory_equal(&got.badge, &ev.badge, sizeof ev.badge);

    static const unsigned char png[] = "\x89PNG\r\n\x1a\n and the rest of a logo";
    unsigned char *back = NULL;
    size_t len = 0;
    assert_int_equal(store_badge_logo(s, id, &back, &len), STORE_NOT_FOUND);
    assert_int_equal(store_badge_logo_put(s, id, png, sizeof png), STORE_OK);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_badge_logo(s, id, &back, &len), STORE_OK);
    assert_int_equal(len, sizeof png);
    assert_memory_equal(back, png, sizeof png);
    free(back);
    /* Too large is refused, nothing changed. */
    static unsigned char big[STORE_BADGE_LOGO_MAX + 1];
    assert_int_equal(store_badge_logo_put(s, id, big, sizeof big), STORE_INVALID);

    /* A new import with another printer replaces the setup (and the logo with it, which
     * the import puts again); one without [badge] prints no badges. */
    snprintf(ev.badge.printer, sizeof ev.badge.printer, "ipp://192.0.2.7/ipp/print");
    assert_int_equal(store_event_put(s, &ev, 2000, id), STORE_OK);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got.badge.printer, "ipp://192.0.2.7/ipp/print");
    assert_int_equal(store_badge_logo(s, id, &back, &len), STORE_NOT_FOUND);
    memset(&ev.badge, 0, sizeof ev.badge);
    assert_int_equal(store_event_put(s, &ev, 3000, id), STORE_OK);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_false(got.badge.enabled);
    assert_int_equal(store_badge_logo_put(s, id, png, sizeof png), STORE_NOT_FOUND);

    /* A setup without a printer is not stored. */
    ev.badge.enabled = true;
    snprintf(ev.badge.label, sizeof ev.badge.label, "a6");
    assert_int_equal(store_event_put(s, &ev, 4000, id), STORE_INVALID);
    store_close(s);
}

/* The scale words and the sound setting come back from the store as the event file gave
 * them; words that do not fit the scale are refused. */
static void scale_words_and_sound_go_with_the_event(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {17, false};
    Store *s = open_tmp_db(path, sizeof path, "words.db", &rnd);
    EventInfo ev = test_meeting("frukost-2026-12", "Frukostmöte"), got;
    char id[IDS_UUID_LEN + 1], got_id[IDS_UUID_LEN + 1];
    ev.question_count = 3;
    for (int q = 0; q < 3; q++) {
        snprintf(ev.questions[q].text[LANG_SV], EVENT_TEXT_MAX, "Fråga %d", q + 1);
        snprintf(ev.questions[q].text[LANG_EN], EVENT_TEXT_MAX, "Question %d", q + 1);
    }
    static const char *const sv[] = {"Inte alls", "Lite", "Något", "Mycket", "Väldigt mycket"};
    for (int i = 0; i < 5; i++) {
        snprintf(ev.questions[0].words[LANG_SV][i], EVENT_WORD_MAX, "%s", sv[i]);
        snprintf(ev.questions[0].words[LANG_EN][i], EVENT_WORD_MAX, "W%d", i + 1);
    }
    ev.questions[0].word_count = 5;
    ev.questions[1].scale = EVENT_SCALE_NPS;
    snprintf(ev.questions[1].words[LANG_SV][0], EVENT_WORD_MAX, "Aldrig");
    snprintf(ev.questions[1].words[LANG_SV][1], EVENT_WORD_MAX, "Absolut");
    snprintf(ev.questions[1].words[LANG_EN][0], EVENT_WORD_MAX, "Never");
    snprintf(ev.questions[1].words[LANG_EN][1], EVENT_WORD_MAX, "Certainly");
    ev.questions[1].word_count = 2;
    ev.sound = true;
    assert_int_equal(store_event_put(s, &ev, 1000, id), STORE_OK);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_true(got.sound);
    assert_int_equal(got.question_count, 3);
    for (int q = 0; q < 3; q++) {
        assert_int_equal(got.questions[q].scale, ev.questions[q].scale);
        assert_int_equal(got.questions[q].word_count, ev.questions[q].word_count);
        for (int l = 0; l < LANG_COUNT; l++) {
            for (int i = 0; i < ev.questions[q].word_count; i++) {
                assert_string_equal(got.questions[q].words[l][i], ev.questions[q].words[l][i]);
            }
        }
    }
    assert_string_equal(got.questions[0].words[LANG_SV][4], "Väldigt mycket");
    /* Sound off, and words that do not fit their scale (or hold the store's separator). */
    ev.sound = false;
    assert_int_equal(store_event_put(s, &ev, 2000, id), STORE_OK);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_false(got.sound);
    ev.questions[1].word_count = 5;
    assert_int_equal(store_event_put(s, &ev, 3000, id), STORE_INVALID);
    ev.questions[1].word_count = 2;
    snprintf(ev.questions[1].words[LANG_EN][1], EVENT_WORD_MAX, "Yes|No");
    assert_int_equal(store_event_put(s, &ev, 3000, id), STORE_INVALID);
    snprintf(ev.questions[1].words[LANG_EN][1], EVENT_WORD_MAX, " ");
    assert_int_equal(store_event_put(s, &ev, 3000, id), STORE_INVALID);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got.questions[1].words[LANG_EN][1], "Certainly");
    store_close(s);
}

static void event_put_upserts_by_key_and_sets_current(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {6, false};
    Store *s = open_tmp_db(path, sizeof path, "event.db", &rnd);

    EventInfo got;
    char got_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &got, got_id), STORE_NOT_FOUND);

    EventInfo a = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    char id_a[IDS_UUID_LEN + 1], id_a2[IDS_UUID_LEN + 1], id_b[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &a, 1000, id_a), STORE_OK);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got_id, id_a);
    assert_memory_equal(&got, &a, sizeof a); /* every field, zero padding included */

    /* Same key, new details: same event, updated. */
    snprintf(a.title, sizeof a.title, "Driftchefsnätverket – vinterträff");
    assert_int_equal(store_event_put(s, &a, 2000, id_a2), STORE_OK);
    assert_string_equal(id_a2, id_a);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got.title, "Driftchefsnätverket – vinterträff");

    /* Another key: a new event, now the current one, also after reopening. */
    EventInfo b = test_meeting("frukost-2027-01", "Frukostseminarium");
    assert_int_equal(store_event_put(s, &b, 3000, id_b), STORE_OK);
    assert_string_not_equal(id_b, id_a);
    store_close(s);
    s = open_ok(path, &rnd);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got_id, id_b);
    assert_string_equal(got.title, "Frukostseminarium");

    /* Putting the first again switches back to it. */
    assert_int_equal(store_event_put(s, &a, 4000, id_a2), STORE_OK);
    assert_string_equal(id_a2, id_a);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got_id, id_a);

    /* Rejected: no key; bad UTF-8. */
    EventInfo bad = test_meeting("", "x");
    assert_int_equal(store_event_put(s, &bad, 5000, got_id), STORE_INVALID);
    bad = test_meeting("k", "bad \xC3");
    assert_int_equal(store_event_put(s, &bad, 5000, got_id), STORE_INVALID);
    assert_int_equal(store_event_current(s, &got, got_id), STORE_OK);
    assert_string_equal(got_id, id_a);
    close_tmp_db(s, path);
}

/* ---- Import ------------------------------------------------------------------------- */

static const Person list_a[] = {
    {"t:100", "anna Andersson", "Kommun A", "Driftchef", "anna@example.org", "100", true},
    {"t:101", "Bertil Berg", "Bolag B", "", "", "101", false},
    {"e:cecilia@example.org", "Cecilia Carlsson", "", "", "cecilia@example.org", "", false},
    {"n:david dahl|d", "David Dahl", "D", "", "", "", false},
};

/* Anna changed organisation, Cecilia is gone, Erik is new. */
static const Person list_b[] = {
    {"t:100", "anna Andersson", "Kommun AB", "Driftchef", "anna@example.org", "100", true},
    {"t:101", "Bertil Berg", "Bolag B", "", "", "101", false},
    {"n:david dahl|d", "David Dahl", "D", "", "", "", false},
    {"t:102", "Erik Ek", "Ekonomi E", "", "", "102", false},
};

/* Bertil now consents to the shared list: that is a change too. */
static const Person list_c[] = {
    {"t:101", "Bertil Berg", "Bolag B", "", "", "101", true},
};

typedef struct ImportStep {
    const char *what;
    const Person *list;
    size_t count;
    StoreImportResult want;
} ImportStep;

static void import_counts_added_updated_unchanged_missing(void **state)
{
    (void)state;
    static const ImportStep steps[] = {
        {"first import", list_a, 4, {.added = 4, .updated = 0, .unchanged = 0, .not_in_list = 0}},
        {"same list again",
         list_a,
         4,
         {.added = 0, .updated = 0, .unchanged = 4, .not_in_list = 0}},
        {"updated list", list_b, 4, {.added = 1, .updated = 1, .unchanged = 2, .not_in_list = 1}},
        {"updated list again",
         list_b,
         4,
         {.added = 0, .updated = 0, .unchanged = 4, .not_in_list = 1}},
        {"consent changed",
         list_c,
         1,
         {.added = 0, .updated = 1, .unchanged = 0, .not_in_list = 4}},
    };
    char path[4096];
    TestRandom rnd = {7, false};
    Store *s = open_tmp_db(path, sizeof path, "import.db", &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "import", ev);

    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const ImportStep *t = &steps[i];
        Roster r = roster_of(t->list, t->count);
        StoreImportResult res;
        StoreStatus st = store_import_roster(s, ev, &r, 10000 + (int64_t)i, &res);
        free_roster(&r);
        if (st != STORE_OK || memcmp(&res, &t->want, sizeof res) != 0) {
            fail_msg("%s: got %s added %zu updated %zu unchanged %zu not_in_list %zu, want "
                     "added %zu updated %zu unchanged %zu not_in_list %zu",
                     t->what, store_status_text(st), res.added, res.updated, res.unchanged,
                     res.not_in_list, t->want.added, t->want.updated, t->want.unchanged,
                     t->want.not_in_list);
        }
    }

    /* Nobody is deleted; the details are the newest; order is by name, any case. */
    Collected c = all_attendees(s, ev);
    assert_int_equal(c.n, 5);
    static const char *const order[] = {"anna Andersson", "Bertil Berg", "Cecilia Carlsson",
                                        "David Dahl", "Erik Ek"};
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(c.a[i].name, order[i]);
        assert_false(c.a[i].walk_in);
        assert_int_equal(c.a[i].checked_in_ms, 0);
    }
    assert_string_equal(c.a[0].organisation, "Kommun AB");
    assert_string_equal(c.a[0].role, "Driftchef");
    assert_string_equal(c.a[0].ticket, "100");
    close_tmp_db(s, path);
}

/* ---- Re-import of a list without tickets or addresses --------------------------------- */

/* Every count of an import's result is as wanted (a count left out of want: none). */
static void check_import(const char *row, const StoreImportResult *got, StoreImportResult want)
{
    CHECK_INT(row, got->added, want.added);
    CHECK_INT(row, got->updated, want.updated);
    CHECK_INT(row, got->unchanged, want.unchanged);
    CHECK_INT(row, got->not_in_list, want.not_in_list);
    CHECK_INT(row, got->matched, want.matched);
    CHECK_INT(row, got->ambiguous, want.ambiguous);
}

/* Parses a list as `mingel import` does and imports it; the result is checked by the
 * caller. */
static StoreImportResult import_text(Store *s, const char *ev, const char *text, int64_t now)
{
    Roster r;
    char err[512];
    if (roster_parse("list.csv", text, strlen(text), &r, err, sizeof err) != 0) {
        fail_msg("list refused: %s", err);
    }
    StoreImportResult res;
    StoreStatus st = store_import_roster(s, ev, &r, now, &res);
    roster_free(&r);
    if (st != STORE_OK) {
        fail_msg("import: %s (%s)", store_status_text(st), store_last_error(s));
    }
    return res;
}

static bool has_name(const Collected *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->a[i].name, name) == 0) {
            return true;
        }
    }
    return false;
}

static bool notes_mention(const StoreImportResult *res, const char *what)
{
    for (size_t i = 0; i < res->nnotes; i++) {
        if (strstr(res->notes[i], what)) {
            return true;
        }
    }
    return false;
}

/* A list updated by hand (no ticket, no e-mail): a corrected spelling and a new
 * organisation update the person they were, so check-ins survive and nobody is doubled;
 * a removed person is kept, an added one added; an address shared by two people is no
 * identity; an ambiguous name is added and named, never merged on a guess. */
static void reimport_finds_people_by_name(void **state)
{
    (void)state;
    static const char first[] = "Namn;Organisation;E-post\n"
                                "Anna Öberg;Västerås stad;\n"
                                "Björn Kärrlund;Luleå Energi;\n"
                                "Cecilia Ek;Region Örebro län;\n"
                                "David Dahl;Kommunförbundet;kansli@kf.example\n"
                                "Eva Ek;Kommunförbundet;kansli@kf.example\n"
                                "Fredrik Holm;Sundsvalls kommun;\n"
                                "Fredrik Holm;Sundsvalls energi;\n";
    /* Anna's name corrected (Öberg -> Öhberg); Björn moved to Skellefteå Kraft; Cecilia
     * is gone; Gustav is new; David and Eva still share the office address, and Eva's
     * name is corrected (Ek -> Eek); a third Fredrik Holm, at a new organisation, could
     * be either of the two. */
    static const char second[] = "Namn;Organisation;E-post\n"
                                 "Anna Öhberg;Västerås stad;\n"
                                 "Björn Kärrlund;Skellefteå Kraft;\n"
                                 "David Dahl;Kommunförbundet;kansli@kf.example\n"
                                 "Eva Eek;Kommunförbundet;kansli@kf.example\n"
                                 "Fredrik Holm;Region Västernorrland;\n"
                                 "Gustav Berg;Gävle kommun;\n";
    char path[4096];
    TestRandom rnd = {11, false};
    Store *s = open_tmp_db(path, sizeof path, "reimport.db", &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "reimport", ev);

    StoreImportResult res = import_text(s, ev, first, 1000);
    check_import("first list", &res, (StoreImportResult){.added = 7});
    Collected c = all_attendees(s, ev);
    assert_int_equal(c.n, 7);
    /* Everyone checks in. */
    for (size_t i = 0; i < c.n; i++) {
        int64_t at;
        assert_int_equal(store_checkin(s, ev, c.a[i].id, 2000 + (int64_t)i, &at), STORE_OK);
    }
    char anna_id[IDS_UUID_LEN + 1], bjorn_id[IDS_UUID_LEN + 1], eva_id[IDS_UUID_LEN + 1];
    snprintf(anna_id, sizeof anna_id, "%s", by_name(&c, "Anna Öberg")->id);
    snprintf(bjorn_id, sizeof bjorn_id, "%s", by_name(&c, "Björn Kärrlund")->id);
    snprintf(eva_id, sizeof eva_id, "%s", by_name(&c, "Eva Ek")->id);

    res = import_text(s, ev, second, 3000);
    /* Anna, Björn and Eva found by name; David unchanged; Gustav and the third Fredrik
     * added; Cecilia and the two Fredriks kept. */
    check_import("second list", &res,
                 (StoreImportResult){.matched = 3,
                                     .updated = 3,
                                     .unchanged = 1,
                                     .added = 2,
                                     .ambiguous = 1,
                                     .not_in_list = 3});
    assert_true(notes_mention(&res, "line 2: Anna Öhberg (Västerås stad) is Anna Öberg"));
    assert_true(notes_mention(&res, "a corrected spelling"));
    assert_true(notes_mention(&res, "line 3: Björn Kärrlund (Skellefteå Kraft) is Björn "
                                    "Kärrlund (Luleå Energi)"));
    assert_true(notes_mention(&res, "new organisation"));
    assert_true(notes_mention(&res, "line 5: Eva Eek (Kommunförbundet) is Eva Ek"));
    assert_true(notes_mention(&res, "line 6: Fredrik Holm (Region Västernorrland) may be "
                                    "Fredrik Holm (Sundsvalls kommun) or Fredrik Holm "
                                    "(Sundsvalls energi)"));

    c = all_attendees(s, ev);
    assert_int_equal(c.n, 9);
    const StoreAttendee *anna = by_name(&c, "Anna Öhberg");
    const StoreAttendee *bjorn = by_name(&c, "Björn Kärrlund");
    const StoreAttendee *eva = by_name(&c, "Eva Eek");
    assert_non_null(anna);
    assert_non_null(bjorn);
    assert_non_null(eva);
    assert_false(has_name(&c, "Anna Öberg"));
    assert_false(has_name(&c, "Eva Ek"));
    /* The same people, with their check-ins. */
    assert_string_equal(anna->id, anna_id);
    assert_string_equal(bjorn->id, bjorn_id);
    assert_string_equal(eva->id, eva_id);
    assert_string_equal(bjorn->organisation, "Skellefteå Kraft");
    size_t checked_in = 0;
    for (size_t i = 0; i < c.n; i++) {
        checked_in += c.a[i].checked_in_ms != 0;
    }
    assert_int_equal(checked_in, 7); /* all of the first list; the 2 added are not */
    assert_int_not_equal(by_name(&c, "Cecilia Ek")->checked_in_ms, 0);

    /* The same list again changes nothing and matches nobody by name. */
    res = import_text(s, ev, second, 4000);
    check_import("second list again", &res, (StoreImportResult){.unchanged = 6, .not_in_list = 3});
    assert_int_equal(all_attendees(s, ev).n, 9);
    close_tmp_db(s, path);
}

static void import_rejects_bad_rosters_whole(void **state)
{
    (void)state;
    static const Person dup[] = {
        {"t:1", "Ada", "", "", "", "1", false},
        {"t:2", "Bo", "", "", "", "2", false},
        {"t:1", "Ada again", "", "", "", "1", false},
    };
    static const Person empty_name[] = {
        {"t:1", "Ada", "", "", "", "1", false},
        {"t:2", "", "", "", "", "2", false},
    };
    static const Person bad_utf8[] = {
        {"t:1", "Ada", "", "", "", "1", false},
        {"t:2", "Bo \xE5", "", "", "", "2", false}, /* Latin-1 å */
    };
    static const Person control[] = {
        {"t:1", "Ada\x1b[2J", "", "", "", "1", false},
    };
    static const Person walkin_key[] = {
        {"w:0191e0c0-0000-7000-8000-000000000000", "Ada", "", "", "", "", false},
    };
    static const struct {
        const char *what;
        const Person *list;
        size_t count;
    } cases[] = {
        {"duplicate key", dup, 3},      {"empty name", empty_name, 2},
        {"invalid UTF-8", bad_utf8, 2}, {"control character", control, 1},
        {"walk-in key", walkin_key, 1},
    };
    char path[4096];
    TestRandom rnd = {8, false};
    Store *s = open_tmp_db(path, sizeof path, "import-bad.db", &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "bad", ev);

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Roster r = roster_of(cases[i].list, cases[i].count);
        StoreImportResult res = {.added = 9, .updated = 9, .unchanged = 9, .not_in_list = 9};
        StoreStatus st = store_import_roster(s, ev, &r, 1000, &res);
        free_roster(&r);
        if (st != STORE_INVALID) {
            fail_msg("%s: got %s, want %s", cases[i].what, store_status_text(st),
                     store_status_text(STORE_INVALID));
        }
        check_import(cases[i].what, &res, (StoreImportResult){0});
        assert_int_equal(all_attendees(s, ev).n, 0);
    }

    /* A field that fills its whole array has no NUL: refused, not read past. */
    Roster r = roster_of(list_a, 1);
    memset(r.entries[0].name, 'a', sizeof r.entries[0].name);
    assert_int_equal(store_import_roster(s, ev, &r, 1000, NULL), STORE_INVALID);
    free_roster(&r);

    r = roster_of(list_a, 4);
    assert_int_equal(store_import_roster(s, "no-such-event", &r, 1000, NULL), STORE_NOT_FOUND);
    free_roster(&r);
    close_tmp_db(s, path);
}

/* ---- Check-in, walk-in, tickets, stats ---------------------------------------------- */

/* A store with event "main" holding list_a, and event "other" with one person. */
typedef struct Fixture {
    char path[4096];
    TestRandom rnd;
    Store *s;
    char ev[IDS_UUID_LEN + 1];
    char other[IDS_UUID_LEN + 1];
} Fixture;

static int fixture_setup(void **state)
{
    static int serial;
    Fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    char name[64];
    snprintf(name, sizeof name, "fixture-%d.db", serial++);
    tmp_path(f->path, sizeof f->path, name);
    remove_db(f->path);
    f->rnd.state = 99;
    f->s = open_ok(f->path, &f->rnd);
    put_event(f->s, "other", f->other);
    static const Person other[] = {{"t:900", "Olle Other", "", "", "", "900", false}};
    Roster r = roster_of(other, 1);
    assert_int_equal(store_import_roster(f->s, f->other, &r, 1500, NULL), STORE_OK);
    free_roster(&r);
    put_event(f->s, "main", f->ev);
    r = roster_of(list_a, 4);
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 2000, NULL), STORE_OK);
    free_roster(&r);
    *state = f;
    return 0;
}

static int fixture_teardown(void **state)
{
    Fixture *f = *state;
    store_close(f->s);
    remove_db(f->path);
    free(f);
    return 0;
}

static StoreAttendee ticket(Fixture *f, const char *code)
{
    StoreAttendee a;
    StoreStatus st = store_find_ticket(f->s, f->ev, code, &a);
    if (st != STORE_OK) {
        fail_msg("ticket %s: %s", code, store_status_text(st));
    }
    return a;
}

static StoreStats stats(Fixture *f)
{
    return event_stats(f->s, f->ev);
}

static void checkin_then_already_with_first_time(void **state)
{
    Fixture *f = *state;
    StoreAttendee anna = ticket(f, "100");
    assert_string_equal(anna.name, "anna Andersson");
    assert_int_equal(anna.checked_in_ms, 0);

    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 5000, &at), STORE_OK);
    assert_int_equal(at, 5000);

    long long wal = size_with(f->path, "-wal");
    at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 9000, &at), STORE_ALREADY);
    assert_int_equal(at, 5000);
    assert_int_equal(size_with(f->path, "-wal"), wal); /* nothing written */

    StoreAttendee again;
    assert_int_equal(store_get_attendee(f->s, anna.id, &again), STORE_OK);
    assert_int_equal(again.checked_in_ms, 5000);
    assert_int_equal(ticket(f, "100").checked_in_ms, 5000);
    assert_int_equal(ticket(f, "101").checked_in_ms, 0);

    StoreStats st = stats(f);
    assert_int_equal(st.expected, 4);
    assert_int_equal(st.checked_in, 1);
    assert_int_equal(st.walk_ins, 0);
    assert_int_equal(st.checkin_records, 1); /* the repeat wrote no row */
}

static void checkin_refuses_unknown_or_other_event(void **state)
{
    Fixture *f = *state;
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, "no-such-attendee", 5000, &at), STORE_NOT_FOUND);
    StoreAttendee olle;
    assert_int_equal(store_find_ticket(f->s, f->other, "900", &olle), STORE_OK);
    assert_int_equal(store_checkin(f->s, f->ev, olle.id, 5000, &at), STORE_NOT_FOUND);
    assert_int_equal(store_checkin(f->s, "no-such-event", ticket(f, "100").id, 5000, &at),
                     STORE_NOT_FOUND);
    assert_int_equal(at, -1);
    assert_int_equal(stats(f).checked_in, 0);
    assert_int_equal(store_get_attendee(f->s, "no-such-attendee", &olle), STORE_NOT_FOUND);
}

static void find_ticket_is_exact_and_per_event(void **state)
{
    Fixture *f = *state;
    static const struct {
        const char *code;
        StoreStatus want;
        const char *name;
    } cases[] = {
        {"101", STORE_OK, "Bertil Berg"},
        {"10", STORE_NOT_FOUND, NULL},
        {"1010", STORE_NOT_FOUND, NULL},
        {"", STORE_NOT_FOUND, NULL},    /* Cecilia and David have no ticket */
        {"900", STORE_NOT_FOUND, NULL}, /* the other event's */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        StoreAttendee a;
        StoreStatus st = store_find_ticket(f->s, f->ev, cases[i].code, &a);
        if (st != cases[i].want) {
            fail_msg("ticket '%s': got %s, want %s", cases[i].code, store_status_text(st),
                     store_status_text(cases[i].want));
        }
        if (cases[i].name) {
            assert_string_equal(a.name, cases[i].name);
            assert_string_equal(a.ticket, cases[i].code);
        }
    }
}

static void walk_in_is_listed_checked_in_and_counted(void **state)
{
    Fixture *f = *state;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(f->s, f->ev, "Åsa Öberg", "Västerås stad", false, 6000, id),
                     STORE_OK);
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, ticket(f, "101").id, 6500, &at), STORE_OK);

    Collected c = all_attendees(f->s, f->ev);
    assert_int_equal(c.n, 5);
    const StoreAttendee *asa = by_name(&c, "Åsa Öberg");
    assert_string_equal(asa->id, id);
    assert_string_equal(asa->organisation, "Västerås stad");
    assert_true(asa->walk_in);
    assert_int_equal(asa->checked_in_ms, 6000);
    assert_int_equal(by_name(&c, "Bertil Berg")->checked_in_ms, 6500);
    assert_false(by_name(&c, "Bertil Berg")->walk_in);

    /* The walk-in is already in. */
    assert_int_equal(store_checkin(f->s, f->ev, id, 7000, &at), STORE_ALREADY);
    assert_int_equal(at, 6000);

    StoreStats st = stats(f);
    assert_int_equal(st.expected, 4);
    assert_int_equal(st.checked_in, 2);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checkin_records, 2);

    /* A walk-in is not on the organiser's list: a re-import does not miss them. */
    Roster r = roster_of(list_a, 4);
    StoreImportResult res;
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 8000, &res), STORE_OK);
    free_roster(&r);
    check_import("list again, walk-in kept", &res, (StoreImportResult){.unchanged = 4});

    /* The callback may stop the walk. */
    Collected two;
    memset(&two, 0, sizeof two);
    two.stop_after = 2;
    assert_int_equal(store_each_attendee(f->s, f->ev, collect, &two), STORE_OK);
    assert_int_equal(two.n, 2);
}

static void walk_in_rejects_bad_text(void **state)
{
    Fixture *f = *state;
    char long_name[ROSTER_FIELD_MAX + 1], longest[ROSTER_FIELD_MAX];
    memset(long_name, 'x', ROSTER_FIELD_MAX);
    long_name[ROSTER_FIELD_MAX] = '\0'; /* ROSTER_FIELD_MAX bytes: one too many */
    memset(longest, 'y', ROSTER_FIELD_MAX - 1);
    longest[ROSTER_FIELD_MAX - 1] = '\0';
    static const char *const bad_utf8 = "Bj\xF6rn"; /* Latin-1 ö */
    const struct {
        const char *what, *name, *organisation;
        StoreStatus want;
    } cases[] = {
        {"empty name", "", "Org", STORE_INVALID},
        {"blank name", "   ", "Org", STORE_INVALID},
        {"invalid UTF-8 name", bad_utf8, "", STORE_INVALID},
        {"invalid UTF-8 organisation", "Björn", bad_utf8, STORE_INVALID},
        {"truncated sequence", "Bj\xC3", "", STORE_INVALID},
        {"control character", "Bj\x07rn", "", STORE_INVALID},
        {"name too long", long_name, "", STORE_INVALID},
        {"organisation too long", "Björn", long_name, STORE_INVALID},
        {"longest name", longest, "", STORE_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[IDS_UUID_LEN + 1];
        StoreStatus st = store_walk_in(f->s, f->ev, cases[i].name, cases[i].organisation, false,
                                       6000 + (int64_t)i, id);
        if (st != cases[i].want) {
            fail_msg("%s: got %s, want %s", cases[i].what, store_status_text(st),
                     store_status_text(cases[i].want));
        }
    }
    StoreStats st = stats(f);
    assert_int_equal(st.walk_ins, 1); /* only the longest name */
    assert_int_equal(st.checked_in, 1);
    assert_int_equal(st.checkin_records, 1);
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(f->s, "no-such-event", "Björn", "", false, 7000, id),
                     STORE_NOT_FOUND);
}

static void unknown_event_is_not_found(void **state)
{
    Fixture *f = *state;
    StoreStats st;
    assert_int_equal(store_stats(f->s, "no-such-event", &st), STORE_NOT_FOUND);
    Collected c;
    memset(&c, 0, sizeof c);
    assert_int_equal(store_each_attendee(f->s, "no-such-event", collect, &c), STORE_NOT_FOUND);
    assert_int_equal(c.n, 0);
    /* The other event's numbers are its own. */
    st = event_stats(f->s, f->other);
    assert_int_equal(st.expected, 1);
    assert_int_equal(st.checked_in, 0);
    assert_int_equal(st.checkin_records, 0);
}

/* With the random source failing, every write fails and stores nothing. */
static void failing_random_source_stores_nothing(void **state)
{
    Fixture *f = *state;
    StoreAttendee bertil = ticket(f, "101");
    StoreStats before = stats(f);
    long long wal = size_with(f->path, "-wal");

    f->rnd.fail = true;
    char id[IDS_UUID_LEN + 1];
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, bertil.id, 5000, &at), STORE_IO);
    assert_int_equal(store_walk_in(f->s, f->ev, "Nils Nilsson", "", false, 5000, id), STORE_IO);
    Roster r = roster_of(list_b, 4); /* holds one new person */
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 5000, NULL), STORE_IO);
    EventInfo ev = test_meeting("new-event", "Ny träff");
    assert_int_equal(store_event_put(f->s, &ev, 5000, id), STORE_IO);
    assert_int_equal(store_rating_put(f->s, f->ev, "AAAA", 0, 3, false, 5000), STORE_IO);
    assert_int_equal(store_reflection_put(f->s, f->ev, "AAAA", "Bra", false, 5000), STORE_IO);
    assert_true(strlen(store_last_error(f->s)) > 0);
    f->rnd.fail = false;

    assert_int_equal(size_with(f->path, "-wal"), wal);
    StoreStats after = stats(f);
    assert_memory_equal(&after, &before, sizeof after);
    assert_int_equal(all_attendees(f->s, f->ev).n, 4);
    assert_int_equal(ticket(f, "101").checked_in_ms, 0);
    assert_string_equal(ticket(f, "100").organisation, "Kommun A"); /* list_b not applied */
    EventInfo cur;
    assert_int_equal(store_event_current(f->s, &cur, id), STORE_OK);
    assert_string_equal(id, f->ev);
    StoreFeedbackStats fs = event_feedback(f->s, f->ev);
    assert_int_equal(fs.sessions, 0);

    /* And it works again once the source does. */
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 5000, NULL), STORE_OK);
    free_roster(&r);
    assert_int_equal(store_checkin(f->s, f->ev, bertil.id, 5000, &at), STORE_OK);
}

static void failing_random_source_creates_no_file(void **state)
{
    (void)state;
    char path[4096];
    tmp_db(path, sizeof path, "norandom.db");
    TestRandom rnd = {10, true};
    Store *s = (Store *)&rnd; /* must be set to NULL */
    char err[512];
    assert_int_equal(store_open(path, test_random, &rnd, &s, err, sizeof err), STORE_IO);
    assert_null(s);
    assert_non_null(strstr(err, path));
    assert_false(exists_with(path, ""));
    assert_false(exists_with(path, "-wal"));
    assert_false(exists_with(path, "-shm"));
}

/* Two connections to one file (the kiosk and an organiser command): one check-in. */
static void second_connection_sees_the_checkin(void **state)
{
    Fixture *f = *state;
    TestRandom rnd = {16, false};
    Store *other = open_ok(f->path, &rnd);
    assert_string_equal(store_device_id(other), store_device_id(f->s));
    StoreAttendee anna = ticket(f, "100");
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 5000, &at), STORE_OK);
    assert_int_equal(store_checkin(other, f->ev, anna.id, 6000, &at), STORE_ALREADY);
    assert_int_equal(at, 5000);
    store_close(other);
}

/* A write that runs out of file space fails, and everything stored before stays. The
 * space limit is RLIMIT_FSIZE in a child process: writes past it fail with EFBIG, which
 * SQLite reports as an I/O error (a real ENOSPC is reported as SQLITE_FULL). */
static void write_past_file_limit_fails_and_keeps_data(void **state)
{
    Fixture *f = *state;
    StoreAttendee anna = ticket(f, "100");
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 5000, &at), STORE_OK);
    StoreStats before = stats(f);
    store_close(f->s); /* no connection may cross fork() */
    f->s = NULL;

    enum { N = 3000 };
    Roster big = {calloc(N, sizeof(RosterEntry)), N, 0, ';'};
    assert_non_null(big.entries);
    for (size_t i = 0; i < N; i++) {
        snprintf(big.entries[i].key, ROSTER_FIELD_MAX, "t:big%zu", i);
        snprintf(big.entries[i].name, ROSTER_FIELD_MAX, "Person med ett långt namn %zu", i);
        snprintf(big.entries[i].ticket, ROSTER_FIELD_MAX, "big%zu", i);
    }
    pid_t pid = fork_ok();
    if (pid == 0) {
        TestRandom crnd = {17, false};
        Store *cs = NULL;
        char err[512];
        if (store_open(f->path, test_random, &crnd, &cs, err, sizeof err) != STORE_OK) {
            _exit(100);
        }
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {0, 0};
        getrlimit(RLIMIT_FSIZE, &lim);
        lim.rlim_cur = (rlim_t)size_with(f->path, "-wal") + 8192;
        if (setrlimit(RLIMIT_FSIZE, &lim) != 0) {
            _exit(101);
        }
        StoreStatus st = store_import_roster(cs, f->ev, &big, 9000, NULL);
        _exit((int)st); /* no close: as if the kiosk died right after the error */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    free_roster(&big);
    assert_true(WIFEXITED(status));
    StoreStatus st = (StoreStatus)WEXITSTATUS(status);
    if (st != STORE_FULL && st != STORE_IO) {
        fail_msg("import past the file size limit: got %s (exit %d)", store_status_text(st),
                 WEXITSTATUS(status));
    }

    f->s = open_ok(f->path, &f->rnd); /* opens clean: quick_check passes */
    StoreStats after = stats(f);
    assert_memory_equal(&after, &before, sizeof after);
    assert_int_equal(ticket(f, "100").checked_in_ms, 5000);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(f->s, f->ev, "big0", &a), STORE_NOT_FOUND);
}

/* A size cap (store_set_size_limit) is a full disk on demand: a write that needs the file
 * to grow fails with STORE_FULL, stores nothing, and leaves the store usable; everything
 * stored before stays; lifting the cap lets the same writes through on the same
 * connection, with no reopening. Each kind of write is driven until it no longer fits. */
typedef enum FillKind { FILL_WALKIN, FILL_RATING, FILL_REFLECTION, FILL_COUNT } FillKind;

static StoreStatus fill_one(Fixture *f, FillKind kind, int i)
{
    char text[64], id[IDS_UUID_LEN + 1];
    switch (kind) {
    case FILL_WALKIN:
        snprintf(text, sizeof text, "Gäst nummer %d från Västerås", i);
        return store_walk_in(f->s, f->ev, text, "Kommunen", false, 9000 + i, id);
    case FILL_RATING:
        snprintf(text, sizeof text, "FillToken%05d", i);
        return store_rating_put(f->s, f->ev, text, 0, 1 + i % 5, false, 9000);
    default:
        snprintf(text, sizeof text, "FillToken%05d", i);
        return store_reflection_put(f->s, f->ev, text, "Det viktigaste var samtalen i pausen",
                                    false, 9000);
    }
}

typedef struct Snapshot {
    StoreStats stats;
    StoreFeedbackStats feedback;
} Snapshot;

static Snapshot snapshot(Fixture *f)
{
    Snapshot n;
    memset(&n, 0, sizeof n);
    n.stats = stats(f);
    n.feedback = event_feedback(f->s, f->ev);
    return n;
}

static void size_limit_is_a_full_disk_until_lifted(void **state)
{
    Fixture *f = *state;
    StoreAttendee anna = ticket(f, "100");
    int64_t at = -1;
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 5000, &at), STORE_OK);

    /* A cap below the current size means "no growth from here". */
    assert_int_equal(store_set_size_limit(f->s, 1), STORE_OK);
    int stored[FILL_COUNT] = {0};
    int next = 0;
    for (int kind = 0; kind < FILL_COUNT; kind++) {
        StoreStatus st = STORE_OK;
        while (st == STORE_OK && stored[kind] < 5000) {
            Snapshot before = snapshot(f);
            st = fill_one(f, (FillKind)kind, next);
            if (st == STORE_OK) {
                stored[kind]++;
                next++;
            } else {
                /* The failed write stored nothing. */
                Snapshot after = snapshot(f);
                assert_memory_equal(&after, &before, sizeof after);
            }
        }
        if (st != STORE_FULL) {
            fail_msg("fill kind %d: %d writes fit, then %s (%s), want disk full", kind,
                     stored[kind], store_status_text(st), store_last_error(f->s));
        }
        assert_non_null(strstr(store_last_error(f->s), "full"));
    }
    /* Now nothing of any kind fits, and a whole import (one transaction) fails whole. */
    Snapshot full = snapshot(f);
    for (int kind = 0; kind < FILL_COUNT; kind++) {
        assert_int_equal(fill_one(f, (FillKind)kind, next), STORE_FULL);
    }
    enum { N = 200 };
    Roster big = {calloc(N, sizeof(RosterEntry)), N, 0, ';'};
    assert_non_null(big.entries);
    for (size_t i = 0; i < N; i++) {
        snprintf(big.entries[i].key, ROSTER_FIELD_MAX, "t:cap%zu", i);
        snprintf(big.entries[i].name, ROSTER_FIELD_MAX, "Person %zu Öberg", i);
        snprintf(big.entries[i].ticket, ROSTER_FIELD_MAX, "cap%zu", i);
    }
    assert_int_equal(store_import_roster(f->s, f->ev, &big, 9500, NULL), STORE_FULL);
    Snapshot still = snapshot(f);
    assert_memory_equal(&still, &full, sizeof still);
    assert_int_equal(ticket(f, "100").checked_in_ms, 5000); /* stored before: still there */
    assert_int_equal(full.stats.walk_ins, stored[FILL_WALKIN]);

    /* Space is back: the same writes go through on the same connection. */
    assert_int_equal(store_set_size_limit(f->s, 0), STORE_OK);
    for (int kind = 0; kind < FILL_COUNT; kind++) {
        assert_int_equal(fill_one(f, (FillKind)kind, next), STORE_OK);
    }
    assert_int_equal(store_import_roster(f->s, f->ev, &big, 9500, NULL), STORE_OK);
    free_roster(&big);
    StoreAttendee bertil = ticket(f, "101");
    assert_int_equal(store_checkin(f->s, f->ev, bertil.id, 9600, &at), STORE_OK);

    /* And everything is in the file, which is sound. */
    store_close(f->s);
    f->s = open_ok(f->path, &f->rnd);
    char err[512];
    assert_int_equal(store_check_integrity(f->s, err, sizeof err), STORE_OK);
    Snapshot end = snapshot(f);
    assert_int_equal(end.stats.walk_ins, stored[FILL_WALKIN] + 1);
    assert_int_equal(end.stats.checked_in, stored[FILL_WALKIN] + 1 + 2);
    assert_int_equal(end.feedback.reflections, stored[FILL_REFLECTION] + 1);
    assert_int_equal(ticket(f, "cap199").checked_in_ms, 0);
}

/* A cap above the current size lets the file grow to it and no further (checked on the
 * file itself once checkpointed); the cap is the connection's: another connection, or
 * this file reopened, is not capped. */
static void size_limit_caps_the_file_per_connection(void **state)
{
    Fixture *f = *state;
    enum { PAGE = 4096, ROOM = 16 }; /* SQLite's default page size; pages of room */
    store_close(f->s);               /* checkpointed: the file is the database's size */
    long long size0 = size_with(f->path, "");
    assert_int_equal(size0 % PAGE, 0);
    f->s = open_ok(f->path, &f->rnd);

    assert_int_equal(store_set_size_limit(f->s, size0 + ROOM * PAGE + PAGE / 2), STORE_OK);
    int fit = 0;
    StoreStatus st;
    while ((st = fill_one(f, FILL_WALKIN, fit)) == STORE_OK) {
        fit++;
        assert_true(fit < 5000);
    }
    assert_int_equal(st, STORE_FULL);
    assert_true(fit > 0);

    /* Another connection is not capped, and this one stays capped. */
    TestRandom rnd = {19, false};
    Store *other = open_ok(f->path, &rnd);
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_walk_in(other, f->ev, "Obegränsad Gäst", "", false, 9900, id), STORE_OK);
    store_close(other);
    /* The pages the database has now (the -wal's included); the shell's connection closes
     * without checkpointing, as this store's is still open. */
    long long pages_after_other = shell_int(f->path, "PRAGMA page_count");
    /* This one may still fill the room the other's write left in pages it added (a b-tree
     * split), but no more: it does not grow the file. */
    int more = 0;
    while ((st = fill_one(f, FILL_WALKIN, fit + more)) == STORE_OK) {
        more++;
        assert_true(more < fit / 2);
    }
    assert_int_equal(st, STORE_FULL);
    fit += more;

    /* Reopened: no cap; the file never grew past it while capped. */
    store_close(f->s);
    long long capped = size_with(f->path, "");
    f->s = open_ok(f->path, &f->rnd);
    assert_int_equal(fill_one(f, FILL_WALKIN, fit), STORE_OK);
    assert_int_equal(stats(f).walk_ins, fit + 2);
    /* The other connection's walk-in may have split each b-tree it wrote to (the attendee
     * and checkin tables and their seven indexes) and so added up to nine pages; the capped
     * connection added none. */
    assert_true(capped <= size0 + (ROOM + 9) * PAGE);
    assert_true(capped > size0);
    if (pages_after_other >= 0) {
        assert_int_equal(capped / PAGE, pages_after_other);
    }
}

/* ---- Events with feedback ----------------------------------------------------------- */

static void expect_current(Store *s, const EventInfo *want, const char *want_id, const char *what)
{
    EventInfo got;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &got, id), STORE_OK);
    if (want_id) {
        assert_string_equal(id, want_id);
    }
    if (memcmp(&got, want, sizeof got) != 0) {
        fail_msg("%s: the current event did not come back exactly as put", what);
    }
}

static void event_put_keeps_feedback_settings(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {20, false};
    Store *s = open_tmp_db(path, sizeof path, "event-feedback.db", &rnd);

    /* Every field, questions and padding included. */
    EventInfo a = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    char id[IDS_UUID_LEN + 1], again[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &a, 1000, id), STORE_OK);
    expect_current(s, &a, id, "three questions");

    /* Fewer questions and other settings: the questions are replaced, not merged. */
    EventInfo b = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    memset(&b.questions[1], 0, sizeof b.questions - sizeof b.questions[0]);
    b.question_count = 1;
    b.phases = EVENT_PHASE_CHECKIN;
    memset(b.feedback_url, 0, sizeof b.feedback_url);
    memset(b.reflection_prompt, 0, sizeof b.reflection_prompt);
    b.reflection_max = EVENT_REFLECTION_HARD_MAX;
    b.thanks_seconds = 120;
    b.repeat_seconds = 0;
    assert_int_equal(store_event_put(s, &b, 2000, again), STORE_OK);
    assert_string_equal(again, id);
    expect_current(s, &b, id, "one question");

    /* Five questions whose texts fill their fields (127 x "ö" = 254 bytes). */
    EventInfo c = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            char *t = c.questions[q].text[l];
            memset(t, 0, EVENT_TEXT_MAX);
            for (int k = 0; k < 127; k++) {
                memcpy(t + 2 * k, "\xC3\xB6", 2);
            }
            /* "1a", "1b", "2a" ... then 126 x "ö": each text its own. */
            t[0] = (char)('1' + q);
            t[1] = (char)('a' + l);
        }
        c.questions[q].scale = q % 2 ? EVENT_SCALE_NPS : EVENT_SCALE_SMILEYS;
    }
    c.question_count = EVENT_MAX_QUESTIONS;
    assert_int_equal(store_event_put(s, &c, 3000, again), STORE_OK);
    expect_current(s, &c, id, "five long questions");

    /* A caller that knows nothing of feedback: its zeros come back as zeros. */
    EventInfo d = event_info_plain("plain", "Frukostmöte");
    char plain_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &d, 4000, plain_id), STORE_OK);
    expect_current(s, &d, plain_id, "no feedback fields");
    store_close(s);
    s = open_ok(path, &rnd);
    expect_current(s, &d, plain_id, "after reopening");

    /* Refused, and nothing changes. */
    static const char *const bad[] = {
        "six questions",
        "negative question count",
        "unknown scale",
        "empty question text",
        "blank question text",
        "question text not UTF-8",
        "phases 4",
        "phases -1",
        "reflection_max 281",
        "reflection_max -1",
        "thanks_seconds 121",
        "repeat_seconds 61",
        "repeat_seconds -1",
        "line break in the link",
        "prompt without its NUL",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        EventInfo e = test_meeting("bad", "Möte");
        switch (i) {
        case 0: e.question_count = 6; break;
        case 1: e.question_count = -1; break;
        case 2: e.questions[2].scale = (EventScale)2; break;
        case 3: e.questions[1].text[LANG_EN][0] = '\0'; break;
        case 4: snprintf(e.questions[1].text[LANG_SV], EVENT_TEXT_MAX, "   "); break;
        case 5: snprintf(e.questions[0].text[LANG_SV], EVENT_TEXT_MAX, "Fr\xE5ga"); break;
        case 6: e.phases = 4; break;
        case 7: e.phases = -1; break;
        case 8: e.reflection_max = EVENT_REFLECTION_HARD_MAX + 1; break;
        case 9: e.reflection_max = -1; break;
        case 10: e.thanks_seconds = 121; break;
        case 11: e.repeat_seconds = 61; break;
        case 12: e.repeat_seconds = -1; break;
        case 13: snprintf(e.feedback_url, sizeof e.feedback_url, "https://x.example/\n"); break;
        default: memset(e.reflection_prompt[LANG_EN], 'a', EVENT_TEXT_MAX); break;
        }
        StoreStatus st = store_event_put(s, &e, 5000, again);
        if (st != STORE_INVALID) {
            fail_msg("%s: got %s, want %s", bad[i], store_status_text(st),
                     store_status_text(STORE_INVALID));
        }
    }
    expect_current(s, &d, plain_id, "after the refused puts");
    close_tmp_db(s, path);
}

/* ---- Ratings and reflections ---------------------------------------------------------- */

/* Session tokens as link_token makes them: 22 characters of base64url. */
#define TOKEN_A "AAAAAAAAAAAAAAAAAAAAAA"
#define TOKEN_B "BBBBBBBBBBBBBBBBBBBBBB"
#define TOKEN_C "CCCCCCCCCCCCCCCCCCCCCC"
#define TOKEN_D "DDDDDDDDDDDDDDDDDDDDDD"

/* 2026-11-26 10:17:43.123 UTC, and the start of its minute. */
#define AT_10_17_43_123 INT64_C(1795688263123)
#define AT_10_17        INT64_C(1795688220000)

static StoreFeedbackStats feedback(Store *s, const char *event_id)
{
    return event_feedback(s, event_id);
}

/* Unflagged ratings in all the counts. */
static int64_t rated(const StoreFeedbackStats *st)
{
    int64_t n = 0;
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++) {
        for (int v = 0; v <= 10; v++) {
            n += st->counts[q][v];
        }
    }
    return n;
}

static int rating_of(Fixture *f, const char *token, int question)
{
    int v = -1;
    StoreStatus st = store_rating_get(f->s, f->ev, token, question, &v);
    if (st != STORE_OK) {
        fail_msg("rating of %s, question %d: %s", token, question, store_status_text(st));
    }
    return v;
}

/* The milliseconds of a UUIDv7: its first 48 bits. */
static int64_t uuid7_ms(const char *id)
{
    char hex[13];
    assert_true(strlen(id) == IDS_UUID_LEN && id[8] == '-' && id[14] == '7');
    memcpy(hex, id, 8);
    memcpy(hex + 8, id + 9, 4);
    hex[12] = '\0';
    return (int64_t)strtoll(hex, NULL, 16);
}

/* Ratings are stored by question position: once a question has answers, a re-import may
 * add questions after it but not move, reword or rescale it. */
static void answered_questions_cannot_change(void **state)
{
    Fixture *f = *state;
    char id[IDS_UUID_LEN + 1];
    EventInfo ev = test_meeting("main", "Driftchefsnätverket – höstträff");
    /* Before any answer, anything may change. */
    ev.questions[2].scale = EVENT_SCALE_SMILEYS;
    assert_int_equal(store_event_put(f->s, &ev, 3000, id), STORE_OK);
    ev.questions[2].scale = EVENT_SCALE_NPS;
    assert_int_equal(store_event_put(f->s, &ev, 3000, id), STORE_OK);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 1, 4, false, 100000), STORE_OK);

    static const struct {
        const char *what;
        int question; /* 0-based; -1: drop the last two questions */
        const char *sv;
        int scale; /* -1: unchanged */
    } CHANGES[] = {
        {"reworded", 1, "Vad tyckte du om lunchen?", -1},
        {"moved (questions 1 and 2 swapped)", -2, NULL, -1},
        {"rescaled", 1, NULL, EVENT_SCALE_NPS},
        {"removed", -1, NULL, -1},
    };
    for (size_t i = 0; i < sizeof CHANGES / sizeof CHANGES[0]; i++) {
        EventInfo changed = ev;
        if (CHANGES[i].question == -1) {
            changed.question_count = 1;
        } else if (CHANGES[i].question == -2) {
            changed.questions[0] = ev.questions[1];
            changed.questions[1] = ev.questions[0];
        } else {
            if (CHANGES[i].sv) {
                snprintf(changed.questions[1].text[LANG_SV], EVENT_TEXT_MAX, "%s", CHANGES[i].sv);
            }
            if (CHANGES[i].scale >= 0) {
                changed.questions[1].scale = (EventScale)CHANGES[i].scale;
            }
        }
        if (store_event_put(f->s, &changed, 4000, id) != STORE_INVALID) {
            fail_msg("an answered question %s was accepted", CHANGES[i].what);
        }
        assert_non_null(strstr(store_last_error(f->s), "question 2 already has 1 answer"));
        /* Nothing of the refused file was stored. */
        EventInfo now;
        char cur[IDS_UUID_LEN + 1];
        assert_int_equal(store_event_current(f->s, &now, cur), STORE_OK);
        assert_int_equal(now.question_count, 3);
        assert_string_equal(now.questions[1].text[LANG_SV], ev.questions[1].text[LANG_SV]);
        assert_int_equal(rating_of(f, TOKEN_A, 1), 4);
    }
    /* The same file again, or a question added at the end, is fine. */
    assert_int_equal(store_event_put(f->s, &ev, 5000, id), STORE_OK);
    EventInfo more = ev;
    more.question_count = 4;
    more.questions[3] = ev.questions[0];
    snprintf(more.questions[3].text[LANG_SV], EVENT_TEXT_MAX, "Hur var frukosten?");
    assert_int_equal(store_event_put(f->s, &more, 6000, id), STORE_OK);
    assert_string_equal(id, f->ev);
}

static void rating_put_get_and_replace(void **state)
{
    Fixture *f = *state;
    int v = -1;
    assert_int_equal(store_rating_get(f->s, f->ev, TOKEN_A, 0, &v), STORE_NOT_FOUND);
    StoreFeedbackStats st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 0);
    assert_int_equal(rated(&st), 0);

    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 4, false, 100000), STORE_OK);
    assert_int_equal(rating_of(f, TOKEN_A, 0), 4);
    st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 1);
    assert_int_equal(st.counts[0][4], 1);
    assert_int_equal(rated(&st), 1);

    /* The same question again replaces the answer: still one rating. */
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 2, false, 190000), STORE_OK);
    assert_int_equal(rating_of(f, TOKEN_A, 0), 2);
    st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 1);
    assert_int_equal(st.counts[0][4], 0);
    assert_int_equal(st.counts[0][2], 1);
    assert_int_equal(rated(&st), 1);

    /* The NPS question takes 0 and 10; another session is another rating. */
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 2, 0, false, 200000), STORE_OK);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 2, 10, false, 200000), STORE_OK);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_B, 0, 2, false, 210000), STORE_OK);
    assert_int_equal(rating_of(f, TOKEN_A, 2), 10);
    assert_int_equal(rating_of(f, TOKEN_B, 0), 2);
    assert_int_equal(store_rating_get(f->s, f->ev, TOKEN_B, 1, &v), STORE_NOT_FOUND);
    st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 2);
    assert_int_equal(st.counts[0][2], 2);
    assert_int_equal(st.counts[2][10], 1);
    assert_int_equal(st.counts[2][0], 0);
    assert_int_equal(rated(&st), 3);
    assert_int_equal(st.flagged_sessions + st.flagged_ratings + st.reflections, 0);

    /* The same token in the other event is that event's. */
    assert_int_equal(store_rating_put(f->s, f->other, TOKEN_A, 0, 5, false, 220000), STORE_OK);
    assert_int_equal(rating_of(f, TOKEN_A, 0), 2);
    StoreFeedbackStats other = feedback(f->s, f->other);
    assert_int_equal(other.sessions, 1);
    assert_int_equal(other.counts[0][5], 1);
    st = feedback(f->s, f->ev);
    assert_int_equal(rated(&st), 3);

    /* In the file: one row per session and question, the replaced row kept its id and
     * took the time of the answer that replaced it. */
    {
        need_sqlite3_shell();
        char sql[512], first_id[64], id[64];
        assert_int_equal(shell_int(f->path, "SELECT count(*) FROM rating"), 4);
        snprintf(sql, sizeof sql,
                 "SELECT id FROM rating WHERE token = '%s' AND question = 0 AND event_id = '%s'",
                 TOKEN_A, f->ev);
        shell_sql(f->path, sql, first_id, sizeof first_id);
        assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 3, true, 250000), STORE_OK);
        shell_sql(f->path, sql, id, sizeof id);
        assert_string_equal(id, first_id);
        snprintf(sql, sizeof sql,
                 "SELECT value || ' ' || at_ms || ' ' || flagged || ' ' || (device = '%s')"
                 " FROM rating WHERE token = '%s' AND question = 0 AND event_id = '%s'",
                 store_device_id(f->s), TOKEN_A, f->ev);
        shell_sql(f->path, sql, id, sizeof id);
        assert_string_equal(id, "3 240000 1 1");
        assert_int_equal(shell_int(f->path, "SELECT count(*) FROM rating"), 4);
    }
}

static void rating_put_checks_question_value_and_token(void **state)
{
    Fixture *f = *state;
    EventInfo plain = event_info_plain("no-questions", "Utan frågor");
    char plain_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(f->s, &plain, 3000, plain_id), STORE_OK);
    char token64[65], token65[66];
    memset(token64, 'x', 64);
    token64[64] = '\0';
    memset(token65, 'y', 65);
    token65[65] = '\0';
    enum { MAIN, PLAIN, NONE };
    const struct {
        const char *what;
        int event;
        const char *token; /* NULL: a token of the row's own */
        int question, value;
        StoreStatus want;
    } cases[] = {
        {"smileys 1", MAIN, NULL, 0, 1, STORE_OK},
        {"smileys 5", MAIN, NULL, 1, 5, STORE_OK},
        {"smileys 0", MAIN, NULL, 0, 0, STORE_INVALID},
        {"smileys 6", MAIN, NULL, 1, 6, STORE_INVALID},
        {"smileys -1", MAIN, NULL, 0, -1, STORE_INVALID},
        {"nps 0", MAIN, NULL, 2, 0, STORE_OK},
        {"nps 10", MAIN, NULL, 2, 10, STORE_OK},
        {"nps 11", MAIN, NULL, 2, 11, STORE_INVALID},
        {"nps -1", MAIN, NULL, 2, -1, STORE_INVALID},
        {"question -1", MAIN, NULL, -1, 3, STORE_INVALID},
        {"question 3 of an event with 3", MAIN, NULL, 3, 3, STORE_INVALID},
        {"question 5", MAIN, NULL, 5, 3, STORE_INVALID},
        {"question 1000", MAIN, NULL, 1000, 3, STORE_INVALID},
        {"event without questions", PLAIN, NULL, 0, 3, STORE_INVALID},
        {"unknown event", NONE, NULL, 0, 3, STORE_NOT_FOUND},
        {"token of 64 bytes", MAIN, token64, 0, 3, STORE_OK},
        {"token of 65 bytes", MAIN, token65, 0, 3, STORE_INVALID},
        {"empty token", MAIN, "", 0, 3, STORE_INVALID},
        {"token with a space", MAIN, "AAAA AAAA", 0, 3, STORE_INVALID},
        {"token with å", MAIN, "AAAA\xC3\xA5", 0, 3, STORE_INVALID},
        {"token with a control character", MAIN, "AAAA\x01", 0, 3, STORE_INVALID},
        {"token with DEL", MAIN, "AAAA\x7F", 0, 3, STORE_INVALID},
    };
    const char *events[] = {f->ev, plain_id, "no-such-event"};
    int64_t stored = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char own[32];
        snprintf(own, sizeof own, "token-%zu", i);
        const char *token = cases[i].token ? cases[i].token : own;
        StoreStatus st = store_rating_put(f->s, events[cases[i].event], token, cases[i].question,
                                          cases[i].value, false, 60000 * (int64_t)i);
        if (st != cases[i].want) {
            fail_msg("%s: got %s, want %s", cases[i].what, store_status_text(st),
                     store_status_text(cases[i].want));
        }
        stored += st == STORE_OK;
        StoreFeedbackStats fs = feedback(f->s, f->ev);
        if (rated(&fs) != stored || fs.sessions != stored) {
            fail_msg("%s: %lld ratings in %lld sessions stored, want %lld", cases[i].what,
                     (long long)rated(&fs), (long long)fs.sessions, (long long)stored);
        }
    }
    assert_int_equal(store_rating_put(f->s, f->ev, NULL, 0, 3, false, 0), STORE_INVALID);
    assert_int_equal(feedback(f->s, plain_id).sessions, 0);
    int v;
    assert_int_equal(store_rating_get(f->s, f->ev, "", 0, &v), STORE_INVALID);
    assert_int_equal(store_rating_get(f->s, f->ev, token64, 0, &v), STORE_OK);
    assert_int_equal(v, 3);
    StoreFeedbackStats fs;
    assert_int_equal(store_feedback_stats(f->s, "no-such-event", &fs), STORE_NOT_FOUND);
}

/* A string of n copies of the UTF-8 character ch, in buf. */
static const char *repeat_utf8(char *buf, size_t cap, const char *ch, size_t n)
{
    size_t len = strlen(ch);
    assert_true(n * len < cap);
    for (size_t i = 0; i < n; i++) {
        memcpy(buf + i * len, ch, len);
    }
    buf[n * len] = '\0';
    return buf;
}

static void reflection_put_checks_text_and_replaces(void **state)
{
    Fixture *f = *state;
    /* An event that allows 10 characters, and one that leaves the limit unset (0). */
    EventInfo short_ev = test_meeting("short", "Kort");
    short_ev.reflection_max = 10;
    EventInfo plain = event_info_plain("plain", "Utan inställningar");
    char short_id[IDS_UUID_LEN + 1], plain_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(f->s, &short_ev, 3000, short_id), STORE_OK);
    assert_int_equal(store_event_put(f->s, &plain, 3000, plain_id), STORE_OK);

    static char o140[1024], o141[1024], o281[2048], o10[64], o11[64], o140sp[1040];
    repeat_utf8(o140, sizeof o140, "ö", 140);
    repeat_utf8(o141, sizeof o141, "ö", 141);
    repeat_utf8(o281, sizeof o281, "ö", 281);
    repeat_utf8(o10, sizeof o10, "å", 10);
    repeat_utf8(o11, sizeof o11, "å", 11);
    snprintf(o140sp, sizeof o140sp, "  %s   ", o140);
    enum { MAIN, SHORT, PLAIN, NONE };
    const struct {
        const char *what;
        int event;
        const char *text;
        StoreStatus want;
    } cases[] = {
        {"one line", MAIN, "Att fråga kollegorna först.", STORE_OK},
        {"140 characters", MAIN, o140, STORE_OK},
        {"140 characters between spaces", MAIN, o140sp, STORE_OK},
        {"141 characters", MAIN, o141, STORE_INVALID},
        {"281 characters", MAIN, o281, STORE_INVALID},
        {"10 of 10", SHORT, o10, STORE_OK},
        {"11 of 10", SHORT, o11, STORE_INVALID},
        {"unset limit is 140", PLAIN, o140, STORE_OK},
        {"unset limit refuses 141", PLAIN, o141, STORE_INVALID},
        {"one character", MAIN, "!", STORE_OK},
        {"empty", MAIN, "", STORE_INVALID},
        {"only spaces", MAIN, "    ", STORE_INVALID},
        {"invalid UTF-8", MAIN, "Bra m\xF6te", STORE_INVALID},
        {"truncated sequence", MAIN, "Bra \xC3", STORE_INVALID},
        {"surrogate", MAIN, "Bra \xED\xA0\x80", STORE_INVALID},
        {"bell", MAIN, "Bra\x07", STORE_INVALID},
        {"tab", MAIN, "Bra\tdag", STORE_INVALID},
        {"line break", MAIN, "Bra\ndag", STORE_INVALID},
        {"carriage return", MAIN, "Bra\rdag", STORE_INVALID},
        {"DEL", MAIN, "Bra\x7F", STORE_INVALID},
        {"C1 next line", MAIN,
         "Bra\xC2\x85"
         "dag",
         STORE_INVALID},
        {"line separator", MAIN,
         "Bra\xE2\x80\xA8"
         "dag",
         STORE_INVALID},
        {"unknown event", NONE, "Bra dag", STORE_NOT_FOUND},
    };
    const char *events[] = {f->ev, short_id, plain_id, "no-such-event"};
    int64_t stored[3] = {0, 0, 0};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char token[32];
        snprintf(token, sizeof token, "token-%zu", i);
        StoreStatus st = store_reflection_put(f->s, events[cases[i].event], token, cases[i].text,
                                              false, 60000 * (int64_t)i);
        if (st != cases[i].want) {
            fail_msg("%s: got %s, want %s", cases[i].what, store_status_text(st),
                     store_status_text(cases[i].want));
        }
        if (st == STORE_OK) {
            stored[cases[i].event]++;
        }
    }
    for (int e = MAIN; e <= PLAIN; e++) {
        StoreFeedbackStats fs = feedback(f->s, events[e]);
        assert_int_equal(fs.reflections, stored[e]);
        assert_int_equal(fs.sessions, stored[e]);
        assert_int_equal(rated(&fs), 0);
    }
    assert_int_equal(store_reflection_put(f->s, f->ev, NULL, "Bra", false, 0), STORE_INVALID);
    assert_int_equal(store_reflection_put(f->s, f->ev, "", "Bra", false, 0), STORE_INVALID);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_A, NULL, false, 0), STORE_INVALID);

    /* A second reflection of the session replaces the first; it is stored trimmed. */
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_A, "Första tanken", false, 60000),
                     STORE_OK);
    assert_int_equal(
        store_reflection_put(f->s, f->ev, TOKEN_A, "  Att lyssna på driften.  ", false, 120000),
        STORE_OK);
    StoreFeedbackStats fs = feedback(f->s, f->ev);
    assert_int_equal(fs.reflections, stored[MAIN] + 1);
    assert_int_equal(fs.sessions, stored[MAIN] + 1);
    {
        need_sqlite3_shell();
        char sql[256], out[512];
        snprintf(sql, sizeof sql, "SELECT text FROM reflection WHERE token = '%s'", TOKEN_A);
        shell_sql(f->path, sql, out, sizeof out);
        assert_string_equal(out, "Att lyssna på driften.");
        snprintf(sql, sizeof sql, "SELECT count(*) FROM reflection WHERE token = '%s'", TOKEN_A);
        assert_int_equal(shell_int(f->path, sql), 1);
    }
}

/* A rating or reflection keeps only the minute, in its time and in its id. */
static void feedback_time_is_kept_to_the_minute(void **state)
{
    Fixture *f = *state;
    need_sqlite3_shell();
    const struct {
        const char *token;
        int64_t now, want;
    } cases[] = {
        {TOKEN_A, AT_10_17_43_123, AT_10_17},
        {TOKEN_B, AT_10_17, AT_10_17},
        {TOKEN_C, AT_10_17 + 59999, AT_10_17},
        {TOKEN_D, AT_10_17 + 60000, AT_10_17 + 60000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(store_rating_put(f->s, f->ev, cases[i].token, 1, 3, false, cases[i].now),
                         STORE_OK);
        assert_int_equal(
            store_reflection_put(f->s, f->ev, cases[i].token, "Fika!", false, cases[i].now),
            STORE_OK);
        static const char *const tables[] = {"rating", "reflection"};
        for (size_t t = 0; t < 2; t++) {
            char sql[256], out[128];
            snprintf(sql, sizeof sql, "SELECT at_ms FROM %s WHERE token = '%s'", tables[t],
                     cases[i].token);
            if (shell_int(f->path, sql) != cases[i].want) {
                fail_msg("%s of %s at %lld: stored at_ms %lld, want %lld", tables[t],
                         cases[i].token, (long long)cases[i].now, shell_int(f->path, sql),
                         (long long)cases[i].want);
            }
            snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE token = '%s'", tables[t],
                     cases[i].token);
            shell_sql(f->path, sql, out, sizeof out);
            if (uuid7_ms(out) != cases[i].want) {
                fail_msg("%s of %s: id %s carries %lld ms, want %lld", tables[t], cases[i].token,
                         out, (long long)uuid7_ms(out), (long long)cases[i].want);
            }
        }
    }
    /* Nothing anywhere in the two tables holds a time that is not a whole minute. */
    assert_int_equal(shell_int(f->path, "SELECT count(*) FROM rating WHERE at_ms % 60000 <> 0"), 0);
    assert_int_equal(shell_int(f->path, "SELECT count(*) FROM reflection WHERE at_ms % 60000 <> 0"),
                     0);
}

/* Flagged sessions (repeated presses) are stored and counted apart from the rest. */
static void flagged_feedback_is_counted_apart(void **state)
{
    Fixture *f = *state;
    const struct {
        const char *token;
        int question; /* -1: the reflection */
        int value;
        bool flagged;
    } puts_[] = {
        {TOKEN_A, 0, 5, false},  {TOKEN_A, 1, 4, false},  {TOKEN_A, -1, 0, false},
        {TOKEN_B, 0, 1, true},   {TOKEN_B, 2, 0, true},   {TOKEN_B, -1, 0, true},
        {TOKEN_C, 2, 10, false}, {TOKEN_D, -1, 0, false},
    };
    for (size_t i = 0; i < sizeof puts_ / sizeof puts_[0]; i++) {
        StoreStatus st = puts_[i].question < 0
                             ? store_reflection_put(f->s, f->ev, puts_[i].token, "Nätverket",
                                                    puts_[i].flagged, 100000)
                             : store_rating_put(f->s, f->ev, puts_[i].token, puts_[i].question,
                                                puts_[i].value, puts_[i].flagged, 100000);
        assert_int_equal(st, STORE_OK);
    }
    StoreFeedbackStats st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 4);
    assert_int_equal(st.flagged_sessions, 1);
    assert_int_equal(st.counts[0][5], 1);
    assert_int_equal(st.counts[1][4], 1);
    assert_int_equal(st.counts[2][10], 1);
    assert_int_equal(st.counts[0][1], 0); /* B's, flagged */
    assert_int_equal(st.counts[2][0], 0);
    assert_int_equal(rated(&st), 3);
    assert_int_equal(st.flagged_ratings, 2);
    assert_int_equal(st.reflections, 2); /* A and D */

    /* An answer given again carries the new flag. */
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_C, 2, 9, true, 200000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_A, "Om", true, 200000), STORE_OK);
    st = feedback(f->s, f->ev);
    assert_int_equal(st.sessions, 4);
    assert_int_equal(st.flagged_sessions, 3);
    assert_int_equal(st.counts[2][10], 0);
    assert_int_equal(st.counts[2][9], 0);
    assert_int_equal(rated(&st), 2);
    assert_int_equal(st.flagged_ratings, 3);
    assert_int_equal(st.reflections, 1);
}

/* An acknowledged rating survives the process being killed right after, and a reopen. */
static void acknowledged_feedback_survives_sigkill(void **state)
{
    Fixture *f = *state;
    store_close(f->s); /* no connection may cross fork() */
    f->s = NULL;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork_ok();
    if (pid == 0) {
        close(fds[0]);
        TestRandom crnd = {21, false};
        Store *cs = NULL;
        char err[512];
        if (store_open(f->path, test_random, &crnd, &cs, err, sizeof err) == STORE_OK &&
            store_rating_put(cs, f->ev, TOKEN_A, 2, 9, false, AT_10_17_43_123) == STORE_OK &&
            store_reflection_put(cs, f->ev, TOKEN_A, "Tack!", false, AT_10_17_43_123) == STORE_OK) {
            (void)!write(fds[1], "ok", 2); /* "Tack!" on screen */
        }
        raise(SIGKILL); /* no close, no checkpoint */
        _exit(1);
    }
    close(fds[1]);
    char ack[2] = "";
    ssize_t got = read(fds[0], ack, sizeof ack);
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_int_equal(got, 2);
    assert_true(size_with(f->path, "-wal") > 0); /* only in the -wal */

    for (int round = 0; round < 2; round++) {
        f->s = open_ok(f->path, &f->rnd);
        assert_int_equal(rating_of(f, TOKEN_A, 2), 9);
        StoreFeedbackStats st = feedback(f->s, f->ev);
        assert_int_equal(st.sessions, 1);
        assert_int_equal(st.counts[2][9], 1);
        assert_int_equal(st.reflections, 1);
        if (round == 0) {
            store_close(f->s); /* checkpointed this time */
            f->s = NULL;
        }
    }
}

/* The feedback tables hold nothing that could lead to a person. */
static void feedback_rows_have_no_link_to_attendees(void **state)
{
    Fixture *f = *state;
    need_sqlite3_shell();
    char out[512];
    shell_sql(f->path,
              "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info('rating')"
              " ORDER BY cid)",
              out, sizeof out);
    assert_string_equal(out, "id,event_id,token,question,value,at_ms,device,flagged,clock");
    shell_sql(f->path,
              "SELECT group_concat(name, ',') FROM (SELECT name FROM"
              " pragma_table_info('reflection') ORDER BY cid)",
              out, sizeof out);
    assert_string_equal(out, "id,event_id,token,text,at_ms,device,flagged,clock");
    shell_sql(f->path,
              "SELECT group_concat(\"table\", ',') FROM (SELECT \"table\" FROM"
              " pragma_foreign_key_list('rating') UNION ALL SELECT \"table\" FROM"
              " pragma_foreign_key_list('reflection'))",
              out, sizeof out);
    assert_string_equal(out, "event,event");
}

/* ---- The clock ------------------------------------------------------------------------ */

static void clock_codes_and_trust(void **state)
{
    (void)state;
    static const struct {
        StoreClock clock;
        int stored; /* the value in the file's clock column (-1: NULL) */
        const char *code;
        bool trusted;
    } cases[] = {
        {STORE_CLOCK_UNKNOWN, -1, "unknown", false}, {STORE_CLOCK_UNTRUSTED, 0, "untrusted", false},
        {STORE_CLOCK_SYNCED, 1, "synced", true},     {STORE_CLOCK_CONFIRMED, 2, "confirmed", true},
        {STORE_CLOCK_SET, 3, "set", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal((int)cases[i].clock, cases[i].stored);
        assert_string_equal(store_clock_code(cases[i].clock), cases[i].code);
        if (store_clock_trusted(cases[i].clock) != cases[i].trusted) {
            fail_msg("%s: trusted should be %d", cases[i].code, cases[i].trusted);
        }
    }
    assert_string_equal(store_clock_code((StoreClock)7), "unknown");
    assert_false(store_clock_trusted((StoreClock)7));
}

static const StoreAttendeeRow *attendee_row(const TestRows *w, const char *name)
{
    for (size_t i = 0; i < w->attendees; i++) {
        if (strcmp(w->attendee[i].name, name) == 0) {
            return &w->attendee[i];
        }
    }
    fail_msg("no attendee row named %s", name);
    return NULL;
}

/* The check-in row of the attendee at at_ms (a reversal has its own time). */
static const StoreCheckinRow *checkin_row(const TestRows *w, const char *name, int64_t at_ms)
{
    for (size_t i = 0; i < w->checkins; i++) {
        if (strcmp(w->checkin[i].name, name) == 0 && w->checkin[i].at_ms == at_ms) {
            return &w->checkin[i];
        }
    }
    fail_msg("no check-in row of %s at %lld", name, (long long)at_ms);
    return NULL;
}

static const StoreRatingRow *rating_row(const TestRows *w, const char *token, int question)
{
    for (size_t i = 0; i < w->ratings; i++) {
        if (strcmp(w->rating[i].token, token) == 0 && w->rating[i].question == question) {
            return &w->rating[i];
        }
    }
    fail_msg("no rating of %s, question %d", token, question);
    return NULL;
}

static const StoreReflectionRow *reflection_row(const TestRows *w, const char *token)
{
    for (size_t i = 0; i < w->reflections; i++) {
        if (strcmp(w->reflection[i].token, token) == 0) {
            return &w->reflection[i];
        }
    }
    fail_msg("no reflection of %s", token);
    return NULL;
}

/* Names the record when its clock is not the one wanted. */
static void expect_clock(StoreClock got, StoreClock want, const char *what)
{
    if (got != want) {
        fail_msg("%s: clock %s, want %s", what, store_clock_code(got), store_clock_code(want));
    }
}

/* Each writer stores the state store_set_clock last set: each step below sets a state
 * other than the step before it, so a writer that kept an older state, or wrote a
 * constant, is caught. */
static void every_writer_stores_the_clock_set(void **state)
{
    Fixture *f = *state;
    char kim[IDS_UUID_LEN + 1], lo[IDS_UUID_LEN + 1];
    int64_t at = 0;

    /* A store opens untrusted: the fixture's import wrote that. */
    TestRows *w = rows_of(f->s, f->ev);
    assert_int_equal(w->attendees, 4);
    for (size_t i = 0; i < w->attendees; i++) {
        expect_clock(w->attendee[i].clock, STORE_CLOCK_UNTRUSTED, w->attendee[i].name);
        expect_clock(w->attendee[i].checked_in_clock, STORE_CLOCK_UNKNOWN, "not checked in");
    }
    free(w);

    StoreAttendee anna = ticket(f, "100");
    store_set_clock(f->s, STORE_CLOCK_SYNCED);
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 5000, &at), STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_CONFIRMED);
    assert_int_equal(store_checkin_undo(f->s, f->ev, anna.id, 6000), STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_SET);
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 7000, &at), STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_SYNCED);
    assert_int_equal(store_walk_in(f->s, f->ev, "Kim Kallio", "Bolaget", false, 8000, kim),
                     STORE_OK);
    /* An update takes the import's state; an unchanged attendee is not written. */
    store_set_clock(f->s, STORE_CLOCK_CONFIRMED);
    Roster r = roster_of(list_b, 4);
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 9000, NULL), STORE_OK);
    free_roster(&r);
    store_set_clock(f->s, STORE_CLOCK_SET);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 4, false, 100000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_A, "Bra dag", false, 100000),
                     STORE_OK);
    /* A second answer replaces the first, with the new time and the new state. */
    store_set_clock(f->s, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 2, false, 190000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_A, "Bättre dag", false, 190000),
                     STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_CONFIRMED);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_B, 2, 9, false, 200000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_B, "Lärorikt", false, 200000),
                     STORE_OK);

    for (int round = 0; round < 2; round++) {
        w = rows_of(f->s, f->ev);
        assert_int_equal(w->checkins, 4);
        const StoreCheckinRow *first = checkin_row(w, "anna Andersson", 5000);
        const StoreCheckinRow *undo = checkin_row(w, "anna Andersson", 6000);
        assert_string_equal(undo->reverses, first->id);
        expect_clock(first->clock, STORE_CLOCK_SYNCED, "check-in");
        expect_clock(undo->clock, STORE_CLOCK_CONFIRMED, "its reversal");
        expect_clock(checkin_row(w, "anna Andersson", 7000)->clock, STORE_CLOCK_SET,
                     "the check-in again");
        expect_clock(checkin_row(w, "Kim Kallio", 8000)->clock, STORE_CLOCK_SYNCED,
                     "walk-in's check-in");

        assert_int_equal(w->attendees, 6);
        const StoreAttendeeRow *a = attendee_row(w, "anna Andersson");
        assert_string_equal(a->organisation, "Kommun AB");
        expect_clock(a->clock, STORE_CLOCK_CONFIRMED, "attendee updated by the import");
        assert_int_equal(a->checked_in_ms, 7000);
        expect_clock(a->checked_in_clock, STORE_CLOCK_SET, "attendee's active check-in");
        expect_clock(attendee_row(w, "Erik Ek")->clock, STORE_CLOCK_CONFIRMED,
                     "attendee added by the import");
        expect_clock(attendee_row(w, "Bertil Berg")->clock, STORE_CLOCK_UNTRUSTED,
                     "attendee the import left unchanged");
        expect_clock(attendee_row(w, "Cecilia Carlsson")->clock, STORE_CLOCK_UNTRUSTED,
                     "attendee missing from the new list");
        const StoreAttendeeRow *k = attendee_row(w, "Kim Kallio");
        assert_string_equal(k->id, kim);
        assert_true(k->walk_in);
        expect_clock(k->clock, STORE_CLOCK_SYNCED, "walk-in");
        expect_clock(k->checked_in_clock, STORE_CLOCK_SYNCED, "walk-in's check-in");

        assert_int_equal(w->ratings, 2);
        const StoreRatingRow *ra = rating_row(w, TOKEN_A, 0);
        assert_int_equal(ra->value, 2);
        assert_int_equal(ra->at_ms, 180000);
        expect_clock(ra->clock, STORE_CLOCK_UNTRUSTED, "replaced rating");
        expect_clock(rating_row(w, TOKEN_B, 2)->clock, STORE_CLOCK_CONFIRMED, "rating");
        assert_int_equal(w->reflections, 2);
        const StoreReflectionRow *re = reflection_row(w, TOKEN_A);
        assert_string_equal(re->text, "Bättre dag");
        assert_int_equal(re->at_ms, 180000);
        expect_clock(re->clock, STORE_CLOCK_UNTRUSTED, "replaced reflection");
        expect_clock(reflection_row(w, TOKEN_B)->clock, STORE_CLOCK_CONFIRMED, "reflection");
        free(w);
        /* The same after a reopen, which starts untrusted again for what comes next. */
        store_close(f->s);
        f->s = open_ok(f->path, &f->rnd);
    }
    assert_int_equal(store_walk_in(f->s, f->ev, "Lo Lind", "", false, 300000, lo), STORE_OK);
    /* Every writer once more, each under another state than the first time. */
    store_set_clock(f->s, STORE_CLOCK_SET);
    assert_int_equal(store_checkin_undo(f->s, f->ev, anna.id, 310000), STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_CONFIRMED);
    assert_int_equal(store_checkin(f->s, f->ev, anna.id, 320000, &at), STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_SYNCED);
    r = roster_of(list_a, 4); /* Anna back at Kommun A; Cecilia as she was */
    assert_int_equal(store_import_roster(f->s, f->ev, &r, 330000, NULL), STORE_OK);
    free_roster(&r);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_A, 0, 5, false, 340000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_B, "Lärorikt!", false, 340000),
                     STORE_OK);
    store_set_clock(f->s, STORE_CLOCK_UNTRUSTED);
    assert_int_equal(store_rating_put(f->s, f->ev, TOKEN_C, 1, 3, false, 350000), STORE_OK);
    assert_int_equal(store_reflection_put(f->s, f->ev, TOKEN_C, "Kort", false, 350000), STORE_OK);
    w = rows_of(f->s, f->ev);
    expect_clock(attendee_row(w, "Lo Lind")->clock, STORE_CLOCK_UNTRUSTED, "after a reopen");
    expect_clock(checkin_row(w, "Lo Lind", 300000)->clock, STORE_CLOCK_UNTRUSTED, "after a reopen");
    expect_clock(checkin_row(w, "anna Andersson", 310000)->clock, STORE_CLOCK_SET,
                 "second reversal");
    expect_clock(checkin_row(w, "anna Andersson", 320000)->clock, STORE_CLOCK_CONFIRMED,
                 "third check-in");
    const StoreAttendeeRow *anna_row = attendee_row(w, "anna Andersson");
    assert_string_equal(anna_row->organisation, "Kommun A");
    expect_clock(anna_row->clock, STORE_CLOCK_SYNCED, "attendee updated again");
    expect_clock(anna_row->checked_in_clock, STORE_CLOCK_CONFIRMED, "attendee's third check-in");
    expect_clock(attendee_row(w, "Cecilia Carlsson")->clock, STORE_CLOCK_UNTRUSTED,
                 "attendee unchanged again");
    expect_clock(attendee_row(w, "Erik Ek")->clock, STORE_CLOCK_CONFIRMED,
                 "attendee missing from the list");
    expect_clock(rating_row(w, TOKEN_A, 0)->clock, STORE_CLOCK_SYNCED, "rating replaced again");
    expect_clock(reflection_row(w, TOKEN_B)->clock, STORE_CLOCK_SYNCED, "reflection replaced");
    expect_clock(rating_row(w, TOKEN_C, 1)->clock, STORE_CLOCK_UNTRUSTED, "new rating");
    expect_clock(reflection_row(w, TOKEN_C)->clock, STORE_CLOCK_UNTRUSTED, "new reflection");
    free(w);
    /* In the file: no row of this store's writers lacks its clock. */
    {
        need_sqlite3_shell();
        assert_int_equal(shell_int(f->path, "SELECT (SELECT count(*) FROM checkin WHERE clock IS"
                                            " NULL) + (SELECT count(*) FROM attendee WHERE clock"
                                            " IS NULL) + (SELECT count(*) FROM rating WHERE clock"
                                            " IS NULL) + (SELECT count(*) FROM reflection WHERE"
                                            " clock IS NULL)"),
                         0);
        assert_int_equal(shell_int(f->path, "SELECT count(*) FROM checkin WHERE clock = 3"), 2);
    }
}

static void expect_setting(Store *s, const StoreClockSetting *want, const char *what)
{
    StoreClockSetting got;
    memset(&got, 0x5A, sizeof got);
    StoreStatus st = store_clock_setting_get(s, &got);
    if (st != STORE_OK) {
        fail_msg("%s: %s (%s)", what, store_status_text(st), store_last_error(s));
    }
    if (strcmp(got.boot_id, want->boot_id) != 0 || got.offset_ms != want->offset_ms ||
        got.state != want->state) {
        fail_msg("%s: got %s %lld %s, want %s %lld %s", what, got.boot_id, (long long)got.offset_ms,
                 store_clock_code(got.state), want->boot_id, (long long)want->offset_ms,
                 store_clock_code(want->state));
    }
}

/* The kiosk's clock setting: none at first, then the last one put, across a reopen;
 * refused settings change nothing; a damaged one is reported, not guessed at. */
static void clock_setting_round_trip(void **state)
{
    (void)state;
    char path[4096];
    TestRandom rnd = {23, false};
    Store *s = open_tmp_db(path, sizeof path, "clock-setting.db", &rnd);
    StoreClockSetting got;
    assert_int_equal(store_clock_setting_get(s, &got), STORE_NOT_FOUND);
    assert_int_equal(got.state, STORE_CLOCK_UNTRUSTED);

    static const StoreClockSetting set = {"3f1c2a9e-5b7d-4e21-9c0a-7d2e8b6f4a11",
                                          -3 * INT64_C(86400000) - 1234, STORE_CLOCK_SET};
    static const StoreClockSetting confirmed = {"9d0e7c55-1a2b-4c3d-8e9f-0a1b2c3d4e5f", 0,
                                                STORE_CLOCK_CONFIRMED};
    static const StoreClockSetting far = {"9d0e7c55-1a2b-4c3d-8e9f-0a1b2c3d4e5f", INT64_MAX,
                                          STORE_CLOCK_SET};
    assert_int_equal(store_clock_setting_put(s, &set), STORE_OK);
    expect_setting(s, &set, "set");
    assert_int_equal(store_clock_setting_put(s, &far), STORE_OK);
    expect_setting(s, &far, "the largest offset");
    assert_int_equal(store_clock_setting_put(s, &confirmed), STORE_OK);
    expect_setting(s, &confirmed, "confirmed replaces set");
    store_close(s);
    s = open_ok(path, &rnd);
    expect_setting(s, &confirmed, "after a reopen");

    /* Refused: nothing written. */
    StoreClockSetting bad[6];
    for (size_t i = 0; i < 6; i++) {
        bad[i] = set;
    }
    bad[0].state = STORE_CLOCK_SYNCED; /* the system's, not a setting */
    bad[1].state = STORE_CLOCK_UNKNOWN;
    bad[2].state = (StoreClock)7;
    snprintf(bad[3].boot_id, sizeof bad[3].boot_id, "boot id");
    snprintf(bad[4].boot_id, sizeof bad[4].boot_id, "boot\nid");
    memset(bad[5].boot_id, 'a', sizeof bad[5].boot_id); /* no NUL */
    for (size_t i = 0; i < 6; i++) {
        if (store_clock_setting_put(s, &bad[i]) != STORE_INVALID) {
            fail_msg("bad setting %zu was not refused", i);
        }
        expect_setting(s, &confirmed, "after a refused setting");
    }

    /* Cleared: untrusted, with what the caller gave. */
    static const StoreClockSetting cleared = {"", 0, STORE_CLOCK_UNTRUSTED};
    assert_int_equal(store_clock_setting_put(s, &cleared), STORE_OK);
    expect_setting(s, &cleared, "cleared");
    store_close(s);

    /* Damaged by hand: reported as such. */
    {
        need_sqlite3_shell();
        char out[64];
        shell_sql(path, "UPDATE meta SET value = '2x' WHERE key = 'clock_state'", out, sizeof out);
        s = open_ok(path, &rnd);
        assert_int_equal(store_clock_setting_get(s, &got), STORE_CORRUPT);
        assert_int_equal(got.state, STORE_CLOCK_UNTRUSTED);
        store_close(s);
        shell_sql(path, "DELETE FROM meta WHERE key = 'clock_state'", out, sizeof out);
        s = open_ok(path, &rnd);
        assert_int_equal(store_clock_setting_get(s, &got), STORE_CORRUPT);
        assert_int_equal(store_clock_setting_put(s, &set), STORE_OK);
        expect_setting(s, &set, "put over a damaged one");
        store_close(s);
    }
    remove_db(path);
}

/* What schema step 12 (the board) added, taken away again: with the steps before it taken
 * away too, a new database becomes one as an older schema left it. */
#define UNDO_STEP_12                                                                               \
    "DROP INDEX board_choice_event; DROP TABLE board_choice;"                                      \
    " ALTER TABLE attendee DROP COLUMN first_time; ALTER TABLE event DROP COLUMN topics;"          \
    " ALTER TABLE event DROP COLUMN board; "

/* After an upgrade: the file at `path` is at the current schema, passes the integrity and
 * foreign key checks, and its schema is exactly that of a new database made at `fresh`
 * (which holds `fresh_has`, when given). Returns that schema (a static buffer). */
static const char *expect_upgraded_like_new(const char *path, const char *fresh, TestRandom *rnd,
                                            const char *fresh_has)
{
    char out[256];
    assert_int_equal(shell_int(path, "PRAGMA user_version"), SCHEMA_VERSION);
    shell_sql(path, "PRAGMA integrity_check", out, sizeof out);
    assert_string_equal(out, "ok");
    shell_sql(path, "PRAGMA foreign_key_check", out, sizeof out);
    assert_string_equal(out, "");
    store_close(open_ok(fresh, rnd));
    static const char schema_sql[] =
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name";
    static char migrated_schema[16384], fresh_schema[16384];
    shell_sql(path, schema_sql, migrated_schema, sizeof migrated_schema);
    shell_sql(fresh, schema_sql, fresh_schema, sizeof fresh_schema);
    assert_true(strlen(fresh_schema) > 1000);
    if (fresh_has) {
        assert_non_null(strstr(fresh_schema, fresh_has));
    }
    assert_string_equal(migrated_schema, fresh_schema);
    return fresh_schema;
}

/* ---- Upgrading a schema-10 database --------------------------------------------------- */

/* Schema 11 added the event's walkin_email. A schema-10 file is made from a new one with
 * that column dropped (which SQLite does by editing the table's CREATE text back) and
 * user_version 10, holding a meeting and a walk-in: the upgrade adds the column with
 * 'never' for the old meeting, keeps every record, leaves the schema exactly a new
 * database's, and walk-ins after it keep the address they typed. */
static void schema_10_database_is_upgraded_in_place(void **state)
{
    (void)state;
    need_sqlite3_shell();
    char path[4096], fresh[4096], out[256];
    tmp_db(path, sizeof path, "v10.db");
    tmp_db(fresh, sizeof fresh, "v11-fresh.db");
    TestRandom rnd = {29, false};
    Store *s = open_ok(path, &rnd);
    EventInfo ev = test_meeting("v10-meeting", "Frukostseminarium");
    ev.walkin_email = EVENT_WALKIN_EMAIL_OPTIONAL; /* dropped with the column below */
    char id[IDS_UUID_LEN + 1], walk[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &ev, 1000, id), STORE_OK);
    assert_int_equal(store_walk_in(s, id, "Gammal Gäst", "Förr AB", true, 2000, walk), STORE_OK);
    store_close(s);
    shell_sql(path,
              UNDO_STEP_12 "ALTER TABLE event DROP COLUMN walkin_email; PRAGMA user_version = 10;",
              out, sizeof out);
    assert_int_equal(shell_int(path, "PRAGMA user_version"), 10);
    assert_int_equal(shell_int(path, "SELECT count(*) FROM pragma_table_info('event')"
                                     " WHERE name = 'walkin_email'"),
                     0);

    s = open_ok(path, &rnd);
    char same[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, same), STORE_OK);
    assert_string_equal(same, id);
    assert_int_equal(ev.walkin_email, EVENT_WALKIN_EMAIL_NEVER);
    StoreStats st;
    assert_int_equal(store_stats(s, id, &st), STORE_OK);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checked_in, 1);

    /* The meeting's setting and a walk-in's address, after the upgrade. */
    ev.walkin_email = EVENT_WALKIN_EMAIL_WITH_CONSENT;
    assert_int_equal(store_event_put(s, &ev, 3000, same), STORE_OK);
    assert_int_equal(store_event_current(s, &ev, same), STORE_OK);
    assert_int_equal(ev.walkin_email, EVENT_WALKIN_EMAIL_WITH_CONSENT);
    assert_int_equal(
        store_walk_in_email(s, id, "Ny Gäst", "", "ny.gast@exempel.se", true, 4000, walk),
        STORE_OK);
    TestRows *w = rows_of(s, id);
    assert_string_equal(attendee_row(w, "Ny Gäst")->email, "ny.gast@exempel.se");
    assert_string_equal(attendee_row(w, "Gammal Gäst")->email, "");
    free(w);
    store_close(s);

    const char *fresh_schema =
        expect_upgraded_like_new(path, fresh, &rnd, "walkin_email TEXT NOT NULL DEFAULT 'never'");
    assert_non_null(strstr(fresh_schema, "CHECK (walkin_email IN ('never', 'optional', "
                                         "'with_consent'))"));
    remove_db(path);
    remove_db(fresh);
}

/* A walk-in's e-mail address is stored only with an address's shape, bounded and valid
 * UTF-8; refused ones write nothing. */
static void walk_in_email_is_checked(void **state)
{
    (void)state;
    char path[4096];
    tmp_db(path, sizeof path, "walkin-email.db");
    TestRandom rnd = {31, false};
    Store *s = open_ok(path, &rnd);
    EventInfo ev = test_meeting("email-meeting", "Nätverksträff");
    char id[IDS_UUID_LEN + 1], walk[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &ev, 1000, id), STORE_OK);
    char long_address[ROSTER_FIELD_MAX + 16];
    memset(long_address, 'a', sizeof long_address);
    memcpy(long_address + sizeof long_address - 12, "@exempel.se", 12);
    static const char *const bad[] = {"anna",
                                      "anna@",
                                      "@exempel.se",
                                      "anna@exempel",
                                      "anna@@exempel.se",
                                      "anna lind@exempel.se",
                                      "anna@exempel.s",
                                      "anna@-exempel.se",
                                      "anna@exempel..se",
                                      "anna\xff@exempel.se",
                                      "anna@exempel.se\n"};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        if (store_walk_in_email(s, id, "Anna", "", bad[i], false, 2000, walk) != STORE_INVALID) {
            fail_msg("address %zu (%s) was stored", i, bad[i]);
        }
    }
    assert_int_equal(store_walk_in_email(s, id, "Anna", "", long_address, false, 2000, walk),
                     STORE_INVALID);
    StoreStats st;
    assert_int_equal(store_stats(s, id, &st), STORE_OK);
    assert_int_equal(st.walk_ins, 0);
    assert_int_equal(
        store_walk_in_email(s, id, "Åsa", "", "åsa.öberg@exempel.se", false, 3000, walk), STORE_OK);
    assert_int_equal(store_walk_in_email(s, id, "Bo", "", NULL, false, 3000, walk), STORE_OK);
    assert_int_equal(store_stats(s, id, &st), STORE_OK);
    assert_int_equal(st.walk_ins, 2);
    store_close(s);
    remove_db(path);
}

/* ---- Kiosk names ---------------------------------------------------------------------- */

static void kiosk_name_is_kept_and_the_latest_wins(void **state)
{
    Fixture *f = *state;
    char name[STORE_DEVICE_NAME_MAX];
    int64_t at = -1;
    assert_int_equal(store_device_name(f->s, store_device_id(f->s), name, sizeof name, &at),
                     STORE_NOT_FOUND);
    assert_string_equal(name, "");
    assert_int_equal(store_device_name_set(f->s, "Kiosk A", 1000), STORE_OK);
    assert_int_equal(store_device_name(f->s, store_device_id(f->s), name, sizeof name, &at),
                     STORE_OK);
    assert_string_equal(name, "Kiosk A");
    assert_int_equal(at, 1000);
    /* The same name again writes nothing. */
    long long wal = size_with(f->path, "-wal");
    assert_int_equal(store_device_name_set(f->s, "Kiosk A", 3000), STORE_OK);
    assert_int_equal(size_with(f->path, "-wal"), wal);
    /* A new name with the clock behind the old naming is still the latest. */
    assert_int_equal(store_device_name_set(f->s, "Entré norr", 500), STORE_OK);
    assert_int_equal(store_device_name(f->s, store_device_id(f->s), name, sizeof name, &at),
                     STORE_OK);
    assert_string_equal(name, "Entré norr");
    assert_int_equal(at, 1001);
    /* Names that cannot be shown are refused and change nothing. */
    char longest[STORE_DEVICE_NAME_MAX + 1];
    memset(longest, 'k', STORE_DEVICE_NAME_MAX);
    longest[STORE_DEVICE_NAME_MAX - 1] = '\0';
    assert_true(store_device_name_ok(longest));
    longest[STORE_DEVICE_NAME_MAX - 1] = 'k';
    longest[STORE_DEVICE_NAME_MAX] = '\0';
    static const char *const bad[] = {"", "   ", "Kiosk\nA", "Kiosk\tA", "\xC3(", NULL};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        const char *b = bad[i] ? bad[i] : longest;
        if (store_device_name_set(f->s, b, 9000) != STORE_INVALID) {
            fail_msg("name %zu was not refused", i);
        }
    }
    assert_int_equal(store_device_name(f->s, store_device_id(f->s), name, sizeof name, NULL),
                     STORE_OK);
    assert_string_equal(name, "Entré norr");
}

/* A check-in says where it was made: here, or at the kiosk a merge (or live sharing)
 * brought it from, by that kiosk's name; the names travel with a merge, the latest
 * winning in either direction. */
static void checkin_place_names_the_kiosk(void **state)
{
    (void)state;
    char pa[4096], pb[4096], ea[IDS_UUID_LEN + 1], eb[IDS_UUID_LEN + 1];
    tmp_db(pa, sizeof pa, "place-a.db");
    tmp_db(pb, sizeof pb, "place-b.db");
    TestRandom ra = {31, false}, rb = {32, false};
    Store *a = open_ok(pa, &ra), *b = open_ok(pb, &rb);
    Store *both[2] = {a, b};
    char *ev[2] = {ea, eb};
    for (int i = 0; i < 2; i++) {
        put_event(both[i], "main", ev[i]);
        Roster r = roster_of(list_a, 4);
        assert_int_equal(store_import_roster(both[i], ev[i], &r, 2000, NULL), STORE_OK);
        free_roster(&r);
    }
    assert_int_equal(store_device_name_set(a, "Kiosk A", 1000), STORE_OK);
    assert_int_equal(store_device_name_set(b, "Entré norr", 1000), STORE_OK);
    StoreAttendee anna, bertil;
    assert_int_equal(store_find_ticket(a, ea, "100", &anna), STORE_OK);
    assert_int_equal(store_find_ticket(b, eb, "101", &bertil), STORE_OK);
    int64_t at = 0;
    assert_int_equal(store_checkin(a, ea, anna.id, 5000, &at), STORE_OK);
    assert_int_equal(store_checkin(b, eb, bertil.id, 6000, &at), STORE_OK);

    StoreMergeReport rep;
    assert_int_equal(store_merge(a, pb, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.devices, 1);
    StoreCheckinPlace p;
    assert_int_equal(store_checkin_place(a, anna.id, &p), STORE_OK);
    assert_true(p.here);
    assert_int_equal(p.at_ms, 5000);
    assert_string_equal(p.name, "Kiosk A");
    assert_int_equal(store_find_ticket(a, ea, "101", &bertil), STORE_OK);
    assert_int_equal(store_checkin_place(a, bertil.id, &p), STORE_OK);
    assert_false(p.here);
    assert_int_equal(p.at_ms, 6000);
    assert_string_equal(p.device, store_device_id(b));
    assert_string_equal(p.name, "Entré norr");
    Collected c = all_attendees(a, ea);
    assert_int_equal(store_checkin_place(a, by_name(&c, "David Dahl")->id, &p), STORE_NOT_FOUND);
    /* Merged again: nothing new. Renamed at B, the later name comes over; A's older
     * knowledge of B never goes back to B. */
    assert_int_equal(store_merge(a, pb, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.devices, 0);
    assert_int_equal(store_device_name_set(b, "Entré syd", 7000), STORE_OK);
    assert_int_equal(store_merge(b, pa, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.devices, 1); /* A's own name; its older name of B is passed over */
    char name[STORE_DEVICE_NAME_MAX];
    assert_int_equal(store_device_name(b, store_device_id(b), name, sizeof name, NULL), STORE_OK);
    assert_string_equal(name, "Entré syd");
    assert_int_equal(store_device_name(b, store_device_id(a), name, sizeof name, NULL), STORE_OK);
    assert_string_equal(name, "Kiosk A");
    assert_int_equal(store_merge(a, pb, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(store_checkin_place(a, bertil.id, &p), STORE_OK);
    assert_string_equal(p.name, "Entré syd");
    store_close(a);
    store_close(b);
    remove_db(pa);
    remove_db(pb);
}

/* Schema 9 to 10 adds the kiosk names: a database as schema 9 left it (the device table
 * and the later walkin_email column not there yet) is upgraded in place, its records
 * kept, and can be named. */
static void schema_9_database_gains_kiosk_names(void **state)
{
    (void)state;
    char path[4096], out[256];
    tmp_db(path, sizeof path, "v9.db");
    TestRandom rnd = {33, false};
    Store *s = open_ok(path, &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "main", ev);
    Roster r = roster_of(list_a, 4);
    assert_int_equal(store_import_roster(s, ev, &r, 2000, NULL), STORE_OK);
    free_roster(&r);
    StoreAttendee anna;
    assert_int_equal(store_find_ticket(s, ev, "100", &anna), STORE_OK);
    int64_t at = 0;
    assert_int_equal(store_checkin(s, ev, anna.id, 5000, &at), STORE_OK);
    store_close(s);
    need_sqlite3_shell();
    shell_sql(path,
              UNDO_STEP_12 "ALTER TABLE event DROP COLUMN walkin_email; DROP TABLE device; "
                           "PRAGMA user_version = 9",
              out, sizeof out);
    assert_int_equal(shell_int(path, "PRAGMA user_version"), 9);

    s = open_ok(path, &rnd);
    store_close(s);
    assert_int_equal(shell_int(path, "PRAGMA user_version"), SCHEMA_VERSION);
    assert_int_equal(shell_int(path, "SELECT count(*) FROM device"), 0);
    s = open_ok(path, &rnd);
    StoreCheckinPlace p;
    assert_int_equal(store_checkin_place(s, anna.id, &p), STORE_OK);
    assert_true(p.here);
    assert_string_equal(p.name, "");
    assert_int_equal(store_device_name_set(s, "Kiosk A", 6000), STORE_OK);
    assert_int_equal(store_checkin_place(s, anna.id, &p), STORE_OK);
    assert_string_equal(p.name, "Kiosk A");
    store_close(s);
    remove_db(path);
}

/* ---- Upgrading a schema-1 database ---------------------------------------------------- */

static const char V1_DEVICE[] = "0191e0c0-0000-7000-8000-00000000d001";
static const char V1_EVENT[] = "0191e0c0-0001-7000-8000-0000000e0001";

static void schema_1_database_is_upgraded_in_place(void **state)
{
    (void)state;
    char path[4096], fresh[4096];
    tmp_path(path, sizeof path, "v1.db");
    tmp_db(fresh, sizeof fresh, "v2-fresh.db");
    db_from_sql("store_v1.sql", path);
    assert_int_equal(shell_int(path, "PRAGMA user_version"), 1);

    TestRandom rnd = {22, false};
    Store *s = open_ok(path, &rnd);
    assert_string_equal(store_device_id(s), V1_DEVICE);

    /* The event reads back with the feedback defaults of an event file without them. */
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_string_equal(id, V1_EVENT);
    assert_string_equal(ev.key, "drift-2026-11");
    assert_string_equal(ev.title, "Driftchefsnätverket – höstträff");
    assert_string_equal(ev.next_meeting, "Nästa träff: 4 mars 2027 i Västerås");
    assert_int_equal(ev.phases, EVENT_PHASE_CHECKIN);
    assert_int_equal(ev.question_count, 0);
    assert_int_equal(ev.reflection_max, EVENT_REFLECTION_DEFAULT_MAX);
    assert_int_equal(ev.thanks_seconds, 20);
    assert_int_equal(ev.repeat_seconds, 5);
    assert_string_equal(ev.feedback_url, "");
    assert_string_equal(ev.reflection_prompt[LANG_SV], "");

    /* Attendees and check-ins, the undone one included, are all there. */
    StoreStats st = event_stats(s, id);
    assert_int_equal(st.expected, 2);
    assert_int_equal(st.checked_in, 2);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checkin_records, 4);
    StoreAttendee a;
    assert_int_equal(store_find_ticket(s, id, "100", &a), STORE_OK);
    assert_string_equal(a.name, "Anna Andersson");
    assert_int_equal(a.checked_in_ms, 5000);
    assert_int_equal(store_find_ticket(s, id, "101", &a), STORE_OK);
    assert_int_equal(a.checked_in_ms, 0);
    int64_t at = 0;
    assert_int_equal(store_checkin(s, id, a.id, 7000, &at), STORE_OK);

    /* Feedback works on the upgraded event once it has questions. */
    assert_int_equal(store_rating_put(s, id, TOKEN_A, 0, 4, false, 8000), STORE_INVALID);
    assert_int_equal(store_reflection_put(s, id, TOKEN_A, "Bra dag", false, 8000), STORE_OK);
    EventInfo with_questions = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    char same[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(s, &with_questions, 9000, same), STORE_OK);
    assert_string_equal(same, V1_EVENT);
    assert_int_equal(store_rating_put(s, id, TOKEN_A, 0, 4, false, 10000), STORE_OK);
    store_close(s);

    /* The file is now at the current schema, sound, and its schema is exactly a new
     * database's. */
    expect_upgraded_like_new(path, fresh, &rnd, NULL);

    /* Opening again migrates nothing more and loses nothing. */
    s = open_ok(path, &rnd);
    int v = 0;
    assert_int_equal(store_rating_get(s, id, TOKEN_A, 0, &v), STORE_OK);
    assert_int_equal(v, 4);
    st = event_stats(s, id);
    assert_int_equal(st.checked_in, 3);
    StoreFeedbackStats fs = event_feedback(s, id);
    assert_int_equal(fs.sessions, 1);
    assert_int_equal(fs.reflections, 1);
    close_tmp_db(s, path);
    remove_db(fresh);
}

/* ---- Upgrading a schema-3 database ---------------------------------------------------- */

static const char V3_EVENT[] = "0191e0c0-0001-7000-8000-0000000e0003";
static const char V3_VALTER[] = "0191e0c0-0002-7000-8000-0000000c0002";

/* The last schema before the clock: upgraded in place, every record kept, each old
 * record's clock unknown (NULL in the file), and what is written after the upgrade
 * carries the state set. */
static void schema_3_database_is_upgraded_in_place(void **state)
{
    (void)state;
    char path[4096], fresh[4096];
    tmp_path(path, sizeof path, "v3.db");
    tmp_db(fresh, sizeof fresh, "v4-fresh.db");
    db_from_sql("store_v3.sql", path);
    assert_int_equal(shell_int(path, "PRAGMA user_version"), 3);

    TestRandom rnd = {24, false};
    Store *s = open_ok(path, &rnd);
    assert_string_equal(store_device_id(s), "0191e0c0-0000-7000-8000-00000000d003");
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_current(s, &ev, id), STORE_OK);
    assert_string_equal(id, V3_EVENT);
    assert_string_equal(ev.title, "Chefsforum Mälardalen – oktober");
    assert_int_equal(ev.retention_days, 60);
    assert_int_equal(ev.question_count, 2);
    StoreStats st = event_stats(s, id);
    assert_int_equal(st.expected, 2);
    assert_int_equal(st.walk_ins, 1);
    assert_int_equal(st.checked_in, 2);
    assert_int_equal(st.checkin_records, 4);
    char hash[STORE_PIN_HASH_MAX];
    assert_int_equal(store_pin_get(s, hash), STORE_OK);
    assert_true(strncmp(hash, "$argon2id$v=19$", 15) == 0);
    int failures = 0;
    int64_t last = 0;
    assert_int_equal(store_pin_failures(s, &failures, &last), STORE_OK);
    assert_int_equal(failures, 1);
    assert_int_equal(last, INT64_C(1791440700000));
    StoreClockSetting setting;
    assert_int_equal(store_clock_setting_get(s, &setting), STORE_NOT_FOUND);

    /* Nobody knew the clock of the old records. */
    TestRows *w = rows_of(s, id);
    assert_int_equal(w->checkins, 4);
    assert_int_equal(w->attendees, 3);
    assert_int_equal(w->ratings, 3);
    assert_int_equal(w->reflections, 1);
    for (size_t i = 0; i < w->checkins; i++) {
        expect_clock(w->checkin[i].clock, STORE_CLOCK_UNKNOWN, "old check-in");
    }
    for (size_t i = 0; i < w->attendees; i++) {
        expect_clock(w->attendee[i].clock, STORE_CLOCK_UNKNOWN, "old attendee");
        expect_clock(w->attendee[i].checked_in_clock, STORE_CLOCK_UNKNOWN, "old check-in");
    }
    for (size_t i = 0; i < w->ratings; i++) {
        expect_clock(w->rating[i].clock, STORE_CLOCK_UNKNOWN, "old rating");
    }
    expect_clock(w->reflection[0].clock, STORE_CLOCK_UNKNOWN, "old reflection");
    assert_int_equal(attendee_row(w, "Wilhelmina Wästberg")->checked_in_ms, INT64_C(1791441070000));
    free(w);

    /* New records carry the state set; a replaced old answer takes it too. */
    store_set_clock(s, STORE_CLOCK_CONFIRMED);
    int64_t at = 0;
    assert_int_equal(store_checkin(s, id, V3_VALTER, INT64_C(1791441300000), &at), STORE_OK);
    assert_int_equal(
        store_rating_put(s, id, "tok-v3-session-2", 1, 8, false, INT64_C(1791454560000)), STORE_OK);
    assert_int_equal(
        store_rating_put(s, id, "tok-v3-session-1", 0, 5, false, INT64_C(1791454620000)), STORE_OK);
    store_close(s);

    /* The file is now at the current schema, sound, and its schema is exactly a new
     * database's. */
    expect_upgraded_like_new(path, fresh, &rnd, "clock INTEGER CHECK (clock BETWEEN 0 AND 3)");
    assert_int_equal(shell_int(path, "SELECT count(*) FROM checkin WHERE clock IS NULL"), 4);
    assert_int_equal(shell_int(path, "SELECT count(*) FROM rating WHERE clock IS NULL"), 2);
    assert_int_equal(shell_int(path, "SELECT count(*) FROM rating WHERE clock = 2"), 2);

    s = open_ok(path, &rnd);
    w = rows_of(s, id);
    assert_int_equal(w->checkins, 5);
    const StoreAttendeeRow *valter = attendee_row(w, "Valter Vikström");
    expect_clock(valter->clock, STORE_CLOCK_UNKNOWN, "old attendee, checked in again");
    expect_clock(valter->checked_in_clock, STORE_CLOCK_CONFIRMED, "new check-in");
    expect_clock(checkin_row(w, "Valter Vikström", INT64_C(1791441300000))->clock,
                 STORE_CLOCK_CONFIRMED, "new check-in");
    expect_clock(checkin_row(w, "Valter Vikström", INT64_C(1791441200000))->clock,
                 STORE_CLOCK_UNKNOWN, "old check-in");
    expect_clock(rating_row(w, "tok-v3-session-2", 1)->clock, STORE_CLOCK_CONFIRMED, "new rating");
    expect_clock(rating_row(w, "tok-v3-session-2", 0)->clock, STORE_CLOCK_UNKNOWN, "old rating");
    expect_clock(rating_row(w, "tok-v3-session-1", 0)->clock, STORE_CLOCK_CONFIRMED,
                 "replaced old rating");
    free(w);
    close_tmp_db(s, path);
    remove_db(fresh);
}

/* ---- Files the store must refuse, untouched ----------------------------------------- */

static void make_random_bytes(const char *path)
{
    TestRandom r = {12345, false};
    unsigned char buf[3 * IMG_PAGE];
    test_random(&r, buf, sizeof buf);
    write_file(path, buf, sizeof buf);
}

static void make_sqlite_magic_then_noise(const char *path)
{
    TestRandom r = {777, false};
    unsigned char buf[2 * IMG_PAGE];
    test_random(&r, buf, sizeof buf);
    memcpy(buf, "SQLite format 3", 16);
    write_file(path, buf, sizeof buf);
}

/* Noise over page `page` (1-based) of a real mingel database; on page 1 the 100-byte
 * file header is kept, so the schema table itself is what is damaged. */
static void damage_page(const char *path, long page)
{
    write_mingel_db(path);
    TestRandom r = {4242, false};
    unsigned char buf[IMG_PAGE];
    test_random(&r, buf, sizeof buf);
    long from = (page - 1) * IMG_PAGE + (page == 1 ? 100 : 0);
    patch_file(path, from, buf, (size_t)(page * IMG_PAGE - from));
}

static void make_damaged_schema(const char *path)
{
    damage_page(path, 1);
}

static void make_damaged_table(const char *path)
{
    damage_page(path, 3);
}

static void make_other_app_id(const char *path)
{
    write_sqlite_image(path, 0x12345678, 0, false);
}

static void make_other_app_id_mingel_like(const char *path)
{
    write_sqlite_image(path, 0x4D494E48, 1, true); /* 'MINH' */
}

static void make_foreign_tables(const char *path)
{
    write_sqlite_image(path, 0, 0, true); /* most programs never set application_id */
}

static void make_foreign_version(const char *path)
{
    write_sqlite_image(path, 0, 5, false);
}

static void make_newer_mingel(const char *path)
{
    write_sqlite_image(path, 0x4D494E47, SCHEMA_VERSION + 1, true);
}

static void make_patched_newer_mingel(const char *path)
{
    write_mingel_db(path);
    static const unsigned char newer[4] = {0, 0, 0, SCHEMA_VERSION + 1};
    patch_file(path, 60, newer, sizeof newer);
}

typedef struct Refusal {
    const char *what;
    void (*make)(const char *path);
    StoreStatus want;
    const char *says; /* part of the message */
} Refusal;

static void refuses_foreign_damaged_newer_files_untouched(void **state)
{
    (void)state;
    static const Refusal cases[] = {
        {"random bytes", make_random_bytes, STORE_CORRUPT, "not an SQLite file"},
        {"SQLite magic, then noise", make_sqlite_magic_then_noise, STORE_CORRUPT, "damaged"},
        {"damaged schema page", make_damaged_schema, STORE_CORRUPT, "restore a backup"},
        {"damaged table page", make_damaged_table, STORE_CORRUPT, "restore a backup"},
        {"another application_id", make_other_app_id, STORE_FOREIGN, "0x12345678"},
        {"another application_id, mingel-like", make_other_app_id_mingel_like, STORE_FOREIGN,
         "another program"},
        {"tables, no application_id", make_foreign_tables, STORE_FOREIGN, "another program"},
        {"user_version, no application_id", make_foreign_version, STORE_FOREIGN, "another program"},
        {"newer mingel", make_newer_mingel, STORE_TOO_NEW, "schema 13, this program knows 12"},
        {"mingel database from a newer version", make_patched_newer_mingel, STORE_TOO_NEW,
         "upgrade mingel"},
    };
    char path[4096];
    tmp_path(path, sizeof path, "refuse.db");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const Refusal *c = &cases[i];
        remove_db(path);
        c->make(path);
        TestBytes before = read_file(path);
        TestRandom rnd = {11, false};
        Store *s = NULL;
        char err[512] = "";
        StoreStatus st = store_open(path, test_random, &rnd, &s, err, sizeof err);
        if (st != c->want) {
            fail_msg("%s: got %s (%s), want %s", c->what, store_status_text(st), err,
                     store_status_text(c->want));
        }
        assert_null(s);
        if (!strstr(err, path) || !strstr(err, c->says)) {
            fail_msg("%s: message '%s' should name the file and say '%s'", c->what, err, c->says);
        }
        TestBytes after = read_file(path);
        assert_int_equal(after.len, before.len);
        if (memcmp(after.data, before.data, before.len) != 0) {
            fail_msg("%s: the file was changed", c->what);
        }
        if (exists_with(path, "-wal") || exists_with(path, "-shm") ||
            exists_with(path, "-journal")) {
            fail_msg("%s: companion files were left behind", c->what);
        }
        free(before.data);
        free(after.data);
    }
    remove_db(path);
}

/* The SQLite file written by hand above is a real database: the store's own check is
 * that a mingel-marked empty one of schema 0 opens as new. */
static void handmade_empty_image_opens_as_new(void **state)
{
    (void)state;
    char path[4096];
    tmp_db(path, sizeof path, "handmade.db");
    write_sqlite_image(path, 0, 0, false);
    TestRandom rnd = {13, false};
    Store *s = open_ok(path, &rnd);
    char ev[IDS_UUID_LEN + 1];
    put_event(s, "handmade", ev);
    close_tmp_db(s, path);
}

/* ---- Read-only ---------------------------------------------------------------------- */

/* Runs store_open(path) as a user the kernel's permission checks apply to: as nobody in
 * a child process when running as root, else directly. Returns the status. */
static StoreStatus open_unprivileged(const char *path, char *err, size_t errcap)
{
    if (geteuid() != 0) {
        TestRandom rnd = {14, false};
        Store *s = NULL;
        StoreStatus st = store_open(path, test_random, &rnd, &s, err, errcap);
        store_close(s);
        return st;
    }
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork_ok();
    if (pid == 0) {
        close(fds[0]);
        char msg[512] = "";
        int code;
        if (setgroups(0, NULL) != 0 || setgid(NOBODY_UID) != 0 || setuid(NOBODY_UID) != 0 ||
            geteuid() == 0) {
            snprintf(msg, sizeof msg, "could not drop root: %s", strerror(errno));
            code = 100;
        } else {
            TestRandom rnd = {14, false};
            Store *s = NULL;
            code = (int)store_open(path, test_random, &rnd, &s, msg, sizeof msg);
            store_close(s);
        }
        (void)!write(fds[1], msg, strlen(msg) + 1);
        _exit(code);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], err, errcap - 1);
    err[got > 0 ? (size_t)got : 0] = '\0';
    close(fds[0]);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 100) {
        fail_msg("read-only test cannot run: %s", err);
    }
    return (StoreStatus)WEXITSTATUS(status);
}

static void readonly_file_and_directory_are_refused_untouched(void **state)
{
    (void)state;
    char dir[4096], path[4096], fresh[4096];
    tmp_path_for_all(dir, sizeof dir, "ro"); /* nobody opens files here */
    tmp_path_for_all(path, sizeof path, "ro/kiosk.db");
    tmp_path_for_all(fresh, sizeof fresh, "ro/new.db");
    assert_int_equal(mkdir(dir, 0755), 0);
    assert_int_equal(chmod(dir, 0755), 0); /* whatever the umask */
    write_mingel_db(path);
    assert_int_equal(chmod(path, 0444), 0);
    TestBytes before = read_file(path);

    /* The unprivileged user must be able to reach and read the file, or the refusal
     * would be for the wrong reason. */
    char err[512];
    StoreStatus st = open_unprivileged(path, err, sizeof err);
    assert_int_equal(st, STORE_READONLY);
    assert_non_null(strstr(err, path));
    assert_non_null(
        strstr(err, "writ")); /* "...for writing: Permission denied; make it writable" */
    TestBytes after = read_file(path);
    assert_int_equal(after.len, before.len);
    assert_memory_equal(after.data, before.data, before.len);
    assert_false(exists_with(path, "-wal"));
    assert_false(exists_with(path, "-shm"));

    /* A new database in a directory the user cannot write to. */
    if (geteuid() != 0) {
        assert_int_equal(chmod(dir, 0555), 0);
    }
    st = open_unprivileged(fresh, err, sizeof err);
    assert_int_equal(st, STORE_READONLY);
    assert_non_null(strstr(err, fresh));
    assert_false(exists_with(fresh, ""));

    /* The same file, writable again, opens. */
    assert_int_equal(chmod(dir, 0755), 0);
    assert_int_equal(chmod(path, 0644), 0);
    TestRandom rnd = {15, false};
    store_close(open_ok(path, &rnd));

    free(before.data);
    free(after.data);
    remove_db(path);
    remove_db(fresh);
    assert_int_equal(rmdir(dir), 0);
}

/* Leaves a hot -wal and -shm beside a mingel database at path: a child writes a walk-in
 * and is killed before it can close. */
static void make_hot_wal(const char *path)
{
    write_mingel_db(path);
    pid_t pid = fork_ok();
    if (pid == 0) {
        TestRandom crnd = {20, false};
        Store *cs = NULL;
        char err[512], ev[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
        EventInfo cur;
        if (store_open(path, test_random, &crnd, &cs, err, sizeof err) == STORE_OK &&
            store_event_current(cs, &cur, ev) == STORE_OK &&
            store_walk_in(cs, ev, "Het Logg", "", false, 7000, id) == STORE_OK) {
            raise(SIGKILL);
        }
        _exit(1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    assert_true(size_with(path, "-wal") > 0);
    assert_true(exists_with(path, "-shm"));
}

/* A -wal or -shm of an earlier run that this user cannot write: SQLite would fall back to
 * reading it read-only, the open would succeed and every check-in would then fail. The
 * store refuses at open instead, naming the file, and changes nothing. */
static void readonly_wal_or_shm_is_refused_untouched(void **state)
{
    (void)state;
    static const char *const companions[] = {"-wal", "-shm"};
    char dir[4096], path[4096], comp[4200];
    tmp_path_for_all(dir, sizeof dir, "rowal"); /* nobody opens files here */
    tmp_path_for_all(path, sizeof path, "rowal/kiosk.db");
    for (size_t i = 0; i < sizeof companions / sizeof companions[0]; i++) {
        remove_db(path);
        rmdir(dir);
        assert_int_equal(mkdir(dir, 0777), 0);
        assert_int_equal(chmod(dir, 0777), 0); /* whatever the umask: only the file is locked */
        make_hot_wal(path);
        assert_int_equal(chmod(path, 0666), 0);
        for (size_t j = 0; j < sizeof companions / sizeof companions[0]; j++) {
            snprintf(comp, sizeof comp, "%s%s", path, companions[j]);
            assert_int_equal(chmod(comp, i == j ? 0444 : 0666), 0);
        }
        snprintf(comp, sizeof comp, "%s%s", path, companions[i]);
        TestBytes db_before = read_file(path), comp_before = read_file(comp);

        char err[512];
        StoreStatus st = open_unprivileged(path, err, sizeof err);
        if (st != STORE_READONLY || !strstr(err, comp) || !strstr(err, "writable")) {
            fail_msg("%s not writable: got %s: %s", companions[i], store_status_text(st), err);
        }
        TestBytes db_after = read_file(path), comp_after = read_file(comp);
        assert_int_equal(db_after.len, db_before.len);
        assert_memory_equal(db_after.data, db_before.data, db_before.len);
        assert_int_equal(comp_after.len, comp_before.len);
        assert_memory_equal(comp_after.data, comp_before.data, comp_before.len);
        free(db_before.data);
        free(db_after.data);
        free(comp_before.data);
        free(comp_after.data);

        /* Writable again: it opens, and the killed run's walk-in is there. */
        assert_int_equal(chmod(comp, 0644), 0);
        TestRandom rnd = {21, false};
        Store *s = open_ok(path, &rnd);
        char ev[IDS_UUID_LEN + 1];
        EventInfo cur;
        assert_int_equal(store_event_current(s, &cur, ev), STORE_OK);
        StoreStats st2 = event_stats(s, ev);
        assert_int_equal(st2.walk_ins, 1);
        close_tmp_db(s, path);
        assert_int_equal(rmdir(dir), 0);
    }
}

/* ---- Status texts ------------------------------------------------------------------- */

static void every_status_has_its_own_text(void **state)
{
    (void)state;
    for (int i = STORE_OK; i <= STORE_IO; i++) {
        const char *t = store_status_text((StoreStatus)i);
        assert_non_null(t);
        assert_true(strlen(t) > 1);
        for (int j = STORE_OK; j < i; j++) {
            assert_string_not_equal(t, store_status_text((StoreStatus)j));
        }
    }
    assert_non_null(store_status_text((StoreStatus)(STORE_IO + 1)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(open_creates_and_reopen_keeps_device_id),
        cmocka_unit_test(badge_setup_goes_with_the_event),
        cmocka_unit_test(scale_words_and_sound_go_with_the_event),
        cmocka_unit_test(open_empty_file_makes_a_database),
        cmocka_unit_test(wal_file_holds_writes_until_close),
        cmocka_unit_test(acknowledged_checkin_survives_sigkill),
        cmocka_unit_test(database_without_wal_is_unsafe),
        cmocka_unit_test(event_put_upserts_by_key_and_sets_current),
        cmocka_unit_test(import_counts_added_updated_unchanged_missing),
        cmocka_unit_test(reimport_finds_people_by_name),
        cmocka_unit_test(import_rejects_bad_rosters_whole),
        cmocka_unit_test_setup_teardown(checkin_then_already_with_first_time, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(checkin_refuses_unknown_or_other_event, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(find_ticket_is_exact_and_per_event, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(walk_in_is_listed_checked_in_and_counted, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(walk_in_rejects_bad_text, fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(unknown_event_is_not_found, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(failing_random_source_stores_nothing, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(second_connection_sees_the_checkin, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(write_past_file_limit_fails_and_keeps_data, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(size_limit_is_a_full_disk_until_lifted, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(size_limit_caps_the_file_per_connection, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(event_put_keeps_feedback_settings),
        cmocka_unit_test_setup_teardown(answered_questions_cannot_change, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(rating_put_get_and_replace, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(rating_put_checks_question_value_and_token, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(reflection_put_checks_text_and_replaces, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(feedback_time_is_kept_to_the_minute, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(flagged_feedback_is_counted_apart, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(acknowledged_feedback_survives_sigkill, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(feedback_rows_have_no_link_to_attendees, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(clock_codes_and_trust),
        cmocka_unit_test_setup_teardown(every_writer_stores_the_clock_set, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(clock_setting_round_trip),
        cmocka_unit_test_setup_teardown(kiosk_name_is_kept_and_the_latest_wins, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test(checkin_place_names_the_kiosk),
        cmocka_unit_test(schema_9_database_gains_kiosk_names),
        cmocka_unit_test(schema_1_database_is_upgraded_in_place),
        cmocka_unit_test(schema_3_database_is_upgraded_in_place),
        cmocka_unit_test(schema_10_database_is_upgraded_in_place),
        cmocka_unit_test(walk_in_email_is_checked),
        cmocka_unit_test(failing_random_source_creates_no_file),
        cmocka_unit_test(refuses_foreign_damaged_newer_files_untouched),
        cmocka_unit_test(handmade_empty_image_opens_as_new),
        cmocka_unit_test(readonly_file_and_directory_are_refused_untouched),
        cmocka_unit_test(readonly_wal_or_shm_is_refused_untouched),
        cmocka_unit_test(every_status_has_its_own_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
