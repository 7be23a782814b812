/* nps: the Net Promoter Score of a 0-10 question, from its answers per value.
 *
 * Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6. The score is the share of
 * promoters minus the share of detractors, in per cent of all answers, as a whole number
 * from -100 to 100: 10 answers with 5 promoters and 3 detractors score +20. The admin
 * screen, the HTML report and the JSON export all take the score from here, so they never
 * disagree on a rounding.
 */
#ifndef MINGEL_NPS_H
#define MINGEL_NPS_H

#include <stddef.h>
#include <stdint.h>

typedef struct NpsScore {
    int64_t answers;    /* ratings from 0 to 10 counted */
    int64_t promoters;  /* 9 and 10 */
    int64_t passives;   /* 7 and 8 */
    int64_t detractors; /* 0 to 6 */
    int score;          /* -100..100, rounded half away from zero; 0 when there are no answers */
} NpsScore;

/* The score of counts[v], the number of answers v for v = 0..10. Negative counts are
 * taken as 0. */
NpsScore nps_score(const int64_t counts[11]);

/* The score as people write it: "+20", "0", "−20" (with U+2212, the minus sign), into out
 * (capacity cap, 8 bytes are always enough). */
void nps_format(int score, char *out, size_t cap);

#endif
