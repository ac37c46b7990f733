// SPDX-License-Identifier: MIT
/*
 * The loader list: which struct boot_loader boots a kernel on this arch.
 * Loaders live in their own files (boot/linux_x86_64*.c, linux_arm64*.c,
 * elf_loader.c) and are built for both arches. The weak definitions here
 * (name NULL: "no such loader", and a boot_quiesce that does nothing) are
 * what a link without those files gets: the boot manager's host test
 * (tests/unit/bootmgr) links its own fake loaders and no handoff code.
 */
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/platform.h>

__weak const struct boot_loader boot_loader_linux_x86_64 = { .name = NULL };
__weak const struct boot_loader boot_loader_linux_arm64 = { .name = NULL };

__weak int boot_quiesce(void)
{
	return 0;
}

static const struct boot_loader *const loaders[] = {
	&boot_loader_elf,
	&boot_loader_linux_x86_64,
	&boot_loader_linux_arm64,
};

const struct boot_loader *boot_loader_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(loaders); i++) {
		const struct boot_loader *l = loaders[i];

		if (l->name && !strcmp(l->name, name) &&
		    (!l->arch || !strcmp(l->arch, platform.arch)))
			return l;
	}
	return NULL;
}

/* ELF files go to the ELF loader whatever key named them (gABI: "\177ELF"). */
const struct boot_loader *boot_loader_for(const uint8_t *head, size_t len)
{
	if (len >= 4 && !memcmp(head, "\177ELF", 4))
		return boot_loader_find("elf");
	return boot_loader_find("linux");
}
