// SPDX-License-Identifier: MIT
/*
 * CRC32C with the SSE4.2 CRC32 instruction (Intel SDM Vol. 2A, CRC32:
 * polynomial 11EDC6F41H, bit-reflected as in RFC 3720 B.4), offered to
 * core/crc32c.c when CPUID.01H:ECX.SSE4_2[bit 20] is set. General-purpose
 * registers only (no XMM state), so the build flags need no change.
 * SHA-256 stays in C on x86_64: QEMU 7.2's TCG has no SHA-NI.
 */
#include <arch/cpu.h>
#include <vmplat/crc32c_impl.h>

#define CPUID_1_ECX_SSE42 BIT(20)

CRC32C_INLINE uint32_t crc_u8(uint32_t crc, uint8_t v)
{
	__asm__("crc32b %1, %0" : "+r"(crc) : "rm"(v));
	return crc;
}

CRC32C_INLINE uint32_t crc_u64(uint32_t crc, uint64_t v)
{
	uint64_t c = crc;

	__asm__("crc32q %1, %0" : "+r"(c) : "rm"(v));
	return (uint32_t)c;
}

static uint32_t crc32c_sse42(uint32_t crc, const void *data, size_t len)
{
	return crc32c_words(crc, data, len, crc_u8, crc_u64);
}

static const struct crc32c_impl crc32c_sse42_impl = { "sse4.2", crc32c_sse42 };

const struct crc32c_impl *arch_crc32c_impl(void)
{
	uint32_t eax, ebx, ecx, edx;

	x86_cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	if (!(ecx & CPUID_1_ECX_SSE42))
		return NULL;
	return &crc32c_sse42_impl;
}
