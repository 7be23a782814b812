/* qr: QR codes for the feedback link, the only file that includes qrencode.h.
 *
 * Encodes text as a QR code with error correction level M in 8-bit byte mode and returns
 * the module matrix; drawing (the quiet zone of four modules, integer pixel scaling) is
 * the UI's job. The struct holds the largest code there is, so no allocation escapes.
 */
#ifndef MINGEL_QR_H
#define MINGEL_QR_H

#include <stdbool.h>
#include <stddef.h>

#define QR_MAX_SIDE   177 /* modules per side of a version-40 code */
#define QR_QUIET_ZONE 4   /* modules of light margin a reader needs on each side */

typedef struct QrCode {
    int side;                                      /* modules per side, quiet zone excluded */
    int version;                                   /* 1..40 */
    unsigned char dark[QR_MAX_SIDE * QR_MAX_SIDE]; /* row-major, 1 = dark module */
} QrCode;

/* Encodes text (NUL-terminated, at most max_version's capacity). Returns 0, or -1 if the
 * text is empty, does not fit in a code of version <= max_version (1..40) at level M,
 * or libqrencode fails (errno tells). */
int qr_encode(const char *text, int max_version, QrCode *out);

/* True if the module at column x, row y is dark; false outside the code. */
bool qr_dark(const QrCode *qr, int x, int y);

#endif
