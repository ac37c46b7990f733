// SPDX-License-Identifier: MIT
/* Shared by the hv unit tests: a VM built in host memory, each file's test list. */
#ifndef HV_TEST_H
#define HV_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "hv_host_vm.h"

#define TEST_LIST(name)                                \
	extern const struct CMUnitTest name##_tests[]; \
	extern const size_t name##_ntests
TEST_LIST(trap);
TEST_LIST(psci);
TEST_LIST(vgic);
TEST_LIST(guest_fdt);
TEST_LIST(misc);
TEST_LIST(vpl011);

#endif
