/* mingel: an offline check-in kiosk for meetings.
 *
 * The entry point: reads the command name and hands the rest of the command line to that
 * command. `run` starts the kiosk (the SDL shell around the flow); the organiser's
 * commands live in app/cli. Only startup may exit the program; once the kiosk runs,
 * every failure is shown on screen and the kiosk goes on.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "config.h"
#include "core/flow.h"
#include "core/paths.h"
#include "core/pin.h"
#include "core/service.h"
#include "sdl/shell.h"

static const char USAGE[] =
    "usage: mingel COMMAND [OPTIONS]\n"
    "\n"
    "An offline check-in kiosk for meetings.\n"
    "\n"
    "Commands:\n"
    "  run      start the kiosk (fullscreen, touch)\n"
    "  import   load a meeting: mingel import EVENT.ini [ATTENDEES.csv]\n"
    "  stats    print expected / checked in / walk-ins (--list: who is here)\n"
    "  export   write the data as CSV, JSON or a one-page HTML report\n"
    "  set-pin  set the admin PIN (typed twice; only its hash is stored)\n"
    "  merge    take in other kiosks' databases: mingel merge OTHER.db ...\n"
    "  purge    remove names and check-ins past the retention time (--dry-run)\n"
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
    "66 a file cannot be read, 70 internal error, 73 database cannot be created,\n"
    "74 database cannot be read or written.\n";

static const char RUN_USAGE[] =
    "usage: mingel run [--db PATH] [--demo] [--windowed] [--size WxH] [--cover]\n"
    "                  [--accelerated]\n"
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
    "\n"
    "In fullscreen the kiosk cannot be left by a visitor (window close, Alt+F4, Alt+Tab\n"
    "do nothing); the organiser holds the top-left corner of the welcome screen for 3 s\n"
    "and enters the admin PIN (mingel set-pin) to reach the admin screen and leave.\n"
    "SIGTERM and SIGINT end it cleanly.\n"
    "\n"
    "Environment: MINGEL_DATA_DIR overrides where fonts are found;\n"
    "MINGEL_EXPORT_DIR=DIR sends admin exports to DIR instead of a USB stick;\n"
    "MINGEL_DEBUG_TARGETS=FILE writes each frame's touch targets to FILE (for tests);\n"
    "MINGEL_EXIT_AFTER_FIRST_FRAME=1 exits once the first frame is shown, printing\n"
    "\"first-frame-ms N\" on stderr (N: ms since `run` started; for mingel-bench).\n";

/* The demo meeting's admin PIN (demo.db only; printed when the demo starts). */
#define DEMO_PIN "123456"

static int parse_size(const char *s, int *w, int *h)
{
    char tail;
    if (sscanf(s, "%dx%d%c", w, h, &tail) != 2 || *w < 320 || *h < 240 || *w > 16384 || *h > 16384)
        return -1;
    return 0;
}

/* CLOCK_MONOTONIC in milliseconds, with sub-millisecond precision. */
static double monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Runs the event loop until the first frame is on screen. Returns false if the kiosk was
 * asked to quit before that. */
static bool run_to_first_frame(Shell *sh)
{
    ShellStats stats;
    shell_stats(sh, &stats);
    while (stats.frames == 0 && shell_step(sh, 10))
        shell_stats(sh, &stats);
    return stats.frames > 0;
}

static int cmd_run(int argc, char **argv)
{
    const double started_ms = monotonic_ms();
    static const struct option OPTS[] = {
        {"db", required_argument, NULL, 'd'},    {"demo", no_argument, NULL, 'D'},
        {"windowed", no_argument, NULL, 'w'},    {"size", required_argument, NULL, 's'},
        {"accelerated", no_argument, NULL, 'a'}, {"cover", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},        {0, 0, 0, 0}};
    const char *db = NULL;
    bool demo = false;
    ShellOptions opt = {.width = 1280, .height = 800, .software = true};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:Dws:ach", OPTS, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'D': demo = true; break;
        case 'w': opt.windowed = true; break;
        case 's':
            if (parse_size(optarg, &opt.width, &opt.height) != 0) {
                fprintf(stderr, "mingel: --size wants WIDTHxHEIGHT, e.g. 800x480 (got '%s')\n",
                        optarg);
                return CLI_USAGE;
            }
            opt.windowed = true;
            break;
        case 'a': opt.software = false; break;
        case 'c': opt.cover_display = true; break;
        case 'h': fputs(RUN_USAGE, stdout); return CLI_OK;
        default: fputs(RUN_USAGE, stderr); return CLI_USAGE;
        }
    }
    if (optind != argc) {
        fputs(RUN_USAGE, stderr);
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
    int rc = cli_open_store(db, demo ? "demo.db" : "mingel.db", &st);
    if (rc != CLI_OK)
        return rc;
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
    char hash[STORE_PIN_HASH_MAX];
    bool has_pin = store_pin_get(st, hash) == STORE_OK;
    /* The demo is locked down like a real kiosk, so it needs a way out that a new user can
     * read: a fixed PIN, for the demo's own database only. */
    if (demo && !has_pin && pin_hash(DEMO_PIN, hash) == 0 && store_pin_set(st, hash) == STORE_OK)
        has_pin = true;
    if (demo)
        fprintf(stderr,
                "mingel: demo: hold the top-left corner for 3 s and enter the admin PIN "
                "%s to reach the admin screen and leave (or press Ctrl+C here)\n",
                DEMO_PIN);
    else if (!has_pin)
        fprintf(stderr, "mingel: no admin PIN is set, so nobody can reach the admin screen or "
                        "leave the kiosk from it; set one with `mingel set-pin`\n");
    FlowConfig cfg = flow_default_config();
    cfg.export_dir = getenv("MINGEL_EXPORT_DIR");
    Flow *flow = flow_new(st, &cfg, ids_now_ms(), err, sizeof err);
    if (!flow) {
        fprintf(stderr, "mingel: %s\n", err);
        store_close(st);
        return CLI_IOERR;
    }
    if (!flow_view(flow)->event)
        fprintf(stderr, "mingel: no meeting loaded; the kiosk says so on screen. Load one "
                        "with `mingel import EVENT.ini ATTENDEES.csv`\n");

    Shell *sh = shell_open(&opt, flow, err, sizeof err);
    if (!sh) {
        fprintf(stderr, "mingel: cannot start the display: %s\n", err);
        flow_free(flow);
        store_close(st);
        return CLI_SOFTWARE;
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
    shell_close(sh);
    flow_free(flow);
    store_close(st);
    return rc;
}

typedef struct Command {
    const char *name;
    int (*run)(int argc, char **argv);
} Command;

static const Command COMMANDS[] = {
    {"run", cmd_run},         {"import", cli_import}, {"stats", cli_stats}, {"export", cli_export},
    {"set-pin", cli_set_pin}, {"merge", cli_merge},   {"purge", cli_purge},
};

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
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        if (strcmp(cmd, COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "mingel: unknown command '%s'\n\n%s", cmd, USAGE);
    return CLI_USAGE;
}
