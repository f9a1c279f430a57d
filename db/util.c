/* SPDX-License-Identifier: ISC */
/*
 * db helpers: enum names as the schema spells them, text sanitizing, name
 * checks, and binding and reading statement columns.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"
#include "db-int.h"

static const char *verdict_names[DB_VERDICT_MAX] = {
	[DB_VERDICT_NONE] = "",
	[DB_AC] = "AC",
	[DB_WA] = "WA",
	[DB_TLE] = "TLE",
	[DB_MLE] = "MLE",
	[DB_OLE] = "OLE",
	[DB_RTE] = "RTE",
	[DB_CE] = "CE",
	[DB_SV] = "SV",
	[DB_RJ] = "RJ",
	[DB_IE] = "IE",
	[DB_SK] = "SK",
};

static const char *status_names[] = { "queued", "judging", "done" };

const char *
db_verdict_name(enum db_verdict v)
{
	if ((unsigned int)v >= DB_VERDICT_MAX)
		return ("");
	return (verdict_names[v]);
}

enum db_verdict
db_verdict_parse(const char *s)
{
	int	v;

	if (s == NULL)
		return (DB_VERDICT_NONE);
	for (v = DB_VERDICT_NONE + 1; v < DB_VERDICT_MAX; v++) {
		if (strcmp(s, verdict_names[v]) == 0)
			return ((enum db_verdict)v);
	}
	return (DB_VERDICT_NONE);
}

/* Which verdicts a submission (run 0) or a test (run 1) may have. */
int
db_verdict_ok(enum db_verdict v, int run)
{
	switch (v) {
	case DB_AC:
	case DB_WA:
	case DB_TLE:
	case DB_MLE:
	case DB_OLE:
	case DB_RTE:
	case DB_SV:
	case DB_IE:
		return (1);
	case DB_CE:
	case DB_RJ:
		return (!run);
	case DB_SK:
		return (run);
	default:
		return (0);
	}
}

const char *
db_status_name(enum db_status s)
{
	if ((unsigned int)s > DB_DONE)
		return ("");
	return (status_names[s]);
}

enum db_status
db_status_parse(const char *s)
{
	if (s != NULL && strcmp(s, "judging") == 0)
		return (DB_JUDGING);
	if (s != NULL && strcmp(s, "done") == 0)
		return (DB_DONE);
	return (DB_QUEUED);
}

const char *
db_ptype_name(enum db_ptype t)
{
	return (t == DB_SCORING ? "scoring" : "pass-fail");
}

const char *
db_severity_name(enum db_severity s)
{
	switch (s) {
	case DB_SEV_HIGH:
		return ("high");
	case DB_SEV_MEDIUM:
		return ("medium");
	default:
		return ("low");
	}
}

/* Length of the valid UTF-8 character at s (n bytes left), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	uint32_t	c;
	size_t		len, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (len > n)
		return (0);
	c = s[0] & (0xff >> (len + 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return (0);
	/* C1 controls (U+0080..U+009F): some terminals obey them. */
	if (c >= 0x80 && c <= 0x9f)
		return (0);
	return (len);
}

char *
db_sanitize(const char *in, size_t max)
{
	static const char	 repl[] = "\xef\xbf\xbd";	/* U+FFFD */
	const unsigned char	*s = (const unsigned char *)in;
	char			*out;
	size_t			 n, o, len, step;

	if (in == NULL)
		return (xstrdup(""));
	n = strlen(in);
	/* Each input byte becomes at most 3 output bytes. */
	out = xreallocarray(NULL, n + 1, 3);
	o = 0;
	while (n > 0) {
		len = utf8_len(s, n);
		if (len == 1 && (s[0] < 0x20 || s[0] == 0x7f) &&
		    s[0] != '\t' && s[0] != '\n')
			len = 0;
		step = len == 0 ? 1 : len;
		if (o + (len == 0 ? 3 : len) > max)
			break;
		if (len == 0) {
			memcpy(out + o, repl, 3);
			o += 3;
		} else {
			memcpy(out + o, s, len);
			o += len;
		}
		s += step;
		n -= step;
	}
	out[o] = '\0';
	return (out);
}

/*
 * Names (users, problems, languages, workers, file names) are shown on
 * terminals and used in paths: printable ASCII or UTF-8, no control
 * characters, within max bytes.
 */
int
db_check_name(const char *what, const char *s, size_t max, char **cause)
{
	const unsigned char	*p;
	size_t			 n, len;

	if (s == NULL || *s == '\0')
		return (db_failx(cause, "%s: empty", what));
	if ((n = strlen(s)) > max)
		return (db_failx(cause, "%s: longer than %zu bytes", what,
		    max));
	for (p = (const unsigned char *)s; n > 0; p += len, n -= len) {
		len = utf8_len(p, n);
		if (len == 0 || (len == 1 && (*p < 0x20 || *p == 0x7f)))
			return (db_failx(cause, "%s: control character or "
			    "invalid UTF-8 at byte %zu", what,
			    (size_t)(p - (const unsigned char *)s)));
	}
	return (0);
}

int
db_bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
	if (s == NULL)
		return (sqlite3_bind_null(stmt, i));
	return (sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT));
}

int
db_bind_blob(sqlite3_stmt *stmt, int i, const void *p, size_t len)
{
	/* A NULL pointer would bind NULL, not an empty blob. */
	if (p == NULL || len == 0)
		return (sqlite3_bind_zeroblob(stmt, i, 0));
	return (sqlite3_bind_blob64(stmt, i, p, len, SQLITE_STATIC));
}

int
db_bind_clean(sqlite3_stmt *stmt, int i, const char *s, size_t max)
{
	char	*clean;
	int	 rc;

	if (s == NULL)
		return (sqlite3_bind_null(stmt, i));
	clean = db_sanitize(s, max);
	/* With a length, SQLite frees clean even when the bind fails. */
	rc = sqlite3_bind_text(stmt, i, clean, (int)strlen(clean), free);
	return (rc);
}

char *
db_col_strdup(sqlite3_stmt *stmt, int i)
{
	const unsigned char	*s;

	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		return (NULL);
	return (xstrdup((const char *)s));
}

void *
db_col_blobdup(sqlite3_stmt *stmt, int i, size_t *len)
{
	const void	*p;
	char		*out;
	int		 n;

	p = sqlite3_column_blob(stmt, i);
	n = sqlite3_column_bytes(stmt, i);
	out = xmalloc((size_t)n + 1);
	if (n > 0)
		memcpy(out, p, (size_t)n);
	out[n] = '\0';
	*len = (size_t)n;
	return (out);
}
