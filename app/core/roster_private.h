/* roster_private: what roster.c and roster_columns.c share; not a public interface.
 *
 * One parse of one list is a Parse: the sheet, the options, the roster being filled, the
 * report, and what the passes have found so far (roster.c says the order of the passes).
 */
#ifndef MINGEL_ROSTER_PRIVATE_H
#define MINGEL_ROSTER_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/roster.h"
#include "core/sheet.h"

#define MAX_CANDS  8  /* candidate columns kept per field */
#define HEADER_KEY 96 /* bytes of a folded header kept for matching */
#define SKIP_QUOTE 48 /* bytes of a row quoted in a skip reason */

#define ROSTER_COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Header ranks: lower is more certain. A header in the table has its table rank (0 or
 * 1); one that matches only after dropping words like "ditt" and text in parentheses
 * ranks 2 more; one matched by a word it holds ranks RANK_WORD, or RANK_BUYER when it is
 * about the buyer rather than the attendee. */
enum { RANK_STRIPPED = 2, RANK_WORD = 4, RANK_BUYER = 5 };

typedef struct Cand {
    int col;  /* 0-based */
    int rank; /* HEADERS rank, plus the bonus for how it matched */
} Cand;

/* What the data rows hold in one column. */
typedef struct ColStats {
    size_t filled;     /* rows with a value */
    size_t addresses;  /* values with an @ */
    size_t anonymous;  /* values "anonymous" (Microsoft Forms open to anyone) */
    size_t teams_role; /* values that are Teams meeting roles */
    int first_line;    /* line of the first value */
    char first[ROSTER_QUOTE_MAX];
} ColStats;

typedef enum RowKind {
    ROW_DATA,
    ROW_BLANK,
    ROW_SKIPPED, /* listed already */
} RowKind;

typedef struct Parse {
    const char *name; /* file name for messages */
    char *err;
    size_t errcap;
    bool failed;
    const Sheet *sh;
    const RosterOptions *opt;
    Roster *r;
    RosterReport *rep;
    size_t skip_cap;

    size_t hdr;   /* index of the header row */
    size_t ncols; /* cells in the header row */
    Cand cand[ROSTER_FIELDS][MAX_CANDS];
    int ncand[ROSTER_FIELDS];
    int col[ROSTER_FIELDS]; /* column taken for each field, -1 if none */
    /* Columns tried in order for a row's name and e-mail: the next one fills in when the
     * first is empty. */
    int name_cols[MAX_CANDS], nname_cols;
    int email_cols[MAX_CANDS], nemail_cols;
    ColStats *stats;     /* per header column */
    unsigned char *kind; /* RowKind per row */
    size_t nameless;     /* rows skipped for no name that held an e-mail or ticket */
    int nameless_line;
    size_t destroyed; /* ticket codes in scientific notation, not stored */
    int destroyed_line;
    char destroyed_value[ROSTER_QUOTE_MAX];
    char checkbox[96];              /* the one text of a checkbox consent column (folded), or "" */
    size_t from_column, with_comma; /* names read from a name column; with one comma */
    size_t bad_addresses;           /* e-mail values that are not addresses, not used */
    int bad_address_line;
    char bad_address[ROSTER_QUOTE_MAX];

    size_t cap;             /* entries allocated */
    unsigned char *unclear; /* per entry: its consent value was unclear */
    uint32_t *slots;        /* open-addressing index of keys: entry index + 1, 0 = empty */
    size_t nslots;          /* power of two */
} Parse;

/* What each field is called in messages ("e-mail address") and in --column ("email"). */
extern const char *const rosterp_field_names[ROSTER_FIELDS];
extern const char *const rosterp_field_words[ROSTER_FIELDS];

/* roster.c: text and messages. */
void rosterp_fold_words(char *dst, size_t cap, const char *src, bool squeeze);
bool rosterp_in_list(const char *s, const char *const *list, size_t n);
bool rosterp_starts_with_any(const char *s, const char *const *parts, size_t n);
bool rosterp_is_blank(const char *s);
void rosterp_quote_cell(char *dst, size_t cap, const char *s);
void rosterp_quote_row(char *dst, size_t cap, const SheetRow *row);
const char *rosterp_cell(const SheetRow *row, int col);
/* The first error, "NAME:LINE: msg" (no line if line is 0); later ones are dropped. */
void rosterp_fail(Parse *p, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A skipped row, or a run of rows with one reason, for the report. */
void rosterp_skip(Parse *p, int line, int last_line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
void rosterp_warn(Parse *p, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* roster_columns.c: the passes on the header and the columns, in this order; each
 * returns false (or leaves p->failed set) with the error recorded. */
bool rosterp_find_header(Parse *p);
bool rosterp_header_candidates(Parse *p);
bool rosterp_shape_rows(Parse *p);
void rosterp_choose_columns(Parse *p);
/* Sets p->checkbox when the consent column is a single ticked-or-empty checkbox. */
void rosterp_consent_checkbox(Parse *p);
/* A consent value as compared for a checkbox: folded, words apart, without the ';' Forms
 * puts after each ticked option. */
void rosterp_checkbox_key(char *dst, size_t cap, const char *v);
/* The header of column col as written, on one line. */
void rosterp_header_text(const Parse *p, int col, char *dst, size_t cap);

#endif
