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
#include "support.h"

#define NONE UINT32_MAX /* ends a list of expected handles */

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

/* One attendee as search_add takes it. */
typedef struct Added {
    uint32_t handle;
    const char *name, *org;
} Added;

/* A new search with the n attendees added in this order. */
static Search *search_with(const Added *added, size_t n)
{
    Search *s = search_new();
    assert_non_null(s);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(search_add(s, added[i].handle, added[i].name, added[i].org), 0);
    }
    return s;
}

/* Small searches whose four answers come in one order: the attendees added in the
 * order given, then the query. */
static const struct {
    const char *what;
    Added added[4];
    const char *query;
    uint32_t want[4];
} order_cases[] = {
    /* Added in an order that is neither the name nor the handle order: "eva aberg" twice
     * (handles 20, 40), then "eva oberg" twice (10, 30). */
    {"ties broken by name, then handle",
     {{30, "Eva Öberg", "A"},
      {20, "Eva Åberg", "B"},
      {10, "Eva Öberg", "C"},
      {40, "Eva Aberg", "D"}},
     "eva",
     {20, 40, 10, 30}},
    /* Whole-word matches first, by name: bo, eva, per. */
    {"a shared organisation spelled differently",
     {{1, "Eva Ek", "Älvdala kommun"},
      {2, "Per Ek", "ÄLVDALA KOMMUN"},
      {3, "Bo Ek", "Alvdala  kommun."},
      {4, "Ida Ek", "Älvdala kommunalförbund"}},
     "alvdala kommun",
     {3, 1, 2, 4}},
};

static void test_order_cases(void **state)
{
    (void)state;
    for (size_t c = 0; c < COUNT_OF(order_cases); c++) {
        Search *s = search_with(order_cases[c].added, 4);
        uint32_t out[4];
        CHECK_INT(order_cases[c].what, search_query(s, order_cases[c].query, out, 4), 4);
        for (size_t i = 0; i < 4; i++) {
            CHECK_INT(order_cases[c].what, out[i], order_cases[c].want[i]);
        }
        search_free(s);
    }
}

/* A list of names by handle, for the ranking and near-miss cases below. */
static const char *const door_names[] = {
    [1] = "Joakim Andersson", [2] = "Joakim Berg",     [3] = "Joakim Carlsson",
    [4] = "Joakim Dahl",      [5] = "Joakim Ek",       [6] = "Jörgen Lund",
    [7] = "Lars Jönsson",     [8] = "Jonas Öberg",     [9] = "Olle Berg",
    [10] = "Örjan Lindqvist", [11] = "Åsa Nilsson",    [12] = "Anders Åberg",
    [13] = "Anna Lindkvist",  [14] = "Märta Ståhl",    [15] = "Mårten Sjöö",
    [16] = "Göran Lejdberg",  [17] = "Goran Bregovic", [18] = "Per Andersson",
};

static Search *door_index(void)
{
    Search *s = search_new();
    assert_non_null(s);
    for (uint32_t h = 1; h < COUNT_OF(door_names); h++) {
        assert_int_equal(search_add(s, h, door_names[h], NULL), 0);
    }
    return s;
}

/* Each case: the query and the handles expected first, in order (NONE ends the list). */
static const struct {
    const char *query;
    uint32_t first[6];
} typed_cases[] = {
    /* The case: "jö" shows Jörgen and Jönsson before the five Joakims. */
    {"jö", {6, 7, 1, 2, 3, NONE}},
    {"Jö", {6, 7, 1, NONE}},
    /* Without diacritics every "jo" is alike: by name, as before. */
    {"jo", {1, 2, 3, 4, 5, 8}},
    /* "ö": the Ö names, first names before surnames, then the O names. */
    {"ö", {10, 8, 9, NONE}},
    /* Åsa by her first name, Anders Åberg by his surname, then the plain a's. */
    {"å", {11, 12, 13, 1, 18, NONE}},
    {"gö", {16, 17, NONE}},
    {"go", {17, 16, NONE}},
    /* Typed decomposed (an "o" and a combining diaeresis), as some keyboards send it. */
    {"jo\xcc\x88", {6, 7, 1, NONE}},
    /* The exact letters count only among names matched: the name still beats nothing. */
    {"mä st", {14, NONE}},
};

static void test_typed_letters_come_first(void **state)
{
    (void)state;
    Search *s = door_index();
    for (size_t c = 0; c < COUNT_OF(typed_cases); c++) {
        uint32_t out[8];
        size_t total = search_query(s, typed_cases[c].query, out, COUNT_OF(out));
        for (size_t i = 0; i < COUNT_OF(typed_cases[c].first) && typed_cases[c].first[i] != NONE;
             i++) {
            if (i >= total || out[i] != typed_cases[c].first[i]) {
                fail_msg("query \"%s\": result %zu is %s, want %s", typed_cases[c].query, i,
                         i < total ? door_names[out[i]] : "(none)",
                         door_names[typed_cases[c].first[i]]);
            }
        }
    }
    search_free(s);
}

/* Near misses: the query, and the handles search_suggest must give, best first. */
static const struct {
    const char *query;
    uint32_t want[4];
} suggest_cases[] = {
    {"Jörgne", {6, NONE}},         /* two letters swapped */
    {"jrgen", {6, NONE}},          /* the second letter left out */
    {"Lindkvist", {10, NONE}},     /* q for k, one letter replaced (Lindkvist itself matches) */
    {"Lindqvist", {13, NONE}},     /* and the other way round */
    {"Anderson", {1, 18, NONE}},   /* one s left out */
    {"Anders", {NONE}},            /* matches: a prefix of Andersson is no near miss */
    {"Anderssom", {1, 18, NONE}},  /* m for n: both Anderssons, by name */
    {"Andersen", {NONE}},          /* two edits from Andersson */
    {"Anderssson", {1, 18, NONE}}, /* one letter too many */
    {"Martha", {14, NONE}},        /* one letter too many; ä is read as a, as everywhere */
    {"Mrtha", {NONE}},             /* two edits from Märta */
    {"Marta Sthl", {14, NONE}},    /* one word exact, the other with a letter left out */
    {"Marta Sthal", {14, NONE}},   /* ah swapped */
    {"Mrta Sthal", {NONE}},        /* two words each one edit away: two edits */
    {"oJakim", {1, 2, 3, 4}},      /* the first two letters swapped */
    {"xjoakim", {1, 2, 3, 4}},     /* one letter too many in front */
    {"hoakim", {NONE}},            /* the first letter wrong: not suggested */
    {"jx", {NONE}},                /* words under three letters are never misspelt */
    {"Sjöö", {NONE}},              /* matches: no near misses */
    {"Bergovic", {17, NONE}},      /* er/re swapped inside */
};

static void test_near_misses_are_suggested(void **state)
{
    (void)state;
    Search *s = door_index();
    for (size_t c = 0; c < COUNT_OF(suggest_cases); c++) {
        uint32_t out[8];
        size_t want = 0;
        while (want < COUNT_OF(suggest_cases[c].want) && suggest_cases[c].want[want] != NONE) {
            want++;
        }
        size_t total = search_suggest(s, suggest_cases[c].query, out, COUNT_OF(out));
        if (total < want || (want < COUNT_OF(suggest_cases[c].want) && total != want)) {
            fail_msg("query \"%s\": %zu near misses, want %zu", suggest_cases[c].query, total,
                     want);
        }
        for (size_t i = 0; i < want; i++) {
            if (out[i] != suggest_cases[c].want[i]) {
                fail_msg("query \"%s\": near miss %zu is %s, want %s", suggest_cases[c].query, i,
                         door_names[out[i]], door_names[suggest_cases[c].want[i]]);
            }
        }
    }
    search_free(s);
}

/* Near misses read the organisation too, after the names: "Vattenbolgaet" (two letters
 * swapped) finds the Vattenbolaget people, and a name one edit away comes first. */
static void test_near_misses_read_organisations(void **state)
{
    (void)state;
    Search *s = search_new();
    assert_non_null(s);
    assert_int_equal(search_add(s, 1, "Örjan Öjmertz", "Vattenbolaget Öst"), 0);
    assert_int_equal(search_add(s, 2, "Åsa Ångström", "Vattenbolaget Öst"), 0);
    assert_int_equal(search_add(s, 3, "Lotta Ek", "Bergsby fastigheter"), 0);
    assert_int_equal(search_add(s, 4, "Vattenbolaget Vaktmästare", "Region Mittland"), 0);
    assert_int_equal(search_add(s, 5, "Lotta Berg", "Tekniska verken"), 0);
    uint32_t out[8];
    /* The one whose name has the word first, then the two by organisation, by name. */
    assert_int_equal(search_suggest(s, "vattenbolgaet", out, COUNT_OF(out)), 3);
    assert_int_equal(out[0], 4);
    assert_int_equal(out[1], 2);
    assert_int_equal(out[2], 1);
    /* One word right, the organisation one letter wrong: Lotta of Bergsby, not of Tekniska. */
    assert_int_equal(search_suggest(s, "lotta bergsbi", out, COUNT_OF(out)), 1);
    assert_int_equal(out[0], 3);
    /* "teknsika": swapped letters in an organisation. */
    assert_int_equal(search_suggest(s, "teknsika", out, COUNT_OF(out)), 1);
    assert_int_equal(out[0], 5);
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
    char exact[96]; /* the name's text_fold_exact form */
    uint32_t handle;
    unsigned key[4]; /* name hits, exact-letter name hits, first-name hits, whole-word hits */
} RefEntry;

static size_t split(char *folded, char **words, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(folded, " "); tok && n < max; tok = strtok(NULL, " ")) {
        words[n++] = tok;
    }
    return n;
}

/* The contract, written the slow and obvious way: returns false if r does not match. qw
 * are the query's folded words, qe the same words with their diacritics. */
static bool ref_match(RefEntry *r, char **qw, char **qe, size_t nq)
{
    char name[96], org[96], exact[96];
    char *nw[32], *ow[32], *ew[32];
    strcpy(name, r->name);
    strcpy(org, r->org);
    strcpy(exact, r->exact);
    size_t nn = split(name, nw, 32), no = split(org, ow, 32), ne = split(exact, ew, 32);
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
        /* Typed with diacritics: the name words with those very letters place it, where
         * there are any. */
        if (strcmp(qe[i], qw[i]) != 0) {
            size_t el = strlen(qe[i]);
            int eloc = -1;
            bool ewhole = false;
            for (size_t j = 0; j < ne; j++) {
                if (strncmp(ew[j], qe[i], el) != 0) {
                    continue;
                }
                int l = j == 0 ? 2 : 1;
                bool wh = strlen(ew[j]) == el;
                if (l > eloc || (l == eloc && wh && !ewhole)) {
                    eloc = l;
                    ewhole = wh;
                }
            }
            if (eloc >= 0) {
                loc = eloc;
                whole = ewhole;
                r->key[1]++;
            }
        }
        r->key[0] += loc >= 1;
        r->key[2] += loc == 2;
        r->key[3] += whole;
    }
    return true;
}

static int ref_cmp(const void *a, const void *b)
{
    const RefEntry *x = a, *y = b;
    for (int i = 0; i < 4; i++) {
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
        text_fold_exact(all[i].exact, sizeof all[i].exact, name);
        all[i].handle = handle;
    }
    assert_int_equal(search_count(s), BIG_COUNT);

    static const char *const queries[] = {
        "a",
        "e",
        "k",
        "i",
        "b e",
        "anna",
        "berg",
        "ber",
        "ek",
        "ek ber",
        "o",
        "oj",
        "lind",
        "e a",
        "an an",
        "jan erik",
        "ström",
        "af",
        "lena",
        "norrby",
        "k ek",
        "s",
        "ehn",
        "Ö",
        /* typed with diacritics: names with those letters first */
        "å",
        "ö",
        "åb",
        "a å",
        "ö e",
        "lindé",
        "Ebba Ö",
    };
    for (size_t qi = 0; qi < COUNT_OF(queries); qi++) {
        char fq[64], eq[64];
        char *qw[8], *qe[8];
        text_fold(fq, sizeof fq, queries[qi]);
        text_fold_exact(eq, sizeof eq, queries[qi]);
        size_t nq = split(fq, qw, 8);
        assert_int_equal(split(eq, qe, 8), nq); /* the two forms break words alike */
        size_t want = 0;
        for (size_t i = 0; i < BIG_COUNT; i++) {
            if (ref_match(&all[i], qw, qe, nq)) {
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
        cmocka_unit_test(test_order_cases),
        cmocka_unit_test(test_single_letter_ranking_uses_every_rule),
        cmocka_unit_test(test_typed_letters_come_first),
        cmocka_unit_test(test_near_misses_are_suggested),
        cmocka_unit_test(test_near_misses_read_organisations),
        cmocka_unit_test(test_odd_input_is_safe),
        cmocka_unit_test_setup_teardown(test_blank_query_matches_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_total_counts_beyond_max, setup, teardown),
        cmocka_unit_test_setup_teardown(test_max_zero_only_counts, setup, teardown),
        cmocka_unit_test(test_clear_empties_and_allows_reuse),
        cmocka_unit_test(test_generated_index_agrees_with_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
