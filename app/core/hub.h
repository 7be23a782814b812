/* hub: the NATS server of one event on one of its kiosks (`mingel hub`, mingel-hub.service).
 *
 * The hub is Debian's nats-server with JetStream; this module writes its configuration and
 * the [sync] settings file (syncconf.h) the other kiosks join with. The configuration has
 * one user for the event, named "mingel-<token>" (token: sync_name_token of the event key),
 * with a password of HUB_PASSWORD_BYTES bytes from libsodium's randombytes (the kernel's
 * RNG), written base64url without padding. That user may publish and subscribe only where
 * the event's kiosks do (sync.h):
 *
 *   publish    mingel.<token>.>              the event's records
 *              $JS.API.INFO                  is JetStream there
 *              $JS.API.STREAM.*.MINGEL_<token>           the event's stream
 *              $JS.API.CONSUMER.*.MINGEL_<token>.>       its consumers (info, create)
 *              $JS.API.CONSUMER.*.*.MINGEL_<token>.>     (durable create, next message)
 *              $JS.ACK.MINGEL_<token>.>      acknowledging what a kiosk took in
 *   subscribe  mingel.<token>.>, _mingel.deliver.<token>.> (the consumers' deliveries),
 *              _INBOX.> (replies to requests and publishes)
 *
 * so a kiosk of the event cannot read or change another stream on the same server, and no
 * one without the password gets in at all. No anonymous access: nats-server refuses a
 * connection without a user once one is configured.
 *
 * The files hold the password in the clear (nats-server compares it as given): whoever
 * writes them keeps them readable by root and the service only (the CLI writes 0600).
 */
#ifndef MINGEL_HUB_H
#define MINGEL_HUB_H

#include <stddef.h>

#include "core/event.h"

#define HUB_PORT_DEFAULT   4222
#define HUB_DIR_DEFAULT    "/var/lib/mingel/hub" /* mingel-hub.service's -c DIR/nats.conf */
#define HUB_PASSWORD_BYTES 24                    /* 192 bits */
#define HUB_PASSWORD_LEN   32                    /* base64url characters of those bytes */
#define HUB_ADDRESS_MAX    256                   /* a host name or an address, with NUL */
#define HUB_DIR_MAX        1024

typedef struct Hub {
    char event_key[EVENT_KEY_MAX]; /* exact, for the files' comments */
    char token[EVENT_KEY_MAX];     /* as in stream and subject names */
    char user[EVENT_KEY_MAX + 8];  /* "mingel-<token>" */
    char password[HUB_PASSWORD_LEN + 1];
    char listen[HUB_ADDRESS_MAX];  /* the address the server listens on; "0.0.0.0" all */
    char address[HUB_ADDRESS_MAX]; /* the one the kiosks connect to */
    int port;
    char dir[HUB_DIR_MAX]; /* the hub's directory; JetStream stores under DIR/jetstream */
} Hub;

/* Fills *h for the event event_key: listen is an IPv4 or IPv6 address, or NULL for all
 * (IPv4); port 1..65535; dir an absolute path; address (what the kiosks connect to) a host
 * name or address, or NULL for listen's (then listen must not be NULL). A new password is
 * drawn every time. Returns 0, or -1 with a message saying what to change in err (an
 * empty or too long key, a listen address that is not one, a port out of range, a relative
 * directory or one with a quote or a control character in its name, libsodium that cannot
 * start). */
int hub_prepare(Hub *h, const char *event_key, const char *listen, int port, const char *dir,
                const char *address, char *err, size_t errcap);

/* The nats-server configuration (text for DIR/nats.conf), malloc'd; NULL when out of
 * memory. The caller frees it. */
char *hub_nats_conf(const Hub *h);

/* The kiosks' [sync] settings file (syncconf.h), malloc'd; NULL when out of memory. */
char *hub_sync_ini(const Hub *h);

/* This machine's address on the venue LAN, for when the hub listens on all of them: the
 * first IPv4 address of an interface that is up, not loopback, and in a private range
 * (10/8, 172.16/12, 192.168/16), else the first other non-loopback IPv4 one. Returns 0
 * with the address in out, or -1 when there is none (out is then ""). */
int hub_lan_address(char *out, size_t cap);

#endif
