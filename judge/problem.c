/* SPDX-License-Identifier: ISC */
/*
 * Problems: a package imported by problems/ goes whole into the database;
 * workers materialize a version back into their cache folder and load it
 * with problems/, so grading and validator flags are problems/' own.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define READY		".gavel-ready"
/* Problem defaults where the package gives none. */
#define DEFAULT_MEMORY	(256ULL << 20)
#define DEFAULT_OUTPUT	(64ULL << 20)

struct filelist {
	struct db_file	*v;
	size_t		 n;
};

static void
files_add(struct filelist *fl, char *path, char *data, size_t len,
    unsigned int mode)
{
	struct db_file	*f;

	fl->v = xreallocarray(fl->v, fl->n + 1, sizeof *fl->v);
	f = &fl->v[fl->n++];
	f->path = path;
	f->content = data;
	f->len = len;
	f->mode = mode;
}

static void
files_free(struct filelist *fl)
{
	size_t	i;

	for (i = 0; i < fl->n; i++) {
		free((char *)fl->v[i].path);
		free((void *)fl->v[i].content);
	}
	free(fl->v);
}

/*
 * prob_read_at() takes plain names: open rel's folder first. The package
 * came through prob_import(), which refuses links of any kind.
 */
static int
read_rel(int rootfd, const char *rel, size_t max, char **buf, size_t *len,
    char **cause)
{
	const char	*slash;
	char		*dir;
	int		 dfd, rc;

	if ((slash = strrchr(rel, '/')) == NULL)
		return (prob_read_at(rootfd, rel, rel, max, buf, len, cause));
	dir = xmalloc(slash - rel + 1);
	memcpy(dir, rel, slash - rel);
	dir[slash - rel] = '\0';
	dfd = openat(rootfd, dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
	free(dir);
	if (dfd == -1) {
		xasprintf(cause, "%s: %s", rel, strerror(errno));
		return (-1);
	}
	rc = prob_read_at(dfd, slash + 1, rel, max, buf, len, cause);
	close(dfd);
	return (rc);
}

/* Add pkg->dir/rel when it exists; 0, or -1 with *cause. */
static int
files_add_disk(struct filelist *fl, int rootfd, const char *rel, int must,
    char **cause)
{
	struct stat	 st;
	char		*buf;
	size_t		 len, i;

	for (i = 0; i < fl->n; i++) {
		if (strcmp(fl->v[i].path, rel) == 0)
			return (0);
	}
	if (fstatat(rootfd, rel, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT && !must)
			return (0);
		xasprintf(cause, "%s: %s", rel, strerror(errno));
		return (-1);
	}
	if (read_rel(rootfd, rel, PROB_MAX_YAML_BYTES, &buf, &len, cause) != 0)
		return (-1);
	files_add(fl, xstrdup(rel), buf, len, 0644);
	return (0);
}

/*
 * The package's own submissions/FOLDER/FILE sources, kept with the
 * version for `gavel problem verify ID`. Others (too big, deeper, not
 * regular files) are not the judge's data and are left out.
 */
static int
files_add_submissions(struct filelist *fl, int rootfd, char **cause)
{
	DIR		*top, *sub;
	struct dirent	*e, *f;
	struct stat	 st;
	char		*rel, *buf;
	size_t		 len, n = 0;
	int		 fd, sfd, rc = 0;

	fd = openat(rootfd, "submissions", O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1)
		return (errno == ENOENT || errno == ENOTDIR ? 0 : (xasprintf(
		    cause, "submissions: %s", strerror(errno)), -1));
	if ((top = fdopendir(fd)) == NULL) {
		xasprintf(cause, "submissions: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	while (rc == 0 && (e = readdir(top)) != NULL) {
		if (e->d_name[0] == '.' || !prob_name_ok(e->d_name,
		    strlen(e->d_name)))
			continue;
		sfd = openat(fd, e->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (sfd == -1)
			continue;
		if ((sub = fdopendir(sfd)) == NULL) {
			close(sfd);
			continue;
		}
		while (rc == 0 && (f = readdir(sub)) != NULL) {
			if (f->d_name[0] == '.' || !prob_name_ok(f->d_name,
			    strlen(f->d_name)) || fstatat(sfd, f->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) == -1 ||
			    !S_ISREG(st.st_mode) || st.st_size > JDG_SOURCE_MAX)
				continue;
			if (++n > JDG_PACKAGE_SUBMISSIONS) {
				xasprintf(cause, "submissions: more than %d "
				    "files", JDG_PACKAGE_SUBMISSIONS);
				rc = -1;
				break;
			}
			xasprintf(&rel, "submissions/%s/%s", e->d_name,
			    f->d_name);
			if (prob_read_at(sfd, f->d_name, rel, JDG_SOURCE_MAX,
			    &buf, &len, cause) != 0) {
				free(rel);
				rc = -1;
				break;
			}
			files_add(fl, rel, buf, len, 0644);
		}
		closedir(sub);
	}
	closedir(top);
	return (rc);
}

int
jdg_problem_import(struct db *db, const char *path, const char *tmpdir,
    int64_t *id, int *version, char **short_name, char **cause)
{
	struct prob_package	*pkg;
	struct db_problem	 p;
	struct db_testgroup	*groups = NULL;
	struct db_testcase	*cases = NULL;
	struct filelist		 fl;
	const struct prob_settings *s;
	const struct prob_validator *v;
	const struct prob_test	*t;
	char			*in, *ans, *fp, *data;
	size_t			 i, j, inlen, anslen;
	int			 rootfd = -1, rc = -1;

	memset(&fl, 0, sizeof fl);
	if (prob_import(path, tmpdir, &pkg, cause) != 0)
		return (-1);
	if ((rootfd = open(pkg->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) ==
	    -1) {
		xasprintf(cause, "%s: %s", pkg->dir, strerror(errno));
		goto out;
	}
	memset(&p, 0, sizeof p);
	p.short_name = pkg->short_name;
	p.name = pkg->name;
	p.type = pkg->type == PROB_SCORING ? DB_SCORING : DB_PASS_FAIL;
	p.time_limit_ms = pkg->time_limit_ms;
	p.memory_bytes = pkg->memory_bytes != 0 ? pkg->memory_bytes :
	    DEFAULT_MEMORY;
	p.output_bytes = pkg->output_bytes != 0 ? pkg->output_bytes :
	    DEFAULT_OUTPUT;
	p.validation = pkg->validation == PROB_VALIDATION_CUSTOM ?
	    DB_VALIDATION_CUSTOM : DB_VALIDATION_DEFAULT;
	p.validator_flags = pkg->validator_flags;

	/* groups[0] is data/ itself: the database lists those below it. */
	groups = xcalloc(pkg->ngroups, sizeof *groups);
	for (i = 1; i < pkg->ngroups; i++) {
		s = &pkg->groups[i].settings;
		groups[i - 1].path = pkg->groups[i].name;
		groups[i - 1].accept_score = s->accept_score;
		groups[i - 1].reject_score = s->reject_score;
		groups[i - 1].on_reject = s->on_reject == PROB_CONTINUE ?
		    DB_ON_REJECT_CONTINUE : DB_ON_REJECT_BREAK;
		groups[i - 1].grader_flags = s->grader_flags;
		groups[i - 1].output_validator_flags = s->validator_flags;
	}
	p.groups = groups;
	p.ngroups = pkg->ngroups - 1;

	/* What prob_load_dir() reads besides the tests, to load it again. */
	if (files_add_disk(&fl, rootfd, "problem.yaml", 1, cause) != 0 ||
	    files_add_disk(&fl, rootfd, ".timelimit", 0, cause) != 0)
		goto out;
	for (i = 0; i < pkg->ngroups; i++) {
		s = &pkg->groups[i].settings;
		if (s->from != NULL &&
		    files_add_disk(&fl, rootfd, s->from, 1, cause) != 0)
			goto out;
	}
	for (i = 0; i < pkg->nvalidators; i++) {
		v = &pkg->validators[i];
		for (j = 0; j < v->nfiles; j++) {
			xasprintf(&fp, "output_validators/%s/%s", v->name,
			    v->files[j].path);
			data = xmalloc(v->files[j].len + 1);
			memcpy(data, v->files[j].data, v->files[j].len + 1);
			files_add(&fl, fp, data, v->files[j].len,
			    v->files[j].mode);
		}
	}
	if (files_add_submissions(&fl, rootfd, cause) != 0)
		goto out;
	p.files = fl.v;
	p.nfiles = fl.n;

	cases = xcalloc(pkg->ntests + 1, sizeof *cases);
	for (i = 0; i < pkg->ntests; i++) {
		t = &pkg->tests[i];
		if (read_rel(rootfd, t->in_path, PROB_IMPORT_MAX_FILE, &in,
		    &inlen, cause) != 0)
			goto out_cases;
		if (read_rel(rootfd, t->ans_path, PROB_IMPORT_MAX_FILE, &ans,
		    &anslen, cause) != 0) {
			free(in);
			goto out_cases;
		}
		cases[i].group = pkg->groups[t->group].name;
		cases[i].name = t->name;
		cases[i].is_sample = t->sample;
		cases[i].input = in;
		cases[i].input_len = inlen;
		cases[i].answer = ans;
		cases[i].answer_len = anslen;
	}
	p.cases = cases;
	p.ncases = pkg->ntests;
	if (db_problem_import(db, &p, cause) != 0)
		goto out_cases;
	*id = p.id;
	*version = p.version;
	*short_name = xstrdup(pkg->short_name);
	rc = 0;
out_cases:
	for (i = 0; i < pkg->ntests; i++) {
		free((void *)cases[i].input);
		free((void *)cases[i].answer);
	}
out:
	if (rootfd != -1)
		close(rootfd);
	free(cases);
	free(groups);
	files_free(&fl);
	if (prob_remove_tree(pkg->dir) != 0)
		log_warn("%s: remove: %s", pkg->dir, strerror(errno));
	prob_free(pkg);
	return (rc);
}

/* mkdir -p of path's parents below base (base exists). */
int
jdg_mkparents(const char *base, const char *rel, char **cause)
{
	char	*p, *s;

	xasprintf(&p, "%s/%s", base, rel);
	for (s = p + strlen(base) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		if (mkdir(p, 0755) == -1 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", p, strerror(errno));
			free(p);
			return (-1);
		}
		*s = '/';
	}
	free(p);
	return (0);
}

static int
put(const char *base, const char *rel, const void *data, size_t len,
    mode_t mode, char **cause)
{
	if (strstr(rel, "..") != NULL || rel[0] == '/') {
		xasprintf(cause, "problem file %s: bad path", rel);
		return (-1);
	}
	if (jdg_mkparents(base, rel, cause) != 0)
		return (-1);
	return (jdg_write_file(base, rel, data, len, mode, cause));
}

/* Write a version's files and tests into a new folder, renamed to dir. */
static int
materialize(struct db *db, const char *cache, int64_t id, const char *dir,
    char **cause)
{
	struct db_problem	*p;
	const struct db_testcase *c;
	char			*tmp, *rel, *top;
	size_t			 i;
	int			 rc = -1;

	if (db_problem_load(db, id, 1, &p, cause) != 0) {
		if (*cause == NULL)
			xasprintf(cause, "problem version %" PRId64 ": gone",
			    id);
		return (-1);
	}
	xasprintf(&top, "%s/problems", cache);
	if (mkdir(cache, 0755) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", cache, strerror(errno));
		goto out1;
	}
	if (mkdir(top, 0755) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", top, strerror(errno));
		goto out1;
	}
	xasprintf(&tmp, "%s/.tmp-%" PRId64 ".XXXXXX", top, id);
	if (mkdtemp(tmp) == NULL) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (chmod(tmp, 0755) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out_rm;
	}
	for (i = 0; i < p->nfiles; i++) {
		if (put(tmp, p->files[i].path, p->files[i].content,
		    p->files[i].len, p->files[i].mode & 0755, cause) != 0)
			goto out_rm;
	}
	for (i = 0; i < p->ncases; i++) {
		c = &p->cases[i];
		xasprintf(&rel, "data/%s.in", c->name);
		if (put(tmp, rel, c->input, c->input_len, 0644, cause) != 0) {
			free(rel);
			goto out_rm;
		}
		free(rel);
		xasprintf(&rel, "data/%s.ans", c->name);
		if (put(tmp, rel, c->answer, c->answer_len, 0644, cause) != 0) {
			free(rel);
			goto out_rm;
		}
		free(rel);
	}
	if (put(tmp, READY, "", 0, 0644, cause) != 0)
		goto out_rm;
	/* Another worker may have won the race: theirs is as good. */
	if (rename(tmp, dir) == -1 && errno != EEXIST && errno != ENOTEMPTY) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		goto out_rm;
	}
	rc = 0;
out_rm:
	if (access(tmp, F_OK) == 0 && prob_remove_tree(tmp) != 0)
		log_warn("%s: remove: %s", tmp, strerror(errno));
out:
	free(tmp);
out1:
	free(top);
	db_problem_free(p);
	return (rc);
}

const struct jdg_lang *
jdg_validator_lang(const struct jdg_langs *langs,
    const struct prob_validator *v, const char **main)
{
	const struct jdg_lang	*l;
	size_t			 i;

	for (i = 0; i < v->nfiles; i++) {
		if (strchr(v->files[i].path, '/') != NULL)
			continue;
		if ((l = jdg_lang_by_file(langs, v->files[i].path)) != NULL) {
			*main = v->files[i].path;
			return (l);
		}
	}
	return (NULL);
}

int
jdg_problem_prepare(struct db *db, const char *cache, int64_t id,
    const struct jdg_langs *langs, struct jdg_problem **pp, char **cause)
{
	struct jdg_problem	*jp;
	struct prob_package	*pkg;
	char			*ready, *vready;
	const char		*main;
	size_t			 i, j;

	*pp = NULL;
	jp = xcalloc(1, sizeof *jp);
	xasprintf(&jp->dir, "%s/problems/%" PRId64, cache, id);
	xasprintf(&ready, "%s/" READY, jp->dir);
	if (access(ready, F_OK) == -1 &&
	    materialize(db, cache, id, jp->dir, cause) != 0)
		goto fail;
	if (db_problem_load(db, id, 0, &jp->meta, cause) != 0) {
		if (*cause == NULL)
			xasprintf(cause, "problem version %" PRId64 ": gone",
			    id);
		goto fail;
	}
	if (prob_load_dir_as(jp->dir, jp->meta->short_name, &jp->pkg,
	    cause) != 0)
		goto fail;
	pkg = jp->pkg;
	jp->case_ids = xcalloc(pkg->ntests + 1, sizeof *jp->case_ids);
	for (i = 0; i < pkg->ntests; i++) {
		for (j = 0; j < jp->meta->ncases; j++) {
			if (strcmp(jp->meta->cases[j].name,
			    pkg->tests[i].name) == 0)
				break;
		}
		if (j == jp->meta->ncases) {
			xasprintf(cause, "%s: test %s is not in the database",
			    jp->dir, pkg->tests[i].name);
			goto fail;
		}
		jp->case_ids[i] = jp->meta->cases[j].id;
	}
	if (pkg->validation == PROB_VALIDATION_CUSTOM) {
		if (pkg->nvalidators != 1) {
			xasprintf(cause, "problem %s: %zu output validators "
			    "(gavel runs exactly one)", pkg->short_name,
			    pkg->nvalidators);
			goto fail;
		}
		jp->vlang = jdg_validator_lang(langs, &pkg->validators[0],
		    &main);
		if (jp->vlang == NULL) {
			xasprintf(cause, "problem %s: output validator %s: no "
			    "file in a known language", pkg->short_name,
			    pkg->validators[0].name);
			goto fail;
		}
		xasprintf(&vready, "%s/validator/" READY, jp->dir);
		if (access(vready, F_OK) == 0)
			xasprintf(&jp->validator, "%s/validator", jp->dir);
		free(vready);
	}
	free(ready);
	*pp = jp;
	return (0);
fail:
	free(ready);
	jdg_problem_free(jp);
	return (-1);
}

void
jdg_problem_free(struct jdg_problem *jp)
{
	if (jp == NULL)
		return;
	db_problem_free(jp->meta);
	prob_free(jp->pkg);
	free(jp->dir);
	free(jp->case_ids);
	free(jp->validator);
	free(jp);
}
