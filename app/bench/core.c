/* core: figures of the layers below the screen, in this process.
 *
 * search.N.qL        one search_query per keystroke, over N generated attendees, for
 *                    queries of L letters cut from the attendees' own names (what someone
 *                    types to find themselves): median, 95th percentile and maximum.
 * search.N.miss      a keystroke that matches nobody over N attendees, as the flow answers
 *                    it: search_query, then search_suggest for the near misses ("Menade
 *                    du …?"), for a name word of 4-8 letters with two neighbours swapped.
 * search.flow_*      the same through the flow with 100,000 attendees in a database: loading
 *                    them (flow_new) and one typed letter (flow_act: search and new view).
 * store.*            a bare 4 KiB write + fdatasync in $TMPDIR, which a durable commit
 *                    cannot beat; one check-in and one rating through the store (each a
 *                    transaction committed with fsync, WAL, synchronous=FULL); 1,000
 *                    check-ins in a row.
 * import.*           100,000 attendees: the CSV file parsed (roster_load) and stored in one
 *                    transaction (store_import_roster), and the same list imported again;
 *                    the dry run (import.check: roster_read with its report); the same
 *                    list as an .xlsx read and stored (import.xlsx.*).
 * sheet.*            reading 100,000 rows (and a header) into cells with sheet_load: the
 *                    CSV as above, the same list as UTF-16LE (converted), and as an .xlsx
 *                    workbook with shared strings, numbers and dates.
 * export.*           what `mingel export` does (export_write) on the 100,000-attendee
 *                    meeting: the attendee table as CSV (100,000 rows), the whole meeting
 *                    as one JSON document, the HTML report; each file written to a temporary
 *                    name, fsynced and renamed, as on a USB stick.
 */
#include "bench/bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "core/demo.h"
#include "core/export.h"
#include "core/flow.h"
#include "core/ids.h"
#include "core/link.h"
#include "core/roster.h"
#include "core/search.h"
#include "core/sheet.h"
#include "core/store.h"
#include "core/text.h"

/* A small repeatable random source (xorshift64*): the same queries on every run. */
static uint64_t next_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static void today(char out[16])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* ---- Search ---------------------------------------------------------------------------- */

/* Writes into q the first `letters` code points of a random word of a random attendee's
 * name, as typed to find that person. Returns false if the word chosen is too short. */
static bool pick_query(const Roster *r, uint64_t *rs, int letters, char *q, size_t cap)
{
    const char *name = r->entries[next_rand(rs) % r->count].name;
    size_t words = 1;
    for (const char *p = name; *p; p++) {
        words += *p == ' ';
    }
    size_t want = next_rand(rs) % words;
    const char *w = name;
    for (size_t i = 0; i < want; i++) {
        w = strchr(w, ' ') + 1;
    }
    size_t len = strcspn(w, " -");
    const char *p = w;
    for (int i = 0; i < letters; i++) {
        uint32_t cp;
        size_t n = text_decode(p, len - (size_t)(p - w), &cp);
        if (n == 0) {
            return false;
        }
        p += n;
    }
    if ((size_t)(p - w) >= cap) {
        return false;
    }
    memcpy(q, w, (size_t)(p - w));
    q[p - w] = '\0';
    return true;
}

static void search_over(Bench *b, size_t count)
{
    static const int LETTERS[] = {1, 2, 3, 6};
    char date[16], name[BENCH_NAME_MAX];
    bool any = false;
    for (size_t l = 0; l < 4; l++) {
        snprintf(name, sizeof name, "search.%zu.q%d", count, LETTERS[l]);
        any |= bench_wants(b, name);
    }
    snprintf(name, sizeof name, "search.%zu.miss", count);
    any |= bench_wants(b, name);
    if (!any) {
        return;
    }
    today(date);
    EventInfo ev;
    Roster r;
    Search *s = search_new();
    if (!s || demo_make(date, 7, count, &ev, &r) != 0) {
        bench_log("out of memory");
        exit(70);
    }
    int64_t t0 = bench_ns();
    for (size_t i = 0; i < r.count; i++) {
        if (search_add(s, (uint32_t)i, r.entries[i].name, r.entries[i].organisation) != 0) {
            bench_log("out of memory");
            exit(70);
        }
    }
    double build_ms = bench_ms(t0, bench_ns());

    const size_t queries = b->quick ? 200 : 2000;
    double *ms = malloc(queries * sizeof *ms), *hits = malloc(queries * sizeof *hits);
    char(*q)[64] = malloc(queries * sizeof *q);
    if (!ms || !hits || !q) {
        bench_log("out of memory");
        exit(70);
    }
    uint32_t out[FLOW_MAX_RESULTS];
    uint64_t rs = 0x9E3779B97F4A7C15ull ^ count;
    for (size_t l = 0; l < 4; l++) {
        snprintf(name, sizeof name, "search.%zu.q%d", count, LETTERS[l]);
        if (!bench_wants(b, name)) {
            continue;
        }
        for (size_t i = 0; i < queries; i++) {
            while (!pick_query(&r, &rs, LETTERS[l], q[i], sizeof q[i])) {
            }
        }
        for (size_t i = 0; i < queries && i < 50; i++) { /* warm the caches */
            search_query(s, q[i], out, FLOW_MAX_RESULTS);
        }
        for (size_t i = 0; i < queries; i++) {
            int64_t a = bench_ns();
            size_t n = search_query(s, q[i], out, FLOW_MAX_RESULTS);
            ms[i] = bench_ms(a, bench_ns());
            hits[i] = (double)n;
        }
        bench_add(b, name, "ms", ms, queries, true,
                  "%zu queries like \"%s\"; median %.0f matches; index built in %.1f ms", queries,
                  q[0], bench_median(hits, queries), build_ms);
    }
    snprintf(name, sizeof name, "search.%zu.miss", count);
    if (bench_wants(b, name)) {
        size_t made = 0;
        while (made < queries) {
            /* A name word of 4-8 ASCII letters with its 2nd and 3rd letters swapped. */
            if (!pick_query(&r, &rs, 4 + (int)(next_rand(&rs) % 5), q[made], sizeof q[made])) {
                continue;
            }
            size_t len = strlen(q[made]);
            bool ascii = true;
            for (size_t k = 0; k < len; k++) {
                ascii &= (unsigned char)q[made][k] < 0x80;
            }
            if (!ascii || q[made][1] == q[made][2]) {
                continue;
            }
            char t = q[made][1];
            q[made][1] = q[made][2];
            q[made][2] = t;
            made++;
        }
        size_t suggested = 0;
        for (size_t i = 0; i < queries; i++) {
            int64_t a = bench_ns();
            size_t n = search_query(s, q[i], out, FLOW_MAX_RESULTS);
            if (n == 0) {
                n = search_suggest(s, q[i], out, FLOW_MAX_RESULTS);
                suggested += n > 0;
            }
            ms[i] = bench_ms(a, bench_ns());
            hits[i] = (double)n;
        }
        bench_add(b, name, "ms", ms, queries, true,
                  "%zu queries like \"%s\"; %zu matched nobody and got near misses; median %.0f "
                  "results",
                  queries, q[0], suggested, bench_median(hits, queries));
    }
    free(ms);
    free(hits);
    free(q);
    search_free(s);
    roster_free(&r);
}

/* Loading 100,000 attendees into the flow, and letters typed through it. */
static void search_flow(Bench *b)
{
    if (!bench_wants(b, "search.flow")) {
        return;
    }
    char err[512];
    const char *db = bench_db100k(b);
    if (!db) {
        exit(70);
    }
    Store *st = NULL;
    if (store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK) {
        bench_log("%s", err);
        exit(70);
    }
    const int loads = b->quick ? 1 : 5;
    double load[8];
    Flow *f = NULL;
    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = 3600000;
    for (int i = 0; i < loads; i++) {
        flow_free(f);
        int64_t t0 = bench_ns();
        f = flow_new(st, &cfg, ids_now_ms(), err, sizeof err);
        load[i] = bench_ms(t0, bench_ns());
        if (!f) {
            bench_log("flow_new: %s", err);
            exit(70);
        }
    }
    bench_add(b, "search.flow_new.100000", "ms", load, (size_t)loads, false,
              "reading 100,000 attendees from the store + the search index (part of the "
              "launch with them)");

    /* Six-letter words typed letter by letter, then cleared: 6 keystrokes each. */
    static const char *const WORDS[] = {"anders", "söderb", "lindqv", "karlss", "åström",
                                        "bergma", "ekströ", "nyströ", "johans", "hällst"};
    const size_t rounds = b->quick ? 10 : 100;
    double *ms = malloc(rounds * 6 * sizeof *ms);
    if (!ms) {
        exit(70);
    }
    size_t n = 0;
    flow_act(f, FLOW_ACT_START, 0, ids_now_ms());
    for (size_t r = 0; r < rounds; r++) {
        const char *w = WORDS[r % (sizeof WORDS / sizeof WORDS[0])];
        size_t left = strlen(w);
        while (left > 0) {
            uint32_t cp;
            size_t k = text_decode(w, left, &cp);
            int64_t t0 = bench_ns();
            flow_act(f, FLOW_ACT_CHAR, (int)cp, ids_now_ms());
            ms[n++] = bench_ms(t0, bench_ns());
            w += k;
            left -= k;
        }
        flow_act(f, FLOW_ACT_CLEAR, 0, ids_now_ms());
    }
    bench_add(b, "search.flow_key.100000", "ms", ms, n, true,
              "flow_act(char) on the search screen: search + new view, 1-6 letters");
    free(ms);
    flow_free(f);
    store_close(st);
}

void bench_search(Bench *b)
{
    if (!bench_wants(b, "search")) {
        return;
    }
    bench_log("search: per keystroke over 1,000 / 10,000 / 100,000 attendees");
    search_over(b, 1000);
    search_over(b, 10000);
    search_over(b, 100000);
    search_flow(b);
}

/* ---- Store ----------------------------------------------------------------------------- */

/* One row of bare write + fdatasync of 4 KiB. append: each write extends the file (the
 * filesystem must also commit the new size); else the writes go round a preallocated 1 MiB
 * file, as SQLite reuses its -wal after a checkpoint. */
static void fsync_row(Bench *b, const char *name, bool append)
{
    if (!bench_wants(b, name)) {
        return;
    }
    char path[BENCH_PATH_MAX], buf[4096];
    enum { SLOTS = 256 }; /* 1 MiB */
    bench_tmp_path(b, "fsync.bin", path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        bench_log("cannot create %s", path);
        exit(70);
    }
    memset(buf, 0x5A, sizeof buf);
    bool ok = true;
    for (int i = 0; !append && ok && i < SLOTS; i++) {
        ok = pwrite(fd, buf, sizeof buf, (off_t)i * (off_t)sizeof buf) == (ssize_t)sizeof buf;
    }
    ok = ok && fsync(fd) == 0;
    const int reps = b->quick ? 30 : 300;
    double ms[300];
    for (int i = 0; ok && i < reps; i++) {
        off_t at = (off_t)(append ? i : i % SLOTS) * (off_t)sizeof buf;
        int64_t t0 = bench_ns();
        ok = pwrite(fd, buf, sizeof buf, at) == (ssize_t)sizeof buf && fdatasync(fd) == 0;
        ms[i] = bench_ms(t0, bench_ns());
    }
    close(fd);
    remove(path);
    if (!ok) {
        bench_log("write or fdatasync failed on %s", path);
        exit(70);
    }
    bench_add(b, name, "ms", ms, (size_t)reps, true,
              append ? "pwrite 4 KiB appending (the file grows) + fdatasync, in $TMPDIR"
                     : "pwrite 4 KiB in place + fdatasync, in $TMPDIR: the floor of a durable "
                       "commit");
}

static void bare_fsync(Bench *b)
{
    fsync_row(b, "store.fsync.4k", false);
    fsync_row(b, "store.fsync.4k.append", true);
}

typedef struct Ids {
    char (*id)[IDS_UUID_LEN + 1];
    size_t count, cap;
} Ids;

static int collect_id(void *ctx, const StoreAttendee *a)
{
    Ids *ids = ctx;
    if (ids->count < ids->cap) {
        memcpy(ids->id[ids->count++], a->id, sizeof ids->id[0]);
    }
    return 0;
}

static void store_figures(Bench *b)
{
    if (!bench_wants(b, "store.checkin") && !bench_wants(b, "store.rating")) {
        return;
    }
    char db[BENCH_PATH_MAX], err[512], event_id[IDS_UUID_LEN + 1];
    const char *db10k = bench_db10k(b);
    bench_tmp_path(b, "store.db", db);
    if (!db10k || bench_copy_file(db10k, db) != 0) {
        exit(70);
    }
    Store *st = NULL;
    EventInfo ev;
    Ids ids = {.cap = 10000};
    ids.id = malloc(ids.cap * sizeof ids.id[0]);
    if (!ids.id || store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK ||
        store_event_current(st, &ev, event_id) != STORE_OK ||
        store_each_attendee(st, event_id, collect_id, &ids) != STORE_OK) {
        bench_log("cannot open the meeting in %s", db);
        exit(70);
    }
    const int single = b->quick ? 30 : 300, rows = b->quick ? 1 : 3, in_a_row = 1000;
    size_t next = 0;
    if ((size_t)(single + rows * in_a_row) > ids.count) {
        bench_log("too few attendees");
        exit(70);
    }
    if (bench_wants(b, "store.checkin")) {
        double ms[300];
        int64_t existing;
        for (int i = 0; i < single; i++) {
            int64_t t0 = bench_ns();
            StoreStatus s = store_checkin(st, event_id, ids.id[next++], ids_now_ms(), &existing);
            ms[i] = bench_ms(t0, bench_ns());
            if (s != STORE_OK) {
                bench_log("store_checkin: %s", store_status_text(s));
                exit(70);
            }
        }
        bench_add(b, "store.checkin", "ms", ms, (size_t)single, true,
                  "one store_checkin: a transaction committed durably (WAL, synchronous=FULL)");
    }
    if (bench_wants(b, "store.rating")) {
        double ms[300];
        for (int i = 0; i < single; i++) {
            char token[LINK_TOKEN_LEN + 1];
            link_token(token, ids_os_random, NULL);
            int64_t t0 = bench_ns();
            StoreStatus s = store_rating_put(st, event_id, token, 0, 4, false, ids_now_ms());
            ms[i] = bench_ms(t0, bench_ns());
            if (s != STORE_OK) {
                bench_log("store_rating_put: %s", store_status_text(s));
                exit(70);
            }
        }
        bench_add(b, "store.rating", "ms", ms, (size_t)single, true,
                  "one store_rating_put (a new feedback session), committed durably");
    }
    if (bench_wants(b, "store.checkin.x1000")) {
        double total[4], worst = 0;
        int64_t existing;
        for (int r = 0; r < rows; r++) {
            int64_t t0 = bench_ns();
            for (int i = 0; i < in_a_row; i++) {
                int64_t a = bench_ns();
                if (store_checkin(st, event_id, ids.id[next++], ids_now_ms(), &existing) !=
                    STORE_OK) {
                    bench_log("store_checkin failed");
                    exit(70);
                }
                double one = bench_ms(a, bench_ns());
                worst = one > worst ? one : worst;
            }
            total[r] = bench_ms(t0, bench_ns());
        }
        bench_add(b, "store.checkin.x1000", "ms", total, (size_t)rows, false,
                  "1,000 check-ins in a row, each its own durable commit; slowest one %.2f ms",
                  worst);
    }
    store_close(st);
    free(ids.id);
    bench_remove_db(db);
}

void bench_store(Bench *b)
{
    if (!bench_wants(b, "store")) {
        return;
    }
    bench_log("store: fsync, check-ins, ratings");
    bare_fsync(b);
    store_figures(b);
}

/* ---- Import and export ------------------------------------------------------------------ */

/* Writes the attendees as a registration tool exports them: BOM, semicolons, Swedish
 * headers, quoted where a field needs it. */
static int write_csv(const char *path, const Roster *r)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        return -1;
    }
    fputs("\xEF\xBB\xBFNamn;Organisation;Roll;E-post;Biljettkod;Samtycke\r\n", f);
    for (size_t i = 0; i < r->count; i++) {
        const RosterEntry *e = &r->entries[i];
        fprintf(f, "%s;\"%s\";%s;%s;%s;%s\r\n", e->name, e->organisation, e->role, e->email,
                e->ticket, e->consent ? "ja" : "nej");
    }
    return fclose(f);
}

static void import_figures(Bench *b)
{
    enum { ROWS = 100000 };
    if (!bench_wants(b, "import")) {
        return;
    }
    char csv[BENCH_PATH_MAX], db[BENCH_PATH_MAX], date[16], err[512], event_id[IDS_UUID_LEN + 1];
    today(date);
    EventInfo ev;
    Roster gen;
    bench_tmp_path(b, "attendees-100000.csv", csv);
    if (demo_make(date, 11, ROWS, &ev, &gen) != 0 || write_csv(csv, &gen) != 0) {
        bench_log("cannot write %s", csv);
        exit(70);
    }
    roster_free(&gen);

    const int reps = b->quick ? 1 : 3;
    double parse[4], store[4], again[4], total[4];
    for (int i = 0; i < reps; i++) {
        Roster r;
        int64_t t0 = bench_ns();
        if (roster_load(csv, &r, err, sizeof err) != 0) {
            bench_log("%s", err);
            exit(70);
        }
        int64_t t1 = bench_ns();
        bench_tmp_path(b, "import.db", db);
        Store *st = NULL;
        StoreImportResult res;
        if (store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK ||
            store_event_put(st, &ev, ids_now_ms(), event_id) != STORE_OK) {
            bench_log("cannot make %s", db);
            exit(70);
        }
        int64_t t2 = bench_ns();
        StoreStatus s = store_import_roster(st, event_id, &r, ids_now_ms(), &res);
        int64_t t3 = bench_ns();
        if (s != STORE_OK || res.added != ROWS) {
            bench_log("import: %s, %zu added", store_status_text(s), res.added);
            exit(70);
        }
        s = store_import_roster(st, event_id, &r, ids_now_ms(), &res);
        int64_t t4 = bench_ns();
        if (s != STORE_OK || res.unchanged != ROWS) {
            bench_log("import again: %s, %zu unchanged", store_status_text(s), res.unchanged);
            exit(70);
        }
        parse[i] = bench_ms(t0, t1) / 1000.0;
        store[i] = bench_ms(t2, t3) / 1000.0;
        again[i] = bench_ms(t3, t4) / 1000.0;
        total[i] = parse[i] + store[i];
        store_close(st);
        roster_free(&r);
        bench_remove_db(db);
    }
    double roster_mb = (double)ROWS * (double)sizeof(RosterEntry) / 1e6;
    bench_add(b, "import.parse.100000", "s", parse, (size_t)reps, false,
              "roster_load of the CSV file (semicolons, BOM); the roster takes %.0f MB", roster_mb);
    bench_add(b, "import.store.100000", "s", store, (size_t)reps, false,
              "store_import_roster into a new database, one transaction");
    bench_add(b, "import.total.100000", "s", total, (size_t)reps, false,
              "parse + store: what `mingel import` does");
    bench_add(b, "import.again.100000", "s", again, (size_t)reps, false,
              "the same list imported again: every row found unchanged");
    remove(csv);
}

static void export_figures(Bench *b)
{
    static const struct {
        const char *name, *what;
        ExportFormat format;
        ExportTable table;
    } KINDS[] = {
        {"export.csv.100000", "CSV (Excel, ';', BOM) of the attendee table: 100,000 rows",
         EXPORT_CSV, EXPORT_ATTENDEES},
        {"export.xlsx.100000", "Excel workbook (typed cells) of the attendee table: 100,000 rows",
         EXPORT_XLSX, EXPORT_ATTENDEES},
        {"export.json.100000", "one JSON document: the meeting and every table", EXPORT_JSON,
         EXPORT_ALL},
        {"export.html.100000", "the one-page HTML report with its charts", EXPORT_HTML, EXPORT_ALL},
    };
    const char *db = bench_db100k(b);
    Store *st = NULL;
    EventInfo ev;
    char err[512], event_id[IDS_UUID_LEN + 1], out[BENCH_PATH_MAX];
    if (!db || store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK ||
        store_event_current(st, &ev, event_id) != STORE_OK) {
        bench_log("cannot open the 100,000-attendee meeting");
        exit(70);
    }
    const int reps = b->quick ? 1 : 3;
    for (size_t k = 0; k < sizeof KINDS / sizeof KINDS[0]; k++) {
        if (!bench_wants(b, KINDS[k].name)) {
            continue;
        }
        ExportOptions opt = export_defaults();
        opt.format = KINDS[k].format;
        opt.table = KINDS[k].table;
        bench_tmp_path(b, "export.out", out);
        double sec[4];
        long bytes = 0;
        int done = 0;
        for (int r = 0; r < reps; r++, done++) {
            int64_t t0 = bench_ns();
            if (export_write(st, event_id, &opt, out, err, sizeof err) != 0) {
                break;
            }
            sec[r] = bench_ms(t0, bench_ns()) / 1000.0;
            FILE *f = fopen(out, "rb");
            if (f) {
                fseek(f, 0, SEEK_END);
                bytes = ftell(f);
                fclose(f);
            }
            remove(out);
        }
        if (done < reps) {
            bench_add_na(b, KINDS[k].name, "s", "n/a (export failed: %s)", err);
            continue;
        }
        bool big = bytes >= 1000000;
        bench_add(b, KINDS[k].name, "s", sec, (size_t)reps, false,
                  "export_write: %s; %.1f %s, written durably", KINDS[k].what,
                  big ? (double)bytes / 1e6 : (double)bytes / 1e3, big ? "MB" : "kB");
    }
    store_close(st);
}

/* ---- Reading files (sheet) -------------------------------------------------------------- */

/* Appends the XML-escaped s to f. */
static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '&') {
            fputs("&amp;", f);
        } else if (*s == '<') {
            fputs("&lt;", f);
        } else if (*s == '>') {
            fputs("&gt;", f);
        } else {
            fputc(*s, f);
        }
    }
}

/* Adds the file at path to the zip as name. Returns 0 or -1. */
static int zip_add_file(zip_t *z, const char *name, const char *path)
{
    zip_source_t *src = zip_source_file(z, path, 0, -1);
    if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(src);
        return -1;
    }
    return 0;
}

/* Writes the attendees as Excel writes a workbook: text in shared strings (names, e-mail
 * and organisation; the organisations repeat), ticket codes as numbers, a registration
 * date in a date format. The parts are written to files in the benchmark's directory,
 * then zipped (deflate). */
static int write_xlsx(Bench *b, const char *path, const Roster *r)
{
    char part[5][BENCH_PATH_MAX];
    static const char *const NAMES[5] = {"[Content_Types].xml", "xl/workbook.xml",
                                         "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                         "xl/worksheets/sheet1.xml"};
    for (int i = 0; i < 5; i++) {
        char name[16];
        snprintf(name, sizeof name, "part%d.xml", i);
        bench_tmp_path(b, name, part[i]);
    }
    char sst_path[BENCH_PATH_MAX];
    bench_tmp_path(b, "sst.xml", sst_path);
    static const char NS[] = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
    static const char NSR[] =
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    FILE *f[5];
    for (int i = 0; i < 5; i++) {
        f[i] = fopen(part[i], "wb");
    }
    FILE *sst = fopen(sst_path, "wb");
    int rc = sst ? 0 : -1;
    for (int i = 0; i < 5; i++) {
        rc |= f[i] ? 0 : -1;
    }
    if (rc == 0) {
        fputs("<?xml version=\"1.0\"?><Types "
              "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
              f[0]);
        fprintf(f[1],
                "<?xml version=\"1.0\"?><workbook %s %s><sheets><sheet name=\"Blad1\" "
                "sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
                NS, NSR);
        fputs("<?xml version=\"1.0\"?><Relationships "
              "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
              "<Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
              f[2]);
        fprintf(f[3],
                "<?xml version=\"1.0\"?><styleSheet %s><cellXfs count=\"2\"><xf numFmtId=\"0\"/>"
                "<xf numFmtId=\"14\"/></cellXfs></styleSheet>",
                NS);
        fprintf(f[4], "<?xml version=\"1.0\"?><worksheet %s><sheetData>", NS);
        fprintf(sst, "<?xml version=\"1.0\"?><sst %s>", NS);
        static const char *const HEAD[] = {"Namn", "Organisation", "E-post", "Biljettkod",
                                           "Anmäld"};
        fputs("<row r=\"1\">", f[4]);
        for (int c = 0; c < 5; c++) {
            fprintf(f[4], "<c r=\"%c1\" t=\"s\"><v>%d</v></c>", 'A' + c, c);
            fprintf(sst, "<si><t>%s</t></si>", HEAD[c]);
        }
        fputs("</row>", f[4]);
        size_t nsst = 5;
        for (size_t i = 0; i < r->count; i++) {
            const RosterEntry *e = &r->entries[i];
            size_t row = i + 2;
            fprintf(f[4], "<row r=\"%zu\"><c r=\"A%zu\" t=\"s\"><v>%zu</v></c>", row, row, nsst);
            fputs("<si><t>", sst);
            xml_text(sst, e->name);
            fputs("</t></si><si><t>", sst);
            xml_text(sst, e->organisation);
            fputs("</t></si><si><t>", sst);
            xml_text(sst, e->email);
            fputs("</t></si>", sst);
            fprintf(f[4],
                    "<c r=\"B%zu\" t=\"s\"><v>%zu</v></c><c r=\"C%zu\" t=\"s\"><v>%zu</v></c>"
                    "<c r=\"D%zu\"><v>%zu</v></c><c r=\"E%zu\" s=\"1\"><v>%zu</v></c></row>",
                    row, nsst + 1, row, nsst + 2, row, 1000000 + i, row, 46000 + i % 400);
            nsst += 3;
        }
        fputs("</sheetData></worksheet>", f[4]);
        fputs("</sst>", sst);
    }
    for (int i = 0; i < 5; i++) {
        if (f[i] && fclose(f[i]) != 0) {
            rc = -1;
        }
    }
    if (sst && fclose(sst) != 0) {
        rc = -1;
    }
    int ze;
    zip_t *z = rc == 0 ? zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze) : NULL;
    if (!z) {
        rc = -1;
    }
    for (int i = 0; z && rc == 0 && i < 5; i++) {
        rc = zip_add_file(z, NAMES[i], part[i]);
    }
    if (z && rc == 0) {
        rc = zip_add_file(z, "xl/sharedStrings.xml", sst_path);
    }
    if (z && zip_close(z) != 0) {
        zip_discard(z);
        rc = -1;
    }
    for (int i = 0; i < 5; i++) {
        remove(part[i]);
    }
    remove(sst_path);
    return rc;
}

/* Writes the UTF-8 file at from (past its BOM) to to as UTF-16LE with a BOM, as Teams
 * writes its attendance reports. */
static int write_utf16(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    int rc = in && out ? 0 : -1;
    if (rc == 0) {
        static char buf[1 << 16];
        size_t n = fread(buf, 1, 3, in);
        if (n != 3 || memcmp(buf, "\xEF\xBB\xBF", 3) != 0) {
            rc = -1;
        }
        fputs("\xFF\xFE", out);
        while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0) {
            size_t pos = 0;
            while (pos < n) {
                uint32_t cp;
                size_t k = text_decode(buf + pos, n - pos, &cp);
                if (k == 0) {
                    /* A code point cut by the block: take it with the next one. */
                    memmove(buf, buf + pos, n - pos);
                    size_t more = fread(buf + (n - pos), 1, sizeof buf - (n - pos), in);
                    if (more == 0) {
                        rc = -1;
                        break;
                    }
                    n = n - pos + more;
                    pos = 0;
                    continue;
                }
                pos += k;
                if (cp > 0xFFFF) {
                    uint32_t v = cp - 0x10000;
                    uint16_t u[2] = {(uint16_t)(0xD800 + (v >> 10)),
                                     (uint16_t)(0xDC00 + (v & 0x3FF))};
                    for (int j = 0; j < 2; j++) {
                        fputc(u[j] & 0xFF, out);
                        fputc(u[j] >> 8, out);
                    }
                } else {
                    fputc((int)(cp & 0xFF), out);
                    fputc((int)(cp >> 8), out);
                }
            }
        }
    }
    if (in) {
        fclose(in);
    }
    if (out && fclose(out) != 0) {
        rc = -1;
    }
    return rc;
}

/* Reads path through sheet_load reps times into samples (seconds); exits on error. */
static void time_sheet(const char *path, size_t rows, double *samples, int reps)
{
    char err[512];
    for (int i = 0; i < reps; i++) {
        Sheet s;
        int64_t t0 = bench_ns();
        if (sheet_load(path, NULL, &s, err, sizeof err) != 0) {
            bench_log("%s", err);
            exit(70);
        }
        samples[i] = bench_ms(t0, bench_ns()) / 1000.0;
        if (s.count != rows) {
            bench_log("%s: %zu rows, expected %zu", path, s.count, rows);
            exit(70);
        }
        sheet_free(&s);
    }
}

static void sheet_figures(Bench *b)
{
    enum { ROWS = 100000 };
    char csv[BENCH_PATH_MAX], utf16[BENCH_PATH_MAX], xlsx[BENCH_PATH_MAX], date[16];
    today(date);
    EventInfo ev;
    Roster gen;
    bench_tmp_path(b, "sheet-100000.csv", csv);
    bench_tmp_path(b, "sheet-100000-utf16.csv", utf16);
    bench_tmp_path(b, "sheet-100000.xlsx", xlsx);
    if (demo_make(date, 11, ROWS, &ev, &gen) != 0 || write_csv(csv, &gen) != 0 ||
        write_utf16(csv, utf16) != 0 || write_xlsx(b, xlsx, &gen) != 0) {
        bench_log("cannot write the lists in %s", b->tmp);
        exit(70);
    }
    roster_free(&gen);
    const int reps = b->quick ? 1 : 5;
    double t[8];
    if (bench_wants(b, "sheet.csv")) {
        time_sheet(csv, ROWS + 1, t, reps);
        bench_add(b, "sheet.csv.100000", "s", t, (size_t)reps, false,
                  "sheet_load of the CSV (UTF-8, BOM, semicolons) into rows of cells");
    }
    if (bench_wants(b, "sheet.utf16")) {
        time_sheet(utf16, ROWS + 1, t, reps);
        bench_add(b, "sheet.utf16.100000", "s", t, (size_t)reps, false,
                  "the same list in UTF-16LE with BOM (as Teams writes), converted by iconv");
    }
    if (bench_wants(b, "sheet.xlsx")) {
        time_sheet(xlsx, ROWS + 1, t, reps);
        bench_add(b, "sheet.xlsx.100000", "s", t, (size_t)reps, false,
                  "sheet_load of an .xlsx (shared strings, numbers, dates; libzip + expat)");
    }
    remove(csv);
    remove(utf16);
    remove(xlsx);
}

/* What `mingel import --check` does on the 100,000-row CSV (read, header, columns, rows,
 * identity, the report), and the whole import of the same list as an .xlsx workbook. */
static void import_formats_figures(Bench *b)
{
    enum { ROWS = 100000 };
    char csv[BENCH_PATH_MAX], xlsx[BENCH_PATH_MAX], db[BENCH_PATH_MAX], date[16], err[512];
    char event_id[IDS_UUID_LEN + 1];
    today(date);
    EventInfo ev;
    Roster gen;
    bench_tmp_path(b, "import-check-100000.csv", csv);
    bench_tmp_path(b, "import-100000.xlsx", xlsx);
    if (demo_make(date, 11, ROWS, &ev, &gen) != 0 || write_csv(csv, &gen) != 0 ||
        write_xlsx(b, xlsx, &gen) != 0) {
        bench_log("cannot write the lists in %s", b->tmp);
        exit(70);
    }
    roster_free(&gen);
    const int reps = b->quick ? 1 : 3;
    double check[4], xread[4], xstore[4], xtotal[4];
    for (int i = 0; i < reps; i++) {
        Roster r;
        RosterReport rep;
        int64_t t0 = bench_ns();
        if (roster_read(csv, NULL, &r, &rep, err, sizeof err) != 0 || r.count != ROWS) {
            bench_log("check: %s", err);
            exit(70);
        }
        int64_t t1 = bench_ns();
        check[i] = bench_ms(t0, t1) / 1000.0;
        roster_free(&r);
        roster_report_free(&rep);

        t0 = bench_ns();
        if (roster_read(xlsx, NULL, &r, &rep, err, sizeof err) != 0 || r.count != ROWS) {
            bench_log("xlsx: %s", err);
            exit(70);
        }
        t1 = bench_ns();
        bench_tmp_path(b, "import-xlsx.db", db);
        Store *st = NULL;
        StoreImportResult res;
        if (store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK ||
            store_event_put(st, &ev, ids_now_ms(), event_id) != STORE_OK) {
            bench_log("cannot make %s", db);
            exit(70);
        }
        int64_t t2 = bench_ns();
        StoreStatus s = store_import_roster(st, event_id, &r, ids_now_ms(), &res);
        int64_t t3 = bench_ns();
        if (s != STORE_OK || res.added != ROWS) {
            bench_log("xlsx import: %s, %zu added", store_status_text(s), res.added);
            exit(70);
        }
        xread[i] = bench_ms(t0, t1) / 1000.0;
        xstore[i] = bench_ms(t2, t3) / 1000.0;
        xtotal[i] = xread[i] + xstore[i];
        store_close(st);
        roster_free(&r);
        roster_report_free(&rep);
        bench_remove_db(db);
    }
    bench_add(b, "import.check.100000", "s", check, (size_t)reps, false,
              "what `mingel import --check` does: roster_read of the CSV with its report");
    bench_add(b, "import.xlsx.parse.100000", "s", xread, (size_t)reps, false,
              "roster_read of the same list as an .xlsx workbook");
    bench_add(b, "import.xlsx.total.100000", "s", xtotal, (size_t)reps, false,
              "read + store_import_roster into a new database: `mingel import` of the .xlsx");
    remove(csv);
    remove(xlsx);
}

void bench_import(Bench *b)
{
    if (bench_wants(b, "import")) {
        bench_log("import: 100,000 attendees");
        import_figures(b);
        import_formats_figures(b);
    }
    if (bench_wants(b, "export")) {
        bench_log("export: 100,000 attendees");
        export_figures(b);
    }
    if (bench_wants(b, "sheet")) {
        bench_log("sheet: reading 100,000 rows of CSV, UTF-16 and xlsx");
        sheet_figures(b);
    }
}
