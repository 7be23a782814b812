#!/usr/bin/env bash
# install_tree.sh BUILD_DIR VERSION WORKDIR CMAKE: the install tree, relocated.
#
# `cmake --install` lays out the tree a package is made from (the layout the Debian
# package ships, under a prefix). The program must run from that tree after it has been
# moved somewhere else (an unpacked package, a copied prefix): it finds its fonts and
# icons next to itself (<bin>/../share/mingel), not in the source tree or the configured
# prefix it also knows. So the tree is installed, moved, and then asked for its version,
# given the meeting and attendee examples it installed (import), made to export CSV, JSON
# and the report, and started as a kiosk up to its first frame.
# shellcheck source=common.sh
. "$(dirname "$0")/common.sh"
args 4 "BUILD_DIR VERSION WORKDIR CMAKE" "$@"
BUILD=$1 VERSION=$2 WORK=$3 CMAKE=$4

rm -rf "$WORK"
mkdir -p "$WORK"
PREFIX="$WORK/prefix"

"$CMAKE" --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log" ||
    fail "cmake --install failed: $(tail -n 20 "$WORK/install.log")"

# The layout, under the prefix. Units and the udev rule are filled in for this prefix.
for f in bin/mingel \
    share/mingel/fonts/NotoSans-Regular.ttf share/mingel/fonts/NotoSans-Bold.ttf \
    share/mingel/fonts/OFL.txt share/mingel/assets/icons/check.svg \
    share/locale/sv/LC_MESSAGES/mingel.mo share/locale/en/LC_MESSAGES/mingel.mo \
    lib/systemd/system/mingel.service lib/systemd/system/mingel-cage.service \
    lib/systemd/system/mingel-hub.service \
    lib/sysusers.d/mingel.conf lib/tmpfiles.d/mingel.conf \
    lib/udev/rules.d/80-mingel-usb.rules share/doc/mingel/copyright \
    share/doc/mingel/guide-sv.md share/doc/mingel/guide-en.md \
    share/doc/mingel/examples/event.ini share/doc/mingel/examples/deltagare.csv \
    share/man/man1/mingel.1.gz; do
    [ -f "$PREFIX/$f" ] || fail "cmake --install did not install $f"
done
[ -x "$PREFIX/bin/mingel" ] || fail "bin/mingel is not executable"
[ ! -e "$PREFIX/bin/mingel-bench" ] || fail "the benchmark program was installed"
grep -qx "ExecStart=$PREFIX/bin/mingel run" "$PREFIX/lib/systemd/system/mingel.service" ||
    fail "mingel.service does not start $PREFIX/bin/mingel: $(grep ExecStart \
        "$PREFIX/lib/systemd/system/mingel.service")"
grep -q "^ExecStart=/usr/bin/cage -d -- .* $PREFIX/bin/mingel run\$" \
    "$PREFIX/lib/systemd/system/mingel-cage.service" ||
    fail "mingel-cage.service does not start $PREFIX/bin/mingel in cage"
if grep -rn '@[A-Z_]*@' "$PREFIX/lib/systemd/system"; then
    fail "a unit still holds an unfilled @VARIABLE@"
fi
echo "ok: cmake --install laid out the tree under $PREFIX"

# The manual page: valid gzip, and it names every command and option the program's own
# help lists, so the two cannot drift apart.
man=$(gzip -dc "$PREFIX/share/man/man1/mingel.1.gz") || fail "mingel.1.gz is not valid gzip"
page=$(sed 's/\\-/-/g' <<<"$man")
commands=$("$PREFIX/bin/mingel" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ -n "$commands" ] || fail "mingel --help lists no commands"
for c in $commands; do
    grep -q -- "$c" <<<"$page" || fail "the manual page does not describe the command $c"
    for o in $("$PREFIX/bin/mingel" "$c" --help | sed -n '/^usage:/,/^$/p' |
        grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$o" <<<"$page" || fail "the manual page does not name $c $o"
    done
done
echo "ok: the manual page covers every command and option of mingel --help"

# Relocation: the same tree, somewhere else. Nothing is left at the old place.
MOVED="$WORK/elsewhere/moved-tree"
mkdir -p "$WORK/elsewhere"
mv "$PREFIX" "$MOVED"
[ ! -e "$PREFIX" ] || fail "$PREFIX still exists after the move"

isolate "$WORK"
check_version "$MOVED/bin/mingel" "$VERSION"
check_import_export "$MOVED/bin/mingel" "$MOVED/share/doc/mingel/examples/event.ini" \
    "$MOVED/share/doc/mingel/examples/deltagare.csv" "$WORK"
check_kiosk_data "$MOVED/bin/mingel" "$MOVED/share/mingel" "$WORK"
if [ -e "$HOME/.local/share/mingel" ] || [ -e "$XDG_DATA_HOME/mingel" ]; then
    fail "a command wrote to the default database although --db was given"
fi
echo "PASS: the relocated install tree works from its own files"
