// SPDX-License-Identifier: MIT
/*
 * IOMMU map/unmap cost in the firmware (`make bench`, bench/iommu_qemu.py,
 * `selftest=bench_iommu`): N iommu_map and N iommu_unmap of 4 KiB on the
 * first unit, each call with the driver's sync (VT-d: write buffer / caching
 * mode; unmap: IOTLB invalidation, queued or register-based; SMMUv3:
 * TLBI_NH_VA + CMD_SYNC), next to two baselines timed in the same boot:
 * the same maps and unmaps on a bare page table (core/pt.c, no driver) and
 * a memset of one 4 KiB page. One line, integers in ns; the script prints
 * the ratios. Linux's dma_map_benchmark (SMMUv3, 4 KiB: map ~0.1 us,
 * unmap ~0.8 us) is a reference only: different hardware, not TCG.
 */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/selftest.h>
#include <vmplat/timer.h>
#include "iommu_internal.h"

#define BENCH_OPS   512
#define BENCH_IOVA  0x10000000ULL
#define BENCH_OWNER 0x1b0 /* PCI owner id of the bench domain (no device attached) */

static uint64_t per_op(uint64_t t0)
{
	return (timestamp_ns() - t0) / BENCH_OPS;
}

/* The domain through the core (driver sync/flush per call), or its bare table. */
struct bench_target {
	struct iommu_domain *dom; /* NULL: pt only */
	struct pt *pt;
	paddr_t pa;
};

static int b_map(struct bench_target *b, uint64_t iova)
{
	int rc;

	if (b->dom)
		return iommu_map(b->dom, iova, b->pa, PAGE_SIZE, IOMMU_RW);
	rc = pt_map(b->pt, iova, b->pa, PAGE_SIZE, IOMMU_RW);
	pt_gather_take(b->pt);
	return rc;
}

static int b_unmap(struct bench_target *b, uint64_t iova)
{
	int rc;

	if (b->dom)
		return iommu_unmap(b->dom, iova, PAGE_SIZE);
	rc = pt_unmap(b->pt, iova, PAGE_SIZE);
	pt_gather_take(b->pt);
	return rc;
}

/*
 * ns per operation: N maps of consecutive pages, their N unmaps, then N
 * map+unmap pairs at one IOVA (each pair also frees and reallocates the
 * emptied table pages, so it costs more than map + unmap).
 */
static int bench_run(struct bench_target *b, uint64_t ns[3])
{
	uint64_t t0 = timestamp_ns();
	int rc = 0;

	for (unsigned i = 0; i < BENCH_OPS && !rc; i++)
		rc = b_map(b, BENCH_IOVA + (uint64_t)i * PAGE_SIZE);
	ns[0] = per_op(t0);
	t0 = timestamp_ns();
	for (unsigned i = 0; i < BENCH_OPS && !rc; i++)
		rc = b_unmap(b, BENCH_IOVA + (uint64_t)i * PAGE_SIZE);
	ns[1] = per_op(t0);
	t0 = timestamp_ns();
	for (unsigned i = 0; i < BENCH_OPS && !rc; i++)
		rc = b_map(b, BENCH_IOVA) ?: b_unmap(b, BENCH_IOVA);
	ns[2] = per_op(t0);
	return rc ? selftest_fail("%s map/unmap: %d", b->dom ? "iommu" : "pt", rc) : 0;
}

/* The page-table work alone: same pattern on a private table, no driver calls. */
static int bench_pt(const struct pt_format *fmt, paddr_t pa, uint64_t ns[3])
{
	struct pt pt;
	struct bench_target b = { NULL, &pt, pa };
	int rc = pt_init(&pt, fmt, &iommu_pt_alloc);

	if (rc)
		return selftest_fail("pt_init: %d", rc);
	rc = bench_run(&b, ns);
	pt_destroy(&pt);
	return rc;
}

static uint64_t bench_memset(uint8_t *page)
{
	uint64_t t0 = timestamp_ns();

	for (unsigned i = 0; i < BENCH_OPS; i++) {
		memset(page, (int)i, PAGE_SIZE);
		__asm__ volatile("" : : "r"(page) : "memory"); /* keep every memset */
	}
	return per_op(t0);
}

SELFTEST(bench_iommu_map)
{
	struct iommu_unit *u = iommu_unit_count() ? iommu_unit_get(0) : NULL;
	struct iommu_domain *dom;
	uint64_t ns[3], pt_ns[3] = { 0 }, mem_ns;
	struct bench_target b = { 0 };
	paddr_t pa;
	int rc;

	if (!u) {
		console_printf("iommu bench: skipped: no IOMMU unit\n");
		return 0;
	}
	pa = page_alloc(1);
	ST_CHECK(pa != INVALID_PADDR, "out of memory");
	dom = iommu_domain_alloc(u, BENCH_OWNER, IOMMU_DOM_PAGING);
	if (!dom) {
		page_free(pa, 1);
		return selftest_fail("no domain on %s", u->name);
	}
	b = (struct bench_target){ dom, NULL, pa };
	rc = bench_run(&b, ns) ?: bench_pt(dom->fmt, pa, pt_ns);
	mem_ns = bench_memset(phys_to_virt(pa));
	if (!rc)
		console_printf("iommu bench %s %s %s: %u ops x 4 KiB: map %llu ns/op (pt %llu), "
			       "unmap+flush %llu ns/op (pt %llu), map+unmap+flush %llu ns/op (pt "
			       "%llu); memset 4 KiB %llu ns/op\n",
			       u->name, u->ops->kind, dom->fmt->name, BENCH_OPS,
			       (unsigned long long)ns[0], (unsigned long long)pt_ns[0],
			       (unsigned long long)ns[1], (unsigned long long)pt_ns[1],
			       (unsigned long long)ns[2], (unsigned long long)pt_ns[2],
			       (unsigned long long)mem_ns);
	if (iommu_domain_free(dom))
		log_err("iommu bench: domain still in use");
	page_free(pa, 1);
	return rc;
}
