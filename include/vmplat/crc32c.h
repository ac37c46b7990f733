// SPDX-License-Identifier: MIT
/*
 * CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), as in
 * iSCSI (RFC 3720, B.4): initial value ~0, final xor ~0.
 *
 *	crc = crc32c(0, buf, len);               one buffer
 *	crc = crc32c(crc32c(0, a, n), b, m);     incremental: same as a||b
 *
 * Computed by the arch's CRC instructions when arch_crc32c_impl() offers
 * them (aarch64 CRC32C*, x86_64 SSE4.2 CRC32), else by the portable table
 * code, which is also the reference the self-tests compare against.
 */
#ifndef VMPLAT_CRC32C_H
#define VMPLAT_CRC32C_H

#include <vmplat/types.h>

uint32_t crc32c(uint32_t crc, const void *data, size_t len);

/* One implementation of crc32c() with its exact contract (chaining included). */
struct crc32c_impl {
	const char *name; /* "c", "arm", "sse4.2" (self-test and benchmark reports) */
	uint32_t (*fn)(uint32_t crc, const void *data, size_t len);
};

/* The portable table code: the fallback and the reference. */
extern const struct crc32c_impl crc32c_generic;
/* What crc32c() uses: the arch's, or crc32c_generic. */
const struct crc32c_impl *crc32c_active(void);
/* Arch hook: CRC instructions usable on this CPU, or NULL (weak default; host builds). */
const struct crc32c_impl *arch_crc32c_impl(void);

#endif
