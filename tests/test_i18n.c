/* Tests for core/i18n and core/mo: the kiosk's texts come from the gettext catalogues
 * compiled from po/ and embedded in the program.
 *
 * What is checked: every message has a real translation in every language, with the same
 * placeholders as its English source; po/mingel.pot, po/sv.po and po/en.po hold exactly
 * the keys of the table in i18n.c (a text added in one place and not the other fails
 * here); formatting and dates in both languages, cut at a code point; and the .mo reader
 * on damaged copies of a real catalogue (cut short, wrong magic, offsets and lengths out
 * of bounds, unsorted), which must give "no translation" and never read out of bounds.
 * Cases are tables; a failing row is named in the message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "core/mo.h"
#include "support.h"

static const Lang ALL_LANGS[] = {LANG_SV, LANG_EN};

/* Messages whose Swedish text is the English one on purpose. */
static const I18nId SAME_IN_SWEDISH[] = {I18N_OK, I18N_WALKIN_ORG, I18N_PHASE_FEEDBACK};

static int same_in_swedish(size_t key)
{
    for (size_t i = 0; i < COUNT_OF(SAME_IN_SWEDISH); i++) {
        if ((size_t)SAME_IN_SWEDISH[i] == key) {
            return 1;
        }
    }
    return 0;
}

/* Names a key for failure messages: "I18nId 12 \"Welcome, {}!\"" or "key 60 weekday|Sunday". */
static const char *key_name(size_t i, char *buf, size_t cap)
{
    const char *ctxt;
    const char *msgid = i18n_key(i, &ctxt);
    snprintf(buf, cap, "%s %zu %s%s\"%s\"", i < I18N_COUNT ? "I18nId" : "key", i, ctxt ? ctxt : "",
             ctxt ? "|" : "", msgid ? msgid : "(no source text)");
    return buf;
}

static const unsigned char *catalogue(Lang lang, size_t *size)
{
    const unsigned char *mo = mo_catalogue(i18n_lang_code(lang), size);
    assert_non_null(mo);
    return mo;
}

/* ---- the table and the catalogues --------------------------------------------------- */

static void test_every_key_has_a_unique_source_text(void **state)
{
    (void)state;
    char name[200];
    assert_true(i18n_key_count() >= I18N_COUNT + 7 + 12);
    for (size_t i = 0; i < i18n_key_count(); i++) {
        const char *ctxt;
        const char *msgid = i18n_key(i, &ctxt);
        key_name(i, name, sizeof name);
        CHECK(name, msgid != NULL && msgid[0] != '\0');
        CHECK(name, ctxt == NULL || ctxt[0] != '\0');
        for (size_t j = 0; msgid && j < i; j++) {
            const char *other_ctxt;
            const char *other = i18n_key(j, &other_ctxt);
            int same_ctxt =
                (!ctxt && !other_ctxt) || (ctxt && other_ctxt && strcmp(ctxt, other_ctxt) == 0);
            /* Two ids with one key would share one translation: give one a msgctxt. */
            CHECK(name, !(same_ctxt && other && strcmp(msgid, other) == 0));
        }
    }
    const char *ctxt = "x";
    assert_null(i18n_key(i18n_key_count(), &ctxt));
    assert_null(ctxt);
}

static void test_embedded_catalogues_are_valid(void **state)
{
    (void)state;
    for (size_t l = 0; l < COUNT_OF(ALL_LANGS); l++) {
        size_t size;
        const unsigned char *mo = catalogue(ALL_LANGS[l], &size);
        assert_int_equal(mo_check(mo, size), MO_OK);
    }
    size_t size = 1;
    assert_null(mo_catalogue("de", &size));
    assert_int_equal(size, 0);
    assert_null(mo_catalogue(NULL, &size));
}

/* One key's translation in one language's catalogue (text NULL when there is none). */
typedef struct Translation {
    Lang lang;
    size_t key;
    const char *ctxt, *msgid, *text;
    char name[200];
} Translation;

/* check(t) for every key in every language's embedded catalogue. */
static void each_translation(void (*check)(const Translation *t))
{
    for (size_t l = 0; l < COUNT_OF(ALL_LANGS); l++) {
        size_t size;
        const unsigned char *mo = catalogue(ALL_LANGS[l], &size);
        for (size_t i = 0; i < i18n_key_count(); i++) {
            Translation t = {.lang = ALL_LANGS[l], .key = i};
            t.msgid = i18n_key(i, &t.ctxt);
            t.text = mo_lookup(mo, size, t.ctxt, t.msgid);
            key_name(i, t.name, sizeof t.name);
            check(&t);
        }
    }
}

static void check_translated(const Translation *t)
{
    if (!t->text) {
        fail_msg("%s has no translation in %s.po", t->name, i18n_lang_code(t->lang));
    }
    if (t->key < I18N_COUNT) {
        CHECK(t->name, strcmp(i18n_text(t->lang, (I18nId)t->key), t->text) == 0);
    }
    if (t->lang != LANG_SV) {
        return;
    }
    if (same_in_swedish(t->key)) {
        CHECK(t->name, strcmp(t->text, t->msgid) == 0); /* else drop it from SAME_IN_SWEDISH */
    } else if (strcmp(t->text, t->msgid) == 0) {
        fail_msg("%s is still English in sv.po", t->name);
    }
}

static void test_every_key_is_translated(void **state)
{
    (void)state;
    each_translation(check_translated);
}

/* The placeholders of s as bits: 1 "{}", 2 "{1}", 4 "{2}", 8 any other "{". */
static unsigned placeholders(const char *s)
{
    unsigned bits = 0;
    for (const char *p = strchr(s, '{'); p; p = strchr(p + 1, '{')) {
        if (strncmp(p, "{}", 2) == 0) {
            bits |= 1;
        } else if (strncmp(p, "{1}", 3) == 0) {
            bits |= 2;
        } else if (strncmp(p, "{2}", 3) == 0) {
            bits |= 4;
        } else {
            bits |= 8;
        }
    }
    return bits;
}

static void check_placeholders(const Translation *t)
{
    CHECK(t->name, t->text != NULL);
    if (placeholders(t->text) != placeholders(t->msgid)) {
        fail_msg("%s: %s.po has \"%s\", whose placeholders differ", t->name,
                 i18n_lang_code(t->lang), t->text);
    }
}

static void test_translations_keep_the_placeholders(void **state)
{
    (void)state;
    each_translation(check_placeholders);
    /* The helper itself. */
    assert_int_equal(placeholders("Fråga {1} av {2}"), 6);
    assert_int_equal(placeholders("{} till"), 1);
    assert_int_equal(placeholders("{x}"), 8);
    assert_int_equal(placeholders("inga"), 0);
}

/* Texts other tests and the README quote exactly. */
static const struct {
    const char *what;
    Lang lang;
    I18nId id;
    const char *text;
} exact_texts[] = {
    {"sv check in", LANG_SV, I18N_CHECK_IN, "Checka in"},
    {"en check in", LANG_EN, I18N_CHECK_IN, "Check in"},
    {"sv toggle names English", LANG_SV, I18N_OTHER_LANGUAGE, "English"},
    {"en toggle names Swedish", LANG_EN, I18N_OTHER_LANGUAGE, "Svenska"},
    {"sv welcome", LANG_SV, I18N_WELCOME_NAME, "Välkommen, {}!"},
    {"sv no match quotes", LANG_SV, I18N_NO_MATCH, "Ingen träff på ”{}”"},
    {"en no match quotes", LANG_EN, I18N_NO_MATCH, "No match for “{}”"},
    {"sv not on list", LANG_SV, I18N_NOT_ON_LIST, "Inte på listan? Registrera dig"},
    {"sv confirm", LANG_SV, I18N_CONFIRM_TITLE, "Är det du?"},
    {"en apostrophe", LANG_EN, I18N_STILL_HERE, "I'm still here"},
    {"sv ellipsis", LANG_SV, I18N_REFLECTION_DEFAULT,
     "Det viktigaste jag tar med mig från dagen är …"},
    {"en joined source lines", LANG_EN, I18N_WALKIN_PRIVACY,
     "You are checked in at once. Your details are used for this meeting only."},
    {"sv organisation", LANG_SV, I18N_WALKIN_ORG, "Organisation"},
    {"sv progress", LANG_SV, I18N_QUESTION_PROGRESS, "Fråga {1} av {2}"},
    {"unknown lang is Swedish", (Lang)7, I18N_CHECK_IN, "Checka in"},
    {"negative lang is Swedish", (Lang)-1, I18N_BACK, "Tillbaka"},
    {"unknown id is empty", LANG_SV, I18N_COUNT, ""},
    {"unknown id is empty in English", LANG_EN, (I18nId)1000, ""},
};

static void test_exact_texts(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(exact_texts); i++) {
        const char *t = i18n_text(exact_texts[i].lang, exact_texts[i].id);
        CHECK(exact_texts[i].what, t != NULL);
        if (strcmp(t, exact_texts[i].text) != 0) {
            fail_msg("case \"%s\": got \"%s\"", exact_texts[i].what, t);
        }
    }
}

/* ---- formatting ---------------------------------------------------------------------- */

static const struct {
    const char *what;
    Lang lang;
    I18nId id;
    const char *a1, *a2;
    size_t cap;
    const char *want;
} formats[] = {
    {"sv welcome", LANG_SV, I18N_WELCOME_NAME, "Lotta", NULL, 64, "Välkommen, Lotta!"},
    {"en welcome", LANG_EN, I18N_WELCOME_NAME, "Lotta", NULL, 64, "Welcome, Lotta!"},
    {"sv two args", LANG_SV, I18N_QUESTION_PROGRESS, "3", "7", 64, "Fråga 3 av 7"},
    {"en two args", LANG_EN, I18N_QUESTION_PROGRESS, "3", "7", 64, "Question 3 of 7"},
    {"missing second arg", LANG_SV, I18N_QUESTION_PROGRESS, "3", NULL, 64, "Fråga 3 av "},
    {"missing arg", LANG_SV, I18N_WELCOME_NAME, NULL, NULL, 64, "Välkommen, !"},
    {"no placeholder", LANG_SV, I18N_BACK, "x", "y", 64, "Tillbaka"},
    {"arg with braces stays", LANG_SV, I18N_WELCOME_NAME, "{2}", "z", 64, "Välkommen, {2}!"},
    {"exact fit", LANG_EN, I18N_WELCOME_NAME, "Lotta", NULL, 16, "Welcome, Lotta!"},
    {"one byte short", LANG_EN, I18N_WELCOME_NAME, "Lotta", NULL, 15, "Welcome, Lotta"},
    {"cut inside the arg's Å", LANG_SV, I18N_WELCOME_NAME, "Åsa", NULL, 14, "Välkommen, "},
    {"cut after the arg's Å", LANG_SV, I18N_WELCOME_NAME, "Åsa", NULL, 15, "Välkommen, Å"},
    {"cut inside the text's ä", LANG_SV, I18N_WELCOME_NAME, "Åsa", NULL, 3, "V"},
    {"cut after the text's ä", LANG_SV, I18N_WELCOME_NAME, "Åsa", NULL, 4, "Vä"},
    {"cut inside a 4-byte emoji", LANG_EN, I18N_WELCOME_NAME, "A\xF0\x9F\x98\x80", NULL, 14,
     "Welcome, A"},
    {"cut inside an en dash", LANG_SV, I18N_MORE_MATCHES, "12", NULL, 10, "12 till "},
    {"only the NUL fits", LANG_SV, I18N_CHECK_IN, NULL, NULL, 1, ""},
    {"unknown id", LANG_SV, I18N_COUNT, "x", NULL, 64, ""},
};

static void test_format(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(formats); i++) {
        char out[64];
        memset(out, '#', sizeof out);
        assert_true(formats[i].cap <= sizeof out);
        char *r = i18n_format2(formats[i].lang, formats[i].id, formats[i].a1, formats[i].a2, out,
                               formats[i].cap);
        CHECK(formats[i].what, r == out);
        if (strcmp(out, formats[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\"", formats[i].what, out);
        }
        CHECK(formats[i].what, strlen(out) < formats[i].cap);
    }
    /* i18n_format is i18n_format2 with one argument; cap 0 leaves out untouched. */
    char out[32] = "unchanged";
    assert_string_equal(i18n_format(LANG_SV, I18N_CHARS_LEFT, "12", out, sizeof out),
                        "12 tecken kvar");
    strcpy(out, "unchanged");
    i18n_format(LANG_SV, I18N_CHARS_LEFT, "12", out, 0);
    assert_string_equal(out, "unchanged");
}

/* ---- dates --------------------------------------------------------------------------- */

static const struct {
    const char *what;
    Lang lang;
    const char *iso;
    size_t cap;
    const char *want;
} dates[] = {
    {"sv meeting day", LANG_SV, "2026-11-26", 64, "torsdag 26 november 2026"},
    {"en meeting day", LANG_EN, "2026-11-26", 64, "Thursday 26 November 2026"},
    {"sv leap day", LANG_SV, "2024-02-29", 64, "torsdag 29 februari 2024"},
    {"en leap day", LANG_EN, "2024-02-29", 64, "Thursday 29 February 2024"},
    {"sv saturday, new year", LANG_SV, "2000-01-01", 64, "lördag 1 januari 2000"},
    {"en saturday, new year", LANG_EN, "2000-01-01", 64, "Saturday 1 January 2000"},
    {"sv sunday in may", LANG_SV, "2026-05-31", 64, "söndag 31 maj 2026"},
    {"en sunday in may", LANG_EN, "2026-05-31", 64, "Sunday 31 May 2026"},
    {"sv wednesday, december", LANG_SV, "2025-12-31", 64, "onsdag 31 december 2025"},
    {"unknown lang is Swedish", (Lang)9, "2026-11-26", 64, "torsdag 26 november 2026"},
    {"no leap day in 2026", LANG_SV, "2026-02-29", 64, "2026-02-29"},
    {"no leap day in 1900", LANG_EN, "1900-02-29", 64, "1900-02-29"},
    {"no april 31", LANG_SV, "2026-04-31", 64, "2026-04-31"},
    {"month 13", LANG_SV, "2026-13-01", 64, "2026-13-01"},
    {"trailing text", LANG_SV, "2026-11-26x", 64, "2026-11-26x"},
    {"not a date", LANG_SV, "i morgon", 64, "i morgon"},
    {"empty", LANG_SV, "", 64, ""},
    {"NULL", LANG_SV, NULL, 64, ""},
    {"cut after ö", LANG_SV, "2000-01-01", 4, "lö"},
    {"cut inside ö", LANG_SV, "2000-01-01", 3, "l"},
    {"cut inside the day", LANG_SV, "2026-11-26", 10, "torsdag 2"},
    {"invalid date cut inside å", LANG_SV, "på måndag", 6, "på m"},
};

static void test_date(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(dates); i++) {
        char out[64];
        memset(out, '#', sizeof out);
        char *r = i18n_date(dates[i].lang, dates[i].iso, out, dates[i].cap);
        CHECK(dates[i].what, r == out);
        if (strcmp(out, dates[i].want) != 0) {
            fail_msg("case \"%s\": got \"%s\"", dates[i].what, out);
        }
    }
}

/* ---- language codes ------------------------------------------------------------------ */

static void test_language_codes(void **state)
{
    (void)state;
    static const struct {
        const char *code;
        Lang lang;
    } rows[] = {
        {"sv", LANG_SV}, {"en", LANG_EN},  {"de", LANG_SV}, {"", LANG_SV},
        {"EN", LANG_SV}, {"eng", LANG_SV}, {NULL, LANG_SV},
    };
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        CHECK(rows[i].code ? rows[i].code : "NULL",
              i18n_lang_from_code(rows[i].code) == rows[i].lang);
    }
    assert_string_equal(i18n_lang_code(LANG_SV), "sv");
    assert_string_equal(i18n_lang_code(LANG_EN), "en");
    assert_string_equal(i18n_lang_code(LANG_COUNT), "sv");
    for (size_t l = 0; l < COUNT_OF(ALL_LANGS); l++) {
        assert_int_equal(i18n_lang_from_code(i18n_lang_code(ALL_LANGS[l])), ALL_LANGS[l]);
    }
}

/* ---- the .mo reader ------------------------------------------------------------------ */

static void test_mo_lookup(void **state)
{
    (void)state;
    size_t size;
    const unsigned char *sv = catalogue(LANG_SV, &size);
    static const struct {
        const char *what;
        const char *ctxt, *msgid;
        const char *want; /* NULL: no translation */
    } rows[] = {
        {"plain", NULL, "Check in", "Checka in"},
        {"a prefix of another key", NULL, "Register", "Registrera dig"},
        {"the longer key", NULL, "Register and check in", "Registrera och checka in"},
        {"part of a key", NULL, "Regist", NULL},
        {"with context", "weekday", "Thursday", "torsdag"},
        {"month", "month", "May", "maj"},
        {"context required", NULL, "Thursday", NULL},
        {"wrong context", "month", "Thursday", NULL},
        {"context without its key", "weekday", NULL, NULL},
        {"missing", NULL, "No such text", NULL},
        {"the header is no text", NULL, "", NULL},
        {"NULL msgid", NULL, NULL, NULL},
    };
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        const char *t = mo_lookup(sv, size, rows[i].ctxt, rows[i].msgid);
        if (!rows[i].want) {
            CHECK(rows[i].what, t == NULL);
        } else {
            CHECK(rows[i].what, t != NULL && strcmp(t, rows[i].want) == 0);
        }
    }
    assert_null(mo_lookup(NULL, size, NULL, "Check in"));
    assert_null(mo_lookup(sv, 0, NULL, "Check in"));
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void set32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static void swap32(unsigned char *p)
{
    unsigned char t = p[0];
    p[0] = p[3];
    p[3] = t;
    t = p[1];
    p[1] = p[2];
    p[2] = t;
}

/* Header fields of the (little-endian) catalogue msgfmt writes here. */
enum {
    H_MAGIC = 0,
    H_REVISION = 4,
    H_COUNT = 8,
    H_ORIG = 12,
    H_TRANS = 16,
    H_HSIZE = 20,
    H_HOFF = 24
};

static void damage_magic(unsigned char *mo, size_t size)
{
    (void)size;
    mo[0] ^= 0x01;
}

static void damage_revision(unsigned char *mo, size_t size)
{
    (void)size;
    set32(mo + H_REVISION, 2u << 16);
}

static void damage_count(unsigned char *mo, size_t size)
{
    (void)size;
    set32(mo + H_COUNT, 0xFFFFFFFFu);
}

static void damage_count_just_over(unsigned char *mo, size_t size)
{
    /* The originals table would end just past the bytes. */
    set32(mo + H_COUNT, (uint32_t)((size - get32(mo + H_ORIG)) / 8 + 1));
}

static void damage_orig_offset(unsigned char *mo, size_t size)
{
    set32(mo + H_ORIG, (uint32_t)size + 4);
}

static void damage_trans_offset(unsigned char *mo, size_t size)
{
    set32(mo + H_TRANS, (uint32_t)size - 4);
}

/* Entry e (length, offset) of the originals table. */
static unsigned char *orig_entry(unsigned char *mo, size_t e)
{
    return mo + get32(mo + H_ORIG) + 8 * e;
}

static unsigned char *trans_entry(unsigned char *mo, size_t e)
{
    return mo + get32(mo + H_TRANS) + 8 * e;
}

static void damage_string_offset(unsigned char *mo, size_t size)
{
    (void)size;
    for (size_t e = 0; e < get32(mo + H_COUNT); e++) {
        set32(orig_entry(mo, e) + 4, 0xFFFFFFF0u);
    }
}

static void damage_string_length(unsigned char *mo, size_t size)
{
    (void)size;
    for (size_t e = 0; e < get32(mo + H_COUNT); e++) {
        set32(orig_entry(mo, e), 0xFFFFFFFFu);
    }
}

static void damage_translation_length(unsigned char *mo, size_t size)
{
    for (size_t e = 0; e < get32(mo + H_COUNT); e++) {
        set32(trans_entry(mo, e), (uint32_t)size);
    }
}

static void damage_terminators(unsigned char *mo, size_t size)
{
    (void)size;
    for (size_t e = 0; e < get32(mo + H_COUNT); e++) {
        unsigned char *entry = orig_entry(mo, e);
        mo[get32(entry + 4) + get32(entry)] = 'x';
    }
}

static void damage_last_terminator(unsigned char *mo, size_t size)
{
    /* msgfmt writes the translations last: the final byte is the last one's NUL. */
    mo[size - 1] = 'x';
}

static void damage_order(unsigned char *mo, size_t size)
{
    (void)size;
    unsigned char tmp[8];
    memcpy(tmp, orig_entry(mo, 1), 8);
    memcpy(orig_entry(mo, 1), orig_entry(mo, 2), 8);
    memcpy(orig_entry(mo, 2), tmp, 8);
}

static void to_big_endian(unsigned char *mo, size_t size)
{
    (void)size;
    size_t n = get32(mo + H_COUNT), orig = get32(mo + H_ORIG), trans = get32(mo + H_TRANS);
    size_t hsize = get32(mo + H_HSIZE), hoff = get32(mo + H_HOFF);
    for (size_t e = 0; e < 2 * n; e++) {
        swap32(mo + orig + 4 * e);
        swap32(mo + trans + 4 * e);
    }
    for (size_t e = 0; e < hsize; e++) {
        swap32(mo + hoff + 4 * e);
    }
    for (size_t w = 0; w < 7; w++) {
        swap32(mo + 4 * w);
    }
}

static const struct {
    const char *what;
    void (*damage)(unsigned char *mo, size_t size);
    MoError check;   /* what mo_check says */
    int still_finds; /* lookups still give the right answers */
} damages[] = {
    {"bad magic", damage_magic, MO_E_MAGIC, 0},
    {"unknown major revision", damage_revision, MO_E_REVISION, 0},
    {"entry count beyond the bytes", damage_count, MO_E_TABLE, 0},
    {"entry count one past the bytes", damage_count_just_over, MO_E_TABLE, 0},
    {"originals table beyond the bytes", damage_orig_offset, MO_E_TABLE, 0},
    {"translations table past the end", damage_trans_offset, MO_E_TABLE, 0},
    {"string offsets beyond the bytes", damage_string_offset, MO_E_STRING, 0},
    {"string lengths beyond the bytes", damage_string_length, MO_E_STRING, 0},
    {"translation lengths beyond the bytes", damage_translation_length, MO_E_STRING, 0},
    {"strings without their NUL", damage_terminators, MO_E_STRING, 0},
    {"last translation without its NUL", damage_last_terminator, MO_E_STRING, 0},
    {"originals out of order", damage_order, MO_E_ORDER, 0},
    {"big-endian catalogue", to_big_endian, MO_OK, 1},
};

/* Looks up every key in mo[0..size): each answer must be NULL or a string that lies inside
 * the bytes; with still_finds, it must equal the intact catalogue's answer. */
static void lookup_everything(const char *what, const unsigned char *mo, size_t size,
                              const unsigned char *good, size_t good_size, int still_finds)
{
    for (size_t i = 0; i < i18n_key_count(); i++) {
        const char *ctxt;
        const char *msgid = i18n_key(i, &ctxt);
        const char *t = mo_lookup(mo, size, ctxt, msgid);
        if (t) {
            const unsigned char *u = (const unsigned char *)t;
            CHECK(what, u >= mo && u < mo + size);
            CHECK(what, memchr(t, '\0', size - (size_t)(u - mo)) != NULL);
        }
        if (still_finds) {
            const char *want = mo_lookup(good, good_size, ctxt, msgid);
            CHECK(what, t && want && strcmp(t, want) == 0);
        }
    }
}

static void test_mo_damaged_copies(void **state)
{
    (void)state;
    size_t size;
    const unsigned char *sv = catalogue(LANG_SV, &size);
    assert_int_equal(get32(sv + H_MAGIC), 0x950412deu); /* the helpers assume little-endian */
    for (size_t i = 0; i < COUNT_OF(damages); i++) {
        /* A heap copy of the exact size, so AddressSanitizer sees any read past it. */
        unsigned char *copy = malloc(size);
        assert_non_null(copy);
        memcpy(copy, sv, size);
        damages[i].damage(copy, size);
        MoError rc = mo_check(copy, size);
        if (rc != damages[i].check) {
            fail_msg("case \"%s\": mo_check gave %d, want %d", damages[i].what, (int)rc,
                     (int)damages[i].check);
        }
        lookup_everything(damages[i].what, copy, size, sv, size, damages[i].still_finds);
        free(copy);
    }
}

static void test_mo_cut_short_at_every_length(void **state)
{
    (void)state;
    size_t size;
    const unsigned char *sv = catalogue(LANG_SV, &size);
    for (size_t len = 0; len < size; len++) {
        unsigned char *copy = malloc(len ? len : 1);
        assert_non_null(copy);
        memcpy(copy, sv, len);
        char what[64];
        snprintf(what, sizeof what, "cut to %zu bytes", len);
        /* The last byte is a string's NUL, so no shortened copy is a whole catalogue. */
        CHECK(what, mo_check(copy, len) != MO_OK);
        lookup_everything(what, copy, len, sv, size, 0);
        free(copy);
    }
}

/* ---- po/ in step with the table ------------------------------------------------------ */

enum { PO_MAX_ENTRIES = 512, PO_FIELD = 1024 };

typedef struct PoEntry {
    int has_ctxt;
    char ctxt[PO_FIELD];
    char msgid[PO_FIELD];
    char msgstr[PO_FIELD];
    int fuzzy;
    int line; /* of its msgid */
} PoEntry;

typedef struct PoFile {
    PoEntry entries[PO_MAX_ENTRIES];
    size_t count;
} PoFile;

/* Appends the C-escaped string literal at p (just past its opening quote) to field. */
static void append_literal(const char *path, int line, const char *p, char *field)
{
    size_t len = strlen(field);
    for (; *p && *p != '"'; p++) {
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case '"': c = '"'; break;
            case '\\': c = '\\'; break;
            default: fail_msg("%s:%d: unknown escape \\%c", path, line, *p);
            }
        }
        if (len + 1 >= PO_FIELD) {
            fail_msg("%s:%d: string too long for this test", path, line);
        }
        field[len++] = c;
    }
    if (*p != '"') {
        fail_msg("%s:%d: unterminated string", path, line);
    }
    field[len] = '\0';
}

/* Reads the entries of a .po/.pot file: enough of the format for what po/ holds (comments,
 * flags, msgctxt, msgid, msgstr, continued strings); obsolete "#~" entries are skipped as
 * msgfmt skips them, plural forms are an error (no message uses them). */
static void po_read(const char *path, PoFile *po)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fail_msg("cannot open %s", path);
    }
    char buf[2048];
    char *field = NULL; /* what a continued string adds to */
    int fuzzy = 0, line = 0, in_entry = 0;
    po->count = 0;
    while (fgets(buf, sizeof buf, f)) {
        line++;
        buf[strcspn(buf, "\r\n")] = '\0';
        if (buf[0] == '\0') {
            field = NULL;
            in_entry = 0;
            continue;
        }
        if (buf[0] == '#') {
            if (strncmp(buf, "#,", 2) == 0 && strstr(buf, "fuzzy")) {
                fuzzy = 1;
            }
            continue;
        }
        PoEntry *e = po->count > 0 ? &po->entries[po->count - 1] : NULL;
        if (strncmp(buf, "msgctxt \"", 9) == 0 || (strncmp(buf, "msgid \"", 7) == 0 && !in_entry)) {
            if (po->count == PO_MAX_ENTRIES) {
                fail_msg("%s:%d: too many entries for this test", path, line);
            }
            e = &po->entries[po->count++];
            memset(e, 0, sizeof *e);
            e->fuzzy = fuzzy;
            fuzzy = 0;
            in_entry = 1;
        }
        if (strncmp(buf, "msgctxt \"", 9) == 0) {
            e->has_ctxt = 1;
            field = e->ctxt;
            append_literal(path, line, buf + 9, field);
        } else if (strncmp(buf, "msgid \"", 7) == 0) {
            e->line = line;
            field = e->msgid;
            append_literal(path, line, buf + 7, field);
        } else if (strncmp(buf, "msgstr \"", 8) == 0 && e) {
            field = e->msgstr;
            append_literal(path, line, buf + 8, field);
        } else if (buf[0] == '"' && field) {
            append_literal(path, line, buf + 1, field);
        } else {
            fail_msg("%s:%d: line not understood: %s", path, line, buf);
        }
    }
    fclose(f);
}

static int po_has_key(const PoEntry *e, const char *ctxt, const char *msgid)
{
    if (!!e->has_ctxt != !!ctxt) {
        return 0;
    }
    return (!ctxt || strcmp(e->ctxt, ctxt) == 0) && strcmp(e->msgid, msgid) == 0;
}

/* Checks one file against the table: the header's fields, then every key exactly once,
 * every entry a key. lang_code is NULL for the template. */
static void check_po_file(const char *file, const char *lang_code)
{
    const char *root = getenv("MINGEL_TEST_ROOT");
    if (!root) {
        fail_msg("MINGEL_TEST_ROOT is not set (ctest sets it to the source tree)");
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/po/%s", root, file);
    PoFile *po = calloc(1, sizeof *po);
    assert_non_null(po);
    po_read(path, po);

    assert_true(po->count > 0);
    const PoEntry *header = &po->entries[0];
    if (header->has_ctxt || header->msgid[0] != '\0') {
        fail_msg("%s: the first entry is not the header", path);
    }
    if (!strstr(header->msgstr, "Content-Type: text/plain; charset=UTF-8\n")) {
        fail_msg("%s: the header lacks Content-Type with charset=UTF-8", path);
    }
    if (lang_code) {
        if (!strstr(header->msgstr, "Plural-Forms: nplurals=")) {
            fail_msg("%s: the header lacks Plural-Forms", path);
        }
        char want[32];
        snprintf(want, sizeof want, "Language: %s\n", lang_code);
        if (!strstr(header->msgstr, want)) {
            fail_msg("%s: the header lacks \"Language: %s\"", path, lang_code);
        }
        if (header->fuzzy) {
            fail_msg("%s: the header is fuzzy", path);
        }
    }

    char name[200];
    for (size_t i = 0; i < i18n_key_count(); i++) {
        const char *ctxt;
        const char *msgid = i18n_key(i, &ctxt);
        assert_non_null(msgid);
        size_t found = 0;
        for (size_t k = 1; k < po->count; k++) {
            found += (size_t)po_has_key(&po->entries[k], ctxt, msgid);
        }
        if (found != 1) {
            fail_msg("%s: %s appears %zu times (want once; add it as README "
                     "\"Translations\" says)",
                     path, key_name(i, name, sizeof name), found);
        }
    }
    for (size_t k = 1; k < po->count; k++) {
        const PoEntry *e = &po->entries[k];
        size_t i = 0;
        for (; i < i18n_key_count(); i++) {
            const char *ctxt;
            const char *msgid = i18n_key(i, &ctxt);
            if (po_has_key(e, ctxt, msgid)) {
                break;
            }
        }
        if (i == i18n_key_count()) {
            fail_msg("%s:%d: \"%s%s%s\" is no longer a text in app/core/i18n.c: remove it", path,
                     e->line, e->has_ctxt ? e->ctxt : "", e->has_ctxt ? "|" : "", e->msgid);
        }
        if (lang_code && e->fuzzy) {
            fail_msg("%s:%d: \"%s\" is fuzzy: msgfmt leaves it out", path, e->line, e->msgid);
        }
        if (lang_code && e->msgstr[0] == '\0') {
            fail_msg("%s:%d: \"%s\" is not translated", path, e->line, e->msgid);
        }
        if (!lang_code && e->msgstr[0] != '\0') {
            fail_msg("%s:%d: the template translates \"%s\"", path, e->line, e->msgid);
        }
    }
    free(po);
}

static void test_po_files_match_the_table(void **state)
{
    (void)state;
    check_po_file("mingel.pot", NULL);
    for (size_t l = 0; l < COUNT_OF(ALL_LANGS); l++) {
        char file[16];
        snprintf(file, sizeof file, "%s.po", i18n_lang_code(ALL_LANGS[l]));
        check_po_file(file, i18n_lang_code(ALL_LANGS[l]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_key_has_a_unique_source_text),
        cmocka_unit_test(test_embedded_catalogues_are_valid),
        cmocka_unit_test(test_every_key_is_translated),
        cmocka_unit_test(test_translations_keep_the_placeholders),
        cmocka_unit_test(test_exact_texts),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_date),
        cmocka_unit_test(test_language_codes),
        cmocka_unit_test(test_mo_lookup),
        cmocka_unit_test(test_mo_damaged_copies),
        cmocka_unit_test(test_mo_cut_short_at_every_length),
        cmocka_unit_test(test_po_files_match_the_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
