/* clock: whether the system clock can be trusted, and which boot this is.
 *
 * A Raspberry Pi has no battery-backed clock. Without network it boots with the time it
 * last saved (Raspberry Pi OS's fake-hwclock) or with 1970, and nothing corrects it. The
 * kernel knows whether a time service (systemd-timesyncd, chrony, ntpd) has disciplined
 * the clock: adjtimex reports TIME_ERROR until one has. The kiosk asks at start and on
 * every record it writes, and lets the organiser confirm or set the time for one boot
 * (flow.c); the boot id tells a restart within the same boot from a new boot, after
 * which the organiser's setting no longer applies.
 */
#ifndef MINGEL_CLOCK_H
#define MINGEL_CLOCK_H

#include <stdbool.h>
#include <stddef.h>

#define CLOCK_BOOT_ID_MAX 40 /* a UUID as text, with room for the NUL */

/* True when the kernel says the system clock is synchronised to a time source. */
bool clock_system_synced(void);

/* Writes this boot's id (the kernel's random boot id, a UUID) into out. Returns 0, or -1
 * with out set to "" when it cannot be read (then no setting outlives the process). */
int clock_boot_id(char out[CLOCK_BOOT_ID_MAX]);

#endif
