// SPDX-License-Identifier: MIT
/*
 * 16550 UART on COM1 (port 0x3f8), 115200 8N1, polled. Register set as in
 * the TI PC16550D data sheet, section 8.
 */
#include <arch/io.h>
#include <vmplat/types.h>

#include "x86_64.h"

#define UART_THR	 0 /* transmit holding (DLAB=0) */
#define UART_RBR	 0 /* receive buffer (DLAB=0) */
#define UART_DLL	 0 /* divisor latch low (DLAB=1) */
#define UART_IER	 1
#define UART_DLM	 1
#define UART_FCR	 2
#define UART_LCR	 3
#define UART_LCR_8N1	 0x03
#define UART_LCR_DLAB	 0x80
#define UART_MCR	 4
#define UART_MCR_DTR_RTS 0x03
#define UART_LSR	 5
#define UART_LSR_DR	 0x01
#define UART_LSR_THRE	 0x20

#define UART_CLOCK   1843200
#define UART_BAUD    115200
#define UART_TX_SPIN 100000 /* bounded wait: a missing UART must not hang us */

static uint16_t uart_port;

void uart_init(uint16_t port)
{
	uint16_t div = UART_CLOCK / 16 / UART_BAUD;

	uart_port = port;
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, UART_LCR_DLAB);
	outb(port + UART_DLL, div & 0xff);
	outb(port + UART_DLM, div >> 8);
	outb(port + UART_LCR, UART_LCR_8N1);
	outb(port + UART_FCR, 0x07); /* enable + clear both FIFOs */
	outb(port + UART_MCR, UART_MCR_DTR_RTS);
}

static void uart_putc(char ch)
{
	for (unsigned i = 0; i < UART_TX_SPIN; i++)
		if (inb(uart_port + UART_LSR) & UART_LSR_THRE)
			break;
	outb(uart_port + UART_THR, (uint8_t)ch);
}

void uart_write(const char *s, size_t n)
{
	if (!uart_port)
		return;
	for (size_t i = 0; i < n; i++)
		uart_putc(s[i]);
}

bool uart_rx_ready(void)
{
	return uart_port && (inb(uart_port + UART_LSR) & UART_LSR_DR);
}

int uart_getc(void)
{
	if (!uart_rx_ready())
		return -1;
	return inb(uart_port + UART_RBR);
}
