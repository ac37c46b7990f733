// SPDX-License-Identifier: MIT
/*
 * CRC32C with the Armv8 CRC32 instructions (Arm ARM C6.2: CRC32CB/CH/CW/CX,
 * the Castagnoli polynomial, reflected like RFC 3720 B.4), offered to
 * core/crc32c.c when ID_AA64ISAR0_EL1.CRC32 (D17.2.61, bits [19:16]) is
 * nonzero. General-purpose registers only: no FP/SIMD state is touched.
 */
#include <arch/sysreg.h>
#include <vmplat/crc32c_impl.h>

#define ID_AA64ISAR0_CRC32 GENMASK_ULL(19, 16)

/* CRC32 is optional in Armv8.0: assemble these for +crc only. */
#define CRC_FN __attribute__((target("+crc")))

CRC_FN CRC32C_INLINE uint32_t crc_u8(uint32_t crc, uint8_t v)
{
	__asm__("crc32cb %w0, %w0, %w1" : "+r"(crc) : "r"((uint32_t)v));
	return crc;
}

CRC_FN CRC32C_INLINE uint32_t crc_u64(uint32_t crc, uint64_t v)
{
	__asm__("crc32cx %w0, %w0, %x1" : "+r"(crc) : "r"(v));
	return crc;
}

CRC_FN static uint32_t crc32c_arm(uint32_t crc, const void *data, size_t len)
{
	return crc32c_words(crc, data, len, crc_u8, crc_u64);
}

static const struct crc32c_impl crc32c_arm_impl = { "arm", crc32c_arm };

const struct crc32c_impl *arch_crc32c_impl(void)
{
	if (FIELD_GET(ID_AA64ISAR0_CRC32, read_sysreg(id_aa64isar0_el1)) == 0)
		return NULL;
	return &crc32c_arm_impl;
}
