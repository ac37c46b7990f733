// SPDX-License-Identifier: MIT
/*
 * The arm64 Linux loader (boot.h struct boot_loader, booting.rst): check
 * the Image header (decompressing a gzip'd vmlinuz first), place the Image
 * 2 MiB aligned at base + text_offset in page-allocated RAM, copy the DTB
 * (vmplat's own, or the entry's `devicetree`) with /chosen edited, check
 * the layout, then quiesce and enter the kernel (arch/aarch64/handoff.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/handoff.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>

#define FDT_HDR_TOTALSIZE 4

/* Arch hooks; only the aarch64 image has them (the loader runs only there). */
__weak unsigned arch_cpu_granules(void)
{
	return 0;
}

__weak int arch_linux_handoff(paddr_t entry, paddr_t dtb, const struct pmm_range *clean,
			      unsigned nclean)
{
	(void)entry;
	(void)dtb;
	(void)clean;
	(void)nclean;
	return -ENOTSUP;
}

/*
 * The head to check: the file's own first bytes (all of them, so a wrong
 * format is named: bzImage's HdrS is at 0x202), or the first 64 bytes of
 * the Image decompressed from a gzip head into hdr.
 */
static int image_head(const uint8_t **head, size_t *len, uint8_t hdr[ARM64_IMAGE_HDR_SIZE],
		      const char **why)
{
	size_t got = ARM64_IMAGE_HDR_SIZE;
	int rc;

	if (!gzip_is(*head, *len))
		return 0;
	rc = gunzip_head(*head, *len, hdr, &got, why);
	*head = hdr;
	*len = got;
	return rc;
}

static int check(const uint8_t *head, size_t len, uint64_t file_size, char *why, size_t why_len)
{
	uint8_t hdr[ARM64_IMAGE_HDR_SIZE];
	struct arm64_image im;
	const char *msg = "";
	int rc;

	(void)file_size;
	rc = image_head(&head, &len, hdr, &msg);
	if (!rc)
		rc = arm64_image_parse(head, len, arch_cpu_granules() ?: ARM64_GRAN_4K, &im, &msg);
	if (rc) {
		snprintf(why, why_len, "arm64 Image: %s", msg);
		/* boot.h: check() answers -EINVAL or -ENOEXEC */
		return rc == -ENOTSUP ? -EINVAL : rc;
	}
	return 0;
}

/* The Image bytes: the loaded file, or a gunzip'd copy in fresh pages. */
static int image_bytes(struct boot_entry *e, struct boot_image *k, struct boot_image *out)
{
	const char *why = "";
	uint64_t size;
	size_t n;
	int rc;

	if (!gzip_is(k->data, k->size)) {
		*out = *k;
		out->npages = 0; /* not ours to free */
		return 0;
	}
	size = gzip_isize(k->data, k->size);
	if (!size || size > INFLATE_MAX_OUT)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "gzip'd Image: size %llu not usable",
				       (unsigned long long)size);
	out->npages = DIV_ROUND_UP(size, PAGE_SIZE);
	out->paddr = page_alloc(out->npages);
	if (out->paddr == INVALID_PADDR)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no memory to decompress %llu KiB",
				       (unsigned long long)(size / KiB));
	out->data = phys_to_virt(out->paddr);
	n = size;
	rc = gunzip(k->data, k->size, out->data, &n, &why);
	out->size = n;
	if (rc) {
		page_free(out->paddr, out->npages);
		out->npages = 0;
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "gunzip %s: %s", k->path, why);
	}
	log_info("linux: %s gunzip'd: %llu -> %llu bytes", k->path, (unsigned long long)k->size,
		 (unsigned long long)n);
	return 0;
}

/* The DTB for the kernel in fresh pages; *pa and *len out. */
static int make_dtb(struct boot_entry *e, struct boot_image *dtb, const char *cmdline,
		    const struct boot_image *initrd, paddr_t *pa, uint64_t *len, uint64_t *npages)
{
	const void *src = dtb ? dtb->data : platform.fdt;
	size_t src_len = dtb ? dtb->size : 0;
	struct arm64_fdt_args a = { .bootargs = cmdline };
	const char *why = "";
	size_t room;
	int rc;

	if (!src)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no devicetree to give the kernel");
	if (!dtb) /* vmplat's own, checked at boot: its header gives the size */
		src_len = be32_get((const uint8_t *)src + FDT_HDR_TOTALSIZE);
	if (initrd && initrd->size) {
		a.initrd_start = initrd->paddr;
		a.initrd_end = initrd->paddr + initrd->size;
	}
	room = arm64_fdt_room(src, &a);
	*npages = DIV_ROUND_UP(room, PAGE_SIZE);
	*pa = page_alloc(*npages);
	if (*pa == INVALID_PADDR)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no memory for the devicetree");
	rc = arm64_fdt_prepare(src, src_len, phys_to_virt(*pa), *npages * PAGE_SIZE, &a, &why);
	if (rc) {
		page_free(*pa, *npages);
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "devicetree %s: %s",
				       dtb ? dtb->path : "(vmplat's)", why);
	}
	*len = be32_get((const uint8_t *)phys_to_virt(*pa) + FDT_HDR_TOTALSIZE);
	return 0;
}

static int place(struct boot_entry *e, const struct boot_image *img, struct arm64_image *im,
		 paddr_t *base, paddr_t *kernel)
{
	const char *why = "";
	int rc = arm64_image_parse(img->data, img->size, arch_cpu_granules(), im, &why);

	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "%s: %s", img->path, why);
	if (im->legacy)
		log_warn("linux: image_size 0 (pre-3.17 kernel): text_offset 0x80000 assumed");
	rc = arm64_image_reserve(&pmm_global, im, base, kernel);
	if (rc)
		return boot_entry_fail(e, BOOT_BAD_IMAGE, "no room for the Image (%d)", rc);
	memcpy(phys_to_virt(*kernel), img->data, img->size);
	/* booting.rst: image_size counts bss the kernel clears itself; zero it anyway. */
	memset(phys_to_virt(*kernel + img->size), 0, im->image_size - img->size);
	return 0;
}

static int boot(struct boot_entry *e, struct boot_image *kernel, struct boot_image *initrd,
		const char *cmdline, struct boot_image *dtb)
{
	struct boot_image img = { 0 };
	struct arm64_image im;
	paddr_t base, kpa, dtb_pa = 0;
	uint64_t dtb_len = 0, dtb_pages = 0, kbytes;
	const char *why = "";
	int rc;

	rc = image_bytes(e, kernel, &img);
	if (rc)
		return rc;
	rc = place(e, &img, &im, &base, &kpa);
	if (img.npages)
		page_free(img.paddr, img.npages);
	if (rc)
		return rc;
	kbytes = ALIGN_UP(im.text_offset + im.image_size, PAGE_SIZE);
	rc = make_dtb(e, dtb, cmdline, initrd, &dtb_pa, &dtb_len, &dtb_pages);
	if (!rc && arm64_layout_check(kpa, im.image_size, initrd ? initrd->paddr : 0,
				      initrd ? initrd->size : 0, dtb_pa, dtb_len, &why))
		rc = boot_entry_fail(e, BOOT_BAD_IMAGE, "layout: %s", why);
	if (rc) {
		pmm_free(&pmm_global, base, kbytes >> PAGE_SHIFT);
		return rc;
	}
	log_info("linux: Image at %#llx (text_offset %#llx, image_size %#llx, flags %#llx), "
		 "DTB at %#llx (%llu bytes), initrd %#llx+%llu, bootargs \"%s\"",
		 (unsigned long long)kpa, (unsigned long long)im.text_offset,
		 (unsigned long long)im.image_size, (unsigned long long)im.flags,
		 (unsigned long long)dtb_pa, (unsigned long long)dtb_len,
		 (unsigned long long)(initrd ? initrd->paddr : 0),
		 (unsigned long long)(initrd ? initrd->size : 0), cmdline ? cmdline : "");
	boot_timeline_mark(BOOT_T_HANDOFF);
	boot_timeline_print();
	{
		struct pmm_range clean[3] = {
			{ kpa, im.image_size },
			{ dtb_pa, dtb_len },
			{ initrd ? initrd->paddr : 0, initrd ? initrd->size : 0 },
		};

		rc = arch_linux_handoff(kpa, dtb_pa, clean, 3);
	}
	/* Only a failed quiesce returns: the machine is half stopped, do not go back. */
	page_free(dtb_pa, dtb_pages);
	pmm_free(&pmm_global, base, kbytes >> PAGE_SHIFT);
	return boot_entry_fail(e, BOOT_BAD_IMAGE, "handoff failed (%d)", rc);
}

const struct boot_loader boot_loader_linux_arm64 = {
	.name = "linux",
	.arch = "aarch64",
	.kernel_align = 0,
	.check = check,
	.boot = boot,
};
