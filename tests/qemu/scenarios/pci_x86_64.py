# SPDX-License-Identifier: MIT
"""
PCI on x86_64: root port + edu, a switch (x3130-upstream + xio3130-downstream)
with virtio-blk behind it, bochs-display, and an SR-IOV nvme (sriov_max_vfs=2).
The firmware's report must match QEMU's info pci (addresses, ids, class, BARs);
VFs appear and vanish; pci self-tests pass. See _pci_common.py.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _pci_common as pci  # noqa: E402

SCENARIO = dict(
    name='pci_x86_64',
    arch='x86_64',
    cmdline='',
    timeout=60,
    description='PCI enumeration/assignment vs info pci, SR-IOV VFs, pci self-tests',
)


def prepare(ctx):
    ctx.extra_args += pci.devices(SCENARIO['arch'], os.path.abspath(ctx.workdir))


def interact(vm):
    pci.interact(vm)


def check(log, result):
    return pci.check(SCENARIO['name'], SCENARIO['arch'], log, result)
