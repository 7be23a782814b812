/* The badge screens drawn with the real fonts (SDL's dummy driver, the software renderer):
 * the greeting that says where to pick the badge up, the admin screen with the printer's
 * state and "print all badges", the question before a preprint, and the check-in list with
 * its reprint buttons, in both languages at 800x480, 1280x800 and 1920x1080. Each frame is
 * saved as a PNG in the test's directory, and fails if any text is cut off.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/flow.h"
#include "core/pin.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "sdl_input.h"
#include "support.h"
#include "ui/ui.h"

#define T0 1795000000000LL

static const char INI[] = "[event]\ntitle = Driftchefsnätverket – höstträff\ndate = 2026-11-26\n"
                          "[badge]\nprinter = etiketter\nlabel = 62x100\n"
                          "fields = organisation\n";
static const char CSV[] = "name;organisation;ticket\n"
                          "Anna-Karin Lindén-Wikström;Samhällsbyggnadsförvaltningen;T1\n"
                          "Örjan Andersson;Kiruna kommun;T2\n"
                          "Åsa Berg;Piteå Hamn;T3\n"
                          "Zlatan Zetterlund;Boden AB;T4\n"
                          "Eva Ek;Arvidsjaur;T5\n"
                          "Per Persson;Gällivare;T6\n"
                          "Lena Lind;Jokkmokk;T7\n"
                          "Ola Ohlsson;Haparanda;T8\n";

static const struct {
    int w, h;
} SIZES[] = {{800, 480}, {1280, 800}, {1920, 1080}};

/* One run through the screens: the flow, the shell showing it at w x h, and the flow's
 * time (ms), each act 100 ms after the last. */
typedef struct Run {
    Flow *f;
    Shell *sh;
    const char *dir;
    int64_t t;
    Lang lang;
    int w, h;
} Run;

static void act(Run *r, FlowAction a, int arg)
{
    flow_act(r->f, a, arg, r->t += 100);
}

/* The frame drawn anew and saved as badges-NAME-LANG-WxH.png; fails if text is cut off. */
static void shot(Run *r, const char *name)
{
    char path[1400];
    shell_invalidate(r->sh);
    snprintf(path, sizeof path, "%s/badges-%s-%s-%dx%d.png", r->dir, name, i18n_lang_code(r->lang),
             r->w, r->h);
    sdl_screenshot(r->sh, path, true);
}

/* The screen is want; then its shot. */
static void expect_shot(Run *r, FlowScreen want, const char *name)
{
    assert_int_equal(flow_view(r->f)->screen, want);
    shot(r, name);
}

/* The language l on the screen shown (the toggle tapped when it is the other). */
static void speak(Run *r, int l)
{
    if (flow_view(r->f)->lang != (Lang)l) {
        act(r, FLOW_ACT_LANGUAGE, 0);
    }
    r->lang = flow_view(r->f)->lang;
}

static void test_badge_screens_fit(void **state)
{
    (void)state;
    const char *dir = env_or_fail("MINGEL_TEST_TMP");
    const char *root = env_or_fail("MINGEL_TEST_ROOT");
    char db[1024];
    tmp_path(db, sizeof db, "badges.db");
    Store *st = fresh_store(db, ids_os_random, NULL);
    char event_id[IDS_UUID_LEN + 1], hash[STORE_PIN_HASH_MAX];
    import_texts(st, INI, CSV, T0, event_id);
    assert_int_equal(pin_init(), 0);
    assert_int_equal(pin_hash("246810", hash), 0);
    assert_int_equal(store_pin_set(st, hash), STORE_OK);

    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = cfg.idle_text_ms = 3600000;
    cfg.greeting_ms = 3600000;
    char err[512];
    Flow *f = flow_new(st, &cfg, T0, err, sizeof err);
    assert_non_null(f);
    Run r = {.f = f, .dir = dir, .t = T0};
    int next = 1; /* the next ticket to scan: T1 .. T6, T7 and T8 never */

    for (size_t z = 0; z < COUNT_OF(SIZES); z++) {
        ShellOptions opt = {.windowed = true,
                            .width = SIZES[z].w,
                            .height = SIZES[z].h,
                            .software = true,
                            .data_dir = root};
        r.sh = sdl_open_shell(&opt, f);
        r.w = SIZES[z].w;
        r.h = SIZES[z].h;
        for (int l = 0; l < LANG_COUNT; l++) {
            /* The greeting of someone not checked in yet, in this language. */
            speak(&r, l);
            char code[8];
            snprintf(code, sizeof code, "T%d", next++);
            flow_scan(f, code, r.t += 100);
            assert_true(flow_view(f)->badge_pickup);
            expect_shot(&r, FLOW_GREETING, "greeting");
            /* The admin screen. */
            act(&r, FLOW_ACT_DONE, 0);
            speak(&r, l);
            act(&r, FLOW_ACT_ADMIN, 0);
            for (const char *p = "246810"; *p; p++) {
                act(&r, FLOW_ACT_DIGIT, *p - '0');
            }
            act(&r, FLOW_ACT_PIN_OK, 0);
            expect_shot(&r, FLOW_ADMIN, "admin");
            act(&r, FLOW_ACT_PREPRINT, 0);
            expect_shot(&r, FLOW_ADMIN_ASK, "ask-preprint");
            act(&r, FLOW_ACT_BACK, 0);
            act(&r, FLOW_ACT_UNDO_LIST, 0);
            assert_int_equal(flow_view(f)->screen, FLOW_ADMIN_UNDO);
            act(&r, FLOW_ACT_REPRINT, 0);
            assert_int_equal(flow_view(f)->admin_note, I18N_REPRINTED);
            shot(&r, "undo-reprint");
            act(&r, FLOW_ACT_BACK, 0);
            expect_shot(&r, FLOW_ADMIN, "admin-note");
            act(&r, FLOW_ACT_DONE, 0);
            assert_int_equal(flow_view(f)->screen, FLOW_WELCOME);
        }
        shell_close(r.sh);
    }
    flow_free(f);
    store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_badge_screens_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
