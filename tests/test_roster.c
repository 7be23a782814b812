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
#include "support.h"

/* Parses text as "mem.csv"; a case that must succeed fails the test with the message. */
static void parse_ok(const char *row, const char *text, Roster *r)
{
    char err[1024] = "";
    if (roster_parse("mem.csv", text, strlen(text), r, err, sizeof err) != 0) {
        fail_msg("case \"%s\": refused: %s", row, err);
    }
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
    check_message(row, err, prefix, mention);
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
    if (roster_load(path, &r, err, sizeof err) != 0) {
        fail_msg("refused: %s", err);
    }
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
    if (roster_load(path, &r, err, sizeof err) != 0) {
        fail_msg("refused: %s", err);
    }
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
        if (r.count) {
            CHECK_STR(row, r.entries[0].name, "Anna");
        }
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
        if (r.count) {
            CHECK_STR(row, (const char *)&r.entries[0] + headers[i].field, headers[i].want);
        }
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
    if (roster_parse_consent("mem.csv", text, strlen(text), r, c, err, sizeof err) != 0) {
        fail_msg("case \"%s\": refused: %s", row, err);
    }
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
            if (r.count) {
                CHECK_INT(row, r.entries[0].consent, consent_values[i].is == YES);
            }
            CHECK_INT(row, c.column, 2);
            CHECK_INT(row, c.unused_column, 0);
            CHECK_INT(row, c.unclear, consent_values[i].is == UNCLEAR);
            CHECK_INT(row, c.unclear_line, consent_values[i].is == UNCLEAR ? 2 : 0);
            if (consent_values[i].is == UNCLEAR) {
                CHECK(row, strstr(consent_values[i].value, c.unclear_value) != NULL);
            } else {
                CHECK_STR(row, c.unclear_value, "");
            }
            roster_free(&r);
            /* The same through roster_parse, which does not report on consent. */
            parse_ok(row, text, &r);
            if (r.count) {
                CHECK_INT(row, r.entries[0].consent, consent_values[i].is == YES);
            }
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
        for (const char *h = consent_columns[i].header; *h; h++) {
            if (*h == ';') {
                strcat(ja, ";Ja");
            }
        }
        snprintf(text, sizeof text, "Namn;%s\nAnna;Ja%s\nBo;Ja%s\n", consent_columns[i].header, ja,
                 ja);
        Roster r;
        RosterConsent c;
        parse_consent_ok(row, text, &r, &c);
        CHECK_INT(row, r.count, 2);
        for (size_t k = 0; k < r.count; k++) {
            CHECK_INT(row, r.entries[k].consent, consent_columns[i].column != 0);
        }
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
    for (size_t k = 0; k < r.count; k++) {
        CHECK_INT(r.entries[k].name, r.entries[k].consent, k == 0);
    }
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
        if (r.count) {
            CHECK_STR(row, r.entries[0].key, keys[i].key);
        }
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
    for (size_t i = 0; i < a.count; i++) {
        if (strcmp(a.entries[i].key, b.entries[i].key) != 0) {
            fail_msg("%s: key \"%s\" became \"%s\"", a.entries[i].name, a.entries[i].key,
                     b.entries[i].key);
        }
    }
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
        if (r.count) {
            CHECK_INT(row, r.entries[0].line, 2); /* the first copy is the one kept */
        }
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
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < PEOPLE; i++) {
            n += (size_t)snprintf(text + n, cap - n, "Person %d Ödegård;T-%05d\n", i, i);
        }
    }
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
        if (r.count) {
            CHECK_STR(row, r.entries[0].name, cleaned[i].name);
        }
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
        if (n < limits[i].len) {
            value[n++] = 'a';
        }
        value[n] = '\0';
        if (strcmp(limits[i].header, "E-post") == 0) {
            memcpy(value, "a@", 2); /* an address, or it would not be used as one */
        }
        char text[2600], err[1024] = "";
        if (name) {
            snprintf(text, sizeof text, "Namn;Företag\nAnna;Z\n\"%s\";X\n", value);
        } else {
            snprintf(text, sizeof text, "Namn;%s\nAnna;Z\nBo;\"%s\"\n", limits[i].header, value);
        }
        Roster r;
        int rc = roster_parse("mem.csv", text, strlen(text), &r, err, sizeof err);
        if (limits[i].ok) {
            if (rc != 0) {
                fail_msg("case \"%s\": refused: %s", row, err);
            }
            CHECK_INT(row, r.count, 2);
            if (name && r.count == 2) {
                CHECK_STR(row, r.entries[1].name, value);
            }
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
    {"latin-1 in an ignored column", "Namn;Kost\nBjörn;Fl\xe4sk\n", "mem.csv:2: ", "not UTF-8"},
    {"invalid utf-8 in a multi-line value", "Namn;Företag\nA;\"x\n\xff\"\n",
     "mem.csv:3: ", "UTF-8"},
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
    for (size_t i = 0; i < rows; i++) {
        n += (size_t)snprintf(text + n, cap - n, "P;%zu\n", i);
    }
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
        check_cut_message(err, cap, full);
        check_empty("small buffer", &r);
    }
    assert_int_equal(roster_parse("m", "", 0, &r, NULL, 0), -1);
}

/* ---- what the list means: header, columns, rows (roster_read_mem) ----------------------- */

/* Reads text with the options; a case that must succeed fails the test with the message. */
static void read_ok(const char *row, const char *text, const RosterOptions *opt, Roster *r,
                    RosterReport *rep)
{
    char err[1024] = "";
    if (roster_read_mem("mem.csv", text, strlen(text), opt, r, rep, err, sizeof err) != 0) {
        fail_msg("case \"%s\": refused: %s", row, err);
    }
}

static bool warned(const RosterReport *rep, const char *what)
{
    for (size_t i = 0; i < rep->nwarnings; i++) {
        if (strstr(rep->warnings[i], what)) {
            return true;
        }
    }
    return false;
}

/* The skip reason of a line, or NULL. */
static const char *skip_of(const RosterReport *rep, int line)
{
    for (size_t i = 0; i < rep->nskipped; i++) {
        if (rep->skipped[i].line <= line && line <= rep->skipped[i].last_line) {
            return rep->skipped[i].why;
        }
    }
    return NULL;
}

/* The header is the row naming the most fields, one of them a name, below titles, blank
 * rows and summaries; the people are what follows. */
static const struct {
    const char *what;
    const char *text;
    int header_line;
    size_t people;
    const char *first_name; /* of the first person */
    int first_line;
} headers_found[] = {
    {"row 1", "Namn;Företag\nAnna Berg;X\n", 1, 1, "Anna Berg", 2},
    {"title row above", "Deltagarlista frukostmöte\nNamn;Företag\nAnna Berg;X\n", 2, 1, "Anna Berg",
     3},
    {"title and blank rows above", "Deltagare\n;\n\nNamn;Företag;E-post\nAnna Berg;X;a@x.se\n", 4,
     1, "Anna Berg", 5},
    {"title in a wide row", "Anmälda;;;\nNamn;Företag;Roll;E-post\nAnna Berg;X;Chef;a@x.se\n", 2, 1,
     "Anna Berg", 3},
    {"a lone Namn is a title", "Namn\nFörnamn;Efternamn\nAnna;Berg\n", 2, 1, "Anna Berg", 3},
    {"the most fields win", "Namn;Info\nx;y\nNamn;Företag;E-post\nAnna Berg;X;a@x.se\n", 3, 1,
     "Anna Berg", 4},
    {"Teams summary above",
     "1. Summary\nMeeting title\tFrukost\nAttended participants\t2\n\n2. Participants\n"
     "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
     "Anna Berg\t3/11/27, 8:52\t3/11/27, 10:31\t1h 39m\tanna@x.se\tanna@x.se\tOrganizer\n"
     "Bo Ek (External)\t3/11/27, 8:55\t3/11/27, 10:30\t1h 35m\t\t\tAttendee\n"
     "\n3. In-Meeting Activities\nName\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
     "Anna Berg\t3/11/27, 8:52\t3/11/27, 10:31\t1h 39m\tanna@x.se\tOrganizer\n",
     6, 2, "Anna Berg", 7},
    {"Teams in Swedish",
     "1. Sammanfattning\nMötets rubrik\tFrukost\n\n2. Deltagare\n"
     "Namn\tFörsta anslutning\tSenaste lämnande\tVaraktighet i mötet\tE-post\tDeltagar-ID "
     "(UPN)\tRoll\nAnna Berg\t08:52\t10:31\t1 h 39 min\tanna@x.se\tanna@x.se\tOrganisatör\n"
     "Bo Ek (Extern)\t08:55\t10:30\t1 h 35 min\t\t\tDeltagare\n",
     5, 2, "Anna Berg", 6},
    {"Teams older layout",
     "Full Name\tUser Action\tTimestamp\nAnna Berg\tJoined\t3/11/2027, 8:52:04 AM\n"
     "Bo Ek (Guest)\tJoined before\t3/11/2027, 8:55:00 AM\nAnna Berg\tLeft\t3/11/2027, "
     "10:31:40 AM\n",
     1, 2, "Anna Berg", 2},
};

static void test_header_is_found(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(headers_found); i++) {
        const char *row = headers_found[i].what;
        Roster r;
        RosterReport rep;
        read_ok(row, headers_found[i].text, NULL, &r, &rep);
        CHECK_INT(row, rep.header_line, headers_found[i].header_line);
        CHECK_INT(row, r.count, headers_found[i].people);
        if (r.count) {
            CHECK_STR(row, r.entries[0].name, headers_found[i].first_name);
            CHECK_INT(row, r.entries[0].line, headers_found[i].first_line);
            if (strstr(row, "Teams")) {
                CHECK_STR(row, r.entries[r.count - 1].role, ""); /* meeting roles, not jobs */
            }
        }
        for (int line = 1; line < headers_found[i].header_line; line++) {
            const char *why = skip_of(&rep, line);
            CHECK(row, why == NULL || strstr(why, "above the header row"));
        }
        roster_free(&r);
        roster_report_free(&rep);
    }
}

/* Teams: the Participants section only; its suffixes go; its Role is not a job role. */
static void test_teams_report(void **state)
{
    (void)state;
    const char *text = headers_found[6].text;
    Roster r;
    RosterReport rep;
    read_ok("teams", text, NULL, &r, &rep);
    assert_int_equal(r.count, 2);
    assert_string_equal(r.entries[1].name, "Bo Ek");
    assert_string_equal(r.entries[1].key, "n:bo ek|");
    assert_int_equal(r.separator, '\t');
    assert_int_equal(rep.field[ROSTER_ROLE].column, 0);
    assert_non_null(strstr(rep.field[ROSTER_ROLE].why, "Teams meeting roles"));
    assert_int_equal(rep.field[ROSTER_EMAIL].column, 5);
    const char *why = skip_of(&rep, 10);
    assert_non_null(why);
    assert_non_null(strstr(why, "3. In-Meeting Activities"));
    assert_non_null(skip_of(&rep, 12)); /* Anna again, in the activities */
    roster_free(&r);
    roster_report_free(&rep);

    /* The older layout: a row per join or leave, each person once. */
    read_ok("teams legacy", headers_found[8].text, NULL, &r, &rep);
    assert_int_equal(r.count, 2);
    assert_int_equal(r.duplicates, 1);
    assert_non_null(strstr(skip_of(&rep, 4), "the same person as line 2"));
    roster_free(&r);
    roster_report_free(&rep);
}

static const struct {
    const char *name;
    const char *stored;
} suffixes[] = {
    {"Bo Ek (External)", "Bo Ek"},      {"Bo Ek (Extern)", "Bo Ek"},
    {"Bo Ek (Guest)", "Bo Ek"},         {"Bo Ek (Gäst)", "Bo Ek"},
    {"Bo Ek (Unverified)", "Bo Ek"},    {"Bo Ek  (EXTERNAL)", "Bo Ek"},
    {"Bo Ek (ordf.)", "Bo Ek (ordf.)"}, {"(Guest)", "(Guest)"},
};

static void test_teams_suffixes_are_dropped(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(suffixes); i++) {
        char text[256];
        snprintf(text, sizeof text, "Namn;Företag\n%s;X\n", suffixes[i].name);
        Roster r;
        RosterReport rep;
        read_ok(suffixes[i].name, text, NULL, &r, &rep);
        CHECK_STR(suffixes[i].name, r.entries[0].name, suffixes[i].stored);
        roster_free(&r);
        roster_report_free(&rep);
    }
}

/* Headers as the tools write them: the column each field is taken from (1-based, 0 none). */
static const struct {
    const char *what;
    const char *text;
    RosterField field;
    int column;
    const char *value; /* the first person's value of that field ("" to skip) */
} synonyms[] = {
    {"Forms sv built-ins",
     "ID;Starttid;Sluttid;E-post;Namn;Tid för senaste ändring\n"
     "1;2027-03-01 10:00;2027-03-01 10:02;anna@x.se;Anna Berg;\n",
     ROSTER_EMAIL, 4, "anna@x.se"},
    {"Forms sv built-in name", "ID;Starttid;Sluttid;E-post;Namn\n1;a;b;anna@x.se;Anna Berg\n",
     ROSTER_NAME, 5, "Anna Berg"},
    {"Forms en built-ins",
     "ID,Start time,Completion time,Email,Name,Last modified time\n"
     "1,a,b,anna@x.se,Anna Berg,\n",
     ROSTER_NAME, 5, "Anna Berg"},
    {"Forms ID is no ticket", "ID;Namn\n1;Anna Berg\n", ROSTER_TICKET, 0, ""},
    {"Google sv", "Tidstämpel,E-postadress,Namn\n2027/03/01 10:00:00,anna@x.se,Anna Berg\n",
     ROSTER_EMAIL, 2, "anna@x.se"},
    {"Google en", "Timestamp,Email address,Name\n3/1/2027 10:00:00,anna@x.se,Anna Berg\n",
     ROSTER_EMAIL, 2, "anna@x.se"},
    {"Eventbrite barcode",
     "Order #,First Name,Last Name,Email,Barcode #,Attendee #\n"
     "1,Anna,Berg,anna@x.se,123456789012345678001,9\n",
     ROSTER_TICKET, 5, "123456789012345678001"},
    {"Eventbrite company", "First Name,Last Name,Company,Job Title\nAnna,Berg,X AB,Chef\n",
     ROSTER_ORG, 3, "X AB"},
    {"Eventbrite job title", "First Name,Last Name,Company,Job Title\nAnna,Berg,X AB,Chef\n",
     ROSTER_ROLE, 4, "Chef"},
    {"Eventbrite buyer e-mail loses",
     "Buyer Email,First Name,Last Name,Email\n"
     "b@x.se,Anna,Berg,anna@x.se\n",
     ROSTER_EMAIL, 4, "anna@x.se"},
    {"pretix attendee name",
     "Order code,Attendee name,Email,Secret\nAB12C,Anna Berg,b@x.se,s3cr3t\n", ROSTER_NAME, 2,
     "Anna Berg"},
    {"pretix secret", "Order code,Attendee name,Email,Secret\nAB12C,Anna Berg,b@x.se,s3cr3t\n",
     ROSTER_TICKET, 4, "s3cr3t"},
    {"pretix ticket secret",
     "Order code,Position ID,Attendee name,Ticket secret\n"
     "AB12C,1,Anna Berg,s3cr3t\n",
     ROSTER_TICKET, 4, "s3cr3t"},
    {"pretix attendee email wins",
     "Order code,Email,Attendee name,Attendee email\n"
     "AB12C,b@x.se,Anna Berg,anna@x.se\n",
     ROSTER_EMAIL, 4, "anna@x.se"},
    {"pretix order email fills in",
     "Order code,Email,Attendee name,Attendee email\n"
     "AB12C,b@x.se,Anna Berg,\nAB12D,c@x.se,Bo Ek,bo@x.se\n",
     ROSTER_EMAIL, 4, "b@x.se"},
    {"pretix name parts", "Attendee name: Given name,Attendee name: Family name\nAnna,Berg\n",
     ROSTER_FIRST, 1, ""},
    {"Organisation, förvaltning", "Namn;\"Organisation, förvaltning\"\nAnna Berg;Miljö\n",
     ROSTER_ORG, 2, "Miljö"},
    {"Namn (för- och efternamn)", "Namn (för- och efternamn);Kommun\nAnna Berg;Örebro\n",
     ROSTER_NAME, 1, "Anna Berg"},
    {"Ditt namn", "Ditt namn;Din e-postadress\nAnna Berg;anna@x.se\n", ROSTER_NAME, 1, "Anna Berg"},
    {"Din e-postadress", "Ditt namn;Din e-postadress\nAnna Berg;anna@x.se\n", ROSTER_EMAIL, 2,
     "anna@x.se"},
    {"Förnamn och efternamn", "Förnamn och efternamn;Arbetsgivare\nAnna Berg;X\n", ROSTER_NAME, 1,
     "Anna Berg"},
    {"Ticket Type is no code", "Name,Ticket Type,Barcode #\nAnna Berg,Standard,K1\n", ROSTER_TICKET,
     3, "K1"},
    {"Biljett of types is no code", "Namn;Biljett\nAnna Berg;Standard\nBo Ek;Standard\n",
     ROSTER_TICKET, 0, ""},
    {"Device Name is no name", "Namn;Device Name\nAnna Berg;iPhone\n", ROSTER_NAME, 1, "Anna Berg"},
    {"Attendee Status", "First Name,Last Name,Attendee Status\nAnna,Berg,Attending\n",
     ROSTER_STATUS, 3, ""},
    {"Anmälningsstatus", "Namn;Anmälningsstatus\nAnna Berg;Bekräftad\n", ROSTER_STATUS, 2, ""},
};

static const char *field_of(const RosterEntry *e, RosterField f)
{
    switch (f) {
    case ROSTER_NAME: return e->name;
    case ROSTER_ORG: return e->organisation;
    case ROSTER_ROLE: return e->role;
    case ROSTER_EMAIL: return e->email;
    case ROSTER_TICKET: return e->ticket;
    default: return "";
    }
}

static void test_columns_from_the_synonym_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(synonyms); i++) {
        const char *row = synonyms[i].what;
        Roster r;
        RosterReport rep;
        read_ok(row, synonyms[i].text, NULL, &r, &rep);
        CHECK_INT(row, rep.field[synonyms[i].field].column, synonyms[i].column);
        CHECK(row, rep.field[synonyms[i].field].why[0] != '\0');
        if (synonyms[i].value[0] && r.count) {
            CHECK_STR(row, field_of(&r.entries[0], synonyms[i].field), synonyms[i].value);
        }
        roster_free(&r);
        roster_report_free(&rep);
    }
}

/* Microsoft Forms open to anyone: "anonymous" in the built-in E-post, the built-in Namn
 * empty, the name in a question column. No refusal, no "already used". */
static void test_forms_open_to_anyone(void **state)
{
    (void)state;
    static const char text[] =
        "ID;Starttid;Sluttid;E-post;Namn;Tid för senaste ändring;Namn (för- och efternamn);"
        "Organisation, förvaltning\n"
        "1;a;b;anonymous;;;Anna Berg;Miljö\n"
        "2;a;b;anonymous;;;Bo Ek;Kultur\n"
        "3;a;b;anonymous;;;Cia Falk;Miljö\n";
    Roster r;
    RosterReport rep;
    read_ok("forms", text, NULL, &r, &rep);
    assert_int_equal(r.count, 3);
    assert_int_equal(rep.field[ROSTER_EMAIL].column, 0);
    assert_non_null(strstr(rep.field[ROSTER_EMAIL].why, "anonymous"));
    assert_int_equal(rep.field[ROSTER_NAME].column, 7);
    assert_non_null(strstr(rep.field[ROSTER_NAME].why, "column 5 \"Namn\" is empty"));
    for (size_t i = 0; i < r.count; i++) {
        assert_string_equal(r.entries[i].email, "");
        assert_true(strncmp(r.entries[i].key, "n:", 2) == 0);
    }
    assert_string_equal(r.entries[1].organisation, "Kultur");
    roster_free(&r);
    roster_report_free(&rep);
}

/* "Efternamn, Förnamn" when most names hold exactly one comma; said with a count. */
static void test_last_name_first(void **state)
{
    (void)state;
    Roster r;
    RosterReport rep;
    read_ok("most", "Namn;Företag\nLejdberg, Karin;X\naf Klinteberg, Ulla;Y\nPer Öberg;Z\n", NULL,
            &r, &rep);
    assert_string_equal(r.entries[0].name, "Karin Lejdberg");
    assert_string_equal(r.entries[1].name, "Ulla af Klinteberg");
    assert_string_equal(r.entries[2].name, "Per Öberg");
    assert_int_equal(rep.swapped, 2);
    assert_true(warned(&rep, "Efternamn, Förnamn"));
    assert_true(warned(&rep, "2 of 3"));
    roster_free(&r);
    roster_report_free(&rep);

    read_ok("few", "Namn;Företag\nLejdberg, Karin;X\nUlla Berg;Y\nPer Öberg;Z\n", NULL, &r, &rep);
    assert_string_equal(r.entries[0].name, "Lejdberg, Karin");
    assert_int_equal(rep.swapped, 0);
    assert_true(warned(&rep, "stored as written"));
    roster_free(&r);
    roster_report_free(&rep);

    /* First and last name columns are never turned. */
    read_ok("parts", "Förnamn;Efternamn\nKarin;Lejdberg, jr\n", NULL, &r, &rep);
    assert_string_equal(r.entries[0].name, "Karin Lejdberg, jr");
    roster_free(&r);
    roster_report_free(&rep);
}

/* Rows that are never people, and rows of people not coming: skipped, listed, counted. */
static const struct {
    const char *what;
    const char *row; /* below "Namn;Företag;Status" and a first person */
    bool person;
    const char *why; /* words of the skip reason */
} rows[] = {
    {"totals", "Totalt 10;;", false, "totals"},
    {"totals in two cells", "Summa;;12", false, "totals"},
    {"total with colon", "Total: 10;;", false, "totals"},
    {"antal deltagare", "Antal deltagare;25;", false, "totals"},
    {"a person named Total", "Totalt Andersson;X;", true, NULL},
    {"repeated header", "Namn;Företag;Status", false, "header row again"},
    {"repeated header other case", "NAMN;FÖRETAG;STATUS", false, "header row again"},
    {"section title", "Förvaltning Miljö:;;", false, "section"},
    {"refunded", "Bo Ek;X;Refunded", false, "Refunded"},
    {"not attending", "Bo Ek;X;Not Attending", false, "not expected"},
    {"canceled", "Bo Ek;X;canceled", false, "not expected"},
    {"expired", "Bo Ek;X;expired", false, "not expected"},
    {"avbokad", "Bo Ek;X;Avbokad", false, "not expected"},
    {"återbud", "Bo Ek;X;Återbud", false, "not expected"},
    {"transferred", "Bo Ek;X;Transferred", false, "not expected"},
    {"attending", "Bo Ek;X;Attending", true, NULL},
    {"checked in", "Bo Ek;X;Checked In", true, NULL},
    {"paid", "Bo Ek;X;paid", true, NULL},
    {"pending", "Bo Ek;X;pending", true, NULL},
    {"no name", ";X;", false, "no name"},
};

static void test_rows_that_are_not_people(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        const char *row = rows[i].what;
        char text[256];
        snprintf(text, sizeof text, "Namn;Företag;Status\nAnna Berg;X;Attending\n%s\nCia Falk;Y;\n",
                 rows[i].row);
        Roster r;
        RosterReport rep;
        read_ok(row, text, NULL, &r, &rep);
        CHECK_INT(row, r.count, rows[i].person ? 3 : 2);
        const char *why = skip_of(&rep, 3);
        if (rows[i].person) {
            CHECK(row, why == NULL);
        } else {
            CHECK(row, why != NULL && strstr(why, rows[i].why) != NULL);
            CHECK_INT(row, r.entries[1].line, 4);
        }
        bool status = why && strstr(why, "not expected");
        CHECK_INT(row, rep.not_expected, status ? 1 : 0);
        roster_free(&r);
        roster_report_free(&rep);
    }
}

/* A shared address (kansli@, a group order) is a warning naming the rows, not a refusal;
 * it is then no identity for them. A row with no name is skipped, said with a count. */
static void test_shared_address_and_nameless_rows(void **state)
{
    (void)state;
    Roster r;
    RosterReport rep;
    read_ok("shared",
            "Namn;Företag;E-post\nAnna Berg;KF;kansli@kf.se\nBo Ek;KF;Kansli@KF.se\n"
            "Cia Falk;X;cia@x.se\n;KF;lunch@kf.se\n",
            NULL, &r, &rep);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.entries[0].key, "n:anna berg|kf");
    assert_string_equal(r.entries[1].key, "n:bo ek|kf");
    assert_string_equal(r.entries[1].email, "Kansli@KF.se");
    assert_string_equal(r.entries[2].key, "e:cia@x.se");
    assert_true(
        warned(&rep, "kansli@kf.se is shared by 2 people: Anna Berg (line 2), Bo Ek (line 3)"));
    assert_true(warned(&rep, "1 row with an e-mail address or ticket code but no name"));
    assert_non_null(strstr(skip_of(&rep, 5), "no name"));
    roster_free(&r);
    roster_report_free(&rep);
}

/* --column: a header or a number for a field, or none; an unknown header is refused. */
static void test_column_option(void **state)
{
    (void)state;
    static const char text[] = "Namn;Företag;Förvaltning;E-post\nAnna Berg;X AB;Miljö;a@x.se\n";
    RosterOptions opt = {0};
    opt.column[ROSTER_ORG] = "förvaltning";
    opt.column[ROSTER_EMAIL] = "";
    Roster r;
    RosterReport rep;
    read_ok("override", text, &opt, &r, &rep);
    assert_string_equal(r.entries[0].organisation, "Miljö");
    assert_string_equal(r.entries[0].email, "");
    assert_int_equal(rep.field[ROSTER_ORG].column, 3);
    assert_non_null(strstr(rep.field[ROSTER_ORG].why, "--column"));
    roster_free(&r);
    roster_report_free(&rep);

    opt.column[ROSTER_ORG] = "2";
    opt.column[ROSTER_EMAIL] = NULL;
    read_ok("by number", text, &opt, &r, &rep);
    assert_string_equal(r.entries[0].organisation, "X AB");
    roster_free(&r);
    roster_report_free(&rep);

    /* A name column the synonyms do not know, named by the organiser. */
    RosterOptions who = {0};
    who.column[ROSTER_NAME] = "Deltagare";
    read_ok("unknown name header", "Nr;Deltagare\n1;Anna Berg\n", &who, &r, &rep);
    assert_string_equal(r.entries[0].name, "Anna Berg");
    roster_free(&r);
    roster_report_free(&rep);

    opt.column[ROSTER_ORG] = "Avdelning";
    char err[512];
    int rc = roster_read_mem("mem.csv", text, strlen(text), &opt, &r, &rep, err, sizeof err);
    check_refused("unknown header", rc, err, "mem.csv:1: ", "Avdelning", &r);
    assert_non_null(strstr(err, "\"Förvaltning\""));
    roster_report_free(&rep);

    assert_int_equal(roster_field_parse("e-post"), ROSTER_EMAIL);
    assert_int_equal(roster_field_parse("Organisation"), ROSTER_ORG);
    assert_int_equal(roster_field_parse("biljett"), ROSTER_TICKET);
    assert_int_equal(roster_field_parse("färg"), -1);
    assert_string_equal(roster_field_name(ROSTER_EMAIL), "email");
}

/* Ticket codes Excel destroyed (scientific notation) are not stored; the people stay. */
static void test_destroyed_ticket_codes(void **state)
{
    (void)state;
    Roster r;
    RosterReport rep;
    read_ok("excel", "Namn;Barcode #\nAnna Berg;8,82001E+17\nBo Ek;8,82001E+17\nCia Falk;K-3\n",
            NULL, &r, &rep);
    assert_int_equal(r.count, 3);
    assert_string_equal(r.entries[0].ticket, "");
    assert_string_equal(r.entries[1].ticket, "");
    assert_string_equal(r.entries[2].ticket, "K-3");
    assert_true(warned(&rep, "Barcode #"));
    assert_true(warned(&rep, "E+17"));
    roster_free(&r);
    roster_report_free(&rep);
}

/* What the file is, for the organiser: Windows-1252 is converted and said. */
static void test_file_is_described(void **state)
{
    (void)state;
    Roster r;
    RosterReport rep;
    read_ok("cp1252",
            "F\xf6rnamn;Efternamn\nBj\xf6rn;\xc5"
            "berg\n",
            NULL, &r, &rep);
    assert_string_equal(r.entries[0].name, "Björn Åberg");
    assert_non_null(strstr(rep.file, "Windows-1252"));
    roster_free(&r);
    roster_report_free(&rep);
    read_ok("tab", "Namn\tFöretag\nAnna\tX\n", NULL, &r, &rep);
    assert_int_equal(r.separator, '\t');
    assert_non_null(strstr(rep.file, "tab"));
    roster_free(&r);
    roster_report_free(&rep);
}

/* A consent asked with one checkbox: the option's text when ticked, empty when not. */
static void test_checkbox_consent(void **state)
{
    (void)state;
    static const char ticked[] =
        "Namn;Samtycke deltagarlista\n"
        "Anna Berg;\"Jag godkänner att mitt namn visas på deltagarlistan;\"\n"
        "Bo Ek;\n"
        "Cia Falk;\"Jag godkänner att mitt namn visas på deltagarlistan;\"\n";
    Roster r;
    RosterReport rep;
    read_ok("ticked", ticked, NULL, &r, &rep);
    assert_int_equal(r.entries[0].consent, 1);
    assert_int_equal(r.entries[1].consent, 0);
    assert_int_equal(r.entries[2].consent, 1);
    assert_int_equal(rep.consent.unclear, 0);
    assert_non_null(strstr(rep.field[ROSTER_CONSENT].why, "ticked box"));
    roster_free(&r);
    roster_report_free(&rep);

    /* Two different texts, or a text that refuses, are not a tick: unclear, so no. */
    static const char other[] = "Namn;Samtycke deltagarlista\nAnna Berg;Jag godkänner\n"
                                "Bo Ek;Jag vill gärna\nCia Falk;Jag godkänner\n";
    read_ok("two texts", other, NULL, &r, &rep);
    for (size_t i = 0; i < r.count; i++) {
        assert_int_equal(r.entries[i].consent, 0);
    }
    assert_int_equal(rep.consent.unclear, 3);
    roster_free(&r);
    roster_report_free(&rep);
    static const char refusal[] = "Namn;Samtycke deltagarlista\nAnna Berg;Visa inte mitt namn\n"
                                  "Bo Ek;Visa inte mitt namn\n";
    read_ok("refusal", refusal, NULL, &r, &rep);
    assert_int_equal(r.entries[0].consent, 0);
    assert_int_equal(r.entries[1].consent, 0);
    roster_free(&r);
    roster_report_free(&rep);
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
        cmocka_unit_test(test_header_is_found),
        cmocka_unit_test(test_teams_report),
        cmocka_unit_test(test_teams_suffixes_are_dropped),
        cmocka_unit_test(test_columns_from_the_synonym_table),
        cmocka_unit_test(test_forms_open_to_anyone),
        cmocka_unit_test(test_last_name_first),
        cmocka_unit_test(test_rows_that_are_not_people),
        cmocka_unit_test(test_shared_address_and_nameless_rows),
        cmocka_unit_test(test_column_option),
        cmocka_unit_test(test_destroyed_ticket_codes),
        cmocka_unit_test(test_file_is_described),
        cmocka_unit_test(test_checkbox_consent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
