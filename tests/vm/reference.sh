#!/usr/bin/env bash
# reference.sh MINGEL EXAMPLES WxH OUT.png: the kiosk's welcome screen as this build draws
# it at WxH, for the VM test to compare its screendump with: the guide's examples
# imported into a new database, `mingel run` fullscreen on a private Xvfb of that size,
# the screen captured (ImageMagick's import) once the first frame is drawn. The kiosk
# draws every pixel itself (SDL's software renderer), so the same screen through KMSDRM
# in the VM differs only where the content does (the clock, the date).
set -euo pipefail
[ $# -eq 4 ] || {
    echo "usage: $0 MINGEL EXAMPLES WxH OUT.png" >&2
    exit 2
}
MINGEL=$1 EXAMPLES=$2 SIZE=$3 OUT=$4
TMP=$(mktemp -d)
XVFB_PID=''
KIOSK_PID=''
cleanup() {
    [ -z "$KIOSK_PID" ] || kill "$KIOSK_PID" 2>/dev/null || true
    [ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() {
    echo "FAIL: reference: $*" >&2
    exit 1
}
export HOME=$TMP LC_ALL=C.UTF-8
unset MINGEL_DATA_DIR STATE_DIRECTORY NOTIFY_SOCKET WATCHDOG_USEC SDL_VIDEODRIVER
"$MINGEL" import "$EXAMPLES/event.ini" "$EXAMPLES/deltagare.csv" --db "$TMP/db" \
    >"$TMP/import.log" 2>&1 || fail "import: $(cat "$TMP/import.log")"
Xvfb -displayfd 3 -screen 0 "${SIZE}x24" -nolisten tcp 3>"$TMP/display" >"$TMP/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 100); do
    [ -s "$TMP/display" ] && break
    sleep 0.1
done
[ -s "$TMP/display" ] || fail "Xvfb did not start: $(cat "$TMP/xvfb.log")"
DISPLAY=":$(cat "$TMP/display")"
export DISPLAY
MINGEL_DEBUG_TARGETS=$TMP/targets "$MINGEL" run --db "$TMP/db" >"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
for _ in $(seq 300); do
    [ -s "$TMP/targets" ] && break
    kill -0 "$KIOSK_PID" 2>/dev/null || fail "the kiosk ended: $(cat "$TMP/kiosk.log")"
    sleep 0.1
done
[ -s "$TMP/targets" ] || fail "no first frame in 30 s: $(cat "$TMP/kiosk.log")"
sleep 1
import -display "$DISPLAY" -window root "$OUT"
cp "$TMP/targets" "$OUT.targets"
