/* sync: the kiosk's live link to the event's NATS JetStream stream (contract in sync.h).
 *
 * One thread owns the NATS connection's use and its own Store connection; cnats runs its
 * own threads underneath (reading the socket, reconnecting, delivering), and its
 * callbacks here only queue and signal under the mutex, so every database write and
 * every acknowledgement happens on the sync thread, in that order: commit, then ack. */
#define _POSIX_C_SOURCE 200809L
#include "core/sync.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <nats/nats.h>

#include "core/event.h"
#include "core/ids.h"
#include "core/store.h"

#define SYNC_BATCH_MAX    1024                         /* messages taken in per transaction */
#define SYNC_PUBLISH_WAIT 2000                         /* ms to wait for the server's ack */
#define SYNC_RETRY_MIN_MS 250                          /* first retry after a failure */
#define SYNC_RETRY_MAX_MS 5000                         /* retries back off up to this */
#define SYNC_DEDUP_NS     (INT64_C(3600) * 1000000000) /* the stream's de-duplication window */
#define SYNC_ACK_WAIT_NS  (INT64_C(30) * 1000000000)   /* redelivery of an unacked message */
#define SYNC_MAX_PENDING  8192                         /* unacked messages the server sends */

struct Sync {
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    /* Under mu: */
    bool stop, nudged, reconnected;
    bool closed;     /* the connection's last callback (on_closed) has run */
    natsMsg **queue; /* delivered, not yet taken in; owned */
    size_t qlen, qcap;
    SyncStatus st;
    bool watching;     /* sync_watch: the kiosk list is looked at */
    bool list_now;     /* ask for the list at the next turn (watch just turned on) */
    SyncKiosks kiosks; /* as last asked for */
    /* Fixed at start: */
    char event_key[EVENT_KEY_MAX];
    char stream[EVENT_KEY_MAX + 8];
    char filter[EVENT_KEY_MAX + 16];
    char subject[EVENT_KEY_MAX + IDS_UUID_LEN + 16];
    char deliver[EVENT_KEY_MAX + IDS_UUID_LEN + 24];
    char durable[IDS_UUID_LEN + 8];
    char description[EVENT_KEY_MAX + 16];
    char device[IDS_UUID_LEN + 1];
    SyncConfig cfg;
    void (*applied)(void *ctx);
    void *ctx;
    /* The sync thread's own: */
    Store *store;
    natsConnection *nc;
    jsCtx *js;
    natsSubscription *sub;
    bool ready;                     /* stream and consumer checked since the last (re)connect */
    bool refused;                   /* for good */
    int64_t retry_ms;               /* current back-off */
    int64_t listed_ms;              /* wall clock of the last kiosk list asked for; 0 none */
    StoreSyncIn in[SYNC_BATCH_MAX]; /* take_in's batch (24 KiB: not on the stack) */
};

const char *sync_state_text(SyncState s)
{
    static const char *const names[] = {"connecting", "online", "offline", "refused"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sets the state and message (printf-style; NULL keeps the message), and logs a change to
 * stderr (the journal, under systemd). */
static void set_state(Sync *sy, SyncState state, const char *fmt, ...)
{
    char msg[SYNC_TEXT_MAX] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
    }
    pthread_mutex_lock(&sy->mu);
    bool changed = sy->st.state != state || (fmt && strcmp(sy->st.message, msg) != 0);
    sy->st.state = state;
    if (fmt) {
        memcpy(sy->st.message, msg, sizeof msg);
    }
    pthread_mutex_unlock(&sy->mu);
    if (changed) {
        fprintf(stderr, "mingel: sync: %s%s%s\n", sync_state_text(state), fmt ? ": " : "",
                fmt ? msg : "");
    }
}

/* Names and subjects use the key's characters where NATS allows them. */
void sync_name_token(char *out, size_t cap, const char *key)
{
    size_t n = 0;
    for (; key[n] && n + 1 < cap; n++) {
        char c = key[n];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        out[n] = ok ? c : '_';
    }
    out[n] = '\0';
}

/* ---- cnats callbacks (its threads): queue and signal only ------------------------------ */

static void on_msg(natsConnection *nc, natsSubscription *sub, natsMsg *msg, void *closure)
{
    (void)nc;
    (void)sub;
    Sync *sy = closure;
    pthread_mutex_lock(&sy->mu);
    if (sy->qlen == sy->qcap) {
        size_t cap = sy->qcap ? sy->qcap * 2 : 256;
        natsMsg **q = realloc(sy->queue, cap * sizeof *q);
        if (!q) {
            /* Not acknowledged: the server delivers it again after the ack wait. */
            pthread_mutex_unlock(&sy->mu);
            natsMsg_Destroy(msg);
            return;
        }
        sy->queue = q;
        sy->qcap = cap;
    }
    sy->queue[sy->qlen++] = msg;
    pthread_cond_signal(&sy->cv);
    pthread_mutex_unlock(&sy->mu);
}

static void on_reconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    Sync *sy = closure;
    pthread_mutex_lock(&sy->mu);
    sy->reconnected = true;
    pthread_cond_signal(&sy->cv);
    pthread_mutex_unlock(&sy->mu);
}

static void on_disconnected(natsConnection *nc, void *closure)
{
    (void)nc;
    Sync *sy = closure;
    pthread_mutex_lock(&sy->mu);
    if (sy->st.state == SYNC_ONLINE) {
        sy->st.state = SYNC_OFFLINE;
        snprintf(sy->st.message, sizeof sy->st.message, "the connection to the server was lost");
    }
    pthread_mutex_unlock(&sy->mu);
}

/* The connection's last callback: the library's callback thread runs the connection's
 * callbacks in order, and this one after every other, so once it has run nothing of this
 * connection calls into sy again (drop_connection waits for it). */
static void on_closed(natsConnection *nc, void *closure)
{
    (void)nc;
    Sync *sy = closure;
    pthread_mutex_lock(&sy->mu);
    sy->closed = true;
    pthread_cond_broadcast(&sy->cv);
    pthread_mutex_unlock(&sy->mu);
}

/* ---- The connection ------------------------------------------------------------------ */

/* Closes the connection and waits (at most 5 s) until its callbacks are done: a
 * disconnected callback still queued when natsConnection_Destroy returns would otherwise
 * run on a Sync that sync_stop has freed (ASan saw it in test_sdl_screens). */
static void drop_connection(Sync *sy)
{
    if (sy->sub) {
        natsSubscription_Destroy(sy->sub);
        sy->sub = NULL;
    }
    jsCtx_Destroy(sy->js);
    sy->js = NULL;
    if (sy->nc) {
        natsConnection_Close(sy->nc);
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts); /* the condition variable's clock */
        ts.tv_sec += 5;
        pthread_mutex_lock(&sy->mu);
        while (!sy->closed) {
            if (pthread_cond_timedwait(&sy->cv, &sy->mu, &ts) != 0) {
                break;
            }
        }
        pthread_mutex_unlock(&sy->mu);
        natsConnection_Destroy(sy->nc);
        sy->nc = NULL;
    }
    sy->ready = false;
}

static const char *nats_why(natsStatus s)
{
    const char *last = nats_GetLastError(NULL);
    return last && *last ? last : natsStatus_GetText(s);
}

/* Connects; false on failure (state set, refused for good or to retry). */
static bool connect_server(Sync *sy)
{
    natsOptions *o = NULL;
    natsStatus s = natsOptions_Create(&o);
    const char *servers[SYNC_URLS_MAX];
    for (size_t i = 0; i < sy->cfg.nurls; i++) {
        servers[i] = sy->cfg.urls[i];
    }
    if (s == NATS_OK) {
        s = natsOptions_SetServers(o, servers, (int)sy->cfg.nurls);
    }
    if (s == NATS_OK && sy->cfg.user[0]) {
        s = natsOptions_SetUserInfo(o, sy->cfg.user, sy->cfg.password);
    }
    if (s == NATS_OK && sy->cfg.creds[0]) {
        s = natsOptions_SetUserCredentialsFromFiles(o, sy->cfg.creds, NULL);
    }
    if (s == NATS_OK && sy->cfg.ca[0]) {
        s = natsOptions_SetSecure(o, true);
        if (s == NATS_OK) {
            s = natsOptions_LoadCATrustedCertificates(o, sy->cfg.ca);
        }
    }
    char name[64];
    snprintf(name, sizeof name, "mingel %s", sy->device);
    if (s == NATS_OK) {
        s = natsOptions_SetName(o, name);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetTimeout(o, 2000);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetMaxReconnect(o, -1); /* forever: the kiosk runs all day */
    }
    if (s == NATS_OK) {
        s = natsOptions_SetReconnectWait(o, 500);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetReconnectedCB(o, on_reconnected, sy);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetDisconnectedCB(o, on_disconnected, sy);
    }
    if (s == NATS_OK) {
        s = natsOptions_SetClosedCB(o, on_closed, sy);
    }
    if (s != NATS_OK) {
        sy->refused = true;
        set_state(sy, SYNC_REFUSED, "the configuration cannot be used: %s", nats_why(s));
        natsOptions_Destroy(o);
        return false;
    }
    pthread_mutex_lock(&sy->mu);
    sy->closed = false;
    pthread_mutex_unlock(&sy->mu);
    s = natsConnection_Connect(&sy->nc, o);
    natsOptions_Destroy(o);
    if (s == NATS_OK) {
        s = natsConnection_JetStream(&sy->js, sy->nc, NULL);
    }
    if (s == NATS_OK) {
        return true;
    }
    const char *why = nats_why(s);
    drop_connection(sy);
    if (s == NATS_CONNECTION_AUTH_FAILED || s == NATS_NOT_PERMITTED ||
        strstr(why, "uthorization") != NULL) {
        sy->refused = true;
        set_state(sy, SYNC_REFUSED, "the server %s refused this kiosk's credentials (%s)",
                  sy->cfg.urls[0], why);
    } else if (s == NATS_PROTOCOL_ERROR) {
        sy->refused = true;
        set_state(sy, SYNC_REFUSED, "%s is not a NATS server (%s)", sy->cfg.urls[0], why);
    } else if (s == NATS_SSL_ERROR || s == NATS_SECURE_CONNECTION_REQUIRED ||
               s == NATS_SECURE_CONNECTION_WANTED) {
        sy->refused = true;
        set_state(sy, SYNC_REFUSED, "TLS with %s failed (%s)", sy->cfg.urls[0], why);
    } else {
        set_state(sy, SYNC_OFFLINE, "cannot reach %s (%s); retrying", sy->cfg.urls[0], why);
    }
    return false;
}

/* Makes sure the event's stream is there and is this event's, and that the consumer and
 * the subscription are in place. false on failure (state set). */
static bool setup(Sync *sy)
{
    jsErrCode jerr = 0;
    jsStreamInfo *si = NULL;
    natsStatus s = js_GetStreamInfo(&si, sy->js, sy->stream, NULL, &jerr);
    if (s == NATS_NOT_FOUND || jerr == JSStreamNotFoundErr) {
        jsStreamConfig cfg;
        jsStreamConfig_Init(&cfg);
        const char *subjects[] = {sy->filter};
        cfg.Name = sy->stream;
        cfg.Description = sy->description;
        cfg.Subjects = subjects;
        cfg.SubjectsLen = 1;
        cfg.Storage = js_FileStorage;
        cfg.Duplicates = SYNC_DEDUP_NS;
        jerr = 0;
        s = js_AddStream(&si, sy->js, &cfg, NULL, &jerr);
        if (s == NATS_OK) {
            fprintf(stderr, "mingel: sync: created the stream %s\n", sy->stream);
        }
    }
    if (s != NATS_OK) {
        if (s == NATS_NO_RESPONDERS || jerr == JSNotEnabledErr ||
            jerr == JSNotEnabledForAccountErr) {
            sy->refused = true;
            set_state(sy, SYNC_REFUSED, "the server %s has no JetStream for this account (%s)",
                      sy->cfg.urls[0], nats_why(s));
        } else {
            set_state(sy, SYNC_OFFLINE, "the stream %s cannot be set up (%s); retrying", sy->stream,
                      nats_why(s));
        }
        jsStreamInfo_Destroy(si);
        return false;
    }
    char desc[SYNC_TEXT_MAX];
    snprintf(desc, sizeof desc, "%s",
             si->Config && si->Config->Description ? si->Config->Description : "");
    bool ours = strcmp(desc, sy->description) == 0 && si->Config->SubjectsLen == 1 &&
                strcmp(si->Config->Subjects[0], sy->filter) == 0;
    char mark[96];
    snprintf(mark, sizeof mark, "%s@%lld", sy->stream, (long long)si->Created);
    jsStreamInfo_Destroy(si);
    if (!ours) {
        sy->refused = true;
        set_state(sy, SYNC_REFUSED,
                  "the stream %s on %s is not this event's (it says \"%s\"); nothing was taken "
                  "in",
                  sy->stream, sy->cfg.urls[0], desc);
        return false;
    }
    /* A stream this kiosk has not published to (new, or lost by the server): all of the
     * event's records this kiosk holds go to it again. */
    char known[96] = "";
    StoreStatus st = store_sync_mark_get(sy->store, known, sizeof known);
    bool fresh = st == STORE_OK && strcmp(known, mark) != 0;
    if (fresh) {
        st = store_sync_requeue(sy->store, sy->event_key);
        if (st == STORE_OK) {
            st = store_sync_mark_put(sy->store, mark);
        }
        if (st == STORE_OK) {
            fprintf(stderr, "mingel: sync: %s is new to this kiosk: queued every record of %s\n",
                    mark, sy->event_key);
        }
    }
    if (st != STORE_OK) {
        set_state(sy, SYNC_OFFLINE, "the database: %s", store_last_error(sy->store));
        return false;
    }
    /* A new stream has a new consumer: the subscription cnats made again after the
     * reconnect is dropped before the consumer is made. A push consumer sends to its
     * deliver subject as soon as anything listens there; what it sent to the old
     * subscription would be dropped with it, unacknowledged, until the ack wait brought it
     * again (30 s), and the new subscription would find the consumer still bound to the
     * old one ("consumer is already bound"). The server reads this connection in order, so
     * the unsubscribe is done before the consumer exists. */
    if (fresh && sy->sub) {
        natsSubscription_Unsubscribe(sy->sub); /* bound: a consumer is never deleted by it */
        natsSubscription_Destroy(sy->sub);
        sy->sub = NULL;
    }
    /* The consumer, made here (idempotent with the same configuration) and then bound, so
     * that dropping the subscription never deletes it. */
    jsConsumerConfig cc;
    jsConsumerConfig_Init(&cc);
    cc.Durable = sy->durable;
    cc.DeliverSubject = sy->deliver;
    cc.DeliverPolicy = js_DeliverAll;
    cc.AckPolicy = js_AckExplicit;
    cc.AckWait = SYNC_ACK_WAIT_NS;
    cc.MaxAckPending = SYNC_MAX_PENDING;
    cc.FilterSubject = sy->filter;
    /* The kiosk's name as the consumer's description: the other kiosks' lists show it
     * even before this kiosk has published a record (which carries it too). */
    char name[STORE_DEVICE_NAME_MAX] = "";
    if (store_device_name(sy->store, sy->device, name, sizeof name, NULL) == STORE_OK) {
        cc.Description = name;
    }
    jsConsumerInfo *ci = NULL;
    jerr = 0;
    s = js_AddConsumer(&ci, sy->js, sy->stream, &cc, NULL, &jerr);
    jsConsumerInfo_Destroy(ci);
    if (s != NATS_OK) {
        set_state(sy, SYNC_OFFLINE, "the consumer %s cannot be set up (%s); retrying", sy->durable,
                  nats_why(s));
        return false;
    }
    if (sy->sub && !fresh) {
        /* The same stream as before a reconnect: cnats has subscribed again by itself. */
        sy->ready = true;
        sy->retry_ms = SYNC_RETRY_MIN_MS;
        set_state(sy, SYNC_ONLINE, "connected to %s", sy->cfg.urls[0]);
        return true;
    }
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = sy->stream;
    so.Consumer = sy->durable;
    so.ManualAck = true;
    jerr = 0;
    s = js_Subscribe(&sy->sub, sy->js, sy->filter, on_msg, sy, NULL, &so, &jerr);
    if (s == NATS_OK) {
        s = natsSubscription_SetPendingLimits(sy->sub, -1, -1);
    }
    if (s != NATS_OK) {
        set_state(sy, SYNC_OFFLINE, "cannot subscribe to %s (%s); retrying", sy->stream,
                  nats_why(s));
        return false;
    }
    sy->ready = true;
    sy->retry_ms = SYNC_RETRY_MIN_MS;
    set_state(sy, SYNC_ONLINE, "connected to %s", sy->cfg.urls[0]);
    return true;
}

/* ---- Records in ------------------------------------------------------------------------ */

/* Whether the message is this kiosk's own (its subject ends in our device id). */
static bool own_message(Sync *sy, natsMsg *m)
{
    const char *subj = natsMsg_GetSubject(m);
    size_t n = strlen(subj), d = strlen(sy->device);
    return n > d && subj[n - d - 1] == '.' && strcmp(subj + n - d, sy->device) == 0;
}

/* Answers a delivered message with JetStream's acknowledgement protocol: "+ACK", "-NAK"
 * or "+TERM" published to the message's reply subject, on the connection of now. Not
 * natsMsg_Ack and its kin: they read the subscription the message came by, which a
 * reconnect may have destroyed while the message waited in the queue (a SIGSEGV in a
 * test_sync kiosk). The consumer is durable, so an answer on a new connection counts.
 * Without a connection nothing is sent, and the server delivers the message again after
 * the ack wait (taking a record in twice changes nothing). */
static void answer(Sync *sy, natsMsg *m, const char *what)
{
    const char *reply = natsMsg_GetReply(m);
    if (sy->nc && reply && reply[0]) {
        natsConnection_PublishString(sy->nc, reply, what);
    }
}

/* Takes what was delivered in, one transaction per batch, acking after the commit. false
 * when the database failed (the messages are given back to the server). */
static bool take_in(Sync *sy)
{
    for (;;) {
        natsMsg *batch[SYNC_BATCH_MAX];
        size_t n = 0;
        pthread_mutex_lock(&sy->mu);
        n = sy->qlen < SYNC_BATCH_MAX ? sy->qlen : SYNC_BATCH_MAX;
        if (n == 0) {
            pthread_mutex_unlock(&sy->mu);
            return true;
        }
        memcpy(batch, sy->queue, n * sizeof *batch);
        memmove(sy->queue, sy->queue + n, (sy->qlen - n) * sizeof *sy->queue);
        sy->qlen -= n;
        pthread_mutex_unlock(&sy->mu);
        StoreSyncIn *in = sy->in; /* this Sync's own: several may run in one process */
        size_t k = 0;
        natsMsg *theirs[SYNC_BATCH_MAX];
        for (size_t i = 0; i < n; i++) {
            if (own_message(sy, batch[i])) {
                answer(sy, batch[i], "+ACK");
                natsMsg_Destroy(batch[i]);
                continue;
            }
            in[k].data = natsMsg_GetData(batch[i]);
            in[k].len = (size_t)natsMsg_GetDataLength(batch[i]);
            in[k].status = STORE_IO;
            theirs[k++] = batch[i];
        }
        StoreStatus st =
            k ? store_sync_apply(sy->store, sy->event_key, in, k, NULL, NULL, NULL) : STORE_OK;
        int64_t applied = 0, refused = 0;
        for (size_t i = 0; i < k; i++) {
            if (st != STORE_OK) {
                answer(sy, theirs[i], "-NAK");
            } else if (in[i].status == STORE_OK) {
                answer(sy, theirs[i], "+ACK");
                applied++;
            } else {
                /* Never takeable: another event's, or not mingel's. */
                fprintf(stderr, "mingel: sync: refused a message on %s: %s\n",
                        natsMsg_GetSubject(theirs[i]),
                        in[i].status == STORE_NOT_FOUND ? "of another event"
                                                        : "not a record as mingel writes it");
                answer(sy, theirs[i], "+TERM");
                refused++;
            }
            natsMsg_Destroy(theirs[i]);
        }
        if (st != STORE_OK) {
            set_state(sy, SYNC_OFFLINE, "the database: %s", store_last_error(sy->store));
            return false;
        }
        pthread_mutex_lock(&sy->mu);
        sy->st.applied += applied;
        sy->st.refused += refused;
        if (applied) {
            sy->st.last_applied_ms = wall_ms();
        }
        pthread_mutex_unlock(&sy->mu);
        if (applied && sy->applied) {
            sy->applied(sy->ctx);
        }
    }
}

/* ---- Records out ----------------------------------------------------------------------- */

/* Publishes the outbox in order, each acknowledged before the next is sent; removes the
 * acknowledged ones in batches. false on a failure (to retry). */
static bool publish(Sync *sy)
{
    int64_t after = 0;
    int64_t done[256];
    size_t ndone = 0;
    bool ok = true;
    for (;;) {
        StoreSyncOut out;
        StoreStatus st = store_sync_next(sy->store, sy->event_key, after, &out);
        if (st == STORE_NOT_FOUND) {
            break;
        }
        if (st != STORE_OK) {
            set_state(sy, SYNC_OFFLINE, "the database: %s", store_last_error(sy->store));
            ok = false;
            break;
        }
        after = out.seq;
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MsgId = out.msg_id;
        po.MaxWait = SYNC_PUBLISH_WAIT;
        po.ExpectStream = sy->stream;
        jsPubAck *ack = NULL;
        jsErrCode jerr = 0;
        natsStatus s = js_Publish(&ack, sy->js, sy->subject, out.payload, (int)out.len, &po, &jerr);
        jsPubAck_Destroy(ack);
        free(out.payload);
        if (s != NATS_OK) {
            if (s == NATS_NO_RESPONDERS || jerr == JSStreamNotFoundErr) {
                sy->ready = false; /* the stream is gone: set it up again */
            }
            set_state(sy, SYNC_OFFLINE, "publishing failed (%s); retrying", nats_why(s));
            ok = false;
            break;
        }
        done[ndone++] = out.seq;
        if (ndone == sizeof done / sizeof done[0]) {
            if (store_sync_done(sy->store, done, ndone) != STORE_OK) {
                ok = false;
                ndone = 0;
                break;
            }
            pthread_mutex_lock(&sy->mu);
            sy->st.published += (int64_t)ndone;
            pthread_mutex_unlock(&sy->mu);
            ndone = 0;
        }
        /* Take in what arrived meanwhile, so a long catch-up does not hold it back. */
        pthread_mutex_lock(&sy->mu);
        bool waiting = sy->qlen > 0, stop = sy->stop;
        pthread_mutex_unlock(&sy->mu);
        if (stop) {
            break;
        }
        if (waiting && !take_in(sy)) {
            ok = false;
            break;
        }
    }
    if (ndone) {
        if (store_sync_done(sy->store, done, ndone) == STORE_OK) {
            pthread_mutex_lock(&sy->mu);
            sy->st.published += (int64_t)ndone;
            pthread_mutex_unlock(&sy->mu);
        } else {
            ok = false; /* published again later; the server drops the repeat */
        }
    }
    return ok;
}

/* ---- The event's kiosks (sync.h) ------------------------------------------------------- */

static int kiosk_order(const void *a, const void *b)
{
    const SyncKiosk *x = a, *y = b;
    if (x->self != y->self) {
        return x->self ? -1 : 1;
    }
    return strcmp(x->device, y->device);
}

/* The last time the kiosk was seen in the previous list (0 if it was not in it). */
static int64_t seen_before(const SyncKiosks *prev, const char *device)
{
    for (size_t i = 0; i < prev->count; i++) {
        if (strcmp(prev->kiosk[i].device, device) == 0) {
            return prev->kiosk[i].seen_ms;
        }
    }
    return 0;
}

/* One consumer's state as a kiosk of the list; false when it is not a kiosk's. */
static bool kiosk_of(Sync *sy, const jsConsumerInfo *ci, const SyncKiosks *prev, int64_t now,
                     SyncKiosk *k)
{
    if (!ci || !ci->Name || strncmp(ci->Name, "kiosk-", 6) != 0 ||
        strlen(ci->Name + 6) > IDS_UUID_LEN || !ci->Name[6]) {
        return false;
    }
    memset(k, 0, sizeof *k);
    snprintf(k->device, sizeof k->device, "%s", ci->Name + 6);
    k->self = strcmp(k->device, sy->device) == 0;
    k->connected = ci->PushBound;
    k->behind = (int64_t)ci->NumPending + ci->NumAckPending;
    /* Its consumer was made when it first connected, and is delivered to and acknowledged
     * only while it is connected: the latest of these is when it was there. */
    int64_t last = ci->Delivered.Last > ci->AckFloor.Last ? ci->Delivered.Last : ci->AckFloor.Last;
    last = ci->Created > last ? ci->Created : last;
    k->seen_ms = last > 0 ? last / 1000000 : 0;
    int64_t before = seen_before(prev, k->device);
    if (before > k->seen_ms) {
        k->seen_ms = before;
    }
    if (k->connected) {
        k->seen_ms = now;
    }
    k->unsent = -1;
    if (ci->Config && ci->Config->Description) {
        snprintf(k->name, sizeof k->name, "%s", ci->Config->Description);
    }
    return true;
}

/* Asks the server for the kiosk list (on the sync thread, connected and set up). */
static void list_kiosks(Sync *sy)
{
    int64_t now = wall_ms();
    sy->listed_ms = now;
    SyncKiosks prev, next;
    pthread_mutex_lock(&sy->mu);
    prev = sy->kiosks;
    pthread_mutex_unlock(&sy->mu);
    memset(&next, 0, sizeof next);
    next.stream_records = -1;
    jsErrCode jerr = 0;
    jsConsumerInfoList *list = NULL;
    natsStatus s = js_Consumers(&list, sy->js, sy->stream, NULL, &jerr);
    if (s == NATS_OK && list) {
        next.listed = true;
        for (int i = 0; i < list->Count && next.count < SYNC_KIOSKS_MAX; i++) {
            if (kiosk_of(sy, list->List[i], &prev, now, &next.kiosk[next.count])) {
                next.count++;
            }
        }
    } else {
        /* Not allowed to list (or it failed): this kiosk's own consumer at least. */
        jsConsumerInfo *ci = NULL;
        jerr = 0;
        if (js_GetConsumerInfo(&ci, sy->js, sy->stream, sy->durable, NULL, &jerr) == NATS_OK &&
            kiosk_of(sy, ci, &prev, now, &next.kiosk[0])) {
            next.count = 1;
        }
        jsConsumerInfo_Destroy(ci);
    }
    jsConsumerInfoList_Destroy(list);
    jsStreamInfo *si = NULL;
    jerr = 0;
    if (js_GetStreamInfo(&si, sy->js, sy->stream, NULL, &jerr) == NATS_OK && si) {
        next.stream_records = (int64_t)si->State.Msgs;
    }
    jsStreamInfo_Destroy(si);
    int64_t pending = -1;
    if (store_sync_pending(sy->store, &pending) != STORE_OK) {
        pending = -1;
    }
    /* This kiosk: online is what it knows itself; what it holds unacknowledged counts. */
    bool self_found = false;
    for (size_t i = 0; i < next.count; i++) {
        if (next.kiosk[i].self) {
            self_found = true;
        }
    }
    if (!self_found && next.count < SYNC_KIOSKS_MAX) {
        SyncKiosk *k = &next.kiosk[next.count++];
        memset(k, 0, sizeof *k);
        snprintf(k->device, sizeof k->device, "%s", sy->device);
        k->self = true;
        k->behind = -1;
    }
    pthread_mutex_lock(&sy->mu);
    for (size_t i = 0; i < next.count; i++) {
        SyncKiosk *k = &next.kiosk[i];
        if (k->self) {
            k->connected = sy->st.state == SYNC_ONLINE;
            k->seen_ms = k->connected ? now : k->seen_ms;
            k->unsent = pending;
        }
    }
    next.asked_ms = now;
    qsort(next.kiosk, next.count, sizeof next.kiosk[0], kiosk_order);
    sy->kiosks = next;
    pthread_mutex_unlock(&sy->mu);
    if (sy->applied) {
        sy->applied(sy->ctx);
    }
}

/* When the thread must wake by itself at the latest (wall clock ms), or 0 for never. */
static int64_t wake_at(Sync *sy, bool retry)
{
    int64_t at = 0;
    if (retry && !sy->refused) {
        at = wall_ms() + sy->retry_ms;
    }
    if (sy->watching && sy->ready && !sy->refused) {
        int64_t list = sy->listed_ms + SYNC_KIOSKS_EVERY_MS;
        at = at == 0 || list < at ? list : at;
    }
    return at;
}

/* ---- The thread -------------------------------------------------------------------------- */

static void *sync_main(void *arg)
{
    Sync *sy = arg;
    sy->retry_ms = SYNC_RETRY_MIN_MS;
    bool retry = false;
    for (;;) {
        pthread_mutex_lock(&sy->mu);
        int64_t until = wake_at(sy, retry);
        if (!sy->stop && !sy->nudged && !sy->reconnected && !sy->list_now && sy->qlen == 0 &&
            (until == 0 || until > wall_ms())) {
            if (until == 0) {
                pthread_cond_wait(&sy->cv, &sy->mu);
            } else {
                /* The condition variable's clock is CLOCK_REALTIME, as wall_ms. */
                struct timespec ts = {(time_t)(until / 1000), (long)(until % 1000) * 1000000L};
                pthread_cond_timedwait(&sy->cv, &sy->mu, &ts);
            }
            sy->st.wakeups++;
        }
        bool stop = sy->stop, reconnected = sy->reconnected;
        bool list =
            sy->list_now || (sy->watching && wall_ms() >= sy->listed_ms + SYNC_KIOSKS_EVERY_MS);
        sy->nudged = false;
        sy->reconnected = false;
        sy->list_now = false;
        pthread_mutex_unlock(&sy->mu);
        if (list) {
            sy->listed_ms = wall_ms(); /* due again in SYNC_KIOSKS_EVERY_MS, asked or not */
        }
        if (stop) {
            break;
        }
        if (sy->refused) {
            continue;
        }
        if (retry) {
            sy->retry_ms =
                sy->retry_ms * 2 > SYNC_RETRY_MAX_MS ? SYNC_RETRY_MAX_MS : sy->retry_ms * 2;
        }
        retry = false;
        if (reconnected) {
            sy->ready = false; /* the server may have lost the stream: look again */
        }
        if (!sy->nc && !connect_server(sy)) {
            retry = !sy->refused;
            continue;
        }
        if (natsConnection_Status(sy->nc) != NATS_CONN_STATUS_CONNECTED) {
            continue; /* cnats is reconnecting; on_reconnected wakes us */
        }
        if (!sy->ready && !setup(sy)) {
            retry = !sy->refused;
            continue;
        }
        if (!take_in(sy) || !publish(sy)) {
            retry = true;
            continue;
        }
        int64_t pending = 0;
        if (store_sync_pending(sy->store, &pending) == STORE_OK) {
            pthread_mutex_lock(&sy->mu);
            sy->st.outbox = pending;
            pthread_mutex_unlock(&sy->mu);
        }
        if (sy->ready) {
            set_state(sy, SYNC_ONLINE, "connected to %s", sy->cfg.urls[0]);
        }
        if (list && sy->ready) {
            list_kiosks(sy);
        }
    }
    drop_connection(sy);
    /* What was delivered and not taken in goes back to the server unacknowledged. */
    pthread_mutex_lock(&sy->mu);
    for (size_t i = 0; i < sy->qlen; i++) {
        natsMsg_Destroy(sy->queue[i]);
    }
    sy->qlen = 0;
    pthread_mutex_unlock(&sy->mu);
    return NULL;
}

Sync *sync_start(const Store *kiosk, const char *event_key, const SyncConfig *cfg,
                 void (*applied)(void *ctx), void *ctx, char *err, size_t errcap)
{
    if (!cfg || cfg->nurls == 0 || cfg->nurls > SYNC_URLS_MAX) {
        snprintf(err, errcap, "sync: no server given");
        return NULL;
    }
    if (!event_key || !*event_key || strlen(event_key) >= EVENT_KEY_MAX) {
        snprintf(err, errcap, "sync: no event to share");
        return NULL;
    }
    Sync *sy = calloc(1, sizeof *sy);
    if (!sy) {
        snprintf(err, errcap, "sync: out of memory");
        return NULL;
    }
    pthread_mutex_init(&sy->mu, NULL);
    pthread_cond_init(&sy->cv, NULL);
    sy->cfg = *cfg;
    sy->applied = applied;
    sy->ctx = ctx;
    memcpy(sy->event_key, event_key, strlen(event_key) + 1);
    StoreStatus st = store_open_again(kiosk, &sy->store, err, errcap);
    if (st != STORE_OK) {
        pthread_cond_destroy(&sy->cv);
        pthread_mutex_destroy(&sy->mu);
        free(sy);
        return NULL;
    }
    memcpy(sy->device, store_device_id(sy->store), sizeof sy->device);
    char token[EVENT_KEY_MAX];
    sync_name_token(token, sizeof token, event_key);
    snprintf(sy->stream, sizeof sy->stream, "MINGEL_%s", token);
    snprintf(sy->filter, sizeof sy->filter, "mingel.%s.*", token);
    snprintf(sy->subject, sizeof sy->subject, "mingel.%s.%s", token, sy->device);
    snprintf(sy->deliver, sizeof sy->deliver, "_mingel.deliver.%s.%s", token, sy->device);
    snprintf(sy->durable, sizeof sy->durable, "kiosk-%s", sy->device);
    snprintf(sy->description, sizeof sy->description, "mingel event %s", event_key);
    sy->st.state = SYNC_CONNECTING;
    int64_t pending = 0;
    if (store_sync_pending(sy->store, &pending) == STORE_OK) {
        sy->st.outbox = pending;
    }
    sy->nudged = true; /* connect at once */
    int e = pthread_create(&sy->thread, NULL, sync_main, sy);
    if (e != 0) {
        snprintf(err, errcap, "sync: cannot start its thread: %s", strerror(e));
        store_close(sy->store);
        pthread_cond_destroy(&sy->cv);
        pthread_mutex_destroy(&sy->mu);
        free(sy);
        return NULL;
    }
    sy->started = true;
    return sy;
}

void sync_nudge(Sync *sy)
{
    if (!sy) {
        return;
    }
    pthread_mutex_lock(&sy->mu);
    sy->nudged = true;
    pthread_cond_signal(&sy->cv);
    pthread_mutex_unlock(&sy->mu);
}

void sync_watch(Sync *sy, bool on)
{
    if (!sy) {
        return;
    }
    pthread_mutex_lock(&sy->mu);
    if (on != sy->watching) {
        sy->watching = on;
        sy->list_now = on;
        pthread_cond_signal(&sy->cv);
    }
    pthread_mutex_unlock(&sy->mu);
}

void sync_kiosks(Sync *sy, SyncKiosks *out)
{
    pthread_mutex_lock(&sy->mu);
    *out = sy->kiosks;
    pthread_mutex_unlock(&sy->mu);
}

void sync_status(Sync *sy, SyncStatus *out)
{
    pthread_mutex_lock(&sy->mu);
    *out = sy->st;
    pthread_mutex_unlock(&sy->mu);
}

void sync_stop(Sync *sy)
{
    if (!sy) {
        return;
    }
    pthread_mutex_lock(&sy->mu);
    sy->stop = true;
    pthread_cond_signal(&sy->cv);
    pthread_mutex_unlock(&sy->mu);
    if (sy->started) {
        pthread_join(sy->thread, NULL);
    }
    store_close(sy->store);
    free(sy->queue);
    pthread_cond_destroy(&sy->cv);
    pthread_mutex_destroy(&sy->mu);
    free(sy);
}
