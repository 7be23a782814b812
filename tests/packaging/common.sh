# shellcheck shell=bash
# common.sh: what the packaging tests share (sourced by the packaging tests, after tests/support/common.sh).
#
# Both tests run an installed mingel (a moved install tree, an unpacked .deb) and must
# prove that it works from its own files alone: no MINGEL_DATA_DIR, no source tree, no
# database or data of the person running the tests. Every helper fails the test with a
# message that says what did not happen.

# shellcheck source=../support/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../support/common.sh"

# A clean environment for the installed program: nothing may point it at the source tree
# or at the tester's own database. HOME and XDG_DATA_HOME lead into the test's directory.
isolate() { # WORKDIR
    unset MINGEL_DATA_DIR STATE_DIRECTORY MINGEL_EXPORT_DIR MINGEL_DEBUG_TARGETS
    unset MINGEL_EXIT_AFTER_FIRST_FRAME NOTIFY_SOCKET WATCHDOG_USEC WATCHDOG_PID
    export HOME="$1/home" XDG_DATA_HOME="$1/xdg"
    export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy LC_ALL=C.UTF-8
    mkdir -p "$HOME" "$XDG_DATA_HOME"
}

# The version the program reports must be the project's.
check_version() { # MINGEL VERSION
    local out
    out=$("$1" --version) || fail "$1 --version failed"
    [ "$out" = "mingel $2" ] || fail "$1 --version printed '$out', expected 'mingel $2'"
    echo "ok: $out"
}

# The first data row's first field (a first name or a full name, whichever the header
# starts with), without a byte order mark or quotes.
first_name_in_csv() { # CSV
    sed -n 2p "$1" | sed -e 's/^\xEF\xBB\xBF//' | cut -d';' -f1 | cut -d',' -f1 | tr -d '"\r'
}

# Import the meeting and its attendees, export CSV, JSON and the report, and check that
# the files hold the meeting's title and the first attendee's name.
check_import_export() { # MINGEL EVENT_INI ATTENDEES_CSV WORKDIR
    local mingel=$1 ini=$2 csv=$3 work=$4 db title name
    db="$work/import.db"
    rm -rf "$db" "$db-wal" "$db-shm" "$work/csv" "$work/all.json" "$work/report.html"
    "$mingel" import --db "$db" "$ini" "$csv" || fail "mingel import $ini $csv failed"
    title=$(sed -n 's/^title[[:space:]]*=[[:space:]]*//p' "$ini" | sed 's/[[:space:]]*[;#].*$//')
    name=$(first_name_in_csv "$csv")
    [ -n "$title" ] || fail "no title in $ini"
    [ -n "$name" ] || fail "no attendee in $csv"

    "$mingel" export --db "$db" --format csv --out "$work/csv" || fail "CSV export failed"
    "$mingel" export --db "$db" --format json --out "$work/all.json" || fail "JSON export failed"
    "$mingel" export --db "$db" --format html --out "$work/report.html" ||
        fail "HTML export failed"

    local attendees
    attendees=$(find "$work/csv" -name '*-attendees.csv' | head -n 1)
    [ -n "$attendees" ] || fail "the CSV export wrote no attendees file: $(ls "$work/csv")"
    for f in "$work/csv"/*-checkins.csv "$work/csv"/*-ratings.csv \
        "$work/csv"/*-participants.csv; do
        [ -s "$f" ] || fail "the CSV export is missing $f"
    done
    grep -q -F "$name" "$attendees" || fail "'$name' is not in $attendees"
    grep -q -F "$name" "$work/all.json" || fail "'$name' is not in all.json"
    grep -q -F "$title" "$work/all.json" || fail "the title '$title' is not in all.json"
    # The report escapes HTML's special characters: compare the title up to the first one.
    grep -q -F "${title%%[&<>\"\']*}" "$work/report.html" ||
        fail "the title '$title' is not in report.html"
    grep -q '"format":"mingel-export"' "$work/all.json" || fail "all.json is not a mingel export"
    echo "ok: import + export of $(basename "$ini") and $(basename "$csv"): '$title', '$name'"
}

# Start the kiosk (dummy video driver, built-in demo meeting) until its first frame, and
# prove that it took its font and icons from DATA_DIR and from nowhere else: the program
# also knows its source tree and its configured prefix, and would fall back to them
# silently. The files it opens are read from strace's log.
check_kiosk_data() { # MINGEL DATA_DIR WORKDIR
    local mingel=$1 data=$2 work=$3 log err rc opened
    need strace strace
    log="$work/kiosk.strace"
    err="$work/kiosk.stderr"
    rm -f "$work/demo.db" "$work/demo.db-wal" "$work/demo.db-shm"
    rc=0
    MINGEL_EXIT_AFTER_FIRST_FRAME=1 strace -f -qq -e trace=open,openat -o "$log" \
        "$mingel" run --demo --db "$work/demo.db" 2>"$err" || rc=$?
    [ "$rc" -eq 0 ] || fail "mingel run --demo exited $rc: $(cat "$err")"
    grep -q '^first-frame-ms ' "$err" || fail "no first-frame-ms from the kiosk: $(cat "$err")"
    # Successful opens (a file descriptor returned) of a font or an icon.
    opened=$(grep -E '"[^"]*/(fonts/[^"]*\.ttf|assets/icons/[^"]*\.svg)"' "$log" |
        grep -E '= [0-9]+$' | sed -E 's/.*"([^"]*)".*/\1/' | sort -u)
    grep -q 'fonts/NotoSans-Regular.ttf' <<<"$opened" ||
        fail "the kiosk opened no NotoSans-Regular.ttf (strace log: $log)"
    grep -q 'assets/icons/.*\.svg' <<<"$opened" || fail "the kiosk opened no icon (log: $log)"
    local real_data f
    real_data=$(realpath "$data")
    while IFS= read -r f; do
        case $(realpath "$f") in
        "$real_data"/*) ;;
        *) fail "the kiosk read $f, outside its installed data $data" ;;
        esac
    done <<<"$opened"
    echo "ok: the kiosk showed its first frame ($(grep '^first-frame-ms' "$err")) with" \
        "fonts and icons from $data only"
}
