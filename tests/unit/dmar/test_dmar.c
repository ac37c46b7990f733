// SPDX-License-Identifier: MIT
/*
 * DMAR parser (VT-d 4.x, chapter 8) on the table QEMU 7.2 built for
 * `-machine q35,kernel-irqchip=split -device intel-iommu,intremap=on`
 * (printed by vmplat booted with "debug", drivers/iommu/vtd.c), and on
 * malformed variants of it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <errno.h>
#include <vmplat/log.h>
#include "../../../drivers/iommu/dmar.h"

void log_msg(enum log_level lvl, const char *fmt, ...)
{
	(void)lvl;
	(void)fmt;
}

static const uint8_t qemu_dmar[] = {
	0x44, 0x4d, 0x41, 0x52, 0x70, 0x00, 0x00, 0x00, 0x01, 0x28, 0x42, 0x4f, 0x43, 0x48,
	0x53, 0x20, 0x42, 0x58, 0x50, 0x43, 0x20, 0x20, 0x20, 0x20, 0x01, 0x00, 0x00, 0x00,
	0x42, 0x58, 0x50, 0x43, 0x01, 0x00, 0x00, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0xd9, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x00, 0xff,
	0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00,
	0x00, 0x00, 0x01, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x00, 0x01, 0x08,
	0x00, 0x00, 0x00, 0x00, 0x1f, 0x02, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x1f, 0x03,
};

#define BUF_MAX 512
static uint8_t buf[BUF_MAX];
static struct dmar_info info;

static size_t copy_qemu(void)
{
	memcpy(buf, qemu_dmar, sizeof(qemu_dmar));
	return sizeof(qemu_dmar);
}

/* Append a structure (type, len, body) and fix the table length. */
static size_t append(size_t len, uint16_t type, uint16_t slen, const uint8_t *body, size_t blen)
{
	buf[len] = (uint8_t)type;
	buf[len + 1] = (uint8_t)(type >> 8);
	buf[len + 2] = (uint8_t)slen;
	buf[len + 3] = (uint8_t)(slen >> 8);
	memset(buf + len + 4, 0, slen > 4 ? slen - 4u : 0);
	if (body)
		memcpy(buf + len + 4, body, blen);
	len += slen >= 4 ? slen : 4;
	le32_put(buf + 4, (uint32_t)len);
	return len;
}

static void test_qemu_table_parses(void **state)
{
	(void)state;
	assert_int_equal(dmar_parse(qemu_dmar, sizeof(qemu_dmar), &info), 0);
	assert_int_equal(info.haw, 39);
	assert_int_equal(info.flags & DMAR_FLAG_INTR_REMAP, DMAR_FLAG_INTR_REMAP);
	assert_int_equal(info.ndrhd, 1);
	assert_int_equal(info.nrmrr, 0);
	assert_int_equal(info.drhd[0].base, 0xfed90000);
	assert_int_equal(info.drhd[0].segment, 0);
	assert_int_equal(info.drhd[0].flags & DMAR_DRHD_INCLUDE_ALL, 0);
	assert_int_equal(info.drhd[0].nscope, 6);
	assert_int_equal(info.drhd[0].scope[0].type, DMAR_SCOPE_IOAPIC);
	assert_int_equal(info.drhd[0].scope[0].start_bus, 0xff);
	assert_int_equal(info.drhd[0].scope[5].type, DMAR_SCOPE_ENDPOINT);
	assert_int_equal(info.drhd[0].scope[5].npath, 1);
	assert_int_equal(info.drhd[0].scope[5].path[0][0], 0x1f);
	assert_int_equal(info.drhd[0].scope[5].path[0][1], 3);
}

static void test_unknown_type_is_skipped_by_length(void **state)
{
	uint8_t body[12] = { 1, 2, 3 };
	size_t len = append(copy_qemu(), 0x7f, 16, body, sizeof(body));

	(void)state;
	assert_int_equal(dmar_parse(buf, len, &info), 0);
	assert_int_equal(info.skipped, 1);
	assert_int_equal(info.ndrhd, 1);
}

static void test_rmrr_with_scope(void **state)
{
	uint8_t body[28] = { 0 };
	size_t len;

	(void)state;
	le64_put(body + 4, 0x7000000);					/* base */
	le64_put(body + 12, 0x7003fff);					/* limit */
	memcpy(body + 20, (uint8_t[]){ 1, 8, 0, 0, 0, 0, 0x1d, 0 }, 8); /* 00:1d.0 */
	len = append(copy_qemu(), DMAR_TYPE_RMRR, 32, body, sizeof(body));
	assert_int_equal(dmar_parse(buf, len, &info), 0);
	assert_int_equal(info.nrmrr, 1);
	assert_int_equal(info.rmrr[0].base, 0x7000000);
	assert_int_equal(info.rmrr[0].limit, 0x7003fff);
	assert_int_equal(info.rmrr[0].nscope, 1);
	assert_int_equal(info.rmrr[0].scope[0].path[0][0], 0x1d);
}

static void test_zero_length_is_rejected(void **state)
{
	size_t len = append(copy_qemu(), 0x7f, 0, NULL, 0);

	(void)state;
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
	assert_int_equal(info.bad_off, sizeof(qemu_dmar));
}

static void test_overrunning_length_is_rejected(void **state)
{
	size_t len = copy_qemu();

	(void)state;
	buf[0x32] = 0x41; /* DRHD length one past the table */
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
	assert_int_equal(info.bad_off, 0x30);
}

static void test_scope_length_overrunning_drhd_is_rejected(void **state)
{
	size_t len = copy_qemu();

	(void)state;
	buf[0x69] = 0x0a; /* last scope claims 10 bytes, 8 remain */
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
	buf[0x69] = 0x07; /* odd path length */
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
	buf[0x69] = 0x00;
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
}

static void test_truncated_and_mismatched_tables(void **state)
{
	size_t len = copy_qemu();

	(void)state;
	assert_int_equal(dmar_parse(buf, len - 1, &info), -EINVAL); /* header length != len */
	assert_int_equal(dmar_parse(buf, 40, &info), -EINVAL);
	le32_put(buf + 4, (uint32_t)len + 2);
	buf[len] = 0;
	buf[len + 1] = 0;
	assert_int_equal(dmar_parse(buf, len + 2, &info), -EINVAL); /* 2-byte header stub */
}

static void test_rmrr_unaligned_is_rejected(void **state)
{
	uint8_t body[20] = { 0 };
	size_t len;

	(void)state;
	le64_put(body + 4, 0x7000800);
	le64_put(body + 12, 0x7003fff);
	len = append(copy_qemu(), DMAR_TYPE_RMRR, 24, body, sizeof(body));
	assert_int_equal(dmar_parse(buf, len, &info), -EINVAL);
}

/* Fake topology: 00:1c.0 is a bridge to bus 3, 03:00.0 a bridge to bus 4. */
static int fake_sec(void *ctx, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	(void)ctx;
	(void)seg;
	if (bus == 0 && devfn == (0x1c << 3))
		return 3;
	if (bus == 3 && devfn == 0)
		return 4;
	return -1;
}

static void test_scope_path_walks_bridges(void **state)
{
	struct dmar_scope s = { .type = DMAR_SCOPE_ENDPOINT,
				.start_bus = 0,
				.npath = 3,
				.path = { { 0x1c, 0 }, { 0, 0 }, { 2, 1 } } };
	uint16_t rid = 0;

	(void)state;
	assert_int_equal(dmar_scope_resolve(&s, 0, fake_sec, NULL, &rid), 0);
	assert_int_equal(rid, 4 << 8 | 2 << 3 | 1);
	s.path[0][0] = 0x1b; /* no bridge there */
	assert_int_equal(dmar_scope_resolve(&s, 0, fake_sec, NULL, &rid), -ENODEV);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_table_parses),
		cmocka_unit_test(test_unknown_type_is_skipped_by_length),
		cmocka_unit_test(test_rmrr_with_scope),
		cmocka_unit_test(test_zero_length_is_rejected),
		cmocka_unit_test(test_overrunning_length_is_rejected),
		cmocka_unit_test(test_scope_length_overrunning_drhd_is_rejected),
		cmocka_unit_test(test_truncated_and_mismatched_tables),
		cmocka_unit_test(test_rmrr_unaligned_is_rejected),
		cmocka_unit_test(test_scope_path_walks_bridges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
