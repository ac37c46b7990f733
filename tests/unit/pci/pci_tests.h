// SPDX-License-Identifier: MIT
/* Every PCI host test, listed once for the single cmocka group in test_main.c. */
#ifndef PCI_TESTS_H
#define PCI_TESTS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "pci_env.h"

#define PCI_TEST_LIST(X)                                         \
	X(test_addr_parse_and_format)                            \
	X(test_addr_parse_rejects_malformed)                     \
	X(test_class_codes_map_to_types)                         \
	X(test_ecam_ops_address_functions_by_bus_devfn)          \
	X(test_empty_segment_costs_one_read_per_device)          \
	X(test_absent_probes_are_counted)                        \
	X(test_single_function_read_count)                       \
	X(test_topology_bus_numbers_and_tree)                    \
	X(test_multifunction_scans_functions_1_to_7)             \
	X(test_ari_follows_next_function_chain)                  \
	X(test_lookups_by_address_class_and_id)                  \
	X(test_bar_sizing_all_kinds)                             \
	X(test_bar_sizing_restores_registers_and_decode)         \
	X(test_assignment_largest_first_naturally_aligned)       \
	X(test_bridge_windows_contain_children)                  \
	X(test_pref64_behind_bridge_goes_above_4g)               \
	X(test_io_bar_behind_bridge_gets_io_window)              \
	X(test_keep_fw_keeps_valid_and_assigns_missing)          \
	X(test_keep_fw_keeps_bus_numbers_and_numbers_unset)      \
	X(test_no_room_is_reported_and_decode_stays_off)         \
	X(test_keep_fw_keeps_bridge_windows_and_fills_them)      \
	X(test_caps_standard_and_extended_found)                 \
	X(test_bar_all_ones_is_ignored)                          \
	X(test_bar_type_bits_that_change_are_ignored)            \
	X(test_cap_loop_is_rejected)                             \
	X(test_cap_pointer_into_header_is_rejected)              \
	X(test_ext_cap_loop_is_rejected)                         \
	X(test_ext_cap_pointer_into_header_is_rejected)          \
	X(test_all_ones_mid_cap_walk_is_rejected)                \
	X(test_device_vanishing_mid_probe_is_skipped)            \
	X(test_bridge_claiming_bus_0_is_rejected)                \
	X(test_bridges_with_overlapping_ranges_are_rejected)     \
	X(test_bridge_with_stuck_bus_numbers_is_not_scanned)     \
	X(test_bridge_self_loop_terminates)                      \
	X(test_sriov_probe_sizes_vf_bars)                        \
	X(test_sriov_state_returns_to_pool)                      \
	X(test_sriov_enable_adds_vfs_and_disable_removes)        \
	X(test_sriov_enable_refuses_bad_requests)                \
	X(test_msi_programming_reads_back)                       \
	X(test_msi_readonly_address_is_reported)                 \
	X(test_msix_table_programming)                           \
	X(test_assign_refuses_other_owner)                       \
	X(test_multifunction_without_acs_moves_as_group)         \
	X(test_multifunction_with_acs_moves_alone)               \
	X(test_bus_master_only_while_owned)                      \
	X(test_release_does_flr_and_restores_bars)               \
	X(test_release_uses_secondary_bus_reset_for_sole_device) \
	X(test_reset_wait_times_out)                             \
	X(test_report_format)                                    \
	X(test_report_tree)

#define PCI_TEST_DECL(t) void t(void **state);
PCI_TEST_LIST(PCI_TEST_DECL)

/* A QEMU-like topology on the fake (see topo.c). */
struct topo {
	int host, rp1, edu, rp2, up, dn0, dn1, blk, mf0, mf1, disp, nvme, iodev;
};
void topo_build(struct fake_ecam *fe, struct topo *t);
/* Scan (and assign) on env_host(fe, flags); asserts success. */
struct pci_host *topo_scan(struct fake_ecam *fe, unsigned flags, bool assign);
struct pci_dev *dev_at(unsigned bus, unsigned dev, unsigned fn);

#endif
