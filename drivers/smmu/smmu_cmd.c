// SPDX-License-Identifier: MIT
/*
 * SMMUv3 commands (IHI 0070 E.a, chapter 4): configuration invalidation
 * (4.3), TLB invalidation (4.4) and CMD_SYNC (4.7), 16 bytes each.
 * Portable: tests/unit/smmu checks the encodings.
 */
#include "smmu.h"

#define CFGI_RANGE_ALL 31 /* CFGI_STE_RANGE with Range 31: every StreamID (4.3.2) */

static void put(uint8_t cmd[SMMU_CMD_BYTES], uint64_t d0, uint64_t d1)
{
	le64_put(cmd, d0);
	le64_put(cmd + 8, d1);
}

void smmu_cmd_cfgi_ste(uint8_t cmd[SMMU_CMD_BYTES], uint32_t sid)
{
	/* Leaf=0: also drops a cached level-1 descriptor (4.3.1), so a level-2
	 * table written just now is seen too. */
	put(cmd, FIELD_PREP(CMD0_OP, CMD_CFGI_STE) | FIELD_PREP(CMD_CFGI0_SID, sid), 0);
}

void smmu_cmd_cfgi_all(uint8_t cmd[SMMU_CMD_BYTES])
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_CFGI_STE_RANGE),
	    FIELD_PREP(CMD_CFGI1_RANGE, CFGI_RANGE_ALL));
}

void smmu_cmd_cfgi_cd(uint8_t cmd[SMMU_CMD_BYTES], uint32_t sid, uint32_t ssid)
{
	put(cmd,
	    FIELD_PREP(CMD0_OP, CMD_CFGI_CD) | FIELD_PREP(CMD_CFGI0_SSID, ssid) |
		    FIELD_PREP(CMD_CFGI0_SID, sid),
	    CMD_CFGI1_LEAF);
}

/* Stage-1 entries of one ASID (VMID 0: no stage 2 under it). */
void smmu_cmd_tlbi_nh_asid(uint8_t cmd[SMMU_CMD_BYTES], uint16_t asid)
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_NH_ASID) | FIELD_PREP(CMD_TLBI0_ASID, asid), 0);
}

/* One stage-1 page (all levels when !leaf: a table was freed). */
void smmu_cmd_tlbi_nh_va(uint8_t cmd[SMMU_CMD_BYTES], uint16_t asid, uint64_t va, bool leaf)
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_NH_VA) | FIELD_PREP(CMD_TLBI0_ASID, asid),
	    (va & CMD_TLBI1_VA) | (leaf ? CMD_TLBI1_LEAF : 0));
}

void smmu_cmd_tlbi_s12_vmall(uint8_t cmd[SMMU_CMD_BYTES], uint16_t vmid)
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_S12_VMALL) | FIELD_PREP(CMD_TLBI0_VMID, vmid), 0);
}

void smmu_cmd_tlbi_s2_ipa(uint8_t cmd[SMMU_CMD_BYTES], uint16_t vmid, uint64_t ipa, bool leaf)
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_S2_IPA) | FIELD_PREP(CMD_TLBI0_VMID, vmid),
	    (ipa & CMD_TLBI1_IPA) | (leaf ? CMD_TLBI1_LEAF : 0));
}

void smmu_cmd_tlbi_nsnh_all(uint8_t cmd[SMMU_CMD_BYTES])
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_NSNH_ALL), 0);
}

void smmu_cmd_tlbi_el2_all(uint8_t cmd[SMMU_CMD_BYTES])
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_TLBI_EL2_ALL), 0);
}

/* Completion signalled by CONS moving past it only (CS=SIG_NONE): vmplat polls. */
void smmu_cmd_sync(uint8_t cmd[SMMU_CMD_BYTES])
{
	put(cmd, FIELD_PREP(CMD0_OP, CMD_SYNC) | FIELD_PREP(CMD_SYNC0_CS, CMD_SYNC_CS_NONE), 0);
}

const char *smmu_cmd_name(uint8_t op)
{
	switch (op) {
	case CMD_CFGI_STE:
		return "CFGI_STE";
	case CMD_CFGI_STE_RANGE:
		return "CFGI_STE_RANGE";
	case CMD_CFGI_CD:
		return "CFGI_CD";
	case CMD_CFGI_CD_ALL:
		return "CFGI_CD_ALL";
	case CMD_TLBI_NH_ALL:
		return "TLBI_NH_ALL";
	case CMD_TLBI_NH_ASID:
		return "TLBI_NH_ASID";
	case CMD_TLBI_NH_VA:
		return "TLBI_NH_VA";
	case CMD_TLBI_EL2_ALL:
		return "TLBI_EL2_ALL";
	case CMD_TLBI_S12_VMALL:
		return "TLBI_S12_VMALL";
	case CMD_TLBI_S2_IPA:
		return "TLBI_S2_IPA";
	case CMD_TLBI_NSNH_ALL:
		return "TLBI_NSNH_ALL";
	case CMD_SYNC:
		return "CMD_SYNC";
	default:
		return "?";
	}
}
