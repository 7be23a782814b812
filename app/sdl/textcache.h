/* textcache: fonts and rendered text for the SDL shell.
 *
 * The ui measures text through textcache_measure (a UiMeasureFn) and the shell draws its
 * text commands with textcache_draw. Both font files are mapped into memory once; a
 * TTF_Font is opened per (pixel size, weight) when first asked for, kept in a small LRU
 * table, and closed when not needed for a while. Rasterising a string costs about 2.8
 * times drawing its texture, so every string drawn is kept as a texture keyed by (text,
 * size, weight, colour): an unchanged screen is redrawn without rasterising anything.
 * Entries unused for a number of frames, or beyond a count and a byte budget, are
 * dropped, so memory stays bounded however many names scroll past. The tables are
 * allocated once; only a cache miss allocates.
 *
 * Private to app/sdl: the shell owns the TextCache and the renderer it draws with.
 */
#ifndef MINGEL_TEXTCACHE_H
#define MINGEL_TEXTCACHE_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "ui/ui.h"

typedef struct TextCache TextCache;

typedef struct TextCacheStats {
    uint64_t rendered; /* strings rasterised since creation (cache misses) */
    uint64_t evicted;  /* textures dropped since creation */
    size_t entries;    /* textures held now */
    size_t bytes;      /* their pixels, bytes */
    size_t fonts_open; /* TTF_Font objects open now */
    uint64_t failures; /* strings that could not be measured or drawn */
} TextCacheStats;

/* Reads <data_dir>/fonts/NotoSans-Regular.ttf and NotoSans-Bold.ttf. The renderer is
 * borrowed and must outlive the cache; TTF_Init must have been called. Returns NULL with
 * a message in err on failure. */
TextCache *textcache_new(SDL_Renderer *renderer, const char *data_dir, char *err, size_t errcap);

/* Destroys every texture and font; tc may be NULL. Call before TTF_Quit. */
void textcache_free(TextCache *tc);

/* UiMeasureFn: width of text in the font and the font's line height, pixels. ctx is the
 * TextCache. Returns 0, or -1 (w = h = 0) if the font cannot be opened or the text is not
 * valid UTF-8. */
int textcache_measure(void *ctx, UiFont font, const char *text, int *w, int *h);

/* Draws text with its top-left corner at (x, y) through the renderer's current clip
 * rectangle, rasterising it only if it is not cached. Empty text draws nothing. Returns
 * 0, or -1 if the text could not be rasterised (nothing is drawn). */
int textcache_draw(TextCache *tc, UiFont font, UiColor color, const char *text, int x, int y);

/* The size in pixels of the text as textcache_draw draws it (which may be taller than
 * the font's line height when a glyph reaches above it), rasterising it now if it is not
 * cached. Returns 0, or -1 (w = h = 0) if it cannot be rasterised. */
int textcache_size(TextCache *tc, UiFont font, UiColor color, const char *text, int *w, int *h);

/* Marks the end of a frame: drops textures unused for several frames. */
void textcache_end_frame(TextCache *tc);

/* Drops every texture (after SDL_RENDER_DEVICE_RESET the renderer lost them). */
void textcache_flush(TextCache *tc);

void textcache_stats(const TextCache *tc, TextCacheStats *out);

#endif
