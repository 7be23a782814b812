/* paths: where the program finds its data (fonts, assets) and keeps its database.
 *
 * Data is looked up, in order: $MINGEL_DATA_DIR; <dir of the executable>/../share/mingel
 * (an installed or relocated tree); the install prefix compiled in; the source tree the
 * build came from.
 *
 * The database defaults to, in order: $STATE_DIRECTORY/mingel.db (the packaged service,
 * systemd's StateDirectory=); /var/lib/mingel/mingel.db when that directory exists and
 * the caller may write to it (the organiser's `sudo mingel import` on a kiosk where the
 * package made it, or the service's own user); $XDG_DATA_HOME/mingel/mingel.db
 * (~/.local/share/mingel/mingel.db) for everyone else.
 */
#ifndef MINGEL_PATHS_H
#define MINGEL_PATHS_H

#include <stddef.h>

/* Writes the first data directory that holds fonts/NotoSans-Regular.ttf into out.
 * Returns 0, or -1 if none does (out then names the places tried, for a message). */
int paths_data_dir(char *out, size_t cap);

/* The kiosk service's data directory, as the package's unit and tmpfiles.d make it. */
#define PATHS_SYSTEM_STATE_DIR "/var/lib/mingel"

/* Writes the default database path for file name (e.g. "mingel.db", "demo.db") into out
 * and creates its directory. Returns 0, or -1 with a message in out. */
int paths_default_db(const char *name, char *out, size_t cap);

/* paths_default_db with the system directory given (tests pass their own). */
int paths_default_db_in(const char *system_dir, const char *name, char *out, size_t cap);

/* Makes sure a database that root creates in another user's directory belongs to that
 * user: run as root, when path does not exist yet and its directory is owned by someone
 * else (the service's /var/lib/mingel), creates path empty (an empty file is a new
 * database to SQLite) with mode 0600 and gives it to the directory's owner and group.
 * SQLite then gives its -wal and -shm files the same owner. Anything else: does nothing.
 * Returns 0, or -1 with a message in err. */
int paths_prepare_db(const char *path, char *err, size_t errcap);

/* Finds a mounted removable drive (a USB stick) to export to: the first mount point under
 * /media or /run/media whose block device the kernel marks removable, or that the
 * package's udev rule mounted (/media/mingel-usb-*, USB drives only). Writes its path into
 * out and returns 0, or returns -1 when there is none. mounts is the mount table to read
 * ("/proc/self/mounts" in the program; tests pass their own). */
int paths_usb_mount(const char *mounts, char *out, size_t cap);

#endif
