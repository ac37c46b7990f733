// SPDX-License-Identifier: MIT
/*
 * Host micro-benchmark of IO page tables in the VT-d second-level format
 * (4 levels): over 1 GiB, map one 4 KiB page per call and unmap + sync one
 * page per call (the gathered range taken each call, as iommu_unmap does
 * before its one flush), then the same with 2 MiB blocks. Printed per
 * operation and next to a memset of the table memory the run allocated,
 * measured in the same run (ratio = operation total / memset).
 *   make -f mk/host.mk bench
 * Built with core/pt.c and drivers/iommu/pt_vtd.c (BENCH_SRCS_iommu_bench).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <vmplat/iommu.h>
#include <vmplat/pt.h>

#define SPAN GiB

static unsigned long live_tables;

static paddr_t b_alloc(void *ctx)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	(void)ctx;
	if (!p)
		return INVALID_PADDR;
	memset(p, 0, PAGE_SIZE);
	live_tables++;
	return (paddr_t)(uintptr_t)p;
}

static void b_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	live_tables--;
	free((void *)(uintptr_t)pa);
}

static uint64_t *b_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)pa;
}

static const struct pt_alloc balloc = { NULL, b_alloc, b_free, b_ptr };

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint64_t sink;

static void run(uint64_t gran, const char *what)
{
	uint64_t n = SPAN / gran, tables;
	double t0, t_map, t_unmap, t_memset;
	struct pt pt;
	uint8_t *mem;

	if (pt_init(&pt, &pt_format_vtd_sl4, &balloc))
		exit(1);
	t0 = now();
	for (uint64_t i = 0; i < n; i++)
		if (pt_map(&pt, GiB + i * gran, 4 * GiB + i * gran, gran, PT_R | PT_W))
			exit(1);
	t_map = now() - t0;
	tables = live_tables;
	pt_gather_take(&pt);
	t0 = now();
	for (uint64_t i = 0; i < n; i++) {
		struct pt_gather g;

		if (pt_unmap(&pt, GiB + i * gran, gran))
			exit(1);
		g = pt_gather_take(&pt); /* the range one flush would cover */
		sink += g.end - g.start;
	}
	t_unmap = now() - t0;
	pt_destroy(&pt);
	mem = aligned_alloc(PAGE_SIZE, tables * PAGE_SIZE);
	t0 = now();
	memset(mem, 0x5a, tables * PAGE_SIZE);
	sink += mem[tables * PAGE_SIZE - 1];
	t_memset = now() - t0;
	free(mem);
	printf("vtd-sl4 %s x %llu over 1 GiB: map %.1f ns/op, unmap+sync %.1f ns/op; "
	       "memset of the %llu table pages %.1f us: map %.1fx, unmap %.1fx\n",
	       what, (unsigned long long)n, t_map * 1e9 / (double)n, t_unmap * 1e9 / (double)n,
	       (unsigned long long)tables, t_memset * 1e6, t_map / t_memset, t_unmap / t_memset);
}

int main(void)
{
	run(PAGE_SIZE, "4 KiB page");
	run(2 * MiB, "2 MiB block");
	return 0;
}
