// SPDX-License-Identifier: MIT
/*
 * Where an arm64 Image, its initrd and the DTB go in guest RAM
 * (Linux Documentation/arch/arm64/booting.rst, "Call the kernel image"):
 * the Image at a 2 MiB aligned base + text_offset, image_size bytes of
 * room; the DTB 8-byte aligned, at most 2 MiB, not crossing a 2 MiB
 * boundary (we use the last 2 MiB of RAM); the initrd just below the DTB.
 * Header fields are read as little-endian bytes. Portable: host-tested.
 */
#include <errno.h>
#include <vmplat/log.h>
#include "hv_priv.h"

#define IMG_TEXT_OFFSET	 8
#define IMG_IMAGE_SIZE	 16
#define IMG_FLAGS	 24
#define IMG_MAGIC	 56
#define IMG_HDR_SIZE	 64
#define IMG_FLAG_BE	 BIT_ULL(0)
#define IMG_DEFAULT_TEXT 0x80000 /* image_size 0: pre-3.17 kernel (booting.rst) */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int hv_image_layout(const void *img, size_t img_size, uint64_t ram_base, uint64_t ram_size,
		    size_t initrd_size, struct hv_layout *l)
{
	const uint8_t *h = img;
	uint64_t text, size, top;

	if (img_size < IMG_HDR_SIZE || le32(h + IMG_MAGIC) != ARM64_IMAGE_MAGIC) {
		log_err("hv: not an arm64 Image (no \"ARM\\x64\" magic at 0x38, booting.rst)");
		return -EINVAL;
	}
	text = le64(h + IMG_TEXT_OFFSET);
	size = le64(h + IMG_IMAGE_SIZE);
	if (!size)
		text = IMG_DEFAULT_TEXT;
	if (le64(h + IMG_FLAGS) & IMG_FLAG_BE) {
		log_err("hv: big-endian kernel Image is not supported");
		return -EINVAL;
	}
	size = MAX(size, (uint64_t)img_size);
	if (!IS_ALIGNED(ram_base, 2 * MiB) || ram_size < 2 * HV_DTB_MAX || text > ram_size ||
	    size > ram_size - HV_DTB_MAX - text) {
		log_err("hv: Image (text_offset %#llx, %llu bytes) does not fit %llu MiB of RAM",
			(unsigned long long)text, (unsigned long long)size,
			(unsigned long long)(ram_size / MiB));
		return -E2BIG;
	}
	l->kernel = ram_base + text;
	l->kernel_end = l->kernel + size;
	top = ram_base + ram_size - HV_DTB_MAX;
	l->dtb = top;
	l->initrd = 0;
	if (initrd_size) {
		uint64_t len = ALIGN_UP((uint64_t)initrd_size, PAGE_SIZE);

		if (len > top - ALIGN_UP(l->kernel_end, PAGE_SIZE)) {
			log_err("hv: initrd of %zu bytes does not fit between the kernel and the DTB",
				initrd_size);
			return -E2BIG;
		}
		l->initrd = top - len;
	}
	return 0;
}
