/* cli: `mingel import-responses`, the follow-up form's answers joined to the kiosk's
 * anonymous sessions.
 *
 * The export is read whole and checked (responses.h) before the database is opened, so a
 * bad file changes nothing, not even the database file's bytes. Then every answer whose
 * token is one of the current meeting's kiosk sessions is stored against that token in
 * one transaction (store_responses.h); answers of tokens no session here made are counted
 * and reported, not stored: anyone holding the form's link can type a token, and an
 * answer that joins to no kiosk session adds nothing the join is for. A session of a
 * kiosk not merged yet is the one honest case, and for it the advice is to merge first and
 * import again: importing the same file again changes nothing already stored.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/ids.h"
#include "core/paths.h"
#include "core/responses.h"
#include "core/store_responses.h"

static const char RESPONSES_USAGE[] =
    "usage: mingel import-responses [--db PATH] [--check] [--token-column HEADER]\n"
    "                               [--sheet NAME] FILE\n"
    "\n"
    "Stores the answers of the longer follow-up form against the anonymous token the\n"
    "kiosk's QR link carried, joined to the kiosk's quick answers of the same session and\n"
    "never to a person. FILE is the form's export: Google Forms (the responses sheet\n"
    "downloaded as CSV or .xlsx) or Microsoft Forms (\"Open results in Excel\"), or any\n"
    "table whose first row holds the questions. The token column is a question the link\n"
    "prefills with {token} (see the guide). The form service's own columns (time stamp,\n"
    "ID, start and completion time) and any name or e-mail are never read. Only tokens of\n"
    "the current meeting's kiosk sessions are stored; the others are counted and listed.\n"
    "Importing the same file again changes nothing. A bad file is reported with its line\n"
    "number and nothing is stored.\n"
    "\n"
    "  --check               a dry run: read the file, match the tokens and print what\n"
    "                        would be stored; nothing is written\n"
    "  --token-column HEADER the column holding the tokens (default: a column titled\n"
    "                        token, kod or session, else the one whose answers look like\n"
    "                        the kiosk's tokens)\n"
    "  --sheet NAME          the sheet of an .xlsx workbook to read (default: the first)\n";

static const char *plural(size_t n)
{
    return n == 1 ? "" : "s";
}

/* " (lines 4, 9, ...)" for a list of rows left out. */
static void print_lines(const char *what, const ResponsesLines *l, const char *why)
{
    if (l->count == 0) {
        return;
    }
    printf("%s: %zu row%s (line%s", what, l->count, plural(l->count), plural(l->count));
    size_t shown = l->count < RESPONSES_LINES_SHOWN ? l->count : RESPONSES_LINES_SHOWN;
    for (size_t i = 0; i < shown; i++) {
        printf("%s%d", i ? ", " : " ", l->first[i]);
    }
    printf("%s): %s\n", l->count > shown ? ", ..." : "", why);
}

static void print_file(const char *path, const Responses *r)
{
    printf("File: %s: %s, %s\n", path, responses_source_name(r->source), r->file);
    printf("Token column: %d \"%s\" (%s)\n", r->token_position, r->token_header, r->token_how);
    printf("Questions: %zu\n", r->questions);
    if (r->left_out_count) {
        printf("Never read (the form service's own columns, a person's name or e-mail):");
        for (size_t i = 0; i < r->left_out_count; i++) {
            printf("%s\"%s\"", i ? ", " : " ", r->left_out[i]);
        }
        printf("\n");
    }
    printf("Responses: %zu row%s, %zu session%s with answers, %zu answer%s\n", r->rows,
           plural(r->rows), r->sessions, plural(r->sessions), r->count, plural(r->count));
    print_lines("No token", &r->no_token,
                "the form was opened without the kiosk's link; not stored");
    print_lines("Not a token", &r->bad_token,
                "the token cell holds spaces or is too long (edited by hand?); not stored");
    print_lines("Sent again", &r->repeated, "the same token answered later; the last answer kept");
    print_lines("No answers", &r->empty, "a token but every question empty");
}

/* Which sessions of the file no kiosk here made: counts them and lists their first lines. */
static StoreStatus unknown_sessions(Store *st, const char *event_id, const Responses *r,
                                    ResponsesLines *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < r->count; i++) {
        if (i > 0 && r->answers[i - 1].token == r->answers[i].token) {
            continue; /* the same row's token: answers of a row are together */
        }
        bool known = false;
        StoreStatus s = store_session_known(st, event_id, r->answers[i].token, &known);
        if (s != STORE_OK) {
            return s;
        }
        if (!known) {
            if (out->count < RESPONSES_LINES_SHOWN) {
                out->first[out->count] = r->answers[i].line;
            }
            out->count++;
        }
    }
    return STORE_OK;
}

int cli_import_responses(int argc, char **argv)
{
    const char *db = NULL, *sheet = NULL, *token_column = NULL;
    bool check = false;
    const CliOption opts[] = {{.name = "db", .letter = 'd', .value = &db},
                              {.name = "check", .flag = &check},
                              {.name = "token-column", .value = &token_column},
                              {.name = "sheet", .value = &sheet},
                              {0}};
    int pos;
    int rc = cli_parse(argc, argv, RESPONSES_USAGE, opts, 1, 1, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    const char *path = argv[pos];
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "mingel: %s: %s\n", path, strerror(errno));
        return CLI_NOINPUT;
    }
    char err[1024];
    Responses r;
    ResponsesOptions ropt = {.token_column = token_column, .sheet = sheet};
    if (responses_read(path, &ropt, &r, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_DATAERR;
    }
    /* The database must exist: a new one has no meeting and no sessions to join to. */
    char dbpath[4096];
    if (!db) {
        if (paths_default_db("mingel.db", dbpath, sizeof dbpath) != 0) {
            fprintf(stderr, "mingel: %s\n", dbpath);
            responses_free(&r);
            return CLI_CANTCREAT;
        }
        db = dbpath;
    }
    if (access(db, F_OK) != 0) {
        fprintf(stderr,
                "mingel: %s: no database there; the answers join the kiosk's sessions, so "
                "import the meeting and run the kiosk (or merge its database) first\n",
                db);
        responses_free(&r);
        return CLI_NOINPUT;
    }
    Store *st = NULL;
    rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        responses_free(&r);
        return rc;
    }
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    StoreStatus s = store_event_current(st, &ev, id);
    ResponsesLines unknown = {0};
    StoreFormResult res = {0};
    StoreFormAnswer *a = NULL;
    if (s == STORE_OK) {
        s = unknown_sessions(st, id, &r, &unknown);
    }
    if (s == STORE_OK) {
        a = calloc(r.count ? r.count : 1, sizeof *a);
        if (!a) {
            fprintf(stderr, "mingel: out of memory\n");
            responses_free(&r);
            store_close(st);
            return CLI_SOFTWARE;
        }
        for (size_t i = 0; i < r.count; i++) {
            a[i] = (StoreFormAnswer){.token = r.answers[i].token,
                                     .question = r.answers[i].question,
                                     .position = r.answers[i].position,
                                     .answer = r.answers[i].answer};
        }
        s = store_form_answers_put(st, id, a, r.count, ids_now_ms(), check, &res);
        free(a);
    }
    if (s == STORE_NOT_FOUND) {
        fprintf(stderr, "mingel: no meeting in this database; load one with "
                        "`mingel import EVENT.ini ATTENDEES.csv`\n");
        rc = CLI_DATAERR;
    } else if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot store the answers: %s (%s)\n", store_status_text(s),
                store_last_error(st));
        rc = cli_status_for(s);
    } else {
        printf("Meeting: %s (%s)%s\n", ev.title, ev.date, check ? " (nothing is stored)" : "");
        print_file(path, &r);
        size_t stored = res.added + res.updated + res.unchanged;
        if (check) {
            printf("Check only: %zu answer%s would be stored (%zu new, %zu changed, %zu already "
                   "stored); nothing was stored\n",
                   stored, plural(stored), res.added, res.updated, res.unchanged);
        } else {
            printf("Stored: %zu answer%s: %zu new, %zu updated, %zu unchanged\n", stored,
                   plural(stored), res.added, res.updated, res.unchanged);
        }
        if (unknown.count) {
            printf("Unknown tokens: %zu session%s, %zu answer%s (line%s", unknown.count,
                   plural(unknown.count), res.unknown, plural(res.unknown), plural(unknown.count));
            size_t shown =
                unknown.count < RESPONSES_LINES_SHOWN ? unknown.count : RESPONSES_LINES_SHOWN;
            for (size_t i = 0; i < shown; i++) {
                printf("%s%d", i ? ", " : " ", unknown.first[i]);
            }
            printf("%s): no kiosk session of this meeting has the token; not stored. Merge the "
                   "other kiosks' databases first, then import the file again\n",
                   unknown.count > shown ? ", ..." : "");
        }
    }
    responses_free(&r);
    store_close(st);
    return rc;
}
