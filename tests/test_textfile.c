/* Tests for core/textfile (reading an organiser's file whole) and text_printf (messages
 * cut on a code point boundary). Real files in MINGEL_TEST_TMP. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"
#include "core/textfile.h"

static void path_for(char *out, size_t cap, const char *name)
{
    const char *tmp = getenv("MINGEL_TEST_TMP");
    snprintf(out, cap, "%s/%s", tmp ? tmp : "/tmp", name);
}

static void write_bytes(const char *path, size_t n, char c)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < n; i++)
        fputc(c, f);
    fclose(f);
}

static void reads_whole_file_nul_terminated(void **state)
{
    (void)state;
    char path[512], err[256] = "", *data;
    size_t len;
    path_for(path, sizeof path, "whole.txt");
    FILE *f = fopen(path, "wb");
    fputs("namn;organisation\nÅsa Öhman;Örebro kommun\n", f);
    fclose(f);
    assert_int_equal(textfile_read(path, 1024, &data, &len, err, sizeof err), 0);
    assert_int_equal(len, strlen("namn;organisation\nÅsa Öhman;Örebro kommun\n"));
    assert_string_equal(data, "namn;organisation\nÅsa Öhman;Örebro kommun\n");
    free(data);
    unlink(path);
}

static void limit_is_exact(void **state)
{
    (void)state;
    char path[512], err[256] = "", *data = NULL;
    size_t len = 0;
    path_for(path, sizeof path, "limit.txt");
    write_bytes(path, 4096, 'x');
    assert_int_equal(textfile_read(path, 4096, &data, &len, err, sizeof err), 0);
    assert_int_equal(len, 4096);
    free(data);
    write_bytes(path, 4097, 'x');
    assert_int_equal(textfile_read(path, 4096, &data, &len, err, sizeof err), -1);
    assert_null(data);
    assert_non_null(strstr(err, "limit.txt: file is larger than 4 KiB"));
    unlink(path);
}

static void empty_file_is_read(void **state)
{
    (void)state;
    char path[512], err[256] = "", *data = NULL;
    size_t len = 99;
    path_for(path, sizeof path, "empty.txt");
    write_bytes(path, 0, 'x');
    assert_int_equal(textfile_read(path, 100, &data, &len, err, sizeof err), 0);
    assert_int_equal(len, 0);
    assert_string_equal(data, "");
    free(data);
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
        cmocka_unit_test(limit_is_exact),
        cmocka_unit_test(empty_file_is_read),
        cmocka_unit_test(missing_file_names_path_and_reason),
        cmocka_unit_test(a_directory_cannot_be_read),
        cmocka_unit_test(printf_cuts_on_a_code_point),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
