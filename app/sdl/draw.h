/* draw: the ui's command list turned into pixels with an SDL renderer.
 *
 * Rectangles may have rounded corners. A renderer has no anti-aliased circle, so each
 * (radius, colour) gets a small texture holding an anti-aliased disc of that colour
 * (alpha = coverage); a rounded rectangle is three fill rects plus the disc's four
 * quadrants at the corners. Radius h/2 gives a pill, and a square with it a circle. Text
 * goes through the TextCache, icons through the IconCache. Private to app/sdl.
 */
#ifndef MINGEL_DRAW_H
#define MINGEL_DRAW_H

#include <stddef.h>

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
 * Returns 0, or -1 if anything failed to draw (the rest is still drawn). */
int draw_commands(Draw *d, TextCache *tc, IconCache *ic, const UiCmd *cmds, size_t n,
                  const UiRect *region);

#endif
