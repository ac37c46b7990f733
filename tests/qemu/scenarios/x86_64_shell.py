# SPDX-License-Identifier: MIT
"""
The console shell `make run` ends in, driven over the serial port: without
"selftest" the image prints its report and a prompt; "cpus" must list every
CPU online, "poweroff" must end the VM with status 0.
"""
import re

import vmrunner
from vmrunner import Check

SCENARIO = dict(
    name='x86_64_shell',
    arch='x86_64',
    machine='q35',
    cmdline='',
    timeout=90,
    description='console shell over serial: cpus, poweroff',
)

def interact(vm):
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    cpus = vmrunner.shell_command(vm, 'cpus')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return {'cpus': cpus}


def check(log, result):
    cpus = result.data.get('cpus') or ''
    online = len(re.findall(r'^\s*cpu\d+\s.*\bonline\b', cpus, re.M))
    return [
        Check('prompt', vmrunner.SHELL_PROMPT.strip() in log, 'no shell prompt'),
        Check('cpus_online', online == 4, '%d of 4 CPUs listed online: %r' % (online, cpus[-300:])),
        Check('poweroff', result.status == 0,
              'status %s after poweroff (QEMU exit %s)' % (result.status, result.exit_code)),
    ]
