/* fuzz: what the fuzz targets share.
 *
 * Each tests/fuzz/fuzz_*.c defines LLVMFuzzerTestOneInput and is built twice: against
 * libFuzzer (-DMINGEL_FUZZ=ON with clang) to search for crashes, and in every normal
 * build against replay_main.c, which feeds it the files of its seed corpus and its
 * regressions so that CTest re-runs every finding on each build. A broken invariant is a
 * finding like a crash: FUZZ_CHECK prints it and aborts, which libFuzzer (and CTest)
 * report as a failure.
 */
#ifndef MINGEL_FUZZ_H
#define MINGEL_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

/* The entry point libFuzzer calls for every input; data[0..size) is the input. Returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts with file, line and the failed condition when cond is false. */
#define FUZZ_CHECK(cond) ((cond) ? (void)0 : fuzz_fail(__FILE__, __LINE__, #cond))

static inline void fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
    abort();
}

/* A NUL-terminated copy of data[0..size) in a block of exactly size + 1 bytes, so that
 * AddressSanitizer catches a read past the end. The caller frees it; aborts when out of
 * memory (there is nothing to learn from an input then). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    FUZZ_CHECK(s != NULL);
    if (size > 0) {
        memcpy(s, data, size);
    }
    s[size] = '\0';
    return s;
}

/* True when s is NUL-terminated within cap bytes, valid UTF-8, and free of control
 * characters (C0, DEL, C1), except tabs when tabs is true. */
static inline bool fuzz_line_ok(const char *s, size_t cap, bool tabs)
{
    const char *end = memchr(s, '\0', cap);
    if (end == NULL) {
        return false;
    }
    size_t n = (size_t)(end - s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (k == 0 || (cp < 0x20 && !(tabs && cp == '\t')) || (cp >= 0x7F && cp <= 0x9F)) {
            return false;
        }
        i += k;
    }
    return true;
}

/* True when s holds the kind of text the kiosk may store and show: NUL-terminated within
 * cap bytes, valid UTF-8, and free of control characters (C0, DEL, C1). */
static inline bool fuzz_text_ok(const char *s, size_t cap)
{
    return fuzz_line_ok(s, cap, false);
}

/* True when the message err (capacity cap) is one line of valid text that starts with
 * "NAME:", as the organiser's messages must ("NAME:LINE: ..." or "NAME: ..."). Tabs may
 * appear where a message quotes the file. */
static inline bool fuzz_message_ok(const char *err, size_t cap, const char *name)
{
    size_t n = strlen(name);
    return fuzz_line_ok(err, cap, true) && strncmp(err, name, n) == 0 && err[n] == ':';
}

/* True when short is what a caller with a smaller buffer gets of full: a prefix of it
 * (messages are cut at a code point boundary, never changed). */
static inline bool fuzz_is_prefix(const char *shorter, const char *full)
{
    return strncmp(shorter, full, strlen(shorter)) == 0;
}

#endif
