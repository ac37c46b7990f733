// SPDX-License-Identifier: MIT
/*
 * Handing the machine to a payload (Linux, an ELF): the generic pre-handoff
 * quiesce (boot/handoff.c) and the arm64 Linux loader pieces
 * (boot/linux_arm64*.c, boot/inflate.c, arch/aarch64/handoff.c).
 *
 * Quiesce order: hooks run in reverse registration order. The built-in
 * hooks are registered first (so they run last), as
 *   arch (CPUs parked, timers off, interrupts masked)  <- runs last
 *   iommu_disable_all()   translation off / bypass, after DMA stopped
 *   pci_bus_master_off_all()
 *   blk_quiesce_all()     virtio reset, NVMe CC.EN=0 <- runs first of these
 * and a subsystem that registers later (a GPU, the hypervisor) runs before
 * them. Nothing of vmplat stays resident after a handoff.
 */
#ifndef VMPLAT_HANDOFF_H
#define VMPLAT_HANDOFF_H

#include <vmplat/mm.h>
#include <vmplat/types.h>

/* ---- generic quiesce (boot/handoff.c) ---- */
#define HANDOFF_MAX_HOOKS 16

typedef int (*handoff_hook_fn)(void *arg);

/* 0, -EINVAL (no fn), -ENOSPC (table full). */
int handoff_register(const char *name, handoff_hook_fn fn, void *arg);
/*
 * Run every hook (reverse registration order). A failing hook is logged and
 * the rest still run: the machine is half-quiesced either way, and the
 * caller decides whether to jump. Returns the first error or 0. Runs once;
 * later calls return -EALREADY.
 */
int platform_quiesce_for_handoff(void);
/* Names of the hooks in the order they ran (tests, the boot report). */
unsigned handoff_ran(const char **names, unsigned max);

/* Built-in hooks (additive functions in the drivers). 0 or the first error. */
int blk_quiesce_all(void);	  /* drivers/block: stop every controller */
int iommu_disable_all(void);	  /* drivers/iommu + drivers/smmu: translation off */
int pci_bus_master_off_all(void); /* drivers/pci: COMMAND.BME = 0 everywhere */
struct iommu_unit;
int vtd_disable(struct iommu_unit *u);	/* drivers/iommu: TE, IRE off */
int smmu_disable(struct iommu_unit *u); /* drivers/smmu: SMMUEN = 0, GBPA bypass */
/* Arch: park secondaries, stop timers, mask and disable interrupt delivery. */
int arch_quiesce_for_handoff(void);

/* ---- arm64 Linux Image (boot/linux_arm64.c, booting.rst "Call the kernel image") ---- */
#define ARM64_IMAGE_HDR_SIZE	    64
#define ARM64_IMAGE_MAGIC_OFF	    0x38
#define ARM64_IMAGE_LEGACY_TEXT	    0x80000   /* image_size 0: pre-3.17 kernel */
#define ARM64_IMAGE_MAX_TEXT_OFFSET (2 * MiB) /* the base is 2 MiB aligned */
#define ARM64_IMAGE_MAX_SIZE	    (1 * GiB)
#define ARM64_IMAGE_ALIGN	    (2 * MiB)
#define ARM64_PHYS_LIMIT	    (1ULL << 48) /* flags bit 3 = 1: within 48 bits */
#define ARM64_DTB_MAX		    (2 * MiB)
#define ARM64_INITRD_WINDOW	    (32 * GiB) /* 1 GiB aligned, covers the Image too */

/* Translation granules the CPU implements (ID_AA64MMFR0_EL1.TGran4/16/64). */
#define ARM64_GRAN_4K  BIT(0)
#define ARM64_GRAN_16K BIT(1)
#define ARM64_GRAN_64K BIT(2)

struct arm64_image {
	uint64_t text_offset;
	uint64_t image_size; /* bytes to reserve from the load address, >= the file */
	uint64_t flags;
	unsigned page_kib;  /* 4, 16, 64; 0 = not given */
	bool phys_anywhere; /* flags bit 3: any 2 MiB base within 48 bits */
	bool legacy;	    /* image_size was 0 */
};

/*
 * Check the 64-byte header of a decompressed Image of len bytes. cpu_gran is
 * ARM64_GRAN_* of the running CPU. -ENOEXEC (another format: x86 bzImage,
 * ELF, gzip, bad magic), -EINVAL (bad field), -ENOTSUP (big-endian, page size
 * the CPU lacks), with *why set for the log.
 */
int arm64_image_parse(const void *img, size_t len, unsigned cpu_gran, struct arm64_image *out,
		      const char **why);
/* A short name of what the first bytes look like ("gzip", "ELF", "x86 bzImage", ...). */
const char *arm64_image_sniff(const void *img, size_t len);
/*
 * Reserve room for the Image from p: a 2 MiB aligned base (lowest free, which
 * is as close to DRAM base as vmplat can give: flags bit 3 = 0), the kernel at
 * base + text_offset, text_offset + image_size bytes. *base and *kernel out.
 * -ENOMEM, -ERANGE (beyond 48 bits with bit 3 set).
 */
int arm64_image_reserve(struct pmm *p, const struct arm64_image *im, paddr_t *base,
			paddr_t *kernel);
/* booting.rst placement rules for the initrd (1 GiB aligned 32 GiB window
 * covering the Image too) and the DTB (8-byte aligned, <= 2 MiB). */
int arm64_layout_check(paddr_t kernel, uint64_t kernel_size, paddr_t initrd, uint64_t initrd_size,
		       paddr_t dtb, uint64_t dtb_size, const char **why);

/* ---- DTB for the kernel (boot/linux_arm64_fdt.c, libfdt) ---- */
struct arm64_fdt_args {
	const char *bootargs; /* NULL: remove /chosen/bootargs */
	paddr_t initrd_start; /* 0 and 0: no initrd (stale properties removed) */
	paddr_t initrd_end;
	const void *rng_seed; /* optional /chosen/rng-seed bytes */
	size_t rng_seed_len;
};

/* Bytes to allocate for the copy of src (its size plus room for the edits). */
size_t arm64_fdt_room(const void *src, const struct arm64_fdt_args *a);
/*
 * fdt_check_full(src, src_len), fdt_open_into(dst), set /chosen (created if
 * missing): bootargs, linux,initrd-start/end, rng-seed; drop /chosen
 * linux,uefi-* (no EFI after vmplat); fdt_pack; fdt_check_full(dst).
 * /memreserve/ and /reserved-memory are kept as they are. -EINVAL (bad
 * blob, with *why), -ENOSPC (dst too small).
 */
int arm64_fdt_prepare(const void *src, size_t src_len, void *dst, size_t dst_len,
		      const struct arm64_fdt_args *a, const char **why);

/* ---- gzip / raw DEFLATE (boot/inflate.c, RFC 1951 + RFC 1952) ---- */
#define INFLATE_MAX_OUT (256 * MiB)

/* Raw DEFLATE: *out_len in = room, out = bytes written; *in_used = bytes read. */
int inflate_raw(const uint8_t *in, size_t in_len, size_t *in_used, uint8_t *out, size_t *out_len,
		const char **why);
/* One gzip member: header, DEFLATE, CRC-32 and ISIZE checked. */
int gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len, const char **why);
/* The first *out_len bytes of a gzip member whose start is in (a file head):
 * 0 once out is full; no CRC check (the data is incomplete). */
int gunzip_head(const uint8_t *in, size_t in_len, uint8_t *out, size_t *out_len, const char **why);
/* ISIZE of a gzip member (its uncompressed size mod 2^32), 0 when not gzip. */
uint32_t gzip_isize(const uint8_t *in, size_t in_len);
bool gzip_is(const uint8_t *in, size_t in_len);

/* ---- arm64 handoff (arch/aarch64/handoff.c, linux_entry.S) ---- */
/* ARM64_GRAN_* the running CPU implements (ID_AA64MMFR0_EL1). */
unsigned arch_cpu_granules(void);
/* Clean [pa, pa+size) to the Point of Coherency (dc cvac / civac by VA). */
void arch_dcache_clean_poc(paddr_t pa, uint64_t size);
/*
 * Quiesce (platform_quiesce_for_handoff), clean the regions to PoC, turn the
 * MMU and caches off and jump to entry at the current EL with x0 = dtb.
 * Returns only if the quiesce failed (-errno); the machine is then parked.
 */
int arch_linux_handoff(paddr_t entry, paddr_t dtb, const struct pmm_range *clean, unsigned nclean);
/* linux_entry.S: MMU and caches off, EL2 state, jump. */
__noreturn void arch_linux_enter(paddr_t entry, paddr_t dtb);

#endif
