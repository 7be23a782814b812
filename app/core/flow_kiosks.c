/* flow_kiosks: the kiosk among the meeting's other kiosks (core/sync.h).
 *
 * Two things a person sees of live sharing go through here. "Already checked in" says
 * where the earlier check-in was made: here, or at another kiosk by its name ("Kiosk A"),
 * read from the store, which holds every kiosk's records and names. And the organiser's
 * list of the kiosks (FLOW_ADMIN_KIOSKS, and a button with its summary on the admin
 * screen): what the sync thread last heard from the server, joined with the names the
 * store knows. The list is asked for only while one of these screens is shown
 * (sync_watch), so a kiosk at rest costs the server nothing.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/flow_private.h"

void flow_set_sync(Flow *f, Sync *sy)
{
    f->kiosks.sync = sy;
    flow_refresh(f);
}

void flow_kiosks_already(Flow *f, const char *attendee_id)
{
    f->kiosks.place_known =
        store_checkin_place(f->store, attendee_id, &f->kiosks.place) == STORE_OK;
}

/* Reads the sync thread's status and list, and the names of the kiosks on it. Returns
 * true when anything shown changed. */
static bool kiosks_read(Flow *f)
{
    FlowKiosks *k = &f->kiosks;
    if (!k->sync) {
        return false;
    }
    SyncStatus st;
    SyncKiosks list;
    sync_status(k->sync, &st);
    sync_kiosks(k->sync, &list);
    bool changed = st.state != k->status.state || strcmp(st.message, k->status.message) != 0 ||
                   st.outbox != k->status.outbox || list.asked_ms != k->list.asked_ms;
    k->status = st;
    k->list = list;
    for (size_t i = 0; i < list.count && i < FLOW_KIOSKS_MAX; i++) {
        if (store_device_name(f->store, list.kiosk[i].device, k->names[i], sizeof k->names[i],
                              NULL) != STORE_OK) {
            k->names[i][0] = '\0';
        }
    }
    return changed;
}

void flow_kiosks_enter(Flow *f)
{
    kiosks_read(f);
}

FlowScreen flow_kiosks_act(Flow *f, FlowAction a, int arg)
{
    (void)f;
    (void)arg;
    return a == FLOW_ACT_BACK || a == FLOW_ACT_DONE ? FLOW_ADMIN : FLOW_ADMIN_KIOSKS;
}

static bool on_organiser_list(const Flow *f)
{
    return f->screen == FLOW_ADMIN || f->screen == FLOW_ADMIN_KIOSKS;
}

bool flow_sync_poll(Flow *f, int64_t now_ms)
{
    (void)now_ms;
    if (!f->kiosks.sync || !on_organiser_list(f)) {
        return false;
    }
    bool changed = kiosks_read(f);
    int64_t version = 0;
    if (store_data_version(f->store, &version) == STORE_OK && version != f->kiosks.data_version) {
        flow_admin_counts(f); /* other kiosks' records came in */
        changed = true;
    }
    if (changed) {
        flow_refresh(f);
    }
    return changed;
}

static void local_time(int64_t ms, char *out, size_t cap, const char *fmt)
{
    out[0] = '\0';
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    if (ms > 0 && localtime_r(&t, &tm)) {
        strftime(out, cap, fmt, &tm);
    }
}

void flow_kiosks_view(Flow *f, FlowView *v)
{
    FlowKiosks *k = &f->kiosks;
    v->sync_on = k->sync != NULL;
    v->checkin_elsewhere = k->place_known && !k->place.here;
    v->checkin_place = k->place_known && !k->place.here ? k->place.name : "";
    if (!k->sync) {
        return;
    }
    bool watched = on_organiser_list(f);
    sync_watch(k->sync, watched);
    if (!watched) {
        return;
    }
    v->sync_state = k->status.state;
    v->sync_message = k->status.message;
    v->kiosks_listed = k->list.listed;
    v->kiosks_asked = k->list.asked_ms > 0;
    v->stream_records = k->list.asked_ms > 0 ? k->list.stream_records : -1;
    local_time(k->list.asked_ms, v->kiosks_asked_at, sizeof v->kiosks_asked_at, "%H:%M:%S");
    v->kiosk_count = 0;
    v->kiosks_online = 0;
    for (size_t i = 0; i < k->list.count && i < FLOW_KIOSKS_MAX; i++) {
        const SyncKiosk *s = &k->list.kiosk[i];
        FlowKiosk *out = &v->kiosks[v->kiosk_count++];
        memset(out, 0, sizeof *out);
        if (k->names[i][0]) {
            snprintf(out->name, sizeof out->name, "%s", k->names[i]);
        } else if (s->name[0] && store_device_name_ok(s->name)) { /* none of its records yet */
            snprintf(out->name, sizeof out->name, "%s", s->name);
        } else { /* unnamed (an older mingel): the end of its id, which is random */
            size_t n = strlen(s->device);
            snprintf(out->name, sizeof out->name, "…%s", s->device + (n > 6 ? n - 6 : 0));
        }
        out->self = s->self;
        /* This kiosk's own state is what it knows now, not what the server said last. */
        out->connected = s->self ? k->status.state == SYNC_ONLINE : s->connected;
        local_time(out->connected ? (s->self ? f->wall : s->seen_ms) : s->seen_ms, out->seen,
                   sizeof out->seen, "%H:%M");
        out->behind = s->behind;
        out->unsent = s->self ? k->status.outbox : -1;
        v->kiosks_online += out->connected;
    }
    if (v->kiosk_count == 0) { /* before the server's first answer: this kiosk alone */
        FlowKiosk *out = &v->kiosks[v->kiosk_count++];
        memset(out, 0, sizeof *out);
        if (store_device_name(f->store, store_device_id(f->store), out->name, sizeof out->name,
                              NULL) != STORE_OK) {
            snprintf(out->name, sizeof out->name, "%s", "");
        }
        out->self = true;
        out->connected = k->status.state == SYNC_ONLINE;
        out->behind = -1;
        out->unsent = k->status.outbox;
        v->kiosks_online = out->connected;
    }
}
