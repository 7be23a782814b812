/* sdl_input: what people and scanners do to the kiosk's window in the SDL tests, as SDL
 * events stamped with the test's own clock, so that taps, typing speed and the settle
 * time after a screen change are the test's to decide and never the machine's load.
 *
 * The shell reads the clock through ShellOptions.test_clock = test_clock_fn; the test
 * moves test_clock_ms on. Linked only into the SDL tests (tests/test_sdl_*.c), which also
 * open the shell and save its frames through the helpers at the end. */
#ifndef MINGEL_TEST_SDL_INPUT_H
#define MINGEL_TEST_SDL_INPUT_H

#include <stdbool.h>
#include <stdint.h>

#include <SDL.h>

#include "core/flow.h"
#include "core/ids.h"
#include "core/store.h"
#include "sdl/shell.h"
#include "ui/ui.h"

/* The test's clock in ms, in SDL's timestamp domain. Starts at 1,000,000. */
extern int64_t test_clock_ms;

/* When set, events are stamped with SDL_GetTicks() and pushed with SDL_PushEvent: for a
 * test that waits for real time (the shell then reads the real clock too). */
extern bool test_clock_real;

/* ShellOptions.test_clock: returns test_clock_ms. */
int64_t test_clock_fn(void *ctx);

/* Queues e stamped with the clock; fails the test when SDL refuses it. */
void sdl_push(SDL_Event *e);

/* A finger event (SDL_FINGERDOWN, _MOTION, _UP) at pixel (x, y)'s centre of a w x h
 * window, normalised as a touch screen reports it. */
void sdl_finger(Uint32 type, int x, int y, int w, int h);

/* One SDL_TEXTINPUT event with utf8 (cut at SDL's 31 bytes). */
void sdl_text(const char *utf8);

/* A key going down, and up again if released is set. */
void sdl_key(SDL_Keycode key, SDL_Scancode code, bool released);

/* The on-screen keyboard's keys for ascii text (a space is FLOW_ACT_SPACE, anything else
 * FLOW_ACT_CHAR with the character), each handed to tap(ctx, action, arg) in order. */
void sdl_type_keys(const char *ascii, void (*tap)(void *ctx, FlowAction a, int arg), void *ctx);

/* The target for (a, arg) on the screen the shell shows (of flow); fails the test naming the
 * screen when there is none. */
UiTarget sdl_target(Shell *sh, const Flow *flow, FlowAction a, int arg);

/* A finger down on the target's centre and up 80 ms later, in a w x h window; the shell's
 * loop turns once after each. */
void sdl_tap_target(Shell *sh, const Flow *flow, FlowAction a, int arg, int w, int h);

/* ---- The kiosk of the screen tests (test_sdl_screens, test_sdl_qr) ---------------------- */

/* A window size in pixels and a language: one case of a screen test. */
typedef struct SdlCase {
    int w, h;
    Lang lang;
} SdlCase;

/* A kiosk shown for a case: the directory its files go to, and its store (with the meeting
 * event_id), flow and shell, which the test opens and closes. */
typedef struct SdlKiosk {
    const SdlCase *c;
    char dir[1024];
    Store *store;
    Flow *flow;
    Shell *sh;
    char event_id[IDS_UUID_LEN + 1];
    double screen_mm_w, screen_mm_h; /* ShellOptions': 0, the default for the size */
} SdlKiosk;

/* shell_open that fails the test with shell_open's message when the shell does not open. */
Shell *sdl_open_shell(const ShellOptions *opt, Flow *flow);

/* Saves the shell's last frame as a PNG at path; fails the test when it cannot. With
 * whole_text set it also fails, naming the text, when any fixed text on the frame was cut
 * off (ui_overflow). */
void sdl_screenshot(Shell *sh, const char *path, bool whole_text);

#endif
