/* paths: finding the program's data and choosing where the database lives.
 *
 * The program must run from a build tree, from an installed prefix and from a relocated
 * copy of that prefix (a Debian package unpacked elsewhere), so the data directory is
 * searched rather than compiled in alone.
 */
#include "core/paths.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "core/atomicfile.h"

static int has_font(const char *dir)
{
    char probe[4096];
    struct stat st;
    if (snprintf(probe, sizeof probe, "%s/fonts/NotoSans-Regular.ttf", dir) >= (int)sizeof probe) {
        return 0;
    }
    return stat(probe, &st) == 0 && S_ISREG(st.st_mode);
}

int paths_data_dir(char *out, size_t cap)
{
    char exe_share[4096] = "";
    const char *env = getenv("MINGEL_DATA_DIR");

    /* <dir of executable>/../share/mingel covers installed and relocated trees. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            if (snprintf(exe_share, sizeof exe_share, "%s/../share/mingel", exe) >=
                (int)sizeof exe_share) {
                exe_share[0] = '\0'; /* too long to be a place we install to */
            }
        }
    }
    const char *candidates[] = {env, exe_share, MINGEL_INSTALL_DATA_DIR, MINGEL_SOURCE_DATA_DIR};
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++) {
        if (candidates[i] && candidates[i][0] && has_font(candidates[i])) {
            snprintf(out, cap, "%s", candidates[i]);
            return 0;
        }
    }
    snprintf(out, cap, "no fonts/NotoSans-Regular.ttf in $MINGEL_DATA_DIR (%s), %s, %s or %s",
             env ? env : "unset", exe_share, MINGEL_INSTALL_DATA_DIR, MINGEL_SOURCE_DATA_DIR);
    return -1;
}

/* mkdir -p for the directory part of a path we build ourselves. */
static int make_dirs(char *dir)
{
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') {
            continue;
        }
        *p = '\0';
        int rc = mkdir(dir, 0700);
        *p = '/';
        if (rc != 0 && errno != EEXIST) {
            return -1;
        }
    }
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    return 0;
}

/* A directory the caller may create files in. */
static int writable_dir(const char *dir)
{
    struct stat st;
    return dir && stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && access(dir, W_OK | X_OK) == 0;
}

int paths_default_db(const char *name, char *out, size_t cap)
{
    return paths_default_db_in(PATHS_SYSTEM_STATE_DIR, name, out, cap);
}

int paths_default_db_in(const char *system_dir, const char *name, char *out, size_t cap)
{
    char dir[4096];
    const char *state = getenv("STATE_DIRECTORY"); /* set by systemd's StateDirectory= */
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int len;
    if (state && state[0] == '/') {
        len = snprintf(dir, sizeof dir, "%s", state);
    } else if (writable_dir(system_dir)) {
        len = snprintf(dir, sizeof dir, "%s", system_dir);
    } else if (xdg && xdg[0] == '/') {
        len = snprintf(dir, sizeof dir, "%s/mingel", xdg);
    } else if (home && home[0] == '/') {
        len = snprintf(dir, sizeof dir, "%s/.local/share/mingel", home);
    } else {
        snprintf(out, cap,
                 "cannot choose a database location: neither XDG_DATA_HOME nor HOME "
                 "is set; pass --db PATH");
        return -1;
    }
    if (len < 0 || (size_t)len >= sizeof dir) {
        snprintf(out, cap, "data directory path too long; pass --db PATH");
        return -1;
    }
    if (make_dirs(dir) != 0) {
        snprintf(out, cap, "cannot create %s: %s; pass --db PATH", dir, strerror(errno));
        return -1;
    }
    if (snprintf(out, cap, "%s/%s", dir, name) >= (int)cap) {
        snprintf(out, cap, "database path too long; pass --db PATH");
        return -1;
    }
    return 0;
}

int paths_prepare_db(const char *path, char *err, size_t errcap)
{
    struct stat st, dir_st;
    if (geteuid() != 0 || lstat(path, &st) == 0 || errno != ENOENT) {
        return 0;
    }
    char dir[4096];
    if (atomicfile_dir_of(path, dir, sizeof dir) != 0) {
        return 0; /* store_open will say the path is too long */
    }
    if (stat(dir, &dir_st) != 0 || !S_ISDIR(dir_st.st_mode) || dir_st.st_uid == 0) {
        return 0;
    }
    /* O_EXCL: if someone made the file meanwhile, theirs stands and is not chowned. */
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            return 0;
        }
        snprintf(err, errcap, "cannot create %s: %s", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    if (fchown(fd, dir_st.st_uid, dir_st.st_gid) != 0) {
        snprintf(err, errcap, "cannot give %s to the owner of %s: %s", path, dir, strerror(errno));
        rc = -1;
    }
    close(fd);
    if (rc != 0) {
        unlink(path);
    }
    return rc;
}

/* The kernel's answer to "is this disk removable?" for /dev/sdb1 -> /sys/block/sdb. */
static int removable(const char *dev)
{
    const char *name = strrchr(dev, '/');
    char disk[64], path[128], flag = '0';
    if (!name || strncmp(dev, "/dev/", 5) != 0) {
        return 0;
    }
    snprintf(disk, sizeof disk, "%s", name + 1);
    /* sdb1 -> sdb, mmcblk0p1 -> mmcblk0 */
    size_t n = strlen(disk);
    while (n > 0 && disk[n - 1] >= '0' && disk[n - 1] <= '9') {
        n--;
    }
    if (n > 1 && disk[n - 1] == 'p' && strncmp(disk, "mmcblk", 6) == 0) {
        n--;
    } else if (n == strlen("mmcblk") && strncmp(disk, "mmcblk", 6) == 0) {
        n = strlen(disk); /* mmcblk0 itself */
    }
    disk[n] = '\0';
    snprintf(path, sizeof path, "/sys/block/%s/removable", disk);
    FILE *f = fopen(path, "r");
    if (!f) {
        return 0;
    }
    if (fread(&flag, 1, 1, f) != 1) {
        flag = '0';
    }
    fclose(f);
    return flag == '1';
}

int paths_usb_mount(const char *mounts, char *out, size_t cap)
{
    FILE *f = fopen(mounts, "r");
    if (!f) {
        return -1;
    }
    char line[1024];
    int found = -1;
    while (found != 0 && fgets(line, sizeof line, f)) {
        char dev[256], dir[512];
        if (sscanf(line, "%255s %511s", dev, dir) != 2) {
            continue;
        }
        if (strncmp(dir, "/media/", 7) != 0 && strncmp(dir, "/run/media/", 11) != 0) {
            continue;
        }
        /* The mount table escapes spaces in paths as \040. */
        char *w = dir;
        for (const char *r = dir; *r; r++) {
            if (r[0] == '\\' && r[1] == '0' && r[2] == '4' && r[3] == '0') {
                *w++ = ' ';
                r += 3;
            } else {
                *w++ = *r;
            }
        }
        *w = '\0';
        /* The package's udev rule mounts only USB drives, at /media/mingel-usb-*: some
         * (USB SSDs, some sticks) are not marked removable by the kernel. */
        bool ours = strncmp(dir, "/media/mingel-usb-", 18) == 0;
        if ((ours || removable(dev)) && access(dir, W_OK) == 0) {
            snprintf(out, cap, "%s", dir);
            found = 0;
        }
    }
    fclose(f);
    return found;
}
