/* SPDX-License-Identifier: ISC */
/*
 * The scan: make the source valid UTF-8, split it into code, strings and
 * comments, and run each rule of the language over its scope's view.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "analyzer/ana-int.h"

struct scan {
	const struct ana_set	*set;
	char			*work;		/* the source, valid UTF-8 */
	size_t			 len;
	unsigned char		*kinds;
	char			*views[ANA_SCOPE_ALL + 1];
	size_t			*lines;		/* offsets of line starts */
	size_t			 nlines;
	struct ana_finding	*f;
	size_t			 nf;
	size_t			 order_cap;
	size_t			*order;		/* rule order of each f */
	int			 truncated;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
};

/*
 * NUL bytes become spaces and each byte of an invalid UTF-8 sequence a
 * '?', so that the patterns run in UTF mode without a check per call and
 * every offset still points at the same byte of the source.
 */
static void
make_work(struct scan *sc, const char *src, size_t len, size_t *nul,
    size_t *first_nul, size_t *bad, size_t *first_bad)
{
	const unsigned char	*u = (const unsigned char *)src;
	size_t			 i, k;

	sc->work = ana_xmalloc(len + 1);
	memcpy(sc->work, src, len);
	sc->work[len] = '\0';
	sc->len = len;
	*nul = *bad = 0;
	for (i = 0; i < len; i += k) {
		if ((k = ana_utf8_len(u + i, len - i)) == 0) {
			if ((*bad)++ == 0)
				*first_bad = i;
			sc->work[i] = '?';
			k = 1;
		} else if (u[i] == '\0') {
			if ((*nul)++ == 0)
				*first_nul = i;
			sc->work[i] = ' ';
		}
	}
}

static void
make_lines(struct scan *sc)
{
	const char	*p, *end = sc->work + sc->len;
	size_t		 cap = 64;

	sc->lines = ana_xreallocarray(NULL, cap, sizeof *sc->lines);
	sc->lines[0] = 0;
	sc->nlines = 1;
	for (p = sc->work; (p = memchr(p, '\n', end - p)) != NULL; p++) {
		if (sc->nlines == cap) {
			cap *= 2;
			sc->lines = ana_xreallocarray(sc->lines, cap,
			    sizeof *sc->lines);
		}
		sc->lines[sc->nlines++] = (size_t)(p - sc->work) + 1;
	}
}

static void
position(struct scan *sc, size_t off, unsigned int *line, unsigned int *col)
{
	size_t	lo = 0, hi = sc->nlines, mid, i;
	unsigned int c = 1;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (sc->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = sc->lines[lo]; i < off; i++) {
		if (((unsigned char)sc->work[i] & 0xc0) != 0x80)
			c++;
	}
	*line = (unsigned int)lo + 1;
	*col = c;
}

/*
 * The source as a rule of this scope sees it: every character outside
 * the scope blanked to spaces (newlines kept, so that ^ and $ and line
 * numbers hold), offsets unchanged.
 */
static const char *
view(struct scan *sc, int scope)
{
	char	*v;
	size_t	 i, k;

	if (scope == ANA_SCOPE_ALL)
		return (sc->work);
	if (sc->views[scope] != NULL)
		return (sc->views[scope]);
	v = ana_xmalloc(sc->len + 1);
	memcpy(v, sc->work, sc->len + 1);
	for (i = 0; i < sc->len; i += k) {
		k = ana_utf8_len((unsigned char *)sc->work + i, sc->len - i);
		if (k == 0)
			k = 1;
		if ((scope & (1 << sc->kinds[i])) == 0 && v[i] != '\n')
			memset(v + i, ' ', k);
	}
	sc->views[scope] = v;
	return (v);
}

static void
add_finding(struct scan *sc, size_t order, const char *rule,
    enum ana_category cat, enum ana_severity sev, enum ana_action act,
    size_t off, size_t end, unsigned int count, const char *explain)
{
	struct ana_finding	*f;

	if (sc->nf >= ANA_FINDINGS_MAX) {
		sc->truncated = 1;
		return;
	}
	if (sc->nf == sc->order_cap) {
		sc->order_cap = sc->order_cap == 0 ? 16 : sc->order_cap * 2;
		sc->f = ana_xreallocarray(sc->f, sc->order_cap, sizeof *sc->f);
		sc->order = ana_xreallocarray(sc->order, sc->order_cap,
		    sizeof *sc->order);
	}
	f = &sc->f[sc->nf];
	sc->order[sc->nf++] = order;
	memset(f, 0, sizeof *f);
	f->rule = ana_xstrdup(rule);
	f->category = cat;
	f->severity = sev;
	f->action = act;
	f->count = count;
	position(sc, off, &f->line, &f->column);
	f->excerpt = ana_sanitize(sc->work + off, end - off, ANA_EXCERPT_MAX);
	if (f->excerpt[0] != '\0')
		ana_xasprintf(&f->message, "%s: `%s`", explain, f->excerpt);
	else
		f->message = ana_xstrdup(explain);
}

static void
findings_clear(struct ana_finding *f, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(f[i].rule);
		free(f[i].excerpt);
		free(f[i].message);
	}
}

static int
is_limit(int rc)
{
	return (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT);
}

/* Run rule r over its view; -1 with *cause on a pcre2 failure. */
static int
run_rule(struct scan *sc, size_t ri, char **cause)
{
	const struct ana_rule	*r = &sc->set->rules[ri];
	const char		*v, *nl;
	char			 msg[256];
	PCRE2_SIZE		*ov, off = 0, s0 = 0, e0 = 0;
	PCRE2_UCHAR		 emsg[128];
	unsigned int		 count = 0, limits = 0;
	size_t			 k;
	int			 rc;

	v = view(sc, r->scope);
	while (off <= sc->len && count < ANA_COUNT_MAX) {
		rc = pcre2_match(r->re, (PCRE2_SPTR)v, sc->len, off,
		    PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (is_limit(rc)) {
			/*
			 * Some start position past off made the pattern run
			 * away: say so, and go on from the next line, a few
			 * times at most.
			 */
			if (limits++ == 0) {
				if (pcre2_get_error_message(rc, emsg,
				    sizeof emsg) < 0)
					strcpy((char *)emsg, "limit");
				snprintf(msg, sizeof msg, "rule %s stopped "
				    "(%s); part of the source was not checked "
				    "by it", r->id, (char *)emsg);
				add_finding(sc, ri, ANA_RULE_MATCH_LIMIT,
				    ANA_CAT_OBFUSCATION, ANA_SEV_MEDIUM,
				    ANA_ACT_FLAG, off, off, 1, msg);
			}
			nl = memchr(sc->work + off, '\n', sc->len - off);
			if (limits >= ANA_LIMIT_RETRIES || nl == NULL)
				break;
			off = (size_t)(nl - sc->work) + 1;
			continue;
		}
		if (rc < 0) {
			if (pcre2_get_error_message(rc, emsg, sizeof emsg) < 0)
				strcpy((char *)emsg, "unknown error");
			ana_xasprintf(cause, "rule %s: pcre2_match: %s",
			    r->id, (char *)emsg);
			return (-1);
		}
		ov = pcre2_get_ovector_pointer(sc->md);
		if (count++ == 0) {
			s0 = ov[0];
			e0 = ov[1];
		}
		if (ov[1] > ov[0])
			off = ov[1];
		else {
			k = ov[1] < sc->len ? ana_utf8_len((unsigned char *)
			    sc->work + ov[1], sc->len - ov[1]) : 1;
			off = ov[1] + (k == 0 ? 1 : k);
		}
	}
	if (count > 0)
		add_finding(sc, ri, r->id, r->category, r->severity, r->action,
		    s0, e0, count, r->explain);
	return (0);
}

static void
sort_findings(struct scan *sc)
{
	struct ana_finding	 tf, *a, *b;
	size_t			 i, j, to;

	/* Insertion sort: few findings, and it keeps rule order stable. */
	for (i = 1; i < sc->nf; i++) {
		for (j = i; j > 0; j--) {
			a = &sc->f[j - 1];
			b = &sc->f[j];
			if (a->line < b->line || (a->line == b->line &&
			    (a->column < b->column || (a->column == b->column &&
			    sc->order[j - 1] <= sc->order[j]))))
				break;
			tf = *a;
			*a = *b;
			*b = tf;
			to = sc->order[j - 1];
			sc->order[j - 1] = sc->order[j];
			sc->order[j] = to;
		}
	}
}

static void
scan_free(struct scan *sc)
{
	size_t	i;

	free(sc->work);
	free(sc->kinds);
	for (i = 0; i < sizeof sc->views / sizeof sc->views[0]; i++)
		free(sc->views[i]);
	free(sc->lines);
	free(sc->order);
	pcre2_match_data_free(sc->md);
	pcre2_match_context_free(sc->mctx);
	pcre2_jit_stack_free(sc->jstack);
}

int
ana_scan(const struct ana_set *set, enum ana_lang lang, const char *src,
    size_t len, struct ana_finding **findings, size_t *n, char **cause)
{
	struct scan	sc;
	size_t		nul, first_nul = 0, bad, first_bad = 0, i;
	char		msg[128];

	*findings = NULL;
	*n = 0;
	*cause = NULL;
	if (lang < 0 || lang >= ANA_LANG_MAX) {
		ana_xasprintf(cause, "unknown language");
		return (-1);
	}
	if (len > ANA_SOURCE_MAX) {
		ana_xasprintf(cause, "source of %zu bytes is larger than "
		    "%u", len, ANA_SOURCE_MAX);
		return (-1);
	}
	memset(&sc, 0, sizeof sc);
	sc.set = set;
	sc.md = pcre2_match_data_create(1, NULL);
	sc.mctx = pcre2_match_context_create(NULL);
	if (sc.md == NULL || sc.mctx == NULL) {
		scan_free(&sc);
		ana_xasprintf(cause, "pcre2: out of memory");
		return (-1);
	}
	pcre2_set_match_limit(sc.mctx, set->match_limit);
	pcre2_set_depth_limit(sc.mctx, set->depth_limit);
	pcre2_set_heap_limit(sc.mctx, set->heap_limit);
	/* Without its own stack, JIT code has only 32 KiB of machine stack. */
	if (ana_jit_used(set) &&
	    (sc.jstack = pcre2_jit_stack_create(32 * 1024, ANA_JIT_STACK_MAX,
	    NULL)) != NULL)
		pcre2_jit_stack_assign(sc.mctx, NULL, sc.jstack);

	make_work(&sc, src, len, &nul, &first_nul, &bad, &first_bad);
	make_lines(&sc);
	sc.kinds = ana_xmalloc(len == 0 ? 1 : len);
	ana_classify(ana_language_family(lang), sc.work, len, sc.kinds);

	if (bad > 0) {
		snprintf(msg, sizeof msg, "source is not valid UTF-8 (%zu "
		    "bytes, read as '?')", bad);
		add_finding(&sc, 0, ANA_RULE_INVALID_UTF8, ANA_CAT_OBFUSCATION,
		    ANA_SEV_LOW, ANA_ACT_FLAG, first_bad, first_bad + 1,
		    bad > ANA_COUNT_MAX ? ANA_COUNT_MAX : bad, msg);
	}
	if (nul > 0) {
		snprintf(msg, sizeof msg, "source holds NUL bytes (%zu, read "
		    "as spaces)", nul);
		add_finding(&sc, 0, ANA_RULE_NUL_BYTE, ANA_CAT_OBFUSCATION,
		    ANA_SEV_MEDIUM, ANA_ACT_FLAG, first_nul, first_nul,
		    nul > ANA_COUNT_MAX ? ANA_COUNT_MAX : nul, msg);
	}
	for (i = 0; i < set->nrules; i++) {
		if ((set->rules[i].langs & (1U << lang)) == 0)
			continue;
		if (run_rule(&sc, i, cause) == -1) {
			ana_findings_free(sc.f, sc.nf);
			scan_free(&sc);
			return (-1);
		}
	}
	sort_findings(&sc);
	if (sc.truncated) {
		/* The last slot tells that findings were dropped. */
		findings_clear(sc.f + sc.nf - 1, 1);
		sc.nf--;
		add_finding(&sc, set->nrules, ANA_RULE_TRUNCATED,
		    ANA_CAT_OBFUSCATION, ANA_SEV_LOW, ANA_ACT_FLAG, 0, 0, 1,
		    "more findings than the analyzer keeps");
	}
	*findings = sc.f;
	*n = sc.nf;
	sc.f = NULL;
	scan_free(&sc);
	return (0);
}

void
ana_findings_free(struct ana_finding *f, size_t n)
{
	if (f == NULL)
		return;
	findings_clear(f, n);
	free(f);
}

enum ana_action
ana_worst_action(const struct ana_finding *f, size_t n)
{
	enum ana_action	a = ANA_ACT_NONE;
	size_t		i;

	for (i = 0; i < n; i++) {
		if (f[i].action > a)
			a = f[i].action;
	}
	return (a);
}

enum ana_severity
ana_worst_severity(const struct ana_finding *f, size_t n)
{
	enum ana_severity	s = ANA_SEV_NONE;
	size_t			i;

	for (i = 0; i < n; i++) {
		if (f[i].severity > s)
			s = f[i].severity;
	}
	return (s);
}

enum ana_verdict
ana_verdict(const struct ana_finding *f, size_t n)
{
	if (n == 0)
		return (ANA_CLEAN);
	return (ana_worst_action(f, n) == ANA_ACT_REJECT ? ANA_REJECTED :
	    ANA_FLAGGED);
}
