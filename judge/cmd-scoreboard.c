/* SPDX-License-Identifier: ISC */
/*
 * gavel scoreboard: users by problems solved, then total score, with the
 * best verdict and score of each on every problem.
 */

#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_scoreboard_exec(struct cmd_args *);

const struct cmd_entry cmd_scoreboard_entry = {
	.name = "scoreboard",
	.usage = "[--json]",
	.help = "users x problems: best verdicts and scores, ranked",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_scoreboard_exec,
};

static const struct option opts[] = {
	{ "json",	no_argument,	NULL, 'j' },
	{ NULL,		0,		NULL, 0 }
};

struct row {
	const char	*user;
	int		 solved;
	double		 score;
	int		 rank;
};

static int
row_cmp(const void *a, const void *b)
{
	const struct row	*x = a, *y = b;

	if (x->solved != y->solved)
		return (y->solved - x->solved);
	if (x->score != y->score)
		return (y->score > x->score ? 1 : -1);
	return (strcmp(x->user, y->user));
}

static const struct jdg_best *
cell(const struct jdg_best *v, size_t n, const char *u, const char *p)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(v[i].user, u) == 0 && strcmp(v[i].problem, p) == 0)
			return (&v[i]);
	}
	return (NULL);
}

static int
cmd_scoreboard_exec(struct cmd_args *a)
{
	struct jdg_best		*v;
	const struct jdg_best	*c;
	struct db_problem	*probs;
	struct row		*rows = NULL;
	size_t			 n, np, nr = 0, i, j;
	char			*cause = NULL;
	int			 ch, json = 0;

	while ((ch = getopt_long(a->argc, a->argv, "j", opts, NULL)) != -1) {
		if (ch != 'j')
			return (cmd_usage(&cmd_scoreboard_entry));
		json = 1;
	}
	if (optind != a->argc)
		return (cmd_usage(&cmd_scoreboard_entry));
	if (jdg_best_collect(a->db, NULL, &v, &n, &cause) != 0 ||
	    db_problem_list(a->db, &probs, &np, &cause) != 0) {
		cmd_error(&cmd_scoreboard_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < nr; j++) {
			if (strcmp(rows[j].user, v[i].user) == 0)
				break;
		}
		if (j == nr) {
			rows = xreallocarray(rows, nr + 1, sizeof *rows);
			memset(&rows[nr], 0, sizeof rows[nr]);
			rows[nr++].user = v[i].user;
		}
		rows[j].solved += v[i].verdict == DB_AC;
		rows[j].score += v[i].score;
	}
	if (nr > 0)
		qsort(rows, nr, sizeof *rows, row_cmp);
	for (i = 0; i < nr; i++)
		rows[i].rank = i > 0 && rows[i].solved == rows[i - 1].solved &&
		    rows[i].score == rows[i - 1].score ? rows[i - 1].rank :
		    (int)i + 1;
	if (json)
		printf("[");
	else {
		printf("%4s %-16s %6s %8s", "RANK", "USER", "SOLVED", "SCORE");
		for (j = 0; j < np; j++)
			printf(" %-12.12s", probs[j].short_name);
		printf("\n");
	}
	for (i = 0; i < nr; i++) {
		if (json) {
			printf("%s{\"rank\": %d, \"user\": ", i > 0 ? ", " : "",
			    rows[i].rank);
			jdg_json_string(stdout, rows[i].user);
			printf(", \"solved\": %d, \"score\": %.17g, "
			    "\"problems\": {", rows[i].solved, rows[i].score);
		} else
			printf("%4d %-16s %6d %8g", rows[i].rank, rows[i].user,
			    rows[i].solved, rows[i].score);
		for (j = 0; j < np; j++) {
			c = cell(v, n, rows[i].user, probs[j].short_name);
			if (json && c != NULL) {
				jdg_json_string(stdout, probs[j].short_name);
				printf(": {\"verdict\": \"%s\", \"score\": "
				    "%.17g, \"tries\": %d}%s",
				    db_verdict_name(c->verdict), c->score,
				    c->tries, "");
				printf("%s", j + 1 < np &&
				    cell(v, n, rows[i].user,
				    probs[j + 1].short_name) != NULL ? ", " :
				    "");
			} else if (!json && c != NULL)
				printf(" %-3s %-8g", db_verdict_name(c->verdict),
				    c->score);
			else if (!json)
				printf(" %-12s", "-");
		}
		printf(json ? "}}" : "\n");
	}
	if (json)
		printf("]\n");
	free(rows);
	jdg_best_free(v, n);
	db_problems_free(probs, np);
	return (JDG_EXIT_OK);
}
