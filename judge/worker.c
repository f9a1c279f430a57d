/* SPDX-License-Identifier: ISC */
/*
 * Workers: N forked processes (sbx_open wants a single-threaded process),
 * each with its own database connection, claiming and judging until the
 * queue is empty (--once) or a signal asks them to stop.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "judge/jdg.h"

static volatile sig_atomic_t	stop_flag;

static void
on_signal(int sig)
{
	stop_flag = 1;
}

/* The parent catches without SA_RESTART, so waitpid() sees them. */
static int
catch_signals(int flags)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = flags;
	if (sigaction(SIGTERM, &sa, NULL) == -1 ||
	    sigaction(SIGINT, &sa, NULL) == -1 ||
	    sigaction(SIGHUP, &sa, NULL) == -1)
		return (-1);
	return (0);
}

/* Sleep ms unless a signal comes. */
static void
nap(int ms)
{
	struct timespec	ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000;
	if (!stop_flag)
		(void)nanosleep(&ts, NULL);
}

/* One worker: returns an exit code. */
static int
worker_main(const struct jdg_workers *W, const char *worker,
    int progress_fd)
{
	struct jdg_langs	*langs;
	struct jdg_ctx		 ctx;
	struct db		*db;
	struct db_job		 job;
	char			*cause = NULL;
	const char		*pd;
	int			 rc = JDG_EXIT_OK, n = 0;
	enum jdg_outcome	 o;

	if (jdg_langs_load(jdg_langs_default_path(W->langs_path), &langs,
	    &cause) != 0) {
		fprintf(stderr, "gavel judge: %s\n", cause);
		free(cause);
		return (JDG_EXIT_ERROR);
	}
	if (db_open(W->dbpath, DB_NOCREATE, &db, &cause) != 0) {
		fprintf(stderr, "gavel judge: %s\n", cause);
		free(cause);
		jdg_langs_free(langs);
		return (JDG_EXIT_ERROR);
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.db = db;
	ctx.langs = langs;
	ctx.cache = W->cache;
	ctx.runtime = W->runtime;
	pd = getenv("GAVEL_POLICY_DIR");
	ctx.policy_dir = pd != NULL && *pd != '\0' ? pd : NULL;
	ctx.worker = worker;
	ctx.lease_ms = W->lease_ms;
	ctx.stop = &stop_flag;
	ctx.verbose = W->verbose;
	ctx.progress_fd = progress_fd;
	while (!stop_flag) {
		if (db_claim(db, worker, W->lease_ms, &job, &cause) != 0) {
			log_warn("%s: claim: %s", worker, cause);
			free(cause);
			cause = NULL;
			nap(W->poll_ms);
			continue;
		}
		if (job.id == 0) {
			db_job_free(&job);
			if (W->once)
				break;
			nap(W->poll_ms);
			continue;
		}
		o = jdg_judge(&ctx, &job, &cause);
		if (o == JDG_FINISHED) {
			n++;
			jdg_tick(&ctx, JDG_TICK_DONE);
		} else if (o != JDG_RELEASED) {
			log_warn("%s: submission %" PRId64 ": %s", worker,
			    job.id, cause != NULL ? cause : "not written");
			rc = JDG_EXIT_INTERNAL;
		}
		free(cause);
		cause = NULL;
		db_job_free(&job);
	}
	if (W->verbose)
		log_info("%s: %d judged", worker, n);
	db_close(db);
	jdg_langs_free(langs);
	return (rc);
}

int
jdg_workers_run(const struct jdg_workers *W)
{
	struct jdg_progress P;
	pid_t		*pids;
	char		 host[128], *name, *cause = NULL;
	int		 i, st, rc = JDG_EXIT_OK, alive = 0, sent = 0;
	pid_t		 p;

	memset(&P, 0, sizeof P);
	P.rfd = P.wfd = -1;
	if (catch_signals(W->nworkers == 1 && !W->progress ? SA_RESTART : 0) ==
	    -1) {
		fprintf(stderr, "gavel judge: sigaction: %s\n", strerror(errno));
		return (JDG_EXIT_INTERNAL);
	}
	if (gethostname(host, sizeof host) == -1)
		strlcpy(host, "localhost", sizeof host);
	host[sizeof host - 1] = '\0';
	/* The line needs a parent that counts: workers are forked then. */
	if (W->progress && jdg_progress_open(&P, &cause) != 0) {
		log_warn("%s", cause);
		free(cause);
	}
	if (W->nworkers == 1 && P.rfd == -1) {
		if (W->worker_id != NULL)
			name = xstrdup(W->worker_id);
		else
			xasprintf(&name, "%s:%ld", host, (long)getpid());
		rc = worker_main(W, name, -1);
		free(name);
		return (rc);
	}
	pids = xcalloc(W->nworkers, sizeof *pids);
	for (i = 0; i < W->nworkers; i++) {
		if ((p = fork()) == -1) {
			fprintf(stderr, "gavel judge: fork: %s\n",
			    strerror(errno));
			stop_flag = 1;
			rc = JDG_EXIT_INTERNAL;
			break;
		}
		if (p == 0) {
			if (catch_signals(SA_RESTART) == -1)
				_exit(JDG_EXIT_INTERNAL);
			if (W->worker_id != NULL)
				xasprintf(&name, "%s-%d", W->worker_id, i + 1);
			else
				xasprintf(&name, "%s:%ld", host,
				    (long)getpid());
			if (P.rfd != -1)
				(void)close(P.rfd);
			_exit(worker_main(W, name, P.wfd));
		}
		pids[i] = p;
		alive++;
	}
	/* Opened after the forks: no connection crosses a fork. */
	if (P.rfd != -1 && db_open(W->dbpath, DB_NOCREATE, &P.db,
	    &cause) != 0) {
		log_warn("progress: %s", cause);
		free(cause);
		P.db = NULL;
	}
	while (alive > 0) {
		/* Pass a stop on, once: each finishes or releases its own. */
		if (stop_flag && !sent) {
			for (i = 0; i < W->nworkers; i++) {
				if (pids[i] > 0)
					kill(pids[i], SIGTERM);
			}
			sent = 1;
		}
		if (P.rfd != -1) {
			jdg_progress_poll(&P, 250);
			if ((p = waitpid(-1, &st, WNOHANG)) == 0)
				continue;
		} else
			p = waitpid(-1, &st, 0);
		if (p == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < W->nworkers; i++) {
			if (pids[i] == p)
				pids[i] = 0;
		}
		alive--;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			if (rc == JDG_EXIT_OK)
				rc = WIFEXITED(st) ? WEXITSTATUS(st) :
				    JDG_EXIT_INTERNAL;
		}
	}
	free(pids);
	jdg_progress_close(&P);
	return (rc);
}
