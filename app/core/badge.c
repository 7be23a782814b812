/* badge: name badges with cairo (PDF for the printer, pixels for the preview).
 *
 * Everything is laid out in millimetres on the badge as seen; a cairo transform turns
 * that into points on the PDF page (or pixels), a quarter turn included when a landscape
 * badge sits on a narrow roll. Text is drawn with cairo's own text API on FreeType faces
 * of the bundled Noto Sans: names are Latin script, where glyphs map one to one, so no
 * shaping engine is needed, and the PDF embeds only the glyphs used.
 *
 * The fonts: cairo may keep a font face in its caches after we drop our reference, and
 * the FreeType face must live as long as it does. Each face therefore carries, as cairo
 * user data, a destroy function that closes the FreeType face, and the FreeType library
 * is freed when its last face is.
 */
#include "core/badge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include "core/qr.h"
#include "core/text.h"

#define MM_PER_PT      (25.4 / 72.0)
#define QR_MAX_VERSION 10   /* as the kiosk's feedback link: scans from a badge on a chest */
#define NAME_SHRINK    0.96 /* each fitting step takes 4 % off the size */
#define LINE_GAP       1.12 /* line height as a multiple of the font size */
#define ELLIPSIS       "\xE2\x80\xA6"

static const struct {
    const char *id;
    double width_mm, height_mm;
    bool continuous;
} LABELS[] = {
    {"62x100", 62, 100, false}, /* Brother DK-11202 */
    {"29x90", 29, 90, false},   /* Brother DK-11201 */
    {"62", 62, 100, true},      /* Brother DK-22205 continuous, cut at 100 mm */
    {"54x101", 54, 101, false}, /* DYMO 99014 */
    {"a6", 105, 148, false},    /* A6 sheets */
};

const char *badge_label_list(void)
{
    return "62x100 (Brother DK-11202), 29x90 (Brother DK-11201), 62 (Brother DK-22205 "
           "continuous, cut at 100 mm), 54x101 (DYMO 99014), a6, or WxH in millimetres";
}

int badge_label_parse(const char *text, BadgeLabel *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++) {
        if (strcmp(text, LABELS[i].id) == 0) {
            snprintf(out->id, sizeof out->id, "%s", LABELS[i].id);
            out->width_mm = LABELS[i].width_mm;
            out->height_mm = LABELS[i].height_mm;
            out->continuous = LABELS[i].continuous;
            return 0;
        }
    }
    double w, h;
    int used = 0;
    if (strlen(text) < sizeof out->id && sscanf(text, "%lfx%lf%n", &w, &h, &used) == 2 &&
        text[used] == '\0' && w >= 20 && w <= 300 && h >= 20 && h <= 300) {
        snprintf(out->id, sizeof out->id, "%s", text);
        out->width_mm = w;
        out->height_mm = h;
        return 0;
    }
    text_printf(err, errcap, "unknown label \"%.40s\": use %s", text, badge_label_list());
    return -1;
}

/* ---- Fonts ------------------------------------------------------------------------ */

typedef struct FtShared {
    FT_Library lib;
    int refs; /* faces alive, plus one for the Badge */
} FtShared;

typedef struct FaceHold {
    FT_Face face;
    FtShared *shared;
} FaceHold;

struct Badge {
    FtShared *ft;
    cairo_font_face_t *regular;
    cairo_font_face_t *bold;
};

static const cairo_user_data_key_t FACE_KEY;

static void ft_release(FtShared *ft)
{
    if (ft != NULL && --ft->refs == 0) {
        FT_Done_FreeType(ft->lib);
        free(ft);
    }
}

static void face_destroy(void *p)
{
    FaceHold *hold = p;
    FT_Done_Face(hold->face);
    ft_release(hold->shared);
    free(hold);
}

static cairo_font_face_t *load_face(FtShared *ft, const char *dir, const char *file, char *err,
                                    size_t errcap)
{
    char path[BADGE_PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FaceHold *hold = calloc(1, sizeof *hold);
    if (hold == NULL) {
        text_printf(err, errcap, "out of memory");
        return NULL;
    }
    if (FT_New_Face(ft->lib, path, 0, &hold->face) != 0) {
        text_printf(err, errcap, "%s: cannot read the font", path);
        free(hold);
        return NULL;
    }
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_ft_face(hold->face, 0);
    hold->shared = ft;
    ft->refs++;
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(cf, &FACE_KEY, hold, face_destroy) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        face_destroy(hold);
        text_printf(err, errcap, "%s: cairo cannot use the font", path);
        return NULL;
    }
    return cf;
}

Badge *badge_open(const char *fonts_dir, char *err, size_t errcap)
{
    Badge *b = calloc(1, sizeof *b);
    FtShared *ft = calloc(1, sizeof *ft);
    if (b == NULL || ft == NULL) {
        free(b);
        free(ft);
        text_printf(err, errcap, "out of memory");
        return NULL;
    }
    if (FT_Init_FreeType(&ft->lib) != 0) {
        free(b);
        free(ft);
        text_printf(err, errcap, "cannot start FreeType");
        return NULL;
    }
    ft->refs = 1;
    b->ft = ft;
    b->regular = load_face(ft, fonts_dir, "NotoSans-Regular.ttf", err, errcap);
    b->bold = b->regular ? load_face(ft, fonts_dir, "NotoSans-Bold.ttf", err, errcap) : NULL;
    if (b->bold == NULL) {
        badge_close(b);
        return NULL;
    }
    return b;
}

void badge_close(Badge *b)
{
    if (b == NULL) {
        return;
    }
    /* The faces go when cairo lets them go; the library with the last of them. */
    cairo_font_face_destroy(b->regular);
    cairo_font_face_destroy(b->bold);
    ft_release(b->ft);
    free(b);
}

/* ---- Text fitting ----------------------------------------------------------------- */

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

static void use_font(cairo_t *cr, cairo_font_face_t *face, double size_mm)
{
    cairo_set_font_face(cr, face);
    cairo_set_font_size(cr, size_mm);
}

/* Cuts s (in place, a buffer of BADGE_TEXT_MAX bytes) at a code point so that s + "…" is
 * at most width wide. */
static void cut_to_width(cairo_t *cr, char *s, double width)
{
    char buf[BADGE_TEXT_MAX];
    const size_t ell = sizeof ELLIPSIS - 1;
    size_t len = strlen(s);
    while (len + ell >= sizeof buf) {
        len = text_drop_last(s, len);
    }
    for (;;) {
        memcpy(buf, s, len);
        memcpy(buf + len, ELLIPSIS, ell + 1);
        if (len == 0 || text_width(cr, buf) <= width) {
            break;
        }
        len = text_drop_last(s, len);
    }
    while (len > 0 && s[len - 1] == ' ') {
        len--;
    }
    memcpy(s + len, ELLIPSIS, ell + 1);
}

/* Where to break a name over two lines: after the space or hyphen nearest the middle.
 * Returns the length of the first line (a hyphen stays on it; a space is dropped), or 0
 * when there is no such place. *rest is where the second line starts. */
static size_t name_break(const char *s, size_t *rest)
{
    size_t len = strlen(s), best = 0, best_rest = 0;
    double best_dist = 1e9;
    for (size_t i = 1; i + 1 < len; i++) {
        size_t first = 0, next = 0;
        if (s[i] == ' ') {
            first = i;
            next = i + 1;
        } else if (s[i] == '-') {
            first = i + 1;
            next = i + 1;
        } else {
            continue;
        }
        double dist = fabs((double)first - (double)len / 2);
        if (dist < best_dist) {
            best_dist = dist;
            best = first;
            best_rest = next;
        }
    }
    *rest = best_rest;
    return best;
}

/* ---- Drawing ---------------------------------------------------------------------- */

typedef struct Box {
    double x, y, w, h; /* mm */
} Box;

static double clampd(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Draws text left-aligned at baseline y, shrunk from size down to min_size to fit width,
 * then cut. Returns the size used. */
static double draw_line(cairo_t *cr, cairo_font_face_t *face, const char *text, double x, double y,
                        double width, double size, double min_size)
{
    char buf[BADGE_TEXT_MAX];
    snprintf(buf, sizeof buf, "%s", text);
    use_font(cr, face, size);
    while (size > min_size && text_width(cr, buf) > width) {
        size = fmax(min_size, size * NAME_SHRINK);
        use_font(cr, face, size);
    }
    if (text_width(cr, buf) > width) {
        cut_to_width(cr, buf, width);
    }
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, buf);
    return size;
}

typedef struct PngReader {
    const unsigned char *data;
    size_t len, pos;
} PngReader;

static cairo_status_t png_read(void *closure, unsigned char *out, unsigned int len)
{
    PngReader *r = closure;
    if (len > r->len - r->pos) {
        return CAIRO_STATUS_READ_ERROR;
    }
    memcpy(out, r->data + r->pos, len);
    r->pos += len;
    return CAIRO_STATUS_SUCCESS;
}

static int draw_logo(cairo_t *cr, const BadgeLayout *l, Box box, double *used_h, char *err,
                     size_t errcap)
{
    *used_h = 0;
    if (l->logo_png == NULL || l->logo_len == 0) {
        return 0;
    }
    PngReader reader = {l->logo_png, l->logo_len, 0};
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(png_read, &reader);
    if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(img);
        text_printf(err, errcap, "the badge's logo cannot be read (a PNG file is needed)");
        return -1;
    }
    double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    if (iw > 0 && ih > 0) {
        double scale = fmin(box.w / iw, box.h / ih);
        cairo_save(cr);
        cairo_translate(cr, box.x, box.y);
        cairo_scale(cr, scale, scale);
        cairo_set_source_surface(cr, img, 0, 0);
        cairo_paint(cr);
        cairo_restore(cr);
        *used_h = ih * scale;
    }
    cairo_surface_destroy(img);
    return 0;
}

/* The QR code in box (a square), modules snapped to whole printer dots. */
static int draw_qr(cairo_t *cr, const char *text, Box box, int dpi, char *err, size_t errcap)
{
    QrCode *qr = malloc(sizeof *qr);
    if (qr == NULL) {
        text_printf(err, errcap, "out of memory");
        return -1;
    }
    if (qr_encode(text, QR_MAX_VERSION, qr) != 0) {
        free(qr);
        text_printf(err, errcap, "the badge's QR text is too long for a code");
        return -1;
    }
    const int modules = qr->side + 2 * QR_QUIET_ZONE;
    const double dot = 25.4 / (dpi > 0 ? dpi : 300);
    double module = floor(box.w / modules / dot) * dot;
    if (module < dot) {
        module = dot; /* larger than the box rather than unreadable */
    }
    double x0 = box.x + (box.w - module * modules) / 2, y0 = box.y + (box.h - module * modules) / 2;
    x0 = floor(x0 / dot) * dot;
    y0 = floor(y0 / dot) * dot;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x0, y0, module * modules, module * modules);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int y = 0; y < qr->side; y++) {
        for (int x = 0; x < qr->side; x++) {
            if (qr_dark(qr, x, y)) {
                cairo_rectangle(cr, x0 + (x + QR_QUIET_ZONE) * module,
                                y0 + (y + QR_QUIET_ZONE) * module, module, module);
            }
        }
    }
    cairo_fill(cr);
    free(qr);
    return 0;
}

static bool present(const char *s)
{
    return s != NULL && s[0] != '\0';
}

/* Draws the badge, w x h mm as seen, at the origin of cr (in mm). */
static int draw_badge(Badge *b, cairo_t *cr, const BadgeLayout *l, const BadgeData *d, double w,
                      double h, BadgeFit *fit, char *err, size_t errcap)
{
    const double margin = clampd(fmin(w, h) * 0.06, 2.0, 6.0);
    const bool footer = ((l->fields & BADGE_FIELD_EVENT) && present(d->event_title)) ||
                        ((l->fields & BADGE_FIELD_DATE) && present(d->event_date));
    const double footer_mm = clampd(h * 0.07, 2.2, 4.5);

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, w, h);
    cairo_fill(cr);

    Box area = {margin, margin, w - 2 * margin, h - 2 * margin};
    if (footer) {
        area.h -= footer_mm * LINE_GAP + margin * 0.5;
    }
    double logo_h;
    Box logo = {area.x, area.y, area.w * 0.4, area.h * 0.22};
    if (draw_logo(cr, l, logo, &logo_h, err, errcap) != 0) {
        return -1;
    }
    if (logo_h > 0) {
        area.y += logo_h + margin * 0.5;
        area.h -= logo_h + margin * 0.5;
    }
    if (l->qr && present(d->qr_text)) {
        double side = fmin(area.h, area.w * 0.32);
        Box q = {area.x + area.w - side, area.y + (area.h - side) / 2, side, side};
        if (draw_qr(cr, d->qr_text, q, l->dpi, err, errcap) != 0) {
            return -1;
        }
        area.w -= side + margin;
    }

    /* The text block: name, then organisation and role, centred vertically. */
    const bool org = (l->fields & BADGE_FIELD_ORGANISATION) && present(d->organisation);
    const bool role = (l->fields & BADGE_FIELD_ROLE) && present(d->role);
    const double start = fmin(area.h * (org || role ? 0.34 : 0.5), 18.0);
    /* One line may shrink to a fifth of the text area's height; a name that needs less
     * reads better on two lines, which may shrink to the absolute minimum. */
    const double one_line_min = clampd(area.h * 0.2, 3.2, 9.0);
    const double min_size = clampd(area.h * 0.11, 3.2, 6.0);
    double sub = clampd(start * 0.42, 2.4, 6.5);
    const double sub_lines = (org ? 1 : 0) + (role ? 1 : 0);

    char name[BADGE_TEXT_MAX], second[BADGE_TEXT_MAX] = "";
    snprintf(name, sizeof name, "%s", present(d->name) ? d->name : "");
    double size = start;
    int lines = 1;
    bool cut = false;
    use_font(cr, b->bold, size);
    while (size > one_line_min && text_width(cr, name) > area.w) {
        size = fmax(one_line_min, size * NAME_SHRINK);
        use_font(cr, b->bold, size);
    }
    if (text_width(cr, name) > area.w) {
        size_t rest;
        size_t first_len = name_break(name, &rest);
        if (first_len == 0) {
            /* One word: it can only shrink further. */
            while (size > min_size && text_width(cr, name) > area.w) {
                size = fmax(min_size, size * NAME_SHRINK);
                use_font(cr, b->bold, size);
            }
        } else {
            snprintf(second, sizeof second, "%s", name + rest);
            name[first_len] = '\0';
            lines = 2;
            /* Two lines may start larger again, as long as both fit the height. */
            size = fmin(start, (area.h - sub_lines * sub * LINE_GAP) / (2 * LINE_GAP));
            size = fmax(size, min_size);
            use_font(cr, b->bold, size);
            while (size > min_size &&
                   (text_width(cr, name) > area.w || text_width(cr, second) > area.w)) {
                size = fmax(min_size, size * NAME_SHRINK);
                use_font(cr, b->bold, size);
            }
        }
        if (text_width(cr, name) > area.w) {
            cut_to_width(cr, name, area.w);
            cut = true;
        }
        if (lines == 2 && text_width(cr, second) > area.w) {
            cut_to_width(cr, second, area.w);
            cut = true;
        }
    }
    sub = fmin(sub, size * 0.7);

    const double block = lines * size * LINE_GAP + sub_lines * sub * LINE_GAP;
    double y = area.y + fmax(0, (area.h - block) / 2);
    cairo_set_source_rgb(cr, 0, 0, 0);
    use_font(cr, b->bold, size);
    y += size;
    cairo_move_to(cr, area.x, y);
    cairo_show_text(cr, name);
    if (lines == 2) {
        y += size * LINE_GAP;
        cairo_move_to(cr, area.x, y);
        cairo_show_text(cr, second);
    }
    y += size * (LINE_GAP - 1);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    if (org) {
        y += sub * LINE_GAP;
        draw_line(cr, b->regular, d->organisation, area.x, y, area.w, sub, 2.2);
    }
    if (role) {
        y += sub * LINE_GAP;
        draw_line(cr, b->regular, d->role, area.x, y, area.w, sub * 0.92, 2.2);
    }

    if (footer) {
        char text[2 * BADGE_TEXT_MAX + 8] = "";
        if ((l->fields & BADGE_FIELD_EVENT) && present(d->event_title)) {
            snprintf(text, sizeof text, "%s", d->event_title);
        }
        if ((l->fields & BADGE_FIELD_DATE) && present(d->event_date)) {
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, "%s%s", n ? " \xC2\xB7 " : "", d->event_date);
        }
        cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
        draw_line(cr, b->regular, text, margin, h - margin, w - 2 * margin, footer_mm, 2.0);
    }
    if (fit != NULL) {
        *fit = (BadgeFit){.name_mm = size, .name_lines = lines, .name_cut = cut};
    }
    return 0;
}

/* The badge as seen: landscape badges on a narrow roll are turned. */
static void seen_size(const BadgeLayout *l, double *w, double *h, bool *turned)
{
    *turned = l->landscape && l->label.width_mm < l->label.height_mm;
    *w = *turned ? l->label.height_mm : l->label.width_mm;
    *h = *turned ? l->label.width_mm : l->label.height_mm;
}

typedef struct Sink {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} Sink;

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    Sink *s = closure;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 65536;
        while (cap < s->len + len) {
            cap *= 2;
        }
        unsigned char *p = realloc(s->data, cap);
        if (p == NULL) {
            s->failed = true;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        s->data = p;
        s->cap = cap;
    }
    memcpy(s->data + s->len, data, len);
    s->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Draws onto a PDF surface (a file when path is set, else the sink). */
static int render_pdf(Badge *b, const BadgeLayout *l, const BadgeData *d, const char *path,
                      Sink *sink, BadgeFit *fit, char *err, size_t errcap)
{
    const double pw = l->label.width_mm / MM_PER_PT, ph = l->label.height_mm / MM_PER_PT;
    cairo_surface_t *surface = path ? cairo_pdf_surface_create(path, pw, ph)
                                    : cairo_pdf_surface_create_for_stream(sink_write, sink, pw, ph);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "mingel");
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, 1 / MM_PER_PT, 1 / MM_PER_PT);
    double w, h;
    bool turned;
    seen_size(l, &w, &h, &turned);
    if (turned) {
        cairo_translate(cr, l->label.width_mm, 0);
        cairo_rotate(cr, M_PI / 2);
    }
    int rc = draw_badge(b, cr, l, d, w, h, fit, err, errcap);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == 0 && st != CAIRO_STATUS_SUCCESS) {
        text_printf(err, errcap, "%s: cannot write the badge: %s", path ? path : "memory",
                    cairo_status_to_string(st));
        rc = -1;
    }
    return rc;
}

int badge_write_pdf(Badge *b, const BadgeLayout *layout, const BadgeData *data, const char *path,
                    BadgeFit *fit, char *err, size_t errcap)
{
    return render_pdf(b, layout, data, path, NULL, fit, err, errcap);
}

int badge_pdf(Badge *b, const BadgeLayout *layout, const BadgeData *data, unsigned char **out,
              size_t *len, BadgeFit *fit, char *err, size_t errcap)
{
    Sink sink = {0};
    if (render_pdf(b, layout, data, NULL, &sink, fit, err, errcap) != 0 || sink.failed) {
        if (sink.failed) {
            text_printf(err, errcap, "out of memory");
        }
        free(sink.data);
        return -1;
    }
    *out = sink.data;
    *len = sink.len;
    return 0;
}

int badge_pixels(Badge *b, const BadgeLayout *layout, const BadgeData *data, double px_per_mm,
                 uint32_t **pixels, int *width, int *height, BadgeFit *fit, char *err,
                 size_t errcap)
{
    double w, h;
    bool turned;
    seen_size(layout, &w, &h, &turned);
    int pw = (int)lround(w * px_per_mm), ph = (int)lround(h * px_per_mm);
    if (pw < 1 || ph < 1 || pw > 8192 || ph > 8192) {
        text_printf(err, errcap, "a preview of %dx%d pixels is not possible", pw, ph);
        return -1;
    }
    uint32_t *buf = calloc((size_t)pw * (size_t)ph, sizeof *buf);
    if (buf == NULL) {
        text_printf(err, errcap, "out of memory");
        return -1;
    }
    cairo_surface_t *surface = cairo_image_surface_create_for_data(
        (unsigned char *)buf, CAIRO_FORMAT_ARGB32, pw, ph, pw * 4);
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, px_per_mm, px_per_mm);
    int rc = draw_badge(b, cr, layout, data, w, h, fit, err, errcap);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    cairo_surface_destroy(surface);
    if (rc != 0) {
        free(buf);
        return -1;
    }
    *pixels = buf;
    *width = pw;
    *height = ph;
    return 0;
}
