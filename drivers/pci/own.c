// SPDX-License-Identifier: MIT
/*
 * Device ownership (the passthrough manager): which domain owns a function,
 * groups that must move together, bus mastering only while owned, and a
 * function reset between owners: FLR (PCIe 6.0, 6.6.2) or, for a sole
 * device behind a bridge, a secondary bus reset (7.5.1.3.13).
 */
#include <errno.h>
#include <vmplat/timer.h>
#include "pci_internal.h"

#define PCI_TRPND_TIMEOUT_MS 100  /* wait for Transactions Pending to clear (6.6.2) */
#define PCI_FLR_WAIT_MS	     100  /* FLR completion before config requests (6.6.2) */
#define PCI_SBR_ASSERT_MS    2	  /* hold Secondary Bus Reset (Trst, 1 ms min) */
#define PCI_RESET_WAIT_MS    100  /* after a reset, before config requests (6.6.1) */
#define PCI_READY_TIMEOUT_MS 1000 /* then poll until the function answers */

static const struct pci_own_hooks *own_hooks;

void pci_set_own_hooks(const struct pci_own_hooks *h)
{
	own_hooks = h;
}

static bool same_slot(const struct pci_dev *a, const struct pci_dev *b)
{
	return a->host == b->host && a->addr.bus == b->addr.bus && !a->pf &&
	       PCI_SLOT(a->addr.devfn) == PCI_SLOT(b->addr.devfn);
}

/* Functions of one multi-function device share a group unless all have ACS (7.7.11). */
unsigned pci_group(struct pci_dev *d, struct pci_dev **out, unsigned max)
{
	unsigned n = 0, nfn = 0;
	bool acs = true;

	if (!max)
		return 0;
	out[0] = d;
	if (d->pf || (d->parent && d->parent->ari_forwarding))
		return 1; /* VFs and ARI functions: isolation is the PF's/port's business */
	pci_for_each_dev (p) {
		if (same_slot(p, d)) {
			nfn++;
			acs &= p->ecap_acs != 0;
		}
	}
	if (nfn < 2 || acs)
		return 1;
	pci_for_each_dev (p) {
		if (same_slot(p, d) && n < max)
			out[n++] = p;
	}
	return n;
}

static void set_master(struct pci_dev *d, bool on)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	uint16_t want = on ? cmd | PCI_CMD_MASTER : cmd & (uint16_t)~PCI_CMD_MASTER;

	if (want != cmd)
		pci_write16(d, PCI_COMMAND, want);
}

int pci_set_master(struct pci_dev *d, bool on)
{
	if (on && d->owner == PCI_DOMAIN_NONE)
		return -EPERM;
	set_master(d, on);
	return 0;
}

int pci_assign(struct pci_dev *d, uint16_t domain)
{
	struct pci_dev *g[PCI_MAX_GROUP];
	unsigned n = pci_group(d, g, PCI_MAX_GROUP);
	int rc;

	if (domain == PCI_DOMAIN_NONE)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++)
		if (g[i]->owner != PCI_DOMAIN_NONE && g[i]->owner != domain)
			return -EBUSY;
	for (unsigned i = 0; i < n; i++) {
		if (g[i]->owner == domain || !own_hooks || !own_hooks->attach)
			continue;
		rc = own_hooks->attach(g[i], domain);
		if (rc) {
			while (i--)
				if (g[i]->owner != domain && own_hooks->detach)
					own_hooks->detach(g[i], domain);
			return rc;
		}
	}
	for (unsigned i = 0; i < n; i++)
		g[i]->owner = domain;
	return 0;
}

int pci_release(struct pci_dev *d, uint16_t domain)
{
	struct pci_dev *g[PCI_MAX_GROUP];
	unsigned n = pci_group(d, g, PCI_MAX_GROUP);
	int rc = 0, r;

	if (d->owner != domain)
		return -EPERM;
	for (unsigned i = 0; i < n; i++) {
		set_master(g[i], false); /* stop DMA before anything else */
		if ((r = pci_reset_function(g[i])) && r != -EOPNOTSUPP && !rc)
			rc = r;
		if (own_hooks && own_hooks->detach)
			own_hooks->detach(g[i], domain);
		g[i]->owner = PCI_DOMAIN_NONE;
	}
	return rc;
}

/* ---- reset ---- */
struct saved_cfg {
	uint32_t bar[PCI_NUM_BARS], rom;
	uint16_t cmd;
	uint8_t int_line;
};

static void save_cfg(struct pci_dev *d, struct saved_cfg *s)
{
	for (unsigned i = 0; i < PCI_NUM_BARS; i++)
		s->bar[i] = pci_read32(d, (uint16_t)(PCI_BAR0 + 4 * i));
	s->rom = pci_read32(d, PCI_ROM_ADDR);
	s->cmd = pci_read16(d, PCI_COMMAND);
	s->int_line = pci_read8(d, PCI_INT_LINE);
}

static void restore_cfg(struct pci_dev *d, const struct saved_cfg *s)
{
	for (unsigned i = 0; i < PCI_NUM_BARS; i++)
		pci_write32(d, (uint16_t)(PCI_BAR0 + 4 * i), s->bar[i]);
	pci_write32(d, PCI_ROM_ADDR, s->rom);
	pci_write8(d, PCI_INT_LINE, s->int_line);
	pci_write16(d, PCI_COMMAND, s->cmd & (uint16_t)~PCI_CMD_MASTER);
}

/* Poll a 16-bit register until (v & mask) == want, bounded. */
static int wait16(struct pci_dev *d, uint16_t off, uint16_t mask, uint16_t want, uint64_t ms,
		  const char *what)
{
	uint64_t deadline = timestamp_ns() + ms * NSEC_PER_MSEC;

	while ((pci_read16(d, off) & mask) != want) {
		if (timestamp_ns() > deadline) {
			pci_warn(d, "%s: timed out after %llu ms", what, (unsigned long long)ms);
			return -ETIMEDOUT;
		}
		udelay(100);
	}
	return 0;
}

/* After reset a function may answer Configuration Retry: Vendor ID reads
 * back only when it is ready (2.3.1, 6.6.1). VFs read 0xFFFF: use class. */
static int wait_ready(struct pci_dev *d)
{
	uint64_t deadline = timestamp_ns() + PCI_READY_TIMEOUT_MS * NSEC_PER_MSEC;
	uint16_t off = d->pf ? PCI_CLASS_REV + 2 : PCI_VENDOR_ID;
	uint16_t want = d->pf ? (uint16_t)(d->class_code >> 8) : d->vendor;

	while (pci_read16(d, off) != want) {
		if (timestamp_ns() > deadline) {
			pci_warn(d, "not ready %u ms after reset (6.6.1)", PCI_READY_TIMEOUT_MS);
			return -ETIMEDOUT;
		}
		udelay(100);
	}
	return 0;
}

static int do_flr(struct pci_dev *d)
{
	uint16_t c = d->cap_pcie;
	struct saved_cfg s;
	int rc;

	save_cfg(d, &s);
	/* Transactions Pending should clear before the FLR (6.6.2 note). */
	wait16(d, c + PCI_EXP_DEVSTA, PCI_EXP_DEVSTA_TRPND, 0, PCI_TRPND_TIMEOUT_MS,
	       "transactions pending before FLR");
	pci_write16(d, c + PCI_EXP_DEVCTL, pci_read16(d, c + PCI_EXP_DEVCTL) | PCI_EXP_DEVCTL_FLR);
	mdelay(PCI_FLR_WAIT_MS);
	rc = wait_ready(d);
	if (!rc)
		restore_cfg(d, &s);
	return rc;
}

static bool sole_device(struct pci_dev *d)
{
	struct pci_dev *b = d->parent;

	if (!b || d->hdr_type != PCI_HDR_NORMAL || d->pf)
		return false;
	for (struct pci_dev *c = b->child; c; c = c->sibling)
		if (PCI_SLOT(c->addr.devfn) != PCI_SLOT(d->addr.devfn) || c->pf)
			return false;
	return true;
}

static int do_sbr(struct pci_dev *d)
{
	struct pci_dev *b = d->parent;
	struct saved_cfg s[8];
	unsigned n = 0;
	uint16_t ctl;
	int rc = 0;

	for (struct pci_dev *c = b->child; c && n < 8; c = c->sibling)
		save_cfg(c, &s[n++]);
	ctl = pci_read16(b, PCI_BRIDGE_CTL);
	pci_write16(b, PCI_BRIDGE_CTL, ctl | PCI_BRCTL_SBR);
	mdelay(PCI_SBR_ASSERT_MS);
	pci_write16(b, PCI_BRIDGE_CTL, ctl & (uint16_t)~PCI_BRCTL_SBR);
	mdelay(PCI_RESET_WAIT_MS);
	n = 0;
	for (struct pci_dev *c = b->child; c && n < 8; c = c->sibling, n++) {
		int r = wait_ready(c);

		if (r)
			rc = r;
		else
			restore_cfg(c, &s[n]);
	}
	return rc;
}

static pci_reset_filter_fn reset_filter;

void pci_set_reset_filter(pci_reset_filter_fn fn)
{
	reset_filter = fn;
}

int pci_reset_function(struct pci_dev *d)
{
	unsigned allowed = PCI_RESET_FLR | PCI_RESET_SBR;
	const char *why = NULL;

	if (reset_filter)
		allowed = reset_filter(d, allowed, &why);
	if (!allowed) {
		pci_warn(d, "reset refused: %s", why ? why : "no reset method works (quirk)");
		return -EPERM;
	}
	if ((allowed & PCI_RESET_FLR) && d->cap_pcie &&
	    (pci_read32(d, d->cap_pcie + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR))
		return do_flr(d);
	if ((allowed & PCI_RESET_SBR) && sole_device(d))
		return do_sbr(d);
	return -EOPNOTSUPP;
}
