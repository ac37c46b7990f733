// SPDX-License-Identifier: MIT
/* Tests of test_vtd_qi.c, listed in test_pt_vtd.c's main (one group, one plan). */
#ifndef TESTS_UNIT_VTD_TESTS_H
#define TESTS_UNIT_VTD_TESTS_H

void test_cc_global(void **state);
void test_cc_domain_and_device(void **state);
void test_iotlb_global_and_domain(void **state);
void test_iotlb_page(void **state);
void test_wait_status_write(void **state);
void test_put_little_endian(void **state);
void test_queue_geometry(void **state);

#define VTD_QI_TESTS                                                                               \
	cmocka_unit_test(test_cc_global), cmocka_unit_test(test_cc_domain_and_device),             \
		cmocka_unit_test(test_iotlb_global_and_domain), cmocka_unit_test(test_iotlb_page), \
		cmocka_unit_test(test_wait_status_write),                                          \
		cmocka_unit_test(test_put_little_endian), cmocka_unit_test(test_queue_geometry),

#endif
