# SPDX-License-Identifier: MIT
"""
Storage on aarch64 (QEMU virt at EL2): the flow of storage_x86_64 (two
ISOs on virtio-blk and NVMe, listings and SHA-256 through iso/, raw
sectors, write/read-back on scratch disks checked in the image files,
read-only refusal, blk self-tests); no UEFI here.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import storage_x86_64 as common  # noqa: E402

SCENARIO = dict(
    name='storage_aarch64',
    arch='aarch64',
    cmdline='',
    timeout=90,
    description='virtio-blk + NVMe: ISO listing/SHA-256, raw sectors, write/read-back, read-only',
)


def prepare(ctx):
    common.prepare_common(ctx, SCENARIO['name'])


def interact(vm):
    return common.interact_common(vm, SCENARIO['name'])


def check(log, result):
    return common.check_common(SCENARIO['name'], SCENARIO['arch'], result)
