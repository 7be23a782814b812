/* test_sdl_icons: the SVG icons in assets/icons/ and the shell's icon cache.
 *
 * The icons are the project's own SVG files rasterised by SDL_image's nanosvg, which
 * quietly ignores what it does not support: a file that uses a filter, a mask or a CSS
 * class renders as less than it shows in a browser, or as nothing. So every file is
 * rasterised here at the sizes the kiosk meets (48 px on a 7" panel, 400 px beyond 4K)
 * and must cover a fair part of its square with opaque pixels. The five smileys must
 * differ from each other in their dark features (eyes, brows, mouth), not only in colour,
 * since the face carries the meaning for people who do not see the colours. The
 * monochrome icons are white, so the colour the ui gives them is the colour on screen:
 * drawn through the cache with a tint, their opaque pixels must be exactly that tint.
 * Finally, a missing, unparsable or empty icon file makes shell_open fail with a message
 * naming the file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <SDL.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "sdl/iconcache.h"
#include "sdl/shell.h"
#include "ui/ui.h"
#include "support.h"

static bool is_smiley(UiIcon i)
{
    return i >= UI_ICON_SMILEY_1 && i <= UI_ICON_SMILEY_5;
}

/* ---- Fixture: SDL with a software renderer drawing into a surface ------------------- */

typedef struct Canvas {
    SDL_Surface *target; /* ARGB8888, what the renderer draws into */
    SDL_Renderer *renderer;
    IconCache *icons;
} Canvas;

static int canvas_setup(void **state)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(stderr, "SDL_Init: %s\n", SDL_GetError());
        return -1;
    }
    Canvas *c = calloc(1, sizeof *c);
    if (!c) {
        return -1;
    }
    c->target = SDL_CreateRGBSurfaceWithFormat(0, 512, 512, 32, SDL_PIXELFORMAT_ARGB8888);
    c->renderer = c->target ? SDL_CreateSoftwareRenderer(c->target) : NULL;
    if (!c->renderer) {
        fprintf(stderr, "software renderer: %s\n", SDL_GetError());
        return -1;
    }
    char err[512];
    c->icons = iconcache_new(c->renderer, getenv("MINGEL_TEST_ROOT"), err, sizeof err);
    if (!c->icons) {
        fprintf(stderr, "iconcache_new: %s\n", err);
        return -1;
    }
    *state = c;
    return 0;
}

static int canvas_teardown(void **state)
{
    Canvas *c = *state;
    if (c) {
        iconcache_free(c->icons);
        if (c->renderer) {
            SDL_DestroyRenderer(c->renderer);
        }
        SDL_FreeSurface(c->target);
        free(c);
    }
    SDL_Quit();
    return 0;
}

static uint32_t px(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)((const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static int alpha(uint32_t p)
{
    return (int)(p >> 24);
}

/* Pixels of an ARGB8888 surface with full alpha. */
static size_t opaque_pixels(const SDL_Surface *s)
{
    size_t n = 0;
    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x++) {
            n += alpha(px(s, x, y)) == 255;
        }
    }
    return n;
}

/* ---- Tests ---------------------------------------------------------------------------- */

/* Every file rasterises at the smallest and the largest size it meets, covers a fair
 * part of its square, and stays inside it (nothing drawn on the outermost pixels). */
static void test_every_icon_rasterises(void **state)
{
    Canvas *c = *state;
    static const int SIZES[] = {48, 400};
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        for (size_t k = 0; k < sizeof SIZES / sizeof SIZES[0]; k++) {
            int side = SIZES[k];
            SDL_Surface *s = iconcache_rasterise(c->icons, (UiIcon)i, side, side);
            if (!s) {
                fail_msg("%s at %d px: %s", UI_ICON_FILES[i], side, SDL_GetError());
            }
            assert_int_equal(s->w, side);
            assert_int_equal(s->h, side);
            assert_int_equal(s->format->format, SDL_PIXELFORMAT_ARGB8888);
            size_t opaque = opaque_pixels(s);
            size_t area = (size_t)side * (size_t)side;
            /* A smiley is a filled disc (~3/4 of its square); the check mark, the
             * thinnest, covers about an eighth. */
            size_t need = is_smiley((UiIcon)i) ? area * 6 / 10 : area / 16;
            if (opaque < need) {
                SDL_FreeSurface(s);
                fail_msg("%s at %d px: only %zu opaque pixels of %zu", UI_ICON_FILES[i], side,
                         opaque, area);
            }
            size_t edge = 0;
            for (int t = 0; t < side; t++) {
                edge += alpha(px(s, t, 0)) != 0 || alpha(px(s, t, side - 1)) != 0 ||
                        alpha(px(s, 0, t)) != 0 || alpha(px(s, side - 1, t)) != 0;
            }
            SDL_FreeSurface(s);
            if (edge) {
                fail_msg("%s at %d px touches the edge of its square (%zu pixels): it would "
                         "look cut off",
                         UI_ICON_FILES[i], side, edge);
            }
        }
    }
}

/* The monochrome icons are drawn in white: the ui's colour is the colour on screen. */
static void test_monochrome_icons_are_white(void **state)
{
    Canvas *c = *state;
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        if (is_smiley((UiIcon)i)) {
            continue;
        }
        SDL_Surface *s = iconcache_rasterise(c->icons, (UiIcon)i, 96, 96);
        assert_non_null(s);
        size_t other = 0;
        for (int y = 0; y < s->h; y++) {
            for (int x = 0; x < s->w; x++) {
                uint32_t p = px(s, x, y);
                other += alpha(p) > 0 && (p & 0xFFFFFFu) != 0xFFFFFFu;
            }
        }
        SDL_FreeSurface(s);
        if (other) {
            fail_msg("%s has %zu pixels that are not white", UI_ICON_FILES[i], other);
        }
    }
}

/* Dark feature pixels (eyes, brows, mouth: the ink colour) of a smiley as a mask. */
static void feature_mask(const SDL_Surface *s, bool *mask)
{
    for (int y = 0; y < s->h; y++) {
        for (int x = 0; x < s->w; x++) {
            uint32_t p = px(s, x, y);
            int r = (int)(p >> 16 & 0xFF), g = (int)(p >> 8 & 0xFF), b = (int)(p & 0xFF);
            mask[y * s->w + x] = alpha(p) == 255 && r < 70 && g < 70 && b < 80;
        }
    }
}

/* Five faces that differ in colour and, for people who cannot tell the colours apart, in
 * their features. */
static void test_smileys_differ(void **state)
{
    Canvas *c = *state;
    enum { SIDE = 104, AREA = SIDE * SIDE }; /* as on the 7" panel */
    static bool masks[5][AREA];
    SDL_Surface *faces[5];
    for (int i = 0; i < 5; i++) {
        faces[i] = iconcache_rasterise(c->icons, (UiIcon)(UI_ICON_SMILEY_1 + i), SIDE, SIDE);
        assert_non_null(faces[i]);
        feature_mask(faces[i], masks[i]);
    }
    for (int a = 0; a < 5; a++) {
        for (int b = a + 1; b < 5; b++) {
            size_t pixels = 0, features = 0;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    pixels += px(faces[a], x, y) != px(faces[b], x, y);
                    features += masks[a][y * SIDE + x] != masks[b][y * SIDE + x];
                }
            }
            /* The fill differs over most of the face; the features by more than a
             * mouth moved by a pixel or two (a 104 px mouth is about 7 x 70 px). */
            if (pixels < AREA / 2 || features < AREA / 100) {
                fail_msg("smiley-%d and smiley-%d are too alike: %zu pixels and %zu feature "
                         "pixels differ",
                         a + 1, b + 1, pixels, features);
            }
            print_message("smiley-%d / smiley-%d: %zu pixels, %zu feature pixels differ\n", a + 1,
                          b + 1, pixels, features);
        }
    }
    for (int i = 0; i < 5; i++) {
        SDL_FreeSurface(faces[i]);
    }
}

/* Drawn through the cache with a tint, a monochrome icon's opaque pixels take exactly
 * that colour, and it lands centred in its rect. */
static void test_tinted_icon_takes_the_colour(void **state)
{
    Canvas *c = *state;
    static const UiColor TINTS[] = {{11, 110, 99, 255}, {31, 42, 55, 255}, {7, 78, 70, 255}};
    for (int i = UI_ICON_CHECK; i < UI_ICON_COUNT; i++) {
        for (size_t t = 0; t < sizeof TINTS / sizeof TINTS[0]; t++) {
            UiColor tint = TINTS[t];
            SDL_FillRect(c->target, NULL, 0); /* transparent black */
            /* A rect wider than tall: the icon is its height square, centred. */
            UiRect r = {20, 30, 160, 100};
            assert_int_equal(iconcache_draw(c->icons, (UiIcon)i, r, tint), 0);
            SDL_RenderFlush(c->renderer);
            size_t opaque = 0, wrong = 0, outside = 0;
            for (int y = 0; y < c->target->h; y++) {
                for (int x = 0; x < c->target->w; x++) {
                    uint32_t p = px(c->target, x, y);
                    if (alpha(p) == 0) {
                        continue;
                    }
                    outside += x < r.x + 30 || x >= r.x + 130 || y < r.y || y >= r.y + r.h;
                    if (alpha(p) == 255) {
                        opaque++;
                        wrong += (int)(p >> 16 & 0xFF) != tint.r ||
                                 (int)(p >> 8 & 0xFF) != tint.g || (int)(p & 0xFF) != tint.b;
                    }
                }
            }
            if (opaque < 100 || wrong || outside) {
                fail_msg("%s tinted %d,%d,%d: %zu opaque pixels, %zu of another colour, %zu "
                         "outside its square",
                         UI_ICON_FILES[i], tint.r, tint.g, tint.b, opaque, wrong, outside);
            }
        }
    }
}

/* A size is rasterised once; the cache stays within its bounds however many sizes pass. */
static void test_cache_reuses_and_stays_bounded(void **state)
{
    Canvas *c = *state;
    iconcache_flush(c->icons);
    IconCacheStats a, b;
    iconcache_stats(c->icons, &a);
    assert_int_equal(a.entries, 0);
    assert_true(a.file_bytes > 0);
    UiColor white = {255, 255, 255, 255}, teal = {11, 110, 99, 255};
    assert_int_equal(iconcache_draw(c->icons, UI_ICON_SMILEY_3, (UiRect){0, 0, 104, 104}, white),
                     0);
    assert_int_equal(iconcache_draw(c->icons, UI_ICON_SMILEY_3, (UiRect){200, 0, 104, 104}, white),
                     0);
    assert_int_equal(iconcache_draw(c->icons, UI_ICON_CHECK, (UiRect){0, 0, 24, 24}, teal), 0);
    assert_int_equal(iconcache_draw(c->icons, UI_ICON_CHECK, (UiRect){0, 0, 24, 24}, white), 0);
    iconcache_stats(c->icons, &b);
    assert_int_equal(b.rasterised - a.rasterised, 2); /* one per (icon, size), any colour */
    assert_int_equal(b.entries, 2);
    assert_int_equal(b.bytes, (size_t)(104 * 104 + 24 * 24) * 4);

    /* A window resized through every size: memory stays bounded. */
    for (int side = 100; side <= 500; side += 4) {
        assert_int_equal(
            iconcache_draw(c->icons, UI_ICON_SMILEY_5, (UiRect){0, 0, side, side}, white), 0);
    }
    iconcache_stats(c->icons, &b);
    assert_true(b.entries <= 48);
    assert_true(b.bytes <= (size_t)6 << 20);
    assert_true(b.evicted > 0);

    /* Nothing to draw is not an error. */
    assert_int_equal(iconcache_draw(c->icons, UI_ICON_BACK, (UiRect){0, 0, 0, 40}, white), 0);
    assert_null(iconcache_rasterise(c->icons, UI_ICON_BACK, 0, 10));
}

/* ---- Broken data: shell_open names the file ----------------------------------------- */

/* A data directory like the source tree's, with icon `broken` missing (content NULL) or
 * replaced by content. */
static void make_data_dir(const char *dir, UiIcon broken, const char *content)
{
    const char *root = env_or_fail("MINGEL_TEST_ROOT");
    char p[2048], q[2048];
    mkdir(dir, 0755);
    snprintf(p, sizeof p, "%s/fonts", dir);
    snprintf(q, sizeof q, "%s/fonts", root);
    unlink(p);
    if (symlink(q, p) != 0) {
        fail_msg("cannot link %s to %s", p, q);
    }
    snprintf(p, sizeof p, "%s/assets", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/assets/icons", dir);
    mkdir(p, 0755);
    for (int i = 0; i < UI_ICON_COUNT; i++) {
        snprintf(p, sizeof p, "%s/assets/icons/%s", dir, UI_ICON_FILES[i]);
        remove(p);
        if ((UiIcon)i == broken) {
            if (content) {
                write_file(p, content, strlen(content));
            }
            continue;
        }
        snprintf(q, sizeof q, "%s/assets/icons/%s", root, UI_ICON_FILES[i]);
        size_t n = 0;
        void *data = SDL_LoadFile(q, &n);
        if (!data) {
            fail_msg("%s: %s", q, SDL_GetError());
        }
        write_file(p, data, n);
        SDL_free(data);
    }
}

static void test_broken_icon_files_stop_the_start(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        UiIcon icon;
        const char *content; /* NULL: the file is missing */
        const char *says;    /* in the message, besides the file name */
    } CASES[] = {
        {"missing", UI_ICON_SMILEY_4, NULL, ""},
        {"garbage", UI_ICON_LANGUAGE, "GIF89a\x01\x02 this is no svg", "not a complete SVG"},
        {"truncated", UI_ICON_CHECK,
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"48\" height=\"48\" "
         "viewBox=\"0 0 48 48\"><path d=\"M10 25 L19.5 34.5 L3",
         "not a complete SVG"},
        {"empty-drawing", UI_ICON_BACK,
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"48\" height=\"48\" "
         "viewBox=\"0 0 48 48\"><g filter=\"url(#f)\"></g></svg>",
         "draws nothing"},
    };
    const char *tmp = env_or_fail("MINGEL_TEST_TMP");
    char db[1200], err[512];
    snprintf(db, sizeof db, "%s/icons.db", tmp);
    remove(db);
    Store *store = NULL;
    if (store_open(db, ids_os_random, NULL, &store, err, sizeof err) != STORE_OK) {
        fail_msg("store_open: %s", err);
    }
    FlowConfig cfg = flow_default_config();
    Flow *flow = flow_new(store, &cfg, ids_now_ms(), err, sizeof err);
    assert_non_null(flow);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        char dir[1200];
        snprintf(dir, sizeof dir, "%s/data-%s", tmp, CASES[i].name);
        make_data_dir(dir, CASES[i].icon, CASES[i].content);
        ShellOptions opt = {
            .windowed = true, .width = 320, .height = 200, .software = true, .data_dir = dir};
        err[0] = '\0';
        Shell *sh = shell_open(&opt, flow, err, sizeof err);
        if (sh) {
            shell_close(sh);
            fail_msg("%s: shell_open succeeded with a broken %s", CASES[i].name,
                     UI_ICON_FILES[CASES[i].icon]);
        }
        if (!strstr(err, UI_ICON_FILES[CASES[i].icon]) || !strstr(err, CASES[i].says)) {
            fail_msg("%s: the message does not say what is wrong with %s: \"%s\"", CASES[i].name,
                     UI_ICON_FILES[CASES[i].icon], err);
        }
        print_message("%s: %s\n", CASES[i].name, err);
    }
    flow_free(flow);
    store_close(store);
}

int main(void)
{
    const struct CMUnitTest canvas_tests[] = {
        cmocka_unit_test(test_every_icon_rasterises),
        cmocka_unit_test(test_monochrome_icons_are_white),
        cmocka_unit_test(test_smileys_differ),
        cmocka_unit_test(test_tinted_icon_takes_the_colour),
        cmocka_unit_test(test_cache_reuses_and_stays_bounded),
    };
    const struct CMUnitTest shell_tests[] = {
        cmocka_unit_test(test_broken_icon_files_stop_the_start),
    };
    int failed = cmocka_run_group_tests_name("icons", canvas_tests, canvas_setup, canvas_teardown);
    failed += cmocka_run_group_tests_name("broken_icons", shell_tests, NULL, NULL);
    return failed;
}
