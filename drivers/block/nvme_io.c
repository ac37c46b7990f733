// SPDX-License-Identifier: MIT
/*
 * NVMe command path (NVMe 1.4, 4.1-4.6): one command at a time per queue,
 * written at the SQ tail, doorbell rung, completion found by its phase tag
 * (4.6.3) within a deadline; read/write/flush of a namespace with PRPs.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>
#include "nvme.h"

static uint16_t cqe_status(const struct nvme_queue *q)
{
	const volatile uint8_t *p = q->cq + (size_t)q->cq_head * NVME_CQE_SIZE + NVME_CQE_STATUS;

	return (uint16_t)(p[0] | p[1] << 8);
}

/* Wait for the next CQ entry (phase tag flips on each pass, 4.6.3). */
static int wait_cqe(struct nvme_ctrl *c, struct nvme_queue *q, uint8_t op)
{
	uint64_t deadline = timestamp_ns() + NVME_CMD_TIMEOUT_NS;

	while ((cqe_status(q) & NVME_STATUS_P) != q->phase) {
		if (timestamp_ns() > deadline) {
			log_err("%s: queue %u: opcode %#x not completed in %llu ms (CSTS %#x)",
				c->name, q->id, op,
				(unsigned long long)(NVME_CMD_TIMEOUT_NS / NSEC_PER_MSEC),
				mmio_read32(c->regs + NVME_REG_CSTS));
			return -ETIMEDOUT;
		}
		cpu_relax();
	}
	dma_rmb(); /* the entry's other fields after its phase tag */
	return 0;
}

int nvme_submit_sync(struct nvme_ctrl *c, struct nvme_queue *q, uint8_t *sqe, uint32_t *dw0)
{
	uint8_t op = sqe[0];
	const uint8_t *cqe;
	uint16_t status, cid;
	int rc;

	if (q->cid == 0xffff) /* reserved CID value */
		q->cid = 0;
	cid = q->cid++;

	/* CDW0: opcode 7:0, PRP data transfer (PSDT 0), CID 31:16 (4.2). */
	le32_put(sqe + NVME_SQE_CDW0, (uint32_t)op | (uint32_t)cid << 16);
	memcpy(q->sq + (size_t)q->sq_tail * NVME_SQE_SIZE, sqe, NVME_SQE_SIZE);
	q->sq_tail = (uint16_t)((q->sq_tail + 1) % q->size);
	wmb(); /* the entry in memory before the doorbell write */
	mmio_write32(q->sq_db, q->sq_tail);
	rc = wait_cqe(c, q, op);
	if (rc)
		return rc;
	cqe = q->cq + (size_t)q->cq_head * NVME_CQE_SIZE;
	status = le16_get(cqe + NVME_CQE_STATUS);
	if (le16_get(cqe + NVME_CQE_CID) != cid || le16_get(cqe + NVME_CQE_SQID) != q->id) {
		log_err("%s: queue %u: completion for cid %u sq %u, expected cid %u", c->name,
			q->id, le16_get(cqe + NVME_CQE_CID), le16_get(cqe + NVME_CQE_SQID), cid);
		rc = -EIO;
	}
	if (dw0)
		*dw0 = le32_get(cqe + NVME_CQE_DW0);
	q->cq_head = (uint16_t)((q->cq_head + 1) % q->size);
	if (!q->cq_head)
		q->phase = !q->phase;
	mmio_write32(q->cq_db, q->cq_head);
	if (!rc && (status & ~NVME_STATUS_P)) {
		rc = nvme_status_errno(status);
		log_err("%s: opcode %#x: %s (SCT %#llx SC %#llx%s)", c->name, op,
			nvme_status_str(status),
			(unsigned long long)FIELD_GET(NVME_STATUS_SCT, status),
			(unsigned long long)FIELD_GET(NVME_STATUS_SC, status),
			status & NVME_STATUS_DNR ? ", do not retry" : "");
		if (!rc)
			rc = -EIO;
	}
	return rc;
}

/* One read or write of count blocks; buf physically contiguous (identity map). */
static int rw_one(struct nvme_ns *ns, uint8_t op, uint64_t lba, uint32_t count, uint8_t *buf)
{
	struct nvme_ctrl *c = ns->ctrl;
	uint8_t sqe[NVME_SQE_SIZE] = { op };
	uint32_t len = count * ns->blk.sector_size;
	uint64_t prp1, prp2;
	int rc = nvme_prp_build(virt_to_phys(buf), len, c->prp_list, virt_to_phys(c->prp_list),
				&prp1, &prp2);

	if (rc)
		return rc;
	le32_put(sqe + NVME_SQE_NSID, ns->nsid);
	le64_put(sqe + NVME_SQE_PRP1, prp1);
	le64_put(sqe + NVME_SQE_PRP2, prp2);
	le64_put(sqe + NVME_SQE_CDW(10), lba);	     /* SLBA in CDW10-11 (6.9, 6.15) */
	le32_put(sqe + NVME_SQE_CDW(12), count - 1); /* NLB, 0's based */
	return nvme_submit_sync(c, &c->io, sqe, NULL);
}

/* Split at max_xfer; buffers that are not dword aligned go through the bounce. */
static int rw(struct blk_dev *d, uint8_t op, uint64_t lba, uint32_t count, uint8_t *p)
{
	struct nvme_ns *ns = d->priv;
	uint32_t per = ns->ctrl->max_xfer / d->sector_size;
	bool bounce = ((uintptr_t)p & 3) != 0;
	int rc = 0;

	while (!rc && count) {
		uint32_t n = MIN(count, per), len = n * d->sector_size;

		if (bounce && op == NVME_CMD_WRITE)
			memcpy(ns->ctrl->bounce, p, len);
		rc = rw_one(ns, op, lba, n, bounce ? ns->ctrl->bounce : p);
		if (!rc && bounce && op == NVME_CMD_READ)
			memcpy(p, ns->ctrl->bounce, len);
		lba += n;
		count -= n;
		p += len;
	}
	return rc;
}

static int ns_read(struct blk_dev *d, uint64_t lba, uint32_t count, void *buf)
{
	return rw(d, NVME_CMD_READ, lba, count, buf);
}

static int ns_write(struct blk_dev *d, uint64_t lba, uint32_t count, const void *buf)
{
	return rw(d, NVME_CMD_WRITE, lba, count, (uint8_t *)(uintptr_t)buf);
}

/* Flush commits the volatile write cache (6.8); without one there is nothing to do. */
static int ns_flush(struct blk_dev *d)
{
	struct nvme_ns *ns = d->priv;
	uint8_t sqe[NVME_SQE_SIZE] = { NVME_CMD_FLUSH };

	if (!ns->ctrl->vwc)
		return 0;
	le32_put(sqe + NVME_SQE_NSID, ns->nsid);
	return nvme_submit_sync(ns->ctrl, &ns->ctrl->io, sqe, NULL);
}

const struct blk_dev_ops nvme_ns_ops = {
	.read = ns_read,
	.write = ns_write,
	.flush = ns_flush,
};
