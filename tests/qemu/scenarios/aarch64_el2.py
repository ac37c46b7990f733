# SPDX-License-Identifier: MIT
# arm64 Image given to QEMU virt with -kernel; virtualization=on starts it at EL2.
SCENARIO = dict(
    name='aarch64_el2',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    timeout=90,
    description='virt GICv3, entered at EL2 (-kernel): self-tests',
)
