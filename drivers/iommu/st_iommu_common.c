// SPDX-License-Identifier: MIT
/* Helpers of the IOMMU self-tests: edu into a test domain, DMA, fault checks. */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>
#include "st_iommu.h"

/* VT-d Appendix A: 5 write, 6 read not permitted. Other units: any reason. */
/*
 * The reason a blocked DMA must report, per unit kind: VT-d fault reasons
 * 5/6 (write/read not permitted, VT-d 7.2.3 table 25 — a non-present entry
 * reads as no permission in QEMU's model); SMMUv3 events F_TRANSLATION
 * (0x10) for an unmapped IOVA (IHI 0070 7.3). 0: any reason.
 */
static uint32_t st_reason(const struct st_edu *s, uint32_t vtd, uint32_t smmu)
{
	const char *kind = s->dom->unit->ops->kind;

	if (!strcmp(kind, "vtd"))
		return vtd;
	if (!strcmp(kind, "smmuv3"))
		return smmu;
	return 0;
}

uint32_t st_reason_write(const struct st_edu *s)
{
	return st_reason(s, 0x5, 0x10);
}

uint32_t st_reason_read(const struct st_edu *s)
{
	return st_reason(s, 0x6, 0x10);
}

/* A write to a mapped read-only page: SMMUv3 F_PERMISSION (0x13). */
uint32_t st_reason_write_ro(const struct st_edu *s)
{
	return st_reason(s, 0x5, 0x13);
}

static void on_fault(void *ctx, struct pci_dev *d, uint16_t rid, uint64_t iova, bool write,
		     uint32_t reason)
{
	struct st_edu *s = ctx;

	(void)d;
	s->nfaults++;
	if (!s->armed)
		return;
	s->armed = false;
	s->f_rid = rid;
	s->f_iova = iova;
	s->f_write = write;
	s->f_reason = reason;
}

int st_edu_get(struct st_edu *s, unsigned n, uint16_t owner)
{
	uint16_t al[IOMMU_MAX_ALIASES];
	char a[PCI_ADDR_STRLEN];
	struct iommu_unit *u;
	int rc;

	*s = (struct st_edu){ .dev = edu_find(n), .owner = owner };
	if (!s->dev || !(u = iommu_unit_for(s->dev))) {
		console_printf("iommu selftest: skipped: no edu #%u behind an IOMMU\n", n);
		return 1;
	}
	s->rid = al[iommu_dma_aliases(s->dev, al, IOMMU_MAX_ALIASES) - 1];
	s->dom = iommu_domain_alloc(u, owner, IOMMU_DOM_PAGING);
	if (!s->dom)
		return selftest_fail("domain for owner %#x", owner);
	iommu_set_fault_handler(s->dom, on_fault, s);
	pci_addr_fmt(a, s->dev->addr);
	rc = pci_assign(s->dev, owner);
	if (!rc)
		rc = pci_set_master(s->dev, true);
	if (!rc)
		rc = edu_open(s->dev, &s->edu);
	if (rc) {
		st_edu_put(s);
		return selftest_fail("edu %s into domain %#x: %d", a, owner, rc);
	}
	console_printf("iommu selftest: edu %s (requester id %02x:%02x.%x) in domain %u on %s\n", a,
		       IOMMU_RID_BUS(s->rid), PCI_SLOT(s->rid & 0xff), PCI_FUNC(s->rid & 0xff),
		       s->dom->id, u->name);
	return 0;
}

void st_edu_put(struct st_edu *s)
{
	if (s->dev && s->dev->owner == s->owner)
		pci_release(s->dev, s->owner);
	if (s->dom) {
		iommu_poll_faults();
		if (iommu_domain_free(s->dom))
			log_err("iommu selftest: domain %u still attached", s->dom->id);
	}
	s->dom = NULL;
}

uint8_t *st_page(uint8_t v)
{
	paddr_t pa = page_alloc(1);
	uint8_t *p;

	if (pa == INVALID_PADDR)
		return NULL;
	p = phys_to_virt(pa);
	memset(p, v, PAGE_SIZE);
	return p;
}

void st_free(uint8_t *p)
{
	if (p)
		page_free(virt_to_phys(p), 1);
}

void st_pattern(uint8_t *p, uint8_t seed)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

bool st_filled(const uint8_t *p, uint8_t v)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		if (p[i] != v)
			return false;
	return true;
}

int st_map(struct st_edu *s, uint64_t iova, void *buf, unsigned prot)
{
	int rc = iommu_map(s->dom, iova, virt_to_phys(buf), PAGE_SIZE, prot);

	return rc ? selftest_fail("map %#llx: %d", (unsigned long long)iova, rc) : 0;
}

int st_dma(struct st_edu *s, uint64_t iova, bool to_ram)
{
	unsigned before = s->nfaults;
	int rc = edu_dma(&s->edu, iova, 0, ST_LEN, to_ram);

	iommu_poll_faults();
	if (rc)
		return selftest_fail("DMA %s %#llx: %d", to_ram ? "to" : "from",
				     (unsigned long long)iova, rc);
	if (s->nfaults != before)
		return selftest_fail("DMA %s mapped %#llx faulted", to_ram ? "to" : "from",
				     (unsigned long long)iova);
	return 0;
}

int st_expect_fault(struct st_edu *s, uint64_t iova, bool write, uint32_t reason)
{
	unsigned before = s->nfaults;
	int rc;

	s->armed = true;
	rc = edu_dma(&s->edu, iova, 0, ST_LEN, write);
	iommu_poll_faults();
	if (rc)
		return selftest_fail("DMA %#llx: %d", (unsigned long long)iova, rc);
	if (s->nfaults == before)
		return selftest_fail("no fault for a %s of unreachable %#llx",
				     write ? "write" : "read", (unsigned long long)iova);
	if (s->f_rid != s->rid || s->f_write != write ||
	    ALIGN_DOWN(s->f_iova, PAGE_SIZE) != ALIGN_DOWN(iova, PAGE_SIZE) ||
	    (reason && s->f_reason != reason))
		return selftest_fail("fault rid %04x iova %#llx %s reason %#x; want rid %04x iova "
				     "%#llx %s reason %#x",
				     s->f_rid, (unsigned long long)s->f_iova,
				     s->f_write ? "write" : "read", s->f_reason, s->rid,
				     (unsigned long long)iova, write ? "write" : "read", reason);
	return 0;
}
