/* textfile: read an organiser's file whole, bounded, with errors a person can act on. */
#include "core/textfile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/text.h"

static void too_large(const char *path, size_t max, char *err, size_t errcap)
{
    if (max >= 1024 * 1024) {
        text_printf(err, errcap, "%s: file is larger than %zu MiB; is it the right file?", path,
                    max / (1024 * 1024));
    } else {
        text_printf(err, errcap, "%s: file is larger than %zu KiB; is it the right file?", path,
                    max / 1024);
    }
}

int textfile_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errcap)
{
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        text_printf(err, errcap, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    int rc = -1;
    char *buf = NULL;
    size_t n = 0, cap = 64 * 1024;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > max) {
            too_large(path, max, err, errcap);
            goto done;
        }
        /* The size is a hint: files under /proc say 0 and have content. */
        if (st.st_size > 0) {
            cap = (size_t)st.st_size + 1;
        }
    }
    /* Read to the end even when the size is known (the file may be growing, or a pipe);
     * one byte past the limit tells a file at the limit from a larger one. */
    for (;;) {
        if (!buf || n + 1 == cap) {
            size_t ncap = buf ? cap * 2 : cap;
            if (ncap > max + 2) {
                ncap = max + 2; /* max + 1 bytes of data and the NUL */
            }
            char *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                text_printf(err, errcap, "%s: out of memory while reading", path);
                goto done;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - 1 - n, f);
        n += got;
        if (got == 0 || n > max) {
            break;
        }
    }
    if (ferror(f)) {
        text_printf(err, errcap, "%s: cannot read: %s", path, strerror(errno));
        goto done;
    }
    if (n > max) {
        too_large(path, max, err, errcap);
        goto done;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    buf = NULL;
    rc = 0;
done:
    free(buf);
    fclose(f);
    return rc;
}
