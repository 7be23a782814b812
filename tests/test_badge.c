/* Tests for core/badge: label stocks, the PDF a printer gets (page size, text, fonts, the
 * QR code), fitting long names, the preview's pixels, and golden renders.
 *
 * The PDF is read back with the real tools a person would use (poppler-utils: pdfinfo,
 * pdftotext, pdffonts, pdftoppm) and the QR code with zbarimg. Golden renders are
 * grey-scale PGM images of the PDF at 72 dpi in tests/data/badge/; a render may differ
 * from its golden in at most 0.5 % of the pixels by more than a quarter of the grey range.
 * MINGEL_UPDATE_GOLDEN=1 writes them anew (then look at them: `convert x.pgm x.png`).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support.h"

#include "core/badge.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static char tmp_dir[1024];
static char fonts_dir[1024];
static char golden_dir[1024];

static int setup(void **state)
{
    const char *tmp = getenv("MINGEL_TEST_TMP");
    const char *root = getenv("MINGEL_TEST_ROOT");
    const char *data = getenv("MINGEL_TEST_DATA");
    snprintf(tmp_dir, sizeof tmp_dir, "%s", tmp ? tmp : "/tmp");
    snprintf(fonts_dir, sizeof fonts_dir, "%s/fonts", root ? root : ".");
    snprintf(golden_dir, sizeof golden_dir, "%s/badge", data ? data : "tests/data");
    char err[256];
    Badge *b = badge_open(fonts_dir, err, sizeof err);
    if (b == NULL) {
        fail_msg("badge_open: %s", err);
    }
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    badge_close(*state);
    return 0;
}

/* The PDF's text with every run of white space (pdftotext puts each word of turned text on
 * a line of its own) made one space, and a space at both ends. */
static char *pdf_text(const char *path)
{
    char *raw = run_command("pdftotext -raw '%s' -", path);
    char *out = malloc(strlen(raw) + 3);
    assert_non_null(out);
    size_t n = 0;
    out[n++] = ' ';
    for (const char *p = raw; *p; p++) {
        bool space = *p == ' ' || *p == '\n' || *p == '\f' || *p == '\t' || *p == '\r';
        if (space) {
            if (out[n - 1] != ' ') {
                out[n++] = ' ';
            }
        } else {
            out[n++] = *p;
        }
    }
    if (out[n - 1] != ' ') {
        out[n++] = ' ';
    }
    out[n] = '\0';
    free(raw);
    return out;
}

static BadgeLayout layout_for(const char *label, bool landscape, unsigned fields)
{
    BadgeLayout l;
    memset(&l, 0, sizeof l);
    char err[256];
    if (badge_label_parse(label, &l.label, err, sizeof err) != 0) {
        fail_msg("%s", err);
    }
    l.landscape = landscape;
    l.fields = fields;
    l.dpi = 300;
    return l;
}

static void write_pdf(Badge *b, const BadgeLayout *l, const BadgeData *d, const char *name,
                      char *path, size_t cap, BadgeFit *fit)
{
    char err[256];
    snprintf(path, cap, "%s/%s.pdf", tmp_dir, name);
    if (badge_write_pdf(b, l, d, path, fit, err, sizeof err) != 0) {
        fail_msg("badge_write_pdf %s: %s", name, err);
    }
}

static const unsigned ALL =
    BADGE_FIELD_ORGANISATION | BADGE_FIELD_ROLE | BADGE_FIELD_EVENT | BADGE_FIELD_DATE;

static const BadgeData LOTTA = {
    .name = "Lotta Söderberg",
    .organisation = "Vattenbolaget Öst",
    .role = "Driftchef",
    .event_title = "Driftchefsnätverket – höstträff",
    .event_date = "2026-11-26",
};

/* ---- Labels --------------------------------------------------------------------- */

static void test_labels_known_and_custom(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        double w, h;
        bool continuous;
    } ok[] = {
        {"62x100", 62, 100, false}, {"29x90", 29, 90, false}, {"62", 62, 100, true},
        {"54x101", 54, 101, false}, {"a6", 105, 148, false},  {"89x36.5", 89, 36.5, false},
    };
    for (size_t i = 0; i < COUNT_OF(ok); i++) {
        BadgeLabel l;
        char err[256] = "";
        assert_int_equal(badge_label_parse(ok[i].text, &l, err, sizeof err), 0);
        assert_string_equal(l.id, ok[i].text);
        assert_true(l.width_mm == ok[i].w && l.height_mm == ok[i].h);
        assert_int_equal(l.continuous, ok[i].continuous);
    }
    static const char *const bad[] = {"", "62x", "10x10", "62x1000", "A6", "62 x 100", "x"};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        BadgeLabel l;
        char err[512] = "";
        assert_int_equal(badge_label_parse(bad[i], &l, err, sizeof err), -1);
        if (strstr(err, "62x100") == NULL || strstr(err, "DYMO") == NULL) {
            fail_msg("label \"%s\": the message names no known label: %s", bad[i], err);
        }
    }
}

/* ---- The PDF ---------------------------------------------------------------------- */

static void test_page_is_the_label_as_fed(void **state)
{
    static const struct {
        const char *label;
        bool landscape;
    } cases[] = {
        {"62x100", true}, {"62x100", false}, {"29x90", true}, {"54x101", true}, {"a6", false},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        BadgeLayout l = layout_for(cases[i].label, cases[i].landscape, ALL);
        char path[1200];
        write_pdf(*state, &l, &LOTTA, "page", path, sizeof path, NULL);
        char *info = run_command("pdfinfo '%s'", path);
        double w = 0, h = 0;
        const char *p = strstr(info, "Page size:");
        assert_non_null(p);
        assert_int_equal(sscanf(p, "Page size: %lf x %lf", &w, &h), 2);
        /* Points of the label as the printer feeds it, whichever way the badge reads. */
        if (fabs(w - l.label.width_mm * 72 / 25.4) > 0.5 ||
            fabs(h - l.label.height_mm * 72 / 25.4) > 0.5) {
            fail_msg("%s: page %.1f x %.1f pt", cases[i].label, w, h);
        }
        int pages = 0;
        const char *pg = strstr(info, "Pages:");
        assert_true(pg != NULL && sscanf(pg, "Pages: %d", &pages) == 1 && pages == 1);
        free(info);
    }
}

static void test_text_is_there_and_only_what_is_asked(void **state)
{
    static const struct {
        unsigned fields;
        bool org, role, event;
    } cases[] = {
        {ALL, true, true, true},
        {BADGE_FIELD_ORGANISATION, true, false, false},
        {0, false, false, false},
        {BADGE_FIELD_ROLE | BADGE_FIELD_DATE, false, true, false},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        BadgeLayout l = layout_for("62x100", true, cases[i].fields);
        BadgeData d = LOTTA;
        d.qr_text = "tok-9f2c41d07a";
        l.qr = true;
        char path[1200];
        write_pdf(*state, &l, &d, "fields", path, sizeof path, NULL);
        char *text = pdf_text(path);
        assert_non_null(strstr(text, " Lotta Söderberg "));
        assert_int_equal(strstr(text, "Vattenbolaget Öst") != NULL, cases[i].org);
        assert_int_equal(strstr(text, " Driftchef ") != NULL, cases[i].role);
        assert_int_equal(strstr(text, "höstträff") != NULL, cases[i].event);
        assert_int_equal(strstr(text, "2026-11-26") != NULL,
                         (cases[i].fields & BADGE_FIELD_DATE) != 0);
        /* The QR code's text is only in the code, never written out. */
        assert_null(strstr(text, "tok-9f2c41d07a"));
        free(text);
    }
}

static void test_bundled_font_is_embedded(void **state)
{
    BadgeLayout l = layout_for("62x100", true, ALL);
    char path[1200];
    write_pdf(*state, &l, &LOTTA, "fonts", path, sizeof path, NULL);
    char *fonts = run_command("pdffonts '%s'", path);
    /* Subsets of the bundled Noto Sans, embedded: the printer needs no fonts of its own. */
    assert_non_null(strstr(fonts, "NotoSans-Bold"));
    assert_non_null(strstr(fonts, "NotoSans-Regular"));
    for (char *line = strchr(fonts, '\n'); line != NULL; line = strchr(line + 1, '\n')) {
        if (strstr(line, "NotoSans") != NULL && strstr(line, " yes ") == NULL) {
            fail_msg("a font is not embedded: %s", fonts);
        }
    }
    free(fonts);
}

/* ---- Fitting names ---------------------------------------------------------------- */

static void test_long_names_fit(void **state)
{
    static const struct {
        const char *label;
        const char *name;
        int lines;
        bool cut;
        const char *pieces[3]; /* what pdftotext must find */
    } cases[] = {
        {"62x100", "Bo Ek", 1, false, {"Bo Ek"}},
        {"62x100", "Anna-Karin Öjmertz", 1, false, {"Anna-Karin Öjmertz"}},
        {"62x100",
         "Maria Magdalena Charlotta von Essen-Åkerström",
         2,
         false,
         {"Maria Magdalena", "Charlotta von Essen-Åkerström"}},
        {"29x90", "Karl-Johan Lindqvist-Nyström", 1, false, {"Karl-Johan Lindqvist-Nyström"}},
        {"29x90",
         "Karl-Johan Lindqvist-Nyström af Wetterstedt",
         2,
         false,
         {" Karl-Johan Lindqvist- ",
          " Nyström af Wetterstedt "}}, /* at the hyphen nearest the middle */
        {"29x90",
         "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessenschafe"
         "warenwohlgepflegeundsorgfaltigkeitbeschutzenvorangreifendurchihrraubgierigfeinde",
         1,
         true,
         {"Wolfeschlegel"}},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        BadgeLayout l = layout_for(cases[i].label, true, BADGE_FIELD_ORGANISATION);
        BadgeData d = LOTTA;
        d.name = cases[i].name;
        BadgeFit fit;
        char path[1200];
        write_pdf(*state, &l, &d, "fit", path, sizeof path, &fit);
        if (fit.name_lines != cases[i].lines || fit.name_cut != cases[i].cut) {
            fail_msg("\"%s\" on %s: %d lines%s at %.1f mm", cases[i].name, cases[i].label,
                     fit.name_lines, fit.name_cut ? ", cut" : "", fit.name_mm);
        }
        /* Never smaller than a name read at arm's length: 3.2 mm em (9 pt) and up. */
        assert_true(fit.name_mm >= 3.2 - 1e-9);
        char *text = pdf_text(path);
        for (size_t k = 0; k < 3 && cases[i].pieces[k]; k++) {
            if (strstr(text, cases[i].pieces[k]) == NULL) {
                fail_msg("\"%s\": \"%s\" not in the PDF's text: %s", cases[i].name,
                         cases[i].pieces[k], text);
            }
        }
        if (cases[i].cut) {
            assert_non_null(strstr(text, "\xE2\x80\xA6"));
        }
        free(text);
    }
}

static void test_short_name_is_large(void **state)
{
    BadgeLayout l = layout_for("62x100", true, BADGE_FIELD_ORGANISATION);
    BadgeFit short_fit, long_fit;
    char path[1200];
    BadgeData d = LOTTA;
    d.name = "Bo Ek";
    write_pdf(*state, &l, &d, "short", path, sizeof path, &short_fit);
    d.name = "Lotta Söderberg-Wennerström";
    write_pdf(*state, &l, &d, "longer", path, sizeof path, &long_fit);
    /* A short name stays at the starting size; a longer one shrinks, never grows. */
    assert_true(short_fit.name_mm > long_fit.name_mm);
    assert_true(short_fit.name_mm >= 10.0); /* 62 mm high badge: a name over 1 cm */
}

/* ---- QR code ---------------------------------------------------------------------- */

static void test_qr_code_scans_from_the_print(void **state)
{
    static const char *const labels[] = {"62x100", "54x101", "29x90"};
    for (size_t i = 0; i < COUNT_OF(labels); i++) {
        BadgeLayout l = layout_for(labels[i], true, BADGE_FIELD_ORGANISATION);
        l.qr = true;
        BadgeData d = LOTTA;
        d.qr_text = "mingel:b:7f3a9c2e11d04b8a";
        char path[1200];
        write_pdf(*state, &l, &d, "qr", path, sizeof path, NULL);
        /* As the printer makes it: 300 dots an inch. */
        free(run_command("pdftoppm -r 300 -png -singlefile '%s' '%s/qr'", path, tmp_dir));
        char *out = run_command("zbarimg --raw -q '%s/qr.png'", tmp_dir);
        if (strstr(out, "mingel:b:7f3a9c2e11d04b8a") == NULL) {
            fail_msg("%s: zbarimg read \"%s\"", labels[i], out);
        }
        free(out);
    }
}

static void test_qr_text_too_long_is_an_error(void **state)
{
    BadgeLayout l = layout_for("62x100", true, 0);
    l.qr = true;
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    BadgeData d = LOTTA;
    d.qr_text = big;
    char err[256] = "", path[1200];
    snprintf(path, sizeof path, "%s/toolong.pdf", tmp_dir);
    assert_int_equal(badge_write_pdf(*state, &l, &d, path, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "QR"));
}

static void test_logo_that_is_no_png_is_an_error(void **state)
{
    BadgeLayout l = layout_for("62x100", true, 0);
    static const unsigned char gif[] = "GIF89a\x01\x00\x01\x00";
    l.logo_png = gif;
    l.logo_len = sizeof gif;
    char err[256] = "", path[1200];
    snprintf(path, sizeof path, "%s/nologo.pdf", tmp_dir);
    assert_int_equal(badge_write_pdf(*state, &l, &LOTTA, path, NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "PNG"));
}

/* A logo takes the top left; the name goes below it. */
static void test_logo_is_drawn(void **state)
{
    char png[1200], pdf[1200];
    snprintf(png, sizeof png, "%s/logo.png", tmp_dir);
    /* A solid dark 200x80 logo, made by a real encoder. */
    free(run_command("convert -size 200x80 xc:'#102040' '%s'", png));
    FILE *f = fopen(png, "rb");
    assert_non_null(f);
    static unsigned char bytes[65536];
    size_t n = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    BadgeLayout l = layout_for("62x100", true, BADGE_FIELD_ORGANISATION);
    uint32_t *px = NULL;
    int w, h;
    char err[256];
    assert_int_equal(badge_pixels(*state, &l, &LOTTA, 4.0, &px, &w, &h, NULL, err, sizeof err), 0);
    uint32_t corner_before = px[(int)(6 * 4) * w + (int)(8 * 4)];
    free(px);
    l.logo_png = bytes;
    l.logo_len = n;
    assert_int_equal(badge_pixels(*state, &l, &LOTTA, 4.0, &px, &w, &h, NULL, err, sizeof err), 0);
    uint32_t corner = px[(int)(6 * 4) * w + (int)(8 * 4)];
    free(px);
    assert_int_equal(corner_before & 0xFFFFFF, 0xFFFFFF); /* white card without a logo */
    assert_true((corner & 0xFF) < 0x60);                  /* the dark logo there with one */
    snprintf(pdf, sizeof pdf, "%s/logo.pdf", tmp_dir);
    assert_int_equal(badge_write_pdf(*state, &l, &LOTTA, pdf, NULL, err, sizeof err), 0);
    char *images = run_command("pdfimages -list '%s'", pdf);
    assert_non_null(strstr(images, "200    80")); /* the logo, embedded whole */
    free(images);
}

/* ---- Preview ---------------------------------------------------------------------- */

static void test_preview_pixels(void **state)
{
    BadgeLayout l = layout_for("62x100", true, ALL);
    uint32_t *px = NULL;
    int w = 0, h = 0;
    char err[256];
    BadgeFit fit;
    assert_int_equal(badge_pixels(*state, &l, &LOTTA, 4.0, &px, &w, &h, &fit, err, sizeof err), 0);
    /* Upright as seen: 100 x 62 mm at 4 px/mm. */
    assert_int_equal(w, 400);
    assert_int_equal(h, 248);
    size_t dark = 0, white = 0;
    for (int i = 0; i < w * h; i++) {
        uint32_t g = px[i] & 0xFF;
        dark += g < 0x60;
        white += g > 0xF0;
    }
    /* Text on a white card: mostly white, with a few per cent of dark ink. */
    assert_true(white > (size_t)(w * h) * 70 / 100);
    assert_true(dark > (size_t)(w * h) * 2 / 100);
    free(px);
}

/* ---- Golden renders --------------------------------------------------------------- */

static unsigned char *read_pgm(const char *path, int *w, int *h)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    int maxval;
    unsigned char *pix = NULL;
    if (fscanf(f, "P5 %d %d %d", w, h, &maxval) == 3 && maxval == 255 && fgetc(f) != EOF &&
        *w > 0 && *h > 0 && *w < 10000 && *h < 10000) {
        pix = malloc((size_t)*w * (size_t)*h);
        if (pix && fread(pix, 1, (size_t)*w * (size_t)*h, f) != (size_t)*w * (size_t)*h) {
            free(pix);
            pix = NULL;
        }
    }
    fclose(f);
    return pix;
}

static void test_golden_renders(void **state)
{
    static const struct {
        const char *name;
        const char *label;
        unsigned fields;
        bool qr;
        const char *person;
    } cases[] = {
        {"brother-62x100", "62x100", ALL, true, "Lotta Söderberg"},
        {"brother-29x90", "29x90", BADGE_FIELD_ORGANISATION, false, "Karl-Johan Lindqvist-Nyström"},
        {"dymo-54x101", "54x101", ALL, false, "Maria Magdalena Charlotta von Essen-Åkerström"},
    };
    bool update = getenv("MINGEL_UPDATE_GOLDEN") != NULL;
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        BadgeLayout l = layout_for(cases[i].label, true, cases[i].fields);
        l.qr = cases[i].qr;
        BadgeData d = LOTTA;
        d.name = cases[i].person;
        d.qr_text = "mingel:b:0d1e2f3a4b5c6d7e";
        char path[1200], got_path[1200], want_path[1200];
        write_pdf(*state, &l, &d, cases[i].name, path, sizeof path, NULL);
        snprintf(got_path, sizeof got_path, "%s/%s", tmp_dir, cases[i].name);
        free(run_command("pdftoppm -r 72 -gray -singlefile '%s' '%s'", path, got_path));
        strncat(got_path, ".pgm", sizeof got_path - strlen(got_path) - 1);
        snprintf(want_path, sizeof want_path, "%s/%s.pgm", golden_dir, cases[i].name);
        if (update) {
            free(run_command("cp '%s' '%s'", got_path, want_path));
            continue;
        }
        int gw, gh, ww, wh;
        unsigned char *got = read_pgm(got_path, &gw, &gh);
        unsigned char *want = read_pgm(want_path, &ww, &wh);
        if (got == NULL || want == NULL) {
            fail_msg("%s: cannot read %s or %s", cases[i].name, got_path, want_path);
        }
        if (gw != ww || gh != wh) {
            fail_msg("%s: %dx%d, golden %dx%d", cases[i].name, gw, gh, ww, wh);
        }
        size_t differ = 0, n = (size_t)gw * (size_t)gh;
        for (size_t k = 0; k < n; k++) {
            differ += abs((int)got[k] - (int)want[k]) > 64;
        }
        if (differ * 200 > n) {
            fail_msg("%s: %zu of %zu pixels differ from %s (render in %s)", cases[i].name, differ,
                     n, want_path, got_path);
        }
        free(got);
        free(want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labels_known_and_custom),
        cmocka_unit_test(test_page_is_the_label_as_fed),
        cmocka_unit_test(test_text_is_there_and_only_what_is_asked),
        cmocka_unit_test(test_bundled_font_is_embedded),
        cmocka_unit_test(test_long_names_fit),
        cmocka_unit_test(test_short_name_is_large),
        cmocka_unit_test(test_qr_code_scans_from_the_print),
        cmocka_unit_test(test_qr_text_too_long_is_an_error),
        cmocka_unit_test(test_logo_that_is_no_png_is_an_error),
        cmocka_unit_test(test_logo_is_drawn),
        cmocka_unit_test(test_preview_pixels),
        cmocka_unit_test(test_golden_renders),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
