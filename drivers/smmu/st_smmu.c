// SPDX-License-Identifier: MIT
/*
 * SMMUv3 self-tests (`selftest=smmu`), with edu DMA through the unit QEMU
 * virt gives with iommu=smmuv3: the STE and CD in memory, fault records
 * (type, StreamID, address, direction) with canary pages, read-only
 * mappings, TLBI + CMD_SYNC on unmap, ASID isolation at one IOVA, and the
 * command-queue error protocol.
 */
#include <string.h>
#include <vmplat/mm.h>
#include <vmplat/pci.h>
#include <vmplat/selftest.h>

#include "st_smmu.h"

static void pattern(uint8_t *p, uint8_t seed)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		p[i] = (uint8_t)(seed + i * 13 + (i >> 7));
}

/* The edu's STE: stage 1 through the domain's CD (ASID, TTB0, R, A); abort after release. */
SELFTEST(smmu_ste_cd_in_memory)
{
	struct sts_edu t;
	bool new_l1;
	uint8_t *ste, *cd;
	uint64_t d0;
	int rc = sts_get(&t, 0, STS_OWNER_A);

	if (rc)
		return rc > 0 ? 0 : rc;
	ste = smmu_strtab_ste(&t.smmu->st, t.sid, &new_l1);
	d0 = le64_get(ste);
	cd = phys_to_virt(d0 & STE0_S1CONTEXTPTR);
	if (t.smmu->st.two_level) {
		uint64_t l1 = le64_get(t.smmu->st.base_ptr + (t.sid >> t.smmu->st.split) * 8);

		ST_CHECK(FIELD_GET(L1STD_SPAN, l1) == t.smmu->st.split + 1, "L1 span %llu",
			 (unsigned long long)FIELD_GET(L1STD_SPAN, l1));
	}
	ST_CHECK((d0 & STE0_V) && FIELD_GET(STE0_CONFIG, d0) == STE_CONFIG_S1,
		 "STE dword0 %#llx is not a valid stage-1 STE", (unsigned long long)d0);
	ST_CHECK(le64_get(cd) & CD0_V && le64_get(cd) & CD0_R && le64_get(cd) & CD0_A,
		 "CD dword0 %#llx lacks V/R/A", (unsigned long long)le64_get(cd));
	ST_CHECK(FIELD_GET(CD0_ASID, le64_get(cd)) == t.dom->hw_id, "CD ASID %llu, domain %u",
		 (unsigned long long)FIELD_GET(CD0_ASID, le64_get(cd)), t.dom->hw_id);
	ST_CHECK((le64_get(cd + 8) & CD1_TTB0) == t.dom->pt.root, "CD TTB0 %#llx, root %#llx",
		 (unsigned long long)le64_get(cd + 8), (unsigned long long)t.dom->pt.root);
	sts_put(&t);
	d0 = le64_get(ste);
	ST_CHECK((d0 & STE0_V) && FIELD_GET(STE0_CONFIG, d0) == STE_CONFIG_ABORT,
		 "released edu's STE dword0 %#llx, want abort", (unsigned long long)d0);
	return 0;
}

/*
 * Unmapped IOVA = the physical address of a canary page: untranslated DMA
 * would land there. The write must fault (F_TRANSLATION, the edu's
 * StreamID, that IOVA) and the canary stay as it was.
 */
SELFTEST(smmu_unmapped_write_faults_canary_intact)
{
	struct sts_edu t;
	uint8_t *canary = sts_page(0xc5), *src = sts_page(0);
	int rc = canary && src ? sts_get(&t, 0, STS_OWNER_A) : selftest_fail("no memory");

	if (rc)
		goto out;
	pattern(src, 3);
	if (!(rc = iommu_map(t.dom, STS_IOVA, virt_to_phys(src), PAGE_SIZE, IOMMU_READ)) &&
	    !(rc = sts_dma_ok(&t, STS_IOVA, false)))
		rc = sts_dma_faults(&t, virt_to_phys(canary), true, EVT_F_TRANSLATION);
	if (!rc && !sts_filled(canary, 0xc5))
		rc = selftest_fail("canary page changed by a faulting DMA");
	sts_put(&t);
out:
	sts_free(canary);
	sts_free(src);
	return rc > 0 ? 0 : rc;
}

/* Read-only mapping: the device reads it, its write is F_PERMISSION, memory unchanged. */
SELFTEST(smmu_readonly_write_is_permission_fault)
{
	struct sts_edu t;
	uint8_t *buf = sts_page(0);
	int rc = buf ? sts_get(&t, 0, STS_OWNER_A) : selftest_fail("no memory");

	if (rc)
		goto out;
	pattern(buf, 9);
	if (!(rc = iommu_map(t.dom, STS_IOVA, virt_to_phys(buf), PAGE_SIZE, IOMMU_READ)) &&
	    !(rc = sts_dma_ok(&t, STS_IOVA, false)))
		rc = sts_dma_faults(&t, STS_IOVA, true, EVT_F_PERMISSION);
	for (unsigned i = 0; !rc && i < PAGE_SIZE; i++)
		if (buf[i] != (uint8_t)(9 + i * 13 + (i >> 7)))
			rc = selftest_fail("read-only page changed at %u", i);
	sts_put(&t);
out:
	sts_free(buf);
	return rc > 0 ? 0 : rc;
}

/* Map, DMA (data arrives), unmap: TLBI_NH_VA + CMD_SYNC, so the second DMA faults. */
SELFTEST(smmu_unmap_invalidates_tlb)
{
	struct sts_edu t;
	uint8_t *src = sts_page(0), *dst = sts_page(0);
	uint64_t cmds;
	int rc = src && dst ? sts_get(&t, 0, STS_OWNER_A) : selftest_fail("no memory");

	if (rc)
		goto out;
	pattern(src, 77);
	if ((rc = iommu_map(t.dom, STS_IOVA, virt_to_phys(src), PAGE_SIZE, IOMMU_READ)) ||
	    (rc = iommu_map(t.dom, STS_IOVA + PAGE_SIZE, virt_to_phys(dst), PAGE_SIZE, IOMMU_RW)) ||
	    (rc = sts_dma_ok(&t, STS_IOVA, false)) ||
	    (rc = sts_dma_ok(&t, STS_IOVA + PAGE_SIZE, true)))
		goto put;
	if (memcmp(src, dst, STS_LEN)) {
		rc = selftest_fail("data did not arrive intact through the SMMU");
		goto put;
	}
	memset(dst, 0x11, PAGE_SIZE);
	cmds = t.smmu->cmds;
	if ((rc = iommu_unmap(t.dom, STS_IOVA + PAGE_SIZE, PAGE_SIZE)))
		goto put;
	if (t.smmu->cmds == cmds)
		rc = selftest_fail("unmap queued no invalidation command");
	else if (!(rc = sts_dma_faults(&t, STS_IOVA + PAGE_SIZE, true, EVT_F_TRANSLATION)) &&
		 !sts_filled(dst, 0x11))
		rc = selftest_fail("unmapped page written after the unmap");
put:
	sts_put(&t);
out:
	sts_free(src);
	sts_free(dst);
	return rc > 0 ? 0 : rc;
}
