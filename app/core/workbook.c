/* workbook: .xlsx through libxlsxwriter (contract in workbook.h).
 *
 * libxlsxwriter writes the file by name when the workbook is closed, so the atomic write
 * goes through atomicfile by name: atomicfile_open creates the temporary file beside the
 * target (O_EXCL, so nothing else's file is ever overwritten) and keeps it open without
 * writing to it; libxlsxwriter writes its zip under that temporary name; atomicfile_commit
 * then fsyncs the file (fsync syncs the file, whichever descriptor asks), renames it over
 * the target and fsyncs the directory.
 *
 * Column widths are in Excel's character units: the longest value of the column in
 * characters plus a margin, the header's plus room for the filter button, kept between
 * WIDTH_MIN and WIDTH_MAX so a long reflection does not make a column a screen wide.
 */
#include "core/workbook.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "core/atomicfile.h"
#include "core/text.h"

#define WIDTH_MIN    6.0  /* characters */
#define WIDTH_MAX    60.0 /* characters */
#define WIDTH_MARGIN 2.0  /* characters beside the longest value */
#define WIDTH_FILTER 3.0  /* characters the header's filter button takes */

struct Workbook {
    lxw_workbook *book;
    lxw_worksheet *sheet;            /* the sheet being written; NULL before the first */
    lxw_format *bold;                /* the header row */
    lxw_format *time_s, *time_m;     /* date-times to the second, to the minute */
    AtomicFile file;                 /* the temporary file, and the target's name */
    lxw_row_t row;                   /* the row being written; 0 is the header */
    lxw_col_t col;                   /* the next cell of that row */
    lxw_col_t cols;                  /* columns in the sheet (its widest row) */
    double width[WORKBOOK_MAX_COLS]; /* characters: the widest value of each column */
    lxw_error lxw_err;               /* the first failed write, LXW_NO_ERROR while well */
    bool too_wide;                   /* a row had more than WORKBOOK_MAX_COLS cells */
};

Workbook *workbook_open(const char *path, char *err, size_t errcap)
{
    Workbook *wb = calloc(1, sizeof *wb);
    if (!wb) {
        text_printf(err, errcap, "%s: out of memory", path);
        return NULL;
    }
    if (atomicfile_open(&wb->file, path, err, errcap) != 0) {
        free(wb);
        return NULL;
    }
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = 0};
    wb->book = workbook_new_opt(wb->file.tmp, &opt);
    wb->bold = wb->book ? workbook_add_format(wb->book) : NULL;
    wb->time_s = wb->book ? workbook_add_format(wb->book) : NULL;
    wb->time_m = wb->book ? workbook_add_format(wb->book) : NULL;
    if (!wb->bold || !wb->time_s || !wb->time_m) {
        text_printf(err, errcap, "%s: out of memory", path);
        workbook_abort(wb);
        return NULL;
    }
    format_set_bold(wb->bold);
    format_set_num_format(wb->time_s, "yyyy-mm-dd hh:mm:ss");
    format_set_num_format(wb->time_m, "yyyy-mm-dd hh:mm");
    return wb;
}

/* The finishing touches of the sheet being written: filter, frozen header, widths. */
static void finish_sheet(Workbook *wb)
{
    if (!wb->sheet || wb->cols == 0) {
        return;
    }
    lxw_row_t last = wb->col > 0 ? wb->row : (wb->row > 0 ? wb->row - 1 : 0);
    lxw_error e = worksheet_autofilter(wb->sheet, 0, 0, last, wb->cols - 1);
    worksheet_freeze_panes(wb->sheet, 1, 0);
    for (lxw_col_t c = 0; c < wb->cols && e == LXW_NO_ERROR; c++) {
        double w = wb->width[c] + WIDTH_MARGIN;
        w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
        e = worksheet_set_column(wb->sheet, c, c, w, NULL);
    }
    if (e != LXW_NO_ERROR && wb->lxw_err == LXW_NO_ERROR) {
        wb->lxw_err = e;
    }
}

int workbook_sheet(Workbook *wb, const char *name, char *err, size_t errcap)
{
    finish_sheet(wb);
    lxw_worksheet *ws = workbook_add_worksheet(wb->book, name);
    if (!ws) {
        text_printf(err, errcap, "%s: cannot add the sheet '%s'", wb->file.path, name);
        return -1;
    }
    wb->sheet = ws;
    wb->row = 0;
    wb->col = 0;
    wb->cols = 0;
    memset(wb->width, 0, sizeof wb->width);
    return 0;
}

/* The column the next cell goes into, or -1 (remembered) when there is none. */
static int next_col(Workbook *wb, double width)
{
    if (!wb->sheet || wb->col >= WORKBOOK_MAX_COLS) {
        wb->too_wide = true;
        return -1;
    }
    lxw_col_t c = wb->col++;
    if (wb->col > wb->cols) {
        wb->cols = wb->col;
    }
    if (width > wb->width[c]) {
        wb->width[c] = width;
    }
    return (int)c;
}

static void note(Workbook *wb, lxw_error e)
{
    if (e != LXW_NO_ERROR && wb->lxw_err == LXW_NO_ERROR) {
        wb->lxw_err = e;
    }
}

void workbook_text(Workbook *wb, const char *text)
{
    bool header = wb->row == 0;
    double w = (double)text_length(text) + (header ? WIDTH_FILTER : 0);
    int c = next_col(wb, w);
    if (c < 0 || text[0] == '\0') {
        return;
    }
    note(wb,
         worksheet_write_string(wb->sheet, wb->row, (lxw_col_t)c, text, header ? wb->bold : NULL));
}

void workbook_number(Workbook *wb, double v)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%g", v);
    int c = next_col(wb, n > 0 ? n : 1);
    if (c >= 0) {
        note(wb, worksheet_write_number(wb->sheet, wb->row, (lxw_col_t)c, v, NULL));
    }
}

void workbook_bool(Workbook *wb, bool v)
{
    int c = next_col(wb, 5); /* FALSE; FALSKT is one more, within the margin */
    if (c >= 0) {
        note(wb, worksheet_write_boolean(wb->sheet, wb->row, (lxw_col_t)c, v ? 1 : 0, NULL));
    }
}

void workbook_time(Workbook *wb, int64_t ms, bool to_minute)
{
    int c = next_col(wb, to_minute ? 16 : 19);
    if (c < 0 || ms == 0) {
        return;
    }
    int64_t sec = ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
    time_t t = (time_t)sec;
    struct tm tm;
    if (!localtime_r(&t, &tm)) {
        return; /* not a time a calendar can show: the cell stays empty */
    }
    lxw_datetime dt = {.year = tm.tm_year + 1900,
                       .month = tm.tm_mon + 1,
                       .day = tm.tm_mday,
                       .hour = tm.tm_hour,
                       .min = tm.tm_min,
                       .sec = to_minute ? 0.0 : (double)tm.tm_sec};
    note(wb, worksheet_write_datetime(wb->sheet, wb->row, (lxw_col_t)c, &dt,
                                      to_minute ? wb->time_m : wb->time_s));
}

void workbook_blank(Workbook *wb)
{
    next_col(wb, 0);
}

int workbook_end_row(Workbook *wb)
{
    wb->row++;
    wb->col = 0;
    return wb->lxw_err != LXW_NO_ERROR || wb->too_wide;
}

void workbook_abort(Workbook *wb)
{
    if (!wb) {
        return;
    }
    if (wb->book) {
        /* Closing is the only way to free a libxlsxwriter workbook; it writes the zip to
         * the temporary name, which then goes. */
        workbook_close(wb->book);
    }
    atomicfile_abort(&wb->file);
    free(wb);
}

int workbook_commit(Workbook *wb, char *err, size_t errcap)
{
    finish_sheet(wb);
    if (wb->lxw_err != LXW_NO_ERROR || wb->too_wide) {
        if (wb->too_wide) {
            text_printf(err, errcap, "%s: a row has more than %d columns", wb->file.path,
                        WORKBOOK_MAX_COLS);
        } else {
            text_printf(err, errcap, "%s: cannot write a cell: %s", wb->file.path,
                        lxw_strerror(wb->lxw_err));
        }
        workbook_abort(wb);
        return -1;
    }
    errno = 0;
    lxw_error e = workbook_close(wb->book);
    wb->book = NULL;
    if (e != LXW_NO_ERROR) {
        /* libxlsxwriter says "error creating output xlsx file" for a full disk too;
         * errno usually still tells. */
        int sys = errno;
        text_printf(err, errcap, "%s: cannot write: %s%s%s", wb->file.path, lxw_strerror(e),
                    sys ? ": " : "", sys ? strerror(sys) : "");
        workbook_abort(wb);
        return -1;
    }
    int rc = atomicfile_commit(&wb->file, err, errcap);
    free(wb);
    return rc;
}
