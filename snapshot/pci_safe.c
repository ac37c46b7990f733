// SPDX-License-Identifier: MIT
/*
 * Which assigned PCI functions a snapshot can hold (docs/snapshot.md) and
 * how DMA in flight is stopped before their state is read. Portable: the
 * function is reached through struct snap_pci_ops (hv glue in firmware,
 * fakes in tests/unit/snapshot).
 *   (a) SNAP_PCI_IDLE: the guest has not enabled it (I/O, memory decode and
 *       bus master all clear in its virtual command register): nothing of
 *       the guest's lives in the device, its state is its config shadow;
 *   (b) SNAP_PCI_HANDLER: a device-state handler (vendor:device) quiesces,
 *       saves and restores what the device holds;
 *   (c) anything else the guest enabled (queues, rings, caches live in the
 *       device): refused, -EPERM.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/pci_regs.h>
#include <vmplat/snapshot.h>
#include <vmplat/timer.h>

#define CAP_WALK_MAX 48 /* (256 - 64) / 4 dword positions */

static const struct snap_pci_handler *const handlers[] = { &snap_pci_edu };

const struct snap_pci_handler *snap_pci_handler_find(uint16_t vendor, uint16_t device)
{
	for (unsigned i = 0; i < ARRAY_SIZE(handlers); i++) {
		if (handlers[i]->vendor == vendor && handlers[i]->device == device)
			return handlers[i];
	}
	return NULL;
}

int snap_pci_classify(const struct snap_pci_dev *d, const struct snap_pci_handler **h)
{
	*h = snap_pci_handler_find(d->vendor, d->device);
	if (!(d->guest_cmd & (PCI_CMD_IO | PCI_CMD_MEM | PCI_CMD_MASTER)))
		return SNAP_PCI_IDLE;
	if (*h)
		return SNAP_PCI_HANDLER;
	log_err("snapshot: %s (%04x:%04x) is enabled by the guest (command %#x) and has no "
		"device-state handler: its state lives in the device, not snapshot-safe",
		d->name, d->vendor, d->device, d->guest_cmd);
	return -EPERM;
}

/* The PCI Express capability (PCIe 6.0 7.5.3), bounded walk; 0 when absent. */
static uint8_t find_exp_cap(const struct snap_pci_dev *d)
{
	uint8_t off;

	if (!(d->ops->cfg_read(d->ctx, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return 0;
	off = (uint8_t)d->ops->cfg_read(d->ctx, PCI_CAP_PTR, 1) & 0xfc;
	for (unsigned n = 0; n < CAP_WALK_MAX && off >= 0x40; n++) {
		uint32_t hdr = d->ops->cfg_read(d->ctx, off, 2);

		if (hdr == 0xffff)
			return 0;
		if ((hdr & 0xff) == PCI_CAP_ID_EXP)
			return off;
		off = (uint8_t)(hdr >> 8) & 0xfc;
	}
	return 0;
}

int snap_pci_quiesce(const struct snap_pci_dev *d, const struct snap_pci_handler *h, uint16_t *cmd)
{
	uint64_t deadline;
	uint8_t exp;
	int rc;

	/* The device's own engine first: a transfer cut off by clearing Bus Master is lost. */
	rc = h && h->quiesce ? h->quiesce(d) : 0;
	if (rc)
		return rc;
	*cmd = (uint16_t)d->ops->cfg_read(d->ctx, PCI_COMMAND, 2);
	d->ops->cfg_write(d->ctx, PCI_COMMAND, 2, *cmd & ~PCI_CMD_MASTER);
	exp = find_exp_cap(d);
	if (!exp)
		return 0; /* conventional PCI: nothing to wait on */
	deadline = timestamp_ns() + SNAP_PCI_TP_TIMEOUT_NS;
	while (d->ops->cfg_read(d->ctx, exp + PCI_EXP_DEVSTA, 2) & PCI_EXP_DEVSTA_TRPND) {
		if (timestamp_ns() > deadline) {
			log_err("snapshot: %s (%04x:%04x): Transactions Pending still set %llu ms "
				"after Bus Master Enable was cleared (PCIe 6.0 7.5.3.5)",
				d->name, d->vendor, d->device,
				(unsigned long long)(SNAP_PCI_TP_TIMEOUT_NS / 1000000));
			d->ops->cfg_write(d->ctx, PCI_COMMAND, 2, *cmd);
			return -EBUSY;
		}
		udelay(100);
	}
	return 0;
}

void snap_pci_unquiesce(const struct snap_pci_dev *d, uint16_t cmd)
{
	d->ops->cfg_write(d->ctx, PCI_COMMAND, 2, cmd);
}
