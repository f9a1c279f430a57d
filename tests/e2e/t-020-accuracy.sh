#!/bin/sh
# SPDX-License-Identifier: ISC
# t-020-accuracy: 500 ms of CPU is reported within 20 ms, 100 MiB touched
# within 10% of 102400 KiB.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe burn 500
	assert_report status ok
	assert_report_range cpu_ms $((500 - $(accuracy_slack))) \
	    $((500 + $(accuracy_slack)))
	_cpu=$(report cpu_ms)

	box_run --workdir "$W" -- /workspace/probe touch 100
	assert_report status ok
	assert_report_range memory_kb 92160 112640
	note "burn 500: cpu_ms=$_cpu; touch 100 MiB: memory_kb=$(report memory_kb)"
}

for_runtimes run
pass
