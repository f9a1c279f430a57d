#!/bin/sh
# SPDX-License-Identifier: ISC
# t-202-workers: two `gavel judge --workers 2` processes on one database
# judge 20 submissions, each exactly once; --once exits on an empty queue;
# a daemon stops cleanly on SIGTERM with nothing left held.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

run()
{
	fresh_db
	g_ok problem import "$EXAMPLES/hello"
	_i=0
	while [ $_i -lt 20 ]; do
		case $((_i % 4)) in
		0) _f=accepted/hello.c ;;
		1) _f=wrong_answer/int32.c ;;
		2) _f=accepted/hello.py ;;
		3) _f=run_time_error/crash.c ;;
		esac
		submit "user$_i" hello "$EXAMPLES/hello/submissions/$_f" >/dev/null
		_i=$((_i + 1))
	done
	"$GAVEL" judge --once --workers 2 --runtime "$RT" --worker-id A \
	    >"$T/a.out" 2>"$T/a.err" &
	_a=$!
	bg_add $_a
	"$GAVEL" judge --once --workers 2 --runtime "$RT" --worker-id B \
	    >"$T/b.out" 2>"$T/b.err" &
	_b=$!
	bg_add $_b
	wait $_a || fail "judge A exited $?: $(cat "$T/a.err")"
	wait $_b || fail "judge B exited $?: $(cat "$T/b.err")"
	_bad=$(sql "SELECT s.id FROM submissions s WHERE s.status <> 'done' OR
	    (SELECT count(*) FROM judgings j WHERE j.submission_id = s.id) <> 1;")
	[ -z "$_bad" ] || fail "not judged exactly once: $_bad"
	_w=$(sql "SELECT count(DISTINCT worker) FROM judgings;")
	[ "$_w" -ge 2 ] || fail "only $_w worker(s) judged"
	_v=$(sql "SELECT group_concat(verdict, '') FROM (SELECT verdict FROM
	    submissions ORDER BY id);")
	[ "$_v" = "$(printf 'ACWAACRTE%.0s' 1 2 3 4 5)" ] || fail "verdicts $_v"

	# A daemon: SIGTERM while judging ends it cleanly, lease released.
	g_ok rejudge --problem hello
	"$GAVEL" judge --runtime "$RT" --workers 2 >"$T/d.out" 2>"$T/d.err" &
	_d=$!
	bg_add $_d
	_n=0
	until [ "$(sql "SELECT count(*) FROM submissions WHERE status = 'done';")" -ge 2 ]; do
		sleep 0.2
		_n=$((_n + 1))
		[ $_n -lt 300 ] || fail "daemon judged nothing in 60 s"
	done
	kill -TERM $_d
	_rc=0
	wait $_d || _rc=$?
	[ "$_rc" = 0 ] || fail "daemon exited $_rc on SIGTERM: $(cat "$T/d.err")"
	_held=$(sql "SELECT count(*) FROM submissions WHERE status = 'judging';")
	[ "$_held" = 0 ] || fail "$_held submission(s) still held after SIGTERM"
	judge_once
	_bad=$(sql "SELECT id FROM submissions WHERE status <> 'done';")
	[ -z "$_bad" ] || fail "left undone: $_bad"
	assert_integrity
	note "20 judged once by 4 workers; SIGTERM released"
}

for_runtimes run
pass
