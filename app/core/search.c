/* search: the index behind the check-in screen's name search, answered per keystroke.
 *
 * A full scan, made cheap. With a few hundred thousand attendees at most, scanning a
 * compact index beats keeping a sorted word dictionary up to date while walk-ins are
 * added, and every query takes about the same, predictable time. What keeps it tight:
 *
 *   - Folded words live in one arena, each stored as [length byte][bytes], an entry's
 *     name words first, then its organisation words: one allocation for all the text,
 *     and skipping a word costs one load.
 *   - Each entry has a 64-bit signature in an array of its own (8 bytes per entry): one
 *     bit per word initial, exact for a..z, and a hashed bit per word's first two bytes.
 *     A second array holds hashed bits of each word's first three and four bytes and is
 *     read only for queries with such words. An entry lacking a query word's bits cannot
 *     match it, so most entries are rejected without touching their text.
 *   - The signature test runs without a branch per entry, filling a small batch of
 *     candidate indexes on the stack: whether an entry passes is close to random, and a
 *     mispredicted branch would cost more than the test. Candidates' records and text are
 *     prefetched a few candidates ahead, since the arena is far larger than the caches.
 *   - Queries of single letters (the first keystroke, and the one with the most matches)
 *     are scored from the entry record alone: which letters start the first name, the
 *     other name words and the organisation words, and which are one-letter words.
 *   - Ties are broken by name; the first eight bytes of each name, kept as a number in
 *     the record, settle most of them without reading the arena.
 *   - The best `max` matches are kept in a heap that lives in the caller's out array,
 *     each slot packing the match's score and the entry's index into 32 bits. Queries
 *     never allocate, and any `max` works.
 *
 * The packing limits the index to SEARCH_ENTRIES_MAX entries, far above the roster's own
 * limit (ROSTER_MAX_ROWS). A query only reads the index, so queries may run concurrently
 * with each other, but not with search_add or search_clear.
 */
#include "core/search.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define INDEX_BITS         20
#define INDEX_MASK         ((1u << INDEX_BITS) - 1)
#define SEARCH_ENTRIES_MAX (1u << INDEX_BITS)
#define FOLD_CAP           512 /* bytes of folded name, organisation or query */
#define QUERY_WORDS_MAX    32  /* further query words are ignored */
#define WORD_MAX           255 /* bytes per stored word: its length must fit the length byte */
#define SCAN_BATCH         512 /* entries whose signatures are tested in one pass */
#define PREFETCH_AHEAD     8   /* candidates between prefetching text and using it; */
                               /* records are prefetched twice as far ahead */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

typedef struct Entry {
    uint64_t name_key;      /* first 8 bytes of the folded name, big-endian, zero-padded */
    uint32_t off;           /* arena offset of the entry's first word */
    uint32_t handle;        /* the caller's */
    uint32_t name_initials; /* bit c-'a' set: a name word starts with letter c */
    uint32_t name_letters;  /* bit c-'a' set: the one-letter word "c" is in the name */
    uint32_t org_letters;   /* the same for the organisation */
    uint16_t len;           /* bytes of the entry's words in the arena */
    uint8_t name_words;     /* how many of the words belong to the name (the rest: org) */
    uint8_t first_len;      /* bytes of the first name word (0: no name words) */
} Entry;

struct Search {
    Entry *entries;       /* count used, cap allocated */
    uint64_t *signature;  /* parallel to entries: initials and two-byte prefixes */
    uint64_t *signature2; /* parallel to entries: three- and four-byte prefixes */
    size_t count;
    size_t cap;
    unsigned char *arena; /* all entries' words */
    size_t arena_len;
    size_t arena_cap;
};

/* How well one query word matched an entry, best (highest) of all the entry's words. */
enum {
    MATCH_NONE = 0,
    MATCH_ORG = 1,   /* +1 when the query word is the whole word */
    MATCH_NAME = 3,  /* a later name word (surname, second name) */
    MATCH_FIRST = 5, /* the first word of the name */
    MATCH_BEST = 6,  /* MATCH_FIRST, whole word: nothing can beat it */
};

/* ---- Signatures: the same functions serve entries' words and query words ---------- */

static bool is_letter(unsigned char c)
{
    return c >= 'a' && c <= 'z';
}

/* Bits 0..25 for the initials a..z, 26..31 shared by every other first byte. */
static uint64_t initial_bit(unsigned char c)
{
    return is_letter(c) ? 1ull << (c - 'a') : 1ull << (26 + c % 6);
}

/* Multiplicative (Fibonacci) hashing of the first bytes of a word into 32 or 64 bits. */
static uint64_t pair_bit(const unsigned char *w)
{
    uint32_t v = ((uint32_t)w[0] << 8) | w[1];
    return 1ull << (32 + ((v * 0x9E3779B1u) >> 27));
}

static uint64_t prefix3_bit(const unsigned char *w)
{
    uint32_t v = ((uint32_t)w[0] << 16) | ((uint32_t)w[1] << 8) | w[2];
    return 1ull << ((v * 0x9E3779B1u) >> 26);
}

static uint64_t prefix4_bit(const unsigned char *w)
{
    uint32_t v = ((uint32_t)w[0] << 24) | ((uint32_t)w[1] << 16) | ((uint32_t)w[2] << 8) | w[3];
    return 1ull << ((v * 0x85EBCA77u) >> 26);
}

static void word_bits(const unsigned char *w, size_t len, uint64_t *sig, uint64_t *sig2)
{
    *sig |= initial_bit(w[0]);
    if (len >= 2) {
        *sig |= pair_bit(w);
    }
    if (len >= 3) {
        *sig2 |= prefix3_bit(w);
    }
    if (len >= 4) {
        *sig2 |= prefix4_bit(w);
    }
}

/* ---- Building ----------------------------------------------------------------------- */

Search *search_new(void)
{
    return calloc(1, sizeof(Search));
}

void search_free(Search *s)
{
    if (s == NULL) {
        return;
    }
    free(s->entries);
    free(s->signature);
    free(s->signature2);
    free(s->arena);
    free(s);
}

void search_clear(Search *s)
{
    s->count = 0;
    s->arena_len = 0;
}

size_t search_count(const Search *s)
{
    return s->count;
}

/* Makes room for one more entry and `bytes` more arena bytes. */
static int reserve(Search *s, size_t bytes)
{
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        if (cap > SEARCH_ENTRIES_MAX) {
            cap = SEARCH_ENTRIES_MAX;
        }
        if (cap <= s->count) {
            return -1;
        }
        /* An array that grew before a later one failed is harmless: cap is only raised
         * once all three have. */
        Entry *e = realloc(s->entries, cap * sizeof *e);
        if (e == NULL) {
            return -1;
        }
        s->entries = e;
        uint64_t *sig = realloc(s->signature, cap * sizeof *sig);
        if (sig == NULL) {
            return -1;
        }
        s->signature = sig;
        sig = realloc(s->signature2, cap * sizeof *sig);
        if (sig == NULL) {
            return -1;
        }
        s->signature2 = sig;
        s->cap = cap;
    }
    if (s->arena_cap - s->arena_len < bytes) {
        size_t cap = s->arena_cap ? s->arena_cap : 16384;
        while (cap - s->arena_len < bytes) {
            cap *= 2;
        }
        if (cap > UINT32_MAX) {
            return -1; /* offsets are 32-bit */
        }
        unsigned char *a = realloc(s->arena, cap);
        if (a == NULL) {
            return -1;
        }
        s->arena = a;
        s->arena_cap = cap;
    }
    return 0;
}

/* Appends the words of folded text (single spaces, none leading or trailing) to the arena
 * as [length][bytes] records and adds their bits to the signatures, their initials to
 * *initials and their one-letter words to *letters. Stops after `room` words. Returns
 * the number of words written. */
static size_t put_words(Search *s, const char *folded, size_t room, uint64_t sig[2],
                        uint32_t *initials, uint32_t *letters)
{
    size_t words = 0;
    const char *p = folded;
    while (*p && words < room) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t keep = len;
        if (keep > WORD_MAX) {
            keep = WORD_MAX; /* no real name has such a word; its prefix is enough */
            while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80) {
                keep--; /* never keep half a code point */
            }
        }
        unsigned char *w = s->arena + s->arena_len;
        w[0] = (unsigned char)keep;
        memcpy(w + 1, p, keep);
        s->arena_len += 1 + keep;
        word_bits(w + 1, keep, &sig[0], &sig[1]);
        if (is_letter(w[1])) {
            *initials |= 1u << (w[1] - 'a');
            if (keep == 1) {
                *letters |= 1u << (w[1] - 'a');
            }
        }
        words++;
        p += len;
        if (*p == ' ') {
            p++;
        }
    }
    return words;
}

int search_add(Search *s, uint32_t handle, const char *name, const char *organisation)
{
    char fname[FOLD_CAP];
    char forg[FOLD_CAP];
    size_t nlen = text_fold(fname, sizeof fname, name ? name : "");
    size_t olen = text_fold(forg, sizeof forg, organisation ? organisation : "");

    /* Words are separated by single spaces, so length bytes never outnumber them. */
    if (reserve(s, nlen + olen + 2) != 0) {
        return -1;
    }
    Entry *e = &s->entries[s->count];
    uint64_t sig[2] = {0, 0};
    uint32_t org_initials = 0;
    memset(e, 0, sizeof *e);
    e->off = (uint32_t)s->arena_len;
    e->handle = handle;
    for (size_t i = 0; i < 8 && i < nlen; i++) {
        e->name_key |= (uint64_t)(unsigned char)fname[i] << (56 - 8 * i);
    }
    /* Name words are counted in a byte; any beyond that are kept as organisation words. */
    e->name_words =
        (uint8_t)put_words(s, fname, UINT8_MAX, sig, &e->name_initials, &e->name_letters);
    e->first_len = e->name_words ? s->arena[e->off] : 0;
    put_words(s, forg, (size_t)-1, sig, &org_initials, &e->org_letters);
    /* At most 2 * FOLD_CAP bytes: the 16-bit length cannot overflow. */
    e->len = (uint16_t)(s->arena_len - e->off);
    s->signature[s->count] = sig[0];
    s->signature2[s->count] = sig[1];
    s->count++;
    return 0;
}

/* ---- Matching and scoring ----------------------------------------------------------- */

typedef struct QueryWord {
    const unsigned char *text;
    size_t len;
} QueryWord;

typedef struct Query {
    QueryWord word[QUERY_WORDS_MAX];
    size_t words;
    uint64_t need;       /* signature bits every matching entry has */
    uint64_t need2;      /* the same for the second signature */
    bool single_letters; /* every word is one letter a..z: the entry record tells all */
} Query;

/* Score of a match, higher is better, compared as one number: how many query words hit
 * the name, then how many hit the first name, then how many were whole words. Each count
 * is capped at 15, so a score fits 12 bits. */
static unsigned pack_score(unsigned name, unsigned first, unsigned whole)
{
    name = name > 15 ? 15 : name;
    first = first > 15 ? 15 : first;
    whole = whole > 15 ? 15 : whole;
    return (name << 8) | (first << 4) | whole;
}

/* Matches the entry against the query by its text. Returns false if some query word is a
 * prefix of none of the entry's words; otherwise stores the score. */
static bool match_text(const Search *s, const Entry *e, const Query *q, unsigned *score)
{
    const unsigned char *start = s->arena + e->off;
    const unsigned char *end = start + e->len;
    unsigned name = 0, first = 0, whole = 0;

    for (size_t i = 0; i < q->words; i++) {
        const unsigned char *qt = q->word[i].text;
        size_t ql = q->word[i].len;
        unsigned level = MATCH_NONE;
        size_t index = 0;
        for (const unsigned char *w = start; w < end; w += 1 + w[0], index++) {
            size_t wl = w[0];
            if (wl < ql || w[1] != qt[0]) {
                continue;
            }
            /* Query words are a few bytes: a loop beats a call to memcmp. */
            size_t k = 1;
            while (k < ql && w[1 + k] == qt[k]) {
                k++;
            }
            if (k < ql) {
                continue;
            }
            unsigned here = index == 0 && e->name_words > 0 ? MATCH_FIRST
                            : index < e->name_words         ? MATCH_NAME
                                                            : MATCH_ORG;
            here += wl == ql;
            if (here > level) {
                level = here;
                if (level == MATCH_BEST) {
                    break;
                }
            }
        }
        if (level == MATCH_NONE) {
            return false;
        }
        name += level >= MATCH_NAME;
        first += level >= MATCH_FIRST;
        whole += (level & 1) == 0; /* the whole-word levels are the even ones */
    }
    *score = pack_score(name, first, whole);
    return true;
}

/* Scores an entry whose signature matched a query of single letters a..z: the match is
 * certain, and the entry record tells where the best hit of each letter is and whether
 * it is a whole (one-letter) word there. Written without branches on the entry, whose
 * outcomes would be as good as random. */
static unsigned score_single_letters(const Entry *e, const Query *q)
{
    unsigned name = 0, first = 0, whole = 0;
    const unsigned first_initial = (unsigned)(e->name_key >> 56); /* 0 when no name */
    for (size_t i = 0; i < q->words; i++) {
        const unsigned c = q->word[i].text[0];
        const unsigned k = c - 'a';
        const unsigned is_first = c == first_initial;
        const unsigned in_name = is_first | ((e->name_initials >> k) & 1);
        name += in_name;
        first += is_first;
        whole += is_first   ? e->first_len == 1
                 : in_name ? (e->name_letters >> k) & 1
                           : (e->org_letters >> k) & 1;
    }
    return pack_score(name, first, whole);
}

/* ---- Ordering ----------------------------------------------------------------------- */

/* Compares the entries' folded names word by word. Because every byte of a word sorts
 * above the space, this is the same order as comparing the names as folded strings. */
static int name_cmp(const Search *s, const Entry *a, const Entry *b)
{
    const unsigned char *pa = s->arena + a->off;
    const unsigned char *pb = s->arena + b->off;
    for (size_t i = 0; i < a->name_words && i < b->name_words; i++) {
        size_t la = pa[0], lb = pb[0];
        int c = memcmp(pa + 1, pb + 1, la < lb ? la : lb);
        if (c != 0) {
            return c;
        }
        if (la != lb) {
            return la < lb ? -1 : 1;
        }
        pa += 1 + la;
        pb += 1 + lb;
    }
    return (a->name_words > b->name_words) - (a->name_words < b->name_words);
}

/* Result order: higher score, then folded name ascending, then handle, then insertion. */
static bool better(const Search *s, uint32_t x, uint32_t y)
{
    uint32_t sx = x >> INDEX_BITS, sy = y >> INDEX_BITS;
    if (sx != sy) {
        return sx > sy;
    }
    const Entry *ex = &s->entries[x & INDEX_MASK];
    const Entry *ey = &s->entries[y & INDEX_MASK];
    if (ex->name_key != ey->name_key) {
        return ex->name_key < ey->name_key; /* the key is a prefix of the name string */
    }
    int c = name_cmp(s, ex, ey);
    if (c != 0) {
        return c < 0;
    }
    if (ex->handle != ey->handle) {
        return ex->handle < ey->handle;
    }
    return (x & INDEX_MASK) < (y & INDEX_MASK);
}

/* The heap keeps the worst kept match at the root, so a new match is compared with one
 * slot and most are turned away at once. */
static void sift_down(const Search *s, uint32_t *h, size_t n, size_t i)
{
    uint32_t v = h[i];
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n) {
            break;
        }
        if (c + 1 < n && better(s, h[c], h[c + 1])) {
            c++; /* the worse child */
        }
        if (!better(s, v, h[c])) {
            break;
        }
        h[i] = h[c];
        i = c;
    }
    h[i] = v;
}

static void sift_up(const Search *s, uint32_t *h, size_t i)
{
    uint32_t v = h[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!better(s, h[p], v)) {
            break;
        }
        h[i] = h[p];
        i = p;
    }
    h[i] = v;
}

/* ---- Queries ------------------------------------------------------------------------ */

/* Splits the folded query into words. Returns false when there is none. */
static bool parse_query(Query *q, const char *folded)
{
    const unsigned char *p = (const unsigned char *)folded;
    q->words = 0;
    q->need = 0;
    q->need2 = 0;
    q->single_letters = true;
    while (*p && q->words < QUERY_WORDS_MAX) {
        const unsigned char *w = p;
        while (*p && *p != ' ') {
            p++;
        }
        size_t len = (size_t)(p - w);
        if (*p == ' ') {
            p++;
        }
        if (len > WORD_MAX) {
            len = WORD_MAX + 1; /* longer than any stored word: matches nothing */
        }
        /* Longest words first: they reject an entry soonest. */
        size_t at = q->words++;
        while (at > 0 && q->word[at - 1].len < len) {
            q->word[at] = q->word[at - 1];
            at--;
        }
        q->word[at] = (QueryWord){w, len};
        word_bits(w, len, &q->need, &q->need2);
        if (len != 1 || !is_letter(w[0])) {
            q->single_letters = false;
        }
    }
    return q->words > 0;
}

/* Writes into batch the indexes of entries first..end-1 whose signatures hold the query's
 * bits, and returns how many. */
static size_t filter(const Search *s, const Query *q, size_t first, size_t end, uint32_t *batch)
{
    const uint64_t need = q->need, need2 = q->need2;
    const uint64_t *sig = s->signature, *sig2 = s->signature2;
    size_t n = 0;
    /* Every index is written and kept only if it passes: no branch on the outcome. */
    if (need2 == 0) {
        for (size_t i = first; i < end; i++) {
            batch[n] = (uint32_t)i;
            n += (sig[i] & need) == need;
        }
    } else {
        for (size_t i = first; i < end; i++) {
            batch[n] = (uint32_t)i;
            n += ((sig[i] & need) == need) & ((sig2[i] & need2) == need2);
        }
    }
    return n;
}

size_t search_query(const Search *s, const char *query, uint32_t *out, size_t max)
{
    char folded[FOLD_CAP];
    Query q;
    text_fold(folded, sizeof folded, query ? query : "");
    if (!parse_query(&q, folded)) {
        return 0;
    }

    uint32_t batch[SCAN_BATCH];
    size_t total = 0;
    size_t kept = 0;
    unsigned worst_kept = 0; /* score at the heap's root once the heap is full */
    for (size_t first = 0; first < s->count; first += SCAN_BATCH) {
        size_t end = s->count - first < SCAN_BATCH ? s->count : first + SCAN_BATCH;
        size_t candidates = filter(s, &q, first, end, batch);
        for (size_t c = 0; c < candidates; c++) {
            uint32_t i = batch[c];
            const Entry *e = &s->entries[i];
            unsigned score;
            if (q.single_letters) {
                score = score_single_letters(e, &q);
            } else {
                if (c + 2 * PREFETCH_AHEAD < candidates) {
                    PREFETCH(&s->entries[batch[c + 2 * PREFETCH_AHEAD]]);
                }
                if (c + PREFETCH_AHEAD < candidates) {
                    PREFETCH(s->arena + s->entries[batch[c + PREFETCH_AHEAD]].off);
                }
                if (!match_text(s, e, &q, &score)) {
                    continue;
                }
            }
            total++;
            uint32_t item = ((uint32_t)score << INDEX_BITS) | i;
            if (kept < max) {
                out[kept] = item;
                sift_up(s, out, kept++);
            } else if (max == 0 || score < worst_kept || !better(s, item, out[0])) {
                continue; /* the common case once the heap is full: no heap work at all */
            } else {
                out[0] = item;
                sift_down(s, out, kept, 0);
            }
            worst_kept = out[0] >> INDEX_BITS;
        }
    }

    /* Heapsort: moving the worst to the back each time leaves the best at the front. */
    for (size_t n = kept; n > 1; n--) {
        uint32_t t = out[0];
        out[0] = out[n - 1];
        out[n - 1] = t;
        sift_down(s, out, n - 1, 0);
    }
    for (size_t i = 0; i < kept; i++) {
        out[i] = s->entries[out[i] & INDEX_MASK].handle;
    }
    return total;
}
