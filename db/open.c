/* SPDX-License-Identifier: ISC */
/*
 * Opening a gavel database: connection settings, the forward migrations of
 * db/schema.sql, integrity checks, transactions and error messages.
 */

#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sbx.h"
#include "db-int.h"

/* db/schema.sql as a C string, made by db/local.mk. */
static const char	schema_sql[] =
#include "schema-sql.h"
;

#define MIGRATION_MARK	"\n-- migration: "

static int	migration_find(int, const char **, size_t *);
static int	migrate(struct db *, int64_t, char **);
static int	migrate_one(struct db *, int, char **);
static int	check_header(struct db *, int64_t *, char **);
static int	set_pragmas(struct db *, char **);
static int	check_rows(struct db *, const char *, const char *, char **);

/*
 * Find migration v in schema_sql: its text runs from its mark to the next
 * one. Returns 0, or -1 if there is none.
 */
static int
migration_find(int v, const char **start, size_t *len)
{
	const char	*p, *next;
	char		*end;
	long		 n;

	for (p = strstr(schema_sql, MIGRATION_MARK); p != NULL; p = next) {
		p += strlen(MIGRATION_MARK);
		n = strtol(p, &end, 10);
		next = strstr(p, MIGRATION_MARK);
		if (n != v || end == p || *end != '\n')
			continue;
		*start = end + 1;
		*len = next == NULL ? strlen(*start) : (size_t)(next - *start);
		return (0);
	}
	return (-1);
}

int
db_schema_version(void)
{
	static int	 version = -1;
	const char	*s;
	size_t		 len;

	/* Migrations are numbered 1, 2, ... without gaps. */
	if (version == -1) {
		version = 0;
		while (migration_find(version + 1, &s, &len) == 0)
			version++;
	}
	return (version);
}

int
db_failx(char **cause, const char *fmt, ...)
{
	va_list	ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		if (vasprintf(cause, fmt, ap) == -1)
			fatal("vasprintf");
		va_end(ap);
	}
	return (-1);
}

int
db_fail(struct db *db, char **cause, const char *what)
{
	int	code = sqlite3_extended_errcode(db->sq) & 0xff;

	/*
	 * SQLite says only "database is locked": say who holds what, since
	 * the admin's next step is finding that other process.
	 */
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return (db_failx(cause, "%s: %s: database is busy: another "
		    "process held its lock for more than %d ms", db->path, what,
		    db->busy_ms));
	return (db_failx(cause, "%s: %s: %s", db->path, what,
	    sqlite3_errmsg(db->sq)));
}

int
db_prepare(struct db *db, const char *sql, sqlite3_stmt **stmt, char **cause)
{
	if (sqlite3_prepare_v2(db->sq, sql, -1, stmt, NULL) != SQLITE_OK) {
		*stmt = NULL;
		return (db_fail(db, cause, "prepare"));
	}
	return (0);
}

int
db_run_stmt(struct db *db, sqlite3_stmt *stmt, const char *what, char **cause)
{
	int	rc;

	rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		db_fail(db, cause, what);
		sqlite3_finalize(stmt);
		return (-1);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int
db_exec(struct db *db, const char *sql, const char *what, char **cause)
{
	sqlite3_stmt	*stmt;

	if (db_prepare(db, sql, &stmt, cause) == -1)
		return (-1);
	return (db_run_stmt(db, stmt, what, cause));
}

int
db_query_int(struct db *db, const char *sql, int64_t *out, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_prepare(db, sql, &stmt, cause) == -1)
		return (-1);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		if (rc == SQLITE_DONE)
			db_failx(cause, "%s: %s: no result", db->path, sql);
		else
			db_fail(db, cause, sql);
		sqlite3_finalize(stmt);
		return (-1);
	}
	*out = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return (0);
}

int64_t
db_now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) == -1)
		fatal("clock_gettime");
	return ((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/*
 * Refuse what is not ours before anything writes to it: a SQLite file of
 * another application (another application_id, or ours unset but tables
 * there) or a schema newer than this build. *version is user_version.
 */
static int
check_header(struct db *db, int64_t *version, char **cause)
{
	int64_t	app, tables;

	if (db_query_int(db, "PRAGMA application_id", &app, cause) == -1)
		return (-1);
	if (db_query_int(db, "PRAGMA user_version", version, cause) == -1)
		return (-1);
	if (db_query_int(db, "SELECT count(*) FROM sqlite_master", &tables,
	    cause) == -1)
		return (-1);
	if (app != 0 && app != DB_APPLICATION_ID)
		return (db_failx(cause, "%s: not a gavel database "
		    "(application_id 0x%08" PRIx64 ")", db->path, app));
	if (app == 0 && (tables != 0 || *version != 0))
		return (db_failx(cause, "%s: not a gavel database (a SQLite "
		    "file with %" PRId64 " schema objects and no gavel "
		    "application_id)", db->path, tables));
	if (*version > db_schema_version())
		return (db_failx(cause, "%s: schema version %" PRId64 " is "
		    "newer than this gavel knows (%d): upgrade gavel",
		    db->path, *version, db_schema_version()));
	return (0);
}

static int
set_pragmas(struct db *db, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*mode;
	int		 ok;

	if (db_exec(db, "PRAGMA foreign_keys = ON", "foreign_keys",
	    cause) == -1)
		return (-1);
	if (db->flags & DB_READONLY)
		return (db_exec(db, "PRAGMA query_only = ON", "query_only",
		    cause));

	/* journal_mode answers with the mode it could set. */
	if (db_prepare(db, "PRAGMA journal_mode = WAL", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, "journal_mode");
		sqlite3_finalize(stmt);
		return (-1);
	}
	mode = (const char *)sqlite3_column_text(stmt, 0);
	ok = mode != NULL && (strcmp(mode, "wal") == 0 ||
	    (strcmp(mode, "memory") == 0 && strcmp(db->path, ":memory:") == 0));
	if (!ok)
		db_failx(cause, "%s: journal_mode: cannot use WAL (got %s)",
		    db->path, mode == NULL ? "nothing" : mode);
	sqlite3_finalize(stmt);
	if (!ok)
		return (-1);
	return (db_exec(db, "PRAGMA synchronous = NORMAL", "synchronous",
	    cause));
}

/* Apply migration v unless another process did it while we waited. */
static int
migrate_one(struct db *db, int v, char **cause)
{
	const char	*text;
	char		*sql, *err = NULL, pragma[128];
	size_t		 len;
	int64_t		 now;

	if (migration_find(v, &text, &len) == -1)
		return (db_failx(cause, "%s: migration %d is missing from the "
		    "built-in schema", db->path, v));
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (db_query_int(db, "PRAGMA user_version", &now, cause) == -1)
		goto fail;
	if (now >= v)
		return (db_commit(db, cause));

	sql = xmalloc(len + 1);
	memcpy(sql, text, len);
	sql[len] = '\0';
	if (sqlite3_exec(db->sq, sql, NULL, NULL, &err) != SQLITE_OK) {
		db_failx(cause, "%s: migration %d: %s", db->path, v,
		    err != NULL ? err : sqlite3_errmsg(db->sq));
		sqlite3_free(err);
		free(sql);
		goto fail;
	}
	free(sql);
	snprintf(pragma, sizeof pragma, "PRAGMA application_id = %d; "
	    "PRAGMA user_version = %d", DB_APPLICATION_ID, v);
	if (sqlite3_exec(db->sq, pragma, NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, cause, "user_version");
		goto fail;
	}
	return (db_commit(db, cause));

fail:
	db_rollback(db);
	return (-1);
}

/* Bring the schema from version to db_schema_version(), step by step. */
static int
migrate(struct db *db, int64_t version, char **cause)
{
	int	v;

	if (version == db_schema_version())
		return (0);
	if (db->flags & DB_READONLY)
		return (db_failx(cause, "%s: schema version %" PRId64 ", this "
		    "gavel needs %d: open it read-write once to migrate",
		    db->path, version, db_schema_version()));
	for (v = (int)version + 1; v <= db_schema_version(); v++) {
		if (migrate_one(db, v, cause) == -1)
			return (-1);
	}
	return (0);
}

int
db_open(const char *path, int flags, struct db **dbp, char **cause)
{
	struct db	*db;
	struct stat	 sb;
	int64_t		 version;
	int		 oflags, memory;

	*dbp = NULL;
	memory = strcmp(path, ":memory:") == 0;
	if (db_schema_version() < 1)
		return (db_failx(cause, "%s: the built-in schema has no "
		    "migrations", path));
	if (!memory && (flags & (DB_READONLY | DB_NOCREATE)) &&
	    stat(path, &sb) == -1)
		return (db_failx(cause, "%s: %s", path, strerror(errno)));

	db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	db->flags = flags;
	db->busy_ms = DB_BUSY_TIMEOUT_MS;
	db->max_attempts = DB_MAX_ATTEMPTS;

	if (flags & DB_READONLY)
		oflags = SQLITE_OPEN_READONLY;
	else
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, &db->sq, oflags | SQLITE_OPEN_NOMUTEX,
	    NULL) != SQLITE_OK) {
		if (db->sq == NULL)
			db_failx(cause, "%s: open: out of memory", path);
		else
			db_fail(db, cause, "open");
		goto fail;
	}
	sqlite3_extended_result_codes(db->sq, 1);
	sqlite3_busy_timeout(db->sq, db->busy_ms);
	/*
	 * Admins open these files with sqlite3 too, and a file may come from
	 * elsewhere: no schema tricks, no functions run from the schema.
	 */
	if (sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DEFENSIVE, 1,
	    NULL) != SQLITE_OK ||
	    sqlite3_db_config(db->sq, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0,
	    NULL) != SQLITE_OK) {
		db_fail(db, cause, "db_config");
		goto fail;
	}

	if (check_header(db, &version, cause) == -1)
		goto fail;
	if (set_pragmas(db, cause) == -1)
		goto fail;
	if (migrate(db, version, cause) == -1)
		goto fail;
	*dbp = db;
	return (0);

fail:
	db_close(db);
	return (-1);
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->sq != NULL) {
		if (!sqlite3_get_autocommit(db->sq))
			(void)sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
		/* Statements are finalized by their users; v2 defers anyway. */
		sqlite3_close_v2(db->sq);
	}
	free(db->path);
	free(db);
}

const char *
db_path(struct db *db)
{
	return (db->path);
}

void
db_set_busy_timeout(struct db *db, int ms)
{
	db->busy_ms = ms < 0 ? 0 : ms;
	sqlite3_busy_timeout(db->sq, db->busy_ms);
}

void
db_set_max_attempts(struct db *db, int n)
{
	db->max_attempts = n < 1 ? 1 : n;
}

/*
 * Run a check that lists problems, one per row: none is clean, else the
 * first row's columns joined make the message.
 */
static int
check_rows(struct db *db, const char *sql, const char *what, char **cause)
{
	sqlite3_stmt	*stmt;
	char		 msg[512];
	const char	*col;
	size_t		 len;
	int		 rc, i;

	if (db_prepare(db, sql, &stmt, cause) == -1)
		return (-1);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_DONE) {
		sqlite3_finalize(stmt);
		return (0);
	}
	if (rc != SQLITE_ROW) {
		db_fail(db, cause, what);
		sqlite3_finalize(stmt);
		return (-1);
	}
	msg[0] = '\0';
	for (i = 0; i < sqlite3_column_count(stmt); i++) {
		col = (const char *)sqlite3_column_text(stmt, i);
		len = strlen(msg);
		snprintf(msg + len, sizeof msg - len, "%s%s", i ? " " : "",
		    col == NULL ? "NULL" : col);
	}
	db_failx(cause, "%s: %s: %s", db->path, what, msg);
	sqlite3_finalize(stmt);
	return (-1);
}

int
db_integrity_check(struct db *db, char **cause)
{
	sqlite3_stmt	*stmt;
	const char	*row;
	int		 rc;

	/* integrity_check says "ok" alone, or lists what is wrong. */
	if (db_prepare(db, "PRAGMA integrity_check", &stmt, cause) == -1)
		return (-1);
	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW) {
		db_fail(db, cause, "integrity_check");
		sqlite3_finalize(stmt);
		return (-1);
	}
	row = (const char *)sqlite3_column_text(stmt, 0);
	if (row == NULL || strcmp(row, "ok") != 0) {
		db_failx(cause, "%s: integrity_check: %s", db->path,
		    row == NULL ? "NULL" : row);
		sqlite3_finalize(stmt);
		return (-1);
	}
	sqlite3_finalize(stmt);

	if (check_rows(db, "SELECT 'table', \"table\", 'rowid', rowid, "
	    "'refers to a missing row of', parent FROM pragma_foreign_key_check",
	    "foreign_key_check", cause) == -1)
		return (-1);
	if (check_rows(db, "SELECT 'submission', s.id, 'is done without a "
	    "judging of its own' FROM submissions s WHERE s.status = 'done' "
	    "AND NOT EXISTS (SELECT 1 FROM judgings j WHERE j.id = s.judging_id "
	    "AND j.submission_id = s.id) LIMIT 1", "invariants", cause) == -1)
		return (-1);
	if (check_rows(db, "SELECT 'run', r.id, 'is not of its judging''s "
	    "submission or problem' FROM runs r JOIN judgings j ON "
	    "j.id = r.judging_id JOIN testcases t ON t.id = r.testcase_id "
	    "WHERE j.submission_id <> r.submission_id OR j.problem_id IS NOT "
	    "t.problem_id LIMIT 1", "invariants", cause) == -1)
		return (-1);
	return (check_rows(db, "SELECT 'submission', s.id, 'has attempts', "
	    "s.attempts, 'but its judging was attempt', j.attempt FROM "
	    "submissions s JOIN judgings j ON j.id = s.judging_id WHERE "
	    "j.attempt <> s.attempts LIMIT 1", "invariants", cause));
}

int
db_begin(struct db *db, enum db_tx mode, char **cause)
{
	char	sql[64];
	int64_t	n;

	if (db->depth > 0) {
		snprintf(sql, sizeof sql, "SAVEPOINT db_%d", db->depth);
		if (db_exec(db, sql, "savepoint", cause) == -1)
			return (-1);
		db->depth++;
		return (0);
	}
	if (mode == DB_TX_WRITE) {
		if (db_exec(db, "BEGIN IMMEDIATE", "begin", cause) == -1)
			return (-1);
	} else {
		/* A deferred transaction's snapshot starts at its first read. */
		if (db_exec(db, "BEGIN DEFERRED", "begin", cause) == -1)
			return (-1);
		if (db_query_int(db, "SELECT count(*) FROM sqlite_master", &n,
		    cause) == -1) {
			(void)sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
			return (-1);
		}
	}
	db->depth = 1;
	return (0);
}

int
db_commit(struct db *db, char **cause)
{
	char	sql[64];

	if (db->depth <= 0)
		return (db_failx(cause, "%s: commit without a transaction",
		    db->path));
	if (db->depth > 1) {
		snprintf(sql, sizeof sql, "RELEASE db_%d", db->depth - 1);
		if (db_exec(db, sql, "release", cause) == -1) {
			db_rollback(db);
			return (-1);
		}
		db->depth--;
		return (0);
	}
	if (db_exec(db, "COMMIT", "commit", cause) == -1) {
		db_rollback(db);
		return (-1);
	}
	db->depth = 0;
	return (0);
}

void
db_rollback(struct db *db)
{
	char	sql[96];

	if (db->depth <= 0)
		return;
	db->depth--;
	/* SQLite may have rolled everything back itself (I/O error, full). */
	if (sqlite3_get_autocommit(db->sq))
		return;
	if (db->depth > 0) {
		snprintf(sql, sizeof sql, "ROLLBACK TO db_%d; RELEASE db_%d",
		    db->depth, db->depth);
		(void)sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
	} else
		(void)sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
}
