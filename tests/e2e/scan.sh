#!/bin/sh
# scan.sh: a barcode scanner and a double tap, end to end in a real X window.
#
# usage: scan.sh MINGEL_BINARY WxH OUTDIR
#
# The example meeting (docs/examples). Göran searches, leaves "Är det du?" open for
# himself and walks off; Märta scans her ticket with a USB scanner: xdotool types the code
# and Enter 10 ms a key, as a scanner does. Märta must be greeted and checked in, Göran
# not. Then someone double-taps a smiley (two clicks 80 ms apart): one answer must be
# stored, for the first question only. The database says so after the kiosk has exited;
# screenshots of each step go to OUTDIR.
#
# Needs Xvfb, xdotool, xdpyinfo (x11-utils), ImageMagick's import and sqlite3.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is not installed"

EXAMPLES=$HERE/../../docs/examples
start_display
import_and_start "$EXAMPLES/event.ini" "$EXAMPLES/deltagare.csv"

# ---- Göran leaves "Är det du?" open --------------------------------------------------------
tap start 0
wait_for "the search screen" on_screen 1
for c in g o r a n; do
    tap char "$(printf '%d' "'$c")"
done
wait_for "Göran among the results" has_target pick 0
tap pick 0
wait_for "the confirm screen" on_screen 2
shot scan-confirm-for-goran
sleep 1

# ---- Märta scans her ticket: 10 ms a key, then Enter ----------------------------------------
# One xdotool command for the code and its Enter, as a scanner sends them (`type` cannot
# be followed by a key in the same command, and a second command would start late).
xdotool key --delay 10 V T 2 7 minus 0 0 3 Return
wait_for "the greeting" on_screen 3
shot scan-greeting-for-marta

q() { sqlite3 -readonly "$DB" "$1"; }

# ---- A double tap on a smiley ---------------------------------------------------------------
tap done 0
wait_for "the welcome screen" on_screen 0
tap feedback 0
wait_for "the first question" on_screen 7
wait_for "the smileys" has_target rate 4
sleep 0.6
# shellcheck disable=SC2046 # "action arg x y w h" into fields
set -- $(grep "^rate 4 " "$TARGETS" | head -n 1)
xdotool mousemove $(($3 + $5 / 2)) $(($4 + $6 / 2)) click --repeat 2 --delay 80 1
sleep 0.1
shot scan-smiley-taken
sleep 1
shot scan-after-double-tap
on_screen 7 || fail "one smiley tap should lead to question 2 (screen 7), not $(head -n 1 "$TARGETS")"

stop_kiosk

# ---- The database ------------------------------------------------------------------------
"$MINGEL" stats --db "$DB" --list >"$TMP/stats.txt" 2>&1 || fail "mingel stats failed: $(cat "$TMP/stats.txt")"
grep -q "Märta Sjöberg" "$TMP/stats.txt" || fail "Märta is not checked in:
$(cat "$TMP/stats.txt")"
if grep -q "Göran Öhman" "$TMP/stats.txt"; then
    fail "Göran was checked in by Märta's scan:
$(cat "$TMP/stats.txt")"
fi
ratings=$(q "SELECT count(*) FROM rating") || fail "cannot count the ratings"
[ "$ratings" = 1 ] || fail "a double tap on a smiley stored $ratings ratings: $(q 'SELECT question, value FROM rating')"
first=$(q "SELECT question || '=' || value FROM rating")
[ "$first" = "0=4" ] || fail "the one rating is $first, expected question 0 = 4"

OK=1
echo "e2e $SIZE: PASS (Märta's scan checked in Märta, not Göran; a double tap stored one answer)"
