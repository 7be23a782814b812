/* ui_check: what the tests of the ui's command list share (test_ui, test_badge_jobs and
 * the SDL tests): a text measure that needs no font, and questions about what a frame
 * shows. Linked into every test that links the ui (tests/CMakeLists.txt). */
#ifndef MINGEL_TEST_UI_CHECK_H
#define MINGEL_TEST_UI_CHECK_H

#include <stdbool.h>

#include "ui/ui.h"

/* A UiMeasureFn for tests: 0.6 em a code point (bold 0.65), 1.36 em high, close to Noto
 * Sans on average; ctx is unused. Always 0. */
int fake_measure(void *ctx, UiFont font, const char *text, int *w, int *h);

/* Whether the last frame has a text command holding part anywhere (shows_text) or being
 * exactly text (shows_text_exactly). */
bool shows_text(const Ui *ui, const char *part);
bool shows_text_exactly(const Ui *ui, const char *text);

#endif
