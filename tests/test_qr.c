/* Tests for core/qr: versions chosen for known lengths, the version ceiling, the module
 * matrix's fixed patterns, and a real decode: each code is drawn the way a screen shows it
 * (a quiet zone of QR_QUIET_ZONE modules, 4 pixels per module) into a PGM file in
 * $MINGEL_TEST_TMP and read back by zbarimg (Debian package zbar-tools), an independent
 * decoder, so a mistake in how modules are copied or addressed cannot pass unnoticed.
 *
 * The expected versions come from libqrencode itself (level M, 8-bit mode) and agree with
 * the capacity table of ISO/IEC 18004: 14 bytes in version 1, 26 in 2, 213 in 10,
 * 2331 in 40. A missing zbarimg fails the test; it never skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>
#include "core/ids.h"
#include "core/link.h"
#include "core/qr.h"
#include "support.h"

#define SCALE 4 /* pixels per module in the rendered image */

/* A text of n bytes (n < cap) that is not all one character. */
static void text_of(char *out, size_t cap, size_t n)
{
    assert_true(n < cap);
    for (size_t i = 0; i < n; i++) {
        out[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[i % 36];
    }
    out[n] = '\0';
}

static void test_versions_for_known_lengths(void **state)
{
    (void)state;
    static const struct {
        size_t len;
        int max_version;
        int want_version; /* 0: refused with ERANGE */
    } cases[] = {
        {1, 40, 1},    {14, 40, 1},   {15, 40, 2},   {22, 40, 2},    {26, 40, 2},   {27, 40, 3},
        {180, 40, 9},  {181, 40, 10}, {213, 40, 10}, {213, 10, 10},  {214, 40, 11}, {214, 10, 0},
        {214, 11, 11}, {15, 1, 0},    {14, 1, 1},    {2331, 40, 40}, {2332, 40, 0}, {3000, 40, 0},
    };
    static char text[4096];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        QrCode qr;
        text_of(text, sizeof text, cases[i].len);
        errno = 0;
        int rc = qr_encode(text, cases[i].max_version, &qr);
        if (cases[i].want_version == 0) {
            if (rc != -1 || errno != ERANGE) {
                fail_msg("case %zu: %zu bytes, max %d: rc %d errno %d, want -1 ERANGE", i,
                         cases[i].len, cases[i].max_version, rc, errno);
            }
            continue;
        }
        if (rc != 0 || qr.version != cases[i].want_version) {
            fail_msg("case %zu: %zu bytes: rc %d version %d, want version %d", i, cases[i].len, rc,
                     qr.version, cases[i].want_version);
        }
        assert_int_equal(qr.side, 17 + 4 * qr.version);
    }
}

static void test_empty_text_is_refused(void **state)
{
    (void)state;
    QrCode qr;
    errno = 0;
    assert_int_equal(qr_encode("", 40, &qr), -1);
    assert_int_equal(errno, EINVAL);
}

/* The format information word for level M (EC bits 00) and mask 0..7: BCH(15,5) with
 * generator 0x537, masked with 0x5412 (ISO/IEC 18004, annex C). */
static unsigned format_word_m(unsigned mask)
{
    unsigned data = mask; /* level M is 00 in the two high bits */
    unsigned rem = data << 10;
    for (int i = 14; i >= 10; i--) {
        if (rem >> i & 1u) {
            rem ^= 0x537u << (i - 10);
        }
    }
    return ((data << 10) | rem) ^ 0x5412u;
}

/* Reads the two copies of the format information (bit 0 first). Unlike the finder and
 * timing patterns they are not symmetric, so they also catch rows and columns swapped,
 * which zbarimg forgives: it reads mirrored codes. */
static void read_format(const QrCode *qr, unsigned *a, unsigned *b)
{
    int s = qr->side;
    *a = *b = 0;
    for (int i = 0; i < 15; i++) {
        int ax, ay, bx, by;
        if (i < 8) {
            ax = 8, ay = i < 6 ? i : i + 1;
            bx = s - 1 - i, by = 8;
        } else {
            int j = i - 8;
            ax = j == 0 ? 7 : 6 - j, ay = 8;
            bx = 8, by = s - 7 + j;
        }
        *a |= (unsigned)qr_dark(qr, ax, ay) << i;
        *b |= (unsigned)qr_dark(qr, bx, by) << i;
    }
}

/* The code's fixed patterns, in qr_dark's coordinates (x = column, y = row): finder
 * patterns in three corners with a light separator, the timing patterns along row and
 * column 6, the dark module at column 8 of row side - 8, format information saying level
 * M, and nothing outside. */
static void test_fixed_patterns_and_bounds(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "A",
        "https://example.org/f?t=AAECAwQFBgcICQoLDA0ODw",
        "HTTPS://EXAMPLE.ORG/",
        "https://forms.example.org/f?event=arsmote-2025&t=_____________________w&lang=sv",
    };
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        QrCode qr;
        assert_int_equal(qr_encode(texts[t], 40, &qr), 0);
        int s = qr.side;
        const int corners[3][2] = {{0, 0}, {s - 7, 0}, {0, s - 7}};
        for (int c = 0; c < 3; c++) {
            for (int dy = -1; dy <= 7; dy++) {
                for (int dx = -1; dx <= 7; dx++) {
                    int x = corners[c][0] + dx, y = corners[c][1] + dy;
                    if (x < 0 || y < 0 || x >= s || y >= s) {
                        continue;
                    }
                    int ring = dx < 0 || dy < 0 || dx > 6 || dy > 6   ? -1
                               : dx < 1 || dy < 1 || dx > 5 || dy > 5 ? 0
                               : dx < 2 || dy < 2 || dx > 4 || dy > 4 ? 1
                                                                      : 2;
                    bool want = ring == 0 || ring == 2; /* separator and ring 1 are light */
                    if (qr_dark(&qr, x, y) != want) {
                        fail_msg("text %zu: finder %d module (%d,%d) is %s", t, c, x, y,
                                 want ? "light" : "dark");
                    }
                }
            }
        }
        for (int i = 8; i < s - 8; i++) {
            assert_int_equal(qr_dark(&qr, i, 6), i % 2 == 0);
            assert_int_equal(qr_dark(&qr, 6, i), i % 2 == 0);
        }
        assert_true(qr_dark(&qr, 8, s - 8));
        unsigned fa, fb;
        read_format(&qr, &fa, &fb);
        if (fa != fb) {
            fail_msg("text %zu: format copies differ: %#x, %#x", t, fa, fb);
        }
        bool level_m = false;
        for (unsigned mask = 0; mask < 8; mask++) {
            level_m = level_m || fa == format_word_m(mask);
        }
        if (!level_m) {
            fail_msg("text %zu: format %#x is not level M", t, fa);
        }
        assert_false(qr_dark(&qr, -1, 0));
        assert_false(qr_dark(&qr, 0, -1));
        assert_false(qr_dark(&qr, s, 0));
        assert_false(qr_dark(&qr, 0, s));
        assert_false(qr_dark(&qr, s, s));
    }
}

/* Draws qr (or, if qr is NULL, an empty light square) as a binary PGM: light margin of
 * QR_QUIET_ZONE modules, SCALE pixels per module, 0 = dark, 255 = light. */
static void write_pgm(const char *path, const QrCode *qr)
{
    int modules = (qr != NULL ? qr->side : 21) + 2 * QR_QUIET_ZONE;
    int px = modules * SCALE;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_true(fprintf(f, "P5\n%d %d\n255\n", px, px) > 0);
    unsigned char row[(QR_MAX_SIDE + 2 * QR_QUIET_ZONE) * SCALE];
    for (int y = 0; y < px; y++) {
        for (int x = 0; x < px; x++) {
            bool dark =
                qr != NULL && qr_dark(qr, x / SCALE - QR_QUIET_ZONE, y / SCALE - QR_QUIET_ZONE);
            row[x] = dark ? 0 : 255;
        }
        assert_int_equal(fwrite(row, 1, (size_t)px, f), (size_t)px);
    }
    assert_int_equal(fclose(f), 0);
}

/* Fails the test, naming the package, unless zbarimg can be run. */
static void require_zbarimg(void)
{
    int rc = system("command -v zbarimg >/dev/null 2>&1");
    if (rc != 0) {
        fail_msg("zbarimg not found: install the Debian package zbar-tools "
                 "(this test decodes real QR codes and must not be skipped)");
    }
}

/* Runs zbarimg on path; returns its exit status and puts what it printed on stdout, less
 * the newline it ends each symbol with, into out. Its stderr goes to path + ".err". */
static int zbar_decode(const char *path, char *out, size_t cap)
{
    char cmd[4096 + 64];
    assert_null(strchr(path, '\'')); /* quoted for the shell */
    assert_true(snprintf(cmd, sizeof cmd, "zbarimg --quiet --raw '%s' 2>'%s.err'", path, path) <
                (int)sizeof cmd);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, cap - 1, p);
    out[n] = '\0';
    int status = pclose(p);
    assert_true(status != -1 && WIFEXITED(status));
    if (WEXITSTATUS(status) == 127) {
        fail_msg("zbarimg could not be run: install the Debian package zbar-tools");
    }
    if (n > 0 && out[n - 1] == '\n') {
        out[n - 1] = '\0';
    }
    return WEXITSTATUS(status);
}

static void round_trip(const char *name, const char *text, int max_version, int want_version)
{
    char path[4096];
    static char got[8192];
    QrCode qr;
    tmp_path(path, sizeof path, name);
    assert_int_equal(qr_encode(text, max_version, &qr), 0);
    if (want_version > 0) {
        assert_int_equal(qr.version, want_version);
    }
    write_pgm(path, &qr);
    int status = zbar_decode(path, got, sizeof got);
    if (status != 0 || strcmp(got, text) != 0) {
        fail_msg("%s: zbarimg exit %d decoded \"%s\", want \"%s\" (stderr in %s.err)", name, status,
                 got, text, path);
    }
}

/* The harness must be able to fail: an image with no code decodes to nothing. */
static void test_decode_finds_nothing_in_a_blank_image(void **state)
{
    (void)state;
    require_zbarimg();
    char path[4096];
    char got[256];
    tmp_path(path, sizeof path, "blank.pgm");
    write_pgm(path, NULL);
    assert_int_not_equal(zbar_decode(path, got, sizeof got), 0);
    assert_string_equal(got, "");
}

static void test_decode_round_trip_urls(void **state)
{
    (void)state;
    require_zbarimg();
    static const struct {
        const char *name, *text;
        int want_version;
    } cases[] = {
        {"short.pgm", "https://example.org/", 2},
        {"punctuation.pgm", "HTTPS://Example.ORG/a-b_c.d~e/%7Bx%7D?q=1&r=2;s=3#frag!$'()*+,@:", 5},
        {"netigate.pgm",
         "https://www.netigate.se/a/s.aspx?s=1234567X987654321X12345&event=arsmote-2025"
         "&t=AAECAwQFBgcICQoLDA0ODw&lang=sv",
         0},
        {"long_v19.pgm",
         "https://example.org/"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
         "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
         19},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        round_trip(cases[i].name, cases[i].text, 40, cases[i].want_version);
    }

    /* The largest code there is: every module of QrCode.dark is in use. */
    static char full[2332];
    text_of(full, sizeof full, 2331);
    round_trip("v40.pgm", full, 40, 40);
}

/* Links as the kiosk makes them: a real token, an event key that needs encoding, and a
 * template padded so the link is exactly at the limit, 213 bytes in a version-10 code. */
static void test_decode_round_trip_expanded_links(void **state)
{
    (void)state;
    require_zbarimg();
    static const char ms_forms[] =
        "https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAA"
        "AAN__hXxkgdUMUpRT0RXOEY2UVRBNkxQNjJRMUtPMjhGOC4u&r3c5e2a1b={event}&rb7f1e0c4={token}"
        "&lang={lang}";
    static const char key[] = "m\xC3\xB6te 1/2";
    char token[LINK_TOKEN_LEN + 1];
    char link[LINK_URL_MAX];
    char err[256];

    assert_int_equal(link_token(token, ids_os_random, NULL), 0);
    assert_int_equal(link_check_template(ms_forms, key, err, sizeof err), 0);
    assert_true(link_expand(ms_forms, key, token, "en", link, sizeof link) > 0);
    assert_non_null(strstr(link, "r3c5e2a1b=m%C3%B6te%201%2F2&"));
    round_trip("ms_forms.pgm", link, LINK_QR_MAX_VERSION, 0);

    /* Pad a template until its worst-case expansion is exactly 213 bytes. */
    char tmpl[LINK_URL_MAX];
    static const char head[] = "https://example.org/f?e={event}&l={lang}&t={token}&p=";
    size_t fixed = strlen(head) - 20 + strlen("m%C3%B6te%201%2F2") + 2 + LINK_TOKEN_LEN;
    memcpy(tmpl, head, strlen(head));
    size_t pad = 213 - fixed;
    for (size_t i = 0; i < pad; i++) {
        tmpl[strlen(head) + i] = "AbC-._~9"[i % 8];
    }
    tmpl[strlen(head) + pad] = '\0';
    assert_int_equal(link_check_template(tmpl, key, err, sizeof err), 0);
    assert_int_equal(link_expand(tmpl, key, token, "sv", link, sizeof link), 213);
    round_trip("worst_case_213.pgm", link, LINK_QR_MAX_VERSION, 10);

    /* One byte more is refused by the check, as the QR code would be version 11. */
    strcat(tmpl, "x");
    assert_int_equal(link_check_template(tmpl, key, err, sizeof err), -1);
    assert_non_null(strstr(err, "214 bytes expanded, at most 213"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions_for_known_lengths),
        cmocka_unit_test(test_empty_text_is_refused),
        cmocka_unit_test(test_fixed_patterns_and_bounds),
        cmocka_unit_test(test_decode_finds_nothing_in_a_blank_image),
        cmocka_unit_test(test_decode_round_trip_urls),
        cmocka_unit_test(test_decode_round_trip_expanded_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
