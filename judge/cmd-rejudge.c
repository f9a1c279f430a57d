/* SPDX-License-Identifier: ISC */
/*
 * gavel rejudge: queue done submissions again (their history stays).
 */

#include <sys/types.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_rejudge_exec(struct cmd_args *);

const struct cmd_entry cmd_rejudge_entry = {
	.name = "rejudge",
	.usage = "(--submission ID | --problem PROBLEM | --verdict V) "
	    "[--priority N]",
	.help = "queue done submissions again",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_rejudge_exec,
};

static const struct option opts[] = {
	{ "submission",	required_argument,	NULL, 's' },
	{ "problem",	required_argument,	NULL, 'p' },
	{ "verdict",	required_argument,	NULL, 'V' },
	{ "priority",	required_argument,	NULL, 'P' },
	{ NULL,		0,			NULL, 0 }
};

static int
cmd_rejudge_exec(struct cmd_args *a)
{
	struct db_filter	 f;
	char			*cause = NULL, *end;
	int64_t			 n;
	long			 prio = 0;
	int			 ch, rc;

	memset(&f, 0, sizeof f);
	f.status = -1;
	while ((ch = getopt_long(a->argc, a->argv, "s:p:V:P:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 's':
			if (cmd_parse_id(optarg, &f.id) != 0)
				return (cmd_error(&cmd_rejudge_entry,
				    "bad submission id: %s", optarg));
			break;
		case 'p':
			f.problem = optarg;
			break;
		case 'V':
			if ((f.verdict = db_verdict_parse(optarg)) ==
			    DB_VERDICT_NONE)
				return (cmd_error(&cmd_rejudge_entry,
				    "unknown verdict: %s", optarg));
			break;
		case 'P':
			errno = 0;
			prio = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    prio < -1000000 || prio > 1000000)
				return (cmd_error(&cmd_rejudge_entry,
				    "bad priority: %s", optarg));
			break;
		default:
			return (cmd_usage(&cmd_rejudge_entry));
		}
	}
	if (optind != a->argc || (f.id == 0 && f.problem == NULL &&
	    f.verdict == DB_VERDICT_NONE))
		return (cmd_usage(&cmd_rejudge_entry));
	if (db_requeue(a->db, &f, (int)prio, &n, &cause) != 0) {
		rc = cmd_error(&cmd_rejudge_entry, "%s", cause);
		free(cause);
		return (rc);
	}
	if (db_audit(a->db, "cli", "rejudge", f.problem != NULL ? f.problem :
	    "", "", &cause) != 0) {
		log_warn("audit: %s", cause);
		free(cause);
	}
	printf("%" PRId64 " queued\n", n);
	return (JDG_EXIT_OK);
}
