/* SPDX-License-Identifier: ISC */
/*
 * gavel export: the gradebook, one row per user and problem with the
 * best verdict and score, as CSV or JSON.
 */

#include <sys/types.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_export_exec(struct cmd_args *);

const struct cmd_entry cmd_export_entry = {
	.name = "export",
	.usage = "--format csv|json [--problem PROBLEM]",
	.help = "gradebook: user, problem, best verdict and score",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_export_exec,
};

static const struct option opts[] = {
	{ "format",	required_argument,	NULL, 'f' },
	{ "problem",	required_argument,	NULL, 'p' },
	{ NULL,		0,			NULL, 0 }
};

static void
csv_field(const char *s)
{
	if (strpbrk(s, ",\"\n\r") == NULL) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static int
cmd_export_exec(struct cmd_args *a)
{
	struct jdg_best	*v;
	const char	*fmt = NULL, *problem = NULL;
	char		*cause = NULL;
	size_t		 n, i;
	int		 ch;

	while ((ch = getopt_long(a->argc, a->argv, "f:p:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			fmt = optarg;
			break;
		case 'p':
			problem = optarg;
			break;
		default:
			return (cmd_usage(&cmd_export_entry));
		}
	}
	if (optind != a->argc || fmt == NULL)
		return (cmd_usage(&cmd_export_entry));
	if (strcmp(fmt, "csv") != 0 && strcmp(fmt, "json") != 0) {
		cmd_error(&cmd_export_entry, "--format: %s is not csv or json",
		    fmt);
		return (JDG_EXIT_USAGE);
	}
	if (jdg_best_collect(a->db, problem, &v, &n, &cause) != 0) {
		cmd_error(&cmd_export_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	if (strcmp(fmt, "csv") == 0)
		printf("user,problem,verdict,score,submission,tries\n");
	else
		printf("[");
	for (i = 0; i < n; i++) {
		if (strcmp(fmt, "csv") == 0) {
			csv_field(v[i].user);
			putchar(',');
			csv_field(v[i].problem);
			printf(",%s,%g,%" PRId64 ",%d\n",
			    db_verdict_name(v[i].verdict), v[i].score,
			    v[i].submission, v[i].tries);
			continue;
		}
		printf("%s{\"user\": ", i > 0 ? ", " : "");
		jdg_json_string(stdout, v[i].user);
		printf(", \"problem\": ");
		jdg_json_string(stdout, v[i].problem);
		printf(", \"verdict\": \"%s\", \"score\": %.17g, "
		    "\"submission\": %" PRId64 ", \"tries\": %d}",
		    db_verdict_name(v[i].verdict), v[i].score,
		    v[i].submission, v[i].tries);
	}
	if (strcmp(fmt, "json") == 0)
		printf("]\n");
	jdg_best_free(v, n);
	return (JDG_EXIT_OK);
}
