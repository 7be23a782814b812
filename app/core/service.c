/* service: sd_notify messages to systemd (see service.h).
 *
 * libsystemd's sd_notify does the work: it sends one datagram to $NOTIFY_SOCKET and
 * returns 0 when the variable is unset. Failures are ignored on purpose: a kiosk that
 * cannot report to its service manager must go on showing the check-in screen; if
 * systemd misses READY or WATCHDOG it restarts the kiosk, which is the right outcome.
 */
#include "core/service.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <systemd/sd-daemon.h>

int64_t service_alive_interval_ms(void)
{
    uint64_t usec = 0;
    /* > 0 only when $WATCHDOG_USEC is set and $WATCHDOG_PID, if set, is this process. */
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) {
        return 0;
    }
    int64_t ms = (int64_t)(usec / 3000);
    return ms > 0 ? ms : 1;
}

static void notify_with_status(const char *state, const char *status)
{
    if (!status || !status[0]) {
        if (state) {
            sd_notify(0, state);
        }
        return;
    }
    /* STATUS is one line: a newline would start another assignment. */
    char line[256];
    size_t n = 0;
    for (const char *p = status; *p && n + 1 < sizeof line; p++) {
        line[n++] = (*p == '\n' || *p == '\r') ? ' ' : *p;
    }
    line[n] = '\0';
    if (state) {
        sd_notifyf(0, "%s\nSTATUS=%s", state, line);
    } else {
        sd_notifyf(0, "STATUS=%s", line);
    }
}

void service_ready(const char *status)
{
    notify_with_status("READY=1", status);
}

void service_alive(void)
{
    sd_notify(0, "WATCHDOG=1");
}

void service_status(const char *status)
{
    notify_with_status(NULL, status);
}

bool service_supervised(void)
{
    const char *notify = getenv("NOTIFY_SOCKET"), *invocation = getenv("INVOCATION_ID");
    return (notify && notify[0]) || (invocation && invocation[0]);
}

void service_waiting(const char *status, int64_t retry_ms)
{
    /* The next try, and 30 s beyond it for the try itself and the first frame. */
    char state[96];
    snprintf(state, sizeof state, "EXTEND_TIMEOUT_USEC=%lld\nWATCHDOG=1",
             (long long)(retry_ms + 30000) * 1000);
    notify_with_status(state, status);
}

void service_stopping(void)
{
    sd_notify(0, "STOPPING=1");
}
