/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the judging queue in db/queue.c on real database files:
 * claim order, leases, attempts, holders, busy and concurrent processes.
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

static void
test_db_claim_empty(void **state)
{
	struct fx		*fx = *state;
	struct db_queue_counts	 c;
	struct db_job		 job;
	char			*cause = NULL;

	assert_int_equal(fx_claim(fx->db, "w1", 1000, &job), 0);
	assert_null(job.worker);
	assert_ok(db_queue_counts(fx->db, &c, &cause));
	assert_int_equal(c.queued + c.judging + c.done, 0);
	assert_fails(db_claim(fx->db, "", 1000, &job, CAUSE), "worker: empty");
	assert_fails(db_claim(fx->db, "w1", 0, &job, CAUSE), "lease of 0 ms");
}

static void
test_db_claim_order(void **state)
{
	struct fx	*fx = *state;
	struct db_job	 job;
	char		*cause = NULL;
	int64_t		 a, b, c, d, e;

	fx_problem(fx->db, "hello", 1);
	a = fx_submit(fx->db, "u", "hello", 0);
	b = fx_submit(fx->db, "u", "hello", 5);
	c = fx_submit(fx->db, "u", "hello", 0);
	d = fx_submit(fx->db, "u", "hello", 5);
	e = fx_submit(fx->db, "u", "hello", -1);
	/* Highest priority first, then the oldest. */
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), b);
	assert_int_equal(job.priority, 5);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), d);
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), a);
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), c);
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), e);
	db_job_free(&job);
	/* Everything is leased now. */
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), 0);
}

static void
test_db_claim_lease_expiry(void **state)
{
	struct fx		*fx = *state;
	struct db_job		 j1, j2;
	struct db_judging	*h;
	char			*cause = NULL;
	int64_t			 id;
	size_t			 n;

	fx_problem(fx->db, "hello", 2);
	id = fx_submit(fx->db, "u", "hello", 0);
	assert_int_equal(fx_claim(fx->db, "w1", 50, &j1), id);
	assert_int_equal(j1.attempt, 1);
	/* Held: nobody else gets it. */
	assert_int_equal(fx_claim(fx->db, "w2", 60000, &j2), 0);
	fx_sleep_ms(80);
	/* w1 died (as far as anyone can tell): w2 takes it, attempt 2. */
	assert_int_equal(fx_claim(fx->db, "w2", 60000, &j2), id);
	assert_int_equal(j2.attempt, 2);
	assert_string_equal(j2.worker, "w2");

	/* w1 comes back: everything it tries is refused, nothing written. */
	assert_fails(fx_finish(fx->db, &j1, DB_AC, CAUSE),
	    "lease lost: it is now held by w2 (attempt 2, ours was 1)");
	assert_fails(db_renew(fx->db, &j1, 60000, CAUSE), "lease lost");
	assert_fails(db_release(fx->db, &j1, CAUSE), "lease lost");
	assert_int_equal(fx_judgings(fx->db, id), 0);

	assert_ok(fx_finish(fx->db, &j2, DB_WA, &cause));
	assert_ok(db_history(fx->db, id, &h, &n, &cause));
	assert_int_equal(n, 1);
	assert_string_equal(h[0].worker, "w2");
	assert_int_equal(h[0].attempt, 2);
	assert_int_equal(h[0].verdict, DB_WA);
	assert_int_equal(h[0].nruns, 2);
	db_history_free(h, n);
	/* And once done, the old holder still can't write. */
	assert_fails(fx_finish(fx->db, &j1, DB_AC, CAUSE), "it is done now");
	db_job_free(&j1);
	db_job_free(&j2);
}

static void
test_db_claim_same_worker_again(void **state)
{
	struct fx	*fx = *state;
	struct db_job	 j1, j2;
	char		*cause = NULL;
	int64_t		 id;

	/* The lease is (worker, attempt): a worker that re-claims its own
	 * expired submission holds a new lease, and the old one is dead. */
	fx_problem(fx->db, "hello", 1);
	id = fx_submit(fx->db, "u", "hello", 0);
	assert_int_equal(fx_claim(fx->db, "w1", 20, &j1), id);
	fx_sleep_ms(40);
	assert_int_equal(fx_claim(fx->db, "w1", 60000, &j2), id);
	assert_int_equal(j2.attempt, 2);
	assert_fails(fx_finish(fx->db, &j1, DB_AC, CAUSE), "ours was 1");
	assert_ok(fx_finish(fx->db, &j2, DB_AC, &cause));
	assert_int_equal(fx_judgings(fx->db, id), 1);
	db_job_free(&j1);
	db_job_free(&j2);
}

static void
test_db_claim_max_attempts_ie(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_judging	*h;
	struct db_job		 j1, j2, j3;
	char			*cause = NULL;
	int64_t			 a, b;
	size_t			 n;

	fx_problem(fx->db, "hello", 2);
	a = fx_submit(fx->db, "u", "hello", 1);
	b = fx_submit(fx->db, "u", "hello", 0);
	db_set_max_attempts(fx->db, 2);
	assert_int_equal(fx_claim(fx->db, "w1", 20, &j1), a);
	fx_sleep_ms(40);
	assert_int_equal(fx_claim(fx->db, "w2", 20, &j2), a);
	assert_int_equal(j2.attempt, 2);
	fx_sleep_ms(40);
	/* Two claims and no result: a ends as IE, and w3 gets b instead. */
	assert_int_equal(fx_claim(fx->db, "w3", 60000, &j3), b);

	s = fx_result(fx->db, a);
	assert_int_equal(s->status, DB_DONE);
	assert_int_equal(s->verdict, DB_IE);
	assert_int_equal(s->attempts, 2);
	assert_int_equal(s->nruns, 0);
	assert_null(s->lease_owner);
	assert_non_null(strstr(s->message, "no result after 2 attempts"));
	assert_non_null(strstr(s->message, "held by w2"));
	db_submission_free(s);
	assert_ok(db_history(fx->db, a, &h, &n, &cause));
	assert_int_equal(n, 1);
	assert_int_equal(h[0].verdict, DB_IE);
	assert_int_equal(h[0].problem_id, 0);
	assert_true(h[0].current);
	db_history_free(h, n);

	/* Too late for w2 now. */
	assert_fails(fx_finish(fx->db, &j2, DB_AC, CAUSE), "lease lost");
	assert_ok(fx_finish(fx->db, &j3, DB_AC, &cause));
	db_job_free(&j3);
	assert_int_equal(fx_claim(fx->db, "w3", 60000, &j3), 0);
	db_job_free(&j1);
	db_job_free(&j2);
}

static void
test_db_renew(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_job		 job, other;
	char			*cause = NULL;
	int64_t			 before;

	fx_problem(fx->db, "hello", 1);
	fx_submit(fx->db, "u", "hello", 0);
	fx_claim(fx->db, "w1", 1000, &job);
	before = job.lease_expires;
	assert_ok(db_renew(fx->db, &job, 60000, &cause));
	assert_true(job.lease_expires >= before + 59000);
	s = fx_result(fx->db, job.id);
	assert_int_equal(s->lease_expires, job.lease_expires);
	db_submission_free(s);
	assert_fails(db_renew(fx->db, &job, 0, CAUSE), "lease of 0 ms");

	/* Somebody else's name on the same lease: refused. */
	other = job;
	other.worker = "w2";
	assert_fails(db_renew(fx->db, &other, 60000, CAUSE), "lease lost: it "
	    "is now held by w1");

	/* Expired but nobody took it: still ours to renew. */
	assert_ok(db_renew(fx->db, &job, 20, &cause));
	fx_sleep_ms(40);
	assert_ok(db_renew(fx->db, &job, 60000, &cause));
	assert_int_equal(fx_claim(fx->db, "w2", 60000, &other), 0);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
}

static void
test_db_release(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_job		 j1, j2;
	char			*cause = NULL;
	int64_t			 id;

	fx_problem(fx->db, "hello", 1);
	id = fx_submit(fx->db, "u", "hello", 0);
	assert_int_equal(fx_claim(fx->db, "w1", 60000, &j1), id);
	assert_ok(db_release(fx->db, &j1, &cause));
	s = fx_result(fx->db, id);
	assert_int_equal(s->status, DB_QUEUED);
	assert_int_equal(s->attempts, 0);
	assert_null(s->lease_owner);
	db_submission_free(s);

	/* A release costs no attempt. */
	assert_int_equal(fx_claim(fx->db, "w2", 60000, &j2), id);
	assert_int_equal(j2.attempt, 1);
	assert_fails(db_release(fx->db, &j1, CAUSE), "held by w2");
	assert_fails(fx_finish(fx->db, &j1, DB_AC, CAUSE), "lease lost");
	assert_ok(fx_finish(fx->db, &j2, DB_AC, &cause));
	assert_fails(db_release(fx->db, &j2, CAUSE), "it is done now");
	db_job_free(&j1);
	db_job_free(&j2);
}

static void
test_db_finish_non_holder(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_job		 job, forged;
	char			*cause = NULL;
	int64_t			 id;

	fx_problem(fx->db, "hello", 3);
	id = fx_submit(fx->db, "u", "hello", 0);
	fx_claim(fx->db, "w1", 60000, &job);
	forged = job;
	forged.worker = "w2";
	assert_fails(fx_finish(fx->db, &forged, DB_AC, CAUSE), "lease lost");
	forged.worker = job.worker;
	forged.attempt = 2;
	assert_fails(fx_finish(fx->db, &forged, DB_AC, CAUSE), "ours was 2");
	forged.id = id + 1;
	assert_fails(fx_finish(fx->db, &forged, DB_AC, CAUSE),
	    "no such submission");
	memset(&forged, 0, sizeof forged);
	assert_fails(db_finish(fx->db, &forged, &(struct db_result){
	    .verdict = DB_CE }, CAUSE), "not a claimed submission");

	/* Nothing of the refused ones is there. */
	assert_int_equal(fx_judgings(fx->db, id), 0);
	s = fx_result(fx->db, id);
	assert_int_equal(s->status, DB_JUDGING);
	assert_int_equal(s->verdict, DB_VERDICT_NONE);
	assert_int_equal(s->nruns, 0);
	db_submission_free(s);

	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	s = fx_result(fx->db, id);
	assert_int_equal(s->nruns, 3);
	db_submission_free(s);
	db_job_free(&job);
}

static void
test_db_finish_bad_input(void **state)
{
	struct fx		*fx = *state;
	struct db_problem	*p, *q;
	struct db_run		 runs[2];
	struct db_result	 r;
	struct db_job		 job;
	struct db_submission	*s;
	char			*cause = NULL;
	int64_t			 pid, qid, id;

	pid = fx_problem(fx->db, "hello", 2);
	qid = fx_problem(fx->db, "other", 1);
	id = fx_submit(fx->db, "u", "hello", 0);
	assert_ok(db_problem_load(fx->db, pid, 0, &p, &cause));
	assert_ok(db_problem_load(fx->db, qid, 0, &q, &cause));
	fx_claim(fx->db, "w1", 60000, &job);

	memset(runs, 0, sizeof runs);
	runs[0] = (struct db_run){ .testcase_id = p->cases[0].id,
	    .verdict = DB_AC, .exit_code = 0 };
	runs[1] = (struct db_run){ .testcase_id = q->cases[0].id,
	    .verdict = DB_AC, .exit_code = 0 };
	memset(&r, 0, sizeof r);
	r.problem_id = pid;
	r.verdict = DB_AC;
	r.runs = runs;
	r.nruns = 2;
	/* Caught after the judging row went in: all rolled back. */
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "is not a test of "
	    "problem version");
	runs[1].testcase_id = p->cases[0].id;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "has two runs");
	runs[1].testcase_id = p->cases[1].id;
	runs[1].verdict = DB_CE;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "not a test's "
	    "verdict");
	runs[1].verdict = DB_WA;
	r.verdict = DB_SK;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "not a submission's");
	r.verdict = DB_VERDICT_NONE;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "not a submission's");
	r.verdict = DB_WA;
	r.problem_id = 0;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "without the problem");
	r.problem_id = qid + 100;
	r.nruns = 0;
	assert_fails(db_finish(fx->db, &job, &r, CAUSE), "no problem version");
	assert_int_equal(fx_judgings(fx->db, id), 0);

	/* The lease survived all that. */
	r.problem_id = pid;
	r.nruns = 2;
	assert_ok(db_finish(fx->db, &job, &r, &cause));
	s = fx_result(fx->db, id);
	assert_int_equal(s->verdict, DB_WA);
	assert_int_equal(s->nruns, 2);
	assert_int_equal(s->runs[1].verdict, DB_WA);
	db_submission_free(s);
	db_job_free(&job);
	db_problem_free(p);
	db_problem_free(q);
}

static void
test_db_requeue(void **state)
{
	struct fx		*fx = *state;
	struct db_submission	*s;
	struct db_filter	 f;
	struct db_job		 job;
	char			*cause = NULL;
	int64_t			 a, b, c, d, n;

	fx_problem(fx->db, "hello", 1);
	fx_problem(fx->db, "world", 1);
	a = fx_submit(fx->db, "u", "hello", 0);
	b = fx_submit(fx->db, "u", "hello", 0);
	c = fx_submit(fx->db, "u", "world", 0);
	fx_claim(fx->db, "w", 60000, &job);
	assert_ok(fx_finish(fx->db, &job, DB_WA, &cause));
	db_job_free(&job);
	fx_claim(fx->db, "w", 60000, &job);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	fx_claim(fx->db, "w", 60000, &job);
	assert_ok(fx_finish(fx->db, &job, DB_WA, &cause));
	db_job_free(&job);
	d = fx_submit(fx->db, "u", "world", 0);

	memset(&f, 0, sizeof f);
	f.id = d;
	assert_fails(db_requeue(fx->db, &f, 0, &n, CAUSE), "is queued, not "
	    "done");
	f.id = d + 1;
	assert_fails(db_requeue(fx->db, &f, 0, &n, CAUSE), "no submission");

	/* By verdict: only the WA ones, ahead of d with their priority. */
	memset(&f, 0, sizeof f);
	f.verdict = DB_WA;
	assert_ok(db_requeue(fx->db, &f, 10, &n, &cause));
	assert_int_equal(n, 2);
	s = fx_result(fx->db, a);
	assert_int_equal(s->status, DB_QUEUED);
	assert_int_equal(s->verdict, DB_VERDICT_NONE);
	assert_int_equal(s->judging_id, 0);
	assert_int_equal(s->attempts, 0);
	assert_int_equal(s->priority, 10);
	assert_int_equal(s->nruns, 0);
	db_submission_free(s);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), a);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), c);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	assert_int_equal(fx_claim(fx->db, "w", 60000, &job), d);
	assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
	db_job_free(&job);
	/* History: the first result stays. */
	assert_int_equal(fx_judgings(fx->db, a), 2);
	assert_int_equal(fx_judgings(fx->db, b), 1);

	/* By problem: every done one of it. */
	memset(&f, 0, sizeof f);
	f.problem = "hello";
	assert_ok(db_requeue(fx->db, &f, 0, &n, &cause));
	assert_int_equal(n, 2);
	f.problem = "nope";
	assert_ok(db_requeue(fx->db, &f, 0, &n, &cause));
	assert_int_equal(n, 0);
	while (fx_claim(fx->db, "w", 60000, &job) != 0) {
		assert_ok(fx_finish(fx->db, &job, DB_AC, &cause));
		db_job_free(&job);
	}
	assert_int_equal(fx_judgings(fx->db, a), 3);
	assert_int_equal(fx_judgings(fx->db, c), 2);
}

#define T(t)	cmocka_unit_test_setup_teardown(t, fx_setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		T(test_db_claim_empty),
		T(test_db_claim_order),
		T(test_db_claim_lease_expiry),
		T(test_db_claim_same_worker_again),
		T(test_db_claim_max_attempts_ie),
		T(test_db_renew),
		T(test_db_release),
		T(test_db_finish_non_holder),
		T(test_db_finish_bad_input),
		T(test_db_requeue),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
