/* sheet: reading an attendee-list file into rows of UTF-8 cells (see sheet.h).
 *
 * A text file is first brought to UTF-8 whole (iconv for UTF-16 and Windows-1252; the
 * line breaks map one to one, so line numbers counted in the UTF-8 text are the lines an
 * editor shows in the original). Then libcsv does the quoting. libcsv knows nothing of
 * lines, so the text is fed to it one line at a time: a row can end only at the end of a
 * line, so the line fed when a row begins is the row's line, and a row that did not end
 * with its line (a quoted value with a line break) carries on into the next.
 *
 * Telling Windows-1252 from other bytes: text that is valid UTF-8 is UTF-8. Otherwise it
 * is taken as Windows-1252 only if it holds no NUL, no C0 control but tab, CR and LF, and
 * none of the five bytes cp1252 leaves undefined; and if it also holds proper UTF-8
 * sequences for letters (such as "å" as C3 A5) it is refused as a mix of two encodings,
 * since converting it would turn every one of those letters into two wrong ones.
 */
#include "core/sheet.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sheet_int.h"
#include "core/text.h"
#include "core/textfile.h"

#define ARENA_BLOCK ((size_t)1 << 20) /* bytes per arena block, unless a request is larger */
#define SNIFF_LINES 60                /* lines looked at to choose the separator */

typedef struct ArenaBlock {
    struct ArenaBlock *next;
    size_t used, cap; /* bytes of data[] */
    max_align_t data[];
} ArenaBlock;

struct SheetArena {
    ArenaBlock *head; /* the block being filled; older blocks follow */
};

void sheet_fail(SheetBuild *b, int line, const char *fmt, ...)
{
    if (b->failed) {
        return;
    }
    b->failed = true;
    char raw[768], msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* Messages may quote the file: keep them one line of valid UTF-8 whatever it holds. */
    text_clean_line(msg, sizeof msg, raw, strlen(raw));
    char name[256];
    text_clean_line(name, sizeof name, b->name, strlen(b->name));
    if (line > 0) {
        text_printf(b->err, b->errcap, "%s:%d: %s", name, line, msg);
    } else {
        text_printf(b->err, b->errcap, "%s: %s", name, msg);
    }
}

void *sheet_alloc(SheetBuild *b, size_t n)
{
    SheetArena *a = b->out->arena;
    const size_t align = sizeof(max_align_t);
    ArenaBlock *blk = a->head;
    /* Strings are packed without alignment (arena_bytes): round the fill up first. */
    if (blk) {
        blk->used =
            blk->used + align - 1 < blk->cap ? (blk->used + align - 1) / align * align : blk->cap;
    }
    if (!blk || blk->cap - blk->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        blk = malloc(sizeof *blk + cap);
        if (!blk) {
            sheet_fail(b, 0, "out of memory while reading");
            return NULL;
        }
        blk->used = 0;
        blk->cap = cap;
        blk->next = a->head;
        a->head = blk;
    }
    void *p = (char *)blk->data + blk->used;
    blk->used += n;
    return p;
}

/* Strings need no alignment: they are packed, which keeps 100,000 rows of short cells
 * in a few blocks. */
static char *arena_bytes(SheetBuild *b, size_t n)
{
    SheetArena *a = b->out->arena;
    ArenaBlock *blk = a->head;
    if (blk && blk->cap - blk->used >= n) {
        char *p = (char *)blk->data + blk->used;
        blk->used += n;
        return p;
    }
    return sheet_alloc(b, n);
}

bool sheet_cell(SheetBuild *b, int line, const char *s, size_t n)
{
    if (b->failed) {
        return false;
    }
    if (n > SHEET_CELL_MAX) {
        sheet_fail(b, line, "column %zu holds more than %d bytes; is it the right file?",
                   b->ncells + 1, SHEET_CELL_MAX);
        return false;
    }
    if (++b->total_cells > SHEET_MAX_CELLS) {
        sheet_fail(b, line, "more than %d cells in all; is it the right file?", SHEET_MAX_CELLS);
        return false;
    }
    if (b->ncells == b->cells_cap) {
        if (b->cells_cap >= SHEET_MAX_COLS) {
            sheet_fail(b, line, "row has more than %d columns; is it the right file?",
                       SHEET_MAX_COLS);
            return false;
        }
        size_t cap = b->cells_cap ? b->cells_cap * 2 : 32;
        if (cap > SHEET_MAX_COLS) {
            cap = SHEET_MAX_COLS;
        }
        char **c = realloc(b->cells, cap * sizeof *c);
        if (!c) {
            sheet_fail(b, line, "out of memory while reading");
            return false;
        }
        b->cells = c;
        b->cells_cap = cap;
    }
    char *copy = arena_bytes(b, n + 1);
    if (!copy) {
        return false;
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    b->cells[b->ncells++] = copy;
    return true;
}

bool sheet_row(SheetBuild *b, int line)
{
    if (b->failed) {
        return false;
    }
    Sheet *s = b->out;
    if (s->count >= SHEET_MAX_ROWS) {
        sheet_fail(b, line, "more than %d rows; split the list into smaller files", SHEET_MAX_ROWS);
        return false;
    }
    if (s->count == b->rows_cap) {
        size_t cap = b->rows_cap ? b->rows_cap * 2 : 256;
        SheetRow *r = realloc(s->rows, cap * sizeof *r);
        if (!r) {
            sheet_fail(b, line, "out of memory while reading");
            return false;
        }
        s->rows = r;
        b->rows_cap = cap;
    }
    char **cells = NULL;
    if (b->ncells > 0) {
        cells = sheet_alloc(b, b->ncells * sizeof *cells);
        if (!cells) {
            return false;
        }
        memcpy(cells, b->cells, b->ncells * sizeof *cells);
    }
    s->rows[s->count++] = (SheetRow){.line = line, .ncells = b->ncells, .cells = cells};
    b->ncells = 0;
    return true;
}

/* ---- Text: encodings ---- */

/* Line of the position pos in UTF-8 text s (CRLF, LF and a lone CR each end a line). */
static int line_at(const char *s, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos; i++) {
        if (s[i] == '\n') {
            line++;
        } else if (s[i] == '\r' && !(i + 1 < pos && s[i + 1] == '\n')) {
            line++;
        }
    }
    return line;
}

/* Converts in[0..len) from the iconv encoding from to UTF-8 in a new buffer (*out, *outlen).
 * An invalid or cut-off sequence fails with the line it is on. */
static bool convert(SheetBuild *b, const char *from, const char *in, size_t len, char **out,
                    size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        sheet_fail(b, 0, "cannot convert from %s on this system", from);
        return false;
    }
    /* UTF-16 takes at most 3 bytes of UTF-8 per 2 bytes, Windows-1252 3 per byte. */
    size_t cap = len * 3 + 1;
    char *buf = malloc(cap);
    if (!buf) {
        iconv_close(cd);
        sheet_fail(b, 0, "out of memory while reading");
        return false;
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap - 1;
    size_t rc = iconv(cd, &ip, &il, &op, &ol);
    int e = errno;
    iconv_close(cd);
    if (rc == (size_t)-1) {
        int line = line_at(buf, (size_t)(op - buf));
        if (e == EILSEQ || e == EINVAL) {
            sheet_fail(b, line,
                       "the text is not valid %s here (%s); save the list again as \"CSV "
                       "UTF-8\"",
                       from,
                       e == EINVAL ? "the file ends inside a character"
                                   : "a broken character, such as half of an emoji");
        } else {
            sheet_fail(b, line, "cannot convert from %s", from);
        }
        free(buf);
        return false;
    }
    *op = '\0';
    *out = buf;
    *outlen = (size_t)(op - buf);
    return true;
}

/* True if a byte can be Windows-1252 text. */
static bool cp1252_byte(unsigned char c)
{
    if (c < 0x20) {
        return c == '\t' || c == '\r' || c == '\n';
    }
    return c != 0x7F && c != 0x81 && c != 0x8D && c != 0x8F && c != 0x90 && c != 0x9D;
}

/* Decides what text encoding data is in and converts it to UTF-8: *text is data itself
 * (past a BOM) or a new buffer in *owned. */
static bool to_utf8(SheetBuild *b, const unsigned char *data, size_t len, const char **text,
                    size_t *tlen, char **owned)
{
    SheetInfo *info = &b->out->info;
    *owned = NULL;
    if (len >= 2 && (data[0] == 0xFF || data[0] == 0xFE) && data[1] == (data[0] ^ 0x01)) {
        bool le = data[0] == 0xFF;
        info->encoding = le ? SHEET_UTF16LE : SHEET_UTF16BE;
        if (!convert(b, le ? "UTF-16LE" : "UTF-16BE", (const char *)data + 2, len - 2, owned,
                     tlen)) {
            return false;
        }
        const char *nul = memchr(*owned, '\0', *tlen);
        if (nul) {
            sheet_fail(b, line_at(*owned, (size_t)(nul - *owned)),
                       "the text holds NUL characters, so it is not a text list (perhaps "
                       "UTF-32); save the list as \"CSV UTF-8\" and try again");
            return false;
        }
        *text = *owned;
        return true;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        info->encoding = SHEET_UTF8_BOM;
        data += 3;
        len -= 3;
    } else {
        info->encoding = SHEET_UTF8;
    }
    const char *s = (const char *)data;
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        sheet_fail(b, line_at(s, (size_t)(nul - s)),
                   "the file holds NUL bytes, so it is not a text list%s; save the list as "
                   "\"CSV UTF-8\" and try again",
                   len >= 2 && (s[0] == '\0' || s[1] == '\0')
                       ? " (perhaps UTF-16 without a byte order mark)"
                       : "");
        return false;
    }
    if (text_valid_utf8(s, len)) {
        *text = s;
        *tlen = len;
        return true;
    }
    if (info->encoding == SHEET_UTF8_BOM) {
        size_t i = 0;
        while (i < len) {
            uint32_t cp;
            size_t n = text_decode(s + i, len - i, &cp);
            if (!n) {
                break;
            }
            i += n;
        }
        sheet_fail(b, line_at(s, i),
                   "the file says it is UTF-8 but this line is not; save the list as \"CSV "
                   "UTF-8\" and try again");
        return false;
    }
    size_t utf8_letters = 0, first_bad = len;
    for (size_t i = 0; i < len;) {
        unsigned char c = data[i];
        if (!cp1252_byte(c)) {
            sheet_fail(b, line_at(s, i),
                       "the file is neither UTF-8 nor Windows-1252 text (byte 0x%02X); save "
                       "the list as \"CSV UTF-8\" and try again",
                       c);
            return false;
        }
        uint32_t cp;
        size_t n = c >= 0x80 ? text_decode(s + i, len - i, &cp) : 1;
        if (n > 1) {
            utf8_letters++;
        } else if (n == 0 && first_bad == len) {
            first_bad = i;
        }
        i += n ? n : 1;
    }
    if (utf8_letters > 0) {
        sheet_fail(b, line_at(s, first_bad),
                   "the file mixes UTF-8 with another encoding, and this line is not UTF-8; "
                   "fix the letters on it or save the list again as \"CSV UTF-8\"");
        return false;
    }
    info->encoding = SHEET_CP1252;
    if (!convert(b, "WINDOWS-1252", s, len, owned, tlen)) {
        return false;
    }
    *text = *owned;
    return true;
}

/* ---- Text: separator and lines ---- */

/* Finds the line starting at pos: returns its end (before the line break) and stores the
 * start of the next line in *next. A lone CR ends a line too: libcsv ends a row there,
 * and old Mac exports use it. */
static size_t line_end(const char *s, size_t len, size_t pos, size_t *next)
{
    const char *nl = memchr(s + pos, '\n', len - pos);
    size_t end = nl ? (size_t)(nl - s) : len;
    const char *cr = memchr(s + pos, '\r', end - pos);
    if (cr) {
        end = (size_t)(cr - s);
    }
    *next = end;
    if (end < len) {
        *next = (s[end] == '\r' && end + 1 < len && s[end + 1] == '\n') ? end + 2 : end + 1;
    }
    return end;
}

static const char SEPARATORS[] = {';', ',', '\t'};

/* Chooses the separator. For each candidate, the first SNIFF_LINES records (a quoted line
 * break does not end one) are split outside quotes, and the widths of two or more fields
 * are tallied; the candidate's score is the best of (records of one width) x (width - 1).
 * A table of many columns thus beats a few title or summary lines of two, and a stray
 * comma inside names ("Lejdberg, Anna") does not beat the semicolons between columns.
 * A tie goes to ';' (what Swedish Excel writes), then ','; no separator at all gives ','. */
static char detect_separator(const char *s, size_t len)
{
    enum { NSEP = sizeof SEPARATORS, WMAX = 64 };
    unsigned tally[NSEP][WMAX + 1];
    memset(tally, 0, sizeof tally);
    unsigned count[NSEP] = {0};
    bool quoted = false, blank = true;
    int records = 0;
    for (size_t i = 0; i <= len && records < SNIFF_LINES; i++) {
        char c = i < len ? s[i] : '\n';
        if (c == '"') {
            quoted = !quoted;
            blank = false;
        } else if (quoted && i < len) {
            continue;
        } else if (c == '\n' || c == '\r') {
            quoted = false;
            if (!blank) {
                records++;
                for (size_t k = 0; k < NSEP; k++) {
                    unsigned w = count[k] + 1;
                    if (w >= 2) {
                        tally[k][w > WMAX ? WMAX : w]++;
                    }
                }
            }
            memset(count, 0, sizeof count);
            blank = true;
        } else {
            if (c != ' ') {
                blank = false;
            }
            for (size_t k = 0; k < NSEP; k++) {
                count[k] += c == SEPARATORS[k];
            }
        }
    }
    char best = ',';
    unsigned best_score = 0;
    for (size_t k = 0; k < NSEP; k++) {
        for (unsigned w = 2; w <= WMAX; w++) {
            unsigned score = tally[k][w] * (w - 1);
            if (score > best_score) {
                best_score = score;
                best = SEPARATORS[k];
            }
        }
    }
    return best;
}

/* ---- Text: rows through libcsv ---- */

typedef struct TextParse {
    SheetBuild *b;
    int line;       /* 1-based line being fed to libcsv */
    int row_line;   /* line where the current row starts */
    int field_line; /* line where the current field starts */
    bool row_ended; /* a row ended while the current line was fed */
} TextParse;

static void on_field(void *s, size_t len, void *data)
{
    TextParse *t = data;
    sheet_cell(t->b, t->row_line, s, len);
    /* The next field starts on the line where this one's separator was fed. */
    t->field_line = t->line;
}

static void on_row(int c, void *data)
{
    (void)c;
    TextParse *t = data;
    t->row_ended = true;
    sheet_row(t->b, t->row_line);
}

/* Only a space is trimmed around unquoted values: libcsv would also trim tabs, which
 * would swallow the empty fields of a tab-separated file. */
static int is_space(unsigned char c)
{
    return c == ' ';
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t') {
            return false;
        }
    }
    return true;
}

/* Message for a quote libcsv refused in strict mode, found on line bad. */
static void fail_quote(TextParse *t, int bad)
{
    if (bad == t->row_line) {
        sheet_fail(t->b, bad,
                   "misplaced quote (\"); put quotes around the whole value and double any "
                   "quote inside it (\"\")");
    } else {
        sheet_fail(t->b, t->row_line,
                   "misplaced quote (\") on line %d of this row; look for a quote left open "
                   "on line %d",
                   bad, t->row_line);
    }
}

static void parse_text(SheetBuild *b, const char *s, size_t len)
{
    b->out->info.format = SHEET_TEXT;
    char sep = detect_separator(s, len);
    b->out->info.separator = sep;
    struct csv_parser csv;
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        sheet_fail(b, 0, "out of memory while reading");
        return;
    }
    csv_set_delim(&csv, (unsigned char)sep);
    csv_set_space_func(&csv, is_space);
    TextParse t = {.b = b};
    bool row_open = false;
    for (size_t pos = 0; pos < len && !b->failed;) {
        size_t next;
        size_t end = line_end(s, len, pos, &next);
        t.line++;
        if (!row_open) {
            /* A blank line is no row; libcsv would make it one empty cell. */
            if (is_blank(s + pos, end - pos)) {
                pos = next;
                continue;
            }
            row_open = true;
            t.row_line = t.field_line = t.line;
        }
        t.row_ended = false;
        size_t fed = csv_parse(&csv, s + pos, next - pos, on_field, on_row, &t);
        if (fed != next - pos && !b->failed) {
            if (csv_error(&csv) == CSV_EPARSE) {
                fail_quote(&t, t.line);
            } else {
                sheet_fail(b, t.line, "out of memory while reading");
            }
        }
        if (t.row_ended) {
            row_open = false;
        }
        pos = next;
    }
    if (!b->failed && csv_fini(&csv, on_field, on_row, &t) != 0) {
        if (csv_error(&csv) == CSV_EPARSE) {
            sheet_fail(b, b->ncells > 0 ? t.field_line : t.row_line,
                       "quoted value starting on this line is never closed; add the closing "
                       "quote (\")");
        } else {
            sheet_fail(b, t.line, "out of memory while reading");
        }
    }
    csv_free(&csv);
}

/* ---- Dispatch ---- */

static bool has_magic(const unsigned char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

/* True if the UTF-16LE form of the ASCII word w occurs in d. */
static bool has_utf16_word(const unsigned char *d, size_t len, const char *w)
{
    size_t n = strlen(w);
    for (size_t i = 0; i + 2 * n <= len; i++) {
        size_t k = 0;
        while (k < n && d[i + 2 * k] == (unsigned char)w[k] && d[i + 2 * k + 1] == 0) {
            k++;
        }
        if (k == n) {
            return true;
        }
    }
    return false;
}

int sheet_parse(const char *name, const void *data, size_t len, const char *sheet, Sheet *out,
                char *err, size_t errcap)
{
    memset(out, 0, sizeof *out);
    if (errcap > 0) {
        err[0] = '\0';
    }
    SheetBuild b = {.out = out, .name = name, .err = err, .errcap = errcap};
    const unsigned char *d = data;
    if (len > SHEET_FILE_MAX) {
        sheet_fail(&b, 0, "file is larger than %zu MiB; is it the right file?",
                   SHEET_FILE_MAX / (1024 * 1024));
        return -1;
    }
    out->arena = calloc(1, sizeof *out->arena);
    if (!out->arena) {
        sheet_fail(&b, 0, "out of memory while reading");
        return -1;
    }
    if (has_magic(d, len, "PK\x03\x04", 4) || has_magic(d, len, "PK\x05\x06", 4)) {
        out->info.format = SHEET_XLSX;
        out->info.encoding = SHEET_UTF8;
        sheet_xlsx_parse(&b, data, len, sheet);
    } else if (has_magic(d, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        /* An OLE compound file: an old .xls, or an .xlsx locked with a password (Office
         * keeps those encrypted inside an OLE file, in a stream of this name). */
        if (has_utf16_word(d, len, "EncryptedPackage")) {
            sheet_fail(&b, 0,
                       "the workbook is protected with a password; open it in Excel, remove "
                       "the password and save it again (or save it as CSV UTF-8)");
        } else {
            sheet_fail(&b, 0,
                       "this is an old Excel file (.xls); open it and save it as .xlsx or as "
                       "\"CSV UTF-8\"");
        }
    } else if (sheet) {
        sheet_fail(&b, 0,
                   "a sheet name was given, but this is a text file (CSV), which has no "
                   "sheets; leave the sheet name out");
    } else {
        const char *text;
        size_t tlen;
        char *owned;
        if (to_utf8(&b, d, len, &text, &tlen, &owned)) {
            parse_text(&b, text, tlen);
        }
        free(owned);
    }
    free(b.cells);
    if (b.failed) {
        sheet_free(out);
        return -1;
    }
    return 0;
}

int sheet_load(const char *path, const char *sheet, Sheet *out, char *err, size_t errcap)
{
    char *buf;
    size_t len;
    memset(out, 0, sizeof *out);
    if (textfile_read(path, SHEET_FILE_MAX, &buf, &len, err, errcap) != 0) {
        return -1;
    }
    int rc = sheet_parse(path, buf, len, sheet, out, err, errcap);
    free(buf);
    return rc;
}

void sheet_free(Sheet *s)
{
    if (!s) {
        return;
    }
    if (s->arena) {
        for (ArenaBlock *blk = s->arena->head; blk;) {
            ArenaBlock *next = blk->next;
            free(blk);
            blk = next;
        }
        free(s->arena);
    }
    free(s->rows);
    memset(s, 0, sizeof *s);
}

const char *sheet_describe(const SheetInfo *info, char *buf, size_t cap)
{
    if (info->format == SHEET_XLSX) {
        char name[64];
        text_clean_line(name, sizeof name, info->sheet_name, strlen(info->sheet_name));
        text_printf(buf, cap, "Excel workbook, sheet \"%s\" (%d of %d)", name,
                    info->sheet_index > 0 ? info->sheet_index : 1, info->sheet_count);
        return buf;
    }
    static const char *const ENCODINGS[] = {
        [SHEET_UTF8] = "UTF-8 text",
        [SHEET_UTF8_BOM] = "UTF-8 text with BOM",
        [SHEET_UTF16LE] = "UTF-16LE text with BOM",
        [SHEET_UTF16BE] = "UTF-16BE text with BOM",
        [SHEET_CP1252] = "Windows-1252 text",
    };
    const char *sep = info->separator == ';'    ? "semicolon-separated"
                      : info->separator == '\t' ? "tab-separated"
                                                : "comma-separated";
    bool converted = info->encoding != SHEET_UTF8 && info->encoding != SHEET_UTF8_BOM;
    text_printf(buf, cap, "%s, %s%s", ENCODINGS[info->encoding], sep,
                converted ? " (converted to UTF-8)" : "");
    return buf;
}
