// SPDX-License-Identifier: MIT
/* One cmocka group for the bls module (the host.mk runner expects one plan). */
#include "bls_tests.h"

#define BLS_TEST_ENTRY(t) cmocka_unit_test(t),

int main(void)
{
	const struct CMUnitTest tests[] = { BLS_TEST_LIST(BLS_TEST_ENTRY) };

	return cmocka_run_group_tests_name("bls", tests, NULL, NULL);
}
