/* SPDX-License-Identifier: ISC */
/*
 * Tokenizers of the analyzer: one lexer per language family marks each
 * byte of a source as code, string literal or comment, in one pass.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <stdlib.h>
#include <string.h>

#include "analyzer/ana.h"

/*
 * Open template literals (JS `...${`) or f-strings (Python f"...{")
 * whose replacement field the lexer is in. Deeper nesting than this is
 * lexed as string: safe, and no real program nests this deep.
 */
#define NEST_MAX	32

struct lexer {
	const unsigned char	*s;
	size_t			 len;
	unsigned char		*k;
};

/* A string being lexed: its quote and what its body may hold. */
struct strdesc {
	unsigned char	 quote;
	int		 triple;	/* Python ''' or """ */
	int		 raw;		/* backslash escapes nothing */
	int		 fields;	/* f-string or template: {expr} */
	int		 multiline;	/* may span lines without a backslash */
	int		 depth;		/* brackets open in its current field */
};

static void
mark(struct lexer *lx, size_t from, size_t to, enum ana_kind kind)
{
	if (to > lx->len)
		to = lx->len;
	if (from < to)
		memset(lx->k + from, kind, to - from);
}

static int
at(struct lexer *lx, size_t i, const char *what)
{
	size_t	n = strlen(what);

	return (i <= lx->len && lx->len - i >= n &&
	    memcmp(lx->s + i, what, n) == 0);
}

static int
is_ident(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '$' || c >= 0x80);
}

static int
is_digit(unsigned char c)
{
	return (c >= '0' && c <= '9');
}

/* c is one of set's bytes; strchr alone would also find the NUL. */
static int
one_of(unsigned char c, const char *set)
{
	return (c != '\0' && strchr(set, c) != NULL);
}

static size_t
ident_end(struct lexer *lx, size_t i)
{
	while (i < lx->len && is_ident(lx->s[i]))
		i++;
	return (i);
}

/* End (exclusive) of a line comment starting at i. */
static size_t
line_comment(struct lexer *lx, size_t i, int continued)
{
	while (i < lx->len && lx->s[i] != '\n') {
		/* C and C++: a backslash-newline continues the comment. */
		if (continued && lx->s[i] == '\\' && i + 1 < lx->len &&
		    (lx->s[i + 1] == '\n' || (lx->s[i + 1] == '\r' &&
		    i + 2 < lx->len && lx->s[i + 2] == '\n'))) {
			i += lx->s[i + 1] == '\r' ? 3 : 2;
			continue;
		}
		i++;
	}
	if (i > 0 && i <= lx->len && lx->s[i - 1] == '\r')
		i--;
	return (i);
}

/* End of a block comment opened at i; nested counts Rust's nesting. */
static size_t
block_comment(struct lexer *lx, size_t i, int nested)
{
	size_t	depth = 1;

	for (i += 2; i < lx->len; i++) {
		if (lx->s[i] == '*' && i + 1 < lx->len && lx->s[i + 1] == '/') {
			i++;
			if (--depth == 0)
				return (i + 1);
		} else if (nested && lx->s[i] == '/' && i + 1 < lx->len &&
		    lx->s[i + 1] == '*') {
			i++;
			depth++;
		}
	}
	return (lx->len);
}

/*
 * End of a quoted literal whose opening quote is at i: after the closing
 * quote, or, unterminated, before the line's end (when !multiline) or
 * at the end of the source.
 */
static size_t
quoted(struct lexer *lx, size_t i, unsigned char q, int multiline)
{
	for (i++; i < lx->len; i++) {
		if (lx->s[i] == '\\') {
			i++;
			continue;
		}
		if (lx->s[i] == q)
			return (i + 1);
		if (lx->s[i] == '\n' && !multiline) {
			if (lx->s[i - 1] == '\r')
				i--;
			return (i);
		}
	}
	return (lx->len);
}

/* End of the first occurrence of needle at or after i, or len. */
static size_t
find_end(struct lexer *lx, size_t i, const unsigned char *needle, size_t n)
{
	const unsigned char	*p;

	if (i >= lx->len)
		return (lx->len);
	p = memmem(lx->s + i, lx->len - i, needle, n);
	if (p == NULL)
		return (lx->len);
	return ((size_t)(p - lx->s) + n);
}

/* ------------------------------------------------------------------ */
/* C and C++                                                            */
/* ------------------------------------------------------------------ */

/* C++11 raw string R"delim(...)delim" with its quote at q. */
static size_t
c_raw(struct lexer *lx, size_t q)
{
	unsigned char	needle[20];
	size_t		i, n;

	for (i = q + 1; i < lx->len && i - q - 1 <= 16; i++) {
		if (lx->s[i] == '(')
			break;
		if (lx->s[i] == ')' || lx->s[i] == '\\' || lx->s[i] == ' ' ||
		    lx->s[i] == '"' || lx->s[i] == '\n' || lx->s[i] == '\t')
			return (quoted(lx, q, '"', 0));
	}
	if (i >= lx->len || lx->s[i] != '(')
		return (quoted(lx, q, '"', 0));
	n = i - q - 1;
	needle[0] = ')';
	memcpy(needle + 1, lx->s + q + 1, n);
	needle[n + 1] = '"';
	return (find_end(lx, i + 1, needle, n + 2));
}

static void
lex_c(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	size_t			 i, j, n;

	for (i = 0; i < lx->len;) {
		if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '/') {
			j = line_comment(lx, i, 1);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '*') {
			j = block_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '"' || s[i] == '\'') {
			j = quoted(lx, i, s[i], 0);
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (is_digit(s[i]) || (s[i] == '.' &&
		    i + 1 < lx->len && is_digit(s[i + 1]))) {
			/* pp-number, with C++14 digit separators 1'000. */
			for (j = i + 1; j < lx->len; j++) {
				if (is_ident(s[j]) || s[j] == '.')
					continue;
				if ((s[j] == '+' || s[j] == '-') &&
				    one_of(s[j - 1], "eEpP"))
					continue;
				if (s[j] == '\'' && j + 1 < lx->len &&
				    is_ident(s[j + 1]))
					continue;
				break;
			}
		} else if (is_ident(s[i])) {
			j = ident_end(lx, i);
			n = j - i;
			if (j < lx->len && s[j] == '"' &&
			    ((n == 1 && s[i] == 'R') ||
			    (n == 2 && s[i + 1] == 'R' &&
			    one_of(s[i], "LuU")) ||
			    (n == 3 && memcmp(s + i, "u8R", 3) == 0))) {
				j = c_raw(lx, j);
				mark(lx, i, j, ANA_TOK_STRING);
			} else if (j < lx->len && (s[j] == '"' ||
			    s[j] == '\'') && ((n == 1 && one_of(s[i], "LuU")) ||
			    (n == 2 && s[i] == 'u' && s[i + 1] == '8'))) {
				j = quoted(lx, j, s[j], 0);
				mark(lx, i, j, ANA_TOK_STRING);
			}
		} else
			j = i + 1;
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* Java                                                                 */
/* ------------------------------------------------------------------ */

static void
lex_java(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	size_t			 i, j;

	for (i = 0; i < lx->len;) {
		if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '/') {
			j = line_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '*') {
			j = block_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (at(lx, i, "\"\"\"")) {
			/* A text block: ends at an unescaped """. */
			for (j = i + 3; j < lx->len; j++) {
				if (s[j] == '\\')
					j++;
				else if (at(lx, j, "\"\"\"")) {
					j += 3;
					break;
				}
			}
			if (j > lx->len)
				j = lx->len;
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (s[i] == '"' || s[i] == '\'') {
			j = quoted(lx, i, s[i], 0);
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (is_ident(s[i]))
			j = ident_end(lx, i);
		else
			j = i + 1;
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* Go                                                                   */
/* ------------------------------------------------------------------ */

static void
lex_go(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	size_t			 i, j;

	for (i = 0; i < lx->len;) {
		if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '/') {
			j = line_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '*') {
			j = block_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '`') {
			/* Raw string: no escapes, spans lines. */
			j = find_end(lx, i + 1, (const unsigned char *)"`", 1);
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (s[i] == '"' || s[i] == '\'') {
			j = quoted(lx, i, s[i], 0);
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (is_ident(s[i]))
			j = ident_end(lx, i);
		else
			j = i + 1;
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* Rust                                                                 */
/* ------------------------------------------------------------------ */

/* r#"..."# with the first '#' or the quote at h; i is the token start. */
static size_t
rust_raw(struct lexer *lx, size_t h)
{
	unsigned char	needle[256];
	size_t		n = 0;

	while (h < lx->len && lx->s[h] == '#' && n < sizeof needle - 2) {
		n++;
		h++;
	}
	if (h >= lx->len || lx->s[h] != '"')
		return (0);
	needle[0] = '"';
	memset(needle + 1, '#', n);
	return (find_end(lx, h + 1, needle, n + 1));
}

static void
lex_rust(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	size_t			 i, j, n, k;

	for (i = 0; i < lx->len;) {
		if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '/') {
			j = line_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '*') {
			j = block_comment(lx, i, 1);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '"') {
			j = quoted(lx, i, '"', 1);
			mark(lx, i, j, ANA_TOK_STRING);
		} else if (s[i] == '\'') {
			/* 'c', '\n', '\u{..}': chars; 'a alone: a lifetime. */
			k = i + 1 < lx->len ?
			    ana_utf8_len(s + i + 1, lx->len - i - 1) : 0;
			if (i + 1 < lx->len && s[i + 1] == '\\') {
				j = quoted(lx, i, '\'', 0);
				mark(lx, i, j, ANA_TOK_STRING);
			} else if (k > 0 && i + 1 + k < lx->len &&
			    s[i + 1 + k] == '\'') {
				j = i + 2 + k;
				mark(lx, i, j, ANA_TOK_STRING);
			} else
				j = i + 1;
		} else if (is_ident(s[i])) {
			j = ident_end(lx, i);
			n = j - i;
			if (j < lx->len && (s[j] == '"' || s[j] == '#') &&
			    ((n == 1 && s[i] == 'r') || (n == 2 &&
			    s[i + 1] == 'r' && (s[i] == 'b' || s[i] == 'c'))) &&
			    (k = rust_raw(lx, j)) != 0) {
				mark(lx, i, k, ANA_TOK_STRING);
				j = k;
			} else if (j < lx->len && n == 1 && (s[i] == 'b' ||
			    s[i] == 'c') && s[j] == '"') {
				j = quoted(lx, j, '"', 1);
				mark(lx, i, j, ANA_TOK_STRING);
			} else if (j < lx->len && n == 1 && s[i] == 'b' &&
			    s[j] == '\'') {
				j = quoted(lx, j, '\'', 0);
				mark(lx, i, j, ANA_TOK_STRING);
			}
		} else
			j = i + 1;
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* JavaScript                                                           */
/* ------------------------------------------------------------------ */

/* Keywords after which a '/' starts a regular expression. */
static int
js_regex_keyword(const unsigned char *w, size_t n)
{
	static const char *const kw[] = {
		"return", "typeof", "case", "do", "else", "in", "of", "new",
		"delete", "void", "throw", "yield", "await", "instanceof"
	};
	size_t	i;

	for (i = 0; i < sizeof kw / sizeof kw[0]; i++) {
		if (strlen(kw[i]) == n && memcmp(kw[i], w, n) == 0)
			return (1);
	}
	return (0);
}

/* End of a regex literal at i, or 0 if the line ends first. */
static size_t
js_regex(struct lexer *lx, size_t i)
{
	int	class = 0;

	for (i++; i < lx->len && lx->s[i] != '\n'; i++) {
		if (lx->s[i] == '\\')
			i++;
		else if (lx->s[i] == '[')
			class = 1;
		else if (lx->s[i] == ']')
			class = 0;
		else if (lx->s[i] == '/' && !class) {
			i++;
			while (i < lx->len && is_ident(lx->s[i]))
				i++;
			return (i);
		}
	}
	return (0);
}

/*
 * The body of a template literal from i: returns where the template ends
 * (after its backquote) or, at "${", where its field's code starts.
 */
static size_t
js_template(struct lexer *lx, size_t i, int *field)
{
	*field = 0;
	for (; i < lx->len; i++) {
		if (lx->s[i] == '\\')
			i++;
		else if (lx->s[i] == '`')
			return (i + 1);
		else if (lx->s[i] == '$' && i + 1 < lx->len &&
		    lx->s[i + 1] == '{') {
			*field = 1;
			return (i);
		}
	}
	return (lx->len);
}

static void
lex_js(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	int			 depth[NEST_MAX];
	size_t			 i, j, sp = 0, w0 = 0, w1 = 0;
	int			 field, regex_ok = 1;

	i = 0;
	if (at(lx, 0, "#!")) {
		i = line_comment(lx, 0, 0);
		mark(lx, 0, i, ANA_TOK_COMMENT);
	}
	while (i < lx->len) {
		if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '/') {
			j = line_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && i + 1 < lx->len && s[i + 1] == '*') {
			j = block_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
		} else if (s[i] == '/' && regex_ok &&
		    (j = js_regex(lx, i)) != 0) {
			mark(lx, i, j, ANA_TOK_STRING);
			regex_ok = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			j = quoted(lx, i, s[i], 0);
			mark(lx, i, j, ANA_TOK_STRING);
			regex_ok = 0;
		} else if (s[i] == '`' || (s[i] == '}' && sp > 0 &&
		    depth[sp - 1] == 0)) {
			/* A template starts, or resumes after its field. */
			if (s[i] == '}')
				sp--;
			j = js_template(lx, i + 1, &field);
			mark(lx, s[i] == '}' ? i + 1 : i, j, ANA_TOK_STRING);
			if (field) {
				if (sp < NEST_MAX) {
					depth[sp++] = 0;
					j += 2;
				} else {
					/* Too deep: the rest is string. */
					mark(lx, j, lx->len, ANA_TOK_STRING);
					j = lx->len;
				}
			}
			regex_ok = field;
		} else if (is_ident(s[i])) {
			j = ident_end(lx, i);
			w0 = i;
			w1 = j;
			regex_ok = js_regex_keyword(s + w0, w1 - w0);
		} else {
			j = i + 1;
			if (s[i] == '{' && sp > 0)
				depth[sp - 1]++;
			else if (s[i] == '}' && sp > 0)
				depth[sp - 1]--;
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
			    s[i] != '\r')
				regex_ok = one_of(s[i],
				    "(,=:[!&|?{};+-*%<>~^");
		}
		i = j;
	}
}

/* ------------------------------------------------------------------ */
/* Python                                                               */
/* ------------------------------------------------------------------ */

/* A string prefix (r, b, u, f, t, rb, fr, ...) of n bytes at w. */
static int
py_prefix(const unsigned char *w, size_t n, struct strdesc *d)
{
	size_t	i;
	int	seen_b = 0, seen_f = 0, seen_u = 0;

	memset(d, 0, sizeof *d);
	if (n > 2)
		return (0);
	for (i = 0; i < n; i++) {
		switch (w[i] | 0x20) {
		case 'r':
			if (d->raw)
				return (0);
			d->raw = 1;
			break;
		case 'b':
			seen_b++;
			break;
		case 'u':
			seen_u++;
			break;
		case 'f':
		case 't':
			seen_f++;
			break;
		default:
			return (0);
		}
	}
	if (seen_b + seen_f + seen_u > 1 || (seen_u && d->raw))
		return (0);
	d->fields = seen_f;
	return (1);
}

/*
 * The body of a Python string from i (after its opening quote or a
 * field's closing brace): returns its end, or where a field's code
 * starts (*field set, the '{' at the returned index).
 */
static size_t
py_body(struct lexer *lx, size_t i, const struct strdesc *d, int *field,
    int *unterminated)
{
	const unsigned char	*s = lx->s;

	*field = *unterminated = 0;
	for (; i < lx->len; i++) {
		if (s[i] == '\\') {
			/* Even raw strings: \" does not end the string. */
			i++;
			continue;
		}
		if (s[i] == d->quote) {
			if (!d->triple)
				return (i + 1);
			if (i + 2 < lx->len && s[i + 1] == d->quote &&
			    s[i + 2] == d->quote)
				return (i + 3);
		} else if (s[i] == '\n' && !d->triple) {
			*unterminated = 1;
			return (i > 0 && s[i - 1] == '\r' ? i - 1 : i);
		} else if (d->fields && s[i] == '{') {
			if (i + 1 < lx->len && s[i + 1] == '{') {
				i++;
				continue;
			}
			*field = 1;
			return (i);
		}
	}
	*unterminated = 1;
	return (lx->len);
}

/*
 * A triple-quoted string that is a statement of its own (first on its
 * line, after no operator that would make it a value): a docstring,
 * which Python keeps but which reads as a comment, and is scoped so.
 */
static int
py_docstring(struct lexer *lx, size_t i, unsigned char last)
{
	while (i > 0 && (lx->s[i - 1] == ' ' || lx->s[i - 1] == '\t'))
		i--;
	if (i > 0 && lx->s[i - 1] != '\n')
		return (0);
	return (!one_of(last, "=([{,+-*/%<>|&^~\\@!"));
}

static void
lex_python(struct lexer *lx)
{
	const unsigned char	*s = lx->s;
	struct strdesc		 stack[NEST_MAX], d;
	size_t			 i, j, sp = 0, start, body;
	int			 field, unterminated, doc;
	size_t			 parens = 0;	/* open brackets */
	unsigned char		 last = '\n';	/* last code byte seen */

	for (i = 0; i < lx->len;) {
		if (s[i] == '#') {
			j = line_comment(lx, i, 0);
			mark(lx, i, j, ANA_TOK_COMMENT);
			i = j;
			continue;
		}
		doc = 0;
		if (s[i] == '}' && sp > 0 && stack[sp - 1].depth == 0) {
			/* The end of an f-string's field: the '}' is code. */
			d = stack[--sp];
			start = body = i + 1;
		} else {
			if (s[i] == '"' || s[i] == '\'') {
				memset(&d, 0, sizeof d);
				j = i;
			} else if (is_ident(s[i])) {
				j = ident_end(lx, i);
				if (j >= lx->len || (s[j] != '"' &&
				    s[j] != '\'') ||
				    !py_prefix(s + i, j - i, &d)) {
					last = s[i];
					i = j;
					continue;
				}
			} else {
				if (sp > 0 && one_of(s[i], "([{"))
					stack[sp - 1].depth++;
				else if (sp > 0 && one_of(s[i], ")]}"))
					stack[sp - 1].depth--;
				if (one_of(s[i], "([{"))
					parens++;
				else if (one_of(s[i], ")]}") && parens > 0)
					parens--;
				if (!one_of(s[i], " \t\r\n\f"))
					last = s[i];
				i++;
				continue;
			}
			start = i;
			d.quote = s[j];
			d.triple = j + 2 < lx->len && s[j + 1] == d.quote &&
			    s[j + 2] == d.quote;
			body = j + (d.triple ? 3 : 1);
			doc = d.triple && !d.fields && sp == 0 &&
			    parens == 0 && py_docstring(lx, i, last);
		}
		j = py_body(lx, body, &d, &field, &unterminated);
		mark(lx, start, j, doc ? ANA_TOK_COMMENT : ANA_TOK_STRING);
		last = '"';
		if (field) {
			if (sp < NEST_MAX) {
				d.depth = 0;
				stack[sp++] = d;
				j++;
			} else {
				mark(lx, j, lx->len, ANA_TOK_STRING);
				j = lx->len;
			}
		} else if (unterminated)
			sp = 0;
		i = j;
	}
}

/* ------------------------------------------------------------------ */

void
ana_classify(enum ana_family fam, const char *src, size_t len,
    unsigned char *kinds)
{
	struct lexer	lx;

	lx.s = (const unsigned char *)src;
	lx.len = len;
	lx.k = kinds;
	memset(kinds, ANA_TOK_CODE, len);
	switch (fam) {
	case ANA_FAM_C:
		lex_c(&lx);
		break;
	case ANA_FAM_JAVA:
		lex_java(&lx);
		break;
	case ANA_FAM_JS:
		lex_js(&lx);
		break;
	case ANA_FAM_GO:
		lex_go(&lx);
		break;
	case ANA_FAM_RUST:
		lex_rust(&lx);
		break;
	case ANA_FAM_PYTHON:
		lex_python(&lx);
		break;
	}
}

void
ana_tokenize(enum ana_family fam, const char *src, size_t len,
    struct ana_token **toks, size_t *n)
{
	unsigned char	*kinds;
	struct ana_token *t = NULL;
	size_t		 i, cap = 0, nt = 0;
	unsigned int	 line = 1;

	kinds = ana_xmalloc(len);
	ana_classify(fam, src, len, kinds);
	for (i = 0; i < len; i++) {
		if (nt == 0 || t[nt - 1].kind != kinds[i]) {
			if (nt == cap) {
				cap = cap == 0 ? 16 : cap * 2;
				t = ana_xreallocarray(t, cap, sizeof *t);
			}
			t[nt].kind = kinds[i];
			t[nt].off = i;
			t[nt].len = 0;
			t[nt].line = line;
			nt++;
		}
		t[nt - 1].len++;
		if (src[i] == '\n')
			line++;
	}
	free(kinds);
	*toks = t;
	*n = nt;
}
