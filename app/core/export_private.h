/* export_private.h: what export.c (tables, CSV, JSON) and export_report.c (the HTML
 * report) share; included by those two files only. Everything runs on the caller's
 * thread (export.h). */
#ifndef MINGEL_EXPORT_PRIVATE_H
#define MINGEL_EXPORT_PRIVATE_H

#include <stddef.h>

#include "core/atomicfile.h"
#include "core/export.h"
#include "core/i18n.h"

#define EXPORT_TEXT_FIX_MAX 4096 /* bytes for a cell whose invalid UTF-8 was repaired */

/* Writes a printf-formatted message into err (capacity errcap; err may be NULL). */
void exportp_put_err(char *err, size_t errcap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* text itself when it is valid UTF-8; otherwise a copy in buf (capacity cap) with each
 * invalid byte replaced by U+FFFD. */
const char *exportp_valid_text(const char *text, char *buf, size_t cap);

/* Writes the HTML report of the event to path (export_report.c). Returns 0, or -1 with
 * "PATH: why" in err. */
int exportp_write_html(Store *s, const char *event_id, const EventInfo *ev,
                       const ExportOptions *opt, const char *path, char *err, size_t errcap);

/* The follow-up form's answers (export_responses.c): the report's section, written to o
 * (nothing at all when the event has no form answers), and the JSON document's member
 * ",\n\"form\":{...}". Both apply opt->min_group and show free text only with
 * opt->with_text. Return 0, or -1 with "PATH: why" in err. */
int exportp_html_form(AtomicFile *o, const char *path, Store *s, const char *event_id,
                      const EventInfo *ev, Lang lang, const ExportOptions *opt, char *err,
                      size_t errcap);
int exportp_json_form(AtomicFile *o, const char *path, Store *s, const char *event_id,
                      const EventInfo *ev, const ExportOptions *opt, char *err, size_t errcap);

#endif
