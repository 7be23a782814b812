/* Tests for core/text: strict UTF-8, the clean one-line form the store keeps, the folded
 * form search compares, and the editing helpers behind the on-screen keyboard.
 *
 * Cases are tables; each row names what it checks, and that name is printed when a row
 * fails, so a red run says which rule broke.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/text.h"
#include "support.h"

/* ---- decode / encode ---------------------------------------------------------------- */

static const struct {
    const char *what;
    uint32_t cp;
    const char *utf8;
} round_trips[] = {
    {"ascii letter", 0x41, "A"},
    {"nul", 0x00, "\x00"},
    {"last one-byte", 0x7F, "\x7F"},
    {"first two-byte", 0x80, "\xC2\x80"},
    {"swedish a-ring", 0xE5, "\xC3\xA5"},
    {"capital o-diaeresis", 0xD6, "\xC3\x96"},
    {"last two-byte", 0x7FF, "\xDF\xBF"},
    {"first three-byte", 0x800, "\xE0\xA0\x80"},
    {"en dash", 0x2013, "\xE2\x80\x93"},
    {"last before surrogates", 0xD7FF, "\xED\x9F\xBF"},
    {"first after surrogates", 0xE000, "\xEE\x80\x80"},
    {"last three-byte", 0xFFFF, "\xEF\xBF\xBF"},
    {"first four-byte", 0x10000, "\xF0\x90\x80\x80"},
    {"emoji", 0x1F600, "\xF0\x9F\x98\x80"},
    {"last code point", 0x10FFFF, "\xF4\x8F\xBF\xBF"},
};

static void test_decode_encode_round_trip(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(round_trips); i++) {
        const char *what = round_trips[i].what;
        size_t len = round_trips[i].cp == 0 ? 1 : strlen(round_trips[i].utf8);
        char buf[4] = {0};
        uint32_t cp = 0xFFFFFFFF;

        CHECK(what, text_encode(round_trips[i].cp, buf) == len);
        CHECK(what, memcmp(buf, round_trips[i].utf8, len) == 0);
        CHECK(what, text_decode(round_trips[i].utf8, len, &cp) == len);
        CHECK(what, cp == round_trips[i].cp);
        CHECK(what, text_valid_utf8(round_trips[i].utf8, len));
        /* One byte short is never a whole code point. */
        CHECK(what, len == 1 || text_decode(round_trips[i].utf8, len - 1, &cp) == 0);
    }
}

static const struct {
    const char *what;
    const char *bytes;
} invalid_sequences[] = {
    {"lone continuation byte", "\x80"},
    {"overlong slash (C0 AF)", "\xC0\xAF"},
    {"overlong nul (C0 80)", "\xC0\x80"},
    {"overlong two-byte lead C1", "\xC1\xBF"},
    {"overlong three-byte", "\xE0\x80\xAF"},
    {"overlong three-byte max", "\xE0\x9F\xBF"},
    {"overlong four-byte", "\xF0\x80\x80\xAF"},
    {"overlong four-byte max", "\xF0\x8F\xBF\xBF"},
    {"high surrogate", "\xED\xA0\x80"},
    {"low surrogate", "\xED\xBF\xBF"},
    {"above U+10FFFF (F4 90)", "\xF4\x90\x80\x80"},
    {"lead byte F5", "\xF5\x80\x80\x80"},
    {"lead byte FF", "\xFF"},
    {"lead byte FE", "\xFE"},
    {"truncated two-byte", "\xC3"},
    {"truncated three-byte", "\xE2\x82"},
    {"truncated four-byte", "\xF0\x9F\x98"},
    {"ascii where continuation due", "\xC3\x41"},
    {"lead where continuation due", "\xE2\xC3\xA5"},
};

static void test_decode_rejects_invalid_sequences(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(invalid_sequences); i++) {
        const char *what = invalid_sequences[i].what;
        const char *b = invalid_sequences[i].bytes;
        uint32_t cp;
        CHECK(what, text_decode(b, strlen(b), &cp) == 0);
        CHECK(what, !text_valid_utf8(b, strlen(b)));

        /* The same bytes inside otherwise good text still spoil it. */
        char wrapped[32];
        int n = snprintf(wrapped, sizeof wrapped, "Åsa%sÖ", b);
        CHECK(what, !text_valid_utf8(wrapped, (size_t)n));
    }
}

static void test_decode_empty_input_consumes_nothing(void **state)
{
    (void)state;
    uint32_t cp = 7;
    assert_int_equal(text_decode("A", 0, &cp), 0);
    assert_int_equal(cp, 7);
    assert_true(text_valid_utf8("", 0));
}

static void test_encode_rejects_surrogates_and_out_of_range(void **state)
{
    (void)state;
    static const uint32_t bad[] = {0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0x110000, 0xFFFFFFFF};
    for (size_t i = 0; i < COUNT_OF(bad); i++) {
        char buf[4];
        if (text_encode(bad[i], buf) != 0) {
            fail_msg("text_encode accepted U+%X", (unsigned)bad[i]);
        }
    }
}

static void test_valid_utf8_accepts_mixed_text(void **state)
{
    (void)state;
    const char *s = "Örjan Öjmertz – Vattenbolaget Öst 😀 ß";
    assert_true(text_valid_utf8(s, strlen(s)));
}

/* ---- clean_line --------------------------------------------------------------------- */

/* Raw bytes followed by a letter are written in octal ("\366d"), as a hex escape would
 * swallow the letters a-f that follow it. */

static const struct {
    const char *what;
    const char *in;
    size_t in_len; /* 0: strlen(in) */
    const char *want;
} clean_cases[] = {
    {"plain text unchanged", "Åsa Ångström", 0, "Åsa Ångström"},
    {"leading and trailing spaces trimmed", "   Anna Berg  ", 0, "Anna Berg"},
    {"runs of spaces collapse", "Anna    Berg", 0, "Anna Berg"},
    {"tab becomes space", "Anna\tBerg", 0, "Anna Berg"},
    {"newline becomes space", "Anna\nBerg", 0, "Anna Berg"},
    {"crlf becomes one space", "Anna\r\nBerg", 0, "Anna Berg"},
    {"line separator U+2028 becomes space", "Anna\u2028Berg", 0, "Anna Berg"},
    {"NEL U+0085 becomes space", "Anna\302\205Berg", 0, "Anna Berg"},
    {"C0 control dropped", "An\x01na\x1B", 0, "Anna"},
    {"DEL dropped", "An\x7Fna", 0, "Anna"},
    {"C1 control dropped", "An\xC2\x9Bna", 0, "Anna"},
    {"embedded NUL dropped", "An\0na", 5, "Anna"},
    {"invalid byte dropped", "S\366derberg", 0, "Sderberg"},
    {"overlong dropped", "A\300\257B", 0, "AB"},
    {"surrogate dropped", "A\355\240\200B", 0, "AB"},
    {"truncated sequence at end dropped", "Berg\xE2\x82", 0, "Berg"},
    {"emoji kept", "Hej 😀", 0, "Hej 😀"},
    {"only whitespace gives empty", " \t\r\n ", 0, ""},
    {"only controls gives empty", "\x01\x02\x7F", 0, ""},
    {"empty stays empty", "", 0, ""},
    {"space between dropped controls collapses", "a \x01 b", 0, "a b"},
    {"no-break space kept", "10\xC2\xA0kr", 0, "10\xC2\xA0kr"},
};

static void test_clean_line_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(clean_cases); i++) {
        const char *what = clean_cases[i].what;
        size_t n = clean_cases[i].in_len ? clean_cases[i].in_len : strlen(clean_cases[i].in);
        char out[64];
        memset(out, 'X', sizeof out);
        size_t len = text_clean_line(out, sizeof out, clean_cases[i].in, n);
        if (strcmp(out, clean_cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", what, out, clean_cases[i].want);
        }
        CHECK(what, len == strlen(clean_cases[i].want));
        CHECK(what, text_valid_utf8(out, len));
    }
}

static const struct {
    const char *what;
    const char *in;
    size_t cap;
    const char *want;
} clean_cap_cases[] = {
    {"fits exactly", "Åsa", 5, "Åsa"},
    {"cut before a two-byte letter, never inside", "Åsa Ö", 6, "Åsa"},
    {"cut keeps no trailing space", "Ab Cd", 4, "Ab"},
    {"emoji that does not fit is left out whole", "a😀", 5, "a"},
    {"emoji that fits is kept", "a😀", 6, "a😀"},
    {"capacity one gives empty string", "Anna", 1, ""},
    {"two-byte letter does not fit in two bytes", "Å", 2, ""},
};

static void test_clean_line_respects_capacity(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(clean_cap_cases); i++) {
        const char *what = clean_cap_cases[i].what;
        char out[16];
        memset(out, 'X', sizeof out);
        size_t len = text_clean_line(out, clean_cap_cases[i].cap, clean_cap_cases[i].in,
                                     strlen(clean_cap_cases[i].in));
        if (strcmp(out, clean_cap_cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", what, out, clean_cap_cases[i].want);
        }
        CHECK(what, len == strlen(clean_cap_cases[i].want));
        CHECK(what, out[clean_cap_cases[i].cap] == 'X'); /* nothing past the capacity */
    }
}

static void test_clean_line_zero_capacity_writes_nothing(void **state)
{
    (void)state;
    char out[2] = {'X', 'X'};
    assert_int_equal(text_clean_line(out, 0, "Anna", 4), 0);
    assert_int_equal(out[0], 'X');
}

/* ---- fold --------------------------------------------------------------------------- */

static const struct {
    const char *what;
    const char *in;
    const char *want;
} fold_cases[] = {
    {"swedish o-diaeresis", "Söderberg", "soderberg"},
    {"capital O-diaeresis and upper case", "ÖJMERTZ", "ojmertz"},
    {"hyphen splits words", "Anna-Karin", "anna karin"},
    {"ampersand and dot become spaces, trimmed", "Ångström & Co.", "angstrom co"},
    {"a-ring and a-diaeresis", "Åsa Bäckström", "asa backstrom"},
    {"e-acute and e-grave", "Lindén Hélène", "linden helene"},
    {"u-diaeresis", "Müller", "muller"},
    {"sharp s becomes ss", "Strauß", "strauss"},
    {"ae ligature", "Ærø Bækkelund", "aero baekkelund"},
    {"o-slash", "Søren Ørsted", "soren orsted"},
    {"n-tilde and c-cedilla", "Muñoz Françoise", "munoz francoise"},
    {"thorn and eth", "Þórður Guðmundsdóttir", "thordur gudmundsdottir"},
    {"latin extended-a", "Łukasz Dvořák Šťastný Œuvre Ĳssel",
     "lukasz dvorak stastny oeuvre ijssel"},
    {"dotless and dotted i", "Iİı", "iii"},
    {"romanian comma below", "Ștefan Țurcanu", "stefan turcanu"},
    {"vietnamese stacked marks", "Nguyễn Thị Ánh", "nguyen thi anh"},
    {"combining diaeresis dropped", "So\u0308derberg", "soderberg"},
    {"digits kept", "Sal B2 3:e vån", "sal b2 3 e van"},
    {"apostrophe splits", "O'Brien", "o brien"},
    {"typographic apostrophe splits", "D’Artagnan", "d artagnan"},
    {"emoji becomes space", "Anna😀Berg", "anna berg"},
    {"no-break space separates", "Anna\u00A0Berg", "anna berg"},
    {"multiplication sign separates", "2×3", "2 3"},
    {"soft hyphen joins", "Lind\u00ADqvist", "lindqvist"},
    {"zero-width joiner dropped", "An\xE2\x80\x8Dna", "anna"},
    {"runs of separators collapse", "  Anna --  Berg!!  ", "anna berg"},
    {"only separators gives empty", " - & . ", ""},
    {"invalid bytes skipped", "S\366derberg", "sderberg"},
    {"greek lower-cased", "ΑΘΗΝΑ", "αθηνα"},
    {"cyrillic lower-cased", "ИВАН Ёлкин", "иван ёлкин"},
    {"full-width latin", "Ａｂ1", "ab1"},
    {"micro sign is mu", "µ", "μ"},
    {"empty", "", ""},
};

static void test_fold_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(fold_cases); i++) {
        char out[128];
        size_t len = text_fold(out, sizeof out, fold_cases[i].in);
        if (strcmp(out, fold_cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", fold_cases[i].what, out,
                     fold_cases[i].want);
        }
        CHECK(fold_cases[i].what, len == strlen(out));
    }
}

/* text_fold_exact: the same words, with the letters as typed (in lower case). */
static const struct {
    const char *what;
    const char *in;
    const char *want;
} fold_exact_cases[] = {
    {"swedish letters kept, lowered", "JÖNSSON Åsa Bäck", "jönsson åsa bäck"},
    {"plain letters as text_fold", "Anna-Karin O'Brien", "anna karin o brien"},
    {"decomposed o-diaeresis composed", "So\u0308derberg", "söderberg"},
    {"decomposed capital a-ring composed", "A\u030Asa", "åsa"},
    {"decomposed e-acute composed", "Linde\u0301n", "lindén"},
    {"other combining marks dropped", "n\u0303", "n"},
    {"e-acute and u-diaeresis kept", "Hélène Müller", "hélène müller"},
    {"latin extended-a lowered", "ŁUKASZ DVOŘÁK", "łukasz dvořák"},
    {"y-diaeresis capital", "\u0178", "ÿ"},
    {"sharp s kept", "Strauß", "strauß"},
    {"digits and separators as text_fold", "Sal B2 & 3:e", "sal b2 3 e"},
    {"a mark with nothing before it is dropped", "\u0308a", "a"},
    {"a mark after a space is dropped", "o \u0308a", "o a"},
};

static void test_fold_exact_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(fold_exact_cases); i++) {
        char out[128], plain[128];
        size_t len = text_fold_exact(out, sizeof out, fold_exact_cases[i].in);
        if (strcmp(out, fold_exact_cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", fold_exact_cases[i].what, out,
                     fold_exact_cases[i].want);
        }
        CHECK(fold_exact_cases[i].what, len == strlen(out));
        CHECK(fold_exact_cases[i].what, text_valid_utf8(out, len));
        /* Words break where text_fold breaks them. */
        text_fold(plain, sizeof plain, fold_exact_cases[i].in);
        size_t words_exact = 0, words_plain = 0;
        for (const char *p = out; *p; p++) {
            words_exact += *p == ' ';
        }
        for (const char *p = plain; *p; p++) {
            words_plain += *p == ' ';
        }
        CHECK(fold_exact_cases[i].what, words_exact == words_plain);
        CHECK(fold_exact_cases[i].what, (*out == '\0') == (*plain == '\0'));
    }
}

static void test_fold_exact_stays_in_small_buffers(void **state)
{
    (void)state;
    /* A two-byte letter composed at the very end of the room is left out, never cut. */
    for (size_t cap = 1; cap < 12; cap++) {
        char out[16];
        memset(out, 'x', sizeof out);
        size_t len = text_fold_exact(out, cap, "AAo\u0308o\u0308");
        CHECK("fits", len < cap && out[len] == '\0' && text_valid_utf8(out, len));
        CHECK("untouched after the room", out[cap] == 'x');
    }
}

static void test_fold_latin1_and_extended_a_give_ascii(void **state)
{
    (void)state;
    /* Every letter of U+00C0..U+017F folds to plain lower-case ASCII. */
    for (uint32_t cp = 0xC0; cp < 0x180; cp++) {
        if (cp == 0xD7 || cp == 0xF7) {
            continue; /* × and ÷ are not letters */
        }
        char in[5] = {0};
        char out[8];
        text_encode(cp, in);
        size_t len = text_fold(out, sizeof out, in);
        if (len < 1 || len > 2) {
            fail_msg("U+%04X folds to %zu bytes", (unsigned)cp, len);
        }
        for (size_t i = 0; i < len; i++) {
            if (out[i] < 'a' || out[i] > 'z') {
                fail_msg("U+%04X folds to \"%s\"", (unsigned)cp, out);
            }
        }
    }
}

static void test_fold_respects_capacity(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *in;
        size_t cap;
        const char *want;
    } cases[] = {
        {"cut between words drops the space", "Anna Berg", 6, "anna"},
        {"sharp s is not split in half", "aß", 3, "a"},
        {"kept letter outside latin not cut", "aЖ", 3, "a"},
        {"capacity one", "Anna", 1, ""},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        char out[16];
        memset(out, 'X', sizeof out);
        text_fold(out, cases[i].cap, cases[i].in);
        if (strcmp(out, cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", cases[i].what, out, cases[i].want);
        }
        CHECK(cases[i].what, out[cases[i].cap] == 'X');
    }
}

/* ---- length, drop_last, append ------------------------------------------------------ */

static void test_length_counts_code_points(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t want;
    } cases[] = {
        {"", 0}, {"Anna", 4}, {"Åsa", 3}, {"Örjan Öjmertz", 13}, {"😀a", 2}, {"–", 1},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        if (text_length(cases[i].s) != cases[i].want) {
            fail_msg("text_length(\"%s\") = %zu, want %zu", cases[i].s, text_length(cases[i].s),
                     cases[i].want);
        }
    }
}

static void test_drop_last_removes_one_code_point(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        const char *s;
        size_t want;
    } cases[] = {
        {"empty stays empty", "", 0},
        {"ascii", "Anna", 3},
        {"two-byte letter", "Åsa Ö", 5},
        {"three-byte dash", "a–", 1},
        {"four-byte emoji", "ab😀", 2},
        {"only a multi-byte letter", "ö", 0},
        {"stray continuation byte removed alone", "ab\x80", 2},
        {"truncated sequence removed a byte at a time", "a\xE2\x82", 2},
    };
    for (size_t i = 0; i < COUNT_OF(cases); i++) {
        size_t got = text_drop_last(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want) {
            fail_msg("case \"%s\": got %zu, want %zu", cases[i].what, got, cases[i].want);
        }
    }
}

static void test_drop_last_repeatedly_empties_mixed_text(void **state)
{
    (void)state;
    const char *s = "Åa😀–ß";
    size_t len = strlen(s);
    size_t steps = 0;
    while (len > 0) {
        len = text_drop_last(s, len);
        assert_true(text_valid_utf8(s, len));
        steps++;
    }
    assert_int_equal(steps, 5);
}

static const struct {
    const char *what;
    const char *start;
    const char *add;
    size_t cap;
    size_t max_chars;
    const char *want;
} append_cases[] = {
    {"appends plain text", "An", "na", 32, 40, "Anna"},
    {"appends multi-byte", "", "Åsa", 32, 40, "Åsa"},
    {"max_chars counts code points, not bytes", "Åsa", "ÖÄÅ", 32, 5, "ÅsaÖÄ"},
    {"max_chars already reached adds nothing", "Åsa", "x", 32, 3, "Åsa"},
    {"cap cuts at a code point boundary", "ab", "cÖ", 5, 40, "abc"},
    {"cap leaves room for the NUL", "abc", "d", 4, 40, "abc"},
    {"emoji not cut by cap", "a", "😀", 5, 40, "a"},
    {"emoji fits exactly", "a", "😀", 6, 40, "a😀"},
    {"control characters dropped", "a", "b\x01\nc\x7F", 32, 40, "abc"},
    {"invalid bytes dropped", "a", "b\377\300\257c", 32, 40, "abc"},
    {"dropped characters do not count", "", "\001\002ab", 32, 2, "ab"},
    {"empty add", "Anna", "", 32, 40, "Anna"},
};

static void test_append_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(append_cases); i++) {
        const char *what = append_cases[i].what;
        char buf[40];
        memset(buf, 'X', sizeof buf);
        strcpy(buf, append_cases[i].start);
        size_t added =
            text_append(buf, append_cases[i].cap, append_cases[i].max_chars, append_cases[i].add);
        if (strcmp(buf, append_cases[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\", want \"%s\"", what, buf, append_cases[i].want);
        }
        CHECK(what, added == strlen(append_cases[i].want) - strlen(append_cases[i].start));
        CHECK(what, text_valid_utf8(buf, strlen(buf)));
        CHECK(what, strlen(buf) < append_cases[i].cap);
    }
}

static void test_append_typing_stops_at_limit(void **state)
{
    (void)state;
    /* Typing one key at a time, as the on-screen keyboard does. */
    char buf[12] = "";
    const char *keys[] = {"Å", "s", "a", " ", "Ö", "j", "m", "e", "r", "t", "z"};
    for (size_t i = 0; i < COUNT_OF(keys); i++) {
        text_append(buf, sizeof buf, 8, keys[i]);
    }
    assert_string_equal(buf, "Åsa Öjme");
    assert_int_equal(text_length(buf), 8);
}

/* Address shapes for the walk-in's e-mail field: what a person types, right and wrong. */
static void test_email_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"anna@exempel.se", true},
        {"anna.lind+mingel@kommun.exempel.se", true},
        {"åsa.öberg@fjällgården.se", true},
        {"a@b.co", true},
        {"", false},
        {"anna", false},
        {"anna@", false},
        {"@exempel.se", false},
        {"anna@exempel", false},
        {"anna@exempel.s", false},
        {"anna@@exempel.se", false},
        {"anna@ex@empel.se", false},
        {"anna lind@exempel.se", false},
        {"anna@exempel..se", false},
        {"anna@.exempel.se", false},
        {"anna@exempel.se.", false},
        {"anna@-exempel.se", false},
        {"anna@exempel-.se", false},
        {"anna<@exempel.se", false},
        {"anna,b@exempel.se", false},
        {"anna@exempel.se\n", false},
        {"anna\xc3@exempel.se", false},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@x.se", false}, /* 65 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (text_email_ok(cases[i].s) != cases[i].ok) {
            fail_msg("\"%s\": %s, want %s", cases[i].s, cases[i].ok ? "refused" : "taken",
                     cases[i].ok ? "taken" : "refused");
        }
    }
    char long_one[TEXT_EMAIL_MAX + 8];
    memset(long_one, 'a', sizeof long_one);
    memcpy(long_one, "anna@", 5);
    memcpy(long_one + TEXT_EMAIL_MAX - 3, ".se", 4); /* exactly TEXT_EMAIL_MAX bytes */
    assert_true(text_email_ok(long_one));
    memcpy(long_one + TEXT_EMAIL_MAX - 2, ".se", 4); /* one more */
    assert_false(text_email_ok(long_one));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_encode_round_trip),
        cmocka_unit_test(test_decode_rejects_invalid_sequences),
        cmocka_unit_test(test_decode_empty_input_consumes_nothing),
        cmocka_unit_test(test_encode_rejects_surrogates_and_out_of_range),
        cmocka_unit_test(test_valid_utf8_accepts_mixed_text),
        cmocka_unit_test(test_clean_line_cases),
        cmocka_unit_test(test_clean_line_respects_capacity),
        cmocka_unit_test(test_clean_line_zero_capacity_writes_nothing),
        cmocka_unit_test(test_fold_cases),
        cmocka_unit_test(test_fold_exact_cases),
        cmocka_unit_test(test_fold_exact_stays_in_small_buffers),
        cmocka_unit_test(test_fold_latin1_and_extended_a_give_ascii),
        cmocka_unit_test(test_fold_respects_capacity),
        cmocka_unit_test(test_length_counts_code_points),
        cmocka_unit_test(test_drop_last_removes_one_code_point),
        cmocka_unit_test(test_drop_last_repeatedly_empties_mixed_text),
        cmocka_unit_test(test_append_cases),
        cmocka_unit_test(test_append_typing_stops_at_limit),
        cmocka_unit_test(test_email_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
