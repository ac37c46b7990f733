// SPDX-License-Identifier: MIT
/*
 * Emulated PL011 UART for guests (Arm PrimeCell UART PL011 TRM, DDI 0183G
 * 3.2 register summary): transmit through UARTDR, a 32-entry receive FIFO
 * the host fills (hv_vpl011_push), the interrupt status registers for the
 * receive and receive-timeout interrupts (3.3.10-3.3.13), the control
 * registers kept as written, and the PeriphID/PCellID values an AMBA probe
 * reads (3.3.14). Output goes out per line to a callback (the console, with
 * the VM name), or byte by byte to raw_out while `vm console` is attached.
 * Portable: host-tested.
 */
#include <errno.h>
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
#define UARTFR_RXFF  BIT(6)
#define UARTFR_TXFE  BIT(7)
#define UARTLCR_FEN  BIT(4)
#define UARTIFLS_RX  GENMASK(5, 3)
#define UARTINT_RX   BIT(4) /* RXRIS / RXIM / RXIC (3.3.10-3.3.13) */
#define UARTINT_TX   BIT(5)
#define UARTINT_RT   BIT(6)
#define UARTINT_ALL  GENMASK(10, 0)

/* PeriphID0-3, PCellID0-3 (DDI 0183G 3.3.14-3.3.15; r1p5 as QEMU models it). */
static const uint8_t pl011_id[8] = { 0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1 };

void hv_vpl011_init(struct hv_vpl011 *u, void (*out)(void *, const char *, size_t), void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->lock = (struct spinlock)SPINLOCK_INIT;
	u->out = out;
	u->out_ctx = ctx;
	u->cr = 0x300;	/* TXE, RXE at reset */
	u->ifls = 0x12; /* both trigger levels 1/2 at reset (3.3.9) */
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
	if (u->raw_out) {
		u->raw_out(c);
	} else if (c == '\n') {
		flush_line(u);
	} else if (c != '\r') {
		u->line[u->len++] = c;
		if (u->len == sizeof(u->line))
			flush_line(u);
	}
	spin_unlock(&u->lock);
}

void hv_vpl011_set_raw(struct hv_vpl011 *u, void (*raw)(char c))
{
	spin_lock(&u->lock);
	if (raw && u->len)
		flush_line(u); /* a partial line first, in the usual form */
	u->raw_out = raw;
	spin_unlock(&u->lock);
}

/*
 * Receive FIFO trigger level (UARTIFLS.RXIFLSEL, 3.3.9): 1/8, 1/4, 1/2,
 * 3/4, 7/8 of 32 entries; the reserved codes act as 1/2. With the FIFOs
 * off (LCR_H.FEN = 0) the receiver is one holding register, so one byte
 * is the level (3.3.10 RXRIS). The FIFO stays 32 deep either way.
 */
static unsigned rx_trigger(const struct hv_vpl011 *u)
{
	static const unsigned eighths[8] = { 1, 2, 4, 6, 7, 4, 4, 4 };

	if (!(u->lcr_h & UARTLCR_FEN))
		return 1;
	return eighths[FIELD_GET(UARTIFLS_RX, u->ifls)] * HV_VPL011_FIFO / 8;
}

/* UARTRIS (3.3.11); the transmit FIFO is always below its level. Lock held. */
static uint32_t ris_locked(const struct hv_vpl011 *u)
{
	uint32_t ris = UARTINT_TX;

	if (u->rx_count && u->rx_count >= rx_trigger(u))
		ris |= UARTINT_RX;
	if (u->rx_timeout && u->rx_count)
		ris |= UARTINT_RT;
	return ris;
}

uint32_t hv_vpl011_ris(struct hv_vpl011 *u)
{
	uint32_t ris;

	spin_lock(&u->lock);
	ris = ris_locked(u);
	spin_unlock(&u->lock);
	return ris;
}

bool hv_vpl011_irq_level(struct hv_vpl011 *u)
{
	bool level;

	spin_lock(&u->lock);
	level = (ris_locked(u) & u->imsc) != 0;
	spin_unlock(&u->lock);
	return level;
}

size_t hv_vpl011_push(struct hv_vpl011 *u, const uint8_t *p, size_t n)
{
	size_t done = 0;

	spin_lock(&u->lock);
	while (done < n && u->rx_count < HV_VPL011_FIFO) {
		u->rx[(u->rx_head + u->rx_count) % HV_VPL011_FIFO] = p[done++];
		u->rx_count++;
	}
	if (done)
		u->rx_timeout = true; /* no more bytes follow at once: the timeout elapses */
	spin_unlock(&u->lock);
	return done;
}

unsigned hv_vpl011_rx_space(struct hv_vpl011 *u)
{
	unsigned n;

	spin_lock(&u->lock);
	n = HV_VPL011_FIFO - u->rx_count;
	spin_unlock(&u->lock);
	return n;
}

/* UARTDR read (3.3.1): the oldest byte, error bits 11:8 clear. Lock held. */
static uint32_t rx_pop(struct hv_vpl011 *u)
{
	uint32_t c;

	if (!u->rx_count)
		return 0;
	c = u->rx[u->rx_head];
	u->rx_head = (u->rx_head + 1) % HV_VPL011_FIFO;
	if (!--u->rx_count)
		u->rx_timeout = false;
	return c;
}

static uint32_t read_locked(struct hv_vpl011 *u, uint64_t off)
{
	switch (off) {
	case UARTDR:
		return rx_pop(u);
	case UARTFR: /* 3.3.3 */
		return UARTFR_TXFE | (u->rx_count ? 0 : UARTFR_RXFE) |
		       (u->rx_count == HV_VPL011_FIFO ? UARTFR_RXFF : 0);
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return ris_locked(u);
	case UARTMIS: /* 3.3.12 */
		return ris_locked(u) & u->imsc;
	default: /* UARTRSR (no errors: input is never lost), DMACR, reserved */
		return 0;
	}
}

int hv_vpl011_read(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t *val)
{
	(void)size;
	if (off >= UARTPERIPHID && off < UARTPERIPHID + 32 && !(off & 3)) {
		*val = pl011_id[(off - UARTPERIPHID) / 4];
		return 0;
	}
	spin_lock(&u->lock);
	*val = read_locked(u, off);
	spin_unlock(&u->lock);
	return 0;
}

static void write_locked(struct hv_vpl011 *u, uint64_t off, uint32_t val)
{
	switch (off) {
	case UARTIBRD:
		u->ibrd = val & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = val & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = val & 0xff;
		break;
	case UARTCR:
		u->cr = val & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = val & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = val & UARTINT_ALL;
		break;
	case UARTICR: /* 3.3.13: RTIC clears the timeout; RX and TX follow their levels */
		if (val & UARTINT_RT)
			u->rx_timeout = false;
		break;
	default: /* UARTRSR/ECR, DMACR: nothing latched to clear */
		break;
	}
}

int hv_vpl011_write(struct hv_vpl011 *u, uint64_t off, unsigned size, uint64_t val)
{
	(void)size;
	if (off == UARTDR) {
		put_byte(u, (char)(val & 0xff));
		return 0;
	}
	spin_lock(&u->lock);
	write_locked(u, off, (uint32_t)val);
	spin_unlock(&u->lock);
	return 0;
}

/*
 * The UART interrupt (UARTINTR, 2.8) as a level on virtual SPI
 * HV_GUEST_UART_SPI: high -> pending unless the guest already holds it in a
 * list register; low -> a pending not yet delivered is withdrawn. Called
 * after every register access, every push, and after each exit once the
 * list registers are synced (so a deactivated SPI whose level is still high
 * is pended again). The UART lock is taken before the VM lock, so a level
 * and the pending bit cannot disagree. self: the calling vCPU (no kick).
 */
void hv_vpl011_update_irq(struct hv_vm *vm, struct hv_vcpu *self)
{
	struct hv_vpl011 *u = &vm->uart;
	struct hv_virq *q = hv_vgic_irq(vm, NULL, 32 + HV_GUEST_UART_SPI);
	struct hv_vcpu *t = NULL;
	bool level;

	spin_lock(&u->lock);
	level = (ris_locked(u) & u->imsc) != 0;
	spin_lock(&vm->lock);
	if (level && !(q->flags & (VIRQ_PENDING | VIRQ_QUEUED))) {
		q->flags |= VIRQ_PENDING;
		t = hv_vcpu_by_mpidr(vm, q->route);
	} else if (!level && !(q->flags & VIRQ_QUEUED)) {
		q->flags &= ~VIRQ_PENDING;
	}
	spin_unlock(&vm->lock);
	spin_unlock(&u->lock);
	if (t && t != self)
		hv_vcpu_kick(t);
}

static int vpl011_rd(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t *val)
{
	int rc = hv_vpl011_read(dev, off, size, val);

	hv_vpl011_update_irq(v->vm, v);
	return rc;
}

static int vpl011_wr(void *dev, struct hv_vcpu *v, uint64_t off, unsigned size, uint64_t val)
{
	int rc = hv_vpl011_write(dev, off, size, val);

	hv_vpl011_update_irq(v->vm, v);
	return rc;
}

const struct hv_mmio_ops hv_vpl011_ops = { vpl011_rd, vpl011_wr };

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One escape after the backslash at *s: the byte, s advanced; -1 when invalid. */
static int unescape_one(const char **s)
{
	static const char simple[] = "r\rn\nt\t\\\\"; /* letter, byte */
	const char *p = *s;
	int hi, lo;

	for (unsigned i = 0; simple[i]; i += 2) {
		if (*p == simple[i]) {
			*s = p + 1;
			return simple[i + 1];
		}
	}
	if (*p == 'x' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
		*s = p + 3;
		return hi << 4 | lo;
	}
	return -1;
}

int hv_unescape(const char *s, uint8_t *out, size_t cap, size_t *n)
{
	size_t k = 0;

	while (*s) {
		int c = (unsigned char)*s++;

		if (c == '\\' && (c = unescape_one(&s)) < 0)
			return -EINVAL;
		if (k == cap)
			return -E2BIG;
		out[k++] = (uint8_t)c;
	}
	*n = k;
	return 0;
}
