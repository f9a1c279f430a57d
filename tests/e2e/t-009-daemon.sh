#!/bin/sh
# SPDX-License-Identifier: ISC
# t-009-daemon: a double-forked sleeper holding stdout open does not keep
# the run alive: it ends with the main process, and the sleeper is gone
# when gavel-box returns. With setsid too: a policy may deny setsid (the
# run is then a security-violation naming it). Never a leftover.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	_mark=gavel-e2e-daemon-$$-$RT
	box_run --workdir "$W" --wall-time 10 -- \
	    /workspace/probe daemon "$_mark"
	assert_report status ok
	assert_report_range wall_ms 0 2000
	assert_output_has "daemon started"
	assert_no_leftovers "$_mark"
	_seen="double fork: ok wall_ms=$(report wall_ms)"

	box_run --workdir "$W" --wall-time 10 -- \
	    /workspace/probe daemon "$_mark-sid" setsid
	case $(report status) in
	ok)
		assert_output_has "daemon started" ;;
	security-violation)
		assert_blocked_call setsid ;;
	*)
		fail "daemon with setsid: status $(report status)" ;;
	esac
	assert_report_range wall_ms 0 2000
	assert_no_leftovers "$_mark-sid"
	_seen="$_seen; setsid: $(report status)"

	note "$_seen; no sleeper left"
}

for_runtimes run
pass
