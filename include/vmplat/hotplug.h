// SPDX-License-Identifier: MIT
/*
 * PCI Express native hot-plug (PCIe Base 6.0, 6.7; Slot Capabilities,
 * Control and Status 7.5.3.9-7.5.3.11) on root and downstream ports whose
 * slot is implemented and Hot-Plug Capable (drivers/pci/hotplug*.c).
 *
 * Events are POLLED (no MSI): pci_hp_poll() reads each slot's Slot Status
 * from the runtime poller (the shell's idle loop); Hot-Plug Interrupt Enable
 * stays clear. Presence Detect Changed and Data Link Layer State Changed
 * bring a slot up (power on, wait for the link, enumerate, assign BARs
 * inside the port's windows, register); Attention Button Pressed on a slot
 * in use takes it down the orderly way and powers it off (6.7.1.5), which
 * is what QEMU waits for to finish device_del; presence lost while in use is
 * a surprise removal.
 */
#ifndef VMPLAT_HOTPLUG_H
#define VMPLAT_HOTPLUG_H

#include <vmplat/pci.h>

/* ---- registers (offsets from the PCI Express capability, 7.5.3) ---- */
#define PCI_EXP_FLAGS_SLOT     BIT(8) /* Slot Implemented (7.5.3.2) */
#define PCI_EXP_LNKCAP	       0x0c
#define PCI_EXP_LNKCAP_DLLLARC BIT(20) /* DLL Link Active Reporting Capable */
#define PCI_EXP_LNKSTA	       0x12
#define PCI_EXP_LNKSTA_DLLLA   BIT(13) /* Data Link Layer Link Active */
#define PCI_EXP_SLTCAP	       0x14    /* 7.5.3.9 */
#define PCI_EXP_SLTCAP_ABP     BIT(0)  /* Attention Button Present */
#define PCI_EXP_SLTCAP_PCP     BIT(1)  /* Power Controller Present */
#define PCI_EXP_SLTCAP_MRLSP   BIT(2)
#define PCI_EXP_SLTCAP_AIP     BIT(3)  /* Attention Indicator Present */
#define PCI_EXP_SLTCAP_PIP     BIT(4)  /* Power Indicator Present */
#define PCI_EXP_SLTCAP_HPS     BIT(5)  /* Hot-Plug Surprise */
#define PCI_EXP_SLTCAP_HPC     BIT(6)  /* Hot-Plug Capable */
#define PCI_EXP_SLTCAP_NCCS    BIT(18) /* No Command Completed Support */
#define PCI_EXP_SLTCAP_PSN     GENMASK(31, 19)
#define PCI_EXP_SLTCTL	       0x18 /* 7.5.3.10 */
#define PCI_EXP_SLTCTL_HPIE    BIT(5)
#define PCI_EXP_SLTCTL_AIC     GENMASK(7, 6)
#define PCI_EXP_SLTCTL_PIC     GENMASK(9, 8)
#define PCI_EXP_SLTCTL_PCC     BIT(10) /* Power Controller Control: 1 = off */
#define PCI_EXP_IND_ON	       1       /* indicator encodings (7.5.3.10) */
#define PCI_EXP_IND_BLINK      2
#define PCI_EXP_IND_OFF	       3
#define PCI_EXP_SLTSTA	       0x1a /* 7.5.3.11; change bits are RW1C */
#define PCI_EXP_SLTSTA_ABP     BIT(0)
#define PCI_EXP_SLTSTA_PFD     BIT(1)
#define PCI_EXP_SLTSTA_MRLSC   BIT(2)
#define PCI_EXP_SLTSTA_PDC     BIT(3)
#define PCI_EXP_SLTSTA_CC      BIT(4)
#define PCI_EXP_SLTSTA_PDS     BIT(6)
#define PCI_EXP_SLTSTA_DLLSC   BIT(8)
#define PCI_EXP_SLTSTA_EVENTS                                                                  \
	(PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PFD | PCI_EXP_SLTSTA_MRLSC | PCI_EXP_SLTSTA_PDC | \
	 PCI_EXP_SLTSTA_DLLSC)

/* ---- timing ---- */
#define PCI_HP_CMD_TIMEOUT_MS	1000 /* Command Completed within 1 s (6.7.3.2) */
#define PCI_HP_LINK_TIMEOUT_MS	1000 /* link up after power (6.7.3.3) */
#define PCI_HP_LINK_SETTLE_MS	100  /* link up -> first config request (6.6.1) */
#define PCI_HP_READY_TIMEOUT_MS 1000 /* then Configuration Retry until ready (2.3.1) */

/* ---- window space kept for slots on hosts vmplat assigns (pci=hpmemsize-like) ---- */
#define PCI_HP_RESERVE_IO   (4 * KiB)
#define PCI_HP_RESERVE_MEM  (2 * MiB)
#define PCI_HP_RESERVE_PREF (64 * MiB)

/* ---- slots ---- */
enum pci_hp_state {
	PCI_HP_EMPTY,  /* nothing present (or presence not yet acted on) */
	PCI_HP_ON,     /* powered, link up, functions registered */
	PCI_HP_FAILED, /* present but bring-up failed; powered off, retried on a button */
	PCI_HP_STATE_COUNT,
};

#define PCI_HP_MAX_SLOTS 32

struct pci_hp_slot {
	struct pci_dev *port;
	uint16_t exp;	 /* PCI Express capability offset in port */
	uint32_t sltcap; /* Slot Capabilities, read once */
	bool dllla_rc;	 /* Link Active reporting: the link can be waited for */
	unsigned psn;	 /* Physical Slot Number */
	enum pci_hp_state state;
	unsigned nfn; /* functions registered below the port */
	uint64_t adds, removes, surprise, failures, events;
	uint64_t since_ns; /* when state last changed */
};

const char *pci_hp_state_name(enum pci_hp_state s);

/* Find every hot-plug slot among pci_devs (after pci_init) and bring each to
 * a consistent state: in use when functions were found, else powered off.
 * Returns the number of slots. */
int pci_hp_init(void);
/* Handle pending slot events on every slot; returns how many were handled. */
int pci_hp_poll(void);
unsigned pci_hp_slot_count(void);
struct pci_hp_slot *pci_hp_slot_get(unsigned i);
/* Slot register snapshot for reports: presence, link, power, indicators. */
struct pci_hp_status {
	bool present, link, powered;
	unsigned power_ind, attn_ind; /* PCI_EXP_IND_*, 0 when the indicator is absent */
};
void pci_hp_read_status(struct pci_hp_slot *s, struct pci_hp_status *st);

/* Bring the slot up / down now, as the events would (shell, tests). */
int pci_hp_slot_enable(struct pci_hp_slot *s);
int pci_hp_slot_disable(struct pci_hp_slot *s);

/* Listeners see each function after it is registered (added) and before it is
 * unregistered (!added): IOMMU groups, drivers. */
typedef void (*pci_hp_listener_fn)(struct pci_dev *d, bool added);
#define PCI_HP_MAX_LISTENERS 4
int pci_hp_listen(pci_hp_listener_fn fn);
/* Tell the listeners and raise the runtime event (hotplug_bus.c calls it). */
void pci_hp_tell(struct pci_dev *d, bool added);

/* ---- bus work below a port (drivers/pci/hotplug_bus.c) ---- */
/* Scan the port's secondary bus range again, assign what was found inside
 * the port's windows and program it; returns functions found or -errno
 * (-ENOSPC: some BAR did not fit, the functions stay registered). */
int pci_hp_scan_port(struct pci_dev *port);
/* Unregister every function below port, children first: SR-IOV off, owner
 * released (pci_release: reset, IOMMU detach), bus master and decode off
 * (not when surprise: the device is gone), listeners told, pci_dev freed.
 * Returns the number of functions removed. */
unsigned pci_hp_remove_below(struct pci_dev *port, bool surprise);
/* Is d in the subtree below bridge b? */
bool pci_dev_below(const struct pci_dev *d, const struct pci_dev *b);

/* Address space assigned to BARs (and VF BAR blocks) of registered functions. */
struct pci_res_usage {
	unsigned devs;	  /* pci_dev objects in the list */
	unsigned pool;	  /* pci_dev objects allocated from the pool */
	unsigned bars;	  /* assigned BARs */
	uint64_t io, mem; /* bytes of I/O and memory space */
	uint64_t pref;	  /* of mem: prefetchable */
};
void pci_res_usage(struct pci_res_usage *u);

/* Forget every slot and listener (host tests). */
void pci_hp_reset(void);

#endif
