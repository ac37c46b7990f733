# SPDX-License-Identifier: MIT
"""
Boot menu on aarch64 (QEMU virt at EL2): the flow of boot_menu_x86_64 (BLS
entries on an xorriso ISO over virtio-blk, statuses, arrows, digits,
refusals, `e` editing); the demo payload drives the PL011 itself and ends
with PSCI SYSTEM_OFF (QEMU exit code 0, no vmplat exit line).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_menu_x86_64 as common  # noqa: E402

SCENARIO = dict(
    name='boot_menu_aarch64',
    arch='aarch64',
    cmdline='',
    timeout=60,
    description='BLS entries on an ISO: serial menu, statuses, e-edit, ELF demo payload boots',
)


def prepare(ctx):
    common.prepare_common(ctx)


def interact(vm):
    return common.interact_common(vm)


def check(log, result):
    return common.check_common(log, result, 'aarch64')
