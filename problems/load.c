/* SPDX-License-Identifier: ISC */
/*
 * Loading a package folder: problem.yaml, .timelimit, the tree of test
 * groups under data/ and the output validators' sources.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "problems/prob.h"

#define TIMELIMIT_MAX		64	/* bytes of .timelimit */

int
prob_lerr(struct prob_loader *L, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	if (vasprintf(L->cause, fmt, ap) == -1)
		*L->cause = prob_xstrdup("out of memory");
	va_end(ap);
	return (-1);
}

int
prob_short_name_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i == PROB_SHORT_NAME_MAX)
			return (0);
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return (0);
	}
	return (i > 0);
}

void
prob_entries_free(struct prob_entry *e, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}

static int
entry_cmp(const void *a, const void *b)
{
	return (prob_natcmp(((const struct prob_entry *)a)->name,
	    ((const struct prob_entry *)b)->name));
}

/*
 * List dfd (shown as rel) in natural order: only regular files and
 * folders, names valid UTF-8 without control bytes, nothing over the
 * entry and size limits. -1 with *cause.
 */
int
prob_list_dir(struct prob_loader *L, int dfd, const char *rel,
    struct prob_entry **out, size_t *nout)
{
	struct prob_entry	*e = NULL;
	struct dirent		*de;
	struct stat		 st;
	DIR			*d;
	char			*san;
	size_t			 n = 0, len;
	int			 fd;

	*out = NULL;
	*nout = 0;
	/* A fresh descriptor: readdir must not share dfd's offset. */
	if ((fd = openat(dfd, ".", O_RDONLY|O_DIRECTORY|O_CLOEXEC)) == -1)
		return (prob_lerr(L, "%s: %s", rel, strerror(errno)));
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return (prob_lerr(L, "%s: %s", rel, strerror(errno)));
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		len = strlen(de->d_name);
		if (++L->files > PROB_IMPORT_MAX_FILES) {
			prob_lerr(L, "%s: more than %d files in the package",
			    rel, PROB_IMPORT_MAX_FILES);
			goto fail;
		}
		if (!prob_name_ok(de->d_name, len)) {
			san = prob_sanitize(de->d_name, len, 80, 0);
			prob_lerr(L, "%s: name \"%s\" is not UTF-8 or has "
			    "control characters", rel, san);
			free(san);
			goto fail;
		}
		if (strlen(rel) + 1 + len > PROB_MAX_PATH) {
			prob_lerr(L, "%s/%s: path too long", rel, de->d_name);
			goto fail;
		}
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			prob_lerr(L, "%s/%s: %s", rel, de->d_name,
			    strerror(errno));
			goto fail;
		}
		if (S_ISLNK(st.st_mode)) {
			prob_lerr(L, "%s/%s: symbolic links are not allowed",
			    rel, de->d_name);
			goto fail;
		}
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			prob_lerr(L, "%s/%s: not a regular file or a folder",
			    rel, de->d_name);
			goto fail;
		}
		if (S_ISREG(st.st_mode) &&
		    (uint64_t)st.st_size > PROB_IMPORT_MAX_FILE) {
			prob_lerr(L, "%s/%s: over the %llu-byte file size "
			    "limit", rel, de->d_name,
			    (unsigned long long)PROB_IMPORT_MAX_FILE);
			goto fail;
		}
		e = prob_xreallocarray(e, n + 1, sizeof *e);
		e[n].name = prob_xstrdup(de->d_name);
		e[n].type = st.st_mode & S_IFMT;
		e[n].size = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
		n++;
	}
	if (errno != 0) {
		prob_lerr(L, "%s: %s", rel, strerror(errno));
		goto fail;
	}
	closedir(d);
	if (n > 1)
		qsort(e, n, sizeof *e, entry_cmp);
	*out = e;
	*nout = n;
	return (0);
fail:
	closedir(d);
	prob_entries_free(e, n);
	return (-1);
}

static int
has_suffix(const char *s, const char *suffix)
{
	size_t	ls = strlen(s), lx = strlen(suffix);

	return (ls > lx && strcmp(s + ls - lx, suffix) == 0);
}

/*
 * Open folder name under dfd (shown as rel) without following a link.
 * The fd; -2 when it does not exist and missing_ok; else -1 with *cause.
 */
int
prob_open_dir_at(struct prob_loader *L, int dfd, const char *name,
    const char *rel, int missing_ok)
{
	struct stat	st;
	int		fd, saved;

	fd = openat(dfd, name, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
	if (fd != -1)
		return (fd);
	saved = errno;
	if (saved == ENOENT && missing_ok)
		return (-2);
	/* O_DIRECTORY makes a link fail as ENOTDIR rather than ELOOP. */
	if ((saved == ELOOP || saved == ENOTDIR) &&
	    fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISLNK(st.st_mode))
		prob_lerr(L, "%s: symbolic links are not allowed", rel);
	else
		prob_lerr(L, "%s: %s", rel, strerror(saved));
	return (-1);
}

/* A member of a group before it is added: a test base name or a folder. */
struct member {
	char		*name;
	int		 is_group;
	size_t		 in, ans;	/* indexes into the entries */
};

static int
member_casecmp(const void *a, const void *b)
{
	return (strcasecmp(((const struct member *)a)->name,
	    ((const struct member *)b)->name));
}

static int
member_natcmp(const void *a, const void *b)
{
	return (prob_natcmp(((const struct member *)a)->name,
	    ((const struct member *)b)->name));
}

/*
 * The regular file that pairs with name (its last cut bytes replaced by
 * suffix) in the sorted entries, or -1.
 */
static ssize_t
find_pair(const struct prob_entry *e, size_t ne, const char *name,
    size_t cut, const char *suffix)
{
	struct prob_entry	 key, *hit;
	char			*want;

	prob_xasprintf(&want, "%.*s%s", (int)(strlen(name) - cut), name,
	    suffix);
	key.name = want;
	hit = bsearch(&key, e, ne, sizeof *e, entry_cmp);
	free(want);
	if (hit == NULL || hit->type != S_IFREG)
		return (-1);
	return (hit - e);
}

static int	walk_group(struct prob_loader *, int, const char *, ssize_t,
		    const char *, size_t, int, const struct prob_settings *);

/* Test names that differ only in case collide on many file systems. */
static int
check_collisions(struct prob_loader *L, const char *rel, const struct member *m,
    size_t n)
{
	struct member	*c;
	size_t		 i;
	int		 rc = 0;

	if (n < 2)
		return (0);
	c = prob_xcalloc(n, sizeof *c);
	memcpy(c, m, n * sizeof *c);
	qsort(c, n, sizeof *c, member_casecmp);
	for (i = 0; i + 1 < n; i++) {
		if (strcasecmp(c[i].name, c[i + 1].name) != 0)
			continue;
		if (strcmp(c[i].name, c[i + 1].name) == 0)
			rc = prob_lerr(L, "%s/%s: both a test case and a group",
			    rel, c[i].name);
		else
			rc = prob_lerr(L, "%s: duplicate test names \"%s\" and "
			    "\"%s\" (differ only in case)", rel, c[i].name,
			    c[i + 1].name);
		break;
	}
	free(c);
	return (rc);
}

/*
 * The members of a group folder: .in/.ans pairs and subfolders, with
 * the package's rules on strays. The array is in natural order.
 */
static int
collect_members(struct prob_loader *L, const char *rel, size_t depth,
    struct prob_entry *e, size_t ne, struct member **out, size_t *nout)
{
	struct member	*m = NULL;
	size_t		 n = 0, i, j, bl;
	ssize_t		 k;
	const char	*name;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < ne; i++) {
		name = e[i].name;
		if (name[0] == '.')
			continue;
		if (e[i].type == S_IFDIR) {
			if (has_suffix(name, ".files")) {
				prob_lerr(L, "%s/%s: test case file folders "
				    "are not supported", rel, name);
				goto fail;
			}
			/* Under data/ only sample and secret are judged. */
			if (depth == 0 && strcmp(name, "sample") != 0 &&
			    strcmp(name, "secret") != 0)
				continue;
			m = prob_xreallocarray(m, n + 1, sizeof *m);
			m[n].name = prob_xstrdup(name);
			m[n].is_group = 1;
			n++;
			continue;
		}
		if (has_suffix(name, ".ans")) {
			if (find_pair(e, ne, name, 4, ".in") == -1) {
				prob_lerr(L, "%s/%s: no matching .in file", rel,
				    name);
				goto fail;
			}
			continue;
		}
		if (!has_suffix(name, ".in"))
			continue;
		if (depth == 0) {
			prob_lerr(L, "%s/%s: test cases belong in "
			    "data/sample or data/secret", rel, name);
			goto fail;
		}
		bl = strlen(name) - 3;
		if ((k = find_pair(e, ne, name, 3, ".ans")) == -1) {
			prob_lerr(L, "%s/%s: no matching .ans file", rel, name);
			goto fail;
		}
		j = k;
		m = prob_xreallocarray(m, n + 1, sizeof *m);
		m[n].name = prob_xstrndup(name, bl);
		m[n].is_group = 0;
		m[n].in = i;
		m[n].ans = j;
		n++;
	}
	if (check_collisions(L, rel, m, n) != 0)
		goto fail;
	/* Judging order: natural order of base names. */
	if (n > 1)
		qsort(m, n, sizeof *m, member_natcmp);
	*out = m;
	*nout = n;
	return (0);
fail:
	for (i = 0; i < n; i++)
		free(m[i].name);
	free(m);
	return (-1);
}

static int
add_test(struct prob_loader *L, size_t gi, const char *rel, const char *name,
    const struct prob_entry *in, const struct prob_entry *ans)
{
	struct prob_package	*pkg = L->pkg;
	struct prob_group	*g = &pkg->groups[gi];
	struct prob_test	*t;

	if (pkg->ntests == PROB_MAX_TESTS)
		return (prob_lerr(L, "%s: more than %d test cases", rel,
		    PROB_MAX_TESTS));
	L->total += in->size + ans->size;
	if (L->total > PROB_IMPORT_MAX_TOTAL)
		return (prob_lerr(L, "%s/%s: test data over the %llu-byte "
		    "total limit", rel, in->name,
		    (unsigned long long)PROB_IMPORT_MAX_TOTAL));
	pkg->tests = prob_xreallocarray(pkg->tests, pkg->ntests + 1,
	    sizeof *pkg->tests);
	t = &pkg->tests[pkg->ntests];
	memset(t, 0, sizeof *t);
	/* rel is "data/..."; test names are relative to data/. */
	prob_xasprintf(&t->name, "%s/%s", rel + 5, name);
	prob_xasprintf(&t->in_path, "%s/%s", rel, in->name);
	prob_xasprintf(&t->ans_path, "%s/%s", rel, ans->name);
	t->in_size = in->size;
	t->ans_size = ans->size;
	t->group = gi;
	t->sample = g->sample;
	prob_vflags_init(&t->vflags);
	g->items = prob_xreallocarray(g->items, g->nitems + 1,
	    sizeof *g->items);
	g->items[g->nitems].is_group = 0;
	g->items[g->nitems].index = pkg->ntests;
	g->nitems++;
	pkg->ntests++;
	return (0);
}

/*
 * Load the group in folder dfd (rel is its path in the package, name
 * its name under data/). Its settings: its own testdata.yaml, else the
 * inherited ones.
 */
static int
walk_group(struct prob_loader *L, int dfd, const char *rel, ssize_t parent,
    const char *name, size_t depth, int sample,
    const struct prob_settings *inherited)
{
	struct prob_package	*pkg = L->pkg;
	struct prob_group	*g;
	struct prob_entry	*e = NULL;
	struct member		*m = NULL;
	char			*buf, *sub = NULL, *shown;
	size_t			 gi, ne = 0, nm = 0, i, len, before;
	int			 fd, rc = -1, have_yaml = 0;

	if (depth > PROB_MAX_GROUP_DEPTH)
		return (prob_lerr(L, "%s: groups nested more than %d deep", rel,
		    PROB_MAX_GROUP_DEPTH));
	gi = pkg->ngroups;
	pkg->groups = prob_xreallocarray(pkg->groups, pkg->ngroups + 1,
	    sizeof *pkg->groups);
	g = &pkg->groups[gi];
	memset(g, 0, sizeof *g);
	g->name = prob_xstrdup(name);
	g->parent = parent;
	g->depth = depth;
	g->sample = sample;
	g->first_test = pkg->ntests;
	pkg->ngroups++;
	if (parent != -1) {
		struct prob_group *pg = &pkg->groups[parent];

		pg->items = prob_xreallocarray(pg->items, pg->nitems + 1,
		    sizeof *pg->items);
		pg->items[pg->nitems].is_group = 1;
		pg->items[pg->nitems].index = gi;
		pg->nitems++;
	}

	if (prob_list_dir(L, dfd, rel, &e, &ne) != 0)
		return (-1);
	for (i = 0; i < ne; i++) {
		if (strcmp(e[i].name, "testdata.yaml") == 0 &&
		    e[i].type == S_IFREG)
			have_yaml = 1;
	}
	if (have_yaml) {
		prob_xasprintf(&shown, "%s/testdata.yaml", rel);
		if (prob_read_at(dfd, "testdata.yaml", shown,
		    PROB_MAX_YAML_BYTES, &buf, &len, L->cause) != 0) {
			free(shown);
			goto out;
		}
		prob_settings_default(&pkg->groups[gi].settings, pkg->type);
		rc = prob_parse_testdata_yaml(&pkg->groups[gi].settings,
		    pkg->type, parent == -1, shown, buf, len, L->cause);
		free(buf);
		free(shown);
		if (rc != 0)
			goto out;
		rc = -1;
	} else if (inherited != NULL)
		prob_settings_copy(&pkg->groups[gi].settings, inherited);
	else
		prob_settings_default(&pkg->groups[gi].settings, pkg->type);

	if (collect_members(L, rel, depth, e, ne, &m, &nm) != 0)
		goto out;
	for (i = 0; i < nm; i++) {
		if (!m[i].is_group) {
			if (add_test(L, gi, rel, m[i].name, &e[m[i].in],
			    &e[m[i].ans]) != 0)
				goto out;
			continue;
		}
		prob_xasprintf(&sub, "%s/%s", rel, m[i].name);
		if ((fd = prob_open_dir_at(L, dfd, m[i].name, sub, 0)) == -1)
			goto out;
		/* The settings pointer moves when groups[] grows: copy. */
		{
			struct prob_settings	s;
			char			*gname;

			prob_settings_copy(&s, &pkg->groups[gi].settings);
			prob_xasprintf(&gname, "%s%s%s", name,
			    depth == 0 ? "" : "/", m[i].name);
			before = pkg->ntests;
			rc = walk_group(L, fd, sub, gi, gname, depth + 1,
			    sample || (depth == 0 &&
			    strcmp(m[i].name, "sample") == 0), &s);
			prob_settings_clear(&s);
			free(gname);
		}
		close(fd);
		if (rc != 0)
			goto out;
		rc = -1;
		if (pkg->ntests == before && !(depth == 0 &&
		    strcmp(m[i].name, "sample") == 0)) {
			prob_lerr(L, "%s: no test cases", sub);
			goto out;
		}
		free(sub);
		sub = NULL;
	}
	pkg->groups[gi].ntests = pkg->ntests - pkg->groups[gi].first_test;
	rc = 0;
out:
	free(sub);
	for (i = 0; i < nm; i++)
		free(m[i].name);
	free(m);
	prob_entries_free(e, ne);
	return (rc);
}

static int
load_data(struct prob_loader *L, int rootfd)
{
	struct prob_package	*pkg = L->pkg;
	size_t			 i;
	int			 fd, rc, secret = 0;

	if ((fd = prob_open_dir_at(L, rootfd, "data", "data", 1)) == -2)
		return (prob_lerr(L, "data/secret: missing"));
	if (fd == -1)
		return (-1);
	rc = walk_group(L, fd, "data", -1, "", 0, 0, NULL);
	close(fd);
	if (rc != 0)
		return (-1);
	for (i = 0; i < pkg->groups[0].nitems; i++) {
		if (strcmp(pkg->groups[pkg->groups[0].items[i].index].name,
		    "secret") == 0)
			secret = 1;
	}
	if (!secret)
		return (prob_lerr(L, "data/secret: missing"));
	return (0);
}

static int
load_timelimit(struct prob_loader *L, int rootfd)
{
	struct prob_package	*pkg = L->pkg;
	struct stat		 st;
	char			*buf, *san;
	size_t			 len, s, e;
	double			 d;

	if (fstatat(rootfd, ".timelimit", &st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno == ENOENT)
			return (0);
		return (prob_lerr(L, ".timelimit: %s", strerror(errno)));
	}
	if (prob_read_at(rootfd, ".timelimit", ".timelimit", TIMELIMIT_MAX,
	    &buf, &len, L->cause) != 0)
		return (-1);
	/* problem.yaml's limits.time_limit wins over the file. */
	if (pkg->time_from == PROB_TIME_YAML) {
		free(buf);
		return (0);
	}
	for (s = 0; s < len && strchr(" \t\r\n", buf[s]) != NULL; s++)
		;
	for (e = len; e > s && strchr(" \t\r\n", buf[e - 1]) != NULL; e--)
		;
	if (!prob_parse_float(buf + s, e - s, &d)) {
		san = prob_sanitize(buf + s, e - s, 40, 0);
		prob_lerr(L, ".timelimit: \"%s\" is not a number", san);
		free(san);
		free(buf);
		return (-1);
	}
	free(buf);
	if (!(d > 0) || d * 1000 > PROB_MAX_TIME_MS)
		return (prob_lerr(L, ".timelimit: must be over 0 and at most "
		    "%llu seconds",
		    (unsigned long long)PROB_MAX_TIME_MS / 1000));
	pkg->time_limit_ms = (uint64_t)(d * 1000 + 0.999999);
	if (pkg->time_limit_ms == 0)
		pkg->time_limit_ms = 1;
	pkg->time_from = PROB_TIME_FILE;
	return (0);
}

/* Each test's validator flags: problem.yaml's, then its group's. */
static int
test_flags(struct prob_loader *L)
{
	struct prob_package		*pkg = L->pkg;
	const struct prob_settings	*s;
	struct prob_test		*t;
	char				*why;
	size_t				 i;

	for (i = 0; i < pkg->ntests; i++) {
		t = &pkg->tests[i];
		s = &pkg->groups[t->group].settings;
		if (*pkg->validator_flags != '\0' &&
		    *s->validator_flags != '\0')
			prob_xasprintf(&t->validator_flags, "%s %s",
			    pkg->validator_flags, s->validator_flags);
		else
			t->validator_flags = prob_xstrdup(*s->validator_flags !=
			    '\0' ? s->validator_flags : pkg->validator_flags);
		if (pkg->validation != PROB_VALIDATION_DEFAULT)
			continue;
		if (prob_vflags_parse(t->validator_flags, &t->vflags,
		    &why) != 0) {
			prob_lerr(L, "%s: output_validator_flags: %s",
			    s->from != NULL ? s->from : "problem.yaml", why);
			free(why);
			return (-1);
		}
	}
	return (0);
}

int
prob_load_dir_as(const char *path, const char *short_name,
    struct prob_package **out, char **cause)
{
	struct prob_package	*pkg;
	struct prob_loader	 L;
	struct stat		 st;
	char			*buf, *real = NULL;
	size_t			 len;
	int			 rootfd, rc, vdir;

	*out = NULL;
	*cause = NULL;
	if (!prob_short_name_ok(short_name)) {
		char	*san = prob_sanitize(short_name, strlen(short_name),
		    80, 0);

		prob_xasprintf(cause, "%s: not a valid problem name (1 to %d "
		    "of a-z, 0-9, _ and -)", san, PROB_SHORT_NAME_MAX);
		free(san);
		return (-1);
	}
	rootfd = open(path, O_RDONLY|O_DIRECTORY|O_CLOEXEC);
	if (rootfd == -1 || (real = realpath(path, NULL)) == NULL) {
		prob_xasprintf(cause, "%s: %s", path, strerror(errno));
		if (rootfd != -1)
			close(rootfd);
		return (-1);
	}
	pkg = prob_xcalloc(1, sizeof *pkg);
	pkg->dir = real;
	(void)snprintf(pkg->short_name, sizeof pkg->short_name, "%s",
	    short_name);
	pkg->time_limit_ms = PROB_DEFAULT_TIME_MS;
	memset(&L, 0, sizeof L);
	L.pkg = pkg;
	L.cause = cause;

	if (fstatat(rootfd, "problem.yaml", &st, AT_SYMLINK_NOFOLLOW) == -1 &&
	    errno == ENOENT) {
		prob_lerr(&L, "problem.yaml: missing");
		goto fail;
	}
	if (prob_read_at(rootfd, "problem.yaml", "problem.yaml",
	    PROB_MAX_YAML_BYTES, &buf, &len, cause) != 0)
		goto fail;
	vdir = fstatat(rootfd, "output_validators", &st,
	    AT_SYMLINK_NOFOLLOW) == 0 || fstatat(rootfd, "output_validator",
	    &st, AT_SYMLINK_NOFOLLOW) == 0;
	rc = prob_parse_problem_yaml(pkg, buf, len, vdir, cause);
	free(buf);
	if (rc != 0)
		goto fail;
	if (pkg->name == NULL)
		pkg->name = prob_xstrdup(pkg->short_name);
	if (load_timelimit(&L, rootfd) != 0 || load_data(&L, rootfd) != 0 ||
	    prob_load_validators(&L, rootfd) != 0)
		goto fail;
	if (pkg->validation == PROB_VALIDATION_CUSTOM &&
	    pkg->nvalidators == 0) {
		prob_lerr(&L, "output_validators: missing, and validation is "
		    "custom");
		goto fail;
	}
	if (test_flags(&L) != 0)
		goto fail;
	close(rootfd);
	*out = pkg;
	return (0);
fail:
	close(rootfd);
	prob_free(pkg);
	return (-1);
}

int
prob_load_dir(const char *path, struct prob_package **out, char **cause)
{
	char	*real, *base;
	int	 rc;

	*out = NULL;
	if ((real = realpath(path, NULL)) == NULL) {
		prob_xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	base = strrchr(real, '/');
	base = base != NULL && base[1] != '\0' ? base + 1 : real;
	rc = prob_load_dir_as(real, base, out, cause);
	free(real);
	return (rc);
}

void
prob_free(struct prob_package *pkg)
{
	size_t	i, j;

	if (pkg == NULL)
		return;
	for (i = 0; i < pkg->ngroups; i++) {
		free(pkg->groups[i].name);
		free(pkg->groups[i].items);
		prob_settings_clear(&pkg->groups[i].settings);
	}
	free(pkg->groups);
	for (i = 0; i < pkg->ntests; i++) {
		free(pkg->tests[i].name);
		free(pkg->tests[i].in_path);
		free(pkg->tests[i].ans_path);
		free(pkg->tests[i].validator_flags);
	}
	free(pkg->tests);
	for (i = 0; i < pkg->nvalidators; i++) {
		for (j = 0; j < pkg->validators[i].nfiles; j++) {
			free(pkg->validators[i].files[j].path);
			free(pkg->validators[i].files[j].data);
		}
		free(pkg->validators[i].files);
		free(pkg->validators[i].name);
	}
	free(pkg->validators);
	free(pkg->dir);
	free(pkg->name);
	free(pkg->format);
	free(pkg->validator_flags);
	free(pkg);
}

ssize_t
prob_find_test(const struct prob_package *pkg, const char *name)
{
	size_t	i;

	for (i = 0; i < pkg->ntests; i++) {
		if (strcmp(pkg->tests[i].name, name) == 0)
			return ((ssize_t)i);
	}
	return (-1);
}
