/* fuzz_responses: the follow-up form's export, responses_parse, on any bytes.
 *
 * A form export either loads or is refused with a one-line message starting with the
 * file's name; it never crashes, reads past the data or leaks. What loads must be fit to
 * store (store_responses.h): every answer's token 1..RESPONSES_TOKEN_MAX bytes of
 * printable ASCII without spaces, question and answer non-empty valid UTF-8 without
 * control characters other than tab and LF, the question at most
 * RESPONSES_QUESTION_MAX characters, its position a column other than the token's, no
 * session answering one question twice, answers in file order; the counts of rows left
 * out never exceed the rows. A first byte 0xF5 asks for the token column by name (the
 * rest of the first line, up to a NUL, is the name; the file follows it).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/responses.h"
#include "core/text.h"
#include "fuzz.h"

#define NAME "responses.csv"

/* Valid UTF-8 and no control characters but tab and (if lf) LF. */
static bool answer_text_ok(const char *s, bool lf)
{
    size_t n = strlen(s);
    if (n == 0 || !text_valid_utf8(s, n)) {
        return false;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = text_decode(s + i, n - i, &cp);
        if (k == 0 || (cp < 0x20 && cp != '\t' && !(lf && cp == '\n')) || cp == 0x7F) {
            return false;
        }
        i += k;
    }
    return true;
}

static bool token_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > RESPONSES_TOKEN_MAX) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        if (t[i] <= ' ' || t[i] > '~') {
            return false;
        }
    }
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ResponsesOptions opt = {0};
    char *column = NULL;
    if (size > 0 && data[0] == 0xF5) {
        const uint8_t *nul = memchr(data + 1, 0, size - 1);
        if (nul) {
            column = fuzz_strndup(data + 1, (size_t)(nul - data - 1));
            opt.token_column = column;
            size -= (size_t)(nul - data) + 1;
            data = nul + 1;
        }
    }
    Responses r;
    char err[512];
    if (responses_parse(NAME, data, size, &opt, &r, err, sizeof err) != 0) {
        FUZZ_CHECK(fuzz_message_ok(err, sizeof err, NAME));
        FUZZ_CHECK(r.count == 0 && r.answers == NULL);
        free(column);
        return 0;
    }
    FUZZ_CHECK(r.token_position >= 1 && r.token_header != NULL && r.token_how != NULL);
    FUZZ_CHECK(r.no_token.count + r.bad_token.count + r.repeated.count + r.empty.count <= r.rows);
    FUZZ_CHECK(r.sessions <= r.rows && r.count <= r.rows * (r.questions ? r.questions : 1));
    int last_line = 0;
    for (size_t i = 0; i < r.count; i++) {
        const ResponsesAnswer *a = &r.answers[i];
        FUZZ_CHECK(token_ok(a->token));
        FUZZ_CHECK(answer_text_ok(a->answer, true));
        FUZZ_CHECK(answer_text_ok(a->question, true));
        FUZZ_CHECK(text_length(a->question) <= RESPONSES_QUESTION_MAX);
        FUZZ_CHECK(a->position >= 1 && a->position != r.token_position);
        FUZZ_CHECK(a->line >= last_line);
        last_line = a->line;
        for (size_t k = i + 1; k < r.count && r.answers[k].token == a->token; k++) {
            FUZZ_CHECK(strcmp(r.answers[k].question, a->question) != 0);
        }
    }
    responses_free(&r);
    free(column);
    return 0;
}
