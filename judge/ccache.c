/* SPDX-License-Identifier: ISC */
/*
 * The compile cache: what a successful compile left in the workspace,
 * kept under CACHE/compiled/KEY (KEY: SHA-256 of the language's compile
 * command and the source), with a manifest of SHA-256 digests that every
 * use checks on the copies it puts into the box.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "judge/jdg.h"

#define CC_VERSION	"gavel-ccache-1"
#define CC_READY	".gavel-ready"
#define CC_MAX_FILES	1000
#define CC_MAX_BYTES	(64ULL << 20)

struct cc_file {
	char		*rel;
	mode_t		 mode;		/* 0644 or 0755 */
	char		 hex[JDG_SHA256_HEX];
};

struct cc_list {
	struct cc_file	*v;
	size_t		 n;
	uint64_t	 bytes;
};

static void
list_free(struct cc_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].rel);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/*
 * Every regular file below root/rel with its digest. Top-level dot
 * entries (Go's build cache) are not artifacts and are left out. A link,
 * a special file, an odd name or too much: -1 (not cacheable).
 */
static int
walk(const char *root, const char *rel, struct cc_list *l)
{
	DIR		*d;
	struct dirent	*e;
	struct stat	 st;
	char		*dir, *path, *r;
	int		 rc = 0;

	if (rel[0] == '\0')
		dir = xstrdup(root);
	else
		xasprintf(&dir, "%s/%s", root, rel);
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return (-1);
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (rel[0] == '\0' && e->d_name[0] == '.')
			continue;
		if (!prob_name_ok(e->d_name, strlen(e->d_name))) {
			rc = -1;
			break;
		}
		xasprintf(&path, "%s/%s", dir, e->d_name);
		if (rel[0] == '\0')
			r = xstrdup(e->d_name);
		else
			xasprintf(&r, "%s/%s", rel, e->d_name);
		if (lstat(path, &st) == -1)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = walk(root, r, l);
		else if (!S_ISREG(st.st_mode) || l->n >= CC_MAX_FILES ||
		    (l->bytes += st.st_size) > CC_MAX_BYTES)
			rc = -1;
		else {
			l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
			l->v[l->n].rel = r;
			l->v[l->n].mode = (st.st_mode & 0111) ? 0755 : 0644;
			r = NULL;
			if (jdg_sha256_file(path, l->v[l->n].hex) != 0) {
				free(l->v[l->n].rel);
				rc = -1;
			} else
				l->n++;
		}
		free(r);
		free(path);
	}
	closedir(d);
	free(dir);
	return (rc);
}

/* The copies in the box must be exactly the manifest's files. */
static int
manifest_matches(const char *path, const struct cc_list *box)
{
	FILE		*f;
	char		*line = NULL, hex[JDG_SHA256_HEX], *rel;
	size_t		 cap = 0, n = 0, i;
	ssize_t		 len;
	unsigned int	 mode;
	int		 ok = 1;

	if ((f = fopen(path, "re")) == NULL)
		return (0);
	while (ok && (len = getline(&line, &cap, f)) > 0) {
		if (line[len - 1] != '\n' || len < 72 ||
		    sscanf(line, "%64[0-9a-f] %o ", hex, &mode) != 2 ||
		    (rel = strchr(line + 65, ' ')) == NULL) {
			ok = 0;
			break;
		}
		line[len - 1] = '\0';
		rel++;
		for (i = 0; i < box->n; i++) {
			if (strcmp(box->v[i].rel, rel) == 0)
				break;
		}
		if (i == box->n || strcmp(box->v[i].hex, hex) != 0 ||
		    box->v[i].mode != (mode_t)mode)
			ok = 0;
		n++;
	}
	if (ferror(f) || n != box->n)
		ok = 0;
	free(line);
	fclose(f);
	return (ok);
}

void
jdg_ccache_key(const struct jdg_lang *l, const char *source_name,
    const void *source, size_t len, char key[JDG_SHA256_HEX])
{
	struct jdg_sha256	 c;
	char			**w;

	jdg_sha256_init(&c);
	/* Everything that changes what the compile makes. */
	jdg_sha256_update(&c, CC_VERSION, sizeof CC_VERSION);
	jdg_sha256_update(&c, l->id, strlen(l->id) + 1);
	for (w = l->compile; w != NULL && *w != NULL; w++)
		jdg_sha256_update(&c, *w, strlen(*w) + 1);
	jdg_sha256_update(&c, "\n", 1);
	for (w = l->compile_env; w != NULL && *w != NULL; w++)
		jdg_sha256_update(&c, *w, strlen(*w) + 1);
	jdg_sha256_update(&c, "\n", 1);
	jdg_sha256_update(&c, source_name, strlen(source_name) + 1);
	jdg_sha256_update(&c, source, len);
	jdg_sha256_final(&c, key);
}

static void
drop_entry(const char *dir, const char *why)
{
	char	*tmp;

	log_warn("compile cache %s: %s: dropped", dir, why);
	/* Renamed first, so no reader sees it half removed. */
	xasprintf(&tmp, "%s.drop.%ld", dir, (long)getpid());
	if (rename(dir, tmp) == 0)
		dir = tmp;
	if (prob_remove_tree(dir) != 0)
		log_warn("%s: %s", dir, strerror(errno));
	free(tmp);
}

int
jdg_ccache_get(const char *cache, const char *key, struct jdg_box *b,
    char **output)
{
	struct cc_list	 box;
	char		*dir, *p, *buf, *cause = NULL;
	size_t		 len;
	int		 cut, rc;

	*output = NULL;
	memset(&box, 0, sizeof box);
	xasprintf(&dir, "%s/compiled/%s", cache, key);
	xasprintf(&p, "%s/" CC_READY, dir);
	rc = access(p, F_OK);
	free(p);
	if (rc != 0) {
		free(dir);
		return (0);
	}
	xasprintf(&p, "%s/files", dir);
	rc = jdg_copy_tree(p, b->work, &cause);
	free(p);
	if (rc != 0) {
		drop_entry(dir, cause);
		free(cause);
		goto miss;
	}
	/* What is checked is what the box holds now. */
	xasprintf(&p, "%s/MANIFEST", dir);
	rc = walk(b->work, "", &box) == 0 && manifest_matches(p, &box);
	free(p);
	list_free(&box);
	if (!rc) {
		drop_entry(dir, "artifacts do not match their manifest");
		goto miss;
	}
	xasprintf(&p, "%s/output", dir);
	rc = jdg_read_head(p, JDG_DISPLAY_MAX, &buf, &len, &cut);
	free(p);
	if (rc != 0) {
		drop_entry(dir, "no compiler output");
		goto miss;
	}
	*output = jdg_display(buf, len, cut);
	free(buf);
	free(dir);
	return (1);
miss:
	free(dir);
	/* Half-copied artifacts must not meet a fresh compile. */
	if (jdg_box_clean(b) != 0)
		return (-1);
	return (0);
}

int
jdg_ccache_put(const char *cache, const char *key, const char *work,
    const char *output, char **cause)
{
	struct cc_list	 l;
	FILE		*f;
	char		*top, *tmp, *p, *dst;
	size_t		 i;
	int		 rc = -1;

	memset(&l, 0, sizeof l);
	xasprintf(&top, "%s/compiled", cache);
	if (mkdir(top, 0700) == -1 && errno != EEXIST) {
		xasprintf(cause, "%s: %s", top, strerror(errno));
		free(top);
		return (-1);
	}
	xasprintf(&tmp, "%s/.tmp.XXXXXX", top);
	xasprintf(&dst, "%s/%s", top, key);
	free(top);
	if (mkdtemp(tmp) == NULL) {
		xasprintf(cause, "%s: %s", tmp, strerror(errno));
		free(tmp);
		free(dst);
		return (-1);
	}
	xasprintf(&p, "%s/files", tmp);
	if (mkdir(p, 0755) == -1) {
		xasprintf(cause, "%s: %s", p, strerror(errno));
		free(p);
		goto out;
	}
	/* Walked first: links or too much and nothing is copied. */
	if (walk(work, "", &l) != 0) {
		free(p);
		rc = 0;
		log_debug("%s: %s: not cacheable", __func__, key);
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		free(p);
		xasprintf(&p, "%s/files", tmp);
		if (jdg_mkparents(p, l.v[i].rel, cause) != 0)
			break;
		free(p);
		xasprintf(&p, "%s/%s", work, l.v[i].rel);
		xasprintf(&top, "%s/files/%s", tmp, l.v[i].rel);
		if (jdg_copy_file(p, top, l.v[i].mode, cause) != 0) {
			free(top);
			break;
		}
		/* The digest of the copy: what later uses will compare. */
		if (jdg_sha256_file(top, l.v[i].hex) != 0) {
			xasprintf(cause, "%s: %s", top, strerror(errno));
			free(top);
			break;
		}
		free(top);
	}
	free(p);
	if (i < l.n)
		goto out;
	xasprintf(&p, "%s/MANIFEST", tmp);
	if ((f = fopen(p, "wxe")) == NULL) {
		xasprintf(cause, "%s: %s", p, strerror(errno));
		free(p);
		goto out;
	}
	for (i = 0; i < l.n; i++)
		fprintf(f, "%s %o %s\n", l.v[i].hex, (unsigned)l.v[i].mode,
		    l.v[i].rel);
	if (ferror(f) | (fclose(f) != 0)) {
		xasprintf(cause, "%s: %s", p, strerror(errno));
		free(p);
		goto out;
	}
	free(p);
	if (jdg_write_file(tmp, "output", output, strlen(output), 0644,
	    cause) != 0 || jdg_write_file(tmp, CC_READY, "", 0, 0644,
	    cause) != 0)
		goto out;
	/* Another worker may have put the same key: theirs stays. */
	if (rename(tmp, dst) == -1 && errno != EEXIST && errno != ENOTEMPTY) {
		xasprintf(cause, "%s: %s", dst, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (access(tmp, F_OK) == 0 && prob_remove_tree(tmp) != 0)
		log_warn("%s: %s", tmp, strerror(errno));
	list_free(&l);
	free(tmp);
	free(dst);
	return (rc);
}
