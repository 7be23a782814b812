/* Tests for core/event: the organiser's event file.
 *
 * Good files must come through field for field; every kind of bad file must be refused
 * with a message that starts "NAME:LINE: " at the line to fix (or "NAME: " for problems
 * of the whole file), because that prefix is what lets an organiser find the typo. Cases
 * are tables; each row's name is printed when it fails.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/badge.h"
#include "core/event.h"
#include "core/text.h"
#include "support.h"

/* good_numbers reads enum fields as int. */
_Static_assert(sizeof(EventScale) == sizeof(int), "EventScale is read as an int");

static int parse(const char *text, EventInfo *ev, char *err, size_t errcap)
{
    return event_parse("mem.ini", text, strlen(text), ev, err, errcap);
}

/* The start of a small valid file (three lines), and a whole [question.N] section
 * (three lines) for building feedback cases. */
#define HEAD "[event]\ntitle = M\ndate = 2026-11-26\n"
#define Q(n) "[question." #n "]\nsv = Fråga " #n "\nen = Question " #n "\n"

/* ---- good files ---------------------------------------------------------------------- */

/* Loads tests/data/name, which must be accepted. */
static void load_sample(const char *name, EventInfo *ev)
{
    char path[4096], err[512] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", name);
    if (event_load(path, ev, err, sizeof err) != 0) {
        fail_msg("%s refused: %s", name, err);
    }
}

static void test_good_file_from_disk_keeps_every_field(void **state)
{
    (void)state;
    const char *row = "event_good.ini";
    EventInfo ev;
    load_sample(row, &ev);
    CHECK_STR(row, ev.key, "drift-2026-11");
    CHECK_STR(row, ev.title, "Driftchefsnätverket – höstträff");
    CHECK_STR(row, ev.date, "2026-11-26");
    CHECK_STR(row, ev.start_time, "09:00");
    CHECK_STR(row, ev.venue, "Kommunhuset, sal B, Västerås");
    CHECK_STR(row, ev.theme, "Kompetensförsörjning i kommunal drift");
    CHECK_STR(row, ev.organiser, "Kommunförbundet Mälardalen");
    CHECK_STR(row, ev.language, "sv");
    CHECK_STR(row, ev.next_meeting, "Nästa träff: 4 mars 2027 i Örebro");

    CHECK(row, ev.phases == EVENT_PHASE_BOTH);
    CHECK_STR(row, ev.feedback_url,
              "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    CHECK(row, ev.thanks_seconds == 30);
    CHECK(row, ev.repeat_seconds == 8);
    CHECK(row, ev.retention_days == 180);
    CHECK(row, ev.question_count == 3);
    CHECK_STR(row, ev.questions[0].text[LANG_SV], "Hur nöjd är du med dagen som helhet?");
    CHECK_STR(row, ev.questions[0].text[LANG_EN], "How satisfied are you with the day overall?");
    CHECK(row, ev.questions[0].scale == EVENT_SCALE_SMILEYS);
    CHECK_STR(row, ev.questions[1].text[LANG_SV],
              "Fick du med dig något du kan använda på jobbet?");
    CHECK_STR(row, ev.questions[1].text[LANG_EN], "Did you get something you can use at work?");
    CHECK(row, ev.questions[1].scale == EVENT_SCALE_SMILEYS); /* by default */
    CHECK_STR(row, ev.questions[2].text[LANG_EN],
              "How likely are you to recommend the meeting to a colleague?");
    CHECK(row, ev.questions[2].scale == EVENT_SCALE_NPS);
    CHECK_STR(row, ev.reflection_prompt[LANG_SV], "Det viktigaste jag tar med mig från dagen är …");
    CHECK_STR(row, ev.reflection_prompt[LANG_EN],
              "The most important thing I take with me today is …");
    CHECK(row, ev.reflection_max == 120);
    /* Slots past the last question stay empty. */
    CHECK_STR(row, ev.questions[3].text[LANG_SV], "");
}

static void test_minimal_file_gets_defaults(void **state)
{
    (void)state;
    const char *row = "event_minimal.ini";
    EventInfo ev;
    load_sample(row, &ev);
    CHECK_STR(row, ev.key, "2027-01-14-frukostmote-for-osmo-foretagarforening");
    CHECK_STR(row, ev.title, "Frukostmöte för Ösmo företagarförening");
    CHECK_STR(row, ev.start_time, "");
    CHECK_STR(row, ev.venue, "");
    CHECK_STR(row, ev.theme, "");
    CHECK_STR(row, ev.organiser, "");
    CHECK_STR(row, ev.language, "sv");
    CHECK_STR(row, ev.next_meeting, "");

    /* Feedback defaults: check-in only, no questions, the built-in prompt. */
    CHECK(row, ev.phases == EVENT_PHASE_CHECKIN);
    CHECK(row, ev.question_count == 0);
    CHECK(row, ev.reflection_max == EVENT_REFLECTION_DEFAULT_MAX);
    CHECK(row, ev.reflection_max == 140);
    CHECK(row, ev.thanks_seconds == 20);
    CHECK(row, ev.repeat_seconds == 5);
    CHECK(row, ev.retention_days == 90);
    CHECK_STR(row, ev.feedback_url, "");
    CHECK_STR(row, ev.reflection_prompt[LANG_SV], "");
    CHECK_STR(row, ev.reflection_prompt[LANG_EN], "");
}

/* One field of a good in-memory file, checked after parsing. */
static const struct {
    const char *what;
    const char *text;
    size_t field; /* offsetof(EventInfo, ...) */
    const char *want;
} good_values[] = {
    {"bom is skipped", "\xEF\xBB\xBF[event]\ntitle = Möte\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "Möte"},
    {"crlf line ends", "[event]\r\ntitle = Möte\r\ndate = 2026-11-26\r\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"no line break at the end", "[event]\ntitle = Möte\ndate = 2026-11-26",
     offsetof(EventInfo, date), "2026-11-26"},
    {"swedish alias titel", "[event]\ntitel = Chefsforum\ndatum = 2026-11-26\n",
     offsetof(EventInfo, title), "Chefsforum"},
    {"swedish alias datum", "[event]\ntitel = Chefsforum\ndatum = 2026-11-26\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"swedish alias plats", "[event]\ntitle = M\ndate = 2026-11-26\nplats = Sal Å\n",
     offsetof(EventInfo, venue), "Sal Å"},
    {"swedish alias tema", "[event]\ntitle = M\ndate = 2026-11-26\ntema = Ledarskap\n",
     offsetof(EventInfo, theme), "Ledarskap"},
    {"swedish alias arrangör",
     "[event]\ntitle = M\ndate = 2026-11-26\narrangör = Region Gävleborg\n",
     offsetof(EventInfo, organiser), "Region Gävleborg"},
    {"american organizer", "[event]\ntitle = M\ndate = 2026-11-26\norganizer = Region X\n",
     offsetof(EventInfo, organiser), "Region X"},
    {"keys in any case", "[Event]\nTITLE = Möte\nDate = 2026-11-26\n", offsetof(EventInfo, title),
     "Möte"},
    {"next meeting with a space", "[event]\ntitle = M\ndate = 2026-11-26\nNext meeting = Mars\n",
     offsetof(EventInfo, next_meeting), "Mars"},
    {"indented keys are keys", "[event]\n  title = Möte\n  date = 2026-11-26\n",
     offsetof(EventInfo, date), "2026-11-26"},
    {"language en", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = EN\n",
     offsetof(EventInfo, language), "en"},
    {"start with one-digit hour", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 9:05\n",
     offsetof(EventInfo, start_time), "09:05"},
    {"start in swedish style 08.30", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 08.30\n",
     offsetof(EventInfo, start_time), "08:30"},
    {"start 23:59", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 23:59\n",
     offsetof(EventInfo, start_time), "23:59"},
    {"start 00:00", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 00:00\n",
     offsetof(EventInfo, start_time), "00:00"},
    {"leap day", "[event]\ntitle = M\ndate = 2028-02-29\n", offsetof(EventInfo, date),
     "2028-02-29"},
    {"year 2000 is a leap year", "[event]\ntitle = M\ndate = 2000-02-29\n",
     offsetof(EventInfo, date), "2000-02-29"},
    {"inline comment after a space is cut (inih)",
     "[event]\ntitle = M\ndate = 2026-11-26\nvenue = Sal B ; ändra senare\n",
     offsetof(EventInfo, venue), "Sal B"},
    {"semicolon inside a value stays", "[event]\ntitle = Möte; del 2\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "Möte; del 2"},
    {"comment lines and blank lines",
     "; kommentar\n\n# annan\n[event]\n\ntitle = M\ndate = 2026-11-26\n",
     offsetof(EventInfo, title), "M"},
    {"id with every allowed character", "[event]\nid = a-z_0.9\ntitle = M\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "a-z_0.9"},
    {"default key folds diacritics and punctuation",
     "[event]\ntitle = Driftchefsnätverket – höstträff!\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-driftchefsnatverket-hosttraff"},
    {"default key when the title has no latin letters", "[event]\ntitle = ★ ★\ndate = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26"},
    {"default key is cut to fit without a trailing dash",
     "[event]\ntitle = Kommunala driftchefers nätverk för samverkan och utveckling i Mälardalen\n"
     "date = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-kommunala-driftchefers-natverk-for-samverkan-och"},
    {"default key cuts a single long word",
     "[event]\ntitle = Kommunaldriftchefsnatverkssamverkansutvecklingskonferensen2026\n"
     "date = 2026-11-26\n",
     offsetof(EventInfo, key), "2026-11-26-kommunaldriftchefsnatverkssamverkansutvecklingskonfe"},
    /* Feedback */
    {"question text in both languages", HEAD Q(1) Q(2), offsetof(EventInfo, questions[1].text[1]),
     "Question 2"},
    {"question text keeps å, ä, ö and punctuation",
     HEAD "[question.1]\nsv = Hur var fikat – och lokalen?\nen = Q\n",
     offsetof(EventInfo, questions[0].text[0]), "Hur var fikat – och lokalen?"},
    {"section names in any case, blanks inside the brackets",
     HEAD "[ Question.1 ]\nSV = Fråga\nEn = Question\n", offsetof(EventInfo, questions[0].text[0]),
     "Fråga"},
    {"questions before [event]", Q(1) "[event]\ntitle = M\ndate = 2026-11-26\nphases = feedback\n",
     offsetof(EventInfo, questions[0].text[1]), "Question 1"},
    {"reflection around the questions", HEAD Q(1) "[reflection]\nen = Think\n" Q(2),
     offsetof(EventInfo, questions[1].text[0]), "Fråga 2"},
    {"reflection prompt", HEAD "[REFLECTION]\nsv = Det viktigaste är …\n",
     offsetof(EventInfo, reflection_prompt[0]), "Det viktigaste är …"},
    {"empty reflection prompt means the built-in one", HEAD "[reflection]\nsv =\nen = Think\n",
     offsetof(EventInfo, reflection_prompt[0]), ""},
    {"feedback_url", HEAD "feedback_url = https://forms.example.org/f?event={event}&t={token}\n",
     offsetof(EventInfo, feedback_url), "https://forms.example.org/f?event={event}&t={token}"},
    {"feedback_url without placeholders", HEAD "feedback_url = http://example.org/form\n",
     offsetof(EventInfo, feedback_url), "http://example.org/form"},
    {"empty feedback_url means none", HEAD "feedback_url =\n", offsetof(EventInfo, feedback_url),
     ""},
    {"feedback_url checked with an id given after it",
     "[event]\nfeedback_url = https://forms.example.org/f?e={event}\nid = drift-2026\ntitle = M\n"
     "date = 2026-11-26\n",
     offsetof(EventInfo, key), "drift-2026"},
};

/* One number field of a good in-memory file (phases, scales, counts, limits). */
static const struct {
    const char *what;
    const char *text;
    size_t field; /* offsetof(EventInfo, ...) of an int or enum */
    int want;
} good_numbers[] = {
    {"default phases is check-in", HEAD, offsetof(EventInfo, phases), EVENT_PHASE_CHECKIN},
    {"phases checkin", HEAD "phases = checkin\n", offsetof(EventInfo, phases), EVENT_PHASE_CHECKIN},
    {"phases Check-in with a dash", HEAD "phases = Check-in\n", offsetof(EventInfo, phases),
     EVENT_PHASE_CHECKIN},
    {"phases incheckning", HEAD "phases = incheckning\n", offsetof(EventInfo, phases),
     EVENT_PHASE_CHECKIN},
    {"phases feedback", HEAD "phases = feedback\n" Q(1), offsetof(EventInfo, phases),
     EVENT_PHASE_FEEDBACK},
    {"phases FEEDBACK", HEAD "phases = FEEDBACK\n" Q(1), offsetof(EventInfo, phases),
     EVENT_PHASE_FEEDBACK},
    {"phases both", HEAD "phases = both\n" Q(1), offsetof(EventInfo, phases), EVENT_PHASE_BOTH},
    {"phases båda", HEAD "phases = båda\n" Q(1), offsetof(EventInfo, phases), EVENT_PHASE_BOTH},
    {"swedish alias faser", HEAD "faser = Båda\n" Q(1), offsetof(EventInfo, phases),
     EVENT_PHASE_BOTH},
    {"questions without the feedback phase", HEAD Q(1), offsetof(EventInfo, question_count), 1},
    {"no questions", HEAD, offsetof(EventInfo, question_count), 0},
    {"five questions", HEAD Q(1) Q(2) Q(3) Q(4) Q(5), offsetof(EventInfo, question_count), 5},
    {"scale smileys by default", HEAD Q(1), offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_SMILEYS},
    {"scale smileys", HEAD Q(1) "scale = smileys\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_SMILEYS},
    {"scale Smiley", HEAD Q(1) "scale = Smiley\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_SMILEYS},
    {"scale nps", HEAD Q(1) "scale = nps\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_NPS},
    {"scale NPS", HEAD Q(1) "scale = NPS\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_NPS},
    {"scale 0-10 is nps", HEAD Q(1) "scale = 0-10\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_NPS},
    {"swedish alias skala", HEAD Q(1) "skala = nps\n", offsetof(EventInfo, questions[0].scale),
     EVENT_SCALE_NPS},
    {"scale of the second question", HEAD Q(1) Q(2) "scale = nps\n",
     offsetof(EventInfo, questions[1].scale), EVENT_SCALE_NPS},
    {"scale of the first question stays", HEAD Q(1) Q(2) "scale = nps\n",
     offsetof(EventInfo, questions[0].scale), EVENT_SCALE_SMILEYS},
    {"default max_length", HEAD, offsetof(EventInfo, reflection_max), 140},
    {"default max_length with a [reflection]", HEAD "[reflection]\nsv = Tänk\n",
     offsetof(EventInfo, reflection_max), 140},
    {"max_length 1", HEAD "[reflection]\nmax_length = 1\n", offsetof(EventInfo, reflection_max), 1},
    {"max_length 280", HEAD "[reflection]\nmax_length = 280\n", offsetof(EventInfo, reflection_max),
     280},
    {"swedish alias max_längd", HEAD "[reflection]\nmax_längd = 80\n",
     offsetof(EventInfo, reflection_max), 80},
    {"default thanks_seconds", HEAD, offsetof(EventInfo, thanks_seconds), 20},
    {"thanks_seconds 5", HEAD "thanks_seconds = 5\n", offsetof(EventInfo, thanks_seconds), 5},
    {"thanks_seconds 120", HEAD "thanks_seconds = 120\n", offsetof(EventInfo, thanks_seconds), 120},
    {"default repeat_seconds", HEAD, offsetof(EventInfo, repeat_seconds), 5},
    {"repeat_seconds 0", HEAD "repeat_seconds = 0\n", offsetof(EventInfo, repeat_seconds), 0},
    {"repeat_seconds 60", HEAD "repeat_seconds = 60\n", offsetof(EventInfo, repeat_seconds), 60},
    {"default retention_days", HEAD, offsetof(EventInfo, retention_days), 90},
    {"retention_days 1", HEAD "retention_days = 1\n", offsetof(EventInfo, retention_days), 1},
    {"retention_days 30", HEAD "retention_days = 30\n", offsetof(EventInfo, retention_days), 30},
    {"retention_days 3650", HEAD "retention_days = 3650\n", offsetof(EventInfo, retention_days),
     3650},
    {"Retention Days in any case", HEAD "Retention Days = 365\n",
     offsetof(EventInfo, retention_days), 365},
};

static void test_good_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(good_numbers); i++) {
        const char *row = good_numbers[i].what;
        EventInfo ev;
        char err[512] = "";
        int rc = parse(good_numbers[i].text, &ev, err, sizeof err);
        if (rc != 0) {
            fail_msg("case \"%s\": refused: %s", row, err);
        }
        int got;
        memcpy(&got, (const char *)&ev + good_numbers[i].field, sizeof got);
        if (got != good_numbers[i].want) {
            fail_msg("case \"%s\": got %d, expected %d", row, got, good_numbers[i].want);
        }
    }
}

static void test_good_values(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(good_values); i++) {
        const char *row = good_values[i].what;
        EventInfo ev;
        char err[512] = "";
        int rc = parse(good_values[i].text, &ev, err, sizeof err);
        if (rc != 0) {
            fail_msg("case \"%s\": refused: %s", row, err);
        }
        CHECK_STR(row, (const char *)&ev + good_values[i].field, good_values[i].want);
        CHECK(row, strlen(ev.key) < EVENT_KEY_MAX);
    }
}

/* A long title that still fits on one line comes through whole, not cut by inih. */
static void test_long_title_is_kept_whole(void **state)
{
    (void)state;
    char title[200], text[512], err[512] = "";
    memset(title, 'a', 180);
    memcpy(title + 170, "ÅÄÖ", 6); /* ends in multi-byte letters */
    title[176] = '\0';
    snprintf(text, sizeof text, "[event]\ntitle = %s\ndate = 2026-11-26\n", title);
    EventInfo ev;
    int rc = parse(text, &ev, err, sizeof err);
    if (rc != 0) {
        fail_msg("refused: %s", err);
    }
    assert_string_equal(ev.title, title);
}

/* Around inih's line limit a title is either kept whole or refused as too long, never
 * cut short or split into a second line. */
static void test_title_near_the_line_limit_is_whole_or_refused(void **state)
{
    (void)state;
    bool seen_ok = false, seen_refused = false;
    for (size_t len = 150; len <= 300; len++) {
        char title[301], text[512], err[512] = "";
        memset(title, 't', len);
        title[len] = '\0';
        snprintf(text, sizeof text, "[event]\ntitle = %s\ndate = 2026-11-26\n", title);
        EventInfo ev;
        if (parse(text, &ev, err, sizeof err) == 0) {
            if (strcmp(ev.title, title) != 0) {
                fail_msg("title of %zu bytes came back as %zu bytes", len, strlen(ev.title));
            }
            seen_ok = true;
        } else {
            if (strncmp(err, "mem.ini:2: ", 11) != 0 || !strstr(err, "too long")) {
                fail_msg("title of %zu bytes: unexpected message \"%s\"", len, err);
            }
            seen_refused = true;
        }
    }
    assert_true(seen_ok);
    assert_true(seen_refused);
}

/* ---- bad files ----------------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *text;
    const char *prefix;  /* the message must start with this */
    const char *mention; /* and contain this, so it says what is wrong */
} bad_files[] = {
    {"unknown key names its line", "[event]\ntitle = M\ndate = 2026-11-26\nvenu = Sal B\n",
     "mem.ini:4: ", "'venu'"},
    {"unknown section", "[event]\ntitle = M\ndate = 2026-11-26\n[lokal]\nsal = B\n",
     "mem.ini:4: ", "[lokal]"},
    {"unknown empty section", "[event]\ntitle = M\ndate = 2026-11-26\n[questions]\n",
     "mem.ini:4: ", "[questions]"},
    {"key before any section", "title = M\n[event]\ndate = 2026-11-26\n", "mem.ini:1: ", "[event]"},
    {"duplicate key", "[event]\ntitle = M\ndate = 2026-11-26\ntitle = N\n",
     "mem.ini:4: ", "line 2"},
    {"duplicate key through an alias", "[event]\ntitle = M\ntitel = N\ndate = 2026-11-26\n",
     "mem.ini:3: ", "title is given twice"},
    {"duplicate empty key", "[event]\ntitle = M\ndate = 2026-11-26\nvenue =\nvenue = B\n",
     "mem.ini:5: ", "line 4"},
    {"february 30th", "[event]\ntitle = M\ndate = 2026-02-30\n", "mem.ini:3: ", "2026-02-30"},
    {"february 29th in a common year", "[event]\ntitle = M\ndate = 2027-02-29\n",
     "mem.ini:3: ", "2027-02-29"},
    {"february 29th in 1900", "[event]\ntitle = M\ndate = 1900-02-29\n",
     "mem.ini:3: ", "1900-02-29"},
    {"april 31st", "[event]\ntitle = M\ndate = 2026-04-31\n", "mem.ini:3: ", "date"},
    {"month 13", "[event]\ntitle = M\ndate = 2026-13-01\n", "mem.ini:3: ", "date"},
    {"day 0", "[event]\ntitle = M\ndate = 2026-11-00\n", "mem.ini:3: ", "date"},
    {"swedish date order", "[event]\ntitle = M\ndate = 26/11/2026\n", "mem.ini:3: ", "YYYY-MM-DD"},
    {"date without dashes", "[event]\ntitle = M\ndate = 20261126\n", "mem.ini:3: ", "date"},
    {"date with trailing text", "[event]\ntitle = M\ndate = 2026-11-26x\n", "mem.ini:3: ", "date"},
    {"empty date", "[event]\ntitle = M\ndate =\n", "mem.ini:3: ", "date"},
    {"hour 24", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 24:00\n", "mem.ini:4: ", "HH:MM"},
    {"minute 60", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 09:60\n", "mem.ini:4: ", "09:60"},
    {"time in words", "[event]\ntitle = M\ndate = 2026-11-26\nstart = nio\n",
     "mem.ini:4: ", "start"},
    {"time with seconds", "[event]\ntitle = M\ndate = 2026-11-26\nstart = 09:00:00\n",
     "mem.ini:4: ", "start"},
    {"language de", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = de\n",
     "mem.ini:4: ", "sv or en"},
    {"language svenska", "[event]\ntitle = M\ndate = 2026-11-26\nlanguage = svenska\n",
     "mem.ini:4: ", "sv or en"},
    {"missing title", "[event]\ndate = 2026-11-26\n",
     "mem.ini: missing required key 'title' in [event]", "title"},
    {"missing date", "[event]\ntitle = M\n", "mem.ini: missing required key 'date' in [event]",
     "date"},
    {"empty file", "", "mem.ini: missing required key 'title' in [event]", "title"},
    {"only a section", "[event]\n", "mem.ini: missing required key 'title' in [event]", "title"},
    {"empty title", "[event]\ntitle =\ndate = 2026-11-26\n", "mem.ini:2: ", "title"},
    {"latin-1 text", "[event]\ntitle = M\xf6te\ndate = 2026-11-26\n", "mem.ini:2: ", "UTF-8"},
    {"latin-1 in a comment", "[event]\n; m\xf6te\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"utf-8 surrogate", "[event]\ntitle = \xed\xa0\x80\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"bell character",
     "[event]\ntitle = A\x07"
     "B\ndate = 2026-11-26\n",
     "mem.ini:2: ", "control character"},
    {"escape character", "[event]\ntitle = M\ndate = 2026-11-26\nvenue = \x1b[1mSal\n",
     "mem.ini:4: ", "control character"},
    {"c1 control character",
     "[event]\ntitle = A\xc2\x85"
     "B\ndate = 2026-11-26\n",
     "mem.ini:2: ", "control character"},
    {"tab inside a value", "[event]\ntitle = A\tB\ndate = 2026-11-26\n", "mem.ini:2: ", "tab"},
    {"id too long",
     "[event]\nid = "
     "a123456789b123456789c123456789d123456789e123456789f123456789g1234\ntitle = M\ndate = "
     "2026-11-26\n",
     "mem.ini:2: ", "too long"},
    {"id with upper case", "[event]\nid = Drift-2026\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "a-z"},
    {"id with a space", "[event]\nid = drift 2026\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:2: ", "a-z"},
    {"id with å", "[event]\nid = höst\ntitle = M\ndate = 2026-11-26\n", "mem.ini:2: ", "a-z"},
    {"empty id", "[event]\nid =\ntitle = M\ndate = 2026-11-26\n", "mem.ini:2: ", "id"},
    {"value on two lines", "[event]\ntitle = Chefsforum\n  i Gävle\ndate = 2026-11-26\n",
     "mem.ini:3: ", "one line"},
    {"line without equals sign", "[event]\ntitle Chefsforum\ndate = 2026-11-26\n",
     "mem.ini:2: ", "key = value"},
    {"section without closing bracket", "[event\ntitle = M\ndate = 2026-11-26\n",
     "mem.ini:1: ", "]"},
    {"first of two errors wins (syntax first)",
     "[event]\ntitle = M\noops\ndate = 2026-11-26\nvenu = X\n", "mem.ini:3: ", "key = value"},
    {"first of two errors wins (handler first)",
     "[event]\ntitle = M\nvenu = X\noops\ndate = 2026-11-26\n", "mem.ini:3: ", "venu"},
    {"first of two errors wins (reader first)", "[event]\ntitle = M\xf6\noops\ndate = 2026-11-26\n",
     "mem.ini:2: ", "UTF-8"},
    {"line numbers count crlf once", "[event]\r\ntitle = M\r\n\r\nvenu = X\r\n",
     "mem.ini:4: ", "venu"},
    {"line numbers count a bom line as line 1", "\xEF\xBB\xBFvenu = X\n", "mem.ini:1: ", "venu"},
    /* Feedback: phases and questions */
    {"phases feedback without questions", HEAD "phases = feedback\n",
     "mem.ini:4: ", "phases = feedback needs at least one [question.1] section"},
    {"phases both without questions", HEAD "venue = X\nphases = both\n[reflection]\nsv = T\n",
     "mem.ini:5: ", "phases = both needs at least one [question.1] section"},
    {"phases in words", HEAD "phases = ibland\n", "mem.ini:4: ", "checkin, feedback or both"},
    {"empty phases", HEAD "phases =\n", "mem.ini:4: ", "checkin, feedback or both"},
    {"six questions", HEAD Q(1) Q(2) Q(3) Q(4) Q(5) Q(6), "mem.ini:19: ", "at most 5 questions"},
    {"question 10", HEAD Q(1) Q(10), "mem.ini:7: ", "at most 5 questions"},
    {"question 1 then question 3", HEAD Q(1) Q(3),
     "mem.ini:7: ", "[question.3] comes without [question.2]"},
    {"first question numbered 2", HEAD Q(2), "mem.ini:4: ", "without [question.1]"},
    {"questions out of order", HEAD Q(2) Q(1), "mem.ini:4: ", "without [question.1]"},
    {"question 0", HEAD Q(0), "mem.ini:4: ", "numbered from 1"},
    {"same question twice", HEAD Q(1) Q(2) Q(1), "mem.ini:10: ", "first on line 4"},
    {"question without a number", HEAD "[question]\nsv = A\n", "mem.ini:4: ", "[question]"},
    {"question with a letter", HEAD "[question.a]\nsv = A\n", "mem.ini:4: ", "[question.1]"},
    {"question in swedish", HEAD "[fråga.1]\nsv = A\n", "mem.ini:4: ", "[question.1]"},
    {"question without en before another section",
     HEAD "[question.1]\nsv = Fråga\n\n[reflection]\nsv = Tänk\n",
     "mem.ini:4: ", "[question.1] has no 'en' text"},
    {"second question without en at the end of the file", HEAD Q(1) "[question.2]\nsv = Fråga 2\n",
     "mem.ini:7: ", "[question.2] has no 'en' text"},
    {"question without sv", HEAD "[question.1]\nen = Question\n",
     "mem.ini:4: ", "[question.1] has no 'sv' text"},
    {"empty question section", HEAD "[question.1]\n", "mem.ini:4: ", "has no 'sv' text"},
    {"missing text is found before a later error",
     HEAD "[question.1]\nsv = Fråga\n[reflection]\nprompt = x\n",
     "mem.ini:4: ", "has no 'en' text"},
    {"empty question text", HEAD "[question.1]\nsv =\nen = Q\n",
     "mem.ini:5: ", "sv in [question.1] is empty"},
    {"unknown scale", HEAD Q(1) "scale = stars\n", "mem.ini:7: ", "'stars'"},
    {"scale 1-5", HEAD Q(1) "scale = 1-5\n", "mem.ini:7: ", "smileys (1 to 5) or nps (0 to 10)"},
    {"empty scale", HEAD Q(1) "scale =\n", "mem.ini:7: ", "smileys"},
    {"unknown key in a question", HEAD "[question.1]\ntext = Fråga\n",
     "mem.ini:5: ", "known keys are sv, en, scale, words_sv and words_en"},
    {"key twice in a question", HEAD "[question.1]\nsv = A\nsv = B\nen = C\n",
     "mem.ini:6: ", "sv in [question.1] is given twice (first on line 5)"},
    {"question key in [event]", HEAD "scale = nps\n",
     "mem.ini:4: ", "unknown key 'scale' in [event]"},
    {"unknown key lists the feedback keys", HEAD "phase = both\n", "mem.ini:4: ",
     "phases, feedback_url, thanks_seconds, repeat_seconds, retention_days, sound, board, "
     "topics and walkin_email"},
    /* The walk-in form's e-mail field */
    {"walkin_email unknown", HEAD "walkin_email = always\n", "mem.ini:4: ",
     "walkin_email 'always': write never (no e-mail field), optional, or with_consent"},
    {"walkin_email empty", HEAD "walkin_email =\n", "mem.ini:4: ", "write never"},
    {"walkin_email in a question", HEAD Q(1) "walkin_email = optional\n",
     "mem.ini:7: ", "unknown key 'walkin_email'"},
    /* Scale words and sound */
    {"sound in words", HEAD "sound = loud\n", "mem.ini:4: ", "sound 'loud': write yes or no"},
    {"empty sound", HEAD "sound =\n", "mem.ini:4: ", "write yes or no"},
    {"sound twice", HEAD "sound = on\nljud = off\n", "mem.ini:5: ", "sound is given twice"},
    {"sound in a question", HEAD Q(1) "sound = on\n", "mem.ini:7: ", "unknown key 'sound'"},
    {"words_sv without words_en", HEAD Q(1) "words_sv = a | b | c | d | e\n",
     "mem.ini:7: ", "[question.1] has words_sv but no words_en; add a line 'words_en = ...'"},
    {"words_en without words_sv at the end", HEAD Q(1) Q(2) "words_en = a | b | c | d | e\n",
     "mem.ini:10: ", "[question.2] has words_en but no words_sv"},
    {"words_sv without words_en before the next question",
     HEAD Q(1) "words_sv = a | b | c | d | e\n" Q(2), "mem.ini:7: ", "but no words_en"},
    {"three smiley words", HEAD Q(1) "words_sv = a | b | c\nwords_en = a | b | c\n",
     "mem.ini:7: ", "words_sv in [question.1] has 3 words; the smiley scale needs 5"},
    {"english words short of five", HEAD Q(1) "words_sv = a | b | c | d | e\nwords_en = a | b\n",
     "mem.ini:8: ", "words_en in [question.1] has 2 words; the smiley scale needs 5"},
    {"five words on the 0-10 scale",
     HEAD Q(1) "scale = nps\nwords_sv = a | b | c | d | e\nwords_en = a | b | c | d | e\n",
     "mem.ini:8: ",
     "the 0-10 scale needs 2 separated by '|': the word for 0, then the word for 10"},
    {"scale named after the words decides",
     HEAD Q(1) "words_sv = Inte alls | Mycket\nwords_en = No | Yes\nscale = smileys\n",
     "mem.ini:7: ", "has 2 words; the smiley scale needs 5"},
    {"six words", HEAD Q(1) "words_sv = a | b | c | d | e | f\n",
     "mem.ini:7: ", "words_sv in [question.1] has more than 5 words"},
    {"empty word", HEAD Q(1) "words_sv = a | b || d | e\n",
     "mem.ini:7: ", "word 3 of words_sv in [question.1] is empty"},
    {"blank last word", HEAD Q(1) "words_sv = a | b | c | d |  \n",
     "mem.ini:7: ", "word 5 of words_sv in [question.1] is empty"},
    {"empty words", HEAD Q(1) "words_sv =\n", "mem.ini:7: ", "words_sv in [question.1] is empty"},
    {"word too long", HEAD Q(1) "ord_sv = a | 0123456789012345678901234567890123456789012345678\n",
     "mem.ini:7: ", "word 2 of words_sv in [question.1] is too long (49 bytes, at most 47)"},
    {"words twice", HEAD Q(1) "words_sv = a | b\nord_sv = a | b\n",
     "mem.ini:8: ", "words_sv in [question.1] is given twice (first on line 7)"},
    {"words in [event]", HEAD "words_sv = a | b\n", "mem.ini:4: ", "unknown key 'words_sv'"},
    /* Feedback: the reflection and the numbers */
    {"max_length 0", HEAD "[reflection]\nmax_length = 0\n", "mem.ini:5: ", "from 1 to 280"},
    {"max_length 281", HEAD "[reflection]\nmax_length = 281\n", "mem.ini:5: ", "'281'"},
    {"max_length in words", HEAD "[reflection]\nmax_length = lång\n",
     "mem.ini:5: ", "max_length in [reflection] 'lång' is not a whole number"},
    {"negative max_length", HEAD "[reflection]\nmax_length = -5\n", "mem.ini:5: ", "from 1 to 280"},
    {"empty max_length", HEAD "[reflection]\nmax_length =\n", "mem.ini:5: ", "from 1 to 280"},
    {"max_length with a unit", HEAD "[reflection]\nmax_length = 140 tecken\n",
     "mem.ini:5: ", "from 1 to 280"},
    {"unknown key in [reflection]", HEAD "[reflection]\nprompt = x\n",
     "mem.ini:5: ", "known keys are sv, en and max_length"},
    {"reflection key twice over two sections", HEAD "[reflection]\nsv = A\n[reflection]\nsv = B\n",
     "mem.ini:7: ", "first on line 5"},
    {"thanks_seconds 4", HEAD "thanks_seconds = 4\n", "mem.ini:4: ", "from 5 to 120"},
    {"thanks_seconds 121", HEAD "thanks_seconds = 121\n", "mem.ini:4: ", "from 5 to 120"},
    {"thanks_seconds huge", HEAD "thanks_seconds = 99999999999\n", "mem.ini:4: ", "from 5 to 120"},
    {"thanks_seconds with a fraction", HEAD "thanks_seconds = 2.5\n", "mem.ini:4: ", "'2.5'"},
    {"repeat_seconds 61", HEAD "repeat_seconds = 61\n", "mem.ini:4: ", "from 0 to 60"},
    {"repeat_seconds -1", HEAD "repeat_seconds = -1\n", "mem.ini:4: ", "from 0 to 60"},
    {"retention_days 0", HEAD "retention_days = 0\n", "mem.ini:4: ", "from 1 to 3650"},
    {"retention_days 3651", HEAD "retention_days = 3651\n", "mem.ini:4: ", "from 1 to 3650"},
    {"retention_days huge", HEAD "retention_days = 36500\n", "mem.ini:4: ", "from 1 to 3650"},
    {"retention_days with a unit", HEAD "retention_days = 90 dagar\n",
     "mem.ini:4: ", "retention_days '90 dagar' is not a whole number from 1 to 3650; e.g. 90"},
    {"retention_days empty", HEAD "retention_days =\n", "mem.ini:4: ", "from 1 to 3650"},
    {"retention_days twice", HEAD "retention_days = 30\nretention_days = 60\n",
     "mem.ini:5: ", "retention_days is given twice (first on line 4)"},
    /* Feedback: the link, checked when the whole file is read but named by its line */
    {"feedback_url ftp", HEAD "feedback_url = ftp://forms.example.org/f?t={token}\n",
     "mem.ini:4: ", "not an http(s) URL"},
    {"feedback_url without a scheme", HEAD "feedback_url = forms.example.org/f\n",
     "mem.ini:4: ", "feedback_url cannot be used"},
    {"feedback_url unknown placeholder",
     HEAD "feedback_url = https://forms.example.org/f?n={name}\n", "mem.ini:4: ", "{name}"},
    {"feedback_url with a space", HEAD "feedback_url = https://forms.example.org/f?x=a b\n",
     "mem.ini:4: ", "space"},
    {"feedback_url too long for a QR code with the id given after it",
     "[event]\nfeedback_url = https://forms.example.org/f?a={event}&b={event}&c={event}&t={token}\n"
     "id = a123456789b123456789c123456789d123456789e123456789f123456789\ntitle = M\ndate = "
     "2026-11-26\n",
     "mem.ini:2: ", "too long"},
    {"feedback_url error after a line error", HEAD "feedback_url = ftp://x.org/\nvenu = X\n",
     "mem.ini:5: ", "venu"},
    {"phases error before the feedback_url error",
     HEAD "feedback_url = ftp://x.org/\nphases = feedback\n", "mem.ini:5: ", "phases = feedback"},
    {"badge without a printer", HEAD "[badge]\nlabel = 62x100\n", "mem.ini:4: ", "no printer"},
    {"badge without a label", HEAD "[badge]\nprinter = QL\n", "mem.ini:4: ", "62x100"},
    {"badge with an unknown label", HEAD "[badge]\nprinter = QL\nlabel = 99x9\n",
     "mem.ini:6: ", "DYMO"},
    {"badge with an unknown field", HEAD "[badge]\nprinter = QL\nlabel = a6\nfields = org, email\n",
     "mem.ini:7: ", "organisation, role, event and date"},
    {"badge orientation", HEAD "[badge]\nprinter = QL\nlabel = a6\norientation = upside\n",
     "mem.ini:7: ", "landscape or portrait"},
    {"badge qr", HEAD "[badge]\nprinter = QL\nlabel = a6\nqr = maybe\n",
     "mem.ini:7: ", "yes or no"},
    {"badge given twice", HEAD "[badge]\nprinter = QL\nlabel = a6\n[badge]\n",
     "mem.ini:7: ", "line 4"},
    {"badge empty printer", HEAD "[badge]\nprinter =\nlabel = a6\n", "mem.ini:5: ", "lpstat"},
    {"badge key in the wrong section", HEAD "printer = QL\n", "mem.ini:4: ", "'printer'"},
};

/* The [badge] section as organisers write it, in Swedish words too. */
static void test_badge_section(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *text;
        const char *printer, *label;
        bool portrait, qr;
        unsigned fields;
    } cases[] = {
        {"the defaults", HEAD "[badge]\nprinter = QL-820NWB\nlabel = 62x100\n", "QL-820NWB",
         "62x100", false, false, BADGE_FIELD_ORGANISATION},
        {"every key",
         HEAD "[badge]\nprinter = ipp://192.0.2.7/ipp/print\nlabel = 54x101\n"
              "orientation = portrait\nfields = organisation, role, event, date\nqr = yes\n",
         "ipp://192.0.2.7/ipp/print", "54x101", true, true,
         BADGE_FIELD_ORGANISATION | BADGE_FIELD_ROLE | BADGE_FIELD_EVENT | BADGE_FIELD_DATE},
        {"swedish words",
         HEAD "[Badge]\nskrivare = DYMO\netikett = 89x36.5\nriktning = stående\n"
              "fält = namn, roll, datum\nqr = nej\n",
         "DYMO", "89x36.5", true, false, BADGE_FIELD_ROLE | BADGE_FIELD_DATE},
        {"the name only", HEAD "[badge]\nprinter = QL\nlabel = 29x90\nfields =\n", "QL", "29x90",
         false, false, 0},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        EventInfo ev;
        char err[512] = "";
        if (parse(cases[i].text, &ev, err, sizeof err) != 0) {
            fail_msg("case \"%s\": %s", cases[i].what, err);
        }
        CHECK(cases[i].what, ev.badge.enabled);
        CHECK(cases[i].what, strcmp(ev.badge.printer, cases[i].printer) == 0);
        CHECK(cases[i].what, strcmp(ev.badge.label, cases[i].label) == 0);
        CHECK(cases[i].what, ev.badge.portrait == cases[i].portrait);
        CHECK(cases[i].what, ev.badge.qr == cases[i].qr);
        CHECK(cases[i].what, ev.badge.fields == cases[i].fields);
    }
    EventInfo ev;
    char err[512] = "";
    assert_int_equal(parse(HEAD, &ev, err, sizeof err), 0);
    assert_false(ev.badge.enabled); /* no section, no badges */
}

/* A logo is looked for beside the event file, and must be a PNG that can be read. */
static void test_badge_logo_beside_the_file(void **state)
{
    (void)state;
    char ini[1024], logo[1024], err[1024] = "";
    tmp_path(ini, sizeof ini, "badge.ini");
    tmp_path(logo, sizeof logo, "logo.png");
    write_text(ini, HEAD "[badge]\nprinter = QL\nlabel = 62x100\nlogo = logo.png\n");
    unlink(logo);
    EventInfo ev;
    assert_int_equal(event_load(ini, &ev, err, sizeof err), -1);
    if (strstr(err, ":7: ") == NULL || strstr(err, "cannot be read") == NULL) {
        fail_msg("a missing logo: %s", err);
    }
    write_text(logo, "GIF89a not a png");
    assert_int_equal(event_load(ini, &ev, err, sizeof err), -1);
    assert_non_null(strstr(err, "not a PNG"));
    write_file(logo, "\x89PNG\r\n\x1a\n", 8);
    assert_int_equal(event_load(ini, &ev, err, sizeof err), 0);
    assert_string_equal(ev.badge.logo, logo); /* made relative to the event file */
}

static void test_bad_files_name_the_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(bad_files); i++) {
        const char *row = bad_files[i].what;
        EventInfo ev;
        char err[512] = "";
        int rc = parse(bad_files[i].text, &ev, err, sizeof err);
        CHECK(row, rc == -1);
        check_message(row, err, bad_files[i].prefix, bad_files[i].mention);
        CHECK(row, strchr(err, '\n') == NULL);
    }
}

/* A NUL byte cannot be written in a C string literal table, so it has its own case. */
static void test_nul_byte_is_a_control_character(void **state)
{
    (void)state;
    static const char text[] = "[event]\ntitle = M\0x\ndate = 2026-11-26\n";
    EventInfo ev;
    char err[512] = "";
    assert_int_equal(event_parse("mem.ini", text, sizeof text - 1, &ev, err, sizeof err), -1);
    assert_true(strncmp(err, "mem.ini:2: ", 11) == 0);
    assert_non_null(strstr(err, "U+0000"));
}

static void test_overlong_line_is_refused_not_split(void **state)
{
    (void)state;
    char text[1024], err[512] = "";
    char venue[301];
    memset(venue, 'v', 300);
    venue[300] = '\0';
    snprintf(text, sizeof text, "[event]\ntitle = M\ndate = 2026-11-26\nvenue = %s\n", venue);
    EventInfo ev;
    assert_int_equal(parse(text, &ev, err, sizeof err), -1);
    assert_true(strncmp(err, "mem.ini:4: ", 11) == 0);
    assert_non_null(strstr(err, "too long"));
}

static void test_file_over_64_kib_is_refused(void **state)
{
    (void)state;
    size_t len = 64 * 1024 + 1;
    char *text = malloc(len);
    assert_non_null(text);
    memset(text, '\n', len);
    const char *head = "[event]\ntitle = M\ndate = 2026-11-26\n";
    memcpy(text, head, strlen(head));
    EventInfo ev;
    char err[512] = "";
    int rc = event_parse("big.ini", text, len, &ev, err, sizeof err);
    /* Exactly at the limit is still read. */
    char err2[512] = "";
    int rc2 = event_parse("big.ini", text, len - 1, &ev, err2, sizeof err2);
    free(text);
    assert_int_equal(rc, -1);
    assert_true(strncmp(err, "big.ini: ", 9) == 0);
    assert_non_null(strstr(err, "64 KiB"));
    if (rc2 != 0) {
        fail_msg("file at the limit refused: %s", err2);
    }
}

static void test_bad_file_on_disk_names_path_and_line(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "event_bad_key.ini");
    EventInfo ev;
    assert_int_equal(event_load(path, &ev, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:4: unknown key 'venu'", path);
    check_message(path, err, want, NULL);
}

static void test_bad_feedback_files_on_disk_name_path_and_line(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        int line;
        const char *mention;
    } cases[] = {
        {"event_bad_question_gap.ini", 10, "[question.3] comes without [question.2]"},
        {"event_bad_feedback_url.ini", 4, "feedback_url cannot be used: not an http(s) URL"},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char path[4096], want[4200], err[4400] = "";
        path_in(path, sizeof path, "MINGEL_TEST_DATA", cases[i].file);
        EventInfo ev;
        CHECK(cases[i].file, event_load(path, &ev, err, sizeof err) == -1);
        snprintf(want, sizeof want, "%s:%d: ", path, cases[i].line);
        check_message(cases[i].file, err, want, cases[i].mention);
    }
}

/* The link is checked with the event's own key, wherever in the file the key is: the
 * same template fits a QR code with a short key and not with a long one. */
static void test_feedback_url_is_checked_with_the_event_key(void **state)
{
    (void)state;
    static const char url[] =
        "feedback_url = https://forms.example.org/f?a={event}&b={event}&c={event}&t={token}\n";
    static const struct {
        const char *what;
        const char *id_line; /* "" for the key made from date and title */
        int ok;
    } cases[] = {
        {"short id", "id = drift\n", 1},
        {"key from date and title", "", 1},
        {"longest id", "id = a123456789b123456789c123456789d123456789e123456789f12345678\n", 0},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char text[1024], err[512] = "";
        snprintf(text, sizeof text, "[event]\n%stitle = Möte\ndate = 2026-11-26\n%s",
                 cases[i].id_line, url);
        EventInfo ev;
        int rc = parse(text, &ev, err, sizeof err);
        if (cases[i].ok && rc != 0) {
            fail_msg("case \"%s\": refused: %s", cases[i].what, err);
        }
        if (!cases[i].ok) {
            CHECK(cases[i].what, rc == -1);
            CHECK(cases[i].what, strncmp(err, "mem.ini:5: ", 11) == 0);
            CHECK(cases[i].what, strstr(err, "too long") != NULL);
        }
    }
}

/* Around inih's line limit a link is either kept whole or refused as too long, never cut
 * short. A link of 180 bytes, what a form service's long address may need, fits. */
static void test_feedback_url_near_the_line_limit_is_whole_or_refused(void **state)
{
    (void)state;
    static const char base[] = "https://forms.example.org/f?event={event}&t={token}&x=";
    bool seen_ok = false, seen_refused = false;
    for (size_t len = 150; len <= 260; len++) {
        char link[300], text[512], err[512] = "";
        memcpy(link, base, sizeof base - 1);
        memset(link + sizeof base - 1, 'x', len - (sizeof base - 1));
        link[len] = '\0';
        snprintf(text, sizeof text, "[event]\ntitle = M\ndate = 2026-11-26\nfeedback_url = %s\n",
                 link);
        EventInfo ev;
        if (parse(text, &ev, err, sizeof err) == 0) {
            if (strcmp(ev.feedback_url, link) != 0) {
                fail_msg("link of %zu bytes came back as %zu bytes", len, strlen(ev.feedback_url));
            }
            seen_ok = true;
        } else {
            if (strncmp(err, "mem.ini:4: ", 11) != 0 || !strstr(err, "too long")) {
                fail_msg("link of %zu bytes: unexpected message \"%s\"", len, err);
            }
            if (len <= 180) {
                fail_msg("link of %zu bytes refused: %s", len, err);
            }
            seen_refused = true;
        }
    }
    assert_true(seen_ok);
    assert_true(seen_refused);
}

/* Five questions with texts close to the line limit, each slot filled in its order. */
static void test_five_questions_fill_their_slots(void **state)
{
    (void)state;
    char text[4096], err[512] = "";
    size_t at = (size_t)snprintf(text, sizeof text, "%s", HEAD "phases = feedback\n");
    for (int q = 1; q <= EVENT_MAX_QUESTIONS; q++) {
        at += (size_t)snprintf(text + at, sizeof text - at,
                               "[question.%d]\nsv = Fråga nummer %d om dagen\nen = Question "
                               "number %d\nscale = %s\n",
                               q, q, q, q % 2 ? "smileys" : "nps");
        assert_true(at < sizeof text);
    }
    EventInfo ev;
    if (parse(text, &ev, err, sizeof err) != 0) {
        fail_msg("refused: %s", err);
    }
    assert_int_equal(ev.question_count, EVENT_MAX_QUESTIONS);
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++) {
        char sv[64], en[64];
        snprintf(sv, sizeof sv, "Fråga nummer %d om dagen", q + 1);
        snprintf(en, sizeof en, "Question number %d", q + 1);
        assert_string_equal(ev.questions[q].text[LANG_SV], sv);
        assert_string_equal(ev.questions[q].text[LANG_EN], en);
        assert_int_equal(ev.questions[q].scale,
                         (q + 1) % 2 ? EVENT_SCALE_SMILEYS : EVENT_SCALE_NPS);
    }
}

/* Scale words: five under the smileys, two ends of 0-10, both languages, blanks trimmed;
 * without them the kiosk's own words; and sound, off unless the file says on. */
static void test_scale_words_and_sound(void **state)
{
    (void)state;
    static const char text[] = HEAD
        "ljud = på\n"
        "[question.1]\nsv = Fick du med dig något du kan använda?\nen = Did you get anything?\n"
        "words_sv = Inte alls | Lite |Något|  Mycket | Väldigt mycket\n"
        "words_en = Not at all | A little | Somewhat | Much | Very much\n" /**/
        "[question.2]\nsv = Rekommendera?\nen = Recommend?\n"
        "ord_en = Never | Certainly\nscale = nps\nord_sv = Aldrig | Absolut\n" Q(3);
    EventInfo ev;
    char err[512] = "";
    if (parse(text, &ev, err, sizeof err) != 0) {
        fail_msg("refused: %s", err);
    }
    assert_true(ev.sound);
    const EventQuestion *q = &ev.questions[0];
    assert_int_equal(q->word_count, 5);
    static const char *const sv[] = {"Inte alls", "Lite", "Något", "Mycket", "Väldigt mycket"};
    static const char *const en[] = {"Not at all", "A little", "Somewhat", "Much", "Very much"};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(event_question_word(q, LANG_SV, i), sv[i]);
        assert_string_equal(event_question_word(q, LANG_EN, i), en[i]);
    }
    q = &ev.questions[1];
    assert_int_equal(q->word_count, 2);
    assert_string_equal(event_question_word(q, LANG_SV, 0), "Aldrig");
    assert_string_equal(event_question_word(q, LANG_SV, 1), "Absolut");
    assert_string_equal(event_question_word(q, LANG_EN, 1), "Certainly");
    assert_string_equal(event_question_word(q, LANG_EN, 2), ""); /* past the ends */
    /* No words: the kiosk's own, in each language. */
    q = &ev.questions[2];
    assert_int_equal(q->word_count, 0);
    assert_string_equal(event_question_word(q, LANG_SV, 0), "Mycket dåligt");
    assert_string_equal(event_question_word(q, LANG_EN, 4), "Very good");

    /* The store's form and back. */
    char joined[EVENT_WORDS_MAX * EVENT_WORD_MAX];
    event_words_join(&ev.questions[0], LANG_SV, joined, sizeof joined);
    assert_string_equal(joined, "Inte alls|Lite|Något|Mycket|Väldigt mycket");
    EventQuestion back = ev.questions[0];
    assert_int_equal(event_words_split(&back, LANG_EN, "A|B"), 2);
    assert_string_equal(back.words[LANG_EN][1], "B");
    assert_int_equal(event_words_split(&back, LANG_EN, ""), 0);
    assert_int_equal(event_words_split(&back, LANG_EN, "a||b"), -1);

    /* Off by default, and "off" is off. */
    assert_int_equal(parse(HEAD, &ev, err, sizeof err), 0);
    assert_false(ev.sound);
    assert_int_equal(parse(HEAD "sound = off\n", &ev, err, sizeof err), 0);
    assert_false(ev.sound);
    assert_int_equal(parse(HEAD "ljud = av\n", &ev, err, sizeof err), 0);
    assert_false(ev.sound);
    assert_int_equal(parse(HEAD "Sound = ON\n", &ev, err, sizeof err), 0);
    assert_true(ev.sound);
}

/* walkin_email: never unless the file says otherwise, in English or Swedish words. */
static void test_walkin_email_setting(void **state)
{
    (void)state;
    EventInfo ev;
    char err[512];
    static const struct {
        const char *line;
        EventWalkinEmail want;
    } cases[] = {
        {"", EVENT_WALKIN_EMAIL_NEVER},
        {"walkin_email = never\n", EVENT_WALKIN_EMAIL_NEVER},
        {"walkin_email = aldrig\n", EVENT_WALKIN_EMAIL_NEVER},
        {"walkin_email = optional\n", EVENT_WALKIN_EMAIL_OPTIONAL},
        {"walkin_epost = Frivilligt\n", EVENT_WALKIN_EMAIL_OPTIONAL},
        {"walkin_email = with_consent\n", EVENT_WALKIN_EMAIL_WITH_CONSENT},
        {"walkin_email = With consent\n", EVENT_WALKIN_EMAIL_WITH_CONSENT},
        {"walkin_email = med_samtycke\n", EVENT_WALKIN_EMAIL_WITH_CONSENT},
        {"walkin_email = consent\n", EVENT_WALKIN_EMAIL_WITH_CONSENT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", HEAD, cases[i].line);
        if (parse(text, &ev, err, sizeof err) != 0 || ev.walkin_email != cases[i].want) {
            fail_msg("\"%s\": walkin_email %d, want %d (%s)", cases[i].line, (int)ev.walkin_email,
                     (int)cases[i].want, err);
        }
    }
    assert_string_equal(EVENT_WALKIN_EMAIL_NAMES[EVENT_WALKIN_EMAIL_WITH_CONSENT], "with_consent");
}

static void test_missing_file_says_cannot_open(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "no-such-event.ini");
    EventInfo ev;
    assert_int_equal(event_load(path, &ev, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    assert_string_equal(err, want);
}

static void test_big_file_on_disk_is_refused(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "big-event.ini");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("[event]\ntitle = M\ndate = 2026-11-26\n", f);
    for (int i = 0; i < 70 * 1024; i++) {
        fputc('\n', f);
    }
    assert_int_equal(fclose(f), 0);
    EventInfo ev;
    int rc = event_load(path, &ev, err, sizeof err);
    remove(path);
    assert_int_equal(rc, -1);
    snprintf(want, sizeof want, "%s: file is larger than 64 KiB", path);
    check_message(path, err, want, NULL);
}

/* The caller's buffer may be small: the message is cut to fit, never inside a letter, and
 * a NULL buffer is allowed. */
static void test_message_is_cut_to_the_buffer(void **state)
{
    (void)state;
    static const char text[] = "[event]\ntitle = Mö\nvänu = Å\n";
    char full[512];
    EventInfo ev;
    assert_int_equal(parse(text, &ev, full, sizeof full), -1);
    assert_true(strncmp(full, "mem.ini:3: unknown key 'vänu'", 30) == 0);
    for (size_t cap = 1; cap < 40; cap++) {
        char err[40];
        memset(err, 'x', sizeof err);
        assert_int_equal(parse(text, &ev, err, cap), -1);
        check_cut_message(err, cap, full);
    }
    assert_int_equal(event_parse("m", "", 0, &ev, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_file_from_disk_keeps_every_field),
        cmocka_unit_test(test_minimal_file_gets_defaults),
        cmocka_unit_test(test_good_values),
        cmocka_unit_test(test_good_numbers),
        cmocka_unit_test(test_five_questions_fill_their_slots),
        cmocka_unit_test(test_long_title_is_kept_whole),
        cmocka_unit_test(test_title_near_the_line_limit_is_whole_or_refused),
        cmocka_unit_test(test_bad_files_name_the_line),
        cmocka_unit_test(test_badge_section),
        cmocka_unit_test(test_badge_logo_beside_the_file),
        cmocka_unit_test(test_nul_byte_is_a_control_character),
        cmocka_unit_test(test_overlong_line_is_refused_not_split),
        cmocka_unit_test(test_file_over_64_kib_is_refused),
        cmocka_unit_test(test_bad_file_on_disk_names_path_and_line),
        cmocka_unit_test(test_bad_feedback_files_on_disk_name_path_and_line),
        cmocka_unit_test(test_feedback_url_is_checked_with_the_event_key),
        cmocka_unit_test(test_feedback_url_near_the_line_limit_is_whole_or_refused),
        cmocka_unit_test(test_scale_words_and_sound),
        cmocka_unit_test(test_walkin_email_setting),
        cmocka_unit_test(test_missing_file_says_cannot_open),
        cmocka_unit_test(test_big_file_on_disk_is_refused),
        cmocka_unit_test(test_message_is_cut_to_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
