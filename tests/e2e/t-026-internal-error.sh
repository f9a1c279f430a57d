#!/bin/sh
# SPDX-License-Identifier: ISC
# t-026-internal-error: a failure of the sandbox itself (here: a --dir
# whose mount point would have to be made inside the read-only /usr) is
# exit 3, one line on stderr, and a report with status internal-error that
# names the failing stage; nothing is left behind. So do a broken policy
# file and a missing policy folder (stage policy).
. "$(dirname "$0")/lib.sh"

run()
{
	mkdir -p "$T/extra"
	box_raw run --report "$REPORT" --runtime "$RT" \
	    --dir /usr/gavel-no-such-dir="$T/extra" -- /bin/true
	[ "$BOX_EXIT" = 3 ] || fail "exit $BOX_EXIT, expected 3"
	[ "$(wc -l <"$T/box.err")" = 1 ] ||
	    fail "$(wc -l <"$T/box.err") lines on stderr, expected 1"
	grep -q "stage mounts" "$T/box.err" ||
	    fail "stderr does not name the stage: $(cat "$T/box.err")"
	assert_report status internal-error
	assert_report stage mounts
	assert_report errno EROFS
	assert_report exit_code null
	[ ! -e /usr/gavel-no-such-dir ] || fail "made /usr/gavel-no-such-dir"
	for _c in memory pids cpuacct; do
		[ ! -e "/sys/fs/cgroup/$_c/gavel/box-0/run" ] ||
		    fail "left a run cgroup in $_c"
	done

	# A policy file that is there but broken, or no policy folder at all,
	# is the installation's fault: exit 3 at stage policy (an unknown
	# policy name is bad usage, t-021).
	mkdir -p "$T/pol"
	printf 'allow no_such_call\n' >"$T/pol/default.policy"
	_saved=$GAVEL_POLICY_DIR
	for GAVEL_POLICY_DIR in "$T/pol" "$T/no-such-policy-dir"; do
		export GAVEL_POLICY_DIR
		box_raw run --report "$REPORT" --runtime "$RT" -- /bin/true
		[ "$BOX_EXIT" = 3 ] ||
		    fail "policies in $GAVEL_POLICY_DIR: exit $BOX_EXIT, expected 3"
		assert_report status internal-error
		assert_report stage policy
	done
	GAVEL_POLICY_DIR=$_saved
	export GAVEL_POLICY_DIR
	note "exit 3, internal-error at stage mounts (EROFS), at stage policy"
}

for_runtimes run
pass
