# SPDX-License-Identifier: MIT
# The same Image without virtualization: entered at EL1, PSCI through hvc.
SCENARIO = dict(
    name='aarch64_el1',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=off',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    timeout=90,
    description='virt GICv3, entered at EL1 (-kernel): self-tests',
)
