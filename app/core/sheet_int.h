/* sheet_int: what sheet.c and sheet_xlsx.c share; private to the sheet module.
 *
 * A Sheet's cells live in an arena of large blocks, so reading 100,000 rows costs a few
 * dozen mallocs, not one per cell. Rows are added through a SheetBuild, which also holds
 * the first error; after an error every further call does nothing.
 */
#ifndef MINGEL_SHEET_INT_H
#define MINGEL_SHEET_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/sheet.h"

typedef struct SheetBuild {
    Sheet *out;
    const char *name; /* file name for messages */
    char *err;
    size_t errcap;
    bool failed;
    size_t rows_cap; /* SheetRow entries allocated in out->rows */
    char **cells;    /* the row being built: cell pointers into the arena */
    size_t ncells;
    size_t cells_cap;
    size_t total_cells; /* cells in all rows so far */
} SheetBuild;

/* Records the first error as "NAME:LINE: msg" (line > 0) or "NAME: msg", cleaned to one
 * line of valid UTF-8. */
void sheet_fail(SheetBuild *b, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* n bytes from the arena, aligned for pointers; NULL (and an error) if memory is out. */
void *sheet_alloc(SheetBuild *b, size_t n);

/* Appends a copy of s[0..n) plus a NUL as the next cell of the current row; false on
 * error (out of memory, too many cells in the row). */
bool sheet_cell(SheetBuild *b, int line, const char *s, size_t n);

/* Ends the current row (its cells may be none) as a row starting at line; false on
 * error (out of memory, too many rows). */
bool sheet_row(SheetBuild *b, int line);

/* Reads an xlsx workbook (data is a zip). Returns 0 or -1 with the error recorded. */
int sheet_xlsx_parse(SheetBuild *b, const void *data, size_t len, const char *sheet);

#endif
