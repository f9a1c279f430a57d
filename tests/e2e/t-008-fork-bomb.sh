#!/bin/sh
# SPDX-License-Identifier: ISC
# t-008-fork-bomb: with --processes 10 a fork bomb hits EAGAIN, ends by a
# limit, and no process of it (nor a zombie of a sandbox uid) survives.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	_mark=gavel-e2e-forkbomb-$$-$RT
	_before=$(procs_sandbox_uid | wc -l)
	_host_before=$(ps -e --no-headers | wc -l)
	# (gVisor charges the bomb's runnable processes as running: on a
	# busy host 1 s of "CPU" can pass before a fork meets the limit.)
	box_run --workdir "$W" --processes 10 --time "$(runsc_or 1 4)" \
	    --wall-time 5 -- /workspace/probe forkbomb "$_mark"
	assert_report_in status runtime-error time-limit wall-time-limit
	assert_report_range wall_ms 0 6000
	assert_output_has "fork failed: EAGAIN"
	assert_no_leftovers "$_mark"
	_after=$(procs_sandbox_uid | wc -l)
	_host_after=$(ps -e --no-headers | wc -l)
	_zombies=$(procs_sandbox_uid | grep -F '<defunct>' || true)
	if [ -n "$_zombies" ]; then
		sleep 1
		_zombies=$(procs_sandbox_uid | grep -F '<defunct>' || true)
		[ -z "$_zombies" ] ||
		    fail "sandbox-uid zombies left: $_zombies"
	fi
	note "status=$(report status) cpu_ms=$(report cpu_ms)" \
	    "sandbox-uid processes before=$_before after=$_after," \
	    "host processes before=$_host_before after=$_host_after"
}

for_runtimes run
pass
