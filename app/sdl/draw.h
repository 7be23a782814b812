/* draw: the ui's command list turned into pixels with an SDL renderer.
 *
 * Rectangles may have rounded corners. A renderer has no anti-aliased circle, so each
 * (radius, colour) gets a small texture holding an anti-aliased disc of that colour
 * (alpha = coverage); a rounded rectangle is three fill rects plus the disc's four
 * quadrants at the corners. Radius h/2 gives a pill, and a square with it a circle. Text
 * goes through the TextCache, icons through the IconCache. What a later opaque rectangle
 * paints over is not drawn at all, and fills are cut where SDL's software renderer fills
 * fastest; neither changes a pixel of the result. Private to app/sdl.
 */
#ifndef MINGEL_DRAW_H
#define MINGEL_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "sdl/iconcache.h"
#include "sdl/textcache.h"
#include "ui/ui.h"

typedef struct Draw Draw;

/* The renderer is borrowed and must outlive the Draw. Returns NULL when out of memory. */
Draw *draw_new(SDL_Renderer *renderer);

/* Destroys the corner textures; d may be NULL. */
void draw_free(Draw *d);

/* Drops every corner texture (after SDL_RENDER_DEVICE_RESET). */
void draw_flush(Draw *d);

/* Fills rect with color (alpha blended when color.a < 255), corners rounded with radius
 * pixels (clamped to half the shorter side; 0 = square). Returns 0, or -1 if a renderer
 * call failed (SDL_GetError tells why). */
int draw_rect(Draw *d, UiRect rect, UiColor color, int radius);

/* Draws n commands in order: rects with draw_rect, texts with textcache_draw clipped to
 * their clip rectangle, icons with iconcache_draw. If region is not NULL, nothing outside it is
 * touched (for redrawing only the part of a frame that changed). Leaves the renderer unclipped.
 * The pixels are those of drawing every command in turn; what a later opaque rect covers is
 * skipped. Returns 0, or -1 if anything failed to draw (the rest is still drawn). */
int draw_commands(Draw *d, TextCache *tc, IconCache *ic, const UiCmd *cmds, size_t n,
                  const UiRect *region);

/* What drawing did since draw_new, for tests and measurements. */
typedef struct DrawStats {
    uint64_t fills;   /* fill rectangles sent to the renderer since draw_new */
    uint64_t fill_px; /* the pixels they cover */
    uint64_t hidden;  /* rect commands not drawn at all: painted over by later ones */
    int line_phase;   /* the framebuffer column (mod 16) where cache lines begin, as the last
                         draw found it; -1: fills are not cut at lines */
} DrawStats;

void draw_stats(const Draw *d, DrawStats *out);

/* With reference true, draws every command whole and in turn, each fill as one rectangle:
 * no occlusion culling, no cutting at cache lines. The same pixels, slower: for tests that
 * compare the two. Off by default. */
void draw_set_reference(Draw *d, bool reference);

#endif
