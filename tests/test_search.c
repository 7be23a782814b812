/* Tests for core/search: what matches (diacritics, prefixes, several words, the
 * organisation), in which order results come, and the edges (blank queries, more matches
 * than room). A last test checks 10,000 generated attendees against a slow reference
 * implementation written here from the contract, query by query.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/search.h"
#include "core/text.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))
#define NONE        UINT32_MAX /* ends a list of expected handles */

typedef struct Person {
    const char *name;
    const char *org;
} Person;

/* Handles are the indexes into this table. */
static const Person people[] = {
    /* 0 */ {"Anna Söderberg", "Norrby kommun"},
    /* 1 */ {"Örjan Öjmertz", "Vattenbolaget Öst"},
    /* 2 */ {"Lotta Berg", "Tekniska verken i Norrby"},
    /* 3 */ {"Lotta Bergman", "Älvdala kommun"},
    /* 4 */ {"Lotta Ek", "Bergsby fastigheter"},
    /* 5 */ {"Anna Berg", "Sjöstads energi AB"},
    /* 6 */ {"Bergljot Ek", "Kraftringen Väst"},
    /* 7 */ {"Åsa Ångström", "Vattenbolaget Öst"},
    /* 8 */ {"Linda Ek", "Region Mittland"},
    /* 9 */ {"Anna Lind", "Region Mittland"},
    /* 10 */ {"Ylva Norrman", "Storvik bostäder"},
    /* 11 */ {"Bo Berg", "Storvik bostäder"},
    /* 12 */ {"Anna Bergman", "Storvik bostäder"},
    /* 13 */ {"Per Ek", "Bergs kommun"},
    /* 14 */ {"Anna-Karin Müller", NULL},
    /* 15 */ {"Иван Петров", "Energikontoret Sydost"},
    /* 16 */ {"Hélène Lindén", "Hamnbolaget i Lövsund"},
    /* 17 */ {"Alva Bolin", "Kraftringen Väst"},
};

static Search *build(void)
{
    Search *s = search_new();
    assert_non_null(s);
    for (size_t i = 0; i < COUNT_OF(people); i++) {
        assert_int_equal(search_add(s, (uint32_t)i, people[i].name, people[i].org), 0);
    }
    assert_int_equal(search_count(s), COUNT_OF(people));
    return s;
}

static int setup(void **state)
{
    *state = build();
    return 0;
}

static int teardown(void **state)
{
    search_free(*state);
    return 0;
}

typedef struct QueryCase {
    const char *what;
    const char *query;
    size_t total;       /* expected number of matches */
    uint32_t want[8];   /* expected handles, best first, ending with NONE */
    bool order_matters; /* false: want lists the matches in any order */
} QueryCase;

/* Runs the case against s and fails naming it if the result differs. */
static void run_case(const Search *s, const QueryCase *c)
{
    uint32_t out[32];
    size_t n_want = 0;
    while (n_want < COUNT_OF(c->want) && c->want[n_want] != NONE) {
        n_want++;
    }
    size_t total = search_query(s, c->query, out, COUNT_OF(out));
    if (total != c->total) {
        fail_msg("case \"%s\" (query \"%s\"): %zu matches, want %zu", c->what, c->query, total,
                 c->total);
    }
    for (size_t i = 0; i < n_want; i++) {
        bool ok = false;
        if (c->order_matters) {
            ok = out[i] == c->want[i];
        } else {
            for (size_t j = 0; j < total && j < COUNT_OF(out); j++) {
                ok = ok || out[j] == c->want[i];
            }
        }
        if (!ok) {
            fail_msg("case \"%s\" (query \"%s\"): result %zu is \"%s\", want \"%s\"", c->what,
                     c->query, i, i < total ? people[out[i]].name : "(none)",
                     people[c->want[i]].name);
        }
    }
}

static const QueryCase match_cases[] = {
    {"diacritics: soder finds Söderberg", "soder", 1, {0, NONE}, true},
    {"diacritics: ojm finds Öjmertz", "ojm", 1, {1, NONE}, true},
    {"diacritics typed in the query", "Öjm", 1, {1, NONE}, true},
    {"upper case query", "SÖDERBERG", 1, {0, NONE}, true},
    {"a-ring typed as a", "angst", 1, {7, NONE}, true},
    {"e-acute typed as e", "helene linden", 1, {16, NONE}, true},
    {"u-diaeresis typed as u", "muller", 1, {14, NONE}, true},
    {"hyphenated first name, second half", "karin", 1, {14, NONE}, true},
    {"hyphenated first name typed with hyphen", "anna-karin", 1, {14, NONE}, true},
    {"two words: lotta ber (one via Bergsby)", "lotta ber", 3, {2, 3, 4, NONE}, false},
    {"two words in either order", "ber lotta", 3, {2, 3, 4, NONE}, false},
    {"every word must match", "anna berg ek", 0, {NONE}, true},
    {"words are prefixes, not substrings", "derberg", 0, {NONE}, true},
    {"the same word twice", "an an", 6, {0, 5, 7, 9, 12, 14, NONE}, false},
    {"organisation match", "vattenbol", 2, {1, 7, NONE}, false},
    {"name word plus organisation word", "anna storvik", 1, {12, NONE}, true},
    {"cyrillic name", "иван", 1, {15, NONE}, true},
    {"no match", "xyz", 0, {NONE}, true},
    {"query longer than the word", "bergmannen", 0, {NONE}, true},
    {"punctuation around the query", "  --Öjmertz!! ", 1, {1, NONE}, true},
};

static void test_query_matches(void **state)
{
    for (size_t i = 0; i < COUNT_OF(match_cases); i++) {
        run_case(*state, &match_cases[i]);
    }
}

static const QueryCase rank_cases[] = {
    /* Each case is built so that alphabetical order alone would give another order. */
    {"first name before surname, even a whole-word surname", "lind", 3, {8, 9, 16, NONE}, true},
    {"name before organisation only", "norr", 3, {10, 0, 2, NONE}, true},
    {"whole word before prefix in the surname", "berg", 8, {6, 5, 11, 2, 12, 3, 4, 13}, true},
    {"first name before surname, then organisations", "bo", 4, {11, 17, 12, 10, NONE}, true},
    {"both words on the name before one on the organisation",
     "lotta berg",
     3,
     {2, 3, 4, NONE},
     true},
};

static void test_query_ranks_results(void **state)
{
    for (size_t i = 0; i < COUNT_OF(rank_cases); i++) {
        run_case(*state, &rank_cases[i]);
    }
}

static void test_ties_broken_by_name_then_handle(void **state)
{
    (void)state;
    Search *s = search_new();
    assert_non_null(s);
    /* Added in an order that is neither the name nor the handle order. */
    assert_int_equal(search_add(s, 30, "Eva Öberg", "A"), 0);
    assert_int_equal(search_add(s, 20, "Eva Åberg", "B"), 0);
    assert_int_equal(search_add(s, 10, "Eva Öberg", "C"), 0);
    assert_int_equal(search_add(s, 40, "Eva Aberg", "D"), 0);
    uint32_t out[4];
    assert_int_equal(search_query(s, "eva", out, 4), 4);
    /* "eva aberg" twice (handles 20, 40), then "eva oberg" twice (10, 30). */
    assert_int_equal(out[0], 20);
    assert_int_equal(out[1], 40);
    assert_int_equal(out[2], 10);
    assert_int_equal(out[3], 30);
    search_free(s);
}

static void test_single_letter_ranking_uses_every_rule(void **state)
{
    (void)state;
    /* Single letters take their own path through the index. Each neighbouring pair in
     * the expected order is alphabetically the other way round, or differs only in the
     * rule under test, so a lost rule shows as a swap. */
    static const Person p[] = {
        /* 0 */ {"Bo Ek", "Kraft AB"},     /* "k": organisation, prefix */
        /* 1 */ {"Ulf Ek", "K-bolaget"},   /* "k": organisation, whole */
        /* 2 */ {"Anna Kvist", "Storvik"}, /* "k": later name word, prefix */
        /* 3 */ {"Per K Lind", "Storvik"}, /* "k": later name word, whole */
        /* 4 */ {"Karin Ek", "Storvik"},   /* "k": first name, prefix */
        /* 5 */ {"Kalle B", "Storvik"},    /* "k": first name, prefix; "b" whole */
        /* 6 */ {"K Berg", "Storvik"},     /* "k": first name, whole; "b" prefix */
        /* 7 */ {"Eva Ek", "Storvik"},     /* no "k" */
    };
    static const struct {
        const char *query;
        size_t total;
        uint32_t want[8];
    } cases[] = {
        {"k", 7, {6, 5, 4, 3, 2, 1, 0}},
        /* K Berg and Kalle B tie on hits (one whole word each), so name decides. */
        {"k b", 4, {6, 5, 0, 1}},
    };
    Search *s = search_new();
    assert_non_null(s);
    for (size_t i = 0; i < COUNT_OF(p); i++) {
        assert_int_equal(search_add(s, (uint32_t)i, p[i].name, p[i].org), 0);
    }
    for (size_t c = 0; c < COUNT_OF(cases); c++) {
        uint32_t out[8];
        size_t total = search_query(s, cases[c].query, out, 8);
        if (total != cases[c].total) {
            fail_msg("query \"%s\": %zu matches, want %zu", cases[c].query, total, cases[c].total);
        }
        for (size_t r = 0; r < total; r++) {
            if (out[r] != cases[c].want[r]) {
                fail_msg("query \"%s\": rank %zu is \"%s\", want \"%s\"", cases[c].query, r,
                         p[out[r]].name, p[cases[c].want[r]].name);
            }
        }
    }
    search_free(s);
}

static void test_shared_organisation_spelled_differently(void **state)
{
    (void)state;
    Search *s = search_new();
    assert_non_null(s);
    assert_int_equal(search_add(s, 1, "Eva Ek", "Älvdala kommun"), 0);
    assert_int_equal(search_add(s, 2, "Per Ek", "ÄLVDALA KOMMUN"), 0);
    assert_int_equal(search_add(s, 3, "Bo Ek", "Alvdala  kommun."), 0);
    assert_int_equal(search_add(s, 4, "Ida Ek", "Älvdala kommunalförbund"), 0);
    uint32_t out[4];
    assert_int_equal(search_query(s, "alvdala kommun", out, 4), 4);
    assert_int_equal(out[0], 3); /* whole-word matches first, by name: bo, eva, per */
    assert_int_equal(out[1], 1);
    assert_int_equal(out[2], 2);
    assert_int_equal(out[3], 4);
    search_free(s);
}

static void test_odd_input_is_safe(void **state)
{
    (void)state;
    char long_word[700];
    char many_words[700];
    memset(long_word, 'a', sizeof long_word - 1);
    long_word[sizeof long_word - 1] = '\0';
    for (size_t i = 0; i + 1 < sizeof many_words; i++) {
        many_words[i] = i % 2 ? ' ' : (char)('a' + i / 2 % 26);
    }
    many_words[sizeof many_words - 1] = '\0';

    Search *s = search_new();
    assert_non_null(s);
    assert_int_equal(search_add(s, 1, NULL, NULL), 0);
    assert_int_equal(search_add(s, 2, "", ""), 0);
    assert_int_equal(search_add(s, 3, "?!", "\xFF\xFE"), 0);
    assert_int_equal(search_add(s, 4, long_word, long_word), 0);
    assert_int_equal(search_add(s, 5, many_words, many_words), 0);
    assert_int_equal(search_add(s, 6, "Åsa Ek", NULL), 0);
    assert_int_equal(search_count(s), 6);

    uint32_t out[8];
    assert_int_equal(search_query(s, "aaaa", out, 8), 1); /* kept as its first 255 bytes */
    assert_int_equal(out[0], 4);
    assert_int_equal(search_query(s, long_word, out, 8), 0); /* longer than any kept word */
    assert_int_equal(search_query(s, many_words, out, 8), 1);
    assert_int_equal(out[0], 5);
    assert_int_equal(search_query(s, "asa ek", out, 8), 1);
    assert_int_equal(out[0], 6);
    search_free(s);
}

static void test_blank_query_matches_nothing(void **state)
{
    static const char *const blanks[] = {"", " ", "   \t ", " - . ", "😀", "\xFF"};
    for (size_t i = 0; i < COUNT_OF(blanks); i++) {
        uint32_t out[4] = {NONE, NONE, NONE, NONE};
        size_t n = search_query(*state, blanks[i], out, 4);
        if (n != 0 || out[0] != NONE) {
            fail_msg("blank query \"%s\" matched %zu", blanks[i], n);
        }
    }
}

static void test_total_counts_beyond_max(void **state)
{
    uint32_t out[3] = {NONE, NONE, NONE};
    /* "e" matches six attendees (four surnames Ek, two organisations); only the best two
     * fit, and the slot after them must stay untouched. */
    size_t total = search_query(*state, "e", out, 2);
    assert_int_equal(total, 6);
    assert_int_equal(out[0], 6); /* Bergljot Ek */
    assert_int_equal(out[1], 8); /* Linda Ek */
    assert_int_equal(out[2], NONE);
}

static void test_max_zero_only_counts(void **state)
{
    assert_int_equal(search_query(*state, "anna", NULL, 0), 5);
}

static void test_clear_empties_and_allows_reuse(void **state)
{
    (void)state;
    Search *s = build();
    search_clear(s);
    assert_int_equal(search_count(s), 0);
    uint32_t out[2];
    assert_int_equal(search_query(s, "anna", out, 2), 0);
    assert_int_equal(search_add(s, 7, "Åsa Ek", NULL), 0);
    assert_int_equal(search_query(s, "as", out, 2), 1);
    assert_int_equal(out[0], 7);
    search_free(s);
    search_free(NULL);
}

/* ---- 10,000 generated attendees against a reference --------------------------------- */

#define BIG_COUNT 10000

static const char *const gen_first[] = {
    "Anna",  "Anders", "Åsa", "Örjan", "Eva", "Erik",     "Lotta",     "Per", "Linnéa", "Björn",
    "Håkan", "Ida",    "Ove", "Ebba",  "K.",  "Jan Erik", "Anna-Lena", "Bo",  "Siv",    "Ödön",
};
static const char *const gen_last[] = {
    "Andersson", "Berg",  "Bergman", "Söderberg", "Öjmertz", "Ångström",  "Lindén", "Lind",
    "Ek",        "Åberg", "Müller",  "Nyström",   "Ek Berg", "af Ugglas", "Ström",  "Ehn",
};
static const char *const gen_org[] = {
    "Tekniska verken i Norrby",
    "Vattenbolaget Öst",
    "Norrby kommun",
    "Berg & Ek AB",
    "Åsbacka energi",
    "E",
    NULL,
    "Anna-Lenas bageri",
    "Lindens VA",
    "Storvik bostäder",
};

typedef struct RefEntry {
    char name[96];
    char org[96];
    uint32_t handle;
    unsigned key[3]; /* name hits, first-name hits, whole-word hits */
} RefEntry;

static size_t split(char *folded, char **words, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(folded, " "); tok && n < max; tok = strtok(NULL, " ")) {
        words[n++] = tok;
    }
    return n;
}

/* The contract, written the slow and obvious way: returns false if r does not match. */
static bool ref_match(RefEntry *r, char **qw, size_t nq)
{
    char name[96], org[96];
    char *nw[32], *ow[32];
    strcpy(name, r->name);
    strcpy(org, r->org);
    size_t nn = split(name, nw, 32), no = split(org, ow, 32);
    memset(r->key, 0, sizeof r->key);
    for (size_t i = 0; i < nq; i++) {
        size_t ql = strlen(qw[i]);
        int loc = -1; /* 2 first name, 1 other name word, 0 organisation */
        bool whole = false;
        for (size_t j = 0; j < nn + no; j++) {
            const char *w = j < nn ? nw[j] : ow[j - nn];
            if (strncmp(w, qw[i], ql) != 0) {
                continue;
            }
            int l = j == 0 && nn > 0 ? 2 : j < nn ? 1 : 0;
            bool wh = strlen(w) == ql;
            if (l > loc || (l == loc && wh && !whole)) {
                loc = l;
                whole = wh;
            }
        }
        if (loc < 0) {
            return false;
        }
        r->key[0] += loc >= 1;
        r->key[1] += loc == 2;
        r->key[2] += whole;
    }
    return true;
}

static int ref_cmp(const void *a, const void *b)
{
    const RefEntry *x = a, *y = b;
    for (int i = 0; i < 3; i++) {
        if (x->key[i] != y->key[i]) {
            return x->key[i] > y->key[i] ? -1 : 1;
        }
    }
    int c = strcmp(x->name, y->name);
    if (c != 0) {
        return c;
    }
    return (x->handle > y->handle) - (x->handle < y->handle);
}

static void test_generated_index_agrees_with_reference(void **state)
{
    (void)state;
    static RefEntry all[BIG_COUNT], hits[BIG_COUNT];
    Search *s = search_new();
    assert_non_null(s);
    uint32_t x = 12345;
    for (uint32_t i = 0; i < BIG_COUNT; i++) {
        x = x * 1103515245u + 12345u;
        const char *f = gen_first[(x >> 8) % COUNT_OF(gen_first)];
        const char *l = gen_last[(x >> 16) % COUNT_OF(gen_last)];
        const char *o = gen_org[(x >> 24) % COUNT_OF(gen_org)];
        char name[96];
        snprintf(name, sizeof name, "%s %s", f, l);
        /* Handles in reverse order, so handle order is not insertion order. */
        uint32_t handle = BIG_COUNT - i;
        assert_int_equal(search_add(s, handle, name, o), 0);
        text_fold(all[i].name, sizeof all[i].name, name);
        text_fold(all[i].org, sizeof all[i].org, o ? o : "");
        all[i].handle = handle;
    }
    assert_int_equal(search_count(s), BIG_COUNT);

    static const char *const queries[] = {
        "a",     "e",      "k",    "i",      "b e",  "anna", "berg",  "ber",
        "ek",    "ek ber", "o",    "oj",     "lind", "e a",  "an an", "jan erik",
        "ström", "af",     "lena", "norrby", "k ek", "s",    "ehn",   "Ö",
    };
    for (size_t qi = 0; qi < COUNT_OF(queries); qi++) {
        char fq[64];
        char *qw[8];
        text_fold(fq, sizeof fq, queries[qi]);
        size_t nq = split(fq, qw, 8);
        size_t want = 0;
        for (size_t i = 0; i < BIG_COUNT; i++) {
            if (ref_match(&all[i], qw, nq)) {
                hits[want++] = all[i];
            }
        }
        qsort(hits, want, sizeof hits[0], ref_cmp);

        uint32_t out[25];
        size_t total = search_query(s, queries[qi], out, COUNT_OF(out));
        if (total != want) {
            fail_msg("query \"%s\": %zu matches, reference %zu", queries[qi], total, want);
        }
        if (want == 0) {
            fail_msg("query \"%s\" matches nothing: a useless case", queries[qi]);
        }
        for (size_t i = 0; i < COUNT_OF(out) && i < want; i++) {
            if (out[i] != hits[i].handle) {
                fail_msg("query \"%s\": result %zu is handle %u, reference %u (%s)", queries[qi], i,
                         (unsigned)out[i], (unsigned)hits[i].handle, hits[i].name);
            }
        }
    }
    search_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_query_matches, setup, teardown),
        cmocka_unit_test_setup_teardown(test_query_ranks_results, setup, teardown),
        cmocka_unit_test(test_ties_broken_by_name_then_handle),
        cmocka_unit_test(test_single_letter_ranking_uses_every_rule),
        cmocka_unit_test(test_shared_organisation_spelled_differently),
        cmocka_unit_test(test_odd_input_is_safe),
        cmocka_unit_test_setup_teardown(test_blank_query_matches_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_total_counts_beyond_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_zero_only_counts, setup, teardown),
        cmocka_unit_test(test_clear_empties_and_allows_reuse),
        cmocka_unit_test(test_generated_index_agrees_with_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
