// SPDX-License-Identifier: MIT
/*
 * GPU passthrough plan: the GPU function and its companions (the HDMI/DP
 * audio codec at function 1, USB-C functions), large 64-bit prefetchable
 * BARs, the ROM, and the reset method used between owners: FLR when the
 * PCI Express capability offers it (PCIe 6.0, 6.6.2), else a secondary bus
 * reset when the GPU's functions are alone below their port (7.5.1.3.13),
 * else none; the quirk table can forbid either or both. Portable.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>

static bool same_slot(const struct pci_dev *a, const struct pci_dev *b)
{
	return a->host == b->host && a->addr.bus == b->addr.bus && !a->pf && !b->pf &&
	       PCI_SLOT(a->addr.devfn) == PCI_SLOT(b->addr.devfn);
}

static bool is_display(const struct pci_dev *d)
{
	return (d->class_code & 0xff0000) == PCI_CLASS_DISPLAY;
}

/* The display function of d's slot: d itself, or function 0 for an audio sibling. */
static struct pci_dev *slot_gpu(struct pci_dev *d)
{
	if (is_display(d))
		return d;
	pci_for_each_dev (p)
		if (same_slot(p, d) && PCI_FUNC(p->addr.devfn) == 0 && is_display(p))
			return p;
	return NULL;
}

/* Every function on the port's secondary bus belongs to the GPU's slot. */
static bool alone_below_port(const struct pci_dev *g)
{
	if (!g->parent || g->pf)
		return false;
	for (const struct pci_dev *c = g->parent->child; c; c = c->sibling)
		if (!same_slot(c, g))
			return false;
	return true;
}

static void choose_reset(struct gpu_pt_plan *p)
{
	struct pci_dev *g = p->gpu;
	unsigned fl = p->quirk ? p->quirk->flags : 0;
	bool flr = g->cap_pcie &&
		   (pci_read32(g, g->cap_pcie + PCI_EXP_DEVCAP) & PCI_EXP_DEVCAP_FLR);

	if (fl & GPU_Q_NO_RESET) {
		p->reset = GPU_RESET_REFUSE;
		p->reset_why = p->quirk->reason;
	} else if (flr && !(fl & GPU_Q_NO_FLR)) {
		p->reset = GPU_RESET_FLR;
		p->reset_why = "Function Level Reset advertised in Device Capabilities (6.6.2)";
	} else if (alone_below_port(g) && !(fl & GPU_Q_NO_SBR)) {
		p->reset = GPU_RESET_SBR;
		p->reset_why = "no FLR: secondary bus reset of the port above, the GPU's functions "
			       "are alone below it (7.5.1.3.13)";
	} else {
		p->reset = (fl & GPU_Q_NO_SBR) ? GPU_RESET_REFUSE : GPU_RESET_NONE;
		p->reset_why = (fl & GPU_Q_NO_SBR) ? p->quirk->reason :
						     "no FLR and other devices share its bus: "
						     "no reset method";
	}
}

int gpu_pt_plan(struct pci_dev *d, struct gpu_pt_plan *p)
{
	struct pci_dev *g = slot_gpu(d);

	memset(p, 0, sizeof(*p));
	if (!g)
		return -ENODEV;
	p->gpu = g;
	pci_for_each_dev (c) {
		if (c != g && same_slot(c, g) && p->ncompanion < GPU_MAX_COMPANIONS)
			p->companion[p->ncompanion++] = c;
	}
	p->quirk = gpu_quirk_find(g->vendor, g->device, g->class_code);
	for (unsigned i = 0; i < PCI_NUM_BARS; i++)
		if (g->bar[i].type == PCI_BAR_MEM64 && g->bar[i].prefetch)
			p->large_bar_bytes += g->bar[i].size;
	p->has_rom = g->bar[PCI_ROM_SLOT].type == PCI_BAR_ROM;
	choose_reset(p);
	return 0;
}

static bool free_for(const struct pci_dev *d, uint16_t domain)
{
	return d->owner == PCI_DOMAIN_NONE || d->owner == domain;
}

int gpu_pt_assign(struct pci_dev *d, uint16_t domain)
{
	struct gpu_pt_plan p;
	char a[PCI_ADDR_STRLEN];
	int rc = gpu_pt_plan(d, &p);

	if (rc)
		return rc;
	pci_addr_fmt(a, p.gpu->addr);
	if (p.reset == GPU_RESET_REFUSE || p.reset == GPU_RESET_NONE) {
		log_err("gpu %s: not assigned to domain %u: %s", a, domain, p.reset_why);
		return -EOPNOTSUPP;
	}
	if (!free_for(p.gpu, domain))
		return -EBUSY;
	for (unsigned i = 0; i < p.ncompanion; i++)
		if (!free_for(p.companion[i], domain))
			return -EBUSY;
	rc = pci_assign(p.gpu, domain);
	for (unsigned i = 0; !rc && i < p.ncompanion; i++) {
		rc = pci_assign(p.companion[i], domain);
		if (rc) /* undo: the whole set moves or nothing does */
			while (i--)
				pci_release(p.companion[i], domain);
	}
	if (rc && p.gpu->owner == domain)
		pci_release(p.gpu, domain);
	return rc;
}

void gpu_pt_report(const struct gpu_pt_plan *p)
{
	char a[PCI_ADDR_STRLEN];

	console_printf("gpu %s %04x:%04x passthrough: %u companion(s)",
		       pci_addr_fmt(a, p->gpu->addr), p->gpu->vendor, p->gpu->device,
		       p->ncompanion);
	for (unsigned i = 0; i < p->ncompanion; i++)
		console_printf(" %s(class %06x)", pci_addr_fmt(a, p->companion[i]->addr),
			       p->companion[i]->class_code);
	console_printf("\n  64-bit prefetchable BARs: %llu MiB, rom: %s, reset: %s (%s)\n",
		       (unsigned long long)(p->large_bar_bytes / MiB), p->has_rom ? "yes" : "no",
		       gpu_reset_name(p->reset), p->reset_why);
	if (p->quirk)
		console_printf("  quirk: %s\n", p->quirk->reason);
}
