/* store_event: the clock state and setting, events and their questions (contract in store.h, shared
 * parts in store_private.h). */
#include "core/store_private.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* ---- The clock -------------------------------------------------------------------- */

bool store_clock_trusted(StoreClock c)
{
    return c == STORE_CLOCK_SYNCED || c == STORE_CLOCK_CONFIRMED || c == STORE_CLOCK_SET;
}

const char *store_clock_code(StoreClock c)
{
    switch (c) {
    case STORE_CLOCK_UNTRUSTED: return "untrusted";
    case STORE_CLOCK_SYNCED: return "synced";
    case STORE_CLOCK_CONFIRMED: return "confirmed";
    case STORE_CLOCK_SET: return "set";
    case STORE_CLOCK_UNKNOWN: break;
    }
    return "unknown";
}

void store_set_clock(Store *s, StoreClock c)
{
    /* Every record made from now on knows its clock: UNKNOWN is only what old rows read. */
    assert(c >= STORE_CLOCK_UNTRUSTED && c <= STORE_CLOCK_SET);
    s->clock = c >= STORE_CLOCK_UNTRUSTED && c <= STORE_CLOCK_SET ? c : STORE_CLOCK_UNTRUSTED;
}

/* The clock setting's three meta keys; a put writes all three in one transaction. */
static const char *const clock_setting_keys[] = {"clock_state", "clock_offset_ms", "clock_boot_id"};

/* A boot id as the kernel writes it (a UUID), or "": printable ASCII without spaces,
 * NUL-terminated within the field. */
static bool boot_id_ok(const char *id, size_t cap)
{
    size_t n = strnlen(id, cap);
    if (n >= cap) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (id[i] <= ' ' || id[i] > '~') {
            return false;
        }
    }
    return true;
}

/* A whole decimal int64 (optional '-'), nothing else. */
static bool parse_i64(const char *t, int64_t *out)
{
    if (!t || !*t) {
        return false;
    }
    char *end = NULL;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (errno != 0 || *end != '\0' || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9'))) {
        return false;
    }
    *out = (int64_t)v;
    return true;
}

StoreStatus store_clock_setting_get(Store *s, StoreClockSetting *out)
{
    memset(out, 0, sizeof *out);
    out->state = STORE_CLOCK_UNTRUSTED;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, "SELECT key, value FROM meta WHERE key IN (?1, ?2, ?3)", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "clock setting: prepare");
    }
    for (int i = 0; i < 3; i++) {
        storep_bind_text(st, i + 1, clock_setting_keys[i]);
    }
    /* One statement: one snapshot of the three keys. */
    StoreClockSetting got = {.state = STORE_CLOCK_UNTRUSTED};
    bool seen[3] = {false, false, false}, bad = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(st, 0);
        const char *value = (const char *)sqlite3_column_text(st, 1);
        int64_t v = 0;
        if (key && strcmp(key, "clock_state") == 0) {
            seen[0] = true;
            bad =
                bad || !parse_i64(value, &v) ||
                !(v == STORE_CLOCK_UNTRUSTED || v == STORE_CLOCK_CONFIRMED || v == STORE_CLOCK_SET);
            got.state = bad ? STORE_CLOCK_UNTRUSTED : (StoreClock)v;
        } else if (key && strcmp(key, "clock_offset_ms") == 0) {
            seen[1] = true;
            bad = bad || !parse_i64(value, &got.offset_ms);
        } else if (key) {
            seen[2] = true;
            bad = bad || !value || !boot_id_ok(value, sizeof got.boot_id);
            if (!bad) {
                snprintf(got.boot_id, sizeof got.boot_id, "%s", value);
            }
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        return storep_fail_rc(s, rc, "clock setting: read");
    }
    if (!seen[0] && !seen[1] && !seen[2]) {
        storep_set_err(s, "clock setting: none has been stored");
        return STORE_NOT_FOUND;
    }
    if (bad || !seen[0] || !seen[1] || !seen[2]) {
        storep_set_err(s, "clock setting: the stored setting is damaged");
        return STORE_CORRUPT;
    }
    *out = got;
    return STORE_OK;
}

StoreStatus store_clock_setting_put(Store *s, const StoreClockSetting *in)
{
    if (!in || !boot_id_ok(in->boot_id, sizeof in->boot_id) ||
        !(in->state == STORE_CLOCK_UNTRUSTED || in->state == STORE_CLOCK_CONFIRMED ||
          in->state == STORE_CLOCK_SET)) {
        storep_set_err(s, "clock setting: the boot id is not printable text, or the state is not "
                          "untrusted, confirmed or set; nothing was stored");
        return STORE_INVALID;
    }
    char state[8], offset[24];
    snprintf(state, sizeof state, "%d", (int)in->state);
    snprintf(offset, sizeof offset, "%lld", (long long)in->offset_ms);
    const char *values[] = {state, offset, in->boot_id};
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db,
                                "INSERT INTO meta(key, value) VALUES (?1, ?2)"
                                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "clock setting: prepare");
    }
    StoreStatus res = storep_tx_begin(s);
    bool began = res == STORE_OK;
    for (int i = 0; res == STORE_OK && i < 3; i++) {
        storep_bind_text(st, 1, clock_setting_keys[i]);
        storep_bind_text(st, 2, values[i]);
        rc = storep_run(st);
        res = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "clock setting: write");
    }
    if (began) {
        res = storep_tx_end(s, res);
    }
    sqlite3_finalize(st);
    return res;
}

/* ---- Events ----------------------------------------------------------------------- */

/* The scale of a question as stored (question.scale), indexed by EventScale. */
const char *const storep_scale_names[SCALE_COUNT] = {
    [EVENT_SCALE_SMILEYS] = "smileys",
    [EVENT_SCALE_NPS] = "nps",
};

/* Lowest and highest value of a rating on each scale. */
const StoreScaleRange storep_scale_range[SCALE_COUNT] = {
    [EVENT_SCALE_SMILEYS] = {1, 5},
    [EVENT_SCALE_NPS] = {0, 10},
};

static bool event_question_ok(const EventQuestion *q)
{
    if ((int)q->scale < 0 || (int)q->scale >= SCALE_COUNT ||
        (q->word_count != 0 && q->word_count != event_scale_words(q->scale))) {
        return false;
    }
    for (int l = 0; l < LANG_COUNT; l++) {
        for (int i = 0; i < q->word_count; i++) {
            const char *w = q->words[l][i];
            if (!storep_field_ok(w, sizeof q->words[l][i]) || storep_is_blank(w) ||
                strchr(w, '|')) {
                return false;
            }
        }
    }
    return storep_field_ok(q->text[LANG_SV], sizeof q->text[LANG_SV]) &&
           !storep_is_blank(q->text[LANG_SV]) &&
           storep_field_ok(q->text[LANG_EN], sizeof q->text[LANG_EN]) &&
           !storep_is_blank(q->text[LANG_EN]);
}

/* The event's text is text the kiosk can show, and its numbers are in the ranges of
 * event.h, or 0 for "not set" (see the schema). */
static bool event_fields_ok(const EventInfo *ev)
{
    if (!(storep_field_ok(ev->key, sizeof ev->key) && ev->key[0] != '\0' &&
          storep_field_ok(ev->title, sizeof ev->title) &&
          storep_field_ok(ev->date, sizeof ev->date) &&
          storep_field_ok(ev->start_time, sizeof ev->start_time) &&
          storep_field_ok(ev->venue, sizeof ev->venue) &&
          storep_field_ok(ev->theme, sizeof ev->theme) &&
          storep_field_ok(ev->organiser, sizeof ev->organiser) &&
          storep_field_ok(ev->language, sizeof ev->language) &&
          storep_field_ok(ev->next_meeting, sizeof ev->next_meeting) &&
          storep_field_ok(ev->reflection_prompt[LANG_SV], sizeof ev->reflection_prompt[LANG_SV]) &&
          storep_field_ok(ev->reflection_prompt[LANG_EN], sizeof ev->reflection_prompt[LANG_EN]) &&
          storep_field_ok(ev->feedback_url, sizeof ev->feedback_url) &&
          storep_field_ok(ev->badge.printer, sizeof ev->badge.printer) &&
          storep_field_ok(ev->badge.label, sizeof ev->badge.label))) {
        return false;
    }
    if (ev->badge.enabled &&
        (ev->badge.printer[0] == '\0' || ev->badge.label[0] == '\0' || ev->badge.fields > 15)) {
        return false;
    }
    if (ev->phases < 0 || ev->phases > EVENT_PHASE_BOTH || ev->question_count < 0 ||
        ev->question_count > EVENT_MAX_QUESTIONS || ev->reflection_max < 0 ||
        ev->reflection_max > EVENT_REFLECTION_HARD_MAX || ev->thanks_seconds < 0 ||
        ev->thanks_seconds > 120 || ev->repeat_seconds < 0 || ev->repeat_seconds > 60 ||
        ev->retention_days < 0 || ev->retention_days > 3650 || (int)ev->walkin_email < 0 ||
        ev->walkin_email >= EVENT_WALKIN_EMAIL_COUNT) {
        return false;
    }
    for (int i = 0; i < ev->question_count; i++) {
        if (!event_question_ok(&ev->questions[i])) {
            return false;
        }
    }
    if (ev->topic_count < 0 || ev->topic_count > EVENT_TOPICS_MAX) {
        return false;
    }
    for (int i = 0; i < ev->topic_count; i++) {
        const char *t = ev->topics[i];
        if (!storep_field_ok(t, sizeof ev->topics[i]) || storep_is_blank(t) || strchr(t, '|')) {
            return false;
        }
    }
    return true;
}

enum {
    EV_UPSERT,
    EV_GET_ID,
    EV_CURRENT,
    EV_Q_DELETE,
    EV_Q_INSERT,
    EV_B_DELETE,
    EV_B_INSERT,
    EV_STMTS
};

static const char *const event_sql[EV_STMTS] = {
    [EV_UPSERT] =
        "INSERT INTO event(id, key, title, date, start_time, venue, theme, organiser, language,"
        " next_meeting, phases, reflection_sv, reflection_en, reflection_max, feedback_url,"
        " thanks_seconds, repeat_seconds, created_ms, updated_ms, device, retention_days, sound,"
        " walkin_email, board, topics)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?18, ?19, ?20, ?21, ?22, ?23, ?24)"
        " ON CONFLICT(key) DO UPDATE SET title = excluded.title, date = excluded.date,"
        " start_time = excluded.start_time, venue = excluded.venue, theme = excluded.theme,"
        " organiser = excluded.organiser, language = excluded.language,"
        " next_meeting = excluded.next_meeting, phases = excluded.phases,"
        " reflection_sv = excluded.reflection_sv, reflection_en = excluded.reflection_en,"
        " reflection_max = excluded.reflection_max, feedback_url = excluded.feedback_url,"
        " thanks_seconds = excluded.thanks_seconds, repeat_seconds = excluded.repeat_seconds,"
        " retention_days = excluded.retention_days, sound = excluded.sound,"
        " walkin_email = excluded.walkin_email, board = excluded.board,"
        " topics = excluded.topics, updated_ms = excluded.updated_ms, device = excluded.device",
    [EV_GET_ID] = "SELECT id FROM event WHERE key = ?1",
    [EV_CURRENT] = "INSERT INTO meta(key, value) VALUES ('current_event', ?1)"
                   " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [EV_Q_DELETE] = "DELETE FROM question WHERE event_id = ?1",
    [EV_Q_INSERT] = "INSERT INTO question(event_id, position, text_sv, text_en, scale,"
                    " words_sv, words_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [EV_B_DELETE] = "DELETE FROM badge_setup WHERE event_id = ?1",
    /* The logo goes in with store_badge_logo_put, after the file was read. */
    [EV_B_INSERT] = "INSERT INTO badge_setup(event_id, printer, label, portrait, fields, qr)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
};

/* Inside the open transaction: the event's badge setup as ev says (none without a
 * [badge] section). */
static int event_write_badge(sqlite3_stmt **q, const EventInfo *ev, const char *id)
{
    storep_bind_text(q[EV_B_DELETE], 1, id);
    int rc = storep_run(q[EV_B_DELETE]);
    if (rc == SQLITE_DONE && ev->badge.enabled) {
        sqlite3_stmt *ins = q[EV_B_INSERT];
        storep_bind_text(ins, 1, id);
        storep_bind_text(ins, 2, ev->badge.printer);
        storep_bind_text(ins, 3, ev->badge.label);
        sqlite3_bind_int(ins, 4, ev->badge.portrait);
        sqlite3_bind_int(ins, 5, (int)ev->badge.fields);
        sqlite3_bind_int(ins, 6, ev->badge.qr);
        rc = storep_run(ins);
    }
    return rc;
}

/* Inside the open transaction: writes the event row and finds its id (the existing one
 * when the key is known). Returns an SQLite code, SQLITE_DONE on success. */
static int event_write_row(Store *s, sqlite3_stmt **q, const EventInfo *ev, const char *fresh_id,
                           int64_t now_ms, char id[IDS_UUID_LEN + 1])
{
    sqlite3_stmt *up = q[EV_UPSERT];
    const char *text[] = {fresh_id,  ev->key,   ev->title,     ev->date,     ev->start_time,
                          ev->venue, ev->theme, ev->organiser, ev->language, ev->next_meeting};
    for (int i = 0; i < (int)(sizeof text / sizeof text[0]); i++) {
        storep_bind_text(up, i + 1, text[i]);
    }
    sqlite3_bind_int(up, 11, ev->phases);
    storep_bind_text(up, 12, ev->reflection_prompt[LANG_SV]);
    storep_bind_text(up, 13, ev->reflection_prompt[LANG_EN]);
    sqlite3_bind_int(up, 14, ev->reflection_max);
    storep_bind_text(up, 15, ev->feedback_url);
    sqlite3_bind_int(up, 16, ev->thanks_seconds);
    sqlite3_bind_int(up, 17, ev->repeat_seconds);
    sqlite3_bind_int64(up, 18, now_ms);
    storep_bind_text(up, 19, s->device);
    sqlite3_bind_int(up, 20, ev->retention_days);
    sqlite3_bind_int(up, 21, ev->sound ? 1 : 0);
    storep_bind_text(up, 22, EVENT_WALKIN_EMAIL_NAMES[ev->walkin_email]);
    sqlite3_bind_int(up, 23, ev->board ? 1 : 0);
    char topics[EVENT_TOPICS_MAX * EVENT_TOPIC_MAX];
    event_topics_join(ev, topics, sizeof topics);
    storep_bind_text(up, 24, topics);
    int rc = storep_run(up);
    if (rc != SQLITE_DONE) {
        return rc;
    }
    sqlite3_stmt *get = q[EV_GET_ID];
    storep_bind_text(get, 1, ev->key);
    rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
        storep_copy_column(id, IDS_UUID_LEN + 1, get, 0);
        rc = SQLITE_DONE;
    } else if (rc == SQLITE_DONE) {
        rc = SQLITE_INTERNAL; /* the row just written must be there */
    }
    storep_done(get);
    return rc;
}

/* Inside the open transaction: refuses to change a question that already has answers.
 * Ratings are stored by question position, so a question moved, reworded or put on
 * another scale after answers exist would count them for a question nobody answered.
 * Questions may be added after the answered ones. Returns STORE_OK, STORE_INVALID with
 * the reason in s->err, or a failure status. */
static StoreStatus event_questions_locked(Store *s, const EventInfo *ev, const char *id)
{
    static const char sql[] =
        "SELECT r.question, count(*), q.text_sv, q.text_en, q.scale FROM rating r"
        " LEFT JOIN question q ON q.event_id = r.event_id AND q.position = r.question"
        " WHERE r.event_id = ?1 GROUP BY r.question ORDER BY r.question";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "event: read answered questions");
    }
    storep_bind_text(st, 1, id);
    StoreStatus out = STORE_OK;
    while (out == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        int pos = sqlite3_column_int(st, 0);
        long long n = sqlite3_column_int64(st, 1);
        const char *sv = (const char *)sqlite3_column_text(st, 2);
        const char *en = (const char *)sqlite3_column_text(st, 3);
        const char *scale = (const char *)sqlite3_column_text(st, 4);
        const EventQuestion *q = pos < ev->question_count ? &ev->questions[pos] : NULL;
        bool same = q && sv && en && scale && strcmp(q->text[LANG_SV], sv) == 0 &&
                    strcmp(q->text[LANG_EN], en) == 0 &&
                    strcmp(storep_scale_names[q->scale], scale) == 0;
        if (!same) {
            storep_set_err(
                s,
                "question %d already has %lld answer%s, so it must stay as it is (same "
                "place, texts and scale) or the answers would count for another question; "
                "add new questions after it, or give a new meeting a new id",
                pos + 1, n, n == 1 ? "" : "s");
            out = STORE_INVALID;
        }
    }
    if (out == STORE_OK && rc != SQLITE_DONE) {
        out = storep_fail_rc(s, rc, "event: read answered questions");
    }
    sqlite3_finalize(st);
    return out;
}

/* Inside the open transaction: replaces the event's questions with ev's. */
static int event_write_questions(sqlite3_stmt **q, const EventInfo *ev, const char *id)
{
    storep_bind_text(q[EV_Q_DELETE], 1, id);
    int rc = storep_run(q[EV_Q_DELETE]);
    for (int i = 0; rc == SQLITE_DONE && i < ev->question_count; i++) {
        const EventQuestion *qu = &ev->questions[i];
        sqlite3_stmt *ins = q[EV_Q_INSERT];
        storep_bind_text(ins, 1, id);
        sqlite3_bind_int(ins, 2, i);
        storep_bind_text(ins, 3, qu->text[LANG_SV]);
        storep_bind_text(ins, 4, qu->text[LANG_EN]);
        storep_bind_text(ins, 5, storep_scale_names[qu->scale]);
        char words[LANG_COUNT][EVENT_WORDS_MAX * EVENT_WORD_MAX];
        for (int l = 0; l < LANG_COUNT; l++) {
            event_words_join(qu, (Lang)l, words[l], sizeof words[l]);
            storep_bind_text(ins, 6 + l, words[l]);
        }
        rc = storep_run(ins);
    }
    return rc;
}

StoreStatus store_event_put(Store *s, const EventInfo *ev, int64_t now_ms,
                            char event_id[IDS_UUID_LEN + 1])
{
    if (!event_fields_ok(ev)) {
        storep_set_err(s, "event: a field is empty, too long, out of range, or not valid text");
        return STORE_INVALID;
    }
    char fresh_id[IDS_UUID_LEN + 1], id[IDS_UUID_LEN + 1] = "";
    StoreStatus st = storep_new_id(s, fresh_id, now_ms);
    if (st != STORE_OK) {
        return st;
    }
    sqlite3_stmt *q[EV_STMTS] = {NULL};
    for (int i = 0; i < EV_STMTS; i++) {
        int rc = sqlite3_prepare_v2(s->db, event_sql[i], -1, &q[i], NULL);
        if (rc != SQLITE_OK) {
            st = storep_fail_rc(s, rc, "event: prepare");
            goto out;
        }
    }
    /* One transaction: the event, its questions and the switch to it are stored together
     * or not at all. */
    st = storep_tx_begin(s);
    if (st != STORE_OK) {
        goto out;
    }
    int rc = event_write_row(s, q, ev, fresh_id, now_ms, id);
    if (rc == SQLITE_DONE) {
        st = event_questions_locked(s, ev, id);
        if (st != STORE_OK) {
            st = storep_tx_end(s, st); /* rolls back: nothing of the new file is stored */
            goto out;
        }
        rc = event_write_questions(q, ev, id);
    }
    if (rc == SQLITE_DONE) {
        rc = event_write_badge(q, ev, id);
    }
    if (rc == SQLITE_DONE) {
        storep_bind_text(q[EV_CURRENT], 1, id);
        rc = storep_run(q[EV_CURRENT]);
    }
    st = rc == SQLITE_DONE ? STORE_OK : storep_fail_rc(s, rc, "event: write");
    st = storep_tx_end(s, st);
    if (st == STORE_OK) {
        memcpy(event_id, id, IDS_UUID_LEN + 1);
    }
out:
    for (int i = 0; i < EV_STMTS; i++) {
        sqlite3_finalize(q[i]);
    }
    return st;
}

/* Reads one question row (columns from `col` on: position, text_sv, text_en, scale) into
 * slot ev->question_count. Returns false if the row is not the next question in order or
 * names an unknown scale: the database was changed by something other than mingel. */
static bool read_question(sqlite3_stmt *st, int col, EventInfo *ev)
{
    int i = ev->question_count;
    if (i >= EVENT_MAX_QUESTIONS || sqlite3_column_int(st, col) != i) {
        return false;
    }
    EventQuestion *q = &ev->questions[i];
    storep_copy_column(q->text[LANG_SV], sizeof q->text[LANG_SV], st, col + 1);
    storep_copy_column(q->text[LANG_EN], sizeof q->text[LANG_EN], st, col + 2);
    const char *scale = (const char *)sqlite3_column_text(st, col + 3);
    int k = 0;
    while (k < SCALE_COUNT && !(scale && strcmp(scale, storep_scale_names[k]) == 0)) {
        k++;
    }
    if (k == SCALE_COUNT) {
        return false;
    }
    q->scale = (EventScale)k;
    ev->question_count = i + 1;
    return true;
}

/* Reads a question's words (columns col: words_sv, col + 1: words_en) into q. Returns
 * false if they do not fit its scale: the database was changed by something else. */
static bool read_words(sqlite3_stmt *st, int col, EventQuestion *q)
{
    int n[LANG_COUNT];
    for (int l = 0; l < LANG_COUNT; l++) {
        const char *t = (const char *)sqlite3_column_text(st, col + l);
        n[l] = event_words_split(q, (Lang)l, t ? t : "");
    }
    q->word_count = n[LANG_SV];
    return n[LANG_SV] == n[LANG_EN] &&
           (n[LANG_SV] == 0 || n[LANG_SV] == event_scale_words(q->scale));
}

StoreStatus store_event_current(Store *s, EventInfo *ev, char event_id[IDS_UUID_LEN + 1])
{
    /* One statement, so one snapshot: the event and its questions as one put left them.
     * One row per question (or one row with NULLs when there is none). */
    static const char sql[] =
        "SELECT e.id, e.key, e.title, e.date, e.start_time, e.venue, e.theme, e.organiser,"
        " e.language, e.next_meeting, e.phases, e.reflection_sv, e.reflection_en,"
        " e.reflection_max, e.feedback_url, e.thanks_seconds, e.repeat_seconds,"
        " q.position, q.text_sv, q.text_en, q.scale, e.retention_days,"
        " b.printer, b.label, b.portrait, b.fields, b.qr, q.words_sv, q.words_en, e.sound,"
        " e.walkin_email, e.board, e.topics"
        " FROM meta m JOIN event e ON e.id = m.value"
        " LEFT JOIN question q ON q.event_id = e.id"
        " LEFT JOIN badge_setup b ON b.event_id = e.id"
        " WHERE m.key = 'current_event' ORDER BY q.position";
    enum {
        COL_QUESTION = 17,
        COL_WORDS = 27,
        COL_SOUND = 29,
        COL_WALKIN_EMAIL = 30,
        COL_BOARD = 31,
        COL_TOPICS = 32
    };
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "current event: prepare");
    }
    StoreStatus out = STORE_OK;
    bool first = true;
    while (out == STORE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (first) {
            memset(ev, 0, sizeof *ev);
            storep_copy_column(event_id, IDS_UUID_LEN + 1, st, 0);
            storep_copy_column(ev->key, sizeof ev->key, st, 1);
            storep_copy_column(ev->title, sizeof ev->title, st, 2);
            storep_copy_column(ev->date, sizeof ev->date, st, 3);
            storep_copy_column(ev->start_time, sizeof ev->start_time, st, 4);
            storep_copy_column(ev->venue, sizeof ev->venue, st, 5);
            storep_copy_column(ev->theme, sizeof ev->theme, st, 6);
            storep_copy_column(ev->organiser, sizeof ev->organiser, st, 7);
            storep_copy_column(ev->language, sizeof ev->language, st, 8);
            storep_copy_column(ev->next_meeting, sizeof ev->next_meeting, st, 9);
            ev->phases = sqlite3_column_int(st, 10);
            storep_copy_column(ev->reflection_prompt[LANG_SV],
                               sizeof ev->reflection_prompt[LANG_SV], st, 11);
            storep_copy_column(ev->reflection_prompt[LANG_EN],
                               sizeof ev->reflection_prompt[LANG_EN], st, 12);
            ev->reflection_max = sqlite3_column_int(st, 13);
            storep_copy_column(ev->feedback_url, sizeof ev->feedback_url, st, 14);
            ev->thanks_seconds = sqlite3_column_int(st, 15);
            ev->repeat_seconds = sqlite3_column_int(st, 16);
            ev->retention_days = sqlite3_column_int(st, 21);
            ev->sound = sqlite3_column_int(st, COL_SOUND) != 0;
            const char *we = (const char *)sqlite3_column_text(st, COL_WALKIN_EMAIL);
            for (int w = 0; w < EVENT_WALKIN_EMAIL_COUNT; w++) {
                if (we && strcmp(we, EVENT_WALKIN_EMAIL_NAMES[w]) == 0) {
                    ev->walkin_email =
                        (EventWalkinEmail)w; /* else never (the CHECK allows no other) */
                }
            }
            ev->board = sqlite3_column_int(st, COL_BOARD) != 0;
            const char *topics = (const char *)sqlite3_column_text(st, COL_TOPICS);
            if (event_topics_split(ev, topics ? topics : "") < 0) {
                storep_set_err(s, "current event: the topics of event %s are damaged", event_id);
                out = STORE_CORRUPT;
            }
            if (sqlite3_column_type(st, 22) != SQLITE_NULL) {
                ev->badge.enabled = true;
                storep_copy_column(ev->badge.printer, sizeof ev->badge.printer, st, 22);
                storep_copy_column(ev->badge.label, sizeof ev->badge.label, st, 23);
                ev->badge.portrait = sqlite3_column_int(st, 24) != 0;
                ev->badge.fields = (unsigned)sqlite3_column_int(st, 25);
                ev->badge.qr = sqlite3_column_int(st, 26) != 0;
            }
            first = false;
        }
        if (sqlite3_column_type(st, COL_QUESTION) != SQLITE_NULL &&
            (!read_question(st, COL_QUESTION, ev) ||
             !read_words(st, COL_WORDS, &ev->questions[ev->question_count - 1]))) {
            storep_set_err(s, "current event: question %d of event %s is damaged",
                           ev->question_count + 1, event_id);
            out = STORE_CORRUPT;
        }
    }
    if (out == STORE_OK && rc == SQLITE_DONE && first) {
        storep_set_err(s, "no current event");
        out = STORE_NOT_FOUND;
    } else if (out == STORE_OK && rc != SQLITE_DONE) {
        out = storep_fail_rc(s, rc, "current event");
    }
    sqlite3_finalize(st);
    return out;
}

StoreStatus store_event_set_phases(Store *s, const char *event_id, int phases)
{
    if (phases < EVENT_PHASE_CHECKIN || phases > EVENT_PHASE_BOTH) {
        storep_set_err(s, "phases: %d is not check-in, feedback or both", phases);
        return STORE_INVALID;
    }
    /* Feedback needs a question to ask, as in the event file. */
    int changed = 0;
    StoreStatus st =
        storep_write_one(s,
                         "UPDATE event SET phases = ?2 WHERE id = ?1 AND"
                         " (?2 & 2 = 0 OR EXISTS (SELECT 1 FROM question WHERE event_id = ?1))",
                         event_id, phases, "phases: write", &changed);
    if (st == STORE_OK && changed == 0) {
        st = storep_event_exists(s, event_id);
        if (st == STORE_OK) {
            storep_set_err(s, "phases: the event has no questions, so it cannot offer feedback");
            st = STORE_INVALID;
        }
    }
    return st;
}

StoreStatus store_badge_logo_put(Store *s, const char *event_id, const void *png, size_t len)
{
    if (len > STORE_BADGE_LOGO_MAX || (png == NULL && len > 0)) {
        storep_set_err(s, "badge logo: larger than %d KiB", STORE_BADGE_LOGO_MAX / 1024);
        return STORE_INVALID;
    }
    static const char sql[] = "UPDATE badge_setup SET logo = ?2 WHERE event_id = ?1";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "badge logo: prepare");
    }
    StoreStatus out = storep_tx_begin(s);
    if (out == STORE_OK) {
        storep_bind_text(st, 1, event_id);
        if (len > 0) {
            sqlite3_bind_blob(st, 2, png, (int)len, SQLITE_STATIC);
        } else {
            sqlite3_bind_null(st, 2);
        }
        rc = storep_run(st);
        out = rc != SQLITE_DONE             ? storep_fail_rc(s, rc, "badge logo: write")
              : sqlite3_changes(s->db) == 0 ? STORE_NOT_FOUND
                                            : STORE_OK;
        if (out == STORE_NOT_FOUND) {
            storep_set_err(s, "badge logo: the event prints no badges");
        }
        out = storep_tx_end(s, out);
    }
    sqlite3_finalize(st);
    return out;
}

StoreStatus store_badge_logo(Store *s, const char *event_id, unsigned char **png, size_t *len)
{
    *png = NULL;
    *len = 0;
    static const char sql[] = "SELECT logo FROM badge_setup WHERE event_id = ?1";
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) {
        return storep_fail_rc(s, rc, "badge logo: prepare");
    }
    storep_bind_text(st, 1, event_id);
    StoreStatus out = STORE_NOT_FOUND;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_BLOB) {
        int n = sqlite3_column_bytes(st, 0);
        unsigned char *copy = malloc(n > 0 ? (size_t)n : 1);
        if (copy == NULL) {
            storep_set_err(s, "badge logo: out of memory");
            out = STORE_IO;
        } else {
            memcpy(copy, sqlite3_column_blob(st, 0), (size_t)n);
            *png = copy;
            *len = (size_t)n;
            out = STORE_OK;
        }
    } else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        out = storep_fail_rc(s, rc, "badge logo: read");
    }
    sqlite3_finalize(st);
    return out;
}
