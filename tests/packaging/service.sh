#!/usr/bin/env bash
# service.sh DEB WORKDIR ROOTCACHE: the packaged mingel.service started, watched, killed
# and stopped by a real systemd, in a Debian 12 container booted with systemd-nspawn.
#
# The unit is Type=notify with a watchdog, restarts after anything but a clean exit, and
# runs the kiosk as the user mingel behind heavy hardening (a system call filter, a
# read-only file system, a closed device policy, no W+X memory). Only a service manager
# running it shows that these fit the program: READY=1 reaches systemd and `systemctl
# start` returns with the unit active and the kiosk's STATUS= text; the filter refuses
# none of the kiosk's system calls (strace on the container's systemd follows the kiosk
# from its execve: no EPERM, EACCES or EROFS but the socket-buffer ones libsystemd and
# libudev expect, and the clock's synchronisation state is readable); a SIGSTOPped
# kiosk is killed by the watchdog and restarted; kill -9 restarts it; `systemctl stop`
# and a SIGTERM from outside end it with exit status 0, and the latter keeps it stopped
# (RestartPreventExitStatus=0); its database is /var/lib/mingel/mingel.db owned by mingel.
#
# The container: a debootstrapped bookworm (minbase, systemd, dbus, the package's
# dependencies), built once from this machine's Debian mirror into ROOTCACHE and reused;
# each run boots it with --volatile=overlay, so every change vanishes with the container.
# There is no display or console in it, so a drop-in, for this test only, sets SDL's
# dummy video driver, StandardInput=null instead of tty1, WatchdogSec=3 instead of 30,
# and an unsandboxed ExecStopPost that records how each run ended; every hardening line
# stays as shipped. The container keeps CAP_SYS_TIME in its bounding set only because
# nspawn's own seccomp filter otherwise refuses clock_adjtime to everything inside; the
# service itself has no capabilities (CapabilityBoundingSet=).
#
# Needs root, systemd-nspawn (systemd-container), debootstrap, nsenter and strace, and the
# mirror on the first run (MINGEL_DEBIAN_MIRROR overrides the one found in
# /etc/apt/sources.list*). Without them it fails, it does not skip.
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"
args 3 "DEB WORKDIR ROOTCACHE" "$@"
DEB=$(realpath "$1")
WORK=$2
CACHE=$3

[ "$(id -u)" -eq 0 ] || fail "needs root: it boots a container with systemd-nspawn"
need systemd-nspawn systemd-container
need debootstrap debootstrap
need nsenter util-linux
need strace strace
need dpkg-deb dpkg
[ -f "$DEB" ] || fail "no package $DEB (package_deb builds it)"
START=$(date +%s)
rm -rf "$WORK"
mkdir -p "$WORK" "$CACHE"

# nspawn without registering with machined or making a scope of its own: this machine's
# init need not be systemd, and nothing here needs either.
NSPAWN=(systemd-nspawn --quiet --register=no --keep-unit)

# The first bookworm URI in this machine's apt sources (one-line or deb822 format).
# The container's root: built once, kept pristine (each boot overlays it), refreshed when
# the package's dependencies change. A half-built root never replaces a good one.
ROOT="$CACHE/root"
DEPS=$(dpkg-deb -f "$DEB" Depends)
if [ ! -x "$ROOT/lib/systemd/systemd" ]; then
    rm -rf "$CACHE/new"
    echo "building the container's root in $CACHE (debootstrap from $(debian_mirror))"
    debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus bookworm \
        "$CACHE/new" "$(debian_mirror)" >"$WORK/debootstrap.log" 2>&1 ||
        fail "debootstrap failed: $(tail -n 20 "$WORK/debootstrap.log")"
    mv "$CACHE/new" "$ROOT"
    rm -f "$CACHE/deps"
fi
if [ "$(cat "$CACHE/deps" 2>/dev/null)" != "$DEPS" ]; then
    echo "installing the package's dependencies in the container's root"
    # shellcheck disable=SC2016 # $1 is the inner shell's
    "${NSPAWN[@]}" -D "$ROOT" --pipe /usr/bin/env DEBIAN_FRONTEND=noninteractive \
        sh -ec 'apt-get update -q; apt-get satisfy -y -q "$1"; apt-get clean' sh "$DEPS" \
        >"$WORK/deps.log" 2>&1 || fail "installing $DEPS failed: $(tail -n 20 "$WORK/deps.log")"
    echo "$DEPS" >"$CACHE/deps"
fi

# Boot it. The container's init is nspawn's child; commands run in its namespaces.
"${NSPAWN[@]}" --volatile=overlay --capability=CAP_SYS_TIME --machine=mingel-service-test \
    --bind-ro="$DEB":/srv/mingel.deb -D "$ROOT" --boot --console=read-only \
    >"$WORK/boot.log" 2>&1 &
NSPAWN_PID=$!
STRACE_PID=
cleanup() {
    [ -z "$STRACE_PID" ] || kill "$STRACE_PID" 2>/dev/null || true
    if kill -0 "$NSPAWN_PID" 2>/dev/null; then
        kill "$NSPAWN_PID" 2>/dev/null || true # nspawn powers the container off
        for _ in $(seq 50); do
            kill -0 "$NSPAWN_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$NSPAWN_PID" 2>/dev/null || true
    fi
    wait 2>/dev/null || true
}
trap cleanup EXIT

INIT=
for _ in $(seq 100); do
    kill -0 "$NSPAWN_PID" 2>/dev/null || fail "the container did not boot: $(cat "$WORK/boot.log")"
    INIT=$(pgrep -P "$NSPAWN_PID" || true)
    [ -n "$INIT" ] && [ "$(cat "/proc/$INIT/comm" 2>/dev/null)" = systemd ] && break
    INIT=
    sleep 0.1
done
[ -n "$INIT" ] || fail "no systemd in the container: $(cat "$WORK/boot.log")"

c() { # COMMAND...: run in the container, as root, with a clean environment
    nsenter -t "$INIT" -a /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"
}
show() { # PROPERTY: one property of mingel.service
    c systemctl show mingel -P "$1"
}

# Until the boot has finished; systemctl fails to connect while systemd is still coming up.
state=
for _ in $(seq 150); do
    state=$(c systemctl is-system-running --wait 2>/dev/null || true)
    case $state in running | degraded) break ;; esac
    sleep 0.2
done
case $state in
running | degraded) ;;
*) fail "the container's systemd is '$state' after 30 s: $(cat "$WORK/boot.log")" ;;
esac
echo "ok: a Debian 12 systemd booted in the container ($state) after $(($(date +%s) - START)) s"

c apt-get install -y -q /srv/mingel.deb >"$WORK/apt.log" 2>&1 ||
    fail "apt-get install failed: $(cat "$WORK/apt.log")"
c mkdir -p /etc/systemd/system/mingel.service.d
c tee /etc/systemd/system/mingel.service.d/test.conf >/dev/null <<'EOF'
# The test's own changes (tests/packaging/service.sh): no display, no console, a short
# watchdog, and how each run of the kiosk ended, in /run/mingel-exits.
[Service]
Environment=SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
StandardInput=null
WatchdogSec=3
ExecStopPost=+/bin/sh -c 'echo "$SERVICE_RESULT $EXIT_CODE $EXIT_STATUS" >>/run/mingel-exits'
EOF
c systemctl daemon-reload
c mingel import /usr/share/doc/mingel/examples/event.ini \
    /usr/share/doc/mingel/examples/deltagare.csv >"$WORK/import.log" 2>&1 ||
    fail "mingel import failed: $(cat "$WORK/import.log")"
[ "$(c stat -c '%U %G' /var/lib/mingel/mingel.db)" = "mingel mingel" ] ||
    fail "mingel import as root did not make /var/lib/mingel/mingel.db for mingel"
TITLE=$(c sed -n 's/^title[[:space:]]*=[[:space:]]*//p' /usr/share/doc/mingel/examples/event.ini |
    sed 's/[[:space:]]*[;#].*$//')
[ -n "$TITLE" ] || fail "no title in the example event.ini"
echo "ok: installed with apt, the example meeting '$TITLE' imported as root"

# The first start, with strace following systemd's children (-ff: one file per process).
mkdir "$WORK/strace"
strace -ff -qq -p "$INIT" -o "$WORK/strace/t" 2>"$WORK/strace.err" &
STRACE_PID=$!
sleep 1
t0=$(date +%s%N)
c systemctl start mingel || fail "systemctl start mingel failed: $(c journalctl -u mingel -o cat)"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$(show ActiveState)" = active ] || fail "systemctl start returned, the unit is $(show ActiveState)"
status=$(c systemctl status mingel --no-pager -l) || true
grep 'Status: "' <<<"$status" | grep -qF "$TITLE" ||
    fail "no STATUS= from the kiosk in systemctl status: $status"
echo "ok: systemctl start returned after READY=1 ($ms ms, under strace) with the unit" \
    "active and its status: $(grep 'Status:' <<<"$status" | sed 's/^ *//')"
sleep 3 # the event loop with its watchdog pings, under the filter
if [ "$(show NRestarts)" != 0 ] || [ "$(show ActiveState)" != active ]; then
    fail "the kiosk did not keep up its watchdog: $(c journalctl -u mingel -o cat)"
fi
MAIN=$(show MainPID)
[ "$(c stat -c %U "/proc/$MAIN")" = mingel ] || fail "the kiosk does not run as mingel"
kill -INT "$STRACE_PID"
wait "$STRACE_PID" 2>/dev/null || true
STRACE_PID=

# The kiosk's own system calls: its process from the execve on, and its threads.
kiosk=$(grep -l '^execve("/usr/bin/mingel", \["/usr/bin/mingel", "run"\]' "$WORK"/strace/t.* |
    head -n 1) || true
[ -n "$kiosk" ] || fail "strace did not see the kiosk start: $(cat "$WORK/strace.err")"
files=("$kiosk")
while read -r t; do
    [ -f "$WORK/strace/t.$t" ] && files+=("$WORK/strace/t.$t")
done < <(sed -n -E 's/^clone3?\(.*\) = ([0-9]+)$/\1/p' "$kiosk")
sed -n '/^execve("\/usr\/bin\/mingel"/,$p' "$kiosk" >"$WORK/kiosk.strace"
for f in "${files[@]:1}"; do cat "$f"; done >>"$WORK/kiosk.strace"
refused=$(grep -E '= -1 E(PERM|ACCES|ROFS) ' "$WORK/kiosk.strace" |
    grep -vE '^setsockopt\([0-9]+, SOL_SOCKET, SO_(SND|RCV)BUFFORCE,' || true)
[ -z "$refused" ] || fail "the service's sandbox refused the kiosk these system calls:
$refused"
grep -qE '^(clock_adjtime|adjtimex)\(.*\) = [0-9]+' "$WORK/kiosk.strace" ||
    fail "the kiosk could not read the clock's synchronisation state: $(grep -E \
        '^(clock_adjtime|adjtimex)' "$WORK/kiosk.strace" | head -n 3)"
grep -qE '^openat\(AT_FDCWD, "/var/lib/mingel/mingel.db", O_RDWR.* = [0-9]+$' \
    "$WORK/kiosk.strace" || fail "the kiosk did not open /var/lib/mingel/mingel.db"
grep -q '"READY=1' "$WORK/kiosk.strace" || fail "the kiosk sent no READY=1"
echo "ok: the sandbox refused none of the kiosk's $(wc -l <"$WORK/kiosk.strace") system" \
    "calls (but SO_*BUFFORCE); it read the clock's state and opened /var/lib/mingel/mingel.db"
said=$(c journalctl -t mingel -o cat)
if grep -iE 'seccomp|sigsys|not permitted|permission denied|read-only|error|fail|cannot' \
    <<<"$said"; then
    fail "the kiosk complained in the journal (above)"
fi
echo "ok: the kiosk's journal: $said"

exits() { c cat /run/mingel-exits 2>/dev/null | wc -l; }
last_exit() { c tail -n 1 /run/mingel-exits; }
wait_restart() { # OLD_PID: until another kiosk process is up and active (at most 15 s)
    local pid
    for _ in $(seq 75); do
        pid=$(show MainPID)
        [ "$pid" != 0 ] && [ "$pid" != "$1" ] && [ "$(show ActiveState)" = active ] && return 0
        sleep 0.2
    done
    fail "the kiosk was not restarted: $(c journalctl -u mingel -o cat | tail -n 15)"
}
wait_inactive() { # until the unit is inactive (at most 10 s)
    for _ in $(seq 50); do
        [ "$(show ActiveState)" = inactive ] && return 0
        sleep 0.2
    done
    fail "the unit did not stop: $(c journalctl -u mingel -o cat | tail -n 15)"
}

# A hung kiosk: the watchdog (3 s here) kills it and Restart=always starts a new one.
t0=$(date +%s%N)
c kill -STOP "$MAIN"
wait_restart "$MAIN"
ms=$((($(date +%s%N) - t0) / 1000000))
grep -qE '^watchdog (killed|dumped) ABRT$' <<<"$(last_exit)" ||
    fail "the stopped kiosk ended as '$(last_exit)', not by the watchdog"
c journalctl -u mingel -o cat | grep -q 'Watchdog timeout' || fail "no watchdog timeout logged"
echo "ok: a SIGSTOPped kiosk was killed by the watchdog and restarted after $ms ms"

# A crash: kill -9 from outside, restarted.
MAIN=$(show MainPID)
c kill -KILL "$MAIN"
wait_restart "$MAIN"
[ "$(last_exit)" = "signal killed KILL" ] || fail "after kill -9: '$(last_exit)'"
echo "ok: kill -9 restarted the kiosk (restarts so far: $(show NRestarts))"

# systemctl stop: SIGTERM from systemd, the kiosk's clean exit 0.
c systemctl stop mingel
[ "$(last_exit)" = "success exited 0" ] || fail "systemctl stop: the kiosk ended '$(last_exit)'"
echo "ok: systemctl stop ended the kiosk with exit status 0"

# A clean exit from the kiosk's side (as "leave the kiosk" from the admin screen): SIGTERM
# to the main process from outside systemd; status 0 must keep it stopped.
c systemctl start mingel
MAIN=$(show MainPID)
n=$(exits)
c kill -TERM "$MAIN"
wait_inactive
[ "$(last_exit)" = "success exited 0" ] || fail "after SIGTERM: the kiosk ended '$(last_exit)'"
sleep 4 # RestartSec=2, twice over
if [ "$(show ActiveState)" != inactive ] || [ "$(exits)" -ne $((n + 1)) ]; then
    fail "the kiosk came back after a clean exit: $(c journalctl -u mingel -o cat | tail -n 5)"
fi
echo "ok: after a clean exit 0 the kiosk stays stopped (RestartPreventExitStatus=0)"

owner=$(c stat -c '%U %G %a' /var/lib/mingel /var/lib/mingel/mingel.db | tr '\n' ' ')
[ "$owner" = "mingel mingel 750 mingel mingel 600 " ] ||
    fail "/var/lib/mingel and mingel.db: $owner"
c mingel stats | grep -q '^Expected: *12$' || fail "the database lost the meeting: $(c mingel stats)"
echo "ok: the database is /var/lib/mingel/mingel.db, owned by mingel ($owner)"
echo "PASS: mingel.service runs the kiosk under systemd as shipped ($(($(date +%s) - START)) s)"
