// SPDX-License-Identifier: MIT
/*
 * The CRC32C loop shared by the arch files that have CRC instructions
 * (arch/aarch64/crc32c_arm.c, arch/x86_64/crc32c_sse42.c): bytes up to an
 * 8-byte boundary, then 8-byte words, then the tail. Each arch passes its
 * byte and word instruction wrappers, which must be always-inline: this
 * template is always-inline too, so the pointers are constants at the call
 * and the instructions land in the loop, with no indirect call.
 */
#ifndef VMPLAT_CRC32C_IMPL_H
#define VMPLAT_CRC32C_IMPL_H

#include <vmplat/crc32c.h>

/* For the template and the arch's wrappers alike. */
#define CRC32C_INLINE static inline __attribute__((always_inline))

typedef uint32_t crc32c_u8_fn(uint32_t crc, uint8_t v);
typedef uint32_t crc32c_u64_fn(uint32_t crc, uint64_t v);

/* Same contract as crc32c(): pre- and post-inversion, so calls chain. */
CRC32C_INLINE uint32_t crc32c_words(uint32_t crc, const void *data, size_t len,
				    crc32c_u8_fn *crc_u8, crc32c_u64_fn *crc_u64)
{
	const uint8_t *p = data;
	uint64_t v;

	crc = ~crc;
	for (; len && ((uintptr_t)p & 7); len--)
		crc = crc_u8(crc, *p++);
	for (; len >= 8; len -= 8, p += 8) {
		/* Aligned: one load, little-endian as the CRC wants. The builtin,
		 * as -ffreestanding would otherwise call memcpy for each word. */
		__builtin_memcpy(&v, p, 8);
		crc = crc_u64(crc, v);
	}
	for (; len; len--)
		crc = crc_u8(crc, *p++);
	return ~crc;
}

#endif
