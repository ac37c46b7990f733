// SPDX-License-Identifier: MIT
/*
 * The platform's own address space: an identity map of RAM (read/write,
 * never executable), the image with text RX / rodata R / data RW, device
 * windows mapped on demand, and JIT regions. W^X holds for every mapping:
 * a request for write and execute together is refused.
 *
 * mm_map/unmap/protect take mm_lock with interrupts enabled: the TLB
 * maintenance may wait for other CPUs (x86 shootdown IPIs), which must be
 * able to take that interrupt while they wait for the lock. So these are not
 * for interrupt handlers.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/spinlock.h>

struct pmm pmm_global;
static struct spinlock pmm_lock = SPINLOCK_INIT;
static struct spinlock mm_lock = SPINLOCK_INIT;
static struct pt kernel_pt;
static bool mm_live;

paddr_t page_alloc_aligned(uint64_t npages, uint64_t align)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);
	paddr_t pa = pmm_alloc_aligned(&pmm_global, npages, align);

	spin_unlock_irqrestore(&pmm_lock, flags);
	if (pa != INVALID_PADDR)
		memset(phys_to_virt(pa), 0, npages * PAGE_SIZE);
	return pa;
}

paddr_t page_alloc(uint64_t npages)
{
	return page_alloc_aligned(npages, PAGE_SIZE);
}

void page_free(paddr_t pa, uint64_t npages)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);
	int rc = pmm_free(&pmm_global, pa, npages);

	spin_unlock_irqrestore(&pmm_lock, flags);
	if (rc)
		log_err("page_free(%#llx, %llu): %d", (unsigned long long)pa,
			(unsigned long long)npages, rc);
}

static paddr_t table_alloc(void *ctx)
{
	(void)ctx;
	return page_alloc(1);
}

static void table_free(void *ctx, paddr_t pa)
{
	(void)ctx;
	page_free(pa, 1);
}

static uint64_t *table_ptr(void *ctx, paddr_t pa)
{
	(void)ctx;
	return phys_to_virt(pa);
}

static const struct pt_alloc kernel_pt_alloc = {
	.alloc_table = table_alloc,
	.free_table = table_free,
	.table_ptr = table_ptr,
};

static void kernel_invalidate(void *ctx, uint64_t va, uint64_t size)
{
	(void)ctx;
	arch_tlb_flush_range(va, size);
}

struct pt *mm_kernel_pt(void)
{
	return &kernel_pt;
}

int mm_pt_init(void)
{
	int rc = pt_init(&kernel_pt, arch_mm_format(), &kernel_pt_alloc);

	kernel_pt.invalidate = kernel_invalidate;
	return rc;
}

void mm_set_live(void)
{
	mm_live = true;
}

static bool prot_valid(vaddr_t va, uint64_t size, unsigned prot)
{
	if ((prot & MM_W) && (prot & MM_X)) {
		log_err("mm: W^X: refusing writable+executable mapping at %#llx",
			(unsigned long long)va);
		return false;
	}
	return size && IS_ALIGNED(va, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE);
}

/* One TLB maintenance per call, over the range the builder changed. */
static void mm_flush_gathered(void)
{
	struct pt_gather g = pt_gather_take(&kernel_pt);

	if (!mm_live || g.start == g.end)
		return;
	if (g.tables_freed)
		arch_tlb_flush_all();
	else
		arch_tlb_flush_range(g.start, g.end - g.start);
}

int mm_map(vaddr_t va, paddr_t pa, uint64_t size, unsigned prot)
{
	int rc;

	if (!prot_valid(va, size, prot) || !IS_ALIGNED(pa, PAGE_SIZE))
		return -EINVAL;
	spin_lock(&mm_lock);
	rc = pt_map(&kernel_pt, va, pa, size, prot);
	mm_flush_gathered();
	spin_unlock(&mm_lock);
	return rc;
}

int mm_unmap(vaddr_t va, uint64_t size)
{
	int rc;

	if (!prot_valid(va, size, 0))
		return -EINVAL;
	spin_lock(&mm_lock);
	rc = pt_unmap(&kernel_pt, va, size);
	mm_flush_gathered();
	spin_unlock(&mm_lock);
	return rc;
}

int mm_protect(vaddr_t va, uint64_t size, unsigned prot)
{
	int rc;

	if (!prot_valid(va, size, prot))
		return -EINVAL;
	spin_lock(&mm_lock);
	rc = pt_protect(&kernel_pt, va, size, prot);
	mm_flush_gathered();
	spin_unlock(&mm_lock);
	return rc;
}

int mm_lookup(vaddr_t va, paddr_t *pa, unsigned *prot)
{
	uint64_t size;

	return pt_lookup(&kernel_pt, va, pa, prot, &size);
}

void *mm_map_device(paddr_t pa, uint64_t size)
{
	paddr_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t len = ALIGN_UP(pa + size, PAGE_SIZE) - start;
	paddr_t cur;
	unsigned prot;
	int rc;

	/* Already mapped as device (a second driver on the same window) is fine. */
	if (!mm_lookup(start, &cur, &prot) && (prot & MM_DEVICE))
		return phys_to_virt(pa);
	rc = mm_map(start, start, len, MM_RW | MM_DEVICE);
	if (rc) {
		log_err("mm: cannot map device %#llx+%#llx: %d", (unsigned long long)pa,
			(unsigned long long)size, rc);
		return NULL;
	}
	return phys_to_virt(pa);
}

void *jit_alloc(uint64_t size)
{
	uint64_t n = DIV_ROUND_UP(size, PAGE_SIZE);
	paddr_t pa;

	if (!size)
		return NULL;
	pa = page_alloc(n);
	/* RAM is mapped RW+NX already: the region starts writable, never executable. */
	return pa == INVALID_PADDR ? NULL : phys_to_virt(pa);
}

int jit_seal(void *code, uint64_t size)
{
	vaddr_t va = (vaddr_t)(uintptr_t)code;
	uint64_t len = ALIGN_UP(size, PAGE_SIZE);
	int rc;

	if (!IS_ALIGNED(va, PAGE_SIZE) || !size)
		return -EINVAL;
	/* Clean the data side to the point of unification before it becomes code. */
	arch_sync_icache(va, size);
	rc = mm_protect(va, len, MM_RX);
	arch_sync_icache(va, size);
	return rc;
}

void jit_free(void *code, uint64_t size)
{
	vaddr_t va = (vaddr_t)(uintptr_t)code;
	uint64_t len = ALIGN_UP(size, PAGE_SIZE);

	if (mm_protect(va, len, MM_RW) == 0)
		page_free(virt_to_phys(code), len / PAGE_SIZE);
}
