#!/bin/sh
# SPDX-License-Identifier: ISC
# t-001-ok: a program that exits 0 is "ok" with sane figures, a program
# named without a slash is found in the box's PATH, a static one runs.
. "$(dirname "$0")/lib.sh"

run()
{
	setup_workdir
	box_run --workdir "$W" -- /workspace/probe ok
	assert_report status ok
	assert_report exit_code 0
	assert_report signal null
	assert_report_range cpu_ms 0 200
	assert_report_range wall_ms 0 2000
	assert_report_range memory_kb 1 65536
	assert_report output_bytes 6
	[ "$(cat "$T/prog.out")" = hello ] || fail "stdout is not \"hello\""
	note "cpu_ms=$(report cpu_ms) wall_ms=$(report wall_ms)" \
	    "memory_kb=$(report memory_kb)"

	box_run -- true
	assert_report status ok
	assert_report exit_code 0

	box_run --workdir "$W" -- /workspace/static-true
	assert_report status ok
}

for_runtimes run
pass
