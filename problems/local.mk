# SPDX-License-Identifier: ISC
# problems: included from the top Makefile.am.

noinst_LIBRARIES += problems/libprob.a
problems_libprob_a_SOURCES = \
	problems/prob.h \
	problems/feedback.c \
	problems/grade.c \
	problems/import.c \
	problems/load.c \
	problems/settings.c \
	problems/util.c \
	problems/validate.c \
	problems/validators.c \
	problems/yaml.c
problems_libprob_a_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS) $(ARCHIVE_CFLAGS)
PROB_LIBS = problems/libprob.a $(YAML_LIBS) $(ARCHIVE_LIBS) -lm

# ---------------------------------------------------------------- unit tests
PROB_TESTS = \
	tests/unit/test-prob-grade \
	tests/unit/test-prob-import \
	tests/unit/test-prob-load \
	tests/unit/test-prob-validate
check_PROGRAMS += $(PROB_TESTS)
TESTS += $(PROB_TESTS)
PROB_TEST_CPPFLAGS = $(AM_CPPFLAGS) -DPROB_SRCDIR='"$(abs_top_srcdir)"'
PROB_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(ARCHIVE_CFLAGS)
PROB_TEST_LDADD = $(PROB_LIBS) $(CMOCKA_LIBS)
tests_unit_test_prob_grade_CPPFLAGS = $(PROB_TEST_CPPFLAGS)
tests_unit_test_prob_grade_CFLAGS = $(PROB_TEST_CFLAGS)
tests_unit_test_prob_grade_LDADD = $(PROB_TEST_LDADD)
tests_unit_test_prob_import_CPPFLAGS = $(PROB_TEST_CPPFLAGS)
tests_unit_test_prob_import_CFLAGS = $(PROB_TEST_CFLAGS)
tests_unit_test_prob_import_LDADD = $(PROB_TEST_LDADD)
tests_unit_test_prob_load_CPPFLAGS = $(PROB_TEST_CPPFLAGS)
tests_unit_test_prob_load_CFLAGS = $(PROB_TEST_CFLAGS)
tests_unit_test_prob_load_LDADD = $(PROB_TEST_LDADD)
tests_unit_test_prob_validate_CPPFLAGS = $(PROB_TEST_CPPFLAGS)
tests_unit_test_prob_validate_CFLAGS = $(PROB_TEST_CFLAGS)
tests_unit_test_prob_validate_LDADD = $(PROB_TEST_LDADD)

# ---------------------------------------------------------------- dist
# Every file of the example and test packages, dot files included.
EXTRA_DIST += \
	problems/README.md \
	problems/examples/custom/data/sample/1.ans \
	problems/examples/custom/data/sample/1.in \
	problems/examples/custom/data/sample/2.ans \
	problems/examples/custom/data/sample/2.in \
	problems/examples/custom/data/secret/1.ans \
	problems/examples/custom/data/secret/1.in \
	problems/examples/custom/data/secret/2.ans \
	problems/examples/custom/data/secret/2.in \
	problems/examples/custom/data/secret/3.ans \
	problems/examples/custom/data/secret/3.in \
	problems/examples/custom/data/secret/4.ans \
	problems/examples/custom/data/secret/4.in \
	problems/examples/custom/data/secret/5.ans \
	problems/examples/custom/data/secret/5.in \
	problems/examples/custom/output_validators/split/split.c \
	problems/examples/custom/problem.yaml \
	problems/examples/custom/problem_statement/problem.en.md \
	problems/examples/custom/submissions/accepted/half.py \
	problems/examples/custom/submissions/accepted/one.c \
	problems/examples/custom/submissions/wrong_answer/extra.py \
	problems/examples/custom/submissions/wrong_answer/zero.c \
	problems/examples/floatsum/data/sample/1.ans \
	problems/examples/floatsum/data/sample/1.in \
	problems/examples/floatsum/data/sample/2.ans \
	problems/examples/floatsum/data/sample/2.in \
	problems/examples/floatsum/data/secret/01-small.ans \
	problems/examples/floatsum/data/secret/01-small.in \
	problems/examples/floatsum/data/secret/02-mixed.ans \
	problems/examples/floatsum/data/secret/02-mixed.in \
	problems/examples/floatsum/data/secret/03-big.ans \
	problems/examples/floatsum/data/secret/03-big.in \
	problems/examples/floatsum/data/secret/04-many.ans \
	problems/examples/floatsum/data/secret/04-many.in \
	problems/examples/floatsum/data/secret/05-tiny.ans \
	problems/examples/floatsum/data/secret/05-tiny.in \
	problems/examples/floatsum/data/testdata.yaml \
	problems/examples/floatsum/problem.yaml \
	problems/examples/floatsum/statement/problem.en.md \
	problems/examples/floatsum/submissions/accepted/sum.c \
	problems/examples/floatsum/submissions/accepted/sum.py \
	problems/examples/floatsum/submissions/accepted/sum_exp.py \
	problems/examples/floatsum/submissions/wrong_answer/float32.py \
	problems/examples/floatsum/submissions/wrong_answer/round2.c \
	problems/examples/groups/data/sample/1.ans \
	problems/examples/groups/data/sample/1.in \
	problems/examples/groups/data/sample/2.ans \
	problems/examples/groups/data/sample/2.in \
	problems/examples/groups/data/secret/1-small/1.ans \
	problems/examples/groups/data/secret/1-small/1.in \
	problems/examples/groups/data/secret/1-small/10.ans \
	problems/examples/groups/data/secret/1-small/10.in \
	problems/examples/groups/data/secret/1-small/2.ans \
	problems/examples/groups/data/secret/1-small/2.in \
	problems/examples/groups/data/secret/1-small/testdata.yaml \
	problems/examples/groups/data/secret/2-large/a-medium/1.ans \
	problems/examples/groups/data/secret/2-large/a-medium/1.in \
	problems/examples/groups/data/secret/2-large/a-medium/2.ans \
	problems/examples/groups/data/secret/2-large/a-medium/2.in \
	problems/examples/groups/data/secret/2-large/a-medium/3.ans \
	problems/examples/groups/data/secret/2-large/a-medium/3.in \
	problems/examples/groups/data/secret/2-large/a-medium/testdata.yaml \
	problems/examples/groups/data/secret/2-large/b-huge/1.ans \
	problems/examples/groups/data/secret/2-large/b-huge/1.in \
	problems/examples/groups/data/secret/2-large/b-huge/2.ans \
	problems/examples/groups/data/secret/2-large/b-huge/2.in \
	problems/examples/groups/data/secret/2-large/b-huge/3.ans \
	problems/examples/groups/data/secret/2-large/b-huge/3.in \
	problems/examples/groups/data/secret/2-large/b-huge/testdata.yaml \
	problems/examples/groups/data/secret/2-large/testdata.yaml \
	problems/examples/groups/problem.yaml \
	problems/examples/groups/statement/problem.en.md \
	problems/examples/groups/submissions/accepted/tri.c \
	problems/examples/groups/submissions/accepted/tri.py \
	problems/examples/groups/submissions/time_limit_exceeded/naive.c \
	problems/examples/groups/submissions/time_limit_exceeded/naive.py \
	problems/examples/groups/submissions/wrong_answer/off_by_one.py \
	problems/examples/groups/submissions/wrong_answer/overflow.c \
	problems/examples/hello/.timelimit \
	problems/examples/hello/data/sample/1.ans \
	problems/examples/hello/data/sample/1.in \
	problems/examples/hello/data/sample/2.ans \
	problems/examples/hello/data/sample/2.in \
	problems/examples/hello/data/secret/01.ans \
	problems/examples/hello/data/secret/01.in \
	problems/examples/hello/data/secret/02.ans \
	problems/examples/hello/data/secret/02.in \
	problems/examples/hello/data/secret/03.ans \
	problems/examples/hello/data/secret/03.in \
	problems/examples/hello/data/secret/04.ans \
	problems/examples/hello/data/secret/04.in \
	problems/examples/hello/data/secret/05.ans \
	problems/examples/hello/data/secret/05.in \
	problems/examples/hello/data/secret/06.ans \
	problems/examples/hello/data/secret/06.in \
	problems/examples/hello/data/secret/07.ans \
	problems/examples/hello/data/secret/07.in \
	problems/examples/hello/problem.yaml \
	problems/examples/hello/problem_statement/problem.en.md \
	problems/examples/hello/submissions/accepted/Hello.java \
	problems/examples/hello/submissions/accepted/hello.c \
	problems/examples/hello/submissions/accepted/hello.cpp \
	problems/examples/hello/submissions/accepted/hello.go \
	problems/examples/hello/submissions/accepted/hello.js \
	problems/examples/hello/submissions/accepted/hello.py \
	problems/examples/hello/submissions/accepted/hello.rs \
	problems/examples/hello/submissions/run_time_error/crash.c \
	problems/examples/hello/submissions/run_time_error/crash.py \
	problems/examples/hello/submissions/time_limit_exceeded/spin.c \
	problems/examples/hello/submissions/time_limit_exceeded/spin.py \
	problems/examples/hello/submissions/wrong_answer/int32.c \
	problems/examples/hello/submissions/wrong_answer/minus.py \
	problems/examples/hello/submissions/wrong_answer/minus.cpp \
	problems/examples/hello/submissions/wrong_answer/Minus.java \
	problems/examples/hello/submissions/wrong_answer/minus.js \
	problems/examples/hello/submissions/wrong_answer/minus.rs \
	problems/examples/hello/submissions/wrong_answer/minus.go \
	tests/data/packages/legacy/.timelimit \
	tests/data/packages/legacy/data/sample/1.ans \
	tests/data/packages/legacy/data/sample/1.in \
	tests/data/packages/legacy/data/secret/.hidden.in \
	tests/data/packages/legacy/data/secret/1.ans \
	tests/data/packages/legacy/data/secret/1.in \
	tests/data/packages/legacy/data/secret/10.ans \
	tests/data/packages/legacy/data/secret/10.in \
	tests/data/packages/legacy/data/secret/2.ans \
	tests/data/packages/legacy/data/secret/2.desc \
	tests/data/packages/legacy/data/secret/2.in \
	tests/data/packages/legacy/data/secret/a.ans \
	tests/data/packages/legacy/data/secret/a.in \
	tests/data/packages/legacy/data/secret/b.ans \
	tests/data/packages/legacy/data/secret/b.in \
	tests/data/packages/legacy/data/secret/inherit/x.ans \
	tests/data/packages/legacy/data/secret/inherit/x.in \
	tests/data/packages/legacy/data/secret/testdata.yaml \
	tests/data/packages/legacy/data/testdata.yaml \
	tests/data/packages/legacy/output_validators/checker.cpp \
	tests/data/packages/legacy/output_validators/multi/build \
	tests/data/packages/legacy/output_validators/multi/lib/util.h \
	tests/data/packages/legacy/output_validators/multi/main.c \
	tests/data/packages/legacy/problem.yaml \
	tests/data/packages/modern/.timelimit \
	tests/data/packages/modern/data/sample/s.ans \
	tests/data/packages/modern/data/sample/s.in \
	tests/data/packages/modern/data/secret/t.ans \
	tests/data/packages/modern/data/secret/t.in \
	tests/data/packages/modern/data/secret/testdata.yaml \
	tests/data/packages/modern/output_validator/validate.py \
	tests/data/packages/modern/problem.yaml
