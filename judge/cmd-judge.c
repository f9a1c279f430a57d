/* SPDX-License-Identifier: ISC */
/*
 * gavel judge: run workers on the queue, as a daemon or (--once) until
 * it is empty.
 */

#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

static int	cmd_judge_exec(struct cmd_args *);

const struct cmd_entry cmd_judge_entry = {
	.name = "judge",
	.usage = "[--once] [--workers N] [--runtime auto|native|runsc] "
	    "[--worker-id ID] [--lease SECONDS]",
	.help = "judge queued submissions (--once: until the queue is empty)",
	.flags = 0,
	.exec = cmd_judge_exec,
};

static const struct option opts[] = {
	{ "once",	no_argument,		NULL, 'o' },
	{ "workers",	required_argument,	NULL, 'w' },
	{ "runtime",	required_argument,	NULL, 'r' },
	{ "worker-id",	required_argument,	NULL, 'i' },
	{ "lease",	required_argument,	NULL, 'l' },
	{ NULL,		0,			NULL, 0 }
};

static int
cmd_judge_exec(struct cmd_args *a)
{
	struct jdg_workers	 W;
	struct jdg_langs	*langs;
	struct db		*db;
	char			*cause = NULL, *cache;
	uint32_t		 n;
	int			 ch, rc;

	memset(&W, 0, sizeof W);
	W.nworkers = 1;
	W.runtime = SBX_RUNTIME_AUTO;
	W.lease_ms = JDG_LEASE_MS;
	while ((ch = getopt_long(a->argc, a->argv, "ow:r:i:l:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'o':
			W.once = 1;
			break;
		case 'w':
			if (sbx_parse_count(optarg, 64, &n, &cause) != 0) {
				rc = cmd_error(&cmd_judge_entry, "--workers: %s",
				    cause);
				free(cause);
				return (JDG_EXIT_USAGE);
			}
			W.nworkers = (int)n;
			break;
		case 'r':
			if (cmd_parse_runtime(optarg, &W.runtime) != 0) {
				cmd_error(&cmd_judge_entry, "--runtime: %s is "
				    "not auto, native or runsc", optarg);
				return (JDG_EXIT_USAGE);
			}
			break;
		case 'i':
			if (*optarg == '\0' || strlen(optarg) > 48 ||
			    strchr(optarg, '/') != NULL) {
				cmd_error(&cmd_judge_entry, "--worker-id: at "
				    "most 48 characters, no '/'");
				return (JDG_EXIT_USAGE);
			}
			W.worker_id = optarg;
			break;
		case 'l':
			/* How soon a dead worker's submission is taken again. */
			if (sbx_parse_count(optarg, 3600, &n, &cause) != 0) {
				cmd_error(&cmd_judge_entry, "--lease: %s",
				    cause);
				free(cause);
				return (JDG_EXIT_USAGE);
			}
			W.lease_ms = (int64_t)n * 1000;
			break;
		default:
			return (cmd_usage(&cmd_judge_entry));
		}
	}
	if (optind != a->argc)
		return (cmd_usage(&cmd_judge_entry));
	/* Check what every worker needs once, with one clear message. */
	if (jdg_langs_load(jdg_langs_default_path(a->langs), &langs,
	    &cause) != 0) {
		cmd_error(&cmd_judge_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	jdg_langs_free(langs);
	if (db_open(a->dbpath, DB_NOCREATE, &db, &cause) != 0) {
		cmd_error(&cmd_judge_entry, "%s (gavel init makes one)", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	db_close(db);
	cache = cmd_cache_dir(a);
	W.dbpath = a->dbpath;
	W.langs_path = a->langs;
	W.cache = cache;
	W.verbose = a->verbose;
	/* A line that redraws itself is for people, not for logs. */
	W.progress = isatty(STDERR_FILENO);
	W.poll_ms = 1000;
	rc = jdg_workers_run(&W);
	free(cache);
	return (rc);
}
