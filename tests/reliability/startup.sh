#!/bin/bash
# startup.sh: the built program, started on each kind of database file it must refuse.
#
# usage: startup.sh MINGEL_BINARY TMPDIR      (MINGEL_TEST_DATA: tests/data)
#
# For a file that is not a database, a damaged one, another program's SQLite database, one
# from a newer mingel, and a read-only file or directory, both `mingel run` and
# `mingel stats` must: exit with a non-zero status (74: cannot be read or written; 73:
# read-only), print one clear message on stderr that names the file and says what to do,
# and leave the file byte for byte as it was (sha256sum before and after), with no -wal,
# -shm or -journal beside it. `run` must say so before it opens a window: it runs under
# SDL's dummy driver and a timeout, and a kiosk that starts on a bad file fails the test.
#
# Read-only as root: root may write any file whatever its mode, so the read-only cases run
# the program as nobody (setpriv) when this script runs as root, from a copy of the
# program and its font in a directory nobody can reach.
#
# Needs sqlite3 (the CLI, to make foreign databases), sha256sum, timeout, and as root
# setpriv (util-linux).
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"
args 2 "MINGEL_BINARY TMPDIR" "$@"
MINGEL=$1
TMP=$2
DATA=${MINGEL_TEST_DATA:?MINGEL_TEST_DATA must name tests/data}
ROOT_DIR=$(cd "$(dirname "$0")/../.." && pwd)

for tool in sqlite3 sha256sum timeout; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is needed"
done

fresh_dir "$TMP"
checked=0

# ---- Making the files -----------------------------------------------------------------

# A real mingel database, made by the program itself, closed (one file, no -wal).
mingel_db() {
    "$MINGEL" import --db "$1" "$DATA/event_minimal.ini" "$DATA/attendees_semicolon.csv" \
        >/dev/null || fail "mingel import could not make a database at $1"
    [ ! -e "$1-wal" ] || fail "mingel import left a -wal beside $1"
}

# Overwrites bytes of a file at an offset, leaving its size.
patch() { # file offset bytes-file
    dd if="$3" of="$1" bs=1 seek="$2" conv=notrunc status=none
}

make_csv() { # the attendee list given by mistake
    cp "$DATA/attendees_semicolon.csv" "$1"
}
make_random() {
    head -c 12288 /dev/urandom >"$1"
}
make_magic_noise() {
    printf 'SQLite format 3\000' >"$1"
    head -c 8176 /dev/urandom >>"$1"
}
make_damaged_page() { # noise over page 3 of a real mingel database
    mingel_db "$1"
    head -c 4096 /dev/urandom >"$TMP/noise"
    patch "$1" 8192 "$TMP/noise"
}
make_foreign() { # most programs never set application_id
    sqlite3 "$1" "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
                  INSERT INTO notes(body) VALUES ('not mingel''s');"
}
make_foreign_app_id() {
    sqlite3 "$1" "PRAGMA application_id = 1234; CREATE TABLE t(x); INSERT INTO t VALUES (1);"
}
make_newer() { # a mingel database whose user_version says schema 99
    mingel_db "$1"
    printf '\000\000\000\143' >"$TMP/version"
    patch "$1" 60 "$TMP/version"
}

# ---- Running the program --------------------------------------------------------------

# A command prefix for the read-only cases (setpriv ...), split into words on purpose.
RUN_AS=""

# Runs `mingel CMD --db DB` and checks status, message and the file.
#   expect CMD DB STATUS PHRASE...
expect() {
    cmd=$1
    db=$2
    want=$3
    shift 3
    before=$(sha256sum <"$db")
    for s in -wal -shm -journal; do
        [ ! -e "$db$s" ] || fail "$db$s exists before the test"
    done
    set +e
    if [ "$cmd" = run ]; then
        # Never a real display; a kiosk that starts would run until the timeout (124).
        # shellcheck disable=SC2086 # RUN_AS is a command prefix
        SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
            timeout 20 $RUN_AS "$PROG" run --db "$db" --windowed >"$TMP/out" 2>"$TMP/err"
    else
        # shellcheck disable=SC2086 # RUN_AS is a command prefix
        timeout 20 $RUN_AS "$PROG" stats --db "$db" >"$TMP/out" 2>"$TMP/err"
    fi
    got=$?
    set -e
    msg=$(cat "$TMP/err")
    what="mingel $cmd on $CASE"
    [ "$got" -ne 124 ] || fail "$what: the kiosk started on the file instead of refusing it"
    [ "$got" -eq "$want" ] || fail "$what: exit status $got, want $want; stderr: $msg"
    [ -n "$msg" ] || fail "$what: no message on stderr"
    [ "$(printf '%s\n' "$msg" | wc -l)" -eq 1 ] || fail "$what: more than one line: $msg"
    case $msg in
    "mingel: $db"*) ;;
    *) fail "$what: the message should start with 'mingel: $db': $msg" ;;
    esac
    for phrase in "$@"; do
        case $msg in
        *"$phrase"*) ;;
        *) fail "$what: the message should say '$phrase': $msg" ;;
        esac
    done
    [ ! -s "$TMP/out" ] || fail "$what: printed on stdout: $(cat "$TMP/out")"
    after=$(sha256sum <"$db")
    [ "$before" = "$after" ] || fail "$what: the file was changed"
    for s in -wal -shm -journal; do
        [ ! -e "$db$s" ] || fail "$what: left $db$s behind"
    done
    echo "ok: $what: status $got: $msg"
    checked=$((checked + 1))
}

# Each kind of file: case name, maker, status, what the message must say.
PROG=$MINGEL
check() {
    CASE=$1
    maker=$2
    want=$3
    shift 3
    db="$TMP/$maker.db"
    rm -f "$db" "$db-wal" "$db-shm" "$db-journal"
    "$maker" "$db"
    expect run "$db" "$want" "$@"
    expect stats "$db" "$want" "$@"
}

check "an attendee list (CSV)" make_csv 74 "not a mingel database" "left untouched" \
    "use another --db"
check "random bytes" make_random 74 "not a mingel database" "left untouched" "use another --db"
check "an SQLite header, then noise" make_magic_noise 74 "damaged" "left untouched" \
    "use another --db"
check "a damaged page" make_damaged_page 74 "damaged" "left untouched" "restore a backup"
check "another program's database" make_foreign 74 "another program" "left untouched" \
    "use another --db"
check "another program's database (application_id)" make_foreign_app_id 74 "another program" \
    "0x000004D2" "left untouched"
check "a database from a newer mingel" make_newer 74 "newer mingel" "schema 99" \
    "left untouched" "upgrade mingel"

# ---- Read-only ------------------------------------------------------------------------

if [ "$(id -u)" -eq 0 ]; then
    command -v setpriv >/dev/null 2>&1 || fail "setpriv is needed to drop root"
    # nobody must reach the program, its font and the files: a private copy under /tmp.
    RO=$(mktemp -d /tmp/mingel-startup.XXXXXX)
    trap 'chmod -R u+w "$RO" 2>/dev/null; rm -rf "$RO"' EXIT
    chmod 0755 "$RO"
    mkdir -p "$RO/bin" "$RO/share/mingel/fonts"
    cp "$MINGEL" "$RO/bin/mingel"
    cp "$ROOT_DIR/fonts/NotoSans-Regular.ttf" "$RO/share/mingel/fonts/"
    PROG=$RO/bin/mingel
    RUN_AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    $RUN_AS "$PROG" --version >/dev/null || fail "cannot run the program as nobody"
else
    RO=$(mktemp -d "${TMPDIR:-/tmp}/mingel-startup.XXXXXX")
    trap 'chmod -R u+w "$RO" 2>/dev/null; rm -rf "$RO"' EXIT
    PROG=$MINGEL
fi
export MINGEL_DATA_DIR="$RO/share/mingel"
[ -d "$MINGEL_DATA_DIR" ] || unset MINGEL_DATA_DIR

# A read-only file in a writable directory.
CASE="a read-only file"
mkdir -m 0777 "$RO/rw"
chmod 0777 "$RO/rw"
mingel_db "$RO/rw/kiosk.db"
chmod 0444 "$RO/rw/kiosk.db"
expect run "$RO/rw/kiosk.db" 73 "for writing" "make it writable or use another --db"
expect stats "$RO/rw/kiosk.db" 73 "for writing" "make it writable or use another --db"

# A writable file in a read-only directory (-wal and -shm cannot be made).
CASE="a file in a read-only directory"
mkdir "$RO/ro"
mingel_db "$RO/ro/kiosk.db"
chmod 0666 "$RO/ro/kiosk.db"
chmod 0555 "$RO/ro"
expect run "$RO/ro/kiosk.db" 73 "directory is not writable" "make it writable"
expect stats "$RO/ro/kiosk.db" 73 "directory is not writable" "make it writable"

echo "startup.sh: $checked starts refused as they should be"
