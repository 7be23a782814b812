/* mingel: an offline check-in kiosk for meetings.
 *
 * The entry point: reads the command name and hands the rest of the command line to that
 * command. `run` starts the kiosk (the SDL shell around the flow); the organiser's
 * commands live in app/cli. Only startup may exit the program; once the kiosk runs,
 * every failure is shown on screen and the kiosk goes on.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "config.h"
#include "core/board.h"
#include "core/flow.h"
#include "core/paths.h"
#include "core/pin.h"
#include "core/service.h"
#include "core/sync.h"
#include "core/syncconf.h"
#include "core/textfile.h"
#include "sdl/boardshell.h"
#include "sdl/display.h"
#include "sdl/shell.h"

static const char USAGE[] =
    "usage: mingel COMMAND [OPTIONS]\n"
    "\n"
    "An offline check-in kiosk for meetings.\n"
    "\n"
    "Commands:\n"
    "  run      start the kiosk (fullscreen, touch)\n"
    "  board    show who is here on a screen in the room (a TV, a projector)\n"
    "  import   load a meeting: mingel import [--check] EVENT.ini [ATTENDEES]\n"
    "  stats    print expected / checked in / walk-ins (--list: who is here)\n"
    "  export   write the data as CSV, an Excel workbook, JSON or a one-page report\n"
    "  set-pin  set the admin PIN (typed twice; only its hash is stored)\n"
    "  merge    take in other kiosks' databases: mingel merge OTHER.db ...\n"
    "  purge    remove names and check-ins past the retention time (--dry-run)\n"
    "  badges   name badges of the attendees, to PDF files or the printer\n"
    "  import-responses  the longer form's answers, joined by the QR link's token\n"
    "  hub      prepare this kiosk's NATS server for live sharing of a meeting\n"
    "\n"
    "Options for every command:\n"
    "  --db PATH     the database file (default: $XDG_DATA_HOME/mingel/mingel.db,\n"
    "                i.e. ~/.local/share/mingel/mingel.db; on a kiosk set up by the\n"
    "                package, /var/lib/mingel/mingel.db for root and for the service)\n"
    "  --help        help for the command\n"
    "\n"
    "  mingel --version   print the version\n"
    "\n"
    "Exit status: 0 success, 64 wrong command line, 65 bad event or attendee file,\n"
    "66 a file cannot be read, 69 no display to show the kiosk on (run), 70 internal\n"
    "error, 73 database cannot be created, 74 database cannot be read or written.\n";

static const char RUN_USAGE[] =
    "usage: mingel run [--db PATH] [--demo] [--windowed] [--size WxH] [--cover]\n"
    "                  [--accelerated] [--sync FILE] [--name NAME]\n"
    "                  [--screen-mm WxH]\n"
    "\n"
    "Starts the kiosk on the current meeting (see `mingel import`).\n"
    "  --demo          run the built-in demo meeting (its own database, demo.db;\n"
    "                  its admin PIN is 123456)\n"
    "  --windowed      a window instead of fullscreen\n"
    "  --size WxH      window size in pixels (implies --windowed; default 1280x800)\n"
    "  --cover         cover the display with a borderless window instead of asking a\n"
    "                  window manager for fullscreen: for an X session with no window\n"
    "                  manager (a bare kiosk), where it starts about 100 ms sooner\n"
    "  --accelerated   use the GPU renderer (default: software, which starts faster\n"
    "                  and uses far less memory where there is no real GPU)\n"
    "  --screen-mm WxH the panel's visible picture in millimetres, e.g. 155x87 for\n"
    "                  the Pi 7\" display: touch targets and text are sized in mm on\n"
    "                  the glass (default: what the display reports, else the usual\n"
    "                  panel of the screen's pixel size; also MINGEL_SCREEN_MM=WxH)\n"
    "  --sync FILE     share the meeting live with the other kiosks through the NATS\n"
    "                  server its [sync] section names (server, user and password or\n"
    "                  credentials, ca, name); without it the kiosk works alone\n"
    "  --name NAME     this kiosk's name for people and the other kiosks (\"Kiosk A\",\n"
    "                  \"Entré norr\"; at most 63 bytes): \"already checked in (Kiosk A,\n"
    "                  09:12)\" at the others, the admin screen's kiosk list. Default:\n"
    "                  the [sync] file's name, else the name it had, else the host name\n"
    "\n"
    "In fullscreen the kiosk cannot be left by a visitor (window close, Alt+F4, Alt+Tab\n"
    "do nothing); the organiser holds the top-left corner of the welcome screen for 3 s\n"
    "and enters the admin PIN (mingel set-pin) to reach the admin screen and leave.\n"
    "SIGTERM and SIGINT end it cleanly.\n"
    "With a [badge] section in the meeting's event file, each check-in prints the\n"
    "person's name badge through CUPS (see mingel badges); the admin screen shows the\n"
    "printer's state and reprints.\n"
    "\n"
    "Environment: MINGEL_DATA_DIR overrides where fonts are found;\n"
    "MINGEL_EXPORT_DIR=DIR sends admin exports to DIR instead of a USB stick;\n"
    "MINGEL_SCREEN_MM=WxH is --screen-mm (the option wins);\n"
    "MINGEL_DEBUG_TARGETS=FILE writes each frame's touch targets to FILE and appends\n"
    "each screen change, tap, ignored tap and scan to FILE.screens (for tests);\n"
    "MINGEL_EXIT_AFTER_FIRST_FRAME=1 exits once the first frame is shown, printing\n"
    "\"first-frame-ms N\" on stderr (N: ms since `run` started; for mingel-bench).\n";

/* The demo meeting's admin PIN (demo.db only; printed when the demo starts). */
#define DEMO_PIN "123456"

static int parse_size(const char *s, int *w, int *h)
{
    char tail;
    if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 320 || *h < 240 || *w > 16384 ||
        *h > 16384) {
        return -1;
    }
    return 0;
}

/* --size WIDTHxHEIGHT: a window of that size. */
static int parse_size_option(void *ctx, const char *value)
{
    ShellOptions *opt = ctx;
    if (parse_size(value, &opt->width, &opt->height) != 0) {
        fprintf(stderr, "mingel: --size wants WIDTHxHEIGHT, e.g. 800x480 (got '%s')\n", value);
        return CLI_USAGE;
    }
    opt->windowed = true;
    return CLI_GO_ON;
}

/* "WxH" in millimetres (decimals allowed): 20 to 5000 mm each. */
static int parse_mm(const char *s, double *w, double *h)
{
    char tail;
    if (!s || sscanf(s, "%lfx%lf%c", w, h, &tail) != 2 || !(*w >= 20 && *w <= 5000) ||
        !(*h >= 20 && *h <= 5000)) {
        return -1;
    }
    return 0;
}

/* --screen-mm WIDTHxHEIGHT: the panel's physical size. */
static int parse_screen_mm_option(void *ctx, const char *value)
{
    ShellOptions *opt = ctx;
    if (parse_mm(value, &opt->screen_mm_w, &opt->screen_mm_h) != 0) {
        fprintf(stderr,
                "mingel: --screen-mm wants WIDTHxHEIGHT in millimetres, e.g. 155x87 (got '%s')\n",
                value);
        return CLI_USAGE;
    }
    return CLI_GO_ON;
}

/* CLOCK_MONOTONIC in milliseconds, with sub-millisecond precision. */
static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The store's commit hook: a record was committed, publish it soon. */
static void nudge_sync(void *ctx)
{
    sync_nudge(ctx);
}

/* Reads the [sync] settings of path into *cfg; a message and CLI_DATAERR/NOINPUT if not. */
static int read_sync_file(const char *path, SyncConfig *cfg)
{
    char *data = NULL, err[1024];
    size_t len = 0;
    if (textfile_read(path, SYNCCONF_FILE_MAX, &data, &len, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_NOINPUT;
    }
    int rc = syncconf_parse(path, data, len, cfg, err, sizeof err);
    free(data);
    if (rc != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_DATAERR;
    }
    return CLI_OK;
}

/* Names this kiosk (store.h, "Kiosk names"): --name, else the [sync] file's name, else the
 * name it already has, else the host name. A failure only costs the name: said, not fatal. */
static void name_kiosk(Store *st, const char *given, const char *from_sync)
{
    char name[STORE_DEVICE_NAME_MAX] = "", host[256] = "";
    const char *use = given && *given ? given : from_sync && *from_sync ? from_sync : NULL;
    if (!use) {
        if (store_device_name(st, store_device_id(st), name, sizeof name, NULL) == STORE_OK) {
            return;
        }
        if (gethostname(host, sizeof host - 1) != 0 || !host[0]) {
            return;
        }
        host[strcspn(host, ".")] = '\0'; /* "kiosk-a.local": kiosk-a */
        host[STORE_DEVICE_NAME_MAX - 1] = '\0';
        use = host;
    }
    if (store_device_name_set(st, use, ids_now_ms()) != STORE_OK) {
        fprintf(stderr, "mingel: the kiosk cannot be named '%s': %s\n", use, store_last_error(st));
    }
}

/* Runs the event loop until the first frame is on screen. Returns false if the kiosk was
 * asked to quit before that. */
static bool run_to_first_frame(Shell *sh)
{
    ShellStats stats;
    shell_stats(sh, &stats);
    while (stats.frames == 0 && shell_step(sh, 10)) {
        shell_stats(sh, &stats);
    }
    return stats.frames > 0;
}

static int cmd_run(int argc, char **argv)
{
    const double started_ms = monotonic_ms();
    const char *db = NULL, *sync_file = NULL, *kiosk_name = NULL;
    bool demo = false, accelerated = false;
    ShellOptions opt = {.width = 1280, .height = 800, .software = true};
    const CliOption opts[] = {
        {.name = "db", .letter = 'd', .value = &db},
        {.name = "demo", .letter = 'D', .flag = &demo},
        {.name = "windowed", .letter = 'w', .flag = &opt.windowed},
        {.name = "size", .letter = 's', .parse = parse_size_option, .ctx = &opt},
        {.name = "accelerated", .letter = 'a', .flag = &accelerated},
        {.name = "cover", .letter = 'c', .flag = &opt.cover_display},
        {.name = "sync", .letter = 'S', .value = &sync_file},
        {.name = "screen-mm", .letter = 'm', .parse = parse_screen_mm_option, .ctx = &opt},
        {.name = "name", .letter = 'N', .value = &kiosk_name},
        {0}};
    /* The environment first, so that the command line wins. */
    const char *env_mm = getenv("MINGEL_SCREEN_MM");
    if (env_mm && env_mm[0] && parse_mm(env_mm, &opt.screen_mm_w, &opt.screen_mm_h) != 0) {
        fprintf(stderr, "mingel: MINGEL_SCREEN_MM wants WIDTHxHEIGHT in millimetres (got '%s')\n",
                env_mm);
        return CLI_USAGE;
    }
    int pos;
    int rc = cli_parse(argc, argv, RUN_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    opt.software = !accelerated;
    SyncConfig sync_cfg;
    memset(&sync_cfg, 0, sizeof sync_cfg);
    if (sync_file && (rc = read_sync_file(sync_file, &sync_cfg)) != CLI_OK) {
        return rc;
    }
    if (kiosk_name && !store_device_name_ok(kiosk_name)) {
        fprintf(stderr,
                "mingel: --name '%s' cannot be a kiosk's name; give 1 to %d bytes of "
                "text\n",
                kiosk_name, STORE_DEVICE_NAME_MAX - 1);
        return CLI_USAGE;
    }

    char data_dir[4096], err[1024];
    if (paths_data_dir(data_dir, sizeof data_dir) != 0) {
        fprintf(stderr, "mingel: cannot find the program's data: %s\n", data_dir);
        return CLI_NOINPUT;
    }
    opt.data_dir = data_dir;
    opt.targets_path = getenv("MINGEL_DEBUG_TARGETS");
    /* Under systemd's watchdog (WatchdogSec= in the unit) the event loop proves it turns. */
    opt.alive_interval_ms = service_alive_interval_ms();
    opt.alive = opt.alive_interval_ms > 0 ? service_alive : NULL;

    Store *st = NULL;
    rc = cli_open_store(db, demo ? "demo.db" : "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    if (demo) {
        char today[16];
        time_t t = time(NULL);
        struct tm tm;
        localtime_r(&t, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        rc = cli_ensure_demo(st, today);
        if (rc != CLI_OK) {
            store_close(st);
            return rc;
        }
    }

    if (pin_init() != 0) {
        fprintf(stderr, "mingel: libsodium cannot be initialised; the admin PIN cannot work\n");
        store_close(st);
        return CLI_SOFTWARE;
    }
    name_kiosk(st, kiosk_name, sync_cfg.name);
    char hash[STORE_PIN_HASH_MAX];
    bool has_pin = store_pin_get(st, hash) == STORE_OK;
    /* The demo is locked down like a real kiosk, so it needs a way out that a new user can
     * read: a fixed PIN, for the demo's own database only. */
    if (demo && !has_pin && pin_hash(DEMO_PIN, hash) == 0 && store_pin_set(st, hash) == STORE_OK) {
        has_pin = true;
    }
    if (demo) {
        fprintf(stderr,
                "mingel: demo: hold the top-left corner for 3 s and enter the admin PIN "
                "%s to reach the admin screen and leave (or press Ctrl+C here)\n",
                DEMO_PIN);
    } else if (!has_pin) {
        fprintf(stderr, "mingel: no admin PIN is set, so nobody can reach the admin screen or "
                        "leave the kiosk from it; set one with `mingel set-pin`\n");
    }
    FlowConfig cfg = flow_default_config();
    cfg.export_dir = getenv("MINGEL_EXPORT_DIR");
    /* Name badges (core/printq): a worker thread on a connection of its own; it idles
     * when the meeting prints none. Not for the demo. */
    PrintQueue *printq = NULL;
    char db_path[4096], fonts_dir[4200];
    if (!demo && (db ? snprintf(db_path, sizeof db_path, "%s", db) > 0
                     : paths_default_db("mingel.db", db_path, sizeof db_path) == 0)) {
        snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", data_dir);
        PrintQueueConfig pc = printq_default_config();
        pc.db_path = db_path;
        pc.fonts_dir = fonts_dir;
        pc.changed = shell_wake;
        printq = printq_start(&pc, err, sizeof err);
        if (!printq) {
            fprintf(stderr, "mingel: badges will not be printed: %s\n", err);
        }
    }
    cfg.printq = printq;
    Flow *flow = flow_new(st, &cfg, ids_now_ms(), err, sizeof err);
    if (!flow) {
        fprintf(stderr, "mingel: %s\n", err);
        printq_free(printq);
        store_close(st);
        return CLI_IOERR;
    }
    if (!flow_view(flow)->event) {
        fprintf(stderr, "mingel: no meeting loaded; the kiosk says so on screen. Load one "
                        "with `mingel import EVENT.ini ATTENDEES.csv`\n");
    }

    /* A screen a person can see (sdl/display.h). Outside systemd, none is an error to
     * report at once; under systemd the DRM device may appear later in the boot, so the
     * kiosk waits, says so in the journal and in its status, and tries again with backoff
     * (1, 2, 4 ... 30 s) rather than exit into a restart loop. */
    if (display_find(opt.windowed, err, sizeof err) != 0) {
        if (!service_supervised()) {
            fprintf(stderr,
                    "mingel: no display to show the kiosk on. Tried %s. Run it in a desktop "
                    "session (DISPLAY or WAYLAND_DISPLAY set) or on a console with a DRM "
                    "device (/dev/dri/card0), or name a driver in SDL_VIDEODRIVER\n",
                    err);
            flow_free(flow);
            printq_free(printq);
            store_close(st);
            return CLI_UNAVAILABLE;
        }
        int64_t wait_ms = 1000;
        for (int tries = 1;; tries++) {
            char status[1200];
            snprintf(status, sizeof status,
                     "waiting for a display (try %d; %s); next try in %lld s", tries, err,
                     (long long)(wait_ms / 1000));
            fprintf(stderr, "mingel: %s\n", status);
            service_waiting(status, wait_ms);
            struct timespec ts = {(time_t)(wait_ms / 1000), (long)(wait_ms % 1000) * 1000000L};
            while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
            }
            if (display_find(opt.windowed, err, sizeof err) == 0) {
                fprintf(stderr, "mingel: a display is there after %d tries\n", tries + 1);
                break;
            }
            wait_ms = wait_ms * 2 > 30000 ? 30000 : wait_ms * 2;
        }
    }
    Shell *sh = shell_open(&opt, flow, err, sizeof err);
    if (!sh) {
        fprintf(stderr, "mingel: cannot start the display: %s\n", err);
        flow_free(flow);
        printq_free(printq);
        store_close(st);
        return CLI_SOFTWARE;
    }
    /* Live sharing: its own thread and connection; the kiosk only nudges it after a
     * commit and is woken when other kiosks' records were taken in. */
    Sync *sync = NULL;
    if (sync_file && flow_view(flow)->event) {
        sync = sync_start(st, flow_view(flow)->event->key, &sync_cfg, shell_wake, NULL, err,
                          sizeof err);
        if (!sync) {
            fprintf(stderr, "mingel: live sharing cannot start: %s\n", err);
        } else {
            store_on_commit(st, nudge_sync, sync);
            flow_set_sync(flow, sync);
        }
    } else if (sync_file) {
        fprintf(stderr, "mingel: no meeting loaded, so nothing is shared live\n");
    }
    /* systemd counts the kiosk as started (Type=notify) once its first frame is shown. */
    bool shown = run_to_first_frame(sh);
    const FlowView *view = flow_view(flow);
    char status[320];
    snprintf(status, sizeof status, "showing the kiosk for %s",
             view->event ? view->event->title : "no meeting (none imported)");
    service_ready(status);
    /* The benchmark's launch figure (app/bench, docs/BENCHMARKS.md): with
     * MINGEL_EXIT_AFTER_FIRST_FRAME set, `run` stops once a frame has been presented and
     * prints "first-frame-ms N" on stderr, N being milliseconds since `run` started. */
    const char *first_only = getenv("MINGEL_EXIT_AFTER_FIRST_FRAME");
    if (first_only && first_only[0] && strcmp(first_only, "0") != 0) {
        fprintf(stderr, "first-frame-ms %.3f\n", monotonic_ms() - started_ms);
        rc = shown ? CLI_OK : CLI_SOFTWARE;
    } else {
        rc = shown ? shell_run(sh) : CLI_OK;
    }
    service_stopping();
    /* Before the window goes (the worker's last nudge finds SDL still up); what it did last
     * is written to the store before the flow goes. */
    printq_stop(printq);
    flow_badge_poll(flow, ids_now_ms());
    store_on_commit(st, NULL, NULL);
    flow_set_sync(flow, NULL);
    sync_stop(sync);
    shell_close(sh);
    flow_free(flow);
    printq_free(printq);
    store_close(st);
    return rc;
}

static const char BOARD_USAGE[] =
    "usage: mingel board [--db PATH] [--display N] [--windowed] [--size WxH] [--cover]\n"
    "                    [--accelerated] [--screenshot FILE]\n"
    "\n"
    "Shows who is here on a second screen (a TV or projector, often the kiosk machine's\n"
    "second display): the people checked in who agreed to the participant list, grouped by\n"
    "organisation, those new to the network, and who wants to talk about each of the\n"
    "meeting's topics (topics = ... in the event file). It reads the kiosk's database\n"
    "file and follows it: a check-in shows within about a second. Someone who took\n"
    "themselves off the board at the kiosk is not shown.\n"
    "  --display N       fullscreen on display N (1 the first, 2 the second; default 1)\n"
    "  --windowed        a window instead of fullscreen (Escape or q closes it)\n"
    "  --size WxH        window size in pixels (implies --windowed; default 1280x720)\n"
    "  --cover           a borderless window over the display, for an X session with no\n"
    "                    window manager\n"
    "  --accelerated     use the GPU renderer (default: software)\n"
    "  --screenshot FILE draw the board once into FILE (PNG) and exit\n"
    "\n"
    "SIGTERM and SIGINT end it. MINGEL_BOARD_STATS=1 prints how often it woke, looked at\n"
    "the database and drew, when it ends (for the benchmark).\n";

/* --display N: 1-based for people, SDL's index is 0-based. */
static int parse_display_option(void *ctx, const char *value)
{
    BoardShellOptions *opt = ctx;
    char tail;
    int n;
    if (sscanf(value, "%d%c", &n, &tail) != 1 || n < 1 || n > 16) {
        fprintf(stderr, "mingel: --display wants a number from 1 (got '%s')\n", value);
        return CLI_USAGE;
    }
    opt->display = n - 1;
    return CLI_GO_ON;
}

static int parse_board_size(void *ctx, const char *value)
{
    BoardShellOptions *opt = ctx;
    if (parse_size(value, &opt->width, &opt->height) != 0) {
        fprintf(stderr, "mingel: --size wants WIDTHxHEIGHT, e.g. 1920x1080 (got '%s')\n", value);
        return CLI_USAGE;
    }
    opt->windowed = true;
    return CLI_GO_ON;
}

static int cmd_board(int argc, char **argv)
{
    const char *db = NULL, *shot = NULL;
    bool accelerated = false;
    BoardShellOptions opt = {.width = 1280, .height = 720, .poll_ms = 1000};
    const CliOption opts[] = {
        {.name = "db", .letter = 'd', .value = &db},
        {.name = "display", .letter = 'n', .parse = parse_display_option, .ctx = &opt},
        {.name = "windowed", .letter = 'w', .flag = &opt.windowed},
        {.name = "size", .letter = 's', .parse = parse_board_size, .ctx = &opt},
        {.name = "cover", .letter = 'c', .flag = &opt.cover_display},
        {.name = "accelerated", .letter = 'a', .flag = &accelerated},
        {.name = "screenshot", .letter = 'S', .value = &shot},
        {0}};
    int pos;
    int rc = cli_parse(argc, argv, BOARD_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    opt.software = !accelerated;
    if (shot) {
        /* A picture of the board at --size, whatever displays there are: drawn in memory. */
        opt.windowed = true;
        setenv("SDL_VIDEODRIVER", "offscreen", 0);
    }
    char data_dir[4096], err[1024];
    if (paths_data_dir(data_dir, sizeof data_dir) != 0) {
        fprintf(stderr, "mingel: cannot find the program's data: %s\n", data_dir);
        return CLI_NOINPUT;
    }
    opt.data_dir = data_dir;
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    Board *board = board_new(st);
    if (!board || board_read(board, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "mingel: %s\n", board ? err : "out of memory");
        board_free(board);
        store_close(st);
        return CLI_IOERR;
    }
    if (!board_view(board)->has_event) {
        fprintf(stderr, "mingel: no meeting loaded; the board says so. Load one with "
                        "`mingel import EVENT.ini ATTENDEES.csv`\n");
    }
    if (!shot && display_find(opt.windowed, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: no display to show the board on. Tried %s\n", err);
        board_free(board);
        store_close(st);
        return CLI_UNAVAILABLE;
    }
    BoardShell *bs = boardshell_open(&opt, board, err, sizeof err);
    if (!bs) {
        fprintf(stderr, "mingel: cannot start the display: %s\n", err);
        board_free(board);
        store_close(st);
        return CLI_SOFTWARE;
    }
    if (shot) {
        rc = boardshell_screenshot(bs, shot, err, sizeof err) == 0 ? CLI_OK : CLI_CANTCREAT;
        if (rc != CLI_OK) {
            fprintf(stderr, "mingel: %s\n", err);
        }
    } else {
        rc = boardshell_run(bs);
    }
    const char *stats = getenv("MINGEL_BOARD_STATS");
    if (stats && stats[0] && strcmp(stats, "0") != 0) {
        BoardShellStats s;
        boardshell_stats(bs, &s);
        fprintf(stderr, "board-stats wakeups=%llu polls=%llu reads=%llu frames=%llu\n",
                (unsigned long long)s.wakeups, (unsigned long long)s.polls,
                (unsigned long long)s.reads, (unsigned long long)s.frames);
    }
    boardshell_close(bs);
    board_free(board);
    store_close(st);
    return rc;
}

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
} Command;

/* clang-format off */
static const Command COMMANDS[] = {
    {"run", cmd_run},         {"import", cli_import}, {"stats", cli_stats}, {"export", cli_export},
    {"set-pin", cli_set_pin}, {"merge", cli_merge},   {"purge", cli_purge}, {"badges", cli_badges},
    {"import-responses", cli_import_responses},
    {"hub", cli_hub},
    {"board", cmd_board},
};
/* clang-format on */

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(USAGE, stderr);
        return CLI_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(USAGE, stdout);
        return CLI_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("mingel %s\n", MINGEL_VERSION);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++) {
        if (strcmp(cmd, COMMANDS[i].name) == 0) {
            return COMMANDS[i].run(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "mingel: unknown command '%s'\n\n%s", cmd, USAGE);
    return CLI_USAGE;
}
