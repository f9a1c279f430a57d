/* SPDX-License-Identifier: ISC */
/*
 * The default output validator (Kattis semantics): token by token, with
 * the case, whitespace and float tolerance flags. One pass, no copies.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "problems/prob.h"

/* Tokens longer than this are never floats (strtod would be slow). */
#define FLOAT_TOKEN_MAX	1024
/* Bytes of a token quoted in a judge message. */
#define SHOWN_TOKEN_MAX	60

/* Where a reader is in one of the two texts. */
struct cursor {
	const char	*p;
	size_t		 len;
	size_t		 off;
	size_t		 line;
};

static void	set_msg(char *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* The "C" locale's isspace(), without a locale lookup per byte. */
static int
is_space(unsigned char c)
{
	return (c == ' ' || c == '\n' || c == '\t' || c == '\r' ||
	    c == '\v' || c == '\f');
}

static int
is_digit(unsigned char c)
{
	return (c >= '0' && c <= '9');
}

void
prob_vflags_init(struct prob_vflags *vf)
{
	vf->case_sensitive = 0;
	vf->space_change_sensitive = 0;
	vf->abs_tol = -1;
	vf->rel_tol = -1;
}

/*
 * The 2023-07 float grammar: [+-]? (d* . d+ | d+ . | d+) ([eE] [+-]? d+)?
 * Decimal only, so "nan", "inf" and hex floats are plain strings; a value
 * that overflows to infinity is not a float either.
 */
int
prob_parse_float(const char *s, size_t len, double *v)
{
	char	 buf[FLOAT_TOKEN_MAX + 1];
	size_t	 i = 0, digits = 0;
	double	 d;
	char	*end;

	if (len == 0 || len > FLOAT_TOKEN_MAX)
		return (0);
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < len && is_digit(s[i])) {
		i++;
		digits++;
	}
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i])) {
			i++;
			digits++;
		}
	}
	if (digits == 0)
		return (0);
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i == len || !is_digit(s[i]))
			return (0);
		while (i < len && is_digit(s[i]))
			i++;
	}
	if (i != len)
		return (0);
	memcpy(buf, s, len);
	buf[len] = '\0';
	d = strtod(buf, &end);
	if (end != buf + len || !isfinite(d))
		return (0);
	*v = d;
	return (1);
}

int
prob_vflags_parse(const char *s, struct prob_vflags *out, char **cause)
{
	struct prob_vflags	  vf = *out;
	char			**w, *san;
	size_t			  n, i;
	double			  d;

	w = prob_flags_split(s, &n);
	for (i = 0; i < n; i++) {
		if (strcmp(w[i], "case_sensitive") == 0) {
			vf.case_sensitive = 1;
			continue;
		}
		if (strcmp(w[i], "space_change_sensitive") == 0) {
			vf.space_change_sensitive = 1;
			continue;
		}
		if (strcmp(w[i], "float_tolerance") != 0 &&
		    strcmp(w[i], "float_absolute_tolerance") != 0 &&
		    strcmp(w[i], "float_relative_tolerance") != 0) {
			san = prob_sanitize(w[i], strlen(w[i]), 40, 0);
			prob_xasprintf(cause, "unknown flag \"%s\"", san);
			free(san);
			goto fail;
		}
		if (i + 1 == n) {
			prob_xasprintf(cause, "%s: missing value", w[i]);
			goto fail;
		}
		if (!prob_parse_float(w[i + 1], strlen(w[i + 1]), &d) ||
		    d < 0) {
			san = prob_sanitize(w[i + 1], strlen(w[i + 1]), 40, 0);
			prob_xasprintf(cause, "%s: \"%s\" is not a number >= 0",
			    w[i], san);
			free(san);
			goto fail;
		}
		if (strcmp(w[i], "float_tolerance") == 0)
			vf.abs_tol = vf.rel_tol = d;
		else if (strcmp(w[i], "float_absolute_tolerance") == 0)
			vf.abs_tol = d;
		else
			vf.rel_tol = d;
		i++;
	}
	prob_flags_free(w);
	*out = vf;
	return (0);
fail:
	prob_flags_free(w);
	return (-1);
}

/* Format, then cut to msglen on a UTF-8 character boundary. */
static void
set_msg(char *msg, size_t msglen, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	size_t	 n;

	if (msglen == 0)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		s = NULL;
	va_end(ap);
	if (s == NULL) {
		msg[0] = '\0';
		return;
	}
	n = strlen(s);
	if (n >= msglen) {
		n = msglen - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(msg, s, n);
	msg[n] = '\0';
	free(s);
}

/* Skip a whitespace run; returns where it started. */
static size_t
skip_space(struct cursor *c)
{
	size_t	start = c->off;

	while (c->off < c->len && is_space(c->p[c->off])) {
		if (c->p[c->off] == '\n')
			c->line++;
		c->off++;
	}
	return (start);
}

static size_t
token_end(const struct cursor *c)
{
	size_t	i = c->off;

	while (i < c->len && !is_space(c->p[i]))
		i++;
	return (i);
}

static int
same_token(const char *a, size_t alen, const char *b, size_t blen, int cs)
{
	size_t		i;
	unsigned char	x, y;

	if (alen != blen)
		return (0);
	if (cs)
		return (memcmp(a, b, alen) == 0);
	for (i = 0; i < alen; i++) {
		x = a[i];
		y = b[i];
		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y)
			return (0);
	}
	return (1);
}

/* Whitespace runs must be byte-identical in space_change_sensitive mode. */
static int
space_differs(const struct cursor *t, size_t ts, const struct cursor *a,
    size_t as, char *msg, size_t msglen)
{
	size_t	 tl = t->off - ts, al = a->off - as, i, line;
	char	*want, *got;

	if (tl == al && memcmp(t->p + ts, a->p + as, tl) == 0)
		return (0);
	line = t->line;
	for (i = 0; i < tl && i < al && t->p[ts + i] == a->p[as + i]; i++)
		;
	/* Count back the newlines after the first difference. */
	for (; i < tl; i++) {
		if (t->p[ts + i] == '\n')
			line--;
	}
	want = prob_sanitize(a->p + as, al, SHOWN_TOKEN_MAX, 0);
	got = prob_sanitize(t->p + ts, tl, SHOWN_TOKEN_MAX, 0);
	set_msg(msg, msglen, "line %zu: whitespace differs: expected \"%s\", "
	    "got \"%s\"", line, want, got);
	free(want);
	free(got);
	return (1);
}

/* "line N: expected "A", got "B"", with the difference of two floats. */
static void
set_mismatch(const struct cursor *t, size_t te, const struct cursor *a,
    size_t ae, double diff, char *msg, size_t msglen)
{
	char	*want, *got;

	want = prob_sanitize(a->p + a->off, ae - a->off, SHOWN_TOKEN_MAX, 0);
	got = prob_sanitize(t->p + t->off, te - t->off, SHOWN_TOKEN_MAX, 0);
	if (diff >= 0)
		set_msg(msg, msglen, "line %zu: expected \"%s\", got \"%s\" "
		    "(difference %.3g over the tolerance)", t->line, want, got,
		    diff);
	else
		set_msg(msg, msglen, "line %zu: expected \"%s\", got \"%s\"",
		    t->line, want, got);
	free(want);
	free(got);
}

enum prob_verdict
prob_default_validate(const char *team, size_t team_len, const char *answer,
    size_t answer_len, const struct prob_vflags *vf, char *msg, size_t msglen)
{
	struct cursor	 t = { team, team_len, 0, 1 };
	struct cursor	 a = { answer, answer_len, 0, 1 };
	size_t		 ts, as, te, ae;
	double		 jv, tv;
	char		*want, *got;
	int		 floats;

	if (msglen > 0)
		msg[0] = '\0';
	floats = vf->abs_tol >= 0 || vf->rel_tol >= 0;
	for (;;) {
		as = skip_space(&a);
		ts = skip_space(&t);
		if (vf->space_change_sensitive &&
		    space_differs(&t, ts, &a, as, msg, msglen))
			return (PROB_WA);
		if (a.off == a.len) {
			if (t.off == t.len)
				return (PROB_AC);
			te = token_end(&t);
			got = prob_sanitize(t.p + t.off, te - t.off,
			    SHOWN_TOKEN_MAX, 0);
			set_msg(msg, msglen, "line %zu: trailing output \"%s\"",
			    t.line, got);
			free(got);
			return (PROB_WA);
		}
		ae = token_end(&a);
		if (t.off == t.len) {
			want = prob_sanitize(a.p + a.off, ae - a.off,
			    SHOWN_TOKEN_MAX, 0);
			set_msg(msg, msglen, "line %zu: expected \"%s\", "
			    "got %s", t.line, want, t.len == 0 ?
			    "empty output" : "end of output");
			free(want);
			return (PROB_WA);
		}
		te = token_end(&t);
		if (floats && prob_parse_float(a.p + a.off, ae - a.off, &jv) &&
		    prob_parse_float(t.p + t.off, te - t.off, &tv)) {
			if (fabs(jv - tv) <= vf->abs_tol ||
			    fabs(jv - tv) <= vf->rel_tol * fabs(jv))
				goto next;
			set_mismatch(&t, te, &a, ae, fabs(jv - tv), msg,
			    msglen);
			return (PROB_WA);
		}
		if (!same_token(a.p + a.off, ae - a.off, t.p + t.off,
		    te - t.off, vf->case_sensitive)) {
			set_mismatch(&t, te, &a, ae, -1, msg, msglen);
			return (PROB_WA);
		}
next:
		a.off = ae;
		t.off = te;
	}
}
