// SPDX-License-Identifier: MIT
/*
 * Host bridge windows from ACPI address space descriptors
 * (drivers/pci/acpi_windows.c; ACPI 6.5, 6.4.3.5; UEFI 2.10, 14.2.1): the
 * bytes OVMF's PCI Root Bridge I/O Configuration() returned under QEMU q35
 * and i440fx (recorded from a run), then hand-built items: translation
 * offsets, prefetchable memory, consumers, other items skipped by length, and
 * malformed input (short descriptors, lengths past the buffer, no End Tag).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <vmplat/pci.h>

/* OVMF 2022.11, QEMU 7.2 q35 with the pci_x86_64 scenario's devices. */
static const uint8_t ovmf_q35[] = {
	0x8a, 0x2b, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x8a, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x4f, 0xc2, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x8a, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x00, 0x00, 0x00, 0xff, 0xff, 0x0f, 0x40, 0xe0, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x40, 0x00,
	0x00, 0x00, 0x00, 0x8a, 0x2b, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x79, 0x00,
};

/* The same firmware on i440fx ("pc", no MCFG): I/O, mem32, mem64, buses 0-1. */
static const uint8_t ovmf_pc[] = {
	0x8a, 0x2b, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xdf, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x8a, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x3f, 0x82, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x8a, 0x2b, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0xe0, 0x00, 0x00, 0x00, 0xff, 0xff, 0x0f, 0x20, 0xe0, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x20, 0x00,
	0x00, 0x00, 0x00, 0x8a, 0x2b, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x79, 0x00,
};

static uint8_t buf[256];

static void put_le(uint8_t *p, uint64_t v, unsigned width)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* An address space descriptor of the given width (8 QWORD, 4 DWORD, 2 WORD) at off. */
static size_t asd(size_t off, unsigned width, uint8_t type, uint8_t gen, uint8_t tflags,
		  uint64_t min, uint64_t tra, uint64_t len)
{
	uint8_t *p = buf + off;
	size_t n = 6 + 5 * width;

	memset(p, 0, n);
	p[0] = width == 8 ? 0x8a : width == 4 ? 0x87 : 0x88;
	put_le(p + 1, n - 3, 2);
	p[3] = type;
	p[4] = gen;
	p[5] = tflags;
	put_le(p + 6 + 1 * width, min, width);
	put_le(p + 6 + 2 * width, len ? min + len - 1 : 0, width);
	put_le(p + 6 + 3 * width, tra, width);
	put_le(p + 6 + 4 * width, len, width);
	return off + n;
}

static size_t end_tag(size_t off)
{
	buf[off] = 0x79;
	buf[off + 1] = 0;
	return off + 2;
}

static void assert_win(const struct pci_window *w, enum pci_window_type t, bool pref, uint64_t cpu,
		       uint64_t bus, uint64_t size)
{
	assert_int_equal(w->type, t);
	assert_int_equal(w->prefetch, pref);
	assert_int_equal(w->cpu_base, cpu);
	assert_int_equal(w->pci_base, bus);
	assert_int_equal(w->size, size);
}

static void test_ovmf_q35_gives_io_mem32_mem64_and_buses(void **state)
{
	struct pci_acpi_res r;

	(void)state;
	assert_int_equal(pci_acpi_parse_windows(ovmf_q35, sizeof(ovmf_q35), PCI_ACPI_TRA_UEFI, &r),
			 0);
	assert_int_equal(r.nwin, 3);
	assert_win(&r.win[0], PCI_WIN_IO, false, 0x6000, 0x6000, 0x2000);
	assert_win(&r.win[1], PCI_WIN_MEM32, false, 0xc0000000, 0xc0000000, 0x2500000);
	assert_win(&r.win[2], PCI_WIN_MEM64, false, 0xe000000000, 0xe000000000, 0x40100000);
	assert_true(r.has_bus);
	assert_int_equal(r.bus_start, 0);
	assert_int_equal(r.bus_end, 4);
	assert_int_equal(r.dropped, 0);
}

static void test_ovmf_pc_gives_buses_0_to_1(void **state)
{
	struct pci_acpi_res r;

	(void)state;
	assert_int_equal(pci_acpi_parse_windows(ovmf_pc, sizeof(ovmf_pc), PCI_ACPI_TRA_UEFI, &r),
			 0);
	assert_int_equal(r.nwin, 3);
	assert_win(&r.win[0], PCI_WIN_IO, false, 0xc000, 0xc000, 0x2000);
	assert_win(&r.win[1], PCI_WIN_MEM32, false, 0x80000000, 0x80000000, 0x2400000);
	assert_win(&r.win[2], PCI_WIN_MEM64, false, 0xe000000000, 0xe000000000, 0x20100000);
	assert_int_equal(r.bus_start, 0);
	assert_int_equal(r.bus_end, 1);
}

/* UEFI 2.10 14.2.1: _MIN is the host address, device = host + _TRA; ACPI the reverse. */
static void test_translation_offset_by_convention(void **state)
{
	struct pci_acpi_res r;
	size_t n = end_tag(asd(0, 8, 0, 0, 0, 0x4000000000, 0x1000, 0x100000));

	(void)state;
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_win(&r.win[0], PCI_WIN_MEM64, false, 0x4000000000, 0x4000001000, 0x100000);
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_ACPI, &r), 0);
	assert_win(&r.win[0], PCI_WIN_MEM64, false, 0x4000001000, 0x4000000000, 0x100000);
}

/* _MEM = 3 (table 6.50) is prefetchable; DWORD and WORD descriptors read alike. */
static void test_prefetchable_and_narrow_descriptors(void **state)
{
	struct pci_acpi_res r;
	size_t n = asd(0, 4, 0, 0, 3 << 1, 0x90000000, 0, 0x10000000);

	(void)state;
	n = asd(n, 2, 1, 0, 0, 0x1000, 0, 0xf000);
	n = asd(n, 2, 2, 0, 0, 0x10, 0, 0x10);
	n = end_tag(n);
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_int_equal(r.nwin, 2);
	assert_win(&r.win[0], PCI_WIN_MEM32, true, 0x90000000, 0x90000000, 0x10000000);
	assert_win(&r.win[1], PCI_WIN_IO, false, 0x1000, 0x1000, 0xf000);
	assert_int_equal(r.bus_start, 0x10);
	assert_int_equal(r.bus_end, 0x1f);
}

/* Consumer ranges, zero lengths, other types and other items are no windows. */
static void test_consumers_empty_and_other_items_skipped(void **state)
{
	struct pci_acpi_res r;
	size_t n = asd(0, 8, 1, 1, 0, 0xcf8, 0, 8); /* consumer: the bridge's own ports */

	(void)state;
	n = asd(n, 8, 0, 0, 0, 0xa0000, 0, 0);	  /* nothing allocated */
	n = asd(n, 8, 0xc0, 0, 0, 0x1000, 0, 16); /* vendor-defined type */
	buf[n++] = 0x47;			  /* small I/O port item, 7 bytes of data */
	memset(buf + n, 0, 7);
	n += 7;
	buf[n++] = 0x86; /* large 32-bit fixed memory item, 9 bytes */
	buf[n++] = 9;
	buf[n++] = 0;
	memset(buf + n, 0, 9);
	n += 9;
	n = asd(n, 8, 0, 0, 0, 0xfe000000, 0, 0x1000);
	n = end_tag(n);
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_int_equal(r.nwin, 1);
	assert_win(&r.win[0], PCI_WIN_MEM32, false, 0xfe000000, 0xfe000000, 0x1000);
	assert_false(r.has_bus);
}

static void test_more_windows_than_room_are_counted(void **state)
{
	struct pci_acpi_res r;
	size_t n = 0;

	(void)state;
	for (unsigned i = 0; i < PLAT_MAX_PCI_WINDOWS + 2; i++)
		n = asd(n, 4, 0, 0, 0, 0x80000000 + i * 0x100000, 0, 0x100000);
	n = end_tag(n);
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_int_equal(r.nwin, PLAT_MAX_PCI_WINDOWS);
	assert_int_equal(r.dropped, 2);
}

/* ACPI 6.5 6.4.3.5.1: a QWORD descriptor's length is at least 0x2B. */
static void test_short_descriptor_is_refused(void **state)
{
	struct pci_acpi_res r;
	uint8_t b[sizeof(ovmf_q35)];

	(void)state;
	memcpy(b, ovmf_q35, sizeof(b));
	b[46 + 1] = 0x1b; /* second descriptor claims 27 bytes: _MIN.._LEN don't fit */
	assert_int_equal(pci_acpi_parse_windows(b, sizeof(b), PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	assert_int_equal(r.bad_off, 46);
}

static void test_length_past_the_buffer_is_refused(void **state)
{
	struct pci_acpi_res r;
	uint8_t b[sizeof(ovmf_q35)];

	(void)state;
	memcpy(b, ovmf_q35, sizeof(b));
	b[2 * 46 + 2] = 0x10; /* third descriptor: 0x102b bytes */
	assert_int_equal(pci_acpi_parse_windows(b, sizeof(b), PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	assert_int_equal(r.bad_off, 2 * 46);
	/* The buffer cut inside a descriptor, or before the End Tag. */
	assert_int_equal(pci_acpi_parse_windows(ovmf_q35, 100, PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	assert_int_equal(pci_acpi_parse_windows(ovmf_q35, sizeof(ovmf_q35) - 2, PCI_ACPI_TRA_UEFI,
						&r),
			 -EINVAL);
	assert_int_equal(pci_acpi_parse_windows(ovmf_q35, 1, PCI_ACPI_TRA_UEFI, &r), -EINVAL);
}

static void test_wrapping_range_and_bad_buses_are_refused(void **state)
{
	struct pci_acpi_res r;
	size_t n = end_tag(asd(0, 8, 0, 0, 0, 0xfffffffffffff000ull, 0, 0x2000));

	(void)state;
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	n = end_tag(asd(0, 8, 2, 0, 0, 0x80, 0, 0x81)); /* buses 0x80-0x100 */
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	n = end_tag(asd(0, 8, 2, 0, 0, 0x80, 0, 0x80)); /* buses 0x80-0xff */
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_int_equal(r.bus_end, 0xff);
}

/*
 * Found by tests/fuzz/pci_acpi: a window whose translated range (_MIN + _TRA)
 * runs past 2^64 was accepted with a bus (UEFI) or CPU (ACPI) base near the
 * top and a size reaching beyond it. A negative _TRA that stays in range is
 * still fine.
 */
static void test_wrapping_translated_range_is_refused(void **state)
{
	struct pci_acpi_res r;
	size_t n = end_tag(asd(0, 8, 0, 0, 0, 0x1000, 0xffffffffffffe000ull, 0x2000));

	(void)state;
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	assert_int_equal(r.bad_off, 0);
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_ACPI, &r), -EINVAL);
	/* host 0x3eff0000 = device 0 (UEFI: device = host + _TRA, _TRA negative) */
	n = end_tag(asd(0, 8, 1, 0, 0, 0x3eff0000, 0xffffffffc1010000ull, 0x10000));
	assert_int_equal(pci_acpi_parse_windows(buf, n, PCI_ACPI_TRA_UEFI, &r), 0);
	assert_int_equal(r.nwin, 1);
	assert_int_equal(r.win[0].cpu_base, 0x3eff0000);
	assert_int_equal(r.win[0].pci_base, 0);
}

/* Without an End Tag the parser stops at PCI_ACPI_RES_MAX_LEN, whatever avail says. */
static void test_no_end_tag_is_bounded(void **state)
{
	static uint8_t big[2 * PCI_ACPI_RES_MAX_LEN];
	struct pci_acpi_res r;

	(void)state;
	memset(big, 0x20, sizeof(big)); /* small items of one byte (reserved name 4, length 0) */
	assert_int_equal(pci_acpi_parse_windows(big, sizeof(big), PCI_ACPI_TRA_UEFI, &r), -EINVAL);
	assert_int_equal(r.bad_off, PCI_ACPI_RES_MAX_LEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ovmf_q35_gives_io_mem32_mem64_and_buses),
		cmocka_unit_test(test_ovmf_pc_gives_buses_0_to_1),
		cmocka_unit_test(test_translation_offset_by_convention),
		cmocka_unit_test(test_prefetchable_and_narrow_descriptors),
		cmocka_unit_test(test_consumers_empty_and_other_items_skipped),
		cmocka_unit_test(test_more_windows_than_room_are_counted),
		cmocka_unit_test(test_short_descriptor_is_refused),
		cmocka_unit_test(test_length_past_the_buffer_is_refused),
		cmocka_unit_test(test_wrapping_range_and_bad_buses_are_refused),
		cmocka_unit_test(test_wrapping_translated_range_is_refused),
		cmocka_unit_test(test_no_end_tag_is_bounded),
	};

	return cmocka_run_group_tests_name("pci_acpi", tests, NULL, NULL);
}
