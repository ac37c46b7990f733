// SPDX-License-Identifier: MIT
/*
 * SMMUv3 event records (IHI 0070 E.a, 7.3): decoded into struct
 * smmu_event. Which fields a record carries depends on its type: the
 * translation-stage faults (7.3.12-7.3.16, F_WALK_EABT 7.3.11,
 * F_TRANSL_FORBIDDEN 7.3.8) have InputAddr and RnW; the fetch faults a
 * fetch address; configuration errors only the StreamID.
 */
#include "smmu.h"

static bool has_input_addr(uint8_t id)
{
	switch (id) {
	case EVT_F_UUT:
	case EVT_F_TRANSL_FORBIDDEN:
	case EVT_F_WALK_EABT:
	case EVT_F_TRANSLATION:
	case EVT_F_ADDR_SIZE:
	case EVT_F_ACCESS:
	case EVT_F_PERMISSION:
	case EVT_F_TLB_CONFLICT:
		return true;
	default:
		return false;
	}
}

static bool has_fetch_addr(uint8_t id)
{
	return id == EVT_F_STE_FETCH || id == EVT_F_CD_FETCH || id == EVT_F_VMS_FETCH;
}

void smmu_evt_decode(const uint8_t rec[SMMU_EVT_BYTES], struct smmu_event *e)
{
	uint64_t d0 = le64_get(rec), d1 = le64_get(rec + 8), d2 = le64_get(rec + 16);
	uint64_t d3 = le64_get(rec + 24);

	*e = (struct smmu_event){ 0 };
	e->id = (uint8_t)FIELD_GET(EVT0_ID, d0);
	e->sid = (uint32_t)FIELD_GET(EVT0_SID, d0);
	e->ssv = d0 & EVT0_SSV;
	e->ssid = e->ssv ? (uint32_t)FIELD_GET(EVT0_SSID, d0) : 0;
	if (has_input_addr(e->id)) {
		e->has_addr = true;
		e->addr = d2;
		e->write = !(d1 & EVT1_RNW);
		e->s2 = d1 & EVT1_S2;
		e->ind = d1 & EVT1_IND;
		e->pnu = d1 & EVT1_PNU;
		e->klass = (unsigned)FIELD_GET(EVT1_CLASS, d1);
		if (e->s2)
			e->ipa = d3 & EVT3_IPA;
	}
	if (has_fetch_addr(e->id))
		e->fetch = d3 & EVT3_FETCH_ADDR;
}

const char *smmu_evt_name(uint8_t id)
{
	static const char *const names[] = {
		[EVT_F_UUT] = "F_UUT: unsupported upstream transaction",
		[EVT_C_BAD_STREAMID] = "C_BAD_STREAMID: stream id out of range",
		[EVT_F_STE_FETCH] = "F_STE_FETCH: STE fetch abort",
		[EVT_C_BAD_STE] = "C_BAD_STE: invalid STE",
		[EVT_F_BAD_ATS_TREQ] = "F_BAD_ATS_TREQ",
		[EVT_F_STREAM_DISABLED] = "F_STREAM_DISABLED",
		[EVT_F_TRANSL_FORBIDDEN] = "F_TRANSL_FORBIDDEN",
		[EVT_C_BAD_SUBSTREAMID] = "C_BAD_SUBSTREAMID",
		[EVT_F_CD_FETCH] = "F_CD_FETCH: CD fetch abort",
		[EVT_C_BAD_CD] = "C_BAD_CD: invalid context descriptor",
		[EVT_F_WALK_EABT] = "F_WALK_EABT: table walk abort",
		[EVT_F_TRANSLATION] = "F_TRANSLATION: no mapping",
		[EVT_F_ADDR_SIZE] = "F_ADDR_SIZE: address size fault",
		[EVT_F_ACCESS] = "F_ACCESS: access flag fault",
		[EVT_F_PERMISSION] = "F_PERMISSION: access not permitted",
		[EVT_F_TLB_CONFLICT] = "F_TLB_CONFLICT",
		[EVT_F_CFG_CONFLICT] = "F_CFG_CONFLICT",
		[EVT_E_PAGE_REQUEST] = "E_PAGE_REQUEST",
		[EVT_F_VMS_FETCH] = "F_VMS_FETCH",
	};

	if (id < ARRAY_SIZE(names) && names[id])
		return names[id];
	return "unknown event";
}
