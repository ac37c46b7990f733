// SPDX-License-Identifier: MIT
/* The bls module's tests, one list so test_main.c runs one cmocka group. */
#ifndef BLS_TESTS_H
#define BLS_TESTS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define BLS_TEST_LIST(X)                           \
	X(test_all_keys)                           \
	X(test_elf_key_and_default_title)          \
	X(test_unknown_keys_ignored)               \
	X(test_malformed_lines_name_file_and_line) \
	X(test_field_limits)                       \
	X(test_options_overflow)                   \
	X(test_entry_id_and_arch)                  \
	X(test_status_names)                       \
	X(test_version_order_spec_examples)        \
	X(test_version_order_is_antisymmetric)     \
	X(test_entries_sorted_as_the_spec_says)    \
	X(test_default_index)                      \
	X(test_glob)                               \
	X(test_loader_conf)                        \
	X(test_loader_conf_bad_lines)              \
	X(test_seed_corpus_replays)

#define BLS_TEST_DECL(t) void t(void **state);
BLS_TEST_LIST(BLS_TEST_DECL)

extern unsigned bls_test_errors;

#endif
