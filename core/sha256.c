// SPDX-License-Identifier: MIT
/*
 * SHA-256 (FIPS 180-4): constants 4.2.2, initial hash 5.3.3, padding 5.1.1,
 * compression 6.2.2. Portable: the host tests run it on the NIST vectors.
 * The compression function is a per-context pointer: the arch's accelerated
 * one when arch_sha256_impl() offers it, else compress_blocks() below.
 */
#include <string.h>
#include <vmplat/sha256.h>

/* FIPS 180-4, 4.2.2: first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
	0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
	0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
	0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
	0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
	0xc67178f2,
};

static inline uint32_t ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* FIPS 180-4, 4.1.2 functions. */
#define CH(x, y, z)  (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x)     (ror(x, 2) ^ ror(x, 13) ^ ror(x, 22))
#define BSIG1(x)     (ror(x, 6) ^ ror(x, 11) ^ ror(x, 25))
#define SSIG0(x)     (ror(x, 7) ^ ror(x, 18) ^ ((x) >> 3))
#define SSIG1(x)     (ror(x, 17) ^ ror(x, 19) ^ ((x) >> 10))

/* 6.2.2: message schedule and 64 rounds over one block. */
static void compress(uint32_t h[8], const uint8_t *p)
{
	uint32_t w[64], s[8], t1, t2;

	for (unsigned i = 0; i < 16; i++)
		w[i] = be32_get(p + 4 * i);
	for (unsigned i = 16; i < 64; i++)
		w[i] = SSIG1(w[i - 2]) + w[i - 7] + SSIG0(w[i - 15]) + w[i - 16];
	memcpy(s, h, sizeof(s));
	for (unsigned i = 0; i < 64; i++) {
		t1 = s[7] + BSIG1(s[4]) + CH(s[4], s[5], s[6]) + sha256_k[i] + w[i];
		t2 = BSIG0(s[0]) + MAJ(s[0], s[1], s[2]);
		memmove(&s[1], &s[0], 7 * sizeof(s[0]));
		s[4] += t1;
		s[0] = t1 + t2;
	}
	for (unsigned i = 0; i < 8; i++)
		h[i] += s[i];
}

static void compress_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks)
{
	for (; nblocks; nblocks--, p += SHA256_BLOCK_SIZE)
		compress(h, p);
}

const struct sha256_impl sha256_generic = { "c", compress_blocks };

/* Host builds and arches without SHA-256 instructions. */
__weak const struct sha256_impl *arch_sha256_impl(void)
{
	return NULL;
}

/* Chosen on first use; CPUs racing here store the same pointer. */
const struct sha256_impl *sha256_active(void)
{
	static const struct sha256_impl *active;
	const struct sha256_impl *impl = __atomic_load_n(&active, __ATOMIC_RELAXED);

	if (!impl) {
		impl = arch_sha256_impl();
		if (!impl)
			impl = &sha256_generic;
		__atomic_store_n(&active, impl, __ATOMIC_RELAXED);
	}
	return impl;
}

void sha256_init(struct sha256_ctx *c)
{
	sha256_init_impl(c, sha256_active());
}

void sha256_init_impl(struct sha256_ctx *c, const struct sha256_impl *impl)
{
	/* 5.3.3 */
	static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

	c->impl = impl;
	memcpy(c->h, h0, sizeof(h0));
	c->len = 0;
	c->nbuf = 0;
}

void sha256_update(struct sha256_ctx *c, const void *data, size_t len)
{
	const uint8_t *p = data;

	c->len += len;
	if (c->nbuf) {
		size_t n = MIN(len, SHA256_BLOCK_SIZE - c->nbuf);

		memcpy(c->buf + c->nbuf, p, n);
		c->nbuf += n;
		p += n;
		len -= n;
		if (c->nbuf < SHA256_BLOCK_SIZE)
			return;
		c->impl->blocks(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	if (len >= SHA256_BLOCK_SIZE) {
		size_t n = len / SHA256_BLOCK_SIZE;

		c->impl->blocks(c->h, p, n);
		p += n * SHA256_BLOCK_SIZE;
		len -= n * SHA256_BLOCK_SIZE;
	}
	memcpy(c->buf, p, len);
	c->nbuf = len;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* 5.1.1: a 1 bit, zeros to 56 mod 64 bytes, then the bit length big-endian. */
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE])
{
	uint64_t bits = c->len * 8;

	c->buf[c->nbuf++] = 0x80;
	if (c->nbuf > SHA256_BLOCK_SIZE - 8) {
		memset(c->buf + c->nbuf, 0, SHA256_BLOCK_SIZE - c->nbuf);
		c->impl->blocks(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	memset(c->buf + c->nbuf, 0, SHA256_BLOCK_SIZE - 8 - c->nbuf);
	put_be32(c->buf + 56, (uint32_t)(bits >> 32));
	put_be32(c->buf + 60, (uint32_t)bits);
	c->impl->blocks(c->h, c->buf, 1);
	for (unsigned i = 0; i < 8; i++)
		put_be32(digest + 4 * i, c->h[i]);
	memset(c, 0, sizeof(*c));
}

void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE])
{
	struct sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, len);
	sha256_final(&c, digest);
}

char *sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned i = 0; i < SHA256_DIGEST_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[2 * SHA256_DIGEST_SIZE] = 0;
	return out;
}
