// SPDX-License-Identifier: MIT
/* The zero-page tests (test_zeropage.c), run by main() in test_bzimage.c. */
#ifndef TESTS_BZIMAGE_H
#define TESTS_BZIMAGE_H

#include <stddef.h>

extern const struct CMUnitTest zeropage_tests[];
extern const size_t zeropage_ntests;

#endif
