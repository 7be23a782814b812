/* mo: reads GNU gettext .mo catalogues held in memory, for i18n.
 *
 * The kiosk's translations live in po/<lang>.po; the build compiles each one with msgfmt
 * and embeds the .mo bytes in the program (a generated C file defines mo_catalogue), so a
 * kiosk never depends on files or locales installed on the machine. This module only
 * reads such bytes: no allocation, no global state, no libintl, no setlocale. Every read
 * is bounds-checked, so a truncated or damaged catalogue gives "no translation", never a
 * crash.
 *
 * The .mo layout (both byte orders are accepted): a header of 32-bit words (magic
 * 0x950412de, revision, entry count N, offset of the originals table, offset of the
 * translations table, hash table size and offset), then two tables of N (length, offset)
 * pairs. The originals are sorted bytewise, which makes a binary search possible; an
 * entry with a context is stored as "context\x04msgid".
 */
#ifndef MINGEL_MO_H
#define MINGEL_MO_H

#include <stddef.h>

typedef enum MoError {
    MO_OK = 0,
    MO_E_SHORT,    /* smaller than the header */
    MO_E_MAGIC,    /* not a .mo file */
    MO_E_REVISION, /* a major revision this reader does not know */
    MO_E_TABLE,    /* a string table lies outside the bytes */
    MO_E_STRING,   /* a string lies outside the bytes or lacks its terminating NUL */
    MO_E_ORDER     /* originals not strictly sorted: binary search would miss entries */
} MoError;

/* The translation of msgid in context ctxt (NULL for none) in the catalogue mo[0..size).
 * Returns a NUL-terminated string inside mo (valid as long as mo is), or NULL when mo is
 * NULL or not a readable .mo file, msgid is NULL or "", the entry is missing, or its
 * translation is empty. Only the header and the entries the search visits are checked,
 * so a call costs O(log N). */
const char *mo_lookup(const unsigned char *mo, size_t size, const char *ctxt, const char *msgid);

/* Checks a whole catalogue: header, every string in bounds and NUL-terminated, originals
 * strictly sorted. Returns MO_OK or the first problem found. O(N) time: meant for tests
 * and tools, not for every lookup. */
MoError mo_check(const unsigned char *mo, size_t size);

/* The catalogue embedded in the program for the language code lang ("sv", "en"); its size
 * in *size. Returns NULL (and *size = 0) for a language the build did not embed. The bytes
 * are static and read-only. Defined in the generated file mo_catalogues.c (see
 * cmake/EmbedCatalogues.cmake). */
const unsigned char *mo_catalogue(const char *lang, size_t *size);

#endif
