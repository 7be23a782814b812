/* qr: text to a QR module matrix through libqrencode; the only file that includes qrencode.h.
 *
 * The feedback link is shown as a QR code on the thank-you screen. libqrencode returns a
 * heap-allocated QRcode whose bytes carry several flags per module (bit 0 = dark); we copy
 * just the dark bit into the caller's QrCode and free the library's object at once, so
 * nothing from libqrencode escapes this file. Level M (15% recovery) is the usual
 * compromise for a screen: level H would need a larger version for the same link, and a
 * larger version means smaller modules on a 7" panel. 8-bit mode keeps the capacity
 * independent of what the text contains (213 bytes at version 10, the kiosk's limit).
 */
#include "core/qr.h"

#include <assert.h>
#include <errno.h>
#include <string.h>

#include <qrencode.h>

int qr_encode(const char *text, int max_version, QrCode *out)
{
    assert(text != NULL && out != NULL);
    assert(max_version >= 1 && max_version <= 40);

    if (text[0] == '\0') {
        errno = EINVAL; /* a code with no data says nothing; libqrencode refuses it too */
        return -1;
    }
    /* Version 0 asks for the smallest version that holds the text; libqrencode fails with
     * ERANGE only past version 40, so our own ceiling is checked afterwards. */
    errno = 0;
    QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (code == NULL) {
        if (errno == 0) {
            errno = EINVAL; /* not documented to happen; keep "errno tells" true */
        }
        return -1;
    }
    if (code->version > max_version) {
        QRcode_free(code);
        errno = ERANGE; /* same meaning as libqrencode's own "too long" */
        return -1;
    }
    assert(code->width == 17 + 4 * code->version && code->width <= QR_MAX_SIDE);

    out->side = code->width;
    out->version = code->version;
    size_t n = (size_t)code->width * (size_t)code->width;
    for (size_t i = 0; i < n; i++) {
        out->dark[i] = code->data[i] & 1u;
    }
    memset(out->dark + n, 0, sizeof out->dark - n);
    QRcode_free(code);
    return 0;
}

bool qr_dark(const QrCode *qr, int x, int y)
{
    assert(qr != NULL);
    if (x < 0 || y < 0 || x >= qr->side || y >= qr->side) {
        return false;
    }
    return qr->dark[(size_t)y * (size_t)qr->side + (size_t)x] != 0;
}
