#!/bin/bash
# report_render.sh: the organiser's exports end to end, the HTML report in a real browser.
#
# usage: report_render.sh MINGEL_BINARY TEST_EXPORT_BINARY OUTDIR
#
# Builds a realistic meeting (test_export --make-report-db: 120 people, check-ins over an
# hour, the first six before the clock was confirmed, four questions, reflections), then
# drives `mingel export` as an organiser would: wrong command lines must exit 64, an
# output that cannot be created 73; CSV of every table lands in a directory under the
# standard names; the report with the reflections, which warns about the six check-ins, is
# written into OUTDIR under the name that says it has them.
# The report must reference nothing outside itself: its only url( is its own font, a
# subset of Noto Sans in two data: URLs. Headless Chromium then renders it
# (OUTDIR/report.png, 1200x1800) and prints it once for each font setup a viewer may
# have: a fontconfig that knows only DejaVu (the fallback of a fresh Debian, wider than
# Noto Sans) and one that knows only Liberation (Arial's metrics), neither with any Noto.
# The screenshot must show the report (its colours, not a blank or an error page); each
# print (OUTDIR/report-dejavu.pdf, report-liberation.pdf) must be one A4 page set in the
# embedded font alone (pdffonts: subsets of NotoSans-Regular and -Bold, nothing else). A
# copy of the report without its font, printed under DejaVu (report-fallback.pdf), must
# still be one page: the layout leaves room for a fallback font.
#
# Needs chromium (Debian package chromium), ImageMagick (imagemagick), pdfinfo and
# pdffonts (poppler-utils) and the fonts of fonts-dejavu-core and fonts-liberation2. A
# missing tool or font fails the test with the package to install: it never skips.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"
args 3 "MINGEL_BINARY TEST_EXPORT_BINARY OUTDIR" "$@"
MINGEL=$1
MAKER=$2
OUTDIR=$3

command -v chromium >/dev/null 2>&1 ||
    fail "chromium is not installed: apt-get install chromium (Debian package chromium)"
for tool in identify convert; do
    command -v "$tool" >/dev/null 2>&1 ||
        fail "$tool is not installed: apt-get install imagemagick"
done
for tool in pdfinfo pdffonts; do
    command -v "$tool" >/dev/null 2>&1 ||
        fail "$tool is not installed: apt-get install poppler-utils"
done
DEJAVU_DIR=/usr/share/fonts/truetype/dejavu
LIBERATION_DIR=/usr/share/fonts/truetype/liberation2
[ -f "$DEJAVU_DIR/DejaVuSans.ttf" ] ||
    fail "no $DEJAVU_DIR/DejaVuSans.ttf: apt-get install fonts-dejavu-core"
[ -f "$LIBERATION_DIR/LiberationSans-Regular.ttf" ] ||
    fail "no $LIBERATION_DIR/LiberationSans-Regular.ttf: apt-get install fonts-liberation2"
[ -x "$MINGEL" ] || fail "$MINGEL is not an executable"
[ -x "$MAKER" ] || fail "$MAKER is not an executable"

mkdir -p "$OUTDIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mingel-report.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP

# Swedish time without tzdata, so the chart's clock labels are the same everywhere.
TZ="CET-1CEST,M3.5.0,M10.5.0/3"
export TZ
DB=$TMP/report.db
"$MAKER" --make-report-db "$DB" || fail "could not build the meeting"

# Runs a command that must exit with status $1.
expect_status() {
    want=$1
    shift
    set +e
    "$@" >"$TMP/out.log" 2>&1
    got=$?
    set -e
    [ "$got" -eq "$want" ] || {
        cat "$TMP/out.log" >&2
        fail "expected exit $want, got $got: $*"
    }
}

expect_status 64 "$MINGEL" export --db "$DB" --format csv
expect_status 64 "$MINGEL" export --db "$DB" --format xml --out "$TMP/x"
expect_status 64 "$MINGEL" export --db "$DB" --format csv --table reflections --out "$TMP/r.csv"
expect_status 64 "$MINGEL" export --db "$DB" --format html --table ratings --out "$TMP/x.html"
expect_status 64 "$MINGEL" export --db "$DB" --format html --min-group 0 --out "$TMP/x.html"
expect_status 73 "$MINGEL" export --db "$DB" --format json --out "$TMP/no/such/dir/x.json"
grep -q "no/such/dir" "$TMP/out.log" || fail "the error does not name the path"

# CSV of every table: a directory with one file per table, no free text, no emails.
"$MINGEL" export --db "$DB" --format csv --out "$TMP/csv" >"$TMP/csv.log" ||
    fail "csv export failed: $(cat "$TMP/csv.log")"
for table in checkins attendees ratings participants; do
    [ -s "$TMP/csv/demo-2026-11-26-2026-11-26-$table.csv" ] || fail "no $table.csv"
done
[ "$(ls -A "$TMP/csv" | wc -l)" -eq 4 ] || fail "unexpected files in the csv directory: $(ls -A "$TMP/csv")"
if grep -q "mentorskap" "$TMP"/csv/*.csv; then
    fail "free text in a CSV export without --with-text"
fi

# The report, into an existing directory: the standard file name, which says that this
# report has the reflections' free text (the admin screen's, without it, is ...-report.html).
rm -f "$OUTDIR"/demo-2026-11-26-2026-11-26-report*.html
"$MINGEL" export --db "$DB" --format html --with-text --out "$OUTDIR" >"$TMP/html.log" ||
    fail "html export failed: $(cat "$TMP/html.log")"
REPORT=$OUTDIR/demo-2026-11-26-2026-11-26-report-with-text.html
[ ! -e "$OUTDIR/demo-2026-11-26-2026-11-26-report.html" ] ||
    fail "the report with text took the name of the one without"
[ -s "$REPORT" ] || fail "no report at $REPORT"
for banned in "http://" "https://" "@import" "<script" "<link" "<img" "<iframe"; do
    if grep -qiF -- "$banned" "$REPORT"; then
        fail "the report contains '$banned': it must be self-contained"
    fi
done
urls=$(grep -oi 'url([^,)]*' "$REPORT" | sort | uniq -c | sed 's/^ *//')
[ "$urls" = "2 url(data:font/ttf;base64" ] ||
    fail "the report's only url( must be its two font faces, found: $urls"
grep -qF "Färre än 5 svar – visas inte" "$REPORT" || fail "the small question is shown"
grep -qF "mentorskap" "$REPORT" || fail "the reflections are missing (--with-text)"
grep -qF '<span class="lbl">Varav utan anmälan</span>' "$REPORT" ||
    fail "the report does not call walk-ins what the admin screen does (Utan anmälan)"
grep -qF '<p class="clock" role="note">Obs! 6 poster' "$REPORT" ||
    fail "the report does not warn about the six check-ins made with an untrusted clock"

# A fontconfig setup that knows the fonts of one directory and nothing else (no system or
# user configuration, a cache of its own).
fonts_conf() { # NAME DIR
    mkdir -p "$TMP/fc-$1/cache"
    cat >"$TMP/fc-$1/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>$2</dir>
  <cachedir>$TMP/fc-$1/cache</cachedir>
</fontconfig>
EOF
}
fonts_conf dejavu "$DEJAVU_DIR"
fonts_conf liberation "$LIBERATION_DIR"

# Renders FILE under the font setup SETUP. No network is needed or wanted: every
# background service is off.
render() { # SETUP FILE CHROMIUM_ARGS...
    setup=$1
    file=$2
    shift 2
    FONTCONFIG_FILE=$TMP/fc-$setup/fonts.conf timeout 120 chromium --headless --no-sandbox \
        --disable-gpu --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$TMP/chr-$setup" "$@" \
        "file://$file" >>"$TMP/chromium.log" 2>&1 ||
        {
            tail -20 "$TMP/chromium.log" >&2
            fail "chromium failed ($setup: $*)"
        }
}

# One A4 page.
check_pdf() { # PDF WHAT
    [ -s "$1" ] || fail "$2: no PDF at $1"
    pages=$(pdfinfo "$1" | awk '/^Pages:/ {print $2}')
    [ "$pages" = 1 ] || fail "$2: the report prints on $pages pages, not one"
    grep -aq "MediaBox \[0 0 59[45]" "$1" || fail "$2: the report does not print on A4"
}

# Set in the embedded font and nothing else: subsets of Noto Sans, whatever the setup has.
check_fonts() { # PDF WHAT
    pdffonts "$1" >"$TMP/fonts.txt" || fail "$2: pdffonts cannot read $1"
    fonts=$(tail -n +3 "$TMP/fonts.txt" | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u |
        tr '\n' ' ')
    [ "$fonts" = "NotoSans-Bold NotoSans-Regular " ] ||
        fail "$2: the print uses the fonts '$fonts', not the embedded Noto Sans alone"
}

PNG=$OUTDIR/report.png
rm -f "$PNG" "$OUTDIR"/report*.pdf
render dejavu "$REPORT" --screenshot="$PNG" --window-size=1200,1800
[ -s "$PNG" ] || fail "no screenshot at $PNG"
set -- $(identify -format '%w %h %k' "$PNG")
[ "$1" -eq 1200 ] && [ "$2" -eq 1800 ] || fail "screenshot is $1x$2, not 1200x1800"
[ "$3" -gt 200 ] || fail "screenshot has only $3 colours: blank or an error page"
# The report's blue (headings, the check-in bars) must be there in quantity.
blue=$(convert "$PNG" -format %c histogram:info:- | awk '/#1F5F8B/ {sub(":", "", $1); print $1}')
[ "${blue:-0}" -gt 5000 ] || fail "the report's colours are missing from the screenshot"

for setup in dejavu liberation; do
    render $setup "$REPORT" --no-pdf-header-footer --print-to-pdf="$OUTDIR/report-$setup.pdf"
    check_pdf "$OUTDIR/report-$setup.pdf" "$setup"
    check_fonts "$OUTDIR/report-$setup.pdf" "$setup"
done

# The same report without its font, under DejaVu: the room the layout leaves for a
# fallback font.
BARE=$TMP/report-without-font.html
sed 's/@font-face{[^}]*}//g' "$REPORT" >"$BARE"
! grep -q "@font-face" "$BARE" || fail "could not take the font out of the report"
render dejavu "$BARE" --no-pdf-header-footer --print-to-pdf="$OUTDIR/report-fallback.pdf"
check_pdf "$OUTDIR/report-fallback.pdf" "without its font, in DejaVu Sans"
pdffonts "$OUTDIR/report-fallback.pdf" | grep -q "DejaVuSans" ||
    fail "the report without its font was not set in DejaVu Sans"

echo "report_render: ok: $REPORT, $PNG, $OUTDIR/report-dejavu.pdf, $OUTDIR/report-liberation.pdf"
