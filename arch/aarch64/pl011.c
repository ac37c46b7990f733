// SPDX-License-Identifier: MIT
/*
 * PL011 console (Arm PrimeCell UART PL011 TRM DDI 0183, 3.3). The UART is
 * taken as the firmware left it (QEMU and U-Boot enable it). Until the DTB
 * tells where it is, output is kept in a small buffer and printed later.
 * Input is polled; its receive interrupt only wakes a CPU waiting for it
 * (arch_console_rx_arm), it moves no data.
 */
#include <errno.h>
#include <libfdt.h>
#include <arch/early.h>
#include <vmplat/irq.h>
#include <vmplat/log.h>
#include <vmplat/mmio.h>
#include <vmplat/platform.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

#define UARTDR		0x00
#define UARTFR		0x18
#define UARTFR_RXFE	(1u << 4)
#define UARTFR_TXFF	(1u << 5)
#define UARTIMSC	0x38	  /* TRM 3.3.10 */
#define UARTICR		0x44	  /* TRM 3.3.13 */
#define UART_INT_RX	(1u << 4) /* RXIM / RXIC */
#define UART_INT_RT	(1u << 6) /* RTIM / RTIC: receive timeout */
#define UART_INT_RXRT	(UART_INT_RX | UART_INT_RT)
#define EARLY_BUF	4096
#define TX_SPIN_MAX	1000000 /* a stuck UART must not hang the machine */
#define PL011_MAX_NODES 8
#define GIC_IRQ_SPI	0 /* arm,gic and arm,gic-v3 bindings: <type number flags> */
#define GIC_SPI_BASE	32

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

/* ---- receive interrupt: ends the WFI of a CPU waiting for input ---- */
static int rx_intid; /* 0: not set up yet, -1: none */
static unsigned rx_cpu = INVALID_CPU;

/* The console's SPI: the arm,pl011 node whose first reg address is base. */
static unsigned find_spi(const void *fdt, paddr_t base)
{
	int node = -1;

	for (unsigned i = 0; fdt && i < PL011_MAX_NODES; i++) {
		const fdt32_t *reg, *irq;
		uint64_t addr = 0;
		int len, ac;

		node = fdt_node_offset_by_compatible(fdt, node, "arm,pl011");
		if (node < 0)
			return 0;
		ac = fdt_address_cells(fdt, fdt_parent_offset(fdt, node));
		reg = fdt_getprop(fdt, node, "reg", &len);
		if (!reg || ac < 1 || ac > 2 || len < 4 * ac)
			continue;
		for (int c = 0; c < ac; c++)
			addr = addr << 32 | fdt32_to_cpu(reg[c]);
		if (addr != base)
			continue;
		irq = fdt_getprop(fdt, node, "interrupts", &len);
		if (!irq || len != 12 || fdt32_to_cpu(irq[0]) != GIC_IRQ_SPI)
			return 0;
		return GIC_SPI_BASE + fdt32_to_cpu(irq[1]);
	}
	return 0;
}

/* Level interrupt (RXINTR/RTINTR, TRM 3.4): mask it so the line drops; the reader drains the FIFO. */
static void rx_irq(unsigned irq, void *arg)
{
	(void)irq;
	(void)arg;
	mmio_write32(uart + UARTIMSC, mmio_read32(uart + UARTIMSC) & ~UART_INT_RXRT);
	mmio_write32(uart + UARTICR, UART_INT_RT);
}

static int rx_setup(void)
{
	unsigned intid = find_spi(platform.fdt, platform.uart_base);
	int rc;

	if (!intid)
		return -ENOENT;
	rc = irq_register(intid, rx_irq, NULL);
	if (rc)
		return rc;
	rc = arch_irq_wire(intid, false, arch_this_cpu()); /* level (TRM 3.4) */
	if (rc) {
		irq_register(intid, NULL, NULL);
		return rc;
	}
	rx_cpu = arch_this_cpu();
	rx_intid = (int)intid;
	return 0;
}

static bool rx_empty(void)
{
	return mmio_read32(uart + UARTFR) & UARTFR_RXFE;
}

int arch_console_rx_arm(void)
{
	unsigned cpu = arch_this_cpu();
	int rc;

	if (!uart)
		return -ENOSYS;
	if (!rx_intid) {
		rc = rx_setup();
		if (rc && rc != -ENODEV) { /* -ENODEV: no GIC yet, try again later */
			log_info("pl011: no receive interrupt (%d): input waits are timer-bounded",
				 rc);
			rx_intid = -1;
		}
	}
	if (rx_intid <= 0)
		return rx_empty() ? -ENOSYS : 1;
	if (rx_cpu != cpu && !irqchip_spi_route((unsigned)rx_intid, cpu))
		rx_cpu = cpu;
	/* Unmask first: a byte that came before is then pending, or seen by the FIFO check. */
	mmio_write32(uart + UARTIMSC, mmio_read32(uart + UARTIMSC) | UART_INT_RXRT);
	return rx_empty() ? 0 : 1;
}
