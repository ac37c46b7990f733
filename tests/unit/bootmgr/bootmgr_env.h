/* SPDX-License-Identifier: MIT */
/* Host stand-ins shared by the boot-manager tests (env.c). */
#ifndef BOOTMGR_ENV_H
#define BOOTMGR_ENV_H

#include <stddef.h>
#include <stdint.h>
#include <vmplat/boot.h>

#define POOL_BYTES (4u << 20) /* the page pool pmm_global manages */

/* One scripted key: console_getc gives -1 until the fake clock reached at_ns. */
struct env_key {
	uint64_t at_ns;
	int c;
};

/* What the fake loader's boot() was given (the last call). */
struct env_boot {
	unsigned calls;
	char id[BOOT_ID_MAX];
	char cmdline[BOOT_OPTIONS_MAX];
	uint64_t kernel_size, initrd_size;
	uint64_t at_ns;
	bool kernel_ok; /* kernel bytes equal the mkiso.sh pattern */
	uint8_t initrd_head[16];
};

extern struct env_boot env_boot;
extern uint64_t env_now_ns;

/* Fresh state: output cleared, clock at 1 s, keys from keys[n] (then 'q'). */
void env_reset(const struct env_key *keys, size_t n);
const char *env_output(void); /* console and log output since env_reset */
bool env_out_has(const char *s);
unsigned env_count(const char *s); /* occurrences in the output */
/* Pattern byte i of the fake kernels. */
uint8_t env_pattern(uint64_t i);
/* Mount the test ISO as the only block device ("vblk0") and scan it. */
void env_scan(void);
struct boot_entry *env_entry(const char *id);

#endif
