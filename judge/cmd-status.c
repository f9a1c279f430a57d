/* SPDX-License-Identifier: ISC */
/*
 * gavel status: the queue at a glance.
 */

#include <sys/types.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "judge/jdg.h"

static int	cmd_status_exec(struct cmd_args *);

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "",
	.help = "queue counts: queued, judging, expired leases, done",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_status_exec,
};

static int
cmd_status_exec(struct cmd_args *a)
{
	struct db_queue_counts	c;
	char			*cause = NULL;

	if (a->argc != 1)
		return (cmd_usage(&cmd_status_entry));
	if (db_queue_counts(a->db, &c, &cause) != 0) {
		cmd_error(&cmd_status_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	printf("queued %" PRId64 "\njudging %" PRId64 "\nexpired %" PRId64
	    "\ndone %" PRId64 "\n", c.queued, c.judging, c.expired, c.done);
	return (JDG_EXIT_OK);
}
