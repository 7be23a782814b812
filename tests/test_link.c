/* Tests for core/link: which feedback-link templates an organiser may use and the reason
 * given for those refused, how values are percent-encoded into a link, the length limit
 * at the QR boundary (213 bytes expanded at version 10, level M), and the tokens.
 *
 * Template cases are modelled on the form services Swedish organisers actually paste
 * (Microsoft Forms, Google Forms prefilled links, Netigate), with made-up ids of realistic
 * length, because their length is what decides whether a link fits the QR code.
 */
/* link.h before <limits.h>: the order in which a macro named like POSIX's LINK_MAX was
 * silently replaced; the renamed one must survive it. */
#include "core/link.h"
#include <limits.h>
_Static_assert(LINK_URL_MAX == 512, "<limits.h> changed link.h's LINK_URL_MAX");

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "core/ids.h"
#include "support.h"

#define KEY "arsmote-2025"

/* Bytes of a link at the QR limit (version 10, level M, 8-bit mode). */
#define QR_LIMIT 213

static int fixed_random(void *ctx, void *buf, size_t n)
{
    assert_int_equal(n, 16);
    memcpy(buf, ctx, n);
    return 0;
}

/* Writes into out (cap >= len + 1) a template "https://example.org/" padded with 'a' to
 * len bytes, ending in "?t={token}" when with_token, so its expansion is len + 15 bytes
 * (len without). */
static void padded_template(char *out, size_t cap, size_t len, int with_token)
{
    static const char head[] = "https://example.org/";
    static const char tail[] = "?t={token}";
    size_t tail_len = with_token ? strlen(tail) : 0;
    assert_true(len + 1 <= cap && len >= strlen(head) + tail_len);
    memset(out, 'a', len);
    memcpy(out, head, strlen(head));
    memcpy(out + len - tail_len, tail, tail_len);
    out[len] = '\0';
}

static void test_good_templates_pass(void **state)
{
    (void)state;
    static const char *const cases[] = {
        /* Microsoft Forms: one long id, then prefill parameters named by question id. */
        "https://forms.office.com/Pages/ResponsePage.aspx?id=DQSIkWdsW0yxEjajBLZtrQAAAAAAAAAA"
        "AAN__hXxkgdUMUpRT0RXOEY2UVRBNkxQNjJRMUtPMjhGOC4u&r3c5e2a1b={event}&rb7f1e0c4={token}"
        "&lang={lang}",
        /* Google Forms prefilled link: many query parameters. */
        "https://docs.google.com/forms/d/e/1FAIpQLSfD4zX9m2bq7Yc8nLkQ0wJtVhR5sGuE3pA6iO1yTxZc_"
        "vBnMw/viewform?usp=pp_url&entry.1023456789={event}&entry.2098765432={token}"
        "&entry.1357924680={lang}",
        /* Netigate. */
        "https://www.netigate.se/a/s.aspx?s=1234567X987654321X12345&event={event}&t={token}"
        "&lang={lang}",
        /* A plain page, no placeholders at all ({token} is recommended, not required). */
        "https://example.org/feedback",
        "https://example.org",
        /* http with a port, on an IPv4 address and on a name. */
        "http://192.168.1.10:8080/f?e={event}&t={token}",
        "http://intranet.example:80/survey/{lang}/{event}?t={token}",
        /* Scheme in any case, host in any case, IPv6 literal, fragment, percent escapes and
         * other URL punctuation in the literal text. */
        "HTTPS://Forms.Example.ORG/f?t={token}",
        "http://[fd00::1]:8443/f?t={token}",
        "http://[::ffff:192.0.2.1]/f",
        "https://example.org/f#t={token}&l={lang}",
        "https://example.org/a%20b/%C3%B6?x=1;y=2&z=~a.b-c_d!$'()*+,@:/{token}",
        "https://example.org/{event}{event}{token}{lang}",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        if (link_check_template(cases[i], KEY, err, sizeof err) != 0) {
            fail_msg("case %zu refused: %s (%s)", i, err, cases[i]);
        }
    }
}

static void test_bad_templates_give_reason(void **state)
{
    (void)state;
    static const struct {
        const char *tmpl;
        const char *want; /* a fragment of the message */
    } cases[] = {
        {"ftp://example.org/f", "not an http(s) URL"},
        {"forms.example.org/f?t={token}", "not an http(s) URL"},
        {"", "not an http(s) URL"},
        {"https:/example.org/", "not an http(s) URL"},
        {"httpx://example.org/", "not an http(s) URL"},
        {"https://", "no host"},
        {"https:///f", "no host"},
        {"https://?t={token}", "no host"},
        {"https://:8080/f", "no host"},
        {"https://example.org/f?name=Anna Svensson", "space at byte 32: percent-encode it as %20"},
        {"https://exa mple.org/", "space at byte 12"},
        {"https://example.org/m\xC3\xB6te", "non-ASCII character at byte 22"},
        {"https://example.org/m\xC3\xB6te", "percent-encode it yourself"},
        {"https://ex\xC3\xA4mple.org/", "non-ASCII"},
        {"https://example.org/\tx", "control character at byte 21"},
        {"https://example.org/x\x7F", "control character"},
        {"https://example.org/f?n={name}",
         "unknown placeholder {name}; use {event}, {token} or {lang}"},
        {"https://example.org/f?n={}", "unknown placeholder {}"},
        {"https://example.org/f?e={Event}", "unknown placeholder {Event}"},
        {"https://example.org/f?t={token", "unclosed '{' at byte 25"},
        {"https://example.org/f?t={tok{en}", "unclosed '{' at byte 25"},
        {"https://example.org/f?t={", "unclosed '{'"},
        {"https://example.org/f?t=token}", "'}' at byte 30 has no matching '{'"},
        {"https://user@example.org/", "invalid character '@' in the host"},
        {"https://{event}.example.org/", "placeholders belong in the path or query"},
        {"https://exa_mple.org/", "invalid character '_' in the host"},
        {"https://.example.org/", "must start with a letter or digit"},
        {"https://-example.org/", "must start with a letter or digit"},
        {"https://example..org/", "empty name between dots"},
        {"https://example.org:/f", "port"},
        {"https://example.org:0/f", "port"},
        {"https://example.org:65536/f", "port"},
        {"https://example.org:0000080/f", "port"},
        {"https://example.org:80a/f", "port"},
        {"https://[fd00::1/f", "no matching ']'"},
        {"https://[]/f", "empty IPv6 address"},
        {"https://[fd00::g]/f", "invalid character 'g' in the IPv6 address"},
        {"https://[fd00::1]x/f", "after the IPv6 address"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        if (link_check_template(cases[i].tmpl, KEY, err, sizeof err) != -1) {
            fail_msg("case %zu accepted: %s", i, cases[i].tmpl);
        }
        if (strstr(err, cases[i].want) == NULL) {
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err, cases[i].want);
        }
        assert_null(strchr(err, '\n')); /* one line */
    }
}

/* The limit sits exactly at the QR capacity, counts the real event key and a full token,
 * and the message gives the true expanded length even past LINK_URL_MAX. */
static void test_length_limit_is_the_qr_capacity(void **state)
{
    (void)state;
    static const struct {
        size_t tmpl_len;
        int with_token;
        const char *key;
        int want_rc;
        const char *want; /* exact message when refused */
    } cases[] = {
        {QR_LIMIT, 0, KEY, 0, ""},
        {QR_LIMIT + 1, 0, KEY, -1,
         "too long for a QR code that scans from the kiosk: 214 bytes expanded, at most 213"},
        {QR_LIMIT - 15, 1, KEY, 0, ""}, /* {token} (7) becomes 22 bytes */
        {QR_LIMIT - 14, 1, KEY, -1,
         "too long for a QR code that scans from the kiosk: 214 bytes expanded, at most 213"},
        {LINK_URL_MAX - 1, 0, KEY, -1,
         "too long for a QR code that scans from the kiosk: 511 bytes expanded, at most 213"},
        {LINK_URL_MAX - 1, 1, KEY,
         -1, /* the expansion no longer fits LINK_URL_MAX: still counted */
         "too long for a QR code that scans from the kiosk: 526 bytes expanded, at most 213"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char tmpl[LINK_URL_MAX];
        char err[256] = "";
        padded_template(tmpl, sizeof tmpl, cases[i].tmpl_len, cases[i].with_token);
        int rc = link_check_template(tmpl, cases[i].key, err, sizeof err);
        if (rc != cases[i].want_rc) {
            fail_msg("case %zu: rc %d, want %d (%s)", i, rc, cases[i].want_rc, err);
        }
        if (rc != 0) {
            assert_string_equal(err, cases[i].want);
        }
    }

    /* The event key counts, percent-encoded: 8 bytes of "möte 1/2" become 17. */
    char tmpl[LINK_URL_MAX];
    char err[256] = "";
    padded_template(tmpl, sizeof tmpl, QR_LIMIT - 17, 0);
    strcat(tmpl, "{event}"); /* expands to exactly QR_LIMIT bytes */
    assert_int_equal(link_check_template(tmpl, "m\xC3\xB6te 1/2", err, sizeof err), 0);
    assert_int_equal(link_check_template(tmpl, "m\xC3\xB6te 1/23", err, sizeof err), -1);
    assert_string_equal(
        err, "too long for a QR code that scans from the kiosk: 214 bytes expanded, at most 213");
}

/* err may be NULL or short; the message is cut, never overrun. */
static void test_check_error_buffer_is_optional_and_bounded(void **state)
{
    (void)state;
    assert_int_equal(link_check_template("ftp://x", KEY, NULL, 0), -1);
    assert_int_equal(link_check_template("https://example.org/", KEY, NULL, 0), 0);

    char err[8];
    memset(err, 'x', sizeof err);
    assert_int_equal(link_check_template("ftp://x", KEY, err, 5), -1);
    assert_string_equal(err, "not ");
    assert_int_equal(err[5], 'x');
}

static void test_expand_encodes_values(void **state)
{
    (void)state;
    static const struct {
        const char *tmpl, *key, *token, *lang, *want;
    } cases[] = {
        {"https://example.org/f?e={event}&t={token}&l={lang}", "m\xC3\xB6te 1/2", "abc-_XYZ", "sv",
         "https://example.org/f?e=m%C3%B6te%201%2F2&t=abc-_XYZ&l=sv"},
        {"https://example.org/{lang}/{event}", "A-z.0_9~", "t", "en",
         "https://example.org/en/A-z.0_9~"},
        {"https://example.org/?e={event}", "a&b=c?d#e%f+g", "t", "sv",
         "https://example.org/?e=a%26b%3Dc%3Fd%23e%25f%2Bg"},
        {"https://example.org/?e={event}", "\x01\x7F\xFF", "t", "sv",
         "https://example.org/?e=%01%7F%FF"},
        /* The template's own text is copied as is, escapes and all. */
        {"HTTPS://Example.org/a%20b/%C3%B6?x={event}#{token}", "k", "T0k", "sv",
         "HTTPS://Example.org/a%20b/%C3%B6?x=k#T0k"},
        {"https://example.org/{event}{event}/{token}{token}", "k", "t", "sv",
         "https://example.org/kk/tt"},
        {"https://example.org/?e={event}&t={token}", "", "", "sv", "https://example.org/?e=&t="},
        {"https://example.org/feedback", "k", "t", "sv", "https://example.org/feedback"},
        /* Not a placeholder (the check refuses these, expansion leaves them alone). */
        {"https://example.org/{name}/{tok{token}/{lang", "k", "t", "sv",
         "https://example.org/{name}/{tokt/{lang"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[LINK_URL_MAX];
        int n = link_expand(cases[i].tmpl, cases[i].key, cases[i].token, cases[i].lang, out,
                            sizeof out);
        if (n < 0 || strcmp(out, cases[i].want) != 0) {
            fail_msg("case %zu: got %d \"%s\", want \"%s\"", i, n, out, cases[i].want);
        }
        assert_int_equal((size_t)n, strlen(cases[i].want));
    }
}

static void test_expand_respects_capacity(void **state)
{
    (void)state;
    static const char tmpl[] = "https://x.org/{event}"; /* expands to 18 bytes with "k%20" */
    char out[32];

    assert_int_equal(link_expand(tmpl, "k ", "t", "sv", out, 19), 18);
    assert_string_equal(out, "https://x.org/k%20");

    memset(out, 'x', sizeof out);
    assert_int_equal(link_expand(tmpl, "k ", "t", "sv", out, 18), -1);
    assert_string_equal(out, "");
    assert_int_equal(out[18], 'x'); /* nothing past cap */

    assert_int_equal(link_expand(tmpl, "k ", "t", "sv", out, 1), -1);
    assert_string_equal(out, "");
    assert_int_equal(link_expand(tmpl, "k ", "t", "sv", NULL, 0), -1);
}

static void test_token_vectors(void **state)
{
    (void)state;
    /* Expected values from RFC 4648 base64url with the padding removed. */
    static const struct {
        unsigned char bytes[16];
        const char *want;
    } cases[] = {
        {{0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e,
          0x0f},
         "AAECAwQFBgcICQoLDA0ODw"},
        {{0}, "AAAAAAAAAAAAAAAAAAAAAA"},
        {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
          0xff},
         "_____________________w"},
        {{0xfb, 0xef, 0xbe, 0xfb, 0xef, 0xbe, 0xfb, 0xef, 0xbe, 0xfb, 0xef, 0xbe, 0xfb, 0xef, 0xbe,
          0xfb},
         "---------------------w"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[LINK_TOKEN_LEN + 1];
        unsigned char bytes[16];
        memcpy(bytes, cases[i].bytes, sizeof bytes);
        assert_int_equal(link_token(out, fixed_random, bytes), 0);
        assert_string_equal(out, cases[i].want);
    }
}

static void test_token_from_os_is_fresh_base64url(void **state)
{
    (void)state;
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char a[LINK_TOKEN_LEN + 1], b[LINK_TOKEN_LEN + 1];
    assert_int_equal(link_token(a, ids_os_random, NULL), 0);
    assert_int_equal(link_token(b, ids_os_random, NULL), 0);
    assert_int_equal(strlen(a), LINK_TOKEN_LEN);
    assert_int_equal(strlen(b), LINK_TOKEN_LEN);
    assert_int_equal(strspn(a, alphabet), LINK_TOKEN_LEN);
    assert_int_equal(strspn(b, alphabet), LINK_TOKEN_LEN);
    assert_string_not_equal(a, b);

    /* A token needs no encoding, so a link holds it exactly. */
    char out[LINK_URL_MAX];
    assert_int_equal(link_expand("https://x.org/?t={token}", KEY, a, "sv", out, sizeof out),
                     17 + LINK_TOKEN_LEN);
    assert_string_equal(out + 17, a);
}

static void test_token_random_failure_gives_empty(void **state)
{
    (void)state;
    char out[LINK_TOKEN_LEN + 1] = "x";
    assert_int_equal(link_token(out, failing_random, NULL), -1);
    assert_string_equal(out, "");
    strcpy(out, "x");
    assert_int_equal(link_token(out, NULL, NULL), -1);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_templates_pass),
        cmocka_unit_test(test_bad_templates_give_reason),
        cmocka_unit_test(test_length_limit_is_the_qr_capacity),
        cmocka_unit_test(test_check_error_buffer_is_optional_and_bounded),
        cmocka_unit_test(test_expand_encodes_values),
        cmocka_unit_test(test_expand_respects_capacity),
        cmocka_unit_test(test_token_vectors),
        cmocka_unit_test(test_token_from_os_is_fresh_base64url),
        cmocka_unit_test(test_token_random_failure_gives_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
