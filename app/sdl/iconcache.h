/* iconcache: the ui's SVG icons, rasterised at the pixel size they are drawn.
 *
 * Every file named in UI_ICON_FILES is read from <data_dir>/assets/icons/ into memory
 * once, and parsed and rasterised once there, so a missing or broken file stops the
 * program at start with the file's name instead of leaving a hole in a screen. An icon
 * command is drawn from a texture that SDL_image's SVG loader (nanosvg) rasterised at
 * exactly the command's size: nothing is scaled, so edges are as crisp on a 7" panel as
 * on a 4K monitor. Textures are kept per (icon, width, height) in a small table that
 * drops the least recently used within a byte budget. The command's colour is applied
 * with colour and alpha modulation, so one white texture serves every tint.
 *
 * Private to app/sdl: the shell owns the IconCache and the renderer it draws with.
 */
#ifndef MINGEL_ICONCACHE_H
#define MINGEL_ICONCACHE_H

#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "ui/ui.h"

typedef struct IconCache IconCache;

typedef struct IconCacheStats {
    uint64_t rasterised; /* textures made since creation (cache misses) */
    uint64_t evicted;    /* textures dropped to stay within the budget */
    size_t entries;      /* textures held now */
    size_t bytes;        /* their pixels, bytes */
    size_t file_bytes;   /* the SVG files held in memory, bytes */
} IconCacheStats;

/* Reads every icon file from <data_dir>/assets/icons/ and checks that each parses and
 * draws something. The renderer is borrowed and must outlive the cache. Returns NULL
 * with a message naming the file in err on failure. */
IconCache *iconcache_new(SDL_Renderer *renderer, const char *data_dir, char *err, size_t errcap);

/* Destroys every texture and frees the files; ic may be NULL. */
void iconcache_free(IconCache *ic);

/* Rasterises icon into a new w x h surface (32-bit with alpha, not premultiplied), the
 * icon scaled to fit and centred. The caller frees it with SDL_FreeSurface. Returns NULL
 * (SDL_GetError tells why) if w or h is not positive or rasterising failed. */
SDL_Surface *iconcache_rasterise(const IconCache *ic, UiIcon icon, int w, int h);

/* Draws icon fitted and centred in rect, its colours multiplied by color, through the
 * renderer's current clip rectangle; rasterises it only if that size is not cached.
 * Returns 0, or -1 if it could not be rasterised or drawn (nothing is drawn). */
int iconcache_draw(IconCache *ic, UiIcon icon, UiRect rect, UiColor color);

/* Drops every texture (after SDL_RENDER_DEVICE_RESET the renderer lost them); the files
 * stay in memory. */
void iconcache_flush(IconCache *ic);

void iconcache_stats(const IconCache *ic, IconCacheStats *out);

#endif
