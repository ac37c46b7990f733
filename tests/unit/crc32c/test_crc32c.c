// SPDX-License-Identifier: MIT
/*
 * CRC32C against RFC 3720 B.4 (32 bytes of zeros, of ones, incrementing,
 * decrementing, an iSCSI read PDU) and the common check value of "123456789".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/crc32c.h>

static void test_rfc3720_32_bytes(void **state)
{
	uint8_t b[32];

	(void)state;
	memset(b, 0, sizeof(b));
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x8a9136aa);
	memset(b, 0xff, sizeof(b));
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x62a8ab43);
	for (int i = 0; i < 32; i++)
		b[i] = (uint8_t)i;
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x46dd794e);
	for (int i = 0; i < 32; i++)
		b[i] = (uint8_t)(31 - i);
	assert_int_equal(crc32c(0, b, sizeof(b)), 0x113fdb5c);
}

/* RFC 3720 B.4: an iSCSI SCSI Read (10) command PDU. */
static void test_rfc3720_iscsi_read_pdu(void **state)
{
	static const uint8_t pdu[48] = {
		0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
		0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};

	(void)state;
	assert_int_equal(crc32c(0, pdu, sizeof(pdu)), 0xd9963a56);
}

static void test_check_value_and_chaining(void **state)
{
	(void)state;
	assert_int_equal(crc32c(0, "123456789", 9), 0xe3069283);
	assert_int_equal(crc32c(crc32c(0, "1234", 4), "56789", 5), 0xe3069283);
	assert_int_equal(crc32c(0, "", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc3720_32_bytes),
		cmocka_unit_test(test_rfc3720_iscsi_read_pdu),
		cmocka_unit_test(test_check_value_and_chaining),
	};
	return cmocka_run_group_tests_name("crc32c", tests, NULL, NULL);
}
