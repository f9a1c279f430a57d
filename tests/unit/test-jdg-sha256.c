/* SPDX-License-Identifier: ISC */
/*
 * Unit tests of judge/sha256.c: the FIPS 180-4 examples, input fed in
 * odd pieces, and a file's digest.
 */

#include <sys/types.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "judge/jdg.h"

static void
digest(const char *s, char hex[JDG_SHA256_HEX])
{
	struct jdg_sha256	c;

	jdg_sha256_init(&c);
	jdg_sha256_update(&c, s, strlen(s));
	jdg_sha256_final(&c, hex);
}

static void
test_jdg_sha256_vectors(void **state)
{
	char	hex[JDG_SHA256_HEX];

	digest("", hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	digest("abc", hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_jdg_sha256_pieces(void **state)
{
	struct jdg_sha256	 c;
	char			 hex[JDG_SHA256_HEX], *a;
	size_t			 i, step;

	/* A million 'a': the FIPS long example, in pieces across blocks. */
	a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	jdg_sha256_init(&c);
	for (i = 0, step = 1; i < 1000000; i += step, step = step % 127 + 1)
		jdg_sha256_update(&c, a + i, i + step > 1000000 ?
		    1000000 - i : step);
	jdg_sha256_final(&c, hex);
	free(a);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
}

static void
test_jdg_sha256_file_ok(void **state)
{
	char	path[] = "/tmp/test-jdg-sha256.XXXXXX", hex[JDG_SHA256_HEX];
	int	fd;

	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, "abc", 3), 3);
	close(fd);
	assert_int_equal(jdg_sha256_file(path, hex), 0);
	unlink(path);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	assert_int_equal(jdg_sha256_file(path, hex), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jdg_sha256_vectors),
		cmocka_unit_test(test_jdg_sha256_pieces),
		cmocka_unit_test(test_jdg_sha256_file_ok),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
