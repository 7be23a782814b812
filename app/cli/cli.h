/* cli: the organiser's commands (import, stats) and what they share with `run`.
 *
 * Each command takes the arguments after its name (argv[0] is the command name, as
 * getopt expects) and returns the process exit status; messages go to stdout (results)
 * and stderr (errors, naming the file and line and what to do).
 */
#ifndef MINGEL_CLI_H
#define MINGEL_CLI_H

#include <stdbool.h>

#include "core/store.h"

/* Exit statuses, from sysexits.h so scripts can tell a bad file from a broken disk. */
enum {
    CLI_OK = 0,
    CLI_USAGE = 64,     /* EX_USAGE: wrong command line */
    CLI_DATAERR = 65,   /* EX_DATAERR: a bad event or attendee file */
    CLI_NOINPUT = 66,   /* EX_NOINPUT: a file that cannot be read */
    CLI_SOFTWARE = 70,  /* EX_SOFTWARE: out of memory, internal error */
    CLI_CANTCREAT = 73, /* EX_CANTCREAT: cannot create the database */
    CLI_IOERR = 74,     /* EX_IOERR: the database cannot be read or written */
};

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
/* admin_cmd.c: stats' "Retention:" line, and a warning on stderr when a purge is due. */
void cli_retention_line(const EventInfo *ev, const StoreStats *stats, int64_t now_ms);
int cli_export(int argc, char **argv); /* export_cmd.c: CSV, JSON, the HTML report */

#endif
