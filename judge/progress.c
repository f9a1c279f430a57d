/* SPDX-License-Identifier: ISC */
/*
 * The progress line of `gavel judge` on a terminal: workers write a byte
 * per test and per submission to a pipe; the parent counts them and
 * redraws one line on stderr with the queue's size from the database.
 */

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define REDRAW_MS	250
#define RECOUNT_MS	1000

void
jdg_tick(struct jdg_ctx *ctx, char what)
{
	ssize_t	n;

	/*
	 * Non-blocking: a slow terminal never holds a worker back, and a
	 * tick lost to a full pipe only makes the line lag.
	 */
	if (ctx->progress_fd == -1)
		return;
	do
		n = write(ctx->progress_fd, &what, 1);
	while (n == -1 && errno == EINTR);
}

int
jdg_progress_open(struct jdg_progress *P, char **cause)
{
	int	fds[2];

	memset(P, 0, sizeof *P);
	P->rfd = P->wfd = -1;
	if (pipe2(fds, O_CLOEXEC) == -1 ||
	    fcntl(fds[1], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(fds[0], F_SETFL, O_NONBLOCK) == -1) {
		xasprintf(cause, "progress pipe: %s", strerror(errno));
		return (-1);
	}
	P->rfd = fds[0];
	P->wfd = fds[1];
	P->start_ns = sbx_now_ns();
	return (0);
}

/* Queued and judging now, plus what this run finished: the total. */
static void
recount(struct jdg_progress *P)
{
	struct db_queue_counts	 c;
	char			*cause = NULL;

	if (P->db == NULL)
		return;
	if (db_queue_counts(P->db, &c, &cause) != 0) {
		log_debug("%s: %s", __func__, cause);
		free(cause);
		return;
	}
	P->total = P->done + c.queued + c.judging;
}

static void
draw(struct jdg_progress *P, int last)
{
	double	secs = (sbx_now_ns() - P->start_ns) / 1e9;

	if (P->done > P->total)
		P->total = P->done;
	fprintf(stderr, "\rjudge: %" PRId64 "/%" PRId64 " submissions, %"
	    PRId64 " tests, %.1f tests/s, %.0f s\033[K%s", P->done, P->total,
	    P->tests, secs > 0 ? P->tests / secs : 0.0, secs,
	    last ? "\n" : "");
	fflush(stderr);
}

void
jdg_progress_poll(struct jdg_progress *P, int timeout_ms)
{
	struct pollfd	 pfd;
	char		 buf[512];
	ssize_t		 n, i;
	uint64_t	 now;

	pfd.fd = P->rfd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout_ms) > 0) {
		while ((n = read(P->rfd, buf, sizeof buf)) > 0) {
			for (i = 0; i < n; i++) {
				if (buf[i] == JDG_TICK_TEST)
					P->tests++;
				else if (buf[i] == JDG_TICK_DONE)
					P->done++;
			}
		}
	}
	now = sbx_now_ns();
	if (P->counted_ns == 0 ||
	    (now - P->counted_ns) / 1000000 >= RECOUNT_MS) {
		recount(P);
		P->counted_ns = now;
	}
	if (P->drawn_ns == 0 || (now - P->drawn_ns) / 1000000 >= REDRAW_MS) {
		draw(P, 0);
		P->drawn_ns = now;
	}
}

void
jdg_progress_close(struct jdg_progress *P)
{
	if (P->rfd == -1)
		return;
	/* The workers are gone: their last ticks are in the pipe. */
	jdg_progress_poll(P, 0);
	recount(P);
	draw(P, 1);
	close(P->rfd);
	if (P->wfd != -1)
		close(P->wfd);
	db_close(P->db);
	memset(P, 0, sizeof *P);
	P->rfd = P->wfd = -1;
}
