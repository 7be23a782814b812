/* fuzz_event: the organiser's event file, event_parse, on any bytes.
 *
 * A file either parses or is refused with one line naming the file (and the line). What
 * parses must be an event the store accepts and the kiosk can show: every text field
 * NUL-terminated in its array, valid UTF-8 without control characters; a title, a real
 * YYYY-MM-DD date, HH:MM or no start time, sv or en; a key of a-z, 0-9, '-', '_', '.';
 * phases, question count, scales and the numbers within their documented ranges; every
 * question with both texts, nothing left in the unused question slots; feedback phases
 * only with a question; and a feedback link template that link_check_template accepts
 * for the event's key (event_parse runs that check, so this target exercises it too). A
 * refusal's message in a short buffer is a prefix of the full one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/link.h"
#include "core/text.h"
#include "fuzz.h"

#define NAME "event.ini"

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

static bool all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0) {
            return false;
        }
    }
    return true;
}

static bool blank(const char *s)
{
    for (; *s; s++) {
        if (*s != ' ') {
            return false;
        }
    }
    return true;
}

#define TEXT_OK(field) fuzz_text_ok((field), sizeof(field))

static void check_event(const EventInfo *ev)
{
    FUZZ_CHECK(TEXT_OK(ev->key) && ev->key[0] != '\0');
    for (const char *c = ev->key; *c; c++) {
        FUZZ_CHECK((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' ||
                   *c == '.');
    }
    FUZZ_CHECK(TEXT_OK(ev->title) && !blank(ev->title));
    FUZZ_CHECK(TEXT_OK(ev->date) && strlen(ev->date) == 10 && digits(ev->date, 4) &&
               ev->date[4] == '-' && digits(ev->date + 5, 2) && ev->date[7] == '-' &&
               digits(ev->date + 8, 2));
    FUZZ_CHECK(TEXT_OK(ev->start_time));
    FUZZ_CHECK(ev->start_time[0] == '\0' ||
               (strlen(ev->start_time) == 5 && digits(ev->start_time, 2) &&
                ev->start_time[2] == ':' && digits(ev->start_time + 3, 2)));
    FUZZ_CHECK(TEXT_OK(ev->venue) && TEXT_OK(ev->theme) && TEXT_OK(ev->organiser));
    FUZZ_CHECK(strcmp(ev->language, EVENT_LANG_SV) == 0 ||
               strcmp(ev->language, EVENT_LANG_EN) == 0);
    FUZZ_CHECK(TEXT_OK(ev->next_meeting));

    FUZZ_CHECK(ev->phases >= EVENT_PHASE_CHECKIN && ev->phases <= EVENT_PHASE_BOTH);
    FUZZ_CHECK(ev->question_count >= 0 && ev->question_count <= EVENT_MAX_QUESTIONS);
    FUZZ_CHECK(!(ev->phases & EVENT_PHASE_FEEDBACK) || ev->question_count > 0);
    for (int i = 0; i < EVENT_MAX_QUESTIONS; i++) {
        const EventQuestion *q = &ev->questions[i];
        if (i >= ev->question_count) {
            FUZZ_CHECK(all_zero(q, sizeof *q));
            continue;
        }
        for (int l = 0; l < LANG_COUNT; l++) {
            FUZZ_CHECK(TEXT_OK(q->text[l]) && q->text[l][0] != '\0' && !blank(q->text[l]));
        }
        FUZZ_CHECK(q->scale == EVENT_SCALE_SMILEYS || q->scale == EVENT_SCALE_NPS);
    }
    for (int l = 0; l < LANG_COUNT; l++) {
        FUZZ_CHECK(TEXT_OK(ev->reflection_prompt[l]));
    }
    FUZZ_CHECK(ev->reflection_max >= 1 && ev->reflection_max <= EVENT_REFLECTION_HARD_MAX);
    FUZZ_CHECK(ev->thanks_seconds >= 5 && ev->thanks_seconds <= 120);
    FUZZ_CHECK(ev->repeat_seconds >= 0 && ev->repeat_seconds <= 60);
    FUZZ_CHECK(TEXT_OK(ev->feedback_url));
    if (ev->feedback_url[0]) {
        char why[256];
        FUZZ_CHECK(link_check_template(ev->feedback_url, ev->key, why, sizeof why) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *ini = malloc(size ? size : 1); /* exact size: must not be read past */
    FUZZ_CHECK(ini != NULL);
    if (size > 0) {
        memcpy(ini, data, size);
    }

    EventInfo *ev = malloc(sizeof *ev);
    FUZZ_CHECK(ev != NULL);
    memset(ev, 0x55, sizeof *ev); /* event_parse must set everything itself */
    char err[1024];
    memset(err, 0x55, sizeof err);
    int rc = event_parse(NAME, ini, size, ev, err, sizeof err);
    if (rc == 0) {
        check_event(ev);
    } else {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err, NAME));

        char small[48];
        size_t cap = 1 + size % sizeof small;
        FUZZ_CHECK(event_parse(NAME, ini, size, ev, small, cap) == -1);
        FUZZ_CHECK(memchr(small, '\0', cap) != NULL);
        FUZZ_CHECK(text_valid_utf8(small, strlen(small)));
        FUZZ_CHECK(fuzz_is_prefix(small, err));
    }
    free(ev);
    free(ini);
    return 0;
}
