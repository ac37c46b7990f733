// SPDX-License-Identifier: MIT
/*
 * SHA-256 against the FIPS 180-4 examples (NIST CSRC "Example Algorithms":
 * one block, two blocks) and the long-message vectors (896-bit message,
 * one million 'a'), one-shot and split at every offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/sha256.h>

static void check_hex(const void *msg, size_t len, const char *want)
{
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	sha256(msg, len, d);
	assert_string_equal(sha256_hex(d, hex), want);
}

static void test_empty_message(void **state)
{
	(void)state;
	check_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_one_block_abc(void **state)
{
	(void)state;
	check_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

/* 448 bits: padding spills into a second block (5.1.1). */
static void test_two_block_448_bits(void **state)
{
	static const char m[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	check_hex(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_896_bits(void **state)
{
	static const char m[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
				"ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

	(void)state;
	check_hex(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a_incremental(void **state)
{
	char chunk[1000];
	struct sha256_ctx c;
	uint8_t d[SHA256_DIGEST_SIZE];
	char hex[SHA256_HEX_SIZE];

	(void)state;
	memset(chunk, 'a', sizeof(chunk));
	sha256_init(&c);
	for (int i = 0; i < 1000; i++)
		sha256_update(&c, chunk, sizeof(chunk));
	sha256_final(&c, d);
	assert_string_equal(sha256_hex(d, hex),
			    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Splitting the input anywhere (including at 55/56/64-byte edges) changes nothing. */
static void test_split_anywhere_equals_one_shot(void **state)
{
	uint8_t msg[300], one[SHA256_DIGEST_SIZE], two[SHA256_DIGEST_SIZE];
	struct sha256_ctx c;

	(void)state;
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 7 + 3);
	for (size_t len = 0; len <= sizeof(msg); len += 13) {
		sha256(msg, len, one);
		for (size_t cut = 0; cut <= len; cut++) {
			sha256_init(&c);
			sha256_update(&c, msg, cut);
			sha256_update(&c, msg + cut, 0);
			sha256_update(&c, msg + cut, len - cut);
			sha256_final(&c, two);
			assert_memory_equal(one, two, sizeof(one));
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_message),
		cmocka_unit_test(test_one_block_abc),
		cmocka_unit_test(test_two_block_448_bits),
		cmocka_unit_test(test_896_bits),
		cmocka_unit_test(test_million_a_incremental),
		cmocka_unit_test(test_split_anywhere_equals_one_shot),
	};
	return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}
