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
 *   consent     samtycke, consent, deltagarlista (yes/ja/1/x = on the shared list)
 * Unknown columns are ignored. A file either loads whole or not at all: any bad row
 * (wrong field count, invalid UTF-8, empty name, field too long, duplicate ticket code)
 * gives an error naming the file and the line where the row starts.
 */
#ifndef MINGEL_ROSTER_H
#define MINGEL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROSTER_FIELD_MAX 200    /* bytes, including the NUL, per stored field */
#define ROSTER_MAX_ROWS  200000 /* larger lists are refused with a clear error */

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

/* Parses the CSV file at path. On success returns 0 and fills *out (free with
 * roster_free). On failure returns -1, leaves *out empty and writes "PATH:LINE: what is
 * wrong" (or "PATH: ..." for file-level problems) into err. */
int roster_load(const char *path, Roster *out, char *err, size_t errcap);

/* Same for CSV already in memory; name is used in messages. */
int roster_parse(const char *name, const char *data, size_t len, Roster *out, char *err,
                 size_t errcap);

/* Frees what roster_load/roster_parse allocated; r may be NULL or empty. */
void roster_free(Roster *r);

#endif
