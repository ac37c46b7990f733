// SPDX-License-Identifier: MIT
/*
 * The snapshot test guest: an EL1 program (MMU off, interrupts masked,
 * built like the hv test guest with its head.S and linker script) that
 * counts forever, writing the pattern of snap_abi.h over its work area and
 * the count into its status page, and prints "snapguest count=<n>" every
 * SNAPG_PRINT iterations. A restored guest continues from its saved count.
 * With SNAPG_CTL_PCI it enables its assigned function and, for an edu, keeps
 * changing the factorial register and checking it reads what it last
 * computed: a restored guest whose device state was not restored says
 * "MISMATCH".
 */
#include <stdbool.h>
#include <stdint.h>
#include "snap_abi.h"

#define SPIN_LIMIT 1000000UL

void guest_main(uint64_t dtb);
void guest_secondary(uint64_t index);
uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr);
void guest_irq(void);
void guest_unexpected(void);

#define GUEST_IO_UART SNAPG_UART
#define GUEST_IO_SPIN SPIN_LIMIT
#include "guest_io.h"


#define EDU_ID	     0x11e81234u
#define EDU_FACT     0x08
#define EDU_STATUS   0x20
#define PCI_CMD_ON   0x6 /* memory decode + bus master */
#define COMPUTE_SPIN 10000000UL

/* Function 00:00.0 of the virtual bridge: BAR 0 placed (64-bit BARs: upper half 0), enabled. */
static void pci_enable(void)
{
	uint32_t id = REG32(SNAPG_ECAM);

	REG32(SNAPG_ECAM + 0x10) = (uint32_t)SNAPG_BAR;
	if ((REG32(SNAPG_ECAM + 0x10) & 0x6) == 0x4)
		REG32(SNAPG_ECAM + 0x14) = 0;
	REG32(SNAPG_ECAM + 4) = PCI_CMD_ON;
	puts_("snapguest pci id=");
	puthex(id);
	puts_(" cmd=");
	puthex(REG32(SNAPG_ECAM + 4) & 0xffff);
	puts_(" bar0=");
	puthex(REG32(SNAPG_ECAM + 0x10));
	puts_("\n");
}

static void edu_step(uint64_t c)
{
	uint32_t n = (uint32_t)((c / SNAPG_PRINT) % 10 + 3), got = REG32(SNAPG_BAR + EDU_FACT);
	uint32_t cmd = REG32(SNAPG_ECAM + 4) & 0xffff;

	if (got != (uint32_t)REG64(SNAPG_EDU) || (cmd & PCI_CMD_ON) != PCI_CMD_ON) {
		puts_("snapguest edu MISMATCH fact=");
		puthex(got);
		puts_(" expected=");
		puthex(REG64(SNAPG_EDU));
		puts_(" cmd=");
		puthex(cmd);
		puts_("\n");
	}
	REG32(SNAPG_BAR + EDU_FACT) = n;
	for (unsigned long i = 0; i < COMPUTE_SPIN && (REG32(SNAPG_BAR + EDU_STATUS) & 1); i++)
		;
	got = REG32(SNAPG_BAR + EDU_FACT);
	REG64(SNAPG_EDU) = got;
	puts_("snapguest edu n=");
	putdec(n);
	puts_(" fact=");
	puthex(got);
	puts_("\n");
}

void guest_main(uint64_t dtb)
{
	uint64_t c = REG64(SNAPG_STATUS + 8);
	bool edu = false;

	(void)dtb;
	REG64(SNAPG_STATUS) = SNAPG_MAGIC;
	puts_("snapguest: counting\n");
	if (REG64(SNAPG_CTL) & SNAPG_CTL_PCI) {
		pci_enable();
		edu = REG32(SNAPG_ECAM) == EDU_ID;
		if (edu)
			REG64(SNAPG_EDU) = REG32(SNAPG_BAR + EDU_FACT);
	}
	for (;;) {
		c++;
		REG64(SNAPG_AREA + (c % SNAPG_PAGES) * 4096 + ((c / SNAPG_PAGES) % 512) * 8) =
			snapg_word(c);
		REG64(SNAPG_STATUS + 8) = c;
		if (!(c % SNAPG_PRINT)) {
			puts_("snapguest count=");
			putdec(c);
			puts_("\n");
			if (edu)
				edu_step(c);
		}
	}
}

void guest_secondary(uint64_t index)
{
	(void)index;
	for (;;)
		__asm__ volatile("wfi");
}

uint64_t guest_sync(uint64_t esr, uint64_t far, uint64_t elr)
{
	(void)esr;
	(void)far;
	puts_("snapguest: unexpected exception\n");
	return elr + 4;
}

void guest_irq(void)
{
}

void guest_unexpected(void)
{
	puts_("snapguest: unexpected vector\n");
	for (;;)
		__asm__ volatile("wfi");
}
