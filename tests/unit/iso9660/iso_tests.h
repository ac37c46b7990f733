// SPDX-License-Identifier: MIT
/* The iso9660 host tests, listed once for test_main.c. */
#ifndef ISO_TESTS_H
#define ISO_TESTS_H

#define ISO_TESTS(X)                                     \
	X(test_genisoimage_broken_symlink_is_refused)    \
	X(test_rrj_rockridge_matches_oracle_and_host)    \
	X(test_rrj_joliet_matches_oracle)                \
	X(test_joliet_only_matches_oracle)               \
	X(test_plain_matches_oracle)                     \
	X(test_boot_image_tree_matches_oracle_and_host)  \
	X(test_genisoimage_images_match_oracle)          \
	X(test_relocated_directories_match_host)         \
	X(test_volume_info)                              \
	X(test_lookup_names_and_links)                   \
	X(test_repeated_lookups_hit_the_cache)           \
	X(test_el_torito_catalog_and_images)             \
	X(test_multi_extent_file_above_4g)               \
	X(test_good_corpus_image_reads)                  \
	X(test_directory_loop_is_rejected)               \
	X(test_record_length_zero_first_is_rejected)     \
	X(test_record_length_too_short_is_rejected)      \
	X(test_record_overflowing_directory_is_rejected) \
	X(test_name_length_overflow_is_rejected)         \
	X(test_extent_past_end_is_rejected)              \
	X(test_ce_loop_is_rejected)                      \
	X(test_ce_outside_block_is_rejected)             \
	X(test_sl_loop_is_rejected)                      \
	X(test_bad_catalog_checksum_is_rejected)         \
	X(test_truncated_images_are_rejected)            \
	X(test_missing_terminator_is_rejected)           \
	X(test_bad_both_endian_and_block_size)           \
	X(test_interleaved_file_is_refused)              \
	X(test_multi_extent_without_final_is_rejected)   \
	X(test_not_iso_is_rejected)                      \
	X(test_fuzz_regressions)

#define ISO_TEST_DECL(t) void t(void **state);
ISO_TESTS(ISO_TEST_DECL)

#endif
