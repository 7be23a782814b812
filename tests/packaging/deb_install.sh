#!/usr/bin/env bash
# deb_install.sh DEB WORKDIR: the package installed, used, removed and purged with dpkg, in
# a throwaway copy of this machine.
#
# What the maintainer scripts do only shows when dpkg runs them: the user mingel in the
# groups video, render and input; /var/lib/mingel, 0750, owned by it; `sudo mingel
# import` with no --db filling the kiosk's database there, owned by mingel; installing
# again (an upgrade) changing nothing; removal taking the program away; purge leaving the
# attendee data and the user alone. To leave this machine untouched, dpkg runs in a chroot
# whose root is an overlay of / with its changes in a tmpfs, in a private mount namespace
# that vanishes with the test. That needs root (mount, chroot): without it the test fails,
# it does not skip.
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"
args 2 "DEB WORKDIR" "$@"
DEB=$1
WORK=$2

if [ "${MINGEL_DEB_INSTALL_INSIDE:-}" != 1 ]; then
    [ "$(id -u)" -eq 0 ] || fail "needs root: it mounts an overlay of / and chroots into it"
    need unshare util-linux
    [ -f "$DEB" ] || fail "no package $DEB (package_deb builds it)"
    rm -rf "$WORK"
    mkdir -p "$WORK"
    # The same script, inside a mount namespace of its own: every mount below ends with it.
    MINGEL_DEB_INSTALL_INSIDE=1 exec unshare --mount --propagation private "$0" "$@"
fi

ROOT="$WORK/root"
mkdir -p "$WORK/changes" "$ROOT"
mount -t tmpfs -o size=512m tmpfs "$WORK/changes" || fail "cannot mount a tmpfs"
mkdir -p "$WORK/changes/upper" "$WORK/changes/work"
mount -t overlay overlay \
    -o "lowerdir=/,upperdir=$WORK/changes/upper,workdir=$WORK/changes/work" "$ROOT" ||
    fail "cannot mount an overlay of / (overlayfs)"
for d in proc sys dev; do
    mount --rbind "/$d" "$ROOT/$d"
done
mount -t tmpfs tmpfs "$ROOT/tmp"
mount -t tmpfs tmpfs "$ROOT/run" # no running systemd or udevd in there
cp "$DEB" "$ROOT/tmp/mingel.deb"

# The machine must not have mingel installed already, or the test proves nothing.
chroot "$ROOT" /bin/sh -c '! dpkg -s mingel >/dev/null 2>&1 && ! getent passwd mingel' ||
    fail "mingel is already installed on this machine (or its user exists)"

inside() { # SCRIPT: run in the chroot as root, as `sudo` would, with a clean environment
    chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
        LC_ALL=C.UTF-8 /bin/sh -ec "$1"
}

inside 'dpkg -i /tmp/mingel.deb' >"$WORK/dpkg-i.log" 2>&1 ||
    fail "dpkg -i failed: $(cat "$WORK/dpkg-i.log")"
if grep -iE 'warning|error|failed' "$WORK/dpkg-i.log"; then
    fail "dpkg -i complained (above)"
fi
echo "ok: dpkg -i"

groups=$(inside 'id -nG mingel') || fail "no user mingel after installation"
for g in mingel video render input; do
    grep -qw "$g" <<<"$groups" || fail "mingel is not in the group $g: $groups"
done
[ "$(inside 'getent passwd mingel | cut -d: -f6,7')" = /var/lib/mingel:/usr/sbin/nologin ] ||
    fail "mingel's home and shell: $(inside 'getent passwd mingel')"
[ "$(inside 'stat -c "%a %U %G" /var/lib/mingel')" = "750 mingel mingel" ] ||
    fail "/var/lib/mingel is $(inside 'stat -c "%a %U %G" /var/lib/mingel')"
echo "ok: user mingel ($groups), /var/lib/mingel 0750 mingel:mingel"

# The organiser's commands with no --db use the kiosk's database, and leave it to mingel.
inside 'mingel import /usr/share/doc/mingel/examples/event.ini \
    /usr/share/doc/mingel/examples/deltagare.csv' >"$WORK/import.log" 2>&1 ||
    fail "sudo mingel import failed: $(cat "$WORK/import.log")"
[ "$(inside 'stat -c "%U %G" /var/lib/mingel/mingel.db')" = "mingel mingel" ] ||
    fail "the database is not /var/lib/mingel/mingel.db owned by mingel: $(inside \
        'ls -la /var/lib/mingel /root/.local/share/mingel 2>&1')"
inside 'mingel stats' | grep -q '^Expected: *12$' || fail "mingel stats: $(inside 'mingel stats')"
echo "ok: mingel import with no --db filled /var/lib/mingel/mingel.db, owned by mingel"

inside 'dpkg -i /tmp/mingel.deb' >"$WORK/dpkg-i2.log" 2>&1 ||
    fail "installing again failed: $(cat "$WORK/dpkg-i2.log")"
inside 'mingel stats' | grep -q '^Expected: *12$' || fail "the data changed on reinstallation"
echo "ok: installing again (an upgrade) keeps everything"

inside 'dpkg -r mingel' >"$WORK/dpkg-r.log" 2>&1 || fail "dpkg -r: $(cat "$WORK/dpkg-r.log")"
inside '! test -e /usr/bin/mingel && ! test -e /usr/lib/systemd/system/mingel.service' ||
    fail "dpkg -r left the program or the unit"
inside 'dpkg -P mingel' >"$WORK/dpkg-p.log" 2>&1 || fail "dpkg -P: $(cat "$WORK/dpkg-p.log")"
inside 'test -s /var/lib/mingel/mingel.db' ||
    fail "purging the package deleted the attendee data"
inside 'getent passwd mingel >/dev/null' || fail "purging the package removed the user mingel"
echo "ok: removed and purged; /var/lib/mingel/mingel.db and the user mingel stay"
echo "PASS: the package installs, works, upgrades, removes and purges as it should"
