#!/usr/bin/env bash
# cross-arm64.sh: build mingel for Raspberry Pi OS 64-bit (arm64) on an amd64 Debian 12
# machine, run under qemu-user the tests that mean the same there, and make and check
# mingel_<version>_arm64.deb.
#
# Why: the kiosk's main target is a Raspberry Pi, and CI has no Pi. Cross-compiling with
# -Werror and running the tests under emulation catches what differs on arm64 (char is
# unsigned there, alignment, the libraries' arm64 builds) before a Pi at a meeting does.
#
#   packaging/cross-arm64.sh [BUILD_DIR]        (default: build-arm64 in the source tree)
#
# Needs (as root, once):  dpkg --add-architecture arm64 && apt-get update &&
#                         xargs -a packaging/debian-deps-arm64.txt apt-get install -y
# No binfmt_misc is needed: the toolchain file (packaging/toolchain-aarch64.cmake) names
# qemu-aarch64-static as CMake's emulator, and CTest starts each test through it.
#
# Tests: every test labelled `core` (pure C, no display, mounts or browser), then those
# labelled `sdl` (SDL2's dummy video driver, no display) except test_sdl_soak: its leak
# check reads VmRSS, which under qemu-user is qemu's resident memory too, and qemu's own
# part grows as it translates more of the program (seen: +5.6 MB of qemu's over the soak
# while the kiosk's own stayed within 0.6 MB), so that check would judge qemu, not mingel.
# As root, also those labelled `root` (a tmpfs mounted in a private namespace). Not run
# here: x11 (Xvfb, xdotool), chromium, bench (timings mean nothing under emulation).
# Labels are described in tests/CMakeLists.txt.
#
# Exits non-zero, naming the step, on any failure: configure, build, a test, no package,
# a package that is not arm64 or whose program does not run.
set -euo pipefail
set -o errtrace # the ERR trap below fires inside functions too

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$SRC/build-arm64}
TRIPLET=aarch64-linux-gnu
QEMU=qemu-aarch64-static
JOBS=$(nproc)

step="start"
trap 'echo "cross-arm64: FAILED during: $step (line $LINENO: $BASH_COMMAND)" >&2' ERR

die() {
    echo "cross-arm64: FAILED: $*" >&2
    exit 1
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---- Tools --------------------------------------------------------------------------
step="checking the tools"
missing=""
for tool in cmake ctest cpack "$TRIPLET-gcc" "$QEMU" msgfmt dpkg-deb file; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
[ -e /lib/ld-linux-aarch64.so.1 ] || [ -e "/usr/$TRIPLET/lib/ld-linux-aarch64.so.1" ] ||
    missing="$missing libc6:arm64"
[ -z "$missing" ] || die "missing:$missing (install packaging/debian-deps-arm64.txt after" \
    "dpkg --add-architecture arm64)"

# ---- Configure and build ------------------------------------------------------------
t0=$(now)
step="configuring $BUILD"
# The prefix a Debian package installs to, so the program's compiled-in fallback data
# directory is /usr/share/mingel, not /usr/local/share/mingel.
cmake -S "$SRC" -B "$BUILD" -DCMAKE_TOOLCHAIN_FILE="$SRC/packaging/toolchain-aarch64.cmake" \
    -DMINGEL_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr
# A build directory first configured natively keeps its compiler whatever the toolchain
# file says; and no amd64 library may have been found.
cache=$BUILD/CMakeCache.txt
compiler=$(sed -n 's/^set(CMAKE_C_COMPILER "\(.*\)")$/\1/p' "$BUILD"/CMakeFiles/*/CMakeCCompiler.cmake)
case $compiler in
*/"$TRIPLET-gcc") ;;
*) die "$BUILD was configured for another compiler ($compiler); remove it and run again" ;;
esac
grep -q "^CSV_LIBRARY:FILEPATH=/usr/lib/$TRIPLET/" "$cache" ||
    die "libcsv is not the arm64 one: $(grep '^CSV_LIBRARY:' "$cache")"
if grep -E '^[A-Za-z_0-9]+:FILEPATH=/(usr/)?lib/x86_64-linux-gnu/' "$cache"; then
    die "the configuration above picked amd64 libraries"
fi
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$cache")
[ -n "$version" ] || die "no CMAKE_PROJECT_VERSION in $cache"

step="building"
cmake --build "$BUILD" -j"$JOBS"
build_s=$(elapsed "$t0")
what=$(file -b "$BUILD/mingel")
case $what in
*"ARM aarch64"*) ;;
*) die "$BUILD/mingel is not an arm64 program: $what" ;;
esac

# ---- Tests under qemu-user ----------------------------------------------------------
# ctest_label NAME ARGS...: runs the selection (none at all is an error), keeps its
# summary line for the end.
summaries=()
ctest_label() {
    local name=$1 log t1 rc
    shift
    log=$BUILD/cross-arm64-$name.log
    step="ctest $name"
    t1=$(now)
    set +e
    ctest --test-dir "$BUILD" --output-on-failure --no-tests=error -j"$JOBS" "$@" 2>&1 |
        tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    summaries+=("$name: $(grep -E 'tests passed' "$log" || echo 'no summary') ($(elapsed "$t1") s)")
    [ "$rc" -eq 0 ] || die "ctest $name: see the output above and $log"
}
t0=$(now)
ctest_label core -L '^core$'
ctest_label sdl -L '^sdl$' -E '^test_sdl_soak$'
# The disk-full test mounts a tmpfs in a private mount namespace: root only (CI is root).
root_tests=$(ctest --test-dir "$BUILD" -N -L '^root$' | grep -c 'Test *#' || true)
if [ "$(id -u)" -eq 0 ] && [ "$root_tests" -gt 0 ]; then
    ctest_label root -L '^root$'
fi
test_s=$(elapsed "$t0")

# ---- The package --------------------------------------------------------------------
deb=""
if [ -f "$BUILD/CPackConfig.cmake" ] && grep -q 'CPACK_DEBIAN' "$BUILD/CPackConfig.cmake"; then
    step="cpack -G DEB"
    t0=$(now)
    (cd "$BUILD" && cpack -G DEB)
    deb=$BUILD/mingel_${version}_arm64.deb
    [ -f "$deb" ] || die "cpack made no $deb; it made: $(cd "$BUILD" && ls -- *.deb 2>/dev/null)"

    step="checking $deb"
    arch=$(dpkg-deb -f "$deb" Architecture)
    [ "$arch" = arm64 ] || die "$deb: Architecture is '$arch', not arm64"
    [ "$(dpkg-deb -f "$deb" Package)" = mingel ] || die "$deb: Package is not mingel"
    [ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || die "$deb: Version is not $version"
    root=$(mktemp -d "${TMPDIR:-/tmp}/arm64-deb.XXXXXX")
    trap 'rm -rf "$root"' EXIT
    dpkg-deb -x "$deb" "$root"
    [ -x "$root/usr/bin/mingel" ] || die "$deb holds no /usr/bin/mingel"
    what=$(file -b "$root/usr/bin/mingel")
    case $what in
    *"ARM aarch64"*) ;;
    *) die "$deb: /usr/bin/mingel is not an arm64 program: $what" ;;
    esac
    # Not one program or library of another architecture anywhere in the package.
    while IFS= read -r -d '' f; do
        what=$(file -b "$f")
        case $what in
        ELF*"ARM aarch64"*) ;;
        ELF*) die "$deb: ${f#"$root"} is not arm64: $what" ;;
        esac
    done < <(find "$root" -type f -print0)
    got=$("$QEMU" "$root/usr/bin/mingel" --version)
    [ "$got" = "mingel $version" ] ||
        die "the packaged mingel --version said '$got', not 'mingel $version'"
    pack_s=$(elapsed "$t0")
elif [ -f "$SRC/cmake/Packaging.cmake" ]; then
    die "cmake/Packaging.cmake exists but $BUILD has no CPack DEB configuration"
else
    echo "cross-arm64: WARNING: no cmake/Packaging.cmake yet: no package made" >&2
fi

# ---- Summary ------------------------------------------------------------------------
step="summary"
echo
echo "cross-arm64: mingel $version for arm64 in $BUILD"
echo "  configure + build: $build_s s ($JOBS jobs)"
for s in "${summaries[@]}"; do
    echo "  tests under $QEMU, $s"
done
echo "  tests in all: $test_s s"
if [ -n "$deb" ]; then
    echo "  package: $deb ($pack_s s)"
    echo "    Architecture: $(dpkg-deb -f "$deb" Architecture)"
    echo "    Depends: $(dpkg-deb -f "$deb" Depends)"
    echo "    /usr/bin/mingel: $(file -b "$root/usr/bin/mingel" | cut -d, -f1-2)"
    echo "    under qemu: $got"
fi
