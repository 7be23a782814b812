/* mo: lookup in a GNU gettext .mo catalogue held in memory.
 *
 * The bytes may come from anywhere (the embedded copy, or a test's damaged copy), so
 * nothing is trusted: every offset and length is checked against size before it is used,
 * with arithmetic that cannot wrap. A string counts as present only if it ends with a NUL
 * inside the bytes, so the caller may treat what it gets as a C string. The lookup is a
 * binary search over the sorted originals, comparing the key in pieces (context, \x04,
 * msgid) so no buffer is needed and no key is too long.
 */
#include "core/mo.h"

#include <stdint.h>
#include <string.h>

#define MO_MAGIC UINT32_C(0x950412de)

enum {
    MO_HEADER_SIZE = 28, /* bytes: seven 32-bit words */
    MO_ENTRY_SIZE = 8,   /* bytes: length, offset */
    MO_CONTEXT_SEP = 0x04
};

/* A catalogue whose header has been read and checked. */
typedef struct MoView {
    const unsigned char *bytes;
    size_t size;    /* bytes */
    int big_endian; /* 1 when the words are stored most significant byte first */
    size_t count;   /* entries */
    size_t orig;    /* offset of the originals table */
    size_t trans;   /* offset of the translations table */
} MoView;

static uint32_t word_at(const unsigned char *p, int big_endian)
{
    if (big_endian) {
        return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
    }
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* Reads and checks the header: magic in either byte order, a known major revision, and
 * both tables inside the bytes. Returns MO_OK and fills v, or the problem. */
static MoError view_open(MoView *v, const unsigned char *mo, size_t size)
{
    if (!mo || size < MO_HEADER_SIZE) {
        return MO_E_SHORT;
    }
    if (word_at(mo, 0) == MO_MAGIC) {
        v->big_endian = 0;
    } else if (word_at(mo, 1) == MO_MAGIC) {
        v->big_endian = 1;
    } else {
        return MO_E_MAGIC;
    }
    /* Major revisions 0 and 1 share the tables read here; 1 only adds system-dependent
     * strings, which msgfmt writes for c-format strings with <inttypes.h> macros. */
    if (word_at(mo + 4, v->big_endian) >> 16 > 1) {
        return MO_E_REVISION;
    }
    v->bytes = mo;
    v->size = size;
    v->count = word_at(mo + 8, v->big_endian);
    v->orig = word_at(mo + 12, v->big_endian);
    v->trans = word_at(mo + 16, v->big_endian);
    size_t max_entries = size / MO_ENTRY_SIZE;
    if (v->count > max_entries || v->orig > size || v->trans > size ||
        v->count * MO_ENTRY_SIZE > size - v->orig || v->count * MO_ENTRY_SIZE > size - v->trans) {
        return MO_E_TABLE;
    }
    return MO_OK;
}

/* Entry i of the table at offset table: the string and its length in *len (without the
 * NUL), or NULL if it does not lie inside the bytes with a NUL after it. */
static const unsigned char *view_string(const MoView *v, size_t table, size_t i, size_t *len)
{
    const unsigned char *e = v->bytes + table + i * MO_ENTRY_SIZE;
    size_t n = word_at(e, v->big_endian);
    size_t off = word_at(e + 4, v->big_endian);
    if (off > v->size || n >= v->size - off || v->bytes[off + n] != '\0') {
        return NULL;
    }
    *len = n;
    return v->bytes + off;
}

/* Compares the key "ctxt\x04msgid" (or "msgid" without a context) with s[0..n) the way
 * strcmp orders them (bytes as unsigned char; s ends at its first NUL or at n, which is
 * how msgfmt sorted the table). Returns <0, 0 or >0 like strcmp(key, s). */
static int key_compare(const char *ctxt, const char *msgid, const unsigned char *s, size_t n)
{
    static const char sep[] = {MO_CONTEXT_SEP, '\0'};
    const char *parts[3] = {ctxt, sep, msgid};
    size_t i = 0;
    for (int p = ctxt ? 0 : 2; p < 3; p++) {
        for (const unsigned char *k = (const unsigned char *)parts[p]; *k; k++, i++) {
            unsigned char c = i < n ? s[i] : 0;
            if (*k != c) {
                return *k < c ? -1 : 1;
            }
        }
    }
    return i < n && s[i] != 0 ? -1 : 0;
}

const char *mo_lookup(const unsigned char *mo, size_t size, const char *ctxt, const char *msgid)
{
    MoView v;
    if (!msgid || !*msgid || view_open(&v, mo, size) != MO_OK) {
        return NULL;
    }
    size_t lo = 0, hi = v.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t n;
        const unsigned char *s = view_string(&v, v.orig, mid, &n);
        if (!s) {
            return NULL;
        }
        int cmp = key_compare(ctxt, msgid, s, n);
        if (cmp < 0) {
            hi = mid;
        } else if (cmp > 0) {
            lo = mid + 1;
        } else {
            const unsigned char *t = view_string(&v, v.trans, mid, &n);
            return t && n > 0 && t[0] != '\0' ? (const char *)t : NULL;
        }
    }
    return NULL;
}

MoError mo_check(const unsigned char *mo, size_t size)
{
    MoView v;
    MoError rc = view_open(&v, mo, size);
    if (rc != MO_OK) {
        return rc;
    }
    const unsigned char *prev = NULL;
    for (size_t i = 0; i < v.count; i++) {
        size_t n;
        const unsigned char *s = view_string(&v, v.orig, i, &n);
        if (!s || !view_string(&v, v.trans, i, &n)) {
            return MO_E_STRING;
        }
        /* Both are NUL-terminated inside the bytes, so strcmp stays in bounds. */
        if (prev && strcmp((const char *)prev, (const char *)s) >= 0) {
            return MO_E_ORDER;
        }
        prev = s;
    }
    return MO_OK;
}
