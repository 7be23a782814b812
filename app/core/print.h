/* print: badge PDFs to a printer through CUPS (libcups), and what the printer says back.
 *
 * A destination is a CUPS queue name ("QL-820NWB", set up with lpadmin; the usual way on a
 * Raspberry Pi with printer-driver-ptouch or printer-driver-dymo) or an IPP URI
 * ("ipp://192.0.2.7/ipp/print", an IPP Everywhere printer used driverless). The CUPS
 * server is libcups' default (the local scheduler's socket) unless the environment says
 * otherwise (CUPS_SERVER), which is how tests point it at their own cupsd.
 *
 * Every call talks to the scheduler or printer and may block for up to PRINT_TIMEOUT_MS:
 * the kiosk calls these from a thread of their own, never from the event loop. Calls
 * share no state, so two threads may call them at once.
 */
#ifndef MINGEL_PRINT_H
#define MINGEL_PRINT_H

#include <stdbool.h>
#include <stddef.h>

#define PRINT_TIMEOUT_MS  5000
#define PRINT_REASONS_MAX 256

typedef enum PrintJobState {
    PRINT_JOB_UNKNOWN = 0, /* the printer does not know the job (any more) */
    PRINT_JOB_PENDING,     /* queued */
    PRINT_JOB_HELD,
    PRINT_JOB_PROCESSING,
    PRINT_JOB_STOPPED, /* the queue was stopped with the job on it */
    PRINT_JOB_CANCELED,
    PRINT_JOB_ABORTED, /* the printer or a filter gave up */
    PRINT_JOB_COMPLETED,
} PrintJobState;

typedef struct PrintJob {
    PrintJobState state;
    char reasons[PRINT_REASONS_MAX]; /* job-state-reasons, comma-separated */
} PrintJob;

typedef struct PrintPrinter {
    bool found;                      /* the destination exists */
    bool accepting;                  /* it takes new jobs */
    bool stopped;                    /* printer-state is stopped (paused, or a fault) */
    char reasons[PRINT_REASONS_MAX]; /* printer-state-reasons, e.g. "media-empty-error" */
    char message[PRINT_REASONS_MAX]; /* printer-state-message, as the driver words it */
} PrintPrinter;

/* Sends the PDF at pdf_path to dest as one job titled title. Returns the job's id (> 0),
 * or -1 with a one-line message in err: the destination does not exist, refuses jobs,
 * cannot be reached, or the file cannot be read. A job once accepted is the printer's. */
int print_submit(const char *dest, const char *pdf_path, const char *title, char *err,
                 size_t errcap);

/* The state of job job_id on dest. Returns 0 (a job the printer no longer knows is
 * PRINT_JOB_UNKNOWN), or -1 with a message when dest cannot be asked. */
int print_job(const char *dest, int job_id, PrintJob *out, char *err, size_t errcap);

/* The state of dest itself. Returns 0 (a destination that does not exist has found =
 * false), or -1 with a message when the scheduler or printer cannot be reached. */
int print_printer(const char *dest, PrintPrinter *out, char *err, size_t errcap);

/* True for the job states after which nothing more happens. */
bool print_job_final(PrintJobState state);

/* A short English name for a job state ("completed"), for logs and tests. */
const char *print_job_state_name(PrintJobState state);

#endif
