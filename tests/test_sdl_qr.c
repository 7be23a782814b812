/* test_sdl_qr: the QR code on the thank-you screen scans, and says exactly the link.
 *
 * A phone camera is the only reader that matters, and the nearest thing here is a real
 * decoder reading the real pixels: the kiosk is driven through a feedback session with
 * taps (dummy video driver, software renderer) to the thank-you screen, the frame is
 * saved as PNG in MINGEL_TEST_TMP, and zbarimg (Debian package zbar-tools) decodes it.
 * The text must equal the view's feedback link byte for byte, token and all. zbarimg
 * missing is a failure that names the package, never a skip: a skipped test would let a
 * broken code through.
 *
 * The code must also be big enough to scan from arm's length: about 25 mm on a 7"
 * 800x480 panel (5.25 px/mm), so at least 130 px for the symbol (quiet zone not
 * counted), measured from the ui's draw commands; a larger screen scales it with u.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include <SDL.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "ui/ui.h"
#include "sdl_input.h"
#include "support.h"

/* A 7" panel of 800x480: 933 px on a 177.8 mm diagonal. */
#define PANEL_PX_PER_MM (933.0 / 177.8)
#define QR_MIN_MM       25.0

static const SdlCase CASES[] = {
    {800, 480, LANG_SV},
    {800, 480, LANG_EN},
    {1920, 1080, LANG_SV},
    {1920, 1080, LANG_EN},
};

/* A new database with a meeting that asks one question and has a feedback link. */
static void make_store(SdlKiosk *k)
{
    char db[1200];
    snprintf(db, sizeof db, "%s/qr-%s-%dx%d.db", k->dir, i18n_lang_code(k->c->lang), k->c->w,
             k->c->h);
    k->store = fresh_store(db, ids_os_random, NULL);
    EventInfo ev = test_meeting("drift-2026-11", "Driftchefsnätverket – höstträff");
    ev.question_count = 1;
    ev.thanks_seconds = 120; /* the screen must not time out while a slow build scans */
    ev.repeat_seconds = 5;
    char event_id[IDS_UUID_LEN + 1];
    assert_int_equal(store_event_put(k->store, &ev, ids_now_ms(), event_id), STORE_OK);
}

/* The clock the shell judges events by (ShellOptions.test_clock), stepped here: a person
 * taps a second after the last thing they did. The flow's time is EPOCH_MS + test_clock_ms. */
#define EPOCH_MS 1795000000000LL

/* A finger down and up on the target's centre, then one step of the shell. */
static void tap(SdlKiosk *k, FlowAction a, int arg)
{
    test_clock_ms += 1000; /* what was due meanwhile (a tapped answer's next screen) is on screen */
    assert_true(shell_step(k->sh, 0));
    test_clock_ms += 600;
    sdl_tap_target(k->sh, k->flow, a, arg, k->c->w, k->c->h);
    test_clock_ms += FLOW_RATE_SHOW_MS; /* a tapped answer shows chosen, then the next comes */
    assert_true(shell_step(k->sh, 0));
}

/* Runs a shell command and reads its standard output into out; returns its exit status
 * (127: command not found), or -1 if it could not be run. */
static int run(const char *cmd, char *out, size_t cap)
{
    FILE *p = popen(cmd, "r");
    if (!p) {
        return -1;
    }
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    char drain[256];
    while (fread(drain, 1, sizeof drain, p) > 0) {
    }
    int status = pclose(p);
    if (status == -1 || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

/* The bounding box of the QR code's dark modules (drawn in pure black, nothing else is). */
static UiRect qr_symbol(const Ui *ui, int *module_px)
{
    size_t n = 0;
    const UiCmd *cmds = ui_commands(ui, &n);
    int x0 = INT_MAX, y0 = INT_MAX, x1 = INT_MIN, y1 = INT_MIN;
    *module_px = INT_MAX;
    for (size_t i = 0; i < n; i++) {
        const UiCmd *c = &cmds[i];
        if (c->kind != UI_CMD_RECT || c->color.r || c->color.g || c->color.b || c->color.a != 255) {
            continue;
        }
        x0 = c->rect.x < x0 ? c->rect.x : x0;
        y0 = c->rect.y < y0 ? c->rect.y : y0;
        x1 = c->rect.x + c->rect.w > x1 ? c->rect.x + c->rect.w : x1;
        y1 = c->rect.y + c->rect.h > y1 ? c->rect.y + c->rect.h : y1;
        *module_px = c->rect.h < *module_px ? c->rect.h : *module_px; /* one row each */
    }
    if (x0 > x1) {
        fail_msg("no QR code among the draw commands");
    }
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

static void test_thanks_qr_scans(void **state)
{
    SdlKiosk k;
    memset(&k, 0, sizeof k);
    k.c = *state;
    snprintf(k.dir, sizeof k.dir, "%s", env_or_fail("MINGEL_TEST_TMP"));
    if (strchr(k.dir, '\'')) {
        fail_msg("MINGEL_TEST_TMP contains a quote: %s", k.dir);
    }

    /* First: the decoder is there, or the test cannot mean anything. */
    char out[4096];
    if (run("command -v zbarimg", out, sizeof out) != 0) {
        fail_msg("zbarimg is not installed: install the Debian package zbar-tools");
    }

    make_store(&k);
    FlowConfig cfg = flow_default_config();
    cfg.idle_ms = 600000;
    char err[512];
    test_clock_ms += 100000;
    k.flow = flow_new(k.store, &cfg, EPOCH_MS + test_clock_ms, err, sizeof err);
    if (!k.flow) {
        fail_msg("flow_new: %s", err);
    }
    ShellOptions opt = {.windowed = true,
                        .width = k.c->w,
                        .height = k.c->h,
                        .software = true,
                        .data_dir = env_or_fail("MINGEL_TEST_ROOT"),
                        .test_clock = test_clock_fn,
                        .test_epoch_ms = EPOCH_MS};
    k.sh = sdl_open_shell(&opt, k.flow);

    /* A feedback session: a smiley, no reflection, the thank-you screen. */
    const FlowView *v = flow_view(k.flow);
    if (v->lang != k.c->lang) {
        tap(&k, FLOW_ACT_LANGUAGE, 0);
    }
    tap(&k, FLOW_ACT_FEEDBACK, 0);
    tap(&k, FLOW_ACT_RATE, 5);
    assert_int_equal(v->screen, FLOW_REFLECTION);
    tap(&k, FLOW_ACT_SKIP, 0);
    assert_int_equal(v->screen, FLOW_THANKS);
    assert_int_equal(v->lang, k.c->lang);
    char want[1024]; /* more than any link the event file allows */
    snprintf(want, sizeof want, "%s", v->feedback_link);
    char prefix[128];
    snprintf(prefix, sizeof prefix, "https://forms.example.org/f?event=drift-2026-11&t=");
    assert_int_equal(strncmp(want, prefix, strlen(prefix)), 0);
    assert_non_null(strstr(want, k.c->lang == LANG_EN ? "&lang=en" : "&lang=sv"));

    char path[1400];
    snprintf(path, sizeof path, "%s/thanks-qr-%s-%dx%d.png", k.dir, i18n_lang_code(k.c->lang),
             k.c->w, k.c->h);
    sdl_screenshot(k.sh, path, false);

    /* How big the code is on screen. */
    int module_px;
    UiRect sym = qr_symbol(shell_ui(k.sh), &module_px);
    assert_int_equal(sym.w, sym.h);
    double u = k.c->w / 800.0 < k.c->h / 480.0 ? k.c->w / 800.0 : k.c->h / 480.0;
    double min_px = QR_MIN_MM * PANEL_PX_PER_MM * u;
    print_message("%dx%d %s: QR symbol %d px (%d modules of %d px), %.0f px needed\n", k.c->w,
                  k.c->h, i18n_lang_code(k.c->lang), sym.w, sym.w / module_px, module_px, min_px);
    if (k.c->w == 800 && k.c->h == 480) {
        print_message("  on a 7\" 800x480 panel: %.1f mm\n", sym.w / PANEL_PX_PER_MM);
    }
    if (sym.w < min_px) {
        fail_msg("the QR code is %d px wide; at least %.0f px (%.0f mm on a 7\" panel) needed",
                 sym.w, min_px, QR_MIN_MM);
    }
    assert_true(module_px >= 3);

    /* Decode it; what zbarimg says on stderr is kept for the failure message. */
    char cmd[3200], errpath[1500];
    snprintf(errpath, sizeof errpath, "%s.zbarimg-stderr", path);
    snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw '%s' 2>'%s'", path, errpath);
    int status = run(cmd, out, sizeof out);
    if (status == 127) {
        fail_msg("zbarimg is not installed: install the Debian package zbar-tools");
    }
    size_t len = strlen(out);
    while (len > 0 && (out[len - 1] == '\n' || out[len - 1] == '\r')) {
        out[--len] = '\0';
    }
    if (status != 0) {
        char said[512] = "";
        FILE *f = fopen(errpath, "r");
        if (f) {
            said[fread(said, 1, sizeof said - 1, f)] = '\0';
            fclose(f);
        }
        fail_msg("zbarimg found no code in %s (exit %d): %s", path, status, said);
    }
    if (strcmp(out, want) != 0) {
        fail_msg("%s: the QR code says\n  \"%s\"\nbut the link is\n  \"%s\"", path, out, want);
    }
    print_message("zbarimg: %s\n", out);

    shell_close(k.sh);
    flow_free(k.flow);
    store_close(k.store);
}

int main(void)
{
    enum { NCASES = sizeof CASES / sizeof CASES[0] };
    struct CMUnitTest tests[NCASES];
    static char names[NCASES][48];
    for (size_t i = 0; i < NCASES; i++) {
        snprintf(names[i], sizeof names[i], "thanks_qr_scans_%dx%d_%s", CASES[i].w, CASES[i].h,
                 i18n_lang_code(CASES[i].lang));
        tests[i] = (struct CMUnitTest){.name = names[i],
                                       .test_func = test_thanks_qr_scans,
                                       .initial_state = (void *)&CASES[i]};
    }
    return _cmocka_run_group_tests("test_sdl_qr", tests, NCASES, NULL, NULL);
}
