# SPDX-License-Identifier: ISC
# End-to-end tests: shell scripts that drive the built gavel-box, and the
# probe programs they run inside it. Included from the top Makefile.am.

E2E_PROGS = \
	tests/e2e/progs/probe \
	tests/e2e/progs/static-true
check_PROGRAMS += $(E2E_PROGS)

# Probes run inside the box as the programs under test: plain builds,
# never gavel's sanitizer or hardening flags (ASan can't be static, and a
# sanitizer runtime would make its own system calls).
PROBE_CFLAGS = -O2 -Wall
tests_e2e_progs_probe_SOURCES = tests/e2e/progs/probe.c
tests_e2e_progs_probe_CFLAGS = $(PROBE_CFLAGS)
tests_e2e_progs_probe_LDFLAGS =
tests_e2e_progs_probe_LDADD = -lpthread

# No shared libraries: the benchmark's baseline for exec cost.
tests_e2e_progs_static_true_SOURCES = tests/e2e/progs/static-true.c
tests_e2e_progs_static_true_CFLAGS = $(PROBE_CFLAGS)
tests_e2e_progs_static_true_LDFLAGS = -static

E2E_TESTS = \
	tests/e2e/t-001-ok.sh \
	tests/e2e/t-002-exit-code.sh \
	tests/e2e/t-003-signals.sh \
	tests/e2e/t-004-time-limit.sh \
	tests/e2e/t-005-threads.sh \
	tests/e2e/t-006-wall-time.sh \
	tests/e2e/t-007-memory-limit.sh \
	tests/e2e/t-008-fork-bomb.sh \
	tests/e2e/t-009-daemon.sh \
	tests/e2e/t-010-output-limit.sh \
	tests/e2e/t-011-disk-fill.sh \
	tests/e2e/t-012-network.sh \
	tests/e2e/t-013-read-secrets.sh \
	tests/e2e/t-014-write-outside.sh \
	tests/e2e/t-015-kill-all.sh \
	tests/e2e/t-016-syscalls.sh \
	tests/e2e/t-017-exec-twice.sh \
	tests/e2e/t-018-inherited-fds.sh \
	tests/e2e/t-019-environment.sh \
	tests/e2e/t-020-accuracy.sh \
	tests/e2e/t-021-bad-usage.sh \
	tests/e2e/t-022-parallel.sh \
	tests/e2e/t-023-limits.sh \
	tests/e2e/t-024-workdir.sh \
	tests/e2e/t-025-languages.sh \
	tests/e2e/t-026-internal-error.sh \
	tests/e2e/t-027-session.sh \
	tests/e2e/t-028-runsc-cleanup.sh \
	tests/e2e/t-029-runtime-auto.sh
TESTS += $(E2E_TESTS)
EXTRA_DIST += tests/e2e/lib.sh $(E2E_TESTS)
