# SPDX-License-Identifier: MIT
"""
Snapshots refuse VMs with assigned PCI functions (docs/snapshot.md: a
device that can DMA into guest RAM bypasses stage-2 dirty tracking and
keeps its own state). The counting snapshot guest is started with an edu
assigned (`vm assign`, virt,iommu=smmuv3): `vm save` is refused with -EPERM
and the message, nothing is added to the store, and the guest keeps
counting; without the device the same guest saves.
"""
import re

import vmrunner
from vmrunner import Check
import snap_save_restore as sr

SCENARIO = dict(
    name='snap_refuse_passthrough',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cpu='cortex-a72',
    cmdline='',
    timeout=60,
    description='snapshots: a VM with an assigned DMA-capable device is refused',
)


def prepare(ctx):
    sr.prepare_disk(ctx)
    ctx.extra_args += ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
                       '-device', 'edu,dma_mask=0xffffffffff,bus=rp1']


def interact(vm):
    d = {}
    if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
        raise RuntimeError('no shell prompt')
    text = vm.serial.text().replace('\r', '')
    edu = re.search(r'^pci (0000:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]) 1234:11e8 ', text, re.M)
    if not edu:
        raise RuntimeError('no edu in the boot report')
    sr.cmd(vm, 'vm snapstore format %s' % sr.blkdev(vm))
    d['assign'] = sr.cmd(vm, 'vm assign %s' % edu.group(1))
    d['start'] = sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    d['save'] = sr.cmd(vm, 'vm save with-edu')
    d['counts'] = sr.wait_counts(vm, 2)
    d['list'] = sr.cmd(vm, 'vm snapshots')
    sr.cmd(vm, 'vm stop')
    sr.cmd(vm, 'vm start snap')
    sr.wait_counts(vm, 1)
    d['save2'] = sr.cmd(vm, 'vm save without-edu')
    vm.serial.write('poweroff\r', char_delay=0.001)
    return d


def check(log, result):
    d = result.data
    save = d.get('save') or ''
    counts = d.get('counts') or []
    return [
        Check('assigned', 'assigned' in (d.get('start') or '') or 'assigned' in log,
              repr((d.get('start') or '')[-200:])),
        Check('refused', 'not snapshot-safe' in save and 'save failed' in save
              and '(-1)' in save, repr(save[-300:])),
        Check('nothing_stored', re.search(r'^0 snapshot\(s\)', d.get('list') or '', re.M)
              is not None, repr(d.get('list'))),
        Check('guest_kept_running', len(counts) == 2 and counts[0] < counts[1], repr(counts)),
        Check('saves_without_device', sr.saved(d.get('save2')) is not None,
              repr((d.get('save2') or '')[-200:])),
    ]
