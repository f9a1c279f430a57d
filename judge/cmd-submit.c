/* SPDX-License-Identifier: ISC */
/*
 * gavel submit: queue one source file for a problem, checked first:
 * a regular text file of at most 100 KiB in a configured language; or
 * (--bulk) every submission in a folder or an archive, all or none.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

static int	cmd_submit_exec(struct cmd_args *);

const struct cmd_entry cmd_submit_entry = {
	.name = "submit",
	.usage = "--user USER --problem PROBLEM [--language LANG] "
	    "[--priority N] FILE\n"
	    "--problem PROBLEM --bulk DIR|ARCHIVE [--language LANG] "
	    "[--priority N]",
	.help = "queue a submission (prints its id)",
	.flags = CMD_NEEDS_DB,
	.exec = cmd_submit_exec,
};

static const struct option opts[] = {
	{ "user",	required_argument,	NULL, 'u' },
	{ "problem",	required_argument,	NULL, 'p' },
	{ "language",	required_argument,	NULL, 'l' },
	{ "priority",	required_argument,	NULL, 'P' },
	{ "bulk",	required_argument,	NULL, 'b' },
	{ NULL,		0,			NULL, 0 }
};

/* Read a source: regular, not empty, no NUL, at most JDG_SOURCE_MAX. */
static int
read_source(const char *path, char **buf, size_t *len, char **cause)
{
	struct stat	st;
	ssize_t		n;
	int		fd;

	*buf = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1 ||
	    fstat(fd, &st) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		xasprintf(cause, "%s: not a regular file", path);
		return (-1);
	}
	if (st.st_size > JDG_SOURCE_MAX) {
		close(fd);
		xasprintf(cause, "%s: %lld bytes, over the %d byte limit", path,
		    (long long)st.st_size, JDG_SOURCE_MAX);
		return (-1);
	}
	*buf = xmalloc(JDG_SOURCE_MAX + 2);
	*len = 0;
	while ((n = read(fd, *buf + *len, JDG_SOURCE_MAX + 1 - *len)) > 0)
		*len += n;
	close(fd);
	if (n == -1)
		xasprintf(cause, "%s: %s", path, strerror(errno));
	else if (*len > JDG_SOURCE_MAX)
		xasprintf(cause, "%s: over the %d byte limit", path,
		    JDG_SOURCE_MAX);
	else if (*len == 0)
		xasprintf(cause, "%s: empty", path);
	else if (memchr(*buf, '\0', *len) != NULL)
		xasprintf(cause, "%s: binary (NUL bytes), not a source file",
		    path);
	else {
		(*buf)[*len] = '\0';
		return (0);
	}
	free(*buf);
	*buf = NULL;
	return (-1);
}

/* Queue every submission of a folder or archive in one transaction. */
static int
submit_bulk(struct cmd_args *a, const struct jdg_langs *langs,
    const struct jdg_lang *forced, const char *problem, const char *path,
    int prio)
{
	const struct jdg_lang	*lang;
	struct jdg_bulk		*v;
	struct db_submit	 s;
	char			*cause = NULL, *boxname;
	int64_t			*ids;
	size_t			 n, i;

	if (jdg_bulk_collect(path, langs, forced, &v, &n, &cause) != 0) {
		cmd_error(&cmd_submit_entry, "%s", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	ids = xcalloc(n, sizeof *ids);
	if (db_begin(a->db, DB_TX_WRITE, &cause) != 0)
		goto fail;
	for (i = 0; i < n; i++) {
		lang = forced != NULL ? forced :
		    jdg_lang_by_file(langs, v[i].filename);
		if (lang == NULL) {
			xasprintf(&cause, "%s: no language for this file "
			    "name (use --language)", v[i].path);
			goto rollback;
		}
		if (jdg_lang_source_name(lang, v[i].filename, &boxname,
		    &cause) != 0) {
			xasprintf(&boxname, "%s: %s", v[i].path, cause);
			free(cause);
			cause = boxname;
			goto rollback;
		}
		free(boxname);
		memset(&s, 0, sizeof s);
		s.user = v[i].user;
		s.problem = problem;
		s.language = lang->id;
		s.filename = v[i].filename;
		s.source = v[i].source;
		s.source_len = v[i].len;
		s.priority = prio;
		if (db_submit(a->db, &s, &ids[i], &boxname) != 0) {
			xasprintf(&cause, "%s: %s", v[i].path, boxname);
			free(boxname);
			goto rollback;
		}
	}
	if (db_audit(a->db, "cli", "submit --bulk", problem, path,
	    &cause) != 0 || db_commit(a->db, &cause) != 0)
		goto rollback;
	for (i = 0; i < n; i++)
		printf("%" PRId64 "\t%s\t%s\n", ids[i], v[i].user, v[i].path);
	free(ids);
	jdg_bulk_free(v, n);
	return (JDG_EXIT_OK);
rollback:
	db_rollback(a->db);
fail:
	cmd_error(&cmd_submit_entry, "%s", cause);
	free(cause);
	free(ids);
	jdg_bulk_free(v, n);
	return (JDG_EXIT_ERROR);
}

static int
cmd_submit_exec(struct cmd_args *a)
{
	const struct jdg_lang	*lang;
	struct jdg_langs	*langs = NULL;
	struct db_submit	 s;
	const char		*lname = NULL, *base, *bulk = NULL;
	char			*cause = NULL, *src = NULL, *boxname = NULL;
	char			*end;
	size_t			 len;
	int64_t			 id, pid;
	long			 prio = 0;
	int			 ch, rc = JDG_EXIT_ERROR, version;

	memset(&s, 0, sizeof s);
	while ((ch = getopt_long(a->argc, a->argv, "u:p:l:P:b:", opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			s.user = optarg;
			break;
		case 'p':
			s.problem = optarg;
			break;
		case 'l':
			lname = optarg;
			break;
		case 'P':
			errno = 0;
			prio = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || errno != 0 ||
			    prio < -1000000 || prio > 1000000)
				return (cmd_error(&cmd_submit_entry,
				    "bad priority: %s", optarg));
			break;
		case 'b':
			bulk = optarg;
			break;
		default:
			return (cmd_usage(&cmd_submit_entry));
		}
	}
	if (s.problem == NULL || (bulk == NULL && (optind != a->argc - 1 ||
	    s.user == NULL)) || (bulk != NULL && (optind != a->argc ||
	    s.user != NULL)))
		return (cmd_usage(&cmd_submit_entry));
	if (jdg_langs_load(jdg_langs_default_path(a->langs), &langs,
	    &cause) != 0)
		goto fail;
	if (bulk != NULL) {
		if (lname != NULL && (lang = jdg_lang_find(langs,
		    lname)) == NULL) {
			xasprintf(&cause, "unknown language: %s", lname);
			goto fail;
		}
		switch (db_problem_find(a->db, s.problem, &pid, &version,
		    &cause)) {
		case 0:
			break;
		case 1:
			xasprintf(&cause, "unknown problem: %s", s.problem);
			goto fail;
		default:
			goto fail;
		}
		rc = submit_bulk(a, langs, lname != NULL ? lang : NULL,
		    s.problem, bulk, (int)prio);
		goto out;
	}
	base = strrchr(a->argv[optind], '/');
	base = base != NULL ? base + 1 : a->argv[optind];
	lang = lname != NULL ? jdg_lang_find(langs, lname) :
	    jdg_lang_by_file(langs, base);
	if (lang == NULL) {
		if (lname != NULL)
			xasprintf(&cause, "unknown language: %s", lname);
		else
			xasprintf(&cause, "%s: no language for this file "
			    "name (use --language)", base);
		goto fail;
	}
	if (jdg_lang_source_name(lang, base, &boxname, &cause) != 0)
		goto fail;
	switch (db_problem_find(a->db, s.problem, &pid, &version, &cause)) {
	case 0:
		break;
	case 1:
		xasprintf(&cause, "unknown problem: %s", s.problem);
		goto fail;
	default:
		goto fail;
	}
	if (read_source(a->argv[optind], &src, &len, &cause) != 0)
		goto fail;
	s.language = lang->id;
	s.filename = base;
	s.source = src;
	s.source_len = len;
	s.priority = (int)prio;
	if (db_submit(a->db, &s, &id, &cause) != 0)
		goto fail;
	printf("%" PRId64 "\n", id);
	rc = JDG_EXIT_OK;
	goto out;
fail:
	cmd_error(&cmd_submit_entry, "%s", cause);
out:
	free(cause);
	free(src);
	free(boxname);
	jdg_langs_free(langs);
	return (rc);
}
