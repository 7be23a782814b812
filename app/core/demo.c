/* demo: a fictional meeting and attendee list, so a fresh install is a working kiosk.
 *
 * Everything is made up and generated, never loaded: first names, surnames and
 * organisations come from the tables below and are combined by a small seeded generator,
 * so the same seed always gives the same list (tests and screenshots depend on it). The
 * names are deliberately rich in å, ä, ö, é and ü, the letters a kiosk keyboard and the
 * search must cope with.
 *
 * Name and organisation are chosen together as one number in a mixed-radix space
 * (first name, surname, organisation), and attendee i gets combination P(i) for a seeded
 * permutation P. A permutation never repeats, so no two attendees share name and
 * organisation until the space is used up, with no table of names already taken. P is a
 * small Feistel network over the next power of four, walked until it lands inside the
 * space ("cycle walking"), which keeps it a permutation of the space itself.
 */
#include "core/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const first_names[] = {
    "Anna",      "Anders", "Åsa",        "Örjan",    "Eva",      "Erik",     "Maria",    "Johan",
    "Karin",     "Lars",   "Lotta",      "Mikael",   "Kristina", "Per",      "Birgitta", "Magnus",
    "Elisabeth", "Stefan", "Ingrid",     "Fredrik",  "Linnéa",   "Björn",    "Marie",    "Håkan",
    "Ulrika",    "Göran",  "Sofia",      "Jörgen",   "Helén",    "Mats",     "Annika",   "Tomas",
    "Cecilia",   "Ove",    "Malin",      "Pär",      "Åke",      "Ylva",     "Jonas",    "Ebba",
    "Kjell",     "Agneta", "Henrik",     "Märta",    "Östen",    "Therése",  "Rasmus",   "Åsa-Lena",
    "Gunnel",    "Niklas", "Anna-Karin", "Sören",    "Elin",     "Torbjörn", "Ida",      "Mattias",
    "Solveig",   "Patrik", "Kerstin",    "Sven-Åke", "Ronja",    "Emir",     "Leyla",    "Zoë",
    "Joakim",    "Hélène", "Mohammed",   "Jenny",    "Dan",      "Siv",
};

static const char *const surnames[] = {
    "Andersson", "Johansson", "Karlsson",   "Nilsson",   "Eriksson",  "Larsson",  "Olsson",
    "Persson",   "Svensson",  "Gustafsson", "Söderberg", "Öjmertz",   "Ångström", "Bäckström",
    "Lindén",    "Müller",    "Berg",       "Bergman",   "Lindqvist", "Sjöberg",  "Åberg",
    "Ekström",   "Hällström", "Strömberg",  "Öberg",     "Nyström",   "Forsén",   "Holmér",
    "Sandén",    "Wikström",  "Lundgren",   "Engström",  "Björklund", "Löfgren",  "Häggblom",
    "Dahlén",    "Åström",    "Östlund",    "Fältskog",  "Grönqvist", "Mäkinen",  "Nordén",
    "Sundström", "Vikström",  "Blomqvist",  "Hedén",     "Kåreborn",  "Jönsson",  "Ek",
    "Lind",      "Axelsson",  "Mårtensson", "Pålsson",   "Törnqvist", "Rönnbäck", "Hjälmér",
    "Yilmaz",    "Nguyen",    "Kowalski",   "Bergström", "Kvist",     "Wallén",   "Åkesson",
    "Sjögren",   "Fröberg",   "Dahlberg",
};

static const char *const organisations[] = {
    "Tekniska verken i Norrby",
    "Vattenbolaget Öst",
    "Norrby kommun",
    "Älvdala kommun",
    "Sjöstads energi AB",
    "Fjärrvärme Mälarkusten",
    "Renhållningen i Åsbacka",
    "Västerby Vatten och Avfall",
    "Kommunförbundet Öst",
    "Bergsby fastigheter",
    "Gatukontoret Södertuna",
    "Räddningstjänsten Mittland",
    "Elnätet Norrby AB",
    "Storvik bostäder",
    "Hamnbolaget i Lövsund",
    "Skogsbacka kommun",
    "Kraftringen Väst",
    "Återvinningscentralen Ekudden",
    "Driftpartner Nord AB",
    "Ingenjörsbyrån Sjögren & Öjmertz",
    "Landskapet Gröna dalen",
    "Idrottsförvaltningen Mellanby",
    "Fastighetsservice Åby",
    "Vägföreningen Ängsbacken",
    "Region Mittland",
    "Energikontoret Sydost",
};

static const char *const roles[] = {
    "Driftchef",       "VA-chef",          "Enhetschef",          "Driftingenjör",
    "Teknisk chef",    "Förvaltningschef", "HR-partner",          "Rekryterare",
    "Drifttekniker",   "Projektledare",    "Verksamhetschef",     "Underhållsingenjör",
    "Kommunikatör",    "Avdelningschef",   "Kompetensutvecklare", "Strateg",
    "Driftsamordnare", "Fastighetschef",
};

/* splitmix64: tiny, fast and well mixed; plenty for made-up attendees. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

typedef struct Shuffle {
    uint64_t space;  /* permutes 0..space-1 */
    unsigned half;   /* bits per Feistel half; 4^half >= space */
    uint64_t key[4]; /* one per round */
} Shuffle;

static void shuffle_init(Shuffle *sh, uint64_t space, uint64_t *state)
{
    sh->space = space;
    sh->half = 1;
    while ((1ull << (2 * sh->half)) < space) {
        sh->half++;
    }
    for (size_t r = 0; r < 4; r++) {
        sh->key[r] = next_random(state);
    }
}

static uint64_t shuffle(const Shuffle *sh, uint64_t x)
{
    const uint64_t mask = (1ull << sh->half) - 1;
    do {
        uint64_t left = x >> sh->half, right = x & mask;
        for (size_t r = 0; r < 4; r++) {
            uint64_t mix = right ^ sh->key[r];
            uint64_t t = left ^ (next_random(&mix) & mask);
            left = right;
            right = t;
        }
        x = (left << sh->half) | right;
    } while (x >= sh->space); /* outside the space: step on along the cycle */
    return x;
}

/* Copies src into dst (capacity cap), truncating; snprintf would do, but GCC warns about
 * the very truncation we accept. */
static void copy_text(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) {
        n = cap - 1;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Appends the ASCII e-mail form of a name: folded, word breaks as hyphens. */
static size_t email_part(char *dst, size_t cap, const char *name)
{
    size_t n = text_fold(dst, cap, name);
    for (size_t i = 0; i < n; i++) {
        if (dst[i] == ' ') {
            dst[i] = '-';
        }
    }
    return n;
}

/* Sets a question's text in both languages. */
static void ask(EventInfo *ev, EventScale scale, const char *sv, const char *en)
{
    EventQuestion *q = &ev->questions[ev->question_count++];
    copy_text(q->text[LANG_SV], sizeof q->text[LANG_SV], sv);
    copy_text(q->text[LANG_EN], sizeof q->text[LANG_EN], en);
    q->scale = scale;
}

static void make_event(const char *today_iso, EventInfo *ev)
{
    event_defaults(ev);
    copy_text(ev->date, sizeof ev->date, today_iso);
    snprintf(ev->key, sizeof ev->key, "demo-%s", ev->date);
    copy_text(ev->title, sizeof ev->title, "Driftchefsnätverket – frukostträff");
    copy_text(ev->start_time, sizeof ev->start_time, "08:30");
    copy_text(ev->venue, sizeof ev->venue, "Vattenverket i Norrby, konferensrummet Ån");
    copy_text(ev->theme, sizeof ev->theme,
              "Kompetensförsörjning: att rekrytera, introducera och behålla driftpersonal");
    copy_text(ev->organiser, sizeof ev->organiser, "Kommunförbundet Öst");
    copy_text(ev->language, sizeof ev->language, EVENT_LANG_SV);
    copy_text(ev->next_meeting, sizeof ev->next_meeting,
              "Nästa träff: torsdag 12 mars kl. 08.30 hos Vattenbolaget Öst");
    /* Both phases, so the demo shows the whole kiosk. The link goes to a reserved example
     * domain: the QR code scans, the page does not exist. */
    ev->phases = EVENT_PHASE_BOTH;
    ask(ev, EVENT_SCALE_SMILEYS, "Hur nöjd är du med dagen som helhet?",
        "How satisfied are you with the day as a whole?");
    ask(ev, EVENT_SCALE_SMILEYS, "Hur värdefullt var erfarenhetsutbytet med de andra?",
        "How valuable was the exchange with the others?");
    ask(ev, EVENT_SCALE_NPS, "Hur troligt är det att du rekommenderar nätverket till en kollega?",
        "How likely are you to recommend the network to a colleague?");
    copy_text(ev->feedback_url, sizeof ev->feedback_url,
              "https://forms.example.org/mingel?event={event}&t={token}&lang={lang}");
}

int demo_make(const char *today_iso, uint32_t seed, size_t count, EventInfo *ev, Roster *r)
{
    make_event(today_iso, ev);
    memset(r, 0, sizeof *r);
    r->separator = ',';
    if (count == 0) {
        return 0;
    }
    r->entries = calloc(count, sizeof *r->entries);
    if (r->entries == NULL) {
        return -1;
    }

    const uint64_t nf = COUNT_OF(first_names), ns = COUNT_OF(surnames);
    const uint64_t space = nf * ns * COUNT_OF(organisations);
    uint64_t state = seed;
    Shuffle sh;
    shuffle_init(&sh, space, &state);

    for (size_t i = 0; i < count; i++) {
        RosterEntry *a = &r->entries[i];
        uint64_t combo = shuffle(&sh, i % space);
        const char *first = first_names[combo % nf];
        const char *last = surnames[combo / nf % ns];
        const char *org = organisations[combo / (nf * ns)];
        uint64_t rnd = next_random(&state);

        /* Past the end of the space, a second first name keeps names apart. */
        size_t round = i / space;
        if (round == 0) {
            snprintf(a->name, sizeof a->name, "%s %s", first, last);
        } else {
            snprintf(a->name, sizeof a->name, "%s %s %s", first, first_names[(combo + round) % nf],
                     last);
        }
        copy_text(a->organisation, sizeof a->organisation, org);
        copy_text(a->role, sizeof a->role, roles[rnd % COUNT_OF(roles)]);
        snprintf(a->ticket, sizeof a->ticket, "DEMO-%04zu", i + 1);
        snprintf(a->key, sizeof a->key, "t:DEMO-%04zu", i + 1); /* "t:" + ticket */
        a->consent = (rnd >> 32) & 1;
        a->line = 0; /* not read from a file */

        /* Most registration tools have an e-mail for nearly everyone, not quite all. */
        if ((rnd >> 40) % 8 != 0) {
            char local_first[64], local_last[64];
            email_part(local_first, sizeof local_first, first);
            email_part(local_last, sizeof local_last, last);
            snprintf(a->email, sizeof a->email, "%s.%s@example.se", local_first, local_last);
        }
    }
    r->count = count;
    return 0;
}
