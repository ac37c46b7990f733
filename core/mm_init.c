// SPDX-License-Identifier: MIT
/*
 * Boot-time memory set-up: the page allocator from the firmware memory map,
 * and the platform's identity map (RAM RW+NX, image text RX, rodata R),
 * then the switch to it.
 */
#include <errno.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>

#define MM_MAX_IMAGE_SECTIONS 8

static bool mem_is_ram(enum mem_type t)
{
	return t != MEM_MMIO;
}

static int pmm_setup(const struct image_section *sec, unsigned nsec)
{
	pmm_init(&pmm_global);
	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];

		if (r->type == MEM_USABLE && pmm_add(&pmm_global, r->base, r->size))
			log_warn("mm: cannot add RAM %#llx+%#llx", (unsigned long long)r->base,
				 (unsigned long long)r->size);
	}
	/* Anything else the map lists, and vmplat itself, must never be handed out. */
	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];

		if (r->type != MEM_USABLE)
			pmm_reserve(&pmm_global, r->base, r->size);
	}
	for (unsigned i = 0; i < nsec; i++)
		pmm_reserve(&pmm_global, sec[i].start, sec[i].end - sec[i].start);
	pmm_reserve(&pmm_global, 0, PAGE_SIZE); /* page 0 stays unmapped */
	platform.usable_bytes = pmm_global.total;
	if (!pmm_global.free_bytes) {
		log_err("mm: no usable RAM in the firmware memory map");
		return -ENOMEM;
	}
	return 0;
}

/*
 * RAM is re-protected page by page later (JIT, DMA buffers). Where changing a
 * live entry needs break-before-make, splitting a block would unmap memory in
 * use for a moment: map RAM with pages from the start there.
 */
static unsigned ram_map_flags(const struct pt *pt)
{
	return pt->fmt->break_before_make ? PT_PAGES : 0;
}

/* Map one RAM region RW+NX, skipping parts an earlier (overlapping) region mapped. */
static int map_ram(struct pt *pt, paddr_t base, uint64_t size)
{
	paddr_t start = ALIGN_DOWN(base, PAGE_SIZE), end = ALIGN_UP(base + size, PAGE_SIZE);

	if (start == 0)
		start = PAGE_SIZE;
	while (start < end) {
		paddr_t pa, run = start;
		unsigned prot;
		uint64_t len;

		if (!pt_lookup(pt, start, &pa, &prot, &len)) {
			start = ALIGN_DOWN(start, len) + len;
			continue;
		}
		while (run < end && pt_lookup(pt, run, &pa, &prot, &len))
			run += PAGE_SIZE;
		if (pt_map(pt, start, start, run - start, MM_RW | ram_map_flags(pt)))
			return -ENOMEM;
		start = run;
	}
	return 0;
}

static int map_image(struct pt *pt, const struct image_section *sec, unsigned nsec)
{
	for (unsigned i = 0; i < nsec; i++) {
		vaddr_t s = ALIGN_DOWN(sec[i].start, PAGE_SIZE);
		uint64_t len = ALIGN_UP(sec[i].end, PAGE_SIZE) - s;
		int rc;

		if (!len)
			continue;
		rc = map_ram(pt, s, len);
		if (!rc)
			rc = pt_protect(pt, s, len, sec[i].prot);
		if (rc) {
			log_err("mm: image section %s %#llx+%#llx: %d", sec[i].name,
				(unsigned long long)s, (unsigned long long)len, rc);
			return rc;
		}
	}
	return 0;
}

int mm_init(void)
{
	struct image_section sec[MM_MAX_IMAGE_SECTIONS];
	unsigned nsec = arch_image_sections(sec, MM_MAX_IMAGE_SECTIONS);
	struct pt *pt = mm_kernel_pt();
	int rc;

	rc = pmm_setup(sec, nsec);
	if (rc)
		return rc;
	rc = mm_pt_init();
	if (rc)
		return rc;
	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];

		if (mem_is_ram(r->type) && (rc = map_ram(pt, r->base, r->size)))
			goto fail;
	}
	rc = map_image(pt, sec, nsec);
	if (rc)
		goto fail;
	if (platform.uart_base &&
	    (rc = pt_map(pt, ALIGN_DOWN(platform.uart_base, PAGE_SIZE),
			 ALIGN_DOWN(platform.uart_base, PAGE_SIZE), PAGE_SIZE,
			 MM_RW | MM_DEVICE)) &&
	    rc != -EEXIST)
		goto fail;
	pt_gather_take(pt);
	arch_mm_activate(pt->root);
	mm_set_live();
	log_info("mm: %s page tables active, %llu MiB usable", pt->fmt->name,
		 (unsigned long long)(platform.usable_bytes / MiB));
	return 0;
fail:
	log_err("mm: building the identity map failed: %d", rc);
	return rc;
}
