/* SPDX-License-Identifier: ISC */
/*
 * Users (get-or-create, bans, rate-limit counts), the audit log and abuse
 * flags.
 */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

static int	user_lookup(struct db *, const char *, int64_t *, char **);

/* 0 and *id, 1 if there is no such user, -1. */
static int
user_lookup(struct db *db, const char *name, int64_t *id, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_prepare(db, "SELECT id FROM users WHERE name = ?", &stmt,
	    cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, name) != SQLITE_OK ||
	    ((rc = sqlite3_step(stmt)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_fail(db, cause, "user");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return (rc == SQLITE_ROW ? 0 : 1);
}

int
db_user_get(struct db *db, const char *name, int create, int64_t *id,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	if (db_check_name("user", name, DB_NAME_MAX, cause) == -1)
		return (-1);
	if ((rc = user_lookup(db, name, id, cause)) != 1 || !create)
		return (rc);
	/* Another process may create the same user meanwhile: fine. */
	if (db_prepare(db, "INSERT INTO users (name, created_at) VALUES (?, ?) "
	    "ON CONFLICT (name) DO NOTHING", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, name) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, db_now_ms()) != SQLITE_OK) {
		db_fail(db, cause, "create user");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (db_run_stmt(db, stmt, "create user", cause) == -1)
		return (-1);
	if ((rc = user_lookup(db, name, id, cause)) == 1)
		return (db_failx(cause, "%s: user '%s' vanished after its "
		    "creation", db->path, name));
	return (rc);
}

int
db_user_ban(struct db *db, const char *name, const char *reason,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int64_t		 id;

	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (db_user_get(db, name, 1, &id, cause) != 0)
		goto fail;
	if (db_prepare(db, "UPDATE users SET banned = 1, ban_reason = ?, "
	    "banned_at = ? WHERE id = ?", &stmt, cause) == -1)
		goto fail;
	if (db_bind_clean(stmt, 1, reason != NULL ? reason : "", 1024) !=
	    SQLITE_OK || sqlite3_bind_int64(stmt, 2, db_now_ms()) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 3, id) != SQLITE_OK) {
		db_fail(db, cause, "ban");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "ban", cause) == -1)
		goto fail;
	return (db_commit(db, cause));

fail:
	db_rollback(db);
	return (-1);
}

int
db_user_unban(struct db *db, const char *name, char **cause)
{
	sqlite3_stmt	*stmt;

	if (db_prepare(db, "UPDATE users SET banned = 0, ban_reason = NULL, "
	    "banned_at = NULL WHERE name = ?", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, name) != SQLITE_OK) {
		db_fail(db, cause, "unban");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (db_run_stmt(db, stmt, "unban", cause) == -1)
		return (-1);
	if (sqlite3_changes(db->sq) == 0)
		return (db_failx(cause, "unban: no user '%s'", name));
	return (0);
}

int
db_user_banned(struct db *db, const char *name, int *banned, char **reason,
    char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*banned = 0;
	if (reason != NULL)
		*reason = NULL;
	if (db_prepare(db, "SELECT banned, coalesce(ban_reason, '') FROM users "
	    "WHERE name = ?", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, name) != SQLITE_OK ||
	    ((rc = sqlite3_step(stmt)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_fail(db, cause, "banned");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (rc == SQLITE_ROW && sqlite3_column_int(stmt, 0) != 0) {
		*banned = 1;
		if (reason != NULL)
			*reason = db_col_strdup(stmt, 1);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int
db_user_counts(struct db *db, int64_t user_id, int64_t window_s,
    int64_t *recent, int64_t *pending, char **cause)
{
	sqlite3_stmt	*stmt;

	*recent = *pending = 0;
	if (db_prepare(db, "SELECT total(submitted_at >= ?2), "
	    "total(status IN ('queued', 'judging')) FROM submissions WHERE "
	    "user_id = ?1", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, user_id) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, db_now_ms() - window_s * 1000) !=
	    SQLITE_OK || sqlite3_step(stmt) != SQLITE_ROW) {
		db_fail(db, cause, "user counts");
		sqlite3_finalize(stmt);
		return (-1);
	}
	*recent = sqlite3_column_int64(stmt, 0);
	*pending = sqlite3_column_int64(stmt, 1);
	sqlite3_finalize(stmt);
	return (0);
}

int
db_audit(struct db *db, const char *actor, const char *action,
    const char *target, const char *detail, char **cause)
{
	sqlite3_stmt	*stmt;

	if (db_check_name("audit actor", actor, 256, cause) == -1 ||
	    db_check_name("audit action", action, 64, cause) == -1)
		return (-1);
	if (db_prepare(db, "INSERT INTO audit (at, actor, action, target, "
	    "detail) VALUES (?, ?, ?, ?, ?)", &stmt, cause) == -1)
		return (-1);
	if (sqlite3_bind_int64(stmt, 1, db_now_ms()) != SQLITE_OK ||
	    db_bind_text(stmt, 2, actor) != SQLITE_OK ||
	    db_bind_text(stmt, 3, action) != SQLITE_OK ||
	    db_bind_clean(stmt, 4, target != NULL ? target : "", 1024) !=
	    SQLITE_OK ||
	    db_bind_clean(stmt, 5, detail != NULL ? detail : "", DB_TEXT_MAX) !=
	    SQLITE_OK) {
		db_fail(db, cause, "audit");
		sqlite3_finalize(stmt);
		return (-1);
	}
	return (db_run_stmt(db, stmt, "audit", cause));
}

int
db_audit_list(struct db *db, const char *action_prefix, int64_t after_id,
    size_t limit, struct db_audit_row **rows, size_t *n, char **cause)
{
	struct db_audit_row	*r;
	sqlite3_stmt		*stmt;
	size_t			 cap = 0;
	int			 rc;

	*rows = NULL;
	*n = 0;
	/* substr() rather than LIKE: '_' and '%' in a prefix are literal. */
	if (db_prepare(db, "SELECT id, at, actor, action, target, detail FROM "
	    "audit WHERE (?1 IS NULL OR substr(action, 1, length(?1)) = ?1) "
	    "AND id > ?2 ORDER BY id DESC LIMIT ?3", &stmt, cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, action_prefix) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 2, after_id) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 3, limit == 0 ? -1 : (int64_t)limit) !=
	    SQLITE_OK) {
		db_fail(db, cause, "audit");
		sqlite3_finalize(stmt);
		return (-1);
	}
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			*rows = xreallocarray(*rows, cap, sizeof **rows);
		}
		r = &(*rows)[(*n)++];
		r->id = sqlite3_column_int64(stmt, 0);
		r->at = sqlite3_column_int64(stmt, 1);
		r->actor = db_col_strdup(stmt, 2);
		r->action = db_col_strdup(stmt, 3);
		r->target = db_col_strdup(stmt, 4);
		r->detail = db_col_strdup(stmt, 5);
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, cause, "audit");
		sqlite3_finalize(stmt);
		db_audit_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return (-1);
	}
	sqlite3_finalize(stmt);
	return (0);
}

void
db_audit_free(struct db_audit_row *rows, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(rows[i].actor);
		free(rows[i].action);
		free(rows[i].target);
		free(rows[i].detail);
	}
	free(rows);
}

int
db_flags_check(const struct db_flag *flags, size_t n, char **cause)
{
	const struct db_flag	*f;
	size_t			 i;

	for (i = 0; i < n; i++) {
		f = &flags[i];
		if (f->rule_id == NULL || *f->rule_id == '\0')
			return (db_failx(cause, "flag %zu: no rule id", i + 1));
		if ((unsigned int)f->source > DB_FLAG_RUNTIME ||
		    (unsigned int)f->severity > DB_SEV_HIGH ||
		    (unsigned int)f->action > DB_ACTION_REJECT)
			return (db_failx(cause, "flag %zu (%s): bad source, "
			    "severity or action", i + 1, f->rule_id));
	}
	return (0);
}

int
db_flags_insert(struct db *db, int64_t sid, const struct db_flag *flags,
    size_t n, int64_t jid, char **cause)
{
	static const char	*sources[] = { "static", "runtime" };
	static const char	*actions[] = { "flag", "reject" };
	const struct db_flag	*f;
	sqlite3_stmt		*stmt;
	int64_t			 now = db_now_ms();
	size_t			 i;

	if (db_flags_check(flags, n, cause) == -1)
		return (-1);
	/* The user is the submission's: no way to flag the wrong one. */
	if (db_prepare(db, "INSERT INTO flags (submission_id, user_id, "
	    "judging_id, source, rule_id, category, severity, action, "
	    "message, line, created_at) SELECT id, user_id, ?2, ?3, ?4, ?5, "
	    "?6, ?7, ?8, ?9, ?10 FROM submissions WHERE id = ?1", &stmt,
	    cause) == -1)
		return (-1);
	for (i = 0; i < n; i++) {
		f = &flags[i];
		if (sqlite3_bind_int64(stmt, 1, sid) != SQLITE_OK ||
		    (jid > 0 ? sqlite3_bind_int64(stmt, 2, jid) :
		    sqlite3_bind_null(stmt, 2)) != SQLITE_OK ||
		    db_bind_text(stmt, 3, sources[f->source]) != SQLITE_OK ||
		    db_bind_clean(stmt, 4, f->rule_id, 256) != SQLITE_OK ||
		    db_bind_clean(stmt, 5, f->category != NULL ? f->category :
		    "", 256) != SQLITE_OK ||
		    db_bind_text(stmt, 6, db_severity_name(f->severity)) !=
		    SQLITE_OK ||
		    db_bind_text(stmt, 7, actions[f->action]) != SQLITE_OK ||
		    db_bind_clean(stmt, 8, f->message != NULL ? f->message : "",
		    DB_TEXT_MAX) != SQLITE_OK ||
		    (f->line > 0 ? sqlite3_bind_int(stmt, 9, f->line) :
		    sqlite3_bind_null(stmt, 9)) != SQLITE_OK ||
		    sqlite3_bind_int64(stmt, 10, now) != SQLITE_OK ||
		    sqlite3_step(stmt) != SQLITE_DONE) {
			db_fail(db, cause, "flag");
			sqlite3_finalize(stmt);
			return (-1);
		}
		if (sqlite3_changes(db->sq) != 1) {
			sqlite3_finalize(stmt);
			return (db_failx(cause, "flag: no submission %" PRId64,
			    sid));
		}
		sqlite3_reset(stmt);
	}
	sqlite3_finalize(stmt);
	return (0);
}

int
db_flag_add(struct db *db, int64_t submission_id, const struct db_flag *f,
    char **cause)
{
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if (db_flags_insert(db, submission_id, f, 1, 0, cause) == -1) {
		db_rollback(db);
		return (-1);
	}
	return (db_commit(db, cause));
}
