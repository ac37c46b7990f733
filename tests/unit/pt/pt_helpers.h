// SPDX-License-Identifier: MIT
/*
 * Host harness for the page-table builder: a table allocator over host
 * memory (with failure injection and leak counting) and software walkers
 * that decode raw entries straight from the specs, independent of pt.c.
 */
#ifndef TEST_PT_HELPERS_H
#define TEST_PT_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <vmplat/pt.h>

struct host_alloc {
	struct pt_alloc ops;
	uint64_t **pages; /* live tables */
	unsigned live, cap;
	long fail_after; /* allocations left before failing; < 0: never fail */
	unsigned allocs, frees;
};

void host_alloc_init(struct host_alloc *h);
void host_alloc_fini(struct host_alloc *h);

/* The whole table state, for "unchanged" checks. */
struct pt_snap {
	unsigned n;
	uint64_t *addr;
	uint64_t (*data)[512];
};
void snap_take(const struct host_alloc *h, struct pt_snap *s);
bool snap_equal(const struct host_alloc *h, const struct pt_snap *s);
void snap_free(struct pt_snap *s);

/* One translation, decoded by the test from the raw entries. */
struct walk {
	bool mapped;
	bool tables_ok; /* every table entry on the way had the expected bits */
	unsigned level; /* of the leaf */
	uint64_t pa;
	uint64_t pte;
	uint64_t size;
};

enum walk_kind { WALK_X86, WALK_VMSA };
enum walk_kind walk_kind_of(const struct pt_format *fmt);
struct walk walk_va(const struct pt_format *fmt, paddr_t root, uint64_t va);
/* PT_* bits the test derives from a leaf, per spec, for the format. */
unsigned decode_prot(const struct pt_format *fmt, uint64_t pte);
/* What prot a format can express (implied read, device XN, ...). */
unsigned norm_prot(const struct pt_format *fmt, unsigned prot);
/* Tables reachable from root; *empty counts reachable non-root empty ones. */
unsigned count_tables(const struct pt_format *fmt, paddr_t root, unsigned *empty);

/* Test lists of each file, run by test_pt.c's main. */
extern const struct CMUnitTest pt_vmsa_tests[];
extern const size_t pt_vmsa_ntests;
extern const struct CMUnitTest pt_random_tests[];
extern const size_t pt_random_ntests;

#endif
