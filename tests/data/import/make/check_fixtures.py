#!/usr/bin/python3
"""Checks that the committed import fixtures are what their scripts make (CTest:
import_fixtures_reproducible; needs python3 and python3-openpyxl).

A fixture edited by hand, or a script changed without rerunning it, would make the
.expected files and the README describe something the files are not. So:
- make_fixtures.py and make_xlsx.py are run into a temporary directory; every text
  fixture and .expected file must equal the committed one byte for byte, and every
  workbook cell by cell (sheet names, values, number formats: a zip carries time stamps,
  so its bytes differ from run to run);
- broken_truncated.xlsx must be the first half of openpyxl_list.xlsx;
- the LibreOffice files (LibreOffice is not a test dependency, so they are not remade)
  must hold make/libreoffice_source.csv: the CSV export row for row, the workbook cell
  for cell, ticket codes as number cells; broken_old.xls must be an OLE2 file.
Exits 1 listing every difference.
"""
import csv
import datetime
import io
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.dirname(HERE)
problems = []


def problem(msg):
    problems.append(msg)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def cells(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = [[(c.value, c.number_format if c.value is not None else None)
                          for c in row] for row in ws.iter_rows()]
    return out


def main():
    with tempfile.TemporaryDirectory(prefix="fixtures-",
                                     dir=os.environ.get("MINGEL_TEST_TMP")) as tmp:
        return check(tmp)


def check(tmp):
    os.environ["MINGEL_FIXTURE_OUT"] = tmp
    sys.dont_write_bytecode = True
    sys.path.insert(0, HERE)
    import make_fixtures
    import make_xlsx
    make_fixtures.main()
    make_xlsx.main()

    made = sorted(os.listdir(tmp))
    for name in made:
        new = os.path.join(tmp, name)
        old = os.path.join(FIXTURES, name)
        if not os.path.exists(old):
            problem("%s is made by the scripts but not committed" % name)
        elif name.endswith(".xlsx") and name != "broken_truncated.xlsx":
            if cells(new) != cells(old):
                problem("%s: the committed workbook's cells differ from what make_xlsx.py "
                        "makes" % name)
        elif name != "broken_truncated.xlsx" and read(new) != read(old):
            problem("%s differs from what the scripts make (rerun them, or fix the script)"
                    % name)
    for name in os.listdir(FIXTURES):
        path = os.path.join(FIXTURES, name)
        if os.path.isfile(path) and name.endswith(".expected") and name not in made:
            problem("%s is committed but no script makes it" % name)

    whole = read(os.path.join(FIXTURES, "openpyxl_list.xlsx"))
    if read(os.path.join(FIXTURES, "broken_truncated.xlsx")) != whole[: len(whole) // 2]:
        problem("broken_truncated.xlsx is not the first half of openpyxl_list.xlsx")

    with open(os.path.join(HERE, "libreoffice_source.csv"), encoding="utf-8", newline="") as f:
        src = list(csv.reader(f))
    data = read(os.path.join(FIXTURES, "libreoffice_export.csv"))
    if data.startswith(b"\xef\xbb\xbf") or b"\r" in data:
        problem("libreoffice_export.csv: expected UTF-8 without BOM and LF line ends")
    if list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) != src:
        problem("libreoffice_export.csv does not hold make/libreoffice_source.csv")
    sheet = list(cells(os.path.join(FIXTURES, "libreoffice.xlsx")).values())[0]
    for r, row in enumerate(src):
        got = [v for v, _ in sheet[r]] if r < len(sheet) else []
        want = []
        for c, text in enumerate(row):
            if r and c == 4:
                want.append(int(text))
            elif r and c == 5:
                want.append(datetime.datetime.strptime(text, "%Y-%m-%d"))
            else:
                want.append(text or None)
        while got and got[-1] is None:
            got.pop()
        while want and want[-1] is None:
            want.pop()
        if got != want:
            problem("libreoffice.xlsx row %d is %r, expected %r" % (r + 1, got, want))
    if not read(os.path.join(FIXTURES, "broken_old.xls")).startswith(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        problem("broken_old.xls is not an OLE2 (old Excel) file")

    for p in problems:
        print("check_fixtures: " + p, file=sys.stderr)
    print("check_fixtures: %d files made and compared, %d problem(s)" % (len(made), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
