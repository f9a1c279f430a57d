/* SPDX-License-Identifier: ISC */
/*
 * static-true: exit 0 and nothing else, linked -static, so the overhead
 * benchmark and the tests can run a program that needs no shared libraries.
 */

int
main(void)
{
	return (0);
}
