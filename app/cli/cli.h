/* cli: the organiser's commands (import, stats, export, set-pin, merge, purge) and what
 * they share with `run`.
 *
 * Each command takes the arguments after its name (argv[0] is the command name, as
 * getopt expects) and returns the process exit status; messages go to stdout (results)
 * and stderr (errors, naming the file and line and what to do).
 *
 * The library mingel_cli links mingel_core only: no UI, no SDL (test_cli links it alone,
 * so a slip is a link error). Commands run on the main thread; they own the Store they
 * open and close it before returning.
 */
#ifndef MINGEL_CLI_H
#define MINGEL_CLI_H

#include <stdbool.h>

#include "core/event.h"
#include "core/store.h"

/* Exit statuses, from sysexits.h so scripts can tell a bad file from a broken disk. */
enum {
    CLI_OK = 0,
    CLI_USAGE = 64,       /* EX_USAGE: wrong command line */
    CLI_DATAERR = 65,     /* EX_DATAERR: a bad event or attendee file */
    CLI_NOINPUT = 66,     /* EX_NOINPUT: a file that cannot be read */
    CLI_UNAVAILABLE = 69, /* EX_UNAVAILABLE: no display to show the kiosk on */
    CLI_SOFTWARE = 70,    /* EX_SOFTWARE: out of memory, internal error */
    CLI_CANTCREAT = 73,   /* EX_CANTCREAT: cannot create the database */
    CLI_IOERR = 74,       /* EX_IOERR: the database cannot be read or written */
};

/* ---- The one option parser of every command (options.c) ----------------------------
 * Each command describes its options in a table and calls cli_parse, which runs getopt_long
 * over it (so messages and permutation are getopt's) and adds --help/-h to every command.
 * An option does one of: set a flag, keep its value (the last one given), keep every value
 * of a repeatable option in order, or hand its value to the command's own check. */

#define CLI_GO_ON       (-1) /* cli_parse: go on with the command (not an exit status) */
#define CLI_OPTIONS_MAX 16   /* options of one command, --help not counted */
#define CLI_LIST_MAX    32   /* values of one repeatable option */

typedef struct CliList {
    const char *items[CLI_LIST_MAX]; /* pointers into argv, in the order given */
    size_t count;
} CliList;

typedef struct CliOption {
    const char *name;   /* the long name, without "--"; NULL ends a table */
    char letter;        /* the short form (-d), or 0 for none */
    bool *flag;         /* a flag: set to true */
    const char **value; /* a value: the last one given (a pointer into argv) */
    CliList *list;      /* a repeatable value: every one, in order */
    /* A value the command checks: returns CLI_GO_ON, or an exit status after saying why. */
    int (*parse)(void *ctx, const char *value);
    void *ctx;
} CliOption;

/* Parses argv[1..argc) (argv[0] is the command's name, as getopt expects) against opts.
 * Returns CLI_GO_ON with *first set to the index of the first positional argument, or the
 * status the command exits with: CLI_OK after --help (usage on stdout); CLI_USAGE after an
 * unknown option, a missing value, a repeatable option given more than CLI_LIST_MAX times,
 * or fewer than min_args or more than max_args positional arguments (max_args < 0: any
 * number), with usage on stderr; or what a parse function returned. Uses getopt's global
 * state: one thread, one parse at a time. */
int cli_parse(int argc, char **argv, const char *usage, const CliOption *opts, int min_args,
              int max_args, int *first);

/* Opens the database at db_path, or at the default location for default_name when
 * db_path is NULL. Prints a clear message and returns an exit status on failure. */
int cli_open_store(const char *db_path, const char *default_name, Store **out);

/* The exit status that fits a store failure. */
int cli_status_for(StoreStatus st);

/* Makes sure the database holds today's demo meeting (today_iso "YYYY-MM-DD"). */
int cli_ensure_demo(Store *st, const char *today_iso);

int cli_import(int argc, char **argv);
int cli_stats(int argc, char **argv);
int cli_set_pin(int argc, char **argv); /* admin_cmd.c: the admin PIN, hashed */
int cli_merge(int argc, char **argv);   /* admin_cmd.c: other kiosks' databases into this one */
int cli_purge(int argc, char **argv);   /* admin_cmd.c: personal data past retention */
int cli_badges(int argc, char **argv);  /* badge_cmd.c: name badges to files or the printer */
/* badge_cmd.c: after an import, stores the badge logo's bytes and says what badges the
 * meeting prints. Returns an exit status. */
int cli_badge_import(Store *st, const char *event_id, const EventInfo *ev);
/* admin_cmd.c: stats' "Retention:" line, and a warning on stderr when a purge is due. */
void cli_retention_line(const EventInfo *ev, const StoreStats *stats, int64_t now_ms);
int cli_export(int argc, char **argv); /* export_cmd.c: CSV, JSON, the HTML report */
/* responses_cmd.c: the follow-up form's answers, joined by the anonymous token */
int cli_import_responses(int argc, char **argv);
int cli_hub(int argc, char **argv); /* hub_cmd.c: this kiosk's NATS server for an event */

#endif
