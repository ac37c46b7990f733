// SPDX-License-Identifier: MIT
/*
 * SHA-256 on the Armv8 Cryptographic Extension (sha256_ce.S), offered to
 * core/sha256.c when ID_AA64ISAR0_EL1.SHA2 (Arm ARM D17.2.61, bits [15:12])
 * is nonzero. The ID register is read on the calling CPU: vmplat assumes
 * all CPUs report the same SHA2 level (true of QEMU virt and of the
 * symmetric boards we target).
 */
#include <arch/sysreg.h>
#include <vmplat/sha256.h>

#define ID_AA64ISAR0_SHA2 GENMASK_ULL(15, 12)

void sha256_ce_blocks(uint32_t h[8], const uint8_t *p, size_t nblocks);

static const struct sha256_impl sha256_ce = { "ce", sha256_ce_blocks };

const struct sha256_impl *arch_sha256_impl(void)
{
	if (FIELD_GET(ID_AA64ISAR0_SHA2, read_sysreg(id_aa64isar0_el1)) == 0)
		return NULL;
	return &sha256_ce;
}
