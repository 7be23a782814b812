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

usage() {
    echo "usage: $0 MINGEL_BINARY WxH OUTDIR" >&2
    exit 2
}
[ $# -eq 3 ] || usage
MINGEL=$1
SIZE=$2
OUTDIR=$3
case $SIZE in
[0-9]*x[0-9]*) ;;
*) usage ;;
esac
TIMEOUT=${MINGEL_E2E_TIMEOUT:-10} # seconds for each wait
HERE=$(cd "$(dirname "$0")" && pwd)
# A sanitised build must exit clean; libdbus's leak inside SDL is not ours (lsan.supp).
LSAN_OPTIONS="suppressions=$HERE/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS

for tool in Xvfb xdotool xdpyinfo import; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "e2e: $tool is not installed (packages: xvfb xdotool x11-utils imagemagick)" >&2
        exit 1
    fi
done
[ -x "$MINGEL" ] || {
    echo "e2e: $MINGEL is not an executable" >&2
    exit 1
}

mkdir -p "$OUTDIR"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mingel-e2e.XXXXXX")
XVFB_PID=
KIOSK_PID=
OK=0

cleanup() {
    if [ -n "$KIOSK_PID" ] && kill -0 "$KIOSK_PID" 2>/dev/null; then
        kill -KILL "$KIOSK_PID" 2>/dev/null || true
    fi
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    if [ "$OK" = 1 ]; then
        rm -rf "$TMP"
    else
        echo "e2e: kept $TMP for inspection (kiosk.log, targets, db.sqlite)" >&2
    fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
    echo "e2e $SIZE: FAIL: $*" >&2
    if [ -s "$TMP/kiosk.log" ]; then
        echo "--- kiosk output:" >&2
        cat "$TMP/kiosk.log" >&2
    fi
    if [ -f "$TMP/targets" ]; then
        echo "--- last targets file:" >&2
        cat "$TMP/targets" >&2
    fi
    exit 1
}

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
DB=$TMP/db.sqlite

"$MINGEL" import "$TMP/event.ini" "$TMP/attendees.csv" --db "$DB" >"$TMP/import.log" 2>&1 ||
    fail "mingel import failed: $(cat "$TMP/import.log")"

# ---- The display ----------------------------------------------------------------------

# Xvfb picks a free display number itself and writes it to fd 3 once it listens: no race
# with other displays (or with the other e2e test running in parallel).
Xvfb -displayfd 3 -screen 0 "${SIZE}x24" -nolisten tcp 3>"$TMP/display" \
    >"$TMP/xvfb.log" 2>&1 &
XVFB_PID=$!
i=0
while ! [ -s "$TMP/display" ]; do
    kill -0 "$XVFB_PID" 2>/dev/null || fail "Xvfb exited: $(cat "$TMP/xvfb.log")"
    i=$((i + 1))
    [ $i -le $((TIMEOUT * 10)) ] || fail "Xvfb did not start within ${TIMEOUT}s"
    sleep 0.1
done
DISPLAY=:$(tr -dc '0-9' <"$TMP/display")
export DISPLAY
i=0
until xdpyinfo >/dev/null 2>&1; do
    i=$((i + 1))
    [ $i -le $((TIMEOUT * 10)) ] || fail "display $DISPLAY not answering within ${TIMEOUT}s"
    sleep 0.1
done
echo "e2e $SIZE: Xvfb on $DISPLAY"

# ---- The kiosk ------------------------------------------------------------------------

TARGETS=$TMP/targets
MINGEL_DEBUG_TARGETS=$TARGETS "$MINGEL" run --db "$DB" >"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!

# wait_for WHAT CMD...: runs CMD every 0.1 s until it succeeds, at most TIMEOUT seconds.
wait_for() {
    what=$1
    shift
    n=0
    until "$@"; do
        kill -0 "$KIOSK_PID" 2>/dev/null || fail "the kiosk exited while waiting for $what"
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] || fail "timed out after ${TIMEOUT}s waiting for $what"
        sleep 0.1
    done
}

on_screen() { [ -f "$TARGETS" ] && [ "$(sed -n '1s/^screen \([0-9]*\) .*/\1/p' "$TARGETS")" = "$1" ]; }
has_target() { [ -f "$TARGETS" ] && grep -q "^$1 $2 " "$TARGETS"; }

# tap ACTION ARG: a click at the centre of that target.
tap() {
    wait_for "target '$1 $2'" has_target "$1" "$2"
    # shellcheck disable=SC2046 # splitting "action arg x y w h" into fields is the point
    set -- $(grep "^$1 $2 " "$TARGETS" | head -n 1)
    x=$(($3 + $5 / 2))
    y=$(($4 + $6 / 2))
    xdotool mousemove "$x" "$y" click 1
}

shot() {
    import -window root "$OUTDIR/$1-$SIZE.png" >/dev/null || fail "cannot take screenshot $1"
}

# The screen sizes the kiosk reports must be the display's: it runs fullscreen.
wait_for "the first frame (welcome screen)" on_screen 0
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

kill -TERM "$KIOSK_PID"
n=0
while kill -0 "$KIOSK_PID" 2>/dev/null; do
    n=$((n + 1))
    [ $n -le $((TIMEOUT * 10)) ] || fail "the kiosk did not exit within ${TIMEOUT}s of SIGTERM"
    sleep 0.1
done
rc=0
wait "$KIOSK_PID" || rc=$?
KIOSK_PID=
[ "$rc" = 0 ] || fail "the kiosk exited with status $rc after SIGTERM"

"$MINGEL" stats --db "$DB" --list >"$TMP/stats.txt" 2>&1 || fail "mingel stats failed: $(cat "$TMP/stats.txt")"
grep -q "$PERSON" "$TMP/stats.txt" ||
    fail "'$PERSON' is not in 'mingel stats --list':
$(cat "$TMP/stats.txt")"

OK=1
echo "e2e $SIZE: PASS ($PERSON checked in; screenshots in $OUTDIR)"
