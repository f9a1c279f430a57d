/* SPDX-License-Identifier: ISC */
/*
 * Settings: raw key/value pairs of the settings table, each change written
 * together with its audit row. Keys, defaults and parsing are the judge's.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

int
db_setting_get(struct db *db, const char *key, char **value, char **cause)
{
	sqlite3_stmt	*stmt;
	int		 rc;

	*value = NULL;
	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &stmt,
	    cause) == -1)
		return (-1);
	if (db_bind_text(stmt, 1, key) != SQLITE_OK ||
	    ((rc = sqlite3_step(stmt)) != SQLITE_ROW && rc != SQLITE_DONE)) {
		db_fail(db, cause, "setting");
		sqlite3_finalize(stmt);
		return (-1);
	}
	if (rc == SQLITE_ROW)
		*value = db_col_strdup(stmt, 0);
	sqlite3_finalize(stmt);
	return (rc == SQLITE_ROW ? 0 : 1);
}

int
db_setting_set(struct db *db, const char *key, const char *value,
    const char *actor, char **cause)
{
	sqlite3_stmt	*stmt;
	char		*old = NULL, *detail;
	int		 rc;

	if (db_check_name("setting", key, 64, cause) == -1)
		return (-1);
	if (value != NULL && strlen(value) > 1024)
		return (db_failx(cause, "setting %s: value over 1024 bytes",
		    key));
	if (db_begin(db, DB_TX_WRITE, cause) == -1)
		return (-1);
	if ((rc = db_setting_get(db, key, &old, cause)) == -1)
		goto fail;
	if (value == NULL)
		rc = db_prepare(db, "DELETE FROM settings WHERE key = ?1", &stmt,
		    cause);
	else
		rc = db_prepare(db, "INSERT INTO settings (key, value, "
		    "updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) ON CONFLICT "
		    "(key) DO UPDATE SET value = ?2, updated_at = ?3, "
		    "updated_by = ?4", &stmt, cause);
	if (rc == -1)
		goto fail;
	if (db_bind_text(stmt, 1, key) != SQLITE_OK || (value != NULL &&
	    (db_bind_clean(stmt, 2, value, 1024) != SQLITE_OK ||
	    sqlite3_bind_int64(stmt, 3, db_now_ms()) != SQLITE_OK ||
	    db_bind_clean(stmt, 4, actor, 256) != SQLITE_OK))) {
		db_fail(db, cause, "setting");
		sqlite3_finalize(stmt);
		goto fail;
	}
	if (db_run_stmt(db, stmt, "setting", cause) == -1)
		goto fail;
	xasprintf(&detail, "%s -> %s", old != NULL ? old : "(default)",
	    value != NULL ? value : "(default)");
	rc = db_audit(db, actor, "config.set", key, detail, cause);
	free(detail);
	if (rc == -1)
		goto fail;
	free(old);
	return (db_commit(db, cause));

fail:
	free(old);
	db_rollback(db);
	return (-1);
}
