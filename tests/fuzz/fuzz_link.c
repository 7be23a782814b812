/* fuzz_link: feedback-link templates, link_check_template and link_expand, on any text.
 *
 * The input, NUL-terminated, is the template an organiser wrote; it is checked against
 * four event keys (a usual one, an empty one, the longest an event file allows, and one
 * that needs percent-encoding). A refusal comes with a one-line reason. A template that
 * passes must keep link.h's promise for every link the kiosk makes from it: expanded with
 * a real token and with the check's worst-case token, in Swedish and in English, it fits
 * LINK_URL_MAX, is printable ASCII without spaces, starts with the template's http(s)
 * scheme, fits a QR code of version LINK_QR_MAX_VERSION, and passes the check itself;
 * and link_expand into a buffer one byte too small says so instead of cutting the link.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/link.h"
#include "core/qr.h"
#include "core/text.h"
#include "fuzz.h"

static const char *const KEYS[] = {
    "drift-2026-11",
    "",
    "2026-11-26-driftchefsnatverket-hosttraff-kompetensforsorjning-a", /* 63 bytes */
    "m\xC3\xB6te 1/2?&=#%{token}",
};

static const char *const TOKENS[] = {
    "Zx_9-kQ2mP7vL0wR4tY8uB", /* a real token: base64url, with '-' and '_' */
    "AAAAAAAAAAAAAAAAAAAAAA", /* the one link_check_template assumes */
};

static const char *const LANGS[] = {"sv", "en"};

static void check_link(const char *tmpl, const char *key, const char *link, int n)
{
    FUZZ_CHECK(n >= 0 && n < LINK_URL_MAX && (size_t)n == strlen(link));
    for (int i = 0; i < n; i++) {
        FUZZ_CHECK(link[i] > ' ' && link[i] < 0x7F); /* printable ASCII, no space */
    }
    size_t scheme = strncasecmp(tmpl, "https://", 8) == 0 ? 8 : 7;
    FUZZ_CHECK(strncasecmp(tmpl, link, scheme) == 0);

    /* Too small by one byte: refused and emptied, never cut. */
    char *small = malloc((size_t)n);
    FUZZ_CHECK(small != NULL || n == 0);
    if (small) {
        memset(small, 'x', (size_t)n);
        FUZZ_CHECK(link_expand(tmpl, key, TOKENS[0], "sv", small, (size_t)n) == -1);
        FUZZ_CHECK(small[0] == '\0');
        free(small);
    }
}

static void check_template(const char *tmpl, const char *key)
{
    char why[256];
    memset(why, 0x55, sizeof why);
    if (link_check_template(tmpl, key, why, sizeof why) != 0) {
        FUZZ_CHECK(fuzz_text_ok(why, sizeof why) && why[0] != '\0');
        return;
    }
    int length = -1;
    for (size_t t = 0; t < sizeof TOKENS / sizeof TOKENS[0]; t++) {
        for (size_t l = 0; l < sizeof LANGS / sizeof LANGS[0]; l++) {
            char link[LINK_URL_MAX];
            int n = link_expand(tmpl, key, TOKENS[t], LANGS[l], link, sizeof link);
            check_link(tmpl, key, link, n);
            /* Tokens and languages have fixed lengths: so has every link. */
            FUZZ_CHECK(length < 0 || n == length);
            length = n;
        }
    }
    /* One link stands for all in what costs a QR code: in 8-bit mode only the length
     * decides the version, and the checks on characters are the same for every token. */
    char link[LINK_URL_MAX];
    FUZZ_CHECK(link_expand(tmpl, key, TOKENS[0], "sv", link, sizeof link) == length);
    static QrCode qr;
    FUZZ_CHECK(qr_encode(link, LINK_QR_MAX_VERSION, &qr) == 0);
    FUZZ_CHECK(qr.version >= 1 && qr.version <= LINK_QR_MAX_VERSION);
    FUZZ_CHECK(link_check_template(link, key, why, sizeof why) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *tmpl = fuzz_strndup(data, size);
    for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++) {
        check_template(tmpl, KEYS[k]);
    }
    free(tmpl);
    return 0;
}
