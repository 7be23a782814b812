# shellcheck shell=bash
# common.sh: what every shell test shares (sourced by tests/cli, tests/packaging,
# tests/export, tests/reliability and tests/vm scripts). It sets strict mode and the
# C.UTF-8 locale, so that Swedish letters pass through grep and sed unchanged.
#
# Every helper fails the test with a message that says what did not happen.
set -euo pipefail
export LC_ALL=C.UTF-8

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# args COUNT "WORDS" "$@": exits 2 with "usage: SCRIPT WORDS" unless the script was given
# COUNT arguments.
args() {
    local n=$1 words=$2
    shift 2
    if [ $# -ne "$n" ]; then
        echo "usage: $0 $words" >&2
        exit 2
    fi
}

need() { # TOOL PACKAGE: fail clearly when a tool the test needs is missing
    command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed (Debian package: $2)"
}

fresh_dir() { # DIR: an empty DIR, whatever was there before
    rm -rf "$1"
    mkdir -p "$1" || fail "cannot create $1"
}

has_line() { # FILE TEXT: FILE has a line with TEXT (a fixed string)
    grep -q -F -- "$2" "$1" || fail "$1: no line with '$2' in: $(cat "$1")"
}

# The Debian mirror this machine's apt uses for bookworm (MINGEL_DEBIAN_MIRROR wins), in
# the one-line or the deb822 sources format, else deb.debian.org.
debian_mirror() {
    if [ -n "${MINGEL_DEBIAN_MIRROR:-}" ]; then
        echo "$MINGEL_DEBIAN_MIRROR"
        return
    fi
    local uri
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
        awk '$1 == "deb" && / bookworm / {
            for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; exit } }')
    [ -n "$uri" ] || uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
        awk 'BEGIN { RS = ""; FS = "\n" }
            / bookworm( |$)|Suites: bookworm( |$)/ {
                for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) {
                    split($i, w, " "); print w[2]; exit } }')
    echo "${uri:-http://deb.debian.org/debian}"
}

# overlay_root LOWER DIR: a writable overlay of the root file system LOWER mounted at
# DIR/root (its changes in DIR/upper), with /proc mounted in it, for chroot; all of it
# unmounted and the changes removed when the script exits. Needs root.
overlay_root() {
    local lower=$1 dir=$2
    mkdir -p "$dir/upper" "$dir/work" "$dir/root"
    mount -t overlay overlay -o "lowerdir=$lower,upperdir=$dir/upper,workdir=$dir/work" \
        "$dir/root" || fail "cannot mount an overlay of $lower at $dir/root"
    OVERLAY_DIR=$dir
    trap overlay_root_end EXIT
    mount -t proc proc "$dir/root/proc" || fail "cannot mount /proc in $dir/root"
}

overlay_root_end() {
    umount "$OVERLAY_DIR/root/proc" 2>/dev/null || true
    umount "$OVERLAY_DIR/root" 2>/dev/null || true
    rm -rf "$OVERLAY_DIR/upper" "$OVERLAY_DIR/work"
    rmdir "$OVERLAY_DIR/root" 2>/dev/null || true
}
