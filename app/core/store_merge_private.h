/* store_merge_private.h: what the files of a merge share (never included outside them):
 *   store_merge.c       the records: how another kiosk's events, attendees, check-ins,
 *                       feedback and choices are matched and taken in, a file's rows and
 *                       live messages alike (store_sync.c, through store_private.h)
 *   store_merge_file.c  `mingel merge`: the other file opened and checked, its
 *                       statements by its schema version, the one transaction
 * All of it runs inside the caller's write transaction on the Store's thread.
 */
#ifndef MINGEL_STORE_MERGE_PRIVATE_H
#define MINGEL_STORE_MERGE_PRIVATE_H

#include "core/store_private.h"

/* One event of the other database and where it went here. */
typedef struct MergeEvent {
    char other_id[IDS_UUID_LEN + 1];
    char local_id[IDS_UUID_LEN + 1];
    char key[EVENT_KEY_MAX];
    bool purged;    /* purged here: none of the other's names or check-ins are taken in */
    size_t skipped; /* the other's attendees and check-ins left out for that reason */
} MergeEvent;

/* Statements on this database. */
enum {
    MQ_EVENT_FIND,
    MQ_EVENT_ID_USED,
    MQ_EVENT_INSERT,
    MQ_QUESTION_INSERT,
    MQ_ATTENDEE_FIND,
    MQ_ATTENDEE_ID_USED,
    MQ_ATTENDEE_INSERT,
    MQ_CHECKIN_INSERT,
    MQ_RATING_INSERT,
    MQ_REFLECTION_INSERT,
    MQ_DOUBLE,
    MQ_ACTIVE,
    MQ_NAME,
    MQ_CHOICE_UPSERT,
    MQ_COUNT
};

/* The SQL of each statement on this database. */
extern const char *const storep_merge_sql[MQ_COUNT];

/* Statements on the other database, by its schema version: a file of an older mingel is
 * read as it is (it is never migrated, being read-only), with the defaults its missing
 * columns have here. */
enum {
    OQ_EVENTS,
    OQ_QUESTIONS,
    OQ_ATTENDEES,
    OQ_CHECKINS,
    OQ_RATINGS,
    OQ_REFLECTIONS,
    OQ_CHOICES,
    OQ_COUNT
};

typedef struct Merge {
    Store *s;
    const char *path; /* the other file, for messages */
    sqlite3 *other;
    int64_t version; /* the other's schema version */
    sqlite3_stmt *q[MQ_COUNT];
    sqlite3_stmt *oq[OQ_COUNT];
    MergeEvent *events;
    size_t nevents, events_cap;
    char *notes; /* lines for note(), delivered only once the merge is committed */
    size_t notes_len, notes_cap;
    bool out_of_memory;
    StoreMergeReport rep;
} Merge;

/* Adds a line for the caller's note(), delivered only once the merge is committed. Out of
 * memory is remembered (m->out_of_memory) and fails the merge. */
void storep_merge_note(Merge *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Each takes in the other's records of one kind, read from m->oq (a file's statement or a
 * live message's one-row statement), counting them in m->rep. Events first: the others
 * find their event in m->events. */
StoreStatus storep_merge_events(Merge *m);
StoreStatus storep_merge_attendees(Merge *m);
StoreStatus storep_merge_checkins(Merge *m);
StoreStatus storep_merge_choices(Merge *m);
/* Ratings or reflections (which: OQ_RATINGS or OQ_REFLECTIONS, insert: their MQ_ insert);
 * kinds: the type of each column from the token on. */
StoreStatus storep_merge_feedback(Merge *m, int which, int insert, const char *kinds,
                                  const char *table, size_t *count);
/* Reverses every later active check-in of a person checked in more than once, by a
 * derived id every kiosk derives alike, and notes each. */
StoreStatus storep_merge_doubles(Merge *m);

#endif
