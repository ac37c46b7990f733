// SPDX-License-Identifier: MIT
/* One cmocka group for the PCI module (the host.mk runner expects one plan). */
#include "pci_tests.h"

#define PCI_TEST_ENTRY(t) cmocka_unit_test(t),

int main(void)
{
	const struct CMUnitTest tests[] = { PCI_TEST_LIST(PCI_TEST_ENTRY) };

	return cmocka_run_group_tests_name("pci", tests, NULL, NULL);
}
