#!/bin/sh
# SPDX-License-Identifier: ISC
# The main job on the bundled examples: a fresh SQLite database, every
# example package imported, every example submission queued (one user
# per expected verdict folder), judged by two workers in the sandbox
# (--runtime auto: gVisor where runsc works), then the results and the
# scoreboard. The database is left in $GAVEL_DEMO_DB (default
# ./gavel-demo.db) for sqlite3 (see db/README.md).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
gavel="$top/gavel"
db=${GAVEL_DEMO_DB:-$PWD/gavel-demo.db}
GAVEL_POLICY_DIR="$top/sandbox/policies"
GAVEL_BOX="$top/gavel-box"
GAVEL_LANGUAGES="$top/judge/languages.conf"
export GAVEL_POLICY_DIR GAVEL_BOX GAVEL_LANGUAGES

rm -f "$db" "$db-wal" "$db-shm"
rm -rf "$db.cache"
"$gavel" --db "$db" init
"$gavel" --db "$db" problem import "$top"/problems/examples/*
for sub in "$top"/problems/examples/*/submissions/*/*; do
	problem=$(basename "$(dirname "$(dirname "$(dirname "$sub")")")")
	expected=$(basename "$(dirname "$sub")")
	"$gavel" --db "$db" submit --user "$expected" --problem "$problem" \
	    "$sub" >/dev/null
done
printf '\n== judging (2 workers)\n'
"$gavel" --db "$db" judge --once --workers 2
printf '\n== submissions\n'
"$gavel" --db "$db" list
printf '\n== scoreboard\n'
"$gavel" --db "$db" scoreboard
printf '\nThe database is %s; try: sqlite3 %s "select * from v_scoreboard"\n' \
    "$db" "$db"
