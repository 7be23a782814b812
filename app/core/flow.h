/* flow: the kiosk as a state machine, free of SDL and of drawing.
 *
 * Input arrives as semantic actions (a tap on a named target, typed text, a key) and
 * clock ticks; each carries now_ms, so tests drive the kiosk with a fake clock. The flow
 * writes check-ins to the store and moves between screens; the UI reads a FlowView to
 * draw. A screen that acknowledges ("Välkommen, Lotta!") is entered only after the store
 * returned STORE_OK.
 *
 * Screens are a table (flow.c): each has enter, act (action -> next screen), and leave.
 */
#ifndef MINGEL_FLOW_H
#define MINGEL_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/i18n.h"
#include "core/ids.h"
#include "core/link.h"
#include "core/printq.h"
#include "core/store.h"
#include "core/sync.h"

typedef enum FlowScreen {
    FLOW_WELCOME,      /* meeting title, date, theme, "Checka in" */
    FLOW_SEARCH,       /* on-screen keyboard + live results */
    FLOW_CONFIRM,      /* "Är det du?" name + organisation */
    FLOW_GREETING,     /* "Välkommen, Lotta!" (after commit) */
    FLOW_ALREADY,      /* already checked in, with the time */
    FLOW_WALKIN,       /* register: name + organisation */
    FLOW_NOTICE,       /* a message with OK: unknown ticket, could not save, ... */
    FLOW_QUESTION,     /* feedback: one question, five smileys or 0..10 */
    FLOW_REFLECTION,   /* feedback: one line typed on the keyboard */
    FLOW_THANKS,       /* feedback: thank you, and the QR code for the longer form */
    FLOW_ADMIN_PIN,    /* organiser: the PIN pad (after a 3 s hold in the top-left corner) */
    FLOW_ADMIN,        /* organiser: counts, phase, export, leave */
    FLOW_ADMIN_UNDO,   /* organiser: every check-in, searchable and paged: "undo" / "restore" */
    FLOW_ADMIN_CLOCK,  /* organiser: the time, to confirm or set */
    FLOW_ADMIN_ASK,    /* organiser: "are you sure?" before leaving the kiosk or an undo */
    FLOW_ADMIN_KIOSKS, /* organiser: the meeting's kiosks sharing live (core/sync) */
    FLOW_SCREEN_COUNT
} FlowScreen;

typedef enum FlowAction {
    FLOW_ACT_NONE,
    FLOW_ACT_START,    /* welcome: begin check-in */
    FLOW_ACT_LANGUAGE, /* toggle Swedish / English */
    FLOW_ACT_CHAR,     /* on-screen key; arg = Unicode code point */
    FLOW_ACT_BACKSPACE,
    FLOW_ACT_SPACE,
    FLOW_ACT_CLEAR,        /* empty the field being typed */
    FLOW_ACT_PICK,         /* search: arg = result index */
    FLOW_ACT_CONFIRM,      /* confirm: check me in */
    FLOW_ACT_BACK,         /* one step back */
    FLOW_ACT_WALKIN,       /* search: not on the list */
    FLOW_ACT_FIELD,        /* walk-in: focus field arg (0 = name, 1 = organisation, 2 = e-mail) */
    FLOW_ACT_SUBMIT,       /* walk-in: register and check in */
    FLOW_ACT_DONE,         /* greeting / already / notice: back to welcome */
    FLOW_ACT_STAY,         /* idle warning: "I'm still here" */
    FLOW_ACT_FEEDBACK,     /* welcome: begin feedback */
    FLOW_ACT_RATE,         /* question: arg = the value tapped (1..5 or 0..10) */
    FLOW_ACT_SKIP,         /* question / reflection: go on without answering */
    FLOW_ACT_SEND,         /* reflection: store the text */
    FLOW_ACT_ADMIN,        /* the hidden corner, held FLOW_ADMIN_HOLD_MS: the PIN pad */
    FLOW_ACT_DIGIT,        /* PIN pad: arg = 0..9 */
    FLOW_ACT_PIN_OK,       /* PIN pad: check the PIN */
    FLOW_ACT_PHASE,        /* admin: arg = the EventPhases to offer */
    FLOW_ACT_UNDO_LIST,    /* admin: open the recent check-ins */
    FLOW_ACT_UNDO,         /* undo list: arg = row on the page; asks first (FLOW_ADMIN_ASK) */
    FLOW_ACT_EXPORT,       /* admin: export to the USB stick */
    FLOW_ACT_QUIT,         /* admin: leave the kiosk (the only way out); asks first */
    FLOW_ACT_CLOCK,        /* admin: open the clock screen */
    FLOW_ACT_CLOCK_ADJUST, /* clock: arg = a FlowClockStep */
    FLOW_ACT_CLOCK_SAVE,   /* clock: the time shown is right (confirm, or set if changed) */
    FLOW_ACT_CONSENT,      /* walk-in: toggle "show me on the participant list" */
    FLOW_ACT_RESTORE,      /* undo list: arg = row on the page; checks an undone one in again */
    FLOW_ACT_PAGE,         /* undo list: arg = +1 next page, -1 previous */
    FLOW_ACT_REPRINT,      /* undo list: arg = row on the page; prints that person's badge again */
    FLOW_ACT_PREPRINT,     /* admin: print every badge not printed yet; asks first */
    FLOW_ACT_TOPIC,        /* greeting / already: arg = topic index; picks it or lets go */
    FLOW_ACT_BOARD_HIDE,   /* greeting / already: off the board, or on it again */
    FLOW_ACT_SCROLL,       /* search: move the result list by arg results (+ down, - up) */
    FLOW_ACT_SHIFT,        /* keyboard: the next letter in the other case (once) */
    FLOW_ACT_KEYS,         /* keyboard: arg = the FlowKeys layer to show */
    FLOW_ACT_SNIPPET,      /* keyboard: arg = a FlowSnippet, typed as its letters */
    FLOW_ACT_KIOSKS,       /* admin: open the list of the meeting's kiosks */
    FLOW_ACT_COUNT
} FlowAction;

/* What FLOW_ADMIN_ASK asks about. */
typedef enum FlowAsk {
    FLOW_ASK_QUIT,    /* leave the kiosk: the service stays stopped until it is started again */
    FLOW_ASK_UNDO,    /* undo the check-in of ask_name */
    FLOW_ASK_PREPRINT /* print badge_unprinted badges, everyone's not printed yet */
} FlowAsk;

/* The clock screen's steps, in the order the screen shows them. */
typedef enum FlowClockStep {
    FLOW_CLOCK_DAY_BACK,
    FLOW_CLOCK_DAY_ON,
    FLOW_CLOCK_HOUR_BACK,
    FLOW_CLOCK_HOUR_ON,
    FLOW_CLOCK_10MIN_BACK,
    FLOW_CLOCK_MIN_BACK,
    FLOW_CLOCK_MIN_ON,
    FLOW_CLOCK_10MIN_ON,
    FLOW_CLOCK_STEP_COUNT
} FlowClockStep;

/* What a check-in came to, for a sound (the event's sound = on; app/sdl/sound.h). A search
 * that finds nobody is no cue: only a code (scanned, or typed and Enter) that is nobody's. */
typedef enum FlowCue {
    FLOW_CUE_NONE,
    FLOW_CUE_CHECKED_IN, /* the greeting: checked in (or registered and checked in) */
    FLOW_CUE_ALREADY,    /* already checked in */
    FLOW_CUE_UNKNOWN,    /* a ticket code nobody has */
    FLOW_CUE_COUNT
} FlowCue;

typedef enum FlowKey { FLOW_KEY_ENTER, FLOW_KEY_BACKSPACE, FLOW_KEY_ESCAPE } FlowKey;

#define FLOW_QUERY_MAX_CHARS 40   /* code points in the search field */
#define FLOW_FIELD_MAX_CHARS 80   /* code points in a walk-in field */
#define FLOW_EMAIL_MAX_CHARS 120  /* code points in the walk-in's e-mail field */
#define FLOW_WALKIN_EMAIL    2    /* the walk-in form's e-mail field (FLOW_ACT_FIELD arg) */
#define FLOW_TEXT_CAP        400  /* bytes for any typed field, with the NUL */
#define FLOW_MAX_RESULTS     32   /* results the UI can show at once */
#define FLOW_RESULT_ROWS     6    /* results shown at once when the config says nothing */
#define FLOW_SCROLL_MAX      200  /* results one can scroll through; beyond, type more */
#define FLOW_ADMIN_HOLD_MS   3000 /* the hidden corner opens the PIN pad after this hold */
#define FLOW_UNDO_PAGE       4    /* check-ins on one page of the undo list */
#define FLOW_HISTOGRAM       16   /* quarter hours of check-ins on the admin screen */
/* A tapped answer is shown chosen this long before the next question comes: the person
 * sees what was taken, and the next question visibly arrives rather than replacing the
 * one they tapped under their finger. 300 ms is a usual length for a UI transition: long
 * enough to be seen (changes under ~100 ms go unnoticed), short enough not to feel slow.
 * Input in the meantime is ignored. */
#define FLOW_RATE_SHOW_MS 300

/* The greeting (or "already checked in") of a person who may pick topics for the board
 * stays at least this long, and this long again after each tap on it: reading eight
 * topics takes longer than the greeting's 5 s. Someone who skips just walks away; the
 * next person's scan or typing is taken at once as on any greeting. */
#define FLOW_BOARD_PICK_MS 12000

/* A screen that returns by itself (greeting, already, thank-you) shows how long it stays
 * as a bar that shrinks in FLOW_COUNTDOWN_STEPS steps, each at least FLOW_COUNTDOWN_MIN_MS:
 * 250 ms steps over the 5 s greeting, 1 s steps over a 20 s thank-you. Smooth enough to
 * read as a countdown, and the kiosk wakes only 20 times in all for it (a frame each,
 * redrawing the bar's strip only). */
#define FLOW_COUNTDOWN_STEPS  20
#define FLOW_COUNTDOWN_MIN_MS 250

/* Idle time by kind of screen. Where one types a text (the walk-in form, the reflection)
 * people pause to think or to find letters on a touch keyboard, so the kiosk waits longer
 * than where one picks from a list or a choice. The warning counts down for at least
 * 20 s, the time WCAG 2.2.1 (Timing Adjustable) asks for to answer "still there?" with
 * one simple action. */
typedef struct FlowConfig {
    int64_t idle_ms;         /* lists and choices: back to welcome after this long (45 000) */
    int64_t idle_text_ms;    /* text entry (walk-in, reflection): the same (120 000); 0 = idle_ms */
    int64_t idle_warning_ms; /* warning shown this long before (20 000) */
    int64_t greeting_ms;     /* greeting / already screens last this long (5 000) */
    RandomFn rnd;            /* feedback tokens; NULL = ids_os_random (the OS CSPRNG) */
    void *rnd_ctx;
    const char *export_dir; /* where admin exports go; NULL = the USB stick found mounted */
    /* Whether the system clock is synchronised: asked at start and before each record.
     * NULL = clock_system_synced (the kernel's answer). */
    bool (*clock_synced)(void *ctx);
    void *clock_ctx;
    /* This boot's id: the organiser's clock setting holds for this boot only (restarts
     * keep it, a new boot does not). NULL = clock_boot_id (the kernel's). */
    const char *boot_id;
    /* The badge printer worker, when the kiosk runs one; NULL: badges a check-in queues
     * wait in the store (flow_badge_poll hands its results to the store). */
    PrintQueue *printq;
    /* Results the search screen has room for at once (the UI's rows times its columns,
     * ui_result_rows); 1..FLOW_MAX_RESULTS, 0 = FLOW_RESULT_ROWS. flow_set_result_rows
     * changes it when the window does. */
    int result_rows;
} FlowConfig;

/* Defaults: 45 s idle (120 s on text entry), a 20 s warning, 5 s greeting, the OS random source.
 * The thank-you time and the repeated-press window come from the event. */
FlowConfig flow_default_config(void);

#define FLOW_KIOSKS_MAX SYNC_KIOSKS_MAX /* kiosks on the admin screen's list */

/* One kiosk of the meeting, for the organiser (sync.h, "The event's kiosks"). */
typedef struct FlowKiosk {
    char name[STORE_DEVICE_NAME_MAX]; /* its name, or "…" and the end of its device id */
    bool self;                        /* this kiosk */
    bool connected;                   /* online now */
    char seen[6];                     /* "09:14", last seen; "" never */
    int64_t behind;                   /* records on the server not taken in; -1 unknown */
    int64_t unsent;                   /* this kiosk: records not sent yet; -1 others */
} FlowKiosk;

typedef struct FlowResult {
    const char *name; /* owned by the flow, valid until the next input */
    const char *organisation;
    bool checked_in;
} FlowResult;

/* The on-screen keyboard's layers: the letters (Swedish, with Shift), and digits with the
 * symbols a company name or an address needs. */
typedef enum FlowKeys { FLOW_KEYS_LETTERS, FLOW_KEYS_SYMBOLS, FLOW_KEYS_COUNT } FlowKeys;

/* Keys that type more than one letter (the e-mail row): FLOW_ACT_SNIPPET's arg. */
typedef enum FlowSnippet { FLOW_SNIPPET_SE, FLOW_SNIPPET_COM, FLOW_SNIPPET_COUNT } FlowSnippet;

/* The text of a snippet key (".se", ".com"); "" for an unknown one. Static. */
const char *flow_snippet_text(int snippet);

/* Everything a screen needs to draw, read-only. Pointers are owned by the flow and valid
 * until the next call that changes it. */
typedef struct FlowView {
    FlowScreen screen;
    Lang lang;
    const EventInfo *event; /* NULL when no meeting is loaded */
    const char *query;      /* search field */
    /* The results shown: results[0..result_count) are the matches result_first onwards
     * (best first). With no match, they are the near misses (near_misses: "Menade du
     * …?"), names one typing mistake away (search_suggest). */
    FlowResult results[FLOW_MAX_RESULTS];
    size_t result_count;     /* shown */
    size_t result_first;     /* index of results[0] in the whole list: scrolled this far */
    size_t match_count;      /* total matches or near misses (may exceed result_count) */
    bool near_misses;        /* nothing matched the query: the results are near misses */
    bool more_above;         /* the list scrolls up (FLOW_ACT_SCROLL, arg < 0) */
    bool more_below;         /* and down, up to FLOW_SCROLL_MAX results in all */
    const char *chosen_name; /* confirm / greeting / already */
    const char *chosen_organisation;
    const char *first_name;       /* greeting: "Välkommen, Lotta!" */
    char checkin_time[6];         /* already: "09:12" local time */
    const char *walkin_fields[3]; /* name, organisation, e-mail */
    int walkin_focus;             /* 0, 1 or FLOW_WALKIN_EMAIL */
    bool walkin_consent;          /* "show me on the participant list" is ticked */
    bool walkin_missing_name;     /* submit was tapped with an empty name */
    /* The e-mail field (the event's walkin_email): shown unless never; with_consent: needed
     * once consent is ticked (the label says optional until then). */
    EventWalkinEmail walkin_email;
    bool walkin_email_needed;  /* the field must be filled in to submit (consent ticked) */
    bool walkin_missing_email; /* submit was tapped without the address the list needs */
    bool walkin_bad_email;     /* submit was tapped with something that is not an address */
    bool keyboard_upper;       /* the next letter typed will be capitalised */
    bool keyboard_shift;       /* Shift is on: keyboard_upper is the other case than the
                                  field's own rule would give, for one letter */
    FlowKeys keyboard_layer;   /* the keyboard's layer shown; back to letters on every
                                  new screen */
    bool keyboard_email;       /* the field being typed is an e-mail address: the
                                  letters' bottom row has @ . .se .com instead of the
                                  space bar (a field's own choice; false elsewhere) */
    I18nId notice;             /* FLOW_NOTICE: what to say */
    FlowCue cue;               /* the last check-in outcome with a sound */
    unsigned cue_seq;          /* one more with each cue: a change is one to play */
    int64_t return_total_ms;   /* the screen returns by itself after this long; 0: it does not */
    int64_t return_left_ms;    /* what is left of it, in whole steps (see FLOW_COUNTDOWN_STEPS) */
    bool idle_warning;         /* show "Är du kvar?" */
    int idle_seconds_left;

    bool offers_checkin; /* welcome: the meeting's phases */
    bool offers_feedback;
    int question; /* FLOW_QUESTION: 0-based index */
    int question_count;
    EventScale question_scales[EVENT_MAX_QUESTIONS]; /* admin: each question's scale */
    const char *question_text;                       /* in the current language */
    EventScale scale;
    /* The words under the scale in the current language: the five smileys' (worst to best)
     * or the 0-10 scale's two ends (0, then 10); the event's or the kiosk's own. */
    const char *scale_words[EVENT_WORDS_MAX];
    int answer;                    /* this session's stored answer to the question, -1 none */
    bool rating_shown;             /* the answer just tapped is shown chosen; the next question
                                      follows FLOW_RATE_SHOW_MS after the tap */
    const char *reflection_prompt; /* in the current language (the event's or the default) */
    const char *reflection;        /* typed so far */
    int reflection_chars;          /* code points typed */
    int reflection_max;            /* code points allowed */
    const char *feedback_link;     /* FLOW_THANKS: the filled-in link, "" if none */

    /* Organiser screens */
    int pin_digits;          /* PIN pad: digits typed (shown as dots, never the digits) */
    bool pin_missing;        /* no PIN set: the pad says how to set one */
    bool pin_wrong;          /* the last PIN tried was wrong */
    int pin_wait_seconds;    /* locked out for this long; 0 = may try */
    const StoreStats *stats; /* admin */
    const StoreFeedbackStats *feedback;
    int64_t histogram[FLOW_HISTOGRAM]; /* check-ins per quarter hour */
    size_t histogram_count;
    char histogram_start[6]; /* "HH:MM" of the first bar */
    int phases;              /* EventPhases in force */
    /* The undo list: every attendee with a check-in record, newest record first (or, when
     * undo_query is typed, best match first), FLOW_UNDO_PAGE to a page. checked_in is
     * false for one whose check-in was undone: the row offers "restore" instead. */
    const char *undo_query;
    size_t undo_matches; /* rows in the whole list (all pages) */
    int undo_page;       /* 0-based page shown */
    int undo_pages;      /* pages, at least 1 */
    size_t recent_count; /* rows on this page */
    FlowResult recent[FLOW_UNDO_PAGE];
    char recent_time[FLOW_UNDO_PAGE][6]; /* of the latest check-in or undo: "09:12" */
    FlowAsk ask;                         /* FLOW_ADMIN_ASK: what it asks */
    const char *ask_name;                /* FLOW_ASK_UNDO: whose check-in */
    const char *ask_organisation;
    I18nId admin_note;          /* what the last admin action did, I18N_COUNT for nothing */
    const char *admin_note_arg; /* its detail: a file path, a name, an error */
    bool usb_found;             /* an export target is there */
    bool purge_due;             /* some meeting's personal data is past retention */
    bool quit;                  /* the organiser chose to leave the kiosk */

    /* The clock: how far the kiosk's time can be trusted, and the time (the kiosk's on
     * the admin screen; the one being set on the clock screen), in local time. */
    StoreClock clock;
    char clock_date[11]; /* "2026-11-21" */
    char clock_time[6];  /* "09:41" */
    bool clock_changed;  /* clock screen: the time shown is not the kiosk's (yet) */

    /* Name badges (core/printq). On the greeting: the person's badge was queued now, and
     * where to get it (at the printer, or at the reception when the printer is known to
     * be in trouble: never an error for the attendee). On the admin screen: the state for
     * the staff. */
    bool badge_pickup;
    bool badge_at_reception;
    bool badges;               /* the meeting prints badges */
    const char *badge_printer; /* as the event file names it */
    bool badge_printer_ok;     /* the worker asked it and it takes jobs */
    const char *badge_problem; /* what is wrong, "" when nothing (the staff's note) */
    size_t badge_queued, badge_sent, badge_done, badge_failed;
    size_t badge_unprinted; /* attendees without any badge yet (what a preprint queues) */

    /* The board (greeting and already): shown for a person who consented to the
     * participant list at a meeting with a board (event_has_board). The topics are the
     * event's; picked ones are marked, at most EVENT_TOPICS_PICK. */
    bool board_offer;
    bool board_hidden; /* the person took themselves off the board */
    bool board_failed; /* the last tap could not be saved (nothing changed) */
    int topic_count;   /* 0 when the meeting has a board but no topics */
    const char *topics[EVENT_TOPICS_MAX];
    bool topic_picked[EVENT_TOPICS_MAX];
    int topics_picked; /* how many: at EVENT_TOPICS_PICK the others take no tap */
    /* Several kiosks, live (core/sync.h; flow_kiosks.c). On "already checked in": where the
     * earlier check-in was made. On the organiser's screens: the link's state and the
     * meeting's kiosks as the server sees them. */
    bool sync_on;              /* the kiosk shares the meeting live (flow_set_sync) */
    bool checkin_elsewhere;    /* already: the earlier check-in was made at another kiosk */
    const char *checkin_place; /* already: that kiosk's name, "" when not known here */
    SyncState sync_state;
    const char *sync_message; /* the link's last problem, as the log says it (English) */
    size_t kiosk_count;       /* kiosks[0..kiosk_count), this kiosk first */
    size_t kiosks_online;
    FlowKiosk kiosks[FLOW_KIOSKS_MAX];
    bool kiosks_listed;      /* the server listed the others (else only this kiosk) */
    bool kiosks_asked;       /* the server has answered at least once */
    int64_t stream_records;  /* records on the server, -1 unknown */
    char kiosks_asked_at[9]; /* "09:14:05", when the server last answered */
} FlowView;

typedef struct Flow Flow;

/* Creates the kiosk for the store's current event and loads its attendees into the
 * search index. The store is borrowed and must outlive the flow. If no event is loaded
 * the flow starts and its view has event == NULL. Returns NULL with a message in err on
 * failure (out of memory, store error). */
Flow *flow_new(Store *store, const FlowConfig *cfg, int64_t now_ms, char *err, size_t errcap);

/* Frees the flow; f may be NULL. */
void flow_free(Flow *f);

/* The current view; valid until the next input. */
const FlowView *flow_view(const Flow *f);

/* A tap on a target. Actions that make no sense on the current screen are ignored. */
void flow_act(Flow *f, FlowAction action, int arg, int64_t now_ms);

/* Text a person typed on a physical keyboard (UTF-8). Typing on the welcome screen, on
 * "Är det du?", or while a greeting shows, starts a new search. A barcode scanner's code comes
 * through flow_scan instead (core/input.h tells the two apart). */
void flow_text(Flow *f, const char *utf8, int64_t now_ms);

/* A key on a physical keyboard. Enter on the search screen checks in the attendee whose
 * ticket code was typed by hand, or picks the only match. */
void flow_key(Flow *f, FlowKey key, int64_t now_ms);

/* A barcode scanner read a ticket code. On any attendee screen it checks in the person
 * the code belongs to: whatever was half done on screen (a search, "Är det du?" for
 * someone else, a feedback session, a walk-in form) is dropped, never completed, and the
 * scanned person's greeting, "already checked in", or "code not recognised" (OK leads
 * to the welcome screen) shows, in the language on screen. Ignored on the organiser's
 * screens (the PIN pad, admin, undo, clock: a scan there would throw away the
 * organiser's work and cannot be meant for it) and when the meeting does not offer
 * check-in (feedback only: check-in is closed, and someone's feedback is not dropped). */
void flow_scan(Flow *f, const char *code, int64_t now_ms);

/* The badge worker said something changed (PrintQueueConfig.changed, on its thread; the
 * shell calls this on its own): writes the job states it reached to the store and reads
 * its status. Returns true if the view changed. Does nothing without a worker. */
bool flow_badge_poll(Flow *f, int64_t now_ms);

/* The kiosk's time: now_ms (the system clock) corrected by the offset the organiser set,
 * if any. Records carry this time. */
int64_t flow_wall_ms(const Flow *f, int64_t now_ms);

/* The results the search screen has room for now (see FlowConfig.result_rows), e.g. after
 * the window changed size; clamped to 1..FLOW_MAX_RESULTS. Returns true if the view
 * changed. */
bool flow_set_result_rows(Flow *f, int rows);
/* The kiosk shares the meeting live through sy (borrowed; NULL: it works alone, the
 * default). The admin screens then show the kiosks, and "already checked in" says here. */
void flow_set_sync(Flow *f, Sync *sy);

/* The sync thread said something changed (its applied callback, woken on the kiosk's
 * thread; the shell calls this on its own): on the organiser's screens, the counts and
 * the kiosk list are read again. Returns true if the view changed. */
bool flow_sync_poll(Flow *f, int64_t now_ms);

/* Lets time pass: idle timeout, end of greeting. Returns true if the view changed. */
bool flow_tick(Flow *f, int64_t now_ms);

/* The next time (ms, same clock as now_ms) at which flow_tick would change something, or
 * -1 if nothing is pending. The shell sleeps until then. */
int64_t flow_next_deadline(const Flow *f);

/* A stable lower-case name for an action ("start", "char", ...), for logs and tests. */
const char *flow_action_name(FlowAction a);

#endif
