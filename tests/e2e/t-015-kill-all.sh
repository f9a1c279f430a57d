#!/bin/sh
# SPDX-License-Identifier: ISC
# t-015-kill-all: kill(-1, SIGKILL) from inside reaches no host process:
# a root sleeper and a nobody sleeper of the test survive.
. "$(dirname "$0")/lib.sh"

sleep 100 &
ROOT_SLEEPER=$!
bg_add "$ROOT_SLEEPER"
setpriv --reuid=65534 --regid=65534 --clear-groups sleep 100 &
NOBODY_SLEEPER=$!
bg_add "$NOBODY_SLEEPER"
sleep 0.1

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe killall
	assert_report_in status ok security-violation
	kill -0 "$ROOT_SLEEPER" 2>/dev/null || fail "the root sleeper was killed"
	kill -0 "$NOBODY_SLEEPER" 2>/dev/null ||
	    fail "the nobody sleeper was killed"
	note "$(report status) ($(report message)$(head -n 1 "$T/prog.out"));" \
	    "host sleepers alive"
}

for_runtimes run
pass
