/* Tests for core/sheet: any attendee-list file to rows of UTF-8 cells.
 *
 * Text cases are tables of bytes in, rows out: every row is written as "LINE:cell|cell"
 * (a line break inside a cell as \n), so a case shows at a glance what the file holds.
 * UTF-16 inputs are made here from their UTF-8 form, with and without a BOM, in both byte
 * orders. Workbooks are real files in tests/data/sheet (tests/data/sheet/make_xlsx.py
 * writes them with python3-openpyxl and by hand); MINGEL_SHEET_OPENPYXL, when set, names
 * another directory to read the openpyxl ones from (the ctest sheet_openpyxl writes them
 * there afresh with the openpyxl installed).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/sheet.h"
#include "core/text.h"
#include "support.h"

/* Writes the rows of s as "LINE:cell|cell\n..." into out. */
static void render(const Sheet *s, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t r = 0; r < s->count; r++) {
        const SheetRow *row = &s->rows[r];
        n += (size_t)snprintf(out + n, cap - n, "%d:", row->line);
        for (size_t c = 0; c < row->ncells && n < cap - 8; c++) {
            if (c) {
                out[n++] = '|';
            }
            for (const char *p = row->cells[c]; *p && n < cap - 8; p++) {
                if (*p == '\n' || *p == '\r') {
                    out[n++] = '\\';
                    out[n++] = *p == '\n' ? 'n' : 'r';
                } else {
                    out[n++] = *p;
                }
            }
        }
        if (n < cap - 2) {
            out[n++] = '\n';
        }
        out[n] = '\0';
    }
}

/* Checks that every cell is valid UTF-8 with no NUL before its end. */
static void check_cells(const char *name, const Sheet *s)
{
    for (size_t r = 0; r < s->count; r++) {
        for (size_t c = 0; c < s->rows[r].ncells; c++) {
            if (!text_valid_utf8(s->rows[r].cells[c], strlen(s->rows[r].cells[c]))) {
                fail_msg("case \"%s\": row %zu cell %zu is not UTF-8", name, r, c);
            }
        }
    }
}

/* ---- Text ---- */

typedef struct TextCase {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
    SheetEncoding enc;
    char sep;
    const char *rows;
} TextCase;

static const TextCase TEXT_CASES[] = {
    {"semicolon, CRLF", "Namn;Org\r\nAnna;Kommun\r\n", 0, SHEET_UTF8, ';',
     "1:Namn|Org\n2:Anna|Kommun\n"},
    {"comma, LF, no final line end", "Namn,Org\nAnna,Kommun", 0, SHEET_UTF8, ',',
     "1:Namn|Org\n2:Anna|Kommun\n"},
    {"tab keeps empty cells", "Namn\tOrg\tE-post\nAnna\t\t\n", 0, SHEET_UTF8, '\t',
     "1:Namn|Org|E-post\n2:Anna||\n"},
    {"old Mac CR line ends", "Namn;Org\rAnna;A\r\rBo;B\r", 0, SHEET_UTF8, ';',
     "1:Namn|Org\n2:Anna|A\n4:Bo|B\n"},
    {"BOM", "\xEF\xBB\xBFNamn;Org\nAnna;Å\n", 0, SHEET_UTF8_BOM, ';', "1:Namn|Org\n2:Anna|Å\n"},
    {"quoted separator, quote and line breaks",
     "Namn,Org\n\"Lejdberg, Anna\",\"Säg \"\"hej\"\"\"\n\"Bo\nBosson\",\"a\r\nb\"\nCe,D\n", 0,
     SHEET_UTF8, ',', "1:Namn|Org\n2:Lejdberg, Anna|Säg \"hej\"\n3:Bo\\nBosson|a\\r\\nb\n6:Ce|D\n"},
    {"blank lines are no rows, bare separators are", "\n  \nNamn;Org\n\n;\nAnna;A\n", 0, SHEET_UTF8,
     ';', "3:Namn|Org\n5:|\n6:Anna|A\n"},
    {"ragged rows kept as they are", "Namn;Org;E\nAnna\nBo;B;b;extra\n", 0, SHEET_UTF8, ';',
     "1:Namn|Org|E\n2:Anna\n3:Bo|B|b|extra\n"},
    {"commas inside names lose to semicolons", "Namn;Org\nLejdberg, Anna;A\nÖberg, Bo;B\n", 0,
     SHEET_UTF8, ';', "1:Namn|Org\n2:Lejdberg, Anna|A\n3:Öberg, Bo|B\n"},
    {"title line above a comma table",
     "Deltagare; anmälda till mötet\nNamn,Org,E-post\nA,B,C\nD,E,F\nG,H,I\n", 0, SHEET_UTF8, ',',
     "1:Deltagare; anmälda till mötet\n2:Namn|Org|E-post\n3:A|B|C\n4:D|E|F\n5:G|H|I\n"},
    {"one column", "Namn\nAnna\n", 0, SHEET_UTF8, ',', "1:Namn\n2:Anna\n"},
    {"spaces trimmed around unquoted values only", "Namn ; Org\n  Anna  ;\" x \"\n", 0, SHEET_UTF8,
     ';', "1:Namn|Org\n2:Anna| x \n"},
    {"Windows-1252 letters and euro",
     "Namn;Pris\r\nK\xE5re \xC4lv \xD6"
     "berg \xE9;\x80 5\r\n",
     0, SHEET_CP1252, ';', "1:Namn|Pris\n2:Kåre Älv Öberg é|€ 5\n"},
    {"Windows-1252 quotes and dashes",
     "Namn\n\x93"
     "Bo\x94 \x96 \x85\n",
     0, SHEET_CP1252, ',',
     "1:Namn\n2:\xE2\x80\x9C"
     "Bo\xE2\x80\x9D \xE2\x80\x93 \xE2\x80\xA6\n"},
    {"empty file", "", 0, SHEET_UTF8, ',', ""},
};

static void test_text_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(TEXT_CASES); i++) {
        const TextCase *c = &TEXT_CASES[i];
        Sheet s;
        char err[512] = "", got[4096];
        size_t len = c->len ? c->len : strlen(c->data);
        if (sheet_parse("mem.csv", c->data, len, NULL, &s, err, sizeof err) != 0) {
            fail_msg("case \"%s\": %s", c->name, err);
        }
        render(&s, got, sizeof got);
        CHECK_STR(c->name, got, c->rows);
        CHECK_INT(c->name, s.info.format, SHEET_TEXT);
        CHECK_INT(c->name, s.info.encoding, c->enc);
        CHECK_INT(c->name, s.info.separator, c->sep);
        CHECK_STR(c->name, s.info.sheet_names, "");
        check_cells(c->name, &s);
        sheet_free(&s);
        CHECK_INT(c->name, s.count, 0);
    }
}

/* UTF-16 of the UTF-8 text s (code points above U+FFFF as surrogate pairs), with a BOM. */
static size_t utf16(const char *s, bool le, unsigned char *out, size_t cap)
{
    size_t n = 0, len = strlen(s);
    uint16_t units[2];
    for (size_t i = 0; i <= len;) {
        uint32_t cp = 0xFEFF;
        size_t k = 0;
        if (i > 0 || n > 0) {
            if (i == len) {
                break;
            }
            k = text_decode(s + i, len - i, &cp);
            assert_true(k > 0);
        }
        int nu = 1;
        if (cp > 0xFFFF) {
            units[0] = (uint16_t)(0xD800 + ((cp - 0x10000) >> 10));
            units[1] = (uint16_t)(0xDC00 + ((cp - 0x10000) & 0x3FF));
            nu = 2;
        } else {
            units[0] = (uint16_t)cp;
        }
        for (int u = 0; u < nu; u++) {
            assert_true(n + 2 <= cap);
            out[n++] = (unsigned char)(le ? units[u] & 0xFF : units[u] >> 8);
            out[n++] = (unsigned char)(le ? units[u] >> 8 : units[u] & 0xFF);
        }
        i += k;
    }
    return n;
}

/* A Teams attendance report as Teams writes it: UTF-16LE with BOM, tab-separated, a
 * summary section above the participants. */
static const char TEAMS[] = "1. Summary\r\n"
                            "Meeting title\tNätverksträff, mars\r\n"
                            "Attended participants\t3\r\n"
                            "Start time\t3/11/27, 9:00:00 AM\r\n"
                            "\r\n"
                            "2. Participants\r\n"
                            "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\r\n"
                            "Åsa Öberg\t3/11/27, 9:00:00 AM\t3/11/27, 10:00:00 AM\t1h\ta@x.se\t"
                            "Organizer\r\n"
                            "Bo 😀 Ek (External)\t3/11/27, 9:01:00 AM\t3/11/27, 9:30:00 AM\t29m "
                            "0s\t\tAttendee\r\n";

static void test_utf16(void **state)
{
    (void)state;
    static unsigned char buf[8192];
    const char *want = "1:1. Summary\n"
                       "2:Meeting title|Nätverksträff, mars\n"
                       "3:Attended participants|3\n"
                       "4:Start time|3/11/27, 9:00:00 AM\n"
                       "6:2. Participants\n"
                       "7:Name|First Join|Last Leave|In-Meeting Duration|Email|Role\n"
                       "8:Åsa Öberg|3/11/27, 9:00:00 AM|3/11/27, 10:00:00 AM|1h|a@x.se|Organizer\n"
                       "9:Bo 😀 Ek (External)|3/11/27, 9:01:00 AM|3/11/27, 9:30:00 AM|29m "
                       "0s||Attendee\n";
    for (int le = 0; le <= 1; le++) {
        const char *name = le ? "Teams UTF-16LE" : "Teams UTF-16BE";
        size_t n = utf16(TEAMS, le, buf, sizeof buf);
        Sheet s;
        char err[512] = "", got[4096], desc[128];
        if (sheet_parse("teams.csv", buf, n, NULL, &s, err, sizeof err) != 0) {
            fail_msg("case \"%s\": %s", name, err);
        }
        render(&s, got, sizeof got);
        CHECK_STR(name, got, want);
        CHECK_INT(name, s.info.encoding, le ? SHEET_UTF16LE : SHEET_UTF16BE);
        CHECK_INT(name, s.info.separator, '\t');
        sheet_describe(&s.info, desc, sizeof desc);
        CHECK_STR(name, desc,
                  le ? "UTF-16LE text with BOM, tab-separated (converted to UTF-8)"
                     : "UTF-16BE text with BOM, tab-separated (converted to UTF-8)");
        sheet_free(&s);
    }
}

typedef struct BadCase {
    const char *name;
    const char *data;
    size_t len; /* 0: strlen(data) */
    const char *sheet;
    const char *err; /* the message starts with this */
} BadCase;

static const BadCase BAD_TEXT[] = {
    {"UTF-16LE lone high surrogate", "\xFF\xFEN\0\n\0A\0\n\0\x3D\xD8x\0\n\0", 16, NULL,
     "mem.csv:3: the text is not valid UTF-16LE here"},
    {"UTF-16BE lone low surrogate", "\xFE\xFF\0N\0\n\xDC\x00", 8, NULL,
     "mem.csv:2: the text is not valid UTF-16BE here"},
    {"UTF-16 cut in the middle of a character", "\xFF\xFEN\0\n\0A", 7, NULL,
     "mem.csv:2: the text is not valid UTF-16LE here (the file ends inside a character)"},
    {"UTF-32LE", "\xFF\xFE\0\0N\0\0\0", 8, NULL,
     "mem.csv:1: the text holds NUL characters, so it is not a text list (perhaps UTF-32)"},
    {"NUL bytes", "Namn\nA\0b\n", 9, NULL, "mem.csv:2: the file holds NUL bytes"},
    {"UTF-16 without BOM", "N\0a\0m\0n\0", 8, NULL,
     "mem.csv:1: the file holds NUL bytes, so it is not a text list (perhaps UTF-16 without a "
     "byte order mark)"},
    {"byte undefined in Windows-1252", "Namn\nA\x81\n", 0, NULL,
     "mem.csv:2: the file is neither UTF-8 nor Windows-1252 text (byte 0x81)"},
    {"control byte", "Namn\n\nA\x01\xE5\n", 0, NULL,
     "mem.csv:3: the file is neither UTF-8 nor Windows-1252 text (byte 0x01)"},
    {"UTF-8 mixed with Windows-1252", "Namn\nÅsa\nK\xE5re\n", 0, NULL,
     "mem.csv:3: the file mixes UTF-8 with another encoding"},
    {"BOM but not UTF-8", "\xEF\xBB\xBFNamn\nA\nK\xE5re\n", 0, NULL,
     "mem.csv:3: the file says it is UTF-8 but this line is not"},
    {"misplaced quote", "Namn;Org\nAn\"na;A\n", 0, NULL, "mem.csv:2: misplaced quote (\")"},
    {"quote never closed", "Namn;Org\nAnna;\"A\nBo;B\n", 0, NULL,
     "mem.csv:2: quoted value starting on this line is never closed"},
    {"sheet name for a text file", "Namn\nA\n", 0, "Blad1",
     "mem.csv: a sheet name was given, but this is a text file"},
    {"old Excel magic", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 0, NULL,
     "mem.csv: this is an old Excel file (.xls); open it and save it as .xlsx or as"},
    {"zip that is cut short", "PK\x03\x04\x14\0\0\0", 0, NULL,
     "mem.csv: the file is a zip (such as .xlsx) but damaged or incomplete"},
};

static void check_bad(const BadCase *c, int rc, const Sheet *s, const char *err)
{
    CHECK_INT(c->name, rc, -1);
    CHECK_INT(c->name, s->count, 0);
    if (s->rows != NULL) {
        fail_msg("case \"%s\": rows left after an error", c->name);
    }
    if (strncmp(err, c->err, strlen(c->err)) != 0) {
        fail_msg("case \"%s\": error is\n\"%s\", expected it to start\n\"%s\"", c->name, err,
                 c->err);
    }
    if (!text_valid_utf8(err, strlen(err)) || strchr(err, '\n')) {
        fail_msg("case \"%s\": error is not one line of UTF-8", c->name);
    }
}

static void test_bad_text(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(BAD_TEXT); i++) {
        const BadCase *c = &BAD_TEXT[i];
        Sheet s;
        char err[512] = "";
        int rc = sheet_parse("mem.csv", c->data, c->len ? c->len : strlen(c->data), c->sheet, &s,
                             err, sizeof err);
        check_bad(c, rc, &s, err);
    }
}

/* The separator is found in the table, not in a long preamble of two-field lines. */
static void test_separator_after_summary(void **state)
{
    (void)state;
    char buf[4096];
    size_t n = 0;
    for (int i = 0; i < 12; i++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "Key %d;Value, with comma %d\n", i, i);
    }
    n += (size_t)snprintf(buf + n, sizeof buf - n, "Name,First Join,Email,Role,Org\n");
    for (int i = 0; i < 8; i++) {
        n += (size_t)snprintf(buf + n, sizeof buf - n, "P%d,9:00,p%d@x,Attendee,Org %d\n", i, i, i);
    }
    Sheet s;
    char err[256] = "";
    assert_int_equal(sheet_parse("mem.csv", buf, n, NULL, &s, err, sizeof err), 0);
    assert_int_equal(s.info.separator, ',');
    assert_int_equal(s.count, 21);
    assert_int_equal(s.rows[12].line, 13);
    assert_int_equal(s.rows[12].ncells, 5);
    assert_string_equal(s.rows[20].cells[4], "Org 7");
    sheet_free(&s);
}

/* Limits: a cell over SHEET_CELL_MAX, a row over SHEET_MAX_COLS, more than SHEET_MAX_ROWS
 * rows, a file over SHEET_FILE_MAX (not read: only its length is looked at). */
static void test_limits(void **state)
{
    (void)state;
    Sheet s;
    char err[512];
    size_t big = SHEET_CELL_MAX + 10;
    char *buf = malloc((size_t)SHEET_MAX_ROWS * 3 + big + 64);
    assert_non_null(buf);

    memcpy(buf, "Namn\nA\n", 7);
    memset(buf + 7, 'x', big);
    assert_int_equal(sheet_parse("mem.csv", buf, 7 + big, NULL, &s, err, sizeof err), -1);
    assert_string_equal(err, "mem.csv:3: column 1 holds more than 32767 bytes; is it the right "
                             "file?");

    size_t n = 0;
    for (int i = 0; i <= SHEET_MAX_COLS; i++) {
        buf[n++] = ';';
    }
    buf[n++] = '\n';
    assert_int_equal(sheet_parse("mem.csv", buf, n, NULL, &s, err, sizeof err), -1);
    assert_string_equal(err, "mem.csv:1: row has more than 1000 columns; is it the right file?");

    n = 0;
    for (int i = 0; i <= SHEET_MAX_ROWS; i++) {
        buf[n++] = 'a';
        buf[n++] = '\n';
    }
    assert_int_equal(sheet_parse("mem.csv", buf, n, NULL, &s, err, sizeof err), -1);
    assert_string_equal(err, "mem.csv:250001: more than 250000 rows; split the list into smaller "
                             "files");
    assert_int_equal(sheet_parse("mem.csv", buf, n - 2, NULL, &s, err, sizeof err), 0);
    assert_int_equal(s.count, SHEET_MAX_ROWS);
    assert_int_equal(s.rows[SHEET_MAX_ROWS - 1].line, SHEET_MAX_ROWS);
    sheet_free(&s);

    /* 10,001 rows of 1,000 empty cells: more cells than SHEET_MAX_CELLS. */
    size_t rowlen = SHEET_MAX_COLS; /* 999 separators and a line end */
    size_t rows = SHEET_MAX_CELLS / SHEET_MAX_COLS + 1;
    char *wide = malloc(rowlen * rows);
    assert_non_null(wide);
    for (size_t r = 0; r < rows; r++) {
        memset(wide + r * rowlen, ';', rowlen - 1);
        wide[r * rowlen + rowlen - 1] = '\n';
    }
    assert_int_equal(sheet_parse("mem.csv", wide, rowlen * rows, NULL, &s, err, sizeof err), -1);
    assert_string_equal(err, "mem.csv:10001: more than 10000000 cells in all; is it the right "
                             "file?");
    assert_int_equal(sheet_parse("mem.csv", wide, rowlen * (rows - 1), NULL, &s, err, sizeof err),
                     0);
    assert_int_equal(s.count, rows - 1);
    assert_int_equal(s.rows[rows - 2].ncells, SHEET_MAX_COLS);
    sheet_free(&s);
    free(wide);

    assert_int_equal(sheet_parse("mem.csv", buf, SHEET_FILE_MAX + 1, NULL, &s, err, sizeof err),
                     -1);
    assert_string_equal(err, "mem.csv: file is larger than 64 MiB; is it the right file?");
    free(buf);

    sheet_free(NULL);
    Sheet empty = {0};
    sheet_free(&empty);
}

static void test_describe_text(void **state)
{
    (void)state;
    char buf[128];
    SheetInfo i = {.format = SHEET_TEXT, .encoding = SHEET_CP1252, .separator = ';'};
    assert_string_equal(sheet_describe(&i, buf, sizeof buf),
                        "Windows-1252 text, semicolon-separated (converted to UTF-8)");
    i.encoding = SHEET_UTF8_BOM;
    i.separator = ',';
    assert_string_equal(sheet_describe(&i, buf, sizeof buf),
                        "UTF-8 text with BOM, comma-separated");
    i.encoding = SHEET_UTF8;
    i.separator = '\t';
    assert_string_equal(sheet_describe(&i, buf, sizeof buf), "UTF-8 text, tab-separated");
    SheetInfo x = {.format = SHEET_XLSX, .sheet_name = "Blad1", .sheet_count = 3, .sheet_index = 2};
    assert_string_equal(sheet_describe(&x, buf, sizeof buf),
                        "Excel workbook, sheet \"Blad1\" (2 of 3)");
    assert_string_equal(sheet_describe(&x, buf, 10), "Excel wor");
}

/* ---- Workbooks ---- */

static void fixture(char *out, size_t cap, const char *file)
{
    const char *dir = strncmp(file, "openpyxl", 8) == 0 ? getenv("MINGEL_SHEET_OPENPYXL") : NULL;
    char tmp[1024];
    if (!dir) {
        const char *data = getenv("MINGEL_TEST_DATA");
        if (!data) {
            fail_msg("MINGEL_TEST_DATA is not set; run the test through ctest");
        }
        snprintf(tmp, sizeof tmp, "%s/sheet", data);
        dir = tmp;
    }
    int n = snprintf(out, cap, "%s/%s", dir, file);
    assert_true(n > 0 && (size_t)n < cap);
}

static void load_ok(const char *file, const char *sheet, Sheet *s)
{
    char path[1024], err[512] = "";
    fixture(path, sizeof path, file);
    if (sheet_load(path, sheet, s, err, sizeof err) != 0) {
        fail_msg("%s: %s", file, err);
    }
    check_cells(file, s);
    CHECK_INT(file, s->info.format, SHEET_XLSX);
    CHECK_INT(file, s->info.separator, 0);
}

/* openpyxl writes inline strings, numbers, booleans and dates in both date systems. */
static void test_xlsx_openpyxl(void **state)
{
    (void)state;
    const char *want = "1:Deltagarlista\n"
                       "3:Namn|Organisation|Biljettkod|Datum|Tid|Antal|Pris|Ja\n"
                       "4:Åsa Öberg|Kommun|1234567890123460000|2027-03-11|2027-03-11 "
                       "09:30|42|3.5|TRUE\n"
                       "5:Bo||00123|1999-12-31|14:05|-7|0.1|FALSE\n"
                       "6:|||||||||långt bort\n";
    const char *files[] = {"openpyxl.xlsx", "openpyxl_1904.xlsx"};
    for (size_t i = 0; i < COUNT_OF(files); i++) {
        Sheet s;
        char got[4096], desc[128];
        load_ok(files[i], NULL, &s);
        render(&s, got, sizeof got);
        CHECK_STR(files[i], got, want);
        CHECK_STR(files[i], s.info.sheet_name, "Blad1");
        CHECK_INT(files[i], s.info.sheet_count, 3);
        CHECK_STR(files[i], s.info.sheet_names, "\"Blad1\", \"Anmälningar\", \"Tom\"");
        /* A 19-digit code saved as a number kept 15 digits: said, with its row. */
        CHECK_INT(files[i], s.info.lossy_numbers, 1);
        CHECK_INT(files[i], s.info.lossy_row, 4);
        CHECK_STR(files[i], sheet_describe(&s.info, desc, sizeof desc),
                  "Excel workbook, sheet \"Blad1\" (1 of 3)");
        sheet_free(&s);
    }
}

static void test_xlsx_sheet_by_name(void **state)
{
    (void)state;
    Sheet s;
    char got[512];
    load_ok("openpyxl.xlsx", "Anmälningar", &s);
    render(&s, got, sizeof got);
    assert_string_equal(got, "1:Namn\n2:Cecilia\n");
    assert_int_equal(s.info.sheet_index, 2);
    sheet_free(&s);
    load_ok("openpyxl.xlsx", "blad1", &s); /* case differs: Excel's names ignore it */
    assert_string_equal(s.info.sheet_name, "Blad1");
    sheet_free(&s);
    load_ok("openpyxl.xlsx", "Tom", &s);
    assert_int_equal(s.count, 0);
    sheet_free(&s);
}

/* Shared strings with rich text and phonetic runs, escapes, inline rich text, built-in
 * and custom date formats, formula results, errors, cells and rows without references,
 * a hidden first sheet, a target given from the package root. */
static void test_xlsx_handmade(void **state)
{
    (void)state;
    Sheet s;
    char got[8192], want[8192];
    load_ok("handmade.xlsx", NULL, &s);
    size_t n = (size_t)snprintf(want, sizeof want,
                                "2:Namn||E-post\n"
                                "3:Anna Lejdberg||anna@example.se\n"
                                "4:Kåre|2027-03-11|2027-03-11 18:00|1900-03-01|36:00|2.25|12:00\n"
                                "7:rad 1\\rrad 2 _x0041_|Namnx|#N/A|FALSE|1234567890123456789|"
                                "18446744073709600000||-0.25\n"
                                "1048576:");
    for (int i = 0; i < 647; i++) {
        want[n++] = '|';
    }
    snprintf(want + n, sizeof want - n, "sist\n");
    render(&s, got, sizeof got);
    assert_string_equal(got, want);
    assert_string_equal(s.info.sheet_name, "Lista");
    assert_int_equal(s.info.sheet_index, 2);
    assert_int_equal(s.info.sheet_count, 2);
    assert_int_equal(s.info.lossy_numbers, 2);
    assert_int_equal(s.info.lossy_row, 7);
    sheet_free(&s);
    load_ok("handmade.xlsx", "Dold", &s); /* hidden, but there when named */
    render(&s, got, sizeof got);
    assert_string_equal(got, "1:hemlig\n");
    sheet_free(&s);
}

/* Written by LibreOffice (from libreoffice.fods): its own styles, its own number formats
 * ("yyyy\-mm\-dd", "d/m/yy\ hh:mm"), a first sheet that is not the list. */
static void test_xlsx_libreoffice(void **state)
{
    (void)state;
    Sheet s;
    char got[1024];
    load_ok("libreoffice.xlsx", NULL, &s);
    render(&s, got, sizeof got);
    assert_string_equal(got, "1:Se bladet Deltagare\n");
    assert_string_equal(s.info.sheet_name, "Översikt");
    sheet_free(&s);
    load_ok("libreoffice.xlsx", "Deltagare", &s);
    render(&s, got, sizeof got);
    assert_string_equal(got, "1:Namn|Organisation|Biljettkod|Anmäld|Ankomst|Tid|Närvaro\n"
                             "2:Åsa Öberg|Region Skåne|123456789012|2027-03-11|2027-03-11 "
                             "08:45|09:30|1\n"
                             "3:Lejdberg, Bo||00123|1999-12-31|||0.5\n");
    assert_int_equal(s.info.sheet_index, 2);
    assert_int_equal(s.info.lossy_numbers, 0);
    sheet_free(&s);
}

static const BadCase BAD_FILES[] = {
    {"missing sheet", "openpyxl.xlsx", 0, "Deltagare",
     "openpyxl.xlsx: the workbook has no sheet named \"Deltagare\"; its sheets are \"Blad1\", "
     "\"Anmälningar\", \"Tom\""},
    {"truncated zip", "truncated.xlsx", 0, NULL,
     "truncated.xlsx: the file is a zip (such as .xlsx) but damaged or incomplete"},
    {"zip bomb", "bomb.xlsx", 0, NULL,
     "bomb.xlsx: the workbook unpacks to more than 256 MiB; is it the right file?"},
    {"zip bomb with lying sizes", "bomb_lying.xlsx", 0, NULL,
     "bomb_lying.xlsx: the workbook is damaged (xl/worksheets/sheet1.xml unpacks to more than "
     "its zip entry says)"},
    {"OpenDocument", "ods.ods", 0, NULL,
     "ods.ods: this is an OpenDocument file (.ods); open it and save it as .xlsx"},
    {"old binary Excel", "old.xls", 0, NULL,
     "old.xls: this is an old Excel file (.xls); open it and save it as .xlsx or as \"CSV "
     "UTF-8\""},
    {"encrypted workbook", "encrypted.xlsx", 0, NULL,
     "encrypted.xlsx: the workbook is protected with a password"},
};

static void test_xlsx_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < COUNT_OF(BAD_FILES); i++) {
        const BadCase *c = &BAD_FILES[i];
        char path[1024], err[1024] = "", want[1024];
        fixture(path, sizeof path, c->data);
        /* Messages name the file as given. */
        snprintf(want, sizeof want, "%.*s%s", (int)(strlen(path) - strlen(c->data)), path, c->err);
        Sheet s;
        int rc = sheet_load(path, c->sheet, &s, err, sizeof err);
        BadCase with_path = *c;
        with_path.err = want;
        check_bad(&with_path, rc, &s, err);
    }
}

/* Every prefix of a real workbook is refused or read, never a crash (ASan watches). */
static void test_xlsx_prefixes(void **state)
{
    (void)state;
    char path[1024];
    fixture(path, sizeof path, "handmade.xlsx");
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static unsigned char buf[65536];
    size_t len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    assert_true(len > 1000 && len < sizeof buf);
    for (size_t n = 0; n < len; n += 7) {
        Sheet s;
        char err[512];
        int rc = sheet_parse("p.xlsx", buf, n, NULL, &s, err, sizeof err);
        if (rc != 0 && !text_valid_utf8(err, strlen(err))) {
            fail_msg("prefix %zu: error not UTF-8", n);
        }
        sheet_free(&s);
    }
    /* And with every byte of the middle flipped in turn, a few at a time. */
    for (size_t i = 30; i < len; i += 13) {
        buf[i] ^= 0x5A;
        Sheet s;
        char err[512];
        sheet_parse("f.xlsx", buf, len, NULL, &s, err, sizeof err);
        sheet_free(&s);
        buf[i] ^= 0x5A;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_cases),    cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_bad_text),      cmocka_unit_test(test_separator_after_summary),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_describe_text),
        cmocka_unit_test(test_xlsx_openpyxl), cmocka_unit_test(test_xlsx_sheet_by_name),
        cmocka_unit_test(test_xlsx_handmade), cmocka_unit_test(test_xlsx_libreoffice),
        cmocka_unit_test(test_xlsx_bad),      cmocka_unit_test(test_xlsx_prefixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
