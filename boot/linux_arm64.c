// SPDX-License-Identifier: MIT
/*
 * arm64 Linux Image header and placement (Linux
 * Documentation/arch/arm64/booting.rst, section 4 "Call the kernel image").
 *
 *   u32 code0, code1; u64 text_offset, image_size, flags, res2, res3, res4;
 *   u32 magic = "ARM\x64" at 0x38; u32 res5 (PE header offset with EFI stub)
 *
 * All fields little-endian, read with le*_get. Portable: host-tested.
 */
#include <errno.h>
#include <string.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>

#define HDR_TEXT_OFFSET 0x08
#define HDR_IMAGE_SIZE	0x10
#define HDR_FLAGS	0x18
#define ARM64_MAGIC	0x644d5241u /* "ARM\x64" little-endian */

/* flags (booting.rst): bit 0 endianness, bits 1-2 page size, bit 3 placement. */
#define FLAG_BE	       BIT_ULL(0)
#define FLAG_PAGE_SIZE GENMASK_ULL(2, 1)
#define FLAG_PHYS_BASE BIT_ULL(3)
#define FLAG_RESERVED  GENMASK_ULL(63, 4)

/* Other formats a boot entry may name by mistake. */
#define X86_HDRS_OFF 0x202 /* "HdrS" (Linux x86 boot.rst, setup header) */

const char *arm64_image_sniff(const void *img, size_t len)
{
	const uint8_t *p = img;

	if (len >= ARM64_IMAGE_HDR_SIZE && le32_get(p + ARM64_IMAGE_MAGIC_OFF) == ARM64_MAGIC)
		return "arm64 Image";
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return "gzip";
	if (len >= 4 && !memcmp(p, "\177ELF", 4))
		return "ELF";
	if (len >= X86_HDRS_OFF + 4 && !memcmp(p + X86_HDRS_OFF, "HdrS", 4))
		return "x86 bzImage";
	if (len >= 2 && p[0] == 'M' && p[1] == 'Z')
		return "PE/COFF";
	return "unknown";
}

static int wrong_format(const uint8_t *p, size_t len, const char **why)
{
	const char *what = arm64_image_sniff(p, len);

	if (!strcmp(what, "x86 bzImage"))
		*why = "an x86 bzImage (HdrS at 0x202), not an arm64 Image: wrong architecture";
	else if (!strcmp(what, "ELF"))
		*why = "an ELF file, not an arm64 Image (booting.rst wants the raw Image)";
	else if (!strcmp(what, "gzip"))
		*why = "still gzip-compressed (decompress first)";
	else
		*why = "bad magic: no \"ARM\\x64\" at offset 0x38";
	return -ENOEXEC;
}

static unsigned page_kib(uint64_t flags)
{
	static const unsigned kib[] = { 0, 4, 16, 64 };

	return kib[FIELD_GET(FLAG_PAGE_SIZE, flags)];
}

static bool granule_ok(unsigned kib, unsigned cpu_gran)
{
	switch (kib) {
	case 0:
	case 4:
		return cpu_gran & ARM64_GRAN_4K; /* unspecified: old kernels, 4K */
	case 16:
		return cpu_gran & ARM64_GRAN_16K;
	default:
		return cpu_gran & ARM64_GRAN_64K;
	}
}

int arm64_image_parse(const void *img, size_t len, unsigned cpu_gran, struct arm64_image *out,
		      const char **why)
{
	const uint8_t *p = img;
	static const char *dummy;

	if (!why)
		why = &dummy;
	if (!p || len < ARM64_IMAGE_HDR_SIZE) {
		*why = "shorter than the 64-byte arm64 Image header";
		return -ENOEXEC;
	}
	if (le32_get(p + ARM64_IMAGE_MAGIC_OFF) != ARM64_MAGIC)
		return wrong_format(p, len, why);
	memset(out, 0, sizeof(*out));
	out->text_offset = le64_get(p + HDR_TEXT_OFFSET);
	out->image_size = le64_get(p + HDR_IMAGE_SIZE);
	out->flags = le64_get(p + HDR_FLAGS);
	if (!out->image_size) {
		/* Before 3.17 text_offset had unknown endianness: assume 0x80000, and the
		 * file is all we know of the size (booting.rst, "image_size is zero"). */
		out->legacy = true;
		out->flags = 0;
		out->text_offset = ARM64_IMAGE_LEGACY_TEXT;
		out->image_size = ALIGN_UP((uint64_t)len, PAGE_SIZE);
	}
	if (out->flags & FLAG_BE) {
		*why = "big-endian kernel (flags bit 0): vmplat runs little-endian";
		return -ENOTSUP;
	}
	out->page_kib = page_kib(out->flags);
	out->phys_anywhere = out->flags & FLAG_PHYS_BASE;
	if (!granule_ok(out->page_kib, cpu_gran)) {
		*why = "kernel page size not implemented by this CPU (ID_AA64MMFR0_EL1.TGran)";
		return -ENOTSUP;
	}
	if (out->text_offset >= ARM64_IMAGE_MAX_TEXT_OFFSET ||
	    !IS_ALIGNED(out->text_offset, PAGE_SIZE)) {
		*why = "text_offset not page aligned or not below 2 MiB";
		return -EINVAL;
	}
	if (out->image_size > ARM64_IMAGE_MAX_SIZE) {
		*why = "image_size above vmplat's 1 GiB limit";
		return -EINVAL;
	}
	if (out->image_size < len) {
		*why = "image_size smaller than the Image file (truncated header or wrong file)";
		return -EINVAL;
	}
	return 0;
}

int arm64_image_reserve(struct pmm *p, const struct arm64_image *im, paddr_t *base, paddr_t *kernel)
{
	uint64_t bytes = ALIGN_UP(im->text_offset + im->image_size, PAGE_SIZE);
	paddr_t b = pmm_alloc_aligned(p, bytes >> PAGE_SHIFT, ARM64_IMAGE_ALIGN);

	if (b == INVALID_PADDR) {
		log_err("linux: no 2 MiB aligned free RAM for the Image (%llu KiB)",
			(unsigned long long)(bytes / KiB));
		return -ENOMEM;
	}
	/* Bit 3 set: all image_size bytes within 48 bits of address. Bit 3 clear:
	 * the lowest free base is the closest vmplat can get to DRAM base. */
	if (b + bytes > ARM64_PHYS_LIMIT) {
		pmm_free(p, b, bytes >> PAGE_SHIFT);
		log_err("linux: Image at %#llx would end beyond 48 bits of physical address",
			(unsigned long long)b);
		return -ERANGE;
	}
	*base = b;
	*kernel = b + im->text_offset;
	return 0;
}

int arm64_layout_check(paddr_t kernel, uint64_t kernel_size, paddr_t initrd, uint64_t initrd_size,
		       paddr_t dtb, uint64_t dtb_size, const char **why)
{
	if (!IS_ALIGNED(dtb, 8) || !dtb_size || dtb_size > ARM64_DTB_MAX) {
		*why = "DTB not 8-byte aligned or larger than 2 MiB";
		return -EINVAL;
	}
	if (initrd_size) {
		paddr_t lo = MIN(kernel, initrd);
		paddr_t hi = MAX(kernel + kernel_size, initrd + initrd_size);

		/* One 1 GiB aligned window of at most 32 GiB covers both. */
		if (hi - ALIGN_DOWN(lo, GiB) > ARM64_INITRD_WINDOW) {
			*why = "initrd and Image not within one 1 GiB aligned 32 GiB window";
			return -ERANGE;
		}
	}
	return 0;
}
