/* SPDX-License-Identifier: ISC */
/*
 * gavel list: submissions, filtered by user, problem, verdict, status.
 */

#include <sys/types.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_list_exec(struct cmd_args *);

const struct cmd_entry cmd_list_entry = {
	.name = "list",
	.alias = "ls",
	.usage = "[--user USER] [--problem PROBLEM] [--verdict V] "
	    "[--status queued|judging|done]",
	.help = "list submissions",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_list_exec,
};

static const struct option opts[] = {
	{ "user",	required_argument,	NULL, 'u' },
	{ "problem",	required_argument,	NULL, 'p' },
	{ "verdict",	required_argument,	NULL, 'V' },
	{ "status",	required_argument,	NULL, 's' },
	{ NULL,		0,			NULL, 0 }
};

static int
cmd_list_exec(struct cmd_args *a)
{
	struct db_filter	 f;
	struct db_submission	*list, *s;
	size_t			 n, i;
	char			*cause = NULL;
	int			 ch;

	memset(&f, 0, sizeof f);
	f.status = -1;
	while ((ch = getopt_long(a->argc, a->argv, "u:p:V:s:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			f.user = optarg;
			break;
		case 'p':
			f.problem = optarg;
			break;
		case 'V':
			if ((f.verdict = db_verdict_parse(optarg)) ==
			    DB_VERDICT_NONE)
				return (cmd_error(&cmd_list_entry,
				    "unknown verdict: %s", optarg));
			break;
		case 's':
			if (strcmp(optarg, "queued") == 0)
				f.status = DB_QUEUED;
			else if (strcmp(optarg, "judging") == 0)
				f.status = DB_JUDGING;
			else if (strcmp(optarg, "done") == 0)
				f.status = DB_DONE;
			else
				return (cmd_error(&cmd_list_entry,
				    "unknown status: %s", optarg));
			break;
		default:
			return (cmd_usage(&cmd_list_entry));
		}
	}
	if (optind != a->argc)
		return (cmd_usage(&cmd_list_entry));
	if (db_list(a->db, &f, &list, &n, &cause) != 0) {
		cmd_error(&cmd_list_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	printf("%6s %-16s %-16s %-10s %-7s %-3s %6s %6s %s\n", "ID", "USER",
	    "PROBLEM", "LANGUAGE", "STATUS", "VER", "SCORE", "CPU", "FILE");
	for (i = 0; i < n; i++) {
		s = &list[i];
		printf("%6" PRId64 " %-16s %-16s %-10s %-7s %-3s %6g %5" PRIu64
		    "ms %s\n", s->id, s->user, s->problem, s->language,
		    db_status_name(s->status), s->status == DB_DONE ?
		    db_verdict_name(s->verdict) : "-", s->score,
		    s->max_cpu_ms, s->filename);
	}
	db_submissions_free(list, n);
	return (JDG_EXIT_OK);
}
