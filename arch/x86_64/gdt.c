// SPDX-License-Identifier: MIT
/*
 * Per-CPU GDT and 64-bit TSS (Intel SDM Vol. 3A, 3.4.5 and 7.7). The TSS
 * only carries IST stacks, so #DF, NMI and #MC run on a known-good stack
 * even when the current one overflowed.
 */
#include <vmplat/mm.h>
#include <vmplat/smp.h>

#include "x86_64.h"

#define GDT_CODE64 0x00af9a000000ffffULL /* P, DPL0, code exec/read, L=1 */
#define GDT_DATA   0x00cf92000000ffffULL /* P, DPL0, data read/write */
#define SEL_CODE   0x08
#define SEL_DATA   0x10
#define SEL_TSS	   0x18
#define TSS_IST(n) (36 + 8 * ((n)-1)) /* IST1..IST7 byte offsets */
#define TSS_IOMAP  102
#define IST_SIZE   (8 * KiB)

static uint8_t bsp_ist[X86_IST_STACKS][IST_SIZE] __aligned(16);

/* 16-byte TSS descriptor, type 9 = available 64-bit TSS (SDM 7.2.3). */
static void gdt_set_tss(uint64_t *gdt, const void *tss)
{
	uint64_t base = (uint64_t)(uintptr_t)tss, limit = X86_TSS_SIZE - 1;

	gdt[3] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 |
		 ((limit >> 16) & 0xf) << 48 | ((base >> 24) & 0xff) << 56;
	gdt[4] = base >> 32;
}

static void ist_stacks(struct cpu *c)
{
	for (unsigned i = 0; i < X86_IST_STACKS; i++) {
		if (c->arch.ist_top[i])
			continue;
		if (c->id == 0) {
			c->arch.ist_top[i] = bsp_ist[i] + IST_SIZE;
		} else {
			paddr_t pa = page_alloc(IST_SIZE / PAGE_SIZE);

			if (pa != INVALID_PADDR)
				c->arch.ist_top[i] = (uint8_t *)phys_to_virt(pa) + IST_SIZE;
		}
		if (c->arch.ist_top[i])
			le64_put(c->arch.tss + TSS_IST(i + 1),
				 (uint64_t)(uintptr_t)c->arch.ist_top[i]);
	}
}

static void gdt_load(const uint64_t *gdt)
{
	struct __packed {
		uint16_t limit;
		uint64_t base;
	} gdtr = { X86_GDT_ENTRIES * 8 - 1, (uint64_t)(uintptr_t)gdt };

	/* Reload CS with a far return; then the data segments; FS/GS null. */
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "mov %3, %%fs\n\t"
			 "mov %3, %%gs\n\t"
			 "ltr %w4"
			 :
			 : "m"(gdtr), "i"(SEL_CODE), "r"(SEL_DATA), "r"(0), "r"(SEL_TSS)
			 : "rax", "memory");
}

void x86_gdt_init(struct cpu *c)
{
	uint64_t *gdt = c->arch.gdt;

	gdt[0] = 0;
	gdt[1] = GDT_CODE64;
	gdt[2] = GDT_DATA;
	gdt[5] = 0;
	c->arch.tss[TSS_IOMAP] = X86_TSS_SIZE; /* I/O map base past the limit: none */
	c->arch.tss[TSS_IOMAP + 1] = 0;
	ist_stacks(c);
	gdt_set_tss(gdt, c->arch.tss);
	gdt_load(gdt);
	/* Loading GS zeroed its base: point it at this CPU (arch_this_cpu). */
	wrmsr(MSR_GS_BASE, (uint64_t)(uintptr_t)c);
}

unsigned arch_this_cpu(void)
{
	unsigned id;

	_Static_assert(offsetof(struct cpu, id) == 0, "arch_this_cpu reads %gs:0");
	__asm__ volatile("movl %%gs:0, %0" : "=r"(id));
	return id;
}
