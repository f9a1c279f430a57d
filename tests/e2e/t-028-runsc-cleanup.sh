#!/bin/sh
# SPDX-License-Identifier: ISC
# t-028-runsc-cleanup: a runsc session leaves nothing behind, no process,
# no runsc sandbox or state, no bundle, no cgroup: after a normal close,
# after a crashing program, and after gavel-box itself is killed with
# SIGKILL mid-run, once the next start of that slot has swept.
. "$(dirname "$0")/lib.sh"

STATE=/run/gavel/runsc/state

# leftovers SLOT: what a runsc session of SLOT could leave, one per line.
leftovers()
{
	procs_with "gavel-$1" | grep -v "awk" || true
	if [ -d "$STATE" ]; then
		runsc --root "$STATE" list -quiet 2>/dev/null |
		    grep -x "gavel-$1" | sed 's/^/sandbox /' || true
		ls "$STATE" | grep "gavel-$1\(_\|$\)" | sed 's/^/state /' || true
	fi
	[ ! -e "/run/gavel/runsc/box-$1" ] || echo "bundle /run/gavel/runsc/box-$1"
	for _c in /sys/fs/cgroup/*/gavel/box-"$1"; do
		[ -e "$_c" ] && echo "cgroup $_c"
	done
	true
}

assert_clean()
{
	_left=$(leftovers "$1")
	[ -z "$_left" ] || fail "$2: left behind:
$_left"
}

# The slot a session gets: the lowest free one. Hold none of ours.
run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe ok
	assert_report status ok
	assert_clean 0 "after a normal close"

	box_run --workdir "$W" -- /workspace/probe segv
	assert_report status signaled
	assert_clean 0 "after a crashing program"

	# gavel-box killed while its program sleeps: the sandbox may outlive
	# it; the next start of the slot sweeps it away.
	"$BOX" run --runtime runsc --workdir "$W" --report /dev/null -- \
	    /workspace/probe sleep 30 >/dev/null 2>&1 &
	_pid=$!
	bg_add "$_pid"
	_i=0
	until [ -n "$(procs_with "gavel-0")" ] && [ "$_i" -ge 10 ]; do
		sleep 0.1
		_i=$((_i + 1))
		[ "$_i" -lt 100 ] || fail "the runsc sandbox never started"
	done
	kill -9 "$_pid"
	wait "$_pid" 2>/dev/null || true
	_stale=$(leftovers 0 | wc -l)
	box_run --workdir "$W" -- /workspace/probe ok
	assert_report status ok
	assert_clean 0 "after kill -9 of gavel-box and the next start"
	note "clean after a close, a crash, and kill -9 ($_stale leftovers" \
	    "swept by the next start)"
}

# Slot 0 must be free: another gavel-box may hold it (parallel make check).
[ -z "$(procs_with "gavel-0")" ] || skip "slot 0 is in use by another run"
if [ -n "${GAVEL_TEST_RUNTIMES:-}" ] &&
    ! echo "$GAVEL_TEST_RUNTIMES" | grep -qw runsc; then
	skip "runsc is not among GAVEL_TEST_RUNTIMES ($GAVEL_TEST_RUNTIMES)"
fi
RT=runsc
command -v runsc >/dev/null 2>&1 || skip "no runsc installed"
run
pass
