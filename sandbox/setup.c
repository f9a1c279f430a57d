/* SPDX-License-Identifier: ISC */
/*
 * The native session's file system: a fresh root of read-only binds, a
 * generated /etc, tmpfs /workspace and /tmp, a minimal /dev and a /proc.
 */

#include <sys/types.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"

/*
 * The operations, in order (bubblewrap's SetupOp). Host paths are read
 * through /oldroot: the first pivot puts the host's root there.
 */
enum op_type {
	OP_DIR,		/* mkdir in the new root */
	OP_TMPFS,	/* tmpfs with size/mode options */
	OP_RO_BIND,	/* bind, then remount read-only */
	OP_RW_BIND,
	OP_DEV_BIND,	/* a device node: bind, read-only, keep dev */
	OP_LINK_OR_BIND,/* /bin, /lib*: a symlink like the host's, or a bind */
	OP_ETC,		/* optional read-only piece of the host's /etc */
	OP_SYMLINK,
	OP_FILE,	/* generated file with content */
	OP_PROC,
};

struct op {
	enum op_type	 type;
	const char	*dest;		/* in the new root */
	const char	*src;		/* host path or link target or data */
	const char	*opts;
};

#define NEWROOT	"/newroot"
#define OLDROOT	"/oldroot"

static int
path_join(char *buf, size_t len, const char *a, const char *b)
{
	if ((size_t)snprintf(buf, len, "%s%s", a, b) >= len) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	return (0);
}

static int
touch(const char *path)
{
	int	fd;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd == -1)
		return (errno == EEXIST ? 0 : -1);
	close(fd);
	return (0);
}

static int
write_file(const char *path, const char *data)
{
	int	fd, rv;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0644);
	if (fd == -1)
		return (-1);
	rv = sbx_write_all(fd, data, strlen(data));
	close(fd);
	return (rv);
}

/*
 * Remount a bind with our flags, keeping the flags of the source that a
 * user namespace would refuse to clear (noexec, nosuid, nodev, ro).
 */
static int
remount_bind(const char *dest, unsigned long flags)
{
	struct statvfs	sv;

	if (statvfs(dest, &sv) == 0) {
		if (sv.f_flag & ST_NOEXEC)
			flags |= MS_NOEXEC;
		if (sv.f_flag & ST_NOSUID)
			flags |= MS_NOSUID;
		if (sv.f_flag & ST_NODEV)
			flags |= MS_NODEV;
		if (sv.f_flag & ST_RDONLY)
			flags |= MS_RDONLY;
	}
	return (mount(NULL, dest, NULL, MS_BIND | MS_REMOUNT | flags, NULL));
}

/* Bind host src onto dest (creating dest to match) and set its flags. */
static int
bind(const char *src, const char *dest, unsigned long flags, int optional)
{
	char		host[PATH_MAX];
	struct stat	st;

	if (path_join(host, sizeof host, OLDROOT, src) == -1)
		return (-1);
	if (stat(host, &st) == -1)
		return (optional && errno == ENOENT ? 0 : -1);
	if (S_ISDIR(st.st_mode)) {
		if (sbx_mkdir_p(dest, 0755) == -1)
			return (-1);
	} else if (touch(dest) == -1)
		return (-1);
	if (mount(host, dest, NULL, MS_BIND, NULL) == -1)
		return (-1);
	return (remount_bind(dest, flags));
}

/*
 * Mirror a host path: a symlink is copied as a symlink, anything else is
 * bound read-only. /bin, /lib64...: a usrmerge link or a real directory
 * (dirs_only: other types are skipped). Pieces of /etc: optional.
 */
static int
mirror(const char *src, const char *dest, int dirs_only)
{
	char		host[PATH_MAX], target[PATH_MAX];
	struct stat	st;
	ssize_t		n;

	if (path_join(host, sizeof host, OLDROOT, src) == -1)
		return (-1);
	if (lstat(host, &st) == -1)
		return (errno == ENOENT ? 0 : -1);
	if (S_ISLNK(st.st_mode)) {
		n = readlink(host, target, sizeof target - 1);
		if (n == -1)
			return (-1);
		target[n] = '\0';
		return (symlink(target, dest));
	}
	if (dirs_only && !S_ISDIR(st.st_mode))
		return (0);
	return (bind(src, dest, MS_RDONLY | MS_NOSUID | MS_NODEV, 1));
}

static int
apply(const struct op *o)
{
	char	dest[PATH_MAX];

	if (path_join(dest, sizeof dest, NEWROOT, o->dest) == -1)
		return (-1);
	switch (o->type) {
	case OP_DIR:
		return (sbx_mkdir_p(dest, 0755));
	case OP_TMPFS:
		if (sbx_mkdir_p(dest, 0755) == -1)
			return (-1);
		return (mount("tmpfs", dest, "tmpfs", MS_NOSUID | MS_NODEV,
		    o->opts));
	case OP_RO_BIND:
		return (bind(o->src, dest, MS_RDONLY | MS_NOSUID | MS_NODEV,
		    0));
	case OP_RW_BIND:
		return (bind(o->src, dest, MS_NOSUID | MS_NODEV, 0));
	case OP_DEV_BIND:
		return (bind(o->src, dest, MS_RDONLY | MS_NOSUID | MS_NOEXEC,
		    0));
	case OP_LINK_OR_BIND:
		return (mirror(o->src, dest, 1));
	case OP_ETC:
		return (mirror(o->src, dest, 0));
	case OP_SYMLINK:
		return (symlink(o->src, dest));
	case OP_FILE:
		return (write_file(dest, o->src));
	case OP_PROC:
		if (sbx_mkdir_p(dest, 0555) == -1)
			return (-1);
		/* Other users' processes (the supervisor) are invisible. */
		return (mount("proc", dest, "proc",
		    MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=invisible"));
	}
	errno = EINVAL;
	return (-1);
}

static int
apply_all(const struct op *ops, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (apply(&ops[i]) == -1) {
			log_debug("%s: %s: %s", __func__, ops[i].dest,
			    strerror(errno));
			return (-1);
		}
	}
	return (0);
}

/*
 * The workdir, reopened in our own mount namespace (a bind must come from
 * it) with no symlink anywhere in the path, and checked to be the very
 * directory the host side opened and handed to the sandbox uid.
 */
static int
open_workdir(const struct sbx_setup *s)
{
	struct stat	a, b;
	char		path[PATH_MAX];
	int		fd;

	if (path_join(path, sizeof path, OLDROOT, s->workdir) == -1)
		return (-1);
	if ((fd = sbx_open_dir_nosymlinks(path)) == -1)
		return (-1);
	if (fstat(fd, &a) == -1 || fstat(s->workdir_fd, &b) == -1 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino) {
		close(fd);
		errno = ESTALE;
		return (-1);
	}
	return (fd);
}

/* A user namespace maps our one outside id to root inside. */
static int
setup_userns(const struct sbx_setup *s)
{
	char	buf[64];

	if (!s->userns)
		return (0);
	if (sbx_write_file_at(AT_FDCWD, "/proc/self/setgroups", "deny") == -1)
		return (-1);
	snprintf(buf, sizeof buf, "0 %u 1", (unsigned)s->outer_uid);
	if (sbx_write_file_at(AT_FDCWD, "/proc/self/uid_map", buf) == -1)
		return (-1);
	snprintf(buf, sizeof buf, "0 %u 1", (unsigned)s->outer_gid);
	return (sbx_write_file_at(AT_FDCWD, "/proc/self/gid_map", buf));
}

/*
 * Step one: nothing we mount may propagate back to the host, then a
 * tmpfs base on /tmp (private to us) with newroot/ and oldroot/ in it,
 * and a pivot that puts the host's root at /oldroot.
 */
static int
setup_base(void)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1)
		return (-1);
	if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=1m,mode=0755") == -1)
		return (-1);
	if (mkdir("/tmp" NEWROOT, 0755) == -1 ||
	    mkdir("/tmp" OLDROOT, 0755) == -1)
		return (-1);
	if (chdir("/tmp") == -1)
		return (-1);
	if (syscall(SYS_pivot_root, "/tmp", "/tmp" OLDROOT) == -1)
		return (-1);
	if (chdir("/") == -1)
		return (-1);
	/* The new root is its own mount so that it can be pivoted into. */
	return (mount("tmpfs", NEWROOT, "tmpfs", MS_NOSUID | MS_NODEV,
	    "size=1m,mode=0755"));
}

static int
setup_tree(const struct sbx_setup *s)
{
	char	passwd[512], group[256], ws[128], tmp[64], wdsrc[64];
	size_t	i;
	int	wdfd = -1, rv;
	struct op ops[] = {
		{ OP_RO_BIND, "/usr", "/usr", NULL },
		{ OP_LINK_OR_BIND, "/bin", "/bin", NULL },
		{ OP_LINK_OR_BIND, "/sbin", "/sbin", NULL },
		{ OP_LINK_OR_BIND, "/lib", "/lib", NULL },
		{ OP_LINK_OR_BIND, "/lib32", "/lib32", NULL },
		{ OP_LINK_OR_BIND, "/lib64", "/lib64", NULL },
		{ OP_LINK_OR_BIND, "/libx32", "/libx32", NULL },
		/* A generated /etc: no shadow, no keys, no host accounts. */
		{ OP_DIR, "/etc", NULL, NULL },
		{ OP_FILE, "/etc/passwd", passwd, NULL },
		{ OP_FILE, "/etc/group", group, NULL },
		{ OP_FILE, "/etc/hostname", "gavel\n", NULL },
		{ OP_FILE, "/etc/hosts", "127.0.0.1 localhost gavel\n"
		    "::1 localhost\n", NULL },
		{ OP_FILE, "/etc/nsswitch.conf", "passwd: files\n"
		    "group: files\nhosts: files\n", NULL },
		{ OP_ETC, "/etc/ld.so.cache", "/etc/ld.so.cache", NULL },
		{ OP_ETC, "/etc/ld.so.conf", "/etc/ld.so.conf", NULL },
		{ OP_ETC, "/etc/ld.so.conf.d", "/etc/ld.so.conf.d", NULL },
		{ OP_ETC, "/etc/alternatives", "/etc/alternatives", NULL },
		{ OP_ETC, "/etc/localtime", "/etc/localtime", NULL },
		{ OP_ETC, "/etc/java-17-openjdk", "/etc/java-17-openjdk",
		    NULL },
		{ OP_ETC, "/etc/python3", "/etc/python3", NULL },
		{ OP_ETC, "/etc/python3.11", "/etc/python3.11", NULL },
		/* /dev: the five harmless nodes and the fd links. */
		{ OP_TMPFS, "/dev", NULL, "size=64k,mode=0755" },
		{ OP_DEV_BIND, "/dev/null", "/dev/null", NULL },
		{ OP_DEV_BIND, "/dev/zero", "/dev/zero", NULL },
		{ OP_DEV_BIND, "/dev/full", "/dev/full", NULL },
		{ OP_DEV_BIND, "/dev/random", "/dev/random", NULL },
		{ OP_DEV_BIND, "/dev/urandom", "/dev/urandom", NULL },
		{ OP_SYMLINK, "/dev/fd", "/proc/self/fd", NULL },
		{ OP_SYMLINK, "/dev/stdin", "/proc/self/fd/0", NULL },
		{ OP_SYMLINK, "/dev/stdout", "/proc/self/fd/1", NULL },
		{ OP_SYMLINK, "/dev/stderr", "/proc/self/fd/2", NULL },
		{ OP_PROC, "/proc", NULL, NULL },
		{ OP_TMPFS, "/tmp", NULL, tmp },
		{ s->workdir != NULL ? OP_RW_BIND : OP_TMPFS, "/workspace",
		    wdsrc, ws },
	};

	snprintf(passwd, sizeof passwd,
	    "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	    "gavel:x:%u:%u:gavel:/workspace:/bin/sh\n",
	    (unsigned)s->uid, (unsigned)s->gid);
	snprintf(group, sizeof group, "root:x:0:\nnogroup:x:65534:\n"
	    "gavel:x:%u:\n", (unsigned)s->gid);
	if (s->workdir != NULL) {
		if ((wdfd = open_workdir(s)) == -1)
			return (-1);
		snprintf(wdsrc, sizeof wdsrc, "/proc/self/fd/%d", wdfd);
	}
	snprintf(tmp, sizeof tmp, "size=%llu,mode=1777",
	    (unsigned long long)s->tmp_bytes);
	snprintf(ws, sizeof ws, "size=%llu,mode=0755,uid=%u,gid=%u",
	    (unsigned long long)s->workspace_bytes, (unsigned)s->uid,
	    (unsigned)s->gid);

	rv = apply_all(ops, sizeof ops / sizeof ops[0]);
	if (wdfd != -1)
		close(wdfd);
	if (rv == -1)
		return (-1);
	for (i = 0; i < s->nmounts; i++) {
		struct op o;

		o.type = s->mounts[i].writable ? OP_RW_BIND : OP_RO_BIND;
		o.dest = s->mounts[i].inside;
		o.src = s->mounts[i].host;
		o.opts = NULL;
		if (apply(&o) == -1)
			return (-1);
	}
	/* /dev and the root itself can't change from now on. */
	if (mount(NULL, NEWROOT "/dev", NULL,
	    MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, NULL) == -1)
		return (-1);
	return (mount(NULL, NEWROOT, NULL, MS_REMOUNT | MS_RDONLY |
	    MS_NOSUID | MS_NODEV, NULL));
}

/* Into the new root; the old one (and the host with it) is detached. */
static int
setup_pivot(void)
{
	if (chdir(NEWROOT) == -1)
		return (-1);
	if (syscall(SYS_pivot_root, ".", ".") == -1)
		return (-1);
	if (umount2(".", MNT_DETACH) == -1)
		return (-1);
	if (chdir("/workspace") == -1)
		return (-1);
	return (0);
}

int
sbx_setup_root(const struct sbx_setup *s, enum sbx_stage *stage)
{
	*stage = SBX_STAGE_USERNS;
	if (setup_userns(s) == -1)
		return (-1);
	*stage = SBX_STAGE_MOUNTS;
	if (setup_base() == -1)
		return (-1);
	if (setup_tree(s) == -1)
		return (-1);
	*stage = SBX_STAGE_PIVOT;
	if (setup_pivot() == -1)
		return (-1);
	/* A new UTS namespace: the host's name stays private. */
	*stage = SBX_STAGE_NETWORK;
	if (sethostname("gavel", 5) == -1)
		return (-1);
	*stage = SBX_STAGE_NONE;
	return (0);
}
