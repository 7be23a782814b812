/* service: telling systemd how the kiosk is doing (sd_notify), for Type=notify units.
 *
 * The packaged unit (packaging/systemd/mingel.service) starts the kiosk with
 * Type=notify and WatchdogSec=: systemd counts the kiosk as started only once it has shown
 * its first frame, and restarts it when the event loop stops sending its keep-alive, which
 * is what a hung kiosk looks like from outside (a blocked disk, a stuck driver). Outside
 * systemd ($NOTIFY_SOCKET unset) every call here does nothing, so a user's `mingel run`
 * behaves the same with or without it.
 */
#ifndef MINGEL_SERVICE_H
#define MINGEL_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

/* The interval at which the event loop must call service_alive, in milliseconds: a third
 * of the watchdog time systemd gave this process ($WATCHDOG_USEC, for this pid), so two
 * keep-alives may be late before systemd acts. 0 when no watchdog is asked for. */
int64_t service_alive_interval_ms(void);

/* Start-up is done and the kiosk shows its first frame; status is a one-line text for
 * `systemctl status` (may be NULL). */
void service_ready(const char *status);

/* The event loop is still turning (WATCHDOG=1). */
void service_alive(void);

/* A new one-line status text for `systemctl status`. */
void service_status(const char *status);

/* True when a service manager runs this process ($NOTIFY_SOCKET or $INVOCATION_ID set):
 * then start-up waits for what may come later in the boot instead of exiting. */
bool service_supervised(void);

/* Start-up waits (for a display) and tries again in retry_ms: status goes to `systemctl
 * status`, and systemd's start timeout is extended past the next try (EXTEND_TIMEOUT_USEC)
 * so that waiting is not taken for a hang. */
void service_waiting(const char *status, int64_t retry_ms);

/* The kiosk is shutting down cleanly. */
void service_stopping(void);

#endif
