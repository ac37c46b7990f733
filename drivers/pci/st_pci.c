// SPDX-License-Identifier: MIT
/*
 * PCI self-tests on the machine itself: assignments decode (edu's id
 * register through BAR0), BARs sit inside their windows without overlap,
 * SR-IOV VFs come and go (QEMU nvme, sriov_max_vfs=2), MSI programs, and
 * ownership resets a function. Tests whose device is absent pass and say so.
 */
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>
#include "pci_internal.h"

#define EDU_VENDOR    0x1234
#define EDU_DEVICE    0x11e8
#define EDU_ID_REG    0x00
#define EDU_ID_VAL    0x010000ed /* major 1, minor 0, 0xed (QEMU docs/specs/edu.txt) */
#define EDU_FACTORIAL 0x08

SELFTEST(pci_enumerated)
{
	ST_CHECK(!platform.necam || pci_dev_count() > 0, "%u ECAM windows but no function",
		 platform.necam);
	ST_CHECK(pci_nhosts == platform.necam, "%u hosts for %u ECAM windows", pci_nhosts,
		 platform.necam);
	return 0;
}

static volatile uint8_t *map_bar(struct pci_dev *d, unsigned i)
{
	paddr_t pa = pci_bar_cpu_addr(d, i);

	if (pa == INVALID_PADDR || d->bar[i].type == PCI_BAR_IO)
		return NULL;
	return mm_map_device(pa, d->bar[i].size);
}

SELFTEST(pci_edu_bar0_id)
{
	unsigned n = 0;

	for (struct pci_dev *d; (d = pci_find_id(EDU_VENDOR, EDU_DEVICE, n)); n++) {
		volatile uint8_t *r = map_bar(d, 0);
		char a[PCI_ADDR_STRLEN];
		uint32_t id;

		pci_addr_fmt(a, d->addr);
		ST_CHECK(r, "edu %s BAR0 not assigned", a);
		ST_CHECK(pci_read16(d, PCI_COMMAND) & PCI_CMD_MEM, "edu %s memory decode off", a);
		id = mmio_read32(r + EDU_ID_REG);
		ST_CHECK(id == EDU_ID_VAL, "edu %s id %#x, want %#x", a, id, EDU_ID_VAL);
		/* A register that computes proves writes decode too: 5! = 120. */
		mmio_write32(r + EDU_FACTORIAL, 5);
		for (uint64_t t0 = timestamp_ns(); mmio_read32(r + 0x20) & 1;)
			ST_CHECK(timestamp_ns() - t0 < 100 * NSEC_PER_MSEC, "edu busy");
		ST_CHECK(mmio_read32(r + EDU_FACTORIAL) == 120, "edu %s 5! = %u", a,
			 mmio_read32(r + EDU_FACTORIAL));
		console_printf("pci selftest: edu %s id %#x at %#llx\n", a, id,
			       (unsigned long long)pci_bar_cpu_addr(d, 0));
	}
	return 0;
}

static bool in_host_window(const struct pci_host *h, const struct pci_bar *b)
{
	if (!h->nwin)
		return true;
	for (unsigned i = 0; i < h->nwin; i++) {
		const struct pci_window *w = &h->win[i];

		if ((w->type == PCI_WIN_IO) == (b->type == PCI_BAR_IO) && b->base >= w->pci_base &&
		    b->base + b->size <= w->pci_base + w->size)
			return true;
	}
	return false;
}

static int check_bar(struct pci_dev *d, unsigned i)
{
	const struct pci_bar *b = &d->bar[i];
	char a[PCI_ADDR_STRLEN];

	pci_addr_fmt(a, d->addr);
	ST_CHECK(b->assigned, "%s BAR%u unassigned", a, i);
	ST_CHECK(IS_ALIGNED(b->base, b->size), "%s BAR%u %#llx not aligned", a, i,
		 (unsigned long long)b->base);
	ST_CHECK(in_host_window(d->host, b), "%s BAR%u outside the host windows", a, i);
	for (struct pci_dev *p = d->parent; p; p = p->parent) {
		unsigned k = b->type == PCI_BAR_IO			  ? PCI_RES_IO :
			     b->prefetch && p->bwin[PCI_RES_PREF].present ? PCI_RES_PREF :
									    PCI_RES_MEM;
		const struct pci_bwin *w = &p->bwin[k];

		ST_CHECK(w->assigned && b->base >= w->base &&
				 b->base + b->size <= w->base + w->size,
			 "%s BAR%u %#llx outside bridge window %#llx+%#llx", a, i,
			 (unsigned long long)b->base, (unsigned long long)w->base,
			 (unsigned long long)w->size);
	}
	pci_for_each_dev (o) {
		for (unsigned j = 0; j < PCI_NUM_SLOTS; j++) {
			const struct pci_bar *c = &o->bar[j];

			if ((o == d && j == i) || c->type == PCI_BAR_NONE || !c->assigned ||
			    (c->type == PCI_BAR_IO) != (b->type == PCI_BAR_IO))
				continue;
			ST_CHECK(c->base + c->size <= b->base || b->base + b->size <= c->base,
				 "%s BAR%u overlaps another BAR", a, i);
		}
	}
	return 0;
}

SELFTEST(pci_bars_in_windows)
{
	pci_for_each_dev (d) {
		for (unsigned i = 0; i < PCI_NUM_SLOTS; i++)
			if (d->bar[i].type != PCI_BAR_NONE &&
			    (i != PCI_ROM_SLOT || d->bar[i].assigned || d->host->nwin) &&
			    check_bar(d, i))
				return -1;
	}
	return 0;
}

/* What the device's register holds for slot i (bus address, type bits masked). */
static uint64_t bar_reg(struct pci_dev *d, unsigned i)
{
	const struct pci_bar *b = &d->bar[i];
	uint16_t off;
	uint32_t lo;

	if (i == PCI_ROM_SLOT)
		return pci_read32(d, pci_dev_is_bridge(d) ? PCI_BRIDGE_ROM : PCI_ROM_ADDR) &
		       PCI_ROM_MASK;
	off = (uint16_t)(PCI_BAR0 + 4 * i);
	lo = pci_read32(d, off);
	if (b->type == PCI_BAR_IO)
		return lo & PCI_BAR_IO_MASK;
	if (b->type == PCI_BAR_MEM64)
		return (uint64_t)pci_read32(d, off + 4) << 32 | (lo & PCI_BAR_MEM_MASK);
	return lo & PCI_BAR_MEM_MASK;
}

/*
 * With host bridge windows described (the DTB `ranges`, UEFI's root bridge
 * Configuration()), every BAR and expansion ROM gets an address, and the
 * device's own registers hold it: read back from config space, not taken
 * from the report.
 */
SELFTEST(pci_bar_registers_assigned)
{
	pci_for_each_dev (d) {
		char a[PCI_ADDR_STRLEN];

		if (d->pf)
			continue; /* VF BARs live in the PF's SR-IOV capability */
		pci_addr_fmt(a, d->addr);
		for (unsigned i = 0; i < PCI_NUM_SLOTS; i++) {
			const struct pci_bar *b = &d->bar[i];

			if (b->type == PCI_BAR_NONE)
				continue;
			ST_CHECK(b->assigned || !d->host->nwin,
				 "%s slot %u (size %#llx) unassigned with %u host windows", a, i,
				 (unsigned long long)b->size, d->host->nwin);
			ST_CHECK(!b->assigned || bar_reg(d, i) == b->base,
				 "%s slot %u register holds %#llx, assigned %#llx", a, i,
				 (unsigned long long)bar_reg(d, i), (unsigned long long)b->base);
		}
	}
	return 0;
}
