// SPDX-License-Identifier: MIT
/*
 * The jump into an x86_64 Linux kernel (Documentation/arch/x86/boot.rst,
 * "64-bit boot protocol"): 64-bit mode with paging, an identity map covering
 * the kernel's init_size range, the zero page and the command line; a GDT
 * with flat 4 GiB __BOOT_CS (0x10, execute/read) and __BOOT_DS (0x18,
 * read/write); CS = __BOOT_CS, DS = ES = SS = __BOOT_DS; interrupts off;
 * RSI = the zero page; entry at load address + 0x200.
 *
 * vmplat's own map is W^X with RAM non-executable, so the handoff runs on
 * the boot identity map (paging_boot.c: all RAM up to its top and the low
 * 4 GiB, 2 MiB pages, RWX), which lives in LoaderData pages the kernel's
 * KASLR leaves alone (it places itself in EfiConventionalMemory only).
 */
#include <errno.h>
#include <vmplat/gpu.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#include "../boot/linux_x86_64.h"
#include "linux_handoff.h"
#include "x86_64.h"

#define GDT_BOOT_CS 0x10
#define GDT_BOOT_DS 0x18
/* Flat 4 GiB: base 0, limit 0xfffff with G=1 (Intel SDM Vol. 3A, 3.4.5). */
#define GDT_CODE64  0x00af9a000000ffffULL /* P, DPL0, execute/read, L=1 */
#define GDT_DATA    0x00cf92000000ffffULL /* P, DPL0, read/write, D/B=1 */


/* In vmplat's image (LoaderData): not where the kernel decompresses itself. */
static uint64_t linux_gdt[4] __aligned(16) = { 0, 0, GDT_CODE64, GDT_DATA };

static struct __packed {
	uint16_t limit;
	uint64_t base;
} linux_gdtr;

bool arch_linux_x86_64_supported(void)
{
	return true;
}

static uint64_t tsc_usec(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return platform.counter_hz ? (((uint64_t)hi << 32 | lo) / (platform.counter_hz / 1000000)) :
				     0;
}

static void set_loader_vars(const struct linux_x86_handoff *h)
{
	uint64_t exec = tsc_usec(), since = h->since_entry_ns / 1000;
	EFI_STATUS s;

	if (platform.counter_hz < 1000000)
		return;
	s = x86_efi_set_loader_vars(exec > since ? exec - since : 0, exec, h->loader_info);
	if (s != EFI_SUCCESS)
		log_warn("efi: Boot Loader Interface variables not set (status %#llx)",
			 (unsigned long long)s);
}

/* screen_info for efifb: the GOP framebuffer, when vmplat's console is still on it. */
static void pass_framebuffer(paddr_t zero_page)
{
	if (gpu_gop_screen_info(phys_to_virt(zero_page)) == -EEXIST)
		log_warn("linux: boot params carry another framebuffer than the GOP's: kept");
}

void arch_linux_x86_64_enter(const struct linux_x86_handoff *h)
{
	uint64_t entry = h->entry, zp = h->zero_page;

	pass_framebuffer(h->zero_page);

	__asm__ volatile("cli");
	x86_boot_pt_activate();
	set_loader_vars(h);
	linux_gdtr.limit = sizeof(linux_gdt) - 1;
	linux_gdtr.base = (uint64_t)(uintptr_t)linux_gdt;
	/* Reload CS with a far return, then the data segments; jump with RSI. */
	__asm__ volatile("lgdt %[gdtr]\n\t"
			 "pushq %[cs]\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %[ds], %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "jmp *%[entry]"
			 :
			 : [gdtr] "m"(linux_gdtr), [cs] "i"(GDT_BOOT_CS), [ds] "i"(GDT_BOOT_DS),
			   [entry] "b"(entry), "S"(zp)
			 : "rax", "memory");
	__builtin_unreachable();
}
