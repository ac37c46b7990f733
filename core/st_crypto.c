// SPDX-License-Identifier: MIT
/*
 * SHA-256 and CRC32C self-tests: the implementation in use (arch-accelerated
 * or portable C, see sha256_active()/crc32c_active()) gives the FIPS 180-4
 * and RFC 3720 B.4 answers and the same result as the portable C code on
 * random buffers of every length 0..ST_MAX_LEN at every start offset
 * 0..ST_MAX_OFF-1, one-shot and split; crypto_speed prints the throughput
 * of both in the same boot (bench/crypto_bench.py reads those lines).
 */
#include <string.h>
#include <vmplat/crc32c.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/selftest.h>
#include <vmplat/sha256.h>
#include <vmplat/timer.h>

#define ST_MAX_LEN    300
#define ST_MAX_OFF    16
#define ST_SPEED_SIZE (512 * KiB)
#define ST_SPEED_RUNS 3

/* xorshift64 (Marsaglia 2003): the seed is printed when a check fails. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void rng_fill(uint64_t *s, uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(rng_next(s) >> 32);
}

/* A different buffer every boot; never 0 (xorshift's fixed point). */
static uint64_t rng_seed(void)
{
	return timestamp_ns() | 1;
}

static void sha256_with(const struct sha256_impl *impl, const void *p, size_t len, size_t split,
			uint8_t d[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init_impl(&c, impl);
	sha256_update(&c, p, split);
	sha256_update(&c, (const uint8_t *)p + split, len - split);
	sha256_final(&c, d);
}

static bool digest_is(const uint8_t d[SHA256_DIGEST_SIZE], const char *hex)
{
	char got[SHA256_HEX_SIZE];

	return strcmp(sha256_hex(d, got), hex) == 0;
}

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2 additional"). */
static const struct {
	const char *msg;
	const char *hex;
} sha_vectors[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrl"
	  "mnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

SELFTEST(crypto_sha256_vectors)
{
	const struct sha256_impl *impls[] = { sha256_active(), &sha256_generic };
	uint8_t d[SHA256_DIGEST_SIZE];

	console_printf("# crypto: sha256 %s, crc32c %s\n", sha256_active()->name,
		       crc32c_active()->name);
	for (unsigned k = 0; k < ARRAY_SIZE(impls); k++) {
		for (unsigned i = 0; i < ARRAY_SIZE(sha_vectors); i++) {
			size_t len = strlen(sha_vectors[i].msg);

			sha256_with(impls[k], sha_vectors[i].msg, len, len / 2, d);
			ST_CHECK(digest_is(d, sha_vectors[i].hex), "%s: vector %u wrong",
				 impls[k]->name, i);
		}
	}
	/* The public one-shot call goes through the active implementation. */
	sha256("abc", 3, d);
	ST_CHECK(digest_is(d, sha_vectors[1].hex), "sha256(\"abc\") wrong");
	return 0;
}

/* The block function alone, from a random state, over 1..4 blocks. */
static int sha256_blocks_match(const struct sha256_impl *a, uint64_t *rng, const uint8_t *buf)
{
	for (unsigned n = 1; n <= 4; n++) {
		uint32_t h1[8], h2[8];

		for (unsigned i = 0; i < 8; i++)
			h1[i] = h2[i] = (uint32_t)rng_next(rng);
		a->blocks(h1, buf + n, n);
		sha256_generic.blocks(h2, buf + n, n);
		ST_CHECK(!memcmp(h1, h2, sizeof(h1)), "%s: %u blocks differ from c", a->name, n);
	}
	return 0;
}

SELFTEST(crypto_sha256_matches_c)
{
	const struct sha256_impl *a = sha256_active();
	static uint8_t buf[ST_MAX_OFF + ST_MAX_LEN];
	uint64_t seed = rng_seed(), rng = seed;
	uint8_t d1[SHA256_DIGEST_SIZE], d2[SHA256_DIGEST_SIZE];

	rng_fill(&rng, buf, sizeof(buf));
	if (sha256_blocks_match(a, &rng, buf))
		return -1;
	for (unsigned off = 0; off < ST_MAX_OFF; off++) {
		for (unsigned len = 0; len <= ST_MAX_LEN; len++) {
			unsigned split = (unsigned)(rng_next(&rng) % (len + 1));

			sha256_with(a, buf + off, len, len, d1);
			sha256_with(&sha256_generic, buf + off, len, 0, d2);
			ST_CHECK(!memcmp(d1, d2, sizeof(d1)),
				 "%s: len %u off %u differs (seed %#llx)", a->name, len, off,
				 (unsigned long long)seed);
			sha256_with(a, buf + off, len, split, d1);
			ST_CHECK(!memcmp(d1, d2, sizeof(d1)),
				 "%s: len %u off %u split %u differs (seed %#llx)", a->name, len,
				 off, split, (unsigned long long)seed);
		}
	}
	return 0;
}

static void fill_pattern(uint8_t *p, size_t len, unsigned start, int step, unsigned fixed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = step ? (uint8_t)(start + step * (int)i) : (uint8_t)fixed;
}

/* RFC 3720 B.4 examples (32-byte patterns) and the CRC catalogue check value. */
static int crc32c_vectors(const struct crc32c_impl *impl)
{
	uint8_t b[32];

	fill_pattern(b, 32, 0, 0, 0x00);
	ST_CHECK(impl->fn(0, b, 32) == 0x8a9136aa, "%s: 32 zeros", impl->name);
	fill_pattern(b, 32, 0, 0, 0xff);
	ST_CHECK(impl->fn(0, b, 32) == 0x62a8ab43, "%s: 32 ones", impl->name);
	fill_pattern(b, 32, 0, 1, 0);
	ST_CHECK(impl->fn(0, b, 32) == 0x46dd794e, "%s: incrementing", impl->name);
	fill_pattern(b, 32, 31, -1, 0);
	ST_CHECK(impl->fn(0, b, 32) == 0x113fdb5c, "%s: decrementing", impl->name);
	ST_CHECK(impl->fn(0, "123456789", 9) == 0xe3069283, "%s: check value", impl->name);
	ST_CHECK(impl->fn(impl->fn(0, "1234", 4), "56789", 5) == 0xe3069283, "%s: chained",
		 impl->name);
	return 0;
}

SELFTEST(crypto_crc32c_vectors)
{
	if (crc32c_vectors(&crc32c_generic) || crc32c_vectors(crc32c_active()))
		return -1;
	ST_CHECK(crc32c(0, "123456789", 9) == 0xe3069283, "crc32c() check value");
	return 0;
}

SELFTEST(crypto_crc32c_matches_c)
{
	const struct crc32c_impl *a = crc32c_active();
	static uint8_t buf[ST_MAX_OFF + ST_MAX_LEN];
	uint64_t seed = rng_seed(), rng = seed;

	rng_fill(&rng, buf, sizeof(buf));
	for (unsigned off = 0; off < ST_MAX_OFF; off++) {
		for (unsigned len = 0; len <= ST_MAX_LEN; len++) {
			const uint8_t *p = buf + off;
			uint32_t init = (uint32_t)rng_next(&rng);
			unsigned split = (unsigned)(rng_next(&rng) % (len + 1));
			uint32_t want = crc32c_generic.fn(init, p, len);

			ST_CHECK(a->fn(init, p, len) == want,
				 "%s: len %u off %u init %#x differs (seed %#llx)", a->name, len,
				 off, init, (unsigned long long)seed);
			ST_CHECK(a->fn(a->fn(init, p, split), p + split, len - split) == want,
				 "%s: len %u off %u split %u differs (seed %#llx)", a->name, len,
				 off, split, (unsigned long long)seed);
		}
	}
	return 0;
}

/* Best of ST_SPEED_RUNS, in ns; the result of the last run in *out. */
static uint64_t time_sha(const struct sha256_impl *impl, const uint8_t *p, size_t len,
			 uint8_t out[SHA256_DIGEST_SIZE])
{
	uint64_t best = UINT64_MAX;

	for (unsigned r = 0; r < ST_SPEED_RUNS; r++) {
		uint64_t t0 = timestamp_ns();

		sha256_with(impl, p, len, 0, out);
		best = MIN(best, timestamp_ns() - t0);
	}
	return MAX(best, 1);
}

static uint64_t time_crc(const struct crc32c_impl *impl, const uint8_t *p, size_t len,
			 uint32_t *out)
{
	uint64_t best = UINT64_MAX;

	for (unsigned r = 0; r < ST_SPEED_RUNS; r++) {
		uint64_t t0 = timestamp_ns();

		*out = impl->fn(0, p, len);
		best = MIN(best, timestamp_ns() - t0);
	}
	return MAX(best, 1);
}

/* "<name> <MB/s>" with one decimal: MB/s = bytes * 1000 / ns. */
static void speed_line(const char *what, const char *fast, uint64_t t_fast, uint64_t t_c)
{
	uint64_t f10 = ST_SPEED_SIZE * 10000ULL / t_fast, c10 = ST_SPEED_SIZE * 10000ULL / t_c;
	uint64_t r100 = t_c * 100 / t_fast;

	console_printf(
		"# crypto speed: %s %s %llu.%llu MB/s, c %llu.%llu MB/s, ratio %llu.%02llu\n", what,
		fast, (unsigned long long)(f10 / 10), (unsigned long long)(f10 % 10),
		(unsigned long long)(c10 / 10), (unsigned long long)(c10 % 10),
		(unsigned long long)(r100 / 100), (unsigned long long)(r100 % 100));
}

SELFTEST(crypto_speed)
{
	paddr_t pa = page_alloc(ST_SPEED_SIZE / PAGE_SIZE);
	uint8_t d1[SHA256_DIGEST_SIZE], d2[SHA256_DIGEST_SIZE];
	uint64_t rng = rng_seed(), ta, tc;
	uint32_t c1, c2;
	uint8_t *buf;

	ST_CHECK(pa != INVALID_PADDR, "no memory for %llu bytes",
		 (unsigned long long)ST_SPEED_SIZE);
	buf = phys_to_virt(pa);
	rng_fill(&rng, buf, ST_SPEED_SIZE);
	ta = time_sha(sha256_active(), buf, ST_SPEED_SIZE, d1);
	tc = time_sha(&sha256_generic, buf, ST_SPEED_SIZE, d2);
	speed_line("sha256", sha256_active()->name, ta, tc);
	ta = time_crc(crc32c_active(), buf, ST_SPEED_SIZE, &c1);
	tc = time_crc(&crc32c_generic, buf, ST_SPEED_SIZE, &c2);
	speed_line("crc32c", crc32c_active()->name, ta, tc);
	page_free(pa, ST_SPEED_SIZE / PAGE_SIZE);
	ST_CHECK(!memcmp(d1, d2, sizeof(d1)), "sha256 of %u KiB: %s and c differ",
		 (unsigned)(ST_SPEED_SIZE / KiB), sha256_active()->name);
	ST_CHECK(c1 == c2, "crc32c of %u KiB: %s %#x, c %#x", (unsigned)(ST_SPEED_SIZE / KiB),
		 crc32c_active()->name, c1, c2);
	return 0;
}
