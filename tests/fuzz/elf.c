// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the ELF64 payload loader (boot/elf.c): the input as
 * a payload file, checked for x86_64 and for aarch64, then placed through a
 * test pmm (1 MiB of RAM at 4 MiB, the payloads' link address) into a host
 * buffer. Every range the loader maps must be RAM the pmm had free, the
 * copy never reads past the file (ASan) and a refusal says why. A parse of
 * the head alone (the loader's first look) must agree with the whole file's.
 * Seeds: the static payloads tests/unit/elf builds, for both arches.
 *   build/fuzz/elf -max_total_time=60 build/fuzz/corpus-elf tests/fuzz/corpus/elf
 */
#include <string.h>
#include <vmplat/boot.h>
#include <vmplat/mm.h>
#include "fuzz.h"

#define RAM_BASE 0x400000ULL
#define RAM_SIZE (1ULL << 20)
#define HEAD_LEN 4096 /* the loader's first read */

static uint8_t ram[RAM_SIZE];
static struct pmm pmm;
static struct elf_info info, head_info;

static void *map(void *ctx, paddr_t pa, uint64_t len)
{
	(void)ctx;
	/* claim_segments promised free RAM: anything else is a loader bug */
	FUZZ_CHECK(pa >= RAM_BASE && len <= RAM_SIZE && pa - RAM_BASE <= RAM_SIZE - len);
	return ram + (pa - RAM_BASE);
}

static void check(const uint8_t *data, size_t size, uint16_t machine)
{
	char why[128] = "";

	if (elf_parse(data, size, machine, &info, why, sizeof(why))) {
		FUZZ_CHECK(why[0] != '\0');
		return;
	}
	FUZZ_CHECK(info.nseg >= 1 && info.nseg <= ELF_MAX_SEGMENTS);
	if (size > HEAD_LEN && !elf_parse(data, HEAD_LEN, machine, &head_info, why, sizeof(why)))
		FUZZ_CHECK(head_info.nseg == info.nseg && head_info.entry == info.entry);
	pmm_init(&pmm);
	FUZZ_CHECK(!pmm_add(&pmm, RAM_BASE, RAM_SIZE));
	why[0] = '\0';
	if (elf_place(&info, data, size, &pmm, map, NULL, why, sizeof(why)))
		FUZZ_CHECK(why[0] != '\0');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, EM_X86_64);
	check(data, size, EM_AARCH64);
	return 0;
}
