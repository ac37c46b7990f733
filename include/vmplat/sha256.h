// SPDX-License-Identifier: MIT
/*
 * SHA-256 (FIPS 180-4, section 6.2), incremental:
 *
 *	struct sha256_ctx c;
 *	sha256_init(&c);
 *	sha256_update(&c, buf, len);	(any number of times)
 *	sha256_final(&c, digest);
 *
 * The compression function (6.2.2) is chosen once at run time: the arch's
 * accelerated one when arch_sha256_impl() offers it (aarch64: Armv8 SHA2
 * instructions), else the portable C one, which is also the reference the
 * self-tests compare against. Both give the same digests.
 */
#ifndef VMPLAT_SHA256_H
#define VMPLAT_SHA256_H

#include <vmplat/types.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64
#define SHA256_HEX_SIZE	   (2 * SHA256_DIGEST_SIZE + 1)

/* A compression function over nblocks whole 64-byte blocks (6.2.2 steps 1-4). */
struct sha256_impl {
	const char *name; /* "c", "ce", ... (self-test and benchmark reports) */
	void (*blocks)(uint32_t h[8], const uint8_t *p, size_t nblocks);
};

struct sha256_ctx {
	const struct sha256_impl *impl;
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t buf[SHA256_BLOCK_SIZE];
	size_t nbuf;
};

void sha256_init(struct sha256_ctx *c);
void sha256_update(struct sha256_ctx *c, const void *data, size_t len);
void sha256_final(struct sha256_ctx *c, uint8_t digest[SHA256_DIGEST_SIZE]);
/* One call over a buffer. */
void sha256(const void *data, size_t len, uint8_t digest[SHA256_DIGEST_SIZE]);
/* Lower-case hex into out (SHA256_HEX_SIZE bytes); returns out. */
char *sha256_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char *out);

/* FIPS 180-4 4.2.2 constants, for the arch block functions. */
extern const uint32_t sha256_k[64];
/* The portable C compression function: the fallback and the reference. */
extern const struct sha256_impl sha256_generic;
/* What sha256_init() picks: the arch's, or sha256_generic. */
const struct sha256_impl *sha256_active(void);
/* sha256_init() with a given compression function (self-tests, benchmarks). */
void sha256_init_impl(struct sha256_ctx *c, const struct sha256_impl *impl);
/*
 * Arch hook: an accelerated compression function usable on this CPU, or NULL
 * (weak default in core/sha256.c; host builds use it). May use FP/SIMD
 * registers: callable wherever the compiler's own code may be, i.e. not
 * before head.S/efi_main enabled FP/SIMD (see docs/architecture.md).
 */
const struct sha256_impl *arch_sha256_impl(void);

#endif
