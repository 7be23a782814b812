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
 *   sound        = off                     (on: short sounds for checked in, already checked
 *                                           in and an unknown code; default off)
 *   board        = yes                     (yes: `mingel board` shows who is here, and the
 *                                           greeting offers "take me off the board"; topics
 *                                           imply it; default no)
 *   topics       = rekrytering | upphandling | AI i drift
 *                                          (optional, also ämnen: up to 8 topics, '|'
 *                                           between them, each at most 39 bytes, no two the
 *                                           same; a person who consented to the participant
 *                                           list may pick up to 3 at check-in, and the board
 *                                           shows who wants to talk about each)
 *   walkin_email = never                   (the walk-in form's e-mail field: never (not
 *                                           shown, the default), optional (shown, may be
 *                                           left empty), or with_consent (shown, and needed
 *                                           from those who tick the participant list))
 *
 *   [question.1]                           (1 to 5 sections, numbered from 1, in order)
 *   sv    = Hur nöjd är du med dagen som helhet?       (required)
 *   en    = How satisfied are you with the day overall? (required)
 *   scale = smileys                        (smileys: 1..5, default; nps: 0..10)
 *   words_sv = Inte alls | Lite | Något | Mycket | Väldigt mycket
 *   words_en = Not at all | A little | Somewhat | Much | Very much
 *                                          (optional: the words under the scale, separated
 *                                           by '|': five for smileys, worst to best, or the
 *                                           two ends of nps, 0 then 10; given in one
 *                                           language, they are needed in the other too;
 *                                           default: the kiosk's own words)
 *
 *   [reflection]                           (optional)
 *   sv         = Det viktigaste jag tar med mig från dagen är …
 *   en         = The most important thing I take with me today is …
 *   max_length = 140                       (characters, 1..280)
 *
 *   [badge]                                (optional: a name badge at every check-in)
 *   printer     = QL-820NWB                (required: a CUPS queue, or an ipp:// URI)
 *   label       = 62x100                   (required: 62x100, 29x90, 62, 54x101, a6 or WxH mm)
 *   orientation = landscape                (landscape, default, or portrait)
 *   fields      = organisation, role       (besides the name: organisation, role, event,
 *                                           date; default organisation)
 *   qr          = no                       (yes: an opaque token as a QR code; default no)
 *   logo        = logo.png                 (a PNG, beside the event file or a full path)
 *
 * Unknown sections or keys, keys given twice, invalid UTF-8, control characters and
 * values that are too long are errors naming the file and line, so a typo never passes
 * silently. The struct holds its own text: no allocation, nothing to free.
 */
#ifndef MINGEL_EVENT_H
#define MINGEL_EVENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"
#include "core/link.h"

#define EVENT_KEY_MAX  64  /* bytes, including the NUL */
#define EVENT_TEXT_MAX 256 /* bytes, including the NUL, for title, venue, ... */
#define EVENT_LANG_SV  "sv"
#define EVENT_LANG_EN  "en"

#define EVENT_MAX_QUESTIONS          5
#define EVENT_WORDS_MAX              5   /* words under a scale: five smileys, or nps's two ends */
#define EVENT_WORD_MAX               48  /* bytes of one such word, including the NUL */
#define EVENT_REFLECTION_DEFAULT_MAX 140 /* characters */
#define EVENT_REFLECTION_HARD_MAX    280 /* characters */
#define EVENT_TOPICS_MAX             8   /* the board's topics (topics = a | b | ...) */
#define EVENT_TOPIC_MAX              40  /* bytes of one topic, including the NUL */
#define EVENT_TOPICS_PICK            3   /* topics one person may pick at check-in */

typedef enum EventPhases {
    EVENT_PHASE_CHECKIN = 1,
    EVENT_PHASE_FEEDBACK = 2,
    EVENT_PHASE_BOTH = 3,
} EventPhases;

/* Whether the walk-in form asks for an e-mail address (walkin_email in the file). */
typedef enum EventWalkinEmail {
    EVENT_WALKIN_EMAIL_NEVER = 0,        /* no e-mail field (the default) */
    EVENT_WALKIN_EMAIL_OPTIONAL = 1,     /* a field that may be left empty */
    EVENT_WALKIN_EMAIL_WITH_CONSENT = 2, /* needed from those who tick the participant list */
    EVENT_WALKIN_EMAIL_COUNT
} EventWalkinEmail;

/* The name of each in the event file and the store: "never", "optional", "with_consent". */
extern const char *const EVENT_WALKIN_EMAIL_NAMES[EVENT_WALKIN_EMAIL_COUNT];

typedef enum EventScale {
    EVENT_SCALE_SMILEYS = 0, /* five smileys, values 1..5 */
    EVENT_SCALE_NPS = 1,     /* 0..10, "would you recommend ...?" */
} EventScale;

/* The [badge] section: what a badge shows and where it is printed (core/badge.h,
 * core/print.h). Absent section: enabled is false and nothing else is set. */
typedef struct EventBadge {
    bool enabled;
    char printer[EVENT_TEXT_MAX]; /* a CUPS queue name or an ipp(s):// URI */
    char label[32];               /* a label id badge_label_parse knows */
    bool portrait;                /* the badge reads upright on the label as fed */
    unsigned fields;              /* BADGE_FIELD_* besides the name */
    bool qr;                      /* an opaque token as a QR code */
    char logo[EVENT_TEXT_MAX];    /* a PNG file as written ("" for none); event_load makes a
                                     relative path relative to the event file and checks
                                     that it is a PNG it can read */
} EventBadge;

typedef struct EventQuestion {
    char text[LANG_COUNT][EVENT_TEXT_MAX]; /* indexed by Lang */
    EventScale scale;
    /* The organiser's words under the scale, indexed by Lang: word_count is 0 (the kiosk's
     * own words) or event_scale_words(scale), the same in both languages. */
    char words[LANG_COUNT][EVENT_WORDS_MAX][EVENT_WORD_MAX];
    int word_count;
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
    bool sound;                     /* short sounds at check-in (app/sdl); default off */
    bool board;                     /* `mingel board` is used: the greeting offers "take me
                                       off the board" (event_has_board) */
    char topics[EVENT_TOPICS_MAX][EVENT_TOPIC_MAX]; /* the board's topics, as written */
    int topic_count;                                /* 0..EVENT_TOPICS_MAX */
    EventWalkinEmail walkin_email; /* the walk-in form's e-mail field; default never */
    EventBadge badge;
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

/* How many words a scale has under it: 5 for smileys, 2 for nps (its two ends). */
int event_scale_words(EventScale scale);

/* The word under value i of q's scale in lang (i from 0 to event_scale_words - 1: the
 * smileys worst to best, or nps's 0 and 10 ends): the organiser's word when the event
 * file gives them, else the kiosk's own (i18n). Never NULL; the text is q's or static. */
const char *event_question_word(const EventQuestion *q, Lang lang, int i);

/* q's words in lang as one text for the store, "w1|w2|...", or "" when it has none. */
void event_words_join(const EventQuestion *q, Lang lang, char *out, size_t cap);

/* Reads such a text back into q->words[lang]. Returns the number of words (0 for ""), or
 * -1 if a word is empty or too long or there are too many. */
int event_words_split(EventQuestion *q, Lang lang, const char *text);

/* The topics as one text for the store, "t1|t2|...", or "" when there are none. */
void event_topics_join(const EventInfo *ev, char *out, size_t cap);

/* Reads such a text back into ev->topics. Returns the number of topics (0 for ""), or -1
 * (and none) if one is empty or too long or there are too many. */
int event_topics_split(EventInfo *ev, const char *text);

/* The index of topic (exactly as written) among ev's topics, or -1. */
int event_topic_index(const EventInfo *ev, const char *topic);

/* The meeting has a board: board = yes, or topics. */
bool event_has_board(const EventInfo *ev);

#endif
