#!/bin/sh
# SPDX-License-Identifier: ISC
# t-205-session: one sandbox session per submission: under runsc, a
# wrapper around runsc logs its command lines, and three C submissions
# on a 20-test problem (compile + 20 runs each) start exactly three
# gVisor sandboxes (`runsc run`), every run AC. Then two concurrent
# `gavel judge --once` on 50 submissions: each judged exactly once, by
# both judges.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

# twenty DIR: A + B with 20 secret tests.
twenty()
{
	mkdir -p "$1/data/secret"
	printf 'name: Twenty\n' >"$1/problem.yaml"
	_k=1
	while [ $_k -le 20 ]; do
		printf '%d %d\n' $_k $((_k * 7)) >"$1/data/secret/$_k.in"
		printf '%d\n' $((_k * 8)) >"$1/data/secret/$_k.ans"
		_k=$((_k + 1))
	done
}

sessions()
{
	_real=$(command -v runsc)
	cat >"$T/runsc-wrap" <<EOW
#!/bin/sh
echo "\$*" >>"$T/runsc.log"
exec "$_real" "\$@"
EOW
	chmod 0755 "$T/runsc-wrap"
	: >"$T/runsc.log"
	for _k in 1 2 3; do
		{ echo "/* $_k */"; cat "$EXAMPLES/hello/submissions/accepted/hello.c"; } \
		    >"$T/t$_k.c"
		submit "s$_k" twenty "$T/t$_k.c" >/dev/null
	done
	GAVEL_RUNSC="$T/runsc-wrap" g_ok -v judge --once --runtime runsc
	_started=$(grep -c ' run --bundle ' "$T/runsc.log" || true)
	[ "$_started" = 3 ] || fail "$_started runsc sandboxes for 3 submissions:
$(cat "$T/runsc.log")"
	_compiled=$(grep -c 'compiled (ok)' "$T/g.err" || true)
	[ "$_compiled" = 3 ] || fail "$_compiled compiles: $(cat "$T/g.err")"
	_ac=$(sql "SELECT count(*) FROM runs WHERE verdict = 'AC';")
	[ "$_ac" = 60 ] || fail "$_ac AC runs, expected 60"
	note "3 submissions x (compile + 20 tests): 3 runsc sandboxes"
}

run()
{
	fresh_db
	twenty "$T/twenty"
	g_ok problem import "$T/twenty"
	if [ "$RT" = runsc ]; then
		sessions
	fi
	_i=0
	while [ $_i -lt 50 ]; do
		case $((_i % 3)) in
		0) _f=accepted/hello.c ;;
		1) _f=wrong_answer/int32.c ;;
		2) _f=accepted/hello.py ;;
		esac
		submit "c$_i" twenty "$EXAMPLES/hello/submissions/$_f" >/dev/null
		_i=$((_i + 1))
	done
	"$GAVEL" judge --once --runtime "$RT" --worker-id A >"$T/a.out" 2>"$T/a.err" &
	_a=$!
	bg_add $_a
	"$GAVEL" judge --once --runtime "$RT" --worker-id B >"$T/b.out" 2>"$T/b.err" &
	_b=$!
	bg_add $_b
	wait $_a || fail "judge A exited $?: $(cat "$T/a.err")"
	wait $_b || fail "judge B exited $?: $(cat "$T/b.err")"
	_bad=$(sql "SELECT s.id FROM submissions s WHERE s.status <> 'done' OR
	    (SELECT count(*) FROM judgings j WHERE j.submission_id = s.id) <> 1;")
	[ -z "$_bad" ] || fail "not judged exactly once: $_bad"
	_n=$(sql "SELECT count(*) FROM submissions WHERE user_id IN
	    (SELECT id FROM users WHERE name LIKE 'c%');")
	[ "$_n" = 50 ] || fail "$_n submissions"
	for _w in A B; do
		_c=$(sql "SELECT count(*) FROM judgings WHERE worker = '$_w';")
		[ "$_c" -ge 5 ] || fail "judge $_w judged only $_c"
	done
	assert_integrity
	note "50 judged exactly once by two --once judges"
}

for_runtimes run
pass
