// SPDX-License-Identifier: MIT
/*
 * boot/inflate.c (RFC 1951, RFC 1952) against zlib: streams zlib writes
 * decode to the same bytes; corrupt ones are refused without reading or
 * writing out of bounds.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <zlib.h>
#include <vmplat/handoff.h>

#define DATA_LEN (300 * 1024)

static uint8_t *data, *comp, *out;
static size_t comp_cap = DATA_LEN * 2 + 1024;

/* Text-like data with repeats (long matches) and a random tail (literals). */
static void make_data(void)
{
	uint32_t x = 12345;

	for (size_t i = 0; i < DATA_LEN; i++) {
		x = x * 1103515245 + 12345;
		if (i < DATA_LEN / 2)
			data[i] = (uint8_t)("vmplat boots arm64 Linux "[i % 25] ^ ((i / 4096) & 1));
		else
			data[i] = (uint8_t)(x >> 16);
	}
}

static int setup(void **state)
{
	(void)state;
	data = malloc(DATA_LEN);
	comp = malloc(comp_cap);
	out = malloc(DATA_LEN + 64);
	make_data();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(data);
	free(comp);
	free(out);
	return 0;
}

/* zlib deflate with windowBits: -15 raw, 31 gzip. Returns the length. */
static size_t z_compress(const uint8_t *src, size_t n, int level, int strategy, int wbits)
{
	z_stream z = { 0 };

	assert_int_equal(deflateInit2(&z, level, Z_DEFLATED, wbits, 8, strategy), Z_OK);
	z.next_in = (uint8_t *)src;
	z.avail_in = (uInt)n;
	z.next_out = comp;
	z.avail_out = (uInt)comp_cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	deflateEnd(&z);
	return z.total_out;
}

static void roundtrip(int level, int strategy)
{
	size_t clen = z_compress(data, DATA_LEN, level, strategy, 31), olen = DATA_LEN;
	const char *why = NULL;

	assert_int_equal(gzip_isize(comp, clen), DATA_LEN);
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), 0);
	assert_int_equal(olen, DATA_LEN);
	assert_memory_equal(out, data, DATA_LEN);
}

static void test_gzip_every_level(void **state)
{
	(void)state;
	for (int level = 0; level <= 9; level++)
		roundtrip(level, Z_DEFAULT_STRATEGY);
}

static void test_gzip_strategies(void **state)
{
	(void)state;
	roundtrip(6, Z_FIXED);	      /* fixed Huffman blocks (3.2.6) */
	roundtrip(6, Z_HUFFMAN_ONLY); /* literals only */
	roundtrip(6, Z_RLE);	      /* distance 1 matches */
	roundtrip(9, Z_FILTERED);
}

static void test_raw_deflate_and_in_used(void **state)
{
	size_t clen = z_compress(data, 5000, 9, Z_DEFAULT_STRATEGY, -15), olen = 5000, used = 0;
	const char *why = NULL;

	(void)state;
	comp[clen] = 0xaa; /* trailing byte: not consumed */
	assert_int_equal(inflate_raw(comp, clen + 1, &used, out, &olen, &why), 0);
	assert_int_equal(used, clen);
	assert_int_equal(olen, 5000);
	assert_memory_equal(out, data, 5000);
}

static void test_empty_input(void **state)
{
	size_t clen = z_compress(data, 0, 6, Z_DEFAULT_STRATEGY, 31), olen = 16;
	const char *why = NULL;

	(void)state;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), 0);
	assert_int_equal(olen, 0);
}

/* A head read: the first 64 bytes out of the first 4 KiB of the stream. */
static void test_head_of_a_long_stream(void **state)
{
	size_t clen = z_compress(data, DATA_LEN, 6, Z_DEFAULT_STRATEGY, 31), olen = 64;
	const char *why = NULL;

	(void)state;
	assert_true(clen > 4096);
	assert_int_equal(gunzip_head(comp, 4096, out, &olen, &why), 0);
	assert_int_equal(olen, 64);
	assert_memory_equal(out, data, 64);
}

static void test_output_too_small(void **state)
{
	size_t clen = z_compress(data, DATA_LEN, 6, Z_DEFAULT_STRATEGY, 31), olen = DATA_LEN - 1;
	const char *why = NULL;

	(void)state;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), -ENOSPC);
	assert_int_equal(olen, DATA_LEN - 1);
}

static void test_truncated_and_corrupt(void **state)
{
	size_t clen = z_compress(data, 20000, 6, Z_DEFAULT_STRATEGY, 31), olen;
	const char *why = NULL;

	(void)state;
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen - 9, out, &olen, &why), -EINVAL); /* trailer cut */
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen / 2, out, &olen, &why), -EINVAL);
	comp[clen - 8] ^= 1; /* CRC32 */
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), -EINVAL);
	assert_non_null(strstr(why, "CRC32"));
	comp[clen - 8] ^= 1;
	comp[clen - 4] ^= 1; /* ISIZE */
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), -EINVAL);
	comp[clen - 4] ^= 1;
	comp[3] = 0xe0; /* reserved FLG bits */
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), -EINVAL);
	comp[0] = 0; /* not gzip */
	olen = DATA_LEN;
	assert_int_equal(gunzip(comp, clen, out, &olen, &why), -EINVAL);
	assert_false(gzip_is(comp, clen));
}

/* Hand-made streams for the rules zlib never breaks. */
static void test_malformed_blocks(void **state)
{
	const uint8_t reserved_type[] = { 0x07 };			    /* BFINAL=1, BTYPE=3 */
	const uint8_t stored_bad_nlen[] = { 0x01, 0x05, 0x00, 0x00, 0x00 }; /* NLEN != ~LEN */
	const uint8_t stored_short[] = { 0x01, 0x05, 0x00, 0xfa, 0xff, 'a' };
	/* Fixed block: literal 'a', then length 3 at distance 4 (before the start). */
	const uint8_t far_distance[] = { 0x4b, 0x04, 0x62, 0x00 };
	size_t olen;
	const char *why = NULL;

	(void)state;
	olen = 64;
	assert_int_equal(inflate_raw(reserved_type, 1, NULL, out, &olen, &why), -EINVAL);
	olen = 64;
	assert_int_equal(inflate_raw(stored_bad_nlen, 5, NULL, out, &olen, &why), -EINVAL);
	olen = 64;
	assert_int_equal(inflate_raw(stored_short, 6, NULL, out, &olen, &why), -EINVAL);
	olen = 64;
	assert_int_equal(inflate_raw(far_distance, 4, NULL, out, &olen, &why), -EINVAL);
}

/*
 * Found by tests/fuzz/inflate: a dynamic block whose distance code is a single
 * code longer than one bit was accepted (zlib: "invalid distances set").
 * RFC 1951 3.2.7 allows an incomplete code only as "a single code length of
 * one, with one unused code".
 */
static void test_single_long_distance_code_is_refused(void **state)
{
	static const uint8_t s[] = { 0x05, 0xc1, 0xdd, 0x6e, 0x1b, 0x47, 0xd2, 0x06, 0xe0, 0xf3,
				     0xd1, 0x55, 0x0d, 0x00, 0x40, 0x60, 0x00, 0x00, 0x32, 0x65,
				     0x14, 0x83, 0xb9, 0xf8, 0xef, 0x83, 0xe0, 0xff, 0x35, 0xff,
				     0x35, 0xcf, 0xa8, 0xaa, 0x86, 0x14, 0x83, 0xf8, 0xef };
	size_t olen = 4096;
	const char *why = NULL;
	z_stream z = { 0 };

	(void)state;
	assert_int_equal(inflate_raw(s, sizeof(s), NULL, out, &olen, &why), -EINVAL);
	assert_string_equal(why, "bad distance code");
	assert_int_equal(inflateInit2(&z, -MAX_WBITS), Z_OK);
	z.next_in = (Bytef *)s;
	z.avail_in = sizeof(s);
	z.next_out = out;
	z.avail_out = 4096;
	assert_int_equal(inflate(&z, Z_FINISH), Z_DATA_ERROR); /* zlib agrees */
	inflateEnd(&z);
}

/*
 * Bounded fuzz: random bit flips and cuts of a valid member must end in 0
 * (then the output must equal zlib's view of the same bytes) or an error,
 * never a crash (ASan build).
 */
static void test_mutations(void **state)
{
	uint8_t *m = malloc(comp_cap);
	size_t clen = z_compress(data, 40000, 6, Z_DEFAULT_STRATEGY, 31);
	uint32_t x = 777;

	(void)state;
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = clen, olen = DATA_LEN;
		const char *why = NULL;
		int rc;

		memcpy(m, comp, clen);
		for (int k = 0; k < 1 + iter % 4; k++) {
			x = x * 1103515245 + 12345;
			m[(x >> 8) % clen] ^= (uint8_t)(1u << (x % 8));
		}
		if (iter % 5 == 0)
			len = (x >> 4) % clen;
		rc = gunzip(m, len, out, &olen, &why);
		assert_true(rc == 0 || rc == -EINVAL || rc == -ENOSPC);
		assert_true(olen <= DATA_LEN);
		if (!rc) {
			uLongf zl = DATA_LEN;
			uint8_t *ref = malloc(DATA_LEN);
			z_stream z = { 0 };

			assert_int_equal(inflateInit2(&z, 31), Z_OK);
			z.next_in = m;
			z.avail_in = (uInt)len;
			z.next_out = ref;
			z.avail_out = (uInt)zl;
			assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
			assert_int_equal(z.total_out, olen);
			assert_memory_equal(ref, out, olen);
			inflateEnd(&z);
			free(ref);
		}
	}
	free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_every_level),
		cmocka_unit_test(test_gzip_strategies),
		cmocka_unit_test(test_raw_deflate_and_in_used),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_head_of_a_long_stream),
		cmocka_unit_test(test_output_too_small),
		cmocka_unit_test(test_truncated_and_corrupt),
		cmocka_unit_test(test_malformed_blocks),
		cmocka_unit_test(test_single_long_distance_code_is_refused),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
