/* textcache: fonts opened on demand and rendered text kept as textures.
 *
 * Fonts: both font files are opened once and stay open (so a missing font is reported at
 * start, not in the middle of a check-in; a package upgrade writes new files and renames
 * them, which leaves the open ones as they were), and each (size, weight) the ui asks for
 * gets a TTF_Font reading that file, kept in a small table that drops the least recently
 * used. The files are not kept in memory: SDL_ttf reads a font through a callback
 * wherever it lies, so FreeType and HarfBuzz copy the tables they use into every TTF_Font
 * anyway, and a copy of the files adds 1 MB to the peak (mapping them, 0.5 MB: the pages
 * read). SDL_ttf seeks before each of FreeType's small reads; through stdio that was
 * ~6,000 system calls (1.5-2 ms) before the first frame, so a FontFile reads a 64 kB
 * block at a time with pread (~170 calls).
 * Each open TTF_Font holds ~120-200 kB (those tables, FreeType's face, SDL_ttf's glyph
 * cache), and the ui uses some twenty sizes over all screens (fitting a text tries
 * several), so a font not needed for FONT_KEEP_FRAMES frames is closed. A font is needed
 * only to rasterise a string or to measure one not measured before; opening it again
 * costs ~1 ms (FreeType loading its tables and glyphs anew), on a frame that shows new
 * text anyway.
 *
 * Texts: a chained hash table over a fixed pool of entries, both allocated with the
 * cache. A lookup is one hash and a strcmp; a miss rasterises with TTF_RenderUTF8_Blended
 * (anti-aliased), turns the surface into a texture and copies the string (the only
 * allocations). Entries carry the frame they were last drawn in; end_frame drops those
 * not drawn for TEXT_KEEP_FRAMES frames, and an insert beyond the pool or the byte
 * budget first drops the least recently drawn. Frames happen only when something changed
 * (a tap, a keystroke, a tick), so "frames" here counts screen changes, not time.
 *
 * Measuring goes through a small set-associative table of widths for the same reason:
 * shaping a string allocates inside HarfBuzz, and the ui measures every string, every
 * frame. With both tables, an unchanged frame allocates nothing.
 */
#include "sdl/textcache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_ttf.h>

enum {
    FONT_SLOTS = 32,        /* (size, weight) pairs open at once; a screen uses up to ~12, all
                               screens together ~25 */
    FONT_KEEP_FRAMES = 30,  /* close a font not needed for this many frames */
    FONT_BLOCK = 65536,     /* bytes a font file is read in; 16 or 32 kB take 8 times the
                               reads (FreeType goes back and forth between tables) */
    TEXT_SLOTS = 512,       /* textures held at most */
    TEXT_BUCKETS = 1024,    /* hash buckets, a power of two */
    TEXT_KEEP_FRAMES = 120, /* drop a texture not drawn for this many frames */
    FONT_PX_MAX = 1024,     /* larger sizes are clamped: nothing on a screen needs them */
    MEASURE_SETS = 256,     /* measured widths kept: sets of MEASURE_WAYS, a power of two */
    MEASURE_WAYS = 4,       /* a frame measures ~150 strings; 4 ways make a set overflowing
                               within one frame (and so measuring again) very unlikely */
};
/* Texture pixels kept, bytes: a third of the screen's own pixel bytes, at least 1 MiB.
 * Texts scale with the screen: at 1920x1080 the welcome screen's take ~2.2 MB and the
 * search screen's ~1.5 MB (budget 2.8 MB), at 1280x800 about half that (budget 1.4 MB),
 * so going back and forth rasterises nothing, while the peak memory target (30 MB for
 * the whole kiosk) keeps its room on the smaller panels a kiosk usually has. */
#define TEXT_MIN_BYTES ((size_t)1 << 20)

static const char *const font_files[2] = {
    [UI_REGULAR] = "NotoSans-Regular.ttf",
    [UI_BOLD] = "NotoSans-Bold.ttf",
};

typedef struct FontSlot {
    TTF_Font *font; /* NULL: slot free */
    int px;
    UiWeight weight;
    uint64_t used;  /* font_clock at last use */
    uint64_t frame; /* frame of the last use */
} FontSlot;

typedef struct TextEntry {
    char *text; /* owned copy; NULL: entry free */
    size_t len;
    uint32_t hash;
    int px;
    UiWeight weight;
    UiColor color;
    SDL_Texture *tex;
    int w, h;       /* texture size, pixels */
    uint64_t frame; /* frame it was last drawn in */
    int next;       /* next entry in the bucket chain or the free list; -1 ends */
} TextEntry;

/* A measured width. TTF_SizeUTF8 shapes the text with HarfBuzz, which allocates a buffer
 * on every call; the ui measures every string of a frame, every frame. */
typedef struct MeasureEntry {
    char *text; /* owned copy; NULL: free */
    size_t len;
    uint32_t hash;
    int px;
    UiWeight weight;
    int w, h;      /* width, the font's line height: pixels */
    uint64_t used; /* measure_clock at last use */
} MeasureEntry;

struct TextCache {
    SDL_Renderer *renderer;  /* borrowed */
    SDL_RWops *font_file[2]; /* FontFile, shared by every TTF_Font of a weight */
    FontSlot fonts[FONT_SLOTS];
    uint64_t font_clock;
    int last_font; /* slot of the last lookup: most calls repeat it */

    TextEntry entries[TEXT_SLOTS];
    int buckets[TEXT_BUCKETS]; /* first entry of each chain, -1 if empty */
    int free_head;
    size_t count;   /* live entries */
    size_t bytes;   /* their texture pixels */
    uint64_t frame; /* current frame number, from 1 */

    MeasureEntry measures[MEASURE_SETS][MEASURE_WAYS];
    uint64_t measure_clock;

    uint64_t rendered, evicted, failures;
};

static size_t text_budget(const TextCache *tc)
{
    int w = 0, h = 0;
    if (SDL_GetRendererOutputSize(tc->renderer, &w, &h) != 0 || w <= 0 || h <= 0) {
        return (size_t)4 << 20;
    }
    size_t b = (size_t)w * (size_t)h * 4 / 3;
    return b > TEXT_MIN_BYTES ? b : TEXT_MIN_BYTES;
}

static void set_err(char *err, size_t errcap, const char *what, const char *detail)
{
    if (err && errcap > 0) {
        snprintf(err, errcap, "%s: %s", what, detail);
    }
}

/* A font file read through one block buffer: a seek only moves the position, and a read
 * outside the block reads the FONT_BLOCK bytes there with one pread. */
typedef struct FontFile {
    int fd;
    Sint64 size, pos; /* bytes */
    Sint64 block_at;  /* file offset of block; -1: empty */
    size_t block_len; /* bytes valid in block */
    unsigned char block[FONT_BLOCK];
} FontFile;

static FontFile *font_file_of(SDL_RWops *rw)
{
    return rw->hidden.unknown.data1;
}

static Sint64 SDLCALL ff_size(SDL_RWops *rw)
{
    return font_file_of(rw)->size;
}

static Sint64 SDLCALL ff_seek(SDL_RWops *rw, Sint64 offset, int whence)
{
    FontFile *f = font_file_of(rw);
    Sint64 to = whence == RW_SEEK_SET   ? offset
                : whence == RW_SEEK_CUR ? f->pos + offset
                                        : f->size + offset;
    if (to < 0) {
        return SDL_SetError("seek before the start of a font file");
    }
    f->pos = to;
    return to;
}

static size_t SDLCALL ff_read(SDL_RWops *rw, void *ptr, size_t size, size_t maxnum)
{
    FontFile *f = font_file_of(rw);
    if (size == 0 || maxnum == 0) {
        return 0;
    }
    if (maxnum > SIZE_MAX / size) {
        maxnum = SIZE_MAX / size;
    }
    size_t want = size * maxnum, got = 0;
    unsigned char *out = ptr;
    while (got < want && f->pos < f->size) {
        if (f->block_at < 0 || f->pos < f->block_at ||
            f->pos >= f->block_at + (Sint64)f->block_len) {
            ssize_t n;
            do {
                n = pread(f->fd, f->block, FONT_BLOCK, (off_t)f->pos);
            } while (n < 0 && errno == EINTR);
            if (n <= 0) {
                SDL_SetError("cannot read a font file: %s", n < 0 ? strerror(errno) : "cut short");
                break;
            }
            f->block_at = f->pos;
            f->block_len = (size_t)n;
        }
        size_t off = (size_t)(f->pos - f->block_at), n = f->block_len - off;
        if (n > want - got) {
            n = want - got;
        }
        memcpy(out + got, f->block + off, n);
        got += n;
        f->pos += (Sint64)n;
    }
    return got / size;
}

static size_t SDLCALL ff_write(SDL_RWops *rw, const void *ptr, size_t size, size_t num)
{
    (void)rw;
    (void)ptr;
    (void)size;
    (void)num;
    SDL_SetError("a font file is read-only");
    return 0;
}

static int SDLCALL ff_close(SDL_RWops *rw)
{
    if (rw) {
        FontFile *f = font_file_of(rw);
        close(f->fd);
        free(f);
        SDL_FreeRW(rw);
    }
    return 0;
}

/* Opens the font file at path for reading through a FontFile. Returns NULL with a message
 * naming the file in err. */
static SDL_RWops *font_file_open(const char *path, char *err, size_t errcap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        set_err(err, errcap, path, strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        return NULL;
    }
    if (st.st_size <= 0) {
        set_err(err, errcap, path, "empty file");
        close(fd);
        return NULL;
    }
    FontFile *f = malloc(sizeof *f);
    SDL_RWops *rw = f ? SDL_AllocRW() : NULL;
    if (!rw) {
        set_err(err, errcap, path, "out of memory");
        free(f);
        close(fd);
        return NULL;
    }
    f->fd = fd;
    f->size = (Sint64)st.st_size;
    f->pos = 0;
    f->block_at = -1;
    f->block_len = 0;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->size = ff_size;
    rw->seek = ff_seek;
    rw->read = ff_read;
    rw->write = ff_write;
    rw->close = ff_close;
    rw->hidden.unknown.data1 = f;
    return rw;
}

TextCache *textcache_new(SDL_Renderer *renderer, const char *data_dir, char *err, size_t errcap)
{
    TextCache *tc = calloc(1, sizeof *tc);
    if (!tc) {
        set_err(err, errcap, "text cache", "out of memory");
        return NULL;
    }
    tc->renderer = renderer;
    tc->last_font = -1;
    tc->frame = 1;
    for (int i = 0; i < TEXT_BUCKETS; i++) {
        tc->buckets[i] = -1;
    }
    for (int i = 0; i < TEXT_SLOTS; i++) {
        tc->entries[i].next = i + 1 < TEXT_SLOTS ? i + 1 : -1;
    }
    tc->free_head = 0;

    for (int wgt = 0; wgt < 2; wgt++) {
        char path[4096];
        int n =
            snprintf(path, sizeof path, "%s/fonts/%s", data_dir ? data_dir : ".", font_files[wgt]);
        if (n < 0 || (size_t)n >= sizeof path) {
            set_err(err, errcap, "font path too long", data_dir);
            goto fail;
        }
        tc->font_file[wgt] = font_file_open(path, err, errcap);
        if (!tc->font_file[wgt]) {
            goto fail;
        }
        /* Open one size now so that a damaged file is reported at start. */
        TTF_Font *probe = TTF_OpenFontRW(tc->font_file[wgt], 0, 16);
        if (!probe) {
            set_err(err, errcap, path, SDL_GetError());
            goto fail;
        }
        TTF_CloseFont(probe);
    }
    return tc;

fail:
    textcache_free(tc);
    return NULL;
}

static void entry_drop(TextCache *tc, int i)
{
    TextEntry *e = &tc->entries[i];
    int *link = &tc->buckets[e->hash & (TEXT_BUCKETS - 1)];
    while (*link != i) {
        SDL_assert(*link >= 0);
        link = &tc->entries[*link].next;
    }
    *link = e->next;
    SDL_DestroyTexture(e->tex);
    free(e->text);
    tc->bytes -= (size_t)e->w * (size_t)e->h * 4;
    tc->count--;
    tc->evicted++;
    memset(e, 0, sizeof *e);
    e->next = tc->free_head;
    tc->free_head = i;
}

void textcache_flush(TextCache *tc)
{
    for (int i = 0; i < TEXT_SLOTS; i++) {
        if (tc->entries[i].text) {
            entry_drop(tc, i);
        }
    }
}

void textcache_free(TextCache *tc)
{
    if (!tc) {
        return;
    }
    textcache_flush(tc);
    for (int i = 0; i < FONT_SLOTS; i++) {
        if (tc->fonts[i].font) {
            TTF_CloseFont(tc->fonts[i].font);
        }
    }
    for (int i = 0; i < MEASURE_SETS; i++) {
        for (int j = 0; j < MEASURE_WAYS; j++) {
            free(tc->measures[i][j].text);
        }
    }
    for (int wgt = 0; wgt < 2; wgt++) {
        if (tc->font_file[wgt]) {
            SDL_RWclose(tc->font_file[wgt]);
        }
    }
    free(tc);
}

/* The font for (px, weight), opened on first use; NULL with SDL's error set on failure. */
static TTF_Font *font_get(TextCache *tc, UiFont f)
{
    int px = f.px < 1 ? 1 : f.px > FONT_PX_MAX ? FONT_PX_MAX : f.px;
    int wgt = f.weight == UI_BOLD ? UI_BOLD : UI_REGULAR;
    tc->font_clock++;
    if (tc->last_font >= 0) {
        FontSlot *s = &tc->fonts[tc->last_font];
        if (s->font && s->px == px && (int)s->weight == wgt) {
            s->used = tc->font_clock;
            s->frame = tc->frame;
            return s->font;
        }
    }
    int victim = 0;
    for (int i = 0; i < FONT_SLOTS; i++) {
        FontSlot *s = &tc->fonts[i];
        if (s->font && s->px == px && (int)s->weight == wgt) {
            s->used = tc->font_clock;
            s->frame = tc->frame;
            tc->last_font = i;
            return s->font;
        }
        /* Prefer a free slot, else the least recently used one. */
        FontSlot *v = &tc->fonts[victim];
        if (v->font && (!s->font || s->used < v->used)) {
            victim = i;
        }
    }
    /* Every font of a weight reads the one file; SDL_ttf seeks before each read, and
     * takes the position at opening as the font's start. */
    SDL_RWops *file = tc->font_file[wgt];
    TTF_Font *font = SDL_RWseek(file, 0, RW_SEEK_SET) == 0 ? TTF_OpenFontRW(file, 0, px) : NULL;
    if (!font) {
        return NULL;
    }
    FontSlot *v = &tc->fonts[victim];
    if (v->font) {
        TTF_CloseFont(v->font);
    }
    *v = (FontSlot){.font = font,
                    .px = px,
                    .weight = (UiWeight)wgt,
                    .used = tc->font_clock,
                    .frame = tc->frame};
    tc->last_font = victim;
    return font;
}

/* FNV-1a over the text and the rest of the key. */
static uint32_t key_hash(const char *text, size_t len, int px, int weight, UiColor c);

int textcache_measure(void *ctx, UiFont font, const char *text, int *w, int *h)
{
    TextCache *tc = ctx;
    *w = *h = 0;
    if (!text || !*text) {
        TTF_Font *f = font_get(tc, font);
        if (!f) {
            tc->failures++;
            return -1;
        }
        *h = TTF_FontHeight(f);
        return 0;
    }
    /* A string measured before needs no font: the ui measures every string every frame,
     * and the fonts of what is drawn from cached textures can stay closed. */
    size_t len = strlen(text);
    uint32_t hash = key_hash(text, len, font.px, (int)font.weight, (UiColor){0, 0, 0, 0});
    MeasureEntry *set = tc->measures[hash & (MEASURE_SETS - 1)];
    MeasureEntry *victim = &set[0];
    for (int i = 0; i < MEASURE_WAYS; i++) {
        MeasureEntry *e = &set[i];
        if (e->text && e->hash == hash && e->len == len && e->px == font.px &&
            e->weight == font.weight && memcmp(e->text, text, len) == 0) {
            e->used = ++tc->measure_clock;
            *w = e->w;
            *h = e->h;
            return 0;
        }
        if (victim->text && (!e->text || e->used < victim->used)) {
            victim = e;
        }
    }
    TTF_Font *f = font_get(tc, font);
    int tw = 0;
    if (!f || TTF_SizeUTF8(f, text, &tw, NULL) != 0) {
        tc->failures++;
        return -1;
    }
    *w = tw;
    *h = TTF_FontHeight(f);
    char *copy = malloc(len + 1);
    if (copy) { /* else measured, just not remembered */
        memcpy(copy, text, len + 1);
        free(victim->text);
        *victim = (MeasureEntry){.text = copy,
                                 .len = len,
                                 .hash = hash,
                                 .px = font.px,
                                 .weight = font.weight,
                                 .w = tw,
                                 .h = *h,
                                 .used = ++tc->measure_clock};
    }
    return 0;
}

/* FNV-1a over the text and the rest of the key. */
static uint32_t key_hash(const char *text, size_t len, int px, int weight, UiColor c)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (uint8_t)text[i]) * 16777619u;
    }
    const uint32_t more[3] = {(uint32_t)px, (uint32_t)weight,
                              (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a};
    for (int i = 0; i < 3; i++) {
        for (int s = 0; s < 32; s += 8) {
            h = (h ^ ((more[i] >> s) & 0xff)) * 16777619u;
        }
    }
    return h;
}

static bool color_eq(UiColor a, UiColor b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* The least recently drawn entry, skipping those drawn in this frame unless any_frame. */
static int entry_oldest(const TextCache *tc, bool any_frame)
{
    int best = -1;
    for (int i = 0; i < TEXT_SLOTS; i++) {
        const TextEntry *e = &tc->entries[i];
        if (!e->text || (!any_frame && e->frame == tc->frame)) {
            continue;
        }
        if (best < 0 || e->frame < tc->entries[best].frame) {
            best = i;
        }
    }
    return best;
}

/* Rasterises a string into a new entry; -1 on failure. */
static int entry_make(TextCache *tc, UiFont font, UiColor color, const char *text, size_t len,
                      uint32_t hash)
{
    TTF_Font *f = font_get(tc, font);
    if (!f) {
        return -1;
    }
    /* Rendered opaque; a translucent colour becomes the texture's alpha modulation, which
     * every SDL_ttf version honours the same way. */
    SDL_Color fg = {color.r, color.g, color.b, 255};
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, text, fg);
    if (!surf) {
        return -1;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(tc->renderer, surf);
    int w = surf->w, h = surf->h;
    SDL_FreeSurface(surf);
    if (!tex) {
        return -1;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    if (color.a != 255) {
        SDL_SetTextureAlphaMod(tex, color.a);
    }
    char *copy = malloc(len + 1);
    if (!copy) {
        SDL_DestroyTexture(tex);
        SDL_SetError("out of memory");
        return -1;
    }
    memcpy(copy, text, len + 1);

    /* Make room: first within the pool, then within the byte budget. Entries drawn in
     * this frame stay unless the pool itself is exhausted (they are still to be shown;
     * SDL flushes queued draws before destroying a texture, so even that is safe). */
    size_t need = (size_t)w * (size_t)h * 4;
    while (tc->free_head < 0) {
        int old = entry_oldest(tc, false);
        entry_drop(tc, old >= 0 ? old : entry_oldest(tc, true));
    }
    size_t budget = text_budget(tc);
    while (tc->count > 0 && tc->bytes + need > budget) {
        int old = entry_oldest(tc, false);
        if (old < 0) {
            break; /* over budget for one frame; end_frame brings it back */
        }
        entry_drop(tc, old);
    }

    int i = tc->free_head;
    TextEntry *e = &tc->entries[i];
    tc->free_head = e->next;
    *e = (TextEntry){.text = copy,
                     .len = len,
                     .hash = hash,
                     .px = font.px,
                     .weight = font.weight,
                     .color = color,
                     .tex = tex,
                     .w = w,
                     .h = h,
                     .frame = tc->frame};
    int *bucket = &tc->buckets[hash & (TEXT_BUCKETS - 1)];
    e->next = *bucket;
    *bucket = i;
    tc->count++;
    tc->bytes += need;
    tc->rendered++;
    return i;
}

/* The entry for the text, rasterised if not cached, marked as used in this frame; -1 if
 * it could not be rasterised. */
static int entry_get(TextCache *tc, UiFont font, UiColor color, const char *text)
{
    size_t len = strlen(text);
    uint32_t hash = key_hash(text, len, font.px, (int)font.weight, color);
    int i = tc->buckets[hash & (TEXT_BUCKETS - 1)];
    while (i >= 0) {
        const TextEntry *e = &tc->entries[i];
        if (e->hash == hash && e->len == len && e->px == font.px && e->weight == font.weight &&
            color_eq(e->color, color) && memcmp(e->text, text, len) == 0) {
            break;
        }
        i = e->next;
    }
    if (i < 0) {
        i = entry_make(tc, font, color, text, len, hash);
        if (i < 0) {
            tc->failures++;
            return -1;
        }
    }
    tc->entries[i].frame = tc->frame;
    return i;
}

int textcache_size(TextCache *tc, UiFont font, UiColor color, const char *text, int *w, int *h)
{
    *w = *h = 0;
    if (!text || !*text) {
        return 0;
    }
    int i = entry_get(tc, font, color, text);
    if (i < 0) {
        return -1;
    }
    *w = tc->entries[i].w;
    *h = tc->entries[i].h;
    return 0;
}

int textcache_draw(TextCache *tc, UiFont font, UiColor color, const char *text, int x, int y)
{
    if (!text || !*text) {
        return 0;
    }
    int i = entry_get(tc, font, color, text);
    if (i < 0) {
        return -1;
    }
    const TextEntry *e = &tc->entries[i];
    SDL_Rect dst = {x, y, e->w, e->h};
    return SDL_RenderCopy(tc->renderer, e->tex, NULL, &dst) == 0 ? 0 : -1;
}

void textcache_end_frame(TextCache *tc)
{
    for (int i = 0; i < FONT_SLOTS; i++) {
        FontSlot *s = &tc->fonts[i];
        if (s->font && s->frame + FONT_KEEP_FRAMES < tc->frame) {
            TTF_CloseFont(s->font);
            s->font = NULL;
            if (tc->last_font == i) {
                tc->last_font = -1;
            }
        }
    }
    for (int i = 0; i < TEXT_SLOTS; i++) {
        const TextEntry *e = &tc->entries[i];
        if (e->text && e->frame + TEXT_KEEP_FRAMES < tc->frame) {
            entry_drop(tc, i);
        }
    }
    /* What this frame drew stays even over budget: dropping it would rasterise the same
     * screen again on every frame. */
    size_t budget = text_budget(tc);
    while (tc->bytes > budget) {
        int old = entry_oldest(tc, false);
        if (old < 0) {
            break;
        }
        entry_drop(tc, old);
    }
    tc->frame++;
}

void textcache_stats(const TextCache *tc, TextCacheStats *out)
{
    memset(out, 0, sizeof *out);
    out->rendered = tc->rendered;
    out->evicted = tc->evicted;
    out->entries = tc->count;
    out->bytes = tc->bytes;
    out->failures = tc->failures;
    for (int i = 0; i < FONT_SLOTS; i++) {
        out->fonts_open += tc->fonts[i].font != NULL;
    }
}
