/* fuzz_input: the kiosk's input path, flow_* on a real store, driven by any byte script.
 *
 * The first input creates a temporary directory and in it a real SQLite store (WAL,
 * synchronous=FULL) holding a meeting with both phases, a smiley and an NPS question, a
 * short reflection limit and a feedback link, and fourteen attendees with å, ä, ö, ticket
 * codes and one very long name. Every input then runs on a fresh Flow over the same
 * starting database: after an input that wrote (a check-in, a walk-in, a rating, a
 * reflection: the -wal file grew), the database file is put back from a copy taken at the
 * start, so each input replays alone exactly as it ran in the fuzzer, and the file never
 * grows.
 *
 * The input is a script. Each step starts with one byte choosing what happens:
 *   0, 1  tap:       flow_act(action = next byte % FLOW_ACT_COUNT, arg = next byte)
 *                    (arg 0..255 doubles as a Latin-1 code point for FLOW_ACT_CHAR)
 *   2     wide tap:  flow_act(action byte, arg = next 4 bytes, little-endian int32)
 *   3     text:      flow_text(next byte = length, then that many bytes; a NUL ends it)
 *   4     key:       flow_key(next byte % 3: Enter, Backspace, Escape)
 *   5     tick:      time goes on by next byte * 250 ms, then flow_tick
 *   6     wait:      time goes on by next byte * 1000 ms with no tick
 *   7     repeat:    the next step runs next byte % 64 + 1 times (repeats do not nest)
 * Taps, text and keys come 40 ms apart, straight to the flow. The bytes 0xF8-0xFB instead
 * carry their own times and go through an Input (core/input.h) as the shell's events do:
 *   F8    tap@:      action byte, arg byte, then gap and hold in 5 ms units: down gap
 *                    after the last step, up hold later (input_tap)
 *   F9    keys@:     gap in ms, a length byte and that many bytes: each UTF-8 character
 *                    a key of its own, gap ms apart (input_text)
 *   FA    key@:      key byte % 3 (Enter, Backspace, Escape), then gap in ms (input_key)
 *   FB    tick@:     time goes on by next byte * 10 ms, then input_tick
 * (0xFC-0xFF are plain step 4-7 as before.) A step cut short by the end of the input is
 * dropped, and an input runs at most MAX_STEPS steps.
 *
 * After every step the view must hold what the kiosk promises: a screen and language in
 * range; the search query, the walk-in fields and the reflection valid UTF-8 without
 * control characters and within FLOW_QUERY_MAX_CHARS, FLOW_FIELD_MAX_CHARS (and the
 * store's ROSTER_FIELD_MAX bytes) and the event's reflection limit; every name shown
 * valid text; FLOW_RESULT_ROWS results at a time (scrolled within the matches, or the
 * near misses); the welcome screen empty of the last person's typing; a greeting only
 * with a name; never "could not save" (the store is healthy, so that would mean the flow
 * handed it something it refuses); on the thank-you screen a printable link; a question
 * index and answer within the event; a tick at or after flow_next_deadline changes the
 * view (otherwise the shell would wake up for nothing, again and again); a return to the
 * welcome screen by time restores the meeting's language; and, as no admin PIN is set,
 * the organiser's screens stay closed, the kiosk is never left, and no PIN digit is kept
 * once the PIN pad is. Through the Input: a scan is only ever keys at most
 * INPUT_SCAN_GAP_MS apart ended by Enter as fast; a scan of a known ticket on an attendee
 * screen shows that person's greeting or "already checked in", with no field left typed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/event.h"
#include "core/flow.h"
#include "core/i18n.h"
#include "core/input.h"
#include "core/link.h"
#include "core/pin.h"
#include "core/roster.h"
#include "core/store.h"
#include "core/text.h"
#include "fuzz.h"

#define T0              1800000000000LL /* 2027-01-15, a fixed start time in ms */
#define STEP_MS         40
#define REFLECTION_MAX  30 /* characters: short, so the fuzzer meets the limit */
#define IDLE_WARNING_MS 10000
#define MAX_STEPS       4096 /* per input */

static const struct {
    const char *name, *org, *ticket;
} PEOPLE[] = {
    {"Lotta Söderberg", "Vattenbolaget Öst", "T-1001"},
    {"Örjan Öjmertz", "Tekniska verken i Norrby", "T-1002"},
    {"Anna-Karin Lindén", "Norrby kommun", "T-1003"},
    {"Lars Berg", "Söderbergs Rör AB", "T-1004"},
    {"Åsa Ångström", "Energibolaget Väst", "T-1005"},
    {"Lotta Bäckström", "Norrby kommun", "T-1006"},
    {"Émilie Lindqvist-Nyström", "Fastighets AB \"Hörnet\"", "K-1003"},
    {"Jürgen Ågren", "Sundsvalls kommun", "K-1004"},
    {"Märta Ek", "Region Örebro län", ""},
    {"Björn Kärrlund", "", ""},
    {"Li", "Luleå Energi", "7"},
    {"Ingrid Nääs", "Nääs & Co \"Konsult\"", "A-003"},
    {"Åke Söderström", "Kommunförbundet; region Mitt", "K-1002"},
    /* As long as a roster field may be: 199 bytes, ending in 2-byte letters. */
    {"Maximiliana Österlund-Åkerblad-Söderholm-Ängquist-Ödmark-Lindqvist-Nyström-"
     "Bäckström-Öjmertz-Ångström-Wåhlberg-Häggqvist-Sjöström-Fröberg-Nordström-Ekström-"
     "Ålander-Öhrnärk-Ekåö",
     "Sveriges Kommuner och Regioner", "LONG-1"},
};
#define NPEOPLE (sizeof PEOPLE / sizeof PEOPLE[0])

/* What lives for the whole process. */
static struct {
    char dir[512];
    char path[600];
    unsigned char *pristine; /* the database file as set up */
    size_t pristine_len;
    uint32_t rng; /* state of the random source, reset for every input */
    Store *store;
    char wal[620];  /* the store's -wal file */
    off_t wal_size; /* its size after opening: it grows with every commit */
    bool trace;     /* MINGEL_FUZZ_TRACE set: print the view after every step */
} G;

/* A repeatable random source (a linear congruential generator): ids and tokens. */
static int lcg_random(void *ctx, void *buf, size_t n)
{
    uint32_t *state = ctx;
    unsigned char *p = buf;
    for (size_t i = 0; i < n; i++) {
        p[i] = (unsigned char)((*state = *state * 1664525u + 1013904223u) >> 24);
    }
    return 0;
}

static void remove_db_files(void)
{
    static const char *const SUFFIX[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof SUFFIX / sizeof SUFFIX[0]; i++) {
        char p[700];
        snprintf(p, sizeof p, "%s%s", G.path, SUFFIX[i]);
        unlink(p);
    }
}

static void cleanup(void)
{
    store_close(G.store);
    G.store = NULL;
    remove_db_files();
    rmdir(G.dir);
    free(G.pristine);
}

/* Size of the -wal file, -1 if there is none. */
static off_t wal_size(void)
{
    struct stat st;
    return stat(G.wal, &st) == 0 ? st.st_size : -1;
}

static void open_store(void)
{
    char err[512];
    G.rng = 12345;
    StoreStatus st = store_open(G.path, lcg_random, &G.rng, &G.store, err, sizeof err);
    if (st != STORE_OK) {
        fprintf(stderr, "fuzz_input: %s\n", err);
    }
    FUZZ_CHECK(st == STORE_OK);
    G.wal_size = wal_size();
}

static void setup(void)
{
    const char *base = getenv("MINGEL_TEST_TMP");
    if (!base || !*base) {
        base = getenv("TMPDIR");
    }
    if (!base || !*base) {
        base = "/tmp";
    }
    snprintf(G.dir, sizeof G.dir, "%s/mingel-fuzz-input-XXXXXX", base);
    if (!mkdtemp(G.dir)) {
        fprintf(stderr, "fuzz_input: cannot create a directory in %s: %s\n", base, strerror(errno));
        abort();
    }
    snprintf(G.path, sizeof G.path, "%s/kiosk.db", G.dir);
    snprintf(G.wal, sizeof G.wal, "%s-wal", G.path);
    G.trace = getenv("MINGEL_FUZZ_TRACE") != NULL;
    atexit(cleanup);
    open_store();

    EventInfo ev;
    event_defaults(&ev);
    snprintf(ev.key, sizeof ev.key, "fuzz-2027-01");
    snprintf(ev.title, sizeof ev.title, "Driftchefsnätverket – höstträff");
    snprintf(ev.date, sizeof ev.date, "2027-01-15");
    snprintf(ev.language, sizeof ev.language, "sv");
    ev.phases = EVENT_PHASE_BOTH;
    ev.question_count = 2;
    snprintf(ev.questions[0].text[LANG_SV], EVENT_TEXT_MAX, "Hur nöjd är du med dagen?");
    snprintf(ev.questions[0].text[LANG_EN], EVENT_TEXT_MAX, "How was the day?");
    ev.questions[0].scale = EVENT_SCALE_SMILEYS;
    snprintf(ev.questions[1].text[LANG_SV], EVENT_TEXT_MAX, "Skulle du rekommendera träffen?");
    snprintf(ev.questions[1].text[LANG_EN], EVENT_TEXT_MAX, "Would you recommend the meeting?");
    ev.questions[1].scale = EVENT_SCALE_NPS;
    ev.reflection_max = REFLECTION_MAX;
    snprintf(ev.feedback_url, sizeof ev.feedback_url,
             "https://forms.example.org/f?event={event}&t={token}&lang={lang}");
    char event_id[IDS_UUID_LEN + 1];
    FUZZ_CHECK(store_event_put(G.store, &ev, T0, event_id) == STORE_OK);

    Roster r = {0};
    r.entries = calloc(NPEOPLE, sizeof *r.entries);
    FUZZ_CHECK(r.entries != NULL);
    r.count = NPEOPLE;
    for (size_t i = 0; i < NPEOPLE; i++) {
        RosterEntry *e = &r.entries[i];
        FUZZ_CHECK(strlen(PEOPLE[i].name) < sizeof e->name);
        snprintf(e->name, sizeof e->name, "%s", PEOPLE[i].name);
        snprintf(e->organisation, sizeof e->organisation, "%s", PEOPLE[i].org);
        snprintf(e->ticket, sizeof e->ticket, "%s", PEOPLE[i].ticket);
        if (e->ticket[0]) {
            snprintf(e->key, sizeof e->key, "t:%.64s", e->ticket);
        } else {
            snprintf(e->key, sizeof e->key, "n:%zu", i);
        }
        e->line = (int)i + 2;
    }
    StoreImportResult res;
    FUZZ_CHECK(store_import_roster(G.store, event_id, &r, T0, &res) == STORE_OK);
    FUZZ_CHECK(res.added == NPEOPLE);
    free(r.entries);

    /* Closing checkpoints the -wal into the file: the file alone is the whole state. */
    store_close(G.store);
    G.store = NULL;
    FILE *f = fopen(G.path, "rb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fseek(f, 0, SEEK_END) == 0);
    long len = ftell(f);
    FUZZ_CHECK(len > 0 && fseek(f, 0, SEEK_SET) == 0);
    G.pristine = malloc((size_t)len);
    FUZZ_CHECK(G.pristine != NULL);
    FUZZ_CHECK(fread(G.pristine, 1, (size_t)len, f) == (size_t)len);
    fclose(f);
    G.pristine_len = (size_t)len;
    open_store();
}

/* Puts the database back as set up, after an input that may have written to it. */
static void reset_store(void)
{
    store_close(G.store);
    G.store = NULL;
    remove_db_files();
    int fd = open(G.path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(write(fd, G.pristine, G.pristine_len) == (ssize_t)G.pristine_len);
    FUZZ_CHECK(close(fd) == 0);
    open_store();
}

/* ---- Invariants ----------------------------------------------------------------------- */

static bool printable_ascii(const char *s)
{
    for (; *s; s++) {
        if (*s <= ' ' || *s >= 0x7F) {
            return false;
        }
    }
    return true;
}

#define TEXT_OK(s) fuzz_text_ok((s), FLOW_TEXT_CAP * 3)

static void check_view(const FlowView *v)
{
    FUZZ_CHECK((unsigned)v->screen < FLOW_SCREEN_COUNT);
    FUZZ_CHECK((unsigned)v->lang < LANG_COUNT);
    FUZZ_CHECK(v->event != NULL);
    const EventInfo *ev = v->event;

    FUZZ_CHECK(fuzz_text_ok(v->query, FLOW_TEXT_CAP));
    FUZZ_CHECK(text_length(v->query) <= FLOW_QUERY_MAX_CHARS);
    for (int i = 0; i < 2; i++) {
        FUZZ_CHECK(fuzz_text_ok(v->walkin_fields[i], FLOW_TEXT_CAP));
        FUZZ_CHECK(text_length(v->walkin_fields[i]) <= FLOW_FIELD_MAX_CHARS);
        FUZZ_CHECK(strlen(v->walkin_fields[i]) < ROSTER_FIELD_MAX); /* what the store takes */
    }
    FUZZ_CHECK(v->walkin_focus == 0 || v->walkin_focus == 1);
    FUZZ_CHECK(TEXT_OK(v->reflection));
    FUZZ_CHECK(v->reflection_max == REFLECTION_MAX);
    FUZZ_CHECK(v->reflection_chars >= 0 && v->reflection_chars <= v->reflection_max);
    FUZZ_CHECK((size_t)v->reflection_chars == text_length(v->reflection));
    FUZZ_CHECK(TEXT_OK(v->reflection_prompt) && v->reflection_prompt[0] != '\0');

    /* The default FLOW_RESULT_ROWS shown, from result_first on, within the scrollable list. */
    size_t listed = v->match_count < FLOW_SCROLL_MAX ? v->match_count : FLOW_SCROLL_MAX;
    FUZZ_CHECK(v->result_first + v->result_count <= listed || listed == 0);
    FUZZ_CHECK(v->result_count == (listed - v->result_first < FLOW_RESULT_ROWS
                                       ? listed - v->result_first
                                       : FLOW_RESULT_ROWS));
    FUZZ_CHECK(v->more_above == (v->result_first > 0));
    FUZZ_CHECK(v->more_below == (v->result_first + v->result_count < listed));
    FUZZ_CHECK(!v->near_misses || v->match_count > 0);
    FUZZ_CHECK(v->query[0] != '\0' || v->match_count == 0);
    for (size_t i = 0; i < v->result_count; i++) {
        FUZZ_CHECK(TEXT_OK(v->results[i].name) && v->results[i].name[0] != '\0');
        FUZZ_CHECK(TEXT_OK(v->results[i].organisation));
    }
    FUZZ_CHECK(TEXT_OK(v->chosen_name) && TEXT_OK(v->chosen_organisation));
    FUZZ_CHECK(fuzz_text_ok(v->first_name, FLOW_TEXT_CAP));
    FUZZ_CHECK(v->checkin_time[0] == '\0' || strlen(v->checkin_time) == 5);
    FUZZ_CHECK((unsigned)v->notice < I18N_COUNT);
    FUZZ_CHECK(!v->idle_warning ||
               (v->idle_seconds_left >= 1 && v->idle_seconds_left <= IDLE_WARNING_MS / 1000));
    FUZZ_CHECK(v->phases == ev->phases &&
               v->offers_checkin == ((v->phases & EVENT_PHASE_CHECKIN) != 0));
    FUZZ_CHECK(v->offers_feedback == ((v->phases & EVENT_PHASE_FEEDBACK) != 0));

    /* No PIN is set: the organiser's screens stay closed, and nobody leaves the kiosk. */
    FUZZ_CHECK(v->screen != FLOW_ADMIN && v->screen != FLOW_ADMIN_UNDO &&
               v->screen != FLOW_ADMIN_ASK && !v->quit);
    FUZZ_CHECK(v->pin_digits >= 0 && v->pin_digits <= PIN_MAX_DIGITS);
    FUZZ_CHECK(v->screen == FLOW_ADMIN_PIN ? v->pin_missing : v->pin_digits == 0);

    FUZZ_CHECK(v->question_count == ev->question_count);
    FUZZ_CHECK(v->question >= 0 && v->question < v->question_count);
    FUZZ_CHECK(TEXT_OK(v->question_text) && v->question_text[0] != '\0');
    if (v->screen == FLOW_QUESTION && v->answer != -1) {
        FUZZ_CHECK(v->scale == EVENT_SCALE_NPS ? v->answer >= 0 && v->answer <= 10
                                               : v->answer >= 1 && v->answer <= 5);
    }
    FUZZ_CHECK(strlen(v->feedback_link) < LINK_URL_MAX && printable_ascii(v->feedback_link));
    FUZZ_CHECK((v->screen == FLOW_THANKS) == (v->feedback_link[0] != '\0'));

    switch (v->screen) {
    case FLOW_WELCOME:
        /* Nobody sees the last person's typing. */
        FUZZ_CHECK(v->query[0] == '\0' && v->walkin_fields[0][0] == '\0' &&
                   v->walkin_fields[1][0] == '\0' && v->reflection[0] == '\0' &&
                   v->first_name[0] == '\0' && !v->idle_warning);
        break;
    case FLOW_GREETING: FUZZ_CHECK(v->first_name[0] != '\0'); break;
    case FLOW_ALREADY:
    case FLOW_CONFIRM: FUZZ_CHECK(v->chosen_name[0] != '\0'); break;
    case FLOW_NOTICE:
        FUZZ_CHECK(v->notice != I18N_SAVE_FAILED && v->notice != I18N_DISK_FULL);
        break;
    default: break;
    }
}

/* For a person reading a finding: one line per step (MINGEL_FUZZ_TRACE=1). */
static void trace_view(const FlowView *v, int64_t now)
{
    static const char *const SCREEN[FLOW_SCREEN_COUNT] = {
        [FLOW_WELCOME] = "welcome",       [FLOW_SEARCH] = "search",
        [FLOW_CONFIRM] = "confirm",       [FLOW_GREETING] = "greeting",
        [FLOW_ALREADY] = "already",       [FLOW_WALKIN] = "walkin",
        [FLOW_NOTICE] = "notice",         [FLOW_QUESTION] = "question",
        [FLOW_REFLECTION] = "reflection", [FLOW_THANKS] = "thanks",
        [FLOW_ADMIN_PIN] = "admin_pin",   [FLOW_ADMIN] = "admin",
        [FLOW_ADMIN_UNDO] = "admin_undo", [FLOW_ADMIN_CLOCK] = "admin_clock",
        [FLOW_ADMIN_ASK] = "admin_ask",
    };
    fprintf(stderr,
            "+%6.2fs %-10s query='%s' matches=%zu chosen='%s' walkin='%s'|'%s' q=%d "
            "reflection='%s' link='%s' pin=%d%s\n",
            (double)(now - T0) / 1000, SCREEN[v->screen], v->query, v->match_count, v->chosen_name,
            v->walkin_fields[0], v->walkin_fields[1], v->question, v->reflection, v->feedback_link,
            v->pin_digits, v->idle_warning ? " (idle warning)" : "");
}

/* ---- The script ------------------------------------------------------------------------- */

typedef struct Script {
    const uint8_t *p;
    size_t n;
} Script;

static bool take(Script *s, uint8_t *b)
{
    if (s->n == 0) {
        return false;
    }
    *b = *s->p++;
    s->n--;
    return true;
}

typedef struct Run {
    Flow *flow;
    Input *input;     /* the timed steps go through it */
    int64_t last_key; /* time of the last timed keystroke, ms */
    int64_t now;
    bool repeating; /* inside a repeat, which does not nest */
    int budget;     /* steps left for this input, so none runs for long */
} Run;

/* The ticket's owner, or NULL. */
static const char *ticket_owner(const char *code)
{
    for (size_t i = 0; i < NPEOPLE; i++) {
        if (PEOPLE[i].ticket[0] && strcmp(PEOPLE[i].ticket, code) == 0) {
            return PEOPLE[i].name;
        }
    }
    return NULL;
}

/* A key at time at through the Input, with what a scan must do. */
static void timed_key(Run *r, FlowKey key, int64_t at)
{
    FlowScreen before = flow_view(r->flow)->screen;
    int64_t gap = at - r->last_key;
    InputDid did = input_key(r->input, key, at);
    r->last_key = at;
    if (did != INPUT_SCANNED) {
        return;
    }
    /* Only Enter right after fast keys is a scan. */
    FUZZ_CHECK(key == FLOW_KEY_ENTER && gap <= INPUT_SCAN_GAP_MS);
    const FlowView *v = flow_view(r->flow);
    const char *owner = ticket_owner(input_last_scan(r->input));
    if (owner && before < FLOW_ADMIN_PIN) {
        FUZZ_CHECK(v->screen == FLOW_GREETING || v->screen == FLOW_ALREADY);
        FUZZ_CHECK(strcmp(v->chosen_name, owner) == 0);
    }
    if (before < FLOW_ADMIN_PIN) { /* nothing half typed survives a scan */
        FUZZ_CHECK(v->query[0] == '\0' && v->walkin_fields[0][0] == '\0' &&
                   v->walkin_fields[1][0] == '\0' && v->reflection[0] == '\0');
    }
}

/* The steps 0xF8-0xFB (see the top of the file). */
static bool timed_step(Run *r, Script *s, uint8_t op)
{
    uint8_t a, b, gap, hold;
    switch (op) {
    case 0xF8: {
        if (!take(s, &a) || !take(s, &b) || !take(s, &gap) || !take(s, &hold)) {
            return false;
        }
        int64_t down = r->now + (int64_t)gap * 5;
        r->now = down + (int64_t)hold * 5;
        input_tap(r->input, (FlowAction)(a % FLOW_ACT_COUNT), b, down, r->now);
        return true;
    }
    case 0xF9: {
        if (!take(s, &gap) || !take(s, &a) || s->n < a) {
            return false;
        }
        const uint8_t *p = s->p;
        s->p += a;
        s->n -= a;
        for (size_t i = 0; i < a;) {
            /* One character: a lead byte and its continuation bytes, valid or not. */
            size_t n = 1;
            while (i + n < a && n < 4 && (p[i + n] & 0xC0) == 0x80) {
                n++;
            }
            char one[5];
            memcpy(one, p + i, n);
            one[n] = '\0';
            r->now += gap;
            if (one[0]) {
                input_text(r->input, one, r->now);
                r->last_key = r->now;
            }
            i += n;
        }
        return true;
    }
    case 0xFA:
        if (!take(s, &a) || !take(s, &gap)) {
            return false;
        }
        r->now += gap;
        timed_key(r, (FlowKey)(a % 3), r->now);
        return true;
    default:
        if (!take(s, &a)) {
            return false;
        }
        r->now += (int64_t)a * 10;
        input_tick(r->input, r->now);
        return true;
    }
}

/* Runs the step starting at s; false when the input or the step budget ran out. */
static bool step(Run *r, Script *s)
{
    uint8_t op, a, b;
    if (r->budget <= 0 || !take(s, &op)) {
        return false;
    }
    r->budget--;
    if (op >= 0xF8 && op <= 0xFB) {
        return timed_step(r, s, op);
    }
    switch (op % 8) {
    case 0:
    case 1: {
        if (!take(s, &a) || !take(s, &b)) {
            return false;
        }
        FlowAction act = (FlowAction)(a % FLOW_ACT_COUNT);
        r->now += STEP_MS;
        flow_act(r->flow, act, b, r->now);
        return true;
    }
    case 2: {
        uint8_t w[4];
        if (!take(s, &a) || !take(s, &w[0]) || !take(s, &w[1]) || !take(s, &w[2]) ||
            !take(s, &w[3])) {
            return false;
        }
        FlowAction act = (FlowAction)(a % FLOW_ACT_COUNT);
        uint32_t u =
            (uint32_t)w[0] | (uint32_t)w[1] << 8 | (uint32_t)w[2] << 16 | (uint32_t)w[3] << 24;
        int arg;
        memcpy(&arg, &u, sizeof arg);
        r->now += STEP_MS;
        flow_act(r->flow, act, arg, r->now);
        return true;
    }
    case 3: {
        if (!take(s, &a) || s->n < a) {
            return false;
        }
        char *text = fuzz_strndup(s->p, a);
        s->p += a;
        s->n -= a;
        r->now += STEP_MS;
        flow_text(r->flow, text, r->now);
        free(text);
        return true;
    }
    case 4: {
        if (!take(s, &a)) {
            return false;
        }
        FlowKey key = (FlowKey)(a % 3);
        r->now += STEP_MS;
        flow_key(r->flow, key, r->now);
        return true;
    }
    case 5: {
        if (!take(s, &a)) {
            return false;
        }
        int64_t due = flow_next_deadline(r->flow);
        FlowScreen before = flow_view(r->flow)->screen;
        r->now += (int64_t)a * 250;
        bool changed = flow_tick(r->flow, r->now);
        if (due != -1 && r->now >= due) {
            FUZZ_CHECK(changed);
        }
        /* Back to welcome by itself: in the meeting's language again (sv here). */
        if (before != FLOW_WELCOME && flow_view(r->flow)->screen == FLOW_WELCOME) {
            FUZZ_CHECK(flow_view(r->flow)->lang == LANG_SV);
        }
        /* Whatever was due is done: the next deadline lies ahead. */
        int64_t next = flow_next_deadline(r->flow);
        FUZZ_CHECK(next == -1 || next > r->now);
        return true;
    }
    case 6:
        if (!take(s, &a)) {
            return false;
        }
        r->now += (int64_t)a * 1000;
        return true;
    default: {
        if (!take(s, &a)) {
            return false;
        }
        if (r->repeating) {
            return true; /* no repeats of repeats */
        }
        /* Repeats the next step: the same bytes run again from the same place. */
        r->repeating = true;
        for (int i = 0; i < a % 64; i++) {
            Script copy = *s;
            if (!step(r, &copy)) {
                return false;
            }
            check_view(flow_view(r->flow));
        }
        bool more = step(r, s);
        r->repeating = false;
        return more;
    }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!G.pristine) {
        setup();
    }
    G.rng = 12345;
    FlowConfig cfg = flow_default_config();
    cfg.idle_warning_ms = IDLE_WARNING_MS;
    cfg.rnd = lcg_random;
    cfg.rnd_ctx = &G.rng;
    cfg.export_dir = G.dir; /* never a real USB stick, should an export ever be reached */
    char err[512];
    Run r = {.now = T0, .repeating = false, .budget = MAX_STEPS};
    r.flow = flow_new(G.store, &cfg, r.now, err, sizeof err);
    if (!r.flow) {
        fprintf(stderr, "fuzz_input: %s\n", err);
    }
    FUZZ_CHECK(r.flow != NULL);
    r.input = input_new(r.flow);
    FUZZ_CHECK(r.input != NULL);
    check_view(flow_view(r.flow));

    Script s = {data, size};
    while (step(&r, &s)) {
        check_view(flow_view(r.flow));
        if (G.trace) {
            trace_view(flow_view(r.flow), r.now);
        }
    }
    input_free(r.input);
    flow_free(r.flow);
    /* Every commit appends to the -wal (a checkpoint comes only after 1000 pages, and
     * then the file stays that large), so a changed size means something was written. */
    if (wal_size() != G.wal_size) {
        reset_store();
    }
    return 0;
}
