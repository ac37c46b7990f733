// SPDX-License-Identifier: MIT
/*
 * CRC32C (Castagnoli, polynomial 0x1EDC6F41, reflected 0x82F63B78), as in
 * iSCSI (RFC 3720, B.4): initial value ~0, final xor ~0.
 *
 *	crc = crc32c(0, buf, len);               one buffer
 *	crc = crc32c(crc32c(0, a, n), b, m);     incremental: same as a||b
 */
#ifndef VMPLAT_CRC32C_H
#define VMPLAT_CRC32C_H

#include <vmplat/types.h>

uint32_t crc32c(uint32_t crc, const void *data, size_t len);

#endif
