/* SPDX-License-Identifier: ISC */
/*
 * Safe import of a package folder or archive: every entry checked and
 * written below a fresh temporary folder, renamed into place once loaded.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include "problems/prob.h"

#define COPY_BUFFER	(64 * 1024)

/* Where extracted entries go, and what they have used up so far. */
struct sink {
	int				 rootfd;
	const char			*src;		/* shown in causes */
	const struct prob_import_limits	*lim;
	uint64_t			 files;
	uint64_t			 total;
	char				**cause;
};

static const char *const archive_suffixes[] = {
	".tar.gz", ".tar.xz", ".tgz", ".txz", ".tar", ".zip", ".kpp",
};

/* Folders of version control systems are not part of a package. */
static const char *const vcs_dirs[] = { ".git", ".hg", ".svn" };

static int	serr(struct sink *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* "SOURCE: ENTRY: message", the entry name sanitized. */
static int
serr(struct sink *s, const char *entry, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *san;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	if (entry != NULL) {
		san = prob_sanitize(entry, strlen(entry), 120, 0);
		prob_xasprintf(s->cause, "%s: %s: %s", s->src, san,
		    msg != NULL ? msg : "error");
		free(san);
	} else
		prob_xasprintf(s->cause, "%s: %s", s->src,
		    msg != NULL ? msg : "error");
	free(msg);
	return (-1);
}

static int
remove_at(int dfd, const char *name, size_t depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 fd, rc = 0, saved;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
		return (errno == ENOENT ? 0 : -1);
	if (!S_ISDIR(st.st_mode))
		return (unlinkat(dfd, name, 0));
	if (depth > 64) {
		errno = ELOOP;
		return (-1);
	}
	fd = openat(dfd, name, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC);
	if (fd == -1)
		return (-1);
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (remove_at(dirfd(d), de->d_name, depth + 1) == -1)
			rc = -1;
	}
	saved = errno;
	closedir(d);
	if (rc == -1) {
		errno = saved;
		return (-1);
	}
	return (unlinkat(dfd, name, AT_REMOVEDIR));
}

int
prob_remove_tree(const char *path)
{
	return (remove_at(AT_FDCWD, path, 0));
}

/*
 * Normalize an entry's path into out: relative, no "..", no empty or "."
 * components, each a valid name. 1 with out set, 0 for an entry to skip
 * (the root itself, macOS metadata), -1 with *cause.
 */
static int
clean_path(struct sink *s, const char *raw, char *out, size_t outlen)
{
	const char	*p, *c;
	size_t		 o = 0, n, depth = 0;

	if (raw == NULL || *raw == '\0')
		return (serr(s, "(no name)", "entry without a name"));
	if (raw[0] == '/')
		return (serr(s, raw, "absolute paths are not allowed"));
	for (p = raw; *p != '\0'; p = c) {
		for (c = p; *c != '\0' && *c != '/'; c++)
			;
		n = c - p;
		if (*c == '/')
			c++;
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return (serr(s, raw, "path leaves the package"));
		if (n > NAME_MAX || !prob_name_ok(p, n) ||
		    memchr(p, '\\', n) != NULL)
			return (serr(s, raw, "name is not UTF-8 or has "
			    "control characters or backslashes"));
		if (depth == 0 && n == 8 && memcmp(p, "__MACOSX", 8) == 0)
			return (0);
		if (++depth > PROB_MAX_PATH_DEPTH || o + n + 2 > outlen)
			return (serr(s, raw, "path too deep or too long"));
		if (o > 0)
			out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
	}
	out[o] = '\0';
	return (o > 0);
}

/*
 * Open the folder that will hold path's last component, creating the
 * folders on the way. The fd (to close unless it is rootfd) and *base.
 */
static int
open_parent(struct sink *s, char *path, const char **base)
{
	char	*p, *slash;
	int	 fd = s->rootfd, next;

	for (p = path; (slash = strchr(p, '/')) != NULL; p = slash + 1) {
		*slash = '\0';
		if (mkdirat(fd, p, 0755) == -1 && errno != EEXIST) {
			*slash = '/';
			serr(s, path, "%s", strerror(errno));
			goto fail;
		}
		next = openat(fd, p, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|
		    O_CLOEXEC);
		*slash = '/';
		if (next == -1) {
			serr(s, path, errno == ENOTDIR ? "a file and a folder "
			    "have the same name" : "%s", strerror(errno));
			goto fail;
		}
		if (fd != s->rootfd)
			close(fd);
		fd = next;
	}
	*base = p;
	return (fd);
fail:
	if (fd != s->rootfd)
		close(fd);
	return (-1);
}

/* One more entry, and its size against the limits. */
static int
count_entry(struct sink *s, const char *path, uint64_t size)
{
	if (++s->files > s->lim->max_files)
		return (serr(s, NULL, "more than %llu files",
		    (unsigned long long)s->lim->max_files));
	if (size > s->lim->max_file)
		return (serr(s, path, "over the %llu-byte file size limit",
		    (unsigned long long)s->lim->max_file));
	if (size > s->lim->max_total - s->total)
		return (serr(s, path, "the package is over the %llu-byte "
		    "limit", (unsigned long long)s->lim->max_total));
	return (0);
}

static int
make_dir(struct sink *s, char *path)
{
	struct stat	 st;
	const char	*base;
	int		 pfd, rc = 0;

	if (count_entry(s, path, 0) != 0)
		return (-1);
	if ((pfd = open_parent(s, path, &base)) == -1)
		return (-1);
	if (mkdirat(pfd, base, 0755) == -1) {
		/* Zips list folders after their files as often as before. */
		if (errno != EEXIST || fstatat(pfd, base, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(st.st_mode))
			rc = serr(s, path, "%s", errno == EEXIST ?
			    "a file and a folder have the same name" :
			    strerror(errno));
	}
	if (pfd != s->rootfd)
		close(pfd);
	return (rc);
}

/* A new file for path; -1 if it exists already (a duplicate entry). */
static int
make_file(struct sink *s, char *path, mode_t mode)
{
	const char	*base;
	int		 pfd, fd;

	if ((pfd = open_parent(s, path, &base)) == -1)
		return (-1);
	fd = openat(pfd, base, O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC,
	    0600);
	if (fd == -1)
		serr(s, path, "%s", errno == EEXIST ? "duplicate entry" :
		    strerror(errno));
	else if (fchmod(fd, (mode & 0111) ? 0755 : 0644) == -1) {
		serr(s, path, "%s", strerror(errno));
		close(fd);
		fd = -1;
	}
	if (pfd != s->rootfd)
		close(pfd);
	return (fd);
}

static int
write_at(int fd, const void *buf, size_t len, off_t off)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		if ((n = pwrite(fd, p, len, off)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		p += n;
		len -= n;
		off += n;
	}
	return (0);
}

/* The data of the current archive entry, limits counted as it comes. */
static int
extract_data(struct sink *s, struct archive *a, struct archive_entry *ae,
    char *path)
{
	const void	*buf;
	size_t		 len;
	la_int64_t	 off;
	uint64_t	 end = 0, size;
	int		 fd, r;

	size = archive_entry_size_is_set(ae) && archive_entry_size(ae) > 0 ?
	    (uint64_t)archive_entry_size(ae) : 0;
	/* Refuse a declared size before reading a byte of it. */
	if (count_entry(s, path, size) != 0)
		return (-1);
	if ((fd = make_file(s, path, archive_entry_perm(ae))) == -1)
		return (-1);
	for (;;) {
		r = archive_read_data_block(a, &buf, &len, &off);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN || off < 0) {
			serr(s, path, "%s", archive_error_string(a) != NULL ?
			    archive_error_string(a) : "bad data");
			goto fail;
		}
		/* Sparse holes count: they are bytes on disk to a reader. */
		if ((uint64_t)off + len > end)
			end = (uint64_t)off + len;
		if (end > s->lim->max_file) {
			serr(s, path, "over the %llu-byte file size limit",
			    (unsigned long long)s->lim->max_file);
			goto fail;
		}
		if (end > s->lim->max_total - s->total) {
			serr(s, path, "the package is over the %llu-byte limit",
			    (unsigned long long)s->lim->max_total);
			goto fail;
		}
		if (len > 0 && write_at(fd, buf, len, off) == -1) {
			serr(s, path, "%s", strerror(errno));
			goto fail;
		}
	}
	if (size > end) {
		if (ftruncate(fd, size) == -1) {
			serr(s, path, "%s", strerror(errno));
			goto fail;
		}
		end = size;
	}
	s->total += end;
	if (close(fd) == -1)
		return (serr(s, path, "%s", strerror(errno)));
	return (0);
fail:
	close(fd);
	return (-1);
}

static int
extract_archive(struct sink *s, const char *file)
{
	struct archive		*a;
	struct archive_entry	*ae;
	char			 path[PROB_MAX_PATH + 1];
	mode_t			 type;
	int			 r, rc = -1;

	if ((a = archive_read_new()) == NULL)
		return (serr(s, NULL, "cannot start libarchive"));
	/* Recognized by content: the name's suffix is never trusted. */
	if (archive_read_support_format_zip(a) != ARCHIVE_OK ||
	    archive_read_support_format_tar(a) != ARCHIVE_OK ||
	    archive_read_support_filter_gzip(a) < ARCHIVE_WARN ||
	    archive_read_support_filter_xz(a) < ARCHIVE_WARN) {
		serr(s, NULL, "libarchive: %s", archive_error_string(a));
		goto out;
	}
	if (archive_read_open_filename(a, file, 65536) != ARCHIVE_OK) {
		serr(s, NULL, "not a zip, tar, tar.gz or tar.xz archive (%s)",
		    archive_error_string(a));
		goto out;
	}
	for (;;) {
		r = archive_read_next_header(a, &ae);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			serr(s, NULL, "%s", archive_error_string(a) != NULL ?
			    archive_error_string(a) : "bad archive");
			goto out;
		}
		type = archive_entry_filetype(ae);
		if (archive_entry_hardlink(ae) != NULL) {
			serr(s, archive_entry_pathname(ae), "hard links are "
			    "not allowed");
			goto out;
		}
		if (type == AE_IFLNK) {
			serr(s, archive_entry_pathname(ae), "symbolic links "
			    "are not allowed");
			goto out;
		}
		if (type != AE_IFREG && type != AE_IFDIR) {
			serr(s, archive_entry_pathname(ae), "special files are "
			    "not allowed");
			goto out;
		}
		if ((r = clean_path(s, archive_entry_pathname(ae), path,
		    sizeof path)) == -1)
			goto out;
		if (r == 0) {
			if (count_entry(s, "", 0) != 0)
				goto out;
			continue;
		}
		if (type == AE_IFDIR)
			r = make_dir(s, path);
		else
			r = extract_data(s, a, ae, path);
		if (r != 0)
			goto out;
	}
	rc = 0;
out:
	archive_read_free(a);
	return (rc);
}

static int
copy_file(struct sink *s, int sfd, const char *name, char *path,
    mode_t mode)
{
	struct stat	 st;
	char		*buf;
	ssize_t		 n;
	uint64_t	 done = 0;
	int		 in, out, rc = -1;

	in = openat(sfd, name, O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC|
	    O_NOCTTY);
	if (in == -1)
		return (serr(s, path, "%s", strerror(errno)));
	/* Whatever was there at lstat time, only a regular file is read. */
	if (fstat(in, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(in);
		return (serr(s, path, "not a regular file"));
	}
	if (count_entry(s, path, st.st_size) != 0 ||
	    (out = make_file(s, path, mode)) == -1) {
		close(in);
		return (-1);
	}
	buf = prob_xmalloc(COPY_BUFFER);
	for (;;) {
		n = read(in, buf, COPY_BUFFER);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			serr(s, path, "%s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		done += n;
		if (done > s->lim->max_file || done > s->lim->max_total -
		    s->total) {
			serr(s, path, "grew over the size limits");
			goto out;
		}
		if (write_at(out, buf, n, done - n) == -1) {
			serr(s, path, "%s", strerror(errno));
			goto out;
		}
	}
	s->total += done;
	rc = 0;
out:
	free(buf);
	close(in);
	if (close(out) == -1 && rc == 0)
		rc = serr(s, path, "%s", strerror(errno));
	return (rc);
}

/* Copy folder sfd (path prefix rel, "" at the top) into the sink. */
static int
copy_tree(struct sink *s, int sfd, const char *rel, size_t depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 path[PROB_MAX_PATH + 1];
	size_t		 i, n;
	int		 fd, sub, rc = -1, skip;

	if (depth > PROB_MAX_PATH_DEPTH)
		return (serr(s, rel, "folders nested too deep"));
	if ((fd = openat(sfd, ".", O_RDONLY|O_DIRECTORY|O_CLOEXEC)) == -1)
		return (serr(s, rel, "%s", strerror(errno)));
	if ((d = fdopendir(fd)) == NULL) {
		close(fd);
		return (serr(s, rel, "%s", strerror(errno)));
	}
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		n = strlen(de->d_name);
		if (snprintf(path, sizeof path, "%s%s%s", rel,
		    *rel != '\0' ? "/" : "", de->d_name) >= (int)sizeof path) {
			serr(s, rel, "path too long");
			goto out;
		}
		if (!prob_name_ok(de->d_name, n) ||
		    strchr(de->d_name, '\\') != NULL) {
			serr(s, path, "name is not UTF-8 or has control "
			    "characters or backslashes");
			goto out;
		}
		if (fstatat(sfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			serr(s, path, "%s", strerror(errno));
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			serr(s, path, "symbolic links are not allowed");
			goto out;
		}
		if (S_ISREG(st.st_mode)) {
			if (copy_file(s, sfd, de->d_name, path,
			    st.st_mode) != 0)
				goto out;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			serr(s, path, "special files are not allowed");
			goto out;
		}
		for (skip = 0, i = 0; i < sizeof vcs_dirs / sizeof vcs_dirs[0];
		    i++)
			skip |= strcmp(de->d_name, vcs_dirs[i]) == 0;
		if (skip)
			continue;
		if (make_dir(s, path) != 0)
			goto out;
		sub = openat(sfd, de->d_name, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|
		    O_CLOEXEC);
		if (sub == -1) {
			serr(s, path, "%s", strerror(errno));
			goto out;
		}
		rc = copy_tree(s, sub, path, depth + 1);
		close(sub);
		if (rc != 0)
			goto out;
		rc = -1;
	}
	if (errno != 0) {
		serr(s, rel, "%s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	closedir(d);
	return (rc);
}

int
prob_import_name(const char *path, char name[PROB_SHORT_NAME_MAX + 1],
    char **cause)
{
	struct stat	 st;
	const char	*base;
	char		*copy, *san;
	size_t		 len, i, sl;

	copy = prob_xstrdup(path);
	for (len = strlen(copy); len > 1 && copy[len - 1] == '/'; len--)
		copy[len - 1] = '\0';
	base = strrchr(copy, '/') != NULL ? strrchr(copy, '/') + 1 : copy;
	len = strlen(base);
	/* Suffixes are an archive's: a folder keeps its whole name. */
	if (stat(path, &st) == -1 || !S_ISDIR(st.st_mode)) {
		for (i = 0; i < sizeof archive_suffixes /
		    sizeof archive_suffixes[0]; i++) {
			sl = strlen(archive_suffixes[i]);
			if (len > sl && strcmp(base + len - sl,
			    archive_suffixes[i]) == 0) {
				len -= sl;
				break;
			}
		}
	}
	if (len == 0 || len > PROB_SHORT_NAME_MAX) {
		san = prob_sanitize(base, strlen(base), 80, 0);
		prob_xasprintf(cause, "%s: not a valid problem name (1 to %d "
		    "of a-z, 0-9, _ and -)", san, PROB_SHORT_NAME_MAX);
		free(san);
		free(copy);
		return (-1);
	}
	memcpy(name, base, len);
	name[len] = '\0';
	if (!prob_short_name_ok(name)) {
		san = prob_sanitize(base, strlen(base), 80, 0);
		prob_xasprintf(cause, "%s: not a valid problem name (1 to %d "
		    "of a-z, 0-9, _ and -)", san, PROB_SHORT_NAME_MAX);
		free(san);
		free(copy);
		return (-1);
	}
	free(copy);
	return (0);
}

/* "x", or "x/TOP" when the archive held one folder and nothing else. */
static int
package_root(int xfd, int strip, char *out, size_t outlen)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	char		 only[NAME_MAX + 1] = "";
	int		 fd, n = 0;

	(void)snprintf(out, outlen, "x");
	if (!strip)
		return (0);
	if ((fd = openat(xfd, ".", O_RDONLY|O_DIRECTORY|O_CLOEXEC)) == -1 ||
	    (d = fdopendir(fd)) == NULL) {
		if (fd != -1)
			close(fd);
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n++ == 0)
			(void)snprintf(only, sizeof only, "%s", de->d_name);
	}
	closedir(d);
	if (n == 1 && fstatat(xfd, only, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISDIR(st.st_mode))
		(void)snprintf(out, outlen, "x/%s", only);
	return (0);
}

int
prob_import_limits(const char *path, const char *dest,
    const struct prob_import_limits *limits, struct prob_package **out,
    char **cause)
{
	static const struct prob_import_limits defaults = {
		PROB_IMPORT_MAX_FILES, PROB_IMPORT_MAX_FILE,
		PROB_IMPORT_MAX_TOTAL
	};
	struct prob_package	*pkg = NULL;
	struct sink		 s;
	struct stat		 st;
	char			 name[PROB_SHORT_NAME_MAX + 1];
	char			 root[NAME_MAX + 3];
	char			*tmp = NULL, *from = NULL, *final = NULL;
	char			*real, *suffix;
	int			 tfd = -1, xfd = -1, sfd, rc = -1, renamed = 0;

	*out = NULL;
	*cause = NULL;
	if (stat(path, &st) == -1) {
		prob_xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	if (prob_import_name(path, name, cause) != 0)
		return (-1);
	if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
		prob_xasprintf(cause, "%s: not a folder or an archive", path);
		return (-1);
	}
	prob_xasprintf(&tmp, "%s/.tmp-%s.XXXXXX", dest, name);
	if (mkdtemp(tmp) == NULL) {
		prob_xasprintf(cause, "%s: %s", dest, strerror(errno));
		free(tmp);
		return (-1);
	}
	memset(&s, 0, sizeof s);
	s.lim = limits != NULL ? limits : &defaults;
	s.cause = cause;
	s.src = strrchr(path, '/') != NULL && strrchr(path, '/')[1] != '\0' ?
	    strrchr(path, '/') + 1 : path;
	if ((tfd = open(tmp, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC)) ==
	    -1 ||
	    mkdirat(tfd, "x", 0755) == -1 ||
	    (xfd = openat(tfd, "x", O_RDONLY|O_DIRECTORY|O_NOFOLLOW|
	    O_CLOEXEC)) == -1) {
		prob_xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	s.rootfd = xfd;
	if (S_ISDIR(st.st_mode)) {
		if ((sfd = open(path, O_RDONLY|O_DIRECTORY|O_CLOEXEC)) == -1) {
			prob_xasprintf(cause, "%s: %s", path, strerror(errno));
			goto out;
		}
		rc = copy_tree(&s, sfd, "", 0);
		close(sfd);
	} else
		rc = extract_archive(&s, path);
	if (rc != 0)
		goto out;
	rc = -1;
	if (package_root(xfd, S_ISREG(st.st_mode), root, sizeof root) != 0) {
		prob_xasprintf(cause, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	prob_xasprintf(&from, "%s/%s", tmp, root);
	if (prob_load_dir_as(from, name, &pkg, cause) != 0)
		goto out;
	/* The same random suffix: dest/.tmp-NAME.XXXXXX -> dest/NAME.XXXXXX */
	suffix = strrchr(tmp, '.');
	prob_xasprintf(&final, "%s/%s%s", dest, name, suffix);
	if (renameat2(AT_FDCWD, from, AT_FDCWD, final,
	    RENAME_NOREPLACE) == -1) {
		prob_xasprintf(cause, "%s: %s", final, strerror(errno));
		goto out;
	}
	renamed = 1;
	if (chmod(final, 0755) == -1 || (real = realpath(final, NULL)) ==
	    NULL) {
		prob_xasprintf(cause, "%s: %s", final, strerror(errno));
		goto out;
	}
	free(pkg->dir);
	pkg->dir = real;
	rc = 0;
out:
	if (xfd != -1)
		close(xfd);
	if (tfd != -1)
		close(tfd);
	(void)prob_remove_tree(tmp);
	if (rc != 0) {
		if (renamed)
			(void)prob_remove_tree(final);
		prob_free(pkg);
		pkg = NULL;
	}
	free(tmp);
	free(from);
	free(final);
	*out = pkg;
	return (rc);
}

int
prob_import(const char *path, const char *dest, struct prob_package **out,
    char **cause)
{
	return (prob_import_limits(path, dest, NULL, out, cause));
}
