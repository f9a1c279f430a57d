/* SPDX-License-Identifier: ISC */
/*
 * The JSON report of one run, as gavel-box writes it and the end-to-end
 * tests read it: one object on one line, strings always valid UTF-8.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sbx.h"

/*
 * Length of the valid UTF-8 sequence at p (at most n bytes), or 0 when
 * invalid; *bad is then the length of the maximal invalid prefix that one
 * U+FFFD replaces (Unicode's "maximal subpart" practice). Overlong forms,
 * surrogates and values over U+10FFFF are invalid.
 */
static size_t
utf8_valid(const unsigned char *p, size_t n, size_t *bad)
{
	unsigned char	lo = 0x80, hi = 0xbf;
	size_t		need, i;

	*bad = 1;
	if (p[0] < 0x80)
		return (1);
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (p[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		if (p[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (p[0] == 0xf4)
			hi = 0x8f;	/* over U+10FFFF */
	} else
		return (0);

	for (i = 1; i < need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*bad = i;
			return (0);
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return (need);
}

static void
json_string_n(FILE *f, const char *s, size_t len)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, bad;

	fputc('"', f);
	while (i < len) {
		if (p[i] == '"' || p[i] == '\\') {
			fputc('\\', f);
			fputc(p[i], f);
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			fprintf(f, "\\u%04x", p[i]);
			i++;
		} else if ((n = utf8_valid(p + i, len - i, &bad)) == 0) {
			fputs("\\ufffd", f);
			i += bad;
		} else if (n == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			/* U+2028/9 are valid JSON but break JavaScript. */
			fprintf(f, "\\u%04x", 0x2000 + (p[i + 2] - 0x80));
			i += 3;
		} else {
			fwrite(p + i, 1, n, f);
			i += n;
		}
	}
	fputc('"', f);
}

void
sbx_json_string(FILE *f, const char *s)
{
	json_string_n(f, s, strlen(s));
}

static const char *
cgroup_name(int version)
{
	switch (version) {
	case 1:
		return ("v1");
	case 2:
		return ("v2");
	default:
		return ("none");
	}
}

/*
 * The runtime is written by name: "native" or "runsc" once a session is
 * open, "auto" only when it failed before choosing one.
 */
int
sbx_report_write(FILE *f, const struct sbx_result *res,
    enum sbx_runtime rt)
{
	const char	*name;

	errno = 0;
	fputs("{\"status\":", f);
	sbx_json_string(f, sbx_status_name(res->status));
	if (res->exit_code < 0)
		fputs(",\"exit_code\":null", f);
	else
		fprintf(f, ",\"exit_code\":%d", res->exit_code);
	if (res->signal == 0)
		fputs(",\"signal\":null", f);
	else
		fprintf(f, ",\"signal\":%d", res->signal);
	fprintf(f, ",\"cpu_ms\":%" PRIu64 ",\"wall_ms\":%" PRIu64
	    ",\"memory_kb\":%" PRIu64 ",\"output_bytes\":%" PRIu64,
	    res->cpu_ms, res->wall_ms, res->memory_kb, res->output_bytes);
	fputs(",\"runtime\":", f);
	sbx_json_string(f, sbx_runtime_name(rt));
	fputs(",\"message\":", f);
	json_string_n(f, res->message, strnlen(res->message,
	    sizeof res->message));
	fputs(",\"cgroup\":", f);
	sbx_json_string(f, cgroup_name(res->cgroup));
	if (res->status == SBX_INTERNAL_ERROR) {
		fputs(",\"stage\":", f);
		sbx_json_string(f, sbx_stage_name(res->stage));
		if (res->error == 0)
			fputs(",\"errno\":null", f);
		else if ((name = strerrorname_np(res->error)) != NULL) {
			fputs(",\"errno\":", f);
			sbx_json_string(f, name);
		} else
			fprintf(f, ",\"errno\":\"%d\"", res->error);
	}
	fputs("}\n", f);
	if (fflush(f) == EOF || ferror(f)) {
		if (errno == 0)
			errno = EIO;
		return (-1);
	}
	return (0);
}
