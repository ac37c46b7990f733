// SPDX-License-Identifier: MIT
/*
 * aarch64 boot in C (MMU on): describe the machine from the DTB into
 * `platform` and the CPU list, then platform_main(). arch_late_init()
 * brings up the GIC, the timer interrupt and the PL031 once the real page
 * tables are live.
 */
#include <stdio.h>
#include <string.h>
#include <arch/early.h>
#include <arch/sysreg.h>
#include <libfdt.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/platform.h>
#include <vmplat/power.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#include "fdt_platform.h"

/*
 * A DTB too broken to name the UART leaves us mute; the error then goes to
 * QEMU virt's PL011 (its fixed address on every machine version) so the
 * reason is seen. The early map makes it Device memory.
 */
#define FALLBACK_UART  0x09000000ULL
#define MPIDR_AFF_MASK 0xff00ffffffULL /* Aff3, Aff2, Aff1, Aff0 (D17.2.101) */

struct fdt_desc arch_fdt;
extern char __image_start[], __image_end[];

static int add_mem_piece(uint64_t base, uint64_t size, bool reserved, void *ctx)
{
	(void)ctx;
	if (base == (uint64_t)(uintptr_t)__image_start)
		return platform_add_mem(base, size, MEM_IMAGE);
	return platform_add_mem(base, size, reserved ? MEM_RESERVED : MEM_USABLE);
}

static void add_cpus(const struct fdt_desc *d)
{
	uint64_t boot = read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
	bool found = false;

	for (unsigned i = 0; i < d->ncpus; i++)
		found |= d->cpu_hwid[i] == boot;
	if (!found)
		log_warn("fdt: boot CPU MPIDR %#llx is not in /cpus", (unsigned long long)boot);
	smp_add_cpu(boot);
	for (unsigned i = 0; i < d->ncpus; i++) {
		if (d->cpu_hwid[i] != boot)
			smp_add_cpu(d->cpu_hwid[i]);
	}
	if (d->ncpus > 1 && (!d->cpus_psci || d->psci == FDT_PSCI_NONE))
		log_warn("fdt: secondary CPUs without PSCI enable-method/conduit");
}

static void fill_platform(const void *fdt, const struct fdt_desc *d)
{
	const char *model = fdt_getprop(fdt, 0, "model", NULL);
	const char *compat = fdt_getprop(fdt, 0, "compatible", NULL);
	const char *src = model ? model : compat;

	if (src && memchr(src, '\0', sizeof(platform.fw_vendor)))
		snprintf(platform.fw_vendor, sizeof(platform.fw_vendor), "(%s)", src);
	if (d->bootargs)
		snprintf(platform.cmdline, sizeof(platform.cmdline), "%s", d->bootargs);
	platform.uart_base = d->uart_base;
	platform.rtc_base = d->rtc_base;
	for (unsigned i = 0; i < d->necam && i < PLAT_MAX_ECAM; i++) {
		struct ecam_window *w = &platform.ecam[platform.necam++];

		w->segment = d->ecam[i].segment;
		w->bus_start = d->ecam[i].bus_start;
		w->bus_end = d->ecam[i].bus_end;
		w->base = d->ecam[i].base;
		w->nwin = d->ecam[i].nwin;
		memcpy(w->win, d->ecam[i].win, sizeof(w->win));
	}
	for (unsigned i = 0; i < d->nmem; i++)
		arch_early_map_ram(d->mem[i].base, d->mem[i].size);
	fdt_mem_layout(d, add_mem_piece, NULL);
	add_cpus(d);
	psci_set_conduit(d->psci);
}

static __noreturn void bad_dtb(uint64_t dtb, const struct fdt_desc *d, int rc)
{
	pl011_set_base(d->uart_base ? d->uart_base : FALLBACK_UART);
	log_err("aarch64: cannot use the DTB at %#llx: %s (%d). Boot with a valid device tree "
		"(booting.rst: x0 = DTB physical address).",
		(unsigned long long)dtb, d->error ? d->error : "?", rc);
	platform_exit(1);
}

void arch_boot_main(uint64_t dtb)
{
	const void *fdt = (const void *)(uintptr_t)dtb;
	struct fdt_desc *d = &arch_fdt;
	int rc;

	platform.arch = "aarch64";
	platform.fw = FW_FDT;
	platform.fdt = fdt;
	platform.boot_el = arch_at_el2 ? 2 : 1;
	platform.counter_src = "CNTVCT_EL0 at CNTFRQ_EL0";
	timer_set_counter_freq(read_sysreg(cntfrq_el0));
	platform.counter_hz = timer_counter_freq();
	arch_cpuinfo_fill();
	rc = fdt_parse(fdt, d);
	if (rc)
		bad_dtb(dtb, d, rc);
	fdt_add_reserved(d, (uint64_t)(uintptr_t)__image_start,
			 (uint64_t)(__image_end - __image_start));
	fdt_add_reserved(d, ALIGN_DOWN(dtb, PAGE_SIZE),
			 ALIGN_UP(dtb + fdt_totalsize(fdt), PAGE_SIZE) -
				 ALIGN_DOWN(dtb, PAGE_SIZE));
	pl011_set_base(d->uart_base);
	fill_platform(fdt, d);
	fdt_smmu_init(fdt);
	log_info("aarch64: EL%u, DTB at %#llx (%u bytes), %u cpus, PSCI %s, image %#llx-%#llx",
		 platform.boot_el, (unsigned long long)dtb, fdt_totalsize(fdt), d->ncpus,
		 d->psci == FDT_PSCI_SMC ? "smc" :
		 d->psci == FDT_PSCI_HVC ? "hvc" :
					   "none",
		 (unsigned long long)(uintptr_t)__image_start,
		 (unsigned long long)(uintptr_t)__image_end);
	platform_main();
}

int arch_late_init(void)
{
	int rc = irqchip_init(&arch_fdt, platform.fdt);

	if (rc)
		return rc;
	arch_timer_setup(&arch_fdt);
	arch_timer_cpu_init(0);
	if (!arch_wake_sgi_register()) {
		irqchip_enable_ppi(0, ARCH_SGI_WAKE);
		arch_wake_sgi_cpu_ready(0);
	}
	rc = pl031_init(platform.rtc_base);
	if (rc)
		log_warn("pl031: no RTC (%d): no reference clock", rc);
	arch_irq_enable();
	return 0;
}

/* The FDT platform has no ACPI tables (an ACPI boot would come through UEFI). */
const void *arch_acpi_table(const char *sig, uint32_t *len)
{
	(void)sig;
	*len = 0;
	return NULL;
}
