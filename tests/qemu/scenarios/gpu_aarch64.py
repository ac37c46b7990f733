# SPDX-License-Identifier: MIT
"""
GPU on aarch64 virt: bochs-display driven through its DISPI registers;
splash, `gpu pattern` and a mode change checked in QMP screendumps, gpu
self-tests. See _gpu_common.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _gpu_common as gpu  # noqa: E402

SCENARIO = dict(
    name='gpu_aarch64',
    arch='aarch64',
    cmdline='',
    timeout=45,
    extra_args=['-device', 'bochs-display,id=gpu0'],
    description='bochs-display: EDID, modes, test pattern and console in screendumps, gpu self-tests',
)


def interact(vm):
    return gpu.interact(vm)


def check(log, result):
    return gpu.check(SCENARIO['name'], log, result)
