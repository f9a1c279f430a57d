/* SPDX-License-Identifier: ISC */
/*
 * ana: the static analyzer. pcre2 rules read from data files, applied to
 * the code, string literals or comments of a source split by a tokenizer.
 */

#ifndef ANA_H
#define ANA_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Limits and defaults (see analyzer/README.md)                          */
/* ------------------------------------------------------------------ */

#define ANA_RULE_FILES_MAX	64		/* *.rules files in a set */
#define ANA_RULES_MAX		2048		/* rules in a set */
#define ANA_LINE_MAX		4096		/* bytes in a rule file line */
#define ANA_ID_MAX		64		/* bytes in a rule id */
#define ANA_SAMPLES_MAX		8		/* match/nomatch lines a rule */
#define ANA_FINDINGS_MAX	256		/* findings one scan returns */
#define ANA_EXCERPT_MAX		80		/* bytes of matched text shown */
#define ANA_SOURCE_MAX		(16U << 20)	/* ana_scan refuses more */
#define ANA_LIMIT_RETRIES	8		/* limit hits before a rule gives up */

#define ANA_MATCH_LIMIT		200000		/* pcre2_set_match_limit */
#define ANA_DEPTH_LIMIT		2000		/* pcre2_set_depth_limit */
#define ANA_HEAP_LIMIT		4096		/* KiB, pcre2_set_heap_limit */
#define ANA_JIT_STACK_MAX	(1U << 20)	/* bytes */

#ifndef ANA_RULES_DIR
#define ANA_RULES_DIR		"/usr/local/share/gavel/analyzer"
#endif
#define ANA_OVERRIDE_DIR	"/etc/gavel/analyzer"

/* ------------------------------------------------------------------ */
/* Names                                                                */
/* ------------------------------------------------------------------ */

enum ana_lang {
	ANA_LANG_NONE = -1,
	ANA_LANG_C = 0,
	ANA_LANG_CPP,
	ANA_LANG_PYTHON,
	ANA_LANG_JAVA,
	ANA_LANG_JAVASCRIPT,
	ANA_LANG_RUST,
	ANA_LANG_GO,
	ANA_LANG_MAX
};

/* Tokenizer families: which lexer splits a language's source. */
enum ana_family {
	ANA_FAM_C = 0,		/* C and C++: raw strings, digit separators */
	ANA_FAM_JAVA,		/* text blocks */
	ANA_FAM_JS,		/* templates, regex literals */
	ANA_FAM_GO,		/* raw `strings` */
	ANA_FAM_RUST,		/* r#"..."#, nested comments, lifetimes */
	ANA_FAM_PYTHON		/* prefixes, triple quotes, f-strings */
};

enum ana_category {
	ANA_CAT_CRYPTO_MINING = 0,
	ANA_CAT_NETWORK,
	ANA_CAT_PROCESS_SPAWN,
	ANA_CAT_NATIVE_CODE,
	ANA_CAT_FILESYSTEM_ESCAPE,
	ANA_CAT_SANDBOX_ESCAPE,
	ANA_CAT_OBFUSCATION,
	ANA_CAT_MAX
};

enum ana_severity {
	ANA_SEV_NONE = -1,	/* only as a summary of no findings */
	ANA_SEV_LOW = 0,
	ANA_SEV_MEDIUM,
	ANA_SEV_HIGH
};

enum ana_action {
	ANA_ACT_NONE = -1,	/* only as a summary of no findings */
	ANA_ACT_FLAG = 0,
	ANA_ACT_REJECT
};

/* Token kinds; a rule's scope is a mask of (1 << kind). */
enum ana_kind {
	ANA_TOK_CODE = 0,
	ANA_TOK_STRING,
	ANA_TOK_COMMENT,
	ANA_TOK_MAX
};
#define ANA_SCOPE_CODE		(1 << ANA_TOK_CODE)
#define ANA_SCOPE_STRINGS	(1 << ANA_TOK_STRING)
#define ANA_SCOPE_COMMENTS	(1 << ANA_TOK_COMMENT)
#define ANA_SCOPE_ALL		(ANA_SCOPE_CODE | ANA_SCOPE_STRINGS | \
				 ANA_SCOPE_COMMENTS)

/* Rule ids of the findings the engine makes itself. */
#define ANA_RULE_INVALID_UTF8	"engine-invalid-utf8"
#define ANA_RULE_NUL_BYTE	"engine-nul-byte"
#define ANA_RULE_MATCH_LIMIT	"engine-match-limit"
#define ANA_RULE_TRUNCATED	"engine-too-many-findings"

/* ------------------------------------------------------------------ */
/* Findings                                                             */
/* ------------------------------------------------------------------ */

struct ana_finding {
	char			*rule;		/* rule id */
	enum ana_category	 category;
	enum ana_severity	 severity;
	enum ana_action		 action;
	unsigned int		 line;		/* 1-based */
	unsigned int		 column;	/* 1-based, in characters */
	unsigned int		 count;		/* matches of the rule */
	char			*excerpt;	/* sanitized matched text */
	char			*message;	/* "explanation: `excerpt`" */
};

/* A finished scan's overall outcome, for `gavel analyze`. */
enum ana_verdict {
	ANA_CLEAN = 0,
	ANA_FLAGGED,
	ANA_REJECTED
};

struct ana_set;

/* ------------------------------------------------------------------ */
/* rules.c: loading rule sets                                           */
/* ------------------------------------------------------------------ */

/* ana_new flags */
#define ANA_NOJIT	0x1	/* never JIT-compile (tests of the interpreter) */

/* An empty rule set. Never NULL. Free with ana_free(). */
struct ana_set	*ana_new(int flags);

/*
 * Load the *.rules files of rules_dir (NULL: ANA_RULES_DIR), each
 * replaced by a file of the same name in override_dir (NULL: none; a
 * missing override_dir is no error) and joined by the override_dir's
 * other *.rules files, in name order. Returns 0 with *setp, or -1 with
 * *setp NULL and *cause ("file:line: what", caller frees).
 */
int		 ana_load(const char *rules_dir, const char *override_dir,
		     struct ana_set **setp, char **cause);

/*
 * Parse one rule file from f (name shown in errors) into set, compiling
 * every pattern. Returns the number of rules added, or -1 with *cause;
 * on error the set is left as it was before the call.
 */
int		 ana_add_file(struct ana_set *, FILE *f, const char *name,
		     char **cause);

/* Free a set and everything in it. NULL is allowed. */
void		 ana_free(struct ana_set *);

/* Lower (or raise) the pcre2 limits of later scans; 0 keeps a value. */
void		 ana_set_limits(struct ana_set *, uint32_t match,
		     uint32_t depth, uint32_t heap_kib);

/* Number of rules; with lang != ANA_LANG_NONE, those applying to it. */
size_t		 ana_rule_count(const struct ana_set *, enum ana_lang);

/* 1 if any pattern of the set runs JIT-compiled, else 0. */
int		 ana_jit_used(const struct ana_set *);

/* Describe rule i (0 <= i < ana_rule_count(set, ANA_LANG_NONE)). */
struct ana_rule_info {
	const char		*id;
	const char		*file;		/* base name of its file */
	unsigned int		 line;		/* line of its [id] header */
	uint32_t		 langs;		/* mask of 1 << enum ana_lang */
	enum ana_category	 category;
	enum ana_severity	 severity;
	enum ana_action		 action;
	int			 scope;		/* ANA_SCOPE_* mask */
	const char		*pattern;
	const char		*explain;
	size_t			 nmatch;	/* samples that must hit */
	const char * const	*match;
	size_t			 nnomatch;	/* samples that must not */
	const char * const	*nomatch;
};
int		 ana_rule_info(const struct ana_set *, size_t i,
		     struct ana_rule_info *);

/*
 * Scan every rule's samples: each `match` line, as a source of each of
 * the rule's languages, must produce a finding of that rule, and each
 * `nomatch` line none. Returns the number of failures (0: all good),
 * each described on a line of *report (caller frees; NULL when 0), or
 * -1 with *report the cause of a scan error.
 */
int		 ana_selftest(const struct ana_set *, char **report);

/* ------------------------------------------------------------------ */
/* engine.c: scanning                                                   */
/* ------------------------------------------------------------------ */

/*
 * Scan len bytes of src (need not be NUL-terminated, may hold NUL bytes
 * and invalid UTF-8) as a source in lang. Returns 0 with *findings (an
 * array of *n, sorted by line then column, NULL when *n is 0; free with
 * ana_findings_free), or -1 with *cause (bad language, source larger
 * than ANA_SOURCE_MAX, a pcre2 error other than a limit). A pattern
 * that hits a pcre2 limit is no error: it adds an ANA_RULE_MATCH_LIMIT
 * finding. Reentrant: one set may serve several threads at once.
 */
int		 ana_scan(const struct ana_set *, enum ana_lang,
		     const char *src, size_t len, struct ana_finding **findings,
		     size_t *n, char **cause);
void		 ana_findings_free(struct ana_finding *, size_t);

/* The worst action or severity of findings (NONE when n is 0). */
enum ana_action	 ana_worst_action(const struct ana_finding *, size_t);
enum ana_severity ana_worst_severity(const struct ana_finding *, size_t);
/* clean (no finding), flagged, or rejected (any reject finding). */
enum ana_verdict ana_verdict(const struct ana_finding *, size_t);

/* ------------------------------------------------------------------ */
/* tokenize.c: splitting a source into code, strings and comments       */
/* ------------------------------------------------------------------ */

struct ana_token {
	enum ana_kind	 kind;
	size_t		 off;		/* byte offset in the source */
	size_t		 len;
	unsigned int	 line;		/* 1-based line of its first byte */
};

/*
 * Classify each of the len bytes of src: kinds[i] gets the enum ana_kind
 * of src[i]. Never fails; linear in len; unterminated literals and
 * comments run to their natural end (end of line or of the source).
 */
void		 ana_classify(enum ana_family, const char *src, size_t len,
		     unsigned char *kinds);

/*
 * The same as runs of one kind: *toks (caller frees) gets *n tokens
 * covering the whole source in order, adjacent runs of a kind merged.
 */
void		 ana_tokenize(enum ana_family, const char *src, size_t len,
		     struct ana_token **toks, size_t *n);

/* ------------------------------------------------------------------ */
/* names.c: names of the enums, both ways                               */
/* ------------------------------------------------------------------ */

/* gavel's language ids (c, cpp, python3, ...) and common aliases. */
enum ana_lang	 ana_language_from_name(const char *);
const char	*ana_language_name(enum ana_lang);
enum ana_family	 ana_language_family(enum ana_lang);
/* The *_from_name functions return -1 for an unknown name. */
int		 ana_category_from_name(const char *);
const char	*ana_category_name(enum ana_category);
int		 ana_severity_from_name(const char *);
const char	*ana_severity_name(enum ana_severity);
int		 ana_action_from_name(const char *);
const char	*ana_action_name(enum ana_action);
const char	*ana_verdict_name(enum ana_verdict);

/* ------------------------------------------------------------------ */
/* Internal: shared by the module's files and its unit tests            */
/* ------------------------------------------------------------------ */

/* util.c */
void		*ana_xmalloc(size_t);
void		*ana_xcalloc(size_t, size_t);
void		*ana_xreallocarray(void *, size_t, size_t);
char		*ana_xstrdup(const char *);
char		*ana_xstrndup(const char *, size_t);
int		 ana_xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
/* Length of the valid UTF-8 sequence at s (1-4), or 0 if invalid. */
size_t		 ana_utf8_len(const unsigned char *s, size_t left);
/* Printable one-line copy of len bytes of s, at most max bytes long. */
char		*ana_sanitize(const char *s, size_t len, size_t max);

#endif /* ANA_H */
