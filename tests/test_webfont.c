/* test_webfont: the report's font subset (webfont.h) on the real bundled Noto Sans.
 *
 * The @font-face rule is taken apart as a browser would: the data: URL's base64 decoded
 * (libsodium) and the font in it opened with HarfBuzz. The subset must map exactly the
 * characters it was made for (those of the text, printable ASCII, the no-break space, the
 * upper case of Latin-1 letters), lack others the whole font has (Cyrillic Ж), keep the
 * glyph advances of the whole font (so text is set the same), and be a small fraction of
 * the font. Bad input (a missing file, a file that is no font, a family name that would
 * break the CSS string) is an error naming the file, never a crash.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>
#include <sodium.h>

#include "core/webfont.h"

static void font_path(char *out, size_t cap, const char *name)
{
    const char *root = getenv("MINGEL_TEST_ROOT");
    assert_non_null(root); /* CTest sets it; by hand: MINGEL_TEST_ROOT=<source tree> */
    assert_true(snprintf(out, cap, "%s/fonts/%s", root, name) < (int)cap);
}

/* The font inside face's data: URL, opened with HarfBuzz. */
static hb_font_t *open_embedded(const WebfontFace *face, unsigned char **bin_out)
{
    static const char URL[] = "src:url(data:font/ttf;base64,";
    const char *b64 = strstr(face->css, URL);
    assert_non_null(b64);
    b64 += sizeof URL - 1;
    const char *end = strchr(b64, ')');
    assert_non_null(end);
    unsigned char *bin = malloc(face->subset_bytes + 16);
    assert_non_null(bin);
    size_t bin_len = 0;
    assert_int_equal(sodium_base642bin(bin, face->subset_bytes + 16, b64, (size_t)(end - b64), NULL,
                                       &bin_len, NULL, sodium_base64_VARIANT_ORIGINAL),
                     0);
    assert_int_equal(bin_len, face->subset_bytes);
    hb_blob_t *blob =
        hb_blob_create((const char *)bin, (unsigned)bin_len, HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *hf = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(hf);
    hb_face_destroy(hf);
    hb_blob_destroy(blob);
    assert_int_equal(hb_face_get_glyph_count(hb_font_get_face(font)), face->glyphs);
    *bin_out = bin;
    return font;
}

static hb_font_t *open_file(const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    assert_non_null(blob);
    hb_face_t *hf = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(hf);
    hb_face_destroy(hf);
    hb_blob_destroy(blob);
    return font;
}

static bool has(hb_font_t *font, hb_codepoint_t cp)
{
    hb_codepoint_t g = 0;
    return hb_font_get_nominal_glyph(font, cp, &g) && g != 0;
}

static hb_position_t advance(hb_font_t *font, hb_codepoint_t cp)
{
    hb_codepoint_t g = 0;
    assert_true(hb_font_get_nominal_glyph(font, cp, &g));
    return hb_font_get_glyph_h_advance(font, g);
}

/* webfont_face of the font file fonts/file for len bytes of text; fails the test with the
 * message when it is refused. */
static void face_ok(const char *file, const char *family, int weight, const char *text, size_t len,
                    WebfontFace *face)
{
    char path[4096], err[512] = "";
    font_path(path, sizeof path, file);
    if (webfont_face(path, family, weight, text, len, face, err, sizeof err) != 0) {
        fail_msg("webfont_face %s: %s", file, err);
    }
}

static void subset_holds_the_text_and_nothing_more(void **state)
{
    (void)state;
    const char text[] = "Närvaro – 80\xC2\xA0% · Återkoppling “bra” é";
    WebfontFace face;
    face_ok("NotoSans-Regular.ttf", "mingel Noto Sans", 400, text, strlen(text), &face);
    assert_non_null(strstr(face.css, "@font-face{font-family:\"mingel Noto Sans\";"
                                     "font-style:normal;font-weight:400;src:url(data:font/ttf;"
                                     "base64,"));
    assert_int_equal(face.css_len, strlen(face.css));
    assert_string_equal(face.css + face.css_len - 22, ") format(\"truetype\")}\n");
    /* A small part of the whole font. */
    assert_true(face.font_bytes > 400000);
    assert_true(face.subset_bytes < face.font_bytes / 10);

    unsigned char *bin = NULL;
    hb_font_t *sub = open_embedded(&face, &bin);
    char path[4096];
    font_path(path, sizeof path, "NotoSans-Regular.ttf");
    hb_font_t *whole = open_file(path);
    static const hb_codepoint_t WANTED[] = {'N', 0xE4 /* ä */, 0xC5 /* Å */, 0x2013 /* – */, 0xA0,
                                            0xB7 /* · */, 0x201C, 0x201D, 0xE9,
                                            /* ASCII always, and the upper case of ä, é */
                                            'Q', '~', 0xC4, 0xC9};
    for (size_t i = 0; i < sizeof WANTED / sizeof WANTED[0]; i++) {
        if (!has(sub, WANTED[i])) {
            fail_msg("the subset has no glyph for U+%04X", (unsigned)WANTED[i]);
        }
        assert_int_equal(advance(sub, WANTED[i]), advance(whole, WANTED[i]));
    }
    /* In the whole font, not in the text: left out. */
    static const hb_codepoint_t UNWANTED[] = {0x416 /* Ж */, 0x3A9 /* Ω */, 0xF6 /* ö */};
    for (size_t i = 0; i < sizeof UNWANTED / sizeof UNWANTED[0]; i++) {
        assert_true(has(whole, UNWANTED[i]));
        if (has(sub, UNWANTED[i])) {
            fail_msg("the subset has U+%04X, which the text does not use", (unsigned)UNWANTED[i]);
        }
    }
    hb_font_destroy(sub);
    hb_font_destroy(whole);
    free(bin);
    webfont_free(&face);
    assert_null(face.css);
    webfont_free(&face); /* twice is fine */
}

static void bold_face_and_odd_text(void **state)
{
    (void)state;
    /* Invalid UTF-8, control characters and a character Noto Sans lacks (an emoji) are
     * skipped or left to the fallback: still a font. */
    const char text[] = "ok\xFF\xC3 \x01\t\xF0\x9F\x98\x80 ö";
    WebfontFace face;
    face_ok("NotoSans-Bold.ttf", "Family-2", 700, text, sizeof text - 1, &face);
    assert_non_null(strstr(face.css, "font-weight:700;"));
    unsigned char *bin = NULL;
    hb_font_t *sub = open_embedded(&face, &bin);
    assert_true(has(sub, 0xF6));
    assert_true(has(sub, 0xD6)); /* Ö, for text-transform */
    assert_false(has(sub, 0x1F600));
    hb_font_destroy(sub);
    free(bin);
    webfont_free(&face);
}

static void bad_input_is_an_error_naming_the_file(void **state)
{
    (void)state;
    char path[4096], err[512];
    WebfontFace face;
    memset(&face, 0x5A, sizeof face);
    assert_int_equal(
        webfont_face("/nonexistent/NotoSans.ttf", "F", 400, "a", 1, &face, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/NotoSans.ttf"));
    assert_null(face.css);

    font_path(path, sizeof path, "OFL.txt"); /* a file, but no font */
    assert_int_equal(webfont_face(path, "F", 400, "a", 1, &face, err, sizeof err), -1);
    assert_non_null(strstr(err, "OFL.txt"));
    assert_null(face.css);

    font_path(path, sizeof path, "NotoSans-Regular.ttf");
    static const char *const BAD_FAMILY[] = {"", "a\"b", "a;b}", "x</style>"};
    for (size_t i = 0; i < sizeof BAD_FAMILY / sizeof BAD_FAMILY[0]; i++) {
        assert_int_equal(webfont_face(path, BAD_FAMILY[i], 400, "a", 1, &face, err, sizeof err),
                         -1);
        assert_null(face.css);
    }
    assert_int_equal(webfont_face(path, "F", 0, "a", 1, &face, err, sizeof err), -1);
    webfont_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(subset_holds_the_text_and_nothing_more),
        cmocka_unit_test(bold_face_and_odd_text),
        cmocka_unit_test(bad_input_is_an_error_naming_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
