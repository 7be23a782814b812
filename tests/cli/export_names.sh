#!/bin/bash
# export_names.sh MINGEL TMPDIR: `mingel export` names its files after what they hold.
#
# The admin screen writes the privacy-safe exports to a USB stick under standard names;
# an organiser who then exports with --with-email or --with-text into the same place must
# not replace them with files of the same name that hold e-mail addresses or free text,
# or the wrong file gets shared. So such a file's name says so: "-with-email",
# "-with-text" or "-with-email-text" before the extension, and the safe names stay as
# they were. This drives the command as the organiser would, into one directory, in both
# orders, and checks every file's name against its content.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"

MINGEL=$1
TMP=$2

fresh_dir "$TMP"
DB=$TMP/names.db
EVENT=$TMP/event.ini
cat >"$EVENT" <<'EOF'
[event]
id    = natverk-2027
title = Nätverksträff
date  = 2027-01-15

[question.1]
sv = Hur var dagen?
en = How was the day?
EOF
# Anna consented to the participant list, Bo did not: Bo's address may appear only in a
# file that says it has e-mail addresses.
printf 'Namn;Organisation;E-post;Samtycke\nAnna Berg;Ekbacka;anna@ekbacka.example;Ja\nBo Ek;Ekbacka;bo.private@ekbacka.example;Nej\n' >"$TMP/list.csv"
"$MINGEL" import --db "$DB" "$EVENT" "$TMP/list.csv" >/dev/null || fail "import failed"
# A reflection to find: written into the store by the kiosk normally; here with sqlite3.
command -v sqlite3 >/dev/null || fail "sqlite3 is needed (Debian package sqlite3)"
sqlite3 -batch "$DB" "INSERT INTO reflection (id, event_id, token, text, at_ms, device, flagged)
    SELECT '01890000-0000-7000-8000-000000000001', id, 'tok', 'En hemlig reflektion',
           1768464000000, 'test', 0 FROM event;" ||
    fail "could not add a reflection (has the reflection table changed?)"

EMAIL=bo.private@ekbacka.example
TEXT='En hemlig reflektion'
PREFIX=natverk-2027-2027-01-15

# export DIR OPTIONS...: the CSV directory, JSON and the report into DIR, and the attendees
# alone; every "Wrote" line is kept in $TMP/wrote.
export_all() {
    local dir=$1
    shift
    {
        "$MINGEL" export --db "$DB" --format csv --out "$dir" "$@"
        "$MINGEL" export --db "$DB" --format json --out "$dir" "$@"
        "$MINGEL" export --db "$DB" --format html --out "$dir" "$@"
        "$MINGEL" export --db "$DB" --format json --table attendees --out "$dir" "$@"
    } >>"$TMP/wrote"
}

# check DIR: every file name in DIR against what the file holds.
check() {
    local dir=$1 f name want email text
    declare -A expected=(
        [checkins.csv]=safe [attendees.csv]=safe [ratings.csv]=safe [participants.csv]=safe
        [all.json]=safe [report.html]=safe [attendees.json]=safe
        [attendees-with-email.csv]=email [attendees-with-email.json]=email
        [all-with-email.json]=email [reflections-with-text.csv]=text
        [all-with-text.json]=text [report-with-text.html]=text
        [all-with-email-text.json]=both
    )
    for name in "${!expected[@]}"; do
        f=$dir/$PREFIX-$name
        [ -s "$f" ] || fail "$dir: no $PREFIX-$name; there are: $(ls "$dir")"
        want=${expected[$name]}
        email=no
        text=no
        grep -q -F "$EMAIL" "$f" && email=yes
        grep -q -F "$TEXT" "$f" && text=yes
        case $want in
        safe) [ "$email$text" = nono ] ;;
        email) [ "$email$text" = yesno ] ;;
        text) [ "$email$text" = noyes ] ;;
        both) [ "$email$text" = yesyes ] ;;
        esac || fail "$f: e-mail addresses: $email, reflections' text: $text; expected $want"
    done
    local n
    n=$(find "$dir" -type f | wc -l)
    [ "$n" -eq "${#expected[@]}" ] || fail "$dir: $n files, expected ${#expected[@]}: $(ls -A "$dir")"
}

# Safe first (as the admin screen would have), then each private kind; then the other way.
: >"$TMP/wrote"
for order in safe-first safe-last; do
    dir=$TMP/$order
    mkdir "$dir"
    [ "$order" = safe-first ] && export_all "$dir"
    export_all "$dir" --with-email
    export_all "$dir" --with-text
    export_all "$dir" --with-email --with-text
    [ "$order" = safe-last ] && export_all "$dir"
    check "$dir"
done

# What the command says it wrote is what is there.
while read -r word path; do
    [ "$word" = Wrote ] || continue
    [ -s "$path" ] || fail "said it wrote $path, which is not there"
done <"$TMP/wrote"
grep -q -F "Wrote $TMP/safe-first/$PREFIX-attendees-with-email.csv" "$TMP/wrote" ||
    fail "no 'Wrote' line for the attendees with e-mail"
grep -q -F "Wrote $TMP/safe-first/$PREFIX-report-with-text.html" "$TMP/wrote" ||
    fail "no 'Wrote' line for the report with text"

# A file name the organiser gives is kept as given.
"$MINGEL" export --db "$DB" --format csv --table attendees --with-email \
    --out "$TMP/mine.csv" >/dev/null || fail "export to a named file failed"
grep -q -F "$EMAIL" "$TMP/mine.csv" || fail "mine.csv has no e-mail addresses"

# A directory written with a trailing '/' is a directory, made if missing, not a file name.
"$MINGEL" export --db "$DB" --format html --with-text --out "$TMP/stick/" >/dev/null ||
    fail "export to a new directory failed"
[ -s "$TMP/stick/$PREFIX-report-with-text.html" ] ||
    fail "no report in $TMP/stick/: $(ls -la "$TMP/stick" 2>&1)"

echo "export names: ok"
