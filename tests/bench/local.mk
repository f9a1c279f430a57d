# SPDX-License-Identifier: ISC
# Benchmarks: programs that print figures against a baseline measured in
# the same run; built by make, run by `make bench`, never by make check.

noinst_PROGRAMS += tests/bench/box-overhead
tests_bench_box_overhead_SOURCES = tests/bench/box-overhead.c
tests_bench_box_overhead_LDADD = $(SBX_LIBS)

noinst_PROGRAMS += tests/bench/runsc-session tests/bench/spawn-loop
tests_bench_runsc_session_SOURCES = tests/bench/runsc-session.c
tests_bench_runsc_session_LDADD = $(SBX_LIBS)
# Runs inside the sandbox: static, no sanitizers (like the e2e probes).
tests_bench_spawn_loop_SOURCES = tests/bench/spawn-loop.c
tests_bench_spawn_loop_CFLAGS = $(PROBE_CFLAGS)
tests_bench_spawn_loop_LDFLAGS = -static

BENCH_FLAGS =

bench: tests/bench/box-overhead tests/bench/runsc-session gavel-box \
    tests/e2e/progs/static-true tests/bench/spawn-loop
	GAVEL_POLICY_DIR='$(abs_top_srcdir)/sandbox/policies' \
	    ./tests/bench/box-overhead $(BENCH_FLAGS) \
	    -s ./tests/e2e/progs/static-true ./gavel-box
	GAVEL_POLICY_DIR='$(abs_top_srcdir)/sandbox/policies' \
	GAVEL_BOX='$(abs_top_builddir)/gavel-box' \
	    ./tests/bench/runsc-session $(BENCH_FLAGS) \
	    -s ./tests/e2e/progs/static-true -l ./tests/bench/spawn-loop
.PHONY: bench
