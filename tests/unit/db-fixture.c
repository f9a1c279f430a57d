/* SPDX-License-Identifier: ISC */
/*
 * The db unit tests' fixture: a database file per test in a temporary
 * folder, integrity-checked and removed afterwards, and small builders.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "sbx.h"
#include "db-fixture.h"

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

int
fx_setup(void **state)
{
	struct fx	*fx;
	char		*cause = NULL;

	fx = xcalloc(1, sizeof *fx);
	snprintf(fx->dir, sizeof fx->dir, "/tmp/test-db.XXXXXX");
	if (mkdtemp(fx->dir) == NULL) {
		free(fx);
		return (-1);
	}
	snprintf(fx->path, sizeof fx->path, "%s/gavel.db", fx->dir);
	if (db_open(fx->path, 0, &fx->db, &cause) == -1) {
		fprintf(stderr, "fx_setup: %s\n", cause);
		free(cause);
		nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		free(fx);
		return (-1);
	}
	*state = fx;
	return (0);
}

int
fx_teardown(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;
	int		 rc = 0;
	struct stat	 sb;

	/* Tests that close the database leave it for this check too. */
	if (fx->db == NULL && stat(fx->path, &sb) == 0 &&
	    db_open(fx->path, DB_NOCREATE, &fx->db, &cause) == -1) {
		fprintf(stderr, "reopening after the test: %s\n", cause);
		free(cause);
		cause = NULL;
		rc = -1;
	}
	if (fx->db != NULL && db_integrity_check(fx->db, &cause) == -1) {
		fprintf(stderr, "integrity check after the test: %s\n", cause);
		free(cause);
		rc = -1;
	}
	db_close(fx->db);
	nftw(fx->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fx);
	return (rc);
}

int64_t
fx_problem(struct db *db, const char *short_name, size_t ncases)
{
	struct db_testgroup	 groups[2];
	struct db_testcase	*cases;
	struct db_problem	 p;
	char			**names, *cause = NULL;
	size_t			 i;

	memset(groups, 0, sizeof groups);
	groups[0].path = "sample";
	groups[0].accept_score = 0;
	groups[1].path = "secret";
	groups[1].accept_score = 100;
	cases = xcalloc(ncases, sizeof *cases);
	names = xcalloc(ncases, sizeof *names);
	for (i = 0; i < ncases; i++) {
		cases[i].group = i == 0 ? "sample" : "secret";
		cases[i].is_sample = i == 0;
		xasprintf(&names[i], "%s/%03zu", cases[i].group, i + 1);
		cases[i].name = names[i];
		cases[i].input = "1 2\n";
		cases[i].input_len = 4;
		cases[i].answer = "3\n";
		cases[i].answer_len = 2;
	}
	memset(&p, 0, sizeof p);
	p.short_name = short_name;
	p.name = "A Test Problem";
	p.type = DB_PASS_FAIL;
	p.time_limit_ms = 1000;
	p.memory_bytes = 256 << 20;
	p.output_bytes = 8 << 20;
	p.groups = groups;
	p.ngroups = 2;
	p.cases = cases;
	p.ncases = ncases;
	if (db_problem_import(db, &p, &cause) == -1)
		fail_msg("fx_problem %s: %s", short_name, cause);
	for (i = 0; i < ncases; i++)
		free(names[i]);
	free(names);
	free(cases);
	assert_true(p.id > 0);
	return (p.id);
}

int64_t
fx_submit(struct db *db, const char *user, const char *problem, int priority)
{
	struct db_submit	 s;
	char			*cause = NULL;
	int64_t			 id = 0;

	memset(&s, 0, sizeof s);
	s.user = user;
	s.problem = problem;
	s.language = "c";
	s.filename = "sol.c";
	s.source = "int main(void) { return 0; }\n";
	s.source_len = strlen(s.source);
	s.priority = priority;
	if (db_submit(db, &s, &id, &cause) == -1)
		fail_msg("fx_submit: %s", cause);
	assert_true(id > 0);
	return (id);
}

int
fx_finish(struct db *db, const struct db_job *job, enum db_verdict v,
    char **cause)
{
	struct db_problem	*p;
	struct db_run		*runs;
	struct db_result	 r;
	size_t			 i;
	int			 rc;

	assert_int_equal(db_problem_load(db, job->problem_id, 0, &p, cause),
	    0);
	runs = xcalloc(p->ncases, sizeof *runs);
	for (i = 0; i < p->ncases; i++) {
		runs[i].testcase_id = p->cases[i].id;
		if (v == DB_AC)
			runs[i].verdict = DB_AC;
		else
			runs[i].verdict = i == 0 ? v : DB_SK;
		runs[i].cpu_ms = 10 + i;
		runs[i].wall_ms = 20 + i;
		runs[i].memory_kb = 1000 + i;
		runs[i].exit_code = 0;
		runs[i].score = v == DB_AC ? 1 : 0;
	}
	memset(&r, 0, sizeof r);
	r.problem_id = job->problem_id;
	r.verdict = v;
	r.score = v == DB_AC ? 100 : 0;
	r.max_cpu_ms = 10 + p->ncases - 1;
	r.max_memory_kb = 1000 + p->ncases - 1;
	r.runs = runs;
	r.nruns = p->ncases;
	rc = db_finish(db, job, &r, cause);
	free(runs);
	db_problem_free(p);
	return (rc);
}

int64_t
fx_claim(struct db *db, const char *worker, int64_t lease_ms,
    struct db_job *job)
{
	char	*cause = NULL;

	assert_ok(db_claim(db, worker, lease_ms, job, &cause));
	return (job->id);
}

size_t
fx_judgings(struct db *db, int64_t id)
{
	struct db_judging	*h;
	char			*cause = NULL;
	size_t			 n;

	assert_ok(db_history(db, id, &h, &n, &cause));
	db_history_free(h, n);
	return (n);
}

struct db_submission *
fx_result(struct db *db, int64_t id)
{
	struct db_submission	*s;
	char			*cause = NULL;

	assert_ok(db_result(db, id, &s, &cause));
	return (s);
}

uint32_t
fx_header_get(const char *path, off_t offset)
{
	unsigned char	b[4];
	int		fd;

	assert_true((fd = open(path, O_RDONLY)) != -1);
	assert_int_equal(pread(fd, b, 4, offset), 4);
	close(fd);
	return ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3]);
}

void
fx_header_put(const char *path, off_t offset, uint32_t v)
{
	unsigned char	b[4];
	int		fd;

	b[0] = v >> 24;
	b[1] = v >> 16;
	b[2] = v >> 8;
	b[3] = v;
	assert_true((fd = open(path, O_WRONLY)) != -1);
	assert_int_equal(pwrite(fd, b, 4, offset), 4);
	assert_int_equal(close(fd), 0);
}

void
fx_sleep_ms(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}
