/* SPDX-License-Identifier: ISC */
/*
 * Small helpers of the problems module: allocation that never fails,
 * natural order, name checks and reading a small untrusted file.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "problems/prob.h"

static void	oom(const char *) __attribute__((noreturn));

/*
 * libprob stays independent of the sandbox library, so it cannot use
 * fatal(); out of memory is as fatal here as anywhere else in gavel.
 */
static void
oom(const char *what)
{
	char	buf[128];
	int	n;

	n = snprintf(buf, sizeof buf, "gavel: out of memory in %s\n", what);
	if (n > 0 && (size_t)n < sizeof buf &&
	    write(STDERR_FILENO, buf, n) == -1) {
		/* Nothing left to tell anyone with. */
	}
	abort();
}

void *
prob_xmalloc(size_t size)
{
	void	*p;

	if ((p = malloc(size == 0 ? 1 : size)) == NULL)
		oom("prob_xmalloc");
	return (p);
}

void *
prob_xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		oom("prob_xcalloc");
	return (p);
}

void *
prob_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		oom("prob_xreallocarray");
	return (p);
}

char *
prob_xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		oom("prob_xstrdup");
	return (p);
}

char *
prob_xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		oom("prob_xstrndup");
	return (p);
}

int
prob_xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		oom("prob_xasprintf");
	return (n);
}

/*
 * Natural order: runs of digits compare by value ("2" < "10"), the rest
 * byte by byte. Equal values with different zero padding ("1", "01")
 * fall back to strcmp so the order stays total.
 */
int
prob_natcmp(const char *a, const char *b)
{
	const char	*pa = a, *pb = b;
	const char	*sa, *sb;
	size_t		 la, lb;
	int		 c;

	while (*pa != '\0' && *pb != '\0') {
		if (isdigit((unsigned char)*pa) &&
		    isdigit((unsigned char)*pb)) {
			while (*pa == '0' && isdigit((unsigned char)pa[1]))
				pa++;
			while (*pb == '0' && isdigit((unsigned char)pb[1]))
				pb++;
			sa = pa;
			sb = pb;
			while (isdigit((unsigned char)*pa))
				pa++;
			while (isdigit((unsigned char)*pb))
				pb++;
			la = pa - sa;
			lb = pb - sb;
			if (la != lb)
				return (la < lb ? -1 : 1);
			if ((c = memcmp(sa, sb, la)) != 0)
				return (c < 0 ? -1 : 1);
			continue;
		}
		if (*pa != *pb)
			return ((unsigned char)*pa < (unsigned char)*pb ?
			    -1 : 1);
		pa++;
		pb++;
	}
	if (*pa != *pb)
		return ((unsigned char)*pa < (unsigned char)*pb ? -1 : 1);
	c = strcmp(a, b);
	return (c < 0 ? -1 : c > 0);
}

/* Valid UTF-8 (shortest forms, no surrogates), no C0 controls, no DEL. */
int
prob_name_ok(const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 cp;

	while (i < len) {
		if (p[i] < 0x80) {
			if (p[i] < 0x20 || p[i] == 0x7f)
				return (0);
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0) {
			n = 1;
			cp = p[i] & 0x1f;
		} else if ((p[i] & 0xf0) == 0xe0) {
			n = 2;
			cp = p[i] & 0x0f;
		} else if ((p[i] & 0xf8) == 0xf0) {
			n = 3;
			cp = p[i] & 0x07;
		} else
			return (0);
		if (len - i <= n)
			return (0);
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return (0);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) ||
		    (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return (0);
		/* C1 controls are as unprintable as C0 ones. */
		if (cp >= 0x80 && cp <= 0x9f)
			return (0);
		i += n + 1;
	}
	return (1);
}

/*
 * Read one file named by a single component under dirfd. The writer may
 * be hostile (a package, a validator's feedback), so: no links, nothing
 * but a regular file (a FIFO would block, a device would never end),
 * and never more than max bytes.
 */
int
prob_read_at(int dirfd, const char *path, const char *shown, size_t max,
    char **buf, size_t *len, char **cause)
{
	struct stat	 st;
	char		*b;
	size_t		 off = 0;
	ssize_t		 n;
	int		 fd;

	*buf = NULL;
	*len = 0;
	if (strchr(path, '/') != NULL) {
		prob_xasprintf(cause, "%s: not a plain file name", shown);
		return (-1);
	}
	fd = openat(dirfd, path, O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC|
	    O_NOCTTY);
	if (fd == -1) {
		if (errno == ELOOP)
			prob_xasprintf(cause, "%s: is a symbolic link", shown);
		else
			prob_xasprintf(cause, "%s: %s", shown, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		prob_xasprintf(cause, "%s: %s", shown, strerror(errno));
		close(fd);
		return (-1);
	}
	if (!S_ISREG(st.st_mode)) {
		prob_xasprintf(cause, "%s: not a regular file", shown);
		close(fd);
		return (-1);
	}
	if ((uint64_t)st.st_size > max) {
		prob_xasprintf(cause, "%s: over the %zu-byte limit", shown,
		    max);
		close(fd);
		return (-1);
	}
	b = prob_xmalloc(max + 1);
	for (;;) {
		/* One byte of room past max tells a file that grew. */
		n = read(fd, b + off, max + 1 - off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			prob_xasprintf(cause, "%s: %s", shown, strerror(errno));
			free(b);
			close(fd);
			return (-1);
		}
		if (n == 0)
			break;
		off += n;
		if (off > max) {
			prob_xasprintf(cause, "%s: over the %zu-byte limit",
			    shown, max);
			free(b);
			close(fd);
			return (-1);
		}
	}
	close(fd);
	b[off] = '\0';
	*buf = b;
	*len = off;
	return (0);
}
