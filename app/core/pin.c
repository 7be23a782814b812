/* pin: the admin PIN, hashed with libsodium's crypto_pwhash_str, and the lockout policy
 * (contract in pin.h).
 *
 * crypto_pwhash_str is Argon2id with a random salt, and writes a self-describing string
 * ("$argon2id$v=19$m=16384,t=3,p=1$salt$hash"), so verifying needs nothing but that string:
 * the limits it was made with travel inside it. The wait after failures (counted in the
 * database, pin_wait_ms) is what stops guessing at the kiosk itself.
 */
#include "core/pin.h"

#include <sodium.h>
#include <string.h>

/* Below libsodium's "interactive" preset (2 passes over 64 MiB): that preset briefly
 * doubles the kiosk's resident memory and takes about a second on a Raspberry Pi 3. A PIN
 * of six digits is protected by the counted lockout, not by the cost of one hash (a stolen
 * database file can be searched through all 10^6 PINs at any cost), so the hash only has
 * to keep the PIN out of plain sight. Each hash string records its own limits, so hashes
 * made with other limits still verify. */
#define PIN_OPSLIMIT 3                   /* passes */
#define PIN_MEMLIMIT (16u * 1024 * 1024) /* bytes */

_Static_assert(STORE_PIN_HASH_MAX == crypto_pwhash_STRBYTES,
               "the store's hash buffer must hold a crypto_pwhash_str string");

#define PIN_FREE_FAILURES 3           /* failed attempts that cost no wait */
#define PIN_FIRST_WAIT_MS (30 * 1000) /* after the first failure past those */
#define PIN_MAX_WAIT_MS   (15 * 60 * 1000)

int pin_init(void)
{
    /* 0 the first time, 1 when already done; -1 only if libsodium cannot be used. */
    return sodium_init() < 0 ? -1 : 0;
}

bool pin_valid(const char *pin)
{
    if (!pin) {
        return false;
    }
    size_t n = 0;
    for (; pin[n]; n++) {
        if (pin[n] < '0' || pin[n] > '9' || n >= PIN_MAX_DIGITS) {
            return false;
        }
    }
    return n >= PIN_MIN_DIGITS;
}

int pin_hash(const char *pin, char hash[STORE_PIN_HASH_MAX])
{
    hash[0] = '\0';
    if (!pin_valid(pin)) {
        return -1;
    }
    if (crypto_pwhash_str(hash, pin, strlen(pin), PIN_OPSLIMIT, PIN_MEMLIMIT) != 0) {
        hash[0] = '\0'; /* out of memory */
        return -1;
    }
    return 0;
}

bool pin_matches(const char *hash, const char *pin)
{
    /* A string that is not a PIN cannot match; checking its form first leaks only that. */
    if (!hash || !pin_valid(pin) || !memchr(hash, '\0', STORE_PIN_HASH_MAX)) {
        return false;
    }
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0;
}

int64_t pin_wait_ms(int failures)
{
    /* failures: 0-3 -> 0; 4 -> 30 s; 5 -> 60 s; 6 -> 2 min; 7 -> 4 min; 8 -> 8 min;
     * 9 and more -> 15 min. */
    if (failures <= PIN_FREE_FAILURES) {
        return 0;
    }
    int64_t wait = PIN_FIRST_WAIT_MS;
    for (int i = PIN_FREE_FAILURES + 1; i < failures && wait < PIN_MAX_WAIT_MS; i++) {
        wait *= 2;
    }
    return wait < PIN_MAX_WAIT_MS ? wait : PIN_MAX_WAIT_MS;
}

void pin_wipe(char *pin, size_t cap)
{
    if (pin && cap > 0) {
        sodium_memzero(pin, cap);
    }
}
