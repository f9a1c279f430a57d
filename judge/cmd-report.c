/* SPDX-License-Identifier: ISC */
/*
 * gavel report (alias export): the gradebook, one row per user and
 * problem with the best result, or one row per judged submission, as a
 * table, CSV or JSON.
 */

#include <sys/types.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_report_exec(struct cmd_args *);

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.alias = "export",
	.usage = "[--problem PROBLEM] [--format table|csv|json] "
	    "[--per user|submission]",
	.help = "gradebook: best result per user, or every submission",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_report_exec,
};

static const struct option opts[] = {
	{ "format",	required_argument,	NULL, 'f' },
	{ "problem",	required_argument,	NULL, 'p' },
	{ "per",	required_argument,	NULL, 'r' },
	{ NULL,		0,			NULL, 0 }
};

enum format {
	F_TABLE = 0,
	F_CSV,
	F_JSON
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

static void
per_user(enum format fmt, const struct jdg_best *v, size_t n)
{
	size_t	i;

	if (fmt == F_TABLE)
		printf("%-16s %-16s %-7s %8s %10s %5s\n", "USER", "PROBLEM",
		    "VERDICT", "SCORE", "SUBMISSION", "TRIES");
	else if (fmt == F_CSV)
		printf("user,problem,verdict,score,submission,tries\n");
	else
		printf("[");
	for (i = 0; i < n; i++) {
		switch (fmt) {
		case F_TABLE:
			printf("%-16s %-16s %-7s %8g %10" PRId64 " %5d\n",
			    v[i].user, v[i].problem,
			    db_verdict_name(v[i].verdict), v[i].score,
			    v[i].submission, v[i].tries);
			break;
		case F_CSV:
			csv_field(v[i].user);
			putchar(',');
			csv_field(v[i].problem);
			printf(",%s,%g,%" PRId64 ",%d\n",
			    db_verdict_name(v[i].verdict), v[i].score,
			    v[i].submission, v[i].tries);
			break;
		case F_JSON:
			printf("%s{\"user\": ", i > 0 ? ", " : "");
			jdg_json_string(stdout, v[i].user);
			printf(", \"problem\": ");
			jdg_json_string(stdout, v[i].problem);
			printf(", \"verdict\": \"%s\", \"score\": %.17g, "
			    "\"submission\": %" PRId64 ", \"tries\": %d}",
			    db_verdict_name(v[i].verdict), v[i].score,
			    v[i].submission, v[i].tries);
			break;
		}
	}
	if (fmt == F_JSON)
		printf("]\n");
}

static void
per_submission(enum format fmt, const struct db_submission *v, size_t n)
{
	const struct db_submission	*s;
	size_t				 i;

	if (fmt == F_TABLE)
		printf("%6s %-16s %-16s %3s %-10s %-7s %8s %7s %9s\n", "ID",
		    "USER", "PROBLEM", "VER", "LANGUAGE", "VERDICT", "SCORE",
		    "CPU_MS", "MEMORY_KB");
	else if (fmt == F_CSV)
		printf("id,user,problem,version,language,verdict,score,"
		    "cpu_ms,memory_kb,submitted_at\n");
	else
		printf("[");
	for (i = 0; i < n; i++) {
		s = &v[i];
		switch (fmt) {
		case F_TABLE:
			printf("%6" PRId64 " %-16s %-16s %3d %-10s %-7s %8g "
			    "%7" PRIu64 " %9" PRIu64 "\n", s->id, s->user,
			    s->problem, s->judged_version, s->language,
			    db_verdict_name(s->verdict), s->score,
			    s->max_cpu_ms, s->max_memory_kb);
			break;
		case F_CSV:
			printf("%" PRId64 ",", s->id);
			csv_field(s->user);
			putchar(',');
			csv_field(s->problem);
			printf(",%d,%s,%s,%g,%" PRIu64 ",%" PRIu64 ",%" PRId64
			    "\n", s->judged_version, s->language,
			    db_verdict_name(s->verdict), s->score,
			    s->max_cpu_ms, s->max_memory_kb, s->submitted_at);
			break;
		case F_JSON:
			printf("%s{\"id\": %" PRId64 ", \"user\": ",
			    i > 0 ? ", " : "", s->id);
			jdg_json_string(stdout, s->user);
			printf(", \"problem\": ");
			jdg_json_string(stdout, s->problem);
			printf(", \"version\": %d, \"language\": ",
			    s->judged_version);
			jdg_json_string(stdout, s->language);
			printf(", \"verdict\": \"%s\", \"score\": %.17g, "
			    "\"cpu_ms\": %" PRIu64 ", \"memory_kb\": %" PRIu64
			    ", \"submitted_at\": %" PRId64 "}",
			    db_verdict_name(s->verdict), s->score,
			    s->max_cpu_ms, s->max_memory_kb, s->submitted_at);
			break;
		}
	}
	if (fmt == F_JSON)
		printf("]\n");
}

static int
cmd_report_exec(struct cmd_args *a)
{
	struct db_filter	 f;
	struct db_submission	*list;
	struct jdg_best		*v;
	const char		*problem = NULL;
	char			*cause = NULL;
	size_t			 n;
	int			 ch, subs = 0, rc;
	enum format		 fmt = F_TABLE;

	while ((ch = getopt_long(a->argc, a->argv, "f:p:r:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "table") == 0)
				fmt = F_TABLE;
			else if (strcmp(optarg, "csv") == 0)
				fmt = F_CSV;
			else if (strcmp(optarg, "json") == 0)
				fmt = F_JSON;
			else {
				cmd_error(&cmd_report_entry, "--format: %s is "
				    "not table, csv or json", optarg);
				return (JDG_EXIT_USAGE);
			}
			break;
		case 'p':
			problem = optarg;
			break;
		case 'r':
			if (strcmp(optarg, "user") == 0)
				subs = 0;
			else if (strcmp(optarg, "submission") == 0)
				subs = 1;
			else {
				cmd_error(&cmd_report_entry, "--per: %s is "
				    "not user or submission", optarg);
				return (JDG_EXIT_USAGE);
			}
			break;
		default:
			return (cmd_usage(&cmd_report_entry));
		}
	}
	if (optind != a->argc)
		return (cmd_usage(&cmd_report_entry));
	if (subs) {
		memset(&f, 0, sizeof f);
		f.status = DB_DONE;
		f.problem = problem;
		rc = db_list(a->db, &f, &list, &n, &cause);
	} else
		rc = jdg_best_collect(a->db, problem, &v, &n, &cause);
	if (rc != 0) {
		cmd_error(&cmd_report_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	if (subs) {
		per_submission(fmt, list, n);
		db_submissions_free(list, n);
	} else {
		per_user(fmt, v, n);
		jdg_best_free(v, n);
	}
	return (JDG_EXIT_OK);
}
