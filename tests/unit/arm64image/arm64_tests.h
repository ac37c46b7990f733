// SPDX-License-Identifier: MIT
/* Tests of tests/unit/arm64image/ defined outside test_image.c. */
#ifndef ARM64_TESTS_H
#define ARM64_TESTS_H

void test_fdt_chosen_set(void **state);
void test_fdt_chosen_created_and_stale_removed(void **state);
void test_fdt_bad_blob_refused(void **state);
void test_fdt_backwards_property_length_refused(void **state);
void test_fdt_old_version_refused(void **state);
void test_fdt_too_small_buffer(void **state);

#endif
