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
#include "core/store.h"

typedef enum FlowScreen {
    FLOW_WELCOME,     /* meeting title, date, theme, "Checka in" */
    FLOW_SEARCH,      /* on-screen keyboard + live results */
    FLOW_CONFIRM,     /* "Är det du?" name + organisation */
    FLOW_GREETING,    /* "Välkommen, Lotta!" (after commit) */
    FLOW_ALREADY,     /* already checked in, with the time */
    FLOW_WALKIN,      /* register: name + organisation */
    FLOW_NOTICE,      /* a message with OK: unknown ticket, could not save, ... */
    FLOW_QUESTION,    /* feedback: one question, five smileys or 0..10 */
    FLOW_REFLECTION,  /* feedback: one line typed on the keyboard */
    FLOW_THANKS,      /* feedback: thank you, and the QR code for the longer form */
    FLOW_ADMIN_PIN,   /* organiser: the PIN pad (after a 3 s hold in the top-left corner) */
    FLOW_ADMIN,       /* organiser: counts, phase, export, leave */
    FLOW_ADMIN_UNDO,  /* organiser: recent check-ins, each with "undo" */
    FLOW_ADMIN_CLOCK, /* organiser: the time, to confirm or set */
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
    FLOW_ACT_FIELD,        /* walk-in: focus field arg (0 = name, 1 = organisation) */
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
    FLOW_ACT_UNDO,         /* undo list: arg = index of the check-in to undo */
    FLOW_ACT_EXPORT,       /* admin: export to the USB stick */
    FLOW_ACT_QUIT,         /* admin: leave the kiosk (the only way out) */
    FLOW_ACT_CLOCK,        /* admin: open the clock screen */
    FLOW_ACT_CLOCK_ADJUST, /* clock: arg = a FlowClockStep */
    FLOW_ACT_CLOCK_SAVE,   /* clock: the time shown is right (confirm, or set if changed) */
    FLOW_ACT_CONSENT,      /* walk-in: toggle "show me on the participant list" */
    FLOW_ACT_COUNT
} FlowAction;

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

typedef enum FlowKey { FLOW_KEY_ENTER, FLOW_KEY_BACKSPACE, FLOW_KEY_ESCAPE } FlowKey;

#define FLOW_QUERY_MAX_CHARS 40   /* code points in the search field */
#define FLOW_FIELD_MAX_CHARS 80   /* code points in a walk-in field */
#define FLOW_TEXT_CAP        400  /* bytes for any typed field, with the NUL */
#define FLOW_MAX_RESULTS     8    /* results offered to the UI */
#define FLOW_ADMIN_HOLD_MS   3000 /* the hidden corner opens the PIN pad after this hold */
#define FLOW_RECENT          6    /* recent check-ins offered for undo */
#define FLOW_HISTOGRAM       16   /* quarter hours of check-ins on the admin screen */

typedef struct FlowConfig {
    int64_t idle_ms;         /* back to welcome after this long without input (30 000) */
    int64_t idle_warning_ms; /* warning shown this long before (10 000) */
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
} FlowConfig;

/* Defaults: 30 s idle, 10 s warning, 5 s greeting, the OS random source. The thank-you
 * time and the repeated-press window come from the event. */
FlowConfig flow_default_config(void);

typedef struct FlowResult {
    const char *name; /* owned by the flow, valid until the next input */
    const char *organisation;
    bool checked_in;
} FlowResult;

/* Everything a screen needs to draw, read-only. Pointers are owned by the flow and valid
 * until the next call that changes it. */
typedef struct FlowView {
    FlowScreen screen;
    Lang lang;
    const EventInfo *event; /* NULL when no meeting is loaded */
    const char *query;      /* search field */
    FlowResult results[FLOW_MAX_RESULTS];
    size_t result_count;     /* shown */
    size_t match_count;      /* total matches (may exceed result_count) */
    const char *chosen_name; /* confirm / greeting / already */
    const char *chosen_organisation;
    const char *first_name;       /* greeting: "Välkommen, Lotta!" */
    char checkin_time[6];         /* already: "09:12" local time */
    const char *walkin_fields[2]; /* name, organisation */
    int walkin_focus;             /* 0 or 1 */
    bool walkin_consent;          /* "show me on the participant list" is ticked */
    bool walkin_missing_name;     /* submit was tapped with an empty name */
    bool keyboard_upper;          /* the next letter typed will be capitalised */
    I18nId notice;                /* FLOW_NOTICE: what to say */
    bool idle_warning;            /* show "Är du kvar?" */
    int idle_seconds_left;

    bool offers_checkin; /* welcome: the meeting's phases */
    bool offers_feedback;
    int question; /* FLOW_QUESTION: 0-based index */
    int question_count;
    EventScale question_scales[EVENT_MAX_QUESTIONS]; /* admin: each question's scale */
    const char *question_text;                       /* in the current language */
    EventScale scale;
    int answer;                    /* this session's stored answer to the question, -1 none */
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
    size_t recent_count;     /* undo list, newest first */
    FlowResult recent[FLOW_RECENT];
    char recent_time[FLOW_RECENT][6];
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

/* Text typed on a physical keyboard or by a USB barcode scanner (UTF-8). */
void flow_text(Flow *f, const char *utf8, int64_t now_ms);

/* A key on a physical keyboard. Enter on the welcome or search screen checks in the
 * attendee whose ticket code was typed (barcode scanners end with Enter). */
void flow_key(Flow *f, FlowKey key, int64_t now_ms);

/* The kiosk's time: now_ms (the system clock) corrected by the offset the organiser set,
 * if any. Records carry this time. */
int64_t flow_wall_ms(const Flow *f, int64_t now_ms);

/* Lets time pass: idle timeout, end of greeting. Returns true if the view changed. */
bool flow_tick(Flow *f, int64_t now_ms);

/* The next time (ms, same clock as now_ms) at which flow_tick would change something, or
 * -1 if nothing is pending. The shell sleeps until then. */
int64_t flow_next_deadline(const Flow *f);

/* A stable lower-case name for an action ("start", "char", ...), for logs and tests. */
const char *flow_action_name(FlowAction a);

#endif
