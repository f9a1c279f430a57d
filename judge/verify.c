/* SPDX-License-Identifier: ISC */
/*
 * problem verify: a package's own submissions/FOLDER/FILE judged in a
 * throwaway database, each compared with the verdict its folder stands
 * for (the problemtools verifyproblem use case).
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define SUBS	"submissions/"

static const struct {
	const char	*folder;
	enum db_verdict	 verdict;
} folders[] = {
	{ "accepted",			DB_AC },
	{ "wrong_answer",		DB_WA },
	{ "time_limit_exceeded",	DB_TLE },
	{ "run_time_error",		DB_RTE },
	{ "memory_limit_exceeded",	DB_MLE },
	{ "output_limit_exceeded",	DB_OLE },
	{ "compile_error",		DB_CE },
};

enum db_verdict
jdg_folder_verdict(const char *folder)
{
	size_t	i;

	for (i = 0; i < sizeof folders / sizeof folders[0]; i++) {
		if (strcmp(folders[i].folder, folder) == 0)
			return (folders[i].verdict);
	}
	return (DB_VERDICT_NONE);
}

/* The problem into the throwaway database: from a path or from src. */
static int
copy_problem(struct db *src, struct db *dst, const char *target,
    const char *tmp, char **short_name, char **cause)
{
	struct db_problem	*p;
	struct stat		 st;
	int64_t			 id;
	int			 version, rc;

	if (stat(target, &st) == 0)
		return (jdg_problem_import(dst, target, tmp, &id, &version,
		    short_name, cause));
	if (src == NULL) {
		xasprintf(cause, "%s: %s", target, strerror(errno));
		return (-1);
	}
	rc = db_problem_find(src, target, &id, &version, cause);
	if (rc == 1)
		xasprintf(cause, "no problem or package %s", target);
	if (rc != 0)
		return (-1);
	if (db_problem_load(src, id, 1, &p, cause) != 0)
		return (-1);
	rc = db_problem_import(dst, p, cause);
	if (rc == 0)
		*short_name = xstrdup(p->short_name);
	db_problem_free(p);
	return (rc);
}

/* Queue every submissions/FOLDER/FILE kept with the version. */
static int
queue_all(struct db *db, const struct jdg_langs *langs, const char *name,
    FILE *out, size_t *n, char **cause)
{
	const struct jdg_lang	*lang;
	const struct db_file	*f;
	struct db_problem	*p;
	struct db_submit	 s;
	int64_t			 id, sid;
	int			 version, rc = 0;
	char			*folder, *base;
	size_t			 i;

	*n = 0;
	if (db_problem_find(db, name, &id, &version, cause) != 0 ||
	    db_problem_load(db, id, 1, &p, cause) != 0)
		return (-1);
	for (i = 0; rc == 0 && i < p->nfiles; i++) {
		f = &p->files[i];
		if (strncmp(f->path, SUBS, strlen(SUBS)) != 0)
			continue;
		folder = xstrdup(f->path + strlen(SUBS));
		if ((base = strchr(folder, '/')) == NULL) {
			free(folder);
			continue;
		}
		*base++ = '\0';
		if ((lang = jdg_lang_by_file(langs, base)) == NULL) {
			fprintf(out, "skipped %s: no language for this file "
			    "name\n", f->path);
			free(folder);
			continue;
		}
		memset(&s, 0, sizeof s);
		s.user = folder;
		s.problem = name;
		s.language = lang->id;
		s.filename = base;
		s.source = f->content;
		s.source_len = f->len;
		if (f->len == 0 || memchr(f->content, '\0', f->len) != NULL) {
			fprintf(out, "skipped %s: empty or binary\n", f->path);
			free(folder);
			continue;
		}
		if (db_submit(db, &s, &sid, cause) != 0)
			rc = -1;
		else
			(*n)++;
		free(folder);
	}
	db_problem_free(p);
	return (rc);
}

/* Compare, print a line each; the number that missed their verdict. */
static int
compare(struct db *db, FILE *out, size_t *bad, char **cause)
{
	struct db_filter	 f;
	struct db_submission	*list, *s;
	enum db_verdict		 want;
	size_t			 n, i;

	*bad = 0;
	memset(&f, 0, sizeof f);
	f.status = -1;
	if (db_list(db, &f, &list, &n, cause) != 0)
		return (-1);
	fprintf(out, "%-24s %-28s %-8s %-7s %8s  %s\n", "FOLDER", "FILE",
	    "EXPECTED", "GOT", "SCORE", "");
	for (i = 0; i < n; i++) {
		s = &list[i];
		want = jdg_folder_verdict(s->user);
		if (s->status != DB_DONE ||
		    (want != DB_VERDICT_NONE && s->verdict != want))
			(*bad)++;
		fprintf(out, "%-24s %-28s %-8s %-7s %8g  %s\n", s->user,
		    s->filename, want != DB_VERDICT_NONE ?
		    db_verdict_name(want) : "?", s->status == DB_DONE ?
		    db_verdict_name(s->verdict) : db_status_name(s->status),
		    s->score, s->status != DB_DONE || (want != DB_VERDICT_NONE
		    && s->verdict != want) ? "MISMATCH" : "ok");
	}
	db_submissions_free(list, n);
	return (0);
}

int
jdg_verify(const struct jdg_verify *V, FILE *out, size_t *nsubs,
    size_t *nbad, char **cause)
{
	struct jdg_workers	 W;
	struct jdg_langs	*langs = NULL;
	struct db		*db = NULL;
	const char		*tmpenv;
	char			*tmp, *dbpath, *cache, *name = NULL;
	int			 rc = -1, wrc;

	*nsubs = *nbad = 0;
	if ((tmpenv = getenv("TMPDIR")) == NULL || *tmpenv == '\0')
		tmpenv = "/tmp";
	xasprintf(&tmp, "%s/gavel-verify.XXXXXX", tmpenv);
	if (mkdtemp(tmp) == NULL) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	xasprintf(&dbpath, "%s/verify.db", tmp);
	xasprintf(&cache, "%s/cache", tmp);
	if (jdg_langs_load(jdg_langs_default_path(V->langs_path), &langs,
	    cause) != 0 || db_open(dbpath, 0, &db, cause) != 0)
		goto out;
	if (copy_problem(V->db, db, V->target, tmp, &name, cause) != 0 ||
	    queue_all(db, langs, name, out, nsubs, cause) != 0)
		goto out;
	if (*nsubs == 0) {
		xasprintf(cause, "%s: no submissions/FOLDER/FILE to verify",
		    V->target);
		goto out;
	}
	/* The workers open their own connections. */
	db_close(db);
	db = NULL;
	memset(&W, 0, sizeof W);
	W.dbpath = dbpath;
	W.langs_path = V->langs_path;
	W.cache = cache;
	W.runtime = V->runtime;
	W.nworkers = V->nworkers;
	W.once = 1;
	W.verbose = V->verbose;
	W.progress = V->progress;
	W.lease_ms = JDG_LEASE_MS;
	W.poll_ms = 1000;
	if ((wrc = jdg_workers_run(&W)) != JDG_EXIT_OK) {
		xasprintf(cause, "judging failed (exit %d)", wrc);
		goto out;
	}
	if (db_open(dbpath, DB_NOCREATE, &db, cause) != 0 ||
	    compare(db, out, nbad, cause) != 0)
		goto out;
	rc = 0;
out:
	db_close(db);
	jdg_langs_free(langs);
	if (prob_remove_tree(tmp) != 0)
		log_warn("%s: %s", tmp, strerror(errno));
	free(name);
	free(tmp);
	free(dbpath);
	free(cache);
	return (rc);
}
