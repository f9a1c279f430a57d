/* SPDX-License-Identifier: ISC */
/*
 * gavel: the batch judge's command line. Global options, then one
 * command from the table in cmd.c, with its database opened here.
 */

#include <sys/types.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

/* Some autoconf runs define only automake's VERSION. */
#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	VERSION
#endif

static const struct option global_opts[] = {
	{ "db",		required_argument,	NULL, 'd' },
	{ "languages",	required_argument,	NULL, 'L' },
	{ "cache",	required_argument,	NULL, 'C' },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 }
};

int
main(int argc, char **argv)
{
	const struct cmd_entry	*ce;
	struct cmd_args		 a;
	const char		*env;
	char			*cause = NULL;
	int			 ch, flags, rc, i;

	memset(&a, 0, sizeof a);
	/* '+': stop at the command; its options are its own. */
	while ((ch = getopt_long(argc, argv, "+d:L:C:vhV", global_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			a.dbpath = optarg;
			break;
		case 'L':
			a.langs = optarg;
			break;
		case 'C':
			a.cache = optarg;
			break;
		case 'v':
			a.verbose++;
			break;
		case 'h':
			cmd_usage_all(stdout);
			return (JDG_EXIT_OK);
		case 'V':
			printf("gavel %s\n", PACKAGE_VERSION);
			return (JDG_EXIT_OK);
		default:
			cmd_usage_all(stderr);
			return (JDG_EXIT_USAGE);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		cmd_usage_all(stderr);
		return (JDG_EXIT_USAGE);
	}
	if (strcmp(argv[0], "help") == 0) {
		if (argc > 1) {
			if ((ce = cmd_find(argv[1], &cause)) == NULL) {
				fprintf(stderr, "gavel: %s\n", cause);
				free(cause);
				return (JDG_EXIT_USAGE);
			}
			printf("gavel %s: %s\n", ce->name, ce->help);
			cmd_usage(ce);
			return (JDG_EXIT_OK);
		}
		cmd_usage_all(stdout);
		return (JDG_EXIT_OK);
	}
	if ((ce = cmd_find(argv[0], &cause)) == NULL) {
		fprintf(stderr, "gavel: %s\n", cause);
		free(cause);
		return (JDG_EXIT_USAGE);
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			printf("gavel %s: %s\n", ce->name, ce->help);
			cmd_usage(ce);
			return (JDG_EXIT_OK);
		}
	}
	log_level = a.verbose;
	if (a.dbpath == NULL) {
		env = getenv("GAVEL_DB");
		a.dbpath = env != NULL && *env != '\0' ? env : "gavel.db";
	}
	a.argc = argc;
	a.argv = argv;
	if (ce->flags & (CMD_NEEDS_DB | CMD_CREATES_DB)) {
		flags = (ce->flags & CMD_CREATES_DB) ? 0 : DB_NOCREATE;
		if (db_open(a.dbpath, flags, &a.db, &cause) != 0) {
			fprintf(stderr, "gavel %s: %s%s\n", ce->name, cause,
			    (flags & DB_NOCREATE) ? " (gavel init makes one)" :
			    "");
			free(cause);
			return (JDG_EXIT_ERROR);
		}
	}
	/* Commands parse their own options from argv[0] = their name. */
	optind = 0;
	rc = ce->exec(&a);
	db_close(a.db);
	return (rc);
}
