// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "bootmgr_tests.h"

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_statuses),
		cmocka_unit_test(test_scan_lookup),
		cmocka_unit_test(test_scan_conf),
		cmocka_unit_test(test_check_again),
		cmocka_unit_test(test_load_progress),
		cmocka_unit_test(test_load_small_no_bar),
		cmocka_unit_test(test_load_larger_than_free),
		cmocka_unit_test(test_load_missing_and_dir),
		cmocka_unit_test(test_load_initrds_concat),
		cmocka_unit_test(test_boot_entry_loads),
		cmocka_unit_test(test_boot_refuses_not_ready),
		cmocka_unit_test(test_boot_huge_initrd_marked_bad),
		cmocka_unit_test(test_menu_timeout_boots_default),
		cmocka_unit_test(test_menu_key_stops_countdown),
		cmocka_unit_test(test_menu_timeout_zero),
		cmocka_unit_test(test_menu_arrows),
		cmocka_unit_test(test_menu_digit_not_ready),
		cmocka_unit_test(test_menu_edit),
		cmocka_unit_test(test_menu_edit_cancel),
		cmocka_unit_test(test_boot_cmdline_entry),
		cmocka_unit_test(test_boot_cmdline_unknown),
		cmocka_unit_test(test_source_lines),
		cmocka_unit_test(test_source_refusals),
		cmocka_unit_test(test_runfile_cmdline),
		cmocka_unit_test(test_esp_collect_entry_files),
		cmocka_unit_test(test_esp_limits),
		cmocka_unit_test(test_esp_conf_count_limit),
		cmocka_unit_test(test_esp_other_arch_not_read),
		cmocka_unit_test(test_esp_errors),
		cmocka_unit_test(test_esp_merged_with_iso),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
