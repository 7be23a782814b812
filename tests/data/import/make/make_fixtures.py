#!/usr/bin/env python3
"""Writes the text fixtures of tests/data/import/ byte by byte, with their .expected files.

Each fixture is a list of rows; each row is its cells and what mingel must make of it:
a person (the fields as RosterEntry stores them), a skip (with its reason word), or
nothing (a title, a blank row, the header). The writer serialises the rows the way the
real tool does (separator, quoting, line ends, encoding, byte-order mark) and counts the
lines as an editor does, so the `line` column of the .expected file follows the bytes.

Only the standard library; run with any python3. The facts behind each writer are in
../README.md. All people, organisations and codes are fictional.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Where to write: the fixture directory, or MINGEL_FIXTURE_OUT (check_fixtures.py writes a
# fresh copy there and compares it with the committed files).
OUT = os.environ.get("MINGEL_FIXTURE_OUT") or os.path.dirname(HERE)

EXPECTED_HEADER = "name\torganisation\trole\temail\tticket\tconsent\tline"


class P:
    """An expected person: the stored fields."""

    def __init__(self, name, org="", role="", email="", ticket="", consent=0):
        self.name, self.org, self.role = name, org, role
        self.email, self.ticket, self.consent = email, ticket, consent


def col(field, header=""):
    """An .expected line: the column the import must take for field ("" for none)."""
    return "column\t%s\t%s" % (field, header)


TEAMS_COLUMNS = [col("name", "Name"), col("email", "Email"), col("role"), col("organisation")]


class Skip:
    def __init__(self, reason):
        self.reason = reason


# ---------------------------------------------------------------- writers


def quote_minimal(cell, sep):
    """Excel, LibreOffice, Google Sheets, Python's csv QUOTE_MINIMAL: quote only when needed."""
    if any(c in cell for c in (sep, '"', "\n", "\r")):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def quote_nonnumeric(cell, sep):
    """Python csv QUOTE_NONNUMERIC (pretix "CSV (with commas)"): every str quoted, numbers not."""
    if isinstance(cell, (int, float)):
        return str(cell)
    return '"' + cell.replace('"', '""') + '"'


def quote_none(cell, sep):
    """Teams attendance report: cells written as they are."""
    assert sep not in cell and "\n" not in cell
    return cell


def serialise(rows, sep, eol, quote, final_eol=True):
    """Returns (text, [(line, expect)]) with the line each row starts on."""
    parts = []
    line = 1
    placed = []
    for cells, expect in rows:
        placed.append((line, expect))
        rec = sep.join(quote(c, sep) for c in cells)
        parts.append(rec)
        # line breaks inside quoted cells count as lines too (an editor shows them)
        line += rec.count("\r\n") + rec.replace("\r\n", "").count("\n") + rec.replace(
            "\r\n", "").count("\r") + 1
    text = eol.join(parts) + (eol if final_eol else "")
    return text, placed


def describe_words(encoding, bom, sep):
    """The words the import's one-line description of the file must hold."""
    words = {"utf-16-le": ["UTF-16LE"], "cp1252": ["Windows-1252"]}.get(encoding, ["UTF-8"])
    if bom and encoding == "utf-8":
        words.append("BOM")
    words.append({";": "semicolon", ",": "comma", "\t": "tab"}[sep])
    return "file\t" + "\t".join(words)


def write_expected(name, placed, extra=()):
    lines = [EXPECTED_HEADER]
    for line, e in placed:
        if isinstance(e, P):
            lines.append("\t".join([e.name, e.org, e.role, e.email, e.ticket,
                                    str(e.consent), str(line)]))
    for line, e in placed:
        if isinstance(e, Skip):
            lines.append("skip\t%d\t%s" % (line, e.reason))
    lines.extend(extra)
    stem = os.path.splitext(name)[0]
    with open(os.path.join(OUT, stem + ".expected"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def write_fixture(fname, rows, sep, eol, quote, encoding, bom=b"", final_eol=True,
                  extra=(), pad_to=None):
    if pad_to:  # Excel pads every row of the used range with empty cells
        rows = [(list(c) + [""] * (pad_to - len(c)), e) for c, e in rows]
    text, placed = serialise(rows, sep, eol, quote, final_eol)
    data = bom + text.encode(encoding)
    with open(os.path.join(OUT, fname), "wb") as f:
        f.write(data)
    write_fixture.last_file = describe_words(encoding, bom, sep)
    write_expected(fname, placed, [write_fixture.last_file] + list(extra))
    return placed


def find_line(placed, rows, cells0):
    for (line, _), (cells, _) in zip(placed, rows):
        if cells and cells[0] == cells0:
            return line
    raise KeyError(cells0)


# ---------------------------------------------------------------- Microsoft Teams

TEAMS_PEOPLE = [
    # name as Teams shows it, expected name, first join, last leave, duration, email, role
    ("Karin Lejdberg", "Karin Lejdberg", "3/11/27, 8:52:04 AM", "3/11/27, 10:31:40 AM",
     "1h 39m 36s", "karin.lejdberg@regionorebro.example", "Organizer"),
    ("Jonas Åkerlund", "Jonas Åkerlund", "3/11/27, 8:58:12 AM", "3/11/27, 10:30:02 AM",
     "1h 31m 50s", "jonas.akerlund@regionorebro.example", "Presenter"),
    ("Anna-Karin Öberg-Lind", "Anna-Karin Öberg-Lind", "3/11/27, 8:59:47 AM",
     "3/11/27, 10:29:55 AM", "1h 17m 3s", "anna-karin.oberg-lind@kumla.example", "Attendee"),
    ("Ebba von Essen (External)", "Ebba von Essen", "3/11/27, 9:01:15 AM",
     "3/11/27, 10:30:40 AM", "1h 29m 25s", "ebba.vonessen@almi-bergslagen.example",
     "Attendee"),
    ("Mehmet Yılmaz", "Mehmet Yılmaz", "3/11/27, 9:02:30 AM", "3/11/27, 9:48:02 AM",
     "45m 32s", "mehmet.yilmaz@orebro.example", "Attendee"),
    ("Ulla af Klinteberg (Guest)", "Ulla af Klinteberg", "3/11/27, 9:05:09 AM",
     "3/11/27, 10:31:12 AM", "1h 26m 3s", "ulla.afklinteberg@lrf-orebro.example", "Attendee"),
    ("René Müller", "René Müller", "3/11/27, 9:11:58 AM", "3/11/27, 10:30:59 AM",
     "1h 19m 1s", "rene.muller@hallsberg.example", "Attendee"),
    ("Kalle Nyström (Unverified)", "Kalle Nyström", "3/11/27, 9:14:40 AM",
     "3/11/27, 10:02:13 AM", "47m 33s", "", "Attendee"),
]

# In-Meeting Activities: one row per join/leave pair (Anna-Karin dropped out once).
TEAMS_ACTIVITIES = [
    (0, "3/11/27, 8:52:04 AM", "3/11/27, 10:31:40 AM", "1h 39m 36s"),
    (1, "3/11/27, 8:58:12 AM", "3/11/27, 10:30:02 AM", "1h 31m 50s"),
    (2, "3/11/27, 8:59:47 AM", "3/11/27, 9:20:10 AM", "20m 23s"),
    (2, "3/11/27, 9:33:15 AM", "3/11/27, 10:29:55 AM", "56m 40s"),
    (3, "3/11/27, 9:01:15 AM", "3/11/27, 10:30:40 AM", "1h 29m 25s"),
    (4, "3/11/27, 9:02:30 AM", "3/11/27, 9:48:02 AM", "45m 32s"),
    (5, "3/11/27, 9:05:09 AM", "3/11/27, 10:31:12 AM", "1h 26m 3s"),
    (6, "3/11/27, 9:11:58 AM", "3/11/27, 10:30:59 AM", "1h 19m 1s"),
    (7, "3/11/27, 9:14:40 AM", "3/11/27, 10:02:13 AM", "47m 33s"),
]


def teams_rows():
    rows = [
        (["1. Summary"], None),
        (["Meeting title", "Nätverksträff Företagsakuten Örebro län"], None),
        (["Attended participants", "8"], None),
        (["Start time", "3/11/27, 8:52:04 AM"], None),
        (["End time", "3/11/27, 10:31:40 AM"], None),
        (["Meeting duration", "1h 39m 36s"], None),
        (["Average attendance time", "1h 18m 4s"], None),
        ([""], None),
        (["2. Participants"], None),
        (["Name", "First Join", "Last Leave", "In-Meeting Duration", "Email",
          "Participant ID (UPN)", "Role"], None),
    ]
    for shown, name, join, leave, dur, email, role in TEAMS_PEOPLE:
        upn = email
        if shown.endswith("(External)") or shown.endswith("(Guest)"):
            # a guest's UPN in the organiser's directory: address with _ for @, #EXT#
            upn = email.replace("@", "_") + "#EXT#@regionorebro.onmicrosoft.example"
        if shown.endswith("(Unverified)"):
            email = upn = ""  # joined from a browser without signing in
        rows.append(([shown, join, leave, dur, email, upn, role], P(name, email=email)))
    rows.append(([""], None))
    rows.append((["3. In-Meeting Activities"], Skip("section")))
    rows.append((["Name", "Join Time", "Leave Time", "Duration", "Email", "Role"],
                 Skip("section")))
    for i, join, leave, dur in TEAMS_ACTIVITIES:
        shown, _, _, _, _, email, role = TEAMS_PEOPLE[i]
        rows.append(([shown, join, leave, dur, email, role], Skip("section")))
    return rows


def make_teams():
    rows = teams_rows()
    # As Teams downloads it: UTF-16LE with BOM, tab, CRLF, a line end after the last row.
    write_fixture("teams_current.csv", rows, "\t", "\r\n", quote_none, "utf-16-le",
                  bom=b"\xff\xfe", extra=["header\t10"] + TEAMS_COLUMNS)
    # Opened in Swedish Excel and saved as "CSV (semikolonavgränsad)": Windows-1252,
    # ';', CRLF, every row padded with ';' to the used range (7 columns); the blank lines
    # become rows of bare separators. Text Excel could not read as a date (US format in a
    # Swedish locale) stays as it was. No character here is outside Windows-1252 except
    # "ı" in Yılmaz, which Excel writes as "?": that is what the fixture keeps, and what
    # the person's name then is.
    ex_rows = []
    for cells, e in rows:
        cells = [c.replace("ı", "?") for c in cells]
        if isinstance(e, P) and "ı" in e.name:
            e = P(e.name.replace("ı", "?"), e.org, e.role, e.email, e.ticket, e.consent)
        ex_rows.append((cells, e))
    write_fixture("teams_current_excel.csv", ex_rows, ";", "\r\n", quote_minimal, "cp1252",
                  pad_to=7, extra=["header\t10"] + TEAMS_COLUMNS)


def make_teams_legacy():
    # The report Teams wrote until 2021: one table, one row per join or leave.
    rows = [(["Full Name", "User Action", "Timestamp"], None)]
    seen = set()
    events = [
        ("Karin Lejdberg", "Joined", "11/3/2020, 08:52:04"),
        ("Jonas Åkerlund", "Joined before", "11/3/2020, 08:52:04"),
        ("Anna-Karin Öberg-Lind", "Joined", "11/3/2020, 08:59:47"),
        ("Sven-Olof Pålsson", "Joined", "11/3/2020, 09:00:31"),
        ("Anna-Karin Öberg-Lind", "Left", "11/3/2020, 09:20:10"),
        ("Maja Eriksdotter", "Joined", "11/3/2020, 09:02:30"),
        ("Anna-Karin Öberg-Lind", "Joined", "11/3/2020, 09:33:15"),
        ("Maja Eriksdotter", "Left", "11/3/2020, 09:48:02"),
        ("Sven-Olof Pålsson", "Left", "11/3/2020, 10:29:40"),
        ("Anna-Karin Öberg-Lind", "Left", "11/3/2020, 10:29:55"),
        ("Jonas Åkerlund", "Left", "11/3/2020, 10:30:02"),
    ]
    for name, action, ts in events:
        if name in seen:
            e = Skip("duplicate")
        else:
            seen.add(name)
            e = P(name)
        rows.append(([name, action, ts], e))
    write_fixture("teams_legacy.csv", rows, "\t", "\r\n", quote_none, "utf-16-le",
                  bom=b"\xff\xfe", extra=[col("name", "Full Name"), col("email")])


# ---------------------------------------------------------------- Microsoft Forms

FORMS_Q_INTERNAL = ["Organisation", "Befattning", "Jag vill synas på deltagarlistan",
                    "Eventuell specialkost"]

FORMS_INTERNAL = [
    # id, start, end, email, name, org, role, consent answer, food
    (1, "2027-02-14 10:12:33", "2027-02-14 10:14:02", "lena.holmqvist@orebro.example",
     "Lena Holmqvist", "Örebro kommun, Näringslivsavdelningen", "Näringslivsutvecklare",
     "Ja", ""),
    (2, "2027-02-14 11:40:09", "2027-02-14 11:41:55", "per.ostlund@orebro.example",
     "Per Östlund", "Örebro kommun, Förvaltningen för stadsbyggnad", "Planarkitekt", "Nej",
     "Vegetarisk"),
    (3, "2027-02-15 08:03:41", "2027-02-15 08:06:20", "sofia.elhaj@orebro.example",
     "Sofia El-Haj", "Örebro kommun", "Projektledare \"Unga företagare\"", "Ja",
     "Glutenfri;\nlaktosfri"),
    (4, "2027-02-16 14:22:18", "2027-02-16 14:23:07", "goran.bjork@orebro.example",
     "Göran Björk", "Örebro kommun, Kultur- och fritidsförvaltningen", "Enhetschef", "Ja",
     ""),
    (5, "2027-02-17 09:15:00", "2027-02-17 09:18:44", "therese.nyberg@orebro.example",
     "Thérèse Nyberg", "Örebro kommun", "Kommunikatör", "", ""),
]


def make_msforms_internal():
    header = ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Tid för senaste ändring"
              ] + FORMS_Q_INTERNAL
    rows = [(header, None)]
    for i, st, en, email, name, org, role, ok, food in FORMS_INTERNAL:
        rows.append(([str(i), st, en, email, name, "", org, role, ok, food],
                     P(name, org, role, email, "", 1 if ok == "Ja" else 0)))
    # Swedish Excel, "CSV (semikolonavgränsad)": Windows-1252, ';', CRLF; a line break
    # inside a cell is written as LF inside quotes.
    write_fixture("msforms_internal_excel.csv", rows, ";", "\r\n", quote_minimal, "cp1252",
                  extra=FORMS_INTERNAL_COLUMNS)


FORMS_INTERNAL_COLUMNS = [col("name", "Namn"), col("email", "E-post"),
                          col("organisation", "Organisation"), col("role", "Befattning"),
                          col("consent", "Jag vill synas på deltagarlistan")]
FORMS_ANON_COLUMNS = [col("name", "Namn (för- och efternamn)"), col("email", "E-postadress"),
                      col("organisation", "Organisation, förvaltning"), col("role", "Roll"),
                      col("consent", "Får vi visa ditt namn på deltagarlistan?")]

FORMS_Q_ANON = ["Namn (för- och efternamn)", "Organisation, förvaltning", "E-postadress",
                "Roll", "Får vi visa ditt namn på deltagarlistan?"]

FORMS_ANON = [
    (1, "2027-02-20 13:01:12", "2027-02-20 13:03:40", "Ingrid Sjöberg",
     "Lekebergs kommun, Bildningsförvaltningen", "ingrid.sjoberg@lekeberg.example",
     "Rektor", "Ja"),
    (2, "2027-02-20 15:44:51", "2027-02-20 15:46:03", "Ali Hassan",
     "Företagarna Örebro", "ali.hassan@foretagarna-orebro.example", "Ordförande", "Ja"),
    (3, "2027-02-21 07:58:19", "2027-02-21 08:01:27", "Britt-Marie Ståhl",
     "Askersunds kommun", "britt-marie.stahl@askersund.example", "Ekonom", "Nej"),
    (4, "2027-02-22 12:10:45", "2027-02-22 12:11:59", "Oskar von Platen",
     "Region Örebro län, Regional utveckling", "oskar.vonplaten@regionorebro.example",
     "Analytiker", "Ja"),
    (5, "2027-02-22 19:30:02", "2027-02-22 19:33:31", "Fatima Al-Khatib",
     "Coompanion Örebro län", "", "Affärsrådgivare", "Ja"),
    (6, "2027-02-23 09:02:14", "2027-02-23 09:04:00", "Åsa Lindqvist-Grön",
     "Nora kommun", "asa.lindqvist-gron@nora.example", "", "Nej"),
]


def make_msforms_anonymous():
    header = ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Tid för senaste ändring"
              ] + FORMS_Q_ANON
    rows = [(header, None)]
    for i, st, en, name, org, email, role, ok in FORMS_ANON:
        rows.append(([str(i), st, en, "anonymous", "", "", name, org, email, role, ok],
                     P(name, org, role, email, "", 1 if ok == "Ja" else 0)))
    # Swedish Excel, "CSV UTF-8 (kommaavgränsad)": UTF-8 with BOM, but the separator is
    # the list separator of the Swedish locale, ';'; CRLF.
    write_fixture("msforms_anonymous_utf8.csv", rows, ";", "\r\n", quote_minimal, "utf-8",
                  bom=b"\xef\xbb\xbf", extra=FORMS_ANON_COLUMNS)


def make_msforms_english():
    """An anyone-can-answer form in English Office, saved by Excel with an English
    (United Kingdom) locale as "CSV UTF-8 (Comma delimited)": BOM, ',', CRLF."""
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Last modified time",
              "Full name", "Organisation", "Email address", "Job title",
              "May we list your name on the participant list?"]
    rows = [(header, None)]
    people = [
        ("Sanna Koivisto", "Haparanda stad", "sanna.koivisto@haparanda.example",
         "Näringslivssamordnare", "Yes"),
        ("Aron Lindgren", "Luleå tekniska universitet, Institutionen för ekonomi",
         "aron.lindgren@ltu.example", "PhD student", "No"),
        ("Kerttu Rantatalo", "Tornedalens folkhögskola", "kerttu.rantatalo@tfhs.example",
         "Lärare", "Yes"),
        ("Jakob \u00c5man", "Norrbottens Handelskammare", "jakob.aman@nhk.example",
         "Policy adviser, \"Grön omställning\"", "Yes"),
    ]
    for i, (name, org, email, role, ok) in enumerate(people, start=1):
        st = "14/02/2027 %02d:%02d:%02d" % (9 + i, 10 + i, 20 + i)
        en = "14/02/2027 %02d:%02d:%02d" % (9 + i, 13 + i, 2 + i)
        rows.append(([str(i), st, en, "anonymous", "", "", name, org, email, role, ok],
                     P(name, org, role, email, "", int(ok == "Yes"))))
    write_fixture("msforms_en_utf8.csv", rows, ",", "\r\n", quote_minimal, "utf-8",
                  bom=b"\xef\xbb\xbf",
                  extra=[col("name", "Full name"), col("email", "Email address"),
                         col("organisation", "Organisation"), col("role", "Job title"),
                         col("consent", "May we list your name on the participant list?")])


def make_msforms_checkbox():
    """An internal form whose consent question allows several answers (a checkbox list of
    one option): Forms writes the ticked options each followed by ';' ("Jag godkänner
    ...;"), so in a ';'-separated CSV the cell is quoted. Ticked is yes (judgement 20)."""
    option = "Jag godkänner att mitt namn visas på deltagarlistan;"
    header = ["ID", "Starttid", "Sluttid", "E-post", "Namn", "Tid för senaste ändring",
              "Förvaltning", "Samtycke deltagarlista"]
    rows = [(header, None)]
    people = [
        ("anneli.rask@lulea.example", "Anneli Rask", "Kulturförvaltningen", True),
        ("petri.haapala@lulea.example", "Petri Haapala", "Tekniska förvaltningen", False),
        ("siv.lundqvist@lulea.example", "Siv Lundqvist", "Socialförvaltningen", True),
        ("omar.farah@lulea.example", "Omar Farah", "Barn- och utbildningsförvaltningen", True),
    ]
    for i, (email, name, org, ok) in enumerate(people, start=1):
        st = "2027-05-%02d 09:%02d:11" % (3 + i, 10 + i)
        en = "2027-05-%02d 09:%02d:48" % (3 + i, 12 + i)
        rows.append(([str(i), st, en, email, name, "", org, option if ok else ""],
                     P(name, org, "", email, "", int(ok))))
    write_fixture("msforms_checkbox_excel.csv", rows, ";", "\r\n", quote_minimal, "cp1252",
                  extra=[col("organisation", "Förvaltning"),
                         col("consent", "Samtycke deltagarlista")])


# ---------------------------------------------------------------- Google Forms

GFORMS = [
    ("Hanna Järvinen", "Hushållningssällskapet Västra", "Rådgivare", "Ja"),
    ("Erik Lönnqvist", "Vänersborgs kommun", "Näringslivschef", "Nej"),
    ("Linnéa Berg-Åström", "Fyrbodals kommunalförbund", "Processledare", "Ja"),
    ("Johan \"Jojje\" Carlsson", "Trollhättan Energi AB", "Elingenjör", "Ja"),
    ("Amira Saleh", "Högskolan Väst, Institutionen för ingenjörsvetenskap", "Lektor", "Ja"),
]


def make_gforms():
    # As Google Sheets downloads a sheet as CSV: UTF-8 without BOM, ',', CRLF between
    # rows and no line end after the last row; quotes only where needed.
    rows = [(["Tidstämpel", "E-postadress", "Namn", "Organisation", "Roll",
              "Får vi visa ditt namn på deltagarlistan?"], None)]
    stamps = ["2027-03-01 09:14:27", "2027-03-01 10:02:55", "2027-03-02 13:47:01",
              "2027-03-03 08:30:12", "2027-03-03 16:05:44"]
    emails = ["hanna.jarvinen@hushallningssallskapet.example", "erik.lonnqvist@vanersborg.example",
              "linnea.berg-astrom@fyrbodal.example", "johan.carlsson@trollhattanenergi.example",
              "amira.saleh@hv.example"]
    for st, em, (name, org, role, ok) in zip(stamps, emails, GFORMS):
        rows.append(([st, em, name, org, role, ok], P(name, org, role, em, "", int(ok == "Ja"))))
    # Erik sent the form twice (a form that does not limit people to one answer): the
    # same answers again, a day later. The same person: a duplicate, counted once.
    name, org, role, ok = GFORMS[1]
    rows.append((["2027-03-04 07:12:09", emails[1], name, org, role, ok], Skip("duplicate")))
    write_fixture("gforms_sv.csv", rows, ",", "\r\n", quote_minimal, "utf-8", final_eol=False,
                  extra=[col("name", "Namn"), col("email", "E-postadress")])

    rows = [(["Timestamp", "Email address", "Full name", "Organization", "Job title",
              "May we show your name on the attendee list?"], None)]
    stamps = ["3/1/2027 9:14:27", "3/1/2027 10:02:55", "3/2/2027 13:47:01",
              "3/3/2027 8:30:12", "3/3/2027 16:05:44"]
    for st, em, (name, org, role, ok) in zip(stamps, emails, GFORMS):
        yes = "Yes" if ok == "Ja" else "No"
        typed = name
        if name == "Hanna Järvinen":
            typed = " Hanna  Järvinen "  # as typed: a space before, two inside, one after
        rows.append(([st, em, typed, org, role, yes], P(name, org, role, em, "", int(ok == "Ja"))))
    write_fixture("gforms_en.csv", rows, ",", "\r\n", quote_minimal, "utf-8", final_eol=False,
                  extra=[col("name", "Full name"), col("email", "Email address"),
                         col("organisation", "Organization"), col("role", "Job title"),
                         col("consent", "May we show your name on the attendee list?")])


def make_gforms_checkbox():
    """A Google Form asking consent with a checkbox: the cell holds the ticked option's
    text, or nothing. "Jag godkänner ..." does not start with a yes-word, yet it is the
    only option there is: ticked is yes (judgement 20)."""
    option = "Jag godkänner att mitt namn och min organisation visas på deltagarlistan"
    rows = [(["Tidstämpel", "E-postadress", "Förnamn", "Efternamn", "Organisation",
              "Samtycke till deltagarlista"], None)]
    people = [
        ("2027-04-02 08:15:40", "moa.ek@gavle.example", "Moa", "Ek", "Gävle kommun", True),
        ("2027-04-02 09:01:12", "jon.strid@sandviken.example", "Jon", "Strid",
         "Sandvikens kommun", False),
        ("2027-04-02 13:27:55", "ella.ahl@hig.example", "Ella", "Åhl", "Högskolan i Gävle",
         True),
        ("2027-04-03 10:44:09", "sam.nur@region-gavleborg.example", "Sam", "Nur",
         "Region Gävleborg", True),
        ("2027-04-03 16:30:31", "britt.oberg@ovanaker.example", "Britt", "Öberg",
         "Ovanåkers kommun", False),
    ]
    for st, em, first, last, org, ok in people:
        rows.append(([st, em, first, last, org, option if ok else ""],
                     P(first + " " + last, org, "", em, "", int(ok))))
    write_fixture("gforms_checkbox.csv", rows, ",", "\r\n", quote_minimal, "utf-8",
                  final_eol=False, extra=[col("consent", "Samtycke till deltagarlista")])


# ---------------------------------------------------------------- Eventbrite

EB_HEADER = ["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
             "Price Tier", "Ticket Type", "Attendee #", "Group", "Order Type", "Currency",
             "Total Paid", "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing",
             "Attendee Status", "Barcode #", "Home City", "Job Title", "Company"]


def make_eventbrite():
    rows = [(EB_HEADER, None)]
    data = [
        # order, date, first, last, email, qty, type, attendee, order type, paid, status,
        # barcode, city, job, company, expect
        ("7013492281", "2/3/27 9:41", "Malin", "Sandström", "malin.sandstrom@ideon.example",
         "1", "Ordinarie", "8820014501", "Eventbrite Completed", "350", "Attending",
         "882001450110734001", "Lund", "Innovationsrådgivare", "Ideon Science Park", "P"),
        ("7013519904", "2/3/27 14:05", "Nils", "Wennerström", "nils@wennerstrom-bygg.example",
         "2", "Ordinarie", "8820061127", "Eventbrite Completed", "700", "Attending",
         "882006112710734001", "Malmö", "VD", "Wennerström Bygg AB", "P"),
        ("7013519904", "2/3/27 14:05", "Sara", "Wennerström", "nils@wennerstrom-bygg.example",
         "2", "Ordinarie", "8820061128", "Eventbrite Completed", "700", "Attending",
         "882006112810734002", "Malmö", "Ekonomiansvarig", "Wennerström Bygg AB", "P"),
        ("7014120377", "2/5/27 11:22", "Jesper", "Kjellberg", "jesper.kjellberg@lu.example",
         "1", "Student", "8820298813", "Free Order", "0", "Checked In",
         "882029881310734001", "Lund", "Doktorand", "Lunds universitet", "P"),
        ("7014455012", "2/6/27 20:17", "Camilla", "Ekdahl", "camilla.ekdahl@skane.example",
         "1", "Ordinarie", "8820377420", "Eventbrite Completed", "350", "Refunded",
         "882037742010734001", "Helsingborg", "Projektledare", "Region Skåne", "refunded"),
        ("7014598830", "2/7/27 8:03", "Tobias", "Lindén", "tobias.linden@malmo.example",
         "1", "Ordinarie", "8820410056", "Eventbrite Completed", "350", "Not Attending",
         "882041005610734001", "Malmö", "Handläggare", "Malmö stad", "cancelled"),
        ("7014602245", "2/7/27 9:30", "Yasmin", "Darwish", "yasmin@minc.example",
         "1", "Ordinarie", "8820411390", "Eventbrite Completed", "350", "Attending",
         "882041139010734001", "Malmö", "Community manager", "MINC", "P"),
        ("7014733561", "2/8/27 16:48", "Gustaf", "af Ugglas", "gustaf.afugglas@almi.example",
         "1", "Ordinarie", "8820452287", "Eventbrite Completed", "350", "Attending",
         "882045228710734001", "Kristianstad", "Affärsutvecklare", "Almi Företagspartner Syd",
         "P"),
    ]
    for (order, date, first, last, email, qty, ttype, att, otype, paid, status, barcode,
         city, job, company, ex) in data:
        fees = "0" if paid == "0" else "27.43"
        ebfee = "0" if paid == "0" else "19.25"
        proc = "0" if paid == "0" else "8.18"
        cells = [order, date, first, last, email, qty, "", ttype, att, "", otype, "SEK",
                 paid, fees, ebfee, proc, status, barcode, city, job, company]
        e = P(first + " " + last, company, job, email, barcode) if ex == "P" else Skip(ex)
        rows.append((cells, e))
    # UTF-8 without BOM, ',', quotes only where needed.
    placed = write_fixture("eventbrite_attendees.csv", rows, ",", "\r\n", quote_minimal,
                           "utf-8")
    shared = [str(line) for line, e in placed
              if isinstance(e, P) and e.email == "nils@wennerstrom-bygg.example"]
    write_expected("eventbrite_attendees.csv", placed,
                   [write_fixture.last_file,
                    "warn\tnils@wennerstrom-bygg.example\t" + "\t".join(shared),
                    col("ticket", "Barcode #"), col("status", "Attendee Status"),
                    col("organisation", "Company"), col("role", "Job Title")])

    # The same report opened in Swedish Excel and saved as "CSV (semikolonavgränsad)":
    # Excel read the 18-digit barcodes as numbers and, in the General format, writes
    # them as it shows them, "8,82001E+17": every ticket code is gone (and several now
    # look alike). The people are still worth having (found by name at the door); the
    # codes are not: no ticket is stored, and a warning quotes the damage and says to
    # import the file as Eventbrite gave it.
    ex_rows = []
    for cells, e in rows:
        if e is not None:
            code = cells[17]
            mant = "%.5e" % int(code)  # 8.82001e+17
            digits, exp = mant.split("e+")
            cells = cells[:17] + [digits.replace(".", ",") + "E+" + exp] + cells[18:]
            if isinstance(e, P):
                e = P(e.name, e.org, e.role, e.email, "", e.consent)
        ex_rows.append((cells, e))
    placed = write_fixture("eventbrite_excel_resaved.csv", ex_rows, ";", "\r\n", quote_minimal,
                           "cp1252")
    write_expected("eventbrite_excel_resaved.csv", placed,
                   [write_fixture.last_file, "warn\tBarcode #\tE+17",
                    col("status", "Attendee Status")])


EB_FULL_HEADER = ["Event Name", "Event ID", "Organizer Name", "Attendee #", "Barcode #",
                  "Order Date", "Buyer Last Name", "Buyer First Name", "Buyer Email", "Prefix",
                  "Last Name", "First Name", "Suffix", "Email", "Quantity", "Ticket Type",
                  "Date Attending", "Device #", "Check-In Date", "IP Location", "Discount",
                  "Group", "Affiliate", "Order #", "Order Type", "Currency", "Total Paid",
                  "Fees Paid", "Eventbrite Fees", "Eventbrite Payment Processing", "Tax Paid",
                  "Attendee Status", "Ticket Delivery Method", "Home City", "Cell Phone",
                  "Job Title", "Company"]


def make_eventbrite_full():
    """The older, wider attendee export: the buyer's name and e-mail come before the
    attendee's, and Barcode # sits right after Attendee #. The buyer of a group booking
    (an assistant) is not a participant: the attendee columns must win."""
    rows = [(EB_FULL_HEADER, None)]
    ev = ["Innovationsfrukost Umeå", "90412236618", "Uminova Innovation"]
    data = [
        ("5501238811", "550123881110734001", "2027-02-03 09:41:02", "Holm", "Annika",
         "annika.holm@umu.example", "Lundberg", "Viktor", "viktor.lundberg@umu.example", "3",
         "Ordinarie", "", "4511823301", "Attending", "Forskningsingenjör", "Umeå universitet",
         "P"),
        ("5501238812", "550123881210734002", "2027-02-03 09:41:02", "Holm", "Annika",
         "annika.holm@umu.example", "Sirén", "Pia", "pia.siren@umu.example", "3",
         "Ordinarie", "2027-03-11 07:52:40", "4511823301", "Checked In", "Innovationsrådgivare",
         "Umeå universitet", "P"),
        ("5501238813", "550123881310734003", "2027-02-03 09:41:02", "Holm", "Annika",
         "annika.holm@umu.example", "Nordin", "Elias", "elias.nordin@umu.example", "3",
         "Ordinarie", "", "4511823301", "Transferred", "Doktorand", "Umeå universitet",
         "transferred"),
        ("5501301174", "550130117410734001", "2027-02-05 16:20:47", "Nordin", "Elias",
         "elias.nordin@umu.example", "Nordin", "Elias", "elias.nordin@umu.example", "1",
         "Student", "", "4511890127", "Attending", "Doktorand", "Umeå universitet", "P"),
        ("5501422960", "550142296010734001", "2027-02-08 11:05:19", "Kuoljok", "Inga",
         "inga.kuoljok@sametinget.example", "Kuoljok", "Inga", "inga.kuoljok@sametinget.example",
         "1", "Ordinarie", "2027-03-11 08:03:11", "4511944478", "Checked In", "Handläggare",
         "Sametinget", "P"),
        ("5501587745", "550158774510734001", "2027-02-10 20:44:03", "Öqvist", "Rune",
         "rune@oqvist-fiske.example", "Öqvist", "Rune", "rune@oqvist-fiske.example", "1",
         "Ordinarie", "", "4512016652", "Refunded", "Ägare", "Öqvists Fiske AB", "refunded"),
    ]
    for (att, barcode, odate, blast, bfirst, bmail, last, first, mail, qty, ttype, checkin,
         order, status, job, company, ex) in data:
        paid = "0" if ttype == "Student" else "395"
        cells = ev + [att, barcode, odate, blast, bfirst, bmail, "", last, first, "", mail, qty,
                      ttype, "2027-03-11 07:30:00", "", checkin, "Umeå, SE", "", "", "", order,
                      "Eventbrite Completed", "SEK", paid, "0" if paid == "0" else "31.10",
                      "0" if paid == "0" else "21.73", "0" if paid == "0" else "9.37", "0",
                      status, "Electronic", "Umeå", "", job, company]
        e = P(first + " " + last, company, job, mail, barcode) if ex == "P" else Skip(ex)
        rows.append((cells, e))
    write_fixture("eventbrite_full.csv", rows, ",", "\r\n", quote_minimal, "utf-8",
                  extra=[col("first", "First Name"), col("last", "Last Name"),
                         col("email", "Email"), col("ticket", "Barcode #"),
                         col("status", "Attendee Status"), col("organisation", "Company"),
                         col("role", "Job Title")])


# ---------------------------------------------------------------- pretix

PX_QUESTIONS = ["Befattning", "Får ditt namn stå på deltagarlistan?"]

# One event ("natverk-2027"), name scheme given + family, two questions, free and paid
# tickets. Orders in order date order, positions by position id, as the exporter sorts.
PX_ORDERS = [
    # code, status, email, date, time, locale, verified, providers, invoice company,
    # invoice name (given, family), positions
    ("Q7KLM", "paid", "lena.holmqvist@orebro.example", "2027-02-14", "10:14:02", "sv",
     "Yes", "", "", ("", ""),
     [(1, "Deltagare", "0.00", "Lena", "Holmqvist", "", "Örebro kommun",
       "Näringslivsutvecklare", "Yes", "xq7k3m9wz2rjd8vbn4tyh6pfl5cgsae1", "FNW8Y3RQ2K", "")]),
    ("HX3PA", "paid", "inkop@kumla-energi.example", "2027-02-15", "08:40:55", "sv", "Yes",
     "Bank transfer", "Kumla Energi AB", ("Kerstin", "Dahl"),
     [(1, "Deltagare med lunch", "450.00", "Kerstin", "Dahl", "",
       "Kumla Energi AB", "Inköpschef", "Yes", "p2m8vz4kq9wjx7n3rbt5yd6hfa1cgle0", "7TDKQ2MW9R",
       ""),
      (2, "Deltagare med lunch", "450.00", "Mikael", "Åberg", "", "Kumla Energi AB",
       "Drifttekniker", "No", "b6ws1nq8ze3xk5rm7vjt2pd9ychg4la0", "L3ZP8XN5TC", ""),
      (3, "Deltagare med lunch", "450.00", "Fredrika", "von Schéele",
       "fredrika.vonscheele@kumla-energi.example", "Kumla Energi AB", "Hållbarhetsstrateg",
       "Yes", "k9d2hx7qm4vtz8rn1jwb5ps3yfcg6ela", "RW6MC4J7PZ", ""),
      (4, "Deltagare med lunch", "450.00", "Oliver", "Lund", "", "Kumla Energi AB",
       "Praktikant", "No", "m3zt8qk1xw6vbn9rd4hj7ps2yfcg5lae", "D9QX2LT8WN", "canceled")]),
    ("ZR8TD", "pending", "anders.gyllensvard@hallsberg.example", "2027-02-17", "13:02:10",
     "sv", "Yes", "Bank transfer", "Hallsbergs kommun", ("Anders", "Gyllensvärd"),
     [(1, "Deltagare med lunch", "450.00", "Anders", "Gyllensvärd", "", "Hallsbergs kommun",
       "Kommundirektör", "Yes", "t7vq2mz9xk4wb1nr8dj3hp6yfcg5lsea", "K2WN7RQ4MX", "")]),
    ("PN4WB", "canceled", "jon.rask@askersund.example", "2027-02-18", "09:12:33", "sv", "Yes",
     "", "", ("", ""),
     [(1, "Deltagare", "0.00", "Jon", "Rask", "", "Askersunds kommun", "Handläggare", "No",
       "w4kq9xz2mv7tb3nr6jd1hp8yfcg5lesa", "M8TR3WK6QZ", "")]),
    ("C2YJV", "paid", "elin.sundqvist@regionorebro.example", "2027-02-20", "16:45:08", "sv",
     "Yes", "", "", ("", ""),
     [(1, "Deltagare", "0.00", "Elin", "Sundqvist", "", "Region Örebro län", "Utredare",
       "Yes", "h8zm3qx6vk1wt9nb4rj2dp7yfcg5lsae", "Q4KD9MZ2TW", "")]),
]


PX_COLUMNS = [col("name", "Attendee name"), col("ticket", "Ticket secret"),
              col("status", "Status"), col("organisation", "Company"),
              col("role", "Befattning")]


def pretix_position_rows(orders=None):
    header = ["Event slug", "Order code", "Position ID", "Status", "Email", "Phone number",
              "Order date", "Order time", "Product", "Variation", "Price", "Tax rate",
              "Tax rule", "Tax value", "Attendee name", "Attendee name: Given name",
              "Attendee name: Family name", "Attendee email", "Company", "Address",
              "ZIP code", "City", "Country", "State", "Voucher", "Pseudonymization ID",
              "Ticket secret", "Seat ID", "Seat name", "Seat zone", "Seat row", "Seat number",
              "Blocked", "Valid from", "Valid until", "Order comment", "Follow-up date"
              ] + PX_QUESTIONS + [
              "Company", "Invoice address name", "Invoice address name: Given name",
              "Invoice address name: Family name", "Invoice address street",
              "Invoice address ZIP code", "Invoice address city", "Invoice address country",
              "Invoice address state", "VAT ID", "Sales channel", "Order locale",
              "E-mail address verified", "External customer ID", "Payment providers"]
    rows = [(header, None)]
    for (code, status, email, date, time, locale, verified, providers, icomp, (ig, ifam),
         positions) in (orders or PX_ORDERS):
        for (pid, product, price, given, family, att_email, company, role, consent, secret,
             pseudo, pstatus) in positions:
            name = (given + " " + family).strip()
            st = pstatus or status
            paid = price != "0.00"
            tax = "90.00" if paid else "0.00"
            cells = ["natverk-2027", code, pid, st, email, "", date, time, product, "", price,
                     "25.00" if paid else "0.00", "Moms 25 %" if paid else "", tax, name,
                     given, family, att_email, company, "", "", "", "", "", "", pseudo, secret,
                     "", "", "", "", "", "", "", "", "", "", role, consent, icomp,
                     (ig + " " + ifam).strip(), ig, ifam,
                     "Energigatan 4" if icomp.startswith("Kumla") else (
                         "Västra Storgatan 16" if icomp else ""),
                     "692 31" if icomp.startswith("Kumla") else ("694 80" if icomp else ""),
                     "Kumla" if icomp.startswith("Kumla") else ("Hallsberg" if icomp else ""),
                     "SE" if icomp else "", "", "", "web", locale, verified, "", providers]
            if st in ("canceled", "expired"):
                e = Skip("cancelled")
            elif not name:
                e = Skip("noname")
            else:
                e = P(name, company, role, att_email or email, secret, int(consent == "Yes"))
            rows.append((cells, e))
    return rows


def px_expected(name, placed, columns=None):
    """The .expected of a pretix positions fixture: the group order's shared address."""
    shared = [str(line) for line, e in placed
              if isinstance(e, P) and e.email == "inkop@kumla-energi.example"]
    write_expected(name, placed,
                   [write_fixture.last_file,
                    "warn\tinkop@kumla-energi.example\t" + "\t".join(shared)]
                   + (PX_COLUMNS if columns is None else columns))


def make_pretix():
    rows = pretix_position_rows()
    group = [r for r in rows[1:] if r[0][1] == "HX3PA" and isinstance(r[1], P)]
    # "Order positions – CSV (with commas)": csv QUOTE_NONNUMERIC, ',', CRLF, UTF-8 without
    # BOM; the position id is an int and goes unquoted, everything else is quoted.
    placed = write_fixture("pretix_positions_comma.csv", rows, ",", "\r\n", quote_nonnumeric,
                           "utf-8")
    px_expected("pretix_positions_comma.csv", placed)
    # "CSV (with semicolons)": the csv module's excel dialect with ';' (QUOTE_MINIMAL).
    srows = [([str(c) for c in cells], e) for cells, e in rows]
    placed = write_fixture("pretix_positions_semicolon.csv", srows, ";", "\r\n",
                           quote_minimal, "utf-8")
    px_expected("pretix_positions_semicolon.csv", placed)
    assert len(group) == 3

    # Add-on products (a lunch, a dinner) are positions of their own in pretix, with
    # their own secret and no attendee name (names are asked for admission products), and
    # the order's e-mail beside them. Not people: skipped and listed (judgement 18).
    orders = []
    for o in PX_ORDERS:
        positions = list(o[10])
        if o[0] == "Q7KLM":
            positions.append((2, "Lunch", "145.00", "", "", "", "", "", "", "a5nq2wk8zm3xv7rt9bd4hj6pfy1cgl0e",
                              "ZK7W3NQ9TD", ""))
        if o[0] == "HX3PA":
            positions.append((5, "Middag", "395.00", "", "", "", "", "", "",
                              "v2hm8qz5xk3wn9tr1bj7dp4yfcg6lsae", "W5TN8KQ3ZM", ""))
        orders.append(o[:10] + (positions,))
    arows = pretix_position_rows(orders)
    placed = write_fixture("pretix_positions_addons.csv", arows, ",", "\r\n", quote_nonnumeric,
                           "utf-8")
    px_expected("pretix_positions_addons.csv", placed)
    # "CSV (Excel-style)": the csv module's excel dialect, ',' (QUOTE_MINIMAL), CRLF.
    placed = write_fixture("pretix_positions_excel.csv", srows, ",", "\r\n", quote_minimal,
                           "utf-8")
    px_expected("pretix_positions_excel.csv", placed)

    # Check-in list, "CSV (with commas)", secrets included, both questions, paid orders
    # only (the list's default): no pending order, no cancelled position.
    header = ["Order code", "Attendee name", "Attendee name: Given name",
              "Attendee name: Family name", "Product", "Price", "Checked in", "Checked out",
              "Automatically checked in", "Secret", "E-mail"] + PX_QUESTIONS + [
              "Company", "Voucher code", "Order date", "Requires special attention",
              "Comment", "Seat ID", "Seat name", "Seat zone", "Seat row", "Seat number"]
    crows = [(header, None)]
    checked = {"Lena": "03/11/2027 8:47 a.m.", "Kerstin": "03/11/2027 8:52 a.m."}
    for (code, status, email, date, time, locale, verified, providers, icomp, _,
         positions) in PX_ORDERS:
        if status != "paid":
            continue
        for (pid, product, price, given, family, att_email, company, role, consent, secret,
             pseudo, pstatus) in positions:
            if pstatus:
                continue
            name = given + " " + family
            mail = att_email or email
            cells = [code, name, given, family, product, price, checked.get(given, ""), "",
                     "No", secret, mail, role, consent, company, "", date, "No", "", "", "",
                     "", "", ""]
            crows.append((cells, P(name, company, role, mail, secret, int(consent == "Yes"))))
    placed = write_fixture("pretix_checkin.csv", crows, ",", "\r\n", quote_nonnumeric, "utf-8")
    shared = [str(line) for line, e in placed
              if isinstance(e, P) and e.email == "inkop@kumla-energi.example"]
    write_expected("pretix_checkin.csv", placed,
                   [write_fixture.last_file,
                    "warn\tinkop@kumla-energi.example\t" + "\t".join(shared),
                    col("name", "Attendee name"), col("ticket", "Secret"),
                    col("email", "E-mail"), col("organisation", "Company")])


# ---------------------------------------------------------------- Excel / LibreOffice lists

SV_LIST = [
    ("Karin", "Lejdberg", "Region Örebro län", "Utvecklingsledare",
     "karin.lejdberg@regionorebro.example", "Ja"),
    ("Åke", "Öhrström", "Åre kommun", "Näringslivschef", "ake.ohrstrom@are.example", "Ja"),
    ("Märta", "Ångström-Eklöf", "Skogsägarna Mellanskog", "Virkesköpare",
     "marta.angstrom-eklof@mellanskog.example", "Nej"),
    ("José", "Hernández", "Café Ämbetet; Östersund", "Ägare", "jose@cafeambetet.example",
     "Ja"),
    ("Jürgen", "Müller", "Jämtlands Gymnasieförbund", "Lärare", "jurgen.muller@jgy.example",
     "Ja"),
    ("Cecilia", "af Wetterstedt", "Länsstyrelsen Jämtlands län", "Handläggare",
     "cecilia.afwetterstedt@lansstyrelsen.example", ""),
    ("Hugo", "von Rosen", "Mittuniversitetet – Campus Östersund", "Universitetslektor",
     "hugo.vonrosen@miun.example", "x"),
    ("Zeynep", "Öztürk", "Café ”Smaken” AB", "Ägare – kök & café", "zeynep@smaken.example",
     "Ja"),
    ("Eva-Lena", "Sjöström", "Företagarna \"Storsjöbygden\"", "Ordförande",
     "eva-lena.sjostrom@foretagarna.example", "Ja"),
]


def make_excel_lists():
    header = ["Förnamn", "Efternamn", "Organisation", "Titel", "E-post", "Samtycke deltagarlista"]
    rows = [(header, None)]
    for first, last, org, title, email, ok in SV_LIST:
        consent = 1 if ok in ("Ja", "x") else 0
        rows.append(([first, last, org, title, email, ok],
                     P(first + " " + last, org, title, email, "", consent)))
    # Swedish Excel, "CSV (semikolonavgränsad)": Windows-1252, ';', CRLF, quotes only
    # around cells holding ';' or '"'.
    write_fixture("excel_cp1252.csv", rows, ";", "\r\n", quote_minimal, "cp1252")

    # One name column in "Efternamn, Förnamn" order, as many member registers keep it.
    rows = [(["Namn", "Organisation", "E-post"], None)]
    names = [("Lejdberg, Karin", "Karin Lejdberg"), ("Ahlgren-Nyström, Eva", "Eva Ahlgren-Nyström"),
             ("af Klinteberg, Ulla", "Ulla af Klinteberg"), ("Öberg, Per-Åke", "Per-Åke Öberg"),
             ("von Essen, Ebba", "Ebba von Essen"), ("Mats Wiberg", "Mats Wiberg"),
             ("Nguyen, Thi Lan", "Thi Lan Nguyen"), ("Éclair, Léa", "Léa Éclair")]
    orgs = ["Region Örebro län", "Karlskoga kommun", "LRF Örebro", "Degerfors kommun",
            "Almi Mälardalen", "Lindesbergs kommun", "Örebro universitet", "Bageri Éclair AB"]
    for (raw, name), org in zip(names, orgs):
        mail = name.lower().replace(" ", ".").translate(str.maketrans("åäöéü", "aaoeu")) + "@medlem.example"
        rows.append(([raw, org, mail], P(name, org, "", mail)))
    write_fixture("excel_efternamn_fornamn.csv", rows, ";", "\r\n", quote_minimal, "cp1252",
                  extra=["warn\tEfternamn, Förnamn"])

    # A file saved by an old Mac tool: CR only, UTF-8 without BOM, ';'.
    rows = [(["Namn", "Företag", "Roll", "E-post"], None)]
    mac = [("Sixten Ölund", "Ölunds Snickeri AB", "Snickare", "sixten@olunds.example"),
           ("Agnes Wåhlin", "Wåhlins Blommor", "Florist", "agnes@wahlins.example"),
           ("Noah Ek", "Ekens Café", "Ägare", "noah@ekenscafe.example"),
           ("Li Zhang", "Järnvägsgatans Tandvård", "Tandläkare", "li.zhang@jgtand.example"),
           ("Birgitta Frövik", "Frövi Företagarförening", "Sekreterare",
            "birgitta@frovi-ff.example")]
    for n, o, r, m in mac:
        rows.append(([n, o, r, m], P(n, o, r, m)))
    write_fixture("mac_cr.csv", rows, ";", "\r", quote_minimal, "utf-8")

    # A list typed in Excel: a title row, an empty row, the header on line 3, ten people,
    # an empty row and a totals row; "CSV UTF-8" in Swedish Excel (BOM, ';', padded rows).
    rows = [(["Deltagare frukostmöte Osmo företagarförening 11 mars 2027"], None),
            ([""], None),
            (["Namn", "Företag", "Telefon", "E-post"], None)]
    ppl = [("Gunnel Åhman", "Osmo Bygg & Måleri", "070-123 45 61", "gunnel@osmobygg.example"),
           ("Patrik Strömberg", "Strömbergs El", "070-123 45 62", "patrik@strombergsel.example"),
           ("Leila Nasser", "Salong Leila", "070-123 45 63", "leila@salongleila.example"),
           ("Bo-Göran Kvist", "Kvists Åkeri AB", "070-123 45 64", "bo-goran@kvistsakeri.example"),
           ("Ylva Hjärpe", "Hjärpes Redovisning", "070-123 45 65", "ylva@hjarpe.example"),
           ("Daniel Öst", "Östs Rör", "070-123 45 66", "daniel@ostsror.example"),
           ("Signe Ljung", "Osmo Bibliotekscafé", "070-123 45 67", "signe@osmocafe.example"),
           ("Kent Sjögren", "Sjögrens Trädgård", "070-123 45 68", "kent@sjogrenstradgard.example"),
           ("Emma Vall", "Vall Design", "070-123 45 69", "emma@valldesign.example"),
           ("Torbjörn Ärlig", "Ärligs Bil", "070-123 45 70", "torbjorn@arligsbil.example")]
    for n, o, t, m in ppl:
        rows.append(([n, o, t, m], P(n, o, "", m)))
    rows.append(([""], None))
    rows.append((["Totalt 10"], Skip("totals")))
    write_fixture("title_blank_totals.csv", rows, ";", "\r\n", quote_minimal, "utf-8",
                  bom=b"\xef\xbb\xbf", pad_to=4, extra=["header\t3"])

    # Two lists pasted one under the other, header and all (UTF-8, ',', LF, no BOM).
    header = ["Name", "Organisation", "Role", "Email"]
    rows = [(header, None)]
    first = [("Ingela Borg", "Svenska kyrkan Tierp", "Diakon", "ingela.borg@svenskakyrkan.example"),
             ("Rasmus Åhlén", "Tierps kommun", "Fritidsledare", "rasmus.ahlen@tierp.example"),
             ("Nadia Benali", "Röda Korset Tierp", "Volontärsamordnare", "nadia.benali@rodakorset.example")]
    second = [("Olle Hägg", "Älvkarleby kommun", "Socialsekreterare", "olle.hagg@alvkarleby.example"),
              ("Stina Forsgren", "Hyresgästföreningen", "Ombudsman", "stina.forsgren@hgf.example"),
              ("Kalle Nyman", "Tierps Företagarförening", "Kassör", "kalle.nyman@tff.example")]
    for n, o, r, m in first:
        rows.append(([n, o, r, m], P(n, o, r, m)))
    rows.append((list(header), Skip("header")))
    for n, o, r, m in second:
        rows.append(([n, o, r, m], P(n, o, r, m)))
    write_fixture("repeated_header.csv", rows, ",", "\n", quote_minimal, "utf-8")

    # Two people share the office address (Swedish Excel, CSV UTF-8).
    rows = [(["Förnamn", "Efternamn", "Organisation", "E-post", "Biljettkod"], None)]
    sh = [("Kristina", "Wall", "Osmo företagarförening", "kansli@osmo-foretagare.example", "OSM-001"),
          ("Ahmed", "Yousef", "Osmo företagarförening", "kansli@osmo-foretagare.example", "OSM-002"),
          ("Linda", "Grahn", "Nynäshamns kommun", "linda.grahn@nynashamn.example", "OSM-003"),
          ("Petter", "Ås", "Ås Fastigheter", "info@asfastigheter.example", "OSM-004"),
          ("Maria", "Ås", "Ås Fastigheter", "info@asfastigheter.example", "OSM-005"),
          ("Vera", "Lindholm", "Sorunda Hembygdsförening", "", "OSM-006")]
    for f, l, o, m, t in sh:
        rows.append(([f, l, o, m, t], P(f + " " + l, o, "", m, t)))
    placed = write_fixture("shared_email.csv", rows, ";", "\r\n", quote_minimal, "utf-8",
                           bom=b"\xef\xbb\xbf")
    warn = []
    for addr in ("kansli@osmo-foretagare.example", "info@asfastigheter.example"):
        lines = [str(line) for line, e in placed if isinstance(e, P) and e.email == addr]
        warn.append("warn\t" + addr + "\t" + "\t".join(lines))
    write_expected("shared_email.csv", placed,
                   [write_fixture.last_file] + warn + [col("ticket", "Biljettkod")])


def make_libreoffice_expected():
    """The people of the files make_libreoffice.sh makes from libreoffice_source.csv."""
    import csv
    with open(os.path.join(HERE, "libreoffice_source.csv"), encoding="utf-8", newline="") as f:
        src = list(csv.reader(f))
    placed = []
    for i, (name, org, role, email, ticket, _, ok) in enumerate(src[1:], start=2):
        placed.append((i, P(name, org, role, email, ticket, int(ok == "ja"))))
    write_expected("libreoffice_export.csv", placed, ["file\tUTF-8\tcomma"])
    write_expected("libreoffice.xlsx", placed, ["file\tExcel workbook"])
    write_expected("broken_old.xls", [], ["error\tbroken_old.xls\told Excel\t.xls"])


def main():
    make_libreoffice_expected()
    make_teams()
    make_teams_legacy()
    make_msforms_internal()
    make_msforms_anonymous()
    make_msforms_english()
    make_msforms_checkbox()
    make_gforms()
    make_gforms_checkbox()
    make_eventbrite()
    make_eventbrite_full()
    make_pretix()
    make_excel_lists()
    return 0


if __name__ == "__main__":
    sys.exit(main())
