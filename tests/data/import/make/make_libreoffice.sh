#!/bin/sh
# Makes the LibreOffice fixtures of tests/data/import/ with LibreOffice Calc itself
# (libreoffice-calc-nogui; used only to make them, not by the tests):
#   libreoffice.xlsx         libreoffice_source.csv opened in Calc, saved as .xlsx
#   libreoffice_export.csv   that workbook saved as "Text CSV" with the export dialog's
#                            defaults: UTF-8, ',', '"' where needed, LF (on Linux)
#   broken_old.xls           the same workbook saved as "Excel 97-2003" (.xls, binary)
# The people they must give are written by make_fixtures.py's twin below (expected).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$(dirname "$here")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
profile="-env:UserInstallation=file://$work/profile"
cp "$here/libreoffice_source.csv" "$work/libreoffice.csv"
# Import: ',' separated, '"' quoted, UTF-8 (76), from line 1; columns detected.
soffice "$profile" --headless --infilter="CSV:44,34,76,1" --convert-to xlsx \
    --outdir "$work" "$work/libreoffice.csv" >/dev/null
cp "$work/libreoffice.xlsx" "$out/libreoffice.xlsx"
mkdir "$work/csv" "$work/xls"
soffice "$profile" --headless --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1" \
    --outdir "$work/csv" "$work/libreoffice.xlsx" >/dev/null
cp "$work/csv/libreoffice.csv" "$out/libreoffice_export.csv"
soffice "$profile" --headless --convert-to "xls:MS Excel 97" \
    --outdir "$work/xls" "$work/libreoffice.xlsx" >/dev/null
cp "$work/xls/libreoffice.xls" "$out/broken_old.xls"
