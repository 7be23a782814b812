# common.sh: what the end-to-end tests share. Sourced (not run) by checkin.sh and
# lockdown.sh with "MINGEL_BINARY WxH OUTDIR": argument checks, the tools, a private
# temporary directory, a private Xvfb display, and helpers that find touch targets in
# the file the kiosk writes after every frame (MINGEL_DEBUG_TARGETS) and tap them.
# Every wait is bounded (TIMEOUT seconds) and fails with a message saying what did not
# happen.

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


# start_display: a private Xvfb of size $SIZE; DISPLAY is exported.
start_display() {
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
}

# stop_kiosk: SIGTERM, then the kiosk must exit with status 0 within TIMEOUT.
stop_kiosk() {
    kill -TERM "$KIOSK_PID"
    n=0
    while kill -0 "$KIOSK_PID" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$KIOSK_PID/status" 2>/dev/null; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] || fail "the kiosk did not exit within ${TIMEOUT}s of SIGTERM"
        sleep 0.1
    done
    rc=0
    wait "$KIOSK_PID" || rc=$?
    KIOSK_PID=
    [ "$rc" = 0 ] || fail "the kiosk exited with status $rc after SIGTERM"
}

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

