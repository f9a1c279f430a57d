/* SPDX-License-Identifier: ISC */
/*
 * The framed protocol between a session's host side and its supervisor:
 * length-prefixed frames of tagged fields, descriptors through SCM_RIGHTS.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sbx.h"

struct frame_hdr {
	uint32_t	type;
	uint32_t	len;
};

struct field_hdr {
	uint32_t	tag;
	uint32_t	len;
};

#define PAD8(n)	(((n) + 7U) & ~7U)

void
sbx_frame_init(struct sbx_frame *f, uint32_t type)
{
	int	i;

	memset(f, 0, sizeof *f);
	f->type = type;
	for (i = 0; i < SBX_PROTO_MAX_FDS; i++)
		f->fds[i] = -1;
}

void
sbx_frame_free(struct sbx_frame *f)
{
	int	i;

	for (i = 0; i < f->nfds; i++) {
		if (f->fds[i] != -1)
			close(f->fds[i]);
	}
	free(f->buf);
	sbx_frame_init(f, 0);
}

void
sbx_frame_add(struct sbx_frame *f, uint32_t tag, const void *data,
    uint32_t len)
{
	struct field_hdr	 h;
	uint32_t		 need;

	need = sizeof h + PAD8(len);
	if (f->len + need < f->len || f->len + need > SBX_PROTO_MAX_FRAME)
		fatalx("%s: frame too large", __func__);
	if (f->len + need > f->cap) {
		while (f->len + need > f->cap)
			f->cap = f->cap == 0 ? 256 : f->cap * 2;
		f->buf = xrealloc(f->buf, f->cap);
	}
	h.tag = tag;
	h.len = len;
	memcpy(f->buf + f->len, &h, sizeof h);
	if (len != 0)
		memcpy(f->buf + f->len + sizeof h, data, len);
	memset(f->buf + f->len + sizeof h + len, 0, PAD8(len) - len);
	f->len += need;
}

void
sbx_frame_add_u64(struct sbx_frame *f, uint32_t tag, uint64_t v)
{
	sbx_frame_add(f, tag, &v, sizeof v);
}

void
sbx_frame_add_str(struct sbx_frame *f, uint32_t tag, const char *s)
{
	sbx_frame_add(f, tag, s, strlen(s));
}

int
sbx_frame_add_fd(struct sbx_frame *f, int fd)
{
	if (f->nfds == SBX_PROTO_MAX_FDS)
		return (-1);
	f->fds[f->nfds++] = fd;
	return (0);
}

int
sbx_frame_next(const struct sbx_frame *f, uint32_t *off,
    struct sbx_field *out)
{
	struct field_hdr	h;

	if (*off == f->len)
		return (0);
	if (*off > f->len || f->len - *off < sizeof h)
		return (-1);
	memcpy(&h, f->buf + *off, sizeof h);
	if (h.len > SBX_PROTO_MAX_FRAME ||
	    PAD8(h.len) > f->len - *off - sizeof h)
		return (-1);
	out->tag = h.tag;
	out->len = h.len;
	out->data = f->buf + *off + sizeof h;
	*off += sizeof h + PAD8(h.len);
	return (1);
}

int
sbx_frame_check(const struct sbx_frame *f)
{
	struct sbx_field	fl;
	uint32_t		off = 0;
	int			r;

	while ((r = sbx_frame_next(f, &off, &fl)) == 1)
		;
	return (r);
}

int
sbx_field_u64(const struct sbx_field *fl, uint64_t *v)
{
	if (fl->len != sizeof *v)
		return (-1);
	memcpy(v, fl->data, sizeof *v);
	return (0);
}

char *
sbx_field_str(const struct sbx_field *fl)
{
	char	*s;

	if (memchr(fl->data, '\0', fl->len) != NULL)
		return (NULL);
	s = xmalloc((size_t)fl->len + 1);
	memcpy(s, fl->data, fl->len);
	s[fl->len] = '\0';
	return (s);
}

int
sbx_frame_send(int fd, const struct sbx_frame *f)
{
	struct frame_hdr	 h;
	struct msghdr		 msg;
	struct iovec		 iov[2];
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) *
				     SBX_PROTO_MAX_FDS)];
	} cm;
	struct cmsghdr		*c;
	ssize_t			 n;
	size_t			 done, total;

	h.type = f->type;
	h.len = f->len;
	iov[0].iov_base = &h;
	iov[0].iov_len = sizeof h;
	iov[1].iov_base = f->buf;
	iov[1].iov_len = f->len;
	total = sizeof h + f->len;

	memset(&msg, 0, sizeof msg);
	msg.msg_iov = iov;
	msg.msg_iovlen = f->len != 0 ? 2 : 1;
	if (f->nfds != 0) {
		memset(&cm, 0, sizeof cm);
		msg.msg_control = cm.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * f->nfds);
		c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * f->nfds);
		memcpy(CMSG_DATA(c), f->fds, sizeof(int) * f->nfds);
	}

	/*
	 * The first send carries the descriptors. MSG_NOSIGNAL: a dead peer
	 * is EPIPE here, never a SIGPIPE that kills the caller. A pipe (the
	 * runsc channel) takes plain writes and no descriptors.
	 */
	do
		n = sendmsg(fd, &msg, MSG_NOSIGNAL);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == ENOTSOCK && f->nfds == 0) {
		do
			n = writev(fd, iov, (int)msg.msg_iovlen);
		while (n == -1 && errno == EINTR);
	}
	if (n == -1)
		return (-1);
	done = (size_t)n;
	while (done < total) {
		const uint8_t	*p;
		size_t		 left;

		if (done < sizeof h) {
			p = (const uint8_t *)&h + done;
			left = sizeof h - done;
		} else {
			p = f->buf + (done - sizeof h);
			left = total - done;
		}
		do
			n = send(fd, p, left, MSG_NOSIGNAL);
		while (n == -1 && errno == EINTR);
		if (n == -1 && errno == ENOTSOCK)
			n = sbx_write_all(fd, p, left) == -1 ? -1 :
			    (ssize_t)left;
		if (n == -1)
			return (-1);
		done += (size_t)n;
	}
	return (0);
}

/* Read exactly len bytes; 0 on EOF before the first byte, -1 otherwise. */
static int
read_full(int fd, void *buf, size_t len, int eof_ok)
{
	size_t	done = 0;
	ssize_t	n;

	while (done < len) {
		n = read(fd, (uint8_t *)buf + done, len - done);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return (-1);
		if (n == 0) {
			if (done == 0 && eof_ok)
				return (0);
			errno = EPROTO;
			return (-1);
		}
		done += (size_t)n;
	}
	return (1);
}

int
sbx_frame_recv(int fd, struct sbx_frame *f)
{
	struct frame_hdr	 h;
	struct msghdr		 msg;
	struct iovec		 iov;
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(int) *
				     SBX_PROTO_MAX_FDS)];
	} cm;
	struct cmsghdr		*c;
	ssize_t			 n;
	size_t			 nfds, i;
	int			 r, *fds;

	sbx_frame_init(f, 0);
	memset(&msg, 0, sizeof msg);
	iov.iov_base = &h;
	iov.iov_len = sizeof h;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cm.buf;
	msg.msg_controllen = sizeof cm.buf;

	do
		n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == ENOTSOCK) {
		/* A pipe: no descriptors, plain reads. */
		r = read_full(fd, &h, sizeof h, 1);
		if (r <= 0)
			return (r);
		n = sizeof h;
		msg.msg_controllen = 0;
	} else if (n == -1)
		return (-1);
	else if (n == 0)
		return (0);

	/* Take the descriptors first so that every error path closes them. */
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		nfds = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		fds = (int *)CMSG_DATA(c);
		for (i = 0; i < nfds; i++) {
			if (f->nfds < SBX_PROTO_MAX_FDS)
				f->fds[f->nfds++] = fds[i];
			else
				close(fds[i]);
		}
	}
	if (msg.msg_flags & MSG_CTRUNC) {
		sbx_frame_free(f);
		errno = EPROTO;
		return (-1);
	}
	if ((size_t)n < sizeof h &&
	    read_full(fd, (uint8_t *)&h + n, sizeof h - (size_t)n, 0) != 1) {
		sbx_frame_free(f);
		return (-1);
	}
	if (h.len > SBX_PROTO_MAX_FRAME || (h.len % 8) != 0) {
		sbx_frame_free(f);
		errno = EMSGSIZE;
		return (-1);
	}
	f->type = h.type;
	f->len = f->cap = h.len;
	if (h.len != 0) {
		f->buf = xmalloc(h.len);
		if (read_full(fd, f->buf, h.len, 0) != 1) {
			sbx_frame_free(f);
			return (-1);
		}
	}
	if (sbx_frame_check(f) != 0) {
		sbx_frame_free(f);
		errno = EPROTO;
		return (-1);
	}
	return (1);
}

void
sbx_result_encode(struct sbx_frame *f, const struct sbx_result *r)
{
	sbx_frame_add_u64(f, SBX_T_STATUS, (uint64_t)r->status);
	sbx_frame_add_u64(f, SBX_T_EXIT_CODE, (uint64_t)(int64_t)r->exit_code);
	sbx_frame_add_u64(f, SBX_T_SIGNAL, (uint64_t)r->signal);
	sbx_frame_add_u64(f, SBX_T_RES_CPU_MS, r->cpu_ms);
	sbx_frame_add_u64(f, SBX_T_RES_WALL_MS, r->wall_ms);
	sbx_frame_add_u64(f, SBX_T_RES_MEMORY_KB, r->memory_kb);
	sbx_frame_add_u64(f, SBX_T_RES_OUTPUT, r->output_bytes);
	sbx_frame_add_u64(f, SBX_T_STAGE, (uint64_t)r->stage);
	sbx_frame_add_u64(f, SBX_T_ERRNO, (uint64_t)r->error);
	sbx_frame_add_u64(f, SBX_T_CGROUP, (uint64_t)r->cgroup);
	sbx_frame_add_str(f, SBX_T_MESSAGE, r->message);
}

int
sbx_result_decode(const struct sbx_frame *f, struct sbx_result *r)
{
	struct sbx_field	 fl;
	uint32_t		 off = 0;
	uint64_t		 v;
	int			 n, seen = 0;

	sbx_result_init(r);
	while ((n = sbx_frame_next(f, &off, &fl)) == 1) {
		if (fl.tag == SBX_T_MESSAGE) {
			if (fl.len >= sizeof r->message ||
			    memchr(fl.data, '\0', fl.len) != NULL)
				return (-1);
			memcpy(r->message, fl.data, fl.len);
			r->message[fl.len] = '\0';
			continue;
		}
		if (fl.tag < SBX_T_STATUS || fl.tag > SBX_T_CGROUP ||
		    fl.tag == SBX_T_MESSAGE)
			continue;
		if (sbx_field_u64(&fl, &v) != 0)
			return (-1);
		switch (fl.tag) {
		case SBX_T_STATUS:
			if (v >= SBX_STATUS_MAX)
				return (-1);
			r->status = (enum sbx_status)v;
			seen = 1;
			break;
		case SBX_T_EXIT_CODE:
			r->exit_code = (int)(int64_t)v;
			break;
		case SBX_T_SIGNAL:
			if (v > 64)
				return (-1);
			r->signal = (int)v;
			break;
		case SBX_T_RES_CPU_MS:
			r->cpu_ms = v;
			break;
		case SBX_T_RES_WALL_MS:
			r->wall_ms = v;
			break;
		case SBX_T_RES_MEMORY_KB:
			r->memory_kb = v;
			break;
		case SBX_T_RES_OUTPUT:
			r->output_bytes = v;
			break;
		case SBX_T_STAGE:
			if (v >= SBX_STAGE_MAX)
				return (-1);
			r->stage = (enum sbx_stage)v;
			break;
		case SBX_T_ERRNO:
			r->error = (int)v;
			break;
		case SBX_T_CGROUP:
			if (v > 2)
				return (-1);
			r->cgroup = (int)v;
			break;
		}
	}
	if (n != 0 || !seen)
		return (-1);
	return (0);
}

static int
push_str(char ***v, size_t *n, const struct sbx_field *fl)
{
	char	*s;

	if ((s = sbx_field_str(fl)) == NULL)
		return (-1);
	*v = xreallocarray(*v, *n + 2, sizeof **v);
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
	return (0);
}

int
sbx_run_req_decode(struct sbx_frame *f, struct sbx_run_req *q, char **cause)
{
	struct sbx_field	 fl;
	uint32_t		 off = 0;
	uint64_t		 v;
	uint64_t		*u64 = NULL;
	uint32_t		*u32 = NULL;
	int			 n, i, next_fd = 0;

	memset(q, 0, sizeof *q);
	for (i = 0; i < 3; i++)
		q->stdio[i] = -1;
	q->uid = q->gid = 65534;
	if (f->type != SBX_MSG_RUN) {
		xasprintf(cause, "expected a run frame, got type %u", f->type);
		return (-1);
	}
	while ((n = sbx_frame_next(f, &off, &fl)) == 1) {
		u64 = NULL;
		u32 = NULL;
		switch (fl.tag) {
		case SBX_T_ARGV:
			if (push_str(&q->argv, &q->argc, &fl) != 0)
				goto bad;
			continue;
		case SBX_T_ENV:
			if (push_str(&q->env, &q->envc, &fl) != 0)
				goto bad;
			continue;
		case SBX_T_STDIN_PATH:
		case SBX_T_STDOUT_PATH:
		case SBX_T_STDERR_PATH:
			i = (int)(fl.tag - SBX_T_STDIN_PATH);
			free(q->stdio_path[i]);
			if ((q->stdio_path[i] = sbx_field_str(&fl)) == NULL)
				goto bad;
			continue;
		case SBX_T_BPF:
			if (fl.len == 0 || fl.len % 8 != 0)
				goto bad;
			free(q->bpf);
			q->bpf = xmalloc(fl.len);
			memcpy(q->bpf, fl.data, fl.len);
			q->bpf_len = fl.len;
			continue;
		case SBX_T_CPU_MS:
			u64 = &q->limits.cpu_ms;
			break;
		case SBX_T_WALL_MS:
			u64 = &q->limits.wall_ms;
			break;
		case SBX_T_MEMORY:
			u64 = &q->limits.memory_bytes;
			break;
		case SBX_T_STACK:
			u64 = &q->limits.stack_bytes;
			break;
		case SBX_T_FSIZE:
			u64 = &q->limits.fsize_bytes;
			break;
		case SBX_T_OUTPUT:
			u64 = &q->limits.output_bytes;
			break;
		case SBX_T_PROCESSES:
			u32 = &q->limits.processes;
			break;
		case SBX_T_OPEN_FILES:
			u32 = &q->limits.open_files;
			break;
		case SBX_T_FLAGS:
			u64 = &q->flags;
			break;
		case SBX_T_UID:
		case SBX_T_GID:
			if (sbx_field_u64(&fl, &v) != 0 || v > 0xfffffffeU)
				goto bad;
			if (fl.tag == SBX_T_UID)
				q->uid = (uid_t)v;
			else
				q->gid = (gid_t)v;
			continue;
		default:
			continue;	/* unknown tags are skipped */
		}
		if (sbx_field_u64(&fl, &v) != 0)
			goto bad;
		if (u64 != NULL)
			*u64 = v;
		else {
			if (v > UINT32_MAX)
				goto bad;
			*u32 = (uint32_t)v;
		}
	}
	if (n != 0)
		goto bad;
	if (q->argc == 0) {
		xasprintf(cause, "run frame without a program");
		goto fail;
	}
	if (q->env == NULL) {
		q->env = xcalloc(1, sizeof *q->env);
	}
	/* Attached descriptors are in stdin, stdout, stderr order. */
	for (i = 0; i < 3; i++) {
		if ((q->flags & (SBX_RUNF_STDIN_FD << i)) == 0)
			continue;
		if (next_fd >= f->nfds) {
			xasprintf(cause, "run frame is missing descriptor %d",
			    i);
			goto fail;
		}
		q->stdio[i] = f->fds[next_fd];
		f->fds[next_fd++] = -1;
	}
	if (sbx_limits_check(&q->limits, cause) != 0)
		goto fail;
	return (0);

bad:
	xasprintf(cause, "malformed run frame");
fail:
	sbx_run_req_free(q);
	return (-1);
}

void
sbx_run_req_free(struct sbx_run_req *q)
{
	size_t	i;

	for (i = 0; i < q->argc; i++)
		free(q->argv[i]);
	free(q->argv);
	for (i = 0; i < q->envc; i++)
		free(q->env[i]);
	free(q->env);
	for (i = 0; i < 3; i++) {
		if (q->stdio[i] != -1)
			close(q->stdio[i]);
		free(q->stdio_path[i]);
	}
	free(q->bpf);
	memset(q, 0, sizeof *q);
	for (i = 0; i < 3; i++)
		q->stdio[i] = -1;
}
