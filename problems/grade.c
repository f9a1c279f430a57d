/* SPDX-License-Identifier: ISC */
/*
 * Grading: the Kattis default grader applied to the tree of test groups,
 * with on_reject deciding which tests are skipped (README.md, "Grading").
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "problems/prob.h"

static const char *const verdict_names[PROB_VERDICT_MAX] = {
	"AC", "WA", "TLE", "MLE", "OLE", "RTE", "CE", "SV", "RJ", "IE", "SK",
	"PENDING"
};

/*
 * worst_error picks the first of these that occurs (Kattis: JE, IF, RTE,
 * MLE, TLE, OLE, WA, AC; gavel's IE, SV, CE and RJ rank as its JE and IF).
 */
static const enum prob_verdict worst_order[] = {
	PROB_IE, PROB_SV, PROB_CE, PROB_RJ, PROB_RTE, PROB_MLE, PROB_TLE,
	PROB_OLE, PROB_WA, PROB_AC
};

struct grading {
	const struct prob_package	*pkg;
	const struct prob_outcome	*res;
	struct prob_outcome		*groups;	/* may be NULL */
	size_t				 limit;		/* tests below */
	int				 strict;	/* full grading */
	char				**cause;
};

const char *
prob_verdict_name(enum prob_verdict v)
{
	if ((int)v < 0 || v >= PROB_VERDICT_MAX)
		return ("?");
	return (verdict_names[v]);
}

int
prob_verdict_parse(const char *s)
{
	int	i;

	for (i = 0; i < PROB_VERDICT_MAX; i++) {
		if (strcmp(s, verdict_names[i]) == 0)
			return (i);
	}
	return (-1);
}

static size_t
rank(enum prob_verdict v)
{
	size_t	i;

	for (i = 0; i < sizeof worst_order / sizeof worst_order[0]; i++) {
		if (worst_order[i] == v)
			return (i);
	}
	return (0);
}

/* The sample group's result is dropped by ignore_sample, on data/ only. */
static int
ignored_item(const struct prob_package *pkg, const struct prob_group *g,
    const struct prob_item *it)
{
	return (g->parent == -1 && g->settings.ignore_sample &&
	    it->is_group && strcmp(pkg->groups[it->index].name, "sample") == 0);
}

static int	grade_group(struct grading *, size_t, struct prob_outcome *);

/*
 * The outcome of one member of a group. 0 with *out (SK when nothing in
 * it is judged below the limit), -1 with *cause when a test that must be
 * judged has no result (strict grading only).
 */
static int
grade_item(struct grading *gr, const struct prob_group *g,
    const struct prob_item *it, struct prob_outcome *out)
{
	const struct prob_package	*pkg = gr->pkg;
	const struct prob_settings	*s = &g->settings;
	const struct prob_outcome	*r;

	if (it->is_group)
		return (grade_group(gr, it->index, out));
	r = &gr->res[it->index];
	if (it->index >= gr->limit || r->verdict == PROB_PENDING ||
	    r->verdict == PROB_SK) {
		if (gr->strict && it->index < gr->limit) {
			prob_xasprintf(gr->cause, "test %s has no result",
			    pkg->tests[it->index].name);
			return (-1);
		}
		out->verdict = PROB_SK;
		out->score = 0;
		return (0);
	}
	out->verdict = r->verdict;
	if (r->verdict == PROB_AC)
		out->score = isnan(r->score) ? s->accept_score : r->score;
	else
		out->score = s->reject_score;
	/* 2023-07: samples never count towards a scoring problem's score. */
	if (g->sample && pkg->type == PROB_SCORING)
		out->score = 0;
	return (0);
}

static int
grade_group(struct grading *gr, size_t gi, struct prob_outcome *out)
{
	const struct prob_package	*pkg = gr->pkg;
	const struct prob_group		*g = &pkg->groups[gi];
	const struct prob_settings	*s = &g->settings;
	struct prob_outcome		 r;
	enum prob_verdict		 v = PROB_AC;
	size_t				 i, n = 0;
	double				 score = 0;
	int				 any_ac = 0, ie = 0, bad = 0;

	for (i = 0; i < g->nitems; i++) {
		if (grade_item(gr, g, &g->items[i], &r) != 0)
			return (-1);
		if (r.verdict == PROB_SK || ignored_item(pkg, g, &g->items[i]))
			continue;
		if (n == 0)
			score = r.score;
		else if (s->smode == PROB_MIN)
			score = fmin(score, r.score);
		else if (s->smode == PROB_MAX)
			score = fmax(score, r.score);
		else
			score += r.score;
		n++;
		if (r.verdict == PROB_AC) {
			any_ac = 1;
			continue;
		}
		if (r.verdict == PROB_IE)
			ie = 1;
		if (!bad || (s->vmode == PROB_WORST_ERROR &&
		    rank(r.verdict) < rank(v)))
			v = r.verdict;
		bad = 1;
		if (s->on_reject == PROB_BREAK)
			break;
	}
	if (n == 0) {
		out->verdict = PROB_SK;
		out->score = 0;
	} else {
		if (s->smode == PROB_AVG)
			score /= n;
		if (s->vmode == PROB_ALWAYS_ACCEPT ||
		    (s->accept_if_any_accepted && any_ac))
			v = PROB_AC;
		/* A judge failure anywhere leaves nothing to trust. */
		if (ie)
			v = PROB_IE;
		out->verdict = v;
		out->score = fmax(s->range_lo, fmin(s->range_hi, score));
	}
	if (gr->groups != NULL)
		gr->groups[gi] = *out;
	return (0);
}

/* Whether member it of a group is test ti or a group holding it. */
static int
contains(const struct prob_package *pkg, const struct prob_item *it,
    size_t ti)
{
	const struct prob_group	*sub;

	if (!it->is_group)
		return (it->index == ti);
	sub = &pkg->groups[it->index];
	return (ti >= sub->first_test && ti < sub->first_test + sub->ntests);
}

int
prob_grade_skip(const struct prob_package *pkg, const struct prob_outcome *res,
    size_t ti)
{
	struct grading			 gr;
	struct prob_outcome		 r;
	const struct prob_group		*g;
	const struct prob_item		*it;
	ssize_t				 gi;
	size_t				 i;

	if (ti >= pkg->ntests)
		return (0);
	memset(&gr, 0, sizeof gr);
	gr.pkg = pkg;
	gr.res = res;
	gr.limit = ti;
	for (gi = pkg->tests[ti].group; gi != -1; gi = g->parent) {
		g = &pkg->groups[gi];
		if (g->settings.on_reject != PROB_BREAK)
			continue;
		for (i = 0; i < g->nitems; i++) {
			it = &g->items[i];
			if (contains(pkg, it, ti))
				break;
			if (ignored_item(pkg, g, it))
				continue;
			/* Not strict: nothing to report, cannot fail. */
			(void)grade_item(&gr, g, it, &r);
			if (r.verdict != PROB_AC && r.verdict != PROB_SK)
				return (1);
		}
	}
	return (0);
}

int
prob_grade(const struct prob_package *pkg, const struct prob_outcome *res,
    struct prob_outcome *groups, struct prob_outcome *total, char **cause)
{
	struct grading	gr;
	size_t		i;

	memset(&gr, 0, sizeof gr);
	gr.pkg = pkg;
	gr.res = res;
	gr.groups = groups;
	gr.limit = pkg->ntests;
	gr.strict = 1;
	gr.cause = cause;
	for (i = 0; groups != NULL && i < pkg->ngroups; i++) {
		groups[i].verdict = PROB_SK;
		groups[i].score = 0;
	}
	if (grade_group(&gr, 0, total) != 0)
		return (-1);
	if (total->verdict == PROB_SK) {
		prob_xasprintf(cause, "no test was judged");
		return (-1);
	}
	/* A pass-fail problem scores 1 when accepted, else 0. */
	if (pkg->type == PROB_PASS_FAIL)
		total->score = total->verdict == PROB_AC;
	return (0);
}

double
prob_max_score(const struct prob_package *pkg)
{
	struct prob_outcome	*res, total;
	char			*cause;
	size_t			 i;
	double			 score = 0;

	res = prob_xcalloc(pkg->ntests, sizeof *res);
	for (i = 0; i < pkg->ntests; i++) {
		res[i].verdict = PROB_AC;
		res[i].score = NAN;
	}
	if (prob_grade(pkg, res, NULL, &total, &cause) == 0)
		score = total.score;
	else
		free(cause);
	free(res);
	return (score);
}
