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
 */
#include "sdl/draw.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

enum {
    DISC_SLOTS = 48,      /* (radius, colour) pairs kept; a screen uses up to ~25 */
    DISC_RADIUS_MAX = 256 /* larger corners scale this disc: 2r x 2r x 4 bytes stays <= 1 MB */
};
#define DISC_MAX_BYTES ((size_t)4 << 20) /* disc pixels kept, bytes */

typedef struct Disc {
    SDL_Texture *tex; /* NULL: slot free */
    int radius;       /* pixels */
    UiColor color;
    uint64_t used; /* clock at last use */
} Disc;

struct Draw {
    SDL_Renderer *renderer; /* borrowed */
    Disc discs[DISC_SLOTS];
    size_t bytes; /* pixels of the discs held */
    uint64_t clock;
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
    }
    return d;
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

void draw_free(Draw *d)
{
    if (d) {
        draw_flush(d);
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

static int fill(SDL_Renderer *renderer, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0) {
        return 0;
    }
    SDL_Rect rc = {x, y, w, h};
    return SDL_RenderFillRect(renderer, &rc);
}

int draw_rect(Draw *d, UiRect rect, UiColor color, int radius)
{
    if (rect.w <= 0 || rect.h <= 0 || color.a == 0) {
        return 0;
    }
    SDL_Renderer *ren = d->renderer;
    int rc = 0;
    rc |=
        SDL_SetRenderDrawBlendMode(ren, color.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    rc |= SDL_SetRenderDrawColor(ren, color.r, color.g, color.b, color.a);
    int half = (rect.w < rect.h ? rect.w : rect.h) / 2;
    int r = radius < 0 ? 0 : radius > half ? half : radius;
    if (r == 0) {
        return fill(ren, rect.x, rect.y, rect.w, rect.h) | rc;
    }

    /* A middle column over the full height, and the two sides between the corners. The
     * pieces do not overlap, so translucent colours blend evenly. */
    int x = rect.x, y = rect.y, w = rect.w, h = rect.h;
    rc |= fill(ren, x + r, y, w - 2 * r, h);
    rc |= fill(ren, x, y + r, r, h - 2 * r);
    rc |= fill(ren, x + w - r, y + r, r, h - 2 * r);

    const Disc *disc = disc_get(d, r > DISC_RADIUS_MAX ? DISC_RADIUS_MAX : r, color);
    if (!disc) {
        /* No texture for the corners: square corners are better than holes. */
        rc |= fill(ren, x, y, r, r);
        rc |= fill(ren, x + w - r, y, r, r);
        rc |= fill(ren, x, y + h - r, r, r);
        rc |= fill(ren, x + w - r, y + h - r, r, r);
        return -1;
    }
    int s = disc->radius; /* source quadrant size; differs from r only for huge corners */
    const SDL_Rect src[4] = {{0, 0, s, s}, {s, 0, s, s}, {0, s, s, s}, {s, s, s, s}};
    const SDL_Rect dst[4] = {
        {x, y, r, r}, {x + w - r, y, r, r}, {x, y + h - r, r, r}, {x + w - r, y + h - r, r, r}};
    for (int i = 0; i < 4; i++) {
        rc |= SDL_RenderCopy(ren, disc->tex, &src[i], &dst[i]);
    }
    return rc ? -1 : 0;
}

/* The intersection of a and b; w or h <= 0 when they do not meet. */
static UiRect intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

/* The radius draw_rect really uses. */
static int used_radius(UiRect r, int radius)
{
    int half = (r.w < r.h ? r.w : r.h) / 2;
    return radius < 0 ? 0 : radius > half ? half : radius;
}

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
    for (size_t i = 0; i < n; i++) {
        const UiCmd *c = &cmds[i];
        /* What the command may touch: text its clip, a rect what the next one leaves, an
         * icon its rect. */
        UiRect area;
        if (c->kind == UI_CMD_ICON) {
            if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
                continue;
            }
            area = c->rect;
        } else if (c->kind == UI_CMD_RECT) {
            if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
                continue;
            }
            int from = visible_from(c, i + 1 < n ? &cmds[i + 1] : NULL);
            area = (UiRect){c->rect.x, from, c->rect.w, c->rect.y + c->rect.h - from};
        } else {
            if (!c->text || !c->text[0] || c->color.a == 0) {
                continue;
            }
            UiRect box = {c->rect.x, c->rect.y, c->rect.w > 0 ? c->rect.w : 1,
                          c->rect.h > 0 ? c->rect.h : 1};
            area = intersect(box, c->clip);
        }
        if (region) {
            area = intersect(area, *region);
        }
        if (area.w <= 0 || area.h <= 0) {
            continue; /* hidden or outside: nothing to draw */
        }
        if (c->kind != UI_CMD_TEXT) {
            bool whole = area.x == c->rect.x && area.y == c->rect.y && area.w == c->rect.w &&
                         area.h == c->rect.h;
            rc |= clip_to(d, &clip, whole ? NULL : &area);
            if (c->kind == UI_CMD_RECT) {
                rc |= draw_rect(d, c->rect, c->color, c->radius);
            } else {
                rc |= iconcache_draw(ic, c->icon, c->rect, c->color);
            }
        } else {
            /* Text may be cut by its clip: always clip it (to the clip, within region). */
            UiRect cr = region ? intersect(c->clip, *region) : c->clip;
            rc |= clip_to(d, &clip, &cr);
            rc |= textcache_draw(tc, c->font, c->color, c->text, c->rect.x, c->rect.y);
        }
    }
    rc |= clip_to(d, &clip, NULL);
    return rc ? -1 : 0;
}
