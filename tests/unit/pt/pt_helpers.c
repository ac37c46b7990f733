// SPDX-License-Identifier: MIT
/*
 * Harness for the page-table tests: host table allocator and walkers.
 * The walkers follow the specs, not pt.c: Intel SDM vol. 3A 4.5 for
 * x86-64 (P, PS at PDPTE/PDE), Arm ARM D8.3 for VMSAv8-64 (bits[1:0]).
 */
#include <stdlib.h>
#include <string.h>
#include "pt_helpers.h"

#define X86_ADDR  0x000ffffffffff000ULL
#define VMSA_ADDR 0x0000fffffffff000ULL

static paddr_t h_alloc(void *ctx)
{
	struct host_alloc *h = ctx;
	uint64_t *p;

	if (h->fail_after == 0)
		return INVALID_PADDR;
	if (h->fail_after > 0)
		h->fail_after--;
	p = aligned_alloc(4096, 4096);
	assert_non_null(p);
	memset(p, 0, 4096);
	if (h->live == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->pages = realloc(h->pages, h->cap * sizeof(*h->pages));
		assert_non_null(h->pages);
	}
	h->pages[h->live++] = p;
	h->allocs++;
	return (paddr_t)(uintptr_t)p;
}

static void h_free(void *ctx, paddr_t pa)
{
	struct host_alloc *h = ctx;

	for (unsigned i = 0; i < h->live; i++) {
		if (h->pages[i] == (uint64_t *)(uintptr_t)pa) {
			h->pages[i] = h->pages[--h->live];
			h->frees++;
			free((void *)(uintptr_t)pa);
			return;
		}
	}
	fail_msg("free_table(%#llx): not a live table", (unsigned long long)pa);
}

static uint64_t *h_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return (uint64_t *)(uintptr_t)pa;
}

void host_alloc_init(struct host_alloc *h)
{
	memset(h, 0, sizeof(*h));
	h->ops = (struct pt_alloc){ h, h_alloc, h_free, h_ptr };
	h->fail_after = -1;
}

void host_alloc_fini(struct host_alloc *h)
{
	for (unsigned i = 0; i < h->live; i++)
		free(h->pages[i]);
	free(h->pages);
	memset(h, 0, sizeof(*h));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void snap_take(const struct host_alloc *h, struct pt_snap *s)
{
	s->n = h->live;
	s->addr = calloc(h->live + 1, sizeof(*s->addr));
	s->data = calloc(h->live + 1, sizeof(*s->data));
	for (unsigned i = 0; i < h->live; i++)
		s->addr[i] = (uint64_t)(uintptr_t)h->pages[i];
	qsort(s->addr, s->n, sizeof(*s->addr), cmp_u64);
	for (unsigned i = 0; i < s->n; i++)
		memcpy(s->data[i], (void *)(uintptr_t)s->addr[i], 4096);
}

bool snap_equal(const struct host_alloc *h, const struct pt_snap *s)
{
	struct pt_snap now;
	bool eq;

	snap_take(h, &now);
	eq = now.n == s->n && !memcmp(now.addr, s->addr, s->n * sizeof(*s->addr)) &&
	     !memcmp(now.data, s->data, s->n * sizeof(*s->data));
	snap_free(&now);
	return eq;
}

void snap_free(struct pt_snap *s)
{
	free(s->addr);
	free(s->data);
	memset(s, 0, sizeof(*s));
}

enum walk_kind walk_kind_of(const struct pt_format *fmt)
{
	return fmt == &pt_format_x86_64 ? WALK_X86 : WALK_VMSA;
}

/* x86: P = bit 0; PS = bit 7 in a PDPTE/PDE makes it a 1 GiB / 2 MiB page. */
static int x86_leaf(uint64_t e, unsigned level)
{
	if (!(e & 1))
		return -1;
	return level == 3 || ((level == 1 || level == 2) && (e & 0x80));
}

/* VMSA 4K: 0b11 table (0-2) / page (3); 0b01 block at 1-2; else invalid. */
static int vmsa_leaf(uint64_t e, unsigned level)
{
	unsigned type = e & 3;

	if (type == 3)
		return level == 3;
	if (type == 1 && (level == 1 || level == 2))
		return 1;
	return -1;
}

struct walk walk_va(const struct pt_format *fmt, paddr_t root, uint64_t va)
{
	bool x86 = walk_kind_of(fmt) == WALK_X86;
	uint64_t mask = x86 ? X86_ADDR : VMSA_ADDR;
	const uint64_t *t = (const uint64_t *)(uintptr_t)root;
	struct walk w = { .tables_ok = true };

	for (unsigned level = 0; level < 4; level++) {
		unsigned shift = 39 - 9 * level;
		uint64_t e = t[(va >> shift) & 511];
		int leaf = x86 ? x86_leaf(e, level) : vmsa_leaf(e, level);

		if (leaf < 0)
			return w;
		if (leaf) {
			w.mapped = true;
			w.level = level;
			w.size = 1ULL << shift;
			w.pte = e;
			w.pa = (e & mask & ~(w.size - 1)) + (va & (w.size - 1));
			return w;
		}
		/* Table entries: x86 P|RW only; VMSA 0b11 and no hierarchical limits. */
		if ((e & ~mask) != 3)
			w.tables_ok = false;
		t = (const uint64_t *)(uintptr_t)(e & mask);
	}
	return w;
}

static unsigned x86_prot_of(uint64_t e)
{
	unsigned p = PT_R;
	unsigned pat = (e >> 3) & 3; /* PCD:PWT; the PAT bit is never set by vmplat */

	p |= e & 2 ? PT_W : 0;
	p |= e & (1ULL << 63) ? 0 : PT_X;
	p |= e & 4 ? PT_USER : 0;
	p |= pat == 3 ? PT_DEVICE : pat == 1 ? PT_WC : 0;
	return p;
}

static unsigned s1_type_of(uint64_t e)
{
	unsigned idx = (e >> 2) & 7;

	return idx == VMSA_MAIR_DEVICE ? PT_DEVICE : idx == VMSA_MAIR_NORMAL_NC ? PT_WC : 0;
}

unsigned decode_prot(const struct pt_format *fmt, uint64_t e)
{
	bool ap_ro = e & (1 << 7), ap_el0 = e & (1 << 6);
	bool pxn = e & (1ULL << 53), uxn = e & (1ULL << 54);

	if (fmt == &pt_format_x86_64)
		return x86_prot_of(e);
	if (fmt == &pt_format_vmsa_s1_el2)
		return PT_R | (ap_ro ? 0 : PT_W) | (uxn ? 0 : PT_X) | s1_type_of(e);
	if (fmt == &pt_format_vmsa_s1_el1)
		return PT_R | (ap_ro ? 0 : PT_W) | (ap_el0 ? PT_USER : 0) |
		       ((ap_el0 ? uxn : pxn) ? 0 : PT_X) | s1_type_of(e);
	/* stage 2: S2AP bit 6 read, bit 7 write; MemAttr[5:2]; XN[54:53]; DBM bit 51 */
	unsigned memattr = (e >> 2) & 0xf;

	return (e & (1 << 6) ? PT_R : 0) | (e & (1 << 7) ? PT_W : 0) |
	       (e & (1ULL << 51) ? PT_DBM : 0) | (((e >> 53) & 3) ? 0 : PT_X) |
	       (memattr == 0xf ? 0 :
		memattr == 0x5 ? PT_WC :
				 PT_DEVICE);
}

unsigned norm_prot(const struct pt_format *fmt, unsigned prot)
{
	if (fmt != &pt_format_vmsa_s2)
		prot = (prot | PT_R) & ~PT_DBM; /* DBM is a stage-2 attribute here */
	if (fmt == &pt_format_vmsa_s1_el2 || fmt == &pt_format_vmsa_s2)
		prot &= ~PT_USER;
	if (fmt != &pt_format_x86_64 && (prot & PT_DEVICE))
		prot &= ~PT_X;
	if (prot & PT_DEVICE)
		prot &= ~PT_WC;
	return prot;
}

static unsigned count_rec(const struct pt_format *fmt, const uint64_t *t, unsigned level,
			  unsigned *empty)
{
	bool x86 = walk_kind_of(fmt) == WALK_X86;
	unsigned n = 1, valid = 0;

	for (unsigned i = 0; i < 512; i++) {
		int leaf = x86 ? x86_leaf(t[i], level) : vmsa_leaf(t[i], level);

		if (leaf < 0)
			continue;
		valid++;
		if (!leaf)
			n += count_rec(fmt,
				       (const uint64_t *)(uintptr_t)(t[i] &
								     (x86 ? X86_ADDR : VMSA_ADDR)),
				       level + 1, empty);
	}
	if (!valid && level)
		(*empty)++;
	return n;
}

unsigned count_tables(const struct pt_format *fmt, paddr_t root, unsigned *empty)
{
	*empty = 0;
	return count_rec(fmt, (const uint64_t *)(uintptr_t)root, 0, empty);
}
