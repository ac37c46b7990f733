// SPDX-License-Identifier: MIT
/*
 * Emulated PL011 UART for guests (Arm PrimeCell UART PL011 TRM, DDI 0183G
 * 3.2 register summary): transmit through UARTDR, a flag register that is
 * always ready (TXFE, RXFE: no input yet), the control registers kept as
 * written, and the PeriphID/PCellID values an AMBA probe reads (3.3.14).
 * Output goes out per line to a callback (the console, with the VM name).
 * Portable: host-tested.
 */
#include <string.h>
#include "hv_priv.h"

#define UARTDR	     0x000
#define UARTRSR	     0x004
#define UARTFR	     0x018
#define UARTIBRD     0x024
#define UARTFBRD     0x028
#define UARTLCR_H    0x02c
#define UARTCR	     0x030
#define UARTIFLS     0x034
#define UARTIMSC     0x038
#define UARTRIS	     0x03c
#define UARTMIS	     0x040
#define UARTICR	     0x044
#define UARTPERIPHID 0xfe0
#define UARTFR_RXFE  BIT(4)
#define UARTFR_TXFE  BIT(7)
#define UARTRIS_TX   BIT(5)

/* PeriphID0-3, PCellID0-3 (DDI 0183G 3.3.14-3.3.15; r1p5 as QEMU models it). */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void hv_vpl011_init(struct hv_vpl011 *u, void (*out)(void *, const char *, size_t), void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->lock = (struct spinlock)SPINLOCK_INIT;
	u->out = out;
	u->out_ctx = ctx;
	u->cr = 0x300; /* TXE, RXE at reset */
}

static void flush_line(struct hv_vpl011 *u)
{
	if (u->out)
		u->out(u->out_ctx, u->line, u->len);
	u->len = 0;
}

static void put_byte(struct hv_vpl011 *u, char c)
{
	spin_lock(&u->lock);
	u->tx_bytes++;
	if (u->tlen < sizeof(u->transcript) - 1)
		u->transcript[u->tlen++] = c;
	if (c == '\n') {
		flush_line(u);
	} else if (c != '\r') {
		u->line[u->len++] = c;
		if (u->len == sizeof(u->line))
			flush_line(u);
	}
	spin_unlock(&u->lock);
}

int hv_vpl011_read(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t *val)
{
	(void)size;
	if (off >= UARTPERIPHID && off < UARTPERIPHID + 32 && !(off & 3)) {
		*val = pl011_id[(off - UARTPERIPHID) / 4];
		return 0;
	}
	switch (off) {
	case UARTFR:
		*val = UARTFR_TXFE | UARTFR_RXFE;
		break;
	case UARTIBRD:
		*val = u->ibrd;
		break;
	case UARTFBRD:
		*val = u->fbrd;
		break;
	case UARTLCR_H:
		*val = u->lcr_h;
		break;
	case UARTCR:
		*val = u->cr;
		break;
	case UARTIFLS:
		*val = u->ifls;
		break;
	case UARTIMSC:
		*val = u->imsc;
		break;
	case UARTRIS: /* the transmit FIFO is always below its level */
		*val = UARTRIS_TX;
		break;
	case UARTMIS:
		*val = UARTRIS_TX & u->imsc;
		break;
	default: /* UARTDR (no input), UARTRSR, DMACR, reserved: read as zero */
		*val = 0;
	}
	return 0;
}

int hv_vpl011_write(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t val)
{
	(void)size;
	switch (off) {
	case UARTDR:
		put_byte(u, (char)(val & 0xff));
		break;
	case UARTIBRD:
		u->ibrd = (uint32_t)val & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = (uint32_t)val & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = (uint32_t)val & 0xff;
		break;
	case UARTCR:
		u->cr = (uint32_t)val & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = (uint32_t)val & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = (uint32_t)val & 0x7ff;
		break;
	default: /* UARTRSR/ECR, UARTICR, DMACR: nothing latched to clear */
		break;
	}
	return 0;
}

static int vpl011_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	(void)v;
	return hv_vpl011_read(dev, off, size, val);
}

static int vpl011_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	(void)v;
	return hv_vpl011_write(dev, off, size, val);
}

const struct hv_mmio_ops hv_vpl011_ops = { vpl011_rd, vpl011_wr };
