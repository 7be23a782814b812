#!/bin/sh
# checkin.sh: end-to-end check-in with the real program in a real X window.
#
# usage: checkin.sh MINGEL_BINARY WxH OUTDIR
#
# Starts a private Xvfb display of the given size, loads a small meeting with `mingel
# import`, runs `mingel run` fullscreen on it, and taps through a check-in with xdotool
# like a person would: "Checka in", s-o-d-e-r on the on-screen keyboard, the first
# result, "Ja, checka in mig". Where to tap comes from the file the kiosk writes after
# every frame when MINGEL_DEBUG_TARGETS is set ("screen N W H", then one line per target:
# "action arg x y w h"). Screenshots of each step go to OUTDIR as PNG. After SIGTERM the
# kiosk must exit cleanly, and `mingel stats --list` must name the person checked in:
# the check-in is in the database, not just on screen.
#
# Needs Xvfb, xdotool, xdpyinfo (x11-utils) and ImageMagick's import. Every wait is
# bounded (TIMEOUT seconds) and fails with a message saying what did not happen.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"

# ---- The meeting --------------------------------------------------------------------

cat >"$TMP/event.ini" <<'EOF'
[event]
id = drift-e2e
title = Driftchefsnätverket – höstträff
date = 2026-11-26
start = 09:00
venue = Kommunhuset, sal B
theme = Kompetensförsörjning
organiser = Kommunförbundet Västmanland
language = sv
EOF

# As a registration tool exports it: semicolons, a byte-order mark, Swedish headers.
printf '\357\273\277' >"$TMP/attendees.csv"
cat >>"$TMP/attendees.csv" <<'EOF'
Namn;Organisation;Roll;E-post;Biljettkod
Lotta Söderberg;Västerås stad;Driftchef;lotta.soderberg@example.se;E2E-001
Åsa Öhman;Örebro kommun;Fastighetschef;asa.ohman@example.se;E2E-002
Per-Erik Ängström;Mälarenergi AB;Driftansvarig;;E2E-003
Émilie Nordin;Region Västmanland;IT-chef;emilie.nordin@example.se;E2E-004
Jürgen Björk;Köpings kommun;Verksamhetschef;;E2E-005
EOF
PERSON="Lotta Söderberg"

# ---- The display and the kiosk ----------------------------------------------------------

start_display
import_and_start "$TMP/event.ini" "$TMP/attendees.csv"

# The screen sizes the kiosk reports must be the display's: it runs fullscreen.
first=$(head -n 1 "$TARGETS")
[ "$first" = "screen 0 $(echo "$SIZE" | tr x ' ')" ] ||
    fail "expected a fullscreen $SIZE frame, the kiosk says '$first'"
shot welcome

tap start 0
wait_for "the search screen" on_screen 1
for c in s o d e r; do
    tap char "$(printf '%d' "'$c")"
done
wait_for "a search result" has_target pick 0
shot search

tap pick 0
wait_for "the confirm screen" on_screen 2
shot confirm

tap confirm 0
wait_for "the greeting screen" on_screen 3
shot checkin

# Not blank: a rendered screen has many colours (anti-aliased text on a background).
colours=$(convert "$OUTDIR/checkin-$SIZE.png" -format %k info:)
[ "$colours" -gt 20 ] || fail "the greeting screenshot has only $colours colours"

# ---- Shut down and check the database ----------------------------------------------------

stop_kiosk

"$MINGEL" stats --db "$DB" --list >"$TMP/stats.txt" 2>&1 || fail "mingel stats failed: $(cat "$TMP/stats.txt")"
grep -q "$PERSON" "$TMP/stats.txt" ||
    fail "'$PERSON' is not in 'mingel stats --list':
$(cat "$TMP/stats.txt")"

OK=1
echo "e2e $SIZE: PASS ($PERSON checked in; screenshots in $OUTDIR)"
