// SPDX-License-Identifier: MIT
/*
 * BAR and expansion ROM sizing (PCIe 6.0, 7.5.1.2.1; PCI LB 3.0, 6.2.5),
 * BAR programming, decode enable, bridge window registers (P2P 1.2, 3.2.5)
 * and bus-to-CPU address translation through the host bridge windows.
 */
#include <stdarg.h>
#include <stdio.h>
#include <vmplat/log.h>
#include "pci_internal.h"

void pci_warn(const struct pci_dev *d, const char *fmt, ...)
{
	char a[PCI_ADDR_STRLEN], msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_warn("pci %s: %s", pci_addr_fmt(a, d->addr), msg);
}

/* Write all-ones, read the mask back, restore (decode is off: 7.5.1.2.1). */
static uint32_t probe_reg(struct pci_dev *d, uint16_t off, uint32_t ones, uint32_t orig)
{
	uint32_t mask;

	pci_write32(d, off, ones);
	mask = pci_read32(d, off);
	pci_write32(d, off, orig);
	return mask;
}

static unsigned size_mem64(struct pci_dev *d, uint16_t off, uint32_t orig, uint32_t mask,
			   struct pci_bar *b)
{
	uint32_t orig_hi = pci_read32(d, off + 4);
	uint64_t m = (uint64_t)probe_reg(d, off + 4, 0xffffffffu, orig_hi) << 32 |
		     (mask & PCI_BAR_MEM_MASK);

	if (!m)
		return 2;
	b->type = PCI_BAR_MEM64;
	b->size = m & -m;
	b->base = ((uint64_t)orig_hi << 32 | (orig & PCI_BAR_MEM_MASK)) & m;
	return 2;
}

unsigned pci_size_bar_reg(struct pci_dev *d, uint16_t off, bool last, struct pci_bar *b)
{
	uint32_t orig = pci_read32(d, off), mask;
	unsigned mtype;

	*b = (struct pci_bar){ 0 };
	if (orig == 0xffffffffu) {
		pci_warn(d, "BAR at %#x reads all-ones, ignored (PCIe 6.0 7.5.1.2.1)", off);
		return 1;
	}
	mask = probe_reg(d, off, 0xffffffffu, orig);
	if (!mask)
		return 1; /* not implemented */
	/* Bits 3:0 (I/O: 1:0) are read-only type bits: they must not follow the write. */
	if ((mask ^ orig) & ((orig & PCI_BAR_IO_SPACE) ? 0x3u : 0xfu)) {
		pci_warn(d,
			 "BAR at %#x type bits not read-only (%#x then %#x), ignored "
			 "(PCIe 6.0 7.5.1.2.1)",
			 off, orig, mask);
		return 1;
	}
	if (orig & PCI_BAR_IO_SPACE) {
		uint32_t m = mask & PCI_BAR_IO_MASK & 0xffffu; /* x86 port space is 64 KiB */

		if (!m)
			return 1;
		*b = (struct pci_bar){ PCI_BAR_IO, false, false, orig & m, m & -m };
		return 1;
	}
	mtype = (unsigned)FIELD_GET(PCI_BAR_MEM_TYPE, orig);
	b->prefetch = orig & PCI_BAR_MEM_PREF;
	if (mtype == PCI_BAR_MEM_64) {
		if (last) {
			pci_warn(d, "64-bit BAR at %#x in the last slot, ignored (7.5.1.2.1)", off);
			*b = (struct pci_bar){ 0 };
			return 1;
		}
		return size_mem64(d, off, orig, mask, b);
	}
	if (mtype != PCI_BAR_MEM_32 && mtype != PCI_BAR_MEM_1M) {
		pci_warn(d, "BAR at %#x has reserved memory type %u, ignored (7.5.1.2.1)", off,
			 mtype);
		*b = (struct pci_bar){ 0 };
		return 1;
	}
	mask &= PCI_BAR_MEM_MASK;
	if (mask) {
		b->type = PCI_BAR_MEM32;
		b->size = mask & -mask;
		b->base = orig & mask;
	}
	return 1;
}

static void size_rom(struct pci_dev *d, uint16_t off, struct pci_bar *b)
{
	uint32_t orig = pci_read32(d, off), mask;

	*b = (struct pci_bar){ 0 };
	if (orig == 0xffffffffu) {
		pci_warn(d, "ROM BAR reads all-ones, ignored (7.5.1.2.4)");
		return;
	}
	mask = probe_reg(d, off, PCI_ROM_MASK, orig) & PCI_ROM_MASK;
	if (mask)
		*b = (struct pci_bar){ PCI_BAR_ROM, false, false, orig & mask, mask & -mask };
}

/*
 * Whether a BAR's value looks like a firmware assignment: nonzero, and not the
 * all-ones sizing pattern some firmware leaves in BARs it did not assign (its
 * base is then the top of the decoded space). Decode may be off: UEFI firmware
 * programs every BAR but enables decode only for devices it drives.
 */
bool pci_bar_fw_assigned(const struct pci_bar *b)
{
	uint64_t end = b->base + b->size;

	if (b->type == PCI_BAR_NONE || !b->base)
		return false;
	if (b->type == PCI_BAR_IO)
		return end != 0x10000 && end != 4 * GiB;
	return end != (b->type == PCI_BAR_MEM64 ? 0 : 4 * GiB);
}

int pci_size_bars(struct pci_dev *d)
{
	unsigned nbars = d->hdr_type == PCI_HDR_NORMAL ? 6 : d->hdr_type == PCI_HDR_BRIDGE ? 2 : 0;
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	pci_write16(d, PCI_COMMAND, cmd & ~(PCI_CMD_IO | PCI_CMD_MEM));
	for (unsigned i = 0; i < nbars;) {
		struct pci_bar *b = &d->bar[i];

		i += pci_size_bar_reg(d, (uint16_t)(PCI_BAR0 + 4 * i), i + 1 == nbars, b);
		b->assigned = pci_bar_fw_assigned(b);
	}
	if (nbars) {
		size_rom(d, d->hdr_type == PCI_HDR_BRIDGE ? PCI_BRIDGE_ROM : PCI_ROM_ADDR,
			 &d->bar[PCI_ROM_SLOT]);
		d->bar[PCI_ROM_SLOT].assigned = pci_bar_fw_assigned(&d->bar[PCI_ROM_SLOT]);
	}
	pci_write16(d, PCI_COMMAND, cmd);
	return 0;
}

void pci_write_bar_reg(struct pci_dev *d, uint16_t off, const struct pci_bar *b)
{
	if (b->type == PCI_BAR_ROM) { /* keep the ROM's decode disabled (bit 0) */
		pci_write32(d, off, (uint32_t)b->base & PCI_ROM_MASK);
		return;
	}
	pci_write32(d, off, (uint32_t)b->base);
	if (b->type == PCI_BAR_MEM64)
		pci_write32(d, off + 4, (uint32_t)(b->base >> 32));
}

void pci_bar_write(struct pci_dev *d, unsigned i)
{
	uint16_t off = i == PCI_ROM_SLOT ?
			       (d->hdr_type == PCI_HDR_BRIDGE ? PCI_BRIDGE_ROM : PCI_ROM_ADDR) :
			       (uint16_t)(PCI_BAR0 + 4 * i);

	pci_write_bar_reg(d, off, &d->bar[i]);
}

void pci_enable_decode(struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND), want = 0;
	bool missing = false;

	for (unsigned i = 0; i < PCI_NUM_BARS; i++) {
		const struct pci_bar *b = &d->bar[i];

		if (b->type == PCI_BAR_NONE)
			continue;
		if (!b->assigned)
			missing = true;
		want |= b->type == PCI_BAR_IO ? PCI_CMD_IO : PCI_CMD_MEM;
	}
	if (pci_dev_is_bridge(d)) { /* forward windows and upstream requests (7.5.1.1.3) */
		want |= PCI_CMD_MEM | PCI_CMD_MASTER;
		if (d->bwin[PCI_RES_IO].assigned)
			want |= PCI_CMD_IO;
	}
	if (missing) {
		pci_warn(d, "a BAR has no address: decode left off");
		return;
	}
	if ((cmd & want) != want)
		pci_write16(d, PCI_COMMAND, cmd | want);
}

paddr_t pci_bus_to_cpu(const struct pci_host *h, uint64_t bus_addr, enum pci_bar_type t)
{
	for (unsigned i = 0; i < h->nwin; i++) {
		const struct pci_window *w = &h->win[i];

		if ((w->type == PCI_WIN_IO) != (t == PCI_BAR_IO))
			continue;
		if (bus_addr >= w->pci_base && bus_addr - w->pci_base < w->size)
			return w->cpu_base + (bus_addr - w->pci_base);
	}
	/* No windows described (x86_64 may leave them out): bus == CPU for memory. */
	return t == PCI_BAR_IO || h->nwin ? INVALID_PADDR : bus_addr;
}

paddr_t pci_bar_cpu_addr(const struct pci_dev *d, unsigned bar)
{
	const struct pci_bar *b = &d->bar[bar];

	if (bar >= PCI_NUM_SLOTS || b->type == PCI_BAR_NONE || !b->assigned)
		return INVALID_PADDR;
	return pci_bus_to_cpu(d->host, b->base, b->type);
}

/* ---- bridge windows (P2P 1.2, 3.2.5.6-3.2.5.9) ---- */
static void read_windows(struct pci_dev *b, uint64_t base[3], uint64_t limit[3])
{
	uint8_t iob = pci_read8(b, PCI_IO_BASE), iol = pci_read8(b, PCI_IO_LIMIT);
	uint16_t pb = pci_read16(b, PCI_PREF_BASE), pl = pci_read16(b, PCI_PREF_LIMIT);

	base[PCI_RES_IO] = (uint64_t)(iob & 0xf0) << 8;
	limit[PCI_RES_IO] = (uint64_t)(iol & 0xf0) << 8 | 0xfff;
	if ((iob & 0xf) == PCI_IO_32BIT) {
		base[PCI_RES_IO] |= (uint64_t)pci_read16(b, PCI_IO_BASE_UPPER) << 16;
		limit[PCI_RES_IO] |= (uint64_t)pci_read16(b, PCI_IO_LIMIT_UPPER) << 16;
	}
	base[PCI_RES_MEM] = (uint64_t)(pci_read16(b, PCI_MEM_BASE) & 0xfff0) << 16;
	limit[PCI_RES_MEM] = (uint64_t)(pci_read16(b, PCI_MEM_LIMIT) & 0xfff0) << 16 | 0xfffff;
	base[PCI_RES_PREF] = (uint64_t)(pb & 0xfff0) << 16;
	limit[PCI_RES_PREF] = (uint64_t)(pl & 0xfff0) << 16 | 0xfffff;
	if ((pb & 0xf) == PCI_PREF_64BIT) {
		base[PCI_RES_PREF] |= (uint64_t)pci_read32(b, PCI_PREF_BASE_UPPER) << 32;
		limit[PCI_RES_PREF] |= (uint64_t)pci_read32(b, PCI_PREF_LIMIT_UPPER) << 32;
	}
}

/* I/O and prefetchable windows are optional: their base registers read 0 when absent. */
void pci_bridge_probe_windows(struct pci_dev *b)
{
	uint64_t base[3], limit[3];
	uint8_t io = pci_read8(b, PCI_IO_BASE);
	uint16_t pref = pci_read16(b, PCI_PREF_BASE);

	b->bwin[PCI_RES_MEM].present = true;
	b->bwin[PCI_RES_IO].present =
		io || (pci_write8(b, PCI_IO_BASE, 0xf0), pci_read8(b, PCI_IO_BASE) != 0);
	pci_write8(b, PCI_IO_BASE, io);
	b->bwin[PCI_RES_IO].cap64 = (io & 0xf) == PCI_IO_32BIT;
	b->bwin[PCI_RES_PREF].present =
		pref || (pci_write16(b, PCI_PREF_BASE, 0xfff0), pci_read16(b, PCI_PREF_BASE) != 0);
	pci_write16(b, PCI_PREF_BASE, pref);
	pref = pci_read16(b, PCI_PREF_BASE);
	b->bwin[PCI_RES_PREF].cap64 = (pref & 0xf) == PCI_PREF_64BIT;
	read_windows(b, base, limit);
	for (unsigned k = 0; k < PCI_RES_COUNT; k++) {
		struct pci_bwin *w = &b->bwin[k];

		w->assigned = w->present && base[k] < limit[k];
		w->base = w->assigned ? base[k] : 0;
		w->size = w->assigned ? limit[k] - base[k] + 1 : 0;
		w->is64 = w->assigned && w->base + w->size > 4 * GiB;
		w->align = k == PCI_RES_IO ? PCI_IO_WIN_ALIGN : PCI_MEM_WIN_ALIGN;
	}
}

void pci_bridge_write_windows(struct pci_dev *b)
{
	const struct pci_bwin *io = &b->bwin[PCI_RES_IO], *mem = &b->bwin[PCI_RES_MEM],
			      *pf = &b->bwin[PCI_RES_PREF];
	bool on;

	/* A closed window has base above limit (P2P 1.2, 3.2.5.6). */
	if (io->present) {
		on = io->assigned && io->size;
		uint64_t lo = on ? io->base : 0xf000, hi = on ? io->base + io->size - 1 : 0;

		pci_write8(b, PCI_IO_BASE, (uint8_t)(lo >> 8 & 0xf0));
		pci_write8(b, PCI_IO_LIMIT, (uint8_t)(hi >> 8 & 0xf0));
		if (io->cap64) {
			pci_write16(b, PCI_IO_BASE_UPPER, (uint16_t)(lo >> 16));
			pci_write16(b, PCI_IO_LIMIT_UPPER, (uint16_t)(hi >> 16));
		}
	}
	on = mem->assigned && mem->size;
	pci_write16(b, PCI_MEM_BASE, on ? (uint16_t)(mem->base >> 16 & 0xfff0) : 0xfff0);
	pci_write16(b, PCI_MEM_LIMIT,
		    on ? (uint16_t)((mem->base + mem->size - 1) >> 16 & 0xfff0) : 0);
	if (pf->present) {
		on = pf->assigned && pf->size;
		uint64_t lo = on ? pf->base : 0xfff00000ull, hi = on ? pf->base + pf->size - 1 : 0;

		pci_write16(b, PCI_PREF_BASE, (uint16_t)(lo >> 16 & 0xfff0));
		pci_write16(b, PCI_PREF_LIMIT, (uint16_t)(hi >> 16 & 0xfff0));
		if (pf->cap64) {
			pci_write32(b, PCI_PREF_BASE_UPPER, (uint32_t)(lo >> 32));
			pci_write32(b, PCI_PREF_LIMIT_UPPER, (uint32_t)(hi >> 32));
		}
	}
}
