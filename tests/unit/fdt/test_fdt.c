// SPDX-License-Identifier: MIT
/*
 * arch/aarch64/fdt_platform.c against device trees compiled by dtc:
 * QEMU virt (dumped from QEMU 7.2, virtualization=on) and a small board
 * with the less common bindings, plus broken variants.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "../../fakes/dtb_file.h"

#include "../../../arch/aarch64/fdt_platform.h"

static void *load_dtb(const char *name)
{
	return test_dtb_load("fdt-dtb", name, NULL);
}

/* Strings in a parsed fdt_desc point into the blob: it lives until the next parse or teardown. */
static void *cur_blob;

static int parse_file(const char *name, struct fdt_desc *d)
{
	free(cur_blob);
	cur_blob = load_dtb(name);
	return fdt_parse(cur_blob, d);
}

static int free_blob(void **state)
{
	(void)state;
	free(cur_blob);
	cur_blob = NULL;
	return 0;
}

static void test_qemu_virt_describes_the_machine(void **state)
{
	struct fdt_desc d;

	(void)state;
	assert_int_equal(parse_file("qemu_virt", &d), 0);
	assert_int_equal(d.nmem, 1);
	assert_int_equal(d.mem[0].base, 0x40000000);
	assert_int_equal(d.mem[0].size, 512ull << 20);
	assert_int_equal(d.ncpus, 4);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(d.cpu_hwid[i], i);
	assert_true(d.cpus_psci);
	assert_int_equal(d.psci, FDT_PSCI_SMC);
	assert_int_equal(d.uart_base, 0x09000000);
	assert_int_equal(d.rtc_base, 0x09010000);
	assert_int_equal(d.gicd.base, 0x08000000);
	assert_int_equal(d.gicd.size, 0x10000);
	assert_int_equal(d.ngicr, 1);
	assert_int_equal(d.gicr[0].base, 0x080a0000);
	assert_int_equal(d.timer_intid[FDT_TIMER_SEC_PHYS], 29);
	assert_int_equal(d.timer_intid[FDT_TIMER_PHYS], 30);
	assert_int_equal(d.timer_intid[FDT_TIMER_VIRT], 27);
	assert_int_equal(d.timer_intid[FDT_TIMER_HYP], 26);
	assert_int_equal(d.necam, 1);
	assert_int_equal(d.ecam[0].base, 0x4010000000ull);
	assert_int_equal(d.ecam[0].bus_start, 0);
	assert_int_equal(d.ecam[0].bus_end, 255);
	assert_int_equal(d.ecam[0].nwin, 3);
	assert_int_equal(d.ecam[0].win[0].type, PCI_WIN_IO);
	assert_int_equal(d.ecam[0].win[0].cpu_base, 0x3eff0000);
	assert_int_equal(d.ecam[0].win[1].type, PCI_WIN_MEM32);
	assert_int_equal(d.ecam[0].win[1].cpu_base, 0x10000000);
	assert_int_equal(d.ecam[0].win[1].size, 0x2eff0000);
	assert_int_equal(d.ecam[0].win[2].type, PCI_WIN_MEM64);
	assert_false(d.ecam[0].win[2].prefetch);
	assert_int_equal(d.ecam[0].win[2].cpu_base, 0x8000000000ull);
}

static void test_board_bindings(void **state)
{
	struct fdt_desc d;

	(void)state;
	assert_int_equal(parse_file("board", &d), 0);
	assert_int_equal(d.nmem, 2);
	assert_int_equal(d.mem[1].base, 0x880000000ull);
	/* disabled cpu@200 is skipped; 2-cell reg */
	assert_int_equal(d.ncpus, 2);
	assert_int_equal(d.cpu_hwid[1], 0x100);
	assert_int_equal(d.psci, FDT_PSCI_HVC);
	assert_string_equal(d.bootargs, "selftest expect_cpus=2");
	/* stdout-path through an alias with options; the disabled UART is not taken */
	assert_int_equal(d.uart_base, 0x1c090000);
	assert_int_equal(d.rtc_base, 0x1c170000);
	assert_int_equal(d.ngicr, 2);
	assert_int_equal(d.gicr[1].base, 0x2f300000);
	assert_int_equal(d.ecam[0].segment, 1);
	assert_int_equal(d.ecam[0].bus_start, 0x10);
	assert_int_equal(d.ecam[0].bus_end, 0x1f);
	/* /memreserve/, reserved-memory (static only), initrd */
	assert_int_equal(d.nrsv, 3);
	assert_int_equal(d.rsv[0].base, 0x80000000);
	assert_int_equal(d.rsv[1].base, 0x81000000);
	assert_int_equal(d.rsv[2].base, 0x88000000);
	assert_int_equal(d.rsv[2].size, 0x100000);
}

struct piece {
	uint64_t base, size;
	bool reserved;
};

struct layout {
	struct piece p[32];
	unsigned n;
};

static int record(uint64_t base, uint64_t size, bool reserved, void *ctx)
{
	struct layout *l = ctx;

	/* Adjacent pieces of one kind merge, as platform_add_mem does. */
	if (l->n && l->p[l->n - 1].reserved == reserved &&
	    l->p[l->n - 1].base + l->p[l->n - 1].size == base) {
		l->p[l->n - 1].size += size;
		return 0;
	}
	assert_true(l->n < 32);
	l->p[l->n++] = (struct piece){ base, size, reserved };
	return 0;
}

static void test_mem_layout_splits_around_reservations(void **state)
{
	struct fdt_desc d;
	struct layout l = { .n = 0 };
	uint64_t total = 0;

	(void)state;
	assert_int_equal(parse_file("board", &d), 0);
	/* overlapping and out-of-RAM reservations, unsorted */
	assert_int_equal(fdt_add_reserved(&d, 0x80008000, 0x10000), 0);
	assert_int_equal(fdt_add_reserved(&d, 0x10000000, 0x1000), 0);
	assert_int_equal(fdt_mem_layout(&d, record, &l), 0);
	for (unsigned i = 0; i < l.n; i++) {
		if (i && l.p[i].base < l.p[i - 1].base + l.p[i - 1].size)
			fail_msg("piece %u overlaps the one before", i);
		total += l.p[i].size;
	}
	assert_int_equal(total, 2ull << 30); /* exactly the RAM, nothing counted twice */
	assert_int_equal(l.p[0].base, 0x80000000);
	assert_true(l.p[0].reserved);
	assert_int_equal(l.p[0].size, 0x18000);
	assert_false(l.p[1].reserved);
	assert_int_equal(l.p[1].base, 0x80018000);
	assert_false(l.p[l.n - 1].reserved);
	assert_int_equal(l.p[l.n - 1].base, 0x880000000ull);
}

static void test_no_memory_is_refused(void **state)
{
	struct fdt_desc d;

	(void)state;
	assert_int_equal(parse_file("no_memory", &d), -ENOENT);
	assert_non_null(d.error);
	assert_non_null(strstr(d.error, "memory"));
}

static void test_corrupt_structure_fails_check_full(void **state)
{
	struct fdt_desc d;
	uint8_t *fdt = load_dtb("board");
	uint32_t off = fdt_off_dt_struct(fdt);

	(void)state;
	/* The header is fine; a token inside the structure block is not (FDT_BEGIN_NODE -> 7, no such token). */
	assert_int_equal(fdt_parse(fdt, &d), 0);
	fdt[off + 3] = 7;
	assert_int_equal(fdt_parse(fdt, &d), -EINVAL);
	assert_non_null(strstr(d.error, "fdt_check_full"));
	free(fdt);
}

/*
 * Found by tests/fuzz/fdt: a property length of 0xfffffff4 makes libfdt
 * 1.6.1's fdt_next_tag return the same offset, and fdt_check_full loop
 * forever. fdt_parse must refuse it (alarm: a hang fails the test).
 */
static void test_backwards_property_length_is_refused(void **state)
{
	struct fdt_desc d;
	uint8_t *fdt = load_dtb("board");
	int node = fdt_path_offset(fdt, "/memory");
	int prop = fdt_first_property_offset(fdt, node);
	uint8_t *len = fdt + fdt_off_dt_struct(fdt) + prop + 4;

	(void)state;
	assert_true(node >= 0 && prop >= 0);
	assert_int_equal(fdt_parse(fdt, &d), 0);
	len[0] = len[1] = len[2] = 0xff;
	len[3] = 0xf4;
	alarm(10);
	assert_int_equal(fdt_parse(fdt, &d), -EINVAL);
	alarm(0);
	assert_non_null(strstr(d.error, "backwards"));
	free(fdt);
}

/*
 * Found by tests/fuzz/arm64fdt: libfdt 1.6.1's fdt_check_full dereferences
 * NULL on a version 3 blob (fdt_get_name fails on the root's empty name).
 */
static void test_old_version_is_refused(void **state)
{
	struct fdt_desc d;
	uint8_t *fdt = load_dtb("board");

	(void)state;
	fdt_set_version(fdt, 3);
	fdt_set_last_comp_version(fdt, 2);
	assert_int_equal(fdt_parse(fdt, &d), -EINVAL);
	assert_non_null(strstr(d.error, "older than 16"));
	free(fdt);
}

static void test_bad_header_is_refused(void **state)
{
	struct fdt_desc d;
	uint8_t *fdt = load_dtb("board");

	(void)state;
	assert_int_equal(fdt_parse(NULL, &d), -EINVAL);
	fdt[0] ^= 0xff; /* magic */
	assert_int_equal(fdt_parse(fdt, &d), -EINVAL);
	fdt[0] ^= 0xff;
	fdt[7] = 0x10; /* totalsize smaller than the header's own offsets */
	fdt[6] = 0;
	fdt[5] = 0;
	fdt[4] = 0;
	assert_int_equal(fdt_parse(fdt, &d), -EINVAL);
	free(fdt);
}

static void expect_einval(const char *name, const char *what)
{
	struct fdt_desc d;

	assert_int_equal(parse_file(name, &d), -EINVAL);
	assert_non_null(d.error);
	if (!strstr(d.error, what))
		fail_msg("%s: error \"%s\" does not mention \"%s\"", name, d.error, what);
}

static void test_bad_property_lengths_are_refused(void **state)
{
	(void)state;
	expect_einval("bad_mem_reg", "/memory reg");
	expect_einval("bad_cpu_reg", "#address-cells");
	expect_einval("bad_timer_irq", "interrupts length");
	expect_einval("bad_bus_range", "bus-range length");
	expect_einval("bad_bus_range_size", "bus-range outside reg");
	expect_einval("bad_bootargs", "unterminated");
	expect_einval("bad_redist_count", "redistributor");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_qemu_virt_describes_the_machine, free_blob),
		cmocka_unit_test_teardown(test_board_bindings, free_blob),
		cmocka_unit_test_teardown(test_mem_layout_splits_around_reservations, free_blob),
		cmocka_unit_test_teardown(test_no_memory_is_refused, free_blob),
		cmocka_unit_test_teardown(test_corrupt_structure_fails_check_full, free_blob),
		cmocka_unit_test_teardown(test_backwards_property_length_is_refused, free_blob),
		cmocka_unit_test_teardown(test_old_version_is_refused, free_blob),
		cmocka_unit_test_teardown(test_bad_header_is_refused, free_blob),
		cmocka_unit_test_teardown(test_bad_property_lengths_are_refused, free_blob),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
