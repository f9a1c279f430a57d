#!/bin/sh
# SPDX-License-Identifier: ISC
# t-022-parallel: four gavel-box runs at once, spinners with CPU limits of
# 1.0 to 1.3 s, each get their own result (own slot, own cgroup).
. "$(dirname "$0")/lib.sh"

run()
{
	_mark=gavel-e2e-parallel-$$-$RT
	_pids=
	for _i in 0 1 2 3; do
		W=$T/w$_i setup_workdir
		(
			set +e
			"$BOX" run --report "$T/r$_i.json" --runtime "$RT" \
			    --workdir "$T/w$_i" --time "1.$_i" --wall-time 20 \
			    --stdout /dev/null -- /workspace/probe spin \
			    "$_mark" >"$T/box$_i.out" 2>"$T/box$_i.err"
			echo $? >"$T/exit$_i"
		) &
		_pids="$_pids $!"
	done
	for _p in $_pids; do
		wait "$_p" || true
	done
	_seen=
	for _i in 0 1 2 3; do
		REPORT=$T/r$_i.json
		cp "$T/box$_i.err" "$T/box.err"
		[ "$(cat "$T/exit$_i")" = 0 ] ||
		    fail "run $_i: gavel-box exited $(cat "$T/exit$_i")"
		check_report "$REPORT"
		assert_report status time-limit
		assert_report_range cpu_ms "1${_i}00" \
		    $((1${_i}00 + $(cpu_slack)))
		_seen="$_seen $(report cpu_ms)/$(report wall_ms)"
	done
	REPORT=$T/report.json
	assert_no_leftovers "$_mark"
	note "cpu_ms/wall_ms:$_seen"
}

for_runtimes run
pass
