#!/bin/sh
# SPDX-License-Identifier: ISC
# t-013-read-secrets: host secrets and the judge's own files cannot be read
# from inside: /etc/shadow, /root, /home, /sys, the source and build tree,
# gavel-box itself, the test's temp dir, and no process's environment
# shows the caller's secret.
. "$(dirname "$0")/lib.sh"

SECRET_TOKEN=gavel-e2e-secret-$$
export SECRET_TOKEN
printf '%s\n' "$SECRET_TOKEN" >"$T/secret"
# World-readable on purpose: only the sandbox may keep it out.
chmod 0644 "$T/secret"

# read_blocked PATH: open/read/list fails (or the folder is empty).
read_blocked()
{
	box_run --workdir "$W" -- /workspace/probe read "$1"
	assert_report status ok
	assert_output_has "blocked"
	assert_output_lacks "$SECRET_TOKEN"
	_seen="$_seen $1:$(sed -n 's/^blocked [a-z]*: //p' "$T/prog.out")"
}

# read_no_secret PATH: may be readable, must not hold the secret.
read_no_secret()
{
	box_run --workdir "$W" -- /workspace/probe read "$1"
	assert_report_in status ok runtime-error
	assert_output_lacks "$SECRET_TOKEN"
	_seen="$_seen $1:$(sed -n 's/^blocked [a-z]*: //p' "$T/prog.out")"
}

run()
{
	setup_workdir
	_seen=
	for _p in /etc/shadow /etc/gshadow /root /home /sys/kernel \
	    /proc/1/root/etc/shadow "$top_srcdir" "$top_srcdir/sandbox/sbx.h" \
	    "$top_builddir" "$BOX" "$T" "$T/secret" /work; do
		read_blocked "$_p"
	done
	for _p in /proc/1/environ "/proc/$$/environ" "/proc/$PPID/environ"; do
		read_no_secret "$_p"
	done
	note "$_seen"
}

for_runtimes run
pass
