/* SPDX-License-Identifier: ISC */
/*
 * Small helpers shared by the sandbox library and its programs: allocation
 * that never fails, escaped logging to stderr, clocks and whole-file I/O.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/openat2.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sbx.h"

int	log_level;

static void	log_vwrite(const char *, const char *, va_list, int)
		    __attribute__((format(printf, 2, 0)));

void *
xmalloc(size_t size)
{
	void	*p;

	/* A zero-sized request still gets a unique, freeable pointer. */
	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		fatal("xmalloc: %zu bytes", size);
	return (p);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		fatal("xcalloc: %zu * %zu bytes", nmemb, size);
	return (p);
}

void *
xrealloc(void *ptr, size_t size)
{
	return (xreallocarray(ptr, 1, size));
}

void *
xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		fatal("xreallocarray: %zu * %zu bytes", nmemb, size);
	return (p);
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("xstrdup");
	return (p);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		fatal("xasprintf");
	return (n);
}

/*
 * Format one message and write it as a single line with one write(2), so
 * lines from the host side and the supervisor do not interleave. Control
 * bytes and backslashes are escaped: a message may quote a file name or a
 * program's output, and must not move the cursor on an admin's terminal.
 */
static void
log_vwrite(const char *tag, const char *fmt, va_list ap, int with_errno)
{
	char		*msg, *line, *p;
	const char	*s, *prog;
	size_t		 size;
	int		 saved = errno;

	if (vasprintf(&msg, fmt, ap) == -1) {
		/* Nothing better to do: say something fixed. */
		(void)sbx_write_all(STDERR_FILENO, "log: out of memory\n", 19);
		errno = saved;
		return;
	}
	prog = program_invocation_short_name;
	size = strlen(prog) + strlen(tag) + strlen(msg) * 4 + 8;
	if (with_errno)
		size += strlen(strerror(saved)) + 2;
	if ((line = malloc(size)) == NULL) {
		free(msg);
		errno = saved;
		return;
	}

	p = line;
	p += sprintf(p, "%s: %s", prog, tag);
	for (s = msg; *s != '\0'; s++) {
		unsigned char	c = (unsigned char)*s;

		if (c == '\\') {
			*p++ = '\\';
			*p++ = '\\';
		} else if (c == '\n') {
			*p++ = '\\';
			*p++ = 'n';
		} else if (c == '\t') {
			*p++ = '\\';
			*p++ = 't';
		} else if (c == '\r') {
			*p++ = '\\';
			*p++ = 'r';
		} else if (c < 0x20 || c == 0x7f)
			p += sprintf(p, "\\%03o", c);
		else
			*p++ = (char)c;
	}
	if (with_errno)
		p += sprintf(p, ": %s", strerror(saved));
	*p++ = '\n';

	(void)sbx_write_all(STDERR_FILENO, line, (size_t)(p - line));
	free(line);
	free(msg);
	errno = saved;
}

/* Fatal error with the errno description appended; exits 1. */
void
fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("fatal: ", fmt, ap, 1);
	va_end(ap);
	exit(1);
}

/* Fatal error without errno; exits 1. */
void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("fatal: ", fmt, ap, 0);
	va_end(ap);
	exit(1);
}

/* Warnings are always shown; errno is not appended (add %s yourself). */
void
log_warn(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	log_vwrite("", fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	log_vwrite("", fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	log_vwrite("debug: ", fmt, ap, 0);
	va_end(ap);
}

uint64_t
sbx_now_ns(void)
{
	struct timespec	ts;

	/* Cannot fail with a valid clock and pointer. */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		return (0);
	return ((uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec);
}

static int
open_at(int dirfd, const char *path, int flags)
{
	int	fd;

	do
		fd = openat(dirfd, path, flags | O_CLOEXEC | O_NOCTTY);
	while (fd == -1 && errno == EINTR);
	return (fd);
}

static void
close_keep_errno(int fd)
{
	int	saved = errno;

	(void)close(fd);
	errno = saved;
}

/*
 * The whole file must fit in len - 1 bytes: a cgroup or proc file cut
 * short would be misread silently, so a longer file fails with EFBIG.
 */
ssize_t
sbx_read_file_at(int dirfd, const char *path, char *buf, size_t len)
{
	char	 extra;
	size_t	 have = 0;
	ssize_t	 n;
	int	 fd;

	if (len == 0) {
		errno = EINVAL;
		return (-1);
	}
	if ((fd = open_at(dirfd, path, O_RDONLY)) == -1)
		return (-1);
	for (;;) {
		if (have == len - 1)
			n = read(fd, &extra, 1);
		else
			n = read(fd, buf + have, len - 1 - have);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			close_keep_errno(fd);
			return (-1);
		}
		if (n == 0)
			break;
		if (have == len - 1) {
			close_keep_errno(fd);
			errno = EFBIG;
			return (-1);
		}
		have += (size_t)n;
	}
	(void)close(fd);
	buf[have] = '\0';
	return ((ssize_t)have);
}

/*
 * Kernel files (cgroup, uid_map) take a value in one write, so the string
 * is written at once; no O_CREAT and no O_TRUNC, as for `echo >`.
 */
int
sbx_write_file_at(int dirfd, const char *path, const char *s)
{
	int	fd;

	if ((fd = open_at(dirfd, path, O_WRONLY)) == -1)
		return (-1);
	if (sbx_write_all(fd, s, strlen(s)) == -1) {
		close_keep_errno(fd);
		return (-1);
	}
	if (close(fd) == -1 && errno != EINTR)
		return (-1);
	return (0);
}

/* Only write(2) here: this runs between clone and execve. */
int
sbx_write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0) {
			errno = EIO;
			return (-1);
		}
		p += n;
		len -= (size_t)n;
	}
	return (0);
}

int
sbx_open_dir_nosymlinks(const char *path)
{
	struct open_how	how;

	memset(&how, 0, sizeof how);
	how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	how.resolve = RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
	return ((int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how));
}

int
sbx_mkdir_p(const char *path, mode_t mode)
{
	char	buf[PATH_MAX], *p;

	if (strlcpy(buf, path, sizeof buf) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	for (p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) == -1 && errno != EEXIST)
			return (-1);
		*p = '/';
	}
	if (mkdir(buf, mode) == -1 && errno != EEXIST)
		return (-1);
	return (0);
}
