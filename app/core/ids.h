/* ids: globally unique, time-ordered record ids and the random source behind them.
 *
 * Every record carries a UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random
 * bits, so ids sort by creation time and the databases of several kiosks merge without
 * collisions. Randomness is passed in (a RandomFn), so tests are repeatable.
 */
#ifndef MINGEL_IDS_H
#define MINGEL_IDS_H

#include <stddef.h>
#include <stdint.h>

/* Fills buf[0..n) with random bytes. Returns 0 on success, -1 on failure. */
typedef int (*RandomFn)(void *ctx, void *buf, size_t n);

/* A RandomFn reading the operating system's CSPRNG (getrandom). ctx is unused. */
int ids_os_random(void *ctx, void *buf, size_t n);

#define IDS_UUID_LEN 36 /* text form without the NUL */

/* Writes a UUIDv7 for time unix_ms into out as 36 lowercase hex characters with dashes,
 * NUL-terminated. Returns 0, or -1 if the random source failed (out is then "").  */
int ids_uuid7(char out[IDS_UUID_LEN + 1], int64_t unix_ms, RandomFn rnd, void *rnd_ctx);

/* Wall-clock time in Unix milliseconds, and a monotonic clock in milliseconds. */
int64_t ids_now_ms(void);
int64_t ids_monotonic_ms(void);

#endif
