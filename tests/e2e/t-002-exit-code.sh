#!/bin/sh
# SPDX-License-Identifier: ISC
# t-002-exit-code: a non-zero exit is a runtime-error that keeps the code.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe exit 3
	assert_report status runtime-error
	assert_report exit_code 3
	assert_report signal null
	assert_report_range wall_ms 0 2000
	note "exit_code=3"
}

for_runtimes run
pass
