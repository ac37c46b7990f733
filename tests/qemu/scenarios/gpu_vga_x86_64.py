# SPDX-License-Identifier: MIT
"""
GPU on x86_64 q35 (OVMF): the standard VGA (-device VGA: DISPI in its MMIO BAR, ROM) driven through its DISPI registers;
splash, `gpu pattern` and a mode change checked in QMP screendumps, gpu
self-tests. See _gpu_common.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _gpu_common as gpu  # noqa: E402

SCENARIO = dict(
    name='gpu_vga_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=45,
    extra_args=['-vga', 'none', '-device', 'VGA,id=gpu0'],
    description='std VGA: EDID, modes, test pattern and console in screendumps, gpu self-tests',
)


def interact(vm):
    return gpu.interact(vm)


def check(log, result):
    return gpu.check(SCENARIO['name'], log, result)
