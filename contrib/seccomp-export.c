/* SPDX-License-Identifier: ISC */
/*
 * seccomp-export: print a gavel seccomp policy as an OCI runtime-spec
 * "linux.seccomp" object, the form contrib/seccomp/NAME.json ships in.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sbx.h"

/* Exit codes as the CLI's: 1 for bad input, 2 when we failed. */
int
main(int argc, char **argv)
{
	struct sbx_policy	*p;
	char			*cause = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: seccomp-export POLICYDIR NAME\n");
		return (1);
	}
	if ((p = sbx_policy_load(argv[1], argv[2], &cause)) == NULL) {
		fprintf(stderr, "seccomp-export: %s\n", cause);
		free(cause);
		return (1);
	}
	if (sbx_policy_write_oci(stdout, p, &cause) == -1) {
		fprintf(stderr, "seccomp-export: %s: %s\n", argv[2], cause);
		free(cause);
		sbx_policy_free(p);
		return (2);
	}
	sbx_policy_free(p);
	if (fclose(stdout) == EOF) {
		fprintf(stderr, "seccomp-export: stdout: %s\n",
		    strerror(errno));
		return (2);
	}
	return (0);
}
