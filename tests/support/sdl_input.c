#include "sdl_input.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

int64_t test_clock_ms = 1000000;
bool test_clock_real;

int64_t test_clock_fn(void *ctx)
{
    (void)ctx;
    return test_clock_ms;
}

void sdl_push(SDL_Event *e)
{
    if (test_clock_real) {
        e->common.timestamp = SDL_GetTicks();
        if (SDL_PushEvent(e) != 1) {
            fail_msg("SDL_PushEvent: %s", SDL_GetError());
        }
        return;
    }
    /* SDL_PushEvent would stamp it with SDL's own clock. */
    e->common.timestamp = (Uint32)test_clock_ms;
    if (SDL_PeepEvents(e, 1, SDL_ADDEVENT, 0, 0) != 1) {
        fail_msg("SDL_PeepEvents: %s", SDL_GetError());
    }
}

void sdl_finger(Uint32 type, int x, int y, int w, int h)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.tfinger.touchId = 1;
    e.tfinger.fingerId = 7;
    e.tfinger.x = ((float)x + 0.5f) / (float)w;
    e.tfinger.y = ((float)y + 0.5f) / (float)h;
    e.tfinger.pressure = 1.0f;
    sdl_push(&e);
}

void sdl_text(const char *utf8)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_TEXTINPUT;
    snprintf(e.text.text, sizeof e.text.text, "%s", utf8);
    sdl_push(&e);
}

void sdl_key(SDL_Keycode key, SDL_Scancode code, bool released)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = key;
    e.key.keysym.scancode = code;
    sdl_push(&e);
    if (released) {
        e.type = SDL_KEYUP;
        e.key.state = SDL_RELEASED;
        sdl_push(&e);
    }
}

UiTarget sdl_target(Shell *sh, const Flow *flow, FlowAction a, int arg)
{
    UiTarget t;
    if (!ui_find(shell_ui(sh), a, arg, &t)) {
        fail_msg("no target %s %d on screen %d", flow_action_name(a), arg,
                 (int)flow_view(flow)->screen);
    }
    return t;
}

void sdl_tap_target(Shell *sh, const Flow *flow, FlowAction a, int arg, int w, int h)
{
    UiTarget t = sdl_target(sh, flow, a, arg);
    int x = t.rect.x + t.rect.w / 2, y = t.rect.y + t.rect.h / 2;
    sdl_finger(SDL_FINGERDOWN, x, y, w, h);
    assert_true(shell_step(sh, 0));
    test_clock_ms += 80;
    sdl_finger(SDL_FINGERUP, x, y, w, h);
    assert_true(shell_step(sh, 0));
}

Shell *sdl_open_shell(const ShellOptions *opt, Flow *flow)
{
    char err[512];
    Shell *sh = shell_open(opt, flow, err, sizeof err);
    if (!sh) {
        fail_msg("shell_open: %s", err);
    }
    return sh;
}

void sdl_screenshot(Shell *sh, const char *path, bool whole_text)
{
    char err[512];
    if (shell_screenshot(sh, path, err, sizeof err) != 0) {
        fail_msg("shell_screenshot: %s", err);
    }
    const char *first = NULL;
    if (whole_text && ui_overflow(shell_ui(sh), &first)) {
        fail_msg("%s: text cut off: \"%s\"", path, first);
    }
}

void sdl_type_keys(const char *ascii, void (*tap)(void *ctx, FlowAction a, int arg), void *ctx)
{
    for (const char *c = ascii; *c; c++) {
        if (*c == ' ') {
            tap(ctx, FLOW_ACT_SPACE, 0);
        } else {
            tap(ctx, FLOW_ACT_CHAR, (unsigned char)*c);
        }
    }
}
