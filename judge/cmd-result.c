/* SPDX-License-Identifier: ISC */
/*
 * gavel result: one submission's verdict, score, tests and compiler
 * output, as a table or as JSON.
 */

#include <sys/types.h>

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "judge/jdg.h"

static int	cmd_result_exec(struct cmd_args *);

const struct cmd_entry cmd_result_entry = {
	.name = "result",
	.usage = "[--json] ID",
	.help = "a submission's verdict, score, per-test table, compile output",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_result_exec,
};

static const struct option opts[] = {
	{ "json",	no_argument,	NULL, 'j' },
	{ NULL,		0,		NULL, 0 }
};

static void
json_str(const char *key, const char *v, int comma)
{
	printf("\"%s\": ", key);
	if (v == NULL)
		printf("null");
	else
		jdg_json_string(stdout, v);
	printf("%s", comma ? ", " : "");
}

static void
print_json(const struct db_submission *s)
{
	const struct db_run	*r;
	size_t			 i;

	printf("{\"id\": %" PRId64 ", ", s->id);
	json_str("problem", s->problem, 1);
	printf("\"problem_version\": %d, ", s->problem_version);
	json_str("user", s->user, 1);
	json_str("language", s->language, 1);
	json_str("filename", s->filename, 1);
	json_str("status", db_status_name(s->status), 1);
	json_str("verdict", s->status == DB_DONE ?
	    db_verdict_name(s->verdict) : NULL, 1);
	printf("\"score\": %.17g, \"cpu_ms\": %" PRIu64 ", \"memory_kb\": %"
	    PRIu64 ", \"attempts\": %d, ", s->score, s->max_cpu_ms,
	    s->max_memory_kb, s->attempts);
	json_str("compile_output", s->compile_output, 1);
	json_str("message", s->message, 1);
	printf("\"tests\": [");
	for (i = 0; i < s->nruns; i++) {
		r = &s->runs[i];
		printf("%s{", i > 0 ? ", " : "");
		json_str("name", r->testcase, 1);
		json_str("group", r->group, 1);
		json_str("verdict", db_verdict_name(r->verdict), 1);
		printf("\"cpu_ms\": %" PRIu64 ", \"wall_ms\": %" PRIu64
		    ", \"memory_kb\": %" PRIu64 ", \"score\": %.17g, ",
		    r->cpu_ms, r->wall_ms, r->memory_kb, r->score);
		if (r->exit_code >= 0)
			printf("\"exit_code\": %d, ", r->exit_code);
		else
			printf("\"exit_code\": null, ");
		if (r->signal != 0)
			printf("\"signal\": %d, ", r->signal);
		else
			printf("\"signal\": null, ");
		json_str("message", r->checker_message, 0);
		printf("}");
	}
	printf("]}\n");
}

static void
print_table(const struct db_submission *s)
{
	const struct db_run	*r;
	size_t			 i;

	printf("submission %" PRId64 ": %s on %s (version %d), %s, %s\n",
	    s->id, s->user, s->problem, s->problem_version, s->language,
	    s->filename);
	if (s->status != DB_DONE) {
		printf("status: %s\n", db_status_name(s->status));
		return;
	}
	printf("verdict: %s  score: %g  cpu: %" PRIu64 " ms  memory: %" PRIu64
	    " KiB\n", db_verdict_name(s->verdict), s->score, s->max_cpu_ms,
	    s->max_memory_kb);
	if (s->message != NULL && s->message[0] != '\0')
		printf("message: %s\n", s->message);
	if (s->nruns > 0)
		printf("%-28s %-4s %7s %7s %9s %s\n", "TEST", "", "CPU", "WALL",
		    "MEMORY", "MESSAGE");
	for (i = 0; i < s->nruns; i++) {
		r = &s->runs[i];
		printf("%-28s %-4s %5" PRIu64 "ms %5" PRIu64 "ms %6" PRIu64
		    "KiB %.60s\n", r->testcase, db_verdict_name(r->verdict),
		    r->cpu_ms, r->wall_ms, r->memory_kb,
		    r->checker_message != NULL ? r->checker_message : "");
	}
	if (s->compile_output != NULL && s->compile_output[0] != '\0')
		printf("compiler output:\n%s%s", s->compile_output,
		    s->compile_output[strlen(s->compile_output) - 1] != '\n' ?
		    "\n" : "");
}

static int
cmd_result_exec(struct cmd_args *a)
{
	struct db_submission	*s;
	char			*cause = NULL;
	int64_t			 id;
	int			 ch, json = 0;

	while ((ch = getopt_long(a->argc, a->argv, "j", opts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			json = 1;
			break;
		default:
			return (cmd_usage(&cmd_result_entry));
		}
	}
	if (optind != a->argc - 1)
		return (cmd_usage(&cmd_result_entry));
	if (cmd_parse_id(a->argv[optind], &id) != 0)
		return (cmd_error(&cmd_result_entry, "bad submission id: %s",
		    a->argv[optind]));
	switch (db_result(a->db, id, &s, &cause)) {
	case 0:
		break;
	case 1:
		return (cmd_error(&cmd_result_entry, "no submission %" PRId64,
		    id));
	default:
		cmd_error(&cmd_result_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_INTERNAL);
	}
	if (json)
		print_json(s);
	else
		print_table(s);
	db_submission_free(s);
	return (JDG_EXIT_OK);
}
