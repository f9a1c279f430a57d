/* SPDX-License-Identifier: ISC */
/*
 * Option values (sizes, seconds, counts), the default limits and their
 * bounds, the name tables and the result helpers shared by every caller.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"

#define KIB	1024ULL
#define MIB	(1024ULL * KIB)
#define GIB	(1024ULL * MIB)
#define TIB	(1024ULL * GIB)

/* Sizes keep at most this many decimals: exact in 64-bit arithmetic. */
#define SIZE_DECIMALS	6
#define SIZE_DENOM	1000000ULL

/* Defaults, from the security specification in DESIGN.md. */
#define DEF_CPU_MS	(10ULL * 1000)
#define DEF_WALL_MS	(30ULL * 1000)
#define DEF_MEMORY	(256ULL * MIB)
#define DEF_STACK	(8ULL * MIB)
#define DEF_FSIZE	(50ULL * MIB)	/* the workspace tmpfs size */
#define DEF_OUTPUT	(64ULL * MIB)	/* kept; the judge shows 64 KiB */
/*
 * Tasks: the pids cgroup and RLIMIT_NPROC count threads as well as
 * processes, so the default is the specification's thread count (20),
 * which also bounds its processes (10) from above.
 */
#define DEF_PROCESSES	20
#define DEF_OPEN_FILES	50

static const char *const status_names[] = {
	[SBX_OK] = "ok",
	[SBX_RUNTIME_ERROR] = "runtime-error",
	[SBX_SIGNALED] = "signaled",
	[SBX_TIME_LIMIT] = "time-limit",
	[SBX_WALL_TIME_LIMIT] = "wall-time-limit",
	[SBX_MEMORY_LIMIT] = "memory-limit",
	[SBX_OUTPUT_LIMIT] = "output-limit",
	[SBX_SECURITY_VIOLATION] = "security-violation",
	[SBX_INTERNAL_ERROR] = "internal-error",
};
_Static_assert(sizeof status_names / sizeof status_names[0] == SBX_STATUS_MAX,
    "status_names does not match enum sbx_status");

static const char *const stage_names[] = {
	[SBX_STAGE_NONE] = "none",
	[SBX_STAGE_SLOT] = "slot",
	[SBX_STAGE_CGROUP] = "cgroup",
	[SBX_STAGE_POLICY] = "policy",
	[SBX_STAGE_CLONE] = "clone",
	[SBX_STAGE_USERNS] = "userns",
	[SBX_STAGE_MOUNTS] = "mounts",
	[SBX_STAGE_PIVOT] = "pivot",
	[SBX_STAGE_NETWORK] = "network",
	[SBX_STAGE_PROTOCOL] = "protocol",
	[SBX_STAGE_FORK] = "fork",
	[SBX_STAGE_CGROUP_JOIN] = "cgroup-join",
	[SBX_STAGE_STDIO] = "stdio",
	[SBX_STAGE_EXECFD] = "exec-fd",
	[SBX_STAGE_RLIMITS] = "rlimits",
	[SBX_STAGE_CHDIR] = "chdir",
	[SBX_STAGE_CREDS] = "creds",
	[SBX_STAGE_CAPS] = "caps",
	[SBX_STAGE_NNP] = "no-new-privs",
	[SBX_STAGE_FDS] = "fds",
	[SBX_STAGE_SESSION] = "session",
	[SBX_STAGE_SECCOMP] = "seccomp",
	[SBX_STAGE_EXEC] = "exec",
	[SBX_STAGE_WAIT] = "wait",
	[SBX_STAGE_RUNSC] = "runsc",
	[SBX_STAGE_WORKDIR] = "workdir",
};
_Static_assert(sizeof stage_names / sizeof stage_names[0] == SBX_STAGE_MAX,
    "stage_names does not match enum sbx_stage");

static const char *const runtime_names[] = {
	[SBX_RUNTIME_AUTO] = "auto",
	[SBX_RUNTIME_NATIVE] = "native",
	[SBX_RUNTIME_RUNSC] = "runsc",
};

/* A decimal number: digits, optionally '.' and digits; one digit at least. */
struct number {
	const char	*ip;	/* integer digits */
	size_t		 ilen;
	const char	*fp;	/* fraction digits */
	size_t		 flen;
	const char	*end;	/* first byte after the number */
};

static int
scan_number(const char *s, struct number *n)
{
	const char	*p = s;

	n->ip = p;
	while (*p >= '0' && *p <= '9')
		p++;
	n->ilen = (size_t)(p - n->ip);
	n->fp = p;
	n->flen = 0;
	if (*p == '.') {
		n->fp = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		n->flen = (size_t)(p - n->fp);
	}
	n->end = p;
	return (n->ilen + n->flen == 0 ? -1 : 0);
}

/* Accumulate len digits into *v. -1 on overflow. */
static int
add_digits(uint64_t *v, const char *p, size_t len)
{
	uint64_t	d;
	size_t		i;

	for (i = 0; i < len; i++) {
		d = (uint64_t)(p[i] - '0');
		if (*v > UINT64_MAX / 10 ||
		    (*v == UINT64_MAX / 10 && d > UINT64_MAX % 10))
			return (-1);
		*v = *v * 10 + d;
	}
	return (0);
}

/* A size for messages: "256M" when exact, else bytes. */
static void
size_text(uint64_t v, char *buf, size_t len)
{
	static const char	 units[] = "TGMK";
	static const uint64_t	 mults[] = { TIB, GIB, MIB, KIB };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (v != 0 && v % mults[i] == 0) {
			snprintf(buf, len, "%" PRIu64 "%c", v / mults[i],
			    units[i]);
			return;
		}
	}
	snprintf(buf, len, "%" PRIu64, v);
}

/* "", "B", or K/M/G/T with an optional "B" or "iB", any case. */
static int
size_unit(const char *u, uint64_t *mult)
{
	switch (*u) {
	case '\0':
		*mult = 1;
		return (0);
	case 'B': case 'b':
		*mult = 1;
		return (u[1] == '\0' ? 0 : -1);
	case 'K': case 'k':
		*mult = KIB;
		break;
	case 'M': case 'm':
		*mult = MIB;
		break;
	case 'G': case 'g':
		*mult = GIB;
		break;
	case 'T': case 't':
		*mult = TIB;
		break;
	default:
		return (-1);
	}
	u++;
	if (*u == 'i' || *u == 'I')
		u++;
	else if (*u == '\0')
		return (0);
	if (*u != 'B' && *u != 'b')
		return (-1);
	return (u[1] == '\0' ? 0 : -1);
}

int
sbx_parse_size(const char *s, uint64_t max, uint64_t *out, char **cause)
{
	struct number	n;
	uint64_t	mult, v = 0, frac = 0, part;
	size_t		i;
	char		maxbuf[32];

	if (*s == '\0') {
		xasprintf(cause, "empty size");
		return (-1);
	}
	if (*s == '-') {
		xasprintf(cause, "'%s': must not be negative", s);
		return (-1);
	}
	if (scan_number(s, &n) != 0) {
		xasprintf(cause, "'%s': not a size", s);
		return (-1);
	}
	if (size_unit(n.end, &mult) != 0) {
		xasprintf(cause, "'%s': not a size (units are K, M, G, T)", s);
		return (-1);
	}
	if (n.flen != 0 && mult == 1) {
		xasprintf(cause, "'%s': a fraction of a byte", s);
		return (-1);
	}
	if (n.flen > SIZE_DECIMALS) {
		xasprintf(cause, "'%s': more than %d decimals", s,
		    SIZE_DECIMALS);
		return (-1);
	}
	size_text(max, maxbuf, sizeof maxbuf);
	if (add_digits(&v, n.ip, n.ilen) != 0 || v > UINT64_MAX / mult)
		goto toolarge;
	v *= mult;

	/* The fraction, scaled to millionths and rounded up to a byte. */
	(void)add_digits(&frac, n.fp, n.flen);
	for (i = n.flen; i < SIZE_DECIMALS; i++)
		frac *= 10;
	part = (frac * mult + SIZE_DENOM - 1) / SIZE_DENOM;
	if (v > UINT64_MAX - part)
		goto toolarge;
	v += part;
	if (v > max)
		goto toolarge;
	*out = v;
	return (0);

toolarge:
	xasprintf(cause, "'%s': too large (at most %s)", s, maxbuf);
	return (-1);
}

int
sbx_parse_seconds(const char *s, uint64_t max_ms, uint64_t *out,
    char **cause)
{
	struct number	n;
	uint64_t	sec = 0, ms = 0;
	size_t		i;

	if (*s == '\0') {
		xasprintf(cause, "empty time");
		return (-1);
	}
	if (*s == '-') {
		xasprintf(cause, "'%s': must not be negative", s);
		return (-1);
	}
	if (scan_number(s, &n) != 0 || *n.end != '\0') {
		xasprintf(cause, "'%s': not a number of seconds", s);
		return (-1);
	}
	if (add_digits(&sec, n.ip, n.ilen) != 0 ||
	    sec > (UINT64_MAX - 1000) / 1000)
		goto toolarge;

	/* Milliseconds from the first three decimals; any more round up. */
	for (i = 0; i < 3; i++)
		ms = ms * 10 + (i < n.flen ? (uint64_t)(n.fp[i] - '0') : 0);
	for (i = 3; i < n.flen; i++) {
		if (n.fp[i] != '0') {
			ms++;
			break;
		}
	}
	ms += sec * 1000;
	if (ms > max_ms)
		goto toolarge;
	*out = ms;
	return (0);

toolarge:
	xasprintf(cause, "'%s': too large (at most %" PRIu64 ".%03" PRIu64
	    " s)", s, max_ms / 1000, max_ms % 1000);
	return (-1);
}

int
sbx_parse_count(const char *s, uint32_t max, uint32_t *out, char **cause)
{
	uint64_t	v = 0;
	size_t		len;

	if (*s == '\0') {
		xasprintf(cause, "empty number");
		return (-1);
	}
	if (*s == '-') {
		xasprintf(cause, "'%s': must not be negative", s);
		return (-1);
	}
	len = strspn(s, "0123456789");
	if (len == 0 || s[len] != '\0') {
		xasprintf(cause, "'%s': not a number", s);
		return (-1);
	}
	if (add_digits(&v, s, len) != 0 || v > max) {
		xasprintf(cause, "'%s': too large (at most %u)", s, max);
		return (-1);
	}
	if (v == 0) {
		xasprintf(cause, "must be more than 0");
		return (-1);
	}
	*out = (uint32_t)v;
	return (0);
}

const char *
sbx_status_name(enum sbx_status st)
{
	if ((unsigned)st >= SBX_STATUS_MAX)
		return ("unknown");
	return (status_names[st]);
}

const char *
sbx_stage_name(enum sbx_stage stage)
{
	if ((unsigned)stage >= SBX_STAGE_MAX)
		return ("unknown");
	return (stage_names[stage]);
}

const char *
sbx_runtime_name(enum sbx_runtime rt)
{
	if ((unsigned)rt >= sizeof runtime_names / sizeof runtime_names[0])
		return ("unknown");
	return (runtime_names[rt]);
}

void
sbx_limits_default(struct sbx_limits *l)
{
	memset(l, 0, sizeof *l);
	l->cpu_ms = DEF_CPU_MS;
	l->wall_ms = DEF_WALL_MS;
	l->memory_bytes = DEF_MEMORY;
	l->stack_bytes = DEF_STACK;
	l->fsize_bytes = DEF_FSIZE;
	l->output_bytes = DEF_OUTPUT;
	l->processes = DEF_PROCESSES;
	l->open_files = DEF_OPEN_FILES;
}

void
sbx_limits_fill(struct sbx_limits *l)
{
	struct sbx_limits	d;

	sbx_limits_default(&d);
	if (l->cpu_ms == 0)
		l->cpu_ms = d.cpu_ms;
	if (l->wall_ms == 0)
		l->wall_ms = d.wall_ms;
	if (l->memory_bytes == 0)
		l->memory_bytes = d.memory_bytes;
	if (l->stack_bytes == 0)
		l->stack_bytes = d.stack_bytes;
	if (l->fsize_bytes == 0)
		l->fsize_bytes = d.fsize_bytes;
	if (l->output_bytes == 0)
		l->output_bytes = d.output_bytes;
	if (l->processes == 0)
		l->processes = d.processes;
	if (l->open_files == 0)
		l->open_files = d.open_files;
}

/* Zero fields mean "the default" and always pass. */
int
sbx_limits_check(const struct sbx_limits *l, char **cause)
{
	char	a[32], b[32];

	if (l->cpu_ms > SBX_MAX_CPU_MS) {
		xasprintf(cause, "time limit %" PRIu64 " ms over %llu ms",
		    l->cpu_ms, SBX_MAX_CPU_MS);
		return (-1);
	}
	if (l->wall_ms > SBX_MAX_WALL_MS) {
		xasprintf(cause, "wall time limit %" PRIu64 " ms over %llu ms",
		    l->wall_ms, SBX_MAX_WALL_MS);
		return (-1);
	}
	if (l->memory_bytes != 0 && (l->memory_bytes < SBX_MIN_MEMORY ||
	    l->memory_bytes > SBX_MAX_MEMORY)) {
		size_text(l->memory_bytes, a, sizeof a);
		if (l->memory_bytes < SBX_MIN_MEMORY) {
			size_text(SBX_MIN_MEMORY, b, sizeof b);
			xasprintf(cause, "memory limit %s under %s", a, b);
		} else {
			size_text(SBX_MAX_MEMORY, b, sizeof b);
			xasprintf(cause, "memory limit %s over %s", a, b);
		}
		return (-1);
	}
	if (l->stack_bytes > SBX_MAX_MEMORY) {
		size_text(l->stack_bytes, a, sizeof a);
		size_text(SBX_MAX_MEMORY, b, sizeof b);
		xasprintf(cause, "stack limit %s over %s", a, b);
		return (-1);
	}
	if (l->fsize_bytes > SBX_MAX_FSIZE) {
		size_text(l->fsize_bytes, a, sizeof a);
		size_text(SBX_MAX_FSIZE, b, sizeof b);
		xasprintf(cause, "file size limit %s over %s", a, b);
		return (-1);
	}
	if (l->output_bytes > SBX_MAX_OUTPUT) {
		size_text(l->output_bytes, a, sizeof a);
		size_text(SBX_MAX_OUTPUT, b, sizeof b);
		xasprintf(cause, "output limit %s over %s", a, b);
		return (-1);
	}
	if (l->processes > SBX_MAX_PROCESSES) {
		xasprintf(cause, "process limit %u over %u", l->processes,
		    SBX_MAX_PROCESSES);
		return (-1);
	}
	if (l->open_files > SBX_MAX_OPEN_FILES) {
		xasprintf(cause, "open files limit %u over %u", l->open_files,
		    SBX_MAX_OPEN_FILES);
		return (-1);
	}
	return (0);
}

void
sbx_result_init(struct sbx_result *res)
{
	memset(res, 0, sizeof *res);
	res->status = SBX_OK;
	res->exit_code = -1;
	res->signal = 0;
	res->stage = SBX_STAGE_NONE;
	res->message[0] = '\0';
}

/*
 * Cut a truncated message back to the last whole UTF-8 character, so a
 * report never shows a replacement character made by the truncation.
 */
static void
trim_partial_utf8(char *s)
{
	size_t		len = strlen(s), i, need;
	unsigned char	c;

	i = len;
	while (i > 0 && len - i < 4 &&
	    ((unsigned char)s[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return;
	c = (unsigned char)s[i - 1];
	if (c < 0xc0)
		return;
	if (c >= 0xf0)
		need = 4;
	else if (c >= 0xe0)
		need = 3;
	else
		need = 2;
	if (i - 1 + need > len)
		s[i - 1] = '\0';
}

void
sbx_result_fail(struct sbx_result *res, enum sbx_stage stage, int err,
    const char *fmt, ...)
{
	va_list	ap;
	int	n;

	res->status = SBX_INTERNAL_ERROR;
	res->stage = stage;
	res->error = err;
	va_start(ap, fmt);
	n = vsnprintf(res->message, sizeof res->message, fmt, ap);
	va_end(ap);
	if (n < 0)
		res->message[0] = '\0';
	else if ((size_t)n >= sizeof res->message)
		trim_partial_utf8(res->message);
}
