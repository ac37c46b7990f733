// SPDX-License-Identifier: MIT
/*
 * The loaded PE image as sections with protections, from the link-time
 * symbols in linker/x86_64.lds (PE RVAs equal the ELF addresses, so the
 * symbols relocate with the image).
 */
#include <vmplat/mm.h>

#include "x86_64.h"

extern char ImageBase[], __image_text_start[], __image_text_end[];
extern char __image_data_start[], __image_data_end[], __image_end[];

static unsigned add(struct image_section *out, unsigned n, unsigned max, const char *lo,
		    const char *hi, unsigned prot, const char *name)
{
	vaddr_t s = ALIGN_DOWN((vaddr_t)(uintptr_t)lo, PAGE_SIZE);
	vaddr_t e = ALIGN_UP((vaddr_t)(uintptr_t)hi, PAGE_SIZE);

	if (n >= max || e <= s)
		return n;
	out[n] = (struct image_section){ s, e, prot, name };
	return n + 1;
}

unsigned arch_image_sections(struct image_section *out, unsigned max)
{
	unsigned n = 0;
	const char *text_end = (const char *)ALIGN_UP((uintptr_t)__image_text_end, PAGE_SIZE);
	const char *data_end = (const char *)ALIGN_UP((uintptr_t)__image_data_end, PAGE_SIZE);

	n = add(out, n, max, ImageBase, __image_text_start, MM_R, "headers");
	n = add(out, n, max, __image_text_start, text_end, MM_RX, "text");
	n = add(out, n, max, text_end, __image_data_start, MM_R, "reloc");
	n = add(out, n, max, __image_data_start, data_end, MM_RW, "data");
	n = add(out, n, max, data_end, (const char *)(uintptr_t)(x86_image_base + x86_image_size),
		MM_R, "dynsym");
	return n;
}
