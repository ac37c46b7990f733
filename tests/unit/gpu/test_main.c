// SPDX-License-Identifier: MIT
/* One cmocka group for the GPU module (the host.mk runner expects one plan). */
#include "gpu_tests.h"

#define GPU_TEST_ENTRY(t) cmocka_unit_test(t),

int main(void)
{
	const struct CMUnitTest tests[] = { GPU_TEST_LIST(GPU_TEST_ENTRY) };

	return cmocka_run_group_tests_name("gpu", tests, NULL, NULL);
}
