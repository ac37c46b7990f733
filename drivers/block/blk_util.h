// SPDX-License-Identifier: MIT
/* Shared by the block shell commands (not part of the interface). */
#ifndef DRIVERS_BLOCK_BLK_UTIL_H
#define DRIVERS_BLOCK_BLK_UTIL_H

#include <vmplat/blk.h>

/* `sha256 <path>` over the first ISO9660 volume (iso_shell.c). */
int blk_sha256_path_cmd(const char *path);

#endif
