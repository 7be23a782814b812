/* damage: a grid of command hashes compared frame to frame.
 *
 * Cells are CELL pixels square: small enough that pressing one key redraws about that
 * key, large enough that hashing a frame stays well under a tenth of a millisecond
 * (510 cells at 1920x1080). A command touches the cells its pixels can reach: a rect its
 * rectangle, a text its texture's rectangle within its clip (measured through the text
 * cache, since a glyph may reach above the font's line height). Each touched cell's hash
 * is mixed with the command's hash in drawing order, so a change, an insertion, a removal
 * or a reordering all show. Dirty cells are merged into runs along a row, and runs of the
 * same columns in consecutive rows into one rectangle. The arrays grow only when the
 * screen does.
 */
#include "sdl/damage.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { CELL = 64 }; /* pixels */

#define SEED  2166136261u /* FNV-1a offset basis */
#define PRIME 16777619u

struct Damage {
    uint32_t *cells; /* this frame's hash per cell, row-major */
    uint32_t *prev;  /* the last frame's */
    UiRect *regions; /* rectangles to redraw, up to one per cell */
    size_t cap;      /* cells allocated */
    int cols, rows;  /* grid of the last frame */
    int w, h;        /* size of the last frame, pixels */
    bool valid;      /* prev describes what the screen shows */
    UiRect whole;    /* the whole screen, for when memory runs out */
};

Damage *damage_new(void)
{
    return calloc(1, sizeof(Damage));
}

void damage_free(Damage *dm)
{
    if (dm) {
        free(dm->cells);
        free(dm->prev);
        free(dm->regions);
        free(dm);
    }
}

void damage_reset(Damage *dm)
{
    dm->valid = false;
}

static uint32_t mix(uint32_t h, uint32_t v)
{
    for (int s = 0; s < 32; s += 8) {
        h = (h ^ ((v >> s) & 0xffu)) * PRIME;
    }
    return h;
}

static uint32_t mix_rect(uint32_t h, UiRect r)
{
    return mix(mix(mix(mix(h, (uint32_t)r.x), (uint32_t)r.y), (uint32_t)r.w), (uint32_t)r.h);
}

static uint32_t mix_color(uint32_t h, UiColor c)
{
    return mix(h, (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a);
}

static UiRect intersect(UiRect a, UiRect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return (UiRect){x0, y0, x1 - x0, y1 - y0};
}

/* The command's hash and the pixels it may touch; false if it draws nothing. */
static bool command_touch(TextCache *tc, const UiCmd *c, uint32_t *hash, UiRect *area)
{
    uint32_t h = mix(SEED, (uint32_t)c->kind);
    h = mix_color(mix_rect(h, c->rect), c->color);
    if (c->kind == UI_CMD_RECT) {
        if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
            return false;
        }
        *hash = mix(h, (uint32_t)c->radius);
        *area = c->rect;
        return true;
    }
    if (c->kind == UI_CMD_ICON) {
        if (c->rect.w <= 0 || c->rect.h <= 0 || c->color.a == 0) {
            return false;
        }
        *hash = mix(h, (uint32_t)c->icon);
        *area = c->rect;
        return true;
    }
    if (!c->text || !c->text[0] || c->color.a == 0 || c->clip.w <= 0 || c->clip.h <= 0) {
        return false;
    }
    h = mix(mix(mix_rect(h, c->clip), (uint32_t)c->font.px), (uint32_t)c->font.weight);
    for (const char *p = c->text; *p; p++) {
        h = (h ^ (uint8_t)*p) * PRIME;
    }
    *hash = h;
    int tw, th;
    if (textcache_size(tc, c->font, c->color, c->text, &tw, &th) != 0) {
        *area = c->clip; /* cannot tell: all it could reach */
    } else {
        *area = intersect((UiRect){c->rect.x, c->rect.y, tw, th}, c->clip);
    }
    return true;
}

/* Makes room for a cols x rows grid; false when out of memory. */
static bool grid_fit(Damage *dm, size_t ncell)
{
    if (ncell <= dm->cap) {
        return true;
    }
    uint32_t *cells = realloc(dm->cells, ncell * sizeof *cells);
    if (cells) {
        dm->cells = cells;
    }
    uint32_t *prev = realloc(dm->prev, ncell * sizeof *prev);
    if (prev) {
        dm->prev = prev;
    }
    UiRect *regions = realloc(dm->regions, ncell * sizeof *regions);
    if (regions) {
        dm->regions = regions;
    }
    if (!cells || !prev || !regions) {
        return false;
    }
    dm->cap = ncell;
    return true;
}

int damage_update(Damage *dm, TextCache *tc, const UiCmd *cmds, size_t n, int w, int h,
                  const UiRect **regions)
{
    dm->whole = (UiRect){0, 0, w, h};
    *regions = &dm->whole;
    if (w <= 0 || h <= 0) {
        dm->valid = false;
        return 1;
    }
    int cols = (w + CELL - 1) / CELL, rows = (h + CELL - 1) / CELL;
    size_t ncell = (size_t)cols * (size_t)rows;
    if (!grid_fit(dm, ncell)) {
        dm->valid = false;
        return 1;
    }
    if (w != dm->w || h != dm->h) {
        dm->valid = false;
    }

    for (size_t i = 0; i < ncell; i++) {
        dm->cells[i] = SEED;
    }
    const UiRect screen = {0, 0, w, h};
    for (size_t i = 0; i < n; i++) {
        uint32_t hash;
        UiRect a;
        if (!command_touch(tc, &cmds[i], &hash, &a)) {
            continue;
        }
        a = intersect(a, screen);
        if (a.w <= 0 || a.h <= 0) {
            continue;
        }
        int cx1 = (a.x + a.w - 1) / CELL, cy1 = (a.y + a.h - 1) / CELL;
        for (int cy = a.y / CELL; cy <= cy1; cy++) {
            uint32_t *row = &dm->cells[(size_t)cy * (size_t)cols];
            for (int cx = a.x / CELL; cx <= cx1; cx++) {
                row[cx] = (row[cx] ^ hash) * PRIME;
            }
        }
    }

    /* This frame becomes the last one; compare against the one before. */
    uint32_t *last = dm->prev;
    dm->prev = dm->cells;
    dm->cells = last;
    bool valid = dm->valid;
    dm->valid = true;
    dm->w = w;
    dm->h = h;
    dm->cols = cols;
    dm->rows = rows;
    if (!valid) {
        return 1;
    }
    const uint32_t *now = dm->prev;
    size_t dirty = 0;
    for (size_t i = 0; i < ncell; i++) {
        dirty += now[i] != last[i];
    }
    if (dirty == 0) {
        return 0;
    }
    if (dirty * 10 > ncell * 6) {
        return 1; /* mostly new: one pass over the whole screen is cheaper */
    }

    int nreg = 0;
    for (int cy = 0; cy < rows; cy++) {
        const size_t base = (size_t)cy * (size_t)cols;
        for (int cx = 0; cx < cols;) {
            if (now[base + (size_t)cx] == last[base + (size_t)cx]) {
                cx++;
                continue;
            }
            int x0 = cx;
            while (cx < cols && now[base + (size_t)cx] != last[base + (size_t)cx]) {
                cx++;
            }
            UiRect r = {x0 * CELL, cy * CELL, (cx - x0) * CELL, CELL};
            /* The same columns dirty in the row above: grow that rectangle down. */
            int k = 0;
            while (k < nreg && !(dm->regions[k].x == r.x && dm->regions[k].w == r.w &&
                                 dm->regions[k].y + dm->regions[k].h == r.y)) {
                k++;
            }
            if (k < nreg) {
                dm->regions[k].h += CELL;
            } else {
                dm->regions[nreg++] = r;
            }
        }
    }
    for (int k = 0; k < nreg; k++) {
        dm->regions[k] = intersect(dm->regions[k], screen);
    }
    *regions = dm->regions;
    return nreg;
}
