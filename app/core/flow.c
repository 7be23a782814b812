/* flow: the kiosk's state machine.
 *
 * The flow owns what the kiosk knows between taps: the meeting, an in-memory table of
 * its attendees (names in one arena, so 100,000 people cost a few MB, not a struct each),
 * the search index over them, the text being typed and the current screen. Input comes
 * in as actions, text, keys and ticks, each with the time, and goes through the current
 * screen's entry in SCREENS. Writes go to the store; a screen that acknowledges is
 * entered only when the store said STORE_OK, so "Välkommen!" always means "on disk".
 *
 * Nobody's typing survives them: leaving for the welcome screen (by hand, after the
 * greeting, or at the idle timeout) clears every field and restores the default language.
 */
#include "core/flow.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/export.h"
#include "core/link.h"
#include "core/paths.h"
#include "core/pin.h"
#include "core/search.h"
#include "core/text.h"

typedef struct Person {
    char id[IDS_UUID_LEN + 1];
    size_t name;           /* offset of the name in the arena */
    size_t organisation;   /* offset of the organisation in the arena */
    int64_t checked_in_ms; /* 0 if not checked in */
} Person;

struct Flow {
    Store *store; /* borrowed */
    FlowConfig cfg;
    bool has_event;
    EventInfo event;
    char event_id[IDS_UUID_LEN + 1];
    Lang default_lang;

    Person *people; /* people[0..count), grown geometrically */
    size_t count, cap;
    char *arena; /* NUL-terminated names, referenced by offset */
    size_t arena_len, arena_cap;
    Search *search;

    FlowScreen screen;
    Lang lang;
    int64_t now;        /* time of the last input or tick (ms) */
    int64_t last_input; /* idle timeout counts from here */
    int64_t entered;    /* when the current screen was entered */
    char query[FLOW_TEXT_CAP];
    uint32_t hits[FLOW_MAX_RESULTS];
    size_t hit_count, match_count;
    size_t chosen; /* index into people, valid on confirm/greeting/already */
    char first_name[FLOW_TEXT_CAP];
    char walkin[2][FLOW_TEXT_CAP];
    bool walkin_consent; /* the walk-in said yes to the shared participant list */
    int focus;
    bool missing_name;
    I18nId notice;
    FlowScreen notice_return; /* where OK on the notice leads */

    /* Feedback session: known only by its token, never by a person. */
    char token[LINK_TOKEN_LEN + 1];
    bool flagged;          /* began within the repeated-press window of the last one */
    int64_t last_feedback; /* when the previous session last stored something, 0 = never */
    int question;
    int answers[EVENT_MAX_QUESTIONS];   /* this session's stored answers, -1 = none */
    char reflection[FLOW_TEXT_CAP * 3]; /* up to EVENT_REFLECTION_HARD_MAX code points */
    char link[LINK_URL_MAX];

    /* Organiser screens. The PIN typed lives here only until it is checked. */
    char pin[PIN_MAX_DIGITS + 1];
    int pin_len;
    bool pin_wrong;
    int pin_failures; /* from the store: survives a restart */
    int64_t pin_last_failure;
    StoreStats stats;
    StoreFeedbackStats feedback;
    int64_t histogram[FLOW_HISTOGRAM];
    size_t histogram_count;
    int64_t histogram_start;
    char recent_id[FLOW_RECENT][IDS_UUID_LEN + 1]; /* attendee ids, newest first */
    size_t recent_person[FLOW_RECENT];
    int64_t recent_at[FLOW_RECENT];
    size_t recent_count;
    I18nId admin_note;
    char admin_note_arg[512];
    bool keep_note; /* the next admin_enter keeps admin_note (set on the way back) */
    char usb_dir[512];
    bool usb_found;
    bool purge_due;
    bool quit;

    /* The clock. Records carry wall = now + clock_offset; clock says how far that can be
     * trusted, and goes into the store with every record (store_set_clock). */
    StoreClock clock;
    int64_t clock_offset;  /* ms the organiser moved the system clock by (this boot) */
    int64_t clock_pending; /* clock screen: the offset being set, ms */
    int64_t wall;          /* the kiosk's time at f->now, ms */
    char boot_id[CLOCK_BOOT_ID_MAX];

    int64_t data_version; /* the store's data_version when the meeting was read */

    FlowView view; /* rebuilt after every change */
};

/* ---- The attendee table ------------------------------------------------------------ */

static int arena_put(Flow *f, const char *s, size_t *offset)
{
    size_t n = strlen(s) + 1;
    if (f->arena_len + n > f->arena_cap) {
        size_t cap = f->arena_cap ? f->arena_cap * 2 : 16384;
        while (cap < f->arena_len + n)
            cap *= 2;
        char *p = realloc(f->arena, cap);
        if (!p)
            return -1;
        f->arena = p;
        f->arena_cap = cap;
    }
    memcpy(f->arena + f->arena_len, s, n);
    *offset = f->arena_len;
    f->arena_len += n;
    return 0;
}

static int add_person(Flow *f, const char *id, const char *name, const char *organisation,
                      int64_t checked_in_ms)
{
    if (f->count == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 256;
        Person *p = realloc(f->people, cap * sizeof *p);
        if (!p)
            return -1;
        f->people = p;
        f->cap = cap;
    }
    Person *p = &f->people[f->count];
    snprintf(p->id, sizeof p->id, "%s", id);
    if (arena_put(f, name, &p->name) != 0 || arena_put(f, organisation, &p->organisation) != 0)
        return -1;
    p->checked_in_ms = checked_in_ms;
    if (search_add(f->search, (uint32_t)f->count, name, organisation) != 0)
        return -1;
    f->count++;
    return 0;
}

static int load_person(void *ctx, const StoreAttendee *a)
{
    return add_person(ctx, a->id, a->name, a->organisation, a->checked_in_ms);
}

static const char *person_name(const Flow *f, size_t i)
{
    return f->arena + f->people[i].name;
}

static const char *person_org(const Flow *f, size_t i)
{
    return f->arena + f->people[i].organisation;
}

static size_t find_person(const Flow *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->people[i].id, id) == 0)
            return i;
    return (size_t)-1;
}

/* ---- Small text helpers ------------------------------------------------------------ */

/* Upper case for the letters a Swedish or Western European name starts with. */
static uint32_t upper_cp(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z')
        return cp - 32;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)
        return cp - 32;
    return cp;
}

/* How typed letters are capitalised: names get a capital on every word, a reflection on
 * its first letter, a search not at all (it ignores case). */
typedef enum Caps { CAPS_NONE, CAPS_WORDS, CAPS_FIRST } Caps;

/* True when the next letter typed into field gets a capital. */
static bool next_is_upper(const char *field, Caps caps)
{
    size_t n = strlen(field);
    if (caps == CAPS_NONE)
        return false;
    if (caps == CAPS_FIRST)
        return n == 0;
    return n == 0 || field[n - 1] == ' ' || field[n - 1] == '-';
}

static void set_first_name(Flow *f, const char *name)
{
    size_t n = strcspn(name, " ");
    if (n >= sizeof f->first_name)
        n = text_drop_last(name, sizeof f->first_name - 1); /* cut on a code point */
    memcpy(f->first_name, name, n);
    f->first_name[n] = '\0';
}

/* ---- Screens ------------------------------------------------------------------------ */

static void run_search(Flow *f)
{
    f->match_count = search_query(f->search, f->query, f->hits, FLOW_MAX_RESULTS);
    f->hit_count = f->match_count < FLOW_MAX_RESULTS ? f->match_count : FLOW_MAX_RESULTS;
}

static void clear_typing(Flow *f)
{
    f->query[0] = '\0';
    f->hit_count = f->match_count = 0;
    f->walkin[0][0] = f->walkin[1][0] = '\0';
    f->walkin_consent = false;
    f->focus = 0;
    f->missing_name = false;
    f->first_name[0] = '\0';
}

static FlowScreen notice(Flow *f, I18nId what, FlowScreen back_to)
{
    f->notice = what;
    f->notice_return = back_to;
    return FLOW_NOTICE;
}

static FlowScreen save_failed(Flow *f, StoreStatus st, FlowScreen back_to)
{
    fprintf(stderr, "mingel: could not save: %s (%s)\n", store_status_text(st),
            store_last_error(f->store));
    return notice(f, st == STORE_FULL ? I18N_DISK_FULL : I18N_SAVE_FAILED, back_to);
}

/* Checks people[i] in; the greeting is reached only through STORE_OK. */
static FlowScreen check_in(Flow *f, size_t i, FlowScreen on_failure)
{
    int64_t at = 0;
    f->chosen = i;
    set_first_name(f, person_name(f, i));
    StoreStatus st = store_checkin(f->store, f->event_id, f->people[i].id, f->wall, &at);
    if (st == STORE_OK) {
        f->people[i].checked_in_ms = at;
        return FLOW_GREETING;
    }
    if (st == STORE_ALREADY) {
        f->people[i].checked_in_ms = at;
        return FLOW_ALREADY;
    }
    return save_failed(f, st, on_failure);
}

/* Enter on the welcome or search screen: a barcode scanner has typed a ticket code. */
static FlowScreen try_ticket(Flow *f)
{
    char code[FLOW_TEXT_CAP];
    StoreAttendee a;
    text_clean_line(code, sizeof code, f->query, strlen(f->query));
    if (!code[0])
        return f->screen;
    StoreStatus st = store_find_ticket(f->store, f->event_id, code, &a);
    if (st == STORE_OK) {
        size_t i = find_person(f, a.id);
        if (i == (size_t)-1) /* added behind our back: show it from now on */
            if (add_person(f, a.id, a.name, a.organisation, a.checked_in_ms) == 0)
                i = f->count - 1;
        if (i != (size_t)-1) {
            f->query[0] = '\0';
            f->hit_count = f->match_count = 0; /* no results left for the emptied field */
            return check_in(f, i, FLOW_WELCOME);
        }
    }
    /* Not a ticket. One match by name is as good as a tap on it. */
    if (f->match_count == 1) {
        f->chosen = f->hits[0];
        return FLOW_CONFIRM;
    }
    /* Codes carry digits, names do not: say the code is unknown rather than do nothing. */
    if (strpbrk(code, "0123456789")) {
        f->query[0] = '\0';
        f->hit_count = f->match_count = 0;
        return notice(f, I18N_TICKET_UNKNOWN, FLOW_SEARCH);
    }
    return f->screen;
}

/* Bytes, with the NUL, a walk-in field may hold: the store takes ROSTER_FIELD_MAX - 1, and
 * FLOW_FIELD_MAX_CHARS letters of three or four bytes would not fit. */
#define WALKIN_FIELD_CAP ROSTER_FIELD_MAX
_Static_assert(WALKIN_FIELD_CAP <= FLOW_TEXT_CAP, "a walk-in field fits its buffer");

static void edit_field(char *field, size_t cap, size_t max_chars, FlowAction a, int arg, Caps caps)
{
    size_t len = strlen(field);
    char buf[8];
    size_t n;
    switch (a) {
    case FLOW_ACT_CHAR:
        if (arg <= 0)
            break;
        n = text_encode(next_is_upper(field, caps) ? upper_cp((uint32_t)arg) : (uint32_t)arg, buf);
        buf[n] = '\0';
        if (n)
            text_append(field, cap, max_chars, buf);
        break;
    case FLOW_ACT_SPACE:
        /* No leading or double spaces: they would only confuse search and names. */
        if (len > 0 && field[len - 1] != ' ')
            text_append(field, cap, max_chars, " ");
        break;
    case FLOW_ACT_BACKSPACE: field[text_drop_last(field, len)] = '\0'; break;
    case FLOW_ACT_CLEAR: field[0] = '\0'; break;
    default: break;
    }
}

static bool follow_store(Flow *f);

static void welcome_enter(Flow *f)
{
    clear_typing(f);
    f->reflection[0] = '\0';
    f->token[0] = '\0';
    f->lang = f->default_lang;
    follow_store(f); /* what an organiser imported meanwhile */
}

static bool offers_checkin(const Flow *f)
{
    return f->has_event && (f->event.phases == 0 || (f->event.phases & EVENT_PHASE_CHECKIN));
}

static bool offers_feedback(const Flow *f)
{
    return f->has_event && (f->event.phases & EVENT_PHASE_FEEDBACK) && f->event.question_count > 0;
}

static FlowScreen start_feedback(Flow *f);

static FlowScreen welcome_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    if (a == FLOW_ACT_START && offers_checkin(f))
        return FLOW_SEARCH;
    if (a == FLOW_ACT_FEEDBACK && offers_feedback(f))
        return start_feedback(f);
    if (a == FLOW_ACT_ADMIN)
        return FLOW_ADMIN_PIN;
    return FLOW_WELCOME;
}

static FlowScreen search_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        edit_field(f->query, sizeof f->query, FLOW_QUERY_MAX_CHARS, a, arg, CAPS_NONE);
        run_search(f);
        return FLOW_SEARCH;
    case FLOW_ACT_PICK:
        if (arg < 0 || (size_t)arg >= f->hit_count)
            return FLOW_SEARCH;
        f->chosen = f->hits[arg];
        return FLOW_CONFIRM;
    case FLOW_ACT_WALKIN: {
        /* Start the form from what they searched for, capitalised like a name. */
        const char *q = f->query;
        f->walkin[0][0] = f->walkin[1][0] = '\0';
        f->walkin_consent = false; /* asked anew of everyone: never carried over */
        f->focus = 0;
        uint32_t cp;
        size_t n;
        while (*q && (n = text_decode(q, strlen(q), &cp)) > 0) {
            edit_field(f->walkin[0], WALKIN_FIELD_CAP, FLOW_FIELD_MAX_CHARS,
                       cp == ' ' ? FLOW_ACT_SPACE : FLOW_ACT_CHAR, (int)cp, CAPS_WORDS);
            q += n;
        }
        return FLOW_WALKIN;
    }
    case FLOW_ACT_BACK: return FLOW_WELCOME;
    default: return FLOW_SEARCH;
    }
}

static FlowScreen confirm_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    if (a == FLOW_ACT_CONFIRM)
        return check_in(f, f->chosen, FLOW_CONFIRM);
    if (a == FLOW_ACT_BACK)
        return FLOW_SEARCH;
    return FLOW_CONFIRM;
}

static FlowScreen done_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    return a == FLOW_ACT_DONE ? FLOW_WELCOME : f->screen;
}

static FlowScreen walkin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        /* Names get a capital on every word; "Västerås stad" only on the first. */
        edit_field(f->walkin[f->focus], WALKIN_FIELD_CAP, FLOW_FIELD_MAX_CHARS, a, arg,
                   f->focus == 0 ? CAPS_WORDS : CAPS_FIRST);
        if (f->focus == 0 && f->walkin[0][0])
            f->missing_name = false;
        return FLOW_WALKIN;
    case FLOW_ACT_FIELD:
        if (arg == 0 || arg == 1)
            f->focus = arg;
        return FLOW_WALKIN;
    case FLOW_ACT_CONSENT: f->walkin_consent = !f->walkin_consent; return FLOW_WALKIN;
    case FLOW_ACT_SUBMIT: {
        char name[FLOW_TEXT_CAP], org[FLOW_TEXT_CAP], id[IDS_UUID_LEN + 1];
        text_clean_line(name, sizeof name, f->walkin[0], strlen(f->walkin[0]));
        text_clean_line(org, sizeof org, f->walkin[1], strlen(f->walkin[1]));
        if (!name[0]) {
            f->missing_name = true;
            f->focus = 0;
            return FLOW_WALKIN;
        }
        StoreStatus st =
            store_walk_in(f->store, f->event_id, name, org, f->walkin_consent, f->wall, id);
        if (st != STORE_OK)
            return save_failed(f, st, FLOW_WALKIN);
        /* Stored; if memory runs out here, the walk-in is still checked in on disk and
         * appears in search after the next start. */
        if (add_person(f, id, name, org, f->wall) == 0)
            f->chosen = f->count - 1;
        set_first_name(f, name);
        return FLOW_GREETING;
    }
    case FLOW_ACT_BACK: return FLOW_SEARCH;
    default: return FLOW_WALKIN;
    }
}

static FlowScreen notice_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    return a == FLOW_ACT_DONE ? f->notice_return : FLOW_NOTICE;
}

/* ---- Feedback ------------------------------------------------------------------------ */

/* A new session: a fresh token, nothing answered. Sessions that begin right after the
 * previous one stored something are flagged (someone pressing again and again), not
 * dropped: the report counts them apart. */
static FlowScreen start_feedback(Flow *f)
{
    RandomFn rnd = f->cfg.rnd ? f->cfg.rnd : ids_os_random;
    if (link_token(f->token, rnd, f->cfg.rnd_ctx) != 0) {
        fprintf(stderr, "mingel: no random numbers for a feedback token\n");
        return notice(f, I18N_SAVE_FAILED, FLOW_WELCOME);
    }
    int64_t window = (int64_t)f->event.repeat_seconds * 1000;
    f->flagged = f->last_feedback != 0 && f->now - f->last_feedback < window;
    f->question = 0;
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++)
        f->answers[i] = -1;
    f->reflection[0] = '\0';
    return FLOW_QUESTION;
}

static bool rating_in_scale(EventScale scale, int value)
{
    return scale == EVENT_SCALE_NPS ? value >= 0 && value <= 10 : value >= 1 && value <= 5;
}

static FlowScreen next_question(Flow *f)
{
    if (f->question + 1 < f->event.question_count) {
        f->question++;
        return FLOW_QUESTION;
    }
    return FLOW_REFLECTION;
}

static FlowScreen question_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_RATE: {
        if (!rating_in_scale(f->event.questions[f->question].scale, arg))
            return FLOW_QUESTION;
        /* Stored at once, so half-finished feedback still counts; an answer changed after
         * "back" replaces the first one. */
        StoreStatus st = store_rating_put(f->store, f->event_id, f->token, f->question, arg,
                                          f->flagged, f->wall);
        if (st != STORE_OK)
            return save_failed(f, st, FLOW_QUESTION);
        f->answers[f->question] = arg;
        f->last_feedback = f->now;
        return next_question(f);
    }
    case FLOW_ACT_SKIP: return next_question(f);
    case FLOW_ACT_BACK:
        if (f->question == 0)
            return FLOW_WELCOME;
        f->question--;
        return FLOW_QUESTION;
    default: return FLOW_QUESTION;
    }
}

static FlowScreen reflection_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        /* The limit is a hard stop: letters past it are not taken. */
        edit_field(f->reflection, sizeof f->reflection, (size_t)f->event.reflection_max, a, arg,
                   CAPS_FIRST);
        return FLOW_REFLECTION;
    case FLOW_ACT_SEND: {
        char text[sizeof f->reflection];
        text_clean_line(text, sizeof text, f->reflection, strlen(f->reflection));
        if (!text[0]) /* nothing said is the same as skipping */
            return FLOW_THANKS;
        StoreStatus st =
            store_reflection_put(f->store, f->event_id, f->token, text, f->flagged, f->wall);
        if (st != STORE_OK)
            return save_failed(f, st, FLOW_REFLECTION);
        f->last_feedback = f->now;
        return FLOW_THANKS;
    }
    case FLOW_ACT_SKIP: return FLOW_THANKS;
    case FLOW_ACT_BACK: return FLOW_QUESTION; /* the last question, answer kept */
    default: return FLOW_REFLECTION;
    }
}

static void thanks_enter(Flow *f)
{
    /* The typed line is stored (or skipped); it must not wait in memory for the next
     * person. The token stays for the link until the screen is left. */
    f->reflection[0] = '\0';
}

/* ---- Organiser ------------------------------------------------------------------------ */

static bool pin_set(Flow *f)
{
    char hash[STORE_PIN_HASH_MAX];
    return store_pin_get(f->store, hash) == STORE_OK;
}

static int64_t pin_wait_left(const Flow *f)
{
    if (f->pin_failures == 0)
        return 0;
    int64_t left = f->pin_last_failure + pin_wait_ms(f->pin_failures) - f->now;
    return left > 0 ? left : 0;
}

static void pin_enter(Flow *f)
{
    pin_wipe(f->pin, sizeof f->pin);
    f->pin_len = 0;
    f->pin_wrong = false;
    if (store_pin_failures(f->store, &f->pin_failures, &f->pin_last_failure) != STORE_OK) {
        f->pin_failures = 0;
        f->pin_last_failure = 0;
    }
}

static void pin_leave(Flow *f)
{
    pin_wipe(f->pin, sizeof f->pin);
    f->pin_len = 0;
}

/* Checks the typed PIN. A failure is stored before the pad says "wrong", so pulling the
 * plug between tries does not reset the lockout. */
static FlowScreen check_pin(Flow *f)
{
    char hash[STORE_PIN_HASH_MAX];
    if (f->pin_len < PIN_MIN_DIGITS || pin_wait_left(f) > 0 ||
        store_pin_get(f->store, hash) != STORE_OK)
        return FLOW_ADMIN_PIN;
    bool ok = pin_matches(hash, f->pin);
    pin_wipe(f->pin, sizeof f->pin);
    f->pin_len = 0;
    if (ok) {
        store_pin_succeeded(f->store);
        return FLOW_ADMIN;
    }
    if (store_pin_failed(f->store, f->now) != STORE_OK)
        fprintf(stderr, "mingel: could not count a wrong PIN: %s\n", store_last_error(f->store));
    store_pin_failures(f->store, &f->pin_failures, &f->pin_last_failure);
    f->pin_wrong = true;
    return FLOW_ADMIN_PIN;
}

static FlowScreen pin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_DIGIT:
        if (arg >= 0 && arg <= 9 && f->pin_len < PIN_MAX_DIGITS && pin_wait_left(f) == 0) {
            f->pin[f->pin_len++] = (char)('0' + arg);
            f->pin[f->pin_len] = '\0';
            f->pin_wrong = false;
        }
        return FLOW_ADMIN_PIN;
    case FLOW_ACT_BACKSPACE:
        if (f->pin_len > 0)
            f->pin[--f->pin_len] = '\0';
        return FLOW_ADMIN_PIN;
    case FLOW_ACT_PIN_OK: return check_pin(f);
    case FLOW_ACT_BACK: return FLOW_WELCOME;
    default: return FLOW_ADMIN_PIN;
    }
}

typedef struct RecentCtx {
    Flow *f;
} RecentCtx;

/* Keeps the newest FLOW_RECENT active check-ins: rows come oldest first. */
static int note_checkin(void *ctx, const StoreCheckinRow *row)
{
    Flow *f = ((RecentCtx *)ctx)->f;
    if (row->reverses[0])
        return 0;
    size_t i = find_person(f, row->attendee_id);
    if (i == (size_t)-1 || f->people[i].checked_in_ms == 0)
        return 0; /* undone since, or not known to this kiosk */
    size_t n = f->recent_count < FLOW_RECENT ? f->recent_count : FLOW_RECENT - 1;
    memmove(&f->recent_id[1], &f->recent_id[0], n * sizeof f->recent_id[0]);
    memmove(&f->recent_person[1], &f->recent_person[0], n * sizeof f->recent_person[0]);
    memmove(&f->recent_at[1], &f->recent_at[0], n * sizeof f->recent_at[0]);
    snprintf(f->recent_id[0], sizeof f->recent_id[0], "%s", row->attendee_id);
    f->recent_person[0] = i;
    f->recent_at[0] = row->at_ms;
    f->recent_count = n + 1;
    return 0;
}

/* Reads what the admin screens show. Failures leave zeros: the screen still works. */
static void admin_refresh(Flow *f)
{
    memset(&f->stats, 0, sizeof f->stats);
    memset(&f->feedback, 0, sizeof f->feedback);
    f->histogram_count = 0;
    f->recent_count = 0;
    if (f->has_event) {
        store_stats(f->store, f->event_id, &f->stats);
        store_feedback_stats(f->store, f->event_id, &f->feedback);
        store_checkin_histogram(f->store, f->event_id, 15 * 60 * 1000, &f->histogram_start,
                                f->histogram, FLOW_HISTOGRAM, &f->histogram_count);
        RecentCtx rc = {f};
        store_each_checkin(f->store, f->event_id, note_checkin, &rc);
    }
    StorePurgeReport due = {0};
    f->purge_due = store_purge(f->store, f->wall, true, &due) == STORE_OK && due.events > 0;
    if (f->cfg.export_dir) {
        snprintf(f->usb_dir, sizeof f->usb_dir, "%s", f->cfg.export_dir);
        f->usb_found = true;
    } else {
        f->usb_found = paths_usb_mount("/proc/self/mounts", f->usb_dir, sizeof f->usb_dir) == 0;
    }
}

static void admin_enter(Flow *f)
{
    if (!f->keep_note) {
        f->admin_note = I18N_COUNT;
        f->admin_note_arg[0] = '\0';
    }
    f->keep_note = false;
    admin_refresh(f);
}

static void set_note(Flow *f, I18nId note, const char *arg)
{
    f->admin_note = note;
    snprintf(f->admin_note_arg, sizeof f->admin_note_arg, "%s", arg ? arg : "");
}

/* CSV (one file per table), JSON and the HTML report onto the stick, with the default
 * privacy: no email addresses, no free text. */
static void export_to_usb(Flow *f)
{
    admin_refresh(f);
    if (!f->usb_found) {
        set_note(f, I18N_NO_USB, NULL);
        return;
    }
    char err[512], path[1024], name[256];
    ExportOptions opt = export_defaults();
    int rc = export_write(f->store, f->event_id, &opt, f->usb_dir, err, sizeof err);
    static const ExportFormat MORE[] = {EXPORT_JSON, EXPORT_HTML};
    for (size_t i = 0; rc == 0 && i < sizeof MORE / sizeof MORE[0]; i++) {
        opt.format = MORE[i];
        export_file_name(&f->event, &opt, EXPORT_ALL, name, sizeof name);
        snprintf(path, sizeof path, "%s/%s", f->usb_dir, name);
        rc = export_write(f->store, f->event_id, &opt, path, err, sizeof err);
    }
    if (rc == 0)
        sync(); /* the organiser pulls the stick next */
    if (rc == 0)
        set_note(f, I18N_EXPORTED, f->usb_dir);
    else
        set_note(f, I18N_EXPORT_FAILED, err);
}

static FlowScreen admin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_PHASE:
        if (arg >= EVENT_PHASE_CHECKIN && arg <= EVENT_PHASE_BOTH && f->has_event) {
            StoreStatus st = store_event_set_phases(f->store, f->event_id, arg);
            if (st == STORE_OK)
                f->event.phases = arg;
            else
                set_note(f, I18N_SAVE_FAILED, store_status_text(st));
        }
        return FLOW_ADMIN;
    case FLOW_ACT_UNDO_LIST: return f->has_event ? FLOW_ADMIN_UNDO : FLOW_ADMIN;
    case FLOW_ACT_EXPORT:
        if (f->has_event)
            export_to_usb(f);
        return FLOW_ADMIN;
    case FLOW_ACT_QUIT: f->quit = true; return FLOW_ADMIN;
    case FLOW_ACT_CLOCK: return FLOW_ADMIN_CLOCK;
    case FLOW_ACT_DONE:
    case FLOW_ACT_BACK: return FLOW_WELCOME;
    default: return FLOW_ADMIN;
    }
}

/* ---- The clock ------------------------------------------------------------------------ */

/* The clock screen's steps (FlowClockStep), ms. */
static const int64_t CLOCK_STEP_MS[FLOW_CLOCK_STEP_COUNT] = {
    [FLOW_CLOCK_DAY_BACK] = -86400000, [FLOW_CLOCK_DAY_ON] = 86400000,
    [FLOW_CLOCK_HOUR_BACK] = -3600000, [FLOW_CLOCK_HOUR_ON] = 3600000,
    [FLOW_CLOCK_10MIN_BACK] = -600000, [FLOW_CLOCK_MIN_BACK] = -60000,
    [FLOW_CLOCK_MIN_ON] = 60000,       [FLOW_CLOCK_10MIN_ON] = 600000,
};

/* How far the organiser may move the clock: a Pi that booted into 1970 is 56 years off,
 * so the bound is generous; it keeps every time shown a real date. */
#define CLOCK_MAX_OFFSET_MS (100LL * 366 * 86400000)

static bool system_synced(const Flow *f)
{
    return f->cfg.clock_synced ? f->cfg.clock_synced(f->cfg.clock_ctx) : clock_system_synced();
}

/* Takes the time of an input or tick. Once the system clock is synchronised it is taken
 * as it is from then on: whatever the organiser set no longer applies. */
static void set_now(Flow *f, int64_t now_ms)
{
    f->now = now_ms;
    if (f->clock != STORE_CLOCK_SYNCED && system_synced(f)) {
        f->clock = STORE_CLOCK_SYNCED;
        f->clock_offset = 0;
        store_set_clock(f->store, f->clock);
    }
    f->wall = now_ms + f->clock_offset;
}

/* At start: synchronised, or what the organiser confirmed or set earlier in this boot (a
 * restart by the watchdog keeps it), or not trusted. */
static void clock_start(Flow *f)
{
    if (f->cfg.boot_id)
        snprintf(f->boot_id, sizeof f->boot_id, "%s", f->cfg.boot_id);
    else
        clock_boot_id(f->boot_id);
    f->clock = STORE_CLOCK_UNTRUSTED;
    f->clock_offset = 0;
    StoreClockSetting cs;
    if (!system_synced(f) && f->boot_id[0] && store_clock_setting_get(f->store, &cs) == STORE_OK &&
        strcmp(cs.boot_id, f->boot_id) == 0 &&
        (cs.state == STORE_CLOCK_CONFIRMED || cs.state == STORE_CLOCK_SET) &&
        cs.offset_ms >= -CLOCK_MAX_OFFSET_MS && cs.offset_ms <= CLOCK_MAX_OFFSET_MS) {
        f->clock = cs.state;
        f->clock_offset = cs.state == STORE_CLOCK_SET ? cs.offset_ms : 0;
    }
    store_set_clock(f->store, f->clock);
}

/* Local date and time of ms into date ("2026-11-21") and hm ("09:41"). */
static void format_local(int64_t ms, char date[11], char hm[6])
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    date[0] = hm[0] = '\0';
    if (localtime_r(&t, &tm)) {
        strftime(date, 11, "%Y-%m-%d", &tm);
        strftime(hm, 6, "%H:%M", &tm);
    }
}

static bool setting_clock(const Flow *f)
{
    return f->screen == FLOW_ADMIN_CLOCK;
}

static void clock_enter(Flow *f)
{
    f->clock_pending = f->clock_offset;
}

static FlowScreen clock_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CLOCK_ADJUST: {
        if (f->clock == STORE_CLOCK_SYNCED || arg < 0 || arg >= FLOW_CLOCK_STEP_COUNT)
            return FLOW_ADMIN_CLOCK;
        int64_t next = f->clock_pending + CLOCK_STEP_MS[arg];
        if (next >= -CLOCK_MAX_OFFSET_MS && next <= CLOCK_MAX_OFFSET_MS && f->now + next > 0)
            f->clock_pending = next;
        return FLOW_ADMIN_CLOCK;
    }
    case FLOW_ACT_CLOCK_SAVE: {
        if (f->clock == STORE_CLOCK_SYNCED)
            return FLOW_ADMIN;
        /* Confirmed: the system clock as it is; set: corrected by an offset. */
        bool moved = f->clock_pending != f->clock_offset;
        f->clock_offset = f->clock_pending;
        f->clock = f->clock_offset != 0 ? STORE_CLOCK_SET : STORE_CLOCK_CONFIRMED;
        f->wall = f->now + f->clock_offset;
        store_set_clock(f->store, f->clock);
        StoreClockSetting cs = {.offset_ms = f->clock_offset, .state = f->clock};
        snprintf(cs.boot_id, sizeof cs.boot_id, "%s", f->boot_id);
        StoreStatus st = f->boot_id[0] ? store_clock_setting_put(f->store, &cs) : STORE_OK;
        char date[11], hm[6], when[20];
        format_local(f->wall, date, hm);
        snprintf(when, sizeof when, "%s %s", date, hm);
        if (st != STORE_OK)
            set_note(f, I18N_SAVE_FAILED, store_status_text(st));
        else if (moved)
            set_note(f, I18N_CLOCK_NOTE_SET, when);
        else
            set_note(f, I18N_CLOCK_NOTE_CONFIRMED, NULL);
        f->keep_note = true; /* shown on the admin screen this returns to */
        return FLOW_ADMIN;
    }
    case FLOW_ACT_BACK:
    case FLOW_ACT_DONE: return FLOW_ADMIN;
    default: return FLOW_ADMIN_CLOCK;
    }
}

static FlowScreen undo_act(Flow *f, FlowAction a, int arg)
{
    if (a == FLOW_ACT_BACK)
        return FLOW_ADMIN;
    if (a != FLOW_ACT_UNDO || arg < 0 || (size_t)arg >= f->recent_count)
        return FLOW_ADMIN_UNDO;
    size_t i = f->recent_person[arg];
    StoreStatus st = store_checkin_undo(f->store, f->event_id, f->recent_id[arg], f->wall);
    if (st == STORE_OK || st == STORE_NOT_FOUND) {
        f->people[i].checked_in_ms = 0;
        set_note(f, I18N_UNDONE, person_name(f, i));
    } else {
        set_note(f, I18N_SAVE_FAILED, store_status_text(st));
    }
    admin_refresh(f);
    return FLOW_ADMIN_UNDO;
}

typedef struct ScreenDef {
    void (*enter)(Flow *f); /* may be NULL */
    void (*leave)(Flow *f); /* may be NULL */
    FlowScreen (*act)(Flow *f, FlowAction a, int arg);
    bool accepts_text; /* physical keyboard / scanner text goes to a field here */
    bool times_out;    /* returns to welcome after cfg.greeting_ms */
} ScreenDef;

static const ScreenDef SCREENS[FLOW_SCREEN_COUNT] = {
    [FLOW_WELCOME] = {.enter = welcome_enter, .act = welcome_act, .accepts_text = true},
    [FLOW_SEARCH] = {.act = search_act, .accepts_text = true},
    [FLOW_CONFIRM] = {.act = confirm_act},
    [FLOW_GREETING] = {.act = done_act, .accepts_text = true, .times_out = true},
    [FLOW_ALREADY] = {.act = done_act, .accepts_text = true, .times_out = true},
    [FLOW_WALKIN] = {.act = walkin_act, .accepts_text = true},
    [FLOW_NOTICE] = {.act = notice_act},
    [FLOW_QUESTION] = {.act = question_act},
    [FLOW_REFLECTION] = {.act = reflection_act, .accepts_text = true},
    [FLOW_THANKS] = {.enter = thanks_enter, .act = done_act, .times_out = true},
    [FLOW_ADMIN_PIN] = {.enter = pin_enter,
                        .leave = pin_leave,
                        .act = pin_act,
                        .accepts_text = true},
    [FLOW_ADMIN] = {.enter = admin_enter, .act = admin_act},
    [FLOW_ADMIN_UNDO] = {.act = undo_act},
    [FLOW_ADMIN_CLOCK] = {.enter = clock_enter, .act = clock_act},
};

/* How long a screen that returns by itself stays up. */
static int64_t screen_timeout(const Flow *f)
{
    if (f->screen == FLOW_THANKS)
        return (int64_t)(f->event.thanks_seconds > 0 ? f->event.thanks_seconds : 20) * 1000;
    return f->cfg.greeting_ms;
}

/* ---- The view ----------------------------------------------------------------------- */

static int64_t idle_end(const Flow *f)
{
    return f->last_input + f->cfg.idle_ms;
}

static void refresh_view(Flow *f)
{
    FlowView *v = &f->view;
    memset(v, 0, sizeof *v);
    v->screen = f->screen;
    v->lang = f->lang;
    v->event = f->has_event ? &f->event : NULL;
    v->query = f->query;
    v->result_count = f->hit_count;
    v->match_count = f->match_count;
    for (size_t i = 0; i < f->hit_count; i++) {
        v->results[i].name = person_name(f, f->hits[i]);
        v->results[i].organisation = person_org(f, f->hits[i]);
        v->results[i].checked_in = f->people[f->hits[i]].checked_in_ms != 0;
    }
    bool chosen_valid = f->chosen < f->count;
    v->chosen_name = chosen_valid ? person_name(f, f->chosen) : "";
    v->chosen_organisation = chosen_valid ? person_org(f, f->chosen) : "";
    v->first_name = f->first_name;
    if (chosen_valid && f->people[f->chosen].checked_in_ms) {
        time_t t = (time_t)(f->people[f->chosen].checked_in_ms / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(v->checkin_time, sizeof v->checkin_time, "%H:%M", &tm);
    }
    v->walkin_fields[0] = f->walkin[0];
    v->walkin_fields[1] = f->walkin[1];
    v->walkin_focus = f->focus;
    v->walkin_consent = f->walkin_consent;
    v->walkin_missing_name = f->missing_name;
    v->keyboard_upper =
        (f->screen == FLOW_WALKIN &&
         next_is_upper(f->walkin[f->focus], f->focus == 0 ? CAPS_WORDS : CAPS_FIRST)) ||
        (f->screen == FLOW_REFLECTION && next_is_upper(f->reflection, CAPS_FIRST));
    v->notice = f->notice;
    v->offers_checkin = offers_checkin(f);
    v->offers_feedback = offers_feedback(f);
    v->question = f->question;
    v->question_count = f->event.question_count;
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++)
        v->question_scales[q] = f->event.questions[q].scale;
    v->answer = -1;
    v->question_text = "";
    if (f->has_event && f->question < f->event.question_count) {
        const EventQuestion *q = &f->event.questions[f->question];
        v->question_text = q->text[f->lang][0] ? q->text[f->lang] : q->text[LANG_SV];
        v->scale = q->scale;
        v->answer = f->answers[f->question];
    }
    const char *prompt = f->event.reflection_prompt[f->lang];
    v->reflection_prompt = prompt[0] ? prompt : i18n_text(f->lang, I18N_REFLECTION_DEFAULT);
    v->reflection = f->reflection;
    v->reflection_chars = (int)text_length(f->reflection);
    v->reflection_max =
        f->event.reflection_max > 0 ? f->event.reflection_max : EVENT_REFLECTION_DEFAULT_MAX;
    f->link[0] = '\0';
    if (f->screen == FLOW_THANKS && f->event.feedback_url[0] && f->token[0] &&
        link_expand(f->event.feedback_url, f->event.key, f->token, i18n_lang_code(f->lang), f->link,
                    sizeof f->link) < 0)
        f->link[0] = '\0';
    v->feedback_link = f->link;

    v->pin_digits = f->pin_len;
    v->pin_missing = f->screen == FLOW_ADMIN_PIN && !pin_set(f);
    v->pin_wrong = f->pin_wrong;
    v->pin_wait_seconds = (int)((pin_wait_left(f) + 999) / 1000);
    v->stats = &f->stats;
    v->feedback = &f->feedback;
    memcpy(v->histogram, f->histogram, sizeof v->histogram);
    v->histogram_count = f->histogram_count;
    if (f->histogram_count) {
        time_t t = (time_t)(f->histogram_start / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(v->histogram_start, sizeof v->histogram_start, "%H:%M", &tm);
    }
    v->phases = f->has_event ? (f->event.phases ? f->event.phases : EVENT_PHASE_CHECKIN) : 0;
    v->recent_count = f->recent_count;
    for (size_t i = 0; i < f->recent_count; i++) {
        v->recent[i].name = person_name(f, f->recent_person[i]);
        v->recent[i].organisation = person_org(f, f->recent_person[i]);
        v->recent[i].checked_in = true;
        time_t t = (time_t)(f->recent_at[i] / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm))
            strftime(v->recent_time[i], sizeof v->recent_time[i], "%H:%M", &tm);
    }
    v->admin_note = f->admin_note;
    v->admin_note_arg = f->admin_note_arg;
    v->usb_found = f->usb_found;
    v->purge_due = f->purge_due;
    v->quit = f->quit;
    v->clock = f->clock;
    /* Only the screens that show the time have it: elsewhere a turning minute must not
     * count as a change (flow_tick would ask for a frame that draws nothing new). */
    bool setting = f->screen == FLOW_ADMIN_CLOCK;
    if (setting || f->screen == FLOW_ADMIN)
        format_local(setting ? f->now + f->clock_pending : f->wall, v->clock_date, v->clock_time);
    v->clock_changed = setting && f->clock_pending != f->clock_offset;
    if (f->screen != FLOW_WELCOME && !SCREENS[f->screen].times_out) {
        int64_t left = idle_end(f) - f->now;
        if (left <= f->cfg.idle_warning_ms && left > 0) {
            v->idle_warning = true;
            v->idle_seconds_left = (int)((left + 999) / 1000);
        }
    }
}

static void go(Flow *f, FlowScreen next)
{
    assert((unsigned)next < FLOW_SCREEN_COUNT);
    if (next != f->screen || next == FLOW_WELCOME) {
        if (SCREENS[f->screen].leave)
            SCREENS[f->screen].leave(f);
        f->screen = next;
        f->entered = f->now;
        if (SCREENS[next].enter)
            SCREENS[next].enter(f);
    }
}

/* ---- Public interface ---------------------------------------------------------------- */

FlowConfig flow_default_config(void)
{
    return (FlowConfig){.idle_ms = 30000, .idle_warning_ms = 10000, .greeting_ms = 5000};
}

/* ---- The meeting, and following the store ----------------------------------------- */

/* Reads the store's current meeting and its attendees into f, which holds none yet.
 * No meeting is not an error (the kiosk says so on screen). Returns STORE_OK, or the
 * failing status with a message in err. */
static StoreStatus load_meeting(Flow *f, char *err, size_t errcap)
{
    /* Asked first: a commit landing while the list loads shows as a change next time. */
    if (store_data_version(f->store, &f->data_version) != STORE_OK)
        f->data_version = -1;
    StoreStatus st = store_event_current(f->store, &f->event, f->event_id);
    if (st == STORE_NOT_FOUND)
        return STORE_OK;
    if (st != STORE_OK) {
        snprintf(err, errcap, "cannot read the meeting: %s (%s)", store_status_text(st),
                 store_last_error(f->store));
        return st;
    }
    f->has_event = true;
    f->default_lang = i18n_lang_from_code(f->event.language);
    st = store_each_attendee(f->store, f->event_id, load_person, f);
    /* Every attendee is in memory now: SQLite's copy of their pages is not needed. */
    store_release_memory(f->store);
    if (st != STORE_OK)
        snprintf(err, errcap, "cannot load the attendees: %s (%s)", store_status_text(st),
                 store_last_error(f->store));
    return st;
}

/* On the welcome screen, takes in what an organiser's command committed meanwhile (a new
 * or updated list, a new meeting, a merge): the meeting and its people are read again into
 * a new table that replaces the old one only once it is complete, so a failure leaves the
 * kiosk as it was. Returns true if it reloaded. */
static bool follow_store(Flow *f)
{
    int64_t version;
    if (f->screen != FLOW_WELCOME || store_data_version(f->store, &version) != STORE_OK ||
        version == f->data_version)
        return false;
    Flow *fresh = calloc(1, sizeof *fresh);
    char err[256];
    if (!fresh || !(fresh->search = search_new())) {
        flow_free(fresh);
        return false; /* out of memory: keep the list it has, try at the next input */
    }
    fresh->store = f->store;
    if (load_meeting(fresh, err, sizeof err) != STORE_OK) {
        fprintf(stderr, "mingel: the meeting changed but cannot be read again: %s\n", err);
        f->data_version = fresh->data_version; /* say it once, not at every tap */
        flow_free(fresh);
        return false;
    }
    /* Swap the meeting and the people in; fresh takes the old ones to be freed. */
    Person *people = f->people;
    size_t count = f->count, cap = f->cap;
    char *arena = f->arena;
    size_t arena_len = f->arena_len, arena_cap = f->arena_cap;
    Search *search = f->search;
    f->people = fresh->people;
    f->count = fresh->count;
    f->cap = fresh->cap;
    f->arena = fresh->arena;
    f->arena_len = fresh->arena_len;
    f->arena_cap = fresh->arena_cap;
    f->search = fresh->search;
    fresh->people = people;
    fresh->count = count;
    fresh->cap = cap;
    fresh->arena = arena;
    fresh->arena_len = arena_len;
    fresh->arena_cap = arena_cap;
    fresh->search = search;
    f->has_event = fresh->has_event;
    f->event = fresh->event;
    memcpy(f->event_id, fresh->event_id, sizeof f->event_id);
    f->default_lang = fresh->default_lang;
    f->data_version = fresh->data_version;
    flow_free(fresh);
    f->chosen = (size_t)-1;
    f->recent_count = 0; /* indices into the old table */
    welcome_enter(f);
    return true;
}

Flow *flow_new(Store *store, const FlowConfig *cfg, int64_t now_ms, char *err, size_t errcap)
{
    Flow *f = calloc(1, sizeof *f);
    if (!f || !(f->search = search_new())) {
        snprintf(err, errcap, "out of memory");
        flow_free(f);
        return NULL;
    }
    f->store = store;
    f->cfg = cfg ? *cfg : flow_default_config();
    f->last_input = f->entered = now_ms;
    clock_start(f);
    set_now(f, now_ms);

    if (load_meeting(f, err, errcap) != STORE_OK) {
        flow_free(f);
        return NULL;
    }
    f->chosen = (size_t)-1;
    f->admin_note = I18N_COUNT;
    f->screen = FLOW_WELCOME;
    welcome_enter(f);
    refresh_view(f);
    return f;
}

void flow_free(Flow *f)
{
    if (!f)
        return;
    search_free(f->search);
    free(f->people);
    free(f->arena);
    free(f);
}

const FlowView *flow_view(const Flow *f)
{
    return &f->view;
}

static void input(Flow *f, int64_t now_ms)
{
    set_now(f, now_ms);
    f->last_input = now_ms;
    follow_store(f);
}

void flow_act(Flow *f, FlowAction action, int arg, int64_t now_ms)
{
    input(f, now_ms);
    if (action == FLOW_ACT_LANGUAGE)
        f->lang = f->lang == LANG_SV ? LANG_EN : LANG_SV;
    else if (action != FLOW_ACT_STAY && action != FLOW_ACT_NONE)
        go(f, SCREENS[f->screen].act(f, action, arg));
    refresh_view(f);
}

void flow_text(Flow *f, const char *utf8, int64_t now_ms)
{
    input(f, now_ms);
    if (f->screen == FLOW_ADMIN_PIN) { /* digits from a keyboard work like the pad */
        for (const char *p = utf8; *p; p++)
            if (*p >= '0' && *p <= '9')
                go(f, pin_act(f, FLOW_ACT_DIGIT, *p - '0'));
        refresh_view(f);
        return;
    }
    bool to_field =
        f->screen == FLOW_SEARCH || f->screen == FLOW_WALKIN || f->screen == FLOW_REFLECTION;
    if (!SCREENS[f->screen].accepts_text || !f->has_event || (!to_field && !offers_checkin(f))) {
        refresh_view(f);
        return;
    }
    /* Typing on the welcome screen, or while the last person's greeting shows, starts a
     * new search: that is how a barcode scanner's code arrives too. */
    if (!to_field) {
        go(f, FLOW_WELCOME);
        go(f, FLOW_SEARCH);
    }
    const char *p = utf8;
    size_t left = strlen(utf8);
    while (left > 0) {
        uint32_t cp;
        size_t n = text_decode(p, left, &cp);
        if (n == 0) { /* invalid byte: skip it, never store it */
            p++;
            left--;
            continue;
        }
        FlowAction a = cp == ' ' ? FLOW_ACT_SPACE : FLOW_ACT_CHAR;
        if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0))
            go(f, SCREENS[f->screen].act(f, a, (int)cp));
        p += n;
        left -= n;
    }
    refresh_view(f);
}

void flow_key(Flow *f, FlowKey key, int64_t now_ms)
{
    input(f, now_ms);
    FlowScreen s = f->screen;
    switch (key) {
    case FLOW_KEY_BACKSPACE:
        if (s == FLOW_SEARCH || s == FLOW_WALKIN || s == FLOW_REFLECTION || s == FLOW_ADMIN_PIN)
            go(f, SCREENS[s].act(f, FLOW_ACT_BACKSPACE, 0));
        break;
    case FLOW_KEY_ESCAPE:
        if (s != FLOW_WELCOME)
            go(f,
               SCREENS[s].act(
                   f, s == FLOW_NOTICE || SCREENS[s].times_out ? FLOW_ACT_DONE : FLOW_ACT_BACK, 0));
        break;
    case FLOW_KEY_ENTER:
        if (s == FLOW_SEARCH)
            go(f, try_ticket(f));
        else if (s == FLOW_CONFIRM)
            go(f, SCREENS[s].act(f, FLOW_ACT_CONFIRM, 0));
        else if (s == FLOW_WALKIN)
            go(f, SCREENS[s].act(f, f->focus == 0 ? FLOW_ACT_FIELD : FLOW_ACT_SUBMIT, 1));
        else if (s == FLOW_REFLECTION)
            go(f, SCREENS[s].act(f, FLOW_ACT_SEND, 0));
        else if (s == FLOW_ADMIN_PIN)
            go(f, SCREENS[s].act(f, FLOW_ACT_PIN_OK, 0));
        else if (s == FLOW_NOTICE || SCREENS[s].times_out)
            go(f, SCREENS[s].act(f, FLOW_ACT_DONE, 0));
        break;
    }
    refresh_view(f);
}

bool flow_tick(Flow *f, int64_t now_ms)
{
    FlowView before = f->view;
    set_now(f, now_ms);
    bool reloaded = follow_store(f);
    if (f->screen != FLOW_WELCOME) {
        if (SCREENS[f->screen].times_out) {
            if (now_ms - f->entered >= screen_timeout(f))
                go(f, FLOW_WELCOME);
        } else if (now_ms >= idle_end(f)) {
            go(f, FLOW_WELCOME);
        }
    }
    refresh_view(f);
    return reloaded || before.screen != f->view.screen ||
           before.idle_warning != f->view.idle_warning ||
           before.idle_seconds_left != f->view.idle_seconds_left || before.lang != f->view.lang ||
           (before.clock != f->view.clock && (f->screen == FLOW_ADMIN || setting_clock(f))) ||
           strcmp(before.clock_time, f->view.clock_time) != 0 ||
           strcmp(before.clock_date, f->view.clock_date) != 0;
}

/* The idle and screen deadlines (see flow_next_deadline). */
static int64_t screen_deadline(const Flow *f)
{
    if (f->screen == FLOW_WELCOME)
        return -1;
    if (SCREENS[f->screen].times_out)
        return f->entered + screen_timeout(f);
    int64_t end = idle_end(f);
    int64_t warn = end - f->cfg.idle_warning_ms;
    if (f->now < warn)
        return warn;
    if (f->now >= end)
        return f->now;
    /* During the warning the countdown changes once a second. */
    return end - ((end - f->now - 1) / 1000) * 1000;
}

int64_t flow_next_deadline(const Flow *f)
{
    int64_t at = screen_deadline(f);
    if (f->screen == FLOW_ADMIN || f->screen == FLOW_ADMIN_CLOCK) {
        /* The time shown turns to the next minute (in system time, as now_ms is). */
        int64_t offset = f->screen == FLOW_ADMIN_CLOCK ? f->clock_pending : f->clock_offset;
        int64_t shown = f->now + offset;
        int64_t next = (shown >= 0 ? shown / 60000 + 1 : shown / 60000) * 60000 - offset;
        if (at < 0 || next < at)
            at = next;
    }
    return at;
}

int64_t flow_wall_ms(const Flow *f, int64_t now_ms)
{
    return now_ms + f->clock_offset;
}

const char *flow_action_name(FlowAction a)
{
    static const char *const NAMES[FLOW_ACT_COUNT] = {
        [FLOW_ACT_NONE] = "none",
        [FLOW_ACT_START] = "start",
        [FLOW_ACT_LANGUAGE] = "language",
        [FLOW_ACT_CHAR] = "char",
        [FLOW_ACT_BACKSPACE] = "backspace",
        [FLOW_ACT_SPACE] = "space",
        [FLOW_ACT_CLEAR] = "clear",
        [FLOW_ACT_PICK] = "pick",
        [FLOW_ACT_CONFIRM] = "confirm",
        [FLOW_ACT_BACK] = "back",
        [FLOW_ACT_WALKIN] = "walkin",
        [FLOW_ACT_FIELD] = "field",
        [FLOW_ACT_SUBMIT] = "submit",
        [FLOW_ACT_DONE] = "done",
        [FLOW_ACT_STAY] = "stay",
        [FLOW_ACT_FEEDBACK] = "feedback",
        [FLOW_ACT_RATE] = "rate",
        [FLOW_ACT_SKIP] = "skip",
        [FLOW_ACT_SEND] = "send",
        [FLOW_ACT_ADMIN] = "admin",
        [FLOW_ACT_DIGIT] = "digit",
        [FLOW_ACT_PIN_OK] = "pin_ok",
        [FLOW_ACT_PHASE] = "phase",
        [FLOW_ACT_UNDO_LIST] = "undo_list",
        [FLOW_ACT_UNDO] = "undo",
        [FLOW_ACT_EXPORT] = "export",
        [FLOW_ACT_QUIT] = "quit",
        [FLOW_ACT_CLOCK] = "clock",
        [FLOW_ACT_CLOCK_ADJUST] = "clock_adjust",
        [FLOW_ACT_CLOCK_SAVE] = "clock_save",
        [FLOW_ACT_CONSENT] = "consent",
    };
    return (unsigned)a < FLOW_ACT_COUNT && NAMES[a] ? NAMES[a] : "unknown";
}
