/* sheet: turns an attendee-list file into rows of cells, whatever the file is.
 *
 * Organisers bring lists saved by Excel, LibreOffice, Google Forms, Microsoft Forms,
 * Teams, Eventbrite and pretix. This module reads the bytes and nothing more: it says what
 * the file is (SheetInfo) and hands back rows of cells, every cell valid UTF-8 and
 * NUL-terminated. What the columns and rows mean is roster's business.
 *
 * Formats read:
 * - Text (CSV/TSV): UTF-8 with or without BOM; UTF-16LE and UTF-16BE with BOM (Teams
 *   attendance reports); Windows-1252 when the bytes are not valid UTF-8, converted with
 *   iconv. A file is taken as Windows-1252 only if it has no NUL byte and none of the
 *   five bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D), and no C0 control
 *   other than tab, CR, LF; anything else is refused as "not text". Separators ';', ','
 *   and tab, chosen by which gives the most rows of two or more fields of one consistent
 *   width over the first lines (outside quotes), so a title line or a Teams "1. Summary"
 *   section above the table does not mislead it. Quotes as in RFC 4180 (libcsv, strict);
 *   line ends CRLF, LF or a lone CR (old Mac). Each row carries the line it starts on, as
 *   an editor counts lines, in every encoding.
 * - Excel workbooks (.xlsx, found by content: a zip holding xl/workbook.xml), read with
 *   libzip and expat (streaming): the first sheet that is not hidden, or the one named
 *   (exactly, else ignoring ASCII case); shared strings (rich text runs joined, phonetic
 *   runs left out, "_x000D_" escapes decoded), inline strings, booleans (TRUE/FALSE),
 *   error values (#N/A), numbers and formula results as the sheet shows them: whole
 *   numbers in full (never 1.84E+18), other numbers with up to 15 significant digits and
 *   a '.', dates and times in a date number format (built-in 14-22 and 45-47, or a custom
 *   format with d, y, h or s outside quotes) as ISO "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or
 *   "HH:MM" (":SS" when the format shows seconds) in the 1900 or 1904 date system of the
 *   workbook. Cells go to the column of their reference, gaps become empty cells, and
 *   empty cells after the last value of a row are not returned. A whole number of 16 or
 *   more digits stored as a number has lost digits in Excel (it keeps 15): stored as
 *   plain digits (some tools write them so) it is shown digit for digit, stored with an
 *   exponent it is shown as Excel shows it, 15 digits and zeros; either way it is counted
 *   in SheetInfo.lossy_numbers, with the first one's row in lossy_row, so the caller can
 *   warn that a ticket code may be wrong. Rows that hold no value are not returned (row
 *   numbers then skip them). A formula with no stored result (as some libraries write
 *   them) is an empty cell.
 *
 * Refused with a clear message: a file over SHEET_FILE_MAX, more than SHEET_MAX_ROWS rows,
 * a cell over SHEET_CELL_MAX bytes, more than SHEET_MAX_COLS columns or SHEET_MAX_CELLS cells,
 * invalid UTF-16 (a lone surrogate: the line is named), an .xls (old binary Excel), an .ods, an
 * encrypted workbook, a truncated or corrupt zip, a workbook whose parts unpack to more than
 * SHEET_XLSX_MAX bytes (a zip bomb), a sheet name that does not exist (the names are
 * listed), and a sheet name given for a text file.
 */
#ifndef MINGEL_SHEET_H
#define MINGEL_SHEET_H

#include <stddef.h>

#define SHEET_FILE_MAX  ((size_t)64 * 1024 * 1024)  /* bytes of the file as stored */
#define SHEET_XLSX_MAX  ((size_t)256 * 1024 * 1024) /* bytes unpacked, all parts read */
#define SHEET_MAX_ROWS  250000                      /* rows returned */
#define SHEET_MAX_COLS  1000                        /* cells in one row */
#define SHEET_CELL_MAX  32767    /* bytes in one cell (Excel's own limit is 32,767 characters) */
#define SHEET_MAX_CELLS 10000000 /* cells in all rows together, empty ones included */

typedef enum SheetFormat { SHEET_TEXT, SHEET_XLSX } SheetFormat;

typedef enum SheetEncoding {
    SHEET_UTF8,
    SHEET_UTF8_BOM,
    SHEET_UTF16LE,
    SHEET_UTF16BE,
    SHEET_CP1252
} SheetEncoding;

typedef struct SheetRow {
    int line;      /* 1-based: line in the file where the row starts (text), or the sheet's
                      row number (xlsx) */
    size_t ncells; /* as in the file; rows may be ragged; trailing empty cells are kept for
                      text */
    char **cells;  /* ncells NUL-terminated valid UTF-8 strings, owned by the Sheet */
} SheetRow;

typedef struct SheetInfo {
    SheetFormat format;
    SheetEncoding encoding; /* text files; xlsx is SHEET_UTF8 */
    char separator;         /* ',', ';' or '\t' for text, 0 for xlsx */
    char sheet_name[64];    /* xlsx: the sheet read (UTF-8, cut at a code point) */
    int sheet_count;        /* xlsx: sheets in the workbook */
    int sheet_index;        /* xlsx: 1-based position of the sheet read */
    char sheet_names[256];  /* xlsx: every sheet's name quoted, comma-separated, in workbook
                               order ("Orders", "Order positions"); whole names only, ", ..."
                               ends a list that does not fit; "" for text */
    int lossy_numbers;      /* xlsx: whole numbers of 16+ digits (Excel kept only 15) */
    int lossy_row;          /* xlsx: sheet row of the first of them, 0 if none */
} SheetInfo;

typedef struct SheetArena SheetArena;

typedef struct Sheet {
    SheetRow *rows;
    size_t count;
    SheetInfo info;
    SheetArena *arena; /* private: holds the cells and the cell pointer arrays */
} Sheet;

/* Reads the file at path (at most SHEET_FILE_MAX bytes) and parses it as sheet_parse does,
 * with path as the name in messages. sheet NULL: the first sheet; else the sheet of that
 * name (xlsx only; for a text file it is an error). Returns 0, or -1 with *out empty and
 * "PATH:LINE: what is wrong" or "PATH: what is wrong" in err (one line, valid UTF-8). The
 * caller frees *out with sheet_free. */
int sheet_load(const char *path, const char *sheet, Sheet *out, char *err, size_t errcap);

/* Parses len bytes at data (not changed, need not be NUL-terminated); name is used only
 * in messages. Otherwise as sheet_load. A file with no rows at all is not an error here
 * (count 0); deciding that a list is empty is the caller's. */
int sheet_parse(const char *name, const void *data, size_t len, const char *sheet, Sheet *out,
                char *err, size_t errcap);

/* Frees what sheet_load/sheet_parse allocated and empties *s; s may be NULL or empty. */
void sheet_free(Sheet *s);

/* One line for the organiser saying what the file is, e.g. "UTF-16LE text with BOM,
 * tab-separated (converted to UTF-8)", "Windows-1252 text, semicolon-separated (converted
 * to UTF-8)", "Excel workbook, sheet \"Blad1\" (1 of 3)". Writes into buf (capacity cap,
 * always NUL-terminated when cap > 0) and returns buf. */
const char *sheet_describe(const SheetInfo *info, char *buf, size_t cap);

#endif
