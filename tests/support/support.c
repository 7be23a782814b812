/* support: what the tests share (contract in support.h). */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/event.h"
#include "core/roster.h"
#include "core/text.h"

#define SUPPORT_PATH_MAX (4096 + 16)

void check_message(const char *row, const char *message, const char *prefix, const char *mention)
{
    if (strncmp(message, prefix, strlen(prefix)) != 0) {
        fail_msg("case \"%s\": message \"%s\" does not start with \"%s\"", row, message, prefix);
    }
    if (mention && !strstr(message, mention)) {
        fail_msg("case \"%s\": message \"%s\" does not mention \"%s\"", row, message, mention);
    }
}

void check_cut_message(const char *err, size_t cap, const char *full)
{
    size_t n = strnlen(err, cap);
    if (n == cap) {
        fail_msg("capacity %zu: no NUL within the buffer", cap);
    }
    if (!text_valid_utf8(err, n)) {
        fail_msg("capacity %zu: \"%s\" is cut inside a letter", cap, err);
    }
    size_t want = strlen(full) < cap ? strlen(full) : (cap > 4 ? cap - 4 : 0);
    if (strncmp(err, full, n) != 0 || n < want) {
        fail_msg("capacity %zu: \"%s\" is not the longest prefix of \"%s\"", cap, err, full);
    }
}

const char *env_or_fail(const char *name)
{
    const char *v = getenv(name);
    if (!v || !v[0]) {
        fail_msg("%s is not set (run through ctest)", name);
    }
    return v;
}

void tmp_path(char *out, size_t cap, const char *name)
{
    const char *dir = getenv("MINGEL_TEST_TMP");
    assert_non_null(dir); /* CTest sets it; by hand: MINGEL_TEST_TMP=/some/dir */
    assert_true(snprintf(out, cap, "%s/%s", dir, name) < (int)cap);
}

/* rm -rf dir (no ' in it, checked by the callers); the command's status. Safe in an
 * atexit handler: it asserts nothing. */
static int rm_rf(const char *dir)
{
    char cmd[SUPPORT_PATH_MAX + 16];
    if (snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir) >= (int)sizeof cmd) {
        return -1;
    }
    return system(cmd);
}

static char for_all_dir[SUPPORT_PATH_MAX];

static void remove_for_all_dir(void)
{
    if (rm_rf(for_all_dir) != 0) {
        fprintf(stderr, "could not remove %s\n", for_all_dir);
    }
}

void tmp_path_for_all(char *out, size_t cap, const char *name)
{
    if (for_all_dir[0] == '\0') {
        const char *tmp = getenv("TMPDIR");
        if (!tmp || tmp[0] == '\0') {
            tmp = "/tmp";
        }
        assert_true(snprintf(for_all_dir, sizeof for_all_dir, "%s/mingel-test-XXXXXX", tmp) <
                    (int)sizeof for_all_dir);
        assert_null(strchr(for_all_dir, '\''));
        if (!mkdtemp(for_all_dir)) {
            fail_msg("mkdtemp %s: %s", for_all_dir, strerror(errno));
        }
        assert_int_equal(chmod(for_all_dir, 0755), 0);
        atexit(remove_for_all_dir);
    }
    assert_true(snprintf(out, cap, "%s/%s", for_all_dir, name) < (int)cap);
}

void path_in(char *out, size_t cap, const char *env, const char *file)
{
    const char *dir = getenv(env);
    if (!dir) {
        fail_msg("%s is not set; run the test through ctest", env);
    }
    int n = snprintf(out, cap, "%s/%s", dir, file);
    assert_true(n > 0 && (size_t)n < cap);
}

int failing_random(void *ctx, void *buf, size_t n)
{
    (void)ctx;
    (void)buf;
    (void)n;
    return -1;
}

static uint64_t xorshift_next(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

uint32_t xorshift_below(uint64_t *state, uint32_t n)
{
    return (uint32_t)((xorshift_next(state) >> 16) % n);
}

int test_random(void *ctx, void *buf, size_t n)
{
    TestRandom *r = ctx;
    if (r->fail) {
        return -1;
    }
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)(xorshift_next(&r->state) >> 24);
    }
    return 0;
}

static void with_suffix(char *out, const char *path, const char *suffix)
{
    assert_true(snprintf(out, SUPPORT_PATH_MAX, "%s%s", path, suffix) < SUPPORT_PATH_MAX);
}

void tmp_db(char *out, size_t cap, const char *name)
{
    tmp_path(out, cap, name);
    remove_db(out);
}

void remove_db(const char *path)
{
    static const char *const suffix[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
        char p[SUPPORT_PATH_MAX];
        with_suffix(p, path, suffix[i]);
        unlink(p);
    }
}

bool exists_with(const char *path, const char *suffix)
{
    char p[SUPPORT_PATH_MAX];
    with_suffix(p, path, suffix);
    struct stat sb;
    return lstat(p, &sb) == 0;
}

long long size_with(const char *path, const char *suffix)
{
    char p[SUPPORT_PATH_MAX];
    with_suffix(p, path, suffix);
    struct stat sb;
    return stat(p, &sb) == 0 ? (long long)sb.st_size : -1;
}

Store *open_ok(const char *path, TestRandom *rnd)
{
    Store *s = NULL;
    char err[512];
    StoreStatus st = store_open(path, test_random, rnd, &s, err, sizeof err);
    if (st != STORE_OK) {
        fail_msg("store_open(%s): %s: %s", path, store_status_text(st), err);
    }
    assert_non_null(s);
    return s;
}

Store *open_tmp_db(char *path, size_t cap, const char *name, TestRandom *rnd)
{
    tmp_db(path, cap, name);
    return open_ok(path, rnd);
}

void copy_db(const char *src, const char *dst)
{
    assert_false(exists_with(src, "-wal"));
    remove_db(dst);
    TestBytes b = read_file(src);
    write_file(dst, b.data, b.len);
    free(b.data);
}

void close_tmp_db(Store *s, const char *path)
{
    store_close(s);
    remove_db(path);
}

Store *fresh_store(const char *path, RandomFn rnd, void *rnd_ctx)
{
    remove_db(path);
    Store *s = NULL;
    char err[512];
    if (store_open(path, rnd, rnd_ctx, &s, err, sizeof err) != STORE_OK) {
        fail_msg("store_open: %s", err);
    }
    return s;
}

void import_texts(Store *s, const char *ini, const char *csv, int64_t at,
                  char event_id[IDS_UUID_LEN + 1])
{
    EventInfo ev;
    Roster r = {0};
    char err[512];
    if (event_parse("meeting.ini", ini, strlen(ini), &ev, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    if (roster_parse("list.csv", csv, strlen(csv), &r, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    StoreImportResult res;
    assert_int_equal(store_event_put(s, &ev, at, event_id), STORE_OK);
    assert_int_equal(store_import_roster(s, event_id, &r, at, &res), STORE_OK);
    roster_free(&r);
}

void event_db_open(TestEventDb *db, const char *name, const char *ini, const char *csv, int64_t at)
{
    tmp_db(db->path, sizeof db->path, name);
    db->s = fresh_store(db->path, ids_os_random, NULL);
    import_texts(db->s, ini, csv, at, db->ev);
}

StoreAttendee event_db_ticket(const TestEventDb *db, const char *ticket)
{
    StoreAttendee a;
    assert_int_equal(store_find_ticket(db->s, db->ev, ticket, &a), STORE_OK);
    return a;
}

EventInfo test_meeting(const char *key, const char *title)
{
    EventInfo ev;
    memset(&ev, 0, sizeof ev);
    snprintf(ev.key, sizeof ev.key, "%s", key);
    snprintf(ev.title, sizeof ev.title, "%s", title);
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    snprintf(ev.start_time, sizeof ev.start_time, "09:00");
    snprintf(ev.venue, sizeof ev.venue, "Kommunhuset, sal B");
    snprintf(ev.theme, sizeof ev.theme, "Kompetensförsörjning");
    snprintf(ev.organiser, sizeof ev.organiser, "Kommunförbundet");
    snprintf(ev.language, sizeof ev.language, "sv");
    snprintf(ev.next_meeting, sizeof ev.next_meeting, "Nästa träff: 4 mars 2027 i Västerås");
    ev.phases = EVENT_PHASE_BOTH;
    static const struct {
        const char *sv, *en;
        EventScale scale;
    } questions[] = {
        {"Hur nöjd är du med dagen?", "How satisfied are you with the day?", EVENT_SCALE_SMILEYS},
        {"Fick du med dig något?", "Did you get something to use?", EVENT_SCALE_SMILEYS},
        {"Skulle du rekommendera träffen?", "Would you recommend the meeting?", EVENT_SCALE_NPS},
    };
    for (int i = 0; i < 3; i++) {
        snprintf(ev.questions[i].text[LANG_SV], sizeof ev.questions[i].text[LANG_SV], "%s",
                 questions[i].sv);
        snprintf(ev.questions[i].text[LANG_EN], sizeof ev.questions[i].text[LANG_EN], "%s",
                 questions[i].en);
        ev.questions[i].scale = questions[i].scale;
    }
    ev.question_count = 3;
    snprintf(ev.reflection_prompt[LANG_SV], sizeof ev.reflection_prompt[LANG_SV],
             "Det viktigaste jag tar med mig från dagen är …");
    snprintf(ev.reflection_prompt[LANG_EN], sizeof ev.reflection_prompt[LANG_EN],
             "The most important thing I take with me from today is …");
    ev.reflection_max = EVENT_REFLECTION_DEFAULT_MAX;
    snprintf(ev.feedback_url, sizeof ev.feedback_url,
             "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    ev.thanks_seconds = 20;
    ev.repeat_seconds = 5;
    return ev;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

void import_attendees(Store *s, const char *event_id, const TestAttendee *people, size_t n,
                      int64_t at)
{
    Roster r = {.entries = calloc(n ? n : 1, sizeof(RosterEntry)), .separator = ';'};
    assert_non_null(r.entries);
    for (size_t i = 0; i < n; i++) {
        const TestAttendee *p = &people[i];
        RosterEntry *e = &r.entries[r.count++];
        snprintf(e->name, sizeof e->name, "%s", or_empty(p->name));
        snprintf(e->organisation, sizeof e->organisation, "%s", or_empty(p->organisation));
        snprintf(e->ticket, sizeof e->ticket, "%s", or_empty(p->ticket));
        snprintf(e->role, sizeof e->role, "%s", or_empty(p->role));
        snprintf(e->email, sizeof e->email, "%s", or_empty(p->email));
        if (p->ticket) {
            snprintf(e->key, sizeof e->key, "t:%s", p->ticket);
        } else if (p->email) {
            snprintf(e->key, sizeof e->key, "e:%s", p->email);
        } else {
            snprintf(e->key, sizeof e->key, "n:%s", or_empty(p->name));
        }
        e->consent = p->consent;
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    StoreStatus st = store_import_roster(s, event_id, &r, at, &res);
    free(r.entries);
    assert_int_equal(st, STORE_OK);
    assert_int_equal(res.added, n);
}

EventInfo load_event_file(const char *ini)
{
    char path[SUPPORT_PATH_MAX], err[512];
    EventInfo ev;
    path_in(path, sizeof path, "MINGEL_TEST_DATA", ini);
    if (event_load(path, &ev, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    return ev;
}

void import_list_file(Store *s, const char *event_id, const char *csv, int64_t at)
{
    char path[SUPPORT_PATH_MAX], err[512];
    path_in(path, sizeof path, "MINGEL_TEST_DATA", csv);
    TestBytes b = read_file(path);
    Roster r = {0};
    if (roster_parse(path, b.data, b.len, &r, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    free(b.data);
    StoreImportResult res;
    assert_int_equal(store_import_roster(s, event_id, &r, at, &res), STORE_OK);
    assert_true(res.added > 0);
    roster_free(&r);
}

void checkin_ticket(Store *s, const char *event_id, const char *ticket, int64_t at)
{
    StoreAttendee a;
    int64_t when = 0;
    assert_int_equal(store_find_ticket(s, event_id, ticket, &a), STORE_OK);
    assert_int_equal(store_checkin(s, event_id, a.id, at, &when), STORE_OK);
}

StoreStats event_stats(Store *s, const char *event_id)
{
    StoreStats st;
    assert_int_equal(store_stats(s, event_id, &st), STORE_OK);
    return st;
}

StoreFeedbackStats event_feedback(Store *s, const char *event_id)
{
    StoreFeedbackStats fb;
    assert_int_equal(store_feedback_stats(s, event_id, &fb), STORE_OK);
    return fb;
}

/* One walk's callback per table: the row copied into the next free place. */
#define ROW_TAKER(fn, Row, array, count)                                                           \
    static int fn(void *ctx, const Row *r)                                                         \
    {                                                                                              \
        TestRows *w = ctx;                                                                         \
        assert_true(w->count < TEST_MAX_ROWS);                                                     \
        w->array[w->count++] = *r;                                                                 \
        return 0;                                                                                  \
    }

ROW_TAKER(take_checkin, StoreCheckinRow, checkin, checkins)
ROW_TAKER(take_attendee, StoreAttendeeRow, attendee, attendees)
ROW_TAKER(take_rating, StoreRatingRow, rating, ratings)
ROW_TAKER(take_reflection, StoreReflectionRow, reflection, reflections)

TestRows *rows_of(Store *s, const char *event_id)
{
    TestRows *w = calloc(1, sizeof *w);
    assert_non_null(w);
    assert_int_equal(store_each_checkin(s, event_id, take_checkin, w), STORE_OK);
    assert_int_equal(store_each_attendee_row(s, event_id, take_attendee, w), STORE_OK);
    assert_int_equal(store_each_rating(s, event_id, take_rating, w), STORE_OK);
    assert_int_equal(store_each_reflection(s, event_id, take_reflection, w), STORE_OK);
    return w;
}

void text_add_line(TestText *t, const char *line)
{
    size_t n = strlen(line);
    if (t->len + n + 2 > t->cap) {
        t->cap = (t->len + n + 2) * 2;
        t->data = realloc(t->data, t->cap);
        assert_non_null(t->data);
    }
    memcpy(t->data + t->len, line, n);
    t->len += n;
    t->data[t->len++] = '\n';
    t->data[t->len] = '\0';
}

static int collect_line(void *ctx, const char *line)
{
    text_add_line(ctx, line);
    return 0;
}

char *dump_of(Store *s)
{
    TestText t = {NULL, 0, 0};
    text_add_line(&t, "");
    assert_int_equal(store_dump_canonical(s, collect_line, &t), STORE_OK);
    return t.data;
}

/* Everything f gives until its end, NUL-terminated (malloc'ed); its length in *len. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n;
    char *out = malloc(cap);
    assert_non_null(out);
    *len = 0;
    while ((n = fread(out + *len, 1, cap - 1 - *len, f)) > 0) {
        *len += n;
        if (*len + 1 == cap) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
    }
    out[*len] = '\0';
    return out;
}

char *run_command(const char *fmt, ...)
{
    char cmd[9000];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof cmd);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        fail_msg("cannot run %s", cmd);
    }
    size_t len;
    char *out = read_all(p, &len);
    int rc = pclose(p);
    if (rc != 0) {
        fail_msg("`%s` failed (%d): %s", cmd, rc, out);
    }
    return out;
}

pid_t fork_ok(void)
{
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    return pid;
}

void need_sqlite3_shell(void)
{
    if (system("command -v sqlite3 >/dev/null 2>&1") != 0) {
        fail_msg("the sqlite3 shell is not installed (Debian package sqlite3)");
    }
}

/* s as one single-quoted shell word, into out. */
static void shell_word(char *out, size_t cap, const char *s)
{
    size_t n = 0;
    out[n++] = '\'';
    for (; *s; s++) {
        assert_true(n + 5 < cap);
        if (*s == '\'') {
            memcpy(out + n, "'\\''", 4); /* close, escaped quote, reopen */
            n += 4;
        } else {
            out[n++] = *s;
        }
    }
    assert_true(n + 2 <= cap);
    out[n++] = '\'';
    out[n] = '\0';
}

char *sqlite3_query(const char *path, const char *sql)
{
    need_sqlite3_shell();
    size_t qcap = 2 * (strlen(path) + strlen(sql)) + 64;
    char *qpath = malloc(qcap), *qsql = malloc(qcap), *cmd = malloc(2 * qcap + 100);
    assert_true(qpath && qsql && cmd);
    shell_word(qpath, qcap, path);
    shell_word(qsql, qcap, sql);
    snprintf(cmd, 2 * qcap + 100, "sqlite3 -batch -bail -noheader -separator '|' %s %s 2>&1", qpath,
             qsql);
    char *out = run_command("%s", cmd);
    size_t len = strlen(out);
    while (len > 0 && out[len - 1] == '\n') {
        out[--len] = '\0';
    }
    free(qpath);
    free(qsql);
    free(cmd);
    return out;
}

void db_from_sql(const char *fixture, const char *path)
{
    /* Run in tests/data: the fixtures read the schema steps they share (schema/). */
    char cwd[SUPPORT_PATH_MAX], abs[2 * SUPPORT_PATH_MAX], qdata[SUPPORT_PATH_MAX * 2],
        qpath[SUPPORT_PATH_MAX * 4], qread[SUPPORT_PATH_MAX];
    need_sqlite3_shell();
    assert_non_null(getcwd(cwd, sizeof cwd));
    snprintf(abs, sizeof abs, "%s%s%s", path[0] == '/' ? "" : cwd, path[0] == '/' ? "" : "/", path);
    remove_db(abs);
    shell_word(qdata, sizeof qdata, env_or_fail("MINGEL_TEST_DATA"));
    shell_word(qpath, sizeof qpath, abs);
    char dot[SUPPORT_PATH_MAX];
    snprintf(dot, sizeof dot, ".read %s", fixture);
    shell_word(qread, sizeof qread, dot);
    free(run_command("cd %s && sqlite3 -batch -bail %s %s 2>&1", qdata, qpath, qread));
}

TestBytes read_file(const char *path)
{
    TestBytes b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        fail_msg("cannot open %s", path);
    }
    b.data = read_all(f, &b.len);
    assert_false(ferror(f));
    fclose(f);
    return b;
}

void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

void write_text(const char *path, const char *text)
{
    write_file(path, text, strlen(text));
}

void remove_tree(const char *dir)
{
    assert_null(strchr(dir, '\''));
    assert_true(strlen(dir) < SUPPORT_PATH_MAX);
    assert_int_equal(rm_rf(dir), 0);
}

void fresh_dir(const char *dir)
{
    remove_tree(dir);
    assert_int_equal(mkdir(dir, 0755), 0);
}

bool file_holds(const char *path, const char *suffix, const char *needle)
{
    char p[SUPPORT_PATH_MAX];
    with_suffix(p, path, suffix);
    FILE *f = fopen(p, "rb");
    if (!f) {
        return false;
    }
    fclose(f);
    TestBytes b = read_file(p);
    size_t k = strlen(needle);
    bool found = false;
    for (size_t i = 0; !found && i + k <= b.len; i++) {
        found = memcmp(b.data + i, needle, k) == 0;
    }
    free(b.data);
    return found;
}
