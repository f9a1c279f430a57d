#!/bin/sh
# SPDX-License-Identifier: ISC
# t-007-memory-limit: a memory bomb ends as memory-limit with its peak
# near the 64 MiB limit (the cgroup, with swap off, stops it).
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" --mem 64M --wall-time 10 -- /workspace/probe mem
	assert_report status memory-limit
	# 90% of 65536 up to the limit plus 1 MiB of accounting slack.
	assert_report_range memory_kb 58982 66560
	assert_report_range wall_ms 0 5000
	note "memory_kb=$(report memory_kb)"
}

for_runtimes run
pass
