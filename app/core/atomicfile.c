/* atomicfile: a file written whole or not at all (contract in atomicfile.h). */
#include "core/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/ids.h"
#include "core/text.h"

int atomicfile_dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    int n;
    if (!slash) {
        n = snprintf(dir, cap, ".");
    } else if (slash == path) {
        n = snprintf(dir, cap, "/");
    } else {
        n = snprintf(dir, cap, "%.*s", (int)(slash - path), path);
    }
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

/* Creates the temporary file beside path. Returns 0, or -1 with "PATH: why" in err. */
int atomicfile_open(AtomicFile *o, const char *path, char *err, size_t errcap)
{
    memset(o, 0, sizeof *o);
    size_t n = strlen(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (n == 0 || n + 32 >= sizeof o->path) {
        text_printf(err, errcap, "%s: the path is empty or too long", path);
        return -1;
    }
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        text_printf(err, errcap, "%s: names a directory; give a file name", path);
        return -1;
    }
    memcpy(o->path, path, n + 1);
    int prefix = slash ? (int)(slash - path) + 1 : 0;
    int fd = -1;
    for (int attempt = 0; attempt < 8 && fd < 0; attempt++) {
        unsigned char r[6] = {0};
        if (ids_os_random(NULL, r, sizeof r) != 0) {
            int64_t t = ids_monotonic_ms() + attempt;
            memcpy(r, &t, sizeof r < sizeof t ? sizeof r : sizeof t);
        }
        snprintf(o->tmp, sizeof o->tmp, "%.*s.%s.tmp-%02x%02x%02x%02x%02x%02x", prefix, path, base,
                 r[0], r[1], r[2], r[3], r[4], r[5]);
        fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST) {
            break;
        }
    }
    if (fd < 0) {
        int e = errno;
        char dir[ATOMICFILE_PATH_MAX];
        atomicfile_dir_of(path, dir, sizeof dir);
        text_printf(err, errcap, "%s: cannot create a file in %s: %s", path, dir, strerror(e));
        return -1;
    }
    o->f = fdopen(fd, "wb");
    if (!o->f) {
        int e = errno;
        close(fd);
        unlink(o->tmp);
        text_printf(err, errcap, "%s: %s", path, strerror(e));
        return -1;
    }
    setvbuf(o->f, NULL, _IOFBF, 1 << 16);
    return 0;
}

void atomicfile_write(AtomicFile *o, const void *data, size_t n)
{
    if (o->err || n == 0) {
        return;
    }
    errno = 0;
    if (fwrite(data, 1, n, o->f) != n) {
        o->err = errno ? errno : EIO;
    }
}

void atomicfile_puts(AtomicFile *o, const char *s)
{
    atomicfile_write(o, s, strlen(s));
}

/* Formats into a stack buffer, or into the heap when the text is longer: nothing is cut.
 * A formatting failure or no memory is kept as the write error, reported by commit. */
void atomicfile_printf(AtomicFile *o, const char *fmt, ...)
{
    if (o->err) {
        return;
    }
    char buf[1024];
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->err = errno ? errno : EINVAL;
    } else if ((size_t)n < sizeof buf) {
        atomicfile_write(o, buf, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (!big) {
            o->err = ENOMEM;
        } else if (vsnprintf(big, (size_t)n + 1, fmt, again) != n) {
            o->err = EINVAL;
        } else {
            atomicfile_write(o, big, (size_t)n);
        }
        free(big);
    }
    va_end(again);
}

/* Drops the temporary file; the target is untouched. */
void atomicfile_abort(AtomicFile *o)
{
    if (o->f) {
        fclose(o->f);
        o->f = NULL;
    }
    if (o->tmp[0]) {
        unlink(o->tmp);
        o->tmp[0] = '\0';
    }
}

/* Makes the file durable under its final name. Returns 0, or -1 with "PATH: why". */
int atomicfile_commit(AtomicFile *o, char *err, size_t errcap)
{
    int e = o->err;
    if (!e && fflush(o->f) != 0) {
        e = errno;
    }
    /* The data must be on the medium before the name points at it. */
    int fd = fileno(o->f);
    if (!e && fsync(fd) != 0) {
        e = errno;
    }
    if (!e && rename(o->tmp, o->path) != 0) {
        e = errno;
    }
    if (e) {
        fclose(o->f);
        o->f = NULL;
        unlink(o->tmp);
        o->tmp[0] = '\0';
        text_printf(err, errcap, "%s: cannot write: %s", o->path, strerror(e ? e : EIO));
        return -1;
    }
    o->tmp[0] = '\0';
    /* The file once more, under its new name. On FAT (every USB stick) the rename makes a
     * new directory entry that says "empty file" until the file itself is written out
     * again, which syncing the directory does not do: a stick pulled out before the
     * kernel's own writeback (up to 30 s later) would hold an empty file under the final
     * name. Elsewhere this costs nothing: the rename is in the same journal commit. */
    e = fsync(fd) != 0 ? errno : 0;
    if (fclose(o->f) != 0 && !e) {
        e = errno;
    }
    o->f = NULL;
    /* And the rename itself must be on the medium: fsync the directory. Filesystems that
     * cannot sync a directory say EINVAL; there the rename is as durable as it gets. */
    char dir[ATOMICFILE_PATH_MAX];
    atomicfile_dir_of(o->path, dir, sizeof dir);
    int dfd = e ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (!e && (dfd < 0 || (fsync(dfd) != 0 && errno != EINVAL && errno != ENOTSUP))) {
        e = errno;
    }
    if (dfd >= 0) {
        close(dfd);
    }
    if (e) {
        text_printf(err, errcap, "%s: written, but it could not be synced: %s", o->path,
                    strerror(e));
        return -1;
    }
    return 0;
}
