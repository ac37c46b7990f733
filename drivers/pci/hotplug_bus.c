// SPDX-License-Identifier: MIT
/*
 * Hot-plug bus work below one port: rescan its bus range and assign the new
 * functions inside the port's windows; unregister a subtree (quiesce,
 * release ownership, free); window space reserved for hot-plug slots at
 * boot; address-space accounting for leak checks.
 */
#include <errno.h>
#include <vmplat/hotplug.h>
#include <vmplat/log.h>
#include "pci_internal.h"

bool pci_dev_below(const struct pci_dev *d, const struct pci_dev *b)
{
	for (unsigned depth = 0; d && depth < PCI_MAX_BUSES; depth++) {
		d = d->parent;
		if (d == b)
			return true;
	}
	return false;
}

/* A port whose slot takes hot-plugged cards (7.5.3.2 Slot Implemented, 7.5.3.9 HPC). */
static bool hp_port(const struct pci_dev *b)
{
	struct pci_dev *d = (struct pci_dev *)b; /* config reads count on the host */
	uint16_t flags;

	if (!b->cap_pcie ||
	    (b->pcie_type != PCI_EXP_TYPE_ROOT_PORT && b->pcie_type != PCI_EXP_TYPE_DOWNSTREAM))
		return false;
	flags = pci_read16(d, b->cap_pcie + PCI_EXP_FLAGS);
	return (flags & PCI_EXP_FLAGS_SLOT) &&
	       (pci_read32(d, b->cap_pcie + PCI_EXP_SLTCAP) & PCI_EXP_SLTCAP_HPC);
}

/*
 * Window sizing (assign.c) asks here: a hot-plug port gets at least
 * PCI_HP_RESERVE_* per window, aligned to its size so any BAR up to that
 * size fits wherever the window lands. Hosts whose firmware assigned the
 * windows keep them (assign.c does not size those).
 */
void pci_window_reserve(const struct pci_dev *b, enum pci_res_class k, uint64_t *size,
			uint64_t *align)
{
	static const uint64_t reserve[PCI_RES_COUNT] = { PCI_HP_RESERVE_IO, PCI_HP_RESERVE_MEM,
							 PCI_HP_RESERVE_PREF };

	if ((unsigned)k >= PCI_RES_COUNT || !hp_port(b))
		return;
	if (*size < reserve[k])
		*size = reserve[k];
	if (*align < reserve[k])
		*align = reserve[k];
}

int pci_hp_scan_port(struct pci_dev *port)
{
	struct pci_host *h = port->host;
	unsigned sec = port->secondary, sub = port->subordinate, next;
	int n, rc;

	if (!sec || sub < sec || sec <= port->addr.bus) {
		pci_warn(port, "hot-plug port has no secondary bus (%02x-%02x)", sec, sub);
		return -ENOSPC;
	}
	/* The buses below were scanned at boot (or last time): allow them again. */
	for (unsigned bus = sec; bus <= sub; bus++)
		h->scanned[bus / 32] &= ~(1u << (bus % 32));
	next = sec + 1;
	n = pci_scan_bus(h, port, sec, &next, sub);
	if (n <= 0)
		return n ? n : -ENODEV;
	rc = pci_assign_bridge(port);
	return rc ? rc : n;
}

/* Quiesce one function (6.7.1.5: before power is removed, software stops it). */
static void quiesce(struct pci_dev *d, bool surprise)
{
	uint16_t cmd;

	if (d->sriov && d->sriov->enabled)
		pci_sriov_disable(d); /* its VFs leave the device list */
	if (d->owner != PCI_DOMAIN_NONE)
		pci_release(d, d->owner); /* reset, IOMMU detach, unowned */
	if (surprise)
		return;
	cmd = pci_read16(d, PCI_COMMAND);
	pci_write16(d, PCI_COMMAND, cmd & (uint16_t) ~(PCI_CMD_MASTER | PCI_CMD_MEM | PCI_CMD_IO));
}

/* One function and, first, everything below it. Depth is bounded by the bus tree. */
static unsigned remove_one(struct pci_dev *d, bool surprise, unsigned depth,
			   void (*tell)(struct pci_dev *, bool))
{
	unsigned n = 0;

	while (d->child && depth < PCI_MAX_BUSES)
		n += remove_one(d->child, surprise, depth + 1, tell);
	quiesce(d, surprise);
	if (tell)
		tell(d, false);
	pci_dev_unlink(d);
	pci_dev_free(d);
	return n + 1;
}

unsigned pci_hp_remove_below(struct pci_dev *port, bool surprise)
{
	unsigned n = 0;

	/* VFs hang off the port too (sriov.c links them beside their PF): the PF's
	 * quiesce removes them, so always take the first child again. */
	for (unsigned guard = 0; port->child && guard < PCI_MAX_DEVS; guard++)
		n += remove_one(port->child, surprise, 0, pci_hp_tell);
	return n;
}

void pci_res_usage(struct pci_res_usage *u)
{
	*u = (struct pci_res_usage){ .pool = pci_dev_pool_used() };
	pci_for_each_dev (d) {
		u->devs++;
		for (unsigned i = 0; i < PCI_NUM_SLOTS; i++) {
			const struct pci_bar *b = &d->bar[i];

			if (b->type == PCI_BAR_NONE || !b->assigned || d->pf)
				continue; /* a VF's BARs lie in its PF's VF block */
			u->bars++;
			if (b->type == PCI_BAR_IO) {
				u->io += b->size;
				continue;
			}
			u->mem += b->size;
			if (b->prefetch)
				u->pref += b->size;
		}
		for (unsigned i = 0; d->sriov && i < PCI_NUM_BARS; i++) {
			const struct pci_bar *b = &d->sriov->vf_bar[i];

			if (b->type == PCI_BAR_NONE || !b->assigned)
				continue;
			u->bars++;
			u->mem += b->size * d->sriov->total_vfs;
			u->pref += b->prefetch ? b->size * d->sriov->total_vfs : 0;
		}
	}
}
