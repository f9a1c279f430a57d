/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of db/ data on real database files: problem versions and their
 * loading, users and bans, submissions, lists and results.
 */

#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sbx.h"
#include "db-fixture.h"

/* ------------------------------------------------------------------ */
/* Problems                                                             */
/* ------------------------------------------------------------------ */

static void
test_db_problem_import_versions(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_problem	*list;
	struct db_judging	*h;
	struct db_job		 job;
	char			*cause = NULL;
	int64_t			 v1, v2, s1, s2, id;
	int			 version;
	size_t			 n;

	v1 = fx_problem(fx->db, "hello", 3);
	s1 = fx_submit(fx->db, "alice", "hello", 0);
	assert_ok(db_claim(fx->db, "w1", 60000, &job, &cause));
	assert_int_equal(job.id, s1);
	assert_int_equal(job.problem_id, v1);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);

	/* The same short name again: version 2, older results untouched. */
	v2 = fx_problem(fx->db, "hello", 4);
	assert_true(v2 != v1);
	assert_ok(db_problem_find(fx->db, "hello", &id, &version,
	    &cause));
	assert_int_equal(id, v2);
	assert_int_equal(version, 2);
	assert_ok(db_result(fx->db, s1, &s, &cause));
	assert_int_equal(s->problem_id, v1);
	assert_int_equal(s->problem_version, 1);
	assert_int_equal(s->judged_problem_id, v1);
	assert_int_equal(s->judged_version, 1);
	assert_int_equal(s->nruns, 3);
	db_submission_free(s);

	/* New submissions are of version 2, and judged on it. */
	s2 = fx_submit(fx->db, "bob", "hello", 0);
	assert_ok(db_claim(fx->db, "w1", 60000, &job, &cause));
	assert_int_equal(job.id, s2);
	assert_int_equal(job.problem_id, v2);
	assert_int_equal(job.submitted_problem_id, v2);
	assert_ok(fx_finish(fx->db, &job, DB_WA, &cause));
	db_job_free(&job);
	assert_ok(db_result(fx->db, s2, &s, &cause));
	assert_int_equal(s->judged_version, 2);
	assert_int_equal(s->nruns, 4);
	db_submission_free(s);

	/* A rejudge of the old one runs on the current version. */
	assert_ok(db_requeue(fx->db, &(struct db_filter){ .id = s1 }, 0,
	    &id, &cause));
	assert_int_equal(id, 1);
	assert_ok(db_claim(fx->db, "w1", 60000, &job, &cause));
	assert_int_equal(job.id, s1);
	assert_int_equal(job.problem_id, v2);
	assert_int_equal(job.submitted_problem_id, v1);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_ok(db_history(fx->db, s1, &h, &n, &cause));
	assert_int_equal(n, 2);
	assert_int_equal(h[0].problem_version, 1);
	assert_int_equal(h[0].nruns, 3);
	assert_false(h[0].current);
	assert_int_equal(h[1].problem_version, 2);
	assert_int_equal(h[1].nruns, 4);
	assert_true(h[1].current);
	db_history_free(h, n);

	assert_ok(db_problem_list(fx->db, &list, &n, &cause));
	assert_int_equal(n, 1);
	assert_int_equal(list[0].version, 2);
	assert_string_equal(list[0].short_name, "hello");
	db_problems_free(list, n);
}

static void
test_db_problem_load(void **state)
{
	struct fx		*fx = *state;
	struct db_testgroup	 g[4];
	struct db_testcase	 t[3];
	struct db_file		 f[1];
	struct db_problem	 p, *q;
	char			*cause = NULL;

	memset(g, 0, sizeof g);
	g[0].path = "sample";
	g[1].path = "secret";
	g[2].path = "secret/g1";
	g[2].accept_score = 40;
	g[2].on_reject = DB_ON_REJECT_CONTINUE;
	g[2].grader_flags = "min";
	g[3].path = "secret/g2";
	g[3].accept_score = 60;
	g[3].output_validator_flags = "float_tolerance 1e-6";
	memset(t, 0, sizeof t);
	t[0] = (struct db_testcase){ .group = "sample", .name = "sample/1",
	    .is_sample = 1, .input = "1\n", .input_len = 2, .answer = "1\n",
	    .answer_len = 2 };
	t[1] = (struct db_testcase){ .group = "secret/g1", .name = "secret/g1/a",
	    .input = "a\0b", .input_len = 3, .answer = "", .answer_len = 0 };
	t[2] = (struct db_testcase){ .group = "secret/g2", .name = "secret/g2/b",
	    .input = "2\n", .input_len = 2, .answer = "4\n", .answer_len = 2 };
	f[0] = (struct db_file){ "output_validators/check/check.c",
	    "int main(void) { return 42; }\n", 30, 0755 };
	memset(&p, 0, sizeof p);
	p.short_name = "groups";
	p.type = DB_SCORING;
	p.validation = DB_VALIDATION_CUSTOM;
	p.time_limit_ms = 2500;
	p.memory_bytes = 1 << 30;
	p.output_bytes = 1 << 20;
	p.package_sha256 = "ab12";
	p.groups = g;
	p.ngroups = 4;
	p.cases = t;
	p.ncases = 3;
	p.files = f;
	p.nfiles = 1;
	assert_ok(db_problem_import(fx->db, &p, &cause));
	assert_int_equal(p.version, 1);
	assert_true(p.imported_at > 0);

	assert_ok(db_problem_load(fx->db, p.id, 1, &q, &cause));
	assert_string_equal(q->short_name, "groups");
	assert_string_equal(q->name, "groups");
	assert_int_equal(q->type, DB_SCORING);
	assert_int_equal(q->validation, DB_VALIDATION_CUSTOM);
	assert_int_equal(q->time_limit_ms, 2500);
	assert_int_equal(q->memory_bytes, 1 << 30);
	assert_string_equal(q->package_sha256, "ab12");
	assert_int_equal(q->ngroups, 4);
	assert_int_equal(q->groups[0].parent_id, 0);
	assert_int_equal(q->groups[2].parent_id, q->groups[1].id);
	assert_int_equal(q->groups[3].parent_id, q->groups[1].id);
	assert_int_equal(q->groups[2].on_reject, DB_ON_REJECT_CONTINUE);
	assert_string_equal(q->groups[2].grader_flags, "min");
	assert_true(q->groups[3].accept_score == 60);
	assert_string_equal(q->groups[3].output_validator_flags,
	    "float_tolerance 1e-6");
	assert_int_equal(q->ncases, 3);
	assert_string_equal(q->cases[1].group, "secret/g1");
	assert_string_equal(q->cases[1].name, "secret/g1/a");
	assert_int_equal(q->cases[0].is_sample, 1);
	assert_int_equal(q->cases[1].input_len, 3);
	assert_memory_equal(q->cases[1].input, "a\0b", 3);
	assert_int_equal(q->cases[1].answer_len, 0);
	assert_non_null(q->cases[1].answer);
	assert_int_equal(q->nfiles, 1);
	assert_int_equal(q->files[0].mode, 0755);
	assert_int_equal(q->files[0].len, 30);
	assert_memory_equal(q->files[0].content, f[0].content, 30);
	db_problem_free(q);

	/* Without data: sizes only. */
	assert_ok(db_problem_load(fx->db, p.id, 0, &q, &cause));
	assert_null(q->cases[2].input);
	assert_int_equal(q->cases[2].answer_len, 2);
	assert_null(q->files[0].content);
	assert_int_equal(q->files[0].len, 30);
	db_problem_free(q);

	assert_int_equal(db_problem_load(fx->db, p.id + 100, 1, &q, &cause), 1);
	assert_null(q);
	assert_int_equal(db_problem_find(fx->db, "nope", NULL, NULL, &cause),
	    1);
}

static void
test_db_problem_import_rejects(void **state)
{
	struct fx		*fx = *state;
	struct db_testgroup	 g[2] = { { .path = "secret" },
	    { .path = "secret/g1" } };
	struct db_testcase	 t[2] = {
	    { .group = "secret", .name = "a", .input = "", .answer = "" },
	    { .group = "secret", .name = "a", .input = "", .answer = "" } };
	struct db_file		 f[2] = { { "x", "1", 1, 0 }, { "x", "2", 1, 0 } };
	struct db_problem	 p, *list;
	char			*cause = NULL;
	size_t			 n;

	memset(&p, 0, sizeof p);
	p.short_name = "../etc";
	p.time_limit_ms = p.memory_bytes = p.output_bytes = 1000;
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "only letters");
	p.short_name = "-x";
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "must not start");
	p.short_name = "ok";
	p.time_limit_ms = 0;
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "must be positive");
	p.time_limit_ms = 1000;

	/* A group whose parent is missing, then one listed after it. */
	p.groups = &g[1];
	p.ngroups = 1;
	assert_fails(db_problem_import(fx->db, &p, CAUSE),
	    "parent 'secret' is not listed before it");
	p.groups = g;
	p.ngroups = 2;
	t[0].group = "sample";
	p.cases = t;
	p.ncases = 1;
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "no test group "
	    "'sample'");
	t[0].group = "secret";

	/* Caught by the database half-way: nothing stays. */
	p.ncases = 2;
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "'a': name used "
	    "twice");
	p.ncases = 1;
	p.files = f;
	p.nfiles = 2;
	assert_fails(db_problem_import(fx->db, &p, CAUSE), "'x': listed twice");
	assert_int_equal(p.id, 0);
	assert_ok(db_problem_list(fx->db, &list, &n, &cause));
	assert_int_equal(n, 0);
	assert_null(list);

	p.nfiles = 1;
	assert_ok(db_problem_import(fx->db, &p, &cause));
	assert_int_equal(p.version, 1);
}

/* ------------------------------------------------------------------ */
/* Users, submissions, results                                          */
/* ------------------------------------------------------------------ */

static void
test_db_user_ban(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL, *reason;
	int64_t		 id, id2;
	int		 banned;

	assert_int_equal(db_user_get(fx->db, "alice", 0, &id, &cause), 1);
	assert_ok(db_user_get(fx->db, "alice", 1, &id, &cause));
	assert_ok(db_user_get(fx->db, "alice", 1, &id2, &cause));
	assert_int_equal(id, id2);
	assert_ok(db_user_banned(fx->db, "alice", &banned, &reason,
	    &cause));
	assert_int_equal(banned, 0);
	assert_null(reason);

	assert_ok(db_user_ban(fx->db, "alice", "copied\x1b[31m code",
	    &cause));
	assert_ok(db_user_banned(fx->db, "alice", &banned, &reason,
	    &cause));
	assert_int_equal(banned, 1);
	assert_string_equal(reason, "copied\xef\xbf\xbd[31m code");
	free(reason);

	/* Banning someone before they ever submit. */
	assert_ok(db_user_ban(fx->db, "mallory", "spam", &cause));
	assert_ok(db_user_banned(fx->db, "mallory", &banned, NULL,
	    &cause));
	assert_int_equal(banned, 1);

	assert_ok(db_user_unban(fx->db, "alice", &cause));
	assert_ok(db_user_banned(fx->db, "alice", &banned, &reason,
	    &cause));
	assert_int_equal(banned, 0);
	assert_fails(db_user_unban(fx->db, "nobody", CAUSE), "no user 'nobody'");
	assert_ok(db_user_banned(fx->db, "nobody", &banned, NULL,
	    &cause));
	assert_int_equal(banned, 0);

	assert_fails(db_user_get(fx->db, "", 1, &id, CAUSE), "user: empty");
	assert_fails(db_user_get(fx->db, "a\nb", 1, &id, CAUSE),
	    "control character");
	assert_fails(db_user_get(fx->db, "\xc0\xaf", 1, &id, CAUSE),
	    "invalid UTF-8");
}

static void
test_db_user_counts(void **state)
{
	struct fx	*fx = *state;
	struct db_job	 job;
	char		*cause = NULL;
	int64_t		 id, recent, pending;

	fx_problem(fx->db, "hello", 1);
	fx_submit(fx->db, "alice", "hello", 0);
	fx_submit(fx->db, "alice", "hello", 0);
	fx_submit(fx->db, "alice", "hello", 0);
	fx_submit(fx->db, "bob", "hello", 0);
	assert_ok(db_user_get(fx->db, "alice", 0, &id, &cause));
	assert_ok(db_user_counts(fx->db, id, 60, &recent, &pending,
	    &cause));
	assert_int_equal(recent, 3);
	assert_int_equal(pending, 3);

	assert_ok(db_claim(fx->db, "w", 60000, &job, &cause));
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_ok(db_user_counts(fx->db, id, 60, &recent, &pending,
	    &cause));
	assert_int_equal(recent, 3);
	assert_int_equal(pending, 2);
	/* Outside the window, after a pause. */
	fx_sleep_ms(1100);
	assert_ok(db_user_counts(fx->db, id, 1, &recent, &pending,
	    &cause));
	assert_int_equal(recent, 0);
	assert_int_equal(pending, 2);
}

static void
test_db_settings(void **state)
{
	struct fx	*fx = *state;
	struct db_audit_row *rows;
	char		*cause = NULL, *value, big[1100];
	size_t		 n;

	assert_int_equal(db_setting_get(fx->db, "submit.rate_per_minute",
	    &value, &cause), 1);
	assert_null(value);
	assert_ok(db_setting_set(fx->db, "submit.rate_per_minute", "5", "cli",
	    &cause));
	assert_ok(db_setting_get(fx->db, "submit.rate_per_minute", &value,
	    &cause));
	assert_string_equal(value, "5");
	free(value);
	assert_ok(db_setting_set(fx->db, "submit.rate_per_minute", "7", "cli",
	    &cause));
	/* Back to the default: no row. */
	assert_ok(db_setting_set(fx->db, "submit.rate_per_minute", NULL, "cli",
	    &cause));
	assert_int_equal(db_setting_get(fx->db, "submit.rate_per_minute",
	    &value, &cause), 1);
	/* Each change is audited with the old and new value, newest first. */
	assert_ok(db_audit(fx->db, "cli", "config_set", "x", NULL, &cause));
	assert_ok(db_audit_list(fx->db, "config.", 0, 0, &rows, &n, &cause));
	assert_int_equal(n, 3);
	assert_string_equal(rows[0].detail, "7 -> (default)");
	assert_string_equal(rows[1].detail, "5 -> 7");
	assert_string_equal(rows[2].detail, "(default) -> 5");
	assert_string_equal(rows[2].actor, "cli");
	assert_string_equal(rows[2].target, "submit.rate_per_minute");
	assert_true(rows[0].id > rows[1].id && rows[0].at > 0);
	db_audit_free(rows, n);
	assert_ok(db_audit_list(fx->db, NULL, 0, 2, &rows, &n, &cause));
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].action, "config_set");
	db_audit_free(rows, n);

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_fails(db_setting_set(fx->db, "k", big, "cli", CAUSE),
	    "over 1024 bytes");
	assert_fails(db_setting_set(fx->db, "", "1", "cli", CAUSE), "empty");
	assert_int_equal(db_setting_get(fx->db, "k", &value, &cause), 1);
}

static void
test_db_submit_rejects(void **state)
{
	struct fx		*fx = *state;
	struct db_submit	 s = { "alice", "nope", "c", "a.c", "x", 1, 0 };
	struct db_submission	*list;
	char			*cause = NULL;
	int64_t			 id;
	size_t			 n;

	fx_problem(fx->db, "hello", 1);
	assert_fails(db_submit(fx->db, &s, &id, CAUSE), "no problem 'nope'");
	s.problem = "hello";
	s.language = "c c";
	assert_fails(db_submit(fx->db, &s, &id, CAUSE), "language 'c c'");
	s.language = "c";
	s.filename = "a\x1b.c";
	assert_fails(db_submit(fx->db, &s, &id, CAUSE), "file name: control");
	s.filename = "a.c";
	s.user = "";
	assert_fails(db_submit(fx->db, &s, &id, CAUSE), "user: empty");

	/* Nothing of the failed ones, not even their user. */
	assert_ok(db_list(fx->db, &(struct db_filter){ .status = -1 },
	    &list, &n, &cause));
	assert_int_equal(n, 0);
	assert_int_equal(db_user_get(fx->db, "alice", 0, &id, &cause), 1);

	s.user = "alice";
	s.source_len = 0;
	assert_ok(db_submit(fx->db, &s, &id, &cause));
	assert_ok(db_result(fx->db, id, &list, &cause));
	assert_int_equal(list->source_len, 0);
	assert_int_equal(list->status, DB_QUEUED);
	assert_int_equal(list->verdict, DB_VERDICT_NONE);
	db_submission_free(list);
}

static void
test_db_list_filters(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*l;
	struct db_job		 job;
	struct db_filter	 f;
	char			*cause = NULL;
	size_t			 n;
	int64_t			 ids[5];

	fx_problem(fx->db, "hello", 1);
	fx_problem(fx->db, "world", 1);
	ids[0] = fx_submit(fx->db, "alice", "hello", 0);
	ids[1] = fx_submit(fx->db, "bob", "hello", 0);
	ids[2] = fx_submit(fx->db, "alice", "world", 0);
	ids[3] = fx_submit(fx->db, "bob", "world", 0);
	ids[4] = fx_submit(fx->db, "alice", "hello", 0);
	/* ids[0] WA, ids[1] AC, ids[2] judging, the rest queued. */
	assert_ok(db_claim(fx->db, "w", 60000, &job, &cause));
	assert_ok(fx_finish(fx->db, &job, DB_WA, &cause));
	db_job_free(&job);
	assert_ok(db_claim(fx->db, "w", 60000, &job, &cause));
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_ok(db_claim(fx->db, "w", 60000, &job, &cause));
	assert_int_equal(job.id, ids[2]);

	memset(&f, 0, sizeof f);
	f.status = -1;
	f.user = "alice";
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 3);
	assert_int_equal(l[0].id, ids[0]);
	assert_int_equal(l[0].verdict, DB_WA);
	assert_int_equal(l[1].status, DB_JUDGING);
	assert_string_equal(l[1].lease_owner, "w");
	assert_int_equal(l[2].id, ids[4]);
	db_submissions_free(l, n);

	f.problem = "hello";
	f.newest_first = 1;
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, ids[4]);
	assert_string_equal(l[0].problem, "hello");
	db_submissions_free(l, n);

	memset(&f, 0, sizeof f);
	f.status = DB_QUEUED;
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 2);
	db_submissions_free(l, n);
	f.status = DB_DONE;
	f.verdict = DB_AC;
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 1);
	assert_int_equal(l[0].id, ids[1]);
	assert_string_equal(l[0].user, "bob");
	assert_int_equal(l[0].max_cpu_ms, 10);
	db_submissions_free(l, n);

	memset(&f, 0, sizeof f);
	f.status = -1;
	f.after_id = ids[1];
	f.limit = 2;
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 2);
	assert_int_equal(l[0].id, ids[2]);
	assert_int_equal(l[1].id, ids[3]);
	db_submissions_free(l, n);

	f.user = "nobody";
	f.limit = 0;
	assert_ok(db_list(fx->db, &f, &l, &n, &cause));
	assert_int_equal(n, 0);

	assert_ok(fx_finish(fx->db, &job, DB_TLE, &cause));
	db_job_free(&job);
}

static void
test_db_result_runs_and_flags(void **state)
{
	struct fx		*fx = *state;
	struct db_problem	*p;
	struct db_submission	*s;
	struct db_run		 runs[3];
	struct db_flag		 flags[2];
	struct db_result	 r;
	struct db_job		 job;
	char			*cause = NULL;
	int64_t			 pid, sid;

	pid = fx_problem(fx->db, "hello", 3);
	sid = fx_submit(fx->db, "alice", "hello", 0);
	assert_ok(db_problem_load(fx->db, pid, 0, &p, &cause));
	assert_ok(db_claim(fx->db, "w", 60000, &job, &cause));
	assert_int_equal(job.attempt, 1);
	assert_string_equal(job.user, "alice");
	assert_string_equal(job.problem, "hello");
	assert_string_equal(job.language, "c");
	assert_string_equal(job.filename, "sol.c");
	assert_string_equal(job.source, "int main(void) { return 0; }\n");

	memset(runs, 0, sizeof runs);
	runs[0] = (struct db_run){ .testcase_id = p->cases[0].id,
	    .verdict = DB_AC, .cpu_ms = 5, .wall_ms = 6, .memory_kb = 700,
	    .exit_code = 0, .score = 1 };
	runs[1] = (struct db_run){ .testcase_id = p->cases[1].id,
	    .verdict = DB_RTE, .cpu_ms = 7, .wall_ms = 8, .memory_kb = 900,
	    .exit_code = -1, .signal = 11,
	    .checker_message = "bad \x1b]0;owned\x07 \xff end",
	    .output_excerpt = "line1\nline2\ttab\r" };
	runs[2] = (struct db_run){ .testcase_id = p->cases[2].id,
	    .verdict = DB_SK, .exit_code = -1 };
	memset(flags, 0, sizeof flags);
	flags[0] = (struct db_flag){ DB_FLAG_STATIC, "net.socket", "network",
	    DB_SEV_HIGH, DB_ACTION_FLAG, "socket() call", 12, 0 };
	flags[1] = (struct db_flag){ DB_FLAG_RUNTIME, "sv.ptrace", NULL,
	    DB_SEV_MEDIUM, DB_ACTION_REJECT, NULL, 0, 0 };
	memset(&r, 0, sizeof r);
	r.problem_id = pid;
	r.verdict = DB_RTE;
	r.score = 0;
	r.compile_output = "warning: unused\n";
	r.max_cpu_ms = 7;
	r.max_memory_kb = 900;
	r.runs = runs;
	r.nruns = 3;
	r.flags = flags;
	r.nflags = 2;
	assert_ok(db_finish(fx->db, &job, &r, &cause));
	db_job_free(&job);

	assert_ok(db_result(fx->db, sid, &s, &cause));
	assert_int_equal(s->status, DB_DONE);
	assert_int_equal(s->verdict, DB_RTE);
	assert_int_equal(s->attempts, 1);
	assert_null(s->lease_owner);
	assert_string_equal(s->compile_output, "warning: unused\n");
	assert_int_equal(s->max_memory_kb, 900);
	assert_true(s->judged_at > 0);
	assert_int_equal(s->nruns, 3);
	assert_string_equal(s->runs[0].testcase, "sample/001");
	assert_string_equal(s->runs[0].group, "sample");
	assert_int_equal(s->runs[0].exit_code, 0);
	assert_int_equal(s->runs[0].signal, 0);
	assert_null(s->runs[0].checker_message);
	assert_int_equal(s->runs[1].verdict, DB_RTE);
	assert_int_equal(s->runs[1].exit_code, -1);
	assert_int_equal(s->runs[1].signal, 11);
	assert_string_equal(s->runs[1].checker_message,
	    "bad \xef\xbf\xbd]0;owned\xef\xbf\xbd \xef\xbf\xbd end");
	assert_string_equal(s->runs[1].output_excerpt,
	    "line1\nline2\ttab\xef\xbf\xbd");
	assert_int_equal(s->runs[2].verdict, DB_SK);
	assert_int_equal(s->nflags, 2);
	assert_string_equal(s->flags[0].rule_id, "net.socket");
	assert_int_equal(s->flags[0].severity, DB_SEV_HIGH);
	assert_int_equal(s->flags[0].line, 12);
	assert_string_equal(s->flags[1].category, "");
	assert_int_equal(s->flags[1].source, DB_FLAG_RUNTIME);
	assert_int_equal(s->flags[1].action, DB_ACTION_REJECT);
	assert_true(s->flags[1].created_at > 0);
	db_submission_free(s);
	db_problem_free(p);

	assert_int_equal(db_result(fx->db, sid + 1, &s, &cause), 1);
	assert_null(s);
}

static void
test_db_flag_add(void **state)
{
	struct fx		*fx = *state;
	struct db_flag		 f = { DB_FLAG_STATIC, "miner.stratum", "mining",
	    DB_SEV_HIGH, DB_ACTION_REJECT, "stratum+tcp:// URL", 3, 0 };
	struct db_submission	*s;
	char			*cause = NULL;
	int64_t			 sid;

	fx_problem(fx->db, "hello", 1);
	sid = fx_submit(fx->db, "alice", "hello", 0);
	assert_ok(db_flag_add(fx->db, sid, &f, &cause));
	assert_fails(db_flag_add(fx->db, sid + 1, &f, CAUSE), "no submission");
	f.rule_id = "";
	assert_fails(db_flag_add(fx->db, sid, &f, CAUSE), "no rule id");
	f.rule_id = "x";
	f.severity = 7;
	assert_fails(db_flag_add(fx->db, sid, &f, CAUSE), "bad source");
	assert_ok(db_result(fx->db, sid, &s, &cause));
	assert_int_equal(s->nflags, 1);
	assert_string_equal(s->flags[0].message, "stratum+tcp:// URL");
	db_submission_free(s);
}

#define T(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		T(test_db_problem_import_versions),
		T(test_db_problem_load),
		T(test_db_problem_import_rejects),
		T(test_db_user_ban),
		T(test_db_settings),
		T(test_db_user_counts),
		T(test_db_submit_rejects),
		T(test_db_list_filters),
		T(test_db_result_runs_and_flags),
		T(test_db_flag_add),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
