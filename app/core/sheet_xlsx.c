/* sheet_xlsx: Excel workbooks (.xlsx) for the sheet module (see sheet.h).
 *
 * An .xlsx is a zip of XML parts. libzip opens it from memory; each part is unpacked in
 * blocks and fed to expat as it comes, so no part is ever held whole, and the bytes
 * unpacked are counted against SHEET_XLSX_MAX across all parts, which is what stops a
 * zip bomb (the sizes a zip declares are checked first, but they can lie). The parts are
 * read in this order: xl/workbook.xml (the sheets, in order, and the date system),
 * xl/_rels/workbook.xml.rels (which part holds the chosen sheet), xl/styles.xml (which
 * cell styles are dates or times), xl/sharedStrings.xml (text cells refer to it by
 * index), then the sheet itself, row by row into the SheetBuild.
 *
 * Elements and attributes are matched by their local name, with any prefix ("x:row",
 * "r:id") dropped, so both the usual and the ISO "strict" namespaces of the format are
 * read, whatever prefixes a writer chose. (expat's own namespace processing would do the
 * same at the cost of building "URI|name" for every element, a third of the time.)
 * A DOCTYPE stops the parse: no part of a workbook has one, and refusing it keeps entity
 * tricks out altogether.
 *
 * A cell is written as the sheet shows it, not as its number format would pad it: a whole
 * number in full, any other number with up to 15 significant digits and a '.', a number
 * in a date or time format as ISO 8601. Numbers are read and written in the C locale
 * (uselocale for the duration of the parse), whatever the program's locale says.
 */
#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "core/sheet_int.h"
#include "core/text.h"

#define PART_BLOCK   65536   /* bytes unpacked and parsed at a time */
#define SHEETS_MAX   256     /* sheets listed in one workbook */
#define STYLES_MAX   65536   /* cell styles kept (Excel allows 64,000) */
#define NUMFMTS_MAX  1024    /* custom number formats kept */
#define XLSX_ROW_MAX 1048576 /* Excel's last row */
#define SST_MAX      4000000 /* different texts in one workbook */

/* What a number format makes of a number. */
enum {
    KIND_NUMBER = 0,
    KIND_DATE = 1,
    KIND_TIME = 2,
    KIND_DATETIME = 3,
    KIND_SECONDS = 4, /* the format shows seconds */
    KIND_ELAPSED = 8, /* [h]: hours go past 24 instead of wrapping */
};

typedef struct WbSheet {
    char name[128];
    char rid[64];
    bool hidden;
} WbSheet;

typedef struct NumFmt {
    unsigned id;
    unsigned char kind;
} NumFmt;

typedef struct Xlsx {
    SheetBuild *b;
    zip_t *zip;
    XML_Parser parser;
    size_t unpacked;  /* bytes unpacked from all parts so far */
    const char *part; /* the part being parsed, for messages */

    bool date1904;
    WbSheet sheets[SHEETS_MAX];
    int nsheets;
    const char *want_rid; /* relationship id of the chosen sheet */
    char target[256];     /* its part, as the relationship names it */

    NumFmt numfmts[NUMFMTS_MAX];
    int nnumfmts;
    unsigned char *styles; /* kind of each cell style (cellXfs entry) */
    size_t nstyles, styles_cap;
    int in_cellxfs;

    char **sst; /* shared strings, in the arena */
    uint32_t *sst_len;
    size_t nsst, sst_cap;

    /* Text being collected: a shared string, or a cell's value. */
    bool collect;
    int in_rph; /* inside a phonetic run, whose text is not shown */
    int in_is;  /* inside an inline string */
    char *val;
    size_t nval;

    /* The sheet. */
    bool in_data;
    bool in_row;
    long row;     /* current row number */
    long col;     /* column of the current cell, 0-based */
    long nextcol; /* column the next cell without a reference goes to */
    char ctype;   /* the cell's t: 's', 'n', 'b', 'e', 'd', 'i' (inlineStr), 'f' (str) */
    long cstyle;
} Xlsx;

static const char *local(const char *name)
{
    const char *colon = strchr(name, ':');
    return colon ? colon + 1 : name;
}

/* The attribute whose local name is name, or NULL. */
static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2) {
        if (strcmp(local(atts[i]), name) == 0) {
            return atts[i + 1];
        }
    }
    return NULL;
}

static void stop(Xlsx *x)
{
    XML_StopParser(x->parser, XML_FALSE);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    Xlsx *x = ud;
    sheet_fail(x->b, 0, "the workbook is damaged (%s has a DOCTYPE); save it again", x->part);
    stop(x);
}

/* Parses the part at path with the handlers set on a fresh parser. Returns 1 when read,
 * 0 when the part does not exist and !required, -1 on error (recorded). */
static int read_part(Xlsx *x, const char *path, bool required, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler text)
{
    SheetBuild *b = x->b;
    zip_int64_t idx = zip_name_locate(x->zip, path, 0);
    if (idx < 0) {
        if (!required) {
            return 0;
        }
        sheet_fail(b, 0, "the workbook is damaged (%s is missing); save it again", path);
        return -1;
    }
    zip_stat_t st;
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
        st.size = SHEET_XLSX_MAX;
    }
    if (st.size > SHEET_XLSX_MAX - x->unpacked) {
        sheet_fail(b, 0, "the workbook unpacks to more than %zu MiB; is it the right file?",
                   SHEET_XLSX_MAX / (1024 * 1024));
        return -1;
    }
    zip_file_t *f = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!f) {
        int ze = zip_error_code_zip(zip_get_error(x->zip));
        if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD || ze == ZIP_ER_ENCRNOTSUPP) {
            sheet_fail(b, 0,
                       "the workbook is protected with a password; remove the password and "
                       "save it again (or save it as CSV UTF-8)");
        } else {
            sheet_fail(b, 0, "the workbook is damaged (%s: %s); save it again", path,
                       zip_strerror(x->zip));
        }
        return -1;
    }
    XML_Parser p = XML_ParserCreate("UTF-8");
    if (!p) {
        zip_fclose(f);
        sheet_fail(b, 0, "out of memory while reading");
        return -1;
    }
    x->parser = p;
    x->part = path;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, start, end);
    XML_SetCharacterDataHandler(p, text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    int rc = 1;
    size_t part = 0; /* bytes of this part unpacked */
    for (bool last = false; !last && !b->failed;) {
        void *buf = XML_GetBuffer(p, PART_BLOCK);
        if (!buf) {
            sheet_fail(b, 0, "out of memory while reading");
            break;
        }
        zip_int64_t n = zip_fread(f, buf, PART_BLOCK);
        if (n < 0) {
            sheet_fail(b, 0, "the workbook is damaged or incomplete (%s: %s); save it again", path,
                       zip_file_strerror(f));
            break;
        }
        x->unpacked += (size_t)n;
        part += (size_t)n;
        if (part > st.size) {
            sheet_fail(b, 0,
                       "the workbook is damaged (%s unpacks to more than its zip entry says); "
                       "save it again",
                       path);
            break;
        }
        if (x->unpacked > SHEET_XLSX_MAX) {
            sheet_fail(b, 0, "the workbook unpacks to more than %zu MiB; is it the right file?",
                       SHEET_XLSX_MAX / (1024 * 1024));
            break;
        }
        last = n == 0;
        if (XML_ParseBuffer(p, (int)n, last) == XML_STATUS_ERROR && !b->failed) {
            sheet_fail(b, 0, "the workbook is damaged (%s, line %lu: %s); save it again", path,
                       (unsigned long)XML_GetCurrentLineNumber(p),
                       XML_ErrorString(XML_GetErrorCode(p)));
        }
    }
    if (b->failed) {
        rc = -1;
    }
    XML_ParserFree(p);
    x->parser = NULL;
    zip_fclose(f);
    return rc;
}

/* ---- Collected text ---- */

static void on_text(void *ud, const XML_Char *s, int len)
{
    Xlsx *x = ud;
    if (!x->collect || x->in_rph || x->b->failed) {
        return;
    }
    if ((size_t)len > SHEET_CELL_MAX - x->nval) {
        if (x->in_data) {
            sheet_fail(x->b, (int)x->row, "a cell holds more than %d bytes; is it the right file?",
                       SHEET_CELL_MAX);
        } else {
            sheet_fail(x->b, 0, "a text in the workbook is longer than %d bytes", SHEET_CELL_MAX);
        }
        stop(x);
        return;
    }
    memcpy(x->val + x->nval, s, (size_t)len);
    x->nval += (size_t)len;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* Excel writes characters XML cannot hold as "_xHHHH_" (a line break as "_x000D_", a
 * literal "_x" as "_x005F_x"). Decodes them in place; the result is never longer. */
static size_t unescape(char *s, size_t n)
{
    if (!memchr(s, '_', n)) {
        return n;
    }
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && s[i + 6] == '_') {
            int h[4] = {hexval(s[i + 2]), hexval(s[i + 3]), hexval(s[i + 4]), hexval(s[i + 5])};
            if (h[0] >= 0 && h[1] >= 0 && h[2] >= 0 && h[3] >= 0) {
                uint32_t cp = (uint32_t)(h[0] << 12 | h[1] << 8 | h[2] << 4 | h[3]);
                char enc[4];
                size_t k = text_encode(cp, enc);
                if (k > 0 && cp != 0) {
                    memcpy(s + o, enc, k); /* k <= 3 < 7 */
                    o += k;
                    i += 7;
                    continue;
                }
            }
        }
        s[o++] = s[i++];
    }
    return o;
}

/* ---- xl/workbook.xml ---- */

static void wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    Xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(n, "sheet") == 0) {
        if (x->nsheets == SHEETS_MAX) {
            sheet_fail(x->b, 0, "the workbook has more than %d sheets", SHEETS_MAX);
            stop(x);
            return;
        }
        const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
        const char *state = attr(atts, "state");
        WbSheet *s = &x->sheets[x->nsheets++];
        text_printf(s->name, sizeof s->name, "%s", sname ? sname : "");
        text_printf(s->rid, sizeof s->rid, "%s", rid ? rid : "");
        s->hidden = state && strcmp(state, "visible") != 0;
    }
}

static void no_end(void *ud, const XML_Char *name)
{
    (void)ud;
    (void)name;
}

static void no_text(void *ud, const XML_Char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

/* ---- xl/_rels/workbook.xml.rels ---- */

static void rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    Xlsx *x = ud;
    if (strcmp(local(name), "Relationship") != 0) {
        return;
    }
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target");
    if (id && target && strcmp(id, x->want_rid) == 0) {
        text_printf(x->target, sizeof x->target, "%s", target);
    }
}

/* ---- xl/styles.xml ---- */

/* Kind of a built-in number format: 14-17 dates, 18-21 and 45-47 times, 22 both. */
static unsigned char builtin_kind(unsigned id)
{
    if (id >= 14 && id <= 17) {
        return KIND_DATE;
    }
    if (id == 18 || id == 20) {
        return KIND_TIME;
    }
    if (id == 46) {
        return KIND_TIME | KIND_SECONDS | KIND_ELAPSED;
    }
    if (id == 19 || id == 21 || id == 45 || id == 47) {
        return KIND_TIME | KIND_SECONDS;
    }
    if (id == 22) {
        return KIND_DATETIME;
    }
    return KIND_NUMBER;
}

/* Kind of a custom format code, from its first section: d or y make a date, h or s a
 * time ("m" alone is month or minute, so it decides nothing). Quoted text, escaped and
 * padding characters and bracketed parts ([Red], [$-41D]) are skipped, but for the
 * elapsed-time brackets [h] and [s], where hours do not wrap at 24. */
static unsigned char format_kind(const char *code)
{
    bool date = false, time = false, secs = false, elapsed = false;
    for (const char *c = code; *c && *c != ';'; c++) {
        char ch = (char)((*c >= 'A' && *c <= 'Z') ? *c - 'A' + 'a' : *c);
        if (ch == '"') {
            const char *q = strchr(c + 1, '"');
            if (!q) {
                break;
            }
            c = q;
        } else if (ch == '\\' || ch == '_' || ch == '*') {
            if (!c[1]) {
                break;
            }
            c++;
        } else if (ch == '[') {
            const char *q = strchr(c, ']');
            if (!q) {
                break;
            }
            char in = (char)((c[1] >= 'A' && c[1] <= 'Z') ? c[1] - 'A' + 'a' : c[1]);
            if (in == 'h' || in == 's') {
                time = elapsed = true;
            }
            if (in == 's') {
                secs = true;
            }
            c = q;
        } else if (ch == 'd' || ch == 'y') {
            date = true;
        } else if (ch == 'h') {
            time = true;
        } else if (ch == 's') {
            time = true;
            secs = true;
        }
    }
    unsigned char k = date && time ? KIND_DATETIME : date ? KIND_DATE : time ? KIND_TIME : 0;
    if (k && secs) {
        k |= KIND_SECONDS;
    }
    if (k && elapsed) {
        k |= KIND_ELAPSED;
    }
    return k;
}

static unsigned numfmt_kind(const Xlsx *x, unsigned id)
{
    for (int i = 0; i < x->nnumfmts; i++) {
        if (x->numfmts[i].id == id) {
            return x->numfmts[i].kind;
        }
    }
    return builtin_kind(id);
}

static void styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    Xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (id && code && x->nnumfmts < NUMFMTS_MAX) {
            x->numfmts[x->nnumfmts++] =
                (NumFmt){(unsigned)strtoul(id, NULL, 10), format_kind(code)};
        }
    } else if (strcmp(n, "cellXfs") == 0) {
        x->in_cellxfs++;
    } else if (strcmp(n, "xf") == 0 && x->in_cellxfs && x->nstyles < STYLES_MAX) {
        if (x->nstyles == x->styles_cap) {
            size_t cap = x->styles_cap ? x->styles_cap * 2 : 64;
            unsigned char *s = realloc(x->styles, cap);
            if (!s) {
                sheet_fail(x->b, 0, "out of memory while reading");
                stop(x);
                return;
            }
            x->styles = s;
            x->styles_cap = cap;
        }
        const char *id = attr(atts, "numFmtId");
        x->styles[x->nstyles++] =
            (unsigned char)numfmt_kind(x, id ? (unsigned)strtoul(id, NULL, 10) : 0);
    }
}

static void styles_end(void *ud, const XML_Char *name)
{
    Xlsx *x = ud;
    if (strcmp(local(name), "cellXfs") == 0) {
        x->in_cellxfs--;
    }
}

/* ---- xl/sharedStrings.xml ---- */

static void sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    (void)atts;
    Xlsx *x = ud;
    const char *n = local(name);
    if (strcmp(n, "si") == 0) {
        x->nval = 0;
    } else if (strcmp(n, "t") == 0) {
        x->collect = true;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph++;
    }
}

static void sst_end(void *ud, const XML_Char *name)
{
    Xlsx *x = ud;
    SheetBuild *b = x->b;
    const char *n = local(name);
    if (strcmp(n, "t") == 0) {
        x->collect = false;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph--;
    } else if (strcmp(n, "si") == 0) {
        if (x->nsst == SST_MAX) {
            sheet_fail(b, 0,
                       "the workbook holds more than %d different texts; is it the right "
                       "file?",
                       SST_MAX);
            stop(x);
            return;
        }
        if (x->nsst == x->sst_cap) {
            size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
            char **s = realloc(x->sst, cap * sizeof *s);
            uint32_t *l = s ? realloc(x->sst_len, cap * sizeof *l) : NULL;
            if (s) {
                x->sst = s;
            }
            if (!l) {
                sheet_fail(b, 0, "out of memory while reading");
                stop(x);
                return;
            }
            x->sst_len = l;
            x->sst_cap = cap;
        }
        size_t len = unescape(x->val, x->nval);
        char *copy = sheet_alloc(b, len + 1);
        if (!copy) {
            stop(x);
            return;
        }
        memcpy(copy, x->val, len);
        copy[len] = '\0';
        x->sst[x->nsst] = copy;
        x->sst_len[x->nsst++] = (uint32_t)len;
        x->nval = 0;
    }
}

/* ---- The sheet ---- */

/* Column of a cell reference ("B7" -> 1), or -1 if it has no letters. */
static long ref_col(const char *r)
{
    long col = 0;
    int n = 0;
    for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++) {
        col = col * 26 + (*r - 'A' + 1);
    }
    return n ? col - 1 : -1;
}

/* Writes the column letters of col (0-based) into out. */
static void col_name(long col, char out[8])
{
    char tmp[8];
    int n = 0;
    for (col++; col > 0 && n < 7; col = (col - 1) / 26) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
    }
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    out[n] = '\0';
}

/* The type letter of a cell's t attribute (absent: a number). */
static char cell_type(const char *t)
{
    if (!t || strcmp(t, "n") == 0) {
        return 'n';
    }
    if (strcmp(t, "inlineStr") == 0) {
        return 'i';
    }
    if (strcmp(t, "str") == 0) {
        return 'f';
    }
    return t[0] && !t[1] ? t[0] : 'n';
}

static void sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    Xlsx *x = ud;
    const char *n = local(name);
    if (!x->in_data) {
        if (strcmp(n, "sheetData") == 0) {
            x->in_data = true;
        }
        return;
    }
    if (strcmp(n, "row") == 0) {
        const char *r = attr(atts, "r");
        long row = r ? strtol(r, NULL, 10) : x->row + 1;
        if (row <= x->row || row > XLSX_ROW_MAX) {
            sheet_fail(x->b, 0, "the workbook is damaged (row %ld out of order); save it again",
                       row);
            stop(x);
            return;
        }
        x->row = row;
        x->in_row = true;
        x->nextcol = 0;
        x->b->ncells = 0;
    } else if (strcmp(n, "c") == 0 && x->in_row) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        long col = r ? ref_col(r) : x->nextcol;
        x->col = col < 0 ? x->nextcol : col;
        x->ctype = cell_type(t);
        x->cstyle = s ? strtol(s, NULL, 10) : 0;
        x->nval = 0;
        x->collect = false;
    } else if (strcmp(n, "v") == 0) {
        x->nval = 0;
        x->collect = true;
    } else if (strcmp(n, "is") == 0) {
        x->in_is++;
        x->nval = 0;
    } else if (strcmp(n, "t") == 0 && x->in_is) {
        x->collect = true;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph++;
    }
}

/* The length snprintf wrote, given what it returned and the buffer's capacity. */
static size_t clip(int n, size_t cap)
{
    return n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
}

/* Day number (days since 1970-01-01) of a date in the proleptic Gregorian calendar. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* Writes a serial date-time v (the workbook's date system) as kind shows it. Excel's 1900
 * system counts 1900-02-29, a day that never was, as day 60; days after it are one off. */
static size_t format_date(const Xlsx *x, double v, unsigned kind, char *out, size_t cap)
{
    long days = (long)floor(v);
    long secs = lround((v - (double)days) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    char date[16] = "", time[16] = "";
    if (kind & KIND_DATE) {
        long y, m, d;
        if (x->date1904) {
            civil_from_days(days_from_civil(1904, 1, 1) + days, &y, &m, &d);
        } else if (days == 60) {
            y = 1900, m = 2, d = 29;
        } else {
            civil_from_days(days_from_civil(1899, 12, days < 60 ? 31 : 30) + days, &y, &m, &d);
        }
        snprintf(date, sizeof date, "%04ld-%02ld-%02ld", y, m, d);
    }
    if (kind & KIND_TIME) {
        long h = secs / 3600 + ((kind & KIND_ELAPSED) && !(kind & KIND_DATE) ? days * 24 : 0);
        if (kind & KIND_SECONDS) {
            snprintf(time, sizeof time, "%02ld:%02ld:%02ld", h, secs / 60 % 60, secs % 60);
        } else {
            snprintf(time, sizeof time, "%02ld:%02ld", h, secs / 60 % 60);
        }
    }
    return clip(snprintf(out, cap, "%s%s%s", date, date[0] && time[0] ? " " : "", time), cap);
}

/* Writes the number v (the text of a <v>) as the sheet shows it; style is its kind. */
static size_t format_number(Xlsx *x, const char *v, unsigned kind, char *out, size_t cap)
{
    if (!(kind & (KIND_DATE | KIND_TIME))) {
        /* The common case, a whole number of up to 15 digits written plainly: as it is. */
        size_t n = 0;
        while (v[n] >= '0' && v[n] <= '9' && n < 16) {
            n++;
        }
        if (n > 0 && n < 16 && !v[n] && (v[0] != '0' || n == 1) && n < cap) {
            memcpy(out, v, n + 1);
            return n;
        }
    }
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ') {
        end++;
    }
    if (end == v || *end || !isfinite(d)) { /* not a number: show it as written */
        return clip(snprintf(out, cap, "%s", v), cap);
    }
    if ((kind & (KIND_DATE | KIND_TIME)) && d >= 0 && d < 2958466.0) { /* up to 9999-12-31 */
        return format_date(x, d, kind, out, cap);
    }
    size_t digits = 0;
    const char *p = v + (*v == '-');
    while (*p == '0') {
        p++;
    }
    while (p[digits] >= '0' && p[digits] <= '9') {
        digits++;
    }
    bool plain = p[digits] == '\0' || p[digits] == ' ';
    if (d == floor(d) && fabs(d) < 1e21) {
        if ((plain && digits >= 16) || (!plain && fabs(d) >= 1e15)) {
            if (x->b->out->info.lossy_numbers++ == 0) {
                x->b->out->info.lossy_row = (int)x->row;
            }
        }
        if (plain) {
            return clip(snprintf(out, cap, "%s%.*s", *v == '-' && digits ? "-" : "",
                                 digits ? (int)digits : 1, digits ? p : "0"),
                        cap);
        }
        if (fabs(d) < 1e15) {
            return clip(snprintf(out, cap, "%.0f", d), cap);
        }
        /* Excel shows 15 significant digits and zeros after them, never an exponent. */
        char m[32];
        snprintf(m, sizeof m, "%.14e", fabs(d)); /* "1.23456789012346e+18" */
        int exp = atoi(strchr(m, 'e') + 1);
        size_t n = 0;
        if (d < 0) {
            out[n++] = '-';
        }
        out[n++] = m[0];
        for (int i = 2; i < 16; i++) {
            out[n++] = m[i];
        }
        for (int i = 14; i < exp && n < cap - 1; i++) {
            out[n++] = '0';
        }
        out[n] = '\0';
        return n;
    }
    return clip(snprintf(out, cap, "%.15g", d), cap);
}

static void sheet_cell_end(Xlsx *x)
{
    SheetBuild *b = x->b;
    x->collect = false;
    char num[64];
    const char *text = x->val;
    size_t len = x->nval;
    x->val[x->nval] = '\0';
    if (x->ctype == 's') {
        if (len == 0) {
            return;
        }
        char *end;
        unsigned long i = strtoul(x->val, &end, 10);
        if (*end || i >= x->nsst) {
            char cn[8];
            col_name(x->col, cn);
            sheet_fail(b, 0,
                       "the workbook is damaged (cell %s%ld refers to text %s that is not "
                       "there); save it again",
                       cn, x->row, x->val);
            stop(x);
            return;
        }
        text = x->sst[i];
        len = x->sst_len[i];
    } else if (x->ctype == 'i' || x->ctype == 'f') {
        len = unescape(x->val, x->nval);
    } else if (x->ctype == 'b') {
        if (len == 0) {
            return;
        }
        text = strcmp(x->val, "0") == 0 ? "FALSE" : "TRUE";
        len = strlen(text);
    } else if (x->ctype == 'e') {
        /* An error value such as #N/A: shown as written. */
    } else if (x->ctype == 'd') {
        /* An ISO 8601 date: the date, and the time to the minute unless it is midnight. */
        if (len >= 16 && x->val[10] == 'T' && strncmp(x->val + 11, "00:00", 5) != 0) {
            x->val[10] = ' ';
            len = 16;
        } else if (len > 10) {
            len = 10;
        }
    } else {
        if (len == 0) {
            return;
        }
        unsigned kind =
            x->cstyle >= 0 && (size_t)x->cstyle < x->nstyles ? x->styles[x->cstyle] : KIND_NUMBER;
        len = format_number(x, x->val, kind, num, sizeof num);
        text = num;
    }
    if (len == 0) {
        return;
    }
    if (x->col < (long)b->ncells) {
        char cn[8];
        col_name(x->col, cn);
        sheet_fail(b, 0, "the workbook is damaged (cell %s%ld out of order); save it again", cn,
                   x->row);
        stop(x);
        return;
    }
    if (x->col >= SHEET_MAX_COLS) {
        char cn[8];
        col_name(x->col, cn);
        sheet_fail(b, (int)x->row,
                   "a value in column %s; lists of more than %d columns are not read", cn,
                   SHEET_MAX_COLS);
        stop(x);
        return;
    }
    while ((long)b->ncells < x->col) {
        if (!sheet_cell(b, (int)x->row, "", 0)) {
            break;
        }
    }
    if (!sheet_cell(b, (int)x->row, text, len)) {
        stop(x);
    }
}

static void sheet_end(void *ud, const XML_Char *name)
{
    Xlsx *x = ud;
    if (!x->in_data) {
        return;
    }
    const char *n = local(name);
    if (strcmp(n, "c") == 0 && x->in_row) {
        sheet_cell_end(x);
        x->nextcol = x->col + 1;
    } else if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
        x->collect = false;
    } else if (strcmp(n, "is") == 0) {
        x->in_is--;
    } else if (strcmp(n, "rPh") == 0) {
        x->in_rph--;
    } else if (strcmp(n, "row") == 0) {
        x->in_row = false;
        if (x->b->ncells > 0 && !sheet_row(x->b, (int)x->row)) {
            stop(x);
        }
        x->b->ncells = 0;
    } else if (strcmp(n, "sheetData") == 0) {
        x->in_data = false;
    }
}

/* ---- The workbook ---- */

/* What a zip that is not an Excel workbook is, for the message. */
static void fail_not_xlsx(Xlsx *x)
{
    SheetBuild *b = x->b;
    if (zip_name_locate(x->zip, "content.xml", 0) >= 0 ||
        zip_name_locate(x->zip, "mimetype", 0) >= 0) {
        sheet_fail(b, 0,
                   "this is an OpenDocument file (.ods); open it and save it as .xlsx or as "
                   "\"CSV UTF-8\"");
    } else if (zip_name_locate(x->zip, "word/document.xml", 0) >= 0) {
        sheet_fail(b, 0, "this is a Word document, not a list; save the list as .xlsx or CSV");
    } else {
        sheet_fail(b, 0,
                   "this is a zip file but not an Excel workbook; unpack it or save the list "
                   "as .xlsx or CSV");
    }
}

/* Writes the names of all sheets, quoted, comma-separated, in workbook order; whole names
 * only: when the next does not fit, "..." ends the list. */
static void list_sheets(const Xlsx *x, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < x->nsheets; i++) {
        char item[160];
        int k = snprintf(item, sizeof item, "%s\"%s\"", i ? ", " : "", x->sheets[i].name);
        if (k < 0 || (size_t)k >= cap - n || (i + 1 < x->nsheets && (size_t)k + 5 >= cap - n)) {
            if (cap - n > 5) {
                memcpy(out + n, i ? ", ..." : "...", i ? 6 : 4);
            }
            return;
        }
        memcpy(out + n, item, (size_t)k + 1);
        n += (size_t)k;
    }
}

/* Chooses the sheet: the one named (exactly, else ignoring ASCII case), or the first that
 * is not hidden (else the first). Returns its index or -1 (error recorded). */
static int choose_sheet(Xlsx *x, const char *want)
{
    if (x->nsheets == 0) {
        sheet_fail(x->b, 0, "the workbook has no sheets");
        return -1;
    }
    if (!want) {
        for (int i = 0; i < x->nsheets; i++) {
            if (!x->sheets[i].hidden) {
                return i;
            }
        }
        return 0;
    }
    for (int i = 0; i < x->nsheets; i++) {
        if (strcmp(x->sheets[i].name, want) == 0) {
            return i;
        }
    }
    for (int i = 0; i < x->nsheets; i++) {
        if (strcasecmp(x->sheets[i].name, want) == 0) {
            return i;
        }
    }
    char list[512];
    list_sheets(x, list, sizeof list);
    sheet_fail(x->b, 0, "the workbook has no sheet named \"%s\"; its sheets are %s", want, list);
    return -1;
}

static void read_workbook(Xlsx *x, const char *want)
{
    SheetBuild *b = x->b;
    if (zip_name_locate(x->zip, "xl/workbook.xml", 0) < 0) {
        fail_not_xlsx(x);
        return;
    }
    if (read_part(x, "xl/workbook.xml", true, wb_start, no_end, no_text) < 0) {
        return;
    }
    int i = choose_sheet(x, want);
    if (i < 0) {
        return;
    }
    SheetInfo *info = &b->out->info;
    text_printf(info->sheet_name, sizeof info->sheet_name, "%s", x->sheets[i].name);
    info->sheet_count = x->nsheets;
    info->sheet_index = i + 1;
    list_sheets(x, info->sheet_names, sizeof info->sheet_names);

    x->want_rid = x->sheets[i].rid;
    if (read_part(x, "xl/_rels/workbook.xml.rels", false, rels_start, no_end, no_text) < 0) {
        return;
    }
    char path[300];
    if (!x->target[0]) {
        snprintf(path, sizeof path, "xl/worksheets/sheet%d.xml", i + 1);
    } else if (x->target[0] == '/') {
        snprintf(path, sizeof path, "%s", x->target + 1);
    } else {
        snprintf(path, sizeof path, "xl/%s", x->target);
    }

    if (read_part(x, "xl/styles.xml", false, styles_start, styles_end, no_text) < 0) {
        return;
    }
    if (read_part(x, "xl/sharedStrings.xml", false, sst_start, sst_end, on_text) < 0) {
        return;
    }
    x->collect = false;
    x->in_rph = 0;
    read_part(x, path, true, sheet_start, sheet_end, on_text);
}

int sheet_xlsx_parse(SheetBuild *b, const void *data, size_t len, const char *sheet)
{
    b->out->info.format = SHEET_XLSX;
    b->out->info.encoding = SHEET_UTF8;
    b->out->info.separator = 0;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : NULL;
    if (!zip) {
        sheet_fail(b, 0,
                   "the file is a zip (such as .xlsx) but damaged or incomplete (%s); save it "
                   "again or save the list as \"CSV UTF-8\"",
                   zip_error_strerror(&ze));
        if (src) {
            zip_source_free(src);
        }
        zip_error_fini(&ze);
        return -1;
    }
    zip_error_fini(&ze);
    Xlsx *x = calloc(1, sizeof *x);
    char *val = malloc(SHEET_CELL_MAX + 1);
    locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!x || !val || c == (locale_t)0) {
        sheet_fail(b, 0, "out of memory while reading");
    } else {
        locale_t old = uselocale(c);
        x->b = b;
        x->zip = zip;
        x->val = val;
        read_workbook(x, sheet);
        uselocale(old);
    }
    if (c != (locale_t)0) {
        freelocale(c);
    }
    if (x) {
        free(x->styles);
        free(x->sst);
        free(x->sst_len);
    }
    free(x);
    free(val);
    zip_discard(zip);
    return b->failed ? -1 : 0;
}
