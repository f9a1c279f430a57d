/* SPDX-License-Identifier: ISC */
/*
 * Loading the output validators of a package: each program's source
 * files read into memory, with the same refusals as the test data.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "problems/prob.h"

#define VALIDATOR_DEPTH		4	/* folders inside one validator */

/* Add the files of folder dfd (shown as rel, prefix inside) to v. */
static int
load_program_dir(struct prob_loader *L, int dfd, const char *rel,
    const char *prefix, size_t depth, struct prob_validator *v)
{
	struct prob_entry	*e = NULL;
	struct stat		 st;
	struct prob_file	*f;
	char			*sub, *inner, *buf;
	size_t			 ne = 0, i, len;
	int			 fd, rc = -1;

	if (depth > VALIDATOR_DEPTH)
		return (prob_lerr(L, "%s: nested more than %d deep", rel,
		    VALIDATOR_DEPTH));
	if (prob_list_dir(L, dfd, rel, &e, &ne) != 0)
		return (-1);
	for (i = 0; i < ne; i++) {
		prob_xasprintf(&sub, "%s/%s", rel, e[i].name);
		prob_xasprintf(&inner, "%s%s", prefix, e[i].name);
		if (e[i].type == S_IFDIR) {
			free(inner);
			prob_xasprintf(&inner, "%s%s/", prefix, e[i].name);
			fd = prob_open_dir_at(L, dfd, e[i].name, sub, 0);
			if (fd == -1)
				goto next_fail;
			rc = load_program_dir(L, fd, sub, inner, depth + 1, v);
			close(fd);
			if (rc != 0)
				goto next_fail;
			rc = -1;
			goto next;
		}
		if (v->nfiles == PROB_MAX_VALIDATOR_FILES) {
			prob_lerr(L, "%s: more than %d validator files", sub,
			    PROB_MAX_VALIDATOR_FILES);
			goto next_fail;
		}
		if (e[i].size > PROB_MAX_VALIDATOR_BYTES - L->vbytes) {
			prob_lerr(L, "%s: validators over %llu bytes", sub,
			    (unsigned long long)PROB_MAX_VALIDATOR_BYTES);
			goto next_fail;
		}
		if (prob_read_at(dfd, e[i].name, sub,
		    PROB_MAX_VALIDATOR_BYTES - L->vbytes, &buf, &len,
		    L->cause) != 0)
			goto next_fail;
		if (fstatat(dfd, e[i].name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			prob_lerr(L, "%s: %s", sub, strerror(errno));
			free(buf);
			goto next_fail;
		}
		L->vbytes += len;
		v->files = prob_xreallocarray(v->files, v->nfiles + 1,
		    sizeof *v->files);
		f = &v->files[v->nfiles++];
		f->path = inner;
		inner = NULL;
		f->data = buf;
		f->len = len;
		f->mode = (st.st_mode & 0111) ? 0755 : 0644;
next:
		free(sub);
		free(inner);
		continue;
next_fail:
		free(sub);
		free(inner);
		goto out;
	}
	rc = 0;
out:
	prob_entries_free(e, ne);
	return (rc);
}

static struct prob_validator *
new_validator(struct prob_package *pkg, const char *name)
{
	struct prob_validator	*v;

	pkg->validators = prob_xreallocarray(pkg->validators,
	    pkg->nvalidators + 1, sizeof *pkg->validators);
	v = &pkg->validators[pkg->nvalidators++];
	memset(v, 0, sizeof *v);
	v->name = prob_xstrdup(name);
	return (v);
}

int
prob_load_validators(struct prob_loader *L, int rootfd)
{
	struct prob_package	*pkg = L->pkg;
	struct prob_validator	*v;
	struct prob_entry	*e = NULL;
	struct prob_file	*f;
	char			*sub, *name, *dot, *buf;
	size_t			 ne = 0, i, j, len;
	int			 fd, sfd, rc = -1;

	/* 2023-07: output_validator/ is the one program. */
	fd = prob_open_dir_at(L, rootfd, "output_validator",
	    "output_validator", 1);
	if (fd == -1)
		return (-1);
	if (fd >= 0) {
		v = new_validator(pkg, "output_validator");
		rc = load_program_dir(L, fd, "output_validator", "", 0, v);
		close(fd);
		if (rc != 0)
			return (-1);
		if (v->nfiles == 0)
			return (prob_lerr(L, "output_validator: empty"));
	}

	fd = prob_open_dir_at(L, rootfd, "output_validators",
	    "output_validators", 1);
	if (fd == -2)
		return (0);
	if (fd == -1)
		return (-1);
	if (prob_list_dir(L, fd, "output_validators", &e, &ne) != 0)
		goto out;
	for (i = 0; i < ne; i++) {
		if (e[i].name[0] == '.')
			continue;
		name = prob_xstrdup(e[i].name);
		if (e[i].type == S_IFREG &&
		    (dot = strrchr(name, '.')) != NULL && dot != name)
			*dot = '\0';
		for (j = 0; j < pkg->nvalidators; j++) {
			if (strcmp(pkg->validators[j].name, name) == 0)
				break;
		}
		if (j < pkg->nvalidators) {
			prob_lerr(L, "output_validators/%s: a second validator "
			    "named %s", e[i].name, name);
			free(name);
			goto out;
		}
		v = new_validator(pkg, name);
		free(name);
		prob_xasprintf(&sub, "output_validators/%s", e[i].name);
		if (e[i].type == S_IFDIR) {
			sfd = prob_open_dir_at(L, fd, e[i].name, sub, 0);
			if (sfd == -1) {
				free(sub);
				goto out;
			}
			rc = load_program_dir(L, sfd, sub, "", 1, v);
			close(sfd);
			if (rc == 0 && v->nfiles == 0)
				rc = prob_lerr(L, "%s: empty", sub);
			free(sub);
			if (rc != 0)
				goto out;
			rc = -1;
			continue;
		}
		if (e[i].size > PROB_MAX_VALIDATOR_BYTES - L->vbytes) {
			prob_lerr(L, "%s: validators over %llu bytes", sub,
			    (unsigned long long)PROB_MAX_VALIDATOR_BYTES);
			free(sub);
			goto out;
		}
		if (prob_read_at(fd, e[i].name, sub, PROB_MAX_VALIDATOR_BYTES -
		    L->vbytes, &buf, &len, L->cause) != 0) {
			free(sub);
			goto out;
		}
		free(sub);
		L->vbytes += len;
		v->files = prob_xcalloc(1, sizeof *v->files);
		f = &v->files[0];
		v->nfiles = 1;
		f->path = prob_xstrdup(e[i].name);
		f->data = buf;
		f->len = len;
		f->mode = 0644;
	}
	rc = 0;
out:
	prob_entries_free(e, ne);
	close(fd);
	return (rc);
}
