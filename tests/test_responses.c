/* Tests for the follow-up form's answers joined by the anonymous token: reading Google and
 * Microsoft Forms exports (responses.c), storing them against kiosk sessions
 * (store_responses.c), merging them, `mingel import-responses` itself (linked in from
 * mingel_cli and run in this process, its output captured), the prefilled links of the
 * guides (link.c), and that nothing ties an answer to a person: not the schema, not the
 * exports. Fixtures: tests/data/responses (make_responses.py says how each is made). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "cli/cli.h"
#include "core/event.h"
#include "core/export.h"
#include "core/link.h"
#include "core/responses.h"
#include "core/store.h"
#include "core/store_responses.h"
#include "support.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define NOW_MS      ((int64_t)1804777200000) /* 2027-03-11 15:00 UTC */

/* ---- Fixtures ------------------------------------------------------------------------- */

static const char ATTENDEES_CSV[] = "Namn;Organisation;E-post;Biljett\n"
                                    "Karin Lejdberg;Region Örebro län;karin@region.example;T-1001\n"
                                    "Mehmet Yilmaz;Västerås stad;mehmet@vasteras.example;T-1002\n"
                                    "Ulla af Klinteberg;Mälarenergi;ulla@energi.example;T-1003\n";
static const char *const PERSON_WORDS[] = {"Karin",     "Lejdberg",   "Mehmet",
                                           "Yilmaz",    "Klinteberg", "@region",
                                           "@vasteras", "@energi",    "T-100"};

static void data_path(char *out, size_t cap, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "responses/%s", name);
    path_in(out, cap, "MINGEL_TEST_DATA", rel);
}

/* The kiosk sessions of sessions.tsv: token, rating of question 1 and of question 3. */
typedef struct Session {
    char token[LINK_TOKEN_LEN + 1];
    int r1, r3; /* -1: none */
} Session;

static size_t load_sessions(Session *out, size_t cap)
{
    char path[4096];
    data_path(path, sizeof path, "sessions.tsv");
    TestBytes b = read_file(path);
    size_t n = 0;
    for (char *line = strtok(b.data, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#') {
            continue;
        }
        assert_true(n < cap);
        char *f1 = strchr(line, '\t');
        assert_non_null(f1);
        *f1++ = '\0';
        char *f2 = strchr(f1, '\t');
        assert_non_null(f2);
        *f2++ = '\0';
        snprintf(out[n].token, sizeof out[n].token, "%s", line);
        out[n].r1 = *f1 ? atoi(f1) : -1;
        out[n].r3 = *f2 ? atoi(f2) : -1;
        n++;
    }
    free(b.data);
    return n;
}

/* A database holding event_good.ini and the kiosk sessions of sessions.tsv: ratings of
 * questions 1 and 3, and for a session without ratings a reflection only. */
static Store *event_store(const char *path, TestRandom *rnd, char event_id[IDS_UUID_LEN + 1],
                          bool sessions)
{
    Store *s = fresh_store(path, test_random, rnd);
    char ini[4096];
    path_in(ini, sizeof ini, "MINGEL_TEST_DATA", "event_good.ini");
    TestBytes text = read_file(ini);
    /* People on the list too, one of them checked in: the exports must never put their
     * names next to a form answer. */
    import_texts(s, text.data, ATTENDEES_CSV, NOW_MS - 6 * 3600 * 1000, event_id);
    free(text.data);
    checkin_ticket(s, event_id, "T-1001", NOW_MS - 5 * 3600 * 1000);
    Session ss[16];
    size_t n = sessions ? load_sessions(ss, COUNT_OF(ss)) : 0;
    assert_int_equal(n, sessions ? 8 : 0);
    for (size_t i = 0; i < n; i++) {
        if (ss[i].r1 >= 0) {
            assert_int_equal(store_rating_put(s, event_id, ss[i].token, 0, ss[i].r1, false, NOW_MS),
                             STORE_OK);
        }
        if (ss[i].r3 >= 0) {
            assert_int_equal(store_rating_put(s, event_id, ss[i].token, 2, ss[i].r3, false, NOW_MS),
                             STORE_OK);
        }
        if (ss[i].r1 < 0 && ss[i].r3 < 0) {
            assert_int_equal(store_reflection_put(s, event_id, ss[i].token,
                                                  "Bra att träffas på riktigt", false, NOW_MS),
                             STORE_OK);
        }
    }
    return s;
}

static Store *seeded_store(const char *path, TestRandom *rnd, char event_id[IDS_UUID_LEN + 1])
{
    return event_store(path, rnd, event_id, true);
}

static Responses read_ok(const char *name, const char *token_column)
{
    char path[4096], err[1024] = "";
    data_path(path, sizeof path, name);
    Responses r;
    ResponsesOptions opt = {.token_column = token_column};
    if (responses_read(path, &opt, &r, err, sizeof err) != 0) {
        fail_msg("%s: refused: %s", name, err);
    }
    return r;
}

static const char *answer_of(const Responses *r, const char *token, const char *question)
{
    for (size_t i = 0; i < r->count; i++) {
        if (strcmp(r->answers[i].token, token) == 0 &&
            strcmp(r->answers[i].question, question) == 0) {
            return r->answers[i].answer;
        }
    }
    return NULL;
}

/* ---- Reading the exports -------------------------------------------------------------- */

typedef struct FixtureCase {
    const char *file;
    ResponsesSource source;
    int token_position;
    const char *token_how; /* a word of Responses.token_how */
    size_t questions, left_out, rows, sessions, no_token, bad_token, repeated, answers;
    const char *file_words; /* in Responses.file */
} FixtureCase;

static const FixtureCase FIXTURES[] = {
    /* Tidstämpel and E-postadress left out; S2 sent twice; a row without a token. */
    {"gforms_followup_sv.csv", RESPONSES_GOOGLE, 6, "header", 3, 2, 7, 5, 1, 0, 1, 14,
     "UTF-8 text, comma"},
    /* Timestamp left out; the code found by its answers; "my code" is no token. */
    {"gforms_followup_en.xlsx", RESPONSES_GOOGLE, 4, "look like", 2, 1, 5, 4, 0, 1, 0, 7,
     "Excel workbook"},
    /* ID, Start time, Completion time, Email, Name, Last modified time left out. */
    {"msforms_followup.xlsx", RESPONSES_MICROSOFT, 9, "header", 2, 6, 5, 4, 1, 0, 0, 8,
     "Excel workbook"},
    {"msforms_followup_sv_utf8.csv", RESPONSES_MICROSOFT, 9, "header", 2, 6, 4, 4, 0, 0, 0, 7,
     "BOM, semicolon"},
};

static void fixtures_read_as_the_services_write_them(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(FIXTURES); i++) {
        const FixtureCase *c = &FIXTURES[i];
        Responses r = read_ok(c->file, NULL);
        char got[512];
        snprintf(got, sizeof got,
                 "source %d, token column %d (%s), %zu questions, %zu left out, %zu rows, %zu "
                 "sessions, no token %zu, bad token %zu, repeated %zu, %zu answers, file %s",
                 (int)r.source, r.token_position, r.token_how, r.questions, r.left_out_count,
                 r.rows, r.sessions, r.no_token.count, r.bad_token.count, r.repeated.count, r.count,
                 r.file);
        if (r.source != c->source || r.token_position != c->token_position ||
            !strstr(r.token_how, c->token_how) || r.questions != c->questions ||
            r.left_out_count != c->left_out || r.rows != c->rows || r.sessions != c->sessions ||
            r.no_token.count != c->no_token || r.bad_token.count != c->bad_token ||
            r.repeated.count != c->repeated || r.count != c->answers ||
            !strstr(r.file, c->file_words)) {
            fail_msg("%s: got %s", c->file, got);
        }
        /* Nothing the service recorded about the person, and no time stamp, is an answer. */
        for (size_t k = 0; k < r.count; k++) {
            const ResponsesAnswer *a = &r.answers[k];
            if (strchr(a->answer, '@') || strcmp(a->answer, "anonymous") == 0 ||
                strncmp(a->answer, "2027-", 5) == 0 || strcmp(a->question, "ID") == 0) {
                fail_msg("%s: line %d: \"%s\" = \"%s\" was read as an answer", c->file, a->line,
                         a->question, a->answer);
            }
            assert_true(responses_looks_like_token(a->token));
        }
        responses_free(&r);
    }
}

static void answers_are_the_last_row_cleaned(void **state)
{
    (void)state;
    Session ss[16];
    load_sessions(ss, COUNT_OF(ss));
    Responses r = read_ok("gforms_followup_sv.csv", NULL);
    /* S2 sent the form twice: the later row (line 8) is its answer. */
    assert_string_equal(answer_of(&r, ss[1].token, "Kommer du till nästa möte?"), "Kanske");
    assert_string_equal(answer_of(&r, ss[1].token, "Vad tar du med dig från dagen?"),
                        "Kontakten med Region Örebro län om upphandling, vi hörs i april");
    /* A line break inside a quoted cell stays a line break; quotes are undoubled. */
    assert_string_equal(answer_of(&r, ss[2].token, "Vad tar du med dig från dagen?"),
                        "Två saker:\n1. Hur andra gör med AI i drift\n2. Att \"lagom\" räcker");
    /* An empty answer is no answer. */
    assert_null(answer_of(&r, ss[3].token, "Vad tar du med dig från dagen?"));
    assert_int_equal(r.no_token.count, 1);
    assert_int_equal(r.no_token.first[0], 7); /* S3's answer spans lines 4-6 */
    assert_int_equal(r.repeated.first[0], 3);
    responses_free(&r);

    /* Microsoft's 0-10 number cell comes as the number. */
    Responses m = read_ok("msforms_followup.xlsx", NULL);
    assert_string_equal(
        answer_of(&m, ss[2].token, "How likely are you to recommend the network to a colleague?"),
        "10");
    assert_int_equal(m.no_token.first[0], 4);
    responses_free(&m);

    /* --token-column names the column, any ASCII case. */
    Responses t = read_ok("gforms_followup_en.xlsx", "YOUR CODE (please leave it as it is)");
    assert_int_equal(t.token_position, 4);
    assert_non_null(strstr(t.token_how, "--token-column"));
    assert_int_equal(t.bad_token.first[0], 4);
    responses_free(&t);
}

typedef struct BadCase {
    const char *file;
    const char *token_column;
    const char *where; /* after the path */
    const char *words;
} BadCase;

static const BadCase BAD[] = {
    {"bad_extra_cell.csv", NULL, ":4: ", "the header row (line 1) has 3"},
    {"bad_same_header.csv", NULL, ":1: ", "same header \"Betyg\""},
    {"bad_no_token.csv", NULL, ":1: ", "--token-column"},
    {"gforms_followup_sv.csv", "Kupong", ":1: ", "no column is titled \"Kupong\""},
};

static void bad_files_are_refused_with_file_and_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(BAD); i++) {
        char path[4096], err[1024] = "", want[4200];
        data_path(path, sizeof path, BAD[i].file);
        Responses r;
        ResponsesOptions opt = {.token_column = BAD[i].token_column};
        assert_int_equal(responses_read(path, &opt, &r, err, sizeof err), -1);
        assert_int_equal(r.count, 0);
        snprintf(want, sizeof want, "%s%s", path, BAD[i].where);
        if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, BAD[i].words)) {
            fail_msg("%s: message \"%s\" should start with \"%s\" and say \"%s\"", BAD[i].file, err,
                     want, BAD[i].words);
        }
    }
    /* Bytes that are no table at all: sheet.c's refusal, with the name. */
    static const char junk[] = "\x01\x02\x03\x04garbage\x00";
    Responses r;
    char err[512];
    assert_int_equal(responses_parse("junk.csv", junk, sizeof junk, NULL, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "junk.csv"));
}

/* ---- Storing ------------------------------------------------------------------------ */

static StoreFormResult put_file(Store *s, const char *event_id, const char *name, bool dry)
{
    Responses r = read_ok(name, NULL);
    StoreFormAnswer *a = calloc(r.count + 1, sizeof *a);
    assert_non_null(a);
    for (size_t i = 0; i < r.count; i++) {
        a[i] = (StoreFormAnswer){r.answers[i].token, r.answers[i].question, r.answers[i].position,
                                 r.answers[i].answer};
    }
    StoreFormResult res;
    StoreStatus st = store_form_answers_put(s, event_id, a, r.count, NOW_MS + 3600000, dry, &res);
    if (st != STORE_OK) {
        fail_msg("%s: %s (%s)", name, store_status_text(st), store_last_error(s));
    }
    free(a);
    responses_free(&r);
    return res;
}

static void tokens_matched_unknown_counted_reimport_changes_nothing(void **state)
{
    (void)state;
    char db[4096], id[IDS_UUID_LEN + 1];
    tmp_path(db, sizeof db, "store.db");
    TestRandom rnd = {.state = 7};
    Store *s = seeded_store(db, &rnd, id);
    char *before = dump_of(s);

    /* The dry run counts what the import would do, and writes nothing. */
    StoreFormResult dry = put_file(s, id, "gforms_followup_sv.csv", true);
    assert_int_equal(dry.added, 11);
    assert_int_equal(dry.unknown, 3); /* U1's three answers */
    char *after_dry = dump_of(s);
    assert_string_equal(after_dry, before);
    free(after_dry);

    StoreFormResult res = put_file(s, id, "gforms_followup_sv.csv", false);
    assert_int_equal(res.added, 11);
    assert_int_equal(res.updated, 0);
    assert_int_equal(res.unchanged, 0);
    assert_int_equal(res.unknown, 3);
    char *once = dump_of(s);
    assert_non_null(strstr(once, "\nform_answer|'drift-2026-11'|"));
    Session ss[16];
    load_sessions(ss, COUNT_OF(ss));
    char unknown[64];
    /* The unknown token (U1, the 5th data row) is nowhere in the database's records. */
    Responses r = read_ok("gforms_followup_sv.csv", NULL);
    snprintf(unknown, sizeof unknown, "%s", r.answers[r.count - 1].token); /* S2 last */
    for (size_t i = 0; i < r.count; i++) {
        bool known = false;
        assert_int_equal(store_session_known(s, id, r.answers[i].token, &known), STORE_OK);
        bool in_dump = strstr(once, r.answers[i].token) != NULL;
        assert_true(known == in_dump);
        if (!known) {
            snprintf(unknown, sizeof unknown, "%s", r.answers[i].token);
        }
    }
    assert_null(strstr(once, unknown));
    responses_free(&r);

    /* The same file again: every answer unchanged, the records byte for byte the same. */
    StoreFormResult again = put_file(s, id, "gforms_followup_sv.csv", false);
    assert_int_equal(again.added, 0);
    assert_int_equal(again.updated, 0);
    assert_int_equal(again.unchanged, 11);
    char *twice = dump_of(s);
    assert_string_equal(twice, once);

    /* The other exports join the same sessions. */
    StoreFormResult ms = put_file(s, id, "msforms_followup.xlsx", false);
    assert_int_equal(ms.added, 8);
    assert_int_equal(ms.unknown, 0);
    StoreFormResult en = put_file(s, id, "gforms_followup_en.xlsx", false);
    assert_int_equal(en.added, 5);
    assert_int_equal(en.unknown, 2);
    StoreFormResult sv = put_file(s, id, "msforms_followup_sv_utf8.csv", false);
    assert_int_equal(sv.added, 7);
    free(before);
    free(once);
    free(twice);
    store_close(s);
}

static void invalid_answers_are_refused_whole(void **state)
{
    (void)state;
    char db[4096], id[IDS_UUID_LEN + 1];
    tmp_path(db, sizeof db, "invalid.db");
    TestRandom rnd = {.state = 8};
    Store *s = seeded_store(db, &rnd, id);
    Session ss[16];
    load_sessions(ss, COUNT_OF(ss));
    char *before = dump_of(s);
    const StoreFormAnswer bad[][2] = {
        {{ss[0].token, "Fråga", 2, "Svar"}, {"", "Fråga", 2, "Svar"}},
        {{ss[0].token, "Fråga", 2, "Svar"}, {ss[1].token, "", 2, "Svar"}},
        {{ss[0].token, "Fråga", 2, "Svar"}, {ss[1].token, "Fråga", 2, ""}},
        {{ss[0].token, "Fråga", 2, "Svar"}, {ss[1].token, "Fråga", 0, "Svar"}},
        {{ss[0].token, "Fråga", 2, "Svar"}, {ss[1].token, "Fråga", 2, "\xC3\x28"}},
        {{ss[0].token, "Fråga", 2, "Svar"}, {"two words", "Fråga", 2, "Svar"}},
    };
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        StoreFormResult res;
        assert_int_equal(store_form_answers_put(s, id, bad[i], 2, NOW_MS, false, &res),
                         STORE_INVALID);
    }
    StoreFormResult res;
    assert_int_equal(store_form_answers_put(s, "no-such-event", bad[0], 1, NOW_MS, false, &res),
                     STORE_NOT_FOUND);
    char *after = dump_of(s);
    assert_string_equal(after, before);
    free(before);
    free(after);
    store_close(s);
}

/* ---- Nothing linked to a person ------------------------------------------------------ */

static int collect_names(void *ctx, int ncol, char **vals, char **names)
{
    (void)names;
    char *buf = ctx;
    for (int i = 0; i < ncol; i++) {
        strncat(buf, vals[i] ? vals[i] : "NULL", 4000 - strlen(buf));
        strncat(buf, ",", 4000 - strlen(buf));
    }
    return 0;
}

static void schema_has_no_path_from_answer_to_person(void **state)
{
    (void)state;
    char db[4096], id[IDS_UUID_LEN + 1];
    tmp_path(db, sizeof db, "schema.db");
    TestRandom rnd = {.state = 9};
    Store *s = seeded_store(db, &rnd, id);
    store_close(s);
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char cols[4096] = "", fks[4096] = "", shared[4096] = "", tables[4096] = "";
    /* The tables that hold the answers: form_answer only. */
    assert_int_equal(sqlite3_exec(h,
                                  "SELECT name FROM sqlite_master WHERE type = 'table' AND"
                                  " sql LIKE '%answer%' ORDER BY name",
                                  collect_names, tables, NULL),
                     SQLITE_OK);
    assert_string_equal(tables, "form_answer,");
    assert_int_equal(sqlite3_exec(h, "SELECT name FROM pragma_table_info('form_answer')",
                                  collect_names, cols, NULL),
                     SQLITE_OK);
    assert_string_equal(cols, "id,event_id,token,question,position,answer,imported_ms,device,");
    /* Its only link is to the event. */
    assert_int_equal(sqlite3_exec(h,
                                  "SELECT \"table\" || '.' || \"to\" FROM"
                                  " pragma_foreign_key_list('form_answer')",
                                  collect_names, fks, NULL),
                     SQLITE_OK);
    assert_string_equal(fks, "event.id,");
    /* No column it shares with a table about people, beyond each row's own id, the event
     * (every attendee of the meeting, nobody in particular) and the writing kiosk. */
    assert_int_equal(
        sqlite3_exec(h,
                     "SELECT DISTINCT f.name FROM pragma_table_info('form_answer') f,"
                     " (SELECT name FROM pragma_table_info('attendee') UNION"
                     "  SELECT name FROM pragma_table_info('checkin')) p"
                     " WHERE f.name = p.name AND f.name NOT IN ('id', 'event_id', 'device')",
                     collect_names, shared, NULL),
        SQLITE_OK);
    assert_string_equal(shared, "");
    /* And no table about people has a token column to join on. */
    char tok[4096] = "";
    assert_int_equal(sqlite3_exec(h,
                                  "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c"
                                  " WHERE m.type = 'table' AND c.name = 'token'"
                                  " ORDER BY m.name",
                                  collect_names, tok, NULL),
                     SQLITE_OK);
    assert_string_equal(tok, "form_answer,rating,reflection,");
    sqlite3_close(h);
}

/* ---- Merging ----------------------------------------------------------------------- */

static void merge_carries_the_answers_once(void **state)
{
    (void)state;
    char a_path[4096], b_path[4096], ida[IDS_UUID_LEN + 1], idb[IDS_UUID_LEN + 1];
    tmp_path(a_path, sizeof a_path, "merge-a.db");
    tmp_path(b_path, sizeof b_path, "merge-b.db");
    TestRandom ra = {.state = 10}, rb = {.state = 11};
    Store *a = seeded_store(a_path, &ra, ida);
    /* B: another kiosk of the same meeting, its sessions all on A. */
    Store *b = event_store(b_path, &rb, idb, false);
    put_file(a, ida, "gforms_followup_sv.csv", false);
    store_close(a);
    StoreMergeReport rep;
    assert_int_equal(store_merge(b, a_path, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.form_answers, 11);
    assert_int_equal(rep.ratings, 13);
    /* Again: nothing new. */
    assert_int_equal(store_merge(b, a_path, &rep, NULL, NULL), STORE_OK);
    assert_int_equal(rep.form_answers, 0);
    /* B imports the same file itself: all unchanged; A and B agree line by line. */
    StoreFormResult res = put_file(b, idb, "gforms_followup_sv.csv", false);
    assert_int_equal(res.unchanged, 11);
    a = open_ok(a_path, &ra);
    char *da = dump_of(a), *db = dump_of(b);
    const char *fa = strstr(da, "\nform_answer|"), *fb = strstr(db, "\nform_answer|");
    assert_non_null(fa);
    assert_non_null(fb);
    /* The form answers come last in the dump and are the same. */
    assert_string_equal(fa, fb);
    free(da);
    free(db);
    store_close(a);
    store_close(b);
}

/* ---- The prefilled links of the guides ---------------------------------------------- */

typedef struct LinkCase {
    const char *service;
    const char *tmpl;    /* as the guide shows it, with a made-up form id */
    const char *pattern; /* the service's documented prefill format, the token captured */
} LinkCase;

static const LinkCase LINKS[] = {
    /* Google: "Get pre-filled link" gives .../viewform?usp=pp_url&entry.NNN=VALUE. */
    {"Google Forms",
     "https://docs.google.com/forms/d/e/1FAIpQLSf3Xq9mZt0k4nWbYc2Vd8uRsEaJhLgP7oKiTyNwQx1Rz5Ab6g/"
     "viewform?usp=pp_url&entry.1873523004={token}",
     "^https://docs\\.google\\.com/forms/d/e/[A-Za-z0-9_-]+/viewform\\?usp=pp_url&"
     "entry\\.[0-9]+=([A-Za-z0-9_-]+)$"},
    /* Microsoft: "Get pre-filled URL" gives ResponsePage.aspx?id=FORM&rQUESTION=VALUE. */
    {"Microsoft Forms",
     "https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAAAAN__"
     "k3lxYpUMUlBMzBVRDdYSEhKTDZQMkc5Wk1KNlhLNi4u&r8f2a41c0d5e44f6b9a3e1c7d2b6f0e94={token}",
     "^https://forms\\.office\\.com/Pages/ResponsePage\\.aspx\\?id=[A-Za-z0-9_-]+&"
     "r[0-9a-f]+=([A-Za-z0-9_-]+)$"},
    /* Any other service, with the event and the language too. */
    {"other", "https://forms.example.org/f?event={event}&t={token}&lang={lang}",
     "^https://forms\\.example\\.org/f\\?event=drift-2026-11&t=([A-Za-z0-9_-]+)&lang=sv$"},
};

static void guide_links_expand_to_the_documented_formats(void **state)
{
    (void)state;
    TestRandom rnd = {.state = 12};
    for (size_t i = 0; i < COUNT_OF(LINKS); i++) {
        char err[256] = "";
        if (link_check_template(LINKS[i].tmpl, "drift-2026-11", err, sizeof err) != 0) {
            fail_msg("%s: the guide's template is refused: %s", LINKS[i].service, err);
        }
        regex_t re;
        assert_int_equal(regcomp(&re, LINKS[i].pattern, REG_EXTENDED), 0);
        for (int k = 0; k < 200; k++) {
            char tok[LINK_TOKEN_LEN + 1], url[LINK_URL_MAX];
            assert_int_equal(link_token(tok, test_random, &rnd), 0);
            assert_true(link_expand(LINKS[i].tmpl, "drift-2026-11", tok, "sv", url, sizeof url) >
                        0);
            regmatch_t m[2];
            if (regexec(&re, url, 2, m, 0) != 0) {
                fail_msg("%s: %s is not in the documented format", LINKS[i].service, url);
            }
            /* The token arrives unencoded (base64url is all unreserved), so what the form
             * stores and exports is the token itself, and the import knows it as one. */
            char got[64];
            snprintf(got, sizeof got, "%.*s", (int)(m[1].rm_eo - m[1].rm_so), url + m[1].rm_so);
            assert_string_equal(got, tok);
            assert_true(responses_looks_like_token(got));
        }
        regfree(&re);
    }
    /* The guides show the same two links, in both languages, as lines of an event file
     * that loads. */
    static const char *const guides[] = {"docs/guide-en.md", "docs/guide-sv.md"};
    char ini_path[4096];
    path_in(ini_path, sizeof ini_path, "MINGEL_TEST_DATA", "event_good.ini");
    TestBytes ini = read_file(ini_path);
    for (size_t g = 0; g < COUNT_OF(guides); g++) {
        char path[4096];
        path_in(path, sizeof path, "MINGEL_TEST_ROOT", guides[g]);
        TestBytes doc = read_file(path);
        for (size_t i = 0; i < 2; i++) {
            char line[LINK_URL_MAX + 32];
            snprintf(line, sizeof line, "\nfeedback_url = %s\n", LINKS[i].tmpl);
            if (!strstr(doc.data, line)) {
                fail_msg("%s does not show the %s link the tests check: %s", guides[g],
                         LINKS[i].service, LINKS[i].tmpl);
            }
            /* event_good.ini with its feedback_url line replaced by the guide's. */
            const char *at = strstr(ini.data, "\nfeedback_url");
            assert_non_null(at);
            const char *rest = strchr(at + 1, '\n');
            char text[8192];
            snprintf(text, sizeof text, "%.*s%s%s", (int)(at - ini.data), ini.data, line, rest + 1);
            EventInfo ev;
            char err[512] = "";
            if (event_parse("guide.ini", text, strlen(text), &ev, err, sizeof err) != 0) {
                fail_msg("%s: the %s line does not load: %s", guides[g], LINKS[i].service, err);
            }
            assert_string_equal(ev.feedback_url, LINKS[i].tmpl);
        }
        free(doc.data);
    }
    free(ini.data);

    /* A value that needs it is percent-encoded (RFC 3986): an event key with a space and
     * an å would break the query otherwise. */
    char url[LINK_URL_MAX];
    assert_true(link_expand("https://forms.example.org/f?e={event}&t={token}", "höst träff", "abc",
                            "sv", url, sizeof url) > 0);
    assert_string_equal(url, "https://forms.example.org/f?e=h%C3%B6st%20tr%C3%A4ff&t=abc");
}

/* ---- The exports --------------------------------------------------------------------- */

/* A database with every fixture imported: all eight sessions answered some form. */
static Store *all_imported(const char *name, TestRandom *rnd, char id[IDS_UUID_LEN + 1])
{
    char db[4096];
    tmp_path(db, sizeof db, name);
    Store *s = seeded_store(db, rnd, id);
    for (size_t i = 0; i < COUNT_OF(FIXTURES); i++) {
        put_file(s, id, FIXTURES[i].file, false);
    }
    return s;
}

static char *export_text(Store *s, const char *id, ExportFormat format, int min_group,
                         bool with_text, const char *name)
{
    char path[4096], err[1024];
    tmp_path(path, sizeof path, name);
    ExportOptions o = export_defaults();
    o.format = format;
    o.min_group = min_group;
    o.with_text = with_text;
    if (export_write(s, id, &o, path, err, sizeof err) != 0) {
        fail_msg("export %s: %s", name, err);
    }
    return read_file(path).data;
}

/* The text between start and end (both included), or fails. Free with free(). */
static char *between(const char *text, const char *start, const char *end)
{
    const char *a = strstr(text, start);
    const char *b = a ? strstr(a, end) : NULL;
    if (!b) {
        fail_msg("no \"%s\" ... \"%s\" in: %.3000s", start, end, text);
    }
    size_t n = (size_t)(b - a) + strlen(end);
    char *out = malloc(n + 1);
    assert_non_null(out);
    memcpy(out, a, n);
    out[n] = '\0';
    return out;
}

static void assert_no_person(const char *part, const char *what)
{
    for (size_t i = 0; i < COUNT_OF(PERSON_WORDS); i++) {
        if (strstr(part, PERSON_WORDS[i])) {
            fail_msg("%s holds \"%s\", a person's detail, next to form answers", what,
                     PERSON_WORDS[i]);
        }
    }
}

static void json_form_answers_beside_ratings_with_min_group(void **state)
{
    (void)state;
    char id[IDS_UUID_LEN + 1];
    TestRandom rnd = {.state = 14};
    Store *s = all_imported("json.db", &rnd, id);

    /* The default minimum group, 5: the fixtures' questions have 2-4 answers each, so
     * every question says only how many answered; no choice, no text, no mean. */
    char *doc = export_text(s, id, EXPORT_JSON, 5, false, "form5.json");
    char *form = between(doc, "\"form\":{", "}\n}");
    assert_no_person(form, "the JSON's form member");
    assert_non_null(strstr(form, "\"sessions\":8"));
    assert_non_null(strstr(form, "\"sessions_also_rated\":null")); /* 7 and 1 */
    assert_null(strstr(form, "\"choices\""));
    assert_null(strstr(form, "\"texts\""));
    assert_null(strstr(form, "\"mean\""));
    assert_non_null(strstr(form, "\"question\":\"Kommer du till nästa möte?\",\"kind\":"
                                 "\"choice\",\"answers\":4,\"shown\":false"));
    /* The whole document has no token of a form answer next to its text either: the
     * form member carries none. */
    assert_null(strstr(form, "\"token\""));
    free(form);
    free(doc);

    /* Minimum 2, with text: the choices with the kiosk means of their sessions. "Ja":
     * S1 (5) and S4 (3), mean 4; "Kanske": S2 (4) and S3 (5), 4.5; question 3: S1 9,
     * S4 6 -> 7.5; S2 8, S3 10 -> 9. */
    doc = export_text(s, id, EXPORT_JSON, 2, true, "form2.json");
    form = between(doc, "\"form\":{", "}\n}");
    assert_no_person(form, "the JSON's form member (with text)");
    char *q = between(form, "\"question\":\"Kommer du till nästa möte?\"", "\"other\"");
    assert_non_null(strstr(q, "\"also_rated\":4"));
    assert_non_null(strstr(q, "{\"answer\":\"Ja\",\"count\":2,\"kiosk\":[{\"question\":1,"
                              "\"sessions\":2,\"mean\":4},{\"question\":2,\"sessions\":0,"
                              "\"mean\":null},{\"question\":3,\"sessions\":2,\"mean\":7.5}]}"));
    assert_non_null(strstr(q, "{\"answer\":\"Kanske\",\"count\":2,\"kiosk\":[{\"question\":1,"
                              "\"sessions\":2,\"mean\":4.5}"));
    free(q);
    /* An answer given once is "other" (1 < 2: not shown as a number). */
    q = between(form, "\"question\":\"Hur fick du veta om mötet?\"", "\"other\":");
    assert_null(strstr(q, "LinkedIn"));
    assert_null(strstr(q, "En kollega tipsade"));
    free(q);
    /* Free text with --with-text: the answers in alphabetical order, nothing beside them. */
    assert_non_null(strstr(form, "\"texts\":[\"Att fler kommuner brottas med samma "
                                 "rekrytering, inte bara vi.\",\"Kontakten med Region"));
    free(form);
    free(doc);
    store_close(s);
}

static void report_shows_the_form_within_the_minimum_group(void **state)
{
    (void)state;
    char id[IDS_UUID_LEN + 1];
    TestRandom rnd = {.state = 15};
    Store *s = all_imported("report.db", &rnd, id);

    char *html = export_text(s, id, EXPORT_HTML, 5, false, "report5.html");
    char *sec = between(html, "<section class=\"form\">", "</section>");
    assert_no_person(sec, "the report's form section");
    assert_non_null(strstr(sec, "Uppföljningsformuläret"));
    assert_non_null(strstr(sec, "8 sessioner svarade på formuläret"));
    assert_non_null(strstr(sec, "Färre än 5 svar – visas inte"));
    assert_null(strstr(sec, "Kanske"));
    assert_null(strstr(sec, "Två saker"));
    free(sec);
    free(html);

    html = export_text(s, id, EXPORT_HTML, 2, false, "report2.html");
    sec = between(html, "<section class=\"form\">", "</section>");
    assert_no_person(sec, "the report's form section (minimum 2)");
    assert_non_null(strstr(sec, "<td style=\"padding:2px 8px\">Kanske</td>"));
    assert_non_null(strstr(sec, "4,5 (2)"));
    /* Free text: the count and the hint, not the answers. */
    assert_non_null(strstr(sec, "Fritext: svaren visas bara med --with-text."));
    assert_null(strstr(sec, "Två saker"));
    free(sec);
    free(html);

    html = export_text(s, id, EXPORT_HTML, 2, true, "report2-text.html");
    sec = between(html, "<section class=\"form\">", "</section>");
    assert_no_person(sec, "the report's form section (with text)");
    assert_non_null(strstr(sec, "<li>Två saker:<br>1. Hur andra gör med AI i drift<br>2. Att "
                                "&quot;lagom&quot; räcker</li>"));
    free(sec);
    free(html);
    store_close(s);

    /* No form answers: no section at all. */
    char db[4096], id2[IDS_UUID_LEN + 1];
    tmp_path(db, sizeof db, "noform.db");
    TestRandom r2 = {.state = 16};
    s = seeded_store(db, &r2, id2);
    html = export_text(s, id2, EXPORT_HTML, 5, true, "noform.html");
    assert_null(strstr(html, "Uppföljningsformuläret"));
    free(html);
    store_close(s);
}

/* ---- `mingel import-responses` ------------------------------------------------------- */

typedef struct Run {
    int status;
    char *out, *err; /* what it printed; free() */
} Run;

/* Runs the command in this process with stdout and stderr going to files. */
static Run run_cmd(const char *name, char **argv)
{
    char out_path[4096], err_path[4096];
    tmp_path(out_path, sizeof out_path, "cmd.out");
    tmp_path(err_path, sizeof err_path, "cmd.err");
    fflush(stdout);
    fflush(stderr);
    int saved_out = dup(1), saved_err = dup(2);
    int fo = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int fe = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(saved_out >= 0 && saved_err >= 0 && fo >= 0 && fe >= 0);
    dup2(fo, 1);
    dup2(fe, 2);
    int argc = 0;
    while (argv[argc]) {
        argc++;
    }
    (void)name;
    optind = 0; /* getopt afresh for each command */
    int status = cli_import_responses(argc, argv);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(fo);
    close(fe);
    close(saved_out);
    close(saved_err);
    Run r = {.status = status};
    r.out = read_file(out_path).data;
    r.err = read_file(err_path).data;
    return r;
}

static void run_free(Run *r)
{
    free(r->out);
    free(r->err);
}

static char *db_bytes(const char *db)
{
    TestBytes b = read_file(db);
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", db);
    long long wal_size = size_with(db, "-wal");
    char *all = malloc(b.len + 64);
    assert_non_null(all);
    memcpy(all, b.data, b.len);
    snprintf(all + b.len, 64, "|wal %lld", wal_size);
    free(b.data);
    return all;
}

static void cli_imports_reports_and_refuses_bad_files_untouched(void **state)
{
    (void)state;
    char db[4096], id[IDS_UUID_LEN + 1], file[4096], bad[4096];
    tmp_path(db, sizeof db, "cli.db");
    TestRandom rnd = {.state = 13};
    Store *s = seeded_store(db, &rnd, id);
    store_close(s);
    data_path(file, sizeof file, "gforms_followup_sv.csv");
    data_path(bad, sizeof bad, "bad_extra_cell.csv");
    TestBytes before = read_file(db);

    /* --check: says what it would do, changes nothing. */
    char *check[] = {"import-responses", "--db", db, "--check", file, NULL};
    Run r = run_cmd("check", check);
    if (r.status != CLI_OK) {
        fail_msg("--check: %d: %s", r.status, r.err);
    }
    assert_non_null(strstr(r.out, "Token column: 6 \"Sessionskod\""));
    assert_non_null(strstr(r.out, "Never read (the form service's own columns, a person's name "
                                  "or e-mail): \"Tidstämpel\", \"E-postadress\""));
    assert_non_null(strstr(r.out, "Check only: 11 answers would be stored"));
    assert_non_null(strstr(r.out, "Unknown tokens: 1 session, 3 answers (line 8)"));
    assert_non_null(strstr(r.out, "No token: 1 row (line 7)"));
    assert_non_null(strstr(r.out, "Sent again: 1 row (line 3)"));
    run_free(&r);
    TestBytes after = read_file(db);
    assert_true(after.len == before.len && memcmp(after.data, before.data, after.len) == 0);
    free(after.data);

    /* A bad file: exit 65, file and line, the database as it was, byte for byte. */
    char *snap = db_bytes(db);
    char *badrun[] = {"import-responses", "--db", db, bad, NULL};
    r = run_cmd("bad", badrun);
    assert_int_equal(r.status, CLI_DATAERR);
    char want[4200];
    snprintf(want, sizeof want, "mingel: %s:4: ", bad);
    if (strncmp(r.err, want, strlen(want)) != 0) {
        fail_msg("bad file: stderr \"%s\" should start with \"%s\"", r.err, want);
    }
    assert_string_equal(r.out, "");
    run_free(&r);
    char *snap2 = db_bytes(db);
    assert_string_equal(snap2, snap);
    assert_memory_equal(snap2, snap, strlen(snap));
    free(snap);
    free(snap2);

    /* The import, then again: the second changes nothing. */
    char *imp[] = {"import-responses", "--db", db, file, NULL};
    r = run_cmd("import", imp);
    assert_int_equal(r.status, CLI_OK);
    assert_non_null(strstr(r.out, "Stored: 11 answers: 11 new, 0 updated, 0 unchanged"));
    assert_non_null(strstr(r.out, "Unknown tokens: 1 session, 3 answers (line 8)"));
    run_free(&r);
    r = run_cmd("again", imp);
    assert_int_equal(r.status, CLI_OK);
    assert_non_null(strstr(r.out, "Stored: 11 answers: 0 new, 0 updated, 11 unchanged"));
    run_free(&r);

    /* No database there: refused, none made. */
    char none[4096];
    tmp_db(none, sizeof none, "none.db");
    char *nodb[] = {"import-responses", "--db", none, file, NULL};
    r = run_cmd("nodb", nodb);
    assert_int_equal(r.status, CLI_NOINPUT);
    assert_false(exists_with(none, ""));
    run_free(&r);
    free(before.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixtures_read_as_the_services_write_them),
        cmocka_unit_test(answers_are_the_last_row_cleaned),
        cmocka_unit_test(bad_files_are_refused_with_file_and_line),
        cmocka_unit_test(tokens_matched_unknown_counted_reimport_changes_nothing),
        cmocka_unit_test(invalid_answers_are_refused_whole),
        cmocka_unit_test(schema_has_no_path_from_answer_to_person),
        cmocka_unit_test(merge_carries_the_answers_once),
        cmocka_unit_test(guide_links_expand_to_the_documented_formats),
        cmocka_unit_test(json_form_answers_beside_ratings_with_min_group),
        cmocka_unit_test(report_shows_the_form_within_the_minimum_group),
        cmocka_unit_test(cli_imports_reports_and_refuses_bad_files_untouched),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
