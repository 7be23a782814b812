/* Soak: 10,000 scripted interactions with the real kiosk, headless.
 *
 * The real shell (SDL's dummy driver, software renderer) on a real database with the demo
 * meeting (320 attendees, three questions, an admin PIN). A seeded random script taps
 * whatever targets the current screen offers, types text (names, digits, emoji, broken
 * UTF-8, very long lines), presses Enter, Backspace and Escape, lets the idle timeout fire,
 * toggles the language and opens the admin screens with the PIN. The kiosk shares live
 * with a NATS server that is not there (its sync thread retrying, as with the cable out),
 * so the admin screen's kiosk list is among the screens. It must reach every screen in
 * both languages and never crash.
 *
 * What it proves depends on the build: under AddressSanitizer (CI's second run)
 * LeakSanitizer fails the test on any leak at exit and ASan on any memory error; in the
 * normal build, resident memory after the last thousand interactions must be within
 * 3 MiB of what it was after the first thousand (ASan's quarantine grows by design, so
 * that check means nothing there and is made only in the normal build). Not zero: the
 * shell's text and icon caches and SQLite's page cache are bounded (4, 6 and 8 MiB) but
 * fill and evict as new names appear, so resident memory moves by a megabyte or two
 * either way (seen here: 30.0 to 32.6 MB, ending 0.9 MB above the start). A leak of even
 * 1 KB per interaction would add 9 MB and fail.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "core/demo.h"
#include "core/flow.h"
#include "core/pin.h"
#include "core/store.h"
#include "core/sync.h"
#include "sdl/shell.h"
#include "sdl_input.h"
#include "support.h"

#define INTERACTIONS 10000
#define WIDTH        800
#define HEIGHT       480
#define PIN          "493817"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static long rss_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "VmRSS: %ld kB", &kib) == 1) {
            break;
        }
    }
    if (f) {
        fclose(f);
    }
    return kib;
}

/* The clock events are judged by (ShellOptions.test_clock), stepped by the script: a
 * person's pace, so taps and typing are what they look like. The flow's time is
 * EPOCH_MS + test_clock_ms. */
#define EPOCH_MS 1795000000000LL

static void tap_at(Shell *sh, int x, int y)
{
    test_clock_ms += 700;
    sdl_finger(SDL_FINGERDOWN, x, y, WIDTH, HEIGHT);
    shell_step(sh, 0);
    test_clock_ms += 80;
    sdl_finger(SDL_FINGERUP, x, y, WIDTH, HEIGHT);
    shell_step(sh, 0);
}

static void text(Shell *sh, const char *s)
{
    test_clock_ms += 150;
    sdl_text(s);
    shell_step(sh, 0);
    test_clock_ms += 150; /* typed by a person: it goes on as text */
    shell_step(sh, 0);
}

static void key(Shell *sh, SDL_Keycode k)
{
    test_clock_ms += 300;
    sdl_key(k, SDL_SCANCODE_UNKNOWN, false);
    shell_step(sh, 0);
}

/* What a visitor types, including what no visitor should be able to break us with. */
static const char *const TYPED[] = {
    "lotta",
    "Åsa",
    "öjm",
    "söder",
    "DEMO-0007",
    "DEMO-9999",
    "12345",
    "anna-karin",
    "\xF0\x9F\x98\x80 emoji",
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
    "\xff\xfe broken",
    "\x01\x1b[31m",
    "very long text that goes on and on and on and on and on and on",
};

static void soak(void **state)
{
    (void)state;
    char path[600], err[512];
    const char *tmp = getenv("MINGEL_TEST_TMP");
    const char *root = getenv("MINGEL_TEST_ROOT");
    assert_non_null(root);
    snprintf(path, sizeof path, "%s/soak-%d.db", tmp ? tmp : "/tmp", (int)getpid());
    unlink(path);

    Store *st;
    assert_int_equal(store_open(path, ids_os_random, NULL, &st, err, sizeof err), STORE_OK);
    EventInfo ev;
    Roster r;
    char id[IDS_UUID_LEN + 1], hash[STORE_PIN_HASH_MAX];
    StoreImportResult res;
    assert_int_equal(demo_make("2026-11-26", 7, DEMO_ATTENDEES, &ev, &r), 0);
    assert_int_equal(store_event_put(st, &ev, ids_now_ms(), id), STORE_OK);
    assert_int_equal(store_import_roster(st, id, &r, ids_now_ms(), &res), STORE_OK);
    roster_free(&r);
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash(PIN, hash), 0);
    assert_int_equal(store_pin_set(st, hash), STORE_OK);

    FlowConfig cfg = flow_default_config();
    char usb[700];
    snprintf(usb, sizeof usb, "%s-usb", path);
    cfg.export_dir = usb; /* never written: the script does not export */
    Flow *flow = flow_new(st, &cfg, EPOCH_MS + test_clock_ms, err, sizeof err);
    assert_non_null(flow);
    ShellOptions opt = {.windowed = true,
                        .width = WIDTH,
                        .height = HEIGHT,
                        .software = true,
                        .data_dir = root,
                        .test_clock = test_clock_fn,
                        .test_epoch_ms = EPOCH_MS};
    Shell *sh = sdl_open_shell(&opt, flow);
    SyncConfig nowhere;
    memset(&nowhere, 0, sizeof nowhere);
    snprintf(nowhere.urls[0], sizeof nowhere.urls[0], "nats://127.0.0.1:1");
    nowhere.nurls = 1;
    Sync *sy = sync_start(st, ev.key, &nowhere, shell_wake, NULL, err, sizeof err);
    assert_non_null(sy);
    flow_set_sync(flow, sy);
    shell_step(sh, 0);

    bool seen[FLOW_SCREEN_COUNT][LANG_COUNT] = {{false}};
    long rss_first = 0, rss_last = 0;
    for (int i = 1; i <= INTERACTIONS; i++) {
        const FlowView *v = flow_view(flow);
        uint32_t dice = next() % 100;
        if (dice < 72) {
            /* Tap one of the targets the screen offers; "leave the kiosk" only asks, and
             * its confirmation is the one tap never made. */
            size_t n;
            const UiTarget *t = ui_targets(shell_ui(sh), &n);
            if (n > 0) {
                const UiTarget *pick = &t[next() % n];
                bool leaves = v->screen == FLOW_ADMIN_ASK && v->ask == FLOW_ASK_QUIT &&
                              pick->action == FLOW_ACT_CONFIRM;
                if (!leaves && pick->action != FLOW_ACT_EXPORT) {
                    tap_at(sh, pick->rect.x + pick->rect.w / 2, pick->rect.y + pick->rect.h / 2);
                }
            }
        } else if (dice < 82) {
            text(sh, TYPED[next() % (sizeof TYPED / sizeof TYPED[0])]);
        } else if (dice < 88) {
            static const SDL_Keycode KEYS[] = {SDLK_RETURN, SDLK_BACKSPACE, SDLK_ESCAPE};
            key(sh, KEYS[next() % 3]);
        } else if (dice < 91) {
            /* The organiser: the 3 s hold is the shell's (tested elsewhere); here the
             * flow's way in, then the PIN on the keyboard, sometimes wrong. */
            /* Feedback only, the first question stands in for the welcome screen, with
             * the organiser's corner. */
            bool rest = v->screen == FLOW_WELCOME ||
                        (v->screen == FLOW_QUESTION && v->question == 0 && !v->offers_checkin);
            if (rest) {
                flow_act(flow, FLOW_ACT_ADMIN, 0, EPOCH_MS + test_clock_ms);
                shell_invalidate(sh);
                text(sh, next() % 4 ? PIN : "000000");
                key(sh, SDLK_RETURN);
            } else if (v->screen == FLOW_ADMIN) {
                /* One of many targets there: go to the clock more often than chance. */
                UiTarget t;
                if (ui_find(shell_ui(sh), FLOW_ACT_CLOCK, 0, &t)) {
                    tap_at(sh, t.rect.x + t.rect.w / 2, t.rect.y + t.rect.h / 2);
                }
            }
        } else if (dice < 93) {
            /* Time passes: the idle timeout and the greeting's end. */
            test_clock_ms += next() % 2 ? 46000 : 121000; /* a list's or a form's idle time */
            shell_step(sh, 0);
        } else {
            flow_act(flow, FLOW_ACT_LANGUAGE, 0, EPOCH_MS + test_clock_ms);
            shell_invalidate(sh);
            shell_step(sh, 0);
        }
        v = flow_view(flow);
        assert_true((unsigned)v->screen < FLOW_SCREEN_COUNT);
        seen[v->screen][v->lang] = true;
        if (i % 1000 == 0) {
            printf("soak: after %5d interactions: %ld KiB resident\n", i, rss_kib());
        }
        if (i == 1000) {
            rss_first = rss_kib();
        }
        if (i == INTERACTIONS) {
            rss_last = rss_kib();
        }
    }

    StoreStats stats;
    StoreFeedbackStats fb;
    stats = event_stats(st, id);
    fb = event_feedback(st, id);
    char integrity[256];
    assert_int_equal(store_check_integrity(st, integrity, sizeof integrity), STORE_OK);
    printf("soak: %d interactions; %lld checked in (%lld walk-ins), %lld feedback sessions; "
           "resident memory %ld KiB after 1,000 and %ld KiB after %d%s\n",
           INTERACTIONS, (long long)stats.checked_in, (long long)stats.walk_ins,
           (long long)fb.sessions, rss_first, rss_last, INTERACTIONS,
           UNDER_ASAN ? " (AddressSanitizer build: leaks are checked at exit instead)" : "");
    for (int s = 0; s < FLOW_SCREEN_COUNT; s++) {
        for (int l = 0; l < LANG_COUNT; l++) {
            if (!seen[s][l]) {
                fail_msg("the script never reached screen %d in language %d", s, l);
            }
        }
    }
    assert_true(stats.checked_in > 0 && fb.sessions > 0);
    if (!UNDER_ASAN && rss_last - rss_first > 3 * 1024) {
        fail_msg("resident memory grew from %ld to %ld KiB over %d interactions", rss_first,
                 rss_last, INTERACTIONS - 1000);
    }

    flow_set_sync(flow, NULL);
    sync_stop(sy);
    shell_close(sh);
    flow_free(flow);
    store_close(st);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(soak)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
