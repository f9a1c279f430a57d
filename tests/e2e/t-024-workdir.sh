#!/bin/sh
# SPDX-License-Identifier: ISC
# t-024-workdir: a root-owned, private --workdir is writable inside (the
# sandbox uid owns it for the run), and its owner is given back after.
. "$(dirname "$0")/lib.sh"

run()
{
	_d="$T/private-$RT"
	mkdir -m 0700 "$_d"
	printf '3 4\n' >"$_d/in.txt"
	# compile: the one policy that lets sh run a second program (id).
	box_run --workdir "$_d" --policy compile -- /bin/sh -c \
	    'read a b <in.txt; echo $((a + b)) >out.txt; id -u >uid.txt'
	assert_report status ok
	[ "$(cat "$_d/out.txt")" = 7 ] || fail "out.txt: $(cat "$_d/out.txt")"
	_uid=$(cat "$_d/uid.txt")
	[ "$_uid" -ge 60000 ] && [ "$_uid" -lt 61000 ] ||
	    fail "ran as uid $_uid, expected a slot uid 60000..60999"
	[ "$(stat -c %u:%g:%a "$_d")" = 0:0:700 ] ||
	    fail "workdir left as $(stat -c %u:%g:%a "$_d"), expected 0:0:700"
	note "wrote as uid $_uid; workdir back to root:root 0700"
}

for_runtimes run
pass
