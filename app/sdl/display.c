/* display: see display.h. */
#include "sdl/display.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The drivers a person can see, as SDL names them and as a message names them. */
static const struct {
    const char *driver;
    const char *name;
} VISIBLE[] = {{"x11", "X11"}, {"wayland", "Wayland"}, {"KMSDRM", "KMSDRM"}};

/* Starts video with driver (left up on success); on failure appends "name: SDL's error"
 * to err. */
static bool try_driver(const char *driver, const char *name, char *err, size_t errcap)
{
    SDL_SetHint(SDL_HINT_VIDEODRIVER, driver);
    SDL_ClearError(); /* what is reported is this try's error, not an older one */
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) == 0) {
        return true;
    }
    size_t n = strlen(err);
    if (n < errcap) {
        snprintf(err + n, errcap - n, "%s%s: %s", n ? "; " : "", name,
                 SDL_GetError()[0] ? SDL_GetError() : "not available");
    }
    return false;
}

int display_find(bool windowed, char *err, size_t errcap)
{
    char buf[1024] = "";
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    bool found = false;
    /* Read when Wayland starts, so set before the first try (see shell_open). */
    if (!windowed) {
        SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    }
    if (asked && asked[0]) {
        found = try_driver(asked, asked, buf, sizeof buf);
    } else {
        for (size_t i = 0; !found && i < sizeof VISIBLE / sizeof VISIBLE[0]; i++) {
            found = try_driver(VISIBLE[i].driver, VISIBLE[i].name, buf, sizeof buf);
        }
    }
    /* Video stays up for shell_open (its SDL_Init only counts it again): with SDL 2.26's
     * X11 driver, a second start after SDL_Quit fails now and then ("x11 not available"). */
    if (found) {
        return 0;
    }
    SDL_Quit();
    if (err && errcap > 0) {
        snprintf(err, errcap, "%s", buf);
    }
    return -1;
}

void display_choose_renderer(bool software)
{
    const char *driver = SDL_GetCurrentVideoDriver();
    if (!driver) {
        return;
    }
    if (SDL_strcasecmp(driver, "KMSDRM") == 0) {
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "opengles2");
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "opengles2");
        return;
    }
    static const char *const own_framebuffer[] = {"x11", "dummy", "offscreen"};
    for (size_t i = 0; software && i < sizeof own_framebuffer / sizeof own_framebuffer[0]; i++) {
        if (strcmp(driver, own_framebuffer[i]) == 0) {
            SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        }
    }
}
