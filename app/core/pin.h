/* pin: the organiser's admin PIN, hashed with libsodium, and the lockout policy.
 *
 * Only crypto_pwhash_str's hash is ever stored (in the store's admin table); the PIN
 * itself lives in memory only while it is typed and is wiped after checking. Wrong PINs
 * cost a growing wait, counted in the database so a restart does not reset it.
 */
#ifndef MINGEL_PIN_H
#define MINGEL_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/store.h"

#define PIN_MIN_DIGITS 6
#define PIN_MAX_DIGITS 12

/* Initialises libsodium; call once at start. Returns 0, or -1 if it cannot be used. */
int pin_init(void);

/* True if pin is PIN_MIN_DIGITS..PIN_MAX_DIGITS ASCII digits. */
bool pin_valid(const char *pin);

/* Hashes pin into hash (crypto_pwhash_str, interactive limits). Returns 0, or -1 if the
 * PIN is not valid or libsodium fails (out of memory). */
int pin_hash(const char *pin, char hash[STORE_PIN_HASH_MAX]);

/* True if pin matches hash (constant-time, as crypto_pwhash_str_verify is). */
bool pin_matches(const char *hash, const char *pin);

/* How long after the last failure the next attempt must wait, in ms, after `failures`
 * failed attempts in a row: none for the first three, then 30 s doubling per failure up to
 * 15 minutes. */
int64_t pin_wait_ms(int failures);

/* Overwrites a PIN buffer so it does not linger in memory. */
void pin_wipe(char *pin, size_t cap);

#endif
