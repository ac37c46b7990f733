// SPDX-License-Identifier: MIT
/*
 * VT-d queued invalidation (VT-d 4.x, 6.5.2, 11.4.9): one page of 128-bit
 * descriptors (IQA.QS 0: 256 entries), software writes at IQT, hardware
 * fetches at IQH. Every submission ends with an invalidation wait
 * descriptor whose status write tells completion; it is waited for with a
 * timeout before returning, so the queue is empty between submissions and
 * never fills. A queue error (FSTS.IQE) is logged with the descriptor,
 * skipped and reported as -EIO. Callers hold iommu_lock (or boot alone).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/timer.h>
#include "vtd.h"

#define VTD_QI_MAX_BATCH 16 /* descriptors per submission, wait included */

int vtd_qi_enable(struct vtd *v)
{
	paddr_t st;

	if (!v->iq_status) {
		v->iq = page_alloc(1);
		st = page_alloc(1);
		if (v->iq == INVALID_PADDR || st == INVALID_PADDR)
			return -ENOMEM;
		v->iq_status = phys_to_virt(st);
	}
	memset(phys_to_virt(v->iq), 0, PAGE_SIZE);
	v->iq_tail = 0;
	/* QIE off: IQH reads 0 (11.4.9.1); the tail must match before enabling. */
	mmio_write64(v->regs + VTD_IQT, 0);
	mmio_write64(v->regs + VTD_IQA, (v->iq & VTD_IQA_IQA) | FIELD_PREP(VTD_IQA_QS, 0));
	v->qi = !vtd_gcmd(v, VTD_GCMD_QIE, VTD_GSTS_QIES, true);
	return v->qi ? 0 : -ETIMEDOUT;
}

/* Fetched descriptors all processed: IQH caught up with IQT (6.5.2). */
static int qi_drained(struct vtd *v)
{
	uint64_t deadline = timestamp_ns() + VTD_TIMEOUT_NS;

	while (mmio_read64(v->regs + VTD_IQH) != mmio_read64(v->regs + VTD_IQT)) {
		if (timestamp_ns() > deadline) {
			log_err("%s: invalidation queue not drained, IQH %#llx IQT %#llx: QIE left "
				"set (VT-d 6.5.2)",
				v->unit.name, (unsigned long long)mmio_read64(v->regs + VTD_IQH),
				(unsigned long long)mmio_read64(v->regs + VTD_IQT));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/*
 * QIE off only with the queue empty (IQH == IQT, VT-d 6.5.2, 11.4.4.1 QIE):
 * submissions wait for their own completion, so this is a check, bounded;
 * hardware then resets IQH to 0 and the register interface is usable.
 */
int vtd_qi_disable(struct vtd *v)
{
	int rc = 0;

	if (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_QIES) {
		rc = qi_drained(v);
		if (!rc)
			rc = vtd_gcmd(v, VTD_GCMD_QIE, VTD_GSTS_QIES, false);
	}
	if (!rc)
		v->qi = false;
	return rc;
}

/* FSTS.IQE: IQH holds the bad descriptor (6.5.2.10). Drop what is queued. */
static int qi_error(struct vtd *v)
{
	unsigned head = (unsigned)FIELD_GET(VTD_IQ_QT, mmio_read64(v->regs + VTD_IQH));
	const uint8_t *bad = (const uint8_t *)phys_to_virt(v->iq) + head * VTD_QI_DESC_SIZE;

	log_err("%s: invalidation queue error at descriptor %u: %#llx %#llx (VT-d 6.5.2.10)",
		v->unit.name, head, (unsigned long long)le64_get(bad),
		(unsigned long long)le64_get(bad + 8));
	v->qi_errors++;
	v->iq_tail = head;
	mmio_write64(v->regs + VTD_IQT, FIELD_PREP(VTD_IQ_QT, head));
	mmio_write32(v->regs + VTD_FSTS, VTD_FSTS_IQE);
	return -EIO;
}

static int qi_wait(struct vtd *v, uint32_t seq)
{
	uint64_t deadline = timestamp_ns() + VTD_TIMEOUT_NS;

	while (__atomic_load_n(v->iq_status, __ATOMIC_ACQUIRE) != seq) {
		if (mmio_read32(v->regs + VTD_FSTS) & VTD_FSTS_IQE)
			return qi_error(v);
		if (timestamp_ns() > deadline) {
			log_err("%s: invalidation wait %u not completed, IQH %#llx IQT %#llx "
				"(VT-d 6.5.2.8)",
				v->unit.name, seq,
				(unsigned long long)mmio_read64(v->regs + VTD_IQH),
				(unsigned long long)mmio_read64(v->regs + VTD_IQT));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	return 0;
}

/* Queue d[0..n) plus a wait descriptor, move IQT, wait for the status write. */
int vtd_qi_submit(struct vtd *v, const struct vtd_qi_desc *d, unsigned n)
{
	uint8_t *q = phys_to_virt(v->iq);
	uint32_t seq;

	if (!v->qi || n >= VTD_QI_MAX_BATCH)
		return -EINVAL;
	seq = ++v->iq_seq ? v->iq_seq : ++v->iq_seq; /* never 0, the cleared value */
	__atomic_store_n(v->iq_status, 0, __ATOMIC_RELAXED);
	for (unsigned i = 0; i <= n; i++) {
		struct vtd_qi_desc e = i < n ? d[i] : vtd_qi_wait(seq, virt_to_phys(v->iq_status));

		vtd_qi_put(q + v->iq_tail * VTD_QI_DESC_SIZE, e);
		v->iq_tail = (v->iq_tail + 1) % VTD_QI_ENTRIES;
	}
	/* Descriptors visible before the tail moves (mmio_write64 orders after memory). */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	v->qi_waits++;
	mmio_write64(v->regs + VTD_IQT, FIELD_PREP(VTD_IQ_QT, v->iq_tail));
	return qi_wait(v, seq);
}
