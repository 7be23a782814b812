#!/bin/bash
# import_consent.sh MINGEL TMPDIR: what `mingel import` says about the consent column.
#
# Who is on the participant list the organiser shares depends on one column of the
# attendee list, and a header the program does not recognise used to leave everybody off
# it without a word. So the import says which column it took and how many said yes; when
# it took none, one line says so and names the headers it recognises (and a column it saw
# but would not take, such as consent to a newsletter or a refusal); values that are
# neither yes nor no are counted as no and the first is named by line. The participant
# export must agree with what was said.
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"

MINGEL=$1
TMP=$2
EVENT=$MINGEL_TEST_DATA/event_good.ini

fresh_dir "$TMP"

# import NAME CSV-TEXT: writes the list, imports it into its own database, keeps stdout in
# $TMP/NAME.out and stderr in $TMP/NAME.err; fails unless the import succeeds.
import() {
    printf '%s' "$2" >"$TMP/$1.csv"
    "$MINGEL" import --db "$TMP/$1.db" "$EVENT" "$TMP/$1.csv" >"$TMP/$1.out" 2>"$TMP/$1.err" ||
        fail "$1: import failed: $(cat "$TMP/$1.err")"
}

# has NAME TEXT: stdout of import NAME has a line with TEXT (fixed string).
has() {
    grep -q -F -- "$2" "$TMP/$1.out" || fail "$1: no line with '$2' in: $(cat "$TMP/$1.out")"
}

# lines NAME PATTERN COUNT: that many lines of import NAME's stdout match PATTERN.
lines() {
    local n
    n=$(grep -c -E -- "$2" "$TMP/$1.out" || true)
    [ "$n" -eq "$3" ] || fail "$1: $n lines match '$2', expected $3: $(cat "$TMP/$1.out")"
}

# participants NAME: the names on the participant list exported from import NAME's database,
# one per line, sorted.
participants() {
    "$MINGEL" export --db "$TMP/$1.db" --format csv --table participants \
        --out "$TMP/$1-participants.csv" >/dev/null || fail "$1: participant export failed"
    tail -n +2 "$TMP/$1-participants.csv" | cut -d';' -f1 | tr -d '"\r' | sort | tr '\n' ' '
}

# 1. The question of a registration form as the header: taken, counted.
import form $'Namn;Organisation;F\xc3\xa5r synas p\xc3\xa5 deltagarlistan\nAnna Berg;Ekbacka;Ja\nBo Ek;Ekbacka;Nej\nCia Falk;Ekbacka;x\n'
has form $'Participant list: 2 of 3 consented (column 3 "F\xc3\xa5r synas p\xc3\xa5 deltagarlistan")'
lines form '^No consent column' 0
lines form '^Consent unclear' 0
[ "$(participants form)" = "Anna Berg Cia Falk " ] ||
    fail "form: the participant list is '$(participants form)'"

# 2. No consent column: one line saying so, with the headers that would have worked.
import none $'Namn;Organisation\nAnna Berg;Ekbacka\nBo Ek;Ekbacka\n'
lines none '^No consent column: nobody will be on the shared participant list; recognised headers: ' 1
lines none '^(No consent column|Participant list|Consent unclear)' 1
has none 'Samtycke'
has none 'Consent'
has none 'deltagarlista'
has none 'participant list'
lines none 'is not used' 0
[ -z "$(participants none)" ] || fail "none: the participant list is '$(participants none)'"

# 3. Consent to something else is not consent to the list: not taken, but named.
import newsletter $'Namn;Samtycke nyhetsbrev\nAnna Berg;Ja\n'
lines newsletter '^No consent column' 1
has newsletter 'column 2 "Samtycke nyhetsbrev" is not used: it does not say it is about the participant list'
[ -z "$(participants newsletter)" ] || fail "newsletter: someone is on the participant list"

# 4. A refusal column: a mark there means no, so it is never taken as consent.
import refusal $'Namn;Visa inte p\xc3\xa5 deltagarlistan\nAnna Berg;x\nBo Ek;\n'
lines refusal '^No consent column' 1
has refusal $'column 2 "Visa inte p\xc3\xa5 deltagarlistan" is not used: it reads as a refusal'
[ -z "$(participants refusal)" ] || fail "refusal: someone is on the participant list"

# 5. Values that are neither yes nor no: no, counted, the first named by its line.
import unclear $'Namn;Samtycke\nAnna Berg;Ja\nBo Ek;kanske\nCia Falk;OK\nDan Ris;nej\n'
has unclear 'Participant list: 1 of 4 consented (column 2 "Samtycke")'
has unclear 'Consent unclear for 2 attendees, counted as no (first on line 3: "kanske"); yes is ja'
[ "$(participants unclear)" = "Anna Berg " ] ||
    fail "unclear: the participant list is '$(participants unclear)'"
import one_unclear $'Namn;Consent\nAnna Berg;maybe\n'
has one_unclear 'Consent unclear for 1 attendee, counted as no (first on line 2: "maybe")'

# 6. No list, no word about consent; a refused list, none either.
"$MINGEL" import --db "$TMP/event-only.db" "$EVENT" >"$TMP/event-only.out" 2>&1 ||
    fail "event only: import failed: $(cat "$TMP/event-only.out")"
if grep -q -i 'consent' "$TMP/event-only.out"; then
    fail "event only: speaks of consent: $(cat "$TMP/event-only.out")"
fi
printf 'Namn;Samtycke\nAnna Berg;Ja\nBo Ek\n' >"$TMP/bad.csv"
set +e
"$MINGEL" import --db "$TMP/bad.db" "$EVENT" "$TMP/bad.csv" >"$TMP/bad.out" 2>"$TMP/bad.err"
rc=$?
set -e
[ "$rc" -eq 65 ] || fail "bad list: exit $rc, expected 65"
grep -q -F "bad.csv:3:" "$TMP/bad.err" || fail "bad list: no file:line in: $(cat "$TMP/bad.err")"
[ ! -s "$TMP/bad.out" ] || fail "bad list: printed: $(cat "$TMP/bad.out")"

echo "import consent: ok"
