/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the judging queue with other connections and processes: a
 * reader's snapshot, a busy writer, and several judges on one file.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
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

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* ------------------------------------------------------------------ */
/* Other connections and processes                                      */
/* ------------------------------------------------------------------ */

static void
test_db_claim_with_reader(void **state)
{
	struct fx		*fx = *state;
	struct db_queue_counts	 c;
	struct db		*rd;
	struct db_job		 job;
	char			*cause = NULL;

	fx_problem(fx->db, "hello", 2);
	fx_submit(fx->db, "u", "hello", 0);
	assert_ok(db_open(fx->path, DB_READONLY, &rd, &cause));
	assert_ok(db_begin(rd, DB_TX_READ, &cause));
	assert_ok(db_queue_counts(rd, &c, &cause));
	assert_int_equal(c.queued, 1);

	/* WAL: a writer goes on while the reader holds its snapshot. */
	assert_int_not_equal(fx_claim(fx->db, "w", 60000, &job), 0);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_ok(db_queue_counts(rd, &c, &cause));
	assert_int_equal(c.queued, 1);
	assert_int_equal(c.done, 0);
	db_rollback(rd);
	assert_ok(db_queue_counts(rd, &c, &cause));
	assert_int_equal(c.queued, 0);
	assert_int_equal(c.done, 1);
	assert_ok(db_integrity_check(rd, &cause));
	db_close(rd);
}

static void
test_db_claim_busy(void **state)
{
	struct fx		*fx = *state;
	struct db_queue_counts	 qc;
	struct db_job		 job, other;
	struct db		*db;
	char			*cause = NULL, c;
	int			 up[2], down[2], st;
	int64_t			 t0;
	pid_t			 pid;

	fx_problem(fx->db, "hello", 1);
	fx_submit(fx->db, "u", "hello", 0);
	fx_submit(fx->db, "u", "hello", 0);
	fx_claim(fx->db, "w1", 60000, &job);
	/* No connection crosses a fork. */
	db_close(fx->db);
	fx->db = NULL;

	assert_int_equal(pipe(up), 0);
	assert_int_equal(pipe(down), 0);
	if ((pid = fork()) == 0) {
		/*
		 * Another process holds the write lock until told, or until
		 * the test is gone (EOF), or 60 s at most.
		 */
		alarm(60);
		close(up[0]);
		close(down[1]);
		if (db_open(fx->path, 0, &db, NULL) == -1 ||
		    db_begin(db, DB_TX_WRITE, NULL) == -1)
			_exit(1);
		if (write(up[1], "l", 1) != 1 || read(down[0], &c, 1) != 1)
			_exit(1);
		db_rollback(db);
		db_close(db);
		_exit(0);
	}
	assert_true(pid > 0);
	close(up[1]);
	close(down[0]);
	assert_int_equal(read(up[0], &c, 1), 1);
	assert_ok(db_open(fx->path, 0, &fx->db, &cause));
	db_set_busy_timeout(fx->db, 200);

	t0 = now_ms();
	assert_fails(db_claim(fx->db, "w2", 60000, &other, CAUSE),
	    "database is busy: another process held its lock for more than "
	    "200 ms");
	assert_true(now_ms() - t0 >= 190);
	assert_int_equal(other.id, 0);
	assert_fails(fx_finish(fx->db, &job, DB_AC, CAUSE), "busy");
	/* Readers are not blocked, and nothing was half-written. */
	assert_ok(db_queue_counts(fx->db, &qc, &cause));
	assert_int_equal(qc.queued, 1);
	assert_int_equal(qc.judging, 1);
	assert_int_equal(fx_judgings(fx->db, job.id), 0);

	assert_int_equal(write(down[1], "u", 1), 1);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	assert_int_not_equal(fx_claim(fx->db, "w2", 60000, &other), 0);
	assert_ok(fx_finish(fx->db, &other, DB_AC, &cause));
	db_job_free(&job);
	db_job_free(&other);
	close(up[0]);
	close(down[1]);
}

/*
 * Several judge processes on one file: 200 submissions, 4 workers that
 * claim and finish in a loop, some dying while they hold a lease (some
 * in the middle of a write), each dead one replaced. Every submission
 * must end done once: one judging, one set of runs, attempts matching
 * the claims made.
 */
#define MP_SUBS		200
#define MP_WORKERS	4
#define MP_TESTS	3

struct mp_report {
	int	claims;
	int	finishes;
	int	died;
	char	error[240];
};

/* How many times the worker holding submission n (1..) dies on it. */
static int
mp_deaths(int64_t n)
{
	if (n % 67 == 0)
		return (3);		/* every attempt: it ends as IE */
	if (n % 50 == 0)
		return (2);
	if (n % 10 == 0)
		return (1);
	return (0);
}

static void __attribute__((noreturn))
mp_exit(int fd, struct mp_report *rep, int code, char *cause)
{
	if (cause != NULL)
		snprintf(rep->error, sizeof rep->error, "%s", cause);
	if (write(fd, rep, sizeof *rep) != sizeof *rep)
		_exit(4);
	_exit(code);
}

static void __attribute__((noreturn))
mp_worker(const char *path, int fd, int n, int64_t first)
{
	static const struct db_flag	 flag = { DB_FLAG_RUNTIME, "mp.flag",
	    "test", DB_SEV_LOW, DB_ACTION_FLAG, "flagged", 0, 0 };
	static const struct db_flag	 half = { DB_FLAG_RUNTIME, "mp.half",
	    "test", DB_SEV_LOW, DB_ACTION_FLAG, "never committed", 0, 0 };
	struct mp_report		 rep;
	struct db_queue_counts		 qc;
	struct db_problem		*p = NULL;
	struct db_run			 runs[MP_TESTS];
	struct db_result		 r;
	struct db_job			 job;
	struct db			*db;
	char				 worker[64], *cause = NULL;
	size_t				 i;

	/* Never outlive a test that went wrong. */
	alarm(120);
	memset(&rep, 0, sizeof rep);
	snprintf(worker, sizeof worker, "w%d-%ld", n, (long)getpid());
	if (db_open(path, DB_NOCREATE, &db, &cause) == -1)
		mp_exit(fd, &rep, 2, cause);
	for (;;) {
		if (db_claim(db, worker, 10000, &job, &cause) == -1)
			mp_exit(fd, &rep, 2, cause);
		if (job.id == 0) {
			if (db_queue_counts(db, &qc, &cause) == -1)
				mp_exit(fd, &rep, 2, cause);
			if (qc.queued == 0 && qc.judging == 0)
				mp_exit(fd, &rep, 0, NULL);
			fx_sleep_ms(5);
			continue;
		}
		rep.claims++;
		if (job.attempt <= mp_deaths(job.id - first + 1)) {
			/* Die holding it; a short lease keeps the test quick. */
			if (db_renew(db, &job, 50, &cause) == -1)
				mp_exit(fd, &rep, 2, cause);
			rep.died = 1;
			if (job.id % 20 == 0 &&
			    (db_begin(db, DB_TX_WRITE, &cause) == -1 ||
			    db_flag_add(db, job.id, &half, &cause) == -1))
				mp_exit(fd, &rep, 2, cause);
			mp_exit(fd, &rep, 3, NULL);
		}
		if (job.id % 7 == 0 && db_renew(db, &job, 10000, &cause) == -1)
			mp_exit(fd, &rep, 2, cause);

		if (p == NULL && db_problem_load(db, job.problem_id, 0, &p,
		    &cause) != 0)
			mp_exit(fd, &rep, 2, cause);
		memset(runs, 0, sizeof runs);
		for (i = 0; i < MP_TESTS && i < p->ncases; i++) {
			runs[i].testcase_id = p->cases[i].id;
			runs[i].verdict = DB_AC;
			runs[i].cpu_ms = (uint64_t)job.id;
			runs[i].exit_code = 0;
		}
		memset(&r, 0, sizeof r);
		r.problem_id = job.problem_id;
		r.verdict = DB_AC;
		r.score = 1;
		r.runs = runs;
		r.nruns = i;
		r.flags = &flag;
		r.nflags = job.id % 13 == 0;
		if (db_finish(db, &job, &r, &cause) == -1)
			mp_exit(fd, &rep, 2, cause);
		rep.finishes++;
		db_job_free(&job);
	}
}

static pid_t
mp_spawn(const char *path, int fd, int n, int64_t first)
{
	pid_t	pid;

	if ((pid = fork()) == 0)
		mp_worker(path, fd, n, first);
	assert_true(pid > 0);
	return (pid);
}

static void
test_db_queue_multiprocess(void **state)
{
	struct fx		*fx = *state;
	struct mp_report	 rep;
	struct db_submission	*s;
	struct db_judging	*h;
	struct db_queue_counts	 qc;
	char			*cause = NULL;
	int64_t			 first = 0, id, deadline;
	int			 fds[2], live, spawned, st, k, deaths, claims;
	int			 finishes, attempts, expect, nie;
	size_t			 n, i, j;
	pid_t			 pid;

	fx_problem(fx->db, "hello", MP_TESTS);
	for (k = 0; k < MP_SUBS; k++) {
		char	user[16];

		snprintf(user, sizeof user, "u%d", k % 10);
		id = fx_submit(fx->db, user, "hello", k % 5 == 0);
		if (k == 0)
			first = id;
		assert_int_equal(id, first + k);
	}
	db_close(fx->db);
	fx->db = NULL;

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	live = spawned = deaths = claims = finishes = 0;
	for (k = 0; k < MP_WORKERS; k++) {
		mp_spawn(fx->path, fds[1], spawned++, first);
		live++;
	}
	deadline = now_ms() + 120000;
	while (live > 0) {
		while (read(fds[0], &rep, sizeof rep) == sizeof rep) {
			if (rep.error[0] != '\0')
				fail_msg("worker: %s", rep.error);
			claims += rep.claims;
			finishes += rep.finishes;
			deaths += rep.died;
		}
		if ((pid = waitpid(-1, &st, WNOHANG)) == 0) {
			if (now_ms() > deadline)
				fail_msg("workers still running after 120 s");
			fx_sleep_ms(5);
			continue;
		}
		assert_true(pid > 0);
		live--;
		assert_true(WIFEXITED(st));
		if (WEXITSTATUS(st) == 3) {
			assert_true(spawned < 200);
			mp_spawn(fx->path, fds[1], spawned++, first);
			live++;
		} else
			assert_int_equal(WEXITSTATUS(st), 0);
	}
	close(fds[1]);
	while (read(fds[0], &rep, sizeof rep) == sizeof rep) {
		if (rep.error[0] != '\0')
			fail_msg("worker: %s", rep.error);
		claims += rep.claims;
		finishes += rep.finishes;
		deaths += rep.died;
	}
	close(fds[0]);

	assert_ok(db_open(fx->path, 0, &fx->db, &cause));
	assert_ok(db_queue_counts(fx->db, &qc, &cause));
	assert_int_equal(qc.done, MP_SUBS);
	assert_int_equal(qc.queued + qc.judging, 0);

	attempts = nie = 0;
	for (k = 0; k < MP_SUBS; k++) {
		id = first + k;
		expect = mp_deaths(k + 1) + 1;
		if (expect > DB_MAX_ATTEMPTS)
			expect = DB_MAX_ATTEMPTS;
		s = fx_result(fx->db, id);
		assert_int_equal(s->status, DB_DONE);
		if (s->attempts != expect)
			fail_msg("submission %d: %d attempts, not %d", k + 1,
			    s->attempts, expect);
		attempts += s->attempts;
		assert_ok(db_history(fx->db, id, &h, &n, &cause));
		assert_int_equal(n, 1);		/* judged exactly once */
		assert_true(h[0].current);
		if (mp_deaths(k + 1) >= DB_MAX_ATTEMPTS) {
			nie++;
			assert_int_equal(s->verdict, DB_IE);
			assert_int_equal(h[0].nruns, 0);
			assert_int_equal(s->nruns, 0);
		} else {
			assert_int_equal(s->verdict, DB_AC);
			assert_int_equal(h[0].nruns, MP_TESTS);
			assert_int_equal(s->nruns, MP_TESTS);
			for (i = 0; i < s->nruns; i++) {
				assert_int_equal(s->runs[i].cpu_ms, id);
				for (j = 0; j < i; j++)
					assert_int_not_equal(
					    s->runs[i].testcase_id,
					    s->runs[j].testcase_id);
			}
		}
		/* Flags: the committed one only, never a dead worker's. */
		assert_int_equal(s->nflags, s->verdict == DB_AC &&
		    id % 13 == 0);
		db_history_free(h, n);
		db_submission_free(s);
	}
	assert_int_equal(nie, 2);
	assert_int_equal(finishes, MP_SUBS - nie);
	assert_int_equal(claims, attempts);
	assert_int_equal(deaths, 16 * 1 + 4 * 2 + 2 * 3);
	assert_int_equal(spawned, MP_WORKERS + deaths);
}

#define T(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		T(test_db_claim_with_reader),
		T(test_db_claim_busy),
		T(test_db_queue_multiprocess),
	};

	/* A worker's death must not be the test's. */
	signal(SIGPIPE, SIG_IGN);
	return (cmocka_run_group_tests(tests, NULL, NULL));
}
