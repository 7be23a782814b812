/* ui_check: what the ui tests share (contract in ui_check.h). */
#include "ui_check.h"

#include <string.h>

#include "core/text.h"

int fake_measure(void *ctx, UiFont font, const char *text, int *w, int *h)
{
    (void)ctx;
    double em = font.weight == UI_BOLD ? 0.65 : 0.6;
    *w = (int)(text_length(text) * font.px * em + 0.5);
    *h = (int)(font.px * 1.36 + 0.5);
    return 0;
}

static bool shows(const Ui *ui, const char *s, bool exactly)
{
    size_t n;
    const UiCmd *c = ui_commands(ui, &n);
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind != UI_CMD_TEXT || !c[i].text) {
            continue;
        }
        if (exactly ? strcmp(c[i].text, s) == 0 : strstr(c[i].text, s) != NULL) {
            return true;
        }
    }
    return false;
}

bool shows_text(const Ui *ui, const char *part)
{
    return shows(ui, part, false);
}

bool shows_text_exactly(const Ui *ui, const char *text)
{
    return shows(ui, text, true);
}
