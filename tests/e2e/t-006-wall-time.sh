#!/bin/sh
# SPDX-License-Identifier: ISC
# t-006-wall-time: a sleeping program ends at the wall-clock limit.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" --wall-time 1 -- /workspace/probe sleep 10
	assert_report status wall-time-limit
	assert_report_range wall_ms 1000 1100
	assert_report_range cpu_ms 0 100
	note "wall_ms=$(report wall_ms)"
}

for_runtimes run
pass
