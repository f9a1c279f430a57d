/* SPDX-License-Identifier: ISC */
/*
 * The gVisor runtime, host side: one runsc sandbox per session, with
 * gavel-box's own supervisor as the container's only process, spoken to
 * over runsc's stdin and stdout. Every program of the session is started
 * by that supervisor inside gVisor, with the same per-run code as the
 * native runtime (supervise.c, child.c).
 *
 * On the host, per slot N:
 *	/run/gavel/runsc/state		runsc --root (container "gavel-N")
 *	/run/gavel/runsc/box-N/		the bundle: config.json, rootfs/,
 *					etc/ (generated), io/ (run stdio),
 *					runsc.err
 *	<ctrl>/gavel/box-N		our cgroup, which runsc joins
 */

#include <sys/types.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sbx.h"

#define RUNSC_DIR	"/run/gavel/runsc"
#define RUNSC_STATE	RUNSC_DIR "/state"
#define RUNSC_LOGS	RUNSC_DIR "/logs"
#define HELLO_MS	15000	/* runsc run + supervisor start */
#define STOP_MS		3000	/* QUIT to runsc's exit */
#define RUNSC_ENV	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:" \
			"/usr/bin:/sbin:/bin"

/* Host /etc pieces the languages need, bound read-only when present. */
static const char *etc_pieces[] = {
	"ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives",
	"localtime", "java-17-openjdk", "python3", "python3.11",
};

/* Top-level names that merged-/usr hosts have as links into /usr. */
static const char *usr_links[] = {
	"bin", "sbin", "lib", "lib32", "lib64", "libx32",
};

int
sbx_runsc_find(char *path, size_t len)
{
	const char	*env = getenv("GAVEL_RUNSC"), *p, *e;
	const char	*dirs = "/usr/local/sbin:/usr/local/bin:/usr/sbin:"
			    "/usr/bin:/sbin:/bin";

	if (env != NULL && *env != '\0') {
		if (strlcpy(path, env, len) >= len || access(path, X_OK) != 0)
			return (-1);
		return (0);
	}
	for (p = dirs; *p != '\0'; p = e) {
		e = strchrnul(p, ':');
		if ((size_t)snprintf(path, len, "%.*s/runsc", (int)(e - p),
		    p) < len && access(path, X_OK) == 0)
			return (0);
		if (*e == ':')
			e++;
	}
	errno = ENOENT;
	return (-1);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return (rmdir(path) == -1 && errno != ENOENT ? -1 : 0);
	return (unlink(path) == -1 && errno != ENOENT ? -1 : 0);
}

/* rm -rf, never following a link nor leaving the file system. */
static int
rm_tree(const char *dir)
{
	if (access(dir, F_OK) != 0)
		return (0);
	return (nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT));
}

static int
write_file(const char *path, const char *text, mode_t mode)
{
	int	fd, rv;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    mode);
	if (fd == -1)
		return (-1);
	rv = sbx_write_all(fd, text, strlen(text));
	if (close(fd) == -1)
		rv = -1;
	return (rv);
}

/* An empty file or folder to bind onto, like the host's src. */
static int
make_mountpoint(const char *path, const char *src)
{
	struct stat	st;

	if (stat(src, &st) == -1)
		return (-1);
	if (S_ISDIR(st.st_mode))
		return (sbx_mkdir_p(path, 0755));
	return (write_file(path, "", 0644));
}

static void
json_mount(FILE *f, const char *dst, const char *type, const char *src,
    const char *options)
{
	fputs(",\n    {\"destination\": ", f);
	sbx_json_string(f, dst);
	fprintf(f, ", \"type\": \"%s\", \"source\": ", type);
	sbx_json_string(f, src);
	fprintf(f, ", \"options\": [%s]}", options);
}

/*
 * A box path inside one of the binds of the host's folders. runsc's gofer
 * (root on the host) makes a missing mount point in the bind's source,
 * read-only or not: in the host's /usr. So a --dir there must already
 * have its mount point; we never let runsc create one.
 */
static int
under_bind(const char *inside)
{
	static const char	*binds[] = { "/usr/", "/bin/", "/sbin/",
	    "/lib/", "/lib32/", "/lib64/", "/libx32/", "/proc/", "/dev/",
	    "/.gavel/" };
	size_t			 i;

	for (i = 0; i < sizeof binds / sizeof binds[0]; i++) {
		if (strncmp(inside, binds[i], strlen(binds[i])) == 0)
			return (1);
	}
	return (0);
}

/*
 * The bundle's root: empty but for mount points and, on merged-/usr
 * hosts, the links into /usr. Everything else comes from mounts.
 */
static int
make_rootfs(const char *dir, const struct sbx_runsc_conf *c)
{
	char	path[PATH_MAX], link[PATH_MAX], host[64];
	ssize_t	n;
	size_t	i;

	static const char *dirs[] = { "usr", "etc", "tmp", "workspace",
	    "proc", "dev", ".gavel", ".gavel/io" };

	for (i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/rootfs/%s", dir, dirs[i]);
		if (sbx_mkdir_p(path, 0755) == -1)
			return (-1);
	}
	snprintf(path, sizeof path, "%s/rootfs/.gavel", dir);
	if (chmod(path, 0711) == -1)
		return (-1);
	snprintf(path, sizeof path, "%s/rootfs/.gavel/gavel-box", dir);
	if (write_file(path, "", 0755) == -1)
		return (-1);
	for (i = 0; i < sizeof usr_links / sizeof usr_links[0]; i++) {
		snprintf(host, sizeof host, "/%s", usr_links[i]);
		n = readlink(host, link, sizeof link - 1);
		if (n <= 0)
			continue;	/* absent, or a real folder: bound */
		link[n] = '\0';
		snprintf(path, sizeof path, "%s/rootfs/%s", dir, usr_links[i]);
		if (symlink(link, path) == -1 && errno != EEXIST)
			return (-1);
	}
	for (i = 0; i < c->nmounts; i++) {
		/* (/etc is the bundle's generated etc/: made there.) */
		if (snprintf(path, sizeof path, "%s%s%s", dir,
		    strncmp(c->mounts[i].inside, "/etc/", 5) == 0 ? "" :
		    "/rootfs", c->mounts[i].inside) >= (int)sizeof path) {
			errno = ENAMETOOLONG;
			return (-1);
		}
		if (under_bind(c->mounts[i].inside)) {
			/* Inside a read-only bind: the point must be there. */
			if (access(c->mounts[i].inside, F_OK) != 0) {
				errno = EROFS;
				return (-1);
			}
			continue;
		}
		if (make_mountpoint(path, c->mounts[i].host) == -1)
			return (-1);
	}
	return (0);
}

/* A generated /etc, with mount points for the host pieces we bind. */
static int
make_etc(const char *dir, const struct sbx_runsc_conf *c)
{
	char	path[PATH_MAX], text[512], src[64];
	size_t	i;

	snprintf(path, sizeof path, "%s/etc", dir);
	if (sbx_mkdir_p(path, 0755) == -1)
		return (-1);
	snprintf(text, sizeof text,
	    "root:x:0:0:root:/nonexistent:/usr/sbin/nologin\n"
	    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
	    "gavel:x:%u:%u:gavel:/workspace:/bin/sh\n",
	    (unsigned)c->uid, (unsigned)c->gid);
	snprintf(path, sizeof path, "%s/etc/passwd", dir);
	if (write_file(path, text, 0644) == -1)
		return (-1);
	snprintf(text, sizeof text, "root:x:0:\nnogroup:x:65534:\n"
	    "gavel:x:%u:\n", (unsigned)c->gid);
	snprintf(path, sizeof path, "%s/etc/group", dir);
	if (write_file(path, text, 0644) == -1)
		return (-1);
	snprintf(path, sizeof path, "%s/etc/hostname", dir);
	if (write_file(path, "gavel\n", 0644) == -1)
		return (-1);
	snprintf(path, sizeof path, "%s/etc/hosts", dir);
	if (write_file(path, "127.0.0.1 localhost gavel\n::1 localhost\n",
	    0644) == -1)
		return (-1);
	snprintf(path, sizeof path, "%s/etc/nsswitch.conf", dir);
	if (write_file(path, "passwd: files\ngroup: files\nhosts: files\n",
	    0644) == -1)
		return (-1);
	for (i = 0; i < sizeof etc_pieces / sizeof etc_pieces[0]; i++) {
		snprintf(src, sizeof src, "/etc/%s", etc_pieces[i]);
		if (access(src, F_OK) != 0)
			continue;
		snprintf(path, sizeof path, "%s/etc/%s", dir, etc_pieces[i]);
		if (make_mountpoint(path, src) == -1)
			return (-1);
	}
	return (0);
}

static int
write_config(const char *dir, const struct sbx_runsc_conf *c)
{
	char		 path[PATH_MAX], src[PATH_MAX], opt[64], host[64];
	struct stat	 st;
	FILE		*f;
	size_t		 i;
	int		 fd;

	snprintf(path, sizeof path, "%s/config.json", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		if (fd != -1)
			close(fd);
		return (-1);
	}
	fputs("{\n  \"ociVersion\": \"1.0.0\",\n  \"process\": {\n"
	    "    \"terminal\": false,\n"
	    "    \"user\": {\"uid\": 0, \"gid\": 0},\n"
	    "    \"args\": [\"/.gavel/gavel-box\", \"supervise\"", f);
	if (c->debug)
		fputs(", \"--debug\"", f);
	/*
	 * The supervisor keeps what it needs to start programs as the slot
	 * uid: ids, the bounding-set drop, signalling them, setting their
	 * rlimits above runsc's defaults, reaching a --workdir that is the
	 * slot's own. The programs get nothing (child.c drops all).
	 */
	fputs("],\n    \"env\": [\"PATH=/usr/bin:/bin\"],\n"
	    "    \"cwd\": \"/workspace\",\n"
	    "    \"capabilities\": {\n"
	    "      \"bounding\": [\"CAP_SETUID\", \"CAP_SETGID\", "
	    "\"CAP_SETPCAP\", \"CAP_KILL\", \"CAP_SYS_RESOURCE\", "
	    "\"CAP_DAC_OVERRIDE\", \"CAP_DAC_READ_SEARCH\"],\n"
	    "      \"effective\": [\"CAP_SETUID\", \"CAP_SETGID\", "
	    "\"CAP_SETPCAP\", \"CAP_KILL\", \"CAP_SYS_RESOURCE\", "
	    "\"CAP_DAC_OVERRIDE\", \"CAP_DAC_READ_SEARCH\"],\n"
	    "      \"permitted\": [\"CAP_SETUID\", \"CAP_SETGID\", "
	    "\"CAP_SETPCAP\", \"CAP_KILL\", \"CAP_SYS_RESOURCE\", "
	    "\"CAP_DAC_OVERRIDE\", \"CAP_DAC_READ_SEARCH\"]\n    },\n"
	    "    \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", "
	    "\"hard\": 8192, \"soft\": 8192}],\n"
	    "    \"noNewPrivileges\": false\n  },\n", f);
	fputs("  \"root\": {\"path\": ", f);
	snprintf(path, sizeof path, "%s/rootfs", dir);
	sbx_json_string(f, path);
	fputs(", \"readonly\": true},\n  \"hostname\": \"gavel\",\n"
	    "  \"mounts\": [\n"
	    "    {\"destination\": \"/proc\", \"type\": \"proc\", "
	    "\"source\": \"proc\"}", f);
	json_mount(f, "/dev", "tmpfs", "tmpfs",
	    "\"nosuid\", \"noexec\", \"mode=755\", \"size=64k\"");
	json_mount(f, "/usr", "bind", "/usr", "\"rbind\", \"ro\"");
	for (i = 0; i < sizeof usr_links / sizeof usr_links[0]; i++) {
		/* Not a link into /usr: a folder of its own, bound. */
		snprintf(host, sizeof host, "/%s", usr_links[i]);
		if (lstat(host, &st) == 0 && S_ISDIR(st.st_mode)) {
			snprintf(path, sizeof path, "%s/rootfs%s", dir, host);
			if (sbx_mkdir_p(path, 0755) == -1)
				goto fail;
			json_mount(f, host, "bind", host, "\"rbind\", \"ro\"");
		}
	}
	snprintf(path, sizeof path, "%s/etc", dir);
	json_mount(f, "/etc", "bind", path, "\"rbind\", \"ro\"");
	for (i = 0; i < sizeof etc_pieces / sizeof etc_pieces[0]; i++) {
		snprintf(src, sizeof src, "/etc/%s", etc_pieces[i]);
		if (access(src, F_OK) == 0)
			json_mount(f, src, "bind", src, "\"rbind\", \"ro\"");
	}
	snprintf(opt, sizeof opt, "\"nosuid\", \"nodev\", \"mode=1777\", "
	    "\"size=%llu\"", (unsigned long long)c->tmp_bytes);
	json_mount(f, "/tmp", "tmpfs", "tmpfs", opt);
	if (c->workdir != NULL)
		json_mount(f, "/workspace", "bind", c->workdir,
		    "\"rbind\", \"rw\"");
	else {
		snprintf(opt, sizeof opt, "\"nosuid\", \"nodev\", "
		    "\"mode=1777\", \"size=%llu\"",
		    (unsigned long long)c->workspace_bytes);
		json_mount(f, "/workspace", "tmpfs", "tmpfs", opt);
	}
	for (i = 0; i < c->nmounts; i++)
		json_mount(f, c->mounts[i].inside, "bind", c->mounts[i].host,
		    c->mounts[i].writable ? "\"rbind\", \"rw\"" :
		    "\"rbind\", \"ro\"");
	json_mount(f, "/.gavel/gavel-box", "bind", c->box,
	    "\"bind\", \"ro\"");
	snprintf(path, sizeof path, "%s/io", dir);
	json_mount(f, "/.gavel/io", "bind", path, "\"rbind\", \"rw\"");
	fputs("\n  ],\n  \"linux\": {\n    \"namespaces\": [{\"type\": "
	    "\"pid\"}, {\"type\": \"network\"}, {\"type\": \"ipc\"}, "
	    "{\"type\": \"uts\"}, {\"type\": \"mount\"}]", f);
	if (c->cgroup_path != NULL) {
		fputs(",\n    \"cgroupsPath\": ", f);
		sbx_json_string(f, c->cgroup_path);
	}
	fputs("\n  }\n}\n", f);
	if (fflush(f) != 0 || ferror(f))
		goto fail;
	return (fclose(f) == 0 ? 0 : -1);
fail:
	fclose(f);
	return (-1);
}

/* The last non-empty line of runsc's stderr, for a failure message. */
static void
runsc_error(const struct sbx_runsc *rs, char *buf, size_t len)
{
	char	path[PATH_MAX], text[4096], *p, *nl;
	ssize_t	n;

	buf[0] = '\0';
	snprintf(path, sizeof path, "%s/runsc.err", rs->dir);
	if ((n = sbx_read_file_at(AT_FDCWD, path, text, sizeof text)) <= 0)
		return;
	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		text[--n] = '\0';
	p = (nl = strrchr(text, '\n')) != NULL ? nl + 1 : text;
	strlcpy(buf, p, len);
}

static int
wait_exit(pid_t pid, int ms)
{
	int	i, st;

	for (i = 0; i <= ms; i += 5) {
		if (waitpid(pid, &st, WNOHANG) != 0)
			return (0);
		usleep(5000);
	}
	return (-1);
}

/* Run a runsc command to its end (kill, delete); output discarded. */
static void
runsc_cmd(const char *runsc, const char *a1, const char *a2, const char *a3)
{
	char	*argv[] = { (char *)"runsc", (char *)"--root",
	    (char *)RUNSC_STATE, (char *)a1, (char *)a2, (char *)a3, NULL };
	char	*envp[] = { (char *)RUNSC_ENV, NULL };
	pid_t	 pid;
	int	 fd;

	if ((pid = fork()) == -1)
		return;
	if (pid == 0) {
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		syscall(SYS_close_range, 3U, (unsigned)INT_MAX, 0U);
		execve(runsc, argv, envp);
		_exit(127);
	}
	if (wait_exit(pid, 10000) != 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

/* Whether runsc keeps state for container id (files "<id>" or "<id>_*"). */
static int
state_present(const char *id)
{
	struct dirent	*de;
	DIR		*d;
	size_t		 len = strlen(id);
	int		 found = 0;

	if ((d = opendir(RUNSC_STATE)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, id, len) == 0 &&
		    (de->d_name[len] == '\0' || de->d_name[len] == '_'))
			found = 1;
	}
	closedir(d);
	return (found);
}

void
sbx_runsc_sweep(int slot, const char *runsc)
{
	char	id[32], dir[PATH_MAX];

	snprintf(id, sizeof id, "gavel-%d", slot);
	if (state_present(id)) {
		log_info("runsc: removing the stale sandbox %s", id);
		runsc_cmd(runsc, "delete", "--force", id);
	}
	snprintf(dir, sizeof dir, RUNSC_DIR "/box-%d", slot);
	if (rm_tree(dir) != 0)
		log_warn("%s: %s", dir, strerror(errno));
}

/*
 * runsc's own cgroups beside ours (cpu, cpuset, freezer, ...), left when
 * it was killed: rmdir them, but never one of keep's (ours, in use).
 */
void
sbx_runsc_sweep_cgroups(const char *root, int slot,
    const struct sbx_cgroup *keep)
{
	char		 path[PATH_MAX];
	struct stat	 st, k;
	struct dirent	*de;
	DIR		*d;
	int		 i, ours;

	if (root == NULL)
		root = "/sys/fs/cgroup";
	if ((d = opendir(root)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof path, "%s/%s/gavel/box-%d", root,
		    de->d_name, slot) >= (int)sizeof path ||
		    stat(path, &st) == -1)
			continue;
		ours = 0;
		for (i = 0; keep != NULL && i < 3; i++) {
			if (keep->dfd[i] != -1 && fstat(keep->dfd[i], &k) == 0 &&
			    k.st_dev == st.st_dev && k.st_ino == st.st_ino)
				ours = 1;
		}
		if (!ours)
			(void)rmdir(path);	/* a live one is kept */
	}
	closedir(d);
}

static pid_t
spawn_runsc(const struct sbx_runsc_conf *c, struct sbx_runsc *rs, int in,
    int out, int err)
{
	char		 bundle[PATH_MAX], logs[PATH_MAX + 32];
	char		*argv[16];
	char		*envp[] = { (char *)RUNSC_ENV, NULL };
	cpu_set_t	 set;
	pid_t		 pid;
	int		 n = 0;

	snprintf(bundle, sizeof bundle, "%s", rs->dir);
	argv[n++] = (char *)"runsc";
	argv[n++] = (char *)"--root";
	argv[n++] = (char *)RUNSC_STATE;
	argv[n++] = (char *)"--network=none";
	if (c->debug) {
		snprintf(logs, sizeof logs, "--debug-log=%s/", rs->logs);
		argv[n++] = (char *)"--debug";
		argv[n++] = logs;
	}
	argv[n++] = (char *)"run";
	argv[n++] = (char *)"--bundle";
	argv[n++] = bundle;
	argv[n++] = rs->id;
	argv[n] = NULL;

	fflush(NULL);
	if ((pid = fork()) != 0)
		return (pid);
	/* Only async-signal-safe calls from here. */
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (c->cpu >= 0) {
		/* The sentry and the programs on one CPU: steadier times. */
		CPU_ZERO(&set);
		CPU_SET(c->cpu, &set);
		(void)sched_setaffinity(0, sizeof set, &set);
	}
	if (dup2(in, 0) == -1 || dup2(out, 1) == -1 || dup2(err, 2) == -1)
		_exit(127);
	syscall(SYS_close_range, 3U, (unsigned)INT_MAX, 0U);
	execve(c->runsc, argv, envp);
	_exit(127);
}

/* Wait for the supervisor's HELLO: then runsc and the box are up. */
static int
wait_hello(struct sbx_runsc *rs, struct sbx_result *res)
{
	struct sbx_frame	f;
	struct pollfd		pfd;
	char			msg[200];
	int			n;

	pfd.fd = rs->from_sup;
	pfd.events = POLLIN;
	do
		n = poll(&pfd, 1, HELLO_MS);
	while (n == -1 && errno == EINTR);
	if (n == 0) {
		sbx_result_fail(res, SBX_STAGE_RUNSC, ETIMEDOUT,
		    "runsc: no answer from the sandbox in %d ms", HELLO_MS);
		return (-1);
	}
	n = sbx_frame_recv(rs->from_sup, &f);
	if (n == 1 && f.type == SBX_MSG_HELLO) {
		sbx_frame_free(&f);
		return (0);
	}
	if (n == 1)
		sbx_frame_free(&f);
	(void)wait_exit(rs->pid, 2000);
	runsc_error(rs, msg, sizeof msg);
	sbx_result_fail(res, SBX_STAGE_RUNSC, n == 0 ? EPIPE : EPROTO,
	    "runsc: %s", msg[0] != '\0' ? msg :
	    "the sandbox exited before its supervisor started");
	return (-1);
}

int
sbx_runsc_start(struct sbx_runsc *rs, const struct sbx_runsc_conf *c,
    struct sbx_result *res)
{
	char	path[PATH_MAX];
	int	to[2] = { -1, -1 }, from[2] = { -1, -1 }, err = -1;

	memset(rs, 0, sizeof *rs);
	rs->pid = -1;
	rs->to_sup = rs->from_sup = -1;
	snprintf(rs->id, sizeof rs->id, "gavel-%d", c->slot);
	snprintf(rs->dir, sizeof rs->dir, RUNSC_DIR "/box-%d", c->slot);
	if (sbx_mkdir_p(RUNSC_STATE, 0700) == -1 ||
	    chmod(RUNSC_DIR, 0711) == -1)
		goto fail;
	if (rm_tree(rs->dir) != 0 || mkdir(rs->dir, 0711) == -1)
		goto fail;
	snprintf(path, sizeof path, "%s/io", rs->dir);
	if (mkdir(path, 0700) == -1)
		goto fail;
	if (make_rootfs(rs->dir, c) == -1) {
		sbx_result_fail(res, SBX_STAGE_MOUNTS, errno,
		    "mount points: %s", strerror(errno));
		return (-1);
	}
	if (make_etc(rs->dir, c) == -1 || write_config(rs->dir, c) == -1)
		goto fail;
	if (c->debug) {
		snprintf(rs->logs, sizeof rs->logs, RUNSC_LOGS "/%s.%ld.%d",
		    rs->id, (long)time(NULL), (int)getpid());
		if (sbx_mkdir_p(rs->logs, 0700) == -1)
			goto fail;
		log_info("runsc debug logs: %s", rs->logs);
	}
	snprintf(path, sizeof path, "%s/runsc.err", rs->dir);
	err = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (err == -1 || pipe2(to, O_CLOEXEC) == -1 ||
	    pipe2(from, O_CLOEXEC) == -1)
		goto fail;
	rs->pid = spawn_runsc(c, rs, to[0], from[1], err);
	if (rs->pid == -1)
		goto fail;
	close(to[0]);
	close(from[1]);
	close(err);
	rs->to_sup = to[1];
	rs->from_sup = from[0];
	return (wait_hello(rs, res));

fail:
	sbx_result_fail(res, SBX_STAGE_RUNSC, errno, "runsc bundle %s: %s",
	    rs->dir, strerror(errno));
	if (err != -1)
		close(err);
	if (to[0] != -1) {
		close(to[0]);
		close(to[1]);
	}
	if (from[0] != -1) {
		close(from[0]);
		close(from[1]);
	}
	return (-1);
}

void
sbx_runsc_stop(struct sbx_runsc *rs, const char *runsc, int quit)
{
	struct sbx_frame	f;

	if (rs->to_sup != -1) {
		if (quit) {
			sbx_frame_init(&f, SBX_MSG_QUIT);
			(void)sbx_runsc_send(rs, &f);
			sbx_frame_free(&f);
		}
		close(rs->to_sup);
		rs->to_sup = -1;
	}
	if (rs->from_sup != -1) {
		close(rs->from_sup);
		rs->from_sup = -1;
	}
	if (rs->pid > 0) {
		/* The supervisor exits on QUIT or EOF, and runsc with it. */
		if (!quit || wait_exit(rs->pid, STOP_MS) != 0) {
			runsc_cmd(runsc, "kill", rs->id, "KILL");
			if (wait_exit(rs->pid, STOP_MS) != 0) {
				kill(rs->pid, SIGKILL);
				waitpid(rs->pid, NULL, 0);
			}
		}
		rs->pid = -1;
	}
	/* A runsc that ended normally has deleted its state already. */
	if (state_present(rs->id))
		runsc_cmd(runsc, "delete", "--force", rs->id);
	if (rs->dir[0] != '\0' && rm_tree(rs->dir) != 0)
		log_warn("%s: %s", rs->dir, strerror(errno));
}

/*
 * Send a frame to the supervisor through runsc's stdin pipe, turning a
 * dead reader into EPIPE rather than a SIGPIPE that kills the caller.
 */
int
sbx_runsc_send(struct sbx_runsc *rs, const struct sbx_frame *f)
{
	sigset_t	 block, old, pending;
	struct timespec	 zero = { 0, 0 };
	int		 rv, saved;

	sigemptyset(&block);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	rv = sbx_frame_send(rs->to_sup, f);
	saved = errno;
	if (sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) &&
	    !sigismember(&old, SIGPIPE))
		(void)sigtimedwait(&block, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = saved;
	return (rv);
}

/*
 * Receive the next frame, giving up after ms (then -1, ETIMEDOUT).
 * 1 on a frame, 0 on EOF (the sandbox is gone), -1 on error.
 */
int
sbx_runsc_recv(struct sbx_runsc *rs, struct sbx_frame *f, uint64_t ms)
{
	struct pollfd	pfd;
	uint64_t	end = sbx_now_ns() + ms * 1000000ULL, now;
	int		n;

	pfd.fd = rs->from_sup;
	pfd.events = POLLIN;
	for (;;) {
		now = sbx_now_ns();
		if (now >= end) {
			errno = ETIMEDOUT;
			return (-1);
		}
		n = poll(&pfd, 1, (int)((end - now) / 1000000ULL) + 1);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 1)
			return (sbx_frame_recv(rs->from_sup, f));
	}
}

/* -------------------------------------------------------------------- */
/* Inside the sandbox                                                     */
/* -------------------------------------------------------------------- */

int
sbx_runsc_supervisor(int debug)
{
	struct sbx_sup_env	env;
	int			in, out, null;

	if (getpid() != 1) {
		log_warn("supervise: only as the first process of a gVisor "
		    "sandbox (gavel starts it)");
		return (2);
	}
	/* The channel away from 0 and 1, which the runs' children reuse. */
	if ((in = fcntl(0, F_DUPFD_CLOEXEC, 10)) == -1 ||
	    (out = fcntl(1, F_DUPFD_CLOEXEC, 10)) == -1)
		return (3);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, 0);
		dup2(null, 1);
		if (null > 2)
			close(null);
	}
	memset(&env, 0, sizeof env);
	env.session_cg = NULL;
	env.in_runsc = 1;
	env.debug = debug;
	return (sbx_supervise(&env, in, out));
}
