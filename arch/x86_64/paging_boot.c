// SPDX-License-Identifier: MIT
/*
 * Boot identity map, used from ExitBootServices until core/mm.c activates
 * the platform's own tables. The firmware's tables live in boot-services
 * memory, which the page allocator may hand out, so they must not stay
 * live. 2 MiB pages (Intel SDM Vol. 3A, 4.5, table 4-18), RWX, WB; the
 * MTRRs still make MMIO uncacheable. Pages come from LoaderData and are
 * carved out of the memory map as reserved.
 */
#include <vmplat/platform.h>

#include "efi_glue.h"
#include "x86_64.h"

#define PTE_P	     BIT_ULL(0)
#define PTE_W	     BIT_ULL(1)
#define PTE_PS	     BIT_ULL(7)
#define BOOT_MAP_MIN (4 * GiB)
#define BOOT_MAP_MAX (512 * GiB) /* one PML4 entry */

static paddr_t boot_pml4;

/* Highest RAM address in the firmware memory map (MMIO excluded). */
static uint64_t ram_top(void)
{
	size_t bufsize;
	uint8_t *buf = x86_memmap_buf(&bufsize);
	UINTN size = bufsize, key, dsz;
	UINT32 ver;
	uint64_t top = 0;

	if (efi_st->BootServices->GetMemoryMap(&size, (void *)buf, &key, &dsz, &ver) != EFI_SUCCESS)
		return BOOT_MAP_MIN;
	for (UINTN off = 0; off + dsz <= size; off += dsz) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(buf + off);
		uint64_t end = d->PhysicalStart + d->NumberOfPages * PAGE_SIZE;

		if (d->Type != EfiMemoryMappedIO && d->Type != EfiMemoryMappedIOPortSpace)
			top = MAX(top, end);
	}
	return top;
}

EFI_STATUS x86_boot_pt_alloc(void)
{
	uint64_t top = MIN(ALIGN_UP(MAX(ram_top(), BOOT_MAP_MIN), GiB), BOOT_MAP_MAX);
	uint64_t npd = top / GiB, npages = 2 + npd;
	EFI_PHYSICAL_ADDRESS pa = 0;
	EFI_STATUS s;
	uint64_t *pml4, *pdpt, *pd;

	s = efi_st->BootServices->AllocatePages(AllocateAnyPages, EfiLoaderData, npages, &pa);
	if (s != EFI_SUCCESS)
		return s;
	x86_memmap_carve(pa, npages * PAGE_SIZE, MEM_RESERVED);
	pml4 = (uint64_t *)(uintptr_t)pa;
	pdpt = pml4 + 512;
	pd = pdpt + 512;
	for (uint64_t i = 0; i < 512 * (2 + npd); i++)
		pml4[i] = 0;
	pml4[0] = (pa + PAGE_SIZE) | PTE_P | PTE_W;
	for (uint64_t g = 0; g < npd; g++) {
		pdpt[g] = (pa + (2 + g) * PAGE_SIZE) | PTE_P | PTE_W;
		for (uint64_t i = 0; i < 512; i++)
			pd[g * 512 + i] = (g * GiB + i * 2 * MiB) | PTE_P | PTE_W | PTE_PS;
	}
	boot_pml4 = pa;
	return EFI_SUCCESS;
}

void x86_boot_pt_activate(void)
{
	if (boot_pml4)
		write_cr3(boot_pml4);
}
