#!/usr/bin/env bash
# debian-build.sh SUITE SRC OUT: the package built from the source tree SRC on a fresh
# Debian SUITE machine (a debootstrapped root, chrooted into), for tests/vm to boot a
# SUITE machine with it. Raspberry Pi OS follows Debian's releases, and a package built on
# Debian 12 does not install on Debian 13: its Depends name the libraries of the release
# it was built on (dpkg-shlibdeps: libnats3.4 on Debian 12, libnats3.10 on 13; the 64-bit
# time_t renames such as libcups2t64).
#
# The root (debootstrap --variant=minbase, then packaging/debian-deps.txt installed with
# apt-get, as the README's first command does on a fresh machine, without Recommends) is
# built once and cached in MINGEL_VM_CACHE (default /var/cache/mingel-vm), keyed by a hash
# of the suite, that list and make_root's own text. Each run copies SRC's files (those git
# tracks, as they are in the working tree) into a fresh overlay over it and, chrooted:
#     cmake -S . -B build -DBUILD_TESTING=OFF && cmake --build build && cpack -G DEB
# OUT gets the package (mingel_*.deb) and the logs. Needs root, debootstrap and git, and
# the Debian mirror (MINGEL_DEBIAN_MIRROR, else this machine's) for the first run.
# Failing steps fail the test: nothing is skipped.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"
args 3 "SUITE SRC OUT" "$@"
SUITE=$1
SRC=$(realpath "$2")
OUT=$3
[ "$(id -u)" -eq 0 ] || fail "needs root: debootstrap, chroot and an overlay mount"
need debootstrap debootstrap
need git git
DEPS_FILE=$SRC/packaging/debian-deps.txt
[ -f "$DEPS_FILE" ] || fail "no $DEPS_FILE"
CACHE=${MINGEL_VM_CACHE:-/var/cache/mingel-vm}
ARCH=$(dpkg --print-architecture)
MIRROR=$(debian_mirror)
mkdir -p "$CACHE"
# The build root in the directory $1 (as $1/root): debootstrap, then the list's packages.
make_root() {
    local r=$1/root
    debootstrap --variant=minbase --arch="$ARCH" "$SUITE" "$r" "$MIRROR" \
        >"$1/debootstrap.log" 2>&1 || fail "debootstrap failed: $(tail -n 20 "$1/debootstrap.log")"
    cp /etc/resolv.conf "$r/etc/resolv.conf"
    mount -t proc proc "$r/proc"
    chroot "$r" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
        sh -ec "apt-get update -q && apt-get install -y -q --no-install-recommends \
        $(tr '\n' ' ' <"$DEPS_FILE")" >"$1/apt.log" 2>&1 ||
        { umount "$r/proc"; fail "apt-get install in $SUITE failed: $(tail -n 20 "$1/apt.log")"; }
    umount "$r/proc"
    rm -rf "$r"/var/cache/apt/archives/*.deb
}
# Cached by a hash of all that goes into it, make_root's own text included.
KEY=$(printf '%s\n' "$SUITE" "$ARCH" "$(cat "$DEPS_FILE")" "$(declare -f make_root)" |
    sha256sum | cut -c1-16)
ROOT="$CACHE/build-$SUITE-$ARCH-$KEY"
if [ ! -f "$ROOT/done" ]; then # a half-built root never replaces a good one
    echo "building the $SUITE $ARCH build root in $ROOT (debootstrap from $MIRROR)"
    t0=$(date +%s)
    rm -rf "$ROOT.new" && mkdir -p "$ROOT.new"
    make_root "$ROOT.new"
    echo "$(($(date +%s) - t0))" >"$ROOT.new/seconds" && touch "$ROOT.new/done"
    rm -rf "$ROOT" && mv "$ROOT.new" "$ROOT"
fi
echo "build root: $ROOT (made in $(cat "$ROOT/seconds") s)"

fresh_dir "$OUT"
overlay_root "$ROOT/root" "$OUT"
R=$OUT/root
mkdir -p "$R/src"
# The tracked files as they are now (a change not yet committed is built too).
(cd "$SRC" && git ls-files -z --cached --others --exclude-standard |
    tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$R/src" ||
    fail "cannot copy the source tree $SRC"
t0=$(date +%s)
chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
    sh -ec "cd /src && cmake -S . -B /build -DBUILD_TESTING=OFF && \
        cmake --build /build -j$(nproc) && cd /build && cpack -G DEB -B /out" \
    >"$OUT/build.log" 2>&1 || fail "the build on $SUITE failed: $(tail -n 30 "$OUT/build.log")"
debs=("$R"/out/mingel_*_"$ARCH".deb)
[ -f "${debs[0]}" ] || fail "cpack made no package: $(ls "$R/out")"
cp "${debs[0]}" "$OUT/"
deb=$OUT/$(basename "${debs[0]}")
echo "ok: $(basename "$deb") built on $(cat "$R/etc/debian_version") in $(($(date +%s) - t0)) s;" \
    "Depends: $(dpkg-deb -f "$deb" Depends)"
