#!/bin/sh
# SPDX-License-Identifier: ISC
# t-204-crash: `kill -9` of a judging `gavel judge` at three points
# (session start and compile, the first tests, later tests), each time
# with a submission held; after the leases expire a restarted judge
# finishes the queue: every submission has exactly one result, the
# killed ones were claimed again, integrity_check is clean.
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

run()
{
	fresh_db
	g_ok problem import "$EXAMPLES/hello"
	# Enough work that the third kill still finds one being judged
	# (natively a submission takes a fifth of a second).
	_n=$(runsc_or 40 12)
	_i=0
	while [ $_i -lt "$_n" ]; do
		# Distinct sources: each one is compiled, none comes cached.
		{ echo "/* $RT $_i */"; cat "$EXAMPLES/hello/submissions/accepted/hello.c"; } \
		    >"$T/s$_i.c"
		submit "user$_i" hello "$T/s$_i.c" >/dev/null
		_i=$((_i + 1))
	done
	_held_total=0
	for _delay in 0.4 1.2 2.5; do
		_w="K$_delay"
		"$GAVEL" judge --runtime "$RT" --lease 2 --worker-id "$_w" \
		    >"$T/j.out" 2>"$T/j.err" &
		_j=$!
		bg_add $_j
		sleep "$_delay"
		# Between a finish and its next claim it holds nothing for a
		# moment: wait (a little) for a held submission, then kill.
		_k=0
		while :; do
			_held=$(sql "SELECT count(*) FROM submissions WHERE
			    status = 'judging' AND lease_owner = '$_w';")
			[ "$_held" = 1 ] || [ $_k -ge 40 ] && break
			_k=$((_k + 1))
			sleep 0.05
		done
		kill -9 $_j
		wait $_j 2>/dev/null || true
		[ "$_held" = 1 ] || fail "killed after ${_delay}s holding $_held submissions"
		_held_total=$((_held_total + 1))
	done
	# A lease of 2 s: after 3 s the held ones are free to claim.
	sleep 3
	judge_once
	_bad=$(sql "SELECT s.id FROM submissions s WHERE s.status <> 'done' OR
	    s.verdict <> 'AC' OR
	    (SELECT count(*) FROM judgings j WHERE j.submission_id = s.id) <> 1;")
	[ -z "$_bad" ] || fail "not judged exactly once, AC: $_bad"
	# (One submission can be killed twice: its lease ran out, the next
	# judge took it and was killed too. So count claims, not rows.)
	_again=$(sql "SELECT sum(attempts - 1) FROM submissions;")
	[ "$_again" -ge "$_held_total" ] ||
	    fail "only $_again claimed again after $_held_total kills"
	_runs=$(sql "SELECT count(*) FROM runs r JOIN judgings j ON
	    r.judging_id = j.id;")
	[ "$_runs" = $((_n * 9)) ] || fail "$_runs runs, expected $((_n * 9))"
	assert_integrity
	note "3 kills mid-submission, $_again claimed again, $_n judged once"
}

for_runtimes run
pass
