// SPDX-License-Identifier: MIT
/*
 * SMMUv3 as a struct iommu_ops: a domain is one stage-1 context (ASID, one
 * CD, VMSAv8-64 tables) when the unit has stage 1 (IDR0.S1P), else a
 * stage-2 configuration (VMID, S2 tables); attach writes the StreamID's
 * STE, detach puts it back to abort; unmap invalidates by VA or by
 * ASID/VMID with one CMD_SYNC; events become common fault reports.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/barrier.h>
#include <vmplat/iommu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>

#include "smmu_internal.h"

#define VMSA_NG		  BIT_ULL(11) /* not global: the TLB entry is tagged with the ASID */
#define FLUSH_BY_VA_PAGES 32	      /* larger ranges: invalidate the whole ASID/VMID */
#define VA_BITS		  48	      /* pt_format_vmsa_*: 4 levels from level 0 */

static struct smmu_domain domains[IOMMU_MAX_DOMAINS];
static struct pt_format s1_fmt;

/*
 * Stage-1 leaves as the EL2 format makes them (AP[1]=1: unprivileged
 * device accesses allowed, AP[2] read-only, XN), plus nG: global entries
 * would match every ASID, and domains must not see each other's.
 */
static uint64_t s1_make_leaf(paddr_t pa, unsigned prot, unsigned level, bool last_level)
{
	return pt_format_vmsa_s1_el2.make_leaf(pa, prot, level, last_level) | VMSA_NG;
}

void smmu_formats_init(void)
{
	s1_fmt = pt_format_vmsa_s1_el2;
	s1_fmt.name = "smmu-s1";
	s1_fmt.make_leaf = s1_make_leaf;
}

static struct smmu *unit_smmu(struct iommu_unit *u)
{
	return u->priv;
}

static bool smmu_covers(struct iommu_unit *u, const struct pci_dev *d)
{
	struct smmu *s = unit_smmu(u);
	uint32_t sid;

	return d->addr.seg == s->desc.segment &&
	       !smmu_rid_to_sid(&s->desc, IOMMU_RID(d->addr.bus, d->addr.devfn), &sid);
}

/* ASIDs / VMIDs from 1: 0 stays unused so a zeroed CD never aliases a domain. */
static int hw_id_alloc(struct smmu *s, unsigned bits)
{
	unsigned max = MIN(1u << bits, SMMU_MAX_HWID);

	for (unsigned i = 1; i < max; i++) {
		if (!(s->hwid_used[i / 64] & BIT_ULL(i % 64))) {
			s->hwid_used[i / 64] |= BIT_ULL(i % 64);
			return (int)i;
		}
	}
	return -ENOSPC;
}

static int smmu_domain_init(struct iommu_unit *u, struct iommu_domain *dom)
{
	struct smmu *s = unit_smmu(u);
	struct smmu_domain *sd = &domains[dom->id];
	int id;

	*sd = (struct smmu_domain){ .stage2 = !s->caps.s1 };
	id = hw_id_alloc(s, sd->stage2 ? s->caps.vmid_bits : s->caps.asid_bits);
	if (id < 0)
		return id;
	if (!sd->stage2) {
		sd->cd = page_alloc(1);
		if (sd->cd == INVALID_PADDR) {
			s->hwid_used[id / 64] &= ~BIT_ULL(id % 64);
			return -ENOMEM;
		}
	}
	dom->hw_id = (uint32_t)id;
	dom->fmt = sd->stage2 ? &pt_format_vmsa_s2 : &s1_fmt;
	dom->priv = sd;
	return 0;
}

static int invalidate_domain(struct smmu *s, struct iommu_domain *dom)
{
	struct smmu_domain *sd = dom->priv;
	uint8_t cmd[SMMU_CMD_BYTES];

	if (sd->stage2)
		smmu_cmd_tlbi_s12_vmall(cmd, (uint16_t)dom->hw_id);
	else
		smmu_cmd_tlbi_nh_asid(cmd, (uint16_t)dom->hw_id);
	return smmu_cmd_submit(s, cmd, 1, true);
}

static void smmu_domain_free(struct iommu_unit *u, struct iommu_domain *dom)
{
	struct smmu *s = unit_smmu(u);
	struct smmu_domain *sd = dom->priv;

	if (!sd)
		return;
	invalidate_domain(s, dom);
	if (sd->cd != INVALID_PADDR && sd->cd)
		page_free(sd->cd, 1);
	s->hwid_used[dom->hw_id / 64] &= ~BIT_ULL(dom->hw_id % 64);
	dom->priv = NULL;
}

/* The CD needs the table root, which exists only after domain_init. */
static void build_ste(struct smmu *s, struct iommu_domain *dom, uint8_t ste[SMMU_STE_BYTES])
{
	struct smmu_domain *sd = dom->priv;

	if (sd->stage2) {
		struct smmu_s2_cfg c = { dom->pt.root, (uint16_t)dom->hw_id, VA_BITS,
					 MIN(s->caps.oas_enc, 5u) };

		smmu_ste_s2(ste, &c);
		return;
	}
	if (!sd->cd_ready) {
		struct smmu_s1_cfg c = { dom->pt.root, (uint16_t)dom->hw_id, VA_BITS,
					 MIN(s->caps.oas_enc, 5u), VMSA_MAIR_VALUE };

		smmu_cd_s1(phys_to_virt(sd->cd), &c);
		dma_wmb(); /* the CD before any STE that points at it */
		sd->cd_ready = true;
	}
	smmu_ste_s1(ste, sd->cd, s->caps.stall_model == 0);
}

static int smmu_attach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
		       uint16_t rid)
{
	struct smmu *s = unit_smmu(u);
	uint8_t ste[SMMU_STE_BYTES], cmd[SMMU_CMD_BYTES];
	uint32_t sid;
	int rc;

	(void)d;
	if (smmu_rid_to_sid(&s->desc, rid, &sid)) {
		log_err("smmu%u: requester id %#x is not in the iommu-map", s->id, rid);
		return -ENODEV;
	}
	build_ste(s, dom, ste);
	rc = smmu_ste_install(s, sid, ste);
	if (rc || ((struct smmu_domain *)dom->priv)->stage2)
		return rc;
	/* A CD cached for this StreamID from an earlier domain must go too (4.3.4). */
	smmu_cmd_cfgi_cd(cmd, sid, 0);
	return smmu_cmd_submit(s, cmd, 1, true);
}

static void smmu_detach(struct iommu_unit *u, struct iommu_domain *dom, const struct pci_dev *d,
			uint16_t rid)
{
	struct smmu *s = unit_smmu(u);
	uint8_t ste[SMMU_STE_BYTES];
	uint32_t sid;

	(void)d;
	if (smmu_rid_to_sid(&s->desc, rid, &sid))
		return;
	smmu_ste_abort(ste);
	smmu_ste_install(s, sid, ste);
	/* TLB entries of the domain stay tagged with its ASID/VMID: unreachable
	 * through an aborting STE, and dropped when the domain is freed. */
	(void)dom;
}

/* One TLBI_NH_VA per page up to FLUSH_BY_VA_PAGES, else the whole ASID; one SYNC.
 * Stage 2: TLBI_S12_VMALL (S2_IPA alone leaves combined entries, 4.4.3). */
static void smmu_flush(struct iommu_unit *u, struct iommu_domain *dom, uint64_t iova, uint64_t size)
{
	struct smmu *s = unit_smmu(u);
	struct smmu_domain *sd = dom->priv;
	uint8_t cmds[FLUSH_BY_VA_PAGES * SMMU_CMD_BYTES];
	uint64_t pages = DIV_ROUND_UP(size + (iova & (PAGE_SIZE - 1)), PAGE_SIZE);
	unsigned n = 0;

	if (sd->stage2 || pages > FLUSH_BY_VA_PAGES) {
		invalidate_domain(s, dom);
		return;
	}
	/* Leaf=0: tables freed by the unmap leave the walk caches too. */
	for (uint64_t va = ALIGN_DOWN(iova, PAGE_SIZE); n < pages; va += PAGE_SIZE, n++)
		smmu_cmd_tlbi_nh_va(cmds + n * SMMU_CMD_BYTES, (uint16_t)dom->hw_id, va, false);
	smmu_cmd_submit(s, cmds, n, true);
}

/* The last record reported in this drain: repeats of it are counted, not logged. */
struct drain_ctx {
	struct iommu_unit *u;
	bool have_last;
	struct smmu_event last;
};

/* Same event, stream, direction and page: one burst of accesses (QEMU: one per beat). */
static bool repeats(const struct smmu_event *a, const struct smmu_event *b)
{
	return a->id == b->id && a->sid == b->sid && a->write == b->write &&
	       a->has_addr == b->has_addr && (a->addr >> PAGE_SHIFT) == (b->addr >> PAGE_SHIFT);
}

static void report_event(struct smmu *s, const struct smmu_event *e, void *ctx)
{
	struct drain_ctx *dc = ctx;
	uint16_t rid = 0xffff;

	if (dc->have_last && repeats(e, &dc->last)) {
		s->events_merged++;
		return;
	}
	dc->have_last = true;
	dc->last = *e;
	if (smmu_sid_to_rid(&s->desc, e->sid, &rid))
		log_warn("smmu%u: event %#x for StreamID %#x outside the iommu-map", s->id, e->id,
			 e->sid);
	iommu_report_fault(dc->u, rid, e->has_addr ? e->addr : e->fetch, e->has_addr && e->write,
			   e->id, smmu_evt_name(e->id));
}

static int smmu_fault_poll(struct iommu_unit *u)
{
	struct smmu *s = unit_smmu(u);
	struct drain_ctx dc = { .u = u };
	uint64_t lost = s->evtq_overflows, merged = s->events_merged;
	int n = smmu_evtq_drain(s, report_event, &dc);

	if (s->events_merged > merged)
		log_info("smmu%u: %llu more events repeating the one above (same stream, page, "
			 "access) not logged",
			 s->id, (unsigned long long)(s->events_merged - merged));
	u->faults_lost += s->evtq_overflows - lost;
	return n;
}

const struct iommu_ops smmu_iommu_ops = {
	.kind = "smmuv3",
	.covers = smmu_covers,
	.domain_init = smmu_domain_init,
	.domain_free = smmu_domain_free,
	.attach = smmu_attach,
	.detach = smmu_detach,
	.flush = smmu_flush,
	.fault_poll = smmu_fault_poll,
	.report = smmu_report,
};
