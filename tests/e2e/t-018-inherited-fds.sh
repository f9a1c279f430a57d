#!/bin/sh
# SPDX-License-Identifier: ISC
# t-018-inherited-fds: descriptors the caller left open (8 and 9 here, on
# a secret file) are closed in the program: only 0, 1 and 2 are open.
. "$(dirname "$0")/lib.sh"

printf 'secret\n' >"$T/secret"

run()
{
	setup_workdir
	exec 8<"$T/secret" 9<"$T/secret"
	box_run --workdir "$W" -- /workspace/probe fds
	exec 8<&- 9<&-
	assert_report status ok
	assert_output_has "no fds above 2"
	note "no fd above 2 (/proc/self/fd and 3..4199)"
}

for_runtimes run
pass
