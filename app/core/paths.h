/* paths: where the program finds its data (fonts, assets) and keeps its database.
 *
 * Data is looked up, in order: $MINGEL_DATA_DIR; <dir of the executable>/../share/mingel
 * (an installed or relocated tree); the install prefix compiled in; the source tree the
 * build came from. The database defaults to $XDG_DATA_HOME/mingel/mingel.db
 * (~/.local/share/mingel/mingel.db), or $STATE_DIRECTORY/mingel.db under systemd.
 */
#ifndef MINGEL_PATHS_H
#define MINGEL_PATHS_H

#include <stddef.h>

/* Writes the first data directory that holds fonts/NotoSans-Regular.ttf into out.
 * Returns 0, or -1 if none does (out then names the places tried, for a message). */
int paths_data_dir(char *out, size_t cap);

/* Writes the default database path for file name (e.g. "mingel.db", "demo.db") into out
 * and creates its directory. Returns 0, or -1 with a message in out. */
int paths_default_db(const char *name, char *out, size_t cap);

/* Finds a mounted removable drive (a USB stick) to export to: the first mount point under
 * /media or /run/media whose block device the kernel marks removable. Writes its path into
 * out and returns 0, or returns -1 when there is none. mounts is the mount table to read
 * ("/proc/self/mounts" in the program; tests pass their own). */
int paths_usb_mount(const char *mounts, char *out, size_t cap);

#endif
