# SPDX-License-Identifier: ISC
# analyzer: included from the top Makefile.am.

noinst_LIBRARIES += analyzer/libana.a
analyzer_libana_a_SOURCES = \
	analyzer/ana.h \
	analyzer/ana-int.h \
	analyzer/engine.c \
	analyzer/rules.c \
	analyzer/tokenize.c \
	analyzer/util.c
analyzer_libana_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DANA_RULES_DIR='"$(pkgdatadir)/analyzer"'
analyzer_libana_a_CFLAGS = $(AM_CFLAGS) $(PCRE2_CFLAGS)
ANA_LIBS = analyzer/libana.a $(PCRE2_LIBS)

anadir = $(pkgdatadir)/analyzer
dist_ana_DATA = \
	analyzer/rules/c.rules \
	analyzer/rules/common.rules \
	analyzer/rules/go.rules \
	analyzer/rules/java.rules \
	analyzer/rules/javascript.rules \
	analyzer/rules/python.rules \
	analyzer/rules/rust.rules
EXTRA_DIST += analyzer/README.md

# ---------------------------------------------------------------- tests
ANA_TESTS = \
	tests/unit/test-ana-tokenize \
	tests/unit/test-ana-rules \
	tests/unit/test-ana-corpus \
	tests/unit/test-ana-hostile
check_PROGRAMS += $(ANA_TESTS)
TESTS += $(ANA_TESTS)
ANA_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DANA_SRCDIR='"$(abs_top_srcdir)"'
ANA_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PCRE2_CFLAGS)
ANA_TEST_LDADD = $(ANA_LIBS) $(CMOCKA_LIBS)
tests_unit_test_ana_tokenize_SOURCES = tests/unit/test-ana-tokenize.c
tests_unit_test_ana_tokenize_CPPFLAGS = $(ANA_TEST_CPPFLAGS)
tests_unit_test_ana_tokenize_CFLAGS = $(ANA_TEST_CFLAGS)
tests_unit_test_ana_tokenize_LDADD = $(ANA_TEST_LDADD)
tests_unit_test_ana_rules_SOURCES = tests/unit/test-ana-rules.c
tests_unit_test_ana_rules_CPPFLAGS = $(ANA_TEST_CPPFLAGS)
tests_unit_test_ana_rules_CFLAGS = $(ANA_TEST_CFLAGS)
tests_unit_test_ana_rules_LDADD = $(ANA_TEST_LDADD)
tests_unit_test_ana_corpus_SOURCES = tests/unit/test-ana-corpus.c
tests_unit_test_ana_corpus_CPPFLAGS = $(ANA_TEST_CPPFLAGS)
tests_unit_test_ana_corpus_CFLAGS = $(ANA_TEST_CFLAGS)
tests_unit_test_ana_corpus_LDADD = $(ANA_TEST_LDADD)
tests_unit_test_ana_hostile_SOURCES = tests/unit/test-ana-hostile.c
tests_unit_test_ana_hostile_CPPFLAGS = $(ANA_TEST_CPPFLAGS)
tests_unit_test_ana_hostile_CFLAGS = $(ANA_TEST_CFLAGS)
tests_unit_test_ana_hostile_LDADD = $(ANA_TEST_LDADD)
# The corpora: whole folders (automake copies them recursively).
EXTRA_DIST += tests/data/analyzer
