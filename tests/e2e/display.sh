# shellcheck shell=sh
# display.sh: the private X display of an end-to-end run, its bounded waits and its end,
# shared by common.sh (checkin.sh, lockdown.sh, scan.sh) and cage.sh. Sourced; POSIX sh.
# Uses the caller's $TMP, $SIZE (WxH), $TIMEOUT (seconds) and fail.

# start_xvfb: a private Xvfb of $SIZE in the background ($XVFB_PID), its log in
# $TMP/xvfb.log; DISPLAY is set and exported once it listens. Xvfb picks a free display
# number itself and writes it to fd 3 once it listens: no race with other displays (or
# with another e2e test running in parallel).
start_xvfb() {
    Xvfb -displayfd 3 -screen 0 "${SIZE}x24" -nolisten tcp 3>"$TMP/display" \
        >"$TMP/xvfb.log" 2>&1 &
    XVFB_PID=$!
    xvfb_wait=0
    until [ -s "$TMP/display" ]; do
        kill -0 "$XVFB_PID" 2>/dev/null || fail "Xvfb exited: $(cat "$TMP/xvfb.log")"
        xvfb_wait=$((xvfb_wait + 1))
        [ $xvfb_wait -le $((TIMEOUT * 10)) ] || fail "Xvfb did not start within ${TIMEOUT}s"
        sleep 0.1
    done
    DISPLAY=:$(tr -dc '0-9' <"$TMP/display")
    export DISPLAY
}

# poll_until PID NAME WHAT CMD...: runs CMD every 0.1 s until it succeeds; fails when the
# process PID (NAME in the message) ends first, or after $TIMEOUT seconds.
poll_until() {
    poll_pid=$1 poll_name=$2 poll_what=$3
    shift 3
    poll_n=0
    until "$@"; do
        kill -0 "$poll_pid" 2>/dev/null || fail "$poll_name exited while waiting for $poll_what"
        poll_n=$((poll_n + 1))
        [ $poll_n -le $((TIMEOUT * 10)) ] ||
            fail "timed out after ${TIMEOUT}s waiting for $poll_what"
        sleep 0.1
    done
}

# end_run DIR LABEL FILES: ends the private Xvfb ($XVFB_PID, when set) and waits for it;
# then removes DIR when the test passed ($OK = 1), else keeps it and says so on standard
# error ("LABEL: kept DIR for inspection (FILES)").
end_run() {
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
    fi
    if [ "$OK" = 1 ]; then
        rm -rf "$1"
    else
        echo "$2: kept $1 for inspection ($3)" >&2
    fi
}
