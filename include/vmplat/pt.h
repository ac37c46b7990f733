// SPDX-License-Identifier: MIT
/*
 * Generic page-table builder (core/pt.c) with format back-ends:
 * x86-64 4-level (core/pt_x86_64.c), VMSAv8-64 4 KiB granule stage-1 at
 * EL1/EL2 and stage-2 (core/pt_vmsa.c). Later users: VT-d second level.
 *
 * Portable: tables are reached only through struct pt_alloc, so host tests
 * build them in host memory and check them with a software walker.
 */
#ifndef VMPLAT_PT_H
#define VMPLAT_PT_H

#include <vmplat/types.h>

/* Protection and memory type of a mapping. */
#define PT_R	     BIT(0)
#define PT_W	     BIT(1)
#define PT_X	     BIT(2)
#define PT_DEVICE    BIT(3) /* x86 UC, arm Device-nGnRE */
#define PT_WC	     BIT(4) /* x86 PAT WC, arm Normal non-cacheable */
#define PT_USER	     BIT(5) /* EL0 / CPL3 accessible (unused by vmplat itself) */
/*
 * pt_map only: last-level pages, no blocks. For live maps under
 * break-before-make whose blocks may later be split: a split breaks the
 * whole block for a moment, and it may hold the very table being edited,
 * the stack or another CPU's data (Arm ARM D8.16.1).
 */
#define PT_PAGES     BIT(6)
/*
 * VMSA stage 2 only (other formats ignore it): the Dirty Bit Modifier, bit 51
 * (Arm ARM D8.4.6). With VTCR_EL2.HD set, a write to a read-only leaf that has
 * it sets S2AP[1] (write) in the descriptor instead of faulting.
 */
#define PT_DBM	     BIT(7)
#define PT_TYPE_MASK (PT_DEVICE | PT_WC)

#define PT_MAX_LEVELS 5

struct pt_alloc {
	void *ctx;
	/* A zeroed, page-aligned table page, or INVALID_PADDR. */
	paddr_t (*alloc_table)(void *ctx);
	void (*free_table)(void *ctx, paddr_t pa);
	/* Where the CPU running the builder can write the table. */
	uint64_t *(*table_ptr)(void *ctx, paddr_t pa);
};

struct pt_format {
	const char *name;
	unsigned levels;	/* number of levels, root = level 0 */
	unsigned va_bits;	/* input address bits covered by the root */
	uint32_t block_levels;	/* bit n set: level n may hold a block/leaf (last level always) */
	bool break_before_make; /* changing a live entry needs invalid + invalidate first */
	uint64_t (*make_table)(paddr_t next);
	uint64_t (*make_leaf)(paddr_t pa, unsigned prot, unsigned level, bool last_level);
	bool (*is_valid)(uint64_t pte);
	bool (*is_table)(uint64_t pte, unsigned level, bool last_level);
	paddr_t (*out_addr)(uint64_t pte, unsigned level, bool last_level);
	unsigned (*prot)(uint64_t pte); /* PT_* bits of a leaf */
	paddr_t (*table_addr)(uint64_t pte);
};

/* Range whose translations changed during one call: flushed once by the caller. */
struct pt_gather {
	uint64_t start, end; /* end exclusive; start == end: nothing */
	bool tables_freed;
};

struct pt {
	const struct pt_format *fmt;
	const struct pt_alloc *alloc;
	paddr_t root;
	/* Immediate invalidation for break-before-make on a live table (may be NULL). */
	void (*invalidate)(void *ctx, uint64_t va, uint64_t size);
	void *inv_ctx;
	struct pt_gather gather;
};

int pt_init(struct pt *pt, const struct pt_format *fmt, const struct pt_alloc *alloc);
void pt_destroy(struct pt *pt);

/* Map [va, va+size) to pa. Uses the largest aligned blocks; -EEXIST over a live mapping. */
int pt_map(struct pt *pt, uint64_t va, paddr_t pa, uint64_t size, unsigned prot);
/* Unmap; blocks partly covered are split. Unmapped holes are ignored. */
int pt_unmap(struct pt *pt, uint64_t va, uint64_t size);
/* Change protection of mapped pages (splits blocks); -ENOENT on a hole. */
int pt_protect(struct pt *pt, uint64_t va, uint64_t size, unsigned prot);
/* Translate va; -ENOENT when unmapped. size: bytes the leaf maps. */
int pt_lookup(const struct pt *pt, uint64_t va, paddr_t *pa, unsigned *prot, uint64_t *size);

/*
 * Call fn for every leaf (page or block) in address order; a nonzero return
 * stops the walk and is returned (core/pt_walk.c).
 */
typedef int (*pt_leaf_fn)(void *ctx, uint64_t va, paddr_t pa, uint64_t size, unsigned prot);
int pt_for_each_leaf(const struct pt *pt, pt_leaf_fn fn, void *ctx);

/* Size of the region one entry maps at a level. */
uint64_t pt_level_size(const struct pt_format *fmt, unsigned level);

/* Take and reset the range changed since the last call. */
struct pt_gather pt_gather_take(struct pt *pt);

extern const struct pt_format pt_format_x86_64;	     /* 4-level long mode, PAT idx 0..3 */
extern const struct pt_format pt_format_vmsa_s1_el2; /* VMSAv8-64 stage 1, EL2 regime, 48-bit */
extern const struct pt_format pt_format_vmsa_s1_el1; /* VMSAv8-64 stage 1, EL1&0 regime, 48-bit */
extern const struct pt_format pt_format_vmsa_s2; /* VMSAv8-64 stage 2, 48-bit IPA, start level 0 */

/* Memory attribute indices the VMSA formats use; the MMU code programs MAIR to match. */
#define VMSA_MAIR_NORMAL    0 /* 0xff Normal WB RW-allocate */
#define VMSA_MAIR_DEVICE    1 /* 0x04 Device-nGnRE */
#define VMSA_MAIR_NORMAL_NC 2 /* 0x44 Normal non-cacheable */
#define VMSA_MAIR_VALUE	    0x00000000004404ffULL

/* x86 PAT as programmed by vmplat: PA0 WB, PA1 WC, PA2 UC-, PA3 UC (rest default). */
#define X86_PAT_VALUE 0x0007040600070106ULL

#endif
