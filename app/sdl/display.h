/* display: finding a screen the kiosk can be seen on, before the shell opens its window.
 *
 * Left to itself, SDL tries its video drivers in turn and ends at "offscreen", which
 * opens without any screen: with no X server, no Wayland compositor and no DRM device the
 * kiosk would run where nobody can see it. display_find tries the drivers a person can
 * see (X11, Wayland, KMSDRM, or the one SDL_VIDEODRIVER names) and says which failed and
 * why, so that `mingel run` can say so and exit (EX_UNAVAILABLE), or wait and try again
 * under systemd, where the DRM device may appear only later in the boot.
 */
#ifndef MINGEL_DISPLAY_H
#define MINGEL_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

/* Tries to start SDL's video with each driver in turn: the one SDL_VIDEODRIVER names
 * (tests name "dummy" or "offscreen"; the packaged unit "kmsdrm"), or else X11, Wayland
 * and KMSDRM, in that order. windowed is ShellOptions.windowed (a fullscreen kiosk turns
 * Wayland's client-side decorations off before Wayland starts). On success SDL's video
 * stays started with that driver, for shell_open (call shell_open next; shell_close, or
 * the process's end, shuts it down), and it returns 0. Returns -1 when none opens, with
 * SDL shut down again and err (capacity errcap) listing each driver tried and SDL's
 * error for it: "X11: ...; Wayland: ...; KMSDRM: ...". Takes well under a second when
 * no display is there: each driver fails at once. */
int display_find(bool windowed, char *err, size_t errcap);

/* Chooses how SDL will draw into the window, for the video driver that display_find (or
 * SDL_Init) started; call it before creating the window. software is the kiosk's default
 * (ShellOptions.software): drawing in the program's own memory.
 *  - X11, dummy and offscreen have a framebuffer of their own: with software, the window
 *    surface is that framebuffer, not an OpenGL texture (which on a machine without a
 *    GPU means Mesa llvmpipe: ~60 ms at start and ~97 MB).
 *  - KMSDRM has only OpenGL ES: its EGL context is GLES 2, and both the window surface's
 *    texture and an accelerated renderer are drawn with SDL's "opengles2" renderer. Left
 *    to itself SDL 2.26 takes its desktop "opengl" renderer first, which starts on that
 *    GLES context and then fails in every call (glTexImage2D with GL_BGRA, glEnable
 *    (GL_TEXTURE_2D)): the kiosk ran, took taps and stored check-ins behind a black screen
 *    (seen in the VM on virtio-gpu and bochs-drm, tests/vm).
 *  - Wayland is left to SDL (cage gives a desktop OpenGL context).
 * The choices are SDL hints at normal priority: SDL_RENDER_DRIVER and
 * SDL_FRAMEBUFFER_ACCELERATION in the environment still win. */
void display_choose_renderer(bool software);

#endif
