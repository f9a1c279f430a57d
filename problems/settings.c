/* SPDX-License-Identifier: ISC */
/*
 * problem.yaml and testdata.yaml: the keys gavel uses are checked and
 * kept, the other known ones checked for shape only, unknown ones refused.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "problems/prob.h"

/* Keys of problem.yaml (legacy and 2023-07) that gavel does not use. */
static const char *const problem_ignored[] = {
	"uuid", "version", "author", "credits", "source", "source_url",
	"license", "rights_owner", "embargo_until", "keywords", "languages",
	"allow_file_writing", "constants",
};

/* Numeric keys of limits: that are checked (> 0) and then ignored. */
static const char *const limits_ignored[] = {
	"time_multiplier", "time_safety_margin", "time_resolution",
	"compilation_time", "compilation_memory", "validation_time",
	"validation_memory", "validation_output", "validation_passes",
};

static const char *const formats[] = {
	"legacy", "legacy-icpc", "2023-07", "2023-07-draft", "2025-09",
	"draft",
};

static int	yerr(char **, const char *, const struct prob_ynode *,
		    const char *, const char *, ...)
		    __attribute__((format(printf, 5, 6)));

/* "FILE:LINE: KEY: message". */
static int
yerr(char **cause, const char *shown, const struct prob_ynode *n,
    const char *key, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	prob_xasprintf(cause, "%s:%zu: %s: %s", shown,
	    n != NULL ? n->line : 1, key, msg != NULL ? msg : "error");
	free(msg);
	return (-1);
}

static int
in_list(const char *s, const char *const *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(s, list[i]) == 0)
			return (1);
	}
	return (0);
}

static int
get_string(const char *shown, const struct prob_ynode *n, const char *key,
    const char **out, char **cause)
{
	if (n->type != PROB_Y_SCALAR)
		return (yerr(cause, shown, n, key, "not a string"));
	*out = n->value;
	return (0);
}

/* A number, in YAML plain or quoted form; decimal only. */
static int
get_number(const char *shown, const struct prob_ynode *n, const char *key,
    double *out, char **cause)
{
	if (n->type != PROB_Y_SCALAR || !prob_parse_float(n->value, n->len,
	    out))
		return (yerr(cause, shown, n, key, "not a number"));
	return (0);
}

static int
get_positive(const char *shown, const struct prob_ynode *n, const char *key,
    double max, double *out, char **cause)
{
	if (get_number(shown, n, key, out, cause) != 0)
		return (-1);
	if (!(*out > 0))
		return (yerr(cause, shown, n, key, "must be greater than 0"));
	if (*out > max)
		return (yerr(cause, shown, n, key, "over the maximum of %g",
		    max));
	return (0);
}

static int
get_bool(const char *shown, const struct prob_ynode *n, const char *key,
    int *out, char **cause)
{
	if (n->type == PROB_Y_SCALAR && n->plain) {
		if (strcasecmp(n->value, "true") == 0) {
			*out = 1;
			return (0);
		}
		if (strcasecmp(n->value, "false") == 0) {
			*out = 0;
			return (0);
		}
	}
	return (yerr(cause, shown, n, key, "not true or false"));
}

static int
parse_type(struct prob_package *pkg, const struct prob_ynode *n,
    char **cause)
{
	const struct prob_ynode	*v;
	size_t			 i, count;
	int			 pf = 0, sc = 0;

	if (n->type == PROB_Y_MAP)
		return (yerr(cause, "problem.yaml", n, "type", "not a string"));
	count = n->type == PROB_Y_SEQ ? n->nkids : 1;
	if (count == 0)
		return (yerr(cause, "problem.yaml", n, "type", "empty"));
	for (i = 0; i < count; i++) {
		v = n->type == PROB_Y_SEQ ? n->kids[i] : n;
		if (v->type != PROB_Y_SCALAR)
			return (yerr(cause, "problem.yaml", v, "type",
			    "not a string"));
		if (strcmp(v->value, "pass-fail") == 0)
			pf = 1;
		else if (strcmp(v->value, "scoring") == 0)
			sc = 1;
		else if (strcmp(v->value, "interactive") == 0 ||
		    strcmp(v->value, "multi-pass") == 0 ||
		    strcmp(v->value, "submit-answer") == 0)
			return (yerr(cause, "problem.yaml", v, "type",
			    "%s problems are not supported", v->value));
		else {
			char	*s = prob_sanitize(v->value, v->len, 64, 0);

			yerr(cause, "problem.yaml", v, "type",
			    "unknown type \"%s\"", s);
			free(s);
			return (-1);
		}
	}
	if (pf && sc)
		return (yerr(cause, "problem.yaml", n, "type",
		    "both pass-fail and scoring"));
	pkg->type = sc ? PROB_SCORING : PROB_PASS_FAIL;
	return (0);
}

static int
parse_name(struct prob_package *pkg, const struct prob_ynode *n,
    char **cause)
{
	const struct prob_ynode	*v = n;
	size_t			 i;

	if (n->type == PROB_Y_MAP) {
		/* 2023-07: one name per language; English if there is one. */
		if (n->nkids == 0)
			return (yerr(cause, "problem.yaml", n, "name",
			    "empty"));
		v = n->kids[1];
		for (i = 0; i + 1 < n->nkids; i += 2) {
			if (n->kids[i + 1]->type != PROB_Y_SCALAR)
				return (yerr(cause, "problem.yaml",
				    n->kids[i + 1], "name", "not a string"));
			if (strcmp(n->kids[i]->value, "en") == 0)
				v = n->kids[i + 1];
		}
	}
	if (v->type != PROB_Y_SCALAR)
		return (yerr(cause, "problem.yaml", v, "name", "not a string"));
	if (v->len == 0 || v->len > 255)
		return (yerr(cause, "problem.yaml", v, "name",
		    "must be 1 to 255 bytes"));
	if (!prob_name_ok(v->value, v->len))
		return (yerr(cause, "problem.yaml", v, "name",
		    "control characters"));
	free(pkg->name);
	pkg->name = prob_xstrdup(v->value);
	return (0);
}

static int
parse_limits(struct prob_package *pkg, const struct prob_ynode *n,
    char **cause)
{
	const struct prob_ynode	*k, *v, *m;
	char			 key[64];
	double			 d;
	size_t			 i, j;

	if (n->type != PROB_Y_MAP)
		return (yerr(cause, "problem.yaml", n, "limits", "not a map"));
	for (i = 0; i + 1 < n->nkids; i += 2) {
		k = n->kids[i];
		v = n->kids[i + 1];
		(void)snprintf(key, sizeof key, "limits.%.40s", k->value);
		if (strcmp(k->value, "time_limit") == 0) {
			if (get_positive("problem.yaml", v, key,
			    PROB_MAX_TIME_MS / 1000.0, &d, cause) != 0)
				return (-1);
			pkg->time_limit_ms = (uint64_t)ceil(d * 1000);
			if (pkg->time_limit_ms == 0)
				pkg->time_limit_ms = 1;
			pkg->time_from = PROB_TIME_YAML;
		} else if (strcmp(k->value, "memory") == 0) {
			if (get_positive("problem.yaml", v, key,
			    PROB_MAX_MEMORY >> 20, &d, cause) != 0)
				return (-1);
			pkg->memory_bytes = (uint64_t)ceil(d * (1 << 20));
		} else if (strcmp(k->value, "output") == 0) {
			if (get_positive("problem.yaml", v, key,
			    PROB_MAX_OUTPUT >> 20, &d, cause) != 0)
				return (-1);
			pkg->output_bytes = (uint64_t)ceil(d * (1 << 20));
		} else if (strcmp(k->value, "code") == 0) {
			if (get_positive("problem.yaml", v, key,
			    PROB_MAX_CODE >> 10, &d, cause) != 0)
				return (-1);
			pkg->code_bytes = (uint64_t)ceil(d * 1024);
		} else if (strcmp(k->value, "time_multipliers") == 0) {
			if (v->type != PROB_Y_MAP)
				return (yerr(cause, "problem.yaml", v, key,
				    "not a map"));
			for (j = 0; j + 1 < v->nkids; j += 2) {
				m = v->kids[j];
				(void)snprintf(key, sizeof key,
				    "limits.time_multipliers.%.20s", m->value);
				if (strcmp(m->value, "ac_to_time_limit") != 0 &&
				    strcmp(m->value, "time_limit_to_tle") != 0)
					return (yerr(cause, "problem.yaml", m,
					    key, "unknown key"));
				if (get_positive("problem.yaml", v->kids[j + 1],
				    key, 1000, &d, cause) != 0)
					return (-1);
			}
		} else if (in_list(k->value, limits_ignored,
		    sizeof limits_ignored / sizeof limits_ignored[0])) {
			if (get_positive("problem.yaml", v, key, 1e9, &d,
			    cause) != 0)
				return (-1);
		} else
			return (yerr(cause, "problem.yaml", k, key,
			    "unknown key"));
	}
	return (0);
}

static int
parse_validation(struct prob_package *pkg, const struct prob_ynode *n,
    char **cause)
{
	const struct prob_ynode	*t, *v;
	char			**w;
	size_t			 nw, i;
	int			 b, rc = -1;

	if (n->type == PROB_Y_MAP) {
		/* The 2023-07 drafts' {type, interactive, score} map. */
		for (i = 0; i + 1 < n->nkids; i += 2) {
			t = n->kids[i];
			if (strcmp(t->value, "type") != 0 &&
			    strcmp(t->value, "interactive") != 0 &&
			    strcmp(t->value, "score") != 0)
				return (yerr(cause, "problem.yaml", t,
				    "validation", "unknown key \"%.40s\"",
				    t->value));
		}
		if ((t = prob_yaml_get(n, "type")) != NULL) {
			if (t->type != PROB_Y_SCALAR ||
			    (strcmp(t->value, "default") != 0 &&
			    strcmp(t->value, "custom") != 0))
				return (yerr(cause, "problem.yaml", t,
				    "validation.type",
				    "must be default or custom"));
			if (strcmp(t->value, "custom") == 0)
				pkg->validation = PROB_VALIDATION_CUSTOM;
		}
		if ((v = prob_yaml_get(n, "interactive")) != NULL) {
			if (get_bool("problem.yaml", v,
			    "validation.interactive", &b, cause) != 0)
				return (-1);
			if (b)
				return (yerr(cause, "problem.yaml", v,
				    "validation", "interactive problems are "
				    "not supported"));
		}
		if ((v = prob_yaml_get(n, "score")) != NULL) {
			if (get_bool("problem.yaml", v, "validation.score",
			    &pkg->validator_score, cause) != 0)
				return (-1);
		}
		return (0);
	}
	if (n->type != PROB_Y_SCALAR)
		return (yerr(cause, "problem.yaml", n, "validation",
		    "not a string"));
	w = prob_flags_split(n->value, &nw);
	if (nw == 0 || (strcmp(w[0], "default") != 0 &&
	    strcmp(w[0], "custom") != 0)) {
		yerr(cause, "problem.yaml", n, "validation",
		    "must start with default or custom");
		goto out;
	}
	if (strcmp(w[0], "custom") == 0)
		pkg->validation = PROB_VALIDATION_CUSTOM;
	else if (nw > 1) {
		yerr(cause, "problem.yaml", n, "validation",
		    "nothing may follow default");
		goto out;
	}
	for (i = 1; i < nw; i++) {
		if (strcmp(w[i], "score") == 0)
			pkg->validator_score = 1;
		else if (strcmp(w[i], "interactive") == 0) {
			yerr(cause, "problem.yaml", n, "validation",
			    "interactive problems are not supported");
			goto out;
		} else {
			yerr(cause, "problem.yaml", n, "validation",
			    "unknown word \"%.40s\"", w[i]);
			goto out;
		}
	}
	rc = 0;
out:
	prob_flags_free(w);
	return (rc);
}

int
prob_parse_problem_yaml(struct prob_package *pkg, const char *buf,
    size_t len, int have_validator_dir, char **cause)
{
	struct prob_ynode	*root, *k, *v, *flags = NULL;
	struct prob_ynode	*validation = NULL;
	struct prob_vflags	 vf;
	const char		*s = NULL;
	char			*why;
	size_t			 i;
	int			 rc = -1;

	if (prob_yaml_parse(buf, len, "problem.yaml", &root, cause) != 0)
		return (-1);
	pkg->format = prob_xstrdup("legacy");
	pkg->validator_flags = prob_xstrdup("");
	if (root != NULL && root->type != PROB_Y_MAP) {
		prob_xasprintf(cause, "problem.yaml:%zu: not a map",
		    root->line);
		goto out;
	}
	for (i = 0; root != NULL && i + 1 < root->nkids; i += 2) {
		k = root->kids[i];
		v = root->kids[i + 1];
		if (strcmp(k->value, "problem_format_version") == 0) {
			if (get_string("problem.yaml", v, k->value, &s,
			    cause) != 0)
				goto out;
			if (!in_list(s, formats, sizeof formats /
			    sizeof formats[0])) {
				yerr(cause, "problem.yaml", v, k->value,
				    "unknown version \"%.40s\"", s);
				goto out;
			}
			free(pkg->format);
			pkg->format = prob_xstrdup(s);
		} else if (strcmp(k->value, "type") == 0) {
			if (parse_type(pkg, v, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "name") == 0) {
			if (parse_name(pkg, v, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "limits") == 0) {
			if (parse_limits(pkg, v, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "validation") == 0) {
			if (parse_validation(pkg, v, cause) != 0)
				goto out;
			validation = v;
		} else if (strcmp(k->value, "validator_flags") == 0) {
			if (get_string("problem.yaml", v, k->value, &s,
			    cause) != 0)
				goto out;
			free(pkg->validator_flags);
			pkg->validator_flags = prob_xstrdup(s);
			flags = v;
		} else if (strcmp(k->value, "grading") == 0) {
			if (v->type != PROB_Y_MAP) {
				yerr(cause, "problem.yaml", v, k->value,
				    "not a map");
				goto out;
			}
			if ((v = prob_yaml_get(v, "objective")) != NULL &&
			    (v->type != PROB_Y_SCALAR ||
			    strcmp(v->value, "max") != 0)) {
				yerr(cause, "problem.yaml", v,
				    "grading.objective", "only max is "
				    "supported");
				goto out;
			}
		} else if (!in_list(k->value, problem_ignored,
		    sizeof problem_ignored / sizeof problem_ignored[0])) {
			char	*san = prob_sanitize(k->value, k->len, 40, 0);

			yerr(cause, "problem.yaml", k, san, "unknown key");
			free(san);
			goto out;
		}
	}
	/* 2023-07 has no validation key: the validator's presence says. */
	if (validation == NULL && strncmp(pkg->format, "legacy", 6) != 0 &&
	    have_validator_dir)
		pkg->validation = PROB_VALIDATION_CUSTOM;
	if (pkg->validator_score && (pkg->type != PROB_SCORING ||
	    pkg->validation != PROB_VALIDATION_CUSTOM)) {
		yerr(cause, "problem.yaml", validation, "validation",
		    "score needs a custom validator and a scoring problem");
		goto out;
	}
	if (flags != NULL && pkg->validation == PROB_VALIDATION_DEFAULT) {
		prob_vflags_init(&vf);
		if (prob_vflags_parse(pkg->validator_flags, &vf, &why) != 0) {
			yerr(cause, "problem.yaml", flags, "validator_flags",
			    "%s", why);
			free(why);
			goto out;
		}
	}
	rc = 0;
out:
	prob_yaml_free(root);
	return (rc);
}

void
prob_settings_default(struct prob_settings *s, enum prob_type type)
{
	memset(s, 0, sizeof *s);
	/*
	 * Kattis says break; for a scoring problem that would throw away
	 * the later groups' points after one failed group, so gavel's
	 * default there is continue (README.md).
	 */
	s->on_reject = type == PROB_SCORING ? PROB_CONTINUE : PROB_BREAK;
	s->vmode = PROB_FIRST_ERROR;
	s->smode = PROB_SUM;
	s->accept_score = 1;
	s->reject_score = 0;
	s->range_lo = -INFINITY;
	s->range_hi = INFINITY;
	s->grader_flags = prob_xstrdup("");
	s->validator_flags = prob_xstrdup("");
}

void
prob_settings_copy(struct prob_settings *dst, const struct prob_settings *src)
{
	*dst = *src;
	dst->from = src->from != NULL ? prob_xstrdup(src->from) : NULL;
	dst->grader_flags = prob_xstrdup(src->grader_flags);
	dst->validator_flags = prob_xstrdup(src->validator_flags);
}

void
prob_settings_clear(struct prob_settings *s)
{
	free(s->from);
	free(s->grader_flags);
	free(s->validator_flags);
	memset(s, 0, sizeof *s);
}

int
prob_grader_flags_parse(struct prob_settings *s, const char *flags,
    char **cause)
{
	char	**w;
	size_t	  n, i;

	w = prob_flags_split(flags, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "first_error") == 0)
			s->vmode = PROB_FIRST_ERROR;
		else if (strcmp(w[i], "worst_error") == 0)
			s->vmode = PROB_WORST_ERROR;
		else if (strcmp(w[i], "always_accept") == 0)
			s->vmode = PROB_ALWAYS_ACCEPT;
		else if (strcmp(w[i], "sum") == 0)
			s->smode = PROB_SUM;
		else if (strcmp(w[i], "avg") == 0)
			s->smode = PROB_AVG;
		else if (strcmp(w[i], "min") == 0)
			s->smode = PROB_MIN;
		else if (strcmp(w[i], "max") == 0)
			s->smode = PROB_MAX;
		else if (strcmp(w[i], "ignore_sample") == 0)
			s->ignore_sample = 1;
		else if (strcmp(w[i], "accept_if_any_accepted") == 0)
			s->accept_if_any_accepted = 1;
		else {
			char	*san = prob_sanitize(w[i], strlen(w[i]), 40, 0);

			prob_xasprintf(cause, "unknown grader flag \"%s\"",
			    san);
			free(san);
			prob_flags_free(w);
			return (-1);
		}
	}
	prob_flags_free(w);
	return (0);
}

/* "A B": two numbers, or inf, -inf, +inf. */
static int
parse_range(const char *s, double *lo, double *hi)
{
	char	**w;
	double	  v[2];
	size_t	  n, i;

	w = prob_flags_split(s, &n);
	if (n != 2) {
		prob_flags_free(w);
		return (-1);
	}
	for (i = 0; i < 2; i++) {
		if (strcmp(w[i], "inf") == 0 || strcmp(w[i], "+inf") == 0)
			v[i] = INFINITY;
		else if (strcmp(w[i], "-inf") == 0)
			v[i] = -INFINITY;
		else if (!prob_parse_float(w[i], strlen(w[i]), &v[i])) {
			prob_flags_free(w);
			return (-1);
		}
	}
	prob_flags_free(w);
	if (!(v[0] <= v[1]))
		return (-1);
	*lo = v[0];
	*hi = v[1];
	return (0);
}

static int
get_score(const char *shown, const struct prob_ynode *n, const char *key,
    enum prob_type type, double *out, char **cause)
{
	if (type != PROB_SCORING)
		return (yerr(cause, shown, n, key,
		    "only for scoring problems"));
	if (get_number(shown, n, key, out, cause) != 0)
		return (-1);
	if (fabs(*out) > PROB_MAX_SCORE)
		return (yerr(cause, shown, n, key, "over the maximum of %g",
		    PROB_MAX_SCORE));
	return (0);
}

int
prob_parse_testdata_yaml(struct prob_settings *s, enum prob_type type,
    int root, const char *shown, const char *buf, size_t len, char **cause)
{
	struct prob_ynode	*top, *k, *v;
	const char		*str = NULL;
	char			*why;
	size_t			 i;
	int			 b, rc = -1;

	if (prob_yaml_parse(buf, len, shown, &top, cause) != 0)
		return (-1);
	if (top != NULL && top->type != PROB_Y_MAP) {
		prob_xasprintf(cause, "%s:%zu: not a map", shown, top->line);
		goto out;
	}
	for (i = 0; top != NULL && i + 1 < top->nkids; i += 2) {
		k = top->kids[i];
		v = top->kids[i + 1];
		if (strcmp(k->value, "on_reject") == 0) {
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
			if (strcmp(str, "break") == 0)
				s->on_reject = PROB_BREAK;
			else if (strcmp(str, "continue") == 0)
				s->on_reject = PROB_CONTINUE;
			else {
				yerr(cause, shown, v, k->value,
				    "must be break or continue");
				goto out;
			}
		} else if (strcmp(k->value, "grading") == 0) {
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
			if (strcmp(str, "default") != 0) {
				yerr(cause, shown, v, k->value,
				    "only default grading is supported");
				goto out;
			}
		} else if (strcmp(k->value, "grader_flags") == 0) {
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
			if (prob_grader_flags_parse(s, str, &why) != 0) {
				yerr(cause, shown, v, k->value, "%s", why);
				free(why);
				goto out;
			}
			if (s->ignore_sample && !root) {
				yerr(cause, shown, v, k->value,
				    "ignore_sample is only for data/");
				goto out;
			}
			free(s->grader_flags);
			s->grader_flags = prob_xstrdup(str);
		} else if (strcmp(k->value, "output_validator_flags") == 0) {
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
			/* Checked against the validation type in load.c. */
			free(s->validator_flags);
			s->validator_flags = prob_xstrdup(str);
		} else if (strcmp(k->value, "input_validator_flags") == 0) {
			if (v->type == PROB_Y_SEQ) {
				yerr(cause, shown, v, k->value,
				    "not a string or a map");
				goto out;
			}
		} else if (strcmp(k->value, "accept_score") == 0) {
			if (get_score(shown, v, k->value, type,
			    &s->accept_score, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "reject_score") == 0) {
			if (get_score(shown, v, k->value, type,
			    &s->reject_score, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "range") == 0) {
			if (type != PROB_SCORING) {
				yerr(cause, shown, v, k->value,
				    "only for scoring problems");
				goto out;
			}
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
			if (parse_range(str, &s->range_lo, &s->range_hi) != 0) {
				yerr(cause, shown, v, k->value,
				    "must be two numbers, low then high");
				goto out;
			}
		} else if (strcmp(k->value, "full_feedback") == 0) {
			if (get_bool(shown, v, k->value, &b, cause) != 0)
				goto out;
		} else if (strcmp(k->value, "hint") == 0 ||
		    strcmp(k->value, "description") == 0) {
			if (get_string(shown, v, k->value, &str, cause) != 0)
				goto out;
		} else {
			char	*san = prob_sanitize(k->value, k->len, 40, 0);

			yerr(cause, shown, k, san, "unknown key");
			free(san);
			goto out;
		}
	}
	free(s->from);
	s->from = prob_xstrdup(shown);
	rc = 0;
out:
	prob_yaml_free(top);
	return (rc);
}
