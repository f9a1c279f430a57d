/* SPDX-License-Identifier: ISC */
/*
 * The judge's side of the sandbox: a session with a private temp folder
 * whose box/ is the /workspace, runs with host files for stdio, and the
 * file helpers around them (none of which follow links).
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

int
jdg_box_open(struct jdg_ctx *ctx, struct jdg_box *b, struct sbx_result *res,
    char **cause)
{
	char	*work;

	memset(b, 0, sizeof *b);
	sbx_result_init(res);
	xasprintf(&work, "%s/work", ctx->cache);
	if ((mkdir(ctx->cache, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(work, 0700) == -1 && errno != EEXIST)) {
		xasprintf(cause, "%s: %s", work, strerror(errno));
		free(work);
		return (-1);
	}
	xasprintf(&b->top, "%s/%s.XXXXXX", work, ctx->worker);
	free(work);
	if (mkdtemp(b->top) == NULL) {
		xasprintf(cause, "%s: %s", b->top, strerror(errno));
		free(b->top);
		b->top = NULL;
		return (-1);
	}
	xasprintf(&b->work, "%s/box", b->top);
	if (mkdir(b->work, 0755) == -1) {
		xasprintf(cause, "%s: %s", b->work, strerror(errno));
		jdg_box_close(b);
		return (-1);
	}
	b->sbx = sbx_new();
	sbx_set_runtime(b->sbx, ctx->runtime);
	sbx_set_workdir(b->sbx, b->work);
	if (ctx->policy_dir != NULL)
		sbx_set_policy_dir(b->sbx, ctx->policy_dir);
	if (sbx_open(b->sbx, res) != 0) {
		xasprintf(cause, "sandbox: %s (%s)", res->message,
		    sbx_stage_name(res->stage));
		jdg_box_close(b);
		return (-1);
	}
	return (0);
}

void
jdg_box_close(struct jdg_box *b)
{
	if (b->sbx != NULL)
		sbx_close(b->sbx);
	if (b->top != NULL && prob_remove_tree(b->top) != 0)
		log_warn("%s: remove: %s", b->top, strerror(errno));
	free(b->top);
	free(b->work);
	memset(b, 0, sizeof *b);
}

static int
open_out(const char *path)
{
	return (open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW |
	    O_CLOEXEC, 0600));
}

int
jdg_box_run(struct jdg_box *b, char *const *argv, char *const *env,
    const char *policy, const struct sbx_limits *lim, const char *in_path,
    const char *out_path, const char *err_path, struct sbx_result *res)
{
	struct sbx_job	job;
	int		in = -1, out = -1, err = -1, rc;

	sbx_result_init(res);
	memset(&job, 0, sizeof job);
	if (in_path != NULL &&
	    (in = open(in_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		sbx_result_fail(res, SBX_STAGE_STDIO, errno, "%s: %s", in_path,
		    strerror(errno));
		return (-1);
	}
	if (out_path != NULL && (out = open_out(out_path)) == -1)
		goto fail;
	if (err_path != NULL && out_path != NULL &&
	    strcmp(err_path, out_path) == 0)
		err = out;
	else if (err_path != NULL && (err = open_out(err_path)) == -1)
		goto fail;
	job.argv = argv;
	job.env = env;
	job.policy = policy;
	job.limits = *lim;
	job.stdin_fd = in;
	job.stdout_fd = out;
	job.stderr_fd = err;
	rc = sbx_run(b->sbx, &job, res);
	if (in != -1)
		close(in);
	if (err != -1 && err != out)
		close(err);
	if (out != -1)
		close(out);
	return (rc);
fail:
	sbx_result_fail(res, SBX_STAGE_STDIO, errno, "output file: %s",
	    strerror(errno));
	if (in != -1)
		close(in);
	if (out != -1)
		close(out);
	return (-1);
}

int
jdg_box_clean(struct jdg_box *b)
{
	DIR		*d;
	struct dirent	*e;
	char		*p;
	int		 rc = 0;

	if ((d = opendir(b->work)) == NULL)
		return (-1);
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		xasprintf(&p, "%s/%s", b->work, e->d_name);
		if (prob_remove_tree(p) != 0)
			rc = -1;
		free(p);
	}
	closedir(d);
	return (rc);
}

int
jdg_write_file(const char *dir, const char *name, const void *data,
    size_t len, mode_t mode, char **cause)
{
	char	*p;
	int	 fd;

	xasprintf(&p, "%s/%s", dir, name);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (fd == -1 || sbx_write_all(fd, data, len) != 0 ||
	    fchmod(fd, mode) == -1) {
		xasprintf(cause, "%s: %s", p, strerror(errno));
		if (fd != -1)
			close(fd);
		free(p);
		return (-1);
	}
	if (close(fd) == -1) {
		xasprintf(cause, "%s: %s", p, strerror(errno));
		free(p);
		return (-1);
	}
	free(p);
	return (0);
}

int
jdg_copy_file(const char *from, const char *to, mode_t mode, char **cause)
{
	char	 buf[65536];
	ssize_t	 n;
	int	 in, out;

	if ((in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1) {
		xasprintf(cause, "%s: %s", from, strerror(errno));
		return (-1);
	}
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    mode);
	if (out == -1) {
		xasprintf(cause, "%s: %s", to, strerror(errno));
		close(in);
		return (-1);
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (sbx_write_all(out, buf, n) != 0)
			break;
	}
	if (n != 0 || fchmod(out, mode) == -1 || close(out) == -1) {
		xasprintf(cause, "%s: %s", to, strerror(errno));
		close(in);
		return (-1);
	}
	close(in);
	return (0);
}

int
jdg_copy_tree(const char *from, const char *to, char **cause)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*f, *t;
	int		 rc = 0;

	if (mkdir(to, 0755) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", to, strerror(errno));
		return (-1);
	}
	if ((d = opendir(from)) == NULL) {
		xasprintf(cause, "%s: %s", from, strerror(errno));
		return (-1);
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		xasprintf(&f, "%s/%s", from, e->d_name);
		xasprintf(&t, "%s/%s", to, e->d_name);
		if (lstat(f, &st) == -1) {
			xasprintf(cause, "%s: %s", f, strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode))
			rc = jdg_copy_tree(f, t, cause);
		else if (S_ISREG(st.st_mode))
			rc = jdg_copy_file(f, t, (st.st_mode & 0111) ? 0755 : 0644,
			    cause);
		free(f);
		free(t);
	}
	closedir(d);
	return (rc);
}

int
jdg_read_head(const char *path, size_t max, char **buf, size_t *len,
    int *cut)
{
	ssize_t	 n;
	size_t	 got = 0;
	char	 c;
	int	 fd;

	*buf = NULL;
	*len = 0;
	*cut = 0;
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return (-1);
	*buf = xmalloc(max + 1);
	while (got < max && (n = read(fd, *buf + got, max - got)) > 0)
		got += n;
	if (got == max && read(fd, &c, 1) == 1)
		*cut = 1;
	close(fd);
	(*buf)[got] = '\0';
	*len = got;
	return (0);
}

char *
jdg_display(const char *s, size_t len, int cut)
{
	char	*out, *p, *tmp;
	size_t	 lines = 0;

	out = prob_sanitize(s, len, JDG_DISPLAY_MAX, PROB_SAN_NEWLINES);
	for (p = out; (p = strchr(p, '\n')) != NULL; p++) {
		if (++lines == JDG_DISPLAY_LINES) {
			p[1] = '\0';
			cut = 1;
			break;
		}
	}
	if (cut) {
		xasprintf(&tmp, "%s\n[truncated]\n", out);
		free(out);
		out = tmp;
	}
	return (out);
}

enum db_verdict
jdg_status_verdict(enum sbx_status st)
{
	switch (st) {
	case SBX_OK:
		return (DB_AC);
	case SBX_TIME_LIMIT:
	case SBX_WALL_TIME_LIMIT:
		return (DB_TLE);
	case SBX_MEMORY_LIMIT:
		return (DB_MLE);
	case SBX_OUTPUT_LIMIT:
		return (DB_OLE);
	case SBX_RUNTIME_ERROR:
	case SBX_SIGNALED:
		return (DB_RTE);
	case SBX_SECURITY_VIOLATION:
		return (DB_SV);
	default:
		return (DB_IE);
	}
}

enum db_verdict
jdg_db_verdict(enum prob_verdict v)
{
	static const enum db_verdict map[PROB_VERDICT_MAX] = {
		DB_AC, DB_WA, DB_TLE, DB_MLE, DB_OLE, DB_RTE, DB_CE, DB_SV,
		DB_RJ, DB_IE, DB_SK, DB_IE
	};

	if ((int)v < 0 || v >= PROB_VERDICT_MAX)
		return (DB_IE);
	return (map[v]);
}
