/* store_purge: retention: removing personal data past its time (contract in store.h, shared parts
 * in store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- Retention -------------------------------------------------------------------- */

/* Events whose personal data is past retention on the local date ?1 (YYYY-MM-DD): the day
 * after date + retention_days (0: the default, 90) has begun. */
#define PURGE_DUE_EVENTS                                                                           \
    "(SELECT id FROM event WHERE date(date, '+' || (CASE WHEN retention_days > 0"                  \
    " THEN retention_days ELSE 90 END) || ' days') < ?1)"

StoreStatus store_purge(Store *s, int64_t now_ms, bool dry_run, StorePurgeReport *rep)
{
    static const char count_sql[] =
        "SELECT (SELECT count(*) FROM event e WHERE e.id IN " PURGE_DUE_EVENTS
        "  AND (EXISTS (SELECT 1 FROM attendee a WHERE a.event_id = e.id)"
        "   OR EXISTS (SELECT 1 FROM checkin c WHERE c.event_id = e.id))),"
        " (SELECT count(*) FROM attendee WHERE event_id IN " PURGE_DUE_EVENTS "),"
        " (SELECT count(*) FROM checkin WHERE event_id IN " PURGE_DUE_EVENTS ")";
    /* Check-ins first: they point at the attendees (and reversals at check-ins, all of
     * the same event, so gone in the same statement). */
    static const char *const purge_sql[] = {
        "DELETE FROM badge_job WHERE event_id IN " PURGE_DUE_EVENTS,    /* they name attendees */
        "DELETE FROM board_choice WHERE event_id IN " PURGE_DUE_EVENTS, /* so do these */
        "DELETE FROM checkin WHERE event_id IN " PURGE_DUE_EVENTS,
        "DELETE FROM attendee WHERE event_id IN " PURGE_DUE_EVENTS,
        "UPDATE event SET purged_ms = ?2 WHERE id IN " PURGE_DUE_EVENTS " AND purged_ms IS NULL",
    };
    StorePurgeReport counts = {0, 0, 0};
    if (rep) {
        *rep = counts;
    }
    char today[16] = "";
    time_t sec = (time_t)(storep_floor_to(now_ms, 1000) / 1000);
    struct tm tm;
    if (!localtime_r(&sec, &tm) || strftime(today, sizeof today, "%Y-%m-%d", &tm) != 10) {
        storep_set_err(s, "purge: %lld ms is not a date", (long long)now_ms);
        return STORE_INVALID;
    }
    int64_t secure = 1;
    int rc = storep_need_row(storep_query_int(s->db, "PRAGMA secure_delete", &secure));
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "purge: secure_delete");
    }
    /* Overwrite what is deleted, in the -wal too, not just unlink it from the b-tree. */
    if (!dry_run &&
        (rc = sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL)) != SQLITE_OK) {
        return storep_fail_rc(s, rc, "purge: secure_delete");
    }
    sqlite3_stmt *cnt = NULL;
    StoreStatus st = dry_run ? STORE_OK : storep_tx_begin(s);
    if (st == STORE_OK) {
        rc = sqlite3_prepare_v2(s->db, count_sql, -1, &cnt, NULL);
        if (rc == SQLITE_OK) {
            storep_bind_text(cnt, 1, today);
            rc = sqlite3_step(cnt);
        }
        if (rc == SQLITE_ROW) {
            counts.events = (size_t)sqlite3_column_int64(cnt, 0);
            counts.attendees = (size_t)sqlite3_column_int64(cnt, 1);
            counts.checkins = (size_t)sqlite3_column_int64(cnt, 2);
        } else {
            st = storep_fail_rc(s, rc, "purge: count");
        }
        sqlite3_finalize(cnt);
    }
    for (size_t i = 0; !dry_run && st == STORE_OK && i < sizeof purge_sql / sizeof *purge_sql;
         i++) {
        sqlite3_stmt *q = NULL;
        rc = sqlite3_prepare_v2(s->db, purge_sql[i], -1, &q, NULL);
        if (rc == SQLITE_OK) {
            storep_bind_text(q, 1, today);
            if (sqlite3_bind_parameter_count(q) >= 2) {
                sqlite3_bind_int64(q, 2, now_ms);
            }
            rc = storep_run(q);
        }
        sqlite3_finalize(q);
        st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "purge");
    }
    if (!dry_run) {
        st = storep_tx_end(s, st);
    }
    /* The names are gone from the tables; now from the file. VACUUM rewrites every page of
     * the database (through the -wal), and the TRUNCATE checkpoint copies them over the
     * main file and cuts the -wal to zero bytes, so no old page is left in either. Both
     * run outside any transaction. */
    if (!dry_run && st == STORE_OK) {
        rc = sqlite3_exec(s->db, "VACUUM", NULL, NULL, NULL);
        if (rc != SQLITE_OK) {
            st = storep_fail_rc(s, rc,
                                "purge: the data is deleted, but the file could not be compacted"
                                " (VACUUM); run mingel purge again");
        }
    }
    if (!dry_run && st == STORE_OK) {
        rc = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
        if (rc != SQLITE_OK) {
            st = storep_fail_rc(s, rc,
                                "purge: the data is deleted, but the -wal could not be cleared"
                                " (another program has the database open?); run mingel purge"
                                " again when it is closed");
        }
    }
    if (!dry_run) {
        char restore[48];
        snprintf(restore, sizeof restore, "PRAGMA secure_delete = %lld", (long long)secure);
        sqlite3_exec(s->db, restore, NULL, NULL, NULL);
    }
    if (rep && st == STORE_OK) {
        *rep = counts;
    }
    return st;
}
