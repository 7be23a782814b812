/* Tests for core/textfile (reading an organiser's file whole) and text_printf (messages
 * cut on a code point boundary). Real files in MINGEL_TEST_TMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"
#include "core/textfile.h"
#include "support.h"

static void write_bytes(const char *path, size_t n, char c)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        fputc(c, f);
    }
    fclose(f);
}

static void reads_whole_file_nul_terminated(void **state)
{
    (void)state;
    char path[512], err[256] = "", *data;
    size_t len;
    tmp_path(path, sizeof path, "whole.txt");
    write_text(path, "namn;organisation\nÅsa Öhman;Örebro kommun\n");
    assert_int_equal(textfile_read(path, 1024, &data, &len, err, sizeof err), 0);
    assert_int_equal(len, strlen("namn;organisation\nÅsa Öhman;Örebro kommun\n"));
    assert_string_equal(data, "namn;organisation\nÅsa Öhman;Örebro kommun\n");
    free(data);
    unlink(path);
}

/* A file is read whole up to the limit, to the byte, and an empty one too; one byte more
 * is refused, naming the file and the limit. */
static void sizes_up_to_the_limit_are_read_whole(void **state)
{
    (void)state;
    static const struct {
        size_t bytes, limit;
        bool read;
    } cases[] = {{0, 100, true}, {4096, 4096, true}, {4097, 4096, false}};
    char path[512];
    tmp_path(path, sizeof path, "limit.txt");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "", *data = NULL;
        size_t len = 99;
        write_bytes(path, cases[i].bytes, 'x');
        int rc = textfile_read(path, cases[i].limit, &data, &len, err, sizeof err);
        if (cases[i].read) {
            assert_int_equal(rc, 0);
            assert_int_equal(len, cases[i].bytes);
            assert_int_equal(strlen(data), cases[i].bytes);
            free(data);
        } else {
            assert_int_equal(rc, -1);
            assert_null(data);
            assert_non_null(strstr(err, "limit.txt: file is larger than 4 KiB"));
        }
    }
    unlink(path);
}

static void missing_file_names_path_and_reason(void **state)
{
    (void)state;
    char err[256] = "", *data = (char *)"x";
    size_t len;
    assert_int_equal(textfile_read("/nonexistent/deltagare.csv", 100, &data, &len, err, sizeof err),
                     -1);
    assert_null(data);
    assert_string_equal(err, "/nonexistent/deltagare.csv: cannot open: No such file or directory");
}

static void a_directory_cannot_be_read(void **state)
{
    (void)state;
    char err[256] = "", *data;
    size_t len;
    const char *tmp = getenv("MINGEL_TEST_TMP");
    assert_int_equal(textfile_read(tmp ? tmp : "/tmp", 100, &data, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot read"));
}

/* Files under /proc say their size is 0 and still have content: the size is a hint, the
 * file is read to its end. */
static void a_file_whose_size_reads_zero_is_read_to_its_end(void **state)
{
    (void)state;
    char err[256] = "", *data = NULL;
    size_t len = 0;
    assert_int_equal(textfile_read("/proc/self/status", 1 << 20, &data, &len, err, sizeof err), 0);
    assert_true(len > 0);
    assert_int_equal(strlen(data), len);
    assert_non_null(strstr(data, "Name:"));
    free(data);
}

static void printf_cuts_on_a_code_point(void **state)
{
    (void)state;
    /* "ö" is two bytes: a buffer with room for one of them must drop it whole. */
    for (size_t cap = 1; cap < 12; cap++) {
        char buf[16];
        text_printf(buf, cap, "%s", "fil:3: öäå");
        assert_true(strlen(buf) < cap);
        assert_true(text_valid_utf8(buf, strlen(buf)));
        assert_true(strncmp(buf, "fil:3: öäå", strlen(buf)) == 0);
    }
    char buf[8];
    text_printf(buf, sizeof buf, "%s%d", "ab", 42);
    assert_string_equal(buf, "ab42");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_whole_file_nul_terminated),
        cmocka_unit_test(sizes_up_to_the_limit_are_read_whole),
        cmocka_unit_test(missing_file_names_path_and_reason),
        cmocka_unit_test(a_directory_cannot_be_read),
        cmocka_unit_test(a_file_whose_size_reads_zero_is_read_to_its_end),
        cmocka_unit_test(printf_cuts_on_a_code_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
