// SPDX-License-Identifier: MIT
/*
 * Intel VT-d units from the ACPI DMAR table: probe, capability decoding,
 * root table and translation enable (VT-d 4.x, 10.4.4/10.4.5 flow in
 * 11.4.4: SRTP then global invalidations then TE, each status-waited),
 * domains (domain ids from 1: 0 is reserved under caching mode, 6.2.3.1)
 * and the iommu_ops the core calls.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/mmio.h>
#include <vmplat/pci.h>
#include <vmplat/platform.h>
#include "iommu_internal.h"
#include "vtd.h"

static struct dmar_info dmar;
static struct vtd vtds[DMAR_MAX_DRHD];
static unsigned nvtd;

static int sec_bus(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	struct pci_dev *b = pci_find_addr((struct pci_addr){ seg, bus, devfn });

	(void)ctx;
	return b && pci_dev_is_bridge(b) ? b->secondary : -1;
}

bool vtd_scope_has(const struct dmar_scope *sc, unsigned n, uint16_t rid)
{
	for (unsigned i = 0; i < n; i++) {
		uint16_t t;
		struct pci_dev *b;

		if (dmar_scope_resolve(&sc[i], 0, sec_bus, NULL, &t))
			continue;
		if (sc[i].type == DMAR_SCOPE_ENDPOINT && t == rid)
			return true;
		if (sc[i].type != DMAR_SCOPE_BRIDGE)
			continue;
		b = pci_find_addr((struct pci_addr){ 0, IOMMU_RID_BUS(t), IOMMU_RID_DEVFN(t) });
		if (t == rid || (b && IOMMU_RID_BUS(rid) >= b->secondary &&
				 IOMMU_RID_BUS(rid) <= b->subordinate))
			return true;
	}
	return false;
}

/* Scoped units first; an INCLUDE_PCI_ALL unit takes what no other claims (8.3). */
static bool vtd_covers(struct iommu_unit *u, const struct pci_dev *d)
{
	struct vtd *v = to_vtd(u);
	uint16_t rid = IOMMU_RID(d->addr.bus, d->addr.devfn);

	if (d->addr.seg != u->segment)
		return false;
	if (!(v->drhd->flags & DMAR_DRHD_INCLUDE_ALL))
		return vtd_scope_has(v->drhd->scope, v->drhd->nscope, rid);
	for (unsigned i = 0; i < nvtd; i++) {
		const struct dmar_drhd *o = vtds[i].drhd;

		if (&vtds[i] != v && o->segment == u->segment &&
		    !(o->flags & DMAR_DRHD_INCLUDE_ALL) && vtd_scope_has(o->scope, o->nscope, rid))
			return false;
	}
	return true;
}

static int vtd_domain_init(struct iommu_unit *u, struct iommu_domain *dom)
{
	struct vtd *v = to_vtd(u);

	for (unsigned did = 1; did < v->ndids; did++) {
		if (v->did_used[did / 32] & (1u << (did % 32)))
			continue;
		v->did_used[did / 32] |= 1u << (did % 32);
		dom->hw_id = did;
		dom->fmt = &v->fmt;
		return 0;
	}
	log_err("%s: out of domain ids (%u)", u->name, v->ndids);
	return -ENOSPC;
}

static void vtd_domain_free(struct iommu_unit *u, struct iommu_domain *dom)
{
	struct vtd *v = to_vtd(u);

	if (dom->hw_id && dom->hw_id < v->ndids)
		v->did_used[dom->hw_id / 32] &= ~(1u << (dom->hw_id % 32));
	vtd_inv_iotlb(v, VTD_INV_DOMAIN, (uint16_t)dom->hw_id, 0, 0);
}

/* After unmap: the write buffer, then the IOTLB for the range (6.5.3.3). */
static void vtd_flush(struct iommu_unit *u, struct iommu_domain *dom, uint64_t iova, uint64_t size)
{
	struct vtd *v = to_vtd(u);

	vtd_flush_write_buffer(v);
	vtd_inv_iotlb(v, VTD_INV_PAGE, (uint16_t)dom->hw_id, iova, size);
}

/* After map: without caching mode only the write buffer (6.1, 6.8). */
static void vtd_sync_map(struct iommu_unit *u, struct iommu_domain *dom, uint64_t iova,
			 uint64_t size)
{
	struct vtd *v = to_vtd(u);

	vtd_flush_write_buffer(v);
	if (v->cap & VTD_CAP_CM)
		vtd_inv_iotlb(v, VTD_INV_PAGE, (uint16_t)dom->hw_id, iova, size);
}

static void vtd_report(struct iommu_unit *u)
{
	struct vtd *v = to_vtd(u);
	char how[48];

	if (v->qi)
		snprintf(how, sizeof(how), "queued (%llu waits, %llu errors)",
			 (unsigned long long)v->qi_waits, (unsigned long long)v->qi_errors);
	else
		snprintf(how, sizeof(how), "register-based");

	console_printf("    %s: VT-d %u.%u at %#llx cap %#llx ecap %#llx: %s, %u domain ids, %u "
		       "fault records,%s%s%s\n",
		       u->name, (unsigned)(mmio_read32(v->regs + VTD_VER) >> 4) & 0xf,
		       (unsigned)mmio_read32(v->regs + VTD_VER) & 0xf,
		       (unsigned long long)v->drhd->base, (unsigned long long)v->cap,
		       (unsigned long long)v->ecap, v->fmt.name, v->ndids, v->nfr,
		       v->cap & VTD_CAP_CM ? " caching mode," : "",
		       v->cap & VTD_CAP_RWBF ? " write-buffer flush," : "",
		       mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_TES ? " translating" : " off");
	console_printf("    %s: invalidations %s: context %llu, iotlb page %llu domain %llu, "
		       "write-buffer %llu\n",
		       u->name, how, (unsigned long long)v->inv_ctx,
		       (unsigned long long)v->inv_iotlb_psi, (unsigned long long)v->inv_iotlb_dsi,
		       (unsigned long long)v->wbf);
	if (v->fault_vec)
		console_printf("    %s: fault events: interrupt vector %#x (%llu taken)\n", u->name,
			       v->fault_vec, (unsigned long long)v->fault_irqs);
	else
		console_printf("    %s: fault events: polled (FECTL.IM set)\n", u->name);
}

static const struct iommu_ops vtd_ops = {
	.kind = "vtd",
	.covers = vtd_covers,
	.domain_init = vtd_domain_init,
	.domain_free = vtd_domain_free,
	.attach = vtd_attach,
	.detach = vtd_detach,
	.flush = vtd_flush,
	.sync_map = vtd_sync_map,
	.fault_poll = vtd_fault_poll,
	.report = vtd_report,
};

/* Second-level format from CAP.SAGAW (prefer 4 levels) with CAP.SLLPS superpages. */
static int pick_format(struct vtd *v)
{
	unsigned sagaw = (unsigned)FIELD_GET(VTD_CAP_SAGAW, v->cap);
	unsigned sllps = (unsigned)FIELD_GET(VTD_CAP_SLLPS, v->cap);

	if (sagaw & BIT(2))
		v->fmt = pt_format_vtd_sl4;
	else if (sagaw & BIT(1))
		v->fmt = pt_format_vtd_sl3;
	else {
		log_err("%s: SAGAW %#x: neither 3- nor 4-level tables (11.4.2)", v->unit.name,
			sagaw);
		return -ENODEV;
	}
	/* Level holding 1 GiB pages is levels - 3, 2 MiB pages levels - 2. */
	if (!(sllps & BIT(1)))
		v->fmt.block_levels &= ~(uint32_t)BIT(v->fmt.levels - 3);
	if (!(sllps & BIT(0)))
		v->fmt.block_levels &= ~(uint32_t)BIT(v->fmt.levels - 2);
	return 0;
}

static void read_caps(struct vtd *v)
{
	v->cap = mmio_read64(v->regs + VTD_CAP);
	v->ecap = mmio_read64(v->regs + VTD_ECAP);
	v->frcd_off = (unsigned)FIELD_GET(VTD_CAP_FRO, v->cap) * 16;
	v->nfr = (unsigned)FIELD_GET(VTD_CAP_NFR, v->cap) + 1;
	v->iotlb_off = (unsigned)FIELD_GET(VTD_ECAP_IRO, v->ecap) * 16;
	v->ndids = MIN(1u << (4 + 2 * FIELD_GET(VTD_CAP_ND, v->cap)), VTD_MAX_DIDS);
}

/* `vtd=noqi,noirq` on the command line: register-based invalidation, polled faults. */
static bool vtd_opt(const char *word)
{
	char buf[32];

	return !cmdline_get(platform.cmdline, "vtd", buf, sizeof(buf)) && strstr(buf, word);
}

/* Queued invalidation when the unit has it (ECAP.QI) unless vtd=noqi. */
static void vtd_pick_inv(struct vtd *v)
{
	int rc;

	if (!(v->ecap & VTD_ECAP_QI) || vtd_opt("noqi"))
		return;
	rc = vtd_qi_enable(v);
	if (rc)
		log_warn("%s: queued invalidation not enabled (%d): register-based", v->unit.name,
			 rc);
}

/* Quiesce what firmware may have left on, install an empty root table
 * (every device blocked), invalidate globally, enable translation. */
static int vtd_enable(struct vtd *v, unsigned idx)
{
	int rc = 0;

	mmio_write32(v->regs + VTD_FECTL, VTD_FECTL_IM); /* faults are polled */
	if (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_TES)
		rc = vtd_gcmd(v, VTD_GCMD_TE, VTD_GSTS_TES, false);
	if (!rc && (mmio_read32(v->regs + VTD_GSTS) & VTD_GSTS_QIES))
		rc = vtd_gcmd(v, VTD_GCMD_QIE, VTD_GSTS_QIES, false);
	if (rc)
		return rc;
	mmio_write32(v->regs + VTD_PMEN, 0); /* protected memory regions off */
	v->root = page_alloc(1);
	if (v->root == INVALID_PADDR)
		return -ENOMEM;
	mmio_write64(v->regs + VTD_RTADDR, v->root & ~VTD_RTADDR_TTM);
	rc = vtd_gcmd(v, VTD_GCMD_SRTP, VTD_GSTS_RTPS, true);
	if (!rc)
		vtd_pick_inv(v);
	if (!rc)
		rc = vtd_inv_context(v, VTD_INV_GLOBAL, 0, 0);
	if (!rc)
		rc = vtd_inv_iotlb(v, VTD_INV_GLOBAL, 0, 0, 0);
	vtd_fault_poll(&v->unit); /* leftovers from firmware */
	if (!rc)
		rc = vtd_gcmd(v, VTD_GCMD_TE, VTD_GSTS_TES, true);
	if (!rc && !vtd_opt("noirq") && vtd_fault_irq_enable(v, VTD_FAULT_VECTOR + idx))
		log_warn("%s: fault events polled", v->unit.name);
	return rc;
}

static int vtd_unit_init(struct vtd *v, const struct dmar_drhd *d, unsigned idx)
{
	uint64_t size = PAGE_SIZE << MIN(d->size, 8u);
	int rc;

	*v = (struct vtd){ .drhd = d };
	snprintf(v->unit.name, sizeof(v->unit.name), "dmar%u", idx);
	v->unit.ops = &vtd_ops;
	v->unit.segment = d->segment;
	v->unit.priv = &dmar;
	v->regs = mm_map_device(d->base, size);
	if (!v->regs)
		return -ENOMEM;
	read_caps(v);
	if (v->cap == ~0ULL) {
		log_err("%s: no registers at %#llx", v->unit.name, (unsigned long long)d->base);
		return -ENODEV;
	}
	rc = pick_format(v);
	if (!rc)
		rc = vtd_enable(v, idx);
	if (!rc)
		rc = iommu_register_unit(&v->unit);
	if (rc)
		log_err("%s: not enabled: %d", v->unit.name, rc);
	return rc;
}

int vtd_probe(void)
{
	uint32_t len = 0;
	const uint8_t *t = arch_acpi_table("DMAR", &len);
	int rc;

	if (!t)
		return 0;
	/* "debug" on the command line: the bytes, for host tests (tests/unit/dmar). */
	for (uint32_t i = 0; log_get_level() >= LOG_DEBUG && i < len; i += 16) {
		console_printf("dmar %04x:", i);
		for (uint32_t k = i; k < len && k < i + 16; k++)
			console_printf(" %02x", t[k]);
		console_printf("\n");
	}
	rc = dmar_parse(t, len, &dmar);
	if (rc)
		return rc;
	log_info("dmar: %u remapping units, %u reserved regions, host address width %u%s",
		 dmar.ndrhd, dmar.nrmrr, dmar.haw,
		 dmar.flags & DMAR_FLAG_INTR_REMAP ? ", interrupt remapping" : "");
	for (unsigned i = 0; i < dmar.ndrhd; i++) {
		/* A unit that fails stays off; the others still protect their devices. */
		if (!vtd_unit_init(&vtds[nvtd], &dmar.drhd[i], i))
			nvtd++;
	}
	return 0;
}
