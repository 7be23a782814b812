/* cli: `mingel export`, the organiser's way to get the meeting's data out.
 *
 * A thin shell around export_write: it reads the command line, opens the database, finds
 * the current meeting and decides where the files go (a file, or a directory that gets
 * files named as export_file_name says). The privacy defaults of export.h hold here too:
 * no email addresses without --with-email, no free text without --with-text, and a file
 * with either is named so ("...-attendees-with-email.csv"), so it never replaces the
 * privacy-safe file the admin screen writes to the same USB stick.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "core/export.h"

static const char EXPORT_USAGE[] =
    "usage: mingel export [--db PATH] --format csv|xlsx|json|html --out PATH\n"
    "                     [--table all|checkins|attendees|ratings|reflections|participants]\n"
    "                     [--with-email] [--with-text] [--min-group N]\n"
    "\n"
    "Writes the current meeting's data to PATH.\n"
    "  --format csv    for tools (UTF-8 with BOM, ';', values exactly as stored); with\n"
    "                  --table all (the default) PATH is a directory that gets one\n"
    "                  file per table\n"
    "  --format xlsx   for Excel and LibreOffice: one workbook, a sheet per table, every\n"
    "                  cell typed (ticket codes stay text, times are date-times)\n"
    "  --format json   one document: the meeting and every table\n"
    "  --format html   a one-page report with charts, to share or print to PDF\n"
    "  --out PATH      the file to write; an existing directory, or PATH/ (made if\n"
    "                  missing), gets a file named\n"
    "                  <event key>-<date>-<table>.<ext>, with -with-email, -with-text\n"
    "                  or -with-email-text before .<ext> when the file holds them\n"
    "  --table T       only this table (csv, xlsx, json): checkins, attendees, ratings,\n"
    "                  reflections (needs --with-text), participants (the people who\n"
    "                  consented to the shared list: name, organisation, role, email)\n"
    "  --with-email    include email addresses in the attendee table\n"
    "  --with-text     include the reflections' free text (table and report)\n"
    "  --min-group N   the report hides breakdowns of fewer than N answers (default 5)\n"
    "\n"
    "Files are written to a temporary name and renamed when complete, so a file under\n"
    "its final name is always whole, even if the USB stick is pulled.\n"
    "Exit status: 73 when PATH cannot be created, 74 when reading the database or\n"
    "writing the file fails (see `mingel --help` for the others).\n";

typedef struct TableName {
    const char *name;
    ExportTable table;
} TableName;

static const TableName TABLES[] = {
    {"all", EXPORT_ALL},
    {"checkins", EXPORT_CHECKINS},
    {"attendees", EXPORT_ATTENDEES},
    {"ratings", EXPORT_RATINGS},
    {"reflections", EXPORT_REFLECTIONS},
    {"participants", EXPORT_PARTICIPANTS},
};

static int usage_error(const char *fmt, const char *arg)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

static int usage_error(const char *fmt, const char *arg)
{
    fputs("mingel export: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\n\n", stderr);
    fputs(EXPORT_USAGE, stderr);
    return CLI_USAGE;
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The directory a file at path would be created in must exist and be writable. */
static int check_parent(const char *path)
{
    char dir[ATOMICFILE_PATH_MAX];
    atomicfile_dir_of(path, dir, sizeof dir);
    if (!is_dir(dir)) {
        fprintf(stderr, "mingel: %s: the directory %s does not exist\n", path, dir);
        return CLI_CANTCREAT;
    }
    if (access(dir, W_OK) != 0) {
        fprintf(stderr, "mingel: %s: cannot write in %s: %s\n", path, dir, strerror(errno));
        return CLI_CANTCREAT;
    }
    return CLI_OK;
}

/* What the command line asks for, filled in by the parse functions below. */
typedef struct ExportArgs {
    ExportOptions opt;
    bool have_format, have_table;
} ExportArgs;

static int parse_format(void *ctx, const char *value)
{
    ExportArgs *a = ctx;
    if (strcmp(value, "csv") == 0) {
        a->opt.format = EXPORT_CSV;
    } else if (strcmp(value, "json") == 0) {
        a->opt.format = EXPORT_JSON;
    } else if (strcmp(value, "html") == 0) {
        a->opt.format = EXPORT_HTML;
    } else if (strcmp(value, "xlsx") == 0) {
        a->opt.format = EXPORT_XLSX;
    } else {
        return usage_error("--format is csv, xlsx, json or html (got '%s')", value);
    }
    a->have_format = true;
    return CLI_GO_ON;
}

static int parse_table(void *ctx, const char *value)
{
    ExportArgs *a = ctx;
    size_t i = 0, n = sizeof TABLES / sizeof TABLES[0];
    while (i < n && strcmp(value, TABLES[i].name) != 0) {
        i++;
    }
    if (i == n) {
        return usage_error("--table is all, checkins, attendees, ratings, reflections "
                           "or participants (got '%s')",
                           value);
    }
    a->opt.table = TABLES[i].table;
    a->have_table = true;
    return CLI_GO_ON;
}

static int parse_min_group(void *ctx, const char *value)
{
    ExportArgs *a = ctx;
    char *end = NULL;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno || end == value || *end || n < 1 || n > 100000) {
        return usage_error("--min-group wants a whole number from 1 up (got '%s')", value);
    }
    a->opt.min_group = (int)n;
    return CLI_GO_ON;
}

int cli_export(int argc, char **argv)
{
    const char *db = NULL, *out = NULL;
    ExportArgs args = {.opt = export_defaults()};
    const CliOption opts[] = {
        {.name = "db", .letter = 'd', .value = &db},
        {.name = "format", .letter = 'f', .parse = parse_format, .ctx = &args},
        {.name = "out", .letter = 'o', .value = &out},
        {.name = "table", .letter = 't', .parse = parse_table, .ctx = &args},
        {.name = "with-email", .letter = 'e', .flag = &args.opt.with_email},
        {.name = "with-text", .letter = 'x', .flag = &args.opt.with_text},
        {.name = "min-group", .letter = 'm', .parse = parse_min_group, .ctx = &args},
        {0}};
    int pos;
    int rc = cli_parse(argc, argv, EXPORT_USAGE, opts, 0, -1, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    if (pos != argc) {
        return usage_error("unexpected argument '%s'", argv[pos]);
    }
    ExportOptions opt = args.opt;
    bool have_format = args.have_format, have_table = args.have_table;
    if (!have_format || !out || !*out) {
        return usage_error("%s", "--format and --out are required");
    }
    if (opt.format == EXPORT_HTML && have_table && opt.table != EXPORT_ALL) {
        return usage_error(
            "%s", "the report covers the whole meeting; --table is for csv, xlsx and json");
    }
    if (opt.table == EXPORT_REFLECTIONS && !opt.with_text && opt.format != EXPORT_HTML) {
        return usage_error("%s", "the reflections are free text: add --with-text to export them");
    }

    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    StoreStatus s = store_event_current(st, &ev, id);
    if (s != STORE_OK) {
        if (s == STORE_NOT_FOUND) {
            fprintf(stderr, "mingel: no meeting in this database; load one with "
                            "`mingel import EVENT.ini ATTENDEES.csv`\n");
            rc = CLI_DATAERR;
        } else {
            fprintf(stderr, "mingel: cannot read the database: %s (%s)\n", store_status_text(s),
                    store_last_error(st));
            rc = cli_status_for(s);
        }
        store_close(st);
        return rc;
    }

    /* Where the files go. CSV of all tables: a directory (made if missing). Otherwise a
     * file, or a directory that gets the file under its standard name: one that exists,
     * or one written with a trailing '/' (made if missing, as for CSV, rather than taken
     * as the name of a file). */
    char path[4096], name[256];
    bool to_dir = opt.format == EXPORT_CSV && opt.table == EXPORT_ALL;
    if (!to_dir && out[strlen(out) - 1] == '/' && !is_dir(out) && mkdir(out, 0755) != 0) {
        fprintf(stderr, "mingel: %s: cannot create the directory: %s\n", out, strerror(errno));
        store_close(st);
        return CLI_CANTCREAT;
    }
    if (!to_dir && is_dir(out)) {
        export_file_name(&ev, &opt, opt.table, name, sizeof name);
        const char *sep = out[strlen(out) - 1] == '/' ? "" : "/";
        if (snprintf(path, sizeof path, "%s%s%s", out, sep, name) >= (int)sizeof path) {
            fprintf(stderr, "mingel: %s: the path is too long\n", out);
            store_close(st);
            return CLI_CANTCREAT;
        }
    } else {
        snprintf(path, sizeof path, "%s", out);
    }
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') {
        path[--len] = '\0';
    }
    rc = check_parent(path);
    if (rc != CLI_OK) {
        store_close(st);
        return rc;
    }

    char err[1024];
    if (export_write(st, id, &opt, path, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        store_close(st);
        return CLI_IOERR;
    }
    store_close(st);

    if (to_dir) {
        for (size_t i = 1; i < sizeof TABLES / sizeof TABLES[0]; i++) {
            if (TABLES[i].table == EXPORT_REFLECTIONS && !opt.with_text) {
                continue;
            }
            export_file_name(&ev, &opt, TABLES[i].table, name, sizeof name);
            printf("Wrote %s/%s\n", path, name);
        }
    } else {
        printf("Wrote %s\n", path);
    }
    if (opt.format != EXPORT_HTML && !opt.with_email &&
        (opt.table == EXPORT_ALL || opt.table == EXPORT_ATTENDEES)) {
        printf("Email addresses left out of the attendees (add --with-email to include them)\n");
    }
    if (!opt.with_text && opt.table == EXPORT_ALL) {
        printf("Reflections' free text left out (add --with-text to include it)\n");
    }
    return CLI_OK;
}
