# SPDX-License-Identifier: MIT
"""
boot_linux_aarch64 with vmplat entered at EL1 (virtualization=off): the
kernel must come up at EL1 ("CPU: All CPU(s) started at EL1"), everything
else as at EL2 (the flow and checks are boot_linux_aarch64.py's).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_linux_aarch64 as base  # noqa: E402

SCENARIO = dict(base.SCENARIO, name='boot_linux_aarch64_el1', machine='virt,gic-version=3',
                description='Debian arm64 Linux from a BLS ISO with vmplat at EL1: marker, '
                            'cmdline, payload sha256, 4 CPUs via PSCI')
# base.check() reads the machine from its module's SCENARIO: point it at ours.
base.SCENARIO = SCENARIO
prepare = base.prepare
check = base.check
