/* webfont: a subset of the bundled font as an embeddable @font-face rule (contract in
 * webfont.h).
 *
 * HarfBuzz does the font work (hb-subset keeps the glyphs of the given characters plus
 * whatever they need through composites and layout: kerning pairs, ligatures), libsodium
 * the base64. The font file is read once per call; a report is written rarely, and the
 * whole job takes a few milliseconds.
 */
#include "core/webfont.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hb-subset.h>
#include <hb.h>
#include <sodium.h>

#include "core/text.h"

/* A family name goes into a quoted CSS string: keep it to characters that need no
 * escaping there. */
static bool family_ok(const char *family)
{
    if (!family[0] || strlen(family) > 64) {
        return false;
    }
    for (const char *p = family; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == ' ' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return true;
}

/* The characters to keep: printable ASCII and the no-break space always; those of text;
 * and the upper case of each Latin-1 lower-case letter in it (text-transform). */
static void add_codepoints(hb_set_t *set, const char *text, size_t n)
{
    hb_set_add_range(set, 0x20, 0x7E);
    hb_set_add(set, 0xA0);
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = text_decode(text + i, n - i, &cp);
        if (k == 0) {
            i++;
            continue;
        }
        i += k;
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            continue; /* control characters draw nothing */
        }
        hb_set_add(set, cp);
        if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) {
            hb_set_add(set, cp - 0x20);
        } else if (cp == 0xFF) {
            hb_set_add(set, 0x178);
        }
    }
}

int webfont_face(const char *font_path, const char *family, int weight, const char *text,
                 size_t text_len, WebfontFace *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (!family_ok(family) || weight < 1 || weight > 1000) {
        text_printf(err, errcap, "%s: bad family name or weight for the font", font_path);
        return -1;
    }
    int rc = -1;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(font_path);
    hb_face_t *face = NULL, *sub = NULL;
    hb_subset_input_t *input = NULL;
    hb_blob_t *sub_blob = NULL;
    char *css = NULL;
    if (!blob) {
        text_printf(err, errcap, "%s: cannot read the font", font_path);
        goto done;
    }
    face = hb_face_create(blob, 0);
    if (hb_face_get_glyph_count(face) == 0) {
        text_printf(err, errcap, "%s: not a font (no glyphs)", font_path);
        goto done;
    }
    input = hb_subset_input_create_or_fail();
    if (!input) {
        text_printf(err, errcap, "%s: out of memory", font_path);
        goto done;
    }
    add_codepoints(hb_subset_input_unicode_set(input), text, text_len);
    /* Hinting stays (HB_SUBSET_FLAGS_DEFAULT): a subset without it (13 KB instead of 24 KB a
     * face) came out of Chromium's print to PDF with uneven gaps inside words. */
    hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_DEFAULT);
    sub = hb_subset_or_fail(face, input);
    if (!sub) {
        text_printf(err, errcap, "%s: HarfBuzz could not subset the font", font_path);
        goto done;
    }
    sub_blob = hb_face_reference_blob(sub);
    unsigned int sub_len = 0;
    const char *sub_data = hb_blob_get_data(sub_blob, &sub_len);
    if (!sub_data || sub_len == 0) {
        text_printf(err, errcap, "%s: HarfBuzz made an empty subset", font_path);
        goto done;
    }

    static const char HEAD[] = "@font-face{font-family:\"%s\";font-style:normal;font-weight:%d;"
                               "src:url(data:font/ttf;base64,";
    static const char TAIL[] = ") format(\"truetype\")}\n";
    size_t b64_len = sodium_base64_ENCODED_LEN(sub_len, sodium_base64_VARIANT_ORIGINAL);
    size_t cap = sizeof HEAD + strlen(family) + 16 + b64_len + sizeof TAIL;
    css = malloc(cap);
    if (!css) {
        text_printf(err, errcap, "%s: out of memory", font_path);
        goto done;
    }
    int head = snprintf(css, cap, HEAD, family, weight);
    if (head < 0 || (size_t)head >= cap) {
        text_printf(err, errcap, "%s: out of memory", font_path);
        goto done;
    }
    size_t w = (size_t)head;
    sodium_bin2base64(css + w, cap - w, (const unsigned char *)sub_data, sub_len,
                      sodium_base64_VARIANT_ORIGINAL);
    w += strlen(css + w);
    memcpy(css + w, TAIL, sizeof TAIL);
    w += sizeof TAIL - 1;

    out->css = css;
    out->css_len = w;
    out->font_bytes = hb_blob_get_length(blob);
    out->subset_bytes = sub_len;
    out->glyphs = hb_face_get_glyph_count(sub);
    css = NULL;
    rc = 0;
done:
    free(css);
    hb_blob_destroy(sub_blob);
    hb_face_destroy(sub);
    hb_subset_input_destroy(input);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return rc;
}

void webfont_free(WebfontFace *face)
{
    if (!face) {
        return;
    }
    free(face->css);
    memset(face, 0, sizeof *face);
}
