/* SPDX-License-Identifier: ISC */
/*
 * gavel languages: what the language file configures (and whether it
 * parses: a quick check after editing it).
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_languages_exec(struct cmd_args *);

const struct cmd_entry cmd_languages_entry = {
	.name = "languages",
	.usage = "",
	.help = "list the configured languages",
	.flags = 0,
	.exec = cmd_languages_exec,
};

static int
cmd_languages_exec(struct cmd_args *a)
{
	struct jdg_langs	*L;
	const struct jdg_lang	*l;
	char			*cause = NULL, exts[128];
	size_t			 i, j;

	if (a->argc != 1)
		return (cmd_usage(&cmd_languages_entry));
	if (jdg_langs_load(jdg_langs_default_path(a->langs), &L,
	    &cause) != 0) {
		cmd_error(&cmd_languages_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	printf("%-12s %-12s %-16s %-10s %s\n", "ID", "NAME", "EXTENSIONS",
	    "POLICY", "LIMITS");
	for (i = 0; i < L->n; i++) {
		l = &L->v[i];
		exts[0] = '\0';
		for (j = 0; j < l->nexts; j++) {
			strlcat(exts, ".", sizeof exts);
			strlcat(exts, l->exts[j], sizeof exts);
			if (j + 1 < l->nexts)
				strlcat(exts, " ", sizeof exts);
		}
		printf("%-12s %-12s %-16s %-10s time x%g (cap %.1fs), memory "
		    "x%g (cap %lluM)%s\n", l->id, l->name, exts, l->policy,
		    l->time_mult, l->cpu_cap_ms / 1000.0, l->memory_mult,
		    (unsigned long long)(l->memory_cap >> 20),
		    l->compile == NULL ? ", interpreted" : "");
	}
	jdg_langs_free(L);
	return (JDG_EXIT_OK);
}
