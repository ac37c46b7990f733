// SPDX-License-Identifier: MIT
/*
 * Paging controls (Intel SDM Vol. 3A, chapter 4): the 4-level format is
 * core/pt_x86_64.c; here EFER.NXE (so NX bits are legal, 4.1.4), the PAT
 * the format's PAT indices assume (11.12.2), CR0.WP (supervisor writes
 * honour R/W), CR3 and TLB upkeep. The JIT test's code emitter lives here too.
 */
#include <vmplat/mm.h>

#include "x86_64.h"

#define CR4_PGE		BIT(7)
#define TLB_FLUSH_PAGES 64 /* beyond this a full flush is cheaper than invlpg */
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

static paddr_t kernel_root;


paddr_t x86_kernel_cr3(void)
{
	return kernel_root;
}

const struct pt_format *arch_mm_format(void)
{
	return &pt_format_x86_64;
}

void x86_mmu_cpu_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	wrmsr(MSR_PAT, X86_PAT_VALUE);
	write_cr0(read_cr0() | CR0_WP);
}

void arch_mm_activate(paddr_t root)
{
	x86_mmu_cpu_init();
	kernel_root = root & PTE_ADDR_MASK;
	write_cr3(kernel_root);
	x86_tlb_flush_local_all();
}

void x86_tlb_flush_local_all(void)
{
	uint64_t cr4 = read_cr4();

	/* Toggling CR4.PGE drops global entries too (SDM 4.10.4.1). */
	if (cr4 & CR4_PGE) {
		write_cr4(cr4 & ~CR4_PGE);
		write_cr4(cr4);
	} else {
		write_cr3(read_cr3());
	}
}

void x86_tlb_flush_local(vaddr_t va, uint64_t size)
{
	vaddr_t end = va + size;

	if (size / PAGE_SIZE > TLB_FLUSH_PAGES) {
		x86_tlb_flush_local_all();
		return;
	}
	for (va = ALIGN_DOWN(va, PAGE_SIZE); va < end; va += PAGE_SIZE)
		__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

void arch_tlb_flush_all(void)
{
	x86_tlb_flush_local_all();
	x86_tlb_shootdown(0, 0, true);
}

void arch_tlb_flush_range(vaddr_t va, uint64_t size)
{
	x86_tlb_flush_local(va, size);
	x86_tlb_shootdown(va, size, false);
}

void arch_sync_icache(vaddr_t va, uint64_t size)
{
	uint32_t a, b, c, d;

	(void)va;
	(void)size;
	/* Caches are coherent for code; CPUID serializes this CPU (SDM 8.1.3). */
	x86_cpuid(0, 0, &a, &b, &c, &d);
}

size_t arch_jit_emit_add_imm(uint8_t *buf, size_t len, uint8_t imm)
{
	/* lea imm32(%rdi), %rax ; ret  (REX.W 8D /r, mod=10 rm=rdi) */
	static const uint8_t code[8] = { 0x48, 0x8d, 0x87, 0, 0, 0, 0, 0xc3 };

	if (len < sizeof(code))
		return 0;
	for (size_t i = 0; i < sizeof(code); i++)
		buf[i] = code[i];
	le32_put(buf + 3, imm);
	return sizeof(code);
}
