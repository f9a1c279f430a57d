/* SPDX-License-Identifier: ISC */
/*
 * Seccomp policies as data: parse the allow-list files, add the built-in
 * argument rules and compile the whole to classic BPF with libseccomp.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"

/*
 * Bump whenever the rules built into this file change, so that cached
 * programs compiled by an older gavel are not reused.
 */
#define POLICY_VERSION		"gavel-policy/1"

#define POLICY_NR_MAX		1024	/* x86_64 numbers end near 470 */
#define POLICY_DEPTH_MAX	8	/* include nesting */
#define POLICY_LINE_MAX		4096
#define POLICY_FILES_MAX	32	/* files one policy may pull in */
#define POLICY_BPF_MAX		(4096 * 8)	/* BPF_MAXINSNS */

#define POLICY_CACHE_MAGIC	"GVBPF01\n"
#define POLICY_CACHE_HDR	32	/* magic, key, length, checksum */

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME		0x00000080
#endif

/* Namespace flags that clone() may never be given. */
#define POLICY_CLONE_NS		((uint64_t)(CLONE_NEWNS | CLONE_NEWUTS | \
	CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | \
	CLONE_NEWCGROUP | CLONE_NEWTIME))

enum policy_action {
	POLICY_NONE = 0,
	POLICY_ALLOW,
	POLICY_ALLOW_IF,	/* allowed when one of conds holds */
	POLICY_ERRNO,
};

/* One "if" of an allow line: all of its comparisons must hold. */
struct policy_cond {
	u_int			 ncmp;
	struct scmp_arg_cmp	 cmp[6];
};

/* What the lines said about one syscall, and where (files[] index). */
struct policy_rule {
	enum policy_action	 allow;		/* NONE, ALLOW or ALLOW_IF */
	int			 afile;
	u_int			 aline;
	struct policy_cond	*conds;
	u_int			 nconds;

	int			 errnum;	/* 0: no errno line */
	int			 efile;
	u_int			 eline;
};

struct sbx_policy {
	struct policy_rule	 rules[POLICY_NR_MAX];
	int			 exec_any;
	int			 exec_file;	/* -1 while no exec line */
	u_int			 exec_line;

	char			*files[POLICY_FILES_MAX];
	int			 nfiles;

	/* Every line of every file read, in order: the cache key. */
	char			*text;
	size_t			 textlen;
	size_t			 textsize;
};

struct policy_parser {
	struct sbx_policy	*p;
	const char		*dir;
	const char		*stack[POLICY_DEPTH_MAX + 1];
	int			 depth;
	int			 cur;		/* files[] index being read */
	int			 text_only;	/* follow includes, nothing else */
	char			**cause;
};

/*
 * Never allowed by any policy: a file may only turn them into an errno.
 * The first group is the list; the rest are the same calls under
 * another name (the new mount API, swapoff, setdomainname, request_key)
 * or ptrace by another way (process_vm_*, pidfd_getfd, open_by_handle_at).
 */
static const int policy_denied[] = {
	SCMP_SYS(ptrace), SCMP_SYS(mount), SCMP_SYS(umount2),
	SCMP_SYS(pivot_root), SCMP_SYS(chroot), SCMP_SYS(unshare),
	SCMP_SYS(setns), SCMP_SYS(bpf), SCMP_SYS(perf_event_open),
	SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter),
	SCMP_SYS(io_uring_register), SCMP_SYS(userfaultfd), SCMP_SYS(keyctl),
	SCMP_SYS(add_key), SCMP_SYS(kexec_load), SCMP_SYS(kexec_file_load),
	SCMP_SYS(init_module), SCMP_SYS(finit_module),
	SCMP_SYS(delete_module), SCMP_SYS(create_module), SCMP_SYS(reboot),
	SCMP_SYS(sethostname), SCMP_SYS(acct), SCMP_SYS(swapon),
	SCMP_SYS(clone3),

	SCMP_SYS(fsopen), SCMP_SYS(fsconfig), SCMP_SYS(fsmount),
	SCMP_SYS(fspick), SCMP_SYS(move_mount), SCMP_SYS(open_tree),
	SCMP_SYS(mount_setattr), SCMP_SYS(swapoff), SCMP_SYS(setdomainname),
	SCMP_SYS(request_key), SCMP_SYS(process_vm_readv),
	SCMP_SYS(process_vm_writev), SCMP_SYS(pidfd_getfd),
	SCMP_SYS(open_by_handle_at),
};

/*
 * Calls whose arguments this file checks itself: a policy may allow them
 * (which switches the built-in rule on) but never weaken them. Only
 * socket and socketpair take an errno, for the families they refuse.
 */
static const int policy_builtin[] = {
	SCMP_SYS(ioctl), SCMP_SYS(socket), SCMP_SYS(socketpair),
	SCMP_SYS(clone),
};

/* execve and execveat belong to the "exec" directive. */
static const int policy_exec[] = {
	SCMP_SYS(execve), SCMP_SYS(execveat),
};

static const struct {
	const char	*name;
	int		 value;
} policy_errnos[] = {
	{ "EPERM", EPERM },
	{ "ENOENT", ENOENT },
	{ "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM },
	{ "EACCES", EACCES },
	{ "EINVAL", EINVAL },
	{ "ENOTTY", ENOTTY },
	{ "ENOSYS", ENOSYS },
	{ "EOPNOTSUPP", EOPNOTSUPP },
	{ "EAFNOSUPPORT", EAFNOSUPPORT },
};

/* ioctl commands that are never allowed (low 32 bits; see below). */
static const uint32_t policy_ioctl_denied[] = {
	TIOCSTI,	/* push bytes into a terminal's input */
	TIOCLINUX,	/* console selection paste does the same */
};

static int	policy_parse_file(struct policy_parser *, FILE *,
		    const char *);
static void	policy_error(struct policy_parser *, const char *, u_int,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

#define nitems(a)	(sizeof (a) / sizeof (a)[0])

static void
policy_error(struct policy_parser *pp, const char *file, u_int line,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	if (pp->cause != NULL && *pp->cause == NULL)
		xasprintf(pp->cause, "%s:%u: %s", file, line, msg);
	free(msg);
}

/* All 64 bits of argument arg; for MASKED_EQ a is the mask, b the value. */
static struct scmp_arg_cmp
policy_cmp(u_int arg, enum scmp_compare op, uint64_t a, uint64_t b)
{
	struct scmp_arg_cmp	cmp;

	memset(&cmp, 0, sizeof cmp);
	cmp.arg = arg;
	cmp.op = op;
	cmp.datum_a = a;
	cmp.datum_b = b;
	return (cmp);
}

static void
policy_text_add(struct sbx_policy *p, const char *s, size_t len)
{
	size_t	need;

	need = p->textlen + len + 1;
	if (need > p->textsize) {
		p->textsize = need > 2 * p->textsize ? need : 2 * p->textsize;
		p->text = xrealloc(p->text, p->textsize);
	}
	memcpy(p->text + p->textlen, s, len);
	p->textlen += len;
	p->text[p->textlen] = '\0';
}

/* Syscall number on this arch, or -1 (libseccomp uses < 0 for others). */
static int
policy_resolve(const char *name)
{
	int	nr;

	nr = seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, name);
	if (nr < 0 || nr >= POLICY_NR_MAX)
		return (-1);
	return (nr);
}

static int
policy_in(const int *list, size_t n, int nr)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (list[i] == nr)
			return (1);
	}
	return (0);
}

static int
policy_errno(const char *name)
{
	size_t	i;

	for (i = 0; i < nitems(policy_errnos); i++) {
		if (strcmp(policy_errnos[i].name, name) == 0)
			return (policy_errnos[i].value);
	}
	return (-1);
}

static const char *
policy_errno_name(int value)
{
	size_t	i;

	for (i = 0; i < nitems(policy_errnos); i++) {
		if (policy_errnos[i].value == value)
			return (policy_errnos[i].name);
	}
	return ("?");
}

/* Policy and include names: letters, digits, '-' and '_' only. */
static int
policy_name_ok(const char *name)
{
	const char	*s;

	if (*name == '\0')
		return (0);
	for (s = name; *s != '\0'; s++) {
		if (!isalnum((u_char)*s) && *s != '-' && *s != '_')
			return (0);
	}
	return (1);
}

/* policy_include() has checked that there is room. */
static int
policy_file_index(struct sbx_policy *p, const char *file)
{
	if (p->nfiles == POLICY_FILES_MAX)
		fatalx("%s: too many files", __func__);
	p->files[p->nfiles] = xstrdup(file);
	return (p->nfiles++);
}

/* One syscall of an allow or errno line; cond with POLICY_ALLOW_IF. */
static int
policy_add(struct policy_parser *pp, const char *file, u_int line,
    const char *tok, enum policy_action action, int errnum,
    const struct policy_cond *cond)
{
	struct sbx_policy	*p = pp->p;
	struct policy_rule	*r;
	const char		*name = tok;
	int			 optional = 0, nr, sock;

	if (*name == '?') {
		optional = 1;
		name++;
	}
	if ((nr = policy_resolve(name)) == -1) {
		if (optional)
			return (0);
		policy_error(pp, file, line, "unknown syscall '%s'", name);
		return (-1);
	}
	if (policy_in(policy_exec, nitems(policy_exec), nr)) {
		policy_error(pp, file, line,
		    "'%s' is set by 'exec once' or 'exec any'", name);
		return (-1);
	}
	if (action != POLICY_ERRNO &&
	    policy_in(policy_denied, nitems(policy_denied), nr)) {
		policy_error(pp, file, line,
		    "'%s' is always denied (only an errno may be set)", name);
		return (-1);
	}
	sock = nr == SCMP_SYS(socket) || nr == SCMP_SYS(socketpair);
	if (action == POLICY_ALLOW_IF &&
	    policy_in(policy_builtin, nitems(policy_builtin), nr)) {
		policy_error(pp, file, line, "'%s' has built-in argument "
		    "rules: allow it without 'if'", name);
		return (-1);
	}
	if (action == POLICY_ERRNO && !sock &&
	    policy_in(policy_builtin, nitems(policy_builtin), nr)) {
		policy_error(pp, file, line, "'%s' has built-in argument "
		    "rules and can only be allowed", name);
		return (-1);
	}

	/*
	 * allow lines add up, an unconditional allow swallowing conditional
	 * ones. An allow and an errno of one syscall conflict: libseccomp
	 * 2.5 lets an unconditional rule override conditional ones, so an
	 * errno can't be the fallback of an "if". The exception is socket:
	 * there errno is what the families other than AF_UNIX get.
	 */
	r = &p->rules[nr];
	if (action == POLICY_ERRNO) {
		if (r->errnum == errnum)
			return (0);	/* said twice, e.g. in base and again */
		if (r->errnum != 0) {
			policy_error(pp, file, line, "'%s' already errno %s at "
			    "%s:%u", name, policy_errno_name(r->errnum),
			    p->files[r->efile], r->eline);
			return (-1);
		}
		if (r->allow != POLICY_NONE && !sock)
			goto allowed;
		r->errnum = errnum;
		r->efile = pp->cur;
		r->eline = line;
		return (0);
	}
	if (r->errnum != 0 && !sock) {
		policy_error(pp, file, line, "'%s' already errno %s at %s:%u",
		    name, policy_errno_name(r->errnum), p->files[r->efile],
		    r->eline);
		return (-1);
	}
	if (r->allow == POLICY_ALLOW)
		return (0);
	if (r->allow == POLICY_NONE) {
		r->afile = pp->cur;
		r->aline = line;
	}
	if (action == POLICY_ALLOW) {
		free(r->conds);
		r->conds = NULL;
		r->nconds = 0;
		r->allow = POLICY_ALLOW;
		return (0);
	}
	r->conds = xreallocarray(r->conds, r->nconds + 1, sizeof *r->conds);
	r->conds[r->nconds++] = *cond;
	r->allow = POLICY_ALLOW_IF;
	return (0);

allowed:
	policy_error(pp, file, line, "'%s' already allowed at %s:%u", name,
	    p->files[r->afile], r->aline);
	return (-1);
}

static int
policy_include(struct policy_parser *pp, const char *file, u_int line,
    const char *name)
{
	FILE	*f;
	char	*path, *msg;
	int	 i, rc;

	if (!policy_name_ok(name)) {
		policy_error(pp, file, line,
		    "bad include name '%s' (no paths: a name in the same "
		    "directory)", name);
		return (-1);
	}
	if (pp->dir == NULL) {
		policy_error(pp, file, line,
		    "include '%s' without a policy directory", name);
		return (-1);
	}
	for (i = 0; i < pp->depth; i++) {
		if (strcmp(pp->stack[i], name) == 0) {
			policy_error(pp, file, line, "include loop on '%s'",
			    name);
			return (-1);
		}
	}
	if (pp->depth > POLICY_DEPTH_MAX) {
		policy_error(pp, file, line, "includes nested too deep");
		return (-1);
	}
	if (pp->p->nfiles == POLICY_FILES_MAX) {
		policy_error(pp, file, line, "more than %d files included",
		    POLICY_FILES_MAX);
		return (-1);
	}

	xasprintf(&path, "%s/%s.policy", pp->dir, name);
	if ((f = fopen(path, "re")) == NULL) {
		policy_error(pp, file, line, "include '%s': %s: %s", name,
		    path, strerror(errno));
		free(path);
		return (-1);
	}
	free(path);
	xasprintf(&msg, "%s.policy", name);
	pp->stack[pp->depth++] = name;
	rc = policy_parse_file(pp, f, msg);
	pp->depth--;
	free(msg);
	fclose(f);
	return (rc);
}

static int
policy_exec_line(struct policy_parser *pp, const char *file, u_int line,
    const char *what)
{
	struct sbx_policy	*p = pp->p;
	int			 any;

	if (strcmp(what, "once") == 0)
		any = 0;
	else if (strcmp(what, "any") == 0)
		any = 1;
	else {
		policy_error(pp, file, line,
		    "exec takes 'once' or 'any', not '%s'", what);
		return (-1);
	}
	if (p->exec_file != -1 && p->exec_any != any) {
		policy_error(pp, file, line, "exec %s conflicts with %s:%u",
		    what, p->files[p->exec_file], p->exec_line);
		return (-1);
	}
	p->exec_any = any;
	p->exec_file = pp->cur;
	p->exec_line = line;
	return (0);
}

/* Split at blanks, up to '#'. Returns the token count or -1. */
static int
policy_split(char *s, char **tok, int max)
{
	int	n = 0;
	char	*cp;

	if ((cp = strchr(s, '#')) != NULL)
		*cp = '\0';
	for (;;) {
		while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		if (*s == '\0')
			return (n);
		if (n == max)
			return (-1);
		tok[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\r' &&
		    *s != '\n')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
}

static int
policy_number(const char *s, uint64_t *v)
{
	char			*end;
	unsigned long long	 ull;

	if (!isdigit((u_char)*s))
		return (-1);
	errno = 0;
	ull = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return (-1);
	*v = ull;
	return (0);
}

/*
 * "argN == V", "argN != V" or "argN & MASK == V", joined by "and", each
 * argument once (libseccomp 2.5 takes one comparison per argument).
 */
static int
policy_cond(struct policy_parser *pp, const char *file, u_int line,
    char **tok, int n, struct policy_cond *c)
{
	uint64_t	mask, v;
	u_int		arg, i, seen = 0;
	int		k = 0;

	memset(c, 0, sizeof *c);
	for (;;) {
		if (k + 3 > n || strncmp(tok[k], "arg", 3) != 0 ||
		    tok[k][3] < '0' || tok[k][3] > '5' || tok[k][4] != '\0')
			goto bad;
		arg = (u_int)(tok[k][3] - '0');
		if (seen & (1U << arg)) {
			policy_error(pp, file, line, "arg%u compared twice "
			    "(use another allow line for an 'or')", arg);
			return (-1);
		}
		seen |= 1U << arg;
		i = c->ncmp++;
		if (strcmp(tok[k + 1], "&") == 0) {
			if (k + 5 > n || strcmp(tok[k + 3], "==") != 0 ||
			    policy_number(tok[k + 2], &mask) == -1 ||
			    policy_number(tok[k + 4], &v) == -1)
				goto bad;
			c->cmp[i] = policy_cmp(arg, SCMP_CMP_MASKED_EQ, mask,
			    v);
			k += 5;
		} else {
			if (policy_number(tok[k + 2], &v) == -1)
				goto bad;
			if (strcmp(tok[k + 1], "==") == 0)
				c->cmp[i] = policy_cmp(arg, SCMP_CMP_EQ, v, 0);
			else if (strcmp(tok[k + 1], "!=") == 0)
				c->cmp[i] = policy_cmp(arg, SCMP_CMP_NE, v, 0);
			else
				goto bad;
			k += 3;
		}
		if (k == n)
			return (0);
		if (strcmp(tok[k], "and") != 0)
			goto bad;
		k++;
	}

bad:
	policy_error(pp, file, line, "bad condition: want 'argN == V', "
	    "'argN != V' or 'argN & MASK == V', joined by 'and'");
	return (-1);
}

static int
policy_allow(struct policy_parser *pp, const char *file, u_int line,
    char **tok, int n)
{
	struct policy_cond	 cond;
	enum policy_action	 action = POLICY_ALLOW;
	int			 i, last;

	for (last = 1; last < n; last++) {
		if (strcmp(tok[last], "if") == 0)
			break;
	}
	if (last == 1) {
		policy_error(pp, file, line, "allow needs a syscall");
		return (-1);
	}
	if (last < n) {
		if (policy_cond(pp, file, line, tok + last + 1, n - last - 1,
		    &cond) == -1)
			return (-1);
		action = POLICY_ALLOW_IF;
	}
	for (i = 1; i < last; i++) {
		if (policy_add(pp, file, line, tok[i], action, 0,
		    &cond) == -1)
			return (-1);
	}
	return (0);
}

static int
policy_line(struct policy_parser *pp, const char *file, u_int line, char *s)
{
	char	*tok[64];
	int	 n, i, errnum;

	if ((n = policy_split(s, tok, nitems(tok))) == -1) {
		policy_error(pp, file, line, "too many words (at most %zu)",
		    nitems(tok));
		return (-1);
	}
	if (n == 0)
		return (0);
	if (pp->text_only && strcmp(tok[0], "include") != 0)
		return (0);

	if (strcmp(tok[0], "include") == 0) {
		if (n != 2) {
			policy_error(pp, file, line, "include takes one name");
			return (-1);
		}
		return (policy_include(pp, file, line, tok[1]));
	}
	if (strcmp(tok[0], "exec") == 0) {
		if (n != 2) {
			policy_error(pp, file, line,
			    "exec takes 'once' or 'any'");
			return (-1);
		}
		return (policy_exec_line(pp, file, line, tok[1]));
	}
	if (strcmp(tok[0], "allow") == 0)
		return (policy_allow(pp, file, line, tok, n));
	if (strcmp(tok[0], "errno") == 0) {
		if (n < 3) {
			policy_error(pp, file, line,
			    "errno needs a name and a syscall");
			return (-1);
		}
		if ((errnum = policy_errno(tok[1])) == -1) {
			policy_error(pp, file, line, "unknown errno '%s'",
			    tok[1]);
			return (-1);
		}
		for (i = 2; i < n; i++) {
			if (policy_add(pp, file, line, tok[i], POLICY_ERRNO,
			    errnum, NULL) == -1)
				return (-1);
		}
		return (0);
	}
	policy_error(pp, file, line, "unknown directive '%s'", tok[0]);
	return (-1);
}

static int
policy_parse_file(struct policy_parser *pp, FILE *f, const char *file)
{
	struct sbx_policy	*p = pp->p;
	char			*buf = NULL;
	size_t			 size = 0;
	ssize_t			 len;
	u_int			 line = 0;
	int			 rc = 0, saved;

	saved = pp->cur;
	pp->cur = policy_file_index(p, file);
	policy_text_add(p, "@file ", 6);
	policy_text_add(p, file, strlen(file));
	policy_text_add(p, "\n", 1);

	while ((len = getline(&buf, &size, f)) != -1) {
		line++;
		policy_text_add(p, buf, (size_t)len);
		if (len > POLICY_LINE_MAX) {
			policy_error(pp, file, line, "line too long");
			rc = -1;
			break;
		}
		if (memchr(buf, '\0', (size_t)len) != NULL) {
			policy_error(pp, file, line, "NUL byte");
			rc = -1;
			break;
		}
		if ((rc = policy_line(pp, file, line, buf)) == -1)
			break;
	}
	if (rc == 0 && ferror(f)) {
		policy_error(pp, file, line, "read error");
		rc = -1;
	}
	free(buf);
	policy_text_add(p, "\n@end\n", 6);
	pp->cur = saved;
	return (rc);
}

/* A file name without its ".policy", for include loop detection. */
static char *
policy_stem(const char *name)
{
	size_t	len = strlen(name);

	if (len > 7 && strcmp(name + len - 7, ".policy") == 0)
		len -= 7;
	return (strndup(name, len));
}

/*
 * Parse f. With text_only, only the text (every line of every file, the
 * cache key) is gathered: includes are followed, nothing is resolved.
 */
static struct sbx_policy *
policy_parse(FILE *f, const char *name, const char *dir, int text_only,
    char **cause)
{
	struct policy_parser	 pp;
	struct sbx_policy	*p;
	char			*stem;

	if (cause != NULL)
		*cause = NULL;
	p = xcalloc(1, sizeof *p);
	p->exec_file = -1;

	memset(&pp, 0, sizeof pp);
	pp.p = p;
	pp.dir = dir;
	pp.cause = cause;
	pp.text_only = text_only;
	if ((stem = policy_stem(name)) == NULL)
		fatal("strndup");
	pp.stack[pp.depth++] = stem;

	if (policy_parse_file(&pp, f, name) == -1) {
		free(stem);
		sbx_policy_free(p);
		return (NULL);
	}
	free(stem);
	log_debug("%s: %s: %d files, exec %s", __func__, name, p->nfiles,
	    p->exec_any ? "any" : "once");
	return (p);
}

struct sbx_policy *
sbx_policy_parse(FILE *f, const char *name, const char *dir, char **cause)
{
	return (policy_parse(f, name, dir, 0, cause));
}

static struct sbx_policy *
policy_load(const char *dir, const char *name, int text_only, char **cause)
{
	struct sbx_policy	*p;
	FILE			*f;
	char			*path, *file;
	int			 saved;

	if (cause != NULL)
		*cause = NULL;
	if (!policy_name_ok(name)) {
		xasprintf(cause, "bad policy name '%s'", name);
		errno = ENOENT;		/* no such policy can exist */
		return (NULL);
	}
	xasprintf(&path, "%s/%s.policy", dir, name);
	if ((f = fopen(path, "re")) == NULL) {
		saved = errno;
		xasprintf(cause, "%s: %s", path, strerror(saved));
		free(path);
		errno = saved;
		return (NULL);
	}
	free(path);
	xasprintf(&file, "%s.policy", name);
	p = policy_parse(f, file, dir, text_only, cause);
	free(file);
	fclose(f);
	if (p == NULL)
		errno = EINVAL;		/* it exists, but is wrong */
	return (p);
}

struct sbx_policy *
sbx_policy_load(const char *dir, const char *name, char **cause)
{
	return (policy_load(dir, name, 0, cause));
}

void
sbx_policy_free(struct sbx_policy *p)
{
	int	i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nfiles; i++)
		free(p->files[i]);
	for (i = 0; i < POLICY_NR_MAX; i++)
		free(p->rules[i].conds);
	free(p->text);
	free(p);
}

int
sbx_policy_exec_any(const struct sbx_policy *p)
{
	return (p->exec_any);
}

/* ------------------------------------------------------------------ */

static uint32_t
policy_violation(enum sbx_violate violate)
{
	if (violate == SBX_VIOLATE_NOTIFY)
		return (SCMP_ACT_NOTIFY);
	/*
	 * gVisor (2022) takes a KILL_PROCESS filter but kills only the
	 * calling thread: a JVM thread then vanishes and the program exits
	 * 0. A trap's SIGSYS ends the whole process (unless it catches
	 * SIGSYS; the call stays blocked either way).
	 */
	if (violate == SBX_VIOLATE_TRAP)
		return (SCMP_ACT_TRAP);
	/* gVisor reports API level 2 and rejects KILL_PROCESS. */
	if (seccomp_api_get() >= 3)
		return (SCMP_ACT_KILL_PROCESS);
	return (SCMP_ACT_KILL);
}

static int
policy_rule(scmp_filter_ctx ctx, uint32_t action, int nr, u_int n,
    const struct scmp_arg_cmp *cmp, char **cause)
{
	char	 buf[64];
	int	 rc;

	rc = seccomp_rule_add_exact_array(ctx, action, nr, n, cmp);
	if (rc != 0) {
		xasprintf(cause, "seccomp_rule_add %s: %s",
		    sbx_syscall_name(nr, buf, sizeof buf), strerror(-rc));
		return (-1);
	}
	return (0);
}

/*
 * The mask of a prefix of bits bits, and whether any denied ioctl
 * request falls under it (then the prefix must be split further).
 */
static int
policy_ioctl_hit(uint32_t prefix, u_int bits, uint32_t *mask)
{
	size_t	i;

	*mask = bits == 0 ? 0 : (uint32_t)(0xffffffffU << (32 - bits));
	for (i = 0; i < nitems(policy_ioctl_denied); i++) {
		if (((policy_ioctl_denied[i] ^ prefix) & *mask) == 0)
			return (1);
	}
	return (0);
}

/*
 * ioctl's command is an unsigned int in the kernel, but seccomp sees all
 * 64 bits of the register: a plain "!= TIOCSTI" is passed by TIOCSTI with
 * a high bit set. So the rule is "high word zero and low word not a
 * denied command", and since libseccomp 2.5 takes only one comparison per
 * argument in a rule, that set is written as a union of masked-equal
 * rules: the prefixes of the 32-bit space that hold no denied command.
 * About 32 rules per denied command, all of them with the high word zero.
 */
static int
policy_ioctl_cover(scmp_filter_ctx ctx, uint32_t prefix, u_int bits,
    char **cause)
{
	struct scmp_arg_cmp	cmp;
	uint32_t		mask;

	if (!policy_ioctl_hit(prefix, bits, &mask)) {
		cmp = policy_cmp(1, SCMP_CMP_MASKED_EQ,
		    0xffffffff00000000ULL | mask, prefix);
		return (policy_rule(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
		    &cmp, cause));
	}
	if (bits == 32)
		return (0);	/* this is a denied command */
	if (policy_ioctl_cover(ctx, prefix, bits + 1, cause) == -1)
		return (-1);
	return (policy_ioctl_cover(ctx, prefix | (1U << (31 - bits)),
	    bits + 1, cause));
}

/* The argument rules of the calls in policy_builtin. */
static int
policy_builtin_rule(scmp_filter_ctx ctx, int nr, char **cause)
{
	struct scmp_arg_cmp	cmp;

	if (nr == SCMP_SYS(ioctl))
		return (policy_ioctl_cover(ctx, 0, 0, cause));
	if (nr == SCMP_SYS(socket) || nr == SCMP_SYS(socketpair)) {
		cmp = policy_cmp(0, SCMP_CMP_EQ, AF_UNIX, 0);
		return (policy_rule(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp, cause));
	}
	if (nr == SCMP_SYS(clone)) {
		cmp = policy_cmp(0, SCMP_CMP_MASKED_EQ, POLICY_CLONE_NS, 0);
		return (policy_rule(ctx, SCMP_ACT_ALLOW, nr, 1, &cmp, cause));
	}
	xasprintf(cause, "no built-in rule for syscall %d", nr);
	return (-1);
}

/*
 * "exec once": the first exec is execveat(SBX_EXEC_FD, "", ...,
 * AT_EMPTY_PATH) and the program can never hold SBX_EXEC_FD, so that
 * comparison is the whole rule; execve itself stays a violation.
 */
static int
policy_exec_rules(scmp_filter_ctx ctx, const struct sbx_policy *p,
    char **cause)
{
	struct scmp_arg_cmp	cmp[2];

	if (p->exec_any) {
		if (policy_rule(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execve), 0,
		    NULL, cause) == -1)
			return (-1);
		return (policy_rule(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execveat),
		    0, NULL, cause));
	}
	cmp[0] = policy_cmp(0, SCMP_CMP_EQ, SBX_EXEC_FD, 0);
	cmp[1] = policy_cmp(4, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
	    AT_EMPTY_PATH);
	return (policy_rule(ctx, SCMP_ACT_ALLOW, SCMP_SYS(execveat), 2, cmp,
	    cause));
}

static int
policy_rules(scmp_filter_ctx ctx, const struct sbx_policy *p, char **cause)
{
	const struct policy_rule	*r;
	struct scmp_arg_cmp		 cmp;
	u_int				 i, n;
	int				 nr;

	for (nr = 0; nr < POLICY_NR_MAX; nr++) {
		r = &p->rules[nr];
		if (r->allow == POLICY_ALLOW) {
			if (policy_in(policy_builtin, nitems(policy_builtin),
			    nr)) {
				if (policy_builtin_rule(ctx, nr, cause) == -1)
					return (-1);
			} else if (policy_rule(ctx, SCMP_ACT_ALLOW, nr, 0, NULL,
			    cause) == -1)
				return (-1);
		}
		for (i = 0; i < r->nconds; i++) {
			if (policy_rule(ctx, SCMP_ACT_ALLOW, nr,
			    r->conds[i].ncmp, r->conds[i].cmp, cause) == -1)
				return (-1);
		}
		if (r->errnum != 0) {
			/* socket: AF_UNIX allowed, the rest get the errno. */
			cmp = policy_cmp(0, SCMP_CMP_NE, AF_UNIX, 0);
			n = r->allow != POLICY_NONE ? 1 : 0;
			if (policy_rule(ctx, SCMP_ACT_ERRNO(r->errnum), nr, n,
			    &cmp, cause) == -1)
				return (-1);
		}
		/* clone3 hides its flags in memory: send glibc to clone. */
		if (nr == SCMP_SYS(clone3) && r->errnum == 0 &&
		    policy_rule(ctx, SCMP_ACT_ERRNO(ENOSYS), nr, 0, NULL,
		    cause) == -1)
			return (-1);
	}
	return (policy_exec_rules(ctx, p, cause));
}

/* Export through a memfd: libseccomp 2.5 only writes BPF to a descriptor. */
static int
policy_export(scmp_filter_ctx ctx, void **prog, size_t *len, char **cause)
{
	struct stat	 st;
	char		*buf;
	size_t		 off;
	ssize_t		 n;
	int		 fd, rc;

	if ((fd = memfd_create("sbx-policy", MFD_CLOEXEC)) == -1) {
		xasprintf(cause, "memfd_create: %s", strerror(errno));
		return (-1);
	}
	if ((rc = seccomp_export_bpf(ctx, fd)) != 0) {
		xasprintf(cause, "seccomp_export_bpf: %s", strerror(-rc));
		close(fd);
		return (-1);
	}
	if (fstat(fd, &st) == -1) {
		xasprintf(cause, "fstat: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	if (st.st_size <= 0 || st.st_size > POLICY_BPF_MAX ||
	    st.st_size % 8 != 0) {
		xasprintf(cause, "seccomp_export_bpf: bad length %lld",
		    (long long)st.st_size);
		close(fd);
		return (-1);
	}
	buf = xmalloc((size_t)st.st_size);
	for (off = 0; off < (size_t)st.st_size; off += (size_t)n) {
		n = pread(fd, buf + off, (size_t)st.st_size - off, (off_t)off);
		if (n <= 0) {
			xasprintf(cause, "read BPF: %s",
			    n == 0 ? "short" : strerror(errno));
			free(buf);
			close(fd);
			return (-1);
		}
	}
	close(fd);
	*prog = buf;
	*len = (size_t)st.st_size;
	return (0);
}

int
sbx_policy_compile(const struct sbx_policy *p, enum sbx_violate violate,
    void **prog, size_t *len, char **cause)
{
	scmp_filter_ctx	ctx;
	uint32_t	act;
	int		rc;

	*prog = NULL;
	*len = 0;
	act = policy_violation(violate);
	if ((ctx = seccomp_init(act)) == NULL) {
		xasprintf(cause, "seccomp_init failed (action %#x)", act);
		return (-1);
	}
	/* An i386 or x32 call is a violation like any other. */
	if ((rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, act)) != 0) {
		xasprintf(cause, "seccomp_attr_set BADARCH: %s", strerror(-rc));
		goto fail;
	}
	/* Optional: a binary tree of syscalls is faster, but not required. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	if (rc == -EOPNOTSUPP || rc == -EINVAL)
		log_debug("%s: no binary tree: %s", __func__, strerror(-rc));
	else if (rc != 0) {
		xasprintf(cause, "seccomp_attr_set OPTIMIZE: %s",
		    strerror(-rc));
		goto fail;
	}
	if (policy_rules(ctx, p, cause) == -1)
		goto fail;
	if (policy_export(ctx, prog, len, cause) == -1)
		goto fail;
	seccomp_release(ctx);
	return (0);

fail:
	seccomp_release(ctx);
	return (-1);
}

/* ------------------------------------------------------------------ */

/*
 * The OCI runtime-spec form of a policy ("linux.seccomp"), for runc,
 * Docker, containerd and CRI-O. The mapping, and what can't be said in
 * it, is in contrib/seccomp/README.md.
 */

/* The runtime-spec's names of the architectures a policy may be for. */
static const struct {
	uint32_t	 token;
	const char	*name;
} policy_oci_arches[] = {
	{ SCMP_ARCH_X86_64, "SCMP_ARCH_X86_64" },
	{ SCMP_ARCH_AARCH64, "SCMP_ARCH_AARCH64" },
	{ SCMP_ARCH_PPC64LE, "SCMP_ARCH_PPC64LE" },
	{ SCMP_ARCH_S390X, "SCMP_ARCH_S390X" },
	{ SCMP_ARCH_RISCV64, "SCMP_ARCH_RISCV64" },
};

/* One syscall that some rule of the export names. */
struct policy_oci_call {
	int	 nr;
	char	 name[48];
};

struct policy_oci {
	FILE				*f;
	const struct sbx_policy		*p;
	struct policy_oci_call		*calls;		/* sorted by name */
	size_t				 ncalls;
	const char			**names;	/* one entry's */
	int				 entries;	/* written so far */
};

static const char *
policy_oci_op(enum scmp_compare op)
{
	switch (op) {
	case SCMP_CMP_EQ:
		return ("SCMP_CMP_EQ");
	case SCMP_CMP_NE:
		return ("SCMP_CMP_NE");
	case SCMP_CMP_MASKED_EQ:
		return ("SCMP_CMP_MASKED_EQ");
	default:
		/* The parser and the built-in rules make no others. */
		fatalx("%s: comparison %d", __func__, (int)op);
	}
}

/*
 * One element of "syscalls": names, then ALLOW (errnum 0) or ERRNO with
 * errnoRet, then the comparisons, all of which must hold. MASKED_EQ's
 * mask is "value" and its datum "valueTwo", as runc and libseccomp take
 * them; the other comparisons have valueTwo 0.
 */
static void
policy_oci_entry(struct policy_oci *o, const char *const *names, size_t n,
    int errnum, const struct scmp_arg_cmp *cmp, u_int ncmp)
{
	FILE	*f = o->f;
	size_t	 i;
	u_int	 j;

	if (n == 0)
		return;
	fprintf(f, "%s\t\t{\n\t\t\t\"names\": [\n",
	    o->entries++ ? ",\n" : "");
	for (i = 0; i < n; i++) {
		fprintf(f, "\t\t\t\t\"%s\"%s\n", names[i],
		    i + 1 < n ? "," : "");
	}
	fprintf(f, "\t\t\t],\n");
	if (errnum == 0)
		fprintf(f, "\t\t\t\"action\": \"SCMP_ACT_ALLOW\"");
	else {
		fprintf(f, "\t\t\t\"action\": \"SCMP_ACT_ERRNO\",\n"
		    "\t\t\t\"errnoRet\": %d", errnum);
	}
	if (ncmp > 0) {
		fprintf(f, ",\n\t\t\t\"args\": [\n");
		for (j = 0; j < ncmp; j++) {
			fprintf(f, "\t\t\t\t{ \"index\": %u, \"value\": %llu, "
			    "\"valueTwo\": %llu, \"op\": \"%s\" }%s\n",
			    cmp[j].arg, (unsigned long long)cmp[j].datum_a,
			    (unsigned long long)cmp[j].datum_b,
			    policy_oci_op(cmp[j].op), j + 1 < ncmp ? "," : "");
		}
		fprintf(f, "\t\t\t]");
	}
	fprintf(f, "\n\t\t}");
}

static void
policy_oci_one(struct policy_oci *o, const char *name, int errnum,
    const struct scmp_arg_cmp *cmp, u_int ncmp)
{
	policy_oci_entry(o, &name, 1, errnum, cmp, ncmp);
}

/*
 * What the OCI runtime itself calls between loading the filter and the
 * container's first instruction, whatever the policy says: runc (with
 * no_new_privs) loads it, runs Go code that uses the netpoller (epoll_ctl
 * killed runc 1.1.5 under the python policy; its scheduler may poll,
 * epoll_pwait) and then execve()s the container's process. A filter
 * can't count execs, so "exec once" becomes "execve any" here.
 */
static const int policy_oci_runtime[] = {
	SCMP_SYS(execve), SCMP_SYS(epoll_ctl), SCMP_SYS(epoll_pwait),
};

/* Allowed whatever the arguments. */
static int
policy_oci_plain(const struct sbx_policy *p, int nr)
{
	const struct policy_rule	*r = &p->rules[nr];

	if (nr == SCMP_SYS(execveat))
		return (p->exec_any);
	if (policy_in(policy_oci_runtime, nitems(policy_oci_runtime), nr))
		return (r->errnum == 0);
	return (r->allow == POLICY_ALLOW &&
	    !policy_in(policy_builtin, nitems(policy_builtin), nr));
}

/* The errno a call gets (for socket: the families it refuses), or 0. */
static int
policy_oci_errno(const struct sbx_policy *p, int nr)
{
	if (p->rules[nr].errnum != 0)
		return (p->rules[nr].errnum);
	if (nr == SCMP_SYS(clone3))
		return (ENOSYS);
	return (0);
}

static int
policy_oci_cmp(const void *a, const void *b)
{
	const struct policy_oci_call	*ca = a, *cb = b;

	return (strcmp(ca->name, cb->name));
}

/* Every call some rule names, sorted by name; -1 if one has no name. */
static int
policy_oci_calls(struct policy_oci *o, char **cause)
{
	const struct sbx_policy	*p = o->p;
	struct policy_oci_call	*c;
	char			*s;
	int			 nr;

	o->calls = xreallocarray(NULL, POLICY_NR_MAX, sizeof *o->calls);
	o->names = xreallocarray(NULL, POLICY_NR_MAX, sizeof *o->names);
	o->ncalls = 0;
	for (nr = 0; nr < POLICY_NR_MAX; nr++) {
		if (p->rules[nr].allow == POLICY_NONE &&
		    p->rules[nr].errnum == 0 && !policy_oci_plain(p, nr) &&
		    nr != SCMP_SYS(execveat) && nr != SCMP_SYS(clone3))
			continue;
		s = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
		if (s == NULL) {
			xasprintf(cause, "syscall %d has no name", nr);
			return (-1);
		}
		c = &o->calls[o->ncalls++];
		c->nr = nr;
		if (strlcpy(c->name, s, sizeof c->name) >= sizeof c->name)
			fatalx("%s: syscall name %s too long", __func__, s);
		free(s);
	}
	qsort(o->calls, o->ncalls, sizeof *o->calls, policy_oci_cmp);
	return (0);
}

/* The recursion of policy_ioctl_cover(), written out as entries. */
static void
policy_oci_ioctl(struct policy_oci *o, uint32_t prefix, u_int bits)
{
	struct scmp_arg_cmp	cmp;
	uint32_t		mask;

	if (!policy_ioctl_hit(prefix, bits, &mask)) {
		cmp = policy_cmp(1, SCMP_CMP_MASKED_EQ,
		    0xffffffff00000000ULL | mask, prefix);
		policy_oci_one(o, "ioctl", 0, &cmp, 1);
		return;
	}
	if (bits == 32)
		return;
	policy_oci_ioctl(o, prefix, bits + 1);
	policy_oci_ioctl(o, prefix | (1U << (31 - bits)), bits + 1);
}

/* The argument rules: the file's "if"s, the built-in ones, exec once. */
static void
policy_oci_args(struct policy_oci *o, const struct policy_oci_call *c)
{
	const struct policy_rule	*r = &o->p->rules[c->nr];
	struct scmp_arg_cmp		 cmp[2];
	u_int				 i;
	int				 nr = c->nr;

	for (i = 0; i < r->nconds; i++) {
		policy_oci_one(o, c->name, 0, r->conds[i].cmp,
		    r->conds[i].ncmp);
	}
	if (nr == SCMP_SYS(execveat) && !o->p->exec_any) {
		cmp[0] = policy_cmp(0, SCMP_CMP_EQ, SBX_EXEC_FD, 0);
		cmp[1] = policy_cmp(4, SCMP_CMP_MASKED_EQ, AT_EMPTY_PATH,
		    AT_EMPTY_PATH);
		policy_oci_one(o, c->name, 0, cmp, 2);
	}
	if (r->allow != POLICY_ALLOW ||
	    !policy_in(policy_builtin, nitems(policy_builtin), nr))
		return;
	if (nr == SCMP_SYS(ioctl))
		policy_oci_ioctl(o, 0, 0);
	else if (nr == SCMP_SYS(clone)) {
		cmp[0] = policy_cmp(0, SCMP_CMP_MASKED_EQ, POLICY_CLONE_NS, 0);
		policy_oci_one(o, c->name, 0, cmp, 1);
	} else {
		/* socket, socketpair */
		cmp[0] = policy_cmp(0, SCMP_CMP_EQ, AF_UNIX, 0);
		policy_oci_one(o, c->name, 0, cmp, 1);
	}
}

/*
 * The errno rules, one entry per errno in the order of policy_errnos.
 * A socket that is also allowed gets its errno for the other families
 * only, in an entry of its own.
 */
static void
policy_oci_errnos(struct policy_oci *o)
{
	const struct sbx_policy	*p = o->p;
	const struct policy_oci_call *c;
	struct scmp_arg_cmp	 cmp;
	size_t			 i, j, n;
	int			 e;

	for (i = 0; i < nitems(policy_errnos); i++) {
		e = policy_errnos[i].value;
		for (n = 0, j = 0; j < o->ncalls; j++) {
			c = &o->calls[j];
			if (policy_oci_errno(p, c->nr) == e &&
			    p->rules[c->nr].allow == POLICY_NONE)
				o->names[n++] = c->name;
		}
		policy_oci_entry(o, o->names, n, e, NULL, 0);
	}
	cmp = policy_cmp(0, SCMP_CMP_NE, AF_UNIX, 0);
	for (j = 0; j < o->ncalls; j++) {
		c = &o->calls[j];
		e = policy_oci_errno(p, c->nr);
		if (e != 0 && p->rules[c->nr].allow != POLICY_NONE)
			policy_oci_one(o, c->name, e, &cmp, 1);
	}
}

int
sbx_policy_write_oci(FILE *f, const struct sbx_policy *p, char **cause)
{
	struct policy_oci	 o;
	const char		*arch = NULL;
	uint32_t		 token;
	size_t			 i, n;
	int			 rc = -1;

	token = seccomp_arch_native();
	for (i = 0; i < nitems(policy_oci_arches); i++) {
		if (policy_oci_arches[i].token == token)
			arch = policy_oci_arches[i].name;
	}
	if (arch == NULL) {
		xasprintf(cause, "architecture %#x has no OCI name", token);
		return (-1);
	}

	memset(&o, 0, sizeof o);
	o.f = f;
	o.p = p;
	if (policy_oci_calls(&o, cause) == -1)
		goto out;

	/*
	 * A call no rule allows ends the run, as with SBX_VIOLATE_KILL. The
	 * other ABIs (i386, x32) are not listed: they get the runtime's
	 * bad-architecture action.
	 */
	fprintf(f, "{\n\t\"defaultAction\": \"SCMP_ACT_KILL_PROCESS\",\n"
	    "\t\"architectures\": [\n\t\t\"%s\"\n\t],\n"
	    "\t\"syscalls\": [\n", arch);
	for (n = 0, i = 0; i < o.ncalls; i++) {
		if (policy_oci_plain(p, o.calls[i].nr))
			o.names[n++] = o.calls[i].name;
	}
	policy_oci_entry(&o, o.names, n, 0, NULL, 0);
	for (i = 0; i < o.ncalls; i++)
		policy_oci_args(&o, &o.calls[i]);
	policy_oci_errnos(&o);
	fprintf(f, "\n\t]\n}\n");

	if (fflush(f) == EOF || ferror(f)) {
		xasprintf(cause, "writing the OCI profile: %s",
		    strerror(errno));
		goto out;
	}
	rc = 0;

out:
	free(o.calls);
	free(o.names);
	return (rc);
}

/* ------------------------------------------------------------------ */

static uint64_t
policy_fnv(uint64_t h, const void *buf, size_t len)
{
	const u_char	*p = buf;
	size_t		 i;

	for (i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return (h);
}

#define POLICY_FNV_INIT	0xcbf29ce484222325ULL

/* Everything the compiled program depends on. */
static uint64_t
policy_key(const struct sbx_policy *p, enum sbx_violate violate)
{
	const struct scmp_version	*v;
	char				*s;
	uint64_t			 h;

	v = seccomp_version();
	xasprintf(&s, "%s violate=%d api=%u libseccomp=%u.%u.%u arch=%u "
	    "execfd=%d\n", POLICY_VERSION, (int)violate, seccomp_api_get(),
	    v->major, v->minor, v->micro, seccomp_arch_native(), SBX_EXEC_FD);
	h = policy_fnv(POLICY_FNV_INIT, s, strlen(s));
	h = policy_fnv(h, p->text, p->textlen);
	free(s);
	return (h);
}

static void
policy_put64(u_char *b, uint64_t v)
{
	memcpy(b, &v, sizeof v);
}

static uint64_t
policy_get64(const u_char *b)
{
	uint64_t	v;

	memcpy(&v, b, sizeof v);
	return (v);
}

/*
 * A cache file is a 32-byte header (magic, key, program length, FNV of
 * the program) and the program. Anything that does not check out is
 * treated as absent and gets rewritten.
 */
static int
policy_cache_read(const char *path, uint64_t key, void **prog, size_t *len)
{
	struct stat	 st;
	u_char		 hdr[POLICY_CACHE_HDR];
	char		*buf;
	size_t		 n;
	int		 fd;

	if ((fd = open(path, O_RDONLY|O_CLOEXEC|O_NOFOLLOW)) == -1)
		return (-1);
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size <= POLICY_CACHE_HDR ||
	    st.st_size > POLICY_CACHE_HDR + POLICY_BPF_MAX) {
		close(fd);
		return (-1);
	}
	n = (size_t)st.st_size - POLICY_CACHE_HDR;
	buf = xmalloc(n);
	if (read(fd, hdr, sizeof hdr) != (ssize_t)sizeof hdr ||
	    read(fd, buf, n) != (ssize_t)n)
		goto bad;
	if (memcmp(hdr, POLICY_CACHE_MAGIC, 8) != 0 ||
	    policy_get64(hdr + 8) != key ||
	    policy_get64(hdr + 16) != n || n % 8 != 0 ||
	    policy_get64(hdr + 24) != policy_fnv(POLICY_FNV_INIT, buf, n))
		goto bad;
	close(fd);
	*prog = buf;
	*len = n;
	return (0);

bad:
	free(buf);
	close(fd);
	return (-1);
}

static int
policy_cache_write(const char *dir, const char *path, uint64_t key,
    const void *prog, size_t len, char **cause)
{
	u_char	 hdr[POLICY_CACHE_HDR];
	char	*tmp;
	int	 fd;

	memcpy(hdr, POLICY_CACHE_MAGIC, 8);
	policy_put64(hdr + 8, key);
	policy_put64(hdr + 16, len);
	policy_put64(hdr + 24, policy_fnv(POLICY_FNV_INIT, prog, len));

	xasprintf(&tmp, "%s/.tmp-XXXXXX", dir);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (-1);
	}
	if (sbx_write_all(fd, hdr, sizeof hdr) == -1 ||
	    sbx_write_all(fd, prog, len) == -1 || close(fd) == -1) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	/* Atomic: a reader sees the old file, the new one or none. */
	if (rename(tmp, path) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return (-1);
	}
	free(tmp);
	return (0);
}

/*
 * The cache holds filters that untrusted code will run under, so it must
 * be ours alone: created 0700, and not read when anyone else can write.
 */
static int
policy_cache_dir(const char *dir, char **cause)
{
	struct stat	st;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (lstat(dir, &st) == -1) {
		xasprintf(cause, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(st.st_mode)) {
		xasprintf(cause, "%s: not a directory", dir);
		return (-1);
	}
	if (st.st_uid != geteuid() || (st.st_mode & 022) != 0) {
		xasprintf(cause, "%s: writable by another user", dir);
		return (-1);
	}
	return (0);
}

int
sbx_policy_compile_cached(const char *dir, const char *name,
    enum sbx_violate violate, const char *cache_dir, void **prog,
    size_t *len, char **cause)
{
	struct sbx_policy	*p;
	char			*path, *why = NULL;
	uint64_t		 key;
	int			 rc;

	*prog = NULL;
	*len = 0;
	if (cache_dir == NULL || policy_cache_dir(cache_dir, &why) == -1) {
		/* An unusable cache costs time, never correctness: compile. */
		if (why != NULL) {
			log_warn("%s: cache not used: %s", __func__, why);
			free(why);
		}
		if ((p = sbx_policy_load(dir, name, cause)) == NULL)
			return (-1);
		rc = sbx_policy_compile(p, violate, prog, len, cause);
		sbx_policy_free(p);
		if (rc == -1)
			errno = EINVAL;
		return (rc);
	}

	/*
	 * The key is the text of every file the policy reads. A cache file
	 * exists only for a text that once parsed and compiled, so a hit
	 * needs the text alone: no syscall name is resolved (libseccomp's
	 * tables are the cold start's biggest cost).
	 */
	if ((p = policy_load(dir, name, 1, cause)) == NULL)
		return (-1);
	key = policy_key(p, violate);
	sbx_policy_free(p);
	xasprintf(&path, "%s/%s-%016llx.bpf", cache_dir, name,
	    (unsigned long long)key);
	if (policy_cache_read(path, key, prog, len) == 0) {
		log_debug("%s: %s: cached, %zu bytes", __func__, path, *len);
		free(path);
		return (0);
	}
	free(path);
	if ((p = sbx_policy_load(dir, name, cause)) == NULL)
		return (-1);
	if (sbx_policy_compile(p, violate, prog, len, cause) == -1) {
		sbx_policy_free(p);
		errno = EINVAL;
		return (-1);
	}
	/* Filed under the text just compiled, should a file have changed. */
	key = policy_key(p, violate);
	sbx_policy_free(p);
	xasprintf(&path, "%s/%s-%016llx.bpf", cache_dir, name,
	    (unsigned long long)key);
	if (policy_cache_write(cache_dir, path, key, *prog, *len, &why) == -1) {
		log_warn("%s: %s", __func__, why);
		free(why);
	} else
		log_debug("%s: %s: written, %zu bytes", __func__, path, *len);
	free(path);
	return (0);
}

const char *
sbx_syscall_name(int nr, char *buf, size_t len)
{
	char	*s;

	s = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, nr);
	if (s != NULL) {
		snprintf(buf, len, "%s", s);
		free(s);
	} else
		snprintf(buf, len, "syscall %d", nr);
	return (buf);
}
