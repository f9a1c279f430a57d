#!/bin/sh
# SPDX-License-Identifier: ISC
# t-027-session: `gavel-box session FILE` runs every line in one sandbox
# and writes one report per line. A memory bomb ends as memory-limit and
# the next line still runs (under gVisor the bomb takes the whole sandbox
# down: the session starts a new one). Spinner, violation and flood keep
# their statuses inside a session. Bad session files are bad usage.
. "$(dirname "$0")/lib.sh"

# line_report N KEY: KEY of the Nth report line.
line_report()
{
	"$PYTHON" -c '
import json, sys
lines = open(sys.argv[1]).read().splitlines()
v = json.loads(lines[int(sys.argv[2]) - 1]).get(sys.argv[3], "<missing>")
print("null" if v is None else v)' "$T/session.jsonl" "$1" "$2"
}

assert_line()
{
	_v=$(line_report "$1" "$2")
	[ "$_v" = "$3" ] || fail "line $1: $2 is $_v, expected $3"
}

run()
{
	setup_workdir
	cat >"$T/runs" <<EOF
# comment lines and blank lines are skipped

--time 1 -- /bin/echo 'first run'
--mem 64M --wall-time 10 -- /workspace/probe mem
--stdout "$T/third.out" /bin/echo "after the bomb"
--time 0.5 /workspace/probe spin
/workspace/probe ptrace
--output-limit 64K --wall-time 10 /workspace/probe flood
/workspace/probe segv
/bin/echo last
EOF
	rm -f "$T/session.jsonl" "$T/third.out"
	box_raw session --runtime "$RT" --workdir "$W" \
	    --report "$T/session.jsonl" "$T/runs"
	[ "$BOX_EXIT" = 0 ] || fail "session exited $BOX_EXIT: $(cat "$T/box.err")"
	[ "$(wc -l <"$T/session.jsonl")" = 8 ] ||
	    fail "$(wc -l <"$T/session.jsonl") reports, expected 8"
	for _i in 1 2 3 4 5 6 7 8; do
		assert_line "$_i" runtime "$RT"
	done
	assert_line 1 status ok
	assert_line 2 status memory-limit
	assert_line 3 status ok
	grep -q "after the bomb" "$T/third.out" ||
	    fail "line 3's output is not in its --stdout file"
	assert_line 4 status time-limit
	_cpu=$(line_report 4 cpu_ms)
	[ "$_cpu" -ge 500 ] && [ "$_cpu" -le $((500 + $(cpu_slack))) ] ||
	    fail "line 4: cpu_ms $_cpu, expected 500..$((500 + $(cpu_slack)))"
	assert_line 5 status security-violation
	assert_line 6 status output-limit
	assert_line 7 status signaled
	assert_line 8 status ok
	note "8 runs in one session: ok, memory-limit, ok, time-limit" \
	    "($_cpu ms), security-violation, output-limit, signaled, ok"

	# Bad files: one line naming FILE:LINE, exit 2, nothing run.
	printf '/bin/true\n--time 1 -- /bin/echo "unterminated\n' >"$T/bad1"
	printf -- '--workdir /tmp -- /bin/true\n' >"$T/bad2"
	printf -- '--time 0 -- /bin/true\n' >"$T/bad3"
	printf '# only a comment\n' >"$T/bad4"
	printf '/bin/true\n/bin/echo a\0b\n' >"$T/bad5"
	for _f in bad1:2 bad2:1 bad3:1 bad4: bad5:2; do
		box_raw session --runtime "$RT" "$T/${_f%:*}"
		assert_exit 2
		[ "$(wc -l <"$T/box.err")" = 1 ] ||
		    fail "${_f%:*}: $(wc -l <"$T/box.err") lines on stderr"
		if [ -n "${_f#*:}" ]; then
			grep -q "${_f%:*}:${_f#*:}: " "$T/box.err" ||
			    fail "${_f%:*}: no FILE:LINE in: $(cat "$T/box.err")"
		fi
		[ ! -s "$T/box.out" ] || fail "${_f%:*}: reports were written"
	done
	box_raw session --runtime "$RT" --time 1 "$T/runs"
	assert_exit 2
	box_raw session --runtime "$RT" "$T/no-such-file"
	assert_exit 2
}

for_runtimes run
pass
