# SPDX-License-Identifier: MIT
"""
SMMUv3 DMA isolation with real DMA on virt,iommu=smmuv3 (QEMU 7.2: stage 1
only): an edu behind a pcie-pci-bridge (its DMA carries the bridge's
requester id, so StreamID secondary-bus 00.0) and one behind a root port.
The firmware's smmu self-tests (drivers/smmu/st_smmu*.c) check STE/CD
memory, canary pages, read-only and unmapped pages after each DMA, ASID
isolation at one IOVA and command-queue error recovery. Here the log is
checked too: every fault line names a requester id of an edu the
self-tests used, with reason 0x10 (F_TRANSLATION) or 0x13 (F_PERMISSION),
and the unit is in the boot report with a 2-level stream table.
iommu_smmu_common.py runs the IOMMU core's edu self-tests on the same set.

Faults come by interrupt (IRQ_CTRL 0x5: EVENTQ_IRQEN | GERROR_IRQEN, edge
SPIs from the DTB): the self-tests do not poll after a blocked DMA and fail
unless the domain's handler got the record from the eventq interrupt and
the interrupt counter moved. Here every interrupt-reported record must match
a fault line (StreamID -> requester id through the identity iommu-map,
IOVA, reason), come from INTID 106 (SPI 74, QEMU virt's "eventq"), and the
illegal command must have raised the gerror interrupt (INTID 109).
iommu_smmu_noirq.py runs the same self-tests with `smmu=noirq` (polled).
"""
import re

SCENARIO = dict(
    name='iommu_smmu',
    arch='aarch64',
    machine='virt,gic-version=3,virtualization=on,iommu=smmuv3',
    cmdline='selftest=smmu',
    timeout=60,
    description='SMMUv3: STE/CD, edu DMA faults with StreamIDs, read-only, unmap TLBI, ASIDs',
)

FAULT_RE = re.compile(r'iommu fault (\S+) dev 0000:([0-9a-f]{2}):([0-9a-f]{2})\.([0-7]) '
                      r'iova 0x([0-9a-f]+) (read|write) reason 0x([0-9a-f]+) \(([^)]*)\)')
MIN_FAULTS = 4  # unmapped write, read-only write, after unmap, B at A's IOVA
IRQ_RE = re.compile(r'smmu selftest: smmu0 fault sid 0x([0-9a-f]+) iova 0x([0-9a-f]+) '
                    r'reason 0x([0-9a-f]+) reported by the eventq interrupt \(INTID (\d+)\), '
                    r'(\d+) taken')
EVTQ_INTID, GERR_INTID = 106, 109  # QEMU virt: SMMU SPIs 74 (eventq) and 77 (gerror)


def devices():
    # edu's default DMA mask is 28 bits: widen it so any RAM address is a valid IOVA.
    edu = 'edu,dma_mask=0xffffffffff'
    return ['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
            '-device', 'pcie-pci-bridge,id=br1,bus=rp1',
            '-device', edu + ',bus=br1,addr=3',
            '-device', 'pcie-root-port,id=rp2,chassis=2,slot=2',
            '-device', edu + ',bus=rp2']


def prepare(ctx):
    ctx.extra_args += devices()


def check(log, result):
    return base_checks(log, result) + irq_checks(log)


def irq_checks(log):
    """Faults reported by the wired interrupts, each matching a fault line."""
    import vmrunner
    text = log.replace('\r', '')
    lines = {(int(m.group(2), 16) << 8 | int(m.group(3), 16) << 3 | int(m.group(4)),
              int(m.group(5), 16), m.group(7)) for m in FAULT_RE.finditer(text)}
    irqs = list(IRQ_RE.finditer(text))
    unmatched = [m.group(0) for m in irqs
                 if (int(m.group(1), 16), int(m.group(2), 16), m.group(3)) not in lines]
    return [
        vmrunner.Check('faults_by_interrupt', len(irqs) >= MIN_FAULTS,
                       '%d faults reported by the eventq interrupt, want >= %d'
                       % (len(irqs), MIN_FAULTS)),
        vmrunner.Check('irq_record_matches_fault_line', not unmatched,
                       'no fault line with that StreamID/IOVA/reason: %s' % unmatched[:2]),
        vmrunner.Check('irq_eventq_intid', all(int(m.group(4)) == EVTQ_INTID
                                               and int(m.group(5)) >= 1 for m in irqs),
                       'eventq interrupt not INTID %d or not counted' % EVTQ_INTID),
        vmrunner.Check('irq_ctrl_enabled', 'faults wired edge: eventq, gerror (IRQ_CTRL 0x5)'
                       in text, 'boot line does not show IRQ_CTRL 0x5'),
        vmrunner.Check('gerror_interrupt', re.search(
            r'CMDQ_ERR signalled by the gerror interrupt \(INTID %d\), [1-9]\d* taken'
            % GERR_INTID, text) is not None, 'no gerror interrupt for the illegal command'),
    ]


def base_checks(log, result):
    import vmrunner
    out = result.standard_checks()
    text = log.replace('\r', '')
    faults = list(FAULT_RE.finditer(text))
    out.append(vmrunner.Check('fault_lines', len(faults) >= MIN_FAULTS,
                              '%d fault lines, want >= %d' % (len(faults), MIN_FAULTS)))
    bad = [m.group(0) for m in faults
           if m.group(1) != 'smmu0' or m.group(7) not in ('10', '13')]
    out.append(vmrunner.Check('fault_fields', not bad, 'unexpected faults: %s' % bad[:3]))
    # The bridge's edu DMAs with the bridge's id (PCIe-to-PCI: secondary bus, 00.0).
    aliased = [m for m in faults if (m.group(3), m.group(4)) == ('00', '0')]
    out.append(vmrunner.Check('bridge_alias_streamid', bool(aliased),
                              'no fault from a bridge-aliased StreamID'))
    out.append(vmrunner.Check('report', 'smmu0: SMMUv3 at 0x9050000, stage-1, 2-level' in text,
                              'no smmu0 line in the report'))
    return out
