// SPDX-License-Identifier: MIT
/*
 * Virtual BARs of an assigned function (PCI LB 3.0, 6.2.5.1; PCIe 6.0,
 * 7.5.1.2.1). The guest sizes them (all-ones, read back ~(size - 1) with
 * the type bits) and programs its own addresses; the physical BARs keep
 * the hypervisor's assignment. While the guest has memory decode on and a
 * BAR lies inside the bridge's MMIO window, the guest range is mapped in
 * stage 2 onto the physical BAR (device memory); a BAR move or decode off
 * unmaps it first. I/O BARs and BARs under a page are not passed (a page
 * mapping would expose whatever shares the page): they read as absent.
 */
#include "vpci.h"

#define BAR_FLAGS_MEM64 (PCI_BAR_MEM_64 << 1)

static bool pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

void vpci_bars_init(struct vpci_fn *f, const struct vpci_fn_desc *d)
{
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		struct vpci_bar *bar = &f->bar[i];
		bool mem64 = d->bar[i].mem64 && i + 1 < VPCI_NUM_BARS;

		*bar = (struct vpci_bar){ .kind = VPCI_BAR_NONE };
		if (d->bar[i].size >= PAGE_SIZE && pow2(d->bar[i].size) &&
		    IS_ALIGNED(d->bar[i].hpa, PAGE_SIZE)) {
			bar->kind = mem64 ? VPCI_BAR_MEM64 : VPCI_BAR_MEM32;
			bar->prefetch = d->bar[i].prefetch;
			bar->size = d->bar[i].size;
			bar->hpa = d->bar[i].hpa;
			/* A 32-bit BAR cannot hold more than 2 GiB of address. */
			if (!mem64 && bar->size > 2 * GiB)
				bar->kind = VPCI_BAR_NONE;
		}
		if (mem64) {
			f->bar[++i] = (struct vpci_bar){ .kind = VPCI_BAR_HI };
		}
	}
}

uint32_t vpci_bar_read(const struct vpci_fn *f, unsigned i)
{
	const struct vpci_bar *bar = &f->bar[i];
	uint32_t flags = bar->prefetch ? PCI_BAR_MEM_PREF : 0;

	switch (bar->kind) {
	case VPCI_BAR_MEM32:
		return ((uint32_t)bar->gpa & PCI_BAR_MEM_MASK) | flags;
	case VPCI_BAR_MEM64:
		return ((uint32_t)bar->gpa & PCI_BAR_MEM_MASK) | flags | BAR_FLAGS_MEM64;
	case VPCI_BAR_HI:
		return f->bar[i - 1].kind == VPCI_BAR_MEM64 ? (uint32_t)(f->bar[i - 1].gpa >> 32) :
							      0;
	default:
		return 0;
	}
}

void vpci_bar_write(struct vpci *b, struct vpci_fn *f, unsigned i, uint32_t val)
{
	struct vpci_bar *bar = &f->bar[i];

	switch (bar->kind) {
	case VPCI_BAR_MEM32:
		bar->gpa = (val & PCI_BAR_MEM_MASK) & ~(bar->size - 1) & 0xffffffffULL;
		break;
	case VPCI_BAR_MEM64:
		bar->gpa = ((bar->gpa & ~0xffffffffULL) | (val & PCI_BAR_MEM_MASK)) &
			   ~(bar->size - 1);
		break;
	case VPCI_BAR_HI:
		bar = &f->bar[i - 1];
		if (bar->kind != VPCI_BAR_MEM64)
			return;
		bar->gpa = (((uint64_t)val << 32) | (bar->gpa & 0xffffffffULL)) & ~(bar->size - 1);
		break;
	default:
		b->stats.dropped_writes++;
		return;
	}
	vpci_bars_update(b, f);
}

static bool in_window(const struct vpci *b, uint64_t gpa, uint64_t size)
{
	return gpa >= b->mmio_base && gpa - b->mmio_base < b->mmio_size &&
	       size <= b->mmio_size - (gpa - b->mmio_base);
}

void vpci_bars_update(struct vpci *b, struct vpci_fn *f)
{
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		struct vpci_bar *bar = &f->bar[i];
		bool want;

		if (bar->kind != VPCI_BAR_MEM32 && bar->kind != VPCI_BAR_MEM64)
			continue;
		want = (f->cmd & PCI_CMD_MEM) && in_window(b, bar->gpa, bar->size);
		if (bar->mapped && (!want || bar->mapped_gpa != bar->gpa)) {
			if (b->map->unmap(b->map_ctx, bar->mapped_gpa, bar->size))
				b->stats.map_errors++;
			bar->mapped = false;
			b->stats.unmaps++;
		}
		if (want && !bar->mapped) {
			if (b->map->map(b->map_ctx, bar->gpa, bar->hpa, bar->size)) {
				b->stats.map_errors++;
				continue;
			}
			bar->mapped = true;
			bar->mapped_gpa = bar->gpa;
			b->stats.maps++;
		}
	}
}
