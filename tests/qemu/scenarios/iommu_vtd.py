# SPDX-License-Identifier: MIT
"""
VT-d DMA isolation with real DMA on q35 + intel-iommu: two edu devices, one
behind a pcie-pci-bridge (its DMA carries the bridge's requester id,
secondary bus 00.0) and one behind a pcie-root-port. The firmware's iommu
self-tests move them into domains and check memory contents after each DMA
(drivers/iommu/st_iommu_*.c). Here the log is checked too: every fault line
names a requester id the self-tests announced, with reason 0x5 (write) or
0x6 (read), and at least the five blocked DMAs the tests provoke appear.
iommu_vtd_cm.py runs the same with caching-mode=on, iommu_vtd_noqi.py with
vtd=noqi,noirq (register-based invalidation, polled faults). Here QEMU offers
ECAP.QI, so invalidations go through the queue and faults arrive by the
fault event interrupt (self-tests iommu_vtd_inv_queue, iommu_vtd_fault_irq).
"""
import re

SCENARIO = dict(
    name='iommu_vtd',
    arch='x86_64',
    machine='q35,kernel-irqchip=split',
    cmdline='selftest=iommu',
    timeout=90,
    description='VT-d: edu DMA through the IOMMU, faults, two domains, read-only, unmap',
)

IOMMU_OPTS = 'intremap=on'
FAULT_RE = re.compile(r'iommu fault (\S+) dev 0000:([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) '
                      r'iova 0x([0-9a-f]+) (read|write) reason 0x([0-9a-f]+) \(([^)]*)\)')
RID_RE = re.compile(r'iommu selftest: edu (\S+) \(requester id ([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])\)')
MIN_FAULTS = 5  # unmapped write + read, read-only write, after unmap, A -> B


def devices(iommu_opts):
    # edu's default DMA mask is 28 bits: widen it so any RAM address is a valid IOVA.
    edu = 'edu,dma_mask=0xffffffffff'
    return ['-device', 'intel-iommu,' + iommu_opts,
            '-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
            '-device', 'pcie-pci-bridge,id=br1,bus=rp1',
            '-device', edu + ',bus=br1,addr=3',
            '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
            '-device', edu + ',bus=rp2']


def prepare(ctx):
    ctx.extra_args += devices(IOMMU_OPTS)


def check_log(log, result, vm_check, queued=True):
    out = result.standard_checks()
    text = log.replace('\r', '')
    rids = {m.group(2, 3, 4) for m in RID_RE.finditer(text)}
    faults = list(FAULT_RE.finditer(text))
    out.append(vm_check('edus', len({m.group(1) for m in RID_RE.finditer(text)}) == 2,
                        'self-tests used %d edu devices, want 2' % len(rids)))
    out.append(vm_check('rid_alias', any(r[1:] == ('00', '0') for r in rids),
                        'no edu DMA aliased to the bridge (secondary bus 00.0): %s' % rids))
    out.append(vm_check('fault_lines', len(faults) >= MIN_FAULTS,
                        '%d fault lines, want >= %d' % (len(faults), MIN_FAULTS)))
    bad = [m.group(0) for m in faults
           if m.group(2, 3, 4) not in rids
           or (m.group(6), m.group(7)) not in (('write', '5'), ('read', '6'))]
    out.append(vm_check('fault_fields', not bad, 'unexpected faults: %s' % bad[:3]))
    out.append(vm_check('report', 'iommu unit dmar0 (vtd)' in text, 'no iommu unit in the report'))
    inv = 'invalidations queued' if queued else 'invalidations register-based'
    ev = 'fault events: interrupt vector' if queued else 'fault events: polled'
    out.append(vm_check('inv_path', inv in text and ev in text,
                        'report does not say "%s" and "%s"' % (inv, ev)))
    return out


def check(log, result):
    from vmrunner import Check
    return check_log(log, result, Check)
