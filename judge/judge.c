/* SPDX-License-Identifier: ISC */
/*
 * Judging one submission: one sandbox session; compile; each test run,
 * mapped to a verdict and checked; grading by problems/; one db_finish().
 * Internal errors are retried in a fresh session, never blamed on the
 * contestant.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define READY		".gavel-ready"
#define VDIR		".judge"		/* validator's folder in the box */
#define COMPILE_OUTPUT	(1ULL << 20)

enum attempt {
	A_DONE,		/* a result to write */
	A_IE,		/* internal error: try again */
	A_STOP,		/* asked to stop: release */
	A_LOST,		/* lease lost */
};

struct judging {
	struct jdg_ctx		*ctx;
	struct db_job		*job;
	const struct jdg_lang	*lang;
	struct jdg_problem	*jp;
	struct jdg_box		 box;
	char			*source;	/* its name in the box */
	char			*out;		/* team output, host side */
	uint64_t		 renewed;	/* ns */

	struct db_result	 r;
	struct db_run		*runs;
	struct prob_outcome	*res;
	char			*compile_output;
	char			*ie;		/* why, on A_IE */
};

static void
judging_reset(struct judging *J)
{
	size_t	i;

	for (i = 0; J->runs != NULL && i < J->jp->pkg->ntests; i++) {
		free((char *)J->runs[i].checker_message);
		free((char *)J->runs[i].output_excerpt);
	}
	free(J->runs);
	free(J->res);
	free(J->compile_output);
	free(J->out);
	J->runs = NULL;
	J->res = NULL;
	J->compile_output = NULL;
	J->out = NULL;
	memset(&J->r, 0, sizeof J->r);
}

static enum attempt
ie(struct judging *J, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum attempt
ie(struct judging *J, const char *fmt, ...)
{
	va_list	ap;

	free(J->ie);
	va_start(ap, fmt);
	if (vasprintf(&J->ie, fmt, ap) == -1)
		fatal("vasprintf");
	va_end(ap);
	return (A_IE);
}

static enum attempt
ie_run(struct judging *J, const char *what, const struct sbx_result *res)
{
	return (ie(J, "%s: sandbox %s at %s: %s", what,
	    sbx_status_name(res->status), sbx_stage_name(res->stage),
	    res->message));
}

/* Renew the lease when a quarter of it has gone. */
static enum attempt
keep_lease(struct judging *J)
{
	char		*cause = NULL;
	uint64_t	 now = sbx_now_ns();

	if (*J->ctx->stop)
		return (A_STOP);
	if ((now - J->renewed) / 1000000 < (uint64_t)J->ctx->lease_ms / 4)
		return (A_DONE);
	if (db_renew(J->ctx->db, J->job, J->ctx->lease_ms, &cause) != 0) {
		log_warn("submission %" PRId64 ": %s", J->job->id, cause);
		free(cause);
		return (A_LOST);
	}
	J->renewed = now;
	return (A_DONE);
}

static void
compile_limits(const struct jdg_lang *l, struct sbx_limits *lim)
{
	memset(lim, 0, sizeof *lim);
	lim->cpu_ms = l->compile_ms;
	lim->wall_ms = 2 * l->compile_ms;
	lim->memory_bytes = l->compile_memory;
	lim->processes = l->compile_processes;
	lim->open_files = 256;
	lim->fsize_bytes = 256ULL << 20;
	lim->output_bytes = COMPILE_OUTPUT;
	sbx_limits_fill(lim);
}

static void
run_limits(const struct jdg_lang *l, const struct db_problem *p,
    struct sbx_limits *lim)
{
	double	t, m;

	memset(lim, 0, sizeof *lim);
	t = ceil((double)p->time_limit_ms * l->time_mult) + l->time_extra_ms;
	lim->cpu_ms = t < (double)l->cpu_cap_ms ? (uint64_t)t : l->cpu_cap_ms;
	lim->wall_ms = 2 * lim->cpu_ms + 1000;
	m = (double)p->memory_bytes * l->memory_mult;
	lim->memory_bytes = m < (double)l->memory_cap ? (uint64_t)m :
	    l->memory_cap;
	if (lim->memory_bytes < SBX_MIN_MEMORY)
		lim->memory_bytes = SBX_MIN_MEMORY;
	lim->stack_bytes = l->stack_bytes;
	lim->processes = l->processes;
	lim->open_files = l->open_files;
	lim->output_bytes = p->output_bytes < SBX_MAX_OUTPUT ?
	    p->output_bytes : SBX_MAX_OUTPUT;
	sbx_limits_fill(lim);
}

/* Compile in the box; *ok 1 when it compiled, else the output is kept. */
static enum attempt
compile(struct judging *J, const struct jdg_lang *l, const char *main,
    char *const *sources, const char *outname, int *ok, char **output)
{
	struct sbx_limits	 lim;
	struct sbx_result	 res;
	char			**argv, *path, *buf, *tmp;
	size_t			 len;
	int			 cut, rc;

	*ok = 0;
	*output = NULL;
	compile_limits(l, &lim);
	argv = jdg_lang_argv(l->compile, main, sources);
	xasprintf(&path, "%s/%s", J->box.top, outname);
	rc = jdg_box_run(&J->box, argv, l->compile_env, "compile", &lim, NULL,
	    path, path, &res);
	jdg_argv_free(argv);
	if (rc != 0 || res.status == SBX_INTERNAL_ERROR) {
		free(path);
		return (ie_run(J, "compile", &res));
	}
	if (jdg_read_head(path, JDG_DISPLAY_MAX, &buf, &len, &cut) != 0) {
		free(path);
		return (ie(J, "compile output: %s", strerror(errno)));
	}
	free(path);
	*output = jdg_display(buf, len, cut);
	free(buf);
	if (res.status == SBX_OK) {
		*ok = 1;
		return (A_DONE);
	}
	if (res.status != SBX_RUNTIME_ERROR) {
		xasprintf(&tmp, "%s[compiler %s after %" PRIu64 " ms CPU%s%s]\n",
		    *output, sbx_status_name(res.status), res.cpu_ms,
		    res.message[0] != '\0' ? ": " : "", res.message);
		free(*output);
		*output = tmp;
	}
	return (A_DONE);
}

/*
 * Build the problem's output validator in the box (before the
 * submission's source is there) and keep the result in the cache.
 */
static enum attempt
build_validator(struct judging *J)
{
	const struct prob_validator	*v = &J->jp->pkg->validators[0];
	const struct jdg_lang		*l = J->jp->vlang;
	const char			*main = NULL;
	char				**sources, *cause = NULL, *output;
	char				*tmp, *dst;
	size_t				 i, n = 0;
	int				 ok;
	enum attempt			 a;

	if (jdg_box_clean(&J->box) != 0)
		return (ie(J, "workspace: %s", strerror(errno)));
	(void)jdg_validator_lang(J->ctx->langs, v, &main);
	sources = xcalloc(v->nfiles + 1, sizeof *sources);
	for (i = 0; i < v->nfiles; i++) {
		if (strchr(v->files[i].path, '/') != NULL) {
			free(sources);
			return (ie(J, "output validator %s: sub-folders are "
			    "not supported", v->name));
		}
		if (jdg_write_file(J->box.work, v->files[i].path,
		    v->files[i].data, v->files[i].len,
		    (v->files[i].mode & 0111) ? 0755 : 0644, &cause) != 0) {
			free(sources);
			a = ie(J, "output validator: %s", cause);
			free(cause);
			return (a);
		}
		if (jdg_lang_by_file(J->ctx->langs, v->files[i].path) == l)
			sources[n++] = v->files[i].path;
	}
	if (l->compile != NULL) {
		a = compile(J, l, main, sources, "validator.txt", &ok, &output);
		if (a != A_DONE) {
			free(sources);
			return (a);
		}
		if (!ok) {
			free(sources);
			a = ie(J, "output validator %s does not compile: %.500s",
			    v->name, output);
			free(output);
			return (a);
		}
		free(output);
	}
	free(sources);
	xasprintf(&tmp, "%s/.validator.XXXXXX", J->jp->dir);
	if (mkdtemp(tmp) == NULL) {
		a = ie(J, "%s: %s", tmp, strerror(errno));
		free(tmp);
		return (a);
	}
	xasprintf(&dst, "%s/validator", J->jp->dir);
	if (chmod(tmp, 0755) != 0 ||
	    jdg_copy_tree(J->box.work, tmp, &cause) != 0 ||
	    jdg_write_file(tmp, READY, "", 0, 0644, &cause) != 0 ||
	    (rename(tmp, dst) != 0 && errno != EEXIST && errno != ENOTEMPTY)) {
		a = ie(J, "caching the validator: %s", cause != NULL ? cause :
		    strerror(errno));
		free(cause);
		(void)prob_remove_tree(tmp);
		free(tmp);
		free(dst);
		return (a);
	}
	if (access(tmp, F_OK) == 0)
		(void)prob_remove_tree(tmp);
	free(tmp);
	J->jp->validator = dst;
	if (jdg_box_clean(&J->box) != 0)
		return (ie(J, "workspace: %s", strerror(errno)));
	return (A_DONE);
}

/* The custom validator on test i: verdict, message and score. */
static enum attempt
check_custom(struct judging *J, size_t i, struct db_run *run,
    struct prob_outcome *o)
{
	const struct prob_test	*t = &J->jp->pkg->tests[i];
	const struct jdg_lang	*l = J->jp->vlang;
	struct sbx_limits	 lim;
	struct sbx_result	 res;
	const char		*main = NULL;
	char			**rargv, **argv, **flags, *vd, *p, *q, *cause;
	char			*msg = NULL;
	size_t			 n = 0, nf, k, j;
	double			 score;
	int			 rc;
	enum attempt		 a = A_DONE;

	(void)jdg_validator_lang(J->ctx->langs, &J->jp->pkg->validators[0],
	    &main);
	xasprintf(&vd, "%s/" VDIR, J->box.work);
	cause = NULL;
	/* The program is dead: whatever it left under that name goes. */
	if ((access(vd, F_OK) == 0 || errno != ENOENT) &&
	    prob_remove_tree(vd) != 0) {
		a = ie(J, "%s: %s", vd, strerror(errno));
		free(vd);
		return (a);
	}
	xasprintf(&p, "%s/v", vd);
	rc = mkdir(vd, 0755) == 0 ? 0 : -1;
	if (rc == 0)
		rc = jdg_copy_tree(J->jp->validator, p, &cause);
	free(p);
	xasprintf(&p, "%s/%s", J->jp->dir, t->in_path);
	xasprintf(&q, "%s/in", vd);
	if (rc == 0 && jdg_copy_file(p, q, 0644, &cause) != 0)
		rc = -1;
	free(p);
	free(q);
	xasprintf(&p, "%s/%s", J->jp->dir, t->ans_path);
	xasprintf(&q, "%s/ans", vd);
	if (rc == 0 && jdg_copy_file(p, q, 0644, &cause) != 0)
		rc = -1;
	free(p);
	free(q);
	xasprintf(&q, "%s/fb", vd);
	if (rc == 0 && (mkdir(q, 0777) != 0 || chmod(q, 0777) != 0))
		rc = -1;
	if (rc != 0) {
		a = ie(J, "validator files: %s", cause != NULL ? cause :
		    strerror(errno));
		free(cause);
		goto out;
	}

	rargv = jdg_lang_argv(l->run, main, NULL);
	flags = prob_flags_split(t->validator_flags, &nf);
	while (rargv[n] != NULL)
		n++;
	argv = xcalloc(n + nf + 9, sizeof *argv);
	k = 0;
	argv[k++] = (char *)"/bin/sh";
	argv[k++] = (char *)"-c";
	argv[k++] = (char *)"cd /workspace/" VDIR "/v && exec \"$@\"";
	argv[k++] = (char *)"sh";
	for (j = 0; j < n; j++)
		argv[k++] = rargv[j];
	argv[k++] = (char *)"/workspace/" VDIR "/in";
	argv[k++] = (char *)"/workspace/" VDIR "/ans";
	argv[k++] = (char *)"/workspace/" VDIR "/fb/";
	for (j = 0; j < nf; j++)
		argv[k++] = flags[j];
	argv[k] = NULL;
	memset(&lim, 0, sizeof lim);
	lim.cpu_ms = l->cpu_cap_ms;
	lim.wall_ms = 3 * l->cpu_cap_ms;
	lim.memory_bytes = l->memory_cap > (512ULL << 20) ? l->memory_cap :
	    512ULL << 20;
	lim.processes = l->processes > 16 ? l->processes : 16;
	lim.open_files = l->open_files > 64 ? l->open_files : 64;
	lim.output_bytes = 1ULL << 20;
	sbx_limits_fill(&lim);
	rc = jdg_box_run(&J->box, argv, l->env, "compile", &lim, J->out, NULL,
	    NULL, &res);
	free(argv);
	jdg_argv_free(rargv);
	prob_flags_free(flags);
	if (rc != 0 || res.status == SBX_INTERNAL_ERROR) {
		a = ie_run(J, "output validator", &res);
		goto out;
	}
	if (res.status != SBX_OK && res.status != SBX_RUNTIME_ERROR) {
		a = ie(J, "output validator on %s: %s (%s)", t->name,
		    sbx_status_name(res.status), res.message);
		goto out;
	}
	o->verdict = prob_validator_verdict(res.exit_code);
	if (o->verdict == PROB_IE) {
		a = ie(J, "output validator on %s: exit code %d", t->name,
		    res.exit_code);
		goto out;
	}
	if (prob_feedback_message(q, &msg, &cause) != 0) {
		a = ie(J, "output validator on %s: %s", t->name, cause);
		free(cause);
		goto out;
	}
	if (msg[0] != '\0')
		run->checker_message = msg;
	else
		free(msg);
	if (J->jp->pkg->validator_score && o->verdict == PROB_AC) {
		rc = prob_feedback_score(q, &score, &cause);
		if (rc == -1) {
			a = ie(J, "output validator on %s: %s", t->name, cause);
			free(cause);
			goto out;
		}
		if (rc == 1)
			o->score = score;
	}
out:
	free(q);
	if (prob_remove_tree(vd) != 0 && a == A_DONE)
		a = ie(J, "%s: %s", vd, strerror(errno));
	free(vd);
	return (a);
}

/* The default validator on test i. */
static enum attempt
check_default(struct judging *J, size_t i, struct db_run *run,
    struct prob_outcome *o)
{
	const struct prob_test	*t = &J->jp->pkg->tests[i];
	char			*team, *ans, *path, msg[512];
	size_t			 tlen, alen;
	int			 cut;

	if (jdg_read_head(J->out, J->jp->meta->output_bytes, &team, &tlen,
	    &cut) != 0)
		return (ie(J, "team output: %s", strerror(errno)));
	xasprintf(&path, "%s/%s", J->jp->dir, t->ans_path);
	if (jdg_read_head(path, t->ans_size + 1, &ans, &alen, &cut) != 0) {
		free(team);
		free(path);
		return (ie(J, "%s: %s", t->ans_path, strerror(errno)));
	}
	free(path);
	msg[0] = '\0';
	o->verdict = prob_default_validate(team, tlen, ans, alen, &t->vflags,
	    msg, sizeof msg);
	if (msg[0] != '\0')
		run->checker_message = xstrdup(msg);
	free(team);
	free(ans);
	return (A_DONE);
}

/* Run test i and check it. */
static enum attempt
run_test(struct judging *J, size_t i)
{
	const struct prob_test	*t = &J->jp->pkg->tests[i];
	const struct prob_settings *s = &J->jp->pkg->groups[t->group].settings;
	struct db_run		*run = &J->runs[i];
	struct prob_outcome	*o = &J->res[i];
	struct sbx_limits	 lim;
	struct sbx_result	 res;
	char			**argv, *in, *head;
	size_t			 len;
	int			 rc, cut;
	enum attempt		 a;

	run_limits(J->lang, J->jp->meta, &lim);
	argv = jdg_lang_argv(J->lang->run, J->source, NULL);
	xasprintf(&in, "%s/%s", J->jp->dir, t->in_path);
	rc = jdg_box_run(&J->box, argv, J->lang->env, J->lang->policy, &lim,
	    in, J->out, NULL, &res);
	free(in);
	jdg_argv_free(argv);
	if (rc != 0 || res.status == SBX_INTERNAL_ERROR)
		return (ie_run(J, t->name, &res));
	run->cpu_ms = res.cpu_ms;
	run->wall_ms = res.wall_ms;
	run->memory_kb = res.memory_kb;
	run->exit_code = res.exit_code;
	run->signal = res.signal;
	if (jdg_read_head(J->out, JDG_EXCERPT_MAX, &head, &len, &cut) == 0) {
		run->output_excerpt = prob_sanitize(head, len, JDG_EXCERPT_MAX,
		    PROB_SAN_NEWLINES);
		free(head);
	}
	o->score = NAN;
	if (res.status != SBX_OK) {
		o->verdict = jdg_status_verdict(res.status) == DB_TLE ?
		    PROB_TLE : PROB_RTE;
		switch (res.status) {
		case SBX_MEMORY_LIMIT:
			o->verdict = PROB_MLE;
			break;
		case SBX_OUTPUT_LIMIT:
			o->verdict = PROB_OLE;
			break;
		case SBX_SECURITY_VIOLATION:
			o->verdict = PROB_SV;
			break;
		default:
			break;
		}
		if (res.message[0] != '\0')
			run->checker_message = xstrdup(res.message);
	} else {
		a = J->jp->pkg->validation == PROB_VALIDATION_CUSTOM ?
		    check_custom(J, i, run, o) : check_default(J, i, run, o);
		if (a != A_DONE)
			return (a);
	}
	run->verdict = jdg_db_verdict(o->verdict);
	if (o->verdict == PROB_AC)
		run->score = isnan(o->score) ? s->accept_score : o->score;
	else
		run->score = s->reject_score;
	return (A_DONE);
}

/* One attempt in a fresh session: fills J->r on A_DONE. */
static enum attempt
attempt(struct judging *J)
{
	const struct prob_package *pkg = J->jp->pkg;
	struct sbx_result	 res;
	struct prob_outcome	 total;
	char			*cause = NULL, key[JDG_SHA256_HEX];
	size_t			 i;
	int			 ok, cached = 0;
	enum attempt		 a;

	judging_reset(J);
	J->runs = xcalloc(pkg->ntests + 1, sizeof *J->runs);
	J->res = xcalloc(pkg->ntests + 1, sizeof *J->res);
	for (i = 0; i < pkg->ntests; i++) {
		J->runs[i].testcase_id = J->jp->case_ids[i];
		J->runs[i].verdict = DB_SK;
		J->runs[i].exit_code = -1;
		J->res[i].verdict = PROB_SK;
		J->res[i].score = NAN;
	}
	J->r.problem_id = J->jp->meta->id;
	if (jdg_box_open(J->ctx, &J->box, &res, &cause) != 0) {
		a = ie(J, "%s", cause);
		free(cause);
		return (a);
	}
	xasprintf(&J->out, "%s/team.out", J->box.top);
	if (pkg->validation == PROB_VALIDATION_CUSTOM &&
	    J->jp->validator == NULL && (a = build_validator(J)) != A_DONE)
		goto out;
	if (J->lang->compile != NULL) {
		jdg_ccache_key(J->lang, J->source, J->job->source,
		    J->job->source_len, key);
		switch (jdg_ccache_get(J->ctx->cache, key, &J->box,
		    &J->compile_output)) {
		case 1:
			cached = 1;
			if (J->ctx->verbose)
				log_info("submission %" PRId64 ": compile "
				    "cache hit %.16s", J->job->id, key);
			break;
		case 0:
			break;
		default:
			a = ie(J, "workspace: %s", strerror(errno));
			goto out;
		}
	}
	if (!cached && jdg_write_file(J->box.work, J->source, J->job->source,
	    J->job->source_len, 0644, &cause) != 0) {
		a = ie(J, "%s", cause);
		free(cause);
		goto out;
	}
	if (J->lang->compile != NULL && cached) {
		if (J->compile_output[0] != '\0')
			J->r.compile_output = J->compile_output;
	} else if (J->lang->compile != NULL) {
		if ((a = keep_lease(J)) != A_DONE)
			goto out;
		a = compile(J, J->lang, J->source, NULL, "compile.txt", &ok,
		    &J->compile_output);
		if (a != A_DONE)
			goto out;
		if (J->ctx->verbose)
			log_info("submission %" PRId64 ": compiled (%s)",
			    J->job->id, ok ? "ok" : "error");
		/* Before any run: the program can't have touched it yet. */
		if (ok && jdg_ccache_put(J->ctx->cache, key, J->box.work,
		    J->compile_output, &cause) != 0) {
			log_warn("submission %" PRId64 ": compile cache: %s",
			    J->job->id, cause);
			free(cause);
			cause = NULL;
		}
		if (!ok) {
			J->r.verdict = DB_CE;
			J->r.score = 0;
			J->r.compile_output = J->compile_output;
			J->r.runs = NULL;
			J->r.nruns = 0;
			goto out;
		}
		if (J->compile_output[0] != '\0')
			J->r.compile_output = J->compile_output;
	}
	for (i = 0; i < pkg->ntests; i++) {
		if ((a = keep_lease(J)) != A_DONE)
			goto out;
		if (prob_grade_skip(pkg, J->res, i))
			continue;
		if ((a = run_test(J, i)) != A_DONE)
			goto out;
		jdg_tick(J->ctx, JDG_TICK_TEST);
		if (J->runs[i].cpu_ms > J->r.max_cpu_ms)
			J->r.max_cpu_ms = J->runs[i].cpu_ms;
		if (J->runs[i].memory_kb > J->r.max_memory_kb)
			J->r.max_memory_kb = J->runs[i].memory_kb;
		if (J->ctx->verbose > 1)
			log_info("submission %" PRId64 ": %s %s %" PRIu64
			    " ms", J->job->id, pkg->tests[i].name,
			    db_verdict_name(J->runs[i].verdict),
			    J->runs[i].cpu_ms);
	}
	if (prob_grade(pkg, J->res, NULL, &total, &cause) != 0) {
		a = ie(J, "grading: %s", cause);
		free(cause);
		goto out;
	}
	J->r.verdict = jdg_db_verdict(total.verdict);
	J->r.score = total.score;
	J->r.runs = J->runs;
	J->r.nruns = pkg->ntests;
	a = A_DONE;
out:
	jdg_box_close(&J->box);
	return (a);
}

static enum jdg_outcome
finish(struct judging *J, char **cause)
{
	if (db_finish(J->ctx->db, J->job, &J->r, cause) != 0)
		return (JDG_LOST);
	if (J->ctx->verbose)
		log_info("submission %" PRId64 " (%s, %s, %s): %s %g",
		    J->job->id, J->job->user, J->job->problem,
		    J->job->language, db_verdict_name(J->r.verdict),
		    J->r.score);
	return (JDG_FINISHED);
}

/* Give up: IE with why, no runs. */
static enum jdg_outcome
finish_ie(struct judging *J, const char *why, char **cause)
{
	memset(&J->r, 0, sizeof J->r);
	J->r.problem_id = J->jp != NULL ? J->jp->meta->id : 0;
	J->r.verdict = DB_IE;
	J->r.message = why;
	log_warn("submission %" PRId64 ": IE: %s", J->job->id, why);
	return (finish(J, cause));
}

enum jdg_outcome
jdg_judge(struct jdg_ctx *ctx, struct db_job *job, char **cause)
{
	struct judging	 J;
	char		*why = NULL;
	int		 tries, t;
	enum attempt	 a = A_IE;
	enum jdg_outcome o;

	memset(&J, 0, sizeof J);
	J.ctx = ctx;
	J.job = job;
	J.renewed = sbx_now_ns();
	*cause = NULL;
	if ((J.lang = jdg_lang_find(ctx->langs, job->language)) == NULL) {
		xasprintf(&why, "language '%s' is not configured",
		    job->language);
		o = finish_ie(&J, why, cause);
		free(why);
		return (o);
	}
	if (jdg_lang_source_name(J.lang, job->filename, &J.source,
	    &why) != 0) {
		o = finish_ie(&J, why, cause);
		free(why);
		return (o);
	}
	/* Attempts the queue has left for this submission, at least one. */
	tries = DB_MAX_ATTEMPTS - job->attempt + 1;
	if (tries < 1)
		tries = 1;
	for (t = 0; t < tries; t++) {
		if (J.jp == NULL && jdg_problem_prepare(ctx->db, ctx->cache,
		    job->problem_id, ctx->langs, &J.jp, &why) != 0) {
			a = ie(&J, "problem %s: %s", job->problem, why);
			free(why);
			why = NULL;
		} else
			a = attempt(&J);
		if (a != A_IE)
			break;
		log_warn("submission %" PRId64 ": internal error (try %d of "
		    "%d): %s", job->id, t + 1, tries, J.ie);
		if (*ctx->stop) {
			a = A_STOP;
			break;
		}
	}
	switch (a) {
	case A_DONE:
		o = finish(&J, cause);
		break;
	case A_IE:
		o = finish_ie(&J, J.ie, cause);
		break;
	case A_STOP:
		o = JDG_RELEASED;
		if (db_release(ctx->db, job, cause) != 0)
			o = JDG_LOST;
		break;
	default:
		o = JDG_LOST;
		xasprintf(cause, "submission %" PRId64 ": lease lost", job->id);
		break;
	}
	if (J.jp != NULL)
		judging_reset(&J);
	jdg_problem_free(J.jp);
	free(J.source);
	free(J.ie);
	return (o);
}
