# SPDX-License-Identifier: MIT
"""
Hot removal with the SMMU on (virt,iommu=smmuv3): an edu present at boot in
hot-plug slot rp1 is in an IOMMU group (the boot report computes every
group). device_del must take it out of its group as well as out of the PCI
list: `iommu` afterwards lists no group member at its address (a group that
kept the freed pci_dev would print a stale or garbage address), and QEMU
completes the removal. Flow helpers from hotplug_aarch64.py.
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hotplug_aarch64 as hp  # noqa: E402
import vmrunner  # noqa: E402
from vmrunner import Check  # noqa: E402

SCENARIO = dict(
    name='hotplug_iommu_aarch64',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cmdline='',
    timeout=90,
    description='hot removal drops the function from its IOMMU group (SMMUv3)',
)

GROUP = re.compile(r'^\s*group \d+ \((\S+), anchor (\S+)\):(.*)$', re.M)


def prepare(ctx):
    ctx.extra_args += hp.root_ports() + [
        '-device', 'edu,id=e1,bus=rp1,dma_mask=0xffffffffff']


BDF = re.compile(r'^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$')


def members(text):
    """Every word of a group line's member list that is not the "-> <domain>" tail."""
    out = []
    for m in GROUP.finditer(text):
        out += m.group(3).split('->')[0].split()
    return out


def interact(vm):
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    data = {'before': hp.sh(vm, 'iommu'), 'edu': hp.qemu_devs(vm).get('e1', ('?',))[0]}
    vm.qmp.device_del('e1')
    deadline = time.monotonic() + min(20, vm.time_left())
    while 'e1' in hp.qemu_devs(vm):
        if time.monotonic() > deadline:
            raise RuntimeError('QEMU did not complete device_del')
        time.sleep(0.2)
    time.sleep(0.5)
    data['after'] = hp.sh(vm, 'iommu')
    data['pci'] = hp.sh(vm, 'pci list')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return data


def check(log, result):
    d = result.data or {}
    edu = d.get('edu', '?')
    before, after = members(d.get('before', '')), members(d.get('after', ''))
    return [
        Check('edu_grouped_at_boot', edu in before, 'edu %s not in groups %s' % (edu, before)),
        Check('edu_not_in_groups', edu not in after, 'edu %s still in %s' % (edu, after)),
        Check('groups_well_formed', all(BDF.match(a) for a in after), 'odd members %s' % after),
        Check('edu_not_in_pci', edu not in d.get('pci', ''), 'pci list still has %s' % edu),
        Check('poweroff', result.status == 0, 'status %s' % result.status),
    ]
