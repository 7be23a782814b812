/* badges: the name badge figures of mingel-bench (issue 16's targets, DESIGN.md).
 *
 *   badge.render          one badge as the printer gets it: a 62x100 mm PDF in memory with
 *                         a name, an organisation and the meeting (target <= 50 ms)
 *   badge.checkin_to_cups a scanned check-in to the job CUPS took: the flow commits the
 *                         check-in with its badge job, the worker (core/printq) renders and
 *                         submits it, and the kiosk learns the CUPS job id (target <= 300 ms)
 *
 * The second needs a CUPS queue that takes jobs: MINGEL_BENCH_PRINTER names it (the local
 * scheduler, or the one CUPS_SERVER names). Without it the row says n/a: the benchmark
 * never prints on a printer nobody named.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench/bench.h"
#include "core/badge.h"
#include "core/flow.h"
#include "core/ids.h"
#include "core/print.h"
#include "core/printq.h"
#include "core/roster.h"
#include "core/store.h"

static const BadgeData BADGE_DATA = {.name = "Anna-Karin Lindén-Wikström",
                                     .organisation = "Samhällsbyggnadsförvaltningen, Luleå",
                                     .event_title = "Driftchefsnätverket – höstträff",
                                     .event_date = "2026-11-26"};

static void render_row(Bench *b, Badge *badge)
{
    BadgeLayout layout;
    memset(&layout, 0, sizeof layout);
    char err[256];
    if (badge_label_parse("62x100", &layout.label, err, sizeof err) != 0) {
        bench_log("%s", err);
        exit(70);
    }
    layout.landscape = true;
    layout.fields = BADGE_FIELD_ORGANISATION | BADGE_FIELD_EVENT | BADGE_FIELD_DATE;
    layout.dpi = 300;
    const size_t n = b->quick ? 5 : 50;
    double ms[64];
    for (size_t i = 0; i < n; i++) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        int64_t t0 = bench_ns();
        int rc = badge_pdf(badge, &layout, &BADGE_DATA, &pdf, &len, NULL, err, sizeof err);
        ms[i] = bench_ms(t0, bench_ns());
        free(pdf);
        if (rc != 0) {
            bench_log("badge_pdf: %s", err);
            exit(70);
        }
    }
    bench_add(b, "badge.render", "ms", ms, n, true,
              "one 62x100 mm badge as PDF in memory: name on two lines, organisation, meeting");
}

/* A meeting of 200 with a [badge] section naming printer. */
static int make_meeting(Store *st, const char *printer, char event_id[IDS_UUID_LEN + 1])
{
    EventInfo ev;
    event_defaults(&ev);
    snprintf(ev.key, sizeof ev.key, "bench-badges");
    snprintf(ev.title, sizeof ev.title, "Bänkmöte");
    snprintf(ev.date, sizeof ev.date, "2026-11-26");
    ev.badge.enabled = true;
    snprintf(ev.badge.printer, sizeof ev.badge.printer, "%s", printer);
    snprintf(ev.badge.label, sizeof ev.badge.label, "62x100");
    ev.badge.fields = BADGE_FIELD_ORGANISATION;
    if (store_event_put(st, &ev, ids_now_ms(), event_id) != STORE_OK) {
        return -1;
    }
    Roster r = {0};
    char csv[200 * 64 + 64] = "name;organisation;ticket\n", err[256];
    size_t len = strlen(csv);
    for (int i = 0; i < 200; i++) {
        len += (size_t)snprintf(csv + len, sizeof csv - len, "Person Nummer%03d;Org %d;B%03d\n", i,
                                i, i);
    }
    StoreImportResult res;
    int rc = roster_parse("bench.csv", csv, len, &r, err, sizeof err) == 0 &&
                     store_import_roster(st, event_id, &r, ids_now_ms(), &res) == STORE_OK
                 ? 0
                 : -1;
    roster_free(&r);
    return rc;
}

static void checkin_row(Bench *b, const char *fonts)
{
    const char *printer = getenv("MINGEL_BENCH_PRINTER");
    if (!printer || !printer[0]) {
        bench_add_na(b, "badge.checkin_to_cups", "ms",
                     "n/a (MINGEL_BENCH_PRINTER names no CUPS queue to print on)");
        return;
    }
    char db[BENCH_PATH_MAX], err[512], event_id[IDS_UUID_LEN + 1];
    bench_tmp_path(b, "badges.db", db);
    Store *st = NULL;
    if (store_open(db, ids_os_random, NULL, &st, err, sizeof err) != STORE_OK ||
        make_meeting(st, printer, event_id) != 0) {
        bench_log("badges: %s", st ? store_last_error(st) : err);
        exit(70);
    }
    PrintQueueConfig pc = printq_default_config();
    pc.db_path = db;
    pc.fonts_dir = fonts;
    PrintQueue *q = printq_start(&pc, err, sizeof err);
    FlowConfig cfg = flow_default_config();
    cfg.printq = q;
    cfg.idle_ms = 3600000;
    Flow *f = q ? flow_new(st, &cfg, ids_now_ms(), err, sizeof err) : NULL;
    if (!f) {
        bench_log("badges: %s", err);
        exit(70);
    }
    const size_t n = b->quick ? 3 : 20;
    double ms[32];
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        char code[32];
        snprintf(code, sizeof code, "B%03zu", i);
        StoreAttendee a;
        if (store_find_ticket(st, event_id, code, &a) != STORE_OK) {
            break;
        }
        int64_t t0 = bench_ns();
        flow_scan(f, code, ids_now_ms());
        /* Until the kiosk knows the CUPS job id (the worker's nudge arrives as fast as
         * this loop looks: 0.2 ms). 10 s at most. */
        StoreBadgeJob j = {0};
        while (bench_ms(t0, bench_ns()) < 10000) {
            flow_badge_poll(f, ids_now_ms());
            if (store_badge_job_latest(st, a.id, &j) == STORE_OK && j.cups_job > 0) {
                break;
            }
            struct timespec ts = {0, 200000};
            nanosleep(&ts, NULL);
        }
        if (j.cups_job <= 0) {
            bench_log("badges: the job of %s never reached CUPS (%s)", code, j.reason);
            break;
        }
        ms[got++] = bench_ms(t0, bench_ns());
        flow_act(f, FLOW_ACT_DONE, 0, ids_now_ms());
    }
    if (got > 0) {
        bench_add(b, "badge.checkin_to_cups", "ms", ms, got, true,
                  "a scan to the job id CUPS gave (queue %s): commit, worker, render, submit",
                  printer);
    } else {
        bench_add_na(b, "badge.checkin_to_cups", "ms", "n/a (queue %s took no job)", printer);
    }
    printq_stop(q);
    flow_badge_poll(f, ids_now_ms());
    flow_free(f);
    printq_free(q);
    store_close(st);
    bench_remove_db(db);
}

void bench_badges(Bench *b)
{
    if (!bench_wants(b, "badge")) {
        return;
    }
    bench_log("badge: render, check-in to CUPS");
    char fonts[BENCH_PATH_MAX + 8], err[256];
    snprintf(fonts, sizeof fonts, "%s/fonts", b->data_dir);
    Badge *badge = badge_open(fonts, err, sizeof err);
    if (!badge) {
        bench_log("%s", err);
        exit(70);
    }
    render_row(b, badge);
    badge_close(badge);
    checkin_row(b, fonts);
}
