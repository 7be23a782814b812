/* store_people: attendees, the roster import, check-ins, walk-ins, undo and statistics (contract in
 * store.h, shared parts in store_private.h). */
#include "core/store_private.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- Attendees -------------------------------------------------------------------- */

static bool entry_ok(const RosterEntry *e)
{
    return storep_field_ok(e->key, sizeof e->key) && e->key[0] != '\0' &&
           strncmp(e->key, "w:", 2) != 0 && /* reserved for walk-ins */
           storep_field_ok(e->name, sizeof e->name) && !storep_is_blank(e->name) &&
           storep_field_ok(e->organisation, sizeof e->organisation) &&
           storep_field_ok(e->role, sizeof e->role) && storep_field_ok(e->email, sizeof e->email) &&
           storep_field_ok(e->ticket, sizeof e->ticket);
}

static int cmp_entry_key(const void *a, const void *b)
{
    const RosterEntry *x = *(const RosterEntry *const *)a;
    const RosterEntry *y = *(const RosterEntry *const *)b;
    return strcmp(x->key, y->key);
}

/* Checks every entry before anything is written: valid text, and each key once (the
 * counts below rely on it; roster_parse already drops repeated keys). */
static StoreStatus roster_ok(Store *s, const Roster *r, const RosterEntry ***sorted)
{
    *sorted = NULL;
    for (size_t i = 0; i < r->count; i++) {
        if (!entry_ok(&r->entries[i])) {
            storep_set_err(
                s,
                "import: entry %zu (line %d): empty name or key, reserved key, or a field "
                "that is too long or not valid text",
                i + 1, r->entries[i].line);
            return STORE_INVALID;
        }
    }
    const RosterEntry **by_key = malloc((r->count ? r->count : 1) * sizeof *by_key);
    if (!by_key) {
        storep_set_err(s, "import: out of memory");
        return STORE_IO;
    }
    for (size_t i = 0; i < r->count; i++) {
        by_key[i] = &r->entries[i];
    }
    qsort(by_key, r->count, sizeof *by_key, cmp_entry_key);
    StoreStatus st = STORE_OK;
    for (size_t i = 1; i < r->count; i++) {
        if (strcmp(by_key[i - 1]->key, by_key[i]->key) == 0) {
            storep_set_err(s, "import: the same person twice (key '%s', lines %d and %d)",
                           by_key[i]->key, by_key[i - 1]->line, by_key[i]->line);
            st = STORE_INVALID;
            break;
        }
    }
    if (st == STORE_OK) {
        *sorted = by_key; /* for the caller to look keys up in */
    } else {
        free(by_key);
    }
    return st;
}

enum { IMP_FIND, IMP_INSERT, IMP_UPDATE, IMP_COUNT_LIST, IMP_LISTED, IMP_STMTS };

static const char *const import_sql[IMP_STMTS] = {
    [IMP_FIND] = "SELECT id, name, organisation, role, email, ticket, consent, key, first_time"
                 " FROM attendee"
                 " WHERE event_id = ?1 AND key = ?2",
    [IMP_INSERT] = "INSERT INTO attendee(id, event_id, key, name, organisation, role, email,"
                   " ticket, source, consent, created_ms, updated_ms, device, clock, first_time)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'list', ?9, ?10, ?10, ?11, ?12, ?13)",
    /* An updated attendee takes the import's time, device and clock; an unchanged one is
     * not written at all. The key changes when the person was found by name. */
    [IMP_UPDATE] = "UPDATE attendee SET name = ?2, organisation = ?3, role = ?4, email = ?5,"
                   " ticket = ?6, consent = ?7, updated_ms = ?8, device = ?9, clock = ?10,"
                   " key = ?11, first_time = ?12 WHERE id = ?1",
    /* Pre-registered = all but the 'w:' keys of walk-ins (index-only, see store_stats). */
    [IMP_COUNT_LIST] = "SELECT (SELECT count(*) FROM attendee WHERE event_id = ?1)"
                       " - (SELECT count(*) FROM attendee WHERE event_id = ?1"
                       " AND key >= 'w:' AND key < 'w;')",
    [IMP_LISTED] = "SELECT id, key, name, organisation, email, ticket FROM attendee"
                   " WHERE event_id = ?1 AND source = 'list'",
};

/* Adds a note for the organiser, one line; the first STORE_IMPORT_NOTES are kept. */
static void import_note(StoreImportResult *res, const char *fmt, ...)
{
    if (res->nnotes >= STORE_IMPORT_NOTES) {
        res->nnotes_more++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    storep_vformat(res->notes[res->nnotes++], STORE_NOTE_MAX, fmt, ap);
    va_end(ap);
}

static int import_insert(Store *s, sqlite3_stmt **q, const char *event_id, const RosterEntry *e,
                         int64_t now_ms, StoreImportResult *res)
{
    char id[IDS_UUID_LEN + 1];
    if (storep_new_id(s, id, now_ms) != STORE_OK) {
        return -1;
    }
    sqlite3_stmt *ins = q[IMP_INSERT];
    const char *vals[] = {id,      event_id, e->key,   e->name, e->organisation,
                          e->role, e->email, e->ticket};
    for (int i = 0; i < 8; i++) {
        storep_bind_text(ins, i + 1, vals[i]);
    }
    sqlite3_bind_int(ins, 9, e->consent ? 1 : 0);
    sqlite3_bind_int64(ins, 10, now_ms);
    storep_bind_text(ins, 11, s->device);
    storep_bind_clock(ins, 12, s->clock);
    sqlite3_bind_int(ins, 13, e->first_time ? 1 : 0);
    int rc = storep_run(ins);
    res->added += rc == SQLITE_DONE;
    return rc;
}

static int import_update(Store *s, sqlite3_stmt **q, const char *id, const RosterEntry *e,
                         int64_t now_ms)
{
    sqlite3_stmt *upd = q[IMP_UPDATE];
    const char *vals[] = {id, e->name, e->organisation, e->role, e->email, e->ticket};
    for (int i = 0; i < 6; i++) {
        storep_bind_text(upd, i + 1, vals[i]);
    }
    sqlite3_bind_int(upd, 7, e->consent ? 1 : 0);
    sqlite3_bind_int64(upd, 8, now_ms);
    storep_bind_text(upd, 9, s->device);
    storep_bind_clock(upd, 10, s->clock);
    storep_bind_text(upd, 11, e->key);
    sqlite3_bind_int(upd, 12, e->first_time ? 1 : 0);
    return storep_run(upd);
}

/* Stores an entry whose key is already in the event: update, or nothing. Sets *found to
 * false (and does nothing) when the key is not there. Returns an SQLite code, SQLITE_DONE
 * on success. */
static int import_by_key(Store *s, sqlite3_stmt **q, const char *event_id, const RosterEntry *e,
                         int64_t now_ms, StoreImportResult *res, bool *found)
{
    sqlite3_stmt *find = q[IMP_FIND];
    storep_bind_text(find, 1, event_id);
    storep_bind_text(find, 2, e->key);
    int rc = sqlite3_step(find);
    *found = rc == SQLITE_ROW;
    if (rc != SQLITE_ROW) {
        storep_done(find);
        return rc;
    }
    bool same = storep_column_is(find, 1, e->name) && storep_column_is(find, 2, e->organisation) &&
                storep_column_is(find, 3, e->role) && storep_column_is(find, 4, e->email) &&
                storep_column_is(find, 5, e->ticket) &&
                sqlite3_column_int(find, 6) == (e->consent ? 1 : 0) &&
                sqlite3_column_int(find, 8) == (e->first_time ? 1 : 0);
    char id[IDS_UUID_LEN + 1];
    storep_copy_column(id, sizeof id, find, 0);
    storep_done(find);
    if (same) {
        res->unchanged++;
        return SQLITE_DONE;
    }
    rc = import_update(s, q, id, e, now_ms);
    res->updated += rc == SQLITE_DONE;
    return rc;
}

/* ---- Finding a person again by name ---------------------------------------------------
 *
 * A list without ticket codes or addresses keys people by name and organisation, so a
 * corrected spelling or a new organisation gives a key the store has never seen. Before
 * such an entry is added, it is compared with the attendees of the event that the new
 * list does not hold (their key is not in it), with names and organisations folded as
 * search folds them (case, accents and punctuation ignored):
 *   1. same name and same organisation (the key changed for another reason: an address
 *      or a ticket code was added);
 *   2. same name, another organisation (the person changed jobs or the organisation was
 *      written differently);
 *   3. same organisation, the name at most 2 edits away (an insertion, deletion or
 *      changed letter), and at most one edit per 4 letters of the shorter name, so that
 *      "Bo Ek" and "Bo Eh" stay two people but "Anna Oberg" and "Anna Öberg" do not.
 * Two people with different ticket codes, or different addresses, are never the same.
 * The first rule with exactly one candidate decides, and that attendee is updated: its id
 * stays, and with it every check-in and answer. With more than one candidate in the
 * deciding rule, the entry is added as a new person and named in a note with the people
 * it might be, so the organiser can look; nothing is merged on a guess. */

typedef struct Listed {
    char *id, *key, *name, *org, *email, *ticket; /* owned */
    char *fname, *forg;                           /* folded */
    bool taken;                                   /* matched by this import */
} Listed;

typedef struct ListedSet {
    Listed *v;
    size_t n, cap;
} ListedSet;

static void listed_free(ListedSet *ls)
{
    for (size_t i = 0; i < ls->n; i++) {
        Listed *l = &ls->v[i];
        free(l->id);
        free(l->key);
        free(l->name);
        free(l->org);
        free(l->email);
        free(l->ticket);
        free(l->fname);
        free(l->forg);
    }
    free(ls->v);
    memset(ls, 0, sizeof *ls);
}

static char *dup_text(const char *t)
{
    char *d = strdup(t ? t : "");
    return d;
}

static char *dup_folded(const char *t)
{
    char buf[3 * ROSTER_FIELD_MAX];
    text_fold(buf, sizeof buf, t);
    /* Folding turns punctuation into spaces; compare the words only. */
    size_t n = 0;
    bool gap = false;
    for (const char *c = buf; *c; c++) {
        if (*c == ' ') {
            gap = n > 0;
            continue;
        }
        if (gap) {
            buf[n++] = ' ';
        }
        gap = false;
        buf[n++] = *c;
    }
    buf[n] = '\0';
    return strdup(buf);
}

static int cmp_key_text(const void *key, const void *elem)
{
    const RosterEntry *e = *(const RosterEntry *const *)elem;
    return strcmp((const char *)key, e->key);
}

/* Reads the event's listed attendees whose key the new list does not hold. */
static int load_listed(sqlite3_stmt *q, const char *event_id, const RosterEntry **by_key,
                       size_t count, ListedSet *ls)
{
    storep_bind_text(q, 1, event_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(q, 1);
        if (!key || bsearch(key, by_key, count, sizeof *by_key, cmp_key_text)) {
            continue;
        }
        if (ls->n == ls->cap) {
            size_t cap = ls->cap ? ls->cap * 2 : 64;
            Listed *v = realloc(ls->v, cap * sizeof *v);
            if (!v) {
                rc = SQLITE_NOMEM;
                break;
            }
            ls->v = v;
            ls->cap = cap;
        }
        Listed *l = &ls->v[ls->n++];
        memset(l, 0, sizeof *l);
        l->id = dup_text((const char *)sqlite3_column_text(q, 0));
        l->key = dup_text(key);
        l->name = dup_text((const char *)sqlite3_column_text(q, 2));
        l->org = dup_text((const char *)sqlite3_column_text(q, 3));
        l->email = dup_text((const char *)sqlite3_column_text(q, 4));
        l->ticket = dup_text((const char *)sqlite3_column_text(q, 5));
        l->fname = dup_folded(l->name);
        l->forg = dup_folded(l->org);
        if (!l->id || !l->key || !l->name || !l->org || !l->email || !l->ticket || !l->fname ||
            !l->forg) {
            rc = SQLITE_NOMEM;
            break;
        }
    }
    storep_done(q);
    return rc == SQLITE_DONE ? SQLITE_DONE : rc;
}

/* Edit distance between a and b (bytes of folded text), or limit + 1 if it is larger. */
static size_t edits_within(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > limit) {
        return limit + 1;
    }
    if (la >= 3 * ROSTER_FIELD_MAX || lb >= 3 * ROSTER_FIELD_MAX) {
        return limit + 1;
    }
    size_t prev[3 * ROSTER_FIELD_MAX + 1], cur[3 * ROSTER_FIELD_MAX + 1];
    for (size_t j = 0; j <= lb; j++) {
        prev[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            best = cur[j] < best ? cur[j] : best;
        }
        if (best > limit) {
            return limit + 1;
        }
        memcpy(prev, cur, (lb + 1) * sizeof *prev);
    }
    return prev[lb] <= limit ? prev[lb] : limit + 1;
}

static bool differ(const char *a, const char *b)
{
    return a[0] && b[0] && strcmp(a, b) != 0;
}

/* Which rule (1..3) makes stored person l a candidate for entry e, or 0. */
static int match_rule(const Listed *l, const RosterEntry *e, const char *fname, const char *forg)
{
    if (l->taken || differ(l->ticket, e->ticket)) {
        return 0;
    }
    /* Addresses decide only where both are real identities (keys e:). */
    if (strncmp(l->key, "e:", 2) == 0 && strncmp(e->key, "e:", 2) == 0 &&
        strcmp(l->key, e->key) != 0) {
        return 0;
    }
    bool same_name = strcmp(l->fname, fname) == 0;
    bool same_org = strcmp(l->forg, forg) == 0;
    if (same_name) {
        return same_org ? 1 : 2;
    }
    if (!same_org) {
        return 0;
    }
    size_t la = strlen(l->fname), lb = strlen(fname);
    size_t shorter = la < lb ? la : lb;
    size_t limit = shorter / 4 < 2 ? shorter / 4 : 2;
    return limit > 0 && edits_within(l->fname, fname, limit) <= limit ? 3 : 0;
}

static const char *const RULE_WORDS[] = {"", "the same name", "the same name, new organisation",
                                         "a corrected spelling"};

/* Finds the stored person an entry with an unknown key is, if one alone fits. Returns the
 * index in ls, or -1 (none, or several: then a note names them). */
static long find_listed(ListedSet *ls, const RosterEntry *e, StoreImportResult *res, int *rule_out)
{
    char *fname = dup_folded(e->name), *forg = dup_folded(e->organisation);
    long found = -1;
    int best = 4;
    size_t hits = 0;
    if (!fname || !forg) {
        free(fname);
        free(forg);
        return -1;
    }
    for (size_t i = 0; i < ls->n; i++) {
        int rule = match_rule(&ls->v[i], e, fname, forg);
        if (rule == 0 || rule > best) {
            continue;
        }
        if (rule < best) {
            best = rule;
            hits = 0;
        }
        if (hits++ == 0) {
            found = (long)i;
        }
    }
    if (hits > 1) {
        char names[STORE_NOTE_MAX] = "";
        size_t shown = 0;
        for (size_t i = 0; i < ls->n && shown < 3; i++) {
            if (match_rule(&ls->v[i], e, fname, forg) != best) {
                continue;
            }
            size_t len = strlen(names);
            storep_put_msg(names + len, sizeof names - len, "%s%s%s%s%s", shown ? " or " : "",
                           ls->v[i].name, ls->v[i].org[0] ? " (" : "", ls->v[i].org,
                           ls->v[i].org[0] ? ")" : "");
            shown++;
        }
        import_note(res,
                    "line %d: %s%s%s%s may be %s (%s); added as a new person, as it is not "
                    "clear which",
                    e->line, e->name, e->organisation[0] ? " (" : "", e->organisation,
                    e->organisation[0] ? ")" : "", names, RULE_WORDS[best]);
        res->ambiguous++;
        found = -1;
    }
    *rule_out = best;
    free(fname);
    free(forg);
    return found;
}

/* Imports the entries whose key the store did not know: found by name, or added. */
static StoreStatus import_unknown(Store *s, sqlite3_stmt **q, const char *event_id, const Roster *r,
                                  const size_t *unknown, size_t nunknown,
                                  const RosterEntry **by_key, int64_t now_ms,
                                  StoreImportResult *res)
{
    ListedSet ls = {0};
    int rc = load_listed(q[IMP_LISTED], event_id, by_key, r->count, &ls);
    StoreStatus st = STORE_OK;
    if (rc != SQLITE_DONE) {
        st = storep_fail_rc(s, rc, "import: read the attendees");
    }
    for (size_t k = 0; st == STORE_OK && k < nunknown; k++) {
        const RosterEntry *e = &r->entries[unknown[k]];
        int rule = 0;
        long i = ls.n ? find_listed(&ls, e, res, &rule) : -1;
        if (i < 0) {
            rc = import_insert(s, q, event_id, e, now_ms, res);
        } else {
            Listed *l = &ls.v[i];
            l->taken = true;
            rc = import_update(s, q, l->id, e, now_ms);
            if (rc == SQLITE_DONE) {
                res->updated++;
                res->matched++;
                import_note(res, "line %d: %s%s%s%s is %s%s%s%s, already stored (%s); updated",
                            e->line, e->name, e->organisation[0] ? " (" : "", e->organisation,
                            e->organisation[0] ? ")" : "", l->name, l->org[0] ? " (" : "", l->org,
                            l->org[0] ? ")" : "", RULE_WORDS[rule]);
            }
        }
        if (rc == -1) {
            st = STORE_IO;
        } else if (rc != SQLITE_DONE) {
            st = storep_fail_rc(s, rc, "import");
        }
    }
    listed_free(&ls);
    return st;
}

StoreStatus store_import_roster(Store *s, const char *event_id, const Roster *r, int64_t now_ms,
                                StoreImportResult *res)
{
    StoreImportResult counts;
    memset(&counts, 0, sizeof counts);
    sqlite3_stmt *q[IMP_STMTS] = {NULL};
    const RosterEntry **by_key = NULL;
    size_t *unknown = NULL, nunknown = 0;
    if (res) {
        *res = counts;
    }
    StoreStatus st = roster_ok(s, r, &by_key);
    if (st != STORE_OK) {
        return st;
    }
    unknown = malloc((r->count ? r->count : 1) * sizeof *unknown);
    if (!unknown) {
        storep_set_err(s, "import: out of memory");
        st = STORE_IO;
        goto out;
    }
    for (int i = 0; i < IMP_STMTS; i++) {
        int rc = sqlite3_prepare_v2(s->db, import_sql[i], -1, &q[i], NULL);
        if (rc != SQLITE_OK) {
            st = storep_fail_rc(s, rc, "import: prepare");
            goto out;
        }
    }
    /* One transaction for the whole list: either every row is stored or none. Pages that
     * do not fit SQLite's cache spill into the -wal before COMMIT, but no reader sees
     * them and a crash discards them, as they carry no commit frame. */
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        goto out;
    }
    st = storep_event_exists(s, event_id);
    /* Everyone whose key is known first, so that the people left over are exactly those
     * the new list does not hold by key. */
    for (size_t i = 0; st == STORE_OK && i < r->count; i++) {
        bool found;
        int rc = import_by_key(s, q, event_id, &r->entries[i], now_ms, &counts, &found);
        if (rc == SQLITE_DONE && !found) {
            unknown[nunknown++] = i;
        } else if (rc != SQLITE_DONE) {
            st = storep_fail_rc(s, rc, "import");
        }
    }
    if (st == STORE_OK && nunknown) {
        st = import_unknown(s, q, event_id, r, unknown, nunknown, by_key, now_ms, &counts);
    }
    if (st == STORE_OK) {
        sqlite3_stmt *cnt = q[IMP_COUNT_LIST];
        storep_bind_text(cnt, 1, event_id);
        int rc = sqlite3_step(cnt);
        if (rc == SQLITE_ROW) {
            /* Every key of the list is now a 'list' row of the event, each once. */
            int64_t listed = sqlite3_column_int64(cnt, 0);
            counts.not_in_list = listed > (int64_t)r->count ? (size_t)listed - r->count : 0;
        } else {
            st = storep_fail_rc(s, rc, "import: count");
        }
        storep_done(cnt);
    }
    st = storep_tx_end(s, st);
out:
    for (int i = 0; i < IMP_STMTS; i++) {
        sqlite3_finalize(q[i]);
    }
    free(by_key);
    free(unknown);
    if (res) {
        if (st == STORE_OK) {
            *res = counts;
        } else {
            memset(res, 0, sizeof *res);
        }
    }
    return st;
}

StoreStatus store_each_attendee(Store *s, const char *event_id,
                                int (*fn)(void *ctx, const StoreAttendee *a), void *ctx)
{
    static const char sql[] = "SELECT " ATTENDEE_COLUMNS " FROM attendee a WHERE a.event_id = ?1"
                              " ORDER BY a.name COLLATE NOCASE";
    sqlite3_stmt *st = NULL;
    StoreStatus out = storep_event_query(s, event_id, sql, "attendees: prepare", &st);
    if (out != STORE_OK) {
        return out;
    }
    int rc;
    /* One statement = one read transaction: fn sees a consistent snapshot. */
    StoreAttendee a;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        storep_read_attendee(st, &a);
        if (fn(ctx, &a) != 0) {
            rc = SQLITE_DONE;
            break;
        }
    }
    if (rc != SQLITE_DONE) {
        out = storep_fail_rc(s, rc, "attendees");
    }
    sqlite3_finalize(st);
    return out;
}

/* Runs a hot attendee query whose parameters are bound, reading one row into out. */
static StoreStatus fetch_attendee(Store *s, sqlite3_stmt *st, StoreAttendee *out, const char *what)
{
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        storep_read_attendee(st, out);
    } else if (rc == SQLITE_DONE) {
        storep_set_err(s, "%s: no such attendee", what);
        res = STORE_NOT_FOUND;
    } else {
        res = storep_fail_rc(s, rc, what);
    }
    storep_done(st);
    return res;
}

StoreStatus store_find_ticket(Store *s, const char *event_id, const char *ticket,
                              StoreAttendee *out)
{
    if (!ticket || !*ticket) {
        storep_set_err(s, "ticket: empty code");
        return STORE_NOT_FOUND; /* people without a ticket have '' */
    }
    sqlite3_stmt *st = s->stmt[SQL_ATTENDEE_TICKET];
    storep_bind_text(st, 1, event_id);
    storep_bind_text(st, 2, ticket);
    return fetch_attendee(s, st, out, "ticket");
}

StoreStatus store_get_attendee(Store *s, const char *attendee_id, StoreAttendee *out)
{
    sqlite3_stmt *st = s->stmt[SQL_ATTENDEE_GET];
    storep_bind_text(st, 1, attendee_id);
    return fetch_attendee(s, st, out, "attendee");
}

/* ---- Check-ins -------------------------------------------------------------------- */

/* Inside an open transaction: is there an active check-in, and at what time? */
static StoreStatus active_checkin(Store *s, const char *attendee_id, bool *found, int64_t *at)
{
    sqlite3_stmt *st = s->stmt[SQL_CHECKIN_ACTIVE];
    storep_bind_text(st, 1, attendee_id);
    int rc = sqlite3_step(st);
    StoreStatus res = STORE_OK;
    if (rc == SQLITE_ROW) {
        *found = sqlite3_column_type(st, 0) != SQLITE_NULL;
        *at = *found ? sqlite3_column_int64(st, 0) : 0;
    } else {
        res = storep_fail_rc(s, rc, "check-in: read");
    }
    storep_done(st);
    return res;
}

static StoreStatus insert_checkin(Store *s, const char *id, const char *event_id,
                                  const char *attendee_id, int64_t now_ms)
{
    sqlite3_stmt *st = s->stmt[SQL_CHECKIN_INSERT];
    storep_bind_text(st, 1, id);
    storep_bind_text(st, 2, event_id);
    storep_bind_text(st, 3, attendee_id);
    sqlite3_bind_int64(st, 4, now_ms);
    storep_bind_text(st, 5, s->device);
    storep_bind_clock(st, 6, s->clock);
    int rc = storep_run(st);
    if (rc != SQLITE_DONE) {
        return storep_fail_rc(s, rc, "check-in: write");
    }
    /* The badge goes into the same transaction: no second fsync before the greeting. */
    return storep_badge_on_checkin(s, event_id, attendee_id, now_ms);
}

StoreStatus store_checkin(Store *s, const char *event_id, const char *attendee_id, int64_t now_ms,
                          int64_t *existing_ms)
{
    char id[IDS_UUID_LEN + 1];
    StoreStatus st = storep_new_id(s, id, now_ms); /* before the lock: nothing to undo on failure */
    if (st != STORE_OK) {
        return st;
    }
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    st = storep_attendee_in_event(s, attendee_id, event_id, "check-in");
    bool found = false;
    int64_t at = 0;
    if (st == STORE_OK) {
        st = active_checkin(s, attendee_id, &found, &at);
    }
    if (st == STORE_OK && found) {
        /* Already in: end the transaction without writing (no fsync happens). */
        storep_tx_rollback(s);
        *existing_ms = at;
        return STORE_ALREADY;
    }
    if (st == STORE_OK) {
        st = insert_checkin(s, id, event_id, attendee_id, now_ms);
    }
    st = storep_tx_end(s, st);
    if (st == STORE_OK) {
        *existing_ms = now_ms;
    }
    return st;
}

static bool walk_in_text_ok(const char *t, bool required)
{
    size_t n = strlen(t);
    return n < ROSTER_FIELD_MAX && storep_field_ok(t, n + 1) && !(required && storep_is_blank(t));
}

StoreStatus store_walk_in(Store *s, const char *event_id, const char *name,
                          const char *organisation, bool consent, int64_t now_ms,
                          char attendee_id[IDS_UUID_LEN + 1])
{
    return store_walk_in_email(s, event_id, name, organisation, "", consent, now_ms, attendee_id);
}

StoreStatus store_walk_in_email(Store *s, const char *event_id, const char *name,
                                const char *organisation, const char *email, bool consent,
                                int64_t now_ms, char attendee_id[IDS_UUID_LEN + 1])
{
    if (!organisation) {
        organisation = "";
    }
    if (!email) {
        email = "";
    }
    if (!name || !walk_in_text_ok(name, true) || !walk_in_text_ok(organisation, false)) {
        storep_set_err(s, "walk-in: the name is empty, or a field is too long or not valid text");
        return STORE_INVALID;
    }
    if (email[0] && (!walk_in_text_ok(email, false) || !text_email_ok(email))) {
        storep_set_err(s, "walk-in: the e-mail address is not an address");
        return STORE_INVALID;
    }
    char id[IDS_UUID_LEN + 1], checkin_id[IDS_UUID_LEN + 1];
    StoreStatus st = storep_new_id(s, id, now_ms);
    if (st == STORE_OK) {
        st = storep_new_id(s, checkin_id, now_ms);
    }
    if (st != STORE_OK) {
        return st;
    }
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        return st;
    }
    st = storep_event_exists(s, event_id);
    if (st == STORE_OK) {
        sqlite3_stmt *ins = s->stmt[SQL_WALKIN_INSERT];
        storep_bind_text(ins, 1, id);
        storep_bind_text(ins, 2, event_id);
        storep_bind_text(ins, 3, name);
        storep_bind_text(ins, 4, organisation);
        sqlite3_bind_int64(ins, 5, now_ms);
        storep_bind_text(ins, 6, s->device);
        storep_bind_clock(ins, 7, s->clock);
        sqlite3_bind_int(ins, 8, consent ? 1 : 0);
        storep_bind_text(ins, 9, email);
        int rc = storep_run(ins);
        st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "walk-in: write");
    }
    if (st == STORE_OK) {
        st = insert_checkin(s, checkin_id, event_id, id, now_ms);
    }
    st = storep_tx_end(s, st);
    if (st == STORE_OK) {
        memcpy(attendee_id, id, IDS_UUID_LEN + 1);
    }
    return st;
}

StoreStatus store_stats(Store *s, const char *event_id, StoreStats *out)
{
    /* Counted on covering indexes: all attendees, walk-ins by their 'w:' keys (see the
     * CHECK in the schema), active check-ins. */
    static const char sql[] =
        "SELECT"
        " (SELECT count(*) FROM attendee WHERE event_id = ?1),"
        " (SELECT count(*) FROM attendee WHERE event_id = ?1 AND key >= 'w:' AND key < 'w;'),"
        " (SELECT count(DISTINCT c.attendee_id) FROM checkin c WHERE c.event_id = ?1"
        "  AND c.reverses IS NULL"
        "  AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id)),"
        " (SELECT count(*) FROM checkin WHERE event_id = ?1)";
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_event_query(s, event_id, sql, "stats: prepare", &st);
    if (res != STORE_OK) {
        return res;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->walk_ins = sqlite3_column_int64(st, 1);
        out->expected = sqlite3_column_int64(st, 0) - out->walk_ins;
        out->checked_in = sqlite3_column_int64(st, 2);
        out->checkin_records = sqlite3_column_int64(st, 3);
    } else {
        res = storep_fail_rc(s, rc, "stats");
    }
    sqlite3_finalize(st);
    return res;
}

StoreStatus store_checkin_undo(Store *s, const char *event_id, const char *attendee_id,
                               int64_t now_ms)
{
    sqlite3_stmt *act = NULL, *ins = NULL;
    int rc = sqlite3_prepare_v2(s->db, ACTIVE_CHECKINS_OF_ATTENDEE, -1, &act, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(s->db, REVERSAL_INSERT, -1, &ins, NULL);
    }
    StoreStatus st = rc == SQLITE_OK ? storep_tx_begin(s) : storep_fail_rc(s, rc, "undo: prepare");
    bool began = st == STORE_OK;
    if (began) {
        sqlite3_stmt *in = s->stmt[SQL_ATTENDEE_IN_EVENT];
        storep_bind_text(in, 1, attendee_id);
        storep_bind_text(in, 2, event_id);
        rc = sqlite3_step(in);
        storep_done(in);
        st = rc == SQLITE_ROW    ? STORE_OK
             : rc == SQLITE_DONE ? STORE_NOT_FOUND
                                 : storep_fail_rc(s, rc, "undo");
    }
    /* One reversal per active check-in: normally one; more only in a database that a merge
     * has not yet cleaned up. The query runs again after each, so it never reads rows it is
     * changing. */
    int undone = 0;
    while (st == STORE_OK) {
        storep_bind_text(act, 1, attendee_id);
        rc = sqlite3_step(act);
        if (rc != SQLITE_ROW) {
            storep_done(act);
            st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "undo: read");
            break;
        }
        char undo_id[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1];
        storep_copy_column(undo_id, sizeof undo_id, act, 0);
        storep_done(act);
        st = storep_new_id(s, id, now_ms);
        if (st == STORE_OK) {
            storep_bind_text(ins, 1, id);
            storep_bind_text(ins, 2, event_id);
            storep_bind_text(ins, 3, attendee_id);
            sqlite3_bind_int64(ins, 4, now_ms);
            storep_bind_text(ins, 5, s->device);
            storep_bind_text(ins, 6, undo_id);
            storep_bind_clock(ins, 7, s->clock); /* the undo's own: made now */
            rc = storep_run(ins);
            st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "undo: write");
            undone++;
        }
    }
    if (st == STORE_OK && undone == 0) {
        st = STORE_NOT_FOUND;
    }
    if (st == STORE_NOT_FOUND) {
        storep_set_err(s, "undo: attendee %s has no active check-in in event %s", attendee_id,
                       event_id);
    }
    if (began) {
        st = storep_tx_end(s, st);
    }
    sqlite3_finalize(act);
    sqlite3_finalize(ins);
    return st;
}
StoreStatus store_checkin_histogram(Store *s, const char *event_id, int64_t bucket_ms,
                                    int64_t *start_ms, int64_t *counts, size_t max, size_t *n)
{
    *start_ms = 0;
    *n = 0;
    if (bucket_ms <= 0 || max == 0 || !counts) {
        storep_set_err(s, "histogram: the bucket must be longer than 0 ms and there must be room");
        return STORE_INVALID;
    }
    memset(counts, 0, max * sizeof *counts);
    static const char sql[] =
        "SELECT c.at_ms FROM checkin c WHERE c.event_id = ?1 AND c.reverses IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM checkin r WHERE r.reverses = c.id) ORDER BY c.at_ms";
    sqlite3_stmt *st = NULL;
    StoreStatus res = storep_event_query(s, event_id, sql, "histogram: prepare", &st);
    if (res != STORE_OK) {
        return res;
    }
    int rc;
    int64_t start = 0;
    size_t used = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t at = sqlite3_column_int64(st, 0);
        if (used == 0) {
            start = storep_floor_to(at, bucket_ms);
        }
        /* Rows come in time order, so at >= start. */
        uint64_t i = (uint64_t)(at - start) / (uint64_t)bucket_ms;
        size_t b = i >= max ? max - 1 : (size_t)i;
        counts[b]++;
        used = b + 1 > used ? b + 1 : used;
    }
    if (rc != SQLITE_DONE) {
        res = storep_fail_rc(s, rc, "histogram");
        memset(counts, 0, max * sizeof *counts);
        start = 0;
        used = 0;
    }
    sqlite3_finalize(st);
    *start_ms = start;
    *n = used;
    return res;
}
