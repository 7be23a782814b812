/* text: strict UTF-8 decoding plus the two normal forms the kiosk relies on.
 *
 * Everything a person types and everything an organiser's file carries passes through
 * here before it is stored or compared. "Clean" text is what the store keeps: valid
 * UTF-8 on one line, no control characters, so every screen can show it. "Folded" text is
 * what search compares: lower case, Latin letters stripped of their diacritics and every
 * separator reduced to a single space, so that a visitor typing "soder" on a keyboard
 * without Swedish letters still finds "Söderberg". Folding is a table lookup per code
 * point rather than full Unicode normalisation: the names met at a Swedish meeting are
 * Latin, and the tables stay small enough to read.
 *
 * Nothing here allocates; every output goes to a caller-provided buffer and is never cut
 * in the middle of a code point.
 */
#include "core/text.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

size_t text_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    if (n == 0) {
        return 0;
    }
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v;
    uint32_t min; /* smallest value that needs this many bytes: below it is overlong */
    /* 0xC0 and 0xC1 can only start overlong two-byte forms; above 0xF4 lies > U+10FFFF. */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len) {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            return 0;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        return 0;
    }
    *cp = v;
    return len;
}

size_t text_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        return 0; /* surrogates exist only inside UTF-16 */
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp <= 0x10FFFF) {
        out[0] = (char)(0xF0 | (cp >> 18));
        out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[3] = (char)(0x80 | (cp & 0x3F));
        return 4;
    }
    return 0;
}

bool text_valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (k == 0) {
            return false;
        }
        i += k;
    }
    return true;
}

/* Characters that end a line or move along it. On one line they mean "a gap between
 * words", so they become a space instead of vanishing and gluing two words together. */
static bool is_line_space(uint32_t cp)
{
    return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' || cp == 0x85 ||
           cp == 0x2028 || cp == 0x2029;
}

/* C0, DEL and C1: nothing a font can draw. */
static bool is_control(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

size_t text_clean_line(char *dst, size_t cap, const char *src, size_t n)
{
    if (cap == 0) {
        return 0;
    }
    size_t out = 0;
    size_t i = 0;
    bool gap = false; /* a space is owed before the next visible character */
    while (i < n) {
        uint32_t cp;
        size_t k = text_decode(src + i, n - i, &cp);
        if (k == 0) {
            i++; /* drop one byte and resynchronise on the next */
            continue;
        }
        const char *at = src + i;
        i += k;
        if (cp == ' ' || is_line_space(cp)) {
            gap = true;
            continue;
        }
        if (is_control(cp)) {
            continue;
        }
        /* The owed space is written only together with what follows it, so runs collapse
         * and nothing trails; out == 0 means the space would lead, so it is dropped. */
        size_t sp = (gap && out > 0) ? 1 : 0;
        if (out + sp + k >= cap) {
            break;
        }
        if (sp) {
            dst[out++] = ' ';
        }
        gap = false;
        memcpy(dst + out, at, k);
        out += k;
    }
    dst[out] = '\0';
    return out;
}

/* ---- Folding ------------------------------------------------------------------------ */

/* Search forms of U+00C0..U+017F (Latin-1 letters and Latin Extended-A), by code point.
 * NULL marks the two symbols in that block (× and ÷), which separate words. Letters that
 * are really two (æ, œ, ß, þ, ĳ) keep both halves, so "Bæk" is found as "baek". */
/* Eight code points a row, two rows under each comment naming their letters. */
/* clang-format off */
static const char *const latin_fold[0x180 - 0xC0] = {
    /* U+00C0 À Á Â Ã Ä Å Æ Ç È É Ê Ë Ì Í Î Ï */
    "a", "a", "a", "a", "a", "a", "ae", "c",
    "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00D0 Ð Ñ Ò Ó Ô Õ Ö × Ø Ù Ú Û Ü Ý Þ ß */
    "d", "n", "o", "o", "o", "o", "o", NULL,
    "o", "u", "u", "u", "u", "y", "th", "ss",
    /* U+00E0 à á â ã ä å æ ç è é ê ë ì í î ï */
    "a", "a", "a", "a", "a", "a", "ae", "c",
    "e", "e", "e", "e", "i", "i", "i", "i",
    /* U+00F0 ð ñ ò ó ô õ ö ÷ ø ù ú û ü ý þ ÿ */
    "d", "n", "o", "o", "o", "o", "o", NULL,
    "o", "u", "u", "u", "u", "y", "th", "y",
    /* U+0100 Ā ā Ă ă Ą ą Ć ć Ĉ ĉ Ċ ċ Č č Ď ď */
    "a", "a", "a", "a", "a", "a", "c", "c",
    "c", "c", "c", "c", "c", "c", "d", "d",
    /* U+0110 Đ đ Ē ē Ĕ ĕ Ė ė Ę ę Ě ě Ĝ ĝ Ğ ğ */
    "d", "d", "e", "e", "e", "e", "e", "e",
    "e", "e", "e", "e", "g", "g", "g", "g",
    /* U+0120 Ġ ġ Ģ ģ Ĥ ĥ Ħ ħ Ĩ ĩ Ī ī Ĭ ĭ Į į */
    "g", "g", "g", "g", "h", "h", "h", "h",
    "i", "i", "i", "i", "i", "i", "i", "i",
    /* U+0130 İ ı Ĳ ĳ Ĵ ĵ Ķ ķ ĸ Ĺ ĺ Ļ ļ Ľ ľ Ŀ */
    "i", "i", "ij", "ij", "j", "j", "k", "k",
    "k", "l", "l", "l", "l", "l", "l", "l",
    /* U+0140 ŀ Ł ł Ń ń Ņ ņ Ň ň ŉ Ŋ ŋ Ō ō Ŏ ŏ */
    "l", "l", "l", "n", "n", "n", "n", "n",
    "n", "n", "n", "n", "o", "o", "o", "o",
    /* U+0150 Ő ő Œ œ Ŕ ŕ Ŗ ŗ Ř ř Ś ś Ŝ ŝ Ş ş */
    "o", "o", "oe", "oe", "r", "r", "r", "r",
    "r", "r", "s", "s", "s", "s", "s", "s",
    /* U+0160 Š š Ţ ţ Ť ť Ŧ ŧ Ũ ũ Ū ū Ŭ ŭ Ů ů */
    "s", "s", "t", "t", "t", "t", "t", "t",
    "u", "u", "u", "u", "u", "u", "u", "u",
    /* U+0170 Ű ű Ų ų Ŵ ŵ Ŷ ŷ Ÿ Ź ź Ż ż Ž ž ſ */
    "u", "u", "u", "u", "w", "w", "y", "y",
    "y", "z", "z", "z", "z", "z", "z", "s",
};
/* clang-format on */

/* U+01CD..U+01DC: the caron and pinyin vowels (Ǎ ǎ Ǐ ǐ Ǒ ǒ Ǔ ǔ Ǖ ǖ Ǘ ǘ Ǚ ǚ Ǜ ǜ). */
static const char pinyin_fold[] = "aaiioouuuuuuuuuu";

/* U+1EA0..U+1EF9, the Vietnamese vowels with stacked marks, come in runs per base letter. */
static const struct {
    uint32_t last;
    char base;
} viet_fold[] = {
    {0x1EB7, 'a'}, {0x1EC7, 'e'}, {0x1ECB, 'i'}, {0x1EE3, 'o'}, {0x1EF1, 'u'}, {0x1EF9, 'y'},
};

typedef enum FoldKind {
    FOLD_KEEP,  /* a letter folding does not know: keep it (lowered where cheap) */
    FOLD_TEXT,  /* replace by the given ASCII text */
    FOLD_SPACE, /* a separator */
    FOLD_DROP,  /* invisible or combining: vanishes without splitting the word */
} FoldKind;

/* Classifies one code point. For FOLD_TEXT *rep is the replacement, one byte long unless
 * it comes from latin_fold (whose strings are NUL-terminated); for FOLD_KEEP *cp may be
 * changed to its lower-case form. */
static FoldKind fold_cp(uint32_t *cp, const char **rep, size_t *replen)
{
    static const char digits[] = "0123456789";
    static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
    uint32_t c = *cp;

    *replen = 1;
    if (c < 0x80) {
        if (c >= 'a' && c <= 'z') {
            *rep = letters + (c - 'a');
        } else if (c >= 'A' && c <= 'Z') {
            *rep = letters + (c - 'A');
        } else if (c >= '0' && c <= '9') {
            *rep = digits + (c - '0');
        } else {
            return FOLD_SPACE;
        }
        return FOLD_TEXT;
    }
    if (c < 0xC0) {
        switch (c) {
        case 0xAA: *rep = "a"; return FOLD_TEXT; /* ª feminine ordinal */
        case 0xBA: *rep = "o"; return FOLD_TEXT; /* º masculine ordinal */
        case 0xB2: *rep = "2"; return FOLD_TEXT;
        case 0xB3: *rep = "3"; return FOLD_TEXT;
        case 0xB9: *rep = "1"; return FOLD_TEXT;
        case 0xB5: *cp = 0x3BC; return FOLD_KEEP; /* micro sign is the Greek letter mu */
        case 0xAD: return FOLD_DROP;              /* soft hyphen: a break inside a word */
        default: return FOLD_SPACE;
        }
    }
    if (c < 0x180) {
        *rep = latin_fold[c - 0xC0];
        if (*rep == NULL) {
            return FOLD_SPACE;
        }
        *replen = strlen(*rep);
        return FOLD_TEXT;
    }
    if (c >= 0x1CD && c <= 0x1DC) {
        *rep = letters + (pinyin_fold[c - 0x1CD] - 'a');
        return FOLD_TEXT;
    }
    switch (c) {
    case 0x1A0:
    case 0x1A1: *rep = "o"; return FOLD_TEXT; /* Ơ ơ */
    case 0x1AF:
    case 0x1B0: *rep = "u"; return FOLD_TEXT; /* Ư ư */
    case 0x218:
    case 0x219: *rep = "s"; return FOLD_TEXT; /* Ș ș */
    case 0x21A:
    case 0x21B: *rep = "t"; return FOLD_TEXT; /* Ț ț */
    default: break;
    }
    if (c >= 0x2B0 && c <= 0x2FF) {
        return FOLD_SPACE; /* spacing modifiers: accents and apostrophes on their own */
    }
    if (c >= 0x300 && c <= 0x36F) {
        return FOLD_DROP; /* combining marks: "o" + U+0308 folds like "ö" */
    }
    if (c == 0x37E || c == 0x387) {
        return FOLD_SPACE; /* Greek question mark and ano teleia */
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) {
        *cp = c + 0x20; /* Greek capitals */
        return FOLD_KEEP;
    }
    if (c >= 0x400 && c <= 0x40F) {
        *cp = c + 0x50; /* Cyrillic Ѐ..Џ */
        return FOLD_KEEP;
    }
    if (c >= 0x410 && c <= 0x42F) {
        *cp = c + 0x20; /* Cyrillic А..Я */
        return FOLD_KEEP;
    }
    if (c >= 0x483 && c <= 0x489) {
        return FOLD_DROP;
    }
    if ((c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
        (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F)) {
        return FOLD_DROP;
    }
    if (c >= 0x1EA0 && c <= 0x1EF9) {
        size_t i = 0;
        while (c > viet_fold[i].last) {
            i++;
        }
        *rep = letters + (viet_fold[i].base - 'a');
        return FOLD_TEXT;
    }
    /* Zero-width characters, direction marks, word joiners, BOM, variation selectors and
     * tags change how text looks, never which word it is. */
    if ((c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF ||
        (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0000 && c <= 0xE01EF)) {
        return FOLD_DROP;
    }
    /* Punctuation, symbols, arrows, shapes, dingbats, CJK punctuation, private use and
     * emoji: all of it separates words. */
    if ((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x2E00 && c <= 0x2E7F) ||
        (c >= 0x3000 && c <= 0x303F) || (c >= 0xE000 && c <= 0xF8FF) ||
        (c >= 0xFFF0 && c <= 0xFFFF) || (c >= 0x1F000 && c <= 0x1FAFF) || c >= 0xF0000) {
        return FOLD_SPACE;
    }
    /* Full-width forms, as some East Asian input methods type them. */
    if (c >= 0xFF01 && c <= 0xFF65) {
        if (c >= 0xFF10 && c <= 0xFF19) {
            *rep = digits + (c - 0xFF10);
        } else if (c >= 0xFF21 && c <= 0xFF3A) {
            *rep = letters + (c - 0xFF21);
        } else if (c >= 0xFF41 && c <= 0xFF5A) {
            *rep = letters + (c - 0xFF41);
        } else {
            return FOLD_SPACE;
        }
        return FOLD_TEXT;
    }
    return FOLD_KEEP;
}

/* The lower-case form of a Latin-1 or Latin Extended-A letter (U+00C0..U+017F), the
 * letter itself when it is lower case already or has no simple pair. */
static uint32_t latin_lower(uint32_t c)
{
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
        return c + 0x20;
    }
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) {
        return c | 1; /* pairs: capital even, small odd */
    }
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
        return c + (c & 1); /* pairs: capital odd, small even */
    }
    return c == 0x178 ? 0xFF : c;
}

/* A letter with a combining mark, as a decomposed (NFD) file or keyboard writes å, ä, ö,
 * é and ü: the precomposed small letter, or 0 when the pair is not one of them. */
static uint32_t compose_mark(unsigned char base, uint32_t mark)
{
    switch (mark) {
    case 0x308: /* diaeresis */
        return base == 'a' ? 0xE4 : base == 'o' ? 0xF6 : base == 'u' ? 0xFC : 0;
    case 0x30A: /* ring above */ return base == 'a' ? 0xE5 : 0;
    case 0x301: /* acute */ return base == 'e' ? 0xE9 : 0;
    default: return 0;
    }
}

/* text_fold and text_fold_exact: exact keeps Latin letters with their diacritics (in
 * lower case) where text_fold takes them off; everything else, and so every word break,
 * is the same. */
static size_t fold_text(char *dst, size_t cap, const char *src, bool exact)
{
    if (cap == 0) {
        return 0;
    }
    size_t n = strlen(src);
    size_t out = 0;
    size_t i = 0;
    bool gap = false;
    while (i < n) {
        uint32_t cp;
        size_t k = text_decode(src + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        const char *rep = NULL;
        char enc[4];
        size_t len;
        const uint32_t orig = cp;
        FoldKind kind = fold_cp(&cp, &rep, &len);
        if (exact && kind == FOLD_DROP && out > 0 && !gap) {
            uint32_t composed = compose_mark((unsigned char)dst[out - 1], orig);
            if (composed != 0) {
                len = text_encode(composed, enc);
                if (out - 1 + len >= cap) {
                    break;
                }
                memcpy(dst + out - 1, enc, len);
                out += len - 1;
                continue;
            }
        }
        if (exact && kind == FOLD_TEXT && orig >= 0xC0 && orig < 0x180) {
            cp = latin_lower(orig);
            kind = FOLD_KEEP;
        }
        switch (kind) {
        case FOLD_SPACE: gap = true; continue;
        case FOLD_DROP: continue;
        case FOLD_TEXT: break;
        case FOLD_KEEP:
        default:
            len = text_encode(cp, enc);
            rep = enc;
            break;
        }
        size_t sp = (gap && out > 0) ? 1 : 0;
        if (out + sp + len >= cap) {
            break;
        }
        if (sp) {
            dst[out++] = ' ';
        }
        gap = false;
        memcpy(dst + out, rep, len);
        out += len;
    }
    dst[out] = '\0';
    return out;
}

size_t text_fold(char *dst, size_t cap, const char *src)
{
    return fold_text(dst, cap, src, false);
}

size_t text_fold_exact(char *dst, size_t cap, const char *src)
{
    return fold_text(dst, cap, src, true);
}

size_t text_sort_key(bool swedish, const char *text, char *out, size_t len, size_t cap)
{
    size_t n = strlen(text);
    for (size_t i = 0; i < n && len + 8 < cap;) {
        uint32_t cp = 0;
        size_t k = text_decode(text + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        char after_z = 0;
        if (swedish) {
            after_z = cp == 0xE5 || cp == 0xC5                               ? '{'
                      : cp == 0xE4 || cp == 0xC4 || cp == 0xE6 || cp == 0xC6 ? '|'
                      : cp == 0xF6 || cp == 0xD6 || cp == 0xF8 || cp == 0xD8 ? '}'
                                                                             : 0;
        }
        if (after_z) {
            out[len++] = after_z;
        } else {
            char one[5] = {0};
            memcpy(one, text + i, k);
            len += text_fold(out + len, cap - len, one);
        }
        i += k;
    }
    out[len] = '\0';
    return len;
}

size_t text_length(const char *s)
{
    size_t count = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        count += (*p & 0xC0) != 0x80; /* count lead bytes, skip continuation bytes */
    }
    return count;
}

size_t text_drop_last(const char *s, size_t len)
{
    if (len == 0) {
        return 0;
    }
    const unsigned char *p = (const unsigned char *)s;
    size_t start = len - 1;
    while (start > 0 && len - start < 4 && (p[start] & 0xC0) == 0x80) {
        start--;
    }
    uint32_t cp;
    if (text_decode(s + start, len - start, &cp) == len - start) {
        return start;
    }
    /* Not a whole code point at the end (the buffer was not valid UTF-8): remove a single
     * byte, so repeated backspaces still empty the buffer one step at a time. */
    return len - 1;
}

size_t text_append(char *buf, size_t cap, size_t max_chars, const char *add)
{
    if (cap == 0) {
        return 0;
    }
    const char *nul = memchr(buf, '\0', cap);
    assert(nul != NULL && "text_append: buf is not NUL-terminated within cap");
    if (nul == NULL) {
        return 0;
    }
    size_t len = (size_t)(nul - buf);
    size_t start = len;
    size_t chars = text_length(buf);
    size_t n = strlen(add);
    size_t i = 0;
    while (i < n && chars < max_chars) {
        uint32_t cp;
        size_t k = text_decode(add + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        const char *at = add + i;
        i += k;
        if (is_control(cp)) {
            continue;
        }
        if (len + k >= cap) {
            break;
        }
        memcpy(buf + len, at, k);
        len += k;
        chars++;
    }
    buf[len] = '\0';
    return len - start;
}

/* The longest prefix of s[0..len) that does not end inside a multi-byte sequence. */
static size_t complete_prefix(const char *s, size_t len)
{
    size_t lead = len;
    while (lead > 0 && len - lead < 4 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80) {
        lead--;
    }
    if (lead == 0) {
        return len;
    }
    unsigned char c = (unsigned char)s[lead - 1];
    size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    return len - (lead - 1) < need ? lead - 1 : len;
}

char *text_printf(char *dst, size_t cap, const char *fmt, ...)
{
    if (!dst || cap == 0) {
        return dst;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(dst, cap, fmt, ap);
    va_end(ap);
    if (n < 0) {
        dst[0] = '\0';
        return dst;
    }
    if ((size_t)n >= cap) { /* cut: drop a code point whose tail did not fit */
        dst[complete_prefix(dst, cap - 1)] = '\0';
    }
    return dst;
}

bool text_email_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > TEXT_EMAIL_MAX || !text_valid_utf8(s, n)) {
        return false;
    }
    const char *at = strchr(s, '@');
    if (at == NULL || at == s || at - s > 64 || strchr(at + 1, '@') != NULL) {
        return false;
    }
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= ' ' || *p == 0x7F || strchr("()<>[]\\,;:\"", *p) != NULL) {
            return false;
        }
    }
    /* The domain: parts between dots. */
    const char *d = at + 1;
    size_t parts = 0, last = 0;
    for (;;) {
        const char *end = strchr(d, '.');
        size_t len = end ? (size_t)(end - d) : strlen(d);
        if (len == 0 || d[0] == '-' || d[len - 1] == '-') {
            return false;
        }
        parts++;
        last = 0;
        for (size_t i = 0; i < len; i++) {
            last += ((unsigned char)d[i] & 0xC0) != 0x80; /* code points, not bytes */
        }
        if (!end) {
            break;
        }
        d = end + 1;
    }
    return parts >= 2 && last >= 2;
}
