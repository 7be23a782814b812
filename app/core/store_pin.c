/* store_pin: the admin PIN hash and its failed attempts (contract in store.h, shared parts in
 * store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A crypto_pwhash_str string: "$argon2..." in printable ASCII, shorter than the buffer.
 * Anything else (a PIN in clear above all) is refused rather than stored. */
static bool pin_hash_ok(const char *hash)
{
    if (!hash) {
        return false;
    }
    size_t n = strnlen(hash, STORE_PIN_HASH_MAX);
    if (n >= STORE_PIN_HASH_MAX || strncmp(hash, "$argon2", 7) != 0) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (hash[i] <= ' ' || hash[i] > '~') {
            return false;
        }
    }
    return true;
}

StoreStatus store_pin_set(Store *s, const char *hash)
{
    if (!pin_hash_ok(hash)) {
        storep_set_err(s, "pin: not a crypto_pwhash_str hash; nothing was stored");
        return STORE_INVALID;
    }
    return storep_write_one(s,
                            "INSERT INTO admin(id, pin_hash, failures, last_failure_ms)"
                            " VALUES (1, ?1, 0, 0) ON CONFLICT(id) DO UPDATE SET"
                            " pin_hash = excluded.pin_hash, failures = 0, last_failure_ms = 0",
                            hash, 0, "pin: write", NULL);
}

StoreStatus store_pin_get(Store *s, char hash[STORE_PIN_HASH_MAX])
{
    hash[0] = '\0';
    int rc = storep_query_text(s->db, "SELECT pin_hash FROM admin WHERE id = 1 AND pin_hash <> ''",
                               hash, STORE_PIN_HASH_MAX);
    if (rc == SQLITE_DONE) {
        storep_set_err(s, "pin: no admin PIN has been set");
        return STORE_NOT_FOUND;
    }
    return rc == SQLITE_OK ? STORE_OK : storep_fail_rc(s, rc, "pin: read");
}

StoreStatus store_pin_failures(Store *s, int *count, int64_t *last_ms)
{
    *count = 0;
    *last_ms = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT failures, last_failure_ms FROM admin WHERE id = 1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            int64_t n = sqlite3_column_int64(st, 0);
            *count = n > INT32_MAX ? INT32_MAX : (int)n; /* the schema holds it >= 0 */
            *last_ms = sqlite3_column_int64(st, 1);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "pin: failures");
}

StoreStatus store_pin_failed(Store *s, int64_t now_ms)
{
    return storep_write_one(s,
                            "INSERT INTO admin(id, failures, last_failure_ms) VALUES (1, 1, ?2)"
                            " ON CONFLICT(id) DO UPDATE SET failures = failures + 1,"
                            " last_failure_ms = excluded.last_failure_ms",
                            NULL, now_ms, "pin: count a failure", NULL);
}

StoreStatus store_pin_succeeded(Store *s)
{
    /* Nothing to write (and no fsync) when there was no failure. */
    return storep_write_one(s,
                            "UPDATE admin SET failures = 0, last_failure_ms = 0"
                            " WHERE id = 1 AND (failures <> 0 OR last_failure_ms <> 0)",
                            NULL, 0, "pin: reset failures", NULL);
}
