/* syncconf: the [sync] settings (contract in syncconf.h). inih reads the INI structure;
 * its reader callback hands it one line at a time so every message can name the line. */
#include "core/syncconf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "core/text.h"

typedef struct Parse {
    const char *name, *data;
    size_t len, pos;
    int line;     /* of the line inih last read */
    int err_line; /* 0 until an error */
    bool in_sync, seen_sync;
    SyncConfig *out;
    char *err;
    size_t errcap;
} Parse;

static void fail(Parse *p, const char *fmt, const char *a)
{
    if (p->err_line) {
        return;
    }
    p->err_line = p->line;
    char what[400];
    snprintf(what, sizeof what, fmt, a);
    snprintf(p->err, p->errcap, "%s:%d: %s", p->name, p->line, what);
}

static char *read_line(char *str, int num, void *stream)
{
    Parse *p = stream;
    if (p->err_line || p->pos >= p->len || num < 4) {
        return NULL;
    }
    const char *s = p->data + p->pos;
    const char *nl = memchr(s, '\n', p->len - p->pos);
    size_t n = nl ? (size_t)(nl - s) : p->len - p->pos;
    p->pos += n + (nl ? 1 : 0);
    p->line++;
    if (n > 0 && s[n - 1] == '\r') {
        n--;
    }
    if (n + 2 > (size_t)num) {
        fail(p, "the line is too long%s; shorten it", "");
        return NULL;
    }
    if (!text_valid_utf8(s, n)) {
        fail(p, "the text is not valid UTF-8%s; save the file as UTF-8", "");
        return NULL;
    }
    memcpy(str, s, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    /* Sections are followed here, where the line number is known. */
    const char *t = str;
    while (*t == ' ' || *t == '\t') {
        t++;
    }
    if (*t == '[') {
        p->in_sync = strncasecmp(t, "[sync]", 6) == 0;
        p->seen_sync |= p->in_sync;
    }
    return str;
}

static bool copy_value(Parse *p, char *dst, const char *key, const char *value)
{
    size_t n = strlen(value);
    if (n == 0) {
        fail(p, "%s is empty; give a value or remove the line", key);
        return false;
    }
    if (n >= SYNC_TEXT_MAX) {
        fail(p, "the value of %s is too long", key);
        return false;
    }
    memcpy(dst, value, n + 1);
    return true;
}

static int on_value(void *user, const char *section, const char *key, const char *value)
{
    (void)section;
    Parse *p = user;
    if (!p->in_sync) {
        return 1;
    }
    SyncConfig *c = p->out;
    if (strcasecmp(key, "server") == 0) {
        if (c->nurls == SYNC_URLS_MAX) {
            fail(p, "more than 4 servers%s; keep at most 4", "");
            return 0;
        }
        if (strncmp(value, "nats://", 7) != 0 && strncmp(value, "tls://", 6) != 0) {
            fail(p, "server '%s' is not a NATS address; write nats://HOST:4222 (or tls://)", value);
            return 0;
        }
        return copy_value(p, c->urls[c->nurls++], key, value);
    }
    static const struct {
        const char *key;
        size_t off;
    } fields[] = {
        {"user", offsetof(SyncConfig, user)},         {"password", offsetof(SyncConfig, password)},
        {"credentials", offsetof(SyncConfig, creds)}, {"ca", offsetof(SyncConfig, ca)},
        {"name", offsetof(SyncConfig, name)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcasecmp(key, fields[i].key) == 0) {
            char *dst = (char *)c + fields[i].off;
            if (dst[0]) {
                fail(p, "%s is given twice; keep one", key);
                return 0;
            }
            if (!copy_value(p, dst, key, value)) {
                return 0;
            }
            if (dst == c->name && !store_device_name_ok(value)) {
                fail(p, "the name '%s' cannot be a kiosk's name; give 1 to 63 bytes of text",
                     value);
                return 0;
            }
            return 1;
        }
    }
    fail(p,
         "unknown setting '%s' in [sync]; the settings are server, user, password, "
         "credentials, ca and name",
         key);
    return 0;
}

int syncconf_parse(const char *name, const char *data, size_t len, SyncConfig *out, char *err,
                   size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (len > SYNCCONF_FILE_MAX) {
        snprintf(err, errcap, "%s: larger than %d KiB; is it the right file?", name,
                 SYNCCONF_FILE_MAX / 1024);
        return -1;
    }
    Parse p = {.name = name, .data = data, .len = len, .out = out, .err = err, .errcap = errcap};
    int rc = ini_parse_stream(read_line, &p, on_value, &p);
    if (!p.err_line && rc > 0) {
        p.line = rc;
        fail(&p, "this line is not 'name = value' or a [section]%s", "");
    }
    if (!p.err_line && rc < 0) {
        snprintf(err, errcap, "%s: out of memory while reading", name);
        memset(out, 0, sizeof *out);
        return -1;
    }
    if (p.err_line) {
        memset(out, 0, sizeof *out);
        return -1;
    }
    SyncConfig *c = out;
    const char *why = NULL;
    if (!p.seen_sync) {
        why = "no [sync] section; add one with a server = nats://HOST:4222 line";
    } else if (c->nurls == 0) {
        why = "[sync] names no server; add server = nats://HOST:4222";
    } else if (!c->user[0] != !c->password[0]) {
        why = "[sync] gives user or password without the other; give both";
    } else if (c->user[0] && c->creds[0]) {
        why = "[sync] gives both user/password and credentials; keep one";
    } else if (c->ca[0] && strncmp(c->urls[0], "tls://", 6) != 0) {
        why = "[sync] gives a ca but the server is not tls://; write tls://HOST:4222";
    }
    if (why) {
        snprintf(err, errcap, "%s: %s", name, why);
        memset(out, 0, sizeof *out);
        return -1;
    }
    return 0;
}
