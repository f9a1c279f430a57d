#!/bin/sh
# SPDX-License-Identifier: ISC
# t-026-internal-error: a failure of the sandbox itself (here: a --dir
# whose mount point would have to be made inside the read-only /usr) is
# exit 3, one line on stderr, and a report with status internal-error that
# names the failing stage; nothing is left behind.
. "$(dirname "$0")/lib.sh"

run()
{
	mkdir "$T/extra"
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
	note "exit 3, internal-error at stage mounts (EROFS)"
}

for_runtimes run
pass
