/* SPDX-License-Identifier: ISC */
/*
 * gavel problem import|list|show|verify: problem packages into the
 * database (all the paths given, or none of them), what is there, and
 * a package's own submissions judged against their folders.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

static int	cmd_problem_exec(struct cmd_args *);

const struct cmd_entry cmd_problem_entry = {
	.name = "problem",
	.usage = "import|add PATH...\nlist\nshow PROBLEM\n"
	    "verify [--runtime auto|native|runsc] [--workers N] PATH|PROBLEM",
	.help = "import problem packages (folder, zip, tar.gz), list, show, "
	    "verify",
	.flags = 0,
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

static const struct option verify_opts[] = {
	{ "runtime",	required_argument,	NULL, 'r' },
	{ "workers",	required_argument,	NULL, 'w' },
	{ NULL,		0,			NULL, 0 }
};

static int
problem_verify(struct cmd_args *a)
{
	struct jdg_verify	 V;
	struct stat		 st;
	char			*cause = NULL;
	size_t			 nsubs, nbad;
	uint32_t		 n;
	int			 ch;

	memset(&V, 0, sizeof V);
	V.runtime = SBX_RUNTIME_AUTO;
	V.nworkers = 1;
	while ((ch = getopt_long(a->argc - 1, a->argv + 1, "r:w:",
	    verify_opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (cmd_parse_runtime(optarg, &V.runtime) != 0) {
				cmd_error(&cmd_problem_entry, "--runtime: %s "
				    "is not auto, native or runsc", optarg);
				return (JDG_EXIT_USAGE);
			}
			break;
		case 'w':
			if (sbx_parse_count(optarg, 64, &n, &cause) != 0) {
				cmd_error(&cmd_problem_entry, "--workers: %s",
				    cause);
				free(cause);
				return (JDG_EXIT_USAGE);
			}
			V.nworkers = (int)n;
			break;
		default:
			return (cmd_usage(&cmd_problem_entry));
		}
	}
	if (optind != a->argc - 2)
		return (cmd_usage(&cmd_problem_entry));
	V.target = a->argv[optind + 1];
	V.langs_path = a->langs;
	V.verbose = a->verbose;
	V.progress = isatty(STDERR_FILENO);
	/* A problem id needs the database; a package path does not. */
	if (stat(V.target, &st) == -1 && db_open(a->dbpath, DB_NOCREATE |
	    DB_READONLY, &a->db, &cause) != 0) {
		cmd_error(&cmd_problem_entry, "%s: no such package, and %s",
		    V.target, cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	V.db = a->db;
	if (jdg_verify(&V, stdout, &nsubs, &nbad, &cause) != 0) {
		cmd_error(&cmd_problem_entry, "verify: %s", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	fflush(stdout);
	if (nbad > 0) {
		return (cmd_error(&cmd_problem_entry, "verify: %zu of %zu "
		    "submissions did not get their folder's verdict", nbad,
		    nsubs));
	}
	printf("%zu submissions, each with its folder's verdict\n", nsubs);
	return (JDG_EXIT_OK);
}

static int
cmd_problem_exec(struct cmd_args *a)
{
	char	*cause = NULL;

	if (a->argc < 2)
		return (cmd_usage(&cmd_problem_entry));
	if (strcmp(a->argv[1], "verify") == 0)
		return (problem_verify(a));
	if (db_open(a->dbpath, DB_NOCREATE, &a->db, &cause) != 0) {
		cmd_error(&cmd_problem_entry, "%s (gavel init makes one)",
		    cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	if (strcmp(a->argv[1], "import") == 0 || strcmp(a->argv[1], "add") == 0)
		return (problem_import(a));
	if (strcmp(a->argv[1], "list") == 0)
		return (problem_list(a));
	if (strcmp(a->argv[1], "show") == 0)
		return (problem_show(a));
	fprintf(stderr, "gavel problem: unknown subcommand %s\n", a->argv[1]);
	return (cmd_usage(&cmd_problem_entry));
}
