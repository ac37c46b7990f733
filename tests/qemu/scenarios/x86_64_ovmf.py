# SPDX-License-Identifier: MIT
# x86_64 UEFI application booted by OVMF from a FAT ESP on q35: all self-tests.
SCENARIO = dict(
    name='x86_64_ovmf',
    arch='x86_64',
    machine='q35',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    timeout=120,
    description='OVMF -> BOOTX64.EFI on q35, 4 CPUs, 512 MiB: self-tests',
)
