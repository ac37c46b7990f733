// SPDX-License-Identifier: MIT
/*
 * VT-d root and context tables in legacy mode (VT-d 4.x, 3.4.2, 9.1, 9.3):
 * root entry per bus -> context table, context entry per devfn -> domain id
 * and second-level table. Entries are written through le64 accessors; a
 * present entry is built high qword first and made present last, and made
 * not-present before anything else changes (6.5.3.1 ordering).
 * Invalidation after each change follows 6.5.3.3 and, with CAP.CM, the
 * caching-mode rule that not-present -> present needs it too (6.1).
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include "iommu_internal.h"
#include "vtd.h"

static uint8_t *entry_at(paddr_t table, unsigned index)
{
	return (uint8_t *)phys_to_virt(table) + index * VTD_ENTRY_SIZE;
}

/* The context entry for rid; its table is allocated on first use when alloc. */
static uint8_t *ctx_entry(struct vtd *v, uint16_t rid, bool alloc)
{
	uint8_t *re = entry_at(v->root, IOMMU_RID_BUS(rid));
	uint64_t lo = le64_get(re);
	paddr_t ct;

	if (!(lo & VTD_ROOT_P)) {
		if (!alloc)
			return NULL;
		ct = page_alloc(1);
		if (ct == INVALID_PADDR)
			return NULL;
		le64_put(re + 8, 0);
		le64_put(re, (ct & VTD_ROOT_CTP) | VTD_ROOT_P);
		/* A root entry going present is a not-present -> present change too. */
		vtd_flush_write_buffer(v);
		if (v->cap & VTD_CAP_CM)
			vtd_inv_context(v, VTD_INV_GLOBAL, 0, 0);
		lo = le64_get(re);
	}
	return entry_at(lo & VTD_ROOT_CTP, IOMMU_RID_DEVFN(rid));
}

/* Make a present context entry not-present and flush what cached it (6.5.3.3). */
static void ctx_clear(struct vtd *v, uint8_t *ce, uint16_t rid)
{
	uint16_t did = (uint16_t)FIELD_GET(VTD_CTX_HI_DID, le64_get(ce + 8));

	le64_put(ce, 0);
	vtd_flush_write_buffer(v);
	vtd_inv_context(v, VTD_INV_PAGE, did, rid);
	vtd_inv_iotlb(v, VTD_INV_DOMAIN, did, 0, 0);
}

/* RMRR ranges whose scope holds rid stay reachable in any domain (8.4). */
static void map_rmrr(struct vtd *v, struct iommu_domain *dom, uint16_t rid)
{
	const struct dmar_info *info = v->unit.priv;

	for (unsigned i = 0; info && i < info->nrmrr; i++) {
		const struct dmar_rmrr *r = &info->rmrr[i];

		if (r->segment != v->unit.segment || !vtd_scope_has(r->scope, r->nscope, rid))
			continue;
		int rc = pt_map(&dom->pt, r->base, r->base, r->limit + 1 - r->base, IOMMU_RW);

		if (rc && rc != -EEXIST)
			log_warn("%s: RMRR %#llx-%#llx for %02x:%02x.%x: %d", v->unit.name,
				 (unsigned long long)r->base, (unsigned long long)r->limit,
				 IOMMU_RID_BUS(rid), PCI_SLOT(rid & 0xff), PCI_FUNC(rid & 0xff),
				 rc);
		pt_gather_take(&dom->pt); /* the domain's caches are flushed below */
	}
}

int vtd_attach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
	       uint16_t rid)
{
	struct vtd *v = to_vtd(u);
	uint8_t *ce = ctx_entry(v, rid, true);
	uint64_t aw = dom->fmt->levels == 3 ? 1 : 2;

	(void)d;
	if (!ce)
		return -ENOMEM;
	if (le64_get(ce) & VTD_CTX_LO_P) {
		if (FIELD_GET(VTD_CTX_HI_DID, le64_get(ce + 8)) == dom->hw_id)
			return 0;
		ctx_clear(v, ce, rid);
	}
	map_rmrr(v, dom, rid);
	le64_put(ce + 8, FIELD_PREP(VTD_CTX_HI_AW, aw) | FIELD_PREP(VTD_CTX_HI_DID, dom->hw_id));
	__atomic_thread_fence(__ATOMIC_RELEASE);
	/* T = 00: untranslated requests through the second level; FPD = 0: record faults. */
	le64_put(ce, (dom->pt.root & VTD_CTX_LO_SLPTPTR) | VTD_CTX_LO_P);
	vtd_flush_write_buffer(v);
	if (v->cap & VTD_CAP_CM) {
		/* Caching mode may cache not-present entries under domain id 0 (6.1). */
		vtd_inv_context(v, VTD_INV_PAGE, 0, rid);
		vtd_inv_iotlb(v, VTD_INV_DOMAIN, (uint16_t)dom->hw_id, 0, 0);
	}
	return 0;
}

void vtd_detach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
		uint16_t rid)
{
	struct vtd *v = to_vtd(u);
	uint8_t *ce = ctx_entry(v, rid, false);

	(void)d;
	(void)dom;
	if (ce && (le64_get(ce) & VTD_CTX_LO_P))
		ctx_clear(v, ce, rid);
}
