// SPDX-License-Identifier: MIT
/* Every GPU host test, listed once for the single cmocka group in test_main.c. */
#ifndef GPU_TESTS_H
#define GPU_TESTS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#define GPU_TEST_LIST(X)                                  \
	X(test_rom_two_images_x86_and_efi)                \
	X(test_rom_without_signature_is_refused)          \
	X(test_rom_pcir_pointer_outside_is_refused)       \
	X(test_rom_pcir_signature_and_length_checked)     \
	X(test_rom_other_vendor_or_device_is_refused)     \
	X(test_rom_device_list_of_pcir_rev3_matches)      \
	X(test_rom_image_length_zero_or_past_end_refused) \
	X(test_rom_chain_without_last_indicator_refused)  \
	X(test_rom_chain_is_bounded)                      \
	X(test_quirk_table_vendor_class_then_device)      \
	X(test_nvidia_gpu_and_audio_planned_together)     \
	X(test_nvidia_gpu_with_flr_uses_flr)              \
	X(test_nvidia_no_sbr_part_without_flr_is_refused) \
	X(test_amd_reset_bug_refuses_assignment)          \
	X(test_release_honours_reset_quirks)              \
	X(test_amd_gpu_without_flr_gets_bus_reset)        \
	X(test_gpu_sharing_a_bus_has_no_reset)            \
	X(test_assign_moves_gpu_and_audio_together)       \
	X(test_assign_busy_companion_moves_nothing)       \
	X(test_psf1_with_unicode_table)                   \
	X(test_psf2_glyph_rows_and_map)                   \
	X(test_psf_malformed_is_refused)                  \
	X(test_glyph_rendering_exact_pixels_32bpp)        \
	X(test_glyph_rendering_scaled_and_16bpp)          \
	X(test_fb_clipping_and_scroll)                    \
	X(test_fbcon_text_newline_scroll_and_escapes)     \
	X(test_gop_bgrx_is_the_xrgb8888_layout)           \
	X(test_gop_rgbx_puts_red_in_byte_0)               \
	X(test_gop_bitmask_10bit_channels_decoded)        \
	X(test_gop_bitmask_known_layouts)                 \
	X(test_gop_bitmask_bad_masks_refused)             \
	X(test_gop_blt_only_and_bad_format)               \
	X(test_gop_geometry_checked)                      \
	X(test_gop_screen_info_for_linux)                 \
	X(test_fb_masked_channels_checked)

#define GPU_TEST_DECL(t) void t(void **state);
GPU_TEST_LIST(GPU_TEST_DECL)

#endif
