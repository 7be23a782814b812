#!/usr/bin/python3
"""xlsx_openpyxl.py: `mingel export --format xlsx` read back by another program.

usage: xlsx_openpyxl.py MINGEL_BINARY TEST_EXPORT_BINARY OUTDIR

Builds the realistic meeting of test_export --make-report-db (120 people; three of them
hold the ticket codes 00123, 1234567890123456789 and 2027-03-11, which a spreadsheet that
guesses types turns into 123, 1.23456789012346E+18 and a date), exports it as an Excel
workbook the way an organiser would, and reads the workbooks with openpyxl (Debian's
python3-openpyxl, a test dependency; this script runs under /usr/bin/python3 for it):

- the default export (no options) is OUTDIR/...-all.xlsx with the sheets checkins,
  attendees, ratings, participants in that order, no email column in the attendees and no
  reflections sheet;
- every ticket code, id, name and email is a str, byte for byte what the store holds;
  the three number-looking codes are the strings "00123", "1234567890123456789" and
  "2027-03-11";
- times are datetime (local time, the check-ins to the second, ratings to the minute)
  with a visible number format; numbers are int; yes/no are bool;
- each sheet's header row is bold, has an autofilter over the whole table and is frozen
  (freeze pane at A2);
- --with-email --with-text gives ...-all-with-email-text.xlsx with an email column and a
  reflections sheet; --table attendees one sheet;
- the CSV of the attendees, read back with Python's csv module, has the same three codes
  exactly, quoted and without any formula wrapping (the CSV stays data for tools).
A missing openpyxl fails the test with the package to install: it never skips.
"""

import csv
import datetime
import os
import subprocess
import sys
import tempfile


def fail(msg):
    print(f"xlsx_openpyxl: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


try:
    import openpyxl
except ImportError:
    fail("openpyxl is not installed: apt-get install python3-openpyxl")

if len(sys.argv) != 4:
    print(f"usage: {sys.argv[0]} MINGEL_BINARY TEST_EXPORT_BINARY OUTDIR", file=sys.stderr)
    sys.exit(2)
MINGEL, MAKER, OUTDIR = sys.argv[1:]

NUMBERLIKE = ["00123", "1234567890123456789", "2027-03-11"]
PREFIX = "demo-2026-11-26-2026-11-26"

# Swedish time without tzdata, as the maker uses: the times below are 08:xx local.
os.environ["TZ"] = "CET-1CEST,M3.5.0,M10.5.0/3"
os.makedirs(OUTDIR, exist_ok=True)
tmp = tempfile.mkdtemp(prefix="mingel-xlsx.")
db = os.path.join(tmp, "meeting.db")


def run(*args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"{' '.join(args)} exited {r.returncode}: {r.stderr.strip()}")
    return r.stdout


run(MAKER, "--make-report-db", db)
for name in os.listdir(OUTDIR):
    if name.startswith(PREFIX) and name.endswith(".xlsx"):
        os.remove(os.path.join(OUTDIR, name))

out = run(MINGEL, "export", "--db", db, "--format", "xlsx", "--out", OUTDIR + "/")
plain = os.path.join(OUTDIR, f"{PREFIX}-all.xlsx")
if f"Wrote {plain}" not in out:
    fail(f"the export does not say it wrote {plain}: {out!r}")
run(MINGEL, "export", "--db", db, "--format", "xlsx", "--with-email", "--with-text",
    "--out", OUTDIR)
full = os.path.join(OUTDIR, f"{PREFIX}-all-with-email-text.xlsx")
one = os.path.join(tmp, "attendees.xlsx")
run(MINGEL, "export", "--db", db, "--format", "xlsx", "--table", "attendees", "--out", one)
leftovers = [n for n in os.listdir(OUTDIR) if ".tmp-" in n]
if leftovers:
    fail(f"temporary files left behind: {leftovers}")


def load(path):
    if not os.path.isfile(path):
        fail(f"no workbook at {path}")
    return openpyxl.load_workbook(path)


def header(ws):
    return [c.value for c in ws[1]]


def rows(ws):
    """The data rows as dicts by header name."""
    names = header(ws)
    return [dict(zip(names, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def check_sheet_frame(ws, where):
    cols = ws.max_column
    last = openpyxl.utils.get_column_letter(cols)
    if ws.auto_filter.ref != f"A1:{last}{ws.max_row}":
        fail(f"{where}: autofilter is {ws.auto_filter.ref!r}, not A1:{last}{ws.max_row}")
    if ws.freeze_panes != "A2":
        fail(f"{where}: the header row is not frozen (freeze_panes {ws.freeze_panes!r})")
    for c in ws[1]:
        if not isinstance(c.value, str) or not c.font.b:
            fail(f"{where}: header cell {c.coordinate} is not bold text: {c.value!r}")
    for letter in (openpyxl.utils.get_column_letter(i) for i in range(1, cols + 1)):
        width = ws.column_dimensions[letter].width
        if not width or width < 6 or width > 62:
            fail(f"{where}: column {letter} has no sensible width ({width})")


def check_types(ws, where, expect):
    """expect: column name -> type (or tuple of types) every non-empty cell must have."""
    names = header(ws)
    for name in expect:
        if name not in names:
            fail(f"{where}: no column {name} in {names}")
    seen = {name: 0 for name in expect}
    for r in rows(ws):
        for name, kind in expect.items():
            v = r[name]
            if v is None:
                continue
            seen[name] += 1
            if type(v) not in (kind if isinstance(kind, tuple) else (kind,)):
                fail(f"{where}: {name} = {v!r} is {type(v).__name__}, not {kind}")
    for name, n in seen.items():
        if n == 0:
            fail(f"{where}: column {name} is empty: nothing was checked")


TEXT, TIME = str, datetime.datetime

# The default workbook: the privacy-safe tables.
wb = load(plain)
if wb.sheetnames != ["checkins", "attendees", "ratings", "participants"]:
    fail(f"{plain}: sheets are {wb.sheetnames}")
for ws in wb.worksheets:
    check_sheet_frame(ws, f"{plain}:{ws.title}")
att = wb["attendees"]
if "email" in header(att):
    fail("the attendees have an email column without --with-email")
if header(att) != ["id", "name", "organisation", "role", "ticket", "walk_in", "consent",
                   "checked_in_time", "checked_in_clock", "device", "first_time", "topics"]:
    fail(f"attendees header is {header(att)}")
check_types(att, "attendees", {"id": TEXT, "name": TEXT, "organisation": TEXT, "role": TEXT,
                               "ticket": TEXT, "walk_in": bool, "consent": bool,
                               "checked_in_time": TIME, "checked_in_clock": TEXT,
                               "device": TEXT, "first_time": bool})
tickets = {r["ticket"]: r for r in rows(att)}
for code in NUMBERLIKE:
    if code not in tickets:
        fail(f"ticket code {code!r} is not in the attendees as that string: "
             f"{sorted(t for t in tickets if t)[:5]}...")
    t = tickets[code]["checked_in_time"]
    if not isinstance(t, datetime.datetime) or not (8 <= t.hour <= 9):
        fail(f"{code}: checked_in_time {t!r} is not a local time of the morning")
for c in att["H"][1:]:
    if c.value is not None and c.number_format != "yyyy-mm-dd hh:mm:ss":
        fail(f"attendees {c.coordinate}: time format {c.number_format!r}")
        break
walk_ins = [r for r in rows(att) if r["walk_in"] is True]
if len(walk_ins) != 4:
    fail(f"{len(walk_ins)} walk-ins, not 4")

check_types(wb["checkins"], "checkins", {"id": TEXT, "time": TIME, "clock": TEXT,
                                         "attendee_id": TEXT, "name": TEXT,
                                         "walk_in": bool, "device": TEXT})
checkins = rows(wb["checkins"])
if len(checkins) != 100:
    fail(f"{len(checkins)} check-ins, not 100 (96 registered, 4 walk-ins)")
if sum(1 for r in checkins if r["clock"] == "untrusted") != 6:
    fail("not six check-ins with an untrusted clock")
times = [r["time"] for r in checkins]
if times != sorted(times):
    fail("the check-ins are not in time order")

ratings = wb["ratings"]
check_types(ratings, "ratings", {"id": TEXT, "token": TEXT, "question": int,
                                 "question_text": TEXT, "value": int, "time": TIME,
                                 "clock": TEXT, "device": TEXT, "flagged": bool})
for r in rows(ratings):
    if r["time"].second != 0:
        fail(f"rating time {r['time']} is not to the minute")
if ratings["F2"].number_format != "yyyy-mm-dd hh:mm":
    fail(f"rating time format {ratings['F2'].number_format!r}")
if sum(1 for r in rows(ratings) if r["flagged"] is True) != 2:
    fail("not two flagged ratings")
check_types(wb["participants"], "participants",
            {"name": TEXT, "organisation": TEXT, "role": TEXT, "email": TEXT})

# With email and text.
wb = load(full)
if wb.sheetnames != ["checkins", "attendees", "ratings", "reflections", "participants"]:
    fail(f"{full}: sheets are {wb.sheetnames}")
for ws in wb.worksheets:
    check_sheet_frame(ws, f"{full}:{ws.title}")
check_types(wb["attendees"], "attendees with email", {"email": TEXT, "ticket": TEXT})
check_types(wb["reflections"], "reflections", {"text": TEXT, "time": TIME, "flagged": bool})
texts = [r["text"] for r in rows(wb["reflections"])]
if "Checklistan för första veckan" not in texts:
    fail(f"the reflections are not there as written: {texts}")

# One table.
wb = load(one)
if wb.sheetnames != ["attendees"]:
    fail(f"{one}: sheets are {wb.sheetnames}")

# The CSV keeps the codes as they are (quoted, no formula), for tools.
run(MINGEL, "export", "--db", db, "--format", "csv", "--table", "attendees", "--out",
    os.path.join(tmp, "attendees.csv"))
with open(os.path.join(tmp, "attendees.csv"), encoding="utf-8-sig", newline="") as f:
    raw = f.read()
for code in NUMBERLIKE:
    if f';"{code}";' not in raw:
        fail(f"the CSV does not hold the quoted field \"{code}\" as it is")
if '="' in raw:
    fail("the CSV wraps a value in a formula")
with open(os.path.join(tmp, "attendees.csv"), encoding="utf-8-sig", newline="") as f:
    got = {r["ticket"] for r in csv.DictReader(f, delimiter=";")}
missing = [c for c in NUMBERLIKE if c not in got]
if missing:
    fail(f"the CSV read back lacks the ticket codes {missing}")

subprocess.run(["rm", "-rf", tmp], check=False)
print(f"xlsx_openpyxl: ok: {plain}, {full}")
