#!/bin/sh
# SPDX-License-Identifier: ISC
# t-016-syscalls: ptrace, mount, unshare, chroot, setuid(0), io_uring,
# bpf, perf_event_open and TIOCSTI all fail: either the policy ends the
# run as security-violation naming the call, or the call returns an error.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	_seen=
	for _case in ptrace:ptrace mount:mount unshare:unshare chroot:chroot \
	    setuid:setuid iouring:io_uring_setup bpf:bpf \
	    perf:perf_event_open tiocsti:ioctl; do
		_cmd=${_case%%:*}
		_call=${_case#*:}
		box_run --workdir "$W" -- /workspace/probe "$_cmd"
		case $(report status) in
		security-violation)
			assert_blocked_call "$_call"
			_seen="$_seen $_cmd:SV" ;;
		ok)
			assert_output_has "blocked"
			_seen="$_seen $_cmd:$(sed -n 's/^blocked .*: //p' \
			    "$T/prog.out")" ;;
		*)
			fail "$_cmd: status $(report status)" ;;
		esac
	done
	note "$_seen"
}

for_runtimes run
pass
