#!/bin/sh
# SPDX-License-Identifier: ISC
# t-206-bulk-cache: submit --bulk from a folder and a tar.gz (user = file
# stem or folder), hostile archives refused with nothing queued; report
# per user and per submission; a rejudge takes the compile cache, a
# tampered artifact is dropped and recompiled; the progress line shows
# on a terminal only.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

H=$EXAMPLES/hello/submissions

run()
{
	fresh_db
	g_ok problem add "$EXAMPLES/hello"
	rm -rf "$T/hw" && mkdir -p "$T/hw/carol" "$T/hw/.hidden"
	cp "$H/accepted/hello.c" "$T/hw/alice.c"
	cp "$H/accepted/hello.py" "$T/hw/bob.py"
	cp "$H/wrong_answer/int32.c" "$T/hw/carol/sol.c"
	echo notes >"$T/hw/carol/README"
	g_ok submit -p hello --bulk "$T/hw"
	[ "$(wc -l <"$T/g.out")" = 3 ] || fail "bulk dir: $(cat "$T/g.out")"
	grep -q '	carol	.*carol/sol.c$' "$T/g.out" || fail "bulk: $(cat "$T/g.out")"
	tar czf "$T/hw.tgz" -C "$T/hw" alice.c bob.py carol
	g_ok submit -p hello --bulk "$T/hw.tgz"
	[ "$(wc -l <"$T/g.out")" = 3 ] || fail "bulk tgz: $(cat "$T/g.out")"
	ln -s /etc/passwd "$T/hw/evil.c"
	tar czf "$T/evil.tgz" -C "$T/hw" alice.c evil.c
	g_fails 1 'evil.c: symbolic links are not allowed' submit -p hello \
	    --bulk "$T/evil.tgz"
	g_fails 1 'evil.c: not a regular file' submit -p hello --bulk "$T/hw"
	"$PYTHON" - "$T/slip.tar" "$T/abs.tar" <<'PY'
import io, sys, tarfile
for path, name in ((sys.argv[1], "../x.c"), (sys.argv[2], "/tmp/x.c")):
    t = tarfile.open(path, "w")
    d = b"int main(void) { return 0; }\n"
    i = tarfile.TarInfo(name); i.size = len(d)
    t.addfile(i, io.BytesIO(d)); t.close()
PY
	g_fails 1 '"\.\." is not allowed' submit -p hello --bulk "$T/slip.tar"
	g_fails 1 'absolute paths are not allowed' submit -p hello --bulk "$T/abs.tar"
	[ "$(sql 'SELECT count(*) FROM submissions;')" = 6 ] ||
	    fail "a refused bulk queued something"

	g_ok -v judge --once --runtime "$RT"
	_compiles=$(grep -c 'compiled (ok)' "$T/g.err" || true)
	[ "$_compiles" = 2 ] || fail "$_compiles compiles of 2 C sources"
	g_ok report --format csv
	grep -qx 'alice,hello,AC,1,1,2' "$T/g.out" || fail "report: $(cat "$T/g.out")"
	grep -qx 'carol,hello,WA,0,3,2' "$T/g.out" || fail "report: $(cat "$T/g.out")"
	g_ok report --per submission --format json
	"$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert len(d) == 6 and d[0]["user"] == "alice" and d[0]["verdict"] == "AC", d
assert {x["language"] for x in d} == {"c", "python3"}, d' "$T/g.out" ||
	    fail "report json: $(cat "$T/g.out")"
	g_ok report --problem hello
	grep -Eq '^bob +hello +AC ' "$T/g.out" || fail "report table: $(cat "$T/g.out")"

	# Rejudge: no compile. Then a swapped binary: dropped, recompiled.
	g_ok rejudge --problem hello
	g_ok -v judge --once --runtime "$RT"
	grep -q 'compiled' "$T/g.err" && fail "a rejudge compiled: $(cat "$T/g.err")"
	_hits=$(grep -c 'compile cache hit' "$T/g.err" || true)
	[ "$_hits" = 4 ] || fail "$_hits cache hits for 4 C submissions"
	for _m in "$T"/cache/compiled/*/files/main; do
		printf 'int main(void){return 0;}\n' >"$T/wa.c"
		cc -o "$_m.new" "$T/wa.c" && mv "$_m.new" "$_m"
	done
	g_ok rejudge --problem hello
	g_ok -v judge --once --runtime "$RT"
	grep -q 'do not match their manifest' "$T/g.err" ||
	    fail "tampered artifact not noticed: $(cat "$T/g.err")"
	_bad=$(sql "SELECT id FROM submissions WHERE verdict <> CASE
	    WHEN user_id = (SELECT id FROM users WHERE name = 'carol')
	    THEN 'WA' ELSE 'AC' END;")
	[ -z "$_bad" ] || fail "wrong verdicts after tampering: $_bad"

	# The progress line: on a terminal (script(1) gives one), not in a log.
	# 4 AC x 9 tests, 2 WA x 6 (then SK): 48 tests run.
	g_ok rejudge --problem hello
	judge_once
	grep -q 'tests/s' "$T/g.err" && fail "progress without a terminal"
	g_ok rejudge --problem hello
	script -qec "$GAVEL judge --once --runtime $RT" /dev/null >"$T/tty.out" </dev/null
	grep -q 'judge: 6/6 submissions, 48 tests' "$T/tty.out" ||
	    fail "no progress line: $(cat "$T/tty.out")"
	assert_integrity
	note "bulk dir/tgz, hostile refused, report, cache hit and tamper, progress"
}

command -v script >/dev/null 2>&1 || skip "no script(1) for a terminal"
for_runtimes run
pass
