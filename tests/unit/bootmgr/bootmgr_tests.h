/* SPDX-License-Identifier: MIT */
#ifndef BOOTMGR_TESTS_H
#define BOOTMGR_TESTS_H

void test_scan_statuses(void **state);
void test_scan_lookup(void **state);
void test_scan_conf(void **state);
void test_check_again(void **state);
void test_load_progress(void **state);
void test_load_small_no_bar(void **state);
void test_load_larger_than_free(void **state);
void test_load_missing_and_dir(void **state);
void test_load_initrds_concat(void **state);
void test_boot_entry_loads(void **state);
void test_boot_refuses_not_ready(void **state);
void test_boot_huge_initrd_marked_bad(void **state);
void test_menu_timeout_boots_default(void **state);
void test_menu_key_stops_countdown(void **state);
void test_menu_timeout_zero(void **state);
void test_menu_arrows(void **state);
void test_menu_digit_not_ready(void **state);
void test_menu_edit(void **state);
void test_menu_edit_cancel(void **state);
void test_boot_cmdline_entry(void **state);
void test_boot_cmdline_unknown(void **state);
void test_source_lines(void **state);
void test_source_refusals(void **state);
void test_runfile_cmdline(void **state);
void test_esp_collect_entry_files(void **state);
void test_esp_limits(void **state);
void test_esp_conf_count_limit(void **state);
void test_esp_other_arch_not_read(void **state);
void test_esp_errors(void **state);
void test_esp_merged_with_iso(void **state);

#endif
