/* link: feedback-link templates, their expansion, and the random token they carry.
 *
 * An organiser types the template into the event file, so it gets the kind of check a
 * person can act on: one line saying what is wrong and where. The template is checked
 * once, when the event is loaded, and it is checked against the worst case (the real
 * event key, a full-length token, a two-letter language): if that fits a version-10 QR
 * code, every link the kiosk makes from it does too, and the thank-you screen never has
 * to handle "too long" while a guest is looking at it.
 *
 * Values are percent-encoded on the way in, and the template's own text is copied as is:
 * organisers paste links from form services that already encode their own query strings,
 * and encoding them a second time would break the link. That is also why non-ASCII and
 * spaces in the template are errors rather than something we quietly fix.
 */
#include "core/link.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/qr.h"

/* Bytes of 8-bit data a version-10 QR code holds at level M, found by asking libqrencode
 * (tests/test_qr.c pins it: 213 bytes give version 10, 214 give version 11). Only used in
 * the message; qr_encode is what decides. */
#define LINK_QR_MAX_BYTES 213

_Static_assert(LINK_QR_MAX_BYTES < LINK_URL_MAX, "a QR-sized link must fit the link buffer");

enum { PH_EVENT, PH_TOKEN, PH_LANG, PH_COUNT };

static const char *const placeholder_names[PH_COUNT] = {"event", "token", "lang"};

/* The template is checked with the longest token there is; all token characters are
 * unreserved, so percent-encoding never makes a token longer. */
static const char worst_token[LINK_TOKEN_LEN + 1] = "AAAAAAAAAAAAAAAAAAAAAA";

/* Index of the placeholder named by the len bytes at name, or -1 if there is none. */
static int placeholder_find(const char *name, size_t len)
{
    for (int i = 0; i < PH_COUNT; i++) {
        if (strlen(placeholder_names[i]) == len && memcmp(placeholder_names[i], name, len) == 0) {
            return i;
        }
    }
    return -1;
}

/* At p, which points at '{': the placeholder that starts there, or -1 (then p is
 * literal text). *len is set to its length with both braces. */
static int placeholder_at(const char *p, size_t *len)
{
    const char *close = strchr(p, '}');
    if (close == NULL) {
        return -1;
    }
    int ph = placeholder_find(p + 1, (size_t)(close - p - 1));
    if (ph >= 0) {
        *len = (size_t)(close - p) + 1;
    }
    return ph;
}

static bool is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_hex(unsigned char c)
{
    return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

/* RFC 3986 section 2.3. */
static bool is_unreserved(unsigned char c)
{
    return is_alpha(c) || is_digit(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* An output buffer that counts what would have been written, like snprintf, so one pass
 * both fills the buffer and says how long the whole result is. */
typedef struct Sink {
    char *out;  /* may be NULL when cap is 0 */
    size_t cap; /* bytes at out, with room for the NUL */
    size_t len; /* bytes produced so far, written or not */
} Sink;

static void sink_put(Sink *s, char c)
{
    if (s->len + 1 < s->cap) {
        s->out[s->len] = c;
    }
    s->len++;
}

static void sink_put_encoded(Sink *s, const char *value)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *v = (const unsigned char *)value; *v != '\0'; v++) {
        if (is_unreserved(*v)) {
            sink_put(s, (char)*v);
        } else {
            sink_put(s, '%');
            sink_put(s, hex[*v >> 4]);
            sink_put(s, hex[*v & 0x0F]);
        }
    }
}

/* Expands tmpl with values[PH_*] into out (capacity cap, truncated and NUL-terminated if
 * cap > 0). Returns the length of the full expansion. Anything that is not a known
 * placeholder is literal text. */
static size_t expand(const char *tmpl, const char *const values[PH_COUNT], char *out, size_t cap)
{
    Sink s = {out, cap, 0};
    for (const char *p = tmpl; *p != '\0';) {
        size_t len = 0;
        int ph = *p == '{' ? placeholder_at(p, &len) : -1;
        if (ph >= 0) {
            sink_put_encoded(&s, values[ph]);
            p += len;
        } else {
            sink_put(&s, *p++);
        }
    }
    if (cap > 0) {
        out[s.len < cap ? s.len : cap - 1] = '\0';
    }
    return s.len;
}

/* Writes a formatted reason into err (if there is room for one) and returns -1. */
static int fail(char *err, size_t errcap, const char *fmt, ...)
{
    if (err != NULL && errcap > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errcap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Length of the "http://" or "https://" prefix of s (the scheme in any case), or 0. */
static size_t scheme_len(const char *s)
{
    static const char *const schemes[] = {"http://", "https://"};
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        size_t n = strlen(schemes[i]);
        size_t k = 0;
        while (k < n && s[k] != '\0' &&
               (s[k] == schemes[i][k] ||
                (is_alpha((unsigned char)s[k]) && (s[k] | 0x20) == schemes[i][k]))) {
            k++;
        }
        if (k == n) {
            return n;
        }
    }
    return 0;
}

/* Checks the authority [p, end): a host name or an [IPv6] literal, then an optional
 * ":port". User info ("user@") is not accepted: forms services do not use it and it is a
 * classic way to disguise where a link goes. */
static int check_authority(const char *p, const char *end, char *err, size_t errcap)
{
    if (p == end) {
        return fail(err, errcap, "no host after the scheme (e.g. https://forms.example.org/)");
    }
    if (*p == '[') {
        const char *close = memchr(p, ']', (size_t)(end - p));
        if (close == NULL) {
            return fail(err, errcap, "'[' in the host has no matching ']'");
        }
        if (close == p + 1) {
            return fail(err, errcap, "empty IPv6 address in the host");
        }
        for (const char *q = p + 1; q < close; q++) {
            if (!is_hex((unsigned char)*q) && *q != ':' && *q != '.') {
                return fail(err, errcap, "invalid character '%c' in the IPv6 address", *q);
            }
        }
        p = close + 1;
        if (p < end && *p != ':') {
            return fail(err, errcap, "invalid character '%c' after the IPv6 address", *p);
        }
    } else {
        const char *host = p;
        while (p < end && *p != ':') {
            unsigned char c = (unsigned char)*p;
            if (!is_alpha(c) && !is_digit(c) && c != '-' && c != '.') {
                return fail(err, errcap, "invalid character '%c' in the host%s", c,
                            c == '{' ? " (placeholders belong in the path or query)" : "");
            }
            p++;
        }
        if (p == host) {
            return fail(err, errcap, "no host after the scheme (e.g. https://forms.example.org/)");
        }
        if (!is_alpha((unsigned char)*host) && !is_digit((unsigned char)*host)) {
            return fail(err, errcap, "the host must start with a letter or digit");
        }
        for (const char *q = host; q + 1 < p; q++) {
            if (q[0] == '.' && q[1] == '.') {
                return fail(err, errcap, "empty name between dots in the host");
            }
        }
    }
    if (p < end) { /* at ':' */
        p++;
        long port = 0;
        int digits = 0;
        for (; p < end && is_digit((unsigned char)*p) && digits < 6; p++, digits++) {
            port = port * 10 + (*p - '0');
        }
        if (p != end || digits == 0 || port < 1 || port > 65535) {
            return fail(err, errcap, "the port after ':' must be a number from 1 to 65535");
        }
    }
    return 0;
}

int link_token(char out[LINK_TOKEN_LEN + 1], RandomFn rnd, void *rnd_ctx)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    unsigned char b[16];
    assert(out != NULL);

    if (rnd == NULL || rnd(rnd_ctx, b, sizeof b) != 0) {
        out[0] = '\0';
        return -1;
    }
    /* base64url (RFC 4648 section 5) without padding: five groups of three bytes give 20
     * characters, the 16th byte gives two more, the second carrying its low two bits. */
    char *o = out;
    for (size_t i = 0; i + 3 <= sizeof b; i += 3) {
        unsigned long v = (unsigned long)b[i] << 16 | (unsigned long)b[i + 1] << 8 | b[i + 2];
        *o++ = alphabet[(v >> 18) & 0x3F];
        *o++ = alphabet[(v >> 12) & 0x3F];
        *o++ = alphabet[(v >> 6) & 0x3F];
        *o++ = alphabet[v & 0x3F];
    }
    *o++ = alphabet[b[15] >> 2];
    *o++ = alphabet[(b[15] & 0x03) << 4];
    *o = '\0';
    assert(o - out == LINK_TOKEN_LEN);
    return 0;
}

int link_check_template(const char *tmpl, const char *event_key, char *err, size_t errcap)
{
    assert(tmpl != NULL && event_key != NULL);

    size_t skip = scheme_len(tmpl);
    if (skip == 0) {
        return fail(err, errcap, "not an http(s) URL: it must start with http:// or https://");
    }
    /* Characters first, so "https://exa mple.org" is reported as the space it is. */
    for (size_t i = 0; tmpl[i] != '\0'; i++) {
        unsigned char c = (unsigned char)tmpl[i];
        if (c >= 0x80) {
            return fail(err, errcap,
                        "non-ASCII character at byte %zu: percent-encode it yourself "
                        "(UTF-8, e.g. %%C3%%B6 for \xC3\xB6)",
                        i + 1);
        }
        if (c == ' ') {
            return fail(err, errcap, "space at byte %zu: percent-encode it as %%20", i + 1);
        }
        if (c < 0x20 || c == 0x7F) {
            return fail(err, errcap, "control character at byte %zu", i + 1);
        }
    }
    const char *authority = tmpl + skip;
    const char *path = authority + strcspn(authority, "/?#");
    if (check_authority(authority, path, err, errcap) != 0) {
        return -1;
    }
    for (const char *p = path; *p != '\0'; p++) {
        if (*p == '}') {
            return fail(err, errcap, "'}' at byte %zu has no matching '{'", (size_t)(p - tmpl) + 1);
        }
        if (*p != '{') {
            continue;
        }
        const char *close = p + 1 + strcspn(p + 1, "{}");
        if (*close != '}') {
            return fail(err, errcap, "unclosed '{' at byte %zu", (size_t)(p - tmpl) + 1);
        }
        size_t len = (size_t)(close - p - 1);
        if (placeholder_find(p + 1, len) < 0) {
            return fail(err, errcap, "unknown placeholder {%.*s}; use {event}, {token} or {lang}",
                        len > 40 ? 40 : (int)len, p + 1);
        }
        p = close;
    }

    /* The worst case every later link must fit: a QR code the kiosk can show large
     * enough to scan (LINK_QR_MAX_VERSION), which is well inside LINK_URL_MAX. */
    const char *const values[PH_COUNT] = {event_key, worst_token, "sv"};
    char link[LINK_URL_MAX];
    size_t n = expand(tmpl, values, link, sizeof link);
    bool too_long = n >= sizeof link;
    if (!too_long) {
        QrCode qr;
        if (qr_encode(link, LINK_QR_MAX_VERSION, &qr) != 0) {
            if (errno != ERANGE) {
                return fail(err, errcap, "cannot make a QR code of the link: %s", strerror(errno));
            }
            too_long = true;
        }
    }
    if (too_long) {
        return fail(err, errcap,
                    "too long for a QR code that scans from the kiosk: %zu bytes expanded, "
                    "at most %d",
                    n, LINK_QR_MAX_BYTES);
    }
    return 0;
}

int link_expand(const char *tmpl, const char *event_key, const char *token, const char *lang,
                char *out, size_t cap)
{
    assert(tmpl != NULL && event_key != NULL && token != NULL && lang != NULL);
    assert(out != NULL || cap == 0);

    const char *const values[PH_COUNT] = {event_key, token, lang};
    size_t n = expand(tmpl, values, out, cap);
    if (n >= cap || n > INT_MAX) {
        if (cap > 0) {
            out[0] = '\0';
        }
        return -1;
    }
    return (int)n;
}
