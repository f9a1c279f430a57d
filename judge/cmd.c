/* SPDX-License-Identifier: ISC */
/*
 * The command table: lookup by exact name, alias, then unique prefix;
 * usage lines and `gavel help` generated from it.
 */

#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

static const struct cmd_entry *cmd_table[] = {
	&cmd_init_entry,
	&cmd_problem_entry,
	&cmd_submit_entry,
	&cmd_judge_entry,
	&cmd_status_entry,
	&cmd_list_entry,
	&cmd_result_entry,
	&cmd_rejudge_entry,
	&cmd_scoreboard_entry,
	&cmd_report_entry,
	&cmd_languages_entry,
	NULL
};

const struct cmd_entry *
cmd_find(const char *name, char **cause)
{
	const struct cmd_entry	**ce, *found = NULL;
	char			 *list = NULL, *tmp;
	size_t			  len = strlen(name);
	int			  n = 0;

	*cause = NULL;
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (strcmp((*ce)->name, name) == 0 ||
		    ((*ce)->alias != NULL && strcmp((*ce)->alias, name) == 0))
			return (*ce);
	}
	for (ce = cmd_table; *ce != NULL; ce++) {
		if (len == 0 || strncmp((*ce)->name, name, len) != 0)
			continue;
		found = *ce;
		n++;
		xasprintf(&tmp, "%s%s%s", list != NULL ? list : "",
		    list != NULL ? ", " : "", (*ce)->name);
		free(list);
		list = tmp;
	}
	if (n == 1) {
		free(list);
		return (found);
	}
	if (n > 1)
		xasprintf(cause, "ambiguous command: %s (could be: %s)", name,
		    list);
	else
		xasprintf(cause, "unknown command: %s (see gavel help)", name);
	free(list);
	return (NULL);
}

void
cmd_usage_all(FILE *f)
{
	const struct cmd_entry	**ce;

	fprintf(f, "usage: gavel [--db FILE] [--languages FILE] [--cache DIR] "
	    "[-v] COMMAND [ARGS]\n\ncommands:\n");
	for (ce = cmd_table; *ce != NULL; ce++)
		fprintf(f, "  %-11s %s\n", (*ce)->name, (*ce)->help);
	fprintf(f, "\n`gavel COMMAND --help` shows a command's usage. The "
	    "database is --db, else\n$GAVEL_DB, else ./gavel.db.\n");
}

int
cmd_usage(const struct cmd_entry *ce)
{
	const char	*u, *nl;

	/* Multi-line usages repeat the command name on each line. */
	for (u = ce->usage; u != NULL; u = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(u, '\n');
		fprintf(stderr, "%s gavel %s %.*s\n", u == ce->usage ?
		    "usage:" : "      ", ce->name,
		    nl != NULL ? (int)(nl - u) : (int)strlen(u), u);
	}
	return (JDG_EXIT_USAGE);
}

int
cmd_error(const struct cmd_entry *ce, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *nl;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	/* One line, whatever a library said. */
	if ((nl = strchr(msg, '\n')) != NULL)
		*nl = '\0';
	fprintf(stderr, "gavel %s: %s\n", ce->name, msg);
	free(msg);
	return (JDG_EXIT_ERROR);
}

char *
cmd_cache_dir(const struct cmd_args *a)
{
	const char	*env;
	char		*dir, *abs, cwd[4096];

	if (a->cache != NULL)
		dir = xstrdup(a->cache);
	else if ((env = getenv("GAVEL_CACHE")) != NULL && *env != '\0')
		dir = xstrdup(env);
	else
		xasprintf(&dir, "%s.cache", a->dbpath);
	if (dir[0] == '/')
		return (dir);
	/* The sandbox binds the workspace by absolute path. */
	if (getcwd(cwd, sizeof cwd) == NULL)
		fatal("getcwd");
	xasprintf(&abs, "%s/%s", cwd, dir);
	free(dir);
	return (abs);
}

int
cmd_parse_id(const char *s, int64_t *id)
{
	char		*end;
	long long	 v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0 || v <= 0)
		return (-1);
	*id = v;
	return (0);
}

int
cmd_parse_runtime(const char *s, enum sbx_runtime *rt)
{
	if (strcmp(s, "auto") == 0)
		*rt = SBX_RUNTIME_AUTO;
	else if (strcmp(s, "native") == 0)
		*rt = SBX_RUNTIME_NATIVE;
	else if (strcmp(s, "runsc") == 0)
		*rt = SBX_RUNTIME_RUNSC;
	else
		return (-1);
	return (0);
}
