/* Tests for core/atomicfile (a file written whole or not at all) on real files in
 * MINGEL_TEST_TMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/atomicfile.h"
#include "support.h"

static void commit_replaces_the_target_whole(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    tmp_path(path, sizeof path, "whole.txt");
    write_text(path, "old\n");
    AtomicFile o;
    assert_int_equal(atomicfile_open(&o, path, err, sizeof err), 0);
    atomicfile_puts(&o, "new ");
    atomicfile_printf(&o, "%d;%s\n", 42, "x");
    char *before = read_file(path).data;
    assert_string_equal(before, "old\n"); /* the target is untouched until the commit */
    free(before);
    assert_int_equal(atomicfile_commit(&o, err, sizeof err), 0);
    char *after = read_file(path).data;
    assert_string_equal(after, "new 42;x\n");
    free(after);
    unlink(path);
}

static void abort_leaves_the_target(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    tmp_path(path, sizeof path, "aborted.txt");
    unlink(path);
    AtomicFile o;
    assert_int_equal(atomicfile_open(&o, path, err, sizeof err), 0);
    atomicfile_puts(&o, "never seen");
    atomicfile_abort(&o);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(errno, ENOENT);
}

/* A formatted piece longer than any internal buffer is written whole (it was once cut at
 * 1,024 bytes without a word). */
static void printf_writes_long_text_whole(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    tmp_path(path, sizeof path, "long.txt");
    size_t n = 5000;
    char *text = malloc(n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i++) {
        text[i] = (char)('a' + i % 26);
    }
    text[n] = '\0';
    AtomicFile o;
    assert_int_equal(atomicfile_open(&o, path, err, sizeof err), 0);
    atomicfile_printf(&o, "<%s>", text);
    assert_int_equal(atomicfile_commit(&o, err, sizeof err), 0);
    char *got = read_file(path).data;
    assert_int_equal(strlen(got), n + 2);
    assert_int_equal(got[0], '<');
    assert_memory_equal(got + 1, text, n);
    assert_int_equal(got[n + 1], '>');
    free(got);
    free(text);
    unlink(path);
}

static void directory_of_a_path(void **state)
{
    (void)state;
    char dir[64];
    atomicfile_dir_of("file.csv", dir, sizeof dir);
    assert_string_equal(dir, ".");
    atomicfile_dir_of("/file.csv", dir, sizeof dir);
    assert_string_equal(dir, "/");
    atomicfile_dir_of("/media/usb/out/file.csv", dir, sizeof dir);
    assert_string_equal(dir, "/media/usb/out");
    atomicfile_dir_of("out/", dir, sizeof dir);
    assert_string_equal(dir, "out");
}

static void open_names_path_and_reason(void **state)
{
    (void)state;
    char path[512], err[256] = "";
    tmp_path(path, sizeof path, "no-such-dir/file.txt");
    AtomicFile o;
    assert_int_equal(atomicfile_open(&o, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "file.txt: cannot create a file in "));
    assert_non_null(strstr(err, "no-such-dir"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(commit_replaces_the_target_whole),
        cmocka_unit_test(abort_leaves_the_target),
        cmocka_unit_test(printf_writes_long_text_whole),
        cmocka_unit_test(directory_of_a_path),
        cmocka_unit_test(open_names_path_and_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
