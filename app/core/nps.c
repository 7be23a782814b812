/* nps: the Net Promoter Score (contract in nps.h). Whole numbers throughout: a double
 * would round 12.5 and -12.5 one way on one machine and another way on the next report. */
#include "core/nps.h"

#include <stdio.h>

NpsScore nps_score(const int64_t counts[11])
{
    NpsScore s = {0};
    for (int v = 0; v <= 10; v++) {
        int64_t c = counts[v] > 0 ? counts[v] : 0;
        s.answers += c;
        if (v >= 9) {
            s.promoters += c;
        } else if (v >= 7) {
            s.passives += c;
        } else {
            s.detractors += c;
        }
    }
    if (s.answers > 0) {
        /* 100 * (p - d) / n rounded half away from zero: (2|x| + n) / 2n with the sign. */
        int64_t x = 100 * (s.promoters - s.detractors);
        int64_t m = x < 0 ? -x : x;
        int64_t r = (2 * m + s.answers) / (2 * s.answers);
        s.score = (int)(x < 0 ? -r : r);
    }
    return s;
}

void nps_format(int score, char *out, size_t cap)
{
    if (score > 0) {
        snprintf(out, cap, "+%d", score);
    } else if (score < 0) {
        snprintf(out, cap, "\u2212%d", -score);
    } else {
        snprintf(out, cap, "0");
    }
}
