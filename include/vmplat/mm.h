// SPDX-License-Identifier: MIT
/*
 * Memory: physical page allocator (core/pmm.c), the platform's own page
 * tables (core/mm.c over pt.h), JIT regions. W^X holds for every mapping.
 */
#ifndef VMPLAT_MM_H
#define VMPLAT_MM_H

#include <vmplat/pt.h>
#include <vmplat/types.h>

/* ---- physical memory (portable; state in struct pmm so tests own one) ---- */
#define PMM_MAX_RANGES 256

struct pmm_range {
	paddr_t base;
	uint64_t size;
};

struct pmm {
	struct pmm_range free[PMM_MAX_RANGES];
	unsigned nfree;
	uint64_t total; /* bytes added as usable, minus reservations */
	uint64_t free_bytes;
	/* Usable RAM the allocator manages, free or allocated (sorted, merged):
	 * pmm_free outside it is refused. */
	struct pmm_range ram[PMM_MAX_RANGES];
	unsigned nram;
};

void pmm_init(struct pmm *p);
/* Add usable RAM; page-aligned inward. */
int pmm_add(struct pmm *p, paddr_t base, uint64_t size);
/* Remove a range (firmware, the image, DTB, ...) from what is free. */
int pmm_reserve(struct pmm *p, paddr_t base, uint64_t size);
/* npages contiguous pages aligned to align bytes (power of two >= PAGE_SIZE). */
paddr_t pmm_alloc_aligned(struct pmm *p, uint64_t npages, uint64_t align);
int pmm_free(struct pmm *p, paddr_t pa, uint64_t npages);

/* The platform's allocator (identity-mapped RAM). */
extern struct pmm pmm_global;
paddr_t page_alloc(uint64_t npages); /* zeroed; INVALID_PADDR when out of memory */
paddr_t page_alloc_aligned(uint64_t npages, uint64_t align); /* align: power of two >= 4 KiB */
void page_free(paddr_t pa, uint64_t npages);
static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}
static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}

/* ---- the platform's address space (identity map) ---- */
#define MM_R	  PT_R
#define MM_W	  PT_W
#define MM_X	  PT_X
#define MM_DEVICE PT_DEVICE
#define MM_WC	  PT_WC
#define MM_RW	  (MM_R | MM_W)
#define MM_RX	  (MM_R | MM_X)

/* All fail with -EINVAL for W|X, unaligned or empty ranges. */
int mm_map(vaddr_t va, paddr_t pa, uint64_t size, unsigned prot);
int mm_unmap(vaddr_t va, uint64_t size);
int mm_protect(vaddr_t va, uint64_t size, unsigned prot);
int mm_lookup(vaddr_t va, paddr_t *pa, unsigned *prot);
/* Map device registers (UC / nGnRE) at their physical address. */
void *mm_map_device(paddr_t pa, uint64_t size);

/* JIT: allocate RW, write code, seal to RX (with I/D cache maintenance), call. */
void *jit_alloc(uint64_t size);
int jit_seal(void *code, uint64_t size);
void jit_free(void *code, uint64_t size);

/* Arch: emit "return arg0 + imm" machine code into buf, return its length. */
size_t arch_jit_emit_add_imm(uint8_t *buf, size_t len, uint8_t imm);

/* core/mm.c owns the live table; the arch provides format, activation and TLB upkeep. */
const struct pt_format *arch_mm_format(void);
void arch_mm_activate(paddr_t root); /* load CR3 / TTBR and enable translation */
void arch_tlb_flush_range(vaddr_t va, uint64_t size);
void arch_tlb_flush_all(void);
/* Make [va, va+size) coherent for instruction fetch after writing code. */
void arch_sync_icache(vaddr_t va, uint64_t size);

/* The loaded image: text RX, rodata R, data/bss RW (arch/<arch>/image.c). */
struct image_section {
	vaddr_t start, end;
	unsigned prot;
	const char *name;
};
unsigned arch_image_sections(struct image_section *out, unsigned max);

/* Build the platform map from platform.mem and the image layout, switch to it. */
int mm_init(void);
struct pt *mm_kernel_pt(void);
int mm_pt_init(void);	/* empty kernel table with the arch format */
void mm_set_live(void); /* the table is active: changes need TLB upkeep */

#endif
