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

#include "core/flow_private.h"
#include "core/link.h"
#include "core/search.h"
#include "core/text.h"

/* ---- The attendee table ------------------------------------------------------------ */

static int arena_put(Flow *f, const char *s, size_t *offset)
{
    size_t n = strlen(s) + 1;
    if (f->arena_len + n > f->arena_cap) {
        size_t cap = f->arena_cap ? f->arena_cap * 2 : 16384;
        while (cap < f->arena_len + n) {
            cap *= 2;
        }
        char *p = realloc(f->arena, cap);
        if (!p) {
            return -1;
        }
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
        if (!p) {
            return -1;
        }
        f->people = p;
        f->cap = cap;
    }
    Person *p = &f->people[f->count];
    snprintf(p->id, sizeof p->id, "%s", id);
    if (arena_put(f, name, &p->name) != 0 || arena_put(f, organisation, &p->organisation) != 0) {
        return -1;
    }
    p->checked_in_ms = checked_in_ms;
    if (search_add(f->search, (uint32_t)f->count, name, organisation) != 0) {
        return -1;
    }
    f->count++;
    return 0;
}

static int load_person(void *ctx, const StoreAttendee *a)
{
    return add_person(ctx, a->id, a->name, a->organisation, a->checked_in_ms);
}

/* ---- Small text helpers ------------------------------------------------------------ */

/* Upper case for the letters a Swedish or Western European name starts with. */
static uint32_t upper_cp(uint32_t cp)
{
    if (cp >= 'a' && cp <= 'z') {
        return cp - 32;
    }
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) {
        return cp - 32;
    }
    return cp;
}

/* How typed letters are capitalised: names get a capital on every word, a reflection on
 * its first letter, a search not at all (it ignores case). */
typedef enum Caps { CAPS_NONE, CAPS_WORDS, CAPS_FIRST, CAPS_UPPER } Caps;

/* True when the next letter typed into field gets a capital. */
static bool next_is_upper(const char *field, Caps caps)
{
    size_t n = strlen(field);
    if (caps == CAPS_NONE || caps == CAPS_UPPER) {
        return caps == CAPS_UPPER;
    }
    if (caps == CAPS_FIRST) {
        return n == 0;
    }
    return n == 0 || field[n - 1] == ' ' || field[n - 1] == '-';
}

/* The field's rule with the keyboard's Shift applied: on, the next letter takes the other
 * case than the rule would give it ("von Essen" in a name field, "VVS" in a search). */
static Caps shifted(const Flow *f, const char *field, Caps caps)
{
    if (!f->kb.shift) {
        return caps;
    }
    return next_is_upper(field, caps) ? CAPS_NONE : CAPS_UPPER;
}

const char *flow_snippet_text(int snippet)
{
    static const char *const TEXT[FLOW_SNIPPET_COUNT] = {
        [FLOW_SNIPPET_SE] = ".se", [FLOW_SNIPPET_COM] = ".com"};
    return snippet >= 0 && snippet < FLOW_SNIPPET_COUNT ? TEXT[snippet] : "";
}

static void set_first_name(Flow *f, const char *name)
{
    size_t n = strcspn(name, " ");
    if (n >= sizeof f->first_name) {
        n = text_drop_last(name, sizeof f->first_name - 1); /* cut on a code point */
    }
    memcpy(f->first_name, name, n);
    f->first_name[n] = '\0';
}

/* ---- Screens ------------------------------------------------------------------------ */

/* Searches for the query, keeping the hits the screen shows (from find.first on, which it
 * clamps to the list). With no match, the near misses take the matches' place. The search
 * keeps only the best first + rows, so an unscrolled list costs what it always did. */
static void run_search(Flow *f)
{
    FlowFind *fd = &f->find;
    size_t want = fd->first + fd->rows;
    want = want < FLOW_SCROLL_MAX ? want : FLOW_SCROLL_MAX;
    fd->near = false;
    fd->match_count = search_query(f->search, fd->query, fd->hits, want);
    if (fd->match_count == 0 && fd->query[0]) {
        fd->match_count = search_suggest(f->search, fd->query, fd->hits, want);
        fd->near = fd->match_count > 0;
    }
    fd->hit_count = fd->match_count < want ? fd->match_count : want;
    /* Scrolled no further than the last screenful. */
    size_t last = fd->hit_count > fd->rows ? fd->hit_count - fd->rows : 0;
    fd->first = fd->first < last ? fd->first : last;
}

/* An empty walk-in form: asked anew of everyone, nothing carried over. */
static void reset_walkin(Flow *f)
{
    memset(&f->walkin, 0, sizeof f->walkin);
}

/* The meeting asks walk-ins for an e-mail address (a field on the form). */
static bool asks_email(const Flow *f)
{
    return f->has_event && f->event.walkin_email != EVENT_WALKIN_EMAIL_NEVER;
}

/* The query changed: a new list, from its top. */
static void new_search(Flow *f)
{
    f->find.first = 0;
    run_search(f);
}

/* An empty search field, and no results (matches or near misses) left for it. */
static void clear_query(Flow *f)
{
    f->find.query[0] = '\0';
    f->find.hit_count = f->find.match_count = f->find.first = 0;
    f->find.near = false;
}

static void clear_typing(Flow *f)
{
    clear_query(f);
    reset_walkin(f);
    f->first_name[0] = '\0';
}

/* A check-in outcome that has a sound (see FlowCue). */
static void cue(Flow *f, FlowCue c)
{
    f->cue = c;
    f->cue_seq++;
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
        flow_badge_checked_in(f, f->people[i].id, at);
        cue(f, FLOW_CUE_CHECKED_IN);
        return FLOW_GREETING;
    }
    if (st == STORE_ALREADY) {
        f->people[i].checked_in_ms = at;
        flow_kiosks_already(f, f->people[i].id);
        cue(f, FLOW_CUE_ALREADY);
        return FLOW_ALREADY;
    }
    return save_failed(f, st, on_failure);
}

/* The person whose ticket code is code (cleaned), or (size_t)-1. */
static size_t ticket_person(Flow *f, const char *code)
{
    StoreAttendee a;
    if (!code[0] || store_find_ticket(f->store, f->event_id, code, &a) != STORE_OK) {
        return (size_t)-1;
    }
    size_t i = find_person(f, a.id);
    if (i == (size_t)-1) { /* added behind our back: show it from now on */
        if (add_person(f, a.id, a.name, a.organisation, a.checked_in_ms) == 0) {
            i = f->count - 1;
        }
    }
    return i;
}

/* Enter on the search screen: a ticket code typed by hand, or a name with one match. */
static FlowScreen try_ticket(Flow *f)
{
    char code[FLOW_TEXT_CAP];
    text_clean_line(code, sizeof code, f->find.query, strlen(f->find.query));
    if (!code[0]) {
        return f->screen;
    }
    size_t i = ticket_person(f, code);
    if (i != (size_t)-1) {
        clear_query(f);
        return check_in(f, i, FLOW_WELCOME);
    }
    /* Not a ticket. One match by name is as good as a tap on it (a near miss is not). */
    if (f->find.match_count == 1 && !f->find.near) {
        f->chosen = f->find.hits[0];
        return FLOW_CONFIRM;
    }
    /* Codes carry digits, names do not: say the code is unknown rather than do nothing. */
    if (strpbrk(code, "0123456789")) {
        clear_query(f);
        cue(f, FLOW_CUE_UNKNOWN);
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
        if (arg <= 0) {
            break;
        }
        n = text_encode(next_is_upper(field, caps) ? upper_cp((uint32_t)arg) : (uint32_t)arg, buf);
        buf[n] = '\0';
        if (n) {
            text_append(field, cap, max_chars, buf);
        }
        break;
    case FLOW_ACT_SPACE:
        /* No leading or double spaces: they would only confuse search and names. */
        if (len > 0 && field[len - 1] != ' ') {
            text_append(field, cap, max_chars, " ");
        }
        break;
    case FLOW_ACT_BACKSPACE: field[text_drop_last(field, len)] = '\0'; break;
    case FLOW_ACT_CLEAR: field[0] = '\0'; break;
    default: break;
    }
}

void flow_edit_search(char *field, size_t cap, FlowAction a, int arg)
{
    edit_field(field, cap, FLOW_QUERY_MAX_CHARS, a, arg, CAPS_NONE);
}

static bool follow_store(Flow *f);

static void welcome_enter(Flow *f)
{
    clear_typing(f);
    f->fb.reflection[0] = '\0';
    f->fb.token[0] = '\0';
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

/* Feedback only: nothing to choose on the welcome screen, so the kiosk opens the first
 * question of a fresh session in its place and rests there, with no tap to begin. */
static bool feedback_only(const Flow *f)
{
    return offers_feedback(f) && !offers_checkin(f);
}

/* Where the kiosk waits for the next person: the welcome screen or, feedback only, the first
 * question of a session nobody has begun (nothing answered, nothing tapped on it that
 * shows, the default language). At rest there is no idle timeout and no warning. */
static bool at_rest(const Flow *f)
{
    if (f->screen == FLOW_WELCOME) {
        return true;
    }
    if (!feedback_only(f) || f->screen != FLOW_QUESTION || f->fb.question != 0 || f->fb.begun ||
        f->fb.rating_shown || f->lang != f->default_lang) {
        return false;
    }
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
        if (f->fb.answers[i] >= 0) {
            return false;
        }
    }
    return true;
}

static FlowScreen welcome_act(Flow *f, FlowAction a, int arg)
{
    (void)arg;
    if (a == FLOW_ACT_START && offers_checkin(f)) {
        return FLOW_SEARCH;
    }
    if (a == FLOW_ACT_FEEDBACK && offers_feedback(f)) {
        return start_feedback(f);
    }
    if (a == FLOW_ACT_ADMIN) {
        return FLOW_ADMIN_PIN;
    }
    return FLOW_WELCOME;
}

static FlowScreen search_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        edit_field(f->find.query, sizeof f->find.query, FLOW_QUERY_MAX_CHARS, a, arg,
                   shifted(f, f->find.query, CAPS_NONE));
        new_search(f);
        return FLOW_SEARCH;
    case FLOW_ACT_SCROLL:
        if (arg < 0) {
            f->find.first =
                (size_t) - (int64_t)arg < f->find.first ? f->find.first + (size_t)arg : 0;
        } else {
            f->find.first += (size_t)arg < FLOW_SCROLL_MAX ? (size_t)arg : FLOW_SCROLL_MAX;
        }
        run_search(f);
        return FLOW_SEARCH;
    case FLOW_ACT_PICK:
        /* arg counts from the first result shown. */
        if (arg < 0 || (size_t)arg >= f->find.rows ||
            f->find.first + (size_t)arg >= f->find.hit_count) {
            return FLOW_SEARCH;
        }
        f->chosen = f->find.hits[f->find.first + (size_t)arg];
        return FLOW_CONFIRM;
    case FLOW_ACT_WALKIN: {
        /* Start the form from what they searched for, capitalised like a name. */
        const char *q = f->find.query;
        reset_walkin(f); /* consent is asked anew of everyone: never carried over */
        uint32_t cp;
        size_t n;
        while (*q && (n = text_decode(q, strlen(q), &cp)) > 0) {
            edit_field(f->walkin.field[0], WALKIN_FIELD_CAP, FLOW_FIELD_MAX_CHARS,
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
    if (a == FLOW_ACT_CONFIRM) {
        return check_in(f, f->chosen, FLOW_CONFIRM);
    }
    if (a == FLOW_ACT_BACK) {
        return FLOW_SEARCH;
    }
    return FLOW_CONFIRM;
}

static FlowScreen done_act(Flow *f, FlowAction a, int arg)
{
    if (f->screen != FLOW_THANKS && flow_board_act(f, a, arg)) {
        f->entered = f->now; /* the greeting stays a while again after each tap */
        return f->screen;
    }
    return a == FLOW_ACT_DONE ? FLOW_WELCOME : f->screen;
}

static FlowScreen walkin_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_CHAR:
    case FLOW_ACT_SPACE:
    case FLOW_ACT_BACKSPACE:
    case FLOW_ACT_CLEAR:
        if (f->walkin.focus == FLOW_WALKIN_EMAIL) {
            /* An address has no spaces and no capitals of its own. */
            if (a != FLOW_ACT_SPACE) {
                edit_field(f->walkin.field[FLOW_WALKIN_EMAIL], WALKIN_FIELD_CAP,
                           FLOW_EMAIL_MAX_CHARS, a, arg, CAPS_NONE);
            }
            f->walkin.missing_email = f->walkin.bad_email = false;
            return FLOW_WALKIN;
        }
        /* Names get a capital on every word; "Västerås stad" only on the first. */
        edit_field(f->walkin.field[f->walkin.focus], WALKIN_FIELD_CAP, FLOW_FIELD_MAX_CHARS, a, arg,
                   shifted(f, f->walkin.field[f->walkin.focus],
                           f->walkin.focus == 0 ? CAPS_WORDS : CAPS_FIRST));
        if (f->walkin.focus == 0 && f->walkin.field[0][0]) {
            f->walkin.missing_name = false;
        }
        return FLOW_WALKIN;
    case FLOW_ACT_FIELD:
        if (arg == 0 || arg == 1 || (arg == FLOW_WALKIN_EMAIL && asks_email(f))) {
            f->walkin.focus = arg;
        }
        return FLOW_WALKIN;
    case FLOW_ACT_CONSENT:
        f->walkin.consent = !f->walkin.consent;
        f->walkin.missing_email = false; /* what was missing may not be any more */
        return FLOW_WALKIN;
    case FLOW_ACT_SUBMIT: {
        char name[FLOW_TEXT_CAP], org[FLOW_TEXT_CAP], email[FLOW_TEXT_CAP], id[IDS_UUID_LEN + 1];
        text_clean_line(name, sizeof name, f->walkin.field[0], strlen(f->walkin.field[0]));
        text_clean_line(org, sizeof org, f->walkin.field[1], strlen(f->walkin.field[1]));
        text_clean_line(email, sizeof email, f->walkin.field[FLOW_WALKIN_EMAIL],
                        strlen(f->walkin.field[FLOW_WALKIN_EMAIL]));
        if (!asks_email(f)) {
            email[0] = '\0';
        }
        if (!name[0]) {
            f->walkin.missing_name = true;
            f->walkin.focus = 0;
            return FLOW_WALKIN;
        }
        if (email[0] && !text_email_ok(email)) {
            f->walkin.bad_email = true;
            f->walkin.focus = FLOW_WALKIN_EMAIL;
            return FLOW_WALKIN;
        }
        if (!email[0] && f->walkin.consent &&
            f->event.walkin_email == EVENT_WALKIN_EMAIL_WITH_CONSENT) {
            f->walkin.missing_email = true;
            f->walkin.focus = FLOW_WALKIN_EMAIL;
            return FLOW_WALKIN;
        }
        StoreStatus st = store_walk_in_email(f->store, f->event_id, name, org, email,
                                             f->walkin.consent, f->wall, id);
        if (st != STORE_OK) {
            return save_failed(f, st, FLOW_WALKIN);
        }
        /* Stored; if memory runs out here, the walk-in is still checked in on disk and
         * appears in search after the next start. */
        f->chosen = add_person(f, id, name, org, f->wall) == 0 ? f->count - 1 : (size_t)-1;
        set_first_name(f, name);
        flow_badge_checked_in(f, id, f->wall);
        cue(f, FLOW_CUE_CHECKED_IN);
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
    if (link_token(f->fb.token, rnd, f->cfg.rnd_ctx) != 0) {
        fprintf(stderr, "mingel: no random numbers for a feedback token\n");
        return notice(f, I18N_SAVE_FAILED, FLOW_WELCOME);
    }
    int64_t window = (int64_t)f->event.repeat_seconds * 1000;
    f->fb.flagged = f->fb.last_feedback != 0 && f->now - f->fb.last_feedback < window;
    f->fb.begun = false;
    f->fb.question = 0;
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
        f->fb.answers[i] = -1;
    }
    f->fb.reflection[0] = '\0';
    return FLOW_QUESTION;
}

/* Before the session's first record: feedback only, the session began with this tap (the
 * kiosk opened it unasked, maybe right after the last one), so whether it is a repeated
 * press is decided now. */
static void begin_session(Flow *f)
{
    if (!f->fb.begun && feedback_only(f)) {
        int64_t window = (int64_t)f->event.repeat_seconds * 1000;
        f->fb.flagged = f->fb.last_feedback != 0 && f->now - f->fb.last_feedback < window;
    }
    f->fb.begun = true;
}

static bool rating_in_scale(EventScale scale, int value)
{
    return scale == EVENT_SCALE_NPS ? value >= 0 && value <= 10 : value >= 1 && value <= 5;
}

static FlowScreen next_question(Flow *f)
{
    if (f->fb.question + 1 < f->event.question_count) {
        f->fb.question++;
        return FLOW_QUESTION;
    }
    return FLOW_REFLECTION;
}

static FlowScreen question_act(Flow *f, FlowAction a, int arg)
{
    switch (a) {
    case FLOW_ACT_RATE: {
        if (!rating_in_scale(f->event.questions[f->fb.question].scale, arg)) {
            return FLOW_QUESTION;
        }
        /* Stored at once, so half-finished feedback still counts; an answer changed after
         * "back" replaces the first one. */
        begin_session(f);
        StoreStatus st = store_rating_put(f->store, f->event_id, f->fb.token, f->fb.question, arg,
                                          f->fb.flagged, f->wall);
        if (st != STORE_OK) {
            return save_failed(f, st, FLOW_QUESTION);
        }
        f->fb.answers[f->fb.question] = arg;
        f->fb.last_feedback = f->now;
        /* Shown chosen for a moment; flow_tick (or the next input) moves on. */
        f->fb.rating_shown = true;
        f->fb.rated_at = f->now;
        return FLOW_QUESTION;
    }
    case FLOW_ACT_SKIP: return next_question(f);
    case FLOW_ACT_ADMIN:
        /* Feedback only, the first question stands in for the welcome screen, with its
         * hidden corner. */
        return feedback_only(f) && f->fb.question == 0 ? FLOW_ADMIN_PIN : FLOW_QUESTION;
    case FLOW_ACT_BACK:
        if (f->fb.question == 0) {
            return FLOW_WELCOME;
        }
        f->fb.question--;
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
        edit_field(f->fb.reflection, sizeof f->fb.reflection, (size_t)f->event.reflection_max, a,
                   arg, shifted(f, f->fb.reflection, CAPS_FIRST));
        return FLOW_REFLECTION;
    case FLOW_ACT_SEND: {
        char text[sizeof f->fb.reflection];
        text_clean_line(text, sizeof text, f->fb.reflection, strlen(f->fb.reflection));
        if (!text[0]) { /* nothing said is the same as skipping */
            return FLOW_THANKS;
        }
        begin_session(f);
        StoreStatus st =
            store_reflection_put(f->store, f->event_id, f->fb.token, text, f->fb.flagged, f->wall);
        if (st != STORE_OK) {
            return save_failed(f, st, FLOW_REFLECTION);
        }
        f->fb.last_feedback = f->now;
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
    f->fb.reflection[0] = '\0';
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
    [FLOW_CONFIRM] = {.act = confirm_act, .accepts_text = true},
    [FLOW_GREETING] = {.enter = flow_board_enter,
                       .act = done_act,
                       .accepts_text = true,
                       .times_out = true},
    [FLOW_ALREADY] = {.enter = flow_board_enter,
                      .act = done_act,
                      .accepts_text = true,
                      .times_out = true},
    [FLOW_WALKIN] = {.act = walkin_act, .accepts_text = true},
    [FLOW_NOTICE] = {.act = notice_act},
    [FLOW_QUESTION] = {.act = question_act},
    [FLOW_REFLECTION] = {.act = reflection_act, .accepts_text = true},
    [FLOW_THANKS] = {.enter = thanks_enter, .act = done_act, .times_out = true},
    [FLOW_ADMIN_PIN] = {.enter = flow_pin_enter,
                        .leave = flow_pin_leave,
                        .act = flow_pin_act,
                        .accepts_text = true},
    [FLOW_ADMIN] = {.enter = flow_admin_enter, .act = flow_admin_act},
    [FLOW_ADMIN_UNDO] = {.act = flow_undo_act, .accepts_text = true},
    [FLOW_ADMIN_CLOCK] = {.enter = flow_clock_enter, .act = flow_clock_act},
    [FLOW_ADMIN_ASK] = {.act = flow_ask_act},
    [FLOW_ADMIN_KIOSKS] = {.enter = flow_kiosks_enter, .act = flow_kiosks_act},
};

/* How long a screen that returns by itself stays up. */
static int64_t screen_timeout(const Flow *f)
{
    if (f->screen == FLOW_THANKS) {
        return (int64_t)(f->event.thanks_seconds > 0 ? f->event.thanks_seconds : 20) * 1000;
    }
    if (f->board.offered && f->event.topic_count > 0 && f->cfg.greeting_ms < FLOW_BOARD_PICK_MS) {
        return FLOW_BOARD_PICK_MS; /* time to read the topics */
    }
    return f->cfg.greeting_ms;
}

/* ---- The view ----------------------------------------------------------------------- */

/* One step of the countdown bar of a screen that stays total ms (see FLOW_COUNTDOWN_STEPS). */
static int64_t countdown_step(int64_t total)
{
    int64_t step = total / FLOW_COUNTDOWN_STEPS;
    return step < FLOW_COUNTDOWN_MIN_MS ? FLOW_COUNTDOWN_MIN_MS : step;
}

/* Where one types a text, the kiosk waits longer (see FlowConfig). */
static int64_t idle_end(const Flow *f)
{
    bool text = f->screen == FLOW_WALKIN || f->screen == FLOW_REFLECTION;
    return f->last_input + (text && f->cfg.idle_text_ms > 0 ? f->cfg.idle_text_ms : f->cfg.idle_ms);
}

/* The tapped answer has been shown long enough: on to the next question. */
static bool rating_done(const Flow *f)
{
    return f->fb.rating_shown && f->now - f->fb.rated_at >= FLOW_RATE_SHOW_MS;
}

static void refresh_view(Flow *f)
{
    FlowView *v = &f->view;
    memset(v, 0, sizeof *v);
    v->screen = f->screen;
    v->lang = f->lang;
    v->event = f->has_event ? &f->event : NULL;
    v->query = f->find.query;
    const FlowFind *fd = &f->find;
    size_t shown = fd->hit_count > fd->first ? fd->hit_count - fd->first : 0;
    v->result_count = shown < fd->rows ? shown : fd->rows;
    v->result_first = fd->first;
    v->match_count = fd->match_count;
    v->near_misses = fd->near;
    v->more_above = fd->first > 0;
    v->more_below = fd->first + v->result_count <
                    (fd->match_count < FLOW_SCROLL_MAX ? fd->match_count : FLOW_SCROLL_MAX);
    for (size_t i = 0; i < v->result_count; i++) {
        size_t p = fd->hits[fd->first + i];
        v->results[i].name = person_name(f, p);
        v->results[i].organisation = person_org(f, p);
        v->results[i].checked_in = f->people[p].checked_in_ms != 0;
    }
    bool chosen_valid = f->chosen < f->count;
    v->chosen_name = chosen_valid ? person_name(f, f->chosen) : "";
    v->chosen_organisation = chosen_valid ? person_org(f, f->chosen) : "";
    v->first_name = f->first_name;
    if (chosen_valid && f->people[f->chosen].checked_in_ms) {
        time_t t = (time_t)(f->people[f->chosen].checked_in_ms / 1000);
        struct tm tm;
        if (localtime_r(&t, &tm)) {
            strftime(v->checkin_time, sizeof v->checkin_time, "%H:%M", &tm);
        }
    }
    for (int i = 0; i < 3; i++) {
        v->walkin_fields[i] = f->walkin.field[i];
    }
    v->walkin_focus = f->walkin.focus;
    v->walkin_consent = f->walkin.consent;
    v->walkin_missing_name = f->walkin.missing_name;
    v->walkin_email = f->has_event ? f->event.walkin_email : EVENT_WALKIN_EMAIL_NEVER;
    v->walkin_email_needed =
        v->walkin_email == EVENT_WALKIN_EMAIL_WITH_CONSENT && f->walkin.consent;
    v->walkin_missing_email = f->walkin.missing_email;
    v->walkin_bad_email = f->walkin.bad_email;
    v->keyboard_email = f->screen == FLOW_WALKIN && f->walkin.focus == FLOW_WALKIN_EMAIL;
    v->keyboard_upper =
        (f->screen == FLOW_WALKIN &&
         next_is_upper(f->walkin.field[f->walkin.focus], f->walkin.focus == 0   ? CAPS_WORDS
                                                         : f->walkin.focus == 1 ? CAPS_FIRST
                                                                                : CAPS_NONE)) ||
        (f->screen == FLOW_REFLECTION && next_is_upper(f->fb.reflection, CAPS_FIRST));
    if (f->kb.shift) {
        v->keyboard_upper = !v->keyboard_upper;
    }
    v->keyboard_shift = f->kb.shift;
    v->keyboard_layer = f->kb.layer;
    v->notice = f->notice;
    v->cue = f->cue;
    v->cue_seq = f->cue_seq;
    v->offers_checkin = offers_checkin(f);
    v->offers_feedback = offers_feedback(f);
    v->question = f->fb.question;
    v->question_count = f->event.question_count;
    for (int q = 0; q < EVENT_MAX_QUESTIONS; q++) {
        v->question_scales[q] = f->event.questions[q].scale;
    }
    v->answer = -1;
    v->question_text = "";
    if (f->has_event && f->fb.question < f->event.question_count) {
        const EventQuestion *q = &f->event.questions[f->fb.question];
        v->question_text = q->text[f->lang][0] ? q->text[f->lang] : q->text[LANG_SV];
        v->scale = q->scale;
        for (int i = 0; i < event_scale_words(q->scale); i++) {
            v->scale_words[i] = event_question_word(q, f->lang, i);
        }
        v->answer = f->fb.answers[f->fb.question];
    }
    v->rating_shown = f->screen == FLOW_QUESTION && f->fb.rating_shown;
    const char *prompt = f->event.reflection_prompt[f->lang];
    v->reflection_prompt = prompt[0] ? prompt : i18n_text(f->lang, I18N_REFLECTION_DEFAULT);
    v->reflection = f->fb.reflection;
    v->reflection_chars = (int)text_length(f->fb.reflection);
    v->reflection_max =
        f->event.reflection_max > 0 ? f->event.reflection_max : EVENT_REFLECTION_DEFAULT_MAX;
    f->fb.link[0] = '\0';
    if (f->screen == FLOW_THANKS && f->event.feedback_url[0] && f->fb.token[0] &&
        link_expand(f->event.feedback_url, f->event.key, f->fb.token, i18n_lang_code(f->lang),
                    f->fb.link, sizeof f->fb.link) < 0) {
        f->fb.link[0] = '\0';
    }
    v->feedback_link = f->fb.link;

    if (SCREENS[f->screen].times_out) {
        int64_t total = screen_timeout(f), step = countdown_step(total);
        int64_t left = f->entered + total - f->now;
        left = left < 0 ? 0 : left > total ? total : left;
        v->return_total_ms = total;
        v->return_left_ms = (left + step - 1) / step * step; /* up to a whole step */
        v->return_left_ms = v->return_left_ms > total ? total : v->return_left_ms;
    }
    flow_admin_view(f, v);
    flow_badge_view(f, v);
    flow_board_view(f, v);
    flow_kiosks_view(f, v);
    if (!at_rest(f) && !SCREENS[f->screen].times_out) {
        int64_t left = idle_end(f) - f->now;
        if (left <= f->cfg.idle_warning_ms && left > 0) {
            v->idle_warning = true;
            v->idle_seconds_left = (int)((left + 999) / 1000);
        }
    }
}

void flow_refresh(Flow *f)
{
    refresh_view(f);
}

static void go(Flow *f, FlowScreen next)
{
    assert((unsigned)next < FLOW_SCREEN_COUNT);
    if (next != f->screen || next == FLOW_WELCOME) {
        if (SCREENS[f->screen].leave) {
            SCREENS[f->screen].leave(f);
        }
        f->fb.rating_shown = false;
        f->kb = (FlowKeyboard){FLOW_KEYS_LETTERS, false}; /* each screen starts on letters */
        f->screen = next;
        f->entered = f->now;
        if (SCREENS[next].enter) {
            SCREENS[next].enter(f);
        }
    }
    /* Feedback only, the welcome screen is the first question (see feedback_only). */
    if (f->screen == FLOW_WELCOME && feedback_only(f)) {
        go(f, start_feedback(f));
    }
}

/* ---- Public interface ---------------------------------------------------------------- */

FlowConfig flow_default_config(void)
{
    return (FlowConfig){
        .idle_ms = 45000, .idle_text_ms = 120000, .idle_warning_ms = 20000, .greeting_ms = 5000};
}

/* ---- The meeting, and following the store ----------------------------------------- */

/* Reads the store's current meeting and its attendees into f, which holds none yet.
 * No meeting is not an error (the kiosk says so on screen). Returns STORE_OK, or the
 * failing status with a message in err. */
static StoreStatus load_meeting(Flow *f, char *err, size_t errcap)
{
    /* Asked first: a commit landing while the list loads shows as a change next time. */
    if (store_data_version(f->store, &f->data_version) != STORE_OK) {
        f->data_version = -1;
    }
    StoreStatus st = store_event_current(f->store, &f->event, f->event_id);
    if (st == STORE_NOT_FOUND) {
        return STORE_OK;
    }
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
    if (st != STORE_OK) {
        snprintf(err, errcap, "cannot load the attendees: %s (%s)", store_status_text(st),
                 store_last_error(f->store));
    }
    return st;
}

/* On the welcome screen, takes in what an organiser's command committed meanwhile (a new
 * or updated list, a new meeting, a merge): the meeting and its people are read again into
 * a new table that replaces the old one only once it is complete, so a failure leaves the
 * kiosk as it was. Returns true if it reloaded. */
static bool follow_store(Flow *f)
{
    int64_t version;
    if (!at_rest(f) || store_data_version(f->store, &version) != STORE_OK ||
        version == f->data_version) {
        return false;
    }
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
    f->undo.count = f->undo.hit_count = 0; /* indices into the old table */
    if (f->screen == FLOW_WELCOME && !feedback_only(f)) {
        welcome_enter(f);
    } else {
        go(f, FLOW_WELCOME); /* a fresh start, which feedback only is the first question */
    }
    return true;
}

/* The results shown at once for FlowConfig.result_rows. */
static size_t result_rows(int rows)
{
    return rows <= 0 ? FLOW_RESULT_ROWS : rows > FLOW_MAX_RESULTS ? FLOW_MAX_RESULTS : (size_t)rows;
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
    f->find.rows = result_rows(f->cfg.result_rows);
    f->last_input = f->entered = now_ms;
    flow_clock_start(f);
    flow_set_now(f, now_ms);

    if (load_meeting(f, err, errcap) != STORE_OK) {
        flow_free(f);
        return NULL;
    }
    f->chosen = (size_t)-1;
    f->admin.note = I18N_COUNT;
    f->screen = FLOW_WELCOME;
    go(f, FLOW_WELCOME);
    refresh_view(f);
    return f;
}

void flow_free(Flow *f)
{
    if (!f) {
        return;
    }
    search_free(f->search);
    flow_admin_free(f);
    free(f->people);
    free(f->arena);
    free(f);
}

const FlowView *flow_view(const Flow *f)
{
    return &f->view;
}

static FlowScreen next_question(Flow *f);

/* Moves on from a tapped answer once it has been shown (see FLOW_RATE_SHOW_MS). */
static void finish_rating(Flow *f)
{
    if (rating_done(f)) {
        f->fb.rating_shown = false;
        go(f, next_question(f));
    }
}

static void input(Flow *f, int64_t now_ms)
{
    flow_set_now(f, now_ms);
    f->last_input = now_ms;
    follow_store(f);
    finish_rating(f);
}

void flow_act(Flow *f, FlowAction action, int arg, int64_t now_ms)
{
    input(f, now_ms);
    if (f->fb.rating_shown) {
        /* The answer tapped is still being shown: nothing else is taken yet. */
    } else if (action == FLOW_ACT_LANGUAGE) {
        f->lang = f->lang == LANG_SV ? LANG_EN : LANG_SV;
    } else if (action == FLOW_ACT_SHIFT) {
        f->kb.shift = !f->kb.shift;
    } else if (action == FLOW_ACT_KEYS) {
        if (arg >= 0 && arg < FLOW_KEYS_COUNT) {
            f->kb.layer = (FlowKeys)arg;
            f->kb.shift = false;
        }
    } else if (action == FLOW_ACT_SNIPPET) {
        /* Typed as its letters, each as a key of its own would be. */
        for (const char *p = flow_snippet_text(arg); *p; p++) {
            go(f, SCREENS[f->screen].act(f, FLOW_ACT_CHAR, (unsigned char)*p));
        }
    } else if (action != FLOW_ACT_STAY && action != FLOW_ACT_NONE) {
        go(f, SCREENS[f->screen].act(f, action, arg));
        if (action == FLOW_ACT_CHAR) {
            f->kb.shift = false; /* Shift is for one letter */
        }
    }
    refresh_view(f);
}

void flow_text(Flow *f, const char *utf8, int64_t now_ms)
{
    input(f, now_ms);
    if (f->screen == FLOW_ADMIN_PIN) { /* digits from a keyboard work like the pad */
        for (const char *p = utf8; *p; p++) {
            if (*p >= '0' && *p <= '9') {
                go(f, flow_pin_act(f, FLOW_ACT_DIGIT, *p - '0'));
            }
        }
        refresh_view(f);
        return;
    }
    bool to_field = f->screen == FLOW_SEARCH || f->screen == FLOW_WALKIN ||
                    f->screen == FLOW_REFLECTION || f->screen == FLOW_ADMIN_UNDO;
    if (!SCREENS[f->screen].accepts_text || !f->has_event || (!to_field && !offers_checkin(f))) {
        refresh_view(f);
        return;
    }
    /* Typing on the welcome screen, on someone's "Är det du?", or while the last person's
     * greeting shows, starts a new search: the keyboard's Enter that follows must never
     * confirm the person left on screen. (A scanner's code comes as flow_scan; a scanner
     * slowed past the scan threshold arrives here, and its Enter finds the ticket.) */
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
        if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp < 0xA0)) {
            go(f, SCREENS[f->screen].act(f, a, (int)cp));
        }
        p += n;
        left -= n;
    }
    refresh_view(f);
}

void flow_key(Flow *f, FlowKey key, int64_t now_ms)
{
    input(f, now_ms);
    FlowScreen s = f->screen;
    if (f->fb.rating_shown) {
        refresh_view(f);
        return;
    }
    switch (key) {
    case FLOW_KEY_BACKSPACE:
        if (s == FLOW_SEARCH || s == FLOW_WALKIN || s == FLOW_REFLECTION || s == FLOW_ADMIN_PIN ||
            s == FLOW_ADMIN_UNDO) {
            go(f, SCREENS[s].act(f, FLOW_ACT_BACKSPACE, 0));
        }
        break;
    case FLOW_KEY_ESCAPE:
        if (s != FLOW_WELCOME) {
            go(f,
               SCREENS[s].act(
                   f, s == FLOW_NOTICE || SCREENS[s].times_out ? FLOW_ACT_DONE : FLOW_ACT_BACK, 0));
        }
        break;
    case FLOW_KEY_ENTER:
        if (s == FLOW_SEARCH) {
            go(f, try_ticket(f));
        } else if (s == FLOW_CONFIRM) {
            go(f, SCREENS[s].act(f, FLOW_ACT_CONFIRM, 0));
        } else if (s == FLOW_WALKIN) {
            /* On to the next field; from the last one, submit. */
            int last = asks_email(f) ? FLOW_WALKIN_EMAIL : 1;
            go(f, SCREENS[s].act(f, f->walkin.focus < last ? FLOW_ACT_FIELD : FLOW_ACT_SUBMIT,
                                 f->walkin.focus + 1));
        } else if (s == FLOW_REFLECTION) {
            go(f, SCREENS[s].act(f, FLOW_ACT_SEND, 0));
        } else if (s == FLOW_ADMIN_PIN) {
            go(f, SCREENS[s].act(f, FLOW_ACT_PIN_OK, 0));
        } else if (s == FLOW_NOTICE || SCREENS[s].times_out) {
            go(f, SCREENS[s].act(f, FLOW_ACT_DONE, 0));
        }
        break;
    }
    refresh_view(f);
}

/* A scan of code: who it belongs to is checked in, from a clean start (see flow.h). */
static FlowScreen scan_ticket(Flow *f, const char *raw)
{
    char code[FLOW_TEXT_CAP];
    text_clean_line(code, sizeof code, raw, strlen(raw));
    size_t i = ticket_person(f, code);
    if (i == (size_t)-1) {
        cue(f, FLOW_CUE_UNKNOWN);
        return notice(f, I18N_TICKET_UNKNOWN, FLOW_WELCOME);
    }
    return check_in(f, i, FLOW_WELCOME);
}

void flow_scan(Flow *f, const char *code, int64_t now_ms)
{
    input(f, now_ms);
    /* The organiser's screens come last in FlowScreen, from the PIN pad on. */
    if (f->screen >= FLOW_ADMIN_PIN || !offers_checkin(f)) {
        refresh_view(f);
        return;
    }
    /* Whatever was half done is dropped as if the person had left it: the welcome screen
     * clears every field, the feedback session and the chosen person. The language on
     * screen stays: it is the one the person holding the scanner sees. */
    Lang lang = f->lang;
    go(f, FLOW_WELCOME);
    f->lang = lang;
    f->chosen = (size_t)-1;
    go(f, scan_ticket(f, code));
    refresh_view(f);
}

bool flow_tick(Flow *f, int64_t now_ms)
{
    FlowView before = f->view;
    flow_set_now(f, now_ms);
    bool reloaded = follow_store(f);
    finish_rating(f);
    if (!at_rest(f)) {
        if (SCREENS[f->screen].times_out) {
            if (now_ms - f->entered >= screen_timeout(f)) {
                go(f, FLOW_WELCOME);
            }
        } else if (now_ms >= idle_end(f)) {
            go(f, FLOW_WELCOME);
        }
    }
    refresh_view(f);
    return reloaded || before.screen != f->view.screen || before.question != f->view.question ||
           before.rating_shown != f->view.rating_shown || before.answer != f->view.answer ||
           before.idle_warning != f->view.idle_warning ||
           before.return_left_ms != f->view.return_left_ms ||
           before.idle_seconds_left != f->view.idle_seconds_left || before.lang != f->view.lang ||
           (before.clock != f->view.clock && (f->screen == FLOW_ADMIN || flow_setting_clock(f))) ||
           strcmp(before.clock_time, f->view.clock_time) != 0 ||
           strcmp(before.clock_date, f->view.clock_date) != 0;
}

/* The idle and screen deadlines (see flow_next_deadline). */
static int64_t screen_deadline(const Flow *f)
{
    if (at_rest(f)) {
        return -1;
    }
    if (f->fb.rating_shown) {
        return f->fb.rated_at + FLOW_RATE_SHOW_MS;
    }
    if (SCREENS[f->screen].times_out) {
        /* The next step of the countdown bar, the last one being the screen's end. */
        int64_t total = screen_timeout(f), step = countdown_step(total);
        int64_t end = f->entered + total;
        int64_t gone = f->now - f->entered;
        int64_t left = total - gone;
        int64_t next = left <= 0 ? end : end - (left - 1) / step * step;
        return next < end ? next : end;
    }
    int64_t end = idle_end(f);
    int64_t warn = end - f->cfg.idle_warning_ms;
    if (f->now < warn) {
        return warn;
    }
    if (f->now >= end) {
        return f->now;
    }
    /* During the warning the countdown changes once a second. */
    return end - ((end - f->now - 1) / 1000) * 1000;
}

bool flow_set_result_rows(Flow *f, int rows)
{
    size_t n = result_rows(rows);
    if (n == f->find.rows) {
        return false;
    }
    f->find.rows = n;
    f->cfg.result_rows = (int)n;
    if (f->find.query[0]) {
        run_search(f);
    }
    flow_refresh(f);
    return true;
}

int64_t flow_next_deadline(const Flow *f)
{
    int64_t at = screen_deadline(f);
    if (f->screen == FLOW_ADMIN || f->screen == FLOW_ADMIN_CLOCK) {
        /* The time shown turns to the next minute (in system time, as now_ms is). */
        int64_t offset = f->screen == FLOW_ADMIN_CLOCK ? f->clk.pending : f->clk.offset;
        int64_t shown = f->now + offset;
        int64_t next = (shown >= 0 ? shown / 60000 + 1 : shown / 60000) * 60000 - offset;
        if (at < 0 || next < at) {
            at = next;
        }
    }
    return at;
}

int64_t flow_wall_ms(const Flow *f, int64_t now_ms)
{
    return now_ms + f->clk.offset;
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
        [FLOW_ACT_RESTORE] = "restore",
        [FLOW_ACT_PAGE] = "page",
        [FLOW_ACT_REPRINT] = "reprint",
        [FLOW_ACT_PREPRINT] = "preprint",
        [FLOW_ACT_TOPIC] = "topic",
        [FLOW_ACT_BOARD_HIDE] = "board_hide",
        [FLOW_ACT_SCROLL] = "scroll",
        [FLOW_ACT_SHIFT] = "shift",
        [FLOW_ACT_KEYS] = "keys",
        [FLOW_ACT_SNIPPET] = "snippet",
        [FLOW_ACT_KIOSKS] = "kiosks",
    };
    return (unsigned)a < FLOW_ACT_COUNT && NAMES[a] ? NAMES[a] : "unknown";
}
