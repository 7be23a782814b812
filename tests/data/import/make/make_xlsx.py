#!/usr/bin/python3
"""Writes the .xlsx fixtures of tests/data/import/ with python3-openpyxl, and their .expected.

- msforms_internal.xlsx, msforms_anonymous.xlsx: the workbook Microsoft Forms downloads
  ("Öppna i Excel" / "Ladda ned en kopia"): one sheet, the columns ID, Starttid, Sluttid,
  E-post, Namn, Tid för senaste ändring, then one column per question; ID a number, the
  times date-time cells. The same people as the CSV fixtures.
- openpyxl_list.xlsx: a list a script wrote: a 12-digit ticket code stored as a number
  (must come back in full, not 1.23457E+11), a ticket code stored as text with leading
  zeros, a registration date cell, consent as booleans (TRUE/FALSE), and a second sheet.
- broken_wrong_sheet.xlsx: sheets "Anmälningar" and "Instruktioner"; the test asks for
  "Deltagare", which does not exist.
- broken_truncated.xlsx: openpyxl_list.xlsx cut in half (a download that broke off).

Run with Debian's python3 (/usr/bin/python3, package python3-openpyxl). openpyxl stamps
the time into docProps/core.xml; it is fixed below so the bytes do not change on a rerun
(apart from the zip's own timestamps).
"""
import datetime
import os
import sys

import openpyxl

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402

OUT = mf.OUT
FIXED = datetime.datetime(2027, 3, 1, 12, 0, 0)


def save(wb, name):
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "Microsoft Forms" if name.startswith("msforms") else "mingel tests"
    wb.save(os.path.join(OUT, name))


def expected(name, people, extra=()):
    lines = [mf.EXPECTED_HEADER]
    for row, p in people:
        lines.append("\t".join([p.name, p.org, p.role, p.email, p.ticket, str(p.consent),
                                str(row)]))
    if not name.startswith("broken_"):
        lines.append("file\tExcel workbook")
    lines.extend(extra)
    stem = os.path.splitext(name)[0]
    with open(os.path.join(OUT, stem + ".expected"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def dt(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S")


def forms_sheet(wb, header):
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(header)
    return ws


def forms_workbook(name, questions, rows, cells, columns):
    """A Microsoft Forms response workbook: the fixed columns, then the questions; cells(row)
    gives a row's cells and the person it stands for. Start and end times as Forms formats
    them."""
    wb = openpyxl.Workbook()
    ws = forms_sheet(wb, ["ID", "Starttid", "Sluttid", "E-post", "Namn",
                          "Tid för senaste ändring"] + questions)
    people = []
    for row in rows:
        values, person = cells(row)
        ws.append(values)
        people.append((ws.max_row, person))
    for line in ws.iter_rows(min_row=2, min_col=2, max_col=3):
        for c in line:
            c.number_format = "m/d/yy h:mm:ss"
    save(wb, name)
    expected(name, people, columns)


def make_forms():
    def internal(row):
        i, st, en, email, name, org, role, ok, food = row
        return ([i, dt(st), dt(en), email, name, None, org, role, ok or None, food or None],
                mf.P(name, org, role, email, "", int(ok == "Ja")))

    def anonymous(row):
        i, st, en, name, org, email, role, ok = row
        return ([i, dt(st), dt(en), "anonymous", None, None, name, org, email or None,
                 role or None, ok],
                mf.P(name, org, role, email, "", int(ok == "Ja")))

    forms_workbook("msforms_internal.xlsx", mf.FORMS_Q_INTERNAL, mf.FORMS_INTERNAL, internal,
                   mf.FORMS_INTERNAL_COLUMNS)
    forms_workbook("msforms_anonymous.xlsx", mf.FORMS_Q_ANON, mf.FORMS_ANON, anonymous,
                   mf.FORMS_ANON_COLUMNS)


LIST = [
    # name, org, role, email, ticket (int = a number cell), registered, consent
    ("Hedvig Strand", "Norrtälje kommun", "Turistchef", "hedvig.strand@norrtalje.example",
     123456789012, "2027-01-10", True),
    ("Arvid Lagerkvist", "Roslagens Sparbank", "Företagsrådgivare",
     "arvid.lagerkvist@roslagen.example", "00123", "2027-01-11", False),
    ("Kaisa Mäkinen", "Sverigefinska föreningen i Norrtälje", "Sekreterare",
     "kaisa.makinen@sfr.example", "NT-2027-0457", "2027-01-12", True),
    ("Olof von Knorring", "Rådmansö Gård", "Lantbrukare", "olof@radmansogard.example",
     987654321098, "2027-01-15", True),
    ("Jenny Öhman", "Norrtälje Hamn AB", "Hamnkapten", "jenny.ohman@norrtaljehamn.example",
     "2027-03-11", "2027-01-20", False),
]


def make_list():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Deltagare"
    ws.append(["Namn", "Organisation", "Befattning", "E-post", "Biljettkod", "Anmäld",
               "Samtycke deltagarlista"])
    people = []
    for name, org, role, email, ticket, reg, ok in LIST:
        ws.append([name, org, role, email, ticket,
                   datetime.datetime.strptime(reg, "%Y-%m-%d").date(), ok])
        r = ws.max_row
        ws.cell(row=r, column=6).number_format = "yyyy-mm-dd"
        if isinstance(ticket, str):
            ws.cell(row=r, column=5).number_format = "@"
        people.append((r, mf.P(name, org, role, email, str(ticket), int(ok))))
    info = wb.create_sheet("Instruktioner")
    info.append(["Fyll i en rad per deltagare. Biljettkoden står på biljetten."])
    save(wb, "openpyxl_list.xlsx")
    expected("openpyxl_list.xlsx", people, [mf.col("ticket", "Biljettkod")])

    with open(os.path.join(OUT, "openpyxl_list.xlsx"), "rb") as f:
        data = f.read()
    with open(os.path.join(OUT, "broken_truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])
    expected("broken_truncated.xlsx", [], ["error\tbroken_truncated.xlsx\tdamaged"])

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Anmälningar"
    ws.append(["Namn", "Organisation", "E-post"])
    ws.append(["Hedvig Strand", "Norrtälje kommun", "hedvig.strand@norrtalje.example"])
    wb.create_sheet("Instruktioner").append(["Fyll i en rad per deltagare."])
    save(wb, "broken_wrong_sheet.xlsx")
    expected("broken_wrong_sheet.xlsx", [],
             ["sheet\tDeltagare", "error\tbroken_wrong_sheet.xlsx\tDeltagare\tAnmälningar\t"
              "Instruktioner"])


def make_pretix():
    """pretix's "Order data" export as "Combined Excel (.xlsx)": openpyxl in write-only
    mode, one sheet per part in the order Orders, Order positions, Order fees; numbers
    (Decimal prices, integer position ids) as number cells, everything else as text. The
    attendees are on the second sheet: read with --sheet "Order positions". (The first
    sheet holds one row per order with the buyer's invoice name: not the people.)"""
    from decimal import Decimal
    wb = openpyxl.Workbook(write_only=True)
    orders = wb.create_sheet("Orders")
    orders.append(["Event slug", "Order code", "Order total", "Status", "Email", "Phone number",
                   "Order date", "Order time", "Company", "Name", "Given name", "Family name",
                   "Address", "ZIP code", "City", "Country", "State", "VAT ID",
                   "Date of last payment", "Fees", "Order locale", "Invoice numbers",
                   "Sales channel", "Requires special attention", "Comment", "Follow-up date",
                   "Positions", "E-mail address verified", "Payment providers"])
    for (code, status, email, date, time, locale, verified, providers, icomp, (ig, ifam),
         positions) in mf.PX_ORDERS:
        total = sum(Decimal(p[2]) for p in positions if not p[11])
        orders.append(["natverk-2027", code, total, status, email, "", date, time, icomp,
                       (ig + " " + ifam).strip(), ig, ifam, "", "", "", "SE" if icomp else "",
                       "", "", date if status == "paid" and total else "", Decimal("0.00"),
                       locale, "", "web", "No", "", "", len(positions), verified, providers])
    sheet = wb.create_sheet("Order positions")
    people = []
    for r, (cells, e) in enumerate(mf.pretix_position_rows(), start=1):
        row = []
        for i, c in enumerate(cells):
            if r > 1 and i in (10, 11, 13) and c != "":
                c = Decimal(c)
            row.append(c)
        sheet.append(row)
        if isinstance(e, mf.P):
            people.append((r, e))
    fees = wb.create_sheet("Order fees")
    fees.append(["Event slug", "Order code", "Status", "Email", "Order date", "Fee type",
                 "Description", "Price", "Tax rate", "Tax rule", "Tax value"])
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "pretix"
    wb.save(os.path.join(OUT, "pretix_orders.xlsx"))
    skips = []
    for r, (cells, e) in enumerate(mf.pretix_position_rows(), start=1):
        if isinstance(e, mf.Skip):
            skips.append("skip\t%d\t%s" % (r, e.reason))
    shared = [str(r) for r, p in people if p.email == "inkop@kumla-energi.example"]
    # Read as it comes, without --sheet: the first sheet, "Orders", one row per order. Its
    # names are the buyers' invoice names (empty where no invoice address was asked), so
    # these are not the attendees; what matters is the warning that names the other
    # sheets, so the organiser sees where the list is (judgement 19). Order code is not
    # a ticket code (judgement 9).
    first = [(3, mf.P("Kerstin Dahl", "Kumla Energi AB", "", "inkop@kumla-energi.example")),
             (4, mf.P("Anders Gyllensvärd", "Hallsbergs kommun", "",
                      "anders.gyllensvard@hallsberg.example"))]
    expected("pretix_orders-first_sheet.xlsx", first,
             ["skip\t2\tnoname", "skip\t5\tcancelled", "skip\t6\tnoname",
              "warn\tOrder positions\tOrder fees", mf.col("name", "Name"), mf.col("ticket")])
    expected("pretix_orders.xlsx", people,
             skips + ["sheet\tOrder positions",
                      "warn\tinkop@kumla-energi.example\t" + "\t".join(shared)]
             + mf.PX_COLUMNS)


def main():
    make_pretix()
    make_forms()
    make_list()
    return 0


if __name__ == "__main__":
    sys.exit(main())
