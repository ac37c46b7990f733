# SPDX-License-Identifier: MIT
"""
Without virtualization vmplat runs at EL1: `vm start test` must refuse with
a clear message, create no VM (`vm stats` says so) and leave the shell usable.
"""
import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='hv_el1_refuses',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=off',
    cpu='cortex-a72',
    cmdline='',
    timeout=60,
    description='EL1: vm start refuses, shell responsive',
)


def interact(vm):
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    start = vmrunner.shell_command(vm, 'vm start test')
    stats = vmrunner.shell_command(vm, 'vm stats')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {'start': start or '', 'stats': stats or ''}


def check(log, result):
    d = result.data
    return [
        Check('refused', 'the hypervisor needs EL2' in d['start'], repr(d['start'][-200:])),
        Check('no_vm', 'no VM' in d['stats'], repr(d['stats'][-200:])),
        Check('no_guest_output', '[vm test]' not in log, 'guest output at EL1'),
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
