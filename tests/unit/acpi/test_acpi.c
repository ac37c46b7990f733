// SPDX-License-Identifier: MIT
/*
 * ACPI table parsers (arch/x86_64/acpi.c) on tables built in memory:
 * checksums (ACPI 6.5, 5.2.6), RSDP/XSDT (5.2.5, 5.2.8), MADT records
 * (5.2.12), FADT PM timer (5.2.9), MCFG (PCI Firmware 3.2, 4.1.2), HPET
 * and the DSDT \_S5 package (7.4.2). Bad lengths must be refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../arch/x86_64/acpi.h"

static uint8_t buf[4096];

/* Header + checksum over `len` bytes of buf. */
static void seal(const char *sig, uint32_t len)
{
	memcpy(buf, sig, 4);
	le32_put(buf + 4, len);
	buf[8] = 2; /* revision */
	buf[9] = 0;
	buf[9] = (uint8_t)(0x100 - acpi_checksum(buf, len));
}

static size_t madt_start(void)
{
	memset(buf, 0, sizeof(buf));
	le32_put(buf + 36, 0xfee00000);
	le32_put(buf + 40, 1); /* PCAT_COMPAT */
	return 44;
}

static size_t madt_lapic(size_t off, uint8_t id, uint32_t flags)
{
	buf[off] = 0;
	buf[off + 1] = 8;
	buf[off + 2] = id; /* processor uid */
	buf[off + 3] = id;
	le32_put(buf + off + 4, flags);
	return off + 8;
}

static size_t madt_x2apic(size_t off, uint32_t id, uint32_t flags)
{
	buf[off] = 9;
	buf[off + 1] = 16;
	le32_put(buf + off + 4, id);
	le32_put(buf + off + 8, flags);
	return off + 16;
}

static void test_madt_lists_enabled_and_online_capable_cpus(void **state)
{
	struct acpi_madt_info *mi = malloc(sizeof(*mi));
	size_t off = madt_start();

	(void)state;
	off = madt_lapic(off, 0, 1);
	off = madt_lapic(off, 1, 0); /* disabled, not online-capable: not usable */
	off = madt_lapic(off, 2, 2); /* online-capable */
	off = madt_x2apic(off, 300, 1);
	off = madt_x2apic(off, 0, 1); /* same CPU as the first LAPIC entry */
	seal("APIC", (uint32_t)off);
	assert_int_equal(acpi_table_check(buf, sizeof(buf), "APIC"), 0);
	assert_int_equal(acpi_madt_parse(buf, off, mi), 0);
	assert_int_equal(mi->ncpus, 3);
	assert_int_equal(mi->apic_id[0], 0);
	assert_int_equal(mi->apic_id[1], 2);
	assert_int_equal(mi->apic_id[2], 300);
	assert_int_equal(mi->lapic_base, 0xfee00000);
	assert_true(mi->pcat_compat);
	free(mi);
}

static void test_madt_lapic_address_override(void **state)
{
	struct acpi_madt_info *mi = malloc(sizeof(*mi));
	size_t off = madt_start();

	(void)state;
	buf[off] = 5;
	buf[off + 1] = 12;
	le64_put(buf + off + 4, 0x1234560000ULL);
	off += 12;
	seal("APIC", (uint32_t)off);
	assert_int_equal(acpi_madt_parse(buf, off, mi), 0);
	assert_int_equal(mi->lapic_base, 0x1234560000ULL);
	free(mi);
}

static void test_madt_zero_length_entry_rejected(void **state)
{
	struct acpi_madt_info *mi = malloc(sizeof(*mi));
	size_t off = madt_lapic(madt_start(), 0, 1);

	(void)state;
	buf[off] = 0;
	buf[off + 1] = 0; /* would loop forever if accepted */
	off += 8;
	seal("APIC", (uint32_t)off);
	assert_int_equal(acpi_madt_parse(buf, off, mi), -EINVAL);
	free(mi);
}

static void test_madt_entry_overrunning_table_rejected(void **state)
{
	struct acpi_madt_info *mi = malloc(sizeof(*mi));
	size_t off = madt_lapic(madt_start(), 0, 1);

	(void)state;
	off = madt_x2apic(off, 7, 1);
	seal("APIC", (uint32_t)(off - 4)); /* table ends inside the x2APIC record */
	assert_int_equal(acpi_madt_parse(buf, off - 4, mi), -EINVAL);
	free(mi);
}

static void test_madt_short_lapic_record_rejected(void **state)
{
	struct acpi_madt_info *mi = malloc(sizeof(*mi));
	size_t off = madt_start();

	(void)state;
	buf[off] = 0;
	buf[off + 1] = 4; /* a Local APIC record is 8 bytes */
	off += 4;
	seal("APIC", (uint32_t)off);
	assert_int_equal(acpi_madt_parse(buf, off, mi), -EINVAL);
	free(mi);
}

static void test_table_bad_checksum_rejected(void **state)
{
	size_t off = madt_lapic(madt_start(), 0, 1);

	(void)state;
	seal("APIC", (uint32_t)off);
	buf[off - 1] ^= 0x40;
	assert_int_equal(acpi_table_check(buf, sizeof(buf), "APIC"), -EILSEQ);
}

static void test_table_length_beyond_buffer_rejected(void **state)
{
	(void)state;
	memset(buf, 0, sizeof(buf));
	seal("APIC", 200);
	assert_int_equal(acpi_table_check(buf, 100, "APIC"), -EINVAL);
	seal("APIC", 20); /* shorter than the header itself */
	assert_int_equal(acpi_table_check(buf, sizeof(buf), "APIC"), -EINVAL);
	seal("APIC", 36);
	assert_int_equal(acpi_table_check(buf, sizeof(buf), "FACP"), -EINVAL);
}

static void test_mcfg_windows_parsed(void **state)
{
	struct ecam_window w[4];

	(void)state;
	memset(buf, 0, sizeof(buf));
	le64_put(buf + 44, 0xb0000000ULL);
	buf[52] = 0;
	buf[53] = 0; /* segment 0 */
	buf[54] = 0;
	buf[55] = 255;
	le64_put(buf + 60, 0x4000000000ULL);
	buf[68] = 1; /* segment 1 */
	buf[70] = 16;
	buf[71] = 31;
	seal("MCFG", 76);
	assert_int_equal(acpi_table_check(buf, sizeof(buf), "MCFG"), 0);
	assert_int_equal(acpi_mcfg_parse(buf, 76, w, 4), 2);
	assert_int_equal(w[0].base, 0xb0000000ULL);
	assert_int_equal(w[0].bus_end, 255);
	assert_int_equal(w[1].segment, 1);
	assert_int_equal(w[1].bus_start, 16);
	assert_int_equal(w[1].bus_end, 31);
	assert_int_equal(w[1].base, 0x4000000000ULL);
}

static void test_mcfg_partial_entry_rejected(void **state)
{
	struct ecam_window w[4];

	(void)state;
	memset(buf, 0, sizeof(buf));
	buf[55] = 255;
	seal("MCFG", 44 + 16 + 8);
	assert_int_equal(acpi_mcfg_parse(buf, 44 + 16 + 8, w, 4), -EINVAL);
	buf[54] = 9;
	buf[55] = 3; /* start bus after end bus */
	seal("MCFG", 60);
	assert_int_equal(acpi_mcfg_parse(buf, 60, w, 4), -EINVAL);
}

static void test_rsdp_prefers_xsdt(void **state)
{
	uint8_t r[36] = "RSD PTR ";
	paddr_t root = 0;
	bool x = false;

	(void)state;
	r[15] = 2;
	le32_put(r + 16, 0x1000);
	le32_put(r + 20, 36);
	le64_put(r + 24, 0x7fe0000ULL);
	r[8] = (uint8_t)(0x100 - acpi_checksum(r, 20));
	r[32] = (uint8_t)(0x100 - acpi_checksum(r, 36));
	assert_int_equal(acpi_rsdp_parse(r, sizeof(r), &root, &x), 0);
	assert_true(x);
	assert_int_equal(root, 0x7fe0000ULL);
	r[8]++;
	assert_int_equal(acpi_rsdp_parse(r, sizeof(r), &root, &x), -EILSEQ);
}

static void test_xsdt_entries_need_whole_entries(void **state)
{
	paddr_t ent[4];

	(void)state;
	memset(buf, 0, sizeof(buf));
	le64_put(buf + 36, 0x1000);
	le64_put(buf + 44, 0x2000);
	assert_int_equal(acpi_sdt_entries(buf, 52, true, ent, 4), 2);
	assert_int_equal(ent[1], 0x2000);
	assert_int_equal(acpi_sdt_entries(buf, 50, true, ent, 4), -EINVAL);
	assert_int_equal(acpi_sdt_entries(buf, 44, false, ent, 4), 2); /* RSDT: 4-byte */
}

static void test_fadt_pm_timer_and_width(void **state)
{
	struct acpi_fadt_info fi;

	(void)state;
	memset(buf, 0, sizeof(buf));
	le32_put(buf + 76, 0xb008); /* PM_TMR_BLK */
	buf[91] = 4;
	le32_put(buf + 112, 1u << 8); /* TMR_VAL_EXT */
	le32_put(buf + 64, 0x604);    /* PM1a_CNT_BLK */
	seal("FACP", 244);
	assert_int_equal(acpi_fadt_parse(buf, 244, &fi), 0);
	assert_int_equal(fi.pm_tmr_port, 0xb008);
	assert_true(fi.tmr_32bit);
	assert_int_equal(fi.pm1a_cnt, 0x604);
	buf[208] = 1; /* X_PM_TMR_BLK in I/O space wins */
	le64_put(buf + 212, 0x608);
	seal("FACP", 244);
	assert_int_equal(acpi_fadt_parse(buf, 244, &fi), 0);
	assert_int_equal(fi.pm_tmr_port, 0x608);
	assert_int_equal(acpi_fadt_parse(buf, 100, &fi), -EINVAL);
}

/* ACPI 1.0 FADT (116 bytes, QEMU i440fx): PM timer and PM1a from the 32-bit fields. */
static void test_fadt_acpi1_short_table(void **state)
{
	struct acpi_fadt_info fi;

	(void)state;
	memset(buf, 0, sizeof(buf));
	le32_put(buf + 76, 0x608); /* PM_TMR_BLK */
	buf[91] = 4;
	le32_put(buf + 64, 0x604);
	seal("FACP", 116);
	assert_int_equal(acpi_fadt_parse(buf, 116, &fi), 0);
	assert_int_equal(fi.pm_tmr_port, 0x608);
	assert_false(fi.tmr_32bit);
	assert_int_equal(fi.pm1a_cnt, 0x604);
	assert_false(fi.reset_supported);
	assert_int_equal(acpi_fadt_parse(buf, 115, &fi), -EINVAL);
}

static void test_hpet_base(void **state)
{
	paddr_t base = 0;

	(void)state;
	memset(buf, 0, sizeof(buf));
	le64_put(buf + 44, 0xfed00000ULL);
	seal("HPET", 56);
	assert_int_equal(acpi_hpet_parse(buf, 56, &base), 0);
	assert_int_equal(base, 0xfed00000ULL);
	assert_int_equal(acpi_hpet_parse(buf, 50, &base), -EINVAL);
}

static void test_dsdt_s5_found(void **state)
{
	static const uint8_t aml[] = { 0x08, '_',  'S',	 '5',  '_',  0x12, 0x06,
				       0x04, 0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };
	uint8_t a = 0, b = 0;

	(void)state;
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 40, aml, sizeof(aml));
	seal("DSDT", 40 + sizeof(aml));
	assert_int_equal(acpi_dsdt_find_s5(buf, 40 + sizeof(aml), &a, &b), 0);
	assert_int_equal(a, 5);
	assert_int_equal(b, 5);
	assert_int_equal(acpi_dsdt_find_s5(buf, 40, &a, &b), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_madt_lists_enabled_and_online_capable_cpus),
		cmocka_unit_test(test_madt_lapic_address_override),
		cmocka_unit_test(test_madt_zero_length_entry_rejected),
		cmocka_unit_test(test_madt_entry_overrunning_table_rejected),
		cmocka_unit_test(test_madt_short_lapic_record_rejected),
		cmocka_unit_test(test_table_bad_checksum_rejected),
		cmocka_unit_test(test_table_length_beyond_buffer_rejected),
		cmocka_unit_test(test_mcfg_windows_parsed),
		cmocka_unit_test(test_mcfg_partial_entry_rejected),
		cmocka_unit_test(test_rsdp_prefers_xsdt),
		cmocka_unit_test(test_xsdt_entries_need_whole_entries),
		cmocka_unit_test(test_fadt_pm_timer_and_width),
		cmocka_unit_test(test_fadt_acpi1_short_table),
		cmocka_unit_test(test_hpet_base),
		cmocka_unit_test(test_dsdt_s5_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
