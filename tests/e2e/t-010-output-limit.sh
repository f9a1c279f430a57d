#!/bin/sh
# SPDX-License-Identifier: ISC
# t-010-output-limit: flooding stdout ends as output-limit just past 1 MiB
# and the kept output is not far beyond the limit either.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	_lim=1048576
	_slack=262144
	box_run --workdir "$W" --output-limit 1M --wall-time 10 -- \
	    /workspace/probe flood
	assert_report status output-limit
	assert_report_range output_bytes "$_lim" $((_lim + _slack))
	assert_report_range wall_ms 0 5000
	_kept=$(wc -c <"$T/prog.out")
	[ "$_kept" -le $((_lim + _slack)) ] ||
	    fail "kept $_kept bytes of stdout, limit $_lim"
	note "output_bytes=$(report output_bytes) kept=$_kept"
}

for_runtimes run
pass
