/* bench: mingel-bench, the benchmark behind docs/BENCHMARKS.md.
 *
 * The targets in DESIGN.md ("Targets") are judged here, not in timed tests. The program
 * generates its own meetings (demo_make), writes its databases and files under $TMPDIR,
 * measures, and prints one table: each figure is the median of repeated runs with the
 * minimum and maximum (and the 95th percentile where a distribution matters). Figures come
 * in groups:
 *
 *   launch   the real program, fork/exec `mingel run` until its first presented frame
 *   frame    one frame of each screen, full and after one key press (the shell in process)
 *   search   name search per keystroke over 1,000 / 10,000 / 100,000 attendees
 *   store    durable check-ins and ratings, and the bare fsync they are bounded by
 *   import   100,000 attendees from a CSV file; exports (not written yet)
 *   memory   peak resident memory of a kiosk process after a scripted session
 *   idle     CPU of `mingel run` waiting on a screen where SDL really sleeps
 *   sync     live sharing between two kiosks over nats-server on loopback (sync.c)
 *   badge    a badge rendered, and a check-in to the job CUPS took (badges.c)
 *
 * launch.c holds the groups that run processes (launch, memory, idle), screens.c those
 * that drive the shell in this process (frame, and the memory session's child), core.c
 * the rest. Launch, frame, memory and idle are measured once per video setup (--video:
 * SDL's dummy driver, a private Xvfb, the session's X, the console, Wayland), with the
 * software renderer or, with --accelerated, the GPU one.
 *
 * A Bench holds the options, the figures gathered so far and the shared resources (the
 * temporary directory, a private Xvfb display, the generated meetings). Figures are added
 * with bench_add* and printed at the end; progress goes to stderr.
 */
#ifndef MINGEL_BENCH_H
#define MINGEL_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define BENCH_NAME_MAX 64
#define BENCH_NOTE_MAX 200
#define BENCH_PATH_MAX 1024

typedef struct Figure {
    char name[BENCH_NAME_MAX]; /* e.g. "search.100000.q3"; what the smoke test looks for */
    const char *unit;          /* "ms", "s", "MB", "%" (static) */
    bool na;                   /* not measured: note says why */
    double median, min, max;
    double p95; /* only when has_p95 */
    bool has_p95;
    int n; /* samples behind the figure */
    char note[BENCH_NOTE_MAX];
} Figure;

/* A way of putting the kiosk on a screen, measured as a group of rows named after it. */
typedef struct BenchVideo {
    const char *name;     /* in row names: dummy, xvfb, x11, kmsdrm, wayland */
    const char *driver;   /* SDL_VIDEODRIVER */
    bool xvfb;            /* on the bench's private Xvfb display */
    bool session_display; /* on the session's own $DISPLAY (a real X server) */
    bool blocks;          /* SDL_WaitEvent sleeps there: idle CPU means something */
} BenchVideo;

typedef struct Bench {
    /* Options. */
    bool quick;                 /* fewer repetitions, for the CI smoke test */
    bool markdown;              /* print a Markdown table */
    const char *only;           /* run only figures whose name starts with this (or a group) */
    bool accelerated;           /* SDL's accelerated (GPU) renderer instead of the software one */
    const BenchVideo *video[8]; /* the video setups measured (--video) */
    size_t videos;
    char session_display[64]; /* $DISPLAY as the bench found it, "" if unset */

    /* Paths. */
    char tmp[BENCH_PATH_MAX];      /* private directory under $TMPDIR, removed at the end */
    char mingel[BENCH_PATH_MAX];   /* the program measured */
    char self[BENCH_PATH_MAX];     /* this program, re-run for child sessions */
    char data_dir[BENCH_PATH_MAX]; /* fonts/ and assets/ */
    char db10k[BENCH_PATH_MAX];    /* a meeting of 10,000 attendees, made on first use */
    char db100k[BENCH_PATH_MAX];   /* and one of 100,000 */

    /* A private X display (Xvfb), started on first use if Xvfb is installed. */
    bool x_tried;
    pid_t xvfb_pid;
    char display[32]; /* ":N", "" when there is none */

    Figure *figs;
    size_t count, cap;
} Bench;

/* ---- Clock and statistics ----------------------------------------------------------- */

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bench_ns(void);

/* Milliseconds between two bench_ns readings. */
double bench_ms(int64_t from_ns, int64_t to_ns);

/* The median of v[0..n) (n > 0); v is not changed. */
double bench_median(const double *v, size_t n);

/* ---- Figures ------------------------------------------------------------------------ */

/* True if figures named `name` (a full name or a prefix such as a group) are wanted:
 * `--only` is unset, or one of the two is a prefix of the other. */
bool bench_wants(const Bench *b, const char *name);

/* Adds a figure from n samples (copied and sorted; n > 0): median, min, max and, if
 * with_p95, the 95th percentile. note may be NULL. */
void bench_add(Bench *b, const char *name, const char *unit, const double *samples, size_t n,
               bool with_p95, const char *note_fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* Adds a row that was not measured, with the reason ("n/a (no Xvfb)"). */
void bench_add_na(Bench *b, const char *name, const char *unit, const char *why_fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Progress and warnings, on stderr. */
void bench_log(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- Shared resources --------------------------------------------------------------- */

/* Writes the setup's name as used in row names into out: its name, with "-gpu" appended
 * when the accelerated renderer is measured. */
void bench_label(const Bench *b, const BenchVideo *v, char out[32]);

/* Readies a video setup: starts Xvfb for "xvfb". Stores the X display to use in *display
 * (NULL when the setup has none) and returns 0; or returns -1 with the reason for n/a rows
 * in *why (a static string). */
int bench_video_ready(Bench *b, const BenchVideo *v, const char **display, const char **why);

/* Writes "<b->tmp>/<name>" into out (capacity BENCH_PATH_MAX) and removes any database
 * there (with its -wal and -shm). */
void bench_tmp_path(const Bench *b, const char *name, char out[BENCH_PATH_MAX]);

/* Removes a database file with its -wal, -shm and -journal. */
void bench_remove_db(const char *path);

/* Copies a file (a closed database: its -wal is empty). Returns 0, or -1 with a message on
 * stderr. */
int bench_copy_file(const char *from, const char *to);

/* Creates the database at path holding the demo meeting (both phases, the thank-you screen
 * kept 120 s) with `attendees` generated attendees. Returns 0, or -1 with a message on
 * stderr. */
int bench_make_db(const char *path, size_t attendees);

/* The path of the shared 10,000-attendee database, made on first use; NULL on failure.
 * Users copy it before writing to it. */
const char *bench_db10k(Bench *b);

/* The same with 100,000 attendees. */
const char *bench_db100k(Bench *b);

/* The private X display (":N"), starting Xvfb (1920x1080x24) on first use; NULL if Xvfb is
 * not installed or would not start. */
const char *bench_display(Bench *b);

/* Stops Xvfb if it was started. */
void bench_stop_display(Bench *b);

/* A "Name:   value kB" field of /proc/<pid>/status ("self" for pid 0), in kB; -1 if
 * absent. */
long bench_status_kb(pid_t pid, const char *field);

/* ---- Groups (each file adds its figures) --------------------------------------------- */

void bench_launch(Bench *b); /* launch.c */
void bench_memory(Bench *b); /* launch.c: runs bench_session_child */
void bench_idle(Bench *b);   /* launch.c */
void bench_scan(Bench *b);   /* launch.c */
void bench_frames(Bench *b); /* screens.c */
void bench_search(Bench *b); /* core.c */
void bench_store(Bench *b);  /* core.c */
void bench_import(Bench *b); /* core.c */
void bench_sync(Bench *b);   /* sync.c: two kiosks over nats-server */
void bench_badges(Bench *b); /* badges.c */

/* The child process behind the memory figures: runs the kiosk (store, flow, ui, shell)
 * through a scripted session on the database at db, at size WxH, with the software
 * renderer or the accelerated one (renderer "software" or "accelerated"), on the video
 * driver its environment names, and prints "vmhwm-kb N vmrss-kb N frames N texts N
 * text-kb N" on stdout. Returns the exit status. (screens.c) */
int bench_session_child(const char *db, const char *size, const char *data_dir,
                        const char *renderer);

/* The SDL version linked, "2.x.y" (screens.c: the only bench file with SDL). */
const char *bench_sdl_version(void);

#endif
