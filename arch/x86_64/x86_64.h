// SPDX-License-Identifier: MIT
/*
 * Internal interfaces between the x86_64 arch files (not for generic code).
 */
#ifndef X86_64_INTERNAL_H
#define X86_64_INTERNAL_H

#include <vmplat/smp.h>
#include <vmplat/types.h>

#include "acpi.h"

/* Vectors vmplat uses above the 32 exceptions (Intel SDM Vol. 3A, 6.2). */
#define X86_VEC_TIMER	 0x40
#define X86_VEC_SPURIOUS 0xff

#define COM1_PORT 0x3f8

/* What the ACPI walk found that the arch layer itself needs later. */
struct x86_acpi {
	paddr_t lapic_base;
	paddr_t hpet_base; /* 0: none */
	struct acpi_fadt_info fadt;
	bool have_fadt;
	bool have_s5;
	uint8_t slp_typa, slp_typb;
};
extern struct x86_acpi x86_acpi;

/* uart16550.c */
void uart_init(uint16_t port);
void uart_write(const char *s, size_t n);
int uart_getc(void);
bool uart_rx_ready(void); /* LSR.DR: a byte is waiting */

/* console.c: boot console state. */
void x86_console_boot_services_done(void);

/* fw_cfg.c: copy QEMU fw_cfg file `name`; returns its length or -errno. */
int fw_cfg_read_file(const char *name, void *buf, size_t len);

/* acpi_platform.c: walk the tables from the RSDP, fill platform + cpus. */
void x86_acpi_init(paddr_t rsdp);

/* cpuinfo.c */
void x86_cpuinfo_init(void);
uint32_t x86_boot_apic_id(void);
bool x86_cpu_has(uint32_t leaf, unsigned reg, unsigned bit); /* reg 0..3 = eax..edx */

/* tsc.c */
void x86_tsc_calibrate(void);
uint64_t x86_pm_timer_read(void);
int x86_hpet_late_map(void);
uint64_t x86_tsc_sample(uint64_t (*read)(void), uint64_t *tsc);

/* gdt.c / idt.c */
void x86_gdt_init(struct cpu *c);
void x86_idt_init(void);
void x86_idt_load(void);
void x86_pic_mask(void);

/* lapic.c */
int x86_lapic_init(void);
void x86_lapic_cpu_init(struct cpu *c);
void x86_lapic_eoi(void);
int x86_lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);
uint32_t x86_lapic_id(void);
void x86_lapic_wait_us(uint64_t us);
#define X86_VEC_WAKE 0x41
#define X86_VEC_TLB  0x42

/* tlb.c: TLB shootdown of other CPUs (x86 TLBs are not coherent across CPUs). */
void x86_tlb_shootdown(vaddr_t va, uint64_t size, bool all);
void x86_tlb_ipi(void);

/* mmu.c: per-CPU paging controls (NXE, PAT, WP). */
void x86_mmu_cpu_init(void);
void x86_tlb_flush_local(vaddr_t va, uint64_t size);
void x86_tlb_flush_local_all(void);
paddr_t x86_kernel_cr3(void); /* root given to arch_mm_activate */

/* smp.c: trampoline pages reserved before ExitBootServices. */
extern paddr_t x86_tramp_pa;
#define X86_TRAMP_PAGES 2
int x86_tramp_setup(void); /* after mm_init: map and fill the pages */

/* probe.S */
extern const uint64_t x86_fixup_table[];
extern const uint64_t x86_fixup_table_end[];

/* The image as loaded (efi_main.c). */
extern paddr_t x86_image_base;
extern uint64_t x86_image_size;

#endif
