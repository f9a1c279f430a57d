#!/bin/sh
# SPDX-License-Identifier: ISC
# t-003-signals: SIGSEGV, SIGABRT, SIGFPE end as "signaled" with the signal
# number and a null exit code; so do signals the program sends itself
# that look like the sandbox's (SIGKILL, SIGXCPU far under the CPU limit):
# only what the sandbox did may be reported as a limit.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	for _case in segv:11 abort:6 fpe:8; do
		box_run --workdir "$W" -- /workspace/probe "${_case%:*}"
		assert_report status signaled
		assert_report signal "${_case#*:}"
		assert_report exit_code null
	done
	# 31 is SIGSYS: with a seccomp listener the filter never kills, so a
	# SIGSYS death is the program's own and no security violation. Under
	# gVisor (no listener) the filter kills with SIGSYS, and any SIGSYS
	# death is taken for a violation: a program can't pass one off as
	# a plain signal.
	for _sig in 9 15 24 31; do
		box_run --workdir "$W" --time 10 -- /workspace/probe raise "$_sig"
		if [ "$RT" = runsc ] && [ "$_sig" = 31 ]; then
			assert_report status security-violation
		else
			assert_report status signaled
		fi
		assert_report signal "$_sig"
		assert_report exit_code null
	done
	note "segv=11 abort=6 fpe=8, raise 9/15/24 signaled, 31 $(report status)"
}

for_runtimes run
pass
