/* Tests for core/nps: the Net Promoter Score of a 0-10 question, with exact figures.
 *
 * Each row gives the answers per value (0..10) and the promoters, passives, detractors
 * and score they make; the rounding rows sit exactly on a half, where a floating-point
 * score would go either way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/nps.h"
#include "support.h"

static const struct {
    const char *what;
    int64_t counts[11]; /* answers per value 0..10 */
    int64_t answers, promoters, passives, detractors;
    int score;
} CASES[] = {
    /* 5 promoters, 2 passives, 3 detractors of 10: (5 - 3) / 10 = +20. */
    {"ten answers", {1, 0, 0, 1, 0, 0, 1, 1, 1, 2, 3}, 10, 5, 2, 3, 20},
    {"no answers", {0}, 0, 0, 0, 0, 0},
    {"all tens", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}, 4, 4, 0, 0, 100},
    {"all nines and tens", {0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 2}, 5, 5, 0, 0, 100},
    {"every detractor value once", {1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0}, 7, 0, 0, 7, -100},
    {"passives only", {0, 0, 0, 0, 0, 0, 0, 6, 6, 0, 0}, 12, 0, 12, 0, 0},
    {"six is a detractor, seven is not", {0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0}, 2, 0, 1, 1, -50},
    {"one of each value", {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 11, 2, 2, 7, -45},     /* -45.45 */
    {"three answers, a third", {2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 3, 1, 0, 2, -33}, /* -33.3 */
    {"two thirds", {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 2}, 3, 2, 1, 0, 67},              /* 66.7 */
    {"+12.5 rounds up", {0, 0, 0, 0, 0, 0, 0, 7, 0, 1, 0}, 8, 1, 7, 0, 13},
    {"-12.5 rounds down", {0, 0, 0, 0, 0, 1, 0, 0, 7, 0, 0}, 8, 0, 7, 1, -13},
    {"+28.6", {0, 0, 0, 0, 1, 0, 0, 0, 3, 0, 3}, 7, 3, 3, 1, 29},
    {"negative counts are none", {-5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}, 2, 2, 0, 0, 100},
    {"a large meeting",
     {0, 0, 0, 0, 0, 0, 40000, 30000, 0, 0, 30001},
     100001,
     30001,
     30000,
     40000,
     -10},
};

static void scores_are_exact(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(CASES); i++) {
        NpsScore s = nps_score(CASES[i].counts);
        if (s.answers != CASES[i].answers || s.promoters != CASES[i].promoters ||
            s.passives != CASES[i].passives || s.detractors != CASES[i].detractors ||
            s.score != CASES[i].score) {
            fail_msg("case \"%s\": %lld answers, %lld/%lld/%lld, score %d; expected %lld, "
                     "%lld/%lld/%lld, %d",
                     CASES[i].what, (long long)s.answers, (long long)s.promoters,
                     (long long)s.passives, (long long)s.detractors, s.score,
                     (long long)CASES[i].answers, (long long)CASES[i].promoters,
                     (long long)CASES[i].passives, (long long)CASES[i].detractors, CASES[i].score);
        }
    }
}

static void scores_are_written_as_people_write_them(void **state)
{
    (void)state;
    static const struct {
        int score;
        const char *text;
    } rows[] = {{20, "+20"},
                {0, "0"},
                {-33, "\xE2\x88\x92"
                      "33"},
                {100, "+100"},
                {-100, "\xE2\x88\x92"
                       "100"}};
    for (size_t i = 0; i < COUNT_OF(rows); i++) {
        char out[16];
        nps_format(rows[i].score, out, sizeof out);
        assert_string_equal(out, rows[i].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_are_exact),
        cmocka_unit_test(scores_are_written_as_people_write_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
