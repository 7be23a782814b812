/* event: reads the organiser's event file, a small INI file describing one meeting.
 *
 * libinih splits lines into sections and key = value pairs; everything else is ours,
 * because the organiser must hear about every typo with a file and a line. inih as
 * Debian builds it gives the handler no line number, continues an indented line as the
 * previous value, and cuts lines at 200 bytes into two. So it reads through our own line
 * reader: the reader counts lines (inih asks for exactly one line per call, so the
 * handler runs for the line read last), rejects invalid UTF-8, control characters,
 * overlong lines and unknown sections before inih sees them, and strips leading blanks
 * so a line is never taken as a continuation. A value therefore has to fit on one line of
 * inih's length (197 bytes with the key in Debian's build), less than the struct holds.
 *
 * The reader also follows the sections ([event], [question.N], [reflection]), so it can
 * hold questions to 1, 2, 3 ... in order and check that a question section has both its
 * texts when the next section begins. What depends on the whole file (phases that need a
 * question, the feedback link, which is checked with the event's key) is checked last.
 */
#include "core/event.h"

#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/badge.h"
#include "core/link.h"
#include "core/text.h"
#include "core/textfile.h"

#define EVENT_FILE_MAX   (64 * 1024) /* bytes; an event file is a few hundred */
#define EVENT_NUMBER_MAX 4           /* digits of a number value; the largest allowed is 3650 */

/* The sections a file may have. The reader sets the current one from each header line,
 * so the handler knows it without parsing inih's copy of the name again. */
typedef enum Section { SEC_NONE, SEC_EVENT, SEC_QUESTION, SEC_REFLECTION, SEC_BADGE } Section;

typedef enum EventField {
    EF_ID,
    EF_TITLE,
    EF_DATE,
    EF_START,
    EF_VENUE,
    EF_THEME,
    EF_ORGANISER,
    EF_LANGUAGE,
    EF_NEXT_MEETING,
    EF_PHASES,
    EF_FEEDBACK_URL,
    EF_THANKS,
    EF_REPEAT,
    EF_RETENTION,
    EF_SOUND,
    EF_BOARD,
    EF_TOPICS,
    EF_WALKIN_EMAIL,
    EF_QUESTION_SV, /* the first field of [question.N]; see question_fields_reset */
    EF_QUESTION_EN,
    EF_SCALE,
    EF_WORDS_SV,
    EF_WORDS_EN,
    EF_REFLECTION_SV,
    EF_REFLECTION_EN,
    EF_REFLECTION_MAX,
    EF_BADGE_PRINTER,
    EF_BADGE_LABEL,
    EF_BADGE_ORIENTATION,
    EF_BADGE_FIELDS,
    EF_BADGE_QR,
    EF_BADGE_LOGO,
    EF_COUNT
} EventField;

typedef enum ValueKind {
    VK_TEXT,
    VK_ID,
    VK_DATE,
    VK_TIME,
    VK_LANG,
    VK_PHASES,
    VK_SCALE,
    VK_WORDS,  /* words under a scale, separated by '|' */
    VK_TOPICS, /* the board's topics, separated by '|' */
    VK_NUMBER,
    VK_LABEL,       /* a badge label (badge_label_parse) */
    VK_ORIENTATION, /* landscape or portrait */
    VK_BADGE_FIELDS,
    VK_YES_NO,
    VK_WALKIN_EMAIL /* never, optional or with_consent */
} ValueKind;

/* Where a field lives: in EventInfo, or in the EventQuestion of the current section. */
typedef enum FieldBase { IN_EVENT, IN_QUESTION } FieldBase;

#define FIELD(member) IN_EVENT, offsetof(EventInfo, member), sizeof(((EventInfo *)0)->member)
#define QFIELD(member)                                                                             \
    IN_QUESTION, offsetof(EventQuestion, member), sizeof(((EventQuestion *)0)->member)

const char *const EVENT_WALKIN_EMAIL_NAMES[EVENT_WALKIN_EMAIL_COUNT] = {
    [EVENT_WALKIN_EMAIL_NEVER] = "never",
    [EVENT_WALKIN_EMAIL_OPTIONAL] = "optional",
    [EVENT_WALKIN_EMAIL_WITH_CONSENT] = "with_consent",
};

/* One row per field: its section, its name in messages, where it lives, how to check it. */
static const struct {
    Section section;
    const char *name;
    FieldBase base;
    size_t offset; /* into EventInfo or EventQuestion */
    size_t cap;    /* bytes, including the NUL, for text; sizeof(int) otherwise */
    ValueKind kind;
    const char *if_empty; /* VK_TEXT: what to write when the value must not be empty */
    int min, max, def;    /* VK_NUMBER: allowed range and default */
} FIELDS[EF_COUNT] = {
    [EF_ID] = {SEC_EVENT, "id", FIELD(key), VK_ID, NULL, 0, 0, 0},
    [EF_TITLE] = {SEC_EVENT, "title", FIELD(title), VK_TEXT, "write the meeting's title", 0, 0, 0},
    [EF_DATE] = {SEC_EVENT, "date", FIELD(date), VK_DATE, NULL, 0, 0, 0},
    [EF_START] = {SEC_EVENT, "start", FIELD(start_time), VK_TIME, NULL, 0, 0, 0},
    [EF_VENUE] = {SEC_EVENT, "venue", FIELD(venue), VK_TEXT, NULL, 0, 0, 0},
    [EF_THEME] = {SEC_EVENT, "theme", FIELD(theme), VK_TEXT, NULL, 0, 0, 0},
    [EF_ORGANISER] = {SEC_EVENT, "organiser", FIELD(organiser), VK_TEXT, NULL, 0, 0, 0},
    [EF_LANGUAGE] = {SEC_EVENT, "language", FIELD(language), VK_LANG, NULL, 0, 0, 0},
    [EF_NEXT_MEETING] = {SEC_EVENT, "next_meeting", FIELD(next_meeting), VK_TEXT, NULL, 0, 0, 0},
    [EF_PHASES] = {SEC_EVENT, "phases", FIELD(phases), VK_PHASES, NULL, 0, 0, 0},
    /* Checked with link_check_template once the whole file, and so the key, is known. */
    [EF_FEEDBACK_URL] = {SEC_EVENT, "feedback_url", FIELD(feedback_url), VK_TEXT, NULL, 0, 0, 0},
    [EF_THANKS] = {SEC_EVENT, "thanks_seconds", FIELD(thanks_seconds), VK_NUMBER, NULL, 5, 120, 20},
    [EF_REPEAT] = {SEC_EVENT, "repeat_seconds", FIELD(repeat_seconds), VK_NUMBER, NULL, 0, 60, 5},
    /* Names and check-ins are purged this many days after the date (store_purge). */
    [EF_RETENTION] = {SEC_EVENT, "retention_days", FIELD(retention_days), VK_NUMBER, NULL, 1, 3650,
                      90},
    [EF_SOUND] = {SEC_EVENT, "sound", FIELD(sound), VK_YES_NO, NULL, 0, 0, 0},
    [EF_BOARD] = {SEC_EVENT, "board", FIELD(board), VK_YES_NO, NULL, 0, 0, 0},
    [EF_TOPICS] = {SEC_EVENT, "topics", FIELD(topics), VK_TOPICS, NULL, 0, 0, 0},
    [EF_WALKIN_EMAIL] = {SEC_EVENT, "walkin_email", FIELD(walkin_email), VK_WALKIN_EMAIL, NULL, 0,
                         0, 0},
    [EF_QUESTION_SV] = {SEC_QUESTION, "sv", QFIELD(text[LANG_SV]), VK_TEXT,
                        "write the question in Swedish", 0, 0, 0},
    [EF_QUESTION_EN] = {SEC_QUESTION, "en", QFIELD(text[LANG_EN]), VK_TEXT,
                        "write the question in English", 0, 0, 0},
    [EF_SCALE] = {SEC_QUESTION, "scale", QFIELD(scale), VK_SCALE, NULL, 0, 0, 0},
    [EF_WORDS_SV] = {SEC_QUESTION, "words_sv", QFIELD(words[LANG_SV]), VK_WORDS, NULL, 0, 0, 0},
    [EF_WORDS_EN] = {SEC_QUESTION, "words_en", QFIELD(words[LANG_EN]), VK_WORDS, NULL, 0, 0, 0},
    /* An empty prompt is allowed: the kiosk then shows its built-in one. */
    [EF_REFLECTION_SV] = {SEC_REFLECTION, "sv", FIELD(reflection_prompt[LANG_SV]), VK_TEXT, NULL, 0,
                          0, 0},
    [EF_REFLECTION_EN] = {SEC_REFLECTION, "en", FIELD(reflection_prompt[LANG_EN]), VK_TEXT, NULL, 0,
                          0, 0},
    [EF_REFLECTION_MAX] = {SEC_REFLECTION, "max_length", FIELD(reflection_max), VK_NUMBER, NULL, 1,
                           EVENT_REFLECTION_HARD_MAX, EVENT_REFLECTION_DEFAULT_MAX},
    [EF_BADGE_PRINTER] = {SEC_BADGE, "printer", FIELD(badge.printer), VK_TEXT,
                          "write the CUPS queue (lpstat -p lists them) or an ipp:// address", 0, 0,
                          0},
    [EF_BADGE_LABEL] = {SEC_BADGE, "label", FIELD(badge.label), VK_LABEL, NULL, 0, 0, 0},
    [EF_BADGE_ORIENTATION] = {SEC_BADGE, "orientation", FIELD(badge.portrait), VK_ORIENTATION, NULL,
                              0, 0, 0},
    [EF_BADGE_FIELDS] = {SEC_BADGE, "fields", FIELD(badge.fields), VK_BADGE_FIELDS, NULL, 0, 0, 0},
    [EF_BADGE_QR] = {SEC_BADGE, "qr", FIELD(badge.qr), VK_YES_NO, NULL, 0, 0, 0},
    [EF_BADGE_LOGO] = {SEC_BADGE, "logo", FIELD(badge.logo), VK_TEXT, NULL, 0, 0, 0},
};

/* Key names in their folded form (see find_field). Swedish organisers may write the
 * Swedish word. A name may appear in several sections ("sv"); the section decides. */
static const struct {
    const char *key;
    EventField field;
} KEYS[] = {
    {"id", EF_ID},
    {"title", EF_TITLE},
    {"titel", EF_TITLE},
    {"date", EF_DATE},
    {"datum", EF_DATE},
    {"start", EF_START},
    {"starttid", EF_START},
    {"venue", EF_VENUE},
    {"plats", EF_VENUE},
    {"theme", EF_THEME},
    {"tema", EF_THEME},
    {"organiser", EF_ORGANISER},
    {"organizer", EF_ORGANISER},
    {"arrangor", EF_ORGANISER},
    {"language", EF_LANGUAGE},
    {"sprak", EF_LANGUAGE},
    {"next_meeting", EF_NEXT_MEETING},
    {"nasta_traff", EF_NEXT_MEETING},
    {"phases", EF_PHASES},
    {"faser", EF_PHASES},
    {"feedback_url", EF_FEEDBACK_URL},
    {"thanks_seconds", EF_THANKS},
    {"repeat_seconds", EF_REPEAT},
    {"retention_days", EF_RETENTION},
    {"sound", EF_SOUND},
    {"ljud", EF_SOUND},
    {"board", EF_BOARD},
    {"tavla", EF_BOARD},
    {"topics", EF_TOPICS},
    {"amnen", EF_TOPICS},
    {"samtalsamnen", EF_TOPICS},
    {"walkin_email", EF_WALKIN_EMAIL},
    {"walkin_epost", EF_WALKIN_EMAIL},
    {"sv", EF_QUESTION_SV},
    {"en", EF_QUESTION_EN},
    {"scale", EF_SCALE},
    {"skala", EF_SCALE},
    {"words_sv", EF_WORDS_SV},
    {"ord_sv", EF_WORDS_SV},
    {"words_en", EF_WORDS_EN},
    {"ord_en", EF_WORDS_EN},
    {"sv", EF_REFLECTION_SV},
    {"en", EF_REFLECTION_EN},
    {"max_length", EF_REFLECTION_MAX},
    {"max_langd", EF_REFLECTION_MAX},
    {"printer", EF_BADGE_PRINTER},
    {"skrivare", EF_BADGE_PRINTER},
    {"label", EF_BADGE_LABEL},
    {"etikett", EF_BADGE_LABEL},
    {"orientation", EF_BADGE_ORIENTATION},
    {"riktning", EF_BADGE_ORIENTATION},
    {"fields", EF_BADGE_FIELDS},
    {"falt", EF_BADGE_FIELDS},
    {"qr", EF_BADGE_QR},
    {"logo", EF_BADGE_LOGO},
    {"logotyp", EF_BADGE_LOGO},
};

/* The [badge] fields' words (folded), and the orientations. */
static const struct {
    const char *word;
    unsigned field; /* BADGE_FIELD_*, 0 for the name (always there) */
} BADGE_FIELD_WORDS[] = {
    {"name", 0},
    {"namn", 0},
    {"organisation", BADGE_FIELD_ORGANISATION},
    {"organization", BADGE_FIELD_ORGANISATION},
    {"org", BADGE_FIELD_ORGANISATION},
    {"foretag", BADGE_FIELD_ORGANISATION},
    {"role", BADGE_FIELD_ROLE},
    {"roll", BADGE_FIELD_ROLE},
    {"titel", BADGE_FIELD_ROLE},
    {"event", BADGE_FIELD_EVENT},
    {"meeting", BADGE_FIELD_EVENT},
    {"traff", BADGE_FIELD_EVENT},
    {"date", BADGE_FIELD_DATE},
    {"datum", BADGE_FIELD_DATE},
};

/* Values of phases, folded with everything but letters removed ("check-in" is
 * "checkin", "båda" is "bada"). */
static const struct {
    const char *word;
    EventPhases phases;
} PHASE_WORDS[] = {
    {"checkin", EVENT_PHASE_CHECKIN},   {"incheckning", EVENT_PHASE_CHECKIN},
    {"feedback", EVENT_PHASE_FEEDBACK}, {"both", EVENT_PHASE_BOTH},
    {"bada", EVENT_PHASE_BOTH},
};

/* Values of scale, in any case. "0-10" is what organisers call the NPS scale. */
static const struct {
    const char *word;
    EventScale scale;
} SCALE_WORDS[] = {
    {"smileys", EVENT_SCALE_SMILEYS},
    {"smiley", EVENT_SCALE_SMILEYS},
    {"nps", EVENT_SCALE_NPS},
    {"0-10", EVENT_SCALE_NPS},
};

typedef struct Parse {
    const char *name; /* file name for messages */
    const char *data; /* whole file, BOM skipped */
    size_t len;
    size_t pos;         /* start of the next line to hand to inih */
    int line;           /* 1-based number of the line handed to inih last */
    int line_cap;       /* longest line inih accepts, in bytes, learnt from its reader call */
    int seen[EF_COUNT]; /* line where each field was set, 0 if not yet (question fields: in
                           the current [question.N] only) */
    Section section;    /* section of the line handed to inih last */
    int question;       /* 0-based index of the current [question.N] */
    int question_line[EVENT_MAX_QUESTIONS]; /* line of each [question.N] header */
    int word_count[LANG_COUNT];             /* words_sv / words_en of the current question */
    int badge_line;                         /* line of the [badge] header, 0 if none */
    EventInfo *out;
    char *err;
    size_t errcap;
    int err_line; /* line of the first error we found, 0 if none */
} Parse;

/* Records the first error only, at line: inih goes on after a failed handler call, and
 * what the organiser needs is the first thing to fix. */
static void vfail_at(Parse *p, int line, const char *fmt, va_list ap)
{
    if (p->err_line) {
        return;
    }
    p->err_line = line;
    char raw[512], msg[512];
    vsnprintf(raw, sizeof raw, fmt, ap);
    /* Messages quote the file, which may hold control characters or a character cut short
     * (inih keeps 50 bytes of a section name): the message must stay one valid line. */
    text_clean_line(msg, sizeof msg, raw, strlen(raw));
    text_printf(p->err, p->errcap, "%s:%d: %s", p->name, line, msg);
}

static void fail_at(Parse *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(p, line, fmt, ap);
    va_end(ap);
}

/* The same for the line handed to inih last. */
static void fail(Parse *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail_at(p, p->line, fmt, ap);
    va_end(ap);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Finds the line starting at pos: returns its end (before the line break) and stores the
 * start of the next line in *next. A lone CR counts as a line break, as editors show it. */
static size_t line_end(const char *s, size_t len, size_t pos, size_t *next)
{
    size_t end = pos;
    while (end < len && s[end] != '\n' && s[end] != '\r') {
        end++;
    }
    *next = end;
    if (end < len) {
        *next = (s[end] == '\r' && end + 1 < len && s[end + 1] == '\n') ? end + 2 : end + 1;
    }
    return end;
}

/* Forgets the question fields seen, for a new [question.N]. */
static void question_fields_reset(Parse *p)
{
    p->seen[EF_QUESTION_SV] = p->seen[EF_QUESTION_EN] = p->seen[EF_SCALE] = 0;
    p->seen[EF_WORDS_SV] = p->seen[EF_WORDS_EN] = 0;
    p->word_count[LANG_SV] = p->word_count[LANG_EN] = 0;
}

/* Ends a question's words: given in one language they are needed in the other, and their
 * number is the scale's, which the section may name after them. Returns false after
 * fail_at(). */
static bool close_words(Parse *p)
{
    static const EventField keys[LANG_COUNT] = {[LANG_SV] = EF_WORDS_SV, [LANG_EN] = EF_WORDS_EN};
    static const char *const language[LANG_COUNT] = {[LANG_SV] = "Swedish", [LANG_EN] = "English"};
    int sv = p->seen[EF_WORDS_SV], en = p->seen[EF_WORDS_EN];
    if (!sv && !en) {
        return true;
    }
    if (!sv || !en) {
        Lang have = sv ? LANG_SV : LANG_EN, need = sv ? LANG_EN : LANG_SV;
        fail_at(p, p->seen[keys[have]],
                "[question.%d] has %s but no %s; add a line '%s = ...' with the same words in %s",
                p->question + 1, FIELDS[keys[have]].name, FIELDS[keys[need]].name,
                FIELDS[keys[need]].name, language[need]);
        return false;
    }
    EventQuestion *q = &p->out->questions[p->question];
    int need = event_scale_words(q->scale);
    for (int l = 0; l < LANG_COUNT; l++) {
        int n = p->word_count[l];
        if (n != need) {
            fail_at(p, p->seen[keys[l]],
                    "%s in [question.%d] has %d word%s; the %s scale needs %d separated by '|': "
                    "%s",
                    FIELDS[keys[l]].name, p->question + 1, n, n == 1 ? "" : "s",
                    q->scale == EVENT_SCALE_NPS ? "0-10" : "smiley", need,
                    q->scale == EVENT_SCALE_NPS ? "the word for 0, then the word for 10"
                                                : "from the worst to the best");
            return false;
        }
    }
    q->word_count = need;
    return true;
}

/* Ends the current section: a question needs its text in both languages. The message
 * names the section's header line, where the missing line belongs. */
static bool close_section(Parse *p)
{
    if (p->section != SEC_QUESTION) {
        return true;
    }
    static const struct {
        EventField field;
        const char *language;
    } need[] = {{EF_QUESTION_SV, "Swedish"}, {EF_QUESTION_EN, "English"}};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const char *key = FIELDS[need[i].field].name;
        if (!p->seen[need[i].field]) {
            fail_at(p, p->question_line[p->question],
                    "[question.%d] has no '%s' text; add a line '%s = ...' with the question in %s",
                    p->question + 1, key, key, need[i].language);
            return false;
        }
    }
    return close_words(p);
}

/* A [question.N] header; rest is what follows "question" in the name. Questions are
 * numbered 1, 2, 3 ... in the order of the file, so a missing one is noticed. */
static bool enter_question(Parse *p, const char *rest, size_t n, const char *raw, int raw_len)
{
    size_t digits = 0;
    while (1 + digits < n && rest[1 + digits] >= '0' && rest[1 + digits] <= '9') {
        digits++;
    }
    if (n < 2 || rest[0] != '.' || 1 + digits != n) {
        fail(p,
             "unknown section [%.*s]; a question section is written [question.1], "
             "[question.2] ... up to [question.%d]",
             raw_len, raw, EVENT_MAX_QUESTIONS);
        return false;
    }
    int number = 0;
    for (size_t i = 0; i < digits && number <= EVENT_MAX_QUESTIONS; i++) {
        number = number * 10 + (rest[1 + i] - '0');
    }
    int count = p->out->question_count;
    if (number == 0) {
        fail(p, "questions are numbered from 1; write [question.1]");
        return false;
    }
    if (number > EVENT_MAX_QUESTIONS) {
        fail(p, "at most %d questions, [question.1] to [question.%d]; remove [%.*s]",
             EVENT_MAX_QUESTIONS, EVENT_MAX_QUESTIONS, raw_len, raw);
        return false;
    }
    if (number <= count) {
        fail(p, "[question.%d] is given twice (first on line %d); keep one of them", number,
             p->question_line[number - 1]);
        return false;
    }
    if (number > count + 1) {
        fail(p,
             "[question.%d] comes without [question.%d] before it; number the questions 1, 2, "
             "3 ... in order, without gaps",
             number, count + 1);
        return false;
    }
    p->out->question_count = number;
    p->question = number - 1;
    p->question_line[number - 1] = p->line;
    question_fields_reset(p);
    p->section = SEC_QUESTION;
    return true;
}

/* A section header: ends the section before it and makes name (without the brackets,
 * raw as written for messages) the current one. Returns false after fail(). */
static bool enter_section(Parse *p, const char *raw, size_t raw_len)
{
    if (!close_section(p)) {
        return false;
    }
    const char *a = raw, *b = raw + raw_len;
    while (a < b && is_blank(*a)) {
        a++;
    }
    while (b > a && is_blank(b[-1])) {
        b--;
    }
    size_t n = (size_t)(b - a);
    static const char question[] = "question";
    const size_t qlen = sizeof question - 1;
    if (n == 5 && strncasecmp(a, "event", 5) == 0) {
        p->section = SEC_EVENT;
    } else if (n == 10 && strncasecmp(a, "reflection", 10) == 0) {
        p->section = SEC_REFLECTION;
    } else if (n == 5 && strncasecmp(a, "badge", 5) == 0) {
        if (p->badge_line) {
            fail(p, "[badge] is given twice (first on line %d); keep one", p->badge_line);
            return false;
        }
        p->section = SEC_BADGE;
        p->badge_line = p->line;
        p->out->badge.enabled = true;
        p->out->badge.fields = BADGE_FIELD_ORGANISATION;
    } else if (n >= qlen && strncasecmp(a, question, qlen) == 0) {
        return enter_question(p, a + qlen, n - qlen, raw, (int)raw_len);
    } else {
        fail(p,
             "unknown section [%.*s]; the sections are [event], [question.1] to [question.%d], "
             "[reflection] and [badge]",
             (int)raw_len, raw, EVENT_MAX_QUESTIONS);
        return false;
    }
    return true;
}

/* Checks what inih would otherwise accept silently, and follows the sections. Returns
 * false after fail(). */
static bool check_line(Parse *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = text_decode(s + i, n - i, &cp);
        if (k == 0) {
            fail(p, "the text is not valid UTF-8; save the file with UTF-8 encoding");
            return false;
        }
        if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
            fail(p, "control character U+%04X in the line; remove it", (unsigned)cp);
            return false;
        }
        i += k;
    }
    if (n > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', n);
        if (close && !enter_section(p, s + 1, (size_t)(close - s - 1))) {
            return false;
        }
    }
    if (p->line_cap > 0 && n > (size_t)p->line_cap) {
        fail(p, "line is too long (%zu bytes, at most %d); shorten the value", n, p->line_cap);
        return false;
    }
    return true;
}

/* inih's fgets-style reader: hands over one line, trimmed, or NULL at the end or after the
 * first error so the rest is not parsed. */
static char *read_line(char *str, int num, void *stream)
{
    Parse *p = stream;
    if (p->err_line || p->pos >= p->len || num < 4) {
        return NULL;
    }
    /* The line goes over as fgets would give it: text, '\n', NUL. */
    p->line_cap = num - 3;

    size_t next;
    size_t end = line_end(p->data, p->len, p->pos, &next);
    const char *s = p->data + p->pos;
    size_t n = end - p->pos;
    p->pos = next;
    p->line++;

    while (n > 0 && is_blank(*s)) {
        s++;
        n--;
    }
    while (n > 0 && is_blank(s[n - 1])) {
        n--;
    }
    if (!check_line(p, s, n)) {
        return NULL;
    }
    memcpy(str, s, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static bool is_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
    }
    return true;
}

static int number(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static bool valid_date(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-' || !is_digits(v, 4) || !is_digits(v + 5, 2) ||
        !is_digits(v + 8, 2)) {
        return false;
    }
    int y = number(v, 4), m = number(v + 5, 2), d = number(v + 8, 2);
    static const int DAYS[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) {
        return false;
    }
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= DAYS[m - 1] + (m == 2 && leap);
}

/* Accepts H:MM or HH:MM, and the Swedish 09.00, writing the normal form HH:MM. */
static bool parse_time(const char *v, char out[6])
{
    size_t n = strlen(v);
    if (n < 4 || n > 5 || (v[n - 3] != ':' && v[n - 3] != '.') || !is_digits(v, n - 3) ||
        !is_digits(v + n - 2, 2)) {
        return false;
    }
    int h = number(v, n - 3), m = number(v + n - 2, 2);
    if (h > 23 || m > 59) {
        return false;
    }
    out[0] = (char)('0' + h / 10);
    out[1] = (char)('0' + h % 10);
    out[2] = ':';
    out[3] = (char)('0' + m / 10);
    out[4] = (char)('0' + m % 10);
    out[5] = '\0';
    return true;
}

static bool valid_id(const char *v)
{
    for (; *v; v++) {
        char c = *v;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.')) {
            return false;
        }
    }
    return true;
}

/* Looks a key of the section up in KEYS. The key is folded (any case, no diacritics) and
 * every run of other characters becomes one '_', so "Next meeting", "next-meeting" and
 * "ARRANGÖR" all name their field. Returns the field, or -1. */
static int find_field(Section section, const char *key)
{
    char folded[128], k[128];
    text_fold(folded, sizeof folded, key);
    size_t n = 0;
    bool gap = false;
    for (const char *s = folded; *s && n < sizeof k - 2; s++) {
        if (*s == ' ') {
            gap = n > 0;
            continue;
        }
        if (gap) {
            k[n++] = '_';
        }
        gap = false;
        k[n++] = *s;
    }
    k[n] = '\0';
    for (size_t i = 0; i < sizeof KEYS / sizeof KEYS[0]; i++) {
        if (FIELDS[KEYS[i].field].section == section && strcmp(KEYS[i].key, k) == 0) {
            return (int)KEYS[i].field;
        }
    }
    return -1;
}

/* The current section's header for messages: "[event]", "[question.2]", "[reflection]". */
static const char *section_label(const Parse *p, char *buf, size_t cap)
{
    switch (p->section) {
    case SEC_QUESTION: snprintf(buf, cap, "[question.%d]", p->question + 1); break;
    case SEC_REFLECTION: snprintf(buf, cap, "[reflection]"); break;
    case SEC_BADGE: snprintf(buf, cap, "[badge]"); break;
    default: snprintf(buf, cap, "[event]"); break;
    }
    return buf;
}

/* A field's name in messages: "title", or "sv in [question.2]" where the name alone is
 * ambiguous. */
static const char *field_label(const Parse *p, int f, char *buf, size_t cap)
{
    if (FIELDS[f].section == SEC_EVENT) {
        snprintf(buf, cap, "%s", FIELDS[f].name);
    } else {
        char sec[32];
        snprintf(buf, cap, "%s in %s", FIELDS[f].name, section_label(p, sec, sizeof sec));
    }
    return buf;
}

/* "unknown key" with the keys the current section does know, from FIELDS. */
static void fail_unknown_key(Parse *p, const char *key)
{
    char known[320] = "", sec[32];
    size_t n = 0, total = 0, at = 0;
    for (int f = 0; f < EF_COUNT; f++) {
        total += FIELDS[f].section == p->section;
    }
    for (int f = 0; f < EF_COUNT && at < sizeof known; f++) {
        if (FIELDS[f].section != p->section) {
            continue;
        }
        const char *sep = n == 0 ? "" : n + 1 == total ? " and " : ", ";
        int w = snprintf(known + at, sizeof known - at, "%s%s", sep, FIELDS[f].name);
        at += w > 0 ? (size_t)w : 0;
        n++;
    }
    fail(p, "unknown key '%s' in %s; known keys are %s", key, section_label(p, sec, sizeof sec),
         known);
}

/* A whole number of at most EVENT_NUMBER_MAX digits in [min, max]. */
static bool parse_number(const char *v, int min, int max, int *out)
{
    size_t n = strlen(v);
    if (n == 0 || n > EVENT_NUMBER_MAX || !is_digits(v, n)) {
        return false;
    }
    int x = number(v, n);
    if (x < min || x > max) {
        return false;
    }
    *out = x;
    return true;
}

static bool parse_phases(const char *v, int *out)
{
    char folded[64], word[64];
    text_fold(folded, sizeof folded, v);
    size_t n = 0;
    for (const char *s = folded; *s && n < sizeof word - 1; s++) {
        if (*s >= 'a' && *s <= 'z') {
            word[n++] = *s;
        }
    }
    word[n] = '\0';
    for (size_t i = 0; n > 0 && i < sizeof PHASE_WORDS / sizeof PHASE_WORDS[0]; i++) {
        if (strcmp(PHASE_WORDS[i].word, word) == 0) {
            *out = (int)PHASE_WORDS[i].phases;
            return true;
        }
    }
    return false;
}

static bool parse_scale(const char *v, EventScale *out)
{
    for (size_t i = 0; i < sizeof SCALE_WORDS / sizeof SCALE_WORDS[0]; i++) {
        if (strcasecmp(SCALE_WORDS[i].word, v) == 0) {
            *out = SCALE_WORDS[i].scale;
            return true;
        }
    }
    return false;
}

/* Reads "organisation, role" into BADGE_FIELD_* bits. An empty value is the name only. */
static bool parse_badge_fields(const char *value, unsigned *out)
{
    char folded[EVENT_TEXT_MAX];
    text_fold(folded, sizeof folded, value);
    *out = 0;
    for (char *w = folded; *w;) {
        size_t n = strcspn(w, " ");
        bool known = false;
        for (size_t i = 0; i < sizeof BADGE_FIELD_WORDS / sizeof BADGE_FIELD_WORDS[0]; i++) {
            if (strlen(BADGE_FIELD_WORDS[i].word) == n &&
                strncmp(BADGE_FIELD_WORDS[i].word, w, n) == 0) {
                *out |= BADGE_FIELD_WORDS[i].field;
                known = true;
            }
        }
        if (!known) {
            return false;
        }
        w += n;
        while (*w == ' ') {
            w++;
        }
    }
    return true;
}

/* Splits "w1 | w2 | ..." into words, blanks around each removed. Returns 0 and the count
 * in *count, or -1 with the 1-based number of the word at fault in *bad: an empty word
 * (*bad_len 0), a word too long (its length in *bad_len), or one too many (*bad is
 * EVENT_WORDS_MAX + 1). */
static int split_words(const char *text, char out[EVENT_WORDS_MAX][EVENT_WORD_MAX], int *count,
                       int *bad, size_t *bad_len)
{
    int n = 0;
    for (const char *w = text;; n++) {
        size_t len = strcspn(w, "|");
        const char *a = w, *b = w + len;
        while (a < b && is_blank(*a)) {
            a++;
        }
        while (b > a && is_blank(b[-1])) {
            b--;
        }
        size_t k = (size_t)(b - a);
        if (n == EVENT_WORDS_MAX || k == 0 || k >= EVENT_WORD_MAX) {
            *bad = n + 1;
            *bad_len = n == EVENT_WORDS_MAX ? 0 : k;
            return -1;
        }
        memcpy(out[n], a, k);
        out[n][k] = '\0';
        if (w[len] == '\0') {
            *count = n + 1;
            return 0;
        }
        w += len + 1;
    }
}

/* words_sv / words_en: the words of the current question in one language. */
static bool parse_words(Parse *p, int f, const char *label, const char *value)
{
    Lang lang = f == EF_WORDS_SV ? LANG_SV : LANG_EN;
    EventQuestion *q = &p->out->questions[p->question];
    int bad = 0;
    size_t bad_len = 0;
    if (value[0] == '\0') {
        fail(p,
             "%s is empty; write the words under the scale separated by '|', or remove the "
             "line for the kiosk's own words",
             label);
        return false;
    }
    if (split_words(value, q->words[lang], &p->word_count[lang], &bad, &bad_len) == 0) {
        return true;
    }
    if (bad > EVENT_WORDS_MAX) {
        fail(p, "%s has more than %d words; a scale has at most %d (the smileys)", label,
             EVENT_WORDS_MAX, EVENT_WORDS_MAX);
    } else if (bad_len == 0) {
        fail(p, "word %d of %s is empty; write a word between each '|'", bad, label);
    } else {
        fail(p, "word %d of %s is too long (%zu bytes, at most %d); shorten it", bad, label,
             bad_len, EVENT_WORD_MAX - 1);
    }
    return false;
}

/* topics: the board's topics, "rekrytering | upphandling | AI i drift". Each is one
 * tap at check-in and one heading on the board, so they are short, at most
 * EVENT_TOPICS_MAX, and no two the same (any case). */
static bool parse_topics(Parse *p, const char *value)
{
    EventInfo *ev = p->out;
    if (value[0] == '\0') {
        fail(p, "topics is empty; write up to %d topics separated by '|', or remove the line",
             EVENT_TOPICS_MAX);
        return false;
    }
    int n = 0;
    for (const char *w = value;; n++) {
        size_t len = strcspn(w, "|");
        const char *a = w, *b = w + len;
        while (a < b && is_blank(*a)) {
            a++;
        }
        while (b > a && is_blank(b[-1])) {
            b--;
        }
        size_t k = (size_t)(b - a);
        if (n == EVENT_TOPICS_MAX) {
            fail(p, "topics has more than %d topics; keep the %d that matter most",
                 EVENT_TOPICS_MAX, EVENT_TOPICS_MAX);
            return false;
        }
        if (k == 0) {
            fail(p, "topic %d of topics is empty; write a topic between each '|'", n + 1);
            return false;
        }
        if (k >= EVENT_TOPIC_MAX) {
            fail(p, "topic %d of topics is too long (%zu bytes, at most %d); shorten it", n + 1, k,
                 EVENT_TOPIC_MAX - 1);
            return false;
        }
        memcpy(ev->topics[n], a, k);
        ev->topics[n][k] = '\0';
        for (int i = 0; i < n; i++) {
            char x[EVENT_TOPIC_MAX * 2], y[EVENT_TOPIC_MAX * 2];
            text_fold(x, sizeof x, ev->topics[i]);
            text_fold(y, sizeof y, ev->topics[n]);
            if (strcmp(x, y) == 0) {
                fail(p, "topic %d of topics, '%s', is the same as topic %d; keep one of them",
                     n + 1, ev->topics[n], i + 1);
                return false;
            }
        }
        if (w[len] == '\0') {
            ev->topic_count = n + 1;
            return true;
        }
        w += len + 1;
    }
}

/* Where field f of the current section is stored. */
static char *field_dst(Parse *p, int f)
{
    char *base =
        FIELDS[f].base == IN_QUESTION ? (char *)&p->out->questions[p->question] : (char *)p->out;
    return base + FIELDS[f].offset;
}

/* inih calls this for every key = value; returning 0 marks the line as failed. */
static int on_value(void *user, const char *section, const char *key, const char *value)
{
    Parse *p = user;
    (void)section; /* the reader has set p->section from the same header */
    if (p->err_line) {
        return 0;
    }
    if (p->section == SEC_NONE) {
        fail(p, "'%s' comes before any section; put a line [event] above it", key);
        return 0;
    }
    int f = find_field(p->section, key);
    if (f < 0) {
        fail_unknown_key(p, key);
        return 0;
    }
    char label[64];
    field_label(p, f, label, sizeof label);
    if (p->seen[f]) {
        fail(p, "%s is given twice (first on line %d); keep one of them", label, p->seen[f]);
        return 0;
    }
    p->seen[f] = p->line;

    size_t n = strlen(value);
    if (strchr(value, '\t')) {
        fail(p, "the value of %s contains a tab; use spaces", label);
        return 0;
    }
    if ((FIELDS[f].kind == VK_TEXT || FIELDS[f].kind == VK_ID) && n >= FIELDS[f].cap) {
        fail(p, "the value of %s is too long (%zu bytes, at most %zu); shorten it", label, n,
             FIELDS[f].cap - 1);
        return 0;
    }
    char *dst = field_dst(p, f);
    switch (FIELDS[f].kind) {
    case VK_TEXT:
        if (FIELDS[f].if_empty && n == 0) {
            fail(p, "%s is empty; %s", label, FIELDS[f].if_empty);
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_ID:
        if (n == 0) {
            fail(p, "id is empty; write an id such as drift-2026-11 or remove the line");
            return 0;
        }
        if (!valid_id(value)) {
            fail(p, "id '%s' may contain only a-z, 0-9, '-', '_' and '.'; e.g. drift-2026-11",
                 value);
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_DATE:
        if (!valid_date(value)) {
            fail(p, "date '%s' is not a real date; write it as YYYY-MM-DD, e.g. 2026-11-26", value);
            return 0;
        }
        memcpy(dst, value, n + 1);
        break;
    case VK_TIME:
        if (n == 0) {
            dst[0] = '\0';
        } else if (!parse_time(value, dst)) {
            fail(p, "start '%s' is not a time of day; write it as HH:MM, e.g. 09:00", value);
            return 0;
        }
        break;
    case VK_LANG:
        if (strcasecmp(value, EVENT_LANG_SV) == 0) {
            strcpy(dst, EVENT_LANG_SV);
        } else if (strcasecmp(value, EVENT_LANG_EN) == 0) {
            strcpy(dst, EVENT_LANG_EN);
        } else {
            fail(p, "language '%s' is not supported; write sv or en", value);
            return 0;
        }
        break;
    case VK_PHASES:
        if (!parse_phases(value, &p->out->phases)) {
            fail(p, "phases '%s' is not known; write checkin, feedback or both", value);
            return 0;
        }
        break;
    case VK_SCALE:
        if (!parse_scale(value, &p->out->questions[p->question].scale)) {
            fail(p, "scale '%s' is not known; write smileys (1 to 5) or nps (0 to 10)", value);
            return 0;
        }
        break;
    case VK_WORDS:
        if (!parse_words(p, f, label, value)) {
            return 0;
        }
        break;
    case VK_TOPICS:
        if (!parse_topics(p, value)) {
            return 0;
        }
        break;
    case VK_LABEL: {
        BadgeLabel stock;
        char why[512];
        if (badge_label_parse(value, &stock, why, sizeof why) != 0) {
            fail(p, "label: %s", why);
            return 0;
        }
        snprintf(p->out->badge.label, sizeof p->out->badge.label, "%s", stock.id);
        break;
    }
    case VK_ORIENTATION: {
        char folded[32];
        text_fold(folded, sizeof folded, value);
        if (strcmp(folded, "landscape") == 0 || strcmp(folded, "liggande") == 0) {
            p->out->badge.portrait = false;
        } else if (strcmp(folded, "portrait") == 0 || strcmp(folded, "staende") == 0) {
            p->out->badge.portrait = true;
        } else {
            fail(p, "orientation '%s' is not known; write landscape or portrait", value);
            return 0;
        }
        break;
    }
    case VK_BADGE_FIELDS:
        if (!parse_badge_fields(value, &p->out->badge.fields)) {
            fail(p,
                 "fields '%s': write the fields besides the name, separated by commas, from "
                 "organisation, role, event and date (or leave the line empty for the name only)",
                 value);
            return 0;
        }
        break;
    case VK_WALKIN_EMAIL: {
        char folded[32];
        text_fold(folded, sizeof folded, value);
        for (char *c = folded; *c; c++) {
            *c = *c == ' ' ? '_' : *c; /* folding makes "with_consent" "with consent" */
        }
        /* Swedish too: aldrig, frivillig(t), med_samtycke; "consent" for with_consent. */
        static const struct {
            const char *word;
            EventWalkinEmail v;
        } words[] = {
            {"never", EVENT_WALKIN_EMAIL_NEVER},
            {"aldrig", EVENT_WALKIN_EMAIL_NEVER},
            {"optional", EVENT_WALKIN_EMAIL_OPTIONAL},
            {"frivillig", EVENT_WALKIN_EMAIL_OPTIONAL},
            {"frivilligt", EVENT_WALKIN_EMAIL_OPTIONAL},
            {"with_consent", EVENT_WALKIN_EMAIL_WITH_CONSENT},
            {"consent", EVENT_WALKIN_EMAIL_WITH_CONSENT},
            {"med_samtycke", EVENT_WALKIN_EMAIL_WITH_CONSENT},
        };
        bool known = false;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !known; i++) {
            if (strcmp(folded, words[i].word) == 0) {
                p->out->walkin_email = words[i].v;
                known = true;
            }
        }
        if (!known) {
            fail(p,
                 "%s '%s': write never (no e-mail field), optional, or with_consent (needed "
                 "from walk-ins who join the participant list)",
                 label, value);
            return 0;
        }
        break;
    }
    case VK_YES_NO: {
        char folded[16];
        text_fold(folded, sizeof folded, value);
        /* "på" and "av" fold to "pa" and "av": Swedish on and off. */
        static const char *const yes[] = {"yes", "ja", "on", "1", "true", "pa"};
        static const char *const no[] = {"no", "nej", "off", "0", "false", "av"};
        bool *flag = (bool *)(void *)dst;
        bool known = false;
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
            if (strcmp(folded, yes[i]) == 0) {
                *flag = true;
                known = true;
            } else if (strcmp(folded, no[i]) == 0) {
                *flag = false;
                known = true;
            }
        }
        if (!known) {
            fail(p, "%s '%s': write yes or no", label, value);
            return 0;
        }
        break;
    }
    case VK_NUMBER: {
        int x = 0;
        if (!parse_number(value, FIELDS[f].min, FIELDS[f].max, &x)) {
            fail(p, "%s '%s' is not a whole number from %d to %d; e.g. %d", label, value,
                 FIELDS[f].min, FIELDS[f].max, FIELDS[f].def);
            return 0;
        }
        memcpy(dst, &x, sizeof x);
        break;
    }
    }
    return 1;
}

/* Message for a line inih itself refused: no '=' or a section without its ']'. */
static void fail_syntax(Parse *p, int line)
{
    size_t pos = 0, next = 0, end = 0;
    for (int i = 1; i <= line && pos < p->len; i++) {
        end = line_end(p->data, p->len, pos, &next);
        if (i < line) {
            pos = next;
        }
    }
    while (pos < end && is_blank(p->data[pos])) {
        pos++;
    }
    p->err_line = 0;
    p->line = line;
    if (pos < end && p->data[pos] == '[') {
        fail(p, "section header has no closing ']'; write it as [event]");
    } else {
        fail(p, "expected 'key = value' or [event]; a value must fit on one line");
    }
}

/* The stable key when the file gives no id: date and title as a URL-safe slug, so the
 * same meeting imported twice is the same event. A title too long for the key is cut
 * after a whole word where there is one. */
static void default_key(EventInfo *ev)
{
    char folded[3 * EVENT_TEXT_MAX];
    text_fold(folded, sizeof folded, ev->title);

    const size_t cap = sizeof ev->key;
    size_t n = strlen(ev->date), word_end = n;
    memcpy(ev->key, ev->date, n);
    bool dash = true;
    for (const char *s = folded; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            dash = true;
            continue;
        }
        if (n + (dash ? 2 : 1) >= cap) {
            /* Out of room inside a word: go back to the end of the last whole one. */
            if (!dash && word_end > strlen(ev->date)) {
                n = word_end;
            }
            break;
        }
        if (dash) {
            word_end = n;
            ev->key[n++] = '-';
            dash = false;
        }
        ev->key[n++] = c;
    }
    ev->key[n] = '\0';
}

/* Checks that need the whole file: feedback needs a question to ask, and the link
 * template is checked against the event's key, which may come after it or from the
 * title. Messages name the line of the key concerned. */
static bool check_feedback(Parse *p)
{
    const EventInfo *ev = p->out;
    if ((ev->phases & EVENT_PHASE_FEEDBACK) && ev->question_count == 0) {
        fail_at(p, p->seen[EF_PHASES],
                "phases = %s needs at least one [question.1] section; add one, or write "
                "phases = checkin",
                ev->phases == EVENT_PHASE_BOTH ? "both" : "feedback");
        return false;
    }
    if (ev->feedback_url[0]) {
        char why[256] = "";
        if (link_check_template(ev->feedback_url, ev->key, why, sizeof why) != 0) {
            /* link_check_template's reasons say what to change. */
            fail_at(p, p->seen[EF_FEEDBACK_URL], "feedback_url cannot be used: %s",
                    why[0] ? why : "the link is not valid");
            return false;
        }
    }
    return true;
}

/* A [badge] section needs to know where to print and on what. */
static bool check_badge(Parse *p)
{
    if (!p->badge_line) {
        return true;
    }
    if (!p->seen[EF_BADGE_PRINTER]) {
        fail_at(p, p->badge_line,
                "[badge] has no printer; add 'printer = ' with the CUPS queue (lpstat -p lists "
                "them) or the printer's ipp:// address");
        return false;
    }
    if (!p->seen[EF_BADGE_LABEL]) {
        fail_at(p, p->badge_line, "[badge] has no label; add 'label = ' with one of: %s",
                badge_label_list());
        return false;
    }
    return true;
}

void event_defaults(EventInfo *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->phases = EVENT_PHASE_CHECKIN;
    /* The defaults live in the field table, next to their ranges. */
    for (int f = 0; f < EF_COUNT; f++) {
        if (FIELDS[f].kind == VK_NUMBER && FIELDS[f].base == IN_EVENT) {
            memcpy((char *)ev + FIELDS[f].offset, &FIELDS[f].def, sizeof FIELDS[f].def);
        }
    }
}

int event_parse(const char *name, const char *data, size_t len, EventInfo *out, char *err,
                size_t errcap)
{
    if (len > EVENT_FILE_MAX) {
        text_printf(err, errcap, "%s: file is larger than %d KiB; is it the right file?", name,
                    EVENT_FILE_MAX / 1024);
        return -1;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    event_defaults(out);
    Parse p = {.name = name, .data = data, .len = len, .out = out, .err = err, .errcap = errcap};

    int rc = ini_parse_stream(read_line, &p, on_value, &p);
    if (rc > 0 && (p.err_line == 0 || rc < p.err_line)) {
        fail_syntax(&p, rc);
    } else if (rc < 0 && !p.err_line) {
        text_printf(err, errcap, "%s: out of memory while reading", name);
    }
    if (rc == 0 && !p.err_line) {
        close_section(&p); /* the last section ends with the file */
    }
    if (rc < 0 || p.err_line) {
        return -1;
    }

    if (!p.seen[EF_TITLE]) {
        text_printf(err, errcap, "%s: missing required key 'title' in [event]", name);
        return -1;
    }
    if (!p.seen[EF_DATE]) {
        text_printf(err, errcap, "%s: missing required key 'date' in [event]", name);
        return -1;
    }
    if (!out->language[0]) {
        strcpy(out->language, EVENT_LANG_SV);
    }
    if (!out->key[0]) {
        default_key(out);
    }
    return check_feedback(&p) && check_badge(&p) ? 0 : -1;
}

/* The line of the first "logo" key in data, for a message about the file it names. */
static int logo_line(const char *data, size_t len)
{
    int line = 1;
    for (size_t pos = 0, next; pos < len; pos = next, line++) {
        size_t end = line_end(data, len, pos, &next);
        while (pos < end && is_blank(data[pos])) {
            pos++;
        }
        if (end - pos >= 4 && (strncasecmp(data + pos, "logo", 4) == 0)) {
            return line;
        }
        if (next == pos) {
            break;
        }
    }
    return 0;
}

int event_load(const char *path, EventInfo *out, char *err, size_t errcap)
{
    char *buf;
    size_t len;
    if (textfile_read(path, EVENT_FILE_MAX, &buf, &len, err, errcap) != 0) {
        return -1;
    }
    int rc = event_parse(path, buf, len, out, err, errcap);
    EventBadge *b = &out->badge;
    if (rc == 0 && b->enabled && b->logo[0]) {
        /* A relative logo lies beside the event file: the kiosk may run elsewhere. */
        char full[2 * EVENT_TEXT_MAX + 4096];
        const char *slash = strrchr(path, '/');
        if (b->logo[0] != '/' && slash != NULL) {
            snprintf(full, sizeof full, "%.*s/%s", (int)(slash - path), path, b->logo);
        } else {
            snprintf(full, sizeof full, "%s", b->logo);
        }
        FILE *f = fopen(full, "rb");
        unsigned char magic[8] = {0};
        bool png = f && fread(magic, 1, 8, f) == 8 && memcmp(magic, "\x89PNG\r\n\x1a\n", 8) == 0;
        if (f) {
            fclose(f);
        }
        int line = logo_line(buf, len);
        if (!png) {
            text_printf(err, errcap, "%s:%d: logo '%s' %s", path, line, full,
                        f ? "is not a PNG file; save it as PNG" : "cannot be read");
            rc = -1;
        } else if (strlen(full) >= sizeof b->logo) {
            text_printf(err, errcap,
                        "%s:%d: the logo's path is too long; move it beside the "
                        "event file",
                        path, line);
            rc = -1;
        } else {
            memcpy(b->logo, full, strlen(full) + 1); /* fits: checked just above */
        }
    }
    free(buf);
    return rc;
}

int event_scale_words(EventScale scale)
{
    return scale == EVENT_SCALE_NPS ? 2 : 5;
}

const char *event_question_word(const EventQuestion *q, Lang lang, int i)
{
    int n = event_scale_words(q->scale);
    if (i < 0 || i >= n) {
        return "";
    }
    if ((unsigned)lang >= LANG_COUNT) {
        lang = LANG_SV;
    }
    if (q->word_count == n && q->words[lang][i][0]) {
        return q->words[lang][i];
    }
    if (q->scale == EVENT_SCALE_NPS) {
        return i18n_text(lang, i == 0 ? I18N_NPS_LOW : I18N_NPS_HIGH);
    }
    return i18n_text(lang, (I18nId)(I18N_SMILEY_1 + i));
}

void event_words_join(const EventQuestion *q, Lang lang, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < q->word_count && i < EVENT_WORDS_MAX && at < cap; i++) {
        int w = snprintf(out + at, cap - at, "%s%s", i ? "|" : "", q->words[lang][i]);
        at += w > 0 ? (size_t)w : 0;
    }
}

int event_words_split(EventQuestion *q, Lang lang, const char *text)
{
    int count = 0, bad = 0;
    size_t bad_len = 0;
    memset(q->words[lang], 0, sizeof q->words[lang]);
    if (text[0] == '\0') {
        return 0;
    }
    return split_words(text, q->words[lang], &count, &bad, &bad_len) == 0 ? count : -1;
}

void event_topics_join(const EventInfo *ev, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (int i = 0; i < ev->topic_count && i < EVENT_TOPICS_MAX && at < cap; i++) {
        int w = snprintf(out + at, cap - at, "%s%s", i ? "|" : "", ev->topics[i]);
        at += w > 0 ? (size_t)w : 0;
    }
}

int event_topics_split(EventInfo *ev, const char *text)
{
    memset(ev->topics, 0, sizeof ev->topics);
    ev->topic_count = 0;
    if (text[0] == '\0') {
        return 0;
    }
    int n = 0;
    for (const char *w = text;; n++) {
        size_t len = strcspn(w, "|");
        if (n == EVENT_TOPICS_MAX || len == 0 || len >= EVENT_TOPIC_MAX) {
            memset(ev->topics, 0, sizeof ev->topics);
            return -1;
        }
        memcpy(ev->topics[n], w, len);
        ev->topics[n][len] = '\0';
        if (w[len] == '\0') {
            ev->topic_count = n + 1;
            return ev->topic_count;
        }
        w += len + 1;
    }
}

int event_topic_index(const EventInfo *ev, const char *topic)
{
    for (int i = 0; i < ev->topic_count && i < EVENT_TOPICS_MAX; i++) {
        if (strcmp(ev->topics[i], topic) == 0) {
            return i;
        }
    }
    return -1;
}

bool event_has_board(const EventInfo *ev)
{
    return ev->board || ev->topic_count > 0;
}
