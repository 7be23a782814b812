/* atomicfile: a file written whole or not at all.
 *
 * The file is written under a temporary name beside the target (".NAME.tmp-XXXXXXXXXXXX",
 * created O_EXCL), then fsynced, renamed over the target, fsynced again under its new
 * name (FAT writes a renamed file's size and first cluster into its new directory entry
 * only then), and the directory fsynced:
 * whoever pulls the USB stick finds either the old file or the whole new one under the
 * final name, never half of one. Writes are buffered; the first failed write is
 * remembered and reported by atomicfile_commit, so a writer may write on without
 * checking each call.
 *
 * Threads and ownership: an AtomicFile is the caller's (usually on its stack) and used by
 * one thread; it holds an open FILE and the temporary file from atomicfile_open until
 * atomicfile_commit or atomicfile_abort, one of which must follow every successful open.
 */
#ifndef MINGEL_ATOMICFILE_H
#define MINGEL_ATOMICFILE_H

#include <stddef.h>
#include <stdio.h>

#define ATOMICFILE_PATH_MAX 4096

typedef struct AtomicFile {
    FILE *f;
    char path[ATOMICFILE_PATH_MAX]; /* the final name */
    char tmp[ATOMICFILE_PATH_MAX];  /* the temporary name beside it */
    int err;                        /* errno of the first failed write; 0 while all is well */
} AtomicFile;

/* Creates the temporary file beside path. Returns 0, or -1 with "PATH: why" in err (then
 * nothing is left to abort). */
int atomicfile_open(AtomicFile *o, const char *path, char *err, size_t errcap);

/* Appends n bytes. A failure is kept in o->err (the first one wins) and later writes do
 * nothing. */
void atomicfile_write(AtomicFile *o, const void *data, size_t n);

/* Appends a NUL-terminated string. */
void atomicfile_puts(AtomicFile *o, const char *s);

/* Appends printf-formatted text, whole, however long (a formatting failure or no memory
 * becomes the write error). Text of unknown length is better given to atomicfile_puts. */
void atomicfile_printf(AtomicFile *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Drops the temporary file; the target is untouched. */
void atomicfile_abort(AtomicFile *o);

/* Makes the file durable under its final name. Returns 0, or -1 with "PATH: why" in err;
 * on failure the temporary file is gone and the target is the old one (or, when only the
 * syncs after the rename failed, the new one, which may not survive a power cut or a
 * pulled stick). */
int atomicfile_commit(AtomicFile *o, char *err, size_t errcap);

/* The directory part of path ("." when there is none, "/" for a file in the root) into dir
 * (capacity cap > 0): the one place this is worked out (export, store, paths, the CLI).
 * Returns 0, or -1 when it does not fit (dir then holds as much as fits). */
int atomicfile_dir_of(const char *path, char *dir, size_t cap);

#endif
