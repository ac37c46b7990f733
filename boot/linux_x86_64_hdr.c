// SPDX-License-Identifier: MIT
/*
 * bzImage setup header checks (Documentation/arch/x86/boot.rst, "The real-mode
 * kernel header" and "Details of header fields"). Every length the header
 * gives is checked against the file before the loader trusts it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <vmplat/types.h>

#include "linux_x86_64.h"

#define BZ_HEAD_MIN  (BZ_HEADER + 1) /* through the jump's offset byte (0x201) */
#define BZ_PARAGRAPH 16		     /* syssize counts 16-byte paragraphs */

typedef unsigned long long ull;

static int __printf(4, 5) fail(int rc, char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* boot_flag, "HdrS", protocol version and the header's own length. */
static int check_magic(const uint8_t *h, size_t len, struct bzimage_info *bi, char *why, size_t wl)
{
	if (len < BZ_HEAD_MIN)
		return fail(-ENOEXEC, why, wl, "bzImage: %llu bytes, shorter than a setup header",
			    (ull)len);
	if (le16_get(h + BZ_BOOT_FLAG) != BZ_BOOT_FLAG_MAGIC)
		return fail(-ENOEXEC, why, wl, "bzImage: boot flag %#06llx at 0x1fe, want 0xaa55",
			    (ull)le16_get(h + BZ_BOOT_FLAG));
	/* The header ends at 0x202 + the byte at 0x201 (boot.rst, "setup header"). */
	bi->hdr_end = BZ_HEADER + h[BZ_JUMP + 1];
	if (bi->hdr_end + 0ULL > len || bi->hdr_end < BZ_HEADER + 4)
		return fail(-ENOEXEC, why, wl, "bzImage: header ends at %#llx, file head has %#llx",
			    (ull)bi->hdr_end, (ull)len);
	if (le32_get(h + BZ_HEADER) != BZ_HDRS_MAGIC)
		return fail(-ENOEXEC, why, wl, "bzImage: no \"HdrS\" at 0x202 (%#010llx)",
			    (ull)le32_get(h + BZ_HEADER));
	bi->version = le16_get(h + BZ_VERSION);
	if (bi->version < BZ_MIN_VERSION)
		return fail(-ENOTSUP, why, wl,
			    "bzImage: boot protocol %llu.%02llu, 64-bit entry needs 2.12",
			    (ull)bi->version >> 8, (ull)bi->version & 0xff);
	if (bi->hdr_end < BZ_INIT_SIZE + 4 || bi->hdr_end > BZ_HDR_MAX_END)
		return fail(-ENOEXEC, why, wl, "bzImage: protocol %#llx header ends at %#llx",
			    (ull)bi->version, (ull)bi->hdr_end);
	return 0;
}

/* Where the protected-mode kernel is in the file and how much it says it is. */
static int check_layout(const uint8_t *h, uint64_t file_size, struct bzimage_info *bi, char *why,
			size_t wl)
{
	uint64_t sys;

	bi->setup_sects = h[BZ_SETUP_SECTS] ? h[BZ_SETUP_SECTS] : 4; /* 0 means 4 */
	if (bi->setup_sects > BZ_MAX_SETUP_SECTS)
		return fail(-ENOEXEC, why, wl, "bzImage: %llu setup sectors, at most %llu",
			    (ull)bi->setup_sects, (ull)BZ_MAX_SETUP_SECTS);
	bi->setup_size = (bi->setup_sects + 1) * BZ_SECTOR;
	if (file_size <= bi->setup_size)
		return fail(-ENOEXEC, why, wl,
			    "bzImage: truncated: %llu bytes, setup alone is %llu", (ull)file_size,
			    (ull)bi->setup_size);
	if (file_size - bi->setup_size > UINT32_MAX)
		return fail(-ENOEXEC, why, wl, "bzImage: %llu bytes is too large", (ull)file_size);
	bi->kernel_size = (uint32_t)(file_size - bi->setup_size);
	sys = (uint64_t)le32_get(h + BZ_SYSSIZE) * BZ_PARAGRAPH;
	if (!sys || sys > bi->kernel_size)
		return fail(-ENOEXEC, why, wl,
			    "bzImage: truncated: syssize says %llu kernel bytes, file has %llu",
			    (ull)sys, (ull)bi->kernel_size);
	bi->init_size = le32_get(h + BZ_INIT_SIZE);
	if (bi->init_size < bi->kernel_size || bi->init_size > BZ_MAX_INIT_SIZE)
		return fail(-ENOEXEC, why, wl, "bzImage: init_size %#llx for a %#llx-byte kernel",
			    (ull)bi->init_size, (ull)bi->kernel_size);
	return 0;
}

/* 64-bit entry, placement and limits (boot.rst fields of protocol 2.05-2.12). */
static int check_placement(const uint8_t *h, struct bzimage_info *bi, char *why, size_t wl)
{
	bi->loadflags = h[BZ_LOADFLAGS];
	bi->xloadflags = le16_get(h + BZ_XLOADFLAGS);
	if (!(bi->xloadflags & XLF_KERNEL_64))
		return fail(-ENOTSUP, why, wl, "bzImage: no 64-bit entry (xloadflags %#llx)",
			    (ull)bi->xloadflags);
	if (!(bi->loadflags & BZ_LOADED_HIGH))
		return fail(-ENOTSUP, why, wl, "bzImage: zImage (loadflags %#llx), not bzImage",
			    (ull)bi->loadflags);
	bi->relocatable = h[BZ_RELOCATABLE] != 0;
	bi->kernel_alignment = le32_get(h + BZ_KERNEL_ALIGNMENT);
	bi->pref_address = le64_get(h + BZ_PREF_ADDRESS);
	if (bi->kernel_alignment < PAGE_SIZE || (bi->kernel_alignment & (bi->kernel_alignment - 1)))
		return fail(-ENOEXEC, why, wl, "bzImage: kernel_alignment %#llx",
			    (ull)bi->kernel_alignment);
	if (!IS_ALIGNED(bi->pref_address, PAGE_SIZE) ||
	    bi->pref_address + bi->init_size < bi->pref_address)
		return fail(-ENOEXEC, why, wl, "bzImage: pref_address %#llx",
			    (ull)bi->pref_address);
	bi->cmdline_size = le32_get(h + BZ_CMDLINE_SIZE);
	bi->initrd_addr_max = le32_get(h + BZ_INITRD_ADDR_MAX);
	if (!bi->cmdline_size || !bi->initrd_addr_max)
		return fail(-ENOEXEC, why, wl, "bzImage: cmdline_size %llu, initrd_addr_max %#llx",
			    (ull)bi->cmdline_size, (ull)bi->initrd_addr_max);
	return 0;
}

int bzimage_check(const uint8_t *head, size_t len, uint64_t file_size, struct bzimage_info *bi,
		  char *why, size_t why_len)
{
	int rc;

	*bi = (struct bzimage_info){ 0 };
	if (why && why_len)
		why[0] = 0;
	if (len > file_size)
		len = (size_t)file_size;
	rc = check_magic(head, len, bi, why, why_len);
	if (!rc)
		rc = check_layout(head, file_size, bi, why, why_len);
	if (!rc)
		rc = check_placement(head, bi, why, why_len);
	return rc;
}
