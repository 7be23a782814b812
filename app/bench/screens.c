/* screens: the kiosk's own shell in this process, driven like a person drives it.
 *
 * frame.full.*  one whole frame (layout + draw + present) of each screen, the window
 *               told it was exposed so that every pixel is drawn again; the time is the
 *               shell's own (ShellStats.last_frame_ms). Steady state: measured after a
 *               few frames have filled the text and icon caches.
 * frame.key.*   the frame after one key press, timed around shell_step (event handling,
 *               the flow, the search, layout, drawing of what changed, present). On the
 *               screens with a keyboard it is the finger lifting off a letter key (which
 *               types the letter: on the search screen a search over 10,000 attendees);
 *               elsewhere it is a finger landing on the screen's main button (drawn
 *               pressed).
 *
 * bench_session_child is the process behind memory.session.*: the same kiosk taken through
 * a scripted session (check-ins, a walk-in, feedback) with real finger events, after
 * which it reports its peak resident memory.
 *
 * Input is pushed as SDL events at the centres of the targets the ui reports, exactly as
 * tests/test_sdl_checkin.c does; that is why this file, alone in app/bench, includes SDL.
 */
#include "bench/bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "core/text.h"
#include "sdl/shell.h"
#include "ui/ui.h"

const char *bench_sdl_version(void)
{
    static char v[32];
    SDL_version linked;
    SDL_GetVersion(&linked);
    snprintf(v, sizeof v, "%d.%d.%d", linked.major, linked.minor, linked.patch);
    return v;
}

/* ---- A kiosk in this process --------------------------------------------------------- */

typedef struct Kiosk {
    Store *store;
    Flow *flow;
    Shell *sh;
    int w, h; /* output pixels */
} Kiosk;

static void kiosk_close(Kiosk *k)
{
    shell_close(k->sh);
    flow_free(k->flow);
    store_close(k->store);
    memset(k, 0, sizeof *k);
}

/* The clock the shell judges events by (ShellOptions.test_clock): the session steps it, a
 * person's tap a second after the one before, so no tap falls in the settle time after a
 * screen change (core/input.h) and every run takes the same path. The flow's time is
 * SESSION_EPOCH_MS + vclock. */
static int64_t vclock = 1000000;
#define SESSION_EPOCH_MS 1795000000000LL

static int64_t session_clock(void *ctx)
{
    (void)ctx;
    return vclock;
}

/* Opens the database and the kiosk on it, w x h, windowed, with the software renderer or
 * the accelerated one. patient: timeouts far beyond the measurement, so no screen changes
 * by itself. */
static int kiosk_open(Kiosk *k, const char *db, int w, int h, const char *data_dir, bool software,
                      bool patient)
{
    char err[512];
    memset(k, 0, sizeof *k);
    if (store_open(db, ids_os_random, NULL, &k->store, err, sizeof err) != STORE_OK) {
        bench_log("%s", err);
        return -1;
    }
    FlowConfig cfg = flow_default_config();
    if (patient) {
        cfg.idle_ms = 3600000;
        cfg.idle_text_ms = 3600000;
        cfg.greeting_ms = 3600000;
    }
    k->flow = flow_new(k->store, &cfg, SESSION_EPOCH_MS + vclock, err, sizeof err);
    if (!k->flow) {
        bench_log("flow_new: %s", err);
        kiosk_close(k);
        return -1;
    }
    ShellOptions opt = {.windowed = true,
                        .width = w,
                        .height = h,
                        .software = software,
                        .data_dir = data_dir,
                        .test_clock = session_clock,
                        .test_epoch_ms = SESSION_EPOCH_MS};
    k->sh = shell_open(&opt, k->flow, err, sizeof err);
    if (!k->sh) {
        bench_log("shell_open: %s", err);
        kiosk_close(k);
        return -1;
    }
    shell_size(k->sh, &k->w, &k->h);
    return 0;
}

static FlowScreen screen(const Kiosk *k)
{
    return flow_view(k->flow)->screen;
}

static void push(SDL_Event *e)
{
    e->common.timestamp = (Uint32)vclock; /* SDL_PushEvent would stamp SDL's own */
    if (SDL_PeepEvents(e, 1, SDL_ADDEVENT, 0, 0) != 1) {
        bench_log("SDL_PeepEvents: %s", SDL_GetError());
        exit(70);
    }
}

static void push_finger(const Kiosk *k, Uint32 type, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 7;
    e.tfinger.x = ((float)x + 0.5f) / (float)k->w; /* normalised, as a touch screen says */
    e.tfinger.y = ((float)y + 0.5f) / (float)k->h;
    e.tfinger.pressure = 1.0f;
    push(&e);
}

/* Tells the shell its window was uncovered: the next frame redraws every pixel. */
static void push_expose(void)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_EXPOSED;
    push(&e);
}

static void step(Kiosk *k)
{
    if (!shell_step(k->sh, 0)) {
        bench_log("the kiosk quit unexpectedly");
        exit(70);
    }
}

/* shell_step timed, in milliseconds. */
static double timed_step(Kiosk *k)
{
    int64_t t0 = bench_ns();
    step(k);
    return bench_ms(t0, bench_ns());
}

static bool centre_of(const Kiosk *k, FlowAction a, int arg, int *x, int *y)
{
    UiTarget t;
    if (!ui_find(shell_ui(k->sh), a, arg, &t)) {
        return false;
    }
    *x = t.rect.x + t.rect.w / 2;
    *y = t.rect.y + t.rect.h / 2;
    return true;
}

/* A point on no target, for a finger that slides off and lifts without acting. */
static void nowhere(const Kiosk *k, int *x, int *y)
{
    const int cand[][2] = {{0, 0},        {k->w - 1, 0}, {0, k->h - 1}, {k->w - 1, k->h - 1},
                           {k->w / 2, 0}, {0, k->h / 2}};
    UiTarget t;
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
        if (!ui_hit(shell_ui(k->sh), cand[i][0], cand[i][1], &t)) {
            *x = cand[i][0];
            *y = cand[i][1];
            return;
        }
    }
    *x = *y = 0;
}

static void fail_target(const Kiosk *k, FlowAction a, int arg)
{
    bench_log("no target '%s %d' on screen %d", flow_action_name(a), arg, (int)screen(k));
    exit(70);
}

/* A tap on a target, as a finger does it: down (drawn pressed), up (acts). */
static void tap(Kiosk *k, FlowAction a, int arg)
{
    int x, y;
    vclock += 400; /* what was due (the next question) comes on screen */
    step(k);
    vclock += 600;
    if (!centre_of(k, a, arg, &x, &y)) {
        fail_target(k, a, arg);
    }
    push_finger(k, SDL_FINGERDOWN, x, y);
    step(k);
    vclock += 80;
    push_finger(k, SDL_FINGERUP, x, y);
    step(k);
    vclock += FLOW_RATE_SHOW_MS; /* a tapped answer shows chosen, then the next comes */
    step(k);
}

/* Types text on the on-screen keyboard, one tap per character. */
static void type_text(Kiosk *k, const char *utf8)
{
    size_t left = strlen(utf8);
    while (left > 0) {
        uint32_t cp;
        size_t n = text_decode(utf8, left, &cp);
        if (n == 0) {
            break;
        }
        if (cp == ' ') {
            tap(k, FLOW_ACT_SPACE, 0);
        } else {
            tap(k, FLOW_ACT_CHAR, (int)cp);
        }
        utf8 += n;
        left -= n;
    }
}

/* Moves the flow directly (no touch): for getting to a screen, not for measuring. */
static void act(Kiosk *k, FlowAction a, int arg)
{
    vclock += 1000;
    flow_act(k->flow, a, arg, SESSION_EPOCH_MS + vclock);
    shell_invalidate(k->sh);
    step(k);
    vclock += FLOW_RATE_SHOW_MS; /* a tapped answer shows chosen, then the next comes */
    step(k);
}

static void expect(const Kiosk *k, FlowScreen want, const char *what)
{
    if (screen(k) != want) {
        bench_log("expected the %s screen (%d), the kiosk shows screen %d", what, (int)want,
                  (int)screen(k));
        exit(70);
    }
}

/* ---- Frames ---------------------------------------------------------------------------- */

typedef struct ScreenCase {
    const char *label;
    FlowScreen screen;
    FlowAction key; /* the key pressed for frame.key */
    int key_arg;
    bool typing; /* a letter: measured as it is typed (finger up), then erased again */
    const char *key_note;
} ScreenCase;

static const ScreenCase CASES[] = {
    {"welcome", FLOW_WELCOME, FLOW_ACT_START, 0, false, "finger down on \"Checka in\""},
    {"search", FLOW_SEARCH, FLOW_ACT_CHAR, 'd', true,
     "letter typed (\"an\" -> \"and\"): search of 10,000 + new results"},
    {"confirm", FLOW_CONFIRM, FLOW_ACT_CONFIRM, 0, false, "finger down on \"Ja, checka in mig\""},
    {"greeting", FLOW_GREETING, FLOW_ACT_DONE, 0, false, "finger down on the close button"},
    {"walkin", FLOW_WALKIN, FLOW_ACT_CHAR, 'e', true, "letter typed into the name"},
    {"question_smileys", FLOW_QUESTION, FLOW_ACT_RATE, 3, false, "finger down on a smiley"},
    {"question_0to10", FLOW_QUESTION, FLOW_ACT_RATE, 7, false, "finger down on \"7\""},
    {"reflection", FLOW_REFLECTION, FLOW_ACT_CHAR, 'e', true, "letter typed into the line"},
    {"thanks_qr", FLOW_THANKS, FLOW_ACT_DONE, 0, false, "finger down on the close button"},
};
enum { CASE_COUNT = sizeof CASES / sizeof CASES[0] };

/* Takes the kiosk from the previous case's screen to case i's (the flow directly). */
static void go_to_case(Kiosk *k, int i)
{
    switch (i) {
    case 0: break;
    case 1:
        act(k, FLOW_ACT_START, 0);
        act(k, FLOW_ACT_CHAR, 'a');
        act(k, FLOW_ACT_CHAR, 'n');
        if (!flow_view(k->flow)->more_below) { /* a full list that scrolls */
            bench_log("the search for \"an\" found too few people");
            exit(70);
        }
        break;
    case 2: act(k, FLOW_ACT_PICK, 0); break;
    case 3: act(k, FLOW_ACT_CONFIRM, 0); break;
    case 4:
        act(k, FLOW_ACT_DONE, 0);
        act(k, FLOW_ACT_START, 0);
        act(k, FLOW_ACT_CHAR, 'j');
        act(k, FLOW_ACT_CHAR, 'a');
        act(k, FLOW_ACT_CHAR, 'n');
        act(k, FLOW_ACT_WALKIN, 0);
        break;
    case 5:
        act(k, FLOW_ACT_BACK, 0);
        act(k, FLOW_ACT_BACK, 0);
        act(k, FLOW_ACT_FEEDBACK, 0);
        break;
    case 6:
        act(k, FLOW_ACT_RATE, 4);
        act(k, FLOW_ACT_RATE, 5);
        if (flow_view(k->flow)->scale != EVENT_SCALE_NPS) {
            bench_log("the demo meeting's third question is not 0-10");
            exit(70);
        }
        break;
    case 7:
        act(k, FLOW_ACT_RATE, 8);
        act(k, FLOW_ACT_CHAR, 'b');
        act(k, FLOW_ACT_CHAR, 'r');
        act(k, FLOW_ACT_CHAR, 'a');
        break;
    case 8:
        act(k, FLOW_ACT_SEND, 0);
        if (!flow_view(k->flow)->feedback_link[0]) {
            bench_log("the thank-you screen has no link (no QR code)");
            exit(70);
        }
        break;
    default: break;
    }
    expect(k, CASES[i].screen, CASES[i].label);
}

/* One full frame; returns the shell's own time for it. */
static double full_frame(Kiosk *k)
{
    ShellStats before, after;
    shell_stats(k->sh, &before);
    push_expose();
    step(k);
    shell_stats(k->sh, &after);
    if (after.frames != before.frames + 1) {
        bench_log("an expose drew %llu frames, not one",
                  (unsigned long long)(after.frames - before.frames));
        exit(70);
    }
    return after.last_frame_ms;
}

/* One key press; returns the time of the frame it is measured by. */
static double key_frame(Kiosk *k, const ScreenCase *c)
{
    int x, y, ox, oy;
    vclock += 1000; /* a person's pace: past the settle time of any change */
    if (!centre_of(k, c->key, c->key_arg, &x, &y)) {
        fail_target(k, c->key, c->key_arg);
    }
    double ms;
    if (c->typing) {
        push_finger(k, SDL_FINGERDOWN, x, y);
        step(k);
        push_finger(k, SDL_FINGERUP, x, y);
        ms = timed_step(k);
        tap(k, FLOW_ACT_BACKSPACE, 0); /* as it was, for the next round */
    } else {
        push_finger(k, SDL_FINGERDOWN, x, y);
        ms = timed_step(k);
        nowhere(k, &ox, &oy); /* slide off and lift: nothing happens */
        push_finger(k, SDL_FINGERMOTION, ox, oy);
        push_finger(k, SDL_FINGERUP, ox, oy);
        step(k);
    }
    expect(k, c->screen, c->label);
    return ms;
}

static void frames_at(Bench *b, const char *label, const char *size)
{
    char db[BENCH_PATH_MAX];
    bool any = false;
    for (int i = 0; i < CASE_COUNT; i++) {
        char full[BENCH_NAME_MAX], key[BENCH_NAME_MAX];
        snprintf(full, sizeof full, "frame.full.%s.%s.%s", label, CASES[i].label, size);
        snprintf(key, sizeof key, "frame.key.%s.%s.%s", label, CASES[i].label, size);
        any |= bench_wants(b, full) || bench_wants(b, key);
    }
    if (!any) {
        return;
    }
    const char *db10k = bench_db10k(b);
    if (!db10k) {
        exit(70);
    }
    /* A fresh copy per size: each run checks the same person in. */
    bench_tmp_path(b, "frames.db", db);
    if (bench_copy_file(db10k, db) != 0) {
        exit(70);
    }

    int w = 0, h = 0;
    sscanf(size, "%dx%d", &w, &h);
    Kiosk k;
    if (kiosk_open(&k, db, w, h, b->data_dir, !b->accelerated, true) != 0) {
        exit(70);
    }
    /* A console (kmsdrm) or a HiDPI screen may not give the size asked for: say so. */
    char actual[48] = "";
    if (k.w != w || k.h != h) {
        snprintf(actual, sizeof actual, "; drawn at %dx%d", k.w, k.h);
    }
    ShellStats st;
    shell_stats(k.sh, &st);
    const int reps = b->quick ? 5 : 30, warm = b->quick ? 2 : 5;
    double full[64], key[64];
    for (int i = 0; i < CASE_COUNT; i++) {
        const ScreenCase *c = &CASES[i];
        go_to_case(&k, i);
        char name[BENCH_NAME_MAX];
        snprintf(name, sizeof name, "frame.full.%s.%s.%s", label, c->label, size);
        if (bench_wants(b, name)) {
            for (int r = 0; r < warm; r++) {
                full_frame(&k);
            }
            for (int r = 0; r < reps; r++) {
                full[r] = full_frame(&k);
            }
            bench_add(b, name, "ms", full, (size_t)reps, false, "whole screen redrawn (%s)%s",
                      st.renderer, actual);
        }
        snprintf(name, sizeof name, "frame.key.%s.%s.%s", label, c->label, size);
        if (bench_wants(b, name)) {
            for (int r = 0; r < warm; r++) {
                key_frame(&k, c);
            }
            for (int r = 0; r < reps; r++) {
                key[r] = key_frame(&k, c);
            }
            bench_add(b, name, "ms", key, (size_t)reps, false, "%s%s", c->key_note, actual);
        }
    }
    kiosk_close(&k);
    bench_remove_db(db);
}

void bench_frames(Bench *b)
{
    static const char *const SIZES[] = {"800x480", "1280x800", "1920x1080"};
    if (!bench_wants(b, "frame")) {
        return;
    }
    bench_log("frame: every screen, full and after a key press");
    for (size_t i = 0; i < b->videos; i++) {
        const BenchVideo *v = b->video[i];
        const char *display, *why;
        char label[32];
        bench_label(b, v, label);
        bool ready = bench_video_ready(b, v, &display, &why) == 0;
        /* This process becomes the kiosk: SDL reads its driver (and X its display) from the
         * environment when the shell opens. */
        setenv("SDL_VIDEODRIVER", v->driver, 1);
        if (display) {
            setenv("DISPLAY", display, 1);
        }
        for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
            if (ready) {
                frames_at(b, label, SIZES[s]);
                continue;
            }
            for (int c = 0; c < CASE_COUNT; c++) {
                static const char *const KINDS[] = {"full", "key"};
                for (size_t k = 0; k < 2; k++) {
                    char name[BENCH_NAME_MAX];
                    snprintf(name, sizeof name, "frame.%s.%s.%s.%s", KINDS[k], label,
                             CASES[c].label, SIZES[s]);
                    if (bench_wants(b, name)) {
                        bench_add_na(b, name, "ms", "%s", why);
                    }
                }
            }
        }
    }
    if (b->session_display[0]) {
        setenv("DISPLAY", b->session_display, 1);
    } else {
        unsetenv("DISPLAY");
    }
    unsetenv("SDL_VIDEODRIVER");
}

/* ---- The scripted session behind memory.session.* -------------------------------------- */

static void check_in_by_search(Kiosk *k, const char *query, int pick)
{
    tap(k, FLOW_ACT_START, 0);
    expect(k, FLOW_SEARCH, "search");
    type_text(k, query);
    int x, y;
    if (flow_view(k->flow)->result_count == 0) {
        bench_log("session: nobody found for \"%s\"", query);
        exit(70);
    }
    if (!centre_of(k, FLOW_ACT_PICK, pick, &x, &y)) {
        pick = 0; /* a small screen shows fewer results */
    }
    tap(k, FLOW_ACT_PICK, pick);
    expect(k, FLOW_CONFIRM, "confirm");
    tap(k, FLOW_ACT_CONFIRM, 0);
    expect(k, FLOW_GREETING, "greeting");
    tap(k, FLOW_ACT_DONE, 0);
    expect(k, FLOW_WELCOME, "welcome");
}

int bench_session_child(const char *db, const char *size, const char *data_dir,
                        const char *renderer)
{
    int w = 0, h = 0;
    if (sscanf(size, "%dx%d", &w, &h) != 2) {
        return 64;
    }
    Kiosk k;
    if (kiosk_open(&k, db, w, h, data_dir, strcmp(renderer, "accelerated") != 0, false) != 0) {
        return 70;
    }
    /* The visitor switches to English and back. */
    tap(&k, FLOW_ACT_LANGUAGE, 0);
    tap(&k, FLOW_ACT_LANGUAGE, 0);

    /* Check-ins, found by name, organisation, with and without diacritics. */
    static const struct {
        const char *query;
        int pick;
    } PEOPLE[] = {
        {"andersson", 0}, {"lind", 1},   {"åsa", 2}, {"ek", 3},
        {"söder", 0},     {"anna k", 4}, {"ma", 7},  {"göran", 1},
    };
    for (size_t i = 0; i < sizeof PEOPLE / sizeof PEOPLE[0]; i++) {
        check_in_by_search(&k, PEOPLE[i].query, PEOPLE[i].pick);
    }

    /* A walk-in: not on the list. */
    tap(&k, FLOW_ACT_START, 0);
    type_text(&k, "nyman");
    tap(&k, FLOW_ACT_WALKIN, 0);
    expect(&k, FLOW_WALKIN, "walk-in");
    type_text(&k, " kalle");
    tap(&k, FLOW_ACT_FIELD, 1);
    type_text(&k, "mingel ab");
    tap(&k, FLOW_ACT_SUBMIT, 0);
    expect(&k, FLOW_GREETING, "greeting");
    tap(&k, FLOW_ACT_DONE, 0);

    /* Feedback: three questions, a line, the thank-you screen with its QR code. */
    tap(&k, FLOW_ACT_FEEDBACK, 0);
    expect(&k, FLOW_QUESTION, "question");
    tap(&k, FLOW_ACT_RATE, 4);
    tap(&k, FLOW_ACT_RATE, 5);
    tap(&k, FLOW_ACT_RATE, 9);
    expect(&k, FLOW_REFLECTION, "reflection");
    type_text(&k, "bra samtal om rekrytering");
    tap(&k, FLOW_ACT_SEND, 0);
    expect(&k, FLOW_THANKS, "thanks");
    tap(&k, FLOW_ACT_DONE, 0);
    expect(&k, FLOW_WELCOME, "welcome");

    /* For finding where the memory goes: a copy of the mappings and their sizes. */
    const char *smaps = getenv("MINGEL_BENCH_SMAPS");
    if (smaps && smaps[0]) {
        bench_copy_file("/proc/self/smaps", smaps);
    }
    ShellStats st;
    shell_stats(k.sh, &st);
    long hwm = bench_status_kb(0, "VmHWM"), rss = bench_status_kb(0, "VmRSS");
    printf("vmhwm-kb %ld vmrss-kb %ld frames %llu texts %zu text-kb %zu\n", hwm, rss,
           (unsigned long long)st.frames, st.texts_cached, st.text_bytes / 1024);
    fflush(stdout);
    kiosk_close(&k);
    return 0;
}
