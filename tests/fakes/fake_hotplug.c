// SPDX-License-Identifier: MIT
/*
 * Simulated hot-plug slots (see fake_hotplug.h), modelled on QEMU 7.2's
 * hw/pci/pcie.c slot emulation: Command Completed on every Slot Control
 * write, power gates config visibility, "power off + power indicator off"
 * completes a removal the attention button requested.
 */
#include <string.h>
#include <vmplat/hotplug.h>
#include "fake_hotplug.h"

#define SLTCTL_OFF (PCI_EXP_SLTCTL_PCC | FIELD_PREP(PCI_EXP_SLTCTL_PIC, PCI_EXP_IND_OFF))

static struct fake_hp_slot *slot_of_port(struct fake_hp *hp, int f)
{
	for (unsigned i = 0; i < hp->nslots; i++)
		if (hp->slot[i].port == f)
			return &hp->slot[i];
	return NULL;
}

uint16_t fake_hp_sltctl(struct fake_hp *hp, int slot)
{
	struct fake_hp_slot *s = &hp->slot[slot];

	return (uint16_t)fake_cfg_read(hp->fe, s->port, s->exp + PCI_EXP_SLTCTL, 2);
}

uint16_t fake_hp_sltsta(struct fake_hp *hp, int slot)
{
	struct fake_hp_slot *s = &hp->slot[slot];

	return (uint16_t)fake_cfg_read(hp->fe, s->port, s->exp + PCI_EXP_SLTSTA, 2);
}

static void sta_set(struct fake_hp *hp, struct fake_hp_slot *s, uint16_t set, uint16_t clear)
{
	uint16_t v = fake_hp_sltsta(hp, (int)(s - hp->slot));

	fake_cfg_set(hp->fe, s->port, s->exp + PCI_EXP_SLTSTA, 2, (uint16_t)((v & ~clear) | set));
}

static bool powered(struct fake_hp *hp, struct fake_hp_slot *s)
{
	return !(fake_hp_sltctl(hp, (int)(s - hp->slot)) & PCI_EXP_SLTCTL_PCC);
}

/* The card answers config requests while present and powered; the link follows. */
static void sync(struct fake_hp *hp, struct fake_hp_slot *s)
{
	bool on = s->present && powered(hp, s);
	bool link = on && !s->link_fails;
	uint16_t lnk = (uint16_t)fake_cfg_read(hp->fe, s->port, s->exp + PCI_EXP_LNKSTA, 2);
	bool was = lnk & PCI_EXP_LNKSTA_DLLLA;

	/* Hidden functions stay allocated (so no new one takes their place) but read all-ones. */
	for (unsigned i = 0; i < s->ncard; i++)
		hp->fe->fn[s->card[i]].ones_after = on ? -1 : 0;
	if (link != was) {
		lnk = link ? lnk | PCI_EXP_LNKSTA_DLLLA : lnk & (uint16_t)~PCI_EXP_LNKSTA_DLLLA;
		fake_cfg_set(hp->fe, s->port, s->exp + PCI_EXP_LNKSTA, 2, lnk);
		sta_set(hp, s, PCI_EXP_SLTSTA_DLLSC, 0);
	}
}

void fake_hp_init(struct fake_hp *hp, struct fake_ecam *fe)
{
	memset(hp, 0, sizeof(*hp));
	hp->fe = fe;
}

int fake_hp_add_port(struct fake_hp *hp, unsigned dev, unsigned psn, bool hpc)
{
	struct fake_ecam *fe = hp->fe;
	int f = fake_add_fn(fe, -1, dev, 0, 0x1b36, 0x000c, 0x060400, PCI_HDR_BRIDGE);
	uint16_t c = fake_add_pcie(fe, f, PCI_EXP_TYPE_ROOT_PORT, false, false);
	struct fake_hp_slot *s = &hp->slot[hp->nslots];

	*s = (struct fake_hp_slot){ .port = f, .exp = c };
	fake_cfg_set(fe, f, c + PCI_EXP_FLAGS, 2,
		     fake_cfg_read(fe, f, c + PCI_EXP_FLAGS, 2) | PCI_EXP_FLAGS_SLOT);
	fake_cfg_set(fe, f, c + PCI_EXP_LNKCAP, 4, PCI_EXP_LNKCAP_DLLLARC);
	fake_cfg_set(fe, f, c + PCI_EXP_SLTCAP, 4,
		     (uint32_t)FIELD_PREP(PCI_EXP_SLTCAP_PSN, psn) | PCI_EXP_SLTCAP_ABP |
			     PCI_EXP_SLTCAP_PCP | PCI_EXP_SLTCAP_AIP | PCI_EXP_SLTCAP_PIP |
			     (hpc ? PCI_EXP_SLTCAP_HPC : 0));
	/* Empty at reset: power off, indicators off (QEMU pcie_cap_slot_reset). */
	fake_cfg_set(fe, f, c + PCI_EXP_SLTCTL, 2,
		     SLTCTL_OFF | FIELD_PREP(PCI_EXP_SLTCTL_AIC, PCI_EXP_IND_OFF));
	fe->fn[f].wmask[c + PCI_EXP_SLTCTL] = 0xff;
	fe->fn[f].wmask[c + PCI_EXP_SLTCTL + 1] = 0x1f;
	return (int)hp->nslots++;
}

int fake_hp_insert(struct fake_hp *hp, int slot, uint16_t vendor, uint16_t device, uint32_t bar0)
{
	struct fake_hp_slot *s = &hp->slot[slot];
	int f = fake_add_fn(hp->fe, s->port, 0, 0, vendor, device, 0x00ff00, PCI_HDR_NORMAL);

	fake_add_bar(hp->fe, f, 0, PCI_BAR_MEM32, bar0, false);
	s->card[s->ncard++] = f;
	s->present = true;
	sta_set(hp, s, PCI_EXP_SLTSTA_PDS | PCI_EXP_SLTSTA_PDC, 0);
	sync(hp, s);
	return f;
}

static void unplug(struct fake_hp *hp, struct fake_hp_slot *s)
{
	for (unsigned i = 0; i < s->ncard; i++)
		hp->fe->fn[s->card[i]] = (struct fake_fn){ 0 };
	s->ncard = 0;
	s->present = false;
	s->unplug_pending = false;
	s->unplugs++;
	sta_set(hp, s, PCI_EXP_SLTSTA_PDC, PCI_EXP_SLTSTA_PDS);
	sync(hp, s);
}

void fake_hp_request_removal(struct fake_hp *hp, int slot)
{
	hp->slot[slot].unplug_pending = true;
	sta_set(hp, &hp->slot[slot], PCI_EXP_SLTSTA_ABP, 0);
}

void fake_hp_yank(struct fake_hp *hp, int slot)
{
	unplug(hp, &hp->slot[slot]);
}

/* ---- ops: the slot registers of ports, the rest passes to fake_ecam ---- */
static uint32_t hp_read(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
			unsigned width)
{
	struct fake_hp *hp = ctx;

	return fake_ecam_ops.read(hp->fe, seg, bus, devfn, off, width);
}

static void ctl_write(struct fake_hp *hp, struct fake_hp_slot *s, uint16_t val)
{
	uint16_t old = fake_hp_sltctl(hp, (int)(s - hp->slot));
	bool off_now = (val & SLTCTL_OFF) == SLTCTL_OFF,
	     off_before = (old & SLTCTL_OFF) == SLTCTL_OFF;

	s->ctl_writes++;
	fake_cfg_set(hp->fe, s->port, s->exp + PCI_EXP_SLTCTL, 2, val & 0x1fff);
	if (!s->no_cc)
		sta_set(hp, s, PCI_EXP_SLTSTA_CC, 0);
	/* QEMU pcie_cap_slot_write_config: populated, now off and was not: detach. */
	if (s->present && off_now && !off_before && s->unplug_pending)
		unplug(hp, s);
	sync(hp, s);
}

static void hp_write(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn, uint16_t off,
		     unsigned width, uint32_t val)
{
	struct fake_hp *hp = ctx;
	int f = fake_lookup(hp->fe, bus, devfn);
	struct fake_hp_slot *s = f >= 0 ? slot_of_port(hp, f) : NULL;

	if (s && off == s->exp + PCI_EXP_SLTSTA && width == 2) {
		sta_set(hp, s, 0, (uint16_t)(val & (PCI_EXP_SLTSTA_EVENTS | PCI_EXP_SLTSTA_CC)));
		return;
	}
	if (s && off == s->exp + PCI_EXP_SLTCTL && width == 2) {
		ctl_write(hp, s, (uint16_t)val);
		return;
	}
	fake_ecam_ops.write(hp->fe, seg, bus, devfn, off, width, val);
}

const struct pci_cfg_ops fake_hp_ops = { hp_read, hp_write };
