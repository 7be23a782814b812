/* ids: record ids (UUIDv7), the operating system's random source and the two clocks.
 *
 * Several kiosks write records offline and their databases are merged afterwards, so an
 * id must be unique without coordination and should sort by creation time (which keeps
 * SQLite's indexes append-mostly). UUIDv7 (RFC 9562) gives both: 48 bits of Unix
 * milliseconds, then 74 random bits. The clock and the random source are arguments, so
 * tests pin both; the program passes ids_now_ms() and ids_os_random.
 */
#include "core/ids.h"

#include <errno.h>
#include <sys/random.h>
#include <time.h>

int ids_os_random(void *ctx, void *buf, size_t n)
{
    (void)ctx;
    unsigned char *p = buf;
    while (n > 0) {
        /* getrandom may return fewer bytes than asked (large requests, signals); before the
         * pool is initialised at early boot it blocks, which is what we want for tokens. */
        ssize_t got = getrandom(p, n, 0);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;
        }
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

int ids_uuid7(char out[IDS_UUID_LEN + 1], int64_t unix_ms, RandomFn rnd, void *rnd_ctx)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char b[16];

    /* The field is an unsigned 48-bit count: clamp rather than wrap, so a clock set before
     * 1970 or far in the future still yields a well-formed id. */
    uint64_t ms = unix_ms < 0 ? 0 : (uint64_t)unix_ms;
    if (ms > 0xFFFFFFFFFFFFull) {
        ms = 0xFFFFFFFFFFFFull;
    }
    if (rnd == NULL || rnd(rnd_ctx, b + 6, 10) != 0) {
        out[0] = '\0';
        return -1;
    }
    for (int i = 0; i < 6; i++) {
        b[i] = (unsigned char)(ms >> (40 - 8 * i)); /* big-endian: ids sort as text */
    }
    b[6] = (unsigned char)(0x70 | (b[6] & 0x0F)); /* version 7 */
    b[8] = (unsigned char)(0x80 | (b[8] & 0x3F)); /* variant 10 (RFC 9562) */

    char *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            *o++ = '-';
        }
        *o++ = hex[b[i] >> 4];
        *o++ = hex[b[i] & 0x0F];
    }
    *o = '\0';
    return 0;
}

static int64_t clock_ms(clockid_t id)
{
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) {
        return 0; /* only with an invalid clock id, which these callers never pass */
    }
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t ids_now_ms(void)
{
    return clock_ms(CLOCK_REALTIME);
}

int64_t ids_monotonic_ms(void)
{
    return clock_ms(CLOCK_MONOTONIC);
}
