#!/bin/sh
# SPDX-License-Identifier: ISC
# t-005-threads: four spinning threads share one CPU limit: time-limit at
# 1 s of CPU, reached after about 1/min(4, ncpus) s of wall time (the
# issue says 0.25 s assuming 4 cores; 0.5 s on a 2-core machine).
. "$(dirname "$0")/lib.sh"

# bare_parallelism: CPU percent that 4 spinning threads get on this host
# now, outside any box (0.5 s of probe threads 4, from /proc/PID/stat).
bare_parallelism()
{
	"$PROGS/probe" threads 4 >/dev/null 2>&1 &
	_pid=$!
	bg_add "$_pid"
	_t0=$(date +%s%N)
	sleep 0.5
	_ticks=$(awk '{ print $14 + $15 }' "/proc/$_pid/stat")
	_t1=$(date +%s%N)
	kill -9 "$_pid"
	wait "$_pid" 2>/dev/null || true
	echo $((_ticks * 100000000000 / ($(getconf CLK_TCK) * (_t1 - _t0))))
}

run()
{
	setup_workdir
	_n=$(ncpus)
	[ "$_n" -gt 4 ] && _n=4
	_wall_max=$((1000 / _n + 150))
	# gVisor counts CPU time in 10 ms ticks per thread: four spinning
	# threads move the count 40 ms at a time there, so the kill can land
	# one such step late. (A single spinner keeps the 50 ms, t-004.)
	_slack=$(runsc_or "$(cpu_slack)" 100)
	box_run --workdir "$W" --time 1 -- /workspace/probe threads 4
	assert_report status time-limit
	# On a loaded host gVisor also charges the threads' waits for a CPU,
	# in bigger jumps: there one more try, which must be within.
	if [ "$RT" = runsc ] && [ "$(report cpu_ms)" -gt $((1000 + _slack)) ]
	then
		note "first try cpu_ms=$(report cpu_ms) (loadavg" \
		    "$(cut -d' ' -f1 /proc/loadavg))"
		box_run --workdir "$W" --time 1 -- /workspace/probe threads 4
		assert_report status time-limit
	fi
	assert_report_range cpu_ms 1000 $((1000 + _slack))
	# Wall time depends on the host being idle (other jobs share it):
	# once more, then compare with the same spinner run bare right now.
	if [ "$(report wall_ms)" -gt "$_wall_max" ]; then
		_first=$(report wall_ms)
		box_run --workdir "$W" --time 1 -- /workspace/probe threads 4
		assert_report status time-limit
		assert_report_range cpu_ms 1000 $((1000 + _slack))
	fi
	if [ "$(report wall_ms)" -gt "$_wall_max" ]; then
		_bare=$(bare_parallelism)
		_boxed=$((100 * $(report cpu_ms) / $(report wall_ms)))
		[ "$_boxed" -ge $((_bare * 8 / 10)) ] ||
		    fail "wall_ms $_first then $(report wall_ms), expected" \
		    "<= $_wall_max: boxed threads ran at $_boxed% CPU, bare" \
		    "at $_bare% (loadavg $(cut -d' ' -f1-3 /proc/loadavg))"
		note "host busy: bare 4 threads get $_bare% CPU, boxed $_boxed%"
	fi
	note "cpu_ms=$(report cpu_ms) wall_ms=$(report wall_ms)" \
	    "(bound $_wall_max on $(ncpus) cpus)"
}

for_runtimes run
pass
