/* board: what `mingel board` shows, read from the store: who is here among those who
 * consented to the participant list, grouped by organisation, who is new to the network,
 * and who wants to talk about each of the meeting's topics.
 *
 * Free of SDL and of drawing (app/ui/ui_board.c lays it out, app/sdl/board.c runs the
 * screen). The board reads the database file the kiosk writes (its own connection, so it
 * sees each check-in once committed) and is read again only when the store's
 * data_version says another connection committed: board_poll is cheap enough to call
 * every second.
 */
#ifndef MINGEL_BOARD_H
#define MINGEL_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/i18n.h"
#include "core/store.h"

typedef struct BoardPerson {
    const char *name; /* owned by the Board */
    const char *organisation;
    bool first_time;
    unsigned topics; /* bit i: event.topics[i] */
} BoardPerson;

/* People of one organisation: people[first .. first + count). */
typedef struct BoardGroup {
    const char *organisation; /* "" for the people who gave none (listed last) */
    size_t first, count;
} BoardGroup;

/* Everything the board shows; valid until the next board_read or board_poll that read. */
typedef struct BoardView {
    bool has_event;
    const EventInfo *event; /* NULL without a meeting */
    Lang lang;              /* the meeting's language */
    int64_t here;           /* everyone checked in (a number only) */
    /* The people on the board, grouped by organisation (any case, accents ignored), each
     * group in name order. */
    const BoardPerson *people;
    size_t npeople;
    const BoardGroup *groups;
    size_t ngroups;
    size_t first_timers;                   /* of people */
    size_t topic_people[EVENT_TOPICS_MAX]; /* of people, per topic of the event */
} BoardView;

typedef struct Board Board;

/* A board on the store (borrowed; it must outlive the board). NULL when out of memory. */
Board *board_new(Store *store);

/* Frees the board; b may be NULL. */
void board_free(Board *b);

/* Reads the meeting and its people now. Returns STORE_OK (no meeting is not an error:
 * the view says so) or the store's status, with a message in err, and then keeps what it
 * showed. */
StoreStatus board_read(Board *b, char *err, size_t errcap);

/* Reads again if another connection committed since the last read (PRAGMA data_version).
 * *changed says whether it read. Same returns as board_read. */
StoreStatus board_poll(Board *b, bool *changed, char *err, size_t errcap);

/* How many times board_poll looked at the store, and how many reads it made: for the
 * idle test and the benchmark. */
void board_counts(const Board *b, uint64_t *polls, uint64_t *reads);

const BoardView *board_view(const Board *b);

#endif
