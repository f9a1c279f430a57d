#!/bin/sh
# SPDX-License-Identifier: ISC
# t-017-exec-twice: the program may not execve anything once it runs.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe exec2
	assert_report status security-violation
	assert_blocked_call execve
	note "message: $(report message)"
}

for_runtimes run
pass
