/* roster_columns: which row is the header and which column holds which field (see
 * roster.h for the rules and roster.c for the passes; shared parts in roster_private.h).
 *
 * The synonym table, the matching of a header by its words, the shape of each row below
 * the header (blank, a section heading, the header again, a totals row, or data), and
 * the content checks that choose among columns naming the same field.
 */
#include "core/roster_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- the table of headers --------------------------------------------------------- */

/* Headers folded (lower case, no accents) with everything but letters and digits
 * dropped, and their rank (see roster_private.h). */
static const struct {
    const char *header;
    RosterField field;
    int rank;
} HEADERS[] = {
    {"namn", ROSTER_NAME, 0},
    {"name", ROSTER_NAME, 0},
    {"fullstandigtnamn", ROSTER_NAME, 0},
    {"fullname", ROSTER_NAME, 0},
    {"attendeename", ROSTER_NAME, 0}, /* pretix */
    {"deltagarnamn", ROSTER_NAME, 0},
    {"deltagarensnamn", ROSTER_NAME, 0},
    {"participantname", ROSTER_NAME, 0},
    {"fornamnochefternamn", ROSTER_NAME, 0},
    {"firstandlastname", ROSTER_NAME, 0},
    {"fornamn", ROSTER_FIRST, 0},
    {"firstname", ROSTER_FIRST, 0},
    {"givenname", ROSTER_FIRST, 0},
    {"attendeenamegivenname", ROSTER_FIRST, 0}, /* pretix, name in parts */
    {"efternamn", ROSTER_LAST, 0},
    {"lastname", ROSTER_LAST, 0},
    {"surname", ROSTER_LAST, 0},
    {"familyname", ROSTER_LAST, 0},
    {"attendeenamefamilyname", ROSTER_LAST, 0},
    {"organisation", ROSTER_ORG, 0},
    {"organization", ROSTER_ORG, 0},
    {"foretag", ROSTER_ORG, 0},
    {"company", ROSTER_ORG, 0},
    {"org", ROSTER_ORG, 0},
    {"arbetsgivare", ROSTER_ORG, 0},
    {"forvaltning", ROSTER_ORG, 0},
    {"myndighet", ROSTER_ORG, 0},
    {"kommun", ROSTER_ORG, 0},
    {"arbetsplats", ROSTER_ORG, 0},
    {"employer", ROSTER_ORG, 0},
    {"roll", ROSTER_ROLE, 0},
    {"titel", ROSTER_ROLE, 0},
    {"title", ROSTER_ROLE, 0},
    {"role", ROSTER_ROLE, 0},
    {"befattning", ROSTER_ROLE, 0},
    {"jobtitle", ROSTER_ROLE, 0},
    {"yrkesroll", ROSTER_ROLE, 0},
    {"yrkestitel", ROSTER_ROLE, 0},
    {"position", ROSTER_ROLE, 0},
    {"tjanstetitel", ROSTER_ROLE, 0},
    /* The attendee's own address wins over the order's (pretix writes both). */
    {"attendeeemail", ROSTER_EMAIL, 0},
    {"deltagarensepost", ROSTER_EMAIL, 0},
    {"epost", ROSTER_EMAIL, 1},
    {"email", ROSTER_EMAIL, 1},
    {"mail", ROSTER_EMAIL, 1},
    {"epostadress", ROSTER_EMAIL, 1},
    {"emailaddress", ROSTER_EMAIL, 1},
    {"emailadress", ROSTER_EMAIL, 1},
    {"mejl", ROSTER_EMAIL, 1},
    {"mejladress", ROSTER_EMAIL, 1},
    /* Tools often export both "Biljett" (the ticket type, "Standard") and "Biljettkod"
     * (the code): the code is what the door scans. */
    {"biljettkod", ROSTER_TICKET, 0},
    {"ticketcode", ROSTER_TICKET, 0},
    {"kod", ROSTER_TICKET, 0},
    {"code", ROSTER_TICKET, 0},
    {"barcode", ROSTER_TICKET, 0}, /* Eventbrite "Barcode #" */
    {"streckkod", ROSTER_TICKET, 0},
    {"secret", ROSTER_TICKET, 0}, /* pretix: what the ticket's QR code holds */
    {"ticketsecret", ROSTER_TICKET, 0},
    {"biljettnummer", ROSTER_TICKET, 0},
    {"ticketnumber", ROSTER_TICKET, 0},
    {"qrkod", ROSTER_TICKET, 0},
    {"qrcode", ROSTER_TICKET, 0},
    {"biljett", ROSTER_TICKET, 1},
    {"ticket", ROSTER_TICKET, 1},
    {"status", ROSTER_STATUS, 0},
    {"attendeestatus", ROSTER_STATUS, 0}, /* Eventbrite */
    {"orderstatus", ROSTER_STATUS, 0},    /* pretix */
    {"anmalningsstatus", ROSTER_STATUS, 0},
    {"bokningsstatus", ROSTER_STATUS, 0},
    {"deltagarstatus", ROSTER_STATUS, 0},
    {"registrationstatus", ROSTER_STATUS, 0},
    /* A bare consent; a header that names the list (rank 0) is more certain. */
    {"samtycke", ROSTER_CONSENT, 1},
    {"samtycker", ROSTER_CONSENT, 1},
    {"consent", ROSTER_CONSENT, 1},
    /* New to the network: the board marks them so the hosts can welcome them. */
    {"nyinatverket", ROSTER_FIRST_TIME, 0},
    {"nymedlem", ROSTER_FIRST_TIME, 0},
    {"forstagangen", ROSTER_FIRST_TIME, 0},
    {"forstagang", ROSTER_FIRST_TIME, 0},
    {"forstatraffen", ROSTER_FIRST_TIME, 0},
    {"firsttime", ROSTER_FIRST_TIME, 0},
    {"firsttimer", ROSTER_FIRST_TIME, 0},
    {"newmember", ROSTER_FIRST_TIME, 0},
    {"newtothenetwork", ROSTER_FIRST_TIME, 0},
};

/* Words dropped from a header before it is matched again: "Ditt namn", "Ange din
 * e-postadress", "Your company". */
static const char *const FILLER_WORDS[] = {
    "ditt", "din",   "dina",   "ert",   "er", "mitt", "min", "ange", "skriv",    "fyll",
    "i",    "vad",   "ar",     "heter", "du", "och",  "pa",  "for",  "vanligen", "your",
    "my",   "enter", "please", "what",  "is", "the",  "a",   "of",   "and",      "here",
};

/* Parts of a header that make it about a field when it is not in the table. */
static const char *const TICKET_PARTS[] = {"biljettkod",   "biljettnummer", "ticketcode",
                                           "ticketnumber", "barcode",       "streckkod",
                                           "qrkod",        "qrcode",        "secret"};
static const char *const EMAIL_PARTS[] = {"epost", "mail", "mejl"};
static const char *const ORG_PARTS[] = {"organisation", "organization", "foretag",
                                        "company",      "arbetsgivare", "forvaltning",
                                        "myndighet",    "arbetsplats",  "employer"};
static const char *const FIRST_PARTS[] = {"fornamn", "firstname", "givenname"};
/* "Är du ny i nätverket?" loses its "i" with the filler words. */
static const char *const FIRST_TIME_PARTS[] = {"nyinatverk", "nynatverk",      "nymedlem",
                                               "forstagang", "forstatraffen",  "firsttime",
                                               "newmember",  "newtothenetwork"};
static const char *const LAST_PARTS[] = {"efternamn", "lastname", "familyname", "surname"};
static const char *const ROLE_WORDS[] = {"roll",       "role",      "titel",   "title",
                                         "befattning", "yrkesroll", "position"};
static const char *const NAME_WORDS[] = {"namn", "name"};
static const char *const NAME_QUALIFIERS[] = {
    "namn",        "name",      "full",     "fullstandigt", "fullstandiga", "hela",
    "deltagarens", "deltagare", "attendee", "participant",  "person",       "personens"};
/* A header about who paid, not who comes: used only when nothing better is there. */
static const char *const BUYER_PARTS[] = {"buyer",   "kopare",  "bestallare", "order",
                                          "invoice", "faktura", "purchaser"};

/* Consent is matched by a part of its header, because registration forms put the whole
 * question there ("Får vi visa ditt namn på deltagarlistan?"). What decides is that the
 * header names the shared participant list: a header that only mentions consent may be
 * consent to a newsletter or to photos, and taking that would put people on a list they
 * never agreed to. Nor is a header about the list taken when one of its words makes it a
 * refusal ("Visa inte på deltagarlistan"): there a mark means no. */
static const char *const LIST_PARTS[] = {
    "deltagarlist",     "deltagarforteckning", "participantlist",
    "participantslist", "attendeelist",        "attendeeslist",
};
static const char *const CONSENT_PARTS[] = {"samtyck", "consent"};
static const char *const REFUSAL_WORDS[] = {
    "inte", "ej",  "icke", "ingen", "aldrig", "dolj",    "undanta", "avboj",    "avbojer",
    "not",  "don", "dont", "never", "hide",   "exclude", "decline", "declined", "optout",
};

/* The meeting roles Teams writes in its Role column (folded, spaces dropped). */
static const char *const TEAMS_ROLES[] = {"organizer",      "organiser",   "coorganizer",
                                          "presenter",      "attendee",    "organisator",
                                          "medorganisator", "presentator", "deltagare"};

/* First words of a totals row, and the words that may follow them. */
static const char *const TOTAL_WORDS[] = {"totalt", "total", "totals", "summa",
                                          "sum",    "antal", "count",  "grand"};
static const char *const TOTAL_TAIL[] = {"total",    "antal",        "deltagare", "anmalda",
                                         "personer", "registrerade", "attendees", "participants",
                                         "people",   "rows",         "rader",     "st",
                                         "count",    "sum",          "of"};

/* Section headings of a Teams attendance report and others like it (folded, squeezed). */
static const char *const SECTION_NAMES[] = {"summary",
                                            "sammanfattning",
                                            "participants",
                                            "inmeetingactivities",
                                            "aktiviteterundermotet",
                                            "meetingsummary",
                                            "motessammanfattning"};

/* What each field is called in messages and in --column. */
const char *const rosterp_field_names[ROSTER_FIELDS] = {
    [ROSTER_NAME] = "name",        [ROSTER_FIRST] = "first",     [ROSTER_LAST] = "last",
    [ROSTER_ORG] = "organisation", [ROSTER_ROLE] = "role",       [ROSTER_EMAIL] = "email",
    [ROSTER_TICKET] = "ticket",    [ROSTER_CONSENT] = "consent", [ROSTER_STATUS] = "status",
    [ROSTER_FIRST_TIME] = "new",
};
const char *const rosterp_field_words[ROSTER_FIELDS] = {
    [ROSTER_NAME] = "name",          [ROSTER_FIRST] = "first name",
    [ROSTER_LAST] = "last name",     [ROSTER_ORG] = "organisation",
    [ROSTER_ROLE] = "role",          [ROSTER_EMAIL] = "e-mail address",
    [ROSTER_TICKET] = "ticket code", [ROSTER_CONSENT] = "consent",
    [ROSTER_STATUS] = "status",      [ROSTER_FIRST_TIME] = "first-time mark",
};

static bool contains_any(const char *s, const char *const *parts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strstr(s, parts[i])) {
            return true;
        }
    }
    return false;
}

/* True if one of the space-separated words of s is in words. */
static bool has_word(const char *s, const char *const *words, size_t n)
{
    for (const char *w = s; *w;) {
        size_t len = strcspn(w, " ");
        for (size_t i = 0; i < n; i++) {
            if (strlen(words[i]) == len && memcmp(w, words[i], len) == 0) {
                return true;
            }
        }
        w += len;
        w += *w == ' ';
    }
    return false;
}

/* True if every space-separated word of s is in words (and s has one). */
static bool all_words_in(const char *s, const char *const *words, size_t n)
{
    bool any = false;
    for (const char *w = s; *w;) {
        size_t len = strcspn(w, " ");
        bool found = false;
        for (size_t i = 0; i < n && !found; i++) {
            found = strlen(words[i]) == len && memcmp(w, words[i], len) == 0;
        }
        if (!found) {
            return false;
        }
        any = true;
        w += len;
        w += *w == ' ';
    }
    return any;
}

/* True if s (cleaned) is a number as a totals row writes it: digits, spaces, ".,:". */
static bool is_number(const char *s)
{
    bool digit = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digit = true;
        } else if (*s != ' ' && *s != '.' && *s != ',' && *s != ':') {
            return false;
        }
    }
    return digit;
}

/* ---- 1. headers ---------------------------------------------------------------------- */

/* Drops text in parentheses or brackets and the filler words; writes the rest folded,
 * words apart. */
static void strip_header(char *dst, size_t cap, const char *src)
{
    char plain[HEADER_KEY * 2];
    size_t n = 0;
    int depth = 0;
    for (const char *s = src; *s && n + 1 < sizeof plain; s++) {
        if (*s == '(' || *s == '[') {
            depth++;
        } else if ((*s == ')' || *s == ']') && depth > 0) {
            depth--;
        } else if (depth == 0) {
            plain[n++] = *s;
        }
    }
    plain[n] = '\0';
    char words[HEADER_KEY * 2];
    rosterp_fold_words(words, sizeof words, plain, false);
    size_t m = 0;
    dst[0] = '\0';
    for (const char *w = words; *w;) {
        size_t len = strcspn(w, " ");
        bool filler = false;
        for (size_t i = 0; i < ROSTER_COUNT(FILLER_WORDS) && !filler; i++) {
            filler = strlen(FILLER_WORDS[i]) == len && memcmp(w, FILLER_WORDS[i], len) == 0;
        }
        if (!filler && m + len + 2 < cap) {
            if (m) {
                dst[m++] = ' ';
            }
            memcpy(dst + m, w, len);
            m += len;
            dst[m] = '\0';
        }
        w += len;
        w += *w == ' ';
    }
}

static void squeeze(char *dst, size_t cap, const char *words)
{
    size_t n = 0;
    for (const char *s = words; *s && n + 1 < cap; s++) {
        if (*s != ' ') {
            dst[n++] = *s;
        }
    }
    dst[n] = '\0';
}

static int table_lookup(const char *key, RosterField *f)
{
    for (size_t i = 0; i < ROSTER_COUNT(HEADERS); i++) {
        if (strcmp(HEADERS[i].header, key) == 0) {
            *f = HEADERS[i].field;
            return HEADERS[i].rank;
        }
    }
    return -1;
}

/* What a header names. Returns the rank (lower is more certain) and the field, or -1.
 * Consent headers about the list rank 0, a bare consent 1; a consent header that is not
 * taken (about something else, or a refusal) gives -1 with *unused set, and refusal. */
static int classify(const char *header, RosterField *f, bool *unused, bool *refusal)
{
    char whole[HEADER_KEY], words[HEADER_KEY], stripped[HEADER_KEY], key[HEADER_KEY];
    if (unused) {
        *unused = false;
    }
    if (refusal) {
        *refusal = false;
    }
    rosterp_fold_words(whole, sizeof whole, header, true);
    if (!whole[0]) {
        return -1;
    }
    int rank = table_lookup(whole, f);
    if (rank >= 0) {
        return rank;
    }

    rosterp_fold_words(words, sizeof words, header, false);
    bool list = contains_any(whole, LIST_PARTS, ROSTER_COUNT(LIST_PARTS));
    if (list || contains_any(whole, CONSENT_PARTS, ROSTER_COUNT(CONSENT_PARTS))) {
        bool refuses =
            strstr(whole, "optout") || has_word(words, REFUSAL_WORDS, ROSTER_COUNT(REFUSAL_WORDS));
        if (list && !refuses) {
            *f = ROSTER_CONSENT;
            return 0;
        }
        if (unused) {
            *unused = true;
        }
        if (refusal) {
            *refusal = refuses;
        }
        return -1;
    }

    strip_header(stripped, sizeof stripped, header);
    squeeze(key, sizeof key, stripped);
    if (!key[0]) {
        return -1;
    }
    rank = table_lookup(key, f);
    if (rank >= 0) {
        return rank + RANK_STRIPPED;
    }

    /* By the words it holds. */
    int word = contains_any(key, BUYER_PARTS, ROSTER_COUNT(BUYER_PARTS)) ? RANK_BUYER : RANK_WORD;
    if (strstr(key, "status")) {
        *f = ROSTER_STATUS;
        return word;
    }
    if (contains_any(key, TICKET_PARTS, ROSTER_COUNT(TICKET_PARTS))) {
        *f = ROSTER_TICKET;
        return word;
    }
    if (contains_any(key, EMAIL_PARTS, ROSTER_COUNT(EMAIL_PARTS))) {
        *f = ROSTER_EMAIL;
        return word;
    }
    if (contains_any(key, ORG_PARTS, ROSTER_COUNT(ORG_PARTS))) {
        *f = ROSTER_ORG;
        return word;
    }
    if (contains_any(key, FIRST_TIME_PARTS, ROSTER_COUNT(FIRST_TIME_PARTS))) {
        *f = ROSTER_FIRST_TIME;
        return word;
    }
    bool first = contains_any(key, FIRST_PARTS, ROSTER_COUNT(FIRST_PARTS));
    bool last = contains_any(key, LAST_PARTS, ROSTER_COUNT(LAST_PARTS));
    if (first || last) {
        *f = first && last ? ROSTER_NAME : first ? ROSTER_FIRST : ROSTER_LAST;
        return word;
    }
    if (has_word(stripped, ROLE_WORDS, ROSTER_COUNT(ROLE_WORDS))) {
        *f = ROSTER_ROLE;
        return word;
    }
    if (has_word(stripped, NAME_WORDS, ROSTER_COUNT(NAME_WORDS)) &&
        all_words_in(stripped, NAME_QUALIFIERS, ROSTER_COUNT(NAME_QUALIFIERS))) {
        *f = ROSTER_NAME;
        return word;
    }
    return -1;
}

/* A header given with --column matches a cell when both fold to the same text. */
static bool header_is(const char *cell_text, const char *want)
{
    char a[HEADER_KEY], b[HEADER_KEY];
    rosterp_fold_words(a, sizeof a, cell_text, true);
    rosterp_fold_words(b, sizeof b, want, true);
    return a[0] && strcmp(a, b) == 0;
}

/* "3" names the third column. */
static int column_number(const char *s)
{
    if (!*s || strlen(s) > 4) {
        return 0;
    }
    int n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') {
            return 0;
        }
        n = n * 10 + (*s - '0');
    }
    return n;
}

/* How well a row does as the header: the number of different fields its cells name, or
 * 0 if none of them is a name. */
static int header_score(const Parse *p, const SheetRow *row)
{
    bool seen[ROSTER_FIELDS] = {false};
    int nonblank = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        const char *s = row->cells[c];
        if (rosterp_is_blank(s)) {
            continue;
        }
        nonblank++;
        RosterField f;
        if (classify(s, &f, NULL, NULL) >= 0) {
            seen[f] = true;
        }
        for (int g = 0; g < ROSTER_FIELDS; g++) {
            const char *want = p->opt ? p->opt->column[g] : NULL;
            if (want && *want && !column_number(want) && header_is(s, want)) {
                seen[g] = true;
            }
        }
    }
    if (!seen[ROSTER_NAME] && !seen[ROSTER_FIRST] && !seen[ROSTER_LAST]) {
        return 0;
    }
    int score = 0;
    for (int g = 0; g < ROSTER_FIELDS; g++) {
        score += seen[g];
    }
    /* A lone cell that happens to read "Namn" is a title, unless the file has one column. */
    return nonblank >= 2 || row->ncells == 1 ? score : 0;
}

bool rosterp_find_header(Parse *p)
{
    const Sheet *sh = p->sh;
    int best = 0, looked = 0;
    size_t first = sh->count;
    for (size_t i = 0; i < sh->count && looked < ROSTER_HEADER_SCAN; i++) {
        const SheetRow *row = &sh->rows[i];
        bool blank = true;
        for (size_t c = 0; c < row->ncells && blank; c++) {
            blank = rosterp_is_blank(row->cells[c]);
        }
        if (blank) {
            continue;
        }
        if (first == sh->count) {
            first = i;
        }
        looked++;
        int score = header_score(p, row);
        if (score > best) {
            best = score;
            p->hdr = i;
        }
    }
    if (first == sh->count) {
        rosterp_fail(p, 0, "the file is empty; export the attendee list with its header row");
        return false;
    }
    if (best == 0) {
        const SheetRow *row = &sh->rows[first];
        rosterp_fail(
            p, row->line,
            "no name column in a header row (looked at the first %d rows); name a column Namn "
            "or Name (or Förnamn and Efternamn, or First name and Last name), or say which "
            "column holds the name with --column name=HEADER%s",
            ROSTER_HEADER_SCAN,
            row->ncells == 1 ? ", and separate columns with ';', ',' or a tab" : "");
        return false;
    }
    const SheetRow *h = &sh->rows[p->hdr];
    p->ncols = h->ncells;
    p->rep->header_line = h->line;
    p->rep->columns = (int)h->ncells;
    return true;
}

static void add_cand(Parse *p, RosterField f, int col, int rank)
{
    if (p->ncand[f] < MAX_CANDS) {
        p->cand[f][p->ncand[f]++] = (Cand){col, rank};
    }
}

/* Collects the candidate columns of every field from the header row; --column first. */
bool rosterp_header_candidates(Parse *p)
{
    const SheetRow *h = &p->sh->rows[p->hdr];
    RosterConsent *consent = &p->rep->consent;
    for (int f = 0; f < ROSTER_FIELDS; f++) {
        const char *want = p->opt ? p->opt->column[f] : NULL;
        if (!want) {
            continue;
        }
        RosterMapping *m = &p->rep->field[f];
        if (!*want) {
            p->ncand[f] = -1; /* none, on request */
            text_printf(m->why, sizeof m->why, "none, as --column %s= asks",
                        rosterp_field_names[f]);
            continue;
        }
        int num = column_number(want);
        int found = -1;
        for (size_t c = 0; c < h->ncells && found < 0; c++) {
            if (num ? (size_t)num == c + 1 : header_is(h->cells[c], want)) {
                found = (int)c;
            }
        }
        if (found < 0) {
            char cols[400] = "";
            size_t n = 0;
            for (size_t c = 0; c < h->ncells && n + 40 < sizeof cols; c++) {
                char q[ROSTER_QUOTE_MAX];
                rosterp_quote_cell(q, sizeof q, h->cells[c]);
                n += (size_t)snprintf(cols + n, sizeof cols - n, "%s\"%s\"", n ? ", " : "", q);
            }
            rosterp_fail(p, h->line,
                         "--column %s=%s: the header row has no such column; its columns are %s",
                         rosterp_field_names[f], want, cols);
            return false;
        }
        p->cand[f][0] = (Cand){found, -1};
        p->ncand[f] = -2; /* forced */
        text_printf(m->why, sizeof m->why, "chosen with --column %s=%s", rosterp_field_names[f],
                    want);
    }
    for (size_t c = 0; c < h->ncells; c++) {
        RosterField f;
        bool unused, refusal;
        int rank = classify(h->cells[c], &f, &unused, &refusal);
        if (rank >= 0 && p->ncand[f] >= 0) {
            add_cand(p, f, (int)c, rank);
        }
        if (unused && consent->unused_column == 0) {
            consent->unused_column = (int)c + 1;
            consent->unused_refusal = refusal;
            rosterp_quote_cell(consent->unused_header, sizeof consent->unused_header, h->cells[c]);
        }
    }
    return true;
}

/* ---- 2. the shape of the rows -------------------------------------------------------- */

static bool row_blank(const SheetRow *row)
{
    for (size_t c = 0; c < row->ncells; c++) {
        if (!rosterp_is_blank(row->cells[c])) {
            return false;
        }
    }
    return true;
}

/* The one non-blank cell of a row, or NULL if it has none or several. */
static const char *lone_cell(const SheetRow *row)
{
    const char *one = NULL;
    for (size_t c = 0; c < row->ncells; c++) {
        if (rosterp_is_blank(row->cells[c])) {
            continue;
        }
        if (one) {
            return NULL;
        }
        one = row->cells[c];
    }
    return one;
}

/* "3. In-Meeting Activities", "2) Deltagare", "Deltagare:", "Summary". */
/* A heading: 0 if the cell is none; 1 for a title within the table ("Förvaltning
 * Miljö:"), skipped alone; 2 for a numbered or known section ("3. In-Meeting Activities",
 * "Summary"), which after the people ends the table. */
static int is_heading(const char *s)
{
    char t[HEADER_KEY * 2];
    rosterp_quote_cell(t, sizeof t, s);
    const char *q = t;
    if (*q >= '0' && *q <= '9') {
        while (*q >= '0' && *q <= '9') {
            q++;
        }
        if ((*q == '.' || *q == ')') && q[1] == ' ' && q[2] && !(q[2] >= '0' && q[2] <= '9')) {
            return 2;
        }
    }
    char key[HEADER_KEY];
    rosterp_fold_words(key, sizeof key, t, true);
    if (rosterp_in_list(key, SECTION_NAMES, ROSTER_COUNT(SECTION_NAMES))) {
        return 2;
    }
    size_t n = strlen(t);
    return n > 1 && t[n - 1] == ':' ? 1 : 0;
}

/* "Totalt 10", "Summa;;;12", "Total: 10", "Antal deltagare;25". */
static bool is_totals(const SheetRow *row)
{
    size_t c = 0;
    while (c < row->ncells && rosterp_is_blank(row->cells[c])) {
        c++;
    }
    if (c == row->ncells) {
        return false;
    }
    char words[HEADER_KEY * 2];
    rosterp_fold_words(words, sizeof words, row->cells[c], false);
    size_t len = strcspn(words, " ");
    char first[32];
    if (len == 0 || len >= sizeof first) {
        return false;
    }
    memcpy(first, words, len);
    first[len] = '\0';
    if (!rosterp_in_list(first, TOTAL_WORDS, ROSTER_COUNT(TOTAL_WORDS))) {
        return false;
    }
    for (const char *w = words + len; *w;) {
        w += *w == ' ';
        size_t l = strcspn(w, " ");
        char word[32];
        if (l >= sizeof word) {
            return false;
        }
        memcpy(word, w, l);
        word[l] = '\0';
        if (!is_number(word) && !rosterp_in_list(word, TOTAL_TAIL, ROSTER_COUNT(TOTAL_TAIL))) {
            return false;
        }
        w += l;
    }
    for (size_t k = c + 1; k < row->ncells; k++) {
        char v[ROSTER_QUOTE_MAX];
        rosterp_quote_cell(v, sizeof v, row->cells[k]);
        if (v[0] && !is_number(v)) {
            return false;
        }
    }
    return true;
}

/* The header row again, as tools repeat it on each page or section. */
static bool is_header_again(const Parse *p, const SheetRow *row)
{
    const SheetRow *h = &p->sh->rows[p->hdr];
    int same = 0;
    for (size_t c = 0; c < row->ncells; c++) {
        if (rosterp_is_blank(row->cells[c])) {
            continue;
        }
        if (c >= h->ncells || strcmp(row->cells[c], h->cells[c]) != 0) {
            char a[HEADER_KEY], b[HEADER_KEY];
            rosterp_fold_words(a, sizeof a, row->cells[c], true);
            rosterp_fold_words(b, sizeof b, c < h->ncells ? h->cells[c] : "", true);
            if (strcmp(a, b) != 0) {
                return false;
            }
        }
        same++;
    }
    return same >= 2 || (same == 1 && p->ncols == 1);
}

static bool is_teams_role(const char *v)
{
    char key[32];
    rosterp_fold_words(key, sizeof key, v, true);
    return rosterp_in_list(key, TEAMS_ROLES, ROSTER_COUNT(TEAMS_ROLES));
}

static void count_value(ColStats *st, const char *v, int line)
{
    if (rosterp_is_blank(v)) {
        return;
    }
    if (st->filled++ == 0) {
        st->first_line = line;
        rosterp_quote_cell(st->first, sizeof st->first, v);
    }
    if (strchr(v, '@')) {
        st->addresses++;
    }
    char key[16];
    if (strlen(v) < 24) {
        rosterp_fold_words(key, sizeof key, v, true);
        if (strcmp(key, "anonymous") == 0 || strcmp(key, "anonym") == 0) {
            st->anonymous++;
        }
    }
    if (is_teams_role(v)) {
        st->teams_role++;
    }
}

/* Sorts the rows below the header into data and the rest, listing the rest, and counts
 * what the data rows hold in each column. */
bool rosterp_shape_rows(Parse *p)
{
    const Sheet *sh = p->sh;
    p->kind = calloc(sh->count ? sh->count : 1, 1);
    p->stats = calloc(p->ncols ? p->ncols : 1, sizeof *p->stats);
    if (!p->kind || !p->stats) {
        rosterp_fail(p, 0, "out of memory while reading");
        return false;
    }
    for (size_t i = 0; i < p->hdr; i++) {
        const SheetRow *row = &sh->rows[i];
        p->kind[i] = ROW_BLANK;
        if (row_blank(row)) {
            continue;
        }
        char q[SKIP_QUOTE];
        rosterp_quote_row(q, sizeof q, row);
        rosterp_skip(p, row->line, row->line, "above the header row: \"%s\"", q);
        p->kind[i] = ROW_SKIPPED;
    }
    p->kind[p->hdr] = ROW_SKIPPED;
    bool data_seen = false;
    bool outside = false; /* in a section after the table, until the header repeats */
    int out_from = 0, out_to = 0;
    char out_title[SKIP_QUOTE] = "";
    for (size_t i = p->hdr + 1; i < sh->count && !p->failed; i++) {
        const SheetRow *row = &sh->rows[i];
        if (row_blank(row)) {
            p->kind[i] = ROW_BLANK;
            continue;
        }
        p->kind[i] = ROW_SKIPPED;
        const char *lone = p->ncols > 1 ? lone_cell(row) : NULL;
        if (is_header_again(p, row)) {
            if (outside) {
                rosterp_skip(p, out_from, out_to, "section \"%s\": not the participant list",
                             out_title);
                outside = false;
            }
            rosterp_skip(p, row->line, row->line, "the header row again");
            continue;
        }
        if (outside) {
            out_to = row->line;
            continue;
        }
        int heading = lone ? is_heading(lone) : 0;
        if (heading) {
            char q[SKIP_QUOTE];
            rosterp_quote_cell(q, sizeof q, lone);
            if (data_seen && heading == 2) {
                /* A new section ends the table (Teams: "3. In-Meeting Activities"). */
                outside = true;
                out_from = out_to = row->line;
                memcpy(out_title, q, sizeof out_title);
            } else {
                rosterp_skip(p, row->line, row->line, "a section heading: \"%s\"", q);
            }
            continue;
        }
        if (is_totals(row)) {
            char q[SKIP_QUOTE];
            rosterp_quote_row(q, sizeof q, row);
            rosterp_skip(p, row->line, row->line, "a totals row: \"%s\"", q);
            continue;
        }
        p->kind[i] = ROW_DATA;
        data_seen = true;
        for (size_t c = 0; c < row->ncells && c < p->ncols; c++) {
            count_value(&p->stats[c], row->cells[c], row->line);
        }
    }
    if (outside) {
        rosterp_skip(p, out_from, out_to, "section \"%s\": not the participant list", out_title);
    }
    return !p->failed;
}

/* ---- 3. the columns ------------------------------------------------------------------ */

void rosterp_header_text(const Parse *p, int col, char *dst, size_t cap)
{
    rosterp_quote_cell(dst, cap, rosterp_cell(&p->sh->rows[p->hdr], col));
}

/* Why a candidate column cannot hold its field, judged by its content; NULL if it can.
 * why is filled for the report. */
static bool unusable(const Parse *p, RosterField f, const Cand *c, char *why, size_t cap)
{
    const ColStats *st = &p->stats[c->col];
    char h[ROSTER_QUOTE_MAX];
    rosterp_header_text(p, c->col, h, sizeof h);
    switch (f) {
    case ROSTER_EMAIL:
        if (st->filled && !st->addresses) {
            if (st->anonymous * 2 >= st->filled) {
                text_printf(why, cap,
                            "column %d \"%s\" is not used: its values are \"anonymous\" (a form "
                            "open to anyone), not addresses",
                            c->col + 1, h);
            } else {
                text_printf(why, cap,
                            "column %d \"%s\" is not used: no value in it is an e-mail address "
                            "(line %d: \"%s\")",
                            c->col + 1, h, st->first_line, st->first);
            }
            return true;
        }
        return false;
    case ROSTER_ROLE:
        if (st->filled && st->teams_role == st->filled) {
            text_printf(why, cap,
                        "column %d \"%s\" is not used: it holds Teams meeting roles (\"%s\"), not "
                        "job roles",
                        c->col + 1, h, st->first);
            return true;
        }
        return false;
    default: return false;
    }
}

static int cmp_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Ticket columns with a vague header ("Biljett") are used only if their values are
 * codes: a value shared by most rows is a ticket type. */
static bool ticket_values_repeat(const Parse *p, int col, char *sample, size_t cap)
{
    const Sheet *sh = p->sh;
    size_t n = 0;
    const char **vals = malloc((sh->count ? sh->count : 1) * sizeof *vals);
    if (!vals) {
        return false;
    }
    for (size_t i = p->hdr + 1; i < sh->count; i++) {
        const char *v = rosterp_cell(&sh->rows[i], col);
        if (p->kind[i] == ROW_DATA && !rosterp_is_blank(v)) {
            vals[n++] = v;
        }
    }
    size_t repeats = 0;
    qsort(vals, n, sizeof *vals, cmp_text);
    for (size_t i = 1; i < n; i++) {
        if (strcmp(vals[i], vals[i - 1]) == 0) {
            if (repeats++ == 0) {
                rosterp_quote_cell(sample, cap, vals[i]);
            }
        }
    }
    free(vals);
    return n >= 2 && repeats * 2 >= n;
}

void rosterp_choose_columns(Parse *p)
{
    RosterReport *rep = p->rep;
    for (int f = 0; f < ROSTER_FIELDS; f++) {
        RosterMapping *m = &rep->field[f];
        p->col[f] = -1;
        if (p->ncand[f] == -1) {
            continue; /* none on request */
        }
        if (p->ncand[f] == -2) {
            int c = p->cand[f][0].col;
            p->col[f] = c;
            m->column = c + 1;
            rosterp_header_text(p, c, m->header, sizeof m->header);
            if (f == ROSTER_NAME) {
                p->name_cols[p->nname_cols++] = c;
            }
            if (f == ROSTER_EMAIL) {
                p->email_cols[p->nemail_cols++] = c;
            }
            continue;
        }
        int n = p->ncand[f];
        Cand order[MAX_CANDS];
        memcpy(order, p->cand[f], (size_t)n * sizeof *order);
        /* By rank, then filled before empty, then leftmost (insertion sort, n is tiny). */
        for (int i = 1; i < n; i++) {
            for (int j = i; j > 0; j--) {
                const Cand *a = &order[j - 1], *b = &order[j];
                bool fa = p->stats[a->col].filled > 0, fb = p->stats[b->col].filled > 0;
                bool swap =
                    f == ROSTER_NAME || f == ROSTER_EMAIL
                        ? (fb && !fa) || (fa == fb && (b->rank < a->rank ||
                                                       (b->rank == a->rank && b->col < a->col)))
                        : b->rank < a->rank || (b->rank == a->rank && b->col < a->col);
                if (!swap) {
                    break;
                }
                Cand t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        }
        char rejected[ROSTER_WHY_MAX] = "";
        for (int i = 0; i < n; i++) {
            char why[ROSTER_WHY_MAX];
            if (unusable(p, (RosterField)f, &order[i], why, sizeof why)) {
                if (!rejected[0]) {
                    memcpy(rejected, why, sizeof rejected);
                }
                continue;
            }
            if (f == ROSTER_TICKET && order[i].rank >= 1) {
                char sample[ROSTER_QUOTE_MAX] = "";
                if (ticket_values_repeat(p, order[i].col, sample, sizeof sample)) {
                    char h[ROSTER_QUOTE_MAX];
                    rosterp_header_text(p, order[i].col, h, sizeof h);
                    if (!rejected[0]) {
                        text_printf(rejected, sizeof rejected,
                                    "column %d \"%s\" is not used: its values repeat (\"%s\"), so "
                                    "it is a ticket type, not a code",
                                    order[i].col + 1, h, sample);
                    }
                    continue;
                }
            }
            /* An empty column cannot fill in for another. */
            bool filled = p->stats[order[i].col].filled > 0;
            if (f == ROSTER_NAME && p->nname_cols < MAX_CANDS && (filled || !p->nname_cols)) {
                p->name_cols[p->nname_cols++] = order[i].col;
            }
            if (f == ROSTER_EMAIL && p->nemail_cols < MAX_CANDS && (filled || !p->nemail_cols)) {
                p->email_cols[p->nemail_cols++] = order[i].col;
            }
            if (p->col[f] >= 0) {
                continue;
            }
            int c = order[i].col;
            p->col[f] = c;
            m->column = c + 1;
            rosterp_header_text(p, c, m->header, sizeof m->header);
            char how[ROSTER_WHY_MAX];
            if (order[i].rank < RANK_STRIPPED) {
                text_printf(how, sizeof how, "a known %s header", rosterp_field_words[f]);
            } else if (order[i].rank < RANK_WORD) {
                text_printf(how, sizeof how,
                            "a known %s header once words such as \"ditt\" or \"(...)\" are "
                            "left out",
                            rosterp_field_words[f]);
            } else {
                text_printf(how, sizeof how, "its words name the %s%s", rosterp_field_words[f],
                            order[i].rank >= RANK_BUYER ? " (of the buyer)" : "");
            }
            int empty = -1; /* another column for the field, passed over as empty */
            for (int k = 0; k < n && empty < 0; k++) {
                if (order[k].col != c && p->stats[order[k].col].filled == 0) {
                    empty = order[k].col;
                }
            }
            if (rejected[0]) {
                text_printf(m->why, sizeof m->why, "%s; %s", how, rejected);
            } else if (empty >= 0) {
                char h[ROSTER_QUOTE_MAX];
                rosterp_header_text(p, empty, h, sizeof h);
                text_printf(m->why, sizeof m->why, "%s; column %d \"%s\" is empty", how, empty + 1,
                            h);
            } else {
                text_printf(m->why, sizeof m->why, "%s", how);
            }
        }
        if (p->col[f] < 0) {
            text_printf(m->why, sizeof m->why, "%s", rejected[0] ? rejected : "no such column");
        }
    }
    /* Columns that fill in for an empty name or address are said too. */
    for (int k = 1; k < p->nname_cols; k++) {
        RosterMapping *m = &rep->field[ROSTER_NAME];
        size_t len = strlen(m->why);
        text_printf(m->why + len, sizeof m->why - len, "%s column %d when it is empty",
                    k == 1 ? "; then" : ",", p->name_cols[k] + 1);
    }
    for (int k = 1; k < p->nemail_cols; k++) {
        RosterMapping *m = &rep->field[ROSTER_EMAIL];
        size_t len = strlen(m->why);
        text_printf(m->why + len, sizeof m->why - len, "%s column %d when it is empty",
                    k == 1 ? "; then" : ",", p->email_cols[k] + 1);
    }
    if (p->col[ROSTER_CONSENT] >= 0) {
        RosterConsent *c = &rep->consent;
        c->column = p->col[ROSTER_CONSENT] + 1;
        rosterp_header_text(p, p->col[ROSTER_CONSENT], c->header, sizeof c->header);
        c->unused_column = 0;
        c->unused_refusal = false;
        c->unused_header[0] = '\0';
    }
    if (p->col[ROSTER_NAME] < 0 && p->col[ROSTER_FIRST] < 0 && p->col[ROSTER_LAST] < 0) {
        rosterp_fail(p, rep->header_line,
                     "no name column in the header row; name a column Namn or Name (or Förnamn and "
                     "Efternamn), or say which column holds the name with --column name=HEADER");
    }
}

/* A form that asks consent with one checkbox writes the option's text when it is ticked
 * ("Jag godkänner att mitt namn visas på deltagarlistan", Microsoft Forms with a ';' after
 * it) and nothing when it is not. So when every filled cell of the consent column holds
 * one and the same text (two cells at least), and that text is not a refusal, it is the
 * tick: yes (roster.c applies it only where the text is not already a yes or no). */
void rosterp_consent_checkbox(Parse *p)
{
    int col = p->col[ROSTER_CONSENT];
    p->checkbox[0] = '\0';
    if (col < 0) {
        return;
    }
    const Sheet *sh = p->sh;
    char first[sizeof p->checkbox] = "", v[sizeof p->checkbox];
    size_t filled = 0;
    for (size_t i = p->hdr + 1; i < sh->count; i++) {
        if (p->kind[i] != ROW_DATA) {
            continue;
        }
        rosterp_checkbox_key(v, sizeof v, rosterp_cell(&sh->rows[i], col));
        if (!v[0]) {
            continue;
        }
        filled++;
        if (!first[0]) {
            memcpy(first, v, sizeof first);
        } else if (strcmp(first, v) != 0) {
            return;
        }
    }
    /* Two ticks at least: one lone answer says nothing about the others. */
    if (filled < 2 || has_word(first, REFUSAL_WORDS, ROSTER_COUNT(REFUSAL_WORDS))) {
        return;
    }
    /* A lone word ("Ja", "x") is read by the values table as before. */
    if (!strchr(first, ' ')) {
        return;
    }
    memcpy(p->checkbox, first, sizeof p->checkbox);
    RosterMapping *m = &p->rep->field[ROSTER_CONSENT];
    size_t len = strlen(m->why);
    text_printf(m->why + len, sizeof m->why - len,
                "; every filled cell holds the same text, a ticked box: yes, empty: no");
}
