/* SPDX-License-Identifier: ISC */
/*
 * sbx: gavel's sandbox library. A session (struct sbx) is configured by
 * setters that only record, opened once, then runs N programs and is closed.
 */

#ifndef SBX_H
#define SBX_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Public types                                                         */
/* ------------------------------------------------------------------ */

enum sbx_runtime {
	SBX_RUNTIME_AUTO = 0,
	SBX_RUNTIME_NATIVE,
	SBX_RUNTIME_RUNSC,
};

/* Outcome of one run. Order matters only for the name table in sbx.c. */
enum sbx_status {
	SBX_OK = 0,
	SBX_RUNTIME_ERROR,		/* non-zero exit */
	SBX_SIGNALED,			/* killed by a signal we did not send */
	SBX_TIME_LIMIT,			/* CPU time of all tasks over the limit */
	SBX_WALL_TIME_LIMIT,
	SBX_MEMORY_LIMIT,		/* OOM kill in the run's memory cgroup */
	SBX_OUTPUT_LIMIT,		/* stdout+stderr over the cap */
	SBX_SECURITY_VIOLATION,		/* seccomp blocked a call */
	SBX_INTERNAL_ERROR,		/* the sandbox failed, never the program */
	SBX_STATUS_MAX
};

/*
 * Setup stages, named in internal-error reports. A failing stage is sent
 * as a fixed {stage, errno} record, so these are small stable numbers.
 */
enum sbx_stage {
	SBX_STAGE_NONE = 0,
	SBX_STAGE_SLOT,			/* locking a sandbox slot (uid) */
	SBX_STAGE_CGROUP,		/* creating/configuring cgroups */
	SBX_STAGE_POLICY,		/* loading/compiling the seccomp policy */
	SBX_STAGE_CLONE,		/* clone into namespaces */
	SBX_STAGE_USERNS,		/* uid/gid maps */
	SBX_STAGE_MOUNTS,		/* building the new root */
	SBX_STAGE_PIVOT,		/* pivot_root */
	SBX_STAGE_NETWORK,		/* loopback */
	SBX_STAGE_PROTOCOL,		/* supervisor channel */
	SBX_STAGE_FORK,			/* per-run fork */
	SBX_STAGE_CGROUP_JOIN,		/* per-run: join the run cgroup */
	SBX_STAGE_STDIO,		/* per-run: stdin/stdout/stderr */
	SBX_STAGE_EXECFD,		/* per-run: finding/opening the program */
	SBX_STAGE_RLIMITS,
	SBX_STAGE_CHDIR,
	SBX_STAGE_CREDS,		/* setgroups/setresgid/setresuid */
	SBX_STAGE_CAPS,			/* bounding, ambient, capset */
	SBX_STAGE_NNP,			/* no_new_privs */
	SBX_STAGE_FDS,			/* closing inherited descriptors */
	SBX_STAGE_SESSION,		/* setsid */
	SBX_STAGE_SECCOMP,
	SBX_STAGE_EXEC,
	SBX_STAGE_WAIT,			/* watchdog/measurement */
	SBX_STAGE_RUNSC,		/* the runsc runtime */
	SBX_STAGE_WORKDIR,		/* opening/handing over --workdir */
	SBX_STAGE_MAX
};

/* Per-run limits. 0 means "the default" (see sbx_limits_default()). */
struct sbx_limits {
	uint64_t	cpu_ms;
	uint64_t	wall_ms;
	uint64_t	memory_bytes;
	uint64_t	stack_bytes;
	uint64_t	fsize_bytes;
	uint64_t	output_bytes;
	uint32_t	processes;
	uint32_t	open_files;
};

/* Upper bounds accepted by option parsing and sbx_run(). */
#define SBX_MAX_CPU_MS		(24ULL * 3600 * 1000)
#define SBX_MAX_WALL_MS		(24ULL * 3600 * 1000)
#define SBX_MAX_MEMORY		(1ULL << 40)		/* 1 TiB */
#define SBX_MAX_FSIZE		(1ULL << 40)
#define SBX_MAX_OUTPUT		(1ULL << 34)		/* 16 GiB */
#define SBX_MAX_PROCESSES	4096
#define SBX_MAX_OPEN_FILES	4096
#define SBX_MIN_MEMORY		(1ULL << 20)		/* 1 MiB */

#define SBX_MESSAGE_MAX		256

struct sbx_result {
	enum sbx_status	status;
	int		exit_code;	/* -1 when signalled or not run */
	int		signal;		/* 0 when none */
	uint64_t	cpu_ms;
	uint64_t	wall_ms;
	uint64_t	memory_kb;	/* peak */
	uint64_t	output_bytes;	/* stdout+stderr produced */
	enum sbx_stage	stage;		/* with SBX_INTERNAL_ERROR */
	int		error;		/* errno with SBX_INTERNAL_ERROR */
	int		cgroup;		/* 0 none (rlimits only), 1 v1, 2 v2 */
	char		message[SBX_MESSAGE_MAX];
};

/*
 * One program to run in an open session. The caller owns every pointer;
 * sbx_run() copies what it needs. A stdio fd of -1 means /dev/null for
 * stdin and "discard" for stdout/stderr.
 */
struct sbx_job {
	char *const	*argv;		/* argv[0] looked up in the box's PATH */
	char *const	*env;		/* extra VAR=VALUE, may be NULL */
	const char	*policy;	/* seccomp policy name, NULL = "default" */
	struct sbx_limits limits;
	int		stdin_fd;
	int		stdout_fd;
	int		stderr_fd;
	int		sanitize_tty;	/* escape control bytes to a tty */
};

struct sbx;

/* ------------------------------------------------------------------ */
/* sbx.c: the session API                                               */
/* ------------------------------------------------------------------ */

/* A new, unopened session with defaults. Never returns NULL. */
struct sbx	*sbx_new(void);
/* Setters only record; they never touch the kernel. */
void		 sbx_set_runtime(struct sbx *, enum sbx_runtime);
/* Host folder mounted at /workspace, writable; NULL = a tmpfs. */
void		 sbx_set_workdir(struct sbx *, const char *);
/* Extra bind mount; inside must be absolute. -1 with *cause on bad args. */
int		 sbx_add_dir(struct sbx *, const char *inside, const char *host,
		     int writable, char **cause);
void		 sbx_set_tmpfs(struct sbx *, uint64_t workspace_bytes,
		     uint64_t tmp_bytes);
/* Run without any cgroup (rlimits only); the results say so. */
void		 sbx_set_no_cgroup(struct sbx *, int);
/* Folder of policy files; NULL = the built-in SBX_POLICY_DIR. */
void		 sbx_set_policy_dir(struct sbx *, const char *);
/* Root of the cgroup file systems; NULL = /sys/fs/cgroup. For tests. */
void		 sbx_set_cgroup_root(struct sbx *, const char *);
/*
 * The gavel-box binary that runsc sessions start as their supervisor;
 * NULL = $GAVEL_BOX, else the installed one.
 */
void		 sbx_set_box_path(struct sbx *, const char *);
void		 sbx_set_debug(struct sbx *, int);
/*
 * Open: lock a slot, set up cgroups, start the supervisor in its
 * namespaces with the new root. On failure returns -1 and fills *res
 * with SBX_INTERNAL_ERROR and the failing stage; the session may be freed
 * with sbx_close(). Call it while the process is single-threaded: the
 * supervisor is a raw clone() (new namespaces), which runs no atfork
 * handlers, so another thread's malloc lock would be inherited held.
 */
int		 sbx_open(struct sbx *, struct sbx_result *res);
/*
 * Run one program. Returns 0 when the sandbox did its job (whatever the
 * program did; see res->status) and -1 on an internal error (res->status
 * is SBX_INTERNAL_ERROR, res->stage names the step).
 */
int		 sbx_run(struct sbx *, const struct sbx_job *,
		     struct sbx_result *res);
/* Stop the supervisor, kill anything left, remove cgroups, free. */
void		 sbx_close(struct sbx *);
/* The runtime an open session actually uses. */
enum sbx_runtime sbx_runtime_of(struct sbx *);

const char	*sbx_status_name(enum sbx_status);
const char	*sbx_stage_name(enum sbx_stage);
const char	*sbx_runtime_name(enum sbx_runtime);
void		 sbx_limits_default(struct sbx_limits *);
/* Fill zero fields of l from the defaults. */
void		 sbx_limits_fill(struct sbx_limits *l);
/* 0 if every limit is within bounds, else -1 and *cause. */
int		 sbx_limits_check(const struct sbx_limits *, char **cause);
void		 sbx_result_init(struct sbx_result *);
/* Mark res as an internal error at stage with errno err. */
void		 sbx_result_fail(struct sbx_result *, enum sbx_stage, int err,
		     const char *fmt, ...)
		     __attribute__((format(printf, 4, 5)));

/* ------------------------------------------------------------------ */
/* parse.c: option values                                               */
/* ------------------------------------------------------------------ */

/*
 * "64M", "1G", "512k", "100" (bytes), "1.5M". Binary units (K = 1024).
 * Returns 0 and *out, or -1 and *cause (allocated) for empty, negative,
 * garbage, overflow or a value over max.
 */
int		 sbx_parse_size(const char *, uint64_t max, uint64_t *out,
		     char **cause);
/* "1", "0.5", "2.250" seconds to milliseconds (rounded up to 1 ms). */
int		 sbx_parse_seconds(const char *, uint64_t max_ms, uint64_t *out,
		     char **cause);
/* A decimal count 1..max. */
int		 sbx_parse_count(const char *, uint32_t max, uint32_t *out,
		     char **cause);

/* ------------------------------------------------------------------ */
/* report.c: the JSON report of gavel-box                               */
/* ------------------------------------------------------------------ */

/* Write the report object plus newline to f. Returns 0 or -1 (errno). */
int		 sbx_report_write(FILE *, const struct sbx_result *,
		     enum sbx_runtime);
/* JSON string escaping into f: quotes, backslash, controls, bad UTF-8. */
void		 sbx_json_string(FILE *, const char *);

/* ------------------------------------------------------------------ */
/* policy.c: seccomp policies as data                                   */
/* ------------------------------------------------------------------ */

/*
 * How a filter reports a blocked call: SBX_VIOLATE_NOTIFY hands it to the
 * supervisor through a seccomp user-notification listener (so the syscall
 * is named), SBX_VIOLATE_KILL kills the process (kernels without notify),
 * SBX_VIOLATE_TRAP sends it SIGSYS (gVisor, whose KILL_PROCESS kills one
 * thread only).
 */
enum sbx_violate {
	SBX_VIOLATE_NOTIFY,
	SBX_VIOLATE_KILL,
	SBX_VIOLATE_TRAP,	/* gVisor: SIGSYS to the process */
};

/*
 * The descriptor number at which the per-run child holds the program for
 * execveat(fd, "", ..., AT_EMPTY_PATH). It is above every allowed
 * RLIMIT_NOFILE, so after the exec (it is close-on-exec) the program can
 * never own this number again: "execve only once" is a comparison on arg0.
 */
#define SBX_EXEC_FD		(SBX_MAX_OPEN_FILES + 4)

struct sbx_policy;

/*
 * Parse a policy from f. name is used in messages; includes are looked
 * up in dir (may be NULL: includes are then an error). Returns NULL and
 * *cause ("file:line: what") on any error.
 */
struct sbx_policy *sbx_policy_parse(FILE *f, const char *name,
		     const char *dir, char **cause);
/* Load "<dir>/<name>.policy". */
struct sbx_policy *sbx_policy_load(const char *dir, const char *name,
		     char **cause);
void		 sbx_policy_free(struct sbx_policy *);
/*
 * Write the policy as an OCI runtime-spec "linux.seccomp" object (the
 * JSON Docker's --security-opt seccomp= and Kubernetes' localhost
 * profiles take). Returns 0, or -1 with *cause.
 */
int		 sbx_policy_write_oci(FILE *, const struct sbx_policy *,
		     char **cause);
/* 1 when the policy lets a program execve again (the compile policy). */
int		 sbx_policy_exec_any(const struct sbx_policy *);
/*
 * Compile to a classic BPF program for this arch. *prog is allocated,
 * *len is in bytes (a multiple of 8). -1 and *cause if any libseccomp
 * call fails: a rule that does not load fails the compile.
 */
int		 sbx_policy_compile(const struct sbx_policy *, enum sbx_violate,
		     void **prog, size_t *len, char **cause);
/*
 * Compile through an on-disk cache keyed by the policy text's hash
 * (cache_dir may be NULL for no cache). On failure errno is ENOENT when
 * "<dir>/<name>.policy" can't be opened (or name can't be a policy),
 * EINVAL when it is there but does not parse or compile.
 */
int		 sbx_policy_compile_cached(const char *dir, const char *name,
		     enum sbx_violate, const char *cache_dir, void **prog,
		     size_t *len, char **cause);
/* The syscall name for nr on this arch, or "syscall N" in buf. */
const char	*sbx_syscall_name(int nr, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* cgroup.c: cgroup v1 and v2                                           */
/* ------------------------------------------------------------------ */

enum sbx_cg_version {
	SBX_CG_NONE = 0,
	SBX_CG_V1 = 1,
	SBX_CG_V2 = 2,
};

/* Controllers we need, as bits. */
#define SBX_CG_MEMORY	0x1
#define SBX_CG_PIDS	0x2
#define SBX_CG_CPU	0x4	/* cpuacct on v1, cpu.stat on v2 */
#define SBX_CG_ALL	(SBX_CG_MEMORY | SBX_CG_PIDS | SBX_CG_CPU)

struct sbx_cgroup_host {
	enum sbx_cg_version version;
	int		 controllers;	/* SBX_CG_* present and writable */
	int		 memsw;		/* v1: memory.memsw.* exists */
	char		 root[256];	/* e.g. /sys/fs/cgroup */
	char		 note[256];	/* why a controller is missing */
};

/*
 * Inspect root (NULL = /sys/fs/cgroup): pure v2 (cgroup.controllers at the
 * root with memory, pids, cpu), v1 (memory/, pids/, cpuacct/ mounts),
 * hybrid (v1 controllers plus a v2 "unified" mount without them: v1 is
 * used). Never fails; version NONE when nothing usable.
 */
void		 sbx_cgroup_detect(const char *root, struct sbx_cgroup_host *);

/*
 * A group of directories, one per controller on v1 or one on v2, held as
 * open directory descriptors so they keep working after pivot_root.
 */
struct sbx_cgroup {
	enum sbx_cg_version version;
	int		 memsw;
	int		 dfd[3];	/* v1: memory, pids, cpuacct; v2: dfd[0] */
	char		 path[3][512];	/* for messages and removal */
};

/*
 * Create (or reuse after killing what is in it) the directory "name"
 * below the gavel parent ("<root>/<ctrl>/gavel/" on v1, "<root>/gavel/"
 * on v2, enabling +memory +pids +cpu in subtree_control on the way).
 * Returns 0, or -1 with *cause.
 */
int		 sbx_cgroup_create(const struct sbx_cgroup_host *,
		     const char *name, struct sbx_cgroup *, char **cause);
/* Create child "name" of an existing group (same version). */
int		 sbx_cgroup_create_child(const struct sbx_cgroup *parent,
		     const char *name, struct sbx_cgroup *, char **cause);
/*
 * Apply limits: memory (swap off: memsw = limit on v1, swap.max = 0 on
 * v2), pids. 0 = leave unlimited. -1 with *cause.
 */
int		 sbx_cgroup_set_limits(const struct sbx_cgroup *,
		     uint64_t memory_bytes, uint32_t pids, char **cause);
/*
 * Open the cgroup.procs files of every controller for writing, into
 * fds[3] (-1 for unused). The per-run child writes "0" to each to join
 * without using malloc or stdio. Returns 0 or -1 (errno).
 */
int		 sbx_cgroup_open_procs(const struct sbx_cgroup *, int fds[3]);
/* Join: write "0" to each open procs fd. Async-signal-safe. */
int		 sbx_cgroup_join_fds(const int fds[3]);

struct sbx_cgroup_stats {
	uint64_t	cpu_ns;		/* cpuacct.usage / cpu.stat usage_usec */
	uint64_t	memory_peak;	/* max_usage_in_bytes / memory.peak */
	uint64_t	oom_kills;	/* oom_control / memory.events oom_kill */
	uint64_t	pids_max_hits;	/* pids.events max */
};

/* CPU time used so far, in ns. -1 on error. Called often: cheap. */
int		 sbx_cgroup_cpu_ns(const struct sbx_cgroup *, uint64_t *);
/* Everything at once, after the run. */
int		 sbx_cgroup_stats(const struct sbx_cgroup *,
		     struct sbx_cgroup_stats *);
/*
 * Kill every task in the group (cgroup.kill on v2 when present, else
 * SIGKILL to each pid in cgroup.procs until it is empty, freezing first
 * on v1 when the freezer is present). Returns the number of tasks that
 * were still there.
 */
int		 sbx_cgroup_kill(const struct sbx_cgroup *);
/* Kill, rmdir every directory and close the fds. Safe on a zeroed one. */
void		 sbx_cgroup_destroy(struct sbx_cgroup *);
/* Close fds without removing anything. */
void		 sbx_cgroup_close(struct sbx_cgroup *);

/* ------------------------------------------------------------------ */
/* proto.c: the supervisor protocol                                     */
/* ------------------------------------------------------------------ */

/*
 * A frame is a header {u32 type, u32 length} in host byte order (both
 * ends are on one machine) followed by length bytes of fields, each
 * {u32 tag, u32 length, bytes padded to 8}. Unknown tags are skipped, a
 * repeated tag is a list (argv, env). Descriptors ride along with the
 * header through SCM_RIGHTS when the channel is a Unix socket.
 */
#define SBX_PROTO_MAX_FRAME	(8U << 20)
#define SBX_PROTO_MAX_FDS	4

enum sbx_msg {
	SBX_MSG_HELLO = 1,	/* sup -> host: ready, with version */
	SBX_MSG_FAIL,		/* sup -> host: session setup failed */
	SBX_MSG_RUN,		/* host -> sup: run one program */
	SBX_MSG_RESULT,		/* sup -> host: its result */
	SBX_MSG_QUIT,		/* host -> sup: exit */
};

enum sbx_tag {
	SBX_T_VERSION = 1,
	SBX_T_ARGV,		/* string, repeated */
	SBX_T_ENV,		/* string, repeated */
	SBX_T_CPU_MS,		/* u64 ... */
	SBX_T_WALL_MS,
	SBX_T_MEMORY,
	SBX_T_STACK,
	SBX_T_FSIZE,
	SBX_T_OUTPUT,
	SBX_T_PROCESSES,
	SBX_T_OPEN_FILES,
	SBX_T_BPF,		/* bytes: classic BPF program */
	SBX_T_FLAGS,		/* u64: SBX_RUNF_* */
	SBX_T_STDIN_PATH,	/* string: opened inside the box */
	SBX_T_STDOUT_PATH,
	SBX_T_STDERR_PATH,
	SBX_T_STATUS,		/* u64 result fields ... */
	SBX_T_EXIT_CODE,	/* s64 */
	SBX_T_SIGNAL,
	SBX_T_RES_CPU_MS,
	SBX_T_RES_WALL_MS,
	SBX_T_RES_MEMORY_KB,
	SBX_T_RES_OUTPUT,
	SBX_T_STAGE,
	SBX_T_ERRNO,
	SBX_T_MESSAGE,		/* string */
	SBX_T_CGROUP,		/* u64: 0, 1, 2 */
	SBX_T_UID,		/* u64: run as */
	SBX_T_GID,
	SBX_T_TAG_MAX
};

/* SBX_T_FLAGS bits of a RUN frame */
#define SBX_RUNF_STDIN_FD	0x01	/* an fd is attached for stdin */
#define SBX_RUNF_STDOUT_FD	0x02
#define SBX_RUNF_STDERR_FD	0x04
#define SBX_RUNF_NOTIFY		0x10	/* BPF reports through a listener */
#define SBX_RUNF_SANITIZE	0x20	/* escape control bytes on output */
#define SBX_RUNF_NO_CGROUP	0x40

/* A frame being built or decoded. */
struct sbx_frame {
	uint32_t	 type;
	uint32_t	 len;		/* bytes used in buf */
	uint32_t	 cap;
	uint8_t		*buf;
	int		 fds[SBX_PROTO_MAX_FDS];
	int		 nfds;
};

/* A decoded field. */
struct sbx_field {
	uint32_t	 tag;
	uint32_t	 len;
	const uint8_t	*data;
};

void		 sbx_frame_init(struct sbx_frame *, uint32_t type);
void		 sbx_frame_free(struct sbx_frame *);	/* closes its fds */
void		 sbx_frame_add(struct sbx_frame *, uint32_t tag,
		     const void *, uint32_t);
void		 sbx_frame_add_u64(struct sbx_frame *, uint32_t, uint64_t);
void		 sbx_frame_add_str(struct sbx_frame *, uint32_t, const char *);
/* Attach an fd to send (not duplicated, not closed by the frame). */
int		 sbx_frame_add_fd(struct sbx_frame *, int);
/*
 * Iterate: *off starts at 0. Returns 1 and the next field, 0 at the end,
 * -1 when the payload is malformed (a field overruns the frame).
 */
int		 sbx_frame_next(const struct sbx_frame *, uint32_t *off,
		     struct sbx_field *);
/* Validate a whole payload without using it. 0 or -1. */
int		 sbx_frame_check(const struct sbx_frame *);
int		 sbx_field_u64(const struct sbx_field *, uint64_t *);
/* Copy a string field (no NUL inside) into a new allocation, or NULL. */
char		*sbx_field_str(const struct sbx_field *);
/*
 * Send a frame (with its fds when the fd is a socket). Returns 0 or -1
 * (errno). Retries on EINTR and short writes.
 */
int		 sbx_frame_send(int fd, const struct sbx_frame *);
/*
 * Receive a frame into f (initialised by this call). Returns 1 on a
 * frame, 0 on EOF at a frame boundary, -1 on error or a malformed/oversize
 * frame (errno EPROTO/EMSGSIZE). Received fds are close-on-exec and owned
 * by f.
 */
int		 sbx_frame_recv(int fd, struct sbx_frame *);
/* Encode/decode a result. */
void		 sbx_result_encode(struct sbx_frame *, const struct sbx_result *);
int		 sbx_result_decode(const struct sbx_frame *, struct sbx_result *);

/* ------------------------------------------------------------------ */
/* supervise.c: the per-run code and the supervisor loop                */
/* ------------------------------------------------------------------ */

/* What a supervisor knows about its environment. */
struct sbx_sup_env {
	struct sbx_cgroup *session_cg;	/* NULL: no cgroups (rlimits only) */
	uid_t		 uid;		/* run programs as */
	gid_t		 gid;
	int		 in_runsc;	/* inside gVisor */
	int		 debug;
};

/* A decoded RUN request. */
struct sbx_run_req {
	char		**argv;
	char		**env;		/* complete environment */
	size_t		 argc;
	size_t		 envc;
	struct sbx_limits limits;
	void		*bpf;
	size_t		 bpf_len;
	uint64_t	 flags;
	uid_t		 uid;
	gid_t		 gid;
	int		 stdio[3];	/* fds, -1 = /dev/null or discard */
	char		*stdio_path[3];
};

/* Decode a RUN frame; fds are taken over from the frame. -1 with *cause. */
int		 sbx_run_req_decode(struct sbx_frame *, struct sbx_run_req *,
		     char **cause);
void		 sbx_run_req_free(struct sbx_run_req *);
/*
 * Run one request here: fork, set up the child, exec, watch, measure, kill
 * what is left. Always fills res; returns 0, or -1 on an internal error.
 */
int		 sbx_sup_run(const struct sbx_sup_env *,
		     const struct sbx_run_req *, struct sbx_result *);
/*
 * The supervisor loop: read RUN frames from in, answer RESULT frames on
 * out, until QUIT or EOF. Sends HELLO first. Returns an exit status.
 */
int		 sbx_supervise(const struct sbx_sup_env *, int in, int out);

/* ------------------------------------------------------------------ */
/* child.c: the per-run child between fork and exec                     */
/* ------------------------------------------------------------------ */

/* A record on the child's status pipe. */
struct sbx_child_rec {
	int32_t		stage;		/* enum sbx_stage, or SBX_CHILD_LISTENER */
	int32_t		value;		/* errno, or the listener's fd number */
};
#define SBX_CHILD_LISTENER	(-1)

/* Everything the child needs, prepared before fork (no malloc after). */
struct sbx_child {
	int		 status_fd;	/* write end, close-on-exec */
	int		 go_fd;		/* read end, -1 without notify */
	int		 exec_fd;	/* the program, opened for execveat */
	int		 script;	/* "#!": keep exec_fd across exec */
	int		 stdio[3];
	const int	*procs;		/* cgroup.procs fds, or NULL */
	const char	*cwd;
	const struct sbx_limits *limits;
	uint64_t	 rlimit_as;	/* 0 = none */
	int		 change_ids;
	uid_t		 uid;
	gid_t		 gid;
	void		*nocaps;	/* cap_t, empty, made by the parent */
	int		 bounding_empty; /* the parent's bounding set is */
	void		*bpf;		/* struct sock_filter[] */
	size_t		 bpf_len;
	int		 notify;
	char *const	*argv;
	char *const	*envp;
};

/* Set up and execveat; never returns. Async-signal-safe only. */
void		 sbx_child_main(const struct sbx_child *)
		     __attribute__((noreturn));

/* ------------------------------------------------------------------ */
/* setup.c: the native session's namespaces and root                    */
/* ------------------------------------------------------------------ */

struct sbx_mount {
	char		*inside;
	char		*host;
	int		 writable;
};

struct sbx_setup {
	const char	*workdir;	/* host dir or NULL for tmpfs */
	int		 workdir_fd;	/* the same, opened; bound through it */
	uint64_t	 workspace_bytes;
	uint64_t	 tmp_bytes;
	struct sbx_mount *mounts;
	size_t		 nmounts;
	uid_t		 uid;		/* owner of /workspace and /tmp */
	gid_t		 gid;
	uid_t		 outer_uid;	/* caller's, for user namespace maps */
	gid_t		 outer_gid;
	int		 userns;	/* 1 when not root */
};

/*
 * In the freshly cloned supervisor (pid 1 of its namespaces): make mounts
 * private, build the new root, pivot into it, bring loopback... Returns 0,
 * or -1 with *stage and errno set. Uses no stdio.
 */
int		 sbx_setup_root(const struct sbx_setup *, enum sbx_stage *stage);

/* ------------------------------------------------------------------ */
/* runsc.c: the gVisor runtime                                          */
/* ------------------------------------------------------------------ */

/* What a runsc session is made of. */
struct sbx_runsc_conf {
	int		 slot;
	const char	*runsc;		/* the runsc binary */
	const char	*box;		/* gavel-box, bound in as supervisor */
	const char	*cgroup_path;	/* "/gavel/box-N" for runsc, or NULL */
	const char	*workdir;	/* host folder at /workspace, or NULL */
	const struct sbx_mount *mounts;
	size_t		 nmounts;
	uint64_t	 workspace_bytes;
	uint64_t	 tmp_bytes;
	uid_t		 uid;		/* programs run as (in /etc/passwd) */
	gid_t		 gid;
	int		 cpu;		/* pin runsc to this CPU, -1 none */
	int		 debug;		/* keep runsc's debug logs */
};

/* A live runsc sandbox. */
struct sbx_runsc {
	pid_t		 pid;		/* the host runsc process */
	int		 to_sup;	/* its stdin: frames to the supervisor */
	int		 from_sup;	/* its stdout: frames back */
	char		 id[32];	/* container id, "gavel-N" */
	char		 dir[128];	/* the bundle, /run/gavel/runsc/box-N */
	char		 logs[160];	/* debug logs, kept */
};

/* Stdio files of a run, as the host and the supervisor see them. */
#define SBX_RUNSC_IO_INSIDE	"/.gavel/io"

/* GAVEL_RUNSC, else runsc in the usual folders. 0, or -1 (ENOENT). */
int		 sbx_runsc_find(char *path, size_t len);
/*
 * Write the bundle and start `runsc run` with the supervisor; returns
 * once it said HELLO. -1 with res filled (stage runsc) otherwise; the
 * caller then calls sbx_runsc_stop().
 */
int		 sbx_runsc_start(struct sbx_runsc *,
		     const struct sbx_runsc_conf *, struct sbx_result *);
/* QUIT (when quit), wait, kill if need be, delete state and bundle. */
void		 sbx_runsc_stop(struct sbx_runsc *, const char *runsc,
		     int quit);
/* Remove what a killed session of this slot left (slot lock held). */
void		 sbx_runsc_sweep(int slot, const char *runsc);
/* rmdir runsc's empty cgroups <root>/<ctrl>/gavel/box-N but keep's. */
void		 sbx_runsc_sweep_cgroups(const char *root, int slot,
		     const struct sbx_cgroup *keep);
/* Frames over runsc's pipes: no SIGPIPE; recv with a deadline in ms. */
int		 sbx_runsc_send(struct sbx_runsc *, const struct sbx_frame *);
int		 sbx_runsc_recv(struct sbx_runsc *, struct sbx_frame *,
		     uint64_t ms);
/* `gavel-box supervise`: the supervisor as the sandbox's pid 1. */
int		 sbx_runsc_supervisor(int debug);

/* ------------------------------------------------------------------ */
/* util.c: memory and logging                                           */
/* ------------------------------------------------------------------ */

void		*xmalloc(size_t);
void		*xcalloc(size_t, size_t);
void		*xrealloc(void *, size_t);
void		*xreallocarray(void *, size_t, size_t);
char		*xstrdup(const char *);
int		 xasprintf(char **, const char *, ...)
		     __attribute__((format(printf, 2, 3)));
void		 fatal(const char *, ...)
		     __attribute__((format(printf, 1, 2), noreturn));
void		 fatalx(const char *, ...)
		     __attribute__((format(printf, 1, 2), noreturn));

extern int	 log_level;		/* 0 warn, 1 info, 2 debug */
void		 log_warn(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		 log_info(const char *, ...)
		     __attribute__((format(printf, 1, 2)));
void		 log_debug(const char *, ...)
		     __attribute__((format(printf, 1, 2)));

/* Monotonic clock in ns. */
uint64_t	 sbx_now_ns(void);
/* Read a small file at dirfd/path into buf (NUL-terminated). -1 errno. */
ssize_t		 sbx_read_file_at(int dirfd, const char *path, char *buf,
		     size_t len);
/* Write a string to dirfd/path (no O_CREAT). -1 errno. */
int		 sbx_write_file_at(int dirfd, const char *path, const char *);
/* Full write; -1 errno. Async-signal-safe. */
int		 sbx_write_all(int fd, const void *, size_t);
/*
 * Open a directory refusing symlinks (and magic links) anywhere in the
 * path: openat2(RESOLVE_NO_SYMLINKS). The fd, or -1 with errno (ELOOP
 * for a symlink).
 */
int		 sbx_open_dir_nosymlinks(const char *);
/* mkdir -p: every missing folder of path with mode; -1 errno. */
int		 sbx_mkdir_p(const char *, mode_t);

/* compat */
#ifndef HAVE_STRLCPY
size_t		 strlcpy(char *, const char *, size_t);
#endif
#ifndef HAVE_STRLCAT
size_t		 strlcat(char *, const char *, size_t);
#endif

#endif /* SBX_H */
