/* hub_cmd: `mingel hub`, the NATS server of one event on this kiosk (core/hub.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/atomicfile.h"
#include "core/hub.h"
#include "core/ids.h"

static const char HUB_USAGE[] =
    "usage: mingel hub [--db PATH] [--event KEY] [--listen ADDRESS] [--port N]\n"
    "                  [--address HOST] [--dir DIR] [--sync-out FILE]\n"
    "\n"
    "Prepares this machine's NATS server (nats-server with JetStream) for live sharing\n"
    "between the kiosks of one meeting: writes DIR/nats.conf with one user for the\n"
    "meeting, a new random password, and permissions for the meeting's records only,\n"
    "and the kiosks' settings file (a [sync] section with the server's address, the user\n"
    "and the password) to copy to every kiosk. Each run draws a new password: copy the\n"
    "new settings file to the kiosks again. Then start the server:\n"
    "    sudo systemctl enable --now mingel-hub\n"
    "and the kiosks with `mingel run --sync FILE`.\n"
    "  --event KEY       the meeting's key (its id in the event file); default: the\n"
    "                    meeting of the database (--db)\n"
    "  --listen ADDRESS  listen on this address only (default: all addresses)\n"
    "  --port N          the port (default: 4222)\n"
    "  --address HOST    what the kiosks connect to (default: the --listen address, or\n"
    "                    this machine's address on the local network)\n"
    "  --dir DIR         the server's directory: nats.conf and the JetStream storage\n"
    "                    (default: " HUB_DIR_DEFAULT ", which mingel-hub.service uses)\n"
    "  --sync-out FILE   where the kiosks' settings go (default: DIR/sync.ini)\n"
    "Both files hold the password and are written readable by their owner only.\n";

static int write_text(const char *path, const char *text)
{
    AtomicFile f;
    char err[512];
    if (atomicfile_open(&f, path, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: cannot write %s; nothing was changed\n", err);
        return CLI_CANTCREAT;
    }
    /* The password is in the file: its owner only, from the first byte written. */
    if (fchmod(fileno(f.f), 0600) != 0) {
        fprintf(stderr, "mingel: cannot make %s private: %s; nothing was changed\n", path,
                strerror(errno));
        atomicfile_abort(&f);
        return CLI_CANTCREAT;
    }
    atomicfile_puts(&f, text);
    if (atomicfile_commit(&f, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: cannot write %s\n", err);
        return CLI_IOERR;
    }
    return CLI_OK;
}

/* The event's key from the database. */
static int key_of_db(const char *db, char *key, size_t cap)
{
    Store *st = NULL;
    int rc = cli_open_store(db, "mingel.db", &st);
    if (rc != CLI_OK) {
        return rc;
    }
    EventInfo ev;
    char id[IDS_UUID_LEN + 1];
    StoreStatus s = store_event_current(st, &ev, id);
    store_close(st);
    if (s == STORE_NOT_FOUND) {
        fprintf(stderr, "mingel: no meeting in this database; load one with `mingel import "
                        "EVENT.ini ATTENDEES.csv` or give --event KEY\n");
        return CLI_DATAERR;
    }
    if (s != STORE_OK) {
        fprintf(stderr, "mingel: cannot read the meeting: %s\n", store_status_text(s));
        return cli_status_for(s);
    }
    snprintf(key, cap, "%s", ev.key);
    return CLI_OK;
}

int cli_hub(int argc, char **argv)
{
    const char *db = NULL, *event = NULL, *listen = NULL, *port_text = NULL, *address = NULL;
    const char *dir = HUB_DIR_DEFAULT, *sync_out = NULL;
    const CliOption opts[] = {
        {.name = "db", .letter = 'd', .value = &db}, {.name = "event", .value = &event},
        {.name = "listen", .value = &listen},        {.name = "port", .value = &port_text},
        {.name = "address", .value = &address},      {.name = "dir", .value = &dir},
        {.name = "sync-out", .value = &sync_out},    {0}};
    int pos;
    int rc = cli_parse(argc, argv, HUB_USAGE, opts, 0, 0, &pos);
    if (rc != CLI_GO_ON) {
        return rc;
    }
    int port = HUB_PORT_DEFAULT;
    if (port_text) {
        char *end = NULL;
        errno = 0;
        long p = strtol(port_text, &end, 10);
        if (errno || end == port_text || *end || p < 1 || p > 65535) {
            fprintf(stderr, "mingel: --port %s is not a port; give 1 to 65535\n", port_text);
            return CLI_USAGE;
        }
        port = (int)p;
    }
    char key[EVENT_KEY_MAX];
    if (event) {
        snprintf(key, sizeof key, "%s", event);
    } else if ((rc = key_of_db(db, key, sizeof key)) != CLI_OK) {
        return rc;
    }
    char lan[HUB_ADDRESS_MAX];
    if (!address && (!listen || strcmp(listen, "0.0.0.0") == 0 || strcmp(listen, "::") == 0)) {
        if (hub_lan_address(lan, sizeof lan) != 0) {
            fprintf(stderr, "mingel: this machine has no network address for the kiosks to "
                            "connect to; connect it to the network or give --address\n");
            return CLI_USAGE;
        }
        address = lan;
    }
    Hub h;
    char err[512];
    if (hub_prepare(&h, key, listen, port, dir, address, err, sizeof err) != 0) {
        fprintf(stderr, "mingel: %s\n", err);
        return CLI_USAGE;
    }
    if (mkdir(h.dir, 0750) != 0 && errno != EEXIST) {
        fprintf(stderr, "mingel: cannot create %s: %s\n", h.dir, strerror(errno));
        return CLI_CANTCREAT;
    }
    char conf_path[HUB_DIR_MAX + 16], ini_path[HUB_DIR_MAX + 16];
    snprintf(conf_path, sizeof conf_path, "%s/nats.conf", h.dir);
    if (!sync_out) {
        snprintf(ini_path, sizeof ini_path, "%s/sync.ini", h.dir);
        sync_out = ini_path;
    }
    char *conf = hub_nats_conf(&h);
    char *ini = hub_sync_ini(&h);
    rc = conf && ini ? CLI_OK : CLI_SOFTWARE;
    if (rc != CLI_OK) {
        fprintf(stderr, "mingel: out of memory\n");
    }
    if (rc == CLI_OK) {
        rc = write_text(conf_path, conf);
    }
    if (rc == CLI_OK) {
        rc = write_text(sync_out, ini);
    }
    free(conf);
    free(ini);
    if (rc != CLI_OK) {
        return rc;
    }
    printf("The hub of the meeting %s:\n"
           "  server settings: %s (listening on %s port %d, user %s)\n"
           "  kiosk settings:  %s (server nats://%s%s%s:%d)\n"
           "Next: copy the kiosk settings to every kiosk, start the server with\n"
           "  sudo systemctl enable --now mingel-hub\n"
           "(or nats-server -c %s), and the kiosks with `mingel run --sync FILE`.\n",
           h.event_key, conf_path, h.listen, h.port, h.user, sync_out,
           strchr(h.address, ':') ? "[" : "", h.address, strchr(h.address, ':') ? "]" : "", h.port,
           conf_path);
    return CLI_OK;
}
