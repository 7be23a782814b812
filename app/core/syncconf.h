/* syncconf: the kiosk's live-sharing settings (app/core/sync.h), a small INI file the
 * organiser writes or `mingel hub` prints:
 *
 *   [sync]
 *   server      = nats://192.168.1.10:4222   ; up to 4 lines; nats:// or tls://
 *   user        = drift-2026-11              ; with password, or
 *   password    = ...
 *   credentials = /etc/mingel/event.creds    ; a NATS credentials file instead
 *   ca          = /etc/mingel/hub-ca.pem     ; TLS: trust this CA (server must be tls://)
 *   name        = Entré norr                 ; this kiosk's name for the others (optional)
 *
 * Comments start with ; or #. Other sections are left alone (so the [sync] section may sit
 * in a file with others). Every error names the file and line.
 */
#ifndef MINGEL_SYNCCONF_H
#define MINGEL_SYNCCONF_H

#include <stddef.h>

#include "core/sync.h"

#define SYNCCONF_FILE_MAX (64 * 1024) /* bytes: larger is not a settings file */

/* Parses data (len bytes, the file's contents; name for messages) into *out. Returns 0,
 * or -1 with "name:line: what is wrong and how to fix it" in err. A file without a
 * [sync] section or without a server is an error: there is nothing to join. */
int syncconf_parse(const char *name, const char *data, size_t len, SyncConfig *out, char *err,
                   size_t errcap);

#endif
