# SPDX-License-Identifier: MIT
# arm64 Image given to QEMU virt with -kernel; virtualization=on starts it at EL2.
SCENARIO = dict(
    name='aarch64_el2',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    # A display, so the GPU self-tests have their hardware (x86 q35 has VGA built in).
    extra_args=['-device', 'bochs-display'],
    timeout=90,
    description='virt GICv3, entered at EL2 (-kernel): self-tests',
)
