// SPDX-License-Identifier: MIT
/*
 * VT-d self-tests of the invalidation path and the fault event interrupt:
 * which path runs (queued when ECAP.QI unless vtd=noqi), that an unmap
 * goes through the queue and leaves it drained (IQH == IQT, VT-d 6.5.2),
 * and that a blocked edu DMA is reported by the fault interrupt alone
 * (no poll: VT-d 7.3) with the right requester id, address and reason.
 * Skipped without an edu behind a VT-d unit.
 */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/platform.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>
#include "st_iommu.h"
#include "vtd.h"

#define ST_IRQ_WAIT_NS (500 * NSEC_PER_MSEC)

static bool st_vtd_opt(const char *word)
{
	char buf[32];

	return !cmdline_get(platform.cmdline, "vtd", buf, sizeof(buf)) && strstr(buf, word);
}

/* An edu on a VT-d unit, or 1 (skip, said why). */
static int st_vtd_edu(struct st_edu *s)
{
	int rc = st_edu_get(s, 0, ST_OWNER_A);

	if (rc)
		return rc;
	if (strcmp(s->dom->unit->ops->kind, "vtd")) {
		console_printf("iommu selftest: skipped: %s is not VT-d\n", s->dom->unit->name);
		st_edu_put(s);
		return 1;
	}
	return 0;
}

SELFTEST(iommu_vtd_inv_queue)
{
	struct st_edu s;
	struct vtd *v;
	uint8_t *buf;
	uint64_t waits;
	int rc = st_vtd_edu(&s);

	if (rc)
		return rc > 0 ? 0 : rc;
	v = to_vtd(s.dom->unit);
	buf = st_page(0);
	ST_CHECK(buf, "out of memory");
	if (st_vtd_opt("noqi") || !(v->ecap & VTD_ECAP_QI))
		rc = v->qi || (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_QIES) ?
			     selftest_fail("queued invalidation on, want register-based") :
			     0;
	else if (!v->qi || !(mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_QIES))
		rc = selftest_fail("ECAP.QI but queued invalidation off (GSTS %#x)",
				   mmio_read32(v->regs + VTD_GSTS));
	waits = v->qi_waits;
	if (!rc)
		rc = st_map(&s, ST_IOVA, buf, IOMMU_RW) ?: iommu_unmap(s.dom, ST_IOVA, PAGE_SIZE);
	if (!rc && v->qi) {
		uint64_t h = mmio_read64(v->regs + VTD_IQH), t = mmio_read64(v->regs + VTD_IQT);

		if (v->qi_waits == waits)
			rc = selftest_fail("unmap did not go through the queue");
		else if (h != t || FIELD_GET(VTD_IQ_QT, t) != v->iq_tail)
			rc = selftest_fail("queue not drained: IQH %#llx IQT %#llx tail %u",
					   (unsigned long long)h, (unsigned long long)t,
					   v->iq_tail);
		else if (v->qi_errors)
			rc = selftest_fail("%llu queue errors", (unsigned long long)v->qi_errors);
	}
	console_printf("iommu selftest: %s invalidation %s, %llu waits\n", s.dom->unit->name,
		       v->qi ? "queued" : "register-based", (unsigned long long)v->qi_waits);
	st_edu_put(&s);
	st_free(buf);
	return rc;
}

/* Wait for the domain's handler to see a fault, without polling the unit. */
static bool st_wait_fault(struct st_edu *s, unsigned before)
{
	uint64_t deadline = timestamp_ns() + ST_IRQ_WAIT_NS;

	while (__atomic_load_n(&s->nfaults, __ATOMIC_ACQUIRE) == before) {
		if (timestamp_ns() > deadline)
			return false;
		cpu_relax();
	}
	return true;
}

SELFTEST(iommu_vtd_fault_irq)
{
	struct st_edu s;
	struct vtd *v;
	uint8_t *src, *canary;
	uint64_t irqs, iova;
	unsigned before;
	int rc = st_vtd_edu(&s);

	if (rc)
		return rc > 0 ? 0 : rc;
	v = to_vtd(s.dom->unit);
	if (!v->fault_vec) {
		st_edu_put(&s);
		if (st_vtd_opt("noirq")) {
			console_printf("iommu selftest: skipped: vtd=noirq (faults polled)\n");
			return 0;
		}
		return selftest_fail("fault events are not interrupt-driven");
	}
	src = st_page(0x21);
	canary = st_page(0x6b);
	ST_CHECK(src && canary, "out of memory");
	rc = st_map(&s, ST_IOVA, src, IOMMU_READ) ?: st_dma(&s, ST_IOVA, false);
	irqs = vtd_fault_irq_count(&v->unit);
	before = s.nfaults;
	iova = virt_to_phys(canary);
	s.armed = true;
	/* No iommu_poll_faults() from here on: only the interrupt can report it. */
	if (!rc && (rc = edu_dma(&s.edu, iova, 0, ST_LEN, true)))
		rc = selftest_fail("DMA %#llx: %d", (unsigned long long)iova, rc);
	if (!rc && !st_wait_fault(&s, before))
		rc = selftest_fail("no fault reported without polling (FSTS %#x FECTL %#x)",
				   mmio_read32(v->regs + VTD_FSTS),
				   mmio_read32(v->regs + VTD_FECTL));
	if (!rc && vtd_fault_irq_count(&v->unit) == irqs)
		rc = selftest_fail("fault reported but no fault interrupt counted");
	if (!rc && (s.f_rid != s.rid || !s.f_write ||
		    ALIGN_DOWN(s.f_iova, PAGE_SIZE) != ALIGN_DOWN(iova, PAGE_SIZE) ||
		    s.f_reason != st_reason_write(&s)))
		rc = selftest_fail("fault rid %04x iova %#llx reason %#x; want rid %04x iova %#llx "
				   "write reason %#x",
				   s.f_rid, (unsigned long long)s.f_iova, s.f_reason, s.rid,
				   (unsigned long long)iova, st_reason_write(&s));
	if (!rc && !st_filled(canary, 0x6b))
		rc = selftest_fail("canary changed by a blocked DMA");
	if (!rc)
		console_printf("iommu selftest: %s fault interrupt vector %#x: %llu taken\n",
			       v->unit.name, v->fault_vec,
			       (unsigned long long)(vtd_fault_irq_count(&v->unit) - irqs));
	st_edu_put(&s);
	st_free(src);
	st_free(canary);
	return rc;
}
