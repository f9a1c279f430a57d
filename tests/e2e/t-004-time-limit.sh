#!/bin/sh
# SPDX-License-Identifier: ISC
# t-004-time-limit: an endless loop ends as time-limit right at the CPU
# limit (the watchdog is precise, not 100 ms polling); decimals work.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" --time 1 -- /workspace/probe spin
	assert_report status time-limit
	assert_report_range cpu_ms 1000 $((1000 + $(cpu_slack)))
	assert_report_range wall_ms 1000 10000
	_one=$(report cpu_ms)

	box_run --workdir "$W" --time 0.5 -- /workspace/probe spin
	assert_report status time-limit
	assert_report_range cpu_ms 500 $((500 + $(cpu_slack)))
	note "--time 1: cpu_ms=$_one; --time 0.5: cpu_ms=$(report cpu_ms)"
}

for_runtimes run
pass
