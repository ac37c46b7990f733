// SPDX-License-Identifier: MIT
/*
 * EDID base-block parser (drivers/gpu/edid.c) against the EDID QEMU 7.2's
 * bochs-display serves (recorded with `gpu edid`), and against edits of it
 * that break one rule each (header, checksum, length).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>
#include <vmplat/gpu.h>

/* QEMU 7.2 bochs-display BAR2 + 0x000 (hw/display/edid-generate.c), default xres/yres. */
static const uint8_t qemu_edid[EDID_BLOCK_LEN] = {
	0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x49, 0x14, 0x34, 0x12, 0x00, 0x00, 0x00,
	0x00, 0x2a, 0x18, 0x01, 0x04, 0xa5, 0x20, 0x14, 0x78, 0x06, 0xee, 0x91, 0xa3, 0x54, 0x4c,
	0x99, 0x26, 0x0f, 0x50, 0x54, 0x21, 0x08, 0x00, 0xe1, 0xc0, 0xd1, 0xc0, 0xd1, 0x00, 0xa9,
	0x40, 0xb3, 0x00, 0x95, 0x00, 0x81, 0x80, 0x81, 0x40, 0xea, 0x29, 0x00, 0xc0, 0x51, 0x20,
	0x1c, 0x30, 0x40, 0x26, 0x44, 0x40, 0x45, 0xcb, 0x10, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,
	0xf7, 0x00, 0x0a, 0x00, 0x40, 0x82, 0x00, 0x28, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xfd, 0x00, 0x32, 0x7d, 0x1e, 0xa0, 0xff, 0x01, 0x0a, 0x20, 0x20, 0x20,
	0x20, 0x20, 0x20, 0x00, 0x00, 0x00, 0xfc, 0x00, 0x51, 0x45, 0x4d, 0x55, 0x20, 0x4d, 0x6f,
	0x6e, 0x69, 0x74, 0x6f, 0x72, 0x0a, 0x01, 0x3a,
};

static bool has_mode(const struct edid_info *e, unsigned w, unsigned h, unsigned hz,
		     enum edid_src src)
{
	for (unsigned i = 0; i < e->nmodes; i++)
		if (e->modes[i].w == w && e->modes[i].h == h && e->modes[i].refresh == hz &&
		    e->modes[i].src == src)
			return true;
	return false;
}

/* Fix byte 127 so the block sums to 0 (3.11). */
static void fix_checksum(uint8_t *b)
{
	uint8_t sum = 0;

	for (unsigned i = 0; i < EDID_BLOCK_LEN - 1; i++)
		sum = (uint8_t)(sum + b[i]);
	b[EDID_BLOCK_LEN - 1] = (uint8_t)-sum;
}

static void test_qemu_edid_ids_and_name(void **state)
{
	struct edid_info e;

	(void)state;
	assert_int_equal(edid_parse(qemu_edid, sizeof(qemu_edid), &e), 0);
	assert_string_equal(e.vendor, "RHT"); /* 0x4914: R=18 H=8 T=20 (3.4.1) */
	assert_int_equal(e.product, 0x1234);
	assert_int_equal(e.year, 1990 + 0x18);
	assert_int_equal(e.version, 1);
	assert_int_equal(e.revision, 4);
	assert_int_equal(e.width_cm, 32);
	assert_int_equal(e.height_cm, 20);
	assert_string_equal(e.name, "QEMU Monitor");
	assert_int_equal(e.extensions, 1);
}

static void test_qemu_edid_preferred_is_first_detailed_timing(void **state)
{
	struct edid_info e;
	const struct edid_mode *p;

	(void)state;
	assert_int_equal(edid_parse(qemu_edid, sizeof(qemu_edid), &e), 0);
	assert_true(e.preferred >= 0);
	p = &e.modes[e.preferred];
	/* 107.30 MHz, 1280+448 x 800+28: 75 Hz. */
	assert_int_equal(p->w, 1280);
	assert_int_equal(p->h, 800);
	assert_int_equal(p->pixclk_khz, 107300);
	assert_int_equal(p->refresh, 75);
	assert_int_equal(p->src, EDID_SRC_DTD);
	assert_int_equal(e.preferred, 0);
}

static void test_qemu_edid_standard_and_established_timings(void **state)
{
	struct edid_info e;

	(void)state;
	assert_int_equal(edid_parse(qemu_edid, sizeof(qemu_edid), &e), 0);
	/* e1 c0: (0xe1 + 31) * 8 = 2048, aspect 11 (16:9), 60 Hz. */
	assert_true(has_mode(&e, 2048, 1152, 60, EDID_SRC_STD));
	assert_true(has_mode(&e, 1920, 1080, 60, EDID_SRC_STD)); /* d1 c0 */
	assert_true(has_mode(&e, 1920, 1200, 60, EDID_SRC_STD)); /* d1 00: 16:10 */
	assert_true(has_mode(&e, 1600, 1200, 60, EDID_SRC_STD)); /* a9 40: 4:3 */
	assert_true(has_mode(&e, 1280, 1024, 60, EDID_SRC_STD)); /* 81 80: 5:4 */
	/* 0x23 = 0x21: 640x480@60 and 800x600@60; 0x24 = 0x08: 1024x768@60. */
	assert_true(has_mode(&e, 640, 480, 60, EDID_SRC_EST));
	assert_true(has_mode(&e, 800, 600, 60, EDID_SRC_EST));
	assert_true(has_mode(&e, 1024, 768, 60, EDID_SRC_EST));
	assert_false(has_mode(&e, 720, 400, 70, EDID_SRC_EST));
}

static void test_bad_checksum_is_rejected(void **state)
{
	uint8_t b[EDID_BLOCK_LEN];
	struct edid_info e;

	(void)state;
	memcpy(b, qemu_edid, sizeof(b));
	b[0x20] ^= 0x01; /* one bit flipped in the body */
	assert_int_equal(edid_parse(b, sizeof(b), &e), -EBADMSG);
	assert_int_equal(e.nmodes, 0);
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
}

static void test_bad_header_and_short_block_are_rejected(void **state)
{
	uint8_t b[EDID_BLOCK_LEN];
	struct edid_info e;

	(void)state;
	memcpy(b, qemu_edid, sizeof(b));
	b[7] = 0xff;
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), -EINVAL);
	assert_int_equal(edid_parse(qemu_edid, EDID_BLOCK_LEN - 1, &e), -EINVAL);
	assert_int_equal(edid_parse(NULL, EDID_BLOCK_LEN, &e), -EINVAL);
	memset(b, 0xff, sizeof(b)); /* an absent device reads all-ones */
	assert_int_equal(edid_parse(b, sizeof(b), &e), -EINVAL);
}

static void test_edid_1_2_aspect_00_is_square(void **state)
{
	uint8_t b[EDID_BLOCK_LEN];
	struct edid_info e;

	(void)state;
	memcpy(b, qemu_edid, sizeof(b));
	b[0x13] = 2; /* EDID 1.2: aspect code 00 means 1:1 (3.9, note) */
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_true(has_mode(&e, 1920, 1920, 60, EDID_SRC_STD)); /* d1 00 */
}

static void test_no_detailed_timing_means_no_preferred(void **state)
{
	uint8_t b[EDID_BLOCK_LEN];
	struct edid_info e;

	(void)state;
	memcpy(b, qemu_edid, sizeof(b));
	memset(b + 0x36, 0, 18); /* descriptor 0 becomes a dummy (tag 00) */
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_int_equal(e.preferred, -1);
	assert_false(has_mode(&e, 1280, 800, 75, EDID_SRC_DTD));
	assert_string_equal(e.name, "QEMU Monitor");
}

static void test_modes_are_bounded_and_unique(void **state)
{
	uint8_t b[EDID_BLOCK_LEN];
	struct edid_info e;

	(void)state;
	memcpy(b, qemu_edid, sizeof(b));
	memset(b + 0x23, 0xff, 3);	 /* every established timing */
	for (unsigned i = 0; i < 4; i++) /* four identical detailed timings */
		memcpy(b + 0x36 + 18 * i, qemu_edid + 0x36, 18);
	fix_checksum(b);
	assert_int_equal(edid_parse(b, sizeof(b), &e), 0);
	assert_true(e.nmodes <= EDID_MAX_MODES);
	for (unsigned i = 0; i < e.nmodes; i++)
		for (unsigned j = i + 1; j < e.nmodes; j++)
			assert_false(e.modes[i].w == e.modes[j].w && e.modes[i].h == e.modes[j].h &&
				     e.modes[i].refresh == e.modes[j].refresh);
	assert_true(has_mode(&e, 1024, 768, 87, EDID_SRC_EST));
	for (unsigned i = 0; i < e.nmodes; i++)
		if (e.modes[i].refresh == 87)
			assert_true(e.modes[i].interlaced);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_edid_ids_and_name),
		cmocka_unit_test(test_qemu_edid_preferred_is_first_detailed_timing),
		cmocka_unit_test(test_qemu_edid_standard_and_established_timings),
		cmocka_unit_test(test_bad_checksum_is_rejected),
		cmocka_unit_test(test_bad_header_and_short_block_are_rejected),
		cmocka_unit_test(test_edid_1_2_aspect_00_is_square),
		cmocka_unit_test(test_no_detailed_timing_means_no_preferred),
		cmocka_unit_test(test_modes_are_bounded_and_unique),
	};

	return cmocka_run_group_tests_name("edid", tests, NULL, NULL);
}
