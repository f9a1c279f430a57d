#!/bin/sh
# SPDX-License-Identifier: ISC
# t-021-bad-usage: bad command lines exit 2 with exactly one line on
# stderr, and never leave an internal-error report behind.
. "$(dirname "$0")/lib.sh"

# usage_case ARGS: gavel-box ARGS must be refused as bad usage.
usage_case()
{
	rm -f "$REPORT"
	box_raw "$@"
	[ "$BOX_EXIT" = 2 ] || fail "gavel-box $*: exit $BOX_EXIT, expected 2"
	# One line: one newline, and it is the last byte.
	_lines=$(wc -l <"$T/box.err")
	[ "$_lines" = 1 ] && [ "$(tail -c 1 "$T/box.err" | wc -l)" = 1 ] ||
	    fail "gavel-box $*: $_lines lines on stderr, expected 1"
	if [ -s "$REPORT" ] && grep -q internal-error "$REPORT"; then
		fail "gavel-box $*: wrote an internal-error report"
	fi
	_n=$((_n + 1))
}

run()
{
	setup_workdir
	_n=0
	_r="--report $REPORT --runtime $RT"
	# shellcheck disable=SC2086
	{
	usage_case run $_r --no-such-option -- /bin/true
	usage_case run $_r --mem 12X -- /bin/true
	usage_case run $_r --mem 99999T -- /bin/true
	usage_case run $_r --time 0 -- /bin/true
	usage_case run $_r --time -1 -- /bin/true
	usage_case run $_r --time abc -- /bin/true
	usage_case run $_r --processes 0 -- /bin/true
	usage_case run $_r --
	usage_case run $_r
	usage_case run $_r --workdir "$T/no-such-dir" -- /bin/true
	# Found only once the box is up: still bad usage, still no report.
	usage_case run $_r -- /no/such/program
	usage_case run $_r --workdir "$W" -- ./no-such-program
	usage_case run $_r --policy no-such-policy -- /bin/true
	usage_case run $_r --policy ../default -- /bin/true
	# The workdir is handed to the sandbox uid: never through a symlink,
	# never a system folder.
	mkdir -p "$T/real"
	ln -sfn "$T/real" "$T/link"
	usage_case run $_r --workdir "$T/link" -- /bin/true
	[ "$(stat -c %u "$T/real")" = 0 ] ||
	    fail "the symlink's target changed owner"
	usage_case run $_r --workdir /etc -- /bin/true
	[ "$(stat -c %u /etc)" = 0 ] || fail "/etc changed owner"
	usage_case run $_r --time
	# The in-sandbox supervisor refuses to be anything but a gVisor
	# sandbox's first process, and takes no other option.
	usage_case supervise
	grep -q "only as the first process" "$T/box.err" ||
	    fail "supervise outside a sandbox: $(cat "$T/box.err")"
	usage_case supervise --bogus
	usage_case no-such-command
	}
	note "$_n bad command lines refused"
}

for_runtimes run
pass
