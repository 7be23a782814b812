/* test_sdl_board: `mingel board` and the greeting's board panel, rendered for real.
 *
 * The board (core/board, ui/ui_board, sdl/boardshell) is drawn with the real fonts at
 * 1920x1080 and 3840x2160, for a small room and a full one, in Swedish and English, and
 * saved as board-<room>-<lang>-<WxH>.png in MINGEL_TEST_TMP: no fixed text may be cut off,
 * the small room must show everyone at full size, the full room everyone it can. The
 * board runs on a connection of its own, as `mingel board` beside a kiosk does: a check-in
 * written by another connection shows within two polls, and an idle board only wakes
 * once per poll and draws nothing (counted, not timed). The greeting with the topics and
 * "hide me" is saved as greeting-board-<state>-<lang>-<WxH>.png at the kiosk's sizes, after
 * real taps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <SDL.h>
#include <SDL_image.h>

#include "core/board.h"
#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "sdl/boardshell.h"
#include "sdl/shell.h"
#include "ui/ui.h"
#include "ui/ui_board.h"
#include "sdl_input.h"
#include "support.h"

#define AT_MS 1796900000000LL /* 2026-12-10, the meeting's morning */

static const char *const ORGS[] = {
    "Västerås stad",
    "Region Örebro län",
    "Eskilstuna Energi & Miljö",
    "Mälarenergi",
    "Köpings kommun",
    "Arboga kommun",
    "Almi Mälardalen",
    "Hallstahammars kommun",
    "Sala kommun",
    "Fagersta kommun",
    "Enköpings kommun",
    "Strängnäs kommun",
    "Kungsörs kommun",
    "Norbergs kommun",
    "Skinnskattebergs kommun",
    "Surahammars kommun",
    "Länsstyrelsen Västmanland",
    "",
};
static const char *const FIRST[] = {"Anna",  "Björn", "Cecilia", "David", "Eva",   "Fredrik",
                                    "Greta", "Hanna", "Ingrid",  "Johan", "Karin", "Lars",
                                    "Maja",  "Nils",  "Olof",    "Petra", "Rut",   "Sven",
                                    "Tove",  "Ulf",   "Vera",    "Åsa",   "Örjan", "Zainab"};
static const char *const LAST[] = {"Andersson", "Berg",    "Carlsson", "Dahl",     "Ek",
                                   "Forsberg",  "Gran",    "Holm",     "Isaksson", "Jönsson",
                                   "Lindqvist", "Mäkinen", "Nyström",  "Öberg",    "Wästberg"};

/* The event file of the tests: Swedish or English, with three topics. */
static void event_ini(char *out, size_t cap, Lang lang)
{
    snprintf(out, cap,
             "[event]\nid = natverk-2026-12\ntitle = %s\ndate = 2026-12-10\nlanguage = %s\n"
             "topics = rekrytering | upphandling | AI i drift | kompetensförsörjning\n",
             lang == LANG_EN ? "Operations managers' network – December"
                             : "Driftchefsnätverket – julträff",
             lang == LANG_EN ? "en" : "sv");
}

/* A list of n people with a consent and a "Ny i nätverket" column: ticket T<i>. Every
 * seventh did not consent; every ninth is new. */
static char *list_csv(size_t n)
{
    size_t cap = 200 + n * 160, used = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    used += (size_t)snprintf(csv, cap,
                             "Namn;Organisation;Biljettkod;Samtycke till deltagarlista;"
                             "Ny i nätverket\n");
    for (size_t i = 0; i < n; i++) {
        used += (size_t)snprintf(csv + used, cap - used, "%s %s;%s;T%zu;%s;%s\n", FIRST[i % 24],
                                 LAST[(i * 7 + i / 24) % 15], ORGS[(i * 5) % 18], i,
                                 i % 7 == 3 ? "Nej" : "Ja", i % 9 == 4 ? "Ja" : "");
    }
    return csv;
}

typedef struct Room {
    char path[1200];
    char event_id[IDS_UUID_LEN + 1];
    Store *kiosk; /* the kiosk's connection: writes */
} Room;

/* A database with n people on the list, the first checked_in of them checked in, and
 * topics picked by some of those who consented. */
static void make_room(Room *r, const char *name, Lang lang, size_t n, size_t checked_in)
{
    tmp_db(r->path, sizeof r->path, name);
    r->kiosk = fresh_store(r->path, ids_os_random, NULL);
    char ini[1024];
    event_ini(ini, sizeof ini, lang);
    char *csv = list_csv(n);
    import_texts(r->kiosk, ini, csv, AT_MS, r->event_id);
    free(csv);
    static const char *const PICKS[] = {"rekrytering", "AI i drift",
                                        "upphandling|kompetensförsörjning",
                                        "rekrytering|upphandling|AI i drift", ""};
    for (size_t i = 0; i < checked_in; i++) {
        char ticket[32];
        snprintf(ticket, sizeof ticket, "T%zu", i);
        checkin_ticket(r->kiosk, r->event_id, ticket, AT_MS + (int64_t)i * 20000);
        StoreAttendee a;
        assert_int_equal(store_find_ticket(r->kiosk, r->event_id, ticket, &a), STORE_OK);
        if (i % 7 != 3 && i % 3 == 0) {
            assert_int_equal(store_board_choice_put(r->kiosk, r->event_id, a.id, PICKS[(i / 3) % 5],
                                                    false, AT_MS + 60000),
                             STORE_OK);
        }
    }
}

static void close_room(Room *r)
{
    store_close(r->kiosk);
    r->kiosk = NULL;
}

/* The board's own connection and window. */
typedef struct BoardRun {
    Store *store;
    Board *board;
    BoardShell *bs;
} BoardRun;

static void open_board(BoardRun *b, const Room *r, int w, int h, int poll_ms)
{
    TestRandom rnd = {77, false};
    b->store = open_ok(r->path, &rnd);
    b->board = board_new(b->store);
    assert_non_null(b->board);
    char err[512];
    if (board_read(b->board, err, sizeof err) != STORE_OK) {
        fail_msg("board_read: %s", err);
    }
    BoardShellOptions opt = {.windowed = true,
                             .width = w,
                             .height = h,
                             .software = true,
                             .data_dir = env_or_fail("MINGEL_TEST_ROOT"),
                             .poll_ms = poll_ms};
    b->bs = boardshell_open(&opt, b->board, err, sizeof err);
    if (!b->bs) {
        fail_msg("boardshell_open: %s", err);
    }
}

static void close_board(BoardRun *b)
{
    boardshell_close(b->bs);
    board_free(b->board);
    store_close(b->store);
}

/* Saves the board; fails if fixed text is cut off or the picture is not its size. */
static UiBoardFit board_shot(BoardRun *b, const char *name, int w, int h)
{
    char path[1400], err[512];
    snprintf(path, sizeof path, "%s/board-%s-%dx%d.png", env_or_fail("MINGEL_TEST_TMP"), name, w,
             h);
    if (boardshell_screenshot(b->bs, path, err, sizeof err) != 0) {
        fail_msg("boardshell_screenshot: %s", err);
    }
    const char *first = NULL;
    if (ui_overflow(boardshell_ui(b->bs), &first)) {
        fail_msg("%s: text cut off: \"%s\"", path, first);
    }
    SDL_Surface *s = IMG_Load(path);
    if (!s) {
        fail_msg("%s: %s", path, SDL_GetError());
    }
    assert_int_equal(s->w, w);
    assert_int_equal(s->h, h);
    SDL_FreeSurface(s);
    UiBoardFit fit = boardshell_fit(b->bs);
    printf("board %s %dx%d: %zu placed, scale %.2f\n", name, w, h, fit.placed, fit.scale);
    return fit;
}

/* Whether a text command of the last frame is exactly text. */
static bool frame_has(const BoardShell *bs, const char *text)
{
    size_t n = 0;
    const UiCmd *cmds = ui_commands(boardshell_ui(bs), &n);
    for (size_t i = 0; i < n; i++) {
        if (cmds[i].kind == UI_CMD_TEXT && cmds[i].text && strcmp(cmds[i].text, text) == 0) {
            return true;
        }
    }
    return false;
}

typedef struct Size {
    int w, h;
} Size;

static const Size SIZES[] = {{1920, 1080}, {3840, 2160}};

/* A small room: everyone fits at full size; the one who did not consent is not there. */
static void test_small_room(void **state)
{
    (void)state;
    for (int l = 0; l < LANG_COUNT; l++) {
        Room r;
        make_room(&r, l == LANG_EN ? "small-en.db" : "small-sv.db", (Lang)l, 30, 12);
        for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
            BoardRun b;
            open_board(&b, &r, SIZES[i].w, SIZES[i].h, 1000);
            const BoardView *v = board_view(b.board);
            assert_int_equal(v->here, 12);
            assert_int_equal(v->npeople, 10);     /* T3 and T10 did not consent */
            assert_int_equal(v->first_timers, 1); /* T4 (T13 is new too, but not here) */
            char name[64];
            snprintf(name, sizeof name, "small-%s", l == LANG_EN ? "en" : "sv");
            UiBoardFit fit = board_shot(&b, name, SIZES[i].w, SIZES[i].h);
            assert_true(fit.all_shown);
            assert_true(fit.scale == 1.0);
            /* The person who said no is nowhere on the screen. */
            char no[128];
            snprintf(no, sizeof no, "%s %s", FIRST[3], LAST[(3 * 7) % 15]);
            assert_false(frame_has(b.bs, no));
            char yes[128];
            snprintf(yes, sizeof yes, "%s %s", FIRST[0], LAST[0]);
            assert_true(frame_has(b.bs, yes));
            close_board(&b);
        }
        close_room(&r);
    }
}

/* A full room: 220 people here; the board shows as many as fit, smaller, and says how
 * many more there are. */
static void test_full_room(void **state)
{
    (void)state;
    Room r;
    make_room(&r, "full.db", LANG_SV, 260, 220);
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        BoardRun b;
        open_board(&b, &r, SIZES[i].w, SIZES[i].h, 1000);
        UiBoardFit fit = board_shot(&b, "full-sv", SIZES[i].w, SIZES[i].h);
        assert_true(fit.scale < 1.0);
        assert_true(fit.placed > 100);
        close_board(&b);
    }
    close_room(&r);
}

/* Live: another connection's check-in shows within two polls; an idle board wakes once a
 * poll and draws nothing. */
static void test_follows_the_kiosk(void **state)
{
    (void)state;
    Room r;
    make_room(&r, "live.db", LANG_SV, 30, 5);
    BoardRun b;
    open_board(&b, &r, 1920, 1080, 100);
    BoardShellStats s0, s1, s2;
    /* Let the window settle (its first events), then count. */
    for (int i = 0; i < 3; i++) {
        assert_true(boardshell_step(b.bs, -1));
    }
    boardshell_stats(b.bs, &s0);
    for (int i = 0; i < 10; i++) {
        assert_true(boardshell_step(b.bs, -1)); /* sleeps until the next poll */
    }
    boardshell_stats(b.bs, &s1);
    printf("idle: %llu wake-ups, %llu polls, %llu reads, %llu frames over 10 polls\n",
           (unsigned long long)(s1.wakeups - s0.wakeups), (unsigned long long)(s1.polls - s0.polls),
           (unsigned long long)(s1.reads - s0.reads), (unsigned long long)(s1.frames - s0.frames));
    assert_int_equal(s1.reads - s0.reads, 0);
    assert_int_equal(s1.frames - s0.frames, 0);
    assert_true(s1.polls - s0.polls >= 9 && s1.polls - s0.polls <= 10);
    assert_true(s1.wakeups - s0.wakeups <= 10);

    /* The kiosk checks someone in: the board reads once and draws once. */
    checkin_ticket(r.kiosk, r.event_id, "T6", AT_MS + 600000);
    int steps = 0;
    do {
        assert_true(boardshell_step(b.bs, -1));
        boardshell_stats(b.bs, &s2);
    } while (s2.reads == s1.reads && ++steps < 3);
    assert_true(steps <= 2);
    assert_int_equal(s2.reads - s1.reads, 1);
    assert_true(s2.frames - s1.frames >= 1);
    assert_int_equal(board_view(b.board)->here, 6);
    char name[128];
    snprintf(name, sizeof name, "%s %s", FIRST[6], LAST[(6 * 7) % 15]);
    assert_true(frame_has(b.bs, name));

    /* They take themselves off the board at the kiosk: gone at the next poll. */
    StoreAttendee a;
    assert_int_equal(store_find_ticket(r.kiosk, r.event_id, "T6", &a), STORE_OK);
    assert_int_equal(store_board_choice_put(r.kiosk, r.event_id, a.id, "", true, AT_MS + 601000),
                     STORE_OK);
    assert_true(boardshell_step(b.bs, -1));
    assert_true(boardshell_step(b.bs, -1));
    assert_false(frame_has(b.bs, name));
    assert_int_equal(board_view(b.board)->here, 6); /* still here, only not shown */
    close_board(&b);
    close_room(&r);
}

/* ---- The greeting's panel ----------------------------------------------------------- */

#define EPOCH_MS 1796900000000LL

typedef struct Case {
    int w, h;
    Lang lang;
} Case;

static Case CASES[] = {
    {800, 480, LANG_SV},   {800, 480, LANG_EN},  {1920, 1080, LANG_SV},
    {1920, 1080, LANG_EN}, {720, 1280, LANG_SV}, {720, 1280, LANG_EN},
};

static void greeting_shot(Shell *sh, const Case *c, const char *state)
{
    char path[1400], err[512];
    snprintf(path, sizeof path, "%s/greeting-board-%s-%s-%dx%d.png", env_or_fail("MINGEL_TEST_TMP"),
             state, c->lang == LANG_EN ? "en" : "sv", c->w, c->h);
    if (shell_screenshot(sh, path, err, sizeof err) != 0) {
        fail_msg("shell_screenshot: %s", err);
    }
    const char *first = NULL;
    if (ui_overflow(shell_ui(sh), &first)) {
        fail_msg("%s: text cut off: \"%s\"", path, first);
    }
}

static void tap(Shell *sh, Flow *flow, const Case *c, FlowAction a, int arg)
{
    test_clock_ms += 400;
    assert_true(shell_step(sh, 0));
    test_clock_ms += 600;
    sdl_tap_target(sh, flow, a, arg, c->w, c->h);
}

static void test_greeting_panel(void **state)
{
    const Case *c = *state;
    Room r;
    char name[64];
    snprintf(name, sizeof name, "greet-%s-%dx%d.db", c->lang == LANG_EN ? "en" : "sv", c->w, c->h);
    make_room(&r, name, LANG_SV, 30, 0);
    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = cfg.greeting_ms = 600000;
    char err[512];
    test_clock_ms += 100000;
    Flow *flow = flow_new(r.kiosk, &cfg, EPOCH_MS + test_clock_ms, err, sizeof err);
    assert_non_null(flow);
    ShellOptions opt = {.windowed = true,
                        .width = c->w,
                        .height = c->h,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT"),
                        .test_clock = test_clock_fn,
                        .test_epoch_ms = EPOCH_MS};
    Shell *sh = shell_open(&opt, flow, err, sizeof err);
    if (!sh) {
        fail_msg("shell_open: %s", err);
    }
    if (flow_view(flow)->lang != c->lang) {
        tap(sh, flow, c, FLOW_ACT_LANGUAGE, 0);
    }
    /* A scan checks T1 in (Björn, who consented): the greeting offers the topics. */
    test_clock_ms += 1000;
    flow_scan(flow, "T1", EPOCH_MS + test_clock_ms);
    shell_invalidate(sh);
    assert_int_equal(flow_view(flow)->screen, FLOW_GREETING);
    assert_true(flow_view(flow)->board_offer);
    assert_int_equal(flow_view(flow)->topic_count, 4);
    greeting_shot(sh, c, "fresh");
    tap(sh, flow, c, FLOW_ACT_TOPIC, 0);
    tap(sh, flow, c, FLOW_ACT_TOPIC, 2);
    tap(sh, flow, c, FLOW_ACT_TOPIC, 3);
    assert_int_equal(flow_view(flow)->topics_picked, 3);
    assert_true(shell_step(sh, 0));
    greeting_shot(sh, c, "three");
    tap(sh, flow, c, FLOW_ACT_BOARD_HIDE, 0);
    assert_true(flow_view(flow)->board_hidden);
    assert_true(shell_step(sh, 0));
    greeting_shot(sh, c, "hidden");
    StoreAttendee a;
    assert_int_equal(store_find_ticket(r.kiosk, r.event_id, "T1", &a), STORE_OK);
    StoreBoardChoice ch;
    assert_int_equal(store_board_choice_get(r.kiosk, a.id, &ch), STORE_OK);
    assert_true(ch.hidden);
    assert_string_equal(ch.interests, "rekrytering|AI i drift|kompetensförsörjning");
    /* Back at the kiosk later: "already checked in" with the same panel, to change. */
    tap(sh, flow, c, FLOW_ACT_BOARD_HIDE, 0);
    tap(sh, flow, c, FLOW_ACT_DONE, 0);
    test_clock_ms += 1000;
    flow_scan(flow, "T1", EPOCH_MS + test_clock_ms);
    shell_invalidate(sh);
    assert_int_equal(flow_view(flow)->screen, FLOW_ALREADY);
    if (flow_view(flow)->lang != c->lang) { /* the welcome screen went back to Swedish */
        tap(sh, flow, c, FLOW_ACT_LANGUAGE, 0);
    }
    assert_int_equal(flow_view(flow)->topics_picked, 3);
    assert_true(shell_step(sh, 0));
    greeting_shot(sh, c, "already");
    shell_close(sh);
    flow_free(flow);
    close_room(&r);
}

int main(void)
{
    struct CMUnitTest tests[3 + sizeof CASES / sizeof CASES[0]];
    size_t n = 0;
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_small_room);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_full_room);
    tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_follows_the_kiosk);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        static char names[sizeof CASES / sizeof CASES[0]][48];
        snprintf(names[i], sizeof names[i], "greeting_panel_%s_%dx%d",
                 CASES[i].lang == LANG_EN ? "en" : "sv", CASES[i].w, CASES[i].h);
        tests[n++] = (struct CMUnitTest){names[i], test_greeting_panel, NULL, NULL, &CASES[i]};
    }
    return cmocka_run_group_tests(tests, NULL, NULL);
}
