/* SPDX-License-Identifier: ISC */
/*
 * db internals shared by the db/ sources: the handle, errors, statement
 * helpers. The only header in the tree that includes sqlite3.h.
 */

#ifndef DB_INT_H
#define DB_INT_H

#include <sqlite3.h>

#include "db.h"

/* "gavl": PRAGMA application_id of a gavel database. */
#define DB_APPLICATION_ID	0x6761766c

struct db {
	sqlite3		*sq;
	char		*path;
	int		 flags;
	int		 busy_ms;
	int		 max_attempts;
	int		 depth;		/* open transactions (nesting) */
};

/* open.c */
/*
 * Set *cause to "path: what: <sqlite's error>" (a busy database gets a
 * plain explanation) and return -1.
 */
int		 db_fail(struct db *, char **cause, const char *what);
/* Set *cause to the formatted message and return -1. */
int		 db_failx(char **cause, const char *fmt, ...)
		     __attribute__((format(printf, 2, 3)));
int		 db_prepare(struct db *, const char *sql, sqlite3_stmt **,
		     char **cause);
/* Run a statement that returns no rows, then finalize it. */
int		 db_run_stmt(struct db *, sqlite3_stmt *, const char *what,
		     char **cause);
/* Prepare, run and finalize SQL without parameters. */
int		 db_exec(struct db *, const char *sql, const char *what,
		     char **cause);
/* One integer from a query without parameters. */
int		 db_query_int(struct db *, const char *sql, int64_t *out,
		     char **cause);
int64_t		 db_now_ms(void);

/* util.c */
int		 db_verdict_ok(enum db_verdict, int run);
/* A name: 1..max bytes, printable, no '/' if !slash; 0 or -1 *cause. */
int		 db_check_name(const char *what, const char *s, size_t max,
		     char **cause);
enum db_status	 db_status_parse(const char *);

/* Binding and reading columns. */
int		 db_bind_text(sqlite3_stmt *, int, const char *);
int		 db_bind_blob(sqlite3_stmt *, int, const void *, size_t);
/* Bind sanitized text (NULL stays NULL). */
int		 db_bind_clean(sqlite3_stmt *, int, const char *, size_t max);
char		*db_col_strdup(sqlite3_stmt *, int);	/* NULL stays NULL */
void		*db_col_blobdup(sqlite3_stmt *, int, size_t *);

/* user.c */
/* Every flag has a rule and valid enums: 0, or -1 and *cause. */
int		 db_flags_check(const struct db_flag *, size_t, char **);
/* Insert flags of submission sid, of judging jid (0: none). */
int		 db_flags_insert(struct db *, int64_t sid, const struct db_flag *,
		     size_t, int64_t jid, char **cause);

/* query.c */
/*
 * " AND ..." conditions on s for the fields f sets (status only when
 * with_status), with named parameters that db_filter_bind() fills.
 */
void		 db_filter_where(const struct db_filter *, int with_status,
		     char *buf, size_t len);
int		 db_filter_bind(sqlite3_stmt *, const struct db_filter *);

#endif /* DB_INT_H */
