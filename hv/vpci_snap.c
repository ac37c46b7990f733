// SPDX-License-Identifier: MIT
/*
 * The virtual host bridge's guest-visible state of one function for a VM
 * snapshot (docs/snapshot.md, section vpci): the guest's command register,
 * interrupt line, cache line size, latency timer and BAR addresses (the
 * rest of the header reads through from the device, hv/vpci.c). Loading
 * goes through the guest's own config write path, BARs first and the
 * command last, so the stage-2 BAR mappings and the forwarded bus master
 * bit follow exactly as if the guest had written them (PCIe 6.0 7.5.1.1).
 */
#include <errno.h>
#include <string.h>
#include <vmplat/snapshot.h>
#include "vpci.h"

_Static_assert(VPCI_NUM_BARS == SNAP_VPCI_BARS, "BAR count");
_Static_assert((uint32_t)SNAP_BAR_HI == (uint32_t)VPCI_BAR_HI, "BAR kinds");
_Static_assert(SNAP_VPCI_CMD_MASK == (VPCI_CMD_FORWARD | VPCI_CMD_VIRTUAL), "command bits");

struct vpci_fn *vpci_fn_by_dev(struct vpci *b, unsigned dev)
{
	for (unsigned i = 0; i < VPCI_MAX_FNS; i++) {
		if (b->fn[i].used && b->fn[i].dev == dev)
			return &b->fn[i];
	}
	return NULL;
}

void vpci_fn_snap_save(const struct vpci_fn *f, struct snap_vpci_fn *s)
{
	s->vdev = f->dev;
	s->cmd = f->cmd;
	s->int_line = f->int_line;
	s->cache_line = f->cache_line;
	s->latency = f->latency;
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		bool mem = f->bar[i].kind == VPCI_BAR_MEM32 || f->bar[i].kind == VPCI_BAR_MEM64;

		s->bar_kind[i] = (uint8_t)f->bar[i].kind;
		s->bar[i] = mem ? f->bar[i].gpa : 0;
		s->bar_size[i] = mem ? f->bar[i].size : 0;
	}
}

int vpci_fn_snap_load(struct vpci *b, struct vpci_fn *f, const struct snap_vpci_fn *s)
{
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		bool mem = f->bar[i].kind == VPCI_BAR_MEM32 || f->bar[i].kind == VPCI_BAR_MEM64;

		if (s->bar_kind[i] != (uint8_t)f->bar[i].kind ||
		    s->bar_size[i] != (mem ? f->bar[i].size : 0))
			return -EXDEV; /* another BAR layout: not the function the snapshot saw */
	}
	vpci_cfg_write32(b, f, PCI_COMMAND, 0, 0xffff); /* decode off while BARs move */
	for (unsigned i = 0; i < VPCI_NUM_BARS; i++) {
		uint64_t gpa = s->bar[i];

		if (s->bar_kind[i] == SNAP_BAR_MEM32 || s->bar_kind[i] == SNAP_BAR_MEM64)
			vpci_cfg_write32(b, f, (uint16_t)(PCI_BAR0 + 4 * i), (uint32_t)gpa, ~0u);
		if (s->bar_kind[i] == SNAP_BAR_MEM64)
			vpci_cfg_write32(b, f, (uint16_t)(PCI_BAR0 + 4 * (i + 1)),
					 (uint32_t)(gpa >> 32), ~0u);
	}
	vpci_cfg_write32(b, f, PCI_INT_LINE, s->int_line, 0xff);
	vpci_cfg_write32(b, f, 0x0c, (uint32_t)s->latency << 8 | s->cache_line, 0xffff);
	vpci_cfg_write32(b, f, PCI_COMMAND, s->cmd, 0xffff);
	return 0;
}
