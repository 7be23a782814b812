#!/bin/bash
# import_check.sh MINGEL TMPDIR: `mingel import --check`, --column and --sheet.
#
# The dry run must say what the import would do (the file, each field's column and why,
# the first rows, every skipped row, every warning) and store nothing: the database it is
# pointed at stays byte for byte what it was. The real import prints the same mapping.
# --column overrides what was detected; --sheet picks the workbook's sheet.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"

MINGEL=$1
TMP=$2
EVENT=$MINGEL_TEST_DATA/event_good.ini
LISTS=$MINGEL_TEST_DATA/import

fresh_dir "$TMP"

# 1. A Teams report (UTF-16, tab, sections): the dry run explains itself.
"$MINGEL" import --check --db "$TMP/never.db" "$EVENT" "$LISTS/teams_current.csv" >"$TMP/teams.out" 2>"$TMP/teams.err" ||
    fail "teams: --check failed: $(cat "$TMP/teams.err")"
has_line "$TMP/teams.out" 'UTF-16LE text with BOM, tab-separated (converted to UTF-8)'
has_line "$TMP/teams.out" 'Header row: line 10 (7 columns)'
has_line "$TMP/teams.out" '  name          column 1 "Name": a known name header'
has_line "$TMP/teams.out" '  role          none: column 7 "Role" is not used: it holds Teams meeting roles'
has_line "$TMP/teams.out" '  line 1: above the header row: "1. Summary"'
has_line "$TMP/teams.out" '  lines 20-30: section "3. In-Meeting Activities": not the participant list'
has_line "$TMP/teams.out" '  line 11: Karin Lejdberg | e-mail: karin.lejdberg@regionorebro.example'
has_line "$TMP/teams.out" 'Check only: 8 attendees would be imported; nothing was stored'
[ ! -e "$TMP/never.db" ] || fail "a database appeared"

# 2. Nothing stored: a database holding a meeting stays byte-identical under --check.
"$MINGEL" import --db "$TMP/kept.db" "$EVENT" "$LISTS/gforms_sv.csv" >"$TMP/first.out" ||
    fail "first import failed"
sum_before=$(cat "$TMP"/kept.db* | sha256sum)
ls_before=$(ls "$TMP" | grep kept)
"$MINGEL" import --check --db "$TMP/kept.db" "$EVENT" "$LISTS/msforms_anonymous.xlsx" \
    >"$TMP/forms.out" 2>"$TMP/forms.err" || fail "forms: --check failed: $(cat "$TMP/forms.err")"
[ "$(cat "$TMP"/kept.db* | sha256sum)" = "$sum_before" ] || fail "--check changed the database"
[ "$(ls "$TMP" | grep kept)" = "$ls_before" ] || fail "--check made files beside the database"
has_line "$TMP/forms.out" 'column 4 "E-post" is not used: its values are "anonymous"'
has_line "$TMP/forms.out" 'column 7 "Namn (för- och efternamn)"'
has_line "$TMP/forms.out" 'column 5 "Namn" is empty'
if grep -q -i -E "row has no name|already used" "$TMP/forms.out" "$TMP/forms.err"; then
    fail "forms: the old refusals: $(cat "$TMP/forms.out" "$TMP/forms.err")"
fi

# 3. The real import prints the same mapping as the dry run.
"$MINGEL" import --db "$TMP/forms.db" "$EVENT" "$LISTS/msforms_anonymous.xlsx" \
    >"$TMP/forms-real.out" || fail "forms: import failed"
sed -n '/^File: /,/^  status/p' "$TMP/forms.out" >"$TMP/map-check"
sed -n '/^File: /,/^  status/p' "$TMP/forms-real.out" >"$TMP/map-real"
[ -s "$TMP/map-check" ] || fail "no mapping printed"
cmp -s "$TMP/map-check" "$TMP/map-real" ||
    fail "mapping differs: $(diff "$TMP/map-check" "$TMP/map-real")"
has_line "$TMP/forms-real.out" 'Attendees: 6 in'

# 4. --column overrides the detection, and says so; FIELD= takes none.
printf 'Namn;Företag;Förvaltning;E-post\nAnna Berg;Ekbacka AB;Miljö;anna@ekbacka.example\n' \
    >"$TMP/two-orgs.csv"
"$MINGEL" import --check --column organisation=Förvaltning --column email= "$EVENT" \
    "$TMP/two-orgs.csv" >"$TMP/column.out" || fail "--column failed"
has_line "$TMP/column.out" '  organisation  column 3 "Förvaltning": chosen with --column organisation=Förvaltning'
has_line "$TMP/column.out" '  e-mail        none: none, as --column email= asks'
has_line "$TMP/column.out" '  line 2: Anna Berg | organisation: Miljö | consent: no'
"$MINGEL" import --check --column organisation=2 "$EVENT" "$TMP/two-orgs.csv" >"$TMP/num.out" ||
    fail "--column by number failed"
has_line "$TMP/num.out" 'organisation: Ekbacka AB'
set +e
"$MINGEL" import --check --column colour=Färg "$EVENT" "$TMP/two-orgs.csv" >/dev/null 2>"$TMP/bad-field.err"
rc=$?
"$MINGEL" import --check --column organisation=Avdelning "$EVENT" "$TMP/two-orgs.csv" \
    >/dev/null 2>"$TMP/bad-header.err"
rc2=$?
set -e
[ "$rc" -eq 64 ] || fail "--column colour=: exit $rc, expected 64"
has_line "$TMP/bad-field.err" 'FIELD is one of name, first, last, organisation'
[ "$rc2" -eq 65 ] || fail "--column with an unknown header: exit $rc2, expected 65"
has_line "$TMP/bad-header.err" 'two-orgs.csv:1: --column organisation=Avdelning: the header row has no such column'

# 5. --sheet picks the sheet of a workbook; a missing one is named with those that exist.
"$MINGEL" import --check --sheet "Order positions" "$EVENT" "$LISTS/pretix_orders.xlsx" \
    >"$TMP/sheet.out" || fail "--sheet failed"
has_line "$TMP/sheet.out" 'sheet "Order positions"'
has_line "$TMP/sheet.out" '  ticket code   column'
has_line "$TMP/sheet.out" 'Check only: 6 attendees would be imported'
set +e
"$MINGEL" import --check --sheet "Deltagare" "$EVENT" "$LISTS/pretix_orders.xlsx" \
    >/dev/null 2>"$TMP/nosheet.err"
rc=$?
set -e
[ "$rc" -eq 65 ] || fail "--sheet Deltagare: exit $rc, expected 65"
has_line "$TMP/nosheet.err" 'pretix_orders.xlsx'
has_line "$TMP/nosheet.err" 'Order positions'

echo "import check: ok"
