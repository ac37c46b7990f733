// SPDX-License-Identifier: MIT
/*
 * x86_64 Linux loader (boot_loader_linux_x86_64): bzImage checks, the
 * protected-mode kernel placed at pref_address or an aligned free address
 * with init_size room, the zero page, and the handoff through the 64-bit
 * boot protocol (Documentation/arch/x86/boot.rst). Built for both arches;
 * the aarch64 image never picks it (arch "x86_64") and links weak stubs for
 * the arch hooks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#include "linux_x86_64.h"

#define LOADER_INFO "vmplat " __DATE__
#define BELOW_4G    (4 * GiB)

__weak int arch_linux_efi_info(struct bp_efi *efi, struct e820_table *e820)
{
	(void)efi;
	e820->n = 0;
	return -ENOTSUP;
}

__weak bool arch_linux_x86_64_supported(void)
{
	return false;
}

__weak void arch_linux_x86_64_enter(const struct linux_x86_handoff *h)
{
	(void)h;
	panic("linux: no x86_64 handoff in this image");
}

static int check(const uint8_t *head, size_t len, uint64_t file_size, char *why, size_t why_len)
{
	struct bzimage_info bi;

	return bzimage_check(head, len, file_size, &bi, why, why_len);
}

/* Is [base, base+size) wholly free in the page allocator? */
static bool range_free(paddr_t base, uint64_t size)
{
	for (unsigned i = 0; i < pmm_global.nfree; i++) {
		const struct pmm_range *r = &pmm_global.free[i];

		if (base >= r->base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

/*
 * boot.rst: load at pref_address when that is free RAM; a relocatable kernel
 * may go to any kernel_alignment-aligned address with init_size bytes.
 */
static int place(struct boot_entry *e, const struct bzimage_info *bi, paddr_t *load)
{
	uint64_t bytes = ALIGN_UP((uint64_t)bi->init_size, PAGE_SIZE);
	paddr_t pa = bi->pref_address;

	if (pa && range_free(pa, bytes) && !pmm_reserve(&pmm_global, pa, bytes)) {
		*load = pa;
		return 0;
	}
	if (!bi->relocatable)
		return boot_entry_fail(e, BOOT_BAD_IMAGE,
				       "kernel is not relocatable and %#llx+%#llx is not free RAM",
				       (unsigned long long)pa, (unsigned long long)bytes);
	/* Not page_alloc_aligned: zeroing ~50 MiB costs 0.1 s under TCG, and the kernel clears
	 * its own bss (only the manager runs now, so the allocator needs no lock). */
	pa = pmm_alloc_aligned(&pmm_global, bytes >> PAGE_SHIFT, bi->kernel_alignment);
	if (pa == INVALID_PADDR)
		return boot_entry_fail(
			e, BOOT_BAD_IMAGE,
			"no %llu MiB block aligned to %#x for the kernel (init_size)",
			(unsigned long long)(bytes / MiB), bi->kernel_alignment);
	if (pa + bytes > BELOW_4G && !(bi->xloadflags & XLF_CAN_BE_ABOVE_4G)) {
		pmm_free(&pmm_global, pa, bytes >> PAGE_SHIFT);
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "kernel would sit above 4 GiB (%#llx)",
				       (unsigned long long)pa);
	}
	*load = pa;
	return 0;
}

struct x86_boot {
	struct bzimage_info bi;
	paddr_t load, zp, cmdline;
	uint64_t cmdline_pages;
	struct e820_table e820;
	struct bp_efi efi;
};

/* Zero page and command line in fresh pages; e820 + EFI fields from the arch. */
static int params(struct boot_entry *e, struct x86_boot *b, const struct boot_image *kernel,
		  const struct boot_image *initrd, const char *cmdline)
{
	size_t len = cmdline ? strlen(cmdline) : 0;
	char why[BOOT_REASON_MAX];
	struct bp_args a = { .cmdline_len = len, .acpi_rsdp = platform.acpi_rsdp };
	int rc;

	rc = arch_linux_efi_info(&b->efi, &b->e820);
	if (rc && rc != -ENOENT)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no memory map for the kernel (%d)", rc);
	if (rc)
		log_warn("linux: no UEFI memory map to pass: the kernel boots without EFI");
	a.efi = rc ? NULL : &b->efi;
	a.e820 = &b->e820;
	b->cmdline_pages = DIV_ROUND_UP(len + 1, PAGE_SIZE);
	b->zp = page_alloc(1);
	b->cmdline = page_alloc(b->cmdline_pages);
	if (b->zp == INVALID_PADDR || b->cmdline == INVALID_PADDR)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no memory for the zero page");
	memcpy(phys_to_virt(b->cmdline), cmdline ? cmdline : "", len + 1);
	a.cmdline = b->cmdline;
	if (initrd && initrd->size) {
		a.initrd = initrd->paddr;
		a.initrd_size = initrd->size;
	}
	rc = bzimage_boot_params(phys_to_virt(b->zp), kernel->data, &b->bi, &a, why, sizeof(why));
	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s", why);
	return 0;
}

static void release(struct x86_boot *b)
{
	if (b->zp && b->zp != INVALID_PADDR)
		page_free(b->zp, 1);
	if (b->cmdline && b->cmdline != INVALID_PADDR)
		page_free(b->cmdline, b->cmdline_pages);
	if (b->load)
		pmm_free(&pmm_global, b->load,
			 ALIGN_UP((uint64_t)b->bi.init_size, PAGE_SIZE) >> PAGE_SHIFT);
}

static void report(const struct x86_boot *b, const struct boot_image *initrd, const char *cmdline)
{
	log_info("linux: bzImage protocol %u.%02u, kernel %u bytes at %#llx (pref %#llx, "
		 "init_size %#x, align %#x), zero page %#llx, e820 %u entries%s",
		 b->bi.version >> 8, b->bi.version & 0xff, b->bi.kernel_size,
		 (unsigned long long)b->load, (unsigned long long)b->bi.pref_address,
		 b->bi.init_size, b->bi.kernel_alignment, (unsigned long long)b->zp, b->e820.n,
		 b->efi.memmap ? ", EFI memmap + systab" : "");
	log_info("linux: initrd %#llx+%llu, cmdline \"%s\"",
		 (unsigned long long)(initrd ? initrd->paddr : 0),
		 (unsigned long long)(initrd ? initrd->size : 0), cmdline ? cmdline : "");
}

static int boot(struct boot_entry *e, struct boot_image *kernel, struct boot_image *initrd,
		const char *cmdline, struct boot_image *dtb)
{
	static struct x86_boot b; /* the e820 table is 2.5 KiB: not on the stack */
	struct linux_x86_handoff h = { .loader_info = LOADER_INFO };
	char why[BOOT_REASON_MAX];
	int rc;

	(void)dtb;
	memset(&b, 0, sizeof(b));
	if (!arch_linux_x86_64_supported())
		return boot_entry_fail(e, BOOT_WRONG_ARCH, "no x86_64 handoff in this image");
	/* Checked again on the whole file: check() only saw its head. */
	if (bzimage_check(kernel->data, kernel->size, kernel->size, &b.bi, why, sizeof(why)))
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s", why);
	rc = place(e, &b.bi, &b.load);
	if (!rc)
		rc = params(e, &b, kernel, initrd, cmdline);
	if (rc) {
		release(&b);
		return rc;
	}
	memcpy(phys_to_virt(b.load), (const uint8_t *)kernel->data + b.bi.setup_size,
	       b.bi.kernel_size);
	report(&b, initrd, cmdline);
	boot_timeline_mark(BOOT_T_HANDOFF);
	boot_timeline_print();
	rc = boot_quiesce();
	if (rc) {
		/* Half stopped: the manager must not carry on as if nothing happened. */
		release(&b);
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "quiesce before handoff failed (%d)", rc);
	}
	h.entry = b.load + BZ_ENTRY64_OFFSET;
	h.zero_page = b.zp;
	h.since_entry_ns = timestamp_ns() - boot_timeline_ns(BOOT_T_FIRMWARE_ENTRY);
	arch_linux_x86_64_enter(&h);
}

const struct boot_loader boot_loader_linux_x86_64 = {
	.name = "linux",
	.arch = "x86_64",
	.kernel_align = 0,
	.check = check,
	.boot = boot,
};
