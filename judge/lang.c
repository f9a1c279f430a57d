/* SPDX-License-Identifier: ISC */
/*
 * Languages: the [section] file of judge/languages.conf (README.md,
 * "Languages"), lookups by name and extension, argv templates.
 */

#include <sys/types.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "judge/jdg.h"

#ifndef JDG_SYSCONFDIR
#define JDG_SYSCONFDIR	"/etc"
#endif

#define LANG_LINE_MAX	1024
#define LANG_MAX	64
#define LANG_ARGV_MAX	64

struct lparse {
	const char	*name;
	size_t		 line;
	char		**cause;
};

static int
lerr(struct lparse *P, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (P->cause != NULL)
		xasprintf(P->cause, "%s:%zu: %s", P->name, P->line, msg);
	free(msg);
	return (-1);
}

void
jdg_argv_free(char **v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* Words of s split on blanks; no quoting (README.md says so). */
static char **
split_words(const char *s, size_t *n)
{
	char		**v;
	const char	 *p, *e;
	size_t		  k = 0;

	v = xcalloc(LANG_ARGV_MAX + 1, sizeof *v);
	for (p = s; *p != '\0';) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			break;
		for (e = p; *e != '\0' && *e != ' ' && *e != '\t'; e++)
			;
		if (k == LANG_ARGV_MAX) {
			jdg_argv_free(v);
			return (NULL);
		}
		v[k] = xmalloc(e - p + 1);
		memcpy(v[k], p, e - p);
		v[k][e - p] = '\0';
		k++;
		p = e;
	}
	*n = k;
	return (v);
}

static void
lang_clear(struct jdg_lang *l)
{
	size_t	i;

	free(l->id);
	free(l->name);
	for (i = 0; i < l->nexts; i++)
		free(l->exts[i]);
	free(l->exts);
	free(l->source);
	jdg_argv_free(l->compile);
	jdg_argv_free(l->run);
	jdg_argv_free(l->env);
	jdg_argv_free(l->compile_env);
	free(l->policy);
}

void
jdg_langs_free(struct jdg_langs *L)
{
	size_t	i;

	if (L == NULL)
		return;
	for (i = 0; i < L->n; i++)
		lang_clear(&L->v[i]);
	free(L->v);
	free(L->path);
	free(L);
}

static void
lang_defaults(struct jdg_lang *l)
{
	memset(l, 0, sizeof *l);
	l->time_mult = 1;
	l->memory_mult = 1;
	l->cpu_cap_ms = 10 * 1000;
	l->memory_cap = 256ULL << 20;
	l->processes = 10;
	l->open_files = 50;
	l->compile_ms = 30 * 1000;
	l->compile_memory = 1ULL << 30;
	l->compile_processes = 128;
}

static int
parse_mult(struct lparse *P, const char *key, const char *v, double *out)
{
	char	*end;
	double	 d;

	errno = 0;
	d = strtod(v, &end);
	if (*v == '\0' || *end != '\0' || errno != 0 || !isfinite(d) ||
	    d < 0.1 || d > 100)
		return (lerr(P, "%s: '%s' is not a multiplier (0.1 to 100)",
		    key, v));
	*out = d;
	return (0);
}

/* Append env words (VAR=VALUE each) to a NULL-ended vector. */
static int
add_env(struct lparse *P, const char *key, char ***envp, const char *v)
{
	char	**w, **env = *envp;
	size_t	  n, k = 0, i;

	if ((w = split_words(v, &n)) == NULL || n == 0) {
		jdg_argv_free(w);
		return (lerr(P, "%s: expected VAR=VALUE words", key));
	}
	for (i = 0; i < n; i++) {
		if (strchr(w[i], '=') == NULL || w[i][0] == '=') {
			lerr(P, "%s: '%s' is not VAR=VALUE", key, w[i]);
			jdg_argv_free(w);
			return (-1);
		}
	}
	while (env != NULL && env[k] != NULL)
		k++;
	env = xreallocarray(env, k + n + 1, sizeof *env);
	for (i = 0; i < n; i++)
		env[k++] = w[i];
	env[k] = NULL;
	free(w);
	*envp = env;
	return (0);
}

static int
set_string(struct lparse *P, const char *key, char **field, const char *v)
{
	if (*field != NULL)
		return (lerr(P, "%s given twice", key));
	if (*v == '\0')
		return (lerr(P, "%s: empty", key));
	*field = xstrdup(v);
	return (0);
}

static int
set_argv(struct lparse *P, const char *key, char ***field, const char *v)
{
	size_t	n;

	if (*field != NULL)
		return (lerr(P, "%s given twice", key));
	if ((*field = split_words(v, &n)) == NULL)
		return (lerr(P, "%s: more than %d words", key, LANG_ARGV_MAX));
	if (n == 0) {
		jdg_argv_free(*field);
		*field = NULL;
		return (lerr(P, "%s: empty", key));
	}
	return (0);
}

/* One "key = value" line into the current language. */
static int
lang_set(struct lparse *P, struct jdg_lang *l, const char *k, const char *v)
{
	char		*cause;
	size_t		 n, i;
	uint32_t	 u;

	if (strcmp(k, "name") == 0)
		return (set_string(P, k, &l->name, v));
	if (strcmp(k, "source") == 0) {
		if (strchr(v, '/') != NULL || v[0] == '.')
			return (lerr(P, "source: '%s' must be a plain file "
			    "name", v));
		return (set_string(P, k, &l->source, v));
	}
	if (strcmp(k, "policy") == 0)
		return (set_string(P, k, &l->policy, v));
	if (strcmp(k, "compile") == 0) {
		if (strcmp(v, "none") == 0)
			return (0);
		return (set_argv(P, k, &l->compile, v));
	}
	if (strcmp(k, "run") == 0)
		return (set_argv(P, k, &l->run, v));
	if (strcmp(k, "env") == 0)
		return (add_env(P, k, &l->env, v));
	if (strcmp(k, "compile-env") == 0)
		return (add_env(P, k, &l->compile_env, v));
	if (strcmp(k, "extensions") == 0) {
		if (l->exts != NULL)
			return (lerr(P, "extensions given twice"));
		if ((l->exts = split_words(v, &n)) == NULL || n == 0)
			return (lerr(P, "extensions: expected words"));
		l->nexts = n;
		for (i = 0; i < n; i++) {
			if (l->exts[i][0] == '.')
				memmove(l->exts[i], l->exts[i] + 1,
				    strlen(l->exts[i]));
			if (l->exts[i][0] == '\0' ||
			    strchr(l->exts[i], '/') != NULL)
				return (lerr(P, "extensions: bad '%s'", v));
		}
		return (0);
	}
	if (strcmp(k, "time-multiplier") == 0)
		return (parse_mult(P, k, v, &l->time_mult));
	if (strcmp(k, "memory-multiplier") == 0)
		return (parse_mult(P, k, v, &l->memory_mult));

	cause = NULL;
	if (strcmp(k, "cpu") == 0) {
		if (sbx_parse_seconds(v, SBX_MAX_CPU_MS, &l->cpu_cap_ms,
		    &cause) == 0)
			return (0);
	} else if (strcmp(k, "time-extra") == 0) {
		if (sbx_parse_seconds(v, SBX_MAX_CPU_MS, &l->time_extra_ms,
		    &cause) == 0)
			return (0);
	} else if (strcmp(k, "compile-time") == 0) {
		if (sbx_parse_seconds(v, SBX_MAX_CPU_MS, &l->compile_ms,
		    &cause) == 0)
			return (0);
	} else if (strcmp(k, "memory") == 0) {
		if (sbx_parse_size(v, SBX_MAX_MEMORY, &l->memory_cap,
		    &cause) == 0 && l->memory_cap >= SBX_MIN_MEMORY)
			return (0);
	} else if (strcmp(k, "compile-memory") == 0) {
		if (sbx_parse_size(v, SBX_MAX_MEMORY, &l->compile_memory,
		    &cause) == 0 && l->compile_memory >= SBX_MIN_MEMORY)
			return (0);
	} else if (strcmp(k, "stack") == 0) {
		if (sbx_parse_size(v, SBX_MAX_MEMORY, &l->stack_bytes,
		    &cause) == 0)
			return (0);
	} else if (strcmp(k, "processes") == 0 ||
	    strcmp(k, "open-files") == 0 ||
	    strcmp(k, "compile-processes") == 0) {
		if (sbx_parse_count(v, strcmp(k, "open-files") == 0 ?
		    SBX_MAX_OPEN_FILES : SBX_MAX_PROCESSES, &u, &cause) == 0) {
			if (strcmp(k, "processes") == 0)
				l->processes = u;
			else if (strcmp(k, "open-files") == 0)
				l->open_files = u;
			else
				l->compile_processes = u;
			return (0);
		}
	} else
		return (lerr(P, "unknown key '%s'", k));
	lerr(P, "%s: %s", k, cause != NULL ? cause : "too small");
	free(cause);
	return (-1);
}

static int
lang_check(struct lparse *P, struct jdg_lang *l)
{
	if (l->exts == NULL)
		return (lerr(P, "[%s]: no extensions", l->id));
	if (l->source == NULL)
		return (lerr(P, "[%s]: no source", l->id));
	if (l->run == NULL)
		return (lerr(P, "[%s]: no run command", l->id));
	if (l->name == NULL)
		l->name = xstrdup(l->id);
	if (l->policy == NULL)
		l->policy = xstrdup("default");
	return (0);
}

static char *
trim(char *s)
{
	char	*e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return (s);
}

static int
id_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > DB_LANGUAGE_MAX)
		return (0);
	for (; *s != '\0'; s++) {
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '+' && *s != '-' && *s != '_')
			return (0);
	}
	return (1);
}

int
jdg_langs_parse(FILE *f, const char *name, struct jdg_langs **out,
    char **cause)
{
	struct lparse	 P;
	struct jdg_langs *L;
	struct jdg_lang	*cur = NULL;
	char		 buf[LANG_LINE_MAX + 2], *s, *eq, *k, *v, *e;
	size_t		 i, len;

	*out = NULL;
	P.name = name;
	P.line = 0;
	P.cause = cause;
	L = xcalloc(1, sizeof *L);
	L->path = xstrdup(name);
	while (fgets(buf, sizeof buf, f) != NULL) {
		P.line++;
		len = strlen(buf);
		if (len > LANG_LINE_MAX && buf[len - 1] != '\n') {
			lerr(&P, "line longer than %d bytes", LANG_LINE_MAX);
			goto fail;
		}
		s = trim(buf);
		if (*s == '#' || *s == '\0')
			continue;
		if (*s == '[') {
			if (cur != NULL && lang_check(&P, cur) != 0)
				goto fail;
			if ((e = strchr(s, ']')) == NULL || e[1] != '\0') {
				lerr(&P, "expected [id]");
				goto fail;
			}
			*e = '\0';
			s = trim(s + 1);
			if (!id_ok(s)) {
				lerr(&P, "bad language id '%s' (a-z 0-9 + - _)",
				    s);
				goto fail;
			}
			for (i = 0; i < L->n; i++) {
				if (strcmp(L->v[i].id, s) == 0) {
					lerr(&P, "[%s] defined twice (line %d)",
					    s, L->v[i].line);
					goto fail;
				}
			}
			if (L->n == LANG_MAX) {
				lerr(&P, "more than %d languages", LANG_MAX);
				goto fail;
			}
			L->v = xreallocarray(L->v, L->n + 1, sizeof *L->v);
			cur = &L->v[L->n++];
			lang_defaults(cur);
			cur->id = xstrdup(s);
			cur->line = (int)P.line;
			continue;
		}
		if ((eq = strchr(s, '=')) == NULL)
			goto bad;
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		if (cur == NULL) {
			lerr(&P, "'%s' outside a [language] section", k);
			goto fail;
		}
		if (lang_set(&P, cur, k, v) != 0)
			goto fail;
	}
	if (ferror(f)) {
		lerr(&P, "read error");
		goto fail;
	}
	if (cur != NULL && lang_check(&P, cur) != 0)
		goto fail;
	if (L->n == 0) {
		lerr(&P, "no languages defined");
		goto fail;
	}
	*out = L;
	return (0);
bad:
	lerr(&P, "expected '[id]' or 'key = value'");
fail:
	jdg_langs_free(L);
	return (-1);
}

const char *
jdg_langs_default_path(const char *path)
{
	const char	*env;

	if (path != NULL)
		return (path);
	if ((env = getenv("GAVEL_LANGUAGES")) != NULL && *env != '\0')
		return (env);
	return (JDG_SYSCONFDIR "/gavel/languages.conf");
}

int
jdg_langs_load(const char *path, struct jdg_langs **out, char **cause)
{
	FILE	*f;
	int	 rc;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (-1);
	}
	rc = jdg_langs_parse(f, path, out, cause);
	fclose(f);
	return (rc);
}

const struct jdg_lang *
jdg_lang_find(const struct jdg_langs *L, const char *s)
{
	size_t	i;

	for (i = 0; i < L->n; i++) {
		if (strcasecmp(L->v[i].id, s) == 0 ||
		    strcasecmp(L->v[i].name, s) == 0)
			return (&L->v[i]);
	}
	return (NULL);
}

const struct jdg_lang *
jdg_lang_by_file(const struct jdg_langs *L, const char *filename)
{
	const char	*base, *dot;
	size_t		 i, j;

	base = strrchr(filename, '/');
	base = base != NULL ? base + 1 : filename;
	if ((dot = strrchr(base, '.')) == NULL || dot == base)
		return (NULL);
	for (i = 0; i < L->n; i++) {
		for (j = 0; j < L->v[i].nexts; j++) {
			if (strcasecmp(L->v[i].exts[j], dot + 1) == 0)
				return (&L->v[i]);
		}
	}
	return (NULL);
}

int
jdg_lang_source_name(const struct jdg_lang *l, const char *filename,
    char **out, char **cause)
{
	const char	*base, *dot, *p;
	size_t		 i;
	int		 ext = 0;

	*out = NULL;
	if (strcmp(l->source, "{file}") != 0) {
		*out = xstrdup(l->source);
		return (0);
	}
	base = strrchr(filename, '/');
	base = base != NULL ? base + 1 : filename;
	dot = strrchr(base, '.');
	for (i = 0; dot != NULL && i < l->nexts; i++) {
		if (strcmp(dot + 1, l->exts[i]) == 0)
			ext = 1;
	}
	if (dot == NULL || dot == base || !ext || dot - base > 64) {
		xasprintf(cause, "%s: a %s file must be named CLASS.%s", base,
		    l->name, l->exts[0]);
		return (-1);
	}
	for (p = base; p < dot; p++) {
		if (!isalnum((unsigned char)*p) && *p != '_' &&
		    (p != base || *p != '$'))
			break;
	}
	if (p != dot || isdigit((unsigned char)base[0])) {
		xasprintf(cause, "%s: the name before .%s must be an "
		    "identifier (the %s class)", base, dot + 1, l->name);
		return (-1);
	}
	*out = xstrdup(base);
	return (0);
}

/* Replace every "{key}" in w by value. */
static char *
subst(const char *w, const char *key, const char *value)
{
	char		*out, *tmp;
	const char	*p;
	size_t		 klen = strlen(key);

	out = xstrdup(w);
	while ((p = strstr(out, key)) != NULL) {
		xasprintf(&tmp, "%.*s%s%s", (int)(p - out), out, value,
		    p + klen);
		free(out);
		out = tmp;
	}
	return (out);
}

char **
jdg_lang_argv(char *const *tmpl, const char *source, char *const *sources)
{
	char	**v, *stem, *dot, *w;
	size_t	  n = 0, k = 0, i, j, ns = 0;

	stem = xstrdup(source);
	if ((dot = strrchr(stem, '.')) != NULL && dot != stem)
		*dot = '\0';
	while (sources != NULL && sources[ns] != NULL)
		ns++;
	while (tmpl[n] != NULL)
		n++;
	v = xcalloc(n + ns + 2, sizeof *v);
	for (i = 0; i < n; i++) {
		if (strcmp(tmpl[i], "{sources}") == 0) {
			if (ns == 0)
				v[k++] = xstrdup(source);
			for (j = 0; j < ns; j++)
				v[k++] = xstrdup(sources[j]);
			continue;
		}
		w = subst(tmpl[i], "{source}", source);
		v[k] = subst(w, "{stem}", stem);
		free(w);
		k++;
	}
	v[k] = NULL;
	free(stem);
	return (v);
}
