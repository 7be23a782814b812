/* demo: the built-in demo meeting, so a fresh install shows a working kiosk at once.
 *
 * A fictional breakfast meeting of a municipal operations managers' network with a few
 * hundred fictional attendees with Swedish names and organisations (diacritics included,
 * some walk-in-worthy gaps). Generated deterministically from a seed; no real people.
 */
#ifndef MINGEL_DEMO_H
#define MINGEL_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/roster.h"

#define DEMO_ATTENDEES 320

/* Fills *ev with the demo event (dated today_iso, "YYYY-MM-DD") and *r with count
 * attendees generated from seed; every attendee gets a unique ticket code "DEMO-0001"...
 * Returns 0, or -1 when out of memory (*r is then empty). Free *r with roster_free. */
int demo_make(const char *today_iso, uint32_t seed, size_t count, EventInfo *ev, Roster *r);

#endif
