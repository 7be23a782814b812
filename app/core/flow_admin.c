/* flow_admin: the organiser's side of the kiosk's state machine.
 *
 * The PIN pad, the admin screen (counts, phase, export to the USB stick, leaving the
 * kiosk), the undo list and the clock screen. They are screens in flow.c's SCREENS table
 * like any other; what they share with the attendee flow is in flow_private.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/export.h"
#include "core/flow_private.h"
#include "core/paths.h"
#include "core/pin.h"
#include "core/search.h"

/* ---- Organiser ------------------------------------------------------------------------ */

static bool pin_set(Flow *f)
{
    char hash[STORE_PIN_HASH_MAX];
    return store_pin_get(f->store, hash) == STORE_OK;
}

static int64_t pin_wait_left(const Flow *f)
{
    if (f->pin.failures == 0) {
        return 0;
    }
    int64_t left = f->pin.last_failure + pin_wait_ms(f->pin.failures) - f->now;
    return left > 0 ? left : 0;
}

void flow_pin_enter(Flow *f)
{
    pin_wipe(f->pin.typed, sizeof f->pin.typed);
    f->pin.len = 0;
    f->pin.wrong = false;
    if (store_pin_failures(f->store, &f->pin.failures, &f->pin.last_failure) != STORE_OK) {
        f->pin.failures = 0;
        f->pin.last_failure = 0;
    }
}

void flow_pin_leave(Flow *f)
{
    pin_wipe(f->pin.typed, sizeof f->pin.typed);
    f->pin.len = 0;
}

/* Checks the typed PIN. A failure is stored before the pad says "wrong", so pulling the
 * plug between tries does not reset the lockout. */
static FlowScreen check_pin(Flow *f)
{
    char hash[STORE_PIN_HASH_MAX];
    if (f->pin.len < PIN_MIN_DIGITS || pin_wait_left(f) > 0 ||
        store_pin_get(f->store, hash) != STORE_OK) {
        return FLOW_ADMIN_PIN;
    }
    bool ok = pin_matches(hash, f->pin.typed);
    pin_wipe(f->pin.typed, sizeof f->pin.typed);
    f->pin.len = 0;
    if (ok) {
        store_pin_succeeded(f->store);
        return FLOW_ADMIN;
    }
    if (store_pin_failed(f->store, f->now) != STORE_OK) {
        fprintf(stderr, "mingel: could not count a wrong PIN: %s\n", store_last_error(f->store));
    }
    store_pin_failures(f->store, &f->pin.failures, &f->pin.last_failure);
    f->pin.wrong = true;
    return FLOW_ADMIN_PIN;
}

FlowScreen flow_pin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_DIGIT:
        if (arg >= 0 && arg <= 9 && f->pin.len < PIN_MAX_DIGITS && pin_wait_left(f) == 0) {
            f->pin.typed[f->pin.len++] = (char)('0' + arg);
            f->pin.typed[f->pin.len] = '\0';
            f->pin.wrong = false;
        }
        return FLOW_ADMIN_PIN;
    case FLOW_ACT_BACKSPACE:
        if (f->pin.len > 0) {
            f->pin.typed[--f->pin.len] = '\0';
        }
        return FLOW_ADMIN_PIN;
    case FLOW_ACT_PIN_OK: return check_pin(f);
    case FLOW_ACT_BACK: return FLOW_WELCOME;
    default: return FLOW_ADMIN_PIN;
    }
}

/* ---- The undo list --------------------------------------------------------------------
 * Every attendee with a check-in record of this meeting, whether checked in now or undone
 * since (then the row offers "restore"), newest record first; a query typed on the screen
 * narrows it through a search index of its own, best match first. */

/* Grows the entry table and the hit list together. Returns 0, or -1 when out of memory. */
static int undo_reserve(Flow *f, size_t need)
{
    if (need <= f->undo.cap) {
        return 0;
    }
    size_t cap = f->undo.cap ? f->undo.cap * 2 : 64;
    while (cap < need) {
        cap *= 2;
    }
    FlowUndoEntry *e = realloc(f->undo.entry, cap * sizeof *e);
    if (!e) {
        return -1;
    }
    f->undo.entry = e;
    uint32_t *h = realloc(f->undo.hits, cap * sizeof *h);
    if (!h) {
        return -1;
    }
    f->undo.hits = h;
    f->undo.cap = cap;
    return 0;
}

typedef struct UndoCtx {
    Flow *f;
    size_t *slot; /* person index -> entry + 1, 0 = none yet */
    bool failed;
} UndoCtx;

/* One entry per attendee; rows come oldest first, so the last row seen is the latest. */
static int note_checkin(void *ctx, const StoreCheckinRow *row)
{
    UndoCtx *u = ctx;
    Flow *f = u->f;
    size_t i = find_person(f, row->attendee_id);
    if (i == (size_t)-1) {
        return 0; /* not known to this kiosk */
    }
    if (!u->slot[i]) {
        if (row->reverses[0]) {
            return 0; /* a reversal of nothing seen: not offered */
        }
        if (undo_reserve(f, f->undo.count + 1) != 0) {
            u->failed = true;
            return 1;
        }
        f->undo.entry[f->undo.count] = (FlowUndoEntry){.person = i};
        u->slot[i] = ++f->undo.count;
    }
    f->undo.entry[u->slot[i] - 1].last_ms = row->at_ms;
    return 0;
}

static int newest_first(const void *a, const void *b)
{
    const FlowUndoEntry *x = a, *y = b;
    if (x->last_ms != y->last_ms) {
        return x->last_ms > y->last_ms ? -1 : 1;
    }
    return x->person < y->person ? -1 : x->person > y->person;
}

/* The entries the query matches, into undo_hits; the page stays in range. */
static void undo_filter(Flow *f)
{
    f->undo.hit_count = 0;
    if (!f->undo.query[0]) {
        for (size_t i = 0; i < f->undo.count; i++) {
            f->undo.hits[f->undo.hit_count++] = (uint32_t)i;
        }
    } else if (f->undo.search && f->undo.count) {
        size_t n = search_query(f->undo.search, f->undo.query, f->undo.hits, f->undo.count);
        f->undo.hit_count = n < f->undo.count ? n : f->undo.count;
    }
    int pages = (int)((f->undo.hit_count + FLOW_UNDO_PAGE - 1) / FLOW_UNDO_PAGE);
    if (f->undo.page >= pages) {
        f->undo.page = pages > 0 ? pages - 1 : 0;
    }
}

/* Reads the undo list again from the store. Out of memory leaves it empty. */
static void undo_refresh(Flow *f)
{
    f->undo.count = 0;
    UndoCtx u = {f, calloc(f->count ? f->count : 1, sizeof *u.slot), false};
    if (u.slot && f->has_event) {
        store_each_checkin(f->store, f->event_id, note_checkin, &u);
    }
    free(u.slot);
    if (!u.slot || u.failed) {
        f->undo.count = 0;
    }
    if (f->undo.count > 1) { /* entry is NULL while nobody has checked in */
        qsort(f->undo.entry, f->undo.count, sizeof *f->undo.entry, newest_first);
    }
    if (!f->undo.search) {
        f->undo.search = search_new();
    }
    if (f->undo.search) {
        search_clear(f->undo.search);
        for (size_t i = 0; i < f->undo.count; i++) {
            size_t p = f->undo.entry[i].person;
            if (search_add(f->undo.search, (uint32_t)i, person_name(f, p), person_org(f, p)) != 0) {
                search_free(f->undo.search); /* a partial index would hide people */
                f->undo.search = NULL;
                break;
            }
        }
    }
    undo_filter(f);
}

void flow_admin_free(Flow *f)
{
    search_free(f->undo.search);
    free(f->undo.entry);
    free(f->undo.hits);
    f->undo.search = NULL;
    f->undo.entry = NULL;
    f->undo.hits = NULL;
    f->undo.count = f->undo.cap = f->undo.hit_count = 0;
}

/* The counts are the meeting's: with live sharing the store holds every kiosk's records,
 * and flow_sync_poll reads them again when other kiosks' records come in. */
void flow_admin_counts(Flow *f)
{
    memset(&f->admin.stats, 0, sizeof f->admin.stats);
    memset(&f->admin.feedback, 0, sizeof f->admin.feedback);
    f->admin.histogram_count = 0;
    if (store_data_version(f->store, &f->kiosks.data_version) != STORE_OK) {
        f->kiosks.data_version = -1;
    }
    if (f->has_event) {
        store_stats(f->store, f->event_id, &f->admin.stats);
        store_feedback_stats(f->store, f->event_id, &f->admin.feedback);
        store_checkin_histogram(f->store, f->event_id, 15 * 60 * 1000, &f->admin.histogram_start,
                                f->admin.histogram, FLOW_HISTOGRAM, &f->admin.histogram_count);
    }
}

/* Reads what the admin screens show. Failures leave zeros: the screen still works. */
static void admin_refresh(Flow *f)
{
    flow_admin_counts(f);
    undo_refresh(f);
    flow_badge_refresh(f);
    StorePurgeReport due = {0};
    f->admin.purge_due = store_purge(f->store, f->wall, true, &due) == STORE_OK && due.events > 0;
    if (f->cfg.export_dir) {
        snprintf(f->admin.usb_dir, sizeof f->admin.usb_dir, "%s", f->cfg.export_dir);
        f->admin.usb_found = true;
    } else {
        f->admin.usb_found =
            paths_usb_mount("/proc/self/mounts", f->admin.usb_dir, sizeof f->admin.usb_dir) == 0;
    }
}

void flow_admin_enter(Flow *f)
{
    if (!f->admin.keep_note) {
        f->admin.note = I18N_COUNT;
        f->admin.note_arg[0] = '\0';
    }
    f->admin.keep_note = false;
    admin_refresh(f);
    flow_kiosks_enter(f); /* the kiosks' summary on its button */
}

static void set_note(Flow *f, I18nId note, const char *arg)
{
    f->admin.note = note;
    snprintf(f->admin.note_arg, sizeof f->admin.note_arg, "%s", arg ? arg : "");
}

/* CSV (one file per table), the Excel workbook, JSON and the HTML report onto the stick,
 * with the default privacy: no email addresses, no free text. */
static void export_to_usb(Flow *f)
{
    admin_refresh(f);
    if (!f->admin.usb_found) {
        set_note(f, I18N_NO_USB, NULL);
        return;
    }
    char err[512], path[1024], name[256];
    ExportOptions opt = export_defaults();
    int rc = export_write(f->store, f->event_id, &opt, f->admin.usb_dir, err, sizeof err);
    static const ExportFormat MORE[] = {EXPORT_XLSX, EXPORT_JSON, EXPORT_HTML};
    for (size_t i = 0; rc == 0 && i < sizeof MORE / sizeof MORE[0]; i++) {
        opt.format = MORE[i];
        export_file_name(&f->event, &opt, EXPORT_ALL, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", f->admin.usb_dir, name);
        rc = export_write(f->store, f->event_id, &opt, path, err, sizeof err);
    }
    if (rc == 0) {
        set_note(f, I18N_EXPORTED, f->admin.usb_dir);
    } else {
        set_note(f, I18N_EXPORT_FAILED, err);
    }
}

FlowScreen flow_admin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_PHASE:
        if (arg >= EVENT_PHASE_CHECKIN && arg <= EVENT_PHASE_BOTH && f->has_event) {
            StoreStatus st = store_event_set_phases(f->store, f->event_id, arg);
            if (st == STORE_OK) {
                f->event.phases = arg;
            } else {
                set_note(f, I18N_SAVE_FAILED, store_status_text(st));
            }
        }
        return FLOW_ADMIN;
    case FLOW_ACT_UNDO_LIST:
        if (!f->has_event) {
            return FLOW_ADMIN;
        }
        f->undo.query[0] = '\0'; /* a fresh list each time it is opened */
        f->undo.page = 0;
        undo_filter(f);
        return FLOW_ADMIN_UNDO;
    case FLOW_ACT_EXPORT:
        if (f->has_event) {
            export_to_usb(f);
        }
        return FLOW_ADMIN;
    case FLOW_ACT_QUIT: f->admin.ask = FLOW_ASK_QUIT; return FLOW_ADMIN_ASK;
    case FLOW_ACT_PREPRINT:
        if (!f->has_event || !f->event.badge.enabled || f->badge.counts.unprinted == 0) {
            return FLOW_ADMIN;
        }
        f->admin.ask = FLOW_ASK_PREPRINT;
        return FLOW_ADMIN_ASK;
    case FLOW_ACT_CLOCK: return FLOW_ADMIN_CLOCK;
    case FLOW_ACT_KIOSKS: return f->kiosks.sync ? FLOW_ADMIN_KIOSKS : FLOW_ADMIN;
    case FLOW_ACT_DONE:
    case FLOW_ACT_BACK: return FLOW_WELCOME;
    default: return FLOW_ADMIN;
    }
}

/* ---- The clock ------------------------------------------------------------------------ */

/* The clock screen's steps (FlowClockStep), ms. */
static const int64_t CLOCK_STEP_MS[FLOW_CLOCK_STEP_COUNT] = {
    [FLOW_CLOCK_DAY_BACK] = -86400000, [FLOW_CLOCK_DAY_ON] = 86400000,
    [FLOW_CLOCK_HOUR_BACK] = -3600000, [FLOW_CLOCK_HOUR_ON] = 3600000,
    [FLOW_CLOCK_10MIN_BACK] = -600000, [FLOW_CLOCK_MIN_BACK] = -60000,
    [FLOW_CLOCK_MIN_ON] = 60000,       [FLOW_CLOCK_10MIN_ON] = 600000,
};

/* How far the organiser may move the clock: a Pi that booted into 1970 is 56 years off,
 * so the bound is generous; it keeps every time shown a real date. */
#define CLOCK_MAX_OFFSET_MS (100LL * 366 * 86400000)

static bool system_synced(const Flow *f)
{
    return f->cfg.clock_synced ? f->cfg.clock_synced(f->cfg.clock_ctx) : clock_system_synced();
}

/* Takes the time of an input or tick. Once the system clock is synchronised it is taken
 * as it is from then on: whatever the organiser set no longer applies. */
void flow_set_now(Flow *f, int64_t now_ms)
{
    f->now = now_ms;
    if (f->clk.state != STORE_CLOCK_SYNCED && system_synced(f)) {
        f->clk.state = STORE_CLOCK_SYNCED;
        f->clk.offset = 0;
        store_set_clock(f->store, f->clk.state);
    }
    f->wall = now_ms + f->clk.offset;
}

/* At start: synchronised, or what the organiser confirmed or set earlier in this boot (a
 * restart by the watchdog keeps it), or not trusted. */
void flow_clock_start(Flow *f)
{
    if (f->cfg.boot_id) {
        snprintf(f->clk.boot_id, sizeof f->clk.boot_id, "%s", f->cfg.boot_id);
    } else {
        clock_boot_id(f->clk.boot_id);
    }
    f->clk.state = STORE_CLOCK_UNTRUSTED;
    f->clk.offset = 0;
    StoreClockSetting cs;
    if (!system_synced(f) && f->clk.boot_id[0] &&
        store_clock_setting_get(f->store, &cs) == STORE_OK &&
        strcmp(cs.boot_id, f->clk.boot_id) == 0 &&
        (cs.state == STORE_CLOCK_CONFIRMED || cs.state == STORE_CLOCK_SET) &&
        cs.offset_ms >= -CLOCK_MAX_OFFSET_MS && cs.offset_ms <= CLOCK_MAX_OFFSET_MS) {
        f->clk.state = cs.state;
        f->clk.offset = cs.state == STORE_CLOCK_SET ? cs.offset_ms : 0;
    }
    store_set_clock(f->store, f->clk.state);
}

/* Local date and time of ms into date ("2026-11-21") and hm ("09:41"). */
static void format_local(int64_t ms, char date[11], char hm[6])
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    date[0] = hm[0] = '\0';
    if (localtime_r(&t, &tm)) {
        strftime(date, 11, "%Y-%m-%d", &tm);
        strftime(hm, 6, "%H:%M", &tm);
    }
}

bool flow_setting_clock(const Flow *f)
{
    return f->screen == FLOW_ADMIN_CLOCK;
}

void flow_clock_enter(Flow *f)
{
    f->clk.pending = f->clk.offset;
}

FlowScreen flow_clock_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CLOCK_ADJUST: {
        if (f->clk.state == STORE_CLOCK_SYNCED || arg < 0 || arg >= FLOW_CLOCK_STEP_COUNT) {
            return FLOW_ADMIN_CLOCK;
        }
        int64_t next = f->clk.pending + CLOCK_STEP_MS[arg];
        if (next >= -CLOCK_MAX_OFFSET_MS && next <= CLOCK_MAX_OFFSET_MS && f->now + next > 0) {
            f->clk.pending = next;
        }
        return FLOW_ADMIN_CLOCK;
    }
    case FLOW_ACT_CLOCK_SAVE: {
        if (f->clk.state == STORE_CLOCK_SYNCED) {
            return FLOW_ADMIN;
        }
        /* Confirmed: the system clock as it is; set: corrected by an offset. */
        bool moved = f->clk.pending != f->clk.offset;
        f->clk.offset = f->clk.pending;
        f->clk.state = f->clk.offset != 0 ? STORE_CLOCK_SET : STORE_CLOCK_CONFIRMED;
        f->wall = f->now + f->clk.offset;
        store_set_clock(f->store, f->clk.state);
        StoreClockSetting cs = {.offset_ms = f->clk.offset, .state = f->clk.state};
        snprintf(cs.boot_id, sizeof cs.boot_id, "%s", f->clk.boot_id);
        StoreStatus st = f->clk.boot_id[0] ? store_clock_setting_put(f->store, &cs) : STORE_OK;
        char date[11], hm[6], when[20];
        format_local(f->wall, date, hm);
        snprintf(when, sizeof when, "%s %s", date, hm);
        if (st != STORE_OK) {
            set_note(f, I18N_SAVE_FAILED, store_status_text(st));
        } else if (moved) {
            set_note(f, I18N_CLOCK_NOTE_SET, when);
        } else {
            set_note(f, I18N_CLOCK_NOTE_CONFIRMED, NULL);
        }
        f->admin.keep_note = true; /* shown on the admin screen this returns to */
        return FLOW_ADMIN;
    }
    case FLOW_ACT_BACK:
    case FLOW_ACT_DONE: return FLOW_ADMIN;
    default: return FLOW_ADMIN_CLOCK;
    }
}

/* The people index of row `row` on the page shown, or (size_t)-1. */
static size_t undo_row_person(const Flow *f, int row)
{
    if (row < 0 || row >= FLOW_UNDO_PAGE) {
        return (size_t)-1;
    }
    size_t k = (size_t)f->undo.page * FLOW_UNDO_PAGE + (size_t)row;
    return k < f->undo.hit_count ? f->undo.entry[f->undo.hits[k]].person : (size_t)-1;
}

FlowScreen flow_undo_act(Flow *f, FlowAction a, int arg)
{
    size_t i;
    switch (a) {
    case FLOW_ACT_BACK:
    case FLOW_ACT_DONE: return FLOW_ADMIN;
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        flow_edit_search(f->undo.query, sizeof f->undo.query, a, arg);
        f->undo.page = 0;
        undo_filter(f);
        return FLOW_ADMIN_UNDO;
    case FLOW_ACT_PAGE:
        if (arg > 0 && (size_t)(f->undo.page + 1) * FLOW_UNDO_PAGE < f->undo.hit_count) {
            f->undo.page++;
        } else if (arg < 0 && f->undo.page > 0) {
            f->undo.page--;
        }
        return FLOW_ADMIN_UNDO;
    case FLOW_ACT_UNDO:
        /* Asked first: the row's person, not its place, is what the question is about. */
        i = undo_row_person(f, arg);
        if (i == (size_t)-1 || f->people[i].checked_in_ms == 0) {
            return FLOW_ADMIN_UNDO;
        }
        f->admin.ask = FLOW_ASK_UNDO;
        f->admin.ask_person = i;
        return FLOW_ADMIN_ASK;
    case FLOW_ACT_RESTORE: {
        /* A restore is a new check-in record (store.h, store_checkin_undo): the undo stays. */
        i = undo_row_person(f, arg);
        if (i == (size_t)-1 || f->people[i].checked_in_ms != 0) {
            return FLOW_ADMIN_UNDO;
        }
        int64_t at = 0;
        StoreStatus st = store_checkin(f->store, f->event_id, f->people[i].id, f->wall, &at);
        if (st == STORE_OK || st == STORE_ALREADY) {
            f->people[i].checked_in_ms = at;
            set_note(f, I18N_RESTORED, person_name(f, i));
        } else {
            set_note(f, I18N_SAVE_FAILED, store_status_text(st));
        }
        admin_refresh(f);
        return FLOW_ADMIN_UNDO;
    }
    case FLOW_ACT_REPRINT:
        i = undo_row_person(f, arg);
        if (i != (size_t)-1) {
            flow_badge_reprint(f, i);
        }
        return FLOW_ADMIN_UNDO;
    default: return FLOW_ADMIN_UNDO;
    }
}

/* The question before leaving the kiosk or undoing a check-in: only FLOW_ACT_CONFIRM does
 * it; anything else (back, the idle timeout) leaves everything as it was. */
FlowScreen flow_ask_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    FlowScreen back = f->admin.ask == FLOW_ASK_UNDO ? FLOW_ADMIN_UNDO : FLOW_ADMIN;
    if (a == FLOW_ACT_BACK || a == FLOW_ACT_DONE) {
        return back;
    }
    if (a != FLOW_ACT_CONFIRM) {
        return FLOW_ADMIN_ASK;
    }
    if (f->admin.ask == FLOW_ASK_QUIT) {
        f->admin.quit = true;
        return FLOW_ADMIN_ASK; /* the shell leaves; the question stays on screen till then */
    }
    if (f->admin.ask == FLOW_ASK_PREPRINT) {
        flow_badge_preprint(f);
        f->admin.keep_note = true; /* shown on the admin screen this returns to */
        return FLOW_ADMIN;
    }
    size_t i = f->admin.ask_person;
    if (i >= f->count) {
        return back;
    }
    StoreStatus st = store_checkin_undo(f->store, f->event_id, f->people[i].id, f->wall);
    if (st == STORE_OK || st == STORE_NOT_FOUND) {
        f->people[i].checked_in_ms = 0;
        set_note(f, I18N_UNDONE, person_name(f, i));
    } else {
        set_note(f, I18N_SAVE_FAILED, store_status_text(st));
    }
    admin_refresh(f);
    return FLOW_ADMIN_UNDO;
}

/* ---- The view of the organiser screens ----------------------------------------- */

void flow_admin_view(Flow *f, FlowView *v)
{
    v->pin_digits = f->pin.len;
    v->pin_missing = f->screen == FLOW_ADMIN_PIN && !pin_set(f);
    v->pin_wrong = f->pin.wrong;
    v->pin_wait_seconds = (int)((pin_wait_left(f) + 999) / 1000);
    v->stats = &f->admin.stats;
    v->feedback = &f->admin.feedback;
    memcpy(v->histogram, f->admin.histogram, sizeof v->histogram);
    v->histogram_count = f->admin.histogram_count;
    if (f->admin.histogram_count) {
        time_t t = (time_t)(f->admin.histogram_start / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm)) {
            strftime(v->histogram_start, sizeof v->histogram_start, "%H:%M", &tm);
        }
    }
    v->phases = f->has_event ? (f->event.phases ? f->event.phases : EVENT_PHASE_CHECKIN) : 0;
    v->undo_query = f->undo.query;
    v->undo_matches = f->undo.hit_count;
    v->undo_page = f->undo.page;
    v->undo_pages = (int)((f->undo.hit_count + FLOW_UNDO_PAGE - 1) / FLOW_UNDO_PAGE);
    if (v->undo_pages < 1) {
        v->undo_pages = 1;
    }
    v->recent_count = 0;
    for (int row = 0; row < FLOW_UNDO_PAGE; row++) {
        size_t k = (size_t)f->undo.page * FLOW_UNDO_PAGE + (size_t)row;
        if (k >= f->undo.hit_count) {
            break;
        }
        const FlowUndoEntry *e = &f->undo.entry[f->undo.hits[k]];
        FlowResult *r = &v->recent[v->recent_count];
        r->name = person_name(f, e->person);
        r->organisation = person_org(f, e->person);
        r->checked_in = f->people[e->person].checked_in_ms != 0;
        time_t t = (time_t)(e->last_ms / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm)) {
            strftime(v->recent_time[v->recent_count], sizeof v->recent_time[0], "%H:%M", &tm);
        }
        v->recent_count++;
    }
    v->ask = f->admin.ask;
    bool asking = f->screen == FLOW_ADMIN_ASK && f->admin.ask == FLOW_ASK_UNDO &&
                  f->admin.ask_person < f->count;
    v->ask_name = asking ? person_name(f, f->admin.ask_person) : "";
    v->ask_organisation = asking ? person_org(f, f->admin.ask_person) : "";
    v->admin_note = f->admin.note;
    v->admin_note_arg = f->admin.note_arg;
    v->usb_found = f->admin.usb_found;
    v->purge_due = f->admin.purge_due;
    v->quit = f->admin.quit;
    v->clock = f->clk.state;
    /* Only the screens that show the time have it: elsewhere a turning minute must not
     * count as a change (flow_tick would ask for a frame that draws nothing new). */
    bool setting = f->screen == FLOW_ADMIN_CLOCK;
    if (setting || f->screen == FLOW_ADMIN) {
        format_local(setting ? f->now + f->clk.pending : f->wall, v->clock_date, v->clock_time);
    }
    v->clock_changed = setting && f->clk.pending != f->clk.offset;
}
