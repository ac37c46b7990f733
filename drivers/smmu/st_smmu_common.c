// SPDX-License-Identifier: MIT
/*
 * Helpers of the SMMUv3 self-tests: the n-th edu (wherever it sits) in a
 * new paging domain of its SMMU, DMA through it, fault capture through the
 * common fault path (iommu_report_fault -> the domain's handler).
 */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>
#include <vmplat/spinlock.h>
#include <vmplat/timer.h>

#include "st_smmu.h"

#define STS_IRQ_WAIT_NS NSEC_PER_SEC /* an eventq interrupt is taken well within this */

static void on_fault(void *ctx, struct pci_dev *d, uint16_t rid, uint64_t iova, bool write,
		     uint32_t reason)
{
	struct sts_edu *t = ctx;

	(void)d;
	t->nfaults++;
	if (!__atomic_load_n(&t->armed, __ATOMIC_ACQUIRE))
		return;
	t->f_iova = iova;
	t->f_write = write;
	t->f_reason = reason;
	t->f_rid = rid;
	/* Last: the waiter (sts_wait_report, maybe on another CPU) reads the record after. */
	__atomic_store_n(&t->armed, false, __ATOMIC_RELEASE);
}

int sts_get(struct sts_edu *t, unsigned n, uint16_t owner)
{
	struct iommu_unit *u;
	uint16_t al[IOMMU_MAX_ALIASES];
	int rc;

	*t = (struct sts_edu){ .dev = edu_find(n), .owner = owner };
	u = t->dev ? iommu_unit_for(t->dev) : NULL;
	if (!u || strcmp(u->ops->kind, "smmuv3")) {
		console_printf("smmu selftest: skipped: no edu #%u behind an SMMUv3\n", n);
		return 1;
	}
	t->smmu = u->priv;
	t->rid = al[iommu_dma_aliases(t->dev, al, IOMMU_MAX_ALIASES) - 1];
	if (smmu_rid_to_sid(&t->smmu->desc, t->rid, &t->sid))
		return selftest_fail("rid %04x not in the iommu-map", t->rid);
	t->dom = iommu_domain_alloc(u, owner, IOMMU_DOM_PAGING);
	if (!t->dom)
		return selftest_fail("no domain for owner %#x", owner);
	iommu_set_fault_handler(t->dom, on_fault, t);
	rc = pci_assign(t->dev, owner);
	if (!rc)
		rc = pci_set_master(t->dev, true);
	if (!rc)
		rc = edu_open(t->dev, &t->edu);
	if (rc) {
		sts_put(t);
		return selftest_fail("edu #%u into domain %#x: %d", n, owner, rc);
	}
	return 0;
}

void sts_put(struct sts_edu *t)
{
	if (t->dev && t->dev->owner == t->owner)
		pci_release(t->dev, t->owner);
	if (t->dom) {
		iommu_poll_faults();
		iommu_domain_free(t->dom);
	}
	t->dom = NULL;
}

uint8_t *sts_page(uint8_t fill)
{
	paddr_t pa = page_alloc(1);

	if (pa == INVALID_PADDR)
		return NULL;
	memset(phys_to_virt(pa), fill, PAGE_SIZE);
	return phys_to_virt(pa);
}

void sts_free(uint8_t *p)
{
	if (p)
		page_free(virt_to_phys(p), 1);
}

int sts_dma_ok(struct sts_edu *t, uint64_t iova, bool to_ram)
{
	unsigned before = t->nfaults;
	int rc = edu_dma(&t->edu, iova, 0, STS_LEN, to_ram);

	iommu_poll_faults();
	if (rc)
		return selftest_fail("DMA %#llx: %d", (unsigned long long)iova, rc);
	if (t->nfaults != before)
		return selftest_fail("DMA %s %#llx faulted (reason %#x)", to_ram ? "to" : "from",
				     (unsigned long long)iova, t->f_reason);
	return 0;
}

/*
 * After the drain: no record lost (GERROR.EVTQ_ABT_ERR, EVTQ_PROD.OVFLG,
 * IHI 0070 7.4) and the queue consumed up to PROD, wrap bit included.
 */
static int sts_evtq_clean(struct sts_edu *t, uint64_t lost_before, uint64_t ev_before)
{
	struct smmu *s = t->smmu;
	/* Under the consumer's lock: an interrupt may be draining right now. */
	unsigned long flags = spin_lock_irqsave(&s->evtq_lock);
	uint32_t prod = mmio_read32(s->regs + SMMU_EVTQ_PROD);
	uint32_t cons = mmio_read32(s->regs + SMMU_EVTQ_CONS);
	uint32_t gerr = mmio_read32(s->regs + SMMU_GERROR) ^ mmio_read32(s->regs + SMMU_GERRORN);

	spin_unlock_irqrestore(&s->evtq_lock, flags);

	if (s->evtq_overflows != lost_before || (gerr & SMMU_GERROR_EVTQ_ABT))
		return selftest_fail("one blocked DMA overflowed the event queue (2^%u entries, "
				     "%llu records)",
				     s->evtq.log2, (unsigned long long)(s->events - ev_before));
	if (!smmu_q_empty(&s->evtq, prod, cons) || cons != s->evtq.cons ||
	    (prod & SMMU_Q_OVF) != (cons & SMMU_Q_OVF))
		return selftest_fail("event queue not consumed: PROD %#x CONS %#x (driver %#x)",
				     prod, cons, s->evtq.cons);
	return 0;
}

/*
 * Interrupt-driven unit: no poll, the eventq interrupt must report the
 * fault (the domain handler disarms t) and be counted. Polled unit: poll.
 */
static int sts_wait_report(struct sts_edu *t, uint64_t irqs_before)
{
	struct smmu *s = t->smmu;
	uint64_t deadline = timestamp_ns() + STS_IRQ_WAIT_NS;

	if (!s->irq_ctrl) {
		iommu_poll_faults();
		return 0;
	}
	while (__atomic_load_n(&t->armed, __ATOMIC_ACQUIRE)) {
		if (timestamp_ns() > deadline)
			return selftest_fail(
				"no fault reported in 1 s without polling (IRQ_CTRLACK "
				"%#x, EVTQ PROD %#x CONS %#x, %llu eventq irqs)",
				mmio_read32(s->regs + SMMU_IRQ_CTRLACK),
				mmio_read32(s->regs + SMMU_EVTQ_PROD),
				mmio_read32(s->regs + SMMU_EVTQ_CONS),
				(unsigned long long)s->evt_irqs);
		cpu_relax();
	}
	if (__atomic_load_n(&s->evt_irqs, __ATOMIC_RELAXED) == irqs_before)
		return selftest_fail("fault reported but no eventq interrupt taken");
	console_printf("smmu selftest: %s fault sid %#x iova %#llx reason %#x reported by the "
		       "eventq interrupt (INTID %u), %llu taken\n",
		       t->dom->unit->name, t->sid, (unsigned long long)t->f_iova, t->f_reason,
		       s->desc.irq_evt,
		       (unsigned long long)(__atomic_load_n(&s->evt_irqs, __ATOMIC_RELAXED) -
					    irqs_before));
	return 0;
}

int sts_dma_faults(struct sts_edu *t, uint64_t iova, bool to_ram, uint32_t event)
{
	uint64_t hw_before = t->smmu->evt_count[event];
	uint64_t lost_before = t->smmu->evtq_overflows, ev_before = t->smmu->events;
	uint64_t irqs = __atomic_load_n(&t->smmu->evt_irqs, __ATOMIC_RELAXED);
	int rc;

	__atomic_store_n(&t->armed, true, __ATOMIC_RELEASE);
	rc = edu_dma(&t->edu, iova, 0, STS_LEN, to_ram);
	if (rc)
		return selftest_fail("DMA %#llx: %d", (unsigned long long)iova, rc);
	rc = sts_wait_report(t, irqs);
	if (rc)
		return rc;
	if (t->armed)
		return selftest_fail("no event for the DMA to %#llx", (unsigned long long)iova);
	/* The record itself: type, StreamID -> requester id, InputAddr, RnW. */
	if (t->f_reason != event || t->f_rid != t->rid || t->f_iova != iova || t->f_write != to_ram)
		return selftest_fail("event %#x rid %04x iova %#llx %s; want %#x rid %04x iova "
				     "%#llx %s",
				     t->f_reason, t->f_rid, (unsigned long long)t->f_iova,
				     t->f_write ? "write" : "read", event, t->rid,
				     (unsigned long long)iova, to_ram ? "write" : "read");
	if (t->smmu->evt_count[event] == hw_before)
		return selftest_fail("event queue holds no %#x record", event);
	return sts_evtq_clean(t, lost_before, ev_before);
}

bool sts_filled(const uint8_t *p, uint8_t v)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		if (p[i] != v)
			return false;
	return true;
}
