// SPDX-License-Identifier: MIT
/*
 * IOMMU isolation self-tests with real DMA from QEMU's edu device, on any
 * unit the core knows (VT-d here, SMMUv3 too). They find every edu wherever
 * it sits, give it to a test domain through pci_assign (the ownership hook
 * attaches its group), and check what the DMA did to memory and which
 * fault the unit recorded. Without an edu behind an IOMMU they pass and
 * say "skipped".
 */
#include <string.h>
#include <vmplat/edu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>
#include "st_iommu.h"

SELFTEST(iommu_edu_dma_mapped)
{
	struct st_edu s;
	uint8_t *src, *dst;
	int rc = st_edu_get(&s, 0, ST_OWNER_A);

	if (rc)
		return rc > 0 ? 0 : rc;
	src = st_page(0x11);
	dst = st_page(0x00);
	ST_CHECK(src && dst, "out of memory");
	st_pattern(src, 0xa5);
	rc = st_map(&s, ST_IOVA, src, IOMMU_READ) ?: st_map(&s, ST_IOVA + PAGE_SIZE, dst, IOMMU_RW);
	if (!rc)
		rc = st_dma(&s, ST_IOVA, false) ?: st_dma(&s, ST_IOVA + PAGE_SIZE, true);
	if (!rc && memcmp(src, dst, ST_LEN))
		rc = selftest_fail("DMA through the IOMMU: data differs");
	if (!rc && s.nfaults)
		rc = selftest_fail("%u unexpected faults", s.nfaults);
	st_edu_put(&s);
	st_free(src);
	st_free(dst);
	return rc;
}

SELFTEST(iommu_edu_unmapped_faults)
{
	struct st_edu s;
	uint8_t *src, *canary;
	uint64_t iova;
	int rc = st_edu_get(&s, 0, ST_OWNER_A);

	if (rc)
		return rc > 0 ? 0 : rc;
	src = st_page(0x22);
	canary = st_page(0x5a);
	ST_CHECK(src && canary, "out of memory");
	/* Load the device buffer, then aim its write at the canary's own address:
	 * without translation it would land there. */
	rc = st_map(&s, ST_IOVA, src, IOMMU_READ) ?: st_dma(&s, ST_IOVA, false);
	iova = virt_to_phys(canary);
	if (!rc)
		rc = st_expect_fault(&s, iova, true, st_reason_write(&s));
	if (!rc && !st_filled(canary, 0x5a))
		rc = selftest_fail("canary at %#llx changed by a blocked DMA",
				   (unsigned long long)iova);
	/* And a read from an unmapped address. */
	if (!rc)
		rc = st_expect_fault(&s, ST_IOVA + 16 * PAGE_SIZE, false, st_reason_read(&s));
	st_edu_put(&s);
	st_free(src);
	st_free(canary);
	return rc;
}

SELFTEST(iommu_edu_readonly)
{
	struct st_edu s;
	uint8_t *src, *ro;
	int rc = st_edu_get(&s, 0, ST_OWNER_A);

	if (rc)
		return rc > 0 ? 0 : rc;
	src = st_page(0x33);
	ro = st_page(0x77);
	ST_CHECK(src && ro, "out of memory");
	rc = st_map(&s, ST_IOVA, src, IOMMU_READ) ?: st_dma(&s, ST_IOVA, false);
	if (!rc)
		rc = st_map(&s, ST_IOVA + PAGE_SIZE, ro, IOMMU_READ);
	/* Writing the read-only page faults, reading it works. The write goes
	 * first: QEMU 7.2 records no fault when a cached IOTLB entry lacks the
	 * permission (vtd_do_iommu_translate), it only drops the access. */
	if (!rc)
		rc = st_expect_fault(&s, ST_IOVA + PAGE_SIZE, true, st_reason_write_ro(&s));
	if (!rc)
		rc = st_dma(&s, ST_IOVA + PAGE_SIZE, false);
	if (!rc && !st_filled(ro, 0x77))
		rc = selftest_fail("read-only page written by the device");
	st_edu_put(&s);
	st_free(src);
	st_free(ro);
	return rc;
}

SELFTEST(iommu_edu_unmap_invalidates)
{
	struct st_edu s;
	uint8_t *src, *dst;
	int rc = st_edu_get(&s, 0, ST_OWNER_A);

	if (rc)
		return rc > 0 ? 0 : rc;
	src = st_page(0x44);
	dst = st_page(0x00);
	ST_CHECK(src && dst, "out of memory");
	st_pattern(src, 0x3c);
	rc = st_map(&s, ST_IOVA, src, IOMMU_READ) ?: st_dma(&s, ST_IOVA, false);
	if (!rc)
		rc = st_map(&s, ST_IOVA + PAGE_SIZE, dst, IOMMU_RW) ?:
			     st_dma(&s, ST_IOVA + PAGE_SIZE, true);
	if (!rc && memcmp(src, dst, ST_LEN))
		rc = selftest_fail("first DMA: data differs");
	/* The translation is cached now: only the invalidation stops the second DMA. */
	if (!rc)
		rc = iommu_unmap(s.dom, ST_IOVA + PAGE_SIZE, PAGE_SIZE);
	memset(dst, 0x99, PAGE_SIZE);
	if (!rc)
		rc = st_expect_fault(&s, ST_IOVA + PAGE_SIZE, true, st_reason_write(&s));
	if (!rc && !st_filled(dst, 0x99))
		rc = selftest_fail("DMA after unmap reached memory (stale IOTLB)");
	st_edu_put(&s);
	st_free(src);
	st_free(dst);
	return rc;
}
