/* flow_badge: name badges in the kiosk flow: the greeting's "pick up your badge", the
 * worker's results written to the store, and the badge part of the admin screen.
 *
 * The badge itself is queued by the store in the check-in's own transaction (store.h,
 * "Badge jobs"); the worker (core/printq) sends it on its thread. This file is the flow's
 * side of that: it never waits for CUPS. The job states the worker reaches are written
 * here, on the kiosk's own connection (printq.h says why).
 */
#include "core/flow_private.h"

#include <stdio.h>

/* Job states taken from the worker in one go (one transaction, one fsync). */
#define FLOW_BADGE_TAKE 32

void flow_badge_checked_in(Flow *f, const char *attendee_id, int64_t at)
{
    f->badge.pickup = false;
    if (!f->has_event || !f->event.badge.enabled) {
        return;
    }
    /* A read of the row the check-in's transaction wrote, or found there from before
     * (a check-in after an undo prints nothing new). */
    StoreBadgeJob job;
    f->badge.pickup = store_badge_job_latest(f->store, attendee_id, &job) == STORE_OK &&
                      job.created_ms == at && job.state == STORE_BADGE_QUEUED;
    if (f->badge.pickup) {
        printq_wake(f->cfg.printq);
    }
}

void flow_badge_refresh(Flow *f)
{
    memset(&f->badge.counts, 0, sizeof f->badge.counts);
    if (f->has_event && f->event.badge.enabled) {
        store_badge_counts(f->store, f->event_id, &f->badge.counts);
    }
}

bool flow_badge_poll(Flow *f, int64_t now_ms)
{
    if (f->cfg.printq == NULL) {
        return false;
    }
    flow_set_now(f, now_ms);
    StoreBadgeJob jobs[FLOW_BADGE_TAKE];
    bool wrote = false;
    size_t n;
    while ((n = printq_take(f->cfg.printq, jobs, FLOW_BADGE_TAKE)) > 0) {
        StoreStatus st = store_badge_jobs_update(f->store, jobs, n);
        if (st != STORE_OK) {
            fprintf(stderr, "mingel: badge jobs: %s (%s)\n", store_status_text(st),
                    store_last_error(f->store));
        }
        wrote = true;
    }
    if (wrote) {
        printq_written(f->cfg.printq);
    }
    uint64_t before = f->badge.status.version;
    printq_status(f->cfg.printq, &f->badge.status);
    bool admin = f->screen == FLOW_ADMIN;
    if (admin && (wrote || before != f->badge.status.version)) {
        flow_badge_refresh(f);
    }
    if (before == f->badge.status.version && !(admin && wrote)) {
        return false;
    }
    flow_refresh(f);
    return admin || f->screen == FLOW_GREETING;
}

void flow_badge_reprint(Flow *f, size_t i)
{
    if (!f->has_event || !f->event.badge.enabled || i >= f->count) {
        return;
    }
    StoreStatus st = store_badge_reprint(f->store, f->event_id, f->people[i].id, f->wall, NULL);
    f->admin.note = st == STORE_OK ? I18N_REPRINTED : I18N_SAVE_FAILED;
    snprintf(f->admin.note_arg, sizeof f->admin.note_arg, "%s",
             st == STORE_OK ? person_name(f, i) : store_status_text(st));
    flow_badge_refresh(f);
    printq_wake(f->cfg.printq);
}

void flow_badge_preprint(Flow *f)
{
    if (!f->has_event || !f->event.badge.enabled) {
        return;
    }
    size_t added = 0;
    StoreStatus st = store_badge_preprint(f->store, f->event_id, f->wall, &added);
    if (st == STORE_OK) {
        f->admin.note = I18N_PREPRINTED;
        snprintf(f->admin.note_arg, sizeof f->admin.note_arg, "%zu", added);
    } else {
        f->admin.note = I18N_SAVE_FAILED;
        snprintf(f->admin.note_arg, sizeof f->admin.note_arg, "%s", store_status_text(st));
    }
    flow_badge_refresh(f);
    printq_wake(f->cfg.printq);
}

void flow_badge_view(Flow *f, FlowView *v)
{
    const PrintQueueStatus *s = &f->badge.status;
    bool trouble = s->asked && !s->printer_ok;
    v->badge_pickup = f->screen == FLOW_GREETING && f->badge.pickup;
    v->badge_at_reception = v->badge_pickup && trouble;
    v->badges = f->has_event && f->event.badge.enabled;
    v->badge_printer = v->badges ? f->event.badge.printer : "";
    v->badge_printer_ok = s->asked && s->printer_ok;
    v->badge_problem = s->problem;
    v->badge_queued = f->badge.counts.queued;
    v->badge_sent = f->badge.counts.sent;
    v->badge_done = f->badge.counts.done;
    v->badge_failed = f->badge.counts.failed;
    v->badge_unprinted = f->badge.counts.unprinted;
}
