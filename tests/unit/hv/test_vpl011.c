// SPDX-License-Identifier: MIT
/*
 * PL011 receive side (DDI 0183G): FIFO order and wrap, UARTFR RXFE/RXFF,
 * a full FIFO refusing bytes, UARTRIS/MIS/ICR for the receive and timeout
 * interrupts, the UARTIFLS trigger levels, the interrupt line as a level on
 * the virtual SPI (pended, withdrawn, pended again after deactivation, the
 * target vCPU kicked), raw output for `vm console`, `vm send` escapes.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "hv_test.h"

#define DR	 0x000
#define FR	 0x018
#define LCR_H	 0x02c
#define IFLS	 0x034
#define IMSC	 0x038
#define RIS	 0x03c
#define MIS	 0x040
#define ICR	 0x044
#define FR_RXFE	 BIT(4)
#define FR_RXFF	 BIT(6)
#define INT_RX	 BIT(4)
#define INT_TX	 BIT(5)
#define INT_RT	 BIT(6)
#define FEN	 BIT(4)
#define UART_SPI (32 + HV_GUEST_UART_SPI)

static uint64_t rd(struct hv_vpl011 *u, uint64_t off)
{
	uint64_t v = ~0ULL;

	assert_int_equal(hv_vpl011_read(u, off, 4, &v), 0);
	return v;
}

static void wr(struct hv_vpl011 *u, uint64_t off, uint64_t v)
{
	assert_int_equal(hv_vpl011_write(u, off, 4, v), 0);
}

static size_t push_str(struct hv_vpl011 *u, const char *s)
{
	return hv_vpl011_push(u, (const uint8_t *)s, strlen(s));
}

static void test_fifo_order_and_flags(void **state)
{
	struct hv_vpl011 u;
	uint8_t buf[40];

	(void)state;
	hv_vpl011_init(&u, NULL, NULL);
	assert_int_equal(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	assert_int_equal(rd(&u, DR), 0); /* empty: nothing, no error bits */
	assert_int_equal(push_str(&u, "abc"), 3);
	assert_int_equal(rd(&u, FR) & (FR_RXFE | FR_RXFF), 0);
	assert_int_equal(rd(&u, DR), 'a');
	assert_int_equal(rd(&u, DR), 'b');
	assert_int_equal(rd(&u, DR), 'c');
	assert_int_equal(rd(&u, FR) & FR_RXFE, FR_RXFE);
	/* 40 offered, 32 taken: the rest waits; the FIFO is intact and full. */
	for (unsigned i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(0x80 + i);
	assert_int_equal(hv_vpl011_push(&u, buf, sizeof(buf)), HV_VPL011_FIFO);
	assert_int_equal(rd(&u, FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
	assert_int_equal(hv_vpl011_rx_space(&u), 0);
	assert_int_equal(hv_vpl011_push(&u, buf, 1), 0);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(rd(&u, DR), 0x80 + i);
	assert_int_equal(rd(&u, FR) & FR_RXFF, 0);
	/* Refill across the wrap of the ring: order kept, bits 11:8 zero. */
	assert_int_equal(hv_vpl011_push(&u, buf + 32, 8), 5);
	for (unsigned i = 5; i < 37; i++)
		assert_int_equal(rd(&u, DR), 0x80 + i);
	assert_int_equal(rd(&u, FR) & FR_RXFE, FR_RXFE);
	assert_int_equal(u.rx_count, 0);
}

static void test_ris_mis_icr(void **state)
{
	struct hv_vpl011 u;

	(void)state;
	hv_vpl011_init(&u, NULL, NULL);
	wr(&u, LCR_H, FEN | 0x60); /* 8 bits, FIFOs on */
	wr(&u, IFLS, 2 << 3);	   /* RX at 1/2: 16 bytes */
	assert_int_equal(rd(&u, RIS) & (INT_RX | INT_RT), 0);
	assert_int_equal(push_str(&u, "x"), 1);
	assert_int_equal(rd(&u, RIS) & (INT_RX | INT_RT), INT_RT); /* below the level: timeout */
	assert_int_equal(rd(&u, MIS), 0);
	wr(&u, IMSC, INT_RX | INT_RT);
	assert_int_equal(rd(&u, MIS), INT_RT);
	assert_true(hv_vpl011_irq_level(&u));
	wr(&u, ICR, INT_RT);
	assert_int_equal(rd(&u, RIS) & INT_RT, 0);
	assert_false(hv_vpl011_irq_level(&u));
	assert_int_equal(push_str(&u, "yyyyyyyyyyyyyyy"), 15); /* 16: the level */
	assert_int_equal(rd(&u, MIS), INT_RX | INT_RT);
	wr(&u, ICR, 0x7ff); /* RX follows the level: ICR cannot clear it */
	assert_int_equal(rd(&u, MIS), INT_RX);
	assert_int_equal(rd(&u, DR), 'x');
	assert_int_equal(rd(&u, RIS) & INT_RX, 0);
	assert_int_equal(push_str(&u, "z"), 1); /* a new byte: timeout again */
	assert_int_equal(rd(&u, MIS), INT_RX | INT_RT);
	for (unsigned i = 0; i < 16; i++)
		rd(&u, DR);
	assert_int_equal(rd(&u, RIS), INT_TX); /* empty: RT gone without ICR */
	assert_false(hv_vpl011_irq_level(&u));
	assert_false(u.rx_timeout);
	wr(&u, IMSC, INT_TX);
	assert_true(hv_vpl011_irq_level(&u)); /* TX is always below its level */
}

static void test_trigger_levels(void **state)
{
	static const unsigned level[8] = { 4, 8, 16, 24, 28, 16, 16, 16 };
	struct hv_vpl011 u;
	uint8_t buf[HV_VPL011_FIFO] = { 0 };

	(void)state;
	for (unsigned sel = 0; sel < 8; sel++) {
		hv_vpl011_init(&u, NULL, NULL);
		wr(&u, LCR_H, FEN);
		wr(&u, IFLS, sel << 3 | 7); /* TXIFLSEL does not matter */
		assert_int_equal(hv_vpl011_push(&u, buf, level[sel] - 1), level[sel] - 1);
		assert_int_equal(rd(&u, RIS) & INT_RX, 0);
		assert_int_equal(hv_vpl011_push(&u, buf, 1), 1);
		assert_int_equal(rd(&u, RIS) & INT_RX, INT_RX);
	}
	hv_vpl011_init(&u, NULL, NULL); /* FIFOs off (reset LCR_H): one byte is the level */
	assert_int_equal(hv_vpl011_push(&u, buf, 1), 1);
	assert_int_equal(rd(&u, RIS) & INT_RX, INT_RX);
}

static void test_irq_line(void **state)
{
	struct hv_vm *vm = test_vm(2);
	struct hv_virq *q = &vm->gicd.spi[HV_GUEST_UART_SPI];
	struct hv_vcpu *v0 = &vm->vcpu[0];
	uint64_t val;

	(void)state;
	hv_vpl011_init(&vm->uart, NULL, NULL);
	q->route = vm->vcpu[1].mpidr;
	q->flags = VIRQ_ENABLED;
	hv_vpl011_ops.write(&vm->uart, v0, IMSC, 4, INT_RX | INT_RT);
	assert_false(q->flags & VIRQ_PENDING);
	test_kicks = 0;
	assert_int_equal(push_str(&vm->uart, "ab"), 2);
	hv_vpl011_update_irq(vm, NULL);
	assert_true(q->flags & VIRQ_PENDING);
	assert_int_equal(test_kicks, 1);
	assert_ptr_equal(test_kicked, &vm->vcpu[1]);
	assert_int_equal(hv_vgic_pick(vm, &vm->vcpu[1]), -1); /* GICD_CTLR off */
	/* In a list register: no second pending; deactivated with the level high: again. */
	q->flags = (uint8_t)((q->flags & ~VIRQ_PENDING) | VIRQ_QUEUED);
	hv_vpl011_update_irq(vm, &vm->vcpu[1]);
	assert_false(q->flags & VIRQ_PENDING);
	q->flags &= (uint8_t)~VIRQ_QUEUED;
	hv_vpl011_update_irq(vm, &vm->vcpu[1]);
	assert_true(q->flags & VIRQ_PENDING);
	assert_int_equal(test_kicks, 1); /* the target itself resampled: no kick */
	/* The guest drains the FIFO through the ops: the line drops, pending withdrawn. */
	hv_vpl011_ops.read(&vm->uart, v0, DR, 4, &val);
	assert_int_equal(val, 'a');
	assert_true(q->flags & VIRQ_PENDING);
	hv_vpl011_ops.read(&vm->uart, v0, DR, 4, &val);
	assert_int_equal(val, 'b');
	assert_false(q->flags & VIRQ_PENDING);
	/* Masked: a byte raises nothing. */
	hv_vpl011_ops.write(&vm->uart, v0, IMSC, 4, 0);
	assert_int_equal(push_str(&vm->uart, "c"), 1);
	hv_vpl011_update_irq(vm, NULL);
	assert_false(q->flags & VIRQ_PENDING);
}

static char raw[64];
static unsigned nraw;
static char line[64];

static void raw_byte(char c)
{
	if (nraw < sizeof(raw) - 1)
		raw[nraw++] = c;
}

static void line_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	snprintf(line, sizeof(line), "%.*s", (int)n, s);
}

static void test_raw_output(void **state)
{
	struct hv_vpl011 u;
	const char *s = "$ \r\n";

	(void)state;
	nraw = 0;
	hv_vpl011_init(&u, line_out, NULL);
	wr(&u, DR, 'o');
	wr(&u, DR, 'k');
	hv_vpl011_set_raw(&u, raw_byte);
	assert_string_equal(line, "ok"); /* the partial line first */
	for (const char *p = s; *p; p++)
		wr(&u, DR, (uint8_t)*p);
	assert_int_equal(nraw, strlen(s));
	assert_memory_equal(raw, s, strlen(s));
	hv_vpl011_set_raw(&u, NULL);
	wr(&u, DR, 'x');
	wr(&u, DR, '\n');
	assert_string_equal(line, "x");
	assert_int_equal(nraw, strlen(s));
	assert_int_equal(u.tx_bytes, 4 + strlen(s));
}

static void test_unescape(void **state)
{
	uint8_t out[8];
	size_t n = 99;

	(void)state;
	assert_int_equal(hv_unescape("a\\r\\n\\t\\\\\\x41\\x7e", out, sizeof(out), &n), 0);
	assert_int_equal(n, 7);
	assert_memory_equal(out, "a\r\n\t\\A~", 7);
	assert_int_equal(hv_unescape("", out, sizeof(out), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(hv_unescape("\\xfF", out, sizeof(out), &n), 0);
	assert_int_equal(out[0], 0xff);
	assert_int_equal(hv_unescape("\\q", out, sizeof(out), &n), -EINVAL);
	assert_int_equal(hv_unescape("\\x4", out, sizeof(out), &n), -EINVAL);
	assert_int_equal(hv_unescape("\\xg0", out, sizeof(out), &n), -EINVAL);
	assert_int_equal(hv_unescape("ab\\", out, sizeof(out), &n), -EINVAL);
	assert_int_equal(hv_unescape("123456789", out, sizeof(out), &n), -E2BIG);
	assert_int_equal(hv_unescape("12345678", out, sizeof(out), &n), 0);
}

const struct CMUnitTest vpl011_tests[] = {
	cmocka_unit_test(test_fifo_order_and_flags), cmocka_unit_test(test_ris_mis_icr),
	cmocka_unit_test(test_trigger_levels),	     cmocka_unit_test(test_irq_line),
	cmocka_unit_test(test_raw_output),	     cmocka_unit_test(test_unescape),
};
const size_t vpl011_ntests = ARRAY_SIZE(vpl011_tests);
