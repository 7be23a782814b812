/* clock: the system clock's trustworthiness and the boot id (see clock.h). */
#include "core/clock.h"

#include <stdio.h>
#include <string.h>
#include <sys/timex.h>

bool clock_system_synced(void)
{
    struct timex tx;
    memset(&tx, 0, sizeof tx); /* modes = 0: read only, changes nothing */
    int state = adjtimex(&tx);
    return state != -1 && state != TIME_ERROR && !(tx.status & STA_UNSYNC);
}

int clock_boot_id(char out[CLOCK_BOOT_ID_MAX])
{
    out[0] = '\0';
    FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
    if (!f) {
        return -1;
    }
    char line[64];
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok) {
        return -1;
    }
    line[strcspn(line, "\n")] = '\0';
    if (strlen(line) != 36) {
        return -1; /* not the UUID the kernel writes */
    }
    memcpy(out, line, 37);
    return 0;
}
