/* Tests for core/roster: the attendee list as registration tools export it.
 *
 * Good lists must come through with every person, field and line number right, whatever
 * the separator, byte-order mark, line ends and quoting. Bad lists must be refused whole,
 * with a message that starts "NAME:LINE: " at the row to fix, and leave the Roster empty.
 * Cases are tables; each row's name is printed when it fails.
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

#include "core/roster.h"
#include "core/text.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Fails the running test naming the table row. */
#define CHECK(row, cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fail_msg("case \"%s\": %s", (row), #cond);                                             \
        }                                                                                          \
    } while (0)

#define CHECK_STR(row, got, want)                                                                  \
    do {                                                                                           \
        if (strcmp((got), (want)) != 0) {                                                          \
            fail_msg("case \"%s\": %s is \"%s\", expected \"%s\"", (row), #got, (got), (want));    \
        }                                                                                          \
    } while (0)

#define CHECK_INT(row, got, want)                                                                  \
    do {                                                                                           \
        long long got_ = (long long)(got), want_ = (long long)(want);                              \
        if (got_ != want_) {                                                                       \
            fail_msg("case \"%s\": %s is %lld, expected %lld", (row), #got, got_, want_);          \
        }                                                                                          \
    } while (0)

static void path_in(char *out, size_t cap, const char *env, const char *file)
{
    const char *dir = getenv(env);
    if (!dir)
        fail_msg("%s is not set; run the test through ctest", env);
    int n = snprintf(out, cap, "%s/%s", dir, file);
    assert_true(n > 0 && (size_t)n < cap);
}

/* Parses text as "mem.csv"; a case that must succeed fails the test with the message. */
static void parse_ok(const char *row, const char *text, Roster *r)
{
    char err[1024] = "";
    if (roster_parse("mem.csv", text, strlen(text), r, err, sizeof err) != 0)
        fail_msg("case \"%s\": refused: %s", row, err);
}

/* A refused list leaves nothing behind, whatever the Roster held before. */
static void check_empty(const char *row, const Roster *r)
{
    CHECK(row, r->entries == NULL);
    CHECK(row, r->count == 0);
    CHECK(row, r->duplicates == 0);
    CHECK(row, r->separator == 0);
}

static void check_refused(const char *row, int rc, const char *err, const char *prefix,
                          const char *mention, const Roster *r)
{
    CHECK(row, rc == -1);
    if (strncmp(err, prefix, strlen(prefix)) != 0)
        fail_msg("case \"%s\": message \"%s\" does not start with \"%s\"", row, err, prefix);
    if (mention && !strstr(err, mention))
        fail_msg("case \"%s\": message \"%s\" does not mention \"%s\"", row, err, mention);
    CHECK(row, strchr(err, '\n') == NULL);
    check_empty(row, r);
}

/* ---- the sample files ------------------------------------------------------------------ */

typedef struct Expect {
    int line;
    const char *key, *name, *org, *role, *email, *ticket;
    bool consent;
} Expect;

static void check_entries(const char *row, const Roster *r, const Expect *want, size_t n)
{
    CHECK_INT(row, r->count, n);
    for (size_t i = 0; i < n && i < r->count; i++) {
        const RosterEntry *e = &r->entries[i];
        CHECK_INT(want[i].name, e->line, want[i].line);
        CHECK_STR(want[i].name, e->key, want[i].key);
        CHECK_STR(want[i].name, e->name, want[i].name);
        CHECK_STR(want[i].name, e->organisation, want[i].org);
        CHECK_STR(want[i].name, e->role, want[i].role);
        CHECK_STR(want[i].name, e->email, want[i].email);
        CHECK_STR(want[i].name, e->ticket, want[i].ticket);
        CHECK_INT(want[i].name, e->consent, want[i].consent);
    }
}

/* BOM, CRLF, Swedish headers, first + last name, quoted ';', "" and a line break, a blank
 * line, a duplicate row and a row of bare separators. */
static const Expect semicolon_file[] = {
    {2, "t:K-1001", "Anna Öberg", "Västerås stad", "Driftchef", "anna.oberg@vasteras.example",
     "K-1001", true},
    {3, "t:K-1002", "Åke Söderström", "Kommunförbundet; region Mitt", "Verksamhetsutvecklare",
     "ake.soderstrom@kf.example", "K-1002", false},
    {4, "t:K-1003", "Émilie Lindqvist-Nyström", "Fastighets AB \"Hörnet\"",
     "Chef för drift och underhåll", "emilie@hornet.example", "K-1003", true},
    {6, "t:K-1004", "Jürgen Ågren", "Sundsvalls kommun", "IT-strateg", "", "K-1004", false},
    {8, "e:marta.ek@regionorebro.example", "Märta Ek", "Region Örebro län", "Enhetschef",
     "Marta.Ek@regionorebro.example", "", true},
    {9, "n:bjorn karrlund|lulea energi", "Björn Kärrlund", "Luleå Energi", "", "", "", false},
};

static void test_semicolon_file_from_disk(void **state)
{
    (void)state;
    char path[4096], err[1024] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "attendees_semicolon.csv");
    Roster r;
    if (roster_load(path, &r, err, sizeof err) != 0)
        fail_msg("refused: %s", err);
    const char *row = "attendees_semicolon.csv";
    CHECK_INT(row, r.separator, ';');
    CHECK_INT(row, r.duplicates, 1);
    check_entries(row, &r, semicolon_file, COUNT_OF(semicolon_file));
    roster_free(&r);
}

/* LF, no BOM, English headers, ticket code first, an ignored date column. */
static const Expect comma_file[] = {
    {2, "t:A-001", "Karin Holm", "Sandvikens kommun, Teknik och fritid", "Operations manager",
     "karin.holm@sandviken.example", "A-001", true},
    {3, "t:A-002", "Olof Strand", "Gävle Energi", "CTO", "olof.strand@gavle.example", "A-002",
     false},
    {4, "t:A-003", "Ingrid Nääs", "Nääs & Co \"Konsult\"", "", "ingrid@naas.example", "A-003",
     true},
};

static void test_comma_file_from_disk(void **state)
{
    (void)state;
    char path[4096], err[1024] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "attendees_comma.csv");
    Roster r;
    if (roster_load(path, &r, err, sizeof err) != 0)
        fail_msg("refused: %s", err);
    const char *row = "attendees_comma.csv";
    CHECK_INT(row, r.separator, ',');
    CHECK_INT(row, r.duplicates, 0);
    check_entries(row, &r, comma_file, COUNT_OF(comma_file));
    roster_free(&r);
}

/* ---- separators, byte-order mark, line ends ---------------------------------------------- */

static const struct {
    const char *what;
    const char *text;
    char separator;
} separators[] = {
    {"semicolon", "Namn;Företag\nAnna;X\n", ';'},
    {"comma", "Name,Company\nAnna,X\n", ','},
    {"one column is comma", "Namn\nAnna\n", ','},
    {"comma inside quotes is not counted", "Namn;\"Företag, ort\"\nAnna;X\n", ';'},
    {"semicolon inside quotes is not counted", "Name,\"Company; town\",Email\nAnna,X,a@b\n", ','},
    {"more commas than semicolons", "Name,Company;Town,Email\nAnna,X;Y,a@b\n", ','},
};

static void test_separator_is_detected_from_the_header(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(separators); i++) {
        const char *row = separators[i].what;
        Roster r;
        parse_ok(row, separators[i].text, &r);
        CHECK_INT(row, r.separator, separators[i].separator);
        CHECK_INT(row, r.count, 1);
        if (r.count)
            CHECK_STR(row, r.entries[0].name, "Anna");
        roster_free(&r);
    }
}

/* The same list with every kind of line end and with or without a BOM: same people on the
 * same lines. */
static const struct {
    const char *what;
    const char *text;
} same_list[] = {
    {"lf", "Namn;Företag\nAnna Öberg;Västerås stad\n\n\"Åke\nSöderström\";KF\nBo Ek;Region\n"},
    {"bom lf", "\xEF\xBB\xBFNamn;Företag\nAnna Öberg;Västerås stad\n\n\"Åke\nSöderström\";KF\nBo "
               "Ek;Region\n"},
    {"crlf", "Namn;Företag\r\nAnna Öberg;Västerås stad\r\n\r\n\"Åke\r\nSöderström\";KF\r\nBo "
             "Ek;Region\r\n"},
    {"bom crlf no final line end",
     "\xEF\xBB\xBFNamn;Företag\r\nAnna Öberg;Västerås stad\r\n\r\n\"Åke\r\nSöderström\";KF\r\nBo "
     "Ek;Region"},
    {"lone cr", "Namn;Företag\rAnna Öberg;Västerås stad\r\r\"Åke\rSöderström\";KF\rBo Ek;Region\r"},
};

static void test_bom_and_line_ends_do_not_matter(void **state)
{
    (void)state;
    static const Expect want[] = {
        {2, "n:anna oberg|vasteras stad", "Anna Öberg", "Västerås stad", "", "", "", false},
        {4, "n:ake soderstrom|kf", "Åke Söderström", "KF", "", "", "", false},
        {6, "n:bo ek|region", "Bo Ek", "Region", "", "", "", false},
    };
    for (size_t i = 0; i < COUNT_OF(same_list); i++) {
        const char *row = same_list[i].what;
        Roster r;
        parse_ok(row, same_list[i].text, &r);
        CHECK_INT(row, r.separator, ';');
        check_entries(row, &r, want, COUNT_OF(want));
        roster_free(&r);
    }
}

/* ---- quoting ------------------------------------------------------------------------ */

static const struct {
    const char *what;
    const char *text;
    const char *name, *org; /* of the first person */
    int next_line;          /* line of the second person */
} quoted[] = {
    {"semicolon inside quotes", "Namn;Företag\n\"Öberg; Anna\";\"A; B\"\nBo;C\n", "Öberg; Anna",
     "A; B", 3},
    {"comma inside quotes", "Name,Company\n\"Holm, Karin\",\"X, Y\"\nBo,C\n", "Holm, Karin", "X, Y",
     3},
    {"doubled quotes", "Namn;Företag\n\"Anna \"\"Nisse\"\" Öberg\";\"AB \"\"Hörnet\"\"\"\nBo;C\n",
     "Anna \"Nisse\" Öberg", "AB \"Hörnet\"", 3},
    {"line break inside quotes", "Namn;Företag\n\"Anna\nÖberg\";\"Rad 1\nRad 2\"\nBo;C\n",
     "Anna Öberg", "Rad 1 Rad 2", 5},
    {"crlf inside quotes", "Namn;Företag\r\n\"Anna\r\nÖberg\";X\r\nBo;C\r\n", "Anna Öberg", "X", 4},
    {"blank line inside quotes", "Namn;Företag\n\"Anna\n\nÖberg\";X\nBo;C\n", "Anna Öberg", "X", 5},
    {"separator and quote and line break together",
     "Namn;Företag\n\"Anna; \"\"Nisse\"\"\nÖberg\";X\n\nBo;C\n", "Anna; \"Nisse\" Öberg", "X", 5},
    {"multi-line value in the middle of a row",
     "Namn;Roll;Företag\nAnna;\"Chef\nför drift\";Västerås\nBo;R;C\n", "Anna", "Västerås", 4},
    {"spaces around separators", "Namn ; Företag\n  Anna Öberg ;  Västerås stad  \nBo;C\n",
     "Anna Öberg", "Västerås stad", 3},
    {"spaces around a quoted value", "Namn;Företag\n \"Anna\" ; \"X\"  \nBo;C\n", "Anna", "X", 3},
    {"empty quoted value", "Namn;Företag\nAnna;\"\"\nBo;C\n", "Anna", "", 3},
    {"quoted last value without a final line end", "Namn;Företag\nAnna;X\nBo;\"C\"", "Anna", "X",
     3},
    {"quoted header", "\"Namn\";\"Företag\"\nAnna;X\nBo;C\n", "Anna", "X", 3},
};

static void test_quoted_values_and_following_line_numbers(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(quoted); i++) {
        const char *row = quoted[i].what;
        Roster r;
        parse_ok(row, quoted[i].text, &r);
        CHECK_INT(row, r.count, 2);
        if (r.count == 2) {
            CHECK_INT(row, r.entries[0].line, 2);
            CHECK_STR(row, r.entries[0].name, quoted[i].name);
            CHECK_STR(row, r.entries[0].organisation, quoted[i].org);
            CHECK_INT(row, r.entries[1].line, quoted[i].next_line);
        }
        roster_free(&r);
    }
}

/* ---- headers ------------------------------------------------------------------------ */

static const struct {
    const char *what;
    const char *text;
    size_t field; /* offsetof(RosterEntry, ...) of the first person */
    const char *want;
} headers[] = {
    {"Namn", "Namn\nAnna Öberg\n", offsetof(RosterEntry, name), "Anna Öberg"},
    {"NAMN in capitals", "NAMN\nAnna Öberg\n", offsetof(RosterEntry, name), "Anna Öberg"},
    {"Name", "Name\nAnna Öberg\n", offsetof(RosterEntry, name), "Anna Öberg"},
    {"Fullständigt namn", "Fullständigt namn\nAnna Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"Full name", "Full name\nAnna Öberg\n", offsetof(RosterEntry, name), "Anna Öberg"},
    {"full_name", "full_name\nAnna Öberg\n", offsetof(RosterEntry, name), "Anna Öberg"},
    {"Förnamn and Efternamn", "Förnamn;Efternamn\nAnna;Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"FÖRNAMN and EFTERNAMN", "FÖRNAMN;EFTERNAMN\nAnna;Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"fornamn without diacritics", "fornamn;efternamn\nAnna;Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"First name and Last name", "First name,Last name\nAnna,Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"first-name and last_name", "first-name,last_name\nAnna,Öberg\n", offsetof(RosterEntry, name),
     "Anna Öberg"},
    {"only a first name column", "Förnamn;Företag\nAnna;X\n", offsetof(RosterEntry, name), "Anna"},
    {"only the last name filled", "Förnamn;Efternamn\n;Öberg\n", offsetof(RosterEntry, name),
     "Öberg"},
    {"name column wins over first and last", "Förnamn;Efternamn;Namn\nA;B;Anna Öberg\n",
     offsetof(RosterEntry, name), "Anna Öberg"},
    {"first and last when the name is empty", "Namn;Förnamn;Efternamn\n;Anna;Öberg\n",
     offsetof(RosterEntry, name), "Anna Öberg"},
    {"Företag", "Namn;Företag\nA;Västerås stad\n", offsetof(RosterEntry, organisation),
     "Västerås stad"},
    {"Organisation", "Namn;Organisation\nA;X\n", offsetof(RosterEntry, organisation), "X"},
    {"Organization", "Name,Organization\nA,X\n", offsetof(RosterEntry, organisation), "X"},
    {"Company", "Name,Company\nA,X\n", offsetof(RosterEntry, organisation), "X"},
    {"Org", "Name,Org\nA,X\n", offsetof(RosterEntry, organisation), "X"},
    {"Arbetsgivare", "Namn;Arbetsgivare\nA;X\n", offsetof(RosterEntry, organisation), "X"},
    {"Roll", "Namn;Roll\nA;Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"Titel", "Namn;Titel\nA;Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"Title", "Name,Title\nA,Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"Role", "Name,Role\nA,Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"Befattning", "Namn;Befattning\nA;Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"Job title", "Name,Job title\nA,Chef\n", offsetof(RosterEntry, role), "Chef"},
    {"first of two role columns", "Namn;Titel;Roll\nA;Chef;Ordförande\n",
     offsetof(RosterEntry, role), "Chef"},
    {"E-post", "Namn;E-post\nA;a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"epost", "Namn;epost\nA;a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"e_post", "Namn;e_post\nA;a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"Email", "Name,Email\nA,a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"E-mail", "Name,E-mail\nA,a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"Mail", "Name,Mail\nA,a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"E-postadress", "Namn;E-postadress\nA;a@x.se\n", offsetof(RosterEntry, email), "a@x.se"},
    {"Biljettkod", "Namn;Biljettkod\nA;K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Biljett", "Namn;Biljett\nA;K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Ticket", "Name,Ticket\nA,K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Ticket code", "Name,Ticket code\nA,K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Kod", "Namn;Kod\nA;K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Code", "Name,Code\nA,K-1\n", offsetof(RosterEntry, ticket), "K-1"},
    {"Biljettkod wins over Biljett to its right", "Namn;Biljett;Biljettkod\nA;Standard;K-1\n",
     offsetof(RosterEntry, ticket), "K-1"},
    {"Biljettkod wins over Biljett to its left", "Namn;Biljettkod;Biljett\nA;K-1;Standard\n",
     offsetof(RosterEntry, ticket), "K-1"},
    {"unknown columns are ignored",
     "Kost;Namn;Allergier;Företag;Anmäld\nVegan;Anna;Nötter;X;2026-10-01\n",
     offsetof(RosterEntry, organisation), "X"},
    {"unknown column is not taken as name", "Kost;Namn\nVegan;Anna\n", offsetof(RosterEntry, name),
     "Anna"},
};

static void test_header_names_are_recognised(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(headers); i++) {
        const char *row = headers[i].what;
        Roster r;
        parse_ok(row, headers[i].text, &r);
        CHECK_INT(row, r.count, 1);
        if (r.count)
            CHECK_STR(row, (const char *)&r.entries[0] + headers[i].field, headers[i].want);
        roster_free(&r);
    }
}

/* Headers taken as the consent to the shared participant list: the bare word, or any that
 * names the list, as registration forms write their question. */
static const struct {
    const char *header;
} consent_headers[] = {
    {"Samtycke"},
    {"Consent"},
    {"SAMTYCKE"},
    {"Samtycker"},
    {"Deltagarlista"},
    {"Samtycke till deltagarlista"},
    {"Får synas på deltagarlistan"},
    {"Får vi visa ditt namn på deltagarlistan?"},
    {"\"Samtycke: deltagarlista (ja/nej)\""},
    {"Deltagarförteckning"},
    {"Consent to participant list"},
    {"Show me on the participant list"},
    {"Include in attendee list"},
};

/* Values, by their first word: yes, no, or unclear (stored as no, and counted). */
enum { NO, YES, UNCLEAR };
static const struct {
    const char *value;
    int is;
} consent_values[] = {
    {"ja", YES},
    {"Ja", YES},
    {"JA", YES},
    {"j", YES},
    {"yes", YES},
    {"Yes", YES},
    {"y", YES},
    {"1", YES},
    {"x", YES},
    {"X", YES},
    {"true", YES},
    {"TRUE", YES},
    {"SANT", YES},
    {" ja ", YES},
    {"\"Ja, visa mitt namn\"", YES},
    {"\xE2\x9C\x93", YES}, /* ✓ */
    {"\xE2\x9C\x94", YES}, /* ✔ */
    {"nej", NO},
    {"Nej", NO},
    {"no", NO},
    {"n", NO},
    {"0", NO},
    {"", NO},
    {"  ", NO},
    {"false", NO},
    {"FALSKT", NO},
    {"ej", NO},
    {"-", NO},
    {"\xE2\x80\x93", NO}, /* – */
    {"\"Nej, tack\"", NO},
    {"kanske", UNCLEAR},
    {"jag vet inte", UNCLEAR},
    {"yesterday", UNCLEAR},
    {"OK", UNCLEAR},
    {"?", UNCLEAR},
    {"Jag godkänner", UNCLEAR},
};

/* Parses text as "mem.csv", with what it made of the consent column. */
static void parse_consent_ok(const char *row, const char *text, Roster *r, RosterConsent *c)
{
    char err[1024] = "";
    /* Garbage beforehand: a parse must set every field. */
    memset(c, 0x5a, sizeof *c);
    if (roster_parse_consent("mem.csv", text, strlen(text), r, c, err, sizeof err) != 0)
        fail_msg("case \"%s\": refused: %s", row, err);
}

static void test_consent_values(void **state)
{
    (void)state;
    for (size_t h = 0; h < COUNT_OF(consent_headers); h++) {
        for (size_t i = 0; i < COUNT_OF(consent_values); i++) {
            char text[256], row[160];
            snprintf(row, sizeof row, "%s = %s", consent_headers[h].header,
                     consent_values[i].value);
            snprintf(text, sizeof text, "Namn;%s\nAnna;%s\n", consent_headers[h].header,
                     consent_values[i].value);
            Roster r;
            RosterConsent c;
            parse_consent_ok(row, text, &r, &c);
            CHECK_INT(row, r.count, 1);
            if (r.count)
                CHECK_INT(row, r.entries[0].consent, consent_values[i].is == YES);
            CHECK_INT(row, c.column, 2);
            CHECK_INT(row, c.unused_column, 0);
            CHECK_INT(row, c.unclear, consent_values[i].is == UNCLEAR);
            CHECK_INT(row, c.unclear_line, consent_values[i].is == UNCLEAR ? 2 : 0);
            if (consent_values[i].is == UNCLEAR)
                CHECK(row, strstr(consent_values[i].value, c.unclear_value) != NULL);
            else
                CHECK_STR(row, c.unclear_value, "");
            roster_free(&r);
            /* The same through roster_parse, which does not report on consent. */
            parse_ok(row, text, &r);
            if (r.count)
                CHECK_INT(row, r.entries[0].consent, consent_values[i].is == YES);
            roster_free(&r);
        }
    }
}

/* Which column is the consent, and what is said when none is: a header that mentions
 * consent to something else, or reads as a refusal, is never taken (a mark there would
 * put someone on the list who did not agree to it), but named. */
static const struct {
    const char *what;
    const char *header; /* after "Namn;" */
    int column;         /* the consent column taken, 0 for none */
    const char *header_taken;
    int unused; /* the column named as not taken */
    bool refusal;
} consent_columns[] = {
    {"no consent column", "Organisation;Roll", 0, "", 0, false},
    {"bare word", "Organisation;Samtycke", 3, "Samtycke", 0, false},
    {"the header as written", "\" Får  synas på\ndeltagarlistan \"", 2,
     "Får synas på deltagarlistan", 0, false},
    {"consent to something else", "Organisation;Samtycke nyhetsbrev", 0, "", 3, false},
    {"GDPR consent", "GDPR-samtycke", 0, "", 2, false},
    {"photo consent", "Photo consent;Organisation", 0, "", 2, false},
    {"Swedish refusal", "Visa inte på deltagarlistan", 0, "", 2, true},
    {"Swedish refusal with ej", "Ej med på deltagarlistan", 0, "", 2, true},
    {"hide", "Hide from attendee list", 0, "", 2, true},
    {"do not", "Do not show on participant list", 0, "", 2, true},
    {"don't", "Don't list me on the participant list", 0, "", 2, true},
    {"opt-out", "Participant list opt-out", 0, "", 2, true},
    {"first not taken is named", "Samtycke foto;Visa inte på deltagarlistan", 0, "", 2, false},
    {"the list beats the bare word", "Samtycke;Får synas på deltagarlistan", 3,
     "Får synas på deltagarlistan", 0, false},
    {"the bare word beats another consent", "Samtycke nyhetsbrev;Samtycke", 3, "Samtycke", 0,
     false},
    {"a refusal beside a consent", "Visa inte på deltagarlistan;Consent", 3, "Consent", 0, false},
    {"leftmost of two about the list", "Deltagarlista;Samtycke till deltagarlista", 2,
     "Deltagarlista", 0, false},
    {"other columns keep their names", "Organisation;Roll;Samtycke deltagarlista", 4,
     "Samtycke deltagarlista", 0, false},
};

static void test_consent_column(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(consent_columns); i++) {
        const char *row = consent_columns[i].what;
        /* Two data rows of "Ja" in every column: only the consent column may count. */
        char text[512], ja[64] = "";
        for (const char *h = consent_columns[i].header; *h; h++)
            if (*h == ';')
                strcat(ja, ";Ja");
        snprintf(text, sizeof text, "Namn;%s\nAnna;Ja%s\nBo;Ja%s\n", consent_columns[i].header, ja,
                 ja);
        Roster r;
        RosterConsent c;
        parse_consent_ok(row, text, &r, &c);
        CHECK_INT(row, r.count, 2);
        for (size_t k = 0; k < r.count; k++)
            CHECK_INT(row, r.entries[k].consent, consent_columns[i].column != 0);
        CHECK_INT(row, c.column, consent_columns[i].column);
        CHECK_STR(row, c.header, consent_columns[i].header_taken);
        CHECK_INT(row, c.unused_column, consent_columns[i].unused);
        CHECK_INT(row, c.unused_refusal, consent_columns[i].refusal);
        CHECK_INT(row, c.unused_header[0] != '\0', consent_columns[i].unused != 0);
        CHECK_INT(row, c.unclear, 0);
        roster_free(&r);
    }
}

/* Unclear values are counted over the whole list; the first is named by line. */
static void test_unclear_consent_is_counted(void **state)
{
    (void)state;
    Roster r;
    RosterConsent c;
    parse_consent_ok("three unclear",
                     "Namn;Samtycke\nAnna;Ja\nBo;kanske\n\nCarl;nej\nDan;\"Jag vill\ngärna\"\n"
                     "Eva;OK\nBo;kanske\n",
                     &r, &c);
    CHECK_INT("count", r.count, 5);
    CHECK_INT("duplicates", r.duplicates, 1); /* the second Bo is skipped, not counted */
    CHECK_INT("unclear", c.unclear, 3);
    CHECK_INT("line", c.unclear_line, 3);
    CHECK_STR("value", c.unclear_value, "kanske");
    for (size_t k = 0; k < r.count; k++)
        CHECK_INT(r.entries[k].name, r.entries[k].consent, k == 0);
    roster_free(&r);

    /* A long value is cut to fit a message, at a letter. */
    char text[512];
    snprintf(text, sizeof text, "Namn;Samtycke\nAnna;%s\n",
             "Öhh, ååå, det här är ett mycket långt svar som inte är ja eller nej alls");
    parse_consent_ok("long", text, &r, &c);
    CHECK_INT("long", c.unclear, 1);
    CHECK("long", strlen(c.unclear_value) < ROSTER_QUOTE_MAX);
    CHECK("long", strncmp(c.unclear_value, "Öhh, ååå, det", 16) == 0);
    CHECK("long", text_valid_utf8(c.unclear_value, strlen(c.unclear_value)));
    roster_free(&r);

    /* A refused file leaves nothing, the consent report included. */
    memset(&c, 0x5a, sizeof c);
    char err[256];
    const char *bad = "Namn;Samtycke\nAnna;kanske\nBo\n";
    CHECK_INT("bad", roster_parse_consent("mem.csv", bad, strlen(bad), &r, &c, err, sizeof err),
              -1);
    RosterConsent zero;
    memset(&zero, 0, sizeof zero);
    CHECK("bad", memcmp(&c, &zero, sizeof c) == 0);
    check_empty("bad", &r);
}

/* The words for the organiser name what is recognised. */
static void test_consent_help_texts(void **state)
{
    (void)state;
    const char *h = roster_consent_headers();
    CHECK("headers", strstr(h, "Samtycke") && strstr(h, "Consent") && strstr(h, "deltagarlista") &&
                         strstr(h, "participant list"));
    const char *v = roster_consent_values();
    CHECK("values", strstr(v, "ja") && strstr(v, "nej") && strstr(v, "yes") && strstr(v, "no"));
}

/* ---- keys and duplicates ------------------------------------------------------------------ */

static const struct {
    const char *what;
    const char *text;
    const char *key;
} keys[] = {
    {"ticket wins over e-mail", "Namn;E-post;Biljettkod\nAnna;anna@x.se;K-1\n", "t:K-1"},
    {"ticket keeps its case", "Namn;Biljettkod\nAnna;abC-1\n", "t:abC-1"},
    {"ticket is trimmed", "Namn;Biljettkod\nAnna; K-1 \n", "t:K-1"},
    {"e-mail is lowercased", "Namn;E-post\nAnna;Anna.Oberg@X.SE\n", "e:anna.oberg@x.se"},
    {"e-mail when the ticket is empty", "Namn;E-post;Biljettkod\nAnna;a@x.se;\n", "e:a@x.se"},
    {"name and organisation folded", "Namn;Företag\nÅsa Öst-Berg;Västerås Stad AB\n",
     "n:asa ost berg|vasteras stad ab"},
    {"name without organisation", "Namn\nÅsa Öst\n", "n:asa ost|"},
    {"name when ticket and e-mail are empty", "Namn;E-post;Biljettkod;Företag\nAnna;;;X\n",
     "n:anna|x"},
    {"first and last name make the name key", "Förnamn;Efternamn;Företag\nÅsa;Öst;KF\n",
     "n:asa ost|kf"},
};

static void test_keys(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(keys); i++) {
        const char *row = keys[i].what;
        Roster r;
        parse_ok(row, keys[i].text, &r);
        CHECK_INT(row, r.count, 1);
        if (r.count)
            CHECK_STR(row, r.entries[0].key, keys[i].key);
        roster_free(&r);
    }
}

/* Importing the list again after the tool re-exported it (other separator, column order,
 * header language, BOM, line ends, case of e-mail, spacing) must give every person the key
 * they had, or the store would see new people. */
static void test_keys_are_stable_across_exports(void **state)
{
    (void)state;
    static const char first[] = "\xEF\xBB\xBF"
                                "Förnamn;Efternamn;Företag;E-post;Biljettkod\r\n"
                                "Anna;Öberg;Västerås stad;anna@vasteras.example;K-1\r\n"
                                "Åke;Ek;KF;Ake.Ek@KF.example;\r\n"
                                "Märta;Sjö;Region Örebro län;;\r\n";
    static const char again[] = "Email,Ticket code,Company,Full name\n"
                                "anna@vasteras.example,K-1,Västerås Stad,Anna Öberg\n"
                                "ake.ek@kf.example,,KF,Åke Ek\n"
                                ",,\"Region  Örebro län\",\"  Märta   Sjö \"\n";
    Roster a, b;
    parse_ok("first export", first, &a);
    parse_ok("export again", again, &b);
    assert_int_equal(a.count, 3);
    assert_int_equal(b.count, 3);
    for (size_t i = 0; i < a.count; i++)
        if (strcmp(a.entries[i].key, b.entries[i].key) != 0)
            fail_msg("%s: key \"%s\" became \"%s\"", a.entries[i].name, a.entries[i].key,
                     b.entries[i].key);
    assert_string_equal(a.entries[2].key, "n:marta sjo|region orebro lan");
    roster_free(&a);
    roster_free(&b);
}

static const struct {
    const char *what;
    const char *text;
    size_t count, duplicates;
} duplicates[] = {
    {"same ticket, same person", "Namn;Biljettkod\nAnna;K1\nAnna;K1\n", 1, 1},
    {"same ticket, name in other case and accents",
     "Namn;Biljettkod\nAnna Öberg;K1\nANNA OBERG;K1\n", 1, 1},
    {"same e-mail in other case", "Namn;E-post\nAnna;anna@x.se\nAnna;ANNA@X.SE\n", 1, 1},
    {"same name and organisation", "Namn;Företag\nAnna;Västerås\nAnna;VÄSTERÅS\n", 1, 1},
    {"three copies", "Namn;Företag\nAnna;X\nAnna;X\nAnna;X\n", 1, 2},
    {"same name, other organisation", "Namn;Företag\nAnna;X\nAnna;Y\n", 2, 0},
    {"same name, one with a ticket", "Namn;Biljettkod\nAnna;K1\nAnna;\n", 2, 0},
    {"different tickets", "Namn;Biljettkod\nAnna;K1\nAnna;K2\n", 2, 0},
};

static void test_duplicate_rows_are_skipped_and_counted(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(duplicates); i++) {
        const char *row = duplicates[i].what;
        Roster r;
        parse_ok(row, duplicates[i].text, &r);
        CHECK_INT(row, r.count, duplicates[i].count);
        CHECK_INT(row, r.duplicates, duplicates[i].duplicates);
        if (r.count)
            CHECK_INT(row, r.entries[0].line, 2); /* the first copy is the one kept */
        roster_free(&r);
    }
}

/* Many people: the key index grows past its first size and still finds every duplicate. */
static void test_duplicates_among_many_rows(void **state)
{
    (void)state;
    enum { PEOPLE = 5000 };
    size_t cap = 64 + (size_t)PEOPLE * 2 * 40;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = (size_t)snprintf(text, cap, "Namn;Biljettkod\n");
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < PEOPLE; i++)
            n += (size_t)snprintf(text + n, cap - n, "Person %d Ödegård;T-%05d\n", i, i);
    Roster r;
    parse_ok("5000 people twice", text, &r);
    free(text);
    assert_int_equal(r.count, PEOPLE);
    assert_int_equal(r.duplicates, PEOPLE);
    assert_int_equal(r.entries[PEOPLE - 1].line, PEOPLE + 1);
    assert_string_equal(r.entries[PEOPLE - 1].key, "t:T-04999");
    roster_free(&r);
}

/* ---- blank lines and cleaning ---------------------------------------------------------- */

static void test_blank_lines_and_empty_rows_are_skipped(void **state)
{
    (void)state;
    static const char text[] = "\n  \nNamn;Företag\n\nAnna;X\n   \n;\n;;\n \"\" ; \nBo;Y\n\n";
    Roster r;
    parse_ok("blank lines", text, &r);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.entries[0].line, 5);
    assert_int_equal(r.entries[1].line, 10);
    assert_int_equal(r.duplicates, 0);
    roster_free(&r);
}

static const struct {
    const char *what;
    const char *field; /* as written in the file, under the header Namn */
    const char *name;
} cleaned[] = {
    {"line break in a quoted name becomes a space", "\"Anna\nÖberg\"", "Anna Öberg"},
    {"crlf in a quoted name becomes one space", "\"Anna\r\nÖberg\"", "Anna Öberg"},
    {"tab in a name becomes a space", "Anna\tÖberg", "Anna Öberg"},
    {"control character is dropped", "An\x01na", "Anna"},
    {"escape sequence loses its escape", "\x1b[1mAnna", "[1mAnna"},
    {"runs of spaces collapse", "\"Anna    Öberg\"", "Anna Öberg"},
    {"spaces inside quotes are trimmed", "\"  Anna  \"", "Anna"},
};

static void test_text_is_cleaned_to_one_line(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(cleaned); i++) {
        const char *row = cleaned[i].what;
        char text[256];
        snprintf(text, sizeof text, "Namn;Företag\n%s;X\nBo;Y\n", cleaned[i].field);
        Roster r;
        parse_ok(row, text, &r);
        CHECK_INT(row, r.count, 2);
        if (r.count)
            CHECK_STR(row, r.entries[0].name, cleaned[i].name);
        roster_free(&r);
    }
}

/* ---- field lengths -------------------------------------------------------------------- */

static void test_field_length_limits(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *header; /* column of the value, or "Namn" for the name */
        size_t len;         /* bytes of 'ä' pairs and 'a's */
        bool ok;
    } limits[] = {
        {"name of 199 bytes", "Företag", ROSTER_FIELD_MAX - 1, true},
        {"name of 200 bytes", "Företag", ROSTER_FIELD_MAX, false},
        {"organisation of 199 bytes", "Företag", ROSTER_FIELD_MAX - 1, true},
        {"organisation of 200 bytes", "Företag", ROSTER_FIELD_MAX, false},
        {"ticket of 197 bytes", "Biljettkod", ROSTER_FIELD_MAX - 3, true},
        {"ticket of 198 bytes", "Biljettkod", ROSTER_FIELD_MAX - 2, false},
        {"e-mail of 197 bytes", "E-post", ROSTER_FIELD_MAX - 3, true},
        {"e-mail of 198 bytes", "E-post", ROSTER_FIELD_MAX - 2, false},
        {"ignored column of 1000 bytes", "Kommentar", 1000, true},
    };
    for (size_t i = 0; i < COUNT_OF(limits); i++) {
        const char *row = limits[i].what;
        bool name = strncmp(row, "name", 4) == 0;
        char value[1100];
        /* Multi-byte letters, so a cut inside one would show as well as a byte count. */
        size_t n = 0;
        while (n + 2 <= limits[i].len) {
            memcpy(value + n, "ä", 2);
            n += 2;
        }
        if (n < limits[i].len)
            value[n++] = 'a';
        value[n] = '\0';
        char text[2600], err[1024] = "";
        if (name)
            snprintf(text, sizeof text, "Namn;Företag\nAnna;Z\n\"%s\";X\n", value);
        else
            snprintf(text, sizeof text, "Namn;%s\nAnna;Z\nBo;\"%s\"\n", limits[i].header, value);
        Roster r;
        int rc = roster_parse("mem.csv", text, strlen(text), &r, err, sizeof err);
        if (limits[i].ok) {
            if (rc != 0)
                fail_msg("case \"%s\": refused: %s", row, err);
            CHECK_INT(row, r.count, 2);
            if (name && r.count == 2)
                CHECK_STR(row, r.entries[1].name, value);
            roster_free(&r);
        } else {
            check_refused(row, rc, err, "mem.csv:3: ", "long", &r);
        }
    }
    Roster r;
    char err[1024] = "";
    char first[120], last[120], text[512];
    memset(first, 'f', 99);
    first[99] = '\0';
    memset(last, 'l', 100);
    last[100] = '\0';
    snprintf(text, sizeof text, "Förnamn;Efternamn\nA;B\n%s;%s\n", first, last);
    int rc = roster_parse("mem.csv", text, strlen(text), &r, err, sizeof err);
    check_refused("first and last together 200 bytes", rc, err, "mem.csv:3: ", "long", &r);
    last[99] = '\0';
    snprintf(text, sizeof text, "Förnamn;Efternamn\nA;B\n%s;%s\n", first, last);
    parse_ok("first and last together 199 bytes", text, &r);
    assert_int_equal(strlen(r.entries[1].name), 199);
    roster_free(&r);
}

/* A name and organisation longer together than a key still give a key, cut between
 * letters so it stays valid UTF-8. */
static void test_long_name_key_is_cut_at_a_letter(void **state)
{
    (void)state;
    char name[ROSTER_FIELD_MAX], text[512];
    size_t n = 0;
    while (n + 2 < sizeof name) {
        memcpy(name + n, "ж", 2); /* Cyrillic: folding keeps it, two bytes */
        n += 2;
    }
    name[n] = '\0';
    snprintf(text, sizeof text, "Namn;Företag\n%s;Västerås stad\n", name);
    Roster r;
    parse_ok("cyrillic name of 198 bytes", text, &r);
    assert_int_equal(r.count, 1);
    const char *key = r.entries[0].key;
    assert_true(strncmp(key, "n:жж", 6) == 0);
    assert_true(strlen(key) < ROSTER_FIELD_MAX);
    assert_true(strlen(key) >= ROSTER_FIELD_MAX - 3);
    assert_true(text_valid_utf8(key, strlen(key)));
    roster_free(&r);
}

/* ---- bad files ----------------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *text;
    const char *prefix;
    const char *mention;
} bad_files[] = {
    {"empty file", "", "mem.csv: ", "empty"},
    {"only a bom and blank lines", "\xEF\xBB\xBF\r\n  \n", "mem.csv: ", "empty"},
    {"header only", "Namn;Företag\n", "mem.csv: ", "no attendees"},
    {"header and empty rows only", "Namn;Företag\n;\n\n", "mem.csv: ", "no attendees"},
    {"no name column", "Företag;E-post\nX;a@x.se\n", "mem.csv:1: ", "Namn"},
    {"no header row", "Anna Öberg;Västerås stad\nÅke Ek;KF\n", "mem.csv:1: ", "no name column"},
    {"no name column after blank lines", "\n\nE-post\na@x.se\n", "mem.csv:3: ", "no name column"},
    {"tab-separated file", "Namn\tFöretag\nAnna\tX\n", "mem.csv:1: ", "separate columns"},
    {"row with too few fields", "Namn;Företag;E-post\nA;B;a@x.se\nC;D\n",
     "mem.csv:3: ", "2 fields but the header has 3"},
    {"row with too many fields", "Namn;Företag\nA;B\nC;D;E\n",
     "mem.csv:3: ", "3 fields but the header has 2"},
    {"comma inside an unquoted value", "Name,Company\nAnna,Svensson, AB\n", "mem.csv:2: ", "','"},
    {"field count error after a multi-line row", "Namn;Företag\n\"Anna\nÖberg\";X\nBo\n",
     "mem.csv:4: ", "1 fields"},
    {"field count error line with crlf and a blank line", "Namn;Företag\r\nA;B\r\n\r\nC\r\n",
     "mem.csv:4: ", "fields"},
    {"field count error line after a bom", "\xEF\xBB\xBFNamn;Företag\nA;B\nC\n",
     "mem.csv:3: ", "fields"},
    {"field count error line with lone cr", "Namn;Företag\rA;B\rC\r", "mem.csv:3: ", "fields"},
    {"latin-1 name", "Namn;Företag\nAnna;X\nBj\xf6rn;Y\n", "mem.csv:3: ", "UTF-8"},
    {"latin-1 in an ignored column", "Namn;Kost\nBjörn;Fl\xe4sk\n", "mem.csv:2: ", "column 2"},
    {"latin-1 header", "F\xf6rnamn;Efternamn\nAnna;Ek\n", "mem.csv:1: ", "UTF-8"},
    {"invalid utf-8 in a multi-line value", "Namn;Företag\nA;\"x\n\xff\"\n",
     "mem.csv:2: ", "UTF-8"},
    {"empty name", "Namn;Företag\nA;X\n;Västerås stad\n", "mem.csv:3: ", "no name"},
    {"empty first and last name", "Förnamn;Efternamn;Företag\n;;X\n", "mem.csv:2: ", "no name"},
    {"name of only spaces and line breaks", "Namn;Företag\n\" \n \";X\n", "mem.csv:2: ", "no name"},
    {"name of only control characters", "Namn;Företag\n\x01\x02;X\n", "mem.csv:2: ", "no name"},
    {"unterminated quote", "Namn;Företag\nAnna;X\n\"Åke;Y\nBo;Z\n", "mem.csv:3: ", "never closed"},
    {"unterminated quote in a later field of a multi-line row",
     "Namn;Företag;Roll\nAnna;\"X\nY\";\"öppen\nmer\n", "mem.csv:3: ", "never closed"},
    {"unterminated quote in the header", "Namn;\"Företag\nAnna;X\n", "mem.csv:1: ", "never closed"},
    {"quote inside an unquoted value", "Namn;Företag\nAnna \"Nisse\" Öberg;X\n",
     "mem.csv:2: ", "quote"},
    {"text after a closing quote", "Namn;Företag\nA;B\n\"Anna\"x;Y\n", "mem.csv:3: ", "quote"},
    {"quote left open until a later quote", "Namn;Företag\n\"Anna;X\nBo;\"Y\"\n",
     "mem.csv:2: ", "line 3"},
    {"duplicate ticket, different person", "Namn;Biljettkod\nAnna Öberg;K1\nBo;K2\nCarl;K1\n",
     "mem.csv:4: ", "Anna Öberg on line 2"},
    {"duplicate e-mail, different person", "Namn;E-post\nAnna;a@x.se\nBo;A@X.se\n",
     "mem.csv:3: ", "Anna on line 2"},
    {"error after good rows discards them", "Namn;Företag\nA;1\nB;2\nC;3\nD\n",
     "mem.csv:5: ", "fields"},
};

static void test_bad_files_are_refused_whole(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(bad_files); i++) {
        const char *row = bad_files[i].what;
        /* Garbage in the Roster beforehand: a refusal must still leave it empty. */
        Roster r = {.entries = NULL, .count = 42, .duplicates = 7, .separator = 'x'};
        char err[1024] = "";
        int rc = roster_parse("mem.csv", bad_files[i].text, strlen(bad_files[i].text), &r, err,
                              sizeof err);
        check_refused(row, rc, err, bad_files[i].prefix, bad_files[i].mention, &r);
    }
}

static void test_too_many_rows_are_refused(void **state)
{
    (void)state;
    size_t rows = ROSTER_MAX_ROWS + 1;
    size_t cap = 16 + rows * 16;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t n = (size_t)snprintf(text, cap, "Namn;Kod\n");
    for (size_t i = 0; i < rows; i++)
        n += (size_t)snprintf(text + n, cap - n, "P;%zu\n", i);
    Roster r;
    char err[1024] = "", want[64];
    int rc = roster_parse("mem.csv", text, n, &r, err, sizeof err);
    free(text);
    snprintf(want, sizeof want, "mem.csv:%zu: ", rows + 1);
    check_refused("200001 rows", rc, err, want, "more than", &r);
}

static void test_file_over_64_mib_is_refused(void **state)
{
    (void)state;
    size_t limit = (size_t)64 * 1024 * 1024;
    char *text = malloc(limit + 1);
    assert_non_null(text);
    memset(text, ' ', limit + 1);
    Roster r;
    char err[1024] = "", err2[1024] = "";
    int rc = roster_parse("big.csv", text, limit + 1, &r, err, sizeof err);
    check_refused("64 MiB + 1 in memory", rc, err, "big.csv: file is larger than 64 MiB", NULL, &r);
    /* At the limit the file is read (and found blank). */
    rc = roster_parse("big.csv", text, limit, &r, err2, sizeof err2);
    free(text);
    check_refused("64 MiB of spaces in memory", rc, err2, "big.csv: the file is empty", NULL, &r);

    char path[4096], want[4200];
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "big.csv");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)limit + 1), 0);
    assert_int_equal(fclose(f), 0);
    rc = roster_load(path, &r, err, sizeof err);
    remove(path);
    snprintf(want, sizeof want, "%s: file is larger than 64 MiB", path);
    check_refused("64 MiB + 1 on disk", rc, err, want, NULL, &r);
}

static void test_bad_file_on_disk_names_path_and_line(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_DATA", "attendees_bad_fieldcount.csv");
    Roster r;
    int rc = roster_load(path, &r, err, sizeof err);
    snprintf(want, sizeof want, "%s:3: row has 2 fields but the header has 3", path);
    check_refused("attendees_bad_fieldcount.csv", rc, err, want, NULL, &r);
}

static void test_missing_file_says_cannot_open(void **state)
{
    (void)state;
    char path[4096], want[4200], err[4400] = "";
    path_in(path, sizeof path, "MINGEL_TEST_TMP", "no-such-list.csv");
    Roster r;
    int rc = roster_load(path, &r, err, sizeof err);
    snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
    check_refused("missing file", rc, err, want, NULL, &r);
    assert_string_equal(err, want);
}

static void test_roster_free_is_safe_on_null_empty_and_twice(void **state)
{
    (void)state;
    roster_free(NULL);
    Roster empty = {0};
    roster_free(&empty);
    Roster r;
    parse_ok("one person", "Namn\nAnna\n", &r);
    roster_free(&r);
    check_empty("after free", &r);
    roster_free(&r);
    check_empty("after second free", &r);
}

/* The caller's buffer may be small: the message is cut to fit, never inside a letter, and
 * a NULL buffer is allowed. */
static void test_message_is_cut_to_the_buffer(void **state)
{
    (void)state;
    static const char text[] = "Namn;Biljettkod\nÅsa Öst;K1\nBo;K1\n";
    char full[512];
    Roster r;
    assert_int_equal(roster_parse("å.csv", text, strlen(text), &r, full, sizeof full), -1);
    assert_non_null(strstr(full, "Åsa Öst on line 2"));
    for (size_t cap = 1; cap < 120; cap++) {
        char err[120];
        memset(err, 'x', sizeof err);
        assert_int_equal(roster_parse("å.csv", text, strlen(text), &r, err, cap), -1);
        size_t n = strnlen(err, cap);
        if (n == cap)
            fail_msg("capacity %zu: no NUL within the buffer", cap);
        if (!text_valid_utf8(err, n))
            fail_msg("capacity %zu: \"%s\" is cut inside a letter", cap, err);
        size_t want = strlen(full) < cap ? strlen(full) : (cap > 4 ? cap - 4 : 0);
        if (strncmp(err, full, n) != 0 || n < want)
            fail_msg("capacity %zu: \"%s\" is not the longest prefix of \"%s\"", cap, err, full);
        check_empty("small buffer", &r);
    }
    assert_int_equal(roster_parse("m", "", 0, &r, NULL, 0), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon_file_from_disk),
        cmocka_unit_test(test_comma_file_from_disk),
        cmocka_unit_test(test_separator_is_detected_from_the_header),
        cmocka_unit_test(test_bom_and_line_ends_do_not_matter),
        cmocka_unit_test(test_quoted_values_and_following_line_numbers),
        cmocka_unit_test(test_header_names_are_recognised),
        cmocka_unit_test(test_consent_values),
        cmocka_unit_test(test_consent_column),
        cmocka_unit_test(test_unclear_consent_is_counted),
        cmocka_unit_test(test_consent_help_texts),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_keys_are_stable_across_exports),
        cmocka_unit_test(test_duplicate_rows_are_skipped_and_counted),
        cmocka_unit_test(test_duplicates_among_many_rows),
        cmocka_unit_test(test_blank_lines_and_empty_rows_are_skipped),
        cmocka_unit_test(test_text_is_cleaned_to_one_line),
        cmocka_unit_test(test_field_length_limits),
        cmocka_unit_test(test_long_name_key_is_cut_at_a_letter),
        cmocka_unit_test(test_bad_files_are_refused_whole),
        cmocka_unit_test(test_too_many_rows_are_refused),
        cmocka_unit_test(test_file_over_64_mib_is_refused),
        cmocka_unit_test(test_bad_file_on_disk_names_path_and_line),
        cmocka_unit_test(test_missing_file_says_cannot_open),
        cmocka_unit_test(test_roster_free_is_safe_on_null_empty_and_twice),
        cmocka_unit_test(test_message_is_cut_to_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
