/* SPDX-License-Identifier: ISC */
/*
 * Reading submissions: lists with filters, and one submission's result
 * with its runs and flags.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

/* The columns submission_read() reads; the submission is "s". */
static const char db_submission_from[] =
	"SELECT s.id, s.user_id, u.name, p.short_name, s.problem_id, "
	"p.version, s.language, s.filename, length(s.source), s.submitted_at, "
	"s.priority, s.status, s.attempts, s.lease_owner, "
	"coalesce(s.lease_expires, 0), s.verdict, coalesce(s.score, 0), "
	"coalesce(s.judged_problem_id, 0), coalesce(jp.version, 0), "
	"coalesce(s.judged_at, 0), coalesce(s.max_cpu_ms, 0), "
	"coalesce(s.max_memory_kb, 0), coalesce(s.judging_id, 0), "
	"s.compile_output, s.message "
	"FROM submissions s JOIN users u ON u.id = s.user_id "
	"JOIN problems p ON p.id = s.problem_id "
	"LEFT JOIN problems jp ON jp.id = s.judged_problem_id";

static void	submission_read(sqlite3_stmt *, struct db_submission *, int);
static void	submission_clear(struct db_submission *);
static int	load_runs(struct db *, struct db_submission *, char **);
static int	load_flags(struct db *, struct db_submission *, char **);

/* A row of db_submission_from; compile output and message when full. */
static void
submission_read(sqlite3_stmt *stmt, struct db_submission *s, int full)
{
	memset(s, 0, sizeof *s);
	s->id = sqlite3_column_int64(stmt, 0);
	s->user_id = sqlite3_column_int64(stmt, 1);
	s->user = db_col_strdup(stmt, 2);
	s->problem = db_col_strdup(stmt, 3);
	s->problem_id = sqlite3_column_int64(stmt, 4);
	s->problem_version = sqlite3_column_int(stmt, 5);
	s->language = db_col_strdup(stmt, 6);
	s->filename = db_col_strdup(stmt, 7);
	s->source_len = (size_t)sqlite3_column_int64(stmt, 8);
	s->submitted_at = sqlite3_column_int64(stmt, 9);
	s->priority = sqlite3_column_int(stmt, 10);
	s->status = db_status_parse((const char *)sqlite3_column_text(stmt,
	    11));
	s->attempts = sqlite3_column_int(stmt, 12);
	s->lease_owner = db_col_strdup(stmt, 13);
	s->lease_expires = sqlite3_column_int64(stmt, 14);
	s->verdict = db_verdict_parse((const char *)sqlite3_column_text(stmt,
	    15));
	s->score = sqlite3_column_double(stmt, 16);
	s->judged_problem_id = sqlite3_column_int64(stmt, 17);
	s->judged_version = sqlite3_column_int(stmt, 18);
	s->judged_at = sqlite3_column_int64(stmt, 19);
	s->max_cpu_ms = (uint64_t)sqlite3_column_int64(stmt, 20);
	s->max_memory_kb = (uint64_t)sqlite3_column_int64(stmt, 21);
	s->judging_id = sqlite3_column_int64(stmt, 22);
	if (full) {
		s->compile_output = db_col_strdup(stmt, 23);
		s->message = db_col_strdup(stmt, 24);
	}
}

void
db_filter_where(const struct db_filter *f, int with_status, char *buf,
    size_t len)
{
	buf[0] = '\0';
	if (f->id > 0)
		strlcat(buf, " AND s.id = :id", len);
	if (f->user != NULL)
		strlcat(buf, " AND s.user_id = (SELECT id FROM users WHERE "
		    "name = :user)", len);
	if (f->problem != NULL)
		strlcat(buf, " AND s.problem_id IN (SELECT id FROM problems "
		    "WHERE short_name = :problem)", len);
	if (with_status && f->status >= 0)
		strlcat(buf, " AND s.status = :status", len);
	if (f->verdict != DB_VERDICT_NONE)
		strlcat(buf, " AND s.verdict = :verdict", len);
	if (f->after_id > 0)
		strlcat(buf, " AND s.id > :after", len);
}

int
db_filter_bind(sqlite3_stmt *stmt, const struct db_filter *f)
{
	int	i, rc = SQLITE_OK;

	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":id")) > 0)
		rc = sqlite3_bind_int64(stmt, i, f->id);
	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":user")) > 0)
		rc = db_bind_text(stmt, i, f->user);
	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":problem")) > 0)
		rc = db_bind_text(stmt, i, f->problem);
	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":status")) > 0)
		rc = db_bind_text(stmt, i, db_status_name(f->status));
	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":verdict")) > 0)
		rc = db_bind_text(stmt, i, db_verdict_name(f->verdict));
	if (rc == SQLITE_OK && (i = sqlite3_bind_parameter_index(stmt,
	    ":after")) > 0)
		rc = sqlite3_bind_int64(stmt, i, f->after_id);
	return (rc);
}

int
db_list(struct db *db, const struct db_filter *f, struct db_submission **list,
    size_t *n, char **cause)
{
	struct db_submission	*l = NULL;
	sqlite3_stmt		*stmt;
	char			 where[1024], *sql;
	int			 rc;

	*list = NULL;
	*n = 0;
	if (f->status > DB_DONE ||
	    (unsigned int)f->verdict >= DB_VERDICT_MAX)
		return (db_failx(cause, "list: bad status or verdict filter"));
	db_filter_where(f, 1, where, sizeof where);
	xasprintf(&sql, "%s WHERE 1%s ORDER BY s.id %s LIMIT %" PRId64,
	    db_submission_from, where, f->newest_first ? "DESC" : "ASC",
	    f->limit == 0 || f->limit > INT64_MAX ? (int64_t)-1 :
	    (int64_t)f->limit);
	rc = db_prepare(db, sql, &stmt, cause);
	free(sql);
	if (rc == -1)
		return (-1);
	if (db_filter_bind(stmt, f) != SQLITE_OK) {
		db_fail(db, cause, "list");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		l = xreallocarray(l, *n + 1, sizeof *l);
		submission_read(stmt, &l[*n], 0);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, "list");
		sqlite3_finalize(stmt);
		db_submissions_free(l, *n);
		*n = 0;
		return (-1);
	}
	sqlite3_finalize(stmt);
	*list = l;
	return (0);
}

static int
load_runs(struct db *db, struct db_submission *s, char **cause)
{
	struct db_run	*r;
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_prepare(db, "SELECT r.testcase_id, t.name, g.path, r.verdict, "
	    "r.cpu_ms, r.wall_ms, r.memory_kb, coalesce(r.exit_code, -1), "
	    "coalesce(r.signal, 0), r.score, r.checker_message, "
	    "r.output_excerpt FROM runs r JOIN testcases t ON "
	    "t.id = r.testcase_id JOIN testgroups g ON g.id = t.group_id "
	    "WHERE r.judging_id = ? ORDER BY t.ord", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, s->judging_id) != SQLITE_OK) {
		db_fail(db, cause, "runs");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->runs = xreallocarray(s->runs, s->nruns + 1, sizeof *s->runs);
		r = &s->runs[s->nruns++];
		memset(r, 0, sizeof *r);
		r->testcase_id = sqlite3_column_int64(stmt, 0);
		r->testcase = db_col_strdup(stmt, 1);
		r->group = db_col_strdup(stmt, 2);
		r->verdict = db_verdict_parse(
		    (const char *)sqlite3_column_text(stmt, 3));
		r->cpu_ms = (uint64_t)sqlite3_column_int64(stmt, 4);
		r->wall_ms = (uint64_t)sqlite3_column_int64(stmt, 5);
		r->memory_kb = (uint64_t)sqlite3_column_int64(stmt, 6);
		r->exit_code = sqlite3_column_int(stmt, 7);
		r->signal = sqlite3_column_int(stmt, 8);
		r->score = sqlite3_column_double(stmt, 9);
		r->checker_message = db_col_strdup(stmt, 10);
		r->output_excerpt = db_col_strdup(stmt, 11);
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, "runs");
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

static int
load_flags(struct db *db, struct db_submission *s, char **cause)
{
	struct db_flag	*f;
	sqlite3_stmt	*stmt;
	const char	*v;
	int		 rc;

	if (db_prepare(db, "SELECT source, rule_id, category, severity, "
	    "action, message, coalesce(line, 0), created_at FROM flags WHERE "
	    "submission_id = ? ORDER BY id", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, s->id) != SQLITE_OK) {
		db_fail(db, cause, "flags");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s->flags = xreallocarray(s->flags, s->nflags + 1,
		    sizeof *s->flags);
		f = &s->flags[s->nflags++];
		memset(f, 0, sizeof *f);
		v = (const char *)sqlite3_column_text(stmt, 0);
		f->source = v != NULL && strcmp(v, "runtime") == 0 ?
		    DB_FLAG_RUNTIME : DB_FLAG_STATIC;
		f->rule_id = db_col_strdup(stmt, 1);
		f->category = db_col_strdup(stmt, 2);
		v = (const char *)sqlite3_column_text(stmt, 3);
		if (v != NULL && strcmp(v, "high") == 0)
			f->severity = DB_SEV_HIGH;
		else if (v != NULL && strcmp(v, "medium") == 0)
			f->severity = DB_SEV_MEDIUM;
		else
			f->severity = DB_SEV_LOW;
		v = (const char *)sqlite3_column_text(stmt, 4);
		f->action = v != NULL && strcmp(v, "reject") == 0 ?
		    DB_ACTION_REJECT : DB_ACTION_FLAG;
		f->message = db_col_strdup(stmt, 5);
		f->line = sqlite3_column_int(stmt, 6);
		f->created_at = sqlite3_column_int64(stmt, 7);
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, "flags");
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int
db_result(struct db *db, int64_t id, struct db_submission **sp, char **cause)
{
	struct db_submission	*s;
	sqlite3_stmt		*stmt;
	char			*sql;
	int			 rc;

	*sp = NULL;
	/* The submission, its runs and flags from one snapshot. */
	if (db_begin(db, DB_TX_READ, cause) == -1)
		return (-1);
	xasprintf(&sql, "%s WHERE s.id = ?", db_submission_from);
	rc = db_prepare(db, sql, &stmt, cause);
	free(sql);
	if (rc == -1)
		goto fail;
	if (sqlite3_bind_int64(stmt, 1, id) != SQLITE_OK ||
	    ((rc = sqlite3_step(stmt)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_fail(db, cause, "result");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(stmt);
		db_rollback(db);
		return (1);
	}
	s = xcalloc(1, sizeof *s);
	submission_read(stmt, s, 1);
	sqlite3_finalize(stmt);
	if ((s->judging_id > 0 && load_runs(db, s, cause) == -1) ||
	    load_flags(db, s, cause) == -1) {
		db_submission_free(s);
		goto fail;
	}
	db_rollback(db);
	*sp = s;
	return (0);

fail:
	db_rollback(db);
	return (-1);
}

int
db_history(struct db *db, int64_t id, struct db_judging **list, size_t *n,
    char **cause)
{
	struct db_judging	*l = NULL, *j;
	sqlite3_stmt		*stmt;
	int			 rc;

	*list = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT j.id, coalesce(j.problem_id, 0), "
	    "coalesce(p.version, 0), j.worker, j.attempt, j.verdict, j.score, "
	    "j.message, j.judged_at, (SELECT count(*) FROM runs r WHERE "
	    "r.judging_id = j.id), j.id IS s.judging_id FROM judgings j "
	    "JOIN submissions s ON s.id = j.submission_id LEFT JOIN problems p "
	    "ON p.id = j.problem_id WHERE j.submission_id = ? ORDER BY j.id",
	    &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, id) != SQLITE_OK) {
		db_fail(db, cause, "history");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		l = xreallocarray(l, *n + 1, sizeof *l);
		j = &l[(*n)++];
		j->id = sqlite3_column_int64(stmt, 0);
		j->problem_id = sqlite3_column_int64(stmt, 1);
		j->problem_version = sqlite3_column_int(stmt, 2);
		j->worker = db_col_strdup(stmt, 3);
		j->attempt = sqlite3_column_int(stmt, 4);
		j->verdict = db_verdict_parse(
		    (const char *)sqlite3_column_text(stmt, 5));
		j->score = sqlite3_column_double(stmt, 6);
		j->message = db_col_strdup(stmt, 7);
		j->judged_at = sqlite3_column_int64(stmt, 8);
		j->nruns = (size_t)sqlite3_column_int64(stmt, 9);
		j->current = sqlite3_column_int(stmt, 10);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, "history");
		sqlite3_finalize(stmt);
		db_history_free(l, *n);
		*n = 0;
		return (-1);
	}
	sqlite3_finalize(stmt);
	*list = l;
	return (0);
}

void
db_history_free(struct db_judging *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(list[i].worker);
		free(list[i].message);
	}
	free(list);
}

static void
submission_clear(struct db_submission *s)
{
	size_t	i;

	free(s->user);
	free(s->problem);
	free(s->language);
	free(s->filename);
	free(s->lease_owner);
	free(s->compile_output);
	free(s->message);
	for (i = 0; i < s->nruns; i++) {
		free((char *)s->runs[i].testcase);
		free((char *)s->runs[i].group);
		free((char *)s->runs[i].checker_message);
		free((char *)s->runs[i].output_excerpt);
	}
	free(s->runs);
	for (i = 0; i < s->nflags; i++) {
		free((char *)s->flags[i].rule_id);
		free((char *)s->flags[i].category);
		free((char *)s->flags[i].message);
	}
	free(s->flags);
}

void
db_submission_free(struct db_submission *s)
{
	if (s == NULL)
		return;
	submission_clear(s);
	free(s);
}

void
db_submissions_free(struct db_submission *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		submission_clear(&list[i]);
	free(list);
}
