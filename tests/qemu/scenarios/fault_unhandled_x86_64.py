# SPDX-License-Identifier: MIT
# An unhandled fault on purpose on x86_64: report, backtrace, status 2 (_fault_common.py).
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _fault_common import make_check  # noqa: E402

SCENARIO = dict(
    name='fault_unhandled_x86_64',
    arch='x86_64',
    machine='q35',
    cmdline='run="crash read"',
    timeout=90,
    description='unhandled fault: registers, address, backtrace, power-off with status 2',
)

check = make_check('x86_64')
