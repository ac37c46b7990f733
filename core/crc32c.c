// SPDX-License-Identifier: MIT
/*
 * CRC32C (RFC 3720, B.4): reflected table-driven CRC, one table of 256
 * entries built on first use. Portable; checked on the RFC 3720 B.4 vectors.
 * crc32c() goes to the arch's CRC instructions when arch_crc32c_impl()
 * offers them; the table code stays the fallback and the reference.
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

/* One byte per step through the reflected table (RFC 3720 B.4). */
static uint32_t crc32c_table(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	if (!table_ready)
		build_table();
	crc = ~crc;
	while (len--)
		crc = table[(crc ^ *p++) & 0xff] ^ crc >> 8;
	return ~crc;
}

const struct crc32c_impl crc32c_generic = { "c", crc32c_table };

/* Host builds and CPUs without CRC instructions. */
__weak const struct crc32c_impl *arch_crc32c_impl(void)
{
	return NULL;
}

/* Chosen on first use; CPUs racing here store the same pointer. */
const struct crc32c_impl *crc32c_active(void)
{
	static const struct crc32c_impl *active;
	const struct crc32c_impl *impl = __atomic_load_n(&active, __ATOMIC_RELAXED);

	if (!impl) {
		impl = arch_crc32c_impl();
		if (!impl)
			impl = &crc32c_generic;
		__atomic_store_n(&active, impl, __ATOMIC_RELAXED);
	}
	return impl;
}

/* crc is the value a previous call returned (0 to start): the pre- and
 * post-inversion cancel, so calls chain. */
uint32_t crc32c(uint32_t crc, const void *data, size_t len)
{
	return crc32c_active()->fn(crc, data, len);
}
