#!/bin/sh
# SPDX-License-Identifier: ISC
# t-203-verdicts: MLE and OLE through `problem verify` (a package's own
# submissions against their folders, and a misfiled one caught), IE when
# the output validator is broken (exits 1), and the default validator's
# case_sensitive and space_change_sensitive flags, on and off.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

LIMITS=$top_srcdir/tests/data/judge/limits

# pkg DIR FLAGS: a one-test package whose answer is "Hello  World".
pkg()
{
	mkdir -p "$1/data/secret"
	printf 'name: Flags\nvalidator_flags: %s\n' "$2" >"$1/problem.yaml"
	printf 'x\n' >"$1/data/secret/1.in"
	printf 'Hello  World\n' >"$1/data/secret/1.ans"
}

run()
{
	fresh_db
	g_ok problem verify --runtime "$RT" "$LIMITS"
	grep -Eq '^memory_limit_exceeded +hog.c +MLE +MLE .* ok$' "$T/g.out" ||
	    fail "no MLE: $(cat "$T/g.out")"
	grep -Eq '^output_limit_exceeded +flood.c +OLE +OLE .* ok$' "$T/g.out" ||
	    fail "no OLE: $(cat "$T/g.out")"
	grep -q '^3 submissions, each with' "$T/g.out" || fail "$(cat "$T/g.out")"
	# The same package with a solution in the wrong folder: exit 1.
	rm -rf "$T/misfiled"
	cp -R "$LIMITS" "$T/misfiled"
	mkdir "$T/misfiled/submissions/wrong_answer"
	cp "$LIMITS/submissions/accepted/sum.c" "$T/misfiled/submissions/wrong_answer/"
	g_fails 1 '1 of 4 submissions did not get' problem verify --runtime "$RT" \
	    "$T/misfiled"
	grep -Eq '^wrong_answer +sum.c +WA +AC .*MISMATCH$' "$T/g.out" ||
	    fail "misfiled: $(cat "$T/g.out")"
	# verify ID: the version in the database, its submissions kept.
	g_ok problem import "$LIMITS"
	g_ok problem verify --runtime "$RT" limits
	grep -q '^3 submissions' "$T/g.out" || fail "verify ID: $(cat "$T/g.out")"
	[ "$(sql 'SELECT count(*) FROM submissions;')" = 0 ] ||
	    fail "verify wrote submissions into the database"

	# A validator that exits 1 on everything: IE, never WA.
	rm -rf "$T/broken"
	mkdir -p "$T/broken/data/secret" "$T/broken/output_validators/v"
	printf 'name: Broken\nvalidation: custom\n' >"$T/broken/problem.yaml"
	printf '1\n' >"$T/broken/data/secret/1.in"
	printf '1\n' >"$T/broken/data/secret/1.ans"
	printf 'int main(void) { return 1; }\n' >"$T/broken/output_validators/v/v.c"
	pkg "$T/sens" "case_sensitive space_change_sensitive"
	pkg "$T/loose" ""
	g_ok problem import "$T/broken" "$T/sens" "$T/loose"
	printf 'print(1)\n' >"$T/one.py"
	_ie=$(submit u broken "$T/one.py")
	printf 'print("Hello  World")\n' >"$T/exact.py"
	printf 'print("hello  world")\n' >"$T/case.py"
	printf 'print("Hello World")\n' >"$T/space.py"
	printf 'print("HELLO\\n World ")\n' >"$T/both.py"
	_se=$(submit u sens "$T/exact.py")
	_sc=$(submit u sens "$T/case.py")
	_ss=$(submit u sens "$T/space.py")
	_le=$(submit u loose "$T/exact.py")
	_lb=$(submit u loose "$T/both.py")
	judge_once
	assert_verdict "$_ie" IE "broken validator"
	_m=$(sql "SELECT message FROM submissions WHERE id = $_ie;")
	case $_m in *"exit code 1"*) ;; *) fail "IE message: $_m" ;; esac
	assert_verdict "$_se" AC "exact, sensitive"
	assert_verdict "$_sc" WA "case, case_sensitive"
	assert_verdict "$_ss" WA "space, space_change_sensitive"
	assert_verdict "$_le" AC "exact, no flags"
	assert_verdict "$_lb" AC "case and space, no flags"
	assert_integrity
	note "MLE OLE via verify, misfiled caught, IE, case/space flags"
}

for_runtimes run
pass
