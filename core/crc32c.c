// SPDX-License-Identifier: MIT
/*
 * CRC32C (RFC 3720, B.4): reflected table-driven CRC, one table of 256
 * entries built on first use. Portable; checked on the RFC 3720 B.4 vectors.
 */
#include <vmplat/crc32c.h>

#define CRC32C_POLY_REFLECTED 0x82f63b78u

static uint32_t table[256];
static bool table_ready;

static void build_table(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;

		for (unsigned k = 0; k < 8; k++)
			c = c & 1 ? c >> 1 ^ CRC32C_POLY_REFLECTED : c >> 1;
		table[i] = c;
	}
	table_ready = true;
}

/* crc is the value a previous call returned (0 to start): the pre- and
 * post-inversion cancel, so calls chain. */
uint32_t crc32c(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!table_ready)
		build_table();
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}
