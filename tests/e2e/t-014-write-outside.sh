#!/bin/sh
# SPDX-License-Identifier: ISC
# t-014-write-outside: nothing can be created or opened for writing
# outside /workspace and /tmp; inside them it can, and in a --dir bind
# only with :rw.
. "$(dirname "$0")/lib.sh"

NAME=gavel-e2e-w-$$

run()
{
	setup_workdir
	_seen=
	# New files: the probe creates them with O_EXCL. Existing files: it
	# only opens them (never writes: a broken box must not hurt the host).
	for _p in "/$NAME" "/usr/$NAME" "/usr/bin/$NAME" "/etc/$NAME" \
	    "/bin/$NAME" "/lib/$NAME" "/var/$NAME" "/home/$NAME" \
	    "/dev/$NAME" "/proc/$NAME" "/root/$NAME" \
	    /etc/passwd /usr/bin/true /proc/sysrq-trigger \
	    /proc/sys/kernel/core_pattern /proc/sys/kernel/hostname; do
		box_run --workdir "$W" -- /workspace/probe write "$_p"
		assert_report status ok
		assert_output_has "blocked"
		_seen="$_seen $_p:$(sed -n 's/^blocked [a-z]*: //p' \
		    "$T/prog.out")"
	done
	for _p in "/$NAME" "/usr/$NAME" "/usr/bin/$NAME" "/etc/$NAME" \
	    "/var/$NAME" "/home/$NAME" "/root/$NAME"; do
		if [ -e "$_p" ]; then
			rm -f "$_p"
			fail "$_p appeared on the host"
		fi
	done

	for _p in "/workspace/$NAME" "/tmp/$NAME"; do
		box_run --workdir "$W" -- /workspace/probe write "$_p"
		assert_report status runtime-error
		assert_report exit_code 10
		assert_output_has "allowed create"
	done
	[ -f "$W/$NAME" ] || fail "/workspace/$NAME is not in the workdir"

	rm -rf "$T/data"
	mkdir "$T/data"
	chmod 0777 "$T/data"
	box_run --workdir "$W" --dir "/data=$T/data" -- /workspace/probe \
	    write "/data/$NAME"
	assert_report status ok
	assert_output_has "blocked open: EROFS"
	[ ! -e "$T/data/$NAME" ] || fail "created $NAME in a read-only --dir"
	box_run --workdir "$W" --dir "/data=$T/data:rw" -- /workspace/probe \
	    write "/data/$NAME"
	assert_report exit_code 10
	assert_output_has "allowed create"
	[ -f "$T/data/$NAME" ] || fail "$NAME is not in the :rw --dir"
	note "$_seen; /workspace, /tmp, --dir :rw writable; --dir read-only"
}

for_runtimes run
pass
