#!/usr/bin/python3
"""Writes the .xlsx fixtures of tests/test_sheet.c into a directory (default: this one).

openpyxl.xlsx, openpyxl_1904.xlsx  real workbooks written by python3-openpyxl
handmade.xlsx     parts written by hand, for what openpyxl does not write: shared strings
                  with rich text runs, phonetic runs and _xHHHH_ escapes, built-in and
                  custom date formats, formula results, error values, cells and rows with no
                  reference, a hidden first sheet
truncated.xlsx    the first half of openpyxl.xlsx
bomb.xlsx         a sheet that unpacks to 300 MiB (bzip2: a few hundred bytes)
bomb_lying.xlsx   the same, its zip headers claiming the sheet unpacks to 1,000 bytes
ods.ods           an OpenDocument spreadsheet (a zip, but not Excel)
old.xls           the start of an OLE compound file (old binary Excel)
encrypted.xlsx    an OLE file holding an EncryptedPackage stream (a password-locked .xlsx)

Not written here: libreoffice.xlsx, made by LibreOffice 7.4 from libreoffice.fods (a flat
OpenDocument file written by hand: two sheets, dates, a date-time, a time, a 12-digit code)
with `soffice --headless --convert-to xlsx libreoffice.fods`. LibreOffice is not a test
dependency; the file is committed as it wrote it.

Run it again after changing it and commit what it writes: the tests read the committed
files. The ctest sheet_openpyxl runs it with --openpyxl-only into a temporary directory
and runs test_sheet on those, so the reader is also checked against the openpyxl that is
installed. Usage: make_xlsx.py [--openpyxl-only] [DIR]
"""
import datetime
import os
import sys
import zipfile

import openpyxl

args = [a for a in sys.argv[1:] if a != "--openpyxl-only"]
only_openpyxl = len(args) < len(sys.argv) - 1
out = args[0] if args else os.path.dirname(os.path.abspath(__file__))
FIXED = (2027, 1, 1, 0, 0, 0)  # zip entry times, so the files do not change on every run


def path(name):
    return os.path.join(out, name)


def write_zip(name, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path(name), "w", method) as z:
        for part, data in parts:
            info = zipfile.ZipInfo(part, FIXED)
            info.compress_type = method
            z.writestr(info, data)


# --- openpyxl -------------------------------------------------------------------------
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Blad1"
ws.append(["Deltagarlista"])
ws.append([])
ws.append(["Namn", "Organisation", "Biljettkod", "Datum", "Tid", "Antal", "Pris", "Ja"])
ws.append(["Åsa Öberg", "Kommun", 1234567890123456789, datetime.date(2027, 3, 11),
           datetime.datetime(2027, 3, 11, 9, 30), 42, 3.5, True])
ws.append(["Bo", None, "00123", datetime.date(1999, 12, 31), datetime.time(14, 5), -7, 0.1,
           False])
ws["J6"] = "långt bort"
ws["D4"].number_format = "yyyy-mm-dd"
ws["D5"].number_format = "yyyy-mm-dd"
ws["E4"].number_format = "yyyy-mm-dd hh:mm"
ws["E5"].number_format = "hh:mm"
ws2 = wb.create_sheet("Anmälningar")
ws2.append(["Namn"])
ws2.append(["Cecilia"])
wb.create_sheet("Tom")
wb.properties.created = datetime.datetime(2027, 1, 1)
wb.properties.modified = datetime.datetime(2027, 1, 1)
wb.save(path("openpyxl.xlsx"))
wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
wb.save(path("openpyxl_1904.xlsx"))

if only_openpyxl:
    sys.exit(0)

# --- handmade -------------------------------------------------------------------------
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
NSR = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
content_types = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '</Types>')
root_rels = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
workbook = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {NSR}>'
    '<workbookPr date1904="false"/><sheets>'
    '<sheet name="Dold" sheetId="1" state="hidden" r:id="rId7"/>'
    '<sheet name="Lista" sheetId="2" r:id="rId8"/>'
    '</sheets></workbook>')
wb_rels = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/lista.xml"/>'
    '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/dold.xml"/>'
    '</Relationships>')
styles = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {NS}>'
    '<numFmts count="3">'
    '<numFmt numFmtId="164" formatCode="[$-41D]yyyy/mm/dd;@"/>'
    '<numFmt numFmtId="165" formatCode="[h]:mm"/>'
    '<numFmt numFmtId="166" formatCode="&quot;day&quot; 0.00"/>'
    '</numFmts>'
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
    '<cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/>'
    '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="20"/>'
    '</cellXfs>'
    '</styleSheet>')
shared = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="6" uniqueCount="6">'
    '<si><t>Namn</t></si>'
    '<si><t>E-post</t></si>'
    '<si><r><rPr><b/></rPr><t>Anna </t></r><r><t xml:space="preserve">Lejdberg</t></r></si>'
    '<si><t>Kåre</t><rPh sb="0" eb="1"><t>KA-RE</t></rPh></si>'
    '<si><t>rad 1_x000D_rad 2 _x005F_x0041_</t></si>'
    '<si><t/></si>'
    '</sst>')
lista = (
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
    '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>'
    '<row r="3"><c r="A3" t="s"><v>2</v></c><c t="s"><v>5</v></c>'
    '<c r="C3" t="inlineStr"><is><r><t>anna@</t></r><r><t>example.se</t></r></is></c></row>'
    '<row><c r="A4" t="s"><v>3</v></c><c r="B4" s="1"><v>46457</v></c>'
    '<c r="C4" s="2"><v>46457.75</v></c><c r="D4" s="3"><v>61</v></c>'
    '<c r="E4" s="4"><v>1.5</v></c><c r="F4" s="5"><v>2.25</v></c>'
    '<c r="G4" s="6"><v>1.5</v></c></row>'
    '<row r="6"><c r="A6" s="1"/><c r="B6"/></row>'
    '<row r="7"><c r="A7" t="s"><v>4</v></c><c r="B7" t="str"><f>A1&amp;"x"</f><v>Namnx</v></c>'
    '<c r="C7" t="e"><v>#N/A</v></c><c r="D7" t="b"><v>0</v></c>'
    '<c r="E7"><v>1234567890123456789</v></c><c r="F7"><v>1.8446744073709552E+19</v></c>'
    '<c r="G7"><f>1+1</f></c><c r="H7"><v>-0.25</v></c></row>'
    '<row r="1048576"><c r="XX1048576" t="inlineStr"><is><t>sist</t></is></c></row>'
    '</sheetData><mergeCells count="1"><mergeCell ref="A6:B6"/></mergeCells></worksheet>')
dold = (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>hemlig</t></is></c></row>'
        '</sheetData></worksheet>')
write_zip("handmade.xlsx", [
    ("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
    ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels),
    ("xl/styles.xml", styles), ("xl/sharedStrings.xml", shared),
    ("xl/worksheets/lista.xml", lista), ("xl/worksheets/dold.xml", dold)])

# --- broken and foreign ---------------------------------------------------------------
with open(path("openpyxl.xlsx"), "rb") as f:
    data = f.read()
with open(path("truncated.xlsx"), "wb") as f:
    f.write(data[:len(data) // 2])

big = (f'<worksheet {NS}><sheetData>' + " " * (300 << 20) + '</sheetData></worksheet>')
simple_wb = (f'<workbook {NS} {NSR}><sheets><sheet name="B" sheetId="1" r:id="rId1"/>'
             '</sheets></workbook>')
write_zip("bomb.xlsx", [("xl/workbook.xml", simple_wb), ("xl/worksheets/sheet1.xml", big)],
          zipfile.ZIP_BZIP2)
del big

# The same, but both headers of the sheet claim it unpacks to 1,000 bytes.
with open(path("bomb.xlsx"), "rb") as f:
    data = bytearray(f.read())
with zipfile.ZipFile(path("bomb.xlsx")) as z:
    real = z.getinfo("xl/worksheets/sheet1.xml").file_size
for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    at = 0
    while (at := data.find(sig, at)) >= 0:
        if int.from_bytes(data[at + off:at + off + 4], "little") == real:
            data[at + off:at + off + 4] = (1000).to_bytes(4, "little")
        at += 4
with open(path("bomb_lying.xlsx"), "wb") as f:
    f.write(data)

write_zip("ods.ods", [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                      ("content.xml", "<office:document-content/>")], zipfile.ZIP_STORED)

OLE = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
with open(path("old.xls"), "wb") as f:
    f.write(OLE + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 512)
with open(path("encrypted.xlsx"), "wb") as f:
    f.write(OLE + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
            + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512)
