// SPDX-License-Identifier: MIT
/*
 * NVMe PRP construction (NVMe 1.4, 4.3: first entry with an offset, later
 * entries page aligned, PRP2 a page or a list) and completion status
 * decoding (4.6.1.2: SCT/SC, phase and DNR bits outside the code).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>
#include "../../../drivers/block/nvme.h"

static uint8_t list[NVME_PAGE_SIZE];
#define LIST_PA 0x7000000ull

static uint16_t status(unsigned sct, unsigned sc, bool phase, bool dnr)
{
	return (uint16_t)(FIELD_PREP(NVME_STATUS_SCT, sct) | FIELD_PREP(NVME_STATUS_SC, sc) |
			  (phase ? NVME_STATUS_P : 0) | (dnr ? NVME_STATUS_DNR : 0));
}

static void test_prp_single_page(void **state)
{
	uint64_t p1, p2;

	(void)state;
	assert_int_equal(nvme_prp_build(0x10000, 4096, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(p1, 0x10000);
	assert_int_equal(p2, 0);
	/* with an offset, still inside the page */
	assert_int_equal(nvme_prp_build(0x10200, 3584, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(p1, 0x10200);
	assert_int_equal(p2, 0);
}

static void test_prp_two_pages_use_prp2_directly(void **state)
{
	uint64_t p1, p2;

	(void)state;
	assert_int_equal(nvme_prp_build(0x10000, 8192, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(p2, 0x11000);
	/* 512 bytes that cross a page boundary */
	assert_int_equal(nvme_prp_build(0x10f00, 512, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(p1, 0x10f00);
	assert_int_equal(p2, 0x11000);
}

static void test_prp_list_for_many_pages(void **state)
{
	uint64_t p1, p2;

	(void)state;
	memset(list, 0xee, sizeof(list));
	/* 256 KiB at an offset: 1 partial page + 64 more pages in the list */
	assert_int_equal(nvme_prp_build(0x20800, 256 * 1024, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(p1, 0x20800);
	assert_int_equal(p2, LIST_PA);
	for (unsigned i = 0; i < 64; i++)
		assert_int_equal(le64_get(list + 8 * i), 0x21000 + 0x1000ull * i);
	assert_int_equal(list[8 * 64], 0xee); /* nothing written past the last entry */
}

static void test_prp_list_limit_and_alignment(void **state)
{
	uint64_t p1, p2;

	(void)state;
	/* 1 + 512 pages fit one list page exactly; one more needs chaining */
	assert_int_equal(nvme_prp_build(0x100000, 513 * 4096, list, LIST_PA, &p1, &p2), 0);
	assert_int_equal(le64_get(list + 8 * 511), 0x100000 + 512 * 4096ull);
	assert_int_equal(nvme_prp_build(0x100000, 514 * 4096, list, LIST_PA, &p1, &p2), -E2BIG);
	assert_int_equal(nvme_prp_build(0x100002, 512, list, LIST_PA, &p1, &p2), -EINVAL);
	assert_int_equal(nvme_prp_build(0x100000, 0, list, LIST_PA, &p1, &p2), -EINVAL);
	assert_int_equal(nvme_prp_build(0x100000, 3 * 4096, list, LIST_PA + 8, &p1, &p2), -E2BIG);
}

static void test_status_success_ignores_phase(void **state)
{
	(void)state;
	assert_int_equal(nvme_status_errno(status(0, 0, true, false)), 0);
	assert_int_equal(nvme_status_errno(status(0, 0, false, false)), 0);
	assert_string_equal(nvme_status_str(status(0, 0, true, false)), "success");
}

static void test_status_codes_decoded(void **state)
{
	(void)state;
	assert_int_equal(nvme_status_errno(status(0, 0x80, true, true)), -ERANGE);
	assert_string_equal(nvme_status_str(status(0, 0x80, true, true)), "LBA out of range");
	assert_int_equal(nvme_status_errno(status(0, 0x01, false, false)), -EINVAL);
	assert_int_equal(nvme_status_errno(status(0, 0x0b, false, false)), -ENODEV);
	assert_int_equal(nvme_status_errno(status(1, 0x02, false, false)), -EINVAL);
	assert_string_equal(nvme_status_str(status(1, 0x01, false, false)),
			    "invalid queue identifier");
	assert_int_equal(nvme_status_errno(status(1, 0x82, false, false)), -EROFS);
	assert_int_equal(nvme_status_errno(status(2, 0x81, false, false)), -EIO);
	assert_string_equal(nvme_status_str(status(2, 0x81, false, false)),
			    "unrecovered read error");
	/* the same SC under another SCT is another error */
	assert_string_equal(nvme_status_str(status(2, 0x80, false, false)), "write fault");
}

static void test_status_unknown_codes_are_errors(void **state)
{
	(void)state;
	assert_int_equal(nvme_status_errno(status(0, 0x7f, false, false)), -EIO);
	assert_string_equal(nvme_status_str(status(0, 0x7f, false, false)), "generic status");
	assert_int_equal(nvme_status_errno(status(7, 0x10, false, false)), -EIO);
	assert_string_equal(nvme_status_str(status(7, 0x10, false, false)), "vendor specific");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prp_single_page),
		cmocka_unit_test(test_prp_two_pages_use_prp2_directly),
		cmocka_unit_test(test_prp_list_for_many_pages),
		cmocka_unit_test(test_prp_list_limit_and_alignment),
		cmocka_unit_test(test_status_success_ignores_phase),
		cmocka_unit_test(test_status_codes_decoded),
		cmocka_unit_test(test_status_unknown_codes_are_errors),
	};
	return cmocka_run_group_tests_name("nvme", tests, NULL, NULL);
}
