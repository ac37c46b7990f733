// SPDX-License-Identifier: MIT
/*
 * SHA-256 (FIPS 180-4, section 6.2), incremental:
 *
 *	struct sha256_ctx c;
 *	sha256_init(&c);
 *	sha256_update(&c, buf, len);	(any number of times)
 *	sha256_final(&c, digest);
 */
#ifndef VMPLAT_SHA256_H
#define VMPLAT_SHA256_H

#include <vmplat/types.h>

#define SHA256_DIGEST_SIZE 32
#define SHA256_BLOCK_SIZE  64
#define SHA256_HEX_SIZE	   (2 * SHA256_DIGEST_SIZE + 1)

struct sha256_ctx {
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

#endif
