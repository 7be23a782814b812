#!/bin/bash
# badges.sh MINGEL TMPDIR: `mingel badges`, the badges of a meeting before the doors open.
#
# The event file's [badge] section and its logo go into the database with the import;
# `mingel badges --out DIR` then writes one PDF per expected attendee, in Swedish surname
# order as a reception table lays them out (Å, Ä, Ö after Z), each saying the person's
# name and organisation as the printer will; --name makes the badges a search finds (a
# reprint). A meeting without [badge], or no --out/--print, is a clear error.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"

MINGEL=$1
TMP=$2

fresh_dir "$TMP"
cp "$MINGEL_TEST_DATA/../../docs/examples/deltagare.csv" "$TMP/list.csv"
convert -size 240x80 xc:'#1f4e79' "$TMP/logo.png"
cat >"$TMP/event.ini" <<'INI'
[event]
title = Driftchefsnätverket – vårträff
date  = 2027-03-18

[badge]
printer = QL-820NWB
label   = 62x100
fields  = organisation, event
logo    = logo.png
INI

out=$("$MINGEL" import --db "$TMP/m.db" "$TMP/event.ini" "$TMP/list.csv")
grep -q '^Badges: QL-820NWB on 62x100 labels (landscape), name, organisation, event, logo ' \
    <<<"$out" || fail "the import does not say what badges the meeting prints: $out"

"$MINGEL" badges --db "$TMP/m.db" --out "$TMP/all" >"$TMP/all.out"
n=$(ls "$TMP/all" | wc -l)
[ "$n" -eq 12 ] || fail "12 attendees, $n badges"
grep -q '^12 badges written to ' "$TMP/all.out" || fail "no total: $(cat "$TMP/all.out")"

# Swedish surname order: Backström first, Åkerlund, Ångsmark, Öhman, Östergren last.
order=$(ls "$TMP/all" | sed 's/^[0-9]*-//; s/\.pdf$//' | tr '\n' ' ')
[ "$order" = "sofia-backstrom hakan-frojd jorgen-hagg asa-lindstrom elise-ljungqvist \
lena-nystrom marta-sjoberg per-ake-soderqvist bjorn-akerlund ingrid-angsmark goran-ohman \
kjell-ostergren " ] || fail "not in Swedish surname order: $order"

# Each badge says what the printer will print: the name, the organisation, the meeting.
text=$(pdftotext -raw "$TMP/all/012-kjell-ostergren.pdf" - | tr '\n' ' ')
for want in "Kjell Östergren" "vårträff"; do
    grep -q "$want" <<<"$text" || fail "the badge lacks '$want': $text"
done
pdfimages -list "$TMP/all/001-sofia-backstrom.pdf" | grep -q ' 240 *80 ' ||
    fail "the logo is not on the badge"

# A reprint: the badges a search finds.
"$MINGEL" badges --db "$TMP/m.db" --out "$TMP/one" --name "östergren" >/dev/null
[ "$(ls "$TMP/one")" = "001-kjell-ostergren.pdf" ] || fail "--name: $(ls "$TMP/one")"

# Errors: nobody found; neither --out nor --print; a meeting without [badge].
if "$MINGEL" badges --db "$TMP/m.db" --out "$TMP/none" --name "zzz" 2>"$TMP/err"; then
    fail "a search that finds nobody succeeded"
fi
grep -q 'nobody to make a badge for matching zzz' "$TMP/err" || fail "$(cat "$TMP/err")"
set +e
"$MINGEL" badges --db "$TMP/m.db" 2>"$TMP/err"
[ $? -eq 64 ] || fail "no --out/--print should be a usage error (64)"
set -e
printf '[event]\ntitle = Utan brickor\ndate = 2027-03-19\n' >"$TMP/plain.ini"
"$MINGEL" import --db "$TMP/m.db" "$TMP/plain.ini" >/dev/null
set +e
"$MINGEL" badges --db "$TMP/m.db" --out "$TMP/x" 2>"$TMP/err"
rc=$?
set -e
[ $rc -eq 65 ] || fail "a meeting without [badge]: exit $rc"
grep -q 'has no \[badge\] section' "$TMP/err" || fail "$(cat "$TMP/err")"
echo "badges: ok"
