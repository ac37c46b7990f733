// SPDX-License-Identifier: MIT
/*
 * VT-d primary fault logging (VT-d 4.x, 7.2.1, 11.4.9, 11.4.14): FSTS.PPF
 * says fault recording registers hold faults, FSTS.FRI where to start;
 * each FRCD gives source id, reason, address and request type and is
 * released by writing 1 to its F bit. The fault event interrupt (7.3,
 * 11.4.9.4-6: FECTL/FEDATA/FEADDR/FEUADDR) is an MSI to the boot CPU's
 * LAPIC whose handler runs the same code as the poll, which stays the
 * fallback (`vtd=noirq`, and iommu_poll_faults() after DMA, the `iommu`
 * command, the self-tests). Both take fault_lock with interrupts off.
 * QEMU keeps one FRCD (CAP.NFR = 0): a fault arriving while it is still
 * set is dropped and counted as FSTS.PFO, so handle promptly.
 */
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
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

static int fault_take_all(struct vtd *v)
{
	struct iommu_unit *u = &v->unit;
	uint32_t fsts = mmio_read32(v->regs + VTD_FSTS);
	unsigned first = (unsigned)FIELD_GET(VTD_FSTS_FRI, fsts), n = 0;

	if (fsts & VTD_FSTS_PPF) {
		/* Records fill circularly from FRI (7.2.1): visit each once at most. */
		for (unsigned k = 0; k < v->nfr; k++)
			n += take_frcd(v, (first + k) % v->nfr);
	}
	/* IQE belongs to the invalidation path (vtd_qi.c), which recovers from it. */
	fsts &= VTD_FSTS_W1C & ~(uint32_t)VTD_FSTS_IQE;
	if (fsts) {
		if (fsts & VTD_FSTS_PFO)
			u->faults_lost++;
		mmio_write32(v->regs + VTD_FSTS, fsts);
	}
	return (int)n;
}

int vtd_fault_poll(struct iommu_unit *u)
{
	struct vtd *v = to_vtd(u);
	unsigned long flags = spin_lock_irqsave(&v->fault_lock);
	int n = fault_take_all(v);

	spin_unlock_irqrestore(&v->fault_lock, flags);
	return n;
}

/* The fault event (7.3.1): IP stays set until PPF and the W1C bits are clear. */
static void vtd_fault_irq(unsigned vec, void *arg)
{
	struct vtd *v = arg;

	(void)vec;
	spin_lock(&v->fault_lock); /* interrupts are off in the handler */
	v->fault_irqs++;
	fault_take_all(v);
	spin_unlock(&v->fault_lock);
}

/*
 * MSI in x86 compatibility format (10.4.10-10.4.13 of the 4.x register
 * chapter): FEADDR 0xFEE00000 | boot CPU APIC id << 12, FEDATA the vector
 * (fixed, edge). The unit's own event is not interrupt-remapped. Then
 * FECTL.IM clear: pending and new faults signal.
 */
int vtd_fault_irq_enable(struct vtd *v, unsigned vec)
{
	int rc = irq_register(vec, vtd_fault_irq, v);

	if (rc) {
		log_warn("%s: fault vector %#x: %d", v->unit.name, vec, rc);
		return rc;
	}
	mmio_write32(v->regs + VTD_FEDATA, vec);
	mmio_write32(v->regs + VTD_FEADDR,
		     VTD_FEADDR_BASE | FIELD_PREP(VTD_FEADDR_DEST, (uint32_t)cpus[0].hwid));
	mmio_write32(v->regs + VTD_FEUADDR, 0);
	v->fault_vec = vec;
	mmio_write32(v->regs + VTD_FECTL, 0);
	return 0;
}

void vtd_fault_irq_disable(struct vtd *v)
{
	mmio_write32(v->regs + VTD_FECTL, VTD_FECTL_IM);
	if (v->fault_vec)
		irq_register(v->fault_vec, NULL, NULL);
	v->fault_vec = 0;
}

uint64_t vtd_fault_irq_count(struct iommu_unit *u)
{
	return u->ops->fault_poll == vtd_fault_poll ? to_vtd(u)->fault_irqs : 0;
}
