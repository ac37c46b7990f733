// SPDX-License-Identifier: MIT
/*
 * PL011 console (Arm PrimeCell UART PL011 TRM DDI 0183, 3.3). The UART is
 * taken as the firmware left it (QEMU and U-Boot enable it). Until the DTB
 * tells where it is, output is kept in a small buffer and printed later.
 */
#include <arch/early.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/timer.h>

#define UARTDR	    0x00
#define UARTFR	    0x18
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define EARLY_BUF   4096
#define TX_SPIN_MAX 1000000 /* a stuck UART must not hang the machine */

static volatile uint8_t *uart;
static char early_buf[EARLY_BUF];
static size_t early_len;

static void pl011_putc(char c)
{
	for (unsigned i = 0; i < TX_SPIN_MAX && (mmio_read32(uart + UARTFR) & UARTFR_TXFF); i++)
		__asm__ volatile("yield");
	mmio_write32(uart + UARTDR, (uint8_t)c);
}

void arch_console_write(const char *s, size_t n)
{
	if (!uart) {
		for (size_t i = 0; i < n && early_len < EARLY_BUF; i++)
			early_buf[early_len++] = s[i];
		return;
	}
	for (size_t i = 0; i < n; i++)
		pl011_putc(s[i]);
}

int arch_console_getc(void)
{
	if (!uart || (mmio_read32(uart + UARTFR) & UARTFR_RXFE))
		return -1;
	return (int)(mmio_read32(uart + UARTDR) & 0xff);
}

/* Start using the UART at base and print what was said before. */
void pl011_set_base(paddr_t base)
{
	uart = (volatile uint8_t *)(uintptr_t)base;
	if (uart && early_len) {
		arch_console_write(early_buf, early_len);
		early_len = 0;
	}
}
