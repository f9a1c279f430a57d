# SPDX-License-Identifier: ISC
# judge: the gavel CLI. Included from the top Makefile.am.

bin_PROGRAMS += gavel
gavel_SOURCES = \
	judge/jdg.h \
	judge/gavel.c \
	judge/bulk.c \
	judge/ccache.c \
	judge/cmd.c \
	judge/config.c \
	judge/cmd-init.c \
	judge/cmd-judge.c \
	judge/cmd-languages.c \
	judge/cmd-list.c \
	judge/cmd-problem.c \
	judge/cmd-rejudge.c \
	judge/cmd-report.c \
	judge/cmd-result.c \
	judge/cmd-scoreboard.c \
	judge/cmd-status.c \
	judge/cmd-submit.c \
	judge/exec.c \
	judge/judge.c \
	judge/lang.c \
	judge/problem.c \
	judge/progress.c \
	judge/report.c \
	judge/sha256.c \
	judge/verify.c \
	judge/worker.c
JDG_CPPFLAGS = $(AM_CPPFLAGS) -DJDG_SYSCONFDIR='"$(sysconfdir)"'
gavel_CPPFLAGS = $(JDG_CPPFLAGS)
gavel_CFLAGS = $(AM_CFLAGS) $(ARCHIVE_CFLAGS)
gavel_LDADD = $(DB_LIBS) $(PROB_LIBS) $(SBX_LIBS)

gavelconfdir = $(sysconfdir)/gavel
dist_gavelconf_DATA = judge/languages.conf
EXTRA_DIST += judge/README.md

# ---------------------------------------------------------------- tests
check_PROGRAMS += tests/unit/test-lang
TESTS += tests/unit/test-lang
tests_unit_test_lang_SOURCES = tests/unit/test-lang.c judge/lang.c
tests_unit_test_lang_CPPFLAGS = $(JDG_CPPFLAGS) \
	-DJDG_SRCDIR='"$(abs_top_srcdir)"'
tests_unit_test_lang_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_lang_LDADD = $(SBX_LIBS) $(CMOCKA_LIBS)

check_PROGRAMS += tests/unit/test-jdg-sha256
TESTS += tests/unit/test-jdg-sha256
tests_unit_test_jdg_sha256_SOURCES = tests/unit/test-jdg-sha256.c \
	judge/sha256.c
tests_unit_test_jdg_sha256_CPPFLAGS = $(JDG_CPPFLAGS)
tests_unit_test_jdg_sha256_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_jdg_sha256_LDADD = $(SBX_LIBS) $(CMOCKA_LIBS)

JUDGE_E2E_TESTS = \
	tests/e2e/t-200-judge-basic.sh \
	tests/e2e/t-201-examples.sh \
	tests/e2e/t-202-workers.sh \
	tests/e2e/t-203-verdicts.sh \
	tests/e2e/t-204-crash.sh \
	tests/e2e/t-205-session.sh \
	tests/e2e/t-206-bulk-cache.sh
TESTS += $(JUDGE_E2E_TESTS)
EXTRA_DIST += $(JUDGE_E2E_TESTS) judge/e2e.sh \
	tests/data/judge/limits/problem.yaml \
	tests/data/judge/limits/data/sample/1.in \
	tests/data/judge/limits/data/sample/1.ans \
	tests/data/judge/limits/data/secret/1.in \
	tests/data/judge/limits/data/secret/1.ans \
	tests/data/judge/limits/data/secret/2.in \
	tests/data/judge/limits/data/secret/2.ans \
	tests/data/judge/limits/submissions/accepted/sum.c \
	tests/data/judge/limits/submissions/memory_limit_exceeded/hog.c \
	tests/data/judge/limits/submissions/output_limit_exceeded/flood.c
