#!/bin/bash
# run_name.sh MINGEL TMPDIR: `mingel run --name` and the [sync] file's name, refused before
# anything is opened when they cannot be a kiosk's name.
#
# --help names the option; an empty name, one of 64 bytes and one with a line break are
# refused with exit status 64 and a message saying why, and no database is created; a
# [sync] file whose name is too long is refused with exit status 65 naming file and line.
# (That a good name is stored, travels with the records and shows at the other kiosks is
# test_store's, test_sync's and test_flow's.)
# shellcheck source=../support/common.sh
. "$(dirname "$0")/../support/common.sh"

MINGEL=$1
TMP=$2
DB=$TMP/run-name.db

fresh_dir "$TMP"

out=$("$MINGEL" run --help 2>&1)
echo "$out" | grep -q -- "--name NAME" || fail "run --help does not name --name: $out"

long=$(printf 'k%.0s' $(seq 1 64))
for name in "" "$long" "Kiosk
A"; do
    rc=0
    out=$("$MINGEL" run --db "$DB" --name "$name" 2>&1) || rc=$?
    [ $rc -eq 64 ] || fail "--name '$name' exited $rc: $out"
    echo "$out" | grep -q "cannot be a kiosk's name" || fail "--name '$name' said: $out"
    [ ! -e "$DB" ] || fail "--name '$name' created the database"
done

printf '[sync]\nserver = nats://127.0.0.1:4222\nname = %s\n' "$long" > "$TMP/sync.ini"
rc=0
out=$("$MINGEL" run --db "$DB" --sync "$TMP/sync.ini" 2>&1) || rc=$?
[ $rc -eq 65 ] || fail "a [sync] name of 64 bytes exited $rc: $out"
echo "$out" | grep -q "sync.ini:3: the name" || fail "the [sync] name's message: $out"
[ ! -e "$DB" ] || fail "the bad [sync] file created the database"
echo "ok"
