// SPDX-License-Identifier: MIT
/*
 * Register access and polled PL011 output for the project's own EL1 guests
 * (the test guest, tests/guest/sec, tests/guest/snap). The includer defines
 * GUEST_IO_UART (its UART base) and GUEST_IO_SPIN (the TXFF poll bound:
 * a full FIFO never hangs the guest).
 */
#ifndef GUEST_IO_H
#define GUEST_IO_H

#include <stdint.h>

#define UART_DR	     0x000
#define UART_FR	     0x018
#define UART_FR_TXFF (1u << 5) /* PL011 TRM 3.3.3: transmit FIFO full */

#define REG32(a)  (*(volatile uint32_t *)(uintptr_t)(a))
#define REG64(a)  (*(volatile uint64_t *)(uintptr_t)(a))
#define REG8(a)	  (*(volatile uint8_t *)(uintptr_t)(a))
#define MSR(r, v) __asm__ volatile("msr " r ", %0" : : "r"((uint64_t)(v)) : "memory")
#define MRS(r)                                              \
	({                                                  \
		uint64_t __v;                               \
		__asm__ volatile("mrs %0, " r : "=r"(__v)); \
		__v;                                        \
	})

static inline void putc_(char c)
{
	for (unsigned long i = 0;
	     i < GUEST_IO_SPIN && (REG32(GUEST_IO_UART + UART_FR) & UART_FR_TXFF); i++)
		;
	REG32(GUEST_IO_UART + UART_DR) = (uint8_t)c;
}

static inline void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static inline void puthex(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		if (v >> i || i == 0)
			putc_("0123456789abcdef"[(v >> i) & 0xf]);
}

static inline void putdec(uint64_t v)
{
	char b[24];
	int n = 0;

	do
		b[n++] = (char)('0' + v % 10);
	while ((v /= 10) && n < 23);
	while (n)
		putc_(b[--n]);
}

#endif
