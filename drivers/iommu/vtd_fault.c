// SPDX-License-Identifier: MIT
/*
 * VT-d primary fault logging (VT-d 4.x, 7.2.1, 11.4.9, 11.4.14): FSTS.PPF
 * says fault recording registers hold faults, FSTS.FRI where to start;
 * each FRCD gives source id, reason, address and request type and is
 * released by writing 1 to its F bit. Faults are polled (FECTL.IM stays
 * set): iommu_poll_faults() after DMA, the `iommu` command, the self-tests.
 * QEMU keeps one FRCD (CAP.NFR = 0): a fault arriving while it is still
 * set is dropped and counted as FSTS.PFO, so poll promptly.
 */
#include <vmplat/mmio.h>
#include "vtd.h"

/* Fault reasons, VT-d 4.x Appendix A (non-recoverable address translation). */
static const char *const fr_text[] = {
	[0x1] = "root entry not present",
	[0x2] = "context entry not present",
	[0x3] = "invalid context entry",
	[0x4] = "address beyond MGAW",
	[0x5] = "write not permitted",
	[0x6] = "read not permitted",
	[0x7] = "second-level entry access error",
	[0x8] = "root table address error",
	[0x9] = "context table address error",
	[0xa] = "root entry reserved bits",
	[0xb] = "context entry reserved bits",
	[0xc] = "second-level entry reserved bits",
	[0xd] = "translation type blocked",
};

const char *vtd_fault_reason(uint32_t fr)
{
	if (fr < ARRAY_SIZE(fr_text) && fr_text[fr])
		return fr_text[fr];
	return "unknown reason";
}

/* Read, report and release one FRCD; false when it holds no fault. */
static bool take_frcd(struct vtd *v, unsigned i)
{
	volatile uint8_t *r = v->regs + v->frcd_off + i * 16;
	uint64_t hi = mmio_read64(r + 8), lo;
	uint32_t fr;

	if (!(hi & VTD_FRCD_HI_F))
		return false;
	lo = mmio_read64(r);
	fr = (uint32_t)FIELD_GET(VTD_FRCD_HI_FR, hi);
	/* Release the record before reporting: the next fault can be kept. */
	mmio_write64(r + 8, VTD_FRCD_HI_F);
	iommu_report_fault(&v->unit, (uint16_t)FIELD_GET(VTD_FRCD_HI_SID, hi), lo & VTD_FRCD_LO_FI,
			   !(hi & VTD_FRCD_HI_T), fr, vtd_fault_reason(fr));
	return true;
}

int vtd_fault_poll(struct iommu_unit *u)
{
	struct vtd *v = to_vtd(u);
	uint32_t fsts = mmio_read32(v->regs + VTD_FSTS);
	unsigned first = (unsigned)FIELD_GET(VTD_FSTS_FRI, fsts), n = 0;

	if (fsts & VTD_FSTS_PPF) {
		/* Records fill circularly from FRI (7.2.1): visit each once at most. */
		for (unsigned k = 0; k < v->nfr; k++)
			n += take_frcd(v, (first + k) % v->nfr);
	}
	if (fsts & VTD_FSTS_W1C) {
		if (fsts & VTD_FSTS_PFO)
			u->faults_lost++;
		mmio_write32(v->regs + VTD_FSTS, fsts & VTD_FSTS_W1C);
	}
	return (int)n;
}
