// SPDX-License-Identifier: MIT
/*
 * NVMe controller bring-up (NVMe 1.4, 7.6.1 initialization): disable with
 * the CAP.TO bound, admin queue, enable, identify controller, one I/O queue
 * pair (Create I/O CQ then SQ, 5.3/5.4), identify the active namespaces and
 * register each usable one as "nvme<c>n<nsid>". Stopped for passthrough
 * (CC.EN = 0, 3.1.6), a controller restarts on the same records and queue
 * memory, and its namespaces come back when Identify still finds them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include <vmplat/timer.h>
#include "nvme.h"

#define NVME_CLASS 0x010802 /* mass storage, NVM, NVMe I/O controller */

static unsigned nvme_count;

/* Stop/restart for passthrough (end of this file). */
static int nvme_ns_stop(struct blk_dev *d);
static int nvme_ns_restart(struct blk_dev *d);
static const struct blk_pci_ops nvme_pci_ops = { nvme_ns_stop, nvme_ns_restart };

static uint64_t timeout_ns(const struct nvme_ctrl *c)
{
	/* CAP.TO: worst case for CSTS.RDY to follow CC.EN, in 500 ms units (3.1.1). */
	return (FIELD_GET(NVME_CAP_TO, c->cap) + 1) * 500 * NSEC_PER_MSEC;
}

static int wait_ready(struct nvme_ctrl *c, bool rdy)
{
	uint64_t deadline = timestamp_ns() + timeout_ns(c);
	uint32_t csts;

	while (!!((csts = mmio_read32(c->regs + NVME_REG_CSTS)) & NVME_CSTS_RDY) != rdy) {
		if (csts == 0xffffffff || timestamp_ns() > deadline) {
			log_err("%s: CSTS.RDY did not become %d within CAP.TO %llu ms (CSTS %#x, 3.1.6)",
				c->name, rdy, (unsigned long long)(timeout_ns(c) / NSEC_PER_MSEC),
				csts);
			return -ETIMEDOUT;
		}
		udelay(50);
	}
	return 0;
}

static int disable(struct nvme_ctrl *c)
{
	uint32_t cc = mmio_read32(c->regs + NVME_REG_CC);

	if (cc & NVME_CC_EN)
		mmio_write32(c->regs + NVME_REG_CC, cc & ~NVME_CC_EN);
	return wait_ready(c, false);
}

static void *alloc_pages(size_t bytes)
{
	paddr_t pa = page_alloc(DIV_ROUND_UP(bytes, PAGE_SIZE));

	return pa == INVALID_PADDR ? NULL : phys_to_virt(pa);
}

static void free_pages(void *va, size_t bytes)
{
	if (va)
		page_free(virt_to_phys(va), DIV_ROUND_UP(bytes, PAGE_SIZE));
}

/* Queue y's doorbells: SQ tail at 2y, CQ head at 2y+1 strides (3.1.24, 3.1.25). */
static int queue_init(struct nvme_ctrl *c, struct nvme_queue *q, uint16_t id, uint16_t size)
{
	uint32_t stride = 4u << FIELD_GET(NVME_CAP_DSTRD, c->cap);

	if (!q->sq || !q->cq || q->size != size) { /* a restart keeps the queue memory it had */
		free_pages(q->sq, (size_t)q->size * NVME_SQE_SIZE);
		free_pages(q->cq, (size_t)q->size * NVME_CQE_SIZE);
		q->sq = alloc_pages((size_t)size * NVME_SQE_SIZE);
		q->cq = alloc_pages((size_t)size * NVME_CQE_SIZE);
		q->size = size;
	}
	if (!q->sq || !q->cq)
		return -ENOMEM;
	/* Phase tags start at 0 (4.6): stale completions of a previous run must not match. */
	memset(q->sq, 0, (size_t)size * NVME_SQE_SIZE);
	memset(q->cq, 0, (size_t)size * NVME_CQE_SIZE);
	q->id = id;
	q->size = size;
	q->sq_tail = q->cq_head = q->cid = 0;
	q->phase = true;
	q->sq_db = c->regs + NVME_REG_DBS + (2u * id) * stride;
	q->cq_db = c->regs + NVME_REG_DBS + (2u * id + 1) * stride;
	return 0;
}

static int enable(struct nvme_ctrl *c)
{
	uint32_t cc = (uint32_t)(FIELD_PREP(NVME_CC_CSS, 0) | FIELD_PREP(NVME_CC_MPS, 0) |
				 FIELD_PREP(NVME_CC_AMS, 0) | FIELD_PREP(NVME_CC_IOSQES, 6) |
				 FIELD_PREP(NVME_CC_IOCQES, 4)) |
		      NVME_CC_EN;
	int rc;

	if (!(c->cap & NVME_CAP_CSS_NVM) || FIELD_GET(NVME_CAP_MPSMIN, c->cap) > 0) {
		log_err("%s: no NVM command set or 4 KiB pages (CAP %#llx)", c->name,
			(unsigned long long)c->cap);
		return -ENODEV;
	}
	rc = disable(c);
	if (!rc)
		rc = queue_init(c, &c->admin, 0, NVME_ADMIN_QSIZE);
	if (rc)
		return rc;
	mmio_write32(c->regs + NVME_REG_INTMS, 0xffffffff); /* we poll */
	mmio_write32(c->regs + NVME_REG_AQA,
		     (uint32_t)(NVME_ADMIN_QSIZE - 1) << 16 | (NVME_ADMIN_QSIZE - 1));
	mmio_write64(c->regs + NVME_REG_ASQ, virt_to_phys(c->admin.sq));
	mmio_write64(c->regs + NVME_REG_ACQ, virt_to_phys(c->admin.cq));
	mmio_write32(c->regs + NVME_REG_CC, cc);
	rc = wait_ready(c, true);
	if (!rc && (mmio_read32(c->regs + NVME_REG_CSTS) & NVME_CSTS_CFS)) {
		log_err("%s: controller fatal status after enable", c->name);
		rc = -EIO;
	}
	return rc;
}

static int identify(struct nvme_ctrl *c, uint8_t cns, uint32_t nsid)
{
	uint8_t sqe[NVME_SQE_SIZE] = { NVME_ADMIN_IDENTIFY };

	memset(c->ident, 0, NVME_PAGE_SIZE);
	le32_put(sqe + NVME_SQE_NSID, nsid);
	le64_put(sqe + NVME_SQE_PRP1, virt_to_phys(c->ident));
	le32_put(sqe + NVME_SQE_CDW(10), cns);
	return nvme_submit_sync(c, &c->admin, sqe, NULL);
}

static void copy_str(char *dst, const uint8_t *src, size_t n)
{
	size_t len = n;

	memcpy(dst, src, n);
	while (len && (dst[len - 1] == ' ' || !dst[len - 1]))
		len--;
	dst[len] = 0;
	for (size_t i = 0; i < len; i++)
		if (dst[i] < 0x20 || dst[i] > 0x7e)
			dst[i] = '?';
}

/* Identify Controller (Figure 247): SN 4, MN 24, MDTS 77, VWC 525. */
static int identify_ctrl(struct nvme_ctrl *c)
{
	int rc = identify(c, NVME_CNS_CTRL, 0);
	uint8_t mdts;

	if (rc)
		return rc;
	copy_str(c->serial, c->ident + 4, 20);
	copy_str(c->model, c->ident + 24, 40);
	mdts = c->ident[77];
	c->vwc = c->ident[525] & 1;
	c->max_xfer = NVME_MAX_XFER;
	/* MDTS: 2^n units of the minimum page size; 0 means no limit (5.15.2.1). */
	if (mdts && mdts < 20 && (NVME_PAGE_SIZE << mdts) < c->max_xfer)
		c->max_xfer = NVME_PAGE_SIZE << mdts;
	return 0;
}

static int create_io_queues(struct nvme_ctrl *c)
{
	uint16_t size = (uint16_t)MIN(NVME_IO_QSIZE, FIELD_GET(NVME_CAP_MQES, c->cap) + 1);
	uint8_t sqe[NVME_SQE_SIZE] = { NVME_ADMIN_CREATE_CQ };
	int rc = queue_init(c, &c->io, 1, size);

	if (rc)
		return rc;
	/* CDW10: QSIZE 0's based | QID; CDW11: PC, interrupts off (5.3). */
	le64_put(sqe + NVME_SQE_PRP1, virt_to_phys(c->io.cq));
	le32_put(sqe + NVME_SQE_CDW(10), (uint32_t)(size - 1) << 16 | 1);
	le32_put(sqe + NVME_SQE_CDW(11), 1);
	rc = nvme_submit_sync(c, &c->admin, sqe, NULL);
	if (rc)
		return rc;
	/* CDW11: CQID 31:16, PC (5.4). */
	memset(sqe, 0, sizeof(sqe));
	sqe[0] = NVME_ADMIN_CREATE_SQ;
	le64_put(sqe + NVME_SQE_PRP1, virt_to_phys(c->io.sq));
	le32_put(sqe + NVME_SQE_CDW(10), (uint32_t)(size - 1) << 16 | 1);
	le32_put(sqe + NVME_SQE_CDW(11), 1u << 16 | 1);
	return nvme_submit_sync(c, &c->admin, sqe, NULL);
}

/* Identify Namespace (Figure 245): NSZE 0, FLBAS 26, LBAF[n] at 128 + 4n, into ns->blk. */
static int ns_geometry(struct nvme_ctrl *c, struct nvme_ns *ns, uint32_t nsid)
{
	uint32_t lbaf;
	uint8_t fmt, nlbaf;
	int rc = identify(c, NVME_CNS_NS, nsid);

	if (rc)
		return rc;
	nlbaf = c->ident[25];
	fmt = c->ident[26] & 0xf;
	if (fmt > nlbaf) {
		log_err("%s: ns %u: FLBAS format %u beyond NLBAF %u", c->name, nsid, fmt, nlbaf);
		return -EINVAL;
	}
	lbaf = le32_get(c->ident + 128 + 4 * fmt);
	/* LBADS is a power of two; metadata (MS) is not supported here. */
	if ((lbaf & 0xffff) || ((lbaf >> 16) & 0xff) > 12 ||
	    !blk_sector_size_ok(1u << ((lbaf >> 16) & 0xff))) {
		log_warn("%s: ns %u: LBA format %#x not supported (512/2048/4096, no metadata)",
			 c->name, nsid, lbaf);
		return -EOPNOTSUPP;
	}
	/* NSZE 0: an inactive namespace (Identify of an unattached NSID, 5.15.2.1). */
	if (!le64_get(c->ident)) {
		log_warn("%s: ns %u: inactive (NSZE 0)", c->name, nsid);
		return -ENODEV;
	}
	ns->blk.sector_size = 1u << ((lbaf >> 16) & 0xff);
	ns->blk.sectors = le64_get(c->ident);
	return 0;
}

static int add_ns(struct nvme_ctrl *c, unsigned idx, uint32_t nsid)
{
	struct nvme_ns *ns = &c->ns[c->nns];
	int rc = ns_geometry(c, ns, nsid);

	if (rc)
		return rc;
	snprintf(ns->blk.name, sizeof(ns->blk.name), "nvme%un%u", idx, nsid);
	snprintf(ns->blk.model, sizeof(ns->blk.model), "%.40s", c->model);
	ns->blk.driver = "nvme";
	ns->blk.ops = &nvme_ns_ops;
	ns->blk.pci_ops = &nvme_pci_ops;
	ns->blk.priv = ns;
	ns->blk.pci = c->pci;
	ns->ctrl = c;
	ns->nsid = nsid;
	rc = blk_register(&ns->blk);
	if (!rc)
		c->nns++;
	return rc;
}

/* Active namespace list (CNS 02h): ascending NSIDs, zero-terminated, 1024 max. */
static void scan_namespaces(struct nvme_ctrl *c, unsigned idx)
{
	uint32_t ids[NVME_MAX_NS];
	unsigned n = 0;

	if (identify(c, NVME_CNS_ACTIVE_NS, 0))
		return;
	for (unsigned i = 0; i < NVME_PAGE_SIZE / 4 && n < NVME_MAX_NS; i++) {
		uint32_t id = le32_get(c->ident + 4 * i);

		if (!id)
			break;
		ids[n++] = id;
	}
	for (unsigned i = 0; i < n; i++)
		add_ns(c, idx, ids[i]);
}

/* 7.6.1 steps after the BAR is mapped: enable, Identify Controller, the I/O queue pair. */
static int bring_up(struct nvme_ctrl *c)
{
	int rc;

	c->cap = mmio_read64(c->regs + NVME_REG_CAP);
	rc = enable(c);
	if (!rc)
		rc = identify_ctrl(c);
	if (!rc)
		rc = create_io_queues(c);
	return rc;
}

static int ctrl_init(struct nvme_ctrl *c, struct pci_dev *d, unsigned idx)
{
	paddr_t bar = pci_bar_cpu_addr(d, 0);
	int rc;

	c->pci = d;
	if (bar == INVALID_PADDR || d->bar[0].size < 0x2000 || d->bar[0].type == PCI_BAR_IO) {
		log_err("%s: BAR0 unusable", c->name);
		return -ENODEV;
	}
	c->regs = mm_map_device(bar, d->bar[0].size);
	c->prp_list = alloc_pages(NVME_PAGE_SIZE);
	c->ident = alloc_pages(NVME_PAGE_SIZE);
	c->bounce = alloc_pages(NVME_MAX_XFER);
	if (!c->regs || !c->prp_list || !c->ident || !c->bounce)
		return -ENOMEM;
	rc = bring_up(c);
	if (rc)
		return rc;
	scan_namespaces(c, idx);
	return 0;
}

int nvme_probe(struct pci_dev *d)
{
	struct nvme_ctrl *c;
	char bdf[PCI_ADDR_STRLEN], *name;
	int rc;

	if (d->class_code != NVME_CLASS || d->pf)
		return -ENODEV; /* VFs need virtualization management first (8.26) */
	c = calloc(1, sizeof(*c));
	name = malloc(BLK_NAME_MAX);
	if (!c || !name) {
		free(c);
		free(name);
		return -ENOMEM;
	}
	snprintf(name, BLK_NAME_MAX, "nvme%u", nvme_count);
	c->name = name;
	pci_addr_fmt(bdf, d->addr);
	rc = pci_assign(d, PCI_DOMAIN_PLATFORM);
	if (!rc)
		rc = pci_set_master(d, true);
	if (!rc)
		rc = ctrl_init(c, d, nvme_count);
	if (rc) {
		log_err("%s (%s): not usable: %d", name, bdf, rc);
		return rc;
	}
	log_info("%s: %s \"%s\" serial \"%s\", max transfer %u KiB, %u namespace(s)%s", name, bdf,
		 c->model, c->serial, c->max_xfer / 1024, c->nns,
		 c->vwc ? ", volatile write cache" : "");
	nvme_count++;
	return 0;
}

/* blk_pci_ops.stop: CC.EN = 0, CSTS.RDY = 0 within CAP.TO (3.1.6); a namespace of an
 * already stopped controller finds CC.EN = 0. */
static int nvme_ns_stop(struct blk_dev *d)
{
	struct nvme_ns *ns = d->priv;

	return disable(ns->ctrl);
}

/* One namespace of a restarted controller: back when Identify still describes it. */
static bool ns_return(struct nvme_ctrl *c, struct nvme_ns *ns)
{
	int rc = ns_geometry(c, ns, ns->nsid);

	if (rc) {
		log_err("%s: namespace %u not usable after the reset (%d): stays gone",
			ns->blk.name, ns->nsid, rc);
		return false;
	}
	ns->blk.gone = false;
	return true;
}

/* blk_pci_ops.restart: the whole controller (7.6.1) and every namespace it had. */
static int nvme_ns_restart(struct blk_dev *d)
{
	struct nvme_ns *ns = d->priv;
	struct nvme_ctrl *c = ns->ctrl;
	unsigned back = 0;
	int rc = pci_assign(c->pci, PCI_DOMAIN_PLATFORM);

	if (!rc)
		rc = pci_set_master(c->pci, true);
	if (!rc) {
		pci_enable_decode(c->pci);
		rc = bring_up(c);
	}
	for (unsigned i = 0; !rc && i < c->nns; i++)
		back += ns_return(c, &c->ns[i]);
	if (!rc && !back)
		rc = -ENODEV;
	if (rc) {
		log_err("%s: did not come back after the reset: %d; the function stays released",
			c->name, rc);
		if (c->pci->owner == PCI_DOMAIN_PLATFORM) {
			disable(c);
			pci_release(c->pci, PCI_DOMAIN_PLATFORM);
		}
		return rc;
	}
	log_info("%s: back: \"%s\" serial \"%s\", %u of %u namespace(s)", c->name, c->model,
		 c->serial, back, c->nns);
	return 0;
}
