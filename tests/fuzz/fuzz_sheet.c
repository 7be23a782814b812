/* fuzz_sheet: reading any file as a sheet, sheet_parse, on any bytes.
 *
 * Whatever the bytes (text in any encoding, a zip that claims to be a workbook, an old
 * Excel file), sheet_parse returns rows or refuses; it never crashes, reads past the data
 * or leaks. What it returns is what the contract says: at most SHEET_MAX_ROWS rows, each
 * with at most SHEET_MAX_COLS cells, every cell NUL-terminated valid UTF-8 of at most
 * SHEET_CELL_MAX bytes; text rows in file order with lines from 1, workbook rows with
 * rising row numbers; a separator of ';', ',' or tab for text and none for a workbook.
 * A refusal leaves the Sheet empty, and its message is one line of valid UTF-8 starting
 * with the file name. The first input byte picks a sheet name to ask for, so the named
 * sheet path is reached too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet.h"
#include "core/text.h"
#include "fuzz.h"

#define NAME "list.bin"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const SHEETS[] = {NULL, NULL, NULL, "Blad1", "Sheet2", "Anmälningar"};
    const char *want = NULL;
    if (size > 0 && data[0] == 0xF5) {
        want = SHEETS[data[size - 1] % (sizeof SHEETS / sizeof SHEETS[0])];
        data++;
        size--;
    }
    uint8_t *copy = malloc(size ? size : 1); /* exactly the input, for ASan */
    FUZZ_CHECK(copy != NULL);
    if (size) {
        memcpy(copy, data, size);
    }
    Sheet s;
    char err[512];
    int rc = sheet_parse(NAME, copy, size, want, &s, err, sizeof err);
    if (rc != 0) {
        FUZZ_CHECK(s.count == 0 && s.rows == NULL);
        size_t n = strlen(err);
        FUZZ_CHECK(n < sizeof err && text_valid_utf8(err, n));
        FUZZ_CHECK(strncmp(err, NAME ":", strlen(NAME ":")) == 0);
        FUZZ_CHECK(strchr(err, '\n') == NULL);
        free(copy);
        return 0;
    }
    FUZZ_CHECK(s.count <= SHEET_MAX_ROWS);
    if (s.info.format == SHEET_TEXT) {
        FUZZ_CHECK(want == NULL);
        FUZZ_CHECK(s.info.separator == ';' || s.info.separator == ',' || s.info.separator == '\t');
    } else {
        FUZZ_CHECK(s.info.format == SHEET_XLSX && s.info.separator == 0);
        FUZZ_CHECK(s.info.sheet_index >= 1 && s.info.sheet_index <= s.info.sheet_count);
        FUZZ_CHECK(text_valid_utf8(s.info.sheet_name, strlen(s.info.sheet_name)));
    }
    int prev = 0;
    for (size_t r = 0; r < s.count; r++) {
        const SheetRow *row = &s.rows[r];
        FUZZ_CHECK(row->line > prev);
        prev = row->line;
        FUZZ_CHECK(row->ncells <= SHEET_MAX_COLS);
        for (size_t c = 0; c < row->ncells; c++) {
            size_t n = strlen(row->cells[c]);
            FUZZ_CHECK(n <= SHEET_CELL_MAX && text_valid_utf8(row->cells[c], n));
        }
    }
    char desc[160];
    sheet_describe(&s.info, desc, sizeof desc);
    FUZZ_CHECK(text_valid_utf8(desc, strlen(desc)));
    sheet_free(&s);
    free(copy);
    return 0;
}
