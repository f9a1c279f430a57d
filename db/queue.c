/* SPDX-License-Identifier: ISC */
/*
 * Submissions and the judging queue: submit, claim with a lease, renew,
 * release, finish (only by the lease holder), give up after too many
 * attempts, and requeue for a rejudge.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

static int	check_language(const char *, char **);
static int	give_up(struct db *, int64_t, int, const char *, int64_t,
		    char **);
static int	load_job(struct db *, int64_t, struct db_job *, char **);
static int	lease_check(struct db *, const struct db_job *, const char *,
		    char **);
static int	check_result(const struct db_result *, char **);
static int	insert_judging(struct db *, const struct db_job *,
		    const struct db_result *, int64_t, int64_t *, char **);
static int	insert_runs(struct db *, const struct db_job *,
		    const struct db_result *, int64_t, char **);

/* Language names end up in file names and config keys: keep them plain. */
static int
check_language(const char *s, char **cause)
{
	const char	*p;

	if (db_check_name("language", s, DB_LANGUAGE_MAX, cause) == -1)
		return (-1);
	for (p = s; *p != '\0'; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789+#._-", *p) == NULL)
			return (db_failx(cause, "language '%s': only letters, "
			    "digits and + # . _ - allowed", s));
	}
	return (0);
}

int
db_submit(struct db *db, const struct db_submit *s, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 user_id, problem_id, now = db_now_ms();
	int		 rc;

	if (db_check_name("user", s->user, DB_NAME_MAX, cause) == -1 ||
	    db_check_name("problem", s->problem, DB_NAME_MAX, cause) == -1 ||
	    check_language(s->language, cause) == -1 ||
	    db_check_name("file name", s->filename, 255, cause) == -1)
		return (-1);
	if (s->source_len > INT32_MAX)
		return (db_failx(cause, "%s: source over 2 GiB", s->filename));

	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if ((rc = db_problem_find(db, s->problem, &problem_id, NULL,
	    cause)) != 0) {
		if (rc == 1)
			db_failx(cause, "no problem '%s'", s->problem);
		goto fail;
	}
	if (db_user_get(db, s->user, 1, &user_id, cause) != 0)
		goto fail;

	if (db_prepare(db, "INSERT INTO languages (name, first_seen_at) "
	    "VALUES (?, ?) ON CONFLICT (name) DO NOTHING", &stmt, cause) == -1)
		goto fail;
	if (db_bind_text(stmt, 1, s->language) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, now) != SQLITE_OK) {
		db_fail(db, cause, "submit");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "submit", cause) == -1)
		goto fail;

	if (db_prepare(db, "INSERT INTO submissions (user_id, problem_id, "
	    "language, filename, source, submitted_at, priority) VALUES "
	    "(?, ?, ?, ?, ?, ?, ?)", &stmt, cause) == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, user_id) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, problem_id) != SQLITE_OK ||
	    db_bind_text(stmt, 3, s->language) != SQLITE_OK ||
	    db_bind_text(stmt, 4, s->filename) != SQLITE_OK ||
	    db_bind_blob(stmt, 5, s->source, s->source_len) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 6, now) != SQLITE_OK ||
	    sqlite3_bind_int(stmt, 7, s->priority) != SQLITE_OK) {
		db_fail(db, cause, "submit");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "submit", cause) == -1)
		goto fail;
	*id = sqlite3_last_insert_rowid(db->sq);
	return (db_commit(db, cause));

fail:
	db_rollback(db);
	return (-1);
}

/*
 * End a submission whose lease expired once too often as done/IE, with a
 * judging row saying why: it must not loop through the queue forever.
 */
static int
give_up(struct db *db, int64_t id, int attempts, const char *owner,
    int64_t now, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*msg;
	int64_t		 jid;

	xasprintf(&msg, "no result after %d attempts (the last lease, held "
	    "by %s, expired)", attempts, owner);
	if (db_prepare(db, "INSERT INTO judgings (submission_id, worker, "
	    "attempt, verdict, score, message, judged_at) VALUES (?, ?, ?, "
	    "'IE', 0, ?, ?)", &stmt, cause) == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, id) != SQLITE_OK ||
	    db_bind_text(stmt, 2, owner) != SQLITE_OK ||
	    sqlite3_bind_int(stmt, 3, attempts) != SQLITE_OK ||
	    db_bind_text(stmt, 4, msg) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 5, now) != SQLITE_OK) {
		db_fail(db, cause, "give up");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "give up", cause) == -1)
		goto fail;
	jid = sqlite3_last_insert_rowid(db->sq);

	if (db_prepare(db, "UPDATE submissions SET status = 'done', "
	    "verdict = 'IE', score = 0, message = ?, judged_at = ?, "
	    "judged_problem_id = NULL, lease_owner = NULL, lease_expires = "
	    "NULL, judging_id = ? WHERE id = ?", &stmt, cause) == -1)
		goto fail;
	if (db_bind_text(stmt, 1, msg) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, now) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 3, jid) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 4, id) != SQLITE_OK) {
		db_fail(db, cause, "give up");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "give up", cause) == -1)
		goto fail;
	free(msg);
	return (0);

fail:
	free(msg);
	return (-1);
}

static int
load_job(struct db *db, int64_t id, struct db_job *job, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_prepare(db, "SELECT s.id, s.user_id, u.name, p.short_name, "
	    "(SELECT c.id FROM problems c WHERE c.short_name = p.short_name "
	    "ORDER BY c.version DESC LIMIT 1), s.problem_id, s.language, "
	    "s.filename, s.source, s.priority, s.attempts, s.lease_owner, "
	    "s.lease_expires FROM submissions s JOIN users u ON u.id = "
	    "s.user_id JOIN problems p ON p.id = s.problem_id WHERE s.id = ?",
	    &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, id) != SQLITE_OK ||
	    (rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		db_fail(db, cause, "claim");
		sqlite3_finalize(stmt);
		return (-1);
	}
	job->id = sqlite3_column_int64(stmt, 0);
	job->user_id = sqlite3_column_int64(stmt, 1);
	job->user = db_col_strdup(stmt, 2);
	job->problem = db_col_strdup(stmt, 3);
	job->problem_id = sqlite3_column_int64(stmt, 4);
	job->submitted_problem_id = sqlite3_column_int64(stmt, 5);
	job->language = db_col_strdup(stmt, 6);
	job->filename = db_col_strdup(stmt, 7);
	job->source = db_col_blobdup(stmt, 8, &job->source_len);
	job->priority = sqlite3_column_int(stmt, 9);
	job->attempt = sqlite3_column_int(stmt, 10);
	job->worker = db_col_strdup(stmt, 11);
	job->lease_expires = sqlite3_column_int64(stmt, 12);
	sqlite3_finalize(stmt);
	return (0);
}

int
db_claim(struct db *db, const char *worker, int64_t lease_ms,
    struct db_job *job, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*owner;
	int64_t		 id, now;
	int		 rc, attempts, judging;

	memset(job, 0, sizeof *job);
	if (db_check_name("worker", worker, DB_NAME_MAX, cause) == -1)
		return (-1);
	if (lease_ms <= 0)
		return (db_failx(cause, "claim: lease of %" PRId64 " ms",
		    lease_ms));
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	now = db_now_ms();

	for (;;) {
		if (db_prepare(db, "SELECT id, status = 'judging', attempts, "
		    "lease_owner FROM submissions WHERE status IN ('queued', "
		    "'judging') AND (status = 'queued' OR lease_expires <= ?) "
		    "ORDER BY priority DESC, id LIMIT 1", &stmt, cause) == -1)
			goto fail;
		if (sqlite3_bind_int64(stmt, 1, now) != SQLITE_OK) {
			db_fail(db, cause, "claim");
			sqlite3_finalize(stmt);
			goto fail;
		}
		rc = sqlite3_step(stmt);
		if (rc == SQLITE_DONE) {
			sqlite3_finalize(stmt);
			return (db_commit(db, cause));
		}
		if (rc != SQLITE_ROW) {
			db_fail(db, cause, "claim");
			sqlite3_finalize(stmt);
			goto fail;
		}
		id = sqlite3_column_int64(stmt, 0);
		judging = sqlite3_column_int(stmt, 1);
		attempts = sqlite3_column_int(stmt, 2);
		owner = db_col_strdup(stmt, 3);
		sqlite3_finalize(stmt);
		if (!judging || attempts < db->max_attempts) {
			free(owner);
			break;
		}
		rc = give_up(db, id, attempts, owner, now, cause);
		free(owner);
		if (rc == -1)
			goto fail;
	}

	if (db_prepare(db, "UPDATE submissions SET status = 'judging', "
	    "lease_owner = ?, lease_expires = ?, attempts = attempts + 1 "
	    "WHERE id = ?", &stmt, cause) == -1)
		goto fail;
	if (db_bind_text(stmt, 1, worker) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, now + lease_ms) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 3, id) != SQLITE_OK) {
		db_fail(db, cause, "claim");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "claim", cause) == -1)
		goto fail;
	if (load_job(db, id, job, cause) == -1)
		goto fail;
	if (db_commit(db, cause) == -1) {
		db_job_free(job);
		return (-1);
	}
	return (0);

fail:
	db_rollback(db);
	db_job_free(job);
	return (-1);
}

void
db_job_free(struct db_job *job)
{
	free(job->user);
	free(job->problem);
	free(job->language);
	free(job->filename);
	free(job->source);
	free(job->worker);
	memset(job, 0, sizeof *job);
}

/*
 * 0 if job still holds its lease: the submission is judging, by the same
 * worker, at the same attempt (the same worker may have claimed it again
 * after its lease expired: that is another lease). Else -1 and *cause.
 */
static int
lease_check(struct db *db, const struct db_job *job, const char *what,
    char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status, *owner;
	int		 rc, attempts;

	if (job->id <= 0 || job->worker == NULL)
		return (db_failx(cause, "%s: not a claimed submission", what));
	if (db_prepare(db, "SELECT status, lease_owner, attempts FROM "
	    "submissions WHERE id = ?", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, job->id) != SQLITE_OK ||
	    ((rc = sqlite3_step(stmt)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_fail(db, cause, what);
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(stmt);
		return (db_failx(cause, "%s submission %" PRId64 ": no such "
		    "submission", what, job->id));
	}
	status = (const char *)sqlite3_column_text(stmt, 0);
	owner = (const char *)sqlite3_column_text(stmt, 1);
	attempts = sqlite3_column_int(stmt, 2);
	if (status != NULL && strcmp(status, "judging") == 0 &&
	    owner != NULL && strcmp(owner, job->worker) == 0 &&
	    attempts == job->attempt) {
		sqlite3_finalize(stmt);
		return (0);
	}
	if (owner != NULL)
		db_failx(cause, "%s submission %" PRId64 ": lease lost: it is "
		    "now held by %s (attempt %d, ours was %d)", what, job->id,
		    owner, attempts, job->attempt);
	else
		db_failx(cause, "%s submission %" PRId64 ": lease lost: it is "
		    "%s now", what, job->id, status == NULL ? "?" : status);
	sqlite3_finalize(stmt);
	return (-1);
}

int
db_renew(struct db *db, struct db_job *job, int64_t lease_ms, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 expires;

	if (lease_ms <= 0)
		return (db_failx(cause, "renew: lease of %" PRId64 " ms",
		    lease_ms));
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (lease_check(db, job, "renew", cause) == -1)
		goto fail;
	expires = db_now_ms() + lease_ms;
	if (db_prepare(db, "UPDATE submissions SET lease_expires = ? WHERE "
	    "id = ?", &stmt, cause) == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, expires) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, job->id) != SQLITE_OK) {
		db_fail(db, cause, "renew");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "renew", cause) == -1)
		goto fail;
	if (db_commit(db, cause) == -1)
		return (-1);
	job->lease_expires = expires;
	return (0);

fail:
	db_rollback(db);
	return (-1);
}

int
db_release(struct db *db, const struct db_job *job, char **cause)
{
	sqlite3_stmt	*stmt;

	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (lease_check(db, job, "release", cause) == -1)
		goto fail;
	if (db_prepare(db, "UPDATE submissions SET status = 'queued', "
	    "lease_owner = NULL, lease_expires = NULL, attempts = attempts - 1 "
	    "WHERE id = ?", &stmt, cause) == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, job->id) != SQLITE_OK) {
		db_fail(db, cause, "release");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "release", cause) == -1)
		goto fail;
	return (db_commit(db, cause));

fail:
	db_rollback(db);
	return (-1);
}

/* What the schema's CHECKs would refuse, said in our words first. */
static int
check_result(const struct db_result *r, char **cause)
{
	size_t	i;

	if (!db_verdict_ok(r->verdict, 0))
		return (db_failx(cause, "finish: verdict %d is not a "
		    "submission's verdict", (int)r->verdict));
	if (r->nruns > 0 && r->problem_id <= 0)
		return (db_failx(cause, "finish: runs without the problem "
		    "version they ran on"));
	if (r->max_cpu_ms > INT64_MAX || r->max_memory_kb > INT64_MAX)
		return (db_failx(cause, "finish: statistics out of range"));
	for (i = 0; i < r->nruns; i++) {
		if (!db_verdict_ok(r->runs[i].verdict, 1))
			return (db_failx(cause, "finish: run %zu (test %" PRId64
			    "): verdict %d is not a test's verdict", i + 1,
			    r->runs[i].testcase_id, (int)r->runs[i].verdict));
		if (r->runs[i].cpu_ms > INT64_MAX ||
		    r->runs[i].wall_ms > INT64_MAX ||
		    r->runs[i].memory_kb > INT64_MAX)
			return (db_failx(cause, "finish: run %zu: statistics "
			    "out of range", i + 1));
	}
	return (db_flags_check(r->flags, r->nflags, cause));
}

static int
insert_judging(struct db *db, const struct db_job *job,
    const struct db_result *r, int64_t now, int64_t *jid, char **cause)
{
	sqlite3_stmt	*stmt;

	if (db_prepare(db, "INSERT INTO judgings (submission_id, problem_id, "
	    "worker, attempt, verdict, score, compile_output, message, "
	    "max_cpu_ms, max_memory_kb, judged_at) VALUES (?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?)", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, job->id) != SQLITE_OK ||
	    (r->problem_id > 0 ? sqlite3_bind_int64(stmt, 2, r->problem_id) :
	    sqlite3_bind_null(stmt, 2)) != SQLITE_OK ||
	    db_bind_text(stmt, 3, job->worker) != SQLITE_OK ||
	    sqlite3_bind_int(stmt, 4, job->attempt) != SQLITE_OK ||
	    db_bind_text(stmt, 5, db_verdict_name(r->verdict)) != SQLITE_OK ||
	    sqlite3_bind_double(stmt, 6, r->score) != SQLITE_OK ||
	    db_bind_clean(stmt, 7, r->compile_output, DB_TEXT_MAX) !=
	    SQLITE_OK ||
	    db_bind_clean(stmt, 8, r->message, DB_TEXT_MAX) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 9, (int64_t)r->max_cpu_ms) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 10, (int64_t)r->max_memory_kb) !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 11, now) != SQLITE_OK) {
		db_fail(db, cause, "finish");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (db_run_stmt(db, stmt, "finish", cause) == -1) {
		if (r->problem_id > 0 && sqlite3_extended_errcode(db->sq) ==
		    SQLITE_CONSTRAINT_FOREIGNKEY) {
			if (cause != NULL) {
				free(*cause);
				*cause = NULL;
			}
			return (db_failx(cause, "finish submission %" PRId64
			    ": no problem version %" PRId64, job->id,
			    r->problem_id));
		}
		return (-1);
	}
	*jid = sqlite3_last_insert_rowid(db->sq);
	return (0);
}

/* Each run's test must be one of the judged version's: checked in SQL. */
static int
insert_runs(struct db *db, const struct db_job *job, const struct db_result *r,
    int64_t jid, char **cause)
{
	const struct db_run	*run;
	sqlite3_stmt		*stmt;
	size_t			 i;
	int			 rc;

	if (db_prepare(db, "INSERT INTO runs (judging_id, submission_id, "
	    "testcase_id, verdict, cpu_ms, wall_ms, memory_kb, exit_code, "
	    "signal, checker_message, output_excerpt, score) SELECT ?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12 FROM testcases WHERE "
	    "id = ?3 AND problem_id = ?13", &stmt, cause) == -1)
		return (-1);
	for (i = 0; i < r->nruns; i++) {
		run = &r->runs[i];
		if (sqlite3_bind_int64(stmt, 1, jid) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 2, job->id) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 3, run->testcase_id) != SQLITE_OK ||
		    db_bind_text(stmt, 4, db_verdict_name(run->verdict)) !=
		    SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 5, (int64_t)run->cpu_ms) !=
		    SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 6, (int64_t)run->wall_ms) !=
		    SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 7, (int64_t)run->memory_kb) !=
		    SQLITE_OK ||
		    (run->exit_code < 0 ? sqlite3_bind_null(stmt, 8) :
		    sqlite3_bind_int(stmt, 8, run->exit_code)) != SQLITE_OK ||
		    (run->signal <= 0 ? sqlite3_bind_null(stmt, 9) :
		    sqlite3_bind_int(stmt, 9, run->signal)) != SQLITE_OK ||
		    db_bind_clean(stmt, 10, run->checker_message, DB_TEXT_MAX) !=
		    SQLITE_OK ||
		    db_bind_clean(stmt, 11, run->output_excerpt, DB_TEXT_MAX) !=
		    SQLITE_OK ||
		    sqlite3_bind_double(stmt, 12, run->score) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 13, r->problem_id) != SQLITE_OK) {
			db_fail(db, cause, "finish");
			sqlite3_finalize(stmt);
			return (-1);
		}
		if ((rc = sqlite3_step(stmt)) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->sq) ==
			    SQLITE_CONSTRAINT_UNIQUE)
				db_failx(cause, "finish submission %" PRId64
				    ": test %" PRId64 " has two runs", job->id,
				    run->testcase_id);
			else
				db_fail(db, cause, "finish");
			sqlite3_finalize(stmt);
			return (-1);
		}
		if (sqlite3_changes(db->sq) != 1) {
			sqlite3_finalize(stmt);
			return (db_failx(cause, "finish submission %" PRId64
			    ": test %" PRId64 " is not a test of problem "
			    "version %" PRId64, job->id, run->testcase_id,
			    r->problem_id));
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int
db_finish(struct db *db, const struct db_job *job, const struct db_result *r,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 jid = 0, now = db_now_ms();

	if (check_result(r, cause) == -1)
		return (-1);
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (lease_check(db, job, "finish", cause) == -1 ||
	    insert_judging(db, job, r, now, &jid, cause) == -1 ||
	    insert_runs(db, job, r, jid, cause) == -1 ||
	    db_flags_insert(db, job->id, r->flags, r->nflags, jid, cause) == -1)
		goto fail;

	if (db_prepare(db, "UPDATE submissions SET status = 'done', "
	    "lease_owner = NULL, lease_expires = NULL, verdict = j.verdict, "
	    "score = j.score, judged_problem_id = j.problem_id, "
	    "compile_output = j.compile_output, message = j.message, "
	    "judged_at = j.judged_at, max_cpu_ms = j.max_cpu_ms, "
	    "max_memory_kb = j.max_memory_kb, judging_id = j.id FROM "
	    "judgings j WHERE j.id = ?1 AND submissions.id = j.submission_id",
	    &stmt, cause) == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, jid) != SQLITE_OK) {
		db_fail(db, cause, "finish");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "finish", cause) == -1)
		goto fail;
	return (db_commit(db, cause));

fail:
	db_rollback(db);
	return (-1);
}

int
db_requeue(struct db *db, const struct db_filter *f, int priority, int64_t *n,
    char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*status;
	char		 where[1024], *sql;
	int		 rc, done;

	*n = 0;
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (f->id > 0) {
		if (db_prepare(db, "SELECT status FROM submissions WHERE id = ?",
		    &stmt, cause) == -1)
			goto fail;
		if (sqlite3_bind_int64(stmt, 1, f->id) != SQLITE_OK ||
		    ((rc = sqlite3_step(stmt)) != SQLITE_ROW &&
		    rc != SQLITE_DONE)) {
			db_fail(db, cause, "requeue");
			sqlite3_finalize(stmt);
			goto fail;
		}
		status = (const char *)sqlite3_column_text(stmt, 0);
		done = rc == SQLITE_ROW && status != NULL &&
		    strcmp(status, "done") == 0;
		if (rc == SQLITE_DONE)
			db_failx(cause, "requeue: no submission %" PRId64,
			    f->id);
		else if (!done)
			db_failx(cause, "requeue: submission %" PRId64 " is %s, "
			    "not done", f->id, status == NULL ? "?" : status);
		sqlite3_finalize(stmt);
		if (!done)
			goto fail;
	}

	db_filter_where(f, 0, where, sizeof where);
	xasprintf(&sql, "UPDATE submissions AS s SET status = 'queued', "
	    "priority = :priority, attempts = 0, verdict = NULL, score = NULL, "
	    "judged_problem_id = NULL, compile_output = NULL, message = NULL, "
	    "judged_at = NULL, max_cpu_ms = NULL, max_memory_kb = NULL, "
	    "judging_id = NULL WHERE s.status = 'done'%s", where);
	rc = db_prepare(db, sql, &stmt, cause);
	free(sql);
	if (rc == -1)
		goto fail;
	if (db_filter_bind(stmt, f) != SQLITE_OK ||
	    sqlite3_bind_int(stmt, sqlite3_bind_parameter_index(stmt,
	    ":priority"), priority) != SQLITE_OK) {
		db_fail(db, cause, "requeue");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "requeue", cause) == -1)
		goto fail;
	*n = sqlite3_changes(db->sq);
	if (db_commit(db, cause) == -1) {
		*n = 0;
		return (-1);
	}
	return (0);

fail:
	db_rollback(db);
	return (-1);
}

int
db_queue_counts(struct db *db, struct db_queue_counts *c, char **cause)
{
	sqlite3_stmt	*stmt;

	memset(c, 0, sizeof *c);
	if (db_prepare(db, "SELECT total(status = 'queued'), "
	    "total(status = 'judging'), total(status = 'judging' AND "
	    "lease_expires <= ?), total(status = 'done') FROM submissions",
	    &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, db_now_ms()) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, "queue counts");
		sqlite3_finalize(stmt);
		return (-1);
	}
	c->queued = sqlite3_column_int64(stmt, 0);
	c->judging = sqlite3_column_int64(stmt, 1);
	c->expired = sqlite3_column_int64(stmt, 2);
	c->done = sqlite3_column_int64(stmt, 3);
	sqlite3_finalize(stmt);
	return (0);
}
