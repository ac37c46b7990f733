// SPDX-License-Identifier: MIT
/*
 * _sbrk for newlib's malloc: a small static arena serves allocations made
 * before the page allocator exists; after that, arenas come from the page
 * allocator. nano-malloc treats each sbrk result as its own chunk, so the
 * arenas need not be contiguous.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/spinlock.h>

#undef errno
extern int errno;

#define EARLY_HEAP_SIZE (256 * KiB)
#define ARENA_MIN	(4 * MiB)

void *_sbrk(ptrdiff_t incr);
void *sbrk(ptrdiff_t incr) __attribute__((alias("_sbrk")));

static uint8_t early_heap[EARLY_HEAP_SIZE] __aligned(PAGE_SIZE);
static uint8_t *arena = early_heap, *arena_brk = early_heap,
	       *arena_end = early_heap + EARLY_HEAP_SIZE;
static struct spinlock sbrk_lock = SPINLOCK_INIT;

static int new_arena(uint64_t need)
{
	uint64_t size = ALIGN_UP(MAX(need, ARENA_MIN), PAGE_SIZE);
	paddr_t pa;

	if (!pmm_global.free_bytes)
		return -ENOMEM;
	pa = page_alloc(size / PAGE_SIZE);
	if (pa == INVALID_PADDR)
		return -ENOMEM;
	arena = arena_brk = phys_to_virt(pa);
	arena_end = arena + size;
	return 0;
}

void *_sbrk(ptrdiff_t incr)
{
	unsigned long flags = spin_lock_irqsave(&sbrk_lock);
	void *p = (void *)-1;

	if (incr < 0) {
		/* malloc trimming: give back only within the current arena. */
		if (arena_brk + incr >= arena)
			p = arena_brk, arena_brk += incr;
	} else if ((uint64_t)(arena_end - arena_brk) >= (uint64_t)incr ||
		   new_arena((uint64_t)incr) == 0) {
		p = arena_brk;
		arena_brk += incr;
	}
	spin_unlock_irqrestore(&sbrk_lock, flags);
	if (p == (void *)-1)
		errno = ENOMEM;
	return p;
}
