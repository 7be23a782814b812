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
 *
 * Unknown sections or keys, keys given twice, invalid UTF-8, control characters and
 * values that are too long are errors naming the file and line, so a typo never passes
 * silently. The struct holds its own text: no allocation, nothing to free.
 */
#ifndef MINGEL_EVENT_H
#define MINGEL_EVENT_H

#include <stddef.h>

#define EVENT_KEY_MAX  64  /* bytes, including the NUL */
#define EVENT_TEXT_MAX 256 /* bytes, including the NUL, for title, venue, ... */
#define EVENT_LANG_SV  "sv"
#define EVENT_LANG_EN  "en"

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
} EventInfo;

/* Parses the event file at path into *out. Returns 0 on success. On failure returns -1
 * and writes a one-line message "PATH:LINE: what is wrong" (or "PATH: ..." when the
 * file cannot be read) into err (capacity errcap); *out is then unspecified. */
int event_load(const char *path, EventInfo *out, char *err, size_t errcap);

/* Same for an event file already in memory; name is used in messages. */
int event_parse(const char *name, const char *data, size_t len, EventInfo *out, char *err,
                size_t errcap);

#endif
