/* search: the index behind the check-in screen's name search, answered per keystroke.
 *
 * A full scan, made cheap. With a few hundred thousand attendees at most, scanning a
 * compact index beats keeping a sorted word dictionary up to date while walk-ins are
 * added, and every query takes about the same, predictable time. At 100,000 attendees
 * the index is larger than the CPU's caches and a scan is bound by memory traffic, so
 * the layout is chosen to keep the bytes a query touches few:
 *
 *   - Per-entry data is split into arrays by use (a column store), so each kind of query
 *     reads only the columns it needs.
 *   - Each entry has a 64-bit signature: one bit per word initial, exact for a..z, and a
 *     hashed bit per word's first two bytes. A second column holds hashed bits of each
 *     word's first three and four bytes, read only for queries with such words. An entry
 *     lacking a query word's bits cannot match it, so most entries are rejected after one
 *     or two 8-byte loads.
 *   - The signature test runs without a branch per entry, filling a small batch of
 *     candidate indexes on the stack: whether an entry passes is close to random, and a
 *     mispredicted branch would cost more than the test.
 *   - Queries of single letters (the first keystroke, and the one with the most matches)
 *     are scored from one more 8-byte column: the letters starting the name's words, the
 *     first name's initial, and the name's one-letter words.
 *   - Other queries compare text. Folded words are stored as [length byte][bytes]. Names
 *     live in one arena; organisations, which many attendees share, are stored once each
 *     (found again through a hash table when added), so the per-entry text is just the
 *     name, and the organisations' text stays in cache. Candidates' text is prefetched a
 *     few candidates ahead.
 *   - Ties are broken by name; the first four bytes of each name, kept as a number next
 *     to where the name is, settle most of them without reading the arena.
 *   - The best `max` matches are kept in a heap that lives in the caller's out array,
 *     each slot packing the match's score and the entry's index into 32 bits. Queries
 *     never allocate, and any `max` works.
 *
 * Two additions keep that shape:
 *   - Names whose letters carry diacritics also keep their words with them (text_fold_exact)
 *     in a second arena, read only for queries typed with diacritics, so "jö" can put
 *     Jörgen and Jönsson before Joakim at the cost of one more comparison per candidate.
 *     Plain-ASCII names, most of them, store nothing extra.
 *   - Near misses (search_suggest, asked only when a query matches nobody) scan the same
 *     columns with a looser test: a misspelt word's first letter is taken as typed (or
 *     swapped with the second), so the letters column (name initials, exact for a..z)
 *     rejects most entries before any text is read, and the organisations (few) are read
 *     once per query for the ones with such a word; each candidate's words are then
 *     compared with one linear pass per kind of edit (one_edit_prefix), never a distance
 *     table.
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
#define WORDS_MAX          255 /* words kept per name or organisation */
#define SUGGEST_WORD_MIN   3   /* shorter query words are never taken as misspelt: with one */
                               /* edit, "jo" would be a near miss of almost every name */
#define SCAN_BATCH     512     /* entries whose signatures are tested in one pass */
#define PREFETCH_AHEAD 8       /* candidates between prefetching a name and reading it; */
                               /* its place record is prefetched twice as far ahead */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* The letters column, for single-letter queries. Bit c-'a' of each 26-bit field stands
 * for letter c. */
#define LET_INITIALS_SHIFT 0            /* letters that start a name word */
#define LET_LETTERS_SHIFT  26           /* letters that are a whole name word */
#define LET_FIRST_SHIFT    52           /* 8 bits: first byte of the name (0: no name) */
#define LET_FIRST_WHOLE    (1ull << 60) /* the first name word is that one byte */
#define LET_ORG_LETTERS    (1ull << 61) /* the organisation has one-letter words */

typedef struct Place {
    uint32_t name_off;  /* in the names arena */
    uint32_t org;       /* index into orgs */
    uint32_t name_key;  /* first 4 bytes of the folded name, big-endian, zero-padded */
    uint32_t exact_off; /* in the exact arena: the name's words with their diacritics */
    uint16_t name_len;  /* bytes of the name's words in the arena */
    uint16_t exact_len; /* bytes of them in the exact arena; 0: the same as the folded */
    uint8_t name_words; /* words of the name */
} Place;

typedef struct Org {
    uint64_t sig;     /* signature bits of its words */
    uint64_t sig2;    /* second-signature bits of its words */
    uint32_t off;     /* in the organisations' text */
    uint32_t hash;    /* of its stored words */
    uint32_t letters; /* bit c-'a' set: the one-letter word "c" is in it */
    uint16_t len;     /* bytes of its words */
} Org;

struct Search {
    size_t count; /* entries */
    size_t cap;   /* entries the columns below have room for */
    uint64_t *signature;
    uint64_t *signature2;
    uint64_t *letters;
    Place *place;
    uint32_t *handle; /* the caller's, read only for the results */

    unsigned char *names; /* every entry's name words */
    size_t names_len;
    size_t names_cap;
    unsigned char *exact; /* the name words, with diacritics, of names that have any */
    size_t exact_len;
    size_t exact_cap;

    Org *orgs; /* every distinct organisation, including the empty one */
    size_t org_count;
    size_t org_cap;
    unsigned char *org_text;
    size_t org_text_len;
    size_t org_text_cap;
    uint32_t *org_table;  /* open addressing on Org.hash: org index + 1, 0 = free */
    size_t org_table_cap; /* a power of two, at least twice org_count */
};

/* How well one query word matched an entry, best (highest) of all the entry's words. */
enum {
    MATCH_NONE = 0,
    MATCH_ORG = 1,   /* +1 when the query word is the whole word */
    MATCH_NAME = 3,  /* a later name word (surname, second name) */
    MATCH_FIRST = 5, /* the first word of the name */
};

/* ---- Signatures: the same functions serve stored words and query words ------------- */

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

/* Folded text turned into stored words, with what the columns need to know about them. */
typedef struct Words {
    unsigned char text[FOLD_CAP + 1]; /* [length][bytes] records */
    size_t len;                       /* bytes used in text */
    size_t count;                     /* words */
    size_t first_len;                 /* bytes of the first word */
    uint64_t sig, sig2;               /* signature bits */
    uint32_t initials;                /* bit c-'a': a word starts with letter c */
    uint32_t letters;                 /* bit c-'a': "c" is a word */
} Words;

/* Stores folded text (single spaces, none leading or trailing) as words. A folded string
 * of n bytes takes at most n + 1 bytes this way, as a length byte replaces each space. */
static void make_words(Words *ws, const char *folded)
{
    const char *p = folded;
    ws->len = ws->count = ws->first_len = 0;
    ws->sig = ws->sig2 = 0;
    ws->initials = ws->letters = 0;
    while (*p && ws->count < WORDS_MAX) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        size_t keep = len;
        if (keep > WORD_MAX) {
            keep = WORD_MAX; /* no real name has such a word; its prefix is enough */
            while (keep > 0 && ((unsigned char)p[keep] & 0xC0) == 0x80) {
                keep--; /* never keep half a code point */
            }
        }
        unsigned char *w = ws->text + ws->len;
        w[0] = (unsigned char)keep;
        memcpy(w + 1, p, keep);
        ws->len += 1 + keep;
        if (ws->count == 0) {
            ws->first_len = keep;
        }
        ws->count++;
        word_bits(w + 1, keep, &ws->sig, &ws->sig2);
        if (is_letter(w[1])) {
            ws->initials |= 1u << (w[1] - 'a');
            if (keep == 1) {
                ws->letters |= 1u << (w[1] - 'a');
            }
        }
        p += len;
        if (*p == ' ') {
            p++;
        }
    }
}

/* Returns p (an array of *cap elements of `size` bytes) with room for at least `need`
 * elements, doubling from `initial`, and updates *cap; or NULL when out of memory, with p
 * and *cap unchanged. Never NULL on success, even for need 0. */
static void *grow(void *p, size_t *cap, size_t need, size_t size, size_t initial)
{
    if (p != NULL && need <= *cap) {
        return p;
    }
    size_t n = *cap ? *cap : initial;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size) {
            return NULL;
        }
        n *= 2;
    }
    void *q = realloc(p, n * size);
    if (q != NULL) {
        *cap = n;
    }
    return q;
}

/* Room for one more entry in every column. */
static int reserve_entry(Search *s)
{
    if (s->count < s->cap) {
        return 0;
    }
    if (s->count >= SEARCH_ENTRIES_MAX) {
        return -1;
    }
    size_t cap = s->cap ? s->cap * 2 : 256;
    /* A column that grew before a later one failed is harmless: cap is raised only once
     * all of them have. */
    void *p;
    if ((p = realloc(s->signature, cap * sizeof *s->signature)) == NULL) {
        return -1;
    }
    s->signature = p;
    if ((p = realloc(s->signature2, cap * sizeof *s->signature2)) == NULL) {
        return -1;
    }
    s->signature2 = p;
    if ((p = realloc(s->letters, cap * sizeof *s->letters)) == NULL) {
        return -1;
    }
    s->letters = p;
    if ((p = realloc(s->place, cap * sizeof *s->place)) == NULL) {
        return -1;
    }
    s->place = p;
    if ((p = realloc(s->handle, cap * sizeof *s->handle)) == NULL) {
        return -1;
    }
    s->handle = p;
    s->cap = cap;
    return 0;
}

static uint32_t hash_bytes(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 16777619u;
    }
    return h;
}

/* Rebuilds the organisation table with cap slots (a power of two). */
static int rehash_orgs(Search *s, size_t cap)
{
    uint32_t *table = calloc(cap, sizeof *table);
    if (table == NULL) {
        return -1;
    }
    for (size_t i = 0; i < s->org_count; i++) {
        size_t slot = s->orgs[i].hash & (cap - 1);
        while (table[slot] != 0) {
            slot = (slot + 1) & (cap - 1);
        }
        table[slot] = (uint32_t)i + 1;
    }
    free(s->org_table);
    s->org_table = table;
    s->org_table_cap = cap;
    return 0;
}

/* Finds the organisation with these words, adding it if it is new. Returns its index in
 * *org, or -1 when out of memory. */
static int intern_org(Search *s, const Words *ws, uint32_t *org)
{
    if ((s->org_count + 1) * 2 > s->org_table_cap &&
        rehash_orgs(s, s->org_table_cap ? s->org_table_cap * 2 : 64) != 0) {
        return -1;
    }
    uint32_t h = hash_bytes(ws->text, ws->len);
    size_t mask = s->org_table_cap - 1;
    size_t slot = h & mask;
    for (; s->org_table[slot] != 0; slot = (slot + 1) & mask) {
        const Org *o = &s->orgs[s->org_table[slot] - 1];
        if (o->hash == h && o->len == ws->len &&
            memcmp(s->org_text + o->off, ws->text, ws->len) == 0) {
            *org = s->org_table[slot] - 1;
            return 0;
        }
    }
    if (s->org_text_len + ws->len > UINT32_MAX) {
        return -1; /* offsets are 32-bit */
    }
    Org *orgs = grow(s->orgs, &s->org_cap, s->org_count + 1, sizeof *orgs, 64);
    if (orgs == NULL) {
        return -1;
    }
    s->orgs = orgs;
    unsigned char *text = grow(s->org_text, &s->org_text_cap, s->org_text_len + ws->len, 1, 4096);
    if (text == NULL) {
        return -1;
    }
    s->org_text = text;
    Org *o = &s->orgs[s->org_count];
    o->sig = ws->sig;
    o->sig2 = ws->sig2;
    o->off = (uint32_t)s->org_text_len;
    o->hash = h;
    o->letters = ws->letters;
    o->len = (uint16_t)ws->len;
    memcpy(s->org_text + s->org_text_len, ws->text, ws->len);
    s->org_text_len += ws->len;
    s->org_table[slot] = (uint32_t)s->org_count + 1;
    *org = (uint32_t)s->org_count++;
    return 0;
}

Search *search_new(void)
{
    return calloc(1, sizeof(Search));
}

void search_free(Search *s)
{
    if (s == NULL) {
        return;
    }
    free(s->signature);
    free(s->signature2);
    free(s->letters);
    free(s->place);
    free(s->handle);
    free(s->names);
    free(s->exact);
    free(s->orgs);
    free(s->org_text);
    free(s->org_table);
    free(s);
}

void search_clear(Search *s)
{
    s->count = 0;
    s->names_len = 0;
    s->exact_len = 0;
    s->org_count = 0;
    s->org_text_len = 0;
    if (s->org_table != NULL) {
        memset(s->org_table, 0, s->org_table_cap * sizeof *s->org_table);
    }
}

size_t search_count(const Search *s)
{
    return s->count;
}

int search_add(Search *s, uint32_t handle, const char *name, const char *organisation)
{
    char folded[FOLD_CAP], exact[FOLD_CAP];
    Words name_ws, org_ws, exact_ws;
    text_fold(folded, sizeof folded, organisation ? organisation : "");
    make_words(&org_ws, folded);
    size_t nlen = text_fold(folded, sizeof folded, name ? name : "");
    make_words(&name_ws, folded);
    /* Most names are plain ASCII: only names whose letters carry diacritics keep a second,
     * exact form, for queries typed with them. */
    text_fold_exact(exact, sizeof exact, name ? name : "");
    bool has_exact = strcmp(exact, folded) != 0;
    if (has_exact) {
        make_words(&exact_ws, exact);
    }

    /* On failure, an organisation interned or a column grown on the way stays: both are
     * merely unused. */
    uint32_t org;
    if (s->names_len + name_ws.len > UINT32_MAX || intern_org(s, &org_ws, &org) != 0 ||
        reserve_entry(s) != 0) {
        return -1;
    }
    unsigned char *names = grow(s->names, &s->names_cap, s->names_len + name_ws.len, 1, 65536);
    if (names == NULL) {
        return -1;
    }
    s->names = names;
    if (has_exact) {
        if (s->exact_len + exact_ws.len > UINT32_MAX) {
            return -1;
        }
        unsigned char *ex = grow(s->exact, &s->exact_cap, s->exact_len + exact_ws.len, 1, 16384);
        if (ex == NULL) {
            return -1;
        }
        s->exact = ex;
    }

    size_t i = s->count;
    const Org *o = &s->orgs[org];
    unsigned char first = name_ws.count ? name_ws.text[1] : 0;
    s->signature[i] = name_ws.sig | o->sig;
    s->signature2[i] = name_ws.sig2 | o->sig2;
    s->letters[i] =
        (uint64_t)name_ws.initials << LET_INITIALS_SHIFT |
        (uint64_t)name_ws.letters << LET_LETTERS_SHIFT | (uint64_t)first << LET_FIRST_SHIFT |
        (name_ws.first_len == 1 ? LET_FIRST_WHOLE : 0) | (o->letters ? LET_ORG_LETTERS : 0);
    s->place[i] = (Place){
        .name_off = (uint32_t)s->names_len,
        .org = org,
        .name_key = 0,
        .exact_off = (uint32_t)s->exact_len,
        .name_len = (uint16_t)name_ws.len, /* at most FOLD_CAP + 1 */
        .exact_len = (uint16_t)(has_exact ? exact_ws.len : 0),
        .name_words = (uint8_t)name_ws.count,
    };
    for (size_t k = 0; k < 4 && k < nlen; k++) {
        s->place[i].name_key |= (uint32_t)(unsigned char)folded[k] << (24 - 8 * k);
    }
    s->handle[i] = handle;
    memcpy(s->names + s->names_len, name_ws.text, name_ws.len);
    s->names_len += name_ws.len;
    if (has_exact) {
        memcpy(s->exact + s->exact_len, exact_ws.text, exact_ws.len);
        s->exact_len += exact_ws.len;
    }
    s->count++;
    return 0;
}

/* ---- Matching and scoring ----------------------------------------------------------- */

typedef struct QueryWord {
    const unsigned char *text; /* folded */
    size_t len;
    const unsigned char *exact; /* with its diacritics, or NULL when it has none */
    size_t exact_len;
} QueryWord;

typedef struct Query {
    QueryWord word[QUERY_WORDS_MAX];
    size_t words;
    uint64_t need;         /* signature bits every matching entry has */
    uint64_t need2;        /* the same for the second signature */
    bool single_letters;   /* every word is one letter a..z: the letters column tells all */
    bool exact;            /* some word was typed with diacritics */
    char folded[FOLD_CAP]; /* the query folded; the words point into these two */
    char exact_text[FOLD_CAP];
} Query;

/* Score of a match, higher is better, compared as one number: how many query words hit
 * the name, then how many of those hit a name word with the very letters typed (so "jö"
 * puts Jörgen and Jönsson before Joakim, while "jo" finds them all alike), then how many
 * hit the first name, then how many were whole words. Each count is capped at 7, so a
 * score fits 12 bits. */
static unsigned pack_score(unsigned name, unsigned exact, unsigned first, unsigned whole)
{
    name = name > 7 ? 7 : name;
    exact = exact > 7 ? 7 : exact;
    first = first > 7 ? 7 : first;
    whole = whole > 7 ? 7 : whole;
    return (name << 9) | (exact << 6) | (first << 3) | whole;
}

/* The best level at which the query word is a prefix of one of the stored words in
 * w..end: `first` for the first word, `later` for the others, plus one for a whole word. */
static unsigned best_level(const unsigned char *w, const unsigned char *end, const QueryWord *qw,
                           unsigned first, unsigned later)
{
    const unsigned char *qt = qw->text;
    const size_t ql = qw->len;
    unsigned level = MATCH_NONE;
    for (unsigned here = first; w < end; w += 1 + w[0], here = later) {
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
        unsigned l = here + (wl == ql);
        if (l > level) {
            level = l;
            if (level == first + 1) {
                break; /* nothing later can beat the first word, whole */
            }
        }
    }
    return level;
}

/* Matches entry i against the query by its text. Returns false if some query word is a
 * prefix of none of the entry's words; otherwise stores the score. */
static bool match_text(const Search *s, size_t i, const Query *q, unsigned *score)
{
    const Place *p = &s->place[i];
    const Org *o = &s->orgs[p->org];
    const unsigned char *name = s->names + p->name_off;
    const unsigned char *org = s->org_text + o->off;
    const unsigned char *exact = s->exact + p->exact_off;
    unsigned name_hits = 0, exact_hits = 0, first_hits = 0, whole = 0;

    for (size_t k = 0; k < q->words; k++) {
        const QueryWord *qw = &q->word[k];
        unsigned level = MATCH_NONE;
        /* A word typed with diacritics is placed by the name words with those very letters
         * where there are any ("å" is Åsa's first name, but Anders Åberg's surname). A name
         * without diacritics (exact_len 0) has none. */
        if (qw->exact != NULL && p->exact_len != 0) {
            const QueryWord typed = {qw->exact, qw->exact_len, NULL, 0};
            level = best_level(exact, exact + p->exact_len, &typed, MATCH_FIRST, MATCH_NAME);
            exact_hits += level != MATCH_NONE;
        }
        /* Any hit on the name beats any hit on the organisation. */
        if (level == MATCH_NONE) {
            level = best_level(name, name + p->name_len, qw, MATCH_FIRST, MATCH_NAME);
        }
        if (level == MATCH_NONE) {
            level = best_level(org, org + o->len, qw, MATCH_ORG, MATCH_ORG);
            if (level == MATCH_NONE) {
                return false;
            }
        }
        name_hits += level >= MATCH_NAME;
        first_hits += level >= MATCH_FIRST;
        whole += (level & 1) == 0; /* the whole-word levels are the even ones */
    }
    *score = pack_score(name_hits, exact_hits, first_hits, whole);
    return true;
}

/* Scores entry i, whose signature matched a query of single letters a..z: the match is
 * certain, and the letters column tells where each letter's best hit is and whether it
 * is a whole (one-letter) word there. Only a hit on the organisation, when it has
 * one-letter words, needs to look further. */
static unsigned score_single_letters(const Search *s, size_t i, const Query *q)
{
    const uint64_t let = s->letters[i];
    const unsigned first_initial = (unsigned)(let >> LET_FIRST_SHIFT) & 0xFF;
    unsigned name = 0, first = 0, whole = 0;
    for (size_t w = 0; w < q->words; w++) {
        const unsigned c = q->word[w].text[0];
        const unsigned k = c - 'a';
        const unsigned is_first = c == first_initial;
        const unsigned in_name = is_first | (unsigned)((let >> (LET_INITIALS_SHIFT + k)) & 1);
        name += in_name;
        first += is_first;
        if (is_first) {
            whole += (let & LET_FIRST_WHOLE) != 0;
        } else if (in_name) {
            whole += (unsigned)((let >> (LET_LETTERS_SHIFT + k)) & 1);
        } else if (let & LET_ORG_LETTERS) {
            whole += (s->orgs[s->place[i].org].letters >> k) & 1;
        }
    }
    return pack_score(name, 0, first, whole);
}

/* ---- One letter wrong ---------------------------------------------------------------- */

/* True if some prefix of the word w[0..wl) is one edit away from the query word q[0..ql)
 * (Damerau: one letter replaced, added, left out, or two neighbours swapped), given that
 * q is not a prefix of w itself. The word must begin with the query's first letter, or
 * with its second (the first two swapped, or one too many in front): people rarely miss
 * the first letter of a name, and the rule lets a signature test reject most entries.
 * Linear: everything before the first difference agrees, so each kind of edit can only be
 * there. */
static bool one_edit_prefix(const unsigned char *w, size_t wl, const unsigned char *q, size_t ql)
{
    if (wl == 0 || (w[0] != q[0] && (ql < 2 || w[0] != q[1]))) {
        return false;
    }
    size_t i = 0;
    while (i < ql && i < wl && w[i] == q[i]) {
        i++;
    }
    if (i == ql) {
        return false; /* an ordinary prefix: no edit */
    }
    /* A letter replaced at i. */
    if (wl >= ql && memcmp(q + i + 1, w + i + 1, ql - i - 1) == 0) {
        return true;
    }
    /* Two neighbours swapped at i. */
    if (i + 1 < ql && wl >= ql && q[i] == w[i + 1] && q[i + 1] == w[i] &&
        memcmp(q + i + 2, w + i + 2, ql - i - 2) == 0) {
        return true;
    }
    /* A letter too many in the query at i. */
    if (wl + 1 >= ql && memcmp(q + i + 1, w + i, ql - i - 1) == 0) {
        return true;
    }
    /* A letter left out of the query at i. */
    return wl >= ql + 1 && memcmp(q + i, w + i + 1, ql - i) == 0;
}

/* The best level at which the query word is one edit from the beginning of a stored word
 * in w..end, as best_level does for a plain prefix. */
static unsigned best_fuzzy_level(const unsigned char *w, const unsigned char *end,
                                 const QueryWord *qw, unsigned first, unsigned later)
{
    unsigned level = MATCH_NONE;
    for (unsigned here = first; w < end; w += 1 + w[0], here = later) {
        if (here > level && one_edit_prefix(w + 1, w[0], qw->text, qw->len)) {
            level = here;
        }
    }
    return level;
}

/* Matches entry i with exactly one edit in one query word (the others as prefixes). */
static bool match_fuzzy(const Search *s, size_t i, const Query *q, unsigned *score)
{
    const Place *p = &s->place[i];
    const Org *o = &s->orgs[p->org];
    const unsigned char *name = s->names + p->name_off;
    const unsigned char *org = s->org_text + o->off;
    unsigned name_hits = 0, first_hits = 0, whole = 0, edits = 0;

    for (size_t k = 0; k < q->words; k++) {
        const QueryWord *qw = &q->word[k];
        unsigned level = best_level(name, name + p->name_len, qw, MATCH_FIRST, MATCH_NAME);
        if (level == MATCH_NONE) {
            level = best_level(org, org + o->len, qw, MATCH_ORG, MATCH_ORG);
        }
        if (level == MATCH_NONE) {
            if (edits > 0 || qw->len < SUGGEST_WORD_MIN) {
                return false;
            }
            /* A name read with an edit ranks before an organisation read with one: the
             * near misses are for finding a person, and an organisation is shared by many. */
            level = best_fuzzy_level(name, name + p->name_len, qw, MATCH_FIRST, MATCH_NAME);
            if (level == MATCH_NONE) {
                level = best_fuzzy_level(org, org + o->len, qw, MATCH_ORG, MATCH_ORG);
            }
            if (level == MATCH_NONE) {
                return false;
            }
            edits++;
        } else {
            whole += (level & 1) == 0;
        }
        name_hits += level >= MATCH_NAME;
        first_hits += level >= MATCH_FIRST;
    }
    *score = pack_score(name_hits, 0, first_hits, whole);
    return edits == 1;
}

/* ---- Ordering ----------------------------------------------------------------------- */

/* Compares the entries' folded names word by word. Because every byte of a word sorts
 * above the space, this is the same order as comparing the names as folded strings. */
static int name_cmp(const Search *s, size_t a, size_t b)
{
    const unsigned char *pa = s->names + s->place[a].name_off;
    const unsigned char *pb = s->names + s->place[b].name_off;
    const size_t na = s->place[a].name_words, nb = s->place[b].name_words;
    for (size_t i = 0; i < na && i < nb; i++) {
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
    return (na > nb) - (na < nb);
}

/* Result order: higher score, then folded name ascending, then handle, then insertion. */
static bool better(const Search *s, uint32_t x, uint32_t y)
{
    uint32_t sx = x >> INDEX_BITS, sy = y >> INDEX_BITS;
    if (sx != sy) {
        return sx > sy;
    }
    size_t ix = x & INDEX_MASK, iy = y & INDEX_MASK;
    uint32_t kx = s->place[ix].name_key, ky = s->place[iy].name_key;
    if (kx != ky) {
        return kx < ky; /* the key is a prefix of the name string */
    }
    int c = name_cmp(s, ix, iy);
    if (c != 0) {
        return c < 0;
    }
    if (s->handle[ix] != s->handle[iy]) {
        return s->handle[ix] < s->handle[iy];
    }
    return ix < iy;
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

/* Splits the folded query into words, each with its exact form (text_fold_exact of the
 * same query, whose words break at the same places) where that differs. Returns false
 * when there is no word. */
static bool parse_query(Query *q, const char *folded, const char *exact)
{
    const unsigned char *p = (const unsigned char *)folded;
    const unsigned char *e = (const unsigned char *)exact;
    q->words = 0;
    q->need = 0;
    q->need2 = 0;
    q->single_letters = true;
    q->exact = false;
    while (*p && q->words < QUERY_WORDS_MAX) {
        const unsigned char *w = p;
        while (*p && *p != ' ') {
            p++;
        }
        size_t len = (size_t)(p - w);
        if (*p == ' ') {
            p++;
        }
        const unsigned char *ew = e;
        while (*e && *e != ' ') {
            e++;
        }
        size_t elen = (size_t)(e - ew);
        if (*e == ' ') {
            e++;
        }
        if (elen == 0 || elen > WORD_MAX || (elen == len && memcmp(ew, w, len) == 0)) {
            ew = NULL; /* typed without diacritics (or cut off): nothing to prefer */
            elen = 0;
        } else {
            q->exact = true;
            q->single_letters = false;
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
        q->word[at] = (QueryWord){w, len, ew, elen};
        word_bits(w, len, &q->need, &q->need2);
        if (len != 1 || !is_letter(w[0]) || ew != NULL) {
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

/* The name-initial bits (the letters column) of the letters a near miss of this word
 * may begin with (see one_edit_prefix), or 0 when one of them is not a..z and the column
 * cannot tell. */
static uint64_t fuzzy_initials(const QueryWord *qw)
{
    if (qw->len < SUGGEST_WORD_MIN || !is_letter(qw->text[0]) || !is_letter(qw->text[1])) {
        return 0;
    }
    return (1ull << (LET_INITIALS_SHIFT + qw->text[0] - 'a')) |
           (1ull << (LET_INITIALS_SHIFT + qw->text[1] - 'a'));
}

/* Which organisations have a word one edit from a query word: one bit per organisation,
 * for the first ORG_NEAR_MAX of them; later ones count as maybe. Organisations are few
 * (shared by many attendees), so reading each one's text once per near-miss query costs
 * less than reading each entry's organisation. */
#define ORG_NEAR_MAX 16384
typedef struct OrgNear {
    uint64_t bits[ORG_NEAR_MAX / 64];
    bool any; /* some organisation may have one */
} OrgNear;

static void find_org_near(const Search *s, const Query *q, OrgNear *near)
{
    memset(near->bits, 0, sizeof near->bits);
    near->any = s->org_count > ORG_NEAR_MAX;
    for (size_t o = 0; o < s->org_count && o < ORG_NEAR_MAX; o++) {
        const Org *org = &s->orgs[o];
        const unsigned char *text = s->org_text + org->off;
        for (size_t k = 0; k < q->words; k++) {
            const QueryWord *qw = &q->word[k];
            if (qw->len < SUGGEST_WORD_MIN ||
                (org->sig & (initial_bit(qw->text[0]) | initial_bit(qw->text[1]))) == 0) {
                continue;
            }
            if (best_fuzzy_level(text, text + org->len, qw, MATCH_ORG, MATCH_ORG) != MATCH_NONE) {
                near->bits[o / 64] |= 1ull << (o % 64);
                near->any = true;
                break;
            }
        }
    }
}

static bool org_may_be_near(const OrgNear *near, uint32_t org)
{
    return org >= ORG_NEAR_MAX || ((near->bits[org / 64] >> (org % 64)) & 1);
}

/* Writes into batch the indexes of entries first..end-1 that may be a near miss of the
 * query: every query word may match as a prefix (its signature bits are there) or be the
 * one misspelt (a name word begins with its first or second letter, or the organisation
 * has a word one edit from it). */
static size_t filter_fuzzy(const Search *s, const Query *q, const OrgNear *near, size_t first,
                           size_t end, uint32_t *batch)
{
    uint64_t need[QUERY_WORDS_MAX], initials[QUERY_WORDS_MAX], any[QUERY_WORDS_MAX];
    for (size_t k = 0; k < q->words; k++) {
        const QueryWord *qw = &q->word[k];
        uint64_t sig2 = 0;
        need[k] = 0;
        word_bits(qw->text, qw->len, &need[k], &sig2);
        initials[k] = fuzzy_initials(qw);
        any[k] = initial_bit(qw->text[0]) | (qw->len >= 2 ? initial_bit(qw->text[1]) : 0);
    }
    size_t n = 0;
    for (size_t i = first; i < end; i++) {
        const uint64_t sig = s->signature[i], let = s->letters[i];
        bool pass = true;
        int org_near = -1; /* read once, and only when needed */
        for (size_t k = 0; k < q->words && pass; k++) {
            bool fuzzy = initials[k] ? (let & initials[k]) != 0 : (sig & any[k]) != 0;
            pass = fuzzy || (sig & need[k]) == need[k];
            if (!pass && near->any && q->word[k].len >= SUGGEST_WORD_MIN) {
                if (org_near < 0) {
                    org_near = org_may_be_near(near, s->place[i].org);
                }
                pass = org_near;
            }
        }
        batch[n] = (uint32_t)i;
        n += pass;
    }
    return n;
}

/* Scans every entry for the query, plain or one edit away, keeping the best max handles
 * in out, best first. Returns the number of matches. */
static size_t scan(const Search *s, const Query *q, bool fuzzy, uint32_t *out, size_t max)
{
    uint32_t batch[SCAN_BATCH];
    OrgNear near;
    if (fuzzy) {
        find_org_near(s, q, &near);
    }
    size_t total = 0;
    size_t kept = 0;
    unsigned worst_kept = 0; /* score at the heap's root */
    for (size_t first = 0; first < s->count; first += SCAN_BATCH) {
        size_t end = s->count - first < SCAN_BATCH ? s->count : first + SCAN_BATCH;
        size_t candidates =
            fuzzy ? filter_fuzzy(s, q, &near, first, end, batch) : filter(s, q, first, end, batch);
        for (size_t c = 0; c < candidates; c++) {
            uint32_t i = batch[c];
            unsigned score;
            if (q->single_letters && !fuzzy) {
                score = score_single_letters(s, i, q);
            } else {
                if (c + 2 * PREFETCH_AHEAD < candidates) {
                    PREFETCH(&s->place[batch[c + 2 * PREFETCH_AHEAD]]);
                }
                if (c + PREFETCH_AHEAD < candidates) {
                    PREFETCH(s->names + s->place[batch[c + PREFETCH_AHEAD]].name_off);
                }
                if (!(fuzzy ? match_fuzzy(s, i, q, &score) : match_text(s, i, q, &score))) {
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
        out[i] = s->handle[out[i] & INDEX_MASK];
    }
    return total;
}

static bool make_query(Query *q, const char *query)
{
    text_fold(q->folded, sizeof q->folded, query ? query : "");
    text_fold_exact(q->exact_text, sizeof q->exact_text, query ? query : "");
    return parse_query(q, q->folded, q->exact_text);
}

size_t search_query(const Search *s, const char *query, uint32_t *out, size_t max)
{
    Query q;
    return make_query(&q, query) ? scan(s, &q, false, out, max) : 0;
}

size_t search_suggest(const Search *s, const char *query, uint32_t *out, size_t max)
{
    Query q;
    return make_query(&q, query) ? scan(s, &q, true, out, max) : 0;
}
