// SPDX-License-Identifier: MIT
/*
 * The snapshot test guest: an EL1 program (MMU off, interrupts masked,
 * built like the hv test guest with its head.S and linker script) that
 * counts forever, writing the pattern of snap_abi.h over its work area and
 * the count into its status page, and prints "snapguest count=<n>" every
 * SNAPG_PRINT iterations. A restored guest continues from its saved count.
 */
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


void guest_main(uint64_t dtb)
{
	uint64_t c = REG64(SNAPG_STATUS + 8);

	(void)dtb;
	REG64(SNAPG_STATUS) = SNAPG_MAGIC;
	puts_("snapguest: counting\n");
	for (;;) {
		c++;
		REG64(SNAPG_AREA + (c % SNAPG_PAGES) * 4096 + ((c / SNAPG_PAGES) % 512) * 8) =
			snapg_word(c);
		REG64(SNAPG_STATUS + 8) = c;
		if (!(c % SNAPG_PRINT)) {
			puts_("snapguest count=");
			putdec(c);
			puts_("\n");
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
