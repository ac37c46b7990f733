// SPDX-License-Identifier: MIT
/*
 * QEMU fw_cfg over I/O ports (QEMU docs/specs/fw_cfg.rst): 16-bit selector
 * at 0x510, data bytes at 0x511. The file directory (selector 0x19) is a
 * big-endian count then 64-byte entries {be32 size, be16 select, u16, name[56]}.
 */
#include <arch/io.h>
#include <errno.h>
#include <string.h>
#include <vmplat/types.h>

#include "x86_64.h"

#define FW_CFG_PORT_SEL	 0x510
#define FW_CFG_PORT_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000
#define FW_CFG_FILE_DIR	 0x0019
#define FW_CFG_NAME_LEN	 56
#define FW_CFG_MAX_FILES 4096

static void fw_cfg_read(uint16_t sel, void *buf, size_t len)
{
	uint8_t *p = buf;

	if (sel != 0xffff)
		outw(FW_CFG_PORT_SEL, sel);
	for (size_t i = 0; i < len; i++)
		p[i] = inb(FW_CFG_PORT_DATA);
}

static bool fw_cfg_present(void)
{
	char sig[4];

	/* Port 0x510 means nothing on real hardware: only probe under a hypervisor. */
	if (!x86_cpu_has(1, 2, 31))
		return false;
	fw_cfg_read(FW_CFG_SIGNATURE, sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

int fw_cfg_read_file(const char *name, void *buf, size_t len)
{
	uint8_t be[4], ent[64];
	uint32_t count, size;

	if (!fw_cfg_present())
		return -ENODEV;
	fw_cfg_read(FW_CFG_FILE_DIR, be, sizeof(be));
	count = be32_get(be);
	if (count > FW_CFG_MAX_FILES)
		return -EINVAL;
	for (uint32_t i = 0; i < count; i++) {
		fw_cfg_read(0xffff, ent, sizeof(ent)); /* 0xffff: keep reading */
		ent[8 + FW_CFG_NAME_LEN - 1] = 0;
		if (strcmp((const char *)ent + 8, name) != 0)
			continue;
		size = be32_get(ent);
		if (size > len)
			return -ENOSPC;
		fw_cfg_read((uint16_t)(ent[4] << 8 | ent[5]), buf, size);
		return (int)size;
	}
	return -ENOENT;
}
