/* export: the meeting's data out, in forms people use.
 *
 * CSV that opens right in Excel with a Swedish locale (UTF-8 with BOM, ';', CRLF, every
 * field quoted, formula injection neutralised as OWASP describes: a cell starting with
 * '=', '+', '-', '@', tab, CR or LF gets a leading '\''), JSON with the same content (cJSON),
 * an Excel workbook (.xlsx, workbook.h) with the same tables as sheets and every cell typed
 * as its data (a ticket code "00123" stays text, times are date-times), and a
 * self-contained one-page HTML report with inline SVG charts and its own font (a subset of
 * the bundled Noto Sans, webfont.h, so it prints on one A4 page whatever fonts the viewer
 * has). Breakdowns of fewer than min_group answers are not shown, so nobody can be singled
 * out. Defaults carry no email addresses and no free text.
 *
 * CSV keeps every value exactly as stored, for tools; a spreadsheet that opens a CSV
 * guesses types and turns "00123" into 123 and "2027-03-11" into a date (the quotes do not
 * stop it), so the xlsx is the export for spreadsheets.
 *
 * Threads and ownership: export_write runs on the caller's thread and returns when the
 * files are durable (fsynced, renamed, directory fsynced: atomicfile.h), so it blocks that
 * thread for as long as the disk takes; it uses the Store it is given, which no other
 * thread may use meanwhile, and keeps nothing after it returns. The implementation is
 * export.c (tables, CSV, JSON, xlsx through workbook.c) and export_report.c (the HTML
 * report, its font through webfont.c).
 */
#ifndef MINGEL_EXPORT_H
#define MINGEL_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/store.h"

typedef enum ExportFormat { EXPORT_CSV, EXPORT_JSON, EXPORT_HTML, EXPORT_XLSX } ExportFormat;

typedef enum ExportTable {
    EXPORT_ALL,      /* CSV: one file per table; JSON: one document; XLSX: one workbook, a sheet
                      * per table; HTML: the report */
    EXPORT_CHECKINS, /* check-ins and reversals, with device and time */
    EXPORT_ATTENDEES,
    EXPORT_RATINGS,
    EXPORT_REFLECTIONS,
    EXPORT_PARTICIPANTS, /* name, organisation, role, email of those who consented */
} ExportTable;

typedef struct ExportOptions {
    ExportFormat format;
    ExportTable table;
    bool with_email; /* include email addresses (the participant list always has them) */
    bool with_text;  /* include reflections' free text */
    int min_group;   /* smallest breakdown shown in the report; default 5 */
} ExportOptions;

/* Defaults: CSV, all tables, no email, no free text, min_group 5. */
ExportOptions export_defaults(void);

/* Writes the export of the event to path. For CSV with EXPORT_ALL, path is a directory and
 * one file per table is written into it, named as export_file_name says; otherwise path is
 * the file. The report reads the bundled fonts (paths_data_dir) and fails without them. Files are
 * written to a temporary name, fsynced and renamed, so a pulled USB stick never holds half a file
 * under the final name. Returns 0, or -1 with "PATH: why" in err. */
int export_write(Store *s, const char *event_id, const ExportOptions *opt, const char *path,
                 char *err, size_t errcap);

/* The file name export_write would use in a directory for this event and table:
 * "<event key>-<date>-<table><with>.<ext>", <table> being "report" for HTML and "all" for
 * everything in JSON or XLSX, e.g. "drift-2026-11-2026-11-26-checkins.csv". <with> says what the
 * file holds beyond the privacy-safe default, so that such a file never replaces the safe
 * one of the same table in the same directory: "-with-email" (the attendees' addresses:
 * the attendees table, or JSON or XLSX of all, with with_email), "-with-text" (the
 * reflections' free text: the reflections table always, JSON or XLSX of all and the report
 * with with_text),
 * "-with-email-text" (both); nothing for the defaults, and nothing when an option does
 * not change the file (the check-ins with with_email). The participant list, which always
 * carries its consenting people's addresses because it is made to be shared, is plain
 * "...-participants.csv". */
void export_file_name(const EventInfo *ev, const ExportOptions *opt, ExportTable table, char *out,
                      size_t cap);

#endif
