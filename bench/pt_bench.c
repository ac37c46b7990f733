// SPDX-License-Identifier: MIT
/*
 * Host micro-benchmark of the page-table builder: map and unmap 1 GiB as
 * 4 KiB pages (pa misaligned by one page, so no block fits) and with blocks
 * (one 1 GiB block), on the x86-64 and VMSA EL2 formats. Each time is the
 * best of REPS runs and is printed with its ratio to a baseline measured in
 * the same run: a naive per-page model (one store per 4 KiB page into a
 * flat array), i.e. the least work any page-granular map could do.
 *   make -f mk/host.mk bench
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <vmplat/pt.h>

#define REPS  5
#define SPAN  GiB
#define PAGES (SPAN / PAGE_SIZE)

static paddr_t b_alloc(void *ctx)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);

	(void)ctx;
	if (!p)
		return INVALID_PADDR;
	memset(p, 0, PAGE_SIZE);
	return (paddr_t)(uintptr_t)p;
}

static void b_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	free((void *)(uintptr_t)pa);
}

static uint64_t *b_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)pa;
}

static const struct pt_alloc alloc = { NULL, b_alloc, b_free, b_ptr };

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double baseline_ns(void)
{
	uint64_t *model = calloc(PAGES, sizeof(*model));
	double best = 1e30;

	for (int r = 0; r < REPS; r++) {
		double t0 = now_ns();

		for (uint64_t i = 0; i < PAGES; i++)
			((volatile uint64_t *)model)[i] = (i << PAGE_SHIFT) | 1;
		best = MIN(best, now_ns() - t0);
	}
	free(model);
	return best;
}

/* Best map and unmap times of [1 GiB, 2 GiB) -> pa. */
static void run(const struct pt_format *fmt, paddr_t pa, double *map_ns, double *unmap_ns)
{
	*map_ns = *unmap_ns = 1e30;
	for (int r = 0; r < REPS; r++) {
		struct pt pt;
		double t0, t1, t2;

		if (pt_init(&pt, fmt, &alloc))
			exit(1);
		t0 = now_ns();
		if (pt_map(&pt, GiB, pa, SPAN, PT_R | PT_W))
			exit(1);
		t1 = now_ns();
		if (pt_unmap(&pt, GiB, SPAN))
			exit(1);
		t2 = now_ns();
		pt_destroy(&pt);
		*map_ns = MIN(*map_ns, t1 - t0);
		*unmap_ns = MIN(*unmap_ns, t2 - t1);
	}
}

int main(void)
{
	const struct pt_format *fmts[] = { &pt_format_x86_64, &pt_format_vmsa_s1_el2 };
	double base = baseline_ns();

	printf("baseline: per-page model, 1 GiB (%llu pages): %.3f ms\n", (unsigned long long)PAGES,
	       base / 1e6);
	printf("%-14s %-10s %12s %10s %12s %10s\n", "format", "layout", "map ms", "x base",
	       "unmap ms", "x base");
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		double m4, u4, mb, ub;

		run(fmts[i], 4 * GiB + PAGE_SIZE, &m4, &u4);
		run(fmts[i], 4 * GiB, &mb, &ub);
		printf("%-14s %-10s %12.3f %10.2f %12.3f %10.2f\n", fmts[i]->name, "4k-pages",
		       m4 / 1e6, m4 / base, u4 / 1e6, u4 / base);
		printf("%-14s %-10s %12.6f %10.4f %12.6f %10.4f\n", fmts[i]->name, "blocks",
		       mb / 1e6, mb / base, ub / 1e6, ub / base);
		printf("%-14s blocks are %.0fx faster to map, %.0fx to unmap\n", fmts[i]->name,
		       m4 / mb, u4 / ub);
	}
	return 0;
}
