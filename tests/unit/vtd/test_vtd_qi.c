// SPDX-License-Identifier: MIT
/*
 * VT-d queued-invalidation descriptors (drivers/iommu/vtd_qi_desc.c)
 * against the layouts of VT-d 4.x 6.5.2.1 (context-cache invalidate),
 * 6.5.2.3 (IOTLB invalidate) and 6.5.2.8 (invalidation wait). Expected
 * values are written from the spec's bit positions, not the driver's masks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../../drivers/iommu/vtd.h"
#include "vtd_tests.h"

/* Bits the spec marks reserved (must be 0; QEMU 7.2 rejects them with IQE). */
#define CC_LO_RSVD    0xfffc00000000ffc0ULL /* 15:6, 63:50 */
#define IOTLB_LO_RSVD 0xffffffff0000ff00ULL /* 15:8, 63:32 */
#define IOTLB_HI_RSVD 0x0000000000000f80ULL /* 11:7 */
#define WAIT_LO_RSVD  0x00000000ffffff80ULL /* 31:7 (PD, bit 7, left 0) */
#define WAIT_HI_RSVD  0x3ULL		    /* 1:0 */

void test_cc_global(void **state)
{
	struct vtd_qi_desc d = vtd_qi_cc(1, 0x1234, 0x5678);

	(void)state;
	/* Type 1 in 3:0, G = 01 (global) in 5:4; DID and SID not used. */
	assert_int_equal(d.lo, 0x1 | 1 << 4);
	assert_int_equal(d.hi, 0);
}

void test_cc_domain_and_device(void **state)
{
	struct vtd_qi_desc dom = vtd_qi_cc(2, 0x1234, 0x5678);
	struct vtd_qi_desc dev = vtd_qi_cc(3, 0x0005, 0x0210);

	(void)state;
	/* Domain-selective: G = 10, DID in 31:16, SID not used. */
	assert_int_equal(dom.lo, 0x1 | 2 << 4 | 0x1234ULL << 16);
	/* Device-selective: G = 11, DID 31:16, SID 47:32, FM 49:48 = 0. */
	assert_int_equal(dev.lo, 0x1 | 3 << 4 | 0x5ULL << 16 | 0x0210ULL << 32);
	assert_int_equal(dev.hi, 0);
	assert_int_equal(dom.lo & CC_LO_RSVD, 0);
	assert_int_equal(dev.lo & CC_LO_RSVD, 0);
}

void test_iotlb_global_and_domain(void **state)
{
	struct vtd_qi_desc g = vtd_qi_iotlb(1, 9, 0x5000, 2);
	struct vtd_qi_desc dom = vtd_qi_iotlb(2, 0xbeef, 0x5000, 2);

	(void)state;
	/* Type 2, G in 5:4, DW bit 6, DR bit 7; address only for page-selective. */
	assert_int_equal(g.lo, 0x2 | 1 << 4 | 1 << 6 | 1 << 7);
	assert_int_equal(g.hi, 0);
	assert_int_equal(dom.lo, 0x2 | 2 << 4 | 1 << 6 | 1 << 7 | 0xbeefULL << 16);
	assert_int_equal(dom.hi, 0);
}

void test_iotlb_page(void **state)
{
	struct vtd_qi_desc p = vtd_qi_iotlb(3, 7, 0x123458000ULL, 3);
	struct vtd_qi_desc low = vtd_qi_iotlb(3, 7, 0x12345fffULL, 0);

	(void)state;
	assert_int_equal(p.lo, 0x2 | 3 << 4 | 1 << 6 | 1 << 7 | 7ULL << 16);
	/* High qword: AM in 5:0, IH bit 6 = 0, ADDR in 63:12. */
	assert_int_equal(p.hi, 0x123458000ULL | 3);
	assert_int_equal(low.hi, 0x12345000ULL); /* page offset bits dropped */
	assert_int_equal(p.lo & IOTLB_LO_RSVD, 0);
	assert_int_equal(p.hi & IOTLB_HI_RSVD, 0);
	assert_int_equal(vtd_qi_iotlb(3, 1, ~0ULL, 63).hi & IOTLB_HI_RSVD, 0);
}

void test_wait_status_write(void **state)
{
	struct vtd_qi_desc w = vtd_qi_wait(0xdeadbeef, 0x7ff001004ULL);

	(void)state;
	/* Type 5, IF bit 4 = 0, SW bit 5, FN bit 6, status data 63:32. */
	assert_int_equal(w.lo, 0x5 | 1 << 5 | 1 << 6 | 0xdeadbeefULL << 32);
	/* Status address 63:2 (dword aligned). */
	assert_int_equal(w.hi, 0x7ff001004ULL);
	assert_int_equal(vtd_qi_wait(1, 0x1003).hi, 0x1000);
	assert_int_equal(w.lo & WAIT_LO_RSVD, 0);
	assert_int_equal(vtd_qi_wait(~0u, ~0ULL).hi & WAIT_HI_RSVD, 0);
}

void test_put_little_endian(void **state)
{
	uint8_t slot[16];
	const uint8_t want[16] = { 0x15, 0x00, 0x34, 0x12, 0x78, 0x56, 0x00, 0x00,
				   0x02, 0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80 };

	(void)state;
	/* Low qword at byte 0, high at byte 8, each little-endian (6.5.2). */
	vtd_qi_put(slot, (struct vtd_qi_desc){ 0x0000567812340015ULL, 0x800000000000f002ULL });
	assert_memory_equal(slot, want, sizeof(want));
}

void test_queue_geometry(void **state)
{
	(void)state;
	/* IQA.QS = 0: one 4 KiB page of 128-bit descriptors = 256 entries;
	 * IQT/IQH hold the index in 18:4 (11.4.9.1-2). */
	assert_int_equal(VTD_QI_ENTRIES, 256);
	assert_int_equal(FIELD_PREP(VTD_IQ_QT, 255), 0xff0);
	assert_int_equal(FIELD_GET(VTD_IQ_QT, 0x7fff0ULL), 0x7fff);
	assert_int_equal(VTD_IQA_DW, 1ULL << 11);
}
