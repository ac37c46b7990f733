// SPDX-License-Identifier: MIT
/*
 * The platform page tables on aarch64: which VMSAv8-64 format for the EL we
 * run at, switching TTBR0, TLB maintenance (Arm ARM D8.13 TLB maintenance,
 * C5.5 TLBI), I-cache upkeep for written code (D7.5.9.2), the image layout
 * for W^X, and the JIT's instruction encoding.
 */
#include <arch/early.h>
#include <arch/sysreg.h>
#include <vmplat/barrier.h>
#include <vmplat/mm.h>

#define TLBI_RANGE_MAX_PAGES 512	 /* beyond this one full invalidate is cheaper */
#define A64_ADD_X0_X0_IMM    0x91000000u /* ADD (immediate), 64-bit, Rd = Rn = x0 */
#define A64_RET		     0xd65f03c0u

extern char __image_start[], __image_text_end[], __image_rodata_start[], __image_rodata_end[];
extern char __image_data_start[], __image_data_end[];

const struct pt_format *arch_mm_format(void)
{
	return arch_at_el2 ? &pt_format_vmsa_s1_el2 : &pt_format_vmsa_s1_el1;
}

void arch_tlb_flush_all(void)
{
	dsb(ishst);
	if (arch_at_el2)
		__asm__ volatile("tlbi alle2is" ::: "memory");
	else
		__asm__ volatile("tlbi vmalle1is" ::: "memory");
	dsb(ish);
	isb();
}

void arch_tlb_flush_range(vaddr_t va, uint64_t size)
{
	vaddr_t end = va + size;

	if (!size)
		return;
	if (size / PAGE_SIZE > TLBI_RANGE_MAX_PAGES) {
		arch_tlb_flush_all();
		return;
	}
	dsb(ishst);
	for (va = ALIGN_DOWN(va, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		uint64_t arg = (va >> PAGE_SHIFT) & GENMASK_ULL(43, 0);

		if (arch_at_el2)
			__asm__ volatile("tlbi vae2is, %0" : : "r"(arg) : "memory");
		else
			__asm__ volatile("tlbi vaae1is, %0" : : "r"(arg) : "memory");
	}
	dsb(ish);
	isb();
}

/*
 * Switch from the early map to root. Both identity-map everything in use,
 * so no break is needed; SCTLR.WXN makes any writable page execute-never
 * as a second W^X guard (D8.4.1.3). Caches stay on throughout.
 */
void arch_mm_activate(paddr_t root)
{
	dsb(ishst);
	if (arch_at_el2) {
		write_sysreg(ttbr0_el2, root);
		isb();
		write_sysreg(sctlr_el2, read_sysreg(sctlr_el2) | SCTLR_WXN);
	} else {
		write_sysreg(ttbr0_el1, root);
		isb();
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_WXN);
	}
	isb();
	arch_tlb_flush_all();
	__asm__ volatile("ic iallu; dsb nsh; isb" ::: "memory");
}

void arch_sync_icache(vaddr_t va, uint64_t size)
{
	uint64_t ctr = read_sysreg(ctr_el0);
	uint64_t dline = 4ULL << ((ctr >> 16) & 0xf), iline = 4ULL << (ctr & 0xf);
	vaddr_t a;

	for (a = ALIGN_DOWN(va, dline); a < va + size; a += dline)
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	dsb(ish);
	for (a = ALIGN_DOWN(va, iline); a < va + size; a += iline)
		__asm__ volatile("ic ivau, %0" : : "r"(a) : "memory");
	dsb(ish);
	isb();
}

unsigned arch_image_sections(struct image_section *out, unsigned max)
{
	const struct image_section s[] = {
		{ (vaddr_t)__image_start, (vaddr_t)__image_text_end, MM_RX, "text" },
		{ (vaddr_t)__image_rodata_start, (vaddr_t)__image_rodata_end, MM_R, "rodata" },
		{ (vaddr_t)__image_data_start, (vaddr_t)__image_data_end, MM_RW, "data" },
	};
	unsigned n = MIN(max, (unsigned)ARRAY_SIZE(s));

	for (unsigned i = 0; i < n; i++)
		out[i] = s[i];
	return n;
}

size_t arch_jit_emit_add_imm(uint8_t *buf, size_t len, uint8_t imm)
{
	if (len < 8)
		return 0;
	le32_put(buf, A64_ADD_X0_X0_IMM | (uint32_t)imm << 10);
	le32_put(buf + 4, A64_RET);
	return 8;
}
