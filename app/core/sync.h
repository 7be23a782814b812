/* sync: several kiosks of one event live, over a NATS JetStream stream.
 *
 * The local database stays the truth and the kiosk never waits for the network. Every
 * record the kiosk commits is queued in the store's outbox in the same transaction
 * (store.h, "Live sharing"); a sync thread, with its own connection to the same database
 * file, publishes the outbox in order to the event's stream and removes an entry only
 * once the server has acknowledged it (the record's id is the message's Nats-Msg-Id, so a
 * publish repeated after a crash is stored once). The same thread takes the other
 * kiosks' records from a durable consumer named after this device, in batches of one
 * transaction each, through the merge's own code, and acknowledges them only after the
 * commit: a record is never lost between server and database, and one delivered twice or
 * out of order changes nothing (records are append-only, matched by id; the same person
 * checked in at two kiosks counts once, as in `mingel merge`).
 *
 *   stream    MINGEL_<event key>, subjects mingel.<event key>.*, description
 *             "mingel event <key>", file storage, 1 h de-duplication window
 *   subject   mingel.<event key>.<device id>, one per kiosk
 *   consumer  durable "kiosk-<device id>", explicit acks, every message from the start
 *
 * (characters of the key other than A-Z a-z 0-9 - _ become _ in names and subjects; the
 * description and every message carry the exact key, and a mismatch is refused.)
 *
 * Refusals are final until the kiosk restarts with another configuration: wrong
 * credentials, a server that does not speak NATS (or without JetStream), a stream of the
 * same name that belongs to another event. Anything else (server down, cable out) is
 * retried, the thread sleeping in between; while idle and connected it sleeps until
 * something happens (a commit, a message, a reconnect), so it costs no wake-ups.
 *
 * If the stream comes back empty (a server restarted without its storage, or a new one),
 * the kiosk queues every record of the event it holds again, so what any kiosk still has
 * reaches all of them.
 *
 * Threads: sync_start, sync_nudge, sync_status and sync_stop are called from the kiosk's
 * thread. The applied callback runs on the sync thread; it must only wake the kiosk's
 * thread (an SDL user event, an eventfd), which then sees the changes through its own
 * connection (store_data_version).
 */
#ifndef MINGEL_SYNC_H
#define MINGEL_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/ids.h"
#include "core/store.h"

#define SYNC_URLS_MAX 4
#define SYNC_TEXT_MAX 512

/* How to reach the server. Every field is a NUL-terminated string; "" is "not given". */
typedef struct SyncConfig {
    char urls[SYNC_URLS_MAX][SYNC_TEXT_MAX]; /* nats://host:port or tls://host:port */
    size_t nurls;
    char user[SYNC_TEXT_MAX]; /* user and password, or */
    char password[SYNC_TEXT_MAX];
    char creds[SYNC_TEXT_MAX]; /* a NATS credentials file (JWT and nkey seed) */
    char ca[SYNC_TEXT_MAX];    /* a CA certificate file (PEM): TLS required */
    char name[SYNC_TEXT_MAX];  /* this kiosk's name ("Kiosk A"; store_device_name_ok), for
                                  the caller to store (store_device_name_set); "" not given */
} SyncConfig;

typedef enum SyncState {
    SYNC_CONNECTING, /* not connected yet, trying */
    SYNC_ONLINE,     /* connected, stream and consumer in place */
    SYNC_OFFLINE,    /* lost or never reached: retrying, records wait in the outbox */
    SYNC_REFUSED,    /* refused for good (see message); nothing is sent or taken in */
} SyncState;

typedef struct SyncStatus {
    SyncState state;
    char message[SYNC_TEXT_MAX]; /* the last problem, for the admin screen and the log */
    int64_t outbox;              /* records waiting to be published */
    int64_t published;           /* records published since start */
    int64_t applied;             /* messages taken in since start */
    int64_t refused;             /* messages refused (another event, not mingel's) */
    int64_t last_applied_ms;     /* wall clock of the last batch taken in; 0 none */
    uint64_t wakeups;            /* times the sync thread woke up (idle cost) */
} SyncStatus;

typedef struct Sync Sync;

/* ---- The event's kiosks, as the server sees them (for the admin screen) -----------------
 * Every kiosk of the event has its durable consumer on the stream ("kiosk-<device id>"),
 * so the server's consumer list is the list of kiosks, and each consumer's state says,
 * without any message of the kiosk's own:
 *   connected  the server has a bound subscription of it now (it is online);
 *   seen_ms    the last time it was known to be there: now while connected, else the
 *              latest of its consumer's creation (its first connection), last delivery and
 *              last acknowledgement, and of the last time this kiosk saw it connected;
 *   behind     records in the stream it has not yet taken in (not delivered, or delivered
 *              and not acknowledged: it acknowledges after its commit).
 * Each kiosk names its consumer's description after itself (store.h, "Kiosk names"), so
 * the list has every kiosk's name even before it has published a record.
 * What a kiosk wrote and has not published yet (its outbox) is known only to that kiosk:
 * unsent is this kiosk's own, -1 for the others. The list is asked for only while someone
 * watches it (sync_watch: the admin screen is open), every SYNC_KIOSKS_EVERY_MS, so an idle
 * kiosk costs nothing more. A server that does not let the kiosk list consumers (an
 * organiser's own, with narrower permissions) gives the list of this kiosk alone. */

#define SYNC_KIOSKS_MAX      16
#define SYNC_KIOSKS_EVERY_MS 2000 /* how often the list is asked for while watched */

typedef struct SyncKiosk {
    char device[IDS_UUID_LEN + 1];
    char name[STORE_DEVICE_NAME_MAX]; /* as the kiosk gave it to its consumer; "" none */
    bool self;                        /* this kiosk */
    bool connected;                   /* see above */
    int64_t seen_ms;                  /* wall clock ms; 0 unknown */
    int64_t behind;                   /* records; -1 unknown */
    int64_t unsent;                   /* records in this kiosk's outbox; -1 for the others */
} SyncKiosk;

typedef struct SyncKiosks {
    SyncKiosk kiosk[SYNC_KIOSKS_MAX]; /* this kiosk first, the others by device id */
    size_t count;
    int64_t stream_records; /* messages in the event's stream; -1 unknown */
    int64_t asked_ms;       /* wall clock of the server's last answer; 0 never */
    bool listed;            /* the server listed the kiosks (else only this one is known) */
} SyncKiosks;

/* The event key as it appears in stream and subject names (see above): every character
 * other than A-Z a-z 0-9 - _ becomes _. out (capacity cap > 0) is cut to fit. */
void sync_name_token(char *out, size_t cap, const char *key);

/* Short English name of a state ("connecting", "online", "offline", "refused"). Static. */
const char *sync_state_text(SyncState s);

/* Starts sharing the event with key event_key of the kiosk's database (the sync thread
 * opens its own connection to it with store_open_again, so kiosk's random source must be
 * safe to call from two threads; close kiosk only after sync_stop). applied(ctx), may be NULL,
 * is called on the sync thread after each batch of other kiosks' records is committed.
 * Returns NULL with a message in err when the database cannot be opened or the thread
 * cannot start; a server that cannot be reached is not an error (the thread retries). */
Sync *sync_start(const Store *kiosk, const char *event_key, const SyncConfig *cfg,
                 void (*applied)(void *ctx), void *ctx, char *err, size_t errcap);

/* A record was committed: publish soon. Never blocks on the network. sy may be NULL. */
void sync_nudge(Sync *sy);

/* A copy of the current status. */
void sync_status(Sync *sy, SyncStatus *out);

/* Whether someone looks at the kiosk list (the admin screen is open): while on, the
 * thread asks the server every SYNC_KIOSKS_EVERY_MS (at once when turned on) and calls
 * applied(ctx) after each answer. Cheap; call it as often as convenient. sy may be NULL. */
void sync_watch(Sync *sy, bool on);

/* A copy of the kiosk list as last asked for (count 0 before the first answer). */
void sync_kiosks(Sync *sy, SyncKiosks *out);

/* Stops the thread (waiting at most for one network operation in flight, a few seconds)
 * and frees everything; sy may be NULL. What was not published stays in the outbox. */
void sync_stop(Sync *sy);

#endif
