/* search: instant name search for the check-in screen.
 *
 * An in-memory index of attendees (folded name and organisation words). A query matches
 * an attendee when every query word is a prefix of some word of the name or organisation,
 * compared case- and diacritic-insensitively ("soder" finds "Söderberg"). Results come
 * best first: matches on the name before matches on the organisation; then, for words
 * typed with diacritics, names that have those very letters ("jö" puts Jörgen and Jönsson
 * before Joakim; "jo" finds them all alike); a match on the first name before later
 * words; whole-word matches before partial ones; then by name.
 *
 * When nothing matches, search_suggest finds the near misses ("Menade du …?"): names and
 * organisations one typing mistake away.
 */
#ifndef MINGEL_SEARCH_H
#define MINGEL_SEARCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct Search Search;

/* Creates an empty index. Returns NULL when out of memory. */
Search *search_new(void);

/* Frees the index; s may be NULL. */
void search_free(Search *s);

/* Removes every entry (keeps the allocation for reuse). */
void search_clear(Search *s);

/* Adds an entry with a caller-chosen handle (e.g. an index into the caller's table).
 * name and organisation are UTF-8 (organisation may be NULL). The index copies what it
 * needs. Returns 0, or -1 when out of memory. */
int search_add(Search *s, uint32_t handle, const char *name, const char *organisation);

/* Number of entries. */
size_t search_count(const Search *s);

/* Runs the query and writes up to max handles, best first, into out. Returns the total
 * number of matches (which may exceed max). An empty or blank query matches nothing. */
size_t search_query(const Search *s, const char *query, uint32_t *out, size_t max);

/* The near misses of a query that search_query matches with nobody: entries that match
 * when exactly one query word of at least 3 letters is read with one edit (Damerau: a
 * letter replaced, added, left out, or two neighbouring letters swapped) as the beginning
 * of one of their name's or organisation's words; that word begins with the typed first
 * letter, or with the second (the first two swapped). The other query words match as in
 * search_query. Written to out best first, in search_query's order (a name read with the
 * edit before an organisation), up to max handles; returns the total. Entries
 * search_query matches are not near misses. */
size_t search_suggest(const Search *s, const char *query, uint32_t *out, size_t max);

#endif
