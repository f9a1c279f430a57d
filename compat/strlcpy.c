/* SPDX-License-Identifier: ISC */
/*
 * strlcpy(3) for C libraries without it (glibc before 2.38): copy with
 * truncation, always NUL-terminated when size > 0.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <sys/types.h>

#include <string.h>

#include "sbx.h"

/* Returns strlen(src): truncation happened if that is >= size. */
size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t	len;

	len = strlen(src);
	if (size != 0) {
		if (len >= size) {
			memcpy(dst, src, size - 1);
			dst[size - 1] = '\0';
		} else
			memcpy(dst, src, len + 1);
	}
	return (len);
}
