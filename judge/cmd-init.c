/* SPDX-License-Identifier: ISC */
/*
 * gavel init: create (or migrate) the database and check it.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>

#include "judge/jdg.h"

static int	cmd_init_exec(struct cmd_args *);

const struct cmd_entry cmd_init_entry = {
	.name = "init",
	.usage = "",
	.help = "create the database (or bring it to this version)",
	.flags = CMD_CREATES_DB,
	.exec = cmd_init_exec,
};

static int
cmd_init_exec(struct cmd_args *a)
{
	char	*cause = NULL;

	if (a->argc != 1)
		return (cmd_usage(&cmd_init_entry));
	if (db_integrity_check(a->db, &cause) != 0) {
		cmd_error(&cmd_init_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	printf("%s: schema version %d\n", a->dbpath, db_schema_version());
	return (JDG_EXIT_OK);
}
