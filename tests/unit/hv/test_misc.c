// SPDX-License-Identifier: MIT
/*
 * PL011 emulation (DDI 0183G: UARTFR, PeriphID/PCellID, output by line),
 * arm64 Image placement (booting.rst header fields), and VTCR_EL2 from
 * PARange (D17.2.190, T0SZ/SL0/PS for the 4 KiB granule).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "../../../hv/stage2_cfg.h"
#include "hv_test.h"

static char lines[4][200];
static unsigned nlines;

static void capture(void *ctx, const char *line, size_t n)
{
	(void)ctx;
	if (nlines < 4)
		snprintf(lines[nlines++], sizeof(lines[0]), "%.*s", (int)n, line);
}

static void test_pl011(void **state)
{
	struct hv_vpl011 u;
	uint64_t v;
	const char *s = "hi\r\nyou\n";

	(void)state;
	nlines = 0;
	hv_vpl011_init(&u, capture, NULL);
	hv_vpl011_read(&u, 0x18, 4, &v);
	assert_int_equal(v & 0xb8, 0x90); /* TXFE, RXFE; not TXFF, BUSY */
	hv_vpl011_read(&u, 0xfe0, 4, &v);
	assert_int_equal(v, 0x11);
	hv_vpl011_read(&u, 0xff0, 4, &v);
	assert_int_equal(v, 0x0d);
	hv_vpl011_read(&u, 0xffc, 4, &v);
	assert_int_equal(v, 0xb1);
	for (const char *p = s; *p; p++)
		hv_vpl011_write(&u, 0, 4, (uint8_t)*p);
	assert_int_equal(nlines, 2);
	assert_string_equal(lines[0], "hi");
	assert_string_equal(lines[1], "you");
	assert_int_equal(u.tx_bytes, strlen(s));
	assert_string_equal(u.transcript, s);
	hv_vpl011_write(&u, 0x30, 4, 0x301);
	hv_vpl011_read(&u, 0x30, 4, &v);
	assert_int_equal(v, 0x301);
}

static void image_header(uint8_t *h, uint64_t text, uint64_t size, uint64_t flags)
{
	memset(h, 0, 64);
	for (int i = 0; i < 8; i++) {
		h[8 + i] = (uint8_t)(text >> (8 * i));
		h[16 + i] = (uint8_t)(size >> (8 * i));
		h[24 + i] = (uint8_t)(flags >> (8 * i));
	}
	h[56] = 'A';
	h[57] = 'R';
	h[58] = 'M';
	h[59] = 0x64;
}

static void test_image_layout(void **state)
{
	uint8_t h[64];
	struct hv_layout l;

	(void)state;
	image_header(h, 0, 0x6000, 2);
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0, &l), 0);
	assert_int_equal(l.kernel, 0x40000000);
	assert_int_equal(l.kernel_end, 0x40006000);
	assert_int_equal(l.dtb, 0x40e00000);
	assert_int_equal(l.initrd, 0);
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0x1001, &l), 0);
	assert_int_equal(l.initrd, 0x40e00000 - 0x2000);
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 14 * MiB, &l), -E2BIG);
	image_header(h, 0x12345, 0, 0); /* image_size 0: text_offset is 0x80000 */
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0, &l), 0);
	assert_int_equal(l.kernel, 0x40080000);
	image_header(h, 0, 20 * MiB, 0);
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0, &l), -E2BIG);
	image_header(h, 0, 0x6000, 1); /* big-endian */
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0, &l), -EINVAL);
	image_header(h, 0, 0x6000, 0);
	h[59] = 0;
	assert_int_equal(hv_image_layout(h, 64, 0x40000000, 16 * MiB, 0, &l), -EINVAL);
	assert_int_equal(hv_image_layout(h, 32, 0x40000000, 16 * MiB, 0, &l), -EINVAL);
}

static void test_vtcr_from_parange(void **state)
{
	struct hv_s2_cfg c;

	(void)state;
	assert_int_equal(hv_stage2_config(2, &c), 0); /* 40 bits */
	assert_int_equal(c.ipa_bits, 40);
	assert_int_equal(c.vtcr & 0x3f, 24);	      /* T0SZ */
	assert_int_equal((c.vtcr >> 6) & 3, 2);	      /* SL0: start at level 0 */
	assert_int_equal((c.vtcr >> 16) & 7, 2);      /* PS */
	assert_int_equal((c.vtcr >> 14) & 3, 0);      /* TG0 4 KiB */
	assert_int_equal((c.vtcr >> 8) & 0x3f, 0x35); /* IRGN0/ORGN0 WBWA, SH0 inner */
	assert_true(c.vtcr & BIT_ULL(31));
	assert_int_equal(hv_stage2_config(4, &c), 0); /* 44 bits (Cortex-A72) */
	assert_int_equal(c.vtcr & 0x3f, 20);
	assert_int_equal(hv_stage2_config(5, &c), 0);
	assert_int_equal(c.vtcr & 0x3f, 16);
	assert_int_equal(hv_stage2_config(0, &c), 0); /* 32 bits: level-1 start */
	assert_int_equal(c.vtcr & 0x3f, 32);
	assert_int_equal((c.vtcr >> 6) & 3, 1);
	assert_int_equal(c.start_level, 1);
	assert_int_equal(hv_stage2_config(6, &c), 0); /* 52-bit PA: capped at 48 */
	assert_int_equal(c.ipa_bits, 48);
	assert_int_equal((c.vtcr >> 16) & 7, 5);
	assert_int_equal(hv_stage2_config(7, &c), -EINVAL);
	assert_int_equal(hv_vttbr(0x40001000, 7), 0x0007000040001000ULL);
}

const struct CMUnitTest misc_tests[] = {
	cmocka_unit_test(test_pl011),
	cmocka_unit_test(test_image_layout),
	cmocka_unit_test(test_vtcr_from_parange),
};
const size_t misc_ntests = ARRAY_SIZE(misc_tests);
