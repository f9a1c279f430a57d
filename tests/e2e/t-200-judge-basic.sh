#!/bin/sh
# SPDX-License-Identifier: ISC
# t-200-judge-basic: init, import, submit, judge --once, result: an AC, a
# WA with its checker message, a CE with the compiler's output kept, the
# JSON result, list filters, rejudge, scoreboard and export; bad input
# refused with one line and nothing written.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

bad_inputs()
{
	g_fails 2 '^usage: gavel submit' submit --user a hello.c
	g_fails 2 'unknown command' frobnicate
	g_fails 2 'ambiguous command: s \(could be: submit, status, scoreboard\)' s
	g_fails 1 'unknown problem: nope' submit -u a -p nope \
	    "$EXAMPLES/hello/submissions/accepted/hello.c"
	printf 'x' >"$T/prog.pas"
	g_fails 1 'prog.pas: no language' submit -u a -p hello "$T/prog.pas"
	g_fails 1 'unknown language: cobol' submit -u a -p hello -l cobol \
	    "$T/prog.pas"
	: >"$T/empty.c"
	g_fails 1 'empty.c: empty' submit -u a -p hello "$T/empty.c"
	printf 'int main(){}\0\1\2' >"$T/nul.c"
	g_fails 1 'binary' submit -u a -p hello "$T/nul.c"
	head -c 102401 /dev/zero | tr '\0' ' ' >"$T/big.c"
	g_fails 1 'over the 102400 byte limit' submit -u a -p hello "$T/big.c"
	cp "$EXAMPLES/hello/submissions/accepted/Hello.java" "$T/my-sol.java"
	g_fails 1 'identifier' submit -u a -p hello "$T/my-sol.java"
	g_fails 1 'no such file|No such file' submit -u a -p hello "$T/none.c"
	g_fails 1 'bad submission id' result abc
	g_fails 1 'no submission 999' result 999
	g_fails 1 'does-not-exist' problem import "$T/does-not-exist"
	printf '[c]\nextensions = c\nrun = ./a\n' >"$T/bad.conf"
	g_fails 1 'bad.conf:3: \[c\]: no source' --languages "$T/bad.conf" \
	    submit -u a -p hello "$EXAMPLES/hello/submissions/accepted/hello.c"
	g_fails 2 'not table, csv or json' export --format xml
	g_fails 2 'not auto, native or runsc' judge --runtime vm
	_n=$(sql "SELECT count(*) FROM submissions;")
	[ "$_n" = 3 ] || fail "bad input wrote something: $_n submissions"
	g_fails 1 'gavel init makes one' --db "$T/other.db" list
	[ ! -e "$T/other.db" ] || fail "list created a database"
}

run()
{
	fresh_db
	g_ok problem import "$EXAMPLES/hello"
	grep -q '^hello	version 1' "$T/g.out" || fail "import said: $(cat "$T/g.out")"
	_ac=$(submit alice hello "$EXAMPLES/hello/submissions/accepted/hello.c")
	_wa=$(submit bob hello "$EXAMPLES/hello/submissions/wrong_answer/int32.c")
	printf 'int main(void) { return undeclared; }\n' >"$T/ce.c"
	_ce=$(submit carol hello "$T/ce.c" --priority 5)
	bad_inputs

	judge_once
	assert_verdict "$_ac" AC hello.c
	assert_verdict "$_wa" WA int32.c
	assert_verdict "$_ce" CE ce.c
	# The higher priority was judged first.
	_first=$(sql "SELECT submission_id FROM judgings ORDER BY id LIMIT 1;")
	[ "$_first" = "$_ce" ] || fail "judged $_first first, not the priority one"

	g_ok result "$_ce"
	grep -q "undeclared" "$T/g.out" || fail "no compiler output in: $(cat "$T/g.out")"
	_co=$(sql "SELECT compile_output FROM submissions WHERE id = $_ce;")
	case $_co in *undeclared*) ;; *) fail "compile_output: $_co" ;; esac

	g_ok result --json "$_wa"
	"$PYTHON" - "$T/g.out" <<'PY' || fail "result --json: $(cat "$T/g.out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["verdict"] == "WA" and d["score"] == 0, d
t = d["tests"]
assert [x["verdict"] for x in t] == ["AC"] * 5 + ["WA", "SK", "SK", "SK"], t
assert t[0]["name"] == "sample/1" and t[0]["group"] == "sample", t[0]
assert "expected" in t[5]["message"], t[5]
assert d["language"] == "c" and d["user"] == "bob", d
PY
	g_ok list --verdict AC
	grep -q alice "$T/g.out" && ! grep -q bob "$T/g.out" ||
	    fail "list --verdict AC: $(cat "$T/g.out")"
	g_ok export --format csv
	grep -qx 'alice,hello,AC,1,1,1' "$T/g.out" || fail "export: $(cat "$T/g.out")"
	g_ok scoreboard --json
	"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert d[0]["user"] == "alice" and d[0]["rank"] == 1, d' "$T/g.out" ||
	    fail "scoreboard: $(cat "$T/g.out")"

	# Rejudge keeps history; --once returns at once on an empty queue.
	g_ok rejudge --submission "$_wa"
	judge_once
	assert_verdict "$_wa" WA int32.c
	_h=$(sql "SELECT count(*) FROM judgings WHERE submission_id = $_wa;")
	[ "$_h" = 2 ] || fail "$_h judgings after a rejudge"
	_t0=$(date +%s)
	judge_once
	[ $(($(date +%s) - _t0)) -le 5 ] || fail "judge --once lingered"
	g_ok status
	grep -qx 'queued 0' "$T/g.out" || fail "status: $(cat "$T/g.out")"
	assert_integrity
	note "AC, WA, CE, json, rejudge, bad input"
}

for_runtimes run
pass
