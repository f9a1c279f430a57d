/* SPDX-License-Identifier: ISC */
/*
 * gavel-box: run one program in the sandbox from the command line and
 * write the JSON report of the run. The end-to-end tests drive this.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"
#include "box.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION	"unknown"
#endif


#define POLICY_NAME_MAX	64

/* box-check.c */

struct box_cmd {
	const char	*name;
	int		(*exec)(int, char **);
};

/* What `run` collects before it touches anything. */
struct box_run {
	struct sbx_limits	 limits;
	const char		*path[3];	/* --stdin, --stdout, --stderr */
	const char		*report;
	char			**env;
	size_t			 nenv;
	int			 fd[3];
	FILE			*rf;
};

enum {
	OPT_TIME = 256, OPT_WALL, OPT_MEM, OPT_STACK, OPT_PROCESSES,
	OPT_FSIZE, OPT_OUTPUT, OPT_OPEN_FILES, OPT_WORKDIR, OPT_DIR,
	OPT_STDIN, OPT_STDOUT, OPT_STDERR, OPT_ENV, OPT_POLICY, OPT_RUNTIME,
	OPT_REPORT, OPT_NO_CGROUP, OPT_DEBUG
};

static const struct option run_options[] = {
	{ "time",	  required_argument, NULL, OPT_TIME },
	{ "wall-time",	  required_argument, NULL, OPT_WALL },
	{ "mem",	  required_argument, NULL, OPT_MEM },
	{ "stack",	  required_argument, NULL, OPT_STACK },
	{ "processes",	  required_argument, NULL, OPT_PROCESSES },
	{ "fsize",	  required_argument, NULL, OPT_FSIZE },
	{ "output-limit", required_argument, NULL, OPT_OUTPUT },
	{ "open-files",	  required_argument, NULL, OPT_OPEN_FILES },
	{ "workdir",	  required_argument, NULL, OPT_WORKDIR },
	{ "dir",	  required_argument, NULL, OPT_DIR },
	{ "stdin",	  required_argument, NULL, OPT_STDIN },
	{ "stdout",	  required_argument, NULL, OPT_STDOUT },
	{ "stderr",	  required_argument, NULL, OPT_STDERR },
	{ "env",	  required_argument, NULL, OPT_ENV },
	{ "policy",	  required_argument, NULL, OPT_POLICY },
	{ "runtime",	  required_argument, NULL, OPT_RUNTIME },
	{ "report",	  required_argument, NULL, OPT_REPORT },
	{ "no-cgroup",	  no_argument,	     NULL, OPT_NO_CGROUP },
	{ "debug",	  no_argument,	     NULL, OPT_DEBUG },
	{ "verbose",	  no_argument,	     NULL, 'v' },
	{ "help",	  no_argument,	     NULL, 'h' },
	{ NULL,		  0,		     NULL, 0 }
};

static const char usage_text[] =
"usage: gavel-box run [OPTIONS] -- PROGRAM [ARG...]\n"
"       gavel-box session [SESSION OPTIONS] FILE\n"
"       gavel-box check [--json]\n"
"       gavel-box help | --version\n"
"\n"
"session: one sandbox for every line of FILE (- for stdin), each line\n"
"  [RUN OPTIONS] [--] PROGRAM [ARG...] (words split at blanks, quotes\n"
"  and backslashes as in sh, # starts a comment); one JSON report per\n"
"  line on stdout or --report. SESSION OPTIONS: --runtime, --workdir,\n"
"  --dir, --no-cgroup, --report, --debug, -v. The rest are RUN OPTIONS.\n"
"\n"
"run options (limits of 0 are refused; defaults in brackets):\n"
"  --time SEC           CPU time of all tasks, decimals allowed [10]\n"
"  --wall-time SEC      wall-clock time [30]\n"
"  --mem SIZE           memory, no swap [256M]\n"
"  --stack SIZE         stack [8M]\n"
"  --processes N        tasks: processes and threads [10]\n"
"  --fsize SIZE         largest file written [50M]\n"
"  --open-files N       open descriptors [50]\n"
"  --output-limit SIZE  stdout+stderr kept before output-limit [64M]\n"
"  --workdir DIR        host folder at /workspace (default: a tmpfs)\n"
"  --dir BOX=HOST[:rw]  extra bind mount, read-only unless :rw\n"
"  --stdin F            program input (default: /dev/null)\n"
"  --stdout F, --stderr F  created or truncated (default: ours)\n"
"  --env VAR=VALUE      added to PATH, HOME=/workspace, TMPDIR=/tmp\n"
"  --policy NAME        seccomp policy [default]\n"
"  --runtime auto|native|runsc\n"
"  --report FILE        the JSON report; without it the report goes to\n"
"                       stdout when --stdout is given, else to stderr\n"
"  --no-cgroup          rlimits only: no memory or task accounting\n"
"  -v, --verbose        more log; --debug for everything\n"
"\n"
"SIZE takes K, M, G, T (binary; an optional B or iB; 1.5M is fine).\n"
"GAVEL_POLICY_DIR in the environment overrides the policy folder (for\n"
"developers). Exit: 0 the sandbox did its job (see the report), 2 bad\n"
"usage, 3 internal error.\n";

/* "FILE:LINE: " while a session file's lines are parsed. */
static char	usage_where[PATH_MAX + 32];

/* Bad usage: one line on stderr, exit 2. */
static void __attribute__((format(printf, 1, 2), noreturn))
usage_error(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	log_warn("%s%s", usage_where, msg);
	free(msg);
	exit(EXIT_USAGE);
}

/* The limit options: each sets one field of struct sbx_limits. */
static const struct {
	int		 id;
	const char	*name;
	char		 kind;		/* 's'econds, 'b'ytes, 'n'umber */
	uint64_t	 max;
	size_t		 off;
} limit_opts[] = {
	{ OPT_TIME, "--time", 's', SBX_MAX_CPU_MS,
	  offsetof(struct sbx_limits, cpu_ms) },
	{ OPT_WALL, "--wall-time", 's', SBX_MAX_WALL_MS,
	  offsetof(struct sbx_limits, wall_ms) },
	{ OPT_MEM, "--mem", 'b', SBX_MAX_MEMORY,
	  offsetof(struct sbx_limits, memory_bytes) },
	{ OPT_STACK, "--stack", 'b', SBX_MAX_MEMORY,
	  offsetof(struct sbx_limits, stack_bytes) },
	{ OPT_FSIZE, "--fsize", 'b', SBX_MAX_FSIZE,
	  offsetof(struct sbx_limits, fsize_bytes) },
	{ OPT_OUTPUT, "--output-limit", 'b', SBX_MAX_OUTPUT,
	  offsetof(struct sbx_limits, output_bytes) },
	{ OPT_PROCESSES, "--processes", 'n', SBX_MAX_PROCESSES,
	  offsetof(struct sbx_limits, processes) },
	{ OPT_OPEN_FILES, "--open-files", 'n', SBX_MAX_OPEN_FILES,
	  offsetof(struct sbx_limits, open_files) },
};

/* A limit option; 1 when id is one. Zero is refused, never "default". */
static int
opt_limit(struct sbx_limits *l, int id, const char *arg)
{
	uint64_t	 v;
	uint32_t	 n;
	size_t		 i;
	char		*cause, *field;
	int		 rc;

	for (i = 0; i < sizeof limit_opts / sizeof limit_opts[0]; i++) {
		if (limit_opts[i].id == id)
			break;
	}
	if (i == sizeof limit_opts / sizeof limit_opts[0])
		return (0);
	field = (char *)l + limit_opts[i].off;
	switch (limit_opts[i].kind) {
	case 's':
		rc = sbx_parse_seconds(arg, limit_opts[i].max, &v, &cause);
		break;
	case 'b':
		rc = sbx_parse_size(arg, limit_opts[i].max, &v, &cause);
		break;
	default:
		rc = sbx_parse_count(arg, (uint32_t)limit_opts[i].max, &n,
		    &cause);
		v = n;
		break;
	}
	if (rc != 0)
		usage_error("%s: %s", limit_opts[i].name, cause);
	if (v == 0)
		usage_error("%s: must be more than 0", limit_opts[i].name);
	if (id == OPT_MEM && v < SBX_MIN_MEMORY)
		usage_error("--mem: '%s': less than 1M", arg);
	if (limit_opts[i].kind == 'n')
		memcpy(field, &n, sizeof n);
	else
		memcpy(field, &v, sizeof v);
	return (1);
}

/* An existing host path, made absolute for the mount code. */
static char *
opt_host_path(const char *opt, const char *path, int want_dir)
{
	struct stat	 sb;
	char		*abs, *cwd_path;

	if (stat(path, &sb) != 0)
		usage_error("%s: %s: %s", opt, path, strerror(errno));
	if (want_dir && !S_ISDIR(sb.st_mode))
		usage_error("%s: %s: not a directory", opt, path);
	if (want_dir) {
		/*
		 * The workdir is handed to the sandbox uid: made absolute but
		 * never resolved, so the library can refuse symlinks in it.
		 */
		if (path[0] == '/')
			return (xstrdup(path));
		if ((abs = getcwd(NULL, 0)) == NULL)
			usage_error("%s: %s: %s", opt, path, strerror(errno));
		xasprintf(&cwd_path, "%s/%s", abs, path);
		free(abs);
		return (cwd_path);
	}
	if ((abs = realpath(path, NULL)) == NULL)
		usage_error("%s: %s: %s", opt, path, strerror(errno));
	return (abs);
}

static void
opt_dir(struct sbx *s, const char *arg)
{
	char	*copy, *host, *abs, *cause;
	size_t	 len;
	int	 rw = 0;

	copy = xstrdup(arg);
	if ((host = strchr(copy, '=')) == NULL || host == copy)
		usage_error("--dir: '%s': not BOX=HOST[:rw]", arg);
	*host++ = '\0';
	len = strlen(host);
	if (len > 3 && strcmp(host + len - 3, ":rw") == 0) {
		host[len - 3] = '\0';
		rw = 1;
	} else if (len > 3 && strcmp(host + len - 3, ":ro") == 0)
		host[len - 3] = '\0';
	if (copy[0] != '/')
		usage_error("--dir: '%s': not an absolute path", copy);
	abs = opt_host_path("--dir", host, 0);
	if (sbx_add_dir(s, copy, abs, rw, &cause) != 0)
		usage_error("--dir: %s", cause);
	free(abs);
	free(copy);
}

/* VAR=VALUE with a valid name; a repeated VAR replaces the earlier one. */
static void
opt_env(struct box_run *r, const char *arg)
{
	size_t	len, i;

	len = strcspn(arg, "=");
	if (arg[len] != '=')
		usage_error("--env: '%s': not VAR=VALUE", arg);
	if (len == 0 || strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz_0123456789") != len ||
	    (arg[0] >= '0' && arg[0] <= '9'))
		usage_error("--env: '%.*s': not a variable name", (int)len, arg);
	for (i = 0; i < r->nenv; i++) {
		if (strncmp(r->env[i], arg, len + 1) == 0) {
			free(r->env[i]);
			r->env[i] = xstrdup(arg);
			return;
		}
	}
	r->env = xreallocarray(r->env, r->nenv + 2, sizeof *r->env);
	r->env[r->nenv++] = xstrdup(arg);
	r->env[r->nenv] = NULL;
}

static void
free_env(struct box_run *r)
{
	size_t	i;

	for (i = 0; i < r->nenv; i++)
		free(r->env[i]);
	free(r->env);
	r->env = NULL;
	r->nenv = 0;
}

static const char *
opt_policy(const char *arg)
{
	size_t	len;

	len = strspn(arg, "abcdefghijklmnopqrstuvwxyz0123456789_-");
	if (len == 0 || arg[len] != '\0' || len > POLICY_NAME_MAX)
		usage_error("--policy: '%s': not a policy name ([a-z0-9_-]+)",
		    arg);
	return (arg);
}

static enum sbx_runtime
opt_runtime(const char *arg)
{
	if (strcmp(arg, "auto") == 0)
		return (SBX_RUNTIME_AUTO);
	if (strcmp(arg, "native") == 0)
		return (SBX_RUNTIME_NATIVE);
	if (strcmp(arg, "runsc") == 0)
		return (SBX_RUNTIME_RUNSC);
	usage_error("--runtime: '%s': not auto, native or runsc", arg);
}

static int
open_output(const char *opt, const char *path)
{
	int	fd;

	fd = open(path, O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC|O_NOCTTY, 0644);
	if (fd == -1)
		usage_error("%s: %s: %s", opt, path, strerror(errno));
	return (fd);
}

/*
 * Open the program's files and the report before the sandbox starts, so
 * a bad path is a usage error and not a run that cannot be reported.
 * --stdout and --stderr naming one file share one descriptor.
 */
static void
open_files(struct box_run *r)
{
	struct stat	sb, out;
	int		fd;

	if (r->path[0] != NULL) {
		fd = open(r->path[0], O_RDONLY|O_CLOEXEC|O_NOCTTY);
		if (fd == -1)
			usage_error("--stdin: %s: %s", r->path[0],
			    strerror(errno));
		if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode))
			usage_error("--stdin: %s: is a directory", r->path[0]);
		r->fd[0] = fd;
	}
	if (r->path[1] != NULL)
		r->fd[1] = open_output("--stdout", r->path[1]);
	if (r->path[2] != NULL) {
		if (r->fd[1] != -1 && fstat(r->fd[1], &out) == 0 &&
		    stat(r->path[2], &sb) == 0 && sb.st_dev == out.st_dev &&
		    sb.st_ino == out.st_ino) {
			if ((r->fd[2] = fcntl(r->fd[1], F_DUPFD_CLOEXEC, 3)) ==
			    -1)
				fatal("dup");
		} else
			r->fd[2] = open_output("--stderr", r->path[2]);
	}

	if (r->report != NULL) {
		fd = open_output("--report", r->report);
		if ((r->rf = fdopen(fd, "w")) == NULL)
			fatal("fdopen");
	} else
		r->rf = r->path[1] != NULL ? stdout : stderr;
}

/* Our own stdout or stderr for the program, when it is open at all. */
static int
inherit_fd(int fd, int *tty)
{
	if (fcntl(fd, F_GETFD) == -1)
		return (-1);
	*tty = isatty(fd);
	return (fd);
}

/* What parse_run() is reading: a run, a session, or a session's line. */
enum parse_mode { PARSE_RUN, PARSE_SESSION, PARSE_LINE };

/* Options of the session (its sandbox), as opposed to one run's. */
static int
session_option(int ch)
{
	return (ch == OPT_WORKDIR || ch == OPT_DIR || ch == OPT_RUNTIME ||
	    ch == OPT_REPORT || ch == OPT_NO_CGROUP || ch == OPT_DEBUG);
}

static void
parse_run(int argc, char **argv, struct sbx *s, struct box_run *r,
    struct sbx_job *job, enum parse_mode mode)
{
	const char	*opt;
	char		*path;
	int		 ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "+:hv", run_options,
	    NULL)) != -1) {
		opt = argv[optind - 1];
		if (mode == PARSE_LINE && session_option(ch))
			usage_error("%s: an option of the whole session, not "
			    "of one run", opt);
		if (mode == PARSE_SESSION && ch != ':' && ch != '?' &&
		    ch != 'h' && ch != 'v' && !session_option(ch))
			usage_error("session: %s: an option of one run: put it"
			    " on the run's line", opt);
		if (opt_limit(&r->limits, ch, optarg))
			continue;
		switch (ch) {
		case OPT_WORKDIR:
			path = opt_host_path("--workdir", optarg, 1);
			sbx_set_workdir(s, path);
			free(path);
			break;
		case OPT_DIR:
			opt_dir(s, optarg);
			break;
		case OPT_STDIN:
		case OPT_STDOUT:
		case OPT_STDERR:
			r->path[ch - OPT_STDIN] = optarg;
			break;
		case OPT_ENV:
			opt_env(r, optarg);
			break;
		case OPT_POLICY:
			job->policy = opt_policy(optarg);
			break;
		case OPT_RUNTIME:
			sbx_set_runtime(s, opt_runtime(optarg));
			break;
		case OPT_REPORT:
			r->report = optarg;
			break;
		case OPT_NO_CGROUP:
			sbx_set_no_cgroup(s, 1);
			break;
		case OPT_DEBUG:
			sbx_set_debug(s, 1);
			log_level = 2;
			break;
		case 'v':
			log_level++;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			usage_error("run: option '%s' needs a value", opt);
		default:
			if (optopt != 0)
				usage_error("run: unknown option '-%c'", optopt);
			usage_error("run: unknown option '%s'", opt);
		}
	}
	if (mode == PARSE_SESSION) {
		if (optind + 1 != argc)
			usage_error("session: want one FILE (session [OPTIONS]"
			    " FILE)");
		return;
	}
	if (optind >= argc)
		usage_error("run: missing PROGRAM (run [OPTIONS] -- PROGRAM)");
	job->argv = argv + optind;
}

/* Our own binary: the supervisor a runsc session starts inside. */
static void
set_box_path(struct sbx *s)
{
	char	path[PATH_MAX];
	ssize_t	n;

	if ((n = readlink("/proc/self/exe", path, sizeof path - 1)) > 0) {
		path[n] = '\0';
		sbx_set_box_path(s, path);
	}
}

static void
internal_error(const struct sbx_result *res)
{
	log_warn("internal error at stage %s: %s", sbx_stage_name(res->stage),
	    res->message[0] != '\0' ? res->message : strerror(res->error));
}

/* PROGRAM does not exist (or is no program) inside the box. */
static int
program_missing(const struct sbx_result *res)
{
	if (res->stage == SBX_STAGE_POLICY && res->error == ENOENT)
		return (1);	/* an unknown --policy */
	if (res->stage == SBX_STAGE_WORKDIR)
		return (1);	/* a symlinked or system --workdir */
	if (res->stage != SBX_STAGE_EXECFD && res->stage != SBX_STAGE_EXEC)
		return (0);
	return (res->error == ENOENT || res->error == ENOTDIR ||
	    res->error == EISDIR || res->error == EACCES ||
	    res->error == ENOEXEC);
}

static int
cmd_run(int argc, char **argv)
{
	struct sbx		*s;
	struct sbx_job		 job;
	struct sbx_result	 res;
	struct box_run		 r;
	enum sbx_runtime	 rt;
	const char		*dir;
	char			*cause;
	int			 ret = 0, tty;

	memset(&r, 0, sizeof r);
	memset(&job, 0, sizeof job);
	r.fd[0] = r.fd[1] = r.fd[2] = -1;
	sbx_result_init(&res);
	s = sbx_new();
	parse_run(argc, argv, s, &r, &job, PARSE_RUN);
	set_box_path(s);
	if (sbx_limits_check(&r.limits, &cause) != 0)
		usage_error("run: %s", cause);
	open_files(&r);
	if ((dir = getenv("GAVEL_POLICY_DIR")) != NULL && *dir != '\0')
		sbx_set_policy_dir(s, dir);

	job.env = r.env;
	job.limits = r.limits;
	job.stdin_fd = r.fd[0];
	tty = 0;
	job.stdout_fd = r.fd[1] != -1 ? r.fd[1] : inherit_fd(1, &tty);
	job.sanitize_tty = tty;
	tty = 0;
	job.stderr_fd = r.fd[2] != -1 ? r.fd[2] : inherit_fd(2, &tty);
	job.sanitize_tty |= tty;

	if (sbx_open(s, &res) != 0 || sbx_run(s, &job, &res) != 0) {
		if (res.status != SBX_INTERNAL_ERROR)
			sbx_result_fail(&res, SBX_STAGE_NONE, 0,
			    "the sandbox failed without a reason");
		if (program_missing(&res)) {
			/* The caller's mistake: bad usage, but still a report. */
			if (res.stage == SBX_STAGE_POLICY ||
			    res.stage == SBX_STAGE_WORKDIR)
				log_warn("run: %s", res.message);
			else
				log_warn("run: %s: %s in the box",
				    job.argv[0], strerror(res.error));
			ret = EXIT_USAGE;
		} else {
			internal_error(&res);
			ret = EXIT_INTERNAL;
		}
	}
	rt = sbx_runtime_of(s);
	/* Close first: when the report appears, nothing is left running. */
	sbx_close(s);
	free_env(&r);

	if (ret == EXIT_USAGE) {
		/* Bad usage found late: like any bad usage, no report. */
		if (r.rf != stdout && r.rf != stderr) {
			fclose(r.rf);
			unlink(r.report);
		}
		return (ret);
	}
	if (sbx_report_write(r.rf, &res, rt) != 0) {
		log_warn("report: %s", strerror(errno));
		ret = EXIT_INTERNAL;
	}
	if (r.rf != stdout && r.rf != stderr && fclose(r.rf) != 0) {
		log_warn("report: %s", strerror(errno));
		ret = EXIT_INTERNAL;
	}
	return (ret);
}

/*
 * One line of a session file as words: blanks separate, '...' quotes
 * verbatim, "..." quotes with backslash escapes, \\ escapes outside.
 * NULL with *cause on an unterminated quote.
 */
static char **
split_line(const char *line, int *argc, const char **cause)
{
	char	**argv, *buf, *o;
	int	 n = 0;
	char	 q;

	/* Every word fits in a copy of the line; argv[1] is that copy. */
	o = buf = xmalloc(strlen(line) + 1);
	argv = xreallocarray(NULL, strlen(line) / 2 + 3, sizeof *argv);
	*cause = NULL;
	for (;;) {
		line += strspn(line, " \t\r\n");
		if (*line == '\0' || *line == '#')
			break;
		argv[++n] = o;
		while (*line != '\0' && strchr(" \t\r\n", *line) == NULL) {
			if (*line == '\'' || *line == '"') {
				q = *line++;
				for (; *line != '\0' && *line != q; line++) {
					if (q == '"' && *line == '\\' &&
					    line[1] != '\0')
						line++;
					*o++ = *line;
				}
				if (*line++ != q) {
					*cause = "unterminated quote";
					free(buf);
					free(argv);
					return (NULL);
				}
			} else if (*line == '\\' && line[1] != '\0') {
				*o++ = line[1];
				line += 2;
			} else
				*o++ = *line++;
		}
		*o++ = '\0';
	}
	if (n == 0) {
		free(buf);
		free(argv);
		return (NULL);
	}
	argv[0] = (char *)"line";
	argv[n + 1] = NULL;
	*argc = n + 1;
	return (argv);
}

struct session_line {
	char		**argv;		/* argv[1] holds every word */
	int		  argc;
	unsigned	  lineno;
	struct box_run	  r;
	struct sbx_job	  job;
};

/* Read and check every line before anything runs. */
static struct session_line *
read_session(const char *file, size_t *nlines)
{
	struct session_line	*v = NULL, *l;
	FILE			*f;
	char			*buf = NULL;
	size_t			 cap = 0, n = 0;
	const char		*cause;
	unsigned		 lineno = 0;
	ssize_t			 len;
	char			**argv;
	int			 argc;

	f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
	if (f == NULL)
		usage_error("session: %s: %s", file, strerror(errno));
	while ((len = getline(&buf, &cap, f)) != -1) {
		lineno++;
		snprintf(usage_where, sizeof usage_where, "%s:%u: ", file,
		    lineno);
		if (strlen(buf) != (size_t)len)
			usage_error("a NUL byte in the line");
		argv = split_line(buf, &argc, &cause);
		if (argv == NULL && cause != NULL)
			usage_error("%s", cause);
		if (argv == NULL)
			continue;
		v = xreallocarray(v, n + 1, sizeof *v);
		l = &v[n++];
		memset(l, 0, sizeof *l);
		l->argv = argv;
		l->argc = argc;
		l->lineno = lineno;
		l->r.fd[0] = l->r.fd[1] = l->r.fd[2] = -1;
		parse_run(argc, argv, NULL, &l->r, &l->job, PARSE_LINE);
		if (sbx_limits_check(&l->r.limits, (char **)&cause) != 0)
			usage_error("%s", cause);
	}
	if (ferror(f))
		usage_error("session: %s: %s", file, strerror(errno));
	if (f != stdin)
		fclose(f);
	free(buf);
	usage_where[0] = '\0';
	if (n == 0)
		usage_error("session: %s: no runs in it", file);
	*nlines = n;
	return (v);
}

/*
 * `gavel-box session [OPTIONS] FILE`: one sandbox, one run per line of
 * FILE ("-" for stdin), each line "[RUN OPTIONS] [--] PROGRAM [ARG...]".
 * A JSON report per run, one per line, in the order of the lines.
 */
static int
cmd_session(int argc, char **argv)
{
	struct session_line	*v;
	struct sbx		*s;
	struct sbx_result	 res;
	struct box_run		 sr;
	struct sbx_job		 sj;
	const char		*dir;
	size_t			 n, i, j;
	int			 ret = 0, tty, opened;

	memset(&sr, 0, sizeof sr);
	memset(&sj, 0, sizeof sj);
	s = sbx_new();
	parse_run(argc, argv, s, &sr, &sj, PARSE_SESSION);
	set_box_path(s);
	if ((dir = getenv("GAVEL_POLICY_DIR")) != NULL && *dir != '\0')
		sbx_set_policy_dir(s, dir);
	v = read_session(argv[argc - 1], &n);
	sr.rf = stdout;
	if (sr.report != NULL &&
	    (sr.rf = fdopen(open_output("--report", sr.report), "w")) == NULL)
		fatal("fdopen");

	opened = sbx_open(s, &res) == 0;
	if (!opened) {
		internal_error(&res);
		ret = EXIT_INTERNAL;
	}
	for (i = 0; opened && i < n; i++) {
		struct session_line	*l = &v[i];

		snprintf(usage_where, sizeof usage_where, "%s:%u: ",
		    argv[argc - 1], l->lineno);
		open_files(&l->r);
		usage_where[0] = '\0';
		l->job.env = l->r.env;
		l->job.limits = l->r.limits;
		l->job.stdin_fd = l->r.fd[0];
		tty = 0;
		l->job.stdout_fd = l->r.fd[1] != -1 ? l->r.fd[1] :
		    (sr.report != NULL ? inherit_fd(1, &tty) : -1);
		l->job.sanitize_tty = tty;
		l->job.stderr_fd = l->r.fd[2] != -1 ? l->r.fd[2] :
		    inherit_fd(2, &tty);
		l->job.sanitize_tty |= tty;
		if (sbx_run(s, &l->job, &res) != 0) {
			internal_error(&res);
			ret = EXIT_INTERNAL;
		}
		for (j = 0; j < 3; j++) {
			if (l->r.fd[j] != -1)
				close(l->r.fd[j]);
		}
		if (sbx_report_write(sr.rf, &res, sbx_runtime_of(s)) != 0 ||
		    fflush(sr.rf) != 0) {
			log_warn("report: %s", strerror(errno));
			ret = EXIT_INTERNAL;
			break;
		}
	}
	sbx_close(s);
	for (i = 0; i < n; i++) {
		free_env(&v[i].r);
		free(v[i].argv[1]);
		free(v[i].argv);
	}
	free(v);
	if (sr.rf != stdout && fclose(sr.rf) != 0) {
		log_warn("report: %s", strerror(errno));
		ret = EXIT_INTERNAL;
	}
	return (ret);
}

/* Inside a gVisor sandbox: the supervisor gavel starts there. */
static int
cmd_supervise(int argc, char **argv)
{
	int	debug = argc == 2 && strcmp(argv[1], "--debug") == 0;

	if (argc > 2 || (argc == 2 && !debug))
		usage_error("supervise: takes only --debug");
	if (debug)
		log_level = 2;
	return (sbx_runsc_supervisor(debug));
}

static int
cmd_help(__attribute__((unused)) int argc,
    __attribute__((unused)) char **argv)
{
	fputs(usage_text, stdout);
	return (0);
}

static int
cmd_version(__attribute__((unused)) int argc,
    __attribute__((unused)) char **argv)
{
	printf("gavel-box %s\n", PACKAGE_VERSION);
	return (0);
}

static const struct box_cmd box_cmds[] = {
	{ "run",	cmd_run },
	{ "session",	cmd_session },
	{ "check",	box_check },
	{ "supervise",	cmd_supervise },
	{ "help",	cmd_help },
	{ "--help",	cmd_help },
	{ "-h",		cmd_help },
	{ "version",	cmd_version },
	{ "--version",	cmd_version },
};

int
main(int argc, char **argv)
{
	size_t	i;
	int	ret;

	if (argc < 2)
		usage_error("missing command (run, check or help)");
	for (i = 0; i < sizeof box_cmds / sizeof box_cmds[0]; i++) {
		if (strcmp(argv[1], box_cmds[i].name) == 0) {
			ret = box_cmds[i].exec(argc - 1, argv + 1);
			if (fflush(stdout) == EOF && ret == 0)
				ret = EXIT_INTERNAL;
			return (ret);
		}
	}
	usage_error("unknown command '%s' (run, check or help)", argv[1]);
}
