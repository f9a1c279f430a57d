#!/bin/sh
# SPDX-License-Identifier: ISC
# t-011-disk-fill: filling /workspace (host folder, --fsize 1M), /tmp
# (10 MiB tmpfs) and a tmpfs /workspace (50 MiB) stops at the limit with
# EFBIG/SIGXFSZ or ENOSPC; the host sees at most the 1 MiB file.
. "$(dirname "$0")/lib.sh"

MIB=1048576

# fill_bytes: the byte count the probe printed.
fill_bytes()
{
	sed -n 's/^fill .* after \([0-9]*\) bytes$/\1/p' "$T/prog.out"
}

run()
{
	setup_workdir

	# A host folder: RLIMIT_FSIZE is all that stops it.
	box_run --workdir "$W" --fsize 1M -- /workspace/probe fill \
	    /workspace/big
	case $(report status) in
	signaled)
		assert_report signal 25 ;;
	ok)
		assert_output_has "EFBIG after" ;;
	*)
		fail "fill with --fsize 1M: status $(report status)" ;;
	esac
	_host=$(wc -c <"$W/big")
	[ "$_host" -le "$MIB" ] || fail "host file grew to $_host bytes"
	_ws="$(report status) host=$_host"

	# /tmp: the tmpfs size, not the 64 MiB fsize, stops it.
	_name=gavel-e2e-fill-$$
	box_run --workdir "$W" --fsize 64M -- /workspace/probe fill \
	    "/tmp/$_name"
	assert_report status ok
	assert_output_has "ENOSPC after"
	_n=$(fill_bytes)
	[ "$_n" -le $((10 * MIB)) ] || fail "/tmp took $_n bytes (10 MiB)"
	[ ! -e "/tmp/$_name" ] || fail "/tmp/$_name appeared on the host"
	_tmp=$_n

	# No --workdir: /workspace is a 50 MiB tmpfs; the probe comes in
	# through a read-only --dir.
	mkdir -p "$T/progs"
	cp "$PROGS/probe" "$T/progs/"
	chmod 0755 "$T/progs" "$T/progs/probe"
	box_run --dir "/progs=$T/progs" --fsize 100M -- /progs/probe fill \
	    /workspace/big
	assert_report status ok
	assert_output_has "ENOSPC after"
	_n=$(fill_bytes)
	[ "$_n" -le $((50 * MIB)) ] || fail "tmpfs /workspace took $_n bytes"
	note "fsize: $_ws; /tmp ENOSPC at $_tmp; tmpfs /workspace" \
	    "ENOSPC at $_n"
}

for_runtimes run
pass
