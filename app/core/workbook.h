/* workbook: an Excel workbook (.xlsx) written row by row, the only file that includes
 * xlsxwriter.h.
 *
 * Made for tables: each sheet has one header row (bold, with an autofilter over the whole
 * table and frozen so it stays in view while scrolling) and rows under it. Every cell is
 * typed as its data, so a spreadsheet never guesses: text is a text cell (a ticket code
 * "00123", a 19-digit code or "2027-03-11" stays exactly that, and "=..." is text, never
 * a formula), numbers are numbers, yes/no are booleans (TRUE/FALSE; a Swedish Excel shows
 * SANT/FALSKT), and times are Excel date-times in local time with a visible format
 * ("yyyy-mm-dd hh:mm:ss", or to the minute "yyyy-mm-dd hh:mm"). Column widths follow the
 * longest value (within bounds).
 *
 * libxlsxwriter runs in its constant-memory mode: rows go to temporary files as they are
 * written, so 100,000 rows need no more memory than one. The workbook is written under a
 * temporary name beside the target, fsynced, renamed over the target and the directory
 * fsynced, as every export is (export.h): a pulled USB stick never holds half a file under
 * the final name.
 *
 * A failed cell write is remembered and reported by workbook_commit; callers need not
 * check each cell.
 */
#ifndef MINGEL_WORKBOOK_H
#define MINGEL_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WORKBOOK_MAX_COLS 32 /* columns per sheet */

typedef struct Workbook Workbook;

/* Starts a workbook that workbook_commit will put at path: reserves a temporary name
 * beside it. Returns the workbook (the caller owns it: workbook_commit or workbook_abort),
 * or NULL with "PATH: why" in err. */
Workbook *workbook_open(const char *path, char *err, size_t errcap);

/* Starts a new sheet named name (at most 31 characters, none of []:*?/\) and makes it the
 * one written to, on its header row. The previous sheet is finished. Returns 0, or -1
 * with "PATH: why" in err. */
int workbook_sheet(Workbook *wb, const char *name, char *err, size_t errcap);

/* Cells of the current row, left to right. Text must be valid UTF-8 (up to 32,767
 * characters); "" leaves the cell empty. In the header row, workbook_text writes the
 * column's name in bold. */
void workbook_text(Workbook *wb, const char *text);
void workbook_number(Workbook *wb, double v);
void workbook_bool(Workbook *wb, bool v);
/* A time, Unix milliseconds, as a local date-time; 0 leaves the cell empty. */
void workbook_time(Workbook *wb, int64_t ms, bool to_minute);
void workbook_blank(Workbook *wb);

/* Ends the current row (the header row too); the next cell starts the next row. Returns
 * non-zero once any write has failed. */
int workbook_end_row(Workbook *wb);

/* Finishes the last sheet, writes the file and makes it durable under its final name.
 * Frees wb. Returns 0, or -1 with "PATH: why" in err (the target is then untouched). */
int workbook_commit(Workbook *wb, char *err, size_t errcap);

/* Drops the workbook and its temporary file; the target is untouched. NULL is fine. */
void workbook_abort(Workbook *wb);

#endif
