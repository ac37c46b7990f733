# SPDX-License-Identifier: MIT
"""
The GICv2 machine without virtualization: vmplat entered at EL1 (EL1
virtual timer PPI 27 instead of the EL2 one) runs the self-tests given by
the `selftest` command-line word; the GICv2 is found as at EL2 and each CPU
has its own interface; the timer-rate window is measured.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from aarch64_gicv2 import NEEDED_TESTS, boot_checks  # noqa: E402
from vmrunner import Check  # noqa: E402

SCENARIO = dict(
    name='aarch64_gicv2_el1',
    arch='aarch64',
    machine='virt,gic-version=2,virtualization=off',
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    extra_args=['-device', 'bochs-display'],
    timeout=90,
    description='virt GICv2, entered at EL1 (-kernel): self-tests',
)


def check(log, res):
    names = {n for _ok, _num, n, _why in res.selftests}
    m = re.search(r'ok \d+ - timer_interrupt_rate \((\d+) ms\)', log)
    rate_ms = int(m.group(1)) if m else None
    return res.standard_checks() + boot_checks(log) + [
        Check('el1', 'aarch64: EL1' in log, 'not entered at EL1'),
        Check('selftest_count', len(res.selftests) >= 50 and all(n in names for n in NEEDED_TESTS),
              '%d self-tests, missing %s' % (len(res.selftests),
                                             [n for n in NEEDED_TESTS if n not in names])),
        Check('timer_rate_window', rate_ms is not None and 500 <= rate_ms <= 700,
              'timer_interrupt_rate took %s ms, want its 500 ms window' % rate_ms),
    ]
