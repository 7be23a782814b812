/* test_sdl_glyphs: every text the kiosk can show has its glyphs in the bundled fonts.
 *
 * The fonts in fonts/ are what a kiosk has; a character they lack shows as an empty box
 * ("tofu"), which the fit checks of test_sdl_screens cannot see: the box has a width.
 * Every message of both catalogues, and the fixed texts the screens write themselves, is
 * checked code point by code point against both weights with SDL_ttf.
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
#include <SDL_ttf.h>

#include "core/i18n.h"
#include "core/text.h"

static TTF_Font *open_font(const char *file)
{
    const char *root = getenv("MINGEL_TEST_ROOT");
    if (!root) {
        fail_msg("MINGEL_TEST_ROOT is not set (run through ctest)");
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/fonts/%s", root, file);
    TTF_Font *f = TTF_OpenFont(path, 20);
    if (!f) {
        fail_msg("%s: %s", path, TTF_GetError());
    }
    return f;
}

/* Fails naming the text and the first code point a font lacks. */
static void check_text(TTF_Font *const fonts[2], const char *what, const char *s)
{
    size_t left = strlen(s);
    const char *p = s;
    while (left > 0) {
        uint32_t cp;
        size_t n = text_decode(p, left, &cp);
        if (n == 0) {
            fail_msg("%s: invalid UTF-8 in \"%s\"", what, s);
        }
        for (int w = 0; w < 2; w++) {
            if (cp > 0x20 && !TTF_GlyphIsProvided32(fonts[w], cp)) {
                fail_msg("%s: U+%04X is not in the %s font: \"%s\"", what, (unsigned)cp,
                         w ? "bold" : "regular", s);
            }
        }
        p += n;
        left -= n;
    }
}

static void every_message_has_its_glyphs(void **state)
{
    (void)state;
    assert_int_equal(TTF_Init(), 0);
    TTF_Font *fonts[2] = {open_font("NotoSans-Regular.ttf"), open_font("NotoSans-Bold.ttf")};
    static const Lang LANGS[] = {LANG_SV, LANG_EN};
    size_t checked = 0;
    for (size_t l = 0; l < 2; l++) {
        for (int id = 0; id < I18N_COUNT; id++) {
            char what[64];
            snprintf(what, sizeof what, "%s message %d", i18n_lang_code(LANGS[l]), id);
            check_text(fonts, what, i18n_text(LANGS[l], (I18nId)id));
            checked++;
        }
        /* Dates: every weekday and month name, through the formatter. */
        for (int d = 1; d <= 12; d++) {
            char iso[16], out[96];
            snprintf(iso, sizeof iso, "2026-%02d-%02d", d, d);
            i18n_date(LANGS[l], iso, out, sizeof out);
            check_text(fonts, "date", out);
        }
    }
    /* Texts the screens write themselves (app/ui/ui.c). */
    static const char *const FIXED[] = {"–10 min", "–1 min", "+1 min", "+10 min",
                                        "…",       "·",      "–",      "0123456789:-"};
    for (size_t i = 0; i < sizeof FIXED / sizeof FIXED[0]; i++) {
        check_text(fonts, "fixed text", FIXED[i]);
    }
    /* The check itself must be able to fail: U+2212 MINUS SIGN is not in the fonts. */
    assert_false(TTF_GlyphIsProvided32(fonts[0], 0x2212));
    print_message("%zu messages checked\n", checked);
    TTF_CloseFont(fonts[0]);
    TTF_CloseFont(fonts[1]);
    TTF_Quit();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_message_has_its_glyphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
