/* i18n: the kiosk's texts, looked up in gettext catalogues built into the program.
 *
 * KEYS below names every text by its English source (the gettext msgid, with a msgctxt
 * where one English text needs two translations); it is where xgettext extracts
 * po/mingel.pot from (N_ and NC_ are its keywords, see README "Translations"). The
 * translations live in po/sv.po and po/en.po; the build compiles them with msgfmt and
 * embeds the .mo bytes (core/mo.h), and a lookup is a binary search in them: a pure
 * function over const data, with no locale, no libintl and no state. Swedish is the
 * meeting language and the default; a text a catalogue lacks shows its English source.
 * Texts are short, friendly and addressed to "du"; they must fit a 7" panel at the sizes
 * the UI uses (tests/test_ui.c checks every one at 800x480).
 */
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#include "core/mo.h"

/* A catalogue key: msgctxt (NULL for none) and msgid. */
typedef struct I18nKey {
    const char *ctxt;
    const char *msgid;
} I18nKey;

/* The xgettext keywords: they only mark the source texts and build a key. */
/* clang-format off */
#define N_(msgid)        {NULL, msgid}
#define NC_(ctxt, msgid) {ctxt, msgid}
/* clang-format on */

/* Keys past the messages: the names i18n_date writes. */
enum {
    KEY_WEEKDAY = I18N_COUNT,    /* 7 names, Sunday first */
    KEY_MONTH = KEY_WEEKDAY + 7, /* 12 names, January first */
    KEY_COUNT = KEY_MONTH + 12
};

/* The catalogue of each Lang, by its code. */
static const char *const LANG_CODES[LANG_COUNT] = {[LANG_SV] = "sv", [LANG_EN] = "en"};

/* TRANSLATORS comments reach the .pot as notes for the translator. */
static const I18nKey KEYS[KEY_COUNT] = {
    /* TRANSLATORS: the big button on the welcome screen. */
    [I18N_CHECK_IN] = N_("Check in"),
    /* TRANSLATORS: the language toggle names the language it switches to, in that
       language: the English screen shows "Svenska", the Swedish one "English". */
    [I18N_OTHER_LANGUAGE] = NC_("language toggle", "Svenska"),
    /* TRANSLATORS: {} is the organisation that runs the meeting. */
    [I18N_ORGANISER] = N_("Organiser: {}"),
    [I18N_SEARCH_TITLE] = N_("Type your name"),
    /* TRANSLATORS: under the empty search field. */
    [I18N_SEARCH_HINT] = N_("First name, last name or organisation"),
    /* TRANSLATORS: {} is what the attendee typed. */
    [I18N_NO_MATCH] = N_("No match for “{}”"),
    /* TRANSLATORS: {} is the number of further matches not shown. */
    [I18N_MORE_MATCHES] = N_("{} more – keep typing"),
    [I18N_NOT_ON_LIST] = N_("Not on the list? Register"),
    [I18N_CONFIRM_TITLE] = N_("Is this you?"),
    [I18N_CONFIRM_YES] = N_("Yes, check me in"),
    [I18N_BACK] = N_("Back"),
    /* TRANSLATORS: {} is the attendee's name. */
    [I18N_WELCOME_NAME] = N_("Welcome, {}!"),
    [I18N_WELCOME_SUB] = N_("You are checked in. Glad you came!"),
    /* TRANSLATORS: {} is the attendee's name. */
    [I18N_ALREADY_TITLE] = N_("You are already checked in, {}"),
    /* TRANSLATORS: {} is the time of the earlier check-in, e.g. 08:47. */
    [I18N_ALREADY_AT] = N_("You checked in at {}. Come on in!"),
    /* TRANSLATORS: title of the walk-in form. */
    [I18N_WALKIN_TITLE] = N_("Register"),
    [I18N_WALKIN_NAME] = N_("Name"),
    [I18N_WALKIN_ORG] = N_("Organisation"),
    [I18N_WALKIN_SUBMIT] = N_("Register and check in"),
    [I18N_WALKIN_NEED_NAME] = N_("Type your name first"),
    /* TRANSLATORS: what the walk-in's details are used for. */
    [I18N_WALKIN_PRIVACY] = N_("You are checked in at once. Your details are used for this "
                               "meeting only."),
    /* TRANSLATORS: a tick box on the walk-in form, off until tapped. */
    [I18N_WALKIN_CONSENT] = N_("Show me on the participant list shared with the network"),
    [I18N_OK] = N_("OK"),
    [I18N_IDLE_TITLE] = N_("Still there?"),
    /* TRANSLATORS: {} is the number of seconds left before the kiosk resets. Shown on one
     * line: keep it short. */
    [I18N_IDLE_WARNING] = N_("Back to the start in {} s."),
    [I18N_STILL_HERE] = N_("I'm still here"),
    [I18N_TICKET_UNKNOWN] = N_("Ticket code not recognised. Search for your name instead."),
    [I18N_SAVE_FAILED] = N_("Could not save. Please ask the staff for help."),
    [I18N_DISK_FULL] = N_("Storage is full. Please ask the staff for help."),
    [I18N_NO_EVENT] = N_("No meeting loaded"),
    /* TRANSLATORS: how the organiser loads a meeting; keep "mingel import", translate
       the two upper-case file names. */
    [I18N_NO_EVENT_HINT] = N_("Load a meeting with: mingel import EVENT.ini ATTENDEES.csv"),
    /* TRANSLATORS: short tag on a search result already checked in. */
    [I18N_CHECKED_IN_MARK] = N_("checked in"),
    /* TRANSLATORS: the space bar of the on-screen keyboard. */
    [I18N_SPACE] = N_("space"),
    [I18N_CLEAR] = N_("Clear"),
    [I18N_TAP_TO_START] = N_("Tap to check in"),
    /* TRANSLATORS: the feedback button on the welcome screen. */
    [I18N_GIVE_FEEDBACK] = N_("Give feedback"),
    /* TRANSLATORS: {1} is the question's number, {2} how many there are. */
    [I18N_QUESTION_PROGRESS] = N_("Question {1} of {2}"),
    /* TRANSLATORS: labels under the five smileys, worst to best. */
    [I18N_SMILEY_1] = N_("Very poor"),
    [I18N_SMILEY_2] = N_("Poor"),
    [I18N_SMILEY_3] = N_("Okay"),
    [I18N_SMILEY_4] = N_("Good"),
    [I18N_SMILEY_5] = N_("Very good"),
    /* TRANSLATORS: under 0 on the 0 to 10 "would you recommend" scale. */
    [I18N_NPS_LOW] = N_("Not at all likely"),
    /* TRANSLATORS: under 10 on the 0 to 10 "would you recommend" scale. */
    [I18N_NPS_HIGH] = N_("Extremely likely"),
    [I18N_SKIP] = N_("Skip"),
    [I18N_SEND] = N_("Send"),
    /* TRANSLATORS: {} is a number of characters. */
    [I18N_CHARS_LEFT] = N_("{} characters left"),
    /* TRANSLATORS: {} is a number of characters. */
    [I18N_LIMIT_REACHED] = N_("At most {} characters"),
    /* TRANSLATORS: the reflection prompt when the event file has none. */
    [I18N_REFLECTION_DEFAULT] = N_("The most important thing I take with me today is …"),
    [I18N_THANKS_TITLE] = N_("Thank you for your feedback!"),
    /* TRANSLATORS: under the QR code that leads to the longer feedback form. */
    [I18N_THANKS_SCAN] = N_("More to say? Scan the code with your phone."),
    /* TRANSLATORS: thank-you text when the meeting has no feedback link. */
    [I18N_THANKS_NO_LINK] = N_("Your answers are saved. See you next time!"),
    [I18N_ADMIN_TITLE] = N_("Admin"),
    [I18N_PIN_TITLE] = N_("Enter the admin PIN"),
    [I18N_PIN_OPEN] = N_("Open"),
    [I18N_PIN_WRONG] = N_("Wrong PIN"),
    [I18N_PIN_WAIT] = N_("Too many tries. Try again in {} s."),
    [I18N_PIN_MISSING] = N_("No admin PIN is set. Set one with: mingel set-pin"),
    [I18N_CLOSE] = N_("Close"),
    [I18N_STAT_EXPECTED] = N_("Expected"),
    [I18N_STAT_CHECKED_IN] = N_("Checked in"),
    [I18N_STAT_WALK_INS] = N_("Walk-ins"),
    [I18N_CHECKINS_OVER_TIME] = N_("Check-ins per quarter hour"),
    [I18N_FEEDBACK_SUMMARY] = N_("Feedback: {1} sessions, {2} reflections"),
    [I18N_QUESTION_MEAN] = N_("Q{1}: mean {2}"),
    /* TRANSLATORS: admin: a 0-10 question's Net Promoter Score and its answers, "+20 (10)". */
    [I18N_QUESTION_NPS] = N_("Q{1}: NPS {2}"),
    /* TRANSLATORS: admin: a 0-10 question with fewer answers than the report shows; {2} is
       that smallest number. */
    [I18N_QUESTION_NPS_FEW] = N_("Q{1}: NPS shown from {2} answers"),
    [I18N_PHASE] = N_("The welcome screen offers"),
    [I18N_PHASE_CHECKIN] = NC_("phase", "Check-in"),
    [I18N_PHASE_FEEDBACK] = NC_("phase", "Feedback"),
    [I18N_PHASE_BOTH] = NC_("phase", "Both"),
    [I18N_UNDO_CHECKIN] = N_("Undo a check-in"),
    [I18N_UNDO] = N_("Undo"),
    [I18N_UNDONE] = N_("Check-in of {} undone"),
    /* TRANSLATORS: the undo list: a button on a check-in that was undone. */
    [I18N_RESTORE] = N_("Restore"),
    [I18N_RESTORED] = N_("Check-in of {} restored"),
    /* TRANSLATORS: the undo list: the state of an undone check-in; {} is the time, 10:02. */
    [I18N_UNDONE_AT] = N_("Undone {}"),
    [I18N_UNDO_SEARCH] = N_("Search name or organisation"),
    /* TRANSLATORS: the undo list's pages: "Page 2 of 5". */
    [I18N_PAGE_OF] = N_("Page {1} of {2}"),
    [I18N_PAGE_PREVIOUS] = N_("Previous"),
    [I18N_PAGE_NEXT] = N_("Next"),
    [I18N_CANCEL] = N_("Cancel"),
    [I18N_ASK_UNDO_TITLE] = N_("Undo this check-in?"),
    [I18N_ASK_UNDO_BODY] =
        N_("{} will no longer count as checked in. You can restore the check-in in the list."),
    [I18N_ASK_UNDO_YES] = N_("Undo check-in"),
    [I18N_ASK_QUIT_TITLE] = N_("Leave the kiosk?"),
    /* TRANSLATORS: the question before leaving the kiosk: what happens next. Keep the
     * command as it is. */
    [I18N_ASK_QUIT_BODY] =
        N_("The kiosk closes and stays closed. On a Raspberry Pi the screen stays dark until "
           "someone starts it again with sudo systemctl start mingel, or restarts the computer."),
    [I18N_NO_CHECKINS] = N_("Nobody is checked in yet"),
    [I18N_EXPORT_USB] = N_("Export to USB stick"),
    [I18N_NO_USB] = N_("No USB stick found. Insert one and try again."),
    [I18N_EXPORTED] = N_("Saved to {}"),
    [I18N_EXPORT_FAILED] = N_("Export failed: {}"),
    [I18N_LEAVE_KIOSK] = N_("Leave the kiosk"),
    [I18N_PURGE_DUE] = N_("Personal data is past its retention time: run mingel purge"),
    /* TRANSLATORS: the admin screen's clock: the title of its own screen. */
    [I18N_CLOCK_TITLE] = N_("Clock"),
    /* TRANSLATORS: under the time on the admin screen: how far it can be trusted. */
    [I18N_CLOCK_SYNCED] = N_("Synchronised"),
    [I18N_CLOCK_CONFIRMED] = N_("Confirmed"),
    [I18N_CLOCK_SET] = N_("Set by hand"),
    [I18N_CLOCK_UNTRUSTED] = N_("Not checked"),
    [I18N_CLOCK_HELP_UNTRUSTED] =
        N_("Is this the right time? Compare with your phone. Everything saved before the "
           "time is confirmed or set is marked in the exports."),
    [I18N_CLOCK_HELP_TRUSTED] = N_("Compare with your phone and change the time if needed."),
    [I18N_CLOCK_HELP_SYNCED] =
        N_("The kiosk gets the time from the network: there is nothing to set."),
    [I18N_CLOCK_RIGHT] = N_("The time is right"),
    [I18N_CLOCK_SAVE] = N_("Save this time"),
    /* TRANSLATORS: buttons that move the time being set by one day or one hour. */
    [I18N_CLOCK_DAY_BACK] = N_("–1 day"),
    [I18N_CLOCK_DAY_ON] = N_("+1 day"),
    [I18N_CLOCK_HOUR_BACK] = N_("–1 hour"),
    [I18N_CLOCK_HOUR_ON] = N_("+1 hour"),
    [I18N_CLOCK_NOTE_CONFIRMED] = N_("The time is confirmed"),
    /* TRANSLATORS: {} is the new date and time, "2026-11-21 09:41". */
    [I18N_CLOCK_NOTE_SET] = N_("The clock is set to {}"),
    /* TRANSLATORS: the greeting when the person's name badge is being printed */
    [I18N_WELCOME_SUB_BADGE] = N_("You are checked in. Pick up your name badge at the printer."),
    /* TRANSLATORS: the greeting when the badge printer is in trouble: calm, no error */
    [I18N_WELCOME_SUB_RECEPTION] =
        N_("You are checked in. Pick up your name badge at the reception."),
    /* TRANSLATORS: admin: {1} badges printed, {2} on their way */
    [I18N_BADGES_STATUS] = N_("Badges: {1} printed, {2} waiting"),
    /* TRANSLATORS: admin: {} is the printer's name */
    [I18N_BADGE_PRINTER_OK] = N_("Printer {} is ready"),
    /* TRANSLATORS: admin, a quiet note for the staff: {} is what the printer says is wrong */
    [I18N_BADGE_PRINTER_TROUBLE] = N_("Printer: {}"),
    /* TRANSLATORS: admin: {} is a number of badges */
    [I18N_BADGE_FAILED] = N_("{} badges not printed (they are tried again)"),
    /* TRANSLATORS: undo list: print this person's badge again */
    [I18N_REPRINT] = N_("Badge"),
    /* TRANSLATORS: admin note: {} is the name */
    [I18N_REPRINTED] = N_("Badge for {} sent to the printer"),
    /* TRANSLATORS: admin button: {} is how many badges are not printed yet */
    [I18N_PREPRINT] = N_("Print all badges ({})"),
    /* TRANSLATORS: the ask screen before a preprint */
    [I18N_ASK_PREPRINT_TITLE] = N_("Print all badges?"),
    /* TRANSLATORS: {} is a number of badges */
    [I18N_ASK_PREPRINT_BODY] =
        N_("{} badges, for everyone on the list who has none yet, in surname order."),
    /* TRANSLATORS: the ask screen: do the preprint */
    [I18N_ASK_PREPRINT_YES] = N_("Print them"),
    /* TRANSLATORS: admin note: {} is a number of badges */
    [I18N_PREPRINTED] = N_("{} badges go to the printer"),
    /* TRANSLATORS: the greeting, above the topics: a person on the participant list may pick some
     */
    [I18N_TOPICS_PROMPT] = N_("Want to talk about something today? Tap up to 3."),
    /* TRANSLATORS: the greeting: a button that takes the person off the room's board */
    [I18N_BOARD_HIDE] = N_("Hide me on the board"),
    /* TRANSLATORS: the greeting, after the person took themselves off the board */
    [I18N_BOARD_HIDDEN] = N_("You are not shown on the board."),
    /* TRANSLATORS: the greeting: a button that puts the person on the board again */
    [I18N_BOARD_SHOW] = N_("Show me again"),
    /* TRANSLATORS: the greeting: a topic or the board choice could not be saved */
    [I18N_BOARD_NOT_SAVED] = N_("Not saved. Try again."),
    /* TRANSLATORS: the board (a screen in the room): its heading */
    [I18N_BOARD_TITLE] = N_("Who is here"),
    /* TRANSLATORS: the board: {} is how many have checked in */
    [I18N_BOARD_HERE] = N_("{} here"),
    /* TRANSLATORS: the board, under the heading: {} is how many it shows */
    [I18N_BOARD_SHOWN] = N_("{} on the board: those who agreed to the participant list"),
    /* TRANSLATORS: the board: the heading over people new to the network */
    [I18N_BOARD_NEW_TITLE] = N_("New to the network"),
    /* TRANSLATORS: the board: a short mark beside a name new to the network */
    [I18N_BOARD_NEW_TAG] = N_("New"),
    /* TRANSLATORS: the board: the heading over the topics */
    [I18N_BOARD_TOPICS_TITLE] = N_("Topics"),
    /* TRANSLATORS: the board: {1} is a number of people, {2} a topic */
    [I18N_BOARD_TOPIC_COUNT] = N_("{1} here want to talk about {2}"),
    /* TRANSLATORS: the board: one person, {} is a topic */
    [I18N_BOARD_TOPIC_ONE] = N_("1 here wants to talk about {}"),
    /* TRANSLATORS: the board: the group of people with no organisation given */
    [I18N_BOARD_NO_ORG] = N_("Other"),
    /* TRANSLATORS: the board: {} is how many more names did not fit */
    [I18N_BOARD_MORE] = N_("and {} more"),
    /* TRANSLATORS: the board before anyone on the participant list has arrived */
    [I18N_BOARD_EMPTY] = N_("Nobody here yet: welcome!"),
    /* TRANSLATORS: search, nothing matched: the near misses follow */
    [I18N_DID_YOU_MEAN] = N_("Did you mean …?"),
    /* TRANSLATORS: walk-in: the e-mail field's label (the event asks for it) */
    [I18N_WALKIN_EMAIL] = N_("E-mail"),
    /* TRANSLATORS: walk-in: the e-mail field's label when it may be left empty */
    [I18N_WALKIN_EMAIL_OPTIONAL] = N_("E-mail (optional)"),
    /* TRANSLATORS: walk-in: submit with consent ticked and no e-mail, where the meeting needs one
       for the participant list */
    [I18N_WALKIN_NEED_EMAIL] = N_("E-mail needed"),
    /* TRANSLATORS: walk-in: the e-mail typed is not an address */
    [I18N_WALKIN_BAD_EMAIL] = N_("Not a valid e-mail"),
    /* TRANSLATORS: the welcome screen's footer: {} is the event file's next_meeting text,
       when the network meets next ("12 March at 08.30, Vattenbolaget Öst"). */
    [I18N_NEXT_MEETING] = N_("Next meeting: {}"),
    /* TRANSLATORS: already checked in, at this kiosk; {} is the time, 08:47. */
    [I18N_ALREADY_HERE] = N_("You checked in here at {}. Come on in!"),
    /* TRANSLATORS: already checked in at another kiosk: {1} is the time, {2} the kiosk's
     * name as the organiser gave it ("Kiosk A", "Entré norr"). */
    [I18N_ALREADY_THERE] = N_("You checked in at {2}, {1}. Come on in!"),
    /* TRANSLATORS: already checked in at another kiosk whose name is not known; {} is the
     * time. */
    [I18N_ALREADY_ELSEWHERE] = N_("You checked in at another kiosk at {}. Come on in!"),
    /* TRANSLATORS: admin: the meeting's kiosks sharing live; a button and a title. */
    [I18N_KIOSKS] = N_("Kiosks"),
    /* TRANSLATORS: admin, under "Kiosks": {1} of {2} kiosks are online. */
    [I18N_KIOSKS_ONLINE] = N_("{1} of {2} online"),
    /* TRANSLATORS: live sharing's state, short (admin). */
    [I18N_SYNC_CONNECTING] = N_("Connecting"),
    [I18N_SYNC_OFFLINE] = N_("Offline"),
    [I18N_SYNC_REFUSED] = N_("Refused"),
    /* TRANSLATORS: the kiosk list: the row of the kiosk one is looking at. */
    [I18N_KIOSK_THIS] = N_("this kiosk"),
    [I18N_KIOSK_CONNECTED] = N_("online"),
    /* TRANSLATORS: the kiosk list: {} is the time it was last seen, 09:14. */
    [I18N_KIOSK_SEEN] = N_("last seen {}"),
    [I18N_KIOSK_NOT_SEEN] = N_("not seen"),
    /* TRANSLATORS: the kiosk list: {} records it has not taken in yet. */
    [I18N_KIOSK_BEHIND] = N_("{} behind"),
    [I18N_KIOSK_UP_TO_DATE] = N_("up to date"),
    /* TRANSLATORS: the kiosk list: {} records this kiosk has not sent yet. */
    [I18N_KIOSK_UNSENT] = N_("{} to send"),
    /* TRANSLATORS: the kiosk list: {1} records in the meeting's stream on the server, {2}
     * when the server was asked, 09:14. */
    [I18N_KIOSKS_STREAM] = N_("The server holds {1} records (asked {2})"),
    [I18N_KIOSKS_WAITING] = N_("Asking the server …"),
    [I18N_KIOSKS_ONLY_THIS] = N_("The server does not list the other kiosks"),
    /* TRANSLATORS: the kiosk list: what its numbers mean. */
    [I18N_KIOSKS_HELP] =
        N_("Behind: records on the server the kiosk has not taken in yet. What a kiosk has "
           "not sent yet is seen only on that kiosk."),

    /* TRANSLATORS: weekday names as written inside a date ("torsdag 26 november 2026"). */
    [KEY_WEEKDAY + 0] = NC_("weekday", "Sunday"),
    [KEY_WEEKDAY + 1] = NC_("weekday", "Monday"),
    [KEY_WEEKDAY + 2] = NC_("weekday", "Tuesday"),
    [KEY_WEEKDAY + 3] = NC_("weekday", "Wednesday"),
    [KEY_WEEKDAY + 4] = NC_("weekday", "Thursday"),
    [KEY_WEEKDAY + 5] = NC_("weekday", "Friday"),
    [KEY_WEEKDAY + 6] = NC_("weekday", "Saturday"),
    /* TRANSLATORS: month names as written inside a date ("torsdag 26 november 2026"). */
    [KEY_MONTH + 0] = NC_("month", "January"),
    [KEY_MONTH + 1] = NC_("month", "February"),
    [KEY_MONTH + 2] = NC_("month", "March"),
    [KEY_MONTH + 3] = NC_("month", "April"),
    [KEY_MONTH + 4] = NC_("month", "May"),
    [KEY_MONTH + 5] = NC_("month", "June"),
    [KEY_MONTH + 6] = NC_("month", "July"),
    [KEY_MONTH + 7] = NC_("month", "August"),
    [KEY_MONTH + 8] = NC_("month", "September"),
    [KEY_MONTH + 9] = NC_("month", "October"),
    [KEY_MONTH + 10] = NC_("month", "November"),
    [KEY_MONTH + 11] = NC_("month", "December"),
};

/* The translation of key k in lang (out of range: Swedish); its msgid if the catalogue
 * has none. "" for a key with no source text (an id added to i18n.h but not to KEYS, which
 * tests/test_i18n.c reports). */
static const char *translate(Lang lang, size_t k)
{
    const I18nKey *key = &KEYS[k];
    if (!key->msgid) {
        return "";
    }
    if ((unsigned)lang >= LANG_COUNT) {
        lang = LANG_SV;
    }
    size_t size;
    const unsigned char *mo = mo_catalogue(LANG_CODES[lang], &size);
    const char *t = mo_lookup(mo, size, key->ctxt, key->msgid);
    return t ? t : key->msgid;
}

const char *i18n_text(Lang lang, I18nId id)
{
    if ((unsigned)id >= I18N_COUNT) {
        return "";
    }
    return translate(lang, (size_t)id);
}

size_t i18n_key_count(void)
{
    return KEY_COUNT;
}

const char *i18n_key(size_t i, const char **ctxt)
{
    if (i >= KEY_COUNT) {
        if (ctxt) {
            *ctxt = NULL;
        }
        return NULL;
    }
    if (ctxt) {
        *ctxt = KEYS[i].ctxt;
    }
    return KEYS[i].msgid;
}

const char *i18n_lang_code(Lang lang)
{
    return (unsigned)lang < LANG_COUNT ? LANG_CODES[lang] : LANG_CODES[LANG_SV];
}

/* Text written into caller storage: out[0..len) and a NUL, within cap bytes. Once a piece
 * did not fit, nothing more is added, so a cut text is always a prefix of the whole one
 * (never "Välkommen, !" with the name dropped and the rest kept). */
typedef struct Sink {
    char *out;
    size_t cap; /* bytes, > 0 */
    size_t len; /* bytes written, without the NUL */
    int full;   /* 1 once a piece was cut */
} Sink;

/* Appends src[0..n), never cutting a code point. */
static void put(Sink *s, const char *src, size_t n)
{
    size_t room = s->cap - 1 - s->len;
    if (s->full) {
        return;
    }
    if (n > room) {
        n = room;
        s->full = 1;
        /* Back off to the start of a code point: continuation bytes are 10xxxxxx. */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) {
            n--;
        }
    }
    memcpy(s->out + s->len, src, n);
    s->len += n;
    s->out[s->len] = '\0';
}

static void put_str(Sink *s, const char *str)
{
    put(s, str, strlen(str));
}

char *i18n_format2(Lang lang, I18nId id, const char *a1, const char *a2, char *out, size_t cap)
{
    if (cap == 0) {
        return out;
    }
    const char *msg = i18n_text(lang, id);
    Sink s = {out, cap, 0, 0};
    out[0] = '\0';
    while (*msg) {
        const char *hole = strchr(msg, '{');
        if (!hole) {
            put_str(&s, msg);
            break;
        }
        put(&s, msg, (size_t)(hole - msg));
        const char *arg = NULL;
        size_t skip = 0;
        if (strncmp(hole, "{}", 2) == 0 || strncmp(hole, "{1}", 3) == 0) {
            arg = a1;
            skip = hole[1] == '}' ? 2 : 3;
        } else if (strncmp(hole, "{2}", 3) == 0) {
            arg = a2;
            skip = 3;
        }
        if (skip == 0) { /* a brace that is no placeholder stays as it is */
            put(&s, hole, 1);
            msg = hole + 1;
            continue;
        }
        if (arg) {
            put_str(&s, arg);
        }
        msg = hole + skip;
    }
    return out;
}

char *i18n_format(Lang lang, I18nId id, const char *arg, char *out, size_t cap)
{
    return i18n_format2(lang, id, arg, NULL, out, cap);
}

/* Day of week for a Gregorian date, 0 = Sunday (Sakamoto's method). */
static int weekday(int y, int m, int d)
{
    static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    if (m < 3) {
        y -= 1;
    }
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

char *i18n_date(Lang lang, const char *iso_date, char *out, size_t cap)
{
    int y, m, d;
    char tail;
    if (cap == 0) {
        return out;
    }
    Sink s = {out, cap, 0, 0};
    out[0] = '\0';
    if (!iso_date || sscanf(iso_date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || y < 1 || m < 1 ||
        m > 12 || d < 1 || d > days_in_month(y, m)) {
        put_str(&s, iso_date ? iso_date : "");
        return out;
    }
    /* Both languages write weekday, day, month, year in this order. */
    char num[16];
    put_str(&s, translate(lang, KEY_WEEKDAY + (size_t)weekday(y, m, d)));
    snprintf(num, sizeof num, " %d ", d);
    put_str(&s, num);
    put_str(&s, translate(lang, KEY_MONTH + (size_t)(m - 1)));
    snprintf(num, sizeof num, " %d", y);
    put_str(&s, num);
    return out;
}

Lang i18n_lang_from_code(const char *code)
{
    for (int lang = 0; code && lang < LANG_COUNT; lang++) {
        if (strcmp(code, LANG_CODES[lang]) == 0) {
            return (Lang)lang;
        }
    }
    return LANG_SV;
}
