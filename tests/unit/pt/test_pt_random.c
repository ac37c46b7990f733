// SPDX-License-Identifier: MIT
/*
 * Randomized map/unmap/protect against a reference model (one word per
 * 4 KiB page) over a 4 GiB window, so blocks of every size form, split and
 * go away. After each operation its range is compared page by page with
 * the spec walker; periodically the whole window, and the table count
 * (no empty table may stay reachable, none may leak).
 */
#include <errno.h>
#include <stdlib.h>
#include "pt_helpers.h"

#define WIN_BYTES  (4 * GiB)
#define WIN_PAGES  (WIN_BYTES / PAGE_SIZE)
#define N_OPS	   3000
#define FULL_EVERY 500

/* model word: 0 unmapped, else pa | prot << 1 | 1 */
struct model {
	uint64_t *page;
	uint64_t rng;
};

static uint64_t rnd(struct model *m)
{
	/* xorshift64*: fixed seed, same run every time */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return m->rng * 0x2545f4914f6cdd1dULL;
}

static const unsigned prots[] = {
	PT_R,
	PT_R | PT_W,
	PT_R | PT_X,
	PT_R | PT_W | PT_DEVICE,
	PT_R | PT_W | PT_WC,
	PT_R | PT_W | PT_USER,
	PT_R | PT_X | PT_DBM, /* stage 2 keeps DBM through splits; stage 1 drops it */
};

static void check_page(const struct pt *pt, const struct model *m, uint64_t va)
{
	uint64_t want = m->page[va / PAGE_SIZE];
	struct walk w = walk_va(pt->fmt, pt->root, va);

	if (!want) {
		if (w.mapped)
			fail_msg("%s: va %#llx mapped, model says free", pt->fmt->name,
				 (unsigned long long)va);
		return;
	}
	if (!w.mapped || !w.tables_ok)
		fail_msg("%s: va %#llx not mapped (or bad table entry)", pt->fmt->name,
			 (unsigned long long)va);
	assert_int_equal(w.pa, want & ~0xfffULL);
	assert_int_equal(decode_prot(pt->fmt, w.pte), norm_prot(pt->fmt, (want & 0xfff) >> 1));
}

static void check_range(const struct pt *pt, const struct model *m, uint64_t va, uint64_t size)
{
	for (uint64_t a = va; a < va + size; a += PAGE_SIZE)
		check_page(pt, m, a);
}

static int model_op(struct model *m, int op, uint64_t va, uint64_t size, uint64_t pa, unsigned prot)
{
	uint64_t first = va / PAGE_SIZE, n = size / PAGE_SIZE;

	for (uint64_t i = 0; i < n; i++) {
		if (op == 0 && m->page[first + i])
			return -EEXIST;
		if (op == 2 && !m->page[first + i])
			return -ENOENT;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t *p = &m->page[first + i];

		if (op == 0)
			*p = (pa + i * PAGE_SIZE) | prot << 1 | 1;
		else if (op == 1)
			*p = 0;
		else
			*p = (*p & ~0xfffULL) | prot << 1 | 1;
	}
	return 0;
}

/* Granule 4K / 2M / 1G, sometimes nudged off alignment by a few pages. */
static void pick_range(struct model *m, uint64_t *va, uint64_t *size)
{
	uint64_t r = rnd(m) % 100, g = r < 55 ? PAGE_SIZE : r < 95 ? 2 * MiB : GiB;
	uint64_t max = g == PAGE_SIZE ? 64 : g == 2 * MiB ? 6 : 2;

	*va = (rnd(m) % (WIN_BYTES / g)) * g;
	*size = (1 + rnd(m) % max) * g;
	if (rnd(m) % 4 == 0 && *va >= 16 * PAGE_SIZE)
		*va -= (rnd(m) % 16) * PAGE_SIZE;
	if (rnd(m) % 4 == 0)
		*size += (rnd(m) % 16) * PAGE_SIZE;
	if (*va + *size > WIN_BYTES)
		*size = WIN_BYTES - *va;
}

static void check_all(const struct pt *pt, const struct host_alloc *h, const struct model *m)
{
	unsigned empty, n = count_tables(pt->fmt, pt->root, &empty);

	assert_int_equal(empty, 0);
	assert_int_equal(n, h->live);
	check_range(pt, m, 0, WIN_BYTES);
}

static void one_op(struct pt *pt, struct model *m)
{
	uint64_t va, size, pa, pv;
	int op = (int)(rnd(m) % 3), want, got;
	unsigned prot = prots[rnd(m) % ARRAY_SIZE(prots)], pp;
	struct pt_gather g;

	pick_range(m, &va, &size);
	/* pa offset by whole GiBs or 2 MiB steps keeps blocks possible */
	pa = va + (rnd(m) % 8) * (rnd(m) % 2 ? GiB : 2 * MiB);
	pt_gather_take(pt);
	want = model_op(m, op, va, size, pa, prot);
	got = op == 0 ? pt_map(pt, va, pa, size, prot) :
	      op == 1 ? pt_unmap(pt, va, size) :
			pt_protect(pt, va, size, prot);
	if (got != want)
		fail_msg("op %d va %#llx size %#llx: got %d want %d", op, (unsigned long long)va,
			 (unsigned long long)size, got, want);
	g = pt_gather_take(pt);
	if (op == 0 && !got) {
		assert_true(g.start <= va && g.end >= va + size);
	}
	check_range(pt, m, va, size);
	/* lookup agrees with the walker at a random page */
	pv = (rnd(m) % WIN_PAGES) * PAGE_SIZE;
	if (m->page[pv / PAGE_SIZE]) {
		assert_int_equal(pt_lookup(pt, pv, &pa, &pp, NULL), 0);
		assert_int_equal(pa, m->page[pv / PAGE_SIZE] & ~0xfffULL);
	} else {
		assert_int_equal(pt_lookup(pt, pv, &pa, &pp, NULL), -ENOENT);
	}
}

static void run_random(const struct pt_format *fmt, uint64_t seed)
{
	struct host_alloc h;
	struct pt pt;
	struct model m = { .page = calloc(WIN_PAGES, sizeof(uint64_t)), .rng = seed };
	unsigned blocks = 0;

	assert_non_null(m.page);
	host_alloc_init(&h);
	assert_int_equal(pt_init(&pt, fmt, &h.ops), 0);
	for (unsigned i = 1; i <= N_OPS; i++) {
		one_op(&pt, &m);
		if (walk_va(fmt, pt.root, (rnd(&m) % WIN_PAGES) * PAGE_SIZE).level < 3)
			blocks++;
		if (i % FULL_EVERY == 0)
			check_all(&pt, &h, &m);
	}
	assert_true(blocks > 0); /* the run did exercise blocks */
	assert_int_equal(pt_unmap(&pt, 0, WIN_BYTES), 0);
	assert_int_equal(h.live, 1);
	pt_destroy(&pt);
	assert_int_equal(h.live, 0);
	host_alloc_fini(&h);
	free(m.page);
}

static void test_random_x86_64(void **state)
{
	(void)state;
	run_random(&pt_format_x86_64, 0x9e3779b97f4a7c15ULL);
}

static void test_random_vmsa_el1(void **state)
{
	(void)state;
	run_random(&pt_format_vmsa_s1_el1, 0xd1b54a32d192ed03ULL);
}

static void test_random_vmsa_s2(void **state)
{
	(void)state;
	run_random(&pt_format_vmsa_s2, 0x8cb92ba72f3d8dd7ULL);
}

const struct CMUnitTest pt_random_tests[] = {
	cmocka_unit_test(test_random_x86_64),
	cmocka_unit_test(test_random_vmsa_el1),
	cmocka_unit_test(test_random_vmsa_s2),
};
const size_t pt_random_ntests = ARRAY_SIZE(pt_random_tests);
