/* i18n: every text the kiosk shows, in Swedish (the default) and English.
 *
 * Screens never hold literal text: they ask for a message by id. Adding a text means
 * adding an id here, its English source text in i18n.c and its translations in po/sv.po
 * and po/en.po (README "Translations"); no screen changes. Messages may contain one "{}"
 * placeholder, filled by i18n_format, or "{1}" and "{2}", filled by i18n_format2.
 */
#ifndef MINGEL_I18N_H
#define MINGEL_I18N_H

#include <stddef.h>

typedef enum Lang { LANG_SV = 0, LANG_EN = 1, LANG_COUNT } Lang;

typedef enum I18nId {
    I18N_CHECK_IN,       /* big button on the welcome screen */
    I18N_OTHER_LANGUAGE, /* the language toggle: names the language it switches to */
    I18N_ORGANISER,      /* "Arrangör: {}" */
    I18N_SEARCH_TITLE,   /* "Skriv ditt namn" */
    I18N_SEARCH_HINT,    /* under the empty search field */
    I18N_NO_MATCH,       /* "Ingen träff på ”{}”" */
    I18N_MORE_MATCHES,   /* "{} till – skriv fler bokstäver" */
    I18N_NOT_ON_LIST,    /* "Inte på listan? Registrera dig" */
    I18N_CONFIRM_TITLE,  /* "Är det du?" */
    I18N_CONFIRM_YES,    /* "Ja, checka in mig" */
    I18N_BACK,
    I18N_WELCOME_NAME, /* "Välkommen, {}!" */
    I18N_WELCOME_SUB,
    I18N_ALREADY_TITLE, /* "Du är redan incheckad, {}" */
    I18N_ALREADY_AT,    /* "Du checkade in kl. {}." */
    I18N_WALKIN_TITLE,
    I18N_WALKIN_NAME,
    I18N_WALKIN_ORG,
    I18N_WALKIN_SUBMIT,
    I18N_WALKIN_NEED_NAME,
    I18N_WALKIN_PRIVACY,
    I18N_WALKIN_CONSENT,
    /* the walk-in form's "show me on the participant list" */ /* what the walk-in's details are
                                                                  used for */
    I18N_OK,
    I18N_IDLE_TITLE,   /* "Är du kvar?" */
    I18N_IDLE_WARNING, /* "Startsidan visas om {} s.": one line, under the title */
    I18N_STILL_HERE,
    I18N_TICKET_UNKNOWN,
    I18N_SAVE_FAILED,
    I18N_DISK_FULL,
    I18N_NO_EVENT,
    I18N_NO_EVENT_HINT,   /* how the organiser loads a meeting */
    I18N_CHECKED_IN_MARK, /* short tag on a search result already checked in */
    I18N_SPACE,
    I18N_CLEAR,
    I18N_TAP_TO_START,
    /* Feedback */
    I18N_GIVE_FEEDBACK,     /* welcome button: "Lämna feedback" */
    I18N_QUESTION_PROGRESS, /* "Fråga {1} av {2}" */
    I18N_SMILEY_1,          /* labels under the five smileys, worst to best */
    I18N_SMILEY_2,
    I18N_SMILEY_3,
    I18N_SMILEY_4,
    I18N_SMILEY_5,
    I18N_NPS_LOW,  /* under 0 on the 0..10 scale */
    I18N_NPS_HIGH, /* under 10 */
    I18N_SKIP,
    I18N_SEND,
    I18N_CHARS_LEFT,         /* "{} tecken kvar" */
    I18N_LIMIT_REACHED,      /* "Max {} tecken" */
    I18N_REFLECTION_DEFAULT, /* the reflection prompt when the event file has none */
    I18N_THANKS_TITLE,
    I18N_THANKS_SCAN,    /* under the QR code */
    I18N_THANKS_NO_LINK, /* thank-you text when the meeting has no feedback link */
    /* Admin */
    I18N_ADMIN_TITLE,
    I18N_PIN_TITLE,
    I18N_PIN_OPEN,
    I18N_PIN_WRONG,
    I18N_PIN_WAIT,
    I18N_PIN_MISSING,
    I18N_CLOSE,
    I18N_STAT_EXPECTED,
    I18N_STAT_CHECKED_IN,
    I18N_STAT_WALK_INS,
    I18N_CHECKINS_OVER_TIME,
    I18N_FEEDBACK_SUMMARY,
    I18N_QUESTION_MEAN,
    I18N_QUESTION_NPS,     /* admin: a 0-10 question's NPS: "{2}" is "+20 (10)" */
    I18N_QUESTION_NPS_FEW, /* admin: too few answers to show it: "{2}" is the smallest group */
    I18N_PHASE,
    I18N_PHASE_CHECKIN,
    I18N_PHASE_FEEDBACK,
    I18N_PHASE_BOTH,
    I18N_UNDO_CHECKIN,
    I18N_UNDO,
    I18N_UNDONE,
    I18N_RESTORE,     /* undo list: check an undone one in again */
    I18N_RESTORED,    /* admin note: "{}" is the name */
    I18N_UNDONE_AT,   /* undo list: an undone row's state: "{}" is the time */
    I18N_UNDO_SEARCH, /* undo list: the search field's placeholder */
    I18N_PAGE_OF,     /* undo list: "{1}" of "{2}" pages */
    I18N_PAGE_PREVIOUS,
    I18N_PAGE_NEXT,
    I18N_CANCEL, /* the ask screen: do nothing */
    I18N_ASK_UNDO_TITLE,
    I18N_ASK_UNDO_BODY, /* "{}" is the name */
    I18N_ASK_UNDO_YES,
    I18N_ASK_QUIT_TITLE,
    I18N_ASK_QUIT_BODY, /* what happens next on a Raspberry Pi */
    I18N_NO_CHECKINS,
    I18N_EXPORT_USB,
    I18N_NO_USB,
    I18N_EXPORTED,
    I18N_EXPORT_FAILED,
    I18N_LEAVE_KIOSK,
    I18N_PURGE_DUE,
    /* The clock (admin) */
    I18N_CLOCK_TITLE,
    I18N_CLOCK_SYNCED, /* states, short: the admin screen's clock button */
    I18N_CLOCK_CONFIRMED,
    I18N_CLOCK_SET,
    I18N_CLOCK_UNTRUSTED,
    I18N_CLOCK_HELP_UNTRUSTED, /* the clock screen's explanation, per state */
    I18N_CLOCK_HELP_TRUSTED,
    I18N_CLOCK_HELP_SYNCED,
    I18N_CLOCK_RIGHT, /* "the time is right": confirm */
    I18N_CLOCK_SAVE,  /* save the time as changed */
    I18N_CLOCK_DAY_BACK,
    I18N_CLOCK_DAY_ON,
    I18N_CLOCK_HOUR_BACK,
    I18N_CLOCK_HOUR_ON,
    I18N_CLOCK_NOTE_CONFIRMED, /* admin note after confirming */
    I18N_CLOCK_NOTE_SET,       /* admin note after setting: "{}" is the new time */
    /* Name badges */
    I18N_WELCOME_SUB_BADGE,     /* the greeting when the person's name badge is being printed */
    I18N_WELCOME_SUB_RECEPTION, /* the greeting when the badge printer is in trouble: calm, no error
                                 */
    I18N_BADGES_STATUS,         /* admin: {1} badges printed, {2} on their way */
    I18N_BADGE_PRINTER_OK,      /* admin: {} is the printer's name */
    I18N_BADGE_PRINTER_TROUBLE, /* admin, a quiet note for the staff: {} is what the printer says is
                                   wrong */
    I18N_BADGE_FAILED,          /* admin: {} is a number of badges */
    I18N_REPRINT,               /* undo list: print this person's badge again */
    I18N_REPRINTED,             /* admin note: {} is the name */
    I18N_PREPRINT,              /* admin button: {} is how many badges are not printed yet */
    I18N_ASK_PREPRINT_TITLE,    /* the ask screen before a preprint */
    I18N_ASK_PREPRINT_BODY,     /* {} is a number of badges */
    I18N_ASK_PREPRINT_YES,      /* the ask screen: do the preprint */
    I18N_PREPRINTED,            /* admin note: {} is a number of badges */
    /* The board (mingel board) and the greeting's topics */
    I18N_TOPICS_PROMPT, /* the greeting, above the topics: a person on the participant list may pick
                           some */
    I18N_BOARD_HIDE,    /* the greeting: a button that takes the person off the room's board */
    I18N_BOARD_HIDDEN,  /* the greeting, after the person took themselves off the board */
    I18N_BOARD_SHOW,    /* the greeting: a button that puts the person on the board again */
    I18N_BOARD_NOT_SAVED,       /* the greeting: a topic or the board choice could not be saved */
    I18N_BOARD_TITLE,           /* the board (a screen in the room): its heading */
    I18N_BOARD_HERE,            /* the board: {} is how many have checked in */
    I18N_BOARD_SHOWN,           /* the board, under the heading: {} is how many it shows */
    I18N_BOARD_NEW_TITLE,       /* the board: the heading over people new to the network */
    I18N_BOARD_NEW_TAG,         /* the board: a short mark beside a name new to the network */
    I18N_BOARD_TOPICS_TITLE,    /* the board: the heading over the topics */
    I18N_BOARD_TOPIC_COUNT,     /* the board: {1} is a number of people, {2} a topic */
    I18N_BOARD_TOPIC_ONE,       /* the board: one person, {} is a topic */
    I18N_BOARD_NO_ORG,          /* the board: the group of people with no organisation given */
    I18N_BOARD_MORE,            /* the board: {} is how many more names did not fit */
    I18N_BOARD_EMPTY,           /* the board before anyone on the participant list has arrived */
    I18N_DID_YOU_MEAN,          /* search, nothing matched: the near misses follow */
    I18N_WALKIN_EMAIL,          /* walk-in: the e-mail field's label (the event asks for it) */
    I18N_WALKIN_EMAIL_OPTIONAL, /* walk-in: the e-mail field's label when it may be left empty */
    I18N_WALKIN_NEED_EMAIL, /* walk-in: submit with consent ticked and no e-mail, where the meeting
                               needs one for the participant list */
    I18N_WALKIN_BAD_EMAIL,  /* walk-in: the e-mail typed is not an address */
    I18N_NEXT_MEETING,      /* welcome footer: "Nästa träff: {}" */
    /* Several kiosks, live (core/sync) */
    I18N_ALREADY_HERE,      /* already: checked in at this kiosk, {} the time */
    I18N_ALREADY_THERE,     /* already: {1} the time, {2} the other kiosk's name */
    I18N_ALREADY_ELSEWHERE, /* already: at a kiosk whose name is not known here, {} the time */
    I18N_KIOSKS,            /* admin button and the kiosk list's title */
    I18N_KIOSKS_ONLINE,     /* admin button: {1} of {2} kiosks online */
    I18N_SYNC_CONNECTING,   /* live sharing's states, short */
    I18N_SYNC_OFFLINE,
    I18N_SYNC_REFUSED,
    I18N_KIOSK_THIS,      /* the kiosk list: the row of this kiosk */
    I18N_KIOSK_CONNECTED, /* the kiosk list: online now */
    I18N_KIOSK_SEEN,      /* the kiosk list: {} the time it was last seen */
    I18N_KIOSK_NOT_SEEN,  /* the kiosk list: never seen */
    I18N_KIOSK_BEHIND,    /* the kiosk list: {} records not taken in yet */
    I18N_KIOSK_UP_TO_DATE,
    I18N_KIOSK_UNSENT,     /* the kiosk list: {} records this kiosk has not sent yet */
    I18N_KIOSKS_STREAM,    /* the kiosk list: {1} records in the stream, {2} the time asked */
    I18N_KIOSKS_WAITING,   /* the kiosk list before the server's first answer */
    I18N_KIOSKS_ONLY_THIS, /* the server does not list the other kiosks */
    I18N_KIOSKS_HELP,      /* what "behind" means */
    I18N_COUNT
} I18nId;

/* The message in the language (an unknown lang counts as Swedish); never NULL. A text the
 * language's catalogue lacks shows its English source text; an unknown id gives "". */
const char *i18n_text(Lang lang, I18nId id);

/* Writes the message with its "{}" replaced by arg into out (capacity cap, NUL-terminated,
 * cut at a code point boundary if too long). Returns out. */
char *i18n_format(Lang lang, I18nId id, const char *arg, char *out, size_t cap);

/* Like i18n_format with two arguments: "{1}" (or "{}") takes a1 and "{2}" takes a2. */
char *i18n_format2(Lang lang, I18nId id, const char *a1, const char *a2, char *out, size_t cap);

/* Formats an ISO date "YYYY-MM-DD" as the language writes it in full:
 * "torsdag 26 november 2026" / "Thursday 26 November 2026". An invalid date is copied as
 * given. Returns out. */
char *i18n_date(Lang lang, const char *iso_date, char *out, size_t cap);

/* "sv" -> LANG_SV, "en" -> LANG_EN, anything else -> LANG_SV. */
Lang i18n_lang_from_code(const char *code);

/* The inverse: LANG_SV -> "sv", LANG_EN -> "en", anything else -> "sv". Static text. */
const char *i18n_lang_code(Lang lang);

/* The catalogue keys, for tests and tools that keep po/ in step with the program: every
 * text a catalogue must translate, the messages first (key i is I18nId i) and then the
 * weekday and month names of i18n_date. */
size_t i18n_key_count(void);

/* Key i: returns its English source text (the gettext msgid) and sets *ctxt (if ctxt is
 * not NULL) to its msgctxt, or NULL if it has none. Returns NULL for i out of range, or
 * for an id that has no source text yet. Static text. */
const char *i18n_key(size_t i, const char **ctxt);

#endif
