/* iconcache: SVG files kept in memory, textures rasterised per size.
 *
 * The files are a few hundred bytes each, so all of them are read at start and kept: a
 * texture for a new size (a window resized, another screen) is rasterised from memory,
 * and no file is opened while the kiosk runs. IMG_LoadSizedSVG_RW parses the SVG each
 * time (nanosvg: paths, basic shapes, fills and strokes) and scales it to fit the size
 * asked for, anchored at the top-left; icons are drawn into squares, so a texture is
 * always side x side with side = the shorter side of the command's rect, centred in it.
 *
 * A screen uses up to nine icons (five smileys, back, language, backspace, check) at one
 * size each; the table holds every size of a few screens. The budget is set by the
 * largest case: at 4K the five smileys are 468 px square, 4.4 MB together, and they must
 * all stay or every frame of the question screen would rasterise one again. Icons are
 * drawn with colour modulation (the software renderer's modulated blit is slower than a
 * plain one, but icons are small; the smileys are drawn untinted, which takes the plain
 * path).
 */
#include "sdl/iconcache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

enum {
    ICON_SLOTS = 48,     /* textures held at most */
    ICON_PX_MAX = 1024,  /* larger icons are rasterised at this size and scaled up */
    ICON_CHECK_PX = 32,  /* size rasterised at start to check each file */
    ICON_MIN_VISIBLE = 8 /* pixels a file must cover at that size to count as drawn */
};
#define ICON_MAX_BYTES ((size_t)6 << 20) /* texture pixels kept, bytes */

typedef struct IconEntry {
    SDL_Texture *tex; /* NULL: slot free */
    UiIcon icon;
    int w, h;      /* texture size, pixels */
    uint64_t used; /* clock at last use */
} IconEntry;

struct IconCache {
    SDL_Renderer *renderer;          /* borrowed */
    void *file[UI_ICON_COUNT];       /* whole SVG files */
    size_t file_size[UI_ICON_COUNT]; /* bytes */
    IconEntry entries[ICON_SLOTS];
    size_t bytes; /* pixels of the textures held */
    uint64_t clock;
    uint64_t rasterised, evicted;
};

static size_t entry_bytes(int w, int h)
{
    return (size_t)w * (size_t)h * 4;
}

/* Pixels of an ARGB8888 surface that are not fully transparent. */
static size_t visible_pixels(SDL_Surface *s)
{
    size_t n = 0;
    SDL_LockSurface(s);
    for (int y = 0; y < s->h; y++) {
        const uint32_t *row =
            (const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++) {
            n += (row[x] >> 24) != 0;
        }
    }
    SDL_UnlockSurface(s);
    return n;
}

/* Reads the whole file into a new buffer (*data, *size); returns 0, or -1 with a message
 * naming the file and the reason in err. */
static int read_file(const char *path, void **data, size_t *size, char *err, size_t errcap)
{
    *data = NULL;
    FILE *f = fopen(path, "rb");
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        n = ftell(f);
    }
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "%s: %s", path, strerror(errno));
        }
        if (f) {
            fclose(f);
        }
        return -1;
    }
    *data = malloc((size_t)n + 1);
    if (!*data || fread(*data, 1, (size_t)n, f) != (size_t)n) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "%s: %s", path, *data ? "cannot read it" : "out of memory");
        }
        free(*data);
        *data = NULL;
        fclose(f);
        return -1;
    }
    fclose(f);
    ((char *)*data)[n] = '\0';
    *size = (size_t)n;
    return 0;
}

/* True if the text has an <svg> element with a viewBox and its end tag: the least a
 * whole icon file has. Checked before SDL_image sees it, because a file that nanosvg
 * cannot size (no svg element, cut off before its attributes) makes IMG_LoadSizedSVG_RW
 * fail without freeing what it parsed; and it says more than "couldn't parse". */
static bool svg_complete(const char *text)
{
    const char *open = strstr(text, "<svg");
    return open && strstr(open, "viewBox") && strstr(open, "</svg>");
}

IconCache *iconcache_new(SDL_Renderer *renderer, const char *data_dir, char *err, size_t errcap)
{
    IconCache *ic = calloc(1, sizeof *ic);
    if (!ic) {
        if (err && errcap > 0) {
            snprintf(err, errcap, "icons: out of memory");
        }
        return NULL;
    }
    ic->renderer = renderer;
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        char path[4096];
        int n = snprintf(path, sizeof path, "%s/assets/icons/%s", data_dir ? data_dir : ".",
                         UI_ICON_FILES[i]);
        if (n < 0 || (size_t)n >= sizeof path) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "icon path too long: %s", data_dir);
            }
            goto fail;
        }
        if (read_file(path, &ic->file[i], &ic->file_size[i], err, errcap) != 0) {
            goto fail;
        }
        if (!svg_complete(ic->file[i])) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "%s: not a complete SVG image (<svg viewBox=...> ... </svg>)",
                         path);
            }
            goto fail;
        }
        /* Parse and draw it once now: a broken file is the program's data broken. */
        SDL_Surface *s = iconcache_rasterise(ic, (UiIcon)i, ICON_CHECK_PX, ICON_CHECK_PX);
        if (!s) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "%s: not an SVG image SDL_image can draw (%s)", path,
                         SDL_GetError());
            }
            goto fail;
        }
        size_t visible = visible_pixels(s);
        SDL_FreeSurface(s);
        if (visible < ICON_MIN_VISIBLE) {
            if (err && errcap > 0) {
                snprintf(err, errcap, "%s: the SVG image draws nothing", path);
            }
            goto fail;
        }
    }
    return ic;

fail:
    iconcache_free(ic);
    return NULL;
}

void iconcache_flush(IconCache *ic)
{
    for (int i = 0; i < ICON_SLOTS; i++) {
        if (ic->entries[i].tex) {
            SDL_DestroyTexture(ic->entries[i].tex);
        }
        ic->entries[i] = (IconEntry){0};
    }
    ic->bytes = 0;
}

void iconcache_free(IconCache *ic)
{
    if (!ic) {
        return;
    }
    iconcache_flush(ic);
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        free(ic->file[i]);
    }
    free(ic);
}

SDL_Surface *iconcache_rasterise(const IconCache *ic, UiIcon icon, int w, int h)
{
    if ((unsigned)icon >= UI_ICON_COUNT || !ic->file[icon] || w <= 0 || h <= 0) {
        SDL_SetError("icon %d at %dx%d: nothing to draw", (int)icon, w, h);
        return NULL;
    }
    int side = w < h ? w : h;
    SDL_RWops *rw = SDL_RWFromConstMem(ic->file[icon], (int)ic->file_size[icon]);
    if (!rw) {
        return NULL;
    }
    /* The loader copies the bytes before parsing (nanosvg parses in place), so the file
     * in memory stays intact for the next size. */
    SDL_Surface *raw = IMG_LoadSizedSVG_RW(rw, side, side);
    SDL_RWclose(rw);
    if (!raw) {
        return NULL;
    }
    SDL_Surface *out = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (out) {
        /* A copy, not a blend: the pixels keep their own alpha. */
        SDL_Rect at = {(w - side) / 2, (h - side) / 2, side, side};
        SDL_SetSurfaceBlendMode(raw, SDL_BLENDMODE_NONE);
        SDL_FillRect(out, NULL, 0);
        if (SDL_BlitSurface(raw, NULL, out, &at) != 0) {
            SDL_FreeSurface(out);
            out = NULL;
        }
    }
    SDL_FreeSurface(raw);
    return out;
}

/* The least recently used entry; with any_free, a free slot first. -1 if none. */
static int entry_oldest(const IconCache *ic, bool any_free)
{
    int best = -1;
    for (int i = 0; i < ICON_SLOTS; i++) {
        const IconEntry *e = &ic->entries[i];
        if (!e->tex) {
            if (any_free) {
                return i;
            }
            continue;
        }
        if (best < 0 || e->used < ic->entries[best].used) {
            best = i;
        }
    }
    return best;
}

static void entry_drop(IconCache *ic, int i)
{
    SDL_DestroyTexture(ic->entries[i].tex);
    ic->bytes -= entry_bytes(ic->entries[i].w, ic->entries[i].h);
    ic->entries[i] = (IconEntry){0};
    ic->evicted++;
}

/* The texture of icon at side x side pixels, made on first use; NULL on failure. */
static const IconEntry *entry_get(IconCache *ic, UiIcon icon, int side)
{
    ic->clock++;
    for (int i = 0; i < ICON_SLOTS; i++) {
        IconEntry *e = &ic->entries[i];
        if (e->tex && e->icon == icon && e->w == side && e->h == side) {
            e->used = ic->clock;
            return e;
        }
    }
    SDL_Surface *s = iconcache_rasterise(ic, icon, side, side);
    if (!s) {
        return NULL;
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ic->renderer, s);
    SDL_FreeSurface(s);
    if (!t) {
        return NULL;
    }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    ic->rasterised++;
    /* Over budget, drop the least recently used; SDL flushes queued draws before a
     * texture is destroyed, so even one drawn in this frame may go. */
    while (ic->bytes > 0 && ic->bytes + entry_bytes(side, side) > ICON_MAX_BYTES) {
        entry_drop(ic, entry_oldest(ic, false));
    }
    int slot = entry_oldest(ic, true);
    if (ic->entries[slot].tex) {
        entry_drop(ic, slot);
    }
    ic->entries[slot] =
        (IconEntry){.tex = t, .icon = icon, .w = side, .h = side, .used = ic->clock};
    ic->bytes += entry_bytes(side, side);
    return &ic->entries[slot];
}

int iconcache_draw(IconCache *ic, UiIcon icon, UiRect rect, UiColor color)
{
    SDL_assert((unsigned)icon < UI_ICON_COUNT);
    if ((unsigned)icon >= UI_ICON_COUNT) {
        SDL_SetError("no icon %d", (int)icon);
        return -1;
    }
    int side = rect.w < rect.h ? rect.w : rect.h;
    if (side <= 0 || color.a == 0) {
        return 0;
    }
    const IconEntry *e = entry_get(ic, icon, side > ICON_PX_MAX ? ICON_PX_MAX : side);
    if (!e) {
        return -1;
    }
    int rc = SDL_SetTextureColorMod(e->tex, color.r, color.g, color.b);
    rc |= SDL_SetTextureAlphaMod(e->tex, color.a);
    SDL_Rect dst = {rect.x + (rect.w - side) / 2, rect.y + (rect.h - side) / 2, side, side};
    rc |= SDL_RenderCopy(ic->renderer, e->tex, NULL, &dst);
    return rc ? -1 : 0;
}

void iconcache_stats(const IconCache *ic, IconCacheStats *out)
{
    memset(out, 0, sizeof *out);
    out->rasterised = ic->rasterised;
    out->evicted = ic->evicted;
    out->bytes = ic->bytes;
    for (int i = 0; i < ICON_SLOTS; i++) {
        out->entries += ic->entries[i].tex != NULL;
    }
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        out->file_bytes += ic->file_size[i];
    }
}
