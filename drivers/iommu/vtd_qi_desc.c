// SPDX-License-Identifier: MIT
/*
 * VT-d queued-invalidation descriptors (VT-d 4.x, 6.5.2): 128-bit entries
 * of the invalidation queue, built as two little-endian qwords. Portable:
 * tests/unit/vtd checks every field against the spec's bit positions.
 */
#include "vtd.h"

/* Context-cache invalidate (6.5.2.1): G 01 global, 10 domain (DID), 11 device (SID, FM 0). */
struct vtd_qi_desc vtd_qi_cc(unsigned gran, uint16_t did, uint16_t sid)
{
	struct vtd_qi_desc d = {
		FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_CC) | FIELD_PREP(VTD_QI_GRAN, gran), 0
	};

	if (gran >= VTD_INV_DOMAIN)
		d.lo |= FIELD_PREP(VTD_QI_DID, did);
	if (gran == VTD_INV_PAGE)
		d.lo |= FIELD_PREP(VTD_QI_CC_SID, sid);
	return d;
}

/*
 * IOTLB invalidate (6.5.2.3): G 01 global, 10 domain, 11 page-selective
 * (ADDR, AM: 2^AM pages, addr aligned to them); drain reads and writes.
 */
struct vtd_qi_desc vtd_qi_iotlb(unsigned gran, uint16_t did, uint64_t addr, unsigned am)
{
	struct vtd_qi_desc d = { FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_IOTLB) |
					 FIELD_PREP(VTD_QI_GRAN, gran) | VTD_QI_IOTLB_DR |
					 VTD_QI_IOTLB_DW,
				 0 };

	if (gran >= VTD_INV_DOMAIN)
		d.lo |= FIELD_PREP(VTD_QI_DID, did);
	if (gran == VTD_INV_PAGE)
		d.hi = (addr & VTD_QI_IOTLB_ADDR) | FIELD_PREP(VTD_QI_IOTLB_AM, am);
	return d;
}

/*
 * Invalidation wait (6.5.2.8) with status write: once every earlier
 * descriptor completed, the unit writes data to the dword at status.
 * FN (fence) keeps later descriptors behind it.
 */
struct vtd_qi_desc vtd_qi_wait(uint32_t data, paddr_t status)
{
	return (struct vtd_qi_desc){ FIELD_PREP(VTD_QI_TYPE, VTD_QI_TYPE_WAIT) | VTD_QI_WAIT_SW |
					     VTD_QI_WAIT_FN | FIELD_PREP(VTD_QI_WAIT_SDATA, data),
				     status & VTD_QI_WAIT_SADDR };
}

void vtd_qi_put(uint8_t *slot, struct vtd_qi_desc d)
{
	le64_put(slot, d.lo);
	le64_put(slot + 8, d.hi);
}
