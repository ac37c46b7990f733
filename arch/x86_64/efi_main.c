// SPDX-License-Identifier: MIT
/*
 * UEFI entry (gnu-efi crt0 calls efi_main after self-relocation). Describes
 * the machine while boot services exist, exits them, moves to vmplat's own
 * stack, GDT, IDT and page tables, then enters platform_main().
 */
#include <string.h>
#include <vmplat/blk.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#include "efi_glue.h"
#include "x86_64.h"

#define BOOT_STACK_SIZE (64 * KiB)

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);
__noreturn void x86_boot_main(void);

paddr_t x86_image_base;
uint64_t x86_image_size;
static uint8_t boot_stack[BOOT_STACK_SIZE] __aligned(16);

static void fw_vendor_init(const EFI_SYSTEM_TABLE *st)
{
	const CHAR16 *v = st->FirmwareVendor;
	size_t i = 0;

	for (; v && v[i] && i + 1 < sizeof(platform.fw_vendor); i++)
		platform.fw_vendor[i] = v[i] < 0x80 ? (char)v[i] : '?';
	platform.fw_vendor[i] = 0;
}

/* The ACPI 2.0+ RSDP from the configuration table (UEFI 2.10, 4.6.1.1). */
static paddr_t find_rsdp(const EFI_SYSTEM_TABLE *st)
{
	EFI_GUID acpi20 = ACPI_20_TABLE_GUID, acpi10 = ACPI_TABLE_GUID;
	paddr_t v1 = 0;

	for (UINTN i = 0; i < st->NumberOfTableEntries; i++) {
		const EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];

		if (!memcmp(&t->VendorGuid, &acpi20, sizeof(acpi20)))
			return (paddr_t)(uintptr_t)t->VendorTable;
		if (!memcmp(&t->VendorGuid, &acpi10, sizeof(acpi10)))
			v1 = (paddr_t)(uintptr_t)t->VendorTable;
	}
	return v1;
}

static EFI_LOADED_IMAGE *loaded_image(EFI_HANDLE image, const EFI_SYSTEM_TABLE *st)
{
	EFI_GUID guid = EFI_LOADED_IMAGE_PROTOCOL_GUID;
	EFI_LOADED_IMAGE *li = NULL;

	if (st->BootServices->HandleProtocol(image, &guid, (void **)&li) != EFI_SUCCESS)
		return NULL;
	return li;
}

static void image_init(EFI_LOADED_IMAGE *li)
{
	extern char ImageBase[], __image_end[];

	x86_image_base = (paddr_t)(uintptr_t)ImageBase;
	x86_image_size = ALIGN_UP((uint64_t)(__image_end - ImageBase), PAGE_SIZE);
	if (li && (paddr_t)(uintptr_t)li->ImageBase == x86_image_base)
		x86_image_size = MAX(x86_image_size, ALIGN_UP(li->ImageSize, PAGE_SIZE));
	x86_memmap_carve(x86_image_base, x86_image_size, MEM_IMAGE);
}

/* Allocations that must happen while boot services exist. */
static EFI_STATUS boot_allocations(void)
{
	EFI_STATUS s = x86_tramp_alloc();

	if (s != EFI_SUCCESS) {
		log_warn("smp: no page below 1 MiB for the AP trampoline (status %#llx)",
			 (unsigned long long)s);
	}
	s = x86_boot_pt_alloc();
	if (s != EFI_SUCCESS)
		log_err("paging: cannot allocate boot page tables (status %#llx)",
			(unsigned long long)s);
	return s;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
	EFI_LOADED_IMAGE *li;
	EFI_STATUS s;

	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)&cpus[0]); /* arch_this_cpu() == 0 */
	x86_console_init(st);
	platform.arch = "x86_64";
	platform.fw = FW_UEFI;
	fw_vendor_init(st);
	li = loaded_image(image, st);
	image_init(li);
	x86_cmdline_init(li);
	x86_cpuinfo_init();
	x86_acpi_init(find_rsdp(st));
	x86_efi_pci_init(st); /* host bridge windows: needs MCFG, boot services */
	x86_efi_gop_init(st); /* the GOP framebuffer outlives boot services (UEFI 2.10 12.9) */
	x86_tsc_calibrate();
	blk_efi_init(st);     /* UEFI BlockIo devices until ExitBootServices */
	x86_efi_esp_read(li); /* ESP boot entries: the file system goes with boot services */
	s = boot_allocations();
	if (s != EFI_SUCCESS)
		return s;
	log_info("efi: %s rev %#x, exiting boot services", platform.fw_vendor,
		 (unsigned)st->FirmwareRevision);
	s = x86_exit_boot_services(image);
	if (s != EFI_SUCCESS) {
		log_err("efi: ExitBootServices failed (status %#llx)", (unsigned long long)s);
		return s;
	}
	/* Boot-services memory (including the firmware's stack) is now RAM: leave it. */
	__asm__ volatile("mov %0, %%rsp\n\tcall x86_boot_main"
			 :
			 : "r"(boot_stack + BOOT_STACK_SIZE)
			 : "memory");
	__builtin_unreachable();
}

__noreturn void x86_boot_main(void)
{
	__asm__ volatile("cli");
	x86_boot_pt_activate();
	x86_gdt_init(&cpus[0]);
	x86_idt_init();
	x86_idt_load();
	x86_pic_mask();
	x86_mmu_cpu_init();
	cpus[0].arch.apic_id = x86_boot_apic_id();
	platform_main();
}
