#!/bin/sh
# SPDX-License-Identifier: ISC
# t-019-environment: the caller's environment does not reach the program:
# it sees PATH, HOME=/workspace, TMPDIR=/tmp and the --env ones only.
. "$(dirname "$0")/lib.sh"

SECRET_TOKEN=gavel-e2e-secret-$$
export SECRET_TOKEN
LD_LIBRARY_PATH_E2E=x
export LD_LIBRARY_PATH_E2E

run()
{
	setup_workdir
	box_run --workdir "$W" --env FOO=bar --env EMPTY= -- \
	    /workspace/probe env FOO EMPTY
	assert_report status ok
	assert_output_has "env FOO=bar"
	assert_output_has "env EMPTY="
	assert_output_has "env HOME=/workspace"
	assert_output_has "env TMPDIR=/tmp"
	assert_output_lacks "SECRET_TOKEN"
	assert_output_lacks "$SECRET_TOKEN"
	note "$(sed -n 's/^env //p' "$T/prog.out" | tr '\n' ' ')"
}

for_runtimes run
pass
