// SPDX-License-Identifier: MIT
/*
 * Virtual PCI host bridge: the ECAM window (PCIe 6.0, 7.2.2.1 address
 * layout) and the filtered type 0 header (7.5.1.1, 7.5.1.2). Only assigned
 * functions answer, each as bus 0 device N function 0; every other
 * function reads all-ones and its writes are dropped (7.2.2, an absent
 * function). What a guest sees of an assigned function:
 *   vendor/device, class/revision, subsystem ids, interrupt pin: the device's
 *   command: memory decode virtual (it switches the stage-2 BAR mapping),
 *     bus master and INTx disable forwarded, the rest dropped
 *   header type: single function (the multi-function bit is cleared)
 *   BARs: virtual (hv/vpci_bar.c); expansion ROM, CardBus CIS, BIST: zero
 *   capabilities: PCI PM and PCI Express read-only, everything else
 *     (MSI, MSI-X, vendor-specific, ...) skipped in the list and reads zero
 *   extended capabilities (0x100 up): none (header 0, 7.6.3)
 */
#include <errno.h>
#include <string.h>
#include "vpci.h"

#define ECAM_DEV(off)  ((unsigned)((off) >> 15) & 0x1f)
#define ECAM_FN(off)   ((unsigned)((off) >> 12) & 0x7)
#define ECAM_REG(off)  ((uint16_t)((off)&0xfff))
#define CAP_LEN_PM     8    /* PCI PM 1.2, 3.2 */
#define CAP_LEN_EXP    0x3c /* PCIe capability structure v2 (7.5.3) */
#define HDR_END	       0x40
#define CFG_LEGACY_END 0x100

void vpci_init(struct vpci *b, uint64_t mmio_base, uint64_t mmio_size,
	       const struct vpci_map_ops *map, void *map_ctx)
{
	memset(b, 0, sizeof(*b));
	b->mmio_base = mmio_base;
	b->mmio_size = mmio_size;
	b->map = map;
	b->map_ctx = map_ctx;
}

static uint8_t visible_cap_len(uint8_t id)
{
	switch (id) {
	case PCI_CAP_ID_PM:
		return CAP_LEN_PM;
	case PCI_CAP_ID_EXP:
		return CAP_LEN_EXP;
	default:
		return 0; /* hidden */
	}
}

/* Walk the device's list (bounded, loop-checked) and keep the visible ones. */
static void caps_init(struct vpci_fn *f)
{
	uint64_t seen[4] = { 0 };
	uint8_t off;

	f->ncaps = 0;
	if (!(f->ops->read(f->ctx, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return;
	off = (uint8_t)f->ops->read(f->ctx, PCI_CAP_PTR, 1) & 0xfc;
	for (unsigned n = 0; n < VPCI_MAX_CAPS && off >= HDR_END; n++) {
		uint32_t hdr = f->ops->read(f->ctx, off, 2);
		uint8_t len = visible_cap_len((uint8_t)hdr);

		if (seen[off / 64] & BIT_ULL(off % 64) || hdr == 0xffff)
			break; /* a loop or a function gone: keep what was found */
		seen[off / 64] |= BIT_ULL(off % 64);
		if (len && off + len <= CFG_LEGACY_END)
			f->cap[f->ncaps++] = (struct vpci_cap){ off, len };
		off = (uint8_t)(hdr >> 8) & 0xfc;
	}
}

int vpci_add_fn(struct vpci *b, unsigned dev, const struct vpci_fn_desc *d)
{
	struct vpci_fn *f = NULL;

	if (dev > 31 || !d->ops)
		return -EINVAL;
	for (unsigned i = 0; i < VPCI_MAX_FNS; i++) {
		if (b->fn[i].used && b->fn[i].dev == dev)
			return -EEXIST;
		if (!b->fn[i].used && !f)
			f = &b->fn[i];
	}
	if (!f)
		return -ENOSPC;
	memset(f, 0, sizeof(*f));
	f->used = true;
	f->dev = (uint8_t)dev;
	f->ops = d->ops;
	f->ctx = d->ctx;
	f->cmd = 0; /* decode and mastering off until the guest turns them on */
	caps_init(f);
	vpci_bars_init(f, d);
	return 0;
}

void vpci_unmap_all(struct vpci *b)
{
	for (unsigned i = 0; i < VPCI_MAX_FNS; i++) {
		if (!b->fn[i].used)
			continue;
		b->fn[i].cmd &= (uint16_t)~PCI_CMD_MEM;
		vpci_bars_update(b, &b->fn[i]);
	}
}

static struct vpci_fn *fn_at(struct vpci *b, uint64_t off)
{
	if (off >= VPCI_ECAM_SIZE || ECAM_FN(off))
		return NULL;
	for (unsigned i = 0; i < VPCI_MAX_FNS; i++) {
		if (b->fn[i].used && b->fn[i].dev == ECAM_DEV(off))
			return &b->fn[i];
	}
	return NULL;
}

static const struct vpci_cap *cap_at(const struct vpci_fn *f, unsigned byte, unsigned *idx)
{
	for (unsigned i = 0; i < f->ncaps; i++) {
		if (byte >= f->cap[i].off && byte < (unsigned)f->cap[i].off + f->cap[i].len) {
			*idx = i;
			return &f->cap[i];
		}
	}
	return NULL;
}

/* Capability bytes: visible ones pass through with the next pointer relinked. */
static uint32_t caps_read(struct vpci_fn *f, uint16_t reg)
{
	uint32_t phys = f->ops->read(f->ctx, reg, 4), val = 0;

	for (unsigned byte = 0; byte < 4; byte++) {
		unsigned at = reg + byte, i;
		const struct vpci_cap *c = cap_at(f, at, &i);
		uint8_t v;

		if (!c)
			continue;
		v = (uint8_t)(phys >> (8 * byte));
		if (at == (unsigned)c->off + 1)
			v = i + 1 < f->ncaps ? f->cap[i + 1].off : 0;
		val |= (uint32_t)v << (8 * byte);
	}
	return val;
}

uint32_t vpci_cfg_read32(struct vpci *b, struct vpci_fn *f, uint16_t reg)
{
	uint32_t v;

	(void)b;
	switch (reg) {
	case PCI_VENDOR_ID:
	case PCI_CLASS_REV:
	case PCI_SUBSYS_VENDOR:
		return f->ops->read(f->ctx, reg, 4);
	case PCI_COMMAND:
		v = f->ops->read(f->ctx, PCI_STATUS, 2);
		if (!f->ncaps)
			v &= ~(uint32_t)PCI_STATUS_CAP_LIST;
		return v << 16 | f->cmd;
	case 0x0c: /* cache line, latency timer, header type, BIST */
		v = f->ops->read(f->ctx, PCI_HEADER_TYPE, 1) & PCI_HDR_TYPE_MASK;
		return v << 16 | (uint32_t)f->latency << 8 | f->cache_line;
	case PCI_CAP_PTR:
		return f->ncaps ? f->cap[0].off : 0;
	case PCI_INT_LINE:
		return (f->ops->read(f->ctx, PCI_INT_LINE + 1, 1) & 0xff) << 8 | f->int_line;
	default:
		break;
	}
	if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 4 * VPCI_NUM_BARS)
		return vpci_bar_read(f, (reg - PCI_BAR0) / 4);
	if (reg >= HDR_END && reg < CFG_LEGACY_END)
		return caps_read(f, reg);
	return 0; /* CardBus CIS, ROM, reserved, extended space: nothing */
}

static void cmd_write(struct vpci *b, struct vpci_fn *f, uint16_t val)
{
	uint16_t phys = (uint16_t)f->ops->read(f->ctx, PCI_COMMAND, 2);

	f->cmd = val & (VPCI_CMD_FORWARD | VPCI_CMD_VIRTUAL);
	phys = (uint16_t)((phys & ~VPCI_CMD_FORWARD) | (val & VPCI_CMD_FORWARD));
	f->ops->write(f->ctx, PCI_COMMAND, 2, phys);
	vpci_bars_update(b, f);
}

void vpci_cfg_write32(struct vpci *b, struct vpci_fn *f, uint16_t reg, uint32_t val, uint32_t bytes)
{
	if (reg == PCI_COMMAND && (bytes & 0xffff)) {
		cmd_write(b, f, (uint16_t)((f->cmd & ~bytes) | (val & bytes)));
		if (bytes >> 16)
			b->stats.dropped_writes++; /* status: RW1C error bits stay the host's */
		return;
	}
	if (reg == 0x0c) {
		if (bytes & 0xff)
			f->cache_line = (uint8_t)val;
		if (bytes & 0xff00)
			f->latency = (uint8_t)(val >> 8);
		return;
	}
	if (reg == PCI_INT_LINE && (bytes & 0xff)) {
		f->int_line = (uint8_t)val;
		return;
	}
	if (reg >= PCI_BAR0 && reg < PCI_BAR0 + 4 * VPCI_NUM_BARS) {
		unsigned i = (reg - PCI_BAR0) / 4;

		vpci_bar_write(b, f, i, (vpci_bar_read(f, i) & ~bytes) | (val & bytes));
		return;
	}
	b->stats.dropped_writes++;
}

static bool access_ok(uint64_t off, unsigned size)
{
	return (size == 1 || size == 2 || size == 4) && !(off & (size - 1));
}

int vpci_ecam_read(struct vpci *b, uint64_t off, unsigned size, uint64_t *val)
{
	struct vpci_fn *f = fn_at(b, off);
	uint32_t mask = size >= 4 ? ~0u : (uint32_t)BIT(8 * size) - 1;
	uint16_t reg = ECAM_REG(off);

	b->stats.reads++;
	if (!f || !access_ok(off, size)) {
		b->stats.absent_reads++;
		*val = size == 8 ? ~0ULL : mask;
		return 0;
	}
	*val = vpci_cfg_read32(b, f, reg & ~3) >> (8 * (reg & 3)) & mask;
	return 0;
}

int vpci_ecam_write(struct vpci *b, uint64_t off, unsigned size, uint64_t val)
{
	struct vpci_fn *f = fn_at(b, off);
	uint16_t reg = ECAM_REG(off);
	uint32_t mask = size >= 4 ? ~0u : (uint32_t)BIT(8 * size) - 1;
	unsigned shift = 8 * (reg & 3);

	b->stats.writes++;
	if (!f || !access_ok(off, size)) {
		b->stats.dropped_writes++;
		return 0;
	}
	vpci_cfg_write32(b, f, reg & ~3, (uint32_t)val << shift, mask << shift);
	return 0;
}
