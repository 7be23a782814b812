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

#endif
