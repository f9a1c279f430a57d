/* SPDX-License-Identifier: ISC */
/*
 * gavel-box, the sandbox's command line: its subcommands and exit codes
 * (the DESIGN contract: 0 done, 2 bad usage, 3 internal error).
 */

#ifndef BOX_H
#define BOX_H

#define EXIT_USAGE	2	/* bad usage, one line on stderr */
#define EXIT_INTERNAL	3	/* the sandbox failed: internal-error */

/* box-check.c */
/* `gavel-box check [--json]`: 0 when the sandbox can be safe, else 1. */
int	box_check(int argc, char **argv);

#endif /* BOX_H */
