// SPDX-License-Identifier: MIT
/* Drives iso/ over an in-memory image: the fuzz harness and its regressions. */
#ifndef ISO9660_DRIVE_H
#define ISO9660_DRIVE_H

#include <stddef.h>
#include <stdint.h>

/* Mounts data, walks every namespace, resolves paths, reads files and the
 * boot catalog; bounded work whatever the input. Returns the mount result. */
int iso_fuzz_drive(const uint8_t *data, size_t size);

#endif
