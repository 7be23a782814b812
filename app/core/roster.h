/* roster: the attendee list as a registration tool exports it (CSV, parsed with libcsv).
 *
 * Accepted: comma or semicolon separators (detected from the header row); UTF-8 with or
 * without a byte-order mark; quoted fields with separators, quotes and line breaks
 * inside; CRLF or LF. The header names columns in Swedish or English, any case:
 *   name        namn, name, fullständigt namn, full name
 *   first/last  förnamn/efternamn, first name/last name (used when there is no name)
 *   organisation organisation, organization, företag, company, org, arbetsgivare
 *   role        roll, titel, title, role, befattning, job title
 *   email       e-post, epost, email, e-mail, mail
 *   ticket      biljett, biljettkod, ticket, ticket code, kod, code
 *   consent     to appear on the shared participant list: a header that names the list
 *               (containing deltagarlista, deltagarförteckning, participant list, attendee
 *               list: "Samtycke till deltagarlista", "Får synas på deltagarlistan"), else
 *               one that is just samtycke, samtycker or consent. A header that mentions
 *               consent to something else ("Samtycke nyhetsbrev") or reads as a refusal
 *               ("Visa inte på deltagarlistan") is not taken: it is reported instead
 *               (RosterConsent), as a wrong guess would put people on a list they did not
 *               agree to.
 * Consent values, by their first word, any case: yes is ja, j, yes, y, x, 1, true, sant or
 * a check mark; no is nej, n, no, ej, 0, false, falskt, a dash or empty. Anything else
 * counts as no, the safe reading, and is counted (RosterConsent) so the import can say so.
 * Unknown columns are ignored. A file either loads whole or not at all: any bad row (wrong
 * field count, invalid UTF-8, empty name, field too long, duplicate ticket code) gives an
 * error naming the file and the line where the row starts.
 */
#ifndef MINGEL_ROSTER_H
#define MINGEL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROSTER_FIELD_MAX 200    /* bytes, including the NUL, per stored field */
#define ROSTER_MAX_ROWS  200000 /* larger lists are refused with a clear error */
#define ROSTER_QUOTE_MAX 64     /* bytes, with the NUL, of a header or value in a message */

typedef struct RosterEntry {
    char key[ROSTER_FIELD_MAX]; /* identity for re-imports: "t:"+ticket, else "e:"+email,
                                   else "n:"+folded name+"|"+folded organisation */
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    char role[ROSTER_FIELD_MAX];
    char email[ROSTER_FIELD_MAX];
    char ticket[ROSTER_FIELD_MAX];
    bool consent; /* may appear on the shared participant list */
    int line;     /* line in the file where the row starts (1-based) */
} RosterEntry;

typedef struct Roster {
    RosterEntry *entries; /* owned; count entries */
    size_t count;
    size_t duplicates; /* rows skipped because an earlier row had the same key */
    char separator;    /* ',' or ';' as detected */
} Roster;

/* What a parse made of the consent column, for the import to tell the organiser: it
 * decides who is on the participant list they share. Text is cut at a code point. */
typedef struct RosterConsent {
    /* The consent column, 1-based (0: none, so nobody consented), and its header as
     * written, on one line. */
    int column;
    char header[ROSTER_QUOTE_MAX];
    /* When there is no consent column: the first column that mentions consent or the list
     * but was not taken (1-based, else 0), its header, and why: it reads as a refusal
     * (true), or it does not name the list (false). */
    int unused_column;
    char unused_header[ROSTER_QUOTE_MAX];
    bool unused_refusal;
    /* Attendees whose value is neither yes nor no (stored as no), and the line and value
     * of the first of them. */
    size_t unclear;
    int unclear_line;
    char unclear_value[ROSTER_QUOTE_MAX];
} RosterConsent;

/* Parses the CSV file at path. On success returns 0 and fills *out (free with
 * roster_free). On failure returns -1, leaves *out empty and writes "PATH:LINE: what is
 * wrong" (or "PATH: ..." for file-level problems) into err. */
int roster_load(const char *path, Roster *out, char *err, size_t errcap);

/* Same for CSV already in memory; name is used in messages. */
int roster_parse(const char *name, const char *data, size_t len, Roster *out, char *err,
                 size_t errcap);

/* roster_load and roster_parse that also fill *consent (if not NULL; zeroed on failure). */
int roster_load_consent(const char *path, Roster *out, RosterConsent *consent, char *err,
                        size_t errcap);
int roster_parse_consent(const char *name, const char *data, size_t len, Roster *out,
                         RosterConsent *consent, char *err, size_t errcap);

/* The consent headers and values recognised, in words for a message to the organiser
 * (static strings). */
const char *roster_consent_headers(void);
const char *roster_consent_values(void);

/* Frees what roster_load/roster_parse allocated; r may be NULL or empty. */
void roster_free(Roster *r);

#endif
