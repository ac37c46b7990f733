// SPDX-License-Identifier: MIT
/*
 * IOMMU self-tests across domains: two edu devices in two domains cannot
 * reach each other's memory; the platform domain (identity) lets a
 * platform-owned device DMA to physical addresses.
 */
#include <string.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>
#include "st_iommu.h"

/* Load edu's buffer with pattern seed through a read-only mapping. */
static int load(struct st_edu *s, uint8_t *src, uint8_t seed)
{
	st_pattern(src, seed);
	return st_map(s, ST_IOVA + PAGE_SIZE, src, IOMMU_READ) ?:
		       st_dma(s, ST_IOVA + PAGE_SIZE, false);
}

static int two_domains(struct st_edu *a, struct st_edu *b, uint8_t **p)
{
	uint8_t *buf_a = p[0], *buf_b = p[1], *src_a = p[2], *src_b = p[3];
	int rc;

	rc = load(a, src_a, 0x1a) ?: load(b, src_b, 0x2b);
	if (!rc)
		rc = st_map(a, ST_IOVA, buf_a, IOMMU_RW) ?: st_map(b, ST_IOVA, buf_b, IOMMU_RW);
	/* The same IOVA in each domain lands in that domain's page only. */
	if (!rc)
		rc = st_dma(a, ST_IOVA, true);
	if (!rc && (memcmp(buf_a, src_a, ST_LEN) || !st_filled(buf_b, 0x0b)))
		return selftest_fail("A's DMA: A's page wrong or B's page touched");
	/* A aims at B's page by its physical address: not in A's domain. */
	if (!rc)
		rc = st_expect_fault(a, virt_to_phys(buf_b), true, st_reason_write(a));
	if (!rc && !st_filled(buf_b, 0x0b))
		return selftest_fail("A reached B's buffer");
	if (!rc)
		rc = st_dma(b, ST_IOVA, true);
	if (!rc && (memcmp(buf_b, src_b, ST_LEN) || memcmp(buf_a, src_a, ST_LEN)))
		return selftest_fail("B's DMA: B's page wrong or A's page touched");
	return rc;
}

SELFTEST(iommu_edu_two_domains)
{
	struct st_edu a, b;
	uint8_t *p[4] = { st_page(0x0a), st_page(0x0b), st_page(0), st_page(0) };
	int rc = st_edu_get(&a, 0, ST_OWNER_A);

	if (rc)
		goto out;
	rc = st_edu_get(&b, 1, ST_OWNER_B);
	if (!rc) {
		rc = p[0] && p[1] && p[2] && p[3] ? two_domains(&a, &b, p) :
						    selftest_fail("out of memory");
		st_edu_put(&b);
	}
	st_edu_put(&a);
out:
	for (unsigned i = 0; i < 4; i++)
		st_free(p[i]);
	return rc > 0 ? 0 : rc;
}

/* What vmplat's own drivers rely on: a platform-owned device DMAs to RAM 1:1. */
SELFTEST(iommu_platform_identity)
{
	struct pci_dev *d = edu_find(0);
	struct edu e;
	uint8_t *src = st_page(0), *dst = st_page(0);
	int rc;

	if (!d || !iommu_unit_for(d)) {
		st_free(src);
		st_free(dst);
		return 0;
	}
	ST_CHECK(src && dst, "out of memory");
	st_pattern(src, 0x61);
	rc = pci_assign(d, PCI_DOMAIN_PLATFORM) ?: pci_set_master(d, true) ?: edu_open(d, &e);
	if (!rc)
		rc = edu_dma(&e, virt_to_phys(src), 0, ST_LEN, false) ?:
			     edu_dma(&e, virt_to_phys(dst), 0, ST_LEN, true);
	if (!rc && iommu_poll_faults())
		rc = selftest_fail("platform-domain DMA faulted");
	else if (!rc && memcmp(src, dst, ST_LEN))
		rc = selftest_fail("platform-domain DMA: data differs");
	else if (rc)
		rc = selftest_fail("platform DMA: %d", rc);
	if (d->owner == PCI_DOMAIN_PLATFORM)
		pci_release(d, PCI_DOMAIN_PLATFORM);
	st_free(src);
	st_free(dst);
	return rc;
}
