/* link: the feedback link behind the QR code on the thank-you screen.
 *
 * The organiser gives a template such as
 *     https://forms.example.org/f?event={event}&t={token}&lang={lang}
 * and the kiosk fills it for each feedback session: {event} with the event's key, {token}
 * with a fresh random token (the only link between a quick rating on the kiosk and a
 * longer answer on the phone, never tied to a person), {lang} with "sv" or "en". Values
 * are percent-encoded (RFC 3986 unreserved characters pass). A template must be an http
 * or https URL with a host, use only known placeholders, and expand to a link short
 * enough for a QR code that scans from a 7" screen (LINK_QR_MAX_VERSION).
 */
#ifndef MINGEL_LINK_H
#define MINGEL_LINK_H

#include <stddef.h>

#include "core/ids.h"

/* Not LINK_URL_MAX: POSIX's <limits.h> has one (hard links per file), and glibc quietly
 * redefines it depending on include order. */
#define LINK_TOKEN_LEN      22  /* 128 random bits in unpadded base64url */
#define LINK_URL_MAX        512 /* bytes of an expanded link, with the NUL */
#define LINK_QR_MAX_VERSION 10  /* 57x57 modules: ~4 px per module at 800x480 */

/* Writes a fresh token from rnd (the OS CSPRNG in the program) into out. Returns 0, or -1
 * if the random source failed (out is then ""). */
int link_token(char out[LINK_TOKEN_LEN + 1], RandomFn rnd, void *rnd_ctx);

/* Checks a template. event_key is the event's key (its length counts). Returns 0, or -1
 * with a one-line reason in err ("not an http(s) URL", "unknown placeholder {x}", "too
 * long for a QR code: N bytes expanded, at most M"). */
int link_check_template(const char *tmpl, const char *event_key, char *err, size_t errcap);

/* Expands a checked template into out (capacity cap). Returns the length, or -1 if it does
 * not fit. */
int link_expand(const char *tmpl, const char *event_key, const char *token, const char *lang,
                char *out, size_t cap);

#endif
