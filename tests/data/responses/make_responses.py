#!/usr/bin/python3
"""Writes the follow-up form exports of tests/data/responses/ (mingel import-responses).

Each file is a form's answers as the form service's export writes it, the token column
holding the kiosk session tokens that the QR link prefilled (test_responses.c seeds a
database with those sessions from SESSIONS below, in sessions.tsv):

- gforms_followup_sv.csv: a Swedish Google Form's responses sheet, File > Download >
  CSV: UTF-8 without BOM, ',', CRLF between rows and none after the last, quotes only
  where a cell needs them, a line break inside a cell as LF. Tidstämpel first, then the
  collected E-postadress (the form asked for it: never read), the questions, and the
  prefilled short-answer question "Sessionskod" (found by its header). A row without a
  token (the form opened without the kiosk's link), a token no kiosk made, and one
  session that sent the form twice (the last row counts).
- gforms_followup_en.xlsx: an English form's sheet downloaded as .xlsx (sheet
  "Form Responses 1", Timestamp a date-time cell); the token question is titled "Your
  code (please leave it as it is)" and is found by its answers; one person typed over
  the code ("my code", not a token) and one token is unknown.
- msforms_followup.xlsx: Microsoft Forms' own workbook ("Open results in Excel"): one
  sheet "Sheet1", ID (a number), Start time, Completion time (date-time cells), Email
  ("anonymous": a form anyone can answer), Name (empty), Last modified time (empty),
  then the questions; a 0-10 rating is a number cell; the token question "Session".
- msforms_followup_sv_utf8.csv: a Swedish form's workbook saved by Swedish Excel as
  "CSV UTF-8 (kommaavgränsad)": BOM, ';' (the Swedish list separator), CRLF after every
  row; ID, Starttid, Sluttid, E-post, Namn, Tid för senaste ändring, then the questions
  and the token question "Kod".
- bad_extra_cell.csv: line 4 has one cell more than the header (refused: file and line).
- bad_same_header.csv: two questions with the same text (refused: line 1).
- bad_no_token.csv: no column holds tokens (refused: line 1, says --token-column).

The formats: see tests/data/import/NOTES-sheet.md (Google Sheets CSV: UTF-8, no BOM, CRLF,
no line end after the last record; Excel's "CSV UTF-8" with BOM and the list separator;
Forms' workbook columns) and docs/guide-en.md (the prefilled links). All names, texts and
addresses are made up; e-mail addresses use .example.

python3 tests/data/responses/make_responses.py          writes the fixtures here
/usr/bin/python3 tests/data/responses/make_responses.py --check
    makes them in a temporary directory and compares (text byte for byte, workbooks cell
    by cell): the CTest responses_fixtures_reproducible (label python).
"""
import base64
import datetime
import hashlib
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = datetime.datetime(2027, 3, 11, 18, 0, 0)


def token(name):
    """A token as link_token makes them: 16 bytes in unpadded base64url (22 characters)."""
    raw = hashlib.sha256(("mingel-fixture-" + name).encode()).digest()[:16]
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# The kiosk sessions the test database holds: token, then the rating of question 1
# (smileys, 1-5) and of question 3 (nps, 0-10), "" for none; S8 wrote only a reflection.
SESSIONS = [("S%d" % i, r1, r2) for i, (r1, r2) in enumerate(
    [(5, 9), (4, 8), (5, 10), (3, 6), (4, ""), (2, 4), (5, 9), ("", "")], start=1)]
T = {name: token(name) for name, _, _ in SESSIONS}
T["U1"] = token("U1")  # no kiosk made these
T["U2"] = token("U2")


def csv_cell(v, sep):
    v = str(v)
    if any(c in v for c in (sep, '"', "\n", "\r")):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_text(out, name, rows, sep, bom, last_eol, encoding="utf-8"):
    body = "\r\n".join(sep.join(csv_cell(c, sep) for c in r) for r in rows)
    if last_eol:
        body += "\r\n"
    data = body.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)


def gforms_sv(out):
    rows = [["Tidstämpel", "E-postadress", "Vad tar du med dig från dagen?",
             "Kommer du till nästa möte?", "Hur fick du veta om mötet?", "Sessionskod"],
            ["2027-03-11 15:02:11", "anna.lind@kommun.example",
             "Att fler kommuner brottas med samma rekrytering, inte bara vi.", "Ja",
             "Nätverkets nyhetsbrev", T["S1"]],
            ["2027-03-11 15:04:40", "per.ek@bolag.example",
             "Kontakten med Region Örebro län om upphandling", "Ja", "En kollega tipsade",
             T["S2"]],
            ["2027-03-11 15:05:02", "lena.sjo@forvaltning.example",
             "Två saker:\n1. Hur andra gör med AI i drift\n2. Att \"lagom\" räcker", "Kanske",
             "Nätverkets nyhetsbrev", T["S3"]],
            ["2027-03-11 15:07:19", "okand@example.example", "Bra dag", "Kanske", "LinkedIn",
             ""],
            ["2027-03-11 15:09:55", "nils.berg@kommun.example", "Maten", "Nej", "LinkedIn",
             T["U1"]],
            ["2027-03-11 15:12:30", "sara.holm@bolag.example", "", "Ja",
             "Nätverkets nyhetsbrev", T["S4"]],
            ["2027-03-11 15:20:08", "per.ek@bolag.example",
             "Kontakten med Region Örebro län om upphandling, vi hörs i april", "Kanske",
             "En kollega tipsade", T["S2"]]]
    write_text(out, "gforms_followup_sv.csv", rows, ",", bom=False, last_eol=False)


def msforms_sv_csv(out):
    rows = [["ID", "Starttid", "Sluttid", "E-post", "Namn", "Tid för senaste ändring",
             "Vad var mest användbart?", "Hur troligt är det att du rekommenderar nätverket?",
             "Kod"],
            ["1", "2027-03-11 15:01", "2027-03-11 15:03", "anonymous", "", "",
             "Rundabordssamtalet; bra blandning av kommun och bolag", "9", T["S2"]],
            ["2", "2027-03-11 15:06", "2027-03-11 15:08", "anonymous", "", "",
             "Föredraget om upphandling", "7", T["S4"]],
            ["3", "2027-03-11 15:10", "2027-03-11 15:11", "anonymous", "", "", "", "10",
             T["S6"]],
            ["4", "2027-03-11 15:15", "2027-03-11 15:19", "anonymous", "", "",
             "Att få träffa nya i nätverket", "8", T["S8"]]]
    write_text(out, "msforms_followup_sv_utf8.csv", rows, ";", bom=True, last_eol=True)


def bad(out):
    head = ["Tidstämpel", "Vad tar du med dig?", "Sessionskod"]
    write_text(out, "bad_extra_cell.csv",
               [head, ["2027-03-11 15:02:11", "Nätverket", T["S1"]],
                ["2027-03-11 15:03:11", "Fikat", T["S2"]],
                ["2027-03-11 15:04:11", "Allt", T["S3"], "extra"]], ",", False, False)
    write_text(out, "bad_same_header.csv",
               [["Tidstämpel", "Betyg", "Betyg", "Sessionskod"],
                ["2027-03-11 15:02:11", "4", "5", T["S1"]]], ",", False, False)
    write_text(out, "bad_no_token.csv",
               [["Tidstämpel", "Vad tar du med dig?", "Kommer du igen?"],
                ["2027-03-11 15:02:11", "Nätverket", "Ja"]], ",", False, False)


def sessions(out):
    lines = ["# token\trating of question 1 (smileys, 1-5)\trating of question 3 (nps, 0-10)"]
    for name, r1, r2 in SESSIONS:
        lines.append("%s\t%s\t%s" % (T[name], r1, r2))
    lines.append("# not kiosk sessions: %s %s" % (T["U1"], T["U2"]))
    with open(os.path.join(out, "sessions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def save(wb, out, name, creator):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = creator
    wb.save(os.path.join(out, name))


def dt(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def gforms_en(out):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form Responses 1"
    ws.append(["Timestamp", "What will you take with you from today?",
               "Will you come to the next meeting?", "Your code (please leave it as it is)"])
    for when, text, again, tok in [
            ("2027-03-11 15:03:12", "How others staff the night shift", "Yes", T["S6"]),
            ("2027-03-11 15:05:40", "", "Yes", T["S7"]),
            ("2027-03-11 15:08:01", "The talk on procurement", "Maybe", "my code"),
            ("2027-03-11 15:11:27", "A new contact in the region", "Yes", T["S8"]),
            ("2027-03-11 15:13:45", "Lunch", "No", T["U2"])]:
        ws.append([dt(when), text or None, again, tok])
        ws.cell(row=ws.max_row, column=1).number_format = "m/d/yyyy h:mm:ss"
    save(wb, out, "gforms_followup_en.xlsx", "Google Sheets")


def msforms_xlsx(out):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
               "What was the most useful part of the day?",
               "How likely are you to recommend the network to a colleague?", "Session"])
    for i, (start, end, text, nps, tok) in enumerate([
            ("2027-03-11 15:01:05", "2027-03-11 15:02:40", "Meeting people from other "
             "municipalities", 9, T["S1"]),
            ("2027-03-11 15:04:10", "2027-03-11 15:06:00", "The round table", 10, T["S3"]),
            ("2027-03-11 15:07:30", "2027-03-11 15:08:02", None, 6, ""),
            ("2027-03-11 15:09:00", "2027-03-11 15:12:30", "The talk on AI in operations", 8,
             T["S5"]),
            ("2027-03-11 15:14:00", "2027-03-11 15:15:10", "Coffee", 9, T["S7"])], start=1):
        ws.append([i, dt(start), dt(end), "anonymous", None, None, text, nps, tok or None])
        for c in (2, 3):
            ws.cell(row=ws.max_row, column=c).number_format = "m/d/yy h:mm"
    save(wb, out, "msforms_followup.xlsx", "Microsoft Forms")


def make(out, text_only=False):
    gforms_sv(out)
    msforms_sv_csv(out)
    bad(out)
    sessions(out)
    if not text_only:
        gforms_en(out)
        msforms_xlsx(out)


def cells(path):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    return {ws.title: [[(c.value, c.number_format if c.value is not None else None)
                        for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


def check():
    problems = []
    with tempfile.TemporaryDirectory(prefix="responses-",
                                     dir=os.environ.get("MINGEL_TEST_TMP")) as tmp:
        make(tmp)
        for name in sorted(os.listdir(tmp)):
            new, old = os.path.join(tmp, name), os.path.join(HERE, name)
            if not os.path.exists(old):
                problems.append("%s is made by the script but not committed" % name)
            elif name.endswith(".xlsx"):
                if cells(new) != cells(old):
                    problems.append("%s: the committed workbook's cells differ" % name)
            elif open(new, "rb").read() != open(old, "rb").read():
                problems.append("%s differs from what the script makes" % name)
    for p in problems:
        print("FAIL: " + p)
    print("%d problem(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.dont_write_bytecode = True
    if "--check" in sys.argv[1:]:
        sys.exit(check())
    make(HERE)
