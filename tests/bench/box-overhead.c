/* SPDX-License-Identifier: ISC */
/*
 * box-overhead: what gavel-box adds to starting a program, measured as
 * fork+execve+wait4 of /bin/true and of a static program, bare and boxed.
 */

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sbx.h"

#define DEFAULT_ITERATIONS	200
#define DEFAULT_WARMUP		10

enum bench_case_id {
	CASE_BARE_TRUE,
	CASE_BOX_TRUE,
	CASE_SESSION_TRUE,
	CASE_BARE_STATIC,
	CASE_BOX_STATIC,
	CASE_SESSION_STATIC,
	NCASES
};

struct bench_case {
	const char	*name;
	char		**argv;
	int		 baseline;	/* index of the bare case, or -1 */
	int		 session;	/* sbx_run() in the open session */
	double		*ms;		/* one per iteration */
	double		 p10, p50, p90;
};

/*
 * One session for the whole benchmark: what the judge pays per test once
 * a submission's box is open (a compile, then every test in it).
 */
static struct sbx	*session;

static char	 tmpdir[PATH_MAX];
static char	 tmpprog[PATH_MAX];

static void
usage(void)
{
	fprintf(stderr, "usage: box-overhead [-n iterations] [-w warmup] "
	    "[-r runtime] [-s static-program] [gavel-box]\n");
	exit(2);
}

static size_t
count(const char *s, long min)
{
	char	*end;
	long	 v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < min ||
	    v > 1000000)
		errx(2, "%s: bad count", s);
	return ((size_t)v);
}

static double
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		err(1, "clock_gettime");
	return ((double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6);
}

/*
 * One fork+execve+wait4 of argv with stdio on /dev/null; the wall time in
 * ms. Anything but exit 0 aborts the benchmark: a figure for a run that
 * failed would mean nothing.
 */
static double
run_once(char **argv)
{
	struct rusage	ru;
	double		start, end;
	pid_t		pid;
	int		status, fd;

	start = now_ms();
	if ((pid = fork()) == -1)
		err(1, "fork");
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) == -1)
			_exit(126);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
		execv(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) == -1)
		err(1, "wait4");
	end = now_ms();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		errx(1, "%s %s failed (status 0x%x); run it by hand to see why",
		    argv[0], argv[1] != NULL ? argv[1] : "", status);
	}
	return (end - start);
}

/* One sbx_run() of argv in the open session; the wall time in ms. */
static double
session_once(char **argv)
{
	struct sbx_job		job;
	struct sbx_result	res;
	double			start, end;

	memset(&job, 0, sizeof job);
	job.argv = argv;
	job.stdin_fd = job.stdout_fd = job.stderr_fd = -1;
	start = now_ms();
	if (sbx_run(session, &job, &res) != 0 || res.status != SBX_OK)
		errx(1, "session run of %s: %s (%s)", argv[0],
		    sbx_status_name(res.status), res.message);
	end = now_ms();
	return (end - start);
}

/* The library's session, with the benchmark's folder as its workdir. */
static void
open_session(void)
{
	struct sbx_result	res;
	const char		*dir;

	session = sbx_new();
	sbx_set_workdir(session, tmpdir);
	if ((dir = getenv("GAVEL_POLICY_DIR")) != NULL && *dir != '\0')
		sbx_set_policy_dir(session, dir);
	if (sbx_open(session, &res) != 0)
		errx(1, "session: %s", res.message);
}

static double
measure(const struct bench_case *c)
{
	return (c->session ? session_once(c->argv) : run_once(c->argv));
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* Linear interpolation between closest ranks; v is sorted. */
static double
percentile(const double *v, size_t n, double p)
{
	double	pos, frac;
	size_t	i;

	pos = p * (double)(n - 1);
	i = (size_t)pos;
	if (i + 1 >= n)
		return (v[n - 1]);
	frac = pos - (double)i;
	return (v[i] + (v[i + 1] - v[i]) * frac);
}

static void
summarise(struct bench_case *c, size_t n)
{
	double	*v;

	if ((v = calloc(n, sizeof *v)) == NULL)
		err(1, "calloc");
	memcpy(v, c->ms, n * sizeof *v);
	qsort(v, n, sizeof *v, cmp_double);
	c->p10 = percentile(v, n, 0.10);
	c->p50 = percentile(v, n, 0.50);
	c->p90 = percentile(v, n, 0.90);
	free(v);
}

static void
cleanup(void)
{
	if (tmpprog[0] != '\0')
		unlink(tmpprog);
	if (tmpdir[0] != '\0' && rmdir(tmpdir) == -1)
		warn("rmdir %s", tmpdir);
}

/*
 * The box binds /usr and the like read-only, not the build tree: the
 * static program goes into a workdir of its own, readable by the
 * sandbox uid, run as /workspace/static-true.
 */
static void
make_workdir(const char *prog)
{
	char	buf[65536];
	ssize_t	n;
	int	in, out;

	if (snprintf(tmpdir, sizeof tmpdir, "%s/gavel-bench.XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp") >=
	    (int)sizeof tmpdir - 16)
		errx(1, "TMPDIR too long");
	if (mkdtemp(tmpdir) == NULL) {
		tmpdir[0] = '\0';
		err(1, "mkdtemp");
	}
	atexit(cleanup);
	if (chmod(tmpdir, 0755) == -1)
		err(1, "chmod %s", tmpdir);
	if (snprintf(tmpprog, sizeof tmpprog, "%s/static-true", tmpdir) >=
	    (int)sizeof tmpprog)
		errx(1, "TMPDIR too long");
	if ((in = open(prog, O_RDONLY)) == -1)
		err(1, "%s (make tests/e2e/progs/static-true)", prog);
	if ((out = open(tmpprog, O_WRONLY|O_CREAT|O_EXCL, 0755)) == -1)
		err(1, "%s", tmpprog);
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n)
			err(1, "write %s", tmpprog);
	}
	if (n == -1)
		err(1, "read %s", prog);
	close(in);
	if (fchmod(out, 0755) == -1 || close(out) == -1)
		err(1, "%s", tmpprog);
}

int
main(int argc, char **argv)
{
	static char		*bare_true[] = { "/bin/true", NULL };
	static char		*session_true[] = { "/bin/true", NULL };
	static char		*session_static[] = { "/workspace/static-true",
				    NULL };
	char			*box_true[10], *box_static[12], *bare_static[2];
	struct bench_case	 cases[NCASES];
	const char		*box, *prog, *runtime = "native";
	struct bench_case	*c, *b;
	size_t			 n = DEFAULT_ITERATIONS, warm = DEFAULT_WARMUP;
	size_t			 i, k;
	int			 ch;

	box = getenv("GAVEL_BOX") != NULL ? getenv("GAVEL_BOX") :
	    "./gavel-box";
	prog = getenv("GAVEL_STATIC_TRUE") != NULL ?
	    getenv("GAVEL_STATIC_TRUE") : "tests/e2e/progs/static-true";
	while ((ch = getopt(argc, argv, "n:r:s:w:")) != -1) {
		switch (ch) {
		case 'n':
			n = count(optarg, 1);
			break;
		case 'w':
			warm = count(optarg, 0);
			break;
		case 'r':
			runtime = optarg;
			break;
		case 's':
			prog = optarg;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		usage();
	if (argc == 1)
		box = argv[0];
	if (access(box, X_OK) == -1)
		err(1, "%s", box);

	make_workdir(prog);
	bare_static[0] = tmpprog;
	bare_static[1] = NULL;
	i = 0;
	box_true[i++] = (char *)box;
	box_true[i++] = "run";
	box_true[i++] = "--report";
	box_true[i++] = "/dev/null";
	box_true[i++] = "--runtime";
	box_true[i++] = (char *)runtime;
	box_true[i++] = "--";
	box_true[i++] = "/bin/true";
	box_true[i] = NULL;
	i = 0;
	box_static[i++] = (char *)box;
	box_static[i++] = "run";
	box_static[i++] = "--report";
	box_static[i++] = "/dev/null";
	box_static[i++] = "--runtime";
	box_static[i++] = (char *)runtime;
	box_static[i++] = "--workdir";
	box_static[i++] = tmpdir;
	box_static[i++] = "--";
	box_static[i++] = "/workspace/static-true";
	box_static[i] = NULL;

	memset(cases, 0, sizeof cases);
	cases[CASE_BARE_TRUE] = (struct bench_case){ "bare /bin/true",
	    bare_true, -1, 0, NULL, 0, 0, 0 };
	cases[CASE_BOX_TRUE] = (struct bench_case){ "gavel-box /bin/true",
	    box_true, CASE_BARE_TRUE, 0, NULL, 0, 0, 0 };
	cases[CASE_SESSION_TRUE] = (struct bench_case){ "session run /bin/true",
	    session_true, CASE_BARE_TRUE, 1, NULL, 0, 0, 0 };
	cases[CASE_BARE_STATIC] = (struct bench_case){ "bare static-true",
	    bare_static, -1, 0, NULL, 0, 0, 0 };
	cases[CASE_BOX_STATIC] = (struct bench_case){ "gavel-box static-true",
	    box_static, CASE_BARE_STATIC, 0, NULL, 0, 0, 0 };
	cases[CASE_SESSION_STATIC] = (struct bench_case){
	    "session run static-true", session_static, CASE_BARE_STATIC, 1,
	    NULL, 0, 0, 0 };
	for (k = 0; k < NCASES; k++) {
		if ((cases[k].ms = calloc(n, sizeof *cases[k].ms)) == NULL)
			err(1, "calloc");
	}
	open_session();

	/* Warm caches (page cache, policy cache, cgroup parents) first. */
	for (i = 0; i < warm; i++) {
		for (k = 0; k < NCASES; k++)
			measure(&cases[k]);
	}
	/* Interleaved, so drift in the machine's load hits every case. */
	for (i = 0; i < n; i++) {
		for (k = 0; k < NCASES; k++)
			cases[k].ms[i] = measure(&cases[k]);
	}
	sbx_close(session);

	printf("box-overhead: %zu iterations after %zu warm-up, %s "
	    "(runtime %s), %ld cpus\n", n, warm, box, runtime,
	    sysconf(_SC_NPROCESSORS_ONLN));
	printf("%-24s %10s %10s %10s\n", "case", "median ms", "p10 ms",
	    "p90 ms");
	for (k = 0; k < NCASES; k++) {
		c = &cases[k];
		summarise(c, n);
		printf("%-24s %10.3f %10.3f %10.3f", c->name, c->p50, c->p10,
		    c->p90);
		if (c->baseline != -1) {
			b = &cases[c->baseline];
			printf("   ratio %.2fx, +%.2f ms over bare",
			    c->p50 / b->p50, c->p50 - b->p50);
		}
		printf("\n");
	}
	printf("summary: gavel-box adds +%.2f ms (%.2fx) to /bin/true and "
	    "+%.2f ms (%.2fx) to a static program; a run in an open session "
	    "%+.2f ms (%.2fx) and %+.2f ms (%.2fx) (medians of %zu)\n",
	    cases[CASE_BOX_TRUE].p50 - cases[CASE_BARE_TRUE].p50,
	    cases[CASE_BOX_TRUE].p50 / cases[CASE_BARE_TRUE].p50,
	    cases[CASE_BOX_STATIC].p50 - cases[CASE_BARE_STATIC].p50,
	    cases[CASE_BOX_STATIC].p50 / cases[CASE_BARE_STATIC].p50,
	    cases[CASE_SESSION_TRUE].p50 - cases[CASE_BARE_TRUE].p50,
	    cases[CASE_SESSION_TRUE].p50 / cases[CASE_BARE_TRUE].p50,
	    cases[CASE_SESSION_STATIC].p50 - cases[CASE_BARE_STATIC].p50,
	    cases[CASE_SESSION_STATIC].p50 / cases[CASE_BARE_STATIC].p50, n);
	for (k = 0; k < NCASES; k++)
		free(cases[k].ms);
	return (0);
}
