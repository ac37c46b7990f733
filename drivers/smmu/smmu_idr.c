// SPDX-License-Identifier: MIT
/*
 * SMMUv3 identification registers (IHI 0070 E.a, 6.3.1-6.3.6) decoded into
 * struct smmu_caps. Portable, tested in tests/unit/smmu with QEMU 7.2's
 * values and variants.
 */
#include <errno.h>

#include "smmu.h"

#define TTF_AA64 BIT(1) /* IDR0.TTF bit 1: AArch64 tables (0b10, 0b11) */

/* IDR5.OAS / CD.IPS / STE.S2PS encodings (6.3.6). */
unsigned smmu_pa_bits(unsigned enc)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return enc < ARRAY_SIZE(bits) ? bits[enc] : 0;
}

static void decode_idr0(uint32_t v, struct smmu_caps *c)
{
	c->s1 = v & SMMU_IDR0_S1P;
	c->s2 = v & SMMU_IDR0_S2P;
	c->aa64 = FIELD_GET(SMMU_IDR0_TTF, v) & TTF_AA64;
	c->coherent = v & SMMU_IDR0_COHACC;
	c->btm = v & SMMU_IDR0_BTM;
	c->hyp = v & SMMU_IDR0_HYP;
	c->ats = v & SMMU_IDR0_ATS;
	c->msi = v & SMMU_IDR0_MSI;
	c->pri = v & SMMU_IDR0_PRI;
	c->cd2l = v & SMMU_IDR0_CD2L;
	c->asid_bits = (v & SMMU_IDR0_ASID16) ? 16 : 8;
	c->vmid_bits = (v & SMMU_IDR0_VMID16) ? 16 : 8;
	c->stall_model = (unsigned)FIELD_GET(SMMU_IDR0_STALL, v);
	/* ST_LVL 0b01: 2-level supported; 0b00 linear only; 0b1x reserved. */
	c->two_level_st = FIELD_GET(SMMU_IDR0_ST_LVL, v) == 1;
}

int smmu_caps_decode(const uint32_t idr[6], struct smmu_caps *c, const char **why)
{
	*c = (struct smmu_caps){ 0 };
	decode_idr0(idr[0], c);
	c->sid_bits = (unsigned)FIELD_GET(SMMU_IDR1_SIDSIZE, idr[1]);
	c->ssid_bits = (unsigned)FIELD_GET(SMMU_IDR1_SSIDSIZE, idr[1]);
	c->cmdq_log2 = (unsigned)FIELD_GET(SMMU_IDR1_CMDQS, idr[1]);
	c->evtq_log2 = (unsigned)FIELD_GET(SMMU_IDR1_EVTQS, idr[1]);
	c->ril = idr[3] & SMMU_IDR3_RIL;
	c->gran4k = idr[5] & SMMU_IDR5_GRAN4K;
	c->oas_enc = (unsigned)FIELD_GET(SMMU_IDR5_OAS, idr[5]);
	c->oas_bits = smmu_pa_bits(c->oas_enc);
	/* IAS (3.4): the OAS for AArch64-only tables, at least 40 with AArch32 LPAE. */
	c->ias_bits = c->oas_bits;
	if (FIELD_GET(SMMU_IDR0_TTF, idr[0]) & 1)
		c->ias_bits = MAX(c->ias_bits, 40u);
	if (!c->s1 && !c->s2)
		return *why = "neither stage-1 nor stage-2 translation (IDR0.S1P/S2P)", -ENODEV;
	if (!c->aa64)
		return *why = "no AArch64 translation tables (IDR0.TTF)", -ENODEV;
	if (!c->gran4k)
		return *why = "no 4 KiB translation granule (IDR5.GRAN4K)", -ENODEV;
	if (!c->oas_bits)
		return *why = "reserved output address size (IDR5.OAS)", -ENODEV;
	if (idr[1] & (SMMU_IDR1_TABLES_PRESET | SMMU_IDR1_QUEUES_PRESET))
		return *why = "fixed table/queue bases (IDR1.*_PRESET) are not supported", -ENODEV;
	if (c->cmdq_log2 < 1 || c->evtq_log2 < 1)
		return *why = "queue sizes too small (IDR1.CMDQS/EVTQS)", -ENODEV;
	return 0;
}
