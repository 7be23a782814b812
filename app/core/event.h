/* event: the organiser's event file (INI, parsed with libinih) describing one meeting.
 *
 *   [event]
 *   id           = drift-2026-11          ; optional, stable key; default: date + title
 *   title        = Driftchefsnätverket – höstträff      (required)
 *   date         = 2026-11-26                            (required, YYYY-MM-DD)
 *   start        = 09:00                                 (HH:MM)
 *   venue        = Kommunhuset, sal B
 *   theme        = Kompetensförsörjning
 *   organiser    = Kommunförbundet            (also: organizer, arrangör)
 *   language     = sv                         (sv or en; the kiosk's default language)
 *   next_meeting = Nästa träff: 4 mars 2027 i Västerås
 *   phases       = checkin                 (checkin, feedback or both: what the welcome
 *                                           screen offers; default checkin)
 *   feedback_url = https://forms.example.org/f?event={event}&t={token}&lang={lang}
 *   thanks_seconds = 20                    (thank-you screen time, 5..120)
 *   repeat_seconds = 5                     (repeated-press window, 0..60)
 *   retention_days = 90                    (names and check-ins are purged this many days
 *                                           after the date, 1..3650)
 *
 *   [question.1]                           (1 to 5 sections, numbered from 1, in order)
 *   sv    = Hur nöjd är du med dagen som helhet?       (required)
 *   en    = How satisfied are you with the day overall? (required)
 *   scale = smileys                        (smileys: 1..5, default; nps: 0..10)
 *
 *   [reflection]                           (optional)
 *   sv         = Det viktigaste jag tar med mig från dagen är …
 *   en         = The most important thing I take with me today is …
 *   max_length = 140                       (characters, 1..280)
 *
 * Unknown sections or keys, keys given twice, invalid UTF-8, control characters and
 * values that are too long are errors naming the file and line, so a typo never passes
 * silently. The struct holds its own text: no allocation, nothing to free.
 */
#ifndef MINGEL_EVENT_H
#define MINGEL_EVENT_H

#include <stddef.h>

#include "core/i18n.h"
#include "core/link.h"

#define EVENT_KEY_MAX  64  /* bytes, including the NUL */
#define EVENT_TEXT_MAX 256 /* bytes, including the NUL, for title, venue, ... */
#define EVENT_LANG_SV  "sv"
#define EVENT_LANG_EN  "en"

#define EVENT_MAX_QUESTIONS          5
#define EVENT_REFLECTION_DEFAULT_MAX 140 /* characters */
#define EVENT_REFLECTION_HARD_MAX    280 /* characters */

typedef enum EventPhases {
    EVENT_PHASE_CHECKIN = 1,
    EVENT_PHASE_FEEDBACK = 2,
    EVENT_PHASE_BOTH = 3,
} EventPhases;

typedef enum EventScale {
    EVENT_SCALE_SMILEYS = 0, /* five smileys, values 1..5 */
    EVENT_SCALE_NPS = 1,     /* 0..10, "would you recommend ...?" */
} EventScale;

typedef struct EventQuestion {
    char text[LANG_COUNT][EVENT_TEXT_MAX]; /* indexed by Lang */
    EventScale scale;
} EventQuestion;

typedef struct EventInfo {
    char key[EVENT_KEY_MAX]; /* stable identity across re-imports */
    char title[EVENT_TEXT_MAX];
    char date[11];      /* YYYY-MM-DD */
    char start_time[6]; /* HH:MM, or "" */
    char venue[EVENT_TEXT_MAX];
    char theme[EVENT_TEXT_MAX];
    char organiser[EVENT_TEXT_MAX];
    char language[3]; /* "sv" or "en" */
    char next_meeting[EVENT_TEXT_MAX];

    /* Feedback (all optional unless phases include feedback, which needs a question). */
    int phases; /* EventPhases; default EVENT_PHASE_CHECKIN */
    EventQuestion questions[EVENT_MAX_QUESTIONS];
    int question_count;                                 /* 0..EVENT_MAX_QUESTIONS */
    char reflection_prompt[LANG_COUNT][EVENT_TEXT_MAX]; /* "" = the built-in default */
    int reflection_max; /* characters, default EVENT_REFLECTION_DEFAULT_MAX */
    char
        feedback_url[LINK_URL_MAX]; /* link template, checked with link_check_template; "" = none */
    int thanks_seconds;             /* default 20 */
    int repeat_seconds;             /* default 5 */
    int retention_days;             /* personal data kept this long after the date; default 90 */
} EventInfo;

/* Sets *ev to an empty event with the documented defaults: check-in phase, reflection
 * limit 140, thank-you screen 20 s, repeated-press window 5 s. Code that builds an event
 * without a file (the demo, tests) starts here, so a zero never means "off" by accident. */
void event_defaults(EventInfo *ev);

/* Parses the event file at path into *out. Returns 0 on success. On failure returns -1
 * and writes a one-line message "PATH:LINE: what is wrong" (or "PATH: ..." when the
 * file cannot be read) into err (capacity errcap); *out is then unspecified. */
int event_load(const char *path, EventInfo *out, char *err, size_t errcap);

/* Same for an event file already in memory; name is used in messages. */
int event_parse(const char *name, const char *data, size_t len, EventInfo *out, char *err,
                size_t errcap);

#endif
