// SPDX-License-Identifier: MIT
/*
 * aarch64 arch-internal interfaces between the boot files.
 */
#ifndef ARCH_EARLY_H
#define ARCH_EARLY_H

#include <vmplat/types.h>

struct arch_regs;
struct cpu_arch;
struct fdt_desc;

extern bool arch_at_el2;       /* running at EL2 (else EL1) */
extern unsigned arch_entry_el; /* EL at entry: 3 means no secure firmware, no PSCI */

/* early_mmu.c (MMU off) */
void arch_early_mmu_enable(uint64_t image_base, uint64_t dtb, uint64_t entry_el);
void arch_early_map_ram(uint64_t base, uint64_t size);
uint64_t arch_tcr_value(void);

/* boot.c, smp.c: C entries from head.S */
__noreturn void arch_boot_main(uint64_t dtb);
__noreturn void arch_secondary_main(struct cpu_arch *a);
void arch_secondary_entry(void);

/* vectors.S -> fault.c */
void arch_exception(struct arch_regs *regs, uint64_t kind);

/* pl011.c */
void pl011_set_base(paddr_t base);

/* psci.c */
enum psci_conduit;
void psci_set_conduit(int conduit);
int psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t context);
/* An SMCCC call over the /psci conduit (DEN0022 5.2); x0 returned. */
int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* gicv3.c */
int gicv3_init(const struct fdt_desc *d);
int gicv3_cpu_init(unsigned cpu);
void gicv3_handle_irq(void);
void gicv3_enable_ppi(unsigned cpu, unsigned intid); /* also SGIs (INTID < 16) */
/* Enable or disable an SGI/PPI at cpu's redistributor (GICR_I[SC]ENABLER0). */
void gicv3_set_ppi_enabled(unsigned cpu, unsigned intid, bool on);
void gicv3_send_sgi_others(unsigned intid);
/* SPIs (INTID 32 up to what GICD_TYPER implements) at the distributor: 0, -EINVAL
 * (not an implemented SPI), -ENODEV (no distributor yet). */
int gicv3_spi_enable(unsigned intid);
int gicv3_spi_disable(unsigned intid);
int gicv3_spi_clear_pending(unsigned intid);
int gicv3_spi_route(unsigned intid, uint64_t mpidr);  /* GICD_IROUTER, one PE */
int gicv3_spi_set_trigger(unsigned intid, bool edge); /* while disabled */
int gicv3_spi_set_priority(unsigned intid, uint8_t prio);

/*
 * irqchip.c: the interrupt controller chosen at late init from the DTB
 * (GICv3, else GICv2). Same contracts as the gicv3_* calls above; SPIs are
 * routed to a logical CPU. -ENODEV before irqchip_init found a controller.
 */
int irqchip_init(const struct fdt_desc *d, const void *fdt);
unsigned irqchip_gic_version(void); /* 3, 2, or 0 (none) */
int irqchip_cpu_init(unsigned cpu); /* on that CPU */
void irqchip_handle_irq(void);
void irqchip_enable_ppi(unsigned cpu, unsigned intid); /* also SGIs; on that CPU */
void irqchip_send_sgi_others(unsigned intid);
int irqchip_spi_route(unsigned intid, unsigned cpu);

/* smp.c: the SGI that ends arch_cpu_idle's WFI */
#define ARCH_SGI_WAKE 0
int arch_wake_sgi_register(void);
void arch_wake_sgi_cpu_ready(unsigned cpu);

/* timer.c */
void arch_timer_setup(const struct fdt_desc *d);
int arch_timer_cpu_init(unsigned cpu);

/* cpuinfo.c */
void arch_cpuinfo_fill(void);

/* pl031.c */
int pl031_init(paddr_t base);

/* The FDT description, kept for late init (boot.c). */
extern struct fdt_desc arch_fdt;

#endif
