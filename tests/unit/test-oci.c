/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of the OCI exports: sbx_policy_write_oci()'s seccomp profiles
 * read back by a strict JSON parser, rebuilt with libseccomp the way runc
 * does and run against gavel's own filter; and the Kubernetes manifests.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <seccomp.h>
#include <yaml.h>

#include "sbx.h"

#define UNUSED	__attribute__((unused))
#define nitems(a)	(sizeof (a) / sizeof (a)[0])

#ifndef SBX_SRCDIR
#define SBX_SRCDIR	"."
#endif

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME	0x00000080
#endif

#ifndef __X32_SYSCALL_BIT
#define __X32_SYSCALL_BIT	0x40000000
#endif

#define JSON_DEPTH_MAX	32
#define SYSCALL_NR_MAX	512	/* x86_64 numbers end near 460 */

static const char *shipped[] = {
	"default", "python", "java", "javascript", "compile",
};

/* ------------------------------------------------------------------ */
/* A strict JSON parser (RFC 8259): no extensions, no duplicate keys    */
/* ------------------------------------------------------------------ */

enum jtype {
	J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ,
};

struct jv {
	enum jtype	  type;
	int		  b;
	int		  is_u64;	/* a non-negative integer that fits */
	uint64_t	  u;
	char		 *s;
	size_t		  n;		/* items of an array or object */
	char		**keys;
	struct jv	**items;
};

struct jp {
	const char	*p;
	const char	*end;
	int		 depth;
	char		 err[128];
};

static struct jv	*jp_value(struct jp *);

static void
jv_free(struct jv *v)
{
	size_t	i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys != NULL)
			free(v->keys[i]);
		jv_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->s);
	free(v);
}

static void *
jp_fail(struct jp *jp, const char *what)
{
	if (jp->err[0] == '\0')
		snprintf(jp->err, sizeof jp->err, "%s at byte %td", what,
		    jp->end - jp->p);
	return (NULL);
}

static void
jp_ws(struct jp *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static struct jv *
jv_new(enum jtype type)
{
	struct jv	*v;

	v = calloc(1, sizeof *v);
	assert_non_null(v);
	v->type = type;
	return (v);
}

static int
jp_hex4(struct jp *jp, uint32_t *out)
{
	int	i, c;

	*out = 0;
	if (jp->end - jp->p < 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		c = (unsigned char)*jp->p++;
		*out <<= 4;
		if (c >= '0' && c <= '9')
			*out |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*out |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*out |= (uint32_t)(c - 'A' + 10);
		else
			return (-1);
	}
	return (0);
}

static void
put_utf8(char *buf, size_t *len, uint32_t cp)
{
	if (cp < 0x80)
		buf[(*len)++] = (char)cp;
	else if (cp < 0x800) {
		buf[(*len)++] = (char)(0xc0 | cp >> 6);
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		buf[(*len)++] = (char)(0xe0 | cp >> 12);
		buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		buf[(*len)++] = (char)(0xf0 | cp >> 18);
		buf[(*len)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* Length of the valid UTF-8 sequence at p, 0 if invalid. */
static size_t
utf8_len(const unsigned char *p, size_t n)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, i;

	if (p[0] < 0x80)
		return (1);
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		lo = p[0] == 0xe0 ? 0xa0 : 0x80;
		hi = p[0] == 0xed ? 0x9f : 0xbf;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		lo = p[0] == 0xf0 ? 0x90 : 0x80;
		hi = p[0] == 0xf4 ? 0x8f : 0xbf;
	} else
		return (0);
	for (i = 1; i < need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi)
			return (0);
		lo = 0x80;
		hi = 0xbf;
	}
	return (need);
}

/* A string, the opening quote consumed; decoded into a NUL-free C string. */
static char *
jp_string(struct jp *jp)
{
	char		*buf;
	size_t		 len = 0, n;
	uint32_t	 cp, lo;

	/* Decoding never grows the text. */
	buf = malloc((size_t)(jp->end - jp->p) + 1);
	assert_non_null(buf);
	for (;;) {
		if (jp->p >= jp->end)
			goto bad;
		if (*jp->p == '"') {
			jp->p++;
			buf[len] = '\0';
			return (buf);
		}
		if ((unsigned char)*jp->p < 0x20)
			goto bad;
		if (*jp->p != '\\') {
			n = utf8_len((const unsigned char *)jp->p,
			    (size_t)(jp->end - jp->p));
			if (n == 0)
				goto bad;
			memcpy(buf + len, jp->p, n);
			len += n;
			jp->p += n;
			continue;
		}
		if (++jp->p >= jp->end)
			goto bad;
		switch (*jp->p++) {
		case '"':
			buf[len++] = '"';
			break;
		case '\\':
			buf[len++] = '\\';
			break;
		case '/':
			buf[len++] = '/';
			break;
		case 'b':
			buf[len++] = '\b';
			break;
		case 'f':
			buf[len++] = '\f';
			break;
		case 'n':
			buf[len++] = '\n';
			break;
		case 'r':
			buf[len++] = '\r';
			break;
		case 't':
			buf[len++] = '\t';
			break;
		case 'u':
			if (jp_hex4(jp, &cp) == -1 || cp == 0)
				goto bad;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				goto bad;	/* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (jp->end - jp->p < 6 || jp->p[0] != '\\' ||
				    jp->p[1] != 'u')
					goto bad;
				jp->p += 2;
				if (jp_hex4(jp, &lo) == -1 || lo < 0xdc00 ||
				    lo > 0xdfff)
					goto bad;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			put_utf8(buf, &len, cp);
			break;
		default:
			goto bad;
		}
	}

bad:
	free(buf);
	return (jp_fail(jp, "bad string"));
}

static struct jv *
jp_number(struct jp *jp)
{
	struct jv	*v;
	const char	*start = jp->p;
	char		*tok, *end;
	int		 integer = 1, neg = 0;

	if (jp->p < jp->end && *jp->p == '-') {
		neg = 1;
		jp->p++;
	}
	if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9')
		return (jp_fail(jp, "bad number"));
	if (*jp->p == '0') {
		jp->p++;
		if (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			return (jp_fail(jp, "leading zero"));
	} else {
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	}
	if (jp->p < jp->end && *jp->p == '.') {
		integer = 0;
		jp->p++;
		if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9')
			return (jp_fail(jp, "bad fraction"));
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	}
	if (jp->p < jp->end && (*jp->p == 'e' || *jp->p == 'E')) {
		integer = 0;
		jp->p++;
		if (jp->p < jp->end && (*jp->p == '+' || *jp->p == '-'))
			jp->p++;
		if (jp->p >= jp->end || *jp->p < '0' || *jp->p > '9')
			return (jp_fail(jp, "bad exponent"));
		while (jp->p < jp->end && *jp->p >= '0' && *jp->p <= '9')
			jp->p++;
	}
	v = jv_new(J_NUM);
	if (integer && !neg) {
		tok = strndup(start, (size_t)(jp->p - start));
		assert_non_null(tok);
		errno = 0;
		v->u = strtoull(tok, &end, 10);
		v->is_u64 = errno == 0 && *end == '\0';
		free(tok);
	}
	return (v);
}

static struct jv *
jp_container(struct jp *jp, int object)
{
	struct jv	*v, *item;
	char		*key = NULL;
	size_t		 i;

	if (++jp->depth > JSON_DEPTH_MAX)
		return (jp_fail(jp, "too deep"));
	v = jv_new(object ? J_OBJ : J_ARR);
	jp_ws(jp);
	if (jp->p < jp->end && *jp->p == (object ? '}' : ']')) {
		jp->p++;
		jp->depth--;
		return (v);
	}
	for (;;) {
		jp_ws(jp);
		if (object) {
			if (jp->p >= jp->end || *jp->p != '"')
				goto bad;
			jp->p++;
			if ((key = jp_string(jp)) == NULL)
				goto bad;
			for (i = 0; i < v->n; i++) {
				if (strcmp(v->keys[i], key) == 0) {
					jp_fail(jp, "duplicate key");
					goto bad;
				}
			}
			jp_ws(jp);
			if (jp->p >= jp->end || *jp->p++ != ':')
				goto bad;
		}
		if ((item = jp_value(jp)) == NULL)
			goto bad;
		v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
		assert_non_null(v->items);
		if (object) {
			v->keys = realloc(v->keys,
			    (v->n + 1) * sizeof *v->keys);
			assert_non_null(v->keys);
			v->keys[v->n] = key;
			key = NULL;
		}
		v->items[v->n++] = item;
		jp_ws(jp);
		if (jp->p < jp->end && *jp->p == ',') {
			jp->p++;
			continue;
		}
		if (jp->p < jp->end && *jp->p == (object ? '}' : ']')) {
			jp->p++;
			jp->depth--;
			return (v);
		}
		goto bad;
	}

bad:
	free(key);
	jv_free(v);
	return (jp_fail(jp, object ? "bad object" : "bad array"));
}

static struct jv *
jp_literal(struct jp *jp, const char *word, enum jtype type, int b)
{
	struct jv	*v;
	size_t		 len = strlen(word);

	if ((size_t)(jp->end - jp->p) < len || memcmp(jp->p, word, len) != 0)
		return (jp_fail(jp, "bad literal"));
	jp->p += len;
	v = jv_new(type);
	v->b = b;
	return (v);
}

static struct jv *
jp_value(struct jp *jp)
{
	struct jv	*v;
	char		*s;

	jp_ws(jp);
	if (jp->p >= jp->end)
		return (jp_fail(jp, "unexpected end"));
	switch (*jp->p) {
	case '{':
		jp->p++;
		return (jp_container(jp, 1));
	case '[':
		jp->p++;
		return (jp_container(jp, 0));
	case '"':
		jp->p++;
		if ((s = jp_string(jp)) == NULL)
			return (NULL);
		v = jv_new(J_STR);
		v->s = s;
		return (v);
	case 't':
		return (jp_literal(jp, "true", J_BOOL, 1));
	case 'f':
		return (jp_literal(jp, "false", J_BOOL, 0));
	case 'n':
		return (jp_literal(jp, "null", J_NULL, 0));
	default:
		return (jp_number(jp));
	}
}

/* The one value in text, or NULL with the reason in err. */
static struct jv *
json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct jp	 jp;
	struct jv	*v;

	memset(&jp, 0, sizeof jp);
	jp.p = text;
	jp.end = text + len;
	if ((v = jp_value(&jp)) != NULL) {
		jp_ws(&jp);
		if (jp.p != jp.end) {
			jv_free(v);
			v = jp_fail(&jp, "trailing bytes");
		}
	}
	snprintf(err, errlen, "%s", jp.err);
	return (v);
}

static const struct jv *
jv_get(const struct jv *o, const char *key)
{
	size_t	i;

	if (o == NULL || o->type != J_OBJ)
		return (NULL);
	for (i = 0; i < o->n; i++) {
		if (strcmp(o->keys[i], key) == 0)
			return (o->items[i]);
	}
	return (NULL);
}

/* The object's keys must all be in allowed (NULL-terminated). */
static void
jv_only_keys(const struct jv *o, const char *const *allowed)
{
	size_t	i, j;

	assert_int_equal(o->type, J_OBJ);
	for (i = 0; i < o->n; i++) {
		for (j = 0; allowed[j] != NULL; j++) {
			if (strcmp(o->keys[i], allowed[j]) == 0)
				break;
		}
		if (allowed[j] == NULL)
			fail_msg("unexpected key \"%s\"", o->keys[i]);
	}
}

static const char *
jv_str(const struct jv *v)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_STR);
	return (v->s);
}

static uint64_t
jv_u64(const struct jv *v)
{
	assert_non_null(v);
	assert_int_equal(v->type, J_NUM);
	assert_true(v->is_u64);
	return (v->u);
}

/* ------------------------------------------------------------------ */
/* Exports and filters                                                  */
/* ------------------------------------------------------------------ */

static const char *
policy_dir(void)
{
	const char	*s;

	if ((s = getenv("GAVEL_POLICY_DIR")) != NULL && *s != '\0')
		return (s);
	return (SBX_SRCDIR "/sandbox/policies");
}

static struct sbx_policy *
load(const char *name)
{
	struct sbx_policy	*p;
	char			*cause = NULL;

	p = sbx_policy_load(policy_dir(), name, &cause);
	if (p == NULL)
		fail_msg("%s: %s", name, cause);
	return (p);
}

static struct sbx_policy *
parse_text(const char *text)
{
	struct sbx_policy	*p;
	FILE			*f;
	char			*cause = NULL;

	f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	p = sbx_policy_parse(f, "t.policy", NULL, &cause);
	fclose(f);
	if (p == NULL)
		fail_msg("%s", cause);
	return (p);
}

/* The profile of p, as text and parsed. */
static struct jv *
export(const struct sbx_policy *p, char **textp)
{
	struct jv	*v;
	FILE		*f;
	char		*text = NULL, *cause = NULL, err[128];
	size_t		 len = 0;

	f = open_memstream(&text, &len);
	assert_non_null(f);
	if (sbx_policy_write_oci(f, p, &cause) == -1)
		fail_msg("sbx_policy_write_oci: %s", cause);
	assert_int_equal(fclose(f), 0);
	if ((v = json_parse(text, len, err, sizeof err)) == NULL)
		fail_msg("not JSON: %s", err);
	if (textp != NULL)
		*textp = text;
	else
		free(text);
	return (v);
}

static uint32_t
action_of(const char *name, const struct jv *errno_ret)
{
	if (strcmp(name, "SCMP_ACT_ALLOW") == 0)
		return (SCMP_ACT_ALLOW);
	if (strcmp(name, "SCMP_ACT_KILL_PROCESS") == 0)
		return (SCMP_ACT_KILL_PROCESS);
	if (strcmp(name, "SCMP_ACT_ERRNO") == 0) {
		/* runc's default for a missing errnoRet is EPERM. */
		return (SCMP_ACT_ERRNO(errno_ret == NULL ? EPERM :
		    (uint16_t)jv_u64(errno_ret)));
	}
	fail_msg("action %s: not one the export may use", name);
	return (0);
}

static enum scmp_compare
op_of(const char *name)
{
	if (strcmp(name, "SCMP_CMP_EQ") == 0)
		return (SCMP_CMP_EQ);
	if (strcmp(name, "SCMP_CMP_NE") == 0)
		return (SCMP_CMP_NE);
	if (strcmp(name, "SCMP_CMP_MASKED_EQ") == 0)
		return (SCMP_CMP_MASKED_EQ);
	fail_msg("op %s: not one the export may use", name);
	return (_SCMP_CMP_MIN);
}

/*
 * Check the profile's shape against the runtime-spec's linux.seccomp and
 * build it with libseccomp as runc does: the default action, the native
 * architecture, then every name of every entry with the entry's action
 * and comparisons (ANDed: the check that no index repeats is what makes
 * runc, crun and runsc all read them that way).
 */
static scmp_filter_ctx
oci_filter(const struct jv *prof)
{
	static const char	*top[] = {
		"defaultAction", "architectures", "syscalls", NULL
	};
	static const char	*entry[] = {
		"names", "action", "errnoRet", "args", NULL
	};
	static const char	*argkeys[] = {
		"index", "value", "valueTwo", "op", NULL
	};
	const struct jv		*arches, *calls, *e, *names, *args, *a, *er;
	struct scmp_arg_cmp	 cmp[6];
	scmp_filter_ctx		 ctx;
	uint32_t		 act;
	size_t			 i, j;
	u_int			 seen;
	int			 nr, rc;

	jv_only_keys(prof, top);
	act = action_of(jv_str(jv_get(prof, "defaultAction")), NULL);
	ctx = seccomp_init(act);
	assert_non_null(ctx);

	arches = jv_get(prof, "architectures");
	assert_non_null(arches);
	assert_int_equal(arches->type, J_ARR);
	assert_int_equal(arches->n, 1);
	assert_string_equal(jv_str(arches->items[0]), "SCMP_ARCH_X86_64");

	calls = jv_get(prof, "syscalls");
	assert_non_null(calls);
	assert_int_equal(calls->type, J_ARR);
	assert_true(calls->n > 0);
	for (i = 0; i < calls->n; i++) {
		e = calls->items[i];
		jv_only_keys(e, entry);
		er = jv_get(e, "errnoRet");
		act = action_of(jv_str(jv_get(e, "action")), er);
		if (er != NULL) {
			assert_string_equal(jv_str(jv_get(e, "action")),
			    "SCMP_ACT_ERRNO");
			assert_in_range(jv_u64(er), 1, 4095);
		}
		memset(cmp, 0, sizeof cmp);
		seen = 0;
		args = jv_get(e, "args");
		if (args != NULL) {
			assert_int_equal(args->type, J_ARR);
			assert_in_range(args->n, 1, 6);
			for (j = 0; j < args->n; j++) {
				a = args->items[j];
				jv_only_keys(a, argkeys);
				cmp[j].arg = (u_int)jv_u64(jv_get(a, "index"));
				assert_in_range(cmp[j].arg, 0, 5);
				if (seen & (1U << cmp[j].arg))
					fail_msg("entry %zu: index %u twice", i,
					    cmp[j].arg);
				seen |= 1U << cmp[j].arg;
				cmp[j].op = op_of(jv_str(jv_get(a, "op")));
				cmp[j].datum_a = jv_u64(jv_get(a, "value"));
				cmp[j].datum_b = jv_u64(jv_get(a, "valueTwo"));
				if (cmp[j].op != SCMP_CMP_MASKED_EQ)
					assert_true(cmp[j].datum_b == 0);
			}
		}
		names = jv_get(e, "names");
		assert_non_null(names);
		assert_int_equal(names->type, J_ARR);
		assert_true(names->n > 0);
		for (j = 0; j < names->n; j++) {
			nr = seccomp_syscall_resolve_name(jv_str(
			    names->items[j]));
			if (nr == __NR_SCMP_ERROR)
				fail_msg("\"%s\": libseccomp has no such "
				    "syscall", names->items[j]->s);
			rc = seccomp_rule_add_array(ctx, act, nr,
			    args == NULL ? 0 : (u_int)args->n, cmp);
			if (rc != 0)
				fail_msg("entry %zu: %s: libseccomp refuses "
				    "the rule: %s", i, names->items[j]->s,
				    strerror(-rc));
		}
	}
	return (ctx);
}

/* A filter's classic BPF, as the kernel would get it. */
static struct sock_filter *
filter_bpf(scmp_filter_ctx ctx, size_t *n)
{
	struct stat	 st;
	void		*buf;
	int		 fd;

	fd = memfd_create("test-oci", MFD_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(seccomp_export_bpf(ctx, fd), 0);
	assert_int_equal(fstat(fd, &st), 0);
	assert_true(st.st_size > 0 && st.st_size % 8 == 0);
	buf = malloc((size_t)st.st_size);
	assert_non_null(buf);
	assert_int_equal(pread(fd, buf, (size_t)st.st_size, 0), st.st_size);
	close(fd);
	*n = (size_t)st.st_size / sizeof (struct sock_filter);
	return (buf);
}

static struct sock_filter *
gavel_bpf(const struct sbx_policy *p, size_t *n)
{
	void	*prog;
	size_t	 len;
	char	*cause = NULL;

	if (sbx_policy_compile(p, SBX_VIOLATE_KILL, &prog, &len,
	    &cause) == -1)
		fail_msg("sbx_policy_compile: %s", cause);
	*n = len / sizeof (struct sock_filter);
	return (prog);
}

/*
 * Run a seccomp program on one call, as the kernel's classic BPF
 * interpreter does; any instruction seccomp would not take fails.
 */
static uint32_t
bpf_run(const struct sock_filter *prog, size_t n,
    const struct seccomp_data *d)
{
	const struct sock_filter	*f;
	uint32_t			 a = 0, x = 0, mem[BPF_MEMWORDS];
	size_t				 pc = 0, steps;

	memset(mem, 0, sizeof mem);
	for (steps = 0; steps < 100000; steps++) {
		if (pc >= n)
			fail_msg("BPF: fell off the end at %zu", pc);
		f = &prog[pc++];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (f->k % 4 != 0 || f->k + 4 > sizeof *d)
				fail_msg("BPF: load at %u", f->k);
			memcpy(&a, (const char *)d + f->k, 4);
			break;
		case BPF_LD | BPF_W | BPF_LEN:
			a = sizeof *d;
			break;
		case BPF_LD | BPF_IMM:
			a = f->k;
			break;
		case BPF_LDX | BPF_IMM:
			x = f->k;
			break;
		case BPF_LD | BPF_MEM:
			a = mem[f->k % BPF_MEMWORDS];
			break;
		case BPF_LDX | BPF_MEM:
			x = mem[f->k % BPF_MEMWORDS];
			break;
		case BPF_ST:
			mem[f->k % BPF_MEMWORDS] = a;
			break;
		case BPF_STX:
			mem[f->k % BPF_MEMWORDS] = x;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
			a |= f->k;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
			a += f->k;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
			a -= f->k;
			break;
		case BPF_ALU | BPF_AND | BPF_X:
			a &= x;
			break;
		case BPF_ALU | BPF_NEG:
			a = -a;
			break;
		case BPF_MISC | BPF_TAX:
			x = a;
			break;
		case BPF_MISC | BPF_TXA:
			a = x;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & f->k) != 0 ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += a == x ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += a > x ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += a >= x ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return (f->k);
		case BPF_RET | BPF_A:
			return (a);
		default:
			fail_msg("BPF: opcode %#x at %zu", f->code, pc - 1);
		}
	}
	fail_msg("BPF: no return after %zu steps", steps);
	return (0);
}

/* What a return value does: the kill flavours are one outcome here. */
#define OUT_KILL	0xffffffffU

static uint32_t
outcome(uint32_t ret)
{
	uint32_t	act = ret & SECCOMP_RET_ACTION_FULL;

	if (act == SECCOMP_RET_KILL_PROCESS || act == SECCOMP_RET_KILL_THREAD)
		return (OUT_KILL);
	if (act == SECCOMP_RET_ALLOW)
		return (SECCOMP_RET_ALLOW);
	return (ret);
}

static const char *
outcome_name(uint32_t o, char *buf, size_t len)
{
	if (o == OUT_KILL)
		return ("kill");
	if (o == SECCOMP_RET_ALLOW)
		return ("allow");
	if ((o & SECCOMP_RET_ACTION_FULL) == SECCOMP_RET_ERRNO)
		snprintf(buf, len, "errno %u", o & SECCOMP_RET_DATA);
	else
		snprintf(buf, len, "ret %#x", o);
	return (buf);
}

/* Both programs of one policy, and its name for messages. */
struct pair {
	const char		*name;
	struct sock_filter	*gavel;
	size_t			 ngavel;
	struct sock_filter	*oci;
	size_t			 noci;
	int			 exec_any;
};

static void
pair_open(struct pair *pr, const char *name, const struct sbx_policy *p,
    const struct jv *prof)
{
	scmp_filter_ctx	ctx;

	pr->name = name;
	pr->gavel = gavel_bpf(p, &pr->ngavel);
	ctx = oci_filter(prof);
	pr->oci = filter_bpf(ctx, &pr->noci);
	seccomp_release(ctx);
	pr->exec_any = sbx_policy_exec_any(p);
}

static void
pair_close(struct pair *pr)
{
	free(pr->gavel);
	free(pr->oci);
}

static uint32_t
run_oci(const struct pair *pr, uint32_t arch, int nr, const uint64_t *args)
{
	struct seccomp_data	d;

	memset(&d, 0, sizeof d);
	d.nr = nr;
	d.arch = arch;
	memcpy(d.args, args, sizeof d.args);
	return (outcome(bpf_run(pr->oci, pr->noci, &d)));
}

static uint32_t
run_gavel(const struct pair *pr, uint32_t arch, int nr,
    const uint64_t *args)
{
	struct seccomp_data	d;

	memset(&d, 0, sizeof d);
	d.nr = nr;
	d.arch = arch;
	memcpy(d.args, args, sizeof d.args);
	return (outcome(bpf_run(pr->gavel, pr->ngavel, &d)));
}

/*
 * The calls the export allows although gavel's filter does not: what an
 * OCI runtime makes between loading the profile and the container's
 * first instruction (contrib/seccomp/README.md).
 */
static int
runtime_extra(int nr)
{
	return (nr == SCMP_SYS(execve) || nr == SCMP_SYS(epoll_ctl) ||
	    nr == SCMP_SYS(epoll_pwait));
}

static void
compare_one(const struct pair *pr, int nr, const uint64_t *args)
{
	uint32_t	g, o;
	char		b1[32], b2[32], name[64];

	g = run_gavel(pr, AUDIT_ARCH_X86_64, nr, args);
	o = run_oci(pr, AUDIT_ARCH_X86_64, nr, args);
	if (g == o)
		return;
	if (runtime_extra(nr) && g == OUT_KILL && o == SECCOMP_RET_ALLOW)
		return;
	fail_msg("%s: %s(%#llx, %#llx, %#llx, %#llx, %#llx, %#llx): gavel "
	    "%s, OCI %s", pr->name, sbx_syscall_name(nr, name, sizeof name),
	    (unsigned long long)args[0], (unsigned long long)args[1],
	    (unsigned long long)args[2], (unsigned long long)args[3],
	    (unsigned long long)args[4], (unsigned long long)args[5],
	    outcome_name(g, b1, sizeof b1), outcome_name(o, b2, sizeof b2));
}

/*
 * Every syscall number, with each argument in turn set to each value
 * that some rule of ours compares against (and its neighbours), then
 * with pairs of arguments set: the two filters must agree but for
 * runtime_extra(). Calls of other ABIs must be killed by both.
 */
static void
compare_filters(const struct pair *pr)
{
	static const uint64_t	vals[] = {
		1, 2, 10, 16, 15, 14, 0xffffffff, 0xffffffffffffffffULL,
		1ULL << 32, SBX_EXEC_FD, SBX_EXEC_FD - 1, SBX_EXEC_FD + 1,
		AT_EMPTY_PATH, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW,
		AT_SYMLINK_NOFOLLOW, TCGETS, TIOCGWINSZ, TIOCSTI,
		TIOCSTI + 1, TIOCLINUX, (uint64_t)TIOCSTI | 1ULL << 32,
		(uint64_t)TCGETS | 1ULL << 63, CLONE_NEWUSER, CLONE_NEWNS,
		CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP, CLONE_NEWTIME,
		CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND |
		    CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS |
		    CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
		CLONE_VM | CLONE_VFORK | SIGCHLD,
		CLONE_VM | CLONE_NEWUSER | SIGCHLD, SIGCHLD,
	};
	static const uint64_t	few[] = {
		0, 1, 15, SBX_EXEC_FD, AT_EMPTY_PATH, TIOCSTI,
	};
	uint64_t		args[6];
	size_t			i, j, k, l;
	int			nr;

	for (nr = 0; nr < SYSCALL_NR_MAX; nr++) {
		memset(args, 0, sizeof args);
		compare_one(pr, nr, args);
		for (i = 0; i < 6; i++) {
			for (j = 0; j < nitems(vals); j++) {
				memset(args, 0, sizeof args);
				args[i] = vals[j];
				compare_one(pr, nr, args);
			}
		}
		for (i = 0; i < 6; i++) {
			for (k = i + 1; k < 6; k++) {
				for (j = 0; j < nitems(few); j++) {
					for (l = 0; l < nitems(few); l++) {
						memset(args, 0, sizeof args);
						args[i] = few[j];
						args[k] = few[l];
						compare_one(pr, nr, args);
					}
				}
			}
		}
	}

	/* i386 (int 0x80) and x32 calls: no rule of either allows them. */
	memset(args, 0, sizeof args);
	for (nr = 0; nr < SYSCALL_NR_MAX; nr++) {
		assert_true(run_oci(pr, AUDIT_ARCH_I386, nr, args) ==
		    OUT_KILL);
		assert_true(run_gavel(pr, AUDIT_ARCH_I386, nr, args) ==
		    OUT_KILL);
		assert_true(run_oci(pr, AUDIT_ARCH_X86_64,
		    nr | __X32_SYSCALL_BIT, args) == OUT_KILL);
	}
}

/* The outcome of one call under the profile, by name. */
static uint32_t
oci_call(const struct pair *pr, const char *name, uint64_t a0, uint64_t a1)
{
	uint64_t	args[6] = { a0, a1, 0, 0, 0, 0 };
	int		nr;

	nr = seccomp_syscall_resolve_name(name);
	assert_true(nr != __NR_SCMP_ERROR);
	return (run_oci(pr, AUDIT_ARCH_X86_64, nr, args));
}

/* Names in every SCMP_ACT_ALLOW entry. */
static int
allowed_by_name(const struct jv *prof, const char *name)
{
	const struct jv	*calls, *e, *names;
	size_t		 i, j;

	calls = jv_get(prof, "syscalls");
	for (i = 0; i < calls->n; i++) {
		e = calls->items[i];
		if (strcmp(jv_str(jv_get(e, "action")), "SCMP_ACT_ALLOW") != 0)
			continue;
		names = jv_get(e, "names");
		for (j = 0; j < names->n; j++) {
			if (strcmp(jv_str(names->items[j]), name) == 0)
				return (1);
		}
	}
	return (0);
}

/* The args of the only entry that names name with that action. */
static const struct jv *
entry_args(const struct jv *prof, const char *name, const char *action)
{
	const struct jv	*calls, *e, *names, *found = NULL;
	size_t		 i, j;
	int		 n = 0;

	calls = jv_get(prof, "syscalls");
	for (i = 0; i < calls->n; i++) {
		e = calls->items[i];
		if (strcmp(jv_str(jv_get(e, "action")), action) != 0)
			continue;
		names = jv_get(e, "names");
		for (j = 0; j < names->n; j++) {
			if (strcmp(jv_str(names->items[j]), name) == 0) {
				found = jv_get(e, "args");
				n++;
			}
		}
	}
	if (n != 1)
		fail_msg("%s: %d %s entries, expected 1", name, n, action);
	return (found);
}

static void
assert_arg(const struct jv *a, u_int index, uint64_t value,
    uint64_t value_two, const char *op)
{
	assert_int_equal(jv_u64(jv_get(a, "index")), index);
	assert_true(jv_u64(jv_get(a, "value")) == value);
	assert_true(jv_u64(jv_get(a, "valueTwo")) == value_two);
	assert_string_equal(jv_str(jv_get(a, "op")), op);
}

/* ------------------------------------------------------------------ */
/* The JSON parser itself                                               */
/* ------------------------------------------------------------------ */

static void
test_json_parse_accepts(void **state UNUSED)
{
	static const char	 text[] =
	    " {\"a\": [0, -1.5e+3, 18446744073709551615,"
	    " true, false, null, \"\\u00e9\\ud83d\\ude00\\n\\/\", {}, []],"
	    " \"b\": \"\xc3\xa9\"}\n";
	struct jv		*v;
	const struct jv		*a;
	char			 err[128];

	v = json_parse(text, strlen(text), err, sizeof err);
	if (v == NULL)
		fail_msg("%s", err);
	a = jv_get(v, "a");
	assert_non_null(a);
	assert_int_equal(a->n, 9);
	assert_true(a->items[0]->is_u64 && a->items[0]->u == 0);
	assert_false(a->items[1]->is_u64);
	assert_true(a->items[2]->is_u64 &&
	    a->items[2]->u == 0xffffffffffffffffULL);
	assert_int_equal(a->items[3]->type, J_BOOL);
	assert_int_equal(a->items[5]->type, J_NULL);
	assert_string_equal(a->items[6]->s, "\xc3\xa9\xf0\x9f\x98\x80\n/");
	assert_string_equal(jv_str(jv_get(v, "b")), "\xc3\xa9");
	jv_free(v);
}

static void
test_json_parse_rejects(void **state UNUSED)
{
	static const char	*bad[] = {
		"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}",
		"{\"a\":1,\"a\":2}", "{a:1}", "01", "1.", ".5", "-", "1e",
		"+1", "0x10", "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12\"",
		"\"\\ud800\"", "\"\\udc00\"", "\"\\u0000\"", "\"\xff\"",
		"\"\xc0\xaf\"", "tru", "nul", "True", "{} {}", "[1 2]",
		"[1,,2]", "{\"a\":}", "'a'", "[\"a\",]", "NaN", "Infinity",
		"/* c */ {}", "{\"a\":1} // c", "18446744073709551616x",
	};
	struct jv		*v;
	char			 err[128], deep[JSON_DEPTH_MAX * 2 + 4];
	size_t			 i;

	for (i = 0; i < nitems(bad); i++) {
		v = json_parse(bad[i], strlen(bad[i]), err, sizeof err);
		if (v != NULL)
			fail_msg("accepted: %s", bad[i]);
		assert_true(err[0] != '\0');
	}
	/* Deep nesting is refused, not a stack overflow. */
	memset(deep, '[', JSON_DEPTH_MAX + 1);
	memset(deep + JSON_DEPTH_MAX + 1, ']', JSON_DEPTH_MAX + 1);
	v = json_parse(deep, 2 * (JSON_DEPTH_MAX + 1), err, sizeof err);
	assert_null(v);
}

/* Out of uint64 range or negative: a number, but no is_u64. */
static void
test_json_parse_big_numbers(void **state UNUSED)
{
	struct jv	*v;
	char		 err[128];

	v = json_parse("18446744073709551616", 20, err, sizeof err);
	assert_non_null(v);
	assert_false(v->is_u64);
	jv_free(v);
	v = json_parse("-0", 2, err, sizeof err);
	assert_non_null(v);
	assert_false(v->is_u64);
	jv_free(v);
}

/* ------------------------------------------------------------------ */
/* sbx_policy_write_oci                                                 */
/* ------------------------------------------------------------------ */

static void
test_sbx_policy_write_oci_shape(void **state UNUSED)
{
	struct sbx_policy	*p;
	struct jv		*prof;
	scmp_filter_ctx		 ctx;
	size_t			 i;

	for (i = 0; i < nitems(shipped); i++) {
		p = load(shipped[i]);
		prof = export(p, NULL);
		assert_string_equal(jv_str(jv_get(prof, "defaultAction")),
		    "SCMP_ACT_KILL_PROCESS");
		assert_null(jv_get(prof, "defaultErrnoRet"));
		/* Every key, name, action and comparison checked here. */
		ctx = oci_filter(prof);
		seccomp_release(ctx);
		jv_free(prof);
		sbx_policy_free(p);
	}
}

/* The export is gavel's filter but for what an OCI runtime needs. */
static void
test_sbx_policy_write_oci_same_filter(void **state UNUSED)
{
	struct sbx_policy	*p;
	struct jv		*prof;
	struct pair		 pr;
	size_t			 i;

	for (i = 0; i < nitems(shipped); i++) {
		p = load(shipped[i]);
		prof = export(p, NULL);
		pair_open(&pr, shipped[i], p, prof);
		compare_filters(&pr);
		pair_close(&pr);
		jv_free(prof);
		sbx_policy_free(p);
	}
}

static void
test_sbx_policy_write_oci_denied(void **state UNUSED)
{
	static const char	*never[] = {
		"ptrace", "mount", "umount2", "bpf", "io_uring_setup",
		"io_uring_enter", "unshare", "setns", "pivot_root", "chroot",
		"keyctl", "add_key", "perf_event_open", "userfaultfd",
		"process_vm_readv", "process_vm_writev", "init_module",
		"finit_module", "kexec_load", "reboot", "open_by_handle_at",
		"clone3", "fsopen", "move_mount", "open_tree",
	};
	struct sbx_policy	*p;
	struct jv		*prof;
	struct pair		 pr;
	size_t			 i, j;

	for (i = 0; i < nitems(shipped); i++) {
		p = load(shipped[i]);
		prof = export(p, NULL);
		pair_open(&pr, shipped[i], p, prof);
		for (j = 0; j < nitems(never); j++) {
			if (allowed_by_name(prof, never[j]))
				fail_msg("%s: %s allowed", shipped[i],
				    never[j]);
		}
		assert_true(oci_call(&pr, "ptrace", 0, 0) == OUT_KILL);
		assert_true(oci_call(&pr, "mount", 0, 0) == OUT_KILL);
		assert_true(oci_call(&pr, "bpf", 0, 0) == OUT_KILL);
		assert_true(oci_call(&pr, "unshare", CLONE_NEWUSER, 0) ==
		    OUT_KILL);
		/* base.policy: "errno ENOSYS io_uring_setup ...". */
		assert_true(oci_call(&pr, "io_uring_setup", 8, 0) ==
		    (SECCOMP_RET_ERRNO | ENOSYS));
		/* glibc falls back to clone on ENOSYS only. */
		assert_true(oci_call(&pr, "clone3", 0, 0) ==
		    (SECCOMP_RET_ERRNO | ENOSYS));
		/* Threads yes, namespaces no. */
		assert_true(oci_call(&pr, "clone", CLONE_VM | CLONE_THREAD |
		    CLONE_SIGHAND, 0) == SECCOMP_RET_ALLOW);
		assert_true(oci_call(&pr, "clone", CLONE_NEWUSER, 0) ==
		    OUT_KILL);
		/* The terminal: reads yes, pushing input no. */
		assert_true(oci_call(&pr, "ioctl", 0, TCGETS) ==
		    SECCOMP_RET_ALLOW);
		assert_true(oci_call(&pr, "ioctl", 0, TIOCSTI) == OUT_KILL);
		assert_true(oci_call(&pr, "ioctl", 0,
		    (uint64_t)TCGETS | 1ULL << 32) == OUT_KILL);
		pair_close(&pr);
		jv_free(prof);
		sbx_policy_free(p);
	}
}

/*
 * socket and socketpair: AF_UNIX only where a policy allows them, the
 * policy's errno for the other families where it gives one, a violation
 * otherwise.
 */
static void
test_sbx_policy_write_oci_socket(void **state UNUSED)
{
	static const struct {
		const char	*policy;
		uint32_t	 socket_unix, socket_inet;
		uint32_t	 pair_unix, pair_inet;
	} want[] = {
		{ "default", OUT_KILL, OUT_KILL, OUT_KILL, OUT_KILL },
		{ "python", OUT_KILL, OUT_KILL, OUT_KILL, OUT_KILL },
		{ "javascript", OUT_KILL, OUT_KILL, OUT_KILL, OUT_KILL },
		{ "java", SECCOMP_RET_ERRNO | EAFNOSUPPORT,
		    SECCOMP_RET_ERRNO | EAFNOSUPPORT, SECCOMP_RET_ALLOW,
		    OUT_KILL },
		{ "compile", SECCOMP_RET_ERRNO | EAFNOSUPPORT,
		    SECCOMP_RET_ERRNO | EAFNOSUPPORT, SECCOMP_RET_ALLOW,
		    OUT_KILL },
	};
	struct sbx_policy	*p;
	struct jv		*prof;
	const struct jv		*args;
	struct pair		 pr;
	size_t			 i;

	for (i = 0; i < nitems(want); i++) {
		p = load(want[i].policy);
		prof = export(p, NULL);
		pair_open(&pr, want[i].policy, p, prof);
		assert_true(oci_call(&pr, "socket", AF_UNIX, 0) ==
		    want[i].socket_unix);
		assert_true(oci_call(&pr, "socket", AF_INET, 0) ==
		    want[i].socket_inet);
		assert_true(oci_call(&pr, "socket", AF_INET6, 0) ==
		    want[i].socket_inet);
		assert_true(oci_call(&pr, "socketpair", AF_UNIX, 0) ==
		    want[i].pair_unix);
		assert_true(oci_call(&pr, "socketpair", AF_INET, 0) ==
		    want[i].pair_inet);
		/* All 64 bits of the family are compared. */
		assert_true(oci_call(&pr, "socketpair", AF_UNIX | 1ULL << 32,
		    0) == OUT_KILL);
		if (want[i].pair_unix == SECCOMP_RET_ALLOW) {
			args = entry_args(prof, "socketpair",
			    "SCMP_ACT_ALLOW");
			assert_non_null(args);
			assert_int_equal(args->n, 1);
			assert_arg(args->items[0], 0, AF_UNIX, 0,
			    "SCMP_CMP_EQ");
		}
		pair_close(&pr);
		jv_free(prof);
		sbx_policy_free(p);
	}
}

/* "exec once" keeps gavel's execveat rule; execve is the runtime's. */
static void
test_sbx_policy_write_oci_exec(void **state UNUSED)
{
	struct sbx_policy	*p;
	struct jv		*prof;
	const struct jv		*args;

	p = load("python");
	prof = export(p, NULL);
	assert_true(allowed_by_name(prof, "execve"));
	args = entry_args(prof, "execveat", "SCMP_ACT_ALLOW");
	assert_non_null(args);
	assert_int_equal(args->n, 2);
	assert_arg(args->items[0], 0, SBX_EXEC_FD, 0, "SCMP_CMP_EQ");
	assert_arg(args->items[1], 4, AT_EMPTY_PATH, AT_EMPTY_PATH,
	    "SCMP_CMP_MASKED_EQ");
	jv_free(prof);
	sbx_policy_free(p);

	p = load("compile");
	prof = export(p, NULL);
	assert_null(entry_args(prof, "execve", "SCMP_ACT_ALLOW"));
	assert_null(entry_args(prof, "execveat", "SCMP_ACT_ALLOW"));
	jv_free(prof);
	sbx_policy_free(p);
}

/* Every form a policy file can take, through the same comparison. */
static void
test_sbx_policy_write_oci_conditions(void **state UNUSED)
{
	static const char	 text[] =
	    "allow read write exit_group rt_sigreturn\n"
	    "allow prctl if arg0 == 15\n"
	    "allow prctl if arg0 == 38 and arg1 != 0\n"
	    "allow mmap if arg2 & 0x4 == 0\n"
	    "allow kill if arg1 == 0 and arg0 != 1 and arg2 & 0xff == 0x0\n"
	    "allow socket\n"
	    "errno EAFNOSUPPORT socket\n"
	    "errno EPERM setuid setgid\n"
	    "errno EACCES ?no_such_call chmod\n"
	    "exec any\n";
	struct sbx_policy	*p;
	struct jv		*prof;
	const struct jv		*calls, *e, *args;
	struct pair		 pr;
	char			*json;
	size_t			 i;
	int			 prctl = 0;

	p = parse_text(text);
	prof = export(p, &json);
	pair_open(&pr, "t", p, prof);
	compare_filters(&pr);

	calls = jv_get(prof, "syscalls");
	for (i = 0; i < calls->n; i++) {
		e = calls->items[i];
		if (strcmp(jv_str(jv_get(e, "names")->items[0]), "prctl") != 0)
			continue;
		args = jv_get(e, "args");
		assert_non_null(args);
		if (prctl++ == 0) {
			assert_int_equal(args->n, 1);
			assert_arg(args->items[0], 0, 15, 0, "SCMP_CMP_EQ");
		} else {
			assert_int_equal(args->n, 2);
			assert_arg(args->items[0], 0, 38, 0, "SCMP_CMP_EQ");
			assert_arg(args->items[1], 1, 0, 0, "SCMP_CMP_NE");
		}
	}
	assert_int_equal(prctl, 2);
	args = entry_args(prof, "mmap", "SCMP_ACT_ALLOW");
	assert_int_equal(args->n, 1);
	assert_arg(args->items[0], 2, 4, 0, "SCMP_CMP_MASKED_EQ");
	args = entry_args(prof, "socket", "SCMP_ACT_ERRNO");
	assert_int_equal(args->n, 1);
	assert_arg(args->items[0], 0, AF_UNIX, 0, "SCMP_CMP_NE");

	assert_true(oci_call(&pr, "socket", AF_UNIX, 0) == SECCOMP_RET_ALLOW);
	assert_true(oci_call(&pr, "socket", AF_INET, 0) ==
	    (SECCOMP_RET_ERRNO | EAFNOSUPPORT));
	assert_true(oci_call(&pr, "setuid", 0, 0) ==
	    (SECCOMP_RET_ERRNO | EPERM));
	assert_true(oci_call(&pr, "chmod", 0, 0) ==
	    (SECCOMP_RET_ERRNO | EACCES));
	assert_true(oci_call(&pr, "prctl", 15, 0) == SECCOMP_RET_ALLOW);
	assert_true(oci_call(&pr, "prctl", 16, 0) == OUT_KILL);
	assert_true(oci_call(&pr, "prctl", 38, 0) == OUT_KILL);
	assert_true(oci_call(&pr, "prctl", 38, 1) == SECCOMP_RET_ALLOW);
	assert_true(oci_call(&pr, "execve", 0, 0) == SECCOMP_RET_ALLOW);
	/* Not in the policy, not in the export. */
	assert_null(strstr(json, "\"getpid\""));
	assert_true(oci_call(&pr, "getpid", 0, 0) == OUT_KILL);

	free(json);
	pair_close(&pr);
	jv_free(prof);
	sbx_policy_free(p);
}

/* Byte for byte the same on every call: the committed files can be
 * compared with a fresh export. */
static void
test_sbx_policy_write_oci_stable(void **state UNUSED)
{
	struct sbx_policy	*p;
	struct jv		*prof;
	char			*a, *b;

	p = load("java");
	prof = export(p, &a);
	jv_free(prof);
	prof = export(p, &b);
	jv_free(prof);
	assert_string_equal(a, b);
	/* One name per line, tabs, a final newline: diffable. */
	assert_non_null(strstr(a, "\n\t\t\t\t\"clock_gettime\",\n"));
	assert_int_equal(a[strlen(a) - 1], '\n');
	free(a);
	free(b);
	sbx_policy_free(p);
}

static void
test_sbx_policy_write_oci_write_error(void **state UNUSED)
{
	struct sbx_policy	*p;
	FILE			*f;
	char			*cause = NULL;

	f = fopen("/dev/full", "w");
	if (f == NULL)
		skip();
	p = load("default");
	assert_int_equal(sbx_policy_write_oci(f, p, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "No space left"));
	free(cause);
	fclose(f);
	sbx_policy_free(p);
}

/* ------------------------------------------------------------------ */
/* contrib/kubernetes                                                   */
/* ------------------------------------------------------------------ */

/* The documents of a YAML file, NULL-terminated; fails on a bad one. */
static yaml_document_t **
yaml_load(const char *path)
{
	yaml_parser_t		  parser;
	yaml_document_t		**docs = NULL;
	FILE			 *f;
	size_t			  n = 0;

	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(yaml_parser_initialize(&parser), 1);
	yaml_parser_set_input_file(&parser, f);
	for (;;) {
		docs = realloc(docs, (n + 1) * sizeof *docs);
		assert_non_null(docs);
		docs[n] = calloc(1, sizeof **docs);
		assert_non_null(docs[n]);
		if (!yaml_parser_load(&parser, docs[n]))
			fail_msg("%s:%zu:%zu: %s", path,
			    parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1,
			    parser.problem != NULL ? parser.problem : "?");
		if (yaml_document_get_root_node(docs[n]) == NULL) {
			yaml_document_delete(docs[n]);
			free(docs[n]);
			docs[n] = NULL;
			break;
		}
		n++;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return (docs);
}

static void
yaml_free(yaml_document_t **docs)
{
	size_t	i;

	for (i = 0; docs[i] != NULL; i++) {
		yaml_document_delete(docs[i]);
		free(docs[i]);
	}
	free(docs);
}

/*
 * The node at a dotted path: "spec.template.spec.containers.0.name"
 * (numbers index sequences). NULL when some step is missing.
 */
static yaml_node_t *
yaml_at(yaml_document_t *d, const char *path)
{
	yaml_node_t		*node;
	yaml_node_pair_t	*pair;
	yaml_node_t		*key;
	char			*copy, *step, *last;
	char			*end;
	long			 idx;

	node = yaml_document_get_root_node(d);
	copy = strdup(path);
	assert_non_null(copy);
	for (step = strtok_r(copy, ".", &last); step != NULL && node != NULL;
	    step = strtok_r(NULL, ".", &last)) {
		if (node->type == YAML_SEQUENCE_NODE) {
			idx = strtol(step, &end, 10);
			if (*end != '\0' || idx < 0 || idx >= (long)(
			    node->data.sequence.items.top -
			    node->data.sequence.items.start))
				node = NULL;
			else
				node = yaml_document_get_node(d,
				    node->data.sequence.items.start[idx]);
			continue;
		}
		if (node->type != YAML_MAPPING_NODE) {
			node = NULL;
			break;
		}
		for (pair = node->data.mapping.pairs.start;
		    pair < node->data.mapping.pairs.top; pair++) {
			key = yaml_document_get_node(d, pair->key);
			if (key->type == YAML_SCALAR_NODE &&
			    strcmp((char *)key->data.scalar.value, step) == 0)
				break;
		}
		if (pair == node->data.mapping.pairs.top)
			node = NULL;
		else
			node = yaml_document_get_node(d, pair->value);
	}
	free(copy);
	return (node);
}

static const char *
yaml_str(yaml_document_t *d, const char *path)
{
	yaml_node_t	*n;

	n = yaml_at(d, path);
	if (n == NULL || n->type != YAML_SCALAR_NODE)
		fail_msg("%s: not a scalar", path);
	return ((const char *)n->data.scalar.value);
}

/* 1 when the sequence at path holds the scalar value. */
static int
yaml_seq_has(yaml_document_t *d, const char *path, const char *value)
{
	yaml_node_t		*n, *item;
	yaml_node_item_t	*i;

	n = yaml_at(d, path);
	if (n == NULL || n->type != YAML_SEQUENCE_NODE)
		fail_msg("%s: not a sequence", path);
	for (i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	    i++) {
		item = yaml_document_get_node(d, *i);
		if (item->type == YAML_SCALAR_NODE &&
		    strcmp((char *)item->data.scalar.value, value) == 0)
			return (1);
	}
	return (0);
}

/* The document of that kind and name. */
static yaml_document_t *
yaml_find(yaml_document_t **docs, const char *kind, const char *name)
{
	size_t	i;

	for (i = 0; docs[i] != NULL; i++) {
		if (strcmp(yaml_str(docs[i], "kind"), kind) == 0 &&
		    strcmp(yaml_str(docs[i], "metadata.name"), name) == 0)
			return (docs[i]);
	}
	fail_msg("no %s %s", kind, name);
	return (NULL);
}

static void
test_contrib_kubernetes_runtimeclass(void **state UNUSED)
{
	yaml_document_t	**docs, *d;

	docs = yaml_load(SBX_SRCDIR "/contrib/kubernetes/runtimeclass.yaml");
	d = yaml_find(docs, "RuntimeClass", "gvisor");
	assert_string_equal(yaml_str(d, "apiVersion"), "node.k8s.io/v1");
	assert_string_equal(yaml_str(d, "handler"), "runsc");
	assert_non_null(yaml_at(d, "overhead.podFixed.memory"));
	yaml_free(docs);
}

static void
test_contrib_kubernetes_judge_worker(void **state UNUSED)
{
	yaml_document_t	**docs, *d;

	docs = yaml_load(SBX_SRCDIR "/contrib/kubernetes/judge-worker.yaml");

	/* In gVisor: the judge's own native sandbox, seccomp included. */
	d = yaml_find(docs, "Deployment", "gavel-judge-gvisor");
	assert_string_equal(yaml_str(d, "apiVersion"), "apps/v1");
	assert_string_equal(yaml_str(d, "spec.template.spec.runtimeClassName"),
	    "gvisor");
	assert_string_equal(yaml_str(d,
	    "spec.template.spec.initContainers.0.args.0"), "check");
	assert_true(yaml_seq_has(d, "spec.template.spec.containers.0.args",
	    "native"));
	assert_string_equal(yaml_str(d,
	    "spec.template.spec.securityContext.seccompProfile.type"),
	    "RuntimeDefault");
	assert_non_null(yaml_at(d,
	    "spec.template.spec.containers.0.resources.limits.memory"));
	assert_string_equal(yaml_str(d,
	    "spec.template.spec.volumes.0.persistentVolumeClaim.claimName"),
	    "gavel-db");

	/* On runc: gavel starts gVisor itself, for every program. */
	d = yaml_find(docs, "Deployment", "gavel-judge");
	assert_null(yaml_at(d, "spec.template.spec.runtimeClassName"));
	assert_true(yaml_seq_has(d, "spec.template.spec.containers.0.args",
	    "runsc"));
	assert_string_equal(yaml_str(d,
	    "spec.template.spec.containers.0.securityContext.appArmorProfile."
	    "localhostProfile"), "gavel");

	/* A per-run example of the exported profiles as Localhost. */
	d = yaml_find(docs, "Job", "gavel-run-python");
	assert_string_equal(yaml_str(d, "spec.template.spec.containers.0."
	    "securityContext.seccompProfile.type"), "Localhost");
	assert_string_equal(yaml_str(d, "spec.template.spec.containers.0."
	    "securityContext.seccompProfile.localhostProfile"),
	    "gavel/python.json");
	assert_string_equal(yaml_str(d, "spec.template.spec.containers.0."
	    "securityContext.allowPrivilegeEscalation"), "false");

	d = yaml_find(docs, "PersistentVolumeClaim", "gavel-db");
	assert_string_equal(yaml_str(d, "spec.accessModes.0"),
	    "ReadWriteOnce");
	yaml_free(docs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_parse_accepts),
		cmocka_unit_test(test_json_parse_rejects),
		cmocka_unit_test(test_json_parse_big_numbers),
		cmocka_unit_test(test_sbx_policy_write_oci_shape),
		cmocka_unit_test(test_sbx_policy_write_oci_same_filter),
		cmocka_unit_test(test_sbx_policy_write_oci_denied),
		cmocka_unit_test(test_sbx_policy_write_oci_socket),
		cmocka_unit_test(test_sbx_policy_write_oci_exec),
		cmocka_unit_test(test_sbx_policy_write_oci_conditions),
		cmocka_unit_test(test_sbx_policy_write_oci_stable),
		cmocka_unit_test(test_sbx_policy_write_oci_write_error),
		cmocka_unit_test(test_contrib_kubernetes_runtimeclass),
		cmocka_unit_test(test_contrib_kubernetes_judge_worker),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
