// SPDX-License-Identifier: MIT
/*
 * Memory self-tests: the RAM found matches what the VM was given, W^X holds,
 * faults on protected pages are caught and recovered, JIT code runs.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <vmplat/fault.h>
#include <vmplat/mm.h>
#include <vmplat/platform.h>
#include <vmplat/selftest.h>
#include <vmplat/smp.h>
#include <vmplat/timer.h>

/* Firmware keeps some RAM (legacy holes, tables, its own data): allow a margin. */
#define ST_FIRMWARE_SLACK (64 * MiB)

SELFTEST(mem_matches_vm_size)
{
	char v[32];
	uint64_t want;

	ST_CHECK(!cmdline_get(platform.cmdline, "expect_mem", v, sizeof(v)),
		 "no expect_mem=<MiB> on the command line");
	want = strtoull(v, NULL, 0) * MiB;
	ST_CHECK(platform.ram_bytes <= want && platform.ram_bytes > want - 2 * MiB,
		 "firmware described %llu KiB RAM, VM has %llu KiB",
		 (unsigned long long)(platform.ram_bytes / KiB), (unsigned long long)(want / KiB));
	ST_CHECK(platform.usable_bytes <= platform.ram_bytes &&
			 platform.usable_bytes + ST_FIRMWARE_SLACK >= want,
		 "usable %llu KiB of %llu KiB", (unsigned long long)(platform.usable_bytes / KiB),
		 (unsigned long long)(want / KiB));
	return 0;
}

SELFTEST(mem_wx_refused)
{
	paddr_t pa = page_alloc(1);
	unsigned prot = 0;
	paddr_t got;
	int rc;

	ST_CHECK(pa != INVALID_PADDR, "page_alloc failed");
	rc = mm_protect(pa, PAGE_SIZE, MM_R | MM_W | MM_X);
	ST_CHECK(rc == -EINVAL, "W+X protect returned %d", rc);
	ST_CHECK(!mm_lookup(pa, &got, &prot), "RAM page not mapped");
	ST_CHECK(got == pa && (prot & MM_W) && !(prot & MM_X), "RAM page prot %#x", prot);
	page_free(pa, 1);
	return 0;
}

/* Resume after a faulting probe: handled by the registered handler itself. */
static volatile unsigned handled_faults;

static bool recover_probe(struct fault_info *fi)
{
	uint64_t fixup = arch_fault_fixup(fi->pc);

	if (!fixup)
		return false;
	handled_faults++;
	fi->pc = fixup;
	return true;
}

/* The start of the image's executable section. */
static volatile uint64_t *image_text(void)
{
	struct image_section sec[8];
	unsigned n = arch_image_sections(sec, ARRAY_SIZE(sec));

	for (unsigned i = 0; i < n; i++) {
		if (sec[i].prot & MM_X)
			return (volatile uint64_t *)(uintptr_t)ALIGN_UP(sec[i].start, 8);
	}
	return NULL;
}

SELFTEST(mem_write_to_code_faults)
{
	volatile uint64_t *code = image_text();
	uint64_t before, after;
	unsigned prot = 0;
	paddr_t pa;
	int rc;

	ST_CHECK(code != NULL, "no executable image section");
	ST_CHECK(!mm_lookup((vaddr_t)(uintptr_t)code, &pa, &prot), "text not mapped");
	ST_CHECK((prot & MM_X) && !(prot & MM_W), "text prot %#x", prot);
	before = *code;
	handled_faults = 0;
	ST_CHECK(!fault_register(FAULT_DATA_ABORT, recover_probe), "register failed");
	rc = probe_write64(code, ~before);
	fault_unregister(FAULT_DATA_ABORT, recover_probe);
	after = *code;
	ST_CHECK(rc == -EFAULT, "write to text returned %d", rc);
	ST_CHECK(handled_faults == 1, "handler ran %u times", handled_faults);
	ST_CHECK(after == before, "text changed");
	return 0;
}

static volatile uint64_t exec_fault_addr;

static bool recover_exec(struct fault_info *fi)
{
	exec_fault_addr = fi->pc;
	arch_fault_return_to_caller(fi);
	return true;
}

SELFTEST(mem_exec_from_data_faults)
{
	uint8_t *page = jit_alloc(PAGE_SIZE);
	size_t len;
	int (*fn)(int);
	int r;

	ST_CHECK(page != NULL, "alloc failed");
	len = arch_jit_emit_add_imm(page, PAGE_SIZE, 1);
	ST_CHECK(len > 0, "no code emitted");
	exec_fault_addr = 0;
	ST_CHECK(!fault_register(FAULT_INSN_ABORT, recover_exec), "register failed");
	fn = (int (*)(int))(uintptr_t)page;
	r = fn(5);
	fault_unregister(FAULT_INSN_ABORT, recover_exec);
	(void)r;
	ST_CHECK(exec_fault_addr == (uintptr_t)page, "no instruction fault at %p (pc %#llx)",
		 (void *)page, (unsigned long long)exec_fault_addr);
	jit_free(page, PAGE_SIZE);
	return 0;
}

SELFTEST(mem_jit_runs)
{
	uint8_t *code = jit_alloc(PAGE_SIZE);
	long (*fn)(long);
	size_t len;
	int rc;

	ST_CHECK(code != NULL, "jit_alloc failed");
	len = arch_jit_emit_add_imm(code, PAGE_SIZE, 42);
	ST_CHECK(len > 0, "no code emitted");
	rc = jit_seal(code, len);
	ST_CHECK(rc == 0, "jit_seal = %d", rc);
	fn = (long (*)(long))(uintptr_t)code;
	ST_CHECK(fn(100) == 142 && fn(-42) == 0, "jit returned %ld", fn(100));
	/* Sealed code is not writable any more. */
	ST_CHECK(probe_write64((volatile uint64_t *)(uintptr_t)code, 0) == -EFAULT,
		 "sealed JIT page still writable");
	jit_free(code, PAGE_SIZE);
	return 0;
}

SELFTEST(mem_unmapped_probe)
{
	uint64_t v = 0;
	int rc = probe_read64((const volatile uint64_t *)(uintptr_t)8, &v);

	ST_CHECK(rc == -EFAULT, "read of page 0 returned %d", rc);
	return 0;
}

struct remote_write {
	volatile uint64_t *p;
	int rc;
};

static void remote_write(void *arg)
{
	struct remote_write *w = arg;

	w->rc = probe_write64(w->p, 0x5a5a);
}

/* A page made read-only on one CPU is read-only on all (TLB shootdown / broadcast TLBI). */
SELFTEST(mem_protect_seen_by_all_cpus)
{
	paddr_t pa = page_alloc(1);
	struct remote_write w = { phys_to_virt(pa), 0 };
	int rc;

	ST_CHECK(pa != INVALID_PADDR, "page_alloc failed");
	for (unsigned i = 0; i < cpu_count; i++) {
		/* Writable first, so each CPU caches a writable translation. */
		ST_CHECK(!smp_run_on(i, remote_write, &w, NSEC_PER_SEC) && w.rc == 0,
			 "cpu%u: write to RW page failed (%d)", i, w.rc);
	}
	rc = mm_protect(pa, PAGE_SIZE, MM_R);
	ST_CHECK(rc == 0, "mm_protect = %d", rc);
	for (unsigned i = 0; i < cpu_count; i++) {
		w.rc = 0;
		ST_CHECK(!smp_run_on(i, remote_write, &w, NSEC_PER_SEC), "smp_run_on(cpu%u)", i);
		ST_CHECK(w.rc == -EFAULT, "cpu%u still writes the read-only page (stale TLB)", i);
	}
	mm_protect(pa, PAGE_SIZE, MM_RW);
	page_free(pa, 1);
	return 0;
}
