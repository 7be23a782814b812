#!/bin/sh
# set_pin.sh MINGEL TMPDIR: `mingel set-pin` fed on standard input, as a script would.
#
# The PIN is read as two lines of stdin when stdin is not a terminal. A good PIN is stored
# as an Argon2id hash and never in clear: its digits must not be found in the database
# file or its -wal. Two different PINs, a PIN too short or not all digits, and no input at
# all are refused with exit status 65 and leave the stored hash as it was.
set -u
MINGEL=$1
TMP=$2
DB=$TMP/set-pin.db
PIN=493817
export LC_ALL=C

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

rm -rf "$TMP"
mkdir -p "$TMP" || fail "cannot create $TMP"

# A database with a meeting in it, as the organiser has before setting the PIN.
"$MINGEL" import --db "$DB" "$MINGEL_TEST_DATA/event_good.ini" \
    "$MINGEL_TEST_DATA/attendees_semicolon.csv" >/dev/null || fail "import failed"

# 1. A good PIN, typed twice.
out=$(printf '%s\n%s\n' "$PIN" "$PIN" | "$MINGEL" set-pin --db "$DB" 2>&1)
rc=$?
[ $rc -eq 0 ] || fail "set-pin exited $rc: $out"
echo "$out" | grep -q "Admin PIN set" || fail "set-pin did not say what it did: $out"
echo "$out" | grep -q "$PIN" && fail "set-pin printed the PIN: $out"

# 2. Not in clear anywhere: not in the file, not in a -wal.
for f in "$DB" "$DB-wal"; do
    [ -e "$f" ] || continue
    grep -a -q "$PIN" "$f" && fail "the PIN $PIN is in $f in clear"
done
grep -a -q 'argon2id' "$DB" || fail "no Argon2id hash in $DB"

hash_now() {
    if command -v sqlite3 >/dev/null 2>&1; then
        sqlite3 -batch "$DB" "SELECT pin_hash FROM admin WHERE id = 1"
    else
        cksum <"$DB"
    fi
}
before=$(hash_now)
case $before in
'$argon2id$'*) ;;
*) command -v sqlite3 >/dev/null 2>&1 && fail "stored hash looks wrong: $before" ;;
esac

# 3. Refusals: each exits 65 and changes nothing.
refuse() { # what, input, expected message part
    out=$(printf "$2" | "$MINGEL" set-pin --db "$DB" 2>&1)
    rc=$?
    [ $rc -eq 65 ] || fail "$1: exit $rc, expected 65: $out"
    echo "$out" | grep -q "$3" || fail "$1: message lacks '$3': $out"
    [ "$(hash_now)" = "$before" ] || fail "$1: the stored PIN changed"
}
refuse "two different PINs" '123456\n123457\n' "differ"
refuse "too short" '12345\n12345\n' "6 to 12 digits"
refuse "too long" '1234567890123\n1234567890123\n' "6 to 12 digits"
refuse "not digits" 'abcdef\nabcdef\n' "6 to 12 digits"
refuse "a space" '493 817\n493 817\n' "6 to 12 digits"
refuse "no input" '' "no PIN given"
refuse "one line only" '493817\n' "no PIN given"

# 4. Windows line ends from a script are fine; the PIN can be changed.
out=$(printf '271828\r\n271828\r\n' | "$MINGEL" set-pin --db "$DB" 2>&1) ||
    fail "CRLF input refused: $out"
[ "$(hash_now)" != "$before" ] || fail "a new PIN did not replace the old one"
for f in "$DB" "$DB-wal"; do
    [ -e "$f" ] || continue
    grep -a -q "271828" "$f" && fail "the PIN 271828 is in $f in clear"
done

# 5. The command line itself.
"$MINGEL" set-pin --help | grep -q "usage: mingel set-pin" || fail "--help"
"$MINGEL" set-pin --db "$DB" extra </dev/null >/dev/null 2>&1
[ $? -eq 64 ] || fail "an extra argument is not a usage error"

echo "set-pin: ok"
