#!/bin/sh
# SPDX-License-Identifier: ISC
# t-023-limits: the other limits and plumbing: --stack (deep recursion is
# a SIGSEGV, not a memory-limit), --open-files, --processes counting
# threads, stderr counting toward --output-limit, --wall-time cutting a
# spinner before --time, a program's own SIGKILL, and --stdin.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	_seen=

	box_run --workdir "$W" --stack 1M -- /workspace/probe recurse
	assert_report status signaled
	assert_report signal 11
	_seen="$_seen stack:sig$(report signal)"

	box_run --workdir "$W" --open-files 10 -- /workspace/probe files
	assert_report status ok
	assert_output_has "files: EMFILE after 7"
	_seen="$_seen open-files:7+3"

	# (gVisor charges runnable threads as running: 20 of them on one
	# CPU use "2 s" in a few hundred ms there.)
	box_run --workdir "$W" --processes 10 --time "$(runsc_or 2 10)" -- \
	    /workspace/probe threads 20
	assert_report status runtime-error
	assert_output_has "pthread_create: EAGAIN"
	_seen="$_seen threads:EAGAIN"

	box_run --workdir "$W" --output-limit 1M --wall-time 10 -- \
	    /workspace/probe flood err
	assert_report status output-limit
	assert_report_range output_bytes 1048576 1310720
	_seen="$_seen stderr:$(report output_bytes)"

	box_run --workdir "$W" --time 5 --wall-time 0.5 -- \
	    /workspace/probe spin
	assert_report status wall-time-limit
	assert_report_range wall_ms 500 600
	_seen="$_seen wall<cpu:$(report wall_ms)"

	box_run --workdir "$W" -- /workspace/probe raise 9
	assert_report status signaled
	assert_report signal 9
	_seen="$_seen own-SIGKILL:signaled"

	printf 'line one\nline two\n' >"$T/in"
	box_run --workdir "$W" --stdin "$T/in" -- /workspace/probe cat
	assert_report status ok
	cmp -s "$T/in" "$T/prog.out" || fail "--stdin: output differs"
	assert_report output_bytes 18
	_seen="$_seen stdin:ok"
	note "$_seen"
}

for_runtimes run
pass
