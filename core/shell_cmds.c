// SPDX-License-Identifier: MIT
/*
 * Shell commands over the core services: cpus, mem, md, selftest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/fault.h>
#include <vmplat/log.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/selftest.h>
#include <vmplat/shell.h>
#include <vmplat/smp.h>

#define MD_MAX_BYTES (64 * KiB)

static int cmd_cpus(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	console_printf("%u present, %u online\n", cpu_count, smp_online_count());
	for (unsigned i = 0; i < cpu_count; i++)
		console_printf("  cpu%-2u hwid %#-8llx %-7s %s\n", i,
			       (unsigned long long)cpus[i].hwid,
			       cpus[i].online ? "online" : "offline", cpu_class_name(cpus[i].cls));
	return 0;
}
SHELL_CMD(cpus, "list CPUs and their classes", cmd_cpus);

static int cmd_mem(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	for (unsigned i = 0; i < platform.nmem; i++) {
		const struct mem_region *r = &platform.mem[i];

		console_printf("  %#014llx-%#014llx %-9s %8llu KiB\n", (unsigned long long)r->base,
			       (unsigned long long)(r->base + r->size - 1), mem_type_name(r->type),
			       (unsigned long long)(r->size / KiB));
	}
	console_printf("page allocator: %llu KiB free of %llu KiB\n",
		       (unsigned long long)(pmm_global.free_bytes / KiB),
		       (unsigned long long)(pmm_global.total / KiB));
	return 0;
}
SHELL_CMD(mem, "memory map and allocator state", cmd_mem);

/* md <addr> [bytes]: display memory, reading through probes so bad addresses are safe. */
static int cmd_md(int argc, char **argv)
{
	uint64_t addr, len = 64;
	char *end;

	if (argc < 2) {
		console_printf("usage: md <addr> [bytes]\n");
		return -EINVAL;
	}
	addr = strtoull(argv[1], &end, 16);
	if (*end || (argc > 2 && (len = strtoull(argv[2], &end, 0), *end))) {
		console_printf("md: bad number\n");
		return -EINVAL;
	}
	addr = ALIGN_DOWN(addr, 8);
	len = MIN(ALIGN_UP(len, 16), MD_MAX_BYTES);
	for (uint64_t off = 0; off < len; off += 16) {
		uint64_t lo, hi;

		if (probe_read64((const uint64_t *)(uintptr_t)(addr + off), &lo) ||
		    probe_read64((const uint64_t *)(uintptr_t)(addr + off + 8), &hi)) {
			console_printf("%016llx: <fault>\n", (unsigned long long)(addr + off));
			return -EFAULT;
		}
		console_printf("%016llx: %016llx %016llx\n", (unsigned long long)(addr + off),
			       (unsigned long long)lo, (unsigned long long)hi);
	}
	return 0;
}
SHELL_CMD(md, "display memory: md <hexaddr> [bytes]", cmd_md);

static int cmd_selftest(int argc, char **argv)
{
	return selftest_run_all(argc > 1 ? argv[1] : NULL) ? -EIO : 0;
}
SHELL_CMD(selftest, "run self-tests: selftest [name-prefix]", cmd_selftest);

/*
 * crash read|exec: take an unhandled fault on purpose, to see (and test) the
 * report: registers, faulting address, backtrace, failure power-off.
 */
static volatile uintptr_t crash_addr = 0x8; /* page 0 is never mapped */

static int cmd_crash(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "read"))
		return (int)*(volatile uint64_t *)crash_addr;
	if (argc == 2 && !strcmp(argv[1], "exec")) {
		uint8_t *page = jit_alloc(PAGE_SIZE);
		long (*fn)(long);

		if (!page || !arch_jit_emit_add_imm(page, PAGE_SIZE, 1))
			return -ENOMEM;
		fn = (long (*)(long))(uintptr_t)page; /* never sealed: not executable */
		return (int)fn(1);
	}
	console_printf("usage: crash read|exec\n");
	return -EINVAL;
}
SHELL_CMD(crash, "take an unhandled fault on purpose: crash read|exec", cmd_crash);
