#!/bin/sh
# SPDX-License-Identifier: ISC
# The admin views and the example queries of db/README.md, run with the
# sqlite3 command on a database made by db-fill.

set -eu

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "SKIP: no sqlite3 command (apt-get install sqlite3)"
	exit 77
fi
: "${top_builddir:=.}"
tmp=$(mktemp -d /tmp/db-views.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
db=$tmp/gavel.db
"$top_builddir/tests/unit/db-fill" "$db"

fails=0
# check NAME SQL EXPECTED: the rows (list mode, '|' between columns).
check() {
	got=$(sqlite3 -readonly -batch "$db" "$2" 2>&1) || true
	if [ "$got" != "$3" ]; then
		printf 'FAIL %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$3" \
		    "$got"
		fails=$((fails + 1))
	else
		echo "ok $1"
	fi
}

# check_has NAME SQL NEEDLE: the output (plans, errors) contains NEEDLE.
check_has() {
	got=$(sqlite3 -readonly -batch "$db" "$2" 2>&1) || true
	case $got in
	*"$3"*)	echo "ok $1" ;;
	*)	printf 'FAIL %s: no "%s" in:\n%s\n' "$1" "$3" "$got"
		fails=$((fails + 1)) ;;
	esac
}

check schema-version "PRAGMA user_version; PRAGMA journal_mode;" "2
wal"

check v_problems "SELECT short_name, version, type FROM v_problems
ORDER BY short_name" "groups|1|scoring
hello|2|pass-fail"

check versions "SELECT short_name, version, (SELECT count(*) FROM testcases t
WHERE t.problem_id = p.id) FROM problems p ORDER BY id" "hello|1|3
groups|1|5
hello|2|4"

check v_submissions "SELECT id, user, problem, submitted_version, status,
coalesce(verdict, '-'), coalesce(judged_version, '-') FROM v_submissions
ORDER BY id" "1|alice|hello|1|done|AC|1
2|bob|hello|1|done|WA|2
3|bob|hello|2|done|AC|2
4|alice|groups|1|done|WA|1
5|bob|groups|1|done|AC|1
6|carol|hello|2|done|RJ|2
7|alice|hello|2|queued|-|-
8|carol|groups|1|queued|-|-"

check v_latest "SELECT user, problem, submission_id, verdict, score,
judged_version, pending FROM v_latest ORDER BY user, problem" \
"alice|groups|4|WA|40.0|1|0
alice|hello|1|AC|1.0|1|1
bob|groups|5|AC|100.0|1|0
bob|hello|3|AC|1.0|2|0
carol|hello|6|RJ|0.0|2|0"

check v_scoreboard "SELECT rank, user, solved, score FROM v_scoreboard
WHERE banned = 0 ORDER BY rank, user" "1|bob|2|101.0
2|alice|1|41.0"

check v_flagged "SELECT submission_id, user, verdict, flags, max_severity,
rejected, rules FROM v_flagged ORDER BY submission_id" \
"4|alice|WA|1|low|0|sv.fork
6|carol|RJ|2|high|1|mining.stratum,net.socket"

check history "SELECT j.id, p.version, j.verdict, count(r.id),
j.id = s.judging_id FROM judgings j JOIN submissions s ON s.id =
j.submission_id LEFT JOIN problems p ON p.id = j.problem_id LEFT JOIN runs r
ON r.judging_id = j.id WHERE j.submission_id = 2 GROUP BY j.id ORDER BY j.id" \
"2|1|WA|3|0
7|2|WA|4|1"

check runs "SELECT t.name, r.verdict, r.cpu_ms, coalesce(r.checker_message,
'') FROM submissions s JOIN runs r ON r.judging_id = s.judging_id JOIN
testcases t ON t.id = r.testcase_id WHERE s.id = 4 ORDER BY t.ord" \
"sample/0|AC|3|
secret/g1/1|WA|4|line 1: expected 5, got 6
secret/g2/2|SK|5|
secret/g1/3|SK|6|
secret/g2/4|SK|7|"

check bans "SELECT name, banned, ban_reason FROM users WHERE banned"  \
"carol|1|crypto-mining submission"

check audit "SELECT actor, action, target FROM audit ORDER BY id" \
"db-fill|problem.add|hello
db-fill|problem.add|groups
db-fill|problem.add|hello
db-fill|user.ban|carol"

check_has queue-plan "EXPLAIN QUERY PLAN SELECT id FROM submissions WHERE
status IN ('queued', 'judging') AND (status = 'queued' OR lease_expires <= 0)
ORDER BY priority DESC, id LIMIT 1" \
"SCAN submissions USING INDEX submissions_queue"

check_has user-plan "EXPLAIN QUERY PLAN SELECT count(*) FROM submissions
WHERE user_id = 1 AND submitted_at >= 0" \
"USING COVERING INDEX submissions_user (user_id=? AND submitted_at>?)"

check_has views-read-only "DELETE FROM v_latest" \
"cannot modify v_latest because it is a view"

check checks "PRAGMA integrity_check; PRAGMA foreign_key_check;" "ok"

# A file at schema 1 (migration 1 alone, as the first release left it)
# is migrated on open and keeps its rows.
old=$tmp/old.db
{
	awk '/^-- migration: 2$/ { exit } { print }' "$top_srcdir/db/schema.sql"
	echo "INSERT INTO users (name, created_at) VALUES ('olduser', 1);"
	echo "PRAGMA user_version = 1; PRAGMA application_id = 1734440556;"
} | sqlite3 -batch "$old"
"$top_builddir/gavel" -d "$old" init >/dev/null
db=$old
check migrated-from-1 "PRAGMA user_version; SELECT count(*) FROM settings;
SELECT name FROM users WHERE created_at = 1; PRAGMA integrity_check;" "2
0
olduser
ok"

[ "$fails" -eq 0 ]
