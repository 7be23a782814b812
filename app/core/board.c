/* board: the board's model (contract in board.h).
 *
 * A read builds the whole view afresh in new storage and swaps it in only when complete,
 * so a failed read leaves the board showing what it showed. The people come in name
 * order from the store; they are sorted by organisation here (folded: case and accents
 * ignored, the organisation written as the first of its group wrote it), people without
 * one last.
 */
#include "core/board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

typedef struct Row {
    size_t name, organisation; /* offsets into the arena */
    size_t fold;               /* folded organisation, for grouping */
    size_t fold_name;
    bool first_time;
    unsigned topics;
} Row;

typedef struct Model {
    EventInfo event;
    bool has_event;
    char event_id[IDS_UUID_LEN + 1];
    int64_t here;
    Row *rows;
    size_t nrows, rows_cap;
    char *arena;
    size_t arena_len, arena_cap;
    BoardPerson *people;
    BoardGroup *groups;
    size_t ngroups;
} Model;

struct Board {
    Store *store;
    Model m;
    BoardView view;
    int64_t data_version;
    bool read_once;
    uint64_t polls, reads;
};

static void model_free(Model *m)
{
    free(m->rows);
    free(m->arena);
    free(m->people);
    free(m->groups);
    memset(m, 0, sizeof *m);
}

static int arena_put(Model *m, const char *s, size_t *off)
{
    size_t n = strlen(s) + 1;
    if (m->arena_len + n > m->arena_cap) {
        size_t cap = m->arena_cap ? m->arena_cap * 2 : 8192;
        while (cap < m->arena_len + n) {
            cap *= 2;
        }
        char *p = realloc(m->arena, cap);
        if (!p) {
            return -1;
        }
        m->arena = p;
        m->arena_cap = cap;
    }
    memcpy(m->arena + m->arena_len, s, n);
    *off = m->arena_len;
    m->arena_len += n;
    return 0;
}

/* The topics a person picked, as bits of the event's topics. */
static unsigned topic_bits(const EventInfo *ev, const char *interests)
{
    unsigned bits = 0;
    for (const char *w = interests; *w;) {
        size_t len = strcspn(w, "|");
        char topic[EVENT_TOPIC_MAX];
        if (len < sizeof topic) {
            memcpy(topic, w, len);
            topic[len] = '\0';
            int i = event_topic_index(ev, topic);
            bits |= i >= 0 ? 1u << i : 0;
        }
        w += len + (w[len] == '|');
    }
    return bits;
}

static int add_row(void *ctx, const StoreBoardRow *r)
{
    Model *m = ctx;
    if (m->nrows == m->rows_cap) {
        size_t cap = m->rows_cap ? m->rows_cap * 2 : 256;
        Row *p = realloc(m->rows, cap * sizeof *p);
        if (!p) {
            return -1;
        }
        m->rows = p;
        m->rows_cap = cap;
    }
    Row *row = &m->rows[m->nrows];
    char fold[ROSTER_FIELD_MAX * 2], fold_name[ROSTER_FIELD_MAX * 2];
    text_fold(fold, sizeof fold, r->organisation);
    text_fold(fold_name, sizeof fold_name, r->name);
    if (arena_put(m, r->name, &row->name) != 0 ||
        arena_put(m, r->organisation, &row->organisation) != 0 ||
        arena_put(m, fold, &row->fold) != 0 || arena_put(m, fold_name, &row->fold_name) != 0) {
        return -1;
    }
    row->first_time = r->first_time;
    row->topics = topic_bits(&m->event, r->interests);
    m->nrows++;
    return 0;
}

/* A row with its texts as pointers, for qsort (which has no context): made once the
 * arena no longer moves. */
typedef struct SortRow {
    const char *fold, *fold_name, *name;
    const Row *row;
} SortRow;

static int row_order(const void *pa, const void *pb)
{
    const SortRow *a = pa, *b = pb;
    bool ea = !a->fold[0], eb = !b->fold[0];
    if (ea != eb) {
        return ea ? 1 : -1; /* no organisation: last */
    }
    int c = strcmp(a->fold, b->fold);
    if (c == 0) {
        c = strcmp(a->fold_name, b->fold_name);
    }
    return c ? c : strcmp(a->name, b->name);
}

/* Reads everything into m (empty). */
static StoreStatus model_read(Store *s, Model *m, char *err, size_t errcap)
{
    StoreStatus st = store_event_current(s, &m->event, m->event_id);
    if (st == STORE_NOT_FOUND) {
        return STORE_OK;
    }
    if (st != STORE_OK) {
        snprintf(err, errcap, "cannot read the meeting: %s (%s)", store_status_text(st),
                 store_last_error(s));
        return st;
    }
    m->has_event = true;
    st = store_each_board_person(s, m->event_id, add_row, m, &m->here);
    if (st != STORE_OK) {
        snprintf(err, errcap, "cannot read who is here: %s (%s)", store_status_text(st),
                 store_last_error(s));
        return st;
    }
    if (m->nrows == 0) {
        return STORE_OK;
    }
    SortRow *order = calloc(m->nrows, sizeof *order);
    m->people = calloc(m->nrows, sizeof *m->people);
    m->groups = calloc(m->nrows, sizeof *m->groups);
    if (!order || !m->people || !m->groups) {
        free(order);
        snprintf(err, errcap, "out of memory");
        return STORE_IO;
    }
    for (size_t i = 0; i < m->nrows; i++) {
        const Row *r = &m->rows[i];
        order[i] = (SortRow){m->arena + r->fold, m->arena + r->fold_name, m->arena + r->name, r};
    }
    qsort(order, m->nrows, sizeof *order, row_order);
    for (size_t i = 0; i < m->nrows; i++) {
        const Row *r = order[i].row;
        m->people[i] =
            (BoardPerson){m->arena + r->name, m->arena + r->organisation, r->first_time, r->topics};
        if (i == 0 || strcmp(order[i].fold, order[i - 1].fold) != 0) {
            m->groups[m->ngroups++] = (BoardGroup){m->arena + r->organisation, i, 0};
        }
        m->groups[m->ngroups - 1].count++;
    }
    free(order);
    return STORE_OK;
}

static void make_view(Board *b)
{
    const Model *m = &b->m;
    BoardView *v = &b->view;
    memset(v, 0, sizeof *v);
    v->has_event = m->has_event;
    v->event = m->has_event ? &m->event : NULL;
    v->lang = m->has_event ? i18n_lang_from_code(m->event.language) : LANG_SV;
    v->here = m->here;
    v->people = m->people;
    v->npeople = m->nrows;
    v->groups = m->groups;
    v->ngroups = m->ngroups;
    for (size_t i = 0; i < m->nrows; i++) {
        v->first_timers += m->people[i].first_time;
        for (int t = 0; t < m->event.topic_count; t++) {
            v->topic_people[t] += (m->people[i].topics >> t) & 1u;
        }
    }
}

Board *board_new(Store *store)
{
    Board *b = calloc(1, sizeof *b);
    if (b) {
        b->store = store;
        make_view(b);
    }
    return b;
}

void board_free(Board *b)
{
    if (b) {
        model_free(&b->m);
        free(b);
    }
}

StoreStatus board_read(Board *b, char *err, size_t errcap)
{
    /* Asked first: a commit landing during the read shows as a change at the next poll. */
    int64_t version = -1;
    if (store_data_version(b->store, &version) != STORE_OK) {
        version = -1;
    }
    Model fresh;
    memset(&fresh, 0, sizeof fresh);
    StoreStatus st = model_read(b->store, &fresh, err, errcap);
    b->reads++;
    if (st != STORE_OK) {
        model_free(&fresh);
        return st;
    }
    model_free(&b->m);
    b->m = fresh;
    b->data_version = version;
    b->read_once = true;
    make_view(b);
    return STORE_OK;
}

StoreStatus board_poll(Board *b, bool *changed, char *err, size_t errcap)
{
    *changed = false;
    b->polls++;
    int64_t version;
    StoreStatus st = store_data_version(b->store, &version);
    if (st != STORE_OK) {
        snprintf(err, errcap, "cannot ask the database for changes: %s (%s)", store_status_text(st),
                 store_last_error(b->store));
        return st;
    }
    if (b->read_once && version == b->data_version) {
        return STORE_OK;
    }
    st = board_read(b, err, errcap);
    *changed = st == STORE_OK;
    return st;
}

void board_counts(const Board *b, uint64_t *polls, uint64_t *reads)
{
    *polls = b->polls;
    *reads = b->reads;
}

const BoardView *board_view(const Board *b)
{
    return &b->view;
}
