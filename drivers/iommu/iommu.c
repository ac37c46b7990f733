// SPDX-License-Identifier: MIT
/*
 * IOMMU core: units, domains and their IO page tables (core/pt.c with the
 * unit's format), map/unmap with one invalidation per call.
 * Groups and attach live in iommu_group.c, faults in iommu_fault.c.
 */
#include <errno.h>
#include <vmplat/iommu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include "iommu_internal.h"

struct spinlock iommu_lock = SPINLOCK_INIT;
static struct iommu_unit *units[IOMMU_MAX_UNITS];
static unsigned nunits;
static struct iommu_domain domains[IOMMU_MAX_DOMAINS];

/* ---- IO page-table memory: zeroed pages from the platform allocator ---- */
static paddr_t io_table_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void io_table_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	page_free(pa, 1);
}

static uint64_t *io_table_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

const struct pt_alloc iommu_pt_alloc = {
	.alloc_table = io_table_alloc,
	.free_table = io_table_free,
	.table_ptr = io_table_ptr,
};

/* ---- units ---- */
int iommu_register_unit(struct iommu_unit *u)
{
	if (!u || !u->ops || !u->ops->covers || !u->ops->domain_init || !u->ops->attach ||
	    !u->ops->detach || !u->ops->flush)
		return -EINVAL;
	if (nunits >= IOMMU_MAX_UNITS) {
		log_err("iommu: more than %u units, %s ignored", IOMMU_MAX_UNITS, u->name);
		return -ENOSPC;
	}
	u->index = nunits;
	units[nunits++] = u;
	log_info("iommu: unit %s (%s) segment %u registered", u->name, u->ops->kind, u->segment);
	return 0;
}

unsigned iommu_unit_count(void)
{
	return nunits;
}

struct iommu_unit *iommu_unit_get(unsigned i)
{
	return i < nunits ? units[i] : NULL;
}

struct iommu_unit *iommu_unit_for(const struct pci_dev *d)
{
	for (unsigned i = 0; i < nunits; i++)
		if (units[i]->ops->covers(units[i], d))
			return units[i];
	return NULL;
}

void iommu_reset_state(void)
{
	for (unsigned i = 0; i < IOMMU_MAX_DOMAINS; i++)
		if (domains[i].used)
			iommu_domain_free(&domains[i]);
	iommu_groups_reset();
	nunits = 0;
}

/* ---- domains ---- */
struct iommu_domain *iommu_domain_get(unsigned id)
{
	return id < IOMMU_MAX_DOMAINS && domains[id].used ? &domains[id] : NULL;
}

struct iommu_domain *iommu_domain_find(struct iommu_unit *u, uint16_t owner)
{
	for (unsigned i = 0; i < IOMMU_MAX_DOMAINS; i++)
		if (domains[i].used && domains[i].unit == u && domains[i].owner == owner)
			return &domains[i];
	return NULL;
}

static struct iommu_domain *domain_slot(void)
{
	for (unsigned i = 0; i < IOMMU_MAX_DOMAINS; i++)
		if (!domains[i].used)
			return &domains[i];
	return NULL;
}

struct iommu_domain *iommu_domain_alloc(struct iommu_unit *u, uint16_t owner,
					enum iommu_dom_kind kind)
{
	struct iommu_domain *dom = u ? domain_slot() : NULL;
	int rc;

	if (!dom) {
		log_err("iommu: no domain slot for owner %u", owner);
		return NULL;
	}
	*dom = (struct iommu_domain){
		.id = (unsigned)(dom - domains), .owner = owner, .kind = kind, .unit = u
	};
	rc = u->ops->domain_init(u, dom);
	if (!rc && !dom->fmt)
		rc = -EINVAL;
	if (!rc)
		rc = pt_init(&dom->pt, dom->fmt, &iommu_pt_alloc);
	if (rc) {
		log_err("iommu: %s: domain for owner %u: %d", u->name, owner, rc);
		if (dom->fmt && u->ops->domain_free)
			u->ops->domain_free(u, dom);
		return NULL;
	}
	dom->used = true;
	return dom;
}

int iommu_domain_free(struct iommu_domain *dom)
{
	if (!dom || !dom->used)
		return -EINVAL;
	if (dom->ngroups)
		return -EBUSY;
	pt_destroy(&dom->pt);
	if (dom->unit->ops->domain_free)
		dom->unit->ops->domain_free(dom->unit, dom);
	dom->used = false;
	return 0;
}

/* ---- mappings ---- */
static bool range_ok(uint64_t iova, uint64_t size)
{
	return size && IS_ALIGNED(iova | size, PAGE_SIZE) && iova + size > iova;
}

int iommu_map(struct iommu_domain *dom, uint64_t iova, paddr_t paddr, uint64_t size, unsigned prot)
{
	struct pt_gather g;
	int rc;

	if (!dom || !dom->used || !range_ok(iova, size) || !IS_ALIGNED(paddr, PAGE_SIZE) ||
	    !(prot & IOMMU_RW) || (prot & ~(unsigned)IOMMU_RW))
		return -EINVAL;
	spin_lock(&iommu_lock);
	rc = pt_map(&dom->pt, iova, paddr, size, prot);
	g = pt_gather_take(&dom->pt);
	if (g.end > g.start && dom->unit->ops->sync_map)
		dom->unit->ops->sync_map(dom->unit, dom, g.start, g.end - g.start);
	if (!rc) {
		dom->mapped += size;
		dom->maps++;
	}
	spin_unlock(&iommu_lock);
	return rc;
}

int iommu_unmap(struct iommu_domain *dom, uint64_t iova, uint64_t size)
{
	struct pt_gather g;
	int rc;

	if (!dom || !dom->used || !range_ok(iova, size))
		return -EINVAL;
	spin_lock(&iommu_lock);
	rc = pt_unmap(&dom->pt, iova, size);
	g = pt_gather_take(&dom->pt);
	/* One invalidation for the whole call, covering splits and freed tables. */
	if (g.end > g.start)
		dom->unit->ops->flush(dom->unit, dom, g.start, g.end - g.start);
	if (!rc) {
		dom->mapped = dom->mapped > size ? dom->mapped - size : 0;
		dom->unmaps++;
	}
	spin_unlock(&iommu_lock);
	return rc;
}

paddr_t iommu_iova_to_phys(struct iommu_domain *dom, uint64_t iova)
{
	uint64_t size;
	unsigned prot;
	paddr_t pa;

	if (!dom || !dom->used || pt_lookup(&dom->pt, iova, &pa, &prot, &size))
		return INVALID_PADDR;
	return pa;
}
