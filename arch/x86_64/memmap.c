// SPDX-License-Identifier: MIT
/*
 * UEFI memory map -> platform.mem, and ExitBootServices (UEFI 2.10, 7.2.6
 * and 7.4.6). Boot-services and loader memory become usable once boot
 * services are gone, except what vmplat itself still needs (its image,
 * trampoline and boot page tables), which is carved out by type.
 */
#include <string.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>

#include "efi_glue.h"
#include "x86_64.h"

#define MMAP_BUF_SIZE	      (48 * KiB)
#define EBS_TRIES	      4
#define MAX_CARVE	      8
#define EFI_PERSISTENT_MEMORY 14 /* UEFI 2.10 table 7.10; newer than gnu-efi's enum */

struct carve {
	paddr_t base, end;
	enum mem_type type;
};

static uint8_t mmap_buf[MMAP_BUF_SIZE] __aligned(16);
static struct carve carves[MAX_CARVE];
static unsigned ncarves;

/* Pending region, merged with contiguous regions of the same type. */
static struct mem_region pend;
static bool pend_valid;

/* The map ExitBootServices was called with, and the system table (for handoff). */
static size_t ebs_map_size, ebs_desc_size;
static uint32_t ebs_desc_version;
static EFI_SYSTEM_TABLE *ebs_systab;

uint8_t *x86_memmap_buf(size_t *size)
{
	*size = sizeof(mmap_buf);
	return mmap_buf;
}

const uint8_t *x86_efi_memmap(size_t *size, size_t *desc_size, uint32_t *version)
{
	*size = ebs_map_size;
	*desc_size = ebs_desc_size;
	*version = ebs_desc_version;
	return ebs_map_size ? mmap_buf : NULL;
}

EFI_SYSTEM_TABLE *x86_efi_systab(void)
{
	return ebs_systab;
}

void x86_memmap_carve(paddr_t base, uint64_t size, int type)
{
	if (ncarves < MAX_CARVE)
		carves[ncarves++] = (struct carve){ base, base + size, (enum mem_type)type };
}

static void emit_flush(void)
{
	if (pend_valid && platform_add_mem(pend.base, pend.size, pend.type))
		log_warn("memory map: no room for %#llx+%#llx", (unsigned long long)pend.base,
			 (unsigned long long)pend.size);
	pend_valid = false;
}

static void emit(paddr_t base, paddr_t end, enum mem_type type)
{
	if (end <= base)
		return;
	if (pend_valid && pend.type == type && pend.base + pend.size == base) {
		pend.size += end - base;
		return;
	}
	emit_flush();
	pend = (struct mem_region){ base, end - base, type };
	pend_valid = true;
}

/* Emit [base, end) as `type`, with carve-outs (ascending) taking precedence. */
static void emit_carved(paddr_t base, paddr_t end, enum mem_type type)
{
	for (unsigned i = 0; i < ncarves && base < end; i++) {
		const struct carve *c = &carves[i];

		if (c->end <= base || c->base >= end)
			continue;
		emit(base, c->base > base ? c->base : base, type);
		emit(MAX(base, c->base), MIN(end, c->end), c->type);
		base = MIN(end, c->end);
	}
	emit(base, end, type);
}

static void sort_carves(void)
{
	for (unsigned i = 1; i < ncarves; i++)
		for (unsigned j = i; j && carves[j].base < carves[j - 1].base; j--) {
			struct carve t = carves[j];

			carves[j] = carves[j - 1];
			carves[j - 1] = t;
		}
}

static enum mem_type efi_type(UINT32 t, bool *ram)
{
	*ram = true;
	switch (t) {
	case EfiConventionalMemory:
	case EfiBootServicesCode:
	case EfiBootServicesData:
	case EfiLoaderCode:
	case EfiLoaderData:
		return MEM_USABLE;
	case EfiACPIReclaimMemory:
	case EfiACPIMemoryNVS:
		return MEM_ACPI;
	case EfiRuntimeServicesCode:
	case EfiRuntimeServicesData:
		return MEM_FIRMWARE;
	case EfiMemoryMappedIO:
	case EfiMemoryMappedIOPortSpace:
		*ram = false;
		return MEM_MMIO;
	default:
		*ram = t == EFI_PERSISTENT_MEMORY;
		return MEM_RESERVED;
	}
}

/* OVMF lists the ECAM window as reserved memory: it is MMIO, never RAM. */
static bool overlaps_ecam(paddr_t base, paddr_t end)
{
	for (unsigned i = 0; i < platform.necam; i++) {
		const struct ecam_window *w = &platform.ecam[i];
		paddr_t wend = w->base + ((uint64_t)w->bus_end + 1) * MiB;

		if (base < wend && end > w->base + (uint64_t)w->bus_start * MiB)
			return true;
	}
	return false;
}

/* Descriptors may be larger than EFI_MEMORY_DESCRIPTOR: step by desc_size. */
static void memmap_convert(UINTN size, UINTN desc_size)
{
	uint64_t ram = 0;

	sort_carves();
	for (UINTN off = 0; off + desc_size <= size; off += desc_size) {
		const EFI_MEMORY_DESCRIPTOR *d = (const void *)(mmap_buf + off);
		paddr_t base = d->PhysicalStart, end = base + d->NumberOfPages * PAGE_SIZE;
		bool is_ram;
		enum mem_type t = efi_type(d->Type, &is_ram);

		if (t == MEM_RESERVED && overlaps_ecam(base, end)) {
			t = MEM_MMIO;
			is_ram = false;
		}
		if (is_ram)
			ram += end - base;
		if (t == MEM_USABLE)
			emit_carved(base, end, t);
		else
			emit(base, end, t);
	}
	emit_flush();
	platform.ram_bytes = ram;
}

EFI_STATUS x86_exit_boot_services(EFI_HANDLE image)
{
	EFI_BOOT_SERVICES *bs = efi_st->BootServices;
	EFI_STATUS st = EFI_LOAD_ERROR;
	UINTN size = 0, key, desc_size = 0;
	UINT32 ver;

	/* No output between GetMemoryMap and ExitBootServices: it may allocate. */
	for (int i = 0; i < EBS_TRIES; i++) {
		size = sizeof(mmap_buf);
		st = bs->GetMemoryMap(&size, (EFI_MEMORY_DESCRIPTOR *)mmap_buf, &key, &desc_size,
				      &ver);
		if (st != EFI_SUCCESS)
			return st;
		st = bs->ExitBootServices(image, key);
		/* EFI_INVALID_PARAMETER: the map changed under us; fetch it again. */
		if (st != EFI_INVALID_PARAMETER)
			break;
	}
	if (st != EFI_SUCCESS)
		return st;
	ebs_systab = efi_st; /* stays valid: it lives in runtime-services memory */
	x86_console_boot_services_done();
	if (desc_size < sizeof(EFI_MEMORY_DESCRIPTOR))
		return EFI_LOAD_ERROR;
	ebs_map_size = size;
	ebs_desc_size = desc_size;
	ebs_desc_version = ver;
	memmap_convert(size, desc_size);
	return EFI_SUCCESS;
}
