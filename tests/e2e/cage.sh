#!/usr/bin/env bash
# cage.sh: the kiosk inside the cage Wayland kiosk compositor, as mingel-cage.service runs
# it, on a machine with no GPU and no screen.
#
# usage: cage.sh MINGEL_BINARY OUTDIR [WxH]      (no WxH: 800x480, then 1920x1080)
#
# Why: the package ships mingel-cage.service, `cage -d -- mingel run` with
# SDL_VIDEODRIVER=wayland. Under Wayland SDL has no framebuffer of its own: the software
# renderer draws into a GL texture through EGL (Mesa llvmpipe where there is no GPU), so
# this proves the whole chain: cage starts, the kiosk makes a fullscreen window in it,
# draws the welcome screen at the output's size, and everything ends cleanly.
#
# What it does, for each size: starts cage (Debian 12: cage 0.1.4, wlroots 0.15) on a
# private XDG_RUNTIME_DIR with the demo meeting (`mingel run --demo --db` in a temporary
# directory) as its client, waits for the kiosk's first frame (the MINGEL_DEBUG_TARGETS
# file the kiosk writes after every frame), takes grim screenshots until one shows the
# kiosk, and asserts that the screenshot has the output's size, is not blank (more than
# 50 colours), that the kiosk reports the output's size and that its buttons are where
# the kiosk says they are (so the window covers the output at 1:1, not a centred or
# scaled window). The screenshot is kept as OUTDIR/cage-welcome-WxH.png. Then it stops
# the session (CAGE_STOP, below) and asserts that the kiosk exits with status 0 and that
# no process of the session is left.
#
# cage runs with -d, as the unit must: without it cage 0.1.4 asks its clients to draw
# their own decorations, SDL 2.26 then swaps its window for a libdecor one while it is
# still being shown, and never shows it again: cage stays black, the kiosk runs unseen.
#
# Output size: wlroots 0.15's headless backend makes every output 1280x720 (no variable
# sets the size) and cage 0.1.4 has no wlr-output-management, so wlr-randr cannot change
# it. So CAGE_BACKEND=auto (default) runs cage on the headless backend for 1280x720 and
# otherwise on its X11 backend inside a private Xvfb (no GPU either), resizing cage's X
# window to WxH before the kiosk starts: the X11 backend follows its window's size.
# CAGE_BACKEND=headless or x11 forces one.
#
# Headless screenshots: cage 0.1.4 hands a fullscreen client's buffer straight to the
# output (direct scan-out). A screenshot forbids that for one frame, and cage then repaints
# only the damaged part of a buffer that never held the kiosk: grim gets a black picture.
# On the headless backend the output is therefore turned 180 degrees (cage -r -r): a
# turned output can never scan a client buffer out, cage composes every frame, and grim
# turns the picture back. The X11 backend cannot scan out a client's buffer anyway.
#
# CAGE_STOP=compositor (default): SIGTERM to cage. Debian 12's cage 0.1.4 aborts on
# SIGTERM (an assertion in wl_display_terminate: its signal handler is given the wrong
# pointer, cage-kiosk/cage#339, fixed upstream by PR #354 in 2024). That abort, and only
# that one, is reported as a NOTE; the kiosk must still exit 0 when its compositor goes.
# CAGE_STOP=client: SIGTERM to the kiosk only, as the unit's ExecStop does to avoid that
# abort; cage must then end by itself with status 0.
#
# cage refuses to run as root, so as root the session runs in a new user namespace
# (`unshare --user`: uid nobody inside, no privileges, files still reachable). Needs cage,
# xwayland (cage 0.1.4 does not start without it), grim, ImageMagick, and for the X11
# backend xvfb, xdotool and x11-utils; and EGL for SDL: libegl1, libegl-mesa0,
# libgl1-mesa-dri, libgl1. Every wait is bounded (MINGEL_E2E_TIMEOUT seconds, default
# 20) and fails with a message saying what did not happen.
set -euo pipefail
# A command that fails under set -e says which, instead of ending the test in silence.
trap 'echo "e2e cage: line $LINENO failed (status $?): $BASH_COMMAND" >&2' ERR

usage() {
    echo "usage: $0 MINGEL_BINARY OUTDIR [WxH]" >&2
    exit 2
}
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
MINGEL=$1
OUTDIR=$2
if [ $# -eq 3 ]; then
    SIZES=("$3")
else
    SIZES=(800x480 1920x1080)
fi
TIMEOUT=${MINGEL_E2E_TIMEOUT:-20}
BACKEND_CHOICE=${CAGE_BACKEND:-auto}
STOP=${CAGE_STOP:-compositor}
case $BACKEND_CHOICE in auto | headless | x11) ;; *) usage ;; esac
case $STOP in compositor | client) ;; *) usage ;; esac
for s in "${SIZES[@]}"; do
    [[ $s =~ ^[1-9][0-9]*x[1-9][0-9]*$ ]] || usage
    if [ "$BACKEND_CHOICE" = headless ] && [ "$s" != 1280x720 ]; then
        echo "e2e cage: wlroots 0.15's headless backend only makes 1280x720 outputs" >&2
        exit 2
    fi
done
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=display.sh
. "$HERE/display.sh"

need() {
    command -v "$1" >/dev/null 2>&1 || {
        echo "e2e cage: $1 is not installed (package: $2)" >&2
        exit 1
    }
}
need cage cage
need Xwayland xwayland
need grim grim
need identify imagemagick
need convert imagemagick
for s in "${SIZES[@]}"; do
    if [ "$BACKEND_CHOICE" = x11 ] || { [ "$BACKEND_CHOICE" = auto ] && [ "$s" != 1280x720 ]; }; then
        need Xvfb xvfb
        need xdotool xdotool
        need xwininfo x11-utils
    fi
done
[ -x "$MINGEL" ] || {
    echo "e2e cage: $MINGEL is not an executable" >&2
    exit 1
}
MINGEL=$(cd "$(dirname "$MINGEL")" && pwd)/$(basename "$MINGEL")
AS_USER=()
if [ "$(id -u)" = 0 ]; then
    need unshare util-linux
    AS_USER=(unshare --user)
    unshare --user true 2>/dev/null || {
        echo "e2e cage: running as root, and cannot make a user namespace to run cage as" \
            "a user (cage refuses root); run the test as a normal user" >&2
        exit 1
    }
fi

mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
BASE=$(mktemp -d "${TMPDIR:-/tmp}/mingel-cage.XXXXXX")

# A sanitised build must exit clean. What is not ours: libdbus's state (lsan.supp) and
# SDL's Wayland output copies (cage-lsan.supp); LeakSanitizer takes one file.
cat "$HERE/lsan.supp" "$HERE/cage-lsan.supp" >"$BASE/lsan.supp"
LSAN_OPTIONS="suppressions=$BASE/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
# SDL unloads Mesa's EGL and llvmpipe before the leak check, and the memory their globals
# still hold then looks leaked. For a sanitised kiosk (only: not cage) they are preloaded,
# after the sanitiser's runtime, which must come first, so they stay loaded.
PRELOAD=
# ldd has been seen to fail once under load (status 1, nothing said): asked again, and
# only then taken as "not sanitised".
libs=$(ldd "$MINGEL" 2>/dev/null || { sleep 1; ldd "$MINGEL" 2>/dev/null; } || true)
ASAN_LIB=$(printf '%s\n' "$libs" | awk '$1 ~ /^libasan\.so/ && $3 ~ /^\// {print $3; exit}')
if [ -n "$ASAN_LIB" ]; then
    PRELOAD=$ASAN_LIB
    libdir=$(dirname "$ASAN_LIB")
    for lib in libEGL_mesa.so.0 libglapi.so.0 dri/swrast_dri.so; do
        if [ -e "$libdir/$lib" ]; then PRELOAD="$PRELOAD $libdir/$lib"; fi
    done
fi
SIZE=
TMP=
XVFB_PID=
CAGE_PID=
TOKEN=
OK=0

# The processes of the session: every one inherits MINGEL_CAGE_E2E=$TOKEN from cage's
# environment (cage, the session shell, the kiosk, Xwayland if an X client came).
session_pids() {
    [ -n "$TOKEN" ] || return 0
    local f pid
    for f in /proc/[0-9]*/environ; do
        pid=${f#/proc/}
        pid=${pid%/environ}
        if grep -qzxF "MINGEL_CAGE_E2E=$TOKEN" "$f" 2>/dev/null; then
            echo "$pid"
        fi
    done
}

cleanup() {
    local pid
    for pid in $(session_pids); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ -n "$CAGE_PID" ]; then
        kill -KILL "$CAGE_PID" 2>/dev/null || true
        wait "$CAGE_PID" 2>/dev/null || true
    fi
    end_run "$BASE" "e2e cage" "cage.log, kiosk.log, targets"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() {
    echo "e2e cage $SIZE: FAIL: $*" >&2
    local f
    for f in cage.log kiosk.log xvfb.log targets; do
        if [ -n "$TMP" ] && [ -s "$TMP/$f" ]; then
            echo "--- $f:" >&2
            tail -n 40 "$TMP/$f" >&2
        fi
    done
    exit 1
}

now_ms() { date +%s%3N; }

# wait_for WHAT CMD...: runs CMD every 0.1 s until it succeeds, at most TIMEOUT seconds;
# fails early if cage has gone.
wait_for() {
    poll_until "$CAGE_PID" cage "$@"
}

# The client cage starts: it says which Wayland socket it got, waits for the go-ahead
# (the output has its size), runs the kiosk and writes down its exit status.
# Arguments: MINGEL DIR TIMEOUT PRELOAD.
# shellcheck disable=SC2016 # expanded by the session's own shell
SESSION='
mingel=$1 dir=$2
printf "%s\n" "$WAYLAND_DISPLAY" >"$dir/wayland-display.tmp"
mv "$dir/wayland-display.tmp" "$dir/wayland-display"
i=0
until [ -e "$dir/go" ]; do
    i=$((i + 1))
    [ $i -le $(($3 * 20)) ] || { echo "cage session: no go-ahead within $3 s" >&2; exit 1; }
    sleep 0.05
done
if [ -n "$4" ]; then
    LD_PRELOAD=$4 "$mingel" run --demo --db "$dir/demo.db" >"$dir/kiosk.log" 2>&1 &
else
    "$mingel" run --demo --db "$dir/demo.db" >"$dir/kiosk.log" 2>&1 &
fi
echo $! >"$dir/kiosk.pid"
rc=0
wait $! || rc=$?
echo $rc >"$dir/kiosk.status.tmp"
mv "$dir/kiosk.status.tmp" "$dir/kiosk.status"
exit $rc
'

has_file() { [ -s "$1" ]; }
has_child_window() { [ -n "$(cage_window)" ]; }
cage_window() { xwininfo -root -children 2>/dev/null | awk '/^ +0x[0-9a-f]+ / {print $1; exit}'; }
kiosk_at_size() { [ -f "$TMP/targets" ] && [ "$(head -n 1 "$TMP/targets")" = "screen 0 $W $H" ]; }
gone() { ! kill -0 "$1" 2>/dev/null; }

# wait_for_exit PID WHAT: bounded wait for a process to end (or be a zombie).
wait_for_exit() {
    local n=0
    until gone "$1" || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] || fail "$2 did not exit within ${TIMEOUT}s of SIGTERM"
        sleep 0.1
    done
}
session_empty() { [ -z "$(session_pids)" ]; }

# shot FILE: a grim screenshot of the whole output; true once it shows more than 50
# colours (the compositor may not have composed the kiosk's first frame yet).
shot() {
    XDG_RUNTIME_DIR=$TMP/run WAYLAND_DISPLAY=$(cat "$TMP/wayland-display") \
        grim "$1" 2>>"$TMP/grim.log" || return 1
    COLOURS=$(identify -format %k "$1")
    [ "$COLOURS" -gt 50 ]
}

# pixel X Y: the screenshot's colour there, as ImageMagick names it.
pixel() { convert "$SHOT" -format "%[pixel:p{$1,$2}]" info:; }

# The kiosk's buttons must be where it says: inside the target's left and right ends one
# colour (the button's), just above it another (the background).
check_button() {
    local line action arg x y w h inside right above
    line=$(grep "^$1 0 " "$TMP/targets" | head -n 1) || fail "no '$1' target on the welcome screen"
    read -r action arg x y w h <<<"$line"
    inside=$(pixel $((x + 8)) $((y + h / 2)))
    right=$(pixel $((x + w - 8)) $((y + h / 2)))
    above=$(pixel $((x + w / 2)) $((y - 4)))
    if [ "$inside" != "$right" ] || [ "$inside" = "$above" ]; then
        fail "the '$1' button ($action $arg at $x,$y ${w}x$h) is not where the kiosk drew it:" \
            "left end $inside, right end $right, above $above"
    fi
}

run_size() {
    SIZE=$1
    W=${SIZE%x*}
    H=${SIZE#*x}
    TMP=$BASE/$SIZE
    mkdir -p "$TMP/run"
    chmod 0700 "$TMP/run"
    TOKEN=$TMP
    XVFB_PID=
    CAGE_PID=
    local backend=$BACKEND_CHOICE flags=(-d) env=() n
    if [ "$backend" = auto ]; then
        if [ "$SIZE" = 1280x720 ]; then backend=headless; else backend=x11; fi
    fi
    if [ "$backend" = headless ]; then
        flags+=(-r -r) # no direct scan-out, so screenshots show the kiosk (see the top)
        env=(WLR_BACKENDS=headless WLR_HEADLESS_OUTPUTS=1)
    else
        start_xvfb # a private Xvfb of the output's size
        env=(WLR_BACKENDS=x11 WLR_X11_OUTPUTS=1 DISPLAY="$DISPLAY")
    fi

    local t0 t_frame t_shot t_stop
    t0=$(now_ms)
    # The caller's display must not leak in: cage sets its own for its client.
    env -u WAYLAND_DISPLAY -u WAYLAND_SOCKET -u DISPLAY -u SDL_VIDEODRIVER \
        "${AS_USER[@]}" env "${env[@]}" \
        MINGEL_CAGE_E2E="$TOKEN" XDG_RUNTIME_DIR="$TMP/run" HOME="$TMP" \
        WLR_RENDERER="${WLR_RENDERER:-pixman}" WLR_LIBINPUT_NO_DEVICES=1 \
        SDL_VIDEODRIVER=wayland MINGEL_DEBUG_TARGETS="$TMP/targets" \
        cage "${flags[@]}" -- bash -c "$SESSION" cage-session "$MINGEL" "$TMP" "$TIMEOUT" "$PRELOAD" \
        >"$TMP/cage.log" 2>&1 &
    CAGE_PID=$!
    wait_for "cage to start its client" has_file "$TMP/wayland-display"
    if [ "$backend" = x11 ]; then
        # The X11 backend opens a 1024x768 window; the output takes the window's size.
        wait_for "cage's X11 window" has_child_window
        xdotool windowsize --sync "$(cage_window)" "$W" "$H" ||
            fail "cannot resize cage's X11 window to $SIZE"
    fi
    touch "$TMP/go"

    wait_for "the kiosk's first frame at ${SIZE}" kiosk_at_size
    t_frame=$(now_ms)
    grep -q '^start 0 ' "$TMP/targets" || fail "the first frame is not the welcome screen"

    SHOT=$OUTDIR/cage-welcome-$SIZE.png
    COLOURS=0
    n=0
    until shot "$SHOT"; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] ||
            fail "no screenshot within ${TIMEOUT}s shows the kiosk (the last: $COLOURS colours," \
                "$SHOT; grim: $(tail -n 1 "$TMP/grim.log" 2>/dev/null))"
        sleep 0.1
    done
    t_shot=$(now_ms)
    local got
    got=$(identify -format %wx%h "$SHOT")
    [ "$got" = "$SIZE" ] || fail "the screenshot is $got, the output is $SIZE"
    kiosk_at_size || fail "the kiosk no longer reports $SIZE: $(head -n 1 "$TMP/targets")"
    check_button start
    if grep -q '^feedback 0 ' "$TMP/targets"; then
        check_button feedback
    fi

    # ---- Stop ---------------------------------------------------------------------
    local kiosk_pid cage_rc=0 kiosk_rc
    kiosk_pid=$(cat "$TMP/kiosk.pid")
    t_stop=$(now_ms)
    if [ "$STOP" = client ]; then
        kill -TERM "$kiosk_pid"
    else
        kill -TERM "$CAGE_PID"
    fi
    wait_for_exit "$CAGE_PID" cage
    wait "$CAGE_PID" || cage_rc=$?
    CAGE_PID=
    wait_for_exit "$kiosk_pid" "the kiosk"
    n=0
    until [ -s "$TMP/kiosk.status" ]; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] || fail "the session shell did not report the kiosk's exit"
        sleep 0.1
    done
    n=0
    until session_empty; do
        n=$((n + 1))
        [ $n -le $((TIMEOUT * 10)) ] ||
            fail "processes of the session are left:" \
                "$(ps -o pid,user,args -p "$(session_pids | paste -sd,)")"
        sleep 0.1
    done
    local t_end
    t_end=$(now_ms)
    kiosk_rc=$(cat "$TMP/kiosk.status")
    [ "$kiosk_rc" = 0 ] || fail "the kiosk exited with status $kiosk_rc (stop: $STOP)"
    if [ "$cage_rc" != 0 ]; then
        if [ "$STOP" = compositor ] && [ "$cage_rc" = 134 ] &&
            grep -q "wl_display_terminate: Assertion" "$TMP/cage.log"; then
            echo "e2e cage $SIZE: NOTE: cage aborted on SIGTERM (cage 0.1.4's wl_display_terminate" \
                "assertion, cage-kiosk/cage#339); the kiosk still exited 0"
        else
            fail "cage exited with status $cage_rc (stop: $STOP)"
        fi
    fi
    if [ -n "$XVFB_PID" ]; then
        kill "$XVFB_PID" 2>/dev/null || true
        wait "$XVFB_PID" 2>/dev/null || true
        XVFB_PID=
    fi
    TOKEN=
    echo "e2e cage $SIZE: PASS ($backend backend, stop: $STOP): first frame $((t_frame - t0)) ms" \
        "after cage started, screenshot ($COLOURS colours) at $((t_shot - t0)) ms," \
        "all gone $((t_end - t_stop)) ms after SIGTERM; $SHOT"
}

for s in "${SIZES[@]}"; do
    run_size "$s"
done
OK=1
