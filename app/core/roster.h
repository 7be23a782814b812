/* roster: the attendee list as organisers have it, whatever tool wrote it.
 *
 * sheet (core/sheet.h) reads the file: CSV or TSV in UTF-8 (with or without BOM),
 * UTF-16LE/BE with BOM or Windows-1252 (converted), separators ';' ',' or tab, line ends
 * CRLF, LF or CR; or an Excel workbook (.xlsx, the first sheet or the one named). This
 * module decides what the rows and columns mean.
 *
 * The header row is found, not assumed: among the first ROSTER_HEADER_SCAN rows that are
 * not blank, the one naming the most different fields (one of them a name) is the header;
 * ties go to the first. Rows above it (a title, a Teams "1. Summary" section, the
 * "2. Participants" heading) are skipped and listed.
 *
 * Columns are recognised from a table of Swedish and English headers, any case, accents
 * and punctuation ignored (see roster_columns_help for the table as the guides show it):
 *   name         Namn, Name, Fullständigt namn, Full name, Deltagarnamn, Attendee name
 *                (pretix), Ditt namn, Namn (för- och efternamn) ...
 *   first/last   Förnamn/Efternamn, First Name/Last Name (Eventbrite), Attendee name:
 *                Given name/Family name (pretix); used when a row has no name
 *   organisation Organisation, Organization, Företag, Company, Arbetsgivare, Förvaltning,
 *                Myndighet, Kommun, or a header holding one of them ("Organisation,
 *                förvaltning")
 *   role         Roll, Titel, Title, Befattning, Job Title, Yrkesroll, Position
 *   email        E-post, E-postadress, Email, Email address, E-mail, Mail, Attendee email
 *                (pretix; it wins over the order's E-mail), or a header holding one
 *   ticket       Biljettkod, Ticket code, Kod, Code, Barcode # (Eventbrite), Secret (pretix:
 *                what the ticket's QR code holds); a bare Biljett or Ticket only when its
 *                values are codes (not "Standard" on every row)
 *   status       Status, Attendee Status (Eventbrite), Order status (pretix),
 *                Anmälningsstatus: rows whose status is cancelled, refunded, not attending,
 *                expired, avbokad, återbud ... are not expected (skipped and counted)
 *   consent      see below
 *   first time   Ny i nätverket, Ny medlem, Första gången, Första träffen, First time, New
 *                member, New to the network, or a header holding one of them ("Är du ny i
 *                nätverket?"): yes marks the person as new, for the board to show (the
 *                values as for consent; anything else is no)
 * Headers are matched whole after dropping words such as "ditt", "your", "ange" and text in
 * parentheses; failing that by the words they hold. Unknown columns (ID, Starttid,
 * Tidstämpel, Timestamp, Order #, First Join ...) are ignored. When two columns name the
 * same field the more exact header wins, then the leftmost, except that the content decides
 * first: an e-mail column with no address in it (Microsoft Forms open to anyone writes
 * "anonymous" in every row) is not taken; a name column that is empty loses to one that is
 * filled (Forms' built-in "Namn" beside the form's own name question), and a row whose
 * chosen name is empty takes the next name column; a Teams "Role" column (Organizer,
 * Presenter, Attendee) is a meeting role, not a job role, and is not taken. --column
 * (RosterOptions.column) overrides all of this for a field.
 *
 * Names: when most names in the name column hold exactly one comma, they are read as
 * "Efternamn, Förnamn" and stored as "Förnamn Efternamn" (the report says so and counts
 * them). Teams marks people outside the organisation with a suffix; " (External)",
 * " (Extern)", " (Guest)", " (Gäst)", " (Unverified)", " (Ej verifierad)" at the end of a
 * name are dropped on purpose: the kiosk greets the person, and the same person is listed
 * without it by every registration tool, so keeping it would make a second person of them.
 *
 * Rows that are never people, skipped and listed with their line and reason: blank rows,
 * rows above the header, a repeated header row, a section heading (a numbered one, such as
 * "3. In-Meeting Activities", ends the table: what follows is not read until the header
 * repeats), a totals row ("Totalt 10", "Summa", "Total: 10", "Antal deltagare"), a row
 * with no name (pretix lists a lunch as a position of its own; counted in a warning when
 * it holds an e-mail or ticket), a row whose status says the person is not coming, and a
 * second row for the same person (same key and name). Ticket codes Excel wrote in
 * scientific notation ("8,82001E+17": digits already lost) are not stored; the person is,
 * and a warning names the column. A workbook with several sheets read without a sheet
 * name gives a warning naming them all.
 *
 * Identity (RosterEntry.key): the ticket code, else the e-mail address, else the folded
 * name and organisation. An e-mail address shared by people with different names
 * (kansli@, info@) is not identity: the report warns naming the rows, and those rows are
 * keyed by name (a group order in pretix shares the buyer's address). A ticket code used
 * by two different people refuses the file.
 *
 * Consent to appear on the shared participant list: a header that names the list
 * (containing deltagarlista, deltagarförteckning, participant list, attendee list:
 * "Samtycke till deltagarlista", "Får synas på deltagarlistan"), else one that is just
 * samtycke, samtycker or consent. A header that mentions consent to something else
 * ("Samtycke nyhetsbrev") or reads as a refusal ("Visa inte på deltagarlistan") is not
 * taken: it is reported instead (RosterConsent), as a wrong guess would put people on a
 * list they did not agree to. Consent values, by their first word, any case: yes is ja, j,
 * yes, y, x, 1, true, sant or a check mark; no is nej, n, no, ej, 0, false, falskt, a dash or
 * empty. A column whose filled cells (two at least) all hold one and the same text that is
 * not a refusal is a form's checkbox ("Jag godkänner att mitt namn visas på
 * deltagarlistan"): that text is yes. Anything else counts as no, the safe reading, and is
 * counted.
 *
 * A file either loads whole or not at all: a row that cannot be read (a field too long,
 * a row with fewer fields than the header in a text file or more filled ones, a ticket
 * code used by two people) gives an error naming the file and the line where the row
 * starts, and what to do; so does a file with no header row or nobody in it.
 */
#ifndef MINGEL_ROSTER_H
#define MINGEL_ROSTER_H

#include <stdbool.h>
#include <stddef.h>

#define ROSTER_FIELD_MAX   200    /* bytes, including the NUL, per stored field */
#define ROSTER_MAX_ROWS    200000 /* larger lists are refused with a clear error */
#define ROSTER_QUOTE_MAX   64     /* bytes, with the NUL, of a header or value in a message */
#define ROSTER_WHY_MAX     200    /* bytes, with the NUL, of one reason or warning */
#define ROSTER_HEADER_SCAN 60     /* rows, not blank, searched for the header row */

typedef struct RosterEntry {
    char key[ROSTER_FIELD_MAX]; /* identity for re-imports: "t:"+ticket, else "e:"+email,
                                   else "n:"+folded name+"|"+folded organisation */
    char name[ROSTER_FIELD_MAX];
    char organisation[ROSTER_FIELD_MAX];
    char role[ROSTER_FIELD_MAX];
    char email[ROSTER_FIELD_MAX];
    char ticket[ROSTER_FIELD_MAX];
    bool consent;    /* may appear on the shared participant list */
    bool first_time; /* the list says the person is new to the network */
    int line;        /* line in the file where the row starts (1-based) */
} RosterEntry;

typedef struct Roster {
    RosterEntry *entries; /* owned; count entries */
    size_t count;
    size_t duplicates; /* rows skipped because an earlier row had the same key */
    char separator;    /* ',', ';' or '\t' as detected; 0 for a workbook */
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

/* The fields a column can hold. */
typedef enum RosterField {
    ROSTER_NAME,
    ROSTER_FIRST,
    ROSTER_LAST,
    ROSTER_ORG,
    ROSTER_ROLE,
    ROSTER_EMAIL,
    ROSTER_TICKET,
    ROSTER_CONSENT,
    ROSTER_STATUS,
    ROSTER_FIRST_TIME,
    ROSTER_FIELDS
} RosterField;

/* What the caller asks for beyond detection. Zero it for none. */
typedef struct RosterOptions {
    const char *sheet; /* workbook sheet to read (NULL: the first); an error for text */
    /* Header of the column to take for a field (--column FIELD=HEADER), compared as
     * headers are (any case, accents and punctuation ignored), or its 1-based number
     * ("3"); "" takes no column for the field; NULL detects. Not owned. */
    const char *column[ROSTER_FIELDS];
} RosterOptions;

/* The column taken for one field and why, for the organiser. */
typedef struct RosterMapping {
    int column;                    /* 1-based; 0: none */
    char header[ROSTER_QUOTE_MAX]; /* as written, on one line */
    char why[ROSTER_WHY_MAX];      /* why this column, or why none / why one was not taken */
} RosterMapping;

/* A skipped row, or a run of them with one reason (rows above the header, a section that
 * is not read). */
typedef struct RosterSkip {
    int line, last_line;      /* where the rows start: first and last (equal for one row) */
    char why[ROSTER_WHY_MAX]; /* the reason, quoting the row */
} RosterSkip;

/* What a parse made of the file, in the order it prints (mingel import --check). Owned
 * arrays: free with roster_report_free. */
typedef struct RosterReport {
    char file[160];  /* what the file is (sheet_describe) */
    int header_line; /* line of the header row; 0 if none was found */
    int columns;     /* cells in the header row */
    RosterMapping field[ROSTER_FIELDS];
    RosterConsent consent;
    RosterSkip *skipped; /* in line order */
    size_t nskipped;
    size_t not_expected; /* rows skipped for their status (cancelled, refunded ...) */
    size_t swapped;      /* names read as "Efternamn, Förnamn" and turned */
    char **warnings;     /* nwarnings lines, each at most ROSTER_WHY_MAX * 2 bytes */
    size_t nwarnings;
} RosterReport;

/* Reads the list at path (any format sheet reads) with the options (NULL for none). On
 * success returns 0 and fills *out. On failure returns -1, leaves *out empty and writes
 * "PATH:LINE: what is wrong and what to do" (or "PATH: ...") into err. rep, if not NULL,
 * is filled as far as the parse got, on failure too (the file, the header, the columns),
 * so a dry run can show it; free it with roster_report_free in both cases. */
int roster_read(const char *path, const RosterOptions *opt, Roster *out, RosterReport *rep,
                char *err, size_t errcap);

/* Same for a file already in memory; name is used in messages. */
int roster_read_mem(const char *name, const void *data, size_t len, const RosterOptions *opt,
                    Roster *out, RosterReport *rep, char *err, size_t errcap);

/* Frees what the report holds and zeroes it; rep may be NULL. */
void roster_report_free(RosterReport *rep);

/* The field a word names, for --column: name, first, last, organisation (org), role,
 * email (e-mail), ticket, consent, status, new (first-time); Swedish namn, förnamn,
 * efternamn, organisation, roll, e-post, biljett, samtycke, status, ny. -1 if none. */
int roster_field_parse(const char *word);

/* The English word for a field, as roster_field_parse takes it (static string). */
const char *roster_field_name(RosterField f);

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
