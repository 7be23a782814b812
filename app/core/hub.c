/* hub: the event's nats-server configuration and the kiosks' [sync] file (contract in
 * hub.h). */
#define _GNU_SOURCE /* getifaddrs' struct ifaddrs flags */
#include "core/hub.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/sync.h"

static int fail(char *err, size_t errcap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_ip(const char *s)
{
    unsigned char buf[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
}

/* A host name as DNS allows: letters, digits, '-' and '.'. */
static bool is_host_name(const char *s)
{
    if (!*s || *s == '-' || *s == '.') {
        return false;
    }
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.')) {
            return false;
        }
    }
    return true;
}

int hub_prepare(Hub *h, const char *event_key, const char *listen, int port, const char *dir,
                const char *address, char *err, size_t errcap)
{
    memset(h, 0, sizeof *h);
    if (!event_key || !*event_key || strlen(event_key) >= sizeof h->event_key) {
        return fail(err, errcap, "no event (import one first, or give --event KEY)");
    }
    if (listen && (strlen(listen) >= sizeof h->listen || !is_ip(listen))) {
        return fail(err, errcap,
                    "'%s' is not an address to listen on; give one of this machine's "
                    "addresses (192.168.1.10, fe80::1) or leave it out for all",
                    listen);
    }
    if (!address && !listen) {
        return fail(err, errcap, "no address for the kiosks to connect to; give --address");
    }
    const char *to = address ? address : listen;
    if (strlen(to) >= sizeof h->address || (!is_ip(to) && !is_host_name(to))) {
        return fail(err, errcap, "'%s' is not a host name or address for the kiosks", to);
    }
    if (port < 1 || port > 65535) {
        return fail(err, errcap, "port %d is out of range; give 1 to 65535 (NATS: 4222)", port);
    }
    if (!dir || dir[0] != '/' || strlen(dir) + sizeof "/jetstream" > sizeof h->dir) {
        return fail(err, errcap, "the hub's directory must be an absolute path (%s)",
                    HUB_DIR_DEFAULT);
    }
    for (const char *p = dir; *p; p++) {
        if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f) {
            return fail(err, errcap,
                        "the directory '%s' has a quote, backslash or control character in "
                        "its name; choose another",
                        dir);
        }
    }
    if (sodium_init() < 0) {
        return fail(err, errcap, "libsodium cannot be initialised: no password can be drawn");
    }
    memcpy(h->event_key, event_key, strlen(event_key) + 1);
    sync_name_token(h->token, sizeof h->token, event_key);
    snprintf(h->user, sizeof h->user, "mingel-%s", h->token);
    unsigned char secret[HUB_PASSWORD_BYTES];
    randombytes_buf(secret, sizeof secret);
    sodium_bin2base64(h->password, sizeof h->password, secret, sizeof secret,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(secret, sizeof secret);
    snprintf(h->listen, sizeof h->listen, "%s", listen ? listen : "0.0.0.0");
    snprintf(h->address, sizeof h->address, "%s", to);
    h->port = port;
    snprintf(h->dir, sizeof h->dir, "%s", dir);
    size_t n = strlen(h->dir);
    while (n > 1 && h->dir[n - 1] == '/') {
        h->dir[--n] = '\0';
    }
    return 0;
}

/* printf into a growing malloc'd string. */
typedef struct Text {
    char *s;
    size_t len, cap;
    bool oom;
} Text;

static void add(Text *t, const char *fmt, ...)
{
    if (t->oom) {
        return;
    }
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(t->s ? t->s + t->len : NULL, t->s ? t->cap - t->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            t->oom = true;
            return;
        }
        if (t->s && t->len + (size_t)n < t->cap) {
            t->len += (size_t)n;
            return;
        }
        size_t cap = (t->cap ? t->cap : 1024) * 2 + (size_t)n;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->oom = true;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
}

static char *done(Text *t)
{
    if (t->oom) {
        free(t->s);
        return NULL;
    }
    return t->s;
}

char *hub_nats_conf(const Hub *h)
{
    Text t = {0};
    const char *k = h->token;
    add(&t,
        "# nats-server configuration of the mingel hub for the event \"%s\", written by\n"
        "# `mingel hub`. mingel-hub.service runs: nats-server -c %s/nats.conf\n"
        "# It holds the event's password: keep it readable by root and the service only.\n"
        "\n"
        "server_name: \"mingel-hub-%s\"\n"
        "host: \"%s\"\n"
        "port: %d\n"
        "\n"
        "# The event's records, on disk: a restarted hub keeps them.\n"
        "jetstream {\n"
        "  store_dir: \"%s/jetstream\"\n"
        "}\n"
        "\n"
        "# One user for the event's kiosks, allowed only the event's subjects and stream\n"
        "# (CONSUMER.LIST: the admin screen's list of the event's kiosks).\n"
        "authorization {\n"
        "  users: [\n"
        "    {\n"
        "      user: \"%s\"\n"
        "      password: \"%s\"\n"
        "      permissions: {\n"
        "        publish: {\n"
        "          allow: [\"mingel.%s.>\", \"$JS.API.INFO\", \"$JS.API.STREAM.*.MINGEL_%s\",\n"
        "                  \"$JS.API.CONSUMER.*.MINGEL_%s.>\", "
        "\"$JS.API.CONSUMER.*.*.MINGEL_%s.>\",\n"
        "                  \"$JS.API.CONSUMER.LIST.MINGEL_%s\", \"$JS.ACK.MINGEL_%s.>\"]\n"
        "        }\n"
        "        subscribe: {\n"
        "          allow: [\"mingel.%s.>\", \"_mingel.deliver.%s.>\", \"_INBOX.>\"]\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  ]\n"
        "}\n",
        h->event_key, h->dir, k, h->listen, h->port, h->dir, h->user, h->password, k, k, k, k, k, k,
        k, k);
    return done(&t);
}

char *hub_sync_ini(const Hub *h)
{
    Text t = {0};
    bool v6 = strchr(h->address, ':') != NULL;
    add(&t,
        "; mingel live sharing for the event \"%s\", written by `mingel hub`.\n"
        "; Copy this file to every kiosk of the event (as /etc/mingel/sync.ini, readable by\n"
        "; root and mingel only) and start the kiosks with: mingel run --sync FILE\n"
        "[sync]\n"
        "server   = nats://%s%s%s:%d\n"
        "user     = %s\n"
        "password = %s\n",
        h->event_key, v6 ? "[" : "", h->address, v6 ? "]" : "", h->port, h->user, h->password);
    return done(&t);
}

static bool private_v4(uint32_t a)
{
    return (a >> 24) == 10 || (a >> 20) == ((172u << 4) | 1u) || (a >> 16) == ((192u << 8) | 168u);
}

int hub_lan_address(char *out, size_t cap)
{
    out[0] = '\0';
    struct ifaddrs *list = NULL;
    if (getifaddrs(&list) != 0) {
        return -1;
    }
    bool found_private = false;
    for (struct ifaddrs *i = list; i && !found_private; i = i->ifa_next) {
        if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) ||
            (i->ifa_flags & IFF_LOOPBACK)) {
            continue;
        }
        const struct in_addr *in =
            &((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
        bool priv = private_v4(ntohl(in->s_addr));
        if (priv || !out[0]) {
            if (!inet_ntop(AF_INET, in, out, (socklen_t)cap)) {
                out[0] = '\0';
            }
            found_private = priv && out[0];
        }
    }
    freeifaddrs(list);
    return out[0] ? 0 : -1;
}
