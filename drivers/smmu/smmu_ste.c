// SPDX-License-Identifier: MIT
/*
 * SMMUv3 Stream Table Entries (IHI 0070 E.a, 5.2), Context Descriptors
 * (5.4) and level-1 stream table descriptors (5.1.2), built as
 * little-endian dwords. Portable: tests/unit/smmu checks every field.
 */
#include <string.h>

#include "smmu.h"

/* The T0SZ / S2T0SZ for an input size: 64 - bits (VMSAv8-64 D8.1.6). */
#define TSZ(bits)    (64u - (bits))
/* VTCR SL0 for the 4 KiB granule: 2 = start at level 0 (5.2, STE.S2SL0). */
#define S2SL0_LEVEL0 2

static void put_dwords(uint8_t *buf, const uint64_t *dw, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		le64_put(buf + 8 * i, dw[i]);
}

/* V=1, Config=abort: transactions terminate with an abort, no event (5.2 Config). */
void smmu_ste_abort(uint8_t ste[SMMU_STE_BYTES])
{
	uint64_t dw[8] = { STE0_V | FIELD_PREP(STE0_CONFIG, STE_CONFIG_ABORT) };

	put_dwords(ste, dw, 8);
}

/* Bypass both stages; memory attributes and shareability as the device issued them. */
void smmu_ste_bypass(uint8_t ste[SMMU_STE_BYTES])
{
	uint64_t dw[8] = { STE0_V | FIELD_PREP(STE0_CONFIG, STE_CONFIG_BYPASS),
			   FIELD_PREP(STE1_SHCFG, STE_SHCFG_INCOMING) };

	put_dwords(ste, dw, 8);
}

/*
 * Stage-1 translation, stage-2 bypass, one CD (S1CDMax 0: substreams are
 * not used; QEMU 7.2 refuses anything else). CD fetches are write-back
 * cacheable inner shareable like the rest of RAM. StreamWorld NS-EL1.
 * S1STALLD only where the stall model allows it (IDR0.STALL_MODEL 0).
 */
void smmu_ste_s1(uint8_t ste[SMMU_STE_BYTES], paddr_t cd, bool stall_disable)
{
	uint64_t dw[8] = { 0 };

	dw[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CONFIG_S1) | FIELD_PREP(STE0_S1FMT, 0) |
		(cd & STE0_S1CONTEXTPTR) | FIELD_PREP(STE0_S1CDMAX, 0);
	dw[1] = FIELD_PREP(STE1_S1DSS, 0) | FIELD_PREP(STE1_S1CIR, SMMU_CACHE_WBRA) |
		FIELD_PREP(STE1_S1COR, SMMU_CACHE_WBRA) | FIELD_PREP(STE1_S1CSH, SMMU_SH_INNER) |
		FIELD_PREP(STE1_STRW, 0) | FIELD_PREP(STE1_SHCFG, STE_SHCFG_INCOMING) |
		(stall_disable ? STE1_S1STALLD : 0);
	put_dwords(ste, dw, 8);
}

/*
 * Stage-2 only: VMID, VTCR-like fields for a 4 KiB-granule table starting
 * at level 0 (pt_format_vmsa_s2), AArch64, little-endian, faults recorded
 * (S2R) and terminated, not stalled.
 */
void smmu_ste_s2(uint8_t ste[SMMU_STE_BYTES], const struct smmu_s2_cfg *cfg)
{
	uint64_t dw[8] = { 0 };

	dw[0] = STE0_V | FIELD_PREP(STE0_CONFIG, STE_CONFIG_S2);
	dw[1] = FIELD_PREP(STE1_SHCFG, STE_SHCFG_INCOMING);
	dw[2] = FIELD_PREP(STE2_S2VMID, cfg->vmid) | FIELD_PREP(STE2_S2T0SZ, TSZ(cfg->ipa_bits)) |
		FIELD_PREP(STE2_S2SL0, S2SL0_LEVEL0) | FIELD_PREP(STE2_S2IR0, SMMU_CACHE_WBRA) |
		FIELD_PREP(STE2_S2OR0, SMMU_CACHE_WBRA) | FIELD_PREP(STE2_S2SH0, SMMU_SH_INNER) |
		FIELD_PREP(STE2_S2TG, 0) | FIELD_PREP(STE2_S2PS, cfg->ps_enc) | STE2_S2AA64 |
		STE2_S2R;
	dw[3] = cfg->ttb & STE3_S2TTB;
	put_dwords(ste, dw, 8);
}

/*
 * One stage-1 context (5.4): TTB0 walks of a 4 KiB-granule table covering
 * va_bits, TTB1 disabled (EPD1; TG1/T1SZ still valid values), AArch64,
 * faults recorded (R, so F_TRANSLATION & co reach the event queue) and
 * terminated with an abort (A), never stalled (S=0), private ASID (ASET,
 * CR2.PTM: no broadcast TLB maintenance), no hardware AF/dirty updates.
 */
void smmu_cd_s1(uint8_t cd[SMMU_CD_BYTES], const struct smmu_s1_cfg *cfg)
{
	uint64_t dw[8] = { 0 };

	dw[0] = FIELD_PREP(CD0_T0SZ, TSZ(cfg->va_bits)) | FIELD_PREP(CD0_TG0, CD_TG0_4K) |
		FIELD_PREP(CD0_IR0, SMMU_CACHE_WBRA) | FIELD_PREP(CD0_OR0, SMMU_CACHE_WBRA) |
		FIELD_PREP(CD0_SH0, SMMU_SH_INNER) | FIELD_PREP(CD0_T1SZ, TSZ(cfg->va_bits)) |
		FIELD_PREP(CD0_TG1, CD_TG1_4K) | CD0_EPD1 | CD0_V |
		FIELD_PREP(CD0_IPS, cfg->ips_enc) | CD0_AA64 | CD0_R | CD0_A | CD0_ASET |
		FIELD_PREP(CD0_ASID, cfg->asid);
	dw[1] = cfg->ttb0 & CD1_TTB0;
	dw[3] = cfg->mair;
	put_dwords(cd, dw, 8);
}

/* Level-1 descriptor: Span = split + 1 (2^(Span-1) STEs below it), L2Ptr. */
uint64_t smmu_l1std(paddr_t l2, unsigned split)
{
	return FIELD_PREP(L1STD_SPAN, split + 1) | (l2 & L1STD_L2PTR);
}
