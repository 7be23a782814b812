/* print: a badge PDF to CUPS, and the job's and printer's state back, through libcups.
 *
 * Jobs go out with the "destination" API (cupsCreateDestJob and friends), which treats a
 * local queue and a driverless IPP printer alike. The state comes from plain IPP requests
 * (Get-Job-Attributes, Get-Printer-Attributes) on a connection to the destination, so the
 * same code follows a job on the local scheduler and on a printer addressed by URI.
 * Nothing here keeps state between calls: the caller keeps the job id.
 */
#include "core/print.h"

#include <stdio.h>
#include <string.h>

#include <cups/cups.h>

#include "core/text.h"

static bool is_uri(const char *dest)
{
    return strncmp(dest, "ipp://", 6) == 0 || strncmp(dest, "ipps://", 7) == 0;
}

/* True if the scheduler answers at all. */
static bool scheduler_reachable(void)
{
    http_t *http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC, cupsEncryption(), 1,
                                PRINT_TIMEOUT_MS, NULL);
    httpClose(http);
    return http != NULL;
}

/* The destination, or NULL (with a message) when there is no such queue or URI, or the
 * scheduler cannot be asked; *missing is true only for a destination that does not exist. */
static cups_dest_t *find_dest(const char *dest, bool *missing, char *err, size_t errcap)
{
    *missing = false;
    cups_dest_t *d = is_uri(dest) ? cupsGetDestWithURI(NULL, dest)
                                  : cupsGetNamedDest(CUPS_HTTP_DEFAULT, dest, NULL);
    if (d != NULL && is_uri(dest) &&
        cupsGetOption("printer-uri-supported", d->num_options, d->options) == NULL) {
        /* Without it cupsConnectDest would go to the local scheduler, not the printer. */
        d->num_options = cupsAddOption("printer-uri-supported", dest, d->num_options, &d->options);
    }
    if (d == NULL) {
        if (cupsLastError() > IPP_STATUS_OK_CONFLICTING &&
            cupsLastError() != IPP_STATUS_ERROR_NOT_FOUND) {
            text_printf(err, errcap, "printer \"%.80s\": %s", dest, cupsLastErrorString());
        } else if (!is_uri(dest) && !scheduler_reachable()) {
            /* libcups says "does not exist" also when it could not ask: tell them apart. */
            text_printf(err, errcap, "the print system (CUPS) cannot be reached: %s",
                        cupsLastErrorString());
        } else {
            text_printf(err, errcap,
                        "printer \"%.80s\" does not exist (lpstat -p lists the queues)", dest);
            *missing = true;
        }
    }
    return d;
}

/* The connection requests for dest go to, and their resource path: for a queue, the
 * scheduler's own connection (CUPS_HTTP_DEFAULT, which is NULL: *ok tells success), as
 * the queue's URI names a host the scheduler may not listen on; for a URI, the printer. */
static http_t *connect_dest(cups_dest_t *d, const char *dest, char *resource, size_t rcap, bool *ok,
                            char *err, size_t errcap)
{
    *ok = true;
    if (!is_uri(dest)) {
        snprintf(resource, rcap, "/printers/%s", d->name);
        return CUPS_HTTP_DEFAULT;
    }
    http_t *http = cupsConnectDest(d, CUPS_DEST_FLAGS_NONE, PRINT_TIMEOUT_MS, NULL, resource, rcap,
                                   NULL, NULL);
    if (http == NULL) {
        text_printf(err, errcap, "printer \"%.80s\" cannot be reached: %s", dest,
                    cupsLastErrorString());
        *ok = false;
        return NULL;
    }
    httpSetTimeout(http, PRINT_TIMEOUT_MS / 1000.0, NULL, NULL);
    return http;
}

/* The printer-uri of requests: the URI given, or the scheduler's name for the queue. */
static void printer_uri(const cups_dest_t *d, const char *dest, char *out, size_t cap)
{
    if (is_uri(dest)) {
        snprintf(out, cap, "%s", dest);
    } else {
        httpAssembleURIf(HTTP_URI_CODING_ALL, out, (int)cap, "ipp", NULL, "localhost", 0,
                         "/printers/%s", d->name);
    }
}

int print_submit(const char *dest, const char *pdf_path, const char *title, char *err,
                 size_t errcap)
{
    FILE *f = fopen(pdf_path, "rb");
    if (f == NULL) {
        text_printf(err, errcap, "%s: cannot read the badge", pdf_path);
        return -1;
    }
    int job_id = -1;
    char resource[256];
    cups_dinfo_t *info = NULL;
    http_t *http = NULL;
    bool ok = false, missing;
    cups_dest_t *d = find_dest(dest, &missing, err, errcap);
    if (d != NULL) {
        http = connect_dest(d, dest, resource, sizeof resource, &ok, err, errcap);
    }
    if (!ok) {
        goto done;
    }
    info = cupsCopyDestInfo(http, d);
    if (info == NULL) {
        text_printf(err, errcap, "printer \"%.80s\" cannot be reached: %s", dest,
                    cupsLastErrorString());
        goto done;
    }
    int id = 0;
    ipp_status_t st = cupsCreateDestJob(http, d, info, &id, title, 0, NULL);
    if (st > IPP_STATUS_OK_CONFLICTING || id <= 0) {
        text_printf(err, errcap, "printer \"%.80s\" took no job: %s", dest, cupsLastErrorString());
        goto done;
    }
    if (cupsStartDestDocument(http, d, info, id, "badge.pdf", CUPS_FORMAT_PDF, 0, NULL, 1) !=
        HTTP_STATUS_CONTINUE) {
        text_printf(err, errcap, "printer \"%.80s\": %s", dest, cupsLastErrorString());
        goto done;
    }
    char buf[16384];
    size_t n;
    bool written = true;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        if (cupsWriteRequestData(http, buf, n) != HTTP_STATUS_CONTINUE) {
            written = false;
            break;
        }
    }
    st = cupsFinishDestDocument(http, d, info);
    if (!written || ferror(f) || st > IPP_STATUS_OK_CONFLICTING) {
        text_printf(err, errcap, "printer \"%.80s\" did not take the badge: %s", dest,
                    cupsLastErrorString());
        goto done;
    }
    job_id = id;
done:
    cupsFreeDestInfo(info);
    httpClose(http);
    cupsFreeDests(d ? 1 : 0, d);
    fclose(f);
    return job_id;
}

/* The keywords of an attribute, comma-separated, into out. */
static void keywords(ipp_t *resp, const char *name, char *out, size_t cap)
{
    out[0] = '\0';
    ipp_attribute_t *a = ippFindAttribute(resp, name, IPP_TAG_ZERO);
    size_t len = 0;
    for (int i = 0; a != NULL && i < ippGetCount(a); i++) {
        const char *k = ippGetString(a, i, NULL);
        if (k != NULL && len + strlen(k) + 2 < cap) {
            len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? "," : "", k);
        }
    }
}

/* Sends an IPP request about dest (printer-uri and the user filled in here) and returns
 * the response, or NULL with a message. */
static ipp_t *ask(const char *dest, ipp_op_t op, int job_id, bool *not_found, char *err,
                  size_t errcap)
{
    *not_found = false;
    char resource[256];
    cups_dest_t *d = find_dest(dest, not_found, err, errcap);
    if (d == NULL) {
        return NULL;
    }
    bool ok;
    http_t *http = connect_dest(d, dest, resource, sizeof resource, &ok, err, errcap);
    ipp_t *resp = NULL;
    if (ok) {
        char uri[HTTP_MAX_URI];
        printer_uri(d, dest, uri, sizeof uri);
        ipp_t *req = ippNewRequest(op);
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
        if (job_id > 0) {
            ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job_id);
        }
        ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
                     cupsUser());
        resp = cupsDoRequest(http, req, resource); /* frees req */
        ipp_status_t st = cupsLastError();
        if (st == IPP_STATUS_ERROR_NOT_FOUND) {
            *not_found = true;
            ippDelete(resp);
            resp = NULL;
        } else if (resp == NULL || st > IPP_STATUS_OK_CONFLICTING) {
            text_printf(err, errcap, "printer \"%.80s\": %s", dest, cupsLastErrorString());
            ippDelete(resp);
            resp = NULL;
        }
        httpClose(http);
    }
    cupsFreeDests(1, d);
    return resp;
}

int print_job(const char *dest, int job_id, PrintJob *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    bool not_found;
    ipp_t *resp = ask(dest, IPP_OP_GET_JOB_ATTRIBUTES, job_id, &not_found, err, errcap);
    if (resp == NULL) {
        return not_found ? 0 : -1;
    }
    int state = ippGetInteger(ippFindAttribute(resp, "job-state", IPP_TAG_ENUM), 0);
    out->state = state >= IPP_JSTATE_PENDING && state <= IPP_JSTATE_COMPLETED
                     ? (PrintJobState)(PRINT_JOB_PENDING + (state - IPP_JSTATE_PENDING))
                     : PRINT_JOB_UNKNOWN;
    keywords(resp, "job-state-reasons", out->reasons, sizeof out->reasons);
    ippDelete(resp);
    return 0;
}

int print_printer(const char *dest, PrintPrinter *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    bool not_found;
    ipp_t *resp = ask(dest, IPP_OP_GET_PRINTER_ATTRIBUTES, 0, &not_found, err, errcap);
    if (resp == NULL) {
        return not_found ? 0 : -1;
    }
    out->found = true;
    out->accepting =
        ippGetBoolean(ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN), 0);
    out->stopped = ippGetInteger(ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM), 0) ==
                   IPP_PSTATE_STOPPED;
    keywords(resp, "printer-state-reasons", out->reasons, sizeof out->reasons);
    const char *msg =
        ippGetString(ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT), 0, NULL);
    text_clean_line(out->message, sizeof out->message, msg ? msg : "", msg ? strlen(msg) : 0);
    ippDelete(resp);
    return 0;
}

bool print_job_final(PrintJobState state)
{
    return state == PRINT_JOB_CANCELED || state == PRINT_JOB_ABORTED ||
           state == PRINT_JOB_COMPLETED;
}

const char *print_job_state_name(PrintJobState state)
{
    static const char *const NAMES[] = {
        [PRINT_JOB_UNKNOWN] = "unknown", [PRINT_JOB_PENDING] = "pending",
        [PRINT_JOB_HELD] = "held",       [PRINT_JOB_PROCESSING] = "processing",
        [PRINT_JOB_STOPPED] = "stopped", [PRINT_JOB_CANCELED] = "canceled",
        [PRINT_JOB_ABORTED] = "aborted", [PRINT_JOB_COMPLETED] = "completed",
    };
    return (unsigned)state < sizeof NAMES / sizeof NAMES[0] ? NAMES[state] : "unknown";
}
