/* store_device: kiosk names and where a check-in was made (contract in store.h, "Kiosk
 * names"). One table, device (schema step 10), one row per device id; every writer goes
 * through the same upsert, whose WHERE makes the latest naming win in any order of
 * arrival (live messages, merges, this kiosk's own start). */
#include "core/store_private.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

/* The latest naming wins; at the same time the greater name, so the order never matters. */
#define DEVICE_UPSERT                                                                              \
    "INSERT INTO device(id, name, named_ms) VALUES (?1, ?2, ?3)"                                   \
    " ON CONFLICT(id) DO UPDATE SET name = excluded.name, named_ms = excluded.named_ms"            \
    " WHERE excluded.named_ms > device.named_ms OR (excluded.named_ms = device.named_ms"           \
    " AND excluded.name > device.name)"

bool store_device_name_ok(const char *name)
{
    if (!name) {
        return false;
    }
    size_t n = strlen(name);
    if (n == 0 || n >= STORE_DEVICE_NAME_MAX || !text_valid_utf8(name, n)) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7F) {
            return false;
        }
    }
    return !storep_is_blank(name);
}

static bool id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    if (n == 0 || n > IDS_UUID_LEN) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
              c == '-')) {
            return false;
        }
    }
    return true;
}

StoreStatus storep_device_put(Store *s, const char *id, const char *name, int64_t named_ms)
{
    if (!id_ok(id) || !store_device_name_ok(name) || named_ms < 0) {
        return STORE_OK; /* a name that cannot be shown is passed over, never stored */
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, DEVICE_UPSERT, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "kiosk name");
    }
    storep_bind_text(st, 1, id);
    storep_bind_text(st, 2, name);
    sqlite3_bind_int64(st, 3, named_ms);
    rc = storep_run(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "kiosk name");
}

StoreStatus store_device_name(Store *s, const char *device_id, char *out, size_t cap,
                              int64_t *named_ms)
{
    out[0] = '\0';
    if (named_ms) {
        *named_ms = 0;
    }
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(s->db, "SELECT name, named_ms FROM device WHERE id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "kiosk name");
    }
    storep_bind_text(st, 1, device_id);
    rc = sqlite3_step(st);
    StoreStatus res = STORE_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        storep_copy_column(out, cap, st, 0);
        if (named_ms) {
            *named_ms = sqlite3_column_int64(st, 1);
        }
        res = STORE_OK;
    } else if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "kiosk name");
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_device_name_set(Store *s, const char *name, int64_t now_ms)
{
    if (!store_device_name_ok(name)) {
        storep_set_err(s, "kiosk name: '%s' cannot be a name (1 to %d bytes of text)",
                       name ? name : "", STORE_DEVICE_NAME_MAX - 1);
        return STORE_INVALID;
    }
    char known[STORE_DEVICE_NAME_MAX];
    int64_t prev = 0;
    StoreStatus st = store_device_name(s, s->device, known, sizeof known, &prev);
    if (st == STORE_OK && strcmp(known, name) == 0) {
        return STORE_OK;
    }
    if (st != STORE_OK && st != STORE_NOT_FOUND) {
        return st;
    }
    /* Written even where the clock is behind an earlier naming: this kiosk's own choice is
     * the latest by definition, so it is stored one past the one it replaces. */
    int64_t at = st == STORE_OK && prev >= now_ms ? prev + 1 : now_ms;
    st = storep_tx_begin(s);
    if (st == STORE_OK) {
        st = storep_device_put(s, s->device, name, at);
    }
    return storep_tx_end(s, st);
}

StoreStatus store_checkin_place(Store *s, const char *attendee_id, StoreCheckinPlace *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    int rc =
        sqlite3_prepare_v2(s->db,
                           "SELECT c.at_ms, c.device, d.name FROM (" ACTIVE_CHECKINS_OF_ATTENDEE
                           " LIMIT 1) c LEFT JOIN device d ON d.id = c.device",
                           -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "check-in place");
    }
    storep_bind_text(st, 1, attendee_id);
    rc = sqlite3_step(st);
    StoreStatus res = STORE_NOT_FOUND;
    if (rc == SQLITE_ROW) {
        out->at_ms = sqlite3_column_int64(st, 0);
        storep_copy_column(out->device, sizeof out->device, st, 1);
        storep_copy_column(out->name, sizeof out->name, st, 2);
        out->here = strcmp(out->device, s->device) == 0;
        res = STORE_OK;
    } else if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "check-in place");
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus storep_merge_devices(Store *s, sqlite3 *other, const char *other_path, size_t *count)
{
    /* Read by what the other file holds, not by its version number (the step is
     * renumbered as migrations of other work are merged). */
    int64_t has = 0;
    if (storep_query_int(other,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                         " AND name = 'device'",
                         &has) != SQLITE_OK) {
        return storep_fail_rc(s, sqlite3_errcode(other), "merge: kiosk names");
    }
    if (has == 0) {
        return STORE_OK;
    }
    sqlite3_stmt *r = NULL;
    int rc = sqlite3_prepare_v2(other, "SELECT id, name, named_ms FROM device ORDER BY id", -1, &r,
                                NULL);
    if (rc != SQLITE_OK) {
        storep_set_err(s, "%s: cannot read its kiosk names: %s", other_path, sqlite3_errmsg(other));
        return STORE_CORRUPT;
    }
    StoreStatus st = STORE_OK;
    while (st == STORE_OK && (rc = sqlite3_step(r)) == SQLITE_ROW) {
        if (sqlite3_column_type(r, 0) != SQLITE_TEXT || sqlite3_column_type(r, 1) != SQLITE_TEXT ||
            sqlite3_column_type(r, 2) != SQLITE_INTEGER) {
            continue; /* not as mingel writes it: a name is a label, the merge goes on */
        }
        char id[IDS_UUID_LEN + 2], name[STORE_DEVICE_NAME_MAX + 1];
        storep_copy_column(id, sizeof id, r, 0);
        storep_copy_column(name, sizeof name, r, 1);
        int before = sqlite3_total_changes(s->db);
        st = storep_device_put(s, id, name, sqlite3_column_int64(r, 2));
        if (st == STORE_OK && sqlite3_total_changes(s->db) != before) {
            (*count)++;
        }
    }
    if (st == STORE_OK && rc != SQLITE_DONE) {
        storep_set_err(s, "%s: cannot read its kiosk names: %s", other_path, sqlite3_errmsg(other));
        st = STORE_CORRUPT;
    }
    sqlite3_finalize(r);
    return st;
}
