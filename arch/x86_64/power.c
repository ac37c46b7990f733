// SPDX-License-Identifier: MIT
/*
 * Power off and reset. Under QEMU, isa-debug-exit at port 0xf4 ends the VM
 * with exit code (status << 1) | 1. Otherwise ACPI S5: SLP_TYPa from the
 * DSDT \_S5 object with SLP_EN into PM1a_CNT (ACPI 6.5, 4.8.3.2.1 and
 * 16.1.7). Reset: the FADT reset register (4.8.3.6), then port 0xcf9,
 * then the keyboard controller.
 */
#include <arch/io.h>
#include <vmplat/power.h>

#include "x86_64.h"

#define DEBUG_EXIT_PORT	  0xf4
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_TYP_MASK  (7u << 10)
#define PM1_SLP_EN	  BIT(13)
#define RST_CNT_PORT	  0xcf9
#define RST_CNT_SYS	  0x02
#define RST_CNT_CPU	  0x04
#define KBC_CMD_PORT	  0x64
#define KBC_PULSE_RESET	  0xfe

static __noreturn void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

/* Keep the other PM1_CNT bits (SCI_EN...), set SLP_TYPx and SLP_EN (4.8.3.2.1). */
static void pm1_sleep(uint16_t port, uint8_t typ)
{
	uint16_t v = inw(port) & (uint16_t)~PM1_SLP_TYP_MASK;

	outw(port, (uint16_t)(v | (typ & 7) << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
}

static void acpi_s5(void)
{
	const struct acpi_fadt_info *f = &x86_acpi.fadt;

	if (!x86_acpi.have_s5 || !f->pm1a_cnt)
		return;
	pm1_sleep(f->pm1a_cnt, x86_acpi.slp_typa);
	if (f->pm1b_cnt)
		pm1_sleep(f->pm1b_cnt, x86_acpi.slp_typb);
}

__noreturn void arch_poweroff(int status)
{
	__asm__ volatile("cli");
	outl(DEBUG_EXIT_PORT, (uint32_t)status);
	acpi_s5();
	halt_forever();
}

__noreturn void arch_reset(void)
{
	const struct acpi_fadt_info *f = &x86_acpi.fadt;

	__asm__ volatile("cli");
	if (f->reset_supported && f->reset_reg.space == 1 && f->reset_reg.addr <= 0xffff)
		outb((uint16_t)f->reset_reg.addr, f->reset_value);
	outb(RST_CNT_PORT, RST_CNT_SYS);
	outb(RST_CNT_PORT, RST_CNT_SYS | RST_CNT_CPU);
	outb(KBC_CMD_PORT, KBC_PULSE_RESET);
	halt_forever();
}
