/* fuzz_search: the check-in screen's name search with any typed query.
 *
 * A fixed index of 400 fictional attendees (first names and surnames with å, ä, ö, é, ü,
 * hyphens and apostrophes, organisations shared between them) is built once; each input,
 * NUL-terminated, is the query. search_query is checked against a plain reference: the
 * query folded the same way (text_fold) and cut to its first 32 words, an entry matching
 * when each word is a prefix of a word of its folded name or organisation, scored as
 * search.h documents (name before organisation; words typed with diacritics placed by the
 * name words with those very letters (text_fold_exact); first name before later words,
 * whole words before parts; ties by folded name, then handle). The number of matches, the
 * set and the order of the results must agree, and asking for fewer results must give a
 * prefix of the full list. search_suggest is checked the same way against a reference
 * that tries every prefix of every name word with a textbook Damerau distance.
 *
 * The input is also added, as a name and as an organisation, to a second index that is
 * cleared again after each input: adding never fails or overruns, and a query of the same
 * text finds both entries whenever its words are short enough to be stored whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/search.h"
#include "core/text.h"
#include "fuzz.h"

#define FOLD_CAP  512 /* as search.c: bytes of folded name, organisation or query */
#define QWORDS    32  /* as search.c: query words used */
#define WORD_MAX  255 /* as search.c: longest stored word */
#define WORDS_MAX 40  /* words per reference entry; the fixed names have a few */

static const char *const FIRST[] = {
    "Åsa",  "Örjan", "Lotta", "Anna-Karin", "Lars", "Björn", "Märta", "Émilie", "Jürgen", "Ingrid",
    "Olof", "Karin", "Ulla",  "Sofia",      "Åke",  "Ebba",  "Göran", "Agneta", "Per",    "Li",
};
static const char *const LAST[] = {
    "Söderberg", "Öjmertz",  "Lindén", "Berg",   "Ångström",          "Bäckström", "Öberg",
    "Ågren",     "Kärrlund", "Näs",    "Holm",   "Lindqvist-Nyström", "Strand",    "Dahl",
    "Hägg",      "Ek",       "Åberg",  "Müller", "O'Brien",           "von Essen",
};
static const char *const ORG[] = {
    "Vattenbolaget Öst",    "Norrby kommun",
    "Söderbergs Rör AB",    "Energibolaget Väst",
    "Region Örebro län",    "Västerås stad",
    "Luleå Energi",         "",
    "Falu Energi & Vatten", "Kommunförbundet; region Mitt",
};
#define NFIRST (sizeof FIRST / sizeof FIRST[0])
#define NLAST  (sizeof LAST / sizeof LAST[0])
#define NORG   (sizeof ORG / sizeof ORG[0])
#define COUNT  (NFIRST * NLAST)

/* Folded text split into words, pointing into text. */
typedef struct Words {
    char text[FOLD_CAP];
    const char *word[WORDS_MAX];
    size_t len[WORDS_MAX];
    size_t count;
} Words;

typedef struct Entry {
    Words name, org, exact;
} Entry;

static Search *fixed;   /* the 400 attendees, built on the first input */
static Search *scratch; /* gets each input, cleared after it */
static Entry *entries;  /* the reference's view of fixed: entries[handle] */

static void split_with(Words *w, const char *src, size_t max_words,
                       size_t (*fold)(char *, size_t, const char *))
{
    fold(w->text, sizeof w->text, src);
    w->count = 0;
    for (char *p = w->text; *p && w->count < max_words;) {
        size_t n = strcspn(p, " ");
        w->word[w->count] = p;
        w->len[w->count] = n;
        w->count++;
        p += n;
        if (*p == ' ') {
            p++;
        }
    }
}

static void split(Words *w, const char *src, size_t max_words)
{
    split_with(w, src, max_words, text_fold);
}

static void build(void)
{
    fixed = search_new();
    scratch = search_new();
    entries = calloc(COUNT, sizeof *entries);
    FUZZ_CHECK(fixed != NULL && scratch != NULL && entries != NULL);
    for (size_t i = 0; i < NFIRST; i++) {
        for (size_t j = 0; j < NLAST; j++) {
            uint32_t h = (uint32_t)(i * NLAST + j);
            char name[128];
            snprintf(name, sizeof name, "%s %s", FIRST[i], LAST[j]);
            const char *org = ORG[(i * 7 + j * 3) % NORG];
            FUZZ_CHECK(search_add(fixed, h, name, org) == 0);
            split(&entries[h].name, name, WORDS_MAX);
            split(&entries[h].org, org, WORDS_MAX);
            split_with(&entries[h].exact, name, WORDS_MAX, text_fold_exact);
        }
    }
    FUZZ_CHECK(search_count(fixed) == COUNT);
}

/* search.h's levels: organisation 1, a later name word 3, the first name word 5; one more
 * for a whole word. 0 when the query word starts none of the words. */
static unsigned level(const Words *w, const char *q, size_t qlen, unsigned first, unsigned later)
{
    unsigned best = 0;
    for (size_t k = 0; k < w->count; k++) {
        if (w->len[k] >= qlen && memcmp(w->word[k], q, qlen) == 0) {
            unsigned l = (k == 0 ? first : later) + (w->len[k] == qlen);
            best = l > best ? l : best;
        }
    }
    return best;
}

static unsigned cap7(unsigned n)
{
    return n > 7 ? 7 : n;
}

/* A query: its folded words and, word for word, the same words with their diacritics. */
typedef struct QueryRef {
    Words plain, exact;
} QueryRef;

/* True if query word k was typed with diacritics (its exact form differs). */
static bool typed_exact(const QueryRef *q, size_t k)
{
    return k < q->exact.count && q->exact.len[k] <= WORD_MAX &&
           (q->exact.len[k] != q->plain.len[k] ||
            memcmp(q->exact.word[k], q->plain.word[k], q->plain.len[k]) != 0);
}

/* The reference score of entry e for query q, or -1 if it does not match. */
static long ref_score(const Entry *e, const QueryRef *q)
{
    unsigned name = 0, exact = 0, first = 0, whole = 0;
    for (size_t k = 0; k < q->plain.count; k++) {
        if (q->plain.len[k] > WORD_MAX) {
            return -1; /* longer than any stored word */
        }
        unsigned l = 0;
        if (typed_exact(q, k)) {
            l = level(&e->exact, q->exact.word[k], q->exact.len[k], 5, 3);
            exact += l != 0;
        }
        if (l == 0) {
            l = level(&e->name, q->plain.word[k], q->plain.len[k], 5, 3);
        }
        if (l == 0) {
            l = level(&e->org, q->plain.word[k], q->plain.len[k], 1, 1);
        }
        if (l == 0) {
            return -1;
        }
        name += l >= 3;
        first += l >= 5;
        whole += l % 2 == 0;
    }
    return (long)(cap7(name) << 9 | cap7(exact) << 6 | cap7(first) << 3 | cap7(whole));
}

/* The textbook optimal-string-alignment (restricted Damerau) distance of a[0..m) and
 * b[0..n), for short words. */
static size_t osa_distance(const char *a, size_t m, const char *b, size_t n)
{
    static size_t d[WORD_MAX + 3][WORD_MAX + 3];
    for (size_t i = 0; i <= m; i++) {
        d[i][0] = i;
    }
    for (size_t j = 0; j <= n; j++) {
        d[0][j] = j;
    }
    for (size_t i = 1; i <= m; i++) {
        for (size_t j = 1; j <= n; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            best = d[i - 1][j] + 1 < best ? d[i - 1][j] + 1 : best;
            best = d[i][j - 1] + 1 < best ? d[i][j - 1] + 1 : best;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best) {
                best = d[i - 2][j - 2] + 1;
            }
            d[i][j] = best;
        }
    }
    return d[m][n];
}

/* search.h's near miss of query word q[0..ql) on the words w: the level (as level(),
 * first for the first word, later for the others) of a word one of whose prefixes is
 * exactly one edit from q, beginning with q's first or second letter; 0 if none. */
static unsigned fuzzy_level(const Words *w, const char *q, size_t ql, unsigned first,
                            unsigned later)
{
    unsigned best = 0;
    for (size_t k = 0; k < w->count; k++) {
        const char *word = w->word[k];
        size_t wl = w->len[k];
        if (wl == 0 || (word[0] != q[0] && word[0] != q[1])) {
            continue;
        }
        for (size_t pl = ql > 1 ? ql - 1 : 1; pl <= ql + 1 && pl <= wl; pl++) {
            if (osa_distance(q, ql, word, pl) == 1) {
                unsigned l = k == 0 ? first : later;
                best = l > best ? l : best;
            }
        }
    }
    return best;
}

/* The reference score of entry e as a near miss of q, or -1 if it is none. */
static long ref_near_score(const Entry *e, const QueryRef *q)
{
    unsigned name = 0, first = 0, whole = 0, edits = 0;
    for (size_t k = 0; k < q->plain.count; k++) {
        const char *qw = q->plain.word[k];
        size_t ql = q->plain.len[k];
        if (ql > WORD_MAX) {
            return -1;
        }
        unsigned l = level(&e->name, qw, ql, 5, 3);
        if (l == 0) {
            l = level(&e->org, qw, ql, 1, 1);
        }
        if (l != 0) {
            whole += l % 2 == 0;
        } else if (edits == 0 && ql >= 3 &&
                   ((l = fuzzy_level(&e->name, qw, ql, 5, 3)) != 0 ||
                    (l = fuzzy_level(&e->org, qw, ql, 1, 1)) != 0)) {
            edits++;
        } else {
            return -1;
        }
        name += l >= 3;
        first += l >= 5;
    }
    if (edits != 1) {
        return -1;
    }
    return (long)(cap7(name) << 9 | cap7(first) << 3 | cap7(whole));
}

/* True if handle a must come before handle b for the query. */
static bool ref_before(const QueryRef *q, uint32_t a, uint32_t b,
                       long (*score)(const Entry *, const QueryRef *))
{
    long sa = score(&entries[a], q), sb = score(&entries[b], q);
    if (sa != sb) {
        return sa > sb;
    }
    int c = strcmp(entries[a].name.text, entries[b].name.text);
    return c != 0 ? c < 0 : a < b;
}

/* Checks one search function (search_query or search_suggest) on the fixed index against
 * its reference score. */
static void check_results(const char *query, const QueryRef *q,
                          size_t (*run)(const Search *, const char *, uint32_t *, size_t),
                          long (*score)(const Entry *, const QueryRef *))
{
    size_t expected = 0;
    for (size_t h = 0; h < COUNT && q->plain.count > 0; h++) {
        expected += score(&entries[h], q) >= 0;
    }

    static uint32_t all[COUNT], top[8], one[1];
    size_t total = run(fixed, query, all, COUNT);
    FUZZ_CHECK(total == expected); /* a blank query matches nothing */
    for (size_t i = 0; i < total; i++) {
        FUZZ_CHECK(all[i] < COUNT && score(&entries[all[i]], q) >= 0);
        if (i > 0) {
            FUZZ_CHECK(ref_before(q, all[i - 1], all[i], score));
        }
    }
    FUZZ_CHECK(run(fixed, query, NULL, 0) == total);
    FUZZ_CHECK(run(fixed, query, one, 1) == total);
    FUZZ_CHECK(total == 0 || one[0] == all[0]);
    FUZZ_CHECK(run(fixed, query, top, 8) == total);
    for (size_t i = 0; i < 8 && i < total; i++) {
        FUZZ_CHECK(top[i] == all[i]);
    }
}

static void check_fixed(const char *query)
{
    QueryRef *q = malloc(sizeof *q);
    FUZZ_CHECK(q != NULL);
    split(&q->plain, query, QWORDS);
    split_with(&q->exact, query, QWORDS, text_fold_exact);
    check_results(query, q, search_query, ref_score);
    check_results(query, q, search_suggest, ref_near_score);
    free(q);
}

static void check_scratch(const char *text)
{
    FUZZ_CHECK(search_count(scratch) == 0);
    FUZZ_CHECK(search_add(scratch, 7, text, NULL) == 0);
    FUZZ_CHECK(search_add(scratch, 9, "Åsa Öberg", text) == 0);
    FUZZ_CHECK(search_count(scratch) == 2);

    Words *q = malloc(sizeof *q);
    FUZZ_CHECK(q != NULL);
    split(q, text, QWORDS);
    bool storable = q->count > 0;
    for (size_t k = 0; k < q->count; k++) {
        storable = storable && q->len[k] <= WORD_MAX;
    }
    free(q);

    uint32_t out[2] = {0, 0};
    size_t total = search_query(scratch, text, out, 2);
    if (storable) {
        /* Typing one's whole name finds it, as a name and as an organisation. */
        FUZZ_CHECK(total == 2 && ((out[0] == 7 && out[1] == 9) || (out[0] == 9 && out[1] == 7)));
    } else {
        FUZZ_CHECK(total <= 2);
    }
    search_clear(scratch);
    FUZZ_CHECK(search_count(scratch) == 0 && search_query(scratch, text, out, 2) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fixed) {
        build();
    }
    char *text = fuzz_strndup(data, size);
    check_fixed(text);
    check_scratch(text);
    free(text);
    return 0;
}
