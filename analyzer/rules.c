/* SPDX-License-Identifier: ISC */
/*
 * Rule files: parse the stanzas of a *.rules file, compile each pattern
 * once (JIT where the platform has it), and load a shipped directory
 * with its overrides.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer/ana-int.h"

/* Compile options of every pattern; see analyzer/README.md. */
#define ANA_PCRE2_OPTIONS	(PCRE2_UTF | PCRE2_MULTILINE | \
				 PCRE2_NEVER_BACKSLASH_C)

struct parser {
	const char		*file;
	unsigned int		 line;
	char			**cause;
	int			 flags;
	struct ana_rule		*rules;		/* of this file */
	size_t			 nrules;
	struct ana_rule		*cur;
	int			 seen;		/* keys of cur, as bits */
	unsigned int		 pattern_line;
	const struct ana_set	*set;		/* for duplicate ids */
};

enum {
	KEY_LANGUAGES = 0,
	KEY_CATEGORY,
	KEY_SEVERITY,
	KEY_ACTION,
	KEY_SCOPE,
	KEY_PATTERN,
	KEY_EXPLAIN,
	KEY_MATCH,
	KEY_NOMATCH,
	KEY_MAX
};
static const char *const key_names[KEY_MAX] = {
	"languages", "category", "severity", "action", "scope", "pattern",
	"explain", "match", "nomatch"
};
#define KEYS_REQUIRED	((1 << KEY_MATCH) - 1)

struct ana_set *
ana_new(int flags)
{
	struct ana_set	*set;

	set = ana_xcalloc(1, sizeof *set);
	set->flags = flags;
	set->match_limit = ANA_MATCH_LIMIT;
	set->depth_limit = ANA_DEPTH_LIMIT;
	set->heap_limit = ANA_HEAP_LIMIT;
	return (set);
}

void
ana_rule_clear(struct ana_rule *r)
{
	size_t	i;

	free(r->id);
	free(r->file);
	free(r->pattern);
	free(r->explain);
	for (i = 0; i < r->nmatch; i++)
		free(r->match[i]);
	free(r->match);
	for (i = 0; i < r->nnomatch; i++)
		free(r->nomatch[i]);
	free(r->nomatch);
	pcre2_code_free(r->re);
	memset(r, 0, sizeof *r);
}

void
ana_free(struct ana_set *set)
{
	size_t	i;

	if (set == NULL)
		return;
	for (i = 0; i < set->nrules; i++)
		ana_rule_clear(&set->rules[i]);
	free(set->rules);
	free(set);
}

void
ana_set_limits(struct ana_set *set, uint32_t match, uint32_t depth,
    uint32_t heap_kib)
{
	if (match != 0)
		set->match_limit = match;
	if (depth != 0)
		set->depth_limit = depth;
	if (heap_kib != 0)
		set->heap_limit = heap_kib;
}

size_t
ana_rule_count(const struct ana_set *set, enum ana_lang lang)
{
	size_t	i, n = 0;

	if (lang == ANA_LANG_NONE)
		return (set->nrules);
	if (lang < 0 || lang >= ANA_LANG_MAX)
		return (0);
	for (i = 0; i < set->nrules; i++) {
		if (set->rules[i].langs & (1U << lang))
			n++;
	}
	return (n);
}

int
ana_jit_used(const struct ana_set *set)
{
	size_t	i;

	for (i = 0; i < set->nrules; i++) {
		if (set->rules[i].jit)
			return (1);
	}
	return (0);
}

int
ana_rule_info(const struct ana_set *set, size_t i, struct ana_rule_info *ri)
{
	const struct ana_rule	*r;

	if (i >= set->nrules)
		return (-1);
	r = &set->rules[i];
	ri->id = r->id;
	ri->file = r->file;
	ri->line = r->line;
	ri->langs = r->langs;
	ri->category = r->category;
	ri->severity = r->severity;
	ri->action = r->action;
	ri->scope = r->scope;
	ri->pattern = r->pattern;
	ri->explain = r->explain;
	ri->nmatch = r->nmatch;
	ri->match = (const char * const *)r->match;
	ri->nnomatch = r->nnomatch;
	ri->nomatch = (const char * const *)r->nomatch;
	return (0);
}

/* ------------------------------------------------------------------ */

static int	perr(struct parser *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

/* Record the first error as "file:line: what"; returns -1. */
static int
perr(struct parser *p, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (*p->cause == NULL) {
		va_start(ap, fmt);
		if (vasprintf(&msg, fmt, ap) == -1)
			msg = NULL;
		va_end(ap);
		ana_xasprintf(p->cause, "%s:%u: %s", p->file, p->line,
		    msg == NULL ? "out of memory" : msg);
		free(msg);
	}
	return (-1);
}

static int
valid_id(const char *s)
{
	size_t	i;

	if (s[0] == '\0' || strlen(s) > ANA_ID_MAX ||
	    !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return (0);
	for (i = 0; s[i] != '\0'; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '.' || s[i] == '_'))
			return (0);
	}
	return (1);
}

static int
parse_langs(struct parser *p, char *v)
{
	char		*w, *last;
	enum ana_lang	 l;
	uint32_t	 mask = 0;

	for (w = strtok_r(v, " \t,", &last); w != NULL;
	    w = strtok_r(NULL, " \t,", &last)) {
		if (strcmp(w, "*") == 0) {
			mask |= (1U << ANA_LANG_MAX) - 1;
			continue;
		}
		if ((l = ana_language_from_name(w)) == ANA_LANG_NONE)
			return (perr(p, "unknown language '%s'", w));
		mask |= 1U << l;
	}
	if (mask == 0)
		return (perr(p, "%s", "no language"));
	p->cur->langs = mask;
	return (0);
}

static int
parse_scope(struct parser *p, char *v)
{
	char	*w, *last;
	int	 scope = 0;

	for (w = strtok_r(v, " \t+,", &last); w != NULL;
	    w = strtok_r(NULL, " \t+,", &last)) {
		if (strcmp(w, "code") == 0)
			scope |= ANA_SCOPE_CODE;
		else if (strcmp(w, "strings") == 0)
			scope |= ANA_SCOPE_STRINGS;
		else if (strcmp(w, "comments") == 0)
			scope |= ANA_SCOPE_COMMENTS;
		else if (strcmp(w, "all") == 0)
			scope |= ANA_SCOPE_ALL;
		else
			return (perr(p, "unknown scope '%s'", w));
	}
	if (scope == 0)
		return (perr(p, "%s", "empty scope"));
	p->cur->scope = scope;
	return (0);
}

/*
 * A sample is one line of source, taken as written but for \u{HEX}: the
 * code point, so that rule files themselves hold no invisible or
 * reordering characters.
 */
static int
add_sample(struct parser *p, char ***list, size_t *n, const char *v)
{
	char		*out, *end;
	size_t		 o = 0;
	unsigned long	 cp;

	if (*n >= ANA_SAMPLES_MAX)
		return (perr(p, "more than %d samples", ANA_SAMPLES_MAX));
	if (*v == '\0')
		return (perr(p, "%s", "empty sample"));
	out = ana_xmalloc(strlen(v) + 1);
	while (*v != '\0') {
		if (strncmp(v, "\\u{", 3) != 0) {
			out[o++] = *v++;
			continue;
		}
		cp = strtoul(v + 3, &end, 16);
		if (end == v + 3 || *end != '}' || cp == 0 || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff)) {
			free(out);
			return (perr(p, "%s", "bad \\u{} in a sample"));
		}
		/* Never longer than the escape it replaces. */
		if (cp < 0x80)
			out[o++] = cp;
		else if (cp < 0x800) {
			out[o++] = 0xc0 | (cp >> 6);
			out[o++] = 0x80 | (cp & 0x3f);
		} else if (cp < 0x10000) {
			out[o++] = 0xe0 | (cp >> 12);
			out[o++] = 0x80 | ((cp >> 6) & 0x3f);
			out[o++] = 0x80 | (cp & 0x3f);
		} else {
			out[o++] = 0xf0 | (cp >> 18);
			out[o++] = 0x80 | ((cp >> 12) & 0x3f);
			out[o++] = 0x80 | ((cp >> 6) & 0x3f);
			out[o++] = 0x80 | (cp & 0x3f);
		}
		v = end + 1;
	}
	out[o] = '\0';
	*list = ana_xreallocarray(*list, *n + 1, sizeof **list);
	(*list)[(*n)++] = out;
	return (0);
}

static int
set_key(struct parser *p, int key, char *v)
{
	struct ana_rule	*r = p->cur;
	int		 x;

	if (key != KEY_MATCH && key != KEY_NOMATCH) {
		if (p->seen & (1 << key))
			return (perr(p, "duplicate key '%s'", key_names[key]));
		if (*v == '\0')
			return (perr(p, "empty value of '%s'", key_names[key]));
	}
	p->seen |= 1 << key;
	switch (key) {
	case KEY_LANGUAGES:
		return (parse_langs(p, v));
	case KEY_CATEGORY:
		if ((x = ana_category_from_name(v)) == -1)
			return (perr(p, "unknown category '%s'", v));
		r->category = x;
		return (0);
	case KEY_SEVERITY:
		if ((x = ana_severity_from_name(v)) == -1)
			return (perr(p, "unknown severity '%s'", v));
		r->severity = x;
		return (0);
	case KEY_ACTION:
		if ((x = ana_action_from_name(v)) == -1)
			return (perr(p, "unknown action '%s'", v));
		r->action = x;
		return (0);
	case KEY_SCOPE:
		return (parse_scope(p, v));
	case KEY_PATTERN:
		r->pattern = ana_xstrdup(v);
		p->pattern_line = p->line;
		return (0);
	case KEY_EXPLAIN:
		r->explain = ana_xstrdup(v);
		return (0);
	case KEY_MATCH:
		return (add_sample(p, &r->match, &r->nmatch, v));
	default:
		return (add_sample(p, &r->nomatch, &r->nnomatch, v));
	}
}

static int	compile_pattern(struct parser *, struct ana_rule *);

/* Compile the pattern of p->cur, which must not match "" either. */
static int
compile_rule(struct parser *p)
{
	struct ana_rule		*r = p->cur;
	unsigned int		 line = p->line;
	int			 rc;

	/* Errors of the pattern point at its line. */
	p->line = p->pattern_line;
	rc = compile_pattern(p, r);
	p->line = line;
	return (rc);
}

static int
compile_pattern(struct parser *p, struct ana_rule *r)
{
	pcre2_match_data	*md;
	PCRE2_SIZE		 erroff;
	PCRE2_UCHAR		 msg[256];
	int			 error, rc;

	r->re = pcre2_compile((PCRE2_SPTR)r->pattern, PCRE2_ZERO_TERMINATED,
	    ANA_PCRE2_OPTIONS, &error, &erroff, NULL);
	if (r->re == NULL) {
		if (pcre2_get_error_message(error, msg, sizeof msg) < 0)
			strcpy((char *)msg, "unknown error");
		return (perr(p, "rule %s: pattern at offset %zu: %s", r->id,
		    (size_t)erroff, (char *)msg));
	}
	/* No JIT (unsupported, or no executable memory): interpret. */
	if ((p->flags & ANA_NOJIT) == 0 &&
	    pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE) == 0)
		r->jit = 1;
	md = pcre2_match_data_create(1, NULL);
	if (md == NULL)
		return (perr(p, "%s", "out of memory"));
	rc = pcre2_match(r->re, (PCRE2_SPTR)"", 0, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	if (rc >= 0)
		return (perr(p, "rule %s: pattern matches the empty string",
		    r->id));
	return (0);
}

static int
end_rule(struct parser *p)
{
	size_t	i;
	int	missing;

	if (p->cur == NULL)
		return (0);
	if ((p->seen & KEYS_REQUIRED) != KEYS_REQUIRED) {
		for (missing = 0; missing < KEY_MATCH; missing++) {
			if ((p->seen & (1 << missing)) == 0)
				break;
		}
		p->line = p->cur->line;
		return (perr(p, "rule %s: no '%s'", p->cur->id,
		    key_names[missing]));
	}
	for (i = 0; i < p->nrules - 1; i++) {
		if (strcmp(p->rules[i].id, p->cur->id) == 0) {
			p->line = p->cur->line;
			return (perr(p, "duplicate rule id '%s'", p->cur->id));
		}
	}
	for (i = 0; i < p->set->nrules; i++) {
		if (strcmp(p->set->rules[i].id, p->cur->id) == 0) {
			p->line = p->cur->line;
			return (perr(p, "duplicate rule id '%s'", p->cur->id));
		}
	}
	if (compile_rule(p) == -1)
		return (-1);
	p->cur = NULL;
	return (0);
}

static char *
trim(char *s)
{
	size_t	n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return (s);
}

static int
parse_line(struct parser *p, char *l)
{
	char	*eq, *k, *v, *end;
	int	 key;

	l = trim(l);
	if (*l == '\0' || *l == '#')
		return (0);
	if (*l == '[') {
		if (end_rule(p) == -1)
			return (-1);
		if ((end = strchr(l, ']')) == NULL || end[1] != '\0')
			return (perr(p, "%s", "bad rule header"));
		*end = '\0';
		if (!valid_id(l + 1))
			return (perr(p, "bad rule id '%s'", l + 1));
		if (p->nrules >= ANA_RULES_MAX)
			return (perr(p, "%s", "too many rules"));
		p->rules = ana_xreallocarray(p->rules, p->nrules + 1,
		    sizeof *p->rules);
		p->cur = &p->rules[p->nrules++];
		memset(p->cur, 0, sizeof *p->cur);
		p->cur->id = ana_xstrdup(l + 1);
		p->cur->file = ana_xstrdup(p->file);
		p->cur->line = p->line;
		p->seen = 0;
		return (0);
	}
	if ((eq = strchr(l, '=')) == NULL)
		return (perr(p, "%s", "expected 'key = value' or '[id]'"));
	*eq = '\0';
	k = trim(l);
	v = trim(eq + 1);
	if (p->cur == NULL)
		return (perr(p, "'%s' outside a rule", k));
	for (key = 0; key < KEY_MAX; key++) {
		if (strcmp(k, key_names[key]) == 0)
			return (set_key(p, key, v));
	}
	return (perr(p, "unknown key '%s'", k));
}

int
ana_add_file(struct ana_set *set, FILE *f, const char *name, char **cause)
{
	struct parser	 p;
	char		*line = NULL;
	size_t		 cap = 0, i;
	ssize_t		 n;
	int		 rc = -1;

	*cause = NULL;
	memset(&p, 0, sizeof p);
	p.file = name;
	p.cause = cause;
	p.flags = set->flags;
	p.set = set;
	while ((n = getline(&line, &cap, f)) != -1) {
		p.line++;
		if ((size_t)n > ANA_LINE_MAX) {
			perr(&p, "line longer than %d bytes", ANA_LINE_MAX);
			goto out;
		}
		if (memchr(line, '\0', n) != NULL) {
			perr(&p, "%s", "NUL byte");
			goto out;
		}
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (parse_line(&p, line) == -1)
			goto out;
	}
	if (ferror(f)) {
		perr(&p, "read: %s", strerror(errno));
		goto out;
	}
	if (end_rule(&p) == -1)
		goto out;
	if (set->nrules + p.nrules > ANA_RULES_MAX) {
		perr(&p, "%s", "too many rules in the set");
		goto out;
	}
	set->rules = ana_xreallocarray(set->rules, set->nrules + p.nrules,
	    sizeof *set->rules);
	memcpy(set->rules + set->nrules, p.rules, p.nrules * sizeof *p.rules);
	set->nrules += p.nrules;
	rc = (int)p.nrules;
	free(p.rules);
	p.rules = NULL;
	p.nrules = 0;
out:
	for (i = 0; i < p.nrules; i++)
		ana_rule_clear(&p.rules[i]);
	free(p.rules);
	free(line);
	return (rc);
}

/* ------------------------------------------------------------------ */

struct rulefile {
	char		*name;
	const char	*dir;
};

static int
rulefile_cmp(const void *a, const void *b)
{
	return (strcmp(((const struct rulefile *)a)->name,
	    ((const struct rulefile *)b)->name));
}

/* Add the *.rules names of dir to *files, replacing same names. */
static int
scan_dir(const char *dir, int optional, struct rulefile **files, size_t *n,
    char **cause)
{
	DIR		*d;
	struct dirent	*de;
	size_t		 len, i;

	if ((d = opendir(dir)) == NULL) {
		if (optional && errno == ENOENT)
			return (0);
		ana_xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len <= 6 ||
		    strcmp(de->d_name + len - 6, ".rules") != 0)
			continue;
		for (i = 0; i < *n; i++) {
			if (strcmp((*files)[i].name, de->d_name) == 0)
				break;
		}
		if (i == *n) {
			if (*n >= ANA_RULE_FILES_MAX) {
				ana_xasprintf(cause, "%s: more than %d rule "
				    "files", dir, ANA_RULE_FILES_MAX);
				closedir(d);
				return (-1);
			}
			*files = ana_xreallocarray(*files, *n + 1,
			    sizeof **files);
			(*files)[i].name = ana_xstrdup(de->d_name);
			(*n)++;
		}
		(*files)[i].dir = dir;
	}
	closedir(d);
	return (0);
}

static int
load_one(struct ana_set *set, const char *dir, const char *name,
    char **cause)
{
	struct stat	 st;
	FILE		*f;
	char		*path;
	int		 rc;

	ana_xasprintf(&path, "%s/%s", dir, name);
	if ((f = fopen(path, "re")) == NULL) {
		ana_xasprintf(cause, "%s: %s", path, strerror(errno));
		free(path);
		return (-1);
	}
	if (fstat(fileno(f), &st) == -1 || !S_ISREG(st.st_mode)) {
		ana_xasprintf(cause, "%s: not a regular file", path);
		fclose(f);
		free(path);
		return (-1);
	}
	rc = ana_add_file(set, f, path, cause);
	fclose(f);
	free(path);
	return (rc == -1 ? -1 : 0);
}

int
ana_load(const char *rules_dir, const char *override_dir,
    struct ana_set **setp, char **cause)
{
	struct ana_set	*set;
	struct rulefile	*files = NULL;
	size_t		 n = 0, i;
	int		 rc = -1;

	*setp = NULL;
	*cause = NULL;
	if (rules_dir == NULL)
		rules_dir = ANA_RULES_DIR;
	if (scan_dir(rules_dir, 0, &files, &n, cause) == -1)
		goto out;
	if (override_dir != NULL &&
	    scan_dir(override_dir, 1, &files, &n, cause) == -1)
		goto out;
	if (n == 0) {
		ana_xasprintf(cause, "%s: no *.rules file", rules_dir);
		goto out;
	}
	qsort(files, n, sizeof *files, rulefile_cmp);
	set = ana_new(0);
	for (i = 0; i < n; i++) {
		if (load_one(set, files[i].dir, files[i].name, cause) == -1) {
			ana_free(set);
			goto out;
		}
	}
	*setp = set;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(files[i].name);
	free(files);
	return (rc);
}

/* ------------------------------------------------------------------ */

static int
has_rule(const struct ana_finding *f, size_t n, const char *id)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(f[i].rule, id) == 0)
			return (1);
	}
	return (0);
}

static void
report_add(char **report, const struct ana_rule *r, enum ana_lang l,
    const char *what, const char *sample)
{
	char	*old = *report;

	ana_xasprintf(report, "%s%s:%u: rule %s (%s): %s: %s\n",
	    old == NULL ? "" : old, r->file, r->line, r->id,
	    ana_language_name(l), what, sample);
	free(old);
}

int
ana_selftest(const struct ana_set *set, char **report)
{
	const struct ana_rule	*r;
	struct ana_finding	*f;
	const char		*s;
	char			*cause;
	size_t			 i, j, nf;
	int			 l, failed = 0, hit, want;

	*report = NULL;
	for (i = 0; i < set->nrules; i++) {
		r = &set->rules[i];
		for (l = 0; l < ANA_LANG_MAX; l++) {
			if ((r->langs & (1U << l)) == 0)
				continue;
			for (j = 0; j < r->nmatch + r->nnomatch; j++) {
				want = j < r->nmatch;
				s = want ? r->match[j] :
				    r->nomatch[j - r->nmatch];
				if (ana_scan(set, l, s, strlen(s), &f, &nf,
				    &cause) == -1) {
					free(*report);
					*report = cause;
					return (-1);
				}
				hit = has_rule(f, nf, r->id);
				ana_findings_free(f, nf);
				if (hit != want) {
					report_add(report, r, l, want ?
					    "missed" : "false hit", s);
					failed++;
				}
			}
		}
	}
	return (failed);
}
