/* flow_private: what flow.c (the attendee flow and the screen table) and flow_admin.c
 * (the organiser's PIN pad, admin, undo and clock screens) share. Not a contract for
 * anyone else: the kiosk's interface is flow.h.
 */
#ifndef MINGEL_FLOW_PRIVATE_H
#define MINGEL_FLOW_PRIVATE_H

#include <string.h>

#include "core/clock.h"
#include "core/flow.h"
#include "core/link.h"
#include "core/pin.h"
#include "core/search.h"

typedef struct Person {
    char id[IDS_UUID_LEN + 1];
    size_t name;           /* offset of the name in the arena */
    size_t organisation;   /* offset of the organisation in the arena */
    int64_t checked_in_ms; /* 0 if not checked in */
} Person;

/* An attendee on the undo list: checked in now, or checked in once and undone since. */
typedef struct FlowUndoEntry {
    size_t person;   /* index into people */
    int64_t last_ms; /* the attendee's latest check-in or undo record */
} FlowUndoEntry;

/* The search screen: the query and what it found. */
typedef struct FlowFind {
    char query[FLOW_TEXT_CAP];
    uint32_t hits[FLOW_SCROLL_MAX]; /* the best hit_count, best first */
    size_t hit_count, match_count;
    size_t first; /* the first hit shown (scrolled this far) */
    size_t rows;  /* hits shown at once */
    bool near;    /* nothing matched: the hits are near misses (search_suggest) */
} FlowFind;

/* The walk-in form. */
typedef struct FlowWalkin {
    char field[3][FLOW_TEXT_CAP]; /* name, organisation, e-mail (FLOW_WALKIN_EMAIL) */
    bool consent;                 /* the walk-in said yes to the shared participant list */
    int focus;                    /* the field being typed: 0, 1 or (e-mail asked) 2 */
    bool missing_name;            /* submit was tapped with an empty name */
    bool missing_email;           /* with consent, where the meeting needs an address */
    bool bad_email;               /* the address typed is not an address */
} FlowWalkin;

/* The on-screen keyboard's state: its layer and a one-letter Shift. */
typedef struct FlowKeyboard {
    FlowKeys layer;
    bool shift;
} FlowKeyboard;

/* A feedback session: known only by its token, never by a person. */
typedef struct FlowFeedback {
    char token[LINK_TOKEN_LEN + 1];
    bool flagged;          /* began within the repeated-press window of the last one */
    bool begun;            /* something of this session is stored (feedback only: the
                              session begins then, not when the kiosk opened it) */
    int64_t last_feedback; /* when the previous session last stored something, 0 = never */
    int question;
    int answers[EVENT_MAX_QUESTIONS];   /* this session's stored answers, -1 = none */
    char reflection[FLOW_TEXT_CAP * 3]; /* up to EVENT_REFLECTION_HARD_MAX code points */
    char link[LINK_URL_MAX];
    bool rating_shown; /* an answer was tapped: shown until rated_at + FLOW_RATE_SHOW_MS */
    int64_t rated_at;  /* when (ms) */
} FlowFeedback;

/* The PIN pad. The PIN typed lives here only until it is checked. */
typedef struct FlowPin {
    char typed[PIN_MAX_DIGITS + 1];
    int len;
    bool wrong;
    int failures; /* from the store: survives a restart */
    int64_t last_failure;
} FlowPin;

/* The admin screen and the question before what one tap must not do. */
typedef struct FlowAdmin {
    StoreStats stats;
    StoreFeedbackStats feedback;
    int64_t histogram[FLOW_HISTOGRAM];
    size_t histogram_count;
    int64_t histogram_start;
    FlowAsk ask;
    size_t ask_person; /* FLOW_ASK_UNDO: people index */
    I18nId note;
    char note_arg[512];
    bool keep_note; /* the next admin_enter keeps note (set on the way back) */
    char usb_dir[512];
    bool usb_found;
    bool purge_due;
    bool quit;
} FlowAdmin;

/* The undo list (flow_admin.c): one entry per attendee with a check-in record. */
typedef struct FlowUndo {
    FlowUndoEntry *entry; /* entry[0..count), newest record first */
    size_t count, cap;
    Search *search; /* over the entries, for query; NULL until built */
    uint32_t *hits; /* the entries the query matches, best first */
    size_t hit_count;
    char query[FLOW_TEXT_CAP];
    int page;
} FlowUndo;

/* The clock. Records carry wall = now + offset; state says how far that can be trusted,
 * and goes into the store with every record (store_set_clock). */
typedef struct FlowClock {
    StoreClock state;
    int64_t offset;  /* ms the organiser moved the system clock by (this boot) */
    int64_t pending; /* clock screen: the offset being set, ms */
    char boot_id[CLOCK_BOOT_ID_MAX];
} FlowClock;

/* Name badges (flow_badge.c). */
typedef struct FlowBadge {
    bool pickup;             /* the greeting's person had a badge queued at the check-in */
    PrintQueueStatus status; /* the worker's, as last read */
    StoreBadgeCounts counts; /* the store's, as last read (admin) */
} FlowBadge;

/* The board's panel on the greeting (flow_board.c): the person's choice as stored. */
typedef struct FlowBoard {
    bool offered;                       /* consent, and the meeting has a board */
    bool hidden;                        /* off the board */
    bool failed;                        /* the last write failed */
    unsigned picked;                    /* bit i: event.topics[i] */
    char attendee_id[IDS_UUID_LEN + 1]; /* whose choice ("" when none) */
} FlowBoard;
/* Several kiosks, live (flow_kiosks.c). */
typedef struct FlowKiosks {
    Sync *sync;              /* borrowed; NULL when the kiosk works alone */
    StoreCheckinPlace place; /* FLOW_ALREADY: where the earlier check-in was made */
    bool place_known;
    SyncKiosks list;                                    /* as last read from the sync thread */
    SyncStatus status;                                  /* likewise */
    char names[FLOW_KIOSKS_MAX][STORE_DEVICE_NAME_MAX]; /* of list.kiosk[i], "" unknown */
    int64_t data_version; /* the store's when the admin counts were last read */
} FlowKiosks;

struct Flow {
    Store *store; /* borrowed */
    FlowConfig cfg;
    bool has_event;
    EventInfo event;
    char event_id[IDS_UUID_LEN + 1];
    Lang default_lang;

    Person *people; /* people[0..count), grown geometrically */
    size_t count, cap;
    char *arena; /* NUL-terminated names, referenced by offset */
    size_t arena_len, arena_cap;
    Search *search;

    FlowScreen screen;
    Lang lang;
    int64_t now;        /* time of the last input or tick (ms) */
    int64_t last_input; /* idle timeout counts from here */
    int64_t entered;    /* when the current screen was entered */
    int64_t wall;       /* the kiosk's time at now, ms (FlowClock) */
    FlowFind find;
    size_t chosen; /* index into people, valid on confirm/greeting/already */
    char first_name[FLOW_TEXT_CAP];
    FlowWalkin walkin;
    FlowKeyboard kb;
    I18nId notice;
    FlowScreen notice_return; /* where OK on the notice leads */
    FlowFeedback fb;
    FlowCue cue;      /* the last check-in outcome with a sound (FlowView.cue) */
    unsigned cue_seq; /* counts the cues */

    FlowPin pin;
    FlowAdmin admin;
    FlowUndo undo;
    FlowClock clk;
    FlowBadge badge;
    FlowBoard board;
    FlowKiosks kiosks;

    int64_t data_version; /* the store's data_version when the meeting was read */

    FlowView view; /* rebuilt after every change */
};

/* ---- The attendee table (flow.c fills it) -------------------------------------------- */

static inline const char *person_name(const Flow *f, size_t i)
{
    return f->arena + f->people[i].name;
}

static inline const char *person_org(const Flow *f, size_t i)
{
    return f->arena + f->people[i].organisation;
}

static inline size_t find_person(const Flow *f, const char *id)
{
    for (size_t i = 0; i < f->count; i++) {
        if (strcmp(f->people[i].id, id) == 0) {
            return i;
        }
    }
    return (size_t)-1;
}

/* Edits a search field (the undo list's) as the attendee search does: no capitals, at most
 * FLOW_QUERY_MAX_CHARS. */
void flow_edit_search(char *field, size_t cap, FlowAction a, int arg);

/* Builds the view again after a change made outside flow_act and friends (flow.c). */
void flow_refresh(Flow *f);

/* ---- Name badges (flow_badge.c) ------------------------------------------------------ */

/* After a check-in committed at `at`: whether the attendee's badge was queued by it (for
 * the greeting), and a nudge to the worker. */
void flow_badge_checked_in(Flow *f, const char *attendee_id, int64_t at);

/* Reads the badge counts (the admin screen's) from the store. */
void flow_badge_refresh(Flow *f);

/* A reprint of people[i]'s badge (the undo list's button), and the preprint the organiser
 * confirmed: each queues jobs, wakes the worker and leaves a note for the admin screen. */
void flow_badge_reprint(Flow *f, size_t i);
void flow_badge_preprint(Flow *f);

/* Fills the badge part of v. */
void flow_badge_view(Flow *f, FlowView *v);

/* ---- The board's panel (flow_board.c) ----------------------------------------------- */

/* Entering the greeting or "already": reads people[chosen]'s choice (none when chosen is
 * not valid). */
void flow_board_enter(Flow *f);

/* A tap on the panel (FLOW_ACT_TOPIC, FLOW_ACT_BOARD_HIDE): stores the new choice. Returns
 * true if the action was the panel's. */
bool flow_board_act(Flow *f, FlowAction a, int arg);

/* Fills the board part of v. */
void flow_board_view(const Flow *f, FlowView *v);
/* ---- Several kiosks, live (flow_kiosks.c) ------------------------------------------- */

/* "Already checked in" (from check_in): notes where the attendee's check-in was made. */
void flow_kiosks_already(Flow *f, const char *attendee_id);

/* Screen table entries of FLOW_ADMIN_KIOSKS. */
void flow_kiosks_enter(Flow *f);
FlowScreen flow_kiosks_act(Flow *f, FlowAction a, int arg);

/* Fills the live-sharing part of v, and tells the sync thread whether its kiosk list is
 * looked at (the organiser's screens). */
void flow_kiosks_view(Flow *f, FlowView *v);

/* ---- The organiser screens (flow_admin.c) ------------------------------------------- */

/* Screen table entries of FLOW_ADMIN_PIN, FLOW_ADMIN, FLOW_ADMIN_UNDO, FLOW_ADMIN_CLOCK. */
void flow_pin_enter(Flow *f);
void flow_pin_leave(Flow *f);
FlowScreen flow_pin_act(Flow *f, FlowAction a, int arg);
void flow_admin_enter(Flow *f);
FlowScreen flow_admin_act(Flow *f, FlowAction a, int arg);
FlowScreen flow_undo_act(Flow *f, FlowAction a, int arg);
void flow_clock_enter(Flow *f);
FlowScreen flow_clock_act(Flow *f, FlowAction a, int arg);
FlowScreen flow_ask_act(Flow *f, FlowAction a, int arg);

/* Reads the admin screen's counts (stats, feedback, check-ins over time) again. */
void flow_admin_counts(Flow *f);

/* Frees what the organiser screens hold (the undo list); the flow stays usable. */
void flow_admin_free(Flow *f);

/* Takes the time of an input or tick into f->now and f->wall (see flow_admin.c). */
void flow_set_now(Flow *f, int64_t now_ms);

/* At start: the clock's state from the system and this boot's organiser setting. */
void flow_clock_start(Flow *f);

/* True on the clock screen (the time shown is the one being set). */
bool flow_setting_clock(const Flow *f);

/* Fills the organiser screens' part of v (PIN pad, stats, undo list, clock). */
void flow_admin_view(Flow *f, FlowView *v);

#endif
