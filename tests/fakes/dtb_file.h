// SPDX-License-Identifier: MIT
/*
 * Device trees compiled by dtc at build time (a module's sources.mk rule
 * writes build/<dir>/<name>.dtb), found next to the running test binary:
 * <bin>/../../<dir>/<name>.dtb.
 */
#ifndef TESTS_DTB_FILE_H
#define TESTS_DTB_FILE_H

#include <stddef.h>

/* The whole file in a malloc'd buffer (len may be NULL); fails the test when it is missing. */
void *test_dtb_load(const char *dir, const char *name, size_t *len);

#endif
