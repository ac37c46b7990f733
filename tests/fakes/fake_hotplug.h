// SPDX-License-Identifier: MIT
/*
 * Hot-plug slots on the simulated ECAM (over fake_ecam): root ports with
 * Slot Capabilities/Control/Status (PCIe 6.0, 7.5.3.9-7.5.3.11) that behave
 * as QEMU's pcie-root-port does: Slot Status change bits are RW1C, every
 * Slot Control write completes at once (Command Completed), a card is seen
 * in config space only while present and powered, and powering the slot
 * off with the power indicator off finishes a pending removal (the card
 * leaves). Served through fake_hp_ops with a struct fake_hp as context.
 */
#ifndef FAKE_HOTPLUG_H
#define FAKE_HOTPLUG_H

#include "fake_ecam.h"

#define FAKE_HP_SLOTS	 4
#define FAKE_HP_CARD_FNS 8

struct fake_hp_slot {
	int port;		    /* fake function index of the port */
	uint16_t exp;		    /* its PCI Express capability */
	int card[FAKE_HP_CARD_FNS]; /* functions of the inserted card */
	unsigned ncard;
	bool present;
	bool link_fails;     /* Data Link Layer never becomes active */
	bool no_cc;	     /* Slot Control writes never complete */
	bool unplug_pending; /* attention button pressed for device_del */
	unsigned ctl_writes, unplugs;
};

struct fake_hp {
	struct fake_ecam *fe;
	struct fake_hp_slot slot[FAKE_HP_SLOTS];
	unsigned nslots;
};

extern const struct pci_cfg_ops fake_hp_ops;

void fake_hp_init(struct fake_hp *hp, struct fake_ecam *fe);
/* A root port at 00:dev.0 with a hot-plug slot (psn); hpc false: slot without
 * Hot-Plug Capable. Returns the slot index. */
int fake_hp_add_port(struct fake_hp *hp, unsigned dev, unsigned psn, bool hpc);
/* Insert a card (function 0, BAR0 mem32 of bar0 bytes): Presence Detect
 * State and Changed set, as QEMU's device_add does. Returns the function. */
int fake_hp_insert(struct fake_hp *hp, int slot, uint16_t vendor, uint16_t device, uint32_t bar0);
/* QEMU's device_del: Attention Button Pressed; the card leaves when the
 * slot is powered off. */
void fake_hp_request_removal(struct fake_hp *hp, int slot);
/* Surprise removal: the card is pulled, presence and link drop. */
void fake_hp_yank(struct fake_hp *hp, int slot);

uint16_t fake_hp_sltctl(struct fake_hp *hp, int slot);
uint16_t fake_hp_sltsta(struct fake_hp *hp, int slot);

#endif
