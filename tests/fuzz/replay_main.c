/* replay_main: runs a fuzz target over files, without libFuzzer.
 *
 * Linked with one fuzz_*.c in the normal build, it makes that target a plain program:
 * every argument is a file, or a directory whose files (not its subdirectories, and not
 * names starting with '.' or README) are taken in name order, and each file's bytes go
 * to LLVMFuzzerTestOneInput in a block of exactly their size, as libFuzzer would pass
 * them. CTest runs it over the target's seed corpus and its regressions, so a crash found
 * once stays fixed. It fails when no file was found at all, so a wrong path cannot pass
 * as "nothing crashed".
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads the whole file at path into a fresh block of exactly its size; *size gets the
 * size. Returns NULL (with a message) if the file cannot be read. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            uint8_t *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                fprintf(stderr, "replay: %s: out of memory\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) {
            break;
        }
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        fprintf(stderr, "replay: %s: read error\n", path);
        free(buf);
        return NULL;
    }
    /* Exactly len bytes, so reading one past the input is an error ASan reports. */
    uint8_t *exact = malloc(len ? len : 1);
    if (!exact) {
        free(buf);
        return NULL;
    }
    memcpy(exact, buf, len);
    free(buf);
    *size = len;
    return exact;
}

static int replay_file(const char *path)
{
    size_t size = 0;
    uint8_t *data = read_file(path, &size);
    if (!data) {
        return -1;
    }
    LLVMFuzzerTestOneInput(data, size);
    free(data);
    return 0;
}

static int skip_entry(const struct dirent *e)
{
    return e->d_name[0] != '.' && strncmp(e->d_name, "README", 6) != 0;
}

/* Replays path, a file or a directory of files; adds the files replayed to *count. */
static int replay_path(const char *path, size_t *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (replay_file(path) != 0) {
            return -1;
        }
        (*count)++;
        return 0;
    }
    struct dirent **names = NULL;
    int n = scandir(path, &names, skip_entry, alphasort);
    if (n < 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        return -1;
    }
    int rc = 0;
    for (int i = 0; i < n; i++) {
        char file[4096];
        struct stat fst;
        int w = snprintf(file, sizeof file, "%s/%s", path, names[i]->d_name);
        if (w < 0 || (size_t)w >= sizeof file) {
            rc = -1;
        } else if (stat(file, &fst) == 0 && S_ISREG(fst.st_mode)) {
            if (replay_file(file) != 0) {
                rc = -1;
            } else {
                (*count)++;
            }
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE_OR_DIR...\n", argv[0]);
        return 2;
    }
    size_t count = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (replay_path(argv[i], &count) != 0) {
            rc = 1;
        }
    }
    printf("replayed %zu file(s)\n", count);
    if (count == 0) {
        fprintf(stderr, "replay: no input files found\n");
        return 1;
    }
    return rc;
}
