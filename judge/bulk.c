/* SPDX-License-Identifier: ISC */
/*
 * Bulk submissions (how a course collects homework): a folder or an
 * archive whose top-level files are one submission each (the user is
 * the file's stem) and whose top-level folders hold one source each (the
 * user is the folder's name). Archives are read in memory, never
 * extracted, with problems/' import rules: no absolute or ".." paths, no
 * links of any kind, no special files, limits on entries and sizes.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define BULK_MAX_ENTRIES	10000
#define BULK_MAX_TOTAL		(256ULL << 20)

struct bulk {
	struct jdg_bulk		*v;
	size_t			 n;
	size_t			 entries;
	uint64_t		 total;
	char			**cause;
};

static int
berr(struct bulk *B, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
berr(struct bulk *B, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (path != NULL)
		xasprintf(B->cause, "%s: %s", path, msg);
	else
		*B->cause = xstrdup(msg);
	free(msg);
	return (-1);
}

/* Check a source as `gavel submit` does; takes buf. */
static int
add(struct bulk *B, const char *user, const char *path, const char *name,
    char *buf, size_t len)
{
	struct jdg_bulk	*b;
	size_t		 i;

	if (len > JDG_SOURCE_MAX) {
		free(buf);
		return (berr(B, path, "over the %d byte limit",
		    JDG_SOURCE_MAX));
	}
	if (len == 0 || memchr(buf, '\0', len) != NULL) {
		free(buf);
		return (berr(B, path, "%s", len == 0 ? "empty" :
		    "binary (NUL bytes), not a source file"));
	}
	for (i = 0; i < B->n; i++) {
		if (strcmp(B->v[i].user, user) == 0) {
			free(buf);
			return (berr(B, path, "a second submission of user "
			    "%s", user));
		}
	}
	B->v = xreallocarray(B->v, B->n + 1, sizeof *B->v);
	b = &B->v[B->n++];
	b->user = xstrdup(user);
	b->path = xstrdup(path);
	b->filename = xstrdup(name);
	b->source = buf;
	b->len = len;
	return (0);
}

static char *
dupn(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return (p);
}

/* The user of a top-level file: its name less the extension. */
static char *
stem(const char *name)
{
	const char	*dot = strrchr(name, '.');

	if (dot == NULL || dot == name)
		return (xstrdup(name));
	return (dupn(name, dot - name));
}

/* A name to take: not hidden, printable UTF-8. */
static int
name_ok(struct bulk *B, const char *shown, const char *name)
{
	if (!prob_name_ok(name, strlen(name)))
		return (berr(B, shown, "a name with control bytes or "
		    "invalid UTF-8"));
	return (0);
}

static int
read_fd(struct bulk *B, int fd, const char *shown, char **buf,
    size_t *len)
{
	ssize_t	n;

	*buf = xmalloc(JDG_SOURCE_MAX + 2);
	*len = 0;
	while ((n = read(fd, *buf + *len, JDG_SOURCE_MAX + 1 - *len)) > 0)
		*len += n;
	if (n == -1) {
		free(*buf);
		return (berr(B, shown, "%s", strerror(errno)));
	}
	(*buf)[*len] = '\0';
	return (0);
}

/* The sorted, non-hidden entries of folder fd. */
static int
list_dir(struct bulk *B, int fd, const char *shown, char ***names,
    size_t *n)
{
	DIR		*d;
	struct dirent	*e;
	int		 dfd;

	*names = NULL;
	*n = 0;
	if ((dfd = dup(fd)) == -1 || (d = fdopendir(dfd)) == NULL) {
		if (dfd != -1)
			close(dfd);
		return (berr(B, shown, "%s", strerror(errno)));
	}
	rewinddir(d);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (++B->entries > BULK_MAX_ENTRIES) {
			closedir(d);
			return (berr(B, NULL, "more than %d entries",
			    BULK_MAX_ENTRIES));
		}
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(*names, *n, sizeof **names, jdg_strcmp_p);
	return (0);
}

static void
names_free(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A top folder: its one source file with a known language. */
static int
dir_folder(struct bulk *B, const struct jdg_langs *langs,
    const struct jdg_lang *forced, int pfd, const char *dir,
    const char *name)
{
	struct stat	 st;
	char		**v, *shown, *buf, *pick = NULL;
	size_t		 n, i, len, nsrc = 0;
	int		 fd, ffd, rc = -1;

	xasprintf(&shown, "%s/%s", dir, name);
	fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		berr(B, shown, "%s", strerror(errno));
		free(shown);
		return (-1);
	}
	if (list_dir(B, fd, shown, &v, &n) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		if (fstatat(fd, v[i], &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode)) {
			berr(B, shown, "%s: not a regular file", v[i]);
			goto out_names;
		}
		if (name_ok(B, shown, v[i]) != 0)
			goto out_names;
		if (forced != NULL || jdg_lang_by_file(langs, v[i]) != NULL) {
			nsrc++;
			pick = v[i];
		}
	}
	if (nsrc != 1) {
		berr(B, shown, "%zu source files: a folder holds one "
		    "submission", nsrc);
		goto out_names;
	}
	free(shown);
	xasprintf(&shown, "%s/%s/%s", dir, name, pick);
	ffd = openat(fd, pick, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (ffd == -1) {
		berr(B, shown, "%s", strerror(errno));
		goto out_names;
	}
	rc = read_fd(B, ffd, shown, &buf, &len);
	close(ffd);
	if (rc == 0)
		rc = add(B, name, shown, pick, buf, len);
out_names:
	names_free(v, n);
out:
	close(fd);
	free(shown);
	return (rc);
}

static int
from_dir(struct bulk *B, const struct jdg_langs *langs,
    const struct jdg_lang *forced, const char *dir)
{
	struct stat	 st;
	char		**v, *shown, *buf, *user;
	size_t		 n, i, len;
	int		 fd, ffd, rc = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return (berr(B, dir, "%s", strerror(errno)));
	if (list_dir(B, fd, dir, &v, &n) != 0) {
		close(fd);
		return (-1);
	}
	for (i = 0; rc == 0 && i < n; i++) {
		xasprintf(&shown, "%s/%s", dir, v[i]);
		if ((rc = name_ok(B, shown, v[i])) != 0)
			;
		else if (fstatat(fd, v[i], &st, AT_SYMLINK_NOFOLLOW) == -1)
			rc = berr(B, shown, "%s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			rc = dir_folder(B, langs, forced, fd, dir, v[i]);
		else if (!S_ISREG(st.st_mode))
			rc = berr(B, shown, "not a regular file or folder");
		else if ((ffd = openat(fd, v[i], O_RDONLY | O_NOFOLLOW |
		    O_CLOEXEC | O_NONBLOCK)) == -1)
			rc = berr(B, shown, "%s", strerror(errno));
		else {
			rc = read_fd(B, ffd, shown, &buf, &len);
			close(ffd);
			if (rc == 0) {
				user = stem(v[i]);
				rc = add(B, user, shown, v[i], buf, len);
				free(user);
			}
		}
		free(shown);
	}
	names_free(v, n);
	close(fd);
	return (rc);
}

/*
 * An entry's path split into at most two clean components: 1 top, 2
 * folder and file; 0 for a folder entry or "." to skip; -1 refused.
 */
static int
split_path(struct bulk *B, const char *p, char **top, char **file)
{
	const char	*s, *e;
	char		*parts[3];
	size_t		 n = 0, i;

	*top = *file = NULL;
	if (p == NULL || *p == '\0')
		return (berr(B, NULL, "an entry without a name"));
	if (p[0] == '/')
		return (berr(B, p, "absolute paths are not allowed"));
	if (strlen(p) > PROB_MAX_PATH)
		return (berr(B, NULL, "a path over %d bytes", PROB_MAX_PATH));
	for (s = p; *s != '\0'; s = *e == '/' ? e + 1 : e) {
		e = strchrnul(s, '/');
		if (e == s || (e - s == 1 && s[0] == '.'))
			continue;
		if (e - s == 2 && s[0] == '.' && s[1] == '.') {
			for (i = 0; i < n; i++)
				free(parts[i]);
			return (berr(B, p, "\"..\" is not allowed"));
		}
		if (n == 3 || !prob_name_ok(s, e - s)) {
			for (i = 0; i < n; i++)
				free(parts[i]);
			return (berr(B, p, n == 3 ? "nested folders are not "
			    "supported" : "a name with control bytes or "
			    "invalid UTF-8"));
		}
		parts[n++] = dupn(s, e - s);
	}
	if (n == 3) {
		for (i = 0; i < n; i++)
			free(parts[i]);
		return (berr(B, p, "nested folders are not supported"));
	}
	if (n == 0)
		return (0);
	*top = parts[0];
	if (n == 2)
		*file = parts[1];
	return ((int)n);
}

/* The data of the current entry: at most the source limit plus one. */
static int
read_entry(struct bulk *B, struct archive *a, const char *path, char **buf,
    size_t *len)
{
	ssize_t	n;

	*buf = xmalloc(JDG_SOURCE_MAX + 2);
	*len = 0;
	while ((n = archive_read_data(a, *buf + *len, JDG_SOURCE_MAX + 1 -
	    *len)) > 0) {
		*len += n;
		if (*len > JDG_SOURCE_MAX)
			break;
	}
	if (n < 0) {
		free(*buf);
		return (berr(B, path, "%s", archive_error_string(a) != NULL ?
		    archive_error_string(a) : "bad data"));
	}
	(*buf)[*len] = '\0';
	B->total += *len;
	if (B->total > BULK_MAX_TOTAL) {
		free(*buf);
		return (berr(B, NULL, "over %llu bytes in all",
		    (unsigned long long)BULK_MAX_TOTAL));
	}
	return (0);
}

static int
from_archive(struct bulk *B, const struct jdg_langs *langs,
    const struct jdg_lang *forced, const char *file)
{
	struct archive		*a;
	struct archive_entry	*ae;
	const char		*p;
	char			*top, *name, *buf, *user;
	size_t			 len, i;
	mode_t			 type;
	int			 r, rc = -1;

	if ((a = archive_read_new()) == NULL)
		return (berr(B, NULL, "cannot start libarchive"));
	/* Recognized by content, as problems/ does. */
	if (archive_read_support_format_zip(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_xz(a) < ARCHIVE_WARN) {
		berr(B, NULL, "libarchive: %s", archive_error_string(a));
		goto out;
	}
	if (archive_read_open_filename(a, file, 65536) != ARCHIVE_OK) {
		berr(B, file, "not a folder, zip, tar, tar.gz or tar.xz "
		    "archive (%s)", archive_error_string(a));
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			berr(B, file, "%s", archive_error_string(a) != NULL ?
			    archive_error_string(a) : "bad archive");
			goto out;
		}
		p = archive_entry_pathname(ae);
		type = archive_entry_filetype(ae);
		if (++B->entries > BULK_MAX_ENTRIES) {
			berr(B, NULL, "more than %d entries", BULK_MAX_ENTRIES);
			goto out;
		}
		if (archive_entry_hardlink(ae) != NULL) {
			berr(B, p, "hard links are not allowed");
			goto out;
		}
		if (type == AE_IFLNK) {
			berr(B, p, "symbolic links are not allowed");
			goto out;
		}
		if (type != AE_IFREG && type != AE_IFDIR) {
			berr(B, p, "special files are not allowed");
			goto out;
		}
		if ((r = split_path(B, p, &top, &name)) == -1)
			goto out;
		/* Folders come from their files; hidden ones are skipped. */
		if (type == AE_IFDIR || r == 0 || top[0] == '.' ||
		    (name != NULL && name[0] == '.')) {
			free(top);
			free(name);
			continue;
		}
		if (name != NULL && forced == NULL &&
		    jdg_lang_by_file(langs, name) == NULL) {
			free(top);
			free(name);
			continue;
		}
		if (read_entry(B, a, p, &buf, &len) != 0) {
			free(top);
			free(name);
			goto out;
		}
		if (name == NULL) {
			user = stem(top);
			r = add(B, user, p, top, buf, len);
			free(user);
		} else {
			/* One source a folder: a second one is an error. */
			for (i = 0; i < B->n; i++) {
				if (strcmp(B->v[i].user, top) == 0)
					break;
			}
			if (i < B->n) {
				free(buf);
				r = berr(B, p, "a second source in folder %s: "
				    "a folder holds one submission", top);
			} else
				r = add(B, top, p, name, buf, len);
		}
		free(top);
		free(name);
		if (r != 0)
			goto out;
	}
	rc = 0;
out:
	archive_read_free(a);
	return (rc);
}

int
jdg_bulk_collect(const char *path, const struct jdg_langs *langs,
    const struct jdg_lang *forced, struct jdg_bulk **out, size_t *nout,
    char **cause)
{
	struct bulk	B;
	struct stat	st;
	int		rc;

	memset(&B, 0, sizeof B);
	B.cause = cause;
	*out = NULL;
	*nout = 0;
	if (stat(path, &st) == -1)
		return (berr(&B, path, "%s", strerror(errno)));
	if (S_ISDIR(st.st_mode))
		rc = from_dir(&B, langs, forced, path);
	else if (S_ISREG(st.st_mode))
		rc = from_archive(&B, langs, forced, path);
	else
		rc = berr(&B, path, "not a folder or an archive");
	if (rc == 0 && B.n == 0)
		rc = berr(&B, path, "no submissions in it");
	if (rc != 0) {
		jdg_bulk_free(B.v, B.n);
		return (-1);
	}
	*out = B.v;
	*nout = B.n;
	return (0);
}

void
jdg_bulk_free(struct jdg_bulk *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].user);
		free(v[i].path);
		free(v[i].filename);
		free(v[i].source);
	}
	free(v);
}

int
jdg_strcmp_p(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}
