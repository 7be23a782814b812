/* printq: the badge printer worker (contract in printq.h).
 *
 * One thread, one store connection, one Badge (cairo and FreeType are used from this
 * thread only). The thread sleeps on a condition variable between rounds; printq_wake and
 * printq_stop signal it. Record times are the system clock (the store's jobs), waits the
 * monotonic one.
 */
#include "core/printq.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/badge.h"
#include "core/ids.h"
#include "core/store.h"
#include "core/text.h"

#define PRINTQ_BATCH   16 /* jobs of one state looked at in one round */
#define PRINTQ_PENDING 64 /* job states handed over and not yet written */

/* A job state the worker reached, on its way to the store through the kiosk's thread. */
typedef struct Pending {
    StoreBadgeJob job;
    bool taken;   /* printq_take copied it out */
    bool written; /* printq_written: the store has it */
} Pending;

struct PrintQueue {
    PrintQueueConfig cfg;
    char *db_path, *fonts_dir;
    char tmp_dir[512]; /* mkdtemp template of a job's directory: its PDF on the way to CUPS */

    pthread_t thread;
    pthread_mutex_t lock; /* guards everything below */
    pthread_cond_t cond;
    bool stop, woken;
    PrintQueueStatus status;
    Pending pending[PRINTQ_PENDING];
    size_t npending;

    /* The worker's own (touched by the thread only). */
    Store *store;
    Badge *badge;
    char last_failure[PRINT_REASONS_MAX]; /* the last job that failed, "" after a success */
};

static void notify(PrintQueue *q)
{
    if (q->cfg.changed) {
        q->cfg.changed(q->cfg.changed_ctx);
    }
}

/* printq_stop was called: a round ends between two CUPS calls, not after all of them
 * (each may take PRINT_TIMEOUT_MS against a printer that does not answer). */
static bool stopping(PrintQueue *q)
{
    pthread_mutex_lock(&q->lock);
    bool stop = q->stop;
    pthread_mutex_unlock(&q->lock);
    return stop;
}

/* Room for n more states (checked before a job goes to CUPS, so its state has a place). */
static bool has_room(PrintQueue *q, size_t n)
{
    pthread_mutex_lock(&q->lock);
    bool room = q->npending + n <= PRINTQ_PENDING;
    pthread_mutex_unlock(&q->lock);
    return room;
}

/* Hands the job's new state over (has_room said there is a place). */
static void report(PrintQueue *q, const StoreBadgeJob *j)
{
    pthread_mutex_lock(&q->lock);
    Pending *p = NULL;
    for (size_t i = q->npending; i-- > 0;) {
        if (strcmp(q->pending[i].job.id, j->id) == 0) {
            p = q->pending[i].taken ? NULL : &q->pending[i];
            break;
        }
    }
    if (p == NULL && q->npending < PRINTQ_PENDING) {
        p = &q->pending[q->npending++];
    }
    if (p != NULL) {
        p->job = *j;
        p->job.updated_ms = ids_now_ms(); /* what the retry waits from */
        p->taken = p->written = false;
    }
    pthread_mutex_unlock(&q->lock);
    notify(q);
}

/* The latest state handed over for job id, if any not yet written. */
static bool pending_latest(PrintQueue *q, const char *id, StoreBadgeJob *out)
{
    bool found = false;
    pthread_mutex_lock(&q->lock);
    for (size_t i = q->npending; i-- > 0;) {
        if (!q->pending[i].written && strcmp(q->pending[i].job.id, id) == 0) {
            if (out) {
                *out = q->pending[i].job;
            }
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return found;
}

/* Forgets the states the store has now. */
static void drop_written(PrintQueue *q)
{
    pthread_mutex_lock(&q->lock);
    size_t k = 0;
    for (size_t i = 0; i < q->npending; i++) {
        if (!q->pending[i].written) {
            q->pending[k++] = q->pending[i];
        }
    }
    q->npending = k;
    pthread_mutex_unlock(&q->lock);
}

/* The event's jobs in state as the worker knows them: the store's, each replaced by the
 * state handed over since (if any). At most cap. */
static size_t collect(PrintQueue *q, const char *event_id, StoreBadgeState state,
                      StoreBadgeJob *out, size_t cap)
{
    StoreBadgeJob stored[PRINTQ_BATCH];
    size_t n = 0, k = 0;
    if (store_badge_jobs(q->store, event_id, state, stored, PRINTQ_BATCH, &n) != STORE_OK) {
        n = 0;
    }
    for (size_t i = 0; i < n && k < cap; i++) {
        if (!pending_latest(q, stored[i].id, NULL)) {
            out[k++] = stored[i];
        }
    }
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; i < q->npending && k < cap; i++) {
        const Pending *p = &q->pending[i];
        bool latest = !p->written;
        for (size_t m = i + 1; latest && m < q->npending; m++) {
            latest = strcmp(q->pending[m].job.id, p->job.id) != 0;
        }
        if (latest && p->job.state == state && strcmp(p->job.event_id, event_id) == 0) {
            out[k++] = p->job;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return k;
}

PrintQueueConfig printq_default_config(void)
{
    return (PrintQueueConfig){.poll_ms = 1000, .idle_ms = 10000, .retry_ms = 5000, .max_tries = 10};
}

/* Publishes what the round found; calls changed when it differs from before. */
static void publish(PrintQueue *q, const PrintQueueStatus *now)
{
    pthread_mutex_lock(&q->lock);
    PrintQueueStatus next = *now;
    next.version = q->status.version;
    bool differs = memcmp(&next, &q->status, sizeof next) != 0;
    if (differs) {
        next.version++;
        q->status = next;
    }
    pthread_mutex_unlock(&q->lock);
    if (differs) {
        notify(q);
    }
}

/* The problem with the printer in a line, "" when it is fine. */
static void printer_problem(const char *dest, const PrintPrinter *p, char *out, size_t cap)
{
    const char *detail = p->message[0] ? p->message : p->reasons;
    if (!p->found) {
        text_printf(out, cap, "printer \"%.80s\" does not exist (lpstat -p lists the queues)",
                    dest);
    } else if (!p->accepting) {
        text_printf(out, cap, "printer \"%.80s\" does not take jobs%s%.120s", dest,
                    detail[0] ? ": " : "", detail);
    } else if (p->stopped) {
        text_printf(out, cap, "printer \"%.80s\" is stopped%s%.120s", dest, detail[0] ? ": " : "",
                    detail);
    } else if (strstr(p->reasons, "-error")) {
        text_printf(out, cap, "printer \"%.80s\": %.120s", dest, detail);
    } else {
        out[0] = '\0';
    }
}

static void job_failed(PrintQueue *q, StoreBadgeJob *j, const char *reason, bool final)
{
    j->state = STORE_BADGE_FAILED;
    j->updated_ms = ids_now_ms();
    text_printf(j->reason, sizeof j->reason, "%s", reason);
    if (final && j->tries < q->cfg.max_tries) {
        j->tries = q->cfg.max_tries; /* no retry: the organiser reprints if wanted */
    }
    report(q, j);
    text_printf(q->last_failure, sizeof q->last_failure, "%s", reason);
    fprintf(stderr, "mingel: badge not printed: %s\n", reason);
}

/* Follows the jobs CUPS has. */
static void follow_sent(PrintQueue *q, const char *event_id, const char *dest)
{
    StoreBadgeJob jobs[PRINTQ_BATCH];
    size_t n = collect(q, event_id, STORE_BADGE_SENT, jobs, PRINTQ_BATCH);
    for (size_t i = 0; i < n && has_room(q, 1) && !stopping(q); i++) {
        StoreBadgeJob *j = &jobs[i];
        PrintJob pj;
        char err[PRINT_REASONS_MAX];
        if (print_job(dest, j->cups_job, &pj, err, sizeof err) != 0) {
            return; /* cannot ask now; the job stays sent */
        }
        if (pj.state == PRINT_JOB_COMPLETED) {
            j->state = STORE_BADGE_DONE;
            j->reason[0] = '\0';
            report(q, j);
        } else if (pj.state == PRINT_JOB_UNKNOWN) {
            job_failed(q, j, "the printer no longer knows the job (queue removed?)", true);
        } else if (print_job_final(pj.state)) {
            char why[STORE_BADGE_REASON_MAX];
            text_printf(why, sizeof why, "job %s%s%.120s", print_job_state_name(pj.state),
                        pj.reasons[0] ? ": " : "", pj.reasons);
            job_failed(q, j, why, true);
        }
    }
}

/* Renders the job's badge and hands it to CUPS. Returns false when the printer could not
 * take it (the round stops sending: the next job would fail the same way). */
static bool send_one(PrintQueue *q, const EventInfo *ev, const BadgeLayout *layout,
                     StoreBadgeJob *j)
{
    StoreAttendee a;
    char err[1024];
    if (store_get_attendee(q->store, j->attendee_id, &a) != STORE_OK) {
        job_failed(q, j, "the attendee is no longer in the database", true);
        return true;
    }
    if (q->badge == NULL) {
        q->badge = badge_open(q->fonts_dir, err, sizeof err);
        if (q->badge == NULL) {
            j->tries++;
            job_failed(q, j, err, false);
            return false;
        }
    }
    /* A directory of the job's own, gone again when the job has gone to CUPS: a kiosk
     * that dies (kill -9, its X server gone) leaves nothing behind unless it dies right
     * here. */
    char dir[sizeof q->tmp_dir], path[sizeof q->tmp_dir + 16];
    memcpy(dir, q->tmp_dir, sizeof dir);
    if (mkdtemp(dir) == NULL) {
        text_printf(err, sizeof err, "%s: %s", dir, strerror(errno));
        j->tries++;
        job_failed(q, j, err, j->tries >= q->cfg.max_tries);
        return false;
    }
    snprintf(path, sizeof path, "%s/badge.pdf", dir);
    BadgeData d = {.name = a.name,
                   .organisation = a.organisation,
                   .role = a.role,
                   .event_title = ev->title,
                   .event_date = ev->date,
                   .qr_text = layout->qr ? a.id : NULL};
    bool written = badge_write_pdf(q->badge, layout, &d, path, NULL, err, sizeof err) == 0;
    int cups_job = 0;
    if (written) {
        j->tries++;
        cups_job = print_submit(ev->badge.printer, path, a.name, err, sizeof err);
    }
    remove(path);
    rmdir(dir);
    if (!written) {
        job_failed(q, j, err, true);
        return true;
    }
    if (cups_job <= 0) {
        job_failed(q, j, err, j->tries >= q->cfg.max_tries);
        return false;
    }
    j->state = STORE_BADGE_SENT;
    j->cups_job = cups_job;
    j->reason[0] = '\0';
    q->last_failure[0] = '\0';
    report(q, j);
    return true;
}

/* One round. Returns true when something is still under way (poll again soon). */
static bool round_once(PrintQueue *q)
{
    PrintQueueStatus st;
    memset(&st, 0, sizeof st);
    char err[1024];
    if (q->store == NULL &&
        store_open(q->db_path, ids_os_random, NULL, &q->store, err, sizeof err) != STORE_OK) {
        q->store = NULL;
        text_printf(st.problem, sizeof st.problem, "%s", err);
        publish(q, &st);
        return false;
    }
    EventInfo *ev = malloc(sizeof *ev);
    char event_id[IDS_UUID_LEN + 1];
    if (ev == NULL || store_event_current(q->store, ev, event_id) != STORE_OK ||
        !ev->badge.enabled) {
        free(ev);
        publish(q, &st);
        return false;
    }
    st.enabled = true;
    snprintf(st.printer, sizeof st.printer, "%s", ev->badge.printer);
    const char *dest = ev->badge.printer;

    PrintPrinter p;
    bool reachable = print_printer(dest, &p, err, sizeof err) == 0;
    st.asked = true;
    if (!reachable) {
        text_printf(st.problem, sizeof st.problem, "%s", err);
    } else {
        printer_problem(dest, &p, st.problem, sizeof st.problem);
        st.printer_ok = p.found && p.accepting && !p.stopped;
    }
    if (st.printer_ok) {
        /* Back in order: an old failure is no news (failed jobs still count as such). */
        q->last_failure[0] = '\0';
    }

    if (reachable) {
        follow_sent(q, event_id, dest);
    }
    BadgeLayout layout;
    memset(&layout, 0, sizeof layout);
    unsigned char *logo = NULL;
    bool layout_ok = badge_label_parse(ev->badge.label, &layout.label, err, sizeof err) == 0;
    if (layout_ok) {
        layout.landscape = !ev->badge.portrait;
        layout.fields = ev->badge.fields;
        layout.qr = ev->badge.qr;
        layout.dpi = 300;
        if (store_badge_logo(q->store, event_id, &logo, &layout.logo_len) == STORE_OK) {
            layout.logo_png = logo;
        }
    }
    /* A job fails only against a printer that takes jobs, or one that cannot be asked
     * (its tries count); one that does not exist or refuses keeps them queued or failed
     * as they are until it is back. */
    bool takes = reachable && p.found && p.accepting;
    StoreBadgeJob jobs[PRINTQ_BATCH];
    size_t n = takes ? collect(q, event_id, STORE_BADGE_FAILED, jobs, PRINTQ_BATCH) : 0;
    int64_t now = ids_now_ms();
    bool retry_due = false;
    for (size_t i = 0; i < n && layout_ok && has_room(q, 1) && !stopping(q); i++) {
        if (jobs[i].tries >= q->cfg.max_tries) {
            continue;
        }
        /* A job's time is when it was last tried (the system clock, as here); one from
         * the future (the clock was set back since) is due at once. */
        int64_t since = now - jobs[i].updated_ms;
        if (since >= 0 && since < q->cfg.retry_ms) {
            retry_due = true;
            continue;
        }
        jobs[i].updated_ms = now;
        if (!send_one(q, ev, &layout, &jobs[i])) {
            break;
        }
    }
    n = layout_ok ? collect(q, event_id, STORE_BADGE_QUEUED, jobs, PRINTQ_BATCH) : 0;
    size_t still_queued = 0;
    for (size_t i = 0; i < n; i++) {
        if (!has_room(q, 1) || stopping(q)) {
            still_queued++;
            continue;
        }
        if (!takes) {
            /* Said once on the job, so the staff see why it waits; tried again later. */
            jobs[i].tries++;
            jobs[i].updated_ms = now;
            job_failed(q, &jobs[i], st.problem[0] ? st.problem : "the printer is not there",
                       jobs[i].tries >= q->cfg.max_tries);
            continue;
        }
        if (!send_one(q, ev, &layout, &jobs[i])) {
            still_queued += n - i - 1;
            break;
        }
    }
    if (!layout_ok) {
        text_printf(st.problem, sizeof st.problem, "%s", err);
    }
    free(logo);
    if (!st.problem[0]) {
        text_printf(st.problem, sizeof st.problem, "%s", q->last_failure);
    }
    size_t sent = collect(q, event_id, STORE_BADGE_SENT, jobs, PRINTQ_BATCH);
    free(ev);
    publish(q, &st);
    return still_queued > 0 || sent > 0 || retry_due;
}

static void *worker(void *arg)
{
    PrintQueue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        bool stop = q->stop;
        q->woken = false;
        pthread_mutex_unlock(&q->lock);
        if (stop) {
            break;
        }
        drop_written(q);
        bool busy = round_once(q);
        int64_t wait_ms = busy ? q->cfg.poll_ms : q->cfg.idle_ms;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += (time_t)(wait_ms / 1000);
        until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_mutex_lock(&q->lock);
        while (!q->stop && !q->woken) {
            if (pthread_cond_timedwait(&q->cond, &q->lock, &until) == ETIMEDOUT) {
                break;
            }
        }
        pthread_mutex_unlock(&q->lock);
    }
    badge_close(q->badge);
    store_close(q->store);
    q->badge = NULL;
    q->store = NULL;
    return NULL;
}

PrintQueue *printq_start(const PrintQueueConfig *cfg, char *err, size_t errcap)
{
    PrintQueue *q = calloc(1, sizeof *q);
    if (q == NULL || cfg->db_path == NULL || cfg->fonts_dir == NULL) {
        text_printf(err, errcap, q ? "printq: no database or fonts" : "printq: out of memory");
        free(q);
        return NULL;
    }
    q->cfg = *cfg;
    PrintQueueConfig def = printq_default_config();
    q->cfg.poll_ms = cfg->poll_ms > 0 ? cfg->poll_ms : def.poll_ms;
    q->cfg.idle_ms = cfg->idle_ms > 0 ? cfg->idle_ms : def.idle_ms;
    q->cfg.retry_ms = cfg->retry_ms > 0 ? cfg->retry_ms : def.retry_ms;
    q->cfg.max_tries = cfg->max_tries > 0 ? cfg->max_tries : def.max_tries;
    q->db_path = strdup(cfg->db_path);
    q->fonts_dir = strdup(cfg->fonts_dir);
    const char *tmp = getenv("TMPDIR");
    int n = snprintf(q->tmp_dir, sizeof q->tmp_dir, "%s/mingel-print-XXXXXX",
                     tmp && tmp[0] ? tmp : "/tmp");
    if (q->db_path == NULL || q->fonts_dir == NULL || n < 0 || (size_t)n >= sizeof q->tmp_dir) {
        text_printf(err, errcap,
                    q->db_path && q->fonts_dir ? "printq: TMPDIR is too long"
                                               : "printq: out of memory");
        free(q->db_path);
        free(q->fonts_dir);
        free(q);
        return NULL;
    }
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, &ca);
    pthread_condattr_destroy(&ca);
    int rc = pthread_create(&q->thread, NULL, worker, q);
    if (rc != 0) {
        text_printf(err, errcap, "printq: no thread: %s", strerror(rc));
        pthread_cond_destroy(&q->cond);
        pthread_mutex_destroy(&q->lock);
        free(q->db_path);
        free(q->fonts_dir);
        free(q);
        return NULL;
    }
    return q;
}

void printq_wake(PrintQueue *q)
{
    if (q == NULL) {
        return;
    }
    pthread_mutex_lock(&q->lock);
    q->woken = true;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void printq_status(PrintQueue *q, PrintQueueStatus *out)
{
    if (q == NULL) {
        memset(out, 0, sizeof *out);
        return;
    }
    pthread_mutex_lock(&q->lock);
    *out = q->status;
    pthread_mutex_unlock(&q->lock);
}

size_t printq_take(PrintQueue *q, StoreBadgeJob *out, size_t cap)
{
    size_t n = 0;
    if (q == NULL) {
        return 0;
    }
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; i < q->npending && n < cap; i++) {
        if (!q->pending[i].taken) {
            q->pending[i].taken = true;
            out[n++] = q->pending[i].job;
        }
    }
    pthread_mutex_unlock(&q->lock);
    return n;
}

void printq_written(PrintQueue *q)
{
    if (q == NULL) {
        return;
    }
    pthread_mutex_lock(&q->lock);
    for (size_t i = 0; i < q->npending; i++) {
        q->pending[i].written = q->pending[i].written || q->pending[i].taken;
    }
    q->woken = true; /* room again */
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
}

void printq_stop(PrintQueue *q)
{
    if (q == NULL) {
        return;
    }
    pthread_mutex_lock(&q->lock);
    bool running = !q->stop;
    q->stop = true;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (running) {
        pthread_join(q->thread, NULL);
    }
}

void printq_free(PrintQueue *q)
{
    if (q == NULL) {
        return;
    }
    printq_stop(q);
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
    free(q->db_path);
    free(q->fonts_dir);
    free(q);
}
