// SPDX-License-Identifier: MIT
/*
 * SMMUv3 portable pieces against IHI 0070 E.a: STE, CD, L1 descriptor,
 * commands and events field by field; queues, IDRs, stream table, rid map. The
 * expected values are written out from the spec's bit positions (not the
 * driver's macros), so a wrong mask in smmu_regs.h fails here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../drivers/smmu/smmu.h"

static uint64_t dw(const uint8_t *buf, unsigned i)
{
	return le64_get(buf + 8 * i);
}

/* 5.2: V (bit 0) = 1, Config (bits 3:1) = 0b000 abort; everything else 0. */
static void test_ste_abort_is_valid_config_abort(void **state)
{
	uint8_t ste[SMMU_STE_BYTES];

	(void)state;
	memset(ste, 0xa5, sizeof(ste));
	smmu_ste_abort(ste);
	assert_int_equal(dw(ste, 0), 0x1);
	for (unsigned i = 1; i < 8; i++)
		assert_int_equal(dw(ste, i), 0);
}

/* Config 0b100 (bypass), SHCFG (dword1 bits 45:44) = 0b01 use incoming. */
static void test_ste_bypass_config_and_shcfg(void **state)
{
	uint8_t ste[SMMU_STE_BYTES];

	(void)state;
	smmu_ste_bypass(ste);
	assert_int_equal(dw(ste, 0), 0x1 | 4 << 1);
	assert_int_equal(dw(ste, 1), 1ULL << 44);
	for (unsigned i = 2; i < 8; i++)
		assert_int_equal(dw(ste, i), 0);
}

/*
 * Stage 1: Config 0b101, S1Fmt (5:4) 0, S1ContextPtr (51:6), S1CDMax
 * (63:59) 0; dword1 S1CIR (3:2) = S1COR (5:4) = 0b01 WBRA, S1CSH (7:6)
 * 0b11 inner, STRW (31:30) 0 NS-EL1, SHCFG 0b01, S1STALLD bit 27.
 */
static void test_ste_s1_fields(void **state)
{
	uint8_t ste[SMMU_STE_BYTES];
	const uint64_t cd = 0x0000fedc12345640ULL;

	(void)state;
	smmu_ste_s1(ste, cd, false);
	assert_int_equal(dw(ste, 0), cd | 0x1 | 5 << 1);
	assert_int_equal(dw(ste, 1), 1 << 2 | 1 << 4 | 3 << 6 | 1ULL << 44);
	for (unsigned i = 2; i < 8; i++)
		assert_int_equal(dw(ste, i), 0);
	smmu_ste_s1(ste, cd, true);
	assert_int_equal(dw(ste, 1), 1 << 2 | 1 << 4 | 3 << 6 | 1ULL << 27 | 1ULL << 44);
	/* Bits of the pointer outside 51:6 never leak into other fields. */
	smmu_ste_s1(ste, 0xfff0000000000fffULL, false);
	assert_int_equal(dw(ste, 0) & ~0xfULL, 0x0000000000000fc0ULL);
}

/*
 * Stage 2: Config 0b110; dword2 S2VMID (15:0), S2T0SZ (37:32) = 16,
 * S2SL0 (39:38) = 2 (level 0, 4 KiB), S2IR0 (41:40) = S2OR0 (43:42) = 1,
 * S2SH0 (45:44) = 3, S2TG (47:46) = 0 (4 KiB), S2PS (50:48), S2AA64 (51),
 * S2R (58); dword3 S2TTB (51:4).
 */
static void test_ste_s2_fields(void **state)
{
	uint8_t ste[SMMU_STE_BYTES];
	struct smmu_s2_cfg c = { .ttb = 0x80001000, .vmid = 0x2a, .ipa_bits = 48, .ps_enc = 4 };

	(void)state;
	smmu_ste_s2(ste, &c);
	assert_int_equal(dw(ste, 0), 0x1 | 6 << 1);
	assert_int_equal(dw(ste, 1), 1ULL << 44);
	assert_int_equal(dw(ste, 2), 0x2aULL | 16ULL << 32 | 2ULL << 38 | 1ULL << 40 | 1ULL << 42 |
					     3ULL << 44 | 4ULL << 48 | 1ULL << 51 | 1ULL << 58);
	assert_int_equal(dw(ste, 3), 0x80001000);
	for (unsigned i = 4; i < 8; i++)
		assert_int_equal(dw(ste, i), 0);
}

/*
 * CD (5.4): T0SZ (5:0) 16, TG0 (7:6) 0 = 4 KiB, IR0 (9:8) = OR0 (11:10) = 1,
 * SH0 (13:12) 3, EPD0 (14) 0, T1SZ (21:16) 16, TG1 (23:22) 2 = 4 KiB,
 * EPD1 (30), V (31), IPS (34:32), AA64 (41), R (45), A (46), ASET (47),
 * ASID (63:48); dword1 TTB0 (51:4); dword3 MAIR.
 */
static void test_cd_s1_fields(void **state)
{
	uint8_t cd[SMMU_CD_BYTES];
	struct smmu_s1_cfg c = { .ttb0 = 0x4567000,
				 .asid = 0x1234,
				 .va_bits = 48,
				 .ips_enc = 4,
				 .mair = 0x00000000004404ffULL };

	(void)state;
	memset(cd, 0x5a, sizeof(cd));
	smmu_cd_s1(cd, &c);
	assert_int_equal(dw(cd, 0), 16ULL | 1ULL << 8 | 1ULL << 10 | 3ULL << 12 | 16ULL << 16 |
					    2ULL << 22 | 1ULL << 30 | 1ULL << 31 | 4ULL << 32 |
					    1ULL << 41 | 1ULL << 45 | 1ULL << 46 | 1ULL << 47 |
					    0x1234ULL << 48);
	assert_int_equal(dw(cd, 1), 0x4567000);
	assert_int_equal(dw(cd, 2), 0);
	assert_int_equal(dw(cd, 3), 0x4404ff);
	for (unsigned i = 4; i < 8; i++)
		assert_int_equal(dw(cd, i), 0);
	/* No stall (S, bit 44), no HA/HD (43/42), no AFFD (35). */
	assert_int_equal(dw(cd, 0) & (1ULL << 44 | 1ULL << 43 | 1ULL << 42 | 1ULL << 35), 0);
}

/* 5.1.2: Span (4:0) = SPLIT + 1, L2Ptr (51:6). */
static void test_l1_descriptor(void **state)
{
	(void)state;
	assert_int_equal(smmu_l1std(0x40004000, 8), 0x40004000ULL | 9);
	assert_int_equal(smmu_l1std(0x40004000, 6), 0x40004000ULL | 7);
}

/* Commands (chapter 4): opcode in bits 7:0 of dword 0. */
static void test_cfgi_commands(void **state)
{
	uint8_t c[SMMU_CMD_BYTES];

	(void)state;
	smmu_cmd_cfgi_ste(c, 0x10008); /* 4.3.1: SID 63:32, Leaf (dword1 bit 0) 0 */
	assert_int_equal(dw(c, 0), 0x03 | 0x10008ULL << 32);
	assert_int_equal(dw(c, 1), 0);
	smmu_cmd_cfgi_all(c); /* 4.3.2: CFGI_STE_RANGE, Range (dword1 4:0) 31 */
	assert_int_equal(dw(c, 0), 0x04);
	assert_int_equal(dw(c, 1), 31);
	smmu_cmd_cfgi_cd(c, 0x42, 0x3); /* 4.3.3: SSID 31:12, SID 63:32, Leaf 1 */
	assert_int_equal(dw(c, 0), 0x05 | 0x3ULL << 12 | 0x42ULL << 32);
	assert_int_equal(dw(c, 1), 1);
}

static void test_tlbi_and_sync_commands(void **state)
{
	uint8_t c[SMMU_CMD_BYTES];

	(void)state;
	smmu_cmd_tlbi_nh_asid(c, 0x77); /* 4.4.2: ASID 63:48 */
	assert_int_equal(dw(c, 0), 0x11 | 0x77ULL << 48);
	assert_int_equal(dw(c, 1), 0);
	smmu_cmd_tlbi_nh_va(c, 5, 0x123456789fffULL, true); /* 4.4.3: Address 63:12, Leaf 0 */
	assert_int_equal(dw(c, 0), 0x12 | 5ULL << 48);
	assert_int_equal(dw(c, 1), 0x123456789000ULL | 1);
	smmu_cmd_tlbi_nh_va(c, 5, 0x2000, false);
	assert_int_equal(dw(c, 1), 0x2000);
	smmu_cmd_tlbi_s12_vmall(c, 9); /* 4.4.8: VMID 47:32 */
	assert_int_equal(dw(c, 0), 0x28 | 9ULL << 32);
	smmu_cmd_tlbi_s2_ipa(c, 9, 0xfff0000000001000ULL, true); /* IPA 51:12 */
	assert_int_equal(dw(c, 0), 0x2a | 9ULL << 32);
	assert_int_equal(dw(c, 1), 0x1000 | 1);
	smmu_cmd_tlbi_nsnh_all(c);
	assert_int_equal(dw(c, 0), 0x30);
	smmu_cmd_sync(c); /* 4.7.3: CS (13:12) 0 = SIG_NONE, no MSI */
	assert_int_equal(dw(c, 0), 0x46);
	assert_int_equal(dw(c, 1), 0);
	assert_string_equal(smmu_cmd_name(0x12), "TLBI_NH_VA");
}

/* ---- event records (7.3) ---- */
static void put_evt(uint8_t rec[SMMU_EVT_BYTES], uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3)
{
	le64_put(rec, d0);
	le64_put(rec + 8, d1);
	le64_put(rec + 16, d2);
	le64_put(rec + 24, d3);
}

/* F_TRANSLATION (7.3.12): StreamID 63:32, RnW dword1 bit 35, InputAddr dword 2. */
static void test_event_translation_read_and_write(void **state)
{
	uint8_t rec[SMMU_EVT_BYTES];
	struct smmu_event e;

	(void)state;
	put_evt(rec, 0x10 | 0x0108ULL << 32, 1ULL << 35, 0xdead000, 0);
	smmu_evt_decode(rec, &e);
	assert_int_equal(e.id, EVT_F_TRANSLATION);
	assert_int_equal(e.sid, 0x108);
	assert_true(e.has_addr);
	assert_int_equal(e.addr, 0xdead000);
	assert_false(e.write);
	assert_false(e.ssv);
	put_evt(rec, 0x13 | 0x0108ULL << 32, 0, 0x200000, 0); /* F_PERMISSION, RnW 0: write */
	smmu_evt_decode(rec, &e);
	assert_int_equal(e.id, EVT_F_PERMISSION);
	assert_true(e.write);
	assert_int_equal(e.addr, 0x200000);
	assert_string_equal(smmu_evt_name(e.id), "F_PERMISSION: access not permitted");
}

/* C_BAD_STE (7.3.4) carries no address: whatever dword 2 holds is ignored. */
static void test_event_bad_ste_has_no_address(void **state)
{
	uint8_t rec[SMMU_EVT_BYTES];
	struct smmu_event e;

	(void)state;
	put_evt(rec, 0x04 | 7ULL << 32 | 1ULL << 11 | 0x5ULL << 12, 1ULL << 35, 0x1234, 0xffff);
	smmu_evt_decode(rec, &e);
	assert_int_equal(e.id, EVT_C_BAD_STE);
	assert_int_equal(e.sid, 7);
	assert_true(e.ssv);
	assert_int_equal(e.ssid, 5);
	assert_false(e.has_addr);
	assert_int_equal(e.addr, 0);
	assert_int_equal(e.fetch, 0);
}

/* F_STE_FETCH (7.3.3): FetchAddr in dword 3 bits 51:3. Stage-2 faults: IPA 51:12. */
static void test_event_fetch_and_s2_addresses(void **state)
{
	uint8_t rec[SMMU_EVT_BYTES];
	struct smmu_event e;

	(void)state;
	put_evt(rec, 0x03 | 9ULL << 32, 0, 0, 0xfff0000040001238ULL | 7);
	smmu_evt_decode(rec, &e);
	assert_int_equal(e.fetch, 0x40001238);
	put_evt(rec, 0x10, 1ULL << 39 | 1ULL << 40, 0x5000, 0x0000000087654fffULL);
	smmu_evt_decode(rec, &e);
	assert_true(e.s2);
	assert_int_equal(e.klass, 1);
	assert_int_equal(e.ipa, 0x87654000);
	assert_string_equal(smmu_evt_name(0xff), "unknown event");
}

/* ---- queues (3.5.1) ---- */
static void test_queue_wrap_full_empty(void **state)
{
	struct smmu_queue q = { .log2 = 2, .ent_bytes = 16 };

	(void)state;
	assert_int_equal(smmu_q_inc(&q, 3), 4); /* index 3 -> 0 with the wrap flag */
	assert_int_equal(smmu_q_inc(&q, 7), 0);
	assert_true(smmu_q_empty(&q, 5, 5));
	assert_false(smmu_q_empty(&q, 5, 1));
	assert_true(smmu_q_full(&q, 5, 1)); /* same index, other lap */
	assert_false(smmu_q_full(&q, 5, 5));
	/* EVTQ overflow flag (bit 31) is not part of the position. */
	assert_true(smmu_q_empty(&q, 2u | 1u << 31, 2));
}

static void test_queue_consumed_across_wrap(void **state)
{
	struct smmu_queue q = { .log2 = 2, .ent_bytes = 16 };

	(void)state;
	assert_false(smmu_q_consumed(&q, 3, 3)); /* CONS still at it */
	assert_true(smmu_q_consumed(&q, 4, 3));	 /* next lap, index 0 */
	assert_true(smmu_q_consumed(&q, 2, 1));
	assert_true(smmu_q_consumed(&q, 0, 7)); /* pos in lap 1, cons wrapped to lap 0 */
	assert_false(smmu_q_consumed(&q, 6, 7));
	q.pa = 0x40010000;
	q.log2 = 8;
	/* CMDQ_BASE (6.3.23): RA 62, ADDR 51:5, LOG2SIZE 4:0. */
	assert_int_equal(smmu_q_base_reg(&q), 1ULL << 62 | 0x40010000 | 8);
}

/* ---- IDR decoding (6.3.1-6.3.6) ---- */
/* What QEMU 7.2 reports: stage 1 only, AArch64, 2-level, 16-bit SIDs, OAS 44. */
static const uint32_t qemu_idr[6] = {
	0x1 << 27 | 1 << 24 | 2 << 21 | 1 << 12 | 1 << 4 | 2 << 2 | 1 << 1,
	19 << 21 | 19 << 16 | 16,
	0,
	0,
	0,
	1 << 6 | 1 << 4 | 4,
};

static void test_idr_qemu_stage1_only(void **state)
{
	struct smmu_caps c;
	const char *why = NULL;

	(void)state;
	assert_int_equal(smmu_caps_decode(qemu_idr, &c, &why), 0);
	assert_true(c.s1);
	assert_false(c.s2);
	assert_true(c.aa64);
	assert_true(c.two_level_st);
	assert_true(c.coherent);
	assert_int_equal(c.stall_model, 1);
	assert_int_equal(c.sid_bits, 16);
	assert_int_equal(c.cmdq_log2, 19);
	assert_int_equal(c.evtq_log2, 19);
	assert_int_equal(c.asid_bits, 16);
	assert_int_equal(c.vmid_bits, 8);
	assert_int_equal(c.oas_bits, 44);
	assert_int_equal(c.ias_bits, 44);
}

static void test_idr_unusable_units_are_refused(void **state)
{
	uint32_t idr[6];
	struct smmu_caps c;
	const char *why = NULL;

	(void)state;
	memcpy(idr, qemu_idr, sizeof(idr));
	idr[0] &= ~(3u << 2); /* TTF: no AArch64 */
	assert_int_equal(smmu_caps_decode(idr, &c, &why), -ENODEV);
	assert_non_null(why);
	memcpy(idr, qemu_idr, sizeof(idr));
	idr[5] &= ~(1u << 4); /* no 4 KiB granule */
	assert_int_equal(smmu_caps_decode(idr, &c, &why), -ENODEV);
	memcpy(idr, qemu_idr, sizeof(idr));
	idr[0] &= ~3u; /* neither stage */
	assert_int_equal(smmu_caps_decode(idr, &c, &why), -ENODEV);
	memcpy(idr, qemu_idr, sizeof(idr));
	idr[5] = (idr[5] & ~7u) | 7; /* reserved OAS */
	assert_int_equal(smmu_caps_decode(idr, &c, &why), -ENODEV);
	memcpy(idr, qemu_idr, sizeof(idr));
	idr[0] |= 1; /* stage 2 too, 16-bit VMID */
	idr[0] |= 1u << 18;
	assert_int_equal(smmu_caps_decode(idr, &c, &why), 0);
	assert_true(c.s2);
	assert_int_equal(c.vmid_bits, 16);
}

/* ---- stream table (5.1) over host memory ---- */
#define MAX_ALLOCS 16
static void *allocs[MAX_ALLOCS];
static unsigned nallocs;

static paddr_t host_alloc(void *ctx, uint64_t npages, uint64_t align)
{
	void *p;

	(void)ctx;
	if (nallocs >= MAX_ALLOCS)
		return INVALID_PADDR;
	p = aligned_alloc(align, npages * PAGE_SIZE);
	assert_non_null(p);
	memset(p, 0, npages * PAGE_SIZE);
	allocs[nallocs++] = p;
	return (paddr_t)(uintptr_t)p;
}

static void *host_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (void *)(uintptr_t)pa;
}

static const struct smmu_mem_ops host_mem = { NULL, host_alloc, host_ptr };

static int free_allocs(void **state)
{
	(void)state;
	while (nallocs)
		free(allocs[--nallocs]);
	return 0;
}

static void test_strtab_linear_all_abort(void **state)
{
	struct smmu_caps c = { .sid_bits = 16, .two_level_st = true };
	struct smmu_strtab st;
	bool new_l1;
	uint8_t *slot;

	(void)state;
	assert_int_equal(smmu_strtab_init(&st, &c, 6, &host_mem), 0);
	assert_false(st.two_level);
	assert_true(IS_ALIGNED(st.base, 64 * SMMU_STE_BYTES));
	for (uint32_t sid = 0; sid < 64; sid++) {
		slot = smmu_strtab_ste(&st, sid, &new_l1);
		assert_ptr_equal(slot, st.base_ptr + sid * 64);
		assert_int_equal(dw(slot, 0), 0x1); /* V, abort */
		assert_false(new_l1);
	}
	assert_null(smmu_strtab_ste(&st, 64, &new_l1));
	/* STRTAB_BASE_CFG (6.3.25): FMT 17:16 = 0, LOG2SIZE 5:0 = 6. */
	assert_int_equal(smmu_strtab_cfg_reg(&st), 6);
	assert_int_equal(smmu_strtab_base_reg(&st), 1ULL << 62 | st.base);
}

static void test_strtab_two_level_allocates_on_demand(void **state)
{
	struct smmu_caps c = { .sid_bits = 16, .two_level_st = true };
	struct smmu_strtab st;
	bool new_l1;
	uint8_t *slot, *l2;
	uint64_t l1;

	(void)state;
	assert_int_equal(smmu_strtab_init(&st, &c, 16, &host_mem), 0);
	assert_true(st.two_level);
	assert_int_equal(smmu_strtab_cfg_reg(&st), 1 << 16 | 8 << 6 | 16);
	for (unsigned i = 0; i < 256; i++)
		assert_int_equal(dw(st.base_ptr, i), 0); /* Span 0: invalid */
	slot = smmu_strtab_ste(&st, 0x0108, &new_l1);
	assert_non_null(slot);
	assert_true(new_l1);
	l1 = dw(st.base_ptr, 1);
	assert_int_equal(l1 & 0x1f, 9); /* Span = SPLIT + 1 */
	l2 = (uint8_t *)(uintptr_t)(l1 & GENMASK_ULL(51, 6));
	assert_true(IS_ALIGNED((uintptr_t)l2, 256 * SMMU_STE_BYTES));
	assert_ptr_equal(slot, l2 + 8 * SMMU_STE_BYTES);
	for (unsigned i = 0; i < 256; i++)
		assert_int_equal(dw(l2 + i * SMMU_STE_BYTES, 0), 0x1);
	assert_ptr_equal(smmu_strtab_ste(&st, 0x01ff, &new_l1), l2 + 255 * SMMU_STE_BYTES);
	assert_false(new_l1);
	assert_int_equal(dw(st.base_ptr, 0), 0);
	assert_int_equal(dw(st.base_ptr, 2), 0);
	assert_null(smmu_strtab_ste(&st, 0x10000, &new_l1));
}

/* Without ST_LVL 2-level support the table stays linear, capped by SIDSIZE. */
static void test_strtab_linear_without_two_level(void **state)
{
	struct smmu_caps c = { .sid_bits = 12, .two_level_st = false };
	struct smmu_strtab st;
	bool new_l1;

	(void)state;
	assert_int_equal(smmu_strtab_init(&st, &c, 16, &host_mem), 0);
	assert_false(st.two_level);
	assert_int_equal(st.sid_bits, 12);
	assert_ptr_equal(smmu_strtab_ste(&st, 0xfff, &new_l1), st.base_ptr + 0xfff * 64);
	assert_null(smmu_strtab_ste(&st, 0x1000, &new_l1));
}

/* ---- requester id <-> StreamID (pci-iommu binding) ---- */
static void test_rid_sid_map(void **state)
{
	struct smmu_desc d = { .nmap = 2 };
	uint32_t sid;
	uint16_t rid;

	(void)state;
	d.map[0].rid_base = 0x0000, d.map[0].sid_base = 0x10000, d.map[0].len = 0x100;
	d.map[1].rid_base = 0x0100, d.map[1].sid_base = 0x300, d.map[1].len = 0x10;
	assert_int_equal(smmu_rid_to_sid(&d, 0x0008, &sid), 0);
	assert_int_equal(sid, 0x10008);
	assert_int_equal(smmu_rid_to_sid(&d, 0x0105, &sid), 0);
	assert_int_equal(sid, 0x305);
	assert_int_equal(smmu_rid_to_sid(&d, 0x0110, &sid), -ENOENT);
	assert_int_equal(smmu_sid_to_rid(&d, 0x30f, &rid), 0);
	assert_int_equal(rid, 0x010f);
	assert_int_equal(smmu_sid_to_rid(&d, 0x10000, &rid), 0);
	assert_int_equal(rid, 0);
	assert_int_equal(smmu_sid_to_rid(&d, 0x2ff, &rid), -ENOENT);
}

/* IRQ_CTRL (IHI 0070 6.3.23): GERROR_IRQEN bit 0, PRIQ_IRQEN bit 1, EVENTQ_IRQEN bit 2. */
static void test_irq_ctrl_follows_described_lines(void **state)
{
	struct smmu_desc d = { .irq_evt = 106, .irq_gerr = 109, .irq_sync = 108 };

	(void)state;
	assert_int_equal(smmu_irq_ctrl_for(&d), (1u << 2) | (1u << 0));
	d.irq_gerr = 0;
	assert_int_equal(smmu_irq_ctrl_for(&d), 1u << 2);
	d.irq_evt = 0, d.irq_gerr = 109;
	assert_int_equal(smmu_irq_ctrl_for(&d), 0); /* no eventq line: faults polled */
}

/* GERROR/GERRORN (6.3.16-17): active = differing bits; CMDQ_ERR (bit 0) is the command path's. */
static void test_gerror_fault_path_leaves_cmdq_err(void **state)
{
	(void)state;
	assert_int_equal(smmu_gerror_for_fault_path(0x5, 0x0), 1u << 2);
	assert_int_equal(smmu_gerror_for_fault_path(0x1, 0x0), 0);
	assert_int_equal(smmu_gerror_for_fault_path(0x104, 0x104), 0); /* acknowledged */
	assert_int_equal(smmu_gerror_for_fault_path(0x0, 0x104), 0x104);
	assert_int_equal(smmu_gerror_for_fault_path(0xfffffe00u, 0), 0); /* reserved bits */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ste_abort_is_valid_config_abort),
		cmocka_unit_test(test_ste_bypass_config_and_shcfg),
		cmocka_unit_test(test_ste_s1_fields),
		cmocka_unit_test(test_ste_s2_fields),
		cmocka_unit_test(test_cd_s1_fields),
		cmocka_unit_test(test_l1_descriptor),
		cmocka_unit_test(test_cfgi_commands),
		cmocka_unit_test(test_tlbi_and_sync_commands),
		cmocka_unit_test(test_event_translation_read_and_write),
		cmocka_unit_test(test_event_bad_ste_has_no_address),
		cmocka_unit_test(test_event_fetch_and_s2_addresses),
		cmocka_unit_test(test_queue_wrap_full_empty),
		cmocka_unit_test(test_queue_consumed_across_wrap),
		cmocka_unit_test(test_idr_qemu_stage1_only),
		cmocka_unit_test(test_idr_unusable_units_are_refused),
		cmocka_unit_test_teardown(test_strtab_linear_all_abort, free_allocs),
		cmocka_unit_test_teardown(test_strtab_two_level_allocates_on_demand, free_allocs),
		cmocka_unit_test_teardown(test_strtab_linear_without_two_level, free_allocs),
		cmocka_unit_test(test_rid_sid_map),
		cmocka_unit_test(test_irq_ctrl_follows_described_lines),
		cmocka_unit_test(test_gerror_fault_path_leaves_cmdq_err),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
