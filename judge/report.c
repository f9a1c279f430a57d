/* SPDX-License-Identifier: ISC */
/*
 * Best result per user and problem, for the scoreboard and the export:
 * the highest score, then AC over anything else, then the earliest.
 */

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int
better(const struct db_submission *s, const struct jdg_best *b)
{
	if (s->score != b->score)
		return (s->score > b->score);
	return (s->verdict == DB_AC && b->verdict != DB_AC);
}

int
jdg_best_collect(struct db *db, const char *problem, struct jdg_best **out,
    size_t *nout, char **cause)
{
	struct db_filter	 f;
	struct db_submission	*list, *s;
	struct jdg_best		*v = NULL, *b;
	size_t			 n, i, j, nv = 0;

	memset(&f, 0, sizeof f);
	f.status = DB_DONE;
	f.problem = problem;
	if (db_list(db, &f, &list, &n, cause) != 0)
		return (-1);
	for (i = 0; i < n; i++) {
		s = &list[i];
		for (j = 0; j < nv; j++) {
			if (strcmp(v[j].user, s->user) == 0 &&
			    strcmp(v[j].problem, s->problem) == 0)
				break;
		}
		if (j == nv) {
			v = xreallocarray(v, nv + 1, sizeof *v);
			b = &v[nv++];
			b->user = xstrdup(s->user);
			b->problem = xstrdup(s->problem);
			b->verdict = s->verdict;
			b->score = s->score;
			b->submission = s->id;
			b->tries = 1;
			continue;
		}
		b = &v[j];
		b->tries++;
		if (better(s, b)) {
			b->verdict = s->verdict;
			b->score = s->score;
			b->submission = s->id;
		}
	}
	db_submissions_free(list, n);
	*out = v;
	*nout = nv;
	return (0);
}

void
jdg_best_free(struct jdg_best *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].problem);
	}
	free(v);
}
