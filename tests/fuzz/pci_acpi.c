// SPDX-License-Identifier: MIT
/*
 * libFuzzer harness for the host bridge resource template parser
 * (drivers/pci/acpi_windows.c; ACPI 6.5, 6.4): the input as what UEFI's
 * Configuration() and as what _CRS returns. A parsed window is non-empty and
 * neither its CPU nor its bus address range wraps; the bus range is in order.
 * Seeds: OVMF's recorded q35 and i440fx descriptors (tests/unit/pci_acpi).
 *   build/fuzz/pci_acpi -max_total_time=60 build/fuzz/corpus-pci_acpi tests/fuzz/corpus/pci_acpi
 */
#include <vmplat/pci.h>
#include "fuzz.h"

static void check(const uint8_t *data, size_t size, enum pci_acpi_tra tra)
{
	struct pci_acpi_res r;

	if (pci_acpi_parse_windows(data, size, tra, &r)) {
		FUZZ_CHECK(r.bad_off <= size);
		return;
	}
	FUZZ_CHECK(r.nwin <= PLAT_MAX_PCI_WINDOWS);
	FUZZ_CHECK(!r.has_bus || r.bus_start <= r.bus_end);
	for (unsigned i = 0; i < r.nwin; i++) {
		const struct pci_window *w = &r.win[i];

		FUZZ_CHECK(w->size != 0);
		FUZZ_CHECK(w->cpu_base + (w->size - 1) >= w->cpu_base);
		FUZZ_CHECK(w->pci_base + (w->size - 1) >= w->pci_base);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check(data, size, PCI_ACPI_TRA_UEFI);
	check(data, size, PCI_ACPI_TRA_ACPI);
	return 0;
}
