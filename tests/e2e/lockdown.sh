#!/bin/sh
# lockdown.sh: a visitor cannot leave the kiosk; the organiser can.
#
# usage: lockdown.sh MINGEL_BINARY WxH OUTDIR   (XCLOSE: path of the xclose helper)
#
# The real program runs fullscreen in a private Xvfb display. First it is attacked the
# ways a visitor at a kiosk might try: Alt+F4, Ctrl+Q, Escape, Alt+Tab, Ctrl+Alt+Backspace,
# the Super key, and a window manager's close request (WM_DELETE_WINDOW, sent by the
# xclose helper). The kiosk must still run and still show the welcome screen. A short tap
# on the hidden corner must do nothing; a 3 s hold opens the PIN pad; a wrong PIN does not
# open it; the right one does; "Export" writes the files to the export directory; and
# "Leave the kiosk" first asks (a tap on it, and "cancel", end nothing), and its red
# confirmation ends the program with status 0.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=common.sh
. "$HERE/common.sh"
[ -x "${XCLOSE:-}" ] || fail "XCLOSE must name the built xclose helper"

cat >"$TMP/event.ini" <<'INI'
[event]
id = lockdown-e2e
title = Chefsforum – vårträff
date = 2026-11-26
language = sv
INI
printf 'Namn;Organisation\nÅsa Öhman;Örebro kommun\n' >"$TMP/attendees.csv"
DB=$TMP/db.sqlite
"$MINGEL" import --db "$DB" "$TMP/event.ini" "$TMP/attendees.csv" >"$TMP/import.log" 2>&1 ||
    fail "mingel import failed: $(cat "$TMP/import.log")"
printf '493817\n493817\n' | "$MINGEL" set-pin --db "$DB" >"$TMP/pin.log" 2>&1 ||
    fail "mingel set-pin failed: $(cat "$TMP/pin.log")"
mkdir -p "$TMP/usb"

start_display
TARGETS=$TMP/targets
MINGEL_EXPORT_DIR=$TMP/usb MINGEL_DEBUG_TARGETS=$TARGETS "$MINGEL" run --db "$DB" \
    >"$TMP/kiosk.log" 2>&1 &
KIOSK_PID=$!
wait_for "the welcome screen" on_screen 0

# ---- A visitor tries to get out -----------------------------------------------------------
for keys in alt+F4 ctrl+q Escape alt+Tab ctrl+alt+BackSpace super; do
    xdotool key "$keys"
done
"$XCLOSE" mingel || fail "xclose found no window named mingel"
sleep 0.5
alive || fail "the kiosk ended after shortcuts or a close request"
on_screen 0 || fail "the kiosk left the welcome screen: $(head -n 1 "$TARGETS")"

# A short tap on the hidden corner is nothing.
xdotool mousemove 8 8 mousedown 1
sleep 1
xdotool mouseup 1
sleep 0.5
on_screen 0 || fail "a 1 s tap on the corner opened something: $(head -n 1 "$TARGETS")"

# ---- The organiser gets in ----------------------------------------------------------------
xdotool mousemove 8 8 mousedown 1
sleep 3.4
xdotool mouseup 1
wait_for "the PIN pad after a 3 s hold" on_screen 10
shot pin
# Typed at a person's pace: six digits and Enter in 12 ms steps (xdotool's default) are a
# barcode scanner's burst, which the PIN pad ignores.
xdotool type --delay 150 111111
sleep 0.2
xdotool key Return
sleep 0.5
on_screen 10 || fail "a wrong PIN opened the admin screen"
xdotool type --delay 150 493817
sleep 0.2
xdotool key Return
wait_for "the admin screen after the right PIN" on_screen 11
shot admin

tap export 0
exported() { ls "$TMP/usb/"*-checkins.csv >/dev/null 2>&1 && ls "$TMP/usb/"*-report.html >/dev/null 2>&1; }
wait_for "the export files" exported

# "Avsluta kiosken" asks first (FLOW_ADMIN_ASK, screen 14): one tap leaves nothing. Taps
# come a second apart, as a person's do: a screen ignores taps for a moment after it
# changes (the settle time against double taps).
sleep 1
tap quit 0
wait_for "the question before leaving" on_screen 14
shot ask-quit
sleep 1
alive || fail "the kiosk ended on the first tap of 'leave the kiosk'"
tap back 0
wait_for "the admin screen again after 'cancel'" on_screen 11
sleep 1
alive || fail "the kiosk ended on 'cancel'"
tap quit 0
wait_for "the question before leaving" on_screen 14
sleep 1
tap confirm 0
expect_exit "after 'leave the kiosk' on the admin screen"

OK=1
echo "e2e $SIZE: PASS (lockdown held; admin reached by PIN; exported; left cleanly)"
