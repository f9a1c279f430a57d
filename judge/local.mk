# SPDX-License-Identifier: ISC
# judge: the gavel CLI. Included from the top Makefile.am.

bin_PROGRAMS += gavel
gavel_SOURCES = \
	judge/jdg.h \
	judge/gavel.c \
	judge/cmd.c \
	judge/cmd-export.c \
	judge/cmd-init.c \
	judge/cmd-judge.c \
	judge/cmd-languages.c \
	judge/cmd-list.c \
	judge/cmd-problem.c \
	judge/cmd-rejudge.c \
	judge/cmd-result.c \
	judge/cmd-scoreboard.c \
	judge/cmd-status.c \
	judge/cmd-submit.c \
	judge/exec.c \
	judge/judge.c \
	judge/lang.c \
	judge/problem.c \
	judge/report.c \
	judge/worker.c
JDG_CPPFLAGS = $(AM_CPPFLAGS) -DJDG_SYSCONFDIR='"$(sysconfdir)"'
gavel_CPPFLAGS = $(JDG_CPPFLAGS)
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

JUDGE_E2E_TESTS = \
	tests/e2e/t-200-judge-basic.sh \
	tests/e2e/t-201-examples.sh \
	tests/e2e/t-202-workers.sh
TESTS += $(JUDGE_E2E_TESTS)
EXTRA_DIST += $(JUDGE_E2E_TESTS) judge/e2e.sh
