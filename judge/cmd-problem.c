/* SPDX-License-Identifier: ISC */
/*
 * gavel problem import|list|show: problem packages into the database
 * (all the paths given, or none of them) and what is there.
 */

#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

static int	cmd_problem_exec(struct cmd_args *);

const struct cmd_entry cmd_problem_entry = {
	.name = "problem",
	.usage = "import PATH...\nlist\nshow PROBLEM",
	.help = "import problem packages (folder, zip, tar.gz), list, show",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_problem_exec,
};

static int
problem_import(struct cmd_args *a)
{
	const char	*tmp;
	char		*dir, *cause = NULL, **names;
	int64_t		*ids;
	int		*versions, i, n = a->argc - 2, rc = JDG_EXIT_OK;

	if (n < 1)
		return (cmd_usage(&cmd_problem_entry));
	if ((tmp = getenv("TMPDIR")) == NULL || *tmp == '\0')
		tmp = "/tmp";
	xasprintf(&dir, "%s/gavel-import.XXXXXX", tmp);
	if (mkdtemp(dir) == NULL) {
		rc = cmd_error(&cmd_problem_entry, "%s: %s", dir,
		    strerror(errno));
		free(dir);
		return (rc);
	}
	ids = xcalloc(n, sizeof *ids);
	versions = xcalloc(n, sizeof *versions);
	names = xcalloc(n, sizeof *names);
	/* One transaction: every package, or none. */
	if (db_begin(a->db, DB_TX_WRITE, &cause) != 0) {
		rc = cmd_error(&cmd_problem_entry, "%s", cause);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (jdg_problem_import(a->db, a->argv[i + 2], dir, &ids[i],
		    &versions[i], &names[i], &cause) != 0) {
			db_rollback(a->db);
			rc = cmd_error(&cmd_problem_entry, "%s: %s",
			    a->argv[i + 2], cause);
			goto out;
		}
	}
	if (db_audit(a->db, "cli", "problem import", "", a->argv[2],
	    &cause) != 0 || db_commit(a->db, &cause) != 0) {
		db_rollback(a->db);
		rc = cmd_error(&cmd_problem_entry, "%s", cause);
		goto out;
	}
	for (i = 0; i < n; i++)
		printf("%s\tversion %d\t(id %" PRId64 ")\n", names[i],
		    versions[i], ids[i]);
out:
	free(cause);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(ids);
	free(versions);
	if (rmdir(dir) != 0 && prob_remove_tree(dir) != 0)
		log_warn("%s: %s", dir, strerror(errno));
	free(dir);
	return (rc);
}

static int
problem_list(struct cmd_args *a)
{
	struct db_problem	*list;
	size_t			 n, i;
	char			*cause = NULL;

	if (a->argc != 2)
		return (cmd_usage(&cmd_problem_entry));
	if (db_problem_list(a->db, &list, &n, &cause) != 0) {
		cmd_error(&cmd_problem_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	printf("%-20s %3s %-9s %7s %8s %-7s %s\n", "PROBLEM", "VER", "TYPE",
	    "TIME", "MEMORY", "CHECKER", "NAME");
	for (i = 0; i < n; i++)
		printf("%-20s %3d %-9s %6.2fs %7lluM %-7s %s\n",
		    list[i].short_name, list[i].version,
		    db_ptype_name(list[i].type), list[i].time_limit_ms / 1000.0,
		    (unsigned long long)(list[i].memory_bytes >> 20),
		    list[i].validation == DB_VALIDATION_CUSTOM ? "custom" :
		    "default", list[i].name);
	db_problems_free(list, n);
	return (JDG_EXIT_OK);
}

static int
problem_show(struct cmd_args *a)
{
	struct db_problem	*p;
	int64_t			 id;
	int			 version, rc;
	size_t			 i;
	char			*cause = NULL;

	if (a->argc != 3)
		return (cmd_usage(&cmd_problem_entry));
	rc = db_problem_find(a->db, a->argv[2], &id, &version, &cause);
	if (rc == 0)
		rc = db_problem_load(a->db, id, 0, &p, &cause);
	if (rc != 0) {
		if (rc == 1)
			return (cmd_error(&cmd_problem_entry, "no problem %s",
			    a->argv[2]));
		cmd_error(&cmd_problem_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	printf("problem %s version %d: %s\n", p->short_name, p->version,
	    p->name);
	printf("type %s, time %.2fs, memory %lluM, output %lluM, "
	    "validation %s%s%s\n", db_ptype_name(p->type),
	    p->time_limit_ms / 1000.0,
	    (unsigned long long)(p->memory_bytes >> 20),
	    (unsigned long long)(p->output_bytes >> 20),
	    p->validation == DB_VALIDATION_CUSTOM ? "custom" : "default",
	    p->validator_flags[0] != '\0' ? " " : "", p->validator_flags);
	for (i = 0; i < p->ngroups; i++)
		printf("group %-24s accept %g reject %g on_reject %s%s%s\n",
		    p->groups[i].path, p->groups[i].accept_score,
		    p->groups[i].reject_score, p->groups[i].on_reject ==
		    DB_ON_REJECT_CONTINUE ? "continue" : "break",
		    p->groups[i].grader_flags[0] != '\0' ? " grader " : "",
		    p->groups[i].grader_flags);
	for (i = 0; i < p->ncases; i++)
		printf("test  %s%s\n", p->cases[i].name,
		    p->cases[i].is_sample ? " (sample)" : "");
	db_problem_free(p);
	return (JDG_EXIT_OK);
}

static int
cmd_problem_exec(struct cmd_args *a)
{
	if (a->argc < 2)
		return (cmd_usage(&cmd_problem_entry));
	if (strcmp(a->argv[1], "import") == 0 || strcmp(a->argv[1], "add") == 0)
		return (problem_import(a));
	if (strcmp(a->argv[1], "list") == 0)
		return (problem_list(a));
	if (strcmp(a->argv[1], "show") == 0)
		return (problem_show(a));
	fprintf(stderr, "gavel problem: unknown subcommand %s\n", a->argv[1]);
	return (cmd_usage(&cmd_problem_entry));
}
