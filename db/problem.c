/* SPDX-License-Identifier: ISC */
/*
 * Problem versions: importing a package's contents (one transaction, the
 * next version number), finding the current version, loading one back.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

#define PROBLEM_COLS	"id, version, imported_at, short_name, name, type, " \
	"time_limit_ms, memory_bytes, output_bytes, validation, " \
	"validator_flags, package_sha256"

static int	check_problem(const struct db_problem *, char **);
static ssize_t	group_index(const struct db_problem *, const char *, size_t);
static int	insert_problem(struct db *, struct db_problem *, char **);
static int	insert_groups(struct db *, const struct db_problem *,
		    int64_t *, char **);
static int	insert_cases(struct db *, const struct db_problem *,
		    const int64_t *, char **);
static int	insert_files(struct db *, const struct db_problem *, char **);
static void	read_problem(sqlite3_stmt *, struct db_problem *);
static int	load_groups(struct db *, struct db_problem *, char **);
static int	load_cases(struct db *, struct db_problem *, int, char **);
static int	load_files(struct db *, struct db_problem *, int, char **);

/* The index of the group with this path among the first n, or -1. */
static ssize_t
group_index(const struct db_problem *p, const char *path, size_t n)
{
	size_t	i;

	for (i = 0; i < n && i < p->ngroups; i++) {
		if (strcmp(p->groups[i].path, path) == 0)
			return ((ssize_t)i);
	}
	return (-1);
}

/* What SQL constraints would say less clearly: check it first. */
static int
check_problem(const struct db_problem *p, char **cause)
{
	const struct db_testgroup	*g;
	const char			*s, *slash;
	char				 what[128], parent[256];
	size_t				 i;

	if (db_check_name("problem short name", p->short_name, DB_NAME_MAX,
	    cause) == -1)
		return (-1);
	for (s = p->short_name; *s != '\0'; s++) {
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_.-", *s) == NULL)
			return (db_failx(cause, "problem short name '%s': only "
			    "letters, digits, '_', '.' and '-' allowed",
			    p->short_name));
	}
	if (p->short_name[0] == '.' || p->short_name[0] == '-')
		return (db_failx(cause, "problem short name '%s': must not "
		    "start with '.' or '-'", p->short_name));
	if (p->name != NULL && db_check_name("problem name", p->name, 256,
	    cause) == -1)
		return (-1);
	if (p->time_limit_ms == 0 || p->time_limit_ms > INT64_MAX ||
	    p->memory_bytes == 0 || p->memory_bytes > INT64_MAX ||
	    p->output_bytes == 0 || p->output_bytes > INT64_MAX)
		return (db_failx(cause, "problem '%s': time, memory and output "
		    "limits must be positive", p->short_name));

	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		snprintf(what, sizeof what, "test group %zu", i + 1);
		if (db_check_name(what, g->path, 200, cause) == -1)
			return (-1);
		if (group_index(p, g->path, i) != -1)
			return (db_failx(cause, "test group '%s': listed twice",
			    g->path));
		if ((slash = strrchr(g->path, '/')) == NULL)
			continue;
		snprintf(parent, sizeof parent, "%.*s",
		    (int)(slash - g->path), g->path);
		if (group_index(p, parent, i) == -1)
			return (db_failx(cause, "test group '%s': its parent "
			    "'%s' is not listed before it", g->path, parent));
	}
	for (i = 0; i < p->ncases; i++) {
		snprintf(what, sizeof what, "test case %zu", i + 1);
		if (db_check_name(what, p->cases[i].name, 256, cause) == -1)
			return (-1);
		if (p->cases[i].group == NULL ||
		    group_index(p, p->cases[i].group, p->ngroups) == -1)
			return (db_failx(cause, "test case '%s': no test group "
			    "'%s'", p->cases[i].name, p->cases[i].group == NULL ?
			    "(none)" : p->cases[i].group));
	}
	for (i = 0; i < p->nfiles; i++) {
		snprintf(what, sizeof what, "problem file %zu", i + 1);
		if (db_check_name(what, p->files[i].path, 256, cause) == -1)
			return (-1);
	}
	return (0);
}

static int
insert_problem(struct db *db, struct db_problem *p, char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 now = db_now_ms();

	if (db_prepare(db, "INSERT INTO problems (short_name, version, name, "
	    "type, time_limit_ms, memory_bytes, output_bytes, validation, "
	    "validator_flags, package_sha256, imported_at) VALUES (?1, "
	    "(SELECT coalesce(max(version), 0) + 1 FROM problems WHERE "
	    "short_name = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
	    "RETURNING id, version", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, p->short_name) != SQLITE_OK ||
	    db_bind_text(stmt, 2, p->name != NULL ? p->name :
	    p->short_name) != SQLITE_OK ||
	    db_bind_text(stmt, 3, db_ptype_name(p->type)) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 4, (int64_t)p->time_limit_ms) !=
	    SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 5, (int64_t)p->memory_bytes) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 6, (int64_t)p->output_bytes) != SQLITE_OK ||
	    db_bind_text(stmt, 7, p->validation == DB_VALIDATION_CUSTOM ?
	    "custom" : "default") != SQLITE_OK ||
	    db_bind_text(stmt, 8, p->validator_flags != NULL ?
	    p->validator_flags : "") != SQLITE_OK ||
	    db_bind_text(stmt, 9, p->package_sha256 != NULL ?
	    p->package_sha256 : "") != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 10, now) != SQLITE_OK ||
	    sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, "import problem");
		sqlite3_finalize(stmt);
		return (-1);
	}
	p->id = sqlite3_column_int64(stmt, 0);
	p->version = sqlite3_column_int(stmt, 1);
	p->imported_at = now;
	/* Step to the end so the insert is complete before finalizing. */
	if (sqlite3_step(stmt) != SQLITE_DONE) {
		db_fail(db, cause, "import problem");
		sqlite3_finalize(stmt);
		return (-1);
	}
	sqlite3_finalize(stmt);
	return (0);
}

/* Insert the groups in order; ids[i] gets group i's row id. */
static int
insert_groups(struct db *db, const struct db_problem *p, int64_t *ids,
    char **cause)
{
	const struct db_testgroup	*g;
	sqlite3_stmt			*stmt;
	const char			*slash;
	char				 parent[256];
	ssize_t				 pi;
	size_t				 i;

	if (db_prepare(db, "INSERT INTO testgroups (problem_id, path, "
	    "parent_id, ord, accept_score, reject_score, on_reject, "
	    "grader_flags, input_validator_flags, output_validator_flags) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &stmt, cause) == -1)
		return (-1);
	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		pi = -1;
		if ((slash = strrchr(g->path, '/')) != NULL) {
			snprintf(parent, sizeof parent, "%.*s",
			    (int)(slash - g->path), g->path);
			pi = group_index(p, parent, i);
		}
		if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK ||
		    db_bind_text(stmt, 2, g->path) != SQLITE_OK ||
		    (pi == -1 ? sqlite3_bind_null(stmt, 3) :
		    sqlite3_bind_int64(stmt, 3, ids[pi])) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 4, (int64_t)i) != SQLITE_OK ||
		    sqlite3_bind_double(stmt, 5, g->accept_score) != SQLITE_OK ||
		    sqlite3_bind_double(stmt, 6, g->reject_score) != SQLITE_OK ||
		    db_bind_text(stmt, 7, g->on_reject == DB_ON_REJECT_CONTINUE ?
		    "continue" : "break") != SQLITE_OK ||
		    db_bind_text(stmt, 8, g->grader_flags != NULL ?
		    g->grader_flags : "") != SQLITE_OK ||
		    db_bind_text(stmt, 9, g->input_validator_flags != NULL ?
		    g->input_validator_flags : "") != SQLITE_OK ||
		    db_bind_text(stmt, 10, g->output_validator_flags != NULL ?
		    g->output_validator_flags : "") != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_DONE) {
			db_fail(db, cause, g->path);
			sqlite3_finalize(stmt);
			return (-1);
		}
		ids[i] = sqlite3_last_insert_rowid(db->sq);
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return (0);
}

static int
insert_cases(struct db *db, const struct db_problem *p, const int64_t *gids,
    char **cause)
{
	const struct db_testcase	*t;
	sqlite3_stmt			*stmt;
	size_t				 i;
	int				 rc;

	if (db_prepare(db, "INSERT INTO testcases (problem_id, group_id, name, "
	    "ord, is_sample, input, answer) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    &stmt, cause) == -1)
		return (-1);
	for (i = 0; i < p->ncases; i++) {
		t = &p->cases[i];
		if (t->input_len > INT32_MAX || t->answer_len > INT32_MAX) {
			sqlite3_finalize(stmt);
			return (db_failx(cause, "test case '%s': input or answer "
			    "over 2 GiB", t->name));
		}
		rc = SQLITE_OK;
		if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 2,
		    gids[group_index(p, t->group, p->ngroups)]) != SQLITE_OK ||
		    db_bind_text(stmt, 3, t->name) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 4, (int64_t)i) != SQLITE_OK ||
		    sqlite3_bind_int(stmt, 5, t->is_sample != 0) != SQLITE_OK ||
		    db_bind_blob(stmt, 6, t->input, t->input_len) != SQLITE_OK ||
		    db_bind_blob(stmt, 7, t->answer, t->answer_len) !=
		    SQLITE_OK || (rc = sqlite3_step(stmt)) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->sq) ==
			    SQLITE_CONSTRAINT_UNIQUE)
				db_failx(cause, "test case '%s': name used "
				    "twice", t->name);
			else
				db_fail(db, cause, t->name);
			sqlite3_finalize(stmt);
			return (-1);
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return (0);
}

static int
insert_files(struct db *db, const struct db_problem *p, char **cause)
{
	const struct db_file	*f;
	sqlite3_stmt		*stmt;
	size_t			 i;

	if (db_prepare(db, "INSERT INTO problem_files (problem_id, path, "
	    "content, mode) VALUES (?, ?, ?, ?)", &stmt, cause) == -1)
		return (-1);
	for (i = 0; i < p->nfiles; i++) {
		f = &p->files[i];
		if (f->len > INT32_MAX) {
			sqlite3_finalize(stmt);
			return (db_failx(cause, "problem file '%s': over 2 GiB",
			    f->path));
		}
		if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK ||
		    db_bind_text(stmt, 2, f->path) != SQLITE_OK ||
		    db_bind_blob(stmt, 3, f->content, f->len) != SQLITE_OK ||
		    sqlite3_bind_int(stmt, 4, f->mode == 0 ? 0644 :
		    (int)(f->mode & 07777)) != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_DONE) {
			if (sqlite3_extended_errcode(db->sq) ==
			    SQLITE_CONSTRAINT_PRIMARYKEY)
				db_failx(cause, "problem file '%s': listed "
				    "twice", f->path);
			else
				db_fail(db, cause, f->path);
			sqlite3_finalize(stmt);
			return (-1);
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int
db_problem_import(struct db *db, struct db_problem *p, char **cause)
{
	int64_t	*gids;
	int64_t	 id;
	int	 version;

	if (check_problem(p, cause) == -1)
		return (-1);
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	/* p's outputs change only once everything is in. */
	id = p->id;
	version = p->version;
	gids = xreallocarray(NULL, p->ngroups + 1, sizeof *gids);
	if (insert_problem(db, p, cause) == -1 ||
	    insert_groups(db, p, gids, cause) == -1 ||
	    insert_cases(db, p, gids, cause) == -1 ||
	    insert_files(db, p, cause) == -1 ||
	    db_commit(db, cause) == -1) {
		free(gids);
		db_rollback(db);
		p->id = id;
		p->version = version;
		return (-1);
	}
	free(gids);
	return (0);
}

int
db_problem_find(struct db *db, const char *short_name, int64_t *id,
    int *version, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_prepare(db, "SELECT id, version FROM problems WHERE "
	    "short_name = ? ORDER BY version DESC LIMIT 1", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, short_name) != SQLITE_OK) {
		db_fail(db, cause, "find problem");
		sqlite3_finalize(stmt);
		return (-1);
	}
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		if (id != NULL)
			*id = sqlite3_column_int64(stmt, 0);
		if (version != NULL)
			*version = sqlite3_column_int(stmt, 1);
	} else if (rc != SQLITE_DONE)
		db_fail(db, cause, "find problem");
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return (0);
	return (rc == SQLITE_DONE ? 1 : -1);
}

/* A row of PROBLEM_COLS into p, strings owned. */
static void
read_problem(sqlite3_stmt *stmt, struct db_problem *p)
{
	const char	*s;

	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(stmt, 0);
	p->version = sqlite3_column_int(stmt, 1);
	p->imported_at = sqlite3_column_int64(stmt, 2);
	p->short_name = db_col_strdup(stmt, 3);
	p->name = db_col_strdup(stmt, 4);
	s = (const char *)sqlite3_column_text(stmt, 5);
	p->type = s != NULL && strcmp(s, "scoring") == 0 ? DB_SCORING :
	    DB_PASS_FAIL;
	p->time_limit_ms = (uint64_t)sqlite3_column_int64(stmt, 6);
	p->memory_bytes = (uint64_t)sqlite3_column_int64(stmt, 7);
	p->output_bytes = (uint64_t)sqlite3_column_int64(stmt, 8);
	s = (const char *)sqlite3_column_text(stmt, 9);
	p->validation = s != NULL && strcmp(s, "custom") == 0 ?
	    DB_VALIDATION_CUSTOM : DB_VALIDATION_DEFAULT;
	p->validator_flags = db_col_strdup(stmt, 10);
	p->package_sha256 = db_col_strdup(stmt, 11);
}

static int
load_groups(struct db *db, struct db_problem *p, char **cause)
{
	struct db_testgroup	*g = NULL;
	sqlite3_stmt		*stmt;
	const char		*s;
	size_t			 n = 0;
	int			 rc;

	if (db_prepare(db, "SELECT id, coalesce(parent_id, 0), path, "
	    "accept_score, reject_score, on_reject, grader_flags, "
	    "input_validator_flags, output_validator_flags FROM testgroups "
	    "WHERE problem_id = ? ORDER BY ord", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK) {
		db_fail(db, cause, "load test groups");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		g = xreallocarray(g, n + 1, sizeof *g);
		p->groups = g;
		p->ngroups = n + 1;
		g[n].id = sqlite3_column_int64(stmt, 0);
		g[n].parent_id = sqlite3_column_int64(stmt, 1);
		g[n].path = db_col_strdup(stmt, 2);
		g[n].accept_score = sqlite3_column_double(stmt, 3);
		g[n].reject_score = sqlite3_column_double(stmt, 4);
		s = (const char *)sqlite3_column_text(stmt, 5);
		g[n].on_reject = s != NULL && strcmp(s, "continue") == 0 ?
		    DB_ON_REJECT_CONTINUE : DB_ON_REJECT_BREAK;
		g[n].grader_flags = db_col_strdup(stmt, 6);
		g[n].input_validator_flags = db_col_strdup(stmt, 7);
		g[n].output_validator_flags = db_col_strdup(stmt, 8);
		n++;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, "load test groups");
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

static int
load_cases(struct db *db, struct db_problem *p, int with_data, char **cause)
{
	struct db_testcase	*t = NULL;
	sqlite3_stmt		*stmt;
	size_t			 n = 0;
	int			 rc;

	if (db_prepare(db, with_data ?
	    "SELECT t.id, g.path, t.name, t.is_sample, t.input, t.answer "
	    "FROM testcases t JOIN testgroups g ON g.id = t.group_id "
	    "WHERE t.problem_id = ? ORDER BY t.ord" :
	    "SELECT t.id, g.path, t.name, t.is_sample, length(t.input), "
	    "length(t.answer) FROM testcases t JOIN testgroups g ON "
	    "g.id = t.group_id WHERE t.problem_id = ? ORDER BY t.ord",
	    &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK) {
		db_fail(db, cause, "load test cases");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		t = xreallocarray(t, n + 1, sizeof *t);
		p->cases = t;
		p->ncases = n + 1;
		memset(&t[n], 0, sizeof t[n]);
		t[n].id = sqlite3_column_int64(stmt, 0);
		t[n].group = db_col_strdup(stmt, 1);
		t[n].name = db_col_strdup(stmt, 2);
		t[n].is_sample = sqlite3_column_int(stmt, 3);
		if (with_data) {
			t[n].input = db_col_blobdup(stmt, 4, &t[n].input_len);
			t[n].answer = db_col_blobdup(stmt, 5,
			    &t[n].answer_len);
		} else {
			t[n].input_len = (size_t)sqlite3_column_int64(stmt, 4);
			t[n].answer_len = (size_t)sqlite3_column_int64(stmt, 5);
		}
		n++;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, "load test cases");
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

static int
load_files(struct db *db, struct db_problem *p, int with_data, char **cause)
{
	struct db_file	*f = NULL;
	sqlite3_stmt	*stmt;
	size_t		 n = 0;
	int		 rc;

	if (db_prepare(db, with_data ?
	    "SELECT path, mode, content FROM problem_files WHERE "
	    "problem_id = ? ORDER BY path" :
	    "SELECT path, mode, length(content) FROM problem_files WHERE "
	    "problem_id = ? ORDER BY path", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, p->id) != SQLITE_OK) {
		db_fail(db, cause, "load problem files");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		f = xreallocarray(f, n + 1, sizeof *f);
		p->files = f;
		p->nfiles = n + 1;
		memset(&f[n], 0, sizeof f[n]);
		f[n].path = db_col_strdup(stmt, 0);
		f[n].mode = (unsigned int)sqlite3_column_int(stmt, 1);
		if (with_data)
			f[n].content = db_col_blobdup(stmt, 2, &f[n].len);
		else
			f[n].len = (size_t)sqlite3_column_int64(stmt, 2);
		n++;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, cause, "load problem files");
	sqlite3_finalize(stmt);
	return (rc == SQLITE_DONE ? 0 : -1);
}

int
db_problem_load(struct db *db, int64_t id, int with_data,
    struct db_problem **pp, char **cause)
{
	struct db_problem	*p;
	sqlite3_stmt		*stmt;
	int			 rc;

	*pp = NULL;
	/* One snapshot for the whole version. */
	if (db_begin(db, DB_TX_READ, cause) == -1)
		return (-1);
	if (db_prepare(db, "SELECT " PROBLEM_COLS " FROM problems WHERE id = ?",
	    &stmt, cause) == -1) {
		db_rollback(db);
		return (-1);
	}
	if (sqlite3_bind_int64(stmt, 1, id) != SQLITE_OK) {
		db_fail(db, cause, "load problem");
		sqlite3_finalize(stmt);
		db_rollback(db);
		return (-1);
	}
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			db_fail(db, cause, "load problem");
		sqlite3_finalize(stmt);
		db_rollback(db);
		return (rc == SQLITE_DONE ? 1 : -1);
	}
	p = xcalloc(1, sizeof *p);
	read_problem(stmt, p);
	sqlite3_finalize(stmt);

	if (load_groups(db, p, cause) == -1 ||
	    load_cases(db, p, with_data, cause) == -1 ||
	    load_files(db, p, with_data, cause) == -1) {
		db_rollback(db);
		db_problem_free(p);
		return (-1);
	}
	db_rollback(db);
	*pp = p;
	return (0);
}

int
db_problem_list(struct db *db, struct db_problem **list, size_t *n,
    char **cause)
{
	struct db_problem	*l = NULL;
	sqlite3_stmt		*stmt;
	int			 rc;

	*list = NULL;
	*n = 0;
	if (db_prepare(db, "SELECT " PROBLEM_COLS " FROM v_problems ORDER BY "
	    "short_name", &stmt, cause) == -1)
		return (-1);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		l = xreallocarray(l, *n + 1, sizeof *l);
		read_problem(stmt, &l[*n]);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, "list problems");
		sqlite3_finalize(stmt);
		db_problems_free(l, *n);
		*n = 0;
		return (-1);
	}
	sqlite3_finalize(stmt);
	*list = l;
	return (0);
}

/* The members of a problem db_* allocated (hence the casts from const). */
static void
problem_clear(struct db_problem *p)
{
	size_t	i;

	for (i = 0; i < p->ngroups; i++) {
		free((char *)p->groups[i].path);
		free((char *)p->groups[i].grader_flags);
		free((char *)p->groups[i].input_validator_flags);
		free((char *)p->groups[i].output_validator_flags);
	}
	for (i = 0; i < p->ncases; i++) {
		free((char *)p->cases[i].group);
		free((char *)p->cases[i].name);
		free((void *)p->cases[i].input);
		free((void *)p->cases[i].answer);
	}
	for (i = 0; i < p->nfiles; i++) {
		free((char *)p->files[i].path);
		free((void *)p->files[i].content);
	}
	free((void *)p->groups);
	free((void *)p->cases);
	free((void *)p->files);
	free((char *)p->short_name);
	free((char *)p->name);
	free((char *)p->validator_flags);
	free((char *)p->package_sha256);
}

void
db_problem_free(struct db_problem *p)
{
	if (p == NULL)
		return;
	problem_clear(p);
	free(p);
}

void
db_problems_free(struct db_problem *list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		problem_clear(&list[i]);
	free(list);
}
