/* SPDX-License-Identifier: ISC */
/*
 * Unit tests for problems/grade.c: which tests on_reject skips, and group
 * and problem results under every grader flag, on the example packages.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "problems/prob.h"

#define UNUSED	__attribute__((unused))

/*
 * examples/groups, tests by index:
 *   0-1 sample (group 1)		2-4 secret/1-small (group 3: 30, min)
 *   5-7 secret/2-large/a-medium (5: 30, min)	8-10 .../b-huge (6: 40, min)
 * group 4 is secret/2-large (sum, continue), 2 secret, 0 data/.
 */
#define G_SAMPLE	1
#define G_SECRET	2
#define G_SMALL		3
#define G_LARGE		4
#define G_MEDIUM	5
#define G_HUGE		6

struct fixture {
	struct prob_package	*pkg;
	struct prob_outcome	 res[32];
	struct prob_outcome	 groups[16];
	struct prob_outcome	 total;
};

static struct prob_package *
load(const char *name)
{
	struct prob_package	*pkg;
	char			 path[4096], *cause;

	snprintf(path, sizeof path, "%s/problems/examples/%s", PROB_SRCDIR,
	    name);
	if (prob_load_dir(path, &pkg, &cause) != 0)
		fail_msg("%s: %s", path, cause);
	return (pkg);
}

static int
setup_groups(void **state)
{
	struct fixture	*f;
	size_t		 i;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return (-1);
	f->pkg = load("groups");
	if (f->pkg->ntests != 11 || f->pkg->ngroups != 7)
		return (-1);
	for (i = 0; i < f->pkg->ntests; i++) {
		f->res[i].verdict = PROB_AC;
		f->res[i].score = NAN;
	}
	*state = f;
	return (0);
}

static int
setup_hello(void **state)
{
	struct fixture	*f;
	size_t		 i;

	if ((f = calloc(1, sizeof *f)) == NULL)
		return (-1);
	f->pkg = load("hello");
	for (i = 0; i < f->pkg->ntests; i++) {
		f->res[i].verdict = PROB_AC;
		f->res[i].score = NAN;
	}
	*state = f;
	return (0);
}

static int
teardown(void **state)
{
	struct fixture	*f = *state;

	prob_free(f->pkg);
	free(f);
	return (0);
}

static void
grade(struct fixture *f)
{
	char	*cause = NULL;

	if (prob_grade(f->pkg, f->res, f->groups, &f->total, &cause) != 0)
		fail_msg("prob_grade: %s", cause);
	assert_null(cause);
}

static void
want(const struct prob_outcome *o, enum prob_verdict v, double score)
{
	if (o->verdict != v || o->score != score)
		fail_msg("got %s %g, want %s %g", prob_verdict_name(o->verdict),
		    o->score, prob_verdict_name(v), score);
}

/* Judge tests in order as a judge would: skipped ones become SK. */
static void
judge_in_order(struct fixture *f, const enum prob_verdict *v)
{
	size_t	i;

	for (i = 0; i < f->pkg->ntests; i++) {
		if (prob_grade_skip(f->pkg, f->res, i))
			f->res[i].verdict = PROB_SK;
		else
			f->res[i].verdict = v[i];
	}
}

static void
test_prob_grade_all_accepted(void **state)
{
	struct fixture	*f = *state;
	size_t		 i;

	for (i = 0; i < f->pkg->ntests; i++)
		assert_false(prob_grade_skip(f->pkg, f->res, i));
	grade(f);
	want(&f->total, PROB_AC, 100);
	want(&f->groups[G_SMALL], PROB_AC, 30);
	want(&f->groups[G_MEDIUM], PROB_AC, 30);
	want(&f->groups[G_HUGE], PROB_AC, 40);
	want(&f->groups[G_LARGE], PROB_AC, 70);
	want(&f->groups[G_SECRET], PROB_AC, 100);
	/* Samples never score in a scoring problem. */
	want(&f->groups[G_SAMPLE], PROB_AC, 0);
	assert_true(prob_max_score(f->pkg) == 100);
}

static void
test_prob_grade_skip_break(void **state)
{
	struct fixture			*f = *state;
	static const enum prob_verdict	 v[11] = {
		PROB_AC, PROB_AC, PROB_AC, PROB_AC, PROB_AC,
		PROB_AC, PROB_TLE, PROB_AC, PROB_TLE, PROB_AC, PROB_AC
	};

	judge_in_order(f, v);
	/* a-medium breaks after its TLE; 2-large continues to b-huge. */
	assert_int_equal(f->res[7].verdict, PROB_SK);
	assert_int_equal(f->res[8].verdict, PROB_TLE);
	assert_int_equal(f->res[9].verdict, PROB_SK);
	assert_int_equal(f->res[10].verdict, PROB_SK);
	grade(f);
	want(&f->total, PROB_TLE, 30);
	want(&f->groups[G_MEDIUM], PROB_TLE, 0);
	want(&f->groups[G_HUGE], PROB_TLE, 0);
	want(&f->groups[G_LARGE], PROB_TLE, 0);
	want(&f->groups[G_SMALL], PROB_AC, 30);
}

static void
test_prob_grade_skipped_ignored(void **state)
{
	struct fixture	*f = *state;

	f->res[6].verdict = PROB_WA;
	/* Tests that must be skipped count for nothing, whatever they hold. */
	f->res[7].verdict = PROB_PENDING;
	f->res[7].score = 1e6;
	grade(f);
	want(&f->total, PROB_WA, 70);
	f->res[7].verdict = PROB_IE;
	grade(f);
	want(&f->total, PROB_WA, 70);
	want(&f->groups[G_MEDIUM], PROB_WA, 0);
}

static void
test_prob_grade_missing_result(void **state)
{
	struct fixture	*f = *state;
	char		*cause = NULL;

	f->res[8].verdict = PROB_PENDING;
	assert_int_equal(prob_grade(f->pkg, f->res, NULL, &f->total, &cause),
	    -1);
	assert_string_equal(cause, "test secret/2-large/b-huge/1 has no "
	    "result");
	free(cause);
	f->res[8].verdict = PROB_SK;
	assert_int_equal(prob_grade(f->pkg, f->res, NULL, &f->total, &cause),
	    -1);
	free(cause);
}

static void
test_prob_grade_first_error(void **state)
{
	struct fixture	*f = *state;

	/* A failed sample: the verdict, but the secret groups still score. */
	f->res[1].verdict = PROB_WA;
	grade(f);
	want(&f->total, PROB_WA, 100);
	want(&f->groups[G_SAMPLE], PROB_WA, 0);
	/* The first failure in judging order is the verdict. */
	f->res[1].verdict = PROB_AC;
	f->res[3].verdict = PROB_RTE;
	f->res[9].verdict = PROB_WA;
	grade(f);
	want(&f->total, PROB_RTE, 30);
	f->res[3].verdict = PROB_AC;
	grade(f);
	want(&f->total, PROB_WA, 60);
}

static void
test_prob_grade_worst_error(void **state)
{
	struct fixture	*f = *state;

	f->res[5].verdict = PROB_WA;
	f->res[8].verdict = PROB_RTE;
	grade(f);
	want(&f->groups[G_LARGE], PROB_WA, 0);
	f->pkg->groups[G_LARGE].settings.vmode = PROB_WORST_ERROR;
	grade(f);
	want(&f->groups[G_LARGE], PROB_RTE, 0);
	/* TLE is worse than WA but better than RTE and MLE. */
	f->res[8].verdict = PROB_TLE;
	grade(f);
	want(&f->groups[G_LARGE], PROB_TLE, 0);
	f->res[5].verdict = PROB_MLE;
	grade(f);
	want(&f->groups[G_LARGE], PROB_MLE, 0);
	/* The root still takes the first error: secret's. */
	want(&f->total, PROB_MLE, 30);
}

static void
test_prob_grade_judge_error(void **state)
{
	struct fixture	*f = *state;

	/* A judge failure anywhere, even after a WA, makes the result IE. */
	f->res[2].verdict = PROB_WA;
	f->res[9].verdict = PROB_IE;
	grade(f);
	want(&f->total, PROB_IE, 30);
	want(&f->groups[G_SMALL], PROB_WA, 0);
	want(&f->groups[G_HUGE], PROB_IE, 0);
	/* Even with always_accept. */
	f->pkg->groups[G_LARGE].settings.vmode = PROB_ALWAYS_ACCEPT;
	grade(f);
	want(&f->groups[G_LARGE], PROB_IE, 30);
}

static void
test_prob_grade_always_accept(void **state)
{
	struct fixture	*f = *state;

	f->res[6].verdict = PROB_WA;
	f->pkg->groups[G_LARGE].settings.vmode = PROB_ALWAYS_ACCEPT;
	grade(f);
	want(&f->groups[G_LARGE], PROB_AC, 40);
	want(&f->total, PROB_AC, 70);
}

static void
test_prob_grade_accept_if_any(void **state)
{
	struct fixture	*f = *state;

	/* The naive solution: only 1-small passes. */
	f->res[5].verdict = PROB_TLE;
	f->res[8].verdict = PROB_TLE;
	grade(f);
	want(&f->total, PROB_TLE, 30);
	f->pkg->groups[G_SECRET].settings.accept_if_any_accepted = 1;
	grade(f);
	want(&f->groups[G_SECRET], PROB_AC, 30);
	want(&f->total, PROB_AC, 30);
	/* Nothing accepted: the verdict mode decides. */
	f->res[2].verdict = PROB_WA;
	grade(f);
	want(&f->groups[G_SECRET], PROB_WA, 0);
}

static void
test_prob_grade_score_modes(void **state)
{
	struct fixture	*f = *state;

	f->res[8].verdict = PROB_WA;	/* b-huge: 0, a-medium: 30 */
	grade(f);
	want(&f->groups[G_LARGE], PROB_WA, 30);
	f->pkg->groups[G_LARGE].settings.smode = PROB_AVG;
	grade(f);
	want(&f->groups[G_LARGE], PROB_WA, 15);
	f->pkg->groups[G_LARGE].settings.smode = PROB_MAX;
	grade(f);
	want(&f->groups[G_LARGE], PROB_WA, 30);
	f->pkg->groups[G_LARGE].settings.smode = PROB_MIN;
	grade(f);
	want(&f->groups[G_LARGE], PROB_WA, 0);
	want(&f->total, PROB_WA, 30);
	/* Min over what was judged: the break leaves 9 and 10 out. */
	assert_true(prob_grade_skip(f->pkg, f->res, 9));
}

static void
test_prob_grade_sum_continue(void **state)
{
	struct fixture		*f = *state;
	struct prob_settings	*s = &f->pkg->groups[G_SMALL].settings;

	/* Partial credit per test: sum, continue, a negative reject. */
	s->smode = PROB_SUM;
	s->on_reject = PROB_CONTINUE;
	s->accept_score = 10;
	s->reject_score = -5;
	f->res[3].verdict = PROB_WA;
	assert_false(prob_grade_skip(f->pkg, f->res, 4));
	grade(f);
	want(&f->groups[G_SMALL], PROB_WA, 15);
	want(&f->total, PROB_WA, 85);
	/* A range clamps a group's score. */
	s->range_lo = 0;
	s->range_hi = 12;
	grade(f);
	want(&f->groups[G_SMALL], PROB_WA, 12);
	f->res[3].verdict = PROB_AC;
	f->res[2].verdict = PROB_RTE;
	f->res[4].verdict = PROB_RTE;
	grade(f);
	want(&f->groups[G_SMALL], PROB_RTE, 0);
}

static void
test_prob_grade_validator_scores(void **state)
{
	struct fixture	*f = *state;

	/* score.txt values replace accept_score on accepted tests... */
	f->res[2].score = 10;
	f->res[3].score = 25;
	f->res[4].score = 20;
	grade(f);
	want(&f->groups[G_SMALL], PROB_AC, 10);
	/* ... but a rejected test scores reject_score, whatever it says. */
	f->res[2].verdict = PROB_WA;
	f->res[2].score = 1000;
	f->pkg->groups[G_SMALL].settings.on_reject = PROB_CONTINUE;
	grade(f);
	want(&f->groups[G_SMALL], PROB_WA, 0);
	/* And samples never score. */
	f->res[0].score = 99;
	f->res[2].verdict = PROB_AC;
	f->res[2].score = NAN;
	grade(f);
	want(&f->groups[G_SAMPLE], PROB_AC, 0);
	want(&f->total, PROB_AC, 20 + 70);
}

static void
test_prob_grade_ignore_sample(void **state)
{
	struct fixture			*f = *state;
	static const enum prob_verdict	 v[11] = {
		PROB_WA, PROB_AC, PROB_AC, PROB_AC, PROB_AC,
		PROB_AC, PROB_AC, PROB_AC, PROB_AC, PROB_AC, PROB_AC
	};
	size_t				 i;

	f->pkg->groups[0].settings.on_reject = PROB_BREAK;
	judge_in_order(f, v);
	/* data/ breaks after the failed sample group: all secret skipped. */
	for (i = 2; i < 11; i++)
		assert_int_equal(f->res[i].verdict, PROB_SK);
	/* With ignore_sample, a failed sample neither stops nor counts. */
	f->pkg->groups[0].settings.ignore_sample = 1;
	judge_in_order(f, v);
	for (i = 2; i < 11; i++)
		assert_int_equal(f->res[i].verdict, PROB_AC);
	grade(f);
	want(&f->total, PROB_AC, 100);
	want(&f->groups[G_SAMPLE], PROB_WA, 0);
}

static void
test_prob_grade_pass_fail(void **state)
{
	struct fixture			*f = *state;
	static const enum prob_verdict	 v[9] = {
		PROB_AC, PROB_AC, PROB_AC, PROB_WA, PROB_AC,
		PROB_AC, PROB_AC, PROB_AC, PROB_AC
	};
	size_t				 i;

	grade(f);
	want(&f->total, PROB_AC, 1);
	assert_true(prob_max_score(f->pkg) == 1);
	/* Kattis first_error: the first failure, later tests SK. */
	judge_in_order(f, v);
	for (i = 4; i < 9; i++)
		assert_int_equal(f->res[i].verdict, PROB_SK);
	grade(f);
	want(&f->total, PROB_WA, 0);
	/* A failed sample stops the secret tests too. */
	for (i = 0; i < 9; i++)
		f->res[i].verdict = PROB_AC;
	f->res[0].verdict = PROB_TLE;
	for (i = 1; i < 9; i++)
		assert_true(prob_grade_skip(f->pkg, f->res, i));
	assert_false(prob_grade_skip(f->pkg, f->res, 0));
	assert_false(prob_grade_skip(f->pkg, f->res, 9));
	grade(f);
	want(&f->total, PROB_TLE, 0);
}

static void
test_prob_verdict_name_parse(void **state UNUSED)
{
	int	v;

	for (v = 0; v < PROB_VERDICT_MAX; v++)
		assert_int_equal(prob_verdict_parse(prob_verdict_name(v)), v);
	assert_string_equal(prob_verdict_name(PROB_TLE), "TLE");
	assert_string_equal(prob_verdict_name(PROB_SK), "SK");
	assert_string_equal(prob_verdict_name(PROB_VERDICT_MAX), "?");
	assert_int_equal(prob_verdict_parse("ac"), -1);
	assert_int_equal(prob_verdict_parse(""), -1);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(test_prob_grade_all_accepted,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_skip_break,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_skipped_ignored,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_missing_result,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_first_error,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_worst_error,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_judge_error,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_always_accept,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_accept_if_any,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_score_modes,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_sum_continue,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(
		    test_prob_grade_validator_scores, setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_ignore_sample,
		    setup_groups, teardown),
		cmocka_unit_test_setup_teardown(test_prob_grade_pass_fail,
		    setup_hello, teardown),
		cmocka_unit_test(test_prob_verdict_name_parse),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
