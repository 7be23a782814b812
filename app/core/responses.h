/* responses: the follow-up form's export, read into answers keyed by session token.
 *
 * The kiosk's thank-you screen links to a longer form (Google Forms, Microsoft Forms, or
 * any service that can prefill a question from the link) and the link carries the
 * session's anonymous token (link.h). The organiser downloads the answers (Google Sheets:
 * File > Download > CSV or xlsx; Microsoft Forms: "Open results in Excel", a workbook)
 * and `mingel import-responses` reads them with this module: the file itself through
 * sheet.h (CSV in any encoding sheet reads, or xlsx), then the first row as the header:
 * one column per question, titled with the question's text.
 *
 * The token column is the one --token-column names (the header, any ASCII case); else a
 * column whose header says it holds the token (it contains "token", or is "kod", "code",
 * "session", "sessionskod" or "session id"); else the one column whose filled cells
 * mostly (at least 4 in 5) look like the kiosk's tokens (LINK_TOKEN_LEN characters of
 * base64url). Columns the form service fills itself or that name a person are never
 * read: Google's time stamp (the first column when its header is a time stamp's) and
 * collected e-mail address, and Microsoft's ID, start and completion times, last
 * modification time, e-mail and name (English and Swedish headers), and any column titled
 * as a person's name or e-mail (Namn, Name, E-post, Email ...). Every other column is a
 * question.
 *
 * What comes out: one answer per filled cell of a question column in a row with a
 * token, the text with its line ends made LF and control characters other than tab and
 * LF made spaces, trimmed. A token answered in several rows (the form sent twice) keeps
 * its last row only. Rows whose token cell is empty or not a token are counted, not
 * answered.
 *
 * Refused with "PATH:LINE: what is wrong" (or "PATH: ..."): anything sheet.h refuses, a
 * file with no header row or no data, a question column without a header, two columns
 * with the same header, a header longer than RESPONSES_QUESTION_MAX characters, a row
 * with more cells than the header, no token column (or --token-column naming none, or
 * several that look like tokens).
 */
#ifndef MINGEL_RESPONSES_H
#define MINGEL_RESPONSES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/sheet.h"

#define RESPONSES_QUESTION_MAX 1000 /* characters of a question's header */
#define RESPONSES_TOKEN_MAX    64   /* bytes of a token the store keeps (rating.token) */
#define RESPONSES_LINES_SHOWN  5    /* lines listed for each kind of row left out */

typedef struct ResponsesOptions {
    const char *token_column; /* header of the token column, or NULL to find it */
    const char *sheet;        /* xlsx: the sheet to read, or NULL for the first */
} ResponsesOptions;

typedef enum ResponsesSource {
    RESPONSES_GOOGLE,    /* first header a time stamp (Timestamp, Tidstämpel) */
    RESPONSES_MICROSOFT, /* headers ID, Start time/Starttid ... */
    RESPONSES_OTHER,     /* any other table with a token column */
} ResponsesSource;

typedef struct ResponsesAnswer {
    const char *token;    /* trimmed; owned by the Responses */
    const char *question; /* the column's header, trimmed; owned by the Responses */
    int position;         /* 1-based column of the question */
    const char *answer;   /* non-empty; owned by the Responses */
    int line;             /* line (text) or sheet row (xlsx) of the response */
} ResponsesAnswer;

/* Lines of rows left out for one reason: how many, and the first few. */
typedef struct ResponsesLines {
    size_t count;
    int first[RESPONSES_LINES_SHOWN];
} ResponsesLines;

typedef struct Responses {
    ResponsesSource source;
    char file[160];           /* sheet_describe: what the file is */
    int token_position;       /* 1-based column of the tokens */
    const char *token_header; /* its header; owned by the Responses */
    const char *token_how;    /* static: why that column ("named by --token-column" ...) */
    size_t questions;         /* question columns */
    const char **left_out;    /* headers of the columns never read (the service's own, a
                                 person's), owned by the Responses */
    size_t left_out_count;
    size_t rows;              /* data rows (not the header, not blank rows) */
    size_t sessions;          /* distinct tokens with at least one answer */
    ResponsesLines no_token;  /* rows with an empty token cell */
    ResponsesLines bad_token; /* rows whose token cell cannot be a token */
    ResponsesLines repeated;  /* earlier rows of a token that comes again (left out) */
    ResponsesLines empty;     /* rows with a token but no answer */
    ResponsesAnswer *answers; /* in file order (rows, then columns) */
    size_t count;
    Sheet sheet; /* private: owns the text the pointers above point into */
    void *mem;   /* private */
} Responses;

/* Reads the export at path. Returns 0 with *out filled (free with responses_free), or -1
 * with *out empty and the reason in err as said above (one line, valid UTF-8). */
int responses_read(const char *path, const ResponsesOptions *opt, Responses *out, char *err,
                   size_t errcap);

/* As responses_read, on len bytes at data (not changed); name is used in messages. */
int responses_parse(const char *name, const void *data, size_t len, const ResponsesOptions *opt,
                    Responses *out, char *err, size_t errcap);

/* Frees what responses_read/parse allocated and empties *r; r may be NULL or empty. */
void responses_free(Responses *r);

/* Does text look like a token the kiosk made (link_token: LINK_TOKEN_LEN characters of
 * A-Z a-z 0-9 - _)? */
bool responses_looks_like_token(const char *text);

/* "Google Forms", "Microsoft Forms" or "form export". Static. */
const char *responses_source_name(ResponsesSource s);

#endif
