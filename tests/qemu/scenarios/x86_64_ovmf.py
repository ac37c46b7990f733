# SPDX-License-Identifier: MIT
# x86_64 UEFI application booted by OVMF from a FAT ESP on q35: all self-tests.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aarch64_el2 import crypto_checks  # noqa: E402

SCENARIO = dict(
    name='x86_64_ovmf',
    arch='x86_64',
    machine='q35',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    # SSE4.2 for the CRC32 instruction (qemu64 lacks it); QEMU 7.2 TCG has no SHA-NI.
    extra_args=['-cpu', 'qemu64,+sse4.2'],
    timeout=120,
    description='OVMF -> BOOTX64.EFI on q35, 4 CPUs, 512 MiB: self-tests',
)


def check(log, res):
    return crypto_checks(log, res, 'c', 'sse4.2')
