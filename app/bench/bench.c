/* mingel-bench: measures the kiosk against the targets in DESIGN.md and prints a table.
 *
 * The entry point and what the groups share: options, figures and their statistics, the
 * temporary directory, the generated meetings, the output table. Each group of figures
 * lives in its own file (launch.c, screens.c, core.c); see bench.h for the list. Run
 * `mingel-bench --help`; docs/BENCHMARKS.md explains every figure and how to read it.
 *
 * Nothing here judges speed: the program measures and prints, and exits non-zero only when
 * a measurement could not be made at all (a broken build, a missing font). That is what
 * the CTest smoke test (bench_smoke) checks.
 */
#define _GNU_SOURCE /* nftw's FTW_DEPTH | FTW_PHYS */
#include "bench/bench.h"

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/demo.h"
#include "core/ids.h"
#include "core/paths.h"
#include "core/store.h"

static const char USAGE[] =
    "usage: mingel-bench [--quick] [--only NAME] [--video LIST] [--accelerated]\n"
    "                    [--markdown] [--mingel PATH] [--keep]\n"
    "\n"
    "Measures mingel against the targets in DESIGN.md and prints one table: each figure\n"
    "is the median of repeated runs, with the minimum and maximum (and the 95th percentile\n"
    "where the spread matters). Finishes in a few minutes with no display: the SDL dummy\n"
    "driver and the software renderer; Xvfb, when installed, for the X11 figures.\n"
    "\n"
    "  --quick        fewer repetitions (for the CI smoke test; figures are rougher)\n"
    "  --only NAME    only the figures whose name starts with NAME, e.g. a group:\n"
    "                 launch, frame, search, store, import, export, memory, idle, scan,\n"
    "                 badge\n"
    "  --video LIST   the screens to measure on, comma-separated (default dummy,xvfb):\n"
    "                 dummy    SDL's dummy driver (no display at all)\n"
    "                 xvfb     a private Xvfb display started by the bench\n"
    "                 x11      the session's X display ($DISPLAY: a real screen)\n"
    "                 kmsdrm   the console, no X (run from a text console)\n"
    "                 wayland  the session's Wayland compositor\n"
    "  --accelerated  SDL's accelerated (GPU) renderer instead of the software one;\n"
    "                 rows are then named <video>-gpu\n"
    "  --markdown     print the table in Markdown\n"
    "  --mingel PATH  the program to launch (default: mingel next to this program)\n"
    "  --keep         keep the temporary directory (databases, CSV file) and name it\n"
    "  --help         this text\n"
    "\n"
    "Environment: TMPDIR is where the databases and files go (its disk is what the\n"
    "fsync and check-in figures measure). MINGEL_BENCH_SMAPS=FILE: the memory\n"
    "session children copy their /proc/self/smaps there before reporting.\n"
    "MINGEL_BENCH_PRINTER=QUEUE: the CUPS queue badge.checkin_to_cups prints on (without\n"
    "it that row is n/a).\n"
    "Method and results: docs/BENCHMARKS.md.\n";

/* ---- Clock and statistics ----------------------------------------------------------- */

int64_t bench_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

double bench_ms(int64_t from_ns, int64_t to_ns)
{
    return (double)(to_ns - from_ns) / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v[0..n). */
static double percentile(const double *v, size_t n, double p)
{
    size_t rank = (size_t)ceil(p * (double)n);
    return v[rank > 0 ? rank - 1 : 0];
}

double bench_median(const double *v, size_t n)
{
    double *c = malloc(n * sizeof *c);
    if (!c) {
        fprintf(stderr, "mingel-bench: out of memory\n");
        exit(70);
    }
    memcpy(c, v, n * sizeof *c);
    qsort(c, n, sizeof *c, cmp_double);
    double m = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    free(c);
    return m;
}

/* ---- Figures ------------------------------------------------------------------------ */

static bool is_prefix(const char *pre, const char *s)
{
    return strncmp(pre, s, strlen(pre)) == 0;
}

bool bench_wants(const Bench *b, const char *name)
{
    return !b->only || is_prefix(b->only, name) || is_prefix(name, b->only);
}

static Figure *new_figure(Bench *b, const char *name, const char *unit)
{
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        Figure *f = realloc(b->figs, cap * sizeof *f);
        if (!f) {
            fprintf(stderr, "mingel-bench: out of memory\n");
            exit(70);
        }
        b->figs = f;
        b->cap = cap;
    }
    Figure *f = &b->figs[b->count++];
    memset(f, 0, sizeof *f);
    snprintf(f->name, sizeof f->name, "%s", name);
    f->unit = unit;
    return f;
}

void bench_add(Bench *b, const char *name, const char *unit, const double *samples, size_t n,
               bool with_p95, const char *note_fmt, ...)
{
    if (n == 0) {
        bench_add_na(b, name, unit, "n/a (no samples)");
        return;
    }
    double *v = malloc(n * sizeof *v);
    if (!v) {
        fprintf(stderr, "mingel-bench: out of memory\n");
        exit(70);
    }
    memcpy(v, samples, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_double);
    Figure *f = new_figure(b, name, unit);
    f->n = (int)n;
    f->min = v[0];
    f->max = v[n - 1];
    f->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    if (with_p95) {
        f->has_p95 = true;
        f->p95 = percentile(v, n, 0.95);
    }
    free(v);
    if (note_fmt) {
        va_list ap;
        va_start(ap, note_fmt);
        vsnprintf(f->note, sizeof f->note, note_fmt, ap);
        va_end(ap);
    }
}

void bench_add_na(Bench *b, const char *name, const char *unit, const char *why_fmt, ...)
{
    Figure *f = new_figure(b, name, unit);
    f->na = true;
    va_list ap;
    va_start(ap, why_fmt);
    vsnprintf(f->note, sizeof f->note, why_fmt, ap);
    va_end(ap);
}

void bench_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("mingel-bench: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---- Video setups ----------------------------------------------------------------------- */

static const BenchVideo VIDEOS[] = {
    {"dummy", "dummy", false, false, false},    {"xvfb", "x11", true, false, true},
    {"x11", "x11", false, true, true},          {"kmsdrm", "kmsdrm", false, false, true},
    {"wayland", "wayland", false, false, true},
};

/* Parses --video's comma-separated list. Returns 0, or -1 for an unknown name. */
static int parse_videos(Bench *b, const char *list)
{
    b->videos = 0;
    while (*list) {
        size_t n = strcspn(list, ",");
        size_t i = 0;
        while (i < sizeof VIDEOS / sizeof VIDEOS[0] &&
               (strlen(VIDEOS[i].name) != n || strncmp(VIDEOS[i].name, list, n) != 0)) {
            i++;
        }
        if (i == sizeof VIDEOS / sizeof VIDEOS[0] ||
            b->videos == sizeof b->video / sizeof b->video[0]) {
            bench_log("--video: unknown setup '%.*s'", (int)n, list);
            return -1;
        }
        b->video[b->videos++] = &VIDEOS[i];
        list += n + (list[n] == ',');
    }
    return b->videos > 0 ? 0 : -1;
}

void bench_label(const Bench *b, const BenchVideo *v, char out[32])
{
    snprintf(out, 32, "%s%s", v->name, b->accelerated ? "-gpu" : "");
}

int bench_video_ready(Bench *b, const BenchVideo *v, const char **display, const char **why)
{
    *display = NULL;
    if (v->xvfb) {
        *display = bench_display(b);
        *why = "n/a (no Xvfb)";
        return *display ? 0 : -1;
    }
    if (v->session_display) {
        *display = b->session_display;
        *why = "n/a (no $DISPLAY)";
        return b->session_display[0] ? 0 : -1;
    }
    return 0;
}

/* ---- Files and meetings -------------------------------------------------------------- */

void bench_remove_db(const char *path)
{
    static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal"};
    char p[BENCH_PATH_MAX + 16];
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        snprintf(p, sizeof p, "%s%s", path, SUFFIX[i]);
        remove(p);
    }
}

void bench_tmp_path(const Bench *b, const char *name, char out[BENCH_PATH_MAX])
{
    int n = snprintf(out, BENCH_PATH_MAX, "%s/%s", b->tmp, name);
    if (n < 0 || n >= BENCH_PATH_MAX) {
        bench_log("path too long: %s/%s", b->tmp, name);
        exit(70);
    }
    bench_remove_db(out);
}

int bench_copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        ok = fwrite(buf, 1, n, out) == n;
    }
    if (in) {
        fclose(in);
    }
    if (out && fclose(out) != 0) {
        ok = false;
    }
    if (!ok) {
        bench_log("cannot copy %s to %s", from, to);
        return -1;
    }
    return 0;
}

int bench_make_db(const char *path, size_t attendees)
{
    char today[16], err[512], event_id[IDS_UUID_LEN + 1];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(today, sizeof today, "%Y-%m-%d", &tm);

    EventInfo ev;
    Roster r;
    if (demo_make(today, 20261126, attendees, &ev, &r) != 0) {
        bench_log("out of memory making %zu attendees", attendees);
        return -1;
    }
    ev.thanks_seconds = 120; /* the thank-you screen must not time out while measured */
    Store *st = NULL;
    int rc = -1;
    StoreImportResult res;
    StoreStatus s = store_open(path, ids_os_random, NULL, &st, err, sizeof err);
    if (s != STORE_OK) {
        bench_log("%s", err);
    } else if ((s = store_event_put(st, &ev, ids_now_ms(), event_id)) != STORE_OK ||
               (s = store_import_roster(st, event_id, &r, ids_now_ms(), &res)) != STORE_OK) {
        bench_log("%s: %s (%s)", path, store_status_text(s), store_last_error(st));
    } else {
        rc = 0;
    }
    store_close(st);
    roster_free(&r);
    return rc;
}

/* The shared database of `attendees` generated attendees in *slot, made on first use. */
static const char *shared_db(Bench *b, char slot[BENCH_PATH_MAX], size_t attendees)
{
    if (!slot[0]) {
        char path[BENCH_PATH_MAX], name[64];
        snprintf(name, sizeof name, "meeting-%zu.db", attendees);
        bench_tmp_path(b, name, path);
        bench_log("making a meeting of %zu attendees", attendees);
        if (bench_make_db(path, attendees) != 0) {
            return NULL;
        }
        memcpy(slot, path, BENCH_PATH_MAX);
    }
    return slot;
}

const char *bench_db10k(Bench *b)
{
    return shared_db(b, b->db10k, 10000);
}

const char *bench_db100k(Bench *b)
{
    return shared_db(b, b->db100k, 100000);
}

long bench_status_kb(pid_t pid, const char *field)
{
    char path[64], line[256];
    if (pid == 0) {
        snprintf(path, sizeof path, "/proc/self/status");
    } else {
        snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        return -1;
    }
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

/* ---- The machine --------------------------------------------------------------------- */

static void read_first_line(const char *path, const char *prefix, char *out, size_t cap)
{
    char line[512];
    out[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f) {
        return;
    }
    while (fgets(line, sizeof line, f)) {
        if (!prefix || strncmp(line, prefix, strlen(prefix)) == 0) {
            char *v = prefix ? strchr(line, ':') : line;
            v = v ? v + (prefix ? 1 : 0) : line;
            while (*v == ' ' || *v == '\t') {
                v++;
            }
            v[strcspn(v, "\n")] = '\0';
            if (snprintf(out, cap, "%s", v) >= (int)cap) {
                out[cap - 1] = '\0'; /* cut: only shown */
            }
            break;
        }
    }
    fclose(f);
}

static const char *fs_name(const char *dir)
{
    static const struct {
        unsigned long magic;
        const char *name;
    } FS[] = {
        {0xEF53, "ext2/3/4"},    {0x01021994, "tmpfs (fsync does nothing!)"},
        {0x58465342, "xfs"},     {0x9123683E, "btrfs"},
        {0x794C7630, "overlay"}, {0x4D44, "vfat"},
        {0xF2F52010, "f2fs"},    {0x6969, "nfs"},
    };
    struct statfs s;
    if (statfs(dir, &s) != 0) {
        return "unknown";
    }
    for (size_t i = 0; i < sizeof FS / sizeof FS[0]; i++) {
        if ((unsigned long)s.f_type == FS[i].magic) {
            return FS[i].name;
        }
    }
    return "other";
}

static void print_machine(const Bench *b, const char *load_before)
{
    char cpu[256], load[128];
    struct utsname u;
    read_first_line("/proc/cpuinfo", "model name", cpu, sizeof cpu);
    if (!cpu[0]) {
        read_first_line("/proc/cpuinfo", "Model", cpu, sizeof cpu); /* Raspberry Pi */
    }
    read_first_line("/proc/loadavg", NULL, load, sizeof load);
    uname(&u);
    printf("machine: %s, %ld cores, %s %s %s\n", cpu[0] ? cpu : "unknown CPU",
           sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine);
    printf("SDL %s; temporary files in %s (%s)\n", bench_sdl_version(), b->tmp, fs_name(b->tmp));
    printf("load average before: %s; after: %s\n", load_before, load);
    printf("mode: %s, %s renderer%s%s\n\n",
           b->quick ? "--quick (few repetitions: rough figures)" : "full",
           b->accelerated ? "accelerated (GPU)" : "software", b->only ? ", --only " : "",
           b->only ? b->only : "");
}

/* ---- The table ------------------------------------------------------------------------ */

static void fmt_value(char *out, size_t cap, double v)
{
    double a = fabs(v);
    snprintf(out, cap, a >= 100 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", v);
}

static void print_table(const Bench *b)
{
    int w = (int)strlen("figure");
    for (size_t i = 0; i < b->count; i++) {
        if (bench_wants(b, b->figs[i].name) && (int)strlen(b->figs[i].name) > w) {
            w = (int)strlen(b->figs[i].name);
        }
    }
    if (b->markdown) {
        printf("| figure | median | min | max | p95 | n | unit | note |\n");
        printf("|---|--:|--:|--:|--:|--:|---|---|\n");
    } else {
        printf("%-*s  %9s  %9s  %9s  %9s  %5s  %-4s  %s\n", w, "figure", "median", "min", "max",
               "p95", "n", "unit", "note");
    }
    for (size_t i = 0; i < b->count; i++) {
        const Figure *f = &b->figs[i];
        if (!bench_wants(b, f->name)) {
            continue;
        }
        char med[32] = "-", mn[32] = "-", mx[32] = "-", p95[32] = "-", n[16] = "-";
        if (!f->na) {
            fmt_value(med, sizeof med, f->median);
            fmt_value(mn, sizeof mn, f->min);
            fmt_value(mx, sizeof mx, f->max);
            if (f->has_p95) {
                fmt_value(p95, sizeof p95, f->p95);
            }
            snprintf(n, sizeof n, "%d", f->n);
        }
        if (b->markdown) {
            printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", f->name, med, mn, mx, p95, n,
                   f->unit, f->note);
        } else {
            printf("%-*s  %9s  %9s  %9s  %9s  %5s  %-4s  %s\n", w, f->name, med, mn, mx, p95, n,
                   f->unit, f->note);
        }
    }
}

/* ---- Main ------------------------------------------------------------------------------ */

/* The Bench that at_exit cleans up after. A measurement that cannot be made ends the
 * program with exit() from wherever it failed, and atexit() handlers take no argument:
 * this is the one piece of mutable state outside the Bench, set once in main. */
static Bench *cleanup_bench;
static bool cleanup_keep;

/* Stops Xvfb and removes the temporary directory, however the program ends. */
static void at_exit(void)
{
    Bench *b = cleanup_bench;
    if (!b) {
        return;
    }
    bench_stop_display(b);
    if (b->tmp[0] && !cleanup_keep) {
        nftw(b->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    }
    free(b->figs);
    b->figs = NULL;
}

/* The program measured: --mingel, else `mingel` in this program's directory. */
static int find_programs(Bench *b, const char *mingel)
{
    ssize_t n = readlink("/proc/self/exe", b->self, sizeof b->self - 1);
    if (n <= 0) {
        bench_log("cannot read /proc/self/exe");
        return -1;
    }
    b->self[n] = '\0';
    if (mingel) {
        snprintf(b->mingel, sizeof b->mingel, "%s", mingel);
    } else {
        snprintf(b->mingel, sizeof b->mingel, "%s", b->self);
        char *slash = strrchr(b->mingel, '/');
        snprintf(slash + 1, sizeof b->mingel - (size_t)(slash + 1 - b->mingel), "mingel");
    }
    if (access(b->mingel, X_OK) != 0) {
        bench_log("%s is not an executable (build it, or give --mingel PATH)", b->mingel);
        return -1;
    }
    if (paths_data_dir(b->data_dir, sizeof b->data_dir) != 0) {
        bench_log("cannot find the program's data: %s", b->data_dir);
        return -1;
    }
    return 0;
}

static int make_tmp(Bench *b)
{
    const char *t = getenv("TMPDIR");
    snprintf(b->tmp, sizeof b->tmp, "%s/mingel-bench.XXXXXX", t && t[0] ? t : "/tmp");
    if (!mkdtemp(b->tmp)) {
        bench_log("cannot make a directory in %s: %s", t && t[0] ? t : "/tmp", strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    /* The child behind the memory figures:
     * mingel-bench --child-session DB WxH DATA_DIR software|accelerated. */
    if (argc == 6 && strcmp(argv[1], "--child-session") == 0) {
        return bench_session_child(argv[2], argv[3], argv[4], argv[5]);
    }

    static const struct option OPTS[] = {{"quick", no_argument, NULL, 'q'},
                                         {"only", required_argument, NULL, 'o'},
                                         {"markdown", no_argument, NULL, 'm'},
                                         {"mingel", required_argument, NULL, 'p'},
                                         {"keep", no_argument, NULL, 'k'},
                                         {"help", no_argument, NULL, 'h'},
                                         {"video", required_argument, NULL, 'v'},
                                         {"accelerated", no_argument, NULL, 'a'},
                                         {0, 0, 0, 0}};
    bool keep = false;
    Bench b = {0};
    const char *mingel = NULL;
    int c;
    const char *videos = "dummy,xvfb";
    while ((c = getopt_long(argc, argv, "qo:mp:khv:a", OPTS, NULL)) != -1) {
        switch (c) {
        case 'q': b.quick = true; break;
        case 'o': b.only = optarg; break;
        case 'm': b.markdown = true; break;
        case 'p': mingel = optarg; break;
        case 'k': keep = true; break;
        case 'v': videos = optarg; break;
        case 'a': b.accelerated = true; break;
        case 'h': fputs(USAGE, stdout); return 0;
        default: fputs(USAGE, stderr); return 64;
        }
    }
    if (optind != argc || parse_videos(&b, videos) != 0) {
        fputs(USAGE, stderr);
        return 64;
    }
    const char *display = getenv("DISPLAY");
    snprintf(b.session_display, sizeof b.session_display, "%s", display ? display : "");
    if (find_programs(&b, mingel) != 0 || make_tmp(&b) != 0) {
        return 70;
    }
    cleanup_bench = &b;
    cleanup_keep = keep;
    atexit(at_exit);

    char load_before[128];
    read_first_line("/proc/loadavg", NULL, load_before, sizeof load_before);
    if (atof(load_before) > 0.5) {
        bench_log("the machine is busy (load average %s): figures may be disturbed", load_before);
    }
    int64_t started = bench_ns();

    static void (*const GROUPS[])(Bench *) = {
        bench_launch, bench_frames, bench_search, bench_store, bench_import,
        bench_memory, bench_idle,   bench_scan,   bench_sync,  bench_badges,
    };
    for (size_t i = 0; i < sizeof GROUPS / sizeof GROUPS[0]; i++) {
        GROUPS[i](&b);
    }
    bench_stop_display(&b);

    print_machine(&b, load_before);
    print_table(&b);
    printf("\ntotal benchmark time: %.1f s\n", bench_ms(started, bench_ns()) / 1000.0);
    if (keep) {
        printf("kept: %s\n", b.tmp);
    }
    exit(0); /* not return: at_exit needs b, which lives in this frame */
}
