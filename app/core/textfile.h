/* textfile: reading an organiser's file (event file, attendee list) whole into memory.
 *
 * Both parsers work on a buffer, so they can also be fed from tests and fuzzers; this is
 * the one place that opens the file, bounds how much is read, and words the errors.
 */
#ifndef MINGEL_TEXTFILE_H
#define MINGEL_TEXTFILE_H

#include <stddef.h>

/* Reads the file at path into a new NUL-terminated buffer: *data (free with free()) and
 * its length *len. A file larger than max bytes is refused without reading it all.
 * Returns 0, or -1 with *data = NULL and one of these in err: "PATH: cannot open: why",
 * "PATH: cannot read: why", "PATH: file is larger than N KiB; is it the right file?",
 * "PATH: out of memory while reading". */
int textfile_read(const char *path, size_t max, char **data, size_t *len, char *err, size_t errcap);

#endif
