/* fuzz_roster: the attendee list import, roster_parse, on any bytes.
 *
 * An organiser's CSV file either loads whole or is refused with a message naming the
 * file; it never crashes the importer, reads past the data or leaks. What loads must be
 * fit to store as is: every field NUL-terminated within ROSTER_FIELD_MAX, valid UTF-8 on
 * one line with no control characters, a name in every entry, the identity key in its
 * documented form (t:ticket, e:lowercased e-mail, or n:... also for an address several
 * people share), an e-mail only if it holds an @, no key twice, rows in file order, and
 * the separator one of ';', ',' and tab, or none for a workbook (whose row numbers are
 * not lines of the file, so only text is held to the file's line count). A refusal leaves the
 * roster empty and its message is one line of valid UTF-8 starting with the file name; a caller
 * with a short buffer gets a prefix of the same message, never a cut code point.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/roster.h"
#include "core/text.h"
#include "fuzz.h"

#define NAME "attendees.csv"

static int key_cmp(const void *a, const void *b)
{
    const RosterEntry *x = *(const RosterEntry *const *)a;
    const RosterEntry *y = *(const RosterEntry *const *)b;
    return strcmp(x->key, y->key);
}

static bool ascii_lower_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        if (ca != *b) {
            return false;
        }
    }
    return *a == *b;
}

static void check_entry(const RosterEntry *e, int prev_line, int lines)
{
    FUZZ_CHECK(fuzz_text_ok(e->name, sizeof e->name) && e->name[0] != '\0');
    FUZZ_CHECK(e->name[0] != ' ' && e->name[strlen(e->name) - 1] != ' '); /* cleaned */
    FUZZ_CHECK(fuzz_text_ok(e->organisation, sizeof e->organisation));
    FUZZ_CHECK(fuzz_text_ok(e->role, sizeof e->role));
    FUZZ_CHECK(fuzz_text_ok(e->email, sizeof e->email));
    FUZZ_CHECK(fuzz_text_ok(e->ticket, sizeof e->ticket));
    FUZZ_CHECK(fuzz_text_ok(e->key, sizeof e->key));
    if (e->ticket[0]) {
        FUZZ_CHECK(strncmp(e->key, "t:", 2) == 0 && strcmp(e->key + 2, e->ticket) == 0);
    } else if (e->email[0] && strncmp(e->key, "e:", 2) == 0) {
        FUZZ_CHECK(ascii_lower_equal(e->email, e->key + 2));
    } else {
        /* "n:name|organisation", cut (at a code point) when it does not fit a key. */
        FUZZ_CHECK(strncmp(e->key, "n:", 2) == 0);
        FUZZ_CHECK(strchr(e->key, '|') != NULL || strlen(e->key) > ROSTER_FIELD_MAX - 5);
    }
    FUZZ_CHECK(e->email[0] == '\0' || strchr(e->email, '@') != NULL);
    FUZZ_CHECK(e->line > prev_line && (lines == 0 || e->line <= lines));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy: roster_parse takes a length, and must not read past it. */
    char *csv = malloc(size ? size : 1);
    FUZZ_CHECK(csv != NULL);
    if (size > 0) {
        memcpy(csv, data, size);
    }
    /* Lines as an editor counts them: a lone CR, a LF or a CRLF ends one. */
    int lines = 1;
    for (size_t i = 0; i < size; i++) {
        if (csv[i] == '\n' || (csv[i] == '\r' && (i + 1 == size || csv[i + 1] != '\n'))) {
            lines++;
        }
    }

    Roster r;
    char err[1024];
    memset(err, 0x55, sizeof err); /* a message must write its own NUL */
    int rc = roster_parse(NAME, csv, size, &r, err, sizeof err);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1);
        FUZZ_CHECK(r.entries == NULL && r.count == 0);
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err, NAME));

        /* The same refusal into a short buffer: a prefix of the message. */
        char small[48];
        size_t cap = 1 + size % sizeof small;
        Roster r2;
        FUZZ_CHECK(roster_parse(NAME, csv, size, &r2, small, cap) == -1);
        FUZZ_CHECK(memchr(small, '\0', cap) != NULL);
        FUZZ_CHECK(text_valid_utf8(small, strlen(small)));
        FUZZ_CHECK(fuzz_is_prefix(small, err));
        roster_free(&r2);
    } else {
        FUZZ_CHECK(r.count > 0 && r.count <= ROSTER_MAX_ROWS && r.entries != NULL);
        FUZZ_CHECK(r.separator == ',' || r.separator == ';' || r.separator == '\t' ||
                   r.separator == 0);
        if (r.separator == 0) {
            lines = 0; /* a workbook: rows are the sheet's, not lines of the file */
        }
        const RosterEntry **sorted = malloc(r.count * sizeof *sorted);
        FUZZ_CHECK(sorted != NULL);
        int prev_line = 0;
        for (size_t i = 0; i < r.count; i++) {
            check_entry(&r.entries[i], prev_line, lines);
            prev_line = r.entries[i].line;
            sorted[i] = &r.entries[i];
        }
        qsort(sorted, r.count, sizeof *sorted, key_cmp);
        for (size_t i = 1; i < r.count; i++) {
            FUZZ_CHECK(strcmp(sorted[i - 1]->key, sorted[i]->key) != 0);
        }
        free(sorted);

        /* What the import tells the organiser about consent: the same roster, and a report
         * that is one line of valid UTF-8 per text and agrees with it (no column: nobody
         * consented; unclear values are stored as no and are never more than the rows). */
        Roster rc2;
        RosterConsent c;
        FUZZ_CHECK(roster_parse_consent(NAME, csv, size, &rc2, &c, err, sizeof err) == 0);
        FUZZ_CHECK(rc2.count == r.count);
        size_t yes = 0;
        for (size_t i = 0; i < rc2.count; i++) {
            FUZZ_CHECK(rc2.entries[i].consent == r.entries[i].consent);
            yes += rc2.entries[i].consent;
        }
        FUZZ_CHECK(c.column >= 0 && c.unused_column >= 0);
        FUZZ_CHECK(c.column != 0 || yes == 0);
        FUZZ_CHECK(c.column == 0 || c.unused_column == 0);
        FUZZ_CHECK(c.unclear <= rc2.count && (c.unclear == 0 || c.unclear_line > 0));
        FUZZ_CHECK(fuzz_text_ok(c.header, sizeof c.header));
        FUZZ_CHECK(fuzz_text_ok(c.unused_header, sizeof c.unused_header));
        FUZZ_CHECK(fuzz_text_ok(c.unclear_value, sizeof c.unclear_value));
        roster_free(&rc2);
    }
    roster_free(&r);
    FUZZ_CHECK(r.entries == NULL && r.count == 0);
    free(csv);
    return 0;
}
