// SPDX-License-Identifier: MIT
/*
 * Device-state handler of QEMU's edu (1234:11e8, QEMU docs/specs/edu.rst,
 * hw/misc/edu.c), kind SNAP_PCI_HANDLER. Registers in BAR 0:
 *	0x04 liveness (reads the inverse of what was written), 0x08 factorial
 *	(a write starts computing n!, a read gives the result), 0x20 status
 *	(bit 0 computing, bit 7 raise an interrupt at the end), 0x24 interrupt
 *	status, 0x60 raise / 0x64 acknowledge interrupts, 0x80/0x88/0x90/0x98
 *	DMA source, destination, count, command (bit 0 start/busy).
 * Quiesce waits until no factorial and no DMA is running. The blob (48
 * bytes): factorial, status, interrupt status, liveness (u32 each), DMA
 * source, destination, count, command (u64 each). Restore cannot store a
 * factorial result directly: it writes the n whose n! (mod 2^32) is the
 * saved result and waits for the computation. The DMA command register is
 * not loaded (writing it starts a transfer; its start bit was clear at
 * save); nor is the 4 KiB DMA buffer (only reachable by DMA).
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/snapshot.h>
#include <vmplat/timer.h>

#define EDU_LIVE	     0x04
#define EDU_FACT	     0x08
#define EDU_STATUS	     0x20
#define EDU_STATUS_COMPUTING BIT(0)
#define EDU_STATUS_IRQFACT   BIT(7)
#define EDU_IRQ_STATUS	     0x24
#define EDU_IRQ_RAISE	     0x60
#define EDU_IRQ_ACK	     0x64
#define EDU_DMA_SRC	     0x80
#define EDU_DMA_DST	     0x88
#define EDU_DMA_CNT	     0x90
#define EDU_DMA_CMD	     0x98
#define EDU_DMA_RUN	     BIT(0)
#define EDU_BLOB	     48
#define EDU_FACT_MAX_N	     34 /* 2^32 divides n! from 34 on: every result is some n <= 34 */
#define EDU_WAIT_NS	     (2000ULL * 1000 * 1000) /* a DMA takes ~100 ms of virtual time */

static uint32_t rd32(const struct snap_pci_dev *d, uint32_t off)
{
	return (uint32_t)d->ops->bar0_read(d->ctx, off, 4);
}

static void wr32(const struct snap_pci_dev *d, uint32_t off, uint32_t v)
{
	d->ops->bar0_write(d->ctx, off, 4, v);
}

static int edu_wait_idle(const struct snap_pci_dev *d)
{
	uint64_t deadline = timestamp_ns() + EDU_WAIT_NS;

	while ((rd32(d, EDU_STATUS) & EDU_STATUS_COMPUTING) ||
	       (d->ops->bar0_read(d->ctx, EDU_DMA_CMD, 8) & EDU_DMA_RUN)) {
		if (timestamp_ns() > deadline) {
			log_err("snapshot: edu %s: factorial or DMA still running after %llu ms",
				d->name, (unsigned long long)(EDU_WAIT_NS / 1000000));
			return -ETIMEDOUT;
		}
		udelay(200);
	}
	return 0;
}

static int edu_save(const struct snap_pci_dev *d, uint8_t *b, uint32_t *len)
{
	le32_put(b, rd32(d, EDU_FACT));
	le32_put(b + 4, rd32(d, EDU_STATUS));
	le32_put(b + 8, rd32(d, EDU_IRQ_STATUS));
	le32_put(b + 12, rd32(d, EDU_LIVE));
	le64_put(b + 16, d->ops->bar0_read(d->ctx, EDU_DMA_SRC, 8));
	le64_put(b + 24, d->ops->bar0_read(d->ctx, EDU_DMA_DST, 8));
	le64_put(b + 32, d->ops->bar0_read(d->ctx, EDU_DMA_CNT, 8));
	le64_put(b + 40, d->ops->bar0_read(d->ctx, EDU_DMA_CMD, 8));
	*len = EDU_BLOB;
	return 0;
}

/* The n <= EDU_FACT_MAX_N with n! == r (mod 2^32), or -ENOENT. */
static int fact_input(uint32_t r)
{
	uint32_t f = 1;

	for (int n = 0; n <= EDU_FACT_MAX_N; n++) {
		f = n ? f * (uint32_t)n : 1;
		if (f == r)
			return n;
	}
	return -ENOENT;
}

static int load_fact(const struct snap_pci_dev *d, uint32_t fact)
{
	int n = fact_input(fact), rc;

	if (n < 0) {
		log_err("snapshot: edu %s: %#x is no factorial result", d->name, fact);
		return -EINVAL; /* the blob, not a missing device */
	}
	wr32(d, EDU_STATUS, 0); /* no interrupt for this computation */
	rc = edu_wait_idle(d);
	if (!rc) {
		wr32(d, EDU_FACT, (uint32_t)n);
		rc = edu_wait_idle(d);
	}
	if (!rc && rd32(d, EDU_FACT) != fact) {
		log_err("snapshot: edu %s: factorial reads %#x after loading %#x", d->name,
			rd32(d, EDU_FACT), fact);
		rc = -EIO;
	}
	return rc;
}

static int edu_restore(const struct snap_pci_dev *d, const uint8_t *b, uint32_t len)
{
	int rc;

	if (len != EDU_BLOB || (le64_get(b + 40) & EDU_DMA_RUN) ||
	    (le32_get(b + 4) & EDU_STATUS_COMPUTING)) {
		log_err("snapshot: edu %s: device state of %u bytes malformed", d->name, len);
		return -EINVAL;
	}
	rc = load_fact(d, le32_get(b));
	if (rc)
		return rc;
	wr32(d, EDU_LIVE, ~le32_get(b + 12));
	d->ops->bar0_write(d->ctx, EDU_DMA_SRC, 8, le64_get(b + 16));
	d->ops->bar0_write(d->ctx, EDU_DMA_DST, 8, le64_get(b + 24));
	d->ops->bar0_write(d->ctx, EDU_DMA_CNT, 8, le64_get(b + 32));
	wr32(d, EDU_IRQ_ACK, ~0u);
	if (le32_get(b + 8))
		wr32(d, EDU_IRQ_RAISE, le32_get(b + 8));
	wr32(d, EDU_STATUS, le32_get(b + 4) & EDU_STATUS_IRQFACT);
	return 0;
}

const struct snap_pci_handler snap_pci_edu = {
	.vendor = 0x1234,
	.device = 0x11e8,
	.name = "edu",
	.quiesce = edu_wait_idle,
	.save = edu_save,
	.restore = edu_restore,
};
