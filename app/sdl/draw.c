/* draw: rounded rectangles from cached disc textures, and the command list loop.
 *
 * A disc texture for radius r and colour c is 2r x 2r pixels of colour c whose alpha is
 * how much of each pixel lies inside the circle (clamp(r - d + 0.5) with d the distance
 * of the pixel centre from the circle's centre: a one-pixel soft edge, which is what
 * anti-aliasing needs at these sizes). The colour is baked in rather than applied with
 * colour modulation because SDL's software renderer blits modulated textures with a
 * generic per-pixel loop about four times slower than its plain alpha blit, which copies
 * opaque pixels and skips transparent ones. A screen uses a dozen or two (radius, colour)
 * pairs; they are kept in a small LRU table within a byte budget.
 *
 * Quadrants are drawn through source rectangles rather than flipped copies, because the
 * software renderer implements flips with a temporary surface per call. Opaque fills use
 * blend mode NONE so that they are plain stores. The ui draws a button's shadow and then
 * its face, the same shape a little higher; only the strip of shadow below the face's
 * straight sides can show, so the rest is not filled at all (it is most of the area of a
 * keyboard). SDL_sqrt keeps the program free of libm.
 *
 * With the software renderer nearly all of a whole frame's time is filling (measured in
 * docs/BENCHMARKS.md), and two more things keep it short:
 *
 * - Opaque fills are cut at cache lines. SDL 2.26 fills each row of a rectangle with
 *   non-temporal (streaming) stores in 64-byte blocks from its first 16-byte aligned
 *   pixel, and with ordinary stores before and after them. Unless a row begins and ends on
 *   a 64-byte boundary, both kinds of store meet in one cache line, and such a fill costs
 *   15-20 times as much per pixel as one whose rows are whole lines: 96 key-sized fills
 *   took longer than filling the whole 1920x1080 screen a dozen times. So an opaque fill
 *   is queued as a middle of whole lines and two edges narrower than a line (16 pixels),
 *   which SDL fills with ordinary stores only. That needs the framebuffer's address and
 *   pitch (the software renderer draws into the window surface); where they are unknown
 *   or the pitch is not a whole number of lines, fills stay whole: slower, never wrong.
 * - Nothing is filled that a later opaque rectangle covers (occlusion culling): not the
 *   background under the cards and keys, not a border under the field it frames. An
 *   opaque rect certainly covers its straight part (all but its four corner squares,
 *   which are blended); a rect command is filled only where the later ones leave it
 *   visible (computed as bands of spans, as X regions are), and its corners are skipped
 *   where nothing of them is; small rects, and rects whose visible pieces would cost more
 *   to fill than the pixels they save (a QR code's light square under its dark modules),
 *   are filled whole. A later opaque fill writes its pixels whatever lies under them, so
 *   the frame is the same to the last bit.
 *
 * draw_set_reference turns both off, for the tests that compare the two.
 */
#include "sdl/draw.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

enum {
    DISC_SLOTS = 48,       /* (radius, colour) pairs kept; a screen uses up to ~25 */
    DISC_RADIUS_MAX = 256, /* larger corners scale this disc: 2r x 2r x 4 bytes stays <= 1 MB */
    LINE_BYTES = 64,       /* a cache line */
    LINE_PX = 16,          /* pixels in a cache line, at 4 bytes a pixel */
    FILL_BATCH = 256,      /* fill rectangles queued with one SDL_RenderFillRects */
    PIECES_MAX = 1024,     /* visible pieces of one rect; beyond that it is filled whole */
    /* What culling is worth, in pixels filled (SDL 2.26, cut at lines: 0.15 ns a pixel; a
     * rectangle ~13 ns to set up plus ~3 ns a row; a piece is up to three rectangles): */
    CULL_MIN_PX = 4096, /* smaller rects are filled whole: too little to save */
    PIECE_PX = 512,     /* a piece's own cost */
    PIECE_ROW_PX = 64   /* and each of its rows' */
};
#define DISC_MAX_BYTES ((size_t)4 << 20) /* disc pixels kept, bytes */

typedef struct Disc {
    SDL_Texture *tex; /* NULL: slot free */
    int radius;       /* pixels */
    UiColor color;
    uint64_t used; /* clock at last use */
} Disc;

/* The straight part of an opaque rect command, as far as it is drawn: whatever earlier
 * commands put there is overwritten. */
typedef struct Cover {
    UiRect r;
    size_t owner; /* index of the command */
} Cover;

typedef struct Span {
    int x0, x1; /* pixels [x0, x1) */
} Span;

struct Draw {
    SDL_Renderer *renderer; /* borrowed */
    Disc discs[DISC_SLOTS];
    size_t bytes; /* pixels of the discs held */
    uint64_t clock;
    bool reference; /* draw_set_reference: no culling, fills whole */
    DrawStats stats;
    int line_phase; /* framebuffer column (mod LINE_PX) starting cache lines; -1: unknown */

    SDL_Rect fills[FILL_BATCH]; /* queued fills, all of the current draw colour */
    int nfills;
    UiRect pieces[PIECES_MAX]; /* the visible part of the rect being drawn */

    /* Scratch for culling, sized for cap_cmds commands; grows, never shrinks. */
    size_t cap_cmds;
    Cover *covers; /* 2 per command */
    UiRect *hide;  /* 2 per command */
    Span *under;   /* 2 per command */
    Span *band[2]; /* 2 per command + 1, each */
    int *ys;       /* 4 per command + 2 */
};

static size_t disc_bytes(int r)
{
    return (size_t)(2 * r) * (size_t)(2 * r) * 4;
}

Draw *draw_new(SDL_Renderer *renderer)
{
    Draw *d = calloc(1, sizeof *d);
    if (d) {
        d->renderer = renderer;
        d->line_phase = -1;
    }
    return d;
}

void draw_set_reference(Draw *d, bool reference)
{
    d->reference = reference;
}

void draw_stats(const Draw *d, DrawStats *out)
{
    *out = d->stats;
    out->line_phase = d->line_phase;
}

void draw_flush(Draw *d)
{
    for (int i = 0; i < DISC_SLOTS; i++) {
        if (d->discs[i].tex) {
            SDL_DestroyTexture(d->discs[i].tex);
        }
        d->discs[i] = (Disc){0};
    }
    d->bytes = 0;
}

static void scratch_free(Draw *d)
{
    free(d->covers);
    free(d->hide);
    free(d->under);
    free(d->band[0]);
    free(d->band[1]);
    free(d->ys);
    d->covers = NULL;
    d->hide = NULL;
    d->under = d->band[0] = d->band[1] = NULL;
    d->ys = NULL;
    d->cap_cmds = 0;
}

void draw_free(Draw *d)
{
    if (d) {
        draw_flush(d);
        scratch_free(d);
        free(d);
    }
}

static SDL_Texture *disc_make(SDL_Renderer *renderer, int r, UiColor c)
{
    int size = 2 * r;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, size, size, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        return NULL;
    }
    SDL_LockSurface(s);
    for (int y = 0; y < size; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        double dy = y + 0.5 - r;
        for (int x = 0; x < size; x++) {
            double dx = x + 0.5 - r;
            double cover = r - SDL_sqrt(dx * dx + dy * dy) + 0.5;
            double alpha = (cover <= 0 ? 0 : cover >= 1 ? 1 : cover) * c.a;
            row[x] = (uint32_t)(alpha + 0.5) << 24 | (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
        }
    }
    SDL_UnlockSurface(s);
    SDL_Texture *t = SDL_CreateTextureFromSurface(renderer, s);
    SDL_FreeSurface(s);
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    }
    return t;
}

static bool color_eq(UiColor a, UiColor b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* The least recently used disc; with any_free, a free slot first. -1 if none. */
static int disc_oldest(const Draw *d, bool any_free)
{
    int best = -1;
    for (int i = 0; i < DISC_SLOTS; i++) {
        const Disc *c = &d->discs[i];
        if (!c->tex) {
            if (any_free) {
                return i;
            }
            continue;
        }
        if (best < 0 || c->used < d->discs[best].used) {
            best = i;
        }
    }
    return best;
}

static void disc_drop(Draw *d, int i)
{
    SDL_DestroyTexture(d->discs[i].tex);
    d->bytes -= disc_bytes(d->discs[i].radius);
    d->discs[i] = (Disc){0};
}

/* The disc for radius r (at most DISC_RADIUS_MAX) in colour c, made on first use; NULL
 * on failure. */
static const Disc *disc_get(Draw *d, int r, UiColor c)
{
    d->clock++;
    for (int i = 0; i < DISC_SLOTS; i++) {
        Disc *e = &d->discs[i];
        if (e->tex && e->radius == r && color_eq(e->color, c)) {
            e->used = d->clock;
            return e;
        }
    }
    SDL_Texture *t = disc_make(d->renderer, r, c);
    if (!t) {
        return NULL;
    }
    /* Over budget, drop the least recently used; SDL flushes queued draws before a
     * texture is destroyed, so even one drawn in this frame may go. */
    while (d->bytes > 0 && d->bytes + disc_bytes(r) > DISC_MAX_BYTES) {
        disc_drop(d, disc_oldest(d, false));
    }
    int slot = disc_oldest(d, true);
    if (d->discs[slot].tex) {
        disc_drop(d, slot);
    }
    d->discs[slot] = (Disc){.tex = t, .radius = r, .color = c, .used = d->clock};
    d->bytes += disc_bytes(r);
    return &d->discs[slot];
}

/* The intersection of a and b; w or h <= 0 when they do not meet. */
static UiRect intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

static bool empty(UiRect r)
{
    return r.w <= 0 || r.h <= 0;
}

/* The radius draw_rect really uses. */
static int used_radius(UiRect r, int radius)
{
    int half = (r.w < r.h ? r.w : r.h) / 2;
    return radius < 0 ? 0 : radius > half ? half : radius;
}

/* ---- Fills ------------------------------------------------------------------------- */

/* The framebuffer column (mod LINE_PX) whose pixels begin cache lines, the same in every
 * row; -1 if the renderer does not draw 1:1 into a window surface of 4-byte pixels whose
 * rows are whole lines. A wrong answer would only make fills slower, never different. */
static int line_phase(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0 || !(info.flags & SDL_RENDERER_SOFTWARE)) {
        return -1;
    }
    SDL_Rect vp;
    float sx = 0, sy = 0;
    SDL_RenderGetViewport(ren, &vp);
    SDL_RenderGetScale(ren, &sx, &sy);
    SDL_Window *win = SDL_RenderGetWindow(ren);
    SDL_Surface *s = win ? SDL_GetWindowSurface(win) : NULL;
    if (vp.x != 0 || vp.y != 0 || sx != 1.0f || sy != 1.0f || !s || !s->pixels ||
        s->format->BytesPerPixel != 4 || s->pitch % LINE_BYTES != 0) {
        return -1;
    }
    size_t off = (size_t)((uintptr_t)s->pixels % LINE_BYTES);
    if (off % 4 != 0) {
        return -1;
    }
    return (int)((LINE_BYTES - off) % LINE_BYTES / 4);
}

static int mod_line(int v)
{
    return ((v % LINE_PX) + LINE_PX) % LINE_PX;
}

/* Sends the queued fills to the renderer (in the draw colour set now). */
static int fill_flush(Draw *d)
{
    if (d->nfills == 0) {
        return 0;
    }
    int rc = SDL_RenderFillRects(d->renderer, d->fills, d->nfills);
    d->nfills = 0;
    return rc;
}

static int fill_push(Draw *d, int x, int y, int w, int h)
{
    int rc = 0;
    if (d->nfills == FILL_BATCH) {
        rc = fill_flush(d);
    }
    d->fills[d->nfills++] = (SDL_Rect){x, y, w, h};
    d->stats.fills++;
    d->stats.fill_px += (uint64_t)w * (uint64_t)h;
    return rc;
}

/* Queues a fill of r in the draw colour. An opaque one is cut into a middle of whole cache
 * lines and edges narrower than a line, when the framebuffer's lines are known. */
static int fill(Draw *d, UiRect r, bool opaque)
{
    if (empty(r)) {
        return 0;
    }
    int end = r.x + r.w;
    if (!opaque || d->line_phase < 0) {
        return fill_push(d, r.x, r.y, r.w, r.h);
    }
    int a = r.x + mod_line(d->line_phase - r.x); /* the first line start at or after r.x */
    int rc = 0;
    if (a + LINE_PX <= end) {
        int b = end - mod_line(end - d->line_phase); /* the last line start at or before end */
        if (a > r.x) {
            rc |= fill_push(d, r.x, r.y, a - r.x, r.h);
        }
        rc |= fill_push(d, a, r.y, b - a, r.h);
        if (b < end) {
            rc |= fill_push(d, b, r.y, end - b, r.h);
        }
    } else if (a > r.x && a < end) {
        /* No whole line, one line start inside: two pieces, each narrower than a line. */
        rc |= fill_push(d, r.x, r.y, a - r.x, r.h);
        rc |= fill_push(d, a, r.y, end - a, r.h);
    } else {
        rc |= fill_push(d, r.x, r.y, r.w, r.h); /* narrower than a line */
    }
    return rc;
}

/* ---- Rounded rectangles -------------------------------------------------------------- */

/* Draws rect with its corners rounded where it shows through pieces[0..np): each straight
 * part is filled there only, and a corner is drawn if it meets a piece. The pieces must
 * not overlap (a translucent colour is blended once) and lie within the renderer's clip
 * rectangle, which clips the corners. */
static int rect_parts(Draw *d, UiRect rect, UiColor color, int radius, const UiRect *pieces, int np)
{
    SDL_Renderer *ren = d->renderer;
    bool opaque = color.a == 255;
    int rc = 0;
    rc |= SDL_SetRenderDrawBlendMode(ren, opaque ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    rc |= SDL_SetRenderDrawColor(ren, color.r, color.g, color.b, color.a);
    int r = used_radius(rect, radius);

    /* A middle column over the full height, and the two sides between the corners. The
     * pieces do not overlap, so translucent colours blend evenly. */
    int x = rect.x, y = rect.y, w = rect.w, h = rect.h;
    const UiRect part[3] = {
        {x + r, y, w - 2 * r, h}, {x, y + r, r, h - 2 * r}, {x + w - r, y + r, r, h - 2 * r}};
    for (int k = 0; k < (r == 0 ? 1 : 3); k++) {
        for (int i = 0; i < np; i++) {
            rc |= fill(d, intersect(part[k], pieces[i]), opaque);
        }
    }
    rc |= fill_flush(d);
    if (r == 0) {
        return rc ? -1 : 0;
    }

    const UiRect corner[4] = {
        {x, y, r, r}, {x + w - r, y, r, r}, {x, y + h - r, r, r}, {x + w - r, y + h - r, r, r}};
    bool shows[4] = {false, false, false, false};
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < np && !shows[k]; i++) {
            shows[k] = !empty(intersect(corner[k], pieces[i]));
        }
    }
    if (!shows[0] && !shows[1] && !shows[2] && !shows[3]) {
        return rc ? -1 : 0;
    }
    const Disc *disc = disc_get(d, r > DISC_RADIUS_MAX ? DISC_RADIUS_MAX : r, color);
    if (!disc) {
        /* No texture for the corners: square corners are better than holes. */
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < np && shows[k]; i++) {
                fill(d, intersect(corner[k], pieces[i]), opaque);
            }
        }
        fill_flush(d);
        return -1;
    }
    int s = disc->radius; /* source quadrant size; differs from r only for huge corners */
    const SDL_Rect src[4] = {{0, 0, s, s}, {s, 0, s, s}, {0, s, s, s}, {s, s, s, s}};
    for (int k = 0; k < 4; k++) {
        if (shows[k]) {
            SDL_Rect dst = {corner[k].x, corner[k].y, r, r};
            rc |= SDL_RenderCopy(ren, disc->tex, &src[k], &dst);
        }
    }
    return rc ? -1 : 0;
}

int draw_rect(Draw *d, UiRect rect, UiColor color, int radius)
{
    if (rect.w <= 0 || rect.h <= 0 || color.a == 0) {
        return 0;
    }
    d->line_phase = d->reference ? -1 : line_phase(d->renderer);
    return rect_parts(d, rect, color, radius, &rect, 1);
}

/* ---- Occlusion ----------------------------------------------------------------------- */

/* The first row of rect a that the next command b leaves visible: b is opaque, has a's
 * shape and starts no lower (a button's face over its shadow), so it hides a down to
 * where its own bottom corners begin. Returns a.y when b hides nothing of a. */
static int visible_from(const UiCmd *a, const UiCmd *b)
{
    if (!b || b->kind != UI_CMD_RECT || b->color.a != 255 || b->rect.x != a->rect.x ||
        b->rect.w != a->rect.w || b->rect.y > a->rect.y ||
        used_radius(b->rect, b->radius) != used_radius(a->rect, a->radius)) {
        return a->rect.y;
    }
    int from = b->rect.y + b->rect.h - used_radius(b->rect, b->radius);
    return from > a->rect.y ? from : a->rect.y;
}

/* What command c may touch (next: the command after it, or NULL), within region if that
 * is not NULL: a text its texture within its clip (the texture may be taller than the
 * measured line when a glyph reaches above it; damage.c marks it the same way), a rect
 * what the next one leaves, an icon its rect. False if it draws nothing there. */
static bool command_area(TextCache *tc, const UiCmd *c, const UiCmd *next, const UiRect *region,
                         UiRect *area)
{
    if (c->kind == UI_CMD_ICON) {
        if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
            return false;
        }
        *area = c->rect;
    } else if (c->kind == UI_CMD_RECT) {
        if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
            return false;
        }
        int from = visible_from(c, next);
        *area = (UiRect){c->rect.x, from, c->rect.w, c->rect.y + c->rect.h - from};
    } else {
        if (!c->text || !c->text[0] || c->color.a == 0) {
            return false;
        }
        int tw, th;
        if (textcache_size(tc, c->font, c->color, c->text, &tw, &th) != 0) {
            *area = c->clip; /* cannot tell: all it could reach (and drawing it will fail) */
        } else {
            *area = intersect((UiRect){c->rect.x, c->rect.y, tw, th}, c->clip);
        }
    }
    if (region) {
        *area = intersect(*area, *region);
    }
    return !empty(*area);
}

/* Room for culling a list of n commands; false when out of memory (then nothing is
 * culled). */
static bool scratch_fit(Draw *d, size_t n)
{
    if (n <= d->cap_cmds) {
        return true;
    }
    scratch_free(d);
    if (n > (SIZE_MAX / sizeof(Cover) - 2) / 4) {
        return false;
    }
    d->covers = malloc(2 * n * sizeof *d->covers);
    d->hide = malloc(2 * n * sizeof *d->hide);
    d->under = malloc(2 * n * sizeof *d->under);
    d->band[0] = malloc((2 * n + 1) * sizeof *d->band[0]);
    d->band[1] = malloc((2 * n + 1) * sizeof *d->band[1]);
    d->ys = malloc((4 * n + 2) * sizeof *d->ys);
    if (!d->covers || !d->hide || !d->under || !d->band[0] || !d->band[1] || !d->ys) {
        scratch_free(d);
        return false;
    }
    d->cap_cmds = n;
    return true;
}

/* Collects in d->covers, in command order, the straight part of every opaque rect as far
 * as it is drawn. Returns their number; 0 when out of memory. */
static size_t covers_find(Draw *d, TextCache *tc, const UiCmd *cmds, size_t n, const UiRect *region)
{
    if (!scratch_fit(d, n)) {
        return 0;
    }
    size_t k = 0;
    for (size_t j = 0; j < n; j++) {
        const UiCmd *c = &cmds[j];
        UiRect area;
        if (c->kind != UI_CMD_RECT || c->color.a != 255 ||
            !command_area(tc, c, j + 1 < n ? &cmds[j + 1] : NULL, region, &area)) {
            continue;
        }
        int r = used_radius(c->rect, c->radius);
        const UiRect straight[2] = {{c->rect.x + r, c->rect.y, c->rect.w - 2 * r, c->rect.h},
                                    {c->rect.x, c->rect.y + r, c->rect.w, c->rect.h - 2 * r}};
        for (int m = 0; m < (r == 0 ? 1 : 2); m++) {
            UiRect v = intersect(straight[m], area);
            if (!empty(v)) {
                d->covers[k++] = (Cover){v, j};
            }
        }
    }
    return k;
}

static int int_cmp(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The part of area that no cover in covers[0..nc) hides, as disjoint rectangles in
 * d->pieces: the rows are cut into bands where the covers begin and end, each band's
 * visible spans are what its covers leave, and a band with the same spans as the one above
 * it lengthens that one's pieces. Returns the number of pieces: 0 when all of area is
 * hidden; -1 (draw it all) when nothing is, or the pieces would cost more to fill than
 * the pixels they save (a QR code's dark modules over its light square), or be more
 * than PIECES_MAX. */
static int visible_pieces(Draw *d, UiRect area, const Cover *covers, size_t nc)
{
    size_t nh = 0;
    for (size_t i = 0; i < nc; i++) {
        UiRect h = intersect(covers[i].r, area);
        if (!empty(h)) {
            d->hide[nh++] = h;
        }
    }
    if (nh == 0) {
        return -1;
    }
    int *ys = d->ys;
    size_t ny = 0;
    ys[ny++] = area.y;
    ys[ny++] = area.y + area.h;
    for (size_t i = 0; i < nh; i++) {
        ys[ny++] = d->hide[i].y;
        ys[ny++] = d->hide[i].y + d->hide[i].h;
    }
    qsort(ys, ny, sizeof *ys, int_cmp);
    size_t nb = 1;
    for (size_t i = 1; i < ny; i++) {
        if (ys[i] != ys[nb - 1]) {
            ys[nb++] = ys[i];
        }
    }

    int np = 0, open = 0; /* pieces made; the first of the band above */
    Span *above = d->band[0], *now = d->band[1];
    size_t nabove = 0;
    for (size_t b = 0; b + 1 < nb; b++) {
        int y0 = ys[b], y1 = ys[b + 1];
        /* The covers spanning the whole band, sorted by x (few: insertion sort). */
        size_t nu = 0;
        for (size_t i = 0; i < nh; i++) {
            const UiRect *h = &d->hide[i];
            if (h->y <= y0 && h->y + h->h >= y1) {
                size_t k = nu++;
                while (k > 0 && d->under[k - 1].x0 > h->x) {
                    d->under[k] = d->under[k - 1];
                    k--;
                }
                d->under[k] = (Span){h->x, h->x + h->w};
            }
        }
        /* What they leave of [area.x, area.x + area.w). */
        size_t ns = 0;
        int x = area.x;
        for (size_t k = 0; k < nu; k++) {
            if (d->under[k].x0 > x) {
                now[ns++] = (Span){x, d->under[k].x0};
            }
            if (d->under[k].x1 > x) {
                x = d->under[k].x1;
            }
        }
        if (x < area.x + area.w) {
            now[ns++] = (Span){x, area.x + area.w};
        }
        bool same = ns == nabove;
        for (size_t k = 0; same && k < ns; k++) {
            same = now[k].x0 == above[k].x0 && now[k].x1 == above[k].x1;
        }
        if (same) {
            for (size_t k = 0; k < ns; k++) {
                d->pieces[open + (int)k].h += y1 - y0;
            }
        } else {
            if ((size_t)np + ns > PIECES_MAX) {
                return -1;
            }
            open = np;
            for (size_t k = 0; k < ns; k++) {
                d->pieces[np++] = (UiRect){now[k].x0, y0, now[k].x1 - now[k].x0, y1 - y0};
            }
        }
        Span *t = above;
        above = now;
        now = t;
        nabove = ns;
    }
    int64_t saved = (int64_t)area.w * area.h, cost = 0;
    for (int i = 0; i < np; i++) {
        saved -= (int64_t)d->pieces[i].w * d->pieces[i].h;
        cost += PIECE_PX + (int64_t)PIECE_ROW_PX * d->pieces[i].h;
    }
    return np > 0 && cost > saved ? -1 : np;
}

/* ---- The command list -------------------------------------------------------------- */

/* Sets the renderer's clip rectangle to want (NULL: none) unless it is already that. */
typedef struct Clip {
    bool set;
    UiRect r;
} Clip;

static int clip_to(Draw *d, Clip *cur, const UiRect *want)
{
    if (!want) {
        if (!cur->set) {
            return 0;
        }
        cur->set = false;
        return SDL_RenderSetClipRect(d->renderer, NULL);
    }
    if (cur->set && cur->r.x == want->x && cur->r.y == want->y && cur->r.w == want->w &&
        cur->r.h == want->h) {
        return 0;
    }
    cur->set = true;
    cur->r = *want;
    SDL_Rect sr = {want->x, want->y, want->w, want->h};
    return SDL_RenderSetClipRect(d->renderer, &sr);
}

int draw_commands(Draw *d, TextCache *tc, IconCache *ic, const UiCmd *cmds, size_t n,
                  const UiRect *region)
{
    int rc = 0;
    Clip clip = {false, {0, 0, 0, 0}};
    d->line_phase = d->reference ? -1 : line_phase(d->renderer);
    size_t ncovers = d->reference ? 0 : covers_find(d, tc, cmds, n, region);
    size_t later = 0; /* the first cover of a command after the current one */
    for (size_t i = 0; i < n; i++) {
        const UiCmd *c = &cmds[i];
        UiRect area;
        if (!command_area(tc, c, i + 1 < n ? &cmds[i + 1] : NULL, region, &area)) {
            continue; /* hidden or outside: nothing to draw */
        }
        if (c->kind == UI_CMD_TEXT) {
            /* Text may be cut by its clip: always clip it (to the clip, within region). */
            UiRect cr = region ? intersect(c->clip, *region) : c->clip;
            rc |= clip_to(d, &clip, &cr);
            rc |= textcache_draw(tc, c->font, c->color, c->text, c->rect.x, c->rect.y);
            continue;
        }
        bool whole = area.x == c->rect.x && area.y == c->rect.y && area.w == c->rect.w &&
                     area.h == c->rect.h;
        if (c->kind == UI_CMD_ICON) {
            rc |= clip_to(d, &clip, whole ? NULL : &area);
            rc |= iconcache_draw(ic, c->icon, c->rect, c->color);
            continue;
        }
        while (later < ncovers && d->covers[later].owner <= i) {
            later++;
        }
        int np = (int64_t)area.w * area.h < CULL_MIN_PX
                     ? -1
                     : visible_pieces(d, area, d->covers + later, ncovers - later);
        if (np == 0) {
            d->stats.hidden++;
            continue; /* all of it painted over later */
        }
        rc |= clip_to(d, &clip, whole ? NULL : &area);
        rc |= rect_parts(d, c->rect, c->color, c->radius, np < 0 ? &area : d->pieces,
                         np < 0 ? 1 : np);
    }
    rc |= clip_to(d, &clip, NULL);
    return rc ? -1 : 0;
}
