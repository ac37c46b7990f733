// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the ACPI table parsers (arch/x86_64/acpi.c): the
 * input as an RSDP, as any checked table, as the entries of an XSDT and an
 * RSDT, and as MADT, FADT, MCFG, HPET and DSDT (the \_S5 search), each with
 * the input's length as the table length (the firmware passes the checked
 * header length, which is never more). Seeds: QEMU q35 shaped tables
 * (tests/fuzz/mkseeds.py) and SeaBIOS's acpi-dsdt.aml.
 *   build/fuzz/acpi -max_total_time=60 build/fuzz/corpus-acpi tests/fuzz/corpus/acpi
 */
#include <string.h>
#include "fuzz.h"
#include "acpi.h"

static struct acpi_madt_info madt;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_fadt_info fadt;
	struct ecam_window win[4];
	paddr_t ent[ACPI_MAX_TABLES], root, hpet;
	uint8_t a, b;
	bool is_xsdt;
	int n;

	if (!acpi_rsdp_parse(data, size, &root, &is_xsdt))
		FUZZ_CHECK(root != 0 || is_xsdt);
	if (!acpi_table_check(data, size, NULL))
		FUZZ_CHECK(le32_get(data + 4) <= size && le32_get(data + 4) >= ACPI_HDR_LEN);
	n = acpi_sdt_entries(data, size, true, ent, ACPI_MAX_TABLES);
	FUZZ_CHECK(n <= ACPI_MAX_TABLES);
	n = acpi_sdt_entries(data, size, false, ent, ACPI_MAX_TABLES);
	FUZZ_CHECK(n <= ACPI_MAX_TABLES);
	if (!acpi_madt_parse(data, size, &madt))
		FUZZ_CHECK(madt.ncpus <= ACPI_MADT_MAX_CPUS);
	acpi_fadt_parse(data, size, &fadt);
	n = acpi_mcfg_parse(data, size, win, 4);
	FUZZ_CHECK(n <= 4);
	for (int i = 0; i < n; i++)
		FUZZ_CHECK(win[i].bus_start <= win[i].bus_end);
	if (!acpi_hpet_parse(data, size, &hpet))
		FUZZ_CHECK(hpet != 0);
	acpi_dsdt_find_s5(data, size, &a, &b);
	return 0;
}
