// SPDX-License-Identifier: MIT
/*
 * IOMMU groups from the PCI topology, DMA aliases, attach and detach.
 *
 * A group is the set of functions the IOMMU can not tell apart or whose
 * DMA can reach each other without passing it:
 *  - behind a PCIe-to-PCI(-X) bridge every function uses the bridge's
 *    requester id (secondary bus, 00.0; PCIe-to-PCI/PCI-X Bridge 1.0,
 *    2.3), behind a conventional bridge the bridge's own id: all share;
 *  - below a switch downstream port without ACS (PCIe 6.0, 6.12) peer
 *    traffic may stay inside the switch: the whole switch shares;
 *  - functions of one multi-function device without ACS share (7.7.11).
 * The group is named by its anchor: the topmost device where one of these
 * rules merges DMA. Two functions share a group iff they share an anchor.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/pci.h>
#include "iommu_internal.h"

static struct iommu_group groups[IOMMU_MAX_GROUPS];

void iommu_groups_reset(void)
{
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++)
		groups[i] = (struct iommu_group){ 0 };
}

unsigned iommu_group_count(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++)
		n += groups[i].used;
	return n;
}

struct iommu_group *iommu_group_get(unsigned i)
{
	return i < IOMMU_MAX_GROUPS && groups[i].used ? &groups[i] : NULL;
}

static uint16_t dev_rid(const struct pci_dev *d)
{
	return IOMMU_RID(d->addr.bus, d->addr.devfn);
}

/* A bridge whose secondary bus is conventional PCI/PCI-X. */
static bool to_conventional(const struct pci_dev *b)
{
	return pci_dev_is_bridge(b) && (!b->cap_pcie || b->pcie_type == IOMMU_PCIE_TYPE_PCI_BRIDGE);
}

unsigned iommu_dma_aliases(const struct pci_dev *d, uint16_t *rids, unsigned max)
{
	unsigned n = 0;
	uint16_t rid = dev_rid(d);

	if (!max)
		return 0;
	rids[n++] = rid;
	/* Bounded by the tree depth (at most 256 buses). */
	for (const struct pci_dev *p = d->parent; p; p = p->parent) {
		if (!to_conventional(p))
			continue;
		if (p->cap_pcie)
			rid = IOMMU_RID(p->secondary, 0); /* PCIe-to-PCI bridge 2.3 */
		else
			rid = dev_rid(p);
		bool dup = false;

		for (unsigned i = 0; i < n; i++)
			dup |= rids[i] == rid;
		if (!dup && n < max)
			rids[n++] = rid;
	}
	return n;
}

/* Lowest function of d's multi-function device when they lack ACS, else d. */
static struct pci_dev *slot_leader(struct pci_dev *d)
{
	struct pci_dev *g[PCI_MAX_GROUP], *lead = d;
	unsigned n = pci_group(d, g, PCI_MAX_GROUP);

	for (unsigned i = 0; i < n; i++)
		if (g[i]->addr.devfn < lead->addr.devfn)
			lead = g[i];
	return lead;
}

static struct pci_dev *group_anchor(struct pci_dev *d)
{
	struct pci_dev *a = slot_leader(d);

	for (struct pci_dev *p = d->parent; p; p = p->parent) {
		if (to_conventional(p))
			a = p;
		else if (p->pcie_type == PCI_EXP_TYPE_DOWNSTREAM && !p->ecap_acs && p->parent)
			a = p->parent; /* the switch's upstream port */
	}
	return a;
}

static struct iommu_group *group_new(struct iommu_unit *u, struct pci_dev *anchor)
{
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++) {
		if (groups[i].used)
			continue;
		groups[i] =
			(struct iommu_group){ .used = true, .id = i, .unit = u, .anchor = anchor };
		return &groups[i];
	}
	log_err("iommu: more than %u groups", IOMMU_MAX_GROUPS);
	return NULL;
}

static bool group_has(const struct iommu_group *g, const struct pci_dev *d)
{
	for (unsigned i = 0; i < g->ndev; i++)
		if (g->dev[i] == d)
			return true;
	return false;
}

static void group_add(struct iommu_group *g, struct pci_dev *d)
{
	if (group_has(g, d))
		return;
	if (g->ndev < IOMMU_GROUP_MAX)
		g->dev[g->ndev++] = d;
	else
		log_err("iommu: group %u full (%u functions)", g->id, IOMMU_GROUP_MAX);
}

struct iommu_group *iommu_group_of(struct pci_dev *d)
{
	struct iommu_unit *u;
	struct pci_dev *a;
	struct iommu_group *g = NULL;

	if (!d || pci_dev_is_bridge(d) || !(u = iommu_unit_for(d)))
		return NULL;
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++)
		if (groups[i].used && group_has(&groups[i], d))
			return &groups[i];
	a = group_anchor(d);
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS && !g; i++)
		if (groups[i].used && groups[i].unit == u && groups[i].anchor == a)
			g = &groups[i];
	if (!g && !(g = group_new(u, a)))
		return NULL;
	/* Take in every endpoint that shares the anchor, found now or later. */
	pci_for_each_dev (p) {
		if (!pci_dev_is_bridge(p) && iommu_unit_for(p) == u && group_anchor(p) == a)
			group_add(g, p);
	}
	group_add(g, d);
	return g;
}

struct iommu_group *iommu_group_by_rid(struct iommu_unit *u, uint16_t rid, struct pci_dev **dev)
{
	uint16_t al[IOMMU_MAX_ALIASES];

	*dev = NULL;
	pci_for_each_dev (p) {
		if (p->addr.seg != u->segment || pci_dev_is_bridge(p))
			continue;
		unsigned n = iommu_dma_aliases(p, al, IOMMU_MAX_ALIASES);

		for (unsigned i = 0; i < n; i++) {
			if (al[i] != rid)
				continue;
			*dev = p;
			return iommu_group_of(p);
		}
	}
	return NULL;
}

/*
 * A function is going away (hot removal): unprogram its aliases if its group
 * is attached, drop it from the group, and free a group left empty, so no
 * group keeps a pointer to a freed pci_dev.
 */
void iommu_group_remove_dev(struct pci_dev *d)
{
	uint16_t al[IOMMU_MAX_ALIASES];

	spin_lock(&iommu_lock);
	for (unsigned i = 0; i < IOMMU_MAX_GROUPS; i++) {
		struct iommu_group *g = &groups[i];
		unsigned k;

		if (!g->used || !group_has(g, d))
			continue;
		if (g->dom) {
			unsigned n = iommu_dma_aliases(d, al, IOMMU_MAX_ALIASES);

			for (k = 0; k < n; k++)
				g->dom->unit->ops->detach(g->dom->unit, g->dom, d, al[k]);
		}
		for (k = 0; g->dev[k] != d; k++)
			;
		g->dev[k] = g->dev[--g->ndev];
		if (g->anchor == d)
			g->anchor = g->ndev ? g->dev[0] : NULL;
		if (!g->ndev) {
			if (g->dom)
				g->dom->ngroups--;
			g->used = false;
		}
	}
	spin_unlock(&iommu_lock);
}

/* ---- attach / detach: the whole group, every alias of every member ---- */
static void group_detach_locked(struct iommu_group *g)
{
	struct iommu_domain *dom = g->dom;
	uint16_t al[IOMMU_MAX_ALIASES];

	if (!dom)
		return;
	for (unsigned i = 0; i < g->ndev; i++) {
		unsigned n = iommu_dma_aliases(g->dev[i], al, IOMMU_MAX_ALIASES);

		for (unsigned k = 0; k < n; k++)
			dom->unit->ops->detach(dom->unit, dom, g->dev[i], al[k]);
	}
	dom->ngroups--;
	g->dom = NULL;
}

static int group_attach_locked(struct iommu_group *g, struct iommu_domain *dom)
{
	uint16_t al[IOMMU_MAX_ALIASES];
	int rc = 0;

	for (unsigned i = 0; i < g->ndev && !rc; i++) {
		unsigned n = iommu_dma_aliases(g->dev[i], al, IOMMU_MAX_ALIASES);

		for (unsigned k = 0; k < n && !rc; k++)
			rc = dom->unit->ops->attach(dom->unit, dom, g->dev[i], al[k]);
	}
	if (g->dom)
		g->dom->ngroups--;
	g->dom = dom;
	dom->ngroups++;
	if (rc)
		group_detach_locked(g); /* nothing half-attached: blocked instead */
	return rc;
}

int iommu_attach(struct iommu_domain *dom, struct pci_dev *d)
{
	struct iommu_group *g;
	int rc;

	if (!dom || !dom->used || !d)
		return -EINVAL;
	g = iommu_group_of(d);
	if (!g)
		return -ENODEV;
	if (g->unit != dom->unit)
		return -EXDEV;
	if (g->dom == dom)
		return 0;
	spin_lock(&iommu_lock);
	rc = group_attach_locked(g, dom);
	spin_unlock(&iommu_lock);
	return rc;
}

int iommu_detach(struct iommu_domain *dom, struct pci_dev *d)
{
	struct iommu_group *g = iommu_group_of(d);

	if (!g || !dom || g->dom != dom)
		return -ENOENT;
	spin_lock(&iommu_lock);
	group_detach_locked(g);
	spin_unlock(&iommu_lock);
	return 0;
}
