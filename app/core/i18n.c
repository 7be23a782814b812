/* i18n: the kiosk's texts in Swedish and English.
 *
 * One table row per message id, one column per language. Swedish is the meeting
 * language and the fallback. Texts are short, friendly and addressed to "du"; they must
 * fit a 7" panel at the sizes the UI uses (tests/test_ui.c checks every one at 800x480).
 */
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

static const char *const MESSAGES[I18N_COUNT][LANG_COUNT] = {
    [I18N_CHECK_IN] = {"Checka in", "Check in"},
    [I18N_OTHER_LANGUAGE] = {"English", "Svenska"},
    [I18N_ORGANISER] = {"Arrangör: {}", "Organiser: {}"},
    [I18N_SEARCH_TITLE] = {"Skriv ditt namn", "Type your name"},
    [I18N_SEARCH_HINT] = {"Förnamn, efternamn eller organisation",
                          "First name, last name or organisation"},
    [I18N_NO_MATCH] = {"Ingen träff på ”{}”", "No match for “{}”"},
    [I18N_MORE_MATCHES] = {"{} till – skriv fler bokstäver", "{} more – keep typing"},
    [I18N_NOT_ON_LIST] = {"Inte på listan? Registrera dig", "Not on the list? Register"},
    [I18N_CONFIRM_TITLE] = {"Är det du?", "Is this you?"},
    [I18N_CONFIRM_YES] = {"Ja, checka in mig", "Yes, check me in"},
    [I18N_BACK] = {"Tillbaka", "Back"},
    [I18N_WELCOME_NAME] = {"Välkommen, {}!", "Welcome, {}!"},
    [I18N_WELCOME_SUB] = {"Du är incheckad. Trevligt att du kom!",
                          "You are checked in. Glad you came!"},
    [I18N_ALREADY_TITLE] = {"Du är redan incheckad, {}", "You are already checked in, {}"},
    [I18N_ALREADY_AT] = {"Du checkade in kl. {}. Välkommen in!",
                         "You checked in at {}. Come on in!"},
    [I18N_WALKIN_TITLE] = {"Registrera dig", "Register"},
    [I18N_WALKIN_NAME] = {"Namn", "Name"},
    [I18N_WALKIN_ORG] = {"Organisation", "Organisation"},
    [I18N_WALKIN_SUBMIT] = {"Registrera och checka in", "Register and check in"},
    [I18N_WALKIN_NEED_NAME] = {"Skriv ditt namn först", "Please type your name first"},
    [I18N_WALKIN_PRIVACY] = {"Du checkas in direkt. Uppgifterna används bara för det här mötet.",
                             "You are checked in at once. Your details are used for this "
                             "meeting only."},
    [I18N_OK] = {"OK", "OK"},
    [I18N_IDLE_WARNING] = {"Är du kvar? Startsidan visas om {} s.",
                           "Still there? Back to the start in {} s."},
    [I18N_STILL_HERE] = {"Jag är kvar", "I'm still here"},
    [I18N_TICKET_UNKNOWN] = {"Biljettkoden känns inte igen. Sök på ditt namn i stället.",
                             "Ticket code not recognised. Search for your name instead."},
    [I18N_SAVE_FAILED] = {"Det gick inte att spara. Be personalen om hjälp.",
                          "Could not save. Please ask the staff for help."},
    [I18N_DISK_FULL] = {"Minnet är fullt. Be personalen om hjälp.",
                        "Storage is full. Please ask the staff for help."},
    [I18N_NO_EVENT] = {"Inget möte är inläst", "No meeting loaded"},
    [I18N_NO_EVENT_HINT] = {"Läs in ett möte med: mingel import MÖTE.ini DELTAGARE.csv",
                            "Load a meeting with: mingel import EVENT.ini ATTENDEES.csv"},
    [I18N_CHECKED_IN_MARK] = {"incheckad", "checked in"},
    [I18N_SPACE] = {"mellanslag", "space"},
    [I18N_CLEAR] = {"Rensa", "Clear"},
    [I18N_TAP_TO_START] = {"Tryck för att checka in", "Tap to check in"},
    [I18N_GIVE_FEEDBACK] = {"Lämna feedback", "Give feedback"},
    [I18N_QUESTION_PROGRESS] = {"Fråga {1} av {2}", "Question {1} of {2}"},
    [I18N_SMILEY_1] = {"Mycket dåligt", "Very poor"},
    [I18N_SMILEY_2] = {"Dåligt", "Poor"},
    [I18N_SMILEY_3] = {"Okej", "Okay"},
    [I18N_SMILEY_4] = {"Bra", "Good"},
    [I18N_SMILEY_5] = {"Mycket bra", "Very good"},
    [I18N_NPS_LOW] = {"Inte alls troligt", "Not at all likely"},
    [I18N_NPS_HIGH] = {"Mycket troligt", "Extremely likely"},
    [I18N_SKIP] = {"Hoppa över", "Skip"},
    [I18N_SEND] = {"Skicka", "Send"},
    [I18N_CHARS_LEFT] = {"{} tecken kvar", "{} characters left"},
    [I18N_LIMIT_REACHED] = {"Max {} tecken", "At most {} characters"},
    [I18N_REFLECTION_DEFAULT] = {"Det viktigaste jag tar med mig från dagen är …",
                                 "The most important thing I take with me today is …"},
    [I18N_THANKS_TITLE] = {"Tack för din feedback!", "Thank you for your feedback!"},
    [I18N_THANKS_SCAN] = {"Vill du säga mer? Skanna koden med mobilen.",
                          "More to say? Scan the code with your phone."},
    [I18N_THANKS_NO_LINK] = {"Dina svar är sparade. Välkommen tillbaka!",
                             "Your answers are saved. See you next time!"},
};

static const char *const WEEKDAYS[LANG_COUNT][7] = {
    {"söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
};

static const char *const MONTHS[LANG_COUNT][12] = {
    {"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
     "oktober", "november", "december"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September",
     "October", "November", "December"},
};

const char *i18n_text(Lang lang, I18nId id)
{
    if ((unsigned)id >= I18N_COUNT)
        return "";
    if ((unsigned)lang >= LANG_COUNT || !MESSAGES[id][lang])
        lang = LANG_SV;
    return MESSAGES[id][lang] ? MESSAGES[id][lang] : "";
}

/* Appends src[0..n) to out at *len, never cutting a code point; stops when full. */
static void put(char *out, size_t cap, size_t *len, const char *src, size_t n)
{
    size_t room = cap - 1 - *len;
    if (n > room) {
        n = room;
        /* Back off to the start of a code point: continuation bytes are 10xxxxxx. */
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(out + *len, src, n);
    *len += n;
    out[*len] = '\0';
}

char *i18n_format2(Lang lang, I18nId id, const char *a1, const char *a2, char *out, size_t cap)
{
    if (cap == 0)
        return out;
    const char *msg = i18n_text(lang, id);
    size_t len = 0;
    out[0] = '\0';
    while (*msg) {
        const char *hole = strchr(msg, '{');
        if (!hole) {
            put(out, cap, &len, msg, strlen(msg));
            break;
        }
        put(out, cap, &len, msg, (size_t)(hole - msg));
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
            put(out, cap, &len, hole, 1);
            msg = hole + 1;
            continue;
        }
        if (arg)
            put(out, cap, &len, arg, strlen(arg));
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
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

char *i18n_date(Lang lang, const char *iso_date, char *out, size_t cap)
{
    int y, m, d;
    char tail;
    if (cap == 0)
        return out;
    if ((unsigned)lang >= LANG_COUNT)
        lang = LANG_SV;
    if (!iso_date || sscanf(iso_date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 ||
        d < 1 || d > 31 || y < 1) {
        snprintf(out, cap, "%s", iso_date ? iso_date : "");
        return out;
    }
    /* Both languages write weekday, day, month, year in this order. */
    snprintf(out, cap, "%s %d %s %d", WEEKDAYS[lang][weekday(y, m, d)], d, MONTHS[lang][m - 1], y);
    return out;
}

Lang i18n_lang_from_code(const char *code)
{
    if (code && strcmp(code, "en") == 0)
        return LANG_EN;
    return LANG_SV;
}
