/* cli: organiser commands that need no display.
 *
 * `import` reads both files completely and checks them before it touches the database, so
 * a bad file changes nothing; the store then imports the whole list in one transaction.
 * `import --check` stops before the database: it prints what the import would do.
 * `stats` reads the counts the organiser asks for during and after the meeting.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/demo.h"
#include "core/event.h"
#include "core/paths.h"
#include "core/roster.h"

int cli_status_for(StoreStatus st)
{
    switch (st) {
    case STORE_OK: return CLI_OK;
    case STORE_READONLY: return CLI_CANTCREAT;
    case STORE_INVALID: return CLI_DATAERR;
    default: return CLI_IOERR;
    }
}

int cli_open_store(const char *db_path, const char *default_name, Store **out)
{
    char path[4096], err[1024];
    if (!db_path) {
        if (paths_default_db(default_name, path, sizeof path) != 0) {
            fprintf(stderr, "mingel: %s\n", path);
            return CLI_CANTCREAT;
        }
        db_path = path;
        /* On a kiosk set up by the package, a command without sudo is almost always a
         * slip: say which database it works on, and where the kiosk's is. */
        struct stat sys;
        if (strncmp(path, PATHS_SYSTEM_STATE_DIR "/", strlen(PATHS_SYSTEM_STATE_DIR) + 1) != 0 &&
            !getenv("STATE_DIRECTORY") && stat(PATHS_SYSTEM_STATE_DIR, &sys) == 0) {
            fprintf(stderr,
                    "mingel: note: using your own database %s; the kiosk service's is in %s "
                    "(run the command with sudo to use it)\n",
                    path, PATHS_SYSTEM_STATE_DIR);
        }
    }
    if (paths_prepare_db(db_path, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_CANTCREAT;
    }
    StoreStatus st = store_open(db_path, ids_os_random, NULL, out, err, sizeof err);
    if (st != STORE_OK) {
        fprintf(stderr, "mingel: %s\n", err);
        return cli_status_for(st);
    }
    /* What an organiser's command writes (an import's attendees) carries whether the
     * system clock was synchronised; the kiosk refines this (flow.c). */
    store_set_clock(*out, clock_system_synced() ? STORE_CLOCK_SYNCED : STORE_CLOCK_UNTRUSTED);
    return CLI_OK;
}

int cli_ensure_demo(Store *st, const char *today_iso)
{
    EventInfo cur, ev;
    char id[IDS_UUID_LEN + 1];
    Roster r = {0};
    StoreImportResult res;
    StoreStatus s = store_event_current(st, &cur, id);
    if (s == STORE_OK && strncmp(cur.key, "demo-", 5) == 0 && strcmp(cur.date, today_iso) == 0) {
        return CLI_OK;
    }
    if (demo_make(today_iso, 2026, DEMO_ATTENDEES, &ev, &r) != 0) {
        fprintf(stderr, "mingel: out of memory while making the demo meeting\n");
        return CLI_SOFTWARE;
    }
    int64_t now = ids_now_ms();
    s = store_event_put(st, &ev, now, id);
    if (s == STORE_OK) {
        s = store_import_roster(st, id, &r, now, &res);
    }
    roster_free(&r);
    if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot store the demo meeting: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        return cli_status_for(s);
    }
    return CLI_OK;
}

/* What the import made of the consent column, which decides who is on the participant list
 * the organiser shares: the column it took and the count of yes, or why nobody is on it. */
static void print_consent(const Roster *r, const RosterConsent *c)
{
    if (!c->column) {
        printf("No consent column: nobody will be on the shared participant list; recognised "
               "headers: %s",
               roster_consent_headers());
        if (c->unused_column) {
            printf(" (column %d \"%s\" is not used: %s)", c->unused_column, c->unused_header,
                   c->unused_refusal ? "it reads as a refusal, so a mark in it means no"
                                     : "it does not say it is about the participant list");
        }
        printf("\n");
        return;
    }
    size_t yes = 0;
    for (size_t i = 0; i < r->count; i++) {
        yes += r->entries[i].consent;
    }
    printf("Participant list: %zu of %zu consented (column %d \"%s\")\n", yes, r->count, c->column,
           c->header);
    if (c->unclear) {
        printf("Consent unclear for %zu attendee%s, counted as no (first on line %d: \"%s\"); "
               "%s\n",
               c->unclear, c->unclear == 1 ? "" : "s", c->unclear_line, c->unclear_value,
               roster_consent_values());
    }
}

static const char IMPORT_USAGE[] =
    "usage: mingel import [--db PATH] [--check] [--column FIELD=HEADER]... [--sheet NAME]\n"
    "                     EVENT.ini [ATTENDEES]\n"
    "\n"
    "Loads a meeting into the kiosk's database and makes it the current meeting.\n"
    "EVENT.ini describes the meeting; ATTENDEES is the list from the registration tool:\n"
    "CSV or TSV (UTF-8, UTF-16 or Windows-1252; ';', ',' or tab) or an Excel .xlsx, as\n"
    "Microsoft Forms, Google Forms, Eventbrite, pretix, Teams, Excel or LibreOffice write\n"
    "it. The header row is found below titles and summaries; columns are recognised by\n"
    "their Swedish or English headers and checked against their content. Importing an\n"
    "updated list again updates people (also by name, when a spelling or organisation\n"
    "changed) and never duplicates anyone. A bad file is reported with its line number\n"
    "and nothing is imported.\n"
    "\n"
    "  --check               a dry run: print the column taken for each field and why,\n"
    "                        the first rows as they will be stored, every skipped row and\n"
    "                        every warning; nothing is stored (the database is not opened)\n"
    "  --column FIELD=HEADER take this column for FIELD (name, first, last, organisation,\n"
    "                        role, email, ticket, consent, status, new); HEADER as in\n"
    "                        the file, or its number; FIELD= takes none. Repeatable\n"
    "  --sheet NAME          the sheet of an .xlsx workbook to read (default: the first)\n";

static const char *const FIELD_LABELS[ROSTER_FIELDS] = {
    [ROSTER_NAME] = "name",          [ROSTER_FIRST] = "first name",
    [ROSTER_LAST] = "last name",     [ROSTER_ORG] = "organisation",
    [ROSTER_ROLE] = "role",          [ROSTER_EMAIL] = "e-mail",
    [ROSTER_TICKET] = "ticket code", [ROSTER_CONSENT] = "consent",
    [ROSTER_STATUS] = "status",      [ROSTER_FIRST_TIME] = "first time",
};

/* What the file is and which column each field came from, as both the dry run and the
 * import print it. */
static void print_mapping(const char *path, const RosterReport *rep)
{
    printf("File: %s: %s\n", path, rep->file);
    if (!rep->header_line) {
        return;
    }
    printf("Header row: line %d (%d column%s)\n", rep->header_line, rep->columns,
           rep->columns == 1 ? "" : "s");
    printf("Columns:\n");
    for (int f = 0; f < ROSTER_FIELDS; f++) {
        const RosterMapping *m = &rep->field[f];
        if (m->column) {
            printf("  %-13s column %d \"%s\": %s\n", FIELD_LABELS[f], m->column, m->header, m->why);
        } else if (m->why[0]) {
            printf("  %-13s none: %s\n", FIELD_LABELS[f], m->why);
        } else {
            printf("  %-13s none\n", FIELD_LABELS[f]);
        }
    }
}

/* Skipped rows: all of them, or the first max and a count of the rest. */
static void print_skipped(const RosterReport *rep, size_t max)
{
    if (!rep->nskipped) {
        return;
    }
    printf("Skipped %zu row%s:\n", rep->nskipped, rep->nskipped == 1 ? "" : "s");
    for (size_t i = 0; i < rep->nskipped && i < max; i++) {
        const RosterSkip *k = &rep->skipped[i];
        if (k->last_line > k->line) {
            printf("  lines %d-%d: %s\n", k->line, k->last_line, k->why);
        } else {
            printf("  line %d: %s\n", k->line, k->why);
        }
    }
    if (rep->nskipped > max) {
        printf("  ... and %zu more (mingel import --check lists them all)\n", rep->nskipped - max);
    }
}

static void print_warnings(const RosterReport *rep)
{
    for (size_t i = 0; i < rep->nwarnings; i++) {
        printf("Warning: %s\n", rep->warnings[i]);
    }
}

/* The first rows as they will be stored, for the dry run. */
static void print_first_rows(const Roster *r, size_t max)
{
    printf("First rows as they will be stored:\n");
    for (size_t i = 0; i < r->count && i < max; i++) {
        const RosterEntry *e = &r->entries[i];
        printf("  line %d: %s", e->line, e->name);
        if (e->organisation[0]) {
            printf(" | organisation: %s", e->organisation);
        }
        if (e->role[0]) {
            printf(" | role: %s", e->role);
        }
        if (e->email[0]) {
            printf(" | e-mail: %s", e->email);
        }
        if (e->ticket[0]) {
            printf(" | ticket: %s", e->ticket);
        }
        printf(" | consent: %s\n", e->consent ? "yes" : "no");
    }
}

/* --column FIELD=HEADER into opt; prints why and returns false if it is not one. */
static bool column_option(const char *arg, RosterOptions *opt)
{
    const char *eq = strchr(arg, '=');
    char field[32];
    size_t n = eq ? (size_t)(eq - arg) : 0;
    int f = -1;
    if (eq && n < sizeof field) {
        memcpy(field, arg, n);
        field[n] = '\0';
        f = roster_field_parse(field);
    }
    if (f < 0) {
        fprintf(stderr,
                "mingel: --column %s: write FIELD=HEADER, where FIELD is one of name, first, "
                "last, organisation, role, email, ticket, consent, status, new\n",
                arg);
        return false;
    }
    opt->column[f] = eq + 1;
    return true;
}

int cli_import(int argc, char **argv)
{
    const char *db = NULL, *sheet = NULL;
    bool check = false;
    CliList columns = {0};
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db},
                              {.name = "check", .flag = &check},
                              {.name = "column", .list = &columns},
                              {.name = "sheet", .value = &sheet},
                              {0}};
    int pos;
    int rc = cli_parse(argc, argv, IMPORT_USAGE, opts, 1, 2, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    const char *event_path = argv[pos];
    const char *list_path = argc - pos == 2 ? argv[pos + 1] : NULL;
    RosterOptions ropt = {.sheet = sheet};
    for (size_t i = 0; i < columns.count; i++) {
        if (!column_option(columns.items[i], &ropt)) {
            return CLI_USAGE;
        }
    }
    if (!list_path && (check || columns.count || sheet)) {
        fprintf(stderr, "mingel: --check, --column and --sheet need an attendee list\n%s",
                IMPORT_USAGE);
        return CLI_USAGE;
    }

    char err[1024];
    EventInfo ev;
    Roster r = {0};
    RosterReport rep = {0};
    const char *paths[2] = {event_path, list_path};
    for (int i = 0; i < 2; i++) {
        if (paths[i] && access(paths[i], R_OK) != 0) {
            fprintf(stderr, "mingel: %s: %s\n", paths[i], strerror(errno));
            return CLI_NOINPUT;
        }
    }
    if (event_load(event_path, &ev, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_DATAERR;
    }
    if (list_path && roster_read(list_path, &ropt, &r, &rep, err, sizeof err) != 0) {
        /* The dry run shows what it made of the file as far as it got. */
        if (check && rep.file[0]) {
            print_mapping(list_path, &rep);
        }
        roster_report_free(&rep);
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_DATAERR;
    }
    if (check) {
        printf("Meeting: %s (%s) (not stored)\n", ev.title, ev.date);
        print_mapping(list_path, &rep);
        print_first_rows(&r, 5);
        print_consent(&r, &rep.consent);
        print_skipped(&rep, (size_t)-1);
        print_warnings(&rep);
        printf("Check only: %zu attendee%s would be imported; nothing was stored\n", r.count,
               r.count == 1 ? "" : "s");
        if (rep.not_expected) {
            printf("Not expected: %zu row%s whose status says the person is not coming\n",
                   rep.not_expected, rep.not_expected == 1 ? "" : "s");
        }
        roster_report_free(&rep);
        roster_free(&r);
        return CLI_OK;
    }

    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        roster_free(&r);
        roster_report_free(&rep);
        return rc;
    }
    char id[IDS_UUID_LEN + 1];
    StoreImportResult res = {0};
    int64_t now = ids_now_ms();
    StoreStatus s = store_event_put(st, &ev, now, id);
    if (s == STORE_OK && (rc = cli_badge_import(st, id, &ev)) != CLI_OK) {
        roster_free(&r);
        roster_report_free(&rep);
        store_close(st);
        return rc;
    }
    if (s == STORE_OK && list_path) {
        s = store_import_roster(st, id, &r, now, &res);
    }
    if (s == STORE_INVALID) {
        /* The file is fine on its own but conflicts with what is stored (an answered
         * question changed): say so about the file, as a data error. */
        fprintf(stderr, "mingel: %s: %s\n", event_path, store_last_error(st));
        rc = CLI_DATAERR;
    } else if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot store the meeting: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        rc = cli_status_for(s);
    } else {
        printf("Meeting: %s (%s)\n", ev.title, ev.date);
        if (list_path) {
            print_mapping(list_path, &rep);
            printf("Attendees: %zu in %s: %zu new, %zu updated, %zu unchanged\n", r.count,
                   list_path, res.added, res.updated, res.unchanged);
            print_consent(&r, &rep.consent);
            if (rep.not_expected) {
                printf("Not expected: %zu row%s whose status says the person is not coming\n",
                       rep.not_expected, rep.not_expected == 1 ? "" : "s");
            }
            if (r.duplicates) {
                printf("Skipped %zu repeated row%s (same person twice in the file)\n", r.duplicates,
                       r.duplicates == 1 ? "" : "s");
            }
            print_skipped(&rep, 10);
            print_warnings(&rep);
            for (size_t i = 0; i < res.nnotes; i++) {
                printf("By name: %s\n", res.notes[i]);
            }
            if (res.nnotes_more) {
                printf("By name: %zu more\n", res.nnotes_more);
            }
            if (res.not_in_list) {
                printf("Kept %zu attendee%s from an earlier import who %s not in this list\n",
                       res.not_in_list, res.not_in_list == 1 ? "" : "s",
                       res.not_in_list == 1 ? "is" : "are");
            }
        }
        /* A running kiosk on this database takes the import in at its welcome screen. */
        printf("A running kiosk shows this at its welcome screen, with no restart\n");
    }
    roster_free(&r);
    roster_report_free(&rep);
    store_close(st);
    return rc;
}

static const char STATS_USAGE[] =
    "usage: mingel stats [--db PATH] [--list]\n"
    "\n"
    "Prints the current meeting's counts: expected (pre-registered), checked in, and\n"
    "walk-ins; with feedback questions, the answers per question and their mean\n"
    "(repeated presses counted apart). --list also prints everyone checked in, with\n"
    "the time.\n";

typedef struct ListCtx {
    size_t printed;
} ListCtx;

static int print_checked_in(void *ctx, const StoreAttendee *a)
{
    ListCtx *lc = ctx;
    if (!a->checked_in_ms) {
        return 0;
    }
    time_t t = (time_t)(a->checked_in_ms / 1000);
    struct tm tm;
    char hhmm[8] = "--:--";
    if (localtime_r(&t, &tm)) {
        strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
    }
    printf("%s  %s%s%s%s%s\n", hhmm, a->name, a->organisation[0] ? " (" : "", a->organisation,
           a->organisation[0] ? ")" : "", a->walk_in ? " [walk-in]" : "");
    lc->printed++;
    return 0;
}

/* Answers per question with their mean; repeated presses are counted apart. */
static void print_feedback(const EventInfo *ev, const StoreFeedbackStats *fb)
{
    printf("Feedback:   %lld session%s", (long long)fb->sessions, fb->sessions == 1 ? "" : "s");
    if (fb->flagged_sessions) {
        printf(" (%lld repeated press%s, counted apart)", (long long)fb->flagged_sessions,
               fb->flagged_sessions == 1 ? "" : "es");
    }
    printf(", %lld reflection%s\n", (long long)fb->reflections, fb->reflections == 1 ? "" : "s");
    for (int q = 0; q < ev->question_count; q++) {
        const EventQuestion *eq = &ev->questions[q];
        int lo = eq->scale == EVENT_SCALE_NPS ? 0 : 1, hi = eq->scale == EVENT_SCALE_NPS ? 10 : 5;
        long long n = 0, sum = 0;
        for (int v = lo; v <= hi; v++) {
            n += fb->counts[q][v];
            sum += (long long)v * fb->counts[q][v];
        }
        printf("  Q%d %s\n     ", q + 1, eq->text[LANG_SV]);
        for (int v = lo; v <= hi; v++) {
            printf(" %d:%lld", v, (long long)fb->counts[q][v]);
        }
        if (n) {
            printf("   answers %lld, mean %.2f (scale %d-%d)\n", n, (double)sum / (double)n, lo,
                   hi);
        } else {
            printf("   no answers yet\n");
        }
    }
}

int cli_stats(int argc, char **argv)
{
    const char *db = NULL;
    bool list = false;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db},
                              {.name = "list", .letter = 'l', .flag = &list},
                              {0}};
    int pos;
    int rc = cli_parse(argc, argv, STATS_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    StoreStats stats;
    StoreStatus s = store_event_current(st, &ev, id);
    if (s == STORE_NOT_FOUND) {
        fprintf(stderr, "mingel: no meeting in this database; load one with "
                        "`mingel import EVENT.ini ATTENDEES.csv`\n");
        store_close(st);
        return CLI_DATAERR;
    }
    if (s == STORE_OK) {
        s = store_stats(st, id, &stats);
    }
    if (s == STORE_OK) {
        printf("Meeting:    %s (%s)\n", ev.title, ev.date);
        printf("Expected:   %lld\n", (long long)stats.expected);
        printf("Checked in: %lld\n", (long long)stats.checked_in);
        printf("Walk-ins:   %lld\n", (long long)stats.walk_ins);
        cli_retention_line(&ev, &stats, ids_now_ms());
        if (ev.question_count > 0) {
            StoreFeedbackStats fb;
            s = store_feedback_stats(st, id, &fb);
            if (s == STORE_OK) {
                print_feedback(&ev, &fb);
            }
        }
        if (s == STORE_OK && list) {
            ListCtx lc = {0};
            s = store_each_attendee(st, id, print_checked_in, &lc);
        }
    }
    if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot read the database: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        rc = cli_status_for(s);
    }
    store_close(st);
    return rc;
}
