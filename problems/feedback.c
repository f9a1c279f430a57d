/* SPDX-License-Identifier: ISC */
/*
 * The pure parts of the custom validator protocol (exit codes, the
 * feedback folder's files) and the sanitizer for untrusted text.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "problems/prob.h"

#define SCORE_FILE_MAX	256

enum prob_verdict
prob_validator_verdict(int exit_code)
{
	if (exit_code == 42)
		return (PROB_AC);
	if (exit_code == 43)
		return (PROB_WA);
	return (PROB_IE);
}

/*
 * Length of the valid UTF-8 character at p (1 to 4), or 0 when the bytes
 * there are not one; *cp gets the code point.
 */
static size_t
utf8_char(const unsigned char *p, size_t len, uint32_t *cp)
{
	size_t		n, k;
	uint32_t	c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return (1);
	}
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2;
		c = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3;
		c = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4;
		c = p[0] & 0x07;
	} else
		return (0);
	if (len < n)
		return (0);
	for (k = 1; k < n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return (0);
		c = (c << 6) | (p[k] & 0x3f);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return (0);
	*cp = c;
	return (n);
}

/* How long a UTF-8 sequence starting with byte c is (1 if not a lead). */
static size_t
lead_len(unsigned char c)
{
	if ((c & 0xe0) == 0xc0)
		return (2);
	if ((c & 0xf0) == 0xe0)
		return (3);
	if ((c & 0xf8) == 0xf0)
		return (4);
	return (1);
}

/* Characters that reorder or hide text on a terminal or a web page. */
static int
unsafe_cp(uint32_t c)
{
	return ((c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e ||
	    c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2066 && c <= 0x2069));
}

char *
prob_sanitize(const void *buf, size_t len, size_t cap, int flags)
{
	const unsigned char	*p = buf;
	char			*out, unit[20];
	size_t			 i = 0, o = 0, n, k, ul, fit = 0, size;
	uint32_t		 cp;

	/* Every input byte becomes at most 4 output bytes. */
	size = (cap != 0 ? cap : len * 4) + 4;
	out = prob_xmalloc(size);
	while (i < len) {
		ul = 0;
		n = utf8_char(p + i, len - i, &cp);
		if (n == 1 && p[i] >= 0x20 && p[i] != 0x7f)
			unit[ul++] = p[i];
		else if (n == 1 && (p[i] == '\n' || p[i] == '\t') &&
		    (flags & PROB_SAN_NEWLINES))
			unit[ul++] = p[i];
		else if (n == 1 && (p[i] == '\n' || p[i] == '\t' ||
		    p[i] == '\r')) {
			unit[ul++] = '\\';
			unit[ul++] = p[i] == '\n' ? 'n' :
			    p[i] == '\t' ? 't' : 'r';
		} else if (n > 1 && !unsafe_cp(cp)) {
			memcpy(unit, p + i, n);
			ul = n;
		} else {
			if (n == 0)
				n = 1;
			for (k = 0; k < n; k++) {
				(void)snprintf(unit + ul, sizeof unit - ul,
				    "\\x%02x", p[i + k]);
				ul += 4;
			}
		}
		if (cap != 0 && o + ul > cap) {
			/* Cut at the last unit that leaves room for "...". */
			o = fit;
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, unit, ul);
		o += ul;
		if (cap == 0 || o + 3 <= cap)
			fit = o;
		i += n;
	}
	out[o] = '\0';
	return (out);
}

char **
prob_flags_split(const char *s, size_t *argc)
{
	char		**v;
	const char	 *p, *start;
	size_t		  n = 0;

	v = prob_xcalloc(1, sizeof *v);
	for (p = s; p != NULL && *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\v' || *p == '\f')
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\n' &&
		    *p != '\r' && *p != '\v' && *p != '\f')
			p++;
		v = prob_xreallocarray(v, n + 2, sizeof *v);
		v[n++] = prob_xstrndup(start, p - start);
		v[n] = NULL;
	}
	if (argc != NULL)
		*argc = n;
	return (v);
}

void
prob_flags_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/*
 * Open feedback_dir/name as an untrusted validator left it. 1 with *fd,
 * 0 if it does not exist, -1 with *cause.
 */
static int
open_feedback(const char *dir, const char *name, int *fd, char **cause)
{
	struct stat	st;
	int		dfd;

	if ((dfd = open(dir, O_RDONLY|O_DIRECTORY|O_CLOEXEC)) == -1) {
		prob_xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	*fd = openat(dfd, name, O_RDONLY|O_NOFOLLOW|O_NONBLOCK|O_CLOEXEC|
	    O_NOCTTY);
	close(dfd);
	if (*fd == -1) {
		if (errno == ENOENT)
			return (0);
		if (errno == ELOOP)
			prob_xasprintf(cause, "%s: is a symbolic link", name);
		else
			prob_xasprintf(cause, "%s: %s", name, strerror(errno));
		return (-1);
	}
	if (fstat(*fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		prob_xasprintf(cause, "%s: not a regular file", name);
		close(*fd);
		return (-1);
	}
	return (1);
}

/* Up to max bytes; *more set if the file has more. -1 with *cause. */
static int
read_capped(int fd, const char *name, size_t max, char **buf, size_t *len,
    int *more, char **cause)
{
	char	*b;
	size_t	 off = 0;
	ssize_t	 n;

	b = prob_xmalloc(max + 2);
	*more = 0;
	while (off <= max) {
		n = read(fd, b + off, max + 1 - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			prob_xasprintf(cause, "%s: %s", name, strerror(errno));
			free(b);
			return (-1);
		}
		if (n == 0)
			break;
		off += n;
	}
	if (off > max) {
		*more = 1;
		off = max;
	}
	b[off] = '\0';
	*buf = b;
	*len = off;
	return (0);
}

int
prob_feedback_read(const char *dir, const char *name, size_t cap,
    char **text, char **cause)
{
	char	*raw, *san;
	size_t	 len, k;
	int	 fd, more, rc;

	*text = NULL;
	if ((rc = open_feedback(dir, name, &fd, cause)) == -1)
		return (-1);
	if (rc == 0) {
		*text = prob_xstrdup("");
		return (0);
	}
	rc = read_capped(fd, name, cap, &raw, &len, &more, cause);
	close(fd);
	if (rc != 0)
		return (-1);
	if (more) {
		/* Drop a character the cap cut in two. */
		for (k = 0; k < 3 && k < len; k++) {
			if (((unsigned char)raw[len - 1 - k] & 0xc0) != 0x80)
				break;
		}
		if (k < len && k + 1 < lead_len(raw[len - 1 - k]))
			len -= k + 1;
	}
	san = prob_sanitize(raw, len, 0, PROB_SAN_NEWLINES);
	free(raw);
	if (more) {
		prob_xasprintf(text, "%s\n[truncated]", san);
		free(san);
	} else
		*text = san;
	return (0);
}

int
prob_feedback_message(const char *dir, char **text, char **cause)
{
	return (prob_feedback_read(dir, "judgemessage.txt", PROB_FEEDBACK_MAX,
	    text, cause));
}

int
prob_feedback_score(const char *dir, double *score, char **cause)
{
	char	*raw, *san;
	size_t	 len, s, e;
	int	 fd, more, rc;

	if ((rc = open_feedback(dir, "score.txt", &fd, cause)) != 1)
		return (rc);
	rc = read_capped(fd, "score.txt", SCORE_FILE_MAX, &raw, &len, &more,
	    cause);
	close(fd);
	if (rc != 0)
		return (-1);
	if (more) {
		prob_xasprintf(cause, "score.txt: over %d bytes",
		    SCORE_FILE_MAX);
		free(raw);
		return (-1);
	}
	for (s = 0; s < len && (raw[s] == ' ' || raw[s] == '\t' ||
	    raw[s] == '\n' || raw[s] == '\r'); s++)
		;
	for (e = len; e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t' ||
	    raw[e - 1] == '\n' || raw[e - 1] == '\r'); e--)
		;
	if (!prob_parse_float(raw + s, e - s, score)) {
		san = prob_sanitize(raw + s, e - s, 40, 0);
		prob_xasprintf(cause, "score.txt: \"%s\" is not a number", san);
		free(san);
		free(raw);
		return (-1);
	}
	free(raw);
	return (1);
}
