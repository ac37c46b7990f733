// SPDX-License-Identifier: MIT
/*
 * VT-d global commands and invalidation (VT-d 4.x, 6.5.1, 11.4.4, 11.4.7,
 * 11.4.8). Every wait is bounded by VTD_TIMEOUT_NS. With queued
 * invalidation on (ECAP.QI, vtd_qi.c) the same requests go through the
 * queue: the register interface must not be used while QIE is set (6.5.2);
 * `vtd=noqi` on the command line keeps the register path.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>
#include "vtd.h"

/*
 * GCMD is write-only: set one command bit on top of the persistent state
 * read from GSTS, then wait until GSTS shows status == set (11.4.4.1/2).
 */
int vtd_gcmd(struct vtd *v, uint32_t cmd, uint32_t status, bool set)
{
	uint32_t cur = mmio_read32(v->regs + VTD_GSTS) & ~(uint32_t)VTD_GCMD_ONESHOT;
	uint64_t deadline = timestamp_ns() + VTD_TIMEOUT_NS;

	mmio_write32(v->regs + VTD_GCMD, set ? cur | cmd : cur & ~cmd);
	while (!!(mmio_read32(v->regs + VTD_GSTS) & status) != set) {
		if (timestamp_ns() > deadline) {
			log_err("%s: GSTS bit %#x not %s after GCMD (VT-d 11.4.5)", v->unit.name,
				status, set ? "set" : "clear");
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* CAP.RWBF: writes to remapping structures may sit in a write buffer (6.8). */
void vtd_flush_write_buffer(struct vtd *v)
{
	uint64_t deadline = timestamp_ns() + VTD_TIMEOUT_NS;
	uint32_t cur;

	if (!(v->cap & VTD_CAP_RWBF))
		return;
	v->wbf++;
	cur = mmio_read32(v->regs + VTD_GSTS) & ~(uint32_t)VTD_GCMD_ONESHOT;
	mmio_write32(v->regs + VTD_GCMD, cur | VTD_GCMD_WBF);
	/* WBFS reads 1 while the flush runs, 0 when done (11.4.5). */
	while (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_WBFS) {
		if (timestamp_ns() > deadline) {
			log_err("%s: write-buffer flush stuck (VT-d 6.8)", v->unit.name);
			return;
		}
		cpu_relax();
	}
}

static int wait_clear64(struct vtd *v, unsigned off, uint64_t bit, const char *what)
{
	uint64_t deadline = timestamp_ns() + VTD_TIMEOUT_NS;

	while (mmio_read64(v->regs + off) & bit) {
		if (timestamp_ns() > deadline) {
			log_err("%s: %s invalidation did not complete (VT-d 6.5.1)", v->unit.name,
				what);
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* Context-cache invalidation (11.4.7): global, domain (did) or device (sid). */
int vtd_inv_context(struct vtd *v, unsigned gran, uint16_t did, uint16_t sid)
{
	uint64_t cmd = VTD_CCMD_ICC | FIELD_PREP(VTD_CCMD_CIRG, gran);

	if (gran >= VTD_INV_DOMAIN)
		cmd |= FIELD_PREP(VTD_CCMD_DID, did);
	if (gran == VTD_INV_PAGE)
		cmd |= FIELD_PREP(VTD_CCMD_SID, sid);
	v->inv_ctx++;
	if (v->qi) {
		struct vtd_qi_desc d = vtd_qi_cc(gran, did, sid);

		return vtd_qi_submit(v, &d, 1);
	}
	mmio_write64(v->regs + VTD_CCMD, cmd);
	return wait_clear64(v, VTD_CCMD, VTD_CCMD_ICC, "context-cache");
}

/* Address mask for a page-selective invalidation covering [iova, iova+size). */
static unsigned psi_mask(uint64_t *iova, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(*iova, PAGE_SIZE), end = ALIGN_UP(*iova + size, PAGE_SIZE);
	unsigned am = 0;

	/* Smallest naturally aligned 2^am-page block holding the range (6.5.1.2). */
	while (am < 52 && ALIGN_DOWN(start, PAGE_SIZE << am) + (PAGE_SIZE << am) < end)
		am++;
	*iova = ALIGN_DOWN(start, PAGE_SIZE << am);
	return am;
}

/* IOTLB invalidation (11.4.8); page granularity falls back to domain when
 * CAP.PSI is clear or the range needs a mask beyond CAP.MAMV. */
int vtd_inv_iotlb(struct vtd *v, unsigned gran, uint16_t did, uint64_t iova, uint64_t size)
{
	uint64_t cmd = VTD_IOTLB_IVT | VTD_IOTLB_DR | VTD_IOTLB_DW;
	unsigned am = 0;

	if (gran == VTD_INV_PAGE) {
		am = psi_mask(&iova, size);
		if (!(v->cap & VTD_CAP_PSI) || am > FIELD_GET(VTD_CAP_MAMV, v->cap))
			gran = VTD_INV_DOMAIN;
	}
	if (gran == VTD_INV_PAGE)
		v->inv_iotlb_psi++;
	else
		v->inv_iotlb_dsi++;
	if (v->qi) {
		struct vtd_qi_desc d = vtd_qi_iotlb(gran, did, iova, am);

		return vtd_qi_submit(v, &d, 1);
	}
	cmd |= FIELD_PREP(VTD_IOTLB_IIRG, gran);
	if (gran >= VTD_INV_DOMAIN)
		cmd |= FIELD_PREP(VTD_IOTLB_DID, did);
	if (gran == VTD_INV_PAGE) {
		mmio_write64(v->regs + v->iotlb_off + VTD_IVA_OFF,
			     (iova & VTD_IVA_ADDR) | FIELD_PREP(VTD_IVA_AM, am));
	}
	mmio_write64(v->regs + v->iotlb_off + VTD_IOTLB_OFF, cmd);
	return wait_clear64(v, v->iotlb_off + VTD_IOTLB_OFF, VTD_IOTLB_IVT, "IOTLB");
}
