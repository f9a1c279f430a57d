/* SPDX-License-Identifier: ISC */
/*
 * db-fill FILE: make a small database through the db_* API (two problems,
 * a re-import, three users, judged, rejected, rejudged and queued
 * submissions) for db-views.sh and the examples of db/README.md.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"
#include "db/db.h"

static struct db	*db;

static void __attribute__((noreturn))
die(const char *what, char *cause)
{
	fprintf(stderr, "db-fill: %s: %s\n", what, cause);
	free(cause);
	exit(1);
}

/* Import short_name with one sample and ncases - 1 secret tests. */
static void
import(const char *short_name, const char *name, enum db_ptype type,
    size_t ncases, int with_groups)
{
	struct db_testgroup	 g[4];
	struct db_testcase	 t[8];
	struct db_problem	 p;
	char			 names[8][32], *cause = NULL;
	size_t			 i;

	memset(g, 0, sizeof g);
	g[0].path = "sample";
	g[1].path = "secret";
	g[2].path = "secret/g1";
	g[2].accept_score = 40;
	g[2].grader_flags = "min";
	g[3].path = "secret/g2";
	g[3].accept_score = 60;
	g[3].grader_flags = "min";
	memset(t, 0, sizeof t);
	for (i = 0; i < ncases && i < 8; i++) {
		if (i == 0)
			t[i].group = "sample";
		else if (!with_groups)
			t[i].group = "secret";
		else
			t[i].group = i % 2 ? "secret/g1" : "secret/g2";
		snprintf(names[i], sizeof names[i], "%s/%zu", t[i].group, i);
		t[i].name = names[i];
		t[i].is_sample = i == 0;
		t[i].input = "2 3\n";
		t[i].input_len = 4;
		t[i].answer = "5\n";
		t[i].answer_len = 2;
	}
	memset(&p, 0, sizeof p);
	p.short_name = short_name;
	p.name = name;
	p.type = type;
	p.time_limit_ms = 1000;
	p.memory_bytes = 256 << 20;
	p.output_bytes = 8 << 20;
	p.groups = g;
	p.ngroups = with_groups ? 4 : 2;
	p.cases = t;
	p.ncases = ncases;
	if (db_problem_import(db, &p, &cause) == -1)
		die(short_name, cause);
	if (db_audit(db, "db-fill", "problem.add", short_name, "", &cause) == -1)
		die("audit", cause);
}

static int64_t
submit(const char *user, const char *problem, const char *language)
{
	struct db_submit	 s;
	char			*cause = NULL;
	int64_t			 id;

	memset(&s, 0, sizeof s);
	s.user = user;
	s.problem = problem;
	s.language = language;
	s.filename = strcmp(language, "python3") == 0 ? "sol.py" : "sol.c";
	s.source = "print(sum(map(int, input().split())))\n";
	s.source_len = strlen(s.source);
	if (db_submit(db, &s, &id, &cause) == -1)
		die("submit", cause);
	return (id);
}

/*
 * Claim the next submission (it must be id) and finish it: tests pass
 * until the first failing one (fail_at, 0 = none), the rest skipped.
 */
static void
judge(int64_t id, enum db_verdict verdict, double score, size_t fail_at,
    const struct db_flag *flags, size_t nflags)
{
	struct db_problem	*p;
	struct db_run		 runs[8];
	struct db_result	 r;
	struct db_job		 job;
	char			*cause = NULL;
	size_t			 i;

	if (db_claim(db, "fill-1", 60000, &job, &cause) == -1)
		die("claim", cause);
	if (job.id != id) {
		fprintf(stderr, "db-fill: claimed %lld, not %lld\n",
		    (long long)job.id, (long long)id);
		exit(1);
	}
	if (db_problem_load(db, job.problem_id, 0, &p, &cause) != 0)
		die("load", cause);
	memset(runs, 0, sizeof runs);
	for (i = 0; i < p->ncases && i < 8 && verdict != DB_RJ; i++) {
		runs[i].testcase_id = p->cases[i].id;
		runs[i].cpu_ms = 3 + i;
		runs[i].wall_ms = 5 + i;
		runs[i].memory_kb = 1024;
		if (fail_at == 0 || i + 1 < fail_at)
			runs[i].verdict = DB_AC;
		else if (i + 1 == fail_at)
			runs[i].verdict = verdict;
		else {
			runs[i].verdict = DB_SK;
			runs[i].exit_code = -1;
			continue;
		}
		if (runs[i].verdict == DB_WA)
			runs[i].checker_message = "line 1: expected 5, got 6";
	}
	memset(&r, 0, sizeof r);
	r.problem_id = job.problem_id;
	r.verdict = verdict;
	r.score = score;
	r.max_cpu_ms = verdict == DB_RJ ? 0 : 3 + i - 1;
	r.max_memory_kb = verdict == DB_RJ ? 0 : 1024;
	r.runs = runs;
	r.nruns = i;
	r.flags = flags;
	r.nflags = nflags;
	if (verdict == DB_RJ)
		r.message = "rejected by the analyzer";
	if (db_finish(db, &job, &r, &cause) == -1)
		die("finish", cause);
	db_job_free(&job);
	db_problem_free(p);
}

int
main(int argc, char **argv)
{
	static const struct db_flag	 miner[] = {
		{ DB_FLAG_STATIC, "mining.stratum", "mining", DB_SEV_HIGH,
		    DB_ACTION_REJECT, "stratum+tcp:// pool address", 4, 0 },
		{ DB_FLAG_STATIC, "net.socket", "network", DB_SEV_MEDIUM,
		    DB_ACTION_FLAG, "socket() call", 7, 0 },
	};
	static const struct db_flag	 fork_flag = { DB_FLAG_RUNTIME,
	    "sv.fork", "process", DB_SEV_LOW, DB_ACTION_FLAG,
	    "fork() blocked by seccomp", 0, 0 };
	struct db_filter		 f;
	char				*cause = NULL;
	int64_t				 s[8], n;

	if (argc != 2) {
		fprintf(stderr, "usage: db-fill FILE\n");
		return (2);
	}
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "db-fill: %s exists\n", argv[1]);
		return (1);
	}
	if (db_open(argv[1], 0, &db, &cause) == -1)
		die("open", cause);

	import("hello", "Hello Sum", DB_PASS_FAIL, 3, 0);
	import("groups", "Scoring Groups", DB_SCORING, 5, 1);
	s[0] = submit("alice", "hello", "c");
	s[1] = submit("bob", "hello", "python3");
	judge(s[0], DB_AC, 1, 0, NULL, 0);
	judge(s[1], DB_WA, 0, 2, NULL, 0);

	/* A fixed package: hello version 2, one more test. */
	import("hello", "Hello Sum", DB_PASS_FAIL, 4, 0);
	s[2] = submit("bob", "hello", "python3");
	s[3] = submit("alice", "groups", "c");
	s[4] = submit("bob", "groups", "c");
	s[5] = submit("carol", "hello", "c");
	judge(s[2], DB_AC, 1, 0, NULL, 0);
	judge(s[3], DB_WA, 40, 2, &fork_flag, 1);
	judge(s[4], DB_AC, 100, 0, NULL, 0);
	judge(s[5], DB_RJ, 0, 0, miner, 2);
	if (db_user_ban(db, "carol", "crypto-mining submission", &cause) == -1)
		die("ban", cause);
	if (db_audit(db, "db-fill", "user.ban", "carol", "submission 6",
	    &cause) == -1)
		die("audit", cause);

	/* A rejudge of bob's first hello, on version 2 now. */
	memset(&f, 0, sizeof f);
	f.id = s[1];
	if (db_requeue(db, &f, 5, &n, &cause) == -1)
		die("requeue", cause);
	judge(s[1], DB_WA, 0, 3, NULL, 0);

	/* Left in the queue. */
	s[6] = submit("alice", "hello", "c");
	s[7] = submit("carol", "groups", "c");

	if (db_integrity_check(db, &cause) == -1)
		die("integrity", cause);
	db_close(db);
	return (0);
}
