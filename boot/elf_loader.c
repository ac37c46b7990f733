// SPDX-License-Identifier: MIT
/*
 * The "elf" loader: static ELF64 payloads (boot/elf.c) of the running arch,
 * placed at their physical addresses, text made executable (W^X: RX or RW
 * per PF_X), entered as entry(cmdline, dtb) on the boot CPU with vmplat's
 * page tables still live (the payload drives the hardware itself).
 */
#include <errno.h>
#include <vmplat/boot.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/timer.h>

#define PF_X 1u

static int elf_check(const uint8_t *head, size_t len, uint64_t file_size, char *why, size_t why_len)
{
	struct elf_info info;

	(void)file_size;
	return elf_parse(head, len, elf_machine_for(platform.arch), &info, why, why_len);
}

static void *identity(void *ctx, paddr_t pa, uint64_t len)
{
	(void)ctx;
	(void)len;
	return phys_to_virt(pa);
}

/* Text RX, the rest RW (the platform map keeps W^X). */
static int protect_segments(const struct elf_info *info)
{
	for (unsigned i = 0; i < info->nseg; i++) {
		const struct elf_segment *s = &info->seg[i];
		vaddr_t lo = ALIGN_DOWN(s->paddr, PAGE_SIZE);
		uint64_t len = ALIGN_UP(s->paddr + s->memsz, PAGE_SIZE) - lo;
		int rc;

		if (!s->memsz)
			continue;
		rc = mm_protect(lo, len, s->flags & PF_X ? MM_RX : MM_RW);
		if (rc) {
			log_err("boot: ELF segment %u at %#llx: cannot map (%d)", i,
				(unsigned long long)s->paddr, rc);
			return rc;
		}
		if (s->flags & PF_X)
			arch_sync_icache(lo, len);
	}
	return 0;
}

static int elf_boot(struct boot_entry *e, struct boot_image *kernel, struct boot_image *initrd,
		    const char *cmdline, struct boot_image *dtb)
{
	struct elf_info info;
	char why[BOOT_REASON_MAX];
	void (*entry)(const char *cmdline, const void *dtb);
	int rc;

	(void)initrd;
	rc = elf_parse(kernel->data, kernel->size, elf_machine_for(platform.arch), &info, why,
		       sizeof(why));
	if (!rc)
		rc = elf_place(&info, kernel->data, kernel->size, &pmm_global, identity, NULL, why,
			       sizeof(why));
	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: %s", kernel->path, why);
	rc = protect_segments(&info);
	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: segments cannot be mapped",
				       kernel->path);
	console_printf("boot: %s: ELF entry %#llx, %u PT_LOAD segments\n", kernel->path,
		       (unsigned long long)info.entry, info.nseg);
	boot_timeline_set(BOOT_T_HANDOFF, timestamp_ns());
	boot_timeline_print();
	rc = boot_quiesce();
	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "platform quiesce failed (%d)", rc);
	entry = (void (*)(const char *, const void *))(uintptr_t)info.entry;
	entry(cmdline, dtb && dtb->data ? dtb->data : platform.fdt);
	return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: payload returned", kernel->path);
}

const struct boot_loader boot_loader_elf = {
	.name = "elf",
	.arch = NULL,
	.kernel_align = PAGE_SIZE,
	.check = elf_check,
	.boot = elf_boot,
};
