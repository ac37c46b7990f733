// SPDX-License-Identifier: MIT
/*
 * Register access, polled PL011 output and bootargs values for the project's own EL1 guests
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

/* "key0x<hex>" (e.g. "seed=0x...") in the DTB's bytes, i.e. /chosen/bootargs, bounded by
 * the header's totalsize and 64 KiB; 0 when absent. */
static inline uint64_t find_hex(const uint8_t *dtb, const char *key)
{
	uint32_t size = (uint32_t)dtb[4] << 24 | dtb[5] << 16 | dtb[6] << 8 | dtb[7];
	unsigned klen = 0;
	uint64_t v = 0;

	while (key[klen])
		klen++;
	if (size > 65536)
		size = 65536;
	for (uint32_t i = 0; i + klen + 2 < size; i++) {
		unsigned k = 0;

		while (k < klen && dtb[i + k] == (uint8_t)key[k])
			k++;
		if (k < klen || dtb[i + k] != '0' || dtb[i + k + 1] != 'x')
			continue;
		for (uint32_t j = i + k + 2; j < size && j < i + k + 18; j++) {
			char c = (char)dtb[j];
			unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') :
				     c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) :
							    16;

			if (d > 15)
				break;
			v = v << 4 | d;
		}
		break;
	}
	return v;
}

#endif
