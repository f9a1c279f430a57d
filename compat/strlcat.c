/* SPDX-License-Identifier: ISC */
/*
 * strlcat(3) for C libraries without it (glibc before 2.38): append with
 * truncation, always NUL-terminated when dst holds a string within size.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <string.h>

#include "sbx.h"

/*
 * Returns the length of the string it tried to make: strlen(src) plus
 * the length of dst, or plus size when dst has no NUL within size.
 */
size_t
strlcat(char *dst, const char *src, size_t size)
{
	size_t	dlen, slen, room;

	dlen = strnlen(dst, size);
	slen = strlen(src);
	if (dlen == size)
		return (size + slen);
	room = size - dlen - 1;
	if (slen <= room)
		memcpy(dst + dlen, src, slen + 1);
	else {
		memcpy(dst + dlen, src, room);
		dst[dlen + room] = '\0';
	}
	return (dlen + slen);
}
