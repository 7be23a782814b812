/* Tests for core/ids: UUIDv7 layout per RFC 9562, failure of the random source, the OS
 * source, and the clocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "core/ids.h"
#include "support.h"

static int fixed_random(void *ctx, void *buf, size_t n)
{
    memset(buf, *(const unsigned char *)ctx, n);
    return 0;
}

static void test_uuid7_layout(void **state)
{
    (void)state;
    static const struct {
        int64_t ms;
        unsigned char fill;
        const char *want;
    } cases[] = {
        {0x0123456789AB, 0xFF, "01234567-89ab-7fff-bfff-ffffffffffff"},
        {0x0123456789AB, 0x00, "01234567-89ab-7000-8000-000000000000"},
        {0, 0x5A, "00000000-0000-7a5a-9a5a-5a5a5a5a5a5a"},
        {-5, 0x00, "00000000-0000-7000-8000-000000000000"},        /* clamped */
        {INT64_MAX, 0x00, "ffffffff-ffff-7000-8000-000000000000"}, /* clamped */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[IDS_UUID_LEN + 1];
        unsigned char fill = cases[i].fill;
        assert_int_equal(ids_uuid7(out, cases[i].ms, fixed_random, &fill), 0);
        assert_string_equal(out, cases[i].want);
    }
}

static void test_uuid7_random_failure_gives_empty(void **state)
{
    (void)state;
    char out[IDS_UUID_LEN + 1] = "x";
    assert_int_equal(ids_uuid7(out, 1, failing_random, NULL), -1);
    assert_string_equal(out, "");
}

static void test_uuid7_sorts_by_time_and_differs(void **state)
{
    (void)state;
    char a[IDS_UUID_LEN + 1], b[IDS_UUID_LEN + 1], c[IDS_UUID_LEN + 1];
    int64_t now = ids_now_ms();
    assert_int_equal(ids_uuid7(a, now, ids_os_random, NULL), 0);
    assert_int_equal(ids_uuid7(b, now, ids_os_random, NULL), 0);
    assert_int_equal(ids_uuid7(c, now + 1, ids_os_random, NULL), 0);
    assert_int_equal(strlen(a), IDS_UUID_LEN);
    assert_string_not_equal(a, b);
    assert_true(strcmp(a, c) < 0 && strcmp(b, c) < 0);
    assert_int_equal(a[14], '7');
    assert_true(strchr("89ab", a[19]) != NULL);
}

static void test_os_random_fills_large_buffers(void **state)
{
    (void)state;
    static unsigned char buf[1 << 20];
    memset(buf, 0, sizeof buf);
    assert_int_equal(ids_os_random(NULL, buf, sizeof buf), 0);
    size_t zeros = 0;
    for (size_t i = 0; i < sizeof buf; i++) {
        zeros += buf[i] == 0;
    }
    assert_true(zeros < sizeof buf / 128); /* about 1/256 expected */
    assert_int_equal(ids_os_random(NULL, buf, 0), 0);
}

static void test_clocks(void **state)
{
    (void)state;
    assert_true(ids_now_ms() > 1600000000000LL); /* after 2020 */
    int64_t m1 = ids_monotonic_ms(), m2 = ids_monotonic_ms();
    assert_true(m1 > 0 && m2 >= m1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uuid7_layout),
        cmocka_unit_test(test_uuid7_random_failure_gives_empty),
        cmocka_unit_test(test_uuid7_sorts_by_time_and_differs),
        cmocka_unit_test(test_os_random_fills_large_buffers),
        cmocka_unit_test(test_clocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
