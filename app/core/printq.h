/* printq: the kiosk's badge printer worker, a thread of its own.
 *
 * A check-in queues a badge job in the store (store.h, "Badge jobs") in the check-in's own
 * transaction; this worker sends it, so neither CUPS (print.h: calls that may block for
 * seconds) nor rendering the badge (cairo) ever holds up the kiosk's event loop or a
 * check-in's commit. Each round it reads the current meeting's [badge] setup and the jobs
 * on a second connection to the database, asks the printer's state, follows the jobs
 * CUPS has (sent -> done, or failed with the reason), sends the queued ones in order, and
 * tries a failed one again once the printer takes jobs (up to max_tries submits; then it
 * stays failed and the organiser reprints). Queued jobs left by a restart are sent after
 * start, sent ones are followed on.
 *
 * The worker only reads the database. The job states it reaches are handed to the kiosk's
 * thread (printq_take), which writes them on its own connection (printq_written): a write
 * from a second connection would look to the kiosk like an organiser's import and make it
 * read the whole meeting again. Until written, the worker goes by what it handed over, so
 * no job is sent twice.
 *
 * Known limit: a job is written as sent after CUPS took it; if the program dies in the
 * instant between the two, the job is still queued at the next start and prints twice.
 *
 * What the staff see (PrintQueueStatus) is kept under a lock; changed (if set) is called
 * from the worker thread whenever it or the job states change, to wake the event loop.
 */
#ifndef MINGEL_PRINTQ_H
#define MINGEL_PRINTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/print.h"
#include "core/store.h"

typedef struct PrintQueueConfig {
    const char *db_path;        /* the kiosk's database (copied) */
    const char *fonts_dir;      /* NotoSans-Regular.ttf and NotoSans-Bold.ttf (copied) */
    int64_t poll_ms;            /* ms between rounds while jobs are queued or sent (1000) */
    int64_t idle_ms;            /* ms between rounds otherwise: the printer's state (10000) */
    int64_t retry_ms;           /* ms before a failed job is tried again (5000) */
    int max_tries;              /* submits of one job before it stays failed (10) */
    void (*changed)(void *ctx); /* called on the worker thread when the status changed */
    void *changed_ctx;
} PrintQueueConfig;

/* The defaults above; db_path and fonts_dir NULL. */
PrintQueueConfig printq_default_config(void);

typedef struct PrintQueueStatus {
    bool enabled;                    /* the current meeting prints badges */
    char printer[EVENT_TEXT_MAX];    /* its printer as the event file names it */
    bool asked;                      /* the printer has been asked at least once */
    bool printer_ok;                 /* it exists, takes jobs, and is not stopped */
    char problem[PRINT_REASONS_MAX]; /* what is wrong, in CUPS's or the worker's words,
                                        "" when nothing: for the staff, never the attendee */
    uint64_t version;                /* changes whenever anything above changes */
} PrintQueueStatus;

typedef struct PrintQueue PrintQueue;

/* Starts the worker. Returns NULL with a message in err when out of memory or a thread
 * cannot be made; a database or printer that cannot be reached is not an error here: the
 * worker tries again each round and says so in its status. */
PrintQueue *printq_start(const PrintQueueConfig *cfg, char *err, size_t errcap);

/* Asks the worker to look at the queue now (a badge was just queued). Never blocks on
 * CUPS or the database. q may be NULL. */
void printq_wake(PrintQueue *q);

/* A copy of the status. q may be NULL (all zero). */
void printq_status(PrintQueue *q, PrintQueueStatus *out);

/* Copies up to cap job states the worker reached and the kiosk has not yet taken into out;
 * returns how many. The caller writes them to the store (store_badge_jobs_update) and
 * then calls printq_written, whether the write worked or not. q may be NULL (0). */
size_t printq_take(PrintQueue *q, StoreBadgeJob *out, size_t cap);

/* The states taken so far are in the store (or will never be): the worker reads them
 * from there from now on. */
void printq_written(PrintQueue *q);

/* Stops the worker (waits for a CUPS call in progress, at most PRINT_TIMEOUT_MS). Job states
 * it reached are still there for printq_take: take and write them before printq_free, or
 * a job CUPS took stays queued in the store and prints again at the next start. Jobs not
 * yet sent stay queued. q may be NULL; a second call does nothing. */
void printq_stop(PrintQueue *q);

/* Stops the worker if running and frees it; q may be NULL. */
void printq_free(PrintQueue *q);

#endif
