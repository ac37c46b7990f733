# SPDX-License-Identifier: MIT
# The same Image without virtualization: entered at EL1, PSCI through hvc.
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aarch64_el2 import crypto_checks  # noqa: E402

SCENARIO = dict(
    name='aarch64_el1',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=off',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    # A display, so the GPU self-tests have their hardware (x86 q35 has VGA built in).
    extra_args=['-device', 'bochs-display'],
    timeout=90,
    description='virt GICv3, entered at EL1 (-kernel): self-tests',
)


def check(log, res):
    return crypto_checks(log, res, 'ce', 'arm')
