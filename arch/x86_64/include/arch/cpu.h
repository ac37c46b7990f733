// SPDX-License-Identifier: MIT
/*
 * x86_64 per-CPU state embedded in struct cpu, and small CPU helpers
 * (CPUID, MSRs, control registers). GS base points at the CPU's struct cpu.
 */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

#define X86_GDT_ENTRIES 6   /* null, code64, data, TSS (2 slots), spare */
#define X86_TSS_SIZE	104 /* Intel SDM Vol. 3A, 7.7, figure 7-11 */
#define X86_IST_STACKS	3   /* #DF, NMI, #MC */

struct cpu_arch {
	uint32_t apic_id;
	uint64_t gdt[X86_GDT_ENTRIES] __attribute__((aligned(16)));
	uint8_t tss[X86_TSS_SIZE] __attribute__((aligned(16)));
	void *ist_top[X86_IST_STACKS];
	uint64_t lapic_ticks_per_ms; /* LAPIC timer count mode calibration */
	uint32_t wake_seen;	     /* arch_cpu_idle wake generation */
};

static inline void x86_cpuid(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b, uint32_t *c,
			     uint32_t *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

/* MSR numbers (Intel SDM Vol. 4, table 2-2). */
#define MSR_APIC_BASE	  0x1b
#define MSR_APIC_BASE_BSP (1ULL << 8)
#define MSR_APIC_BASE_X2  (1ULL << 10)
#define MSR_APIC_BASE_EN  (1ULL << 11)
#define MSR_TSC_DEADLINE  0x6e0
#define MSR_PAT		  0x277
#define MSR_EFER	  0xc0000080
#define EFER_NXE	  (1ULL << 11)
#define MSR_GS_BASE	  0xc0000101

#define CR0_WP (1ULL << 16)

#endif
