/* webfont: the bundled font cut down to what one document shows, as CSS to embed in it.
 *
 * The HTML report must print on one A4 page whatever fonts the machine that opens it has:
 * with the viewer's own fallback (DejaVu Sans is wider than Noto Sans) the same text takes
 * more lines. So the report carries its font: an @font-face rule whose src is a data: URL
 * (base64) of a subset of the bundled Noto Sans made by HarfBuzz's subsetter, holding only
 * the glyphs of the characters the document uses. This is the only file that includes
 * hb-subset.h.
 *
 * The subset always holds printable ASCII and the no-break space, and for every Latin-1
 * letter in the text its upper case too (CSS text-transform:uppercase needs it). Hinting
 * and the layout tables (kerning) are kept, so text is set exactly as with the whole font.
 */
#ifndef MINGEL_WEBFONT_H
#define MINGEL_WEBFONT_H

#include <stddef.h>

typedef struct WebfontFace {
    char *css;           /* "@font-face{...}\n", NUL-terminated; owned, webfont_free */
    size_t css_len;      /* bytes in css */
    size_t font_bytes;   /* bytes of the whole font file */
    size_t subset_bytes; /* bytes of the subset (before base64) */
    unsigned glyphs;     /* glyphs in the subset, .notdef included */
} WebfontFace;

/* Builds the @font-face rule for family (a CSS family name without quotes: letters,
 * digits, spaces, '-') at weight (400, 700) from the TrueType/OpenType font at
 * font_path, subset to the characters of text[0..text_len) (UTF-8; invalid bytes are
 * skipped) plus those listed above. Returns 0 and fills *out, or -1 with "FONT_PATH: why"
 * in err (unreadable or not a font, subsetting failed, out of memory); *out is then
 * empty. */
int webfont_face(const char *font_path, const char *family, int weight, const char *text,
                 size_t text_len, WebfontFace *out, char *err, size_t errcap);

/* Frees what webfont_face made; a zeroed or already freed face is fine. */
void webfont_free(WebfontFace *face);

#endif
