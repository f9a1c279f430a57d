/* SPDX-License-Identifier: ISC */
/*
 * Small helpers of the analyzer: allocation that never fails, the names
 * of its enums, UTF-8 checks and the sanitizing of excerpts.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analyzer/ana.h"

static void	ana_oom(const char *) __attribute__((noreturn));

/*
 * libana stays independent of the sandbox library and cannot use
 * fatal(); running out of memory is as fatal here as anywhere in gavel.
 */
static void
ana_oom(const char *what)
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
ana_xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		ana_oom(__func__);
	return (p);
}

void *
ana_xcalloc(size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		ana_oom(__func__);
	return (p);
}

void *
ana_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void	*p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = reallocarray(ptr, nmemb, size)) == NULL)
		ana_oom(__func__);
	return (p);
}

char *
ana_xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		ana_oom(__func__);
	return (p);
}

char *
ana_xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		ana_oom(__func__);
	return (p);
}

int
ana_xasprintf(char **ret, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		ana_oom(__func__);
	return (n);
}

/* ------------------------------------------------------------------ */

static const char *const lang_names[ANA_LANG_MAX] = {
	"c", "cpp", "python3", "java", "javascript", "rust", "go"
};

static const struct {
	const char	*alias;
	enum ana_lang	 lang;
} lang_aliases[] = {
	{ "c++", ANA_LANG_CPP },
	{ "cxx", ANA_LANG_CPP },
	{ "cc", ANA_LANG_CPP },
	{ "python", ANA_LANG_PYTHON },
	{ "py", ANA_LANG_PYTHON },
	{ "py3", ANA_LANG_PYTHON },
	{ "pypy3", ANA_LANG_PYTHON },
	{ "js", ANA_LANG_JAVASCRIPT },
	{ "node", ANA_LANG_JAVASCRIPT },
	{ "nodejs", ANA_LANG_JAVASCRIPT },
	{ "rs", ANA_LANG_RUST },
	{ "golang", ANA_LANG_GO }
};

static const char *const cat_names[ANA_CAT_MAX] = {
	"crypto-mining", "network", "process-spawn", "native-code",
	"filesystem-escape", "sandbox-escape", "obfuscation"
};

static const char *const sev_names[] = { "low", "medium", "high" };
static const char *const act_names[] = { "flag", "reject" };
static const char *const verdict_names[] = { "clean", "flag", "reject" };

enum ana_lang
ana_language_from_name(const char *name)
{
	size_t	i;

	if (name == NULL)
		return (ANA_LANG_NONE);
	for (i = 0; i < ANA_LANG_MAX; i++) {
		if (strcasecmp(name, lang_names[i]) == 0)
			return ((enum ana_lang)i);
	}
	for (i = 0; i < sizeof lang_aliases / sizeof lang_aliases[0]; i++) {
		if (strcasecmp(name, lang_aliases[i].alias) == 0)
			return (lang_aliases[i].lang);
	}
	return (ANA_LANG_NONE);
}

const char *
ana_language_name(enum ana_lang lang)
{
	if (lang < 0 || lang >= ANA_LANG_MAX)
		return ("unknown");
	return (lang_names[lang]);
}

enum ana_family
ana_language_family(enum ana_lang lang)
{
	switch (lang) {
	case ANA_LANG_PYTHON:
		return (ANA_FAM_PYTHON);
	case ANA_LANG_JAVA:
		return (ANA_FAM_JAVA);
	case ANA_LANG_JAVASCRIPT:
		return (ANA_FAM_JS);
	case ANA_LANG_RUST:
		return (ANA_FAM_RUST);
	case ANA_LANG_GO:
		return (ANA_FAM_GO);
	default:
		return (ANA_FAM_C);
	}
}

static int
name_lookup(const char *const *names, size_t n, const char *name)
{
	size_t	i;

	if (name == NULL)
		return (-1);
	for (i = 0; i < n; i++) {
		if (strcmp(name, names[i]) == 0)
			return ((int)i);
	}
	return (-1);
}

int
ana_category_from_name(const char *name)
{
	return (name_lookup(cat_names, ANA_CAT_MAX, name));
}

const char *
ana_category_name(enum ana_category c)
{
	if (c < 0 || c >= ANA_CAT_MAX)
		return ("unknown");
	return (cat_names[c]);
}

int
ana_severity_from_name(const char *name)
{
	return (name_lookup(sev_names, 3, name));
}

const char *
ana_severity_name(enum ana_severity s)
{
	if (s < 0 || s > ANA_SEV_HIGH)
		return ("none");
	return (sev_names[s]);
}

int
ana_action_from_name(const char *name)
{
	return (name_lookup(act_names, 2, name));
}

const char *
ana_action_name(enum ana_action a)
{
	if (a < 0 || a > ANA_ACT_REJECT)
		return ("none");
	return (act_names[a]);
}

const char *
ana_verdict_name(enum ana_verdict v)
{
	if (v < 0 || v > ANA_REJECTED)
		return ("unknown");
	return (verdict_names[v]);
}

/* ------------------------------------------------------------------ */

size_t
ana_utf8_len(const unsigned char *s, size_t left)
{
	uint32_t	cp;
	size_t		n, i;

	if (left == 0)
		return (0);
	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return (0);
	if (left < n)
		return (0);
	cp = s[0] & (0x7f >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and beyond U+10FFFF. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return (0);
	return (n);
}

/* Code points that reorder, hide or break a line of text on a terminal. */
static int
unsafe_cp(uint32_t cp)
{
	return ((cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls */
	    (cp >= 0x200b && cp <= 0x200f) ||		/* zero width, marks */
	    (cp >= 0x2028 && cp <= 0x202e) ||		/* separators, bidi */
	    (cp >= 0x2060 && cp <= 0x2069) ||		/* isolates */
	    cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffb));
}

static uint32_t
decode(const unsigned char *s, size_t n)
{
	uint32_t	cp;
	size_t		i;

	cp = s[0] & (n == 1 ? 0x7f : 0x7f >> n);
	for (i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3f);
	return (cp);
}

/*
 * Control bytes become \xNN, invisible or reordering code points \u{N},
 * runs of white space one space; the copy is valid UTF-8 and cut with
 * "..." to at most max bytes (max >= 8).
 */
char *
ana_sanitize(const char *s, size_t len, size_t max)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*out, tmp[16];
	size_t			 i, o, k, t;
	int			 space = 0;

	out = ana_xmalloc(max + 1);
	o = 0;
	for (i = 0; i < len; i += k) {
		k = ana_utf8_len(u + i, len - i);
		if (k == 1 && (u[i] == ' ' || u[i] == '\t' || u[i] == '\n' ||
		    u[i] == '\r')) {
			if (!space && o > 0)
				space = 1;
			continue;
		}
		if (k == 0) {
			k = 1;
			snprintf(tmp, sizeof tmp, "\\x%02x", u[i]);
		} else if (k == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			snprintf(tmp, sizeof tmp, "\\x%02x", u[i]);
		else if (k > 1 && unsafe_cp(decode(u + i, k)))
			snprintf(tmp, sizeof tmp, "\\u{%x}",
			    (unsigned int)decode(u + i, k));
		else {
			memcpy(tmp, u + i, k);
			tmp[k] = '\0';
		}
		t = strlen(tmp);
		if (o + space + t + 3 > max) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (space) {
			out[o++] = ' ';
			space = 0;
		}
		memcpy(out + o, tmp, t);
		o += t;
	}
	out[o] = '\0';
	return (out);
}
