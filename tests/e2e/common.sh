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
# shellcheck source=display.sh
. "$HERE/display.sh"
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
    end_run "$TMP" e2e "kiosk.log, targets, db.sqlite"
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
    start_xvfb
    i=0
    until xdpyinfo >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -le $((TIMEOUT * 10)) ] || fail "display $DISPLAY not answering within ${TIMEOUT}s"
        sleep 0.1
    done
    echo "e2e $SIZE: Xvfb on $DISPLAY"
}

# import_and_start EVENT CSV [VAR=VALUE...]: the meeting imported into $TMP/db.sqlite and
# the kiosk started on it under the display, writing its targets to $TARGETS; waits for
# its welcome screen. Extra VAR=VALUE pairs go into the kiosk's environment.
import_and_start() {
    local event=$1 list=$2
    shift 2
    DB=$TMP/db.sqlite
    TARGETS=$TMP/targets
    "$MINGEL" import "$event" "$list" --db "$DB" >"$TMP/import.log" 2>&1 ||
        fail "mingel import failed: $(cat "$TMP/import.log")"
    env "$@" MINGEL_DEBUG_TARGETS="$TARGETS" "$MINGEL" run --db "$DB" >"$TMP/kiosk.log" 2>&1 &
    KIOSK_PID=$!
    wait_for "the welcome screen" on_screen 0
}

# alive: the kiosk runs (a zombie waiting to be reaped does not).
alive() { kill -0 "$KIOSK_PID" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$KIOSK_PID/status" 2>/dev/null; }

# expect_exit WHAT: the kiosk ends within TIMEOUT with status 0 (WHAT says after what).
expect_exit() {
    n=0
    while alive; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] || fail "the kiosk did not end within ${TIMEOUT}s $1"
        sleep 0.1
    done
    rc=0
    wait "$KIOSK_PID" || rc=$?
    KIOSK_PID=
    [ "$rc" = 0 ] || fail "the kiosk exited with status $rc $1"
}

# stop_kiosk: SIGTERM, then the kiosk must exit with status 0 within TIMEOUT.
stop_kiosk() {
    kill -TERM "$KIOSK_PID"
    expect_exit "after SIGTERM"
}

# wait_for WHAT CMD...: runs CMD every 0.1 s until it succeeds, at most TIMEOUT seconds.
wait_for() {
    poll_until "$KIOSK_PID" "the kiosk" "$@"
}

on_screen() { [ -f "$TARGETS" ] && [ "$(sed -n '1s/^screen \([0-9]*\) .*/\1/p' "$TARGETS")" = "$1" ]; }
has_target() { [ -f "$TARGETS" ] && grep -q "^$1 $2 " "$TARGETS"; }

# tap ACTION ARG: a click at the centre of that target, as a person taps: after looking
# at the screen. The kiosk ignores taps within 500 ms of a screen change (the settle time
# against double taps, app/core/input.h), so the target appearing is not enough.
tap() {
    wait_for "target '$1 $2'" has_target "$1" "$2"
    sleep "${MINGEL_E2E_SETTLE:-0.6}"
    # shellcheck disable=SC2046 # splitting "action arg x y w h" into fields is the point
    set -- $(grep "^$1 $2 " "$TARGETS" | head -n 1)
    x=$(($3 + $5 / 2))
    y=$(($4 + $6 / 2))
    xdotool mousemove "$x" "$y" click 1
}

shot() {
    import -window root "$OUTDIR/$1-$SIZE.png" >/dev/null || fail "cannot take screenshot $1"
}

