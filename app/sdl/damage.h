/* damage: which parts of the screen a new frame changes, so only those are redrawn.
 *
 * Most frames change little: a key drawn pressed, one more letter in the search field, a
 * new list of results. The screen is divided into square cells; each cell gets a hash of
 * every command that touches it, in order. Cells whose hash differs from the last frame's
 * are redrawn (merged into a few rectangles), everything else is left as it is on
 * screen. Drawing a command clipped to a rectangle gives exactly the pixels a full redraw
 * gives there, so the result is the same frame, for a fraction of the fills and blits.
 * This needs a renderer that keeps the last frame (SDL's software renderer draws into
 * the window surface, which it does); with any other the shell redraws everything.
 * The idea is rxi/lite's rencache. Private to app/sdl.
 */
#ifndef MINGEL_DAMAGE_H
#define MINGEL_DAMAGE_H

#include <stddef.h>

#include "sdl/textcache.h"
#include "ui/ui.h"

typedef struct Damage Damage;

/* Returns NULL when out of memory. */
Damage *damage_new(void);

/* dm may be NULL. */
void damage_free(Damage *dm);

/* Forgets the last frame (the screen's content is unknown, e.g. after a resize or an
 * expose): the next damage_update reports the whole screen. */
void damage_reset(Damage *dm);

/* Compares the commands of a w x h frame with the last frame's and points *regions at
 * the rectangles to redraw (owned by dm, valid until the next call): none when nothing
 * changed, one covering the screen after a reset, a size change or when most of it
 * changed. Text is measured through tc as it will be drawn. Returns the number of
 * rectangles. */
int damage_update(Damage *dm, TextCache *tc, const UiCmd *cmds, size_t n, int w, int h,
                  const UiRect **regions);

#endif
