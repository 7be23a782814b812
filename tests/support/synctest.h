/* synctest: what the live-sharing tests share (test_sync, test_hub): a real nats-server
 * started by the test, and kiosks as child processes on their own database files, driven
 * through a pipe.
 *
 *   time              sleep_ms (the wall clock is ids_now_ms)
 *   processes         track, kill_started (a cmocka teardown: kills what was tracked)
 *   the server        free_port, port_open, server_start, server_start_fresh, server_kill
 *   kiosks            kiosk_db (a database with the event and 60 people, tickets 100..159),
 *                     kiosk_spawn, kiosk_cmd, kiosk_ok, kiosk_quit, kiosk_kill, open_kiosk
 *   convergence       dump_file, wait_converged, expect_refused, config_for
 *
 * A kiosk child takes one command a line and answers one line: "c TICKET" check in,
 * "u TICKET" undo, "w NAME" walk-in, "f TOKEN VALUE" rating and reflection, "b N NAME" N
 * walk-ins in a burst, "R" publish everything again, "s" its sync status ("STATE APPLIED
 * REFUSED MESSAGE"), "p TICKET" where the person's check-in was made ("place here NAME",
 * "place there NAME" or the store's status), "k" the kiosk list as the server gives it
 * once asked now ("kiosks N RECORDS" and per kiosk " |DEVICE:SELF:CONNECTED:BEHIND:SEEN_MS:
 * NAME", the name its consumer carries),
 * "q" stop and quit ("bye"). Others answer "ok" or the store's status text ("already
 * checked in"). kiosk_db names each kiosk "Kiosk NAME". A kiosk's log (its stderr, the
 * "mingel: sync: ..." lines) goes to k->log (DB.log), kept across its restarts;
 * wait_converged prints it when the kiosks do not agree.
 *
 * The parent never touches NATS (the children start clean after fork). Failures end the
 * running cmocka test; kill_started as teardown leaves no process behind. Databases live
 * in $MINGEL_TEST_TMP; the server is $MINGEL_NATS_SERVER.
 */
#ifndef MINGEL_TEST_SYNCTEST_H
#define MINGEL_TEST_SYNCTEST_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/ids.h"
#include "core/store.h"
#include "core/sync.h"

#define CONVERGE_DEADLINE_MS 60000 /* a deadline for a hung test, never a measurement */

void sleep_ms(int ms);

/* Remembers a child process for kill_started. */
void track(pid_t pid);
/* A cmocka teardown: SIGCONT and SIGKILL to every process started here, and reaps them. */
int kill_started(void **state);

/* A free TCP port on 127.0.0.1 (bound and released). */
int free_port(void);
/* Whether something accepts connections on 127.0.0.1:port. */
bool port_open(int port);

typedef struct Server {
    pid_t pid;
    int port;
    char dir[512];           /* JetStream storage (made 0700) */
    const char *user, *pass; /* optional: one user on the command line */
    const char *conf;        /* optional: `nats-server -c conf` instead of the above */
} Server;

/* Starts nats-server -js on 127.0.0.1:port with storage in dir (or with conf, which must
 * say the same port), and waits until the port answers. */
void server_start(Server *sv);
/* server_start with its storage in a new, empty directory `name` of the test's own. */
void server_start_fresh(Server *sv, const char *name);
void server_kill(Server *sv);

typedef struct Kiosk {
    const char *name;
    char db[512];
    char log[520]; /* DB.log: the kiosk's stderr, kept across its restarts */
    pid_t pid;
    FILE *to, *from;
    char event_id[IDS_UUID_LEN + 1];
    char device[IDS_UUID_LEN + 1];
} Kiosk;

/* A new kiosk database $MINGEL_TEST_TMP/sync-NAME.db with the event ini and the list. */
void kiosk_db(Kiosk *k, const char *name, const char *ini);
/* Starts the kiosk's child process, sharing live with cfg. */
void kiosk_spawn(Kiosk *k, const SyncConfig *cfg);
/* Sends a command and returns the reply line (static buffer, until the next call). */
const char *kiosk_cmd(Kiosk *k, const char *fmt, ...);
/* Sends fmt with arg and fails unless the reply is "ok". */
void kiosk_ok(Kiosk *k, const char *fmt, const char *arg);
void kiosk_quit(Kiosk *k);
void kiosk_kill(Kiosk *k);
Store *open_kiosk(const char *db);

/* The canonical dump of the database db (malloc'd), and its outbox size when pending. */
char *dump_file(const char *db, int64_t *pending);
/* Waits until the kiosks' dumps are the same and their outboxes empty. Fails naming the
 * first difference at the deadline. */
void wait_converged(Kiosk *k, size_t n, const char *step);
/* Starts a kiosk with cfg, waits until it is refused, and checks that its message holds
 * want and that nothing was taken in. */
void expect_refused(Kiosk *k, const SyncConfig *cfg, const char *want);
/* nats://127.0.0.1:port, with user and password when user is not NULL. */
SyncConfig config_for(int port, const char *user, const char *pass);

#endif
