// SPDX-License-Identifier: MIT
/*
 * PCI Express native hot-plug slots (PCIe 6.0, 6.7): discovery, the slot
 * state machine driven by polled Slot Status events, power and indicator
 * control with Command Completed handshakes (6.7.3.2), link wait (6.7.3.3).
 *
 *   EMPTY --presence/button--> power on, link, enumerate --> ON
 *   ON --attention button--> quiesce, unregister, power off --> EMPTY
 *   ON --presence lost (surprise)--> unregister, power off --> EMPTY
 *   bring-up failure --> power off --> FAILED (retried on button/presence)
 */
#include <errno.h>
#include <stdio.h>
#include <vmplat/hotplug.h>
#include <vmplat/log.h>
#include <vmplat/runtime.h>
#include <vmplat/timer.h>
#include "pci_internal.h"

static struct pci_hp_slot slots[PCI_HP_MAX_SLOTS];
static unsigned nslots;
static pci_hp_listener_fn listeners[PCI_HP_MAX_LISTENERS];
static unsigned nlisteners;

static const char *const state_names[PCI_HP_STATE_COUNT] = {
	[PCI_HP_EMPTY] = "empty",
	[PCI_HP_ON] = "on",
	[PCI_HP_FAILED] = "failed",
};

const char *pci_hp_state_name(enum pci_hp_state s)
{
	return (unsigned)s < PCI_HP_STATE_COUNT ? state_names[s] : "?";
}

unsigned pci_hp_slot_count(void)
{
	return nslots;
}

struct pci_hp_slot *pci_hp_slot_get(unsigned i)
{
	return i < nslots ? &slots[i] : NULL;
}

int pci_hp_listen(pci_hp_listener_fn fn)
{
	if (nlisteners == PCI_HP_MAX_LISTENERS)
		return -ENOSPC;
	listeners[nlisteners++] = fn;
	return 0;
}

void pci_hp_tell(struct pci_dev *d, bool added)
{
	char a[PCI_ADDR_STRLEN];

	for (unsigned i = 0; i < nlisteners; i++)
		listeners[i](d, added);
	runtime_event(added ? RT_EV_DEV_ADDED : RT_EV_DEV_REMOVED, "%s %04x:%04x %s",
		      pci_addr_fmt(a, d->addr), d->vendor, d->device, pci_type_name(d->type));
}

/* ---- slot registers ---- */
static uint16_t sltsta(struct pci_hp_slot *s)
{
	return pci_read16(s->port, s->exp + PCI_EXP_SLTSTA);
}

static void sltsta_clear(struct pci_hp_slot *s, uint16_t bits)
{
	if (bits)
		pci_write16(s->port, s->exp + PCI_EXP_SLTSTA, bits); /* RW1C */
}

static bool link_active(struct pci_hp_slot *s)
{
	return pci_read16(s->port, s->exp + PCI_EXP_LNKSTA) & PCI_EXP_LNKSTA_DLLLA;
}

void pci_hp_read_status(struct pci_hp_slot *s, struct pci_hp_status *st)
{
	uint16_t ctl = pci_read16(s->port, s->exp + PCI_EXP_SLTCTL);

	st->present = sltsta(s) & PCI_EXP_SLTSTA_PDS;
	st->link = s->dllla_rc ? link_active(s) : st->present;
	st->powered = !(s->sltcap & PCI_EXP_SLTCAP_PCP) || !(ctl & PCI_EXP_SLTCTL_PCC);
	st->power_ind = s->sltcap & PCI_EXP_SLTCAP_PIP ? FIELD_GET(PCI_EXP_SLTCTL_PIC, ctl) : 0;
	st->attn_ind = s->sltcap & PCI_EXP_SLTCAP_AIP ? FIELD_GET(PCI_EXP_SLTCTL_AIC, ctl) : 0;
}

/*
 * Change Slot Control fields the slot implements; wait for Command Completed
 * unless the port says it never signals it (6.7.3.2, 7.5.3.9 NCCS).
 */
static int slot_cmd(struct pci_hp_slot *s, uint16_t mask, uint16_t val)
{
	uint16_t ctl = pci_read16(s->port, s->exp + PCI_EXP_SLTCTL), want;
	uint64_t deadline;

	if (!(s->sltcap & PCI_EXP_SLTCAP_PCP))
		mask &= (uint16_t)~PCI_EXP_SLTCTL_PCC;
	if (!(s->sltcap & PCI_EXP_SLTCAP_PIP))
		mask &= (uint16_t)~PCI_EXP_SLTCTL_PIC;
	if (!(s->sltcap & PCI_EXP_SLTCAP_AIP))
		mask &= (uint16_t)~PCI_EXP_SLTCTL_AIC;
	want = (uint16_t)((ctl & ~mask) | (val & mask));
	if (want == ctl)
		return 0;
	sltsta_clear(s, PCI_EXP_SLTSTA_CC);
	pci_write16(s->port, s->exp + PCI_EXP_SLTCTL, want);
	if (s->sltcap & PCI_EXP_SLTCAP_NCCS)
		return 0;
	deadline = timestamp_ns() + PCI_HP_CMD_TIMEOUT_MS * NSEC_PER_MSEC;
	while (!(sltsta(s) & PCI_EXP_SLTSTA_CC)) {
		if (timestamp_ns() > deadline) {
			pci_warn(s->port,
				 "slot %u: Slot Control %#x not completed in %u ms (6.7.3.2)",
				 s->psn, want, PCI_HP_CMD_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		udelay(100);
	}
	sltsta_clear(s, PCI_EXP_SLTSTA_CC);
	return 0;
}

#define IND(field, v) ((uint16_t)FIELD_PREP(field, v))

static int power_on(struct pci_hp_slot *s)
{
	return slot_cmd(s, PCI_EXP_SLTCTL_PCC | PCI_EXP_SLTCTL_PIC,
			IND(PCI_EXP_SLTCTL_PIC, PCI_EXP_IND_BLINK));
}

/* Power and both indicators off in one command: QEMU completes device_del on it. */
static int power_off(struct pci_hp_slot *s)
{
	return slot_cmd(s, PCI_EXP_SLTCTL_PCC | PCI_EXP_SLTCTL_PIC | PCI_EXP_SLTCTL_AIC,
			PCI_EXP_SLTCTL_PCC | IND(PCI_EXP_SLTCTL_PIC, PCI_EXP_IND_OFF) |
				IND(PCI_EXP_SLTCTL_AIC, PCI_EXP_IND_OFF));
}

/* Link up within 1 s of power (6.7.3.3), then 100 ms before config requests (6.6.1). */
static int wait_link(struct pci_hp_slot *s)
{
	uint64_t deadline = timestamp_ns() + PCI_HP_LINK_TIMEOUT_MS * NSEC_PER_MSEC;

	if (!s->dllla_rc) {
		mdelay(PCI_HP_LINK_TIMEOUT_MS); /* no Link Active reporting: wait it out */
		return 0;
	}
	while (!link_active(s)) {
		if (timestamp_ns() > deadline) {
			pci_warn(s->port, "slot %u: link not active %u ms after power on (6.7.3.3)",
				 s->psn, PCI_HP_LINK_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		udelay(1000);
	}
	mdelay(PCI_HP_LINK_SETTLE_MS);
	return 0;
}

/* Function 0 answers with a vendor id once it is ready (Configuration Retry, 2.3.1). */
static int wait_ready(struct pci_hp_slot *s)
{
	uint64_t deadline = timestamp_ns() + PCI_HP_READY_TIMEOUT_MS * NSEC_PER_MSEC;
	uint16_t v;

	for (;;) {
		v = (uint16_t)pci_host_read(s->port->host, s->port->secondary, 0, PCI_VENDOR_ID, 2);
		if (v != 0xffff && v != 0x0001 && v != 0)
			return 0;
		if (timestamp_ns() > deadline) {
			pci_warn(s->port, "slot %u: no function answers on bus %02x (2.3.1)",
				 s->psn, s->port->secondary);
			return -ENODEV;
		}
		udelay(1000);
	}
}

static void set_state(struct pci_hp_slot *s, enum pci_hp_state st)
{
	s->state = st;
	s->since_ns = timestamp_ns();
}

/* Count the functions below the slot's port; tell listeners when they are new. */
static void count_fns(struct pci_hp_slot *s, bool tell)
{
	s->nfn = 0;
	pci_for_each_dev (d) {
		if (pci_dev_below(d, s->port)) {
			s->nfn++;
			if (tell)
				pci_hp_tell(d, true);
		}
	}
}

static int bring_up(struct pci_hp_slot *s)
{
	int rc = power_on(s);

	if (!rc)
		rc = wait_link(s);
	if (!rc)
		rc = wait_ready(s);
	if (rc)
		return rc;
	rc = pci_hp_scan_port(s->port);
	if (rc == -ENOSPC)
		pci_warn(s->port, "slot %u: some BARs do not fit the port's windows", s->psn);
	else if (rc < 0)
		return rc;
	count_fns(s, true);
	return 0;
}

int pci_hp_slot_enable(struct pci_hp_slot *s)
{
	int rc;

	if (s->state == PCI_HP_ON)
		return 0;
	rc = bring_up(s);
	if (rc) {
		pci_hp_remove_below(s->port, true);
		power_off(s);
		s->failures++;
		set_state(s, PCI_HP_FAILED);
		runtime_event(RT_EV_HOTPLUG, "slot %u: bring-up failed (%d), powered off", s->psn,
			      rc);
		return rc;
	}
	slot_cmd(s, PCI_EXP_SLTCTL_PIC | PCI_EXP_SLTCTL_AIC,
		 IND(PCI_EXP_SLTCTL_PIC, PCI_EXP_IND_ON) |
			 IND(PCI_EXP_SLTCTL_AIC, PCI_EXP_IND_OFF));
	s->adds++;
	set_state(s, PCI_HP_ON);
	runtime_event(RT_EV_HOTPLUG, "slot %u: on, %u functions", s->psn, s->nfn);
	log_info("hotplug: slot %u: on, %u functions", s->psn, s->nfn);
	return 0;
}

static int slot_down(struct pci_hp_slot *s, bool surprise)
{
	unsigned n;
	int rc;

	if (!surprise) /* blinking power indicator: "do not remove yet" (6.7.1.1.1) */
		slot_cmd(s, PCI_EXP_SLTCTL_PIC, IND(PCI_EXP_SLTCTL_PIC, PCI_EXP_IND_BLINK));
	n = pci_hp_remove_below(s->port, surprise);
	rc = power_off(s);
	s->nfn = 0;
	s->removes++;
	s->surprise += surprise;
	set_state(s, PCI_HP_EMPTY);
	runtime_event(RT_EV_HOTPLUG, "slot %u: %s removal, %u functions, powered off", s->psn,
		      surprise ? "surprise" : "orderly", n);
	log_info("hotplug: slot %u: %s removal of %u functions", s->psn,
		 surprise ? "surprise" : "orderly", n);
	return rc;
}

int pci_hp_slot_disable(struct pci_hp_slot *s)
{
	if (s->state != PCI_HP_ON) {
		power_off(s);
		set_state(s, PCI_HP_EMPTY);
		return 0;
	}
	return slot_down(s, false);
}

/* ---- events ---- */
static void handle(struct pci_hp_slot *s, uint16_t ev, bool present, bool link)
{
	s->events++;
	runtime_event(RT_EV_HOTPLUG, "slot %u:%s%s%s%s presence %u link %u", s->psn,
		      ev & PCI_EXP_SLTSTA_ABP ? " button" : "",
		      ev & PCI_EXP_SLTSTA_PDC ? " presence-changed" : "",
		      ev & PCI_EXP_SLTSTA_DLLSC ? " link-changed" : "",
		      ev & (PCI_EXP_SLTSTA_PFD | PCI_EXP_SLTSTA_MRLSC) ? " power-fault/mrl" : "",
		      present, link);
	if (s->state == PCI_HP_ON) {
		if (!present) /* presence lost while in use */
			slot_down(s, true);
		else if (ev & PCI_EXP_SLTSTA_ABP) /* request to remove (6.7.1.5) */
			slot_down(s, false);
		return;
	}
	if (present && (ev & (PCI_EXP_SLTSTA_ABP | PCI_EXP_SLTSTA_PDC | PCI_EXP_SLTSTA_DLLSC)))
		pci_hp_slot_enable(s);
	else if (!present && s->state == PCI_HP_FAILED)
		set_state(s, PCI_HP_EMPTY);
}

int pci_hp_poll(void)
{
	int handled = 0;

	for (unsigned i = 0; i < nslots; i++) {
		struct pci_hp_slot *s = &slots[i];
		uint16_t sta = sltsta(s), ev = sta & PCI_EXP_SLTSTA_EVENTS;

		if (sta == 0xffff || !ev)
			continue; /* port gone (all-ones) or nothing new */
		sltsta_clear(s, ev);
		sta = sltsta(s); /* presence after the clear: the latest word */
		handle(s, ev, sta & PCI_EXP_SLTSTA_PDS, s->dllla_rc ? link_active(s) : true);
		handled++;
	}
	return handled;
}

/* ---- discovery ---- */
static void slot_probe(struct pci_dev *port)
{
	uint16_t exp = port->cap_pcie;
	struct pci_hp_slot *s;
	uint32_t cap;

	if (!exp || !pci_dev_is_bridge(port) ||
	    (port->pcie_type != PCI_EXP_TYPE_ROOT_PORT &&
	     port->pcie_type != PCI_EXP_TYPE_DOWNSTREAM) ||
	    !(pci_read16(port, exp + PCI_EXP_FLAGS) & PCI_EXP_FLAGS_SLOT))
		return;
	cap = pci_read32(port, exp + PCI_EXP_SLTCAP);
	if (!(cap & PCI_EXP_SLTCAP_HPC))
		return;
	if (nslots == PCI_HP_MAX_SLOTS) {
		pci_warn(port, "more than %u hot-plug slots, ignored", PCI_HP_MAX_SLOTS);
		return;
	}
	s = &slots[nslots++];
	*s = (struct pci_hp_slot){ .port = port, .exp = exp, .sltcap = cap };
	s->psn = (unsigned)FIELD_GET(PCI_EXP_SLTCAP_PSN, cap);
	s->dllla_rc = pci_read32(port, exp + PCI_EXP_LNKCAP) & PCI_EXP_LNKCAP_DLLLARC;
	/* Polled: no hot-plug interrupts (HPIE off); stale events are dropped. */
	slot_cmd(s, PCI_EXP_SLTCTL_HPIE, 0);
	sltsta_clear(s, PCI_EXP_SLTSTA_EVENTS | PCI_EXP_SLTSTA_CC);
	set_state(s, PCI_HP_EMPTY);
	if (port->child) { /* populated at boot: enumerated with the rest */
		count_fns(s, false);
		set_state(s, PCI_HP_ON);
	} else if (sltsta(s) & PCI_EXP_SLTSTA_PDS) {
		pci_hp_slot_enable(s); /* present but unpowered at boot */
	} else {
		power_off(s);
	}
}

int pci_hp_init(void)
{
	pci_for_each_dev (d)
		slot_probe(d);
	for (unsigned i = 0; i < nslots; i++) {
		char a[PCI_ADDR_STRLEN];

		log_info("hotplug: slot %u at %s: %s, polled%s%s%s", slots[i].psn,
			 pci_addr_fmt(a, slots[i].port->addr), pci_hp_state_name(slots[i].state),
			 slots[i].sltcap & PCI_EXP_SLTCAP_ABP ? ", button" : "",
			 slots[i].sltcap & PCI_EXP_SLTCAP_PCP ? ", power control" : "",
			 slots[i].sltcap & PCI_EXP_SLTCAP_PIP ? ", indicators" : "");
	}
	return (int)nslots;
}

void pci_hp_reset(void)
{
	nslots = 0;
	nlisteners = 0;
}
